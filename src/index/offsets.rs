//! Term offsets: for each document of a segment, where each of its body's
//! terms stands, kept in a file of the segment (`.offsets`) by a tantivy
//! segment plugin ([`OffsetsPlugin`]).
//!
//! A search's passages show where the query's terms stand in a hit's body.
//! The body's positions are in the index already (the postings give each
//! term's positions in a document), but not the byte ranges they stand
//! for; without them, the passages analyze the words around the literal
//! occurrences of the query's terms at every search, which was a third of
//! a question's time. This table maps positions to byte ranges.
//!
//! # How it is written
//!
//! tantivy analyzes a document's fields and then runs the segment plugins,
//! on the same thread; the analyzer's tokenizer records the tokens of the
//! text it analyzed last ([`recording`]), and the plugin's writer finds
//! there those of the document's body, without analyzing it again. Each
//! token is written as its position, byte range and a byte of its text's
//! hash (which tells apart the terms at one position, a compound and its
//! first part), a few bytes a token. Merges copy each live document's
//! table; an index records at its creation that it has the plugin, and
//! tantivy then refuses to merge it without.
//!
//! # The file
//!
//! The tables one after another, then the offset of each document's table
//! and the end of the last (`u64`, little-endian), then the number of
//! documents (`u64`) and [`MAGIC`]. A table is a byte saying whether it
//! was recorded (a document whose body tokens were not, by a fault, is
//! searched as an index without offsets is), then per token: the
//! zigzag-encoded differences of its position and start from the previous
//! token's, the length of its range (varints) and the hash byte.

use std::any::Any;
use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use tantivy::directory::{FileSlice, OwnedBytes, TerminatingWrite};
use tantivy::index::SegmentComponent;
use tantivy::indexer::doc_id_mapping::MappingType;
use tantivy::indexer::DocIdMapping;
use tantivy::plugin::{PluginMergeContext, PluginWriter, PluginWriterContext, SegmentPlugin};
use tantivy::schema::document::{ErasedDocument, ErasedValue, ReferenceValueLeaf};
use tantivy::schema::{Field, Schema};
use tantivy::{DocId, Segment, SegmentReader, TantivyError};

use crate::analysis::recording::{self, RecordedToken};

/// The extension of the file, and the plugin's name in `meta.json`.
pub(crate) const EXTENSION: &str = "offsets";

/// The last four bytes of the file.
const MAGIC: [u8; 4] = *b"kso1";

/// The table of a document whose tokens were recorded, and of one whose
/// were not.
const RECORDED: u8 = 1;
const UNRECORDED: u8 = 0;

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

/// The segment plugin that writes and merges the term offsets.
pub(crate) struct OffsetsPlugin;

/// The plugin, to register with an index.
pub(crate) fn plugin() -> Arc<dyn SegmentPlugin> {
    Arc::new(OffsetsPlugin)
}

impl SegmentPlugin for OffsetsPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, ctx: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        Ok(Box::new(OffsetsWriter {
            body: ctx.segment.schema().get_field("body").ok(),
            tables: Vec::new(),
            starts: Vec::new(),
        }))
    }

    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        // Documents are stacked segment after segment, the deleted left
        // out, unless the index is sorted (a kosearch index never is).
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(TantivyError::InvalidArgument(
                "term offsets cannot follow a merge that reorders documents".into(),
            ));
        }
        let mut merged = OffsetsWriter {
            body: None,
            tables: Vec::new(),
            starts: Vec::new(),
        };
        for reader in ctx.readers {
            let offsets = TermOffsets::open(reader);
            for doc in 0..reader.max_doc() {
                if reader
                    .alive_bitset()
                    .is_some_and(|alive| !alive.is_alive(doc))
                {
                    continue;
                }
                merged.starts.push(merged.tables.len() as u64);
                match offsets.as_ref().and_then(|offsets| offsets.bytes(doc)) {
                    Some(table) => merged.tables.extend_from_slice(table),
                    None => merged.tables.push(UNRECORDED),
                }
            }
        }
        merged.write(ctx.target_segment)
    }
}

/// The tables of a segment being written.
struct OffsetsWriter {
    /// The body field (none in a schema without one).
    body: Option<Field>,
    tables: Vec<u8>,
    /// Where each document's table starts in `tables`.
    starts: Vec<u64>,
}

impl OffsetsWriter {
    fn write(mut self, segment: &Segment) -> tantivy::Result<()> {
        let documents = self.starts.len() as u64;
        self.starts.push(self.tables.len() as u64);
        let mut file = segment.open_write(component())?;
        file.write_all(&self.tables)?;
        for start in &self.starts {
            file.write_all(&start.to_le_bytes())?;
        }
        file.write_all(&documents.to_le_bytes())?;
        file.write_all(&MAGIC)?;
        file.terminate()?;
        Ok(())
    }
}

impl PluginWriter for OffsetsWriter {
    fn add_document(
        &mut self,
        _doc: DocId,
        document: &dyn ErasedDocument,
        _schema: &Schema,
    ) -> tantivy::Result<()> {
        self.starts.push(self.tables.len() as u64);
        // The document's first body value, as the indexer read it (the
        // very string it analyzed, for the recording to be found).
        let body = self.body.and_then(|body| {
            document
                .erased_fields()
                .find_map(|(field, value)| match value {
                    ErasedValue::Leaf(ReferenceValueLeaf::Str(text)) if field == body => Some(text),
                    _ => None,
                })
        });
        let Some(body) = body else {
            // No body: no terms.
            self.tables.push(RECORDED);
            return Ok(());
        };
        recording::with_recorded(body, |tokens| match tokens {
            Some(tokens) => encode(tokens, &mut self.tables),
            None => self.tables.push(UNRECORDED),
        });
        Ok(())
    }

    fn serialize(
        self: Box<Self>,
        segment: &Segment,
        doc_id_map: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        if doc_id_map.is_some() {
            return Err(TantivyError::InvalidArgument(
                "term offsets cannot follow a sorted index".into(),
            ));
        }
        self.write(segment)
    }

    fn mem_usage(&self) -> usize {
        self.tables.capacity() + self.starts.capacity() * std::mem::size_of::<u64>()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Tokens per block of a table: a lookup decodes the blocks that hold the
/// positions it wants, not the whole table.
const BLOCK: usize = 32;

/// Appends the table of `tokens` to `out`, sorted by position (in the
/// analyzer's order within one).
fn encode(tokens: &[RecordedToken], out: &mut Vec<u8>) {
    // Usually in order already: a copy to sort would double the memory a
    // body of 16 MiB takes here.
    let sorted = if tokens.is_sorted_by_key(|token| token.position) {
        std::borrow::Cow::Borrowed(tokens)
    } else {
        let mut sorted = tokens.to_vec();
        sorted.sort_by_key(|token| token.position);
        std::borrow::Cow::Owned(sorted)
    };
    out.push(RECORDED);
    let blocks = sorted.len().div_ceil(BLOCK);
    write_varint(out, blocks as u64);
    let header = out.len();
    out.resize(header + blocks * 8, 0);
    let stream = out.len();
    for (block, tokens) in sorted.chunks(BLOCK).enumerate() {
        let at = header + block * 8;
        let offset = u32::try_from(out.len() - stream).unwrap_or(u32::MAX);
        out[at..at + 4].copy_from_slice(&tokens[0].position.to_le_bytes());
        out[at + 4..at + 8].copy_from_slice(&offset.to_le_bytes());
        // Each block on its own: its first token from zero.
        let (mut position, mut start) = (0u32, 0u32);
        for token in tokens {
            write_varint(out, u64::from(token.position - position));
            write_varint(out, zigzag(i64::from(token.start) - i64::from(start)));
            write_varint(out, u64::from(token.end.saturating_sub(token.start)));
            out.push(token.hash);
            (position, start) = (token.position, token.start);
        }
    }
}

/// A document's table, read: blocks of tokens sorted by position.
pub(crate) struct Table<'a> {
    /// Per block, the position of its first token and where it starts in
    /// `stream` (`u32` each).
    header: &'a [u8],
    stream: &'a [u8],
}

impl<'a> Table<'a> {
    /// The table in `bytes`, or `None` when it was not recorded or is
    /// damaged.
    fn read(bytes: &'a [u8]) -> Option<Table<'a>> {
        let (&flag, mut rest) = bytes.split_first()?;
        if flag != RECORDED {
            return None;
        }
        let blocks = usize::try_from(read_varint(&mut rest)?).ok()?;
        let (header, stream) = rest.split_at_checked(blocks.checked_mul(8)?)?;
        Some(Table { header, stream })
    }

    fn blocks(&self) -> usize {
        self.header.len() / 8
    }

    /// The `u32` at byte `at` of `block`'s header entry.
    fn field(&self, block: usize, at: usize) -> u32 {
        let at = block * 8 + at;
        let bytes: [u8; 4] = self.header[at..at + 4].try_into().unwrap_or_default();
        u32::from_le_bytes(bytes)
    }

    /// The blocks that may hold tokens at `position`: from the last that
    /// starts before it to the last that starts at it.
    pub(crate) fn blocks_at(&self, position: u32) -> Range<usize> {
        let first_at = |block: usize| self.field(block, 0);
        // The first block starting at or after `position`, and the first
        // starting after it.
        let partition = |after: bool| {
            let (mut low, mut high) = (0, self.blocks());
            while low < high {
                let middle = (low + high) / 2;
                let first = first_at(middle);
                if first < position || (after && first == position) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            low
        };
        partition(false).saturating_sub(1)..partition(true)
    }

    /// The tokens of `blocks` into `out`, in order; `None` when damaged.
    pub(crate) fn decode(&self, blocks: Range<usize>, out: &mut Vec<RecordedToken>) -> Option<()> {
        out.clear();
        for block in blocks {
            let from = self.field(block, 4) as usize;
            let to = if block + 1 < self.blocks() {
                self.field(block + 1, 4) as usize
            } else {
                self.stream.len()
            };
            let mut rest = self.stream.get(from..to)?;
            let (mut position, mut start) = (0i64, 0i64);
            while !rest.is_empty() {
                position += i64::try_from(read_varint(&mut rest)?).ok()?;
                start += unzigzag(read_varint(&mut rest)?);
                let length = i64::try_from(read_varint(&mut rest)?).ok()?;
                let (&hash, after) = rest.split_first()?;
                rest = after;
                out.push(RecordedToken {
                    position: u32::try_from(position).ok()?,
                    start: u32::try_from(start).ok()?,
                    end: u32::try_from(start.checked_add(length)?).ok()?,
                    hash,
                });
            }
        }
        Some(())
    }

    /// Every token, in order; `None` when damaged.
    #[cfg(test)]
    fn all(&self) -> Option<Vec<RecordedToken>> {
        let mut out = Vec::new();
        self.decode(0..self.blocks(), &mut out)?;
        Some(out)
    }
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7F) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// The term offsets of one segment, read (cheap to clone: the bytes are
/// shared).
#[derive(Clone)]
pub(crate) struct TermOffsets {
    data: OwnedBytes,
    /// Where the documents' table starts end (`documents + 1` offsets).
    starts: usize,
    documents: usize,
}

impl TermOffsets {
    /// The segment's term offsets; `None` when it has none (an index made
    /// before them) or the file is damaged, in which case its passages are
    /// found without.
    pub(crate) fn open(segment: &SegmentReader) -> Option<TermOffsets> {
        let file: FileSlice = segment.open_read(component()).ok()?;
        let data = file.read_bytes().ok()?;
        let footer = data.len().checked_sub(12)?;
        if data[footer + 8..] != MAGIC {
            return None;
        }
        let documents = usize::try_from(u64::from_le_bytes(
            data[footer..footer + 8].try_into().ok()?,
        ))
        .ok()?;
        let starts = footer.checked_sub(documents.checked_add(1)?.checked_mul(8)?)?;
        if documents != segment.max_doc() as usize {
            return None;
        }
        Some(TermOffsets {
            data,
            starts,
            documents,
        })
    }

    /// The bytes of `doc`'s table.
    fn bytes(&self, doc: DocId) -> Option<&[u8]> {
        let doc = doc as usize;
        if doc >= self.documents {
            return None;
        }
        let offset = |index: usize| {
            let at = self.starts + index * 8;
            let bytes: [u8; 8] = self.data[at..at + 8].try_into().ok()?;
            usize::try_from(u64::from_le_bytes(bytes)).ok()
        };
        let (from, to) = (offset(doc)?, offset(doc + 1)?);
        self.data
            .get(from..to.min(self.starts))
            .filter(|_| from <= to)
    }

    /// `doc`'s table; `None` when it was not recorded or is damaged.
    pub(crate) fn table(&self, doc: DocId) -> Option<Table<'_>> {
        Table::read(self.bytes(doc)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::read_article;
    use crate::index::{test_index_and_articles, Index, WriterOptions};
    use crate::Article;

    /// Every live document's table holds the analyzer's tokens of its body.
    fn check_tables(index: &Index) -> usize {
        let reader = index.tantivy().reader().unwrap();
        let searcher = reader.searcher();
        let mut checked = 0;
        for segment in searcher.segment_readers() {
            let offsets = TermOffsets::open(segment).expect("the segment's term offsets");
            let store = segment.get_store_reader(1).unwrap();
            for doc in 0..segment.max_doc() {
                if segment
                    .alive_bitset()
                    .is_some_and(|alive| !alive.is_alive(doc))
                {
                    continue;
                }
                let article = read_article(&store, index.fields(), doc).unwrap().unwrap();
                let mut expected: Vec<RecordedToken> = index
                    .analyzer()
                    .analyze(&article.body)
                    .iter()
                    .map(|term| RecordedToken {
                        position: term.position as u32,
                        start: term.start as u32,
                        end: term.end as u32,
                        hash: recording::text_hash(&term.text),
                    })
                    .collect();
                // Sorted by position, in the analyzer's order within one.
                expected.sort_by_key(|token| token.position);
                let decoded = offsets
                    .table(doc)
                    .and_then(|table| table.all())
                    .expect(&article.id);
                assert!(decoded == expected, "the tokens of {} differ", article.id);
                checked += 1;
            }
        }
        checked
    }

    #[test]
    fn an_index_keeps_each_body_s_tokens_through_commits_deletes_and_merges() {
        let (_dir, index, articles) = test_index_and_articles(40);
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for (n, article) in articles.iter().enumerate() {
            writer.upsert(article).unwrap();
            if n % 15 == 14 {
                writer.commit().unwrap();
            }
        }
        // An empty body, and a body written again.
        let empty = Article {
            id: "empty".into(),
            title: "제목만".into(),
            ..Article::default()
        };
        writer.upsert(&empty).unwrap();
        writer.commit().unwrap();
        for article in &articles[..5] {
            writer.delete(&article.id).unwrap();
        }
        writer
            .upsert(&Article {
                body: "세종시는 서울시와 협약을 맺었다.".into(),
                ..articles[6].clone()
            })
            .unwrap();
        writer.commit().unwrap();
        drop(writer);
        assert_eq!(check_tables(&index), 36);
        index.force_merge().unwrap();
        assert_eq!(check_tables(&index), 36);
    }

    #[test]
    fn tables_decode_to_their_tokens_and_find_positions() {
        let token = |position, start, end, hash| RecordedToken {
            position,
            start,
            end,
            hash,
        };
        // A compound and its first part at one position, the next part, a
        // token before the previous one, and far on.
        let mut tokens = vec![
            token(0, 0, 9, 7),
            token(0, 0, 6, 200),
            token(1, 6, 9, 3),
            token(1, 2, 5, 0),
        ];
        // Enough for several blocks, one position spanning two of them.
        for n in 0..100 {
            let position = 2 + n / 3;
            tokens.push(token(position, 10 + n * 4, 12 + n * 4, n as u8));
        }
        tokens.push(token(u32::MAX - 1, u32::MAX - 4, u32::MAX, 255));
        let mut table = Vec::new();
        encode(&tokens, &mut table);
        let read = Table::read(&table).expect("a recorded table");
        assert_eq!(read.all(), Some(tokens.clone()));
        let mut found = Vec::new();
        for position in [0, 1, 2, 12, 13, 35, u32::MAX - 1, u32::MAX] {
            read.decode(read.blocks_at(position), &mut found).unwrap();
            let at: Vec<RecordedToken> = found
                .iter()
                .filter(|t| t.position == position)
                .copied()
                .collect();
            let expected: Vec<RecordedToken> = tokens
                .iter()
                .filter(|t| t.position == position)
                .copied()
                .collect();
            assert_eq!(at, expected, "position {position}");
        }
        // Nothing recorded, nothing at all, and damaged tables.
        assert!(Table::read(&[UNRECORDED]).is_none());
        assert!(Table::read(&[]).is_none());
        let cut = Table::read(&table[..table.len() - 1]).unwrap();
        assert_eq!(cut.all(), None);
        let mut empty = Vec::new();
        encode(&[], &mut empty);
        assert_eq!(Table::read(&empty).unwrap().all(), Some(Vec::new()));
    }
}
