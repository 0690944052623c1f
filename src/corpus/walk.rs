//! Walking a corpus: files and folders in, articles and skip reports out.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use super::{
    encoding, html, jsonl, over_size_limit, text, Article, FieldMap, Notice, ReadReport,
    SkippedDocument, DEFAULT_MAX_DOCUMENT_SIZE,
};
use crate::{Error, Result};

/// How to read a corpus.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Field mapping for JSON Lines files.
    pub fields: FieldMap,
    /// Documents larger than this many bytes are skipped: text and HTML
    /// files, JSON lines ([`DEFAULT_MAX_DOCUMENT_SIZE`]).
    pub max_document_size: usize,
    /// Glob patterns, matched against paths relative to their root (`**/*.txt`,
    /// `2023/**`); when any are given, files must match one.
    pub include: Vec<String>,
    /// Glob patterns of files to leave out.
    pub exclude: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            fields: FieldMap::default(),
            max_document_size: DEFAULT_MAX_DOCUMENT_SIZE,
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

/// The readers, chosen by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    JsonLines,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name
            .strip_suffix(".zst")
            .or_else(|| name.strip_suffix(".gz"))
            .unwrap_or(&name);
        let compressed = name.len() != path.file_name()?.len();
        match Path::new(name).extension()?.to_str()? {
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "txt" if !compressed => Some(Format::Text),
            "html" | "htm" if !compressed => Some(Format::Html),
            _ => None,
        }
    }
}

/// Directory entries of one root, hidden ones left out.
type FileWalk = Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send>;

/// The documents of one or more files and folders, in a stable order.
///
/// Iterating yields every document, read or skipped; the [`ReadReport`]
/// keeps count, so a caller that only wants the articles can ignore the
/// errors and still report them at the end.
///
/// ```no_run
/// use kosearch::corpus::{Corpus, ReadOptions};
///
/// let mut corpus = Corpus::new(&["corpus".into()], ReadOptions::default())?;
/// for article in corpus.by_ref().flatten() {
///     println!("{} {}", article.id, article.title);
/// }
/// eprintln!("{} skipped", corpus.report().skipped.len());
/// # Ok::<(), kosearch::Error>(())
/// ```
pub struct Corpus {
    options: ReadOptions,
    include: Option<GlobSet>,
    exclude: GlobSet,
    roots: VecDeque<PathBuf>,
    walk: Option<(PathBuf, FileWalk)>,
    lines: Option<(
        PathBuf,
        jsonl::JsonlReader<Box<dyn std::io::BufRead + Send>>,
    )>,
    /// Ids read so far and the file each came from.
    seen: HashMap<String, PathBuf>,
    report: ReadReport,
}

impl Corpus {
    /// A corpus of `paths` (files or folders). Fails only on invalid glob
    /// patterns; a path that does not exist is reported as skipped.
    pub fn new(paths: &[PathBuf], options: ReadOptions) -> Result<Self> {
        let include = if options.include.is_empty() {
            None
        } else {
            Some(glob_set(&options.include)?)
        };
        let exclude = glob_set(&options.exclude)?;
        Ok(Corpus {
            options,
            include,
            exclude,
            roots: paths.iter().cloned().collect(),
            walk: None,
            lines: None,
            seen: HashMap::new(),
            report: ReadReport::default(),
        })
    }

    /// What has been read, skipped and altered so far.
    pub fn report(&self) -> &ReadReport {
        &self.report
    }

    /// The final report.
    pub fn into_report(self) -> ReadReport {
        self.report
    }

    /// The next file to read with its id (the path relative to its root).
    fn next_file(&mut self) -> Option<std::result::Result<(PathBuf, String), SkippedDocument>> {
        loop {
            if let Some((root, walk)) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) => {
                        if !entry.file_type().is_file() {
                            continue;
                        }
                        let relative = relative_id(root, entry.path());
                        if self.selected(&relative) {
                            return Some(Ok((entry.into_path(), relative)));
                        }
                        continue;
                    }
                    Some(Err(err)) => {
                        let path = err.path().unwrap_or(root).to_path_buf();
                        return Some(Err(skipped(&path, None, None, walk_error(&err))));
                    }
                    None => self.walk = None,
                }
            }
            let root = self.roots.pop_front()?;
            match std::fs::metadata(&root) {
                Err(err) => {
                    return Some(Err(skipped(
                        &root,
                        None,
                        None,
                        format!("cannot read: {err}"),
                    )))
                }
                Ok(meta) if meta.is_dir() => {
                    let walk = WalkDir::new(&root)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
                    self.walk = Some((root, Box::new(walk)));
                }
                Ok(_) => {
                    let id = root.file_name().map_or_else(
                        || root.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    return Some(Ok((root, id)));
                }
            }
        }
    }

    fn selected(&mut self, relative: &str) -> bool {
        if Format::of(Path::new(relative)).is_none() {
            self.report.ignored_files += 1;
            return false;
        }
        let included = self
            .include
            .as_ref()
            .is_none_or(|set| set.is_match(relative));
        included && !self.exclude.is_match(relative)
    }

    /// Reads a whole-file document, or starts streaming a JSON Lines file
    /// (returning `None` then).
    fn read_file(
        &mut self,
        path: PathBuf,
        id: String,
    ) -> Option<std::result::Result<Article, SkippedDocument>> {
        let Some(format) = Format::of(&path) else {
            return Some(Err(skipped(
                &path,
                None,
                None,
                "not a supported format (.txt, .html, .htm, .jsonl, .ndjson, optionally .zst or .gz)".into(),
            )));
        };
        if format == Format::JsonLines {
            match jsonl::open(&path) {
                Ok(reader) => {
                    let reader = jsonl::JsonlReader::new(reader, &path, &id, &self.options.fields)
                        .with_max_line_len(self.options.max_document_size);
                    self.lines = Some((path, reader));
                    return None;
                }
                Err(err) => {
                    return Some(Err(skipped(
                        &path,
                        None,
                        None,
                        format!("cannot open: {err}"),
                    )))
                }
            }
        }
        Some(self.read_whole(&path, id, format))
    }

    fn read_whole(
        &mut self,
        path: &Path,
        id: String,
        format: Format,
    ) -> std::result::Result<Article, SkippedDocument> {
        let fail = |reason: String| skipped(path, None, Some(id.clone()), reason);
        let size = std::fs::metadata(path)
            .map_err(|e| fail(format!("cannot read: {e}")))?
            .len();
        if size == 0 {
            return Err(fail("empty file".into()));
        }
        if size > self.options.max_document_size as u64 {
            return Err(fail(over_size_limit(size, self.options.max_document_size)));
        }
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        let decoded = encoding::decode(&bytes).map_err(|e| fail(e.to_string()))?;
        let (mut article, notes) = match format {
            Format::Text => (text::parse(&decoded.text), Vec::new()),
            Format::Html => html::parse_with_notes(&decoded.text),
            Format::JsonLines => unreachable!("JSON Lines files are streamed"),
        };
        if article.body.trim().is_empty() && article.title.trim().is_empty() {
            return Err(fail("no text".into()));
        }
        article.id = id;
        if article.body.trim().is_empty() {
            self.report.altered.push(Notice {
                path: path.to_path_buf(),
                line: None,
                id: Some(article.id.clone()),
                reason: "no body text; indexed by its title only".into(),
            });
        }
        for reason in notes {
            self.report.altered.push(Notice {
                path: path.to_path_buf(),
                line: None,
                id: Some(article.id.clone()),
                reason,
            });
        }
        if decoded.was_converted() {
            self.report.altered.push(Notice {
                path: path.to_path_buf(),
                line: None,
                id: Some(article.id.clone()),
                reason: format!("decoded from {}", decoded.encoding),
            });
        }
        Ok(article)
    }

    /// Counts a read article and reports a duplicate id.
    fn accept(&mut self, article: &Article, path: &Path) {
        self.report.read += 1;
        if let Some(earlier) = self.seen.insert(article.id.clone(), path.to_path_buf()) {
            self.report.altered.push(Notice {
                path: path.to_path_buf(),
                line: None,
                id: Some(article.id.clone()),
                reason: format!(
                    "duplicate id: replaces the document with the same id read earlier from {}",
                    earlier.display()
                ),
            });
        }
    }
}

impl Iterator for Corpus {
    type Item = std::result::Result<Article, SkippedDocument>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((path, reader)) = &mut self.lines {
                match reader.next() {
                    Some(item) => {
                        let path = path.clone();
                        self.report.altered.extend(reader.take_notices());
                        return Some(match item {
                            Ok(article) => {
                                self.accept(&article, &path);
                                Ok(article)
                            }
                            Err(skip) => {
                                self.report.skipped.push(skip.clone());
                                Err(skip)
                            }
                        });
                    }
                    None => {
                        self.report.altered.extend(reader.take_notices());
                        self.lines = None;
                    }
                }
            }
            let item = match self.next_file()? {
                Err(skip) => Some(Err(skip)),
                Ok((path, id)) => self
                    .read_file(path.clone(), id)
                    .map(|item| item.inspect(|article| self.accept(article, &path))),
            };
            if let Some(item) = item {
                if let Err(skip) = &item {
                    self.report.skipped.push(skip.clone());
                }
                return Some(item);
            }
        }
    }
}

fn skipped(
    path: &Path,
    line: Option<usize>,
    id: Option<String>,
    reason: String,
) -> SkippedDocument {
    SkippedDocument {
        path: path.to_path_buf(),
        line,
        id,
        reason,
    }
}

fn walk_error(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        "symbolic link loop: not followed".into()
    } else {
        format!("cannot read: {err}")
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// `path` relative to `root`, with `/` separators: the id of a file
/// without one of its own.
fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn glob_set(patterns: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern)
            .map_err(|e| Error::InvalidArgument(format!("bad glob `{pattern}`: {e}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Error::InvalidArgument(format!("bad glob patterns: {e}")))
}
