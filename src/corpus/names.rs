//! Names, tags and e-mail addresses in the text of one field, for every
//! reader: [`split_names`] and [`split_tags`] cut a list written in one
//! string, [`find_email`] finds an address in a line and [`as_email`] reads
//! a word as one.

use std::ops::Range;

use super::collapse_whitespace;

/// Names listed in one string, separated by commas or middle dots,
/// trimmed: `김철수, 이영희·박민수` gives three names.
pub(crate) fn split_names(text: &str) -> Vec<String> {
    text.split([',', '·', 'ㆍ', '・', '、'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// Tags listed in one string, separated by commas, each with its runs of
/// white space made one space: `경제  정책,\n외교` gives `경제 정책` and
/// `외교`, so that a tag reads the same however the source wrapped it.
pub(crate) fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(collapse_whitespace)
        .filter(|tag| !tag.is_empty())
        .collect()
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-".contains(c)
}

fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// The first e-mail address in `text`: its byte range and the address.
pub(crate) fn find_email(text: &str) -> Option<(Range<usize>, String)> {
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('@')) {
        let at = from + found;
        from = at + 1;
        let before = text.get(..at)?;
        let local_len: usize = before
            .chars()
            .rev()
            .take_while(|&c| is_email_local(c))
            .map(char::len_utf8)
            .sum();
        let after = text.get(at + 1..)?;
        let domain_len: usize = after
            .chars()
            .take_while(|&c| is_email_domain(c))
            .map(char::len_utf8)
            .sum();
        let local = before
            .get(before.len() - local_len..)?
            .trim_start_matches('.');
        let domain = after.get(..domain_len)?.trim_end_matches(['.', '-']);
        let tld = domain.rsplit('.').next().unwrap_or_default();
        let valid = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.contains("..")
            && tld.len() >= 2
            && tld.chars().all(|c| c.is_ascii_alphabetic());
        if valid {
            let start = at - local.len();
            let end = at + 1 + domain.len();
            return Some((start..end, format!("{local}@{domain}")));
        }
    }
    None
}

/// `word` as an e-mail address, without surrounding punctuation or a
/// `mailto:`, when it is one and nothing else ([`find_email`]'s rules):
/// `<park@hani.co.kr>` gives `park@hani.co.kr`.
pub(crate) fn as_email(word: &str) -> Option<String> {
    let word = word
        .trim_start_matches("mailto:")
        .trim_matches(|c: char| !c.is_alphanumeric());
    let (range, address) = find_email(word)?;
    (range == (0..word.len())).then_some(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split() {
        assert_eq!(
            split_names("김철수, 이영희·박민수ㆍ최지우"),
            ["김철수", "이영희", "박민수", "최지우"]
        );
        assert_eq!(split_tags("정치, 경제,,"), ["정치", "경제"]);
        assert_eq!(split_tags(" 경제  정책,\n외교 "), ["경제 정책", "외교"]);
    }

    #[test]
    fn emails() {
        assert_eq!(
            find_email("(sisa410@sisajournal.com)").map(|(_, e)| e),
            Some("sisa410@sisajournal.com".to_owned())
        );
        assert_eq!(
            find_email("메일: hong.gil-dong@news.example.co.kr.").map(|(_, e)| e),
            Some("hong.gil-dong@news.example.co.kr".to_owned())
        );
        assert_eq!(find_email("@handle 와 a@b 와 x@y.1"), None);
        assert_eq!(find_email("홍@길동.com"), None);
        for word in ["<park@hani.co.kr>,", "mailto:park@hani.co.kr"] {
            assert_eq!(as_email(word).as_deref(), Some("park@hani.co.kr"), "{word}");
        }
        for word in [
            "문의:hong@example.com",
            "x@y.1",
            "https://example.com/@hong",
            "홍길동",
        ] {
            assert_eq!(as_email(word), None, "{word}");
        }
    }
}
