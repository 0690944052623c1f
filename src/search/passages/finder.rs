//! [`PassageFinder`]: the passages of many bodies for one query, and the
//! analysis of the words around literal matches, remembered across bodies.

use std::collections::HashMap;

use super::literal::literal_hits;
use super::score::Tally;
use super::sentences::split_sentences;
use super::vocabulary::{Hit, Vocabulary};
use super::window::{Document, Limits};
use super::{Passage, PassageOptions, QueryTerm};
use crate::analysis::Analyzer;

/// Finds the best passages of many bodies for one query, as
/// [`best_passages`](super::best_passages) does for one.
///
/// It prepares the query terms once, and remembers the query terms the
/// analyzer found in each group of words it analyzed: the hits of a query
/// share many of the words around its terms (on the KLUE questions over
/// Korean Wikipedia, two words in five recur among a query's ten hits), and
/// analysis is most of the cost of passages.
///
/// ```no_run
/// use kosearch::analysis::{Analyzer, AnalyzerConfig};
/// use kosearch::dictionary::{self, KoreanDictionary};
/// use kosearch::search::{PassageFinder, PassageOptions, QueryTerm};
///
/// let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
/// let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default())?;
/// let terms = [QueryTerm::new("협약", 5.0), QueryTerm::new("세종", 4.0)];
/// let mut finder = PassageFinder::new(&analyzer, &terms, &PassageOptions::default());
/// for body in ["세종시는 서울시와 협약을 맺었다.", "협약은 다음 달에 시작된다."] {
///     for passage in finder.best_passages(body) {
///         println!("{} {:?}", passage.text, passage.highlights);
///     }
/// }
/// # Ok::<(), kosearch::Error>(())
/// ```
pub struct PassageFinder<'a> {
    vocabulary: Vocabulary,
    limits: Limits,
    analysis: ClusterAnalysis<'a>,
}

/// The analysis of groups of words, remembered by their text.
pub(super) struct ClusterAnalysis<'a> {
    analyzer: &'a Analyzer,
    /// Per text analyzed, the query terms found in it.
    analyzed: HashMap<String, Vec<Positioned>>,
}

/// A query term found by analysis, and its position.
type Positioned = (usize, Hit);

/// Texts whose analysis a [`PassageFinder`] remembers, at most; beyond,
/// it forgets them all and starts again.
const MAX_REMEMBERED: usize = 4096;

impl<'a> PassageFinder<'a> {
    /// A finder of passages for the query `terms`.
    pub fn new(analyzer: &'a Analyzer, terms: &[QueryTerm], options: &PassageOptions) -> Self {
        let mut vocabulary = Vocabulary::new(terms);
        vocabulary.mark_literal(analyzer);
        PassageFinder {
            vocabulary,
            limits: Limits::new(options),
            analysis: ClusterAnalysis {
                analyzer,
                analyzed: HashMap::new(),
            },
        }
    }

    /// The best passages of `body`, best first; see [`best_passages`](super::best_passages).
    pub fn best_passages(&mut self, body: &str) -> Vec<Passage> {
        let limits = self.limits;
        if limits.max_passages == 0 {
            return Vec::new();
        }
        let sentences = split_sentences(body);
        if sentences.is_empty() {
            return Vec::new();
        }
        let document = Document::new(
            body,
            sentences,
            literal_hits(body, &self.vocabulary),
            limits,
        );
        let vocabulary = &self.vocabulary;
        let mut tally = Tally::new(&vocabulary.weights);

        let mut passages: Vec<Passage> = Vec::new();
        for (window, estimate) in document.candidates(&mut tally) {
            let at_least_as_good = passages.iter().filter(|p| p.score >= estimate).count();
            if at_least_as_good >= limits.max_passages {
                break;
            }
            let passage = document.passage(vocabulary, &mut self.analysis, &window, &mut tally);
            if passage.score > 0.0 {
                passages.push(passage);
            }
        }
        passages.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
        passages.truncate(limits.max_passages);
        if passages.is_empty() {
            let first = document.window(0, &mut tally);
            passages.push(document.passage(vocabulary, &mut self.analysis, &first, &mut tally));
        }
        passages
    }
}

impl ClusterAnalysis<'_> {
    /// The terms of `vocabulary` the analyzer finds in `text`, with their
    /// positions and byte ranges in it.
    pub(super) fn query_terms(&mut self, vocabulary: &Vocabulary, text: &str) -> &[Positioned] {
        if !self.analyzed.contains_key(text) {
            if self.analyzed.len() >= MAX_REMEMBERED {
                self.analyzed.clear();
            }
            let mut found = Vec::new();
            self.analyzer.for_each_term(text, &mut |term| {
                if let Some(&id) = vocabulary.ids.get(term.text) {
                    if term.start < term.end {
                        let hit = Hit {
                            term: id,
                            start: term.start,
                            end: term.end,
                        };
                        found.push((term.position, hit));
                    }
                }
            });
            self.analyzed.insert(text.to_string(), found);
        }
        &self.analyzed[text]
    }
}
