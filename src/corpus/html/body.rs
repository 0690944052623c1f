//! Finding the article text: the first element named as its container,
//! else the element with the most paragraph text (or the `<article>` around
//! it), first without the noise, then with it.

use scraper::ElementRef;

use super::elements::{is_body_container, is_noise, within_noise};
use super::extract::{extract_text, is_block, walk, Event, Skip};
use crate::corpus::collapse_whitespace;

/// The article text of the page under `root` (see the module documentation).
pub(super) fn article_body<'a>(
    root: ElementRef<'a>,
    title: &str,
    subtitle: Option<ElementRef<'a>>,
) -> String {
    let body = root
        .descendent_elements()
        .find(|element| element.value().name() == "body")
        .unwrap_or(root);
    let mut skip = Skip {
        noise: true,
        subtitle,
        title: collapse_whitespace(title),
    };
    for strict in [true, false] {
        skip.noise = strict;
        let explicit = body
            .descendent_elements()
            .filter(|element| is_body_container(*element) && !(strict && within_noise(*element)))
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
                if in_link == 0
                    && let Some(frame) = stack.last_mut()
                {
                    let length = text.chars().filter(|c| !c.is_whitespace()).count();
                    frame.own += length;
                    frame.total += length;
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
