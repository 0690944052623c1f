//! Hangul character bigrams: a fallback for words the dictionary lacks.
//!
//! `고향사랑기부제` gives 고향, 향사, 사랑, 랑기, 기부, 부제; a query for a new
//! word the morphological analyzer splits oddly still finds it through its
//! bigrams. Runs of other characters produce nothing; a lone Hangul syllable
//! produces itself.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The bigram tokenizer.
#[derive(Clone, Default)]
pub struct HangulBigramTokenizer {
    tokens: Vec<Token>,
}

impl Tokenizer for HangulBigramTokenizer {
    type TokenStream<'a> = BigramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramTokenStream<'a> {
        self.tokens.clear();
        let mut run: Vec<(usize, char)> = Vec::new();
        let chars = text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')));
        for (offset, c) in chars {
            if is_hangul_syllable(c) {
                run.push((offset, c));
                continue;
            }
            push_run(&mut self.tokens, &run, offset);
            run.clear();
        }
        BigramTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// Emits the bigrams of one run of syllables ending at byte `end`.
fn push_run(tokens: &mut Vec<Token>, run: &[(usize, char)], end: usize) {
    let end_of = |i: usize| run.get(i + 1).map_or(end, |&(offset, _)| offset);
    if run.len() == 1 {
        let (start, c) = run[0];
        tokens.push(token(tokens.len(), start, end, c.to_string()));
        return;
    }
    for i in 0..run.len().saturating_sub(1) {
        let (start, first) = run[i];
        let second = run[i + 1].1;
        tokens.push(token(
            tokens.len(),
            start,
            end_of(i + 1),
            format!("{first}{second}"),
        ));
    }
}

fn token(position: usize, start: usize, end: usize, text: String) -> Token {
    Token {
        offset_from: start,
        offset_to: end,
        position,
        text,
        position_length: 1,
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The bigrams of one text.
pub struct BigramTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for BigramTokenStream<'_> {
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

    fn bigrams(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = HangulBigramTokenizer::default();
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
        assert!(bigrams("abc 123 😀").is_empty());
    }
}
