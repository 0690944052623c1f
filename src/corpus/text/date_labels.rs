//! Dates in header lines with their labels: `입력 2023.04.10 17:02` is the
//! publication time, `수정 …` the update; several on one line. The dates
//! themselves are read by [`corpus::dates`](crate::corpus::dates).

use chrono::{DateTime, FixedOffset};

use crate::corpus::dates::{scan_datetime, Cursor};

/// Which date a labelled date-time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateKind {
    Published,
    Updated,
}

/// Labels of dates, most specific first.
const DATE_LABELS: &[(&str, DateKind)] = &[
    ("기사입력", DateKind::Published),
    ("최초입력", DateKind::Published),
    ("기사승인", DateKind::Published),
    ("최종수정", DateKind::Updated),
    ("최종 수정", DateKind::Updated),
    ("기사수정", DateKind::Updated),
    ("업데이트", DateKind::Updated),
    ("입력", DateKind::Published),
    ("승인", DateKind::Published),
    ("등록", DateKind::Published),
    ("발행", DateKind::Published),
    ("게재", DateKind::Published),
    ("송고", DateKind::Published),
    ("작성", DateKind::Published),
    ("수정", DateKind::Updated),
    ("published", DateKind::Published),
    ("posted", DateKind::Published),
    ("updated", DateKind::Updated),
    ("modified", DateKind::Updated),
];

/// What may follow a date label before the date (`입력일 :`, `수정시간`).
const LABEL_SUFFIXES: &[&str] = &["일시", "일자", "시간", "시각", "날짜", "일", "시"];

/// The dates in a header line, and the byte offset where the first one (or
/// its label) starts. A date without a label is a publication date.
pub(super) fn scan_dates(line: &str) -> (Vec<(DateKind, DateTime<FixedOffset>)>, usize) {
    let mut dates = Vec::new();
    let mut first_at = line.len();
    let mut at = 0;
    let mut previous: Option<char> = None;
    while let Some(rest) = line.get(at..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        let token_start = previous.is_none_or(|p| !p.is_alphanumeric());
        if token_start && let Some((kind, datetime, len)) = labelled_date(rest) {
            dates.push((kind.unwrap_or(DateKind::Published), datetime));
            first_at = first_at.min(at);
            at += len;
            previous = line.get(..at).and_then(|done| done.chars().next_back());
            continue;
        }
        previous = Some(c);
        at += c.len_utf8();
    }
    (dates, first_at)
}

/// A date at the start of `text`, with or without a label: the label's
/// kind (`None` without one), the value and the length in bytes.
pub(super) fn labelled_date(
    text: &str,
) -> Option<(Option<DateKind>, DateTime<FixedOffset>, usize)> {
    let mut cursor = Cursor::new(text);
    let kind = DATE_LABELS
        .iter()
        .find(|(label, _)| cursor.eat_ignore_case(label))
        .map(|&(_, kind)| kind);
    if kind.is_some() {
        for suffix in LABEL_SUFFIXES {
            if cursor.eat(suffix) {
                break;
            }
        }
        cursor.skip_spaces();
        if cursor.eat(":") || cursor.eat("：") {
            cursor.skip_spaces();
        }
    }
    let (datetime, len) = scan_datetime(cursor.rest())?;
    Some((kind, datetime, cursor.pos + len))
}

#[cfg(test)]
mod tests {
    use super::super::tests::kst;
    use super::*;

    #[test]
    fn dates_in_header_lines() {
        let (dates, at) = scan_dates("입력 2023.04.10 17:02 | 수정 2023.04.11. 오전 9:00");
        assert_eq!(at, 0);
        assert_eq!(
            dates,
            [
                (DateKind::Published, kst("2023-04-10T17:02:00+09:00")),
                (DateKind::Updated, kst("2023-04-11T09:00:00+09:00")),
            ]
        );
        let (dates, at) = scan_dates("홍길동 기자 최종수정 : 2023-04-11 09:00");
        assert_eq!(at, "홍길동 기자 ".len());
        assert_eq!(
            dates,
            [(DateKind::Updated, kst("2023-04-11T09:00:00+09:00"))]
        );
        // `수정` inside a word is no label; the date still counts.
        let (dates, _) = scan_dates("조수정 2023.04.10");
        assert_eq!(
            dates,
            [(DateKind::Published, kst("2023-04-10T00:00:00+09:00"))]
        );
        assert!(scan_dates("입력 없음").0.is_empty());
    }
}
