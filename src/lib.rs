//! kosearch: Korean full-text search.
//!
//! The data flows one way: read → analyze → index; query → match → rank
//! passages → highlight. This crate is organised one module per concept:
//!
//! * [`dictionary`]: locating, installing and memory-mapping the mecab-ko-dic
//!   dictionary the analyzer runs on;
//! * [`analysis`]: the Korean analyzer, usable on its own and as a tantivy
//!   tokenizer.

pub mod analysis;
pub mod dictionary;
mod error;

pub use error::{Error, Result};
