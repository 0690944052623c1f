//! The Korean analyzer on real text, with the real mecab-ko-dic dictionary.

use std::collections::HashSet;

use kosearch::analysis::{normalize, Analyzer, AnalyzerConfig, DecompoundMode, Term, TermKind};
use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::util;

fn texts(terms: &[Term]) -> Vec<&str> {
    terms.iter().map(|term| term.text.as_str()).collect()
}

fn analyze(text: &str) -> Vec<Term> {
    util::analyzer().analyze(text)
}

fn analyzer_with(config: AnalyzerConfig) -> Analyzer {
    Analyzer::new(&util::dictionary(), &config).unwrap()
}

#[test]
fn particles_and_endings_are_stripped() {
    let expected = ["서울시", "서울", "시", "정책"];
    for word in [
        "서울시는",
        "서울시가",
        "서울시와",
        "서울시를",
        "서울시의",
        "서울시에서",
    ] {
        let phrase = format!("{word} 정책");
        assert_eq!(texts(&analyze(&phrase)), expected, "{phrase}");
    }
    let question = analyze("세종시와 서울시가 맺은 협약은?");
    let question = texts(&question);
    for dropped in ["와", "가", "은", "?"] {
        assert!(!question.contains(&dropped), "{question:?}");
    }
    assert!(question.contains(&"협약"));
}

#[test]
fn inflected_verbs_are_indexed_by_stem() {
    for form in ["협력했다", "협력하는", "협력한다", "협력하여"] {
        assert_eq!(texts(&analyze(form)), ["협력"], "{form}");
    }
    for form in ["먹었다", "먹는", "먹은"] {
        let terms = analyze(form);
        assert_eq!(texts(&terms), ["먹"], "{form}");
        assert_eq!(terms[0].pos, "VV");
        // The stem is a prefix of the word, so its offsets are exact.
        assert_eq!((terms[0].start, terms[0].end), (0, "먹".len()));
    }
    // An irregular stem keeps the whole inflected word as its source.
    let beautiful = analyze("아름다운");
    assert_eq!(texts(&beautiful), ["아름답"]);
    assert_eq!(beautiful[0].surface, "아름다운");
}

#[test]
fn prefixes_are_kept() {
    let terms = analyze("비정규직 비공개 무관심");
    assert!(texts(&terms).contains(&"비정규직"), "{terms:?}");
    let prefixes: Vec<_> = terms
        .iter()
        .filter(|t| t.pos == "XPN")
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(prefixes, ["비", "무"], "{terms:?}");
    // 비급여 stays distinct from 급여 (nori's default stop tags drop XPN).
    let benefit = analyze("비급여");
    assert_eq!(texts(&benefit), ["비급여", "비", "급여"]);
}

#[test]
fn compounds_in_each_decompound_mode() {
    let mixed = analyze("비정규직 문제");
    let rows: Vec<_> = mixed
        .iter()
        .map(|t| (t.text.as_str(), t.position, t.kind))
        .collect();
    assert_eq!(
        rows,
        [
            ("비정규직", 0, TermKind::Compound),
            ("비", 0, TermKind::CompoundPart),
            ("정규", 1, TermKind::CompoundPart),
            ("직", 2, TermKind::CompoundPart),
            ("문제", 3, TermKind::Word),
        ]
    );
    // Parts carry their own offsets inside the compound.
    assert_eq!((mixed[2].start, mixed[2].end), (3, 9));

    let discard = analyzer_with(AnalyzerConfig {
        decompound: DecompoundMode::Discard,
        ..AnalyzerConfig::default()
    });
    assert_eq!(texts(&discard.analyze("비정규직")), ["비", "정규", "직"]);

    let whole = analyzer_with(AnalyzerConfig {
        decompound: DecompoundMode::None,
        ..AnalyzerConfig::default()
    });
    assert_eq!(texts(&whole.analyze("비정규직")), ["비정규직"]);

    // 정원도시 is not one dictionary word: it is found by its nouns,
    // adjacent, and by its whole written form at the last one's position.
    let garden_city = analyze("정원도시 조성");
    assert_eq!(texts(&garden_city), ["정원", "도시", "정원도시", "조성"]);
    assert_eq!(garden_city[1].position, garden_city[0].position + 1);
    assert_eq!(garden_city[2].kind, TermKind::WholeWord);
    assert_eq!(garden_city[2].position, garden_city[1].position);
    assert_eq!((garden_city[2].start, garden_city[2].end), (0, 12));
}

#[test]
fn whole_words_are_the_same_however_a_name_is_cut() {
    let whole_words = |text: &str| -> Vec<String> {
        analyze(text)
            .into_iter()
            .filter(|term| term.kind == TermKind::WholeWord)
            .map(|term| term.text)
            .collect()
    };
    // A name mecab-ko-dic lacks is cut differently by context (메테 + 스키
    // here, 메 + 테스키 after 이후); its written form is the same.
    assert_eq!(
        texts(&analyze("메테스키가 설치했다"))[..2],
        ["메테", "스키"]
    );
    assert_eq!(
        texts(&analyze("이후 메테스키는 설치했다"))[1..3],
        ["메", "테스키"]
    );
    assert_eq!(whole_words("메테스키가 설치했다"), ["메테스키"]);
    assert_eq!(whole_words("이후 메테스키는 설치했다"), ["메테스키"]);
    // Numbers with their counters; particles and suffixes after the word
    // are not part of it.
    assert_eq!(whole_words("1901년에 산업들이"), ["1901년"]);
    // No whole word for a single morpheme, a dictionary compound (which has
    // its own term), a predicate or across punctuation.
    assert!(whole_words("협약을 맺었다").is_empty());
    assert!(whole_words("서울시와 비정규직").is_empty());
    assert!(whole_words("살해당한 공부하는").is_empty());
    assert!(whole_words("'형제의 나라'라고").is_empty());

    let without = analyzer_with(AnalyzerConfig {
        whole_words: false,
        ..AnalyzerConfig::default()
    });
    assert!(without
        .analyze("메테스키가 1901년에")
        .iter()
        .all(|term| term.kind != TermKind::WholeWord));
}

#[test]
fn user_dictionary_changes_a_split() {
    // Without the built-in user dictionary, mecab-ko-dic reads 세종시 as 세 + 종시.
    let plain = analyzer_with(AnalyzerConfig {
        builtin_user_dictionary: false,
        ..AnalyzerConfig::default()
    });
    assert!(!texts(&plain.analyze("세종시는")).contains(&"세종"));
    assert_eq!(texts(&analyze("세종시는")), ["세종시", "세종", "시"]);

    // A user's own file adds a compound.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mine.csv");
    std::fs::write(&csv, "# my words\n카카오뱅크,NNP,,카카오+뱅크\n").unwrap();
    let custom = analyzer_with(AnalyzerConfig {
        user_dictionaries: vec![csv.clone()],
        ..AnalyzerConfig::default()
    });
    assert_eq!(
        texts(&custom.analyze("카카오뱅크에서")),
        ["카카오뱅크", "카카오", "뱅크"]
    );
    assert_ne!(
        custom.user_dictionary_checksum(),
        util::analyzer().user_dictionary_checksum()
    );

    // Saved by Excel as "CSV UTF-8": a byte-order mark and CRLF line ends,
    // first a comment or first the word; neither is refused or loses it.
    for saved in [
        "\u{feff}# my words\r\n카카오뱅크,NNP,,카카오+뱅크\r\n",
        "\u{feff}카카오뱅크,NNP,,카카오+뱅크\r\n",
    ] {
        std::fs::write(&csv, saved).unwrap();
        let excel = analyzer_with(AnalyzerConfig {
            user_dictionaries: vec![csv.clone()],
            ..AnalyzerConfig::default()
        });
        assert_eq!(
            texts(&excel.analyze("카카오뱅크에서")),
            ["카카오뱅크", "카카오", "뱅크"],
            "{saved:?}"
        );
        assert_eq!(
            excel.user_dictionary_checksum(),
            custom.user_dictionary_checksum()
        );
    }

    // A bad file is an error naming the file and line, not a panic.
    std::fs::write(&csv, "카카오뱅크,NNP\n나쁜줄\n").unwrap();
    let err = Analyzer::new(
        &util::dictionary(),
        &AnalyzerConfig {
            user_dictionaries: vec![csv],
            ..AnalyzerConfig::default()
        },
    )
    .err()
    .expect("malformed user dictionary");
    assert!(err.to_string().contains("mine.csv, line 2"), "{err}");
}

#[test]
fn full_width_input_keeps_original_offsets() {
    let input = "ＡＢＣ１２３ 세종시청";
    let terms = analyze(input);
    assert_eq!(texts(&terms)[..2], ["abc", "123"]);
    assert_eq!(&input[terms[0].start..terms[0].end], "ＡＢＣ");
    assert_eq!(&input[terms[1].start..terms[1].end], "１２３");
    let city = terms.iter().find(|t| t.text == "세종").unwrap();
    assert_eq!(&input[city.start..city.end], "세종");
    // Decomposed jamo (as on macOS file systems) analyze like precomposed text.
    let decomposed = "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF} 교육";
    let terms = analyze(decomposed);
    assert_eq!(texts(&terms), ["한글", "교육"]);
    assert_eq!(&decomposed[terms[0].start..terms[0].end], &decomposed[..18]);
}

#[test]
fn hanja_readings_are_optional() {
    assert_eq!(texts(&analyze("鄕歌")), ["鄕歌"]);
    let readings = analyzer_with(AnalyzerConfig {
        hanja_readings: true,
        ..AnalyzerConfig::default()
    });
    let terms = readings.analyze("鄕歌");
    assert_eq!(texts(&terms), ["鄕歌", "향가"]);
    assert_eq!(terms[1].kind, TermKind::Reading);
    assert_eq!(terms[1].position, terms[0].position);
}

#[test]
fn unknown_words_pass_through_whole() {
    let terms = analyze("쀍햏 kosearch");
    assert!(
        terms.iter().any(|t| t.text == "쀍햏" && t.pos == "UNKNOWN"),
        "{terms:?}"
    );
    assert!(terms.iter().any(|t| t.text == "kosearch" && t.pos == "SL"));
}

#[test]
fn words_of_scripts_the_dictionary_has_no_class_for_are_foreign_words() {
    // mecab-ko-dic tags them as symbols, which are not indexed.
    for (text, words) in [
        ("مرحبا بالعالم", vec!["مرحبا", "بالعالم"]),
        ("ภาษาไทย", vec!["ภาษาไทย"]),
        ("שלום עולם", vec!["שלום", "עולם"]),
        ("नमस्ते दुनिया", vec!["नमस्ते", "दुनिया"]),
        ("ሰላም", vec!["ሰላም"]),
    ] {
        let terms = analyze(text);
        assert_eq!(texts(&terms), words, "{text}");
        assert!(terms.iter().all(|t| t.pos == "SL"), "{terms:?}");
    }
    // Symbols stay out.
    assert!(analyze("😀 ★ ← ※").is_empty());
}

/// Checks the offset contract for every term of `input` and returns how many
/// terms map back exactly (the rest sit inside a character that normalizes
/// to several, such as ㈜).
fn check_offsets(input: &str, terms: &[Term]) -> usize {
    let mut exact = 0;
    let mut last_position = 0;
    for term in terms {
        assert!(term.start < term.end && term.end <= input.len(), "{term:?}");
        assert!(
            input.is_char_boundary(term.start) && input.is_char_boundary(term.end),
            "{term:?}"
        );
        let source = normalize(&input[term.start..term.end]);
        assert!(
            source.contains(&term.surface),
            "{term:?} comes from {source:?}"
        );
        if source == term.surface {
            exact += 1;
        }
        match term.kind {
            // A Hangul form of Hanja: its reading, or the word it abbreviates.
            TermKind::Reading | TermKind::Abbreviation => {}
            _ if term.surface.contains(&term.text) => {}
            // Only stems of inflected verbs and adjectives differ from their source.
            _ => assert!(matches!(term.pos.as_str(), "VV" | "VA" | "XR"), "{term:?}"),
        }
        assert!(
            term.position >= last_position,
            "positions never go back: {term:?}"
        );
        last_position = term.position;
    }
    exact
}

#[test]
fn offsets_on_the_reference_article() {
    let article = util::reference_text();
    let terms = analyze(&article);
    assert!(terms.len() > 500);
    assert_eq!(check_offsets(&article, &terms), terms.len());
    let texts: HashSet<_> = terms.iter().map(|t| t.text.as_str()).collect();
    for expected in [
        "세종",
        "세종시",
        "서울시",
        "협약",
        "고향사랑기부",
        "인권",
        "행정",
        "정원",
        "도시",
    ] {
        assert!(texts.contains(expected), "{expected} missing");
    }
}

#[test]
fn offsets_on_a_thousand_wikipedia_articles() {
    let Some(path) = util::shared_file("kowiki-100k.jsonl.zst") else {
        return;
    };
    let analyzer = util::analyzer();
    let (mut total, mut exact) = (0, 0);
    for article in util::read_jsonl_zst(&path, 1000) {
        for field in ["title", "body"] {
            let text = article[field].as_str().unwrap();
            let terms = analyzer.analyze(text);
            total += terms.len();
            exact += check_offsets(text, &terms);
        }
    }
    assert!(total > 100_000, "{total} terms");
    // Inexact spans only come from characters such as ㈜ or ½ that expand.
    assert!(exact * 1000 >= total * 999, "{exact} of {total} exact");
}

#[test]
fn hostile_input_never_panics() {
    let analyzer = util::analyzer();
    assert!(analyzer.analyze("").is_empty());
    assert!(analyzer.analyze(" \n\t\r\u{3000} ").is_empty());
    assert!(
        analyzer.analyze("😀🎉👍🏽").is_empty(),
        "symbols are not terms"
    );
    let controls = "\u{0}\u{1}\u{7}세종\u{1b}[31m\u{7f}\u{200b}시청\u{feff}";
    let terms = analyzer.analyze(controls);
    check_offsets(controls, &terms);
    assert!(texts(&terms).contains(&"세종"));
    // Lone combining marks and jamo, mixed scripts, a long run without spaces.
    for input in [
        "\u{301}\u{301}",
        "ᄀᄀᄀ\u{1161}",
        "abcالعربية한국어русский",
        &"가".repeat(5000),
    ] {
        let terms = analyzer.analyze(input);
        check_offsets(input, &terms);
    }
}

#[test]
fn a_ten_megabyte_line_is_analyzed_in_bounded_pieces() {
    let sentence =
        "세종시는 이번 협약을 통해 서울시와 7가지 분야를 중심으로 협력에 나설 계획이다. ";
    let input = sentence.repeat(10 * 1024 * 1024 / sentence.len() + 1);
    assert!(input.len() >= 10 * 1024 * 1024 && !input.contains('\n'));
    let terms = util::analyzer().analyze(&input);
    // lindera cuts a line without sentence breaks every 32 KiB, which may
    // split a word at a cut; everything else analyzes as the sentence does.
    let per_sentence = util::analyzer().analyze(sentence).len();
    let expected = per_sentence * (input.len() / sentence.len());
    assert!(
        terms.len().abs_diff(expected) * 100 < expected,
        "{} vs {expected}",
        terms.len()
    );
    let last = terms.last().unwrap();
    assert!(last.end <= input.len() && last.end > input.len() - sentence.len());
}

#[test]
fn the_tantivy_tokenizer_yields_the_same_terms() {
    let analyzer = util::analyzer();
    let mut tokenizer = analyzer.tokenizer();
    let short = "최민호 세종특별자치시장은 오세훈 서울특별시장과 업무협약을 체결했다.";
    // Long enough to be read a piece at a time, with a word cut in several
    // morphemes at the end of a line.
    let long = "최민호 세종특별자치시장은 메테스키는 협약을 맺었다\n".repeat(20_000);
    for text in [short, long.as_str()] {
        let expected = analyzer.analyze(text);
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push((
                token.text.clone(),
                token.offset_from,
                token.offset_to,
                token.position,
            ));
        }
        let wanted: Vec<_> = expected
            .iter()
            .map(|t| (t.text.clone(), t.start, t.end, t.position))
            .collect();
        assert!(seen == wanted, "the tokenizer and the analyzer differ");
        assert!(!seen.is_empty());
    }
}

/// The terms of `text` whose source lies in `range`, as (text, offsets
/// relative to the range's start).
fn terms_within(terms: &[Term], range: std::ops::Range<usize>) -> Vec<(String, usize, usize)> {
    terms
        .iter()
        .filter(|term| term.start >= range.start && term.end <= range.end)
        .map(|term| {
            let start = term.start - range.start;
            (term.text.clone(), start, term.end - range.start)
        })
        .collect()
}

#[test]
fn a_word_in_a_context_is_analyzed_as_inside_a_text() {
    use kosearch::analysis::{Edge, WordContext};
    let analyzer = util::analyzer();
    // Each word in each context, and texts that give the word that context:
    // the neighbouring words never matter, only what lies on each side.
    for word in ["러시아산", "배너를", "달라는", "기독교회관", "서울시와의"] {
        for context in WordContext::ALL {
            let left = match context.left {
                Edge::Space => ["가 ", "우리는 오늘 ", "첫 줄\n둘째 줄의 "],
                Edge::Boundary => ["", "가\n", "첫 줄\t"],
            };
            let right = match context.right {
                Edge::Space => [" 나", " 것을 보았다", "\n다음 줄"],
                Edge::Boundary => ["", "", ""],
            };
            let alone = analyzer.analyze_in(word, context);
            let alone = terms_within(&alone, 0..word.len());
            for (before, after) in left.iter().zip(right) {
                let text = format!("{before}{word}{after}");
                let inside = terms_within(
                    &analyzer.analyze(&text),
                    before.len()..before.len() + word.len(),
                );
                assert_eq!(alone, inside, "{word} in {context:?}: {text:?}");
            }
        }
    }
    // The contexts do give these words different terms.
    let texts_in = |word, left, right| -> Vec<String> {
        let terms = analyzer.analyze_in(word, WordContext::new(left, right));
        terms.into_iter().map(|term| term.text).collect()
    };
    assert_eq!(texts_in("러시아산", Edge::Space, Edge::Space), ["러시아"]);
    assert_eq!(
        texts_in("러시아산", Edge::Space, Edge::Boundary),
        ["러시아", "산", "러시아산"]
    );
    assert_eq!(texts_in("배너를", Edge::Boundary, Edge::Space), ["배너"]);
    assert_eq!(texts_in("배너를", Edge::Space, Edge::Space), ["배"]);
}

/// Whether `text` analyzes to the same terms (text, surface, part of
/// speech, offsets, position, kind) through a thread cache of `budget`
/// bytes as without one.
fn same_through_the_cache(analyzer: &Analyzer, text: &str, budget: usize) {
    let expected = analyzer.analyze(text);
    let found = analyzer.analyze_cached(text, budget);
    if found != expected {
        let at = expected
            .iter()
            .zip(&found)
            .position(|(expected, found)| expected != found)
            .unwrap_or(expected.len().min(found.len()));
        panic!(
            "term {at} differs in {text:?}:\nwithout the cache {:?}\nwith it           {:?}",
            expected.get(at),
            found.get(at)
        );
    }
}

/// Every file of `corpus/`, and the title and body of each line of its
/// JSON Lines files.
fn corpus_texts() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(util::corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        if path
            .extension()
            .is_some_and(|extension| extension == "jsonl")
        {
            for line in text.lines() {
                let article: serde_json::Value = serde_json::from_str(line).unwrap();
                for field in ["title", "body"] {
                    if let Some(value) = article.get(field).and_then(|value| value.as_str()) {
                        texts.push(value.to_string());
                    }
                }
            }
        }
        texts.push(text);
    }
    texts
}

/// The dictionary must record what the cache needs, or the cache is off and
/// the comparisons below would compare the analyzer with itself.
fn assert_cache_usable() {
    assert!(
        util::dictionary().keys_with_space().is_some(),
        "the dictionary predates the analysis cache: run `kosearch dict install`, which \
         rebuilds it"
    );
}

#[test]
fn the_analysis_cache_changes_no_term_of_the_corpus() {
    use kosearch::analysis::{cache_stats, forget_thread_cache, DEFAULT_CACHE_BYTES};
    assert_cache_usable();
    let analyzer = util::analyzer();
    let texts = corpus_texts();
    assert!(texts.len() > 100, "{}", texts.len());
    // Cold (emptied first), warm (the same texts again), and a cache so
    // small that it forgets at nearly every word.
    forget_thread_cache();
    for budget in [DEFAULT_CACHE_BYTES, DEFAULT_CACHE_BYTES, 4096] {
        if budget == 4096 {
            forget_thread_cache();
        }
        let before = cache_stats();
        for text in &texts {
            same_through_the_cache(&analyzer, text, budget);
        }
        let after = cache_stats();
        assert!(after.hit_chars > before.hit_chars, "the cache was not used");
    }
    forget_thread_cache();
}

#[test]
fn the_analysis_cache_keeps_the_exceptions_exact() {
    assert_cache_usable();
    let analyzer = util::analyzer();
    // The key with a space, which joins words: alone, in a sentence, with
    // other spacing, inside longer words, repeated.
    let key = "영치기 영차";
    let mut texts = vec![
        key.to_string(),
        format!("가 {key} 나"),
        format!("x{key}x 영차 영치기"),
        format!("{key} {key}\n{key}\t{key}"),
        "영치기  영차 영치기\t영차 영치기\n영차".to_string(),
        format!("영차 영치기 영차 {key}영차 영치기{key}"),
    ];
    // A line of 40 KB without a sentence break, cut by lindera at a
    // length; a word of 300 characters, cut by the analyzer; full stops
    // that end sentences inside words.
    let sentence = "세종시는 서울시와 협약을 맺었다. ";
    texts.push(sentence.repeat(40 * 1024 / sentence.len() + 1));
    texts.push(format!(
        "앞말 {} 뒷말 서울시와",
        "가나다라마바사".repeat(43)
    ));
    texts.push(format!("앞말 {}서울시와 협약", "a".repeat(300)));
    texts.push("가。나 다、라 서울시와。협약 서울시와".to_string());
    // Normalization that straddles a space or changes lengths.
    texts.push("가¨나 Ａ１ 서울시와 \u{1161}서울 ᄒ\u{1161}ᆫ국 ㈜서울 ½".to_string());
    for budget in [64 * 1024 * 1024, 4096, 1] {
        for text in &texts {
            // Twice: the second time finds the words in the cache.
            same_through_the_cache(&analyzer, text, budget);
            same_through_the_cache(&analyzer, text, budget);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Random text of words, spaces of every kind, sentence breaks, and the
    /// key with a space, through a cache small enough to forget and large
    /// enough to find: the same terms.
    #[test]
    fn the_analysis_cache_changes_no_term_of_random_text(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "서울시와", "협약을", "맺었다", "배너를", "러시아산", "기독교회관", "달라는",
                "영치기 영차", "영치기", "영차", "x영치기 영차x", "가", "한국어", "abc", "12",
                "鄕歌", "Ａ１", "¨", "\u{1161}", " ", " ", " ", "  ", "\t", "\n", "\r", "\u{b}",
                "\u{c}", "\u{a0}", "\u{3000}", "。", "、", ".", ",",
            ]),
            0..40,
        ),
        budget in proptest::sample::select(vec![2048usize, 64 * 1024]),
    ) {
        assert_cache_usable();
        let text: String = pieces.concat();
        same_through_the_cache(&util::analyzer(), &text, budget);
    }
}
