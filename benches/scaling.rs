//! How indexing and search costs grow with the corpus: a scaling report.
//!
//! `cargo bench --bench scaling` takes growing prefixes of a corpus (by
//! default 1,000, 10,000 and 100,000 documents of
//! `../shared/data/kowiki-100k.jsonl.zst`), writes each as a JSON Lines file,
//! indexes it with the real command (`kosearch index PREFIX --index DIR
//! --threads 2`) in a child process, so that the peak RSS measured (from
//! `wait4`'s `ru_maxrss`) is that size's own, and then, in this process,
//! runs the questions of `../shared/data/klue-hard.queries.jsonl` (their
//! `query` field) against it with the library's `Searcher`: one thread, top
//! 10 with passages, one warm-up pass then one measured pass, like
//! `benches/search.rs`. For each size it reports indexing seconds (wall
//! clock and CPU), documents/s, MB/s (title and body text), peak RSS, index
//! size on disk and query latency p50/p95/p99, and it fits the scaling
//! exponent `k` of each cost (least squares on log-log axes: cost ∝ size^k).
//!
//! It writes into the output directory `scaling.csv`, `scaling.svg` (each
//! cost against corpus size, log-log, with the target slopes) and
//! `scaling.md` (the table and the exponents, as printed).
//!
//! Settings, as environment variables or as arguments after `--`:
//!
//! | variable | argument | default |
//! |---|---|---|
//! | `KOSEARCH_SCALING_CORPUS` | `--corpus FILE` | `../shared/data/kowiki-100k.jsonl.zst` (`.jsonl`, `.zst`, `.gz`) |
//! | `KOSEARCH_SCALING_SIZES` | `--sizes LIST` | `1000,10000,100000` |
//! | `KOSEARCH_SCALING_QUERIES` | `--queries FILE` | `../shared/data/klue-hard.queries.jsonl` |
//! | `KOSEARCH_SCALING_OUT` | `--out DIR` | `target/kosearch-bench/scaling` |
//! | `KOSEARCH_SCALING_THREADS` | `--threads N` | `2` |
//! | `KOSEARCH_SCALING_MEMORY_MB` | `--memory MIB` | `kosearch index`'s default (256) |
//!
//! Without `../shared`, the corpus is `corpus/kowiki.jsonl` and the questions
//! are a few of its own. Under `cargo test` (no `--bench` argument) it runs
//! sizes 10 and 50 of `corpus/kowiki.jsonl` into a temporary directory, as a
//! smoke test, whatever the settings.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kosearch::dictionary::KoreanDictionary;
use kosearch::index::Index;
use kosearch::search::{SearchOptions, Searcher};
use plotters::prelude::*;

mod common;
use common::{dir_size, manifest_dir, percentile_ms, queries_of, shared};

const MIB: f64 = 1024.0 * 1024.0;

/// Targets the report compares with.
const TARGET_INDEXING_EXPONENT: f64 = 1.05;
const TARGET_LATENCY_EXPONENT: f64 = 0.5;
const TARGET_RSS_GROWTH: f64 = 0.2;

struct Settings {
    corpus: PathBuf,
    sizes: Vec<usize>,
    queries: Option<PathBuf>,
    out: PathBuf,
    threads: usize,
    /// `kosearch index --memory`, when given.
    memory_mb: Option<usize>,
    /// Search passes; the last one is measured.
    passes: usize,
}

/// One corpus size, measured.
struct Row {
    documents: usize,
    /// Documents in the index afterwards (fewer when ids repeat).
    indexed: u64,
    text_bytes: u64,
    input_bytes: u64,
    wall_seconds: f64,
    cpu_seconds: f64,
    peak_rss_bytes: u64,
    /// The largest anonymous (heap) part of the RSS seen by sampling.
    peak_anonymous_bytes: u64,
    index_bytes: u64,
    queries: usize,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

impl Row {
    fn documents_per_s(&self) -> f64 {
        self.documents as f64 / self.wall_seconds
    }

    fn mb_per_s(&self) -> f64 {
        self.text_bytes as f64 / 1e6 / self.wall_seconds
    }
}

/// The value of `--name VALUE` among the arguments, else of the variable.
fn setting(args: &[String], name: &str, variable: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var(variable).ok())
        .filter(|value| !value.trim().is_empty())
}

fn parse_sizes(list: &str) -> Vec<usize> {
    let mut sizes: Vec<usize> = list
        .split(',')
        .map(|size| {
            size.trim()
                .replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("not a size: {size:?}"))
        })
        .filter(|&size| size > 0)
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    assert!(!sizes.is_empty(), "no corpus size given");
    sizes
}

fn settings(args: &[String]) -> Settings {
    let sample = manifest_dir().join("corpus/kowiki.jsonl");
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test`: a quick smoke run on the sample corpus.
        return Settings {
            corpus: sample,
            sizes: vec![10, 50],
            queries: None,
            out: PathBuf::new(),
            threads: 2,
            memory_mb: None,
            passes: 1,
        };
    }
    let corpus = setting(args, "--corpus", "KOSEARCH_SCALING_CORPUS")
        .map(PathBuf::from)
        .or_else(|| shared("kowiki-100k.jsonl.zst"))
        .unwrap_or_else(|| {
            eprintln!("../shared/data/kowiki-100k.jsonl.zst not found: using corpus/kowiki.jsonl");
            sample
        });
    let queries = setting(args, "--queries", "KOSEARCH_SCALING_QUERIES")
        .map(PathBuf::from)
        .or_else(|| shared("klue-hard.queries.jsonl"));
    Settings {
        corpus,
        sizes: parse_sizes(
            &setting(args, "--sizes", "KOSEARCH_SCALING_SIZES")
                .unwrap_or_else(|| "1000,10000,100000".into()),
        ),
        queries,
        out: setting(args, "--out", "KOSEARCH_SCALING_OUT")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest_dir().join("target/kosearch-bench/scaling")),
        threads: setting(args, "--threads", "KOSEARCH_SCALING_THREADS")
            .map(|n| n.parse().expect("a thread count"))
            .unwrap_or(2),
        memory_mb: setting(args, "--memory", "KOSEARCH_SCALING_MEMORY_MB")
            .map(|n| n.parse().expect("a memory budget in MiB")),
        passes: 2,
    }
}

fn questions(path: Option<&Path>) -> Vec<String> {
    match path {
        Some(path) => queries_of(path),
        None => [
            "지미 카터는 어느 당 출신 대통령인가?",
            "조지아 공과대학교를 졸업한 미국 대통령은?",
            "세종시와 서울시가 맺은 협약은?",
            "수학에서 함수의 정의는 무엇인가?",
        ]
        .map(String::from)
        .to_vec(),
    }
}

fn open_text(path: &Path) -> Box<dyn BufRead> {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.to_string_lossy();
    let reader: Box<dyn Read> = if name.ends_with(".zst") {
        Box::new(zstd::Decoder::new(file).expect("a zstd stream"))
    } else if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Box::new(BufReader::with_capacity(1 << 20, reader))
}

/// A prefix of the corpus written as JSON Lines.
struct Prefix {
    documents: usize,
    path: PathBuf,
    text_bytes: u64,
    input_bytes: u64,
}

/// Writes the first `size` documents of the corpus to `dir`, for each size,
/// in one pass. Sizes beyond the corpus become the corpus's size.
fn write_prefixes(corpus: &Path, sizes: &[usize], dir: &Path) -> Vec<Prefix> {
    let largest = *sizes.last().expect("a size");
    let mut writers: Vec<(Prefix, BufWriter<File>)> = sizes
        .iter()
        .map(|&documents| {
            let path = dir.join(format!("prefix-{documents}.jsonl"));
            let file = File::create(&path).expect("a prefix file");
            let prefix = Prefix {
                documents: 0,
                path,
                text_bytes: 0,
                input_bytes: 0,
            };
            (prefix, BufWriter::with_capacity(1 << 20, file))
        })
        .collect();
    let mut read = 0;
    for line in open_text(corpus).lines() {
        let line = line.expect("a corpus line");
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON document");
        let text = ["title", "body"]
            .iter()
            .filter_map(|field| value[field].as_str())
            .map(str::len)
            .sum::<usize>() as u64;
        for (size, (prefix, writer)) in sizes.iter().zip(writers.iter_mut()) {
            if read < *size {
                writeln!(writer, "{line}").expect("write a prefix");
                prefix.documents += 1;
                prefix.text_bytes += text;
                prefix.input_bytes += line.len() as u64 + 1;
            }
        }
        read += 1;
        if read >= largest {
            break;
        }
    }
    let mut prefixes: Vec<Prefix> = Vec::new();
    for (prefix, mut writer) in writers {
        writer.flush().expect("write a prefix");
        if prefixes
            .last()
            .is_some_and(|p| p.documents == prefix.documents)
        {
            let _ = std::fs::remove_file(&prefix.path);
            continue;
        }
        if prefix.documents < sizes[prefixes.len()] {
            eprintln!(
                "the corpus has {} documents only: measuring that size instead of {}",
                prefix.documents,
                sizes[prefixes.len()]
            );
        }
        prefixes.push(prefix);
    }
    prefixes
}

/// What the indexing child process cost.
struct ChildCost {
    wall_seconds: f64,
    cpu_seconds: f64,
    peak_rss_bytes: u64,
    peak_anonymous_bytes: u64,
}

/// Runs `kosearch index INPUT --index DIR --threads N [--memory MIB]`, its
/// output going to `log`, and measures it.
fn index_in_child(input: &Path, dir: &Path, settings: &Settings, log: &Path) -> ChildCost {
    let log_file = File::create(log).expect("a log file");
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_kosearch"));
    command
        .arg("index")
        .arg(input)
        .arg("--index")
        .arg(dir)
        .arg("--threads")
        .arg(settings.threads.to_string());
    if let Some(memory_mb) = settings.memory_mb {
        command.arg("--memory").arg(memory_mb.to_string());
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("a log file"))
        .stderr(log_file)
        .spawn()
        .expect("start kosearch index");
    let pid = child.id() as libc::pid_t;
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || peak_anonymous_rss(pid, &done))
    };
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, valid when zeroed.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child, writing into valid locals. The
        // `Child` handle is never waited on afterwards.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::Interrupted,
            "wait4: {error}"
        );
    }
    let wall_seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    drop(child);
    let exited = libc::WIFEXITED(status);
    let code = libc::WEXITSTATUS(status);
    let output = std::fs::read_to_string(log).unwrap_or_default();
    assert!(
        exited && (code == 0 || code == 1),
        "kosearch index failed (status {status}):\n{output}"
    );
    if code == 1 {
        eprintln!("kosearch index skipped some input:\n{output}");
    }
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 / 1e6;
    ChildCost {
        wall_seconds,
        cpu_seconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        // Linux reports kilobytes.
        peak_rss_bytes: usage.ru_maxrss as u64 * 1024,
        peak_anonymous_bytes: sampler.join().expect("the RSS sampler"),
    }
}

/// The largest `RssAnon` of process `pid`, sampled every 20 ms until `done`:
/// the heap and other private memory, without the memory-mapped files (the
/// dictionary, the index's segments) that `ru_maxrss` also counts.
fn peak_anonymous_rss(pid: libc::pid_t, done: &AtomicBool) -> u64 {
    let path = format!("/proc/{pid}/status");
    let mut peak = 0;
    while !done.load(Ordering::Relaxed) {
        let anonymous = std::fs::read_to_string(&path).ok().and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("RssAnon:"))
                .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
        peak = peak.max(anonymous.unwrap_or(0) * 1024);
        std::thread::sleep(Duration::from_millis(20));
    }
    peak
}

/// Query latencies in milliseconds (p50, p95, p99, max) and the documents
/// the index holds.
fn query_latency(
    dictionary: &KoreanDictionary,
    dir: &Path,
    questions: &[String],
    passes: usize,
) -> ([f64; 4], u64) {
    let index = Index::open_with(dir, dictionary).expect("open the index");
    let searcher = Searcher::new(&index).expect("a searcher");
    let options = SearchOptions::default();
    let mut latencies = Vec::with_capacity(questions.len());
    // The first pass warms the caches; the last one is measured.
    for _ in 0..passes {
        latencies.clear();
        for question in questions {
            let started = Instant::now();
            let results = searcher.search(question, &options).expect("search");
            latencies.push(started.elapsed());
            std::hint::black_box(results);
        }
    }
    latencies.sort();
    (
        [50.0, 95.0, 99.0, 100.0].map(|p| percentile_ms(&latencies, p)),
        searcher.documents(),
    )
}

/// The least-squares slope of ln(cost) against ln(size): cost ∝ size^k.
fn exponent(points: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let points: Vec<(f64, f64)> = points
        .into_iter()
        .filter(|&(x, y)| x > 0.0 && y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

fn fit(rows: &[Row], cost: impl Fn(&Row) -> f64) -> Option<f64> {
    exponent(rows.iter().map(|row| (row.documents as f64, cost(row))))
}

fn show(k: Option<f64>) -> String {
    k.map_or_else(|| "n/a".into(), |k| format!("{k:.2}"))
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "documents,indexed,text_mb,input_mb,index_seconds,cpu_seconds,documents_per_s,mb_per_s,\
         peak_rss_mib,peak_anonymous_mib,index_mib,queries,p50_ms,p95_ms,p99_ms,max_ms\n",
    );
    for row in rows {
        out.push_str(&format!(
            "{},{},{:.3},{:.3},{:.3},{:.3},{:.1},{:.3},{:.1},{:.1},{:.1},{},{:.3},{:.3},{:.3},{:.3}\n",
            row.documents,
            row.indexed,
            row.text_bytes as f64 / 1e6,
            row.input_bytes as f64 / 1e6,
            row.wall_seconds,
            row.cpu_seconds,
            row.documents_per_s(),
            row.mb_per_s(),
            row.peak_rss_bytes as f64 / MIB,
            row.peak_anonymous_bytes as f64 / MIB,
            row.index_bytes as f64 / MIB,
            row.queries,
            row.p50_ms,
            row.p95_ms,
            row.p99_ms,
            row.max_ms,
        ));
    }
    out
}

/// The report as Markdown: the table, the exponents, the targets.
fn report(settings: &Settings, rows: &[Row]) -> String {
    let mut out = format!(
        "corpus `{}`, {} indexing thread(s), {} questions (top 10 with passages, 1 thread, \
         warm)\n\n",
        settings.corpus.display(),
        settings.threads,
        rows.first().map_or(0, |row| row.queries),
    );
    out.push_str(
        "| documents | text MB | indexing s | CPU s | documents/s | MB/s | peak RSS MiB | \
         of which heap MiB | index MiB | p50 ms | p95 ms | p99 ms |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {:.1} | {:.2} | {:.2} | {:.0} | {:.2} | {:.0} | {:.0} | {:.1} | {:.2} | {:.2} | {:.2} |\n",
            row.documents,
            row.text_bytes as f64 / 1e6,
            row.wall_seconds,
            row.cpu_seconds,
            row.documents_per_s(),
            row.mb_per_s(),
            row.peak_rss_bytes as f64 / MIB,
            row.peak_anonymous_bytes as f64 / MIB,
            row.index_bytes as f64 / MIB,
            row.p50_ms,
            row.p95_ms,
            row.p99_ms,
        ));
    }
    let indexing = fit(rows, |row| row.wall_seconds);
    let p50 = fit(rows, |row| row.p50_ms);
    out.push_str(&format!(
        "\nscaling exponents k (cost ∝ documents^k, least squares on log-log):\n\n\
         | cost | k | target |\n|---|---:|---|\n\
         | indexing time (wall) | {} | ≤ {TARGET_INDEXING_EXPONENT} {} |\n\
         | indexing time (CPU) | {} | |\n\
         | indexing time (wall) against text MB | {} | |\n\
         | query latency p50 | {} | ≤ {TARGET_LATENCY_EXPONENT} {} |\n\
         | query latency p95 | {} | |\n\
         | query latency p99 | {} | |\n\
         | peak RSS | {} | |\n\
         | peak heap (anonymous RSS) | {} | |\n\
         | index size | {} | |\n",
        show(indexing),
        verdict(indexing.map(|k| k <= TARGET_INDEXING_EXPONENT)),
        show(fit(rows, |row| row.cpu_seconds)),
        show(exponent(
            rows.iter()
                .map(|row| (row.text_bytes as f64, row.wall_seconds))
        )),
        show(p50),
        verdict(p50.map(|k| k <= TARGET_LATENCY_EXPONENT)),
        show(fit(rows, |row| row.p95_ms)),
        show(fit(rows, |row| row.p99_ms)),
        show(fit(rows, |row| row.peak_rss_bytes as f64)),
        show(fit(rows, |row| row.peak_anonymous_bytes as f64)),
        show(fit(rows, |row| row.index_bytes as f64)),
    ));
    let rss = |size: usize| {
        rows.iter()
            .find(|row| row.documents == size)
            .map(|row| row.peak_rss_bytes as f64)
    };
    let heap = |size: usize| {
        rows.iter()
            .find(|row| row.documents == size)
            .map(|row| row.peak_anonymous_bytes as f64)
    };
    if let (Some(small), Some(large)) = (heap(10_000), heap(100_000)) {
        out.push_str(&format!(
            "\npeak heap (anonymous RSS) from 10,000 to 100,000 documents: {:.0} → {:.0} MiB \
             ({:+.0}%)\n",
            small / MIB,
            large / MIB,
            (large / small - 1.0) * 100.0,
        ));
    }
    if let (Some(small), Some(large)) = (rss(10_000), rss(100_000)) {
        let growth = large / small - 1.0;
        out.push_str(&format!(
            "\npeak RSS from 10,000 to 100,000 documents: {:.0} → {:.0} MiB ({:+.0}%; target within \
             ±{:.0}%) {}\n",
            small / MIB,
            large / MIB,
            growth * 100.0,
            TARGET_RSS_GROWTH * 100.0,
            verdict(Some(growth.abs() <= TARGET_RSS_GROWTH)),
        ));
    }
    out
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "(met)",
        Some(false) => "(**missed**)",
        None => "",
    }
}

// ---------------------------------------------------------------------------
// The chart.

const COLOURS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
];

/// A line of one panel: its label and points (documents, cost).
struct Series {
    label: String,
    points: Vec<(f64, f64)>,
    dashed: bool,
}

impl Series {
    fn measured(label: &str, rows: &[Row], cost: impl Fn(&Row) -> f64) -> Series {
        let points: Vec<(f64, f64)> = rows
            .iter()
            .map(|row| (row.documents as f64, cost(row)))
            .collect();
        let k = exponent(points.iter().copied());
        Series {
            label: format!("{label} (k = {})", show(k)),
            points,
            dashed: false,
        }
    }

    /// A reference slope `k` through the first point of `through`.
    fn slope(k: f64, label: &str, through: &Series) -> Option<Series> {
        let &(x0, y0) = through.points.first()?;
        let &(x1, _) = through.points.last()?;
        Some(Series {
            label: label.into(),
            points: vec![(x0, y0), (x1, y0 * (x1 / x0).powf(k))],
            dashed: true,
        })
    }
}

fn tick(value: f64) -> String {
    if value >= 1000.0 {
        let thousands = value / 1000.0;
        if thousands.fract().abs() < 1e-9 {
            format!("{thousands:.0}k")
        } else {
            format!("{thousands:.1}k")
        }
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A log axis from `low` to `high` with ticks at 1, 2 and 5 times powers of
/// ten.
fn log_axis(
    low: f64,
    high: f64,
) -> plotters::coord::combinators::WithKeyPoints<plotters::coord::combinators::LogCoord<f64>> {
    let mut ticks = Vec::new();
    let mut decade = 10f64.powf(low.log10().floor());
    while decade <= high {
        for step in [1.0, 2.0, 5.0] {
            let tick = decade * step;
            if (low..=high).contains(&tick) {
                ticks.push(tick);
            }
        }
        decade *= 10.0;
    }
    (low..high).log_scale().with_key_points(ticks)
}

fn panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    title: &str,
    unit: &str,
    series: &[Series],
) -> Result<(), Box<dyn std::error::Error>> {
    let all = || series.iter().flat_map(|s| s.points.iter().copied());
    let (x_min, x_max) = all().fold((f64::MAX, f64::MIN), |(lo, hi), (x, _)| {
        (lo.min(x), hi.max(x))
    });
    let (y_min, y_max) = all()
        .filter(|&(_, y)| y > 0.0)
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, y)| {
            (lo.min(y), hi.max(y))
        });
    if x_min > x_max || y_min > y_max {
        return Ok(());
    }
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(58)
        .build_cartesian_2d(
            log_axis(x_min / 1.5, x_max * 1.5),
            log_axis(y_min / 2.0, y_max * 2.0),
        )?;
    chart
        .configure_mesh()
        .x_desc("documents (log scale)")
        .y_desc(unit)
        .x_label_formatter(&|x| tick(*x))
        .y_label_formatter(&|y| tick(*y))
        .label_style(("sans-serif", 13))
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()?;
    let mut measured = 0;
    for line in series {
        let colour = if line.dashed {
            RGBColor(120, 120, 120)
        } else {
            measured += 1;
            COLOURS[(measured - 1) % COLOURS.len()]
        };
        let style = ShapeStyle::from(colour).stroke_width(2);
        if line.dashed {
            chart
                .draw_series(DashedLineSeries::new(
                    line.points.iter().copied(),
                    6,
                    5,
                    style,
                ))?
                .label(&line.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 8, y)], style));
        } else {
            chart
                .draw_series(LineSeries::new(line.points.iter().copied(), style))?
                .label(&line.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
            chart.draw_series(
                line.points
                    .iter()
                    .map(|&point| Circle::new(point, 4, colour.filled())),
            )?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(("sans-serif", 13))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .draw()?;
    Ok(())
}

fn chart(path: &Path, settings: &Settings, rows: &[Row]) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (1500, 540)).into_drawing_area();
    root.fill(&WHITE)?;
    let corpus = settings
        .corpus
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let (header, body) = root.split_vertically(40);
    header.draw(&Text::new(
        format!(
            "kosearch scaling: prefixes of {corpus}, {} indexing threads; {} questions, top 10 with passages, 1 thread",
            settings.threads,
            rows.first().map_or(0, |row| row.queries),
        ),
        (20, 12),
        ("sans-serif", 18),
    ))?;
    let panels = body.split_evenly((1, 3));

    let wall = Series::measured("wall clock", rows, |row| row.wall_seconds);
    let cpu = Series::measured("CPU (user + system)", rows, |row| row.cpu_seconds);
    let mut indexing = vec![wall, cpu];
    indexing.extend(Series::slope(
        TARGET_INDEXING_EXPONENT,
        &format!("target k = {TARGET_INDEXING_EXPONENT}"),
        &indexing[0],
    ));
    panel(&panels[0], "Indexing time", "seconds", &indexing)?;

    let mut latency = vec![
        Series::measured("p50", rows, |row| row.p50_ms),
        Series::measured("p95", rows, |row| row.p95_ms),
        Series::measured("p99", rows, |row| row.p99_ms),
    ];
    latency.extend(Series::slope(
        TARGET_LATENCY_EXPONENT,
        &format!("target k = {TARGET_LATENCY_EXPONENT} (p50)"),
        &latency[0],
    ));
    panel(&panels[1], "Query latency", "milliseconds", &latency)?;

    let memory = vec![
        Series::measured("peak RSS of indexing", rows, |row| {
            row.peak_rss_bytes as f64 / MIB
        }),
        Series::measured("of which heap (anonymous)", rows, |row| {
            row.peak_anonymous_bytes as f64 / MIB
        }),
        Series::measured("index on disk", rows, |row| row.index_bytes as f64 / MIB),
    ];
    panel(&panels[2], "Memory and disk", "MiB", &memory)?;
    root.present()?;
    Ok(())
}

// ---------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = !args.iter().any(|a| a == "--bench");
    let started = Instant::now();
    let mut settings = settings(&args);
    let temporary = tempfile::tempdir().expect("a temporary directory");
    if smoke {
        settings.out = temporary.path().join("out");
    }
    std::fs::create_dir_all(&settings.out).expect("the output directory");
    let dictionary = common::dictionary();
    let questions = questions(settings.queries.as_deref());
    assert!(!questions.is_empty(), "no questions");

    eprintln!(
        "writing prefixes of {} ({:?} documents) ...",
        settings.corpus.display(),
        settings.sizes
    );
    let prefixes = write_prefixes(&settings.corpus, &settings.sizes, temporary.path());
    let mut rows = Vec::new();
    for prefix in &prefixes {
        let dir = temporary.path().join(format!("index-{}", prefix.documents));
        let log = settings.out.join(format!("index-{}.log", prefix.documents));
        eprintln!("indexing {} documents ...", prefix.documents);
        let cost = index_in_child(&prefix.path, &dir, &settings, &log);
        let index_bytes = dir_size(&dir);
        let ([p50_ms, p95_ms, p99_ms, max_ms], indexed) =
            query_latency(&dictionary, &dir, &questions, settings.passes);
        let row = Row {
            documents: prefix.documents,
            indexed,
            text_bytes: prefix.text_bytes,
            input_bytes: prefix.input_bytes,
            wall_seconds: cost.wall_seconds,
            cpu_seconds: cost.cpu_seconds,
            peak_rss_bytes: cost.peak_rss_bytes,
            peak_anonymous_bytes: cost.peak_anonymous_bytes,
            index_bytes,
            queries: questions.len(),
            p50_ms,
            p95_ms,
            p99_ms,
            max_ms,
        };
        eprintln!(
            "  {:.2} s ({:.2} s CPU), {:.0} documents/s, {:.2} MB/s, peak RSS {:.0} MiB (heap \
             {:.0} MiB), index {:.1} MiB; latency p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
            row.wall_seconds,
            row.cpu_seconds,
            row.documents_per_s(),
            row.mb_per_s(),
            row.peak_rss_bytes as f64 / MIB,
            row.peak_anonymous_bytes as f64 / MIB,
            row.index_bytes as f64 / MIB,
            row.p50_ms,
            row.p95_ms,
            row.p99_ms,
        );
        std::fs::remove_dir_all(&dir).expect("remove the index");
        std::fs::remove_file(&prefix.path).expect("remove the prefix");
        rows.push(row);
    }

    let csv_path = settings.out.join("scaling.csv");
    let svg_path = settings.out.join("scaling.svg");
    let md_path = settings.out.join("scaling.md");
    std::fs::write(&csv_path, csv(&rows)).expect("write the CSV");
    chart(&svg_path, &settings, &rows).expect("draw the chart");
    let report = report(&settings, &rows);
    std::fs::write(&md_path, &report).expect("write the report");
    println!("{report}");
    println!(
        "wrote {}, {} and {} in {:.0} s",
        csv_path.display(),
        svg_path.display(),
        md_path.display(),
        started.elapsed().as_secs_f64()
    );

    if smoke {
        let csv = std::fs::read_to_string(&csv_path).expect("the CSV");
        assert_eq!(csv.lines().count(), 1 + prefixes.len());
        let svg = std::fs::read_to_string(&svg_path).expect("the chart");
        assert!(svg.contains("<svg") && svg.contains("Query latency"));
        assert!(rows.iter().all(|row| row.indexed == row.documents as u64));
    }
}
