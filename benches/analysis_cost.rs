//! The analyzer's cost over raw segmentation, in instructions.
//!
//! Timings on a shared 2-core machine vary by ±20% from run to run, too much
//! to resolve the cost of the analyzer's filters. Instruction counts do not
//! vary. `cargo bench --bench analysis_cost` runs this binary three times
//! under `valgrind --tool=callgrind` (when valgrind is installed) on the same
//! 200 KB of Korean Wikipedia text (or the sample corpus):
//!
//! * `setup`: load the dictionary, build the analyzer and a raw lindera
//!   segmenter, read the text: the baseline both others include;
//! * `segment`: plus lindera's segmentation of the text (a reused lattice);
//! * `tokenize`: plus the analyzer's tantivy token stream over the text.
//!
//! and prints the instructions of `segment` and `tokenize` beyond `setup`,
//! and their ratio.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;
use std::process::Command;

use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::dictionary::{self, KoreanDictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{TokenStream, Tokenizer};

const TEXT_BYTES: usize = 200 * 1024;

fn documents() -> Vec<String> {
    let wiki = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/kowiki-100k.jsonl.zst");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kowiki.jsonl");
    let reader: Box<dyn BufRead> = match std::fs::File::open(&wiki) {
        Ok(file) => Box::new(std::io::BufReader::new(
            zstd::Decoder::new(file).expect("zstd"),
        )),
        Err(_) => Box::new(std::io::BufReader::new(
            std::fs::File::open(corpus).expect("corpus"),
        )),
    };
    let mut documents = Vec::new();
    let mut total = 0;
    for line in reader.lines() {
        let value: serde_json::Value = serde_json::from_str(&line.expect("line")).expect("json");
        let body = value["body"].as_str().unwrap_or_default().to_string();
        total += body.len();
        documents.push(body);
        if total >= TEXT_BYTES {
            break;
        }
    }
    documents
}

/// Runs one mode; returns a count so that nothing is optimized away.
fn run(mode: &str) -> usize {
    let dir = dictionary::default_dir();
    let dictionary = KoreanDictionary::load(&dir).expect("dictionary installed");
    let analyzer = Analyzer::new(
        &dictionary,
        &AnalyzerConfig {
            builtin_user_dictionary: false,
            ..AnalyzerConfig::default()
        },
    )
    .expect("analyzer");
    let raw = lindera::dictionary::load_fs_dictionary_with_options(&dir, true).expect("dictionary");
    let segmenter = Segmenter::new(Mode::Normal, raw, None);
    let documents = documents();
    match mode {
        "segment" => {
            let mut lattice = lindera_dictionary::viterbi::Lattice::default();
            documents
                .iter()
                .map(|text| {
                    segmenter
                        .segment_with_lattice(Cow::Borrowed(text.as_str()), &mut lattice)
                        .expect("segment")
                        .len()
                })
                .sum()
        }
        "tokenize" => {
            let mut tokenizer = analyzer.tokenizer();
            let mut terms = 0;
            for text in &documents {
                let mut stream = tokenizer.token_stream(text);
                while stream.advance() {
                    terms += 1;
                }
            }
            terms
        }
        _ => documents.len(),
    }
}

/// Instructions callgrind counted for one mode.
fn instructions(mode: &str) -> Option<u64> {
    let out = std::env::temp_dir().join(format!("kosearch-callgrind-{mode}.out"));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(std::env::current_exe().ok()?)
        .args(["--mode", mode])
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().find(|line| line.contains("Collected :"))?;
    let _ = std::fs::remove_file(out);
    line.rsplit(':').next()?.trim().parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--mode") {
        println!("{}", run(&args[at + 1]));
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test`: run each mode once, natively.
        assert!(run("segment") > 0 && run("tokenize") > 0);
        return;
    }
    let Some(setup) = instructions("setup") else {
        eprintln!("valgrind --tool=callgrind did not run: install valgrind (Debian package)");
        return;
    };
    let segment = instructions("segment").expect("callgrind run") - setup;
    let tokenize = instructions("tokenize").expect("callgrind run") - setup;
    println!(
        "instructions on {} KB: lindera segmentation {segment}, analyzer (tokenizer path) {tokenize}: \
         the analyzer costs {:+.1}% over raw segmentation",
        TEXT_BYTES / 1024,
        100.0 * (tokenize as f64 / segment as f64 - 1.0)
    );
}
