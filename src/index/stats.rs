//! What an index holds: documents, segments, size, term offsets, terms,
//! dates, facets.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use tantivy::termdict::TermMerger;
use tantivy::SegmentReader;

use super::{offsets, Index};
use crate::document::KST;
use crate::{Error, Result};

/// A description of an index, as `kosearch stats` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexStats {
    /// Live documents.
    pub documents: u64,
    /// Deleted documents not yet merged away.
    pub deleted_documents: u64,
    /// Segments.
    pub segments: usize,
    /// Bytes on disk, all files of the index directory.
    pub size_bytes: u64,
    /// Whether the index records where each body term stands, for passages
    /// read without analysis ([`IndexConfig::term_offsets`](super::IndexConfig::term_offsets)).
    pub term_offsets: bool,
    /// Bytes on disk of that record, part of `size_bytes`.
    pub term_offsets_bytes: u64,
    /// Distinct terms of the title and body fields together.
    pub distinct_terms: u64,
    /// Earliest publication time.
    pub oldest: Option<DateTime<FixedOffset>>,
    /// Latest publication time.
    pub newest: Option<DateTime<FixedOffset>>,
    /// Live documents per section, most frequent first.
    pub sections: Vec<(String, u64)>,
    /// Live documents per source, most frequent first.
    pub sources: Vec<(String, u64)>,
}

impl Index {
    /// Reads the statistics of the last commit.
    pub fn stats(&self) -> Result<IndexStats> {
        self.compute_stats().map_err(|e| Error::IndexCorrupt {
            dir: self.dir().to_path_buf(),
            detail: e.to_string(),
        })
    }

    fn compute_stats(&self) -> tantivy::Result<IndexStats> {
        let reader = self.tantivy().reader()?;
        let searcher = reader.searcher();
        let segments = searcher.segment_readers();
        let fields = self.fields();

        let mut inverted = Vec::new();
        for segment in segments {
            for field in [fields.title, fields.body] {
                inverted.push(segment.inverted_index(field)?);
            }
        }
        let mut streams = Vec::new();
        for index in &inverted {
            streams.push(index.terms().stream()?);
        }
        let mut merger = TermMerger::new(streams);
        let mut distinct_terms = 0;
        while merger.advance() {
            distinct_terms += 1;
        }

        let (mut oldest, mut newest) = (None::<i64>, None::<i64>);
        let mut sections = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for segment in segments {
            let dates = segment.fast_fields().date("published_at")?;
            for doc in segment.doc_ids_alive() {
                if let Some(date) = dates.first(doc) {
                    let seconds = date.into_timestamp_secs();
                    oldest = Some(oldest.map_or(seconds, |o| o.min(seconds)));
                    newest = Some(newest.map_or(seconds, |n| n.max(seconds)));
                }
            }
            count_values(segment, "section", &mut sections)?;
            count_values(segment, "source", &mut sources)?;
        }
        let (size_bytes, term_offsets_bytes) = files_size(self.dir());
        let to_date =
            |seconds: i64| DateTime::from_timestamp(seconds, 0).map(|d| d.with_timezone(&KST));
        Ok(IndexStats {
            documents: searcher.num_docs(),
            deleted_documents: segments
                .iter()
                .map(|s| u64::from(s.num_deleted_docs()))
                .sum(),
            segments: segments.len(),
            size_bytes,
            term_offsets: self.has_term_offsets(),
            term_offsets_bytes,
            distinct_terms,
            oldest: oldest.and_then(to_date),
            newest: newest.and_then(to_date),
            sections: most_frequent_first(sections),
            sources: most_frequent_first(sources),
        })
    }
}

/// Adds the values of a raw string fast field over the live documents.
fn count_values(
    segment: &SegmentReader,
    field: &str,
    counts: &mut BTreeMap<String, u64>,
) -> tantivy::Result<()> {
    let Some(column) = segment.fast_fields().str(field)? else {
        return Ok(());
    };
    let mut per_ord: BTreeMap<u64, u64> = BTreeMap::new();
    for doc in segment.doc_ids_alive() {
        for ord in column.term_ords(doc) {
            *per_ord.entry(ord).or_default() += 1;
        }
    }
    let mut value = String::new();
    for (ord, count) in per_ord {
        value.clear();
        column.ord_to_str(ord, &mut value)?;
        *counts.entry(value.clone()).or_default() += count;
    }
    Ok(())
}

fn most_frequent_first(counts: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// The bytes of the files under `dir`: all of them, and those of the term
/// offsets.
fn files_size(dir: &Path) -> (u64, u64) {
    let (mut all, mut term_offsets) = (0, 0);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        all += meta.len();
        if entry
            .path()
            .extension()
            .is_some_and(|extension| extension == offsets::EXTENSION)
        {
            term_offsets += meta.len();
        }
    }
    (all, term_offsets)
}
