//! Searching: query → match → rank → passages → highlights.
//!
//! A [`Searcher`] parses a query in the [query language](query), runs it on
//! the index with BM25 (title matches weigh more than body matches), and
//! turns the best articles into [`Hit`]s carrying their best passages with
//! morpheme-level highlights ([`passages`]), plus [`Facets`] when asked.
//!
//! ```no_run
//! use kosearch::dictionary::{self, KoreanDictionary};
//! use kosearch::index::Index;
//! use kosearch::search::{SearchOptions, Searcher};
//!
//! let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
//! let index = Index::open_with("index".as_ref(), &dictionary)?;
//! let searcher = Searcher::new(&index)?;
//! let results = searcher.search("세종시와 서울시가 맺은 협약은?", &SearchOptions::default())?;
//! for hit in &results.hits {
//!     println!("{} {}", hit.score, hit.title);
//! }
//! # Ok::<(), kosearch::Error>(())
//! ```

mod facets;
mod located;
mod options;
mod passage_ranking;
pub mod passages;
mod proximity;
pub mod query;
mod query_term;
mod results;
mod searcher;
pub(crate) mod statistics;
mod stored;
mod synonyms;
mod word_union;

pub use self::facets::{Facet, FacetCount, Facets};
pub use self::options::{SearchOptions, SortOrder};
pub use self::passages::{best_passages, Passage, PassageFinder, PassageOptions};
pub use self::query_term::QueryTerm;
pub use self::results::{Hit, SearchResults, UnreadableDocument};
pub use self::searcher::Searcher;
pub use self::synonyms::{Synonyms, SynonymsFile, SYNONYM_WEIGHT};
