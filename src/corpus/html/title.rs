//! The headline without the site's name that pages append to it
//! (` - 연합뉴스`, ` | 시사저널`), cut only when the page names the site or the
//! last part reads as a press name.

use crate::corpus::collapse_whitespace;

/// Words that end a site name: a title's last part ending in one of these is
/// taken for the site's name even when the page does not name the site.
const PRESS_ENDINGS: &[&str] = &[
    "뉴스",
    "일보",
    "신문",
    "저널",
    "타임즈",
    "타임스",
    "방송",
    "미디어",
    "뉴스1",
    "뉴시스",
    "투데이",
    "데일리",
    "경제",
    "닷컴",
];

/// Separators between a title and a site name.
const TITLE_SEPARATORS: &[&str] = &[" - ", " | ", " :: ", " – ", " — ", " : ", " < "];

/// `title` without a trailing site name: the part after the last separator
/// (` - `, ` | `, …) when it is one of `site_names` or
/// [`looks_like_press`]. The `제목 < 섹션 < 기사본문` pattern of a common
/// Korean news CMS is cut to `제목`.
pub(super) fn strip_site_name(title: &str, site_names: &[&str]) -> String {
    let mut title = collapse_whitespace(title);
    let cut = TITLE_SEPARATORS
        .iter()
        .filter_map(|separator| title.rfind(separator).map(|at| (at, at + separator.len())))
        .max();
    if let Some((head_end, suffix_start)) = cut {
        let head = title.get(..head_end).unwrap_or_default().trim();
        let suffix = title.get(suffix_start..).unwrap_or_default().trim();
        let is_site =
            site_names.iter().any(|name| same_name(name, suffix)) || looks_like_press(suffix);
        if is_site && !head.is_empty() {
            title = head.to_string();
        }
    }
    let parts: Vec<&str> = title.split(" < ").collect();
    if parts.len() > 1
        && parts.last().is_some_and(|last| last.trim() == "기사본문")
        && let Some(first) = parts
            .first()
            .map(|first| first.trim())
            .filter(|first| !first.is_empty())
    {
        return first.to_string();
    }
    title
}

/// Whether `name` looks like a news site's name: one word of at most 12
/// characters ending like a press name (`연합뉴스`, `한국일보`, `매일경제`),
/// or two words, the second `뉴스` (`KBS 뉴스`, `네이버 뉴스`).
fn looks_like_press(name: &str) -> bool {
    match name.split_whitespace().collect::<Vec<_>>().as_slice() {
        [word] => {
            word.chars().count() <= 12 && PRESS_ENDINGS.iter().any(|ending| word.ends_with(ending))
        }
        [_, "뉴스"] => true,
        _ => false,
    }
}

/// Whether two names are the same, ignoring case and spaces.
fn same_name(a: &str, b: &str) -> bool {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !a.trim().is_empty() && letters(a) == letters(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_cut_conservatively() {
        let sites = ["연합뉴스"];
        assert_eq!(
            strip_site_name("세종시-서울시 협약 - 연합뉴스", &sites),
            "세종시-서울시 협약"
        );
        assert_eq!(
            strip_site_name("물가 잡힐까 | 시사저널", &[]),
            "물가 잡힐까"
        );
        assert_eq!(strip_site_name("뉴스 분석 : 네이버 뉴스", &[]), "뉴스 분석");
        assert_eq!(
            strip_site_name("국회 통과 < 정치 < 기사본문 - 한국일보", &[]),
            "국회 통과"
        );
        assert_eq!(
            strip_site_name("대통령 방미 | MBC", &["MBC"]),
            "대통령 방미"
        );
        // Not clearly a site name: kept.
        assert_eq!(
            strip_site_name("대통령 방미 | MBC", &[]),
            "대통령 방미 | MBC"
        );
        assert_eq!(
            strip_site_name("서울 - 부산 고속철 개통", &[]),
            "서울 - 부산 고속철 개통"
        );
        assert_eq!(strip_site_name("2023 올해의 뉴스", &[]), "2023 올해의 뉴스");
        assert_eq!(strip_site_name("특집 : 지역 경제", &[]), "특집 : 지역 경제");
        assert_eq!(
            strip_site_name("대통령 방미 - 외교와 경제", &[]),
            "대통령 방미 - 외교와 경제"
        );
        assert_eq!(strip_site_name("금리 동결 - 매일경제", &[]), "금리 동결");
        assert_eq!(strip_site_name("금리 동결 | SBS 뉴스", &[]), "금리 동결");
        assert_eq!(strip_site_name(" - 연합뉴스", &[]), "- 연합뉴스");
    }
}
