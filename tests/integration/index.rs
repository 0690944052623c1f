//! Indexing: the library's writer and the `kosearch index` command, on real
//! data, with real tantivy indexes on disk.

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use kosearch::index::{Change, Index, IndexConfig, WriterOptions};
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Article;
use kosearch::Error;

use crate::util::{self, corpus_dir, kosearch, open_index, read_articles};

/// Distinct ids of the live documents (fewer than the document count if an id were there twice).
fn distinct_ids(index: &Index) -> Vec<String> {
    let stats_ids = index.writer(&WriterOptions::default()).unwrap();
    stats_ids.ids().map(str::to_string).collect()
}

/// Upserts `articles` with a writer of these `options`, and finishes it.
fn upsert_all(index: &Index, articles: &[Article], options: &WriterOptions) {
    let mut writer = index.writer(options).unwrap();
    for article in articles {
        writer.upsert(article).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn the_sample_corpus_indexes_and_reindexes_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let articles = read_articles(&[corpus_dir()]);
    assert!(articles.len() >= 201, "{} documents", articles.len());

    let index = util::create_index(dir.path());
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for article in &articles {
        assert_eq!(writer.upsert(article).unwrap(), Change::Added);
    }
    writer.finish().unwrap();
    let stats = index.stats().unwrap();
    assert_eq!(stats.documents, articles.len() as u64);
    assert!(stats.distinct_terms > 10_000);
    assert!(stats
        .sections
        .iter()
        .any(|(name, count)| name == "행정" && *count == 12));

    // The same input again: nothing to do.
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for article in &articles {
        assert_eq!(
            writer.upsert(article).unwrap(),
            Change::Unchanged,
            "{}",
            article.id
        );
    }
    // One changed document is the only one updated.
    let mut changed = articles[3].clone();
    changed.body.push_str("\n\n추가된 문단입니다.");
    assert_eq!(writer.upsert(&changed).unwrap(), Change::Updated);
    assert!(writer.delete(&articles[4].id).unwrap());
    assert!(!writer.delete("no-such-id").unwrap());
    writer.finish().unwrap();

    let reopened = open_index(dir.path());
    assert_eq!(
        reopened.stats().unwrap().documents,
        articles.len() as u64 - 1
    );
    let ids = distinct_ids(&reopened);
    assert_eq!(ids.len(), articles.len() - 1);
    assert!(!ids.contains(&articles[4].id));
}

/// A duplicate id in the input: the later version wins and the id counts
/// once, so that re-running the same input counts it unchanged (issue 19 C).
#[test]
fn an_id_upserted_twice_counts_once_by_its_last_version() {
    let dir = tempfile::tempdir().unwrap();
    let index = util::create_index(dir.path());
    let version = |body: &str| Article {
        id: "dup".into(),
        title: "협약 체결".into(),
        body: body.into(),
        ..Article::default()
    };
    let (first, second) = (version("처음 판"), version("나중 판"));
    let options = WriterOptions {
        threads: 1,
        ..WriterOptions::default()
    };
    let mut writer = index.writer(&options).unwrap();
    assert_eq!(writer.upsert(&first).unwrap(), Change::Added);
    assert_eq!(writer.upsert(&second).unwrap(), Change::Added);
    let counts = writer.counts();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (1, 0, 0));
    writer.finish().unwrap();

    let mut writer = index.writer(&options).unwrap();
    assert_eq!(writer.upsert(&first).unwrap(), Change::Updated);
    assert_eq!(writer.upsert(&second).unwrap(), Change::Unchanged);
    let counts = writer.counts();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (0, 0, 1));
    assert!(writer.upserted("dup") && !writer.upserted("other"));
    writer.finish().unwrap();
    let stored = Searcher::new(&index).unwrap().document("dup").unwrap();
    assert_eq!(stored.unwrap().body, "나중 판");
}

#[test]
fn searches_run_while_indexing_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let index = util::create_index(dir.path());
    let articles = read_articles(&[corpus_dir()]);
    let searcher = Searcher::new(&index).unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (searcher, done) = (searcher.clone(), done.clone());
        std::thread::spawn(move || {
            let (mut last, mut searches) = (0, 0);
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let results = searcher
                    .search("정부 OR 교육 OR 세종", &SearchOptions::default())
                    .unwrap();
                // Only additions are committed: what a search sees only grows.
                assert!(results.total >= last, "{} after {last}", results.total);
                last = results.total;
                searches += 1;
            }
            searches
        })
    };
    upsert_all(
        &index,
        &articles,
        &WriterOptions {
            commit_every_docs: 25,
            ..WriterOptions::default()
        },
    );
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    searcher.reload().unwrap();
    assert_eq!(searcher.documents(), articles.len() as u64);
}

/// Merges read segments back through the writer's own directory (file
/// reads, not memory maps): whatever they merge, background merges of many
/// small segments or one merge of all of them, every article comes back
/// intact and searches find the same documents, in the same order.
#[test]
fn merged_segments_keep_every_article_and_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let index = util::create_index(dir.path());
    let articles = read_articles(&[corpus_dir()]);
    let (most, last) = articles.split_at(articles.len() - 10);
    upsert_all(
        &index,
        most,
        &WriterOptions {
            threads: 2,
            commit_every_docs: 10,
            ..WriterOptions::default()
        },
    );
    // A merge of several segments is what is checked, but background merges
    // fold eight small segments into one, so how many the first batches
    // leave, and whether one more batch folds them all, depends on timing:
    // the last articles go in a writer each until the index has from two to
    // six segments, the rest in one more writer, which leaves at most seven.
    let mut rest = last;
    while let Some((article, others)) = rest.split_first() {
        if (2..7).contains(&index.stats().unwrap().segments) {
            break;
        }
        upsert_all(&index, std::slice::from_ref(article), &util::small_writer());
        rest = others;
    }
    upsert_all(&index, rest, &util::small_writer());
    let queries = [
        "세종시",
        "고향사랑기부",
        "\"인권 행정\"",
        "서울시가 맺은 협약은?",
    ];
    let ranking = |index: &Index| -> Vec<Vec<String>> {
        let searcher = Searcher::new(index).unwrap();
        let options = SearchOptions {
            limit: 50,
            ..SearchOptions::default()
        };
        queries
            .iter()
            .map(|query| {
                let results = searcher.search(query, &options).unwrap();
                results.hits.into_iter().map(|hit| hit.id).collect()
            })
            .collect()
    };
    let before = ranking(&index);
    assert!(before.iter().all(|ids| !ids.is_empty()), "{before:?}");
    let segments = index.stats().unwrap().segments;
    assert!(segments > 1, "{segments} segments");

    assert_eq!(index.force_merge().unwrap(), segments);
    let index = open_index(dir.path());
    assert_eq!(index.stats().unwrap().segments, 1);
    assert_eq!(ranking(&index), before);
    let searcher = Searcher::new(&index).unwrap();
    for article in &articles {
        let stored = searcher.document(&article.id).unwrap();
        assert_eq!(stored.as_ref(), Some(article), "{}", article.id);
    }
}

#[test]
fn an_index_refuses_other_analysis_settings() {
    let dir = tempfile::tempdir().unwrap();
    let dictionary = util::dictionary();
    Index::create_with(dir.path(), &dictionary, &IndexConfig::default()).unwrap();
    let mut other = IndexConfig::default();
    other.analyzer.decompound = kosearch::analysis::DecompoundMode::None;
    other.bigrams = true;
    match Index::open_or_create(dir.path(), &dictionary, &other) {
        Err(Error::IndexMismatch { differences, .. }) => {
            assert_eq!(differences.len(), 2, "{differences:?}");
            assert!(differences[0].contains("decompounding"));
            assert!(differences[1].contains("bigram"));
        }
        other => panic!("expected a mismatch, got {:?}", other.err()),
    }
    // The same settings open fine.
    Index::open_or_create(dir.path(), &dictionary, &IndexConfig::default()).unwrap();
}

#[test]
fn a_second_writer_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let index = util::create_index(dir.path());
    let _writer = index.writer(&WriterOptions::default()).unwrap();
    assert!(matches!(
        index.writer(&WriterOptions::default()),
        Err(Error::IndexLocked { .. })
    ));
    // Another process too, with a clear message and exit code 2.
    let output = kosearch()
        .args(["index", "corpus", "--index"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("locked"), "{stderr}");
}

/// Two first runs on the same new index directory, with other analyzer
/// settings, started together: the index they leave records the settings
/// of the run that indexed into it (issue 19 D: before the creation lock,
/// the settings were checked and the index created before anything was
/// locked, and the default run could succeed while `kosearch.json` said
/// `none`, or a run found no `user_dictionary.csv`).
#[test]
fn concurrent_first_runs_record_the_settings_they_index_with() {
    for attempt in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = dir.path().join("new");
        let start = |decompound: &str| {
            kosearch()
                .args([
                    "index",
                    "corpus/petitions.jsonl",
                    "--decompound",
                    decompound,
                    "--index",
                ])
                .arg(&index_dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let runs = [("none", start("none")), ("mixed", start("mixed"))];
        let outcomes: Vec<(&str, bool, String)> = runs
            .into_iter()
            .map(|(decompound, child)| {
                let output = child.wait_with_output().unwrap();
                let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                (decompound, output.status.success(), stderr)
            })
            .collect();
        let succeeded: Vec<&str> = outcomes
            .iter()
            .filter(|(_, success, _)| *success)
            .map(|(decompound, _, _)| *decompound)
            .collect();
        assert_eq!(succeeded.len(), 1, "attempt {attempt}: {outcomes:?}");
        for (_, success, stderr) in &outcomes {
            assert!(
                *success || stderr.contains("other settings") || stderr.contains("locked"),
                "attempt {attempt}: {stderr}"
            );
        }
        let settings: serde_json::Value =
            serde_json::from_slice(&std::fs::read(index_dir.join("kosearch.json")).unwrap())
                .unwrap();
        assert_eq!(settings["decompound"], succeeded[0], "attempt {attempt}");
        let index = open_index(&index_dir);
        assert_eq!(index.stats().unwrap().documents, 204, "attempt {attempt}");
        let results = Searcher::new(&index)
            .unwrap()
            .search("태양광", &SearchOptions::default())
            .unwrap();
        assert!(results.total > 0, "attempt {attempt}");
    }
}

#[test]
fn the_command_indexes_corpus_by_default_and_reports_changes() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let run = |extra: &[&str]| {
        let output = kosearch()
            .arg("index")
            .args(extra)
            .arg("--index")
            .arg(&index_dir)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, stdout) = run(&[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("added 265, updated 0, unchanged 0"),
        "{stdout}"
    );
    let (code, stdout) = run(&[]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("added 0, updated 0, unchanged 265"),
        "{stdout}"
    );

    // Index only the petitions with --delete-missing: the rest goes.
    let (code, stdout) = run(&["corpus/petitions.jsonl", "--delete-missing"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("unchanged 204, deleted 61"), "{stdout}");

    let output = kosearch()
        .args(["delete", "petitions.jsonl:1", "petition-510", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "one id does not exist");

    let output = kosearch()
        .args(["stats", "--json", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["documents"], 203);
    assert!(stats["segments"].as_u64().unwrap() > 1, "{stats}");
    assert!(stats["deleted_documents"].as_u64().unwrap() > 0, "{stats}");

    // Optimizing merges everything into one segment without the deleted
    // documents, and loses nothing.
    let output = kosearch()
        .args(["optimize", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("merged "));
    let index = open_index(&index_dir);
    let stats = index.stats().unwrap();
    assert_eq!(
        (stats.documents, stats.segments, stats.deleted_documents),
        (203, 1, 0)
    );
    assert_eq!(distinct_ids(&index).len(), 203);
    let results = Searcher::new(&index)
        .unwrap()
        .search("세종시", &SearchOptions::default())
        .unwrap();
    assert!(results.total > 0);
    drop(index);

    // A configuration change is refused with what differs.
    let output = kosearch()
        .args(["index", "--decompound", "none", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("decompounding"));

    // No index: one line naming the command, exit code 3.
    let output = kosearch()
        .args(["stats", "--index"])
        .arg(dir.path().join("nothing"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("kosearch index"));
}

#[test]
fn the_petitions_index_completely_and_survive_kills() {
    let Some(petitions) = util::shared_file("petitions.jsonl.zst") else {
        return;
    };
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    const TOTAL: usize = 3691;
    const BATCH: usize = 250;
    const KILLS: usize = 20;
    // The ids in file order: a committed state is a prefix of them.
    let order: Vec<String> = read_articles(std::slice::from_ref(&petitions))
        .into_iter()
        .map(|article| article.id)
        .collect();
    assert_eq!(order.len(), TOTAL);
    let start = || {
        kosearch()
            .arg("index")
            .arg(&petitions)
            .arg("--index")
            .arg(&index_dir)
            .args([
                "--commit-every",
                &BATCH.to_string(),
                "--commit-interval",
                "3600",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Pseudo-random kill moments (SplitMix64), reproducible from the printed
    // seed: KOSEARCH_KILL_SEED=N cargo test --release --test integration survive_kills
    let seed = std::env::var("KOSEARCH_KILL_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill test seed: {seed} (set KOSEARCH_KILL_SEED to repeat)");
    let mut state = seed;
    let mut next_random = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    // Each run resumes where the last commit left off, so kills after
    // 20 to 2,000 ms land all over the run: at start-up, while creating the
    // index, mid-batch, during commits and merges, at the end. A complete
    // index is deleted so that later kills hit a run in progress again.
    let mut counts = Vec::new();
    for round in 0..KILLS {
        if Index::exists(&index_dir)
            && open_index(&index_dir).stats().unwrap().documents as usize == TOTAL
        {
            std::fs::remove_dir_all(&index_dir).unwrap();
            counts.push("(reset)".to_string());
        }
        let delay_ms = 20 + next_random() % 1980;
        let mut child = start();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if !Index::exists(&index_dir) {
            counts.push(format!("{delay_ms}ms: no index"));
            continue;
        }
        // The index opens, and holds exactly a committed prefix of the
        // file, once each.
        let index = open_index(&index_dir);
        let count = index.stats().unwrap().documents as usize;
        counts.push(format!("{delay_ms}ms: {count}"));
        assert!(
            count.is_multiple_of(BATCH) || count == TOTAL,
            "round {round} (seed {seed}): {count} is not a committed state"
        );
        let ids = distinct_ids(&index);
        assert_eq!(ids.len(), count, "round {round} (seed {seed}): duplicates");
        let ids: HashSet<&String> = ids.iter().collect();
        let prefix: HashSet<&String> = order[..count].iter().collect();
        assert!(ids == prefix, "round {round} (seed {seed}): not a prefix");
    }
    eprintln!("kills: {}", counts.join(", "));
    // A full run completes it: nothing lost, nothing twice.
    let status = start().wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let index = open_index(&index_dir);
    assert_eq!(index.stats().unwrap().documents as usize, TOTAL);
    let ids = distinct_ids(&index);
    assert_eq!(ids.len(), TOTAL);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>(),
        order.iter().collect::<HashSet<_>>()
    );
    eprintln!("kill test took {:.1?}", started.elapsed());
}
