//! What typed text can mean: the ways [`Suggester`](super::Suggester)
//! reads what is in the search box.
//!
//! * as typed, compared in keystrokes: a syllable still being composed is
//!   a prefix of the word (성, 서우 → 서울);
//! * as initial consonants, alone or mixed with syllables (ㅅㅇ, 서ㅇ →
//!   서울), when it holds a lone consonant;
//! * as typed in the other keyboard mode: Latin letters as the jamo of
//!   their keys (`tjdnf` → 서울), Hangul as the Latin letters of its keys
//!   (ㅑㅔㅙㅜㄷ → iphone).

use unicode_normalization::UnicodeNormalization;

use super::table::Table;
use super::MatchKind;
use crate::chars::is_hangul_syllable;
use crate::jamo::compose::compose;
use crate::jamo::keystrokes::{choseong, keystrokes};
use crate::jamo::layout::{to_english, to_korean};
use crate::jamo::syllable::{compatibility, is_consonant, is_vowel, Syllable};
use crate::{Error, Result};

/// The longest text completed, in characters: no suggestion is longer
/// than 100 characters, and a longer text is refused rather than looked
/// up.
pub const MAX_TYPED_CHARS: usize = 256;

/// Typed text made comparable: NFC (decomposed Hangul composed, lone
/// conjoining jamo as compatibility jamo), control characters dropped,
/// white space runs as one space, none at either end.
pub(crate) fn clean(typed: &str) -> Result<String> {
    let chars = typed.chars().count();
    if chars > MAX_TYPED_CHARS {
        return Err(Error::InvalidArgument(format!(
            "the text to complete has {chars} characters; at most {MAX_TYPED_CHARS} are allowed"
        )));
    }
    let mut clean = String::with_capacity(typed.len());
    for c in typed.nfc().map(compatibility) {
        if c.is_whitespace() {
            if !clean.is_empty() && !clean.ends_with(' ') {
                clean.push(' ');
            }
        } else if !c.is_control() {
            clean.push(c);
        }
    }
    if clean.ends_with(' ') {
        clean.pop();
    }
    Ok(clean)
}

/// One way of reading the typed text.
pub(crate) struct Reading {
    pub kind: MatchKind,
    /// The typed text as this reading understands it.
    pub read_as: String,
    lookup: Lookup,
}

enum Lookup {
    /// Entries whose keystrokes start with these.
    Keystrokes(String),
    /// Entries whose initial consonants start with `key` and whose
    /// syllables agree with those typed.
    Choseong { key: String, typed: Vec<char> },
}

/// Every reading of `clean` (from [`clean`]), the text as typed first.
pub(crate) fn readings(clean: &str) -> Vec<Reading> {
    let lower = clean.to_lowercase();
    let mut readings = vec![Reading {
        kind: MatchKind::Prefix,
        read_as: clean.to_string(),
        lookup: Lookup::Keystrokes(keystrokes(&lower)),
    }];
    let lone_consonant = lower.chars().any(is_consonant);
    let lone_vowel = lower.chars().any(is_vowel);
    if lone_consonant && !lone_vowel {
        let key = choseong(&lower);
        readings.push(Reading {
            kind: MatchKind::Choseong,
            read_as: key.clone(),
            lookup: Lookup::Choseong {
                key,
                typed: lower.chars().filter(|c| !c.is_whitespace()).collect(),
            },
        });
    }
    if clean.chars().any(|c| c.is_ascii_alphabetic()) {
        // Case matters here: Shift types the double consonants.
        let korean = to_korean(clean);
        readings.push(Reading {
            kind: MatchKind::Keyboard,
            read_as: compose(&korean),
            lookup: Lookup::Keystrokes(keystrokes(&korean).to_lowercase()),
        });
    }
    if lower
        .chars()
        .any(|c| is_hangul_syllable(c) || is_consonant(c) || is_vowel(c))
    {
        let english = to_english(&lower);
        readings.push(Reading {
            kind: MatchKind::Keyboard,
            read_as: english.clone(),
            lookup: Lookup::Keystrokes(english),
        });
    }
    readings
}

impl Reading {
    /// The entries of `table` this reading matches, unordered; of a short
    /// key, the best only (see [`Table::with_keystrokes`]).
    pub fn matches<'a>(&'a self, table: &'a Table) -> Box<dyn Iterator<Item = u32> + 'a> {
        match &self.lookup {
            Lookup::Keystrokes(key) => table.with_keystrokes(key),
            // Consonants alone fit every entry of their key.
            Lookup::Choseong { key, typed } if typed.iter().all(|&c| is_consonant(c)) => {
                table.with_choseong(key, true)
            }
            Lookup::Choseong { key, typed } => {
                Box::new(table.with_choseong(key, false).filter(move |&index| {
                    fits_choseong(typed, &table.entries[index as usize].text)
                }))
            }
        }
    }
}

/// Whether `entry` is what `typed` (lower case, no white space) spells
/// with initial consonants for some of its syllables: each lone consonant
/// is the initial of the entry's syllable there, each other character is
/// the entry's, the last typed syllable maybe still being composed.
fn fits_choseong(typed: &[char], entry: &str) -> bool {
    let lower = entry.to_lowercase();
    let mut written = lower.chars().filter(|c| !c.is_whitespace());
    typed.iter().enumerate().all(|(at, &t)| {
        let Some(w) = written.next() else {
            return false;
        };
        if is_consonant(t) {
            w == t || Syllable::of(w).is_some_and(|syllable| syllable.initial == t)
        } else if at + 1 == typed.len() && is_hangul_syllable(t) {
            keystrokes(&w.to_string()).starts_with(&keystrokes(&t.to_string()))
        } else {
            w == t
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_cleaned_or_refused() {
        assert_eq!(clean("  서울\t\u{7}시 ").unwrap(), "서울 시");
        // Decomposed Hangul composes; a lone conjoining jamo becomes the
        // compatibility jamo a keyboard types.
        assert_eq!(clean("\u{1109}\u{1165}\u{110B}").unwrap(), "서ㅇ");
        let refused = clean(&"가".repeat(MAX_TYPED_CHARS + 1)).unwrap_err();
        assert!(refused.to_string().contains("at most 256"), "{refused}");
    }

    #[test]
    fn choseong_mixed_with_syllables() {
        let typed = |text: &str| text.chars().collect::<Vec<_>>();
        assert!(fits_choseong(&typed("ㅅㅇ"), "서울"));
        assert!(fits_choseong(&typed("서ㅇ"), "서울"));
        assert!(fits_choseong(&typed("ㅅㅈㅅ"), "세종시"));
        assert!(fits_choseong(&typed("ㅅㅇㅅㅊ"), "서울 시청"));
        assert!(!fits_choseong(&typed("사ㅇ"), "서울"));
        assert!(!fits_choseong(&typed("ㅅㅇㅅ"), "서울"));
    }

    #[test]
    fn each_reading_says_how_it_read_the_text() {
        let kinds = |text: &str| {
            readings(text)
                .into_iter()
                .map(|reading| (reading.kind, reading.read_as))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("tjdnf"),
            [
                (MatchKind::Prefix, "tjdnf".into()),
                (MatchKind::Keyboard, "서울".into())
            ]
        );
        assert_eq!(
            kinds("ㅑㅔㅙㅜㄷ"),
            [
                (MatchKind::Prefix, "ㅑㅔㅙㅜㄷ".into()),
                (MatchKind::Keyboard, "iphone".into())
            ]
        );
        assert_eq!(kinds("ㅅㅇ")[1], (MatchKind::Choseong, "ㅅㅇ".into()));
    }
}
