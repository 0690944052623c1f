//! kosearch: Korean full-text search.
//!
//! The data flows one way: read → analyze → index; query → match → rank
//! passages → highlight. This crate is organised one module per concept:
//!
//! * [`dictionary`]: locating, installing and memory-mapping the mecab-ko-dic
//!   dictionary the analyzer runs on;
//! * [`analysis`]: the Korean analyzer, usable on its own and as a tantivy
//!   tokenizer;
//! * [`document`]: the [`Article`] model, the time zone of dates that give
//!   none, and the rules of the stored form;
//! * [`corpus`]: the readers for text articles, JSON Lines and HTML, with
//!   encodings and skip reports;
//! * [`index`]: the tantivy index: schema, incremental and crash-safe
//!   writing, the analysis-settings guard, statistics;
//! * [`jamo`]: Korean as it is typed: syllables and jamo, keystrokes, the
//!   두벌식 keyboard and input typed in the wrong keyboard mode;
//! * [`search`]: the query language, ranking, passages with morpheme-level
//!   highlights, facets;
//! * [`suggest`]: suggestions as the user types, from the words and titles
//!   of the index, matched in keystrokes, initial consonants (초성) and the
//!   other keyboard mode;
//! * [`eval`]: relevance and latency over a test collection of questions
//!   with known relevant documents and answers (MRR, recall, nDCG,
//!   answer-in-passage, latency percentiles);
//! * `serve` (with the `serve` feature): the HTTP JSON API and search page
//!   of `kosearch serve`.
//!
//! Every fallible function returns [`Result`], whose [`Error`] variants say
//! what went wrong (a missing dictionary, a locked index, an index built with
//! other settings, a query error, I/O on a path) and what to do about it.
//! No tantivy or lindera type is needed to use the library.
//!
//! # Features
//!
//! Both are on by default; a library user who needs neither turns them off
//! (`default-features = false`) and compiles only the library:
//!
//! * `cli`: the `kosearch` command (clap, progress lines, the jemalloc
//!   allocator);
//! * `serve`: the `serve` module (axum, tokio, hyper), and `kosearch serve`.
//!
//! # Quick start
//!
//! The dictionary is built once (`kosearch dict install`, or
//! [`dictionary::install`] from code); then:
//!
//! ```
//! use kosearch::Article;
//! use kosearch::index::{Index, IndexConfig, WriterOptions};
//! use kosearch::search::{SearchOptions, Searcher};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let index = Index::create(dir.path(), &IndexConfig::default())?;
//!
//! let mut writer = index.writer(&WriterOptions::default())?;
//! writer.upsert(&Article {
//!     id: "sejong-seoul".into(),
//!     title: "세종시-서울시, 상호 교류 강화 업무협약 체결".into(),
//!     body: "세종시는 서울시와 7가지 분야에서 협력하기로 했다.".into(),
//!     ..Article::default()
//! })?;
//! writer.commit()?;
//!
//! let searcher = Searcher::new(&index)?;
//! searcher.reload()?;
//! // Particles are ignored, compounds match their parts (협약 in 업무협약).
//! let results = searcher.search("서울시와의 협약", &SearchOptions::default())?;
//! assert_eq!(results.total, 1);
//! let passage = &results.hits[0].passages[0];
//! let (start, end) = passage.highlights[0];
//! assert_eq!(&passage.text[start..end], "서울시");
//! # Ok::<(), kosearch::Error>(())
//! ```

#![deny(missing_docs)]

pub mod analysis;
mod chars;
pub mod corpus;
pub mod correct;
pub mod dictionary;
pub mod document;
mod error;
pub mod eval;
pub mod index;
pub mod jamo;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod suggest;

pub use document::Article;
pub use error::{Error, Result};
