//! Analyzing a piece of text word by word, through the thread's
//! [`WordCache`].
//!
//! A piece (what lindera would get in one call) is cut into written words
//! at the dictionary's `SPACE` characters, each with its [`WordContext`].
//! A word found in the cache is replayed; consecutive words that are not
//! are segmented together, in one lindera call over exactly their stretch
//! of the piece (with the space before and after it when they have one, so
//! that lindera sees their contexts), and their terms are remembered word
//! by word, then replayed. Both leave through [`Emitter::replay`].
//!
//! The analysis of a word depends on more than the word and its context in
//! a few cases, which are never remembered:
//!
//! - a dictionary key that contains a space (mecab-ko-dic: `영치기 영차`)
//!   can join words: the words an occurrence touches are analyzed together,
//!   as one unit;
//! - a word longer than [`MAX_CACHED_WORD_BYTES`] is analyzed but not
//!   remembered (rare, and seldom repeated);
//! - lindera cuts a sentence of 32 KiB without a line break at a length,
//!   and clamps path costs in one of 30,018 characters or more, and the
//!   analyzer cuts stretches without white space longer than 256
//!   characters: pieces holding such a sentence, or ending or starting at
//!   such a cut, are analyzed whole, as without the cache (the caller
//!   decides, see `next_piece`).

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Mutex, MutexGuard, PoisonError};

use memchr::memmem::Finder;

use super::context::{Edge, Spaces, WordContext};
use super::word_cache::{self, Entry, EntryBuilder, WordCache, MAX_CACHED_WORD_BYTES};
use super::{segment, Emitter, Inner, TermRef, WrittenWord};
use crate::dictionary;

/// Changes whenever the analyzer's own code changes the terms it makes for
/// a word: part of every analyzer's fingerprint.
pub(super) const ANALYSIS_REVISION: u32 = 1;

/// Cuts a piece into the units the cache remembers.
pub(super) struct WordSplitter {
    spaces: Spaces,
    /// The dictionary's keys that contain a space.
    keys: Vec<Finder<'static>>,
}

/// A written word, or several joined by a dictionary key with a space.
#[derive(Debug, Clone)]
struct Unit {
    /// Its bytes in the piece.
    range: Range<usize>,
    context: WordContext,
    /// Whether its analysis depends on it and its context only, and is
    /// worth remembering.
    cacheable: bool,
}

/// What a thread keeps between pieces.
struct Local {
    /// The fingerprint of the analyzer whose words `cache` holds.
    fingerprint: [u8; 32],
    cache: WordCache,
    /// The units of the piece, reused.
    units: Vec<Unit>,
    /// The key being looked up, reused.
    key: String,
}

thread_local! {
    /// The analysis cache of an indexing thread: tantivy gives every
    /// segment and field a copy of the tokenizer, so the cache cannot live
    /// there without going cold at every segment.
    static LOCAL: Held = const { Held(RefCell::new(None)) };
}

/// The caches of threads that ended, for the next threads to take: tantivy
/// ends its indexing threads at every commit and starts new ones, which
/// would otherwise start cold each time.
static POOL: Mutex<Vec<Local>> = Mutex::new(Vec::new());

/// A thread's cache, handed to [`POOL`] when the thread ends.
struct Held(RefCell<Option<Local>>);

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(local) = self.0.get_mut().take() {
            pool().push(local);
        }
    }
}

fn pool() -> MutexGuard<'static, Vec<Local>> {
    // A panic while a thread held the lock left a valid list.
    POOL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Forgets what the calling thread's analysis cache holds, and the caches
/// that threads which ended left behind, freeing their memory.
pub fn forget_thread_cache() {
    let _ = LOCAL.try_with(|local| {
        if let Ok(mut local) = local.0.try_borrow_mut() {
            local.take();
        }
    });
    pool().clear();
}

/// The thread's cache of the analyzer with `fingerprint`, with `budget`:
/// its own, else one a thread that ended left, else a new one.
fn local_cache<'l>(
    slot: &'l mut Option<Local>,
    fingerprint: &[u8; 32],
    budget: usize,
) -> &'l mut Local {
    if slot
        .as_ref()
        .is_some_and(|local| local.fingerprint != *fingerprint)
    {
        // Another analyzer's: back to the pool, where a thread of its
        // own may take it.
        if let Some(other) = slot.take() {
            pool().push(other);
        }
    }
    let local = match slot {
        Some(local) => local,
        None => {
            let pooled = {
                let mut pool = pool();
                let found = pool
                    .iter()
                    .position(|local| local.fingerprint == *fingerprint);
                found.map(|at| pool.swap_remove(at))
            };
            slot.insert(pooled.unwrap_or_else(|| Local {
                fingerprint: *fingerprint,
                cache: WordCache::new(budget),
                units: Vec::new(),
                key: String::new(),
            }))
        }
    };
    local.cache.set_budget(budget);
    local
}

impl WordSplitter {
    /// The splitter for a dictionary's white space; `None` when the cache
    /// cannot be used with it.
    pub(super) fn new(spaces: &dictionary::Spaces) -> Option<WordSplitter> {
        Some(WordSplitter {
            spaces: Spaces::new(&spaces.chars)?,
            keys: spaces
                .keys
                .iter()
                .map(|key| Finder::new(key.as_bytes()).into_owned())
                .collect(),
        })
    }

    /// Fills `units` with the units of `piece`.
    fn units(&self, piece: &str, units: &mut Vec<Unit>) {
        units.clear();
        units.extend(self.spaces.words(piece).map(|(range, context)| Unit {
            cacheable: range.len() <= MAX_CACHED_WORD_BYTES,
            range,
            context,
        }));
        for key in &self.keys {
            for found in key.find_iter(piece.as_bytes()) {
                let found = found..found + key.needle().len();
                let first = units.partition_point(|unit| unit.range.end <= found.start);
                let last = units.partition_point(|unit| unit.range.start < found.end);
                let Some(joined) = units.get(first..last) else {
                    continue;
                };
                let (Some(head), Some(tail)) = (joined.first(), joined.last()) else {
                    continue;
                };
                let unit = Unit {
                    range: head.range.start..tail.range.end,
                    context: WordContext::new(head.context.left, tail.context.right),
                    cacheable: false,
                };
                units.splice(first..last, [unit]);
            }
        }
    }

    /// Emits the terms of `range` of the normalized text (a piece) through
    /// `emitter`, word by word, with a cache of `budget` bytes; `false`,
    /// having emitted nothing, when the thread's cache is in use (a sink
    /// that analyzes), lindera failed or a word is too large for an entry:
    /// the caller analyzes the piece
    /// without the cache.
    pub(super) fn analyze(
        &self,
        inner: &Inner,
        emitter: &mut Emitter<'_, '_>,
        range: Range<usize>,
        budget: usize,
    ) -> bool {
        let analyzed = LOCAL.try_with(|local| {
            let Ok(mut local) = local.0.try_borrow_mut() else {
                return false;
            };
            let local = local_cache(&mut local, &inner.fingerprint, budget);
            // The written word a previous piece left open ends here: this
            // piece starts after a line break or a tab, or after a
            // punctuation mark that ended it already.
            if emitter.word.start.is_some() {
                emitter.end_word();
            }
            let normalized = emitter.normalized;
            let piece = &normalized.as_str()[range.clone()];
            let mut units = std::mem::take(&mut local.units);
            self.units(piece, &mut units);
            // Find the words first; then analyze the others, in runs of
            // consecutive ones; then emit every word in order; and only then
            // remember the new ones, which may forget the ones found.
            let words: Vec<Option<(&str, WordContext)>> = units
                .iter()
                .map(|unit| {
                    let word = &piece[unit.range.clone()];
                    unit.cacheable.then_some((word, unit.context))
                })
                .collect();
            let found = local.cache.find_all(&mut local.key, &words);
            let mut analyzed = Vec::new();
            let mut run = 0;
            for index in 0..=units.len() {
                if index == units.len() || found[index].is_some() {
                    let units = &units[run..index];
                    if !analyze_run(inner, emitter, range.start, units, &mut analyzed) {
                        // Nothing was emitted yet: the piece goes the long
                        // way, which has its own remedy.
                        return false;
                    }
                    run = index + 1;
                }
            }
            let (mut hit_chars, mut chars) = (0, 0);
            let mut analyzed = analyzed.into_iter();
            let mut new = Vec::new();
            for (unit, found) in units.iter().zip(&found) {
                let at = range.start + unit.range.start;
                match found {
                    Some(entry) => {
                        emitter.replay(entry, at);
                        hit_chars += entry.chars();
                        chars += entry.chars();
                    }
                    None => {
                        let entry = analyzed.next().expect("every unit not found is analyzed");
                        emitter.replay(&entry, at);
                        chars += entry.chars();
                        if unit.cacheable {
                            new.push(entry);
                        }
                    }
                }
            }
            drop(found);
            for entry in new {
                local.cache.insert(entry);
            }
            local.units = units;
            word_cache::count(hit_chars, chars);
            true
        });
        // While the thread ends, its cache is gone: analyzed the long way.
        analyzed.unwrap_or(false)
    }
}

/// Analyzes `units` (consecutive units of the piece at byte `at` of the
/// normalized text) in one lindera call, adding their entries to `entries`
/// in order; `false` when lindera failed or a word's terms do not fit an
/// entry.
fn analyze_run(
    inner: &Inner,
    emitter: &Emitter<'_, '_>,
    at: usize,
    units: &[Unit],
    entries: &mut Vec<Entry>,
) -> bool {
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return true;
    };
    let normalized = emitter.normalized;
    let text = normalized.as_str();
    // One SPACE character (the one in the text) on each side that has one:
    // every run of them is the same to lindera.
    let from = at + first.range.start - usize::from(first.context.left == Edge::Space);
    let to = at + last.range.end + usize::from(last.context.right == Edge::Space);
    let mut builders: Vec<EntryBuilder> = units
        .iter()
        .map(|unit| {
            EntryBuilder::new(
                &text[at + unit.range.start..at + unit.range.end],
                unit.context,
            )
        })
        .collect();
    // The positions each unit starts and ends at, counted from 1 so that a
    // whole word is never dropped here for standing at position 0: that is
    // decided when the word is replayed.
    let mut positions = vec![(1, 1); units.len()];
    let (mut position, mut word) = (1, WrittenWord::default());
    let mut current = 0;
    let mut record = |term: TermRef<'_>| {
        while current + 1 < units.len() && term.start >= at + units[current].range.end {
            current += 1;
        }
        builders[current].push(&term, at + units[current].range.start);
    };
    let mut recorder = Emitter {
        config: emitter.config,
        normalized,
        position: &mut position,
        word: &mut word,
        sink: &mut record,
        normalized_offsets: true,
    };
    let mut unit = 0;
    let mut end_unit = |recorder: &mut Emitter<'_, '_>, unit: &mut usize| {
        recorder.end_word();
        positions[*unit].1 = *recorder.position;
        *unit += 1;
        if let Some(next) = positions.get_mut(*unit) {
            next.0 = *recorder.position;
        }
    };
    let segmented = segment(inner, &text[from..to], |start, end, details| {
        let (start, end) = (from + start, from + end);
        while unit + 1 < units.len() && start >= at + units[unit].range.end {
            end_unit(&mut recorder, &mut unit);
        }
        recorder.token(start, end, details);
    });
    while unit < units.len() {
        end_unit(&mut recorder, &mut unit);
    }
    if !segmented {
        return false;
    }
    for ((unit, builder), (first, end)) in units.iter().zip(builders).zip(positions) {
        let chars = text[at + unit.range.start..at + unit.range.end]
            .chars()
            .count();
        // A word too large for an entry: the piece goes the long way.
        let Some(entry) = builder.finish(first, end, chars) else {
            return false;
        };
        entries.push(entry);
    }
    true
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analysis::test_dictionary;
    use crate::analysis::{Analyzer, AnalyzerConfig, UserDictionary};

    #[test]
    fn a_thread_that_ends_leaves_its_cache_to_the_next() {
        let dictionary = test_dictionary();
        if dictionary.keys_with_space().is_none() {
            eprintln!("skipped: the dictionary predates the analysis cache");
            return;
        }
        // A user word of this test alone gives the analyzer a fingerprint
        // no other test's threads share, so none of them takes its cache.
        let mut user_dictionary = UserDictionary::builtin();
        let words = UserDictionary::parse("풀물림시험말,NNP\n", Path::new("test.csv")).unwrap();
        user_dictionary.extend(words);
        let config = AnalyzerConfig::default();
        let analyzer =
            Analyzer::with_user_dictionary(&dictionary, &config, &user_dictionary).unwrap();
        let text = "풀물림시험말은 서울시와 협약을 맺었다";
        let budget = 1 << 20;
        let expected = analyzer.analyze(text);
        let first = analyzer.clone();
        let terms = std::thread::spawn(move || first.analyze_cached(text, budget))
            .join()
            .unwrap();
        assert_eq!(terms, expected);
        let fingerprint = analyzer.inner.fingerprint;
        let found = std::thread::spawn(move || {
            // The new thread has no cache of its own: it takes the one the
            // first thread left, which knows the words of the text.
            let mut slot = None;
            let local = local_cache(&mut slot, &fingerprint, budget);
            let mut key = String::new();
            let context = WordContext::new(Edge::Boundary, Edge::Space);
            let words = [Some(("풀물림시험말은", context))];
            let found = local.cache.find_all(&mut key, &words)[0].is_some();
            // Back to the pool, as the thread ends.
            pool().extend(slot);
            found
        })
        .join()
        .unwrap();
        assert!(found, "the second thread started with a cold cache");
    }
}
