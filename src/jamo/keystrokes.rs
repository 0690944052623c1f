//! The keys typed for a text, and its initial consonants (초성).
//!
//! On a 두벌식 keyboard each basic jamo is one key (the double consonants
//! ㄲ ㄸ ㅃ ㅆ ㅉ and the vowels ㅒ ㅖ are one shifted key); compound vowels
//! and compound finals are typed as two keys, which the input method joins
//! ([`COMPOUNDS`]). The keystrokes of a text are its jamo with every
//! compound split back into its keys, so that what is typed compares with
//! what is written key by key: 과 is ㄱ ㅗ ㅏ, and after ㄱ ㅗ the box
//! shows 고, a prefix of 과 in keystrokes though not in syllables.

use super::syllable::{compatibility, Syllable};

/// The jamo an input method makes of two keys: compound vowels and
/// compound final consonants, with the keys in the order they are typed.
pub const COMPOUNDS: [(char, [char; 2]); 18] = [
    ('ㅘ', ['ㅗ', 'ㅏ']),
    ('ㅙ', ['ㅗ', 'ㅐ']),
    ('ㅚ', ['ㅗ', 'ㅣ']),
    ('ㅝ', ['ㅜ', 'ㅓ']),
    ('ㅞ', ['ㅜ', 'ㅔ']),
    ('ㅟ', ['ㅜ', 'ㅣ']),
    ('ㅢ', ['ㅡ', 'ㅣ']),
    ('ㄳ', ['ㄱ', 'ㅅ']),
    ('ㄵ', ['ㄴ', 'ㅈ']),
    ('ㄶ', ['ㄴ', 'ㅎ']),
    ('ㄺ', ['ㄹ', 'ㄱ']),
    ('ㄻ', ['ㄹ', 'ㅁ']),
    ('ㄼ', ['ㄹ', 'ㅂ']),
    ('ㄽ', ['ㄹ', 'ㅅ']),
    ('ㄾ', ['ㄹ', 'ㅌ']),
    ('ㄿ', ['ㄹ', 'ㅍ']),
    ('ㅀ', ['ㄹ', 'ㅎ']),
    ('ㅄ', ['ㅂ', 'ㅅ']),
];

/// The two keys of a compound jamo; `None` for a jamo typed with one key.
pub fn split(jamo: char) -> Option<[char; 2]> {
    COMPOUNDS
        .iter()
        .find(|&&(compound, _)| compound == jamo)
        .map(|&(_, keys)| keys)
}

/// The compound jamo two keys make, typed in this order (ㅗ then ㅏ is ㅘ);
/// `None` when they make none.
pub fn join(first: char, second: char) -> Option<char> {
    COMPOUNDS
        .iter()
        .find(|&&(_, keys)| keys == [first, second])
        .map(|&(compound, _)| compound)
}

/// Appends the keys of one jamo to `out`.
fn push_keys(jamo: char, out: &mut String) {
    match split(jamo) {
        Some(keys) => out.extend(keys),
        None => out.push(jamo),
    }
}

/// Appends the keystrokes of `c` to `out`: the keys of a syllable's jamo,
/// or of a lone jamo (compatibility or conjoining); any other character is
/// itself.
pub fn push_keystrokes(c: char, out: &mut String) {
    match Syllable::of(c) {
        Some(syllable) => {
            out.push(syllable.initial);
            push_keys(syllable.medial, out);
            if let Some(last) = syllable.last {
                push_keys(last, out);
            }
        }
        None => push_keys(compatibility(c), out),
    }
}

/// The keystrokes of `text` (see the module docs); characters other than
/// Hangul are kept as they are.
///
/// ```
/// use kosearch::jamo::keystrokes::keystrokes;
/// assert_eq!(keystrokes("서울"), "ㅅㅓㅇㅜㄹ");
/// assert_eq!(keystrokes("닭"), "ㄷㅏㄹㄱ");
/// assert_eq!(keystrokes("뛰어 5km"), "ㄸㅜㅣㅇㅓ 5km");
/// ```
pub fn keystrokes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        push_keystrokes(c, &mut out);
    }
    out
}

/// The initial consonant (초성) of each syllable of `text`, with spaces
/// left out (a user types ㅅㅇㅅㅊ for 서울 시청); lone consonants are kept,
/// other characters are themselves.
///
/// ```
/// use kosearch::jamo::keystrokes::choseong;
/// assert_eq!(choseong("세종시"), "ㅅㅈㅅ");
/// assert_eq!(choseong("서울 시청"), "ㅅㅇㅅㅊ");
/// assert_eq!(choseong("K리그"), "Kㄹㄱ");
/// ```
pub fn choseong(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| Syllable::of(c).map_or_else(|| compatibility(c), |syllable| syllable.initial))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_split_into_the_keys_that_make_them() {
        assert_eq!(keystrokes("와"), "ㅇㅗㅏ");
        assert_eq!(keystrokes("읽"), "ㅇㅣㄹㄱ");
        assert_eq!(keystrokes("값"), "ㄱㅏㅂㅅ");
        assert_eq!(keystrokes("의"), "ㅇㅡㅣ");
        assert_eq!(keystrokes("ㄳ"), "ㄱㅅ");
        assert_eq!(keystrokes("ㅘ"), "ㅗㅏ");
        // Double consonants and shifted vowels are one key each.
        assert_eq!(keystrokes("까"), "ㄲㅏ");
        assert_eq!(keystrokes("얘"), "ㅇㅒ");
        for (compound, keys) in COMPOUNDS {
            assert_eq!(join(keys[0], keys[1]), Some(compound));
            assert_eq!(split(compound), Some(keys));
        }
        assert_eq!(join('ㅏ', 'ㅗ'), None);
    }

    #[test]
    fn a_syllable_being_composed_is_a_keystroke_prefix() {
        for (typed, word) in [
            ("성", "서울"),
            ("서우", "서울"),
            ("달", "닭"),
            ("고", "과"),
            ("세종ㅅ", "세종시"),
        ] {
            assert!(
                keystrokes(word).starts_with(&keystrokes(typed)),
                "{typed} {word}"
            );
        }
        assert!(!keystrokes("서울").starts_with(&keystrokes("성우")));
    }

    #[test]
    fn decomposed_hangul_reads_as_its_jamo() {
        // 한 as conjoining jamo (NFD).
        assert_eq!(keystrokes("\u{1112}\u{1161}\u{11AB}"), "ㅎㅏㄴ");
        assert_eq!(choseong("\u{1112}\u{1161}\u{11AB}"), "ㅎㅏㄴ");
    }
}
