//! Character classes: Hangul syllables and Hanja, and the marks of Korean
//! prose that the readers, the analyzer and the passages all look for: the
//! markers that start a sub-heading, the marks that end a sentence and the
//! quotes and brackets around them.
//!
//! Each class is defined here once, so that a line the text reader keeps as
//! a sub-heading is a sub-heading to the passages too. The sets are those
//! of Korean news pages; users: the text reader (`corpus::text`) for
//! sub-headings, headlines and sign-offs, and the passages
//! (`search::passages`) for cutting bodies into sentences.

use std::ops::RangeInclusive;

/// The precomposed Hangul syllables, 가 (U+AC00) to 힣 (U+D7A3).
pub(crate) const HANGUL_SYLLABLES: RangeInclusive<char> = '\u{AC00}'..='\u{D7A3}';

/// Whether `c` is a precomposed Hangul syllable ([`HANGUL_SYLLABLES`]).
pub(crate) fn is_hangul_syllable(c: char) -> bool {
    HANGUL_SYLLABLES.contains(&c)
}

/// Whether `c` is a Han character (Hanja): the CJK unified ideographs, their
/// extension A, the compatibility ideographs and the supplementary planes'
/// ideographs. EUC-KR and CP949 decode their Hanja to the first and the
/// compatibility block, so every Hanja a reader decodes is among these.
pub(crate) fn is_hanja(c: char) -> bool {
    matches!(
        c,
        '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FA1F}'
    )
}

/// Markers that start a sub-heading line (`◇ 최민호 세종시장, …`): such a
/// line heads a section of the body and is never a sentence of the
/// paragraph around it.
pub(crate) const SUBHEADING_MARKERS: [char; 7] = ['◇', '◆', '◈', '■', '□', '▶', '▷'];

/// Marks that end a sentence: full stops, question and exclamation marks,
/// ellipses, in their ASCII, typographic and full-width forms.
pub(crate) const SENTENCE_MARKS: [char; 8] = ['.', '?', '!', '…', '‥', '。', '？', '！'];

/// Closing quotes and brackets, which stay with the sentence mark before
/// them (`“…했다.”`, `(…이다.)`). `>` closes the `<…>` Korean text uses for
/// titles and quotes.
pub(crate) const CLOSERS: [char; 16] = [
    '"', '\'', '”', '’', ')', ']', '}', '>', '」', '』', '》', '〉', '】', '〕', '）', '＇',
];

/// Opening quotes and brackets, the counterparts of [`CLOSERS`].
pub(crate) const OPENERS: [char; 15] = [
    '"', '\'', '“', '‘', '(', '[', '{', '<', '「', '『', '《', '〈', '【', '〔', '（',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_and_hanja() {
        for c in ['가', '힣', '각', '뷁'] {
            assert!(is_hangul_syllable(c), "{c}");
            assert!(!is_hanja(c), "{c}");
        }
        for c in ['ㄱ', 'ㅏ', 'a', '1', '漢', '\u{D7A4}'] {
            assert!(!is_hangul_syllable(c), "{c}");
        }
        for c in ['漢', '字', '㐀', '豈', '𠀀'] {
            assert!(is_hanja(c), "{c}");
        }
    }

    #[test]
    fn openers_and_closers_pair_up() {
        // The straight quotes open and close; the full-width `＇` closes only.
        let closers = CLOSERS.iter().filter(|&&c| c != '＇');
        assert_eq!(OPENERS.len(), closers.clone().count());
        for (&opener, &closer) in OPENERS.iter().zip(closers) {
            let quotes = [('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’')];
            let brackets = (1..=2).contains(&u32::from(closer).wrapping_sub(u32::from(opener)));
            assert!(
                quotes.contains(&(opener, closer)) || brackets,
                "{opener} {closer}"
            );
        }
    }
}
