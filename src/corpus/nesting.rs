//! HTML parsing with a bound on how deep elements nest.
//!
//! html5ever's tree builder checks the scope of many tags by walking its
//! stack of open elements, so a page of N nested elements takes time in N²:
//! 200,000 nested `<div>`s (2.2 MB) took two minutes, 540 KB of nested
//! `<ul><li>` six seconds. Browsers bound the depth for the same reason
//! (Blink at 512). [`parse_document`] puts a filter between html5ever's
//! tokenizer and tree builder that follows the stack of open elements and,
//! once it is [`MAX_DEPTH`] deep, drops further start tags and their end
//! tags: their text still reaches the tree, in the deepest element kept.
//! Elements whose content the tokenizer reads differently (`<script>`,
//! `<style>`, `<textarea>`, `<title>`, …) are never dropped, so that no
//! script text becomes page text.
//!
//! The filter sees tokens, not the tree builder's stack, so it follows the
//! stack by the rules that shape it most: void elements, end tags that
//! close up to their element (and stop where the HTML standard stops
//! them), and the start tags that close an open element (`<p>`, `<li>`,
//! `<dt>`, `<dd>`, `<option>`, table rows and cells, headings). A page
//! within the bound parses exactly as without the filter.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult};
use scraper::{Html, HtmlTreeSink};

/// Elements nested deeper than this are not kept as elements (their text
/// is), as in Blink.
pub const MAX_DEPTH: usize = 512;

/// Parses a page as [`Html::parse_document`] does, nesting elements at most
/// [`MAX_DEPTH`] deep; `true` with it when tags were dropped for that.
pub(crate) fn parse_document(html: &str) -> (Html, bool) {
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(DepthCap::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // A script or an encoding declaration only pauses the tokenizer (for a
    // browser to act on it), as in html5ever's own driver.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let cap = tokenizer.sink;
    let capped = cap.dropped_any.get();
    (cap.inner.sink.finish(), capped)
}

/// A token sink that passes tokens on to `inner`, less the start tags that
/// would nest deeper than [`MAX_DEPTH`] and their end tags.
struct DepthCap<S> {
    inner: S,
    /// The open elements as the filter follows them, outermost first; never
    /// longer than [`MAX_DEPTH`].
    open: RefCell<Vec<LocalName>>,
    /// Start tags dropped and not yet closed, innermost last.
    dropped: RefCell<Vec<LocalName>>,
    dropped_any: Cell<bool>,
}

impl<S> DepthCap<S> {
    fn new(inner: S) -> Self {
        DepthCap {
            inner,
            open: RefCell::new(Vec::new()),
            dropped: RefCell::new(Vec::new()),
            dropped_any: Cell::new(false),
        }
    }

    /// Whether the start tag `name` is kept; follows the stack either way.
    fn start(&self, name: &LocalName, self_closing: bool) -> bool {
        let mut open = self.open.borrow_mut();
        let tag: &str = name;
        if is_void(tag) || (self_closing && in_foreign_content(&open)) {
            return true;
        }
        if ignored_when_open(tag) && open.iter().any(|open| &**open == tag) {
            return true;
        }
        close_implied(&mut open, tag);
        open_implied(&mut open, tag);
        if open.len() >= MAX_DEPTH && !reads_raw_text(tag) {
            self.dropped.borrow_mut().push(name.clone());
            self.dropped_any.set(true);
            return false;
        }
        if open.len() < MAX_DEPTH {
            open.push(name.clone());
        }
        true
    }

    /// Whether the end tag `name` is kept; follows the stack either way.
    fn end(&self, name: &LocalName) -> bool {
        let mut dropped = self.dropped.borrow_mut();
        if dropped.last() == Some(name) {
            dropped.pop();
            return false;
        }
        let mut open = self.open.borrow_mut();
        let tag: &str = name;
        let special = is_special(tag);
        for index in (0..open.len()).rev() {
            let element: &str = &open[index];
            if element == tag {
                open.truncate(index);
                break;
            }
            // Where the standard stops looking for the element: a generic
            // end tag at any special element, a special one at the edge of
            // its scope.
            if (!special && is_special(element)) || (special && is_scope_boundary(element)) {
                break;
            }
        }
        true
    }
}

impl<S: TokenSink> TokenSink for DepthCap<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<S::Handle> {
        if let Token::TagToken(tag) = &token {
            let kept = match tag.kind {
                TagKind::StartTag => self.start(&tag.name, tag.self_closing),
                TagKind::EndTag => self.end(&tag.name),
            };
            if !kept {
                return TokenSinkResult::Continue;
            }
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Closes what a start tag of `tag` closes: an open `<p>` before a block,
/// the previous list item, definition term or description, option, row or
/// cell, heading.
fn close_implied(open: &mut Vec<LocalName>, tag: &str) {
    let closes = |open: &mut Vec<LocalName>, names: &[&str], stop: fn(&str) -> bool| {
        for index in (0..open.len()).rev() {
            let element: &str = &open[index];
            if names.contains(&element) {
                open.truncate(index);
                return;
            }
            if stop(element) {
                return;
            }
        }
    };
    if closes_p(tag) {
        closes(open, &["p"], is_button_scope_boundary);
    }
    match tag {
        "li" => closes(open, &["li"], |e| {
            is_special(e) && !matches!(e, "address" | "div" | "p")
        }),
        "dd" | "dt" => closes(open, &["dd", "dt"], |e| {
            is_special(e) && !matches!(e, "address" | "div" | "p")
        }),
        "td" | "th" => closes(open, &["td", "th"], |e| e == "table"),
        "tr" => closes(open, &["tr", "td", "th"], |e| e == "table"),
        "tbody" | "thead" | "tfoot" => {
            closes(open, &["tbody", "thead", "tfoot", "tr", "td", "th"], |e| {
                e == "table"
            })
        }
        "option" | "optgroup" if open.last().is_some_and(|last| &**last == "option") => {
            open.pop();
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            if open
                .last()
                .is_some_and(|last| matches!(&**last, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) =>
        {
            open.pop();
        }
        "a" | "nobr" | "button" => closes(open, &[tag], is_scope_boundary),
        _ => {}
    }
}

/// Opens the table parts a row or a cell implies (`<tbody>`, `<tr>`), which
/// the tree builder adds to its stack.
fn open_implied(open: &mut Vec<LocalName>, tag: &str) {
    let last = open.last().map(|last| last.to_string());
    let mut implied = |name: &str| {
        if open.len() < MAX_DEPTH {
            open.push(LocalName::from(name));
        }
    };
    match (tag, last.as_deref()) {
        ("tr", Some("table")) => implied("tbody"),
        ("td" | "th", Some("table")) => {
            implied("tbody");
            implied("tr");
        }
        ("td" | "th", Some("tbody" | "thead" | "tfoot")) => implied("tr"),
        _ => {}
    }
}

/// Elements without content or end tag.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags the tree builder ignores when such an element is open (their
/// attributes go to the open one).
fn ignored_when_open(tag: &str) -> bool {
    matches!(tag, "html" | "head" | "body" | "form" | "frameset")
}

/// Inside `<svg>` or `<math>`, where `<path/>` closes itself.
fn in_foreign_content(open: &[LocalName]) -> bool {
    open.iter()
        .any(|element| matches!(&**element, "svg" | "math"))
}

/// Elements whose content the tokenizer does not read as markup.
fn reads_raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Start tags that close an open `<p>` (in button scope).
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "li"
            | "dd"
            | "dt"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
    )
}

/// Where the standard's "has an element in scope" stops looking.
fn is_scope_boundary(tag: &str) -> bool {
    matches!(
        tag,
        "applet"
            | "caption"
            | "html"
            | "table"
            | "td"
            | "th"
            | "marquee"
            | "object"
            | "template"
            | "svg"
            | "math"
    )
}

/// Where "has an element in button scope" stops looking.
fn is_button_scope_boundary(tag: &str) -> bool {
    is_scope_boundary(tag) || tag == "button"
}

/// The standard's special elements: a generic end tag does not close past
/// them.
fn is_special(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element names from the root down to the deepest element.
    fn deepest_path(html: &Html) -> usize {
        html.tree
            .nodes()
            .map(|node| node.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn pages_within_the_bound_parse_as_without_the_filter() {
        let pages = [
            "<html><head><title>제목</title></head><body><div><p>하나<p>둘<div>셋</div></div></body></html>",
            "<ul><li>가<li>나<ul><li>다</ul><li>라</ul><dl><dt>a<dd>b<dt>c</dl>",
            "<table><tr><td>1<td>2<tr><td>3</table><select><option>a<option>b</select>",
            "<p>a<b>b<i>c</b>d</i>e</p><a href=x>1<a href=y>2</a><h1>x<h2>y</h2>",
            "<svg><path/><circle/></svg><math><mi>x</mi></math><script>if (a<b) {}</script>",
            "<form><form><input></form><span><div>x</span></div><br/><div/>z",
        ];
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let files: Vec<String> = ["html", "fuzz/html_reader"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(fixtures.join(dir)).unwrap())
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_file())
            .map(|path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned())
            .collect();
        assert!(files.len() > 10);
        for page in pages
            .iter()
            .copied()
            .chain(files.iter().map(String::as_str))
        {
            let (capped, dropped) = parse_document(page);
            assert!(!dropped, "{page}");
            assert_eq!(
                capped.root_element().html(),
                Html::parse_document(page).root_element().html(),
                "{page}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_cut_at_the_bound_and_its_text_kept() {
        for (open, close) in [
            ("<div>", "</div>"),
            ("<ul><li>", ""),
            ("<span>", ""),
            ("<b>", "</b>"),
            ("<table><tr><td>", ""),
            ("<div/>", ""),
        ] {
            let page = format!("{}깊은 글{}", open.repeat(5_000), close.repeat(5_000));
            let (html, dropped) = parse_document(&page);
            assert!(dropped, "{open}");
            let depth = deepest_path(&html);
            assert!(depth <= MAX_DEPTH + 8, "{open}: {depth}");
            let text: String = html.root_element().text().collect();
            assert!(text.contains("깊은 글"), "{open}");
        }
    }

    #[test]
    fn a_script_is_never_dropped() {
        let page = format!(
            "{}<script>var x = '<p>숨은 글</p>';</script>보이는 글",
            "<span>".repeat(MAX_DEPTH + 10)
        );
        let (html, dropped) = parse_document(&page);
        assert!(dropped);
        let script: String = html
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|element| element.value().name() == "script")
            .flat_map(|element| element.text())
            .collect();
        assert!(script.contains("숨은 글"), "{script}");
    }
}
