//! The query language's one reference, `docs/query-language.md`, as the
//! code carries it: the page is the documentation of [`search::query`]
//! (`super`), and its operator table is what `kosearch search --help`
//! shows. A test runs the page's own examples against the binary.
//!
//! [`search::query`]: super

/// The reference page of the query language (`docs/query-language.md`).
pub const REFERENCE: &str = include_str!("../../../docs/query-language.md");

/// One row of the reference's operator table, its cells as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// The syntax, as written in a query: `title:`, `"…"`, `-word`.
    pub syntax: String,
    /// Examples, as written in a query, separated by `, `.
    pub example: String,
    /// What it does.
    pub meaning: String,
}

/// The operators of the reference's table, in its order.
pub fn operators() -> Vec<Operator> {
    let Some((_, table)) = REFERENCE.split_once("\n## Operators\n") else {
        return Vec::new();
    };
    table
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        // The header and its rule.
        .skip(2)
        .filter_map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
            match cells.as_slice() {
                [syntax, example, meaning] => Some(Operator {
                    syntax: plain(syntax),
                    example: plain(example),
                    meaning: plain(meaning),
                }),
                _ => None,
            }
        })
        .collect()
}

/// The operator table as `--help` text: each syntax and its examples, then
/// its meaning indented and wrapped to about `width` characters.
pub fn help_text(width: usize) -> String {
    let mut text = String::new();
    for operator in operators() {
        text.push_str(&format!("  {:<11} {}\n", operator.syntax, operator.example));
        let mut line = String::new();
        for word in operator.meaning.split(' ') {
            if !line.is_empty() && 6 + line.chars().count() + 1 + word.chars().count() > width {
                text.push_str(&format!("      {line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        text.push_str(&format!("      {line}\n"));
    }
    text
}

/// A Markdown cell as plain text: code spans without their backticks, links
/// as their text.
fn plain(cell: &str) -> String {
    let mut text = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(at) = rest.find(['`', '[']) {
        text.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if rest[at..].starts_with('`') {
            let end = after.find('`').unwrap_or(after.len());
            text.push_str(&after[..end]);
            rest = after.get(end + 1..).unwrap_or("");
            continue;
        }
        // `[text](target)` becomes `text`; any other `[` stays.
        match after.split_once("](").and_then(|(label, tail)| {
            let close = tail.find(')')?;
            (!label.contains('`')).then_some((label, &tail[close + 1..]))
        }) {
            Some((label, tail)) => {
                text.push_str(label);
                rest = tail;
            }
            None => {
                text.push('[');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{MAX_BOOST, MAX_QUERY_WORDS};

    #[test]
    fn the_operator_table_is_read_whole_and_as_plain_text() {
        let operators = operators();
        let syntaxes: Vec<&str> = operators.iter().map(|op| op.syntax.as_str()).collect();
        for expected in [
            "OR",
            "\"…\"",
            "-word",
            "title:",
            "date:A..B",
            "since:",
            "^N",
        ] {
            assert!(syntaxes.contains(&expected), "{expected} in {syntaxes:?}");
        }
        let question = operators.iter().find(|op| op.syntax == "…?").unwrap();
        assert_eq!(question.example, "세종시와 서울시가 맺은 협약은?");
        assert!(question.meaning.starts_with("a question: any of its words"));
        for operator in &operators {
            for cell in [&operator.syntax, &operator.example, &operator.meaning] {
                assert!(!cell.is_empty() && !cell.contains('`') && !cell.contains("]("));
            }
        }
        let help = help_text(80);
        assert!(help.contains("  title:      title:협약, title:\"업무 협약\"\n      the words"));
    }

    #[test]
    fn the_reference_states_the_limits_the_code_has() {
        let words = format!(
            "at most {},{:03} words",
            MAX_QUERY_WORDS / 1000,
            MAX_QUERY_WORDS % 1000
        );
        assert!(REFERENCE.contains(&words), "{words}");
        let boosts = format!(
            "0 to {},{:03}",
            MAX_BOOST as u32 / 1000,
            MAX_BOOST as u32 % 1000
        );
        assert!(REFERENCE.contains(&boosts), "{boosts}");
    }

    #[test]
    fn markdown_cells_become_plain_text() {
        assert_eq!(
            plain("a [question](#questions): `세종`"),
            "a question: 세종"
        );
        assert_eq!(plain("`[a]`, [b] c"), "[a], [b] c");
        assert_eq!(plain("`unclosed"), "unclosed");
    }
}
