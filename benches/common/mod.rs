//! Helpers shared by the benchmarks.
#![allow(dead_code)] // each benchmark uses a different subset

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The allocator of the `kosearch` binary, so that in-process measurements
/// (search latency, indexing runs) see what the command does.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The project's root directory.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The installed dictionary, its tables resident as `kosearch index`,
/// `serve` and `eval` hold them.
pub fn dictionary() -> kosearch::dictionary::KoreanDictionary {
    kosearch::dictionary::KoreanDictionary::load_with(
        &kosearch::dictionary::default_dir(),
        kosearch::dictionary::DictionaryMemory::Resident,
    )
    .expect("the dictionary installed (`kosearch dict install`)")
}

/// A file of `../shared/data`, when it is there.
pub fn shared(name: &str) -> Option<PathBuf> {
    let path = manifest_dir().join("../shared/data").join(name);
    path.exists().then_some(path)
}

/// `../shared/data/kowiki-100k.jsonl.zst`, or `corpus/` in a smoke run
/// (`smoke`) or without `../shared`, saying so.
pub fn wiki_or_corpus(smoke: bool) -> PathBuf {
    match shared("kowiki-100k.jsonl.zst") {
        Some(wiki) if !smoke => wiki,
        _ => {
            eprintln!(
                "using corpus/ (../shared/data/kowiki-100k.jsonl.zst absent, or a smoke run)"
            );
            manifest_dir().join("corpus")
        }
    }
}

/// The `query` field of every line of a query file such as
/// `klue-hard.queries.jsonl`, in order.
pub fn queries_of(path: &Path) -> Vec<String> {
    std::io::BufReader::new(std::fs::File::open(path).expect("the query file"))
        .lines()
        .map(|line| line.expect("a query line"))
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON query");
            value["query"]
                .as_str()
                .expect("a query line has a \"query\" field")
                .to_string()
        })
        .collect()
}

/// The bytes of the files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum()
}

/// The nearest-rank `p`-th percentile of `sorted` latencies, in
/// milliseconds (the measure `kosearch eval` reports).
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    let milliseconds: Vec<f64> = sorted.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    kosearch::eval::metrics::percentile(&milliseconds, p)
}

/// A number from the environment variable `name`, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Queries for the benchmarks of `kosearch serve`: the questions of
/// `../shared/data/klue-hard.queries.jsonl`, or a few of their own.
pub fn serve_queries() -> Vec<String> {
    const FALLBACK: [&str; 8] = [
        "세종시와 서울시가 맺은 협약은?",
        "세종시 협약",
        "\"인권 행정\"",
        "고향사랑 기부금",
        "청원 정부 정책",
        "대한민국의 수도는 어디인가?",
        "조선 세종 한글 창제",
        "경제 성장 OR 일자리",
    ];
    match shared("klue-hard.queries.jsonl") {
        Some(path) => queries_of(&path),
        None => {
            eprintln!(
                "../shared/data/klue-hard.queries.jsonl not found: using {} built-in queries",
                FALLBACK.len()
            );
            FALLBACK.iter().map(|q| q.to_string()).collect()
        }
    }
}

/// `kosearch index corpus/ --index DIR` into a new index, which must
/// succeed (one an older build left there may have other settings).
pub fn index_corpus(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kosearch"))
        .arg("index")
        .arg(manifest_dir().join("corpus"))
        .arg("--index")
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("kosearch index");
    assert!(status.success(), "indexing corpus/ failed");
}

/// A `kosearch serve` process on a free loopback port, killed on drop.
pub struct ServeProcess {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl ServeProcess {
    /// `kosearch serve --addr 127.0.0.1:0 --index INDEX ARGS`, started.
    pub fn start(index: &Path, args: &[&str]) -> ServeProcess {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kosearch"))
            .args(["serve", "--addr", "127.0.0.1:0", "--index"])
            .arg(index)
            .args(args)
            .env_remove("KOSEARCH_TOKEN")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("kosearch serve");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("its standard output"))
            .read_line(&mut line)
            .expect("the address line");
        // Killed on drop from here on, even when the line is not the address.
        let mut server = ServeProcess {
            child,
            base: String::new(),
        };
        server.base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("kosearch serve did not start: {line:?}"))
            .to_string();
        assert!(
            server.base.starts_with("http://127.0.0.1:"),
            "not loopback: {}",
            server.base
        );
        server
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
