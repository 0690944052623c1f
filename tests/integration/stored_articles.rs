//! Whatever a reader accepts is stored so that it reads back, always: the
//! cases of issue 19 (values a reader could not use, `--field` mappings onto
//! fields the lines also have, dates no index can hold, ids of files in
//! folders with the same names, numeric ids), indexes written before the
//! fix, stored articles that cannot be read; and round-trip property tests
//! over generated hostile JSON Lines, text and HTML documents, each indexed,
//! loaded back and searched for. Real dictionary, real indexes, the real
//! binary where the issue used it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Mutex, OnceLock};

use kosearch::corpus::{Corpus, FieldMap, ReadOptions, ReadReport};
use kosearch::index::{Index, WriterOptions};
use kosearch::search::{Facet, SearchOptions, Searcher, SortOrder};
use kosearch::Article;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::util::hostile::{self, MARKER};
use crate::util::{self, hit_ids, open_index};

/// `kosearch ARGS` run in `dir`, where each test writes its files (a
/// file's id is its path from there).
fn kosearch_in(dir: &Path, args: &[&str]) -> Output {
    util::kosearch()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Standard output of `kosearch ARGS` run in `dir`, which must succeed.
fn succeeds_in(dir: &Path, args: &[&str]) -> String {
    util::succeeds(util::kosearch().current_dir(dir).args(args))
}

/// Every hit (up to 100) of `kosearch search QUERY --json` over `index`.
fn search_all(index: &Path, query: &str) -> Value {
    util::search_json(index, &[query, "--limit", "100"])
}

fn searcher(index: &Path) -> Searcher {
    Searcher::new(&open_index(index)).unwrap()
}

#[test]
fn values_a_reader_cannot_use_never_break_a_search() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.jsonl"),
        hostile::UNUSABLE_VALUES.join("\n"),
    )
    .unwrap();
    let first = succeeds_in(dir.path(), &["index", "a.jsonl", "--index", "idx"]);
    assert!(
        first.starts_with("added 16, updated 0, unchanged 0"),
        "{first}"
    );

    // Every search that meets them works, and shows every one.
    let results = search_all(&dir.path().join("idx"), MARKER);
    assert_eq!(results["total"], 16, "{results}");
    assert_eq!(hit_ids(&results).len(), 16, "{results}");
    assert!(results.get("unreadable").is_none(), "{results}");
    let dated = search_all(&dir.path().join("idx"), "협약 since:2000-01-01");
    assert_eq!(dated["total"], 0, "nothing here has a date");

    // What could not be read is kept aside, never under a field's name.
    let searcher = searcher(&dir.path().join("idx"));
    let stored = |id: &str| searcher.document(id).unwrap().unwrap();
    let title = stored("array-title");
    assert_eq!(title.title, "협약 본문이다.", "derived from the body");
    assert_eq!(title.extra["_unread"], json!({"title": ["협약", "제목"]}));
    assert_eq!(
        stored("empty-body").extra,
        serde_json::Map::new(),
        "nothing kept of an empty body"
    );
    assert_eq!(
        stored("mixed-reporters").extra["_unread"]["reporters"],
        json!([1, {"a": 2}])
    );
    assert_eq!(
        stored("bad-published").extra["_unread"]["published_at"],
        "어제"
    );
    assert_eq!(
        stored("a.jsonl:14").extra["_unread"]["id"],
        json!(["a", "b"])
    );
    assert_eq!(stored("a.jsonl:13").extra["_unread"]["id"], true);
    assert!(
        stored("a.jsonl:10").extra.is_empty(),
        "an empty id is no id"
    );

    // The same input again: all unchanged.
    let again = succeeds_in(dir.path(), &["index", "a.jsonl", "--index", "idx"]);
    assert!(
        again.starts_with("added 0, updated 0, unchanged 16"),
        "{again}"
    );
}

#[test]
fn field_mappings_onto_fields_the_lines_also_have() {
    let dir = tempfile::tempdir().unwrap();
    let line = json!({
        "id": "own-id", "uid": "mapped-id", "title": "협약 원래 제목", "body": ["협약 첫 문단", "둘째 문단"],
        "content": "협약 다른 본문", "source": "원래 언론사", "press": "뉴시스"
    });
    std::fs::write(dir.path().join("m.jsonl"), format!("{line}\n")).unwrap();
    for (mapping, id) in [
        ("source=press", "own-id"),
        ("body=content", "own-id"),
        ("id=uid", "mapped-id"),
        ("title=body", "own-id"),
    ] {
        let index = format!("idx-{}", mapping.replace('=', "-"));
        succeeds_in(
            dir.path(),
            &["index", "m.jsonl", "--index", &index, "--field", mapping],
        );
        let results = search_all(&dir.path().join(&index), MARKER);
        assert_eq!(hit_ids(&results), [id], "{mapping}: {results}");
        let article = searcher(&dir.path().join(&index))
            .document(id)
            .unwrap()
            .unwrap();
        let unread = &article.extra["_unread"];
        match mapping {
            "source=press" => {
                assert_eq!(article.source.as_deref(), Some("뉴시스"));
                assert_eq!(unread["source"], "원래 언론사");
            }
            "body=content" => {
                assert_eq!(article.body, "협약 다른 본문");
                assert_eq!(unread["body"], json!(["협약 첫 문단", "둘째 문단"]));
            }
            "id=uid" => assert_eq!(unread["id"], "own-id"),
            _ => {
                // The array is no title; the body reads it, and the title
                // comes from the body.
                assert_eq!(article.body, "협약 첫 문단\n\n둘째 문단");
                assert_eq!(article.title, "협약 첫 문단");
                assert_eq!(unread["title"], "협약 원래 제목");
            }
        }
    }
}

#[test]
fn an_index_written_before_the_fix_is_searchable_and_a_rerun_rewrites_it() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("idx");
    util::create_index(&index_dir);
    // As kosearch stored these lines before: the field, then extra's value
    // of the same name.
    util::store_raw(
        &index_dir,
        &[
            (
                "empty-body",
                "협약 빈 본문",
                "",
                r#"{"id":"empty-body","title":"협약 빈 본문","body":"","body":""}"#.as_bytes(),
            ),
            (
                "array-title",
                "협약 본문이다.",
                "협약 본문이다.",
                r#"{"id":"array-title","title":"협약 본문이다.","body":"협약 본문이다.","title":["협약","제목"]}"#
                    .as_bytes(),
            ),
        ],
    );
    let results = search_all(&dir.path().join("idx"), MARKER);
    assert_eq!(hit_ids(&results).len(), 2, "{results}");
    assert!(results.get("unreadable").is_none(), "{results}");

    // Re-indexing the same input rewrites them (their stored form differs),
    // and then finds them unchanged.
    let lines = [hostile::UNUSABLE_VALUES[0], hostile::UNUSABLE_VALUES[3]];
    std::fs::write(dir.path().join("a.jsonl"), lines.join("\n")).unwrap();
    let rerun = succeeds_in(dir.path(), &["index", "a.jsonl", "--index", "idx"]);
    assert!(
        rerun.starts_with("added 0, updated 2, unchanged 0"),
        "{rerun}"
    );
    let again = succeeds_in(dir.path(), &["index", "a.jsonl", "--index", "idx"]);
    assert!(
        again.starts_with("added 0, updated 0, unchanged 2"),
        "{again}"
    );
    let article = searcher(&index_dir)
        .document("array-title")
        .unwrap()
        .unwrap();
    assert_eq!(article.extra["_unread"]["title"], json!(["협약", "제목"]));
}

#[test]
fn a_stored_article_that_cannot_be_read_is_left_out_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("idx");
    let index = util::create_index(&index_dir);
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    writer
        .upsert(&Article {
            id: "good".into(),
            title: "협약 체결".into(),
            body: "세종시는 서울시와 협약을 맺었다.".into(),
            section: Some("행정".into()),
            ..Article::default()
        })
        .unwrap();
    writer.finish().unwrap();
    util::store_raw(
        &index_dir,
        &[
            (
                "not-json",
                "협약 손상",
                "협약",
                b"{\"id\": \"not-json\", \"title\": ",
            ),
            ("not-utf8", "협약 손상", "협약", b"{\"id\": \"\xff\"}"),
        ],
    );

    // The library: the page leaves them out and names them.
    let searcher = searcher(&index_dir);
    let results = searcher
        .search("section:행정", &SearchOptions::default())
        .unwrap();
    assert_eq!(results.total, 3);
    let ids: Vec<&str> = results.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    let mut unreadable: Vec<(&str, &str)> = results
        .unreadable
        .iter()
        .map(|document| (document.id.as_str(), document.reason.as_str()))
        .collect();
    unreadable.sort();
    assert_eq!(unreadable[0].0, "not-json");
    assert!(
        unreadable[0].1.contains("not a JSON object"),
        "{unreadable:?}"
    );
    assert_eq!(
        unreadable[1],
        ("not-utf8", "the stored article is not UTF-8")
    );
    let error = searcher.document("not-json").unwrap_err().to_string();
    assert!(error.contains("`not-json` cannot be read"), "{error}");
    assert!(!error.contains("unusable"), "the index is not: {error}");

    // The command: exit code 0, the JSON answer lists them, stderr says so.
    let output = kosearch_in(
        dir.path(),
        &["search", "section:행정", "--index", "idx", "--json"],
    );
    assert!(output.status.success(), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hit_ids(&json), ["good"]);
    assert_eq!(json["unreadable"].as_array().unwrap().len(), 2, "{json}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("left out `not-json`"), "{stderr}");
    assert!(stderr.contains("left out `not-utf8`"), "{stderr}");
}

#[test]
fn dates_outside_what_an_index_holds_are_kept_aside_and_query_bounds_beyond_them_are_open() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "y2019", "title": "협약 2019", "body": "협약", "date": "2019-05-01"}"#,
        r#"{"id": "y2023", "title": "협약 2023", "body": "협약", "date": "2023-04-10 17:02"}"#,
        r#"{"id": "y1000", "title": "협약 1000", "body": "협약", "date": "1000-06-01T00:00:00+09:00"}"#,
        r#"{"id": "y9999", "title": "협약 9999", "body": "협약", "published_at": "9999-01-01T00:00:00Z", "date": "2020-02-02"}"#,
        r#"{"id": "micro", "title": "협약 마이크로초", "body": "협약", "date": 1681200000000000}"#,
    ];
    std::fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::write(
        dir.path().join("pages/far.html"),
        "<html><head><title>협약 먼 미래</title>\
         <meta property=\"article:published_time\" content=\"9999-12-31T00:00:00Z\"></head>\
         <body><article><p>세종시는 서울시와 협약을 맺었다.</p></article></body></html>",
    )
    .unwrap();
    let output = kosearch_in(dir.path(), &["index", "d.jsonl", "pages", "--index", "idx"]);
    assert!(output.status.success(), "{output:?}");
    let notes = String::from_utf8_lossy(&output.stderr);
    for needle in [
        "d.jsonl:3: `date` is not a valid published_at (is 1000-06-01, outside the dates an index can hold (1677-09-21 to 2262-04-11)); kept in `_unread`",
        "d.jsonl:4: `published_at` is not a valid published_at (is 9999-01-01",
        "far.html: `published_at` is 9999-12-31, outside the dates",
    ] {
        assert!(notes.contains(needle), "{needle}\n{notes}");
    }

    let searcher = searcher(&dir.path().join("idx"));
    let stored = |id: &str| searcher.document(id).unwrap().unwrap();
    assert_eq!(stored("y1000").published_at, None);
    assert_eq!(
        stored("y1000").extra["_unread"]["date"],
        "1000-06-01T00:00:00+09:00"
    );
    // The out-of-range field is set aside, and the alias after it read.
    assert_eq!(
        stored("y9999")
            .published_at
            .map(|date| date.to_rfc3339())
            .as_deref(),
        Some("2020-02-02T00:00:00+09:00")
    );
    assert_eq!(
        stored("micro")
            .published_at
            .map(|date| date.to_rfc3339())
            .as_deref(),
        Some("2023-04-11T17:00:00+09:00"),
        "microseconds are read as such, not as milliseconds 53,000 years on"
    );
    let far = stored("pages/far.html");
    assert_eq!(far.published_at, None);
    assert_eq!(
        far.extra["_unread"]["published_at"],
        "9999-12-31T00:00:00+00:00"
    );

    let found = |query: &str| {
        let mut ids = hit_ids(&search_all(&dir.path().join("idx"), query));
        ids.sort();
        ids
    };
    let dated = ["micro", "y2019", "y2023", "y9999"];
    assert!(found("협약 until:1000-01-01").is_empty());
    assert!(found("협약 since:3000-01-01").is_empty());
    assert_eq!(found("협약 since:1000-01-01"), dated);
    assert_eq!(found("협약 until:3000-01-01"), dated);
    assert_eq!(found("협약 date:2000-01-01..9999-12-31"), dated);
    assert_eq!(found("협약 date:1600-01-01..2020-01-01"), ["y2019"]);
    assert_eq!(found("협약 date:..2020-01-01"), ["y2019"]);
    assert!(found("협약 date:2169-07").is_empty());
    assert!(found("협약 date:1815-07").is_empty());

    // Sorting, facets and stats see only real dates.
    let by_date = searcher
        .search(
            MARKER,
            &SearchOptions {
                sort: SortOrder::Date,
                facets: vec![Facet::Date],
                limit: 100,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    let order: Vec<&str> = by_date.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert_eq!(order[..4], ["micro", "y2023", "y9999", "y2019"]);
    let months: Vec<&str> = by_date.facets["date"]
        .iter()
        .map(|count| count.value.as_str())
        .collect();
    assert_eq!(months, ["2019-05", "2020-02", "2023-04"]);
    let stats = open_index(&dir.path().join("idx")).stats().unwrap();
    assert_eq!(
        (
            stats.oldest.unwrap().to_rfc3339(),
            stats.newest.unwrap().to_rfc3339()
        ),
        (
            "2019-05-01T00:00:00+09:00".to_string(),
            "2023-04-11T17:00:00+09:00".to_string()
        )
    );
}

#[test]
fn folders_with_the_same_file_names_keep_every_document() {
    let dir = tempfile::tempdir().unwrap();
    for (year, body) in [("2023", "협약 이천이십삼년"), ("2024", "협약 이천이십사년")]
    {
        std::fs::create_dir(dir.path().join(year)).unwrap();
        std::fs::write(
            dir.path().join(year).join("001.txt"),
            format!("제목 {year}\n{body}\n"),
        )
        .unwrap();
    }
    let first = succeeds_in(dir.path(), &["index", "2023", "2024", "--index", "idx"]);
    assert!(
        first.starts_with("added 2, updated 0, unchanged 0"),
        "{first}"
    );
    let mut ids = hit_ids(&search_all(&dir.path().join("idx"), MARKER));
    ids.sort();
    assert_eq!(ids, ["2023/001.txt", "2024/001.txt"]);
    let again = succeeds_in(dir.path(), &["index", "2023", "2024", "--index", "idx"]);
    assert!(
        again.starts_with("added 0, updated 0, unchanged 2"),
        "{again}"
    );
    // `.` is named like the folder it is.
    let inside = succeeds_in(
        &dir.path().join("2023"),
        &["index", ".", "--index", "../idx"],
    );
    assert!(
        inside.starts_with("added 0, updated 0, unchanged 1"),
        "{inside}"
    );

    // Two inputs of the same name are refused before anything is read.
    std::fs::create_dir_all(dir.path().join("other/2023")).unwrap();
    let refused = kosearch_in(
        dir.path(),
        &["index", "2023", "other/2023", "--index", "idx"],
    );
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("are both named `2023`"), "{stderr}");

    // The form of earlier versions, when asked for.
    let old = succeeds_in(
        dir.path(),
        &["index", "2023", "--index", "old", "--ids-without-folder"],
    );
    assert!(old.starts_with("added 1"), "{old}");
    assert_eq!(
        hit_ids(&search_all(&dir.path().join("old"), MARKER)),
        ["001.txt"]
    );
}

#[test]
fn duplicate_and_numeric_ids() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "dup", "body": "협약 처음 판"}"#,
        r#"{"id": "dup", "body": "협약 나중 판"}"#,
        r#"{"id": 123456789012345678901234567890, "body": "협약 큰 수 하나"}"#,
        r#"{"id": 123456789012345678901234567891, "body": "협약 큰 수 둘"}"#,
        r#"{"id": 1.5e3, "body": "협약 지수"}"#,
        r#"{"id": 0.1, "body": "협약 소수"}"#,
    ];
    std::fs::write(dir.path().join("n.jsonl"), lines.join("\n")).unwrap();
    let first = kosearch_in(dir.path(), &["index", "n.jsonl", "--index", "idx"]);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        stdout.starts_with("added 5, updated 0, unchanged 0"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("duplicate id"));
    // The later one wins; a re-run finds everything unchanged.
    let again = succeeds_in(dir.path(), &["index", "n.jsonl", "--index", "idx"]);
    assert!(
        again.starts_with("added 0, updated 0, unchanged 5"),
        "{again}"
    );
    let mut ids = hit_ids(&search_all(&dir.path().join("idx"), MARKER));
    ids.sort();
    assert_eq!(
        ids,
        [
            "0.1",
            "1.5e+3",
            "123456789012345678901234567890",
            "123456789012345678901234567891",
            "dup"
        ]
    );
    let dup = searcher(&dir.path().join("idx"))
        .document("dup")
        .unwrap()
        .unwrap();
    assert_eq!(dup.body, "협약 나중 판");
}

// ---------------------------------------------------------------------------
// Round trips of generated documents.

/// Indexes what `corpus` reads, then checks that every stored document
/// reads back equal to what was read (the last of an id), that a search for
/// [`MARKER`] meets every document whose text has it and reads all it
/// meets, and that facets and stats work.
fn index_and_check(corpus: Corpus) -> Result<ReadReport, TestCaseError> {
    static WRITING: Mutex<()> = Mutex::new(());
    let _writing = WRITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // One index for all generated cases, each case's documents added to it.
    static INDEX: OnceLock<(tempfile::TempDir, Index, Searcher)> = OnceLock::new();
    let (_, index, searcher) = INDEX.get_or_init(util::temporary_index);
    let mut corpus = corpus;
    let articles: Vec<Article> = corpus.by_ref().flatten().collect();
    let report = corpus.into_report();
    let mut writer = index.writer(&util::small_writer()).unwrap();
    let mut last: HashMap<String, Article> = HashMap::new();
    for article in articles {
        prop_assert!(writer.upsert(&article).is_ok(), "{article:?}");
        last.insert(article.id.clone(), article);
    }
    writer.finish().unwrap();
    searcher.reload().unwrap();

    for (id, article) in &last {
        let stored = searcher.document(id).unwrap();
        prop_assert_eq!(stored.as_ref(), Some(article));
        prop_assert_eq!(article.check_storable(), Ok(()));
    }
    let options = SearchOptions {
        limit: 100_000,
        facets: vec![Facet::Section, Facet::Source, Facet::Reporter, Facet::Date],
        ..SearchOptions::default()
    };
    let results = searcher.search(MARKER, &options).unwrap();
    prop_assert!(results.unreadable.is_empty(), "{:?}", results.unreadable);
    prop_assert_eq!(results.hits.len(), results.total);
    let analyzer = util::analyzer();
    for (id, article) in &last {
        let text = format!(
            "{}\n{}\n{}",
            article.title,
            article.subtitle.as_deref().unwrap_or_default(),
            article.body
        );
        if analyzer
            .analyze(&text)
            .iter()
            .any(|term| term.text == MARKER)
        {
            prop_assert!(
                results.hits.iter().any(|hit| hit.id == *id),
                "{} not found: {:?}",
                id,
                article
            );
        }
    }
    index.stats().unwrap();
    Ok(report)
}

/// A folder of its own for one generated case.
fn case_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn generated_json_lines_read_back_and_are_found(
        lines in prop::collection::vec(hostile::json_line(), 1..6),
        mapping in prop::sample::select(hostile::FIELD_MAPPINGS),
    ) {
        let dir = case_dir();
        let path = dir.path().join("generated.jsonl");
        std::fs::write(&path, lines.join("\n")).unwrap();
        let options = ReadOptions {
            fields: FieldMap::from_assignments(mapping.iter().copied()).unwrap(),
            ..ReadOptions::default()
        };
        let report = index_and_check(Corpus::new(&[path], options).unwrap())?;
        prop_assert_eq!(report.read + report.skipped.len(), lines.len());
    }

    #[test]
    fn generated_text_articles_read_back_and_are_found(
        articles in prop::collection::vec(hostile::text_article(), 1..4),
    ) {
        let dir = case_dir();
        let mut roots: Vec<PathBuf> = Vec::new();
        for (year, article) in ["2023", "2024", "2025"].iter().zip(&articles) {
            let folder = dir.path().join(year);
            std::fs::create_dir(&folder).unwrap();
            std::fs::write(folder.join("001.txt"), article).unwrap();
            roots.push(folder);
        }
        let report = index_and_check(Corpus::new(&roots, ReadOptions::default()).unwrap())?;
        prop_assert_eq!(report.read + report.skipped.len(), articles.len());
        for skipped in &report.skipped {
            prop_assert_eq!(&skipped.reason, "binary file (not text)");
        }
    }

    #[test]
    fn generated_html_pages_read_back_and_are_found(
        pages in prop::collection::vec(hostile::html_page(), 1..4),
    ) {
        let dir = case_dir();
        for (number, page) in pages.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{number}.html")), page).unwrap();
        }
        let report = index_and_check(Corpus::new(&[dir.path().to_path_buf()], ReadOptions::default()).unwrap())?;
        prop_assert_eq!(report.read + report.skipped.len(), pages.len());
        for skipped in &report.skipped {
            prop_assert_eq!(&skipped.reason, "binary file (not text)");
        }
    }
}
