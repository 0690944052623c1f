//! The tantivy schema: which article fields are indexed, and how.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};
use tantivy::{DateTime, DocId, SegmentReader, TantivyDocument};

use crate::analysis::TOKENIZER_NAME;
use crate::document::Article;
use crate::search::UnreadableDocument;
use crate::suggest;

/// Name of the Hangul bigram tokenizer of the fallback field.
pub(crate) const BIGRAM_TOKENIZER_NAME: &str = "kosearch_hangul_bigram";

/// The fields of a kosearch index.
///
/// | field | indexed as | use |
/// |---|---|---|
/// | `id` | raw string, fast, stored | upserts and deletes by id |
/// | `title`, `body` | Korean analyzer, frequencies and positions | search, phrases |
/// | `bigram` | Hangul character bigrams of title and body (optional) | words the dictionary lacks |
/// | `published_at` | date (seconds), indexed and fast | date filters, sorting, facets |
/// | `section`, `source`, `reporter` | raw strings, indexed and fast | filters, facets |
/// | `hash` | u64, fast | incremental indexing: unchanged documents are skipped |
/// | `article` | stored JSON of the whole article | results, passages |
/// | `suggest` | the title whole and the salient words as written, document ids only (optional) | suggestions ([`crate::suggest`]) |
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub bigram: Option<Field>,
    pub published_at: Field,
    pub section: Field,
    pub source: Field,
    pub reporter: Field,
    pub hash: Field,
    pub article: Field,
    pub suggest: Option<Field>,
}

impl Fields {
    /// Builds the schema.
    pub fn schema(bigrams: bool, suggestions: bool) -> Schema {
        let mut builder = Schema::builder();
        let korean = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field("id", STRING | STORED | FAST);
        builder.add_text_field("title", korean.clone());
        builder.add_text_field("body", korean);
        if bigrams {
            builder.add_text_field(
                "bigram",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(BIGRAM_TOKENIZER_NAME)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                ),
            );
        }
        builder.add_date_field(
            "published_at",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        builder.add_text_field("section", STRING | FAST);
        builder.add_text_field("source", STRING | FAST);
        builder.add_text_field("reporter", STRING | FAST);
        builder.add_u64_field("hash", FAST);
        builder.add_bytes_field("article", STORED);
        if suggestions {
            builder.add_text_field(
                "suggest",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(suggest::TOKENIZER_NAME)
                        .set_index_option(IndexRecordOption::Basic)
                        .set_fieldnorms(false),
                ),
            );
        }
        builder.build()
    }

    /// Looks the fields up in a schema built by [`Fields::schema`].
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field("id")?,
            title: schema.get_field("title")?,
            body: schema.get_field("body")?,
            bigram: schema.get_field("bigram").ok(),
            published_at: schema.get_field("published_at")?,
            section: schema.get_field("section")?,
            source: schema.get_field("source")?,
            reporter: schema.get_field("reporter")?,
            hash: schema.get_field("hash")?,
            article: schema.get_field("article")?,
            suggest: schema.get_field("suggest").ok(),
        })
    }

    /// The texts of an article the Korean analyzer reads, with the field
    /// each goes to: the title, the subtitle and the body.
    pub fn analyzed_texts<'a>(
        &self,
        article: &'a Article,
    ) -> impl Iterator<Item = (Field, &'a str)> + 'a + use<'a> {
        [
            Some((self.title, article.title.as_str())),
            article
                .subtitle
                .as_deref()
                .map(|subtitle| (self.title, subtitle)),
            Some((self.body, article.body.as_str())),
        ]
        .into_iter()
        .flatten()
    }

    /// The tantivy document of an article; `json` is the article serialized,
    /// `hash` its content hash.
    pub fn document(&self, article: &Article, json: &[u8], hash: u64) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, &article.id);
        for (field, text) in self.analyzed_texts(article) {
            doc.add_text(field, text);
        }
        if let Some(bigram) = self.bigram {
            doc.add_text(bigram, &article.title);
            doc.add_text(bigram, &article.body);
        }
        if let Some(published) = article.published_at {
            doc.add_date(
                self.published_at,
                DateTime::from_timestamp_secs(published.timestamp()),
            );
        }
        if let Some(section) = &article.section {
            doc.add_text(self.section, section);
        }
        if let Some(source) = &article.source {
            doc.add_text(self.source, source);
        }
        for reporter in &article.reporters {
            doc.add_text(self.reporter, reporter);
        }
        doc.add_u64(self.hash, hash);
        doc.add_bytes(self.article, json);
        if let Some(suggest) = self.suggest {
            if let Some(title) = suggest::title_entry(&article.title) {
                doc.add_pre_tokenized_text(suggest, title);
            }
            doc.add_text(suggest, &article.title);
            doc.add_text(suggest, suggest::lead(&article.body));
        }
        doc
    }

    /// The article stored in `document`, or why it cannot be read back.
    pub fn stored_article(
        &self,
        document: &TantivyDocument,
    ) -> std::result::Result<Article, UnreadableDocument> {
        use tantivy::schema::Value;
        article_of(
            document.get_first(self.id).and_then(|value| value.as_str()),
            document
                .get_first(self.article)
                .and_then(|value| value.as_bytes()),
        )
    }
}

/// The article of a document from its stored id and article bytes, or why
/// it cannot be read back.
pub(super) fn article_of(
    id: Option<&str>,
    bytes: Option<&[u8]>,
) -> std::result::Result<Article, UnreadableDocument> {
    let unreadable = |reason: &str| UnreadableDocument {
        id: id.unwrap_or_default().to_string(),
        reason: reason.to_string(),
    };
    let Some(bytes) = bytes else {
        return Err(unreadable("no stored article"));
    };
    // Validated at once with SIMD: serde_json would check each string
    // with `str::from_utf8`, which reads Korean Wikipedia text at about
    // 0.4 GB/s against 6 GB/s, and a result page parses ten articles.
    let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
        return Err(unreadable("the stored article is not UTF-8"));
    };
    serde_json::from_str(text)
        .map_err(|e| unreadable(&format!("the stored article is not a JSON object: {e}")))
}

/// The id of each live document of `segment`, in document order. The id
/// column's dictionary is read in one pass: looking each id up by its
/// ordinal would decompress a block of the dictionary per document.
pub(crate) fn live_ids(segment: &SegmentReader) -> tantivy::Result<Vec<(DocId, String)>> {
    let Some(column) = segment.fast_fields().str("id")? else {
        return Ok(Vec::new());
    };
    let mut by_ordinal = Vec::with_capacity(column.num_terms());
    let mut terms = column.dictionary().stream()?;
    while terms.advance() {
        by_ordinal.push(String::from_utf8_lossy(terms.key()).into_owned());
    }
    let mut ids = Vec::with_capacity(segment.num_docs() as usize);
    for doc in segment.doc_ids_alive() {
        if let Some(id) = column
            .term_ords(doc)
            .next()
            .and_then(|ordinal| by_ordinal.get(ordinal as usize))
        {
            ids.push((doc, id.clone()));
        }
    }
    Ok(ids)
}
