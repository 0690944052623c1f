//! Reading documents: the readers that produce [`Article`](crate::Article)s.
//!
//! A corpus is one or more paths, files or folders. Each file is read by the
//! reader its name selects:
//!
//! | file | reader |
//! |---|---|
//! | `*.txt` | [`text`]: a plain-text news article (headline, byline, `승인` date, body) |
//! | `*.jsonl`, `*.ndjson`, with `.zst` or `.gz` | [`jsonl`]: one JSON object a line, with a [`FieldMap`] |
//! | `*.html`, `*.htm` | [`html`]: an article page |
//!
//! Bytes are decoded by [`encoding`]: UTF-8 (with or without BOM), UTF-16
//! with BOM, and EUC-KR/CP949. Nothing bad stops a run: every document that
//! cannot be read becomes a [`SkippedDocument`] naming the file, the line and
//! the reason, and every document that was read but changed on the way (a
//! legacy encoding decoded, a duplicate id replacing an earlier one) a
//! [`Notice`]. [`Corpus`] walks the paths and yields
//! `Result<Article, SkippedDocument>`.

pub mod dates;
pub mod encoding;
pub mod html;
pub mod jsonl;
mod names;
mod nesting;
pub mod text;
mod walk;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use self::jsonl::FieldMap;
pub use self::walk::{Corpus, ReadOptions};

/// The largest document read, in bytes, unless
/// [`ReadOptions::max_document_size`] says otherwise: a text or HTML file, a
/// line of JSON Lines (also of a `POST /documents` body). Larger ones are
/// skipped, and reported. Indexing a document takes a few times its size in
/// memory (`docs/reliability.md`), so this bounds what one document can
/// take.
pub const DEFAULT_MAX_DOCUMENT_SIZE: usize = 16 * 1024 * 1024;

/// Ends the reason of every document skipped for its size.
const OVER_SIZE_LIMIT: &str = "bytes per document";

/// The reason a JSON line with none of the body's field names (`body` and
/// its aliases) is skipped, when no field map names one.
pub(crate) const NO_BODY_FIELD: &str = "no body (none of its fields is read as the body)";

/// The reason a document of `size` bytes is skipped when at most `limit`
/// are read.
pub(crate) fn over_size_limit(size: u64, limit: usize) -> String {
    format!("{size} bytes, over the limit of {limit} {OVER_SIZE_LIMIT}")
}

/// A title made from the first line of the body is at most this many
/// characters long, plus `…`.
pub const DERIVED_TITLE_MAX_CHARS: usize = 100;

/// The title of a document that has none: the first line of `body`, cut to
/// [`DERIVED_TITLE_MAX_CHARS`] characters (at a space when there is one in
/// the second half) with `…` when cut. Every reader derives titles so.
pub(crate) fn title_from_body(body: &str) -> String {
    let first_line = body
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    let Some((cut, _)) = first_line.char_indices().nth(DERIVED_TITLE_MAX_CHARS) else {
        return first_line.to_string();
    };
    let head = first_line.get(..cut).unwrap_or(first_line);
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space >= cut / 2 => head.get(..space).unwrap_or(head),
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// `text` trimmed, with every run of whitespace made one space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A document that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedDocument {
    /// The file it came from.
    pub path: PathBuf,
    /// 1-based line, for line-oriented files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Its id, when it got as far as having one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What was wrong, for a person to read.
    pub reason: String,
}

/// A document that was read, but not exactly as it was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The file it came from.
    pub path: PathBuf,
    /// 1-based line, for line-oriented files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The document's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What was changed, e.g. "decoded from EUC-KR".
    pub reason: String,
}

/// Everything a run skipped or altered, for the end-of-run summary and
/// `--report FILE`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadReport {
    /// Documents read.
    pub read: usize,
    /// Files ignored because no reader handles their extension.
    pub ignored_files: usize,
    /// Documents not read.
    pub skipped: Vec<SkippedDocument>,
    /// Documents read with a change.
    pub altered: Vec<Notice>,
}

impl ReadReport {
    /// Whether anything was skipped.
    pub fn has_skips(&self) -> bool {
        !self.skipped.is_empty()
    }

    /// How many JSON lines were skipped for having no field read as the
    /// body (a [`FieldMap`] can name it).
    pub fn skipped_without_body_field(&self) -> usize {
        self.skipped
            .iter()
            .filter(|skip| skip.reason == NO_BODY_FIELD)
            .count()
    }

    /// How many documents were skipped for being larger than the limit.
    pub fn skipped_for_size(&self) -> usize {
        self.skipped
            .iter()
            .filter(|skip| skip.reason.ends_with(OVER_SIZE_LIMIT))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_titles() {
        assert_eq!(title_from_body("\n  첫 줄이다.  \n둘째 줄"), "첫 줄이다.");
        let long = "가".repeat(150);
        assert_eq!(title_from_body(&long), format!("{}…", "가".repeat(100)));
        let words = "낱말 ".repeat(40);
        let title = title_from_body(&words);
        assert!(title.ends_with("낱말…"), "{title}");
        assert!(title.chars().count() <= DERIVED_TITLE_MAX_CHARS + 1);
    }
}
