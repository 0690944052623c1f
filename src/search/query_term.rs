//! [`QueryTerm`]: a query term as the analyzer produced it, with its weight,
//! the input of passages ([`passages`](super::passages)) and of passage
//! scores read from the index (`proximity`).

use tantivy::query::Bm25StatisticsProvider;

use super::statistics::Statistics;

/// A query term as the analyzer produced it (e.g. 협약, 세종), with its
/// weight. The parts of a phrase or a compound are separate terms.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// The term's text, as the analyzer writes it (normalized, lower case,
    /// a stem for verbs).
    pub text: String,
    /// How much the term counts: an idf-like number above zero, larger for
    /// rarer terms. Zero, negative and NaN weights count as the smallest
    /// positive weight, weights above a million as a million.
    pub weight: f32,
    /// When the term is part of a phrase (a quoted phrase, or a compound
    /// such as 세종시 = 세종 + 시), the phrase's terms in order; the term is
    /// then highlighted only where the whole phrase occurs. Empty for a
    /// term that counts on its own.
    pub phrase: Vec<String>,
}

impl QueryTerm {
    /// A query term of `text` weighing `weight`, counting on its own.
    pub fn new(text: impl Into<String>, weight: f32) -> Self {
        QueryTerm {
            text: text.into(),
            weight,
            phrase: Vec::new(),
        }
    }

    /// A term of `text` that counts only inside `phrase`.
    pub fn in_phrase(text: impl Into<String>, weight: f32, phrase: Vec<String>) -> Self {
        QueryTerm {
            phrase,
            ..QueryTerm::new(text, weight)
        }
    }
}

/// The BM25 idf of `text` in `field` of the index read, as tantivy
/// computes it: `ln(1 + (N - n + 0.5) / (n + 0.5))` for `n` of `N`
/// documents.
pub(crate) fn idf(statistics: &Statistics<'_>, field: tantivy::schema::Field, text: &str) -> f32 {
    let documents = statistics.num_docs() as f32;
    let frequency = statistics
        .doc_freq(&tantivy::Term::from_field_text(field, text))
        .unwrap_or(0) as f32;
    (1.0 + (documents - frequency + 0.5) / (frequency + 0.5)).ln()
}
