//! Indexing throughput with 1 and 2 threads, next to the analyzer's raw speed.
//!
//! `cargo bench --bench indexing` indexes `../shared/data/kowiki-100k.jsonl.zst`
//! (100,000 Korean Wikipedia articles, 358 MB) into a fresh index once per
//! thread count, each run in its own process so that its peak RSS is its own,
//! and prints for each: seconds, MB/s, documents/s, peak RSS, index size; and
//! the analyzer's single-thread MB/s on the first 20 MB of the same text,
//! measured just before and just after the run: the faster of the two is
//! the bound indexing is compared with. `KOSEARCH_BENCH_DOCS=N` limits the
//! documents; without `../shared`, the shipped `corpus/` is used.
//!
//! Under `cargo test` (no `--bench` argument) it indexes `corpus/` once, as
//! a smoke test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::index::{Index, IndexConfig, WriterOptions};
use tantivy::tokenizer::{TokenStream, Tokenizer};

mod common;
use common::dir_size;

const ANALYZER_SAMPLE_BYTES: usize = 20 * 1_000_000;

fn input() -> PathBuf {
    let wiki = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/kowiki-100k.jsonl.zst");
    if wiki.exists() {
        wiki
    } else {
        eprintln!("../shared/data/kowiki-100k.jsonl.zst not found: using corpus/");
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
    }
}

fn limit() -> usize {
    std::env::var("KOSEARCH_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// Peak resident set size of this process, in bytes (Linux).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

/// Indexes the input with `threads` threads; prints one JSON line.
fn index_run(threads: usize, limit: usize) {
    let dictionary = common::dictionary();
    let dir = tempfile::tempdir().expect("temporary directory");
    let index =
        Index::create_with(dir.path(), &dictionary, &IndexConfig::default()).expect("index");
    let mut writer = index
        .writer(&WriterOptions {
            threads,
            ..WriterOptions::default()
        })
        .expect("writer");
    let corpus = Corpus::new(&[input()], ReadOptions::default()).expect("corpus");
    let started = Instant::now();
    let (mut documents, mut bytes) = (0usize, 0usize);
    for article in corpus.flatten().take(limit) {
        bytes += article.title.len() + article.body.len();
        documents += 1;
        writer.upsert(&article).expect("upsert");
    }
    writer.finish().expect("commit");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "threads": threads,
            "documents": documents,
            "mb": bytes as f64 / 1e6,
            "seconds": seconds,
            "mb_per_s": bytes as f64 / 1e6 / seconds,
            "documents_per_s": documents as f64 / seconds,
            "peak_rss_mb": peak_rss() as f64 / 1048576.0,
            "index_mb": dir_size(dir.path()) as f64 / 1048576.0,
        })
    );
}

/// The analyzer alone, one thread, as tantivy runs it: MB/s.
fn analyzer_mb_per_s() -> f64 {
    let dictionary = common::dictionary();
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).expect("analyzer");
    let mut tokenizer = analyzer.tokenizer();
    let mut texts = Vec::new();
    let mut total = 0;
    for article in Corpus::new(&[input()], ReadOptions::default())
        .expect("corpus")
        .flatten()
    {
        total += article.title.len() + article.body.len();
        texts.push(article.title);
        texts.push(article.body);
        if total >= ANALYZER_SAMPLE_BYTES {
            break;
        }
    }
    let started = Instant::now();
    let mut terms = 0usize;
    for text in &texts {
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            terms += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    assert!(terms > 0);
    total as f64 / 1e6 / seconds
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(threads) = args.iter().position(|a| a == "--run-threads") {
        let threads = args[threads + 1].parse().expect("thread count");
        index_run(threads, limit());
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test`: a quick smoke run on the sample corpus.
        index_run(2, 300);
        return;
    }
    // This machine's speed drifts by a quarter or more over minutes, so the
    // analyzer is measured right before and right after each indexing run,
    // and the run is compared with the faster of the two.
    let mut raw_before = analyzer_mb_per_s();
    for threads in [1, 2] {
        let output = Command::new(std::env::current_exe().expect("own path"))
            .args(["--run-threads", &threads.to_string()])
            .output()
            .expect("child run");
        let raw_after = analyzer_mb_per_s();
        let raw = raw_before.max(raw_after);
        let line = String::from_utf8_lossy(&output.stdout);
        let run: serde_json::Value = serde_json::from_str(line.trim()).expect("child report");
        let mb_per_s = run["mb_per_s"].as_f64().unwrap_or_default();
        println!(
            "{threads} thread(s): {} documents, {:.1} MB in {:.1} s: {:.2} MB/s, {:.0} documents/s, \
             peak RSS {:.0} MiB, index {:.0} MiB; analyzer (1 thread, tokenizer path) \
             {raw_before:.2} MB/s before and {raw_after:.2} MB/s after: {:.0}% of the faster x {threads}",
            run["documents"],
            run["mb"].as_f64().unwrap_or_default(),
            run["seconds"].as_f64().unwrap_or_default(),
            mb_per_s,
            run["documents_per_s"].as_f64().unwrap_or_default(),
            run["peak_rss_mb"].as_f64().unwrap_or_default(),
            run["index_mb"].as_f64().unwrap_or_default(),
            100.0 * mb_per_s / (raw * threads as f64),
        );
        raw_before = raw_after;
    }
}
