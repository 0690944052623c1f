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
//! shipped sample corpus. Needs the dictionary (`kosearch dict install`).

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::dictionary::{self, KoreanDictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{TokenStream, Tokenizer};

const TEXT_BYTES: usize = 2 * 1024 * 1024;

/// Real Korean text, split into documents as an indexer would see them.
fn documents() -> Vec<String> {
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
            if total >= TEXT_BYTES {
                break;
            }
        }
    } else {
        eprintln!("../shared/data/kowiki-100k.jsonl.zst not found: benchmarking on corpus/");
        for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")) {
            let entry = entry.expect("corpus entry");
            if entry.file_type().is_file() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    documents.push(text);
                }
            }
        }
    }
    documents
}

fn bench_analysis(c: &mut Criterion) {
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
        let mut tokenizer = analyzer.tokenizer();
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

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
