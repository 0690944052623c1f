//! Self-retrieval: whether a few words copied from an indexed article find
//! that article ([`self_retrieval`]).

use std::collections::HashSet;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::search::passages::words;
use crate::search::{SearchOptions, Searcher};
use crate::{Error, Result};

/// What to draw.
#[derive(Debug, Clone)]
pub struct SpanOptions {
    /// Spans to draw of each length.
    pub spans: usize,
    /// The longest span, in words; spans of 1 to this many words are drawn.
    pub max_words: usize,
    /// The seed of the draw.
    pub seed: u64,
    /// Draw from these documents only (the passages a test collection
    /// judges, say); all of the index's when `None`.
    pub only: Option<HashSet<String>>,
    /// Misses kept as examples.
    pub examples: usize,
}

impl Default for SpanOptions {
    fn default() -> Self {
        SpanOptions {
            spans: 1000,
            max_words: 3,
            seed: 1,
            only: None,
            examples: 10,
        }
    }
}

/// The outcome of [`self_retrieval`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanReport {
    /// The documents spans were drawn from.
    pub documents: usize,
    /// The seed of the draw.
    pub seed: u64,
    /// The counts for each span length, shortest first.
    pub by_length: Vec<SpanCounts>,
    /// The first misses, in the order drawn.
    pub misses: Vec<SpanMiss>,
}

/// The counts for spans of one length.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SpanCounts {
    /// Words in each span.
    pub words: usize,
    /// Spans drawn.
    pub drawn: usize,
    /// Spans the index holds no term of, not searched.
    pub dropped: usize,
    /// Spans searched.
    pub searched: usize,
    /// Searched spans whose article does not match.
    pub not_found: usize,
    /// Searched spans whose article matches, ranked below the top 10.
    pub not_in_top_10: usize,
}

impl SpanCounts {
    /// The share of the searched spans that do not find their article.
    pub fn not_found_share(&self) -> f64 {
        self.not_found as f64 / self.searched.max(1) as f64
    }

    /// The share of the searched spans whose article matches, ranked below
    /// the top 10.
    pub fn not_in_top_10_share(&self) -> f64 {
        self.not_in_top_10 as f64 / self.searched.max(1) as f64
    }
}

/// A span that did not find its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanMiss {
    /// The article's id.
    pub id: String,
    /// The span, as searched.
    pub span: String,
    /// The terms the query looks for: each a term, or the terms of a phrase.
    pub query_terms: Vec<Vec<String>>,
    /// The terms the index holds for the span, in order.
    pub document_terms: Vec<String>,
    /// Why the searcher refused the span, when it did (a run of Hanja or
    /// Latin without spaces that analyzes to more terms than a query may
    /// hold): it finds nothing for its user either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Whether words copied from the documents of `searcher`'s index find them.
///
/// A user who copies words from an article and searches for them expects
/// the article among the matches; Korean makes that harder than it looks,
/// since the dictionary may read a word typed alone otherwise than the same
/// word inside a sentence ([`WordContext`](crate::analysis::WordContext)).
///
/// 1. Articles are drawn at random (seeded, so a run can be repeated), and
///    from each a **span** of 1, 2, … consecutive written words of one line
///    of its body, copied verbatim, punctuation and all.
/// 2. A span none of whose characters the index holds a term for (그리고,
///    것이다: particles, endings, punctuation) is **dropped**: nothing can
///    find it, so it is counted and not searched.
/// 3. Every other span is searched as a user types it (the query language
///    reads it: three words are all required, a trailing `?` makes a
///    question) and counts as **not found** when its article does not
///    match, whatever the rank, and as **not in the top 10** when it
///    matches but ranks lower. A span the searcher refuses
///    ([`Error::Query`]) is not found, its [`SpanMiss::error`] saying why.
///
/// `kosearch eval --spans N` runs it; `docs/relevance.md` has its figures.
/// Fails when the index has no document to draw from.
pub fn self_retrieval(searcher: &Searcher, options: &SpanOptions) -> Result<SpanReport> {
    let mut ids = searcher.ids()?;
    if let Some(only) = &options.only {
        ids.retain(|id| only.contains(id));
    }
    if ids.is_empty() {
        return Err(Error::InvalidArgument(
            "the index has no document to draw spans from".into(),
        ));
    }
    // The index's order depends on which indexing thread took which
    // document; sorted first, a seed draws the same spans from any index of
    // the same documents.
    ids.sort_unstable();
    let mut rng = StdRng::seed_from_u64(options.seed);
    ids.shuffle(&mut rng);
    let analyzer = searcher.analyzer();
    let mut by_length: Vec<SpanCounts> = (1..=options.max_words)
        .map(|words| SpanCounts {
            words,
            ..SpanCounts::default()
        })
        .collect();
    let mut misses = Vec::new();
    let mut top_10 = SearchOptions::default();
    top_10.passages.max_passages = 0;
    // A small index gives several spans of each length per article: the
    // articles are visited again, in the same order, until enough are drawn.
    let visits = ids.len().max(options.spans.saturating_mul(10));
    for id in ids.iter().cycle().take(visits) {
        if by_length.iter().all(|counts| counts.drawn >= options.spans) {
            break;
        }
        // An article that cannot be read is not a span's fault.
        let Ok(Some(article)) = searcher.document(id) else {
            continue;
        };
        let body = &article.body;
        let lines = written_words(body);
        // The index's terms of the body, read in their own context.
        let terms = analyzer.analyze(body);
        for counts in &mut by_length {
            if counts.drawn >= options.spans {
                continue;
            }
            let Some(span) = draw_span(&lines, counts.words, &mut rng) else {
                continue;
            };
            counts.drawn += 1;
            let document_terms: Vec<String> = terms
                .iter()
                .filter(|term| term.start < span.end && span.start < term.end)
                .map(|term| term.text.clone())
                .collect();
            if document_terms.is_empty() {
                counts.dropped += 1;
                continue;
            }
            counts.searched += 1;
            let text = &body[span];
            let (found, query_terms, error) = match searcher.matches(text, id) {
                Ok((found, query_terms)) => (found, query_terms, None),
                Err(Error::Query(reason)) => (false, Vec::new(), Some(reason)),
                Err(err) => return Err(err),
            };
            if !found {
                counts.not_found += 1;
                if misses.len() < options.examples {
                    misses.push(SpanMiss {
                        id: id.clone(),
                        span: text.to_string(),
                        query_terms,
                        document_terms,
                        error,
                    });
                }
            } else if !searcher
                .search(text, &top_10)?
                .hits
                .iter()
                .any(|hit| hit.id == *id)
            {
                counts.not_in_top_10 += 1;
            }
        }
    }
    Ok(SpanReport {
        documents: ids.len(),
        seed: options.seed,
        by_length,
        misses,
    })
}

/// The byte ranges of the written words of each line of `text`.
fn written_words(text: &str) -> Vec<Vec<std::ops::Range<usize>>> {
    let mut start = 0;
    text.split('\n')
        .map(|line| {
            let ranges = words(line)
                .map(|(at, word)| start + at..start + at + word.len())
                .collect();
            start += line.len() + 1;
            ranges
        })
        .collect()
}

/// A span of `words` consecutive written words of one line, chosen
/// uniformly among all such spans; `None` when no line is that long.
fn draw_span(
    lines: &[Vec<std::ops::Range<usize>>],
    words: usize,
    rng: &mut StdRng,
) -> Option<std::ops::Range<usize>> {
    let starts = |line: &Vec<std::ops::Range<usize>>| (line.len() + 1).saturating_sub(words);
    let total: usize = lines.iter().map(starts).sum();
    if total == 0 {
        return None;
    }
    let mut pick = rng.random_range(0..total);
    for line in lines {
        let here = starts(line);
        if pick < here {
            return Some(line[pick].start..line[pick + words - 1].end);
        }
        pick -= here;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{draw_span, written_words};
    use rand::SeedableRng;

    #[test]
    fn words_by_line_with_their_ranges() {
        let text = "한국 최초의  러시아산\n\n 원유 도입이다 ";
        let lines = written_words(text);
        let words: Vec<Vec<&str>> = lines
            .iter()
            .map(|line| line.iter().map(|range| &text[range.clone()]).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec!["한국", "최초의", "러시아산"],
                vec![],
                vec!["원유", "도입이다"]
            ]
        );
    }

    #[test]
    fn spans_stay_within_a_line() {
        let text = "가 나 다\n라 마";
        let lines = written_words(text);
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..50 {
            let span = &text[draw_span(&lines, 2, &mut rng).unwrap()];
            assert!(["가 나", "나 다", "라 마"].contains(&span), "{span}");
            assert!(draw_span(&lines, 3, &mut rng).is_some_and(|range| &text[range] == "가 나 다"));
        }
        assert_eq!(draw_span(&lines, 4, &mut rng), None);
    }
}
