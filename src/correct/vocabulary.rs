//! What the index knows of a word, read from its term dictionaries at
//! query time: how many documents hold a word, and the words of the
//! suggestion dictionary near a typed one (a syllable or two a jamo edit
//! off, or with these initial consonants).
//!
//! Nothing is loaded or built in memory: each question is a walk of the
//! committed segments' term dictionaries (an FST), bounded by an
//! automaton, so the first search after a commit costs no more than the
//! others (a [`Suggester`](crate::suggest::Suggester) sorts the whole
//! dictionary at its first use of a commit: 3.4 s on 100,000 articles).

use std::cmp::Reverse;
use std::collections::HashMap;

use tantivy::collector::Count;
use tantivy::schema::Field;
use tantivy::Term;
use tantivy_fst::Automaton;

use super::cost;
use crate::analysis::WordContext;
use crate::chars::is_hangul_syllable;
use crate::index::Index;
use crate::jamo::syllable::Syllable;
use crate::search::query::{ParsedQuery, QueryBuilder};
use crate::search::statistics::Statistics;

/// The index and the commit a correction reads.
pub(crate) struct Vocabulary<'a> {
    pub index: &'a Index,
    pub searcher: &'a tantivy::Searcher,
    /// The statistics of that commit, through the searcher's memo.
    pub statistics: Statistics<'a>,
}

impl Vocabulary<'_> {
    /// How many documents hold `word` as the analyzer reads it, in the
    /// place of a text where most do: the dictionary cuts a word by what
    /// lies around it (러셀의 alone is 러셀 + 의 and the whole 러셀의, inside
    /// a sentence 러셀 and a particle), so each place's reading counts, by
    /// the documents that hold its longest term (a compound whole, 세종시,
    /// or a written word the analyzer keeps whole) in the title or the body.
    /// `None` when every place reads it as nothing (an ending, a particle:
    /// 것은, 언제인가), a word no search looks for.
    pub fn documents(&self, word: &str) -> Option<u64> {
        let analyzer = self.index.analyzer();
        let fields = self.index.fields();
        WordContext::ALL
            .into_iter()
            .filter_map(|context| {
                let terms = analyzer.analyze_in(word, context);
                let longest = terms
                    .iter()
                    .min_by_key(|term| (Reverse(term.end - term.start), term.start))?;
                [fields.title, fields.body]
                    .into_iter()
                    .map(|field| {
                        self.searcher
                            .doc_freq(&Term::from_field_text(field, &longest.text))
                            .unwrap_or(0)
                    })
                    .max()
            })
            .max()
    }

    /// How many documents a search of `word` alone finds: what the query
    /// language makes of it (a word the dictionary cuts into unknown
    /// pieces, 겜좌진 as 겜 + 좌, is its pieces at adjacent places), which no
    /// single term's count says.
    pub fn matches(&self, word: &str) -> u64 {
        let Ok(parsed) = ParsedQuery::parse(word) else {
            return u64::MAX;
        };
        let built = QueryBuilder {
            analyzer: self.index.analyzer(),
            fields: self.index.fields(),
            title_boost: 1.0,
            statistics: &self.statistics,
            synonyms: None,
        }
        .build(&parsed);
        built
            .and_then(|built| {
                self.searcher
                    .search(&built.query, &Count)
                    .map_err(|e| crate::Error::Index(e.to_string()))
            })
            // A word that cannot be counted is taken as common: it is left
            // as typed.
            .map_or(u64::MAX, |count| count as u64)
    }

    /// Documents in the commit read.
    pub fn total(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The words of the suggestion dictionary of as many Hangul syllables
    /// as `word`, with at most `changes` of them other syllables, each one
    /// jamo edit from the one typed (see [`cost`](super::cost)), each with
    /// how many documents hold it.
    pub fn near(&self, word: &str, changes: u8) -> HashMap<String, u64> {
        let typed: Vec<char> = word.chars().collect();
        self.syllables(Pattern::Near {
            typed: &typed,
            changes,
        })
    }

    /// The words of the suggestion dictionary made of Hangul syllables
    /// whose initial consonants are `initials` (세종시 for ㅅㅈㅅ), each with
    /// how many documents hold it.
    pub fn with_initials(&self, initials: &str) -> HashMap<String, u64> {
        let initials: Vec<char> = initials.chars().collect();
        self.syllables(Pattern::Initials(&initials))
    }

    /// The words of the suggestion dictionary that `pattern` accepts; none
    /// when the index keeps no suggestions.
    fn syllables(&self, pattern: Pattern<'_>) -> HashMap<String, u64> {
        let Some(field) = self.index.fields().suggest else {
            return HashMap::new();
        };
        self.matching(field, || Syllables { pattern })
    }

    /// The terms of `field` that an automaton accepts, summed over the
    /// segments, with their document frequencies.
    fn matching<A: Automaton<State: Clone>>(
        &self,
        field: Field,
        automaton: impl Fn() -> A,
    ) -> HashMap<String, u64> {
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton()).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(text) = std::str::from_utf8(stream.key()) {
                    *found.entry(text.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        found
    }
}

/// Which words of Hangul syllables a [`Syllables`] automaton accepts.
#[derive(Clone, Copy)]
enum Pattern<'a> {
    /// Those whose syllables have these initial consonants.
    Initials(&'a [char]),
    /// Those of the syllables typed, at most `changes` of them another
    /// syllable one jamo edit away.
    Near { typed: &'a [char], changes: u8 },
}

impl Pattern<'_> {
    /// How many syllables an accepted word has.
    fn len(&self) -> usize {
        match self {
            Pattern::Initials(initials) => initials.len(),
            Pattern::Near { typed, .. } => typed.len(),
        }
    }

    /// The changes made so far once the syllable at `at` is `c`, which
    /// follows `changes` of them; `None` when `c` cannot stand there.
    fn step(&self, at: usize, c: char, changes: u8) -> Option<u8> {
        match *self {
            Pattern::Initials(initials) => {
                (Syllable::of(c)?.initial == initials[at]).then_some(changes)
            }
            Pattern::Near {
                typed,
                changes: most,
            } => {
                if c == typed[at] {
                    Some(changes)
                } else {
                    (changes < most && cost::char_distance(typed[at], c) <= cost::EDIT)
                        .then_some(changes + 1)
                }
            }
        }
    }
}

/// Accepts the words of Hangul syllables that its [`Pattern`] accepts,
/// reading UTF-8 a byte at a time: a syllable is three bytes, and a word
/// is given up at its first syllable that cannot stand where it is.
struct Syllables<'a> {
    pattern: Pattern<'a>,
}

/// How far [`Syllables`] has read: syllables read, changes made, and the
/// character being read (its bits so far and how many bytes it still
/// needs); `None` once the word cannot match.
type SyllablesState = Option<(usize, u8, u32, u8)>;

impl Automaton for Syllables<'_> {
    type State = SyllablesState;

    fn start(&self) -> SyllablesState {
        Some((0, 0, 0, 0))
    }

    fn is_match(&self, state: &SyllablesState) -> bool {
        matches!(state, Some((read, _, _, 0)) if *read == self.pattern.len())
    }

    fn can_match(&self, state: &SyllablesState) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &SyllablesState, byte: u8) -> SyllablesState {
        let (read, changes, bits, needed) = (*state)?;
        if needed == 0 {
            // A syllable starts with 0xEA..=0xED, the lead byte of U+A000..U+DFFF.
            let leads = (0xEA..=0xED).contains(&byte) && read < self.pattern.len();
            return leads.then_some((read, changes, u32::from(byte & 0x0F), 2));
        }
        if byte & 0xC0 != 0x80 {
            return None;
        }
        let bits = bits << 6 | u32::from(byte & 0x3F);
        if needed > 1 {
            return Some((read, changes, bits, needed - 1));
        }
        let c = char::from_u32(bits).filter(|&c| is_hangul_syllable(c))?;
        let changes = self.pattern.step(read, c, changes)?;
        Some((read + 1, changes, 0, 0))
    }
}
