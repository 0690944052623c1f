//! kosearch's integration tests: one test binary (as ripgrep's), so that
//! the library, tantivy, lindera and the server are linked once, with a
//! module per area and one set of helpers, [`util`] (the binary's launcher,
//! the fixtures, the shipped corpus and its index, `../shared` data).
//!
//! Everything runs on real components: the installed dictionary
//! (`make test` installs it), real indexes on disk, the `kosearch` binary
//! Cargo builds for these tests. Tests that need `../shared` skip, saying
//! why, when it is absent. All of them share one process: none may change
//! its environment or working directory.
//!
//! One area: `cargo test --release --test integration search::`.
//! Property-test regressions live in `tests/proptest-regressions/`.

mod util;

mod analysis;
mod cli;
mod copied_phrases;
mod corpus_readers;
mod corpus_text;
mod corpus_walk;
mod correction;
mod dictionary;
mod eval;
mod fuzz_regressions;
mod hostile_input;
mod index;
mod passages;
mod query_language;
mod reliability;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod stored_articles;
mod suggest;
mod synonyms;
mod user_words;
