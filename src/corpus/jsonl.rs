//! JSON Lines files: one JSON object a line, plain or compressed, with a
//! mapping from the source's field names to [`Article`] fields.
//!
//! # Fields
//!
//! Each [`Article`] field reads the source field of the same name. A field
//! that is not mapped explicitly (with [`FieldMap::insert`], the `--field
//! ARTICLE_FIELD=SOURCE_FIELD` flag) also tries common aliases, in order,
//! and takes the first one that is present and not empty:
//!
//! | article field | aliases |
//! |---|---|
//! | `id` | `doc_id`, `article_id` |
//! | `title` | `headline`, `제목` |
//! | `subtitle` | `subheadline`, `subheading`, `부제` |
//! | `body` | `content`, `text`, `contents`, `articleBody`, `본문` |
//! | `reporters` | `reporter`, `author`, `authors`, `byline`, `기자` |
//! | `email` | `reporter_email`, `e-mail` |
//! | `published_at` | `date`, `datetime`, `created_at`, `pubDate`, `published`, `publish_date`, `datePublished`, `날짜`, `작성일` |
//! | `updated_at` | `modified`, `modified_at`, `updated`, `dateModified`, `수정일` |
//! | `section` | `category`, `분류`, `카테고리` |
//! | `source` | `publisher`, `press`, `media`, `언론사`, `출처` |
//! | `url` | `link` |
//! | `tags` | `keywords`, `키워드`, `태그` |
//!
//! An explicit mapping replaces the name and its aliases. A source field may
//! name a nested value with dots (`meta.date`); a key that itself contains
//! dots is matched whole first. Every source field that feeds no article
//! field is kept in [`Article::extra`] as it was (a nested value taken out
//! of an object leaves the rest of the object there), except a top-level
//! key named like an article field (`body` when `--field body=content`
//! maps the body elsewhere): it is kept under [`UNREAD_KEY`]
//! (`{"_unread": {"body": …}}`), or dropped when it has no content (null,
//! blank text, an empty array). `extra` never holds an article field's
//! name, so an article's JSON holds each name once.
//!
//! An [`Article`] serialized as JSON reads back equal, with one exception
//! that follows from the aliases: an `extra` key named like an alias of a
//! field the article lacks (`category` without `section`) feeds that field.
//!
//! # Values
//!
//! * Text is trimmed; a number is read as its decimal text, exactly as
//!   written (`12345678901234567890123`, `1.5e3`: numeric ids). An empty
//!   optional field (subtitle, email, section, source, url) is absent.
//! * `body` may also be an array of paragraphs, joined with blank lines.
//! * `reporters` and `tags` may be arrays, or one string listing several:
//!   reporters separated by `,` or a middle dot (`·`, `ㆍ`, `・`), tags by
//!   `,`.
//! * Dates are read by [`parse_date`], or as a number of seconds since the
//!   Unix epoch; from 10¹¹ on (as seconds, after the year 5138), as
//!   milliseconds, from 10¹⁴ on as microseconds, from 10¹⁷ on as
//!   nanoseconds. A date must lie in the range an index can hold
//!   ([`INDEXABLE_SECONDS`](crate::document::INDEXABLE_SECONDS), 1677-09-21 to
//!   2262-04-11).
//! * An id is at most [`MAX_ID_BYTES`](crate::document::MAX_ID_BYTES) bytes long; a longer one skips the line.
//!
//! A value that cannot be read as its article field (a date that is not a
//! date or out of range, an object where text belongs) is not fatal: the
//! field reads its next alias, if one has content, and the value is kept
//! in `extra` under [`UNREAD_KEY`] and its source name, with a [`Notice`].
//!
//! # Lines
//!
//! Lines are numbered from 1; blank lines are ignored. A line that is not
//! valid UTF-8 is decoded as EUC-KR (CP949) when it is valid as that (with a
//! notice). Every line that cannot give an article becomes a
//! [`SkippedDocument`] and reading goes on: bytes that are neither UTF-8 nor
//! EUC-KR, malformed JSON (with serde's message and column), a JSON value
//! that is not an object, an object whose body is missing, empty or not
//! text, a line longer than the limit of a document's size
//! ([`DEFAULT_MAX_DOCUMENT_SIZE`], never read whole into memory). A read
//! error (a truncated or corrupt compressed file) ends the file with one
//! skip for the rest of it.
//!
//! A line without an id gets `ID_PREFIX:LINE`. A line without a title gets
//! the first line of its body, cut to [`DERIVED_TITLE_MAX_CHARS`](super::DERIVED_TITLE_MAX_CHARS) characters
//! (with `…` when cut): a rule for the whole source rather than a change to
//! one document, so it records no notice.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Map, Number, Value};

use super::dates::parse_date;
use super::names::{split_names, split_tags};
use super::{
    over_size_limit, title_from_body, Notice, SkippedDocument, DEFAULT_MAX_DOCUMENT_SIZE,
    NO_BODY_FIELD,
};
use crate::document::{check_id, check_indexable, has_content, Article, Field, KST, UNREAD_KEY};

/// Buffer size for reading files and decompressed streams.
const BUFFER_SIZE: usize = 256 * 1024;

/// The line buffer keeps at most this much memory between lines, so that
/// one long line does not hold its size for the rest of the file.
const LINE_BUFFER_KEPT: usize = 1024 * 1024;

/// The largest window a zstd frame may ask for (`zstd --long=31`; 30 on
/// 32-bit targets, their limit).
const ZSTD_WINDOW_LOG_MAX: u32 = if cfg!(target_pointer_width = "64") {
    31
} else {
    30
};

/// Unix times of a smaller magnitude are seconds; from it on they are
/// milliseconds (as seconds they would be after the year 5138), from a
/// thousand times it microseconds, from a million times nanoseconds.
const UNIX_SECONDS_BELOW: i64 = 100_000_000_000;

impl Field {
    /// Source fields tried, in order, after [`Field::name`].
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["doc_id", "article_id"],
            Field::Title => &["headline", "제목"],
            Field::Subtitle => &["subheadline", "subheading", "부제"],
            Field::Body => &["content", "text", "contents", "articleBody", "본문"],
            Field::Reporters => &["reporter", "author", "authors", "byline", "기자"],
            Field::Email => &["reporter_email", "e-mail"],
            Field::PublishedAt => &[
                "date",
                "datetime",
                "created_at",
                "pubDate",
                "published",
                "publish_date",
                "datePublished",
                "날짜",
                "작성일",
            ],
            Field::UpdatedAt => &[
                "modified",
                "modified_at",
                "updated",
                "dateModified",
                "수정일",
            ],
            Field::Section => &["category", "분류", "카테고리"],
            Field::Source => &["publisher", "press", "media", "언론사", "출처"],
            Field::Url => &["link"],
            Field::Tags => &["keywords", "키워드", "태그"],
        }
    }

    /// Every field's name, for error messages.
    fn names() -> String {
        Field::ALL.map(Field::name).join(", ")
    }
}

/// Which source field feeds which [`Article`] field, e.g. `body=content`.
///
/// Fields not mapped read their own name and its aliases (see the [module
/// documentation](self)).
///
/// ```
/// use kosearch::corpus::FieldMap;
///
/// let mut fields = FieldMap::default();
/// let (article_field, source_field) = FieldMap::parse_assignment("body=content")?;
/// fields.insert(&article_field, &source_field)?;
/// fields.insert("published_at", "meta.date")?;
/// assert!(fields.insert("headline", "title").is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// Article field → source field, for the fields mapped explicitly.
    map: BTreeMap<Field, String>,
}

impl FieldMap {
    /// Parses `article_field=source_field` (the `--field` flag), trimming
    /// both names. Fails when there is no `=` or a name is empty.
    pub fn parse_assignment(spec: &str) -> Result<(String, String), String> {
        match spec.split_once('=') {
            Some((article, source)) if !article.trim().is_empty() && !source.trim().is_empty() => {
                Ok((article.trim().to_string(), source.trim().to_string()))
            }
            _ => Err(format!(
                "expected ARTICLE_FIELD=SOURCE_FIELD, found `{spec}`"
            )),
        }
    }

    /// A map of several `article_field=source_field` assignments, later ones
    /// replacing earlier ones for the same article field.
    pub fn from_assignments<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut fields = FieldMap::default();
        for spec in specs {
            let (article_field, source_field) = FieldMap::parse_assignment(spec)?;
            fields.insert(&article_field, &source_field)?;
        }
        Ok(fields)
    }

    /// Maps `article_field` (one of `id`, `title`, `subtitle`, `body`,
    /// `reporters`, `email`, `published_at`, `updated_at`, `section`,
    /// `source`, `url`, `tags`) to `source_field`, replacing its default and
    /// aliases. Fails on an unknown article field or an empty source field.
    pub fn insert(&mut self, article_field: &str, source_field: &str) -> Result<(), String> {
        let field = Field::from_name(article_field.trim()).ok_or_else(|| {
            format!(
                "unknown article field `{article_field}`; expected one of {}",
                Field::names()
            )
        })?;
        let source_field = source_field.trim();
        if source_field.is_empty() {
            return Err(format!("no source field given for `{article_field}`"));
        }
        self.map.insert(field, source_field.to_string());
        Ok(())
    }

    /// The source fields `field` reads, in order: its explicit mapping
    /// alone, else its name and aliases.
    fn candidates(&self, field: Field) -> impl Iterator<Item = &str> {
        let (first, aliases) = match self.map.get(&field) {
            Some(source) => (source.as_str(), &[][..]),
            None => (field.name(), field.aliases()),
        };
        std::iter::once(first).chain(aliases.iter().copied())
    }
}

/// Opens a JSON Lines file for [`JsonlReader`], decompressing it.
///
/// The name chooses the compression: `.zst` or `.zstd` is zstd, `.gz` is
/// gzip (a corrupt stream is then a read error, reported by the reader).
/// A file with another name is still decompressed when its first bytes are
/// the zstd or gzip magic number. Concatenated zstd frames and gzip members
/// are read as one stream.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let mut file = BufReader::with_capacity(BUFFER_SIZE, File::open(path)?);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let compression = if name.ends_with(".zst") || name.ends_with(".zstd") {
        Compression::Zstd
    } else if name.ends_with(".gz") {
        Compression::Gzip
    } else {
        Compression::sniff(file.fill_buf()?)
    };
    Ok(match compression {
        Compression::None => Box::new(file),
        Compression::Zstd => {
            let mut decoder = zstd::Decoder::with_buffer(file)?;
            decoder.window_log_max(ZSTD_WINDOW_LOG_MAX)?;
            Box::new(BufReader::with_capacity(BUFFER_SIZE, decoder))
        }
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BUFFER_SIZE,
            flate2::bufread::MultiGzDecoder::new(file),
        )),
    })
}

/// How a file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Zstd,
    Gzip,
}

impl Compression {
    /// The compression `start`, a file's first bytes, says.
    fn sniff(start: &[u8]) -> Compression {
        if start.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else if start.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else {
            Compression::None
        }
    }
}

/// Reads [`Article`]s from JSON Lines, one a line.
///
/// Yields an article or a [`SkippedDocument`] for every line that is not
/// blank, in order; it never stops early except after a read error, and
/// never panics. Articles that were read with a change have notices,
/// collected by [`JsonlReader::take_notices`].
///
/// ```
/// use std::path::Path;
/// use kosearch::corpus::jsonl::JsonlReader;
/// use kosearch::corpus::FieldMap;
///
/// let data = "{\"content\": \"본문입니다.\", \"date\": \"2023-04-10 17:02\"}\n[1]\n";
/// let mut reader = JsonlReader::new(data.as_bytes(), Path::new("news.jsonl"), "news.jsonl", &FieldMap::default());
/// let article = reader.next().unwrap().unwrap();
/// assert_eq!(article.id, "news.jsonl:1");
/// assert_eq!(article.title, "본문입니다.");
/// assert_eq!(article.published_at.unwrap().to_rfc3339(), "2023-04-10T17:02:00+09:00");
/// let skipped = reader.next().unwrap().unwrap_err();
/// assert_eq!((skipped.line, skipped.reason.as_str()), (Some(2), "not a JSON object (found an array)"));
/// assert!(reader.next().is_none());
/// ```
pub struct JsonlReader<R> {
    reader: R,
    path: PathBuf,
    /// Makes the ids of lines without one (`PREFIX:LINE`); `None` when
    /// every line must have its own.
    id_prefix: Option<String>,
    fields: FieldMap,
    max_line_len: usize,
    /// The number of the line last read.
    line: usize,
    /// The bytes of the line being read, reused from line to line.
    buffer: Vec<u8>,
    notices: Vec<Notice>,
    /// Set after a read error: nothing more is read.
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader over `reader`; `path` names the file in reports and
    /// `id_prefix` makes ids for lines without one (`id_prefix:LINE`).
    pub fn new(reader: R, path: &Path, id_prefix: &str, fields: &FieldMap) -> Self {
        JsonlReader {
            reader,
            path: path.to_path_buf(),
            id_prefix: Some(id_prefix.to_string()),
            fields: fields.clone(),
            max_line_len: DEFAULT_MAX_DOCUMENT_SIZE,
            line: 0,
            buffer: Vec::new(),
            notices: Vec::new(),
            done: false,
        }
    }

    /// Skips lines without a usable id (see [`Article::id`]) instead of
    /// giving them one: for documents that will be updated or deleted by
    /// their id later, such as those sent to `kosearch serve`.
    pub fn requiring_ids(mut self) -> Self {
        self.id_prefix = None;
        self
    }

    /// Skips lines longer than `bytes` bytes (not counting the line end)
    /// instead of [`DEFAULT_MAX_DOCUMENT_SIZE`].
    pub fn with_max_line_len(mut self, bytes: usize) -> Self {
        self.max_line_len = bytes;
        self
    }

    /// The notices recorded since the last call: documents read, but not
    /// exactly as stored (decoded from EUC-KR, a value kept under
    /// [`UNREAD_KEY`] because it could not be read as its field).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Reads the next line into `self.buffer`, without its `\n`, never
    /// holding more than `max_line_len` bytes of it.
    fn read_line(&mut self) -> LineRead {
        self.release_line();
        let mut started = false;
        let mut too_long = false;
        let mut length = 0usize;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return LineRead::Failed(err),
            };
            if available.is_empty() {
                break;
            }
            started = true;
            let end = available.iter().position(|&byte| byte == b'\n');
            let content = available
                .get(..end.unwrap_or(available.len()))
                .unwrap_or_default();
            if !too_long {
                if self.buffer.len().saturating_add(content.len()) > self.max_line_len {
                    too_long = true;
                    self.buffer.clear();
                } else {
                    self.buffer.extend_from_slice(content);
                }
            }
            length = length.saturating_add(content.len());
            let consumed = content.len() + usize::from(end.is_some());
            self.reader.consume(consumed);
            if end.is_some() {
                break;
            }
        }
        match (started, too_long) {
            (false, _) => LineRead::End,
            (true, true) => LineRead::TooLong(length),
            (true, false) => LineRead::Line,
        }
    }

    /// Empties the line buffer, giving back the memory of a long line.
    fn release_line(&mut self) {
        self.buffer.clear();
        self.buffer.shrink_to(LINE_BUFFER_KEPT);
    }

    /// The article on line `self.line`, whose bytes are in `self.buffer`;
    /// `None` for a blank line.
    fn parse_line(&mut self) -> Option<Result<Article, SkippedDocument>> {
        let mut bytes = self.buffer.as_slice();
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let mut reasons = Vec::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => match encoding_rs::EUC_KR
                .decode_without_bom_handling_and_without_replacement(bytes)
            {
                Some(text) => {
                    reasons.push("decoded from EUC-KR".to_string());
                    text
                }
                None => return Some(Err(self.skipped(None, "not UTF-8 (or EUC-KR) text".into()))),
            },
        };
        let object = match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(object)) => object,
            Ok(other) => {
                let reason = format!("not a JSON object (found {})", describe(&other));
                return Some(Err(self.skipped(None, reason)));
            }
            Err(err) => return Some(Err(self.skipped(None, json_error(&err)))),
        };
        let fallback_id = (self.id_prefix.as_ref()).map(|prefix| format!("{prefix}:{}", self.line));
        match map_object(&self.fields, object, fallback_id, &mut reasons) {
            Ok(article) => {
                for reason in reasons {
                    self.notices.push(Notice {
                        path: self.path.clone(),
                        line: Some(self.line),
                        id: Some(article.id.clone()),
                        reason,
                    });
                }
                Some(Ok(article))
            }
            Err((id, reason)) => {
                let id = (!id.is_empty()).then_some(id);
                Some(Err(self.skipped(id, reason)))
            }
        }
    }

    /// A skip of line `self.line`.
    fn skipped(&self, id: Option<String>, reason: String) -> SkippedDocument {
        SkippedDocument {
            path: self.path.clone(),
            line: Some(self.line),
            id,
            reason,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Article, SkippedDocument>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let read = self.read_line();
            self.line += 1;
            match read {
                LineRead::End => self.done = true,
                LineRead::Failed(err) => {
                    self.done = true;
                    let reason = format!("read error: {err}; the rest of the file was not read");
                    return Some(Err(self.skipped(None, reason)));
                }
                LineRead::TooLong(length) => {
                    let reason = over_size_limit(length as u64, self.max_line_len);
                    return Some(Err(self.skipped(None, reason)));
                }
                LineRead::Line => {
                    let parsed = self.parse_line();
                    // Now rather than at the next line: the article is
                    // indexed meanwhile.
                    self.release_line();
                    if let Some(result) = parsed {
                        return Some(result);
                    }
                }
            }
        }
        None
    }
}

/// What [`JsonlReader::read_line`] found.
enum LineRead {
    /// A line, in the buffer.
    Line,
    /// A line over the limit, of this many bytes, read past.
    TooLong(usize),
    /// The end of the input.
    End,
    /// A read error.
    Failed(io::Error),
}

/// A source value taken out of the object for an article field.
struct Taken {
    /// Its source field.
    source: String,
    /// The value; `None` once a field has read it.
    value: Option<Value>,
    /// Whether an article field read it.
    used: bool,
    /// Why fields that tried it could not read it.
    rejections: Vec<String>,
}

/// Builds the article of one JSON object, adding notices to `reasons`. Fails
/// with the document's id and the reason when there is neither body nor
/// title, or when the id is too long.
///
/// Each field reads the first of its source fields with content that it can
/// read. What feeds no field stays in `extra`, except that a value no field
/// could read is kept aside (under [`UNREAD_KEY`], with a notice), and so
/// is a value named like an article field that an explicit mapping left
/// unread (without a notice: the mapping asked for it); such a name without
/// content is dropped. So `extra` never holds an article field's name.
fn map_object(
    fields: &FieldMap,
    mut object: Map<String, Value>,
    fallback_id: Option<String>,
    reasons: &mut Vec<String>,
) -> Result<Article, (String, String)> {
    let mut article = Article::default();
    let mut taken: Vec<Taken> = Vec::new();
    let mut body_problem = None;
    let mut id_problem = None;
    for field in Field::ALL {
        for source in fields.candidates(field) {
            let at = match taken.iter().position(|taken| taken.source == source) {
                Some(at) => at,
                None => {
                    if !lookup(&object, source).is_some_and(has_content) {
                        continue;
                    }
                    let value = take(&mut object, source);
                    taken.push(Taken {
                        source: source.to_string(),
                        value,
                        used: false,
                        rejections: Vec::new(),
                    });
                    taken.len() - 1
                }
            };
            let entry = &mut taken[at];
            // A value read by a field is moved into it, unless another field
            // may read the same source (`--field title=body`).
            let shared = Field::ALL
                .into_iter()
                .filter(|other| fields.candidates(*other).any(|name| name == source))
                .nth(1)
                .is_some();
            let value = if shared {
                entry.value.clone()
            } else {
                entry.value.take()
            };
            let Some(value) = value else { continue };
            match set_field(&mut article, field, value) {
                Ok(()) => {
                    entry.used = true;
                    if field == Field::Body && article.body.is_empty() {
                        body_problem = Some(format!("empty body (`{source}`)"));
                    }
                    break;
                }
                Err(rejected) => {
                    let reason = format!(
                        "`{source}` is not a valid {} ({})",
                        field.name(),
                        rejected.reason
                    );
                    if field == Field::Body && body_problem.is_none() {
                        body_problem = Some(format!("no body: {reason}"));
                    }
                    if field == Field::Id && id_problem.is_none() {
                        id_problem = Some(format!(
                            "no usable `id` ({reason}); each document needs one"
                        ));
                    }
                    entry.rejections.push(reason);
                    entry.value = Some(rejected.value);
                }
            }
        }
    }
    if article.id.is_empty() {
        match fallback_id {
            Some(id) => article.id = id,
            None => {
                let reason =
                    id_problem.unwrap_or_else(|| "no `id`; each document needs one".to_string());
                return Err((String::new(), reason));
            }
        }
    }
    if let Err(reason) = check_id(&article.id) {
        return Err((String::new(), reason));
    }
    if article.body.is_empty() {
        let reason = body_problem.unwrap_or_else(|| no_body(fields, &object));
        if article.title.is_empty() {
            return Err((article.id, reason));
        }
        // A titled document without text is still a document: searchable by
        // its title and reported, not lost.
        reasons.push(format!("{reason}; indexed by its title only"));
    }
    if article.title.is_empty() {
        article.title = title_from_body(&article.body);
    }
    let named_like_fields: Vec<String> = object
        .keys()
        .filter(|key| Field::from_name(key).is_some())
        .cloned()
        .collect();
    let mut unread = Vec::new();
    for name in named_like_fields {
        if let Some(value) = object.remove(&name).filter(has_content) {
            unread.push((name, value));
        }
    }
    article.extra = object;
    for (name, value) in unread {
        article.keep_unread(&name, value);
    }
    for entry in taken {
        let kept = entry.value.filter(|_| !entry.used);
        for reason in entry.rejections {
            reasons.push(match kept {
                Some(_) => format!("{reason}; kept in `{UNREAD_KEY}`"),
                None => reason,
            });
        }
        if let Some(value) = kept {
            article.keep_unread(&entry.source, value);
        }
    }
    Ok(article)
}

/// Why `object`, which gave no body, has none.
fn no_body(fields: &FieldMap, object: &Map<String, Value>) -> String {
    if let Some(source) = fields.map.get(&Field::Body) {
        return format!("no body (the field `{source}` is missing or empty)");
    }
    let present = std::iter::once(Field::Body.name())
        .chain(Field::Body.aliases().iter().copied())
        .find(|name| object.contains_key(*name));
    match present {
        Some(name) => format!("empty body (`{name}`)"),
        None => NO_BODY_FIELD.to_string(),
    }
}

/// The value at `path` in `object`: the key `path` itself, else the value
/// reached by following its dots.
fn lookup<'a>(object: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(value) = object.get(path) {
        return Some(value);
    }
    let (head, rest) = path.split_once('.')?;
    lookup(object.get(head)?.as_object()?, rest)
}

/// Removes and returns the value [`lookup`] finds, removing objects the
/// removal leaves empty.
fn take(object: &mut Map<String, Value>, path: &str) -> Option<Value> {
    if let Some(value) = object.remove(path) {
        return Some(value);
    }
    let (head, rest) = path.split_once('.')?;
    let Some(Value::Object(inner)) = object.get_mut(head) else {
        return None;
    };
    let value = take(inner, rest);
    if value.is_some() && inner.is_empty() {
        object.remove(head);
    }
    value
}

/// A value that cannot be read as the field it was selected for.
struct Rejected {
    value: Value,
    reason: String,
}

impl Rejected {
    /// A rejection of `value` for `reason`.
    fn new(value: Value, reason: impl Into<String>) -> Self {
        Rejected {
            value,
            reason: reason.into(),
        }
    }

    /// A rejection for a value of the wrong JSON type.
    fn expected(value: Value, expected: &str) -> Self {
        let reason = format!("expected {expected}, found {}", describe(&value));
        Rejected::new(value, reason)
    }
}

/// Sets `field` of `article` from `value`.
fn set_field(article: &mut Article, field: Field, value: Value) -> Result<(), Rejected> {
    match field {
        Field::Id => article.id = to_text(value)?,
        Field::Title => article.title = to_text(value)?,
        Field::Subtitle => article.subtitle = to_optional_text(value)?,
        Field::Body => article.body = to_body(value)?,
        Field::Reporters => article.reporters = to_list(value, split_names)?,
        Field::Email => article.email = to_optional_text(value)?,
        Field::PublishedAt => article.published_at = Some(to_date(value)?),
        Field::UpdatedAt => article.updated_at = Some(to_date(value)?),
        Field::Section => article.section = to_optional_text(value)?,
        Field::Source => article.source = to_optional_text(value)?,
        Field::Url => article.url = to_optional_text(value)?,
        Field::Tags => article.tags = to_list(value, split_tags)?,
    }
    Ok(())
}

/// Trimmed text, or a number's decimal text.
fn to_text(value: Value) -> Result<String, Rejected> {
    match value {
        Value::String(text) => Ok(trimmed(text)),
        Value::Number(number) => Ok(number.to_string()),
        other => Err(Rejected::expected(other, "text")),
    }
}

/// [`to_text`], with empty text as `None`.
fn to_optional_text(value: Value) -> Result<Option<String>, Rejected> {
    to_text(value).map(|text| (!text.is_empty()).then_some(text))
}

/// [`to_text`], or an array of paragraphs joined with blank lines.
fn to_body(value: Value) -> Result<String, Rejected> {
    match value {
        Value::String(_) | Value::Number(_) => to_text(value),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let paragraphs: Vec<&str> = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|paragraph| !paragraph.is_empty())
                .collect();
            Ok(paragraphs.join("\n\n"))
        }
        other => Err(Rejected::expected(other, "text or an array of text")),
    }
}

/// An array of text (or numbers), or one text that `split` divides.
fn to_list(value: Value, split: fn(&str) -> Vec<String>) -> Result<Vec<String>, Rejected> {
    match value {
        Value::String(text) => Ok(split(&text)),
        Value::Array(items)
            if items
                .iter()
                .all(|item| item.is_string() || item.is_number()) =>
        {
            Ok(items
                .into_iter()
                .filter_map(|item| to_text(item).ok())
                .filter(|item| !item.is_empty())
                .collect())
        }
        other => Err(Rejected::expected(other, "text or an array of text")),
    }
}

/// A date: text for [`parse_date`], or a Unix time ([`unix_time`]), that an
/// index can hold ([`check_indexable`]).
fn to_date(value: Value) -> Result<DateTime<FixedOffset>, Rejected> {
    let parsed = match &value {
        Value::String(text) => parse_date(text),
        Value::Number(number) => unix_time(number),
        _ => return Err(Rejected::expected(value, "a date")),
    };
    let Some(date) = parsed else {
        let reason = format!("cannot read {} as a date", snippet(&value));
        return Err(Rejected::new(value, reason));
    };
    match check_indexable(&date) {
        Ok(()) => Ok(date),
        Err(reason) => Err(Rejected::new(value, reason)),
    }
}

/// `text` trimmed, reusing its allocation when it has nothing to trim.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// A Unix time, in Korea Standard Time: seconds, or, when the number is too
/// large for seconds, milliseconds, microseconds or nanoseconds (see
/// [`UNIX_SECONDS_BELOW`]).
fn unix_time(number: &Number) -> Option<DateTime<FixedOffset>> {
    // The number of units in a second, for a number of this magnitude.
    let units_per_second = |magnitude: f64| {
        [1, 1_000, 1_000_000, 1_000_000_000]
            .into_iter()
            .find(|&units| magnitude < UNIX_SECONDS_BELOW as f64 * units as f64)
    };
    let utc = if let Some(whole) = number.as_i64() {
        let units = units_per_second(whole.unsigned_abs() as f64)?;
        let nanos = whole.rem_euclid(units) * (1_000_000_000 / units);
        // In range: 0 <= nanos < 1e9.
        DateTime::<Utc>::from_timestamp(whole.div_euclid(units), nanos as u32)
    } else {
        let number = number.as_f64()?;
        let seconds = number / units_per_second(number.abs())? as f64;
        let whole = seconds.floor();
        // Both casts are in range: |whole| < 1e11 and the fraction is in [0, 1).
        let nanos = ((seconds - whole) * 1e9).min(999_999_999.0) as u32;
        DateTime::<Utc>::from_timestamp(whole as i64, nanos)
    }?;
    Some(utc.with_timezone(&KST))
}

/// Serde's message for a line that is not JSON, with the column and without
/// serde's "line 1".
fn json_error(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let message = message.strip_suffix(&position).unwrap_or(&message);
    format!("invalid JSON at column {}: {message}", err.column())
}

/// A value's JSON text for messages, cut after 40 characters.
fn snippet(value: &Value) -> String {
    let json = value.to_string();
    match json.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", json.get(..cut).unwrap_or_default()),
        None => json,
    }
}

/// "an array", "a string", … for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times() {
        let seconds = |json: &str| {
            let number: Number = serde_json::from_str(json).unwrap();
            unix_time(&number).map(|date| date.to_rfc3339())
        };
        for (number, expected) in [
            ("1681113720", "2023-04-10T17:02:00+09:00"),
            ("1681113720000", "2023-04-10T17:02:00+09:00"),
            ("1681113720.5", "2023-04-10T17:02:00.500+09:00"),
            ("1681113720000000", "2023-04-10T17:02:00+09:00"),
            ("1681113720123456789", "2023-04-10T17:02:00.123456789+09:00"),
            ("-1000", "1970-01-01T08:43:20+09:00"),
            ("1.6811137205e12", "2023-04-10T17:02:00.500+09:00"),
        ] {
            assert_eq!(seconds(number).as_deref(), Some(expected), "{number}");
        }
        assert_eq!(seconds("1e300"), None);
        // As nanoseconds, a second before the earliest date an index holds.
        let earliest = serde_json::from_str("-9223372036854775808").unwrap();
        assert!(to_date(earliest).is_err());
    }

    #[test]
    fn nested_lookup_and_take() {
        let mut object: Map<String, Value> = serde_json::from_str(
            r#"{"meta": {"date": "2023-04-10", "kind": "x"}, "a.b": 1, "only": {"one": 2}}"#,
        )
        .unwrap();
        assert_eq!(
            lookup(&object, "meta.date"),
            Some(&Value::from("2023-04-10"))
        );
        assert_eq!(lookup(&object, "a.b"), Some(&Value::from(1)));
        assert_eq!(lookup(&object, "meta.none"), None);
        assert_eq!(
            take(&mut object, "meta.date"),
            Some(Value::from("2023-04-10"))
        );
        assert_eq!(take(&mut object, "only.one"), Some(Value::from(2)));
        assert_eq!(
            Value::Object(object),
            serde_json::json!({"meta": {"kind": "x"}, "a.b": 1})
        );
    }

    #[test]
    fn a_reader_requiring_ids_skips_lines_without_a_usable_one() {
        let data = concat!(
            "{\"id\": \"a\", \"body\": \"본문\"}\n",
            "{\"body\": \"본문\"}\n",
            "{\"id\": true, \"body\": \"본문\"}\n",
            "{\"id\": \" \", \"body\": \"본문\"}\n",
        );
        let read = |reader: JsonlReader<&[u8]>| -> Vec<Result<String, (usize, String)>> {
            reader
                .map(|read| {
                    read.map(|article| article.id)
                        .map_err(|skipped| (skipped.line.unwrap(), skipped.reason))
                })
                .collect()
        };
        let path = Path::new("posted");
        let fields = FieldMap::default();
        let given = read(JsonlReader::new(data.as_bytes(), path, "p", &fields));
        assert_eq!(
            given,
            [
                Ok("a".into()),
                Ok("p:2".into()),
                Ok("p:3".into()),
                Ok("p:4".into())
            ]
        );
        let required = read(JsonlReader::new(data.as_bytes(), path, "p", &fields).requiring_ids());
        assert_eq!(required[0], Ok("a".into()));
        assert_eq!(
            required[1],
            Err((2, "no `id`; each document needs one".into()))
        );
        let (line, reason) = required[2].clone().unwrap_err();
        assert_eq!(line, 3);
        assert!(
            reason.starts_with("no usable `id` (`id` is not a valid id"),
            "{reason}"
        );
        assert_eq!(
            required[3],
            Err((4, "no `id`; each document needs one".into()))
        );
    }
}
