//! Adding words to an index's user dictionary without indexing it again.
//!
//! A user word changes the analysis only of text that holds its surface:
//! lindera's lattice gains the word's nodes where its characters occur, and
//! nowhere else, so the best path through any other text is the one it was
//! (the same holds for a word whose entry changes). [`Index::add_user_words`]
//! therefore reads the stored articles, keeps those whose title, subtitle or
//! body, normalized as the analyzer normalizes it, holds a new surface, and
//! analyzes only those again.
//!
//! Crash safety: the documents analyzed again are replaced in one tantivy
//! commit, whose payload carries the new settings; `kosearch.json` is
//! written after it. A crash before the commit leaves the index as it was; a
//! crash between the two leaves the commit's payload, from which the next
//! reader of the settings completes the change (see `settings.rs`).

use std::time::{Duration, Instant};

use aho_corasick::AhoCorasick;
use serde::Serialize;

use super::settings::Settings;
use super::stored::read_article;
use super::{Index, IndexWriter, WriterOptions};
use crate::analysis::normalize::NormalizedText;
use crate::analysis::{Tokenization, UserDictionary};
use crate::search::UnreadableDocument;
use crate::{Error, Result};

/// What [`Index::add_user_words`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UserWordsReport {
    /// The surfaces of the words new to the index's user dictionary, or
    /// whose entry changed; words it had already are left out.
    pub added: Vec<String>,
    /// Documents whose stored text was read.
    pub scanned: usize,
    /// Documents analyzed again: those holding one of the added surfaces.
    pub reanalyzed: usize,
    /// Documents whose stored article cannot be read back; they keep their
    /// analysis, and indexing their source again rewrites them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<UnreadableDocument>,
    /// Wall time, in seconds.
    pub seconds: f64,
}

impl Index {
    /// Adds `words` to the index's user dictionary and analyzes again the
    /// documents whose text holds one of them, in one commit; this handle
    /// then analyzes with the new dictionary (others opened before refuse
    /// to write, [`Error::IndexChanged`], and are to be opened again).
    ///
    /// `options` give the indexing threads and memory (their commit
    /// thresholds are not used: the change is one commit). Takes the index's
    /// write lock like an [`IndexWriter`]; searches go on meanwhile and see
    /// the change at its commit.
    pub fn add_user_words(
        &mut self,
        words: &UserDictionary,
        options: &WriterOptions,
    ) -> Result<UserWordsReport> {
        let started = Instant::now();
        if self.settings.tokenization != Tokenization::Morphological {
            return Err(Error::InvalidArgument(format!(
                "the index at {} cuts words at white space: a user dictionary has no effect on it",
                self.dir.display()
            )));
        }
        let (_, current) = Settings::read(&self.dir)?;
        let mut new = UserDictionary::new();
        for word in words.words() {
            if current.get(&word.surface) != Some(word) {
                new.insert(word.clone());
            }
        }
        let mut report = UserWordsReport {
            added: new.words().map(|word| word.surface.clone()).collect(),
            ..UserWordsReport::default()
        };
        if new.is_empty() {
            report.seconds = started.elapsed().as_secs_f64();
            return Ok(report);
        }

        let settings = self.settings.with_added_words(&new)?;
        let mut dictionary_after = current;
        dictionary_after.extend(new);
        let tantivy =
            tantivy::Index::open_in_dir(&self.dir).map_err(|e| super::corrupt(&self.dir, e))?;
        let mut changed = Index::assemble(
            &self.dir,
            tantivy,
            &self.dictionary,
            (settings.clone(), None),
            &dictionary_after,
        )?;
        let options = WriterOptions {
            commit_every_docs: usize::MAX,
            commit_every: Duration::MAX,
            ..options.clone()
        };
        let mut writer = IndexWriter::new(&changed, &options)?;
        // Under the write lock: another change since this handle was opened
        // would be lost.
        self.check_current()?;

        let surfaces = AhoCorasick::new(&report.added).map_err(|e| Error::Index(e.to_string()))?;
        let holds_a_surface = |text: &str| surfaces.is_match(NormalizedText::new(text).as_str());
        let reader = self
            .tantivy
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| Error::Index(e.to_string()))?;
        let searcher = reader.searcher();
        let unreadable_store = |e: &dyn std::fmt::Display| Error::IndexCorrupt {
            dir: self.dir.clone(),
            detail: format!("the stored documents of a segment cannot be read: {e}"),
        };
        for segment in searcher.segment_readers() {
            // In order, each block of the store decompressed once (the
            // reader keeps the last one).
            let store = segment
                .get_store_reader(1)
                .map_err(|e| unreadable_store(&e))?;
            let alive = segment.alive_bitset();
            for doc in (0..segment.max_doc()).filter(|&doc| alive.is_none_or(|a| a.is_alive(doc))) {
                let article =
                    read_article(&store, &self.fields, doc).map_err(|e| unreadable_store(&e))?;
                report.scanned += 1;
                let article = match article {
                    Ok(article) => article,
                    Err(unreadable) => {
                        report.unreadable.push(unreadable);
                        continue;
                    }
                };
                if self
                    .fields
                    .analyzed_texts(&article)
                    .any(|(_, text)| holds_a_surface(text))
                {
                    writer.reanalyze(&article)?;
                    report.reanalyzed += 1;
                }
            }
        }
        writer.commit_with(Some(&settings.commit_payload()?))?;
        settings.write_settings(&self.dir)?;
        changed.settings_modified = Settings::modified(&self.dir);
        writer.wait_merges()?;
        *self = changed;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }
}
