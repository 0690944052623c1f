//! The long proof that the analysis cache changes nothing: every text is
//! analyzed without the cache and through it, and the terms are compared
//! field by field (text, surface, part of speech, offsets, position, kind).
//!
//! ```sh
//! cargo run --release --example analysis_cache_check -- [MB] [kowiki.jsonl.zst]
//! ```
//!
//! It reads `MB` megabytes (default 100) of article titles and bodies from
//! the JSON Lines file (default `../shared/data/kowiki-100k.jsonl.zst`),
//! plus every file of `corpus/`, and runs three passes over them: **cold**
//! (the cache emptied first, default budget), **warm** (the same texts
//! again, the cache full of them) and **tiny** (a 4 KiB cache that forgets
//! at nearly every word). It prints the differences (the first 10 in
//! full), the share of characters found in the cache, and exits 1 on any
//! difference. Too long for the test suite, which runs the same comparison
//! on `corpus/` (`tests/integration/analysis.rs`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Instant;

use kosearch::analysis::{self, Analyzer, AnalyzerConfig, Term, DEFAULT_CACHE_BYTES};
use kosearch::dictionary::{self, KoreanDictionary};

/// A cache so small that it forgets at nearly every word.
const TINY_CACHE_BYTES: usize = 4 * 1024;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let megabytes: usize = args.next().map_or(Ok(100), |mb| mb.parse())?;
    let articles = args
        .next()
        .unwrap_or_else(|| "../shared/data/kowiki-100k.jsonl.zst".to_string());

    let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
    if dictionary.keys_with_space().is_none() {
        return Err(
            "the dictionary was installed before kosearch recorded what the analysis \
                    cache needs; rebuild it with `kosearch dict install --force`"
                .into(),
        );
    }
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default())?;
    let mut texts = corpus_texts(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))?;
    texts.extend(article_texts(Path::new(&articles), megabytes << 20)?);
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} texts, {:.1} MB (corpus/ and {articles})",
        texts.len(),
        bytes as f64 / 1e6
    );

    let mut differences = 0;
    analysis::forget_thread_cache();
    for (pass, budget) in [
        ("cold", DEFAULT_CACHE_BYTES),
        ("warm", DEFAULT_CACHE_BYTES),
        ("tiny", TINY_CACHE_BYTES),
    ] {
        if pass == "tiny" {
            analysis::forget_thread_cache();
        }
        differences += check(&analyzer, &texts, pass, budget);
    }
    println!("differences: {differences}");
    if differences > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// Analyzes `texts` with and without a cache of `budget` bytes, printing
/// the first differences and a summary; the number of differing texts.
fn check(analyzer: &Analyzer, texts: &[String], pass: &str, budget: usize) -> usize {
    let before = analysis::cache_stats();
    let (mut differences, mut terms) = (0, 0);
    let (mut uncached_time, mut cached_time) = (0.0, 0.0);
    for text in texts {
        let started = Instant::now();
        let expected = analyzer.analyze(text);
        uncached_time += started.elapsed().as_secs_f64();
        let started = Instant::now();
        let found = analyzer.analyze_cached(text, budget);
        cached_time += started.elapsed().as_secs_f64();
        terms += expected.len();
        if found != expected {
            differences += 1;
            if differences <= 10 {
                show_difference(text, &expected, &found);
            }
        }
    }
    let after = analysis::cache_stats();
    let hit = after.hit_chars - before.hit_chars;
    let chars = after.chars - before.chars;
    println!(
        "{pass}: {} texts, {terms} terms, {differences} differing texts; hit rate by characters \
         {:.3}; cache {:.1} MiB at most; analysis {uncached_time:.1} s without the cache, \
         {cached_time:.1} s with it",
        texts.len(),
        hit as f64 / chars.max(1) as f64,
        after.peak_bytes as f64 / (1 << 20) as f64,
    );
    differences
}

fn show_difference(text: &str, expected: &[Term], found: &[Term]) {
    let at = expected
        .iter()
        .zip(found)
        .position(|(expected, found)| expected != found)
        .unwrap_or(expected.len().min(found.len()));
    let around = |terms: &[Term]| -> Vec<String> {
        terms
            .iter()
            .skip(at.saturating_sub(2))
            .take(5)
            .map(|term| {
                format!(
                    "{}/{} {}..{} @{} {:?}",
                    term.text, term.pos, term.start, term.end, term.position, term.kind
                )
            })
            .collect()
    };
    let from = expected
        .get(at)
        .or(found.get(at))
        .map_or(0, |term| term.start);
    let mut from = from.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let context: String = text[from..].chars().take(60).collect();
    println!("  term {at}: in {context:?}");
    println!("    without the cache: {:?}", around(expected));
    println!("    with the cache:    {:?}", around(found));
}

/// Every file of `corpus/`, whole, and the title and body of each line of
/// its JSON Lines files.
fn corpus_texts(corpus: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut texts = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(corpus)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths.into_iter().filter(|path| path.is_file()) {
        let text = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
        if path
            .extension()
            .is_some_and(|extension| extension == "jsonl")
        {
            for line in text.lines() {
                texts.extend(fields(line));
            }
        }
        texts.push(text);
    }
    Ok(texts)
}

/// Titles and bodies of the articles of a (zstd-compressed) JSON Lines
/// file, up to `limit` bytes; none, with a note, when it is absent.
fn article_texts(path: &Path, limit: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    if !path.exists() {
        println!("{} is absent: checking corpus/ only", path.display());
        return Ok(Vec::new());
    }
    let reader = BufReader::new(zstd::Decoder::new(std::fs::File::open(path)?)?);
    let (mut texts, mut bytes) = (Vec::new(), 0);
    for line in reader.lines() {
        for text in fields(&line?) {
            bytes += text.len();
            texts.push(text);
        }
        if bytes >= limit {
            break;
        }
    }
    Ok(texts)
}

/// The `title` and `body` of a JSON object.
fn fields(line: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
        return Vec::new();
    };
    ["title", "body"]
        .iter()
        .filter_map(|field| Some(value.get(field)?.as_str()?.to_string()))
        .collect()
}
