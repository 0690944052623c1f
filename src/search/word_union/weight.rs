//! The weights of a word union: per word, each field's weight (a term read
//! block by block here, or any other query through tantivy) and an upper
//! bound on its scores.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::postings::{FieldPostings, PartPostings, SumPostings, TermPostings};
use super::query::FieldQuery;
use super::scorer::{FieldScorer, WordUnionScorer};

/// A margin on score bounds, against rounding: a bound is a sum of floats.
const BOUND_MARGIN: Score = 1.001;

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
                // As tantivy's term scorer: a field without norms scores
                // every document as one token long.
                let fieldnorms = reader
                    .fieldnorms_readers()
                    .get_field(field)?
                    .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
                PartPostings::Term(Box::new(TermPostings::new(
                    block,
                    fieldnorms,
                    bm25.boost_by(boost),
                )))
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
                Ok((!postings.is_empty())
                    .then(|| FieldPostings::Sum(Box::new(SumPostings::new(postings)))))
            }
        }
    }
}

struct WordWeight {
    /// Each field's weight, boost and score bound.
    fields: Vec<(FieldWeight, Score, Score)>,
}

pub(super) struct WordUnionWeight {
    words: Vec<WordWeight>,
    tie_breaker: Score,
}

impl WordUnionWeight {
    /// The weight of `words`, each given as the queries of its fields, and a
    /// word scoring its best field's score plus `tie_breaker` times the
    /// others'.
    pub(super) fn new(
        words: &[Vec<FieldQuery>],
        tie_breaker: Score,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<Self> {
        let words = words
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
        Ok(WordUnionWeight { words, tie_breaker })
    }

    /// The scorer of a segment, before its first document.
    pub(super) fn union_scorer(
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
