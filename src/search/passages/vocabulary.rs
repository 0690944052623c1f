//! The query terms of a passage search, normalized and deduplicated by id
//! ([`Vocabulary`]), and an occurrence of one in a body ([`Hit`]).

use std::collections::HashMap;

use super::QueryTerm;
use crate::analysis::{self, Analyzer};

/// Weights are clamped to this, so that sums stay finite.
const MAX_WEIGHT: f32 = 1e6;

/// The query terms, deduplicated, by id.
pub(super) struct Vocabulary {
    pub(super) ids: HashMap<String, usize>,
    pub(super) texts: Vec<String>,
    pub(super) weights: Vec<f32>,
    /// Whether a term counts on its own (else only inside a phrase).
    standalone: Vec<bool>,
    /// Phrases, as term ids in order.
    phrases: Vec<Vec<usize>>,
    /// Whether a term is always written as it is ([`Vocabulary::mark_literal`]);
    /// `None` until marked.
    literal: Option<Vec<bool>>,
}

impl Vocabulary {
    /// Normalizes the texts the analyzer's way (analyzer terms are
    /// normalized, so nothing else could match) and merges duplicates,
    /// keeping the larger weight. Empty texts are dropped.
    pub(super) fn new(terms: &[QueryTerm]) -> Self {
        let mut vocabulary = Vocabulary {
            ids: HashMap::new(),
            texts: Vec::new(),
            weights: Vec::new(),
            standalone: Vec::new(),
            phrases: Vec::new(),
            literal: None,
        };
        for term in terms {
            let text = analysis::normalize(&term.text);
            if text.is_empty() {
                continue;
            }
            let weight = if term.weight > 0.0 {
                term.weight.min(MAX_WEIGHT)
            } else {
                f32::MIN_POSITIVE
            };
            // Parts that normalize to nothing are not part of the phrase
            // (they would match inside characters).
            let parts: Vec<String> = term
                .phrase
                .iter()
                .map(|part| analysis::normalize(part))
                .filter(|part| !part.is_empty())
                .collect();
            let standalone = parts.len() < 2;
            let id = vocabulary.add(text, weight, standalone);
            if !standalone {
                let phrase: Vec<usize> = parts
                    .into_iter()
                    .map(|part| vocabulary.add(part, weight, false))
                    .collect();
                if phrase.contains(&id) && !vocabulary.phrases.contains(&phrase) {
                    vocabulary.phrases.push(phrase);
                }
            }
        }
        vocabulary
    }

    /// The id of `text`, added if new; keeps the larger weight and whether
    /// any occurrence stands alone.
    fn add(&mut self, text: String, weight: f32, standalone: bool) -> usize {
        match self.ids.get(&text) {
            Some(&id) => {
                self.weights[id] = self.weights[id].max(weight);
                self.standalone[id] |= standalone;
                id
            }
            None => {
                let id = self.texts.len();
                self.ids.insert(text.clone(), id);
                self.texts.push(text);
                self.weights.push(weight);
                self.standalone.push(standalone);
                id
            }
        }
    }

    /// Marks the terms the analyzer reads as nouns, numbers or foreign
    /// words: text holds them as they are, unlike verb stems (내리 of
    /// 내려, 하 of 했다). Done once, when a body's passages are first
    /// found by analysis: a term's analysis costs a lindera call, and
    /// passages found from the index's term offsets never ask.
    pub(super) fn mark_literal(&mut self, analyzer: &Analyzer) {
        if self.literal.is_some() {
            return;
        }
        let literal = self
            .texts
            .iter()
            .map(|text| {
                let terms = analyzer.analyze(text);
                matches!(terms.as_slice(), [term] if term.text == *text
                    && term.surface == *text
                    && matches!(term.pos.as_str(), "NNG" | "NNP" | "NNBC" | "NR" | "SL" | "SN"))
            })
            .collect();
        self.literal = Some(literal);
    }

    /// Whether `term` was marked as always written as it is.
    fn is_literal(&self, term: usize) -> bool {
        self.literal
            .as_ref()
            .is_some_and(|literal| literal.get(term) == Some(&true))
    }

    /// Whether `text`, in which `terms` occur literally, may hold a match:
    /// one of them counts on its own, or with them the text may hold a
    /// whole phrase (each of its terms occurs, or may be spelled otherwise),
    /// or it has Hanja (whose readings are terms). The words around a
    /// literal occurrence of a single part of a compound (시 of 세종시 in
    /// 시작) are a third of those the KLUE questions' passages would
    /// analyze otherwise.
    pub(super) fn may_match(&self, terms: &[usize], text: &str) -> bool {
        let whole_phrase = |phrase: &Vec<usize>| {
            phrase.iter().any(|term| terms.contains(term))
                && phrase
                    .iter()
                    .all(|term| terms.contains(term) || !self.is_literal(*term))
        };
        terms.iter().any(|&term| self.standalone[term])
            || self.phrases.iter().any(whole_phrase)
            || analysis::has_han(text)
    }

    /// Keeps the hits of standalone terms, and those of phrase terms that
    /// are part of a whole occurrence of their phrase (consecutive
    /// positions, in order). `hits` pairs each hit with its position.
    pub(super) fn confirm(&self, hits: Vec<(usize, Hit)>) -> Vec<Hit> {
        let mut keep: Vec<bool> = hits
            .iter()
            .map(|(_, hit)| self.standalone[hit.term])
            .collect();
        for phrase in &self.phrases {
            for (first, (position, hit)) in hits.iter().enumerate() {
                if hit.term != phrase[0] {
                    continue;
                }
                let members: Option<Vec<usize>> = phrase
                    .iter()
                    .enumerate()
                    .map(|(offset, &term)| {
                        hits.iter()
                            .position(|(p, h)| *p == position + offset && h.term == term)
                    })
                    .collect();
                if let Some(members) = members {
                    keep[first] = true;
                    for member in members {
                        keep[member] = true;
                    }
                }
            }
        }
        hits.into_iter()
            .zip(keep)
            .filter_map(|((_, hit), keep)| keep.then_some(hit))
            .collect()
    }
}

/// An occurrence of a query term: its id and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub(super) term: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Hit {
    pub(super) fn key(&self) -> (usize, usize, usize) {
        (self.start, self.end, self.term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_normalizes_and_merges() {
        let vocabulary = Vocabulary::new(&[
            QueryTerm::new("ＡＢＣ", 1.0),
            QueryTerm::new("abc", 3.0),
            QueryTerm::new("", 5.0),
            QueryTerm::new("협약", f32::NAN),
            QueryTerm::new("세종", f32::INFINITY),
        ]);
        assert_eq!(vocabulary.texts, ["abc", "협약", "세종"]);
        assert_eq!(vocabulary.weights, [3.0, f32::MIN_POSITIVE, MAX_WEIGHT]);
    }
}
