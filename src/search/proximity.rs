//! Passage-level scores read from the index, for ranking.
//!
//! Ranking by passage (see [`SearchOptions::passage_ranking`]) needs, for
//! each of the best few dozen articles, the score of its best passage.
//! Reading and analyzing those articles would cost more than the search, so
//! the score is taken from the body's positions in the index instead: every
//! stretch of [`WINDOW`] positions (a few sentences) is scored like a
//! passage (see [`passages`](super::passages)): the weights of the distinct
//! query terms it holds, a tenth of a weight for each of a term's next three
//! repeats, and a proximity bonus for the best pair of distinct terms that
//! follow each other, half their mean weight scaled by `2 / (2 + gap)`, the
//! gap in positions. The terms of a phrase or compound count one by one.
//!
//! [`SearchOptions::passage_ranking`]: super::SearchOptions::passage_ranking

use std::collections::VecDeque;

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Term, TERMINATED};

use super::passages::{gain, PROXIMITY_BONUS};
use super::QueryTerm;
use crate::{Error, Result};

/// The length of a passage, in positions (indexed terms): one or two
/// sentences. On the KLUE set 24 did better than 48 and 96 in both halves
/// of the questions (`docs/relevance.md`).
pub(crate) const WINDOW: u32 = 24;
/// The gap, in positions, at which the proximity bonus halves (the
/// passages' own gap is in bytes; the other constants are theirs).
const PROXIMITY_GAP: f32 = 2.0;

/// The positions of the query's texts in a document's body: (position,
/// index of the text), sorted.
pub(crate) type TermPositions = Vec<(u32, usize)>;

/// The distinct texts of the query `terms`, in order, with the largest
/// weight each has (made finite and positive).
pub(crate) fn weighted_texts(terms: &[QueryTerm]) -> (Vec<&str>, Vec<f32>) {
    let mut texts: Vec<&str> = Vec::new();
    let mut weights: Vec<f32> = Vec::new();
    for term in terms {
        let weight = if term.weight.is_finite() && term.weight > 0.0 {
            term.weight.min(1e6)
        } else {
            f32::MIN_POSITIVE
        };
        match texts.iter().position(|text| *text == term.text) {
            Some(at) => weights[at] = weights[at].max(weight),
            None => {
                texts.push(&term.text);
                weights.push(weight);
            }
        }
    }
    (texts, weights)
}

/// For each document of `docs`, in order, the positions of `texts` in its
/// `body` field: (position, index of the text), sorted.
pub(crate) fn term_positions(
    searcher: &tantivy::Searcher,
    body: Field,
    texts: &[&str],
    docs: &[DocAddress],
) -> Result<Vec<TermPositions>> {
    let index_error = |e: tantivy::TantivyError| Error::Index(e.to_string());
    let mut found = vec![Vec::new(); docs.len()];
    // Per segment, in document order, so that each term's postings are
    // read once, forward.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].segment_ord, docs[i].doc_id));
    let mut positions: Vec<u32> = Vec::new();
    for group in order.chunk_by(|&a, &b| docs[a].segment_ord == docs[b].segment_ord) {
        let segment = searcher.segment_reader(docs[group[0]].segment_ord);
        let inverted = segment.inverted_index(body).map_err(index_error)?;
        let mut postings = Vec::with_capacity(texts.len());
        for text in texts {
            let term = Term::from_field_text(body, text);
            postings.push(
                inverted
                    .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                    .map_err(|e| Error::Index(e.to_string()))?,
            );
        }
        for &at in group {
            let doc = docs[at].doc_id;
            let hits = &mut found[at];
            for (term, postings) in postings.iter_mut().enumerate() {
                let Some(postings) = postings else { continue };
                if postings.doc() == TERMINATED || postings.doc() > doc {
                    continue;
                }
                if postings.seek(doc) == doc {
                    postings.positions(&mut positions);
                    hits.extend(positions.iter().map(|&position| (position, term)));
                }
            }
            hits.sort_unstable();
        }
    }
    Ok(found)
}

/// The best passage score of a document: that of the best window of `hits`,
/// the positions of the query's texts in its body (position, text, sorted,
/// as [`term_positions`] gives them), the texts weighing `weights`.
pub(crate) fn best_window_score(hits: &[(u32, usize)], weights: &[f32]) -> f32 {
    // The bonus of each pair of neighbours (k, k + 1).
    let pairs: Vec<f32> = hits
        .windows(2)
        .map(|pair| {
            let ((first, a), (second, b)) = (pair[0], pair[1]);
            if a == b {
                return 0.0;
            }
            let gap = second.saturating_sub(first).saturating_sub(1) as f32;
            PROXIMITY_BONUS * (weights[a] + weights[b]) / 2.0 * PROXIMITY_GAP
                / (PROXIMITY_GAP + gap)
        })
        .collect();
    let mut counts = vec![0u32; weights.len()];
    let mut total = 0.0f32;
    let mut best = 0.0f32;
    // Windows start at each hit; `end` is one past their last hit, and
    // `maxima` holds the indices of the pair bonuses inside, decreasing.
    let mut end = 0;
    let mut maxima: VecDeque<usize> = VecDeque::new();
    for start in 0..hits.len() {
        while end < hits.len() && hits[end].0 < hits[start].0.saturating_add(WINDOW) {
            let term = hits[end].1;
            total += gain(weights[term], counts[term]);
            counts[term] += 1;
            if end > start {
                let pair = end - 1;
                while maxima.back().is_some_and(|&k| pairs[k] <= pairs[pair]) {
                    maxima.pop_back();
                }
                maxima.push_back(pair);
            }
            end += 1;
        }
        while maxima.front().is_some_and(|&k| k < start) {
            maxima.pop_front();
        }
        let proximity = maxima.front().map_or(0.0, |&k| pairs[k]);
        best = best.max(total + proximity);
        // The window moves past `start`.
        let term = hits[start].1;
        counts[term] -= 1;
        total -= gain(weights[term], counts[term]);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_score_distinct_terms_repeats_and_proximity() {
        let weights = [2.0, 1.0];
        assert_eq!(best_window_score(&[], &weights), 0.0);
        assert_eq!(best_window_score(&[(5, 0)], &weights), 2.0);
        // A repeat adds a tenth of the weight.
        assert!((best_window_score(&[(5, 0), (9, 0)], &weights) - 2.2).abs() < 1e-6);
        // Adjacent distinct terms get the whole proximity bonus.
        let adjacent = best_window_score(&[(5, 0), (6, 1)], &weights);
        assert!((adjacent - (3.0 + 0.75)).abs() < 1e-6, "{adjacent}");
        // Farther apart, less; beyond the window, only the better term.
        let near = best_window_score(&[(5, 0), (10, 1)], &weights);
        assert!(near > 3.0 && near < adjacent, "{near}");
        let far = best_window_score(&[(5, 0), (5 + WINDOW, 1)], &weights);
        assert_eq!(far, 2.0);
    }

    #[test]
    fn the_best_window_wins() {
        let weights = [1.0, 1.0, 1.0];
        let hits = [(0, 0), (100, 0), (101, 1), (102, 2), (400, 1)];
        let best = best_window_score(&hits, &weights);
        assert!(best > 3.0 && best <= 3.5, "{best}");
    }
}
