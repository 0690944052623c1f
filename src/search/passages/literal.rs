//! The estimate's occurrences: query terms looked up literally in the body
//! normalized as the analyzer normalizes it, and the words around them.

use std::ops::Range;

use super::vocabulary::{Hit, Vocabulary};
use crate::analysis::abbreviations::abbreviations_of;
use crate::analysis::normalize::NormalizedText;

/// Every literal occurrence of a query term in `body`, sorted by start.
///
/// The body is normalized word by word (NFKC and lower case work within
/// words). In a word that normalization leaves as it is, occurrences have
/// exact offsets; in one it changes, a term occurring there counts once,
/// with the whole word's range.
pub(super) fn literal_hits(body: &str, vocabulary: &Vocabulary) -> Vec<Hit> {
    let mut hits = Vec::new();
    if vocabulary.texts.is_empty() {
        return hits;
    }
    // One normalization of the whole body (quick for the many bodies that
    // are already normal), then a SIMD substring search per term. UTF-8 is
    // self-synchronizing: a match always starts and ends on character
    // boundaries.
    let normalized = NormalizedText::one_to_one(body).unwrap_or_else(|| NormalizedText::new(body));
    let haystack = normalized.as_str().as_bytes();
    for (term, text) in vocabulary.texts.iter().enumerate() {
        // A word a headline's Hanja stands for (미국) is also written as
        // the Hanja (美): an estimate, which analysis then confirms or not.
        let mut spellings = vec![text.as_str()];
        spellings.extend(abbreviations_of(text));
        for spelling in spellings {
            for at in memchr::memmem::find_iter(haystack, spelling.as_bytes()) {
                let (start, end) = normalized.to_original(at, at + spelling.len());
                hits.push(Hit { term, start, end });
            }
        }
    }
    hits.sort_unstable_by_key(Hit::key);
    hits
}

/// The whitespace-separated words of `text`, with their byte offsets.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut rest = text;
    let mut offset = 0;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = (offset, &trimmed[..len]);
        offset += len;
        rest = &trimmed[len..];
        Some(word)
    })
}

/// The byte range of the word of `text` holding byte `at`: the last word
/// that starts at or before it (the first word when none does). `None` when
/// `text` is blank.
pub(super) fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    // An empty phrase part matches inside characters too.
    let at = (0..=at).rev().find(|&at| text.is_char_boundary(at))?;
    let in_word = |c: char| !c.is_whitespace();
    if text[at..].starts_with(in_word) {
        let start = text[..at].trim_end_matches(in_word).len();
        let length = text[at..].find(char::is_whitespace);
        return Some(start..length.map_or(text.len(), |length| at + length));
    }
    // `at` is in whitespace: the word before it.
    let before = text[..at].trim_end();
    if before.is_empty() {
        let (start, word) = words(text).next()?;
        return Some(start..start + word.len());
    }
    Some(before.trim_end_matches(in_word).len()..before.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::QueryTerm;

    #[test]
    fn words_and_literal_hits() {
        let text = " 세종시는\t서울시와  ＡＢＣ협약 ";
        let found: Vec<(usize, &str)> = words(text).collect();
        assert_eq!(
            found,
            [(1, "세종시는"), (14, "서울시와"), (28, "ＡＢＣ협약")]
        );
        let vocabulary = Vocabulary::new(&[QueryTerm::new("시", 1.0), QueryTerm::new("협약", 2.0)]);
        let hits = literal_hits(text, &vocabulary);
        let ranges: Vec<&str> = hits.iter().map(|hit| &text[hit.start..hit.end]).collect();
        // Offsets map back through normalization exactly.
        assert_eq!(ranges, ["시", "시", "협약"]);
    }
}
