//! [`Synonyms`]: words a query also searches as other words, read from a
//! file and applied at query time, so they change without re-indexing.
//!
//! The file has a rule a line, in the format of Solr's and Elasticsearch's
//! synonym files:
//!
//! ```text
//! # equivalent: each finds the others
//! 미국, 美, 米國, USA
//! # one way: the left side also finds the right one, not the other way
//! 문 대통령 => 문재인 대통령
//! ```
//!
//! Blank lines and lines starting with `#` are ignored, and so is a UTF-8
//! byte order mark. A side of `=>` may list several entries, separated by
//! commas. An entry may be several words; it then matches those words in a
//! row in a query, and is searched as a phrase.
//!
//! Entries are read by the index's analyzer, as query words are: `미국의`
//! in a query matches the entry `미국`, and `문재인 대통령의` the entry
//! `문재인 대통령`. A query word keeps its own meaning and gains its
//! synonyms as alternatives: `미국 제재` finds 미국 and 美 with 제재. A
//! document that holds the query's own words ranks above one that holds
//! only a synonym, all else equal (see [`SYNONYM_WEIGHT`]).
//!
//! A malformed line is an error naming the file and the line, never
//! skipped: a rule that silently does nothing would be found out late.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::query::Reading;
use crate::analysis::{Analyzer, WordContext};
use crate::{Error, Result};

/// A document matching only a synonym of a query word scores at most this
/// share of what the word itself would score there (and less when the
/// synonym is rarer in the index than the word: its BM25 weight is scaled
/// to the word's first), so that documents holding the words typed come
/// first, all else equal.
pub const SYNONYM_WEIGHT: f32 = 0.9;

/// Most words in one entry.
const MAX_ENTRY_WORDS: usize = 8;

/// User synonyms, read with one index's analyzer.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// By the terms of an entry (its reading inside a sentence): the
    /// entries it also searches.
    alternatives: HashMap<Vec<String>, Vec<Alternative>>,
    /// The most words of an entry with alternatives.
    longest: usize,
}

/// An entry searched in place of a query's words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Alternative {
    /// As written in the file.
    pub text: String,
    /// Its terms, as the key of an entry.
    pub terms: Vec<String>,
}

impl Synonyms {
    /// Reads a synonyms file, its entries read by `analyzer` (the index's:
    /// [`Index::analyzer`](crate::index::Index::analyzer)). Errors name the
    /// file and the line.
    pub fn from_file(path: &Path, analyzer: &Analyzer) -> Result<Synonyms> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Synonyms {
            path: path.to_path_buf(),
            line: None,
            message: "not UTF-8 text".into(),
        })?;
        Synonyms::parse(&text, path, analyzer)
    }

    /// Reads synonyms from `text`; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path, analyzer: &Analyzer) -> Result<Synonyms> {
        let mut synonyms = Synonyms::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| Error::Synonyms {
                path: origin.to_path_buf(),
                line: Some(index + 1),
                message,
            };
            let rule = Rule::parse(line).map_err(error)?;
            let read = |text: &str| -> std::result::Result<Alternative, String> {
                let terms = Reading::of(&analyzer.analyze_in(text, WordContext::ALL[0])).key();
                if terms.is_empty() {
                    return Err(format!(
                        "`{text}` has no word to search (only particles, endings or punctuation)"
                    ));
                }
                Ok(Alternative {
                    text: text.to_string(),
                    terms,
                })
            };
            let from = rule
                .from
                .iter()
                .map(|text| read(text))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(error)?;
            let to = match &rule.to {
                Some(to) => to
                    .iter()
                    .map(|text| read(text))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(error)?,
                None => from.clone(),
            };
            for (entry, words) in from.iter().zip(&rule.from) {
                let alternatives = synonyms
                    .alternatives
                    .entry(entry.terms.clone())
                    .or_default();
                for alternative in &to {
                    if alternative.terms != entry.terms && !alternatives.contains(alternative) {
                        alternatives.push(alternative.clone());
                    }
                }
                synonyms.longest = synonyms.longest.max(words.split_whitespace().count());
            }
        }
        synonyms
            .alternatives
            .retain(|_, alternatives| !alternatives.is_empty());
        Ok(synonyms)
    }

    /// Whether there is no synonym at all.
    pub fn is_empty(&self) -> bool {
        self.alternatives.is_empty()
    }

    /// The entries a query's words with these terms also search.
    pub(crate) fn alternatives(&self, terms: &[String]) -> Option<&[Alternative]> {
        self.alternatives.get(terms).map(Vec::as_slice)
    }

    /// The most words of an entry.
    pub(crate) fn longest(&self) -> usize {
        self.longest
    }
}

/// One line of a synonyms file, as written.
#[derive(Debug, PartialEq)]
struct Rule {
    from: Vec<String>,
    /// `None` for a line of equivalent entries.
    to: Option<Vec<String>>,
}

impl Rule {
    fn parse(line: &str) -> std::result::Result<Rule, String> {
        let entries = |side: &str| -> std::result::Result<Vec<String>, String> {
            side.split(',')
                .map(|entry| {
                    let words: Vec<&str> = entry.split_whitespace().collect();
                    if words.is_empty() {
                        return Err("an empty entry (two commas in a row, or a comma at an end)"
                            .to_string());
                    }
                    if words.len() > MAX_ENTRY_WORDS {
                        return Err(format!(
                            "an entry of {} words; at most {MAX_ENTRY_WORDS} are allowed",
                            words.len()
                        ));
                    }
                    Ok(words.join(" "))
                })
                .collect()
        };
        match line.split("=>").collect::<Vec<_>>().as_slice() {
            [equivalent] => {
                let from = entries(equivalent)?;
                if from.len() < 2 {
                    return Err(
                        "one entry alone: list equivalent entries separated by commas \
                         (`미국, 美`), or one way with `=>` (`美 => 미국`)"
                            .to_string(),
                    );
                }
                Ok(Rule { from, to: None })
            }
            [from, to] => Ok(Rule {
                from: entries(from)?,
                to: Some(entries(to)?),
            }),
            _ => Err("`=>` more than once".to_string()),
        }
    }
}

/// A synonyms file, read again when it changes: for a long-lived searcher
/// (`kosearch serve`) whose synonyms change without a restart.
#[derive(Debug)]
pub struct SynonymsFile {
    path: PathBuf,
    /// The file's modification time and length when last read.
    stamp: Option<(std::time::SystemTime, u64)>,
    synonyms: Arc<Synonyms>,
}

impl SynonymsFile {
    /// Reads the file at `path` with `analyzer`.
    pub fn open(path: &Path, analyzer: &Analyzer) -> Result<SynonymsFile> {
        let stamp = stamp(path);
        Ok(SynonymsFile {
            path: path.to_path_buf(),
            stamp,
            synonyms: Arc::new(Synonyms::from_file(path, analyzer)?),
        })
    }

    /// The synonyms as last read.
    pub fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.clone()
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file again if it changed since it was last read (its
    /// modification time or length), or always when `force`; whether it
    /// was read. On an error the synonyms read before stay, and the same
    /// unchanged file is not read (nor reported) again.
    pub fn reload(&mut self, analyzer: &Analyzer, force: bool) -> Result<bool> {
        let stamp = stamp(&self.path);
        if !force && stamp == self.stamp {
            return Ok(false);
        }
        self.stamp = stamp;
        self.synonyms = Arc::new(Synonyms::from_file(&self.path, analyzer)?);
        Ok(true)
    }
}

/// The modification time and length of the file at `path`.
fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn rules_are_read_as_written() {
        let rule = |line| Rule::parse(line);
        assert_eq!(
            rule("미국, 美 , 米國,USA"),
            Ok(Rule {
                from: vec!["미국".into(), "美".into(), "米國".into(), "USA".into()],
                to: None
            })
        );
        assert_eq!(
            rule("문  대통령 => 문재인 대통령, 문재인"),
            Ok(Rule {
                from: vec!["문 대통령".into()],
                to: Some(vec!["문재인 대통령".into(), "문재인".into()])
            })
        );
        for bad in [
            "미국",
            "미국,,美",
            "미국, ",
            "=> 미국",
            "美 =>",
            "a => b => c",
        ] {
            assert!(rule(bad).is_err(), "{bad}");
        }
        assert!(rule(&"가 ".repeat(9)).unwrap_err().contains("at most 8"));
    }
}
