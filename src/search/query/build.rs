//! Building the tantivy query of a parsed query for one index: analyzed
//! words in their fields, phrases, questions' optional words and stop
//! words, metadata and date ranges.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery,
    Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::Term;

use super::ast::{Clause, Group, MetaField, ParsedQuery, TextScope};
use super::reading::Reading;
use super::MAX_QUERY_WORDS;
use crate::analysis::{Analyzer, Edge, HangulBigramTokenizer, WordContext};
use crate::document::INDEXABLE_SECONDS;
use crate::index::Fields;
use crate::search::query_term::idf;
use crate::search::statistics::Statistics;
use crate::search::synonyms::{Alternative, SYNONYM_WEIGHT};
use crate::search::word_union::{FieldQuery, WordUnionQuery};
use crate::search::Synonyms;
use crate::{Error, Result};

/// Turns parsed queries into tantivy queries for one index.
pub(crate) struct QueryBuilder<'a> {
    pub analyzer: &'a Analyzer,
    pub fields: &'a Fields,
    pub title_boost: f32,
    /// The index searched, for the document frequencies of terms.
    pub statistics: &'a Statistics<'a>,
    /// Words the query also searches as other words.
    pub synonyms: Option<&'a Synonyms>,
}

/// In a question, a part of a several-term word that is in more than this
/// share of a field's documents is not searched on its own (the word's
/// whole form, compound or phrase still holds it): 년 of 1945년, 자 of
/// 후보자, 도시 of 정원도시. On its own such a part scores little (an idf of
/// 3 or less, against 8 and more for a rare part) but it made the question
/// scan that share of the index. At 0.3 the KLUE questions' p50 on 100,000
/// Wikipedia articles fell by about 12%; once a compound was looked for as
/// its term, 0.05 ranked the KLUE questions better in both halves (MRR@10
/// 0.8660 → 0.8715) and made p50 another 5–10% faster
/// (`docs/relevance.md`).
const COMMON_PART_SHARE: f32 = 0.05;

/// [`COMMON_PART_SHARE`] for the words of a `'…'` group in a question: each
/// is a word the user typed, searched on its own unless it is in more than
/// this share of the documents. At 0.05, `'행정 인권'` in 265 news articles
/// was nearly a phrase, and a KLUE question's passage fell out of the top
/// 100.
const COMMON_GROUP_WORD_SHARE: f32 = 0.3;

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
    /// Whether a document may hold no term of the clause where it holds
    /// its text: the dictionary reads the text as nothing in some context
    /// (달라는 is 달 at a line's start and nothing inside a sentence). Such
    /// a clause cannot be required; it counts when it matches.
    optional: bool,
    /// Its units that stand for synonyms, as [`BuiltQuery::synonym_units`].
    synonym_units: Vec<(Vec<String>, f32)>,
}

/// The query of one item of a group, as the item says to use it.
struct ItemQuery {
    clause: ClauseQuery,
    negated: bool,
    boost: f32,
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
    /// The units that stand for synonyms of the query's words, with the
    /// share of their weight they count for ([`SYNONYM_WEIGHT`] or less),
    /// as they do in the query.
    pub synonym_units: Vec<(Vec<String>, f32)>,
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
        // Words a matching document may hold no term of ([`ClauseQuery::optional`]);
        // in a question every word is optional anyway.
        let mut optional: Vec<Vec<FieldQuery>> = Vec::new();
        let mut synonym_units = Vec::new();
        let question = parsed.is_question();
        let last = parsed.groups.len().saturating_sub(1);
        // Where a group's words stand in the query.
        let context_of = |at: usize| {
            let edge = |is_edge: bool| if is_edge { Edge::Boundary } else { Edge::Space };
            WordContext::new(edge(at == 0), edge(at == last))
        };
        let keys = self.synonym_keys(parsed);
        // Each group's clauses and its number of items; the words of a
        // synonym's entry make one clause.
        let mut groups: Vec<(Vec<ItemQuery>, usize)> = Vec::new();
        let mut at = 0;
        while at < parsed.groups.len() {
            if let Some((words, alternatives, terms)) = self.synonym_run(&keys, at) {
                let item = &parsed.groups[at].items[0];
                let clause = self.with_synonyms(
                    &parsed.groups[at..at + words],
                    &terms,
                    alternatives,
                    question,
                    &|word| context_of(at + word),
                )?;
                let boost = if words == 1 { item.boost } else { 1.0 };
                let negated = item.negated;
                groups.push((
                    vec![ItemQuery {
                        clause,
                        negated,
                        boost,
                    }],
                    1,
                ));
                at += words;
                continue;
            }
            let group = &parsed.groups[at];
            let mut clauses = Vec::new();
            for item in &group.items {
                if let Some(clause) = self.clause(&item.clause, question, context_of(at))? {
                    let (negated, boost) = (item.negated, item.boost);
                    clauses.push(ItemQuery {
                        clause,
                        negated,
                        boost,
                    });
                }
            }
            groups.push((clauses, group.items.len()));
            at += 1;
        }
        for (clauses, items) in groups {
            let mut alternatives = Vec::new();
            for ItemQuery {
                clause,
                negated,
                boost,
            } in clauses
            {
                if !negated {
                    synonym_units.extend(clause.synonym_units);
                }
                // A boost scales the dis-max, so each of its fields.
                let mut fields = clause.fields;
                for field in &mut fields {
                    field.boost *= boost;
                }
                if negated {
                    excluded.push(dis_max(fields));
                } else if clause.stop_word && items == 1 {
                    stop_words.push((fields, clause.units));
                } else if clause.optional && items == 1 && !question {
                    units.extend(clause.units);
                    optional.push(fields);
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
        if required.is_empty() && optional.is_empty() {
            if excluded.is_empty() {
                return Ok(BuiltQuery {
                    query: Box::new(EmptyQuery),
                    units,
                    synonym_units,
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
                    synonym_units,
                });
            }
            clauses.push((Occur::Must, Box::new(words)));
        } else {
            clauses.extend(
                required
                    .into_iter()
                    .map(|word| (Occur::Must, dis_max(word))),
            );
            clauses.extend(
                optional
                    .into_iter()
                    .map(|word| (Occur::Should, dis_max(word))),
            );
        }
        clauses.extend(excluded.into_iter().map(|q| (Occur::MustNot, q)));
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        Ok(BuiltQuery {
            query,
            units,
            synonym_units,
        })
    }

    /// The query of one clause; `None` when nothing of it is searchable (a
    /// word made only of particles or punctuation). In a question, a word of
    /// several terms (a compound, or a word the analyzer splits) matches its
    /// phrase or, for less, any of its terms: the same compound is not always
    /// split the same way in documents, and a question is not a phrase
    /// search.
    fn clause(
        &self,
        clause: &Clause,
        question: bool,
        context: WordContext,
    ) -> Result<Option<ClauseQuery>> {
        let plain = |query: Box<dyn Query>| ClauseQuery {
            fields: vec![FieldQuery::new(query, 1.0)],
            units: Vec::new(),
            stop_word: false,
            optional: false,
            synonym_units: Vec::new(),
        };
        Ok(match clause {
            Clause::Text {
                scope,
                text,
                phrase,
            } => {
                // A document gives a word any context; a question's word is
                // read inside a sentence, where documents hold most words,
                // and where it stands in the question, where a document it
                // was copied from holds it. Its other readings are at the
                // edges of a document's lines, and matched too little to pay
                // for their odd terms (성당의 at a text's end is 성당 + 의,
                // a noun): on the KLUE questions they cost one question its
                // answer in the top 100.
                let contexts = if question && !phrase {
                    &[WordContext::ALL[0], context][..]
                } else {
                    &WordContext::ALL[..]
                };
                let (mut readings, read_as_nothing) = self.readings(text, contexts);
                if readings.is_empty() {
                    return Ok(None);
                }
                // A single written word cut into several terms also matches
                // its whole form, however documents cut it; a phrase or a
                // group of words does not.
                let group = text.split_whitespace().nth(1).is_some();
                if *phrase || group {
                    for reading in &mut readings {
                        reading.whole_words.clear();
                    }
                }
                if readings.iter().any(|reading| {
                    reading.positions.iter().map(Vec::len).sum::<usize>() > MAX_QUERY_WORDS
                }) {
                    return Err(Error::Query(format!(
                        "the query analyzes to too many terms; at most {MAX_QUERY_WORDS} are allowed"
                    )));
                }
                // The terms passages look for. A question's words rank its
                // documents loosely, and their other readings' odd terms (산,
                // "mountain", of 러시아산 at a text's end) drew its passages
                // away from the answer: on the KLUE questions the top passage
                // held it for 71.3% of them against 73.8% with the readings
                // documents give most words (inside a sentence) alone.
                let shown = if question {
                    &readings[..1]
                } else {
                    &readings[..]
                };
                let mut units: Vec<Vec<String>> = Vec::new();
                for unit in shown.iter().flat_map(Reading::units) {
                    if !units.contains(&unit) {
                        units.push(unit);
                    }
                }
                let stop_word = question
                    && *scope == TextScope::Anywhere
                    && !phrase
                    && readings.iter().all(|reading| {
                        reading.whole_words.is_empty()
                            && matches!(reading.positions.as_slice(), [alternatives] if alternatives
                                .iter()
                                .all(|term| self.share(self.fields.body, term) > STOP_WORD_SHARE))
                    });
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
                        let query = if question && !phrase {
                            self.question_word_query(field, &readings, group)
                        } else {
                            // Any of the readings, scored as the best one
                            // that matches.
                            let mut queries: Vec<Box<dyn Query>> = readings
                                .iter()
                                .map(|reading| reading_query(field, reading))
                                .collect();
                            if queries.len() == 1 {
                                queries.pop().expect("one reading")
                            } else {
                                Box::new(DisjunctionMaxQuery::new(queries))
                            }
                        };
                        FieldQuery::new(query, boost)
                    })
                    .collect();
                if let (TextScope::Anywhere, Some(field)) = (scope, self.fields.bigram) {
                    // The fallback for words the dictionary reads differently
                    // in the document: the word's Hangul bigrams, in order.
                    let word = readings[0].key().concat();
                    per_field.extend(
                        bigram_query(field, &word).map(|query| FieldQuery::new(query, 1.0)),
                    );
                }
                Some(ClauseQuery {
                    fields: per_field,
                    units,
                    stop_word,
                    optional: read_as_nothing,
                    synonym_units: Vec::new(),
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

    /// For each group of `parsed`, the terms of its word when it may start
    /// or continue a synonym's entry (a plain word, alone in its group,
    /// not quoted): its reading inside a sentence, as entries are read.
    /// Empty without synonyms.
    fn synonym_keys(&self, parsed: &ParsedQuery) -> Vec<Option<(Vec<String>, bool)>> {
        if self.synonyms.is_none_or(Synonyms::is_empty) {
            return Vec::new();
        }
        parsed
            .groups
            .iter()
            .map(|group| match group.items.as_slice() {
                [item] => match &item.clause {
                    Clause::Text {
                        text,
                        phrase: false,
                        ..
                    } if !text.contains(char::is_whitespace) => {
                        let reading =
                            Reading::of(&self.analyzer.analyze_in(text, WordContext::ALL[0]));
                        // Only a word alone may be negated or boosted.
                        let alone = item.negated || item.boost != 1.0;
                        Some((reading.key(), alone))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// The longest run of words from group `at` on that is a synonym's
    /// entry, by [`synonym_keys`](Self::synonym_keys): its number of words,
    /// the entries it also searches, and its terms.
    fn synonym_run(
        &self,
        keys: &[Option<(Vec<String>, bool)>],
        at: usize,
    ) -> Option<(usize, &[Alternative], Vec<String>)> {
        let synonyms = self.synonyms?;
        let longest = synonyms.longest().min(keys.len().saturating_sub(at));
        (1..=longest).rev().find_map(|words| {
            let run = &keys[at..at + words];
            let mut terms = Vec::new();
            for key in run {
                let (key, alone) = key.as_ref()?;
                if *alone && words > 1 {
                    return None;
                }
                // A word of particles only has no place in an entry.
                if key.is_empty() {
                    return None;
                }
                terms.extend(key.iter().cloned());
            }
            let alternatives = synonyms.alternatives(&terms)?;
            Some((words, alternatives, terms))
        })
    }

    /// The clause of the words of `groups`, a synonym's entry of `terms`:
    /// those words (all of them), or any of `alternatives`, each weighed
    /// down to [`SYNONYM_WEIGHT`] of the words' own weight, or less.
    fn with_synonyms(
        &self,
        groups: &[Group],
        terms: &[String],
        alternatives: &[Alternative],
        question: bool,
        context_of: &dyn Fn(usize) -> WordContext,
    ) -> Result<ClauseQuery> {
        let mut units = Vec::new();
        let mut words = Vec::new();
        let mut optional = true;
        let mut scope = TextScope::Anywhere;
        for (at, group) in groups.iter().enumerate() {
            let item = &group.items[0];
            if let Clause::Text {
                scope: word_scope, ..
            } = &item.clause
            {
                scope = *word_scope;
            }
            if let Some(clause) = self.clause(&item.clause, question, context_of(at))? {
                optional &= clause.optional;
                units.extend(clause.units);
                words.push(dis_max(clause.fields));
            }
        }
        let mut forms: Vec<Box<dyn Query>> = vec![if words.len() == 1 {
            words.pop().expect("one word")
        } else {
            Box::new(BooleanQuery::intersection(words))
        }];
        let own_weight = self.weight(terms);
        let mut synonym_units = Vec::new();
        for alternative in alternatives {
            let clause = Clause::Text {
                scope,
                text: alternative.text.clone(),
                phrase: alternative.text.contains(' '),
            };
            let Some(clause) = self.clause(&clause, question, context_of(0))? else {
                continue;
            };
            let weight = SYNONYM_WEIGHT * (own_weight / self.weight(&alternative.terms)).min(1.0);
            for unit in clause.units {
                if !units.contains(&unit) {
                    synonym_units.push((unit.clone(), weight));
                    units.push(unit);
                }
            }
            forms.push(Box::new(BoostQuery::new(dis_max(clause.fields), weight)));
        }
        Ok(ClauseQuery {
            fields: vec![FieldQuery::new(
                Box::new(DisjunctionMaxQuery::new(forms)),
                1.0,
            )],
            units,
            stop_word: false,
            optional: optional && groups.len() == 1,
            synonym_units,
        })
    }

    /// The BM25 weight of `terms` in the bodies: the sum of their idf.
    fn weight(&self, terms: &[String]) -> f32 {
        let weight: f32 = terms
            .iter()
            .map(|text| idf(self.statistics, self.fields.body, text))
            .sum();
        weight.max(f32::MIN_POSITIVE)
    }

    /// Whether `text`, a part of a question's word or of a `group` of
    /// words, is too common to be searched on its own: in more than
    /// [`COMMON_PART_SHARE`] or [`COMMON_GROUP_WORD_SHARE`] of the documents
    /// that have `field`.
    fn is_common(&self, field: Field, text: &str, group: bool) -> bool {
        let share = if group {
            COMMON_GROUP_WORD_SHARE
        } else {
            COMMON_PART_SHARE
        };
        self.share(field, text) > share
    }

    /// The share of the documents whose `field` holds `text`, 0 to 1.
    fn share(&self, field: Field, text: &str) -> f32 {
        let documents = self.statistics.num_docs().max(1);
        let frequency = self
            .statistics
            .doc_freq(&Term::from_field_text(field, text))
            .unwrap_or(0);
        frequency as f32 / documents as f32
    }

    /// A question's word (or `group` of words) in `field`: the union of the
    /// distinct forms of its readings, each a word's whole form (or, without
    /// one, the compound it is, or else its phrase of parts) and, for less,
    /// its parts one by one (but common ones, [`QueryBuilder::is_common`]):
    /// the same compound is not always cut the same way in documents, and a
    /// question is not a phrase search. Their scores add up, as a word union
    /// reads a union block by block; a dis-max of the readings it could only
    /// read through tantivy, which made the KLUE questions' p50 a quarter
    /// slower.
    ///
    /// A compound is looked for as the term documents index it by, not as
    /// the phrase of its parts: a phrase reads the positions of every
    /// document holding all its parts, and the parts of compounds (서 and 쪽
    /// of 서쪽) are common words. On Korean Wikipedia with the KLUE
    /// questions that was a fifth of the slowest questions' time (p95
    /// 2.6–2.7 → 2.1–2.2 ms), and the KLUE set ranks as well (MRR@10 0.8653
    /// → 0.8660). A compound written with spaces is still found by its
    /// parts.
    fn question_word_query(
        &self,
        field: Field,
        readings: &[Reading],
        group: bool,
    ) -> Box<dyn Query> {
        let mut forms: Vec<Vec<Vec<String>>> = Vec::new();
        let mut add = |form: Vec<Vec<String>>| {
            if !forms.contains(&form) {
                forms.push(form);
            }
        };
        for reading in readings {
            if reading.whole_words.is_empty() {
                match &reading.compound {
                    Some(compound) => add(vec![vec![compound.clone()]]),
                    None => add(reading.positions.clone()),
                }
            }
            for whole in &reading.whole_words {
                add(vec![vec![whole.clone()]]);
            }
            if reading.positions.len() > 1 {
                for texts in &reading.positions {
                    if !self.is_common(field, &texts[0], group) {
                        add(vec![texts.clone()]);
                    }
                }
            }
        }
        let mut queries: Vec<Box<dyn Query>> =
            forms.iter().map(|form| text_query(field, form)).collect();
        if queries.len() == 1 {
            queries.pop().expect("one form")
        } else {
            Box::new(BooleanQuery::union(queries))
        }
    }

    /// The distinct readings of `text` in `contexts`, in that order, and
    /// whether one of them reads it as nothing at all. The dictionary cuts a word by what lies on each
    /// side of it: 러시아산 inside a sentence is 러시아 and a suffix, at a
    /// text's end 러시아 + 산; 배너를 after a space is 배 + 너를, at a
    /// line's start 배너 + 를. A document holds the reading of where the
    /// word stands in it, so a query word matches any of them.
    fn readings(&self, text: &str, contexts: &[WordContext]) -> (Vec<Reading>, bool) {
        let mut readings = Vec::new();
        let mut read_as_nothing = false;
        for (at, &context) in contexts.iter().enumerate() {
            // A question's word inside it is given the context inside a
            // sentence twice: it reads the same.
            if contexts[..at].contains(&context) {
                continue;
            }
            let reading = Reading::of(&self.analyzer.analyze_in(text, context));
            if reading.positions.is_empty() {
                read_as_nothing = true;
            } else if !readings.contains(&reading) {
                readings.push(reading);
            }
        }
        (readings, read_as_nothing)
    }
}

/// One reading of a text clause in `field`: its terms at their positions
/// or, for a word the analyzer cut in several terms, the better of that and
/// its whole form: where a document cuts the word as the query does, both
/// match.
fn reading_query(field: Field, reading: &Reading) -> Box<dyn Query> {
    let query = text_query(field, &reading.positions);
    if reading.whole_words.is_empty() {
        return query;
    }
    let mut forms = vec![query];
    forms.extend(
        reading
            .whole_words
            .iter()
            .map(|text| text_query(field, &[vec![text.clone()]])),
    );
    Box::new(DisjunctionMaxQuery::new(forms))
}

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

/// Terms at consecutive positions in one field: a term query, or a phrase
/// query when there are several positions. Alternatives at one position
/// (a Hanja word and its reading) make a union.
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
