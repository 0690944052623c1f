//! The query language, and its translation into tantivy queries.
//!
//! | syntax | meaning |
//! |---|---|
//! | `세종 협약` | both words (AND); in a question (plain words ending in `?`, or 4 or more plain words), any of them, best matches first, leaving out words that are in most documents (있, 하, 되) unless nothing else is left |
//! | `세종 OR 서울` | either word |
//! | `"인권 행정"` | the words in this order, adjacent |
//! | `'형제의 나라'라고`, `‘…’`, `“…”` | one word group, like a compound word: a phrase, but in a question its words need not be adjacent, only count more when they are |
//! | `-서울` | not this word (also `-"a phrase"`, `-section:행정`) |
//! | `title:협약`, `body:협약` | in the title / the body only (also `title:"업무 협약"`) |
//! | `reporter:이상욱`, `section:행정`, `source:뉴시스` | exact metadata values (quote values with spaces) |
//! | `date:2023-04-01..2023-04-30`, `date:2023-04`, `since:2023-04-01`, `until:2023-04-30` | publication dates (Korea Standard Time, whole days); a bound beyond what an index holds ([`INDEXABLE_SECONDS`]) is its edge |
//! | `협약^2`, `"인권 행정"^3`, `title:협약^2` | boosts, from 0 to [`MAX_BOOST`] |
//!
//! Words pass through the index's analyzer, like documents: particles and
//! endings are ignored (`서울시와` is `서울시`), verbs match by stem, and a
//! compound word matches its parts at adjacent positions (`세종시` finds
//! `세종 시` and `세종시`). Inside double quotes, `\"` is a quote and `\\` a
//! backslash (`section:"\"특집\" 기사"`). Nothing is a syntax error: anything that does not
//! parse as an operator (`?`, a lone quote, parentheses, an unknown `field:`)
//! is read as plain text, so a question such as `세종시와 서울시가 맺은
//! 협약은?` just works.

use std::ops::Bound;

use chrono::{Duration, NaiveDate};
use tantivy::query::{
    AllQuery, BooleanQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::word_union::{FieldQuery, WordUnionQuery};
use crate::analysis::{Analyzer, HangulBigramTokenizer, TermKind};
use crate::document::{INDEXABLE_SECONDS, KST};
use crate::index::Fields;
use crate::{Error, Result};
use tantivy::tokenizer::{TokenStream, Tokenizer};

/// Most words a query may have.
pub const MAX_QUERY_WORDS: usize = 1024;

/// The largest boost (`협약^1000`); larger ones, `^inf` among them, count as
/// this. A boost multiplies a word's BM25 score, and without a bound
/// `대통령^1e38` overflowed every score to infinity. Boosts below 0 count as
/// 0 (the word must match but adds nothing to the score), and `^nan` as 1.
pub const MAX_BOOST: f32 = 1000.0;

/// Queries of at most this many plain words require them all, unless they
/// end in a question mark; longer ones, and questions, have optional words
/// that rank the matches (BM25), the way Lucene's query parser treats words
/// by default. Measured on the KLUE retrieval set (240 questions, see
/// `docs/relevance.md`): requiring 75% of a question's words left 87
/// questions without any result (MRR@10 0.49); optional words from 4 words
/// on gave 0.70, and also for shorter questions ending in `?` 0.77.
const ALL_REQUIRED_UP_TO: usize = 3;

/// A parsed query: clauses, each required, excluded or optional.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedQuery {
    /// Groups joined by AND; the items of a group are joined by OR.
    pub groups: Vec<Group>,
    /// The query ends in a question mark (`?` or the full-width `？`).
    pub asks: bool,
}

/// Items joined by `OR`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub items: Vec<Item>,
}

/// One clause and whether it is negated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub clause: Clause,
    pub negated: bool,
    pub boost: f32,
}

/// Where a text clause looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextScope {
    Anywhere,
    Title,
    Body,
}

/// Metadata fields matched exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaField {
    Reporter,
    Section,
    Source,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Clause {
    /// Text to analyze; a phrase when `phrase` (words must be adjacent).
    Text {
        scope: TextScope,
        text: String,
        phrase: bool,
    },
    /// An exact metadata value.
    Meta { field: MetaField, value: String },
    /// A range of publication dates, as Unix seconds (start inclusive, end
    /// exclusive).
    Date {
        from: Option<i64>,
        until: Option<i64>,
    },
}

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

    /// Whether the query is a natural-language question: words (quoted
    /// phrases among them, as in `"형제의 나라"라고 칭한 나라는?`) that end in
    /// a question mark, or more than [`ALL_REQUIRED_UP_TO`] plain words.
    fn is_question(&self) -> bool {
        (self.asks && self.is_plain(true))
            || (self.is_plain(false) && self.groups.len() > ALL_REQUIRED_UP_TO)
    }

    /// Whether the query is plain words only (no operator or field; phrases
    /// only when allowed).
    fn is_plain(&self, phrases: bool) -> bool {
        self.groups.iter().all(|group| {
            group.items.len() == 1
                && group.items.iter().all(|item| {
                    !item.negated
                        && item.boost == 1.0
                        && matches!(
                            item.clause,
                            Clause::Text {
                                scope: TextScope::Anywhere,
                                phrase,
                                ..
                            } if phrases || !phrase
                        )
                })
        })
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
        } else if raw != "AND" {
            if let Some(item) = item(raw) {
                lexemes.push(Lexeme::Item(item));
            }
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

/// A plain or quoted text.
fn text_clause(scope: TextScope, raw: &str) -> Clause {
    match unquote(raw) {
        Some(text) => Clause::Text {
            scope,
            text,
            phrase: true,
        },
        None => Clause::Text {
            scope,
            text: raw.replace('"', " "),
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

/// Turns parsed queries into tantivy queries for one index.
pub(crate) struct QueryBuilder<'a> {
    pub analyzer: &'a Analyzer,
    pub fields: &'a Fields,
    pub title_boost: f32,
    /// The index searched, for the document frequencies of terms.
    pub searcher: &'a tantivy::Searcher,
}

/// In a question, a part of a several-term word that is in more than this
/// share of a field's documents is not searched on its own (the word's
/// whole form, or its phrase, still holds it): 년 of 1945년, 자 of 후보자. On its
/// own such a part scores next to nothing (an idf of 1.2 or less, against 8
/// and more for a rare part) but it made the question scan that share of
/// the index. On 100,000 Wikipedia articles the KLUE questions' p50 fell by
/// about 12%; on the KLUE collection two questions moved, both below the
/// top 10 (`docs/relevance.md`).
const COMMON_PART_SHARE: f32 = 0.3;

/// In a question, a word that is a single term in more than this share of
/// the documents' bodies is left out, like a stop word, unless the question
/// has no other word: 있 of 있는가, 하 of 하는, 되, 수. Such a word scores
/// next to nothing (an idf of 0.7 or less, against 8 and more for a rare
/// word) but made the question scan most of the index. On the KLUE
/// collection MRR@10 went from 0.856 to 0.858 (three questions moved a
/// place); on 100,000 Wikipedia articles the KLUE questions' p50 fell by
/// about a quarter (`docs/relevance.md`).
const STOP_WORD_SHARE: f32 = 0.5;

/// A word's score in title and body: the better field's, plus this share of
/// the other's.
const FIELD_TIE_BREAKER: f32 = 0.1;

/// The query of one clause and the analyzed terms it looks for.
struct ClauseQuery {
    /// Its query in each field it searches (a text clause's title and body);
    /// the clause's query is their dis-max ([`dis_max`]).
    fields: Vec<FieldQuery>,
    /// The terms, as in [`BuiltQuery::units`].
    units: Vec<Vec<String>>,
    /// Whether the clause is a question's stop word ([`STOP_WORD_SHARE`]).
    stop_word: bool,
}

/// One query from the queries of a word's fields: the better field's score,
/// plus [`FIELD_TIE_BREAKER`] of the others'.
fn dis_max(fields: Vec<FieldQuery>) -> Box<dyn Query> {
    let mut fields: Vec<Box<dyn Query>> = fields.into_iter().map(FieldQuery::into_query).collect();
    if fields.len() == 1 {
        fields.pop().expect("one field")
    } else {
        Box::new(DisjunctionMaxQuery::with_tie_breaker(
            fields,
            FIELD_TIE_BREAKER,
        ))
    }
}

/// A built query and the analyzed terms it looks for (for passages).
pub(crate) struct BuiltQuery {
    pub query: Box<dyn Query>,
    /// The terms of the positive text clauses, in query order: a single term,
    /// or the terms of a phrase (or compound) in order. Distinct.
    pub units: Vec<Vec<String>>,
}

impl QueryBuilder<'_> {
    /// Builds the tantivy query. A query with no searchable clause matches
    /// nothing.
    pub fn build(&self, parsed: &ParsedQuery) -> Result<BuiltQuery> {
        let mut units = Vec::new();
        // The required words, each as the queries of its fields.
        let mut required: Vec<Vec<FieldQuery>> = Vec::new();
        let mut excluded = Vec::new();
        // A question's stop words, set aside: they count only when nothing
        // else is left.
        let mut stop_words = Vec::new();
        let question = parsed.is_question();
        for group in &parsed.groups {
            let mut alternatives = Vec::new();
            for item in &group.items {
                let Some(clause) = self.clause(&item.clause, question)? else {
                    continue;
                };
                // A boost scales the dis-max, so each of its fields.
                let mut fields = clause.fields;
                for field in &mut fields {
                    field.boost *= item.boost;
                }
                if item.negated {
                    excluded.push(dis_max(fields));
                } else if clause.stop_word && group.items.len() == 1 {
                    stop_words.push((fields, clause.units));
                } else {
                    units.extend(clause.units);
                    alternatives.push(fields);
                }
            }
            match alternatives.len() {
                0 => {}
                1 => required.extend(alternatives),
                _ => {
                    let either = alternatives.into_iter().map(dis_max).collect();
                    let either = Box::new(BooleanQuery::union(either));
                    required.push(vec![FieldQuery::new(either, 1.0)]);
                }
            }
        }
        if required.is_empty() {
            for (fields, word_units) in stop_words {
                required.push(fields);
                units.extend(word_units);
            }
        }
        let terms: usize = units.iter().map(Vec::len).sum();
        if terms > MAX_QUERY_WORDS {
            return Err(Error::Query(format!(
                "the query analyzes to {terms} terms; at most {MAX_QUERY_WORDS} are allowed"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        units.retain(|unit: &Vec<String>| seen.insert(unit.clone()));

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if required.is_empty() {
            if excluded.is_empty() {
                return Ok(BuiltQuery {
                    query: Box::new(EmptyQuery),
                    units,
                });
            }
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if question && required.len() > 1 {
            // Any of the words: the union of their dis-max queries, in one
            // layer instead of two.
            let words = WordUnionQuery::new(required, FIELD_TIE_BREAKER);
            if excluded.is_empty() {
                // Alone, so that a search can prune it (`top_docs`).
                return Ok(BuiltQuery {
                    query: Box::new(words),
                    units,
                });
            }
            clauses.push((Occur::Must, Box::new(words)));
        } else {
            clauses.extend(
                required
                    .into_iter()
                    .map(|word| (Occur::Must, dis_max(word))),
            );
        }
        clauses.extend(excluded.into_iter().map(|q| (Occur::MustNot, q)));
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        Ok(BuiltQuery { query, units })
    }

    /// The query of one clause; `None` when nothing of it is searchable (a
    /// word made only of particles or punctuation). In a question, a word of
    /// several terms (a compound, or a word the analyzer splits) matches its
    /// phrase or, for less, any of its terms: the same compound is not always
    /// split the same way in documents, and a question is not a phrase
    /// search.
    fn clause(&self, clause: &Clause, question: bool) -> Result<Option<ClauseQuery>> {
        let plain = |query: Box<dyn Query>| ClauseQuery {
            fields: vec![FieldQuery::new(query, 1.0)],
            units: Vec::new(),
            stop_word: false,
        };
        Ok(match clause {
            Clause::Text {
                scope,
                text,
                phrase,
            } => {
                let (positions, whole_words) = self.positions(text);
                if positions.is_empty() {
                    return Ok(None);
                }
                // A single written word cut into several terms also matches
                // its whole form, however documents cut it; a phrase or a
                // group of words does not.
                let whole_words = if *phrase || text.split_whitespace().nth(1).is_some() {
                    Vec::new()
                } else {
                    whole_words
                };
                if positions.iter().map(Vec::len).sum::<usize>() > MAX_QUERY_WORDS {
                    return Err(Error::Query(format!(
                        "the query analyzes to too many terms; at most {MAX_QUERY_WORDS} are allowed"
                    )));
                }
                let mut units: Vec<Vec<String>> = match positions.as_slice() {
                    [alternatives] => alternatives.iter().map(|text| vec![text.clone()]).collect(),
                    _ => vec![positions.iter().map(|texts| texts[0].clone()).collect()],
                };
                units.extend(whole_words.iter().map(|text| vec![text.clone()]));
                let stop_word = question
                    && *scope == TextScope::Anywhere
                    && !phrase
                    && whole_words.is_empty()
                    && matches!(positions.as_slice(), [alternatives] if alternatives
                        .iter()
                        .all(|term| self.share(self.fields.body, term) > STOP_WORD_SHARE));
                let fields: Vec<(Field, f32)> = match scope {
                    TextScope::Anywhere => vec![
                        (self.fields.title, self.title_boost),
                        (self.fields.body, 1.0),
                    ],
                    TextScope::Title => vec![(self.fields.title, 1.0)],
                    TextScope::Body => vec![(self.fields.body, 1.0)],
                };
                let mut per_field: Vec<FieldQuery> = fields
                    .into_iter()
                    .map(|(field, boost)| {
                        let mut query = text_query(field, &positions);
                        if !whole_words.is_empty() {
                            // In a question the whole form stands for the
                            // word (its parts still count, for less, below);
                            // elsewhere the better of the two forms: where a
                            // document cuts the word as the query does, both
                            // match.
                            let mut forms = if question { Vec::new() } else { vec![query] };
                            forms.extend(
                                whole_words
                                    .iter()
                                    .map(|text| text_query(field, &[vec![text.clone()]])),
                            );
                            query = if forms.len() == 1 {
                                forms.pop().expect("one form")
                            } else {
                                Box::new(DisjunctionMaxQuery::new(forms))
                            };
                        }
                        if question && !phrase && positions.len() > 1 {
                            let mut loose = vec![query];
                            loose.extend(
                                positions
                                    .iter()
                                    .filter(|texts| !self.is_common(field, &texts[0]))
                                    .map(|texts| text_query(field, std::slice::from_ref(texts))),
                            );
                            query = Box::new(BooleanQuery::union(loose));
                        }
                        FieldQuery::new(query, boost)
                    })
                    .collect();
                if let (TextScope::Anywhere, Some(field)) = (scope, self.fields.bigram) {
                    // The fallback for words the dictionary reads differently
                    // in the document: the word's Hangul bigrams, in order.
                    let word: String = positions.iter().map(|texts| texts[0].as_str()).collect();
                    per_field.extend(
                        bigram_query(field, &word).map(|query| FieldQuery::new(query, 1.0)),
                    );
                }
                Some(ClauseQuery {
                    fields: per_field,
                    units,
                    stop_word,
                })
            }
            Clause::Meta { field, value } => {
                let field = match field {
                    MetaField::Reporter => self.fields.reporter,
                    MetaField::Section => self.fields.section,
                    MetaField::Source => self.fields.source,
                };
                Some(plain(Box::new(TermQuery::new(
                    Term::from_field_text(field, value),
                    IndexRecordOption::Basic,
                ))))
            }
            Clause::Date { from, until } => {
                // No indexed date lies outside what an index can hold (the
                // readers keep such dates aside): a bound beyond it is the
                // edge, a range wholly beyond it matches nothing.
                let (first, last) = INDEXABLE_SECONDS.into_inner();
                if from.is_some_and(|from| from > last) || until.is_some_and(|until| until <= first)
                {
                    return Ok(Some(plain(Box::new(EmptyQuery))));
                }
                let term = |seconds: i64| {
                    Term::from_field_date(
                        self.fields.published_at,
                        tantivy::DateTime::from_timestamp_secs(seconds),
                    )
                };
                let lower = Bound::Included(term(from.unwrap_or(first).max(first)));
                let upper = match *until {
                    Some(until) if until <= last => Bound::Excluded(term(until)),
                    _ => Bound::Included(term(last)),
                };
                Some(plain(Box::new(RangeQuery::new(lower, upper))))
            }
        })
    }

    /// Whether `text` is in more than [`COMMON_PART_SHARE`] of the
    /// documents that have `field`.
    fn is_common(&self, field: Field, text: &str) -> bool {
        self.share(field, text) > COMMON_PART_SHARE
    }

    /// The share of the documents whose `field` holds `text`, 0 to 1.
    fn share(&self, field: Field, text: &str) -> f32 {
        let documents = self.searcher.num_docs().max(1);
        let frequency = self
            .searcher
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0);
        frequency as f32 / documents as f32
    }

    /// The analyzed terms of `text`, grouped by position, and the whole
    /// forms of its words that the analyzer cut in several terms
    /// ([`TermKind::WholeWord`]). A compound noun is represented by its parts
    /// (documents index both, and the parts also match the compound written
    /// with spaces); a Hanja word and its reading share a position as
    /// alternatives.
    fn positions(&self, text: &str) -> (Vec<Vec<String>>, Vec<String>) {
        // A word at the very end of a text is read oddly (서울시와의 alone
        // ends in the noun 와의); a full stop after it makes it the end of a
        // sentence, as in the documents. The stop itself is not a term.
        let terms = self.analyzer.analyze(&format!("{text}."));
        let mut positions: Vec<(usize, Vec<String>)> = Vec::new();
        let mut whole_words = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            let has_parts = term.kind == TermKind::Compound
                && terms
                    .get(index + 1)
                    .is_some_and(|next| next.kind == TermKind::CompoundPart);
            if has_parts {
                continue;
            }
            if term.kind == TermKind::WholeWord {
                whole_words.push(term.text.clone());
                continue;
            }
            match positions.last_mut() {
                Some((position, texts)) if *position == term.position => {
                    if !texts.contains(&term.text) {
                        texts.push(term.text.clone());
                    }
                }
                _ => positions.push((term.position, vec![term.text.clone()])),
            }
        }
        let positions = positions.into_iter().map(|(_, texts)| texts).collect();
        (positions, whole_words)
    }
}

/// Terms at consecutive positions in one field: a term query, or a phrase
/// query when there are several positions. Alternatives at one position
/// (a Hanja word and its reading) make a union.
/// The Hangul bigrams of `word` as a phrase of the bigram field; `None`
/// when it has no Hangul syllable.
fn bigram_query(field: Field, word: &str) -> Option<Box<dyn Query>> {
    let mut tokenizer = HangulBigramTokenizer;
    let mut stream = tokenizer.token_stream(word);
    let mut positions = Vec::new();
    while let Some(token) = stream.next() {
        positions.push(vec![token.text.clone()]);
    }
    (!positions.is_empty()).then(|| text_query(field, &positions))
}

fn text_query(field: Field, positions: &[Vec<String>]) -> Box<dyn Query> {
    let term_query = |text: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqsAndPositions,
        ))
    };
    let single = positions.iter().all(|texts| texts.len() == 1);
    match positions {
        [texts] if texts.len() == 1 => term_query(&texts[0]),
        [texts] => Box::new(BooleanQuery::union(
            texts.iter().map(|text| term_query(text)).collect(),
        )),
        _ if single => Box::new(PhraseQuery::new_with_offset(
            positions
                .iter()
                .enumerate()
                .map(|(offset, texts)| (offset, Term::from_field_text(field, &texts[0])))
                .collect(),
        )),
        _ => Box::new(BooleanQuery::intersection(
            positions
                .iter()
                .map(|texts| {
                    Box::new(BooleanQuery::union(
                        texts.iter().map(|text| term_query(text)).collect(),
                    )) as Box<dyn Query>
                })
                .collect(),
        )),
    }
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
        assert!(!parse("a OR b").is_plain(true));
        assert!(parse("세종시와 서울시가 맺은 협약은?").is_plain(false));
    }

    #[test]
    fn questions() {
        // A question mark makes even a short query a question.
        assert!(parse("석탄기 다음 시대는?").is_question());
        assert!(parse("마이어의 사인은？").is_question());
        assert!(!parse("석탄기 다음 시대").is_question());
        // So do more than three plain words.
        assert!(parse("경춘선 ITX 청춘 열차 급행").is_question());
        // Quoted phrases may be part of a question, operators may not.
        assert!(parse("한국을 '형제의 나라'라고 칭한 나라는?").is_question());
        assert!(parse("\"형제의 나라\"라고 칭한 나라는?").is_question());
        assert!(!parse("\"형제의 나라\" 칭한 나라 멕시코").is_question());
        assert!(!parse("형제 -나라 칭한 나라는?").is_question());
        assert!(!parse("title:형제 나라는?").is_question());
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
