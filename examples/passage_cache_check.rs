//! The long proof that a searcher's passage cache changes nothing: every
//! question is searched without the cache and through it, and the pages are
//! compared hit by hit (id, score, and each passage's text, offsets, score
//! and highlights).
//!
//! ```sh
//! cargo run --release --example passage_cache_check -- INDEX_DIR [QUESTIONS.jsonl]
//! ```
//!
//! `INDEX_DIR` is a kosearch index (for instance the one `kosearch eval`
//! builds of `../shared/data/kowiki-100k.jsonl.zst`); the questions are
//! JSON Lines with a `"query"` (default
//! `../shared/data/klue-hard.queries.jsonl`). Three searchers run them: one
//! with the default cache, twice (**cold**, then **warm**, every cluster
//! remembered), and one with a 4 KiB cache that forgets all the time
//! (**tiny**). It prints the differences (the first 10 in full) and exits 1
//! on any. Too long for the test suite, which runs the same comparison on
//! `corpus/` (`tests/integration/search.rs`).

use std::path::Path;

use kosearch::dictionary::{self, KoreanDictionary};
use kosearch::index::Index;
use kosearch::search::{Passage, SearchOptions, SearchResults, Searcher};

/// A cache so small that it forgets at nearly every cluster.
const TINY_CACHE_BYTES: usize = 4 * 1024;

/// What a page shows: each hit's id, score and passages.
fn shown(results: &SearchResults) -> Vec<(&str, f32, &[Passage])> {
    let hits = results.hits.iter();
    hits.map(|hit| (hit.id.as_str(), hit.score, hit.passages.as_slice()))
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: passage_cache_check INDEX_DIR [QUESTIONS.jsonl]")?;
    let questions = args
        .next()
        .unwrap_or_else(|| "../shared/data/klue-hard.queries.jsonl".to_string());
    let questions: Vec<String> = std::fs::read_to_string(&questions)?
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| -> Result<String, Box<dyn std::error::Error>> {
            let value: serde_json::Value = serde_json::from_str(line)?;
            Ok(value["query"]
                .as_str()
                .ok_or("a line without a query")?
                .to_string())
        })
        .collect::<Result<_, _>>()?;

    let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
    let index = Index::open_with(Path::new(&dir), &dictionary)?;
    let options = SearchOptions::default();
    let uncached = Searcher::new(&index)?.with_passage_cache(0);
    let cached = Searcher::new(&index)?;
    let tiny = Searcher::new(&index)?.with_passage_cache(TINY_CACHE_BYTES);

    let (mut differences, mut pages, mut passages, mut highlights) = (0, 0, 0, 0);
    for question in &questions {
        let expected = uncached.search(question, &options)?;
        let expected_shown = shown(&expected);
        pages += 1;
        for (_, _, found) in &expected_shown {
            passages += found.len();
            highlights += found.iter().map(|p| p.highlights.len()).sum::<usize>();
        }
        for (pass, searcher) in [("cold", &cached), ("warm", &cached), ("tiny", &tiny)] {
            let found = searcher.search(question, &options)?;
            if shown(&found) != expected_shown {
                differences += 1;
                if differences <= 10 {
                    println!("{question} ({pass}):\n  without the cache: {expected_shown:?}\n  with it: {:?}", shown(&found));
                }
            }
        }
    }
    println!(
        "{} questions, {pages} pages, {passages} passages, {highlights} highlights compared cold, warm and tiny: {differences} differences",
        questions.len()
    );
    if differences > 0 {
        std::process::exit(1);
    }
    Ok(())
}
