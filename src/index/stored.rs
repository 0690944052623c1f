//! Stored articles read from the document store's bytes in place.
//!
//! tantivy reads a stored bytes value one byte at a time
//! (`Vec<u8>::deserialize`), which on a page of Wikipedia articles was a
//! third of reading them, and more on long ones. kosearch stores two values
//! per document, its id (text) and its article (bytes), so the bytes
//! tantivy keeps for a document are read here directly: a count of values,
//! then per value a field number (`u32`, little-endian), a type code and a
//! length-prefixed payload. Anything else (a value of another type, bytes
//! cut short) is left to tantivy's own reader, so an index written by
//! another version reads as before, only slower.

use tantivy::schema::Field;
use tantivy::store::StoreReader;
use tantivy::{DocId, TantivyDocument};

use super::schema::{article_of, Fields};
use crate::document::Article;
use crate::search::UnreadableDocument;

/// tantivy's type code of a text value (`type_codes::TEXT_CODE`).
const TEXT_CODE: u8 = 0;
/// tantivy's type code of a bytes value (`type_codes::BYTES_CODE`).
const BYTES_CODE: u8 = 4;

/// The article of document `doc` of `store`, or why it cannot be read;
/// `Err` when the store cannot be read at all.
pub(crate) fn read_article(
    store: &StoreReader,
    fields: &Fields,
    doc: DocId,
) -> tantivy::Result<Result<Article, UnreadableDocument>> {
    let bytes = store.get_document_bytes(doc)?;
    if let Some(values) = stored_values(&bytes) {
        let value = |field: Field, code: u8| {
            let found = values.iter().find(|value| value.0 == field.field_id());
            found.filter(|value| value.1 == code).map(|value| value.2)
        };
        let id = value(fields.id, TEXT_CODE).and_then(|id| std::str::from_utf8(id).ok());
        return Ok(article_of(id, value(fields.article, BYTES_CODE)));
    }
    let document: TantivyDocument = store.get(doc)?;
    Ok(fields.stored_article(&document))
}

/// The values of a document as tantivy's store serializes it, as (field,
/// type code, payload), when every value is text or bytes; `None` otherwise.
fn stored_values(mut bytes: &[u8]) -> Option<Vec<(u32, u8, &[u8])>> {
    let count = vint(&mut bytes)?;
    let mut values = Vec::with_capacity(usize::try_from(count).ok()?.min(8));
    for _ in 0..count {
        let (field, rest) = bytes.split_first_chunk::<4>()?;
        let (&code, rest) = rest.split_first()?;
        bytes = rest;
        if code != TEXT_CODE && code != BYTES_CODE {
            return None;
        }
        let length = usize::try_from(vint(&mut bytes)?).ok()?;
        let (payload, rest) = bytes.split_at_checked(length)?;
        bytes = rest;
        values.push((u32::from_le_bytes(*field), code, payload));
    }
    bytes.is_empty().then_some(values)
}

/// tantivy's `VInt`: seven bits a byte, least significant first, the last
/// byte marked by its high bit.
fn vint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (index, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * index);
        if byte & 0x80 != 0 {
            *bytes = &bytes[index + 1..];
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use tantivy::DocAddress;

    use super::*;
    use crate::analysis::TOKENIZER_NAME;

    /// Articles read through the store's bytes are those tantivy's reader
    /// reads, whatever they hold.
    #[test]
    fn articles_read_in_place_are_those_tantivy_reads() {
        let schema = Fields::schema(false, false);
        let fields = Fields::from_schema(&schema).unwrap();
        let index = tantivy::Index::create_in_ram(schema);
        // What the text fields are cut by does not matter here.
        index.tokenizers().register(
            TOKENIZER_NAME,
            tantivy::tokenizer::SimpleTokenizer::default(),
        );
        let articles = [
            Article {
                id: "ref-1".into(),
                title: "세종시, 서울시와 \"협약\"".into(),
                body: "첫 줄\n둘째 줄\t끝 \u{0}".into(),
                ..Article::default()
            },
            Article {
                id: String::new(),
                ..Article::default()
            },
            Article {
                id: "긴 본문 \u{1F600}".into(),
                body: "가나다라마바사 ".repeat(40_000),
                reporters: vec!["김기자".into(), String::new()],
                ..Article::default()
            },
        ];
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for article in &articles {
            let json = serde_json::to_vec(article).unwrap();
            writer
                .add_document(fields.document(article, &json, 7))
                .unwrap();
        }
        // A document without a stored article reads as unreadable.
        let mut bare = TantivyDocument::default();
        bare.add_text(fields.id, "bare");
        writer.add_document(bare).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut read = Vec::new();
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let store = reader.get_store_reader(1).unwrap();
            for doc_id in 0..reader.max_doc() {
                let address = DocAddress::new(segment as u32, doc_id);
                // Read in place, not left to tantivy's reader.
                let raw = store.get_document_bytes(doc_id).unwrap();
                assert!(stored_values(&raw).is_some(), "document {doc_id}");
                let in_place = read_article(&store, &fields, doc_id).unwrap();
                let document: TantivyDocument = searcher.doc(address).unwrap();
                assert_eq!(in_place, fields.stored_article(&document));
                read.push(in_place);
            }
        }
        assert_eq!(read.len(), 4);
        for article in &articles {
            assert!(read.contains(&Ok(article.clone())), "{}", article.id);
        }
        assert!(read
            .iter()
            .any(|read| read.as_ref().is_err_and(|e| e.id == "bare")));
    }

    #[test]
    fn values_of_text_and_bytes_and_nothing_else() {
        // Two values: field 0, text "ab"; field 7, bytes [1, 2, 3].
        let raw = [
            2 | 0x80,
            0,
            0,
            0,
            0,
            TEXT_CODE,
            2 | 0x80,
            b'a',
            b'b',
            7,
            0,
            0,
            0,
            BYTES_CODE,
            3 | 0x80,
            1,
            2,
            3,
        ];
        let values = stored_values(&raw).unwrap();
        assert_eq!(
            values,
            [(0, TEXT_CODE, &b"ab"[..]), (7, BYTES_CODE, &[1, 2, 3][..])]
        );
        // Cut short, with bytes left over, or a value of another type.
        assert!(stored_values(&raw[..raw.len() - 1]).is_none());
        assert!(stored_values(&[&raw[..], &[0]].concat()).is_none());
        assert!(stored_values(&[1 | 0x80, 0, 0, 0, 0, 2, 5]).is_none());
        // A length of two bytes: 300 = 0b10_0101100.
        let mut long = vec![1 | 0x80, 0, 0, 0, 0, BYTES_CODE, 0b010_1100, 2 | 0x80];
        long.extend([9; 300]);
        assert_eq!(stored_values(&long).unwrap()[0].2.len(), 300);
    }
}
