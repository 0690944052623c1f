//! Evaluating relevance: how well searches find the documents that answer a
//! set of questions, and how fast.
//!
//! An evaluation runs [`EvalQuery`]s (read by [`read_queries`]), questions
//! whose relevant document ids and answer strings are known, against an
//! index ([`prepare_index`] builds one from a documents file and reuses it
//! while the file is unchanged), and measures, averaged over the queries:
//!
//! | measure | what |
//! |---|---|
//! | MRR@10 | `1 / rank` of the first relevant document in the top 10, else 0 |
//! | Recall@1, @10, @100 | the share of a query's relevant documents in the top 1, 10, 100 |
//! | nDCG@10 | binary-gain nDCG of the top 10, `log2` discount |
//! | answer in passage@1 | the top passage of the top hit contains an answer |
//! | answer in passage@5 | a passage of one of the top 5 hits contains an answer |
//! | latency p50, p95, p99 | of the search a user runs, in milliseconds |
//!
//! The measures of one query are in [`metrics`]. The answer-in-passage
//! measures average over the queries that have answers only, and are `None`
//! when none has.
//!
//! # What is run, and what is timed
//!
//! First comes a **warm-up pass**, unless [`EvalOptions::cold`]: every query
//! runs once, as the user's search below, on a searcher of its own, and is
//! not measured. It brings the index's files into the process's memory, as
//! a server's earlier searches have, and as the warm-up pass of the Lucene
//! peer's timing does (`../shared/peers/compare-search.sh`); without it the
//! first queries of a run take several times as long and make much of the
//! 95th percentile. Nothing the warm-up searches remember is seen by the
//! searcher measured: its passages' analyses and term statistics are its
//! own, so each question is as new to it as to a user.
//!
//! Then each query runs as it is written, twice, in two passes over the
//! queries in file order, on one thread:
//!
//! 1. **The search a user runs**, [`EvalOptions::search`]: by default the
//!    top 10 with their passages, as `kosearch search` shows them. This run
//!    is timed, whole (parsing, matching, ranking, reading the documents,
//!    choosing and highlighting passages), and gives the latency
//!    percentiles; its passages give the answer-in-passage measures. The
//!    timed searches run one after the other, as the Lucene peer's do, with
//!    nothing between them: a ranking run in between (it reads a hundred
//!    documents) left each search to find the caches as that run, not the
//!    previous search, left them, and made the median 2–6% slower. Nor does
//!    a query's ranking run come before its timed one, which would have read
//!    the same postings and documents for it.
//! 2. **The ranking run**: the same search for the top [`RANKING_DEPTH`]
//!    (100) documents, without passages, which recall@100 needs; it gives
//!    every ranking measure and is not timed. Both runs rank alike (ties keep
//!    index order), so its top 10 are the user's top 10.
//!
//! A query the searcher refuses ([`Error::Query`]: longer than 1,024 words)
//! finds nothing for its user either: it counts 0 in every measure and its
//! [`PerQuery::error`] says why. Any other error ends the evaluation.
//!
//! ```no_run
//! use kosearch::dictionary::{self, KoreanDictionary};
//! use kosearch::eval::{self, EvalOptions};
//! use kosearch::index::{IndexConfig, WriterOptions};
//! use kosearch::search::Searcher;
//!
//! let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
//! let docs = "klue-hard.docs.jsonl.zst".as_ref();
//! let queries = eval::read_queries("klue-hard.queries.jsonl".as_ref())?;
//! let prepared = eval::prepare_index(
//!     docs,
//!     &eval::default_index_dir(docs, &IndexConfig::default())?,
//!     &dictionary,
//!     &IndexConfig::default(),
//!     &WriterOptions::default(),
//!     |_| {},
//! )?;
//! let searcher = Searcher::new(&prepared.index)?;
//! let evaluation = eval::evaluate(&searcher, &queries, &EvalOptions::default())?;
//! println!("MRR@10 {:.3}", evaluation.report.mrr_at_10);
//! # Ok::<(), kosearch::Error>(())
//! ```

pub mod metrics;
mod prepare;
mod queries;
mod spans;

use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use self::prepare::{
    default_index_dir, prepare_index, IndexingCounts, Preparation, PreparedIndex,
    SOURCE_MARKER_FILE,
};
pub use self::queries::{read_queries, EvalQuery};
pub use self::spans::{self_retrieval, SpanCounts, SpanMiss, SpanOptions, SpanReport};
use crate::search::{SearchOptions, SearchResults, Searcher};
use crate::{Error, Result};

/// How deep the ranking run goes: the cut-off of the deepest measure,
/// recall@100.
pub const RANKING_DEPTH: usize = 100;

/// How to evaluate.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// The search a user runs, timed for the latency figures, whose hits'
    /// passages are looked into for answers (the default: top 10 with up to
    /// 3 passages each). The ranking run uses the same options for the top
    /// [`RANKING_DEPTH`], without passages or facets.
    pub search: SearchOptions,
    /// Whether to time each query the first time the process runs it,
    /// without the warm-up pass (see the [module docs](self)).
    pub cold: bool,
}

/// The figures of an evaluation, averaged over its queries. Serialized as
/// `{"queries", "mrr@10", "recall@1", "recall@10", "recall@100", "ndcg@10",
/// "answer_in_passage@1", "answer_in_passage@5", "latency_ms": {"p50",
/// "p95", "p99"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Queries evaluated.
    pub queries: usize,
    /// Mean reciprocal rank of the first relevant document in the top 10.
    #[serde(rename = "mrr@10")]
    pub mrr_at_10: f64,
    /// Mean share of the relevant documents ranked first.
    #[serde(rename = "recall@1")]
    pub recall_at_1: f64,
    /// Mean share of the relevant documents in the top 10.
    #[serde(rename = "recall@10")]
    pub recall_at_10: f64,
    /// Mean share of the relevant documents in the top 100.
    #[serde(rename = "recall@100")]
    pub recall_at_100: f64,
    /// Mean nDCG of the top 10.
    #[serde(rename = "ndcg@10")]
    pub ndcg_at_10: f64,
    /// Share of the queries with answers whose top hit's top passage
    /// contains one; `None` when no query has answers.
    #[serde(rename = "answer_in_passage@1")]
    pub answer_in_passage_at_1: Option<f64>,
    /// Share of the queries with answers where a passage of one of the top
    /// 5 hits contains one; `None` when no query has answers.
    #[serde(rename = "answer_in_passage@5")]
    pub answer_in_passage_at_5: Option<f64>,
    /// Latency of the search a user runs.
    pub latency_ms: Percentiles,
}

impl EvalReport {
    /// The figures of these per-query results (also of a subset of an
    /// evaluation's, to compare groups of queries).
    pub fn summarize(per_query: &[PerQuery]) -> EvalReport {
        let mean = |values: Vec<f64>| {
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        let measure = |value: fn(&PerQuery) -> f64| {
            mean(per_query.iter().map(value).collect()).unwrap_or(0.0)
        };
        let answered = |value: fn(&PerQuery) -> Option<bool>| {
            mean(
                per_query
                    .iter()
                    .filter_map(value)
                    .map(|found| if found { 1.0 } else { 0.0 })
                    .collect(),
            )
        };
        let latencies: Vec<f64> = per_query.iter().map(|query| query.latency_ms).collect();
        EvalReport {
            queries: per_query.len(),
            mrr_at_10: measure(|query| query.reciprocal_rank_at_10),
            recall_at_1: measure(|query| query.recall_at_1),
            recall_at_10: measure(|query| query.recall_at_10),
            recall_at_100: measure(|query| query.recall_at_100),
            ndcg_at_10: measure(|query| query.ndcg_at_10),
            answer_in_passage_at_1: answered(|query| query.answer_in_passage_at_1),
            answer_in_passage_at_5: answered(|query| query.answer_in_passage_at_5),
            latency_ms: Percentiles::of(&latencies),
        }
    }
}

/// Latency percentiles, in milliseconds, by the nearest-rank method.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Percentiles {
    /// The median.
    pub p50: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// The 99th percentile.
    pub p99: f64,
}

impl Percentiles {
    /// The percentiles of `values`, in any order; all 0 for no values.
    pub fn of(values: &[f64]) -> Percentiles {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Percentiles {
            p50: metrics::percentile(&sorted, 50.0),
            p95: metrics::percentile(&sorted, 95.0),
            p99: metrics::percentile(&sorted, 99.0),
        }
    }
}

/// What one query found, for error analysis (`kosearch eval --per-query`
/// writes one a line, with the keys of the report's measures).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerQuery {
    /// The query's id.
    pub qid: String,
    /// The query as run.
    pub query: String,
    /// Its relevant document ids.
    pub relevant_ids: Vec<String>,
    /// The ids of the top [`RANKING_DEPTH`] documents, best first.
    pub ranked_ids: Vec<String>,
    /// How many documents match the query.
    pub total: usize,
    /// The 1-based rank of the first relevant document in `ranked_ids`.
    pub first_relevant_rank: Option<usize>,
    /// `1 / first_relevant_rank` when it is at most 10, else 0.
    #[serde(rename = "reciprocal_rank@10")]
    pub reciprocal_rank_at_10: f64,
    /// Share of the relevant documents ranked first.
    #[serde(rename = "recall@1")]
    pub recall_at_1: f64,
    /// Share of the relevant documents in the top 10.
    #[serde(rename = "recall@10")]
    pub recall_at_10: f64,
    /// Share of the relevant documents in the top 100.
    #[serde(rename = "recall@100")]
    pub recall_at_100: f64,
    /// nDCG of the top 10.
    #[serde(rename = "ndcg@10")]
    pub ndcg_at_10: f64,
    /// Whether the top passage of the top hit contains an answer; `None`
    /// when the query has no answers.
    #[serde(rename = "answer_in_passage@1")]
    pub answer_in_passage_at_1: Option<bool>,
    /// Whether a passage of one of the top 5 hits contains an answer;
    /// `None` when the query has no answers.
    #[serde(rename = "answer_in_passage@5")]
    pub answer_in_passage_at_5: Option<bool>,
    /// Time of the search a user runs, in milliseconds.
    pub latency_ms: f64,
    /// Why the searcher refused the query, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl PerQuery {
    /// The measures of `query` that what the user's search showed (`page`)
    /// gives; the ranking measures are added by [`PerQuery::ranked`].
    fn measure(query: &EvalQuery, page: &SearchResults, latency_ms: f64) -> PerQuery {
        let has_answers = !query.answers.is_empty();
        let top_passage = page
            .hits
            .first()
            .and_then(|hit| hit.passages.first())
            .is_some_and(|passage| metrics::contains_answer(&passage.text, &query.answers));
        let top_5_passages = page
            .hits
            .iter()
            .take(5)
            .flat_map(|hit| &hit.passages)
            .any(|passage| metrics::contains_answer(&passage.text, &query.answers));
        PerQuery {
            total: page.total,
            answer_in_passage_at_1: has_answers.then_some(top_passage),
            answer_in_passage_at_5: has_answers.then_some(top_5_passages),
            ..PerQuery::nothing_found(query, latency_ms)
        }
    }

    /// The query's measures with the ranking run's ids.
    fn ranked(self, ranked_ids: Vec<String>) -> PerQuery {
        let relevant = &self.relevant_ids;
        PerQuery {
            first_relevant_rank: ranked_ids
                .iter()
                .position(|id| relevant.contains(id))
                .map(|index| index + 1),
            reciprocal_rank_at_10: metrics::reciprocal_rank(&ranked_ids, relevant, 10),
            recall_at_1: metrics::recall(&ranked_ids, relevant, 1),
            recall_at_10: metrics::recall(&ranked_ids, relevant, 10),
            recall_at_100: metrics::recall(&ranked_ids, relevant, 100),
            ndcg_at_10: metrics::ndcg(&ranked_ids, relevant, 10),
            ranked_ids,
            ..self
        }
    }

    /// A query the searcher refused: nothing found.
    fn refused(query: &EvalQuery, error: String, latency_ms: f64) -> PerQuery {
        PerQuery {
            error: Some(error),
            ..PerQuery::nothing_found(query, latency_ms)
        }
    }

    /// A query that found nothing, every measure 0.
    fn nothing_found(query: &EvalQuery, latency_ms: f64) -> PerQuery {
        let has_answers = !query.answers.is_empty();
        PerQuery {
            qid: query.qid.clone(),
            query: query.query.clone(),
            relevant_ids: query.relevant_ids.clone(),
            ranked_ids: Vec::new(),
            total: 0,
            first_relevant_rank: None,
            reciprocal_rank_at_10: 0.0,
            recall_at_1: 0.0,
            recall_at_10: 0.0,
            recall_at_100: 0.0,
            ndcg_at_10: 0.0,
            answer_in_passage_at_1: has_answers.then_some(false),
            answer_in_passage_at_5: has_answers.then_some(false),
            latency_ms,
            error: None,
        }
    }
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The figures over all queries.
    pub report: EvalReport,
    /// What each query found, in the order of the queries.
    pub per_query: Vec<PerQuery>,
}

/// Runs every query of `queries` on `searcher` as described in the [module
/// docs](self) and measures the results. An empty query list is an error
/// ([`Error::InvalidArgument`]).
pub fn evaluate(
    searcher: &Searcher,
    queries: &[EvalQuery],
    options: &EvalOptions,
) -> Result<Evaluation> {
    if queries.is_empty() {
        return Err(Error::InvalidArgument("no queries to evaluate".into()));
    }
    let user = &options.search;
    let mut ranking = SearchOptions {
        limit: RANKING_DEPTH,
        offset: 0,
        facets: Vec::new(),
        ..user.clone()
    };
    ranking.passages.max_passages = 0;

    if !options.cold {
        // On a searcher of its own: the caller's remembers nothing of it.
        let warm_up = Searcher::new(searcher.index())?;
        for query in queries {
            match warm_up.search(&query.query, user) {
                Ok(_) | Err(Error::Query(_)) => {}
                Err(err) => return Err(err),
            }
        }
    }
    let mut timed = Vec::with_capacity(queries.len());
    for query in queries {
        let started = Instant::now();
        let page = searcher.search(&query.query, user);
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        timed.push(match page {
            Ok(page) => PerQuery::measure(query, &page, latency_ms),
            Err(Error::Query(reason)) => PerQuery::refused(query, reason, latency_ms),
            Err(err) => return Err(err),
        });
    }
    let mut per_query = Vec::with_capacity(queries.len());
    for (query, measured) in queries.iter().zip(timed) {
        if measured.error.is_some() {
            per_query.push(measured);
            continue;
        }
        let ranked_ids = searcher
            .search(&query.query, &ranking)?
            .hits
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        per_query.push(measured.ranked(ranked_ids));
    }
    Ok(Evaluation {
        report: EvalReport::summarize(&per_query),
        per_query,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(qid: &str, relevant: &[&str], answers: &[&str]) -> EvalQuery {
        EvalQuery {
            qid: qid.into(),
            query: format!("question {qid}"),
            relevant_ids: relevant.iter().map(|id| id.to_string()).collect(),
            answers: answers.iter().map(|answer| answer.to_string()).collect(),
        }
    }

    fn ranked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    fn no_hits() -> SearchResults {
        SearchResults {
            total: 0,
            hits: Vec::new(),
            facets: Default::default(),
            unreadable: Vec::new(),
            corrected_query: None,
        }
    }

    #[test]
    fn a_report_averages_the_queries_and_answers_only_where_there_are_some() {
        let per_query = vec![
            PerQuery::measure(&query("q1", &["a"], &["7가지"]), &no_hits(), 2.0)
                .ranked(ranked(&["a", "b"])),
            PerQuery::measure(&query("q2", &["c", "d"], &[]), &no_hits(), 4.0)
                .ranked(ranked(&["b", "c"])),
            PerQuery::refused(&query("q3", &["a"], &[]), "too long".into(), 1.0),
        ];
        assert_eq!(per_query[0].first_relevant_rank, Some(1));
        assert_eq!(per_query[1].first_relevant_rank, Some(2));
        assert_eq!(per_query[2].error.as_deref(), Some("too long"));
        let report = EvalReport::summarize(&per_query);
        assert_eq!(report.queries, 3);
        assert!((report.mrr_at_10 - (1.0 + 0.5 + 0.0) / 3.0).abs() < 1e-12);
        assert!((report.recall_at_1 - 1.0 / 3.0).abs() < 1e-12);
        assert!((report.recall_at_10 - (1.0 + 0.5) / 3.0).abs() < 1e-12);
        // q2's nDCG: 1/log2(3) over an ideal of 1 + 1/log2(3).
        let q2 = (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2());
        assert!((report.ndcg_at_10 - (1.0 + q2) / 3.0).abs() < 1e-12);
        // Only q1 has answers, and no hit holds them.
        assert_eq!(report.answer_in_passage_at_1, Some(0.0));
        assert_eq!(report.answer_in_passage_at_5, Some(0.0));
        assert_eq!(report.latency_ms.p50, 2.0);
        assert_eq!(report.latency_ms.p99, 4.0);

        let unanswered = EvalReport::summarize(&per_query[1..]);
        assert_eq!(unanswered.answer_in_passage_at_1, None);
        let json = serde_json::to_value(&unanswered).unwrap();
        assert!(json["answer_in_passage@5"].is_null());
    }

    #[test]
    fn the_report_serializes_with_the_documented_keys() {
        let report = EvalReport::summarize(&[]);
        assert_eq!(report.queries, 0);
        let json = serde_json::to_value(&report).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "answer_in_passage@1",
                "answer_in_passage@5",
                "latency_ms",
                "mrr@10",
                "ndcg@10",
                "queries",
                "recall@1",
                "recall@10",
                "recall@100"
            ]
        );
        let mut latency: Vec<&String> = json["latency_ms"].as_object().unwrap().keys().collect();
        latency.sort_unstable();
        assert_eq!(latency, ["p50", "p95", "p99"]);
        assert_eq!(serde_json::from_value::<EvalReport>(json).unwrap(), report);
    }
}
