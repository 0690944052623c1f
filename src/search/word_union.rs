//! A question's words in one union, each word scored as the dis-max of its
//! fields.
//!
//! A question matches a document holding any of its words, and scores the
//! sum over its words of the dis-max of the word's fields (the better field,
//! plus a tie-breaker share of the others). Built from tantivy's queries,
//! that is a union of dis-max queries, each a union of its own: two layers
//! of buffered unions, the outer one pulling every document of the inner
//! ones one call at a time. [`WordUnionQuery`] gives the same scores with
//! one layer: it reads each word's field postings into one window of
//! documents, folds each word's dis-max there, and adds it to the
//! document's total.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Documents read ahead per window, as in tantivy's buffered union.
const WINDOW: u32 = 4096;
const WINDOW_WORDS: usize = WINDOW as usize / 64;

/// The union of `words`, each word given as the queries of its fields.
#[derive(Debug)]
pub(crate) struct WordUnionQuery {
    words: Vec<Vec<Box<dyn Query>>>,
    tie_breaker: Score,
}

impl WordUnionQuery {
    /// `words[i]` holds the queries of word `i`'s fields; a word's score is
    /// its best field's plus `tie_breaker` times the others'.
    pub fn new(words: Vec<Vec<Box<dyn Query>>>, tie_breaker: Score) -> Self {
        WordUnionQuery { words, tie_breaker }
    }
}

impl Clone for WordUnionQuery {
    fn clone(&self) -> Self {
        WordUnionQuery {
            words: self
                .words
                .iter()
                .map(|fields| fields.iter().map(|query| query.box_clone()).collect())
                .collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

impl Query for WordUnionQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let words = self
            .words
            .iter()
            .map(|fields| {
                fields
                    .iter()
                    .map(|query| query.weight(enable_scoring))
                    .collect::<tantivy::Result<Vec<_>>>()
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WordUnionWeight {
            words,
            tie_breaker: self.tie_breaker,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in self.words.iter().flatten() {
            query.query_terms(visitor);
        }
    }
}

struct WordUnionWeight {
    words: Vec<Vec<Box<dyn Weight>>>,
    tie_breaker: Score,
}

impl Weight for WordUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut fields = Vec::new();
        for (word, weights) in self.words.iter().enumerate() {
            for weight in weights {
                let scorer = weight.scorer(reader, boost)?;
                if scorer.doc() != TERMINATED {
                    fields.push(FieldScorer {
                        word: word as u32,
                        scorer,
                    });
                }
            }
        }
        Ok(Box::new(WordUnionScorer::new(fields, self.tie_breaker)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "sum over words of the dis-max of their fields",
            scorer.score(),
        ))
    }
}

/// The scorer of one field of one word.
struct FieldScorer {
    word: u32,
    scorer: Box<dyn Scorer>,
}

/// The documents of one window and their scores so far.
struct Window {
    /// Its first document.
    start: DocId,
    /// The documents that match, one bit each.
    matched: Box<[u64; WINDOW_WORDS]>,
    /// The next 64-document block of `matched` to read.
    block: usize,
    /// Each document's score, summed over the words added.
    totals: Box<[Score; WINDOW as usize]>,
    /// Best field score and sum of field scores of the word being added.
    word_best: Box<[Score; WINDOW as usize]>,
    word_sum: Box<[Score; WINDOW as usize]>,
    /// The slots the word being added has reached.
    word_slots: Vec<u32>,
}

impl Window {
    fn new() -> Self {
        Window {
            start: 0,
            matched: Box::new([0; WINDOW_WORDS]),
            block: WINDOW_WORDS,
            totals: Box::new([0.0; WINDOW as usize]),
            word_best: Box::new([Score::NEG_INFINITY; WINDOW as usize]),
            word_sum: Box::new([0.0; WINDOW as usize]),
            word_slots: Vec::new(),
        }
    }

    fn end(&self) -> DocId {
        self.start + WINDOW
    }

    /// Adds a word with one field in the window: its scores go straight to
    /// the totals.
    fn add(&mut self, scorer: &mut dyn Scorer) {
        let end = self.end();
        let mut doc = scorer.doc();
        while doc < end {
            let slot = (doc - self.start) as usize;
            self.matched[slot / 64] |= 1 << (slot % 64);
            self.totals[slot] += scorer.score();
            doc = scorer.advance();
        }
    }

    /// Adds a word with several fields in the window: its dis-max.
    fn add_dis_max(&mut self, fields: &mut [FieldScorer], tie_breaker: Score) {
        let end = self.end();
        for field in fields {
            let mut doc = field.scorer.doc();
            while doc < end {
                let slot = (doc - self.start) as usize;
                let score = field.scorer.score();
                if self.word_best[slot] == Score::NEG_INFINITY {
                    self.word_slots.push(slot as u32);
                    self.word_best[slot] = score;
                } else {
                    self.word_best[slot] = self.word_best[slot].max(score);
                }
                self.word_sum[slot] += score;
                doc = field.scorer.advance();
            }
        }
        for &slot in &self.word_slots {
            let slot = slot as usize;
            let best = self.word_best[slot];
            self.totals[slot] += best + (self.word_sum[slot] - best) * tie_breaker;
            self.matched[slot / 64] |= 1 << (slot % 64);
            self.word_best[slot] = Score::NEG_INFINITY;
            self.word_sum[slot] = 0.0;
        }
        self.word_slots.clear();
    }

    /// The next matching document of the window and its score, if any.
    fn next(&mut self) -> Option<(DocId, Score)> {
        while self.block < WINDOW_WORDS {
            let bits = self.matched[self.block];
            if bits != 0 {
                self.matched[self.block] = bits & (bits - 1);
                let slot = self.block * 64 + bits.trailing_zeros() as usize;
                let score = std::mem::take(&mut self.totals[slot]);
                return Some((self.start + slot as DocId, score));
            }
            self.block += 1;
        }
        None
    }
}

struct WordUnionScorer {
    /// Live field scorers, the fields of a word next to each other.
    fields: Vec<FieldScorer>,
    tie_breaker: Score,
    window: Window,
    doc: DocId,
    score: Score,
}

impl WordUnionScorer {
    fn new(fields: Vec<FieldScorer>, tie_breaker: Score) -> Self {
        let mut scorer = WordUnionScorer {
            fields,
            tie_breaker,
            window: Window::new(),
            doc: 0,
            score: 0.0,
        };
        scorer.advance();
        scorer
    }

    /// Reads the window that starts at the first document any field is on;
    /// `false` when every field is done.
    fn refill(&mut self) -> bool {
        let Some(start) = self.fields.iter().map(|field| field.scorer.doc()).min() else {
            return false;
        };
        let window = &mut self.window;
        window.start = start;
        window.block = 0;
        let end = window.end();
        let mut first = 0;
        while first < self.fields.len() {
            let word = self.fields[first].word;
            let last = self.fields[first..]
                .iter()
                .position(|field| field.word != word)
                .map_or(self.fields.len(), |count| first + count);
            let fields = &mut self.fields[first..last];
            let mut in_window = fields.iter_mut().filter(|field| field.scorer.doc() < end);
            match (in_window.next(), in_window.next()) {
                (None, _) => {}
                // The usual case: titles are short, and few hold the word.
                (Some(field), None) => window.add(field.scorer.as_mut()),
                (Some(_), Some(_)) => window.add_dis_max(fields, self.tie_breaker),
            }
            first = last;
        }
        self.fields.retain(|field| field.scorer.doc() != TERMINATED);
        true
    }
}

impl DocSet for WordUnionScorer {
    fn advance(&mut self) -> DocId {
        loop {
            if let Some((doc, score)) = self.window.next() {
                self.doc = doc;
                self.score = score;
                return doc;
            }
            if !self.refill() {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.fields
            .iter()
            .map(|field| field.scorer.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WordUnionScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, TEXT};
    use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument};

    use super::*;

    const WORDS: [&str; 12] = [
        "세종", "서울", "협약", "정원", "도시", "인권", "행정", "고향", "기부", "시장", "교육",
        "청원",
    ];

    /// An index on disk of 10,000 short Korean texts in two segments, so
    /// that unions cross windows and segments; words drawn by a fixed LCG.
    fn index(dir: &std::path::Path) -> (Index, Field, Field) {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_dir(dir, schema.build()).expect("index");
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 32 << 20).expect("writer");
        let mut random = Lcg(7);
        for i in 0..10_000 {
            // Sparse titles, as in real articles: most words are absent.
            let title_text = if i % 7 == 0 {
                random.text(2)
            } else {
                "기사".to_string()
            };
            let words = 1 + random.below(12);
            let body_text = if random.below(4) != 0 {
                random.text(words)
            } else {
                "본문".to_string()
            };
            let mut doc = TantivyDocument::default();
            doc.add_text(title, &title_text);
            doc.add_text(body, &body_text);
            writer.add_document(doc).expect("add");
            if i == 6_000 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        (index, title, body)
    }

    /// A linear congruential generator: the same texts on every run.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % n
        }

        fn text(&mut self, words: usize) -> String {
            (0..words)
                .map(|_| WORDS[self.below(WORDS.len())])
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    fn term(field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn phrase(field: Field, texts: &[&str]) -> Box<dyn Query> {
        Box::new(PhraseQuery::new(
            texts
                .iter()
                .map(|text| Term::from_field_text(field, text))
                .collect(),
        ))
    }

    /// Every matching document and its score.
    fn scores(index: &Index, query: &dyn Query) -> (usize, BTreeMap<DocAddress, Score>) {
        let searcher = index.reader().expect("reader").searcher();
        let (top, count) = searcher
            .search(
                query,
                &(TopDocs::with_limit(20_000).order_by_score(), Count),
            )
            .expect("search");
        (
            count,
            top.into_iter().map(|(score, doc)| (doc, score)).collect(),
        )
    }

    #[test]
    fn scores_as_a_union_of_dis_max_queries() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (index, title, body) = index(dir.path());
        // Words as a question builds them: the title boosted; a phrase; a
        // word in the body only; a word in no document.
        let words = || -> Vec<Vec<Box<dyn Query>>> {
            vec![
                vec![
                    Box::new(BoostQuery::new(term(title, "세종"), 1.2)),
                    term(body, "세종"),
                ],
                vec![term(title, "협약"), term(body, "협약")],
                vec![
                    phrase(title, &["정원", "도시"]),
                    phrase(body, &["정원", "도시"]),
                ],
                vec![term(body, "청원")],
                vec![term(title, "없는말"), term(body, "없는말")],
            ]
        };
        let reference = BooleanQuery::union(
            words()
                .into_iter()
                .map(|fields| {
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(fields, 0.1)) as Box<dyn Query>
                })
                .collect(),
        );
        let (expected_count, expected) = scores(&index, &reference);
        let (count, actual) = scores(&index, &WordUnionQuery::new(words(), 0.1));
        assert!(expected_count > 4_096, "{expected_count} matches");
        assert_eq!(count, expected_count);
        assert_eq!(actual.len(), expected.len());
        for (doc, score) in &expected {
            let ours = actual[doc];
            assert!(
                (ours - score).abs() <= 1e-6 * score.abs(),
                "{doc:?}: {ours} against {score}"
            );
        }
    }

    #[test]
    fn explains_a_match_and_refuses_a_miss() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (index, title, body) = index(dir.path());
        let query = WordUnionQuery::new(vec![vec![term(title, "협약"), term(body, "협약")]], 0.1);
        let searcher = index.reader().expect("reader").searcher();
        let (_, top) = scores(&index, &query);
        let (&doc, &score) = top.iter().next().expect("a match");
        let explanation = query.explain(&searcher, doc).expect("explanation");
        assert_eq!(explanation.value(), score);
        let missing = (0..searcher.segment_reader(0).max_doc())
            .map(|id| DocAddress::new(0, id))
            .find(|doc| !top.contains_key(doc))
            .expect("a document without the word");
        assert!(query.explain(&searcher, missing).is_err());
    }
}
