//! What a document gives the suggestion dictionary: its title whole, and
//! its salient words, in their written form.
//!
//! The words are those of the title and of the body's lead (its first
//! [`LEAD_CHARS`] characters, cut at a space): the analyzer runs over them
//! a second time for this, through the indexing thread's analysis cache,
//! which the title and body fields, indexed just before, have filled with
//! the same words in the same contexts (all but the lead's last word): the
//! second pass replays them rather than segmenting them again. The lead
//! bounds what the cache misses, while the words a document is about are
//! nearly always in its first sentences. They are
//! the analyzer's nouns, proper nouns and foreign words
//! (`NNG`, `NNP`, `SL`), compounds and their parts, and a written word's
//! nominal part whole ([`TermKind::WholeWord`]: 메테스키 of 메테스키는), each
//! as the document writes it (`iPhone`, not the indexed `iphone`). They
//! are indexed, once per document, in the index's `suggest` field by
//! [`SalientWords`], a tantivy tokenizer: so the indexing threads find
//! them, and the index keeps them with the same commits as the rest.

use std::collections::HashSet;

use tantivy::tokenizer::{PreTokenizedString, Token, TokenStream, Tokenizer};

use crate::analysis::{Analysis, Analyzer, TermKind};

/// The name the tokenizer of the `suggest` field is registered under in
/// an index.
pub const TOKENIZER_NAME: &str = "kosearch_suggest";

/// Longest suggestion, in characters: a longer title or word is left out
/// (a title made from text is at most 100 characters).
pub(crate) const MAX_ENTRY_CHARS: usize = 100;

/// How much of a body gives salient words, in characters.
pub(crate) const LEAD_CHARS: usize = 300;

/// The first [`LEAD_CHARS`] characters of `body`, cut before the word the
/// bound falls in.
pub(crate) fn lead(body: &str) -> &str {
    let Some((end, _)) = body.char_indices().nth(LEAD_CHARS) else {
        return body;
    };
    let cut = body[..end].rfind(char::is_whitespace).unwrap_or(end);
    &body[..cut]
}

/// The parts of speech of salient words.
const SALIENT_TAGS: [&str; 3] = ["NNG", "NNP", "SL"];

/// Runs the analyzer over a document's text and gives its salient words,
/// each once.
#[derive(Clone)]
pub(crate) struct SalientWords {
    analyzer: Analyzer,
    /// The budget of each thread's analysis cache, in bytes (0: none): the
    /// one the index's text fields use, so that this pass finds their words.
    cache_bytes: usize,
}

impl SalientWords {
    pub(crate) fn new(analyzer: Analyzer, cache_bytes: usize) -> Self {
        SalientWords {
            analyzer,
            cache_bytes,
        }
    }
}

/// The salient words of `text`, each once, in order of first appearance,
/// analyzed through the thread's analysis cache of `cache_bytes` (0: none).
pub(crate) fn salient_words<'t>(
    analyzer: &Analyzer,
    text: &'t str,
    cache_bytes: usize,
) -> Vec<&'t str> {
    let mut seen = HashSet::new();
    let mut words = Vec::new();
    let mut analysis = Analysis::new(analyzer, text).with_cache(cache_bytes);
    while analysis.next_piece(&mut |term| {
        let salient = SALIENT_TAGS.contains(&term.pos) && term.kind != TermKind::Reading;
        let Some(word) = text.get(term.start..term.end) else {
            return;
        };
        if salient && is_entry(word) && seen.insert(word) {
            words.push(word);
        }
    }) {}
    words
}

/// Whether `text` can be a suggestion: a letter in it, and not too long.
fn is_entry(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && text.chars().nth(MAX_ENTRY_CHARS).is_none()
}

/// The whole title as one suggestion (white space runs as one space), when
/// it can be one.
pub(crate) fn title_entry(title: &str) -> Option<PreTokenizedString> {
    let text = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if !is_entry(&text) {
        return None;
    }
    // Position 0, not `Token::default()`'s `usize::MAX`: tantivy adds the
    // position to the field's as a `u32`, which overflows.
    let token = Token {
        offset_from: 0,
        offset_to: text.len(),
        position: 0,
        text: text.clone(),
        position_length: 1,
    };
    Some(PreTokenizedString {
        text,
        tokens: vec![token],
    })
}

impl Tokenizer for SalientWords {
    type TokenStream<'a> = Words;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Words {
        let tokens = salient_words(&self.analyzer, text, self.cache_bytes)
            .into_iter()
            .enumerate()
            .map(|(position, word)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text: word.to_string(),
                position_length: 1,
            })
            .collect();
        Words { tokens, next: 0 }
    }
}

/// The salient words of one text, as tantivy reads them.
pub(crate) struct Words {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Words {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_dictionary;
    use crate::analysis::{AnalyzerConfig, DEFAULT_CACHE_BYTES};

    #[test]
    fn the_cache_changes_no_salient_word() {
        let dictionary = test_dictionary();
        let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let article = std::fs::read_to_string(corpus.join("000_bcc3dce22a5e3c6c.txt")).unwrap();
        let (title, body) = article.split_once('\n').unwrap();
        for text in [title, lead(body), body] {
            let expected = salient_words(&analyzer, text, 0);
            assert!(expected.contains(&"세종시"), "{expected:?}");
            // Cold, then warm: the second pass replays every word.
            for _ in 0..2 {
                assert_eq!(
                    salient_words(&analyzer, text, DEFAULT_CACHE_BYTES),
                    expected
                );
            }
        }
    }

    #[test]
    fn the_lead_ends_before_a_word_cut_by_the_bound() {
        assert_eq!(lead("짧은 본문"), "짧은 본문");
        let body = format!("{} 세종시", "가".repeat(LEAD_CHARS - 3));
        assert_eq!(lead(&body), "가".repeat(LEAD_CHARS - 3));
        let unbroken = "가".repeat(LEAD_CHARS * 2);
        assert_eq!(lead(&unbroken).chars().count(), LEAD_CHARS);
    }

    /// tantivy adds a pre-tokenized token's position to the field's as a
    /// `u32`: `Token::default()`'s `usize::MAX` overflowed there, a panic
    /// in every debug build that indexed a title (release builds wrapped).
    #[test]
    fn a_title_entry_stands_at_the_first_position() {
        let entry = title_entry("세종시  행정 수도").expect("an entry");
        assert_eq!(entry.text, "세종시 행정 수도");
        let [token] = entry.tokens.as_slice() else {
            panic!("one token: {:?}", entry.tokens);
        };
        assert_eq!((token.position, token.position_length), (0, 1));
        assert_eq!((token.offset_from, token.offset_to), (0, entry.text.len()));
    }
}
