//! Reading evaluation queries: questions with their relevance judgments.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::corpus::jsonl;
use crate::{Error, Result};

/// One evaluation query: a question as a user would type it, the ids of the
/// documents that answer it, and the answer strings a good passage holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalQuery {
    /// The query's id, unique in its file.
    pub qid: String,
    /// The question, run as it is.
    pub query: String,
    /// Ids of the relevant documents (at least one).
    pub relevant_ids: Vec<String>,
    /// Strings a passage that answers the question contains; may be empty,
    /// and the query then takes no part in the answer-in-passage measures.
    #[serde(default)]
    pub answers: Vec<String>,
}

/// Reads evaluation queries from a JSON Lines file, plain or compressed
/// (`.zst`, `.gz`, as [`jsonl::open`] reads them), one object a line:
///
/// ```json
/// {"qid": "q1", "query": "세종시와 서울시가 맺은 협약은?", "relevant_ids": ["a1"], "answers": ["7가지"]}
/// ```
///
/// `qid` and each id may be a string or a number (read as its decimal
/// text); `answers` may be absent; other fields are ignored; blank lines
/// are skipped and a byte-order mark is allowed on the first line.
///
/// A malformed line is an error, not a line to skip: the figures of an
/// evaluation are only comparable when they are computed over the same
/// queries, so a query set that silently lost a query must not produce
/// any. The error names the file, the line and what is wrong with it: a
/// line that is not UTF-8 or not a JSON object, a missing or empty `qid`
/// or `query`, `relevant_ids` missing, empty or not an array of ids,
/// `answers` not an array of non-empty strings, a `qid` already used on an
/// earlier line. A file without any query is an error too.
pub fn read_queries(path: &Path) -> Result<Vec<EvalQuery>> {
    let reader = jsonl::open(path).map_err(|e| Error::io(path, e))?;
    parse_queries(reader, path)
}

/// The queries of `reader`; `path` names it in errors.
fn parse_queries(mut reader: impl BufRead, path: &Path) -> Result<Vec<EvalQuery>> {
    let mut queries = Vec::new();
    let mut lines_of_qids: HashMap<String, usize> = HashMap::new();
    let mut buffer = Vec::new();
    let mut line = 0;
    loop {
        buffer.clear();
        if reader
            .read_until(b'\n', &mut buffer)
            .map_err(|e| Error::io(path, e))?
            == 0
        {
            break;
        }
        line += 1;
        let mut bytes = buffer.as_slice();
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let malformed = |reason: String| {
            Error::InvalidArgument(format!("queries {}, line {line}: {reason}", path.display()))
        };
        let query = parse_line(bytes).map_err(malformed)?;
        if let Some(first) = lines_of_qids.insert(query.qid.clone(), line) {
            return Err(malformed(format!(
                "qid `{}` is already used on line {first}",
                query.qid
            )));
        }
        queries.push(query);
    }
    if queries.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "queries {}: no queries in the file",
            path.display()
        )));
    }
    Ok(queries)
}

/// The query on one line, or what is wrong with it.
fn parse_line(bytes: &[u8]) -> std::result::Result<EvalQuery, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err("not a JSON object".into()),
        Err(err) => return Err(format!("not valid JSON: {err}")),
    };
    let qid = id(&object, "qid")?;
    let query = match object.get("query") {
        Some(Value::String(query)) if !query.trim().is_empty() => query.clone(),
        Some(Value::String(_)) => return Err("`query` is empty".into()),
        Some(_) => return Err("`query` is not a string".into()),
        None => return Err("`query` is missing".into()),
    };
    let relevant_ids = match object.get("relevant_ids") {
        Some(Value::Array(values)) if !values.is_empty() => values
            .iter()
            .map(id_text)
            .collect::<Option<Vec<_>>>()
            .ok_or("`relevant_ids` must be an array of non-empty ids")?,
        Some(Value::Array(_)) => return Err("`relevant_ids` is empty".into()),
        Some(_) => return Err("`relevant_ids` must be an array of non-empty ids".into()),
        None => return Err("`relevant_ids` is missing".into()),
    };
    let answers = match object.get("answers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(values)) => values
            .iter()
            .map(|value| match value {
                Value::String(answer) if !answer.trim().is_empty() => Some(answer.clone()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or("`answers` must be an array of non-empty strings")?,
        Some(_) => return Err("`answers` must be an array of non-empty strings".into()),
    };
    Ok(EvalQuery {
        qid,
        query,
        relevant_ids,
        answers,
    })
}

/// The id in `object[key]`.
fn id(object: &Map<String, Value>, key: &str) -> std::result::Result<String, String> {
    match object.get(key) {
        Some(value) => id_text(value).ok_or_else(|| format!("`{key}` must be a non-empty id")),
        None => Err(format!("`{key}` is missing")),
    }
}

/// A string or a number as id text, trimmed; `None` for anything else or
/// blank text.
fn id_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_string(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<EvalQuery>> {
        parse_queries(text.as_bytes(), Path::new("q.jsonl"))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_queries_with_numbers_bom_blank_lines_and_no_answers() {
        let text = "\u{feff}{\"qid\": \"q1\", \"query\": \"세종시와 서울시가 맺은 협약은?\", \
                    \"relevant_ids\": [\"a1\", \"a2\"], \"answers\": [\"7가지\"], \"note\": 1}\r\n\
                    \n   \n\
                    {\"qid\": 2, \"query\": \" 협약 \", \"relevant_ids\": [17]}";
        let queries = parse(text).unwrap();
        assert_eq!(
            queries,
            vec![
                EvalQuery {
                    qid: "q1".into(),
                    query: "세종시와 서울시가 맺은 협약은?".into(),
                    relevant_ids: vec!["a1".into(), "a2".into()],
                    answers: vec!["7가지".into()],
                },
                EvalQuery {
                    qid: "2".into(),
                    // The query is run as written.
                    query: " 협약 ".into(),
                    relevant_ids: vec!["17".into()],
                    answers: vec![],
                },
            ]
        );
    }

    #[test]
    fn a_malformed_line_is_an_error_naming_the_line() {
        let good = "{\"qid\": \"q1\", \"query\": \"협약\", \"relevant_ids\": [\"a\"]}\n";
        for (bad, reason) in [
            ("{\"qid\": \"q2\", \"query\": \"협약\"", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            ("{\"query\": \"협약\", \"relevant_ids\": [\"a\"]}", "`qid` is missing"),
            (
                "{\"qid\": \" \", \"query\": \"협약\", \"relevant_ids\": [\"a\"]}",
                "`qid` must be a non-empty id",
            ),
            ("{\"qid\": \"q2\", \"relevant_ids\": [\"a\"]}", "`query` is missing"),
            (
                "{\"qid\": \"q2\", \"query\": \"  \", \"relevant_ids\": [\"a\"]}",
                "`query` is empty",
            ),
            (
                "{\"qid\": \"q2\", \"query\": 3, \"relevant_ids\": [\"a\"]}",
                "`query` is not a string",
            ),
            ("{\"qid\": \"q2\", \"query\": \"협약\"}", "`relevant_ids` is missing"),
            (
                "{\"qid\": \"q2\", \"query\": \"협약\", \"relevant_ids\": []}",
                "`relevant_ids` is empty",
            ),
            (
                "{\"qid\": \"q2\", \"query\": \"협약\", \"relevant_ids\": \"a\"}",
                "`relevant_ids` must be an array of non-empty ids",
            ),
            (
                "{\"qid\": \"q2\", \"query\": \"협약\", \"relevant_ids\": [\"a\", null]}",
                "`relevant_ids` must be an array of non-empty ids",
            ),
            (
                "{\"qid\": \"q2\", \"query\": \"협약\", \"relevant_ids\": [\"a\"], \"answers\": [\"\"]}",
                "`answers` must be an array of non-empty strings",
            ),
            (
                "{\"qid\": \"q2\", \"query\": \"협약\", \"relevant_ids\": [\"a\"], \"answers\": \"7가지\"}",
                "`answers` must be an array of non-empty strings",
            ),
            (
                "{\"qid\": \"q1\", \"query\": \"협약\", \"relevant_ids\": [\"b\"]}",
                "qid `q1` is already used on line 1",
            ),
        ] {
            let message = error(&format!("{good}\n{bad}\n{good}"));
            assert!(
                message.starts_with("queries q.jsonl, line 3: ") && message.contains(reason),
                "{bad}: {message}"
            );
        }
        let not_utf8 = parse_queries(&b"{\"qid\": \"\xff\"}\n"[..], Path::new("q.jsonl"));
        assert_eq!(
            not_utf8.unwrap_err().to_string(),
            "queries q.jsonl, line 1: not UTF-8 text"
        );
    }

    #[test]
    fn a_file_without_queries_is_an_error() {
        assert_eq!(error(""), "queries q.jsonl: no queries in the file");
        assert_eq!(error("\n \n"), "queries q.jsonl: no queries in the file");
    }
}
