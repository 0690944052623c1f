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

mod postings;
mod query;
mod scorer;
mod top_scores;
mod weight;
mod window;

pub(crate) use self::query::{FieldQuery, WordUnionQuery};

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, DisjunctionMaxQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, STRING, TEXT};
    use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument};

    use super::{FieldQuery, WordUnionQuery};
    use tantivy::query::Query;
    use tantivy::{Score, Term};

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
            let (actual, count) = words.top_docs(&searcher, &searcher, k).expect("top docs");
            assert!(expected_count > 4_096, "{expected_count} matches");
            assert_eq!(count, expected_count, "k = {k}");
            assert_eq!(actual, expected, "k = {k}");
        }
    }
}
