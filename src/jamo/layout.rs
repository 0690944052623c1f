//! The 두벌식 keyboard (KS X 5002), and text typed in the other mode.
//!
//! [`DUBEOLSIK`] is the whole layout: each letter key with the jamo it
//! types, and the jamo it types with Shift where that differs (the double
//! consonants and ㅒ ㅖ). With the keyboard in English mode the same keys
//! type the Latin letters: `tjdnf` is 서울 typed in the wrong mode, and
//! `ㅑㅔㅙㅜㄷ` is iphone.

use super::keystrokes::push_keystrokes;

/// A letter key of the 두벌식 layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The Latin letter on the key (lower case).
    pub letter: char,
    /// The jamo it types.
    pub jamo: char,
    /// The jamo it types with Shift, when that is another one.
    pub shifted: Option<char>,
}

const fn key(letter: char, jamo: char, shifted: Option<char>) -> Key {
    Key {
        letter,
        jamo,
        shifted,
    }
}

/// The 두벌식 layout: consonants on the left hand, vowels on the right.
pub const DUBEOLSIK: [Key; 26] = [
    key('q', 'ㅂ', Some('ㅃ')),
    key('w', 'ㅈ', Some('ㅉ')),
    key('e', 'ㄷ', Some('ㄸ')),
    key('r', 'ㄱ', Some('ㄲ')),
    key('t', 'ㅅ', Some('ㅆ')),
    key('y', 'ㅛ', None),
    key('u', 'ㅕ', None),
    key('i', 'ㅑ', None),
    key('o', 'ㅐ', Some('ㅒ')),
    key('p', 'ㅔ', Some('ㅖ')),
    key('a', 'ㅁ', None),
    key('s', 'ㄴ', None),
    key('d', 'ㅇ', None),
    key('f', 'ㄹ', None),
    key('g', 'ㅎ', None),
    key('h', 'ㅗ', None),
    key('j', 'ㅓ', None),
    key('k', 'ㅏ', None),
    key('l', 'ㅣ', None),
    key('z', 'ㅋ', None),
    key('x', 'ㅌ', None),
    key('c', 'ㅊ', None),
    key('v', 'ㅍ', None),
    key('b', 'ㅠ', None),
    key('n', 'ㅜ', None),
    key('m', 'ㅡ', None),
];

/// The letter keys' rows, top to bottom, with how far each row starts to
/// the right of the one above, in key widths (the stagger of a standard
/// keyboard): a typing slip lands on a key next to the one meant, on its
/// row or on a row above or below.
pub const ROWS: [(&str, f32); 3] = [("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75)];

/// Where a letter's key is: its row and its distance from the left edge,
/// in key widths.
fn position(letter: char) -> Option<(usize, f32)> {
    let letter = letter.to_ascii_lowercase();
    ROWS.iter().enumerate().find_map(|(row, &(keys, offset))| {
        let column = keys.chars().position(|key| key == letter)?;
        Some((row, offset + column as f32))
    })
}

/// Whether the keys of two different letters touch on the keyboard ([`ROWS`]):
/// neighbours on a row, or keys of the rows above and below that overlap.
///
/// ```
/// use kosearch::jamo::layout::adjacent_keys;
/// assert!(adjacent_keys('i', 'k'));
/// assert!(adjacent_keys('p', 'o'));
/// assert!(!adjacent_keys('q', 'p'));
/// ```
pub fn adjacent_keys(a: char, b: char) -> bool {
    let (Some((row_a, x_a)), Some((row_b, x_b))) = (position(a), position(b)) else {
        return false;
    };
    match row_a.abs_diff(row_b) {
        0 => (x_a - x_b).abs() == 1.0,
        1 => (x_a - x_b).abs() < 1.0,
        _ => false,
    }
}

/// The jamo a Latin letter's key types in Korean mode (an upper-case
/// letter is the key with Shift); `None` for any other character.
pub fn jamo_of(letter: char) -> Option<char> {
    let lower = letter.to_ascii_lowercase();
    let key = DUBEOLSIK.iter().find(|key| key.letter == lower)?;
    Some(match key.shifted {
        Some(shifted) if letter.is_ascii_uppercase() => shifted,
        _ => key.jamo,
    })
}

/// The Latin letter of the key that types `jamo` (upper case when it takes
/// Shift); `None` for a compound jamo (two keys) or any other character.
pub fn letter_of(jamo: char) -> Option<char> {
    DUBEOLSIK.iter().find_map(|key| {
        if key.jamo == jamo {
            Some(key.letter)
        } else if key.shifted == Some(jamo) {
            Some(key.letter.to_ascii_uppercase())
        } else {
            None
        }
    })
}

/// What `text`, typed in English mode, types in Korean mode, as
/// keystrokes (compose them with [`compose`](super::compose::compose)):
/// each Latin letter becomes its key's jamo, anything else stays.
///
/// ```
/// use kosearch::jamo::layout::to_korean;
/// assert_eq!(to_korean("tjdnf"), "ㅅㅓㅇㅜㄹ");
/// assert_eq!(to_korean("Rk 1"), "ㄲㅏ 1");
/// ```
pub fn to_korean(text: &str) -> String {
    text.chars().map(|c| jamo_of(c).unwrap_or(c)).collect()
}

/// What `text`, typed in Korean mode, types in English mode: the keys of
/// its syllables and jamo as Latin letters, lower case (the Shift of a
/// double consonant is dropped, as English text seldom means it); anything
/// else stays.
///
/// ```
/// use kosearch::jamo::layout::to_english;
/// assert_eq!(to_english("ㅑㅔㅙㅜㄷ"), "iphone");
/// assert_eq!(to_english("서울"), "tjdnf");
/// assert_eq!(to_english("까"), "rk");
/// ```
pub fn to_english(text: &str) -> String {
    let mut keys = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        push_keystrokes(c, &mut keys);
    }
    keys.chars()
        .map(|c| letter_of(c).map_or(c, |letter| letter.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jamo::syllable::{is_consonant, INITIALS, MEDIALS};

    #[test]
    fn every_key_is_one_jamo_and_back() {
        for key in DUBEOLSIK {
            assert_eq!(jamo_of(key.letter), Some(key.jamo));
            assert_eq!(letter_of(key.jamo), Some(key.letter));
            if let Some(shifted) = key.shifted {
                assert_eq!(jamo_of(key.letter.to_ascii_uppercase()), Some(shifted));
                assert_eq!(letter_of(shifted), Some(key.letter.to_ascii_uppercase()));
            }
        }
        // Every initial and every simple vowel has a key.
        for jamo in INITIALS.into_iter().chain(MEDIALS) {
            let typed = letter_of(jamo).is_some() || crate::jamo::keystrokes::split(jamo).is_some();
            assert!(typed, "{jamo}");
        }
        assert!(DUBEOLSIK.iter().take(5).all(|key| is_consonant(key.jamo)));
        // Every key is on a row, once.
        let rows: String = ROWS.iter().map(|(keys, _)| *keys).collect();
        assert_eq!(rows.len(), DUBEOLSIK.len());
        assert!(DUBEOLSIK
            .iter()
            .all(|key| rows.matches(key.letter).count() == 1));
    }

    #[test]
    fn neighbouring_keys_touch() {
        // ㅑ (i) sits above ㅏ (k) and ㅓ (j); ㅔ (p) next to ㅐ (o).
        for (a, b) in [('i', 'k'), ('i', 'j'), ('p', 'o'), ('a', 'z'), ('g', 'b')] {
            assert!(adjacent_keys(a, b), "{a} {b}");
            assert!(adjacent_keys(b, a), "{b} {a}");
        }
        for (a, b) in [('i', 'l'), ('q', 'z'), ('a', 'a'), ('a', '1')] {
            assert!(!adjacent_keys(a, b), "{a} {b}");
        }
    }

    #[test]
    fn modes_convert_both_ways() {
        assert_eq!(to_korean("tpwhdtl"), "ㅅㅔㅈㅗㅇㅅㅣ");
        assert_eq!(to_english("세종시"), "tpwhdtl");
        assert_eq!(to_english("ㅑㅔㅙㅜㄷ"), "iphone");
        // Shift without a shifted jamo types the plain one.
        assert_eq!(to_korean("J"), "ㅓ");
        assert_eq!(to_korean("1 !"), "1 !");
        assert_eq!(to_english("1 !"), "1 !");
    }
}
