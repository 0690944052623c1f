//! What the index knows of a word, read from its term dictionaries at
//! query time: how many documents hold a word, and the words of the
//! suggestion dictionary near a typed one (within a few syllable edits, or
//! with these initial consonants).
//!
//! Nothing is loaded or built in memory: each question is a walk of the
//! committed segments' term dictionaries (an FST), bounded by an
//! automaton, so the first search after a commit costs no more than the
//! others (a [`Suggester`](crate::suggest::Suggester) sorts the whole
//! dictionary at its first use of a commit: 3.4 s on 100,000 articles).

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::Term;
use tantivy_fst::Automaton;

use crate::chars::is_hangul_syllable;
use crate::index::Index;
use crate::jamo::syllable::Syllable;

/// The index and the commit a correction reads.
pub(crate) struct Vocabulary<'a> {
    pub index: &'a Index,
    pub searcher: &'a tantivy::Searcher,
}

impl Vocabulary<'_> {
    /// How many documents hold `word` as the analyzer reads it: those that
    /// hold its longest term (a compound whole, 세종시, or the written word
    /// the analyzer keeps whole) in the title or the body; 0 for a word the
    /// analyzer reads as nothing.
    pub fn documents(&self, word: &str) -> u64 {
        let terms = self.index.analyzer().analyze(word);
        let Some(longest) = terms
            .iter()
            .min_by_key(|term| (std::cmp::Reverse(term.end - term.start), term.start))
        else {
            return 0;
        };
        let fields = self.index.fields();
        [fields.title, fields.body]
            .into_iter()
            .map(|field| {
                self.searcher
                    .doc_freq(&Term::from_field_text(field, &longest.text))
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    }

    /// The words of the suggestion dictionary within `edits` syllable
    /// edits of `word` (a swap of two is one), each with how many documents
    /// hold it. None when the index keeps no suggestions.
    pub fn near(&self, word: &str, edits: u8) -> HashMap<String, u64> {
        let Some(field) = self.index.fields().suggest else {
            return HashMap::new();
        };
        let query = FuzzyTermQuery::new(Term::from_field_text(field, word), edits, true);
        self.matching(field, || query.automaton().ok())
    }

    /// The words of the suggestion dictionary made of Hangul syllables
    /// whose initial consonants are `initials` (세종시 for ㅅㅈㅅ), each with
    /// how many documents hold it.
    pub fn with_initials(&self, initials: &str) -> HashMap<String, u64> {
        let Some(field) = self.index.fields().suggest else {
            return HashMap::new();
        };
        let initials: Vec<char> = initials.chars().collect();
        self.matching(field, || {
            Some(Initials {
                initials: &initials,
            })
        })
    }

    /// The terms of `field` that an automaton accepts, summed over the
    /// segments, with their document frequencies.
    fn matching<A: Automaton<State: Clone>>(
        &self,
        field: Field,
        automaton: impl Fn() -> Option<A>,
    ) -> HashMap<String, u64> {
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let (Ok(inverted), Some(automaton)) = (segment.inverted_index(field), automaton())
            else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
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

/// Accepts the words of Hangul syllables whose initial consonants are
/// `initials`, reading UTF-8 a byte at a time: a syllable is three bytes.
struct Initials<'a> {
    initials: &'a [char],
}

/// How far [`Initials`] has read: syllables matched, and the character
/// being read (its bits so far and how many bytes it still needs); `None`
/// once the word cannot match.
type InitialsState = Option<(usize, u32, u8)>;

impl Automaton for Initials<'_> {
    type State = InitialsState;

    fn start(&self) -> InitialsState {
        Some((0, 0, 0))
    }

    fn is_match(&self, state: &InitialsState) -> bool {
        matches!(state, Some((matched, _, 0)) if *matched == self.initials.len())
    }

    fn can_match(&self, state: &InitialsState) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &InitialsState, byte: u8) -> InitialsState {
        let (matched, bits, needed) = (*state)?;
        if needed == 0 {
            // A syllable starts with 0xEA..=0xED, the lead byte of U+A000..U+DFFF.
            let leads = (0xEA..=0xED).contains(&byte) && matched < self.initials.len();
            return leads.then_some((matched, u32::from(byte & 0x0F), 2));
        }
        if byte & 0xC0 != 0x80 {
            return None;
        }
        let bits = bits << 6 | u32::from(byte & 0x3F);
        if needed > 1 {
            return Some((matched, bits, needed - 1));
        }
        let c = char::from_u32(bits).filter(|&c| is_hangul_syllable(c))?;
        let initial = Syllable::of(c)?.initial;
        (initial == self.initials[matched]).then_some((matched + 1, 0, 0))
    }
}
