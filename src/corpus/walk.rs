//! Walking a corpus: files and folders in, articles and skip reports out.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use super::{
    encoding, html, jsonl, over_size_limit, text, FieldMap, Notice, ReadReport, SkippedDocument,
    DEFAULT_MAX_DOCUMENT_SIZE,
};
use crate::document::{check_id, Article};
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
    /// Start the id of a file found in a folder with the folder's name
    /// (`2023/001.txt`), so that folders holding the same file names keep
    /// their documents apart; `false` gives the form of earlier versions,
    /// the path inside the folder alone (`001.txt`).
    pub folder_in_ids: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            fields: FieldMap::default(),
            max_document_size: DEFAULT_MAX_DOCUMENT_SIZE,
            include: Vec::new(),
            exclude: Vec::new(),
            folder_in_ids: true,
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
/// A document without an id of its own gets its path: the name of the file
/// given, or the name of the folder given followed by the path inside it
/// (`kosearch index 2023 2024` reads `2023/001.txt` and `2024/001.txt`;
/// `.` is named like the folder it is), plus `:LINE` for the lines of a
/// JSON Lines file. So two inputs with the same name would give the same
/// ids, and are refused; an input given twice is read once. With
/// [`ReadOptions::folder_in_ids`] off, a folder's name is left out, as in
/// earlier versions.
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
    /// Paths still to read, each with the name its ids start with.
    roots: VecDeque<(PathBuf, String)>,
    /// The folder being walked, the name its ids start with, and the walk.
    walk: Option<(PathBuf, String, FileWalk)>,
    lines: Option<(
        PathBuf,
        jsonl::JsonlReader<Box<dyn std::io::BufRead + Send>>,
    )>,
    /// Ids read so far and the file each came from.
    seen: HashMap<String, PathBuf>,
    report: ReadReport,
}

impl Corpus {
    /// A corpus of `paths` (files or folders). Fails on invalid glob
    /// patterns, and on two paths with the same name (see [`Corpus`]); a
    /// path that does not exist is reported as skipped.
    pub fn new(paths: &[PathBuf], options: ReadOptions) -> Result<Self> {
        let include = if options.include.is_empty() {
            None
        } else {
            Some(glob_set(&options.include)?)
        };
        let exclude = glob_set(&options.exclude)?;
        let mut named: HashMap<String, (PathBuf, PathBuf)> = HashMap::new();
        let mut roots = VecDeque::new();
        for path in paths {
            let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let name = root_name(path, &canonical);
            match named.get(&name) {
                Some((_, earlier)) if *earlier == canonical => continue,
                Some((earlier, _)) if options.folder_in_ids => {
                    return Err(Error::InvalidArgument(format!(
                        "{} and {} are both named `{name}`, so their documents would get the same ids; \
                         give a folder that holds both (choosing files with include patterns), \
                         or index them into separate indexes",
                        earlier.display(),
                        path.display()
                    )))
                }
                _ => {
                    named.insert(name.clone(), (path.clone(), canonical));
                }
            }
            roots.push_back((path.clone(), name));
        }
        Ok(Corpus {
            options,
            include,
            exclude,
            roots,
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

    /// The next file to read with its id (see [`Corpus`]).
    fn next_file(&mut self) -> Option<std::result::Result<(PathBuf, String), SkippedDocument>> {
        loop {
            if let Some((root, name, walk)) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) => {
                        if !entry.file_type().is_file() {
                            continue;
                        }
                        let relative = relative_id(root, entry.path());
                        let id = if self.options.folder_in_ids && !name.is_empty() {
                            format!("{name}/{relative}")
                        } else {
                            relative.clone()
                        };
                        if self.selected(&relative) {
                            return Some(Ok((entry.into_path(), id)));
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
            let (root, name) = self.roots.pop_front()?;
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
                    self.walk = Some((root, name, Box::new(walk)));
                }
                Ok(_) => return Some(Ok((root, name))),
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
        check_id(&id).map_err(|reason| skipped(path, None, None, reason))?;
        article.id = id;
        let mut reasons = notes;
        reasons.extend(article.set_aside_unindexable_dates());
        if article.body.trim().is_empty() {
            reasons.push("no body text; indexed by its title only".into());
        }
        if decoded.was_converted() {
            reasons.push(format!("decoded from {}", decoded.encoding));
        }
        for reason in reasons {
            self.report.altered.push(Notice {
                path: path.to_path_buf(),
                line: None,
                id: Some(article.id.clone()),
                reason,
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

/// The name a root's ids start with: its own name, or the name of the
/// folder it leads to (`.`, `..`); empty for `/`.
fn root_name(path: &Path, canonical: &Path) -> String {
    path.file_name()
        .or_else(|| canonical.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `path` relative to `root`, with `/` separators.
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
