//! Suggestions as the user types: the words and titles of the index that
//! what is in the search box may be on its way to.
//!
//! Korean is typed jamo by jamo and composed by an input method, so the
//! box rarely holds a clean prefix: halfway through 서울 it shows 성, then
//! 서우. Users also type initial consonants only (ㅅㅇ), or Korean with the
//! keyboard in English mode (`tjdnf`). A [`Suggester`] compares at the level
//! of keystrokes ([`jamo`](crate::jamo)) and reads the text each of these
//! ways ([`MatchKind`]).
//!
//! **The dictionary** is each document's title, whole, and its salient
//! words (nouns, proper nouns, foreign words, compounds and whole words of
//! the title and the body's lead) as the document writes them, weighted by how many
//! documents hold them. It lives in the index, as the terms of a field
//! (`suggest`) indexed by the same writes as the rest, so upserts,
//! deletions and crashes treat it exactly as the documents: a search and a
//! suggestion always see the same commit. A [`Suggester`] reads it into
//! memory, sorted by keystrokes and by initial consonants, when it first
//! sees a commit. Indexes built before suggestions existed have no such
//! field: [`Suggester::new`] says so ([`Error::SuggestionsMissing`]).
//!
//! **Ranking**: text that is a prefix as typed (in keystrokes) comes before
//! initial-consonant and other-keyboard-mode readings; then more documents
//! first, then shorter.
//!
//! ```
//! use kosearch::Article;
//! use kosearch::index::{Index, IndexConfig, WriterOptions};
//! use kosearch::suggest::{MatchKind, SuggestOptions, Suggester};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let index = Index::create(dir.path(), &IndexConfig::default())?;
//! let mut writer = index.writer(&WriterOptions::default())?;
//! writer.upsert(&Article {
//!     id: "1".into(),
//!     title: "세종시-서울시 협약".into(),
//!     body: "세종시는 서울시와 협력한다.".into(),
//!     ..Article::default()
//! })?;
//! writer.commit()?;
//!
//! let suggester = Suggester::new(&index)?;
//! suggester.reload()?;
//! let options = SuggestOptions::default();
//! for typed in ["서우", "ㅅㅇ", "tjdnf"] {
//!     let first = &suggester.suggest(typed, &options)?.suggestions[0];
//!     assert_eq!(first.text, "서울", "{typed}");
//! }
//! let first = &suggester.suggest("ㅅㅈㅅ", &options)?.suggestions[0];
//! assert_eq!((first.text.as_str(), first.matched), ("세종시", MatchKind::Choseong));
//! # Ok::<(), kosearch::Error>(())
//! ```

mod table;
mod typed;
mod words;

use std::collections::{BinaryHeap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{IndexReader, ReloadPolicy};

use self::table::Table;
pub use self::typed::MAX_TYPED_CHARS;
pub use self::words::TOKENIZER_NAME;
pub(crate) use self::words::{lead, title_entry, SalientWords};
use crate::index::Index;
use crate::{Error, Result};

/// How a suggestion matched the typed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The text as typed starts the suggestion, compared in keystrokes (성
    /// and 서우 start 서울).
    Prefix,
    /// The text is the suggestion's initial consonants, maybe mixed with
    /// its syllables (ㅅㅇ, 서ㅇ for 서울).
    Choseong,
    /// The text typed with the keyboard in the other mode starts the
    /// suggestion (`tjdnf` for 서울, ㅑㅔㅙㅜㄷ for iphone).
    Keyboard,
}

/// How to suggest.
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// The most suggestions given, up to 100.
    pub limit: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions { limit: 10 }
    }
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word or title, as documents write it.
    pub text: String,
    /// How many documents hold it.
    pub weight: u64,
    /// How it matched.
    #[serde(rename = "match")]
    pub matched: MatchKind,
    /// The typed text as the match read it: as typed, its initial
    /// consonants, or converted to the other keyboard mode (서울 for
    /// `tjdnf`).
    pub read_as: String,
}

/// The suggestions for one text, best first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Suggestions {
    /// Best first.
    pub suggestions: Vec<Suggestion>,
}

/// What a [`Suggester`] holds in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SuggesterStats {
    /// Distinct suggestions (words and titles).
    pub entries: usize,
    /// Approximate memory of the dictionary, in bytes.
    pub heap_bytes: usize,
}

/// The dictionary of one commit: the segments it was built from (with
/// their deletions) and the table.
struct Loaded {
    segments: Vec<(SegmentId, Option<u64>)>,
    table: Arc<Table>,
}

/// Suggests words and titles of an index for typed text; cheap to clone
/// and shareable across threads. It sees each commit shortly after it
/// happens (or at once after [`reload`](Self::reload)).
#[derive(Clone)]
pub struct Suggester {
    reader: IndexReader,
    field: Field,
    loaded: Arc<Mutex<Option<Loaded>>>,
}

impl Suggester {
    /// A suggester for `index`; [`Error::SuggestionsMissing`] when the index
    /// was built without suggestions.
    pub fn new(index: &Index) -> Result<Suggester> {
        let field = index
            .fields()
            .suggest
            .ok_or_else(|| Error::SuggestionsMissing {
                dir: index.dir().to_path_buf(),
            })?;
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|e: tantivy::TantivyError| Error::Index(e.to_string()))?;
        Ok(Suggester {
            reader,
            field,
            loaded: Arc::default(),
        })
    }

    /// Makes the last commit visible now rather than shortly.
    pub fn reload(&self) -> Result<()> {
        self.reader
            .reload()
            .map_err(|e| Error::Index(e.to_string()))
    }

    /// The dictionary of the last commit seen, read from the index when the
    /// commit is new to this suggester.
    fn table(&self) -> Result<Arc<Table>> {
        let searcher = self.reader.searcher();
        let segments: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| (segment.segment_id(), segment.delete_opstamp()))
            .collect();
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(loaded) = loaded.as_ref().filter(|loaded| loaded.segments == segments) {
            return Ok(Arc::clone(&loaded.table));
        }
        let table =
            Arc::new(Table::build(&searcher, self.field).map_err(|e| Error::Index(e.to_string()))?);
        *loaded = Some(Loaded {
            segments,
            table: Arc::clone(&table),
        });
        Ok(table)
    }

    /// What the suggester holds for the last commit seen.
    pub fn stats(&self) -> Result<SuggesterStats> {
        let table = self.table()?;
        Ok(SuggesterStats {
            entries: table.entries.len(),
            heap_bytes: table.heap_bytes(),
        })
    }

    /// The suggestions for `typed`, best first (see the module docs).
    /// Empty text has none; text over [`MAX_TYPED_CHARS`] characters is
    /// refused with [`Error::InvalidArgument`].
    pub fn suggest(&self, typed: &str, options: &SuggestOptions) -> Result<Suggestions> {
        let clean = typed::clean(typed)?;
        if clean.is_empty() || options.limit == 0 {
            return Ok(Suggestions::default());
        }
        let table = self.table()?;
        // The best of a short prefix are ready, up to a bound.
        let limit = options.limit.min(table::READY_BEST);
        let readings = typed::readings(&clean);
        let mut candidates = Vec::new();
        for (order, reading) in readings.iter().enumerate() {
            // The best of each reading: more documents, then shorter.
            let mut best = BinaryHeap::new();
            for index in reading.matches(&table) {
                best.push(Table::rank(&table.entries, index));
                if best.len() > limit {
                    best.pop();
                }
            }
            let tier = u8::from(reading.kind != MatchKind::Prefix);
            candidates.extend(
                best.into_iter()
                    .map(|(weight, chars, index)| ((tier, weight, chars, order), index)),
            );
        }
        candidates.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| {
                table.entries[a.1 as usize]
                    .text
                    .cmp(&table.entries[b.1 as usize].text)
            })
        });
        let mut seen = HashSet::new();
        let suggestions = candidates
            .into_iter()
            .filter(|&(_, index)| seen.insert(index))
            .take(limit)
            .map(|((_, _, _, order), index)| {
                let entry = &table.entries[index as usize];
                Suggestion {
                    text: entry.text.to_string(),
                    weight: u64::from(entry.weight),
                    matched: readings[order].kind,
                    read_as: readings[order].read_as.clone(),
                }
            })
            .collect();
        Ok(Suggestions { suggestions })
    }
}
