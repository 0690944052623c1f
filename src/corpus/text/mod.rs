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

mod body;
mod byline;
mod date_labels;
mod dateline;
mod header;
mod lines;

use chrono::{DateTime, FixedOffset};

use self::body::{assemble, body_items, strip_dateline, strip_sign_off};
use self::byline::Byline;
use self::date_labels::DateKind;
use self::header::{read_header, read_pre_title, HeaderInfo};
use self::lines::{clean, normalize_newlines};
use super::{title_from_body, DERIVED_TITLE_MAX_CHARS};
use crate::document::Article;

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

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn kst(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
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
