//! Part-of-speech tags of mecab-ko-dic (the Sejong tag set) and which of them
//! carry meaning worth indexing.
//!
//! The filter keeps content morphemes and drops grammatical ones. Unlike
//! Lucene's nori, whose default stop tags include `XPN`, prefixes are kept:
//! 비정규직 and 정규직 must stay different words.

use crate::chars::{is_hangul_syllable, HANGUL_SYLLABLES};

/// The single tags of mecab-ko-dic entries, as written in the dictionary.
const TAGS: &[&str] = &[
    "NNG", "NNP", "NNB", "NNBC", "NR", "NP", "VV", "VA", "VX", "VCP", "VCN", "MM", "MAG", "MAJ",
    "IC", "JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC", "EP", "EF", "EC", "ETN",
    "ETM", "XPN", "XSN", "XSV", "XSA", "XR", "SF", "SE", "SSO", "SSC", "SC", "SY", "SL", "SH",
    "SN",
];

/// The tag of every simple system dictionary entry, one byte per word id.
///
/// Reading an entry's fields means a random access into a 40 MB file for
/// every token; most entries (particles, endings, plain nouns) need nothing
/// but their tag, which this table holds in under a megabyte. Entries that
/// need more (compounds, inflected forms, Hanja with readings) are marked to
/// be read in full.
pub(crate) struct TagTable {
    /// 0: read the entry; n: the tag is `TAGS[n - 1]`.
    codes: Vec<u8>,
}

impl TagTable {
    /// Builds the table for `count` entries; `entry(id)` gives an entry's
    /// tag and whether it is simple (type `*`, a single tag).
    pub fn build<'a>(count: usize, entry: impl Fn(usize) -> Option<(&'a str, bool)>) -> Self {
        let codes = (0..count)
            .map(|id| match entry(id) {
                Some((tag, true)) => TAGS
                    .iter()
                    .position(|known| *known == tag)
                    .map_or(0, |index| index as u8 + 1),
                _ => 0,
            })
            .collect();
        TagTable { codes }
    }

    /// The tag of a simple entry; `None` when the entry must be read.
    pub fn simple_tag(&self, word_id: usize) -> Option<&'static str> {
        match self.codes.get(word_id) {
            Some(&code) if code > 0 => TAGS.get(usize::from(code) - 1).copied(),
            _ => None,
        }
    }
}

/// Whether a morpheme with this tag is indexed.
///
/// Kept: general and proper nouns, numerals and counters, verb and adjective
/// stems, prefixes and roots, foreign words, Hanja, numbers, and unknown
/// words (never dropped: they are usually names the dictionary lacks).
///
/// Dropped: particles (`J*`), endings (`E*`), suffixes (`XS*`), punctuation
/// and symbols (`S*` other than `SL`/`SH`/`SN`), auxiliary verbs and copulas
/// (`VX`, `VCP`, `VCN`), determiners, adverbs, conjunctive adverbs and
/// interjections (`MM`, `MAG`, `MAJ`, `IC`), and two noun classes that are
/// function words in practice: dependent nouns (`NNB`: 것, 수, 등, 때문)
/// and pronouns (`NP`: 이것, 무엇, 우리). Keeping those two would make every
/// natural-language question require words such as 무엇 and 것.
pub(crate) fn is_indexed(tag: &str) -> bool {
    matches!(
        tag,
        "NNG"
            | "NNP"
            | "NNBC"
            | "NR"
            | "VV"
            | "VA"
            | "XPN"
            | "XR"
            | "SL"
            | "SH"
            | "SN"
            | "UNKNOWN"
            | "UNK"
    )
}

/// Whether a tag marks the stem of a predicate, whose spelling may change
/// when it is conjugated (아름답 in 아름다운).
pub(crate) fn is_predicate_stem(tag: &str) -> bool {
    matches!(tag, "VV" | "VA" | "XR")
}

/// Context ids (left, right with final consonant, right without) that
/// mecab-ko-dic 2.1.1 gives the bulk of its entries of each tag; user
/// dictionary words borrow them so that they connect to their neighbours the
/// way dictionary words of the same class do.
pub(crate) fn user_word_context_ids(tag: &str) -> Option<(u16, u16, u16)> {
    Some(match tag {
        "NNG" => (1780, 3534, 3533),
        "NNP" => (1788, 3550, 3549),
        "NR" => (1791, 3557, 3556),
        "XPN" => (2422, 3582, 3581),
        "XR" => (2423, 3584, 3583),
        "MAG" => (726, 2634, 2633),
        "VV" => (2420, 3578, 3577),
        "VA" => (1804, 3572, 3571),
        "SL" => (1796, 3532, 3532),
        "SH" => (1795, 3561, 3561),
        "SN" => (1797, 3562, 3562),
        _ => return None,
    })
}

/// Tags a user dictionary entry may use, for error messages.
pub(crate) const USER_WORD_TAGS: &str = "NNG, NNP, NR, XPN, XR, MAG, VV, VA, SL, SH, SN";

/// Whether the last syllable of `word` has a final consonant (받침), the
/// `T`/`F` flag of mecab-ko-dic entries; `None` when it is not Hangul.
pub(crate) fn has_final_consonant(word: &str) -> Option<bool> {
    let last = word.chars().next_back()?;
    // Syllables come in runs of 28: without a final consonant, then with
    // each of the 27.
    let offset = |c: char| u32::from(c) - u32::from(*HANGUL_SYLLABLES.start());
    is_hangul_syllable(last).then(|| offset(last) % 28 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_tags_are_kept_and_grammar_dropped() {
        for tag in ["NNG", "NNP", "VV", "VA", "XPN", "SL", "SH", "SN", "UNKNOWN"] {
            assert!(is_indexed(tag), "{tag} should be kept");
        }
        for tag in [
            "JKS", "JX", "EF", "EC", "ETM", "XSV", "SF", "SY", "VCP", "NNB",
        ] {
            assert!(!is_indexed(tag), "{tag} should be dropped");
        }
    }

    #[test]
    fn final_consonant() {
        assert_eq!(has_final_consonant("세종"), Some(true));
        assert_eq!(has_final_consonant("서울시"), Some(false));
        assert_eq!(has_final_consonant("abc"), None);
        assert_eq!(has_final_consonant(""), None);
    }

    #[test]
    fn every_listed_user_tag_has_context_ids() {
        for tag in USER_WORD_TAGS.split(", ") {
            assert!(user_word_context_ids(tag).is_some(), "{tag}");
        }
    }
}
