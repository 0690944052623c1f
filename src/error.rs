//! The one error type of the library.
//!
//! Every fallible public function returns [`Result`]. The variants are the
//! situations a caller may want to tell apart (a missing dictionary, a bad
//! user dictionary, an I/O failure on a given path); each message says what
//! went wrong and, where there is one, the command that fixes it.

use std::path::PathBuf;

/// Result alias used throughout kosearch.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in kosearch.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No installed dictionary where one was looked for.
    #[error("no Korean dictionary at {}: run `kosearch dict install`", dir.display())]
    DictionaryMissing {
        /// The directory that was searched.
        dir: PathBuf,
    },

    /// A dictionary is present but cannot be used (truncated, missing files,
    /// built by an incompatible version).
    #[error("the dictionary at {} is unusable ({detail}): run `kosearch dict install --force`", dir.display())]
    DictionaryCorrupt {
        /// The dictionary directory.
        dir: PathBuf,
        /// What is wrong with it.
        detail: String,
    },

    /// Installing the dictionary failed.
    #[error("dictionary install failed: {0}")]
    DictionaryInstall(String),

    /// A user dictionary file has a bad row.
    #[error("user dictionary {}{}: {message}", path.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    UserDictionary {
        /// The CSV file (or `<built-in>` for the shipped default).
        path: PathBuf,
        /// 1-based line number of the offending row, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// A synonyms file has a bad line.
    #[error("synonyms {}{}: {message}", path.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Synonyms {
        /// The file.
        path: PathBuf,
        /// 1-based line number of the offending line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// No index where one was looked for.
    #[error("no index at {}: run `kosearch index` first", dir.display())]
    IndexMissing {
        /// The index directory.
        dir: PathBuf,
    },

    /// Another process is writing to the index.
    #[error("the index at {} is locked by another `kosearch index` (or another writer); wait for it to finish", dir.display())]
    IndexLocked {
        /// The index directory.
        dir: PathBuf,
    },

    /// The index was built with other analysis settings than this run asks
    /// for; using it would make index and query analysis differ.
    #[error("the index at {} was built with other settings: {}; re-index into a new directory (or delete {}) to change them", dir.display(), differences.join("; "), dir.display())]
    IndexMismatch {
        /// The index directory.
        dir: PathBuf,
        /// What differs, in words.
        differences: Vec<String>,
    },

    /// The index's analysis changed since this handle on it was opened:
    /// words were added to its user dictionary. Writing with the old
    /// analysis would mix two analyses in one index.
    #[error("the index at {} changed since it was opened here (words were added to its user dictionary); open it again", dir.display())]
    IndexChanged {
        /// The index directory.
        dir: PathBuf,
    },

    /// The index cannot be read.
    #[error("the index at {} is unusable ({detail}); delete it and run `kosearch index` again", dir.display())]
    IndexCorrupt {
        /// The index directory.
        dir: PathBuf,
        /// What is wrong with it.
        detail: String,
    },

    /// The index holds no suggestion data: it was built before kosearch
    /// kept any, or with them turned off.
    #[error("the index at {} has no suggestions (it was built without them); re-index into a new directory to have them", dir.display())]
    SuggestionsMissing {
        /// The index directory.
        dir: PathBuf,
    },

    /// One stored document cannot be read back (its JSON is damaged or was
    /// written by another program); the rest of the index is fine.
    #[error("the stored document `{id}` cannot be read ({detail}); index its source again to rewrite it, or delete it")]
    DocumentUnreadable {
        /// The document's id.
        id: String,
        /// What is wrong with it.
        detail: String,
    },

    /// An error inside the search library.
    #[error("index error: {0}")]
    Index(String),

    /// A query cannot be run (it is too long).
    #[error("query error: {0}")]
    Query(String),

    /// An argument or option is invalid (a bad glob, an unknown field).
    #[error("{0}")]
    InvalidArgument(String),

    /// The morphological analyzer failed on some input.
    #[error("analysis failed: {0}")]
    Analysis(String),

    /// An I/O error on a known path.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
