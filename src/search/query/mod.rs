//! The query language, and its translation into tantivy queries.
//!
//! The language's reference below is `docs/query-language.md`, the one
//! definition: `kosearch search --help` shows its operator table
//! ([`language::operators`]), and a test runs its examples.
//!
//! A query is read into its syntax tree (`ast.rs`) by the parser
//! (`parse.rs`), and the tree turned into a tantivy query for one index by
//! the builder (`build.rs`).
//!
#![doc = include_str!("../../../docs/query-language.md")]

mod ast;
mod build;
pub mod language;
mod parse;
mod reading;

pub(crate) use self::ast::ParsedQuery;
pub(crate) use self::build::{BuiltQuery, QueryBuilder};
pub(crate) use self::parse::boost;
pub(crate) use self::reading::Reading;

/// Most words a query may have.
pub const MAX_QUERY_WORDS: usize = 1024;

/// The largest boost (`협약^1000`); larger ones, `^inf` among them, count as
/// this. A boost multiplies a word's BM25 score, and without a bound
/// `대통령^1e38` overflowed every score to infinity. Boosts below 0 count as
/// 0 (the word must match but adds nothing to the score), and `^nan` as 1.
pub const MAX_BOOST: f32 = 1000.0;
