//! Passages and highlights: the parts of an article a search result shows.
//!
//! [`best_passages`] picks the one to three passages of an article body that
//! best hold a query's terms, and marks inside each the exact morphemes that
//! match: a search for 협약 highlights 협약 in 협약을 but not the particle,
//! 세종 highlights the 세종 of 세종시는, and the terms 세종 and 시 (from the
//! query 세종시) highlight 세종시 as one range.
//!
//! # Sentences
//!
//! The body is cut into sentences:
//!
//! * a line break always ends a sentence (a blank line also ends a
//!   paragraph);
//! * inside a line, `.` `?` `!` `…` `‥` `。` `？` `！` end a sentence when
//!   whitespace or the end of the line follows, closing quotes and brackets
//!   right after the mark staying with it (`다.”`, `요.'`, `다.)`). A single
//!   `.` does not end a sentence after an initial or an abbreviation (`J.`,
//!   `U.S.`, `Dr.`), after a number that opens the sentence (the `1.` of a
//!   list) or between numbers (`2023. 4. 10.`); `3.5` and `2023.04.10` have
//!   no whitespace after their dots and never split;
//! * a line that starts with `◇` `◆` `■` or `▶` is a sub-heading: a single
//!   sentence whatever its punctuation, and the start of a new *section*.
//!
//! # Passages
//!
//! A passage is a run of consecutive sentences of one section, at most
//! [`PassageOptions::max_sentences`] sentences and
//! [`PassageOptions::max_chars`] characters long. It starts at a sentence
//! that holds a query term and takes in the following sentences up to the
//! last one within those limits that holds a term too; one still shorter than
//! [`PassageOptions::min_sentences`] takes in the next sentences, then the
//! previous ones, as the limits allow.
//!
//! * **Paragraphs** are not passage boundaries: news paragraphs are often a
//!   single sentence, so short paragraphs are joined. The passage text keeps
//!   the body's line breaks; folding them is the printer's job.
//! * **Sub-headings** are: a passage never crosses into a new section. A
//!   sub-heading is the first sentence of its section, so a passage may start
//!   with one (a heading that holds a term comes with the sentences after
//!   it, which give it context) but never holds one anywhere else.
//! * **A sentence longer than `max_chars`** is a passage of its own, cut to
//!   `max_chars` characters around its best cluster of matches (a third of
//!   the room left before the cluster, the rest after it), each cut moved to
//!   whitespace when there is some within 16 characters. `cut_before` and
//!   `cut_after` tell which ends were cut.
//!
//! # Ranking
//!
//! A passage scores the sum of the weights of the distinct query terms it
//! holds, plus a tenth of a term's weight for each of its next three
//! repeats, plus a proximity bonus: for the best pair of distinct terms that
//! follow each other, half their mean weight scaled by `12 / (12 + gap)`,
//! the gap in bytes (so a term right after another gets the whole half).
//!
//! Analysis costs about a microsecond a character, too much for whole
//! bodies when a result page shows ten hits, so the ranking has two passes:
//!
//! 1. An estimate over the whole body without analysis: each query term is
//!    looked up literally in the body normalized as the analyzer normalizes
//!    it, word by word. Every sentence holding an occurrence starts a
//!    candidate passage, scored on those occurrences; the best candidates
//!    that do not overlap, at most twice [`PassageOptions::max_passages`],
//!    go on.
//! 2. The candidates are analyzed, best estimate first, and scored again on
//!    the analyzer's terms: a term matches when its text equals a query
//!    term's text. The pass stops early once `max_passages` passages score
//!    at least the next candidate's estimate (a literal occurrence is what a
//!    match is usually read from, so estimates rarely fall short).
//!
//! Only the words around literal occurrences are analyzed, and not those
//! whose occurrences are all of terms that count only inside a phrase and
//! cannot make up the whole phrase there (the 시 of 세종시 in 시작; a phrase
//! term that analysis reads as a verb stem, which text may spell otherwise,
//! is assumed present).
//!
//! The best `max_passages` passages with a score above zero are returned,
//! best first, earlier first on ties. A stem spelled differently in the text
//! (돕 in 도와) is invisible to the estimate, so a passage that holds only such
//! matches is found only when a better one brings it along, and highlighted
//! only in words that are analyzed. When no passage holds a term (the match
//! was in the title, say), the first passage of the body is returned, so
//! that a hit always shows something; an empty body gives nothing.
//!
//! Highlights are the byte ranges of the analyzer's matching terms, relative
//! to the passage text, sorted, with overlapping and touching ranges merged.
//! Offsets are always on character boundaries and lengths are counted in
//! characters, never bytes.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::analysis::normalize::NormalizedText;
use crate::analysis::{self, Analyzer};

/// A query term as the analyzer produced it (e.g. 협약, 세종), with its
/// weight. The parts of a phrase or a compound are separate terms.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// The term's text, as the analyzer writes it (normalized, lower case,
    /// a stem for verbs).
    pub text: String,
    /// How much the term counts: an idf-like number above zero, larger for
    /// rarer terms. Zero, negative and NaN weights count as the smallest
    /// positive weight, weights above a million as a million.
    pub weight: f32,
    /// When the term is part of a phrase (a quoted phrase, or a compound
    /// such as 세종시 = 세종 + 시), the phrase's terms in order; the term is
    /// then highlighted only where the whole phrase occurs. Empty for a
    /// term that counts on its own.
    pub phrase: Vec<String>,
}

impl QueryTerm {
    /// A query term of `text` weighing `weight`, counting on its own.
    pub fn new(text: impl Into<String>, weight: f32) -> Self {
        QueryTerm {
            text: text.into(),
            weight,
            phrase: Vec::new(),
        }
    }

    /// A term of `text` that counts only inside `phrase`.
    pub fn in_phrase(text: impl Into<String>, weight: f32, phrase: Vec<String>) -> Self {
        QueryTerm {
            phrase,
            ..QueryTerm::new(text, weight)
        }
    }
}

/// A passage of an article body, with its highlights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The passage text, exactly `body[start..end]`. No ellipsis is added;
    /// see [`cut_before`](Self::cut_before) and [`cut_after`](Self::cut_after).
    pub text: String,
    /// Byte offset in the body where the passage starts.
    pub start: usize,
    /// Byte offset in the body where the passage ends.
    pub end: usize,
    /// Byte ranges in [`text`](Self::text) to highlight: sorted, disjoint,
    /// never touching (touching matches are merged), on character
    /// boundaries.
    pub highlights: Vec<(usize, usize)>,
    /// The passage's score; higher is better.
    #[serde(skip)]
    pub score: f32,
    /// The passage starts inside a sentence: a very long sentence was cut.
    #[serde(skip)]
    pub cut_before: bool,
    /// The passage ends inside a sentence: a very long sentence was cut.
    #[serde(skip)]
    pub cut_after: bool,
}

/// How many passages to pick, and how long they may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageOptions {
    /// The most passages to return (3). Zero returns none.
    pub max_passages: usize,
    /// The longest a passage may be, in characters (360). Values below 1
    /// count as 1.
    pub max_chars: usize,
    /// The fewest sentences a passage is given when the text allows (2).
    /// Clamped to `1..=max_sentences`.
    pub min_sentences: usize,
    /// The most sentences in a passage (4). Values below 1 count as 1.
    pub max_sentences: usize,
}

impl Default for PassageOptions {
    fn default() -> Self {
        PassageOptions {
            max_passages: 3,
            max_chars: 360,
            min_sentences: 2,
            max_sentences: 4,
        }
    }
}

/// The best passages of `body` for the query `terms`, best first.
///
/// Returns at most `options.max_passages` passages that hold a query term;
/// when none is found, the first passage of the body, scored and
/// highlighted like any other (so with a score of zero and no highlights,
/// unless it holds a stem the estimate cannot see); for an empty or blank
/// body, nothing. See the [module docs](self) for the rules.
///
/// For the bodies of several hits of one query, a [`PassageFinder`] gives
/// the same passages for less work.
pub fn best_passages(
    analyzer: &Analyzer,
    body: &str,
    terms: &[QueryTerm],
    options: &PassageOptions,
) -> Vec<Passage> {
    PassageFinder::new(analyzer, terms, options).best_passages(body)
}

/// Finds the best passages of many bodies for one query, as
/// [`best_passages`] does for one.
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
struct ClusterAnalysis<'a> {
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

    /// The best passages of `body`, best first; see [`best_passages`].
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
    fn query_terms(&mut self, vocabulary: &Vocabulary, text: &str) -> &[Positioned] {
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

// ---------------------------------------------------------------------------
// Scoring.

/// What each repeat of a term adds, as a fraction of its weight.
const REPEAT_BONUS: f32 = 0.1;
/// How many repeats of a term count.
const MAX_REPEATS: u32 = 3;
/// The proximity bonus of two adjacent distinct terms, as a fraction of
/// their mean weight.
const PROXIMITY_BONUS: f32 = 0.5;
/// The gap, in bytes, at which the proximity bonus halves (four Hangul
/// syllables).
const PROXIMITY_GAP: f32 = 12.0;
/// Literal matches at most this many words apart are analyzed together.
const CLUSTER_GAP_WORDS: usize = 2;
/// Position offset between clusters, larger than any cluster's positions.
const CLUSTER_POSITION_STRIDE: usize = 1 << 20;
/// Weights are clamped to this, so that sums stay finite.
const MAX_WEIGHT: f32 = 1e6;

/// The query terms, deduplicated, by id.
struct Vocabulary {
    ids: HashMap<String, usize>,
    texts: Vec<String>,
    weights: Vec<f32>,
    /// Whether a term counts on its own (else only inside a phrase).
    standalone: Vec<bool>,
    /// Phrases, as term ids in order.
    phrases: Vec<Vec<usize>>,
    /// Whether a term is always written as it is ([`Vocabulary::mark_literal`]);
    /// all false until marked.
    literal: Vec<bool>,
}

impl Vocabulary {
    /// Normalizes the texts the analyzer's way (analyzer terms are
    /// normalized, so nothing else could match) and merges duplicates,
    /// keeping the larger weight. Empty texts are dropped.
    fn new(terms: &[QueryTerm]) -> Self {
        let mut vocabulary = Vocabulary {
            ids: HashMap::new(),
            texts: Vec::new(),
            weights: Vec::new(),
            standalone: Vec::new(),
            phrases: Vec::new(),
            literal: Vec::new(),
        };
        for term in terms {
            let text = analysis::normalize(&term.text);
            if text.is_empty() {
                continue;
            }
            let weight = if term.weight > 0.0 {
                term.weight.min(MAX_WEIGHT)
            } else {
                f32::MIN_POSITIVE
            };
            // Parts that normalize to nothing are not part of the phrase
            // (they would match inside characters).
            let parts: Vec<String> = term
                .phrase
                .iter()
                .map(|part| analysis::normalize(part))
                .filter(|part| !part.is_empty())
                .collect();
            let standalone = parts.len() < 2;
            let id = vocabulary.add(text, weight, standalone);
            if !standalone {
                let phrase: Vec<usize> = parts
                    .into_iter()
                    .map(|part| vocabulary.add(part, weight, false))
                    .collect();
                if phrase.contains(&id) && !vocabulary.phrases.contains(&phrase) {
                    vocabulary.phrases.push(phrase);
                }
            }
        }
        vocabulary
    }

    /// The id of `text`, added if new; keeps the larger weight and whether
    /// any occurrence stands alone.
    fn add(&mut self, text: String, weight: f32, standalone: bool) -> usize {
        match self.ids.get(&text) {
            Some(&id) => {
                self.weights[id] = self.weights[id].max(weight);
                self.standalone[id] |= standalone;
                id
            }
            None => {
                let id = self.texts.len();
                self.ids.insert(text.clone(), id);
                self.texts.push(text);
                self.weights.push(weight);
                self.standalone.push(standalone);
                id
            }
        }
    }

    /// Marks the terms the analyzer reads as nouns, numbers or foreign
    /// words: text holds them as they are, unlike verb stems (내리 of
    /// 내려, 하 of 했다).
    fn mark_literal(&mut self, analyzer: &Analyzer) {
        self.literal = self
            .texts
            .iter()
            .map(|text| {
                let terms = analyzer.analyze(text);
                matches!(terms.as_slice(), [term] if term.text == *text
                    && term.surface == *text
                    && matches!(term.pos.as_str(), "NNG" | "NNP" | "NNBC" | "NR" | "SL" | "SN"))
            })
            .collect();
    }

    /// Whether `text`, in which `terms` occur literally, may hold a match:
    /// one of them counts on its own, or with them the text may hold a
    /// whole phrase (each of its terms occurs, or may be spelled otherwise),
    /// or it has Hanja (whose readings are terms). The words around a
    /// literal occurrence of a single part of a compound (시 of 세종시 in
    /// 시작) are a third of those the KLUE questions' passages would
    /// analyze otherwise.
    fn may_match(&self, terms: &[usize], text: &str) -> bool {
        let whole_phrase = |phrase: &Vec<usize>| {
            phrase.iter().any(|term| terms.contains(term))
                && phrase
                    .iter()
                    .all(|term| terms.contains(term) || self.literal.get(*term) != Some(&true))
        };
        terms.iter().any(|&term| self.standalone[term])
            || self.phrases.iter().any(whole_phrase)
            || analysis::has_han(text)
    }

    /// Keeps the hits of standalone terms, and those of phrase terms that
    /// are part of a whole occurrence of their phrase (consecutive
    /// positions, in order). `hits` pairs each hit with its position.
    fn confirm(&self, hits: Vec<(usize, Hit)>) -> Vec<Hit> {
        let mut keep: Vec<bool> = hits
            .iter()
            .map(|(_, hit)| self.standalone[hit.term])
            .collect();
        for phrase in &self.phrases {
            for (first, (position, hit)) in hits.iter().enumerate() {
                if hit.term != phrase[0] {
                    continue;
                }
                let members: Option<Vec<usize>> = phrase
                    .iter()
                    .enumerate()
                    .map(|(offset, &term)| {
                        hits.iter()
                            .position(|(p, h)| *p == position + offset && h.term == term)
                    })
                    .collect();
                if let Some(members) = members {
                    keep[first] = true;
                    for member in members {
                        keep[member] = true;
                    }
                }
            }
        }
        hits.into_iter()
            .zip(keep)
            .filter_map(|((_, hit), keep)| keep.then_some(hit))
            .collect()
    }
}

/// An occurrence of a query term: its id and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    term: usize,
    start: usize,
    end: usize,
}

impl Hit {
    fn key(&self) -> (usize, usize, usize) {
        (self.start, self.end, self.term)
    }
}

/// Counts term occurrences and keeps the running score of distinct terms
/// and repeats.
struct Tally<'w> {
    weights: &'w [f32],
    counts: Vec<u32>,
    total: f32,
}

impl<'w> Tally<'w> {
    fn new(weights: &'w [f32]) -> Self {
        Tally {
            weights,
            counts: vec![0; weights.len()],
            total: 0.0,
        }
    }

    fn clear(&mut self) {
        self.counts.fill(0);
        self.total = 0.0;
    }

    fn add(&mut self, term: usize) {
        let count = &mut self.counts[term];
        self.total += gain(self.weights[term], *count);
        *count = count.saturating_add(1);
    }

    fn remove(&mut self, term: usize) {
        let count = &mut self.counts[term];
        if *count > 0 {
            *count -= 1;
            self.total -= gain(self.weights[term], *count);
        }
    }

    /// The score of `hits`, sorted by start.
    fn score(&mut self, hits: &[Hit]) -> f32 {
        self.clear();
        for hit in hits {
            self.add(hit.term);
        }
        self.total + proximity(hits, self.weights)
    }
}

/// What one more occurrence of a term adds to a passage that holds `count`.
fn gain(weight: f32, count: u32) -> f32 {
    match count {
        0 => weight,
        n if n <= MAX_REPEATS => weight * REPEAT_BONUS,
        _ => 0.0,
    }
}

/// The proximity bonus of `hits`, sorted by start: that of the best pair of
/// distinct terms next to each other.
fn proximity(hits: &[Hit], weights: &[f32]) -> f32 {
    let best = hits
        .windows(2)
        .filter(|pair| pair[0].term != pair[1].term)
        .map(|pair| {
            let gap = pair[1].start.saturating_sub(pair[0].end) as f32;
            let mean = (weights[pair[0].term] + weights[pair[1].term]) / 2.0;
            mean * PROXIMITY_GAP / (PROXIMITY_GAP + gap)
        })
        .fold(0.0, f32::max);
    best * PROXIMITY_BONUS
}

/// Sorted byte ranges, with overlapping and touching ones merged.
fn merge_ranges(ranges: impl IntoIterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

// ---------------------------------------------------------------------------
// The estimate: literal occurrences in the normalized body.

/// Every literal occurrence of a query term in `body`, sorted by start.
///
/// The body is normalized word by word (NFKC and lower case work within
/// words). In a word that normalization leaves as it is, occurrences have
/// exact offsets; in one it changes, a term occurring there counts once,
/// with the whole word's range.
fn literal_hits(body: &str, vocabulary: &Vocabulary) -> Vec<Hit> {
    let mut hits = Vec::new();
    if vocabulary.texts.is_empty() {
        return hits;
    }
    // One normalization of the whole body (quick for the many bodies that
    // are already normal), then a SIMD substring search per term. UTF-8 is
    // self-synchronizing: a match always starts and ends on character
    // boundaries.
    let normalized = NormalizedText::one_to_one(body).unwrap_or_else(|| NormalizedText::new(body));
    let haystack = normalized.as_str().as_bytes();
    for (term, text) in vocabulary.texts.iter().enumerate() {
        for at in memchr::memmem::find_iter(haystack, text.as_bytes()) {
            let (start, end) = normalized.to_original(at, at + text.len());
            hits.push(Hit { term, start, end });
        }
    }
    hits.sort_unstable_by_key(Hit::key);
    hits
}

/// The whitespace-separated words of `text`, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut rest = text;
    let mut offset = 0;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = (offset, &trimmed[..len]);
        offset += len;
        rest = &trimmed[len..];
        Some(word)
    })
}

/// The byte range of the word of `text` holding byte `at`: the last word
/// that starts at or before it (the first word when none does). `None` when
/// `text` is blank.
fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    // An empty phrase part matches inside characters too.
    let at = (0..=at).rev().find(|&at| text.is_char_boundary(at))?;
    let in_word = |c: char| !c.is_whitespace();
    if text[at..].starts_with(in_word) {
        let start = text[..at].trim_end_matches(in_word).len();
        let length = text[at..].find(char::is_whitespace);
        return Some(start..length.map_or(text.len(), |length| at + length));
    }
    // `at` is in whitespace: the word before it.
    let before = text[..at].trim_end();
    if before.is_empty() {
        let (start, word) = words(text).next()?;
        return Some(start..start + word.len());
    }
    Some(before.trim_end_matches(in_word).len()..before.len())
}

// ---------------------------------------------------------------------------
// Sentences.

/// Marks that start a sub-heading line.
const HEADING_MARKS: [char; 4] = ['◇', '◆', '■', '▶'];
/// Marks that end a sentence when whitespace follows.
const SENTENCE_MARKS: [char; 8] = ['.', '?', '!', '…', '‥', '。', '？', '！'];
/// Closing quotes and brackets that stay with the mark before them.
const CLOSERS: [char; 15] = [
    '"', '\'', '”', '’', ')', ']', '}', '」', '』', '》', '〉', '】', '〕', '）', '＇',
];
/// Opening quotes and brackets, skipped when looking at the word before a
/// period.
const OPENERS: [char; 14] = [
    '"', '\'', '“', '‘', '(', '[', '{', '「', '『', '《', '〈', '【', '〔', '（',
];
/// Abbreviations after which a period does not end a sentence (compared
/// without regard to ASCII case).
const ABBREVIATIONS: [&str; 16] = [
    "co", "corp", "dr", "fig", "inc", "jr", "ltd", "mr", "mrs", "ms", "no", "prof", "sr", "st",
    "vol", "vs",
];

/// A sentence of the body: its trimmed byte range and its character range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sentence {
    start: usize,
    end: usize,
    /// Characters of the body before the sentence.
    char_start: usize,
    /// Characters of the body up to the end of the sentence.
    char_end: usize,
    /// A sub-heading line, which starts a section.
    heading: bool,
}

impl Sentence {
    fn new(start: usize, end: usize, heading: bool) -> Self {
        Sentence {
            start,
            end,
            char_start: 0,
            char_end: 0,
            heading,
        }
    }

    fn chars(&self) -> usize {
        self.char_end - self.char_start
    }
}

/// Cuts `text` into sentences, none empty, in order; see the module docs.
fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut line_start = 0;
    // The vectorized search of `memchr` is quicker than `str::split`'s.
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for line_end in line_ends {
        let line = &text[line_start..line_end];
        let content = line.trim();
        if !content.is_empty() {
            let start = line_start + (line.len() - line.trim_start().len());
            if content.starts_with(HEADING_MARKS) {
                sentences.push(Sentence::new(start, start + content.len(), true));
            } else {
                split_line(content, start, &mut sentences);
            }
        }
        line_start = line_end + 1;
    }
    let (mut byte, mut chars) = (0, 0);
    for sentence in &mut sentences {
        chars += text[byte..sentence.start].chars().count();
        sentence.char_start = chars;
        chars += text[sentence.start..sentence.end].chars().count();
        sentence.char_end = chars;
        byte = sentence.end;
    }
    sentences
}

/// Cuts a trimmed, non-empty line found at `offset` into sentences.
fn split_line(line: &str, offset: usize, sentences: &mut Vec<Sentence>) {
    let mut sentence_start = 0;
    // Where the marks not yet taken in with an earlier one start.
    let mut from = 0;
    for (at, mark) in marks(line) {
        if at < from {
            continue;
        }
        let mut end = at + mark.len_utf8();
        let mut single_period = mark == '.';
        for next in line[end..].chars() {
            if SENTENCE_MARKS.contains(&next) {
                single_period = false;
            } else if !CLOSERS.contains(&next) {
                break;
            }
            end += next.len_utf8();
        }
        from = end;
        let at_break = line[end..].chars().next().is_none_or(char::is_whitespace);
        if !at_break || (single_period && !period_ends_sentence(line, sentence_start, at)) {
            continue;
        }
        push_trimmed(line, offset, sentence_start..end, sentences);
        sentence_start = end;
    }
    push_trimmed(line, offset, sentence_start..line.len(), sentences);
}

/// The [`SENTENCE_MARKS`] of `line`, with their offsets, in order.
fn marks(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    // Two vectorized byte searches rather than a look at every character
    // (the whole body is split at every search): one for the ASCII marks,
    // one for the first bytes of the others (`…` and `‥` start with E2,
    // `。` with E3, `？` and `！` with EF), merged.
    let bytes = line.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'.', b'?', b'!', bytes).peekable();
    let mut others = memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes).peekable();
    std::iter::from_fn(move || loop {
        let at = match (ascii.peek(), others.peek()) {
            (Some(ascii_at), Some(other_at)) if other_at < ascii_at => others.next(),
            (Some(_), _) => ascii.next(),
            (None, _) => others.next(),
        }?;
        // Every byte searched for starts a character.
        let c = line[at..].chars().next()?;
        if SENTENCE_MARKS.contains(&c) {
            return Some((at, c));
        }
    })
}

/// Whether the period at byte `dot` of `line`, followed by whitespace, ends
/// the sentence that started at `sentence_start`.
fn period_ends_sentence(line: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &line[sentence_start..dot];
    let raw_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = raw_word.trim_start_matches(OPENERS);
    if word.is_empty() {
        return true;
    }
    if is_number(word) {
        // `1. 서론` opens a list item; `2023. 4. 10.` is a date.
        let earlier = before[..before.len() - raw_word.len()].trim_end();
        let previous = earlier.rsplit(char::is_whitespace).next().unwrap_or("");
        let after_number = previous.strip_suffix('.').is_some_and(is_number);
        let number_follows = line[dot + 1..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        return !(earlier.is_empty() || after_number || number_follows);
    }
    // An initial, also the last letter of U.S. or e.g.
    let last = word.rsplit('.').next().unwrap_or(word);
    let mut letters = last.chars();
    if matches!((letters.next(), letters.next()), (Some(c), None) if c.is_ascii_alphabetic()) {
        return false;
    }
    !ABBREVIATIONS
        .iter()
        .any(|abbreviation| word.eq_ignore_ascii_case(abbreviation))
}

/// Whether `word` is a non-empty run of ASCII digits.
fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_digit())
}

/// Adds `line[range]`, trimmed, as a sentence unless it is blank.
fn push_trimmed(line: &str, offset: usize, range: Range<usize>, sentences: &mut Vec<Sentence>) {
    let piece = &line[range.clone()];
    let content = piece.trim();
    if !content.is_empty() {
        let start = offset + range.start + (piece.len() - piece.trim_start().len());
        sentences.push(Sentence::new(start, start + content.len(), false));
    }
}

// ---------------------------------------------------------------------------
// Windows: candidate passages.

/// Whitespace is looked for this many characters from a cut.
const SNAP_CHARS: usize = 16;

/// [`PassageOptions`] with out-of-range values fixed.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_passages: usize,
    max_chars: usize,
    min_sentences: usize,
    max_sentences: usize,
}

impl Limits {
    fn new(options: &PassageOptions) -> Self {
        let max_sentences = options.max_sentences.max(1);
        Limits {
            max_passages: options.max_passages,
            max_chars: options.max_chars.max(1),
            min_sentences: options.min_sentences.clamp(1, max_sentences),
            max_sentences,
        }
    }
}

/// A candidate passage: sentences `first..=last`, bytes `start..end` of the
/// body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    cut_before: bool,
    cut_after: bool,
}

/// A body cut into sentences, with the literal occurrences of the query
/// terms.
struct Document<'a> {
    text: &'a str,
    sentences: Vec<Sentence>,
    /// Sorted by start.
    hits: Vec<Hit>,
    /// Per sentence, the range of `hits` that start inside it.
    hit_ranges: Vec<Range<usize>>,
    limits: Limits,
}

impl<'a> Document<'a> {
    fn new(text: &'a str, sentences: Vec<Sentence>, hits: Vec<Hit>, limits: Limits) -> Self {
        let hit_ranges = sentences
            .iter()
            .map(|sentence| {
                let from = hits.partition_point(|hit| hit.start < sentence.start);
                let to = hits.partition_point(|hit| hit.start < sentence.end);
                from..to
            })
            .collect();
        Document {
            text,
            sentences,
            hits,
            hit_ranges,
            limits,
        }
    }

    /// The best windows by estimate that do not overlap, best first, at most
    /// twice `max_passages`.
    fn candidates(&self, tally: &mut Tally<'_>) -> Vec<(Window, f32)> {
        let mut windows: Vec<(Window, f32)> = (0..self.sentences.len())
            .filter(|&s| !self.hit_ranges[s].is_empty())
            .map(|s| {
                let window = self.window(s, tally);
                (window, self.estimate(&window, tally))
            })
            .collect();
        // Stable: ties stay in body order.
        windows.sort_by(|a, b| b.1.total_cmp(&a.1));
        let wanted = self.limits.max_passages.saturating_mul(2);
        let mut taken = vec![false; self.sentences.len()];
        let mut chosen: Vec<(Window, f32)> = Vec::new();
        for (window, estimate) in windows {
            if chosen.len() >= wanted {
                break;
            }
            let sentences = &mut taken[window.first..=window.last];
            if !sentences.contains(&true) {
                sentences.fill(true);
                chosen.push((window, estimate));
            }
        }
        chosen
    }

    /// The window that sentence `s` starts; see the module docs.
    fn window(&self, s: usize, tally: &mut Tally<'_>) -> Window {
        let sentences = &self.sentences;
        if sentences[s].chars() > self.limits.max_chars {
            return self.cut(s, tally);
        }
        let fits = |first: usize, last: usize| {
            last - first < self.limits.max_sentences
                && sentences[last].char_end - sentences[first].char_start <= self.limits.max_chars
        };
        let extends = |first: usize, next: usize| {
            next < sentences.len() && !sentences[next].heading && fits(first, next)
        };
        let mut last = s;
        let mut next = s + 1;
        while extends(s, next) {
            if !self.hit_ranges[next].is_empty() {
                last = next;
            }
            next += 1;
        }
        while last + 1 - s < self.limits.min_sentences && extends(s, last + 1) {
            last += 1;
        }
        let mut first = s;
        while last + 1 - first < self.limits.min_sentences
            && first > 0
            && !sentences[first].heading
            && fits(first - 1, last)
        {
            first -= 1;
        }
        Window {
            first,
            last,
            start: sentences[first].start,
            end: sentences[last].end,
            cut_before: false,
            cut_after: false,
        }
    }

    /// The window of the long sentence `s`: `max_chars` characters around
    /// its best cluster of occurrences, or its start when it has none.
    fn cut(&self, s: usize, tally: &mut Tally<'_>) -> Window {
        let sentence = self.sentences[s];
        let text = &self.text[sentence.start..sentence.end];
        let hits: Vec<Hit> = self.hits[self.hit_ranges[s].clone()]
            .iter()
            .filter(|hit| hit.end <= sentence.end)
            .map(|hit| Hit {
                term: hit.term,
                start: hit.start - sentence.start,
                end: hit.end - sentence.start,
            })
            .collect();
        let max_chars = self.limits.max_chars;
        let focus = best_cluster(text, &hits, max_chars, tally).unwrap_or((0, 0));
        let (start, end) = cut_around(text, focus, max_chars);
        Window {
            first: s,
            last: s,
            start: sentence.start + start,
            end: sentence.start + end,
            cut_before: start > 0,
            cut_after: end < text.len(),
        }
    }

    /// The score of a window on the literal occurrences it holds.
    fn estimate(&self, window: &Window, tally: &mut Tally<'_>) -> f32 {
        let range = self.hit_ranges[window.first].start..self.hit_ranges[window.last].end;
        let hits = &self.hits[range];
        if window.cut_before || window.cut_after {
            let inside: Vec<Hit> = hits
                .iter()
                .filter(|hit| hit.start >= window.start && hit.end <= window.end)
                .copied()
                .collect();
            tally.score(&inside)
        } else {
            tally.score(hits)
        }
    }

    /// Byte ranges of the window to analyze: the words holding literal
    /// matches, grouped when close, that may hold a match
    /// ([`Vocabulary::may_match`]).
    fn clusters(&self, window: &Window, vocabulary: &Vocabulary) -> Vec<Range<usize>> {
        let text = &self.text[window.start..window.end];
        // From the first word of a cluster to the end of its last, with the
        // terms occurring in it.
        let mut clusters: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
        // The word of the previous hit: hits come in order, and a word
        // holding several is looked for once.
        let mut word = 0..0;
        let first = self.hits.partition_point(|hit| hit.start < window.start);
        for hit in self.hits[first..]
            .iter()
            .take_while(|hit| hit.start < window.end)
        {
            if hit.end > window.end {
                continue;
            }
            let at = hit.start - window.start;
            if !word.contains(&at) {
                let Some(found) = word_at(text, at) else {
                    continue;
                };
                word = found;
            }
            match clusters.last_mut() {
                // The cluster's last word (hits come in order), or a word at
                // most `CLUSTER_GAP_WORDS` words after it.
                Some((cluster, terms))
                    if word.start < cluster.end
                        || words(&text[cluster.end..word.start])
                            .nth(CLUSTER_GAP_WORDS - 1)
                            .is_none() =>
                {
                    cluster.end = cluster.end.max(word.end);
                    terms.push(hit.term);
                }
                _ => clusters.push((word.clone(), vec![hit.term])),
            }
        }
        clusters
            .into_iter()
            .filter(|(cluster, terms)| vocabulary.may_match(terms, &text[cluster.clone()]))
            .map(|(cluster, _)| cluster.start + window.start..cluster.end + window.start)
            .collect()
    }

    /// Analyzes a window into a passage, scored and highlighted on the
    /// analyzer's terms that are query terms.
    fn passage(
        &self,
        vocabulary: &Vocabulary,
        analysis: &mut ClusterAnalysis<'_>,
        window: &Window,
        tally: &mut Tally<'_>,
    ) -> Passage {
        let text = &self.text[window.start..window.end];
        let mut positioned = Vec::new();
        // Analyze only the words around literal matches, not the whole
        // window: analysis costs about a microsecond per character, and a
        // page of results shows some thirty passages. Matches at most
        // `CLUSTER_GAP_WORDS` words apart are analyzed together, so that
        // positions (for phrases) are right across them.
        let clusters = self.clusters(window, vocabulary);
        for (index, cluster) in clusters.into_iter().enumerate() {
            let offset = cluster.start - window.start;
            // Positions of different clusters never touch.
            let base = index * CLUSTER_POSITION_STRIDE;
            for &(position, hit) in analysis.query_terms(vocabulary, &self.text[cluster]) {
                let hit = Hit {
                    start: offset + hit.start,
                    end: offset + hit.end,
                    ..hit
                };
                positioned.push((base + position, hit));
            }
        }
        let mut hits = vocabulary.confirm(positioned);
        hits.sort_unstable_by_key(Hit::key);
        hits.dedup();
        Passage {
            text: text.to_string(),
            start: window.start,
            end: window.end,
            highlights: merge_ranges(hits.iter().map(|hit| (hit.start, hit.end))),
            score: tally.score(&hits),
            cut_before: window.cut_before,
            cut_after: window.cut_after,
        }
    }
}

/// The byte range of the best-scoring run of `hits` (sorted by start) that
/// spans at most `max_chars` characters of `text`; `None` without hits.
/// Proximity is not considered here.
fn best_cluster(
    text: &str,
    hits: &[Hit],
    max_chars: usize,
    tally: &mut Tally<'_>,
) -> Option<(usize, usize)> {
    // Character offsets of the hits, in one pass over the text.
    let mut starts = Vec::with_capacity(hits.len());
    let mut ends = Vec::with_capacity(hits.len());
    let (mut byte, mut chars) = (0, 0);
    for hit in hits {
        chars += text[byte..hit.start].chars().count();
        byte = hit.start;
        starts.push(chars);
        ends.push(chars + text[hit.start..hit.end].chars().count());
    }
    tally.clear();
    let mut best: Option<(f32, usize, usize)> = None;
    let mut next = 0;
    for first in 0..hits.len() {
        next = next.max(first);
        while next < hits.len() && ends[next].saturating_sub(starts[first]) <= max_chars {
            tally.add(hits[next].term);
            next += 1;
        }
        // A hit too long to fit on its own still makes a cluster.
        let (score, last) = if next > first {
            (tally.total, next - 1)
        } else {
            (tally.weights[hits[first].term], first)
        };
        if best.is_none_or(|(best_score, _, _)| score > best_score) {
            best = Some((score, first, last));
        }
        if next > first {
            tally.remove(hits[first].term);
        }
    }
    let (_, first, last) = best?;
    let end = hits[first..=last].iter().map(|hit| hit.end).max()?;
    Some((hits[first].start, end))
}

/// Cuts `text`, longer than `max_chars` characters, to a range of at most
/// `max_chars` characters around the byte range `focus`: a third of the room
/// left before it, the rest after, cuts moved to whitespace nearby, ends
/// trimmed.
fn cut_around(text: &str, focus: (usize, usize), max_chars: usize) -> (usize, usize) {
    let focus_start = text[..focus.0].chars().count();
    let focus_chars = text[focus.0..focus.1].chars().count();
    let total = focus_start + text[focus.0..].chars().count();
    let (start, end) = if focus_chars >= max_chars {
        (focus_start, focus_start + max_chars)
    } else {
        let lead = ((max_chars - focus_chars) / 3).min(focus_start);
        let end = (focus_start - lead + max_chars).min(total);
        (end.saturating_sub(max_chars), end)
    };
    let mut start = byte_offset(text, start);
    let mut end = byte_offset(text, end);
    if start > 0 && !text[..start].ends_with(char::is_whitespace) {
        // The first whitespace after the cut, not past the focus.
        let limit = focus.0.clamp(start, end);
        if let Some((at, space)) = text[start..limit]
            .char_indices()
            .take(SNAP_CHARS)
            .find(|(_, c)| c.is_whitespace())
        {
            start += at + space.len_utf8();
        }
    }
    if end < text.len() && !text[end..].starts_with(char::is_whitespace) {
        // The last whitespace before the cut, not before the focus ends.
        let floor = focus.1.clamp(start, end);
        if let Some((at, _)) = text[floor..end]
            .char_indices()
            .rev()
            .take(SNAP_CHARS)
            .find(|(_, c)| c.is_whitespace())
        {
            end = floor + at;
        }
    }
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return (start, end);
    }
    let start = start + (piece.len() - piece.trim_start().len());
    (start, start + trimmed.len())
}

/// The byte offset of character `index` of `text` (its length past the
/// end).
fn byte_offset(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|sentence| &text[sentence.start..sentence.end])
            .collect()
    }

    #[test]
    fn korean_sentence_ends() {
        assert_eq!(
            sentences("협약을 맺었다. 협력할 예정이에요. 그렇죠. 왜일까? 좋다! 글쎄… 끝"),
            [
                "협약을 맺었다.",
                "협력할 예정이에요.",
                "그렇죠.",
                "왜일까?",
                "좋다!",
                "글쎄…",
                "끝"
            ]
        );
    }

    #[test]
    fn every_mark_is_searched_for() {
        for mark in SENTENCE_MARKS {
            let line = format!("가{mark} 나");
            assert_eq!(marks(&line).collect::<Vec<_>>(), [(3, mark)], "{mark}");
        }
        let line = "“다.” 《라》 마？！ 바‥ 사。";
        let found: String = marks(line).map(|(_, mark)| mark).collect();
        assert_eq!(found, ".？！‥。");
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_mark() {
        assert_eq!(
            sentences("“감사드린다.” 그는 말했다. ‘좋아요.’ 다음이다.) 끝이다.\" 마지막"),
            [
                "“감사드린다.”",
                "그는 말했다.",
                "‘좋아요.’",
                "다음이다.)",
                "끝이다.\"",
                "마지막"
            ]
        );
        assert_eq!(sentences("정말?! 그래..."), ["정말?!", "그래..."]);
    }

    #[test]
    fn marks_without_whitespace_after_them_do_not_split() {
        assert_eq!(
            sentences("성장률은 3.5%였다. 2023.04.10에 발표했다. 감사드린다”며 말했다."),
            [
                "성장률은 3.5%였다.",
                "2023.04.10에 발표했다.",
                "감사드린다”며 말했다."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers() {
        assert_eq!(
            sentences("U.S. 정부와 J. K. 롤링, Dr. 김이 만났다. 다음 문장이다."),
            ["U.S. 정부와 J. K. 롤링, Dr. 김이 만났다.", "다음 문장이다."]
        );
        assert_eq!(
            sentences("2023. 4. 10. 발표했다. 1. 서론이다."),
            ["2023. 4. 10. 발표했다.", "1. 서론이다."]
        );
        assert_eq!(
            sentences("참가자는 10명이었다. 올해는 2023. 끝."),
            ["참가자는 10명이었다.", "올해는 2023.", "끝."]
        );
    }

    #[test]
    fn lines_paragraphs_and_headings() {
        let text =
            "첫 줄\r\n둘째 줄이다. 셋째\n\n  \n◇ 소제목. 마침표가 있어도 한 문장\n\n본문이다.";
        assert_eq!(
            sentences(text),
            [
                "첫 줄",
                "둘째 줄이다.",
                "셋째",
                "◇ 소제목. 마침표가 있어도 한 문장",
                "본문이다."
            ]
        );
        let headings: Vec<bool> = split_sentences(text).iter().map(|s| s.heading).collect();
        assert_eq!(headings, [false, false, false, true, false]);
        for mark in ["◆", "■", "▶"] {
            let text = format!("앞이다.\n{mark} 제목\n뒤이다.");
            assert!(split_sentences(&text)[1].heading, "{mark}");
        }
    }

    #[test]
    fn character_positions() {
        let text = "가나. 다라\n\nab";
        let split = split_sentences(text);
        let chars: Vec<(usize, usize)> = split.iter().map(|s| (s.char_start, s.char_end)).collect();
        assert_eq!(chars, [(0, 3), (4, 6), (8, 10)]);
    }

    #[test]
    fn blank_and_odd_input() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\t\r\n\u{3000}").is_empty());
        assert_eq!(sentences(". ! ?"), [".", "!", "?"]);
        assert_eq!(sentences("😀. 😀"), ["😀.", "😀"]);
        assert_eq!(sentences("\u{0}\u{7}. x"), ["\u{0}\u{7}.", "x"]);
    }

    #[test]
    fn merging_ranges() {
        assert_eq!(
            merge_ranges([(0, 6), (0, 9), (6, 9), (12, 15), (15, 18), (20, 21)]),
            [(0, 9), (12, 18), (20, 21)]
        );
        assert!(merge_ranges([]).is_empty());
    }

    #[test]
    fn words_and_literal_hits() {
        let text = " 세종시는\t서울시와  ＡＢＣ협약 ";
        let found: Vec<(usize, &str)> = words(text).collect();
        assert_eq!(
            found,
            [(1, "세종시는"), (14, "서울시와"), (28, "ＡＢＣ협약")]
        );
        let vocabulary = Vocabulary::new(&[QueryTerm::new("시", 1.0), QueryTerm::new("협약", 2.0)]);
        let hits = literal_hits(text, &vocabulary);
        let ranges: Vec<&str> = hits.iter().map(|hit| &text[hit.start..hit.end]).collect();
        // Offsets map back through normalization exactly.
        assert_eq!(ranges, ["시", "시", "협약"]);
    }

    #[test]
    fn vocabulary_normalizes_and_merges() {
        let vocabulary = Vocabulary::new(&[
            QueryTerm::new("ＡＢＣ", 1.0),
            QueryTerm::new("abc", 3.0),
            QueryTerm::new("", 5.0),
            QueryTerm::new("협약", f32::NAN),
            QueryTerm::new("세종", f32::INFINITY),
        ]);
        assert_eq!(vocabulary.texts, ["abc", "협약", "세종"]);
        assert_eq!(vocabulary.weights, [3.0, f32::MIN_POSITIVE, MAX_WEIGHT]);
    }

    #[test]
    fn scores() {
        let weights = [2.0, 1.0];
        let mut tally = Tally::new(&weights);
        let hit = |term, start| Hit {
            term,
            start,
            end: start + 3,
        };
        assert_eq!(tally.score(&[]), 0.0);
        assert_eq!(tally.score(&[hit(0, 0)]), 2.0);
        // Repeats add a tenth each, three at most.
        let repeats: Vec<Hit> = (0..6).map(|i| hit(0, i * 10)).collect();
        assert!((tally.score(&repeats) - 2.6).abs() < 1e-6);
        // Adjacent distinct terms: half their mean weight on top.
        assert!((tally.score(&[hit(0, 0), hit(1, 3)]) - 3.75).abs() < 1e-6);
        let far = tally.score(&[hit(0, 0), hit(1, 3000)]);
        assert!(far > 3.0 && far < 3.01, "{far}");
    }

    #[test]
    fn cutting_a_long_sentence() {
        let text = "가나다 ".repeat(100) + "협약 " + &"라마바 ".repeat(100);
        let text = text.trim_end();
        let focus = text.find("협약").unwrap();
        let (start, end) = cut_around(text, (focus, focus + "협약".len()), 40);
        let piece = &text[start..end];
        assert!(piece.chars().count() <= 40, "{piece}");
        assert!(piece.contains("협약"), "{piece}");
        assert!(
            piece.starts_with("가나다") && piece.ends_with("라마바"),
            "{piece}"
        );
        // No hits: the start of the sentence.
        let (start, end) = cut_around(text, (0, 0), 10);
        assert_eq!(&text[start..end], "가나다 가나다");
        // No whitespace at all: a cut at a character boundary.
        let (start, end) = cut_around(&"가".repeat(50), (30, 33), 7);
        assert_eq!((start, end), (24, 45));
    }
}
