//! [`PassageCache`]: the analyses the passage finder made, remembered across
//! searches within a budget in bytes, and shared by the threads searching.
//!
//! Passages analyze the few words around each literal occurrence of a query
//! term (a *cluster*, see [`window`](super::window)), each cluster on its
//! own: its terms depend on its text and the analyzer only, never on the
//! query, the body around it or the search. So a cluster's analysis is
//! remembered by its text with all its terms, and any later search that
//! analyzes the same text (the same question asked again, the next page of
//! results, another question over the same article) picks the query terms
//! out of them instead of running the analyzer again: the passages and
//! highlights are the same, for less work.
//!
//! The cache is split into shards, each behind its own lock, held only to
//! look a text up or to add one (never while analyzing), so that searches
//! on many threads seldom wait for each other. Each shard keeps two
//! generations: texts are added to the recent one, and when it holds half
//! the shard's budget it becomes the older one and the previous older one
//! is forgotten; a text found in the older generation moves back to the
//! recent one. Texts looked up lately survive, and a shard never holds much
//! more than its budget.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};

use crate::analysis::Analyzer;

/// The default budget of a [`Searcher`](crate::search::Searcher)'s cache:
/// some 100,000 clusters of a few words.
pub const DEFAULT_PASSAGE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Shards of the cache: more than the threads that usually search at once.
const SHARDS: usize = 16;

/// What one remembered text costs beyond its bytes and terms: its two map
/// slots, its `Arc` and the allocator's rounding, roughly.
const ENTRY_OVERHEAD: usize = 128;

/// Texts longer than this are analyzed but not remembered: a cluster is a
/// few words, and a longer one (a run of words without a break, a long
/// Latin run) seldom comes again.
const MAX_REMEMBERED_BYTES: usize = 1024;

/// Analyses of passage clusters, by their text. See the [module docs](self).
pub(crate) struct PassageCache {
    shards: Box<[Mutex<Shard>]>,
    /// The budget of one shard, in bytes.
    shard_budget: usize,
    hasher: RandomState,
}

#[derive(Default)]
struct Shard {
    recent: HashMap<Box<str>, Arc<AnalyzedText>>,
    older: HashMap<Box<str>, Arc<AnalyzedText>>,
    /// What the entries of `recent` cost.
    recent_bytes: usize,
}

/// The terms the analyzer makes of a text that stand for some of it (an
/// empty range never highlights anything), in the analyzer's order.
#[derive(Debug, Default)]
pub(crate) struct AnalyzedText {
    /// The terms' texts, one after the other.
    texts: String,
    terms: Vec<AnalyzedTerm>,
}

#[derive(Debug, Clone, Copy)]
struct AnalyzedTerm {
    /// Where the term's text ends in [`AnalyzedText::texts`] (it starts
    /// where the previous one ends).
    text_end: u32,
    /// Byte range in the analyzed text.
    start: u32,
    end: u32,
    position: u32,
}

/// A term of an [`AnalyzedText`].
pub(crate) struct CachedTerm<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) position: usize,
}

impl AnalyzedText {
    /// Analyzes `text`.
    pub(crate) fn of(analyzer: &Analyzer, text: &str) -> AnalyzedText {
        let mut analyzed = AnalyzedText::default();
        analyzer.for_each_term(text, &mut |term| {
            if term.start < term.end {
                analyzed.texts.push_str(term.text);
                // Offsets and positions of a text this long fit: texts
                // longer than `u32::MAX` are never cut into clusters that
                // long (the passage is at most `max_chars` characters,
                // and the cluster is a few of its words).
                analyzed.terms.push(AnalyzedTerm {
                    text_end: narrow(analyzed.texts.len()),
                    start: narrow(term.start),
                    end: narrow(term.end),
                    position: narrow(term.position),
                });
            }
        });
        analyzed
    }

    /// The terms, in the analyzer's order.
    pub(crate) fn terms(&self) -> impl Iterator<Item = CachedTerm<'_>> + '_ {
        let mut from = 0;
        self.terms.iter().map(move |term| {
            let to = term.text_end as usize;
            let text = &self.texts[from..to];
            from = to;
            CachedTerm {
                text,
                start: term.start as usize,
                end: term.end as usize,
                position: term.position as usize,
            }
        })
    }

    /// What remembering it for `key` costs, roughly.
    fn bytes(&self, key: &str) -> usize {
        ENTRY_OVERHEAD
            + key.len()
            + self.texts.capacity()
            + self.terms.capacity() * std::mem::size_of::<AnalyzedTerm>()
    }
}

/// `value` as a `u32`, saturating (see [`AnalyzedText::of`]).
fn narrow(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl PassageCache {
    /// A cache of about `budget` bytes; 0 remembers nothing.
    pub(crate) fn new(budget: usize) -> PassageCache {
        PassageCache {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            shard_budget: budget / SHARDS,
            hasher: RandomState::new(),
        }
    }

    /// The analysis of `text`, remembered or made now (and remembered).
    pub(crate) fn analysis(&self, analyzer: &Analyzer, text: &str) -> Arc<AnalyzedText> {
        if self.shard_budget == 0 || text.len() > MAX_REMEMBERED_BYTES {
            return Arc::new(AnalyzedText::of(analyzer, text));
        }
        let shard = &self.shards[self.hasher.hash_one(text) as usize % SHARDS];
        if let Some(found) = lock(shard).find(text) {
            return found;
        }
        // Analyzed without the lock: another thread may analyze the same
        // text meanwhile, and both analyses are the same.
        let analyzed = Arc::new(AnalyzedText::of(analyzer, text));
        lock(shard).insert(text, analyzed.clone(), self.shard_budget);
        analyzed
    }

    /// What the remembered texts cost, in bytes, roughly.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.shards
            .iter()
            .map(|shard| {
                let shard = lock(shard);
                let older: usize = shard.older.iter().map(|(k, v)| v.bytes(k)).sum();
                shard.recent_bytes + older
            })
            .sum()
    }
}

/// A shard, locked; a search that panicked holding it left it whole (every
/// change to a shard is a single map operation).
fn lock(shard: &Mutex<Shard>) -> std::sync::MutexGuard<'_, Shard> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shard {
    fn find(&mut self, text: &str) -> Option<Arc<AnalyzedText>> {
        if let Some(found) = self.recent.get(text) {
            return Some(found.clone());
        }
        let (key, found) = self.older.remove_entry(text)?;
        self.recent_bytes += found.bytes(&key);
        self.recent.insert(key, found.clone());
        Some(found)
    }

    fn insert(&mut self, text: &str, analyzed: Arc<AnalyzedText>, budget: usize) {
        if self.recent.contains_key(text) {
            return;
        }
        self.recent_bytes += analyzed.bytes(text);
        self.recent.insert(text.into(), analyzed);
        if self.recent_bytes > budget / 2 {
            self.older = std::mem::take(&mut self.recent);
            self.recent_bytes = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalyzerConfig;
    use crate::dictionary::{self, KoreanDictionary};

    fn analyzer() -> Option<Analyzer> {
        let Ok(dictionary) = KoreanDictionary::load(&dictionary::default_dir()) else {
            eprintln!("skipped: the dictionary is not installed (`kosearch dict install`)");
            return None;
        };
        Some(Analyzer::new(&dictionary, &AnalyzerConfig::default()).unwrap())
    }

    fn listed(analyzed: &AnalyzedText) -> Vec<(String, usize, usize, usize)> {
        analyzed
            .terms()
            .map(|term| (term.text.to_string(), term.start, term.end, term.position))
            .collect()
    }

    #[test]
    fn remembered_analyses_are_the_analyzer_s_and_stay_within_the_budget() {
        let Some(analyzer) = analyzer() else { return };
        let texts: Vec<String> = (0..2000)
            .map(|i| format!("세종시는 서울시와 {i}번째 협약을 맺었다"))
            .collect();
        let budget = 64 * 1024;
        let cache = PassageCache::new(budget);
        for round in 0..2 {
            for text in &texts {
                let expected: Vec<(String, usize, usize, usize)> = analyzer
                    .analyze(text)
                    .into_iter()
                    .filter(|term| term.start < term.end)
                    .map(|term| (term.text, term.start, term.end, term.position))
                    .collect();
                assert_eq!(
                    listed(&cache.analysis(&analyzer, text)),
                    expected,
                    "{text}, round {round}"
                );
                // The shards' budgets, and at most one entry over in each.
                assert!(cache.bytes() <= budget + SHARDS * 1024, "{}", cache.bytes());
            }
        }
        // A text looked up again is found, not analyzed again.
        let first = cache.analysis(&analyzer, &texts[0]);
        assert!(Arc::ptr_eq(&first, &cache.analysis(&analyzer, &texts[0])));
        // No budget: nothing is remembered.
        let none = PassageCache::new(0);
        let first = none.analysis(&analyzer, &texts[0]);
        assert!(!Arc::ptr_eq(&first, &none.analysis(&analyzer, &texts[0])));
        assert_eq!(none.bytes(), 0);
    }
}
