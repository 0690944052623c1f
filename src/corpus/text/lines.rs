//! What a line is: a sub-heading, a Korean sentence, a photo caption, a
//! widget, the heading of a list of other articles,
//! boilerplate (copyright, promotions), an end mark or an e-mail address on
//! its own; and the cleaning every line gets first.

use std::borrow::Cow;

use super::{MAX_BYLINE_CHARS, MAX_META_CHARS, MAX_WIDGET_CHARS};
use crate::chars::{CLOSERS, SENTENCE_MARKS, SUBHEADING_MARKERS};
use crate::corpus::names::find_email;

/// Whether the line is a sub-heading: it starts with one of the
/// [`SUBHEADING_MARKERS`].
pub(super) fn is_subheading(line: &str) -> bool {
    line.starts_with(SUBHEADING_MARKERS)
}

/// Whether the line ends like a sentence: a full stop, question or
/// exclamation mark, possibly inside quotes or brackets.
pub(super) fn ends_with_sentence_mark(line: &str) -> bool {
    line.trim_end_matches(CLOSERS).ends_with(SENTENCE_MARKS)
}

/// Whether the line ends like a Korean sentence: a final ending (`다`, `요`,
/// …) then a sentence mark. Such a line is prose, never metadata or
/// boilerplate.
pub(super) fn is_korean_sentence(line: &str) -> bool {
    let core = line.trim_end_matches(CLOSERS);
    let before_marks = core.trim_end_matches(SENTENCE_MARKS);
    before_marks.len() != core.len()
        && before_marks.ends_with(['다', '요', '죠', '까', '네', '오', '니'])
}

/// Whether the line is a photo caption or credit.
pub(super) fn is_caption(line: &str) -> bool {
    const MARKS: &[&str] = &["ⓒ", "©", "사진=", "사진 =", "(사진", "[사진", "사진제공"];
    let end = line.trim_end_matches(CLOSERS);
    MARKS.iter().any(|mark| line.contains(mark)) || end.ends_with("제공")
}

/// Phrases that start widget lines (share and comment boxes, font size).
const WIDGET_PHRASES: &[&str] = &[
    "이 기사를 공유합니다",
    "기사를 공유합니다",
    "이 기사 공유하기",
    "기사 공유하기",
    "이 기사에 댓글쓰기",
    "이 기사를 추천합니다",
    "SNS 기사보내기",
    "기사 듣기",
    "본문 듣기",
    "음성으로 듣기",
    "글자 크기 변경",
    "글자크기 변경",
    "본문 글씨 키우기",
    "본문 글씨 줄이기",
    "URL이 복사되었습니다",
    "기사 스크랩",
];

/// Labels of buttons, in lower case: a line of nothing else is a widget.
const WIDGET_WORDS: &[&str] = &[
    "공유",
    "공유하기",
    "기사공유",
    "기사",
    "sns",
    "페이스북",
    "트위터",
    "카카오톡",
    "카카오스토리",
    "카카오",
    "밴드",
    "네이버밴드",
    "네이버",
    "라인",
    "url",
    "url복사",
    "복사",
    "링크복사",
    "링크",
    "이메일",
    "메일",
    "인쇄",
    "인쇄하기",
    "프린트",
    "스크랩",
    "글자크기",
    "글씨크기",
    "글자",
    "글씨",
    "크기",
    "작게",
    "크게",
    "키우기",
    "줄이기",
    "가",
    "가나다라마바사",
    "닫기",
    "펼치기",
    "접기",
    "댓글",
    "댓글쓰기",
    "좋아요",
    "싫어요",
    "추천",
    "추천하기",
    "구독",
    "구독하기",
    "저장",
    "기사저장",
    "북마크",
    "facebook",
    "twitter",
    "kakao",
    "kakaotalk",
    "band",
    "line",
    "print",
    "email",
    "share",
    "x",
];

/// Whether the line is page furniture: share buttons, a comment box.
pub(super) fn is_widget(line: &str) -> bool {
    if !at_most_chars(line, MAX_WIDGET_CHARS) {
        return false;
    }
    if WIDGET_PHRASES.iter().any(|phrase| line.starts_with(phrase)) {
        return true;
    }
    let mut words = 0;
    for token in line.split(|c: char| c.is_whitespace() || "|·/,:()[]<>+-".contains(c)) {
        if token.is_empty() || token.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let token = token.to_ascii_lowercase();
        if !WIDGET_WORDS.contains(&token.as_str()) {
            return false;
        }
        words += 1;
    }
    words > 0
}

/// Headings of lists of other articles, with spaces and decoration removed.
const ARTICLE_LIST_HEADINGS: &[&str] = &[
    "관련기사",
    "관련뉴스",
    "관련기사더보기",
    "관련뉴스더보기",
    "함께본기사",
    "함께보면좋은기사",
    "추천기사",
    "추천뉴스",
    "많이본뉴스",
    "많이본기사",
    "인기기사",
    "인기뉴스",
    "주요뉴스",
    "주요기사",
    "이시각주요뉴스",
    "오늘의주요뉴스",
    "최신기사",
    "최신뉴스",
    "포토뉴스",
    "다른기사보기",
];

/// Whether the line heads a list of other articles.
pub(super) fn is_article_list_heading(line: &str) -> bool {
    if !at_most_chars(line, MAX_WIDGET_CHARS) || ends_with_sentence_mark(line) {
        return false;
    }
    let compact: String = line
        .chars()
        .filter(|&c| c.is_alphanumeric())
        .collect::<String>();
    ARTICLE_LIST_HEADINGS.contains(&compact.as_str()) || compact.contains("다른기사")
}

/// Whether the line is boilerplate to drop from the body.
pub(super) fn is_boilerplate(line: &str) -> bool {
    at_most_chars(line, MAX_META_CHARS)
        && !is_korean_sentence(line)
        && (is_widget(line) || is_copyright(line) || is_promotion(line))
}

/// Whether the line is a copyright notice.
fn is_copyright(line: &str) -> bool {
    const MARKS: &[&str] = &[
        "무단전재",
        "무단 전재",
        "무단복제",
        "무단 복제",
        "재배포금지",
        "재배포 금지",
        "all rights reserved",
        "저작권자",
        "copyright",
    ];
    let lower = line.to_lowercase();
    MARKS.iter().any(|mark| lower.contains(mark))
}

/// The publisher a copyright notice names (`<저작권자 © 시사저널 무단전재 …>`).
pub(super) fn copyright_holder(line: &str) -> Option<String> {
    let after = ["©", "ⓒ", "(c)", "(C)", "Ⓒ"]
        .iter()
        .filter_map(|mark| line.find(mark).map(|at| (at, mark.len())))
        .min()
        .and_then(|(at, len)| line.get(at + len..))?;
    let end = [",", "무단", ".", ">", "]", "&", "All", "|", "/"]
        .iter()
        .filter_map(|stop| after.find(stop))
        .min()
        .unwrap_or(after.len());
    let holder = after.get(..end)?.trim();
    (!holder.is_empty() && at_most_chars(holder, 20) && !holder.contains(char::is_whitespace))
        .then(|| holder.to_owned())
}

/// Whether the line is a promotion link (`▶ 네이버에서 뉴시스 구독하기`).
fn is_promotion(line: &str) -> bool {
    const ARROWS: &[char] = &['▶', '►', '☞', '▷', '👉', '→'];
    const WORDS: &[&str] = &[
        "구독",
        "바로가기",
        "클릭",
        "제보",
        "채널 추가",
        "채널추가",
        "다운로드",
        "보러가기",
        "더보기",
        "이벤트",
        "뉴스레터",
        "앱 설치",
    ];
    line.starts_with(ARROWS) && WORDS.iter().any(|word| line.contains(word))
}

/// Whether the line marks the end of the article (`(끝)`, `<끝>`).
pub(super) fn is_end_mark(line: &str) -> bool {
    let core = line.trim_matches(|c: char| !c.is_alphanumeric());
    (core == "끝" || core.eq_ignore_ascii_case("end")) && at_most_chars(line, 8)
}

/// Whether the line is an e-mail address and nothing else but brackets.
pub(super) fn is_email_only(line: &str) -> bool {
    if !at_most_chars(line, MAX_BYLINE_CHARS) {
        return false;
    }
    let Some((range, _)) = find_email(line) else {
        return false;
    };
    let is_decoration = |c: char| c.is_whitespace() || "/-=()[]<>【】:".contains(c);
    let before = line.get(..range.start).unwrap_or_default();
    let after = line.get(range.end..).unwrap_or_default();
    before.chars().all(is_decoration) && after.chars().all(is_decoration)
}

/// The text with every line ending a `\n`.
pub(super) fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Characters trimmed from both ends of a line.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

pub(super) fn clean(line: &str) -> &str {
    line.trim_matches(is_blank_char)
}

/// The line without leading bullets.
pub(super) fn strip_bullets(line: &str) -> &str {
    line.trim_start_matches(|c: char| matches!(c, '•' | '·' | '∙' | '◦' | '‣') || is_blank_char(c))
}

/// Whether `text` has at most `n` characters (without counting further).
pub(super) fn at_most_chars(text: &str, n: usize) -> bool {
    text.len() <= n || text.chars().nth(n).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_kinds() {
        assert!(is_widget("이 기사를 공유합니다"));
        assert!(is_widget("페이스북 트위터 카카오톡 URL복사"));
        assert!(is_widget("댓글 0"));
        assert!(is_widget("기사 공유"));
        assert!(!is_widget("페이스북은 새 기능을 발표했다"));
        assert!(!is_widget("2023"));
        assert!(is_article_list_heading("관련기사"));
        assert!(is_article_list_heading("[ 관련 기사 ]"));
        assert!(is_article_list_heading("홍길동 기자의 다른기사 보기"));
        assert!(is_boilerplate(
            "<저작권자 © 시사저널 무단전재 및 재배포금지>"
        ));
        assert!(is_boilerplate("Copyright ⓒ 연합뉴스. All rights reserved."));
        assert!(is_boilerplate("▶ 네이버에서 뉴시스 구독하기"));
        assert!(!is_boilerplate("그는 기사를 무단 전재한 혐의로 기소됐다."));
        assert!(!is_boilerplate("▶ 세종시 7개 분야 협력"));
        assert_eq!(
            copyright_holder("<저작권자 © 시사저널 무단전재 및 재배포금지>").as_deref(),
            Some("시사저널")
        );
        assert_eq!(
            copyright_holder("[ⓒ 뉴시스, 무단전재-재배포 금지]").as_deref(),
            Some("뉴시스")
        );
        assert_eq!(
            copyright_holder("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>")
                .as_deref(),
            Some("연합뉴스")
        );
        assert!(is_end_mark("(끝)") && is_end_mark("<끝>") && !is_end_mark("끝까지"));
        assert!(is_korean_sentence("협약을 체결했다."));
        assert!(is_korean_sentence("“감사드린다”고 말했다.”"));
        assert!(!is_korean_sentence("무단전재 및 재배포 금지."));
    }

    #[test]
    fn email_only_lines() {
        assert!(is_email_only("<hong@example.com>"));
        assert!(!is_email_only("문의 hong@example.com"));
    }
}
