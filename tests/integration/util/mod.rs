//! Helpers shared by the integration tests, each defined once: where things
//! are (the crate, the fixtures, the shipped corpus and its reference
//! article, `../shared` data), the installed dictionary and analyzer,
//! indexes (the shipped corpus indexed once per run), and one way to run the
//! `kosearch` binary.

pub mod hostile;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use kosearch::analysis::{Analyzer, AnalyzerConfig, TOKENIZER_NAME};
use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::dictionary::{self, KoreanDictionary};
use kosearch::document::KST;
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::{Passage, Searcher};
use kosearch::Article;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Where things are.

/// The crate's directory, where the binary runs and relative paths start.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped corpus, `corpus/`: the reference news article, 204
/// petitions and 60 Wikipedia articles (265 documents).
pub fn corpus_dir() -> PathBuf {
    manifest_dir().join("corpus")
}

/// The reference news article (세종시-서울시 업무협약): its path from the
/// crate's directory, which is also its id in an index of `corpus/`.
pub const REFERENCE: &str = "corpus/000_bcc3dce22a5e3c6c.txt";

/// The reference news article's file.
pub fn reference_path() -> PathBuf {
    manifest_dir().join(REFERENCE)
}

/// The reference news article's text, as it is on disk.
pub fn reference_text() -> String {
    let path = reference_path();
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// A file or folder under `tests/fixtures`.
pub fn fixture(path: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(path)
}

/// A file under `../shared/data`, or `None` after printing why the test
/// skips.
pub fn shared_file(name: &str) -> Option<PathBuf> {
    let path = manifest_dir().join("../shared/data").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/data/{name} is not available");
        None
    }
}

/// The first `limit` lines of a `.jsonl.zst` file, parsed.
pub fn read_jsonl_zst(path: &Path, limit: usize) -> Vec<Value> {
    let file = std::fs::File::open(path).unwrap();
    let reader = std::io::BufReader::new(zstd::Decoder::new(file).unwrap());
    reader
        .lines()
        .take(limit)
        .map(|line| serde_json::from_str(&line.unwrap()).unwrap())
        .collect()
}

/// Copies the flat directory `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A copy of the index `from` whose segments have lost their term offsets,
/// as an index made before them: its passages are found by analysis.
pub fn copy_without_term_offsets(from: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(from, copy.path());
    let mut removed = 0;
    for entry in std::fs::read_dir(copy.path()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "offsets")
        {
            std::fs::remove_file(path).unwrap();
            removed += 1;
        }
    }
    assert!(removed > 0, "no term offsets in {}", from.display());
    copy
}

/// A time in Korea Standard Time, written `2023-04-10 17:02:00`.
pub fn kst(local: &str) -> DateTime<FixedOffset> {
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|err| panic!("{local:?}: {err}"));
    KST.from_local_datetime(&naive).unwrap()
}

// ---------------------------------------------------------------------------
// The dictionary, the analyzer, indexes.

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

/// An analyzer with the default configuration.
pub fn analyzer() -> Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER
        .get_or_init(|| Analyzer::new(&dictionary(), &AnalyzerConfig::default()).unwrap())
        .clone()
}

/// Every article of `paths`, none of which may be skipped.
pub fn read_articles(paths: &[PathBuf]) -> Vec<Article> {
    Corpus::new(paths, ReadOptions::default())
        .unwrap()
        .map(|item| item.unwrap())
        .collect()
}

/// The index in `dir`, opened with the installed dictionary.
pub fn open_index(dir: &Path) -> Index {
    Index::open_with(dir, &dictionary()).unwrap()
}

/// A new, empty index with the default settings in `dir`.
pub fn create_index(dir: &Path) -> Index {
    Index::create_with(dir, &dictionary(), &IndexConfig::default()).unwrap()
}

/// A new, empty index with the default settings in a temporary directory,
/// and its searcher.
pub fn temporary_index() -> (tempfile::TempDir, Index, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let index = create_index(dir.path());
    let searcher = Searcher::new(&index).unwrap();
    (dir, index, searcher)
}

/// A new index of `articles`, with the default settings, in a temporary
/// directory, and a searcher that sees them.
pub fn searcher_of(articles: impl IntoIterator<Item = Article>) -> (tempfile::TempDir, Searcher) {
    let (dir, index, searcher) = temporary_index();
    let mut writer = index.writer(&small_writer()).unwrap();
    for article in articles {
        writer.upsert(&article).unwrap();
    }
    writer.finish().unwrap();
    searcher.reload().unwrap();
    (dir, searcher)
}

/// Options of a writer for a few documents: one thread, a small buffer.
pub fn small_writer() -> WriterOptions {
    WriterOptions {
        threads: 1,
        memory_budget: 16 << 20,
        ..WriterOptions::default()
    }
}

/// An index of `corpus/` with the default settings, built once per test run
/// (afresh: one left by an earlier build may have other settings). Only
/// read from.
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-index");
        let _ = std::fs::remove_dir_all(&dir);
        let index = create_index(&dir);
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for article in read_articles(&[corpus_dir()]) {
            writer.upsert(&article).unwrap();
        }
        writer.finish().unwrap();
        dir
    })
}

/// Adds documents to the kosearch index in `dir` as an earlier version (or
/// another program) stored them: `(id, title, body, stored bytes)`, each
/// in the section 행정 (so that `section:행정` meets them).
pub fn store_raw(dir: &Path, documents: &[(&str, &str, &str, &[u8])]) {
    let mut index = tantivy::Index::open_in_dir(dir).unwrap();
    kosearch::index::register_plugins(&mut index).unwrap();
    index
        .tokenizers()
        .register(TOKENIZER_NAME, analyzer().tokenizer());
    // These documents have no suggestions, as an earlier version's; the
    // field's tokenizer must exist all the same.
    index.tokenizers().register(
        kosearch::suggest::TOKENIZER_NAME,
        tantivy::tokenizer::RawTokenizer::default(),
    );
    let schema = index.schema();
    let field = |name: &str| schema.get_field(name).unwrap();
    // With the library's patience: a process another test spawns holds a
    // copy of the lock of the writer just dropped from its fork to its exec.
    let mut writer: tantivy::IndexWriter =
        kosearch::index::tantivy_writer_with_patience(&index, 1, 20_000_000).unwrap();
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

/// Every highlighted span of `passages`.
pub fn highlighted(passages: &[Passage]) -> Vec<&str> {
    passages
        .iter()
        .flat_map(|p| p.highlights.iter().map(|&(s, e)| &p.text[s..e]))
        .collect()
}

// ---------------------------------------------------------------------------
// The binary.

/// The `kosearch` binary Cargo built for these tests, run as a script would
/// run it: from the crate's directory (so that `corpus/…` paths work), its
/// output a pipe, and without the variables a developer's shell may set
/// that change what it does (`NO_COLOR`, `KOSEARCH_TOKEN`).
pub fn kosearch() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kosearch"));
    command
        .current_dir(manifest_dir())
        .env_remove("NO_COLOR")
        .env_remove("KOSEARCH_TOKEN");
    command
}

/// `kosearch ARGS`, run to its end.
pub fn run(args: &[&str]) -> Output {
    kosearch().args(args).output().unwrap()
}

/// Standard output of `command`, which must succeed (exit code 0).
pub fn succeeds(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `kosearch index INPUTS --index DIR`, which must succeed or only skip
/// documents (exit code 0 or 1).
pub fn index_files(inputs: &[&Path], dir: &Path) -> Output {
    let output = kosearch()
        .arg("index")
        .args(inputs)
        .arg("--index")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `kosearch search --json --index INDEX ARGS` (the query and options),
/// which must succeed, parsed.
pub fn search_json(index: impl AsRef<Path>, args: &[&str]) -> Value {
    let stdout = succeeds(
        kosearch()
            .args(["search", "--json", "--index"])
            .arg(index.as_ref())
            .args(args),
    );
    serde_json::from_str(&stdout).unwrap()
}

/// The ids of the hits of a `--json` search, in order.
pub fn hit_ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

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
