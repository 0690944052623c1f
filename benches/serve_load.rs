//! A bounded load test of `kosearch serve`, over loopback only.
//!
//! `cargo bench --bench serve_load` starts the real binary on a free
//! loopback port, then N concurrent clients (8) send a fixed number of
//! `GET /search` requests (2,000), keep-alive, each a question of
//! `../shared/data/klue-hard.queries.jsonl` in turn (or, without it, a few
//! Korean queries), and reports latency percentiles and requests/s. The
//! index is `target/kosearch-bench/kowiki-100k` when it holds an index (the
//! indexing bench builds it), else an index of `corpus/`.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `KOSEARCH_LOAD_CLIENTS` | concurrent clients | 8 |
//! | `KOSEARCH_LOAD_REQUESTS` | requests in all | 2000 |
//! | `KOSEARCH_LOAD_INDEX` | index directory | as above |
//!
//! Under `cargo test` (no `--bench` argument) it runs 2 clients for 40
//! requests on an index of `corpus/`, as a smoke test. Any answer other than
//! 200 fails the run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::percentile_ms;

const BIN: &str = env!("CARGO_BIN_EXE_kosearch");

const FALLBACK_QUERIES: [&str; 8] = [
    "세종시와 서울시가 맺은 협약은?",
    "세종시 협약",
    "\"인권 행정\"",
    "고향사랑 기부금",
    "청원 정부 정책",
    "대한민국의 수도는 어디인가?",
    "조선 세종 한글 창제",
    "경제 성장 OR 일자리",
];

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn queries() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/klue-hard.queries.jsonl");
    let from_file: Vec<String> = std::fs::File::open(&path)
        .map(|file| {
            BufReader::new(file)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
                .filter_map(|value| value["query"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if from_file.is_empty() {
        eprintln!(
            "{} not found: using {} built-in queries",
            path.display(),
            FALLBACK_QUERIES.len()
        );
        FALLBACK_QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        from_file
    }
}

fn corpus_index(target: &Path) -> PathBuf {
    let dir = target.join("serve-load-corpus");
    let status = Command::new(BIN)
        .arg("index")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
        .arg("--index")
        .arg(&dir)
        .stdout(Stdio::null())
        .status()
        .expect("kosearch index");
    assert!(status.success(), "indexing corpus/ failed");
    dir
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kosearch-bench");
    let (clients, requests) = if bench {
        (
            env_number("KOSEARCH_LOAD_CLIENTS", 8).max(1),
            env_number("KOSEARCH_LOAD_REQUESTS", 2000).max(1),
        )
    } else {
        (2, 40)
    };
    let wiki = target.join("kowiki-100k");
    let index = match std::env::var_os("KOSEARCH_LOAD_INDEX") {
        Some(dir) => PathBuf::from(dir),
        None if bench && wiki.join("kosearch.json").is_file() => wiki,
        None => corpus_index(&target),
    };
    let queries = Arc::new(queries());

    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--query-timeout-ms",
            "60000",
            "--index",
        ])
        .arg(&index)
        .env_remove("KOSEARCH_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kosearch serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let server = Server(child);
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("kosearch serve did not start: {line:?}"))
        .to_string();
    assert!(
        base.starts_with("http://127.0.0.1:"),
        "not loopback: {base}"
    );

    let agent = |_: usize| -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into()
    };
    // Warm-up: the first searches map the index into memory.
    let warm = agent(0);
    for query in queries.iter().take(10) {
        let _ = warm.get(format!("{base}/search")).query("q", query).call();
    }

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (next, queries, base) = (next.clone(), queries.clone(), base.clone());
            let agent = agent(client);
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut failures = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let query = &queries[i % queries.len()];
                    let sent = Instant::now();
                    let answer = agent
                        .get(format!("{base}/search"))
                        .query("q", query)
                        .query("limit", "10")
                        .call()
                        .map_err(|e| e.to_string())
                        .and_then(|mut response| {
                            let status = response.status().as_u16();
                            let body = response
                                .body_mut()
                                .read_to_string()
                                .map_err(|e| e.to_string())?;
                            if status == 200 {
                                Ok(())
                            } else {
                                Err(format!("{status}: {body}"))
                            }
                        });
                    latencies.push(sent.elapsed());
                    if let Err(error) = answer {
                        failures.push(format!("{query}: {error}"));
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for worker in workers {
        let (l, f) = worker.join().unwrap();
        latencies.extend(l);
        failures.extend(f);
    }
    let wall = started.elapsed().as_secs_f64();
    drop(server);
    latencies.sort();
    let mean =
        latencies.iter().map(Duration::as_secs_f64).sum::<f64>() / latencies.len().max(1) as f64;
    println!(
        "serve_load: {} requests, {clients} clients, index {} ({} distinct queries): \
         {:.0} requests/s; latency ms p50 {:.1}, p90 {:.1}, p99 {:.1}, max {:.1}, mean {:.1}; {} failed; {:.1} s",
        latencies.len(),
        index.display(),
        queries.len(),
        latencies.len() as f64 / wall,
        percentile_ms(&latencies, 50.0),
        percentile_ms(&latencies, 90.0),
        percentile_ms(&latencies, 99.0),
        percentile_ms(&latencies, 100.0),
        mean * 1000.0,
        failures.len(),
        wall,
    );
    assert!(
        failures.is_empty(),
        "failed requests: {:?}",
        &failures[..failures.len().min(5)]
    );
}
