//! The mecab-ko-dic dictionary the Korean analyzer runs on: where it lives,
//! how it is installed, and how it is loaded.
//!
//! Lindera cannot ship mecab-ko-dic inside the binary here, so kosearch
//! builds it once from the dictionary's source files (CSV lexicons plus
//! `matrix.def`, `char.def` and `unk.def`) into a directory of lindera
//! artifacts, and memory-maps that directory on every run:
//!
//! * [`default_dir`] / [`resolve_dir`] say where the dictionary is expected;
//! * [`install()`] builds it there, atomically, from a [`DictionarySource`];
//! * [`status`] reports on a directory without loading it;
//! * [`KoreanDictionary::load`] memory-maps it for the analyzer, and
//!   [`KoreanDictionary::load_with`] can copy its segmentation tables into
//!   huge pages instead ([`DictionaryMemory`]).
//!
//! An installed directory carries a manifest, `kosearch-dictionary.json`,
//! written last, that records what was built from what and the size of every
//! file. A directory without a manifest is not a dictionary; a file whose size
//! differs from the manifest makes the dictionary corrupt rather than a source
//! of wrong answers or crashes.

mod install;
mod manifest;
mod memory;
mod source;
mod spaces;
mod stale;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use lindera_dictionary::dictionary::metadata::Metadata;
use sha2::{Digest, Sha256};

pub use self::install::{install, InstallOptions, InstallReport};
use self::manifest::{Manifest, ReadError};
use self::memory::load_lindera;
pub use self::memory::DictionaryMemory;
pub use self::source::{DictionarySource, SOURCE_HINT};
pub(crate) use self::spaces::Spaces;
use crate::{Error, Result};

/// Human-readable version of the dictionary data, e.g. "mecab-ko-dic 2.1.1-20180720".
pub const DICTIONARY_VERSION: &str = "mecab-ko-dic 2.1.1-20180720";

/// Env var that overrides the dictionary directory everywhere.
pub const DICT_ENV: &str = "KOSEARCH_DICT";

/// Name of the default dictionary directory under the kosearch data directory.
const DEFAULT_DIR_NAME: &str = "mecab-ko-dic-2.1.1";

/// lindera's source description of mecab-ko-dic (schema, default costs,
/// context-id mapping), from the lindera-ko-dic 6.2.0 crate (MIT).
const SOURCE_METADATA_JSON: &[u8] = include_bytes!("ko-dic-metadata.json");

/// Default location: `$KOSEARCH_DICT` if set (non-empty), else
/// `<XDG data dir>/kosearch/mecab-ko-dic-2.1.1`.
///
/// On a system with no data directory (no home directory), the fallback is
/// `kosearch/mecab-ko-dic-2.1.1` relative to the current directory.
pub fn default_dir() -> PathBuf {
    match std::env::var_os(DICT_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::data_dir()
            .unwrap_or_default()
            .join("kosearch")
            .join(DEFAULT_DIR_NAME),
    }
}

/// `explicit` (the `--dict` flag) wins over [`default_dir`].
pub fn resolve_dir(explicit: Option<&Path>) -> PathBuf {
    explicit.map_or_else(default_dir, Path::to_path_buf)
}

/// What [`status`] found in a dictionary directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryStatus {
    /// The directory inspected.
    pub dir: PathBuf,
    /// Whether the directory holds a complete install that passes the checks
    /// [`KoreanDictionary::load`] makes before mapping it (manifest present,
    /// matching versions, every listed file present with its recorded size).
    pub installed: bool,
    /// The dictionary version recorded in the manifest, when it is readable.
    pub version: Option<String>,
    /// Total size of the files in the directory, in bytes.
    pub size_bytes: u64,
    /// What the dictionary was built from, when the manifest is readable.
    pub built_from: Option<String>,
    /// Why the directory is not usable, when something is there but wrong,
    /// e.g. "file matrix.mtx is truncated (expected N bytes, found M)".
    /// `None` both for a good install and for a directory that does not exist.
    pub problem: Option<String>,
    /// Whether the install records what the analysis cache needs (installs
    /// made before kosearch recorded it analyze every word afresh until
    /// they are rebuilt).
    pub analysis_cache: bool,
}

/// Reports on the dictionary directory `dir` without loading it. Never fails:
/// whatever is wrong ends up in [`DictionaryStatus::problem`].
pub fn status(dir: &Path) -> DictionaryStatus {
    let mut status = DictionaryStatus {
        dir: dir.to_path_buf(),
        installed: false,
        version: None,
        size_bytes: manifest::dir_size(dir),
        built_from: None,
        problem: None,
        analysis_cache: false,
    };
    match Manifest::read(dir) {
        Ok(manifest) => {
            status.problem = manifest.verify(dir).err();
            status.installed = status.problem.is_none();
            status.version = Some(manifest.version);
            status.built_from = Some(manifest.source);
            status.analysis_cache = manifest.spaces.is_some();
        }
        Err(ReadError::Absent) => status.problem = manifest::unmanaged_content(dir),
        Err(err) => status.problem = Some(err.to_string()),
    }
    status
}

/// A loaded dictionary. Cheap to clone: clones share its tables, and so do
/// the dictionaries loaded again from the same directory the same way
/// while one is alive.
#[derive(Clone)]
pub struct KoreanDictionary {
    inner: Arc<Loaded>,
}

/// The dictionaries alive in this process, by directory and memory: loading
/// one again (an index opened twice, a Python program with several indexes)
/// finds it here instead of copying its resident tables once more.
static LOADED: Mutex<Vec<(PathBuf, DictionaryMemory, Weak<Loaded>)>> = Mutex::new(Vec::new());

/// The shared state behind a [`KoreanDictionary`].
struct Loaded {
    dir: PathBuf,
    version: String,
    lindera: lindera::dictionary::Dictionary,
    /// `None` for installs made before they were recorded.
    spaces: Option<Spaces>,
    /// SHA-256 of the manifest, which records what the dictionary was
    /// built from, when, and the size of every file.
    fingerprint: [u8; 32],
}

impl KoreanDictionary {
    /// Memory-maps the dictionary installed in `dir`
    /// ([`DictionaryMemory::Mapped`]): the quickest to load. See
    /// [`load_with`](Self::load_with) for indexing and long-lived searchers.
    ///
    /// Errors: [`Error::DictionaryMissing`] when there is no manifest/dir
    /// (message already says run `kosearch dict install`);
    /// [`Error::DictionaryCorrupt`] when the manifest lists a file that is
    /// missing or whose size differs, or lindera fails to load it;
    /// [`Error::Io`] when the manifest cannot be read. Never panics, even on
    /// garbage files.
    pub fn load(dir: &Path) -> Result<Self> {
        Self::load_with(dir, DictionaryMemory::Mapped)
    }

    /// Loads the dictionary installed in `dir`, its tables held as `memory`
    /// says; [`DictionaryMemory::Resident`] makes segmentation faster for
    /// 43 MB of memory. The errors are [`load`](Self::load)'s.
    pub fn load_with(dir: &Path, memory: DictionaryMemory) -> Result<Self> {
        let corrupt = |detail: String| Error::DictionaryCorrupt {
            dir: dir.to_path_buf(),
            detail,
        };
        let manifest = match Manifest::read(dir) {
            Ok(manifest) => manifest,
            Err(ReadError::Absent) => {
                return Err(Error::DictionaryMissing {
                    dir: dir.to_path_buf(),
                })
            }
            Err(ReadError::Io { path, source }) => return Err(Error::io(path, source)),
            Err(err @ ReadError::Invalid(_)) => return Err(corrupt(err.to_string())),
        };
        manifest.verify(dir).map_err(corrupt)?;
        let fingerprint: [u8; 32] =
            Sha256::digest(serde_json::to_vec(&manifest).unwrap_or_default()).into();
        let mut loaded = LOADED.lock().unwrap_or_else(PoisonError::into_inner);
        loaded.retain(|(_, _, alive)| alive.strong_count() > 0);
        let found = loaded
            .iter()
            .filter(|(at, held, _)| at == dir && *held == memory)
            .filter_map(|(_, _, alive)| alive.upgrade())
            // Not one installed again since, under a new manifest.
            .find(|alive| alive.fingerprint == fingerprint);
        if let Some(inner) = found {
            return Ok(KoreanDictionary { inner });
        }
        let lindera = load_lindera(dir, memory).map_err(corrupt)?;
        let inner = Arc::new(Loaded {
            dir: dir.to_path_buf(),
            version: manifest.version,
            lindera,
            spaces: manifest.spaces,
            fingerprint,
        });
        loaded.push((dir.to_path_buf(), memory, Arc::downgrade(&inner)));
        Ok(KoreanDictionary { inner })
    }

    /// The directory the dictionary was loaded from.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The dictionary version recorded at install time, e.g. [`DICTIONARY_VERSION`].
    pub fn version(&self) -> &str {
        &self.inner.version
    }

    /// The lindera dictionary, for building segmenters.
    pub(crate) fn lindera(&self) -> &lindera::dictionary::Dictionary {
        &self.inner.lindera
    }

    /// The dictionary's keys that contain a `SPACE` character of its
    /// char.def (mecab-ko-dic: `영치기 영차`), recorded when it was
    /// installed; `None` for installs made before kosearch recorded them.
    pub fn keys_with_space(&self) -> Option<&[String]> {
        self.inner
            .spaces
            .as_ref()
            .map(|spaces| spaces.keys.as_slice())
    }

    /// What the analyzer needs to know about white space, when recorded.
    pub(crate) fn spaces(&self) -> Option<&Spaces> {
        self.inner.spaces.as_ref()
    }

    /// Identifies this install (what it was built from, when, and its
    /// files' sizes), so that what was analyzed with one dictionary is never
    /// taken for the analysis of another.
    pub(crate) fn fingerprint(&self) -> &[u8; 32] {
        &self.inner.fingerprint
    }
}

impl fmt::Debug for KoreanDictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoreanDictionary")
            .field("dir", &self.inner.dir)
            .field("version", &self.inner.version)
            .finish_non_exhaustive()
    }
}

/// The ko-dic source metadata (from the embedded ko-dic-metadata.json); the
/// analyzer needs it to build user dictionaries.
pub(crate) fn source_metadata() -> Metadata {
    // The JSON is compiled in and parsed by a unit test, so this cannot fail
    // at run time.
    Metadata::load(SOURCE_METADATA_JSON).expect("embedded ko-dic-metadata.json is valid")
}

/// Renders a lindera error as its chain of causes ("context: cause"); its
/// own `Display` shows only the outermost context, wrapped in debug noise.
fn lindera_message(err: &lindera_dictionary::error::LinderaError) -> String {
    let mut message = String::new();
    let mut cause = std::error::Error::source(err);
    while let Some(err) = cause {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&err.to_string());
        cause = err.source();
    }
    if message.is_empty() {
        message = err.to_string();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_loaded_again_shares_its_tables() {
        let dir = resolve_dir(None);
        let first = KoreanDictionary::load_with(&dir, DictionaryMemory::Resident)
            .expect("the dictionary (`make test` installs it)");
        let again = KoreanDictionary::load_with(&dir, DictionaryMemory::Resident).unwrap();
        assert!(Arc::ptr_eq(&first.inner, &again.inner));
        let mapped = KoreanDictionary::load(&dir).unwrap();
        assert!(!Arc::ptr_eq(&first.inner, &mapped.inner));
        assert!(Arc::ptr_eq(
            &mapped.inner,
            &KoreanDictionary::load(&dir).unwrap().inner
        ));
    }

    #[test]
    fn embedded_source_metadata_parses() {
        let metadata = source_metadata();
        assert_eq!(metadata.name, "ko-dic");
        assert!(metadata.connection_id_mapping);
    }

    #[test]
    fn explicit_dir_wins() {
        let explicit = Path::new("/some/where");
        assert_eq!(resolve_dir(Some(explicit)), explicit);
    }

    #[test]
    fn lindera_errors_show_their_causes() {
        let err = lindera_dictionary::error::LinderaErrorKind::Io
            .with_error(std::io::Error::other("disk on fire"))
            .add_context("Failed to read dict.trie");
        assert_eq!(
            lindera_message(&err),
            "Failed to read dict.trie: disk on fire"
        );
    }
}
