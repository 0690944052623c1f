//! Keystrokes back into syllables, as a 두벌식 input method composes them.
//!
//! The automaton keeps one syllable open: a consonant after a vowel
//! becomes its final; a vowel after a final takes that final (or the
//! second key of a compound final: 닭 + ㅏ is 달가) as the initial of a new
//! syllable; two keys that make a compound (ㅗ ㅏ, ㄹ ㄱ) join. A jamo that
//! cannot join anything stays alone (ㅅㅇ stays ㅅㅇ), as in a search box.

use super::keystrokes::join;
use super::syllable::{is_consonant, is_vowel, Syllable, FINALS};

/// The syllable being composed.
#[derive(Debug, Clone, Copy, Default)]
struct Open {
    initial: Option<char>,
    medial: Option<char>,
    last: Option<char>,
}

impl Open {
    /// Writes the open syllable (or its lone jamo) to `out` and empties it.
    fn flush(&mut self, out: &mut String) {
        let open = std::mem::take(self);
        match (open.initial, open.medial) {
            (Some(initial), Some(medial)) => {
                let syllable = Syllable {
                    initial,
                    medial,
                    last: open.last,
                };
                // Every state the automaton reaches composes.
                out.extend(syllable.compose());
            }
            (initial, medial) => out.extend(initial.into_iter().chain(medial)),
        }
    }
}

/// Whether `c` can end a syllable.
fn can_be_final(c: char) -> bool {
    FINALS.contains(&Some(c))
}

/// The text `keys` compose into (see the module docs); compound jamo in
/// `keys` are taken as typed with their keys, and characters other than
/// jamo pass through.
///
/// ```
/// use kosearch::jamo::compose::compose;
/// assert_eq!(compose("ㅅㅓㅇㅜㄹ"), "서울");
/// assert_eq!(compose("ㅅㅓㅇ"), "성");
/// assert_eq!(compose("ㄷㅏㄹㄱㅏ"), "달가");
/// assert_eq!(compose("ㅅㅇ"), "ㅅㅇ");
/// ```
pub fn compose(keys: &str) -> String {
    let mut out = String::with_capacity(keys.len());
    let mut open = Open::default();
    for c in keys.chars() {
        if is_consonant(c) {
            consonant(&mut open, c, &mut out);
        } else if is_vowel(c) {
            vowel(&mut open, c, &mut out);
        } else {
            open.flush(&mut out);
            out.push(c);
        }
    }
    open.flush(&mut out);
    out
}

fn consonant(open: &mut Open, c: char, out: &mut String) {
    match (open.initial, open.medial, open.last) {
        (Some(_), Some(_), None) if can_be_final(c) => open.last = Some(c),
        (Some(_), Some(_), Some(last)) => match join(last, c) {
            Some(compound) => open.last = Some(compound),
            None => {
                open.flush(out);
                open.initial = Some(c);
            }
        },
        _ => {
            open.flush(out);
            open.initial = Some(c);
        }
    }
}

fn vowel(open: &mut Open, c: char, out: &mut String) {
    match (open.initial, open.medial, open.last) {
        (Some(_), None, _) => open.medial = Some(c),
        (_, Some(medial), None) => match join(medial, c) {
            Some(compound) => open.medial = Some(compound),
            None => {
                open.flush(out);
                open.medial = Some(c);
            }
        },
        (Some(_), Some(_), Some(last)) => {
            // The final moves to the new syllable; of a compound final, its
            // second key does.
            let (kept, moved) = match super::keystrokes::split(last) {
                Some([first, second]) => (Some(first), second),
                None => (None, last),
            };
            open.last = kept;
            open.flush(out);
            open.initial = Some(moved);
            open.medial = Some(c);
        }
        _ => {
            open.flush(out);
            open.medial = Some(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jamo::keystrokes::keystrokes;
    use crate::jamo::layout::to_korean;

    #[test]
    fn every_syllable_composes_back_from_its_keystrokes() {
        for c in crate::chars::HANGUL_SYLLABLES {
            let text = c.to_string();
            assert_eq!(compose(&keystrokes(&text)), text);
        }
        for text in [
            "서울특별시",
            "세종시와 서울시가 맺은 협약",
            "읽어 봤다",
            "괜찮아요",
            "값없이",
        ] {
            assert_eq!(compose(&keystrokes(text)), text);
        }
    }

    #[test]
    fn every_state_of_typing_a_word_shows_as_an_input_method_shows_it() {
        let keys = keystrokes("닭고기");
        let shown: Vec<String> = (1..=keys.chars().count())
            .map(|n| compose(&keys.chars().take(n).collect::<String>()))
            .collect();
        assert_eq!(
            shown,
            ["ㄷ", "다", "달", "닭", "닭ㄱ", "닭고", "닭곡", "닭고기"]
        );
        assert_eq!(compose(&to_korean("tjdnf")), "서울");
        assert_eq!(compose(&to_korean("dkssudgktpdy")), "안녕하세요");
    }

    #[test]
    fn jamo_that_cannot_join_stay_alone() {
        assert_eq!(compose("ㅏㅏ"), "ㅏㅏ");
        assert_eq!(compose("ㄸㄸ"), "ㄸㄸ");
        assert_eq!(compose("ㅑㅔㅗㅐㅜㄷ"), "ㅑㅔㅙㅜㄷ");
        assert_eq!(compose("가ㄸ"), "가ㄸ");
        assert_eq!(compose("ㄱㅏㄸ"), "가ㄸ");
        assert_eq!(compose("ㄱㅏ1ㄴ"), "가1ㄴ");
    }
}
