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

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::{env_number, index_corpus, percentile_ms, serve_queries, ServeProcess};

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
        None => {
            let dir = target.join("serve-load-corpus");
            index_corpus(&dir);
            dir
        }
    };
    let queries = Arc::new(serve_queries());

    let server = ServeProcess::start(&index, &["--query-timeout-ms", "60000"]);
    let base = server.base.clone();

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
