//! Input written to trick kosearch: escape sequences in documents and file
//! names, absurd boosts and limits, queries the README's syntax allows but
//! a parser may stumble on. Through the real binary, on real indexes.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// `kosearch ARGS` (standard output is a pipe, as for a script).
fn kosearch(args: &[&str]) -> Output {
    Command::cargo_bin("kosearch")
        .unwrap()
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// `kosearch index FILES --index DIR`, which must succeed (or only skip).
fn index(files: &[&Path], dir: &Path) -> Output {
    let mut args = vec!["index".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["--index".to_string(), dir.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = kosearch(&args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Whether `printed` holds a character a terminal would act on.
fn has_terminal_controls(printed: &str) -> bool {
    printed.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn escape_sequences_in_documents_and_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let esc = '\u{1b}';
    // A screen clear, a window title, hidden text, an OSC 8 link, the 8-bit
    // CSI, a bell and a right-to-left override, in every printed field.
    let jsonl = dir.path().join("news.jsonl");
    let line = serde_json::json!({
        "id": format!("id{esc}[2J"),
        "title": format!("세종시 협약{esc}]0;pwned\u{7}"),
        "body": format!("세종시는 서울시와 협약을 맺었다.{esc}[8m숨김{esc}[0m \u{9b}31m \u{202e}dlrow"),
        "reporters": [format!("홍길동{esc}]8;;http://evil.example/{esc}\\링크{esc}]8;;{esc}\\")],
        "source": format!("뉴스{esc}[2J"),
        "section": format!("행정{esc}[41m"),
        "date": format!("어제{esc}[2J"),
    });
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(
        &html,
        "<html><head><title>세종 협약&#27;[2J</title></head><body><article>\
         <p>세종시와 서울시의 협약 본문이다.&#27;]0;title&#7; 협약은 이어진다.</p></article></body></html>",
    )
    .unwrap();
    let bad_name = dir.path().join(format!("bad{esc}[2J.jsonl"));
    std::fs::write(&bad_name, "not json\n").unwrap();
    let index_dir = dir.path().join("index");
    let indexed = index(&[&jsonl, &html, &bad_name], &index_dir);
    // The skip report names the file, and a note quotes the bad date (as
    // JSON).
    let report = text(&indexed.stderr);
    assert!(report.contains("bad\\u{1b}[2J.jsonl"), "{report}");
    assert!(report.contains("어제\\u001b[2J"), "{report}");
    assert!(!has_terminal_controls(&report), "{report:?}");

    let index = index_dir.display().to_string();
    let searched = kosearch(&["search", "협약", "--facets", "section,source", "--index", &index]);
    let printed = text(&searched.stdout);
    assert!(
        searched.status.success(),
        "{}",
        text(&searched.stderr)
    );
    assert!(printed.contains("2 matching"), "{printed}");
    assert!(!has_terminal_controls(&printed), "{printed:?}");
    for shown in [
        "세종시 협약\\u{1b}]0;pwned\\u{7}",
        "세종 협약\\u{1b}[2J",
        "\\u{1b}[8m숨김",
        "\\u{9b}31m",
        "\\u{202e}dlrow",
        "홍길동\\u{1b}]8;;http://evil.example/",
        "뉴스\\u{1b}[2J",
        "행정\\u{1b}[41m",
        "id\\u{1b}[2J",
    ] {
        assert!(printed.contains(shown), "{shown} not in {printed}");
    }

    // `--json` keeps the text exactly; JSON escapes the controls itself.
    let json = kosearch(&["search", "협약", "--json", "--index", &index]);
    let raw = text(&json.stdout);
    assert!(!raw.contains(esc), "{raw:?}");
    let value: Value = serde_json::from_str(&raw).unwrap();
    let titles: Vec<&str> = value["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"세종시 협약\u{1b}]0;pwned\u{7}"),
        "{titles:?}"
    );

    let stats = kosearch(&["stats", "--index", &index]);
    let printed = text(&stats.stdout);
    assert!(printed.contains("행정\\u{1b}[41m"), "{printed}");
    assert!(!has_terminal_controls(&printed), "{printed:?}");

    // An error that quotes its input.
    let deleted = kosearch(&["delete", &format!("none{esc}[2J"), "--index", &index]);
    let printed = text(&deleted.stderr);
    assert!(printed.contains("none\\u{1b}[2J"), "{printed}");
    assert!(!has_terminal_controls(&printed), "{printed:?}");
    let analyzed = kosearch(&["analyze", &format!("세종{esc}]0;x\u{7}")]);
    assert!(!has_terminal_controls(&text(&analyzed.stdout)));
}
