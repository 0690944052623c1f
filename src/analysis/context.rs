//! Where a written word stands: the two bits of context that, with the word
//! itself, decide how the dictionary segments it.
//!
//! lindera reads a run of white space as one `SPACE` node that every path
//! crosses at the same cost, so the best path inside a written word (an
//! eojeol: the characters between two runs of white space) depends on the
//! word and on nothing else outside it but two facts:
//!
//! - **left**: whether the word follows white space or starts a sentence
//!   (the text's start, or just after a line feed or a tab). mecab-ko-dic
//!   charges a penalty to particles, endings and suffixes that follow a
//!   space, and not at a sentence start: 배너를 is 배너 + 를 at a line's
//!   start, but 배 + 너 + 를 after a space;
//! - **right**: whether white space follows the word (a line feed counts:
//!   lindera ends the sentence after it) or the text ends there: 러시아산
//!   at the very end of a text is 러시아 + 산 (a noun, "mountain"), before
//!   a space 러시아 + a suffix.
//!
//! A document gives most words both `Space` edges. A query word, typed on
//! its own, has `Boundary` on both sides, a segmentation documents give a
//! word only when it is a whole line; so the query side analyzes a word in
//! every [`WordContext`] ([`WordContext::ALL`]) and matches any of the
//! analyses ([`Analyzer::analyze_in`](super::Analyzer::analyze_in)).
//!
//! The analysis cache (`word_cache`) keys a word's analysis by the word and
//! its context, and [`Spaces::words`] finds both in a text.

use std::ops::Range;

/// One side of a written word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The start (on the left) or the end (on the right) of a sentence.
    Boundary,
    /// White space.
    Space,
}

/// The context of a written word: what lies on each side of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordContext {
    /// Before the word.
    pub left: Edge,
    /// After the word.
    pub right: Edge,
}

impl WordContext {
    /// Every context, the one inside a sentence first: the context of most
    /// words of a document.
    pub const ALL: [WordContext; 4] = [
        WordContext::new(Edge::Space, Edge::Space),
        WordContext::new(Edge::Boundary, Edge::Space),
        WordContext::new(Edge::Space, Edge::Boundary),
        WordContext::new(Edge::Boundary, Edge::Boundary),
    ];

    /// The context with `left` before the word and `right` after it.
    pub const fn new(left: Edge, right: Edge) -> Self {
        WordContext { left, right }
    }

    /// `text` as lindera must read it to see it in this context: with one
    /// space on each side that has one, and the byte offset of `text` in it.
    /// One space stands for any run of white space but a line feed or a
    /// tab, which end a sentence (an edge too, on the right).
    pub(crate) fn surround(self, text: &str) -> (String, usize) {
        let mut padded = String::with_capacity(text.len() + 2);
        let offset = match self.left {
            Edge::Space => {
                padded.push(' ');
                1
            }
            Edge::Boundary => 0,
        };
        padded.push_str(text);
        if self.right == Edge::Space {
            padded.push(' ');
        }
        (padded, offset)
    }
}

/// The characters that separate written words as the dictionary sees them:
/// its `SPACE` class (mecab-ko-dic: space, tab, line feed, carriage return
/// and vertical tab; not every character Unicode calls white space).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spaces {
    /// Bit `b` is set when ASCII byte `b` is a `SPACE` character.
    ascii: u128,
}

impl Spaces {
    /// The separators among `chars`, a dictionary's `SPACE` class; `None`
    /// when one of them is not ASCII, which the splitter does not handle
    /// (no known dictionary has one).
    pub(crate) fn new(chars: &str) -> Option<Spaces> {
        let mut ascii = 0u128;
        for c in chars.chars() {
            if !c.is_ascii() {
                return None;
            }
            ascii |= 1 << c as u32;
        }
        Some(Spaces { ascii })
    }

    fn contains(self, byte: u8) -> bool {
        byte < 128 && self.ascii & (1 << byte) != 0
    }

    /// The written words of `text` (a text as lindera receives it in one
    /// call), with their byte ranges and contexts: a word after a line feed
    /// or a tab starts a sentence, for lindera ends one there.
    pub(crate) fn words(
        self,
        text: &str,
    ) -> impl Iterator<Item = (Range<usize>, WordContext)> + '_ {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() && self.contains(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            let start = at;
            while at < bytes.len() && !self.contains(bytes[at]) {
                at += 1;
            }
            let left = match start.checked_sub(1).map(|before| bytes[before]) {
                None | Some(b'\n' | b'\t') => Edge::Boundary,
                Some(_) => Edge::Space,
            };
            let right = if at == bytes.len() {
                Edge::Boundary
            } else {
                Edge::Space
            };
            Some((start..at, WordContext::new(left, right)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Edge, Spaces, WordContext};

    #[test]
    fn every_context_once() {
        let mut seen = std::collections::HashSet::new();
        assert!(WordContext::ALL.iter().all(|context| seen.insert(*context)));
        assert_eq!(
            WordContext::ALL[0],
            WordContext::new(Edge::Space, Edge::Space)
        );
    }

    #[test]
    fn surround_pads_the_spaced_sides() {
        let space = WordContext::new(Edge::Space, Edge::Space);
        assert_eq!(space.surround("배너를"), (" 배너를 ".to_string(), 1));
        let start = WordContext::new(Edge::Boundary, Edge::Space);
        assert_eq!(start.surround("배너를"), ("배너를 ".to_string(), 0));
        let end = WordContext::new(Edge::Space, Edge::Boundary);
        assert_eq!(end.surround("배너를"), (" 배너를".to_string(), 1));
    }

    #[test]
    fn words_and_their_contexts() {
        use Edge::{Boundary, Space};
        let spaces = Spaces::new(" \t\n\r\x0b").unwrap();
        let words: Vec<_> = spaces
            .words("가 나\n다\t라\r마\x0b바 \n사\x0c아  ")
            .map(|(range, context)| (range, context.left, context.right))
            .collect();
        assert_eq!(
            words,
            [
                (0..3, Boundary, Space),
                (4..7, Space, Space),
                (8..11, Boundary, Space),
                (12..15, Boundary, Space),
                (16..19, Space, Space),
                (20..23, Space, Space),
                // A form feed is not a SPACE character.
                (25..32, Boundary, Space),
            ]
        );
        let last: Vec<_> = spaces.words(" 가").collect();
        assert_eq!(last, [(1..4, WordContext::new(Space, Boundary))]);
        assert!(Spaces::new(" \u{3000}").is_none());
    }
}
