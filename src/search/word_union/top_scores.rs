//! [`TopScores`]: the best `k` documents seen, ranked by score, the earlier
//! document first on equal scores.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::{DocAddress, Score};

/// A document in the top: a higher score is better, and on equal scores
/// the earlier document.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    address: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// The best `k` documents seen, documents coming in order.
pub(super) struct TopScores {
    k: usize,
    /// The worst on top.
    heap: BinaryHeap<Reverse<Ranked>>,
}

impl TopScores {
    pub(super) fn new(k: usize) -> Self {
        TopScores {
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1)),
        }
    }

    /// The score a document must beat to enter: documents come in order, so
    /// one that only equals the worst loses to it.
    pub(super) fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Reverse(worst)) if self.heap.len() >= self.k => worst.score,
            _ if self.k == 0 => Score::INFINITY,
            _ => Score::NEG_INFINITY,
        }
    }

    pub(super) fn push(&mut self, score: Score, address: DocAddress) {
        if score > self.threshold() || (self.heap.len() < self.k) {
            self.heap.push(Reverse(Ranked { score, address }));
            if self.heap.len() > self.k {
                self.heap.pop();
            }
        }
    }

    pub(super) fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(ranked)| (ranked.score, ranked.address))
            .collect()
    }
}
