//! Hangul character bigrams: a fallback for words the dictionary lacks.
//!
//! `고향사랑기부제` gives 고향, 향사, 사랑, 랑기, 기부, 부제; a query for a new
//! word the morphological analyzer splits oddly still finds it through its
//! bigrams. Runs of other characters produce nothing; a lone Hangul syllable
//! produces itself.

use std::iter::{Chain, Once};
use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::chars::is_hangul_syllable;

/// The bigram tokenizer.
#[derive(Clone, Default)]
pub struct HangulBigramTokenizer;

impl Tokenizer for HangulBigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        BigramTokenStream {
            // A space after the end closes the last run.
            chars: text
                .char_indices()
                .chain(std::iter::once((text.len(), ' '))),
            run: None,
            token: Token::default(),
            count: 0,
        }
    }
}

/// The bigrams of one text, made as they are read.
pub struct BigramTokenStream<'a> {
    chars: Chain<CharIndices<'a>, Once<(usize, char)>>,
    /// The last syllable of the run being read (offset, syllable), and
    /// whether the run is that syllable alone.
    run: Option<(usize, char, bool)>,
    token: Token,
    /// Tokens given so far: the next one's position.
    count: usize,
}

impl BigramTokenStream<'_> {
    fn give(&mut self, start: usize, end: usize, text: impl Iterator<Item = char>) {
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.count;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.extend(text);
        self.count += 1;
    }
}

impl TokenStream for BigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((offset, c)) = self.chars.next() {
            let previous = self.run.take();
            if is_hangul_syllable(c) {
                self.run = Some((offset, c, previous.is_none()));
                if let Some((start, first, _)) = previous {
                    self.give(start, offset + c.len_utf8(), [first, c].into_iter());
                    return true;
                }
            } else if let Some((start, alone, true)) = previous {
                // A lone syllable stands for itself.
                self.give(start, offset, std::iter::once(alone));
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bigrams(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = HangulBigramTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.text.clone(), token.offset_from, token.offset_to));
        }
        out
    }

    #[test]
    fn bigrams_of_hangul_runs() {
        assert_eq!(
            bigrams("세종시 a 협약"),
            [
                ("세종".into(), 0, 6),
                ("종시".into(), 3, 9),
                ("협약".into(), 12, 18)
            ]
        );
        assert_eq!(bigrams("집"), [("집".into(), 0, 3)]);
        assert_eq!(
            bigrams("가나다 라"),
            [
                ("가나".into(), 0, 6),
                ("나다".into(), 3, 9),
                ("라".into(), 10, 13)
            ]
        );
        assert!(bigrams("abc 123 😀").is_empty());
    }
}
