//! The index an evaluation searches: built from a documents file, reused
//! while that file is unchanged (see [`prepare_index`]).

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::EvalQuery;
use crate::corpus::{Corpus, ReadOptions, ReadReport};
use crate::dictionary::KoreanDictionary;
use crate::index::{Index, IndexConfig, WriterOptions};
use crate::{Error, Result};

/// The file, in the index directory, that records which documents file the
/// index was built from (see [`prepare_index`]).
pub const SOURCE_MARKER_FILE: &str = "eval-source.json";
/// Version of the marker's layout.
const MARKER_FORMAT: u32 = 1;
/// Bytes hashed at each end of the documents file.
const SAMPLE_BYTES: u64 = 1024 * 1024;

/// An index ready for evaluation.
pub struct PreparedIndex {
    /// The index.
    pub index: Index,
    /// The id of every document in it.
    pub ids: HashSet<String>,
    /// Whether it was reused or (re)built.
    pub preparation: Preparation,
}

impl PreparedIndex {
    /// `(qid, id)` of every relevant id of `queries` that is not in the
    /// index, in order: a query can never find those, which usually means
    /// that queries and documents do not belong together.
    pub fn missing_relevant<'q>(&self, queries: &'q [EvalQuery]) -> Vec<(&'q str, &'q str)> {
        queries
            .iter()
            .flat_map(|query| {
                query
                    .relevant_ids
                    .iter()
                    .filter(|id| !self.ids.contains(id.as_str()))
                    .map(|id| (query.qid.as_str(), id.as_str()))
            })
            .collect()
    }
}

/// How [`prepare_index`] came by its index.
#[derive(Debug, Clone)]
pub enum Preparation {
    /// The index was built from the same documents file, unchanged since.
    Reused,
    /// The documents file was read and indexed.
    Indexed {
        /// What indexing did.
        counts: IndexingCounts,
        /// Documents skipped or read with a change.
        report: ReadReport,
    },
}

/// What an indexing run did, so far or in all.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IndexingCounts {
    /// Documents new to the index.
    pub added: usize,
    /// Documents whose content changed.
    pub updated: usize,
    /// Documents already in the index as they are.
    pub unchanged: usize,
    /// Documents deleted because the file no longer holds them.
    pub deleted: usize,
    /// Documents of the index that the file does not hold, kept because the
    /// index is not one [`prepare_index`] owns, or because documents were
    /// skipped; they take part in the evaluation.
    pub kept: usize,
    /// Documents that could not be read.
    pub skipped: usize,
    /// Seconds since the run started.
    pub seconds: f64,
}

impl IndexingCounts {
    /// Documents read and in the index.
    pub fn documents(&self) -> usize {
        self.added + self.updated + self.unchanged
    }
}

/// The default index directory for a documents file and index settings:
/// one directory per file (by its canonical path) and settings under
/// `kosearch-eval` in the system's temporary directory, named after the
/// file, e.g. `/tmp/kosearch-eval/klue-hard.docs.jsonl.zst-3f2a…`, so that
/// runs with other settings (ablations) keep an index each. Fails when the
/// file cannot be found.
pub fn default_index_dir(docs: &Path, config: &IndexConfig) -> Result<PathBuf> {
    let canonical = docs.canonicalize().map_err(|e| Error::io(docs, e))?;
    let name: String = canonical
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let mut digest = Sha256::new();
    digest.update(canonical.as_os_str().as_encoded_bytes());
    if *config != IndexConfig::default() {
        digest.update(format!("{config:?}"));
    }
    let digest = digest.finalize();
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Ok(std::env::temp_dir()
        .join("kosearch-eval")
        .join(format!("{name}-{hash}")))
}

/// Opens or builds the index in `dir` for the documents file `docs` (JSON
/// Lines, plain or compressed, read by [`Corpus`]): reused as it is when it
/// was built from this file, unchanged since; otherwise brought in line with
/// the file, incrementally.
///
/// After a complete indexing run, [`SOURCE_MARKER_FILE`] in the index
/// directory records the file's size, modification time and a SHA-256 of
/// its first and last MiB, and the stamp of the index's last commit. The
/// next run reuses the index without reading the documents when both still
/// match; otherwise it reads the file again (unchanged documents are
/// recognized by their content hash and cost little), deletes the documents
/// the file no longer holds, and records the new state. Before the index is
/// touched the marker is set to "being built", so an interrupted run never
/// leaves one vouching for a half-built index; and since any later commit
/// (`kosearch index` or `kosearch delete` into the same directory) changes
/// the commit stamp, an index changed by other means is never taken for the
/// file's.
///
/// Documents are deleted only from an index `prepare_index` owns: a new or
/// empty one, or one with a marker. Into any other index (one built by
/// `kosearch index`, say) the file's documents are added or updated, but
/// the documents it holds besides are kept, counted in
/// [`IndexingCounts::kept`], and take part in the evaluation; the marker is
/// written only when there are none, so the index is read again, and they
/// are counted again, on each run. Documents are not deleted either when
/// some could not be read (a document that failed to read is not gone):
/// they are skipped and listed in the [`Preparation::Indexed`] report, and
/// the marker stays at "being built".
///
/// An index it changed is then merged into one segment
/// ([`Index::force_merge`], as `kosearch optimize` does): the index is
/// searched far more than it changes, and a merged index answers faster
/// (on 100,000 Korean Wikipedia articles, the median question took 1.27
/// instead of 1.54 ms on one segment instead of the six the writer left,
/// for a merge of 5 seconds after some 120 of indexing).
///
/// `progress` is called after each document read while indexing. The
/// index is created with `config`; an existing one built with other
/// settings is refused ([`Error::IndexMismatch`]), and so is a directory
/// that holds files but no index. An index left empty is an error.
pub fn prepare_index(
    docs: &Path,
    dir: &Path,
    dictionary: &KoreanDictionary,
    config: &IndexConfig,
    writer_options: &WriterOptions,
    mut progress: impl FnMut(&IndexingCounts),
) -> Result<PreparedIndex> {
    let started = Instant::now();
    let stamp = SourceStamp::of(docs)?;
    refuse_foreign_dir(dir)?;
    let index = Index::open_or_create(dir, dictionary, config)?;
    let marker_path = dir.join(SOURCE_MARKER_FILE);
    let marked = marker_path.exists();
    let built = Marker::read(&marker_path).and_then(|marker| marker.built);
    if built
        .is_some_and(|built| built.source == stamp && opstamp(&index).ok() == Some(built.opstamp))
    {
        // One thread and the smallest buffer: the writer only lists ids.
        let writer = index.writer(&WriterOptions {
            threads: 1,
            memory_budget: 0,
            ..writer_options.clone()
        })?;
        let ids = writer.ids().map(str::to_string).collect();
        return Ok(PreparedIndex {
            index,
            ids,
            preparation: Preparation::Reused,
        });
    }

    let mut writer = index.writer(writer_options)?;
    let owned = marked || writer.is_empty();
    if owned {
        Marker::being_built().write(&marker_path)?;
    }
    let mut corpus = Corpus::new(&[docs.to_path_buf()], ReadOptions::default())?;
    let mut counts = IndexingCounts::default();
    for item in corpus.by_ref() {
        match item {
            Ok(article) => {
                writer.upsert(&article)?;
                let changes = writer.counts();
                (counts.added, counts.updated, counts.unchanged) =
                    (changes.added, changes.updated, changes.unchanged);
            }
            Err(_) => counts.skipped += 1,
        }
        counts.seconds = started.elapsed().as_secs_f64();
        progress(&counts);
    }
    let report = corpus.into_report();
    let others: Vec<String> = writer
        .ids()
        .filter(|id| !writer.upserted(id))
        .map(str::to_string)
        .collect();
    if owned && !report.has_skips() {
        for id in others {
            writer.delete(&id)?;
            counts.deleted += 1;
        }
    } else {
        counts.kept = others.len();
    }
    let ids: HashSet<String> = writer.ids().map(str::to_string).collect();
    let changed = counts.added + counts.updated + counts.deleted > 0;
    writer.finish()?;
    if changed {
        index.force_merge()?;
    }
    if ids.is_empty() {
        let why = report.skipped.first().map_or_else(String::new, |skipped| {
            format!(
                " ({} skipped, the first because: {})",
                report.skipped.len(),
                skipped.reason
            )
        });
        return Err(Error::InvalidArgument(format!(
            "no documents to evaluate on in {}{why}",
            docs.display()
        )));
    }
    if !report.has_skips() && counts.kept == 0 {
        Marker {
            format: MARKER_FORMAT,
            built: Some(Built {
                source: stamp,
                opstamp: opstamp(&index)?,
            }),
        }
        .write(&marker_path)?;
    }
    counts.seconds = started.elapsed().as_secs_f64();
    Ok(PreparedIndex {
        index,
        ids,
        preparation: Preparation::Indexed { counts, report },
    })
}

/// Refuses a directory that holds files but no index: building an index
/// into it would mix the two.
fn refuse_foreign_dir(dir: &Path) -> Result<()> {
    // tantivy's meta file, or kosearch's settings alone (left by a creation
    // that was interrupted, and which opening completes).
    if ["meta.json", "kosearch.json"]
        .iter()
        .any(|name| dir.join(name).is_file())
    {
        return Ok(());
    }
    // The creation lock alone is left by a creation interrupted at once.
    let holds_files = std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name() != crate::index::CREATION_LOCK)
    });
    if holds_files {
        return Err(Error::InvalidArgument(format!(
            "{} holds files but no kosearch index; give an empty or new directory",
            dir.display()
        )));
    }
    Ok(())
}

/// The stamp of the index's last commit.
fn opstamp(index: &Index) -> Result<u64> {
    index
        .tantivy()
        .load_metas()
        .map(|metas| metas.opstamp)
        .map_err(|e| Error::IndexCorrupt {
            dir: index.dir().to_path_buf(),
            detail: e.to_string(),
        })
}

/// What identifies the contents of a documents file, cheaply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SourceStamp {
    /// Size in bytes.
    size: u64,
    /// Modification time, seconds and nanoseconds since the Unix epoch,
    /// when the system knows it.
    modified: Option<(u64, u32)>,
    /// SHA-256 of the first and last [`SAMPLE_BYTES`] (of the whole file
    /// when it is smaller than both), in hex.
    sample_sha256: String,
}

impl SourceStamp {
    fn of(path: &Path) -> Result<SourceStamp> {
        let io = |e| Error::io(path, e);
        let mut file = File::open(path).map_err(io)?;
        let metadata = file.metadata().map_err(io)?;
        if !metadata.is_file() {
            return Err(Error::InvalidArgument(format!(
                "{} is not a file: give one JSON Lines file of documents",
                path.display()
            )));
        }
        let size = metadata.len();
        let modified = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map(|since| (since.as_secs(), since.subsec_nanos()));
        let mut hasher = Sha256::new();
        let mut buffer = Vec::new();
        (&mut file)
            .take(SAMPLE_BYTES.min(size))
            .read_to_end(&mut buffer)
            .map_err(io)?;
        let tail_start = size.saturating_sub(SAMPLE_BYTES).max(SAMPLE_BYTES);
        if tail_start < size {
            file.seek(SeekFrom::Start(tail_start)).map_err(io)?;
            file.read_to_end(&mut buffer).map_err(io)?;
        }
        hasher.update(&buffer);
        let sample_sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(SourceStamp {
            size,
            modified,
            sample_sha256,
        })
    }
}

/// The contents of [`SOURCE_MARKER_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Marker {
    format: u32,
    /// What the index was last completely built from; `None` while it is
    /// being built.
    built: Option<Built>,
}

/// A complete build of the index from a documents file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Built {
    source: SourceStamp,
    /// The commit stamp of the index when the build ended.
    opstamp: u64,
}

impl Marker {
    /// The marker of an index a run is (re)building.
    fn being_built() -> Marker {
        Marker {
            format: MARKER_FORMAT,
            built: None,
        }
    }

    /// The marker at `path`; `None` when it is absent, unreadable or of
    /// another format, which only means the documents are read again.
    fn read(path: &Path) -> Option<Marker> {
        let bytes = std::fs::read(path).ok()?;
        let marker: Marker = serde_json::from_slice(&bytes).ok()?;
        (marker.format == MARKER_FORMAT).then_some(marker)
    }

    /// Writes the marker to a temporary file and renames it into place.
    fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Index(e.to_string()))?;
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, json).map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_changes_with_the_content_at_either_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs.jsonl");
        let large = |first: u8, last: u8| {
            let mut bytes = vec![b'x'; 3 * SAMPLE_BYTES as usize];
            bytes[0] = first;
            *bytes.last_mut().unwrap() = last;
            bytes
        };
        std::fs::write(&path, large(b'a', b'z')).unwrap();
        let stamp = SourceStamp::of(&path).unwrap();
        assert_eq!(stamp.size, 3 * SAMPLE_BYTES);
        assert_eq!(SourceStamp::of(&path).unwrap(), stamp);
        let sample = |bytes: Vec<u8>| {
            std::fs::write(&path, bytes).unwrap();
            SourceStamp::of(&path).unwrap().sample_sha256
        };
        assert_ne!(sample(large(b'b', b'z')), stamp.sample_sha256);
        assert_ne!(sample(large(b'a', b'y')), stamp.sample_sha256);
        assert_eq!(sample(large(b'a', b'z')), stamp.sample_sha256);
        // A small file is hashed whole, once.
        let small = sample(b"{}\n".to_vec());
        let whole: String = Sha256::digest(b"{}\n")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(small, whole);
    }

    #[test]
    fn a_folder_is_not_a_documents_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = SourceStamp::of(dir.path()).unwrap_err().to_string();
        assert!(error.contains("is not a file"), "{error}");
    }

    #[test]
    fn default_directories_differ_by_file_and_stay_under_the_temporary_dir() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a docs.jsonl");
        let b = dir.path().join("b.jsonl");
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let default = IndexConfig::default();
        let index_a = default_index_dir(&a, &default).unwrap();
        assert_eq!(default_index_dir(&a, &default).unwrap(), index_a);
        assert_ne!(default_index_dir(&b, &default).unwrap(), index_a);
        let bigrams = IndexConfig {
            bigrams: true,
            ..IndexConfig::default()
        };
        assert_ne!(default_index_dir(&a, &bigrams).unwrap(), index_a);
        assert!(index_a.starts_with(std::env::temp_dir().join("kosearch-eval")));
        let name = index_a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("a_docs.jsonl-"), "{name}");
        assert!(default_index_dir(&dir.path().join("none.jsonl"), &default).is_err());
    }
}
