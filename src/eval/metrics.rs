//! The measures of one query's results, and latency percentiles.
//!
//! Relevance is binary: an id is relevant when it is among the query's
//! judged ids, and each relevant id counts once however often it is listed
//! or retrieved. Ranks are 1-based; a cut-off `k` looks at the first `k` ids
//! of the ranking (all of them when there are fewer).
//!
//! | measure | value |
//! |---|---|
//! | [`reciprocal_rank`] | `1 / rank` of the first relevant id within `k`, else 0 |
//! | [`recall`] | relevant ids within `k` / relevant ids |
//! | [`ndcg`] | DCG within `k` / ideal DCG, gains 1 discounted by `log2(rank + 1)` |
//! | [`contains_answer`] | a text holds one of the answer strings |
//!
//! ```
//! use kosearch::eval::metrics::{ndcg, recall, reciprocal_rank};
//!
//! let ranked = ["d7", "d3", "d1"];
//! let relevant = ["d3"];
//! assert_eq!(reciprocal_rank(&ranked, &relevant, 10), 0.5);
//! assert_eq!(recall(&ranked, &relevant, 1), 0.0);
//! assert_eq!(recall(&ranked, &relevant, 10), 1.0);
//! assert!((ndcg(&ranked, &relevant, 10) - 1.0 / 3f64.log2()).abs() < 1e-12);
//! ```

use std::collections::HashSet;

/// The distinct relevant ids.
fn judged<J: AsRef<str>>(relevant: &[J]) -> HashSet<&str> {
    relevant.iter().map(AsRef::as_ref).collect()
}

/// The 1-based ranks, within the first `k` of `ranked`, of the first
/// occurrence of each relevant id, in order.
fn relevant_ranks<R: AsRef<str>>(ranked: &[R], relevant: &HashSet<&str>, k: usize) -> Vec<usize> {
    let mut found = HashSet::new();
    let mut ranks = Vec::new();
    for (index, id) in ranked.iter().take(k).enumerate() {
        let id = id.as_ref();
        if relevant.contains(id) && found.insert(id) {
            ranks.push(index + 1);
        }
    }
    ranks
}

/// `1 / rank` of the first relevant id among the first `k` of `ranked`, or
/// 0 when there is none.
pub fn reciprocal_rank<R: AsRef<str>, J: AsRef<str>>(
    ranked: &[R],
    relevant: &[J],
    k: usize,
) -> f64 {
    relevant_ranks(ranked, &judged(relevant), k)
        .first()
        .map_or(0.0, |&rank| 1.0 / rank as f64)
}

/// The share of the distinct relevant ids found among the first `k` of
/// `ranked`; 0 when nothing is relevant.
pub fn recall<R: AsRef<str>, J: AsRef<str>>(ranked: &[R], relevant: &[J], k: usize) -> f64 {
    let relevant = judged(relevant);
    if relevant.is_empty() {
        return 0.0;
    }
    relevant_ranks(ranked, &relevant, k).len() as f64 / relevant.len() as f64
}

/// Normalized discounted cumulative gain of the first `k` of `ranked`, with
/// binary gains: a relevant id at rank `r` gains `1 / log2(r + 1)`, and the
/// sum is divided by the gain of an ideal ranking, the
/// `min(relevant ids, k)` relevant ids first. 0 when nothing is relevant
/// or `k` is 0.
pub fn ndcg<R: AsRef<str>, J: AsRef<str>>(ranked: &[R], relevant: &[J], k: usize) -> f64 {
    let relevant = judged(relevant);
    let discount = |rank: usize| 1.0 / (rank as f64 + 1.0).log2();
    let ideal: f64 = (1..=relevant.len().min(k)).map(discount).sum();
    if ideal == 0.0 {
        return 0.0;
    }
    let gain: f64 = relevant_ranks(ranked, &relevant, k)
        .into_iter()
        .map(discount)
        .sum();
    gain / ideal
}

/// Whether `text` contains one of `answers`: as it is, or with every run of
/// whitespace in both made a single space (an answer `코칭 스티치` is found in
/// `코칭\n스티치`). Answers that are empty or blank never match, since every
/// text would hold them.
pub fn contains_answer<A: AsRef<str>>(text: &str, answers: &[A]) -> bool {
    let mut collapsed_text = None;
    answers.iter().map(AsRef::as_ref).any(|answer| {
        let answer_words = collapse_whitespace(answer);
        if answer_words.is_empty() {
            return false;
        }
        text.contains(answer)
            || collapsed_text
                .get_or_insert_with(|| collapse_whitespace(text))
                .contains(&answer_words)
    })
}

/// `text` with leading and trailing whitespace removed and every inner run
/// made one space.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The nearest-rank `p`-th percentile (`p` in 0..=100) of `sorted`, which
/// must be in ascending order: the smallest value with at least `p`% of the
/// values at or below it. 0 for no values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p.clamp(0.0, 100.0) / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-12,
            "{actual} is not {expected}"
        );
    }

    const RANKED: [&str; 5] = ["a", "b", "c", "d", "e"];

    #[test]
    fn reciprocal_rank_is_one_over_the_first_relevant_rank_within_k() {
        close(reciprocal_rank(&RANKED, &["a"], 10), 1.0);
        close(reciprocal_rank(&RANKED, &["c"], 10), 1.0 / 3.0);
        // The first of several relevant ids counts.
        close(reciprocal_rank(&RANKED, &["e", "b"], 10), 0.5);
        // Beyond the cut-off, or absent: zero.
        close(reciprocal_rank(&RANKED, &["e"], 4), 0.0);
        close(reciprocal_rank(&RANKED, &["z"], 10), 0.0);
        close(reciprocal_rank::<&str, &str>(&[], &["a"], 10), 0.0);
        close(reciprocal_rank(&RANKED, &["a"], 0), 0.0);
    }

    #[test]
    fn recall_counts_distinct_relevant_ids_within_k() {
        close(recall(&RANKED, &["b"], 1), 0.0);
        close(recall(&RANKED, &["b"], 2), 1.0);
        close(recall(&RANKED, &["b", "z"], 10), 0.5);
        close(recall(&RANKED, &["a", "d", "z"], 3), 1.0 / 3.0);
        close(recall(&RANKED, &["a", "d", "z"], 100), 2.0 / 3.0);
        // A relevant id listed twice is one relevant id.
        close(recall(&RANKED, &["b", "b"], 10), 1.0);
        // A ranking that repeats an id finds it once.
        close(recall(&["b", "b", "c"], &["b", "z"], 10), 0.5);
        close(recall::<&str, &str>(&RANKED, &[], 10), 0.0);
    }

    #[test]
    fn ndcg_with_one_relevant_id() {
        close(ndcg(&RANKED, &["a"], 10), 1.0);
        // Rank 2: 1/log2(3) over an ideal of 1.
        close(ndcg(&RANKED, &["b"], 10), 1.0 / 3f64.log2());
        // Rank 4: 1/log2(5) = 0.4307
        close(ndcg(&RANKED, &["d"], 10), 1.0 / 5f64.log2());
        close(ndcg(&RANKED, &["d"], 3), 0.0);
        close(ndcg(&RANKED, &["z"], 10), 0.0);
    }

    #[test]
    fn ndcg_with_two_relevant_ids() {
        let ideal = 1.0 + 1.0 / 3f64.log2();
        close(ndcg(&RANKED, &["a", "b"], 10), 1.0);
        close(ndcg(&RANKED, &["b", "a"], 10), 1.0);
        // Ranks 1 and 3: (1 + 1/log2(4)) / (1 + 1/log2(3)) = 1.5 / 1.6309
        close(ndcg(&RANKED, &["a", "c"], 10), 1.5 / ideal);
        close(ndcg(&RANKED, &["a", "c"], 10), 0.919_720_789_148_187_6);
        // Ranks 2 and 5: (1/log2(3) + 1/log2(6)) / ideal.
        close(
            ndcg(&RANKED, &["e", "b"], 10),
            (1.0 / 3f64.log2() + 1.0 / 6f64.log2()) / ideal,
        );
        // Only one found: the ideal still counts both.
        close(ndcg(&RANKED, &["a", "z"], 10), 1.0 / ideal);
        // The ideal is cut at k: with k = 1 and the first id relevant, 1.
        close(ndcg(&RANKED, &["a", "b"], 1), 1.0);
        // A repeated id gains once, so nDCG never exceeds 1.
        close(ndcg(&["a", "a", "b"], &["a", "b"], 10), (1.0 + 0.5) / ideal);
    }

    #[test]
    fn answers_are_found_as_substrings_or_with_whitespace_collapsed() {
        let text = "세종시는 서울시와 7가지 분야에서\n협력하기로  했다.";
        assert!(contains_answer(text, &["7가지"]));
        assert!(contains_answer(text, &["없는 답", "서울시와"]));
        assert!(contains_answer(text, &["분야에서 협력하기로 했다"]));
        assert!(contains_answer(text, &["  분야에서\t협력하기로 "]));
        assert!(!contains_answer(text, &["8가지"]));
        // Whitespace is collapsed, never removed.
        assert!(!contains_answer(text, &["7 가지"]));
        assert!(!contains_answer(text, &["", "  "]));
        assert!(!contains_answer::<&str>(text, &[]));
        assert!(!contains_answer("", &["7가지"]));
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        close(percentile(&values, 50.0), 50.0);
        close(percentile(&values, 95.0), 95.0);
        close(percentile(&values, 99.0), 99.0);
        close(percentile(&values, 100.0), 100.0);
        close(percentile(&values, 0.0), 1.0);
        close(percentile(&[1.0, 2.0, 3.0], 50.0), 2.0);
        close(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), 2.0);
        close(percentile(&[7.0], 99.0), 7.0);
        close(percentile(&[], 50.0), 0.0);
    }
}
