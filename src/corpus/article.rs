//! The document model: a news article and its metadata.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Korea Standard Time (UTC+9), the zone of a date-time that gives none.
pub const KST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// A title made from the first line of the body is at most this many
/// characters long, plus `…`.
pub const DERIVED_TITLE_MAX_CHARS: usize = 100;

/// A news article, or any document read as one.
///
/// Serialized as JSON with these field names; dates as RFC 3339
/// (`2023-04-10T17:02:00+09:00`). Fields a source has beyond these are kept
/// in `extra`.
///
/// ```
/// use kosearch::corpus::Article;
///
/// let article: Article = serde_json::from_str(
///     r#"{"id": "a1", "title": "세종시-서울시 협약", "body": "세종시는 서울시와 협력한다.",
///         "published_at": "2023-04-10T17:02:00+09:00", "category": "행정"}"#,
/// ).unwrap();
/// assert_eq!(article.published_at.unwrap().to_rfc3339(), "2023-04-10T17:02:00+09:00");
/// assert_eq!(article.extra["category"], "행정");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    /// Stable identifier: the source's own id, else the file path relative to
    /// the corpus root (plus `:LINE` for line-oriented files).
    pub id: String,
    /// Headline.
    pub title: String,
    /// Sub-headline, when the source has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Article text. Sections (`◇` sub-headings) are kept, separated by blank
    /// lines.
    pub body: String,
    /// Reporters' names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reporters: Vec<String>,
    /// Reporter's e-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Publication time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<FixedOffset>>,
    /// Last update time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// Section or category (정치, 경제, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where the article was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Any other fields of the source, kept as they were.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

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
