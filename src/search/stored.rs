//! [`StoredArticles`]: the stored articles of a search's hits, each
//! segment's store opened once ([`read_article`] reads them in place).

use tantivy::store::StoreReader;
use tantivy::DocAddress;

use super::UnreadableDocument;
use crate::document::Article;
use crate::index::{read_article, Fields};

/// Decompressed blocks each segment's reader keeps: hits of one page often
/// share a block.
const CACHED_BLOCKS: usize = 4;

/// Reads the stored articles of one search's hits.
pub(super) struct StoredArticles<'s> {
    searcher: &'s tantivy::Searcher,
    fields: &'s Fields,
    /// Each segment's store reader, opened at its first hit.
    stores: Vec<Option<StoreReader>>,
}

impl<'s> StoredArticles<'s> {
    pub(super) fn new(searcher: &'s tantivy::Searcher, fields: &'s Fields) -> Self {
        StoredArticles {
            searcher,
            fields,
            stores: (0..searcher.segment_readers().len())
                .map(|_| None)
                .collect(),
        }
    }

    /// The article at `address`, or why it cannot be read; `Err` when the
    /// store cannot be read at all.
    pub(super) fn article(
        &mut self,
        address: DocAddress,
    ) -> tantivy::Result<Result<Article, UnreadableDocument>> {
        let segment = address.segment_ord as usize;
        let store = match &mut self.stores[segment] {
            Some(store) => store,
            empty => empty.insert(
                self.searcher
                    .segment_reader(address.segment_ord)
                    .get_store_reader(CACHED_BLOCKS)?,
            ),
        };
        read_article(store, self.fields, address.doc_id)
    }
}
