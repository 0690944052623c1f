//! [`Searcher`]: runs queries on one index, from parsing to passages, and
//! reads stored articles; it sees each commit shortly after it happens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::{Directory, WatchCallback, WatchHandle};
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Score, Term};

use super::facets::{self, FacetCollector};
use super::located::{self, OffsetsMemo};
use super::passage_ranking::{rank_by_passage, Candidate};
use super::passages::{PassageCache, DEFAULT_PASSAGE_CACHE_BYTES};
use super::proximity;
use super::query::{self, ParsedQuery, QueryBuilder};
use super::query_term::idf;
use super::statistics::{FrequencyMemo, Statistics};
use super::stored::StoredArticles;
use super::word_union::WordUnionQuery;
use super::{
    Hit, Passage, PassageFinder, QueryTerm, SearchOptions, SearchResults, SortOrder,
    UnreadableDocument,
};
use crate::document::{Article, KST};
use crate::index::Index;
use crate::{Error, Result};

/// Searches one index; cheap to clone and shareable across threads. It sees
/// each commit shortly after it happens.
#[derive(Clone)]
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    /// Held while the reader reloads: see [`Searcher::new`].
    reloading: Arc<Mutex<()>>,
    /// Keeps the reload on commit subscribed while a clone lives.
    _on_commit: Arc<WatchHandle>,
    /// What passages analyzed, for the searches after: shared by clones.
    passage_cache: Arc<PassageCache>,
    /// The document frequencies searches read, for the searches after.
    frequencies: Arc<FrequencyMemo>,
    /// The segments' term offsets, opened once.
    offsets: Arc<OffsetsMemo>,
}

impl Searcher {
    /// A searcher of `index`.
    pub fn new(index: &Index) -> Result<Searcher> {
        let index_error = |e: tantivy::TantivyError| Error::Index(e.to_string());
        let reader: IndexReader = index
            .tantivy()
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        // tantivy's own reload on commit runs on a watcher thread, in no
        // order with `reload`: a reload that read an older commit could be
        // stored after one that read the newer, and the searches after
        // `reload` see the older (the one explanation found for a stale
        // read the fuzz target `index_round_trip` met twice). Here both
        // take one lock, so the last reload stored read the latest commit.
        let reloading = Arc::new(Mutex::new(()));
        let on_commit = {
            let (reader, reloading) = (reader.clone(), reloading.clone());
            index
                .tantivy()
                .directory()
                .watch(WatchCallback::new(move || {
                    // A commit that cannot be read now is read at the next.
                    let _ = reload(&reader, &reloading);
                }))
                .map_err(index_error)?
        };
        Ok(Searcher {
            index: index.clone(),
            reader,
            reloading,
            _on_commit: Arc::new(on_commit),
            passage_cache: Arc::new(PassageCache::new(DEFAULT_PASSAGE_CACHE_BYTES)),
            frequencies: Arc::default(),
            offsets: Arc::default(),
        })
    }

    /// This searcher with a cache of `bytes` for what passages analyze
    /// ([`DEFAULT_PASSAGE_CACHE_BYTES`] by default; 0: none), shared by its
    /// clones. Searches that analyze words an earlier search analyzed (the
    /// same question again, the next page, another question on the same
    /// articles) reuse that analysis; passages and highlights are the same
    /// with and without it.
    pub fn with_passage_cache(mut self, bytes: usize) -> Searcher {
        self.passage_cache = Arc::new(PassageCache::new(bytes));
        self
    }

    /// Makes the last commit visible now rather than shortly.
    pub fn reload(&self) -> Result<()> {
        reload(&self.reader, &self.reloading).map_err(|e| Error::Index(e.to_string()))
    }

    /// Documents in the last commit seen.
    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The stored article with this id, in the last commit seen; `None`
    /// when there is none.
    pub fn document(&self, id: &str) -> Result<Option<Article>> {
        let searcher = self.reader.searcher();
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.index.fields().id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let found = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| Error::Index(e.to_string()))?;
        let Some(&(_, address)) = found.first() else {
            return Ok(None);
        };
        match self.article(
            &mut StoredArticles::new(&searcher, self.index.fields()),
            address,
        )? {
            Ok(article) => Ok(Some(article)),
            Err(unreadable) => Err(Error::DocumentUnreadable {
                id: unreadable.id,
                detail: unreadable.reason,
            }),
        }
    }

    /// The ids of the documents in the last commit seen, in index order.
    pub(crate) fn ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(usize::try_from(searcher.num_docs()).unwrap_or(0));
        for segment in searcher.segment_readers() {
            let live = crate::index::live_ids(segment).map_err(|e| Error::Index(e.to_string()))?;
            ids.extend(live.into_iter().map(|(_, id)| id));
        }
        Ok(ids)
    }

    /// The index searched.
    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    /// The analyzer of the index searched: the one to read
    /// [`Synonyms`](super::Synonyms) with.
    pub fn analyzer(&self) -> &crate::analysis::Analyzer {
        self.index.analyzer()
    }

    /// Whether the document `id` matches `query` with default options, and
    /// the terms the query looks for (as `BuiltQuery::units`): a check that
    /// does not depend on how the document ranks.
    pub(crate) fn matches(&self, query: &str, id: &str) -> Result<(bool, Vec<Vec<String>>)> {
        let searcher = self.reader.searcher();
        let statistics = self.frequencies.of(&searcher);
        let built = self.build(query, &SearchOptions::default(), &statistics)?;
        let this_document = tantivy::query::TermQuery::new(
            Term::from_field_text(self.index.fields().id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let both =
            tantivy::query::BooleanQuery::intersection(vec![built.query, Box::new(this_document)]);
        let count = searcher
            .search(&both, &Count)
            .map_err(|e| Error::Index(e.to_string()))?;
        Ok((count > 0, built.units))
    }

    /// Parses `query` and builds its tantivy query for this index.
    fn build(
        &self,
        query: &str,
        options: &SearchOptions,
        statistics: &Statistics<'_>,
    ) -> Result<query::BuiltQuery> {
        let parsed = ParsedQuery::parse(query)?;
        QueryBuilder {
            analyzer: self.index.analyzer(),
            fields: self.index.fields(),
            title_boost: query::boost(options.title_boost),
            statistics,
            synonyms: options.synonyms.as_deref(),
        }
        .build(&parsed)
    }

    /// Runs `query`; when [`SearchOptions::correct`] allows and a word of it
    /// reads as a slip, runs the corrected query too and answers with the
    /// better ([`crate::correct`]).
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let results = self.search_as_typed(query, options)?;
        if !options.correct {
            return Ok(results);
        }
        let searcher = self.reader.searcher();
        let vocabulary = crate::correct::Vocabulary {
            index: &self.index,
            searcher: &searcher,
            statistics: self.frequencies.of(&searcher),
        };
        Ok(crate::correct::better(
            &vocabulary,
            query,
            options,
            results,
            |query, options| self.search_as_typed(query, options),
        ))
    }

    /// Runs `query` as typed.
    fn search_as_typed(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let fields = self.index.fields();
        let searcher = self.reader.searcher();
        let statistics = self.frequencies.of(&searcher);
        let built = self.build(query, options, &statistics)?;
        let tantivy_error = |e: tantivy::TantivyError| Error::Index(e.to_string());

        // No page holds more than the index's documents: a larger limit,
        // offset or re-ranking depth asks for nothing more, and must not
        // size a buffer.
        let documents = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let limit = options.limit.min(documents);
        let offset = options.offset.min(documents);
        let depth = options.passage_ranking.min(documents);
        let passage_ranking = depth > 0 && options.sort == SortOrder::Relevance;
        let (top_size, top_offset) = if passage_ranking {
            ((offset + limit).max(depth), 0)
        } else {
            (limit, offset)
        };
        // Without facets asked for, no collector visits every match for them.
        let facet_collector = (!options.facets.is_empty()).then(|| FacetCollector {
            facets: options.facets.clone(),
        });
        if limit == 0 {
            // The count and the facets only, like Elasticsearch's `size=0`.
            let (total, facet_counts) = searcher
                .search_with_statistics_provider(
                    &built.query,
                    &(Count, facet_collector),
                    &statistics,
                )
                .map_err(tantivy_error)?;
            return Ok(SearchResults {
                total,
                hits: Vec::new(),
                facets: facets::finish(facet_counts.unwrap_or_default(), options.facet_limit),
                unreadable: Vec::new(),
                corrected_query: None,
            });
        }
        let top = TopDocs::with_limit(top_size).and_offset(top_offset);
        let half_life = options.recency_half_life_days;
        let by_date = options.sort == SortOrder::Date;
        let (ranked, total, facet_counts): (Vec<(Score, DocAddress)>, _, _) =
            if by_date || half_life.is_some() {
                // A tweaked score: (date key, score) sorts by date then score;
                // the date key is constant when sorting by relevance.
                let ranked = top.tweak_score(move |segment: &tantivy::SegmentReader| {
                    let dates = segment.fast_fields().date("published_at").ok();
                    let now = chrono::Utc::now().timestamp();
                    move |doc: tantivy::DocId, score: Score| {
                        let published = dates
                            .as_ref()
                            .and_then(|dates| dates.first(doc))
                            .map(|date| date.into_timestamp_secs());
                        let score = match (half_life, published) {
                            (Some(days), Some(published)) => {
                                let age_days = (now - published).max(0) as f64 / 86_400.0;
                                score * (0.5 + 0.5 * 0.5f64.powf(age_days / days.max(1e-3))) as f32
                            }
                            (Some(_), None) => score * 0.5,
                            _ => score,
                        };
                        let date_key = if by_date {
                            published.unwrap_or(i64::MIN)
                        } else {
                            0
                        };
                        (date_key, score)
                    }
                });
                let (ranked, total, facet_counts) = searcher
                    .search_with_statistics_provider(
                        &built.query,
                        &(ranked, Count, facet_collector),
                        &statistics,
                    )
                    .map_err(tantivy_error)?;
                let ranked = ranked
                    .into_iter()
                    .map(|((_, score), address)| (score, address))
                    .collect();
                (ranked, total, facet_counts)
            } else if let (Some(words), None) = (
                built.query.as_ref().downcast_ref::<WordUnionQuery>(),
                &facet_collector,
            ) {
                // A question: its union finds the best documents without
                // scoring every match, and still counts them all.
                let (mut ranked, total) = words
                    .top_docs(&searcher, &statistics, top_offset + top_size)
                    .map_err(tantivy_error)?;
                ranked.drain(..top_offset.min(ranked.len()));
                (ranked, total, None)
            } else {
                // Plain BM25 order, without a date lookup per match.
                searcher
                    .search_with_statistics_provider(
                        &built.query,
                        &(top.order_by_score(), Count, facet_collector),
                        &statistics,
                    )
                    .map_err(tantivy_error)?
            };

        let weights = self.term_weights(&statistics, &built.units, &built.synonym_units);
        let mut finder = PassageFinder::with_cache(
            self.index.analyzer(),
            &weights,
            &options.passages,
            &self.passage_cache,
        );
        let (texts, text_weights) = proximity::weighted_texts(&weights);
        // The positions of the query's texts in the bodies of the hits
        // re-ranked, which finding their passages reads again.
        let mut positions: HashMap<DocAddress, proximity::TermPositions> = HashMap::new();
        let mut chosen: Vec<(DocAddress, Score)> = Vec::with_capacity(ranked.len());
        if passage_ranking {
            // The first `passage_ranking` hits are re-ordered by their best
            // passage, scored on the index's positions; the rest keep their
            // place.
            let mut candidates: Vec<Candidate> = ranked
                .into_iter()
                .map(|(score, address)| Candidate {
                    address,
                    score,
                    passage: 0.0,
                })
                .collect();
            let reordered = depth.min(candidates.len());
            let addresses: Vec<DocAddress> =
                candidates[..reordered].iter().map(|c| c.address).collect();
            let found = proximity::term_positions(&searcher, fields.body, &texts, &addresses)?;
            for (candidate, found) in candidates.iter_mut().zip(found) {
                candidate.passage = proximity::best_window_score(&found, &text_weights);
                positions.insert(candidate.address, found);
            }
            rank_by_passage(&mut candidates[..reordered]);
            chosen.extend(
                candidates
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|candidate| (candidate.address, candidate.score)),
            );
        } else {
            chosen.extend(ranked.into_iter().map(|(score, address)| (address, score)));
        }
        // Where the terms stand in each hit, from the index's term offsets
        // when it has them.
        let located = if options.passages.max_passages > 0 {
            let hits: Vec<(DocAddress, Option<proximity::TermPositions>)> = chosen
                .iter()
                .map(|(address, _)| (*address, positions.remove(address)))
                .collect();
            let offsets = self.offsets.of(&searcher);
            located::locate(&searcher, &offsets, fields.body, &texts, hits)?
        } else {
            vec![None; chosen.len()]
        };
        let mut hits = Vec::with_capacity(chosen.len());
        let mut unreadable = Vec::new();
        let mut stored = StoredArticles::new(&searcher, fields);
        for ((address, score), occurrences) in chosen.into_iter().zip(located) {
            match self.article(&mut stored, address)? {
                Ok(article) => {
                    let passages = match occurrences {
                        Some(occurrences) => {
                            finder.best_passages_located(&article.body, &occurrences)
                        }
                        None => finder.best_passages(&article.body),
                    };
                    hits.push(hit(article, score, passages));
                }
                Err(document) => unreadable.push(document),
            }
        }
        Ok(SearchResults {
            total,
            hits,
            facets: facets::finish(facet_counts.unwrap_or_default(), options.facet_limit),
            unreadable,
            corrected_query: None,
        })
    }

    /// Query terms with idf weights, for passage ranking; the terms of a
    /// phrase count only together, and those of a synonym for the share of
    /// their weight that the query gives them.
    fn term_weights(
        &self,
        statistics: &Statistics<'_>,
        units: &[Vec<String>],
        synonym_units: &[(Vec<String>, f32)],
    ) -> Vec<QueryTerm> {
        let body = self.index.fields().body;
        let mut terms = Vec::new();
        for unit in units {
            let share = synonym_units
                .iter()
                .find(|(synonym, _)| synonym == unit)
                .map_or(1.0, |&(_, share)| share);
            let weight = |text: &str| (idf(statistics, body, text) * share).max(0.01);
            match unit.as_slice() {
                [text] => terms.push(QueryTerm::new(text.clone(), weight(text))),
                _ => terms
                    .extend(unit.iter().map(|text| {
                        QueryTerm::in_phrase(text.clone(), weight(text), unit.clone())
                    })),
            }
        }
        terms
    }

    /// The stored article of a document, or why it cannot be read. A
    /// document store that cannot be read at all is a damaged index.
    fn article(
        &self,
        stored: &mut StoredArticles<'_>,
        address: DocAddress,
    ) -> Result<std::result::Result<Article, UnreadableDocument>> {
        stored.article(address).map_err(|e| Error::IndexCorrupt {
            dir: self.index.dir().to_path_buf(),
            detail: format!("the stored documents of a segment cannot be read: {e}"),
        })
    }
}

/// Reloads `reader` holding `reloading`.
fn reload(reader: &IndexReader, reloading: &Mutex<()>) -> tantivy::Result<()> {
    let _reloading = reloading.lock().unwrap_or_else(PoisonError::into_inner);
    reader.reload()
}

/// A result from its article, score and passages.
fn hit(article: Article, score: Score, passages: Vec<Passage>) -> Hit {
    Hit {
        id: article.id,
        title: article.title,
        score,
        published_at: article.published_at.map(|date| date.with_timezone(&KST)),
        reporters: article.reporters,
        section: article.section,
        source: article.source,
        url: article.url,
        passages,
        body: article.body,
    }
}
