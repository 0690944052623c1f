//! Indexing and reading back: JSON Lines read with one of several field
//! mappings (chosen by the first byte, some onto fields the lines also
//! have), every article upserted into a real index and committed, then
//! every stored document loaded back and each article's title searched
//! for. Never a panic, never a refused upsert; one document per id; every
//! stored document equal to the article read (the last of its id); no
//! search fails (but for a query too long) or leaves a document out as
//! unreadable.
#![no_main]

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use kosearch::corpus::jsonl::JsonlReader;
use kosearch::corpus::FieldMap;
use kosearch::dictionary::{default_dir, KoreanDictionary};
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Article;
use kosearch::Error;
use libfuzzer_sys::fuzz_target;

/// The `--field` mappings, by the input's first byte.
const MAPPINGS: [&[&str]; 6] = [
    &[],
    &["source=press"],
    &["body=content"],
    &["id=uid"],
    &["title=body"],
    &["published_at=meta.date", "body=text", "title=content"],
];

fn index() -> &'static (tempfile::TempDir, Index, Searcher) {
    static INDEX: OnceLock<(tempfile::TempDir, Index, Searcher)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dictionary = KoreanDictionary::load(&default_dir()).expect("dictionary");
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_with(dir.path(), &dictionary, &IndexConfig::default()).unwrap();
        let searcher = Searcher::new(&index).unwrap();
        (dir, index, searcher)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mapping, lines)) = data.split_first() else {
        return;
    };
    let fields =
        FieldMap::from_assignments(MAPPINGS[usize::from(mapping) % MAPPINGS.len()].iter().copied())
            .unwrap();
    let reader = JsonlReader::new(lines, Path::new("fuzz.jsonl"), "fuzz.jsonl", &fields)
        .with_max_line_len(64 * 1024);
    let articles: Vec<Article> = reader.flatten().collect();
    if articles.is_empty() {
        return;
    }
    let (_, index, searcher) = index();
    let mut writer = index
        .writer(&WriterOptions { threads: 1, memory_budget: 16 << 20, ..WriterOptions::default() })
        .unwrap();
    let mut last = HashMap::new();
    for article in &articles {
        writer.upsert(article).expect("what a reader accepts is stored");
        last.insert(article.id.as_str(), article);
    }
    let ids = writer.len() as u64;
    writer.finish().unwrap();
    searcher.reload().unwrap();
    assert_eq!(searcher.documents(), ids, "one document per id");
    for (id, article) in last {
        assert_eq!(searcher.document(id).unwrap().as_ref(), Some(article));
        match searcher.search(&article.title, &SearchOptions::default()) {
            Ok(results) => assert!(results.unreadable.is_empty(), "{:?}", results.unreadable),
            Err(Error::Query(_)) => {}
            Err(other) => panic!("{other}"),
        }
    }
});
