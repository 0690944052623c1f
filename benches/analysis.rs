//! Analyzer throughput next to raw lindera segmentation on the same text.
//!
//! `cargo bench --bench analysis` reports MB/s for:
//! * `lindera_segment`: lindera's Viterbi segmentation alone (system
//!   dictionary, tokens only), the floor any analyzer pays;
//! * `tokenizer_without_user_dictionary`: the analyzer as tantivy runs it at
//!   index time (normalization with offset map, segmentation, part-of-speech
//!   filter, stems, decompounding) on the same segmenter set-up as
//!   `lindera_segment`, so the difference is the cost of the filters;
//! * `tokenizer`: the same with the built-in user dictionary (the default);
//! * `analyze`: [`Analyzer::analyze`], which also copies every term into an
//!   owned [`kosearch::analysis::Term`].
//!
//! The text is the first 2 MB of Korean Wikipedia articles from
//! `../shared/data/kowiki-100k.jsonl.zst` when that file exists, otherwise the
//! shipped sample corpus. These run without the analysis cache: on the same
//! 2 MB again and again, it would find every word.
//!
//! Before them, `cache_on_vs_off` measures the analysis cache as indexing
//! meets it: the tokenizer streams `CACHE_TEXT_BYTES` of *distinct*
//! articles once with the cache off, then once with a cold cache (default
//! budget, and 8 MiB), alternating, twice; it prints MB/s of the thread's
//! CPU time (so that other work on the machine matters less), the ratio to
//! the cache off in the same round, and the share of characters found;
//! then the same text once more into the cache the default run filled, so
//! that nearly every word is found (the ceiling of any hit rate). Run
//! `cargo bench --bench analysis -- cache_on_vs_off` for it alone (under
//! `cargo test`, it streams 256 KiB once, as a smoke test). Needs the
//! dictionary (`kosearch dict install`).

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

use criterion::{criterion_group, Criterion, Throughput};
use kosearch::analysis::{self, Analyzer, AnalyzerConfig};
use kosearch::dictionary::{self, KoreanDictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{TokenStream, Tokenizer};

// The allocator of the `kosearch` binary: the analysis cache allocates an
// entry per word it remembers, and glibc's allocator made it look slower
// than indexing finds it.
mod common;

const TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The distinct text the cache is measured on.
const CACHE_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Real Korean text, split into documents as an indexer would see them.
fn documents() -> Vec<String> {
    documents_of(TEXT_BYTES)
}

/// The first `limit` bytes of article bodies.
fn documents_of(limit: usize) -> Vec<String> {
    let wiki = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/kowiki-100k.jsonl.zst");
    let mut documents = Vec::new();
    let mut total = 0;
    if let Ok(file) = std::fs::File::open(&wiki) {
        let reader = std::io::BufReader::new(zstd::Decoder::new(file).expect("zstd stream"));
        for line in reader.lines() {
            let value: serde_json::Value =
                serde_json::from_str(&line.expect("line")).expect("json");
            let body = value["body"].as_str().unwrap_or_default().to_string();
            total += body.len();
            documents.push(body);
            if total >= limit {
                break;
            }
        }
    } else {
        eprintln!("../shared/data/kowiki-100k.jsonl.zst not found: benchmarking on corpus/");
        for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")) {
            let entry = entry.expect("corpus entry");
            if entry.file_type().is_file()
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                documents.push(text);
            }
        }
    }
    documents
}

fn bench_analysis(c: &mut Criterion) {
    // Mapped, as raw lindera's below, so that the two compare.
    let dir = dictionary::default_dir();
    let dictionary = KoreanDictionary::load(&dir).expect("dictionary installed");
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).expect("analyzer");
    let without_user_dictionary = Analyzer::new(
        &dictionary,
        &AnalyzerConfig {
            builtin_user_dictionary: false,
            ..AnalyzerConfig::default()
        },
    )
    .expect("analyzer");
    let lindera_dictionary = lindera::dictionary::load_fs_dictionary_with_options(&dir, true)
        .expect("lindera dictionary");
    let segmenter = Segmenter::new(Mode::Normal, lindera_dictionary, None);

    let documents = documents();
    let bytes: usize = documents.iter().map(String::len).sum();
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.measurement_time(std::time::Duration::from_secs(15));
    // One lattice reused across documents, as the analyzer does.
    let mut lattice = lindera_dictionary::viterbi::Lattice::default();
    group.bench_function("lindera_segment", |b| {
        b.iter(|| {
            documents
                .iter()
                .map(|text| {
                    segmenter
                        .segment_with_lattice(Cow::Borrowed(text.as_str()), &mut lattice)
                        .expect("segment")
                        .len()
                })
                .sum::<usize>()
        })
    });
    for (name, analyzer) in [
        (
            "tokenizer_without_user_dictionary",
            &without_user_dictionary,
        ),
        ("tokenizer", &analyzer),
    ] {
        let mut tokenizer = analyzer.tokenizer().with_analysis_cache(0);
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut terms = 0;
                for text in &documents {
                    let mut stream = tokenizer.token_stream(text);
                    while stream.advance() {
                        terms += 1;
                    }
                }
                terms
            })
        });
    }
    group.bench_function("analyze", |b| {
        b.iter(|| {
            documents
                .iter()
                .map(|text| analyzer.analyze(text).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// The CPU time this thread has run, in seconds (Linux), so that the
/// ratios hold on a machine busy with other work; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: f64 = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds / 1e9)
}

/// Streams `documents` once through `analyzer`'s tokenizer with a cache of
/// `budget` bytes (emptied first); MB/s (of CPU time where it can be read,
/// else of wall time), the share of characters found and the most bytes
/// the cache held.
fn stream(analyzer: &Analyzer, documents: &[String], budget: usize) -> (f64, f64, u64) {
    stream_after(analyzer, documents, budget, 0)
}

/// [`stream`], after streaming the first `untimed` documents untimed, into
/// the same cache.
fn stream_after(
    analyzer: &Analyzer,
    documents: &[String],
    budget: usize,
    untimed: usize,
) -> (f64, f64, u64) {
    analysis::forget_thread_cache();
    let mut tokenizer = analyzer.tokenizer().with_analysis_cache(budget);
    for text in &documents[..untimed] {
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {}
    }
    let before = analysis::cache_stats();
    let cpu = thread_cpu_seconds();
    let started = Instant::now();
    let mut terms = 0usize;
    for text in documents {
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            terms += 1;
        }
    }
    let seconds = match (cpu, thread_cpu_seconds()) {
        (Some(before), Some(after)) => after - before,
        _ => started.elapsed().as_secs_f64(),
    };
    std::hint::black_box(terms);
    let after = analysis::cache_stats();
    let bytes: usize = documents.iter().map(String::len).sum();
    let hit = (after.hit_chars - before.hit_chars) as f64;
    let chars = (after.chars - before.chars).max(1) as f64;
    analysis::forget_thread_cache();
    (bytes as f64 / 1e6 / seconds, hit / chars, after.peak_bytes)
}

/// `bytes` of distinct text streamed with the cache off and on, `rounds`
/// times.
fn cache_on_vs_off(bytes: usize, rounds: usize) {
    let dictionary = common::dictionary();
    if dictionary.keys_with_space().is_none() {
        eprintln!("cache_on_vs_off: the dictionary predates the analysis cache; skipped");
        return;
    }
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).expect("analyzer");
    let documents = documents_of(bytes);
    let bytes: usize = documents.iter().map(String::len).sum();
    println!(
        "cache_on_vs_off: {:.1} MB of distinct articles, streamed once per run",
        bytes as f64 / 1e6
    );
    for round in 1..=rounds {
        let (off, _, _) = stream(&analyzer, &documents, 0);
        println!("  round {round}: cache off            {off:6.2} MB/s");
        for (name, budget) in [
            ("default", analysis::DEFAULT_CACHE_BYTES),
            ("8 MiB", 8 << 20),
        ] {
            let (on, hit_rate, peak) = stream(&analyzer, &documents, budget);
            println!(
                "  round {round}: cache {name:<8}      {on:6.2} MB/s  ratio {:.2}  hit rate by \
                 characters {hit_rate:.3}  {:.1} MiB held at most in this process",
                on / off,
                peak as f64 / (1 << 20) as f64
            );
        }
        // The ceiling: the same text again, every word it holds met before,
        // so that nearly every character is found and replayed.
        let (warm, hit_rate, _) = stream_after(
            &analyzer,
            &documents,
            analysis::DEFAULT_CACHE_BYTES,
            documents.len(),
        );
        println!(
            "  round {round}: every word met before {warm:6.2} MB/s  ratio {:.2}  hit rate by characters {hit_rate:.3}",
            warm / off
        );
    }
}

criterion_group!(benches, bench_analysis);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filter = args
        .iter()
        .find(|arg| !arg.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    if "cache_on_vs_off".contains(&filter) {
        // `cargo bench` passes --bench; `cargo test` runs a smoke test.
        if args.iter().any(|arg| arg == "--bench") {
            cache_on_vs_off(CACHE_TEXT_BYTES, 2);
        } else {
            cache_on_vs_off(256 * 1024, 1);
        }
    }
    if filter != "cache_on_vs_off" {
        benches();
        Criterion::default().configure_from_args().final_summary();
    }
}
