//! Scoring a passage: the weights of the distinct query terms it holds, a
//! share for repeats, and a bonus for the best pair of adjacent terms.

use super::vocabulary::Hit;

/// What each repeat of a term adds, as a fraction of its weight.
const REPEAT_BONUS: f32 = 0.1;
/// How many repeats of a term count.
const MAX_REPEATS: u32 = 3;
/// The proximity bonus of two adjacent distinct terms, as a fraction of
/// their mean weight (also in the index's passage-level scores,
/// `search::proximity`).
pub(crate) const PROXIMITY_BONUS: f32 = 0.5;
/// The gap, in bytes, at which the proximity bonus halves (four Hangul
/// syllables).
const PROXIMITY_GAP: f32 = 12.0;

/// Counts term occurrences and keeps the running score of distinct terms
/// and repeats.
pub(super) struct Tally<'w> {
    pub(super) weights: &'w [f32],
    counts: Vec<u32>,
    pub(super) total: f32,
}

impl<'w> Tally<'w> {
    pub(super) fn new(weights: &'w [f32]) -> Self {
        Tally {
            weights,
            counts: vec![0; weights.len()],
            total: 0.0,
        }
    }

    pub(super) fn clear(&mut self) {
        self.counts.fill(0);
        self.total = 0.0;
    }

    pub(super) fn add(&mut self, term: usize) {
        let count = &mut self.counts[term];
        self.total += gain(self.weights[term], *count);
        *count = count.saturating_add(1);
    }

    pub(super) fn remove(&mut self, term: usize) {
        let count = &mut self.counts[term];
        if *count > 0 {
            *count -= 1;
            self.total -= gain(self.weights[term], *count);
        }
    }

    /// The score of `hits`, sorted by start.
    pub(super) fn score(&mut self, hits: &[Hit]) -> f32 {
        self.clear();
        for hit in hits {
            self.add(hit.term);
        }
        self.total + proximity(hits, self.weights)
    }
}

/// What one more occurrence of a term adds to a passage that holds `count`
/// (also a window of the index's passage-level scores).
pub(crate) fn gain(weight: f32, count: u32) -> f32 {
    match count {
        0 => weight,
        n if n <= MAX_REPEATS => weight * REPEAT_BONUS,
        _ => 0.0,
    }
}

/// The proximity bonus of `hits`, sorted by start: that of the best pair of
/// distinct terms next to each other.
fn proximity(hits: &[Hit], weights: &[f32]) -> f32 {
    let best = hits
        .windows(2)
        .filter(|pair| pair[0].term != pair[1].term)
        .map(|pair| {
            let gap = pair[1].start.saturating_sub(pair[0].end) as f32;
            let mean = (weights[pair[0].term] + weights[pair[1].term]) / 2.0;
            mean * PROXIMITY_GAP / (PROXIMITY_GAP + gap)
        })
        .fold(0.0, f32::max);
    best * PROXIMITY_BONUS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores() {
        let weights = [2.0, 1.0];
        let mut tally = Tally::new(&weights);
        let hit = |term, start| Hit {
            term,
            start,
            end: start + 3,
        };
        assert_eq!(tally.score(&[]), 0.0);
        assert_eq!(tally.score(&[hit(0, 0)]), 2.0);
        // Repeats add a tenth each, three at most.
        let repeats: Vec<Hit> = (0..6).map(|i| hit(0, i * 10)).collect();
        assert!((tally.score(&repeats) - 2.6).abs() < 1e-6);
        // Adjacent distinct terms: half their mean weight on top.
        assert!((tally.score(&[hit(0, 0), hit(1, 3)]) - 3.75).abs() < 1e-6);
        let far = tally.score(&[hit(0, 0), hit(1, 3000)]);
        assert!(far > 3.0 && far < 3.01, "{far}");
    }
}
