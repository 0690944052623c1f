//! Precomposed Hangul syllables and their jamo.
//!
//! A syllable of U+AC00..U+D7A3 is `0xAC00 + (initial × 21 + medial) × 28 +
//! final`, over 19 initial consonants, 21 medial vowels and 27 final
//! consonants (final 0 is none). The jamo are given here as the Hangul
//! compatibility jamo (U+3131..U+3163) that an input method shows for a
//! jamo typed alone, and that a search box holds halfway through a
//! syllable.

use crate::chars::HANGUL_SYLLABLES;

/// The initial consonants (초성), in Unicode's order.
pub const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// The medial vowels (중성), in Unicode's order.
pub const MEDIALS: [char; 21] = [
    'ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ',
    'ㅟ', 'ㅠ', 'ㅡ', 'ㅢ', 'ㅣ',
];

/// The final consonants (종성), in Unicode's order; index 0 is "none".
pub const FINALS: [Option<char>; 28] = [
    None,
    Some('ㄱ'),
    Some('ㄲ'),
    Some('ㄳ'),
    Some('ㄴ'),
    Some('ㄵ'),
    Some('ㄶ'),
    Some('ㄷ'),
    Some('ㄹ'),
    Some('ㄺ'),
    Some('ㄻ'),
    Some('ㄼ'),
    Some('ㄽ'),
    Some('ㄾ'),
    Some('ㄿ'),
    Some('ㅀ'),
    Some('ㅁ'),
    Some('ㅂ'),
    Some('ㅄ'),
    Some('ㅅ'),
    Some('ㅆ'),
    Some('ㅇ'),
    Some('ㅈ'),
    Some('ㅊ'),
    Some('ㅋ'),
    Some('ㅌ'),
    Some('ㅍ'),
    Some('ㅎ'),
];

const MEDIAL_COUNT: u32 = 21;
const FINAL_COUNT: u32 = 28;

/// A syllable's jamo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syllable {
    /// The initial consonant.
    pub initial: char,
    /// The medial vowel, maybe compound (ㅘ).
    pub medial: char,
    /// The final consonant, maybe compound (ㄳ), if any.
    pub last: Option<char>,
}

impl Syllable {
    /// The jamo of `c`, when it is a precomposed Hangul syllable.
    pub fn of(c: char) -> Option<Syllable> {
        if !HANGUL_SYLLABLES.contains(&c) {
            return None;
        }
        let index = u32::from(c) - u32::from(*HANGUL_SYLLABLES.start());
        let (initial, rest) = (
            index / (MEDIAL_COUNT * FINAL_COUNT),
            index % (MEDIAL_COUNT * FINAL_COUNT),
        );
        Some(Syllable {
            initial: INITIALS[initial as usize],
            medial: MEDIALS[(rest / FINAL_COUNT) as usize],
            last: FINALS[(rest % FINAL_COUNT) as usize],
        })
    }

    /// The precomposed syllable of these jamo; `None` when one of them
    /// cannot take its place (ㄸ as a final, a vowel as initial).
    pub fn compose(self) -> Option<char> {
        let initial = INITIALS.iter().position(|&c| c == self.initial)? as u32;
        let medial = MEDIALS.iter().position(|&c| c == self.medial)? as u32;
        let last = FINALS.iter().position(|&c| c == self.last)? as u32;
        char::from_u32(
            u32::from(*HANGUL_SYLLABLES.start())
                + (initial * MEDIAL_COUNT + medial) * FINAL_COUNT
                + last,
        )
    }
}

/// The conjoining jamo (U+1100 block) of decomposed Hangul as compatibility
/// jamo, for text that reached us decomposed and did not compose (a lone or
/// out-of-order jamo); other characters are left as they are.
pub fn compatibility(c: char) -> char {
    let code = u32::from(c);
    let at = |table: &[char], first: u32| table.get((code - first) as usize).copied();
    let found = match code {
        0x1100..=0x1112 => at(&INITIALS, 0x1100),
        0x1161..=0x1175 => at(&MEDIALS, 0x1161),
        0x11A8..=0x11C2 => FINALS.get((code - 0x11A8 + 1) as usize).copied().flatten(),
        _ => None,
    };
    found.unwrap_or(c)
}

/// Whether `c` is a consonant of the compatibility jamo (ㄱ..ㅎ).
pub fn is_consonant(c: char) -> bool {
    ('ㄱ'..='ㅎ').contains(&c)
}

/// Whether `c` is a vowel of the compatibility jamo (ㅏ..ㅣ).
pub fn is_vowel(c: char) -> bool {
    ('ㅏ'..='ㅣ').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_round_trip() {
        for c in HANGUL_SYLLABLES {
            let syllable = Syllable::of(c).unwrap();
            assert_eq!(syllable.compose(), Some(c));
        }
        let dak = Syllable::of('닭').unwrap();
        assert_eq!(
            (dak.initial, dak.medial, dak.last),
            ('ㄷ', 'ㅏ', Some('ㄺ'))
        );
        assert_eq!(Syllable::of('a'), None);
        assert_eq!(Syllable::of('ㄱ'), None);
    }

    #[test]
    fn impossible_syllables_do_not_compose() {
        let ttt = Syllable {
            initial: 'ㄱ',
            medial: 'ㅏ',
            last: Some('ㄸ'),
        };
        assert_eq!(ttt.compose(), None);
        let vowel_first = Syllable {
            initial: 'ㅏ',
            medial: 'ㅏ',
            last: None,
        };
        assert_eq!(vowel_first.compose(), None);
    }

    #[test]
    fn conjoining_jamo_become_compatibility_jamo() {
        assert_eq!(compatibility('\u{1100}'), 'ㄱ');
        assert_eq!(compatibility('\u{1175}'), 'ㅣ');
        assert_eq!(compatibility('\u{11A8}'), 'ㄱ');
        assert_eq!(compatibility('\u{11C2}'), 'ㅎ');
        assert_eq!(compatibility('x'), 'x');
    }
}
