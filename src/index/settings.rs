//! What an index records about how it was built, so that query-time
//! analysis can never silently differ from index-time analysis.
//!
//! Two files sit next to tantivy's own in the index directory:
//! `kosearch.json` (the analyzer settings, the dictionary version and the
//! user dictionary's checksum) and `user_dictionary.csv` (the effective user
//! dictionary, so that searching needs neither the original CSV files nor the
//! same working directory).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analysis::{AnalyzerConfig, DecompoundMode, Tokenization, UserDictionary};
use crate::{Error, Result};

/// The settings file.
pub(crate) const SETTINGS_FILE: &str = "kosearch.json";
/// The effective user dictionary.
pub(crate) const USER_DICTIONARY_FILE: &str = "user_dictionary.csv";
/// Version of the layout of kosearch indexes.
const FORMAT: u32 = 1;

/// How an index is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexConfig {
    /// The analyzer settings.
    pub analyzer: AnalyzerConfig,
    /// Also index Hangul character bigrams of title and body, searched next
    /// to the analyzed words: a fallback for words the dictionary reads
    /// differently in documents and queries, or does not know. Off by
    /// default: on the KLUE retrieval set, with passage ranking, it found
    /// one more relevant document in the top 100 and left MRR@10 unchanged,
    /// for twice the postings and query time (`docs/relevance.md`).
    pub bigrams: bool,
    /// Keep a suggestion dictionary (titles and salient words, for
    /// [`Suggester`](crate::suggest::Suggester)) in a new index. On by
    /// default; it costs a second pass of the analyzer over each title and
    /// the start of each body.
    /// Whether an index has one is a property of the index once created.
    pub suggestions: bool,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            analyzer: AnalyzerConfig::default(),
            bigrams: false,
            suggestions: true,
        }
    }
}

/// The recorded settings (`kosearch.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Settings {
    pub format: u32,
    /// Absent from indexes written before it could be chosen.
    #[serde(default)]
    pub tokenization: Tokenization,
    pub decompound: DecompoundMode,
    pub hanja_readings: bool,
    /// Absent from indexes written before it could be chosen, which lack
    /// them.
    #[serde(default)]
    pub headline_abbreviations: bool,
    /// Absent from indexes written before it could be chosen, which lack
    /// whole words.
    #[serde(default)]
    pub whole_words: bool,
    pub bigrams: bool,
    pub dictionary_version: String,
    pub user_dictionary_sha256: String,
}

impl Settings {
    /// The settings an index built with `config` records.
    pub fn new(
        config: &IndexConfig,
        user_dictionary: &UserDictionary,
        dictionary_version: &str,
    ) -> Self {
        Settings {
            format: FORMAT,
            tokenization: config.analyzer.tokenization,
            decompound: config.analyzer.decompound,
            hanja_readings: config.analyzer.hanja_readings,
            headline_abbreviations: config.analyzer.headline_abbreviations,
            whole_words: config.analyzer.whole_words,
            bigrams: config.bigrams,
            dictionary_version: dictionary_version.to_string(),
            user_dictionary_sha256: user_dictionary.checksum(),
        }
    }

    /// The analyzer configuration to rebuild the index's analyzer (its user
    /// dictionary comes from [`USER_DICTIONARY_FILE`]).
    pub fn analyzer_config(&self) -> AnalyzerConfig {
        AnalyzerConfig {
            tokenization: self.tokenization,
            decompound: self.decompound,
            hanja_readings: self.hanja_readings,
            headline_abbreviations: self.headline_abbreviations,
            whole_words: self.whole_words,
            builtin_user_dictionary: false,
            user_dictionaries: Vec::new(),
        }
    }

    /// Writes both files (each atomically: a temporary file renamed).
    pub fn write(&self, dir: &Path, user_dictionary: &UserDictionary) -> Result<()> {
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Index(e.to_string()))?;
        write_atomically(
            &dir.join(USER_DICTIONARY_FILE),
            user_dictionary.to_csv().as_bytes(),
        )?;
        write_atomically(&dir.join(SETTINGS_FILE), json.as_bytes())
    }

    /// Reads both files.
    pub fn read(dir: &Path) -> Result<(Settings, UserDictionary)> {
        let corrupt = |detail: String| Error::IndexCorrupt {
            dir: dir.to_path_buf(),
            detail,
        };
        let path = dir.join(SETTINGS_FILE);
        let bytes = std::fs::read(&path)
            .map_err(|e| corrupt(format!("cannot read {SETTINGS_FILE}: {e}")))?;
        let settings: Settings = serde_json::from_slice(&bytes)
            .map_err(|e| corrupt(format!("{SETTINGS_FILE} is not valid: {e}")))?;
        if settings.format != FORMAT {
            return Err(corrupt(format!(
                "index format {} is not the format {FORMAT} of this kosearch",
                settings.format
            )));
        }
        let csv_path = dir.join(USER_DICTIONARY_FILE);
        let user_dictionary = UserDictionary::load(&csv_path)
            .map_err(|e| corrupt(format!("cannot read {USER_DICTIONARY_FILE}: {e}")))?;
        if user_dictionary.checksum() != settings.user_dictionary_sha256 {
            return Err(corrupt(format!(
                "{USER_DICTIONARY_FILE} does not match the checksum recorded in {SETTINGS_FILE}"
            )));
        }
        Ok((settings, user_dictionary))
    }

    /// Every difference between the settings an index has and the ones a run
    /// asks for, in words; empty when they agree.
    pub fn differences(&self, wanted: &Settings) -> Vec<String> {
        let mut differences = Vec::new();
        if self.tokenization != wanted.tokenization {
            differences.push(format!(
                "tokenization is {:?} in the index, {:?} now",
                self.tokenization, wanted.tokenization
            ));
        }
        if self.decompound != wanted.decompound {
            differences.push(format!(
                "decompounding is {:?} in the index, {:?} now",
                self.decompound, wanted.decompound
            ));
        }
        if self.hanja_readings != wanted.hanja_readings {
            differences.push(format!(
                "Hanja readings are {} in the index, {} now",
                on_off(self.hanja_readings),
                on_off(wanted.hanja_readings)
            ));
        }
        if self.headline_abbreviations != wanted.headline_abbreviations {
            differences.push(format!(
                "headline abbreviations are {} in the index, {} now",
                on_off(self.headline_abbreviations),
                on_off(wanted.headline_abbreviations)
            ));
        }
        if self.whole_words != wanted.whole_words {
            differences.push(format!(
                "whole words are {} in the index, {} now",
                on_off(self.whole_words),
                on_off(wanted.whole_words)
            ));
        }
        if self.bigrams != wanted.bigrams {
            differences.push(format!(
                "the bigram field is {} in the index, {} now",
                on_off(self.bigrams),
                on_off(wanted.bigrams)
            ));
        }
        if self.dictionary_version != wanted.dictionary_version {
            differences.push(format!(
                "the dictionary is {} in the index, {} now",
                self.dictionary_version, wanted.dictionary_version
            ));
        }
        if self.user_dictionary_sha256 != wanted.user_dictionary_sha256 {
            differences.push(format!(
                "the user dictionary differs (sha256 {} in the index, {} now)",
                short(&self.user_dictionary_sha256),
                short(&wanted.user_dictionary_sha256)
            ));
        }
        differences
    }
}

fn on_off(value: bool) -> &'static str {
    if value {
        "on"
    } else {
        "off"
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        std::fs::write(&tmp, bytes)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| Error::io(path, e))
}
