//! Dates and times as Korean news sources write them, for every reader:
//! [`parse_date`] reads a date field (JSON Lines, HTML metadata),
//! [`parse_korean_datetime`] a date-time as a page prints it, and the
//! scanner under both finds one at the start of a longer text (the text
//! reader's header lines). A time without a zone is Korea Standard Time
//! ([`KST`]); a date without a time is midnight.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::document::KST;

/// Reads a date or date-time as Korean sources write them.
///
/// Accepted: RFC 3339 (`2023-04-10T17:02:00+09:00`, also with a space or a
/// `+0900` offset), RFC 2822 (`Mon, 10 Apr 2023 17:02:00 +0900`), and
/// without an offset, in Korea Standard Time ([`KST`]): `2023-04-10
/// 17:02[:05[.5]]`, `2023.04.10 17:02`, `2023.04.10. 오후 5:02`,
/// `2023/04/10 17:02`, `2023년 4월 10일 17:02`, and dates alone
/// (`2023-04-10`, `2023.04.10`, `2023/04/10`, `2023년 4월 10일`, `20230410`)
/// at midnight. Everything but RFC 2822 and the compact form is read by
/// [`parse_korean_datetime`].
///
/// ```
/// use kosearch::corpus::dates::parse_date;
///
/// let date = parse_date("2023.04.10. 오후 5:02").unwrap();
/// assert_eq!(date.to_rfc3339(), "2023-04-10T17:02:00+09:00");
/// assert!(parse_date("어제").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .ok()
        .or_else(|| parse_korean_datetime(text))
        .or_else(|| {
            // Compact `20230410`.
            let date = NaiveDate::parse_from_str(text, "%Y%m%d").ok()?;
            date.and_time(NaiveTime::MIN)
                .and_local_timezone(KST)
                .single()
        })
}

/// Parses a date-time as Korean news sites print it. A time without a zone
/// is Korea Standard Time ([`KST`]); a date without a time is midnight.
///
/// The whole string (trimmed) must be the date-time. Accepted:
///
/// * dates `2023.04.10`, `2023.04.10.`, `2023. 4. 10.`, `2023-04-10`,
///   `2023/04/10`, `2023년 4월 10일`, optionally followed by a weekday,
///   `(월)` or `(월요일)`; years 1900 to 2199;
/// * times `17:02`, `17:02:33`, `17:02:33.120`, `17시 2분`, `17시 2분 33초`,
///   with `오전`/`오후` (or `AM`/`PM`, before or after) on a 12-hour clock;
/// * ISO 8601 `2023-04-10T17:02:00`, with an offset (`+09:00`, `+0900`,
///   `Z`) kept as given; a trailing `KST` or `(KST)`.
///
/// ```
/// use kosearch::corpus::dates::parse_korean_datetime;
///
/// let expected = "2023-04-10T17:02:00+09:00";
/// for s in ["2023.04.10 17:02", "2023-04-10 17:02", "2023.04.10. 오후 5:02",
///           "2023년 4월 10일 오후 5시 2분", "2023-04-10T08:02:00Z"] {
///     let parsed = parse_korean_datetime(s).unwrap();
///     assert_eq!(parsed.with_timezone(&kosearch::document::KST).to_rfc3339(), expected);
/// }
/// assert_eq!(parse_korean_datetime("2023.04.10 17:02:33").unwrap().to_rfc3339(),
///            "2023-04-10T17:02:33+09:00");
/// assert!(parse_korean_datetime("2023.13.01").is_none());
/// assert!(parse_korean_datetime("승인 2023.04.10 17:02").is_none());
/// ```
pub fn parse_korean_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let (datetime, consumed) = scan_datetime(s)?;
    (consumed == s.len()).then_some(datetime)
}

/// A position in a string being scanned.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor<'a> {
    text: &'a str,
    /// The byte offset reached.
    pub(super) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    pub(super) fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub(super) fn eat(&mut self, prefix: &str) -> bool {
        let found = self.rest().starts_with(prefix);
        if found {
            self.pos += prefix.len();
        }
        found
    }

    pub(super) fn eat_ignore_case(&mut self, word: &str) -> bool {
        let found = self
            .rest()
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word));
        if found {
            self.pos += word.len();
        }
        found
    }

    /// Skips white space; whether there was any.
    pub(super) fn skip_spaces(&mut self) -> bool {
        let rest = self.rest();
        let skipped = rest.len() - rest.trim_start().len();
        self.pos += skipped;
        skipped > 0
    }

    /// Exactly `n` ASCII digits, whatever follows them.
    fn fixed_digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.rest().get(..n)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value = digits.parse().ok()?;
        self.pos += n;
        Some(value)
    }

    /// A number of `min` to `max` ASCII digits, not followed by another.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let rest = self.rest();
        let digits = rest
            .bytes()
            .take(max + 1)
            .take_while(u8::is_ascii_digit)
            .count();
        if digits < min || digits > max {
            return None;
        }
        let value = rest.get(..digits)?.parse().ok()?;
        self.pos += digits;
        Some(value)
    }
}

/// A date-time at the start of `text`, and its length in bytes.
pub(super) fn scan_datetime(text: &str) -> Option<(DateTime<FixedOffset>, usize)> {
    let mut cursor = Cursor::new(text);
    let (date, iso) = scan_date(&mut cursor)?;
    let mut after_weekday = cursor;
    after_weekday.skip_spaces();
    if scan_weekday(&mut after_weekday) {
        cursor = after_weekday;
    }
    let mut timed = cursor;
    let (time, offset) = match scan_time(&mut timed, iso) {
        Some(found) => {
            cursor = timed;
            found
        }
        None => (NaiveTime::MIN, None),
    };
    let offset = match offset {
        Some(offset) => offset,
        None => {
            let mut zoned = cursor;
            zoned.skip_spaces();
            if zoned.eat("KST") || zoned.eat("(KST)") {
                cursor = zoned;
            }
            KST
        }
    };
    let datetime = offset.from_local_datetime(&date.and_time(time)).single()?;
    Some((datetime, cursor.pos))
}

/// How the parts of a date are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// `2023.04.10`, `2023. 4. 10.`
    Dots,
    /// `2023-04-10`
    Dashes,
    /// `2023/04/10`
    Slashes,
    /// `2023년 4월 10일`
    Korean,
}

/// A date; whether it is ISO 8601 (so a `T` may follow).
fn scan_date(cursor: &mut Cursor<'_>) -> Option<(NaiveDate, bool)> {
    let year = cursor.number(4, 4)?;
    if !(1900..2200).contains(&year) {
        return None;
    }
    let style = if cursor.eat(".") {
        DateStyle::Dots
    } else if cursor.eat("-") {
        DateStyle::Dashes
    } else if cursor.eat("/") {
        DateStyle::Slashes
    } else {
        cursor.skip_spaces();
        cursor.eat("년").then_some(DateStyle::Korean)?
    };
    let spaced = matches!(style, DateStyle::Dots | DateStyle::Korean);
    if spaced {
        cursor.skip_spaces();
    }
    let month = cursor.number(1, 2)?;
    if spaced {
        cursor.skip_spaces();
    }
    let separated = match style {
        DateStyle::Dots => cursor.eat("."),
        DateStyle::Dashes => cursor.eat("-"),
        DateStyle::Slashes => cursor.eat("/"),
        DateStyle::Korean => cursor.eat("월"),
    };
    if !separated {
        return None;
    }
    if spaced {
        cursor.skip_spaces();
    }
    let day = cursor.number(1, 2)?;
    match style {
        DateStyle::Dots => {
            cursor.eat(".");
        }
        DateStyle::Korean => {
            cursor.skip_spaces();
            if !cursor.eat("일") {
                return None;
            }
        }
        DateStyle::Dashes | DateStyle::Slashes => {}
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some((date, style == DateStyle::Dashes))
}

/// A weekday in brackets: `(월)`, `(월요일)`, `(Mon)`.
fn scan_weekday(cursor: &mut Cursor<'_>) -> bool {
    let mut probe = *cursor;
    if !probe.eat("(") {
        return false;
    }
    const KOREAN_DAYS: [char; 7] = ['월', '화', '수', '목', '금', '토', '일'];
    if let Some(day) = probe.peek().filter(|c| KOREAN_DAYS.contains(c)) {
        probe.pos += day.len_utf8();
        probe.eat("요일");
    } else {
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        if !DAYS.iter().any(|day| probe.eat_ignore_case(day)) {
            return false;
        }
    }
    if probe.eat(")") {
        *cursor = probe;
        true
    } else {
        false
    }
}

/// Morning or afternoon on a 12-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

fn scan_meridiem(cursor: &mut Cursor<'_>) -> Option<Meridiem> {
    if cursor.eat("오전") || cursor.eat_ignore_case("am") || cursor.eat_ignore_case("a.m.") {
        Some(Meridiem::Am)
    } else if cursor.eat("오후") || cursor.eat_ignore_case("pm") || cursor.eat_ignore_case("p.m.")
    {
        Some(Meridiem::Pm)
    } else {
        None
    }
}

/// A time after a date, with its zone offset when one is given.
fn scan_time(cursor: &mut Cursor<'_>, iso: bool) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let separated = cursor.skip_spaces() || (iso && (cursor.eat("T") || cursor.eat("t")));
    if !separated {
        return None;
    }
    let mut meridiem = scan_meridiem(cursor);
    if meridiem.is_some() {
        cursor.skip_spaces();
    }
    let hour = cursor.number(1, 2)?;
    let (mut minute, mut second, mut nano) = (0, 0, 0);
    if cursor.eat(":") {
        minute = cursor.number(2, 2)?;
        if cursor.eat(":") {
            second = cursor.number(2, 2)?;
            let mut fraction = *cursor;
            if fraction.eat(".") {
                let digits = fraction
                    .rest()
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                if (1..=9).contains(&digits) {
                    let value: u32 = fraction.rest().get(..digits)?.parse().ok()?;
                    let scale = 10u32.pow(u32::try_from(9 - digits).ok()?);
                    nano = value * scale;
                    fraction.pos += digits;
                    *cursor = fraction;
                }
            }
        }
    } else if cursor.eat("시") {
        let mut minutes = *cursor;
        minutes.skip_spaces();
        if let Some(value) = minutes.number(1, 2)
            && minutes.eat("분")
        {
            minute = value;
            *cursor = minutes;
            let mut seconds = *cursor;
            seconds.skip_spaces();
            if let Some(value) = seconds.number(1, 2)
                && seconds.eat("초")
            {
                second = value;
                *cursor = seconds;
            }
        }
    } else {
        return None;
    }
    if meridiem.is_none() {
        let mut after = *cursor;
        after.skip_spaces();
        meridiem = scan_meridiem(&mut after);
        if meridiem.is_some() {
            *cursor = after;
        }
    }
    let hour = match meridiem {
        None => hour,
        Some(_) if hour > 12 => return None,
        Some(Meridiem::Am) => hour % 12,
        Some(Meridiem::Pm) => hour % 12 + 12,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    Some((time, scan_offset(cursor)))
}

/// A zone offset: `Z`, `+09:00`, `+0900`.
fn scan_offset(cursor: &mut Cursor<'_>) -> Option<FixedOffset> {
    if cursor.eat("Z") || cursor.eat("z") {
        return FixedOffset::east_opt(0);
    }
    let mut probe = *cursor;
    let sign = if probe.eat("+") {
        1
    } else if probe.eat("-") {
        -1
    } else {
        return None;
    };
    let hours = i32::try_from(probe.fixed_digits(2)?).ok()?;
    probe.eat(":");
    let minutes = i32::try_from(probe.fixed_digits(2)?).ok()?;
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?;
    *cursor = probe;
    Some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_accepted_form() {
        let cases = [
            ("2023-04-10T17:02:00+09:00", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10T08:02:00Z", "2023-04-10T08:02:00+00:00"),
            ("2023-04-10 17:02:00+09:00", "2023-04-10T17:02:00+09:00"),
            (
                "2023-04-10T17:02:00.250+0900",
                "2023-04-10T17:02:00.250+09:00",
            ),
            (
                "Mon, 10 Apr 2023 17:02:00 +0900",
                "2023-04-10T17:02:00+09:00",
            ),
            ("2023-04-10", "2023-04-10T00:00:00+09:00"),
            ("2023-04-10 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10 17:02:05", "2023-04-10T17:02:05+09:00"),
            ("2023-04-10T17:02:05", "2023-04-10T17:02:05+09:00"),
            ("2023.04.10 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023.04.10. 오전 9:05", "2023-04-10T09:05:00+09:00"),
            ("2023.04.10. 오후 5:02", "2023-04-10T17:02:00+09:00"),
            ("2023/04/10 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023년 4월 10일", "2023-04-10T00:00:00+09:00"),
            ("20230410", "2023-04-10T00:00:00+09:00"),
            ("  2023.04.10  ", "2023-04-10T00:00:00+09:00"),
        ];
        for (text, expected) in cases {
            let parsed = parse_date(text).map(|date| date.to_rfc3339());
            assert_eq!(parsed.as_deref(), Some(expected), "{text}");
        }
        for text in [
            "",
            "어제",
            "2023-13-01",
            "2023-02-30",
            "10/04/2023",
            "-262143-01-01 00:00",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn datetime_formats() {
        let cases = [
            ("2023.04.10 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023.04.10. 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023. 4. 10. 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023/04/10 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023.04.10 17:02:33", "2023-04-10T17:02:33+09:00"),
            ("2023.04.10. 오후 5:02", "2023-04-10T17:02:00+09:00"),
            ("2023.04.10 오전 9:05", "2023-04-10T09:05:00+09:00"),
            ("2023.04.10 오전 12:30", "2023-04-10T00:30:00+09:00"),
            ("2023.04.10 오후 12:30", "2023-04-10T12:30:00+09:00"),
            ("2023.04.10 5:02 PM", "2023-04-10T17:02:00+09:00"),
            ("2023년 4월 10일 17시 2분", "2023-04-10T17:02:00+09:00"),
            ("2023년 04월 10일 오후 5시", "2023-04-10T17:00:00+09:00"),
            ("2023년4월10일 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023.04.10(월) 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023.04.10 (월요일) 17:02", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10 17:02 KST", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10T17:02:00", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10T17:02:00+09:00", "2023-04-10T17:02:00+09:00"),
            ("2023-04-10T08:02:00Z", "2023-04-10T08:02:00+00:00"),
            (
                "2023-04-10T17:02:00.250+0900",
                "2023-04-10T17:02:00.250+09:00",
            ),
            ("2023.04.10", "2023-04-10T00:00:00+09:00"),
            ("  2023.04.10 17:02  ", "2023-04-10T17:02:00+09:00"),
        ];
        for (text, expected) in cases {
            let parsed = parse_korean_datetime(text).map(|date| date.to_rfc3339());
            assert_eq!(parsed.as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn datetime_rejects() {
        for text in [
            "",
            "2023",
            "2023.13.01",
            "2023.02.30",
            "2023.04.10 25:00",
            "2023.04.10 17:60",
            "2023.04.10 오후 13:00",
            "2023-04-10 17",
            "20230.04.10",
            "0999.04.10",
            "2023.04-10",
            "2023년 4월 10",
            "입력 2023.04.10",
            "2023.04.10 17:02 뒤에 글",
            "2023-04-10T17:02:00+99:00",
        ] {
            assert_eq!(parse_korean_datetime(text), None, "{text}");
        }
    }
}
