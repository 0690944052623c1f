//! The index: a tantivy index of articles, analyzed with the Korean analyzer.
//!
//! [`Index`] creates or opens an index directory and checks that it was
//! built with the analysis settings in force (see [`IndexConfig`]); an
//! [`IndexWriter`] adds, updates and deletes articles, skipping unchanged
//! ones, and commits every so many documents or seconds so that a crash loses
//! at most that much work; [`IndexStats`] describes an index.
//!
//! ```no_run
//! use kosearch::Article;
//! use kosearch::dictionary::{self, KoreanDictionary};
//! use kosearch::index::{Index, IndexConfig, WriterOptions};
//!
//! let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
//! let index = Index::open_or_create("index".as_ref(), &dictionary, &IndexConfig::default())?;
//! let mut writer = index.writer(&WriterOptions::default())?;
//! let article = Article {
//!     id: "a1".into(),
//!     title: "세종시-서울시 협약".into(),
//!     body: "세종시는 서울시와 협력한다.".into(),
//!     ..Article::default()
//! };
//! writer.upsert(&article)?;
//! writer.commit()?;
//! # Ok::<(), kosearch::Error>(())
//! ```

mod directory;
pub(crate) mod offsets;
mod schema;
mod settings;
mod stats;
mod stored;
mod user_words;
mod writer;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tantivy::directory::{Directory, MmapDirectory};
use tantivy::tokenizer::TokenizerManager;

use self::schema::BIGRAM_TOKENIZER_NAME;
pub(crate) use self::schema::{live_ids, Fields};
pub use self::settings::IndexConfig;
use self::settings::{Settings, SETTINGS_FILE};
pub use self::stats::IndexStats;
pub(crate) use self::stored::read_article;
pub use self::user_words::UserWordsReport;
pub use self::writer::{
    tantivy_writer_with_patience, Change, ChangeCounts, IndexWriter, WriterOptions, LOCK_PATIENCE,
    MAX_BYTES_IN_FLIGHT, MAX_MEMORY_PER_THREAD, MIN_MEMORY_PER_THREAD,
};
use crate::analysis::{
    Analyzer, HangulBigramTokenizer, UserDictionary, DEFAULT_CACHE_BYTES, TOKENIZER_NAME,
};
use crate::dictionary::KoreanDictionary;
use crate::{Error, Result};

fn default_dictionary() -> Result<KoreanDictionary> {
    KoreanDictionary::load(&crate::dictionary::default_dir())
}

/// The size of the blocks the stored articles are compressed in (tantivy's
/// default is 16 KiB). A hit's article is read by decompressing its whole
/// block, and a news or Wikipedia article is about 3 KiB: with 4 KiB blocks,
/// the 240 KLUE questions on 20,000 Wikipedia articles took 4 to 10% less
/// time at the median, for a store 4% larger and about 4% more indexing
/// CPU (`docs/bench/search.md`).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// The lock file taken while an index is created, or its settings checked
/// before it is opened for writing.
pub(crate) const CREATION_LOCK: &str = ".kosearch-create.lock";

/// Waits for, and takes, the lock on creating the index in `dir` (created
/// if needed); released when dropped. Without it, two processes starting
/// on a new directory could both find no index, both record their
/// settings, and one index with the settings the other recorded.
fn creation_lock(dir: &Path) -> Result<tantivy::directory::DirectoryLock> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let directory = MmapDirectory::open(dir).map_err(|e| Error::Index(e.to_string()))?;
    let lock = tantivy::directory::Lock {
        filepath: PathBuf::from(CREATION_LOCK),
        is_blocking: true,
    };
    directory.acquire_lock(&lock).map_err(|e| {
        Error::Index(format!(
            "cannot lock {}: {e}",
            dir.join(CREATION_LOCK).display()
        ))
    })
}

/// The name of some tantivy segment file in `dir`, if there is one.
fn segment_file(dir: &Path) -> Option<String> {
    const SEGMENT_EXTENSIONS: [&str; 7] =
        ["store", "idx", "pos", "term", "fast", "fieldnorm", "del"];
    std::fs::read_dir(dir).ok()?.flatten().find_map(|entry| {
        let path = entry.path();
        let extension = path.extension()?.to_str()?;
        SEGMENT_EXTENSIONS
            .contains(&extension)
            .then(|| entry.file_name().to_string_lossy().into_owned())
    })
}

/// A tantivy error met while opening `dir`, as [`Error::IndexCorrupt`],
/// naming the damaged file rather than quoting tantivy's internals.
fn corrupt(dir: &Path, error: tantivy::TantivyError) -> Error {
    use tantivy::directory::error::OpenReadError;
    let detail = match &error {
        tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            let name = file.file_name().unwrap_or(file.as_os_str());
            format!("file {} is missing", Path::new(name).display())
        }
        tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if io_error.kind() == std::io::ErrorKind::InvalidData =>
        {
            format!("file {} is truncated or damaged", filepath.display())
        }
        _ => error.to_string(),
    };
    Error::IndexCorrupt {
        dir: dir.to_path_buf(),
        detail,
    }
}

/// An index directory, open.
#[derive(Clone)]
pub struct Index {
    dir: PathBuf,
    tantivy: tantivy::Index,
    fields: Fields,
    dictionary: KoreanDictionary,
    analyzer: Analyzer,
    settings: Settings,
    /// When `kosearch.json` was last changed, as seen before it was read.
    settings_modified: Option<SystemTime>,
    /// Whether it keeps its bodies' term offsets
    /// ([`IndexConfig::term_offsets`]).
    term_offsets: bool,
}

impl Index {
    /// Whether `dir` holds a kosearch index.
    pub fn exists(dir: &Path) -> bool {
        dir.join(SETTINGS_FILE).is_file() && dir.join("meta.json").is_file()
    }

    /// Creates a new index in `dir` (created if needed; it must not hold an
    /// index already), analyzing with the dictionary in its default place
    /// ([`dictionary::default_dir`](crate::dictionary::default_dir)).
    pub fn create(dir: &Path, config: &IndexConfig) -> Result<Index> {
        Index::create_with(dir, &default_dictionary()?, config)
    }

    /// Opens the index in `dir` with the settings it was built with, and the
    /// dictionary in its default place.
    pub fn open(dir: &Path) -> Result<Index> {
        Index::open_with(dir, &default_dictionary()?)
    }

    /// Creates a new index in `dir` (created if needed; it must not hold an
    /// index already) with a loaded dictionary.
    pub fn create_with(
        dir: &Path,
        dictionary: &KoreanDictionary,
        config: &IndexConfig,
    ) -> Result<Index> {
        let _creating = creation_lock(dir)?;
        Index::create_locked(dir, dictionary, config)
    }

    /// [`Index::create_with`], the caller holding the [`creation_lock`].
    fn create_locked(
        dir: &Path,
        dictionary: &KoreanDictionary,
        config: &IndexConfig,
    ) -> Result<Index> {
        if Index::exists(dir) {
            return Err(Error::InvalidArgument(format!(
                "{} already holds an index",
                dir.display()
            )));
        }
        let user_dictionary = config.analyzer.user_dictionary()?;
        let settings = Settings::new(config, &user_dictionary, dictionary.version());
        // The settings go first: an index directory with tantivy files but no
        // settings would be unreadable, the other way round merely empty.
        settings.write(dir, &user_dictionary)?;
        let settings_modified = Settings::modified(dir);
        let mut builder = tantivy::Index::builder()
            .schema(Fields::schema(config.bigrams, config.suggestions))
            .settings(tantivy::IndexSettings {
                docstore_blocksize: DOCSTORE_BLOCK_BYTES,
                ..tantivy::IndexSettings::default()
            });
        if config.term_offsets {
            // Recorded in `meta.json`: tantivy will not merge the index
            // without it.
            builder = builder.register_plugin(offsets::plugin());
        }
        let tantivy = builder
            .create_in_dir(dir)
            .map_err(|e| Error::Index(e.to_string()))?;
        Index::assemble(
            dir,
            tantivy,
            dictionary,
            (settings, settings_modified),
            &user_dictionary,
        )
    }

    /// Opens the index in `dir` with the settings it was built with and a
    /// loaded dictionary.
    pub fn open_with(dir: &Path, dictionary: &KoreanDictionary) -> Result<Index> {
        if !dir.join(SETTINGS_FILE).is_file() {
            if dir.join("meta.json").is_file() {
                return Err(Error::IndexCorrupt {
                    dir: dir.to_path_buf(),
                    detail: format!("{SETTINGS_FILE} is missing"),
                });
            }
            return Err(Error::IndexMissing {
                dir: dir.to_path_buf(),
            });
        }
        let settings_modified = Settings::modified(dir);
        let (settings, user_dictionary) = Settings::read(dir)?;
        if settings.dictionary_version != dictionary.version() {
            return Err(Error::IndexMismatch {
                dir: dir.to_path_buf(),
                differences: vec![format!(
                    "the dictionary is {} in the index, {} now",
                    settings.dictionary_version,
                    dictionary.version()
                )],
            });
        }
        if !dir.join("meta.json").is_file() {
            return Err(Error::IndexCorrupt {
                dir: dir.to_path_buf(),
                detail: "meta.json is missing".into(),
            });
        }
        let tantivy = tantivy::Index::open_in_dir(dir).map_err(|e| corrupt(dir, e))?;
        // Open every segment now (cheap: memory maps and footer checks), so
        // that a truncated or missing segment file is reported here, as a
        // damaged index, rather than by the first search.
        tantivy
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map(drop)
            .map_err(|e| corrupt(dir, e))?;
        // tantivy opens a missing positions file as empty; check them all.
        let segments = tantivy
            .searchable_segment_metas()
            .map_err(|e| corrupt(dir, e))?;
        let positions = |segment: &tantivy::index::SegmentMeta| {
            segment.relative_path(tantivy::index::SegmentComponent::Positions)
        };
        for file in segments.iter().map(positions) {
            if !dir.join(&file).is_file() {
                return Err(corrupt(
                    dir,
                    tantivy::directory::error::OpenReadError::FileDoesNotExist(file).into(),
                ));
            }
        }
        Index::assemble(
            dir,
            tantivy,
            dictionary,
            (settings, settings_modified),
            &user_dictionary,
        )
    }

    /// Opens the index in `dir`, or creates it when there is none. An
    /// existing index built with other settings than `config` is refused
    /// with [`Error::IndexMismatch`], saying what differs.
    ///
    /// Processes doing this at the same time on the same directory take
    /// turns (a lock file, `.kosearch-create.lock`), so that the first creates the
    /// index and the others check their settings against it.
    pub fn open_or_create(
        dir: &Path,
        dictionary: &KoreanDictionary,
        config: &IndexConfig,
    ) -> Result<Index> {
        let _creating = creation_lock(dir)?;
        if !Index::exists(dir) && !dir.join("meta.json").is_file() {
            // Segment files without meta.json: an index whose list of
            // commits is gone, not an index never created (a run killed
            // while creating one leaves no segment file).
            if let Some(segment) = segment_file(dir) {
                return Err(Error::IndexCorrupt {
                    dir: dir.to_path_buf(),
                    detail: format!("meta.json is missing, but segment file {segment} is there"),
                });
            }
            return Index::create_locked(dir, dictionary, config);
        }
        let (recorded, recorded_dictionary) = Settings::read(dir)?;
        // The words added to the index stay: a run need not repeat them.
        let mut wanted_dictionary = config.analyzer.user_dictionary()?;
        wanted_dictionary.extend(recorded.added_dictionary()?);
        let wanted = Settings::new(config, &wanted_dictionary, dictionary.version());
        let differences = recorded.differences(&recorded_dictionary, &wanted, &wanted_dictionary);
        if !differences.is_empty() {
            return Err(Error::IndexMismatch {
                dir: dir.to_path_buf(),
                differences,
            });
        }
        Index::open_with(dir, dictionary)
    }

    /// An index of `dir` with its `settings`, read from `kosearch.json` as
    /// it was at the time given.
    fn assemble(
        dir: &Path,
        mut tantivy: tantivy::Index,
        dictionary: &KoreanDictionary,
        (settings, settings_modified): (Settings, Option<SystemTime>),
        user_dictionary: &UserDictionary,
    ) -> Result<Index> {
        let analyzer = Analyzer::with_user_dictionary(
            dictionary,
            &settings.analyzer_config(),
            user_dictionary,
        )?;
        let term_offsets = records_term_offsets(&tantivy).map_err(|e| corrupt(dir, e))?;
        tantivy.set_tokenizers(tokenizers(&analyzer, DEFAULT_CACHE_BYTES, term_offsets));
        register_offsets_plugin(&mut tantivy, term_offsets);
        let fields = Fields::from_schema(&tantivy.schema()).map_err(|e| Error::IndexCorrupt {
            dir: dir.to_path_buf(),
            detail: format!("not a kosearch schema: {e}"),
        })?;
        Ok(Index {
            dir: dir.to_path_buf(),
            tantivy,
            fields,
            dictionary: dictionary.clone(),
            analyzer,
            settings,
            settings_modified,
            term_offsets,
        })
    }

    /// Whether the index keeps where each term of its bodies stands
    /// ([`IndexConfig::term_offsets`], chosen when it was created; an index
    /// made before kosearch kept them has none).
    pub fn has_term_offsets(&self) -> bool {
        self.term_offsets
    }

    /// Whether the index's analysis is still the one this handle analyzes
    /// with: `false` once words were added to its user dictionary by another
    /// handle or process ([`add_user_words`](Self::add_user_words)). Costs a
    /// look at the modification time of a file; a long-lived user (a
    /// server) asks before each request and [`reopen`](Self::reopen)s.
    pub fn is_current(&self) -> bool {
        Settings::modified(&self.dir) == self.settings_modified
    }

    /// The index opened again, with the analysis it has now.
    pub fn reopen(&self) -> Result<Index> {
        Index::open_with(&self.dir, &self.dictionary)
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The analyzer the index was built with, for queries.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Whether the Hangul bigram field is indexed.
    pub fn has_bigrams(&self) -> bool {
        self.settings.bigrams
    }

    /// A writer. Only one may exist per index at a time, across processes:
    /// a second one fails with [`Error::IndexLocked`] within a quarter of a
    /// second.
    ///
    /// A handle opened before words were added to the index's user
    /// dictionary (by another handle or process) refuses to write with
    /// [`Error::IndexChanged`]: its analysis is out of date.
    pub fn writer(&self, options: &WriterOptions) -> Result<IndexWriter> {
        let writer = IndexWriter::new(self, options)?;
        // Under the write lock, so that no change can come in between.
        self.check_current()?;
        Ok(writer)
    }

    /// Fails with [`Error::IndexChanged`] when the index's settings on disk
    /// are no longer the ones this handle analyzes with.
    fn check_current(&self) -> Result<()> {
        let (on_disk, _) = Settings::read(&self.dir)?;
        if on_disk != self.settings {
            return Err(Error::IndexChanged {
                dir: self.dir.clone(),
            });
        }
        Ok(())
    }

    pub(crate) fn tantivy(&self) -> &tantivy::Index {
        &self.tantivy
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }
}

/// The first `limit` Wikipedia articles of `corpus/`, and a new index in a
/// temporary directory, for unit tests.
#[cfg(test)]
pub(crate) fn test_index_and_articles(
    limit: usize,
) -> (tempfile::TempDir, Index, Vec<crate::Article>) {
    let dictionary = crate::analysis::test_dictionary();
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_with(dir.path(), &dictionary, &IndexConfig::default()).unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kowiki.jsonl");
    let articles = std::fs::read_to_string(corpus)
        .unwrap()
        .lines()
        .take(limit)
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            crate::Article {
                id: value["id"].as_str().unwrap().into(),
                title: value["title"].as_str().unwrap().into(),
                body: value["body"].as_str().unwrap().into(),
                ..crate::Article::default()
            }
        })
        .collect();
    (dir, index, articles)
}

/// Registers with a tantivy handle on a kosearch index the segment plugins
/// the index was made with: the term offsets' for an index made with them
/// (one made before has none, and never gets it). tantivy refuses to write
/// to or merge an index without its plugins: a program that writes to a
/// kosearch index through tantivy itself calls this first (and registers
/// the index's tokenizers, as for any tantivy index).
pub fn register_plugins(tantivy: &mut tantivy::Index) -> tantivy::Result<()> {
    let made_with = records_term_offsets(tantivy)?;
    register_offsets_plugin(tantivy, made_with);
    Ok(())
}

/// Registers the term offsets' plugin with `tantivy` when the index was
/// `made_with` it (as its `meta.json` says: [`records_term_offsets`]) and
/// it is not registered yet.
fn register_offsets_plugin(tantivy: &mut tantivy::Index, made_with: bool) {
    let registered = tantivy
        .custom_plugins()
        .iter()
        .any(|plugin| plugin.extensions().contains(&offsets::EXTENSION));
    if made_with && !registered {
        tantivy.register_plugin(offsets::plugin());
    }
}

/// Whether the index was made with the term offsets' plugin.
fn records_term_offsets(tantivy: &tantivy::Index) -> tantivy::Result<bool> {
    Ok(tantivy
        .load_metas()?
        .persisted_custom_extensions
        .iter()
        .any(|extension| extension == offsets::EXTENSION))
}

/// tantivy's tokenizers plus the index's: `analyzer`, with an analysis
/// cache of `analysis_cache` bytes per thread and recording its tokens for
/// the term offsets when the index keeps them, and the bigram tokenizer.
fn tokenizers(analyzer: &Analyzer, analysis_cache: usize, term_offsets: bool) -> TokenizerManager {
    let tokenizers = TokenizerManager::default();
    tokenizers.register(
        TOKENIZER_NAME,
        analyzer
            .tokenizer()
            .with_analysis_cache(analysis_cache)
            .with_recording(term_offsets),
    );
    tokenizers.register(BIGRAM_TOKENIZER_NAME, HangulBigramTokenizer);
    tokenizers.register(
        crate::suggest::TOKENIZER_NAME,
        crate::suggest::SalientWords::new(analyzer.clone(), analysis_cache),
    );
    tokenizers
}
