//! A question's words in one union, each word scored as the dis-max of its
//! fields, and the best documents of that union found without scoring
//! every match.
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
//!
//! [`WordUnionQuery::top_docs`] finds the best documents and counts every
//! match, as tantivy's `TopDocs` and `Count` do together, but scores only
//! the documents that can still enter the top (MaxScore, Turtle and Flood
//! 1995). Each field of each word has an upper bound on its score, from
//! the idf of its terms; once the top is full, the fields of lowest bound
//! whose bounds sum to no more than the lowest score in it cannot lift a
//! document in on their own. In the next window their postings are only
//! read to count the matches, and scored only for documents that the other
//! fields bring close enough. The body fields of common words, whose
//! postings are the longest, have the lowest bounds (a word's title bound
//! is high: words are rare in titles).
//!
//! A field that is a single term, as most are, is read here a block of
//! postings at a time; any other (a phrase, the forms of a compound) goes
//! through its tantivy scorer.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::fastfield::AliveBitSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{
    Bm25Weight, BooleanQuery, BoostQuery, EnableScoring, Explanation, Occur, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Documents read ahead per window, as in tantivy's buffered union.
const WINDOW: u32 = 4096;
const WINDOW_WORDS: usize = WINDOW as usize / 64;

/// Documents per block of tantivy's postings (its bit-packing width).
const POSTINGS_BLOCK: usize = 128;

/// A margin on score bounds, against rounding: a bound is a sum of floats.
const BOUND_MARGIN: Score = 1.001;

/// The query of one field of a word, and the boost of its scores.
#[derive(Debug)]
pub(crate) struct FieldQuery {
    /// The query, without the boost.
    pub query: Box<dyn Query>,
    pub boost: Score,
}

impl FieldQuery {
    pub fn new(query: Box<dyn Query>, boost: Score) -> Self {
        FieldQuery { query, boost }
    }

    /// The query with its boost applied.
    pub fn into_query(self) -> Box<dyn Query> {
        if self.boost == 1.0 {
            self.query
        } else {
            Box::new(BoostQuery::new(self.query, self.boost))
        }
    }
}

impl Clone for FieldQuery {
    fn clone(&self) -> Self {
        FieldQuery::new(self.query.box_clone(), self.boost)
    }
}

/// The union of `words`, each word given as the queries of its fields.
#[derive(Debug, Clone)]
pub(crate) struct WordUnionQuery {
    words: Vec<Vec<FieldQuery>>,
    tie_breaker: Score,
}

impl WordUnionQuery {
    /// `words[i]` holds the queries of word `i`'s fields; a word's score is
    /// its best field's plus `tie_breaker` times the others'.
    pub fn new(words: Vec<Vec<FieldQuery>>, tie_breaker: Score) -> Self {
        WordUnionQuery { words, tie_breaker }
    }

    /// The `k` best documents, best first, the earlier document first on
    /// equal scores, and the number of live documents that match: what
    /// tantivy's `TopDocs::with_limit(k).order_by_score()` and `Count` give,
    /// with scores added up in the same order. See the [module docs](self).
    pub fn top_docs(
        &self,
        searcher: &tantivy::Searcher,
        k: usize,
    ) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
        let weight = self.union_weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut top = TopScores::new(k);
        let mut count = 0;
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.union_scorer(reader, 1.0)?;
            count += scorer.collect(&mut top, ord as u32, reader.alive_bitset());
        }
        Ok((top.into_sorted(), count))
    }

    fn union_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<WordUnionWeight> {
        let words = self
            .words
            .iter()
            .map(|fields| {
                let fields = fields
                    .iter()
                    .map(|field| {
                        let (weight, bound) =
                            FieldWeight::new(field.query.as_ref(), enable_scoring)?;
                        Ok((weight, field.boost, field.boost * bound * BOUND_MARGIN))
                    })
                    .collect::<tantivy::Result<Vec<_>>>()?;
                Ok(WordWeight { fields })
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(WordUnionWeight {
            words,
            tie_breaker: self.tie_breaker,
        })
    }
}

/// An upper bound on the scores of `query`: the sum of the BM25 bounds of
/// all its terms (idf times 1 + k1), before [`BOUND_MARGIN`]. It holds for
/// a term, a phrase (scored on the sum of its terms' idf), and sums and
/// dis-max of them, which is all a question's words are made of. Infinite
/// without scoring statistics or terms.
fn score_bound(query: &dyn Query, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Score> {
    let EnableScoring::Enabled {
        statistics_provider,
        ..
    } = enable_scoring
    else {
        return Ok(Score::INFINITY);
    };
    let mut terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| terms.push(term.clone()));
    if terms.is_empty() {
        return Ok(Score::INFINITY);
    }
    let mut bound = 0.0;
    for term in terms {
        bound += Bm25Weight::for_terms(statistics_provider, &[term])?.max_score();
    }
    Ok(bound)
}

impl Query for WordUnionQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.union_weight(enable_scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for field in self.words.iter().flatten() {
            field.query.query_terms(visitor);
        }
    }
}

/// How a field of a word, or a part of one, is scored.
enum PartWeight {
    /// A term, read block by block here: the usual case.
    Term { term: Term, bm25: Bm25Weight },
    /// Any other query (a phrase), through tantivy.
    Other(Box<dyn Weight>),
}

impl PartWeight {
    /// The weight of `query`, and an upper bound on its scores.
    fn new(
        query: &dyn Query,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<(PartWeight, Score)> {
        if let (
            Some(term),
            EnableScoring::Enabled {
                statistics_provider,
                ..
            },
        ) = (query.downcast_ref::<TermQuery>(), enable_scoring)
        {
            let bm25 =
                Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term.term()))?;
            let bound = bm25.max_score();
            let term = term.term().clone();
            return Ok((PartWeight::Term { term, bm25 }, bound));
        }
        let bound = score_bound(query, enable_scoring)?;
        Ok((PartWeight::Other(query.weight(enable_scoring)?), bound))
    }

    /// The postings in a segment; `None` when there are none.
    fn postings(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<PartPostings>> {
        let postings = match self {
            PartWeight::Term { term, bm25 } => {
                let field = term.field();
                let block = reader
                    .inverted_index(field)?
                    .read_block_postings(term, IndexRecordOption::WithFreqs)?;
                let Some(block) = block else {
                    return Ok(None);
                };
                PartPostings::Term(Box::new(TermPostings {
                    block,
                    cursor: 0,
                    // As tantivy's term scorer: a field without norms scores
                    // every document as one token long.
                    fieldnorms: reader
                        .fieldnorms_readers()
                        .get_field(field)?
                        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)),
                    bm25: bm25.boost_by(boost),
                }))
            }
            PartWeight::Other(weight) => PartPostings::Other(weight.scorer(reader, boost)?),
        };
        Ok((postings.doc() != TERMINATED).then_some(postings))
    }
}

/// How a field of a word is scored.
enum FieldWeight {
    Part(PartWeight),
    /// A union (the forms and parts of a compound in a question): the sum
    /// of its parts' scores, as tantivy's union gives.
    Sum(Vec<PartWeight>),
}

impl FieldWeight {
    /// The weight of `query`, and an upper bound on its scores.
    fn new(
        query: &dyn Query,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<(FieldWeight, Score)> {
        let union = query.downcast_ref::<BooleanQuery>().filter(|union| {
            union.get_minimum_number_should_match() <= 1
                && !union.clauses().is_empty()
                && union
                    .clauses()
                    .iter()
                    .all(|(occur, _)| *occur == Occur::Should)
        });
        match union {
            Some(union) if enable_scoring.is_scoring_enabled() => {
                let mut parts = Vec::with_capacity(union.clauses().len());
                let mut bound = 0.0;
                for (_, part) in union.clauses() {
                    let (part, part_bound) = PartWeight::new(part.as_ref(), enable_scoring)?;
                    parts.push(part);
                    bound += part_bound;
                }
                Ok((FieldWeight::Sum(parts), bound))
            }
            _ => {
                let (part, bound) = PartWeight::new(query, enable_scoring)?;
                Ok((FieldWeight::Part(part), bound))
            }
        }
    }

    /// The postings in a segment; `None` when there are none.
    fn postings(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<FieldPostings>> {
        match self {
            FieldWeight::Part(part) => Ok(part.postings(reader, boost)?.map(FieldPostings::Part)),
            FieldWeight::Sum(parts) => {
                let mut postings = Vec::with_capacity(parts.len());
                for part in parts {
                    postings.extend(part.postings(reader, boost)?);
                }
                Ok((!postings.is_empty()).then(|| {
                    FieldPostings::Sum(Box::new(SumPostings {
                        parts: postings,
                        scores: Box::new([0.0; WINDOW as usize]),
                        seen: Box::new([0; WINDOW_WORDS]),
                        slots: Vec::new(),
                    }))
                }))
            }
        }
    }
}

struct WordWeight {
    /// Each field's weight, boost and score bound.
    fields: Vec<(FieldWeight, Score, Score)>,
}

struct WordUnionWeight {
    words: Vec<WordWeight>,
    tie_breaker: Score,
}

impl WordUnionWeight {
    /// The scorer of a segment, before its first document.
    fn union_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<WordUnionScorer> {
        let mut words = Vec::with_capacity(self.words.len());
        for word in &self.words {
            let mut fields = Vec::with_capacity(word.fields.len());
            for (weight, field_boost, bound) in &word.fields {
                let Some(postings) = weight.postings(reader, boost * field_boost)? else {
                    continue;
                };
                fields.push(FieldScorer {
                    postings,
                    bound: bound * boost,
                    optional: false,
                });
            }
            if !fields.is_empty() {
                words.push(fields);
            }
        }
        Ok(WordUnionScorer::new(words, self.tie_breaker))
    }
}

impl Weight for WordUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = self.union_scorer(reader, boost)?;
        scorer.advance();
        Ok(Box::new(scorer))
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

/// The postings of a term in a segment, scored with BM25 a block at a time.
struct TermPostings {
    block: BlockSegmentPostings,
    /// The current document's index in the block.
    cursor: usize,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
}

impl TermPostings {
    fn doc(&self) -> DocId {
        self.block
            .docs()
            .get(self.cursor)
            .copied()
            .unwrap_or(TERMINATED)
    }

    /// For each document before `end`: `want(doc)`, and `add(doc, score)`
    /// if it wants it scored. Moves to the first document at `end` or after.
    fn scan(
        &mut self,
        end: DocId,
        mut want: impl FnMut(DocId) -> bool,
        mut add: impl FnMut(DocId, Score),
    ) {
        loop {
            let docs = self.block.docs();
            while let Some(&doc) = docs.get(self.cursor) {
                if doc >= end {
                    return;
                }
                if want(doc) {
                    let fieldnorm = self.fieldnorms.fieldnorm_id(doc);
                    // `freq`, not `freqs()`: without frequencies in the
                    // index, that is empty and this is 1.
                    let freq = self.block.freq(self.cursor);
                    add(doc, self.bm25.score(fieldnorm, freq));
                }
                self.cursor += 1;
            }
            // Only a full block has a next one.
            if docs.len() < POSTINGS_BLOCK {
                return;
            }
            self.block.advance();
            self.cursor = 0;
        }
    }
}

/// The postings of a field of a word, or of a part of one, in a segment.
enum PartPostings {
    /// Boxed: its block buffers are a kilobyte and more.
    Term(Box<TermPostings>),
    Other(Box<dyn Scorer>),
}

impl PartPostings {
    fn doc(&self) -> DocId {
        match self {
            PartPostings::Term(term) => term.doc(),
            PartPostings::Other(scorer) => scorer.doc(),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            PartPostings::Term(term) => term.block.doc_freq(),
            PartPostings::Other(scorer) => scorer.size_hint(),
        }
    }

    /// [`TermPostings::scan`], for any part.
    fn scan(
        &mut self,
        end: DocId,
        mut want: impl FnMut(DocId) -> bool,
        mut add: impl FnMut(DocId, Score),
    ) {
        match self {
            PartPostings::Term(term) => term.scan(end, want, add),
            PartPostings::Other(scorer) => {
                let mut doc = scorer.doc();
                while doc < end {
                    if want(doc) {
                        add(doc, scorer.score());
                    }
                    doc = scorer.advance();
                }
            }
        }
    }
}

/// The postings of the parts of a union, summed a window at a time.
struct SumPostings {
    /// The parts with documents left.
    parts: Vec<PartPostings>,
    /// The window's sums, by slot.
    scores: Box<[Score; WINDOW as usize]>,
    /// The slots with a sum.
    seen: Box<Bits>,
    slots: Vec<u32>,
}

impl SumPostings {
    /// [`TermPostings::scan`] for the union: each part is read up to `end`,
    /// and a document's scores are added in the order of the parts, as
    /// tantivy's union adds them.
    fn scan(
        &mut self,
        end: DocId,
        mut want: impl FnMut(DocId) -> bool,
        mut add: impl FnMut(DocId, Score),
    ) {
        let start = end - WINDOW;
        let (scores, seen, slots) = (&mut self.scores, &mut self.seen, &mut self.slots);
        for part in &mut self.parts {
            part.scan(end, &mut want, |doc, score| {
                let slot = (doc - start) as usize;
                if !has(seen, slot) {
                    set(seen, slot);
                    slots.push(slot as u32);
                }
                scores[slot] += score;
            });
        }
        for slot in slots.drain(..) {
            let slot = slot as usize;
            add(start + slot as DocId, std::mem::take(&mut scores[slot]));
        }
        seen.fill(0);
        self.parts.retain(|part| part.doc() != TERMINATED);
    }
}

/// The postings of one field of a word in a segment.
enum FieldPostings {
    Part(PartPostings),
    Sum(Box<SumPostings>),
}

impl FieldPostings {
    fn doc(&self) -> DocId {
        match self {
            FieldPostings::Part(part) => part.doc(),
            FieldPostings::Sum(sum) => sum
                .parts
                .iter()
                .map(PartPostings::doc)
                .min()
                .unwrap_or(TERMINATED),
        }
    }

    fn size_hint(&self) -> u32 {
        match self {
            FieldPostings::Part(part) => part.size_hint(),
            FieldPostings::Sum(sum) => sum
                .parts
                .iter()
                .map(PartPostings::size_hint)
                .max()
                .unwrap_or(0),
        }
    }

    /// [`TermPostings::scan`], for any field.
    fn scan(&mut self, end: DocId, want: impl FnMut(DocId) -> bool, add: impl FnMut(DocId, Score)) {
        match self {
            FieldPostings::Part(part) => part.scan(end, want, add),
            FieldPostings::Sum(sum) => sum.scan(end, want, add),
        }
    }
}

/// The scorer of one field of a word, with documents left.
struct FieldScorer {
    postings: FieldPostings,
    /// An upper bound on its scores.
    bound: Score,
    /// In the current window, read only to count matches and to finish
    /// the scores of documents that may enter the top.
    optional: bool,
}

/// One bit per document of a window.
type Bits = [u64; WINDOW_WORDS];

fn has(bits: &Bits, slot: usize) -> bool {
    bits[slot / 64] & (1 << (slot % 64)) != 0
}

fn set(bits: &mut Bits, slot: usize) {
    bits[slot / 64] |= 1 << (slot % 64);
}

/// A word's dis-max from its best field score and the sum of its field
/// scores, in `f64`: the sum of a few `f32` is exact there, so neither the
/// order the fields come in nor a split of them changes the result.
fn word_score(best: Score, sum: f64, tie_breaker: Score) -> f64 {
    f64::from(best) + (sum - f64::from(best)) * f64::from(tie_breaker)
}

/// The documents of one window and their scores so far.
struct Window {
    /// Its first document.
    start: DocId,
    /// The documents that match.
    matched: Box<Bits>,
    /// The matching documents to score: all of them, or those that can
    /// still enter the top.
    scored: Box<Bits>,
    /// The next 64-document block of `scored` to read.
    block: usize,
    /// Each document's score, summed over the words added, in `f64` (see
    /// [`word_score`]).
    totals: Box<[f64; WINDOW as usize]>,
    /// Best field score and sum of field scores of the word being added.
    word_best: Box<[Score; WINDOW as usize]>,
    word_sum: Box<[f64; WINDOW as usize]>,
    /// The slots the word being added has reached.
    word_slots: Vec<u32>,
    /// For words with optional fields, the slots their other fields reached,
    /// with best and sum, by word.
    partial: Vec<(u32, Score, f64)>,
}

impl Window {
    fn new() -> Self {
        Window {
            start: 0,
            matched: Box::new([0; WINDOW_WORDS]),
            scored: Box::new([0; WINDOW_WORDS]),
            block: WINDOW_WORDS,
            totals: Box::new([0.0; WINDOW as usize]),
            word_best: Box::new([Score::NEG_INFINITY; WINDOW as usize]),
            word_sum: Box::new([0.0; WINDOW as usize]),
            word_slots: Vec::new(),
            partial: Vec::new(),
        }
    }

    fn end(&self) -> DocId {
        self.start + WINDOW
    }

    /// Adds the documents of `field` in the window to `matched`, and, when
    /// `scored_only`, folds the scores of those in `scored` only.
    fn fold(&mut self, field: &mut FieldPostings, scored_only: bool) {
        let start = self.start;
        let end = self.end();
        let (matched, scored) = (&mut self.matched, &self.scored);
        let (best, sum, slots) = (
            &mut self.word_best,
            &mut self.word_sum,
            &mut self.word_slots,
        );
        field.scan(
            end,
            |doc| {
                let slot = (doc - start) as usize;
                set(matched, slot);
                !scored_only || has(scored, slot)
            },
            |doc, score| {
                let slot = (doc - start) as usize;
                if best[slot] == Score::NEG_INFINITY {
                    slots.push(slot as u32);
                    best[slot] = score;
                } else {
                    best[slot] = best[slot].max(score);
                }
                sum[slot] += f64::from(score);
            },
        );
    }

    /// Adds the folded word to the totals; keeps its partial scores when it
    /// has optional fields still to come.
    fn add_folded(&mut self, tie_breaker: Score, keep_partial: bool) {
        for &slot in &self.word_slots {
            let slot = slot as usize;
            let (best, sum) = (self.word_best[slot], self.word_sum[slot]);
            self.totals[slot] += word_score(best, sum, tie_breaker);
            if keep_partial {
                self.partial.push((slot as u32, best, sum));
            }
            self.word_best[slot] = Score::NEG_INFINITY;
            self.word_sum[slot] = 0.0;
        }
        self.word_slots.clear();
    }

    /// Adds a word's required fields, all of its fields when the threshold
    /// leaves none optional.
    fn add_required(&mut self, fields: &mut [FieldScorer], tie_breaker: Score) {
        let end = self.end();
        let in_window = |field: &&mut FieldScorer| field.postings.doc() < end;
        let required = fields
            .iter()
            .filter(|f| !f.optional && f.postings.doc() < end)
            .count();
        let optional = fields
            .iter()
            .filter(|f| f.optional && f.postings.doc() < end)
            .count();
        if required == 1 && optional == 0 {
            // The usual case: titles are short, and few hold the word. The
            // dis-max of one field is its score.
            let field = fields
                .iter_mut()
                .find(in_window)
                .expect("a field in the window");
            let start = self.start;
            let (matched, totals) = (&mut self.matched, &mut self.totals);
            field.postings.scan(
                end,
                |_| true,
                |doc, score| {
                    let slot = (doc - start) as usize;
                    set(matched, slot);
                    totals[slot] += f64::from(score);
                },
            );
            return;
        }
        for field in fields.iter_mut().filter(|f| !f.optional) {
            self.fold(&mut field.postings, false);
        }
        self.add_folded(tie_breaker, optional > 0);
    }

    /// Adds a word's optional fields, for the documents in `scored`, with
    /// `partial` its required fields' partial scores.
    fn add_optional(
        &mut self,
        fields: &mut [FieldScorer],
        partial: &[(u32, Score, f64)],
        tie_breaker: Score,
    ) {
        // Take back the partial score, to add the whole word's.
        for &(slot, best, sum) in partial {
            let slot = slot as usize;
            if has(&self.scored, slot) {
                self.totals[slot] -= word_score(best, sum, tie_breaker);
                self.word_slots.push(slot as u32);
                self.word_best[slot] = best;
                self.word_sum[slot] = sum;
            }
        }
        for field in fields.iter_mut().filter(|f| f.optional) {
            self.fold(&mut field.postings, true);
        }
        self.add_folded(tie_breaker, false);
    }

    /// Keeps in `scored` the matches whose total, plus `rest`, exceeds
    /// `threshold`; the others' totals are cleared.
    fn keep_promising(&mut self, rest: f64, threshold: Score) {
        let threshold = f64::from(threshold);
        for block in 0..WINDOW_WORDS {
            let mut bits = self.matched[block];
            let mut kept = 0;
            while bits != 0 {
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let slot = block * 64 + bit;
                if self.totals[slot] + rest > threshold {
                    kept |= 1 << bit;
                } else {
                    self.totals[slot] = 0.0;
                }
            }
            self.scored[block] = kept;
        }
    }

    /// The number of live documents in `matched`.
    fn count(&self, alive: Option<&AliveBitSet>) -> usize {
        match alive {
            None => self
                .matched
                .iter()
                .map(|bits| bits.count_ones() as usize)
                .sum(),
            Some(alive) => (0..WINDOW_WORDS)
                .map(|block| {
                    let mut bits = self.matched[block];
                    let mut live = 0;
                    while bits != 0 {
                        let slot = block * 64 + bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        live += usize::from(alive.is_alive(self.start + slot as DocId));
                    }
                    live
                })
                .sum(),
        }
    }

    /// The next scored document of the window and its score, if any.
    fn next(&mut self) -> Option<(DocId, Score)> {
        while self.block < WINDOW_WORDS {
            let bits = self.scored[self.block];
            if bits != 0 {
                self.scored[self.block] = bits & (bits - 1);
                let slot = self.block * 64 + bits.trailing_zeros() as usize;
                let score = std::mem::take(&mut self.totals[slot]) as Score;
                return Some((self.start + slot as DocId, score));
            }
            self.block += 1;
        }
        None
    }
}

struct WordUnionScorer {
    /// Each word's fields with documents left; words with none are dropped.
    words: Vec<Vec<FieldScorer>>,
    tie_breaker: Score,
    window: Window,
    /// The fields' bounds with their word and field index, for sorting.
    bounds: Vec<(Score, u32, u32)>,
    doc: DocId,
    score: Score,
}

impl WordUnionScorer {
    /// A scorer before its first document.
    fn new(words: Vec<Vec<FieldScorer>>, tie_breaker: Score) -> Self {
        WordUnionScorer {
            words,
            tie_breaker,
            window: Window::new(),
            bounds: Vec::new(),
            doc: 0,
            score: 0.0,
        }
    }

    /// Marks optional the fields of lowest bound whose bounds sum to no
    /// more than `threshold`, and returns that sum.
    fn choose_optional(&mut self, threshold: Score) -> f64 {
        let mut rest = 0.0;
        if threshold == Score::NEG_INFINITY {
            for field in self.words.iter_mut().flatten() {
                field.optional = false;
            }
            return rest;
        }
        self.bounds.clear();
        for (w, fields) in self.words.iter().enumerate() {
            for (f, field) in fields.iter().enumerate() {
                self.bounds.push((field.bound, w as u32, f as u32));
            }
        }
        self.bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(bound, w, f) in &self.bounds {
            let optional = rest + f64::from(bound) <= f64::from(threshold);
            if optional {
                rest += f64::from(bound);
            }
            // Sorted: once one field is required, so are the rest.
            self.words[w as usize][f as usize].optional = optional;
        }
        rest
    }

    /// Reads the window that starts at the first document any field is on,
    /// scoring the documents that may score above `threshold`; `false` when
    /// every field is done.
    fn fill(&mut self, threshold: Score) -> bool {
        let start = self
            .words
            .iter()
            .flatten()
            .map(|field| field.postings.doc())
            .min();
        let Some(start) = start else {
            return false;
        };
        let rest = self.choose_optional(threshold);
        let window = &mut self.window;
        window.start = start;
        window.block = 0;
        window.matched.fill(0);
        window.partial.clear();
        let end = window.end();
        let mut partial_ends = Vec::new();
        for fields in &mut self.words {
            window.add_required(fields, self.tie_breaker);
            partial_ends.push(window.partial.len());
        }
        let any_optional = self
            .words
            .iter()
            .flatten()
            .any(|field| field.optional && field.postings.doc() < end);
        if any_optional {
            window.keep_promising(rest, threshold);
            let partial = std::mem::take(&mut window.partial);
            let mut from = 0;
            for (fields, &to) in self.words.iter_mut().zip(&partial_ends) {
                if fields.iter().any(|f| f.optional && f.postings.doc() < end) {
                    window.add_optional(fields, &partial[from..to], self.tie_breaker);
                }
                from = to;
            }
            window.partial = partial;
        } else {
            window.scored.copy_from_slice(&window.matched[..]);
        }
        for fields in &mut self.words {
            fields.retain(|field| field.postings.doc() != TERMINATED);
        }
        self.words.retain(|fields| !fields.is_empty());
        true
    }

    /// Adds the segment's live matches to `top`, as segment `segment`, and
    /// returns how many there are.
    fn collect(&mut self, top: &mut TopScores, segment: u32, alive: Option<&AliveBitSet>) -> usize {
        let mut count = 0;
        while self.fill(top.threshold()) {
            count += self.window.count(alive);
            while let Some((doc, score)) = self.window.next() {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    top.push(score, DocAddress::new(segment, doc));
                }
            }
        }
        count
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
            if !self.fill(Score::NEG_INFINITY) {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.words
            .iter()
            .flatten()
            .map(|field| field.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WordUnionScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

/// A document in the top: a higher score is better, and on equal scores
/// the earlier document.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    address: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// The best `k` documents seen, documents coming in order.
struct TopScores {
    k: usize,
    /// The worst on top.
    heap: BinaryHeap<Reverse<Ranked>>,
}

impl TopScores {
    fn new(k: usize) -> Self {
        TopScores {
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1)),
        }
    }

    /// The score a document must beat to enter: documents come in order, so
    /// one that only equals the worst loses to it.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Reverse(worst)) if self.heap.len() >= self.k => worst.score,
            _ if self.k == 0 => Score::INFINITY,
            _ => Score::NEG_INFINITY,
        }
    }

    fn push(&mut self, score: Score, address: DocAddress) {
        if score > self.threshold() || (self.heap.len() < self.k) {
            self.heap.push(Reverse(Ranked { score, address }));
            if self.heap.len() > self.k {
                self.heap.pop();
            }
        }
    }

    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(ranked)| (ranked.score, ranked.address))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, DisjunctionMaxQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, STRING, TEXT};
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
        // Untokenized, without norms, as metadata fields are.
        let tag = schema.add_text_field("tag", STRING);
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
            if i % 3 == 0 {
                doc.add_text(tag, WORDS[random.below(WORDS.len())]);
            }
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

    fn plain(query: Box<dyn Query>) -> FieldQuery {
        FieldQuery::new(query, 1.0)
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

    /// Words as a question builds them: the title boosted; a phrase; a word
    /// in the body only; a word in no document; a common word; a word in a
    /// field without norms or frequencies; and a union of forms. As tantivy's union of
    /// dis-max queries, and as a word union.
    fn question(index: &Index) -> (BooleanQuery, WordUnionQuery) {
        let field = |name: &str| index.schema().get_field(name).expect("a field");
        let (title, body, tag) = (field("title"), field("body"), field("tag"));
        let words = || -> Vec<Vec<FieldQuery>> {
            vec![
                vec![
                    FieldQuery::new(term(title, "세종"), 1.2),
                    plain(term(body, "세종")),
                ],
                vec![plain(term(title, "협약")), plain(term(body, "협약"))],
                vec![
                    plain(phrase(title, &["정원", "도시"])),
                    plain(phrase(body, &["정원", "도시"])),
                ],
                vec![plain(term(body, "청원"))],
                vec![plain(term(title, "없는말")), plain(term(body, "없는말"))],
                vec![plain(term(title, "본문")), plain(term(body, "본문"))],
                vec![plain(term(tag, "교육"))],
                // A compound in a question: its phrase or, for less, its parts.
                vec![
                    plain(Box::new(BooleanQuery::union(vec![
                        phrase(title, &["고향", "기부"]),
                        term(title, "기부"),
                    ]))),
                    plain(Box::new(BooleanQuery::union(vec![
                        phrase(body, &["고향", "기부"]),
                        term(body, "고향"),
                        term(body, "기부"),
                    ]))),
                ],
            ]
        };
        let reference = BooleanQuery::union(
            words()
                .into_iter()
                .map(|fields| {
                    let fields = fields.into_iter().map(FieldQuery::into_query).collect();
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(fields, 0.1)) as Box<dyn Query>
                })
                .collect(),
        );
        (reference, WordUnionQuery::new(words(), 0.1))
    }

    #[test]
    fn scores_as_a_union_of_dis_max_queries() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (index, _, _) = index(dir.path());
        let (reference, words) = question(&index);
        let (expected_count, expected) = scores(&index, &reference);
        let (count, actual) = scores(&index, &words);
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
        let query = WordUnionQuery::new(
            vec![vec![plain(term(title, "협약")), plain(term(body, "협약"))]],
            0.1,
        );
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

    /// The best documents and the count of a pruned search are those of a
    /// search that scores every match, with deleted documents too.
    #[test]
    fn top_docs_match_an_exhaustive_search() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (index, _, body) = index(dir.path());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 32 << 20).expect("writer");
        writer.delete_term(Term::from_field_text(body, "협약"));
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        assert!(searcher
            .segment_readers()
            .iter()
            .any(|r| r.alive_bitset().is_some()));
        let (_, words) = question(&index);
        for k in [1, 10, 30, 100_000] {
            let (expected, expected_count) = searcher
                .search(&words, &(TopDocs::with_limit(k).order_by_score(), Count))
                .expect("search");
            let (actual, count) = words.top_docs(&searcher, k).expect("top docs");
            assert!(expected_count > 4_096, "{expected_count} matches");
            assert_eq!(count, expected_count, "k = {k}");
            assert_eq!(actual, expected, "k = {k}");
        }
    }
}
