//! The postings of a word union's fields in a segment: a term's, read and
//! scored a block at a time; any other query's, through its tantivy scorer;
//! and the sum of a union's parts, a window at a time.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25Weight, Scorer};
use tantivy::{DocId, DocSet, Score, TERMINATED};

use super::window::{has, set, Bits, WINDOW, WINDOW_WORDS};

/// Documents per block of tantivy's postings (its bit-packing width).
const POSTINGS_BLOCK: usize = 128;

/// The postings of a term in a segment, scored with BM25 a block at a time.
pub(super) struct TermPostings {
    block: BlockSegmentPostings,
    /// The current document's index in the block.
    cursor: usize,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
}

impl TermPostings {
    /// The postings of `block`, before its first document, scored with
    /// `bm25` on `fieldnorms`.
    pub(super) fn new(
        block: BlockSegmentPostings,
        fieldnorms: FieldNormReader,
        bm25: Bm25Weight,
    ) -> Self {
        TermPostings {
            block,
            cursor: 0,
            fieldnorms,
            bm25,
        }
    }

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
            let from = self.cursor.min(docs.len());
            let rest = &docs[from..];
            // Sorted: the documents before `end` come first, and usually a
            // whole block is before it.
            let before = match rest.last() {
                Some(&last) if last < end => rest.len(),
                _ => rest.partition_point(|&doc| doc < end),
            };
            for (at, &doc) in (from..).zip(&rest[..before]) {
                if want(doc) {
                    let fieldnorm = self.fieldnorms.fieldnorm_id(doc);
                    // `freq`, not `freqs()`: without frequencies in the
                    // index, that is empty and this is 1.
                    let freq = self.block.freq(at);
                    add(doc, self.bm25.score(fieldnorm, freq));
                }
            }
            self.cursor = from + before;
            // Only a full block has a next one.
            if before < rest.len() || docs.len() < POSTINGS_BLOCK {
                return;
            }
            self.block.advance();
            self.cursor = 0;
        }
    }
}

/// The postings of a field of a word, or of a part of one, in a segment.
pub(super) enum PartPostings {
    /// Boxed: its block buffers are a kilobyte and more.
    Term(Box<TermPostings>),
    Other(Box<dyn Scorer>),
}

impl PartPostings {
    pub(super) fn doc(&self) -> DocId {
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
pub(super) struct SumPostings {
    /// The parts with documents left.
    parts: Vec<PartPostings>,
    /// The window's sums, by slot.
    scores: Box<[Score; WINDOW as usize]>,
    /// The slots with a sum.
    seen: Box<Bits>,
    slots: Vec<u32>,
}

impl SumPostings {
    /// The sum of `parts`, each with documents left.
    pub(super) fn new(parts: Vec<PartPostings>) -> Self {
        SumPostings {
            parts,
            scores: Box::new([0.0; WINDOW as usize]),
            seen: Box::new([0; WINDOW_WORDS]),
            slots: Vec::new(),
        }
    }

    /// [`TermPostings::scan`] for the union: each part is read up to `end`,
    /// and a document's scores are added in the order of the parts, as
    /// tantivy's union adds them.
    pub(super) fn scan(
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
pub(super) enum FieldPostings {
    Part(PartPostings),
    Sum(Box<SumPostings>),
}

impl FieldPostings {
    pub(super) fn doc(&self) -> DocId {
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

    pub(super) fn size_hint(&self) -> u32 {
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
    pub(super) fn scan(
        &mut self,
        end: DocId,
        want: impl FnMut(DocId) -> bool,
        add: impl FnMut(DocId, Score),
    ) {
        match self {
            FieldPostings::Part(part) => part.scan(end, want, add),
            FieldPostings::Sum(sum) => sum.scan(end, want, add),
        }
    }
}
