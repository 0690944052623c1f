//! [`Statistics`]: the document frequencies and token counts a search reads
//! (for BM25, for its stop words and common parts, for passage weights),
//! remembered across the searches of one version of the index.
//!
//! A question reads the frequency of each of its terms several times (to
//! tell a stop word, a common part of a compound, the weights of its
//! passages, then its BM25 weights in title and body), and each time in
//! every segment's term dictionary: on 100,000 Wikipedia articles in six
//! segments that was a tenth of a question's time. Frequencies only change
//! when the index does, and questions share many terms, so a
//! [`Searcher`](super::Searcher) keeps them in a [`FrequencyMemo`] for as
//! long as it reads the same commit (a reload starts afresh).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::Term;

/// Terms remembered at most; beyond, the memo starts afresh. Some 40 bytes
/// of key and value each.
const MAX_TERMS: usize = 1 << 16;

/// Document frequencies and token counts of one commit of an index.
#[derive(Default)]
pub(crate) struct FrequencyMemo {
    memo: Mutex<Memo>,
}

#[derive(Default)]
struct Memo {
    /// The generation of the searcher the figures were read from.
    generation: u64,
    frequencies: HashMap<Term, u64>,
    tokens: HashMap<Field, u64>,
}

/// The statistics of the index a tantivy searcher reads, through a memo.
pub(crate) struct Statistics<'a> {
    searcher: &'a tantivy::Searcher,
    memo: &'a FrequencyMemo,
}

impl FrequencyMemo {
    /// The statistics of `searcher`'s commit, remembered here.
    pub(crate) fn of<'a>(&'a self, searcher: &'a tantivy::Searcher) -> Statistics<'a> {
        Statistics {
            searcher,
            memo: self,
        }
    }

    /// The memo, locked for one look-up or insertion, and emptied when it
    /// holds another commit's figures than `generation`'s.
    fn lock(&self, generation: u64) -> std::sync::MutexGuard<'_, Memo> {
        let mut memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        if memo.generation != generation {
            *memo = Memo {
                generation,
                ..Memo::default()
            };
        }
        memo
    }
}

impl Statistics<'_> {
    /// Documents in the commit read.
    pub(crate) fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn generation(&self) -> u64 {
        self.searcher.generation().generation_id()
    }
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let generation = self.generation();
        if let Some(&tokens) = self.memo.lock(generation).tokens.get(&field) {
            return Ok(tokens);
        }
        let tokens = self.searcher.total_num_tokens(field)?;
        self.memo.lock(generation).tokens.insert(field, tokens);
        Ok(tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let generation = self.generation();
        if let Some(&frequency) = self.memo.lock(generation).frequencies.get(term) {
            return Ok(frequency);
        }
        // Read without the lock: another search may read the same term
        // meanwhile, and finds the same.
        let frequency = self.searcher.doc_freq(term)?;
        let mut memo = self.memo.lock(generation);
        if memo.frequencies.len() >= MAX_TERMS {
            memo.frequencies.clear();
        }
        memo.frequencies.insert(term.clone(), frequency);
        Ok(frequency)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    #[test]
    fn remembered_figures_are_the_commit_s_and_a_new_commit_reads_afresh() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in ["세종 서울", "세종 협약", "정원"] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        let memo = FrequencyMemo::default();
        let term = |text: &str| Term::from_field_text(body, text);
        let figures = |statistics: &Statistics<'_>| {
            ["세종", "서울", "정원", "없는"].map(|text| statistics.doc_freq(&term(text)).unwrap())
        };

        let searcher = reader.searcher();
        let statistics = memo.of(&searcher);
        // Read, then remembered: the same both times, and tantivy's.
        for _ in 0..2 {
            assert_eq!(figures(&statistics), [2, 1, 1, 0]);
            assert_eq!(
                statistics.total_num_tokens(body).unwrap(),
                searcher.total_num_tokens(body).unwrap()
            );
        }

        writer.add_document(doc!(body => "세종 정원")).unwrap();
        writer.commit().unwrap();
        reader.reload().unwrap();
        let newer = reader.searcher();
        assert_eq!(figures(&memo.of(&newer)), [3, 1, 2, 0]);
        // A search still on the older commit reads that commit's figures.
        assert_eq!(figures(&memo.of(&searcher)), [2, 1, 1, 0]);
    }
}
