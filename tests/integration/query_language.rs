//! The query language's one reference, `docs/query-language.md`, against
//! what the binary does and says: its operator table in `kosearch search
//! --help`, the totals its examples promise on `corpus/`, and the README's
//! search examples.

use std::process::Command;

use kosearch::search::query::language::{operators, REFERENCE};

use crate::util::{corpus_index, kosearch, manifest_dir, search_json, succeeds};

#[test]
fn search_help_shows_every_operator_of_the_reference() {
    let help = succeeds(kosearch().args(["search", "--help"]));
    let operators = operators();
    assert!(operators.len() >= 20, "{operators:?}");
    for operator in operators {
        let row = format!("  {:<11} {}\n", operator.syntax, operator.example);
        assert!(help.contains(&row), "`{row}` missing from --help:\n{help}");
        let first_words: String = operator
            .meaning
            .split(' ')
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(help.contains(&first_words), "{first_words}");
    }
}

/// The reference's "Checking it yourself" lines: `q 'QUERY'   # TOTAL …`.
fn checked_examples() -> Vec<(String, u64)> {
    let (_, section) = REFERENCE
        .split_once("## Checking it yourself")
        .expect("the reference has its examples");
    section
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("q ")?;
            let quote = rest.chars().next()?;
            let end = rest[1..].find(quote)? + 1;
            let query = rest[1..end].to_string();
            let total = rest[end + 1..]
                .trim()
                .strip_prefix('#')?
                .split_whitespace()
                .next()?;
            Some((query, total.parse().ok()?))
        })
        .collect()
}

#[test]
fn the_references_examples_find_what_it_says_on_the_corpus() {
    let examples = checked_examples();
    assert!(examples.len() >= 14, "{examples:?}");
    for (query, expected) in examples {
        let results = search_json(corpus_index(), &["--limit", "0", "--", &query]);
        assert_eq!(results["total"], expected, "{query}");
    }
}

/// Splits a shell command line's arguments as `sh` does.
fn shell_words(line: &str) -> Vec<String> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s\\0' {line}"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{line}");
    String::from_utf8(output.stdout)
        .unwrap()
        .split_terminator('\0')
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readmes_search_examples_run_and_find_documents() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let mut ran = 0;
    for line in readme.lines() {
        let line = line.strip_prefix("$ ").unwrap_or(line);
        let Some(arguments) = line.strip_prefix("kosearch search ") else {
            continue;
        };
        let arguments = arguments.split(" # ").next().unwrap().trim();
        let mut args = vec!["--limit".to_string(), "1".into()];
        args.extend(
            shell_words(arguments)
                .into_iter()
                .filter(|arg| arg != "--json"),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let results = search_json(corpus_index(), &args);
        assert!(results["total"].as_u64().unwrap() > 0, "{line}: {results}");
        ran += 1;
    }
    assert!(ran >= 3, "the README's search examples were not found");
}
