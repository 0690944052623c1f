//! The suggestion dictionary in memory: every entry of the committed
//! index with its weight, sorted by keystrokes and by initial consonants
//! for prefix lookups.
//!
//! Built from the `suggest` field's term dictionaries, one per segment: a
//! term's document frequency is its weight (counted over live documents
//! in a segment with deletions), and entries that differ only in case
//! (`iPhone`, `iphone`) are one, written the way most documents write it.

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

/// Every entry, and two sorted keys leading to them.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub entries: Vec<Entry>,
    /// The keystrokes of each entry, lower case ([`lookup_key`]).
    by_keystrokes: Vec<(Box<str>, u32)>,
    /// The initial consonants of each entry holding Hangul.
    by_choseong: Vec<(Box<str>, u32)>,
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
            table.by_keystrokes.push((lookup_key(&text).into(), index));
            if text.chars().any(is_hangul_syllable) {
                table
                    .by_choseong
                    .push((choseong(&text.to_lowercase()).into(), index));
            }
            table.entries.push(Entry {
                text: text.into(),
                weight,
            });
        }
        table.by_keystrokes.sort_unstable();
        table.by_choseong.sort_unstable();
        Ok(table)
    }

    /// Entries whose keystrokes start with `prefix`.
    pub fn with_keystrokes<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = u32> + 'a {
        starting_with(&self.by_keystrokes, prefix)
    }

    /// Entries whose initial consonants start with `prefix`.
    pub fn with_choseong<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = u32> + 'a {
        starting_with(&self.by_choseong, prefix)
    }

    /// Approximate memory the table holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let keys = |keys: &[(Box<str>, u32)]| {
            keys.iter()
                .map(|(key, _)| key.len() + std::mem::size_of::<(Box<str>, u32)>())
                .sum::<usize>()
        };
        let entries: usize = self
            .entries
            .iter()
            .map(|entry| entry.text.len() + std::mem::size_of::<Entry>())
            .sum();
        entries + keys(&self.by_keystrokes) + keys(&self.by_choseong)
    }
}

/// The entries of a sorted key list whose key starts with `prefix`.
fn starting_with<'a>(
    keys: &'a [(Box<str>, u32)],
    prefix: &'a str,
) -> impl Iterator<Item = u32> + 'a {
    let first = keys.partition_point(|(key, _)| &**key < prefix);
    keys[first..]
        .iter()
        .take_while(move |(key, _)| key.starts_with(prefix))
        .map(|&(_, index)| index)
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
