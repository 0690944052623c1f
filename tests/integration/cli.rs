//! The command line itself, through the real binary: the exit codes
//! `--help` lists (and docs/cli.md repeats) are the ones the commands
//! return; the shell completions and the man page cover every command.

use std::collections::BTreeMap;

use crate::util::{kosearch, manifest_dir, run, succeeds};

/// The commands a user can type (`serve` when the server is built in).
fn commands() -> Vec<&'static str> {
    let mut commands = vec![
        "dict",
        "analyze",
        "index",
        "delete",
        "optimize",
        "search",
        "stats",
        "eval",
        "completions",
        "man",
    ];
    if cfg!(feature = "serve") {
        commands.push("serve");
    }
    commands
}

/// The exit codes and their meanings listed at the end of `kosearch --help`.
fn exit_codes_in_help() -> BTreeMap<i32, String> {
    let help = succeeds(kosearch().arg("--help"));
    let (_, list) = help
        .split_once("Exit codes:\n")
        .unwrap_or_else(|| panic!("no exit codes in --help:\n{help}"));
    list.lines()
        .map(|line| {
            let (code, meaning) = line.trim().split_once("  ").unwrap();
            (code.parse().unwrap(), meaning.to_string())
        })
        .collect()
}

#[test]
fn help_lists_every_exit_code_the_commands_return() {
    let listed = exit_codes_in_help();
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("one-bad-line.jsonl");
    std::fs::write(&lines, "{\"id\": \"a\", \"body\": \"세종시\"}\nnot json\n").unwrap();
    let index = dir.path().join("index");
    let no_index = dir.path().join("none");
    let cases: [(&str, Vec<&std::ffi::OsStr>); 4] = [
        ("success", vec!["dict".as_ref(), "status".as_ref()]),
        (
            "a document skipped",
            vec![
                "index".as_ref(),
                lines.as_os_str(),
                "--index".as_ref(),
                index.as_os_str(),
            ],
        ),
        (
            "a bad flag",
            vec![
                "search".as_ref(),
                "--limt".as_ref(),
                "3".as_ref(),
                "세종".as_ref(),
            ],
        ),
        (
            "no index",
            vec!["stats".as_ref(), "--index".as_ref(), no_index.as_os_str()],
        ),
    ];
    let mut returned = BTreeMap::new();
    for (case, args) in cases {
        let output = kosearch().args(args).output().unwrap();
        returned.insert(output.status.code().unwrap(), case);
    }
    assert_eq!(
        listed.keys().collect::<Vec<_>>(),
        returned.keys().collect::<Vec<_>>(),
        "listed in --help: {listed:?}; returned: {returned:?}"
    );
}

#[test]
fn the_exit_codes_in_the_docs_are_those_of_the_help() {
    let path = manifest_dir().join("docs/cli.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let table: BTreeMap<i32, String> = docs
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .strip_prefix("| ")?
                .strip_suffix(" |")?
                .split(" | ")
                .collect();
            let [code, meaning] = cells[..] else {
                return None;
            };
            Some((code.parse().ok()?, meaning.to_string()))
        })
        .collect();
    assert_eq!(table, exit_codes_in_help(), "{}", path.display());
}

#[test]
fn completion_scripts_cover_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = succeeds(kosearch().args(["completions", shell]));
        for command in commands() {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        assert!(script.contains("index"), "{shell}: no --index");
    }
    // Bash reads the script and registers it; it completes each command.
    let script = succeeds(kosearch().args(["completions", "bash"]));
    for command in commands() {
        assert!(
            script.contains(&format!("kosearch,{command})")),
            "bash: {command}"
        );
    }
    let registered = succeeds(
        std::process::Command::new("bash").args(["-c", &format!("{script}\ncomplete -p kosearch")]),
    );
    assert!(registered.contains("kosearch"), "{registered}");

    let output = run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bash"));
}

#[test]
fn the_man_page_covers_every_command_and_the_exit_codes() {
    let page = succeeds(kosearch().arg("man"));
    assert!(page.contains(".TH kosearch 1"), "{page}");
    for command in commands() {
        assert!(
            page.contains(&format!(r"kosearch\-{command}(1)")),
            "no {command}"
        );
    }
    let (_, exit_status) = page.split_once(".SH \"EXIT STATUS\"\n").unwrap();
    for code in exit_codes_in_help().keys() {
        assert!(
            exit_status.contains(&format!(".TP\n{code}\n")),
            "no exit code {code}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    succeeds(kosearch().arg("man").arg("--out-dir").arg(dir.path()));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kosearch.1")).unwrap(),
        page
    );
    let search = std::fs::read_to_string(dir.path().join("kosearch-search.1")).unwrap();
    assert!(search.contains(r"\-\-limit"), "{search}");
    for command in commands() {
        let name = format!("kosearch-{command}.1");
        assert!(dir.path().join(&name).exists(), "no {name}");
    }
}
