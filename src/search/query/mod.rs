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
//! | `date:2023-04-01..2023-04-30`, `date:2023-04`, `since:2023-04-01`, `until:2023-04-30` | publication dates (Korea Standard Time, whole days); a bound beyond what an index holds ([`INDEXABLE_SECONDS`](crate::corpus::INDEXABLE_SECONDS)) is its edge |
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
//!
//! A query is read into its syntax tree (`ast.rs`) by the parser
//! (`parse.rs`), and the tree turned into a tantivy query for one index by
//! the builder (`build.rs`).

mod ast;
mod build;
mod parse;

pub(crate) use self::ast::ParsedQuery;
pub(crate) use self::build::QueryBuilder;
pub(crate) use self::parse::boost;

/// Most words a query may have.
pub const MAX_QUERY_WORDS: usize = 1024;

/// The largest boost (`협약^1000`); larger ones, `^inf` among them, count as
/// this. A boost multiplies a word's BM25 score, and without a bound
/// `대통령^1e38` overflowed every score to infinity. Boosts below 0 count as
/// 0 (the word must match but adds nothing to the score), and `^nan` as 1.
pub const MAX_BOOST: f32 = 1000.0;
