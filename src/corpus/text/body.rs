//! The body: its lines without boilerplate, the dateline taken off its
//! start, the sign-off taken off its end, and the paragraphs joined.

use super::byline::{standalone_byline, trailing_byline};
use super::dateline::parse_dateline;
use super::header::is_headline_like;
use super::lines::{
    copyright_holder, is_article_list_heading, is_boilerplate, is_email_only, is_end_mark,
    is_subheading,
};
use super::Meta;
use crate::corpus::names::find_email;

/// A body line, or a paragraph break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item<'a> {
    Line(&'a str),
    Break,
}

/// The body lines without boilerplate; a dropped line breaks the paragraph.
pub(super) fn body_items<'a>(lines: &[&'a str], meta: &mut Meta) -> Vec<Item<'a>> {
    let mut items = Vec::with_capacity(lines.len());
    let mut in_article_list = false;
    for &line in lines {
        if line.is_empty() {
            items.push(Item::Break);
            continue;
        }
        if in_article_list {
            if is_headline_like(line) {
                continue;
            }
            in_article_list = false;
        }
        if is_article_list_heading(line) {
            in_article_list = true;
            items.push(Item::Break);
        } else if is_boilerplate(line) {
            if meta.copyright_holder.is_none() {
                meta.copyright_holder = copyright_holder(line);
            }
            items.push(Item::Break);
        } else {
            items.push(Item::Line(line));
        }
    }
    items
}

/// Lines tried for a dateline, from the start of the body.
const DATELINE_CANDIDATES: usize = 3;

/// Removes a dateline from one of the first body lines.
pub(super) fn strip_dateline(items: &mut [Item<'_>], meta: &mut Meta) {
    let candidates = items
        .iter_mut()
        .filter(|item| matches!(item, Item::Line(_)))
        .take(DATELINE_CANDIDATES);
    for item in candidates {
        let Item::Line(line) = *item else { continue };
        if let Some(dateline) = parse_dateline(line) {
            *item = if dateline.rest.is_empty() {
                Item::Break
            } else {
                Item::Line(dateline.rest)
            };
            meta.add_reporters(dateline.reporters);
            meta.add_email(dateline.email);
            if dateline.source.is_some() {
                meta.source = dateline.source;
            }
            return;
        }
    }
}

/// Removes bylines, e-mail addresses, end marks and headings without a
/// section from the end of the body.
pub(super) fn strip_sign_off(items: &mut Vec<Item<'_>>, meta: &mut Meta) {
    while let Some(at) = items.iter().rposition(|item| matches!(item, Item::Line(_))) {
        let Some(Item::Line(line)) = items.get(at).copied() else {
            return;
        };
        if let Some(byline) = standalone_byline(line) {
            meta.add_byline(byline);
        } else if is_email_only(line) {
            meta.add_email(find_email(line).map(|(_, email)| email));
        } else if is_end_mark(line) || is_subheading(line) {
            // An end mark, or a heading with nothing under it (the links
            // pages list after an article: `▶ 다른 기사 제목`).
        } else {
            if let Some((kept, byline)) = trailing_byline(line) {
                meta.add_byline(byline);
                if let Some(slot) = items.get_mut(at) {
                    *slot = Item::Line(kept);
                }
            }
            return;
        }
        items.truncate(at);
    }
}

/// Joins body lines into paragraphs.
pub(super) fn assemble(items: &[Item<'_>]) -> String {
    let mut body = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut previous: Option<&str> = None;
    let flush = |body: &mut String, paragraph: &mut Vec<&str>| {
        if paragraph.is_empty() {
            return;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&paragraph.join("\n"));
        paragraph.clear();
    };
    for item in items {
        match *item {
            Item::Break => flush(&mut body, &mut paragraph),
            Item::Line(line) if previous == Some(line) => {}
            Item::Line(line) if is_subheading(line) => {
                flush(&mut body, &mut paragraph);
                paragraph.push(line);
                flush(&mut body, &mut paragraph);
                previous = Some(line);
            }
            Item::Line(line) => {
                paragraph.push(line);
                previous = Some(line);
            }
        }
    }
    flush(&mut body, &mut paragraph);
    body
}
