//! Synonyms: the headline abbreviations built into the analyzer (美 ↔
//! 미국), and user synonyms at query time: equivalent and one-way rules,
//! entries of several words, ranking of a query's own words above their
//! synonyms, and malformed files.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use kosearch::search::{SearchOptions, SearchResults, Searcher, Synonyms};
use kosearch::{Article, Error};

use crate::util;

const RULES: &str = "\
# An old spelling, and a one-way rule of two words.
미국, 米國, USA
문 대통령 => 문재인 대통령
";

/// Articles that say the same with 미국 and with 米國, and name the
/// president in full and in short; equal but for that word, so that only
/// the word decides how they rank. Then a headline with Hanja
/// abbreviations, and Hanja words that hold the same Hanja.
const ARTICLES: [(&str, &str, &str); 8] = [
    (
        "us-word",
        "미국 제재 발표",
        "미국 정부가 대북 제재를 발표했다.",
    ),
    (
        "us-hanja",
        "米國 제재 발표",
        "米國 정부가 대북 제재를 발표했다.",
    ),
    (
        "moon-full",
        "정상 회담",
        "문재인 대통령이 워싱턴에 도착했다.",
    ),
    ("moon-short", "정상 회담", "문 대통령이 워싱턴에 도착했다."),
    ("other", "날씨", "서울은 내일 비가 온다."),
    (
        "headline",
        "美·中, 北 核 공조",
        "美·中 양국은 北 核 문제의 공조에 합의했다.",
    ),
    (
        "arts",
        "美術 전시회",
        "현대 美術 작품을 모은 전시회가 열렸다.",
    ),
    (
        "north-america",
        "北美 협정",
        "北美 자유무역협정이 발효됐다.",
    ),
];

fn searcher() -> Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    SEARCHER
        .get_or_init(|| {
            util::searcher_of(ARTICLES.map(|(id, title, body)| Article {
                id: id.into(),
                title: title.into(),
                body: body.into(),
                ..Article::default()
            }))
        })
        .1
        .clone()
}

fn synonyms(text: &str) -> kosearch::Result<Synonyms> {
    Synonyms::parse(text, Path::new("synonyms.txt"), searcher().analyzer())
}

fn search(query: &str, with_synonyms: bool) -> SearchResults {
    let options = SearchOptions {
        synonyms: with_synonyms.then(|| Arc::new(synonyms(RULES).unwrap())),
        ..SearchOptions::default()
    };
    searcher().search(query, &options).unwrap()
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.id.as_str()).collect()
}

#[test]
fn equivalent_entries_find_each_other_with_exact_highlights() {
    for (query, own, synonym, highlight) in [
        ("미국 제재", "us-word", "us-hanja", "米國"),
        ("米國 제재", "us-hanja", "us-word", "미국"),
        // A word with a particle is read as the entry.
        ("미국의 제재", "us-word", "us-hanja", "米國"),
    ] {
        assert_eq!(ids(&search(query, false)), [own], "{query}");
        let results = search(query, true);
        assert_eq!(ids(&results), [own, synonym], "{query}");
        let hit = &results.hits[1];
        let spans = util::highlighted(&hit.passages);
        assert!(spans.contains(&highlight), "{query}: {spans:?}");
        assert!(spans.contains(&"제재"), "{query}: {spans:?}");
    }
    // A question, and an exclusion, take the synonyms too.
    assert_eq!(
        ids(&search("미국이 발표한 제재는?", true))[..2],
        ["us-word", "us-hanja"]
    );
    assert!(ids(&search("제재 -미국", true)).is_empty());
    assert_eq!(ids(&search("제재 -미국", false)), ["us-hanja"]);
}

#[test]
fn a_query_s_own_words_rank_above_their_synonyms() {
    // The two articles differ by 미국 / 美 only.
    for (query, own) in [("미국 제재", "us-word"), ("米國 제재", "us-hanja")] {
        let results = search(query, true);
        assert_eq!(results.hits[0].id, own, "{query}");
        assert!(results.hits[0].score > results.hits[1].score, "{query}");
    }
}

#[test]
fn one_way_rules_and_entries_of_several_words() {
    // 문 대통령 also finds 문재인 대통령, as a phrase; not the other way.
    let results = search("문 대통령", true);
    assert_eq!(ids(&results), ["moon-short", "moon-full"]);
    // Highlights on the phrase's morphemes (the dictionary cuts 문재인
    // 문재 + 인 inside a sentence).
    let spans = util::highlighted(&results.hits[1].passages);
    assert!(
        spans.contains(&"대통령") && spans.iter().any(|span| span.starts_with("문재")),
        "{spans:?}"
    );
    assert_eq!(ids(&search("문재인 대통령", true)), ["moon-full"]);
    // The words must be the whole entry, in a row.
    assert_eq!(ids(&search("대통령", true)).len(), 2);
    assert!(ids(&search("문 워싱턴", true)).contains(&"moon-short"));
    assert!(!ids(&search("문 워싱턴", true)).contains(&"moon-full"));
}

#[test]
fn malformed_files_are_errors_naming_the_line() {
    for (text, line, says) in [
        ("미국, 美\n미국\n", 2, "one entry alone"),
        ("# note\n\n미국,,美\n", 3, "empty entry"),
        ("a => b => c\n", 1, "more than once"),
        ("미국, 美\n은, 는\n", 2, "no word to search"),
    ] {
        let error = synonyms(text).unwrap_err();
        assert!(
            matches!(&error, Error::Synonyms { line: Some(at), .. } if *at == line),
            "{text:?}: {error}"
        );
        let message = error.to_string();
        assert!(
            message.contains(&format!("synonyms.txt, line {line}")) && message.contains(says),
            "{message}"
        );
    }
    // A byte order mark, comments and blank lines are no rules; an empty
    // file is no synonyms.
    assert!(synonyms("\u{feff}# 미국\n\n   \n").unwrap().is_empty());
    assert!(synonyms("").unwrap().is_empty());
    // A legacy encoding is refused, not misread.
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join("euc-kr.txt");
    let (bytes, _, _) = encoding_rs::EUC_KR.encode("미국, 美\n");
    std::fs::write(&legacy, &bytes).unwrap();
    let error = Synonyms::from_file(&legacy, searcher().analyzer()).unwrap_err();
    assert!(error.to_string().contains("not UTF-8"), "{error}");

    // The command: exit code 2, the line named, nothing searched.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synonyms.txt");
    std::fs::write(&file, "미국, 美\n美\n").unwrap();
    let output = util::run(&[
        "search",
        "--index",
        util::corpus_index().to_str().unwrap(),
        "--synonyms",
        file.to_str().unwrap(),
        "세종",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("synonyms.txt, line 2"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn the_search_command_takes_a_synonyms_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synonyms.txt");
    // 세종 also finds 서울 in the corpus (a rule no one would write, whose
    // effect is plain to see).
    std::fs::write(&file, "세종특별자치시 => 서울\n").unwrap();
    let index = util::corpus_index().to_str().unwrap();
    let total = |synonyms: bool| {
        let mut args = vec!["--limit", "0"];
        if synonyms {
            args.extend(["--synonyms", file.to_str().unwrap()]);
        }
        args.push("세종특별자치시");
        util::search_json(index, &args)["total"].as_u64().unwrap()
    };
    assert!(total(true) > total(false));
}

#[test]
fn headline_abbreviations_find_their_words_both_ways() {
    // Built into the analyzer, no synonyms file: 美 is indexed as 美 and as
    // 미국 at one position, highlighted where 美 is written.
    for (query, highlight) in [("미국", "美"), ("중국", "中"), ("북한 核", "北")] {
        let results = search(query, false);
        let hit = results
            .hits
            .iter()
            .find(|hit| hit.id == "headline")
            .unwrap_or_else(|| panic!("{query}: {:?}", ids(&results)));
        let spans = util::highlighted(&hit.passages);
        assert!(spans.contains(&highlight), "{query}: {spans:?}");
    }
    // The other way: 美 finds an article that writes 미국, highlighted there.
    let results = search("美 정부", false);
    assert!(ids(&results).contains(&"us-word"), "{:?}", ids(&results));
    let hit = results.hits.iter().find(|hit| hit.id == "us-word").unwrap();
    assert!(util::highlighted(&hit.passages).contains(&"미국"));
    // A Hanja inside a longer Hanja word is not an abbreviation.
    let found = ids(&search("미국", false)).join(" ");
    assert!(
        !found.contains("arts") && !found.contains("north-america"),
        "{found}"
    );
    assert!(ids(&search("美術", false)).contains(&"arts"));
}

#[test]
fn headline_abbreviations_are_an_index_setting() {
    // Recorded like the other analysis choices: an index built without them
    // refuses a run that wants them, with what differs.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("headline.jsonl");
    std::fs::write(
        &data,
        "{\"id\": \"h\", \"title\": \"美 제재\", \"body\": \"美 정부가 발표했다.\"}\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let (data, index) = (data.to_str().unwrap(), index.to_str().unwrap());
    util::succeeds(util::kosearch().args([
        "index",
        data,
        "--index",
        index,
        "--no-headline-abbreviations",
    ]));
    assert_eq!(util::search_json(index, &["미국"])["total"], 0);
    assert_eq!(util::search_json(index, &["美"])["total"], 1);
    let output = util::run(&["index", data, "--index", index]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("headline abbreviations are off in the index, on now"),
        "{stderr}"
    );
}
