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

#[cfg(test)]
mod tests {
    use super::{Edge, WordContext};

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
}
