//! Cutting a body into sentences and sub-headings (see the
//! [module docs](super) for the rules).

use std::ops::Range;

use crate::chars::{is_hangul_syllable, CLOSERS, OPENERS, SENTENCE_MARKS, SUBHEADING_MARKERS};

/// Abbreviations after which a period does not end a sentence (compared
/// without regard to ASCII case).
const ABBREVIATIONS: [&str; 16] = [
    "co", "corp", "dr", "fig", "inc", "jr", "ltd", "mr", "mrs", "ms", "no", "prof", "sr", "st",
    "vol", "vs",
];

/// A sentence of the body: its trimmed byte range and its character range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sentence {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Characters of the body before the sentence.
    pub(super) char_start: usize,
    /// Characters of the body up to the end of the sentence.
    pub(super) char_end: usize,
    /// A sub-heading line, which starts a section.
    pub(super) heading: bool,
}

impl Sentence {
    fn new(start: usize, end: usize, heading: bool) -> Self {
        Sentence {
            start,
            end,
            char_start: 0,
            char_end: 0,
            heading,
        }
    }

    pub(super) fn chars(&self) -> usize {
        self.char_end - self.char_start
    }
}

/// Cuts `text` into sentences, none empty, in order; see the [module docs](super).
pub(super) fn split_sentences(text: &str) -> Vec<Sentence> {
    // Room for a sentence every 128 bytes; it grows past that.
    let mut sentences = Vec::with_capacity(text.len() / 128 + 1);
    let mut line_start = 0;
    // The vectorized search of `memchr` is quicker than `str::split`'s.
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for line_end in line_ends {
        let line = &text[line_start..line_end];
        let content = line.trim();
        if !content.is_empty() {
            let start = line_start + (line.len() - line.trim_start().len());
            if content.starts_with(SUBHEADING_MARKERS) {
                sentences.push(Sentence::new(start, start + content.len(), true));
            } else {
                split_line(content, start, &mut sentences);
            }
        }
        line_start = line_end + 1;
    }
    let (mut byte, mut chars) = (0, 0);
    for sentence in &mut sentences {
        chars += text[byte..sentence.start].chars().count();
        sentence.char_start = chars;
        chars += text[sentence.start..sentence.end].chars().count();
        sentence.char_end = chars;
        byte = sentence.end;
    }
    sentences
}

/// Cuts a trimmed, non-empty line found at `offset` into sentences.
fn split_line(line: &str, offset: usize, sentences: &mut Vec<Sentence>) {
    let mut sentence_start = 0;
    // Where the marks not yet taken in with an earlier one start.
    let mut from = 0;
    for (at, mark) in marks(line) {
        if at < from {
            continue;
        }
        let mut end = at + mark.len_utf8();
        let mut single_period = mark == '.';
        for next in line[end..].chars() {
            if SENTENCE_MARKS.contains(&next) {
                single_period = false;
            } else if !CLOSERS.contains(&next) {
                break;
            }
            end += next.len_utf8();
        }
        from = end;
        let at_break = line[end..].chars().next().is_none_or(char::is_whitespace);
        if !at_break || (single_period && !period_ends_sentence(line, sentence_start, at)) {
            continue;
        }
        push_trimmed(line, offset, sentence_start..end, sentences);
        sentence_start = end;
    }
    push_trimmed(line, offset, sentence_start..line.len(), sentences);
}

/// The [`SENTENCE_MARKS`] of `line`, with their offsets, in order.
fn marks(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    // Two vectorized byte searches rather than a look at every character
    // (the whole body is split at every search): one for the ASCII marks,
    // one for the first bytes of the others (`…` and `‥` start with E2,
    // `。` with E3, `？` and `！` with EF), merged.
    let bytes = line.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'.', b'?', b'!', bytes).peekable();
    let mut others = memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes).peekable();
    std::iter::from_fn(move || loop {
        let at = match (ascii.peek(), others.peek()) {
            (Some(ascii_at), Some(other_at)) if other_at < ascii_at => others.next(),
            (Some(_), _) => ascii.next(),
            (None, _) => others.next(),
        }?;
        // Every byte searched for starts a character.
        let c = line[at..].chars().next()?;
        if SENTENCE_MARKS.contains(&c) {
            return Some((at, c));
        }
    })
}

/// Whether the period at byte `dot` of `line`, followed by whitespace, ends
/// the sentence that started at `sentence_start`.
fn period_ends_sentence(line: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &line[sentence_start..dot];
    // The usual Korean sentence end (했다.): a word ending in a syllable is
    // neither a number, an initial nor an abbreviation.
    if before.chars().next_back().is_some_and(is_hangul_syllable) {
        return true;
    }
    let raw_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = raw_word.trim_start_matches(OPENERS);
    if word.is_empty() {
        return true;
    }
    if is_number(word) {
        // `1. 서론` opens a list item; `2023. 4. 10.` is a date.
        let earlier = before[..before.len() - raw_word.len()].trim_end();
        let previous = earlier.rsplit(char::is_whitespace).next().unwrap_or("");
        let after_number = previous.strip_suffix('.').is_some_and(is_number);
        let number_follows = line[dot + 1..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        return !(earlier.is_empty() || after_number || number_follows);
    }
    // An initial, also the last letter of U.S. or e.g.
    let last = word.rsplit('.').next().unwrap_or(word);
    let mut letters = last.chars();
    if matches!((letters.next(), letters.next()), (Some(c), None) if c.is_ascii_alphabetic()) {
        return false;
    }
    !ABBREVIATIONS
        .iter()
        .any(|abbreviation| word.eq_ignore_ascii_case(abbreviation))
}

/// Whether `word` is a non-empty run of ASCII digits.
fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_digit())
}

/// Adds `line[range]`, trimmed, as a sentence unless it is blank.
fn push_trimmed(line: &str, offset: usize, range: Range<usize>, sentences: &mut Vec<Sentence>) {
    let piece = &line[range.clone()];
    let leading = piece.len() - piece.trim_start().len();
    let content = piece[leading..].trim_end();
    if !content.is_empty() {
        let start = offset + range.start + leading;
        sentences.push(Sentence::new(start, start + content.len(), false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|sentence| &text[sentence.start..sentence.end])
            .collect()
    }

    #[test]
    fn korean_sentence_ends() {
        assert_eq!(
            sentences("협약을 맺었다. 협력할 예정이에요. 그렇죠. 왜일까? 좋다! 글쎄… 끝"),
            [
                "협약을 맺었다.",
                "협력할 예정이에요.",
                "그렇죠.",
                "왜일까?",
                "좋다!",
                "글쎄…",
                "끝"
            ]
        );
    }

    #[test]
    fn every_mark_is_searched_for() {
        for mark in SENTENCE_MARKS {
            let line = format!("가{mark} 나");
            assert_eq!(marks(&line).collect::<Vec<_>>(), [(3, mark)], "{mark}");
        }
        let line = "“다.” 《라》 마？！ 바‥ 사。";
        let found: String = marks(line).map(|(_, mark)| mark).collect();
        assert_eq!(found, ".？！‥。");
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_mark() {
        assert_eq!(
            sentences("“감사드린다.” 그는 말했다. ‘좋아요.’ 다음이다.) 끝이다.\" 마지막"),
            [
                "“감사드린다.”",
                "그는 말했다.",
                "‘좋아요.’",
                "다음이다.)",
                "끝이다.\"",
                "마지막"
            ]
        );
        assert_eq!(sentences("정말?! 그래..."), ["정말?!", "그래..."]);
    }

    #[test]
    fn marks_without_whitespace_after_them_do_not_split() {
        assert_eq!(
            sentences("성장률은 3.5%였다. 2023.04.10에 발표했다. 감사드린다”며 말했다."),
            [
                "성장률은 3.5%였다.",
                "2023.04.10에 발표했다.",
                "감사드린다”며 말했다."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers() {
        assert_eq!(
            sentences("U.S. 정부와 J. K. 롤링, Dr. 김이 만났다. 다음 문장이다."),
            ["U.S. 정부와 J. K. 롤링, Dr. 김이 만났다.", "다음 문장이다."]
        );
        assert_eq!(
            sentences("2023. 4. 10. 발표했다. 1. 서론이다."),
            ["2023. 4. 10. 발표했다.", "1. 서론이다."]
        );
        assert_eq!(
            sentences("참가자는 10명이었다. 올해는 2023. 끝."),
            ["참가자는 10명이었다.", "올해는 2023.", "끝."]
        );
    }

    #[test]
    fn lines_paragraphs_and_headings() {
        let text =
            "첫 줄\r\n둘째 줄이다. 셋째\n\n  \n◇ 소제목. 마침표가 있어도 한 문장\n\n본문이다.";
        assert_eq!(
            sentences(text),
            [
                "첫 줄",
                "둘째 줄이다.",
                "셋째",
                "◇ 소제목. 마침표가 있어도 한 문장",
                "본문이다."
            ]
        );
        let headings: Vec<bool> = split_sentences(text).iter().map(|s| s.heading).collect();
        assert_eq!(headings, [false, false, false, true, false]);
        for mark in ["◆", "■", "▶"] {
            let text = format!("앞이다.\n{mark} 제목\n뒤이다.");
            assert!(split_sentences(&text)[1].heading, "{mark}");
        }
    }

    #[test]
    fn character_positions() {
        let text = "가나. 다라\n\nab";
        let split = split_sentences(text);
        let chars: Vec<(usize, usize)> = split.iter().map(|s| (s.char_start, s.char_end)).collect();
        assert_eq!(chars, [(0, 3), (4, 6), (8, 10)]);
    }

    #[test]
    fn blank_and_odd_input() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\t\r\n\u{3000}").is_empty());
        assert_eq!(sentences(". ! ?"), [".", "!", "?"]);
        assert_eq!(sentences("😀. 😀"), ["😀.", "😀"]);
        assert_eq!(sentences("\u{0}\u{7}. x"), ["\u{0}\u{7}.", "x"]);
    }
}
