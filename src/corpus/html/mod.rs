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
//! the lede. Dates are read by [`parse_date`](super::dates::parse_date), in
//! Korea Standard Time when they give no offset.
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

mod authors;
mod body;
mod elements;
mod extract;
mod page;
mod title;

use scraper::{ElementRef, Html};

use self::authors::reporter_names;
use self::body::article_body;
use self::extract::{extract_text, Skip};
use self::page::{Page, PUBLISHED_KEYS, UPDATED_KEYS};
use self::title::strip_site_name;
use super::{collapse_whitespace, title_from_body};
use crate::document::Article;

pub use super::nesting::MAX_DEPTH;

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
    let body = article_body(root, &title, subtitle.as_ref().map(|(element, _)| *element));
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
