//! Searching: [`Searcher`], and the [`Hit`]s and [`Passage`]s of its
//! results, with character offsets. The hits come in a
//! `kosearch.SearchResults`, a `list` that also has the total, the facets
//! and the documents that could not be read.

use chrono::{DateTime, FixedOffset};
use kosearch::search::{self, Facet, SearchOptions, SortOrder};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

use crate::errors::{invalid, IntoPy};
use crate::json::article_to_python;
use crate::offsets::CharOffsets;

/// A passage of an article: a few sentences around the matches.
#[pyclass(frozen, get_all, module = "kosearch")]
pub(crate) struct Passage {
    /// The passage text, exactly ``hit.body[start:end]``.
    text: String,
    /// Where it starts in the article body, in characters.
    start: usize,
    /// Where it ends in the article body, in characters.
    end: usize,
    /// The ``(start, end)`` character ranges in ``text`` to highlight:
    /// sorted, disjoint.
    highlights: Vec<(usize, usize)>,
}

#[pymethods]
impl Passage {
    /// The highlighted words, in order.
    #[getter]
    fn highlighted(&self) -> Vec<String> {
        self.highlights
            .iter()
            .map(|&(start, end)| self.text.chars().skip(start).take(end - start).collect())
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "Passage(start={}, end={}, highlights={:?}, text={:?})",
            self.start, self.end, self.highlights, self.text
        )
    }
}

impl Passage {
    /// The library's passage of `body`, with character offsets.
    fn new(passage: search::Passage, body: &mut CharOffsets<'_>) -> Self {
        let mut offsets = CharOffsets::new(&passage.text);
        let highlights = passage
            .highlights
            .iter()
            .map(|&(start, end)| (offsets.of(start), offsets.of(end)))
            .collect();
        Passage {
            start: body.of(passage.start),
            end: body.of(passage.end),
            highlights,
            text: passage.text,
        }
    }
}

/// One matching article.
#[pyclass(frozen, module = "kosearch")]
pub(crate) struct Hit {
    /// The article's id.
    #[pyo3(get)]
    id: String,
    /// Its title.
    #[pyo3(get)]
    title: String,
    /// Its score (BM25 with boosts, mixed with the best passage's); higher
    /// is better.
    #[pyo3(get)]
    score: f32,
    /// Publication time, timezone-aware (Korea Standard Time for articles
    /// whose source gave no zone); ``None`` when unknown.
    #[pyo3(get)]
    published_at: Option<DateTime<FixedOffset>>,
    /// Reporters.
    #[pyo3(get)]
    reporters: Vec<String>,
    /// Section or category.
    #[pyo3(get)]
    section: Option<String>,
    /// Publisher.
    #[pyo3(get)]
    source: Option<String>,
    /// Address of the article.
    #[pyo3(get)]
    url: Option<String>,
    /// The best passages of the body (1 to 3), best first.
    passages: Vec<Py<Passage>>,
    /// The article body, which the passages' offsets point into.
    #[pyo3(get)]
    body: String,
}

#[pymethods]
impl Hit {
    /// The best passages of the body (1 to 3), best first.
    #[getter]
    fn passages(&self, py: Python<'_>) -> Vec<Py<Passage>> {
        self.passages.iter().map(|p| p.clone_ref(py)).collect()
    }

    /// The hit as a ``dict`` (``published_at`` a ``datetime``, passages as
    /// ``dict``s), without the body: for JSON or a data frame.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("id", &self.id)?;
        dict.set_item("title", &self.title)?;
        dict.set_item("score", self.score)?;
        dict.set_item("published_at", self.published_at)?;
        dict.set_item("reporters", &self.reporters)?;
        dict.set_item("section", &self.section)?;
        dict.set_item("source", &self.source)?;
        dict.set_item("url", &self.url)?;
        let passages = PyList::empty(py);
        for passage in &self.passages {
            let passage = passage.get();
            let item = PyDict::new(py);
            item.set_item("text", &passage.text)?;
            item.set_item("start", passage.start)?;
            item.set_item("end", passage.end)?;
            item.set_item("highlights", &passage.highlights)?;
            passages.append(item)?;
        }
        dict.set_item("passages", passages)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Hit(id={:?}, title={:?}, score={:.3})",
            self.id, self.title, self.score
        )
    }
}

impl Hit {
    fn new(py: Python<'_>, hit: search::Hit) -> PyResult<Self> {
        let mut body = CharOffsets::new(&hit.body);
        let mut passages = Vec::with_capacity(hit.passages.len());
        for passage in hit.passages {
            passages.push(Py::new(py, Passage::new(passage, &mut body))?);
        }
        Ok(Hit {
            id: hit.id,
            title: hit.title,
            score: hit.score,
            published_at: hit.published_at,
            reporters: hit.reporters,
            section: hit.section,
            source: hit.source,
            url: hit.url,
            passages,
            body: hit.body,
        })
    }
}

/// Search options of Python arguments.
pub(crate) fn options(
    limit: usize,
    offset: usize,
    sort: &str,
    facets: Option<Vec<String>>,
    recency_days: Option<f64>,
    exact: bool,
) -> PyResult<SearchOptions> {
    let sort = match sort {
        "relevance" => SortOrder::Relevance,
        "date" => SortOrder::Date,
        other => {
            return Err(invalid(format!(
                "unknown sort order `{other}` (use relevance or date)"
            )))
        }
    };
    let facets = facets
        .unwrap_or_default()
        .iter()
        .map(|name| name.parse::<Facet>())
        .collect::<kosearch::Result<Vec<_>>>()
        .py()?;
    if let Some(days) = recency_days
        && !(days > 0.0 && days.is_finite())
    {
        return Err(invalid(format!(
            "recency_days must be a positive number of days, not {days}"
        )));
    }
    Ok(SearchOptions {
        limit,
        offset,
        sort,
        facets,
        recency_half_life_days: recency_days,
        correct: !exact,
        ..SearchOptions::default()
    })
}

/// Runs `query` with the GIL released, and returns a `SearchResults`.
pub(crate) fn run<'py>(
    py: Python<'py>,
    searcher: &search::Searcher,
    query: &str,
    options: &SearchOptions,
) -> PyResult<Bound<'py, PyAny>> {
    static RESULTS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let results = py.detach(|| searcher.search(query, options)).py()?;
    let facets = PyDict::new(py);
    for (name, counts) in &results.facets {
        let counts: Vec<(&str, u64)> = counts
            .iter()
            .map(|count| (count.value.as_str(), count.count))
            .collect();
        facets.set_item(name, counts)?;
    }
    let mut hits = Vec::with_capacity(results.hits.len());
    for hit in results.hits {
        hits.push(Hit::new(py, hit)?);
    }
    let unreadable: Vec<(String, String)> = results
        .unreadable
        .into_iter()
        .map(|document| (document.id, document.reason))
        .collect();
    RESULTS
        .import(py, "kosearch._results", "SearchResults")?
        .call1((
            hits,
            results.total,
            facets,
            unreadable,
            results.corrected_query,
        ))
}

/// Searches an index; safe to use from several threads at once, each
/// search running without the GIL. It sees each commit shortly after it
/// happens (at once after :meth:`reload`); the searcher of
/// :meth:`Index.search` is reloaded by the index's own writers' commits.
#[pyclass(frozen, module = "kosearch")]
pub(crate) struct Searcher {
    pub(crate) inner: search::Searcher,
}

#[pymethods]
impl Searcher {
    /// Runs ``query`` (the query language of ``kosearch search``: words,
    /// ``"phrases"``, ``-excluded``, ``title:``, ``section:``, ``date:``,
    /// boosts) and returns the hits from ``offset``, at most ``limit``
    /// (0 for the total and facets only), as a :class:`SearchResults`.
    ///
    /// ``sort`` is ``"relevance"`` or ``"date"`` (newest first);
    /// ``facets`` names counts to make over all matches (``section``,
    /// ``source``, ``reporter``, ``date`` by month); ``recency_days``
    /// favours recent articles, halving the distance of a score to half of
    /// it every so many days of age. A word typed in the wrong keyboard
    /// mode, as initial consonants or a jamo off is corrected when the
    /// query finds nothing or far less as typed (the results'
    /// ``corrected_query`` says so); ``exact=True`` searches it as typed.
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
        run(py, &self.inner, query, &options)
    }

    /// The stored article with this id as a ``dict`` (its fields, dates as
    /// ``datetime``), or ``None``.
    fn document<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        let article = py.detach(|| self.inner.document(id)).py()?;
        article
            .map(|article| article_to_python(py, &article))
            .transpose()
    }

    /// Makes the last commit visible now rather than shortly.
    fn reload(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.inner.reload()).py()
    }

    /// Documents in the last commit seen.
    fn __len__(&self) -> usize {
        usize::try_from(self.inner.documents()).unwrap_or(usize::MAX)
    }

    fn __repr__(&self) -> String {
        format!("Searcher(documents={})", self.inner.documents())
    }
}
