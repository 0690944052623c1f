//! NFKC normalization and lower-casing with a map back to the original text.
//!
//! The segmenter runs on normalized text (full-width `Ａ１` becomes `a1`,
//! decomposed jamo compose into syllables, compatibility jamo become
//! conjoining jamo), but every term must point into the text the user gave.
//! [`NormalizedText`] keeps both: the normalized string and a list of spans
//! that translate normalized byte offsets into original byte offsets.
//!
//! The text is cut into *chunks* at characters that start a new normalization
//! unit (canonical combining class 0 and not a character that may compose with
//! its predecessor). A chunk whose normalized form differs from the original
//! is atomic: an offset inside it widens to the whole chunk, so original
//! offsets always fall on character boundaries and cover whole source
//! characters. Unchanged stretches map one to one, and the map stores one
//! entry per change, not per character.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::chars::is_hangul_syllable;

/// Text after NFKC and lower-casing, with the way back to the original.
#[derive(Debug)]
pub(crate) struct NormalizedText<'a> {
    text: Cow<'a, str>,
    /// Sorted by `normalized`; empty when the text needed no change.
    spans: Vec<Span>,
    original_len: usize,
}

/// A stretch of normalized text that starts at `normalized` and at
/// `original` in the source. `atomic` stretches were rewritten and map as a
/// whole; the others shift byte for byte.
#[derive(Debug, Clone, Copy)]
struct Span {
    normalized: usize,
    original: usize,
    atomic: bool,
}

impl<'a> NormalizedText<'a> {
    /// Normalizes `original`, borrowing it when it is already normal.
    pub(crate) fn new(original: &'a str) -> Self {
        let original_len = original.len();
        // Unchanged stretches are copied whole; only chunks that normalization
        // rewrites go through `push_chunk`. Nothing is allocated for text that
        // is already normal.
        let mut builder: Option<Builder> = None;
        let mut lowercase = false;
        let mut run_start = 0;
        let mut chunk_start = 0;
        let mut chars = original.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            if c.is_ascii() {
                lowercase |= c.is_ascii_uppercase();
                chunk_start = index;
                continue;
            }
            if is_hangul_syllable(c) {
                chunk_start = index;
                continue;
            }
            if starts_chunk(c) {
                chunk_start = index;
            }
            if char_is_stable(c) {
                continue;
            }
            // `c` changes: take its whole chunk, up to the next chunk start.
            let mut chunk_end = original_len;
            while let Some(&(next_index, next)) = chars.peek() {
                if starts_chunk(next) {
                    chunk_end = next_index;
                    break;
                }
                chars.next();
            }
            let builder = builder.get_or_insert_with(|| Builder::with_capacity(original_len));
            builder.copy(original, run_start, chunk_start);
            builder.push_chunk(original, chunk_start, chunk_end);
            run_start = chunk_end;
            chunk_start = chunk_end;
        }
        let (text, spans) = match builder {
            Some(mut builder) => {
                builder.copy(original, run_start, original_len);
                (Cow::Owned(builder.text), builder.spans)
            }
            None if lowercase => (Cow::Owned(original.to_ascii_lowercase()), Vec::new()),
            None => (Cow::Borrowed(original), Vec::new()),
        };
        NormalizedText {
            text,
            spans,
            original_len,
        }
    }

    /// [`new`](Self::new) for text that normalization leaves as it is but
    /// for ASCII upper case, so that offsets map one to one; `None` for any
    /// other text. Several times quicker than `new` on Korean text: ASCII
    /// and Hangul syllables are recognized 16 bytes at a time, without
    /// decoding characters.
    pub(crate) fn one_to_one(original: &'a str) -> Option<Self> {
        let bytes = original.as_bytes();
        let mut uppercase = false;
        for (index, chunk) in bytes.chunks(CHUNK).enumerate() {
            let at = index * CHUNK;
            uppercase |= chunk
                .iter()
                .fold(false, |any, byte| any | byte.is_ascii_uppercase());
            let plain = bytes
                .get(at..at + CHUNK + 2)
                .and_then(|window| window.try_into().ok())
                .is_some_and(only_ascii_and_hangul);
            if plain {
                continue;
            }
            // The characters that start in the chunk, one by one (ASCII is
            // stable but for its upper case).
            for (offset, &byte) in chunk.iter().enumerate() {
                let starts_multibyte = byte >= 0xC0;
                if starts_multibyte && !char_is_stable(original[at + offset..].chars().next()?) {
                    return None;
                }
            }
        }
        let text = if uppercase {
            Cow::Owned(original.to_ascii_lowercase())
        } else {
            Cow::Borrowed(original)
        };
        Some(NormalizedText {
            text,
            spans: Vec::new(),
            original_len: original.len(),
        })
    }

    /// The normalized text.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalized text to the smallest byte range of
    /// the original text that produces it.
    pub(crate) fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.spans.is_empty() {
            return (start, end);
        }
        (
            self.map_start(start),
            self.map_end(end).max(self.map_start(start)),
        )
    }

    fn span_index(&self, offset: usize) -> Option<usize> {
        // Last span starting at or before `offset`.
        let after = self.spans.partition_point(|span| span.normalized <= offset);
        after.checked_sub(1)
    }

    fn map_start(&self, offset: usize) -> usize {
        match self.span_index(offset) {
            None => offset,
            Some(i) => {
                let span = self.spans[i];
                if span.atomic {
                    span.original
                } else {
                    span.original + (offset - span.normalized)
                }
            }
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        // An end offset belongs to the span it closes, so look at offset - 1.
        let Some(last) = offset.checked_sub(1) else {
            return 0;
        };
        match self.span_index(last) {
            None => offset,
            Some(i) => {
                let span = self.spans[i];
                if span.atomic {
                    self.spans
                        .get(i + 1)
                        .map_or(self.original_len, |next| next.original)
                } else {
                    span.original + (offset - span.normalized)
                }
            }
        }
    }
}

/// The bytes [`NormalizedText::one_to_one`] looks at together.
const CHUNK: usize = 16;

/// Whether every character that starts in a chunk of UTF-8 is ASCII or a
/// Hangul syllable; `window` is the chunk and the two bytes after it, where
/// a character that starts in the chunk may end. Branch-free, so that it
/// compiles to vector instructions.
fn only_ascii_and_hangul(window: &[u8; CHUNK + 2]) -> bool {
    let mut other = false;
    for at in 0..CHUNK {
        let (first, second, third) = (window[at], window[at + 1], window[at + 2]);
        // U+AC00..=U+D7A3 are EA B0 80..=ED 9E A3.
        let hangul = (first == 0xEB)
            | (first == 0xEC)
            | ((first == 0xEA) & (second >= 0xB0))
            | ((first == 0xED) & ((second < 0x9E) | ((second == 0x9E) & (third <= 0xA3))));
        // Continuation bytes are 80..=BF, the first of a longer character C0
        // or more.
        other |= (first >= 0xC0) & !hangul;
    }
    !other
}

/// Accumulates normalized text and its span list.
struct Builder {
    text: String,
    spans: Vec<Span>,
}

impl Builder {
    fn with_capacity(capacity: usize) -> Self {
        Builder {
            text: String::with_capacity(capacity),
            spans: Vec::new(),
        }
    }

    /// Appends `original[start..end]` unchanged (ASCII upper case aside,
    /// which lower-cases in place without changing lengths).
    fn copy(&mut self, original: &str, start: usize, end: usize) {
        if start == end {
            return;
        }
        // A new span is needed unless the current stretch already maps
        // `start` to the end of the normalized text byte for byte.
        let needs_span = match self.spans.last() {
            None => start != self.text.len(),
            Some(last) => {
                last.atomic || last.original + (self.text.len() - last.normalized) != start
            }
        };
        if needs_span {
            self.spans.push(Span {
                normalized: self.text.len(),
                original: start,
                atomic: false,
            });
        }
        let at = self.text.len();
        self.text.push_str(&original[start..end]);
        self.text[at..].make_ascii_lowercase();
    }

    fn push_chunk(&mut self, original: &str, start: usize, end: usize) {
        let chunk = &original[start..end];
        if chunk.is_ascii() || !chunk_changes(chunk) {
            self.copy(original, start, end);
            return;
        }
        let normalized_start = self.text.len();
        for c in chunk.nfkc() {
            self.text.extend(c.to_lowercase());
        }
        if self.text.len() == normalized_start {
            // The chunk normalized to nothing (a lone default-ignorable
            // character). Nothing to map: the next span starts where it ends.
            return;
        }
        self.spans.push(Span {
            normalized: normalized_start,
            original: start,
            atomic: true,
        });
        // A following unchanged stretch needs its own span; `copy` adds it.
    }
}

/// Whether `c` begins a new normalization unit.
fn starts_chunk(c: char) -> bool {
    if c.is_ascii() || is_hangul_syllable(c) {
        return true;
    }
    canonical_combining_class(c) == 0 && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Maybe
}

/// Whether `c` is unchanged by NFKC and lower-casing on its own and cannot
/// combine with a neighbour.
fn char_is_stable(c: char) -> bool {
    if is_hangul_syllable(c) {
        return true;
    }
    canonical_combining_class(c) == 0
        && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
        && !c.is_uppercase()
}

fn chunk_changes(chunk: &str) -> bool {
    let mut chars = chunk.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !char_is_stable(c),
        _ => {
            is_nfkc_quick(chunk.chars()) != IsNormalized::Yes
                || chunk.chars().any(char::is_uppercase)
                || chunk.nfkc().ne(chunk.chars())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(input: &str) -> String {
        NormalizedText::new(input).as_str().to_string()
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        let n = NormalizedText::new("세종시는 서울시와 협력했다");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.to_original(3, 9), (3, 9));
    }

    #[test]
    fn full_width_and_upper_case() {
        let input = "ＡＢＣ１２３ 세종";
        let n = NormalizedText::new(input);
        assert_eq!(n.as_str(), "abc123 세종");
        // "abc" is normalized bytes 0..3, produced by the three full-width letters.
        assert_eq!(n.to_original(0, 3), (0, 9));
        assert_eq!(&input[9..18], "１２３");
        assert_eq!(n.to_original(3, 6), (9, 18));
        let (s, e) = n.to_original(7, 13);
        assert_eq!(&input[s..e], "세종");
    }

    #[test]
    fn ascii_upper_case_maps_one_to_one() {
        let input = "KoSearch 검색";
        let n = NormalizedText::new(input);
        assert_eq!(n.as_str(), "kosearch 검색");
        assert_eq!(n.to_original(0, 8), (0, 8));
        assert_eq!(n.to_original(9, 15), (9, 15));
    }

    #[test]
    fn decomposed_jamo_compose() {
        // 한 as three conjoining jamo, then a precomposed 글.
        let input = "\u{1112}\u{1161}\u{11AB}글";
        let n = NormalizedText::new(input);
        assert_eq!(n.as_str(), "한글");
        assert_eq!(n.to_original(0, 3), (0, 9));
        assert_eq!(n.to_original(3, 6), (9, 12));
    }

    #[test]
    fn offsets_inside_an_expanded_character_widen_to_it() {
        let input = "㈜세종";
        let n = NormalizedText::new(input);
        assert_eq!(n.as_str(), "(주)세종");
        // "주" sits inside the expansion of ㈜.
        assert_eq!(n.to_original(1, 4), (0, 3));
        let (s, e) = n.to_original(5, 11);
        assert_eq!(&input[s..e], "세종");
    }

    #[test]
    fn compatibility_jamo_become_conjoining() {
        assert_eq!(roundtrip("ㅋㅋ"), "\u{110F}\u{110F}");
    }

    #[test]
    fn one_to_one_only_when_new_maps_one_to_one() {
        let agrees = |text: &str| match NormalizedText::one_to_one(text) {
            Some(quick) => {
                let full = NormalizedText::new(text);
                assert_eq!(quick.as_str(), full.as_str(), "{text:?}");
                assert!(full.spans.is_empty(), "{text:?}");
                true
            }
            None => false,
        };
        assert!(agrees(""));
        assert!(agrees("KoSearch 세종시는 《책》 “인용” 3·1 運動 é"));
        // Every character of the Basic Multilingual Plane, alone, and
        // starting at each of bytes 12 to 16, around the end of a chunk.
        let mut one_to_one = 0;
        for c in ('\0'..='\u{FFFF}').filter(|c| !c.is_ascii()) {
            let mut all = agrees(&c.to_string());
            for padding in 0..=CHUNK - 12 {
                let before = "A".repeat(padding) + "가나다라";
                all &= agrees(&format!("{before}{c}라마바사아자차"));
            }
            if all {
                one_to_one += 1;
            } else {
                assert!(!is_hangul_syllable(c), "{c:?}");
            }
        }
        assert!(one_to_one > 40_000, "{one_to_one}");
        // Full-width letters, compatibility jamo, decomposed jamo, a no-break
        // space, Latin upper case.
        for text in [
            "ＡＢＣ",
            "ㅋㅋ",
            "\u{1112}\u{1161}\u{11AB}",
            "a\u{A0}b",
            "É",
        ] {
            assert!(NormalizedText::one_to_one(text).is_none(), "{text}");
        }
    }

    #[test]
    fn empty_and_combining_only() {
        assert_eq!(roundtrip(""), "");
        let n = NormalizedText::new("\u{0301}\u{0301}");
        let (s, e) = n.to_original(0, n.as_str().len());
        assert!(s <= e && e <= 4);
    }
}
