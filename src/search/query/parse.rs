//! Parsing a query string into its syntax tree: words, quotes, operators,
//! fields, boosts and dates. Nothing is a syntax error.

use chrono::{Duration, NaiveDate};

use super::ast::{Clause, Group, Item, MetaField, ParsedQuery, TextScope};
use super::{MAX_BOOST, MAX_QUERY_WORDS};
use crate::document::KST;
use crate::{Error, Result};

impl ParsedQuery {
    /// Parses a query. Fails only when it is too long.
    pub fn parse(query: &str) -> Result<ParsedQuery> {
        let lexemes = lex(query);
        let words = lexemes.iter().filter(|l| !matches!(l, Lexeme::Or)).count();
        if words > MAX_QUERY_WORDS {
            return Err(Error::Query(format!(
                "the query has {words} words; at most {MAX_QUERY_WORDS} are allowed"
            )));
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut join_next = false;
        for lexeme in lexemes {
            match lexeme {
                Lexeme::Or => join_next = !groups.is_empty(),
                Lexeme::Item(item) => {
                    match groups.last_mut() {
                        Some(group) if join_next => group.items.push(item),
                        _ => groups.push(Group { items: vec![item] }),
                    }
                    join_next = false;
                }
            }
        }
        let asks = query.trim_end().ends_with(['?', '？']);
        Ok(ParsedQuery { groups, asks })
    }
}

/// A token of the query string.
enum Lexeme {
    Or,
    Item(Item),
}

/// Splits a query into items, honouring quotes (a quote without its pair is
/// plain text).
fn lex(query: &str) -> Vec<Lexeme> {
    let mut lexemes = Vec::new();
    let mut rest = query;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (raw, after) = next_raw(rest);
        rest = after;
        if raw == "OR" {
            lexemes.push(Lexeme::Or);
        } else if raw != "AND"
            && let Some(item) = item(raw)
        {
            lexemes.push(Lexeme::Item(item));
        }
    }
    lexemes
}

/// The next raw token: up to whitespace, except that a quote opened in it
/// runs to its closing quote (and any `^boost` right after). Besides `"`,
/// the single and typographic quotes Korean text uses for names and sayings
/// ('형제의 나라'라고, ‘…’, “…”) group their words when they open the token
/// and close later in the query.
fn next_raw(text: &str) -> (&str, &str) {
    let mut closing: Option<char> = None;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        let rest = &text[index + c.len_utf8()..];
        match closing {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(close) if c == close => closing = None,
            Some(_) => {}
            None => match c {
                '"' if closing_quote(rest).is_some() => closing = Some('"'),
                '\'' | '‘' | '“' if index == 0 => {
                    let close = match c {
                        '\'' => '\'',
                        '‘' => '’',
                        _ => '”',
                    };
                    closing = rest.contains(close).then_some(close);
                }
                c if c.is_whitespace() => return (&text[..index], &text[index..]),
                _ => {}
            },
        }
    }
    (text, "")
}

/// Where the double quote that closes a quoted text starting at `rest`
/// is, past `\"` and `\\` escapes.
fn closing_quote(rest: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(index),
            _ => {}
        }
    }
    None
}

/// The text between double quotes, `\"` and `\\` read as `"` and `\`; `None`
/// when `raw` is not quoted whole.
fn unquote(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?;
    if closing_quote(inner)? + 1 != inner.len() {
        return None;
    }
    let inner = &inner[..inner.len() - 1];
    let mut text = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' | '\\' if escaped => {
                text.push(c);
                escaped = false;
            }
            _ => {
                if escaped {
                    // Not an escape: the backslash stays.
                    text.push('\\');
                    escaped = false;
                }
                text.push(c);
            }
        }
    }
    Some(text)
}

/// Reads one raw token as an item; `None` when nothing is left of it (a lone
/// `-`).
fn item(raw: &str) -> Option<Item> {
    let (negated, raw) = match raw.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        Some(_) => return None,
        None => (false, raw),
    };
    let (raw, boost) = split_boost(raw);
    let clause = field_clause(raw).unwrap_or_else(|| text_clause(TextScope::Anywhere, raw));
    Some(Item {
        clause,
        negated,
        boost,
    })
}

/// `text^2.5` → (`text`, 2.5), any number after the last `^` ([`boost`]);
/// anything else has boost 1.
fn split_boost(raw: &str) -> (&str, f32) {
    match raw.rsplit_once('^') {
        Some((text, number)) if !text.is_empty() => match number.parse::<f32>() {
            Ok(number) => (text, boost(number)),
            Err(_) => (raw, 1.0),
        },
        _ => (raw, 1.0),
    }
}

/// A boost as given (`^2`, `^1e39`, `^-1`, `^inf`), brought into
/// 0..=[`MAX_BOOST`]; not a number counts as 1.
pub(crate) fn boost(number: f32) -> f32 {
    if number.is_nan() {
        1.0
    } else {
        number.clamp(0.0, MAX_BOOST)
    }
}

/// Quoted text and what is glued to its closing quote (a particle:
/// `"인권 행정"에서`), as one text: `인권 행정에서`, which the analyzer reads
/// as the phrase 인권 행정, as it would in a document. `None` when `raw` is
/// not quoted from its start, or quotes again after the closing quote.
fn unquote_glued(raw: &str) -> Option<String> {
    let close = 1 + closing_quote(raw.strip_prefix('"')?)?;
    let suffix = &raw[close + 1..];
    if suffix.contains('"') {
        return None;
    }
    let mut text = unquote(&raw[..=close])?;
    text.push_str(suffix);
    Some(text)
}

/// A plain or quoted text.
fn text_clause(scope: TextScope, raw: &str) -> Clause {
    match unquote_glued(raw) {
        Some(text) => Clause::Text {
            scope,
            text,
            phrase: true,
        },
        // A quote that opens no phrase is read as written, as the analyzer
        // reads it in the documents the text was copied from (사연"의 is
        // 사연 and a particle; with the quote made a space, 의 was a word).
        None => Clause::Text {
            scope,
            text: raw.to_string(),
            phrase: false,
        },
    }
}

/// `field:value`, when the field is one of the query language's and the
/// value is not empty.
fn field_clause(raw: &str) -> Option<Clause> {
    let (field, value) = raw.split_once(':')?;
    if value.is_empty() {
        return None;
    }
    let unquoted = unquote(value);
    let unquoted = unquoted.as_deref().unwrap_or(value).trim();
    let meta = |field| {
        (!unquoted.is_empty()).then(|| Clause::Meta {
            field,
            value: unquoted.to_string(),
        })
    };
    match field.to_ascii_lowercase().as_str() {
        "title" => Some(text_clause(TextScope::Title, value)),
        "body" => Some(text_clause(TextScope::Body, value)),
        "reporter" => meta(MetaField::Reporter),
        "section" => meta(MetaField::Section),
        "source" => meta(MetaField::Source),
        "date" => date_range(unquoted),
        "since" => day_start(unquoted).map(|from| Clause::Date {
            from: Some(from),
            until: None,
        }),
        "until" => day_end(unquoted).map(|until| Clause::Date {
            from: None,
            until: Some(until),
        }),
        _ => None,
    }
}

/// `2023-04-01..2023-04-30`, `2023-04-01..`, `..2023-04-30`, `2023-04-10`,
/// `2023-04`, `2023`.
fn date_range(value: &str) -> Option<Clause> {
    if let Some((from, until)) = value.split_once("..") {
        let from = if from.is_empty() {
            None
        } else {
            Some(day_start(from)?)
        };
        let until = if until.is_empty() {
            None
        } else {
            Some(day_end(until)?)
        };
        return (from.is_some() || until.is_some()).then_some(Clause::Date { from, until });
    }
    Some(Clause::Date {
        from: Some(day_start(value)?),
        until: Some(day_end(value)?),
    })
}

/// The first second of a day, month or year, in Korea Standard Time.
fn day_start(value: &str) -> Option<i64> {
    let (first, _) = period(value)?;
    kst_seconds(first)
}

/// The first second after a day, month or year.
fn day_end(value: &str) -> Option<i64> {
    let (_, next) = period(value)?;
    kst_seconds(next)
}

/// The first day of a period (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, also with `.`
/// or `/`) and the first day after it.
fn period(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = value.split(['-', '.', '/']).collect();
    let number = |i: usize| parts.get(i)?.parse::<u32>().ok();
    let year = i32::try_from(number(0)?).ok()?;
    match parts.len() {
        1 => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        )),
        2 => {
            let first = NaiveDate::from_ymd_opt(year, number(1)?, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            Some((first, next))
        }
        3 => {
            let day = NaiveDate::from_ymd_opt(year, number(1)?, number(2)?)?;
            Some((day, day.checked_add_signed(Duration::days(1))?))
        }
        _ => None,
    }
}

fn kst_seconds(date: NaiveDate) -> Option<i64> {
    Some(
        date.and_hms_opt(0, 0, 0)?
            .and_local_timezone(KST)
            .single()?
            .timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ParsedQuery {
        ParsedQuery::parse(query).unwrap()
    }

    fn text(text: &str) -> Clause {
        Clause::Text {
            scope: TextScope::Anywhere,
            text: text.into(),
            phrase: false,
        }
    }

    fn plain(clause: Clause) -> Item {
        Item {
            clause,
            negated: false,
            boost: 1.0,
        }
    }

    #[test]
    fn plain_words_and_or() {
        let parsed = parse("세종 협약 OR 업무협약");
        assert_eq!(parsed.groups.len(), 2);
        assert_eq!(parsed.groups[0].items, [plain(text("세종"))]);
        assert_eq!(
            parsed.groups[1].items,
            [plain(text("협약")), plain(text("업무협약"))]
        );
    }

    #[test]
    fn single_and_typographic_quotes_group_words() {
        let words = |query: &str| -> Vec<Clause> {
            parse(query)
                .groups
                .into_iter()
                .flat_map(|group| group.items)
                .map(|item| item.clause)
                .collect()
        };
        assert_eq!(
            words("한국을 '형제의 나라'라고 칭한 나라는?"),
            [
                text("한국을"),
                text("'형제의 나라'라고"),
                text("칭한"),
                text("나라는?")
            ]
        );
        assert_eq!(
            words("‘형제의 나라’ “대한 민국”"),
            [text("‘형제의 나라’"), text("“대한 민국”")]
        );
        // A quote that does not open a word, or is never closed, is text.
        assert_eq!(
            words("인형사'를 만든 사업은?"),
            [text("인형사'를"), text("만든"), text("사업은?")]
        );
        assert_eq!(words("'형제의 나라"), [text("'형제의"), text("나라")]);
    }

    #[test]
    fn phrases_negation_fields_boosts() {
        let parsed = parse("\"인권 행정\"^2 -서울 title:협약 section:\"인권/성평등\"");
        let items: Vec<&Item> = parsed.groups.iter().flat_map(|g| &g.items).collect();
        assert_eq!(
            items[0].clause,
            Clause::Text {
                scope: TextScope::Anywhere,
                text: "인권 행정".into(),
                phrase: true
            }
        );
        assert_eq!(items[0].boost, 2.0);
        assert!(items[1].negated);
        assert_eq!(
            items[2].clause,
            Clause::Text {
                scope: TextScope::Title,
                text: "협약".into(),
                phrase: false
            }
        );
        assert_eq!(
            items[3].clause,
            Clause::Meta {
                field: MetaField::Section,
                value: "인권/성평등".into()
            }
        );
    }

    #[test]
    fn a_particle_after_a_closing_double_quote_stays_with_the_phrase() {
        let phrase = |text: &str| Clause::Text {
            scope: TextScope::Anywhere,
            text: text.into(),
            phrase: true,
        };
        let first = |query: &str| parse(query).groups[0].items[0].clone();
        assert_eq!(first("\"인권 행정\"에서").clause, phrase("인권 행정에서"));
        assert_eq!(first("\"인권 행정\"을^2").boost, 2.0);
        assert_eq!(first("\"a \\\"b\\\"\"의").clause, phrase("a \"b\"의"));
        // Quoted again after the closing quote: plain text, as written.
        assert_eq!(
            first("\"인권\"과\"행정\"").clause,
            text("\"인권\"과\"행정\"")
        );
    }

    #[test]
    fn boosts_are_clamped_never_read_as_text() {
        let boost_of = |query: &str| {
            let parsed = parse(query);
            let item = &parsed.groups[0].items[0];
            assert_eq!(item.clause, text("대통령"), "{query}");
            item.boost
        };
        assert_eq!(boost_of("대통령^2.5"), 2.5);
        for huge in [
            "대통령^1e38",
            "대통령^1e39",
            "대통령^inf",
            "대통령^INFINITY",
        ] {
            assert_eq!(boost_of(huge), MAX_BOOST, "{huge}");
        }
        for zero in ["대통령^0", "대통령^0.0", "대통령^-1", "대통령^-inf"] {
            assert_eq!(boost_of(zero), 0.0, "{zero}");
        }
        assert_eq!(boost_of("대통령^nan"), 1.0);
        // Not a number: text.
        assert_eq!(parse("a^b").groups[0].items[0].clause, text("a^b"));
    }

    #[test]
    fn quotes_and_backslashes_are_escaped_inside_double_quotes() {
        let parsed =
            parse(r#"section:"\"특집\" 기사" source:"a\\b" "인권 \"행정\""^2 title:"x\y""#);
        let items: Vec<&Item> = parsed.groups.iter().flat_map(|g| &g.items).collect();
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(
            items[0].clause,
            Clause::Meta {
                field: MetaField::Section,
                value: "\"특집\" 기사".into()
            }
        );
        assert_eq!(
            items[1].clause,
            Clause::Meta {
                field: MetaField::Source,
                value: "a\\b".into()
            }
        );
        assert_eq!(
            items[2].clause,
            Clause::Text {
                scope: TextScope::Anywhere,
                text: "인권 \"행정\"".into(),
                phrase: true
            }
        );
        assert_eq!(items[2].boost, 2.0);
        // A backslash before anything else stays.
        assert_eq!(
            items[3].clause,
            Clause::Text {
                scope: TextScope::Title,
                text: "x\\y".into(),
                phrase: true
            }
        );
    }

    #[test]
    fn dates() {
        let april = |day: u32| kst_seconds(NaiveDate::from_ymd_opt(2023, 4, day).unwrap());
        let may_first = kst_seconds(NaiveDate::from_ymd_opt(2023, 5, 1).unwrap());
        let expected = Clause::Date {
            from: april(1),
            until: may_first,
        };
        assert_eq!(
            parse("date:2023-04-01..2023-04-30").groups[0].items[0].clause,
            expected
        );
        assert_eq!(parse("date:2023-04").groups[0].items[0].clause, expected);
        assert_eq!(
            parse("since:2023.04.10").groups[0].items[0].clause,
            Clause::Date {
                from: april(10),
                until: None
            }
        );
        // Not a date: plain text.
        assert_eq!(
            parse("date:어제").groups[0].items[0].clause,
            text("date:어제")
        );
    }

    #[test]
    fn nothing_is_a_syntax_error() {
        for query in [
            "\"", "-", "title:", "((", ":", "a\"b", "^", "OR", "-\"\"", "date:..", "x^-1",
        ] {
            let parsed = ParsedQuery::parse(query).unwrap();
            assert!(parsed.groups.len() <= 2, "{query}: {parsed:?}");
        }
        // A lone quote is plain text.
        assert_eq!(parse("세종 \"협약").groups.len(), 2);
        assert!(ParsedQuery::parse(&"가 ".repeat(MAX_QUERY_WORDS + 1)).is_err());
    }
}
