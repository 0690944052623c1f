//! Datelines opening the body: `[서울=뉴시스] 홍길동 기자 =`,
//! `(서울=연합뉴스) 홍길동 특파원 =`, `[이데일리 홍길동 기자]`: the place,
//! the agency and the reporters they name.

use super::byline::parse_byline;
use super::lines::at_most_chars;

/// Words that, before `=` in brackets, are not a place (`[사진=세종시]`).
const NOT_PLACES: &[&str] = &[
    "사진",
    "그래픽",
    "자료",
    "영상",
    "출처",
    "표",
    "제공",
    "편집자주",
    "편집자 주",
    "글",
    "도움말",
    "정리",
    "글·사진",
    "사진제공",
    "캡처",
    "일러스트",
];

/// A dateline at the start of a paragraph, and what it says.
#[derive(Debug)]
pub(super) struct Dateline<'a> {
    /// The paragraph without it.
    pub(super) rest: &'a str,
    pub(super) source: Option<String>,
    pub(super) reporters: Vec<String>,
    pub(super) email: Option<String>,
}

/// Reads `[서울=뉴시스] 홍길동 기자 = …`, `(서울=연합뉴스) 홍길동 특파원 = …`,
/// `[서울=뉴시스] …`, `[헤럴드경제=홍길동 기자] …` and
/// `[이데일리 홍길동 기자] …`.
pub(super) fn parse_dateline(line: &str) -> Option<Dateline<'_>> {
    let open = line.chars().next()?;
    let close = match open {
        '[' => ']',
        '(' => ')',
        '【' => '】',
        '〔' => '〕',
        _ => return None,
    };
    let (close_at, _) = line.char_indices().take(48).find(|&(_, c)| c == close)?;
    let inner = line.get(open.len_utf8()..close_at)?.trim();
    let rest = line.get(close_at + close.len_utf8()..)?.trim_start();
    let Some((place, agency)) = inner.split_once('=') else {
        // [이데일리 홍길동 기자]: a publisher, then the reporters.
        let byline = parse_byline(inner).filter(|b| b.trailing_ok && b.prefix.len() <= 2)?;
        return Some(Dateline {
            rest,
            source: (!byline.prefix.is_empty()).then(|| byline.prefix.join(" ")),
            reporters: byline.names,
            email: byline.email,
        });
    };
    let (place, agency) = (place.trim(), agency.trim());
    if place.is_empty() || agency.is_empty() || NOT_PLACES.contains(&place) {
        return None;
    }
    if let Some(byline) = parse_byline(agency) {
        // [헤럴드경제=홍길동 기자]: the part before `=` may be a place or a
        // publisher; record the reporters only.
        if !(byline.trailing_ok && byline.prefix.is_empty()) {
            return None;
        }
        return Some(Dateline {
            rest,
            source: None,
            reporters: byline.names,
            email: byline.email,
        });
    }
    // [서울=뉴시스], then `홍길동 기자 =` or the text.
    if agency.split_whitespace().count() > 2 || !at_most_chars(agency, 20) {
        return None;
    }
    let mut dateline = Dateline {
        rest,
        source: Some(agency.to_owned()),
        reporters: Vec::new(),
        email: None,
    };
    if let Some((at, _)) = rest.char_indices().take(40).find(|&(_, c)| c == '=') {
        let byline = rest
            .get(..at)
            .and_then(parse_byline)
            .filter(|b| b.trailing_ok && b.prefix.is_empty());
        if let Some(byline) = byline {
            dateline.rest = rest.get(at + 1..).unwrap_or_default().trim_start();
            dateline.reporters = byline.names;
            dateline.email = byline.email;
        }
    }
    Some(dateline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let dateline = parse_dateline("[서울=뉴시스] 홍길동 기자 = 본문이다.").unwrap();
        assert_eq!(dateline.rest, "본문이다.");
        assert_eq!(dateline.source.as_deref(), Some("뉴시스"));
        assert_eq!(dateline.reporters, ["홍길동"]);

        let dateline = parse_dateline("(워싱턴=연합뉴스) 김철수 특파원 = 미국은").unwrap();
        assert_eq!(
            (dateline.rest, dateline.reporters),
            ("미국은", vec!["김철수".to_owned()])
        );
        assert_eq!(dateline.source.as_deref(), Some("연합뉴스"));

        let dateline = parse_dateline("[서울=뉴스1]홍길동 김철수 기자= 본문").unwrap();
        assert_eq!(dateline.reporters, ["홍길동", "김철수"]);
        assert_eq!(dateline.rest, "본문");

        let dateline = parse_dateline("[서울=뉴시스] 사진은 본문이다.").unwrap();
        assert!(dateline.reporters.is_empty());
        assert_eq!(dateline.rest, "사진은 본문이다.");

        let dateline = parse_dateline("[이데일리 홍길동 기자] 본문").unwrap();
        assert_eq!(dateline.source.as_deref(), Some("이데일리"));
        assert_eq!(dateline.reporters, ["홍길동"]);

        let dateline = parse_dateline("[헤럴드경제=홍길동 기자] 본문").unwrap();
        assert_eq!((dateline.source, dateline.rest), (None, "본문"));

        for text in [
            "[세종24시] 세종시",
            "[사진=세종시] 시장이",
            "(사진) 본문",
            "서울=뉴시스",
        ] {
            assert!(parse_dateline(text).is_none(), "{text}");
        }
    }
}
