//! How far a typed word is from a word of the index, in jamo edits, with
//! the slips people make most costing less.
//!
//! Words compare jamo by jamo: each syllable is its initial, its vowel and
//! its final ([`Syllable`]), a compound vowel or final as one jamo, so that
//! 셰종 is one edit from 세종 (ㅖ for ㅔ) and 샴성 one from 삼성 (ㅑ for ㅏ). An
//! edit is a jamo put in, left out, changed, or two neighbours swapped,
//! each costing [`EDIT`]; a change costs [`SLIP`] when it is a slip rather
//! than a different word:
//!
//! * the vowels people confuse in writing ([`CONFUSED_VOWELS`]: ㅐ/ㅔ,
//!   ㅒ/ㅖ, ㅚ/ㅙ/ㅞ), which sound alike in today's Seoul speech;
//! * a key next to the intended one on the 두벌식 keyboard
//!   ([`adjacent_keys`]: ㅑ above ㅏ, ㅐ next to ㅔ);
//! * the same key with or without Shift (ㅅ/ㅆ, ㅔ/ㅖ).

use crate::jamo::layout::{adjacent_keys, letter_of};
use crate::jamo::syllable::Syllable;

/// The cost of an edit.
pub(crate) const EDIT: f32 = 1.0;

/// The cost of a change that is a slip (see the module docs).
pub(crate) const SLIP: f32 = 0.5;

/// Vowels that are written for one another: each set sounds alike.
pub const CONFUSED_VOWELS: [&[char]; 3] = [&['ㅐ', 'ㅔ'], &['ㅒ', 'ㅖ'], &['ㅚ', 'ㅙ', 'ㅞ']];

/// Appends the jamo of `c` to `out`: a syllable's initial, vowel and
/// final; any other character as itself.
fn push_jamo(c: char, out: &mut Vec<char>) {
    match Syllable::of(c) {
        Some(syllable) => {
            out.push(syllable.initial);
            out.push(syllable.medial);
            out.extend(syllable.last);
        }
        None => out.push(c),
    }
}

/// The jamo of `word` ([`push_jamo`]).
fn jamo(word: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(word.len());
    for c in word.chars() {
        push_jamo(c, &mut out);
    }
    out
}

/// What changing `a` into `b` costs.
fn change(a: char, b: char) -> f32 {
    if a == b {
        return 0.0;
    }
    let confused = CONFUSED_VOWELS
        .iter()
        .any(|set| set.contains(&a) && set.contains(&b));
    // Compound jamo (ㅘ, ㄺ) are two keys and have no letter.
    let slipped = match (letter_of(a), letter_of(b)) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(&y) || adjacent_keys(x, y),
        _ => false,
    };
    if confused || slipped {
        SLIP
    } else {
        EDIT
    }
}

/// The cost of the cheapest edits that turn `typed` into `word` (see the
/// module docs): the optimal string alignment distance over jamo, with
/// [`change`] for a substitution.
pub(crate) fn distance(typed: &str, word: &str) -> f32 {
    aligned(&jamo(typed), &jamo(word))
}

/// [`distance`] between two characters (syllables).
pub(crate) fn char_distance(typed: char, written: char) -> f32 {
    let (mut a, mut b) = (Vec::with_capacity(3), Vec::with_capacity(3));
    push_jamo(typed, &mut a);
    push_jamo(written, &mut b);
    aligned(&a, &b)
}

/// The optimal string alignment distance of two jamo sequences.
fn aligned(a: &[char], b: &[char]) -> f32 {
    // Three rows of the table: two back (for swaps), one back, this one.
    let mut before: Vec<f32> = vec![0.0; b.len() + 1];
    let mut previous: Vec<f32> = (0..=b.len()).map(|j| j as f32 * EDIT).collect();
    let mut current = vec![0.0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i as f32 * EDIT;
        for j in 1..=b.len() {
            let mut best = (previous[j] + EDIT)
                .min(current[j - 1] + EDIT)
                .min(previous[j - 1] + change(a[i - 1], b[j - 1]));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + EDIT);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_cost_less_than_other_edits() {
        // Confused vowels, neighbouring keys, Shift.
        assert_eq!(distance("셰종", "세종"), SLIP);
        assert_eq!(distance("샴성", "삼성"), SLIP);
        assert_eq!(distance("횐의", "회의"), EDIT);
        assert_eq!(distance("괴사", "괘사"), SLIP);
        assert_eq!(distance("쌔종", "세종"), SLIP + SLIP);
        // A different jamo, one left out, one added, two swapped.
        assert_eq!(distance("무종", "세종"), 2.0 * EDIT);
        assert_eq!(distance("세조", "세종"), EDIT);
        assert_eq!(distance("세종시", "세종"), 2.0 * EDIT);
        assert_eq!(distance("세종", "세종"), 0.0);
        assert_eq!(distance("", "세종"), 5.0 * EDIT);
        assert_eq!(distance("ab", "ba"), EDIT);
        assert_eq!(char_distance('셰', '세'), SLIP);
        assert_eq!(char_distance('종', '종'), 0.0);
        assert_eq!(char_distance('종', '조'), EDIT);
    }
}
