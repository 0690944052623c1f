//! Suggestions: whether what a user types on the way to a word finds it,
//! how fast, and what the dictionary costs.
//!
//! `cargo bench --bench suggest` works on `../shared/data/kowiki-100k.jsonl.zst`
//! (the first `KOSEARCH_BENCH_DOCS` articles, all by default; `corpus/`
//! without `../shared`) and prints:
//!
//! * **overhead**: `kosearch index` of the input with and without
//!   suggestions (`--no-suggestions`), interleaved, `KOSEARCH_BENCH_ROUNDS`
//!   rounds (2): seconds and index size of each, and their ratios;
//! * **typing**: for `KOSEARCH_BENCH_TARGETS` titles and as many proper
//!   nouns (of those titles) sampled evenly from the input, every state of
//!   the search box keystroke by keystroke as an input method shows it
//!   (닭 → ㄷ, 다, 달, 닭, 닭ㄱ, 닭고, …), the initial consonants one by one
//!   (ㄷ, ㄷㄱ, ㄷㄱㄱ) and the same keys typed in English mode (e, ek,
//!   ekf, …): hit@1 and hit@5 by keystrokes typed, and the mean keystrokes
//!   until the target is the first suggestion;
//! * **false conversions**: clean Korean queries (the targets, whole) and
//!   clean English ones (the Latin words of the titles, and common English
//!   words) whose first suggestion, or any of the first five, is a
//!   conversion or an initial-consonant reading rather than the text as
//!   typed;
//! * **latency** of every keystroke above, one thread: p50, p99, max.
//!
//! Under `cargo test` (no `--bench` argument) it runs on `corpus/` with a
//! few targets and one round, as a smoke test.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::index::Index;
use kosearch::jamo::compose::compose;
use kosearch::jamo::keystrokes::{choseong, keystrokes};
use kosearch::jamo::layout::letter_of;
use kosearch::suggest::{MatchKind, SuggestOptions, Suggester};

mod common;
use common::{dir_size, env_number, percentile_ms};

/// Common English words, as a user types them in English mode.
const ENGLISH: [&str; 40] = [
    "the", "news", "search", "google", "apple", "data", "music", "world", "game", "movie", "love",
    "time", "people", "water", "school", "money", "phone", "city", "park", "home", "korea",
    "seoul", "china", "japan", "america", "bank", "star", "king", "queen", "football", "baseball",
    "internet", "computer", "science", "history", "art", "war", "book", "film", "life",
];

/// The input cut to its first `limit` documents, as JSON Lines in `dir`
/// (the input itself when it is all of it).
fn sample(input: &Path, limit: usize, dir: &Path) -> PathBuf {
    if limit == usize::MAX || input.is_dir() {
        return input.to_path_buf();
    }
    let path = dir.join("sample.jsonl");
    let mut out = String::new();
    let corpus = Corpus::new(&[input.to_path_buf()], ReadOptions::default()).expect("input");
    for article in corpus.filter_map(Result::ok).take(limit) {
        out.push_str(&serde_json::to_string(&article).expect("JSON"));
        out.push('\n');
    }
    std::fs::write(&path, out).expect("sample written");
    path
}

/// `kosearch index INPUT --index DIR [--no-suggestions]`: seconds.
fn index_once(input: &Path, dir: &Path, suggestions: bool) -> f64 {
    let _ = std::fs::remove_dir_all(dir);
    let mut command = Command::new(env!("CARGO_BIN_EXE_kosearch"));
    command.arg("index").arg(input).arg("--index").arg(dir);
    if !suggestions {
        command.arg("--no-suggestions");
    }
    let started = Instant::now();
    let output = command.output().expect("kosearch index");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed().as_secs_f64()
}

/// One way of typing: the name and, for a target, what the box holds after
/// each keystroke.
type Typing = (&'static str, fn(&str) -> Vec<String>);

fn composed_states(target: &str) -> Vec<String> {
    let keys: Vec<char> = keystrokes(target).chars().collect();
    (1..=keys.len())
        .map(|n| compose(&keys[..n].iter().collect::<String>()))
        .collect()
}

fn choseong_states(target: &str) -> Vec<String> {
    let initials: Vec<char> = choseong(target).chars().collect();
    (1..=initials.len())
        .map(|n| initials[..n].iter().collect())
        .collect()
}

fn english_states(target: &str) -> Vec<String> {
    let letters: Vec<char> = keystrokes(target)
        .chars()
        .map(|key| letter_of(key).unwrap_or(key))
        .collect();
    (1..=letters.len())
        .map(|n| letters[..n].iter().collect())
        .collect()
}

const TYPINGS: [Typing; 3] = [
    ("as composed", composed_states),
    ("choseong", choseong_states),
    ("English mode", english_states),
];

/// Hits by keystrokes typed, and keystrokes until first.
#[derive(Default)]
struct Tally {
    /// keystrokes → (queries, hit@1, hit@5)
    by_keys: BTreeMap<usize, (usize, usize, usize)>,
    targets: usize,
    first_at: Vec<usize>,
    never_first: usize,
}

impl Tally {
    fn print(&self, name: &str) {
        let mean = self.first_at.iter().sum::<usize>() as f64 / self.first_at.len().max(1) as f64;
        let mean_len = self.targets.max(1);
        println!(
            "  {name}: {} targets; first suggestion after {mean:.2} keystrokes on average \
             ({} of {mean_len} reach first place, {} never do)",
            self.targets,
            self.first_at.len(),
            self.never_first
        );
        let mut line = String::from("    keystrokes  hit@1  hit@5 |");
        for (&keys, &(queries, at1, at5)) in &self.by_keys {
            if keys > 12 {
                break;
            }
            let pct = |hits: usize| 100.0 * hits as f64 / queries.max(1) as f64;
            line.push_str(&format!(
                "\n    {keys:>10}  {:>4.0}%  {:>4.0}%   ({queries} queries)",
                pct(at1),
                pct(at5)
            ));
        }
        println!("{line}");
    }
}

fn main() {
    let smoke = !std::env::args().any(|arg| arg == "--bench");
    let input = common::wiki_or_corpus(smoke);
    let limit = env_number("KOSEARCH_BENCH_DOCS", if smoke { 300 } else { usize::MAX });
    let rounds = env_number("KOSEARCH_BENCH_ROUNDS", if smoke { 1 } else { 2 });
    let targets_wanted = env_number("KOSEARCH_BENCH_TARGETS", if smoke { 20 } else { 500 });
    let work = tempfile::tempdir().expect("temporary directory");
    let input = sample(&input, limit, work.path());
    println!("input: {}", input.display());

    // Overhead: with and without suggestions, interleaved.
    let (with_dir, without_dir) = (work.path().join("with"), work.path().join("without"));
    let mut times = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        let without = index_once(&input, &without_dir, false);
        let with = index_once(&input, &with_dir, true);
        println!("round {round}: indexing {without:.1} s without suggestions, {with:.1} s with");
        times.0.push(without);
        times.1.push(with);
    }
    let (without, with) = (
        times.0.iter().sum::<f64>() / rounds as f64,
        times.1.iter().sum::<f64>() / rounds as f64,
    );
    let (size_without, size_with) = (dir_size(&without_dir), dir_size(&with_dir));
    println!(
        "overhead: indexing time x{:.3} ({with:.1} s against {without:.1} s, mean of {rounds}); \
         index size x{:.3} ({:.1} MiB against {:.1} MiB)",
        with / without,
        size_with as f64 / size_without as f64,
        size_with as f64 / 1048576.0,
        size_without as f64 / 1048576.0
    );

    let dictionary = common::dictionary();
    let index = Index::open_with(&with_dir, &dictionary).expect("index");
    let suggester = Suggester::new(&index).expect("suggester");
    let started = Instant::now();
    let stats = suggester.stats().expect("dictionary");
    println!(
        "dictionary: {} entries, {:.1} MiB in memory, read in {:.2} s",
        stats.entries,
        stats.heap_bytes as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    );

    // Targets: titles sampled evenly, and the proper nouns of the titles.
    let articles: Vec<_> = Corpus::new(std::slice::from_ref(&input), ReadOptions::default())
        .expect("input")
        .filter_map(Result::ok)
        .collect();
    let step = (articles.len() / targets_wanted.max(1)).max(1);
    let analyzer = index.analyzer();
    let mut titles = Vec::new();
    let mut nouns = Vec::new();
    let mut latin = Vec::new();
    let mut seen = HashSet::new();
    for article in articles.iter().step_by(step).take(targets_wanted) {
        let title = article
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if title.is_empty() || title.chars().count() > 100 {
            continue;
        }
        for term in analyzer.analyze(&title) {
            let written = &title[term.start..term.end];
            if term.pos == "NNP" && seen.insert(written.to_string()) {
                nouns.push(written.to_string());
            }
            if term.pos == "SL" && written.len() > 1 && seen.insert(written.to_string()) {
                latin.push(written.to_string());
            }
        }
        titles.push(title);
    }
    nouns.truncate(targets_wanted);

    let options = SuggestOptions { limit: 5 };
    let mut latencies = Vec::new();
    let mut timed = |typed: &str| {
        let started = Instant::now();
        let found = suggester.suggest(typed, &options).expect("suggestions");
        latencies.push(started.elapsed());
        found
    };
    for (kind, targets) in [("titles", &titles), ("proper nouns", &nouns)] {
        println!("typing {kind}:");
        for (name, states) in TYPINGS {
            let mut tally = Tally::default();
            for target in targets.iter() {
                let hangul = target.chars().any(|c| ('가'..='힣').contains(&c));
                if name != "as composed" && !hangul {
                    continue;
                }
                tally.targets += 1;
                let mut first = None;
                for (at, typed) in states(target).iter().enumerate() {
                    let found = timed(typed);
                    let rank = found
                        .suggestions
                        .iter()
                        .position(|s| s.text.to_lowercase() == target.to_lowercase());
                    let slot = tally.by_keys.entry(at + 1).or_default();
                    slot.0 += 1;
                    slot.1 += usize::from(rank == Some(0));
                    slot.2 += usize::from(rank.is_some());
                    if rank == Some(0) && first.is_none() {
                        first = Some(at + 1);
                    }
                }
                match first {
                    Some(keys) => tally.first_at.push(keys),
                    None => tally.never_first += 1,
                }
            }
            tally.print(name);
        }
    }

    // False conversions: clean queries read as something else.
    let english: Vec<String> = latin
        .iter()
        .cloned()
        .chain(ENGLISH.iter().map(|word| word.to_string()))
        .collect();
    let korean: Vec<String> = titles
        .iter()
        .chain(&nouns)
        .filter(|text| text.chars().any(|c| ('가'..='힣').contains(&c)))
        .cloned()
        .collect();
    for (kind, queries) in [("Korean", &korean), ("English", &english)] {
        let (mut first, mut any) = (0, 0);
        for query in queries.iter() {
            let found = timed(query);
            let converted = |s: &kosearch::suggest::Suggestion| s.matched != MatchKind::Prefix;
            first += usize::from(found.suggestions.first().is_some_and(converted));
            any += usize::from(found.suggestions.iter().any(converted));
        }
        let pct = |n: usize| 100.0 * n as f64 / queries.len().max(1) as f64;
        println!(
            "false conversions, clean {kind} queries ({}): first suggestion converted {:.2}%, \
             any of the first five {:.2}%",
            queries.len(),
            pct(first),
            pct(any)
        );
    }

    latencies.sort();
    let max = latencies.last().copied().unwrap_or(Duration::ZERO);
    println!(
        "latency per keystroke, one thread, {} queries: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        latencies.len(),
        percentile_ms(&latencies, 50.0),
        percentile_ms(&latencies, 99.0),
        max.as_secs_f64() * 1000.0
    );
}
