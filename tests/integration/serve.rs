//! `kosearch serve`: the HTTP API over loopback, against the real binary
//! and a real index of `corpus/`, and the search page in headless Chromium
//! (skipped, saying why, when /usr/bin/chromedriver is absent; `.ci/run`
//! installs it).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::util::{self, corpus_index, hostile, index_files, kosearch, reference_path, REFERENCE};

/// A `kosearch serve` process on a free loopback port, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(index: &Path, extra: &[&str]) -> Server {
        Server::spawn(index, extra, Stdio::inherit())
    }

    /// A server whose log (standard error) goes to `log`.
    fn start_logging(index: &Path, extra: &[&str], log: &Path) -> Server {
        let log = std::fs::File::create(log).unwrap();
        Server::spawn(index, extra, Stdio::from(log))
    }

    fn spawn(index: &Path, extra: &[&str], stderr: Stdio) -> Server {
        let mut child = kosearch()
            .args(["serve", "--addr", "127.0.0.1:0", "--index"])
            .arg(index)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(base) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kosearch serve did not start: {line:?}");
        };
        Server {
            base: base.to_string(),
            child,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Status and JSON body of a response; every answer of the API is JSON.
fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, Value) {
    let mut response = response.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = response.body_mut().read_to_string().unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{status}: {content_type}: {text}"
    );
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, value)
}

fn get(agent: &ureq::Agent, url: &str, query: &[(&str, &str)]) -> (u16, Value) {
    let mut request = agent.get(url);
    for (name, value) in query {
        request = request.query(*name, *value);
    }
    read(request.call())
}

/// An error answer: its status field and message.
fn assert_error(answer: &(u16, Value), status: u16, contains: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["status"], status, "{}", answer.1);
    let message = answer.1["error"].as_str().unwrap();
    assert!(message.contains(contains), "{message:?} lacks {contains:?}");
}

#[test]
fn search_answers_exactly_as_the_cli_json() {
    let server = Server::start(corpus_index(), &[]);
    let agent = agent();
    let query = "세종시와 서울시가 맺은 협약은?";
    let (status, api) = get(
        &agent,
        &server.url("/search"),
        &[("q", query), ("limit", "5"), ("facets", "section,date")],
    );
    assert_eq!(status, 200, "{api}");

    let cli = kosearch()
        .args([
            "search",
            query,
            "--limit",
            "5",
            "--facets",
            "section,date",
            "--json",
        ])
        .arg("--index")
        .arg(corpus_index())
        .output()
        .unwrap();
    assert!(cli.status.success());
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(api, cli, "the API and `kosearch search --json` differ");

    let hits = api["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert_eq!(hits[0]["id"], REFERENCE);
    for key in ["total", "hits", "facets", "corrected_query"] {
        assert!(api.get(key).is_some(), "no {key}");
    }
    assert!(api["corrected_query"].is_null());
    for key in util::HIT_KEYS {
        assert!(hits[0].get(key).is_some(), "a hit has no {key}");
    }
    assert!(api["facets"]["date"].is_array() && api["facets"]["section"].is_array());
}

#[test]
fn search_corrects_a_slip_and_exact_searches_as_typed() {
    let server = Server::start(corpus_index(), &[]);
    let agent = agent();
    let (status, corrected) = get(&agent, &server.url("/search"), &[("q", "tpwhdtl 협약")]);
    assert_eq!(status, 200, "{corrected}");
    assert_eq!(corrected["corrected_query"], "세종시 협약");
    assert_eq!(corrected["hits"][0]["id"], REFERENCE);
    for exact in ["true", "1", ""] {
        let (status, typed) = get(
            &agent,
            &server.url("/search"),
            &[("q", "tpwhdtl 협약"), ("exact", exact)],
        );
        assert_eq!(status, 200, "{typed}");
        assert!(typed["corrected_query"].is_null(), "{typed}");
        assert_eq!(typed["total"], 0);
    }
    let (status, corrected) = get(
        &agent,
        &server.url("/search"),
        &[("q", "tpwhdtl 협약"), ("exact", "false")],
    );
    assert_eq!(
        (status, &corrected["corrected_query"]),
        (200, &json!("세종시 협약"))
    );
    let (status, refused) = get(
        &agent,
        &server.url("/search"),
        &[("q", "tpwhdtl 협약"), ("exact", "maybe")],
    );
    assert_eq!(status, 400);
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("`exact` is `true` or `false`"),
        "{refused}"
    );
}

#[test]
fn highlights_are_byte_ranges_of_the_query_words() {
    let server = Server::start(corpus_index(), &[]);
    let (status, body) = get(&agent(), &server.url("/search"), &[("q", "세종")]);
    assert_eq!(status, 200);
    assert!(body["total"].as_u64().unwrap() >= 1);
    let mut marked = Vec::new();
    for hit in body["hits"].as_array().unwrap() {
        for passage in hit["passages"].as_array().unwrap() {
            let text = passage["text"].as_str().unwrap();
            for range in passage["highlights"].as_array().unwrap() {
                let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
                let slice = text
                    .get(start as usize..end as usize)
                    .expect("highlights on character boundaries");
                marked.push(slice.to_string());
            }
        }
    }
    assert!(!marked.is_empty());
    assert!(
        marked.iter().all(|m| m.starts_with("세종")),
        "highlights: {marked:?}"
    );
}

#[test]
fn documents_stats_health_and_errors() {
    let server = Server::start(corpus_index(), &[]);
    let agent = agent();

    let (status, article) = get(
        &agent,
        &server.url("/documents/corpus/000_bcc3dce22a5e3c6c.txt"),
        &[],
    );
    assert_eq!(status, 200);
    assert_eq!(article["id"], REFERENCE);
    assert!(article["body"].as_str().unwrap().contains("세종"));
    // Ids with characters that need escaping, and a missing one.
    let answer = get(&agent, &server.url("/documents/no%20such%2Fid"), &[]);
    assert_error(&answer, 404, "no such/id");
    let answer = get(&agent, &server.url("/documents/missing"), &[]);
    assert_error(&answer, 404, "missing");

    let (status, stats) = get(&agent, &server.url("/stats"), &[]);
    assert_eq!(status, 200);
    let cli = kosearch()
        .args(["stats", "--json", "--index"])
        .arg(corpus_index())
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    // The size on disk may change between the two (tantivy's lock files).
    cli["size_bytes"] = stats["size_bytes"].clone();
    assert_eq!(stats, cli);
    assert_eq!(stats["documents"], 265);

    let (status, health) = get(&agent, &server.url("/health"), &[]);
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["documents"], 265);
    assert_eq!(health["writable"], false);

    assert_error(
        &get(&agent, &server.url("/nowhere"), &[]),
        404,
        "no such endpoint",
    );
    assert_error(
        &read(agent.delete(&server.url("/search")).call()),
        405,
        "DELETE",
    );
    assert_error(&get(&agent, &server.url("/search"), &[]), 400, "`q`");
    for (name, value, says) in [
        ("limit", "ten", "whole number"),
        ("limit", "100000", "at most"),
        ("offset", "-1", "whole number"),
        ("facets", "colour", "unknown facet"),
        ("sort", "random", "`sort`"),
        ("recency", "NaN", "`recency`"),
    ] {
        let answer = get(
            &agent,
            &server.url("/search"),
            &[("q", "세종"), (name, value)],
        );
        assert_error(&answer, 400, says);
    }

    // Writing is off without a token, and says how to turn it on.
    let answer = read(
        agent
            .post(&server.url("/documents"))
            .header("Authorization", "Bearer anything")
            .send("{\"id\": \"x\", \"body\": \"본문\"}\n"),
    );
    assert_error(&answer, 403, "without a write token");
}

#[test]
fn long_and_hostile_queries_never_fail_the_server() {
    let server = Server::start(corpus_index(), &[]);
    let agent = agent();
    let long = "세".repeat(1400); // 4,200 bytes
    assert_error(
        &get(&agent, &server.url("/search"), &[("q", &long)]),
        414,
        "4096",
    );
    let words = "가 ".repeat(1100); // 1,100 words in 4,400 bytes: too long too
    assert_eq!(get(&agent, &server.url("/search"), &[("q", &words)]).0, 414);
    let many = "a ".repeat(1100); // 1,100 words in 2,200 bytes
    assert_error(
        &get(&agent, &server.url("/search"), &[("q", &many)]),
        400,
        "query",
    );

    let hostile = [
        "",
        " ",
        "\"",
        "\"\"",
        "((((",
        "))",
        "title:",
        "title:\"",
        "section:",
        "-",
        "--",
        "-\"-\"",
        "^^^",
        "협약^",
        "협약^1e40",
        "협약^-5",
        "협약^NaN",
        "OR OR OR",
        "OR",
        "*",
        "?",
        "date:9999-99-99",
        "date:2023-13",
        "date:2023-04-01..",
        "date:..",
        "since:abc until:",
        "since:2023-01-01 until:2020-01-01",
        "\u{0}\u{1}\u{7f}",
        "\u{202e}세종\u{202c}",
        "😀 🇰🇷",
        "세종\t협약\n",
        "<script>alert(1)</script>",
        "reporter:\"\" source:\"",
        "%00%ff",
        "\\",
        "a:b:c:d",
        "title:title:title:",
    ];
    for q in hostile {
        for extra in [
            vec![],
            vec![("sort", "date"), ("facets", "section,source,reporter,date")],
        ] {
            let mut query = vec![("q", q)];
            query.extend(extra);
            let (status, body) = get(&agent, &server.url("/search"), &query);
            assert!(status == 200 || status == 400, "{q:?}: {status} {body}");
            if status == 200 {
                assert!(
                    body["total"].is_u64() && body["hits"].is_array(),
                    "{q:?}: {body}"
                );
            } else {
                assert_eq!(body["status"], 400);
            }
        }
    }
    // A query string that is not UTF-8, and an id that is not either.
    let (status, _) = read(agent.get(&server.url("/search?q=%FF%FE&limit=2")).call());
    assert!(status == 200 || status == 400);
    let (status, _) = read(agent.get(&server.url("/documents/%FF")).call());
    assert!(status == 400 || status == 404);
    assert_eq!(get(&agent, &server.url("/health"), &[]).0, 200);
}

#[test]
fn a_query_over_its_time_limit_is_refused_with_503() {
    // With a 1 ms limit, some of these searches (the whole result list,
    // facets, passages) run out of time; whichever do answer 503, never
    // anything else.
    let server = Server::start(corpus_index(), &["--query-timeout-ms", "1"]);
    let agent = agent();
    let mut refused = 0;
    for _ in 0..10 {
        let answer = get(
            &agent,
            &server.url("/search"),
            &[
                ("q", "국민 청원 정부 정책 지원 요청 문제 해결 방안은?"),
                ("limit", "100"),
                ("facets", "section,source,reporter,date"),
            ],
        );
        match answer.0 {
            200 => {}
            503 => {
                assert_error(&answer, 503, "1 ms");
                refused += 1;
            }
            other => panic!("{other}: {}", answer.1),
        }
    }
    eprintln!("{refused} of 10 searches ran out of time");
    assert_eq!(get(&agent, &server.url("/health"), &[]).0, 200);
}

/// A fresh index of the one news article, for tests that write.
fn writable_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    index_files(&[&reference_path()], dir.path());
    dir
}

#[test]
fn post_documents_upserts_and_new_documents_are_searchable() {
    let index = writable_index();
    let server = Server::start(
        index.path(),
        &[
            "--token",
            "s3cret-token",
            "--body-limit",
            "4096",
            "--max-document-size",
            "2000",
        ],
    );
    let agent = agent();
    let post = |token: Option<&str>, body: &str| {
        let mut request = agent.post(&server.url("/documents"));
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        read(request.content_type("application/x-ndjson").send(body))
    };
    let rover = json!({
        "id": "api-rover",
        "title": "화성 탐사 로버 퍼서비어런스 착륙",
        "body": "미국 항공우주국의 탐사 로버 퍼서비어런스가 화성 예제로 충돌구에 착륙했다. 로버는 생명체의 흔적을 찾는다.",
        "date": "2021-02-19 06:00",
        "category": "과학",
    });
    let body = format!(
        "{rover}\nnot json\n{}\n\n{}\n",
        json!({"title": "아이디 없음", "body": "본문"}),
        json!({"id": "api-empty"}),
    );

    assert_error(&post(None, &body), 401, "Authorization");
    assert_error(&post(Some("wrong"), &body), 401, "wrong token");
    // Not searchable before.
    let (_, before) = get(&agent, &server.url("/search"), &[("q", "퍼서비어런스")]);
    assert_eq!(before["total"], 0);

    let (status, report) = post(Some("s3cret-token"), &body);
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["updated"], 0);
    assert_eq!(report["skipped"], 3, "{report}");
    assert_eq!(report["documents"], 2);
    let lines: Vec<u64> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 5], "{report}");
    assert!(report["errors"][1]["reason"]
        .as_str()
        .unwrap()
        .contains("id"));

    // Searchable at once, with highlights, facets and the same field rules
    // as `kosearch index` (`category` is the section, `date` the time).
    let (status, after) = get(
        &agent,
        &server.url("/search"),
        &[("q", "퍼서비어런스 착륙"), ("facets", "section")],
    );
    assert_eq!(status, 200);
    assert_eq!(after["total"], 1, "{after}");
    let hit = &after["hits"][0];
    assert_eq!(hit["id"], "api-rover");
    assert_eq!(hit["section"], "과학");
    assert_eq!(hit["published_at"], "2021-02-19T06:00:00+09:00");
    assert_eq!(after["facets"]["section"][0]["value"], "과학");
    let (status, stored) = get(&agent, &server.url("/documents/api-rover"), &[]);
    assert_eq!(status, 200);
    assert_eq!(stored["title"], rover["title"]);

    // The same again: unchanged; changed: updated.
    let (_, report) = post(Some("s3cret-token"), &format!("{rover}\n"));
    assert_eq!(
        (report["unchanged"].as_u64(), report["added"].as_u64()),
        (Some(1), Some(0))
    );
    let mut changed = rover.clone();
    changed["body"] = json!("퍼서비어런스가 화성의 암석 표본을 채취했다.");
    let (_, report) = post(Some("s3cret-token"), &format!("{changed}\n"));
    assert_eq!(report["updated"], 1, "{report}");
    let (_, found) = get(&agent, &server.url("/search"), &[("q", "암석 표본")]);
    assert_eq!(found["total"], 1);
    let (_, gone) = get(&agent, &server.url("/search"), &[("q", "충돌구")]);
    assert_eq!(gone["total"], 0);

    // Over the body limit: 413, and nothing written.
    let big = json!({"id": "api-big", "body": "가".repeat(2000)}).to_string();
    assert_error(&post(Some("s3cret-token"), &big), 413, "4096");
    assert_eq!(get(&agent, &server.url("/documents/api-big"), &[]).0, 404);
    // A document over the size limit is skipped as `kosearch index` skips
    // it; the others of the body are written.
    let long = json!({"id": "api-long", "body": "가".repeat(800)}).to_string();
    let (status, report) = post(
        Some("s3cret-token"),
        &format!(
            "{long}\n{}\n",
            json!({"id": "api-short", "body": "짧은 본문"})
        ),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (report["added"].as_u64(), report["skipped"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        report["errors"][0]["reason"],
        format!(
            "{} bytes, over the limit of 2000 bytes per document",
            long.len()
        )
    );
}

/// `POST /documents` with `body` and the token `t`.
fn post_with_token(agent: &ureq::Agent, server: &Server, body: &str) -> (u16, Value) {
    read(
        agent
            .post(&server.url("/documents"))
            .header("Authorization", "Bearer t")
            .content_type("application/x-ndjson")
            .send(body),
    )
}

#[test]
fn suggest_answers_as_the_cli_and_follows_posted_documents() {
    let index = writable_index();
    let server = Server::start(index.path(), &["--token", "t", "--max-query-bytes", "600"]);
    let agent = agent();
    let suggest = |query: &[(&str, &str)]| get(&agent, &server.url("/suggest"), query);
    let (status, answer) = suggest(&[("q", "tpwhdtl"), ("limit", "3")]);
    assert_eq!(status, 200, "{answer}");
    let cli = crate::util::succeeds(
        crate::util::kosearch()
            .args(["suggest", "tpwhdtl", "--limit", "3", "--json", "--index"])
            .arg(index.path()),
    );
    assert_eq!(answer, serde_json::from_str::<Value>(&cli).unwrap());
    assert_eq!(answer["suggestions"][0]["text"], "세종시");
    assert_eq!(answer["suggestions"][0]["match"], "keyboard");
    assert!(answer["suggestions"].as_array().unwrap().len() <= 3);
    let (_, answer) = suggest(&[("q", "ㅅ"), ("limit", "3")]);
    assert_eq!(answer["suggestions"].as_array().unwrap().len(), 3);
    // Ten by default.
    let (_, answer) = suggest(&[("q", "ㅅ")]);
    assert_eq!(answer["suggestions"].as_array().unwrap().len(), 10);

    assert_error(&suggest(&[]), 400, "`q` is missing");
    assert_error(
        &suggest(&[("q", "서"), ("limit", "101")]),
        400,
        "at most 100",
    );
    assert_error(&suggest(&[("q", &"가".repeat(300))]), 414, "at most 600");
    assert_error(&suggest(&[("q", &"a".repeat(300))]), 400, "at most 256");
    for hostile in ["\u{0}", "ㅏㅏ", "\u{1b}[2J", "\u{1112}\u{1161}"] {
        assert_eq!(suggest(&[("q", hostile)]).0, 200, "{hostile:?}");
    }

    // A posted document's words are suggested once it is committed.
    let (_, before) = suggest(&[("q", "vjtjql")]);
    assert!(before["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["text"] != "퍼서비어런스"));
    let rover = json!({
        "id": "rover",
        "title": "화성 탐사 로버 퍼서비어런스 착륙",
        "body": "탐사 로버 퍼서비어런스가 화성에 착륙했다.",
    });
    let (status, report) = post_with_token(&agent, &server, &format!("{rover}\n"));
    assert_eq!(status, 200, "{report}");
    let (_, after) = suggest(&[("q", "xkatk")]);
    assert_eq!(after["suggestions"][0]["text"], "탐사", "{after}");
    let (_, title) = suggest(&[("q", "화성 탐")]);
    assert_eq!(
        title["suggestions"][0]["text"], "화성 탐사 로버 퍼서비어런스 착륙",
        "{title}"
    );
}

#[test]
fn suggest_on_an_index_without_suggestions_is_404_and_search_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::util::kosearch()
        .arg("index")
        .arg(reference_path())
        .arg("--no-suggestions")
        .arg("--index")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let server = Server::start(dir.path(), &[]);
    let agent = agent();
    assert_error(
        &get(&agent, &server.url("/suggest"), &[("q", "서울")]),
        404,
        "has no suggestions",
    );
    let (status, results) = get(&agent, &server.url("/search"), &[("q", "세종시")]);
    assert_eq!((status, results["total"].as_u64()), (200, Some(1)));
}

/// `id` escaped for a URL path: everything but letters, digits, `-`, `_`.
fn escape_id(id: &str) -> String {
    id.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Issue 19 A: the documents that broke every search are sent to a running
/// server, which goes on answering everyone.
#[test]
fn post_documents_with_values_the_reader_cannot_use_keeps_the_server_working() {
    let index = writable_index();
    let server = Server::start(index.path(), &["--token", "t"]);
    let agent = agent();
    let (status, report) = post_with_token(&agent, &server, &hostile::UNUSABLE_VALUES.join("\n"));
    assert_eq!(status, 200, "{report}");
    // The five lines without a usable id are refused (the API needs one).
    assert_eq!(
        (report["added"].as_u64(), report["skipped"].as_u64()),
        (Some(11), Some(5)),
        "{report}"
    );
    let notices = report["notices"].as_array().unwrap();
    assert!(
        notices.iter().any(|notice| notice["id"] == "array-title"
            && notice["reason"]
                .as_str()
                .unwrap()
                .contains("kept in `_unread`")),
        "{report}"
    );

    let (status, results) = get(
        &agent,
        &server.url("/search"),
        &[("q", "협약"), ("limit", "100")],
    );
    assert_eq!(status, 200, "{results}");
    // And the index's own article about a 협약.
    assert_eq!(results["total"], 12, "{results}");
    assert_eq!(results["hits"].as_array().unwrap().len(), 12);
    assert!(results.get("unreadable").is_none(), "{results}");
    let (status, stored) = get(&agent, &server.url("/documents/array-title"), &[]);
    assert_eq!(status, 200);
    assert_eq!(stored["_unread"]["title"], json!(["협약", "제목"]));
    // Everyone else's searches still work.
    let (status, _) = get(&agent, &server.url("/search"), &[("q", "세종시")]);
    assert_eq!(status, 200);
}

#[test]
fn a_stored_article_that_cannot_be_read_is_logged_and_left_out() {
    let index = writable_index();
    util::store_raw(index.path(), &[("broken", "협약", "협약", b"[1, 2")]);
    let log = index.path().join("serve.log");
    let server = Server::start_logging(index.path(), &[], &log);
    let agent = agent();
    let (status, results) = get(&agent, &server.url("/search"), &[("q", "section:행정")]);
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["total"], 1);
    assert_eq!(results["hits"], json!([]));
    assert_eq!(results["unreadable"][0]["id"], "broken", "{results}");
    let (status, error) = get(&agent, &server.url("/documents/broken"), &[]);
    assert_eq!(status, 500);
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("`broken` cannot be read"),
        "{error}"
    );
    drop(server);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("GET /search left out `broken`"), "{logged}");
}

/// Issue 19, deliverable 2: generated hostile JSON Lines sent to
/// `POST /documents`; every document the server kept reads back through
/// `GET /documents/{id}` exactly as the reader reads its line, and searches
/// meeting them answer.
#[test]
fn posted_documents_of_any_shape_read_back_and_are_found() {
    use proptest::test_runner::{Config, TestRunner};

    let index = writable_index();
    let server = Server::start(index.path(), &["--token", "t"]);
    let agent = agent();
    let lines = prop::collection::vec((hostile::json_line(), "[a-z0-9/%. \\-]{1,12}"), 1..5);
    let mut runner = TestRunner::new(Config::with_cases(16));
    runner
        .run(&lines, |lines| {
            // An id first; an `id` among the generated keys comes later and wins.
            let lines: Vec<String> = lines
                .iter()
                .map(|(line, id)| format!("{{\"id\": {}, {}", json!(id), &line[1..]))
                .collect();
            let (status, report) = post_with_token(&agent, &server, &lines.join("\n"));
            prop_assert_eq!(status, 200, "{}", report);
            let mut expected: std::collections::HashMap<String, Value> = Default::default();
            for line in &lines {
                let read = kosearch::corpus::jsonl::JsonlReader::new(
                    line.as_bytes(),
                    Path::new("local"),
                    "\u{0}local",
                    &kosearch::corpus::FieldMap::default(),
                )
                .next();
                if let Some(Ok(article)) =
                    read.filter(|read| read.as_ref().is_ok_and(|a| !a.id.starts_with('\u{0}')))
                {
                    expected.insert(article.id.clone(), serde_json::to_value(&article).unwrap());
                }
            }
            prop_assert_eq!(
                report["added"].as_u64().unwrap()
                    + report["updated"].as_u64().unwrap()
                    + report["unchanged"].as_u64().unwrap(),
                expected.len() as u64,
                "{}",
                report
            );
            for (id, article) in &expected {
                let (status, stored) = get(
                    &agent,
                    &server.url(&format!("/documents/{}", escape_id(id))),
                    &[],
                );
                prop_assert_eq!(status, 200, "{}: {}", id, stored);
                prop_assert_eq!(&stored, article);
            }
            let (status, results) = get(
                &agent,
                &server.url("/search"),
                &[("q", hostile::MARKER), ("limit", "100")],
            );
            prop_assert_eq!(status, 200, "{}", results);
            prop_assert!(results.get("unreadable").is_none(), "{}", results);
            Ok(())
        })
        .unwrap();
}

#[test]
fn post_documents_while_another_writer_holds_the_index_is_409() {
    let index = writable_index();
    let server = Server::start(index.path(), &["--token", "t"]);
    let agent = agent();
    let body = json!({"id": "locked", "body": "잠긴 색인에 쓰기"}).to_string();
    let post = || {
        read(
            agent
                .post(&server.url("/documents"))
                .header("Authorization", "Bearer t")
                .send(&body),
        )
    };
    {
        let opened = kosearch::index::Index::open_with(index.path(), &util::dictionary()).unwrap();
        let _writer = opened
            .writer(&kosearch::index::WriterOptions {
                threads: 1,
                memory_budget: 16 * 1024 * 1024,
                ..Default::default()
            })
            .unwrap();
        assert_error(&post(), 409, "locked");
    }
    let (status, report) = post();
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["added"], 1);
}

#[test]
fn the_search_page_and_its_files_are_served() {
    let server = Server::start(corpus_index(), &[]);
    let agent = agent();
    for (path, kind, contains) in [
        ("/", "text/html", "id=\"q\""),
        ("/app.js", "text/javascript", "compositionend"),
        ("/style.css", "text/css", "mark"),
    ] {
        let mut response = agent.get(&server.url(path)).call().unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let headers = response.headers().clone();
        assert!(headers["content-type"].to_str().unwrap().starts_with(kind));
        assert!(headers.contains_key("content-security-policy"));
        let text = response.body_mut().read_to_string().unwrap();
        assert!(text.contains(contains), "{path}");
    }
}

// ---------------------------------------------------------------------------
// The search page in headless Chromium, driven over the WebDriver protocol.

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver in its own process group, with a browser session; on drop
/// the session is closed and the whole group (chromedriver and every
/// Chromium process it started) is killed.
struct Browser {
    driver: Child,
    base: String,
    session: Option<String>,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        use std::os::unix::process::CommandExt;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: None,
            agent: agent(),
            _profile: tempfile::tempdir().unwrap(),
        };
        let started = Instant::now();
        loop {
            let ready = browser
                .agent
                .get(&format!("{}/status", browser.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|status| status["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = format!("--user-data-dir={}", browser._profile.path().display());
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--disable-crash-reporter", "--window-size=1200,900", profile,
                ],
            },
        }}});
        let value = browser.command("POST", "/session", Some(capabilities));
        browser.session = Some(value["sessionId"].as_str().unwrap().to_string());
        browser
    }

    /// A WebDriver command; its `value`.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = match &self.session {
            Some(session) if path != "/session" => format!("{}/session/{session}{path}", self.base),
            _ => format!("{}{path}", self.base),
        };
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or(json!({}))),
        };
        let mut response = response.unwrap();
        let status = response.status().as_u16();
        let value: Value = response.body_mut().read_json().unwrap();
        assert_eq!(status, 200, "{method} {path}: {value}");
        value["value"].clone()
    }

    fn script(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// The WebDriver reference of the first element matching `css`.
    fn element(&self, css: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_object()
            .and_then(|object| object.values().next())
            .and_then(Value::as_str)
            .unwrap()
            .to_string()
    }

    /// Types `text` into `element` (a reference from [`Browser::element`])
    /// as keys pressed; `\u{E007}` is Enter.
    fn type_keys(&self, element: &str, text: &str) {
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Counts the page's searches (fetches of `/search`) in
    /// `window.__searches`, from 0.
    fn count_searches(&self) {
        self.script(
            "window.__searches = 0;
             const original = window.fetch;
             window.fetch = (...args) => {
               if (String(args[0]).startsWith('/search')) window.__searches++;
               return original(...args);
             };",
        );
    }

    /// Waits for `script` to return something truthy (not null, false, 0,
    /// "" or []), and returns it.
    fn wait_for(&self, script: &str, what: &str) -> Value {
        let started = Instant::now();
        loop {
            let value = self.script(script);
            let truthy = match &value {
                Value::Null | Value::Bool(false) => false,
                Value::Array(items) => !items.is_empty(),
                Value::String(text) => !text.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return value;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.session.is_some() {
            let url = format!("{}/session/{}", self.base, self.session.take().unwrap());
            let _ = self.agent.delete(&url).call();
        }
        let group = -(self.driver.id() as libc::pid_t);
        // SAFETY: kill(2) on our own child's process group.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.driver.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: as above; whatever is left of the group.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.driver.wait();
    }
}

/// Whether chromedriver and Chromium are installed; says why a test skips
/// when not.
fn browser_installed() -> bool {
    let missing = [CHROMEDRIVER, CHROMIUM]
        .into_iter()
        .find(|program| !Path::new(program).exists());
    if let Some(program) = missing {
        eprintln!(
            "skipped: {program} is absent (apt-get install -y chromium chromium-driver; .ci/run does)"
        );
    }
    missing.is_none()
}

#[test]
fn the_search_page_finds_and_highlights_a_korean_query_in_chromium() {
    if !browser_installed() {
        return;
    }
    let started = Instant::now();
    let server = Server::start(corpus_index(), &[]);
    let browser = Browser::start();
    browser.command("POST", "/url", Some(json!({"url": server.url("/")})));
    let element = browser.element("#q");
    // Typed, then Enter (U+E007 in WebDriver).
    browser.type_keys(&element, "세종시 협약\u{E007}");
    let marks = browser.wait_for(
        "return Array.from(document.querySelectorAll('#results mark'), m => m.textContent)",
        "highlighted results",
    );
    let marks: Vec<&str> = marks
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(marks.contains(&"세종시"), "marks: {marks:?}");
    assert!(marks.contains(&"협약"), "marks: {marks:?}");
    let title = browser.script("return document.querySelector('#results .hit h3').textContent");
    assert_eq!(
        title,
        "[세종24시] 세종시-서울시, 상호 교류 강화 업무협약 체결"
    );
    let status = browser.script("return document.getElementById('status').textContent");
    assert!(status.as_str().unwrap().contains("총 1건"), "{status}");

    // While a syllable is being composed nothing is searched; when the
    // composition ends, the search runs (debounced).
    browser.count_searches();
    browser.script(
        "const box = document.getElementById('q');
         box.value = '';
         box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
         box.value = '인권 행ㅈ';
         box.dispatchEvent(new InputEvent('input', {isComposing: true, data: 'ㅈ', inputType: 'insertCompositionText'}));
         box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, keyCode: 229}));",
    );
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        browser.script("return window.__searches"),
        0,
        "searched mid-composition"
    );
    browser.script(
        "const box = document.getElementById('q');
         box.value = '인권 행정';
         box.dispatchEvent(new CompositionEvent('compositionend', {data: '정'}));",
    );
    browser.wait_for("return window.__searches", "a search after compositionend");
    browser.wait_for(
        "return document.getElementById('status').textContent.includes('총') \
         && document.querySelector('#results mark') !== null",
        "results for 인권 행정",
    );

    // A facet value adds its filter to the query.
    browser.wait_for(
        "const b = document.querySelector('#facet-section button'); if (b) b.click(); return b !== null",
        "a section facet",
    );
    let query = browser.wait_for(
        "const q = document.getElementById('q').value; return q.includes('section:') ? q : ''",
        "a section filter in the box",
    );
    assert!(
        query.as_str().unwrap().starts_with("인권 행정 section:"),
        "{query}"
    );

    // A slip: the results of the corrected query, and a link that searches
    // the query as typed.
    browser.script("document.getElementById('q').value = ''");
    browser.type_keys(&element, "tpwhdtl 협약\u{E007}");
    let shown = browser.wait_for(
        "const c = document.getElementById('correction'); return c.hidden ? '' : c.textContent",
        "the correction shown",
    );
    assert_eq!(
        shown,
        "‘세종시 협약’(으)로 검색한 결과입니다. 입력한 검색어 ‘tpwhdtl 협약’(으)로 검색"
    );
    browser.wait_for(
        "return document.querySelector('#results .hit h3').textContent.includes('세종24시')",
        "the reference article for the corrected query",
    );
    let link = browser.element("#correction a");
    browser.command("POST", &format!("/element/{link}/click"), None);
    browser.wait_for(
        "return document.getElementById('correction').hidden \
         && document.getElementById('status').textContent.includes('결과가 없습니다') \
         && location.search.includes('exact=1')",
        "the query searched as typed",
    );
    drop(browser);
    eprintln!("browser test: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn the_search_page_suggests_while_typing_even_mid_composition_in_chromium() {
    if !browser_installed() {
        return;
    }
    let server = Server::start(corpus_index(), &[]);
    let browser = Browser::start();
    browser.command("POST", "/url", Some(json!({"url": server.url("/")})));
    let suggestions = "return Array.from(document.querySelectorAll('#suggestions li .text'), li => li.textContent)";
    let shown = |what: &str| {
        let texts = browser.wait_for(suggestions, what);
        texts
            .as_array()
            .unwrap()
            .iter()
            .map(|text| text.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };

    // Mid-composition: 성 is on its way to 서울, and no search starts.
    browser.count_searches();
    browser.script(
        "const box = document.getElementById('q');
         box.focus();
         box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
         box.value = '성';
         box.dispatchEvent(new InputEvent('input', {isComposing: true, data: '성', inputType: 'insertCompositionText'}));",
    );
    let texts = shown("suggestions mid-composition");
    assert!(texts.contains(&"서울".to_string()), "{texts:?}");
    assert_eq!(browser.script("return window.__searches"), 0);
    assert_eq!(
        browser.script("return document.getElementById('q').getAttribute('aria-expanded')"),
        "true"
    );
    browser.script(
        "const box = document.getElementById('q');
         box.dispatchEvent(new CompositionEvent('compositionend', {data: '성'}));
         box.value = '';
         box.dispatchEvent(new InputEvent('input', {inputType: 'deleteContentBackward'}));",
    );
    browser.wait_for(
        "return document.getElementById('suggestions').hidden",
        "the list closed for an empty box",
    );

    // Typed with the keyboard in English mode, through WebDriver's keys:
    // arrows move in the list, Enter takes the suggestion and searches it.
    let element = browser.element("#q");
    let keys = |text: &str| browser.type_keys(&element, text);
    keys("tjdnf");
    let texts = browser.wait_for(
        "const first = document.querySelector('#suggestions li');
         return first && first.textContent.includes('한/영') ? first.textContent : ''",
        "a suggestion for tjdnf",
    );
    assert!(texts.as_str().unwrap().starts_with("서울"), "{texts}");
    let texts = shown("suggestions for tjdnf");
    // Down, down, up: the second suggestion.
    keys("\u{E015}\u{E015}\u{E013}");
    let selected = browser.script(
        "return Array.from(document.querySelectorAll('#suggestions li')).findIndex(li => li.getAttribute('aria-selected') === 'true')",
    );
    assert_eq!(selected, 0);
    keys("\u{E015}");
    keys("\u{E007}");
    let taken = browser.wait_for(
        "return document.getElementById('suggestions').hidden && document.getElementById('q').value",
        "the suggestion taken",
    );
    assert_eq!(taken.as_str(), Some(texts[1].as_str()));
    browser.wait_for(
        "return window.__searches > 0 && document.getElementById('status').textContent.includes('총')",
        "a search of the suggestion",
    );

    // Escape closes the list; a click takes a suggestion.
    browser.script("document.getElementById('q').value = ''");
    keys("ㅅㅈㅅ");
    let texts = shown("suggestions for ㅅㅈㅅ");
    assert_eq!(texts[0], "세종시", "{texts:?}");
    keys("\u{E00C}");
    browser.wait_for(
        "return document.getElementById('suggestions').hidden",
        "the list closed by Escape",
    );
    // Backspace: ㅅㅈ.
    keys("\u{E003}");
    browser.wait_for(
        "return !document.getElementById('suggestions').hidden",
        "the list open again",
    );
    let item = browser.element("#suggestions li");
    let first =
        browser.script("return document.querySelector('#suggestions li .text').textContent");
    browser.command("POST", &format!("/element/{item}/click"), None);
    let taken = browser.wait_for(
        "return document.getElementById('suggestions').hidden && document.getElementById('q').value",
        "the clicked suggestion taken",
    );
    assert_eq!(taken, first);
}

/// A raw connection to a server, for what an HTTP client does not do: send
/// half a request, stall, read nothing.
fn connect(server: &Server) -> std::net::TcpStream {
    let address = server.base.strip_prefix("http://").unwrap();
    std::net::TcpStream::connect(address).unwrap()
}

/// `count` connections that send half a request and stall.
fn half_open(server: &Server, count: usize) -> Vec<std::net::TcpStream> {
    use std::io::Write;
    (0..count)
        .map(|_| {
            let mut stream = connect(server);
            stream
                .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream
        })
        .collect()
}

/// What the server sends on `stream` until it closes the connection, or
/// `None` when it is still open after `bound` (a bound far above the
/// timeouts under test, so that it never decides a test on timing).
fn read_until_closed(stream: &mut std::net::TcpStream, bound: Duration) -> Option<Vec<u8>> {
    use std::io::Read;
    let deadline = Instant::now() + bound;
    let mut read = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return Some(read),
            Ok(n) => read.extend_from_slice(&buffer[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => return Some(read),
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return None
            }
            Err(err) => panic!("{err}"),
        }
    }
}

/// The status and JSON body of one raw HTTP answer.
fn parse_answer(bytes: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{text:?}"));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    (
        status,
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")),
    )
}

#[test]
fn stalled_clients_are_closed_and_never_hold_the_server() {
    use std::io::Write;
    let server = Server::start(
        corpus_index(),
        &["--header-timeout-ms", "300", "--max-connections", "4"],
    );
    // Half a request, more of them than the server takes at once.
    let mut stalled = half_open(&server, 12);
    // A real request still gets its answer: each stalled client leaves
    // after the header timeout, and the server takes the next ones.
    let (status, health) = get(&agent(), &server.url("/health"), &[]);
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    for stream in &mut stalled {
        let answer = read_until_closed(stream, Duration::from_secs(60));
        assert_eq!(
            answer.as_deref(),
            Some(&b""[..]),
            "closed without an answer"
        );
    }
    // So is a kept-alive connection that sends nothing more.
    let mut idle = connect(&server);
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let answer = read_until_closed(&mut idle, Duration::from_secs(60)).expect("closed");
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
}

#[test]
fn a_stalled_body_gets_408_and_hypers_own_errors_are_json() {
    let index = writable_index();
    let server = Server::start(
        index.path(),
        &["--token", "t0ken", "--body-timeout-ms", "300"],
    );
    // The status and JSON error of the answer to `request`, sent raw.
    let error = |request: &[u8], status: u16| -> String {
        use std::io::Write;
        let mut stream = connect(&server);
        stream.write_all(request).unwrap();
        let answer = read_until_closed(&mut stream, Duration::from_secs(60)).expect("an answer");
        let (answered, body) = parse_answer(&answer);
        assert_eq!(
            (answered, body["status"].as_u64()),
            (status, Some(u64::from(status))),
            "{body}"
        );
        body["error"].as_str().unwrap().to_string()
    };
    let stalled = b"POST /documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0ken\r\n\
                    Content-Length: 1000\r\n\r\n{\"id\": \"a\",";
    let message = error(stalled, 408);
    assert!(message.contains("300 ms"), "{message}");
    // A URI over the HTTP parser's 64 KiB, answered by hyper itself.
    let long_uri = format!(
        "GET /search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(70_000)
    );
    let message = error(long_uri.as_bytes(), 414);
    assert!(message.contains("4096"), "{message}");
    // Headers that fill the parser's buffer (hyper's 417,792 bytes) without
    // ending; the whole of them is read, so the connection closes cleanly.
    let head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ";
    let big = format!("{head}{}", "a".repeat(8192 + 4096 * 100 - head.len()));
    error(big.as_bytes(), 431);
    // Not HTTP at all.
    error(b"\x16\x03\x01 hello\r\n\r\n", 400);
}

#[test]
fn sigterm_stops_the_server_at_once_with_stalled_clients_connected() {
    let mut server = Server::start(corpus_index(), &[]);
    // More than the default bound on connections; every one of them stalls.
    let stalled = half_open(&server, 300);
    // The last of them are in the listen queue; the first are being served.
    assert_eq!(get(&agent(), &server.url("/health"), &[]).0, 200);
    let pid = server.child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let stopped = Instant::now();
    // Waits far longer than the shutdown takes (milliseconds), only so that
    // a server that never stops fails the test instead of hanging it.
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(60),
            "kosearch serve still runs after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    eprintln!(
        "stopped in {:?} with {} stalled clients",
        stopped.elapsed(),
        stalled.len()
    );
    assert!(status.success(), "{status:?}");
}

#[test]
fn limit_zero_counts_and_counts_facets_only() {
    let server = Server::start(corpus_index(), &[]);
    let (status, body) = get(
        &agent(),
        &server.url("/search"),
        &[("q", "세종"), ("limit", "0"), ("facets", "section")],
    );
    assert_eq!(status, 200, "{body}");
    assert!(body["total"].as_u64().unwrap() > 0);
    assert_eq!(body["hits"], json!([]));
    assert!(body["facets"]["section"].is_array());
}

#[test]
fn synonyms_are_read_again_when_their_file_changes_and_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synonyms.txt");
    let log = dir.path().join("serve.log");
    std::fs::write(&file, "# none yet\n").unwrap();
    let server = Server::start_logging(
        corpus_index(),
        &["--synonyms", file.to_str().unwrap()],
        &log,
    );
    let agent = agent();
    let total = || {
        let (status, body) = get(
            &agent,
            &server.url("/search"),
            &[("q", "세종특별자치시"), ("limit", "0")],
        );
        assert_eq!(status, 200, "{body}");
        body["total"].as_u64().unwrap()
    };
    let alone = total();
    // A rule added while serving counts at the next search.
    std::fs::write(&file, "세종특별자치시 => 서울\n").unwrap();
    let with_rule = total();
    assert!(with_rule > alone, "{alone} {with_rule}");
    // A malformed file is reported, and the rules read before stay.
    let malformed = "세종특별자치시 => 서울\n서울\n";
    std::fs::write(&file, malformed).unwrap();
    assert_eq!(total(), with_rule);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("synonyms.txt, line 2") && logged.contains("stay in use"),
        "{logged}"
    );
    // SIGHUP reads it again, whatever its time stamp says: here one set
    // back, with the same length, so that only the signal tells.
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, format!("#{}\n", "x".repeat(malformed.len() - 2))).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(total(), with_rule);
    let status = Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while total() != alone {
        assert!(Instant::now() < deadline, "the rule stayed after SIGHUP");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn words_added_to_the_user_dictionary_while_serving_count_at_the_next_request() {
    let dir = tempfile::tempdir().unwrap();
    util::copy_dir(corpus_index(), dir.path());
    let server = Server::start(dir.path(), &["--token", "t"]);
    let agent = agent();
    let total = |query: &str| {
        let (status, body) = get(&agent, &server.url("/search"), &[("q", query)]);
        assert_eq!(status, 200, "{body}");
        body["total"].as_u64().unwrap()
    };
    // 카이아 is read inside 아카이아 until 아카이아 is a word.
    assert_eq!(total("카이아"), 1);
    util::succeeds(
        kosearch()
            .args(["dict", "add", "아카이아", "--index"])
            .arg(dir.path()),
    );
    assert_eq!(total("카이아"), 0);
    assert_eq!(total("아카이아"), 1);
    // Documents posted now are analyzed with the word too.
    let article = json!({"id": "new", "title": "아카이아 동맹", "body": "아카이아인들의 동맹."});
    let (status, body) = post_with_token(&agent, &server, &format!("{article}\n"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(total("아카이아"), 2);
    assert_eq!(total("카이아"), 0);
}
