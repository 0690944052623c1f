//! The document model: a news article and its metadata ([`Article`]), the
//! time zone of dates that give none ([`KST`]), and the rules its stored
//! form keeps. The readers of [`corpus`](crate::corpus) produce articles,
//! [`index`](crate::index) stores them and [`search`](crate::search) reads
//! them back.
//!
//! An index stores each article as its JSON ([`Article`]'s `Serialize`), and
//! every search reads it back, so the stored form must always read back.
//! Readers guarantee it: `extra` never holds a key named like an article
//! field, a value a reader could not use is kept aside under [`UNREAD_KEY`],
//! dates lie in [`INDEXABLE_SECONDS`] and ids are at most [`MAX_ID_BYTES`]
//! long. The writer refuses an article that breaks these rules
//! ([`Article::check_storable`]), and reading JSON back is tolerant
//! ([`Article`]'s `Deserialize`), so that articles stored by earlier versions,
//! which could hold a field twice, still read.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Korea Standard Time (UTC+9), the zone of a date-time that gives none.
pub const KST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

/// The key of [`Article::extra`] under which readers keep the values they
/// could not read as the article field they were meant for, by source field
/// name: `{"_unread": {"title": ["두", "제목"], "date": "어제"}}`. It is
/// neither an article field nor an alias of one, so the value is not read
/// again as that field when the article's JSON is read back.
pub const UNREAD_KEY: &str = "_unread";

/// The publication times an index can hold, in Unix seconds: tantivy keeps
/// a date as nanoseconds since 1970 in 64 bits, from 1677-09-21 00:12:44 to
/// 2262-04-11 23:47:16 UTC. Readers keep a date outside it aside (under
/// [`UNREAD_KEY`], with a notice); a query's date bound outside it is open.
pub const INDEXABLE_SECONDS: RangeInclusive<i64> =
    (i64::MIN / 1_000_000_000)..=(i64::MAX / 1_000_000_000);

/// The longest id, in bytes: ids are indexed as one term, which tantivy
/// drops beyond 65,530 bytes (and then could not find to replace or delete
/// the document). 4 KiB leaves room for any file path.
pub const MAX_ID_BYTES: usize = 4096;

/// A news article, or any document read as one.
///
/// Serialized as JSON with these field names; dates as RFC 3339
/// (`2023-04-10T17:02:00+09:00`). Fields a source has beyond these are kept
/// in `extra`.
///
/// Deserializing is tolerant: any JSON object gives an article. A field of
/// the wrong type (`"title": ["a", "b"]`, a date that is not RFC 3339) and
/// a field given twice (the later one) are kept in `extra` under
/// [`UNREAD_KEY`]; `null` is an absent field; other keys go to `extra`.
///
/// ```
/// use kosearch::Article;
///
/// let article: Article = serde_json::from_str(
///     r#"{"id": "a1", "title": "세종시-서울시 협약", "body": "세종시는 서울시와 협력한다.",
///         "published_at": "2023-04-10T17:02:00+09:00", "category": "행정"}"#,
/// ).unwrap();
/// assert_eq!(article.published_at.unwrap().to_rfc3339(), "2023-04-10T17:02:00+09:00");
/// assert_eq!(article.extra["category"], "행정");
///
/// let twice: Article = serde_json::from_str(r#"{"title": "제목", "title": ["a"]}"#).unwrap();
/// assert_eq!(twice.title, "제목");
/// assert_eq!(twice.extra["_unread"]["title"][0], "a");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// Stable identifier: the source's own id, else the file path (see
    /// [`Corpus`](crate::corpus::Corpus)), plus `:LINE` for line-oriented files.
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
    /// Any other fields of the source, kept as they were; never a key named
    /// like a field above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An [`Article`] field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Id,
    Title,
    Subtitle,
    Body,
    Reporters,
    Email,
    PublishedAt,
    UpdatedAt,
    Section,
    Source,
    Url,
    Tags,
}

impl Field {
    /// Every field, in the order they are serialized.
    pub const ALL: [Field; 12] = [
        Field::Id,
        Field::Title,
        Field::Subtitle,
        Field::Body,
        Field::Reporters,
        Field::Email,
        Field::PublishedAt,
        Field::UpdatedAt,
        Field::Section,
        Field::Source,
        Field::Url,
        Field::Tags,
    ];

    /// The field's name in the JSON of an [`Article`].
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Subtitle => "subtitle",
            Field::Body => "body",
            Field::Reporters => "reporters",
            Field::Email => "email",
            Field::PublishedAt => "published_at",
            Field::UpdatedAt => "updated_at",
            Field::Section => "section",
            Field::Source => "source",
            Field::Url => "url",
            Field::Tags => "tags",
        }
    }

    /// The field named `name`.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }
}

impl Article {
    /// Keeps `value`, which a reader could not use as the field it was meant
    /// for, in `extra` under [`UNREAD_KEY`] and `name` (its source field).
    /// A name already there keeps its value; another value then goes under
    /// `name#2` (or the first free `name#N`), so that nothing is lost.
    pub fn keep_unread(&mut self, name: &str, value: Value) {
        let unread = self
            .extra
            .entry(UNREAD_KEY)
            .or_insert_with(|| Value::Object(Map::new()));
        if !unread.is_object() {
            // The source's own `_unread` that is no object: kept inside.
            let own = std::mem::replace(unread, Value::Object(Map::new()));
            if let Value::Object(map) = unread {
                map.insert(UNREAD_KEY.to_string(), own);
            }
        }
        let Value::Object(unread) = unread else {
            unreachable!("made an object above")
        };
        let mut keys =
            std::iter::once(name.to_string()).chain((2..).map(|n| format!("{name}#{n}")));
        let free = keys
            .find(|key| unread.get(key).is_none_or(|kept| *kept == value))
            .expect("some numbered key is free");
        unread.insert(free, value);
    }

    /// Moves a publication or update time that an index cannot hold (see
    /// [`INDEXABLE_SECONDS`]) to `extra` under [`UNREAD_KEY`], as RFC 3339
    /// text, and says so, one reason per date moved.
    pub fn set_aside_unindexable_dates(&mut self) -> Vec<String> {
        let mut reasons = Vec::new();
        for field in [Field::PublishedAt, Field::UpdatedAt] {
            let slot = match field {
                Field::PublishedAt => &mut self.published_at,
                _ => &mut self.updated_at,
            };
            let Some(date) = *slot else { continue };
            if let Err(reason) = check_indexable(&date) {
                *slot = None;
                self.keep_unread(field.name(), Value::String(date.to_rfc3339()));
                reasons.push(format!(
                    "`{}` {reason}; kept in `{UNREAD_KEY}`",
                    field.name()
                ));
            }
        }
        reasons
    }

    /// Whether an index may store the article: an id of 1 to
    /// [`MAX_ID_BYTES`] bytes, dates in [`INDEXABLE_SECONDS`], and no key of
    /// `extra` named like an article field (its JSON would hold that name
    /// twice). What readers produce always passes; the error says what
    /// does not.
    pub fn check_storable(&self) -> Result<(), String> {
        check_id(&self.id)?;
        for (field, date) in [
            (Field::PublishedAt, self.published_at),
            (Field::UpdatedAt, self.updated_at),
        ] {
            if let Some(date) = date {
                check_indexable(&date).map_err(|reason| format!("`{}` {reason}", field.name()))?;
            }
        }
        match self
            .extra
            .keys()
            .find(|key| Field::from_name(key).is_some())
        {
            Some(key) => Err(format!(
                "`extra` has a key `{key}`, which is the name of an article field"
            )),
            None => Ok(()),
        }
    }
}

/// Whether a value is worth reading or keeping for a field: not null, not
/// blank text, not an empty array.
pub(crate) fn has_content(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => true,
    }
}

/// Why `id` cannot identify a stored article, if it cannot.
pub(crate) fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the id is empty".into());
    }
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "the id is {} bytes long, more than the {MAX_ID_BYTES} an index allows",
            id.len()
        ));
    }
    Ok(())
}

/// Why an index cannot hold `date`, if it cannot: "is 1000-06-01, outside
/// the dates an index can hold (1677-09-21 to 2262-04-11)".
pub fn check_indexable(date: &DateTime<FixedOffset>) -> Result<(), String> {
    if INDEXABLE_SECONDS.contains(&date.timestamp()) {
        return Ok(());
    }
    let day = |seconds: i64| {
        DateTime::<Utc>::from_timestamp(seconds, 0)
            .map(|date| date.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    Err(format!(
        "is {}, outside the dates an index can hold ({} to {})",
        date.format("%Y-%m-%d"),
        day(*INDEXABLE_SECONDS.start()),
        day(*INDEXABLE_SECONDS.end())
    ))
}

impl<'de> Deserialize<'de> for Article {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ArticleVisitor)
    }
}

/// Reads an [`Article`] from any map, tolerantly (see [`Article`]).
struct ArticleVisitor;

impl<'de> Visitor<'de> for ArticleVisitor {
    type Value = Article;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an article as a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Article, A::Error> {
        let mut article = Article::default();
        let mut seen = [false; Field::ALL.len()];
        let mut unread = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            let Some(field) = Field::from_name(&key) else {
                article.extra.insert(key, value);
                continue;
            };
            let first = !std::mem::replace(&mut seen[field as usize], true);
            if !first {
                // Articles stored before the readers kept values aside could
                // hold a field twice, the field's own value first.
                if has_content(&value) {
                    unread.push((key, value));
                }
                continue;
            }
            if let Err(value) = article.set_stored(field, value) {
                unread.push((key, value));
            }
        }
        for (key, value) in unread {
            article.keep_unread(&key, value);
        }
        Ok(article)
    }
}

impl Article {
    /// Sets `field` from its stored JSON `value`, exactly typed (`null` is
    /// absent); a value of another type is handed back.
    fn set_stored(&mut self, field: Field, value: Value) -> Result<(), Value> {
        if value.is_null() {
            return Ok(());
        }
        match field {
            Field::Id => self.id = text(value)?,
            Field::Title => self.title = text(value)?,
            Field::Subtitle => self.subtitle = Some(text(value)?),
            Field::Body => self.body = text(value)?,
            Field::Reporters => self.reporters = texts(value)?,
            Field::Email => self.email = Some(text(value)?),
            Field::PublishedAt => self.published_at = Some(date(value)?),
            Field::UpdatedAt => self.updated_at = Some(date(value)?),
            Field::Section => self.section = Some(text(value)?),
            Field::Source => self.source = Some(text(value)?),
            Field::Url => self.url = Some(text(value)?),
            Field::Tags => self.tags = texts(value)?,
        }
        Ok(())
    }
}

/// A JSON string, or the value handed back.
fn text(value: Value) -> Result<String, Value> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(other),
    }
}

/// A JSON array of strings, or the value handed back.
fn texts(value: Value) -> Result<Vec<String>, Value> {
    match value {
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(items
            .into_iter()
            .filter_map(|item| text(item).ok())
            .collect()),
        other => Err(other),
    }
}

/// A date as `Serialize` writes it (what chrono's `Deserialize` reads), or
/// the value handed back.
fn date(value: Value) -> Result<DateTime<FixedOffset>, Value> {
    match value.as_str().map(DateTime::<FixedOffset>::from_str) {
        Some(Ok(date)) => Ok(date),
        _ => Err(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_field_round_trips_through_its_name() {
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
            assert_eq!(Field::ALL[field as usize], field);
        }
    }

    #[test]
    fn stored_forms_of_earlier_versions_read_back() {
        // As kosearch stored them before values were kept aside: the field,
        // then `extra`'s value of the same name.
        let stored = r#"{"id":"a","title":"제목","body":"","body":"","published_at":"어제",
            "title":["x",{"y":1}],"section":null,"tags":3,"reporters":[1,{"a":2}],"views":7}"#;
        let article: Article = serde_json::from_str(stored).unwrap();
        assert_eq!(
            (
                article.id.as_str(),
                article.title.as_str(),
                article.body.as_str()
            ),
            ("a", "제목", "")
        );
        assert_eq!(
            (article.published_at, article.section.as_deref()),
            (None, None)
        );
        assert!(article.tags.is_empty() && article.reporters.is_empty());
        assert_eq!(
            Value::Object(article.extra.clone()),
            json!({"views": 7, "_unread": {
                "published_at": "어제", "title": ["x", {"y": 1}], "tags": 3, "reporters": [1, {"a": 2}]
            }})
        );
        let again: Article =
            serde_json::from_str(&serde_json::to_string(&article).unwrap()).unwrap();
        assert_eq!(again, article);
    }

    #[test]
    fn unread_values_never_overwrite_each_other() {
        let mut article = Article::default();
        article
            .extra
            .insert(UNREAD_KEY.into(), json!("the source's own"));
        article.keep_unread("title", json!([1]));
        article.keep_unread("title", json!([2]));
        article.keep_unread("title", json!([2]));
        assert_eq!(
            article.extra[UNREAD_KEY],
            json!({"_unread": "the source's own", "title": [1], "title#2": [2]})
        );
    }

    #[test]
    fn dates_outside_the_index_are_set_aside() {
        let mut article = Article {
            id: "a".into(),
            published_at: DateTime::parse_from_rfc3339("1000-06-01T00:00:00+09:00").ok(),
            updated_at: DateTime::parse_from_rfc3339("2262-04-11T23:47:16Z").ok(),
            ..Article::default()
        };
        assert!(article.check_storable().is_err());
        let reasons = article.set_aside_unindexable_dates();
        assert_eq!(
            reasons,
            [
                "`published_at` is 1000-06-01, outside the dates an index can hold \
              (1677-09-21 to 2262-04-11); kept in `_unread`"
            ]
        );
        assert_eq!(article.published_at, None);
        assert!(article.updated_at.is_some(), "the last second is indexable");
        assert_eq!(
            article.extra[UNREAD_KEY]["published_at"],
            "1000-06-01T00:00:00+09:00"
        );
        assert_eq!(article.check_storable(), Ok(()));
    }

    #[test]
    fn storable_articles() {
        let good = Article {
            id: "a".into(),
            ..Article::default()
        };
        assert_eq!(good.check_storable(), Ok(()));
        let mut colliding = good.clone();
        colliding.extra.insert("body".into(), json!(""));
        assert!(colliding.check_storable().unwrap_err().contains("`body`"));
        let long = Article {
            id: "x".repeat(MAX_ID_BYTES + 1),
            ..Article::default()
        };
        assert!(long.check_storable().is_err());
        assert!(Article::default().check_storable().is_err());
    }
}
