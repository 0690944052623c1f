//! [`Reading`]: one way the dictionary reads a query's text, its terms
//! grouped by position, and the whole forms of its words.

use crate::analysis::{Term, TermKind};

/// One reading of a text clause: its analyzed terms grouped by position,
/// and the whole forms of its words that the analyzer cut in several terms
/// ([`TermKind::WholeWord`]).
#[derive(Debug, PartialEq)]
pub(crate) struct Reading {
    /// The terms at each position: one, or a Hanja word and its reading.
    pub positions: Vec<Vec<String>>,
    /// The whole forms of written words cut in several terms.
    pub whole_words: Vec<String>,
}

impl Reading {
    /// The reading of `terms`. A compound noun is represented by its parts
    /// (documents index both, and the parts also match the compound written
    /// with spaces); a Hanja word and its reading share a position as
    /// alternatives.
    pub fn of(terms: &[Term]) -> Reading {
        let mut positions: Vec<(usize, Vec<String>)> = Vec::new();
        let mut whole_words = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            let has_parts = term.kind == TermKind::Compound
                && terms
                    .get(index + 1)
                    .is_some_and(|next| next.kind == TermKind::CompoundPart);
            if has_parts {
                continue;
            }
            if term.kind == TermKind::WholeWord {
                whole_words.push(term.text.clone());
                continue;
            }
            match positions.last_mut() {
                Some((position, texts)) if *position == term.position => {
                    if !texts.contains(&term.text) {
                        texts.push(term.text.clone());
                    }
                }
                _ => positions.push((term.position, vec![term.text.clone()])),
            }
        }
        let positions = positions.into_iter().map(|(_, texts)| texts).collect();
        Reading {
            positions,
            whole_words,
        }
    }

    /// The terms this reading looks for, as in
    /// [`BuiltQuery::units`](super::BuiltQuery::units).
    pub fn units(&self) -> Vec<Vec<String>> {
        let mut units: Vec<Vec<String>> = match self.positions.as_slice() {
            [alternatives] => alternatives.iter().map(|text| vec![text.clone()]).collect(),
            _ => vec![self
                .positions
                .iter()
                .map(|texts| texts[0].clone())
                .collect()],
        };
        units.extend(self.whole_words.iter().map(|text| vec![text.clone()]));
        units
    }

    /// The terms of the reading in order, the first at each position: what
    /// a synonym entry is known by.
    pub fn key(&self) -> Vec<String> {
        self.positions
            .iter()
            .map(|texts| texts[0].clone())
            .collect()
    }
}
