//! Ranking by passage: the best articles by BM25 re-ordered by a mix of
//! their score and that of their best passage (read from the index by
//! [`proximity`](super::proximity)).

use tantivy::{DocAddress, Score};

/// A hit being ranked by passage.
pub(super) struct Candidate {
    pub(super) address: DocAddress,
    /// The article's score (BM25).
    pub(super) score: Score,
    /// The score of its best passage, from the index's positions.
    pub(super) passage: f32,
}

/// The share of the best passage's score in a score ranked by passage, the
/// rest being the article's. On the KLUE set 0.7 did better than 0.5 in
/// both halves of the questions, 0.3 and 1.0 worse (`docs/relevance.md`).
const PASSAGE_SHARE: f32 = 0.7;

/// Re-orders candidates (best first by BM25) by a mix of their article score
/// and the score of their best passage, scaled so that the best passage of
/// the candidates scores as the best article: the passage brings proximity,
/// the article score the title and the rest of the text. Scores stay on the
/// article scores' scale (boosts still raise them).
pub(super) fn rank_by_passage(candidates: &mut [Candidate]) {
    let top_passage = candidates.iter().map(|c| c.passage).fold(0.0, f32::max);
    let top_article = candidates.iter().map(|c| c.score).fold(0.0, f32::max);
    if top_passage <= 0.0 {
        return;
    }
    let scale = top_article / top_passage;
    for candidate in candidates.iter_mut() {
        candidate.score =
            candidate.score * (1.0 - PASSAGE_SHARE) + candidate.passage * scale * PASSAGE_SHARE;
    }
    // A stable sort: equal scores keep their BM25 order.
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
}
