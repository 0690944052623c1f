//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kosearch::analysis::{Analyzer, AnalyzerConfig, TOKENIZER_NAME};
use kosearch::dictionary::{self, KoreanDictionary};
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::Searcher;

/// The keys of a hit in the documented `--json` schema (README), which
/// `GET /search` shares.
pub const HIT_KEYS: [&str; 9] = [
    "id",
    "title",
    "score",
    "published_at",
    "reporters",
    "section",
    "source",
    "url",
    "passages",
];

/// The installed dictionary. The README's test command installs it first.
pub fn dictionary() -> KoreanDictionary {
    static DICTIONARY: OnceLock<KoreanDictionary> = OnceLock::new();
    DICTIONARY
        .get_or_init(|| {
            KoreanDictionary::load(&dictionary::default_dir()).unwrap_or_else(|err| {
                panic!("{err}\n(the README's test command, `make test`, installs it)")
            })
        })
        .clone()
}

/// A new, empty index with the default settings in a temporary directory,
/// and its searcher.
pub fn temporary_index() -> (tempfile::TempDir, Index, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_with(dir.path(), &dictionary(), &IndexConfig::default()).unwrap();
    let searcher = Searcher::new(&index).unwrap();
    (dir, index, searcher)
}

/// Options of a writer for a few documents: one thread, a small buffer.
pub fn small_writer() -> WriterOptions {
    WriterOptions {
        threads: 1,
        memory_budget: 16 << 20,
        ..WriterOptions::default()
    }
}

/// An analyzer with the default configuration.
pub fn analyzer() -> Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER
        .get_or_init(|| Analyzer::new(&dictionary(), &AnalyzerConfig::default()).unwrap())
        .clone()
}

/// `../shared/data`, when present.
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    dir.is_dir().then_some(dir)
}

/// A file under `../shared/data`, or `None` after printing why the test skips.
pub fn shared_file(name: &str) -> Option<PathBuf> {
    let path = shared_data().map(|dir| dir.join(name));
    match path {
        Some(path) if path.exists() => Some(path),
        _ => {
            eprintln!("skipped: ../shared/data/{name} is not available");
            None
        }
    }
}

/// The reference news article, when `../shared` is present.
pub fn reference_article() -> Option<String> {
    let path = shared_file("seed/000_bcc3dce22a5e3c6c.txt")?;
    Some(std::fs::read_to_string(path).unwrap())
}

/// The first `limit` lines of a `.jsonl.zst` file, parsed.
pub fn read_jsonl_zst(path: &Path, limit: usize) -> Vec<serde_json::Value> {
    let file = std::fs::File::open(path).unwrap();
    let reader = std::io::BufReader::new(zstd::Decoder::new(file).unwrap());
    reader
        .lines()
        .take(limit)
        .map(|line| serde_json::from_str(&line.unwrap()).unwrap())
        .collect()
}

/// Adds documents to the kosearch index in `dir` as an earlier version (or
/// another program) stored them: `(id, title, body, stored bytes)`, each
/// in the section 행정 (so that `section:행정` meets them).
pub fn store_raw(dir: &Path, documents: &[(&str, &str, &str, &[u8])]) {
    let index = tantivy::Index::open_in_dir(dir).unwrap();
    index
        .tokenizers()
        .register(TOKENIZER_NAME, analyzer().tokenizer());
    let schema = index.schema();
    let field = |name: &str| schema.get_field(name).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
    for &(id, title, body, stored) in documents {
        let mut document = tantivy::TantivyDocument::default();
        document.add_text(field("id"), id);
        document.add_text(field("title"), title);
        document.add_text(field("body"), body);
        document.add_text(field("section"), "행정");
        document.add_u64(field("hash"), 42);
        document.add_bytes(field("article"), stored);
        writer.add_document(document).unwrap();
    }
    writer.commit().unwrap();
}
