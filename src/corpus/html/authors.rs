//! Reporters' names and e-mail addresses in an author field (`<meta
//! name=author>`, `article:author`, JSON-LD `author`), without links,
//! parenthesized parts or a `기자` title.

use crate::corpus::names::{as_email, split_names};

/// Titles that follow a reporter's name.
const REPORTER_TITLES: &[&str] = &[
    "선임기자",
    "수습기자",
    "인턴기자",
    "객원기자",
    "전문기자",
    "기자",
    "특파원",
];

/// The names in an author field, adding the e-mail addresses it holds to
/// `emails`: `홍길동 기자 hong@yna.co.kr, 김철수 기자` gives 홍길동 and
/// 김철수. Links and parenthesized parts (`(서울=연합뉴스)`) are dropped.
pub(super) fn reporter_names(raw: &str, emails: &mut Vec<String>) -> Vec<String> {
    let mut names = Vec::new();
    for part in split_names(&without_parentheses(raw)) {
        let mut words = Vec::new();
        for word in part.split_whitespace() {
            if let Some(email) = as_email(word) {
                if !emails.contains(&email) {
                    emails.push(email);
                }
            } else if !word.contains("://") && !word.starts_with("www.") {
                words.push(word);
            }
        }
        let mut name = words.join(" ");
        while let Some(shorter) = REPORTER_TITLES
            .iter()
            .find_map(|title| name.strip_suffix(title))
            .map(str::trim_end)
        {
            name = shorter.to_string();
        }
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// `text` without the parts in parentheses or brackets.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' | '（' | '［' => depth += 1,
            ')' | ']' | '）' | '］' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporter_names_drop_titles_and_addresses() {
        let mut emails = Vec::new();
        let names = reporter_names(
            "(서울=연합뉴스) 홍길동 기자 hong@yna.co.kr, 김철수ㆍ이영희 특파원",
            &mut emails,
        );
        assert_eq!(names, ["홍길동", "김철수", "이영희"]);
        assert_eq!(emails, ["hong@yna.co.kr"]);
        assert_eq!(
            reporter_names("https://www.facebook.com/yonhap", &mut emails),
            Vec::<String>::new()
        );
        assert_eq!(
            reporter_names("박기자 <park@hani.co.kr>", &mut emails),
            ["박"]
        );
        assert_eq!(emails, ["hong@yna.co.kr", "park@hani.co.kr"]);
    }
}
