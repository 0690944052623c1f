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
    /// The compound noun the reading is, when it is one compound and its
    /// parts, and nothing else (서쪽: 서 + 쪽): documents index the compound
    /// whole too ([`TermKind::Compound`], mixed decompounding).
    pub compound: Option<String>,
}

impl Reading {
    /// The reading of `terms`. A compound noun is represented by its parts
    /// (documents index both, and the parts also match the compound written
    /// with spaces), and named in [`Reading::compound`] when it is all the
    /// reading holds; a Hanja word and its reading share a position as
    /// alternatives.
    pub fn of(terms: &[Term]) -> Reading {
        let mut positions: Vec<(usize, Vec<String>)> = Vec::new();
        let mut whole_words = Vec::new();
        let mut compounds = Vec::new();
        let mut only_parts = true;
        for (index, term) in terms.iter().enumerate() {
            let has_parts = term.kind == TermKind::Compound
                && terms
                    .get(index + 1)
                    .is_some_and(|next| next.kind == TermKind::CompoundPart);
            if has_parts {
                compounds.push(&term.text);
                continue;
            }
            only_parts &= matches!(term.kind, TermKind::CompoundPart | TermKind::WholeWord);
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
        let compound = match compounds.as_slice() {
            [compound] if only_parts => Some(compound.to_string()),
            _ => None,
        };
        Reading {
            positions,
            whole_words,
            compound,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{test_dictionary, Analyzer, AnalyzerConfig, DecompoundMode, WordContext};

    fn reading(analyzer: &Analyzer, text: &str) -> Reading {
        Reading::of(&analyzer.analyze_in(text, WordContext::ALL[0]))
    }

    #[test]
    fn a_compound_and_its_parts_read_as_that_compound() {
        let dictionary = test_dictionary();
        let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).expect("analyzer");
        let compound = reading(&analyzer, "서쪽과");
        assert_eq!(compound.positions, [["서"], ["쪽"]]);
        assert_eq!(compound.compound.as_deref(), Some("서쪽"));
        // A word that is no compound, and a compound with another word.
        assert_eq!(reading(&analyzer, "성당의").compound, None);
        assert_eq!(reading(&analyzer, "서쪽 성당").compound, None);
        // Without the compound in the index, there is none to look for.
        let parts_only = AnalyzerConfig {
            decompound: DecompoundMode::Discard,
            ..AnalyzerConfig::default()
        };
        let analyzer = Analyzer::new(&dictionary, &parts_only).expect("analyzer");
        assert_eq!(reading(&analyzer, "서쪽과").compound, None);
    }
}
