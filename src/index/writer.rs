//! Adding, updating and deleting articles, incrementally and crash-safely.
//!
//! Every document carries a content hash. A writer starts by reading the id
//! and hash of every document in the index, so that re-indexing the same
//! input re-analyzes only what is new or changed. Upserts are a delete of
//! the id followed by an add, which tantivy applies atomically at commit:
//! a crash (even `SIGKILL`) leaves the index at its last commit, and a re-run
//! completes it without duplicates.
//!
//! Memory: tantivy's indexing threads buffer postings up to
//! [`WriterOptions::memory_budget`]; the documents handed to them and not
//! yet indexed hold at most [`MAX_BYTES_IN_FLIGHT`] (an upsert waits for
//! room), where tantivy alone would queue 10,000 documents of any size.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Document, TantivyDocument, TantivyError, Term};

use super::directory::ReadAheadDirectory;
use super::schema::live_ids;
use super::{register_offsets_plugin, tokenizers, Fields, Index};
use crate::analysis::DEFAULT_CACHE_BYTES;
use crate::document::Article;
use crate::{Error, Result};

/// The least memory an indexing thread buffers documents in (tantivy's
/// least, 15 MB, rounded up).
pub const MIN_MEMORY_PER_THREAD: usize = 16 * 1024 * 1024;

/// The most memory an indexing thread can buffer documents in: tantivy's
/// buffers address at most 4 GiB, less a margin of 1 MB.
pub const MAX_MEMORY_PER_THREAD: usize = u32::MAX as usize - 1_000_000;

/// How a writer works.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Indexing threads, each analyzing documents; 0 means one per core, or
    /// fewer when `memory_budget` cannot give each
    /// [`MIN_MEMORY_PER_THREAD`].
    pub threads: usize,
    /// Memory for buffered documents across all threads, in bytes; a segment
    /// is written when it fills up. From [`MIN_MEMORY_PER_THREAD`] to
    /// [`MAX_MEMORY_PER_THREAD`] per thread; 0 means the least.
    pub memory_budget: usize,
    /// Commit after this many added, updated or deleted documents.
    pub commit_every_docs: usize,
    /// Commit when this much time has passed since the last commit.
    pub commit_every: Duration,
    /// The analysis cache of each indexing thread, in bytes (0: none): the
    /// terms of the words a thread analyzed last, replayed when they come
    /// again. The index is the same either way.
    pub analysis_cache: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            threads: 0,
            memory_budget: 256 * 1024 * 1024,
            commit_every_docs: 10_000,
            commit_every: Duration::from_secs(30),
            analysis_cache: DEFAULT_CACHE_BYTES,
        }
    }
}

impl WriterOptions {
    /// Fails, saying why, when a writer cannot work with these options: a
    /// memory budget under [`MIN_MEMORY_PER_THREAD`] per thread, or over
    /// [`MAX_MEMORY_PER_THREAD`]. [`Index::writer`] checks them too; this
    /// lets a caller check before it creates anything.
    pub fn check(&self) -> Result<()> {
        self.threads_and_budget().map(|_| ())
    }

    /// The indexing threads and the memory budget a writer uses.
    fn threads_and_budget(&self) -> Result<(usize, usize)> {
        let mib = |bytes: usize| bytes / (1024 * 1024);
        let threads = match self.threads {
            0 => {
                let cores = std::thread::available_parallelism().map_or(1, usize::from);
                cores.min(self.memory_budget / MIN_MEMORY_PER_THREAD).max(1)
            }
            n => n,
        };
        let budget = match self.memory_budget {
            0 => threads * MIN_MEMORY_PER_THREAD,
            n => n,
        };
        let bound = |bound: &str, each: &str, per_thread: usize| {
            Error::InvalidArgument(format!(
                "an indexing memory budget of {} MiB is too {bound}: each indexing thread {each} {} MiB ({threads} thread{}: {} MiB)",
                mib(budget),
                mib(per_thread),
                if threads == 1 { "" } else { "s" },
                mib(per_thread.saturating_mul(threads)),
            ))
        };
        if budget < threads.saturating_mul(MIN_MEMORY_PER_THREAD) {
            return Err(bound("small", "needs at least", MIN_MEMORY_PER_THREAD));
        }
        if budget / threads > MAX_MEMORY_PER_THREAD {
            return Err(bound("large", "takes at most", MAX_MEMORY_PER_THREAD));
        }
        Ok((threads, budget))
    }
}

/// What [`IndexWriter::upsert`] did with an article, compared with the
/// index as the writer found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The id was new.
    Added,
    /// The id existed with other content, which was replaced.
    Updated,
    /// The id existed with the same content.
    Unchanged,
}

/// The documents handed to the indexing threads and not yet indexed weigh
/// at most this many bytes (their text and stored JSON), or one document
/// when it weighs more.
pub const MAX_BYTES_IN_FLIGHT: usize = 64 * 1024 * 1024;

/// The weight of the documents handed to the indexing threads and not yet
/// indexed.
#[derive(Default)]
struct InFlight {
    bytes: Mutex<usize>,
    indexed: Condvar,
}

impl InFlight {
    /// The weight, even after a thread panicked holding the lock.
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until `bytes` more fit in [`MAX_BYTES_IN_FLIGHT`] (or nothing
    /// is in flight), and takes them.
    fn admit(self: &Arc<Self>, bytes: usize) -> Ticket {
        let mut held = self.lock();
        while *held > 0 && held.saturating_add(bytes) > MAX_BYTES_IN_FLIGHT {
            held = self
                .indexed
                .wait(held)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *held += bytes;
        Ticket {
            bytes,
            flight: Arc::clone(self),
        }
    }
}

/// A document's share of [`InFlight`], given back when it is dropped.
struct Ticket {
    bytes: usize,
    flight: Arc<InFlight>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        *self.flight.lock() -= self.bytes;
        self.flight.indexed.notify_all();
    }
}

/// A document on its way to an indexing thread with its [`Ticket`]: tantivy
/// drops it, and so gives back its weight, once it is indexed.
struct Queued {
    document: TantivyDocument,
    _ticket: Ticket,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.document.iter_fields_and_values()
    }
}

/// What a writer did so far, one count per id: an id upserted more than
/// once (a duplicate id in the input) counts once, by its last version
/// compared with the index as the writer found it. So re-running the same
/// input counts every document unchanged, duplicates included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ChangeCounts {
    /// Ids new to the index.
    pub added: usize,
    /// Ids whose content changed.
    pub updated: usize,
    /// Ids whose content is as it was.
    pub unchanged: usize,
}

impl ChangeCounts {
    /// The counter of `change`.
    fn of(&mut self, change: Change) -> &mut usize {
        match change {
            Change::Added => &mut self.added,
            Change::Updated => &mut self.updated,
            Change::Unchanged => &mut self.unchanged,
        }
    }

    /// Ids upserted.
    pub fn documents(&self) -> usize {
        self.added + self.updated + self.unchanged
    }
}

/// Writes to an index. Holds the index's write lock until dropped;
/// uncommitted changes are discarded on drop.
pub struct IndexWriter {
    writer: tantivy::IndexWriter<Queued>,
    in_flight: Arc<InFlight>,
    fields: Fields,
    /// Every document, committed or pending, by id.
    known: HashMap<String, Known>,
    counts: ChangeCounts,
    uncommitted: usize,
    last_commit: Instant,
    options: WriterOptions,
}

impl IndexWriter {
    pub(super) fn new(index: &Index, options: &WriterOptions) -> Result<Self> {
        let (threads, budget) = options.threads_and_budget()?;
        let writer = tantivy_writer(index, threads, budget, options.analysis_cache)?;
        let known = read_hashes(index).map_err(|e| Error::IndexCorrupt {
            dir: index.dir().to_path_buf(),
            detail: e.to_string(),
        })?;
        Ok(IndexWriter {
            writer,
            in_flight: Arc::default(),
            fields: index.fields().clone(),
            known,
            counts: ChangeCounts::default(),
            uncommitted: 0,
            last_commit: Instant::now(),
            options: options.clone(),
        })
    }

    /// Adds `article`, replaces the document with its id, or does nothing
    /// when that document has the same content. Commits when one of the
    /// commit thresholds is reached. Returns the change compared with the
    /// index as the writer found it: an id upserted twice with the content
    /// it had is unchanged, though the first upsert replaced it for a while.
    ///
    /// An article an index cannot store ([`Article::check_storable`]: an
    /// empty or too long id, a date out of range, `extra` holding a field's
    /// name) is refused with [`Error::InvalidArgument`]; the readers of
    /// [`corpus`](crate::corpus) never produce one.
    pub fn upsert(&mut self, article: &Article) -> Result<Change> {
        article.check_storable().map_err(|reason| {
            let id: String = article.id.chars().take(80).collect();
            Error::InvalidArgument(format!("cannot store the article `{id}`: {reason}"))
        })?;
        let json = serde_json::to_vec(article).map_err(|e| Error::Index(e.to_string()))?;
        let hash = content_hash(&json);
        let known = self.known.get(&article.id);
        let current = known.map(|known| known.hash);
        let before = known.and_then(Known::found);
        let change = match before {
            None => Change::Added,
            Some(before) if before == hash => Change::Unchanged,
            Some(_) => Change::Updated,
        };
        if current != Some(hash) {
            self.replace(article, &json, hash, current.is_some())?;
        }
        let entry = self
            .known
            .entry(article.id.clone())
            .or_insert(Known::found_as(hash));
        if let Some(counted) = entry.counted.replace(change) {
            *self.counts.of(counted) -= 1;
        }
        entry.before = before.unwrap_or_default();
        entry.hash = hash;
        *self.counts.of(change) += 1;
        Ok(change)
    }

    /// Analyzes an article of the index again and replaces its document,
    /// though its content did not change: for a change of the analysis
    /// ([`Index::add_user_words`]).
    pub(super) fn reanalyze(&mut self, article: &Article) -> Result<()> {
        let json = serde_json::to_vec(article).map_err(|e| Error::Index(e.to_string()))?;
        let hash = content_hash(&json);
        self.replace(article, &json, hash, true)
    }

    /// Adds the document of `article`, deleting the one with its id first
    /// when `existed`.
    fn replace(&mut self, article: &Article, json: &[u8], hash: u64, existed: bool) -> Result<()> {
        if existed {
            self.writer.delete_term(self.id_term(&article.id));
        }
        // Room first, then the copies of the text the document makes.
        let ticket = self
            .in_flight
            .admit(json.len() + article.title.len() + article.body.len());
        let document = Queued {
            document: self.fields.document(article, json, hash),
            _ticket: ticket,
        };
        self.writer
            .add_document(document)
            .map_err(|e| Error::Index(e.to_string()))?;
        self.changed()
    }

    /// What the upserts so far did, one count per id.
    pub fn counts(&self) -> ChangeCounts {
        self.counts
    }

    /// Adds an article whose id is not in the index yet; an id that is
    /// there already is an error (use [`upsert`](Self::upsert) to replace).
    pub fn add(&mut self, article: &Article) -> Result<()> {
        if self.known.contains_key(&article.id) {
            return Err(Error::InvalidArgument(format!(
                "a document with id `{}` is already in the index (upsert replaces it)",
                article.id
            )));
        }
        self.upsert(article).map(|_| ())
    }

    /// Deletes the document with this id; `false` when there is none.
    pub fn delete(&mut self, id: &str) -> Result<bool> {
        let Some(known) = self.known.remove(id) else {
            return Ok(false);
        };
        if let Some(counted) = known.counted {
            *self.counts.of(counted) -= 1;
        }
        self.writer.delete_term(self.id_term(id));
        self.changed()?;
        Ok(true)
    }

    /// Whether an article with this id was upserted by this writer.
    pub fn upserted(&self, id: &str) -> bool {
        self.known
            .get(id)
            .is_some_and(|known| known.counted.is_some())
    }

    /// Ids of every document in the index, including uncommitted ones.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.known.keys().map(String::as_str)
    }

    /// Number of documents, including uncommitted changes.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    /// Whether the index is empty, including uncommitted changes.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Makes every change so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        self.commit_with(None)
    }

    /// Commits with a payload in tantivy's `meta.json`, which the next
    /// commit drops.
    pub(super) fn commit_with(&mut self, payload: Option<&str>) -> Result<()> {
        let failed = |e: TantivyError| Error::Index(format!("commit failed: {e}"));
        let mut prepared = self.writer.prepare_commit().map_err(failed)?;
        if let Some(payload) = payload {
            prepared.set_payload(payload);
        }
        prepared.commit().map_err(failed)?;
        self.uncommitted = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Commits and waits for background segment merges to finish.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.wait_merges()
    }

    /// Waits for background segment merges to finish, dropping what was not
    /// committed.
    pub(super) fn wait_merges(self) -> Result<()> {
        self.writer
            .wait_merging_threads()
            .map_err(|e| Error::Index(e.to_string()))
    }

    fn changed(&mut self) -> Result<()> {
        self.uncommitted += 1;
        if self.uncommitted >= self.options.commit_every_docs
            || self.last_commit.elapsed() >= self.options.commit_every
        {
            self.commit()?;
        }
        Ok(())
    }

    fn id_term(&self, id: &str) -> Term {
        Term::from_field_text(self.fields.id, id)
    }
}

impl Index {
    /// Merges every segment of the index into one, as Lucene's
    /// `forceMerge(1)` and Elasticsearch's `_forcemerge` do, and returns how
    /// many segments there were. Each query term is then looked up and
    /// scored once per search instead of once per segment, which makes
    /// searches faster, and deleted documents are dropped for good.
    ///
    /// Meant for an index that is searched much more than it changes, after
    /// a bulk load: the merge reads and rewrites the whole index (it needs
    /// that much free disk space), and later updates start new segments
    /// again. It takes the index's write lock like an [`IndexWriter`];
    /// searches go on meanwhile and see the merged segment once it is done.
    pub fn force_merge(&self) -> Result<usize> {
        let mut writer = tantivy_writer::<TantivyDocument>(self, 1, MIN_MEMORY_PER_THREAD, 0)?;
        // Only the merge asked for here, and nothing merges in the
        // background: this writer has not committed anything.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let index_error = |e: TantivyError| Error::Index(format!("merge failed: {e}"));
        let segments = writer
            .index()
            .searchable_segment_metas()
            .map_err(index_error)?;
        let needed = segments.len() > 1 || segments.iter().any(|segment| segment.has_deletes());
        let ids: Vec<SegmentId> = segments.iter().map(|segment| segment.id()).collect();
        // A segment's metadata keeps its files from being deleted.
        drop(segments);
        if needed {
            writer.merge(&ids).wait().map_err(index_error)?;
            // The merged segments' files go now rather than at the next commit.
            writer.garbage_collect_files().wait().map_err(index_error)?;
        }
        writer.wait_merging_threads().map_err(index_error)?;
        Ok(ids.len())
    }
}

/// A tantivy writer on `index` with `threads` indexing threads sharing
/// `budget` bytes (checked by [`WriterOptions::check`]), each with an
/// analysis cache of `analysis_cache` bytes, or the error that says the
/// index is locked.
fn tantivy_writer<D: Document>(
    index: &Index,
    threads: usize,
    budget: usize,
    analysis_cache: usize,
) -> Result<tantivy::IndexWriter<D>> {
    // The writer has its own handle on the index, which reads segments back
    // (when merging them) without memory-mapping them.
    let directory =
        ReadAheadDirectory::open(index.dir()).map_err(|e| Error::Index(e.to_string()))?;
    let mut tantivy = tantivy::Index::open(directory).map_err(|e| Error::Index(e.to_string()))?;
    tantivy.set_tokenizers(tokenizers(
        index.analyzer(),
        analysis_cache,
        index.has_term_offsets(),
    ));
    register_offsets_plugin(&mut tantivy, index.has_term_offsets());
    match tantivy_writer_with_patience(&tantivy, threads, budget) {
        Err(TantivyError::LockFailure(..)) => Err(Error::IndexLocked {
            dir: index.dir().to_path_buf(),
        }),
        Err(e) => Err(Error::Index(e.to_string())),
        Ok(writer) => {
            // A process killed during a commit can leave files that no
            // commit refers to, among them a segment's deletes named by
            // the stamp the next commit takes: that commit would then
            // fail on a file that already exists. They go first.
            writer
                .garbage_collect_files()
                .wait()
                .map_err(|e| Error::Index(e.to_string()))?;
            Ok(writer)
        }
    }
}

/// tantivy's writer of a kosearch index, with `threads` threads and
/// `budget` bytes, for a program that writes to it through tantivy itself
/// (after [`register_plugins`](super::register_plugins)): it waits up to
/// [`LOCK_PATIENCE`] for the index's lock, which a process being spawned
/// may still hold, and gives tantivy's `LockFailure` after that.
pub fn tantivy_writer_with_patience<D: Document>(
    tantivy: &tantivy::Index,
    threads: usize,
    budget: usize,
) -> tantivy::Result<tantivy::IndexWriter<D>> {
    let asked = Instant::now();
    loop {
        match tantivy.writer_with_num_threads(threads, budget) {
            Err(TantivyError::LockFailure(..)) if asked.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(LOCK_PATIENCE / 25);
            }
            writer => return writer,
        }
    }
}

/// How long a writer waits for the index's lock before it reports the index
/// locked. The lock is an `flock` on a file: a process this one spawns holds
/// a copy of it from its fork to its exec, a few milliseconds, so a writer
/// taken right after another one was dropped could find its own lock still
/// held (met in the test suite, whose tests spawn `kosearch` while others
/// reopen writers). A writer of another process holds it for good.
pub const LOCK_PATIENCE: Duration = Duration::from_millis(250);

/// The first 64 bits of the SHA-256 of the article's JSON.
fn content_hash(json: &[u8]) -> u64 {
    let digest = Sha256::digest(json);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

/// A document the writer knows of.
#[derive(Debug, Clone, Copy)]
struct Known {
    /// Its content hash, committed or pending.
    hash: u64,
    /// Its hash when the writer was opened, once it is upserted and unless
    /// it was added.
    before: u64,
    /// How it is counted, once upserted.
    counted: Option<Change>,
}

impl Known {
    /// A document found in the index with this hash.
    fn found_as(hash: u64) -> Known {
        Known {
            hash,
            before: hash,
            counted: None,
        }
    }

    /// Its hash when the writer was opened; `None` when it was not there.
    fn found(&self) -> Option<u64> {
        match self.counted {
            None => Some(self.hash),
            Some(Change::Added) => None,
            Some(_) => Some(self.before),
        }
    }
}

/// Every live document, with its content hash.
fn read_hashes(index: &Index) -> tantivy::Result<HashMap<String, Known>> {
    let reader = index.tantivy().reader()?;
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let hashes = segment.fast_fields().u64("hash")?;
        for (doc, id) in live_ids(segment)? {
            let hash = hashes.first(doc).unwrap_or_default();
            known.insert(id, Known::found_as(hash));
        }
    }
    Ok(known)
}
