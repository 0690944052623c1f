//! [`PassageFinder`]: the passages of many bodies for one query, and the
//! analysis of the words around literal matches, remembered across bodies.

use super::cache::PassageCache;
use super::literal::literal_hits;
use super::score::Tally;
use super::sentences::{split_sentences, Sentence};
use super::vocabulary::{Hit, Vocabulary};
use super::window::{Document, Limits, Window};
use super::{Passage, PassageOptions, QueryTerm};
use crate::analysis::Analyzer;

/// Finds the best passages of many bodies for one query, as
/// [`best_passages`](super::best_passages) does for one.
///
/// It prepares the query terms once, and remembers the terms the analyzer
/// made of each group of words it analyzed: the hits of a query share many
/// of the words around its terms (on the KLUE questions over Korean
/// Wikipedia, two words in five recur among a query's ten hits), and
/// analysis is most of the cost of passages. A
/// [`Searcher`](crate::search::Searcher) goes further and keeps what its
/// searches analyzed for the searches after them.
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
    cache: Remembered<'a>,
    /// The query terms found in the last text, reused.
    found: Vec<Positioned>,
}

/// Where a [`PassageFinder`] remembers analyses: a searcher's cache shared
/// across searches, or its own.
enum Remembered<'a> {
    Shared(&'a PassageCache),
    Own(PassageCache),
}

/// A query term found by analysis, and its position.
type Positioned = (usize, Hit);

/// The budget of the cache of a [`PassageFinder`] made on its own: a page
/// of results analyzes a few hundred clusters.
const OWN_CACHE_BYTES: usize = 4 * 1024 * 1024;

impl<'a> PassageFinder<'a> {
    /// A finder of passages for the query `terms`.
    pub fn new(analyzer: &'a Analyzer, terms: &[QueryTerm], options: &PassageOptions) -> Self {
        Self::remembering(
            analyzer,
            terms,
            options,
            Remembered::Own(PassageCache::new(OWN_CACHE_BYTES)),
        )
    }

    /// A finder of passages for the query `terms` that remembers what it
    /// analyzes in `cache`, and finds there what earlier finders analyzed.
    pub(crate) fn with_cache(
        analyzer: &'a Analyzer,
        terms: &[QueryTerm],
        options: &PassageOptions,
        cache: &'a PassageCache,
    ) -> Self {
        Self::remembering(analyzer, terms, options, Remembered::Shared(cache))
    }

    fn remembering(
        analyzer: &'a Analyzer,
        terms: &[QueryTerm],
        options: &PassageOptions,
        cache: Remembered<'a>,
    ) -> Self {
        PassageFinder {
            vocabulary: Vocabulary::new(terms),
            limits: Limits::new(options),
            analysis: ClusterAnalysis {
                analyzer,
                cache,
                found: Vec::new(),
            },
        }
    }

    /// The best passages of `body`, best first; see [`best_passages`](super::best_passages).
    pub fn best_passages(&mut self, body: &str) -> Vec<Passage> {
        let limits = self.limits;
        let Some(sentences) = sentences_to_show(body, limits) else {
            return Vec::new();
        };
        self.vocabulary.mark_literal(self.analysis.analyzer);
        let vocabulary = &self.vocabulary;
        let document = Document::new(body, sentences, literal_hits(body, vocabulary), limits);
        let analysis = &mut self.analysis;
        choose(&document, limits, &vocabulary.weights, |window, tally| {
            document.passage(vocabulary, analysis, window, tally)
        })
    }

    /// The best passages of `body`, best first, from where the query's
    /// terms stand in it as the index recorded them
    /// ([`Occurrence`]s of the analysis of the whole body), so with no
    /// literal search and no analysis; otherwise as
    /// [`best_passages`](Self::best_passages).
    pub(crate) fn best_passages_located(
        &mut self,
        body: &str,
        occurrences: &[Occurrence<'_>],
    ) -> Vec<Passage> {
        let limits = self.limits;
        let Some(sentences) = sentences_to_show(body, limits) else {
            return Vec::new();
        };
        let vocabulary = &self.vocabulary;
        let positioned = occurrences
            .iter()
            .filter(|occurrence| {
                occurrence.start < occurrence.end
                    && body.is_char_boundary(occurrence.start)
                    && body.is_char_boundary(occurrence.end)
            })
            .filter_map(|occurrence| {
                let &term = vocabulary.ids.get(occurrence.text)?;
                let hit = Hit {
                    term,
                    start: occurrence.start,
                    end: occurrence.end,
                };
                Some((occurrence.position, hit))
            })
            .collect();
        let mut hits = vocabulary.confirm(positioned);
        hits.sort_unstable_by_key(Hit::key);
        hits.dedup();
        let document = Document::new(body, sentences, hits, limits);
        choose(&document, limits, &vocabulary.weights, |window, tally| {
            document.located_passage(window, tally)
        })
    }
}

/// The sentences of `body`, unless it has none or no passage is wanted.
fn sentences_to_show(body: &str, limits: Limits) -> Option<Vec<Sentence>> {
    if limits.max_passages == 0 {
        return None;
    }
    let sentences = split_sentences(body);
    (!sentences.is_empty()).then_some(sentences)
}

/// Where a query term stands in a body, as the index recorded it: its
/// position and byte range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Occurrence<'t> {
    pub(crate) text: &'t str,
    pub(crate) position: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The best passages of `document`, best first: its candidate windows made
/// into passages by `passage`, best estimate first, until `max_passages`
/// passages score at least the next estimate; the first window when none
/// holds a term.
fn choose(
    document: &Document<'_>,
    limits: Limits,
    weights: &[f32],
    mut passage: impl FnMut(&Window, &mut Tally<'_>) -> Passage,
) -> Vec<Passage> {
    let mut tally = Tally::new(weights);
    let mut passages: Vec<Passage> = Vec::new();
    for (window, estimate) in document.candidates(&mut tally) {
        let at_least_as_good = passages.iter().filter(|p| p.score >= estimate).count();
        if at_least_as_good >= limits.max_passages {
            break;
        }
        let passage = passage(&window, &mut tally);
        if passage.score > 0.0 {
            passages.push(passage);
        }
    }
    passages.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
    passages.truncate(limits.max_passages);
    if passages.is_empty() {
        let first = document.window(0, &mut tally);
        passages.push(passage(&first, &mut tally));
    }
    passages
}

impl ClusterAnalysis<'_> {
    /// The terms of `vocabulary` the analyzer finds in `text`, with their
    /// positions and byte ranges in it.
    pub(super) fn query_terms(&mut self, vocabulary: &Vocabulary, text: &str) -> &[Positioned] {
        let cache = match &self.cache {
            Remembered::Shared(cache) => cache,
            Remembered::Own(cache) => cache,
        };
        let analyzed = cache.analysis(self.analyzer, text);
        self.found.clear();
        for term in analyzed.terms() {
            if let Some(&id) = vocabulary.ids.get(term.text) {
                let hit = Hit {
                    term: id,
                    start: term.start,
                    end: term.end,
                };
                self.found.push((term.position, hit));
            }
        }
        &self.found
    }
}
