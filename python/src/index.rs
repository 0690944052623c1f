//! [`Index`]: creating and opening an index directory, its searcher, its
//! writers, statistics and merging.

use std::path::PathBuf;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use kosearch::analysis::UserDictionary;
use kosearch::index::{self, IndexConfig, WriterOptions};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analysis::{load_dictionary, tokens, Analyzer, Token};
use crate::errors::{invalid, IntoPy};
use crate::json::{article_to_python, to_python};
use crate::search::{options, run, Searcher};
use crate::writer::{field_map, writer_options, IndexWriter};

/// An index directory, open: a tantivy index of articles analyzed with the
/// Korean analyzer, with the analysis settings it was built with.
///
/// ``Index.create(path)`` makes a new one, ``Index.open(path)`` opens one,
/// ``Index.create(path, exist_ok=True)`` either. ``index.writer()`` adds, updates
/// and deletes articles (one writer at a time, across processes);
/// ``index.search(query)`` searches, and sees the commits of this index's
/// writers at once. Safe to share between threads.
#[pyclass(frozen, module = "kosearch")]
pub(crate) struct Index {
    /// The handle on the index, replaced by one with the new analysis when
    /// words are added ([`Index::add_words`]).
    inner: RwLock<index::Index>,
    /// The searcher of `search`, made on first use, and dropped with the
    /// handle it searches.
    searcher: RwLock<Option<kosearch::search::Searcher>>,
}

impl Index {
    fn wrap(inner: index::Index) -> Self {
        Index {
            inner: RwLock::new(inner),
            searcher: RwLock::new(None),
        }
    }

    /// The current handle on the index (cheap to clone).
    pub(crate) fn handle(&self) -> index::Index {
        read(&self.inner).clone()
    }

    /// The searcher of `search`.
    fn searcher_inner(&self) -> PyResult<kosearch::search::Searcher> {
        if let Some(searcher) = read(&self.searcher).as_ref() {
            return Ok(searcher.clone());
        }
        // Made holding the slot, so that it is never of a handle that
        // `add_words` replaced meanwhile (which takes the slot first too).
        let mut slot = write(&self.searcher);
        if let Some(searcher) = slot.as_ref() {
            return Ok(searcher.clone());
        }
        let searcher = kosearch::search::Searcher::new(&self.handle()).py()?;
        Ok(slot.insert(searcher).clone())
    }

    /// Makes the last commit visible to `search`, once it has a searcher.
    pub(crate) fn reload(&self) -> kosearch::Result<()> {
        read(&self.searcher)
            .as_ref()
            .map_or(Ok(()), |searcher| searcher.reload())
    }
}

/// `lock` read; a thread that panicked holding it left a whole value (each
/// change is one assignment).
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// `lock` written; see [`read`].
fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// The index settings and the dictionary of `Index.create`'s arguments.
fn config(
    analyzer: Option<&Bound<'_, Analyzer>>,
    bigrams: bool,
    term_offsets: bool,
    dictionary: Option<PathBuf>,
) -> PyResult<(IndexConfig, kosearch::dictionary::KoreanDictionary)> {
    match (analyzer, dictionary) {
        (Some(_), Some(_)) => Err(invalid(
            "give either an analyzer or a dictionary: an analyzer has its dictionary",
        )),
        (Some(analyzer), None) => {
            let (config, dictionary) = analyzer.get().parts();
            Ok((
                IndexConfig {
                    analyzer: config.clone(),
                    bigrams,
                    term_offsets,
                    ..IndexConfig::default()
                },
                dictionary.clone(),
            ))
        }
        (None, dictionary) => Ok((
            IndexConfig {
                bigrams,
                term_offsets,
                ..IndexConfig::default()
            },
            load_dictionary(dictionary)?,
        )),
    }
}

#[pymethods]
impl Index {
    /// Creates a new index in ``path`` (made if needed). With
    /// ``exist_ok=False`` it must not hold an index already; with
    /// ``exist_ok=True`` an index there is opened, and refused with
    /// :class:`IndexMismatchError`, saying what differs, when it was built
    /// with other settings.
    ///
    /// ``analyzer`` (an :class:`Analyzer`) sets the analysis, which the
    /// index records and always uses; ``bigrams=True`` also indexes Hangul
    /// character bigrams, a fallback for words the dictionary lacks (twice
    /// the postings); ``term_offsets=False`` leaves out where each term of a
    /// body stands, for an index about a third smaller whose searches find
    /// the same hits but analyze them again for their passages (questions
    /// take about half as long again). ``dictionary`` is the dictionary's
    /// directory when no analyzer is given (by default ``$KOSEARCH_DICT``,
    /// else where :func:`install_dictionary` puts it).
    #[staticmethod]
    #[pyo3(signature = (path, *, analyzer = None, bigrams = false, term_offsets = true, dictionary = None, exist_ok = false))]
    fn create(
        py: Python<'_>,
        path: PathBuf,
        analyzer: Option<&Bound<'_, Analyzer>>,
        bigrams: bool,
        term_offsets: bool,
        dictionary: Option<PathBuf>,
        exist_ok: bool,
    ) -> PyResult<Self> {
        let (config, dictionary) = config(analyzer, bigrams, term_offsets, dictionary)?;
        let create = if exist_ok {
            index::Index::open_or_create
        } else {
            index::Index::create_with
        };
        py.detach(|| create(&path, &dictionary, &config))
            .py()
            .map(Index::wrap)
    }

    /// Opens the index in ``path``, with the analysis settings it was built
    /// with.
    #[staticmethod]
    #[pyo3(signature = (path, *, dictionary = None))]
    fn open(py: Python<'_>, path: PathBuf, dictionary: Option<PathBuf>) -> PyResult<Self> {
        let dictionary = load_dictionary(dictionary)?;
        py.detach(|| index::Index::open_with(&path, &dictionary))
            .py()
            .map(Index::wrap)
    }

    /// Whether ``path`` holds a kosearch index.
    #[staticmethod]
    fn exists(path: PathBuf) -> bool {
        index::Index::exists(&path)
    }

    /// The index directory.
    #[getter]
    fn path(&self) -> String {
        read(&self.inner).dir().display().to_string()
    }

    /// Whether the index keeps where each term of its bodies stands
    /// (``term_offsets`` of :meth:`create`; an index made before kosearch
    /// kept them has none).
    #[getter]
    fn term_offsets(&self) -> bool {
        read(&self.inner).has_term_offsets()
    }

    /// A writer: ``add``, ``upsert``, ``delete``, ``commit``,
    /// ``index_files``. Use it as a context manager: it commits when the
    /// block ends and rolls back when it raises. Only one writer may exist
    /// per index at a time, across processes (another one raises
    /// :class:`IndexLockedError`).
    ///
    /// ``threads`` indexing threads (0: one per core) share ``memory_mb``
    /// MiB of buffers (at least 16 each); the writer commits by itself
    /// every ``commit_every`` changed documents and ``commit_interval``
    /// seconds, so a crash loses at most that much. ``fields`` maps article
    /// fields to the names articles use, as ``kosearch index --field``
    /// does: ``{"body": "content", "published_at": "meta.date"}``.
    #[pyo3(signature = (*, threads = 0, memory_mb = 256, commit_every = 10_000, commit_interval = 30.0, fields = None))]
    fn writer(
        slf: &Bound<'_, Self>,
        threads: usize,
        memory_mb: usize,
        commit_every: usize,
        commit_interval: f64,
        fields: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<IndexWriter> {
        let options = writer_options(threads, memory_mb, commit_every, commit_interval)?;
        IndexWriter::open(slf, &options, field_map(fields)?)
    }

    /// A searcher of its own, for another thread or another reload
    /// schedule; :meth:`search` has one already.
    fn searcher(&self, py: Python<'_>) -> PyResult<Searcher> {
        let index = self.handle();
        let inner = py.detach(|| kosearch::search::Searcher::new(&index)).py()?;
        Ok(Searcher { inner })
    }

    /// Runs ``query`` and returns a :class:`SearchResults`: a list of
    /// :class:`Hit` with ``total`` and ``facets``. Arguments as
    /// :meth:`Searcher.search`.
    #[pyo3(signature = (query, limit = 10, offset = 0, *, sort = "relevance", facets = None, recency_days = None, exact = false))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: &str,
        limit: usize,
        offset: usize,
        sort: &str,
        facets: Option<Vec<String>>,
        recency_days: Option<f64>,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = options(limit, offset, sort, facets, recency_days, exact)?;
        let searcher = py.detach(|| self.searcher_inner())?;
        run(py, &searcher, query, &options)
    }

    /// The stored article with this id as a ``dict``, or ``None``.
    fn document<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        let searcher = py.detach(|| self.searcher_inner())?;
        let article = py.detach(|| searcher.document(id)).py()?;
        article
            .map(|article| article_to_python(py, &article))
            .transpose()
    }

    /// What the index holds, as ``kosearch stats --json`` prints it:
    /// documents, segments, size, term offsets, terms, dates, sections,
    /// sources.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let index = self.handle();
        let stats = py.detach(|| index.stats()).py()?;
        let json = serde_json::to_value(&stats).map_err(|e| invalid(e.to_string()))?;
        to_python(py, &json)
    }

    /// Merges the index's segments into one (``kosearch optimize``): faster
    /// searches for an index that changes rarely. Takes the write lock.
    /// Returns the number of segments there were.
    fn optimize(&self, py: Python<'_>) -> PyResult<usize> {
        let index = self.handle();
        let segments = py.detach(|| index.force_merge()).py()?;
        self.reload().py()?;
        Ok(segments)
    }

    /// Adds ``words`` to the index's user dictionary, as ``kosearch dict
    /// add`` does: each a bare surface (a proper noun, ``NNP``), or a CSV
    /// line of the user dictionary's format (``"세종시청,NNP"``). The
    /// articles whose text holds one of them are analyzed again, in one
    /// commit; words the index has already are left out. This handle then
    /// analyzes and searches with them; other handles on the index opened
    /// before raise :class:`IndexChangedError` when they write, and
    /// searchers made before by :meth:`searcher` keep the old analysis.
    /// Takes the write lock.
    ///
    /// Returns a ``dict``: ``added`` (the surfaces new to the index),
    /// ``scanned`` and ``reanalyzed`` (documents read, and analyzed again),
    /// ``seconds``, and ``unreadable`` when stored articles could not be
    /// read back (they keep their analysis).
    fn add_words<'py>(&self, py: Python<'py>, words: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
        let words = UserDictionary::from_words(&words, "add_words").py()?;
        if words.is_empty() {
            return Err(invalid("no words to add"));
        }
        let mut index = self.handle();
        let report = py
            .detach(|| index.add_user_words(&words, &WriterOptions::default()))
            .py()?;
        let mut searcher = write(&self.searcher);
        *write(&self.inner) = index;
        *searcher = None;
        drop(searcher);
        let json = serde_json::to_value(&report).map_err(|e| invalid(e.to_string()))?;
        to_python(py, &json)
    }

    /// The index terms of ``text`` by the analyzer of this index, as
    /// queries are analyzed.
    fn analyze(&self, py: Python<'_>, text: &str) -> Vec<Token> {
        tokens(py, self.handle().analyzer(), text)
    }

    /// Documents in the last commit :meth:`search` sees.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let searcher = py.detach(|| self.searcher_inner())?;
        Ok(usize::try_from(searcher.documents()).unwrap_or(usize::MAX))
    }

    fn __repr__(&self) -> String {
        format!("Index({:?})", read(&self.inner).dir().display().to_string())
    }
}
