//! Input written to trick kosearch: escape sequences in documents and file
//! names, absurd boosts and limits, queries the README's syntax allows but
//! a parser may stumble on. Through the real binary, on real indexes.

use std::path::Path;

use serde_json::Value;

use crate::util::{self, hit_ids, index_files, run, search_json};

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
    let indexed = index_files(&[&jsonl, &html, &bad_name], &index_dir);
    // The skip report names the file, and a note quotes the bad date (as
    // JSON).
    let report = text(&indexed.stderr);
    assert!(report.contains("bad\\u{1b}[2J.jsonl"), "{report}");
    assert!(report.contains("어제\\u001b[2J"), "{report}");
    assert!(!has_terminal_controls(&report), "{report:?}");

    let index = index_dir.display().to_string();
    let searched = run(&[
        "search",
        "협약",
        "--facets",
        "section,source",
        "--index",
        &index,
    ]);
    let printed = text(&searched.stdout);
    assert!(searched.status.success(), "{}", text(&searched.stderr));
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
    let json = run(&["search", "협약", "--json", "--index", &index]);
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

    let stats = run(&["stats", "--index", &index]);
    let printed = text(&stats.stdout);
    assert!(printed.contains("행정\\u{1b}[41m"), "{printed}");
    assert!(!has_terminal_controls(&printed), "{printed:?}");

    // An error that quotes its input.
    let deleted = run(&["delete", &format!("none{esc}[2J"), "--index", &index]);
    let printed = text(&deleted.stderr);
    assert!(printed.contains("none\\u{1b}[2J"), "{printed}");
    assert!(!has_terminal_controls(&printed), "{printed:?}");
    let analyzed = run(&["analyze", &format!("세종{esc}]0;x\u{7}")]);
    assert!(!has_terminal_controls(&text(&analyzed.stdout)));
}

/// An index of a few articles written for these tests.
fn small_index(dir: &Path) -> String {
    let articles = [
        serde_json::json!({"id": "a", "title": "대통령 취임", "body": "대통령이 취임했다. 대통령은 세종시를 찾았다.", "section": "정치", "published_at": "2023-04-10"}),
        serde_json::json!({"id": "b", "title": "세종시 소식", "body": "세종시와 서울시가 협약을 맺었다. 대통령도 축하했다.", "section": "\"특집\" 기사", "published_at": "2023-05-01"}),
        serde_json::json!({"id": "c", "title": "서울 소식", "body": "서울시는 시민 공원을 열었다.", "section": "사회"}),
    ];
    let file = dir.join("articles.jsonl");
    let lines: Vec<String> = articles.iter().map(|a| a.to_string()).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let index_dir = dir.join("index");
    index_files(&[&file], &index_dir);
    index_dir.display().to_string()
}

#[test]
fn boosts_are_clamped_and_scores_are_always_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let index = small_index(dir.path());
    let plain = search_json(&index, &["대통령"]);
    assert_eq!(hit_ids(&plain), ["a", "b"]);
    for query in [
        "대통령^1e38",
        "대통령^1e39",
        "대통령^inf",
        "대통령^1000",
        "대통령^0.0",
        "대통령^-3",
        "대통령^nan",
    ] {
        let boosted = search_json(&index, &[query]);
        // Found as the word, never read as the text `대통령^1e39`.
        let mut ids = hit_ids(&boosted);
        ids.sort_unstable();
        assert_eq!(ids, ["a", "b"], "{query}: {boosted}");
        for hit in boosted["hits"].as_array().unwrap() {
            let score = hit["score"].as_f64();
            assert!(
                score.is_some_and(f64::is_finite),
                "{query}: score {}",
                hit["score"]
            );
        }
    }
    // The largest boost is 1000: a larger one ranks and scores as it.
    let at_most = search_json(&index, &["대통령^1000", "--passage-ranking", "0"]);
    let beyond = search_json(&index, &["대통령^inf", "--passage-ranking", "0"]);
    assert_eq!(at_most["hits"], beyond["hits"]);
    // A boost of 0: the word must match, and scores nothing.
    let zero = search_json(&index, &["대통령^0"]);
    assert!(zero["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|hit| hit["score"] == 0.0));
    // The title boost is a boost like the others.
    let title = search_json(&index, &["대통령", "--title-boost", "1e39"]);
    assert_eq!(hit_ids(&title), ["a", "b"]);
    assert!(title["hits"][0]["score"]
        .as_f64()
        .is_some_and(f64::is_finite));
}

#[test]
fn limits_negations_and_facets_behave_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let index = small_index(dir.path());

    // `--limit 0`: the count and the facets, no hit.
    let counted = search_json(&index, &["세종시", "--limit", "0", "--facets", "section"]);
    assert_eq!(counted["total"], 2, "{counted}");
    assert!(hit_ids(&counted).is_empty(), "{counted}");
    assert_eq!(counted["facets"]["section"].as_array().unwrap().len(), 2);
    let printed = text(&run(&["search", "세종시", "--limit", "0", "--index", &index]).stdout);
    assert_eq!(printed.trim(), "2 matching; none shown");

    // A negated word, unquoted, anywhere among the options.
    let negated = search_json(&index, &["세종시", "-서울"]);
    assert_eq!(hit_ids(&negated), ["a"], "{negated}");
    let output = run(&["search", "-서울", "대통령", "--index", &index, "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hit_ids(&value), ["a"]);
    // A mistyped option is still an error, not a query word.
    let typo = run(&["search", "세종시", "--limt", "3", "--index", &index]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(text(&typo.stderr).contains("--limit"));

    // Facets: the same shape whether nothing matches or the index is empty.
    let none = search_json(&index, &["없는낱말", "--facets", "section,date"]);
    assert_eq!(
        none["facets"],
        serde_json::json!({"date": [], "section": []})
    );
    let empty_dir = dir.path().join("empty");
    std::fs::write(dir.path().join("nothing.jsonl"), "").unwrap();
    index_files(&[&dir.path().join("nothing.jsonl")], &empty_dir);
    let empty = search_json(&empty_dir, &["세종시", "--facets", "section,date"]);
    assert_eq!(empty["facets"], none["facets"], "{empty}");
    assert_eq!(empty["total"], 0);

    // A facet value with quotes, queried with the escapes.
    let quoted = search_json(&index, &[r#"section:"\"특집\" 기사""#]);
    assert_eq!(hit_ids(&quoted), ["b"], "{quoted}");
}

#[test]
fn a_text_file_without_line_breaks_gets_a_title_cut_like_json_lines() {
    use kosearch::corpus::DERIVED_TITLE_MAX_CHARS;
    let dir = tempfile::tempdir().unwrap();
    let sentence = "세종시는 서울시와 교류 협력을 강화하기 위한 업무협약을 맺었다. ";
    let text = dir.path().join("one-line.txt");
    std::fs::write(&text, sentence.repeat(40_000)).unwrap();
    let html = dir.path().join("untitled.html");
    std::fs::write(
        &html,
        format!(
            "<html><body><article><p>{}</p></article></body></html>",
            sentence.repeat(10)
        ),
    )
    .unwrap();
    let jsonl = dir.path().join("untitled.jsonl");
    let line = serde_json::json!({"id": "j", "body": sentence.repeat(10)});
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let index_dir = dir.path().join("index");
    index_files(&[&text, &html, &jsonl], &index_dir);
    let results = search_json(&index_dir, &["업무협약"]);
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3, "{results}");
    let titles: Vec<&str> = hits
        .iter()
        .map(|hit| hit["title"].as_str().unwrap())
        .collect();
    // One definition of the cut: the three titles are the same.
    assert!(titles.iter().all(|title| *title == titles[0]), "{titles:?}");
    assert!(titles[0].ends_with('…'), "{titles:?}");
    assert!(titles[0].chars().count() <= DERIVED_TITLE_MAX_CHARS + 1);
    // Nothing of the text is lost: its first sentence is still body text.
    let one_line = hits.iter().find(|hit| hit["id"] == "one-line.txt").unwrap();
    assert_eq!(one_line["passages"][0]["start"], 0, "{one_line}");
}

#[test]
fn documents_in_other_scripts_are_found_by_their_title() {
    let dir = tempfile::tempdir().unwrap();
    let titles = [
        ("arabic", "الأخبار العاجلة اليوم"),
        ("thai", "ข่าวด่วนวันนี้"),
        ("hebrew", "חדשות היום"),
        ("devanagari", "आज की ताज़ा ख़बरें"),
    ];
    let lines: Vec<String> = titles
        .iter()
        .map(|(id, title)| {
            serde_json::json!({"id": id, "title": title, "body": format!("{title}. 세종시 소식.")})
                .to_string()
        })
        .collect();
    let file = dir.path().join("scripts.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let index_dir = dir.path().join("index");
    index_files(&[&file], &index_dir);
    let index = index_dir.display().to_string();
    for (id, title) in titles {
        let found = search_json(&index, &[title]);
        assert_eq!(hit_ids(&found), [id], "{title}: {found}");
        // And by one word of it, where the script separates words.
        if id != "thai" {
            let word = title.split_whitespace().next().unwrap();
            let found = search_json(&index, &[word]);
            assert_eq!(hit_ids(&found), [id], "{word}: {found}");
        }
    }
}

#[test]
fn an_indexing_memory_budget_out_of_range_fails_before_anything_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = util::corpus_dir();
    let corpus = corpus.display().to_string();
    let index_dir = dir.path().join("index");
    let index = index_dir.display().to_string();
    for (memory, threads, says) in [
        ("100000000", "0", "too large"),
        ("10", "0", "too small"),
        ("20", "2", "too small"),
    ] {
        let output = run(&[
            "index",
            &corpus,
            "--index",
            &index,
            "--memory",
            memory,
            "--threads",
            threads,
        ]);
        assert_eq!(output.status.code(), Some(2), "--memory {memory}");
        let message = text(&output.stderr);
        assert!(
            message.contains(says) && message.contains("MiB") && !message.contains("tantivy"),
            "{message}"
        );
        assert!(!index_dir.exists(), "--memory {memory} made {index}");
    }
    // The default thread count fits a small budget.
    let output = run(&["index", &corpus, "--index", &index, "--memory", "20"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
}
