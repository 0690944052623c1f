//! HTML article pages, as saved from Korean news sites.
//!
//! [`parse`] reads the metadata from the page's `<meta>` tags (Open Graph,
//! `article:*`, `name=…`), from its JSON-LD (`NewsArticle` and kin) and from
//! a few elements, and the body from the element that holds the article
//! text:
//!
//! | field | from, first found |
//! |---|---|
//! | `title` | `og:title`, `twitter:title`, JSON-LD `headline`, `<title>`, the first `<h1>`; a trailing site name (` - 연합뉴스`, ` \| 시사저널`) cut; without any, cut from the body as JSON Lines cuts a missing title |
//! | `subtitle` | an element whose class or id says subtitle (`subtitle`, `sub_title`, `subheading`, …), outside navigation and asides |
//! | `published_at` | `article:published_time`, `og:article:published_time`, `<meta name=date\|pubdate\|publish-date\|article.published>`, `itemprop=datePublished`, JSON-LD `datePublished`, the first `<time datetime>` |
//! | `updated_at` | `article:modified_time`, `og:article:modified_time`, `og:updated_time`, `itemprop=dateModified`, JSON-LD `dateModified` |
//! | `section` | `article:section`, `itemprop=articleSection`, JSON-LD `articleSection` |
//! | `source` | `og:site_name`, `application-name`, JSON-LD `publisher` |
//! | `url` | `og:url`, `<link rel=canonical>` |
//! | `reporters`, `email` | `<meta name=author>`, `article:author`, JSON-LD `author`: names without e-mail addresses, links or a `기자` title; the first e-mail address |
//! | `tags` | `article:tag`, `news_keywords`, `keywords`, JSON-LD `keywords` |
//!
//! `og:description` is not taken as the subtitle: news sites fill it with
//! the lede. Dates are read by [`parse_date`], in Korea Standard Time when
//! they give no offset.
//!
//! # Body
//!
//! The body is the text of the article container: the first
//! `[itemprop=articleBody]`, `#articleBody`, `#article-view-content-div`,
//! `#dic_area`, `.article_body`, … with text, else the element with the most
//! paragraph text (its own text and that of its `<p>` and paragraph-like
//! child blocks, links not counted), or the `<article>` around it. Block
//! elements end paragraphs (`\n\n`), `<br>` ends a line (`\n`) and two
//! `<br>` a paragraph. Left out: scripts, styles, forms, `<nav>`, `<aside>`,
//! `<header>`, `<footer>`, hidden elements, elements whose class or id marks
//! them as sharing buttons, ads, related or popular articles, comments,
//! tag lists or menus, and a heading repeating the title. Figure captions
//! stay, once.
//!
//! Any input gives an article, possibly empty; nothing panics, and deep
//! nesting is walked without recursion. Elements nested more than
//! [`MAX_DEPTH`] deep are not kept as elements (their text is), so that no
//! page takes time in the square of its size to parse;
//! [`parse_with_notes`] says when that happened.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use super::dates::parse_date;
use super::names::{as_email, split_names, split_tags};
pub use super::nesting::MAX_DEPTH;
use super::{collapse_whitespace, title_from_body};
use crate::document::Article;

/// Parses an article page. `id` is left empty for the caller to fill (the
/// caller uses the page's canonical URL or the file path).
///
/// ```
/// let article = kosearch::corpus::html::parse(
///     r#"<html><head><title>세종시-서울시 협약 - 연합뉴스</title>
///        <meta property="article:published_time" content="2023-04-10T17:02:00+09:00"></head>
///        <body><nav>홈 | 정치</nav><article><p>세종시는 서울시와 협력한다.</p>
///        <p>두 시는 협약을 맺었다.</p></article></body></html>"#,
/// );
/// assert_eq!(article.title, "세종시-서울시 협약");
/// assert_eq!(article.body, "세종시는 서울시와 협력한다.\n\n두 시는 협약을 맺었다.");
/// assert_eq!(article.published_at.unwrap().to_rfc3339(), "2023-04-10T17:02:00+09:00");
/// ```
pub fn parse(html: &str) -> Article {
    parse_with_notes(html).0
}

/// [`parse`], with what was changed on the way, for a person to read: a
/// note when elements nested more than [`MAX_DEPTH`] deep were flattened.
///
/// ```
/// let page = format!("<title>깊은 페이지</title>{}본문이다.", "<div>".repeat(100_000));
/// let (article, notes) = kosearch::corpus::html::parse_with_notes(&page);
/// assert_eq!(article.body, "본문이다.");
/// assert_eq!(notes.len(), 1);
/// ```
pub fn parse_with_notes(html: &str) -> (Article, Vec<String>) {
    let (document, capped) = super::nesting::parse_document(html);
    let notes = if capped {
        vec![format!(
            "elements nested more than {MAX_DEPTH} deep were read as text of the element above them"
        )]
    } else {
        Vec::new()
    };
    (read(&document), notes)
}

/// The article of a parsed page.
fn read(document: &Html) -> Article {
    let Some(root) = document.tree.root().children().find_map(ElementRef::wrap) else {
        return Article::default();
    };
    let page = Page::read(root);

    let source = page
        .meta(&["og:site_name", "application-name"])
        .map(collapse_whitespace)
        .or_else(|| page.linked_text(&["publisher"]))
        .filter(|source| !source.is_empty());
    let mut site_names: Vec<&str> = page.all(&["og:site_name", "application-name"]).collect();
    if let Some(source) = &source {
        site_names.push(source.as_str());
    }
    let title = page
        .meta(&["og:title", "twitter:title"])
        .map(collapse_whitespace)
        .or_else(|| page.linked_text(&["headline"]))
        .into_iter()
        .chain([page.title.clone(), page.h1.clone()].into_iter().flatten())
        .map(|title| strip_site_name(&title, &site_names))
        .find(|title| !title.is_empty())
        .unwrap_or_default();

    let mut emails = Vec::new();
    let authors = page
        .all(&[
            "author",
            "article:author",
            "og:article:author",
            "dable:author",
        ])
        .map(str::to_string)
        .chain(page.linked_authors());
    let mut reporters: Vec<String> = Vec::new();
    for name in authors.flat_map(|raw| reporter_names(&raw, &mut emails)) {
        if source.as_deref() != Some(name.as_str()) && !reporters.contains(&name) {
            reporters.push(name);
        }
    }

    let subtitle = page.subtitle.and_then(|element| {
        let text = extract_text(element, &Skip::default());
        let plausible = !text.is_empty() && text.chars().count() <= SUBTITLE_MAX_CHARS;
        plausible.then_some((element, text))
    });
    let body = page.body(&title, subtitle.as_ref().map(|(element, _)| *element));
    let title = if title.is_empty() {
        title_from_body(&body)
    } else {
        title
    };
    Article {
        id: String::new(),
        title,
        subtitle: subtitle.map(|(_, text)| text),
        body,
        reporters,
        email: emails.into_iter().next(),
        published_at: page.date(PUBLISHED_KEYS, "datePublished", page.time),
        updated_at: page.date(UPDATED_KEYS, "dateModified", None),
        section: page
            .meta(&["article:section", "og:article:section", "articlesection"])
            .map(collapse_whitespace)
            .or_else(|| page.linked_text(&["articleSection"]))
            .filter(|section| !section.is_empty()),
        source,
        url: page
            .meta(&["og:url"])
            .or(page.canonical)
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(str::to_string),
        tags: page.tags(),
        extra: serde_json::Map::new(),
    }
}

/// A longer "subtitle" is a container, not a subtitle.
const SUBTITLE_MAX_CHARS: usize = 300;

/// `<meta>` keys of the publication time, in order of preference.
const PUBLISHED_KEYS: &[&str] = &[
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
const UPDATED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article.updated",
    "datemodified",
];

/// What [`parse`] reads from a page besides the body.
struct Page<'a> {
    /// The `<html>` element.
    root: ElementRef<'a>,
    /// `<meta>` contents (and `itemprop` values) by lower-cased `property`,
    /// `name` or `itemprop`, in page order.
    metas: HashMap<String, Vec<&'a str>>,
    /// The text of `<title>`.
    title: Option<String>,
    /// The text of the first `<h1>`.
    h1: Option<String>,
    /// The first `<time datetime>`.
    time: Option<&'a str>,
    /// `<link rel=canonical href>`.
    canonical: Option<&'a str>,
    /// The JSON-LD object describing the article.
    linked_data: Option<serde_json::Map<String, Value>>,
    /// The element holding the subtitle.
    subtitle: Option<ElementRef<'a>>,
}

impl<'a> Page<'a> {
    /// Reads everything but the body from the page under `root`.
    fn read(root: ElementRef<'a>) -> Self {
        let mut page = Page {
            root,
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
            if let Some(key) = value.attr("itemprop") {
                if let Some(content) = value.attr("content").or_else(|| value.attr("datetime")) {
                    page.add_meta(key, content);
                }
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
    fn meta(&self, keys: &[&str]) -> Option<&'a str> {
        self.all(keys).next()
    }

    /// Every non-blank `<meta>` content of `keys`, key by key.
    fn all<'k>(&'k self, keys: &'k [&str]) -> impl Iterator<Item = &'a str> + 'k {
        keys.iter()
            .filter_map(|key| self.metas.get(*key))
            .flatten()
            .copied()
            .filter(|content| !content.trim().is_empty())
    }

    /// The first of `keys` in the JSON-LD object that is text, or an object
    /// or array with text (a `name`, the first item).
    fn linked_text(&self, keys: &[&str]) -> Option<String> {
        let object = self.linked_data.as_ref()?;
        keys.iter()
            .filter_map(|key| object.get(*key))
            .find_map(json_text)
            .map(|text| collapse_whitespace(&text))
            .filter(|text| !text.is_empty())
    }

    /// The names in the JSON-LD `author`: text, an object with a `name`
    /// (and `email`), or an array of those.
    fn linked_authors(&self) -> Vec<String> {
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
    fn date(
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
    fn tags(&self) -> Vec<String> {
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

    /// The article text (see the module documentation).
    fn body(&self, title: &str, subtitle: Option<ElementRef<'a>>) -> String {
        let body = self
            .root
            .descendent_elements()
            .find(|element| element.value().name() == "body")
            .unwrap_or(self.root);
        let mut skip = Skip {
            noise: true,
            subtitle,
            title: collapse_whitespace(title),
        };
        for strict in [true, false] {
            skip.noise = strict;
            let explicit = body
                .descendent_elements()
                .filter(|element| {
                    is_body_container(*element) && !(strict && within_noise(*element))
                })
                .map(|element| extract_text(element, &skip))
                .find(|text| !text.is_empty());
            if let Some(text) = explicit {
                return text;
            }
            if let Some(container) = densest_element(body, strict) {
                let container = std::iter::once(container)
                    .chain(container.ancestors().filter_map(ElementRef::wrap))
                    .find(|element| element.value().name() == "article")
                    .unwrap_or(container);
                let text = extract_text(container, &skip);
                if !text.is_empty() {
                    return text;
                }
            }
        }
        String::new()
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

/// Words that end a site name: a title's last part ending in one of these is
/// taken for the site's name even when the page does not name the site.
const PRESS_ENDINGS: &[&str] = &[
    "뉴스",
    "일보",
    "신문",
    "저널",
    "타임즈",
    "타임스",
    "방송",
    "미디어",
    "뉴스1",
    "뉴시스",
    "투데이",
    "데일리",
    "경제",
    "닷컴",
];

/// Separators between a title and a site name.
const TITLE_SEPARATORS: &[&str] = &[" - ", " | ", " :: ", " – ", " — ", " : ", " < "];

/// `title` without a trailing site name: the part after the last separator
/// (` - `, ` | `, …) when it is one of `site_names` or
/// [`looks_like_press`]. The `제목 < 섹션 < 기사본문` pattern of a common
/// Korean news CMS is cut to `제목`.
fn strip_site_name(title: &str, site_names: &[&str]) -> String {
    let mut title = collapse_whitespace(title);
    let cut = TITLE_SEPARATORS
        .iter()
        .filter_map(|separator| title.rfind(separator).map(|at| (at, at + separator.len())))
        .max();
    if let Some((head_end, suffix_start)) = cut {
        let head = title.get(..head_end).unwrap_or_default().trim();
        let suffix = title.get(suffix_start..).unwrap_or_default().trim();
        let is_site =
            site_names.iter().any(|name| same_name(name, suffix)) || looks_like_press(suffix);
        if is_site && !head.is_empty() {
            title = head.to_string();
        }
    }
    let parts: Vec<&str> = title.split(" < ").collect();
    if parts.len() > 1 && parts.last().is_some_and(|last| last.trim() == "기사본문") {
        if let Some(first) = parts
            .first()
            .map(|first| first.trim())
            .filter(|first| !first.is_empty())
        {
            return first.to_string();
        }
    }
    title
}

/// Whether `name` looks like a news site's name: one word of at most 12
/// characters ending like a press name (`연합뉴스`, `한국일보`, `매일경제`),
/// or two words, the second `뉴스` (`KBS 뉴스`, `네이버 뉴스`).
fn looks_like_press(name: &str) -> bool {
    match name.split_whitespace().collect::<Vec<_>>().as_slice() {
        [word] => {
            word.chars().count() <= 12 && PRESS_ENDINGS.iter().any(|ending| word.ends_with(ending))
        }
        [_, "뉴스"] => true,
        _ => false,
    }
}

/// Whether two names are the same, ignoring case and spaces.
fn same_name(a: &str, b: &str) -> bool {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !a.trim().is_empty() && letters(a) == letters(b)
}

/// Titles that follow a reporter's name.
const REPORTER_TITLES: &[&str] = &[
    "선임기자",
    "수습기자",
    "인턴기자",
    "객원기자",
    "전문기자",
    "기자",
    "특파원",
];

/// The names in an author field, adding the e-mail addresses it holds to
/// `emails`: `홍길동 기자 hong@yna.co.kr, 김철수 기자` gives 홍길동 and
/// 김철수. Links and parenthesized parts (`(서울=연합뉴스)`) are dropped.
fn reporter_names(raw: &str, emails: &mut Vec<String>) -> Vec<String> {
    let mut names = Vec::new();
    for part in split_names(&without_parentheses(raw)) {
        let mut words = Vec::new();
        for word in part.split_whitespace() {
            if let Some(email) = as_email(word) {
                if !emails.contains(&email) {
                    emails.push(email);
                }
            } else if !word.contains("://") && !word.starts_with("www.") {
                words.push(word);
            }
        }
        let mut name = words.join(" ");
        while let Some(shorter) = REPORTER_TITLES
            .iter()
            .find_map(|title| name.strip_suffix(title))
            .map(str::trim_end)
        {
            name = shorter.to_string();
        }
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// `text` without the parts in parentheses or brackets.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' | '（' | '［' => depth += 1,
            ')' | ']' | '）' | '］' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}

/// Whether `element` holds the article text by a name news sites use.
fn is_body_container(element: ElementRef) -> bool {
    const IDS: &[&str] = &[
        "articlebody",
        "article-view-content-div",
        "articebody",
        "dic_area",
        "newsct_article",
        "article_body",
        "articlebodycontents",
        "articletxt",
    ];
    const CLASSES: &[&str] = &[
        "article_body",
        "article-body",
        "articlebody",
        "article_txt",
        "news_body",
        "story-news",
    ];
    let value = element.value();
    value
        .attr("itemprop")
        .is_some_and(|prop| prop.trim().eq_ignore_ascii_case("articlebody"))
        || value.id().is_some_and(|id| {
            IDS.iter()
                .any(|known| id.trim().eq_ignore_ascii_case(known))
        })
        || value.classes().any(|class| {
            CLASSES
                .iter()
                .any(|known| class.eq_ignore_ascii_case(known))
        })
}

/// Whether `element`'s class or id says it holds a subtitle.
fn is_subtitle(element: ElementRef) -> bool {
    let value = element.value();
    value.id().into_iter().chain(value.classes()).any(|name| {
        let name: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        name.contains("subtit") || name.contains("subhead")
    })
}

/// Elements never part of the article text.
const NOISE_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "header", "footer", "form",
    "button", "input", "select", "textarea", "label", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "map", "dialog", "menu", "head",
];

/// ARIA roles of page furniture.
const NOISE_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "contentinfo",
    "banner",
    "search",
    "menu",
    "dialog",
];

/// Words in a class or id that mark page furniture.
const NOISE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "btn",
    "button",
    "cmt",
    "comment",
    "comments",
    "footer",
    "gnb",
    "header",
    "keyword",
    "keywords",
    "lnb",
    "login",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "popular",
    "promotion",
    "rank",
    "ranking",
    "recommend",
    "recommended",
    "related",
    "relation",
    "replies",
    "reply",
    "share",
    "sharing",
    "sidebar",
    "sns",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "tag",
    "tags",
    "toolbar",
    "util",
    "utility",
];

/// Whether `element` is left out of the text: by its name, role or hidden
/// state always, by its class and id words when `by_class`. The page's
/// structural elements (`html`, `body`, `main`, `article`) and article
/// containers ([`is_body_container`]) never are.
fn is_noise(element: ElementRef, by_class: bool) -> bool {
    let value = element.value();
    let name = value.name();
    if matches!(name, "html" | "body" | "main" | "article") || is_body_container(element) {
        return false;
    }
    if NOISE_ELEMENTS.contains(&name) {
        return true;
    }
    let hidden_style = value.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    });
    if value.attr("hidden").is_some()
        || value
            .attr("aria-hidden")
            .is_some_and(|hidden| hidden.trim().eq_ignore_ascii_case("true"))
        || value.attr("role").is_some_and(|role| {
            NOISE_ROLES
                .iter()
                .any(|noise| role.trim().eq_ignore_ascii_case(noise))
        })
        || hidden_style
    {
        return true;
    }
    by_class
        && value
            .id()
            .into_iter()
            .chain(value.classes())
            .any(|name| words(name).any(|word| NOISE_WORDS.contains(&word.as_str())))
}

/// Whether an ancestor of `element` is noise (by class too), headers apart:
/// an article's header holds its subtitle.
fn within_noise(element: ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .filter(|ancestor| !is_header(*ancestor))
        .any(|ancestor| is_noise(ancestor, true))
}

/// Whether `element` is a `<header>` or its class or id says header.
fn is_header(element: ElementRef) -> bool {
    let value = element.value();
    value.name() == "header"
        || value
            .id()
            .into_iter()
            .chain(value.classes())
            .any(|name| words(name).any(|word| word == "header"))
}

/// The lower-case words of a class or id: split at non-alphanumerics and at
/// lower-to-upper case changes (`relatedNews` → related, news).
fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_alphanumeric()).flat_map(|part| {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut previous_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && previous_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            word.extend(c.to_lowercase());
        }
        words.push(word);
        words.into_iter().filter(|word| !word.is_empty())
    })
}

/// Inline elements: their text belongs to the paragraph around them.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Whether `element` is a block: anything not inline, unknown elements too.
fn is_block(element: ElementRef) -> bool {
    !INLINE_ELEMENTS.contains(&element.value().name())
}

/// One step of a depth-first walk.
enum Event<'a> {
    /// An element starts; returning `false` skips it and its content.
    Open(ElementRef<'a>),
    /// Text.
    Text(&'a str),
    /// An element that was entered ends.
    Close(ElementRef<'a>),
}

/// Walks `root` and its content depth-first, without recursion.
fn walk<'a>(root: ElementRef<'a>, mut visit: impl FnMut(Event<'a>) -> bool) {
    if !visit(Event::Open(root)) {
        return;
    }
    let mut stack = vec![(root, root.children())];
    while let Some((element, children)) = stack.last_mut() {
        let Some(child) = children.next() else {
            let element = *element;
            stack.pop();
            visit(Event::Close(element));
            continue;
        };
        match child.value() {
            Node::Text(text) => {
                visit(Event::Text(text));
            }
            Node::Element(_) => {
                if let Some(element) = ElementRef::wrap(child) {
                    if visit(Event::Open(element)) {
                        stack.push((element, element.children()));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The block element under `root` with the most paragraph text: text of its
/// own (in inline elements too) plus the text of its `<p>` children and
/// child blocks without blocks inside. Text in links does not count. Ties go
/// to the element that comes first.
fn densest_element(root: ElementRef, by_class: bool) -> Option<ElementRef> {
    struct Frame<'a> {
        element: ElementRef<'a>,
        order: usize,
        own: usize,
        total: usize,
        from_children: usize,
        has_block: bool,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<(usize, usize, ElementRef)> = None;
    let mut opened = 0usize;
    let mut in_link = 0usize;
    walk(root, |event| {
        match event {
            Event::Open(element) => {
                if element != root && is_noise(element, by_class) {
                    return false;
                }
                if element.value().name() == "a" {
                    in_link += 1;
                }
                if is_block(element) {
                    opened += 1;
                    stack.push(Frame {
                        element,
                        order: opened,
                        own: 0,
                        total: 0,
                        from_children: 0,
                        has_block: false,
                    });
                }
            }
            Event::Text(text) => {
                if in_link == 0 {
                    if let Some(frame) = stack.last_mut() {
                        let length = text.chars().filter(|c| !c.is_whitespace()).count();
                        frame.own += length;
                        frame.total += length;
                    }
                }
            }
            Event::Close(element) => {
                if element.value().name() == "a" {
                    in_link = in_link.saturating_sub(1);
                }
                if !is_block(element) {
                    return true;
                }
                let Some(frame) = stack.pop() else {
                    return true;
                };
                let score = frame.own + frame.from_children;
                let better = match best {
                    Some((best_score, best_order, _)) => {
                        score > best_score || (score == best_score && frame.order < best_order)
                    }
                    None => score > 0,
                };
                if better {
                    best = Some((score, frame.order, frame.element));
                }
                if let Some(parent) = stack.last_mut() {
                    parent.total += frame.total;
                    parent.has_block = true;
                    if frame.element.value().name() == "p" || !frame.has_block {
                        parent.from_children += frame.total;
                    }
                }
            }
        }
        true
    });
    best.map(|(_, _, element)| element)
}

/// What [`extract_text`] leaves out besides scripts and the like.
#[derive(Default)]
struct Skip<'a> {
    /// Elements marked as noise by class or id.
    noise: bool,
    /// The subtitle, taken separately.
    subtitle: Option<ElementRef<'a>>,
    /// Headings with this text (the title, whitespace collapsed).
    title: String,
}

/// The text of `root` in paragraphs: blocks separated by blank lines, `<br>`
/// as a line break, whitespace collapsed, lines trimmed.
fn extract_text(root: ElementRef, skip: &Skip) -> String {
    let mut raw = String::new();
    let mut in_pre = 0usize;
    walk(root, |event| {
        match event {
            Event::Open(element) => {
                if element != root
                    && (is_noise(element, skip.noise)
                        || Some(element) == skip.subtitle
                        || is_title_heading(element, &skip.title))
                {
                    return false;
                }
                match element.value().name() {
                    "br" => raw.push('\n'),
                    "pre" => {
                        in_pre += 1;
                        raw.push_str("\n\n");
                    }
                    _ if is_block(element) => raw.push_str("\n\n"),
                    _ => {}
                }
            }
            Event::Text(text) => {
                for c in text.chars() {
                    if c == '\n' && in_pre > 0 {
                        raw.push('\n');
                    } else if c.is_whitespace() {
                        if !raw.ends_with(' ') {
                            raw.push(' ');
                        }
                    } else {
                        raw.push(c);
                    }
                }
            }
            Event::Close(element) => {
                if element.value().name() == "pre" {
                    in_pre = in_pre.saturating_sub(1);
                }
                if is_block(element) {
                    raw.push_str("\n\n");
                }
            }
        }
        true
    });
    paragraphs(&raw)
}

/// Whether `element` is a heading reading `title`.
fn is_title_heading(element: ElementRef, title: &str) -> bool {
    matches!(element.value().name(), "h1" | "h2" | "h3")
        && !title.is_empty()
        && inline_text(element) == title
}

/// Lines trimmed; runs of non-empty lines are paragraphs, separated by a
/// blank line.
fn paragraphs(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut blank = false;
    for line in raw.lines().map(str::trim) {
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank { "\n\n" } else { "\n" });
        }
        text.push_str(line);
        blank = false;
    }
    text
}

/// The text of `element` on one line, whitespace collapsed.
fn inline_text(element: ElementRef) -> String {
    collapse_whitespace(&element.text().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_cut_conservatively() {
        let sites = ["연합뉴스"];
        assert_eq!(
            strip_site_name("세종시-서울시 협약 - 연합뉴스", &sites),
            "세종시-서울시 협약"
        );
        assert_eq!(
            strip_site_name("물가 잡힐까 | 시사저널", &[]),
            "물가 잡힐까"
        );
        assert_eq!(strip_site_name("뉴스 분석 : 네이버 뉴스", &[]), "뉴스 분석");
        assert_eq!(
            strip_site_name("국회 통과 < 정치 < 기사본문 - 한국일보", &[]),
            "국회 통과"
        );
        assert_eq!(
            strip_site_name("대통령 방미 | MBC", &["MBC"]),
            "대통령 방미"
        );
        // Not clearly a site name: kept.
        assert_eq!(
            strip_site_name("대통령 방미 | MBC", &[]),
            "대통령 방미 | MBC"
        );
        assert_eq!(
            strip_site_name("서울 - 부산 고속철 개통", &[]),
            "서울 - 부산 고속철 개통"
        );
        assert_eq!(strip_site_name("2023 올해의 뉴스", &[]), "2023 올해의 뉴스");
        assert_eq!(strip_site_name("특집 : 지역 경제", &[]), "특집 : 지역 경제");
        assert_eq!(
            strip_site_name("대통령 방미 - 외교와 경제", &[]),
            "대통령 방미 - 외교와 경제"
        );
        assert_eq!(strip_site_name("금리 동결 - 매일경제", &[]), "금리 동결");
        assert_eq!(strip_site_name("금리 동결 | SBS 뉴스", &[]), "금리 동결");
        assert_eq!(strip_site_name(" - 연합뉴스", &[]), "- 연합뉴스");
    }

    #[test]
    fn reporter_names_drop_titles_and_addresses() {
        let mut emails = Vec::new();
        let names = reporter_names(
            "(서울=연합뉴스) 홍길동 기자 hong@yna.co.kr, 김철수ㆍ이영희 특파원",
            &mut emails,
        );
        assert_eq!(names, ["홍길동", "김철수", "이영희"]);
        assert_eq!(emails, ["hong@yna.co.kr"]);
        assert_eq!(
            reporter_names("https://www.facebook.com/yonhap", &mut emails),
            Vec::<String>::new()
        );
        assert_eq!(
            reporter_names("박기자 <park@hani.co.kr>", &mut emails),
            ["박"]
        );
        assert_eq!(emails, ["hong@yna.co.kr", "park@hani.co.kr"]);
    }

    #[test]
    fn class_words() {
        let split: Vec<String> = words("relatedNews article_share-box2").collect();
        assert_eq!(split, ["related", "news", "article", "share", "box2"]);
    }

    #[test]
    fn paragraphs_from_lines() {
        assert_eq!(paragraphs("\n\n a \nb\n\n\n c  \n\n"), "a\nb\n\nc");
    }
}
