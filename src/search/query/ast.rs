//! The syntax tree of a query: groups of clauses joined by AND, the items
//! of a group joined by OR, and what makes a query a question.

/// Queries of at most this many plain words require them all, unless they
/// end in a question mark; longer ones, and questions, have optional words
/// that rank the matches (BM25), the way Lucene's query parser treats words
/// by default. Measured on the KLUE retrieval set (240 questions, see
/// `docs/relevance.md`): requiring 75% of a question's words left 87
/// questions without any result (MRR@10 0.49); optional words from 4 words
/// on gave 0.70, and also for shorter questions ending in `?` 0.77.
const ALL_REQUIRED_UP_TO: usize = 3;

/// A parsed query: clauses, each required, excluded or optional.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedQuery {
    /// Groups joined by AND; the items of a group are joined by OR.
    pub groups: Vec<Group>,
    /// The query ends in a question mark (`?` or the full-width `？`).
    pub asks: bool,
}

/// Items joined by `OR`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub items: Vec<Item>,
}

/// One clause and whether it is negated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub clause: Clause,
    pub negated: bool,
    pub boost: f32,
}

/// Where a text clause looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextScope {
    Anywhere,
    Title,
    Body,
}

/// Metadata fields matched exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaField {
    Reporter,
    Section,
    Source,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Clause {
    /// Text to analyze; a phrase when `phrase` (words must be adjacent).
    Text {
        scope: TextScope,
        text: String,
        phrase: bool,
    },
    /// An exact metadata value.
    Meta { field: MetaField, value: String },
    /// A range of publication dates, as Unix seconds (start inclusive, end
    /// exclusive).
    Date {
        from: Option<i64>,
        until: Option<i64>,
    },
}

impl ParsedQuery {
    /// Whether the query is a natural-language question: words (quoted
    /// phrases among them, as in `"형제의 나라"라고 칭한 나라는?`) that end in
    /// a question mark, or more than [`ALL_REQUIRED_UP_TO`] plain words.
    pub(super) fn is_question(&self) -> bool {
        (self.asks && self.is_plain(true))
            || (self.is_plain(false) && self.groups.len() > ALL_REQUIRED_UP_TO)
    }

    /// Whether the query is plain words only (no operator or field; phrases
    /// only when allowed).
    fn is_plain(&self, phrases: bool) -> bool {
        self.groups.iter().all(|group| {
            group.items.len() == 1
                && group.items.iter().all(|item| {
                    !item.negated
                        && item.boost == 1.0
                        && matches!(
                            item.clause,
                            Clause::Text {
                                scope: TextScope::Anywhere,
                                phrase,
                                ..
                            } if phrases || !phrase
                        )
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ParsedQuery;

    fn parse(query: &str) -> ParsedQuery {
        ParsedQuery::parse(query).unwrap()
    }

    #[test]
    fn plain_words() {
        assert!(!parse("a OR b").is_plain(true));
        assert!(parse("세종시와 서울시가 맺은 협약은?").is_plain(false));
    }

    #[test]
    fn questions() {
        // A question mark makes even a short query a question.
        assert!(parse("석탄기 다음 시대는?").is_question());
        assert!(parse("마이어의 사인은？").is_question());
        assert!(!parse("석탄기 다음 시대").is_question());
        // So do more than three plain words.
        assert!(parse("경춘선 ITX 청춘 열차 급행").is_question());
        // Quoted phrases may be part of a question, operators may not.
        assert!(parse("한국을 '형제의 나라'라고 칭한 나라는?").is_question());
        assert!(parse("\"형제의 나라\"라고 칭한 나라는?").is_question());
        assert!(!parse("\"형제의 나라\" 칭한 나라 멕시코").is_question());
        assert!(!parse("형제 -나라 칭한 나라는?").is_question());
        assert!(!parse("title:형제 나라는?").is_question());
    }
}
