//! Index the sample corpus and search it: the whole library in one page.
//!
//! ```sh
//! cargo run --example index_and_search -- "세종시와 서울시가 맺은 협약은?"
//! ```
//!
//! Reads `corpus/` (text articles and JSON Lines), builds an index in a
//! temporary directory, runs the query and prints each hit with its best
//! passage, the matches in [brackets].

use std::path::Path;

use kosearch::corpus::{Corpus, ReadOptions};
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::{Facet, SearchOptions, Searcher};

fn main() -> Result<(), kosearch::Error> {
    let query = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "세종시와 서울시가 맺은 협약은?".to_string());
    let dir = tempfile::tempdir().map_err(|e| kosearch::Error::io("temporary directory", e))?;

    // read → analyze → index
    let index = Index::create(dir.path(), &IndexConfig::default())?;
    let mut writer = index.writer(&WriterOptions::default())?;
    let corpus_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut corpus = Corpus::new(&[corpus_dir], ReadOptions::default())?;
    for article in corpus.by_ref() {
        match article {
            Ok(article) => {
                writer.upsert(&article)?;
            }
            Err(skipped) => eprintln!("skipped {}: {}", skipped.path.display(), skipped.reason),
        }
    }
    writer.commit()?;
    println!("indexed {} documents", corpus.report().read);

    // query → match → rank passages → highlight
    let searcher = Searcher::new(&index)?;
    searcher.reload()?;
    let options = SearchOptions {
        limit: 3,
        facets: vec![Facet::Section],
        ..SearchOptions::default()
    };
    let results = searcher.search(&query, &options)?;
    println!("{query}: {} matching", results.total);
    for hit in &results.hits {
        println!("\n{:.2}  {}  ({})", hit.score, hit.title, hit.id);
        if let Some(passage) = hit.passages.first() {
            let mut marked = String::new();
            let mut at = 0;
            for &(start, end) in &passage.highlights {
                marked.push_str(&passage.text[at..start]);
                marked.push('[');
                marked.push_str(&passage.text[start..end]);
                marked.push(']');
                at = end;
            }
            marked.push_str(&passage.text[at..]);
            println!("    {}", marked.replace('\n', " "));
        }
    }
    for count in &results.facets["section"] {
        println!("section {}: {}", count.value, count.count);
    }
    Ok(())
}
