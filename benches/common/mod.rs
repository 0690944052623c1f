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

/// A file of `../shared/data`, when it is there.
pub fn shared(name: &str) -> Option<PathBuf> {
    let path = manifest_dir().join("../shared/data").join(name);
    path.exists().then_some(path)
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
