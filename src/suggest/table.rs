//! The suggestion dictionary in memory: every entry of the committed
//! index with its weight, sorted by keystrokes and by initial consonants
//! for prefix lookups.
//!
//! Built from the `suggest` field's term dictionaries, one per segment: a
//! term's document frequency is its weight (counted over live documents
//! in a segment with deletions), and entries that differ only in case
//! (`iPhone`, `iphone`) are one, written the way most documents write it.

use std::cmp::Reverse;
use std::collections::HashMap;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, TERMINATED};

use crate::chars::is_hangul_syllable;
use crate::jamo::keystrokes::{choseong, keystrokes};

/// One suggestion the index can give.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// As documents write it.
    pub text: Box<str>,
    /// How many documents hold it.
    pub weight: u32,
}

/// Prefixes of at most this many characters have their best entries
/// ready: one typed key (ㅅ) or two lead to a good part of the dictionary,
/// too many entries to rank at each keystroke.
const SHORT_PREFIX_CHARS: usize = 2;

/// How many of the best entries of a short prefix are ready: the most
/// suggestions a lookup of a short prefix can give.
pub(crate) const READY_BEST: usize = 100;

/// Every entry, and two sorted keys leading to them.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub entries: Vec<Entry>,
    /// The keystrokes of each entry, lower case ([`lookup_key`]).
    by_keystrokes: Keys,
    /// The initial consonants of each entry holding Hangul.
    by_choseong: Keys,
}

/// Entries sorted by a key, and the best entries of each short prefix.
#[derive(Debug, Default)]
struct Keys {
    sorted: Vec<(Box<str>, u32)>,
    /// The [`READY_BEST`] entries of each prefix of up to
    /// [`SHORT_PREFIX_CHARS`] characters, best first ([`Table::rank`]).
    best: HashMap<Box<str>, Vec<u32>>,
}

impl Keys {
    fn push(&mut self, key: String, index: u32) {
        self.sorted.push((key.into(), index));
    }

    /// Sorts the keys and makes the lists of the short prefixes' best.
    fn finish(&mut self, entries: &[Entry]) {
        self.sorted.sort_unstable();
        let mut best: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for (key, index) in &self.sorted {
            // Where the key's first, second, … characters end.
            let ends = key
                .char_indices()
                .map(|(at, _)| at)
                .skip(1)
                .chain([key.len()]);
            for end in ends.take(SHORT_PREFIX_CHARS) {
                best.entry(key[..end].into()).or_default().push(*index);
            }
        }
        for list in best.values_mut() {
            list.sort_unstable_by_key(|&index| Table::rank(entries, index));
            list.truncate(READY_BEST);
            list.shrink_to_fit();
        }
        self.best = best;
    }

    /// The entries whose key starts with `prefix`; for a short prefix, when
    /// `best_of_short` allows, its best [`READY_BEST`] only.
    fn starting_with<'a>(
        &'a self,
        prefix: &'a str,
        best_of_short: bool,
    ) -> Box<dyn Iterator<Item = u32> + 'a> {
        if best_of_short && prefix.chars().count() <= SHORT_PREFIX_CHARS {
            return Box::new(self.best.get(prefix).into_iter().flatten().copied());
        }
        let first = self.sorted.partition_point(|(key, _)| &**key < prefix);
        Box::new(
            self.sorted[first..]
                .iter()
                .take_while(move |(key, _)| key.starts_with(prefix))
                .map(|&(_, index)| index),
        )
    }

    fn heap_bytes(&self) -> usize {
        let sorted: usize = self
            .sorted
            .iter()
            .map(|(key, _)| key.len() + std::mem::size_of::<(Box<str>, u32)>())
            .sum();
        let best: usize = self
            .best
            .iter()
            .map(|(key, list)| key.len() + 4 * list.len() + 48)
            .sum();
        sorted + best
    }
}

/// The key an entry is found by: its keystrokes, lower case, white space as
/// one space.
pub(crate) fn lookup_key(text: &str) -> String {
    let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
    keystrokes(&spaced.to_lowercase())
}

impl Table {
    /// The table of the `field` of every segment `searcher` sees.
    pub fn build(searcher: &Searcher, field: Field) -> tantivy::Result<Table> {
        let mut weights: HashMap<String, u32> = HashMap::new();
        for segment in searcher.segment_readers() {
            count_segment(segment, field, &mut weights)?;
        }
        // Case variants are one entry: the most frequent form, all weights.
        let mut variants: HashMap<String, (String, u32, u32)> = HashMap::new();
        for (text, weight) in weights {
            let slot = variants
                .entry(text.to_lowercase())
                .or_insert_with(|| (String::new(), 0, 0));
            if weight > slot.1 || (weight == slot.1 && text < slot.0) {
                slot.0 = text;
                slot.1 = weight;
            }
            slot.2 = slot.2.saturating_add(weight);
        }
        let mut table = Table::default();
        for (_, (text, _, weight)) in variants {
            let index = u32::try_from(table.entries.len()).unwrap_or(u32::MAX);
            table.by_keystrokes.push(lookup_key(&text), index);
            if text.chars().any(is_hangul_syllable) {
                table
                    .by_choseong
                    .push(choseong(&text.to_lowercase()), index);
            }
            table.entries.push(Entry {
                text: text.into(),
                weight,
            });
        }
        table.by_keystrokes.finish(&table.entries);
        table.by_choseong.finish(&table.entries);
        Ok(table)
    }

    /// How entries rank within one reading: more documents first, then
    /// shorter, then the earlier read.
    pub fn rank(entries: &[Entry], index: u32) -> (Reverse<u32>, usize, u32) {
        let entry = &entries[index as usize];
        (Reverse(entry.weight), entry.text.chars().count(), index)
    }

    /// Entries whose keystrokes start with `prefix`; of a prefix of one or
    /// two keys, the best [`READY_BEST`].
    pub fn with_keystrokes<'a>(&'a self, prefix: &'a str) -> Box<dyn Iterator<Item = u32> + 'a> {
        self.by_keystrokes.starting_with(prefix, true)
    }

    /// Entries whose initial consonants start with `prefix`; of a prefix of
    /// one or two, the best [`READY_BEST`] when `best_of_short` allows (the
    /// caller filters them no further).
    pub fn with_choseong<'a>(
        &'a self,
        prefix: &'a str,
        best_of_short: bool,
    ) -> Box<dyn Iterator<Item = u32> + 'a> {
        self.by_choseong.starting_with(prefix, best_of_short)
    }

    /// Approximate memory the table holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .map(|entry| entry.text.len() + std::mem::size_of::<Entry>())
            .sum();
        entries + self.by_keystrokes.heap_bytes() + self.by_choseong.heap_bytes()
    }
}

/// Adds the document frequency of each term of `field` in `segment` to
/// `weights`, counting live documents only.
fn count_segment(
    segment: &SegmentReader,
    field: Field,
    weights: &mut HashMap<String, u32>,
) -> tantivy::Result<()> {
    let inverted = segment.inverted_index(field)?;
    let mut terms = inverted.terms().stream()?;
    let alive = segment.alive_bitset();
    while terms.advance() {
        let Ok(text) = std::str::from_utf8(terms.key()) else {
            continue;
        };
        let info = terms.value();
        let weight = match alive {
            // Postings still hold deleted documents until segments merge.
            Some(alive) => {
                let mut postings =
                    inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                let mut live = 0;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    live += u32::from(alive.is_alive(doc));
                    doc = postings.advance();
                }
                live
            }
            None => info.doc_freq,
        };
        if weight > 0 {
            let slot = weights.entry(text.to_string()).or_default();
            *slot = slot.saturating_add(weight);
        }
    }
    Ok(())
}
