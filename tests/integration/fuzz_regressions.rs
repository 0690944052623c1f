//! Inputs found or kept by the fuzz targets in `fuzz/` (see
//! docs/reliability.md), replayed through the same code paths in the
//! ordinary `cargo test`: `tests/fixtures/fuzz/<target>/` holds one input a
//! file. None may panic; analyzed terms and highlights must lie on character
//! boundaries inside their text; what the JSON Lines reader accepts must be
//! stored and read back equal.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kosearch::corpus::jsonl::JsonlReader;
use kosearch::corpus::{encoding, html, text, FieldMap};
use kosearch::index::Index;
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Article;
use kosearch::Error;

use crate::util;

/// The inputs kept for `target`, in name order.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = util::fixture("fuzz").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

#[test]
fn text_article_inputs() {
    for (path, data) in inputs("text_article") {
        if let Ok(plain) = std::str::from_utf8(&data) {
            text::parse(plain);
        }
        if let Ok(decoded) = encoding::decode(&data) {
            let article = text::parse(&decoded.text);
            assert!(!article.title.contains('\0'), "{}", path.display());
        }
    }
}

#[test]
fn jsonl_reader_inputs() {
    for (path, data) in inputs("jsonl_reader") {
        let lines = data.split(|&b| b == b'\n').count();
        for max_line_len in [256, 64 * 1024] {
            let reader = JsonlReader::new(
                data.as_slice(),
                Path::new("fuzz.jsonl"),
                "fuzz.jsonl",
                &FieldMap::default(),
            )
            .with_max_line_len(max_line_len);
            let items: Vec<_> = reader.collect();
            assert!(items.len() <= lines, "{}", path.display());
            for article in items.iter().flatten() {
                assert!(!article.id.is_empty(), "{}", path.display());
            }
        }
    }
}

#[test]
fn html_reader_inputs() {
    for (_, data) in inputs("html_reader") {
        if let Ok(decoded) = encoding::decode(&data) {
            html::parse(&decoded.text);
        } else if let Ok(text) = std::str::from_utf8(&data) {
            html::parse(text);
        }
    }
}

#[test]
fn analyzer_inputs() {
    let analyzer = util::analyzer();
    for (path, data) in inputs("analyzer") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let mut last_position = 0;
        for term in analyzer.analyze(text) {
            let at = format!("{}: {term:?}", path.display());
            assert!(term.start <= term.end && term.end <= text.len(), "{at}");
            assert!(text.is_char_boundary(term.start), "{at}");
            assert!(text.is_char_boundary(term.end), "{at}");
            assert!(term.position >= last_position, "{at}");
            assert!(!term.text.is_empty(), "{at}");
            last_position = term.position;
        }
    }
}

/// A small real index, as the `query_parser` fuzz target searches.
fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    &SEARCHER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index =
                util::create_index(dir.path());
            let mut writer = index
                .writer(&util::small_writer())
                .unwrap();
            for (id, title, body) in [
                ("a", "세종시-서울시, 상호 교류 강화 업무협약 체결", "세종시는 서울시와 7가지 분야에서 협력하기로 했다. 인권 행정을 펼친다.\n\n◇ 정원도시 조성\n두 도시는 정원도시를 함께 만든다."),
                ("b", "교육부, 2023학년도 대입 일정 발표", "교육부는 10일 대학 입학 일정을 발표했다. 鄕歌 연구도 포함된다. COVID-19 이후 처음이다."),
                ("c", "정부 예산안 국회 통과", "정부가 제출한 예산안이 국회 본회의를 통과했다. \"인권 행정\"을 강조했다."),
            ] {
                writer
                    .upsert(&Article {
                        id: id.into(),
                        title: title.into(),
                        body: body.into(),
                        section: Some("행정".into()),
                        reporters: vec!["이상욱".into()],
                        ..Article::default()
                    })
                    .unwrap();
            }
            writer.finish().unwrap();
            let searcher = Searcher::new(&index).unwrap();
            searcher.reload().unwrap();
            (dir, searcher)
        })
        .1
}

#[test]
fn query_parser_inputs() {
    for (path, data) in inputs("query_parser") {
        let Ok(query) = std::str::from_utf8(&data) else {
            continue;
        };
        match searcher().search(query, &SearchOptions::default()) {
            Ok(results) => {
                for passage in results.hits.iter().flat_map(|hit| &hit.passages) {
                    for &(start, end) in &passage.highlights {
                        assert!(start <= end && end <= passage.text.len());
                        assert!(passage.text.is_char_boundary(start));
                        assert!(passage.text.is_char_boundary(end));
                    }
                }
            }
            // Too long is the one error a query may give.
            Err(Error::Query(_)) => {}
            Err(other) => panic!("{}: {other}", path.display()),
        }
    }
}

#[test]
fn index_round_trip_inputs() {
    const MAPPINGS: [&[&str]; 6] = [
        &[],
        &["source=press"],
        &["body=content"],
        &["id=uid"],
        &["title=body"],
        &["published_at=meta.date", "body=text", "title=content"],
    ];
    static INDEX: OnceLock<(tempfile::TempDir, Index, Searcher)> = OnceLock::new();
    let (_, index, searcher) = INDEX.get_or_init(util::temporary_index);
    for (path, data) in inputs("index_round_trip") {
        let Some((&mapping, lines)) = data.split_first() else {
            continue;
        };
        let fields = FieldMap::from_assignments(
            MAPPINGS[usize::from(mapping) % MAPPINGS.len()]
                .iter()
                .copied(),
        )
        .unwrap();
        let reader = JsonlReader::new(lines, Path::new("fuzz.jsonl"), "fuzz.jsonl", &fields)
            .with_max_line_len(64 * 1024);
        let articles: Vec<Article> = reader.flatten().collect();
        let mut writer = index.writer(&util::small_writer()).unwrap();
        let mut last = std::collections::HashMap::new();
        for article in &articles {
            if let Err(err) = writer.upsert(article) {
                panic!("{}: {err}", path.display());
            }
            last.insert(article.id.as_str(), article);
        }
        writer.finish().unwrap();
        searcher.reload().unwrap();
        for (id, article) in last {
            let stored = searcher.document(id).unwrap();
            assert_eq!(stored.as_ref(), Some(article), "{}", path.display());
            match searcher.search(&article.title, &SearchOptions::default()) {
                Ok(results) => assert!(results.unreadable.is_empty(), "{}", path.display()),
                Err(Error::Query(_)) => {}
                Err(other) => panic!("{}: {other}", path.display()),
            }
        }
    }
}

/// The `analyzer` target's first find: 20,000 Latin letters without a space
/// timed out (lindera groups unknown words in time quadratic in the length
/// of a run of one kind of character). Long stretches are now segmented in
/// pieces: 200,000 characters take well under a second.
#[test]
fn long_runs_without_spaces_analyze_in_linear_time() {
    let analyzer = util::analyzer();
    for unit in ["a", "1", "가", "ㄱ", "鄕", "-", "é"] {
        let text = unit.repeat(200_000);
        let started = std::time::Instant::now();
        let terms = analyzer.analyze(&text);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(10),
            "{unit:?} x 200,000: {took:?}"
        );
        for term in &terms {
            assert!(term.start <= term.end && term.end <= text.len());
            assert!(text.is_char_boundary(term.start) && text.is_char_boundary(term.end));
        }
    }
}
