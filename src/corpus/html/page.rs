//! What a page says about its article besides the body: `<meta>` tags
//! (Open Graph, `article:*`, `name=…`, `itemprop`), the JSON-LD object of a
//! `NewsArticle` (or kin), `<title>`, the first `<h1>` and `<time>`, the
//! canonical link, and the element holding the subtitle.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use scraper::ElementRef;
use serde_json::Value;

use super::elements::{is_subtitle, within_noise};
use super::extract::inline_text;
use crate::corpus::collapse_whitespace;
use crate::corpus::dates::parse_date;
use crate::corpus::names::split_tags;

/// `<meta>` keys of the publication time, in order of preference.
pub(super) const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publish-date",
    "publishdate",
    "article.published",
    "dc.date.issued",
    "dc.date",
    "datepublished",
];

/// `<meta>` keys of the update time, in order of preference.
pub(super) const UPDATED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article.updated",
    "datemodified",
];

/// What [`parse`] reads from a page besides the body.
pub(super) struct Page<'a> {
    /// `<meta>` contents (and `itemprop` values) by lower-cased `property`,
    /// `name` or `itemprop`, in page order.
    pub(super) metas: HashMap<String, Vec<&'a str>>,
    /// The text of `<title>`.
    pub(super) title: Option<String>,
    /// The text of the first `<h1>`.
    pub(super) h1: Option<String>,
    /// The first `<time datetime>`.
    pub(super) time: Option<&'a str>,
    /// `<link rel=canonical href>`.
    pub(super) canonical: Option<&'a str>,
    /// The JSON-LD object describing the article.
    pub(super) linked_data: Option<serde_json::Map<String, Value>>,
    /// The element holding the subtitle.
    pub(super) subtitle: Option<ElementRef<'a>>,
}

impl<'a> Page<'a> {
    /// Reads everything but the body from the page under `root`.
    pub(super) fn read(root: ElementRef<'a>) -> Self {
        let mut page = Page {
            metas: HashMap::new(),
            title: None,
            h1: None,
            time: None,
            canonical: None,
            linked_data: None,
            subtitle: None,
        };
        for element in root.descendent_elements() {
            let value = element.value();
            match value.name() {
                "meta" => {
                    if let Some(content) = value.attr("content") {
                        for key in ["property", "name", "itemprop"] {
                            if let Some(key) = value.attr(key) {
                                page.add_meta(key, content);
                            }
                        }
                    }
                    continue;
                }
                "title" if page.title.is_none() => page.title = Some(inline_text(element)),
                "h1" if page.h1.is_none() => page.h1 = Some(inline_text(element)),
                "time" if page.time.is_none() => page.time = value.attr("datetime"),
                "link" if page.canonical.is_none() && has_token(value.attr("rel"), "canonical") => {
                    page.canonical = value.attr("href");
                }
                "script" if page.linked_data.is_none() && is_linked_data(value.attr("type")) => {
                    let json: String = element.text().collect();
                    page.linked_data = serde_json::from_str(&json).ok().and_then(article_object);
                }
                _ => {}
            }
            if let Some(key) = value.attr("itemprop")
                && let Some(content) = value.attr("content").or_else(|| value.attr("datetime"))
            {
                page.add_meta(key, content);
            }
            if page.subtitle.is_none() && is_subtitle(element) && !within_noise(element) {
                page.subtitle = Some(element);
            }
        }
        page
    }

    /// Records `content` under `key`, lower-cased.
    fn add_meta(&mut self, key: &str, content: &'a str) {
        self.metas
            .entry(key.trim().to_ascii_lowercase())
            .or_default()
            .push(content);
    }

    /// The first non-blank `<meta>` content of the first key that has one.
    pub(super) fn meta(&self, keys: &[&str]) -> Option<&'a str> {
        self.all(keys).next()
    }

    /// Every non-blank `<meta>` content of `keys`, key by key.
    pub(super) fn all<'k>(&'k self, keys: &'k [&str]) -> impl Iterator<Item = &'a str> + 'k {
        keys.iter()
            .filter_map(|key| self.metas.get(*key))
            .flatten()
            .copied()
            .filter(|content| !content.trim().is_empty())
    }

    /// The first of `keys` in the JSON-LD object that is text, or an object
    /// or array with text (a `name`, the first item).
    pub(super) fn linked_text(&self, keys: &[&str]) -> Option<String> {
        let object = self.linked_data.as_ref()?;
        keys.iter()
            .filter_map(|key| object.get(*key))
            .find_map(json_text)
            .map(|text| collapse_whitespace(&text))
            .filter(|text| !text.is_empty())
    }

    /// The names in the JSON-LD `author`: text, an object with a `name`
    /// (and `email`), or an array of those.
    pub(super) fn linked_authors(&self) -> Vec<String> {
        let Some(author) = self
            .linked_data
            .as_ref()
            .and_then(|object| object.get("author"))
        else {
            return Vec::new();
        };
        let items = match author {
            Value::Array(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        let mut names = Vec::new();
        for item in items {
            match item {
                Value::String(name) => names.push(name.clone()),
                Value::Object(object) => {
                    let field = |key| object.get(key).and_then(Value::as_str);
                    // The e-mail address goes along with the name, where
                    // `reporter_names` finds it.
                    let name = [field("name"), field("email")].into_iter().flatten();
                    names.push(name.collect::<Vec<_>>().join(" "));
                }
                _ => {}
            }
        }
        names
    }

    /// The first date that parses: from `keys`, from JSON-LD `linked_key`,
    /// then `fallback`.
    pub(super) fn date(
        &self,
        keys: &[&str],
        linked_key: &str,
        fallback: Option<&str>,
    ) -> Option<DateTime<FixedOffset>> {
        self.all(keys)
            .map(str::to_string)
            .chain(self.linked_text(&[linked_key]))
            .chain(fallback.map(str::to_string))
            .find_map(|text| parse_date(&text))
    }

    /// Tags from the first of `article:tag`, `news_keywords`, `keywords` or
    /// JSON-LD `keywords` that has any, without repeats.
    pub(super) fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self.all(&["article:tag"]).flat_map(split_tags).collect();
        if tags.is_empty() {
            tags = self
                .all(&["news_keywords", "keywords"])
                .take(1)
                .flat_map(split_tags)
                .collect();
        }
        if tags.is_empty() {
            tags = match self
                .linked_data
                .as_ref()
                .and_then(|object| object.get("keywords"))
            {
                Some(Value::String(keywords)) => split_tags(keywords),
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .flat_map(split_tags)
                    .collect(),
                _ => Vec::new(),
            };
        }
        let mut unique = Vec::with_capacity(tags.len());
        for tag in tags {
            if !unique.contains(&tag) {
                unique.push(tag);
            }
        }
        unique
    }
}

/// The object of a JSON-LD document that describes an article: the document
/// itself, an item of it, or an item of its `@graph`.
fn article_object(json: Value) -> Option<serde_json::Map<String, Value>> {
    let items = match json {
        Value::Array(items) => items,
        Value::Object(mut object) => match object.remove("@graph") {
            Some(Value::Array(items)) => items,
            Some(graph) => vec![graph],
            None => vec![Value::Object(object)],
        },
        _ => return None,
    };
    items.into_iter().find_map(|item| match item {
        Value::Object(object) if is_article_type(object.get("@type")) => Some(object),
        _ => None,
    })
}

/// Whether a JSON-LD `@type` is an article type (`NewsArticle`, `Article`,
/// `ReportageNewsArticle`, `BlogPosting`, …).
fn is_article_type(kind: Option<&Value>) -> bool {
    let is_article = |kind: &str| kind.ends_with("Article") || kind == "BlogPosting";
    match kind {
        Some(Value::String(kind)) => is_article(kind),
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).any(is_article),
        _ => false,
    }
}

/// Text in a JSON-LD value: the text itself, the `name` of an object, the
/// first item of an array that has text.
fn json_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(object) => object
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        Value::Array(items) => items.iter().find_map(|item| match item {
            Value::String(text) => Some(text.clone()),
            Value::Object(object) => object
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        }),
        _ => None,
    }
}

/// Whether a `<script type>` is JSON-LD.
fn is_linked_data(kind: Option<&str>) -> bool {
    kind.is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"))
}

/// Whether the space-separated `list` holds `token` (ASCII case ignored).
fn has_token(list: Option<&str>, token: &str) -> bool {
    list.is_some_and(|list| {
        list.split_ascii_whitespace()
            .any(|item| item.eq_ignore_ascii_case(token))
    })
}
