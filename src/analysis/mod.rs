//! The Korean analyzer: text in, index terms out.
//!
//! [`Analyzer`] turns text into [`Term`]s in four steps:
//!
//! 1. **Normalization**: NFKC and lower case (full-width `Ａ１` → `a1`,
//!    decomposed jamo → syllables), remembering where every normalized byte
//!    came from so that terms point into the original text.
//! 2. **Segmentation** with lindera over mecab-ko-dic, plus the built-in and
//!    any user dictionaries.
//! 3. **Filtering by part of speech**: particles, endings, suffixes and
//!    punctuation go; nouns, verb and adjective stems, prefixes, numbers,
//!    foreign words and Hanja stay (see [`pos`](self) rules in the docs of
//!    [`Analyzer`]).
//! 4. **Expansion**: inflected forms give their stem (협력했다 → 협력;
//!    먹었다 → 먹), compound nouns give themselves and their parts
//!    ([`DecompoundMode::Mixed`]): 국가인권위원회 is found by 인권 too, and a
//!    written word cut into several nominal morphemes also gives its whole
//!    form ([`TermKind::WholeWord`]: 메테스키 of 메테스키는, which the
//!    dictionary cuts 메테 + 스키 in one sentence and 메 + 테스키 in
//!    another).
//!
//! Every term has byte offsets into the original text and a position; the
//! parts of a compound take consecutive positions starting at the compound's
//! own, so phrase queries work over either form.
//!
//! The same analyzer serves index and query time: [`Analyzer::tokenizer`]
//! wraps it as a tantivy tokenizer registered under [`TOKENIZER_NAME`].
//!
//! ```no_run
//! use kosearch::analysis::{Analyzer, AnalyzerConfig};
//! use kosearch::dictionary::{self, KoreanDictionary};
//!
//! let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
//! let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default())?;
//! let terms: Vec<String> = analyzer
//!     .analyze("서울시와 협력했다")
//!     .into_iter()
//!     .map(|term| term.text)
//!     .collect();
//! assert_eq!(terms, ["서울시", "서울", "시", "협력"]);
//! # Ok::<(), kosearch::Error>(())
//! ```

pub(crate) mod abbreviations;
mod bigram;
mod by_word;
mod context;
pub(crate) mod normalize;
mod pos;
pub(crate) mod recording;
mod tokenizer;
mod user_dictionary;
mod word_cache;

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;

use lindera::dictionary::{
    Dictionary as LinderaDictionary, UserDictionary as LinderaUserDictionary,
};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::token::Token as LinderaToken;
use lindera_dictionary::dictionary::DetailFields;
use lindera_dictionary::viterbi::Lattice;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use self::bigram::{BigramTokenStream, HangulBigramTokenizer};
pub use self::by_word::forget_thread_cache;
pub use self::context::{Edge, WordContext};
use self::normalize::NormalizedText;
pub use self::tokenizer::{KoreanTokenStream, KoreanTokenizer};
pub use self::user_dictionary::{UserDictionary, UserWord};
pub use self::word_cache::{cache_stats, CacheStats, DEFAULT_CACHE_BYTES};
use crate::chars::{is_hangul_syllable, is_hanja};
use crate::dictionary::KoreanDictionary;
use crate::Result;

/// NFKC-normalizes and lower-cases `text` the way the analyzer does before
/// segmentation.
///
/// ```
/// assert_eq!(kosearch::analysis::normalize("ＫＯＲＥＡ １２３"), "korea 123");
/// ```
pub fn normalize(text: &str) -> String {
    NormalizedText::new(text).as_str().to_string()
}

/// The name the analyzer is registered under in a tantivy index, for index
/// and query time alike.
pub const TOKENIZER_NAME: &str = "kosearch_ko";

/// Longest run of characters of one kind (for example Latin letters or
/// unknown Hangul) grouped into a single unknown word. Longer runs are split
/// so that junk input cannot produce huge terms.
const MAX_UNKNOWN_WORD_CHARS: usize = 64;

/// Longest stretch without white space segmented in one piece; longer ones
/// (never prose: a URL, an encoded blob, junk) are cut into pieces of about
/// this many characters, after a punctuation mark when there is one near
/// the end, so that segmenting them takes linear time.
const MAX_PIECE_CHARS: usize = 256;

/// A text is analyzed a piece of about this many bytes at a time (more: up
/// to the end of a sentence), so that analyzing a text of any length holds
/// the segmenter's tokens and the terms of one piece only, not of the whole
/// text (a 50 MB document took 2 GB).
const PIECE_BYTES: usize = 64 * 1024;

/// lindera segments a text sentence by sentence: a sentence ends after a
/// line feed, a tab, `。` or `、`, or, without one, at the first character
/// boundary this many bytes from its start (lindera 6.2's
/// `MAX_SENTENCE_BYTES`). Pieces end where a sentence ends, so cutting a
/// text in pieces leaves its terms exactly as they were; the test
/// `long_texts_analyze_in_pieces_exactly_as_whole` holds lindera to it.
const SENTENCE_BYTES: usize = 32 * 1024;

/// Whether `c` is neither a letter nor a digit; Hangul syllables and ASCII
/// first, since the Unicode tables cost more than this whole scan.
fn is_mark(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_alphanumeric()
    } else {
        !is_hangul_syllable(c) && !c.is_alphanumeric()
    }
}

/// A sentence this long (in bytes, so at least as long in characters) may
/// be cut by lindera at a length, or hold paths whose costs lindera clamps
/// (from 30,018 characters on), so that its words' analyses depend on more
/// than the words.
const LONG_SENTENCE_BYTES: usize = 30_000;

/// The next piece of a text for the segmenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Its length in bytes.
    len: usize,
    /// It holds a sentence of [`LONG_SENTENCE_BYTES`] or more.
    long_sentence: bool,
    /// It ends inside a stretch without white space, cut for being longer
    /// than [`MAX_PIECE_CHARS`].
    cut: bool,
}

/// The next piece of `text` for the segmenter: up to the end of the first
/// sentence ending [`PIECE_BYTES`] or more into it, or less when a stretch
/// without white space is longer than [`MAX_PIECE_CHARS`].
fn next_piece(text: &str, piece_bytes: usize) -> Piece {
    let (mut run, mut punctuation) = (0, None);
    let (mut sentence_start, mut long_sentence) = (0, false);
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        long_sentence |= end - sentence_start >= LONG_SENTENCE_BYTES;
        // As lindera reads sentences: a delimiter, else the length.
        if matches!(c, '\n' | '\t' | '。' | '、') || end - sentence_start >= SENTENCE_BYTES {
            if end >= piece_bytes {
                return Piece {
                    len: end,
                    long_sentence,
                    cut: false,
                };
            }
            sentence_start = end;
        }
        if c.is_whitespace() {
            (run, punctuation) = (0, None);
            continue;
        }
        run += 1;
        if run > MAX_PIECE_CHARS {
            // After the last punctuation mark of the last quarter of the
            // stretch, or here.
            let len = match punctuation {
                Some((after, chars)) if run - chars <= MAX_PIECE_CHARS / 4 => after,
                _ => at,
            };
            return Piece {
                len,
                long_sentence,
                cut: true,
            };
        }
        if is_mark(c) {
            punctuation = Some((at + c.len_utf8(), run));
        }
    }
    Piece {
        len: text.len(),
        long_sentence,
        cut: false,
    }
}

/// The length of the next piece of `text` for the white-space tokenizer: to
/// the first white space [`PIECE_BYTES`] or more into it.
fn whitespace_piece_len(text: &str) -> usize {
    text.char_indices()
        .skip_while(|&(at, _)| at < PIECE_BYTES)
        .find(|&(_, c)| c.is_whitespace())
        .map_or(text.len(), |(at, _)| at)
}

/// How compound nouns are indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecompoundMode {
    /// Only the compound as a whole (정원도시).
    None,
    /// Only its parts (정원, 도시).
    Discard,
    /// The compound and its parts (정원도시, 정원, 도시).
    #[default]
    Mixed,
}

/// How text is cut into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tokenization {
    /// Morphological analysis with mecab-ko-dic: particles and endings
    /// dropped, stems and compound parts indexed.
    #[default]
    Morphological,
    /// Words as written, cut at whitespace, with punctuation at their edges
    /// trimmed (`협약은?` is `협약은`). No dictionary is consulted: the
    /// baseline that morphological analysis is measured against.
    Whitespace,
}

/// Settings that change which terms the analyzer produces. An index records
/// them, since index and query analysis must agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalyzerConfig {
    /// How text is cut into words.
    pub tokenization: Tokenization,
    /// How compound nouns are indexed.
    pub decompound: DecompoundMode,
    /// Also index the Hangul reading of Hanja words (鄕歌 → 향가).
    pub hanja_readings: bool,
    /// Also index the word a headline's Hanja abbreviation stands for (美 →
    /// 미국, 北 → 북한), when the Hanja is a morpheme of its own (not 美 of
    /// 美術): [`TermKind::Abbreviation`].
    pub headline_abbreviations: bool,
    /// Also index a written word's nominal part whole when it was cut into
    /// several morphemes ([`TermKind::WholeWord`]).
    pub whole_words: bool,
    /// Use the user dictionary that ships with kosearch.
    pub builtin_user_dictionary: bool,
    /// Further user dictionary files (CSV), applied after the built-in one.
    pub user_dictionaries: Vec<PathBuf>,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            tokenization: Tokenization::Morphological,
            decompound: DecompoundMode::Mixed,
            hanja_readings: false,
            headline_abbreviations: true,
            whole_words: true,
            builtin_user_dictionary: true,
            user_dictionaries: Vec::new(),
        }
    }
}

impl AnalyzerConfig {
    /// The effective user dictionary: the built-in one (unless turned off)
    /// followed by the files, later entries winning.
    pub fn user_dictionary(&self) -> Result<UserDictionary> {
        let mut user_dictionary = if self.builtin_user_dictionary {
            UserDictionary::builtin()
        } else {
            UserDictionary::new()
        };
        for path in &self.user_dictionaries {
            user_dictionary.extend(UserDictionary::load(path)?);
        }
        Ok(user_dictionary)
    }
}

/// What a term stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// A word as segmented: a simple noun, a stem, a number, a foreign word.
    Word,
    /// A compound noun indexed whole (정원도시 in mixed mode).
    Compound,
    /// A part of a compound noun (정원, 도시).
    CompoundPart,
    /// The Hangul reading of a Hanja word (향가 for 鄕歌).
    Reading,
    /// The word a headline's Hanja abbreviation stands for (미국 for 美),
    /// at the abbreviation's position and with its offsets.
    Abbreviation,
    /// A written word's nominal part, whole, when the analyzer cut it into
    /// several morphemes (메테스키 of 메테스키는, 1901년 of 1901년에): a
    /// name the dictionary lacks is not cut the same way in every context
    /// (메 + 테스키 in one sentence, 메테 + 스키 in another), but its
    /// written form does not change. At the position of its last morpheme.
    WholeWord,
}

/// One index term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The term as indexed: normalized, lower-cased, a stem for verbs.
    pub text: String,
    /// The normalized text the term was read from: the same as `text` except
    /// for stems of inflected words (`text` 하, `surface` 했) and readings.
    pub surface: String,
    /// Part-of-speech tag (mecab-ko-dic / Sejong tag set), e.g. `NNG`.
    pub pos: String,
    /// Byte offset in the original text where the term's source starts.
    pub start: usize,
    /// Byte offset in the original text where the term's source ends.
    pub end: usize,
    /// Token position, for phrase queries.
    pub position: usize,
    /// What the term stands for.
    pub kind: TermKind,
}

/// A term as produced, borrowing from the text and the dictionary.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermRef<'a> {
    pub text: &'a str,
    pub surface: &'a str,
    pub pos: &'a str,
    pub start: usize,
    pub end: usize,
    pub position: usize,
    pub kind: TermKind,
}

impl TermRef<'_> {
    fn to_term(self) -> Term {
        Term {
            text: self.text.to_string(),
            surface: self.surface.to_string(),
            pos: self.pos.to_string(),
            start: self.start,
            end: self.end,
            position: self.position,
            kind: self.kind,
        }
    }
}

/// The Korean analyzer. Cheap to clone and shareable across threads.
///
/// Part-of-speech rules: kept are general and proper nouns (`NNG`, `NNP`),
/// numerals and counters (`NR`, `NNBC`), verb and adjective stems (`VV`,
/// `VA`), prefixes and roots (`XPN`, `XR`), foreign words (`SL`), Hanja
/// (`SH`), numbers (`SN`) and unknown words. Dropped are particles,
/// endings, suffixes, punctuation and symbols, auxiliary verbs, copulas,
/// determiners, adverbs, interjections, dependent nouns (것, 수) and
/// pronouns (무엇, 우리).
#[derive(Clone)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

struct Inner {
    segmenter: Segmenter,
    tags: pos::TagTable,
    config: AnalyzerConfig,
    user_dictionary_checksum: String,
    dictionary_version: String,
    /// How to cut a text into the words the analysis cache remembers;
    /// `None` when it cannot be used (white space tokenization, or a
    /// dictionary installed before kosearch recorded its white space).
    words: Option<by_word::WordSplitter>,
    /// What decides the terms of a word besides the word (dictionary, user
    /// dictionary, settings, the analyzer's own code), so that a cache
    /// outliving the analyzer never serves another's terms.
    fingerprint: [u8; 32],
}

thread_local! {
    /// The Viterbi lattice is large; reuse one per thread.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

impl Analyzer {
    /// Builds an analyzer over a loaded dictionary. Fails when a user
    /// dictionary file is missing or malformed.
    pub fn new(dictionary: &KoreanDictionary, config: &AnalyzerConfig) -> Result<Self> {
        let user_dictionary = config.user_dictionary()?;
        Self::with_user_dictionary(dictionary, config, &user_dictionary)
    }

    /// Builds an analyzer with an explicit user dictionary (ignoring the
    /// dictionary settings of `config`).
    pub fn with_user_dictionary(
        dictionary: &KoreanDictionary,
        config: &AnalyzerConfig,
        user_dictionary: &UserDictionary,
    ) -> Result<Self> {
        let compiled: Option<LinderaUserDictionary> = user_dictionary.compile()?;
        let system: LinderaDictionary = dictionary.lindera().clone();
        let tags = tag_table(&system);
        let segmenter = Segmenter::new(Mode::Normal, system, compiled)
            .max_grouping_len(Some(MAX_UNKNOWN_WORD_CHARS));
        let user_dictionary_checksum = user_dictionary.checksum();
        let words = match config.tokenization {
            Tokenization::Morphological => dictionary.spaces().and_then(by_word::WordSplitter::new),
            Tokenization::Whitespace => None,
        };
        let mut fingerprint = Sha256::new();
        fingerprint.update(by_word::ANALYSIS_REVISION.to_le_bytes());
        fingerprint.update(dictionary.fingerprint());
        fingerprint.update(user_dictionary_checksum.as_bytes());
        fingerprint.update(serde_json::to_vec(config).unwrap_or_default());
        Ok(Analyzer {
            inner: Arc::new(Inner {
                segmenter,
                tags,
                config: config.clone(),
                user_dictionary_checksum,
                dictionary_version: dictionary.version().to_string(),
                words,
                fingerprint: fingerprint.finalize().into(),
            }),
        })
    }

    /// The settings this analyzer was built with.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.inner.config
    }

    /// SHA-256 of the effective user dictionary (built-in plus files).
    pub fn user_dictionary_checksum(&self) -> &str {
        &self.inner.user_dictionary_checksum
    }

    /// Version of the system dictionary.
    pub fn dictionary_version(&self) -> &str {
        &self.inner.dictionary_version
    }

    /// Analyzes `text` into terms, in order of position.
    pub fn analyze(&self, text: &str) -> Vec<Term> {
        let mut terms = Vec::new();
        self.for_each_term(text, &mut |term| terms.push(term.to_term()));
        terms
    }

    /// Analyzes `text` as the dictionary reads it in `context`: as a word
    /// (or words) of a longer text, after white space or at a sentence's
    /// start, and before white space or at its end. Offsets are into `text`.
    ///
    /// ```no_run
    /// # use kosearch::analysis::{Analyzer, AnalyzerConfig, Edge, WordContext};
    /// # use kosearch::dictionary::{self, KoreanDictionary};
    /// # let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
    /// # let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default())?;
    /// let texts = |context| -> Vec<String> {
    ///     analyzer.analyze_in("러시아산", context).into_iter().map(|term| term.text).collect()
    /// };
    /// // Inside a sentence, 산 is a suffix; at the end of a text, a noun.
    /// assert_eq!(texts(WordContext::new(Edge::Space, Edge::Space)), ["러시아"]);
    /// assert_eq!(texts(WordContext::new(Edge::Space, Edge::Boundary)), ["러시아", "산", "러시아산"]);
    /// # Ok::<(), kosearch::Error>(())
    /// ```
    pub fn analyze_in(&self, text: &str, context: WordContext) -> Vec<Term> {
        let (padded, offset) = context.surround(text);
        let mut terms = Vec::new();
        self.for_each_term(&padded, &mut |term| {
            let mut term = term.to_term();
            // A term may begin on the added space: NFKC reads a space and a
            // conjoining jamo after it as one.
            term.start = term.start.saturating_sub(offset).min(text.len());
            term.end = term.end.saturating_sub(offset).min(text.len());
            terms.push(term);
        });
        terms
    }

    /// Analyzes `text` as [`analyze`](Self::analyze) does, handing each term
    /// to `each` as soon as it is made: the memory used stays the same for a
    /// text of any length.
    pub fn analyze_each(&self, text: &str, mut each: impl FnMut(Term)) {
        self.for_each_term(text, &mut |term| each(term.to_term()));
    }

    /// Analyzes `text` as [`analyze`](Self::analyze) does, through the
    /// calling thread's analysis cache (the one indexing uses), given a
    /// budget of `cache_bytes` (0: no cache). The terms are the same; words
    /// met before cost less.
    pub fn analyze_cached(&self, text: &str, cache_bytes: usize) -> Vec<Term> {
        let mut terms = Vec::new();
        let mut analysis = Analysis::new(self, text).with_cache(cache_bytes);
        while analysis.next_piece(&mut |term| terms.push(term.to_term())) {}
        terms
    }

    /// A tantivy tokenizer running this analyzer.
    pub fn tokenizer(&self) -> KoreanTokenizer {
        KoreanTokenizer::new(self.clone())
    }

    /// Calls `sink` with every term of `text`.
    pub(crate) fn for_each_term(&self, text: &str, sink: &mut dyn FnMut(TermRef<'_>)) {
        let mut analysis = Analysis::new(self, text);
        while analysis.next_piece(sink) {}
    }
}

/// The analysis of one text, a piece at a time: the terms of a piece are
/// made when asked for, so that a caller holds those of one piece only.
pub(crate) struct Analysis<'a> {
    analyzer: &'a Analyzer,
    normalized: NormalizedText<'a>,
    /// Where the next piece starts in the normalized text.
    next: usize,
    /// [`PIECE_BYTES`], but in tests.
    piece_bytes: usize,
    position: usize,
    word: WrittenWord,
    finished: bool,
    /// The budget of the thread's analysis cache; 0: no cache.
    cache_bytes: usize,
    /// The last piece ended inside a stretch without white space.
    after_cut: bool,
}

impl<'a> Analysis<'a> {
    pub(crate) fn new(analyzer: &'a Analyzer, text: &'a str) -> Self {
        Analysis {
            analyzer,
            normalized: NormalizedText::new(text),
            next: 0,
            piece_bytes: PIECE_BYTES,
            position: 0,
            word: WrittenWord::default(),
            finished: false,
            cache_bytes: 0,
            after_cut: false,
        }
    }

    /// Analyzes through the thread's analysis cache, of `bytes` (0: none),
    /// where the analyzer can.
    pub(crate) fn with_cache(mut self, bytes: usize) -> Self {
        self.cache_bytes = bytes;
        self
    }

    /// Calls `sink` with the terms of the next piece; `false` when the text
    /// is done (after a last call that may still make a term).
    pub(crate) fn next_piece(&mut self, sink: &mut dyn FnMut(TermRef<'_>)) -> bool {
        if self.finished {
            return false;
        }
        let inner = &*self.analyzer.inner;
        let start = self.next;
        let rest = &self.normalized.as_str()[start..];
        let mut emitter = Emitter {
            config: &inner.config,
            normalized: &self.normalized,
            position: &mut self.position,
            word: &mut self.word,
            sink,
            normalized_offsets: false,
        };
        if rest.is_empty() {
            if inner.config.tokenization == Tokenization::Morphological {
                emitter.end_word();
            }
            self.finished = true;
            return false;
        }
        if inner.config.tokenization == Tokenization::Whitespace {
            let end = start + whitespace_piece_len(rest);
            emitter.whitespace_words(start..end, |c: char| !c.is_alphanumeric());
            self.next = end;
            return true;
        }
        let piece = next_piece(rest, self.piece_bytes);
        let end = start + piece.len;
        let after_cut = std::mem::replace(&mut self.after_cut, piece.cut);
        // Pieces whose words' analyses may depend on more than the words
        // go the long way (see `by_word`).
        if let Some(words) = &inner.words
            && self.cache_bytes > 0
            && !piece.long_sentence
            && !piece.cut
            && !after_cut
            && words.analyze(inner, &mut emitter, start..end, self.cache_bytes)
        {
            self.next = end;
            return true;
        }
        // Segmented in pieces: lindera's unknown-word grouping is quadratic
        // in the length of a run of one kind of character beyond
        // MAX_UNKNOWN_WORD_CHARS (20,000 Latin letters took a second), so
        // very long stretches without a space are cut (see `next_piece`).
        let piece = &self.normalized.as_str()[start..end];
        if self.cache_bytes > 0 && inner.words.is_some() {
            word_cache::count(0, piece.chars().count() as u64);
        }
        let segmented = segment(inner, piece, |from, to, details| {
            emitter.token(start + from, start + to, details)
        });
        if !segmented {
            // lindera only fails on internal inconsistencies; rather than lose
            // the text, index it word by word as unknown words.
            emitter.whitespace_words(start..end, |_| false);
        }
        self.next = end;
        true
    }
}

/// Segments `text` (normalized) with the analyzer's segmenter, handing
/// `each` every token's byte range in `text` and details; `false` when
/// lindera failed.
fn segment(inner: &Inner, text: &str, mut each: impl FnMut(usize, usize, Details<'_>)) -> bool {
    LATTICE.with(|lattice| {
        let mut lattice = lattice.borrow_mut();
        inner
            .segmenter
            .segment_with_lattice(Cow::Borrowed(text), &mut lattice)
            .map(|tokens| {
                for token in &tokens {
                    each(token.byte_start, token.byte_end, Details::of(inner, token));
                }
            })
            .is_ok()
    })
}

/// The detail fields of a mecab-ko-dic entry that the analyzer reads.
struct Details<'a> {
    tag: &'a str,
    reading: &'a str,
    kind: &'a str,
    expression: &'a str,
}

impl<'a> Details<'a> {
    /// Nothing known: an unknown word.
    const UNKNOWN: Details<'static> = Details {
        tag: "UNKNOWN",
        reading: "*",
        kind: "*",
        expression: "*",
    };

    /// The fields at the schema's positions: tag, meaning, final consonant,
    /// reading, type, first tag, last tag, expression.
    fn from_fields<'f>(fields: impl Iterator<Item = &'f str>) -> Details<'f> {
        let mut details = Details::UNKNOWN;
        for (index, field) in fields.enumerate() {
            match index {
                0 => details.tag = field,
                3 => details.reading = field,
                4 => details.kind = field,
                7 => details.expression = field,
                _ => {}
            }
        }
        details
    }

    fn read(fields: DetailFields<'a>) -> Self {
        Self::from_fields(fields)
    }

    /// The details of a segmented token.
    fn of(inner: &'a Inner, token: &'a LinderaToken<'_>) -> Self {
        let word_id = token.word_id;
        let id = word_id.id() as usize;
        if word_id.is_unknown() {
            let mut details = Details::read(token.dictionary.unknown_word_details_iter(id));
            // mecab-ko-dic has no class for the letters of most scripts
            // (Arabic, Hebrew, Thai, Devanagari, …) and tags their words as
            // symbols: they are foreign words.
            if details.tag == "SY" && token.surface.chars().any(char::is_alphabetic) {
                details.tag = "SL";
            }
            details
        } else if word_id.is_system() {
            let readings = inner.config.hanja_readings;
            match inner.tags.simple_tag(id) {
                Some(tag) if !(readings && has_han(&token.surface)) => Details {
                    tag,
                    ..Details::UNKNOWN
                },
                _ => Details::system(token.dictionary, id),
            }
        } else {
            Details::read(
                token
                    .user_dictionary
                    .map_or_else(DetailFields::unk, |user| user.word_details_iter(id)),
            )
        }
    }

    /// Reads a system dictionary entry straight from lindera's packed
    /// records (`dict.wordsidx`: a little-endian u32 offset per word;
    /// `dict.words`: a u32 length, then the fields joined by NUL). This is
    /// the hottest lookup of the analyzer, and lindera's accessor validates
    /// and splits the whole record, including fields never read here.
    fn system(dictionary: &'a LinderaDictionary, word_id: usize) -> Self {
        Self::system_record(dictionary, word_id)
            .map(|record| {
                Self::from_fields(record.split(|&byte| byte == 0).enumerate().map(
                    |(index, field)| match index {
                        0 | 3 | 4 | 7 => std::str::from_utf8(field).unwrap_or("*"),
                        _ => "",
                    },
                ))
            })
            .unwrap_or_else(|| Self::read(dictionary.word_details_iter(word_id)))
    }

    fn system_record(dictionary: &'a LinderaDictionary, word_id: usize) -> Option<&'a [u8]> {
        let index: &[u8] = &dictionary.prefix_dictionary.words_idx_data;
        let words: &[u8] = &dictionary.prefix_dictionary.words_data;
        let at = word_id.checked_mul(4)?;
        let offset =
            u32::from_le_bytes(index.get(at..at.checked_add(4)?)?.try_into().ok()?) as usize;
        let len = u32::from_le_bytes(words.get(offset..offset.checked_add(4)?)?.try_into().ok()?)
            as usize;
        let start = offset + 4;
        words.get(start..start.checked_add(len)?)
    }
}

/// Turns segmented tokens into terms: filtering, expansion, positions and
/// offsets. The position and the written word carry over from piece to
/// piece of a text.
struct Emitter<'e, 't> {
    config: &'e AnalyzerConfig,
    normalized: &'e NormalizedText<'t>,
    position: &'e mut usize,
    word: &'e mut WrittenWord,
    sink: &'e mut dyn FnMut(TermRef<'_>),
    /// Hand `sink` offsets in the normalized text rather than the original
    /// (to remember them relative to a word).
    normalized_offsets: bool,
}

/// The written word (the text between spaces and punctuation) whose tokens
/// are being emitted, for its [`TermKind::WholeWord`].
#[derive(Default)]
struct WrittenWord {
    /// Where its first token starts (normalized bytes); `None` between words.
    start: Option<usize>,
    /// Where its last token so far ends.
    end: usize,
    /// Its tokens so far.
    tokens: usize,
    /// The end of its last nominal token, and how many tokens lead to it.
    nominal_end: Option<(usize, usize)>,
    /// The tag of that token.
    nominal_tag: String,
    /// Something other than a particle or a suffix follows that token (an
    /// ending: the word is a predicate).
    predicate: bool,
}

/// Tags of the morphemes a whole word ends in: nouns, numbers, counters,
/// foreign words, Hanja, roots and unknown words.
fn is_nominal(tag: &str) -> bool {
    matches!(
        tag,
        "NNG" | "NNP" | "NNBC" | "NR" | "XR" | "SL" | "SH" | "SN" | "UNKNOWN"
    )
}

impl Emitter<'_, '_> {
    fn token(&mut self, start: usize, end: usize, details: Details<'_>) {
        self.track_word(start, end, details.tag);
        match details.kind {
            "Compound" => self.compound(start, end, &details),
            "Inflect" | "Preanalysis" => self.expression(start, end, details.expression),
            _ if details.tag.contains('+') && details.expression != "*" => {
                self.expression(start, end, details.expression)
            }
            _ => {
                if pos::is_indexed(details.tag) {
                    let surface = &self.normalized.as_str()[start..end];
                    self.emit(surface, details.tag, start, end, TermKind::Word);
                    self.reading(&details, start, end);
                    *self.position += 1;
                }
            }
        }
    }

    fn compound(&mut self, start: usize, end: usize, details: &Details<'_>) {
        let parts = parts(details.expression);
        if parts.len() < 2 || self.config.decompound == DecompoundMode::None {
            if pos::is_indexed(details.tag) {
                let surface = &self.normalized.as_str()[start..end];
                self.emit(surface, details.tag, start, end, TermKind::Word);
                self.reading(details, start, end);
                *self.position += 1;
            }
            return;
        }
        let first_position = *self.position;
        if self.config.decompound == DecompoundMode::Mixed && pos::is_indexed(details.tag) {
            let surface = &self.normalized.as_str()[start..end];
            self.emit(surface, details.tag, start, end, TermKind::Compound);
            self.reading(details, start, end);
        }
        self.parts(start, end, &parts, TermKind::CompoundPart);
        if *self.position == first_position {
            *self.position += 1;
        }
    }

    fn expression(&mut self, start: usize, end: usize, expression: &str) {
        let parts = parts(expression);
        self.parts(start, end, &parts, TermKind::Word);
    }

    /// Emits the indexed parts of a token, each at its own position, with the
    /// offsets of the part where its surface appears in the token (a stem
    /// such as 하 in 했 does not, and gets the whole token's offsets).
    fn parts(&mut self, start: usize, end: usize, parts: &[(&str, &str)], kind: TermKind) {
        let surface = &self.normalized.as_str()[start..end];
        let mut cursor = 0;
        for &(part, tag) in parts {
            let located = (!part.is_empty())
                .then(|| surface[cursor..].find(part))
                .flatten()
                .map(|found| {
                    let part_start = cursor + found;
                    cursor = part_start + part.len();
                    (start + part_start, start + part_start + part.len())
                });
            if part.is_empty() || !pos::is_indexed(tag) {
                continue;
            }
            let (part_start, part_end) = match located {
                Some(range) => range,
                // Conjugation changes predicate stems (했 is 하 + 았), but a
                // noun must be spelled out: ko-dic has odd entries such as
                // 를 = 의대 + 를, whose "noun" is not in the text at all.
                None if pos::is_predicate_stem(tag) => (start, end),
                None => continue,
            };
            self.emit(part, tag, part_start, part_end, kind);
            *self.position += 1;
        }
    }

    /// The Hangul forms of a Hanja word, at its position: its reading
    /// ([`AnalyzerConfig::hanja_readings`]) and the word it abbreviates
    /// ([`AnalyzerConfig::headline_abbreviations`]).
    fn reading(&mut self, details: &Details<'_>, start: usize, end: usize) {
        let surface = &self.normalized.as_str()[start..end];
        if self.config.headline_abbreviations
            && let Some(word) = abbreviations::expansion(surface)
        {
            self.emit(word, "NNP", start, end, TermKind::Abbreviation);
        }
        if !self.config.hanja_readings || details.reading == "*" {
            return;
        }
        if surface != details.reading && has_han(surface) {
            let reading = details.reading;
            self.emit(reading, details.tag, start, end, TermKind::Reading);
        }
    }

    fn emit(&mut self, text: &str, pos: &str, start: usize, end: usize, kind: TermKind) {
        let surface = &self.normalized.as_str()[start..end];
        let (start, end) = if self.normalized_offsets {
            (start, end)
        } else {
            self.normalized.to_original(start, end)
        };
        let position = *self.position;
        (self.sink)(TermRef {
            text,
            surface,
            pos,
            start,
            end,
            position,
            kind,
        });
    }

    /// Follows the written word a token belongs to: a gap before the token
    /// (white space) or a punctuation mark ends the word before it.
    fn track_word(&mut self, start: usize, end: usize, tag: &str) {
        let mark = tag.starts_with('S') && !matches!(tag, "SL" | "SH" | "SN");
        if self.word.start.is_some() && (start != self.word.end || mark) {
            self.end_word();
        }
        if mark {
            return;
        }
        let word = &mut *self.word;
        word.start.get_or_insert(start);
        word.end = end;
        word.tokens += 1;
        if is_nominal(tag) {
            word.nominal_end = Some((end, word.tokens));
            word.nominal_tag.clear();
            word.nominal_tag.push_str(tag);
            word.predicate = false;
        } else {
            let particle = tag.starts_with('J') && !tag.contains('+');
            if !particle && tag != "XSN" {
                word.predicate = true;
            }
        }
    }

    /// Ends the written word being read, emitting its whole nominal part
    /// when the analyzer cut it in several tokens and only particles or
    /// suffixes follow it.
    fn end_word(&mut self) {
        let word = std::mem::take(self.word);
        let (Some(start), Some((end, tokens))) = (word.start, word.nominal_end) else {
            return;
        };
        if !self.config.whole_words || tokens < 2 || word.predicate || *self.position == 0 {
            return;
        }
        let text = &self.normalized.as_str()[start..end];
        if text.chars().count() > MAX_UNKNOWN_WORD_CHARS {
            return;
        }
        // At its last morpheme's position: terms stay in position order.
        *self.position -= 1;
        self.emit(text, &word.nominal_tag, start, end, TermKind::WholeWord);
        *self.position += 1;
        // Keep the tag's allocation for the next words.
        let mut tag = word.nominal_tag;
        tag.clear();
        self.word.nominal_tag = tag;
    }

    /// Emits the terms of a written word remembered in `entry`, the word
    /// starting at byte `at` of the normalized text.
    fn replay(&mut self, entry: &word_cache::Entry, at: usize) {
        for term in entry.terms(self.normalized.as_str(), at, *self.position) {
            let (start, end) = self.normalized.to_original(term.start, term.end);
            (self.sink)(TermRef { start, end, ..term });
        }
        *self.position += entry.positions();
    }

    /// Emits the words between whitespace in `range` of the normalized
    /// text as they are, less the characters `trim` matches at their edges.
    fn whitespace_words(&mut self, range: std::ops::Range<usize>, trim: impl Fn(char) -> bool) {
        let text = self.normalized.as_str();
        let mut offset = range.start;
        for word in text[range].split_whitespace() {
            let start = offset + text[offset..].find(word).unwrap_or(0);
            offset = start + word.len();
            let trimmed = word.trim_start_matches(&trim);
            let word_start = start + (word.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(&trim);
            if trimmed.is_empty() {
                continue;
            }
            let word_end = word_start + trimmed.len();
            self.emit(trimmed, "UNKNOWN", word_start, word_end, TermKind::Word);
            *self.position += 1;
        }
    }
}

/// Splits a mecab-ko-dic expression such as `서울/NNP/지명+시/NNG/*` into
/// (surface, tag) pairs.
fn parts(expression: &str) -> Vec<(&str, &str)> {
    if expression == "*" {
        return Vec::new();
    }
    expression
        .split('+')
        .filter_map(|part| {
            let mut fields = part.split('/');
            let surface = fields.next()?;
            let tag = fields.next()?;
            Some((surface, tag))
        })
        .collect()
}

/// The tag table of a system dictionary.
fn tag_table(dictionary: &LinderaDictionary) -> pos::TagTable {
    let count = dictionary.prefix_dictionary.words_idx_data.len() / 4;
    pos::TagTable::build(count, |id| {
        let mut fields = Details::system_record(dictionary, id)?.split(|&byte| byte == 0);
        let tag = std::str::from_utf8(fields.next()?).ok()?;
        let kind = fields.nth(3)?;
        Some((tag, kind == b"*" && !tag.contains('+')))
    })
}

pub(crate) fn has_han(text: &str) -> bool {
    text.chars().any(is_hanja)
}

/// The installed dictionary, for unit tests.
#[cfg(test)]
pub(crate) fn test_dictionary() -> KoreanDictionary {
    KoreanDictionary::load(&crate::dictionary::resolve_dir(None))
        .expect("the dictionary (`make test` installs it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term of `text`, analyzed in pieces of `piece_bytes`, and the
    /// number of pieces.
    fn analyze_in_pieces(
        analyzer: &Analyzer,
        text: &str,
        piece_bytes: usize,
        cache_bytes: usize,
    ) -> (Vec<Term>, usize) {
        let mut analysis = Analysis::new(analyzer, text).with_cache(cache_bytes);
        analysis.piece_bytes = piece_bytes;
        let (mut terms, mut pieces) = (Vec::new(), 0);
        while analysis.next_piece(&mut |term| terms.push(term.to_term())) {
            pieces += 1;
        }
        (terms, pieces)
    }

    #[test]
    fn long_texts_analyze_in_pieces_exactly_as_whole() {
        let dictionary = test_dictionary();
        let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default()).unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let text: String = [
            "000_bcc3dce22a5e3c6c.txt",
            "kowiki.jsonl",
            "petitions.jsonl",
        ]
        .iter()
        .map(|name| std::fs::read_to_string(corpus.join(name)).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
        // Lines, tabs, one line of 300 KB (cut where lindera cuts a long
        // sentence), and Japanese full stops.
        for long in [
            text.clone(),
            text.replace('\n', "\t"),
            text.replace('\n', " "),
            text.replace(". ", "。"),
        ] {
            let (whole, pieces) = analyze_in_pieces(&analyzer, &long, usize::MAX, 0);
            assert!(pieces < 50, "{pieces}");
            let (cut, pieces) = analyze_in_pieces(&analyzer, &long, PIECE_BYTES, 0);
            assert!(pieces > long.len() / PIECE_BYTES / 2, "{pieces} pieces");
            assert_eq!(cut.len(), whole.len());
            assert!(cut == whole, "the terms differ");
            // And word by word, through the analysis cache.
            let (cached, _) = analyze_in_pieces(&analyzer, &long, PIECE_BYTES, 1 << 20);
            assert!(cached == whole, "the terms differ through the cache");
        }
    }

    #[test]
    fn expression_parts() {
        assert_eq!(
            parts("서울/NNP/지명+시/NNG/*"),
            [("서울", "NNP"), ("시", "NNG")]
        );
        assert_eq!(
            parts("고양이/NNG/*+/VCP/*+로소이다/EC/*"),
            [("고양이", "NNG"), ("", "VCP"), ("로소이다", "EC")]
        );
        assert!(parts("*").is_empty());
    }
}
