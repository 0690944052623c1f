//! Articles given as Python mappings, read with the same field rules as
//! JSON Lines files and `POST /documents`: aliases (`content` → body,
//! `date` → published_at, …), a field map, dates in many forms (Korea
//! Standard Time when they give no zone), titles derived from bodies.

use std::path::Path;

use kosearch::corpus::jsonl::JsonlReader;
use kosearch::corpus::FieldMap;
use kosearch::Article;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping};

use crate::errors::invalid;
use crate::json::to_json;

/// Names where a mapping's article came from in messages.
const SOURCE: &str = "<article>";

/// The id prefix of an article read without an id, which no real id has.
const NO_ID: &str = "\u{0}no-id";

/// The article of `mapping`, read as a line of JSON Lines with `fields`. It
/// must have an id: without one, a second add could not find the first.
pub(crate) fn read(mapping: &Bound<'_, PyAny>, fields: &FieldMap) -> PyResult<Article> {
    let mapping = mapping.cast::<PyMapping>().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "an article is a mapping (a dict such as {{\"id\": …, \"title\": …, \"body\": …}}), not {}",
            mapping
                .get_type()
                .name()
                .map_or_else(|_| "this".into(), |name| name.to_string())
        ))
    })?;
    // Any mapping, as a dict.
    let dict = PyDict::new(mapping.py());
    dict.update(mapping)?;
    let line = serde_json::to_vec(&to_json(dict.as_any(), "article")?)
        .map_err(|e| invalid(e.to_string()))?;
    let mut reader = JsonlReader::new(line.as_slice(), Path::new(SOURCE), NO_ID, fields);
    match reader.next() {
        Some(Ok(article)) if article.id.starts_with(NO_ID) => Err(invalid(
            "an article needs an `id` (or a field mapped to it): without one it could not be updated or deleted",
        )),
        Some(Ok(article)) => Ok(article),
        Some(Err(skipped)) => Err(invalid(format!("cannot read the article: {}", skipped.reason))),
        None => Err(invalid("cannot read the article: it is empty")),
    }
}
