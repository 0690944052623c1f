//! The JSON Lines and HTML readers on realistic Korean news data: field
//! mapping, round trips, compressed files, and every kind of bad input.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use kosearch::corpus::jsonl::{self, JsonlReader};
use kosearch::corpus::{html, FieldMap, SkippedDocument};
use kosearch::Article;
use proptest::prelude::*;
use serde_json::json;

use crate::util::{self, fixture, kst};

/// Every item of a JSON Lines file, read with `fields`.
fn read_file(path: &Path, fields: &FieldMap) -> Vec<Result<Article, SkippedDocument>> {
    let reader = jsonl::open(path).unwrap();
    JsonlReader::new(reader, path, "file.jsonl", fields).collect()
}

/// Every item of `bytes` read as JSON Lines.
fn read_bytes(bytes: &[u8]) -> Vec<Result<Article, SkippedDocument>> {
    JsonlReader::new(
        bytes,
        Path::new("test.jsonl"),
        "test.jsonl",
        &FieldMap::default(),
    )
    .collect()
}

fn sample_articles() -> Vec<Article> {
    let first = Article {
        id: "yna-20230410-001".into(),
        title: "세종시·서울시, 행정수도 완성 위한 업무협약 체결".into(),
        subtitle: Some("공무원 교류·공동연구 추진\n\"상생 모델 만들 것\"".into()),
        body: "세종시와 서울시가 10일 업무협약을 체결했다.\n\n두 시는 공무원 인사 교류를 추진한다."
            .into(),
        reporters: vec!["홍길동".into(), "김철수, 이영희".into()],
        email: Some("hong@yna.co.kr".into()),
        published_at: Some(kst("2023-04-10 17:02:00")),
        updated_at: Some(DateTime::parse_from_rfc3339("2023-04-10T09:30:00.250Z").unwrap()),
        section: Some("지방".into()),
        source: Some("연합뉴스".into()),
        url: Some("https://www.yna.co.kr/view/AKR20230410001".into()),
        tags: vec!["세종시".into(), "업무협약".into()],
        extra: json!({
            "views": 1532,
            "ratio": 0.25,
            "flags": [true, false, null],
            "meta": {"desk": "전국부", "pages": [1, 2]},
            "empty": "",
            "nothing": null
        })
        .as_object()
        .unwrap()
        .clone(),
    };
    let second = Article {
        id: "7".into(),
        title: "한은, 기준금리 3.5% 동결".into(),
        body: "한국은행 금융통화위원회가 기준금리를 동결했다.".into(),
        ..Article::default()
    };
    vec![first, second]
}

#[test]
fn jsonl_round_trips_articles() {
    let articles = sample_articles();
    let mut data = String::new();
    for article in &articles {
        data.push_str(&serde_json::to_string(article).unwrap());
        data.push('\n');
    }
    let read: Vec<Article> = read_bytes(data.as_bytes())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(read, articles);
    assert_eq!(
        read[0].updated_at.unwrap().to_rfc3339(),
        "2023-04-10T09:30:00.250+00:00",
        "offsets are kept"
    );
}

#[test]
fn jsonl_reads_names_aliases_and_nested_fields() {
    let path = fixture("jsonl/news.jsonl");
    let mut reader = JsonlReader::new(
        jsonl::open(&path).unwrap(),
        &path,
        "news.jsonl",
        &FieldMap::default(),
    );
    let items: Vec<_> = reader.by_ref().collect();
    assert_eq!(items.len(), 5, "the blank line is no document");
    let articles: Vec<&Article> = items.iter().map(|item| item.as_ref().unwrap()).collect();

    let first = articles[0];
    assert_eq!(first.id, "yna-20230410-001");
    assert_eq!(
        first.subtitle.as_deref(),
        Some("공무원 교류·공동연구 추진…\"상생 모델 만들 것\"")
    );
    assert_eq!(first.reporters, ["홍길동"]);
    assert_eq!(first.published_at, Some(kst("2023-04-10 17:02:00")));
    assert_eq!(first.updated_at, Some(kst("2023-04-10 18:30:00")));
    assert_eq!(first.tags, ["세종시", "서울시", "업무협약"]);
    assert_eq!(first.extra, *json!({"views": 1532}).as_object().unwrap());

    // doc_id (a number), headline, content, date, category, author, publisher, link, keywords.
    let second = articles[1];
    assert_eq!(second.id, "20230411002");
    assert_eq!(second.title, "한은, 기준금리 3.5% 동결…물가 둔화 지켜본다");
    assert!(second.body.starts_with("한국은행 금융통화위원회가"));
    assert_eq!(second.published_at, Some(kst("2023-04-11 10:15:00")));
    assert_eq!(second.section.as_deref(), Some("경제"));
    assert_eq!(second.reporters, ["김철수", "이영희"]);
    assert_eq!(second.source.as_deref(), Some("한국경제"));
    assert_eq!(
        second.url.as_deref(),
        Some("https://www.hankyung.com/economy/article/2023041112345")
    );
    assert_eq!(second.tags, ["기준금리", "한국은행", "물가"]);
    assert!(second.extra.is_empty());

    // Korean field names; `meta.date` is not mapped by default, so it stays.
    let third = articles[2];
    assert_eq!(
        (third.id.as_str(), third.title.as_str()),
        ("local-0412", "봄철 산불 조심…입산 통제 구역 확대")
    );
    assert_eq!(third.section.as_deref(), Some("사회"));
    assert_eq!(third.published_at, None);
    assert_eq!(
        third.extra["meta"],
        json!({"date": "2023.04.12 14:05", "desk": "사회부"})
    );

    // No id, no title; paragraphs in an array; a Unix time.
    let fourth = articles[3];
    assert_eq!(
        fourth.id, "news.jsonl:5",
        "ids count every line, blank ones too"
    );
    assert_eq!(
        fourth.body,
        "미세먼지 저감 조치가 수도권에 발령됐다.\n\n환경부는 차량 2부제를 권고했다."
    );
    assert_eq!(fourth.title, "미세먼지 저감 조치가 수도권에 발령됐다.");
    assert_eq!(fourth.published_at, Some(kst("2023-04-12 16:00:00")));
    assert_eq!(fourth.source.as_deref(), Some("환경일보"));

    // A date that is not one: kept aside, with a notice.
    let fifth = articles[4];
    assert_eq!(fifth.published_at, None);
    assert_eq!(fifth.extra["_unread"]["date"], "지난주 화요일");
    let notices = reader.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(
        (notices[0].line, notices[0].id.as_deref()),
        (Some(6), Some("n-5"))
    );
    assert!(
        notices[0].reason.contains("`date`") && notices[0].reason.contains("published_at"),
        "{notices:?}"
    );
    assert!(reader.take_notices().is_empty(), "notices are taken once");
}

#[test]
fn jsonl_field_mapping_replaces_names_and_aliases() {
    let fields =
        FieldMap::from_assignments(["body=content", "published_at=date", "section = meta.desk"])
            .unwrap();
    let line = json!({
        "id": "m-1",
        "title": "매핑 시험",
        "body": "이 본문은 쓰이지 않는다.",
        "content": "매핑된 본문이다.",
        "date": "2023-04-12",
        "datetime": "2020-01-01",
        "meta": {"desk": "사회부", "page": 3}
    });
    let articles = read_bytes_with(&line.to_string(), &fields);
    let article = articles[0].as_ref().unwrap();
    assert_eq!(article.body, "매핑된 본문이다.");
    assert_eq!(article.published_at, Some(kst("2023-04-12 00:00:00")));
    assert_eq!(article.section.as_deref(), Some("사회부"));
    assert_eq!(
        serde_json::Value::Object(article.extra.clone()),
        json!({"_unread": {"body": "이 본문은 쓰이지 않는다."}, "datetime": "2020-01-01", "meta": {"page": 3}}),
        "what feeds no field is kept as it was, under `_unread` when named like a field"
    );

    // A mapped body that is missing is not looked for elsewhere.
    let skipped = read_bytes_with(r#"{"id": "m-2", "body": "본문"}"#, &fields)
        .remove(0)
        .unwrap_err();
    assert_eq!(skipped.id.as_deref(), Some("m-2"));
    assert_eq!(
        skipped.reason,
        "no body (the field `content` is missing or empty)"
    );
}

#[test]
fn jsonl_says_why_there_is_no_body() {
    // Without a title either, there is nothing to index.
    let data = concat!(
        "{\"x_note\": \"본문 없음\"}\n",
        "{\"x_note\": \"빈 본문\", \"body\": \"  \"}\n",
        "{\"x_note\": \"빈 문단들\", \"content\": [\"\", \" \"]}\n",
        "{\"x_note\": \"객체 본문\", \"text\": {\"ko\": \"본문\"}}\n",
    );
    let reasons: Vec<String> = read_bytes(data.as_bytes())
        .into_iter()
        .map(|item| item.unwrap_err().reason)
        .collect();
    assert_eq!(
        reasons,
        [
            "no body (none of its fields is read as the body)",
            "empty body (`body`)",
            "empty body (`content`)",
            "no body: `text` is not a valid body (expected text or an array of text, found an object)",
        ]
    );
}

#[test]
fn jsonl_keeps_a_titled_document_without_body_with_a_notice() {
    let data =
        "{\"id\": \"p-1\", \"title\": \"리얼돌 수입 및 판매를 금지해주세요\", \"body\": \"\"}\n";
    let mut reader = JsonlReader::new(
        data.as_bytes(),
        Path::new("test.jsonl"),
        "test.jsonl",
        &FieldMap::default(),
    );
    let article = reader.next().unwrap().unwrap();
    assert_eq!(article.title, "리얼돌 수입 및 판매를 금지해주세요");
    assert!(article.body.is_empty());
    let notices = reader.take_notices();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].line, Some(1));
    assert!(
        notices[0].reason.contains("indexed by its title only"),
        "{notices:?}"
    );
}

fn read_bytes_with(data: &str, fields: &FieldMap) -> Vec<Result<Article, SkippedDocument>> {
    JsonlReader::new(
        data.as_bytes(),
        Path::new("mapped.jsonl"),
        "mapped.jsonl",
        fields,
    )
    .collect()
}

#[test]
fn field_map_rejects_bad_assignments() {
    assert_eq!(
        FieldMap::parse_assignment(" body = content "),
        Ok(("body".to_string(), "content".to_string()))
    );
    for bad in ["body", "body=", "=content", ""] {
        assert!(FieldMap::parse_assignment(bad).is_err(), "{bad}");
    }
    let err = FieldMap::default().insert("headline", "title").unwrap_err();
    assert!(
        err.contains("`headline`") && err.contains("published_at") && err.contains("tags"),
        "{err}"
    );
    assert!(FieldMap::from_assignments(["extra=foo"]).is_err());
    assert!(FieldMap::default().insert("body", " ").is_err());
}

#[test]
fn jsonl_reports_bad_lines_and_reads_on() {
    let items = read_file(&fixture("jsonl/bad.jsonl"), &FieldMap::default());
    let summary: Vec<(usize, Result<&str, &str>)> = items
        .iter()
        .map(|item| match item {
            Ok(article) => (0, Ok(article.id.as_str())),
            Err(skipped) => (skipped.line.unwrap(), Err(skipped.reason.as_str())),
        })
        .collect();
    assert_eq!(summary.len(), 8, "{summary:#?}");
    assert_eq!(summary[0], (0, Ok("ok-1")));
    assert_eq!(summary[1].0, 2);
    assert!(
        summary[1]
            .1
            .unwrap_err()
            .starts_with("invalid JSON at column "),
        "{summary:?}"
    );
    assert!(
        summary[1].1.unwrap_err().contains("EOF while parsing"),
        "{summary:?}"
    );
    assert_eq!(summary[2], (3, Err("not a JSON object (found an array)")));
    assert_eq!(
        summary[3],
        (4, Err("no body (none of its fields is read as the body)"))
    );
    assert_eq!(
        items[3].as_ref().unwrap_err().id.as_deref(),
        Some("nobody-4")
    );
    assert_eq!(summary[4], (7, Err("not a JSON object (found a string)")));
    assert_eq!(summary[5], (0, Ok("ok-8")));
    assert_eq!(summary[6].0, 9);
    let reason = summary[6].1.unwrap_err();
    assert!(
        reason.starts_with("invalid JSON at column 21: expected `,` or `}`"),
        "{reason}"
    );
    assert!(!reason.contains("line 1"), "{reason}");
    assert_eq!(summary[7], (0, Ok("ok-10")));
    let skipped = items[1].as_ref().unwrap_err();
    assert_eq!(skipped.path, fixture("jsonl/bad.jsonl"));
}

#[test]
fn jsonl_empty_and_blank_input_has_no_documents() {
    assert!(read_bytes(b"").is_empty());
    assert!(read_bytes(b"\n\n  \r\n\t\n").is_empty());
    let empty = tempfile::NamedTempFile::with_suffix(".jsonl").unwrap();
    assert!(read_file(empty.path(), &FieldMap::default()).is_empty());
    // A byte-order mark and CRLF line ends are fine.
    let items = read_bytes("\u{feff}{\"body\": \"윈도에서 저장한 파일\"}\r\n\r\n".as_bytes());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap().body, "윈도에서 저장한 파일");
}

#[test]
fn jsonl_decodes_euc_kr_lines_and_skips_binary_ones() {
    let path = fixture("jsonl/mixed-encoding.jsonl");
    let mut reader = JsonlReader::new(
        jsonl::open(&path).unwrap(),
        &path,
        "mixed",
        &FieldMap::default(),
    );
    let items: Vec<_> = reader.by_ref().collect();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].as_ref().unwrap().id, "utf8-1");
    let legacy = items[1].as_ref().unwrap();
    assert_eq!(legacy.title, "완성형 기사");
    assert_eq!(legacy.body, "이 줄은 EUC-KR로 저장된 옛 기사다.");
    let garbage = items[2].as_ref().unwrap_err();
    assert_eq!(
        (garbage.line, garbage.reason.as_str()),
        (Some(3), "not UTF-8 (or EUC-KR) text")
    );
    assert_eq!(items[3].as_ref().unwrap().id, "utf8-4");
    let notices = reader.take_notices();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].line, Some(2));
    assert_eq!(notices[0].id.as_deref(), Some("euckr-2"));
    assert_eq!(notices[0].reason, "decoded from EUC-KR");
}

#[test]
fn jsonl_skips_overlong_lines_without_keeping_them() {
    let long_body = "가".repeat(400_000);
    let data = format!(
        "{}\n{}\n{}",
        json!({"id": "short-1", "body": "짧은 줄"}),
        json!({"id": "long-2", "body": long_body}),
        json!({"id": "short-3", "body": "긴 줄 다음 줄"}),
    );
    let limit = 1024;
    let reader = std::io::BufReader::with_capacity(100, data.as_bytes());
    let items: Vec<_> = JsonlReader::new(
        reader,
        Path::new("long.jsonl"),
        "long",
        &FieldMap::default(),
    )
    .with_max_line_len(limit)
    .collect();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().id, "short-1");
    let skipped = items[1].as_ref().unwrap_err();
    let long_line = json!({"id": "long-2", "body": long_body}).to_string();
    assert_eq!(
        (skipped.line, skipped.reason.clone()),
        (
            Some(2),
            format!(
                "{} bytes, over the limit of 1024 bytes per document",
                long_line.len()
            )
        )
    );
    assert_eq!(items[2].as_ref().unwrap().id, "short-3");

    // A line of exactly the limit is read.
    let line = json!({"body": "경계"}).to_string();
    let items: Vec<_> = JsonlReader::new(
        line.as_bytes(),
        Path::new("edge.jsonl"),
        "edge",
        &FieldMap::default(),
    )
    .with_max_line_len(line.len())
    .collect();
    assert!(items[0].is_ok());
    let items: Vec<_> = JsonlReader::new(
        line.as_bytes(),
        Path::new("edge.jsonl"),
        "edge",
        &FieldMap::default(),
    )
    .with_max_line_len(line.len() - 1)
    .collect();
    assert!(items[0].is_err());
}

/// Three articles as JSON Lines.
fn three_lines() -> String {
    (1..=3)
        .map(|n| format!("{}\n", json!({"id": format!("z-{n}"), "title": format!("{n}번 기사"), "body": "압축 파일 속 기사 본문이다. ".repeat(50)})))
        .collect()
}

#[test]
fn jsonl_reads_zstd_and_gzip_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = three_lines();
    let zst = dir.path().join("news.jsonl.zst");
    // Two frames: concatenated files read as one.
    let half = data.find("\n{").unwrap() + 1;
    let mut frames = zstd::encode_all(&data.as_bytes()[..half], 3).unwrap();
    frames.extend(zstd::encode_all(&data.as_bytes()[half..], 19).unwrap());
    std::fs::write(&zst, &frames).unwrap();
    let gz = dir.path().join("news.jsonl.gz");
    let mut members = Vec::new();
    for part in [&data[..half], &data[half..]] {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(part.as_bytes()).unwrap();
        members.extend(encoder.finish().unwrap());
    }
    std::fs::write(&gz, &members).unwrap();
    // Compressed, but not named so: recognised by its first bytes.
    let unnamed = dir.path().join("news.jsonl");
    std::fs::write(&unnamed, &frames).unwrap();

    for path in [&zst, &gz, &unnamed] {
        let ids: Vec<String> = read_file(path, &FieldMap::default())
            .into_iter()
            .map(|item| item.unwrap().id)
            .collect();
        assert_eq!(ids, ["z-1", "z-2", "z-3"], "{}", path.display());
    }
    assert!(jsonl::open(&dir.path().join("missing.jsonl")).is_err());
}

#[test]
fn jsonl_truncated_zstd_ends_with_one_skip() {
    let dir = tempfile::tempdir().unwrap();
    let data = three_lines().repeat(200);
    let compressed = zstd::encode_all(data.as_bytes(), 3).unwrap();
    let path = dir.path().join("truncated.jsonl.zst");
    std::fs::write(&path, &compressed[..compressed.len() / 2]).unwrap();
    let items = read_file(&path, &FieldMap::default());
    let (last, read) = items.split_last().unwrap();
    assert!(read.iter().all(Result::is_ok));
    let skipped = last.as_ref().unwrap_err();
    assert!(skipped.reason.starts_with("read error: "), "{skipped:?}");
    assert!(
        skipped
            .reason
            .ends_with("the rest of the file was not read"),
        "{skipped:?}"
    );
    assert_eq!(skipped.line, Some(read.len() + 1));

    // Not zstd at all, though named so.
    let fake = dir.path().join("fake.jsonl.zst");
    std::fs::write(&fake, three_lines()).unwrap();
    let items = read_file(&fake, &FieldMap::default());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().line, Some(1));
}

/// Reads the first `count` documents of a shared data file, or `None` when
/// it is absent.
fn shared_documents(name: &str, count: usize) -> Option<Vec<Result<Article, SkippedDocument>>> {
    let path = util::shared_file(name)?;
    let reader = JsonlReader::new(
        jsonl::open(&path).unwrap(),
        &path,
        name,
        &FieldMap::default(),
    );
    Some(reader.take(count).collect())
}

#[test]
fn shared_petitions_load_with_dates_and_sections() {
    let Some(items) = shared_documents("petitions.jsonl.zst", 200) else {
        return;
    };
    assert_eq!(items.len(), 200);
    for item in &items {
        let article = item.as_ref().unwrap();
        assert!(article.id.starts_with("petition-"));
        assert!(!article.title.is_empty() && !article.body.is_empty());
        assert!(article.published_at.is_some(), "{}", article.id);
        assert!(article.section.is_some(), "{}", article.id);
        assert_eq!(article.source.as_deref(), Some("petitions_archive"));
        for kept in ["end", "num_agree", "status"] {
            assert!(
                article.extra.contains_key(kept),
                "{} has no {kept}",
                article.id
            );
        }
    }
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.published_at, Some(kst("2017-08-25 00:00:00")));
    assert_eq!(first.section.as_deref(), Some("육아/교육"));
}

#[test]
fn shared_wikipedia_articles_load() {
    for name in ["kowiki-100k.jsonl.zst", "klue-hard.docs.jsonl.zst"] {
        let Some(items) = shared_documents(name, 200) else {
            continue;
        };
        assert_eq!(items.len(), 200);
        for item in items {
            let article = item.unwrap();
            assert!(article.id.starts_with("kowiki-"), "{}", article.id);
            assert!(
                !article.title.is_empty() && !article.body.is_empty(),
                "{}",
                article.id
            );
            assert_eq!(article.source.as_deref(), Some("kowiki-2020"));
            assert!(article.extra.is_empty());
        }
    }
}

#[test]
fn html_news_page() {
    let page = std::fs::read_to_string(fixture("html/news-article.html")).unwrap();
    let article = html::parse(&page);
    assert_eq!(article.id, "");
    assert_eq!(
        article.title,
        "세종시·서울시, 행정수도 완성 위한 업무협약 체결"
    );
    assert_eq!(
        article.subtitle.as_deref(),
        Some("공무원 교류·공동연구 추진\n\"수도권·지방 상생 모델 만들 것\"")
    );
    assert_eq!(article.published_at, Some(kst("2023-04-10 17:02:00")));
    assert_eq!(article.updated_at, Some(kst("2023-04-10 18:30:00")));
    assert_eq!(article.section.as_deref(), Some("전국"));
    assert_eq!(article.source.as_deref(), Some("연합뉴스"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.yna.co.kr/view/AKR20230410001")
    );
    assert_eq!(article.reporters, ["홍길동"]);
    assert_eq!(article.email.as_deref(), Some("hong@yna.co.kr"));
    assert_eq!(article.tags, ["세종시", "서울시", "업무협약"]);
    let expected = [
        "(세종=연합뉴스) 홍길동 기자 = 세종시와 서울시가 10일 행정수도 완성과 지역 균형발전을 위한 업무협약을 체결했다.",
        "업무협약 체결하는 세종시장과 서울시장 (세종=연합뉴스) 10일 세종시청에서 두 시장이 협약서에 서명하고 있다.",
        "두 시는 이번 협약에 따라 공무원 인사 교류와 정책 공동연구, 시민 문화 교류 사업을 함께 추진하기로 했다.",
        "최민호 세종시장은 \"수도권과 지방이 함께 성장하는 상생 모델을 만들겠다\"고 말했다.",
        "오세훈 서울시장도 \"행정수도 세종의 완성은 서울에도 도움이 된다\"며 적극적인 협력을 약속했다.",
        "hong@yna.co.kr",
    ];
    assert_eq!(article.body, expected.join("\n\n"));
}

#[test]
fn html_news_page_without_a_known_container() {
    // The same page with the article text's class renamed: the densest
    // element is found, and the <article> around it is taken.
    let page = std::fs::read_to_string(fixture("html/news-article.html")).unwrap();
    let article = html::parse(&page.replace("story-news article", "txt-area"));
    assert!(
        article.body.starts_with("(세종=연합뉴스) 홍길동 기자 ="),
        "{}",
        article.body
    );
    assert!(article.body.ends_with("hong@yna.co.kr"), "{}", article.body);
    for noise in [
        "페이스북",
        "광고",
        "관련 뉴스",
        "댓글",
        "많이 본 뉴스",
        "정치",
        "Copyright",
        "gtag",
        "line-height",
        "인쇄",
    ] {
        assert!(!article.body.contains(noise), "{noise} in {}", article.body);
    }
    assert!(
        !article.body.contains("공무원 교류·공동연구 추진"),
        "the subtitle is not repeated"
    );
    assert!(
        !article.body.starts_with("세종시·서울시, 행정수도"),
        "the title is not repeated"
    );
    assert_eq!(
        article.body.matches("서명하고 있다").count(),
        1,
        "one caption"
    );
}

#[test]
fn html_line_break_layout() {
    let page = std::fs::read_to_string(fixture("html/br-style.html")).unwrap();
    let article = html::parse(&page);
    assert_eq!(article.title, "청주 도심 하천에 수달 가족 돌아왔다");
    assert_eq!(article.reporters, ["김철수", "이영희"]);
    assert_eq!(article.published_at, Some(kst("2023-04-12 14:05:00")));
    assert_eq!(
        article.url.as_deref(),
        Some("http://www.ccdn.co.kr/news/articleView.html?idxno=712345")
    );
    assert_eq!(article.source, None);
    assert_eq!(
        article.body,
        "청주 무심천에서 천연기념물 수달 가족이 잇따라 관찰되고 있다.\n\n\
         청주시는 지난달부터 무심천 하류에 설치한 무인카메라에 어미 수달과 새끼 두 마리가 먹이를 찾는 모습이 여러 차례 찍혔다고 12일 밝혔다.\n\n\
         시 관계자는 \"하천 정화 사업으로 물고기가 늘면서 수달이 다시 찾아온 것으로 보인다\"며\n\
         \"서식지 보호를 위해 야간 출입을 자제해 달라\"고 당부했다.\n\n\
         김철수·이영희 기자 news@ccdn.co.kr"
    );
}

#[test]
fn html_plain_layout_uses_the_densest_block() {
    let page = std::fs::read_to_string(fixture("html/plain-layout.html")).unwrap();
    let article = html::parse(&page);
    assert_eq!(
        article.title,
        "지방 소멸 막을 '메가시티' 구상, 실현 가능성은"
    );
    assert_eq!(article.published_at, Some(kst("2023-05-02 09:00:00")));
    assert_eq!(article.tags, ["메가시티", "지방소멸", "균형발전"]);
    let paragraphs: Vec<&str> = article.body.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 4, "{}", article.body);
    assert!(paragraphs[0].starts_with("부산·울산·경남을"));
    assert_eq!(paragraphs[3], "부산 해운대 일대 전경");
}

#[test]
fn html_garbage_gives_an_article() {
    for page in [
        "",
        "<",
        "<<<>>>",
        "</html>",
        "<html><body></body></html>",
        "\0\u{1}\u{fffd}",
        "<p>짧은 글</p>",
    ] {
        let article = html::parse(page);
        assert_eq!(article.id, "");
        assert!(
            page.contains("짧은 글") == (article.body == "짧은 글"),
            "{page:?}: {article:?}"
        );
    }
    // Deep nesting is walked without recursion.
    let depth = 10_000;
    let page = format!(
        "{}<p>깊은 곳의 본문</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    assert_eq!(html::parse(&page).body, "깊은 곳의 본문");
    let page = format!(
        "{}깊은 글{}",
        "<span><b>".repeat(depth),
        "</b></span>".repeat(depth)
    );
    assert_eq!(html::parse(&page).body, "깊은 글");
}

#[test]
fn html_nesting_deeper_than_the_bound_is_flattened_with_a_note() {
    // The issue's pages: 200,000 nested `<div>`s (2.2 MB, two minutes to
    // parse before the bound) and 540 KB of nested `<ul><li>` (over a
    // minute); `cargo bench --bench hostile_input` times them.
    let title = "<html><head><title>깊은 페이지</title></head><body>";
    let divs = 200_000;
    let items = 540_000 / "<ul><li>항목".len();
    for page in [
        format!(
            "{title}{}<p>깊은 곳의 본문이다.</p>{}",
            "<div>".repeat(divs),
            "</div>".repeat(divs)
        ),
        format!(
            "{title}{}<p>깊은 곳의 본문이다.</p>",
            "<ul><li>항목".repeat(items)
        ),
    ] {
        let (article, notes) = html::parse_with_notes(&page);
        assert_eq!(article.title, "깊은 페이지");
        assert!(
            article.body.ends_with("깊은 곳의 본문이다."),
            "{}",
            &article.body[article.body.len().saturating_sub(200)..]
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains(&html::MAX_DEPTH.to_string()));
    }
    // The note reaches the run's report, with the file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.html");
    std::fs::write(
        &path,
        format!("{title}{}<p>본문이다.</p>", "<div>".repeat(10_000)),
    )
    .unwrap();
    let mut corpus =
        kosearch::corpus::Corpus::new(&[path], kosearch::corpus::ReadOptions::default()).unwrap();
    let article = corpus.next().unwrap().unwrap();
    assert_eq!(article.body, "본문이다.");
    let report = corpus.into_report();
    assert_eq!(report.altered.len(), 1, "{:?}", report.altered);
    assert!(report.altered[0].reason.contains("nested"));
}

/// An article page for `article`, as a news site would write it.
fn render(article: &Article) -> String {
    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }
    let mut page = String::from("<!doctype html><html><head><meta charset=utf-8>");
    let meta = |property: &str, content: &str| {
        format!(
            "<meta property=\"{property}\" content=\"{}\">",
            escape(content)
        )
    };
    page += &format!(
        "<title>{} - {}</title>",
        escape(&article.title),
        escape(article.source.as_deref().unwrap_or(""))
    );
    page += &meta("og:title", &article.title);
    if let Some(source) = &article.source {
        page += &meta("og:site_name", source);
    }
    if let Some(date) = article.published_at {
        page += &meta("article:published_time", &date.to_rfc3339());
    }
    if let Some(section) = &article.section {
        page += &meta("article:section", section);
    }
    for tag in &article.tags {
        page += &meta("article:tag", tag);
    }
    if !article.reporters.is_empty() {
        page += &format!(
            "<meta name=\"author\" content=\"{} 기자\">",
            escape(&article.reporters.join(", "))
        );
    }
    page += "</head><body><nav><a href=/>홈</a> <a href=/news>뉴스</a></nav><article>";
    page += &format!(
        "<h1>{}</h1><div class=\"article_share\"><button>공유</button></div>",
        escape(&article.title)
    );
    page += "<div itemprop=\"articleBody\">";
    for paragraph in article.body.split("\n\n") {
        page += &format!("<p>{}</p>\n", escape(paragraph).replace('\n', "<br>\n"));
    }
    page += "</div></article><aside class=related><a href=/1>다른 기사</a></aside></body></html>";
    page
}

#[test]
fn html_round_trips_a_rendered_article() {
    let article = Article {
        section: Some("정치".into()),
        tags: vec!["국회".into(), "예산안".into()],
        reporters: vec!["홍길동".into(), "김영희".into()],
        published_at: Some(kst("2023-12-21 22:40:00")),
        source: Some("서울신문".into()),
        title: "국회, 656조 예산안 통과…법정시한 19일 넘겨".into(),
        body: "국회는 21일 본회의를 열어 656조9천억원 규모의 내년도 예산안을 의결했다.\n\n\
               여야는 \"민생 예산\"을 두고 막판까지 협상했다.\n줄바꿈도 그대로 남는다."
            .into(),
        ..Article::default()
    };
    assert_eq!(html::parse(&render(&article)), article);
}

/// Text as found in articles: words of Hangul, Latin letters, digits and
/// punctuation (HTML's special characters too), single spaces between.
fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[가-힣a-zA-Z0-9.,!?&<>\"'%·]{1,8}", 1..max)
        .prop_map(|words| words.join(" "))
}

fn date() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (
        631_152_000i64..1_893_456_000,
        prop::sample::select(vec![9 * 3600, 0, -5 * 3600, 5 * 3600 + 1800]),
    )
        .prop_map(|(seconds, offset)| {
            let offset = FixedOffset::east_opt(offset).unwrap();
            DateTime::from_timestamp(seconds, 0)
                .unwrap()
                .with_timezone(&offset)
        })
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z]{1,5}", inner, 0..4)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

fn article() -> impl Strategy<Value = Article> {
    let text = || prop::option::of(words(6));
    (
        (
            "[a-z0-9][a-z0-9:_-]{0,15}",
            words(10),
            text(),
            prop::collection::vec(words(12), 1..4),
        ),
        (
            prop::collection::vec("[가-힣]{2,4}", 0..3),
            text(),
            prop::option::of(date()),
            prop::option::of(date()),
        ),
        (
            text(),
            text(),
            text(),
            prop::collection::vec("[가-힣a-z0-9]{1,6}", 0..4),
        ),
        prop::collection::btree_map("x_[a-z_]{1,8}", json_value(), 0..4),
    )
        .prop_map(
            |(
                (id, title, subtitle, paragraphs),
                (reporters, email, published_at, updated_at),
                (section, source, url, tags),
                extra,
            )| {
                Article {
                    id,
                    title,
                    subtitle,
                    body: paragraphs.join("\n\n"),
                    reporters,
                    email,
                    published_at,
                    updated_at,
                    section,
                    source,
                    url,
                    tags,
                    extra: extra.into_iter().collect(),
                }
            },
        )
}

/// The number of documents, read or skipped, that `bytes` must give: one a
/// line that is not blank or is over `limit`.
fn expected_items(bytes: &[u8], limit: usize) -> usize {
    let mut lines: Vec<&[u8]> = bytes.split(|&byte| byte == b'\n').collect();
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        lines.pop();
    }
    lines
        .iter()
        .enumerate()
        .filter(|(number, line)| {
            let line = if *number == 0 {
                line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line)
            } else {
                line
            };
            line.len() > limit || !line.iter().all(u8::is_ascii_whitespace)
        })
        .count()
}

/// Pieces of JSON Lines, to reach past the JSON parser more often than
/// random bytes do.
fn jsonl_soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        &b"{"[..],
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"\n",
        b" ",
        b"\"body\"",
        b"\"title\"",
        b"\"id\"",
        b"\"date\"",
        b"\"reporters\"",
        b"\"meta.date\"",
        b"\"\xea\xb8\xb0\xec\x82\xac\"",
        b"\"2023-04-10 17:02\"",
        b"1681113720",
        b"-1e400",
        b"null",
        b"true",
        b"\"\"",
        b"\xb1\xe2\xbb\xe7",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\r",
        b"\\u0000",
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn jsonl_round_trips_any_article(articles in prop::collection::vec(article(), 1..4)) {
        let lines: Vec<String> = articles.iter().map(|article| serde_json::to_string(article).unwrap()).collect();
        let read: Vec<Article> = read_bytes(lines.join("\n").as_bytes()).into_iter().map(Result::unwrap).collect();
        prop_assert_eq!(read, articles);
    }

    #[test]
    fn jsonl_reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600), limit in 1usize..200) {
        let items: Vec<_> = JsonlReader::new(&bytes[..], Path::new("random.jsonl"), "random", &FieldMap::default())
            .with_max_line_len(limit)
            .collect();
        prop_assert_eq!(items.len(), expected_items(&bytes, limit));
    }

    #[test]
    fn jsonl_reader_never_panics_on_json_soup(bytes in jsonl_soup(), nested in any::<bool>()) {
        let fields = if nested { FieldMap::from_assignments(["body=meta.date", "id=title"]).unwrap() } else { FieldMap::default() };
        let mut reader = JsonlReader::new(std::io::BufReader::with_capacity(7, &bytes[..]), Path::new("soup.jsonl"), "soup", &fields);
        let items: Vec<_> = reader.by_ref().collect();
        prop_assert_eq!(items.len(), expected_items(&bytes, kosearch::corpus::DEFAULT_MAX_DOCUMENT_SIZE));
        for notice in reader.take_notices() {
            prop_assert!(notice.line.is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn html_parse_never_panics(page in ".{0,400}") {
        html::parse(&page);
    }

    #[test]
    fn html_parse_never_panics_on_tag_soup(pieces in prop::collection::vec(prop::sample::select(vec![
        "<p>", "</p>", "<div class=\"article_body\">", "<div class=\"share\">", "</div>", "<br>", "<article>",
        "</article>", "<meta property=\"og:title\" content=\"제목 - 뉴스\">", "<meta name=\"author\" content=\"@ 기자 (\">",
        "<meta name=\"date\" content=\"2023.13.45\">", "<script type=\"application/ld+json\">{\"@graph\": [1, {\"@type\": [\"NewsArticle\"], \"author\": [null, {}]}]}</script>",
        "<time datetime=\"x\">", "<h1>", "</h1>", "<h2 class=subtitle>", "<table><tr><td>", "<pre>", "본문", " ", "\n",
        "&nbsp;", "&amp;", "<!--", "-->", "<nav>", "<a href=x>", "</a>", "<title>", "</title>", "<",
    ]), 0..80)) {
        html::parse(&pieces.concat());
    }

    #[test]
    fn html_round_trips_rendered_articles(
        title in words(8),
        paragraphs in prop::collection::vec(words(20), 1..5),
        section in prop::option::of("[가-힣]{1,4}"),
        published_at in prop::option::of(date()),
    ) {
        let article = Article {
            title,
            body: paragraphs.join("\n\n"),
            section,
            published_at,
            ..Article::default()
        };
        let parsed = html::parse(&render(&article));
        prop_assert_eq!(parsed, article);
    }
}
