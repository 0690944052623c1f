//! Where a query's terms stand in its hits' bodies, read from the index:
//! each term's positions in a hit from the postings, mapped to byte ranges
//! by the hit's term offsets ([`TermOffsets`]). The passages are then found
//! with no analysis at search time.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::DocAddress;

use super::passages::Occurrence;
use super::proximity::{term_positions, TermPositions};
use crate::analysis::recording::text_hash;
use crate::index::offsets::{StoredToken, TermOffsets};
use crate::Result;

/// The term offsets of the segments a [`Searcher`](super::Searcher) reads,
/// opened once. tantivy's directory keeps no mapping of a file that nobody
/// holds, so opening them at each search mapped the files again and
/// touched their pages anew: a tenth of a question's time on 100,000
/// articles. A segment's offsets never change (deletes leave them), so
/// they are kept by segment for as long as the segment is searched.
#[derive(Default)]
pub(crate) struct OffsetsMemo {
    segments: Mutex<HashMap<SegmentId, Option<TermOffsets>>>,
}

impl OffsetsMemo {
    /// The term offsets of each of `searcher`'s segments, by ordinal.
    pub(crate) fn of(&self, searcher: &tantivy::Searcher) -> Vec<Option<TermOffsets>> {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        let readers = searcher.segment_readers();
        if readers
            .iter()
            .any(|segment| !segments.contains_key(&segment.segment_id()))
        {
            // Another commit: the segments merged away go.
            segments.retain(|id, _| readers.iter().any(|segment| segment.segment_id() == *id));
        }
        readers
            .iter()
            .map(|segment| {
                segments
                    .entry(segment.segment_id())
                    .or_insert_with(|| TermOffsets::open(segment))
                    .clone()
            })
            .collect()
    }
}

/// For each of `docs`, in order, the occurrences of `texts` in its body,
/// from the positions of `texts` in it when they were read already
/// ([`term_positions`]); `None` for a document whose segment has no term
/// offsets in `offsets` (an index made before them; by segment ordinal, as
/// [`OffsetsMemo::of`] gives them) or whose table was not recorded: its
/// passages are found by analysis.
pub(crate) fn locate<'t>(
    searcher: &tantivy::Searcher,
    offsets: &[Option<TermOffsets>],
    body: Field,
    texts: &[&'t str],
    mut docs: Vec<(DocAddress, Option<TermPositions>)>,
) -> Result<Vec<Option<Vec<Occurrence<'t>>>>> {
    let offsets_of = |doc: &DocAddress| {
        offsets
            .get(doc.segment_ord as usize)
            .and_then(Option::as_ref)
    };
    // The positions not read yet, read together.
    let missing: Vec<usize> = (0..docs.len())
        .filter(|&at| docs[at].1.is_none() && offsets_of(&docs[at].0).is_some())
        .collect();
    let addresses: Vec<DocAddress> = missing.iter().map(|&at| docs[at].0).collect();
    for (at, found) in missing
        .into_iter()
        .zip(term_positions(searcher, body, texts, &addresses)?)
    {
        docs[at].1 = Some(found);
    }
    let hashes: Vec<u8> = texts.iter().map(|text| text_hash(text)).collect();
    let mut tokens: Vec<StoredToken> = Vec::new();
    let located = docs
        .into_iter()
        .map(|(doc, positions)| {
            let table = offsets_of(&doc)?.table(doc.doc_id)?;
            let positions = positions?;
            // Positions come in order: the blocks decoded last are kept
            // for the next (none yet for this document).
            tokens.clear();
            let mut decoded = 0..0;
            let mut found = Vec::with_capacity(positions.len());
            for (position, text) in positions {
                let blocks = table.blocks_at(position);
                if blocks != decoded {
                    table.decode(blocks.clone(), &mut tokens)?;
                    decoded = blocks;
                }
                let from = tokens.partition_point(|token| token.position < position);
                let at_position = tokens[from..]
                    .iter()
                    .take_while(|token| token.position == position);
                // The token of that text: the one at its position, or where
                // several share it, the one with its hash byte, and where two
                // share that too, the one as long as the term's text.
                let mut candidates = at_position.filter(|token| token.may_be(hashes[text]));
                let Some(&first) = candidates.next() else {
                    continue;
                };
                let token = std::iter::once(first)
                    .chain(candidates.copied())
                    .find(|token| spells(token, texts[text]))
                    .unwrap_or(first);
                found.push(Occurrence {
                    text: texts[text],
                    position: position as usize,
                    start: token.start as usize,
                    end: token.end as usize,
                });
            }
            Some(found)
        })
        .collect();
    Ok(located)
}

/// Whether `token`'s range is as long as `text`.
fn spells(token: &StoredToken, text: &str) -> bool {
    (token.end - token.start) as usize == text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{test_index_and_articles, WriterOptions};

    #[test]
    fn the_memo_keeps_the_offsets_of_the_segments_searched() {
        let (_dir, index, articles) = test_index_and_articles(6);
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for batch in articles.chunks(3) {
            for article in batch {
                writer.upsert(article).unwrap();
            }
            writer.commit().unwrap();
        }
        drop(writer);
        let reader = index.tantivy().reader().unwrap();
        let memo = OffsetsMemo::default();
        let remembered = |memo: &OffsetsMemo| memo.segments.lock().unwrap().len();
        let searcher = reader.searcher();
        let segments = searcher.segment_readers().len();
        assert!(segments >= 2, "{segments} segments");
        let offsets = memo.of(&searcher);
        assert_eq!(offsets.len(), segments);
        assert!(offsets.iter().all(Option::is_some));
        assert_eq!(remembered(&memo), segments);
        // One segment after the merge: those merged away are forgotten.
        index.force_merge().unwrap();
        reader.reload().unwrap();
        let offsets = memo.of(&reader.searcher());
        assert_eq!(offsets.len(), 1);
        assert!(offsets[0].is_some());
        assert_eq!(remembered(&memo), 1);
    }

    #[test]
    fn occurrences_are_the_analyzer_s_terms_of_the_whole_body() {
        let (_dir, index, articles) = test_index_and_articles(12);
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for article in &articles {
            writer.upsert(article).unwrap();
        }
        writer.commit().unwrap();
        drop(writer);
        let reader = index.tantivy().reader().unwrap();
        let searcher = reader.searcher();
        let fields = index.fields();
        let offsets = OffsetsMemo::default().of(&searcher);
        let mut checked = 0;
        for segment_ord in 0..searcher.segment_readers().len() as u32 {
            let segment = searcher.segment_reader(segment_ord);
            let store = segment.get_store_reader(1).unwrap();
            for doc_id in 0..segment.max_doc() {
                let article = crate::index::read_article(&store, fields, doc_id)
                    .unwrap()
                    .unwrap();
                let terms = index.analyzer().analyze(&article.body);
                // Every fifth distinct term of the body, and one it lacks.
                let mut texts: Vec<&str> = terms.iter().map(|term| term.text.as_str()).collect();
                texts.sort_unstable();
                texts.dedup();
                let mut texts: Vec<&str> = texts.into_iter().step_by(5).collect();
                texts.push("없는낱말");
                let address = DocAddress::new(segment_ord, doc_id);
                let located = locate(
                    &searcher,
                    &offsets,
                    fields.body,
                    &texts,
                    vec![(address, None)],
                )
                .unwrap();
                let mut found: Vec<(String, usize, usize, usize)> = located[0]
                    .as_ref()
                    .expect("term offsets")
                    .iter()
                    .map(|o| (o.text.to_string(), o.position, o.start, o.end))
                    .collect();
                let mut expected: Vec<(String, usize, usize, usize)> = terms
                    .iter()
                    .filter(|term| texts.contains(&term.text.as_str()))
                    .map(|term| (term.text.clone(), term.position, term.start, term.end))
                    .collect();
                found.sort();
                expected.sort();
                // The same term twice at one position is found once.
                expected.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
                assert!(
                    found == expected,
                    "the occurrences in {} differ",
                    article.id
                );
                checked += found.len();
            }
        }
        assert!(checked > 1000, "{checked} occurrences");
    }
}
