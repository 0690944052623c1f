//! kosearch: Korean full-text search.
//!
//! The data flows one way: read → analyze → index; query → match → rank
//! passages → highlight. This crate is organised one module per concept:
//!
//! * [`dictionary`]: locating, installing and memory-mapping the mecab-ko-dic
//!   dictionary the analyzer runs on;
//! * [`analysis`]: the Korean analyzer, usable on its own and as a tantivy
//!   tokenizer;
//! * [`corpus`]: the [`corpus::Article`] model and the readers for text
//!   articles, JSON Lines and HTML, with encodings and skip reports;
//! * [`index`]: the tantivy index: schema, incremental and crash-safe
//!   writing, the analysis-settings guard, statistics;
//! * [`search`]: the query language, ranking, passages with morpheme-level
//!   highlights, facets.

pub mod analysis;
pub mod corpus;
pub mod dictionary;
mod error;
pub mod index;
pub mod search;

pub use error::{Error, Result};
