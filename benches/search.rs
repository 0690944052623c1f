//! Query latency: natural-language questions against 100,000 articles.
//!
//! `cargo bench --bench search` runs the 240 questions of
//! `../shared/data/klue-hard.queries.jsonl`, unmodified, against an index of
//! `../shared/data/kowiki-100k.jsonl.zst`, one thread, top 10 with passages and
//! highlights, and prints p50/p95/p99 latency (after one warm-up pass). The
//! index is built on first use into `target/kosearch-bench/kowiki-100k` and
//! reused (delete it to rebuild). It is merged into one segment, as
//! `kosearch optimize` does and as an index that is searched much more than
//! it changes should be (a 100,000-article index left as `kosearch index`
//! makes it has about six segments, and searches take about 15% longer).
//! Without `../shared` it uses `corpus/` and questions of its own. `KOSEARCH_BENCH_PASSAGE_RANKING=N` re-orders the
//! best N hits by passage (default: the library's default, 30; 0 is off);
//! `KOSEARCH_BENCH_NO_PASSAGES=1` turns passages off;
//! `KOSEARCH_BENCH_REPEAT=N` runs every question N times after the warm-up
//! and takes its median run (default 1). The searcher remembers what its
//! searches read (passage analyses, document frequencies), so after the
//! warm-up pass the figures are those of questions asked again, as a server
//! gets them; `KOSEARCH_BENCH_COLD=1` gives every pass a new searcher, whose
//! caches start empty as in one `kosearch eval` (the operating system's page
//! cache and tantivy's stay warm). `KOSEARCH_BENCH_EVICT_MIB=N` writes N MiB
//! of other memory before each question, untimed, as another program's work
//! between questions would (a model's, another engine's): 64 empties a
//! 32 MiB last-level cache, so that each question finds the processor's
//! caches cold, as the Python benchmark's questions do, asked in turn with
//! Kiwi's (`docs/bench/search.md`, "Cold caches").
//!
//! Under `cargo test` (no `--bench` argument) it runs the questions once on
//! an index of `corpus/`, as a smoke test.

use std::path::Path;
use std::time::{Duration, Instant};

use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::dictionary::KoreanDictionary;
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::{SearchOptions, Searcher};

mod common;
use common::{percentile_ms, queries_of, shared};

fn questions() -> Vec<String> {
    match shared("klue-hard.queries.jsonl") {
        Some(path) => queries_of(&path),
        None => [
            "세종시와 서울시가 맺은 협약은?",
            "고향사랑기부 인증 챌린지에 참여한 사람은 누구인가?",
            "청원 게시판에 올라온 교육 관련 요청은?",
        ]
        .map(String::from)
        .to_vec(),
    }
}

/// Memory written between questions to push the searcher's code and data
/// out of the processor's caches (`KOSEARCH_BENCH_EVICT_MIB`).
struct Evictor {
    lines: Vec<u64>,
    round: u64,
}

impl Evictor {
    /// Words per cache line of 64 bytes: one write each is enough.
    const STRIDE: usize = 8;

    fn new(mib: usize) -> Self {
        Evictor {
            lines: vec![0; mib << 17],
            round: 0,
        }
    }

    /// Writes once to every cache line of the memory (nothing when it has
    /// none).
    fn evict(&mut self) {
        self.round += 1;
        for word in self.lines.iter_mut().step_by(Self::STRIDE) {
            *word = word.wrapping_add(self.round);
        }
        std::hint::black_box(&self.lines);
    }
}

/// Opens the benchmark index, building it first when needed (also when it
/// was built with other settings than the defaults), merged into one
/// segment.
fn index(dictionary: &KoreanDictionary, input: &Path, dir: &Path) -> Index {
    let index = open_or_build(dictionary, input, dir);
    index.force_merge().expect("merge the benchmark index");
    index
}

fn open_or_build(dictionary: &KoreanDictionary, input: &Path, dir: &Path) -> Index {
    if Index::exists(dir) {
        if let Ok(index) = Index::open_or_create(dir, dictionary, &IndexConfig::default()) {
            return index;
        }
        std::fs::remove_dir_all(dir).expect("remove a stale benchmark index");
    }
    eprintln!("building the benchmark index in {} ...", dir.display());
    let started = Instant::now();
    let index = Index::create_with(dir, dictionary, &IndexConfig::default()).expect("index");
    let mut writer = index
        .writer(&WriterOptions {
            commit_every_docs: 50_000,
            ..WriterOptions::default()
        })
        .expect("writer");
    for article in Corpus::new(&[input.to_path_buf()], ReadOptions::default())
        .expect("corpus")
        .flatten()
    {
        writer.upsert(&article).expect("upsert");
    }
    writer.finish().expect("commit");
    eprintln!("built in {:.0} s", started.elapsed().as_secs_f64());
    index
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let dictionary = common::dictionary();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kosearch-bench");
    let (input, dir) = match shared("kowiki-100k.jsonl.zst") {
        Some(wiki) if bench => (wiki, target.join("kowiki-100k")),
        _ => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            target.join("corpus"),
        ),
    };
    let index = index(&dictionary, &input, &dir);
    let mut searcher = Searcher::new(&index).expect("searcher");
    let cold = std::env::var_os("KOSEARCH_BENCH_COLD").is_some();
    let questions = questions();
    let mut options = SearchOptions::default();
    if std::env::var_os("KOSEARCH_BENCH_NO_PASSAGES").is_some() {
        options.passages.max_passages = 0;
    }
    if let Some(depth) = std::env::var("KOSEARCH_BENCH_PASSAGE_RANKING")
        .ok()
        .and_then(|depth| depth.parse().ok())
    {
        options.passage_ranking = depth;
    }
    let repeats = std::env::var("KOSEARCH_BENCH_REPEAT")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let mut other_work = Evictor::new(
        std::env::var("KOSEARCH_BENCH_EVICT_MIB")
            .ok()
            .and_then(|mib| mib.parse::<usize>().ok())
            .unwrap_or(0),
    );
    let passes = if bench { 1 + repeats } else { 1 };
    let mut runs: Vec<Vec<Duration>> = vec![Vec::new(); questions.len()];
    let mut hits = 0;
    // The first pass warms the caches; the others are measured.
    for pass in 0..passes {
        if cold {
            searcher = Searcher::new(&index).expect("searcher");
        }
        for (question, runs) in questions.iter().zip(&mut runs) {
            other_work.evict();
            let started = Instant::now();
            let results = searcher.search(question, &options).expect("search");
            if pass > 0 || passes == 1 {
                runs.push(started.elapsed());
            }
            hits += results.hits.len();
        }
    }
    // Each question's median run: one slow run on a shared machine does not
    // move a percentile.
    let mut latencies: Vec<Duration> = runs
        .iter_mut()
        .map(|runs| {
            runs.sort();
            runs[runs.len() / 2]
        })
        .collect();
    latencies.sort();
    if !other_work.lines.is_empty() {
        println!(
            "{} MiB of other memory written before each question",
            other_work.lines.len() >> 17
        );
    }
    println!(
        "{} questions on {} documents, top 10 with passages, 1 thread: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} hits)",
        questions.len(),
        searcher.documents(),
        percentile_ms(&latencies, 50.0),
        percentile_ms(&latencies, 95.0),
        percentile_ms(&latencies, 99.0),
        percentile_ms(&latencies, 100.0),
        hits / passes,
    );
}
