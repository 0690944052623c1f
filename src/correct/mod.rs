//! Searching what was meant: a query word typed with the keyboard in the
//! wrong mode, given as initial consonants only, or one or two jamo off,
//! is corrected when the index clearly knows the word meant.
//!
//! Three readings of a plain query word, on the keyboard and jamo model of
//! [`jamo`](crate::jamo):
//!
//! * **keyboard mode**: Latin letters that compose, on the 두벌식 keyboard,
//!   into Hangul syllables (`tpwhdtl` → 세종시), or jamo that are the keys
//!   of a Latin word (ㅑㅔㅙㅜㄷ → iphone), become that word when the index
//!   holds it and not the word as typed (or [`FAR_RARER`] times less);
//! * **initial consonants** (ㅅㅈㅅ): the words of the suggestion dictionary
//!   with those initials, the most common first, at most
//!   [`MAX_EXPANSIONS`], searched as alternatives (`세종시 OR 선정성^0.6`),
//!   each boosted by its share of the first one's documents;
//! * **a jamo typo** (셰종시, 샴성), in a query that found nothing: the
//!   word of the suggestion dictionary the fewest jamo edits away
//!   (`cost.rs`: a vowel people confuse, ㅐ/ㅔ, or a neighbouring key is
//!   half an edit), up to one edit in one syllable in a word of up to three
//!   syllables, two edits in two syllables in a longer one; a particle
//!   after the word stays (셰종시와 → 세종시와).
//!
//! Only plain words are read: quoted phrases, fields (`title:`), negated
//! words, operators, boosts, words with digits or of mixed scripts (K리그,
//! 5km) and words the analyzer reads as nothing (것은) stay as typed, and
//! so does every word of a query that finds results unless the word as
//! typed is in no document.
//!
//! **Never a query that was right**: the corrected query is searched only
//! when something was corrected, and its results replace the original's
//! only when the original found nothing, or [`FAR_FEWER`] times fewer
//! documents with a weaker best match. The results then carry the query
//! searched ([`SearchResults::corrected_query`](crate::search::SearchResults)),
//! and [`SearchOptions::correct`](crate::search::SearchOptions) turns it
//! off. `docs/correction.md` has the whole story and the measurements.

mod cost;
mod vocabulary;

pub use self::cost::CONFUSED_VOWELS;
pub(crate) use self::vocabulary::Vocabulary;
use crate::chars::is_hangul_syllable;
use crate::jamo::compose::compose;
use crate::jamo::layout::{to_english, to_korean};
use crate::jamo::syllable::{is_consonant, is_vowel};
use crate::search::{SearchOptions, SearchResults};
use crate::Result;

/// A word is corrected into one that at least this many times more
/// documents hold (when the word as typed is in any).
pub const FAR_RARER: u64 = 20;

/// Corrected results replace the original's, when the original found any,
/// only if they are this many times as many (and their best is better).
pub const FAR_FEWER: usize = 5;

/// The most words initial consonants are read as.
pub const MAX_EXPANSIONS: usize = 3;

/// An expansion of initial consonants is kept only if at least this share
/// of the documents of the most common one hold it: 세종시 in 80 documents
/// does not bring along a word of one.
const EXPANSION_SHARE: f64 = 0.1;

/// Queries longer than this (in bytes) are searched as typed: a correction
/// reads each word, and a page of text pasted in is no slip.
const MAX_QUERY_BYTES: usize = 1_000;

/// Words of at least this many syllables may have two of them corrected
/// (two jamo edits); shorter ones one (one edit, or two slips in one
/// syllable): in a word of three syllables, two changed ones make another
/// name more often than a typo does (김득황 is two slips from 김국환).
const LONG_WORD_SYLLABLES: usize = 4;

/// Longest word read for a slip, in characters.
const MAX_WORD_CHARS: usize = 24;

/// The quotes that open and close phrases and word groups.
const QUOTES: [char; 6] = ['"', '\'', '‘', '’', '“', '”'];

/// Other characters that make a word query syntax rather than a plain
/// word (a field, a boost, an escape).
const SYNTAX: [char; 3] = [':', '^', '\\'];

/// The better of `results`, found for `query` as typed, and the results
/// of its correction, if any (see the module docs); `search` runs a query
/// as typed.
pub(crate) fn better(
    vocabulary: &Vocabulary<'_>,
    query: &str,
    options: &SearchOptions,
    results: SearchResults,
    search: impl Fn(&str, &SearchOptions) -> Result<SearchResults>,
) -> SearchResults {
    let Some(corrected) = rewrite(vocabulary, query, results.total) else {
        return results;
    };
    if results.total > 0 {
        // Counted first: most corrections of a query that found something
        // find too few to replace it, and the best hit without passage
        // ranking costs less than a page (a question's union counts its
        // matches as it finds the best, where a count alone scores each).
        let count = SearchOptions {
            limit: 1,
            offset: 0,
            facets: Vec::new(),
            passage_ranking: 0,
            ..options.clone()
        };
        // A correction never fails a search that ran as typed.
        let counted = search(&corrected, &count).map_or(0, |counted| counted.total);
        if counted < FAR_FEWER * results.total {
            return results;
        }
    }
    let Ok(found) = search(&corrected, options) else {
        return results;
    };
    if improves(&results, &found) {
        SearchResults {
            corrected_query: Some(corrected),
            ..found
        }
    } else {
        results
    }
}

/// The query to search instead of `query`, when one of its words reads as
/// a slip (see the module docs); `found` is how many documents `query`
/// found as typed.
fn rewrite(vocabulary: &Vocabulary<'_>, query: &str, found: usize) -> Option<String> {
    // Corrected results would need FAR_FEWER times as many documents as
    // there are.
    let possible = (found as u64).saturating_mul(FAR_FEWER as u64) <= vocabulary.total();
    if query.len() > MAX_QUERY_BYTES || !possible {
        return None;
    }
    let mut out = String::with_capacity(query.len() + 16);
    let mut changed = false;
    let mut quoted = false;
    for piece in query.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        let space = &piece[word.len()..];
        // A phrase's words stay as typed, to its closing quote.
        let quotes = word.chars().filter(|c| QUOTES.contains(c)).count();
        let plain = !quoted && quotes == 0;
        quoted ^= quotes % 2 == 1;
        match plain
            .then(|| correct_word(vocabulary, word, found))
            .flatten()
        {
            Some(corrected) => {
                out.push_str(&corrected);
                changed = true;
            }
            None => out.push_str(word),
        }
        out.push_str(space);
    }
    changed.then_some(out)
}

/// Whether the corrected query's results are to be shown instead of the
/// original's: it found something, and the original found nothing or far
/// fewer documents with a weaker best match.
fn improves(original: &SearchResults, corrected: &SearchResults) -> bool {
    if corrected.total == 0 {
        return false;
    }
    if original.total == 0 {
        return true;
    }
    let best = |results: &SearchResults| results.hits.first().map(|hit| hit.score);
    let stronger = match (best(original), best(corrected)) {
        (Some(original), Some(corrected)) => corrected > original,
        // A page past the end, or a count alone: the counts decide.
        _ => true,
    };
    corrected.total >= FAR_FEWER * original.total && stronger
}

/// The correction of one word of the query, if it reads as a slip.
fn correct_word(vocabulary: &Vocabulary<'_>, word: &str, found: usize) -> Option<String> {
    if word.starts_with('-') || word == "OR" || word == "AND" || word.contains(SYNTAX) {
        return None;
    }
    // Punctuation around the word (협약은?) stays.
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() || core.chars().nth(MAX_WORD_CHARS).is_some() {
        return None;
    }
    let at = word.find(core)?;
    let (before, after) = (&word[..at], &word[at + core.len()..]);
    // Decided before the index is asked, which costs an analysis of the
    // word in every context: a word of syllables in a query that found
    // something is far more often a rare word than a typo (and a word
    // looked up near costs a walk of the dictionary).
    let letters = Letters::of(core)?;
    if letters == Letters::Syllables && found > 0 {
        return None;
    }
    // A word the analyzer reads as nothing searches nothing; a word the
    // index holds is read again only when the query found nothing.
    let typed = vocabulary.documents(core)?;
    if typed > 0 && found > 0 {
        return None;
    }
    let corrected = match letters {
        Letters::Latin => korean_typed_in_english(vocabulary, core, typed),
        Letters::Initials => initials(vocabulary, core),
        Letters::Jamo => english_typed_in_korean(vocabulary, core, typed),
        Letters::Syllables => typo(vocabulary, core),
    }?;
    Some(format!("{before}{corrected}{after}"))
}

/// What a word is written in, which decides the slip it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Letters {
    /// Latin letters: Korean typed in English mode?
    Latin,
    /// Consonant jamo: initial consonants.
    Initials,
    /// Jamo, vowels among them: English typed in Korean mode?
    Jamo,
    /// Hangul syllables: a jamo typo?
    Syllables,
}

impl Letters {
    /// The letters of `core`; `None` when they are mixed or others
    /// (digits, Hanja), a word never corrected.
    fn of(core: &str) -> Option<Letters> {
        if core.chars().all(|c| c.is_ascii_alphabetic()) {
            Some(Letters::Latin)
        } else if core.chars().all(is_consonant) {
            Some(Letters::Initials)
        } else if core.chars().all(|c| is_consonant(c) || is_vowel(c)) {
            Some(Letters::Jamo)
        } else if core.chars().all(is_hangul_syllable) {
            Some(Letters::Syllables)
        } else {
            None
        }
    }
}

/// Whether `better`, held by `documents`, stands for a word held by `typed`.
fn far_more(documents: u64, typed: u64) -> bool {
    documents > 0 && documents >= typed.saturating_mul(FAR_RARER)
}

/// `tpwhdtl` → 세종시: Latin letters that compose into Hangul syllables only
/// (most English words leave a vowel alone: `seoul` is ㄴ댜ㅕㅣ), of at
/// least two syllables, held by far more documents.
fn korean_typed_in_english(vocabulary: &Vocabulary<'_>, core: &str, typed: u64) -> Option<String> {
    let korean = compose(&to_korean(core));
    let syllables = korean.chars().count();
    if syllables < 2 || !korean.chars().all(is_hangul_syllable) {
        return None;
    }
    far_more(vocabulary.documents(&korean)?, typed).then_some(korean)
}

/// ㅑㅔㅙㅜㄷ → iphone: jamo that do not compose, whose keys spell a word
/// the index holds.
fn english_typed_in_korean(vocabulary: &Vocabulary<'_>, core: &str, typed: u64) -> Option<String> {
    if compose(core).chars().all(is_hangul_syllable) {
        // Jamo that make syllables are Korean typed in pieces, not English.
        return None;
    }
    let english = to_english(core);
    if english.len() < 2 || !english.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    far_more(vocabulary.documents(&english)?, typed).then_some(english)
}

/// ㅅㅈㅅ → `세종시 OR 선정성^0.6`: the most common words with these initials.
fn initials(vocabulary: &Vocabulary<'_>, core: &str) -> Option<String> {
    if core.chars().count() < 2 {
        return None;
    }
    let mut words: Vec<(String, u64)> = vocabulary.with_initials(core).into_iter().collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let most = words.first()?.1 as f64;
    let alternatives: Vec<String> = words
        .into_iter()
        .take(MAX_EXPANSIONS)
        .filter(|(_, documents)| *documents as f64 >= most * EXPANSION_SHARE)
        .map(|(word, documents)| {
            // 0.5 to 1 by the share of the first's documents, one decimal.
            let boost = (5.0 + 5.0 * documents as f64 / most).round() / 10.0;
            if boost >= 1.0 {
                word
            } else {
                format!("{word}^{boost}")
            }
        })
        .collect();
    Some(alternatives.join(" OR "))
}

/// 셰종시 → 세종시: the nearest word of the suggestion dictionary (see the
/// module docs), the commonest of equally near ones; a particle or ending
/// the word carries (셰종시와) is left on.
fn typo(vocabulary: &Vocabulary<'_>, core: &str) -> Option<String> {
    if let Some(word) = nearest(vocabulary, core, vocabulary.matches(core)) {
        return Some(word);
    }
    // The word without its last syllable or two, which may be a particle.
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    (1..=2)
        .filter(|&cut| chars.len() > cut + 1)
        .find_map(|cut| {
            let (stem, tail) = core.split_at(chars[chars.len() - cut].0);
            nearest(vocabulary, stem, vocabulary.matches(stem)).map(|word| format!("{word}{tail}"))
        })
}

/// The nearest word to `word` within its allowance of edits, held by far
/// more documents than `typed`.
fn nearest(vocabulary: &Vocabulary<'_>, word: &str, typed: u64) -> Option<String> {
    let syllables = word.chars().count();
    if syllables < 2 {
        return None;
    }
    let (changes, most) = if syllables < LONG_WORD_SYLLABLES {
        (1, cost::EDIT)
    } else {
        (2, 2.0 * cost::EDIT)
    };
    vocabulary
        .near(word, changes)
        .into_iter()
        .filter(|(candidate, documents)| candidate != word && far_more(*documents, typed))
        .map(|(candidate, documents)| (cost::distance(word, &candidate), documents, candidate))
        .filter(|&(distance, _, _)| distance <= most)
        .min_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| b.1.cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        })
        .map(|(_, _, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_read_for_the_slip_its_letters_may_be() {
        assert_eq!(Letters::of("tpwhdtl"), Some(Letters::Latin));
        assert_eq!(Letters::of("ㅅㅈㅅ"), Some(Letters::Initials));
        assert_eq!(Letters::of("ㅑㅔㅙㅜㄷ"), Some(Letters::Jamo));
        assert_eq!(Letters::of("셰종시"), Some(Letters::Syllables));
        for mixed in ["K리그", "5km", "세종ㅅ", "世宗"] {
            assert_eq!(Letters::of(mixed), None, "{mixed}");
        }
    }
}
