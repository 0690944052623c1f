//! The analyzer as a tantivy [`Tokenizer`].

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::Analyzer;

/// How many token buffers a tokenizer keeps between texts.
const RETAINED_TOKENS: usize = 1 << 16;

/// Runs an [`Analyzer`] for tantivy, at index and at query time.
///
/// Token positions and offsets are the analyzer's: a compound noun in mixed
/// mode shares its position with its first part.
#[derive(Clone)]
pub struct KoreanTokenizer {
    analyzer: Analyzer,
    /// Reused between calls, so indexing allocates per term text only.
    tokens: Vec<Token>,
}

impl KoreanTokenizer {
    pub(crate) fn new(analyzer: Analyzer) -> Self {
        KoreanTokenizer {
            analyzer,
            tokens: Vec::new(),
        }
    }
}

impl Tokenizer for KoreanTokenizer {
    type TokenStream<'a> = KoreanTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KoreanTokenStream<'a> {
        // Overwrite the tokens of the previous text in place, so that their
        // strings' buffers are reused; but do not hold on to the memory of
        // one huge text for the tokenizer's lifetime.
        if self.tokens.len() > RETAINED_TOKENS {
            self.tokens.truncate(RETAINED_TOKENS);
            self.tokens.shrink_to_fit();
        }
        let tokens = &mut self.tokens;
        let mut len = 0;
        self.analyzer.for_each_term(text, &mut |term| {
            if len == tokens.len() {
                tokens.push(Token::default());
            }
            let token = &mut tokens[len];
            token.offset_from = term.start;
            token.offset_to = term.end;
            token.position = term.position;
            token.position_length = 1;
            token.text.clear();
            token.text.push_str(term.text);
            len += 1;
        });
        KoreanTokenStream {
            tokens: &mut self.tokens[..len],
            next: 0,
        }
    }
}

/// The terms of one text, as tantivy reads them.
pub struct KoreanTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for KoreanTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
