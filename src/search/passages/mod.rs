//! Passages and highlights: the parts of an article a search result shows.
//!
//! [`best_passages`] picks the one to three passages of an article body that
//! best hold a query's terms, and marks inside each the exact morphemes that
//! match: a search for 협약 highlights 협약 in 협약을 but not the particle,
//! 세종 highlights the 세종 of 세종시는, and the terms 세종 and 시 (from the
//! query 세종시) highlight 세종시 as one range.
//!
//! # Sentences
//!
//! The body is cut into sentences:
//!
//! * a line break always ends a sentence (a blank line also ends a
//!   paragraph);
//! * inside a line, a sentence mark (`.` `?` `!` `…` `‥` `。` `？` `！`,
//!   `chars::SENTENCE_MARKS`) ends a sentence when
//!   whitespace or the end of the line follows, closing quotes and brackets
//!   right after the mark staying with it (`다.”`, `요.'`, `다.)`). A single
//!   `.` does not end a sentence after an initial or an abbreviation (`J.`,
//!   `U.S.`, `Dr.`), after a number that opens the sentence (the `1.` of a
//!   list) or between numbers (`2023. 4. 10.`); `3.5` and `2023.04.10` have
//!   no whitespace after their dots and never split;
//! * a line that starts with a sub-heading marker (`◇` `◆` `◈` `■` `□` `▶`
//!   `▷`, the text reader's, `chars::SUBHEADING_MARKERS`) is a sub-heading:
//!   a single sentence whatever its punctuation, and the start of a new
//!   *section*.
//!
//! # Passages
//!
//! A passage is a run of consecutive sentences of one section, at most
//! [`PassageOptions::max_sentences`] sentences and
//! [`PassageOptions::max_chars`] characters long. It starts at a sentence
//! that holds a query term and takes in the following sentences up to the
//! last one within those limits that holds a term too; one still shorter than
//! [`PassageOptions::min_sentences`] takes in the next sentences, then the
//! previous ones, as the limits allow.
//!
//! * **Paragraphs** are not passage boundaries: news paragraphs are often a
//!   single sentence, so short paragraphs are joined. The passage text keeps
//!   the body's line breaks; folding them is the printer's job.
//! * **Sub-headings** are: a passage never crosses into a new section. A
//!   sub-heading is the first sentence of its section, so a passage may start
//!   with one (a heading that holds a term comes with the sentences after
//!   it, which give it context) but never holds one anywhere else.
//! * **A sentence longer than `max_chars`** is a passage of its own, cut to
//!   `max_chars` characters around its best cluster of matches (a third of
//!   the room left before the cluster, the rest after it), each cut moved to
//!   whitespace when there is some within 16 characters. `cut_before` and
//!   `cut_after` tell which ends were cut.
//!
//! # Ranking
//!
//! A passage scores the sum of the weights of the distinct query terms it
//! holds, plus a tenth of a term's weight for each of its next three
//! repeats, plus a proximity bonus: for the best pair of distinct terms that
//! follow each other, half their mean weight scaled by `12 / (12 + gap)`,
//! the gap in bytes (so a term right after another gets the whole half).
//!
//! Analysis costs about a microsecond a character, too much for whole
//! bodies when a result page shows ten hits, so the ranking has two passes:
//!
//! 1. An estimate over the whole body without analysis: each query term is
//!    looked up literally in the body normalized as the analyzer normalizes
//!    it, word by word. Every sentence holding an occurrence starts a
//!    candidate passage, scored on those occurrences; the best candidates
//!    that do not overlap, at most twice [`PassageOptions::max_passages`],
//!    go on.
//! 2. The candidates are analyzed, best estimate first, and scored again on
//!    the analyzer's terms: a term matches when its text equals a query
//!    term's text. The pass stops early once `max_passages` passages score
//!    at least the next candidate's estimate (a literal occurrence is what a
//!    match is usually read from, so estimates rarely fall short).
//!
//! Only the words around literal occurrences are analyzed, and not those
//! whose occurrences are all of terms that count only inside a phrase and
//! cannot make up the whole phrase there (the 시 of 세종시 in 시작; a phrase
//! term that analysis reads as a verb stem, which text may spell otherwise,
//! is assumed present).
//!
//! The best `max_passages` passages with a score above zero are returned,
//! best first, earlier first on ties. A stem spelled differently in the text
//! (돕 in 도와) is invisible to the estimate, so a passage that holds only such
//! matches is found only when a better one brings it along, and highlighted
//! only in words that are analyzed. When no passage holds a term (the match
//! was in the title, say), the first passage of the body is returned, so
//! that a hit always shows something; an empty body gives nothing.
//!
//! # From the index
//!
//! A search on an index with term offsets (every index made since they
//! came, see `index::offsets`) needs none of that: the index recorded,
//! when it analyzed each body, where each term stands, and a hit's query
//! terms are read from it, as the analysis of the whole body found them
//! (`PassageFinder::best_passages_located`). Windows, ranking and
//! highlights follow the rules above, on those occurrences: every estimate
//! is then exact, and a stem spelled otherwise in the text (돕 in 도와) is
//! found wherever it stands, not only near a literal occurrence.
//!
//! Highlights are the byte ranges of the analyzer's matching terms, relative
//! to the passage text, sorted, with overlapping and touching ranges merged.
//! Offsets are always on character boundaries and lengths are counted in
//! characters, never bytes.

mod cache;
mod cut;
mod finder;
mod literal;
mod score;
mod sentences;
mod vocabulary;
mod window;

use serde::Serialize;

pub(crate) use self::cache::PassageCache;
pub use self::cache::DEFAULT_PASSAGE_CACHE_BYTES;
pub(crate) use self::finder::Occurrence;
pub use self::finder::PassageFinder;
pub(crate) use self::literal::words;
pub(crate) use self::score::{gain, PROXIMITY_BONUS};
pub use super::QueryTerm;
use crate::analysis::Analyzer;

/// A passage of an article body, with its highlights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The passage text, exactly `body[start..end]`. No ellipsis is added;
    /// see [`cut_before`](Self::cut_before) and [`cut_after`](Self::cut_after).
    pub text: String,
    /// Byte offset in the body where the passage starts.
    pub start: usize,
    /// Byte offset in the body where the passage ends.
    pub end: usize,
    /// Byte ranges in [`text`](Self::text) to highlight: sorted, disjoint,
    /// never touching (touching matches are merged), on character
    /// boundaries.
    pub highlights: Vec<(usize, usize)>,
    /// The passage's score; higher is better.
    #[serde(skip)]
    pub score: f32,
    /// The passage starts inside a sentence: a very long sentence was cut.
    #[serde(skip)]
    pub cut_before: bool,
    /// The passage ends inside a sentence: a very long sentence was cut.
    #[serde(skip)]
    pub cut_after: bool,
}

/// How many passages to pick, and how long they may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageOptions {
    /// The most passages to return (3). Zero returns none.
    pub max_passages: usize,
    /// The longest a passage may be, in characters (360). Values below 1
    /// count as 1.
    pub max_chars: usize,
    /// The fewest sentences a passage is given when the text allows (2).
    /// Clamped to `1..=max_sentences`.
    pub min_sentences: usize,
    /// The most sentences in a passage (4). Values below 1 count as 1.
    pub max_sentences: usize,
}

impl Default for PassageOptions {
    fn default() -> Self {
        PassageOptions {
            max_passages: 3,
            max_chars: 360,
            min_sentences: 2,
            max_sentences: 4,
        }
    }
}

/// The best passages of `body` for the query `terms`, best first.
///
/// Returns at most `options.max_passages` passages that hold a query term;
/// when none is found, the first passage of the body, scored and
/// highlighted like any other (so with a score of zero and no highlights,
/// unless it holds a stem the estimate cannot see); for an empty or blank
/// body, nothing. See the [module docs](self) for the rules.
///
/// For the bodies of several hits of one query, a [`PassageFinder`] gives
/// the same passages for less work.
pub fn best_passages(
    analyzer: &Analyzer,
    body: &str,
    terms: &[QueryTerm],
    options: &PassageOptions,
) -> Vec<Passage> {
    PassageFinder::new(analyzer, terms, options).best_passages(body)
}
