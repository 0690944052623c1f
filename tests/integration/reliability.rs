//! Reliability: searches running while commits land, damaged indexes and
//! dictionaries, and inputs at the resource limits. Real dictionary, real
//! indexes, the real `kosearch` binary; see docs/reliability.md.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kosearch::index::{Index, WriterOptions};
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Article;
use kosearch::Error;

use crate::util::{self, copy_dir, corpus_dir, kosearch, read_articles};

/// What a run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Peak resident memory (VmHWM), sampled from /proc while it ran.
    peak_rss_mib: u64,
    elapsed: Duration,
}

impl Run {
    /// Asserts success (exit code 0).
    fn succeeds(&self) {
        assert_eq!(self.code, Some(0), "{}", self.stderr);
    }

    /// Asserts a clean failure: the exit code, no panic, and every one of
    /// `needles` in standard error.
    fn fails(&self, code: i32, needles: &[&str]) {
        assert_eq!(self.code, Some(code), "{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "{needle:?} not in: {}",
                self.stderr
            );
        }
    }
}

/// Runs `command` to the end, output into files (so that nothing blocks),
/// sampling the child's peak resident memory every few milliseconds.
fn run(mut command: Command) -> Run {
    let out = tempfile::tempfile().unwrap();
    let err = tempfile::tempfile().unwrap();
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap())
        .spawn()
        .unwrap();
    let status_path = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            let hwm = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let read = |mut file: std::fs::File| {
        use std::io::{Read, Seek};
        file.seek(std::io::SeekFrom::Start(0)).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        text
    };
    Run {
        code: status.code(),
        stdout: read(out),
        stderr: read(err),
        peak_rss_mib: peak_kib / 1024,
        elapsed: started.elapsed(),
    }
}

/// `kosearch ARGS...`, run.
fn kosearch_run(args: &[&str]) -> Run {
    let mut command = kosearch();
    command.args(args);
    run(command)
}

/// A fresh index of the sample petitions (204 documents, several segments).
fn petitions_index(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    let out = kosearch_run(&[
        "index",
        "corpus/petitions.jsonl",
        "--commit-every",
        "100",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    index
}

/// The files of the index's largest segment component of this kind.
fn largest_file(dir: &Path, extension: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .max_by_key(|path| path.metadata().unwrap().len())
        .unwrap_or_else(|| panic!("no .{extension} file in {}", dir.display()))
}

// ---------------------------------------------------------------------------
// Concurrency

/// After `reload`, a searcher sees the commit just made, even while other
/// reloads run (as the reload on commit does, on a watcher thread). tantivy
/// stores reloads in no order, so one that had read an older commit could
/// replace a newer one: the one explanation found for the `index_round_trip`
/// fuzz target reading a document back in its previous version, twice in
/// some 25,000 runs. The window is too narrow to hit here at will; this
/// checks the promise, and that reloads, which now take turns, go on.
#[test]
fn a_reload_never_goes_back_to_an_older_commit() {
    let (_dir, index, searcher) = util::temporary_index();
    let done = Arc::new(AtomicBool::new(false));
    let reloaders: Vec<_> = (0..2)
        .map(|_| {
            let (searcher, done) = (searcher.clone(), done.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    searcher.reload().unwrap();
                }
            })
        })
        .collect();
    // One writer for every version: a writer taken and released 50 times
    // could find its lock file still held by a process another test of this
    // binary was spawning (the descriptor lives in the child from fork to
    // exec), and fail with `IndexLocked`.
    let mut writer = index.writer(&util::small_writer()).unwrap();
    for version in 0..50 {
        let body = format!("협약 본문 {version}판");
        writer
            .upsert(&Article {
                id: "x".into(),
                title: "협약".into(),
                body: body.clone(),
                ..Article::default()
            })
            .unwrap();
        writer.commit().unwrap();
        searcher.reload().unwrap();
        let stored = searcher.document("x").unwrap().unwrap();
        assert_eq!(stored.body, body, "version {version}");
    }
    writer.finish().unwrap();
    done.store(true, Ordering::Relaxed);
    for reloader in reloaders {
        reloader.join().unwrap();
    }
}

/// Four threads search while documents are added and committed in batches:
/// no search fails, each sees a committed state (a whole number of batches,
/// or everything), and what a thread sees never shrinks.
#[test]
fn four_searchers_see_only_committed_states_while_indexing() {
    const BATCH: usize = 10;
    const MARK: &str = "신뢰성시험";
    let dir = tempfile::tempdir().unwrap();
    let index = util::create_index(dir.path());
    let articles: Vec<Article> = read_articles(&[corpus_dir()])
        .into_iter()
        .map(|mut article| {
            // Every document carries the same source: `source:MARK` counts
            // the committed documents.
            article.source = Some(MARK.to_string());
            article
        })
        .collect();
    let total = articles.len();
    assert!(total > 20 * BATCH, "{total} documents");

    let searcher = Searcher::new(&index).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..4)
        .map(|thread| {
            let (searcher, done, index) = (searcher.clone(), done.clone(), index.clone());
            std::thread::spawn(move || {
                let committed = |count: usize| count.is_multiple_of(BATCH) || count == total;
                let (mut last_all, mut last_text, mut searches) = (0, 0, 0);
                let mut states = std::collections::BTreeSet::new();
                loop {
                    // Read the flag first: one more round after the end.
                    let finished = done.load(Ordering::SeqCst);
                    // Thread 3 opens a fresh searcher every time; the
                    // others share one, reloaded on commit.
                    let fresh;
                    let searcher = if thread == 3 {
                        fresh = Searcher::new(&index).unwrap();
                        &fresh
                    } else {
                        &searcher
                    };
                    let all = searcher
                        .search(&format!("source:{MARK}"), &SearchOptions::default())
                        .unwrap()
                        .total as usize;
                    assert!(committed(all), "thread {thread} saw {all} documents");
                    assert!(all >= last_all, "thread {thread}: {all} after {last_all}");
                    if thread != 3 {
                        // A shared searcher never goes back; a fresh one
                        // is at least as recent as what was seen before.
                        let text = searcher
                            .search("정부 OR 교육 OR 세종", &SearchOptions::default())
                            .unwrap();
                        assert!(text.total >= last_text, "thread {thread}");
                        for passage in text.hits.iter().flat_map(|hit| &hit.passages) {
                            for &(start, end) in &passage.highlights {
                                assert!(passage.text.is_char_boundary(start));
                                assert!(passage.text.is_char_boundary(end));
                            }
                        }
                        last_text = text.total;
                    }
                    let documents = searcher.documents() as usize;
                    assert!(committed(documents), "thread {thread}: {documents}");
                    states.insert(all);
                    last_all = all;
                    searches += 1;
                    if finished {
                        break;
                    }
                }
                (searches, states)
            })
        })
        .collect();

    let mut writer = index
        .writer(&WriterOptions {
            commit_every_docs: BATCH,
            ..WriterOptions::default()
        })
        .unwrap();
    for article in &articles {
        writer.upsert(article).unwrap();
    }
    writer.finish().unwrap();
    // Let the readers catch up with the last commit before stopping them.
    searcher.reload().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    done.store(true, Ordering::SeqCst);
    let mut states = std::collections::BTreeSet::new();
    for thread in threads {
        let (searches, seen) = thread.join().unwrap();
        assert!(searches > 0);
        states.extend(seen);
    }
    eprintln!("committed states seen: {states:?}");
    searcher.reload().unwrap();
    assert_eq!(searcher.documents() as usize, total);
    assert_eq!(
        searcher
            .search(&format!("source:{MARK}"), &SearchOptions::default())
            .unwrap()
            .total as usize,
        total
    );
}

// ---------------------------------------------------------------------------
// Damaged state

const REINDEX: &str = "run `kosearch index` again";

#[test]
fn a_truncated_or_missing_segment_file_is_reported_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let good = petitions_index(dir.path());
    for extension in ["store", "idx", "pos", "term", "fast", "fieldnorm"] {
        for damage in ["truncated", "missing"] {
            let index = dir.path().join(format!("{extension}-{damage}"));
            copy_dir(&good, &index);
            let file = largest_file(&index, extension);
            if damage == "truncated" {
                let size = file.metadata().unwrap().len();
                let handle = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
                handle.set_len(size / 2).unwrap();
            } else {
                std::fs::remove_file(&file).unwrap();
            }
            let name = file.file_name().unwrap().to_str().unwrap();
            let index = index.to_str().unwrap();
            for args in [
                &["search", "정부", "--index", index][..],
                &["stats", "--index", index],
                &["index", "corpus/petitions.jsonl", "--index", index],
            ] {
                kosearch_run(args).fails(2, &["is unusable", name, damage, REINDEX]);
            }
        }
    }
}

#[test]
fn a_deleted_or_damaged_meta_json_is_reported_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let good = petitions_index(dir.path());

    let index = dir.path().join("no-meta");
    copy_dir(&good, &index);
    std::fs::remove_file(index.join("meta.json")).unwrap();
    let index = index.to_str().unwrap();
    for args in [
        &["search", "정부", "--index", index][..],
        &["stats", "--index", index],
        // Not silently a new, empty index over the old segments.
        &["index", "corpus/petitions.jsonl", "--index", index],
    ] {
        kosearch_run(args).fails(2, &["is unusable", "meta.json is missing", REINDEX]);
    }

    let index = dir.path().join("bad-meta");
    copy_dir(&good, &index);
    let meta = std::fs::read(index.join("meta.json")).unwrap();
    std::fs::write(index.join("meta.json"), &meta[..meta.len() / 2]).unwrap();
    let index = index.to_str().unwrap();
    for args in [
        &["search", "정부", "--index", index][..],
        &["index", "corpus/petitions.jsonl", "--index", index],
    ] {
        kosearch_run(args).fails(2, &["is unusable", REINDEX]);
    }

    // The analysis settings file gone or damaged.
    for (name, damage) in [
        ("no-settings", None),
        ("bad-settings", Some("{\"format\":")),
    ] {
        let index = dir.path().join(name);
        copy_dir(&good, &index);
        match damage {
            None => std::fs::remove_file(index.join("kosearch.json")).unwrap(),
            Some(text) => std::fs::write(index.join("kosearch.json"), text).unwrap(),
        }
        let index = index.to_str().unwrap();
        for args in [
            &["search", "정부", "--index", index][..],
            &["index", "corpus/petitions.jsonl", "--index", index],
        ] {
            kosearch_run(args).fails(2, &["is unusable", "kosearch.json", REINDEX]);
        }
    }
}

#[test]
fn a_missing_or_truncated_dictionary_is_reported_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let index = petitions_index(dir.path());
    let index = index.to_str().unwrap();
    let installed = util::dictionary().dir().to_path_buf();
    let with_dictionary = |dictionary: &Path, args: &[&str]| {
        let mut command = kosearch();
        command.env("KOSEARCH_DICT", dictionary).args(args);
        run(command)
    };
    let commands: [&[&str]; 3] = [
        &["analyze", "세종시와 서울시가 맺은 협약은?"],
        &["search", "정부", "--index", index],
        &["index", "corpus/petitions.jsonl", "--index", index],
    ];

    // No dictionary at all: the set-up step is missing (exit code 3).
    let absent = dir.path().join("absent");
    for args in commands {
        with_dictionary(&absent, args).fails(3, &["no Korean dictionary", "kosearch dict install"]);
    }

    let files: Vec<String> = std::fs::read_dir(&installed)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(files.iter().any(|f| f == "matrix.mtx"), "{files:?}");
    for file in &files {
        for damage in ["missing", "truncated"] {
            let copy = dir.path().join(format!("dict-{file}-{damage}"));
            copy_dir(&installed, &copy);
            let path = copy.join(file);
            if damage == "missing" {
                std::fs::remove_file(&path).unwrap();
            } else {
                let size = path.metadata().unwrap().len();
                let handle = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                handle.set_len(size / 2).unwrap();
            }
            let is_manifest = file == "kosearch-dictionary.json";
            for args in commands {
                let out = with_dictionary(&copy, args);
                if is_manifest && damage == "missing" {
                    // Without its manifest the directory is not an install.
                    out.fails(3, &["kosearch dict install"]);
                } else if is_manifest {
                    out.fails(3, &["is unusable", file, "kosearch dict install --force"]);
                } else {
                    out.fails(
                        3,
                        &["is unusable", file, damage, "kosearch dict install --force"],
                    );
                }
            }
        }
    }
}

#[test]
fn an_index_built_with_other_settings_is_refused_with_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("bigrams");
    let index = index.to_str().unwrap();
    let out = kosearch_run(&[
        "index",
        "corpus/petitions.jsonl",
        "--bigrams",
        "--index",
        index,
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    // Indexing with other settings is refused, naming the difference.
    kosearch_run(&["index", "corpus/petitions.jsonl", "--index", index])
        .fails(2, &["other settings", "bigram", "re-index"]);
    kosearch_run(&[
        "index",
        "corpus/petitions.jsonl",
        "--bigrams",
        "--decompound",
        "none",
        "--index",
        index,
    ])
    .fails(2, &["other settings", "decompounding"]);
    // Searching uses the recorded settings, whatever the flags say.
    let out = kosearch_run(&["search", "정부", "--index", index]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    // An index made with another dictionary version is refused too.
    let settings_path = Path::new(index).join("kosearch.json");
    let settings = std::fs::read_to_string(&settings_path).unwrap();
    let version = kosearch::dictionary::DICTIONARY_VERSION;
    assert!(settings.contains(version), "{settings}");
    std::fs::write(
        &settings_path,
        settings.replace(version, "mecab-ko-dic 2.0.3-20170922"),
    )
    .unwrap();
    for args in [
        &["search", "정부", "--index", index][..],
        &[
            "index",
            "corpus/petitions.jsonl",
            "--bigrams",
            "--index",
            index,
        ],
    ] {
        kosearch_run(args).fails(
            2,
            &["other settings", "mecab-ko-dic 2.0.3-20170922", "re-index"],
        );
    }
}

// ---------------------------------------------------------------------------
// Resource limits

/// Writes `bytes` bytes of Korean text, no line break, after `prefix` and
/// before `suffix`.
fn write_one_line(path: &Path, prefix: &str, bytes: usize, suffix: &str) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(prefix.as_bytes()).unwrap();
    let chunk = "세종시는 서울시와 7가지 분야에서 협력하기로 했다 ".repeat(1000);
    let mut written = 0;
    while written < bytes {
        out.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    out.write_all(suffix.as_bytes()).unwrap();
    out.flush().unwrap();
}

#[test]
fn a_200_mb_single_line_document_is_skipped_with_bounded_memory() {
    const SIZE: usize = 200 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();

    // As a JSON Lines document, between two small ones.
    let jsonl = dir.path().join("big.jsonl");
    write_one_line(
        &jsonl,
        "{\"id\":\"before\",\"body\":\"첫 문서입니다.\"}\n{\"id\":\"big\",\"body\":\"",
        SIZE,
        "\"}\n{\"id\":\"after\",\"body\":\"마지막 문서입니다.\"}\n",
    );
    let out = kosearch_run(&["index", jsonl.to_str().unwrap(), "--index", index]);
    eprintln!(
        "200 MB JSON line: {:.1?}, peak RSS {} MiB",
        out.elapsed, out.peak_rss_mib
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report = format!("{}{}", out.stdout, out.stderr);
    assert!(report.contains("big.jsonl"), "{report}");
    assert!(
        report.contains("big.jsonl:2: ")
            && report.contains(" bytes, over the limit of 16777216 bytes per document"),
        "{report}"
    );
    assert!(report.contains("--max-document-size"), "{report}");
    assert!(report.contains("added 2"), "{report}");
    assert!(out.peak_rss_mib < 600, "{} MiB", out.peak_rss_mib);

    // As a plain-text article: refused by size before it is read.
    let text = dir.path().join("big.txt");
    write_one_line(&text, "", SIZE, "");
    let out = kosearch_run(&["index", text.to_str().unwrap(), "--index", index]);
    eprintln!(
        "200 MB text file: {:.1?}, peak RSS {} MiB",
        out.elapsed, out.peak_rss_mib
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let report = format!("{}{}", out.stdout, out.stderr);
    assert!(report.contains("big.txt"), "{report}");
    assert!(report.contains("--max-document-size"), "{report}");
    assert!(out.peak_rss_mib < 600, "{} MiB", out.peak_rss_mib);
}

/// Documents at the size limit, several in one file, index within
/// `--memory` plus the overhead `docs/reliability.md` documents: a text is
/// analyzed a piece at a time, and at most 64 MiB of documents wait for the
/// indexing threads. One line over the limit is skipped, as any document.
#[test]
fn documents_at_the_size_limit_index_within_the_memory_budget() {
    const MEMORY_MIB: u64 = 64;
    const OVERHEAD_MIB: u64 = 400;
    let limit = kosearch::corpus::DEFAULT_MAX_DOCUMENT_SIZE;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("large.jsonl");
    let article = std::fs::read_to_string("corpus/000_bcc3dce22a5e3c6c.txt").unwrap();
    // As a JSON string each copy takes its escaped length, plus `\n`.
    let escaped = serde_json::to_string(&article).unwrap().len() - 2 + 2;
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        for (id, copies) in [
            ("a", (limit - 200) / escaped),
            ("b", (limit - 200) / escaped),
            ("over", limit / escaped + 1),
            ("c", (limit - 200) / escaped),
        ] {
            let body = vec![article.as_str(); copies].join("\n");
            let line =
                serde_json::json!({"id": id, "title": format!("큰 문서 {id}"), "body": body});
            let line = line.to_string();
            assert_eq!(line.len() > limit, id == "over", "{id}: {}", line.len());
            writeln!(out, "{line}").unwrap();
        }
    }
    let index = dir.path().join("index");
    let out = kosearch_run(&[
        "index",
        input.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--memory",
        &MEMORY_MIB.to_string(),
    ]);
    eprintln!(
        "three documents of 16 MiB (and one over): {:.1?}, peak RSS {} MiB with --memory {MEMORY_MIB}",
        out.elapsed, out.peak_rss_mib
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.contains("added 3,"), "{}", out.stdout);
    assert!(out.stderr.contains("large.jsonl:3: "), "{}", out.stderr);
    assert!(
        out.peak_rss_mib < MEMORY_MIB + OVERHEAD_MIB,
        "{} MiB",
        out.peak_rss_mib
    );
}

/// A million tiny documents in one JSON Lines stream: all indexed, in
/// bounded memory. The slowest test here (about 35 s on 2 cores; see
/// docs/reliability.md); alone: `cargo test --release --test integration
/// million`.
#[test]
fn a_million_tiny_documents_index_with_bounded_memory() {
    const DOCUMENTS: usize = 1_000_000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tiny.jsonl");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        let words = [
            "세종", "서울", "협약", "교육", "정부", "국회", "예산", "행정",
        ];
        for i in 0..DOCUMENTS {
            writeln!(
                out,
                "{{\"id\":\"t{i}\",\"title\":\"{} {i}\",\"body\":\"{}시와 {}의 문서 {i}.\"}}",
                words[i % 8],
                words[(i / 8) % 8],
                words[(i / 64) % 8]
            )
            .unwrap();
        }
    }
    let index = dir.path().join("index");
    let out = kosearch_run(&[
        "index",
        input.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    eprintln!(
        "1,000,000 tiny documents: {:.1?}, peak RSS {} MiB",
        out.elapsed, out.peak_rss_mib
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("added 1000000"), "{}", out.stdout);
    assert!(out.peak_rss_mib < 1024, "{} MiB", out.peak_rss_mib);
    let out = kosearch_run(&["stats", "--json", "--index", index.to_str().unwrap()]);
    let stats: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(stats["documents"], DOCUMENTS);
    let out = kosearch_run(&["search", "세종 협약", "--index", index.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn a_query_of_10000_words_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let index = petitions_index(dir.path());
    let words = [
        "세종", "서울", "협약", "교육", "정부", "국회", "예산", "행정",
    ];
    let query = |n: usize| -> String {
        (0..n)
            .map(|i| format!("{}{}", words[i % 8], i / 8))
            .collect::<Vec<_>>()
            .join(" ")
    };

    // The binary: one clear line, exit code 2.
    let long = query(10_000);
    let out = kosearch_run(&["search", &long, "--index", index.to_str().unwrap()]);
    out.fails(2, &["query error", "10000 words", "at most 1024"]);
    assert!(out.stderr.lines().count() <= 2, "{}", out.stderr);
    eprintln!("10,000-word query refused in {:.1?}", out.elapsed);

    // The library: the same error; and 10,000 words written as one (a
    // single 30,000-character word, analyzed into many terms) is refused
    // after analysis, not run.
    let index = Index::open_with(&index, &util::dictionary()).unwrap();
    let searcher = Searcher::new(&index).unwrap();
    let options = SearchOptions::default();
    assert!(matches!(
        searcher.search(&long, &options),
        Err(Error::Query(_))
    ));
    let glued: String = (0..10_000).map(|i| words[i % 8]).collect();
    let started = Instant::now();
    match searcher.search(&glued, &options) {
        Err(Error::Query(message)) => assert!(message.contains("at most 1024"), "{message}"),
        other => panic!("expected a query error, got {:?}", other.map(|r| r.total)),
    }
    eprintln!("10,000 glued words refused in {:.1?}", started.elapsed());

    // At the limit (1,024 words of one term each), a query runs, in
    // reasonable time.
    let at_limit: Vec<&str> = (0..1024).map(|i| words[i % 8]).collect();
    let started = Instant::now();
    let results = searcher.search(&at_limit.join(" "), &options).unwrap();
    let took = started.elapsed();
    eprintln!("1,024-word query: {} hits in {took:.1?}", results.total);
    assert!(took < Duration::from_secs(20), "{took:?}");
}

/// A process killed in the middle of a commit leaves the files it wrote,
/// listed as tantivy's, but no commit that refers to them; the next writer
/// takes the same commit stamp and names its files alike (a segment's
/// deletes are `SEGMENT.STAMP.del`). Built here exactly: an index, a copy
/// of it, a deletion committed in the index, and its new files put into the
/// copy, where the same deletion then runs.
#[test]
fn files_a_killed_commit_left_do_not_stop_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let (done, killed) = (dir.path().join("done"), dir.path().join("killed"));
    let path = |dir: &Path| dir.to_str().unwrap().to_string();
    let corpus = corpus_dir();
    kosearch_run(&["index", corpus.to_str().unwrap(), "--index", &path(&done)]).succeeds();
    copy_dir(&done, &killed);
    let before: Vec<_> = std::fs::read_dir(&killed)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    let delete = |dir: &Path| kosearch_run(&["delete", util::REFERENCE, "--index", &path(dir)]);
    delete(&done).succeeds();
    // What the killed commit had written: its new files, and tantivy's list
    // of its files naming them; not meta.json.
    let mut left = 0;
    for entry in std::fs::read_dir(&done).unwrap() {
        let name = entry.unwrap().file_name();
        if name == ".managed.json" || (!before.contains(&name) && name != "meta.json") {
            left += usize::from(name.to_string_lossy().ends_with(".del"));
            std::fs::copy(done.join(&name), killed.join(&name)).unwrap();
        }
    }
    assert_eq!(left, 1, "the deletion's file");
    delete(&killed).succeeds();
    let searcher = Searcher::new(&util::open_index(&killed)).unwrap();
    assert_eq!(searcher.document(util::REFERENCE).unwrap(), None);
    assert_eq!(
        searcher.documents(),
        Searcher::new(&util::open_index(&done)).unwrap().documents()
    );
}
