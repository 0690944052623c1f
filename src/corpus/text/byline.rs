//! Bylines: reporters' names before a role word (`홍길동 기자`,
//! `이상욱 충청본부 기자 (x@y.com)`, `홍길동·김철수 기자`), on a line of
//! their own or after the body's last sentence.

use super::lines::at_most_chars;
use super::{MAX_BYLINE_CHARS, MAX_META_CHARS};
use crate::chars::{is_hangul_syllable, SENTENCE_MARKS};
use crate::corpus::names::find_email;

/// Words naming a reporter's role, after the name.
const ROLES: &[&str] = &[
    "기자",
    "특파원",
    "통신원",
    "선임기자",
    "전문기자",
    "객원기자",
    "인턴기자",
    "수습기자",
    "사진기자",
    "영상기자",
    "대기자",
];

/// Words that look like names but are not.
const NOT_NAMES: &[&str] = &[
    "본지",
    "본사",
    "사진",
    "정리",
    "취재",
    "담당",
    "현장",
    "공동",
    "특별",
    "기획",
    "영상",
    "그래픽",
    "편집",
    "입력",
    "수정",
    "승인",
    "등록",
    "발행",
    "오전",
    "오후",
    "뉴스",
    "일보",
    "신문",
    "방송",
    "통신",
    "출입",
    "이번",
    "해당",
    "관련",
    "모든",
    "여러",
    "외신",
    "국내",
    "해외",
    "선임",
    "수석",
    "전문",
    "객원",
    "인턴",
    "수습",
    "디지털",
    "온라인",
];

/// Endings of affiliations (`충청본부`, `사회부`).
const AFFILIATION_ENDINGS: &[&str] = &[
    "본부",
    "지사",
    "지국",
    "총국",
    "센터",
    "데스크",
    "사무소",
    "취재단",
    "취재팀",
    "부",
    "팀",
];

/// A byline: reporters' names, an e-mail address, and how the text around
/// them looked.
#[derive(Debug)]
pub(super) struct Byline<'a> {
    pub(super) names: Vec<String>,
    pub(super) email: Option<String>,
    /// Tokens before the first name.
    pub(super) prefix: Vec<&'a str>,
    /// Nothing but e-mail addresses after the last role word, and nothing
    /// between one reporter's role word and the next reporter's name.
    pub(super) trailing_ok: bool,
}

fn is_byline_separator(c: char) -> bool {
    c.is_whitespace() || "()[]<>{}【】〔〕|/=,·;:•∙".contains(c)
}

/// Reads `홍길동 기자`, `이상욱 충청본부 기자 (x@y.com)`, `홍길동·김철수 기자`,
/// `홍길동 기자·김철수 기자` and the like; `None` without a name before a
/// role word (so a byline has at least one name).
pub(super) fn parse_byline(text: &str) -> Option<Byline<'_>> {
    if !at_most_chars(text, MAX_META_CHARS) {
        return None;
    }
    let tokens: Vec<&str> = text
        .split(is_byline_separator)
        .map(|token| token.trim_end_matches('.'))
        .filter(|token| !token.is_empty())
        .collect();
    let mut names: Vec<String> = Vec::new();
    let mut prefix_len = None;
    let mut contiguous = true;
    let mut covered = 0; // tokens up to the last role word
    for (role_at, &token) in tokens.iter().enumerate() {
        let Some(glued) = role_word(token) else {
            continue;
        };
        let mut group: Vec<&str> = glued.into_iter().collect();
        let mut start = role_at;
        while start > covered {
            let Some(&before) = tokens.get(start - 1) else {
                break;
            };
            if group.is_empty() && is_affiliation(before) {
                start -= 1;
            } else if is_name(before) {
                group.push(before);
                start -= 1;
            } else {
                break;
            }
        }
        if group.is_empty() {
            continue;
        }
        group.reverse();
        let kept = likely_names(&group);
        if prefix_len.is_none() {
            // Name-like words dropped before the first name (a publisher,
            // a place) belong to the prefix.
            let dropped = group
                .iter()
                .position(|name| kept.first() == Some(name))
                .unwrap_or(0);
            prefix_len = Some(start + dropped);
        } else if start != covered {
            contiguous = false;
        }
        covered = role_at + 1;
        for name in kept {
            if !names.iter().any(|known| known == name) {
                names.push(name.to_owned());
            }
        }
    }
    let prefix_len = prefix_len?;
    let trailing = tokens.get(covered..).unwrap_or_default();
    Some(Byline {
        names,
        email: find_email(text).map(|(_, email)| email),
        prefix: tokens.get(..prefix_len).unwrap_or_default().to_vec(),
        trailing_ok: contiguous && trailing.iter().all(|token| token.contains('@')),
    })
}

/// Whether `token` is a role word; with the name glued to it
/// (`홍길동기자`), that name.
fn role_word(token: &str) -> Option<Option<&str>> {
    if ROLES.contains(&token) {
        return Some(None);
    }
    ["기자", "특파원"].iter().find_map(|role| {
        let name = token.strip_suffix(role)?;
        is_name(name).then_some(Some(name))
    })
}

/// Whether `token` can be a Korean personal name.
fn is_name(token: &str) -> bool {
    let syllables = token.chars().count();
    (2..=4).contains(&syllables)
        && token.chars().all(is_hangul_syllable)
        && !NOT_NAMES.contains(&token)
        && !is_affiliation(token)
}

/// Whether `token` is an affiliation, not a name.
fn is_affiliation(token: &str) -> bool {
    token.chars().count() >= 3 && AFFILIATION_ENDINGS.iter().any(|end| token.ends_with(end))
}

/// Of several name-like tokens before one role word, the names: when there
/// are several, the three-syllable ones (most Korean names; the others are
/// then places or desks, as in `홍길동 뉴욕 특파원`).
fn likely_names<'a>(group: &[&'a str]) -> Vec<&'a str> {
    let three: Vec<&str> = group
        .iter()
        .copied()
        .filter(|name| name.chars().count() == 3)
        .collect();
    if group.len() < 2 || three.is_empty() {
        group.to_vec()
    } else {
        three
    }
}

/// A line that is a byline and nothing else (`홍길동 기자 hong@example.com`,
/// `/홍길동 기자`, `[홍길동 기자]`, `서울=홍길동 기자`).
pub(super) fn standalone_byline(line: &str) -> Option<Byline<'_>> {
    if !at_most_chars(line, MAX_BYLINE_CHARS) {
        return None;
    }
    let core = line.trim_matches(|c: char| c.is_whitespace() || "/-—=()[]<>【】".contains(c));
    parse_byline(core).filter(|b| b.trailing_ok && b.prefix.len() <= 2)
}

/// A byline after the last sentence of `line` (`… 말했다. /홍길동 기자`):
/// the line without it, and the byline.
pub(super) fn trailing_byline(line: &str) -> Option<(&str, Byline<'_>)> {
    if let Some(slash) = line.rfind('/') {
        let candidate = line.get(slash + 1..)?;
        if at_most_chars(candidate, MAX_BYLINE_CHARS)
            && let Some(byline) = standalone_byline(candidate)
        {
            return Some((line.get(..slash)?.trim_end(), byline));
        }
    }
    // Spaces after a sentence mark, within the last characters of the line.
    let tail_start = line
        .char_indices()
        .rev()
        .nth(MAX_BYLINE_CHARS)
        .map_or(0, |(at, _)| at);
    let tail = line.get(tail_start..)?;
    let mut previous = None;
    for (at, c) in tail.char_indices() {
        let after_sentence =
            previous.is_some_and(|p: char| SENTENCE_MARKS.contains(&p) || p == '”' || p == '"');
        previous = Some(c);
        if !(c.is_whitespace() && after_sentence) {
            continue;
        }
        let split = tail_start + at;
        if let Some(byline) = line.get(split..).and_then(standalone_byline) {
            return Some((line.get(..split)?.trim_end(), byline));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        let byline = parse_byline("이상욱 충청본부 기자 (sisa410@sisajournal.com)").unwrap();
        assert_eq!(byline.names, ["이상욱"]);
        assert_eq!(byline.email.as_deref(), Some("sisa410@sisajournal.com"));
        assert!(byline.trailing_ok && byline.prefix.is_empty());

        for (text, names) in [
            ("홍길동 기자", &["홍길동"][..]),
            ("홍길동기자", &["홍길동"]),
            ("홍길동·김철수 기자", &["홍길동", "김철수"]),
            ("홍길동, 김철수 기자", &["홍길동", "김철수"]),
            ("홍길동 김철수 기자", &["홍길동", "김철수"]),
            ("홍길동 기자·김철수 기자", &["홍길동", "김철수"]),
            ("홍길동 사회부 기자", &["홍길동"]),
            ("홍길동 선임기자", &["홍길동"]),
            ("홍길동 뉴욕 특파원", &["홍길동"]),
            ("김구 기자", &["김구"]),
            ("글·사진 홍길동 기자", &["홍길동"]),
        ] {
            assert_eq!(parse_byline(text).unwrap().names, names, "{text}");
        }
        assert!(parse_byline("청와대 출입 기자 간담회").is_none_or(|b| !b.trailing_ok));
        assert!(parse_byline("국회 출입 기자단 간담회").is_none_or(|b| !b.trailing_ok));
        assert!(parse_byline("기자회견을 열었다").is_none());
        assert!(parse_byline("본지 기자").is_none());
    }

    #[test]
    fn sign_offs() {
        let (kept, byline) = trailing_byline("그는 이같이 말했다. /홍길동 기자").unwrap();
        assert_eq!(
            (kept, byline.names),
            ("그는 이같이 말했다.", vec!["홍길동".to_owned()])
        );
        let (kept, byline) =
            trailing_byline("그는 “좋다”고 말했다. 홍길동 기자 hong@example.com").unwrap();
        assert_eq!(kept, "그는 “좋다”고 말했다.");
        assert_eq!(byline.email.as_deref(), Some("hong@example.com"));
        assert!(trailing_byline("https://example.com/path 를 참고하라.").is_none());
        assert!(trailing_byline("그는 말했다. 그리고 떠났다.").is_none());
        assert!(standalone_byline("[홍길동 기자]").is_some());
        assert!(standalone_byline("세종=홍길동 기자").is_some());
        assert!(standalone_byline("홍길동 기자가 취재했다.").is_none());
    }
}
