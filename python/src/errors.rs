//! The library's [`Error`] as Python exceptions: each variant raises its
//! class of `kosearch._errors` (defined in Python, so that a class can also
//! be a `ValueError` or an `OSError`), with the library's message and the
//! path, line or differences the variant carries as attributes.

use std::path::Path;

use kosearch::Error;
use pyo3::prelude::*;
use pyo3::types::PyType;

/// The module that defines the exception classes.
const ERRORS_MODULE: &str = "kosearch._errors";

/// Added to the messages whose library text names a `kosearch` command:
/// what does the same from Python.
const INSTALL_HINT: &str = " (from Python: kosearch.install_dictionary())";
const REINSTALL_HINT: &str = " (from Python: kosearch.install_dictionary(force=True))";
const CREATE_HINT: &str = " (from Python: kosearch.Index.create(path))";
const REOPEN_HINT: &str = " (from Python: kosearch.Index.open(path))";

/// The exception class `name` of [`ERRORS_MODULE`].
fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    Ok(py.import(ERRORS_MODULE)?.getattr(name)?.cast_into()?)
}

/// A Python exception of class `name` with `message`.
fn exception<'py>(py: Python<'py>, name: &str, message: String) -> PyResult<Bound<'py, PyAny>> {
    class(py, name)?.call1((message,))
}

/// The Python exception for a library error.
pub(crate) fn to_py(error: Error) -> PyErr {
    Python::attach(|py| raise(py, error).map_or_else(|failed| failed, PyErr::from_value))
}

/// `exception` with its `path` attribute set to `dir`.
fn path<'py>(exception: Bound<'py, PyAny>, dir: &Path) -> PyResult<Bound<'py, PyAny>> {
    exception.setattr("path", dir.display().to_string())?;
    Ok(exception)
}

/// Builds the exception for `error`, or fails to (the module cannot be
/// imported).
fn raise(py: Python<'_>, error: Error) -> PyResult<Bound<'_, PyAny>> {
    let message = error.to_string();
    match &error {
        Error::DictionaryMissing { dir } => path(
            exception(py, "DictionaryMissingError", message + INSTALL_HINT)?,
            dir,
        ),
        Error::DictionaryCorrupt { dir, .. } => path(
            exception(py, "DictionaryError", message + REINSTALL_HINT)?,
            dir,
        ),
        Error::DictionaryInstall(_) => exception(py, "DictionaryError", message),
        Error::UserDictionary {
            path: file, line, ..
        } => {
            let exception = path(exception(py, "UserDictionaryError", message)?, file)?;
            exception.setattr("line", *line)?;
            Ok(exception)
        }
        Error::IndexMissing { dir } => path(
            exception(py, "IndexMissingError", message + CREATE_HINT)?,
            dir,
        ),
        Error::IndexLocked { dir } => path(exception(py, "IndexLockedError", message)?, dir),
        Error::IndexMismatch { dir, differences } => {
            let exception = path(exception(py, "IndexMismatchError", message)?, dir)?;
            exception.setattr("differences", differences.clone())?;
            Ok(exception)
        }
        Error::IndexChanged { dir } => path(
            exception(py, "IndexChangedError", message + REOPEN_HINT)?,
            dir,
        ),
        Error::IndexCorrupt { dir, .. } => path(exception(py, "IndexCorruptError", message)?, dir),
        Error::DocumentUnreadable { id, .. } => {
            let exception = exception(py, "DocumentUnreadableError", message)?;
            exception.setattr("id", id)?;
            Ok(exception)
        }
        Error::Query(_) => exception(py, "QueryError", message),
        Error::InvalidArgument(_) => exception(py, "InvalidArgumentError", message),
        Error::Analysis(_) => exception(py, "AnalysisError", message),
        Error::Io { path: file, source } => {
            let exception = path(exception(py, "IoError", message)?, file)?;
            exception.setattr("filename", file.display().to_string())?;
            exception.setattr("errno", source.raw_os_error())?;
            Ok(exception)
        }
        // Error::Index, and variants added to the library later.
        _ => exception(py, "Error", message),
    }
}

/// An [`Error::InvalidArgument`] with `message`, raised in Python.
pub(crate) fn invalid(message: impl Into<String>) -> PyErr {
    to_py(Error::InvalidArgument(message.into()))
}

/// The exception for using a writer after it was closed.
pub(crate) fn closed() -> PyErr {
    Python::attach(|py| {
        exception(
            py,
            "ClosedError",
            "the writer is closed; open another with Index.writer()".into(),
        )
        .map_or_else(|failed| failed, PyErr::from_value)
    })
}

/// Converts library results to Python results.
pub(crate) trait IntoPy<T> {
    /// The result, its error as a Python exception.
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for kosearch::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
