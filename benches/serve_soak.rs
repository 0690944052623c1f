//! A bounded soak test of `kosearch serve`, over loopback only.
//!
//! `cargo bench --bench serve_soak` indexes `corpus/` afresh, starts the
//! real binary on a free loopback port with writing enabled, and runs at
//! once, for a fixed time or until a fixed number of searches is answered:
//!
//! * search clients (keep-alive), cycling through questions of
//!   `../shared/data/klue-hard.queries.jsonl` (or a few of their own) with
//!   varied limits (0, 10, 100), facets, date order and pages, and now and
//!   then a stored document and the statistics;
//! * a writer posting 5 articles every 200 ms (`POST /documents`) and
//!   searching each batch back;
//! * half-open clients: half a request each, replaced as soon as the
//!   server closes it (header timeout);
//! * stalled bodies: `POST /documents` that stops halfway (408 expected);
//! * clients that send requests and never read the answers;
//!
//! then `SIGTERM`, with the half-open clients still connected. It reports
//! the requests answered by kind, the errors (any other answer, any failed
//! request), the stalled connections the server closed, the server's peak
//! and last resident memory (`/proc/PID/status`) and the time from `SIGTERM`
//! to its exit. It fails on any error, and when the server has not exited
//! 30 s after `SIGTERM`.
//!
//! | variable | meaning | bench | under `cargo test` |
//! |---|---|---|---|
//! | `KOSEARCH_SOAK_SECONDS` | how long | 60 | 3 |
//! | `KOSEARCH_SOAK_SEARCHES` | searches at most | 100,000 | 2,000 |
//! | `KOSEARCH_SOAK_HALF_OPEN` | half-open clients | 100 | 10 |
//! | `KOSEARCH_SOAK_TIMEOUT_MS` | the server's header and body timeouts | 2,000 | 300 |

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::{env_number, index_corpus, manifest_dir, serve_queries, ServeProcess};

const TOKEN: &str = "soak-token";
const SEARCH_CLIENTS: usize = 4;
const STALLED_BODIES: usize = 4;
const NON_READERS: usize = 4;

/// What the clients saw.
#[derive(Default)]
struct Tally {
    searches: AtomicU64,
    documents: AtomicU64,
    posts: AtomicU64,
    posted_documents: AtomicU64,
    read_backs: AtomicU64,
    timed_out_bodies: AtomicU64,
    closed_half_open: AtomicU64,
    unread_requests: AtomicU64,
    errors: Mutex<Vec<String>>,
}

impl Tally {
    fn error(&self, error: String) {
        let mut errors = self.errors.lock().unwrap();
        if errors.len() < 1000 {
            errors.push(error);
        }
    }
}

/// The resident memory of a process, in KiB: `VmRSS` or `VmHWM`.
fn memory_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))?
        .trim()
        .trim_end_matches(" kB")
        .parse()
        .ok()
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let seconds = env_number("KOSEARCH_SOAK_SECONDS", if bench { 60 } else { 3 });
    let max_searches = env_number(
        "KOSEARCH_SOAK_SEARCHES",
        if bench { 100_000 } else { 2_000 },
    );
    let half_open = env_number("KOSEARCH_SOAK_HALF_OPEN", if bench { 100 } else { 10 });
    let timeout_ms = env_number("KOSEARCH_SOAK_TIMEOUT_MS", if bench { 2_000 } else { 300 });
    let queries = Arc::new(serve_queries());

    let index = manifest_dir().join("target/kosearch-bench/serve-soak");
    let _ = std::fs::remove_dir_all(&index);
    index_corpus(&index);
    let timeout = timeout_ms.to_string();
    let mut server = ServeProcess::start(
        &index,
        &[
            "--token",
            TOKEN,
            "--header-timeout-ms",
            &timeout,
            "--body-timeout-ms",
            &timeout,
        ],
    );
    let pid = server.child.id();
    let base = server.base.clone();
    let address = base.trim_start_matches("http://").to_string();

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let peak_rss = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut clients = Vec::new();
    let spawn = |clients: &mut Vec<std::thread::JoinHandle<()>>, work: Box<dyn FnOnce() + Send>| {
        clients.push(std::thread::spawn(work));
    };
    {
        let (stop, peak_rss) = (stop.clone(), peak_rss.clone());
        spawn(
            &mut clients,
            Box::new(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(rss) = memory_kib(pid, "VmRSS") {
                        peak_rss.fetch_max(rss, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }),
        );
    }
    let searches = Arc::new(AtomicUsize::new(0));
    for client in 0..SEARCH_CLIENTS {
        let (stop, tally, base, queries, searches) = (
            stop.clone(),
            tally.clone(),
            base.clone(),
            queries.clone(),
            searches.clone(),
        );
        spawn(
            &mut clients,
            Box::new(move || {
                search_client(
                    client,
                    &base,
                    &queries,
                    &searches,
                    max_searches,
                    &stop,
                    &tally,
                )
            }),
        );
    }
    {
        let (stop, tally, base) = (stop.clone(), tally.clone(), base.clone());
        spawn(&mut clients, Box::new(move || writer(&base, &stop, &tally)));
    }
    let half_open_sockets = Arc::new(Mutex::new(Vec::new()));
    {
        let (stop, tally, address, sockets) = (
            stop.clone(),
            tally.clone(),
            address.clone(),
            half_open_sockets.clone(),
        );
        spawn(
            &mut clients,
            Box::new(move || half_open_clients(&address, half_open, &sockets, &stop, &tally)),
        );
    }
    for _ in 0..STALLED_BODIES {
        let (stop, tally, address) = (stop.clone(), tally.clone(), address.clone());
        spawn(
            &mut clients,
            Box::new(move || stalled_body(&address, &stop, &tally)),
        );
    }
    for _ in 0..NON_READERS {
        let (stop, tally, address) = (stop.clone(), tally.clone(), address.clone());
        spawn(
            &mut clients,
            Box::new(move || non_reader(&address, &stop, &tally)),
        );
    }

    while started.elapsed() < Duration::from_secs(seconds as u64)
        && searches.load(Ordering::Relaxed) < max_searches
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let ran = started.elapsed();
    let last_rss = memory_kib(pid, "VmRSS").unwrap_or(0);
    let high_water = memory_kib(pid, "VmHWM").unwrap_or(0);

    // SIGTERM, with the half-open clients still connected.
    let connected = half_open_sockets.lock().unwrap().len();
    let signalled = Instant::now();
    // SAFETY: kill(2) on the server's own process id.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) }, 0);
    let exit = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break Some((status, signalled.elapsed()));
        }
        if signalled.elapsed() > Duration::from_secs(30) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    drop(half_open_sockets);

    let count = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    let errors = tally.errors.lock().unwrap();
    println!(
        "serve_soak: {:.1} s; {SEARCH_CLIENTS} search clients, 1 writer, {half_open} half-open, \
         {STALLED_BODIES} stalled-body and {NON_READERS} non-reading clients; timeouts {timeout_ms} ms\n\
         answered: {} searches, {} documents and statistics, {} posts ({} documents), {} read-backs, \
         {} stalled bodies (408); {} half-open connections closed by the server; \
         {} requests sent and never read\n\
         errors: {}; server memory: peak {} MiB resident (sampled; VmHWM {} MiB), {} MiB at the end; \
         SIGTERM with {connected} half-open clients connected: {}",
        ran.as_secs_f64(),
        count(&tally.searches),
        count(&tally.documents),
        count(&tally.posts),
        count(&tally.posted_documents),
        count(&tally.read_backs),
        count(&tally.timed_out_bodies),
        count(&tally.closed_half_open),
        count(&tally.unread_requests),
        errors.len(),
        peak_rss.load(Ordering::Relaxed) / 1024,
        high_water / 1024,
        last_rss / 1024,
        match &exit {
            Some((status, took)) => format!("exited ({status}) in {:.3} s", took.as_secs_f64()),
            None => "still running after 30 s".to_string(),
        },
    );
    assert!(
        errors.is_empty(),
        "errors: {:?}",
        &errors[..errors.len().min(10)]
    );
    let (status, _) = exit.expect("kosearch serve still runs 30 s after SIGTERM");
    assert!(status.success(), "kosearch serve exited with {status}");
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// `GET` of `url` expecting 200 and JSON; the parsed body.
fn get_json(
    agent: &ureq::Agent,
    url: &str,
    query: &[(&str, &str)],
) -> Result<serde_json::Value, String> {
    let mut request = agent.get(url);
    for (name, value) in query {
        request = request.query(*name, *value);
    }
    let mut response = request.call().map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{url}: {e}"))?;
    if status != 200 {
        return Err(format!("{url} {query:?}: {status} {body}"));
    }
    serde_json::from_str(&body).map_err(|e| format!("{url}: {e}: {body}"))
}

fn search_client(
    client: usize,
    base: &str,
    queries: &[String],
    searches: &AtomicUsize,
    max_searches: usize,
    stop: &AtomicBool,
    tally: &Tally,
) {
    let agent = agent();
    let search = format!("{base}/search");
    let mut i = client;
    while !stop.load(Ordering::Relaxed) && searches.fetch_add(1, Ordering::Relaxed) < max_searches {
        let query = &queries[i % queries.len()];
        let limit = ["10", "0", "100", "10"][i % 4];
        let mut params = vec![("q", query.as_str()), ("limit", limit)];
        if i.is_multiple_of(3) {
            params.push(("facets", "section,date"));
        }
        if i.is_multiple_of(7) {
            params.push(("sort", "date"));
        }
        if i.is_multiple_of(5) {
            params.push(("offset", "10"));
        }
        match get_json(&agent, &search, &params) {
            Ok(_) => {
                tally.searches.fetch_add(1, Ordering::Relaxed);
            }
            Err(error) => tally.error(error),
        }
        if i.is_multiple_of(20) {
            let url = if i.is_multiple_of(40) {
                format!("{base}/stats")
            } else {
                format!("{base}/documents/corpus/000_bcc3dce22a5e3c6c.txt")
            };
            match get_json(&agent, &url, &[]) {
                Ok(_) => {
                    tally.documents.fetch_add(1, Ordering::Relaxed);
                }
                Err(error) => tally.error(error),
            }
        }
        i += SEARCH_CLIENTS;
    }
}

/// Posts 5 articles every 200 ms and searches each batch back.
fn writer(base: &str, stop: &AtomicBool, tally: &Tally) {
    let agent = agent();
    let mut batch = 0;
    while !stop.load(Ordering::Relaxed) {
        let marker = format!("soakmarker{batch}");
        let body: String = (0..5)
            .map(|n| {
                serde_json::json!({
                    "id": format!("soak-{batch}-{n}"),
                    "title": format!("부하 시험 문서 {batch}-{n}"),
                    "body": format!("세종시와 서울시는 협약을 맺었다. {marker} 문서는 시험용이다."),
                    "category": "시험",
                })
                .to_string()
                    + "\n"
            })
            .collect();
        let posted = agent
            .post(format!("{base}/documents"))
            .header("Authorization", &format!("Bearer {TOKEN}"))
            .send(body.as_str());
        match posted.map_err(|e| e.to_string()).and_then(|mut response| {
            let status = response.status().as_u16();
            let text = response
                .body_mut()
                .read_to_string()
                .map_err(|e| e.to_string())?;
            (status == 200)
                .then_some(text.clone())
                .ok_or(format!("POST: {status} {text}"))
        }) {
            Ok(report) => {
                tally.posts.fetch_add(1, Ordering::Relaxed);
                let report: serde_json::Value = serde_json::from_str(&report).unwrap_or_default();
                tally.posted_documents.fetch_add(
                    report["added"].as_u64().unwrap_or(0) + report["updated"].as_u64().unwrap_or(0),
                    Ordering::Relaxed,
                );
                match get_json(&agent, &format!("{base}/search"), &[("q", marker.as_str())]) {
                    Ok(found) if found["total"] == 5 => {
                        tally.read_backs.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(found) => tally.error(format!("{marker}: {} found, not 5", found["total"])),
                    Err(error) => tally.error(error),
                }
            }
            Err(error) => tally.error(error),
        }
        batch += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Keeps `count` connections with half a request each, replacing every one
/// the server closes.
fn half_open_clients(
    address: &str,
    count: usize,
    sockets: &Mutex<Vec<TcpStream>>,
    stop: &AtomicBool,
    tally: &Tally,
) {
    let open = || -> Option<TcpStream> {
        let mut stream = TcpStream::connect(address).ok()?;
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: soak\r\n")
            .ok()?;
        stream.set_nonblocking(true).ok()?;
        Some(stream)
    };
    while !stop.load(Ordering::Relaxed) {
        let mut sockets = sockets.lock().unwrap();
        sockets.retain_mut(|stream| {
            let mut byte = [0u8; 1];
            match stream.read(&mut byte) {
                Ok(0) => {
                    tally.closed_half_open.fetch_add(1, Ordering::Relaxed);
                    false
                }
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => true,
                Ok(_) | Err(_) => {
                    tally.closed_half_open.fetch_add(1, Ordering::Relaxed);
                    false
                }
            }
        });
        while sockets.len() < count {
            match open() {
                Some(stream) => sockets.push(stream),
                None => break,
            }
        }
        drop(sockets);
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends half a `POST /documents` body and waits for the 408.
fn stalled_body(address: &str, stop: &AtomicBool, tally: &Tally) {
    while !stop.load(Ordering::Relaxed) {
        let answer = (|| -> std::io::Result<String> {
            let mut stream = TcpStream::connect(address)?;
            stream.set_read_timeout(Some(Duration::from_secs(60)))?;
            write!(
                stream,
                "POST /documents HTTP/1.1\r\nHost: soak\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Length: 1000\r\n\r\n{{\"id\": \"stalled\","
            )?;
            let mut answer = String::new();
            stream.read_to_string(&mut answer)?;
            Ok(answer)
        })();
        match answer {
            Ok(answer) if answer.starts_with("HTTP/1.1 408") => {
                tally.timed_out_bodies.fetch_add(1, Ordering::Relaxed);
            }
            Ok(answer) => tally.error(format!("a stalled body got {:?}", answer.lines().next())),
            Err(error) => tally.error(format!("a stalled body: {error}")),
        }
    }
}

/// Sends requests and never reads the answers.
fn non_reader(address: &str, stop: &AtomicBool, tally: &Tally) {
    while !stop.load(Ordering::Relaxed) {
        if let Ok(mut stream) = TcpStream::connect(address) {
            for _ in 0..5 {
                if stream
                    .write_all(b"GET /search?q=%EC%84%B8%EC%A2%85&limit=100 HTTP/1.1\r\nHost: soak\r\n\r\n")
                    .is_ok()
                {
                    tally.unread_requests.fetch_add(1, Ordering::Relaxed);
                }
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}
