//! Searching the shipped corpus: the query language, ranking, passages with
//! morpheme-level highlights, facets, and hostile queries.

use std::path::Path;
use std::sync::OnceLock;

use kosearch::index::Index;
use kosearch::search::{Facet, Hit, SearchOptions, SearchResults, Searcher, SortOrder};
use proptest::prelude::*;

use crate::util::{self, corpus_index, highlighted, kosearch, open_index, REFERENCE};

fn searcher() -> Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER
        .get_or_init(|| Searcher::new(&open_index(corpus_index())).unwrap())
        .clone()
}

fn search(query: &str) -> SearchResults {
    searcher().search(query, &SearchOptions::default()).unwrap()
}

fn reference_hit(results: &SearchResults) -> &Hit {
    results
        .hits
        .iter()
        .find(|hit| hit.id == REFERENCE)
        .unwrap_or_else(|| panic!("the reference article is not among {:?}", ids(results)))
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.id.as_str()).collect()
}

#[test]
fn the_reference_article_is_found_and_exactly_highlighted() {
    for (query, expected) in [
        ("세종", vec!["세종"]),
        ("세종시", vec!["세종시"]),
        ("서울시와", vec!["서울시"]),
        // Positions skip spaces, so 고향사랑 기부금 holds the phrase too.
        ("고향사랑기부", vec!["고향사랑기부", "고향사랑", "기부"]),
        ("\"인권 행정\"", vec!["인권", "행정", "인권행정"]),
        ("정원도시", vec!["정원도시"]),
        ("협약", vec!["협약"]),
    ] {
        let results = search(query);
        let hit = reference_hit(&results);
        let spans = highlighted(&hit.passages);
        assert!(
            !spans.is_empty(),
            "{query}: no highlight in {:?}",
            hit.passages
        );
        for span in &spans {
            assert!(
                expected.contains(span),
                "{query}: highlighted {span:?}, expected {expected:?}"
            );
        }
        assert!((1..=3).contains(&hit.passages.len()), "{query}");
        for passage in &hit.passages {
            assert!(passage.end > passage.start);
        }
    }
}

#[test]
fn the_searcher_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Searcher>();
    shareable::<Index>();
    shareable::<kosearch::analysis::Analyzer>();
    let searcher = searcher();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let searcher = searcher.clone();
            std::thread::spawn(move || {
                searcher
                    .search("협약", &SearchOptions::default())
                    .unwrap()
                    .total
            })
        })
        .collect();
    let totals: Vec<usize> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(totals.windows(2).all(|w| w[0] == w[1]) && totals[0] > 0);
}

#[test]
fn title_matches_rank_first_and_metadata_comes_back() {
    let results = search("세종시 서울시 업무협약");
    assert_eq!(results.hits[0].id, REFERENCE, "{:?}", ids(&results));
    let hit = &results.hits[0];
    assert_eq!(hit.reporters, ["이상욱"]);
    assert_eq!(
        hit.published_at.unwrap().to_rfc3339(),
        "2023-04-10T17:02:00+09:00"
    );
}

#[test]
fn questions_just_work() {
    for question in [
        "세종시와 서울시가 맺은 협약은?",
        "세종시와 서울시는 어떤 분야에서 협력하기로 했나요?",
        "고향사랑기부 인증 챌린지에 참여한 사람은 누구인가?",
        // A particle at the very end of a query word is still a particle.
        "서울시와의 업무협약",
    ] {
        let results = search(question);
        assert_eq!(
            results.hits.first().map(|h| h.id.as_str()),
            Some(REFERENCE),
            "{question}: {:?}",
            ids(&results)
        );
    }
}

#[test]
fn a_questions_stop_words_are_left_out_unless_nothing_else_is_left() {
    // 있 (있다) is in most of the sample's articles: a question leaves it out
    // and does not highlight it, but a question of nothing else uses it.
    let results = search("세종시와 서울시가 맺은 협약이 있는가?");
    assert_eq!(results.hits.first().map(|h| h.id.as_str()), Some(REFERENCE));
    for hit in &results.hits {
        assert!(
            !highlighted(&hit.passages).contains(&"있"),
            "{:?}",
            highlighted(&hit.passages)
        );
    }
    let alone = search("있는가?");
    assert!(alone.total > 0);
    // A word that analyzes to nothing (a lone ?) is not another word.
    assert_eq!(search("있는가 ?").total, alone.total);
    assert!(alone
        .hits
        .iter()
        .any(|hit| highlighted(&hit.passages).contains(&"있")));
}

#[test]
fn operators_fields_and_dates() {
    let both = search("세종 협약").total;
    let either = search("세종 OR 협약").total;
    assert!(either >= both && both >= 1);
    assert!(ids(&search("세종 -협약")).iter().all(|id| *id != REFERENCE));
    assert_eq!(ids(&search("title:업무협약")), [REFERENCE]);
    assert_eq!(ids(&search("reporter:이상욱")), [REFERENCE]);
    assert_eq!(search("section:행정").total, 12);
    assert_eq!(
        ids(&search("협약 date:2023-04-01..2023-04-30")),
        [REFERENCE]
    );
    assert_eq!(
        ids(&search("협약 since:2023-04-10 until:2023-04-10")),
        [REFERENCE]
    );
    assert!(search("협약 until:2019-12-31")
        .hits
        .iter()
        .all(|h| h.id != REFERENCE));
    // A boost moves a title match up.
    assert!(search("협약^3").hits[0].score > search("협약").hits[0].score);
}

#[test]
fn sorting_paging_and_facets() {
    let options = SearchOptions {
        sort: SortOrder::Date,
        limit: 5,
        facets: vec![Facet::Section, Facet::Date],
        ..SearchOptions::default()
    };
    let results = searcher().search("정부", &options).unwrap();
    let dates: Vec<_> = results.hits.iter().map(|h| h.published_at).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let sections = &results.facets["section"];
    assert!(sections.windows(2).all(|w| w[0].count >= w[1].count));
    let by_month: u64 = results.facets["date"].iter().map(|c| c.count).sum();
    assert!(by_month as usize <= results.total && by_month > 0);

    let page = |offset| {
        let options = SearchOptions {
            offset,
            limit: 3,
            ..SearchOptions::default()
        };
        ids(&searcher().search("정부", &options).unwrap())
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (first, second) = (page(0), page(3));
    assert_eq!(first.len(), 3);
    assert!(first.iter().all(|id| !second.contains(id)));
    // Ranking is stable from one run to the next.
    assert_eq!(page(0), first);
}

#[test]
fn hostile_queries_give_results_or_errors_never_panics() {
    let long = "세종 ".repeat(20_000);
    let hostile = [
        "\"",
        "\"세종",
        "세종\"",
        "-",
        "- -",
        "title:",
        "title: 세종",
        ":",
        "((세종))",
        "?",
        "!!!",
        "\u{0}\u{1}세종\u{7f}",
        "\u{202e}세종",
        "OR",
        "OR OR",
        "-세종",
        "date:",
        "date:abc..",
        "세종^",
        "세종^abc",
        "^^^",
        "section:",
        "*",
        "세종*",
        "😀",
    ];
    for query in hostile {
        match searcher().search(query, &SearchOptions::default()) {
            Ok(results) => assert!(results.hits.len() <= 10),
            Err(err) => assert!(!err.to_string().is_empty()),
        }
    }
    // Limits, offsets and depths beyond any index ask for everything or
    // nothing, and size no buffer.
    for (limit, offset, passage_ranking) in [
        (usize::MAX, 0, 30),
        (5, usize::MAX, 30),
        (usize::MAX, usize::MAX, usize::MAX),
        (3, 0, usize::MAX),
    ] {
        let options = SearchOptions {
            limit,
            offset,
            passage_ranking,
            ..SearchOptions::default()
        };
        for query in ["정부", "세종시와 서울시가 맺은 협약은?"] {
            let results = searcher().search(query, &options).unwrap();
            assert!(results.total > 0, "{query}");
            let expected = match offset {
                0 => results.total.min(limit),
                _ => 0,
            };
            assert_eq!(results.hits.len(), expected, "{query} {limit} {offset}");
        }
    }
    let hundred_kb = "가".repeat(35_000);
    for query in [long.as_str(), hundred_kb.as_str()] {
        assert!(query.len() >= 100_000 / 2);
        if let Err(err) = searcher().search(query, &SearchOptions::default()) {
            assert!(err.to_string().contains("at most"), "{err}");
        }
    }
}

#[test]
fn the_command_prints_hits_and_json() {
    let run = |args: &[&str]| {
        kosearch()
            .args(["search", "--index"])
            .arg(corpus_index())
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&["세종시와", "서울시가", "맺은", "협약은?"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("1. [세종24시] 세종시-서울시"), "{text}");

    let output = run(&["--json", "--facets", "section,date", "협약"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 1);
    let hit = &json["hits"][0];
    for key in util::HIT_KEYS {
        assert!(hit.get(key).is_some(), "{key} missing from {hit}");
    }
    let passage = &hit["passages"][0];
    let text = passage["text"].as_str().unwrap();
    let [start, end] = [&passage["highlights"][0][0], &passage["highlights"][0][1]]
        .map(|v| v.as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], "협약");
    assert!(json["facets"]["section"].is_array() && json["facets"]["date"].is_array());

    // No index: one line naming the command to run, exit code 3.
    let output = util::run(&["search", "세종", "--index", "/nonexistent/kosearch-index"]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("kosearch index"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every highlight lies on character boundaries inside its passage, and
    /// its text analyzes to one of the query's terms.
    #[test]
    fn highlights_are_query_terms(words in proptest::sample::subsequence(
        vec!["세종시", "협약", "고향사랑기부", "인권", "행정", "정원도시", "서울시와", "협력했다", "도시", "국민", "교육", "정부"], 1..4)) {
        let query = words.join(" ");
        let results = searcher().search(&words.join(" OR "), &SearchOptions::default()).unwrap();
        let analyzer = util::analyzer();
        let query_terms: Vec<String> = analyzer.analyze(&query).into_iter().map(|t| t.text).collect();
        for hit in &results.hits {
            for passage in &hit.passages {
                for &(start, end) in &passage.highlights {
                    prop_assert!(start < end && end <= passage.text.len());
                    prop_assert!(passage.text.is_char_boundary(start) && passage.text.is_char_boundary(end));
                    let terms = analyzer.analyze(&passage.text[start..end]);
                    prop_assert!(terms.iter().any(|t| query_terms.contains(&t.text)),
                        "{:?} in {:?} is not a query term of {query}", &passage.text[start..end], passage.text);
                }
            }
        }
    }
}

/// Questions over `corpus/`: every article's title, three words from the
/// middle of its body, and a few questions.
fn corpus_queries() -> Vec<String> {
    let mut queries: Vec<String> = [
        "세종시와 서울시가 맺은 협약은?",
        "고향사랑기부 인증 챌린지에 참여한 사람은 누구인가?",
        "청원 게시판에 올라온 교육 관련 요청은?",
        "\"세종시\" 협약 -서울",
    ]
    .map(String::from)
    .to_vec();
    for article in util::read_articles(&[util::corpus_dir()]) {
        queries.push(article.title.clone());
        let words: Vec<&str> = article.body.split_whitespace().collect();
        let middle = words.len() / 2;
        queries.push(words[middle.saturating_sub(1)..(middle + 2).min(words.len())].join(" "));
    }
    queries
}

/// What a page shows: each hit's id, score and passages with their
/// highlights.
fn shown(results: &SearchResults) -> Vec<(&str, f32, &[kosearch::search::Passage])> {
    let hits = results.hits.iter();
    hits.map(|hit| (hit.id.as_str(), hit.score, hit.passages.as_slice()))
        .collect()
}

#[test]
fn passages_from_the_index_and_from_analysis_rank_alike() {
    // The same index, once without its term offsets (as an index made
    // before them): passages found by analysis around literal occurrences
    // instead of read from the index.
    let located = searcher();
    let without = util::copy_without_term_offsets(corpus_index());
    let analyzed = Searcher::new(&open_index(without.path())).unwrap();
    let options = SearchOptions::default();
    let mut hits = 0;
    for query in corpus_queries() {
        let (from_index, from_analysis) = (
            located.search(&query, &options).unwrap(),
            analyzed.search(&query, &options).unwrap(),
        );
        // Passages never change the ranking, and every hit has some.
        assert_eq!(ids(&from_index), ids(&from_analysis), "{query}");
        assert_eq!(from_index.total, from_analysis.total, "{query}");
        for (a, b) in from_index.hits.iter().zip(&from_analysis.hits) {
            assert_eq!(a.score, b.score, "{query}");
            assert!(!a.passages.is_empty() && !b.passages.is_empty(), "{query}");
            hits += 1;
        }
    }
    assert!(hits > 2000, "{hits} hits");
}

#[test]
fn an_index_made_without_term_offsets_finds_the_same_hits_with_passages() {
    // Two indexes of corpus/, made the same way through the command, with
    // and without the flag: created, a document added by a second run
    // (which has no flag), merged. (No deletes: tantivy estimates the
    // token count of a merged segment that drops deleted documents, which
    // would make the scores differ by the segments' layout.)
    let corpus = util::corpus_dir();
    let more = tempfile::tempdir().unwrap();
    let added = more.path().join("more.jsonl");
    std::fs::write(
        &added,
        r#"{"id":"more","title":"세종시 협약","body":"세종시와 서울시가 맺은 협약은 행정 협력이다."}"#,
    )
    .unwrap();
    let made = |flags: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().to_str().unwrap();
        let run = |args: &[&str]| util::succeeds(kosearch().args(args));
        run(&[
            &["index", corpus.to_str().unwrap(), "--index", index],
            flags,
        ]
        .concat());
        assert!(run(&["index", added.to_str().unwrap(), "--index", index]).contains("added 1"));
        run(&["optimize", "--index", index]);
        dir
    };
    let (with_dir, without_dir) = (made(&[]), made(&["--no-term-offsets"]));
    // No table, and nothing in the index that asks tantivy for its plugin.
    let files: Vec<String> = std::fs::read_dir(without_dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.iter().all(|file| !file.ends_with(".offsets")),
        "{files:?}"
    );
    let meta = std::fs::read_to_string(without_dir.path().join("meta.json")).unwrap();
    assert!(!meta.contains("offsets"), "{meta}");
    let (with, without) = (open_index(with_dir.path()), open_index(without_dir.path()));
    assert!(with.has_term_offsets() && !without.has_term_offsets());
    // `kosearch stats` says which, and what the record takes on disk.
    let (with_stats, without_stats) = (with.stats().unwrap(), without.stats().unwrap());
    assert!(with_stats.term_offsets && !without_stats.term_offsets);
    assert_eq!(without_stats.term_offsets_bytes, 0);
    assert!(
        0 < with_stats.term_offsets_bytes && with_stats.term_offsets_bytes < with_stats.size_bytes,
        "{with_stats:?}"
    );
    let printed = |dir: &Path| util::succeeds(kosearch().args(["stats", "--index"]).arg(dir));
    let (with_printed, without_printed) = (printed(with_dir.path()), printed(without_dir.path()));
    assert!(with_printed.contains("term offsets:   "), "{with_printed}");
    assert!(
        without_printed.contains("term offsets:   none (made with --no-term-offsets"),
        "{without_printed}"
    );
    // The same hits and scores; the passages found by analysis instead.
    // Documents stand in another order in each, so hits of equal scores
    // may come in another order, and one such may take the page's last
    // place in one and not the other.
    let (with, without) = (
        Searcher::new(&with).unwrap(),
        Searcher::new(&without).unwrap(),
    );
    let options = SearchOptions::default();
    fn page(results: &SearchResults) -> Vec<(f32, &str)> {
        let mut hits: Vec<(f32, &str)> = results
            .hits
            .iter()
            .map(|hit| (hit.score, hit.id.as_str()))
            .collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        hits
    }
    let mut hits = 0;
    for query in corpus_queries().iter().step_by(4) {
        let (a, b) = (
            with.search(query, &options).unwrap(),
            without.search(query, &options).unwrap(),
        );
        assert_eq!(a.total, b.total, "{query}");
        let (a_page, b_page) = (page(&a), page(&b));
        let scores = |page: &[(f32, &str)]| page.iter().map(|hit| hit.0).collect::<Vec<_>>();
        assert_eq!(scores(&a_page), scores(&b_page), "{query}");
        let last = a_page.last().map_or(0.0, |hit| hit.0);
        let above = |page: &[(f32, &str)]| page.iter().filter(|hit| hit.0 > last).count();
        assert_eq!(
            a_page[..above(&a_page)],
            b_page[..above(&b_page)],
            "{query}"
        );
        assert!(b.hits.iter().all(|hit| !hit.passages.is_empty()), "{query}");
        hits += b.hits.len();
    }
    assert!(hits > 400, "{hits} hits");
}

#[test]
fn the_passage_cache_changes_no_passage_or_highlight() {
    // On an index without term offsets, whose passages are analyzed.
    let without = util::copy_without_term_offsets(corpus_index());
    let index = open_index(without.path());
    let options = SearchOptions::default();
    let uncached = Searcher::new(&index).unwrap().with_passage_cache(0);
    let cached = Searcher::new(&index).unwrap();
    // So small that it forgets all the time.
    let tiny = Searcher::new(&index).unwrap().with_passage_cache(4096);
    let queries = corpus_queries();
    assert!(queries.len() > 500, "{} queries", queries.len());
    let expected: Vec<SearchResults> = queries
        .iter()
        .map(|query| uncached.search(query, &options).unwrap())
        .collect();
    let highlights: usize = expected
        .iter()
        .flat_map(|results| &results.hits)
        .flat_map(|hit| &hit.passages)
        .map(|passage| passage.highlights.len())
        .sum();
    assert!(highlights > 1000, "{highlights} highlights");
    // Cold, then warm (every cluster remembered), on four threads at once
    // for the cached searcher (its cache is shared by the clones).
    for round in ["cold", "warm"] {
        for (query, expected) in queries.iter().zip(&expected) {
            let found = tiny.search(query, &options).unwrap();
            assert_eq!(shown(&found), shown(expected), "{query} ({round}, tiny)");
        }
        std::thread::scope(|scope| {
            for thread in 0..4 {
                let (cached, queries, expected) = (cached.clone(), &queries, &expected);
                let options = &options;
                scope.spawn(move || {
                    for (query, expected) in queries.iter().zip(expected).skip(thread) {
                        let found = cached.search(query, options).unwrap();
                        let (found, expected) = (shown(&found), shown(expected));
                        assert_eq!(found, expected, "{query} ({round}, thread {thread})");
                    }
                });
            }
        });
    }
}
