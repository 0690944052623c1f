//! [`SearchOptions`]: what a search returns and how it ranks.

use std::sync::Arc;

use super::{Facet, PassageOptions, Synonyms};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// By score, best first.
    #[default]
    Relevance,
    /// By publication time, newest first (undated documents last), then by
    /// score.
    Date,
}

/// How to search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits to return; 0 for the count and the facets only.
    pub limit: usize,
    /// Hits to skip first (for paging).
    pub offset: usize,
    /// Result order.
    pub sort: SortOrder,
    /// Favour recent articles: a score is multiplied by a factor that falls
    /// from 1 (published now) to 0.5 (long ago), halving the distance every
    /// this many days.
    pub recency_half_life_days: Option<f64>,
    /// Facets to count over all matching documents.
    pub facets: Vec<Facet>,
    /// Most values per facet (dates are not cut).
    pub facet_limit: usize,
    /// Passage selection.
    pub passages: PassageOptions,
    /// Weight of a title match relative to a body match, from 0 to
    /// [`MAX_BOOST`](super::query::MAX_BOOST) like any boost. 1.2 puts titles
    /// above bodies without letting a shared title outweigh the body: on the
    /// KLUE set, whose passages share their article's title, 2.0 gave
    /// MRR@10 0.65, 1.2 gave 0.77 and 1.0 0.78 (without passage ranking;
    /// with it, 1.2 is ahead).
    pub title_boost: f32,
    /// Rank by passage: the best this many articles (by BM25; 0 turns it
    /// off) are re-ordered by a mix of their BM25 score and the score of
    /// their best passage (query-term weight and proximity, read from the
    /// index's positions), scaled to the BM25 scores; the mix becomes their
    /// score. The default, 30, raised MRR@10 on the KLUE set from 0.77 to
    /// 0.86 (`docs/relevance.md`).
    pub passage_ranking: usize,
    /// Words the query also searches as other words ([`Synonyms`]); none
    /// by default.
    pub synonyms: Option<Arc<Synonyms>>,
    /// Correct a query word that reads as a slip (typed in the wrong
    /// keyboard mode, initial consonants only, a jamo or two off) when the
    /// query as typed finds nothing or far less than the corrected one
    /// ([`correct`](crate::correct)); on by default, off to search exactly
    /// what was typed.
    pub correct: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            sort: SortOrder::Relevance,
            recency_half_life_days: None,
            facets: Vec::new(),
            facet_limit: 20,
            passages: PassageOptions::default(),
            title_boost: 1.2,
            passage_ranking: 30,
            synonyms: None,
            correct: true,
        }
    }
}
