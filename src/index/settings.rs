//! What an index records about how it was built, so that query-time
//! analysis can never silently differ from index-time analysis.
//!
//! Two files sit next to tantivy's own in the index directory:
//! `kosearch.json` (the analyzer settings, the dictionary version, the
//! user dictionary's checksum and the words added to it since) and
//! `user_dictionary.csv` (the user dictionary the index was created with, so
//! that searching needs neither the original CSV files nor the same working
//! directory). The index's user dictionary is that file's words and the
//! added ones.
//!
//! Adding words ([`Index::add_user_words`](super::Index::add_user_words))
//! changes `kosearch.json` after the commit of the documents analyzed again,
//! so that commit carries the new settings as its payload in tantivy's
//! `meta.json`: when a crash comes between the two, the next reader of the
//! settings finds the commit's and completes the change.

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
    /// Keep, in a new index, where each term of a body stands (its byte
    /// range, `index::offsets`), so that a search reads its passages there
    /// instead of analyzing the hits again. On by default: on 100,000
    /// Wikipedia articles, merged, the KLUE questions took 0.92 ms at the
    /// median with them and 1.35 ms without, for an index of 540 MB instead
    /// of 358 MB (`docs/bench/search.md`). Hits and scores are the same
    /// either way. Whether an index has them is a property of the index
    /// once created.
    pub term_offsets: bool,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            analyzer: AnalyzerConfig::default(),
            bigrams: false,
            suggestions: true,
            term_offsets: true,
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
    /// The checksum of [`USER_DICTIONARY_FILE`].
    pub user_dictionary_sha256: String,
    /// Words added to the user dictionary after the index was created, one
    /// a line in the user dictionary's CSV format.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_words: Vec<String>,
}

/// The payload of the commit that made the documents of a settings change,
/// in tantivy's `meta.json`.
#[derive(Serialize, Deserialize)]
struct CommitPayload {
    kosearch_settings: Settings,
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
            added_words: Vec::new(),
        }
    }

    /// The words added since the index was created.
    pub fn added_dictionary(&self) -> Result<UserDictionary> {
        UserDictionary::parse(
            &self.added_words.join("\n"),
            Path::new("the words added to the index (kosearch.json)"),
        )
    }

    /// These settings with `words` added to the user dictionary.
    pub fn with_added_words(&self, words: &UserDictionary) -> Result<Settings> {
        let mut added = self.added_dictionary()?;
        added.extend(words.clone());
        Ok(Settings {
            added_words: added.to_csv().lines().map(str::to_string).collect(),
            ..self.clone()
        })
    }

    /// The payload of the commit that makes these settings true.
    pub fn commit_payload(&self) -> Result<String> {
        let payload = CommitPayload {
            kosearch_settings: self.clone(),
        };
        serde_json::to_string(&payload).map_err(|e| Error::Index(e.to_string()))
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

    /// Writes both files (each atomically: a temporary file renamed), for a
    /// new index created with `user_dictionary`.
    pub fn write(&self, dir: &Path, user_dictionary: &UserDictionary) -> Result<()> {
        write_atomically(
            &dir.join(USER_DICTIONARY_FILE),
            user_dictionary.to_csv().as_bytes(),
        )?;
        self.write_settings(dir)
    }

    /// When `kosearch.json` in `dir` was last changed; `None` when that
    /// cannot be told.
    pub fn modified(dir: &Path) -> Option<std::time::SystemTime> {
        std::fs::metadata(dir.join(SETTINGS_FILE))
            .and_then(|meta| meta.modified())
            .ok()
    }

    /// Writes `kosearch.json` alone, atomically.
    pub fn write_settings(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Index(e.to_string()))?;
        write_atomically(&dir.join(SETTINGS_FILE), json.as_bytes())
    }

    /// Reads both files, and completes a change of settings whose commit a
    /// crash cut off from its `kosearch.json`. Returns the settings and the
    /// index's user dictionary (the file's words and the added ones).
    pub fn read(dir: &Path) -> Result<(Settings, UserDictionary)> {
        let corrupt = |detail: String| Error::IndexCorrupt {
            dir: dir.to_path_buf(),
            detail,
        };
        let path = dir.join(SETTINGS_FILE);
        let bytes = std::fs::read(&path)
            .map_err(|e| corrupt(format!("cannot read {SETTINGS_FILE}: {e}")))?;
        let mut settings: Settings = serde_json::from_slice(&bytes)
            .map_err(|e| corrupt(format!("{SETTINGS_FILE} is not valid: {e}")))?;
        if let Some(committed) = committed_settings(dir)
            && committed != settings
        {
            // The documents are analyzed with the committed settings;
            // recording them is best effort (a reader may have no right
            // to write), as every reader makes the same choice.
            let _ = committed.write_settings(dir);
            settings = committed;
        }
        if settings.format != FORMAT {
            return Err(corrupt(format!(
                "index format {} is not the format {FORMAT} of this kosearch",
                settings.format
            )));
        }
        let csv_path = dir.join(USER_DICTIONARY_FILE);
        let mut user_dictionary = UserDictionary::load(&csv_path)
            .map_err(|e| corrupt(format!("cannot read {USER_DICTIONARY_FILE}: {e}")))?;
        if user_dictionary.checksum() != settings.user_dictionary_sha256 {
            return Err(corrupt(format!(
                "{USER_DICTIONARY_FILE} does not match the checksum recorded in {SETTINGS_FILE}"
            )));
        }
        let added = settings
            .added_dictionary()
            .map_err(|e| corrupt(format!("{SETTINGS_FILE} is not valid: {e}")))?;
        user_dictionary.extend(added);
        Ok((settings, user_dictionary))
    }

    /// Every difference between the settings an index has, with its user
    /// `dictionary`, and the ones a run asks for, in words; empty when they
    /// agree.
    pub fn differences(
        &self,
        dictionary: &UserDictionary,
        wanted: &Settings,
        wanted_dictionary: &UserDictionary,
    ) -> Vec<String> {
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
        if dictionary.checksum() != wanted_dictionary.checksum() {
            differences.push(user_dictionary_difference(dictionary, wanted_dictionary));
        }
        differences
    }
}

/// The settings in the payload of the last commit, when it changed them.
/// Any error reads as none: tantivy reports a damaged `meta.json` itself.
fn committed_settings(dir: &Path) -> Option<Settings> {
    #[derive(Deserialize)]
    struct Meta {
        payload: Option<String>,
    }
    let meta: Meta = serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()?;
    let payload: CommitPayload = serde_json::from_str(&meta.payload?).ok()?;
    Some(payload.kosearch_settings)
}

/// How two user dictionaries differ, in words, naming a few of the words.
fn user_dictionary_difference(index: &UserDictionary, wanted: &UserDictionary) -> String {
    const NAMED: usize = 3;
    let missing_from = |these: &UserDictionary, those: &UserDictionary| -> Vec<String> {
        these
            .words()
            .filter(|word| those.get(&word.surface) != Some(*word))
            .map(|word| word.surface.clone())
            .collect()
    };
    let describe = |words: Vec<String>, which: &str| {
        let mut named = words
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if words.len() > NAMED {
            named.push_str(", …");
        }
        match words.len() {
            0 => None,
            1 => Some(format!(
                "1 word {which} is not in the other, or differs ({named})"
            )),
            n => Some(format!(
                "{n} words {which} are not in the other, or differ ({named})"
            )),
        }
    };
    let parts: Vec<String> = [
        describe(missing_from(index, wanted), "of the index's"),
        describe(missing_from(wanted, index), "of the one given"),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!(
        "the user dictionary differs: {} (`kosearch dict add` adds words to an index)",
        parts.join("; ")
    )
}

fn on_off(value: bool) -> &'static str {
    if value {
        "on"
    } else {
        "off"
    }
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
