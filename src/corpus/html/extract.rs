//! The text of an element: a walk of the tree without recursion in which
//! block elements end paragraphs and `<br>` lines, skipping noise, the
//! subtitle and a heading that repeats the title.

use scraper::{ElementRef, Node};

use super::elements::is_noise;
use crate::corpus::collapse_whitespace;

/// Inline elements: their text belongs to the paragraph around them.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Whether `element` is a block: anything not inline, unknown elements too.
pub(super) fn is_block(element: ElementRef) -> bool {
    !INLINE_ELEMENTS.contains(&element.value().name())
}

/// One step of a depth-first walk.
pub(super) enum Event<'a> {
    /// An element starts; returning `false` skips it and its content.
    Open(ElementRef<'a>),
    /// Text.
    Text(&'a str),
    /// An element that was entered ends.
    Close(ElementRef<'a>),
}

/// Walks `root` and its content depth-first, without recursion.
pub(super) fn walk<'a>(root: ElementRef<'a>, mut visit: impl FnMut(Event<'a>) -> bool) {
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
                if let Some(element) = ElementRef::wrap(child)
                    && visit(Event::Open(element))
                {
                    stack.push((element, element.children()));
                }
            }
            _ => {}
        }
    }
}

/// What [`extract_text`] leaves out besides scripts and the like.
#[derive(Default)]
pub(super) struct Skip<'a> {
    /// Elements marked as noise by class or id.
    pub(super) noise: bool,
    /// The subtitle, taken separately.
    pub(super) subtitle: Option<ElementRef<'a>>,
    /// Headings with this text (the title, whitespace collapsed).
    pub(super) title: String,
}

/// The text of `root` in paragraphs: blocks separated by blank lines, `<br>`
/// as a line break, whitespace collapsed, lines trimmed.
pub(super) fn extract_text(root: ElementRef, skip: &Skip) -> String {
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
pub(super) fn inline_text(element: ElementRef) -> String {
    collapse_whitespace(&element.text().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_from_lines() {
        assert_eq!(paragraphs("\n\n a \nb\n\n\n c  \n\n"), "a\nb\n\nc");
    }
}
