//! [`IndexWriter`]: adding, updating and deleting articles, reading files
//! into the index, committing; a context manager that commits on success
//! and rolls back on an exception.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use kosearch::corpus::{Corpus, FieldMap, ReadOptions, ReadReport, DEFAULT_MAX_DOCUMENT_SIZE};
use kosearch::index::{self, Change, WriterOptions};
use pyo3::prelude::*;
use pyo3::types::PyMapping;

use crate::article;
use crate::errors::{closed, invalid, IntoPy};
use crate::index::Index;

/// How often a long `index_files` call checks for Ctrl-C and reports
/// progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

thread_local! {
    /// Set while a progress callback of `index_files` runs on this thread,
    /// which holds the writer: using the writer there would wait for
    /// itself.
    static IN_PROGRESS: Cell<bool> = const { Cell::new(false) };
}

/// Writer options of Python arguments.
pub(crate) fn writer_options(
    threads: usize,
    memory_mb: usize,
    commit_every: usize,
    commit_interval: f64,
) -> PyResult<WriterOptions> {
    if !(commit_interval > 0.0 && commit_interval.is_finite()) {
        return Err(invalid(format!(
            "commit_interval must be a positive number of seconds, not {commit_interval}"
        )));
    }
    let options = WriterOptions {
        threads,
        memory_budget: memory_mb.saturating_mul(1024 * 1024),
        commit_every_docs: commit_every.max(1),
        commit_every: Duration::from_secs_f64(commit_interval),
        ..WriterOptions::default()
    };
    options.check().py()?;
    Ok(options)
}

/// The field map of `fields`: a mapping or pairs of article field and
/// source field.
pub(crate) fn field_map(fields: Option<&Bound<'_, PyAny>>) -> PyResult<FieldMap> {
    let mut map = FieldMap::default();
    let Some(fields) = fields else {
        return Ok(map);
    };
    let pairs: Vec<(String, String)> = match fields.cast::<PyMapping>() {
        Ok(mapping) => mapping.items()?.extract()?,
        Err(_) => fields.extract()?,
    };
    for (article_field, source_field) in pairs {
        map.insert(&article_field, &source_field).map_err(invalid)?;
    }
    Ok(map)
}

/// One path or several.
fn paths(paths: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    match paths.extract::<PathBuf>() {
        Ok(path) => Ok(vec![path]),
        Err(_) => paths.extract(),
    }
}

/// A document that was skipped, or read with a change, by `index_files`.
#[pyclass(frozen, get_all, module = "kosearch")]
pub(crate) struct ReadNote {
    /// The file it came from.
    path: String,
    /// Its line (1-based), in a JSON Lines file.
    line: Option<usize>,
    /// Its id, when it got as far as having one.
    id: Option<String>,
    /// What was wrong, or what was changed.
    reason: String,
}

#[pymethods]
impl ReadNote {
    fn __repr__(&self) -> String {
        let line = self.line.map(|l| format!(":{l}")).unwrap_or_default();
        format!("ReadNote({}{line}: {})", self.path, self.reason)
    }
}

impl ReadNote {
    fn new(path: &Path, line: Option<usize>, id: &Option<String>, reason: &str) -> Self {
        ReadNote {
            path: path.display().to_string(),
            line,
            id: id.clone(),
            reason: reason.to_string(),
        }
    }
}

/// What an `index_files` call did, as `kosearch index` reports it.
#[pyclass(frozen, get_all, module = "kosearch")]
pub(crate) struct IndexingReport {
    /// Articles new to the index.
    added: usize,
    /// Articles whose content changed.
    updated: usize,
    /// Articles found as they were.
    unchanged: usize,
    /// Documents that could not be read, each with its reason.
    skipped: Vec<Py<ReadNote>>,
    /// Documents read with a change (decoded from EUC-KR, a duplicate id
    /// replacing an earlier one, …).
    notes: Vec<Py<ReadNote>>,
    /// Files left out because no reader handles their name.
    ignored_files: usize,
    /// Bytes of title and body text read.
    bytes: u64,
    /// Seconds the call took (the indexing threads may still be working on
    /// its last documents until the commit).
    seconds: f64,
}

#[pymethods]
impl IndexingReport {
    /// Articles read: added, updated and unchanged.
    #[getter]
    fn documents(&self) -> usize {
        self.added + self.updated + self.unchanged
    }

    fn __repr__(&self) -> String {
        format!(
            "IndexingReport(added={}, updated={}, unchanged={}, skipped={}, bytes={}, seconds={:.2})",
            self.added,
            self.updated,
            self.unchanged,
            self.skipped.len(),
            self.bytes,
            self.seconds
        )
    }
}

/// The counts of an `index_files` run so far.
#[derive(Clone, Copy, Default)]
struct Counts {
    added: usize,
    updated: usize,
    unchanged: usize,
    bytes: u64,
}

impl Counts {
    fn count(&mut self, change: Change) {
        match change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

/// Writes to an index: made by :meth:`Index.writer`, which says more.
///
/// Articles are mappings read like JSON Lines: ``id``, ``title``,
/// ``body``, ``published_at`` (a ``datetime``, a ``date`` or text; Korea
/// Standard Time when it has no zone), ``reporters``, ``section``,
/// ``source``, ``url``, ``tags``, ``subtitle``, ``email``, ``updated_at``,
/// with the usual aliases (``content`` or ``text`` for the body, ``date``
/// for ``published_at``, …); other keys are stored with the article. An
/// article needs an ``id``.
///
/// Changes become durable and visible at :meth:`commit` (the writer also
/// commits by itself every so many documents and seconds). :meth:`close`
/// commits and releases the index; :meth:`rollback` drops the changes
/// since the last commit and releases it. A writer that is garbage
/// collected unclosed drops its uncommitted changes.
#[pyclass(frozen, module = "kosearch")]
pub(crate) struct IndexWriter {
    /// `None` once closed.
    inner: Mutex<Option<index::IndexWriter>>,
    /// The index, whose searcher sees each commit at once.
    index: Py<Index>,
    fields: FieldMap,
}

impl IndexWriter {
    pub(crate) fn open(
        index: &Bound<'_, Index>,
        options: &WriterOptions,
        fields: FieldMap,
    ) -> PyResult<Self> {
        let inner = index.get().handle();
        let inner = index.py().detach(|| inner.writer(options)).py()?;
        Ok(IndexWriter {
            inner: Mutex::new(Some(inner)),
            index: index.clone().unbind(),
            fields,
        })
    }

    /// The writer, locked; called without the GIL, since it waits for
    /// another thread's call on the writer to end.
    fn locked(&self) -> MutexGuard<'_, Option<index::IndexWriter>> {
        // A poisoned lock means a panic in the library, which pyo3 raised
        // already; the writer is as the panic left it.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Fails inside a progress callback of this thread's `index_files`,
    /// which holds the writer: using it there would wait for itself.
    fn usable() -> PyResult<()> {
        if IN_PROGRESS.get() {
            return Err(invalid(
                "the writer cannot be used from the progress callback of its own index_files",
            ));
        }
        Ok(())
    }

    /// Runs `f` on the open writer with the GIL released.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut index::IndexWriter) -> PyResult<T> + Send,
    ) -> PyResult<T> {
        Self::usable()?;
        py.detach(|| match self.locked().as_mut() {
            Some(writer) => f(writer),
            None => Err(closed()),
        })
    }

    /// Makes the last commit visible to the index's searcher.
    fn reload(&self) -> PyResult<()> {
        self.index.get().reload().py()
    }
}

#[pymethods]
impl IndexWriter {
    /// Adds an article whose id is not in the index yet; an id that is
    /// there is an :class:`InvalidArgumentError` (:meth:`upsert` replaces).
    fn add(&self, py: Python<'_>, article: &Bound<'_, PyAny>) -> PyResult<()> {
        let article = article::read(article, &self.fields)?;
        self.with(py, |writer| writer.add(&article).py())
    }

    /// Adds an article, replaces the one with its id, or does nothing when
    /// that one has the same content. Returns ``"added"``, ``"updated"`` or
    /// ``"unchanged"``, compared with the index as this writer found it: an
    /// article this writer added stays ``"added"`` when it is upserted again.
    fn upsert(&self, py: Python<'_>, article: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let article = article::read(article, &self.fields)?;
        let change = self.with(py, |writer| writer.upsert(&article).py())?;
        Ok(match change {
            Change::Added => "added",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
        })
    }

    /// Deletes the article with this id; ``False`` when there is none.
    fn delete(&self, py: Python<'_>, id: &str) -> PyResult<bool> {
        self.with(py, |writer| writer.delete(id).py())
    }

    /// Makes every change so far durable and visible to searches.
    fn commit(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |writer| writer.commit().py())?;
        self.reload()
    }

    /// Reads files and folders into the index, with the readers of
    /// ``kosearch index``: ``*.txt`` news articles, ``*.jsonl`` /
    /// ``*.ndjson`` (also ``.zst``, ``.gz``) and ``*.html``, folders
    /// recursively, ``include`` / ``exclude`` glob patterns on paths
    /// relative to a folder. A file found in a folder is given the id
    /// ``FOLDER/PATH`` (``2023/001.txt``), so that folders holding the same
    /// file names keep their documents apart; ``folder_in_ids=False`` leaves
    /// the folder's name out, as earlier versions did. Every article is upserted (unchanged ones cost
    /// a hash); nothing unreadable stops the run: it is listed in the
    /// report's ``skipped``. Does not commit (the writer's thresholds
    /// apply; :meth:`commit` or the end of a ``with`` block does).
    ///
    /// ``progress``, when given, is called with an :class:`IndexingReport`
    /// of the run so far after the first document, then every 0.2 s; it
    /// must not use the writer. Ctrl-C stops the run (within 0.2 s), the
    /// articles upserted so far pending.
    #[pyo3(signature = (paths, *, include = None, exclude = None, max_document_size = DEFAULT_MAX_DOCUMENT_SIZE, folder_in_ids = true, progress = None))]
    fn index_files(
        &self,
        py: Python<'_>,
        paths: &Bound<'_, PyAny>,
        include: Option<Vec<String>>,
        exclude: Option<Vec<String>>,
        max_document_size: usize,
        folder_in_ids: bool,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<IndexingReport> {
        let started = Instant::now();
        let options = ReadOptions {
            fields: self.fields.clone(),
            max_document_size,
            include: include.unwrap_or_default(),
            exclude: exclude.unwrap_or_default(),
            folder_in_ids,
        };
        let mut corpus = Corpus::new(&self::paths(paths)?, options).py()?;
        let counts = self.with(py, |writer| {
            let mut counts = Counts::default();
            // The first document is reported at once.
            let mut last_report: Option<Instant> = None;
            while let Some(item) = corpus.next() {
                if let Ok(article) = item {
                    counts.bytes += (article.title.len() + article.body.len()) as u64;
                    counts.count(writer.upsert(&article).py()?);
                }
                if last_report.is_none_or(|last| last.elapsed() >= PROGRESS_EVERY) {
                    last_report = Some(Instant::now());
                    Python::attach(|py| {
                        py.check_signals()?;
                        let Some(progress) = &progress else {
                            return Ok(());
                        };
                        let report = counts.report(py, started, corpus.report())?;
                        IN_PROGRESS.set(true);
                        let called = progress.call1(py, (report,));
                        IN_PROGRESS.set(false);
                        called.map(drop)
                    })?;
                }
            }
            Ok(counts)
        })?;
        counts.report(py, started, corpus.report())
    }

    /// Commits, waits for background merges, and releases the index (its
    /// write lock). Closing a closed writer does nothing.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        Self::usable()?;
        let Some(writer) = py.detach(|| self.locked().take()) else {
            return Ok(());
        };
        py.detach(|| writer.finish()).py()?;
        self.reload()
    }

    /// Drops the changes since the last commit and releases the index.
    fn rollback(&self, py: Python<'_>) -> PyResult<()> {
        Self::usable()?;
        py.detach(|| drop(self.locked().take()));
        Ok(())
    }

    /// Whether the writer was closed or rolled back.
    #[getter]
    fn closed(&self, py: Python<'_>) -> PyResult<bool> {
        Self::usable()?;
        Ok(py.detach(|| self.locked().is_none()))
    }

    /// Documents in the index, uncommitted changes included.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        self.with(py, |writer| Ok(writer.len()))
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Commits and closes when the block ends normally, rolls back when it
    /// raises; never swallows the exception.
    fn __exit__(
        &self,
        py: Python<'_>,
        exception_type: Option<&Bound<'_, PyAny>>,
        _exception: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        if exception_type.is_some() {
            self.rollback(py)?;
        } else {
            self.close(py)?;
        }
        Ok(false)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let state = if self.closed(py)? { "closed" } else { "open" };
        let dir = self.index.get().handle().dir().display().to_string();
        Ok(format!("IndexWriter({dir:?}, {state})"))
    }
}

impl Counts {
    /// The report of a run started at `started` that read `read`.
    fn report(
        &self,
        py: Python<'_>,
        started: Instant,
        read: &ReadReport,
    ) -> PyResult<IndexingReport> {
        let notes = |documents: Vec<ReadNote>| -> PyResult<Vec<Py<ReadNote>>> {
            documents
                .into_iter()
                .map(|note| Py::new(py, note))
                .collect()
        };
        Ok(IndexingReport {
            added: self.added,
            updated: self.updated,
            unchanged: self.unchanged,
            skipped: notes(
                read.skipped
                    .iter()
                    .map(|skip| ReadNote::new(&skip.path, skip.line, &skip.id, &skip.reason))
                    .collect(),
            )?,
            notes: notes(
                read.altered
                    .iter()
                    .map(|note| ReadNote::new(&note.path, note.line, &note.id, &note.reason))
                    .collect(),
            )?,
            ignored_files: read.ignored_files,
            bytes: self.bytes,
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}
