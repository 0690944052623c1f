//! Candidate passages: windows of sentences around literal occurrences,
//! scored on them, then analyzed into passages with their highlights.

use std::ops::Range;

use super::cut::{best_cluster, cut_around};
use super::finder::ClusterAnalysis;
use super::literal::{word_at, words};
use super::score::Tally;
use super::sentences::Sentence;
use super::vocabulary::{Hit, Vocabulary};
use super::{Passage, PassageOptions};

/// Literal matches at most this many words apart are analyzed together.
const CLUSTER_GAP_WORDS: usize = 2;
/// Position offset between clusters, larger than any cluster's positions.
const CLUSTER_POSITION_STRIDE: usize = 1 << 20;

/// [`PassageOptions`] with out-of-range values fixed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub(super) max_passages: usize,
    max_chars: usize,
    min_sentences: usize,
    max_sentences: usize,
}

impl Limits {
    pub(super) fn new(options: &PassageOptions) -> Self {
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
pub(super) struct Window {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    cut_before: bool,
    cut_after: bool,
}

/// A body cut into sentences, with the literal occurrences of the query
/// terms.
pub(super) struct Document<'a> {
    text: &'a str,
    sentences: Vec<Sentence>,
    /// Sorted by start.
    hits: Vec<Hit>,
    /// Per sentence, the range of `hits` that start inside it.
    hit_ranges: Vec<Range<usize>>,
    limits: Limits,
}

impl<'a> Document<'a> {
    pub(super) fn new(
        text: &'a str,
        sentences: Vec<Sentence>,
        hits: Vec<Hit>,
        limits: Limits,
    ) -> Self {
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
    pub(super) fn candidates(&self, tally: &mut Tally<'_>) -> Vec<(Window, f32)> {
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

    /// The window that sentence `s` starts; see the [module docs](super).
    pub(super) fn window(&self, s: usize, tally: &mut Tally<'_>) -> Window {
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

    /// A window's passage on the document's hits as they are (occurrences
    /// the index recorded, confirmed already), with no analysis.
    pub(super) fn located_passage(&self, window: &Window, tally: &mut Tally<'_>) -> Passage {
        let text = &self.text[window.start..window.end];
        let first = self.hits.partition_point(|hit| hit.start < window.start);
        let hits: Vec<Hit> = self.hits[first..]
            .iter()
            .take_while(|hit| hit.start < window.end)
            .filter(|hit| hit.end <= window.end)
            .map(|hit| Hit {
                start: hit.start - window.start,
                end: hit.end - window.start,
                ..*hit
            })
            .collect();
        scored(text, window, &hits, tally)
    }

    /// Analyzes a window into a passage, scored and highlighted on the
    /// analyzer's terms that are query terms.
    pub(super) fn passage(
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
        scored(text, window, &hits, tally)
    }
}

/// The passage of `window`, whose `text` holds `hits` (relative to it),
/// scored and highlighted on them.
fn scored(text: &str, window: &Window, hits: &[Hit], tally: &mut Tally<'_>) -> Passage {
    Passage {
        text: text.to_string(),
        start: window.start,
        end: window.end,
        highlights: merge_ranges(hits.iter().map(|hit| (hit.start, hit.end))),
        score: tally.score(hits),
        cut_before: window.cut_before,
        cut_after: window.cut_after,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_ranges() {
        assert_eq!(
            merge_ranges([(0, 6), (0, 9), (6, 9), (12, 15), (15, 18), (20, 21)]),
            [(0, 9), (12, 18), (20, 21)]
        );
        assert!(merge_ranges([]).is_empty());
    }
}
