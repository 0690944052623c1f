//! The hot paths of a search besides the index lookup: passages and queries.
//!
//! `cargo bench --bench hot_paths` reports, with criterion:
//!
//! * `passages/title_query` and `passages/question_query`: picking and
//!   highlighting the best passages of one hit
//!   ([`kosearch::search::best_passages`], default options: up to 3
//!   passages), the work a result page does ten times. Each iteration runs
//!   every article of the text set once, so the time per hit is the
//!   iteration time divided by the article count (criterion's `elem/s` is
//!   hits per second). `title_query` looks for the article's own title
//!   (terms that cluster in the lead); `question_query` for four words of
//!   a sentence from the middle of the body plus a title word (terms
//!   scattered over the body, like a question's). Query terms are made as
//!   the searcher makes them: one unit per word, a word the analyzer splits
//!   into several positions being a phrase, weighted by an idf over the text
//!   set.
//! * `query/analyze`: the analysis of the question texts alone
//!   ([`kosearch::analysis::Analyzer::analyze`]), the bulk of building a
//!   query.
//! * `query/parse_build`: [`kosearch::search::Searcher::search`] on an empty
//!   index: parsing, analysis and building of the tantivy query, with a
//!   search that has nothing to look at. The parser and the query builder
//!   are crate-private, so this is the closest public measure of them.
//!   `query/parse_build_operators` does the same for queries with phrases,
//!   fields, dates, `OR`, negations and boosts.
//!
//! The articles are those of `corpus/` (Wikipedia articles, petitions, a
//! news article) and of `../shared/data/seed/*.txt` when present; the
//! questions are those of `../shared/data/klue-hard.queries.jsonl` when
//! present, otherwise a few of its own. Needs the dictionary (`kosearch dict
//! install`). Under `cargo test` criterion runs each benchmark once.

use std::cell::RefCell;
use std::collections::HashMap;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::index::{Index, IndexConfig};
use kosearch::search::{best_passages, PassageOptions, QueryTerm, SearchOptions, Searcher};
use kosearch::Article;

mod common;
use common::{manifest_dir, queries_of, shared};

/// The articles with a body: `corpus/`, and the shared seed articles.
fn articles() -> Vec<Article> {
    let mut inputs = vec![manifest_dir().join("corpus")];
    let seed = manifest_dir().join("../shared/data/seed");
    if seed.is_dir() {
        inputs.push(seed);
    }
    Corpus::new(&inputs, ReadOptions::default())
        .expect("the corpus")
        .flatten()
        .filter(|article| !article.body.trim().is_empty())
        .collect()
}

fn questions() -> Vec<String> {
    match shared("klue-hard.queries.jsonl") {
        Some(path) => queries_of(&path),
        None => [
            "세종시와 서울시가 맺은 협약은?",
            "고향사랑기부 인증 챌린지에 참여한 사람은 누구인가?",
            "지미 카터는 어느 당 출신 대통령인가?",
            "청원 게시판에 올라온 교육 관련 요청은?",
        ]
        .map(String::from)
        .to_vec(),
    }
}

const OPERATOR_QUERIES: [&str; 8] = [
    "\"인권 행정\" since:2023-01-01",
    "세종 OR 서울 -부산",
    "title:협약 body:\"업무 협약\"^2",
    "reporter:이상욱 section:행정 협약",
    "date:2023-04-01..2023-04-30 고향사랑기부",
    "협약^2 \"상호 교류\"^3 -section:스포츠",
    "until:2022-12-31 정원도시 OR 생태공원",
    "source:뉴시스 (세종시) 협력?",
];

/// Query terms for `query` as the searcher makes them: per word, its terms
/// when they share one position, else a phrase of the first term at each
/// position.
fn query_terms(analyzer: &Analyzer, query: &str, idf: &dyn Fn(&str) -> f32) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = Vec::new();
    for word in query.split_whitespace() {
        let mut positions: Vec<(usize, Vec<String>)> = Vec::new();
        for term in analyzer.analyze(word) {
            match positions.last_mut() {
                Some((position, texts)) if *position == term.position => texts.push(term.text),
                _ => positions.push((term.position, vec![term.text])),
            }
        }
        match positions.as_slice() {
            [] => {}
            [(_, texts)] => terms.extend(texts.iter().map(|text| QueryTerm::new(text, idf(text)))),
            _ => {
                let phrase: Vec<String> = positions.iter().map(|(_, t)| t[0].clone()).collect();
                terms.extend(
                    phrase
                        .iter()
                        .map(|text| QueryTerm::in_phrase(text, idf(text), phrase.clone())),
                );
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    terms.retain(|term| seen.insert((term.text.clone(), term.phrase.clone())));
    terms
}

/// An idf weight over the bodies of the text set, from literal occurrences.
struct Idf<'a> {
    bodies: &'a [&'a str],
    cache: RefCell<HashMap<String, f32>>,
}

impl Idf<'_> {
    fn weight(&self, text: &str) -> f32 {
        *self
            .cache
            .borrow_mut()
            .entry(text.to_string())
            .or_insert_with(|| {
                let n = self.bodies.len() as f32;
                let df = self.bodies.iter().filter(|b| b.contains(text)).count() as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01)
            })
    }
}

/// A question-like query for an article: four words of a sentence from the
/// middle of its body, and the first word of its title.
fn question_for(article: &Article) -> String {
    let mut middle = article.body.len() / 2;
    while !article.body.is_char_boundary(middle) {
        middle -= 1;
    }
    let start = article.body[..middle]
        .rfind(['.', '\n'])
        .map_or(0, |i| i + 1);
    let words: Vec<&str> = article.body[start..]
        .split_whitespace()
        .filter(|word| word.chars().count() >= 2)
        .take(4)
        .collect();
    let title = article.title.split_whitespace().next().unwrap_or_default();
    format!("{title} {}", words.join(" "))
}

fn bench_passages(c: &mut Criterion) {
    let dictionary = common::dictionary();
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).expect("analyzer");
    let articles = articles();
    let bodies: Vec<&str> = articles.iter().map(|a| a.body.as_str()).collect();
    let idf = Idf {
        bodies: &bodies,
        cache: RefCell::default(),
    };
    let idf = |text: &str| idf.weight(text);
    let cases: Vec<(&str, Vec<Vec<QueryTerm>>)> = vec![
        (
            "title_query",
            articles
                .iter()
                .map(|a| query_terms(&analyzer, &a.title, &idf))
                .collect(),
        ),
        (
            "question_query",
            articles
                .iter()
                .map(|a| query_terms(&analyzer, &question_for(a), &idf))
                .collect(),
        ),
    ];
    let text_bytes: usize = bodies.iter().map(|b| b.len()).sum();
    eprintln!(
        "passages: {} articles, {:.1} MB of body text ({:.1} KB a body)",
        articles.len(),
        text_bytes as f64 / 1e6,
        text_bytes as f64 / 1e3 / articles.len().max(1) as f64
    );
    let options = PassageOptions::default();
    let mut group = c.benchmark_group("passages");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.sample_size(20);
    for (name, queries) in &cases {
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let mut highlights = 0;
                for (body, terms) in bodies.iter().zip(queries) {
                    for passage in best_passages(&analyzer, body, terms, &options) {
                        highlights += passage.highlights.len();
                    }
                }
                highlights
            })
        });
    }
    group.finish();
}

fn bench_queries(c: &mut Criterion) {
    let dictionary = common::dictionary();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let index = Index::create_with(dir.path(), &dictionary, &IndexConfig::default())
        .expect("an empty index");
    let searcher = Searcher::new(&index).expect("a searcher");
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).expect("analyzer");
    let questions = questions();
    let operators: Vec<String> = OPERATOR_QUERIES.map(String::from).to_vec();
    let options = SearchOptions::default();

    let mut group = c.benchmark_group("query");
    group.sample_size(20);
    group.throughput(Throughput::Elements(questions.len() as u64));
    group.bench_function("analyze", |b| {
        b.iter(|| {
            questions
                .iter()
                .map(|q| analyzer.analyze(q).len())
                .sum::<usize>()
        })
    });
    for (name, queries) in [
        ("parse_build", &questions),
        ("parse_build_operators", &operators),
    ] {
        group.throughput(Throughput::Elements(queries.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                queries
                    .iter()
                    .map(|q| searcher.search(q, &options).expect("search").total)
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_passages, bench_queries);
criterion_main!(benches);
