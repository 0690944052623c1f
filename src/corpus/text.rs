//! Plain-text news articles, as scraped from Korean news sites.
//!
//! A scraped article is the text of the page with its markup gone: the
//! headline, a few lines of metadata, the widgets of the page (share
//! buttons, a box of related headlines), the body, and the page's footer.
//! [`parse`] keeps the article and its metadata and drops the rest. The
//! reference layout (`corpus/000_bcc3dce22a5e3c6c.txt`) is:
//!
//! ```text
//! [세종24시] 세종시-서울시, 상호 교류 강화 업무협약 체결        ← headline
//!   • 이상욱 충청본부 기자 (sisa410@sisajournal.com)          ← byline
//!   • 승인 2023.04.10 17:02                                  ← date
//! 이 기사를 공유합니다                                        ← share widget
//!
//! 최민호 세종시장, 고향사랑기부 인증 챌린지 참여               ← related headlines
//! 세종시-국가인권위원회, 대전·세종·충북·충남 4개 시도 …
//!
//! 최민호 세종특별자치시장은 오세훈 서울특별시장과 …            ← body
//! …
//! ◇ 최민호 세종시장, 고향사랑기부 인증 챌린지 참여             ← sub-heading
//! …
//! 관련기사                                                    ← footer
//! 이 기사에 댓글쓰기펼치기
//! ```
//!
//! The rules, in the order they apply:
//!
//! * **Lines** are trimmed of white space (including no-break and
//!   ideographic spaces, byte-order marks and zero-width spaces); `\r\n` and
//!   lone `\r` end lines too.
//! * **Headline**: the first non-blank line, trimmed and otherwise kept as
//!   it is, including a column or series tag such as `[세종24시]`, which is
//!   part of the headline as published. Metadata lines before it (a date, a
//!   byline) are read as metadata, not taken for the headline. A line of
//!   more than [`DERIVED_TITLE_MAX_CHARS`] characters is not a headline but
//!   the start of the body (a file without line breaks, say): the title is
//!   then cut from the body as JSON Lines cuts a missing title.
//! * **Header**: the lines after the headline that carry metadata, with or
//!   without a `•` bullet: bylines (`이상욱 충청본부 기자 (sisa410@…)`,
//!   `홍길동·김철수 기자`), e-mail addresses, dates with a label (`승인`,
//!   `입력`, `기사입력`, `등록`, `발행`, `송고` give the publication time;
//!   `수정`, `최종수정`, `업데이트` the update time; the first of each wins),
//!   several on one line or not, and widget lines (`이 기사를 공유합니다`,
//!   `글자크기`, rows of SNS button labels). Up to three short lines between
//!   the headline and the first metadata line are the sub-headline.
//! * **Related headlines**: after a widget line, the page's box of related
//!   articles follows. Headline-like lines there (at most 70 characters,
//!   no sentence-ending punctuation, not a photo caption or a sub-heading;
//!   at most ten of them) are dropped when a real paragraph follows them.
//! * **Body**: every other line. Lines separated by blank lines are
//!   paragraphs; a sub-heading (a line starting with `◇`, `◆`, `◈`, `■`,
//!   `□`, `▶` or `▷`) is always a paragraph of its own, kept with its
//!   marker. A line repeating the line just before it (the same photo
//!   caption twice, as pages print it) is kept once. Paragraphs are joined
//!   with a blank line, lines within a paragraph with a line feed.
//! * **Boilerplate** lines are dropped wherever they are: widget lines,
//!   copyright notices (`저작권자 © …`, `무단전재 및 재배포 금지`,
//!   `All rights reserved`; the publisher they name becomes the source when
//!   nothing better gives one), promotion links (`▶ … 구독하기`), and the
//!   headings of lists of other articles (`관련기사`, `많이 본 뉴스`,
//!   `기자의 다른기사`) together with the headline-like lines that follow
//!   them. A line that reads as a Korean sentence (ending in `다.`, `요.` …)
//!   is never boilerplate.
//! * **Dateline**: a body that opens with `[서울=뉴시스] 홍길동 기자 =`,
//!   `(서울=연합뉴스) 홍길동 특파원 =` or `[이데일리 홍길동 기자]` loses it;
//!   the reporters are recorded, and the agency after `=` (or the name
//!   before the reporter's) becomes the source.
//! * **Sign-off**: a byline or an e-mail address ending the body, on its
//!   own line (`홍길동 기자 hong@example.com`, `/홍길동 기자`) or after the
//!   last sentence (`… 말했다. /홍길동 기자`), is recorded and removed, as
//!   are an end mark (`(끝)`) and sub-headings with no text under them (the
//!   `▶` links some sites print after an article).
//!
//! Reporters' names are taken as Korean names of two to four syllables; an
//! affiliation between the name and `기자` (`충청본부`, `사회부`) is skipped.
//! Times without a zone are Korea Standard Time ([`KST`](crate::document::KST)).
//!
//! Parsing never fails and never panics: any text gives an [`Article`], at
//! worst with the first line as headline and the rest as body.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};

use super::dates::{parse_korean_datetime, scan_datetime, Cursor};
use super::names::find_email;
use super::{title_from_body, DERIVED_TITLE_MAX_CHARS};
use crate::chars::{is_hangul_syllable, CLOSERS, SENTENCE_MARKS, SUBHEADING_MARKERS};
use crate::document::Article;

/// Lines before the headline read as metadata, at most.
const PRE_TITLE_LINES: usize = 4;
/// Non-blank lines after the headline examined for metadata, at most.
const HEADER_WINDOW: usize = 12;
/// Lines of a sub-headline, at most.
const MAX_SUBTITLE_LINES: usize = 3;
/// Headlines in a box of related articles, at most.
const MAX_RELATED_HEADLINES: usize = 10;
/// The longest line, in characters, that can be a headline.
const MAX_HEADLINE_CHARS: usize = 70;
/// The longest line, in characters, that can be metadata or boilerplate.
const MAX_META_CHARS: usize = 200;
/// The longest line, in characters, that can be a widget (buttons).
const MAX_WIDGET_CHARS: usize = 60;
/// The longest line, in characters, that can be a byline on its own.
const MAX_BYLINE_CHARS: usize = 80;

/// Parses a plain-text article. `id` is left empty for the caller to fill.
///
/// See the [module documentation](self) for the layout and the rules.
///
/// ```
/// use kosearch::corpus::text::parse;
///
/// let article = parse(
///     "세종시-서울시 업무협약 체결\n  • 홍길동 기자 (hong@example.com)\n  • 입력 2023.04.10 17:02\n\
///      이 기사를 공유합니다\n\n[세종=뉴시스] 홍길동 기자 = 세종시는 10일 서울시와 협약을 맺었다.\n\n\
///      ◇ 7개 분야 협력\n\n양 도시는 7개 분야에서 협력한다.\n\n관련기사\n",
/// );
/// assert_eq!(article.title, "세종시-서울시 업무협약 체결");
/// assert_eq!(article.reporters, ["홍길동"]);
/// assert_eq!(article.email.as_deref(), Some("hong@example.com"));
/// assert_eq!(article.source.as_deref(), Some("뉴시스"));
/// assert_eq!(article.published_at.unwrap().to_rfc3339(), "2023-04-10T17:02:00+09:00");
/// assert_eq!(
///     article.body,
///     "세종시는 10일 서울시와 협약을 맺었다.\n\n◇ 7개 분야 협력\n\n양 도시는 7개 분야에서 협력한다."
/// );
/// ```
pub fn parse(text: &str) -> Article {
    let text = normalize_newlines(text);
    let lines: Vec<&str> = text.split('\n').map(clean).collect();
    let mut meta = Meta::default();

    let mut title_at = read_pre_title(&lines, &mut meta);
    if title_at == lines.len() {
        // Nothing but dates: the first of them is the headline after all.
        title_at = lines
            .iter()
            .position(|line| !line.is_empty())
            .unwrap_or(title_at);
    }
    let Some(&title) = lines.get(title_at) else {
        return meta.into_article(String::new(), None, String::new());
    };
    let headline = title.char_indices().nth(DERIVED_TITLE_MAX_CHARS).is_none();
    let (body_start, subtitle) = if headline {
        let header = read_header(&lines, title_at + 1, &mut meta);
        (header.body_start, header.subtitle)
    } else {
        (title_at, None)
    };
    let body_lines = lines.get(body_start..).unwrap_or_default();
    let mut items = body_items(body_lines, &mut meta);
    strip_dateline(&mut items, &mut meta);
    strip_sign_off(&mut items, &mut meta);
    let body = assemble(&items);
    let title = if headline {
        title.to_owned()
    } else {
        title_from_body(&body)
    };
    meta.into_article(title, subtitle, body)
}

// ---------------------------------------------------------------------------
// Metadata collected on the way.

/// Which date a labelled date-time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    Published,
    Updated,
}

/// The article's metadata, as the parse finds it.
#[derive(Debug, Default)]
struct Meta {
    reporters: Vec<String>,
    email: Option<String>,
    published_at: Option<DateTime<FixedOffset>>,
    updated_at: Option<DateTime<FixedOffset>>,
    /// From a dateline.
    source: Option<String>,
    /// From a copyright notice: used when there is no dateline.
    copyright_holder: Option<String>,
}

impl Meta {
    fn add_reporters(&mut self, names: Vec<String>) {
        for name in names {
            if !self.reporters.contains(&name) {
                self.reporters.push(name);
            }
        }
    }

    fn add_email(&mut self, email: Option<String>) {
        if self.email.is_none() {
            self.email = email;
        }
    }

    fn add_byline(&mut self, byline: Byline<'_>) {
        self.add_reporters(byline.names);
        self.add_email(byline.email);
    }

    fn add_date(&mut self, kind: DateKind, datetime: DateTime<FixedOffset>) {
        let slot = match kind {
            DateKind::Published => &mut self.published_at,
            DateKind::Updated => &mut self.updated_at,
        };
        slot.get_or_insert(datetime);
    }

    fn add_header(&mut self, info: HeaderInfo<'_>) {
        for (kind, datetime) in info.dates {
            self.add_date(kind, datetime);
        }
        if let Some(byline) = info.byline {
            self.add_byline(byline);
        }
        self.add_email(info.email);
    }

    fn into_article(self, title: String, subtitle: Option<String>, body: String) -> Article {
        Article {
            title,
            subtitle,
            body,
            reporters: self.reporters,
            email: self.email,
            published_at: self.published_at,
            updated_at: self.updated_at,
            source: self.source.or(self.copyright_holder),
            ..Article::default()
        }
    }
}

// ---------------------------------------------------------------------------
// Headline and header.

/// Reads date lines (`입력 2023.04.10 17:02`, or a bare date) before the
/// headline; returns the headline's index (past the end when there is none).
fn read_pre_title(lines: &[&str], meta: &mut Meta) -> usize {
    let mut at = 0;
    let mut absorbed = 0;
    while let Some(&line) = lines.get(at) {
        if !line.is_empty() {
            if absorbed == PRE_TITLE_LINES {
                break;
            }
            match classify_header(line) {
                Some(HeaderLine::Metadata(info)) if is_date_line(line) => meta.add_header(info),
                _ => break,
            }
            absorbed += 1;
        }
        at += 1;
    }
    at
}

/// Whether the line is a date and nothing else, or starts with a labelled
/// date.
fn is_date_line(line: &str) -> bool {
    let content = strip_bullets(line);
    parse_korean_datetime(content).is_some()
        || labelled_date(content).is_some_and(|(label, ..)| label.is_some())
}

/// What the header tells about the body.
struct Header {
    subtitle: Option<String>,
    /// Index of the first line that may be body.
    body_start: usize,
}

/// Reads the metadata lines after the headline, from `start`.
fn read_header(lines: &[&str], start: usize, meta: &mut Meta) -> Header {
    let mut subtitle: Vec<&str> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let (mut seen_header, mut seen_widget) = (false, false);
    let mut body_start = start;
    let mut examined = 0;
    let mut at = start;
    while let Some(&line) = lines.get(at) {
        at += 1;
        if line.is_empty() {
            continue;
        }
        if examined == HEADER_WINDOW {
            break;
        }
        examined += 1;
        match classify_header(line) {
            Some(HeaderLine::Metadata(info)) => meta.add_header(info),
            Some(HeaderLine::Widget) => seen_widget = true,
            None if !seen_header
                && !seen_widget
                && pending.len() < MAX_SUBTITLE_LINES
                && is_headline_like(line) =>
            {
                pending.push(line);
                continue;
            }
            None => break,
        }
        seen_header = true;
        body_start = at;
        subtitle.append(&mut pending);
    }
    if seen_widget {
        body_start = skip_related_headlines(lines, body_start);
    }
    Header {
        subtitle: (!subtitle.is_empty()).then(|| subtitle.join("\n")),
        body_start,
    }
}

/// Skips a box of related headlines starting at `start` (blank lines
/// aside), when a real paragraph follows it; returns where the body starts.
fn skip_related_headlines(lines: &[&str], start: usize) -> usize {
    let mut headlines = 0;
    let mut at = start;
    while let Some(&line) = lines.get(at) {
        if line.is_empty() {
            at += 1;
        } else if is_headline_like(line) {
            headlines += 1;
            if headlines > MAX_RELATED_HEADLINES {
                return start;
            }
            at += 1;
        } else {
            return if headlines > 0 { at } else { start };
        }
    }
    start
}

/// A line of the header.
enum HeaderLine<'a> {
    /// Buttons and the like: no information.
    Widget,
    /// A byline, dates or an e-mail address.
    Metadata(HeaderInfo<'a>),
}

/// The information on a header line.
struct HeaderInfo<'a> {
    dates: Vec<(DateKind, DateTime<FixedOffset>)>,
    byline: Option<Byline<'a>>,
    email: Option<String>,
}

/// Classifies a (non-blank, trimmed) line near the headline.
fn classify_header(line: &str) -> Option<HeaderLine<'_>> {
    if !at_most_chars(line, MAX_META_CHARS) || is_korean_sentence(line) {
        return None;
    }
    if is_widget(line) {
        return Some(HeaderLine::Widget);
    }
    let content = strip_bullets(line);
    let bulleted = content.len() != line.len();
    let (dates, dates_at) = scan_dates(content);
    let before_dates = content.get(..dates_at).unwrap_or(content);
    let byline = parse_byline(before_dates).filter(|b| b.trailing_ok && b.prefix.len() <= 3);
    let email = find_email(content).map(|(_, email)| email);
    let email_only = email.is_some() && is_email_only(content);
    if dates.is_empty() && byline.is_none() && !email_only {
        let unknown_bullet = bulleted && at_most_chars(content, MAX_WIDGET_CHARS);
        return unknown_bullet.then_some(HeaderLine::Widget);
    }
    Some(HeaderLine::Metadata(HeaderInfo {
        dates,
        byline,
        email,
    }))
}

// ---------------------------------------------------------------------------
// Body.

/// A body line, or a paragraph break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'a> {
    Line(&'a str),
    Break,
}

/// The body lines without boilerplate; a dropped line breaks the paragraph.
fn body_items<'a>(lines: &[&'a str], meta: &mut Meta) -> Vec<Item<'a>> {
    let mut items = Vec::with_capacity(lines.len());
    let mut in_article_list = false;
    for &line in lines {
        if line.is_empty() {
            items.push(Item::Break);
            continue;
        }
        if in_article_list {
            if is_headline_like(line) {
                continue;
            }
            in_article_list = false;
        }
        if is_article_list_heading(line) {
            in_article_list = true;
            items.push(Item::Break);
        } else if is_boilerplate(line) {
            if meta.copyright_holder.is_none() {
                meta.copyright_holder = copyright_holder(line);
            }
            items.push(Item::Break);
        } else {
            items.push(Item::Line(line));
        }
    }
    items
}

/// Lines tried for a dateline, from the start of the body.
const DATELINE_CANDIDATES: usize = 3;

/// Removes a dateline from one of the first body lines.
fn strip_dateline(items: &mut [Item<'_>], meta: &mut Meta) {
    let candidates = items
        .iter_mut()
        .filter(|item| matches!(item, Item::Line(_)))
        .take(DATELINE_CANDIDATES);
    for item in candidates {
        let Item::Line(line) = *item else { continue };
        if let Some(dateline) = parse_dateline(line) {
            *item = if dateline.rest.is_empty() {
                Item::Break
            } else {
                Item::Line(dateline.rest)
            };
            meta.add_reporters(dateline.reporters);
            meta.add_email(dateline.email);
            if dateline.source.is_some() {
                meta.source = dateline.source;
            }
            return;
        }
    }
}

/// Removes bylines, e-mail addresses, end marks and headings without a
/// section from the end of the body.
fn strip_sign_off(items: &mut Vec<Item<'_>>, meta: &mut Meta) {
    while let Some(at) = items.iter().rposition(|item| matches!(item, Item::Line(_))) {
        let Some(Item::Line(line)) = items.get(at).copied() else {
            return;
        };
        if let Some(byline) = standalone_byline(line) {
            meta.add_byline(byline);
        } else if is_email_only(line) {
            meta.add_email(find_email(line).map(|(_, email)| email));
        } else if is_end_mark(line) || is_subheading(line) {
            // An end mark, or a heading with nothing under it (the links
            // pages list after an article: `▶ 다른 기사 제목`).
        } else {
            if let Some((kept, byline)) = trailing_byline(line) {
                meta.add_byline(byline);
                if let Some(slot) = items.get_mut(at) {
                    *slot = Item::Line(kept);
                }
            }
            return;
        }
        items.truncate(at);
    }
}

/// Joins body lines into paragraphs.
fn assemble(items: &[Item<'_>]) -> String {
    let mut body = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut previous: Option<&str> = None;
    let flush = |body: &mut String, paragraph: &mut Vec<&str>| {
        if paragraph.is_empty() {
            return;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&paragraph.join("\n"));
        paragraph.clear();
    };
    for item in items {
        match *item {
            Item::Break => flush(&mut body, &mut paragraph),
            Item::Line(line) if previous == Some(line) => {}
            Item::Line(line) if is_subheading(line) => {
                flush(&mut body, &mut paragraph);
                paragraph.push(line);
                flush(&mut body, &mut paragraph);
                previous = Some(line);
            }
            Item::Line(line) => {
                paragraph.push(line);
                previous = Some(line);
            }
        }
    }
    flush(&mut body, &mut paragraph);
    body
}

// ---------------------------------------------------------------------------
// Line kinds.

fn is_subheading(line: &str) -> bool {
    line.starts_with(SUBHEADING_MARKERS)
}

/// Whether the line ends like a sentence: a full stop, question or
/// exclamation mark, possibly inside quotes or brackets.
fn ends_with_sentence_mark(line: &str) -> bool {
    line.trim_end_matches(CLOSERS).ends_with(SENTENCE_MARKS)
}

/// Whether the line ends like a Korean sentence: a final ending (`다`, `요`,
/// …) then a sentence mark. Such a line is prose, never metadata or
/// boilerplate.
fn is_korean_sentence(line: &str) -> bool {
    let core = line.trim_end_matches(CLOSERS);
    let before_marks = core.trim_end_matches(SENTENCE_MARKS);
    before_marks.len() != core.len()
        && before_marks.ends_with(['다', '요', '죠', '까', '네', '오', '니'])
}

/// Whether the line is a photo caption or credit.
fn is_caption(line: &str) -> bool {
    const MARKS: &[&str] = &["ⓒ", "©", "사진=", "사진 =", "(사진", "[사진", "사진제공"];
    let end = line.trim_end_matches(CLOSERS);
    MARKS.iter().any(|mark| line.contains(mark)) || end.ends_with("제공")
}

/// Whether the line could be a headline: short, not ending like a sentence,
/// not a caption, a sub-heading or a dateline.
fn is_headline_like(line: &str) -> bool {
    !line.is_empty()
        && at_most_chars(line, MAX_HEADLINE_CHARS)
        && !ends_with_sentence_mark(line)
        && !is_caption(line)
        && !is_subheading(line)
        && parse_dateline(line).is_none()
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
fn is_widget(line: &str) -> bool {
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
fn is_article_list_heading(line: &str) -> bool {
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
fn is_boilerplate(line: &str) -> bool {
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
fn copyright_holder(line: &str) -> Option<String> {
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
fn is_end_mark(line: &str) -> bool {
    let core = line.trim_matches(|c: char| !c.is_alphanumeric());
    (core == "끝" || core.eq_ignore_ascii_case("end")) && at_most_chars(line, 8)
}

// ---------------------------------------------------------------------------
// Bylines and datelines.

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
struct Byline<'a> {
    names: Vec<String>,
    email: Option<String>,
    /// Tokens before the first name.
    prefix: Vec<&'a str>,
    /// Nothing but e-mail addresses after the last role word, and nothing
    /// between one reporter's role word and the next reporter's name.
    trailing_ok: bool,
}

fn is_byline_separator(c: char) -> bool {
    c.is_whitespace() || "()[]<>{}【】〔〕|/=,·;:•∙".contains(c)
}

/// Reads `홍길동 기자`, `이상욱 충청본부 기자 (x@y.com)`, `홍길동·김철수 기자`,
/// `홍길동 기자·김철수 기자` and the like; `None` without a name before a
/// role word (so a byline has at least one name).
fn parse_byline(text: &str) -> Option<Byline<'_>> {
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
fn standalone_byline(line: &str) -> Option<Byline<'_>> {
    if !at_most_chars(line, MAX_BYLINE_CHARS) {
        return None;
    }
    let core = line.trim_matches(|c: char| c.is_whitespace() || "/-—=()[]<>【】".contains(c));
    parse_byline(core).filter(|b| b.trailing_ok && b.prefix.len() <= 2)
}

/// A byline after the last sentence of `line` (`… 말했다. /홍길동 기자`):
/// the line without it, and the byline.
fn trailing_byline(line: &str) -> Option<(&str, Byline<'_>)> {
    if let Some(slash) = line.rfind('/') {
        let candidate = line.get(slash + 1..)?;
        if at_most_chars(candidate, MAX_BYLINE_CHARS) {
            if let Some(byline) = standalone_byline(candidate) {
                return Some((line.get(..slash)?.trim_end(), byline));
            }
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
struct Dateline<'a> {
    /// The paragraph without it.
    rest: &'a str,
    source: Option<String>,
    reporters: Vec<String>,
    email: Option<String>,
}

/// Reads `[서울=뉴시스] 홍길동 기자 = …`, `(서울=연합뉴스) 홍길동 특파원 = …`,
/// `[서울=뉴시스] …`, `[헤럴드경제=홍길동 기자] …` and
/// `[이데일리 홍길동 기자] …`.
fn parse_dateline(line: &str) -> Option<Dateline<'_>> {
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

// ---------------------------------------------------------------------------
// E-mail addresses.

/// Whether the line is an e-mail address and nothing else but brackets.
fn is_email_only(line: &str) -> bool {
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

// ---------------------------------------------------------------------------
// Dates.

/// Labels of dates, most specific first.
const DATE_LABELS: &[(&str, DateKind)] = &[
    ("기사입력", DateKind::Published),
    ("최초입력", DateKind::Published),
    ("기사승인", DateKind::Published),
    ("최종수정", DateKind::Updated),
    ("최종 수정", DateKind::Updated),
    ("기사수정", DateKind::Updated),
    ("업데이트", DateKind::Updated),
    ("입력", DateKind::Published),
    ("승인", DateKind::Published),
    ("등록", DateKind::Published),
    ("발행", DateKind::Published),
    ("게재", DateKind::Published),
    ("송고", DateKind::Published),
    ("작성", DateKind::Published),
    ("수정", DateKind::Updated),
    ("published", DateKind::Published),
    ("posted", DateKind::Published),
    ("updated", DateKind::Updated),
    ("modified", DateKind::Updated),
];

/// What may follow a date label before the date (`입력일 :`, `수정시간`).
const LABEL_SUFFIXES: &[&str] = &["일시", "일자", "시간", "시각", "날짜", "일", "시"];

/// The dates in a header line, and the byte offset where the first one (or
/// its label) starts. A date without a label is a publication date.
fn scan_dates(line: &str) -> (Vec<(DateKind, DateTime<FixedOffset>)>, usize) {
    let mut dates = Vec::new();
    let mut first_at = line.len();
    let mut at = 0;
    let mut previous: Option<char> = None;
    while let Some(rest) = line.get(at..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        let token_start = previous.is_none_or(|p| !p.is_alphanumeric());
        if token_start {
            if let Some((kind, datetime, len)) = labelled_date(rest) {
                dates.push((kind.unwrap_or(DateKind::Published), datetime));
                first_at = first_at.min(at);
                at += len;
                previous = line.get(..at).and_then(|done| done.chars().next_back());
                continue;
            }
        }
        previous = Some(c);
        at += c.len_utf8();
    }
    (dates, first_at)
}

/// A date at the start of `text`, with or without a label: the label's
/// kind (`None` without one), the value and the length in bytes.
fn labelled_date(text: &str) -> Option<(Option<DateKind>, DateTime<FixedOffset>, usize)> {
    let mut cursor = Cursor::new(text);
    let kind = DATE_LABELS
        .iter()
        .find(|(label, _)| cursor.eat_ignore_case(label))
        .map(|&(_, kind)| kind);
    if kind.is_some() {
        for suffix in LABEL_SUFFIXES {
            if cursor.eat(suffix) {
                break;
            }
        }
        cursor.skip_spaces();
        if cursor.eat(":") || cursor.eat("：") {
            cursor.skip_spaces();
        }
    }
    let (datetime, len) = scan_datetime(cursor.rest())?;
    Some((kind, datetime, cursor.pos + len))
}

// ---------------------------------------------------------------------------
// Small helpers.

/// The text with every line ending a `\n`.
fn normalize_newlines(text: &str) -> Cow<'_, str> {
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

fn clean(line: &str) -> &str {
    line.trim_matches(is_blank_char)
}

/// The line without leading bullets.
fn strip_bullets(line: &str) -> &str {
    line.trim_start_matches(|c: char| matches!(c, '•' | '·' | '∙' | '◦' | '‣') || is_blank_char(c))
}

/// Whether `text` has at most `n` characters (without counting further).
fn at_most_chars(text: &str, n: usize) -> bool {
    text.len() <= n || text.chars().nth(n).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kst(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn dates_in_header_lines() {
        let (dates, at) = scan_dates("입력 2023.04.10 17:02 | 수정 2023.04.11. 오전 9:00");
        assert_eq!(at, 0);
        assert_eq!(
            dates,
            [
                (DateKind::Published, kst("2023-04-10T17:02:00+09:00")),
                (DateKind::Updated, kst("2023-04-11T09:00:00+09:00")),
            ]
        );
        let (dates, at) = scan_dates("홍길동 기자 최종수정 : 2023-04-11 09:00");
        assert_eq!(at, "홍길동 기자 ".len());
        assert_eq!(
            dates,
            [(DateKind::Updated, kst("2023-04-11T09:00:00+09:00"))]
        );
        // `수정` inside a word is no label; the date still counts.
        let (dates, _) = scan_dates("조수정 2023.04.10");
        assert_eq!(
            dates,
            [(DateKind::Published, kst("2023-04-10T00:00:00+09:00"))]
        );
        assert!(scan_dates("입력 없음").0.is_empty());
    }

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
    fn email_only_lines() {
        assert!(is_email_only("<hong@example.com>"));
        assert!(!is_email_only("문의 hong@example.com"));
    }

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
        assert!(is_headline_like(
            "최민호 세종시장, 고향사랑기부 인증 챌린지 참여"
        ));
        assert!(!is_headline_like("협약을 체결했다."));
        assert!(!is_headline_like("촬영하고 있다 ⓒ세종시 제공"));
        assert!(!is_headline_like("◇ 소제목"));
    }

    #[test]
    fn no_header_title_and_rest() {
        let article = parse("\n\n  제목 한 줄  \n첫 문단이다.\n\n둘째 문단이다.\n");
        assert_eq!(article.title, "제목 한 줄");
        assert_eq!(article.body, "첫 문단이다.\n\n둘째 문단이다.");
        assert!(article.reporters.is_empty() && article.published_at.is_none());
    }

    #[test]
    fn a_line_too_long_for_a_headline_is_body_text() {
        let paragraph = "세종시는 서울시와 교류 협력을 강화하기 위한 업무협약을 맺었다. ".repeat(8);
        let article = parse(&format!("{paragraph}\n\n둘째 문단이다."));
        assert_eq!(article.title, title_from_body(&article.body));
        assert!(article.title.ends_with('…'), "{}", article.title);
        assert!(article.title.chars().count() <= DERIVED_TITLE_MAX_CHARS + 1);
        assert_eq!(
            article.body,
            format!("{}\n\n둘째 문단이다.", paragraph.trim_end())
        );
        // A headline of exactly the limit is still a headline.
        let headline = "가".repeat(DERIVED_TITLE_MAX_CHARS);
        let article = parse(&format!("{headline}\n본문이다."));
        assert_eq!(
            (article.title.as_str(), article.body.as_str()),
            (headline.as_str(), "본문이다.")
        );
    }

    #[test]
    fn degenerate_inputs() {
        for text in [
            "", " ", "\n\n", "\u{feff}", "•", " • ", "\r", "[", "[=]", "=", "@", "기자",
        ] {
            let article = parse(text);
            assert!(article.id.is_empty());
            assert_eq!(article.title, clean(text), "{text:?}");
            assert_eq!(article.body, "", "{text:?}");
        }
    }

    #[test]
    fn crlf_and_lone_cr() {
        let article = parse("제목\r\n\r\n첫 문단이다.\r\n\r\n둘째 문단이다.\r셋째 줄이다.");
        assert_eq!(article.body, "첫 문단이다.\n\n둘째 문단이다.\n셋째 줄이다.");
    }

    #[test]
    fn metadata_before_the_headline() {
        let article = parse("입력 2023.04.10 17:02\n세종시 협약\n본문이다.");
        assert_eq!(article.title, "세종시 협약");
        assert_eq!(article.published_at, Some(kst("2023-04-10T17:02:00+09:00")));
        assert_eq!(article.body, "본문이다.");
        // A headline that starts with a date is a headline.
        let article = parse("2023.04.10 주요 뉴스 브리핑\n본문이다.");
        assert_eq!(article.title, "2023.04.10 주요 뉴스 브리핑");
        assert_eq!(article.published_at, None);
    }

    #[test]
    fn subtitle_between_headline_and_byline() {
        let article = parse(
            "세종시-서울시 협약\n7개 분야 협력 추진\n홍길동 기자\n입력 2023.04.10 17:02\n\n본문이다.",
        );
        assert_eq!(article.subtitle.as_deref(), Some("7개 분야 협력 추진"));
        assert_eq!(article.reporters, ["홍길동"]);
        assert_eq!(article.body, "본문이다.");
    }

    #[test]
    fn short_lines_without_header_stay_in_the_body() {
        let article = parse("제목\n짧은 줄\n\n본문이다.");
        assert_eq!(article.subtitle, None);
        assert_eq!(article.body, "짧은 줄\n\n본문이다.");
    }

    #[test]
    fn related_headlines_need_a_paragraph_after_them() {
        let article = parse("제목\n이 기사를 공유합니다\n\n짧은 줄 하나\n짧은 줄 둘");
        assert_eq!(article.body, "짧은 줄 하나\n짧은 줄 둘");
    }

    #[test]
    fn repeated_lines_kept_once_and_sub_headings_split() {
        let article = parse("제목\n\n문단이다.\n사진 설명 ⓒ세종시 제공\n사진 설명 ⓒ세종시 제공\n◆ 소제목\n다음 문단이다.");
        assert_eq!(
            article.body,
            "문단이다.\n사진 설명 ⓒ세종시 제공\n\n◆ 소제목\n\n다음 문단이다."
        );
    }
}
