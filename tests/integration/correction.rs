//! Query correction ([`kosearch::correct`]): words typed in the wrong
//! keyboard mode, as initial consonants or a jamo off find what was meant,
//! with the correction shown; clean queries, English words, numbers and
//! mixed scripts are searched as typed; hostile queries never panic.

use kosearch::search::{SearchOptions, SearchResults, Searcher};
use kosearch::Article;

use crate::util::{self, corpus_index, search_json, REFERENCE};

/// A searcher of the index of `corpus/`.
fn corpus_searcher() -> Searcher {
    let searcher = Searcher::new(&util::open_index(corpus_index())).unwrap();
    searcher.reload().unwrap();
    searcher
}

fn search(searcher: &Searcher, query: &str, correct: bool) -> SearchResults {
    let options = SearchOptions {
        correct,
        ..SearchOptions::default()
    };
    searcher.search(query, &options).unwrap()
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.id.as_str()).collect()
}

/// The results of `typed`, which must have been searched as `meant`.
fn corrected(searcher: &Searcher, typed: &str, meant: &str) -> SearchResults {
    let results = search(searcher, typed, true);
    assert_eq!(
        results.corrected_query.as_deref(),
        Some(meant),
        "{typed}: {:?}",
        ids(&results)
    );
    results
}

#[test]
fn slips_find_the_reference_article_with_the_correction_shown() {
    let searcher = corpus_searcher();
    for (typed, meant) in [
        // 세종시 typed in English mode.
        ("tpwhdtl 협약", "세종시 협약"),
        // Initial consonants.
        ("ㅅㅈㅅ 협약", "세종시 협약"),
        // One jamo off: ㅖ for ㅔ.
        ("셰종시 협약", "세종시 협약"),
        // A particle stays on the word corrected.
        ("셰종시와 협약", "세종시와 협약"),
        // Both words slipped, each its own way.
        ("tpwhdtl guqdir", "세종시 협약"),
    ] {
        let results = corrected(&searcher, typed, meant);
        assert_eq!(results.hits[0].id, REFERENCE, "{typed}");
        // As typed, none of them finds anything.
        let exact = search(&searcher, typed, false);
        assert_eq!((exact.total, exact.corrected_query), (0, None), "{typed}");
    }
}

#[test]
fn clean_queries_english_numbers_and_mixed_scripts_are_searched_as_typed() {
    let searcher = corpus_searcher();
    for query in [
        "세종시 협약",
        "세종시와 서울시가 맺은 협약은?",
        "인권 행정",
        "서울시",
        "협약",
        "COVID-19",
        "코로나19",
        "2023",
        "7가지",
        "K리그",
        "5G 통신",
        "청와대 국민청원",
        "\"인권 행정\"",
        "title:협약",
        "-서울 세종",
        "세종 OR 서울",
        // Words the index does not hold, with no word of it near.
        "qwertyuiop",
        "zzz",
        "ㅋㅋㅋ",
    ] {
        let corrected = search(&searcher, query, true);
        let exact = search(&searcher, query, false);
        assert_eq!(corrected.corrected_query, None, "{query}");
        assert_eq!(ids(&corrected), ids(&exact), "{query}");
        assert_eq!(corrected.total, exact.total, "{query}");
    }
}

#[test]
fn quoted_fielded_and_negated_words_stay_as_typed() {
    let searcher = corpus_searcher();
    for query in [
        "\"셰종시 협약\"",
        "title:셰종시",
        "협약 -셰종시",
        "셰종시^2 협약",
        "'셰종시 협약'",
    ] {
        let results = search(&searcher, query, true);
        assert_eq!(results.corrected_query, None, "{query}");
    }
}

/// Articles of real Korean prose for the slips the corpus has no word for.
fn articles() -> Vec<Article> {
    let article = |id: &str, title: &str, body: &str| Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Article::default()
    };
    vec![
        article(
            "samsung",
            "삼성전자, 반도체 투자 늘린다",
            "삼성전자는 반도체 설비 투자를 늘린다고 밝혔다. 삼성은 평택 공장을 넓힌다.",
        ),
        article(
            "samsung-2",
            "삼성 노조 임금 협상",
            "삼성 노조와 회사가 임금 협상을 시작했다.",
        ),
        article(
            "phone",
            "애플, 새 iPhone 공개",
            "애플이 iPhone 신제품을 공개했다. iPhone은 다음 달 출시된다.",
        ),
        article(
            "meeting",
            "국무회의, 예산안 의결",
            "정부는 국무회의에서 예산안을 의결했다. 회의는 두 시간 이어졌다.",
        ),
    ]
}

#[test]
fn each_kind_of_slip_is_read_as_the_word_of_the_index() {
    let (_dir, searcher) = util::searcher_of(articles());
    for (typed, meant, first) in [
        // A neighbouring key: ㅑ (i) above ㅏ (k).
        ("샴성", "삼성", "samsung"),
        // English typed in Korean mode, and Korean in English mode.
        ("ㅑㅔㅙㅜㄷ", "iphone", "phone"),
        ("tkatjd", "삼성", "samsung"),
        // The vowels people confuse: ㅙ for ㅚ.
        ("홰의", "회의", "meeting"),
        // Shift held: ㅆ for ㅅ.
        ("쌈성", "삼성", "samsung"),
    ] {
        let results = corrected(&searcher, typed, meant);
        assert!(
            ids(&results).contains(&first),
            "{typed}: {:?}",
            ids(&results)
        );
    }
    // Initial consonants: the words with them, most documents first.
    let results = search(&searcher, "ㅅㅅ", true);
    let corrected = results.corrected_query.unwrap();
    assert!(corrected.starts_with("삼성"), "{corrected}");
    assert!(results.total >= 2);
}

#[test]
fn a_word_too_far_from_any_is_left_alone() {
    let (_dir, searcher) = util::searcher_of(articles());
    // Two full edits in a word of two syllables; a single syllable.
    for typed in ["굼송", "샴", "ㅅ", "tk"] {
        let results = search(&searcher, typed, true);
        assert_eq!(results.corrected_query, None, "{typed}");
    }
}

#[test]
fn the_command_shows_the_correction_and_exact_turns_it_off() {
    let printed = util::succeeds(
        util::kosearch()
            .args(["search", "tpwhdtl", "협약", "--index"])
            .arg(corpus_index()),
    );
    assert!(
        printed.starts_with("searched for 세종시 협약 (corrected from tpwhdtl 협약;"),
        "{printed}"
    );
    assert!(printed.contains("[세종24시]"), "{printed}");
    let exact = util::succeeds(
        util::kosearch()
            .args(["search", "tpwhdtl 협약", "--exact", "--index"])
            .arg(corpus_index()),
    );
    assert_eq!(exact.trim(), "no results");

    let json = search_json(corpus_index(), &["ㅅㅈㅅ 협약"]);
    assert_eq!(json["corrected_query"], "세종시 협약");
    assert_eq!(util::hit_ids(&json)[0], REFERENCE);
    let clean = search_json(corpus_index(), &["세종시 협약"]);
    assert!(clean["corrected_query"].is_null(), "{clean}");
    let exact = search_json(corpus_index(), &["ㅅㅈㅅ 협약", "--exact"]);
    assert!(exact["corrected_query"].is_null(), "{exact}");
    assert_eq!(exact["total"], 0);
}

#[test]
fn hostile_queries_never_panic() {
    let searcher = corpus_searcher();
    let long_word = "셰".repeat(10_000);
    let many_words = "tpwhdtl ".repeat(200);
    let consonants = "ㅅ".repeat(500);
    let choseong_words = "ㅅㅈㅅ ".repeat(300);
    let some_choseong_words = "ㅅㅈㅅ ".repeat(90);
    for query in [
        "",
        " ",
        "ㅅ",
        "ㄸㄸㄸㄸ",
        "ㄳㄳ",
        "ㅏㅏㅏ",
        "ㅘㅙㅞ",
        "\u{1100}\u{1161}\u{11a8}",
        "\u{1109}\u{1166}\u{110c}\u{1169}\u{11bc}",
        "셰\u{0}종시",
        "\u{1b}[2J셰종시",
        "\u{202e}tpwhdtl",
        "🎉🎉",
        "ㅅ🎉ㅈ",
        "Ωmega",
        "ＴＰＷＨＤＴＬ",
        "TPWHDTL",
        "t p w h d t l",
        "셰종시?!",
        "?셰종시?",
        "-",
        "OR 셰종시 OR",
        "\"",
        "\"셰종시",
        "셰종시\"",
        "'",
        "^",
        ":",
        "ㅅㅈㅅ^2",
        &long_word,
        &many_words,
        &consonants,
        &choseong_words,
        &some_choseong_words,
    ] {
        match searcher.search(query, &SearchOptions::default()) {
            Ok(_) => {}
            Err(kosearch::Error::Query(message)) => assert!(message.contains("at most")),
            Err(other) => panic!("{query:?}: {other}"),
        }
    }
}
