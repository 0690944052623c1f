//! The Hanja abbreviations of Korean headlines (美 for 미국, 北 for 북한):
//! the table `headline_abbreviations.csv`, with the rule for what belongs
//! in it, and the lookup of the word a Hanja stands for.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalize;

/// The table, one `hanja,word` a line.
const TABLE: &str = include_str!("headline_abbreviations.csv");

/// The table's pairs: the Hanja (normalized as the analyzer normalizes
/// text) and the word it stands for.
fn pairs() -> &'static [(String, &'static str)] {
    static PAIRS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        TABLE
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let (hanja, word) = line
                    .split_once(',')
                    .expect("headline_abbreviations.csv: a line is `hanja,word`");
                (normalize(hanja.trim()), word.trim())
            })
            .collect()
    })
}

/// The word the Hanja `surface` abbreviates in headlines, when `surface` is
/// one of the table's.
pub(crate) fn expansion(surface: &str) -> Option<&'static str> {
    static BY_HANJA: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    BY_HANJA
        .get_or_init(|| {
            pairs()
                .iter()
                .map(|(hanja, word)| (hanja.as_str(), *word))
                .collect()
        })
        .get(surface)
        .copied()
}

/// The Hanja that abbreviate `word` in headlines (美 for 미국): where a
/// document may hold the word without spelling it.
pub(crate) fn abbreviations_of(word: &str) -> Vec<&'static str> {
    pairs()
        .iter()
        .filter(|(_, expanded)| *expanded == word)
        .map(|(hanja, _)| hanja.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{expansion, TABLE};
    use crate::chars::is_hanja;

    #[test]
    fn every_line_is_one_hanja_and_a_hangul_word() {
        let mut seen = std::collections::HashSet::new();
        for line in TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (hanja, word) = line.split_once(',').unwrap();
            let mut chars = hanja.chars();
            assert!(
                chars.next().is_some_and(is_hanja) && chars.next().is_none(),
                "{line}"
            );
            assert!(
                !word.is_empty() && word.chars().all(crate::chars::is_hangul_syllable),
                "{line}"
            );
            assert!(seen.insert(hanja), "{hanja} twice");
            assert_eq!(expansion(hanja), Some(word));
        }
        assert_eq!(expansion("美術"), None);
        assert_eq!(super::abbreviations_of("미국"), ["美"]);
        assert_eq!(expansion("미"), None);
    }
}
