//! [`WordUnionQuery`], a question's words in one union, and [`FieldQuery`],
//! the query of one field of a word.

use tantivy::query::{Bm25StatisticsProvider, BoostQuery, EnableScoring, Query, Weight};
use tantivy::{DocAddress, Score, Term};

use super::top_scores::TopScores;
use super::weight::WordUnionWeight;

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
    /// with scores added up in the same order. See the [module docs](super).
    pub fn top_docs(
        &self,
        searcher: &tantivy::Searcher,
        statistics: &dyn Bm25StatisticsProvider,
        k: usize,
    ) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
        let weight = self.union_weight(EnableScoring::enabled_from_statistics_provider(
            statistics, searcher,
        ))?;
        let mut top = TopScores::new(k);
        let mut count = 0;
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.union_scorer(reader, 1.0)?;
            count += scorer.collect(&mut top, ord as u32, reader.alive_bitset());
        }
        Ok((top.into_sorted(), count))
    }

    fn union_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<WordUnionWeight> {
        WordUnionWeight::new(&self.words, self.tie_breaker, enable_scoring)
    }
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
