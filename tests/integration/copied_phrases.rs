//! Words copied from an article find it: a query word is read in every
//! context a document gives a word (inside a sentence, at a line's start,
//! at a text's end), and matches any of those readings.

use std::sync::OnceLock;

use kosearch::analysis::Term;
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Article;
use proptest::prelude::*;

use crate::util::{self, corpus_index, open_index};

/// Articles holding the words of issue 22's report where documents hold
/// them: inside sentences, at the start of a line, at the end of a text.
const ARTICLES: [(&str, &str); 6] = [
    (
        "crude",
        "1990년 울산항에 들어온 유조선은 한국 최초의 러시아산 원유 도입이다. 정부는 이를 환영했다.",
    ),
    (
        "banner",
        "회원들은 홈페이지 배너를 달라는 요청을 여러 차례 보냈다.",
    ),
    (
        "hall",
        "창립총회는 서울시 연지동 기독교회관 2층에서 열렸다.",
    ),
    ("banner-line", "공지 사항\n배너를 새로 만들었다."),
    ("hall-end", "행사 장소는 서울시 연지동 기독교회관"),
    ("crude-end", "이번에 들여온 원유는 러시아산"),
];

fn articles_searcher() -> Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    SEARCHER
        .get_or_init(|| {
            util::searcher_of(ARTICLES.map(|(id, body)| Article {
                id: id.to_string(),
                title: "기사".to_string(),
                body: body.to_string(),
                ..Article::default()
            }))
        })
        .1
        .clone()
}

/// The ids `query` finds, sorted.
fn found(searcher: &Searcher, query: &str) -> Vec<String> {
    let options = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    let mut ids: Vec<String> = searcher
        .search(query, &options)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_reported_phrases_find_their_article() {
    let searcher = articles_searcher();
    for (query, id) in [
        // Inside the sentence 러시아산 is 러시아 and a suffix; typed alone
        // it was read 러시아 + 산 (a noun) and found nothing.
        ("러시아산 원유 도입", "crude"),
        ("러시아산", "crude"),
        // 배너를 after a space is 배 + 너를; typed first, 배너 + 를.
        ("홈페이지 배너를 달라는", "banner"),
        ("배너를", "banner"),
        // 기독교회관 before a space is 기독교회 + a suffix; at the end of a
        // query it was 기독교 + 회관.
        ("서울시 연지동 기독교회관", "hall"),
    ] {
        let ids = found(&searcher, query);
        assert!(ids.contains(&id.to_string()), "{query}: {ids:?}");
    }
}

#[test]
fn a_word_is_found_at_either_end_of_a_query_and_of_a_document() {
    let searcher = articles_searcher();
    // 배너를 mid-sentence (banner) and at a line's start (banner-line); the
    // query word first, last and alone.
    for query in ["배너를", "배너를 달라는", "홈페이지 배너를"] {
        let ids = found(&searcher, query);
        assert!(ids.contains(&"banner".to_string()), "{query}: {ids:?}");
    }
    let ids = found(&searcher, "배너를");
    assert!(ids.contains(&"banner-line".to_string()), "{ids:?}");
    // 기독교회관 and 러시아산 inside a sentence and at the end of a text.
    for (query, ids_expected) in [
        ("기독교회관", ["hall", "hall-end"]),
        ("연지동 기독교회관", ["hall", "hall-end"]),
        ("러시아산", ["crude", "crude-end"]),
        ("러시아산 원유", ["crude", "crude-end"]),
    ] {
        let ids = found(&searcher, query);
        for id in ids_expected {
            assert!(ids.contains(&id.to_string()), "{query}: {ids:?}");
        }
    }
}

#[test]
fn an_article_with_the_whole_form_ranks_first() {
    // 러시아산 matches every article with 러시아 inside a sentence, since
    // that is all such an article holds of it; one that holds the word's
    // whole form, 러시아산 at the end of its text, ranks above them.
    let searcher = articles_searcher();
    let results = searcher
        .search("러시아산", &SearchOptions::default())
        .unwrap();
    assert_eq!(results.hits[0].id, "crude-end");
}

/// Whether `word` holds the query language's syntax: a word a user copies
/// with it is searched as the operator it spells (`-` excludes, quotes make
/// phrases, `title:` a field, `^` a boost), not as the article's text.
fn is_operator(word: &str) -> bool {
    word.starts_with('-')
        || word.contains(['"', '\'', '‘', '’', '“', '”', ':', '^'])
        || word == "OR"
        || word == "AND"
}

/// An article of the corpus index, with the byte ranges of its body's
/// words, line by line, and the terms the index holds for its body.
struct Copyable {
    article: Article,
    lines: Vec<Vec<std::ops::Range<usize>>>,
    terms: Vec<Term>,
}

fn corpus_articles() -> &'static [Copyable] {
    static ARTICLES: OnceLock<Vec<Copyable>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        let analyzer = util::analyzer();
        util::read_articles(&[util::corpus_dir()])
            .into_iter()
            .map(|article| {
                let mut lines = Vec::new();
                let mut start = 0;
                for line in article.body.split('\n') {
                    let mut words = Vec::new();
                    let mut at = 0;
                    for word in line.split_whitespace() {
                        let from = at + line[at..].find(word).unwrap();
                        words.push(start + from..start + from + word.len());
                        at = from + word.len();
                    }
                    lines.push(words);
                    start += line.len() + 1;
                }
                let terms = analyzer.analyze(&article.body);
                Copyable {
                    article,
                    lines,
                    terms,
                }
            })
            .collect()
    })
}

fn corpus_searcher() -> Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER
        .get_or_init(|| Searcher::new(&open_index(corpus_index())).unwrap())
        .clone()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any span of 1 to 3 content words (each holds a term in the index)
    /// copied from an article of `corpus/` finds that article. Spans with
    /// the query language's syntax, and questions (a trailing `?`: any word
    /// may match, and a word in most documents is left out), are not
    /// copied text as the query language reads it.
    #[test]
    fn a_copied_span_of_content_words_finds_its_article(
        article in any::<prop::sample::Index>(),
        line in any::<prop::sample::Index>(),
        start in any::<prop::sample::Index>(),
        words in 1usize..=3,
    ) {
        let articles = corpus_articles();
        let Copyable { article, lines, terms } = &articles[article.index(articles.len())];
        let long_enough: Vec<_> = lines.iter().filter(|line| line.len() >= words).collect();
        prop_assume!(!long_enough.is_empty());
        let line = long_enough[line.index(long_enough.len())];
        let first = start.index(line.len() + 1 - words);
        let span = &line[first..first + words];
        let text = &article.body[span[0].start..span[words - 1].end];
        let content = span.iter().all(|word| {
            terms.iter().any(|term| term.start < word.end && word.start < term.end)
        });
        prop_assume!(content);
        prop_assume!(!text.split_whitespace().any(is_operator));
        prop_assume!(!text.ends_with(['?', '？']));
        let mut options = SearchOptions {
            limit: articles.len(),
            ..SearchOptions::default()
        };
        options.passages.max_passages = 0;
        let results = corpus_searcher().search(text, &options).unwrap();
        prop_assert!(
            results.hits.iter().any(|hit| hit.id == article.id),
            "{text:?} does not find {}",
            article.id
        );
    }
}
