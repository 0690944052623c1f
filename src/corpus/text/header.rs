//! The headline's neighbours: date lines before it, and after it the
//! header: bylines, dates, e-mail addresses, share widgets, a sub-headline,
//! and the box of related headlines some pages print before the body; and
//! what a line needs to be taken for a headline.

use chrono::{DateTime, FixedOffset};

use super::byline::{parse_byline, Byline};
use super::date_labels::{labelled_date, scan_dates, DateKind};
use super::dateline::parse_dateline;
use super::lines::{
    at_most_chars, ends_with_sentence_mark, is_caption, is_email_only, is_korean_sentence,
    is_subheading, is_widget, strip_bullets,
};
use super::{Meta, MAX_META_CHARS, MAX_WIDGET_CHARS};
use crate::corpus::dates::parse_korean_datetime;
use crate::corpus::names::find_email;

/// Lines before the headline read as metadata, at most.
const PRE_TITLE_LINES: usize = 4;

/// Non-blank lines after the headline examined for metadata, at most.
const HEADER_WINDOW: usize = 12;

/// Lines of a sub-headline, at most.
const MAX_SUBTITLE_LINES: usize = 3;

/// Headlines in a box of related articles, at most.
const MAX_RELATED_HEADLINES: usize = 10;

/// Reads date lines (`입력 2023.04.10 17:02`, or a bare date) before the
/// headline; returns the headline's index (past the end when there is none).
pub(super) fn read_pre_title(lines: &[&str], meta: &mut Meta) -> usize {
    let mut at = 0;
    let mut absorbed = 0;
    while let Some(&line) = lines.get(at) {
        if !line.is_empty() {
            if absorbed == PRE_TITLE_LINES {
                break;
            }
            match classify_header(line) {
                Some(HeaderLine::Metadata(info)) if is_date_line(line) => meta.add_header(info),
                _ => break,
            }
            absorbed += 1;
        }
        at += 1;
    }
    at
}

/// Whether the line is a date and nothing else, or starts with a labelled
/// date.
fn is_date_line(line: &str) -> bool {
    let content = strip_bullets(line);
    parse_korean_datetime(content).is_some()
        || labelled_date(content).is_some_and(|(label, ..)| label.is_some())
}

/// What the header tells about the body.
pub(super) struct Header {
    pub(super) subtitle: Option<String>,
    /// Index of the first line that may be body.
    pub(super) body_start: usize,
}

/// Reads the metadata lines after the headline, from `start`.
pub(super) fn read_header(lines: &[&str], start: usize, meta: &mut Meta) -> Header {
    let mut subtitle: Vec<&str> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let (mut seen_header, mut seen_widget) = (false, false);
    let mut body_start = start;
    let mut examined = 0;
    let mut at = start;
    while let Some(&line) = lines.get(at) {
        at += 1;
        if line.is_empty() {
            continue;
        }
        if examined == HEADER_WINDOW {
            break;
        }
        examined += 1;
        match classify_header(line) {
            Some(HeaderLine::Metadata(info)) => meta.add_header(info),
            Some(HeaderLine::Widget) => seen_widget = true,
            None if !seen_header
                && !seen_widget
                && pending.len() < MAX_SUBTITLE_LINES
                && is_headline_like(line) =>
            {
                pending.push(line);
                continue;
            }
            None => break,
        }
        seen_header = true;
        body_start = at;
        subtitle.append(&mut pending);
    }
    if seen_widget {
        body_start = skip_related_headlines(lines, body_start);
    }
    Header {
        subtitle: (!subtitle.is_empty()).then(|| subtitle.join("\n")),
        body_start,
    }
}

/// Skips a box of related headlines starting at `start` (blank lines
/// aside), when a real paragraph follows it; returns where the body starts.
fn skip_related_headlines(lines: &[&str], start: usize) -> usize {
    let mut headlines = 0;
    let mut at = start;
    while let Some(&line) = lines.get(at) {
        if line.is_empty() {
            at += 1;
        } else if is_headline_like(line) {
            headlines += 1;
            if headlines > MAX_RELATED_HEADLINES {
                return start;
            }
            at += 1;
        } else {
            return if headlines > 0 { at } else { start };
        }
    }
    start
}

/// A line of the header.
enum HeaderLine<'a> {
    /// Buttons and the like: no information.
    Widget,
    /// A byline, dates or an e-mail address.
    Metadata(HeaderInfo<'a>),
}

/// The information on a header line.
pub(super) struct HeaderInfo<'a> {
    pub(super) dates: Vec<(DateKind, DateTime<FixedOffset>)>,
    pub(super) byline: Option<Byline<'a>>,
    pub(super) email: Option<String>,
}

/// Classifies a (non-blank, trimmed) line near the headline.
fn classify_header(line: &str) -> Option<HeaderLine<'_>> {
    if !at_most_chars(line, MAX_META_CHARS) || is_korean_sentence(line) {
        return None;
    }
    if is_widget(line) {
        return Some(HeaderLine::Widget);
    }
    let content = strip_bullets(line);
    let bulleted = content.len() != line.len();
    let (dates, dates_at) = scan_dates(content);
    let before_dates = content.get(..dates_at).unwrap_or(content);
    let byline = parse_byline(before_dates).filter(|b| b.trailing_ok && b.prefix.len() <= 3);
    let email = find_email(content).map(|(_, email)| email);
    let email_only = email.is_some() && is_email_only(content);
    if dates.is_empty() && byline.is_none() && !email_only {
        let unknown_bullet = bulleted && at_most_chars(content, MAX_WIDGET_CHARS);
        return unknown_bullet.then_some(HeaderLine::Widget);
    }
    Some(HeaderLine::Metadata(HeaderInfo {
        dates,
        byline,
        email,
    }))
}

/// The longest line, in characters, that can be a headline.
const MAX_HEADLINE_CHARS: usize = 70;

/// Whether the line could be a headline: short, not ending like a sentence,
/// not a caption, a sub-heading or a dateline.
pub(super) fn is_headline_like(line: &str) -> bool {
    !line.is_empty()
        && at_most_chars(line, MAX_HEADLINE_CHARS)
        && !ends_with_sentence_mark(line)
        && !is_caption(line)
        && !is_subheading(line)
        && parse_dateline(line).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_like_lines() {
        assert!(is_headline_like(
            "최민호 세종시장, 고향사랑기부 인증 챌린지 참여"
        ));
        assert!(!is_headline_like("협약을 체결했다."));
        assert!(!is_headline_like("촬영하고 있다 ⓒ세종시 제공"));
        assert!(!is_headline_like("◇ 소제목"));
    }
}
