//! Python values as JSON and back: articles come in as Python mappings and
//! are read by the library's JSON Lines reader; stored articles and index
//! statistics go out as Python objects.

use kosearch::Article;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// `object` as JSON: `str`, `int`, `float`, `bool`, `None`, lists, tuples,
/// mappings with `str` keys, and `datetime` / `date` (as ISO 8601 text,
/// which the library reads as dates; one without a zone is Korea Standard
/// Time). `at` names where `object` is, for the error.
pub(crate) fn to_json(object: &Bound<'_, PyAny>, at: &str) -> PyResult<Value> {
    if object.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(text) = object.cast::<PyString>() {
        return Ok(Value::String(text.to_str()?.to_string()));
    }
    // Before int: a bool is an int in Python.
    if let Ok(flag) = object.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if object.is_instance_of::<PyInt>() {
        if let Ok(number) = object.extract::<i64>() {
            return Ok(Value::Number(number.into()));
        }
        if let Ok(number) = object.extract::<u64>() {
            return Ok(Value::Number(number.into()));
        }
        return Err(PyValueError::new_err(format!(
            "{at}: the integer {object} is too large"
        )));
    }
    if let Ok(number) = object.cast::<PyFloat>() {
        return Number::from_f64(number.value())
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err(format!("{at}: {object} is not a JSON number")));
    }
    // A datetime is a date too.
    if object.is_instance_of::<PyDate>() {
        return Ok(Value::String(
            object.call_method0("isoformat")?.extract::<String>()?,
        ));
    }
    if let Ok(mapping) = object.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, value) in mapping.iter() {
            let key: String = key
                .extract()
                .map_err(|_| PyTypeError::new_err(format!("{at}: a key is not a str ({key:?})")))?;
            let value = to_json(&value, &format!("{at}[{key:?}]"))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if object.is_instance_of::<PyList>() || object.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in object.try_iter()?.enumerate() {
            items.push(to_json(&item?, &format!("{at}[{i}]"))?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "{at}: a value of type {} cannot be stored (use str, int, float, bool, None, list, dict, datetime or date)",
        object.get_type().name()?
    )))
}

/// `value` as a Python object: objects as `dict`, arrays as `list`.
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(int), _) => int.into_pyobject(py)?.into_any(),
            (_, Some(int)) => int.into_pyobject(py)?.into_any(),
            _ => number
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any(),
        },
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A stored article as a `dict` of its JSON fields (those it has), the
/// dates as aware `datetime`s.
pub(crate) fn article_to_python<'py>(
    py: Python<'py>,
    article: &Article,
) -> PyResult<Bound<'py, PyDict>> {
    let value = serde_json::to_value(article).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let dict = to_python(py, &value)?.cast_into::<PyDict>()?;
    for (key, date) in [
        ("published_at", article.published_at),
        ("updated_at", article.updated_at),
    ] {
        if let Some(date) = date {
            dict.set_item(key, date)?;
        }
    }
    Ok(dict)
}
