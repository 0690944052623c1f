//! Suggestions as the user types (`kosearch suggest`, [`Suggester`]): the
//! states of a syllable being composed, initial consonants, the other
//! keyboard mode, the dictionary following the index's writes, and hostile
//! input.

use std::path::Path;

use kosearch::index::{Index, IndexConfig};
use kosearch::suggest::{MatchKind, SuggestOptions, Suggester, Suggestions};
use kosearch::Article;
use serde_json::Value;

use crate::util;

/// Articles of real Korean prose holding the words the tests type.
fn articles() -> Vec<Article> {
    let article = |id: &str, title: &str, body: &str| Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Article::default()
    };
    vec![
        article(
            "food",
            "닭고기 소비량 역대 최고",
            "닭고기 소비가 늘었다. 달고나 커피와 함께 닭고기 요리가 인기를 끌었다.",
        ),
        article(
            "phone",
            "애플, 새 iPhone 공개",
            "애플이 iPhone 신제품을 공개했다. 5G 통신을 지원하는 iPhone은 다음 달 출시된다.",
        ),
        article(
            "science",
            "과학기술 예산 늘린다",
            "정부는 과학기술 예산을 늘리고 까치 서식지 조사도 지원한다. K리그 구단도 참여한다.",
        ),
        article(
            "seoul",
            "서울 시내 교통 대책",
            "서울시는 세종시와 함께 교통 대책을 내놓았다. 서울 시내 버스 노선이 바뀐다.",
        ),
    ]
}

/// A temporary index of [`articles`], and its suggester.
fn suggester() -> (tempfile::TempDir, Index, Suggester) {
    let (dir, index, _) = util::temporary_index();
    let mut writer = index.writer(&util::small_writer()).unwrap();
    for article in articles() {
        writer.upsert(&article).unwrap();
    }
    writer.commit().unwrap();
    let suggester = Suggester::new(&index).unwrap();
    suggester.reload().unwrap();
    (dir, index, suggester)
}

/// The suggestions' texts for `typed`.
fn texts(suggestions: &Suggestions) -> Vec<&str> {
    suggestions
        .suggestions
        .iter()
        .map(|suggestion| suggestion.text.as_str())
        .collect()
}

/// Where `word` is among the suggestions for `typed` (at most 10), and how
/// it matched; fails when it is not there.
fn found(suggester: &Suggester, typed: &str, word: &str) -> (usize, MatchKind) {
    let suggestions = suggester
        .suggest(typed, &SuggestOptions::default())
        .unwrap();
    let at = suggestions
        .suggestions
        .iter()
        .position(|suggestion| suggestion.text == word)
        .unwrap_or_else(|| panic!("{typed} → {word}: not in {:?}", texts(&suggestions)));
    (at, suggestions.suggestions[at].matched)
}

#[test]
fn syllables_being_composed_match_at_every_kind_of_last_jamo() {
    let (_dir, _index, suggester) = suggester();
    for (typed, word) in [
        // Ending in a vowel: 서우 on the way to 서울.
        ("서우", "서울"),
        ("고", "과학기술"),
        // Ending in a final consonant that is the next syllable's initial.
        ("성", "서울"),
        ("달", "닭고기"),
        // Ending in a double final: 닭 is what the box shows after ㄷㅏㄹㄱ,
        // on the way to 달고나.
        ("닭", "달고나"),
        ("닭", "닭고기"),
        // A double consonant, typed with Shift.
        ("까", "까치"),
        ("서울", "서울시"),
    ] {
        assert_eq!(
            found(&suggester, typed, word).1,
            MatchKind::Prefix,
            "{typed} → {word}"
        );
    }
}

#[test]
fn choseong_alone_or_mixed_with_syllables() {
    let (_dir, _index, suggester) = suggester();
    for (typed, word) in [
        ("ㅅㅇ", "서울"),
        ("ㅅㅈㅅ", "세종시"),
        ("ㄷㄱㄱ", "닭고기"),
        ("ㅅㅇㅅ", "서울시"),
    ] {
        assert_eq!(
            found(&suggester, typed, word),
            (0, MatchKind::Choseong),
            "{typed}"
        );
    }
    // 서ㅇ reads as typed (ㅅ ㅓ ㅇ, a prefix of 서울) or as 서 + ㅇ.
    assert_eq!(found(&suggester, "서ㅇ", "서울").0, 0);
    found(&suggester, "세ㅈ", "세종시");
    // The syllables typed must be the entry's.
    let none = suggester
        .suggest("사ㅇ", &SuggestOptions::default())
        .unwrap();
    assert!(!texts(&none).contains(&"서울"), "{:?}", texts(&none));
}

#[test]
fn text_typed_in_the_other_keyboard_mode_matches_its_conversion() {
    let (_dir, _index, suggester) = suggester();
    for (typed, word, read_as) in [
        ("tjdnf", "서울", "서울"),
        ("tpwhdtl", "세종시", "세종시"),
        ("ekfrrhrl", "닭고기", "닭고기"),
        ("ㅑㅔㅙㅜㄷ", "iPhone", "iphone"),
        ("ㅑㅔ", "iPhone", "ip"),
    ] {
        let suggestions = suggester
            .suggest(typed, &SuggestOptions::default())
            .unwrap();
        let first = &suggestions.suggestions[0];
        assert_eq!(
            (first.text.as_str(), first.matched, first.read_as.as_str()),
            (word, MatchKind::Keyboard, read_as),
            "{typed}"
        );
    }
    // Shown as documents write it, matched whatever the case typed.
    assert_eq!(found(&suggester, "IPH", "iPhone"), (0, MatchKind::Prefix));
}

#[test]
fn latin_letters_digits_and_hangul_mixed() {
    let (_dir, _index, suggester) = suggester();
    assert_eq!(found(&suggester, "K리", "K리그"), (0, MatchKind::Prefix));
    assert_eq!(found(&suggester, "k", "K리그").1, MatchKind::Prefix);
    assert_eq!(
        found(&suggester, "애플, 새 i", "애플, 새 iPhone 공개"),
        (0, MatchKind::Prefix)
    );
    // A title is one suggestion, white space as typed or not.
    assert_eq!(
        found(&suggester, "서울  시내", "서울 시내 교통 대책").1,
        MatchKind::Prefix
    );
}

#[test]
fn prefix_matches_rank_before_conversions_then_by_documents() {
    let (_dir, _index, suggester) = suggester();
    let suggestions = suggester.suggest("서", &SuggestOptions::default()).unwrap();
    // 서울 is in two documents, 서식지 in one.
    let order = texts(&suggestions);
    let at = |word: &str| order.iter().position(|&text| text == word).unwrap();
    assert!(at("서울") < at("서식지"), "{order:?}");
    let weights: Vec<u64> = suggestions.suggestions.iter().map(|s| s.weight).collect();
    assert!(
        weights.windows(2).all(|pair| pair[0] >= pair[1]),
        "{weights:?}"
    );
    let kinds: Vec<MatchKind> = suggester
        .suggest("t", &SuggestOptions { limit: 100 })
        .unwrap()
        .suggestions
        .iter()
        .map(|s| s.matched)
        .collect();
    let first_converted = kinds.iter().position(|&kind| kind != MatchKind::Prefix);
    assert!(
        first_converted.is_none_or(|at| kinds[at..].iter().all(|&kind| kind != MatchKind::Prefix)),
        "{kinds:?}"
    );
}

#[test]
fn the_dictionary_follows_upserts_and_deletes() {
    let (_dir, index, suggester) = suggester();
    let weight = |suggester: &Suggester, word: &str| {
        suggester
            .suggest(word, &SuggestOptions { limit: 100 })
            .unwrap()
            .suggestions
            .into_iter()
            .find(|suggestion| suggestion.text == word)
            .map(|suggestion| suggestion.weight)
    };
    assert_eq!(weight(&suggester, "서울"), Some(1));
    assert_eq!(weight(&suggester, "세종시"), Some(1));
    let mut writer = index.writer(&util::small_writer()).unwrap();
    writer
        .upsert(&Article {
            id: "sejong".into(),
            title: "세종시 인구 40만 돌파".into(),
            body: "세종시 인구가 40만 명을 넘었다. 서울에서 옮겨 온 인구가 많다.".into(),
            ..Article::default()
        })
        .unwrap();
    writer.commit().unwrap();
    suggester.reload().unwrap();
    assert_eq!(weight(&suggester, "세종시"), Some(2));
    assert_eq!(weight(&suggester, "서울"), Some(2));
    // An update replaces the document's words; a delete removes them.
    writer
        .upsert(&Article {
            id: "seoul".into(),
            title: "부산 교통 대책".into(),
            body: "부산시는 버스 노선을 바꾼다.".into(),
            ..Article::default()
        })
        .unwrap();
    writer.delete("sejong").unwrap();
    writer.commit().unwrap();
    suggester.reload().unwrap();
    assert_eq!(weight(&suggester, "세종시"), None);
    assert_eq!(weight(&suggester, "서울"), None);
    assert_eq!(weight(&suggester, "부산시"), Some(1));
    // What a writer has not committed, suggestions do not see.
    writer.delete("seoul").unwrap();
    suggester.reload().unwrap();
    assert_eq!(weight(&suggester, "부산시"), Some(1));
}

#[test]
fn an_index_without_suggestions_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let config = IndexConfig {
        suggestions: false,
        ..IndexConfig::default()
    };
    let index = Index::create_with(dir.path(), &util::dictionary(), &config).unwrap();
    let mut writer = index.writer(&util::small_writer()).unwrap();
    writer.upsert(&articles()[0]).unwrap();
    writer.commit().unwrap();
    // It indexes and searches as before.
    let searcher = kosearch::search::Searcher::new(&index).unwrap();
    searcher.reload().unwrap();
    let results = searcher.search("닭고기", &Default::default()).unwrap();
    assert_eq!(results.total, 1);
    let refused = Suggester::new(&index).err().unwrap();
    assert!(
        refused.to_string().contains("has no suggestions"),
        "{refused}"
    );
    let output = util::run(&["suggest", "닭", "--index", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("has no suggestions") && stderr.contains("re-index"),
        "{stderr}"
    );
}

#[test]
fn hostile_input_gets_answers_or_a_clear_error() {
    let (_dir, _index, suggester) = suggester();
    let options = SuggestOptions::default();
    for typed in [
        "",
        " ",
        "ㅏ",
        "ㅏㅏㅏㅏ",
        "ㄸㄸ",
        "ㄳ",
        "\u{1b}[31m",
        "\u{0}\u{7f}",
        "\u{202e}서울",
        "가\u{0}나",
        "🎉",
        "ᄀ",
        "\u{1161}",
        "1234567890",
        "'\"<>&",
        "\\",
    ] {
        suggester.suggest(typed, &options).unwrap();
    }
    // Decomposed Hangul (NFD) is Hangul.
    assert_eq!(
        found(&suggester, "\u{1109}\u{1165}\u{110b}\u{116e}", "서울").1,
        MatchKind::Prefix
    );
    // Control characters are not text.
    assert_eq!(found(&suggester, "서\u{7}울", "서울").1, MatchKind::Prefix);
    let long = "가".repeat(1_000_000);
    let refused = suggester.suggest(&long, &options).unwrap_err();
    assert!(
        refused.to_string().contains("at most 256 are allowed"),
        "{refused}"
    );
    let at_limit = "닭".repeat(kosearch::suggest::MAX_TYPED_CHARS);
    assert!(suggester
        .suggest(&at_limit, &options)
        .unwrap()
        .suggestions
        .is_empty());
}

/// `kosearch suggest ARGS --json` on the index in `dir`, parsed.
fn suggest_json(dir: &Path, args: &[&str]) -> Value {
    let stdout = util::succeeds(
        util::kosearch()
            .arg("suggest")
            .args(args)
            .arg("--json")
            .arg("--index")
            .arg(dir),
    );
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn the_command_suggests_세종시_and_서울시_of_the_reference_article() {
    let dir = tempfile::tempdir().unwrap();
    util::index_files(&[&util::reference_path()], dir.path());
    for (typed, word, kind) in [
        ("세종ㅅ", "세종시", "prefix"),
        ("ㅅㅈㅅ", "세종시", "choseong"),
        ("tpwhdtl", "세종시", "keyboard"),
        ("서울ㅅ", "서울시", "prefix"),
        ("ㅅㅇㅅ", "서울시", "choseong"),
        ("tjdnftl", "서울시", "keyboard"),
    ] {
        let json = suggest_json(dir.path(), &[typed, "--limit", "3"]);
        let suggestions = json["suggestions"].as_array().unwrap();
        assert!(suggestions.len() <= 3);
        let first = &suggestions[0];
        assert_eq!(
            (first["text"].as_str(), first["match"].as_str()),
            (Some(word), Some(kind)),
            "{typed}: {json}"
        );
        assert!(first["weight"].as_u64().unwrap() >= 1);
        assert!(first["read_as"].is_string());
    }
    // Text for people: one suggestion a line, with its weight and match.
    let text = util::succeeds(
        util::kosearch()
            .args(["suggest", "tpwhdtl", "--index"])
            .arg(dir.path()),
    );
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("세종시\t1\tkeyboard 세종시"),
        "{text}"
    );
    // Refused clearly.
    let long = "가".repeat(300);
    let output = util::run(&["suggest", &long, "--index", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("at most 256"));
    let output = util::run(&["suggest", "서울", "--index", "/nonexistent/kosearch-index"]);
    assert_eq!(output.status.code(), Some(3));
}
