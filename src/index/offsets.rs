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
//! token is written as its position and byte range, and where several
//! tokens share a position (a compound and its first part), a byte of its
//! text's hash that tells them apart: about two bytes a token. Merges copy
//! each live document's table; an index records at its creation that it
//! has the plugin, and tantivy then refuses to merge it without.
//!
//! # The file
//!
//! The tables one after another, then the offset of each document's table
//! and the end of the last (`u64`, little-endian), then the number of
//! documents (`u64`) and [`MAGIC`]. A table is a byte saying whether it
//! was recorded (a document whose body tokens were not, by a fault, is
//! searched as an index without offsets is), the number of its blocks of
//! [`BLOCK`] tokens (a varint), per block the position of its first token
//! and where its tokens start (`u32` each), then the tokens, sorted by
//! position, each block from zero. A token is a byte of [`codes`] for the
//! common cases (its position one on or the same, its start where the
//! previous token ended or one of the usual gaps after it, a length of one
//! to three Hangul syllables, whether a hash byte follows), then what the
//! codes left out: the position's step, the start's zigzag-encoded gap
//! after the previous token's end, the length (varints), the hash byte.
//! On Korean Wikipedia that is 2.1 bytes a token.
//!
//! Files of the first version ([`MAGIC_V1`], written until 2026-12-07)
//! stored per token the varint differences of its position and start from
//! the previous token's, its length and the hash byte, 4.3 bytes a token:
//! they are read as they are, and a merge writes their tables anew.

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
const MAGIC: [u8; 4] = *b"kso2";

/// The last four bytes of a file of the first version.
const MAGIC_V1: [u8; 4] = *b"kso1";

/// The encoding of a file's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// Varints for every token, and a hash byte for each ([`MAGIC_V1`]).
    V1,
    /// A byte of [`codes`] a token ([`MAGIC`]).
    V2,
}

/// The byte that starts a token: what it shares with the usual case.
mod codes {
    /// Bits 0–1: the step from the previous token's position.
    pub(super) const POSITION: u8 = 0b0000_0011;
    /// The same position (a compound's part, a whole word).
    pub(super) const POSITION_SAME: u8 = 0;
    /// The next position.
    pub(super) const POSITION_NEXT: u8 = 1;
    /// Another step, in a varint after the code.
    pub(super) const POSITION_VARINT: u8 = 2;

    /// Bits 2–4: where the token starts.
    pub(super) const START: u8 = 0b0001_1100;
    pub(super) const START_SHIFT: u32 = 2;
    /// The gaps after the previous token's end that codes 0 to 5 stand for:
    /// the six most common on Korean Wikipedia, between 22% and 2.5% of the
    /// tokens each (4 bytes, a particle of one syllable and a space left
    /// out, before 1, a space, 0, a compound's next part, 7, 8 and 2).
    pub(super) const GAPS: [i64; 6] = [0, 1, 4, 7, 8, 2];
    /// Where the previous token starts (a compound's first part).
    pub(super) const START_SAME: u8 = 6;
    /// Another start, its gap after the previous token's end zigzag-encoded
    /// in a varint.
    pub(super) const START_VARINT: u8 = 7;

    /// Bits 5–6: the length of its range, in bytes.
    pub(super) const LENGTH: u8 = 0b0110_0000;
    pub(super) const LENGTH_SHIFT: u32 = 5;
    /// Codes 1 to 3: one to three Hangul syllables (three bytes each).
    pub(super) const SYLLABLE_BYTES: u32 = 3;
    /// Another length, in a varint.
    pub(super) const LENGTH_VARINT: u8 = 0;

    /// Bit 7: a byte of the text's hash follows, for a token that shares
    /// its position with others.
    pub(super) const HASH: u8 = 0b1000_0000;
}

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
                let Some((offsets, table)) = offsets
                    .as_ref()
                    .and_then(|offsets| Some((offsets, offsets.bytes(doc)?)))
                else {
                    merged.tables.push(UNRECORDED);
                    continue;
                };
                if offsets.version == Version::V2 {
                    merged.tables.extend_from_slice(table);
                    continue;
                }
                // A table of the first version, written anew.
                let tokens = Table::read(table, offsets.version).and_then(|table| table.all());
                match tokens {
                    Some(tokens) => {
                        let tokens: Vec<RecordedToken> = tokens
                            .iter()
                            .map(|token| RecordedToken {
                                position: token.position,
                                start: token.start,
                                end: token.end,
                                hash: token.hash.unwrap_or_default(),
                            })
                            .collect();
                        encode(&tokens, &mut merged.tables);
                    }
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
    // Whether the token at `at` shares its position, with a token on
    // either side (in this block or the next).
    let shared = |at: usize| {
        let position = sorted[at].position;
        (at > 0 && sorted[at - 1].position == position)
            || sorted
                .get(at + 1)
                .is_some_and(|next| next.position == position)
    };
    for block in 0..blocks {
        let first = block * BLOCK;
        let at = header + block * 8;
        let offset = u32::try_from(out.len() - stream).unwrap_or(u32::MAX);
        out[at..at + 4].copy_from_slice(&sorted[first].position.to_le_bytes());
        out[at + 4..at + 8].copy_from_slice(&offset.to_le_bytes());
        // Each block on its own: its first token from zero.
        let (mut position, mut start, mut end) = (0u32, 0u32, 0u32);
        for at in first..sorted.len().min(first + BLOCK) {
            let token = &sorted[at];
            let step = token.position - position;
            let gap = i64::from(token.start) - i64::from(end);
            let length = token.end.saturating_sub(token.start);
            let position_code = match step {
                0 => codes::POSITION_SAME,
                1 => codes::POSITION_NEXT,
                _ => codes::POSITION_VARINT,
            };
            let start_code = match codes::GAPS.iter().position(|&usual| usual == gap) {
                Some(code) => code as u8,
                None if token.start == start => codes::START_SAME,
                None => codes::START_VARINT,
            };
            let syllables = length / codes::SYLLABLE_BYTES;
            let length_code = if length % codes::SYLLABLE_BYTES == 0 && (1..=3).contains(&syllables)
            {
                syllables as u8
            } else {
                codes::LENGTH_VARINT
            };
            let hash = shared(at);
            out.push(
                position_code
                    | start_code << codes::START_SHIFT
                    | length_code << codes::LENGTH_SHIFT
                    | if hash { codes::HASH } else { 0 },
            );
            if position_code == codes::POSITION_VARINT {
                write_varint(out, u64::from(step));
            }
            if start_code == codes::START_VARINT {
                write_varint(out, zigzag(gap));
            }
            if length_code == codes::LENGTH_VARINT {
                write_varint(out, u64::from(length));
            }
            if hash {
                out.push(token.hash);
            }
            (position, start, end) = (token.position, token.start, token.start + length);
        }
    }
}

/// A token read back from a table: a [`RecordedToken`], with its hash
/// byte where the table keeps it (for the tokens that share a position; all
/// of them in a file of the first version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoredToken {
    pub(crate) position: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) hash: Option<u8>,
}

impl StoredToken {
    /// Whether it may be the token of a text whose hash byte is `hash`: a
    /// token alone at its position is the one of any term found there.
    pub(crate) fn may_be(&self, hash: u8) -> bool {
        self.hash.is_none_or(|own| own == hash)
    }
}

/// A document's table, read: blocks of tokens sorted by position.
pub(crate) struct Table<'a> {
    version: Version,
    /// Per block, the position of its first token and where it starts in
    /// `stream` (`u32` each).
    header: &'a [u8],
    stream: &'a [u8],
}

impl<'a> Table<'a> {
    /// The table in `bytes`, encoded as `version` says, or `None` when it
    /// was not recorded or is damaged.
    fn read(bytes: &'a [u8], version: Version) -> Option<Table<'a>> {
        let (&flag, mut rest) = bytes.split_first()?;
        if flag != RECORDED {
            return None;
        }
        let blocks = usize::try_from(read_varint(&mut rest)?).ok()?;
        let (header, stream) = rest.split_at_checked(blocks.checked_mul(8)?)?;
        Some(Table {
            version,
            header,
            stream,
        })
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
    pub(crate) fn decode(&self, blocks: Range<usize>, out: &mut Vec<StoredToken>) -> Option<()> {
        out.clear();
        for block in blocks {
            let from = self.field(block, 4) as usize;
            let to = if block + 1 < self.blocks() {
                self.field(block + 1, 4) as usize
            } else {
                self.stream.len()
            };
            let stream = self.stream.get(from..to)?;
            match self.version {
                Version::V1 => decode_v1(stream, out)?,
                Version::V2 => decode_v2(stream, out)?,
            }
        }
        Some(())
    }

    /// Every token, in order; `None` when damaged.
    fn all(&self) -> Option<Vec<StoredToken>> {
        let mut out = Vec::new();
        self.decode(0..self.blocks(), &mut out)?;
        Some(out)
    }
}

/// The tokens of a block of a table of the first version into `out`.
fn decode_v1(mut rest: &[u8], out: &mut Vec<StoredToken>) -> Option<()> {
    let (mut position, mut start) = (0i64, 0i64);
    while !rest.is_empty() {
        position = position.checked_add(i64::try_from(read_varint(&mut rest)?).ok()?)?;
        start = start.checked_add(unzigzag(read_varint(&mut rest)?))?;
        let length = i64::try_from(read_varint(&mut rest)?).ok()?;
        let (&hash, after) = rest.split_first()?;
        rest = after;
        out.push(stored(position, start, length, Some(hash))?);
    }
    Some(())
}

/// The tokens of a block of a table into `out`.
fn decode_v2(mut rest: &[u8], out: &mut Vec<StoredToken>) -> Option<()> {
    let (mut position, mut start, mut end) = (0i64, 0i64, 0i64);
    while let Some((&code, after)) = rest.split_first() {
        rest = after;
        let step = match code & codes::POSITION {
            codes::POSITION_SAME => 0,
            codes::POSITION_NEXT => 1,
            codes::POSITION_VARINT => i64::try_from(read_varint(&mut rest)?).ok()?,
            _ => return None,
        };
        position = position.checked_add(step)?;
        start = match (code & codes::START) >> codes::START_SHIFT {
            codes::START_SAME => start,
            codes::START_VARINT => end.checked_add(unzigzag(read_varint(&mut rest)?))?,
            usual => end + codes::GAPS[usize::from(usual)],
        };
        let length = match (code & codes::LENGTH) >> codes::LENGTH_SHIFT {
            codes::LENGTH_VARINT => i64::try_from(read_varint(&mut rest)?).ok()?,
            syllables => i64::from(syllables) * i64::from(codes::SYLLABLE_BYTES),
        };
        let hash = if code & codes::HASH != 0 {
            let (&hash, after) = rest.split_first()?;
            rest = after;
            Some(hash)
        } else {
            None
        };
        end = start.checked_add(length)?;
        out.push(stored(position, start, length, hash)?);
    }
    Some(())
}

/// A token read back; `None` when a number is out of range (damaged).
fn stored(position: i64, start: i64, length: i64, hash: Option<u8>) -> Option<StoredToken> {
    Some(StoredToken {
        position: u32::try_from(position).ok()?,
        start: u32::try_from(start).ok()?,
        end: u32::try_from(start.checked_add(length)?).ok()?,
        hash,
    })
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
    version: Version,
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
        let version = match data[footer + 8..].try_into().ok()? {
            MAGIC => Version::V2,
            MAGIC_V1 => Version::V1,
            _ => return None,
        };
        let documents = usize::try_from(u64::from_le_bytes(
            data[footer..footer + 8].try_into().ok()?,
        ))
        .ok()?;
        let starts = footer.checked_sub(documents.checked_add(1)?.checked_mul(8)?)?;
        if documents != segment.max_doc() as usize {
            return None;
        }
        Some(TermOffsets {
            version,
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
        Table::read(self.bytes(doc)?, self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::read_article;
    use crate::index::{test_index_and_articles, Index, WriterOptions};
    use crate::search::{SearchOptions, Searcher};
    use crate::Article;

    /// `tokens` as a table of `version` gives them back: sorted by position
    /// (in their order within one), each with its hash byte where the
    /// version keeps it (every token in the first; in the second, those
    /// that share their position).
    fn read_back(tokens: &[RecordedToken], version: Version) -> Vec<StoredToken> {
        let mut sorted = tokens.to_vec();
        sorted.sort_by_key(|token| token.position);
        (0..sorted.len())
            .map(|at| {
                let token = sorted[at];
                let shared = sorted
                    .iter()
                    .enumerate()
                    .any(|(other, t)| other != at && t.position == token.position);
                StoredToken {
                    position: token.position,
                    start: token.start,
                    end: token.end,
                    hash: (version == Version::V1 || shared).then_some(token.hash),
                }
            })
            .collect()
    }

    /// A live document's id and the analyzer's tokens of its body.
    type Analyzed = (String, Vec<RecordedToken>);

    /// The analyzer's tokens of each live document's body in `segment`, by
    /// document.
    fn analyzed(index: &Index, segment: &SegmentReader) -> Vec<Option<Analyzed>> {
        let store = segment.get_store_reader(1).unwrap();
        (0..segment.max_doc())
            .map(|doc| {
                if segment
                    .alive_bitset()
                    .is_some_and(|alive| !alive.is_alive(doc))
                {
                    return None;
                }
                let article = read_article(&store, index.fields(), doc).unwrap().unwrap();
                let tokens = index
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
                Some((article.id, tokens))
            })
            .collect()
    }

    /// Every live document's table holds the analyzer's tokens of its body;
    /// the number of documents checked.
    fn check_tables(index: &Index) -> usize {
        let reader = index.tantivy().reader().unwrap();
        let searcher = reader.searcher();
        let mut checked = 0;
        for segment in searcher.segment_readers() {
            let documents = analyzed(index, segment);
            let offsets = TermOffsets::open(segment).expect("the segment's term offsets");
            assert_eq!(offsets.version, Version::V2);
            for (doc, document) in documents.into_iter().enumerate() {
                let Some((id, tokens)) = document else {
                    continue;
                };
                let decoded = offsets
                    .table(doc as DocId)
                    .and_then(|table| table.all())
                    .expect(&id);
                assert!(
                    decoded == read_back(&tokens, Version::V2),
                    "the tokens of {id} differ"
                );
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

    /// The first version's table of `tokens`, as it was written: per token
    /// the varint differences of its position and start from the previous
    /// token's, its length and its hash byte.
    fn encode_v1(tokens: &[RecordedToken], out: &mut Vec<u8>) {
        let mut sorted = tokens.to_vec();
        sorted.sort_by_key(|token| token.position);
        out.push(RECORDED);
        let blocks = sorted.len().div_ceil(BLOCK);
        write_varint(out, blocks as u64);
        let header = out.len();
        out.resize(header + blocks * 8, 0);
        let stream = out.len();
        for (block, tokens) in sorted.chunks(BLOCK).enumerate() {
            let at = header + block * 8;
            let offset = (out.len() - stream) as u32;
            out[at..at + 4].copy_from_slice(&tokens[0].position.to_le_bytes());
            out[at + 4..at + 8].copy_from_slice(&offset.to_le_bytes());
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

    /// An index whose `.offsets` files are of the first version (as an
    /// index written before 2026-12-07 has) finds the same passages, and a
    /// merge writes its tables in the current version.
    #[test]
    fn files_of_the_first_version_are_read_and_merged_anew() {
        let (dir, index, articles) = test_index_and_articles(30);
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for (n, article) in articles.iter().enumerate() {
            writer.upsert(article).unwrap();
            if n % 10 == 9 {
                writer.commit().unwrap();
            }
        }
        drop(writer);
        let questions = [
            "세종시와 서울시가 맺은 협약은?",
            "대통령 선거",
            "조선 시대의 왕",
        ];
        // The hits and their passages (a merge may move a score's last
        // digit: sums over one segment instead of three).
        let answers = |index: &Index| -> Vec<(String, String)> {
            let searcher = Searcher::new(index).unwrap();
            questions
                .iter()
                .flat_map(|question| {
                    let results = searcher
                        .search(question, &SearchOptions::default())
                        .unwrap();
                    results
                        .hits
                        .into_iter()
                        .map(|hit| (hit.id, serde_json::to_string(&hit.passages).unwrap()))
                })
                .collect()
        };
        let expected = answers(&index);
        // The tables written again as the first version wrote them, from
        // the analyzer's tokens (every one with its hash byte).
        let reader = index.tantivy().reader().unwrap();
        let searcher = reader.searcher();
        let segments = searcher.segment_readers();
        assert!(segments.len() > 1, "{} segments", segments.len());
        let written = index.tantivy().searchable_segments().unwrap();
        for segment in segments {
            let documents = analyzed(&index, segment);
            let mut bytes = Vec::new();
            let mut starts = Vec::new();
            for document in &documents {
                starts.push(bytes.len() as u64);
                match document {
                    Some((_, tokens)) => encode_v1(tokens, &mut bytes),
                    None => bytes.push(UNRECORDED),
                }
            }
            starts.push(bytes.len() as u64);
            for start in &starts {
                bytes.extend_from_slice(&start.to_le_bytes());
            }
            bytes.extend_from_slice(&(documents.len() as u64).to_le_bytes());
            bytes.extend_from_slice(&MAGIC_V1);
            // Through tantivy's directory, which adds its footer.
            let target = written
                .iter()
                .find(|written| written.id() == segment.segment_id())
                .unwrap();
            let path = target.relative_path(component());
            tantivy::Directory::delete(index.tantivy().directory(), &path).unwrap();
            let mut file = target.open_write(component()).unwrap();
            file.write_all(&bytes).unwrap();
            file.terminate().unwrap();
        }
        drop((searcher, reader, written));
        let index = Index::open_with(dir.path(), &crate::analysis::test_dictionary()).unwrap();
        {
            let reader = index.tantivy().reader().unwrap();
            let searcher = reader.searcher();
            for segment in searcher.segment_readers() {
                let documents = analyzed(&index, segment);
                let offsets = TermOffsets::open(segment).unwrap();
                assert_eq!(offsets.version, Version::V1);
                for (doc, document) in documents.iter().enumerate() {
                    let Some((id, tokens)) = document else {
                        continue;
                    };
                    let decoded = offsets.table(doc as DocId).and_then(|table| table.all());
                    assert_eq!(decoded, Some(read_back(tokens, Version::V1)), "{id}");
                }
            }
        }
        assert_eq!(answers(&index), expected);
        index.force_merge().unwrap();
        assert_eq!(check_tables(&index), 30);
        assert_eq!(answers(&index), expected);
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
        // Each usual gap and length, and others.
        let mut start = 20;
        for (n, gap) in [0, 1, 4, 7, 3, 6, 2, 5, 40, 1_000].into_iter().enumerate() {
            for length in [3, 6, 9, 0, 1, 12, 300] {
                start += gap;
                let position = 2 + n as u32 * 3 + u32::from(length == 9);
                tokens.push(token(position, start, start + length, length as u8));
                start += length;
            }
        }
        // Enough for several blocks, one position spanning two of them.
        for n in 0..100 {
            let position = 40 + n / 3;
            tokens.push(token(position, 3_000 + n * 4, 3_002 + n * 4, n as u8));
        }
        tokens.push(token(u32::MAX - 1, u32::MAX - 4, u32::MAX, 255));
        let mut table = Vec::new();
        encode(&tokens, &mut table);
        let read = Table::read(&table, Version::V2).expect("a recorded table");
        assert_eq!(read.all(), Some(read_back(&tokens, Version::V2)));
        let mut v1 = Vec::new();
        encode_v1(&tokens, &mut v1);
        assert!(
            table.len() < v1.len(),
            "{} against {} bytes",
            table.len(),
            v1.len()
        );
        assert_eq!(
            Table::read(&v1, Version::V1).and_then(|table| table.all()),
            Some(read_back(&tokens, Version::V1))
        );
        let mut found = Vec::new();
        for position in [0, 1, 2, 12, 13, 40, 41, 72, u32::MAX - 1, u32::MAX] {
            read.decode(read.blocks_at(position), &mut found).unwrap();
            let at: Vec<StoredToken> = found
                .iter()
                .filter(|t| t.position == position)
                .copied()
                .collect();
            let expected: Vec<StoredToken> = read_back(&tokens, Version::V2)
                .into_iter()
                .filter(|t| t.position == position)
                .collect();
            assert_eq!(at, expected, "position {position}");
        }
        // Nothing recorded, nothing at all, and damaged tables.
        assert!(Table::read(&[UNRECORDED], Version::V2).is_none());
        assert!(Table::read(&[], Version::V2).is_none());
        for cut in 1..4 {
            let damaged = Table::read(&table[..table.len() - cut], Version::V2).unwrap();
            assert_eq!(damaged.all(), None, "{cut} bytes cut");
        }
        let mut empty = Vec::new();
        encode(&[], &mut empty);
        assert_eq!(
            Table::read(&empty, Version::V2).unwrap().all(),
            Some(Vec::new())
        );
    }

    proptest::proptest! {
        /// Any tokens, in any order, positions near and far, starts before,
        /// at and after the previous token's end, come back from their table.
        #[test]
        fn any_tokens_come_back(
            raw in proptest::collection::vec(
                (
                    proptest::prop_oneof![0u32..60, 0u32..100_000],
                    proptest::prop_oneof![0u32..300, 0u32..1_000_000],
                    proptest::prop_oneof![0u32..12, 0u32..5_000],
                    proptest::num::u8::ANY,
                ),
                0..200,
            )
        ) {
            let tokens: Vec<RecordedToken> = raw
                .iter()
                .map(|&(position, start, length, hash)| RecordedToken {
                    position,
                    start,
                    end: start + length,
                    hash,
                })
                .collect();
            let mut table = Vec::new();
            encode(&tokens, &mut table);
            let read = Table::read(&table, Version::V2).and_then(|table| table.all());
            proptest::prop_assert_eq!(read, Some(read_back(&tokens, Version::V2)));
        }

        /// Bytes of any kind are read as a table or refused, never a panic.
        #[test]
        fn any_bytes_are_read_or_refused(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)
        ) {
            for version in [Version::V1, Version::V2] {
                if let Some(table) = Table::read(&bytes, version) {
                    let _ = table.all();
                    let mut found = Vec::new();
                    let _ = table.decode(table.blocks_at(3), &mut found);
                }
            }
        }
    }
}
