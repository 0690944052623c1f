//! [`WordUnionScorer`]: a segment's matches of a word union, window by
//! window, scoring only the documents that can still enter the top
//! (MaxScore).

use tantivy::fastfield::AliveBitSet;
use tantivy::query::Scorer;
use tantivy::{DocAddress, DocId, DocSet, Score, TERMINATED};

use super::postings::FieldPostings;
use super::top_scores::TopScores;
use super::window::Window;

/// The scorer of one field of a word, with documents left.
pub(super) struct FieldScorer {
    pub(super) postings: FieldPostings,
    /// An upper bound on its scores.
    pub(super) bound: Score,
    /// In the current window, read only to count matches and to finish
    /// the scores of documents that may enter the top.
    pub(super) optional: bool,
}

pub(super) struct WordUnionScorer {
    /// Each word's fields with documents left; words with none are dropped.
    words: Vec<Vec<FieldScorer>>,
    tie_breaker: Score,
    window: Window,
    /// The fields' bounds with their word and field index, for sorting.
    bounds: Vec<(Score, u32, u32)>,
    doc: DocId,
    score: Score,
}

impl WordUnionScorer {
    /// A scorer before its first document.
    pub(super) fn new(words: Vec<Vec<FieldScorer>>, tie_breaker: Score) -> Self {
        WordUnionScorer {
            words,
            tie_breaker,
            window: Window::new(),
            bounds: Vec::new(),
            doc: 0,
            score: 0.0,
        }
    }

    /// Marks optional the fields of lowest bound whose bounds sum to no
    /// more than `threshold`, and returns that sum.
    fn choose_optional(&mut self, threshold: Score) -> f64 {
        let mut rest = 0.0;
        if threshold == Score::NEG_INFINITY {
            for field in self.words.iter_mut().flatten() {
                field.optional = false;
            }
            return rest;
        }
        self.bounds.clear();
        for (w, fields) in self.words.iter().enumerate() {
            for (f, field) in fields.iter().enumerate() {
                self.bounds.push((field.bound, w as u32, f as u32));
            }
        }
        self.bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(bound, w, f) in &self.bounds {
            let optional = rest + f64::from(bound) <= f64::from(threshold);
            if optional {
                rest += f64::from(bound);
            }
            // Sorted: once one field is required, so are the rest.
            self.words[w as usize][f as usize].optional = optional;
        }
        rest
    }

    /// Reads the window that starts at the first document any field is on,
    /// scoring the documents that may score above `threshold`; `false` when
    /// every field is done.
    fn fill(&mut self, threshold: Score) -> bool {
        let start = self
            .words
            .iter()
            .flatten()
            .map(|field| field.postings.doc())
            .min();
        let Some(start) = start else {
            return false;
        };
        let rest = self.choose_optional(threshold);
        let window = &mut self.window;
        window.start = start;
        window.block = 0;
        window.matched.fill(0);
        window.partial.clear();
        let end = window.end();
        let mut partial_ends = Vec::new();
        for fields in &mut self.words {
            window.add_required(fields, self.tie_breaker);
            partial_ends.push(window.partial.len());
        }
        let any_optional = self
            .words
            .iter()
            .flatten()
            .any(|field| field.optional && field.postings.doc() < end);
        if any_optional {
            window.keep_promising(rest, threshold);
            let partial = std::mem::take(&mut window.partial);
            let mut from = 0;
            for (fields, &to) in self.words.iter_mut().zip(&partial_ends) {
                if fields.iter().any(|f| f.optional && f.postings.doc() < end) {
                    window.add_optional(fields, &partial[from..to], self.tie_breaker);
                }
                from = to;
            }
            window.partial = partial;
        } else {
            window.scored.copy_from_slice(&window.matched[..]);
        }
        for fields in &mut self.words {
            fields.retain(|field| field.postings.doc() != TERMINATED);
        }
        self.words.retain(|fields| !fields.is_empty());
        true
    }

    /// Adds the segment's live matches to `top`, as segment `segment`, and
    /// returns how many there are.
    pub(super) fn collect(
        &mut self,
        top: &mut TopScores,
        segment: u32,
        alive: Option<&AliveBitSet>,
    ) -> usize {
        let mut count = 0;
        while self.fill(top.threshold()) {
            count += self.window.count(alive);
            while let Some((doc, score)) = self.window.next() {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    top.push(score, DocAddress::new(segment, doc));
                }
            }
        }
        count
    }
}

impl DocSet for WordUnionScorer {
    fn advance(&mut self) -> DocId {
        loop {
            if let Some((doc, score)) = self.window.next() {
                self.doc = doc;
                self.score = score;
                return doc;
            }
            if !self.fill(Score::NEG_INFINITY) {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.words
            .iter()
            .flatten()
            .map(|field| field.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WordUnionScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
