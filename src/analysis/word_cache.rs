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
//! An entry is one allocation, a `str`: a header, the key (the context,
//! then the word), the terms as fixed-size records of numbers written in
//! ASCII (7 bits a byte), and the texts that are not slices of the word
//! (parts of speech, stems not spelled in the word, readings). A lookup
//! reads a bucket of the table and the entry: two places in memory, where
//! a map of owned keys and separately allocated terms read four.
//!
//! [`WordCache`] is an open-addressing table with a budget in bytes that
//! forgets the words not found lately first. The analyzer keeps one per
//! thread for indexing ([`Analysis`](super::Analysis)): no locks between
//! indexing threads (a thread that ends leaves its cache to the next one,
//! see `by_word`).

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::context::{Edge, WordContext};
use super::{TermKind, TermRef};

/// Longest written word (in normalized bytes) worth remembering: longer
/// ones are rare (264 in 4.75 million words of Korean Wikipedia) and seldom
/// repeat.
pub(super) const MAX_CACHED_WORD_BYTES: usize = 96;

/// The default budget of the cache of one indexing thread, in bytes.
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

/// Numbers in an entry are written in two ASCII bytes of 7 bits each, so
/// that the entry is a `str`: they are below this. A word whose terms need
/// a larger one (none of the words the analyzer hands the cache, which are
/// at most a few hundred characters) gets no entry.
const NUMBER_LIMIT: usize = 1 << 14;

/// A term's text field when the text is its surface.
const SURFACE: usize = NUMBER_LIMIT - 1;

/// The header: the key's length, the positions the word takes, its
/// characters, its terms.
const HEADER_BYTES: usize = 8;

/// A term: start, end, position + 1, text from, text to, part of speech
/// from, to (numbers), then its kind (one ASCII digit).
const TERM_BYTES: usize = 15;

/// What an entry's allocation costs beyond its bytes, roughly (the
/// allocator's rounding).
const ALLOCATION_OVERHEAD: usize = 8;

/// The kinds of term by their code in an entry.
const KINDS: [TermKind; 6] = [
    TermKind::Word,
    TermKind::Compound,
    TermKind::CompoundPart,
    TermKind::Reading,
    TermKind::Abbreviation,
    TermKind::WholeWord,
];

fn kind_code(kind: TermKind) -> u8 {
    match kind {
        TermKind::Word => 0,
        TermKind::Compound => 1,
        TermKind::CompoundPart => 2,
        TermKind::Reading => 3,
        TermKind::Abbreviation => 4,
        TermKind::WholeWord => 5,
    }
}

/// Appends `number` in two ASCII bytes; `false` when it is too large.
fn put(out: &mut String, number: usize) -> bool {
    if number >= NUMBER_LIMIT {
        return false;
    }
    out.push(char::from((number & 0x7f) as u8));
    out.push(char::from((number >> 7) as u8));
    true
}

/// The number at byte `at` of `bytes`.
fn get(bytes: &[u8], at: usize) -> usize {
    usize::from(bytes[at]) | usize::from(bytes[at + 1]) << 7
}

/// The terms of one written word in one context.
#[derive(Debug)]
pub(super) struct Entry(Box<str>);

impl Entry {
    fn number(&self, index: usize) -> usize {
        get(self.0.as_bytes(), 2 * index)
    }

    pub(super) fn positions(&self) -> usize {
        self.number(1)
    }

    pub(super) fn chars(&self) -> u64 {
        self.number(2) as u64
    }

    fn key(&self) -> &str {
        &self.0[HEADER_BYTES..HEADER_BYTES + self.number(0)]
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
        let bytes = self.0.as_bytes();
        let records = HEADER_BYTES + self.number(0);
        let count = self.number(3);
        let texts = records + count * TERM_BYTES;
        (0..count).filter_map(move |index| {
            let at = records + index * TERM_BYTES;
            let number = |field: usize| get(bytes, at + 2 * field);
            let position = (base + number(2)).checked_sub(1)?;
            let (term_start, term_end) = (start + number(0), start + number(1));
            let surface = &normalized[term_start..term_end];
            let slice = |from: usize, to: usize| &self.0[texts + from..texts + to];
            Some(TermRef {
                text: match number(3) {
                    SURFACE => surface,
                    from => slice(from, number(4)),
                },
                surface,
                pos: slice(number(5), number(6)),
                start: term_start,
                end: term_end,
                position,
                kind: KINDS[usize::from(bytes[at + 14] - b'0')],
            })
        })
    }

    /// What the entry costs, beyond its bucket.
    fn bytes(&self) -> usize {
        self.0.len() + ALLOCATION_OVERHEAD
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

/// A term of a word being built, relative to the word's start.
struct BuiltTerm {
    start: usize,
    end: usize,
    /// Counted from the analysis' start.
    position: usize,
    /// In the builder's texts; `None` when the text is the surface.
    text: Option<(usize, usize)>,
    pos: (usize, usize),
    kind: TermKind,
}

/// Makes the [`Entry`] of a word from the terms the analyzer makes for it
/// (normalized offsets, positions counted from the analysis' start).
pub(super) struct EntryBuilder {
    key: String,
    terms: Vec<BuiltTerm>,
    texts: String,
}

impl EntryBuilder {
    /// A builder for `word` in `context`.
    pub(super) fn new(word: &str, context: WordContext) -> Self {
        let mut key = String::with_capacity(word.len() + 1);
        push_key(&mut key, word, context);
        EntryBuilder {
            key,
            terms: Vec::new(),
            texts: String::new(),
        }
    }

    /// Adds a term of the word that starts at `word_start`.
    pub(super) fn push(&mut self, term: &TermRef<'_>, word_start: usize) {
        let mut text = |text: &str| {
            let from = self.texts.len();
            self.texts.push_str(text);
            (from, self.texts.len())
        };
        let pos = text(term.pos);
        let text = (term.text != term.surface).then(|| text(term.text));
        self.terms.push(BuiltTerm {
            start: term.start - word_start,
            end: term.end - word_start,
            position: term.position,
            text,
            pos,
            kind: term.kind,
        });
    }

    /// The entry of a word of `chars` characters that took positions
    /// `first..end`; `None` when a number of it is too large for an entry.
    pub(super) fn finish(self, first: usize, end: usize, chars: usize) -> Option<Entry> {
        let mut entry = String::with_capacity(
            HEADER_BYTES + self.key.len() + self.terms.len() * TERM_BYTES + self.texts.len(),
        );
        let header = [
            self.key.len(),
            end.checked_sub(first)?,
            chars,
            self.terms.len(),
        ];
        if !header.into_iter().all(|number| put(&mut entry, number)) {
            return None;
        }
        entry.push_str(&self.key);
        for term in &self.terms {
            let (text_from, text_to) = term.text.unwrap_or((SURFACE, 0));
            let numbers = [
                term.start,
                term.end,
                // The whole form of a word that made no other term stands
                // one position before the word's first.
                (term.position + 1).checked_sub(first)?,
                text_from,
                text_to,
                term.pos.0,
                term.pos.1,
            ];
            if !numbers.into_iter().all(|number| put(&mut entry, number)) {
                return None;
            }
            entry.push(char::from(b'0' + kind_code(term.kind)));
        }
        entry.push_str(&self.texts);
        Some(Entry(entry.into_boxed_str()))
    }
}

/// The hash of a key: FxHash (rustc's) over 8 bytes at a time, then mixed;
/// a cache lookup is worth a few nanoseconds, and the keys are not chosen
/// by an adversary who could gain by colliding them (a collision costs a
/// longer probe, never a wrong entry: the key is compared).
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
    // The table takes a bucket from the high bits and keeps the lowest for
    // a flag: mix the low bits up.
    hash ^ (hash >> 29)
}

/// The lowest bit of a bucket's tag: its entry was found since the last
/// sweep.
const REFERENCED: u64 = 1;

/// One place of the table.
#[derive(Default)]
struct Bucket {
    /// The hash of the entry's key, its lowest bit [`REFERENCED`].
    tag: Cell<u64>,
    entry: Option<Entry>,
}

/// The fewest buckets a table has.
const MIN_BUCKETS: usize = 16;

/// The entries of recently analyzed words, within a budget in bytes (the
/// entries and the table). When over budget, or when the table is as full
/// as the budget lets it be, a sweep forgets entries not found since the
/// previous sweep, drawn at random, until a tenth of the budget and of the
/// table's room is free (a CLOCK, as it were, that costs a hit nothing but
/// a bit).
pub(super) struct WordCache {
    /// Linear probing, at most three quarters full; a power of two long,
    /// or empty.
    buckets: Vec<Bucket>,
    /// How many buckets hold an entry.
    len: usize,
    /// What the entries and the table cost.
    bytes: usize,
    budget: usize,
    /// How many sweeps there were, which varies what each forgets.
    sweeps: u64,
}

/// Where `hash` starts its probe in a table of `buckets` (a power of two).
fn home(hash: u64, buckets: usize) -> usize {
    (hash >> (64 - buckets.trailing_zeros())) as usize
}

/// A table of `buckets` empty buckets.
fn empty_table(buckets: usize) -> Vec<Bucket> {
    let mut table = Vec::with_capacity(buckets);
    table.resize_with(buckets, Bucket::default);
    table
}

/// Puts `entry` in the first free bucket of its probe (the table has one).
fn place(buckets: &mut [Bucket], tag: u64, entry: Entry) {
    let mask = buckets.len() - 1;
    let mut at = home(tag, buckets.len());
    while buckets[at].entry.is_some() {
        at = (at + 1) & mask;
    }
    buckets[at] = Bucket {
        tag: Cell::new(tag),
        entry: Some(entry),
    };
}

impl WordCache {
    pub(super) fn new(budget: usize) -> Self {
        WordCache {
            buckets: Vec::new(),
            len: 0,
            bytes: 0,
            budget,
            sweeps: 0,
        }
    }

    /// Changes the budget, forgetting entries as needed.
    pub(super) fn set_budget(&mut self, budget: usize) {
        if budget != self.budget {
            self.budget = budget;
            self.evict();
        }
    }

    /// The entries of `words` (none for `None`) if remembered (`key` is a
    /// buffer). The buckets of all the words, and then their entries, are
    /// read before any key is compared, so that the reads, most of them
    /// from main memory, overlap rather than wait one after another (this
    /// doubled the speed of a warm cache).
    pub(super) fn find_all(
        &self,
        key: &mut String,
        words: &[Option<(&str, WordContext)>],
    ) -> Vec<Option<&Entry>> {
        if self.buckets.is_empty() {
            return vec![None; words.len()];
        }
        let mut hashed = |&(word, context): &(&str, WordContext)| {
            key.clear();
            push_key(key, word, context);
            hash(key) & !REFERENCED
        };
        let hashes: Vec<Option<u64>> = words
            .iter()
            .map(|word| word.as_ref().map(&mut hashed))
            .collect();
        let buckets = || {
            hashes
                .iter()
                .flatten()
                .map(|&hash| &self.buckets[home(hash, self.buckets.len())])
        };
        for bucket in buckets() {
            std::hint::black_box(bucket.tag.get());
        }
        for bucket in buckets() {
            if let Some(entry) = &bucket.entry {
                std::hint::black_box(entry.0.as_bytes()[0]);
            }
        }
        words
            .iter()
            .zip(&hashes)
            .map(|(word, hash)| {
                let (word, context) = (*word)?;
                key.clear();
                push_key(key, word, context);
                self.probe((*hash)?, key)
            })
            .collect()
    }

    /// The entry of `key`, whose hash (less [`REFERENCED`]) is `hash`.
    fn probe(&self, hash: u64, key: &str) -> Option<&Entry> {
        let mask = self.buckets.len() - 1;
        let mut at = home(hash, self.buckets.len());
        loop {
            let bucket = &self.buckets[at];
            let entry = bucket.entry.as_ref()?;
            if bucket.tag.get() & !REFERENCED == hash && entry.key() == key {
                bucket.tag.set(hash | REFERENCED);
                return Some(entry);
            }
            at = (at + 1) & mask;
        }
    }

    /// Remembers an entry.
    pub(super) fn insert(&mut self, entry: Entry) {
        let bytes = entry.bytes();
        if bytes > self.budget {
            return;
        }
        if self.len + 1 > room(self.buckets.len()) {
            // A larger table while the budget pays for it (with half of
            // it at most); else room is made by forgetting. A table that
            // grew and shrank with every word would copy itself each time.
            let grown = (self.buckets.len() * 2).max(MIN_BUCKETS);
            if grown == MIN_BUCKETS || table_bytes(grown) <= self.budget / 2 {
                self.resize(grown);
            }
            // A sweep where every entry was found forgets none.
            while self.len + 1 > room(self.buckets.len()) {
                self.sweep(self.buckets.len());
            }
        }
        let hash = hash(entry.key()) & !REFERENCED;
        let mask = self.buckets.len() - 1;
        let mut at = home(hash, self.buckets.len());
        loop {
            let bucket = &mut self.buckets[at];
            match &bucket.entry {
                None => {
                    self.len += 1;
                    break;
                }
                // The same key, analyzed again (the word came twice in one
                // piece): replaced.
                Some(old) if bucket.tag.get() & !REFERENCED == hash && old.key() == entry.key() => {
                    let freed = old.bytes();
                    self.bytes -= freed;
                    STATS.held(-(freed as i64));
                    break;
                }
                Some(_) => at = (at + 1) & mask,
            }
        }
        self.buckets[at] = Bucket {
            tag: Cell::new(hash),
            entry: Some(entry),
        };
        self.bytes += bytes;
        STATS.held(bytes as i64);
        self.evict();
    }

    /// Moves the entries into a table of `buckets` buckets.
    fn resize(&mut self, buckets: usize) {
        let old = std::mem::replace(&mut self.buckets, empty_table(buckets));
        self.held_table(old.len(), buckets);
        for bucket in old {
            if let Some(entry) = bucket.entry {
                place(&mut self.buckets, bucket.tag.get(), entry);
            }
        }
    }

    /// Counts a table of `new` buckets instead of one of `old`.
    fn held_table(&mut self, old: usize, new: usize) {
        self.bytes = self.bytes - table_bytes(old) + table_bytes(new);
        STATS.held(table_bytes(new) as i64 - table_bytes(old) as i64);
    }

    /// Forgets entries until the budget holds them and the table.
    fn evict(&mut self) {
        let mut buckets = self.buckets.len();
        while buckets > MIN_BUCKETS && table_bytes(buckets) > self.budget / 2 {
            buckets /= 2;
        }
        while self.len > 0 && (self.bytes > self.budget || buckets < self.buckets.len()) {
            self.sweep(buckets);
        }
    }

    /// Forgets entries not found since the last sweep, and marks those
    /// found as not found, so that the entries and a table of `buckets` take
    /// nine tenths of the budget and fill nine tenths of the table's room;
    /// then moves them into a table of `buckets` if that is smaller.
    ///
    /// The entries forgotten are drawn at random among those not found
    /// (by their hash and the sweep's number), not taken in the table's
    /// order: forgetting from the start of the table every time left its
    /// end full, one cluster of hundreds of thousands of buckets that every
    /// probe walked.
    fn sweep(&mut self, buckets: usize) {
        let len_target = room(buckets) - room(buckets) / 10;
        let bytes_target = (self.budget - self.budget / 10).saturating_sub(table_bytes(buckets));
        let entries = self.bytes - table_bytes(self.buckets.len());
        let not_found = self
            .buckets
            .iter()
            .filter(|bucket| bucket.entry.is_some() && bucket.tag.get() & REFERENCED == 0)
            .count();
        let average = (entries / self.len.max(1)).max(1);
        let excess = (self.len.saturating_sub(len_target))
            .max(entries.saturating_sub(bytes_target).div_ceil(average));
        // The share of the entries not found to forget, in 65,536ths.
        let share = (excess << 16).div_ceil(not_found.max(1)).min(1 << 16) as u64;
        self.sweeps += 1;
        let salt = self.sweeps.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let (mut freed, mut evicted) = (0, 0);
        let mut at = 0;
        while at < self.buckets.len() {
            let bucket = &self.buckets[at];
            let Some(entry) = &bucket.entry else {
                at += 1;
                continue;
            };
            let tag = bucket.tag.get();
            let draw = (tag ^ salt).wrapping_mul(0xff51_afd7_ed55_8ccd) >> 48;
            if tag & REFERENCED != 0 {
                bucket.tag.set(tag & !REFERENCED);
            } else if draw < share {
                freed += entry.bytes();
                evicted += 1;
                // Another entry may move here: looked at next.
                self.remove(at);
                continue;
            }
            at += 1;
        }
        self.len -= evicted;
        self.bytes -= freed;
        STATS.held(-(freed as i64));
        STATS.evicted.fetch_add(evicted as u64, Ordering::Relaxed);
        // Smaller once the entries fit (a sweep where every entry was found
        // forgets none).
        if buckets < self.buckets.len() && self.len <= room(buckets) {
            self.resize(buckets);
        }
    }

    /// Empties bucket `at`, moving back the entries after it that probes
    /// would no longer reach (deletion from linear probing without marks).
    fn remove(&mut self, at: usize) {
        let mask = self.buckets.len() - 1;
        self.buckets[at] = Bucket::default();
        let (mut hole, mut next) = (at, (at + 1) & mask);
        while self.buckets[next].entry.is_some() {
            let home = home(self.buckets[next].tag.get(), self.buckets.len());
            // It may fill the hole if the hole lies on its probe.
            if next.wrapping_sub(home) & mask >= next.wrapping_sub(hole) & mask {
                self.buckets.swap(hole, next);
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }
}

/// The most entries a table of `buckets` holds: three quarters full.
fn room(buckets: usize) -> usize {
    buckets / 4 * 3
}

/// What a table of `buckets` buckets costs.
fn table_bytes(buckets: usize) -> usize {
    buckets * std::mem::size_of::<Bucket>()
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPACED: WordContext = WordContext::new(Edge::Space, Edge::Space);

    /// The entry of a word whose terms are a stem spelled otherwise (하
    /// of 했), a compound and its part, and its whole form, starting at
    /// position 5 of an analysis.
    fn entry(word: &str) -> Entry {
        let mut builder = EntryBuilder::new(word, SPACED);
        let term = |text, pos, end, position, kind| TermRef {
            text,
            surface: &word[..end],
            pos,
            start: 10,
            end: 10 + end,
            position,
            kind,
        };
        let three = word.char_indices().nth(1).map_or(word.len(), |(at, _)| at);
        for term in [
            term("하", "VV", three, 5, TermKind::Word),
            term(
                &word[..word.len()],
                "NNG",
                word.len(),
                6,
                TermKind::Compound,
            ),
            term(&word[..three], "NNG", three, 6, TermKind::CompoundPart),
            term(
                &word[..word.len()],
                "NNP",
                word.len(),
                4,
                TermKind::WholeWord,
            ),
        ] {
            builder.push(&term, 10);
        }
        builder.finish(5, 8, word.chars().count()).unwrap()
    }

    #[test]
    fn an_entry_replays_its_terms_where_the_word_stands_again() {
        let entry = entry("협력했다");
        assert_eq!((entry.positions(), entry.chars()), (3, 4));
        let text = "서울시와 협력했다";
        let terms: Vec<_> = entry
            .terms(text, 13, 20)
            .map(|term| {
                (
                    term.text,
                    term.surface,
                    term.pos,
                    term.start,
                    term.end,
                    term.position,
                    term.kind,
                )
            })
            .collect();
        assert_eq!(
            terms,
            [
                ("하", "협", "VV", 13, 16, 20, TermKind::Word),
                (
                    "협력했다",
                    "협력했다",
                    "NNG",
                    13,
                    25,
                    21,
                    TermKind::Compound
                ),
                ("협", "협", "NNG", 13, 16, 21, TermKind::CompoundPart),
                (
                    "협력했다",
                    "협력했다",
                    "NNP",
                    13,
                    25,
                    19,
                    TermKind::WholeWord
                ),
            ]
        );
        // At the text's first position, the whole form before it is dropped.
        assert_eq!(entry.terms(text, 13, 0).count(), 3);
        for kind in KINDS {
            assert_eq!(KINDS[usize::from(kind_code(kind))], kind);
        }
    }

    #[test]
    fn a_number_too_large_gives_no_entry() {
        let mut builder = EntryBuilder::new("가", SPACED);
        let long = "가".repeat(NUMBER_LIMIT);
        builder.push(
            &TermRef {
                text: &long,
                surface: "가",
                pos: "NNG",
                start: 0,
                end: 3,
                position: 1,
                kind: TermKind::Word,
            },
            0,
        );
        assert!(builder.finish(1, 2, 1).is_none());
    }

    #[test]
    fn the_table_finds_its_words_and_keeps_to_its_budget() {
        let words: Vec<String> = (0..5000).map(|n| format!("낱말{n}")).collect();
        let found = |cache: &WordCache, words: &[String]| {
            let words: Vec<_> = words
                .iter()
                .map(|word| Some((word.as_str(), SPACED)))
                .collect();
            let found = cache.find_all(&mut String::new(), &words);
            found.iter().filter(|entry| entry.is_some()).count()
        };
        let mut cache = WordCache::new(64 << 20);
        for word in &words {
            cache.insert(entry(word));
        }
        assert_eq!(found(&cache, &words), words.len());
        // Another context is another key.
        let other = [Some((
            words[0].as_str(),
            WordContext::new(Edge::Boundary, Edge::Space),
        ))];
        assert!(cache.find_all(&mut String::new(), &other)[0].is_none());
        // A word inserted again replaces itself.
        let bytes = cache.bytes;
        cache.insert(entry(&words[0]));
        assert_eq!((cache.bytes, cache.len), (bytes, words.len()));

        // A budget of a tenth keeps what was found lately.
        let mut cache = WordCache::new(64 << 20);
        for word in &words {
            cache.insert(entry(word));
        }
        let small = cache.bytes / 10;
        assert_eq!(found(&cache, &words[..100]), 100);
        cache.set_budget(small);
        assert!(cache.bytes <= small, "{} > {small}", cache.bytes);
        assert_eq!(found(&cache, &words[..100]), 100);
        for word in &words {
            cache.insert(entry(word));
            assert!(cache.bytes <= small);
        }
        assert!(found(&cache, &words) < words.len());
        cache.set_budget(1);
        assert_eq!((cache.len, found(&cache, &words)), (0, 0));
    }

    #[test]
    fn forgetting_leaves_no_long_cluster() {
        // A budget of about 20,000 of these entries, and ten times as many
        // words, each met twice: hundreds of sweeps.
        let mut cache = WordCache::new(4 << 20);
        let (mut key, mut longest) = (String::new(), 0);
        for n in 0..400_000u64 {
            let word = format!("낱말{}", (n / 2).wrapping_mul(7919) % 1_000_003);
            if cache.find_all(&mut key, &[Some((word.as_str(), SPACED))])[0].is_none() {
                cache.insert(entry(&word));
            }
            if n % 10_000 == 0 {
                let mut run = 0;
                for bucket in &cache.buckets {
                    run = if bucket.entry.is_some() { run + 1 } else { 0 };
                    longest = longest.max(run);
                }
            }
        }
        assert!(
            cache.len > 10_000 && cache.bytes <= 4 << 20,
            "{}",
            cache.len
        );
        // At most three quarters full, a run of 200 full buckets is most
        // unlikely; forgetting in the table's order made one of the whole
        // table.
        assert!(longest < 200, "{longest} full buckets in a row");
    }
}
