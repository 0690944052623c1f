//! Query correction: whether a query with a slip finds what the clean
//! query finds, whether clean queries are left alone, and what correction
//! adds to a clean query's time.
//!
//! `cargo bench --bench correct` indexes `../shared/data/kowiki-100k.jsonl.zst`
//! (the first `KOSEARCH_BENCH_DOCS` articles, all by default; `corpus/`
//! without `../shared`), or searches the index in `KOSEARCH_BENCH_INDEX`
//! when set, and prints:
//!
//! * **slips**: for `KOSEARCH_BENCH_TARGETS` titles sampled evenly (300),
//!   the title as a query with one slip in its longest Hangul word, of
//!   each kind: typed in English mode (세종시 → tpwhdtl), its initial
//!   consonants (ㅅㅈㅅ), a vowel people confuse (ㅐ/ㅔ, ㅒ/ㅖ, ㅚ/ㅙ/ㅞ) and
//!   a neighbouring key (one jamo; ㅏ → ㅑ); for each, how often the top
//!   hit is the clean query's, with correction and without, and how often
//!   the query was corrected; and the time of these queries with
//!   correction;
//! * **false corrections**: the clean titles and the KLUE questions
//!   (`klue-hard.queries.jsonl`), each searched with correction and
//!   without: how many were corrected, and how many of those that found
//!   something as typed got other results (ids of the first page);
//! * **latency** of those clean queries, one thread, with and without
//!   correction, interleaved query by query (the order alternating): p50
//!   and p99 of each, and of the time correction added to each query.
//!
//! Under `cargo test` (no `--bench` argument) it runs on `corpus/` with a
//! few targets, as a smoke test.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::correct::CONFUSED_VOWELS;
use kosearch::index::Index;
use kosearch::jamo::keystrokes::choseong;
use kosearch::jamo::layout::{adjacent_keys, jamo_of, letter_of, to_english, DUBEOLSIK};
use kosearch::jamo::syllable::{is_consonant, is_vowel, Syllable};
use kosearch::search::{SearchOptions, SearchResults, Searcher};

mod common;
use common::{env_number, percentile_ms};

/// The longest word of `title` made of two or more Hangul syllables.
fn slipped_word(title: &str) -> Option<&str> {
    title
        .split_whitespace()
        .filter(|word| word.chars().count() >= 2 && word.chars().all(|c| Syllable::of(c).is_some()))
        .max_by_key(|word| word.chars().count())
}

/// A deterministic pick among `count` choices for `seed`.
fn pick(seed: &str, count: usize) -> usize {
    let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
    });
    (hash % count as u64) as usize
}

/// `word` with one syllable's vowel replaced by one people confuse it with.
fn confused_vowel(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut options = Vec::new();
    for (at, &c) in chars.iter().enumerate() {
        let syllable = Syllable::of(c)?;
        for set in CONFUSED_VOWELS {
            if set.contains(&syllable.medial) {
                for &other in set.iter().filter(|&&v| v != syllable.medial) {
                    let changed = Syllable {
                        medial: other,
                        ..syllable
                    };
                    options.push((at, changed.compose()?));
                }
            }
        }
    }
    replace_one(word, &chars, options)
}

/// `word` with one syllable's initial consonant or vowel typed with a
/// neighbouring key (that types the same kind of jamo).
fn neighbouring_key(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut options = Vec::new();
    for (at, &c) in chars.iter().enumerate() {
        let syllable = Syllable::of(c)?;
        for (jamo, is_initial) in [(syllable.initial, true), (syllable.medial, false)] {
            let Some(letter) = letter_of(jamo) else {
                continue;
            };
            for key in DUBEOLSIK
                .iter()
                .filter(|key| adjacent_keys(key.letter, letter))
            {
                let Some(other) = jamo_of(key.letter) else {
                    continue;
                };
                let same_kind = if is_initial {
                    is_consonant(other)
                } else {
                    is_vowel(other)
                };
                let changed = if is_initial {
                    Syllable {
                        initial: other,
                        ..syllable
                    }
                } else {
                    Syllable {
                        medial: other,
                        ..syllable
                    }
                };
                if let (true, Some(changed)) = (same_kind, changed.compose()) {
                    options.push((at, changed));
                }
            }
        }
    }
    replace_one(word, &chars, options)
}

/// `word` with one of `options` (a syllable's place and its replacement),
/// picked by the word.
fn replace_one(word: &str, chars: &[char], options: Vec<(usize, char)>) -> Option<String> {
    if options.is_empty() {
        return None;
    }
    let (at, replacement) = options[pick(word, options.len())];
    let mut changed = chars.to_vec();
    changed[at] = replacement;
    Some(changed.into_iter().collect())
}

/// One kind of slip: its name and what it makes of a word.
type Slip = (&'static str, fn(&str) -> Option<String>);

const SLIPS: [Slip; 4] = [
    ("English mode", |word| Some(to_english(word))),
    ("initial consonants", |word| Some(choseong(word))),
    ("confused vowel", confused_vowel),
    ("neighbouring key", neighbouring_key),
];

fn search(searcher: &Searcher, query: &str, correct: bool) -> SearchResults {
    let options = SearchOptions {
        correct,
        ..SearchOptions::default()
    };
    searcher.search(query, &options).expect("search")
}

fn top(results: &SearchResults) -> Option<&str> {
    results.hits.first().map(|hit| hit.id.as_str())
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.id.as_str()).collect()
}

fn main() {
    let smoke = !std::env::args().any(|arg| arg == "--bench");
    let input = common::wiki_or_corpus(smoke);
    let limit = env_number("KOSEARCH_BENCH_DOCS", if smoke { 300 } else { usize::MAX });
    let targets_wanted = env_number("KOSEARCH_BENCH_TARGETS", if smoke { 20 } else { 300 });
    let work = tempfile::tempdir().expect("temporary directory");
    let index_dir = match std::env::var_os("KOSEARCH_BENCH_INDEX") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let dir = work.path().join("index");
            let started = Instant::now();
            let output = Command::new(env!("CARGO_BIN_EXE_kosearch"))
                .arg("index")
                .arg(&input)
                .arg("--index")
                .arg(&dir)
                .output()
                .expect("kosearch index");
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            println!(
                "indexed {} in {:.1} s",
                input.display(),
                started.elapsed().as_secs_f64()
            );
            dir
        }
    };
    let dictionary = common::dictionary();
    let index = Index::open_with(&index_dir, &dictionary).expect("index");
    let searcher = Searcher::new(&index).expect("searcher");
    println!(
        "index: {} ({} documents)",
        index_dir.display(),
        searcher.documents()
    );

    // Targets: titles sampled evenly from the input.
    let articles: Vec<_> = Corpus::new(std::slice::from_ref(&input), ReadOptions::default())
        .expect("input")
        .filter_map(Result::ok)
        .take(limit)
        .collect();
    let step = (articles.len() / targets_wanted.max(1)).max(1);
    let titles: Vec<String> = articles
        .iter()
        .step_by(step)
        .take(targets_wanted)
        .map(|article| {
            article
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|title| !title.is_empty() && title.chars().count() <= 100)
        .collect();

    println!("slips, one a query, in the titles' longest Hangul word:");
    let mut slipped_times = Vec::new();
    println!("  kind                 queries  top hit as clean (corrected / as typed)  corrected");
    for (kind, slip) in SLIPS {
        let (mut queries, mut same, mut same_typed, mut corrected) = (0, 0, 0, 0);
        for title in &titles {
            let Some(word) = slipped_word(title) else {
                continue;
            };
            let Some(slipped) = slip(word) else {
                continue;
            };
            let clean = search(&searcher, title, false);
            let Some(clean_top) = top(&clean) else {
                continue;
            };
            let query = title.replacen(word, &slipped, 1);
            let started = Instant::now();
            let with = search(&searcher, &query, true);
            slipped_times.push(started.elapsed());
            let without = search(&searcher, &query, false);
            queries += 1;
            same += usize::from(top(&with) == Some(clean_top));
            same_typed += usize::from(top(&without) == Some(clean_top));
            corrected += usize::from(with.corrected_query.is_some());
        }
        let pct = |n: usize| 100.0 * n as f64 / queries.max(1) as f64;
        println!(
            "  {kind:<20} {queries:>7}  {:>6.1}% / {:>5.1}%                         {:>6.1}%",
            pct(same),
            pct(same_typed),
            pct(corrected)
        );
    }

    slipped_times.sort();
    println!(
        "latency of the slipped queries ({}) with correction, one thread: p50 {:.3} ms, p99 {:.3} ms",
        slipped_times.len(),
        percentile_ms(&slipped_times, 50.0),
        percentile_ms(&slipped_times, 99.0)
    );

    // Clean queries: the titles and the KLUE questions.
    let klue = common::shared("klue-hard.queries.jsonl")
        .filter(|_| !smoke)
        .map(|path| common::queries_of(&path))
        .unwrap_or_default();
    let mut latencies = (Vec::new(), Vec::new(), Vec::new());
    for (kind, queries) in [("titles", &titles), ("KLUE questions", &klue)] {
        let (mut corrected, mut found, mut changed) = (0, 0, 0);
        for (at, query) in queries.iter().enumerate() {
            // Warm: the first search of a query reads its postings from disk.
            search(&searcher, query, false);
            let timed = |correct: bool| {
                let started = Instant::now();
                let results = search(&searcher, query, correct);
                (results, started.elapsed())
            };
            let ((with, with_time), (without, without_time)) = if at % 2 == 0 {
                let without = timed(false);
                (timed(true), without)
            } else {
                let with = timed(true);
                (with, timed(false))
            };
            latencies.0.push(without_time);
            latencies.1.push(with_time);
            latencies.2.push(with_time.saturating_sub(without_time));
            corrected += usize::from(with.corrected_query.is_some());
            if without.total > 0 {
                found += 1;
                changed += usize::from(ids(&with) != ids(&without));
            }
        }
        println!(
            "false corrections, clean {kind} ({}): corrected {corrected}; \
             of the {found} that found something as typed, {changed} got other results",
            queries.len()
        );
    }
    let (mut without, mut with, mut added) = latencies;
    for times in [&mut without, &mut with, &mut added] {
        times.sort();
    }
    let line = |times: &[Duration]| {
        format!(
            "p50 {:.3} ms, p99 {:.3} ms",
            percentile_ms(times, 50.0),
            percentile_ms(times, 99.0)
        )
    };
    println!(
        "latency of the clean queries ({}), one thread: without correction {}; with {}; \
         added per query {}",
        without.len(),
        line(&without),
        line(&with),
        line(&added)
    );
}
