//! The analyzer as a tantivy [`Tokenizer`].

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::recording::{self, RecordedToken};
use super::{Analysis, Analyzer, DEFAULT_CACHE_BYTES};

/// How many token buffers a tokenizer keeps between texts.
const RETAINED_TOKENS: usize = 1 << 16;

/// Runs an [`Analyzer`] for tantivy, at index and at query time.
///
/// Token positions and offsets are the analyzer's: a compound noun in mixed
/// mode shares its position with its first part. A text is analyzed a piece
/// at a time as tantivy reads its tokens, so that indexing a long document
/// holds the tokens of one piece, not of the whole text. Each thread keeps
/// the analyses of the words it met last in an analysis cache
/// ([`with_analysis_cache`](Self::with_analysis_cache)).
#[derive(Clone)]
pub struct KoreanTokenizer {
    analyzer: Analyzer,
    /// Reused between pieces and texts, so indexing allocates per term text
    /// only.
    tokens: Vec<Token>,
    /// The budget of each thread's analysis cache, in bytes; 0: none.
    cache_bytes: usize,
    /// Whether the tokens given are recorded for an index's term offsets
    /// ([`recording`](super::recording)).
    recording: bool,
}

impl KoreanTokenizer {
    pub(crate) fn new(analyzer: Analyzer) -> Self {
        KoreanTokenizer {
            analyzer,
            tokens: Vec::new(),
            cache_bytes: DEFAULT_CACHE_BYTES,
            recording: true,
        }
    }

    /// Gives every thread that runs the tokenizer an analysis cache of
    /// `bytes` ([`DEFAULT_CACHE_BYTES`] by default; 0: none). The terms are
    /// the same either way; a thread's cache is shared by every tokenizer
    /// of the same analyzer settings that it runs, and passes to a thread
    /// started later when the thread ends (tantivy starts new indexing
    /// threads at every commit).
    pub fn with_analysis_cache(mut self, bytes: usize) -> Self {
        self.cache_bytes = bytes;
        self
    }

    /// Whether the tokens of each text are recorded on the thread, for the
    /// term offsets of a kosearch index that keeps them (on by default: a
    /// program that writes to such an index through tantivy registers this
    /// tokenizer, see [`register_plugins`](crate::index::register_plugins)).
    /// Off, the tokenizer does a little less work.
    pub fn with_recording(mut self, on: bool) -> Self {
        self.recording = on;
        self
    }
}

impl Tokenizer for KoreanTokenizer {
    type TokenStream<'a> = KoreanTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KoreanTokenStream<'a> {
        // Overwrite the tokens of the previous text in place, so that their
        // strings' buffers are reused; but do not hold on to the memory of
        // one huge piece for the tokenizer's lifetime.
        if self.tokens.len() > RETAINED_TOKENS {
            self.tokens.truncate(RETAINED_TOKENS);
            self.tokens.shrink_to_fit();
        }
        if self.recording {
            recording::start(text);
        }
        KoreanTokenStream {
            analysis: Analysis::new(&self.analyzer, text).with_cache(self.cache_bytes),
            tokens: &mut self.tokens,
            len: 0,
            next: 0,
            finished: false,
            recording: self.recording,
        }
    }
}

/// The terms of one text, as tantivy reads them, a piece at a time.
pub struct KoreanTokenStream<'a> {
    analysis: Analysis<'a>,
    /// The tokens of the current piece are `tokens[..len]`.
    tokens: &'a mut Vec<Token>,
    len: usize,
    /// The index of the next token to give.
    next: usize,
    finished: bool,
    recording: bool,
}

impl KoreanTokenStream<'_> {
    /// Replaces the tokens with those of the next piece.
    fn refill(&mut self) {
        let tokens = &mut *self.tokens;
        let mut len = 0;
        self.finished = !self.analysis.next_piece(&mut |term| {
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
        self.len = len;
        self.next = 0;
        if !self.recording {
            return;
        }
        // Offsets and positions of texts tantivy indexes fit in `u32` (its
        // positions are `u32`; a document is at most 4 GiB).
        let narrow = |value: usize| u32::try_from(value).unwrap_or(u32::MAX);
        recording::record(tokens[..len].iter().map(|token| RecordedToken {
            position: narrow(token.position),
            start: narrow(token.offset_from),
            end: narrow(token.offset_to),
            hash: recording::text_hash(&token.text),
        }));
        if self.finished {
            recording::finish();
        }
    }
}

impl TokenStream for KoreanTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while self.next == self.len {
            if self.finished {
                return false;
            }
            self.refill();
        }
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}
