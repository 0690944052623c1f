//! Generated hostile documents for the round-trip property tests: JSON
//! objects with every article field and alias and unknown keys, holding
//! every JSON type (null, empty and blank text, huge numbers, arrays, nested
//! objects, very long text, control characters, out-of-range dates),
//! written with duplicate keys; and text and HTML articles built from
//! hostile lines.
//!
//! Every document carries [`MARKER`] as a word of a title or body field, so
//! that a search for it meets the documents whose text kept it.

use proptest::prelude::*;

/// The word every generated document carries, to be searched for.
pub const MARKER: &str = "협약";

/// The keys of generated JSON objects: every article field and alias the
/// JSON Lines reader knows, and others (some of them nested paths or
/// kosearch's own `_unread`).
pub const KEYS: &[&str] = &[
    "id",
    "doc_id",
    "article_id",
    "title",
    "headline",
    "제목",
    "subtitle",
    "subheadline",
    "subheading",
    "부제",
    "body",
    "content",
    "text",
    "contents",
    "articleBody",
    "본문",
    "reporters",
    "reporter",
    "author",
    "authors",
    "byline",
    "기자",
    "email",
    "reporter_email",
    "e-mail",
    "published_at",
    "date",
    "datetime",
    "created_at",
    "pubDate",
    "published",
    "publish_date",
    "datePublished",
    "날짜",
    "작성일",
    "updated_at",
    "modified",
    "modified_at",
    "updated",
    "dateModified",
    "수정일",
    "section",
    "category",
    "분류",
    "카테고리",
    "source",
    "publisher",
    "press",
    "media",
    "언론사",
    "출처",
    "url",
    "link",
    "tags",
    "keywords",
    "키워드",
    "태그",
    "uid",
    "meta",
    "meta.date",
    "a.b",
    "_unread",
    "extra",
    "x",
    "",
];

/// The lines of issue 19's part A, each alone enough to break every search
/// that met it: fields a reader could not use, kept under their own name.
pub const UNUSABLE_VALUES: &[&str] = &[
    r#"{"id": "empty-body", "title": "협약 빈 본문", "body": ""}"#,
    r#"{"id": "blank-body", "title": "협약 공백 본문", "body": "   "}"#,
    r#"{"id": "null-body", "title": "협약 널 본문", "body": null}"#,
    r#"{"id": "array-title", "title": ["협약", "제목"], "body": "협약 본문이다."}"#,
    r#"{"id": "object-title", "title": {"ko": "협약"}, "body": "협약 본문이다."}"#,
    r#"{"id": "array-section", "section": ["정치", "경제"], "body": "협약 본문이다."}"#,
    r#"{"id": "object-source", "source": {"name": "뉴시스"}, "body": "협약 본문이다."}"#,
    r#"{"id": "number-tags", "tags": 3, "body": "협약 본문이다."}"#,
    r#"{"id": "mixed-reporters", "reporters": [1, {"a": 2}], "body": "협약 본문이다."}"#,
    r#"{"id": "", "body": "협약 빈 아이디"}"#,
    r#"{"id": "  ", "body": "협약 공백 아이디"}"#,
    r#"{"id": null, "body": "협약 널 아이디"}"#,
    r#"{"id": true, "body": "협약 불 아이디"}"#,
    r#"{"id": ["a", "b"], "body": "협약 배열 아이디"}"#,
    r#"{"id": "bad-published", "published_at": "어제", "body": "협약 본문이다."}"#,
    r#"{"id": "bad-updated", "updated_at": "어제", "body": "협약 본문이다."}"#,
];

/// The fields a generated object's [`MARKER`] goes in.
const MARKED_KEYS: &[&str] = &[
    "title",
    "headline",
    "제목",
    "body",
    "content",
    "text",
    "contents",
    "articleBody",
    "본문",
];

/// `--field` mappings, several onto fields the objects also have.
pub const FIELD_MAPPINGS: &[&[&str]] = &[
    &[],
    &["source=press"],
    &["body=content"],
    &["id=uid"],
    &["title=body"],
    &["published_at=meta.date"],
    &["body=text", "title=content"],
];

/// Text with control characters, bidirectional overrides, separators and
/// Korean, as it would be written in JSON (escaped).
fn hostile_text() -> impl Strategy<Value = String> {
    "[가-힣a-zA-Z0-9 ,·ㆍ\\-\\.\\x00-\\x1f\\x7f\u{202e}\u{feff}\u{a0}]{0,24}"
}

/// The JSON text of a string.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}

/// A JSON value, as text, of any type.
pub fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "null",
            "true",
            "false",
            "\"\"",
            "\"   \"",
            "\"\\t\\n\"",
            "0",
            "-0",
            "1.5e3",
            "1E3",
            "-1.25e-7",
            "12345678901234567890123456789",
            "123456789012345678901234567891",
            "18446744073709551616",
            "-9223372036854775809",
            "1681113720",
            "1681113720000",
            "1681113720000000",
            "1681113720123456789",
            "-9223372036854775808",
            "1e300",
            "\"2023-04-10 17:02\"",
            "\"2023.04.10. 오후 5:02\"",
            "\"1000-06-01T00:00:00+09:00\"",
            "\"9999-12-31\"",
            "\"2262-04-12\"",
            "\"1677-09-20\"",
            "\"어제\"",
            "\"_unread\"",
            "\"김철수, 이영희·박민수\"",
            "[]",
            "{}",
            "[\"\", \" \"]",
        ])
        .prop_map(str::to_string),
        any::<i64>().prop_map(|n| n.to_string()),
        hostile_text().prop_map(|text| json_string(&text)),
        (1usize..4).prop_map(|n| json_string(&"아주 긴 문장이다. ".repeat(n * 1500))),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..5).prop_map(|entries| {
                let entries: Vec<String> = entries
                    .into_iter()
                    .map(|(key, value)| format!("{}: {value}", json_string(key)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }),
        ]
    })
}

/// One JSON Lines line: an object with up to 12 entries of any key (so
/// with duplicates), and last, so that it is the one a duplicate key keeps,
/// [`MARKER`] in a title or body field.
pub fn json_line() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..12),
        prop::sample::select(MARKED_KEYS),
        hostile_text(),
    )
        .prop_map(|(entries, marked, noise)| {
            let mut entries: Vec<String> = entries
                .into_iter()
                .map(|(key, value)| format!("{}: {value}", json_string(key)))
                .collect();
            entries.push(format!(
                "{}: {}",
                json_string(marked),
                json_string(&format!("{MARKER} {noise}"))
            ));
            format!("{{{}}}", entries.join(", "))
        })
}

/// A plain-text article: lines as news sites write them (headline, byline,
/// dates, including ones no index can hold, sub-headings, boilerplate) and
/// hostile ones, [`MARKER`] in the first.
pub fn text_article() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        prop::sample::select(vec![
            "",
            "  • 홍길동 기자 (hong@example.com)",
            "  • 입력 2023.04.10 17:02",
            "승인 2023.04.10 17:02",
            "수정 2199.12.31 23:59",
            "입력 1000.06.01 00:00",
            "[서울=뉴시스] 김철수 기자 = 세종시는 서울시와 협력한다.",
            "◇ 7개 분야 협력",
            "관련기사",
            "이 기사를 공유합니다",
            "홍길동 기자 hong@example.com",
            "Copyright ⓒ 뉴시스. 무단전재 및 재배포 금지.",
        ])
        .prop_map(str::to_string),
        hostile_text(),
        (1usize..3).prop_map(|n| "긴 본문 문장이다. ".repeat(n * 2000)),
    ];
    (hostile_text(), prop::collection::vec(line, 0..10)).prop_map(|(noise, lines)| {
        let mut text = format!("{MARKER} {noise}\n");
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    })
}

/// An HTML page: a title with [`MARKER`], date metas (some out of range or
/// unreadable), paragraphs of hostile text in nested containers.
pub fn html_page() -> impl Strategy<Value = String> {
    let date = prop::sample::select(vec![
        "2023-04-10T17:02:00+09:00",
        "9999-12-31T00:00:00Z",
        "1000-06-01T00:00:00+09:00",
        "어제",
        "",
    ]);
    let paragraph = prop_oneof![
        hostile_text(),
        Just("세종시는 서울시와 협약을 맺었다.".to_string())
    ];
    (
        hostile_text(),
        date,
        prop::collection::vec(paragraph, 0..6),
        any::<bool>(),
    )
        .prop_map(|(noise, date, paragraphs, nested)| {
            let escape = |text: &str| {
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('"', "&quot;")
            };
            let body: String = paragraphs
                .iter()
                .map(|paragraph| format!("<p>{}</p>", escape(paragraph)))
                .collect();
            let body = if nested {
                format!("<div><div><section>{body}</section></div></div>")
            } else {
                body
            };
            format!(
                "<html><head><title>{MARKER} {}</title>\
                 <meta property=\"article:published_time\" content=\"{date}\"></head>\
                 <body><article>{body}</article></body></html>",
                escape(&noise)
            )
        })
}
