//! The analysis of one written word in one context, remembered.
//!
//! With mecab-ko-dic, the terms of a written word (an eojeol: the text
//! between two runs of the dictionary's `SPACE` characters) depend on the
//! word and on its [`WordContext`] only (see [`context`](super::context)),
//! so a word met again in the same context can skip segmentation, the
//! part-of-speech filter and the expansions and replay what was made the
//! first time. Korean text repeats its words heavily: on Korean Wikipedia,
//! about 70% of the characters analyzed belong to a word already seen.
//!
//! An [`Entry`] holds a word's terms with offsets relative to the word's
//! start in the normalized text and positions relative to the position it
//! starts at. Every word, found or just analyzed, leaves the analyzer
//! through [`Emitter::replay`](super::Emitter), so that the cached and the
//! uncached analyses of a text are made by the same code.
//!
//! [`WordCache`] is a map with a budget in bytes that forgets the words
//! not found lately first. The
//! analyzer keeps one per thread for indexing ([`Analysis`](super::Analysis)):
//! no locks between indexing threads.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use super::context::{Edge, WordContext};
use super::{TermKind, TermRef};

/// What one entry costs beyond its texts and terms: its slot, its place in
/// the map, and the allocator's rounding, roughly.
const ENTRY_OVERHEAD: usize = 96;

/// Longest written word (in normalized bytes) worth remembering: longer
/// ones are rare (264 in 4.75 million words of Korean Wikipedia) and seldom
/// repeat.
pub(super) const MAX_CACHED_WORD_BYTES: usize = 96;

/// The default budget of the cache of one indexing thread, in bytes.
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

/// One term of a word, relative to the word.
#[derive(Debug, Clone, Copy)]
pub(super) struct CachedTerm {
    /// Normalized byte offsets from the word's start.
    start: u32,
    end: u32,
    /// Position from the position the word starts at; -1 for the whole
    /// form of a word that made no other term.
    position: i32,
    /// The term's text in the entry's `texts`, or `None` when it is its
    /// surface (the normalized text it was read from).
    text: Option<(u32, u32)>,
    /// Its part of speech in `texts`.
    pos: (u32, u32),
    kind: TermKind,
}

/// The terms of one written word in one context.
#[derive(Debug, Default)]
pub(super) struct Entry {
    terms: Box<[CachedTerm]>,
    /// The key (the context, then the word) and the texts that are not
    /// slices of the word: parts of speech, stems not spelled in the word
    /// (하 of 했), readings. One allocation, which a lookup reads first.
    texts: Box<str>,
    /// The length of the key at the start of `texts`.
    key_len: u32,
    /// How many positions the word takes.
    positions: u32,
    /// How many characters the word has, for the hit rate.
    chars: u32,
}

impl Entry {
    pub(super) fn positions(&self) -> usize {
        self.positions as usize
    }

    pub(super) fn chars(&self) -> u64 {
        u64::from(self.chars)
    }

    fn key(&self) -> &str {
        &self.texts[..self.key_len as usize]
    }

    /// The terms as made at `start` in `normalized` (offsets still
    /// normalized) when the word starts at position `base`; the whole form
    /// of a word that made no term is dropped at position 0, as a text's
    /// first word drops it.
    pub(super) fn terms<'e>(
        &'e self,
        normalized: &'e str,
        start: usize,
        base: usize,
    ) -> impl Iterator<Item = TermRef<'e>> + 'e {
        self.terms.iter().filter_map(move |term| {
            let position = usize::try_from(base as i64 + i64::from(term.position)).ok()?;
            let (term_start, term_end) = (start + term.start as usize, start + term.end as usize);
            let surface = &normalized[term_start..term_end];
            let slice = |(from, to): (u32, u32)| &self.texts[from as usize..to as usize];
            Some(TermRef {
                text: term.text.map_or(surface, slice),
                surface,
                pos: slice(term.pos),
                start: term_start,
                end: term_end,
                position,
                kind: term.kind,
            })
        })
    }

    fn bytes(&self) -> usize {
        self.texts.len() + self.terms.len() * std::mem::size_of::<CachedTerm>() + ENTRY_OVERHEAD
    }
}

/// The key of `word` in `context`: the context in the first byte.
fn push_key(key: &mut String, word: &str, context: WordContext) {
    key.push(match (context.left, context.right) {
        (Edge::Boundary, Edge::Boundary) => '0',
        (Edge::Boundary, Edge::Space) => '1',
        (Edge::Space, Edge::Boundary) => '2',
        (Edge::Space, Edge::Space) => '3',
    });
    key.push_str(word);
}

/// Makes the [`Entry`] of a word from the terms the analyzer makes for it
/// (normalized offsets, positions counted from the analysis' start).
pub(super) struct EntryBuilder {
    terms: Vec<CachedTerm>,
    texts: String,
    key_len: usize,
}

impl EntryBuilder {
    /// A builder for `word` in `context`.
    pub(super) fn new(word: &str, context: WordContext) -> Self {
        let mut texts = String::with_capacity(word.len() + 8);
        push_key(&mut texts, word, context);
        EntryBuilder {
            terms: Vec::new(),
            key_len: texts.len(),
            texts,
        }
    }

    /// Adds a term of the word that starts at `word_start`.
    pub(super) fn push(&mut self, term: &TermRef<'_>, word_start: usize) {
        let mut text = |text: &str| {
            let from = self.texts.len() as u32;
            self.texts.push_str(text);
            (from, self.texts.len() as u32)
        };
        let pos = text(term.pos);
        let text = (term.text != term.surface).then(|| text(term.text));
        self.terms.push(CachedTerm {
            start: (term.start - word_start) as u32,
            end: (term.end - word_start) as u32,
            // Relative once the word's first position is known (`finish`).
            position: term.position as i32,
            text,
            pos,
            kind: term.kind,
        });
    }

    /// The entry of a word of `chars` characters that took positions
    /// `first..end`.
    pub(super) fn finish(self, first: usize, end: usize, chars: usize) -> Entry {
        let mut terms = self.terms;
        for term in &mut terms {
            term.position -= first as i32;
        }
        Entry {
            terms: terms.into_boxed_slice(),
            texts: self.texts.into_boxed_str(),
            key_len: self.key_len as u32,
            positions: (end - first) as u32,
            chars: chars as u32,
        }
    }
}

/// The hash of a key: FxHash (rustc's) over 8 bytes at a time, then mixed;
/// a cache lookup is worth a few nanoseconds, and the keys are not chosen
/// by an adversary who could gain by colliding them (a collision costs a
/// miss, never a wrong entry: the key is compared).
fn hash(key: &str) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut hash = key.len() as u64;
    let mut chunks = key.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        hash = (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(SEED);
    // The map takes its buckets from the low bits and its tags from the
    // high ones: fold the well-mixed high bits down.
    hash ^ (hash >> 29)
}

/// Hands a hash computed already through.
#[derive(Default)]
struct Computed(u64);

impl Hasher for Computed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

/// A remembered entry, and whether it was found since the last sweep.
struct Slot {
    entry: Entry,
    referenced: Cell<bool>,
}

/// The entries of recently analyzed words, within a budget in bytes. When
/// over budget, a sweep forgets entries not found since the previous sweep
/// until a tenth of the budget is free (a CLOCK, as it were, that costs
/// nothing on a hit). A lookup reads the map's control bytes, the slot (in
/// the map, with its entry) and the entry's key.
pub(super) struct WordCache {
    /// The entry of each key, by the key's hash.
    map: HashMap<u64, Slot, BuildHasherDefault<Computed>>,
    /// What the entries cost, as counted by [`Entry::bytes`].
    bytes: usize,
    budget: usize,
}

impl WordCache {
    pub(super) fn new(budget: usize) -> Self {
        WordCache {
            map: HashMap::default(),
            bytes: 0,
            budget,
        }
    }

    /// Changes the budget, forgetting entries as needed.
    pub(super) fn set_budget(&mut self, budget: usize) {
        self.budget = budget;
        self.evict();
    }

    /// The entry of `word` in `context`, if remembered (`key` is a buffer).
    pub(super) fn find(
        &self,
        key: &mut String,
        word: &str,
        context: WordContext,
    ) -> Option<&Entry> {
        key.clear();
        push_key(key, word, context);
        let slot = self.map.get(&hash(key))?;
        if slot.entry.key() != key {
            return None;
        }
        slot.referenced.set(true);
        Some(&slot.entry)
    }

    /// Remembers an entry.
    pub(super) fn insert(&mut self, entry: Entry) {
        let bytes = entry.bytes();
        if bytes > self.budget {
            return;
        }
        let hash = hash(entry.key());
        let slot = Slot {
            entry,
            referenced: Cell::new(false),
        };
        // The same key (analyzed again: the word came twice in one piece),
        // or another with the same 64-bit hash: replaced.
        if let Some(old) = self.map.insert(hash, slot) {
            self.forgotten(&old);
        }
        self.bytes += bytes;
        STATS.held(bytes as i64);
        self.evict();
    }

    fn forgotten(&mut self, slot: &Slot) {
        let freed = slot.entry.bytes();
        self.bytes -= freed;
        STATS.held(-(freed as i64));
    }

    fn evict(&mut self) {
        let target = self.budget - self.budget / 10;
        while self.bytes > self.budget {
            let (mut bytes, mut evicted) = (self.bytes, 0);
            self.map.retain(|_, slot| {
                if bytes <= target || slot.referenced.take() {
                    return true;
                }
                bytes -= slot.entry.bytes();
                evicted += 1;
                false
            });
            STATS.held(bytes as i64 - self.bytes as i64);
            STATS.evicted.fetch_add(evicted, Ordering::Relaxed);
            self.bytes = bytes;
        }
    }
}

impl Drop for WordCache {
    fn drop(&mut self) {
        STATS.held(-(self.bytes as i64));
    }
}

/// What the analysis caches of this process have done, from
/// [`cache_stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Characters of words whose analysis was found in a cache.
    pub hit_chars: u64,
    /// Characters of words analyzed with a cache at hand, found or not.
    pub chars: u64,
    /// Bytes the caches hold now.
    pub bytes: u64,
    /// The most bytes the caches held at once.
    pub peak_bytes: u64,
    /// Entries forgotten to stay within budget.
    pub evicted: u64,
}

impl CacheStats {
    /// The share of characters found in a cache; 0 when none were analyzed.
    pub fn hit_rate(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.hit_chars as f64 / self.chars as f64
        }
    }
}

/// The counters behind [`CacheStats`].
struct Counters {
    hit_chars: AtomicU64,
    chars: AtomicU64,
    bytes: AtomicU64,
    peak_bytes: AtomicU64,
    evicted: AtomicU64,
}

static STATS: Counters = Counters {
    hit_chars: AtomicU64::new(0),
    chars: AtomicU64::new(0),
    bytes: AtomicU64::new(0),
    peak_bytes: AtomicU64::new(0),
    evicted: AtomicU64::new(0),
};

impl Counters {
    fn held(&self, change: i64) {
        let now = if change >= 0 {
            self.bytes.fetch_add(change as u64, Ordering::Relaxed) + change as u64
        } else {
            self.bytes
                .fetch_sub(change.unsigned_abs(), Ordering::Relaxed)
                .saturating_sub(change.unsigned_abs())
        };
        self.peak_bytes.fetch_max(now, Ordering::Relaxed);
    }
}

/// Counts the characters of one piece of text: `hit` of `chars` were
/// found in the cache.
pub(super) fn count(hit: u64, chars: u64) {
    STATS.hit_chars.fetch_add(hit, Ordering::Relaxed);
    STATS.chars.fetch_add(chars, Ordering::Relaxed);
}

/// What the analysis caches of this process have done so far (all threads,
/// all analyzers).
pub fn cache_stats() -> CacheStats {
    CacheStats {
        hit_chars: STATS.hit_chars.load(Ordering::Relaxed),
        chars: STATS.chars.load(Ordering::Relaxed),
        bytes: STATS.bytes.load(Ordering::Relaxed),
        peak_bytes: STATS.peak_bytes.load(Ordering::Relaxed),
        evicted: STATS.evicted.load(Ordering::Relaxed),
    }
}
