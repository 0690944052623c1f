//! A window of documents: the bits of those that match and of those to
//! score, and their scores summed word by word, each word's the dis-max of
//! its fields.

use tantivy::fastfield::AliveBitSet;
use tantivy::{DocId, Score};

use super::postings::FieldPostings;
use super::scorer::FieldScorer;

/// Documents read ahead per window, as in tantivy's buffered union.
pub(super) const WINDOW: u32 = 4096;
pub(super) const WINDOW_WORDS: usize = WINDOW as usize / 64;

/// One bit per document of a window.
pub(super) type Bits = [u64; WINDOW_WORDS];

pub(super) fn has(bits: &Bits, slot: usize) -> bool {
    bits[slot / 64] & (1 << (slot % 64)) != 0
}

pub(super) fn set(bits: &mut Bits, slot: usize) {
    bits[slot / 64] |= 1 << (slot % 64);
}

/// A word's dis-max from its best field score and the sum of its field
/// scores, in `f64`: the sum of a few `f32` is exact there, so neither the
/// order the fields come in nor a split of them changes the result.
fn word_score(best: Score, sum: f64, tie_breaker: Score) -> f64 {
    f64::from(best) + (sum - f64::from(best)) * f64::from(tie_breaker)
}

/// The documents of one window and their scores so far.
pub(super) struct Window {
    /// Its first document.
    pub(super) start: DocId,
    /// The documents that match.
    pub(super) matched: Box<Bits>,
    /// The matching documents to score: all of them, or those that can
    /// still enter the top.
    pub(super) scored: Box<Bits>,
    /// The next 64-document block of `scored` to read.
    pub(super) block: usize,
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
    pub(super) partial: Vec<(u32, Score, f64)>,
}

impl Window {
    pub(super) fn new() -> Self {
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

    pub(super) fn end(&self) -> DocId {
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
    pub(super) fn add_required(&mut self, fields: &mut [FieldScorer], tie_breaker: Score) {
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
    pub(super) fn add_optional(
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
    pub(super) fn keep_promising(&mut self, rest: f64, threshold: Score) {
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
    pub(super) fn count(&self, alive: Option<&AliveBitSet>) -> usize {
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
    pub(super) fn next(&mut self) -> Option<(DocId, Score)> {
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
