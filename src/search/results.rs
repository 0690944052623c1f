//! The answer to a search: [`SearchResults`], its [`Hit`]s and the
//! documents that could not be read.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{Facets, Passage};

/// The answer to a query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// How many documents match.
    pub total: usize,
    /// The requested page of the best matches.
    pub hits: Vec<Hit>,
    /// Facet counts, when asked for.
    pub facets: Facets,
    /// Documents of the page whose stored article could not be read: left
    /// out of `hits` (which are that many fewer), never failing the search.
    /// Absent from the JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<UnreadableDocument>,
    /// The query searched instead of the one typed, when a word of it read
    /// as a slip and the corrected query found clearly more
    /// ([`correct`](crate::correct)); `null` in the JSON otherwise. The
    /// query typed is the caller's.
    pub corrected_query: Option<String>,
}

/// A matching document whose stored article cannot be read back (not
/// UTF-8, or not a JSON object): written by something else than kosearch,
/// or damaged. Indexing its source again rewrites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableDocument {
    /// Its id.
    pub id: String,
    /// What is wrong with it.
    pub reason: String,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The article's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its score (BM25, with boosts).
    pub score: f32,
    /// Publication time.
    pub published_at: Option<DateTime<FixedOffset>>,
    /// Reporters.
    pub reporters: Vec<String>,
    /// Section.
    pub section: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// Address of the article.
    pub url: Option<String>,
    /// The best passages of the body, best first.
    pub passages: Vec<Passage>,
    /// The article's body, which the passages' `start` and `end` point
    /// into (a binding that counts offsets in characters needs it). Not in
    /// the JSON of a search, which shows passages.
    #[serde(skip)]
    pub body: String,
}
