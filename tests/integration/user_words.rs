//! Words added to an index's user dictionary without indexing it again
//! (`kosearch dict add`, `Index::add_user_words`): only the documents that
//! hold a new word are analyzed again, later runs keep the words, a handle
//! opened before refuses to write, a crash between the commit and the
//! settings file is completed by the next reader, and bad words change
//! nothing.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use kosearch::analysis::UserDictionary;
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Error;
use serde_json::Value;

use crate::util::{
    copy_dir, corpus_dir, corpus_index, hit_ids, kosearch, open_index, search_json, small_writer,
    succeeds,
};

/// 아카이아 (Achaea), in one Wikipedia article of `corpus/`: mecab-ko-dic
/// reads it 아 + 카이아, so before the word is added a search for 카이아
/// finds that article, and after it none does.
const WORD: &str = "아카이아";
const PIECE: &str = "카이아";
const ARTICLE: &str = "kowiki-2951";

/// A copy of the index of `corpus/`, to change.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(corpus_index(), dir.path());
    dir
}

fn total(index: &Path, query: &str) -> u64 {
    search_json(index, &[query])["total"].as_u64().unwrap()
}

fn dict_add(index: &Path, args: &[&str]) -> Value {
    let stdout = succeeds(
        kosearch()
            .args(["dict", "add", "--json", "--index"])
            .arg(index)
            .args(args),
    );
    serde_json::from_str(&stdout).unwrap()
}

fn words(csv: &str) -> UserDictionary {
    UserDictionary::parse(csv, Path::new("<test>")).unwrap()
}

#[test]
fn dict_add_analyzes_again_only_the_documents_holding_the_word() {
    let dir = corpus_copy();
    let index = dir.path();
    assert_eq!(hit_ids(&search_json(index, &[PIECE])), [ARTICLE]);

    let report = dict_add(index, &[WORD]);
    assert_eq!(report["added"], serde_json::json!([WORD]), "{report}");
    assert_eq!(report["scanned"], 265, "{report}");
    assert_eq!(report["reanalyzed"], 1, "{report}");

    // The word is one term now: its piece no longer matches inside it.
    assert_eq!(total(index, PIECE), 0);
    let found = search_json(index, &[WORD]);
    assert_eq!(hit_ids(&found), [ARTICLE]);
    let passage = &found["hits"][0]["passages"][0];
    let text = passage["text"].as_str().unwrap();
    let highlights = passage["highlights"].as_array().unwrap();
    assert!(!highlights.is_empty(), "{found}");
    for range in highlights {
        let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
        assert_eq!(&text[start as usize..end as usize], WORD, "{passage}");
    }
    // The other documents were left as they were, and still match.
    assert_eq!(
        total(index, "세종특별자치시"),
        total(corpus_index(), "세종특별자치시")
    );

    // The same word again changes nothing.
    let again = dict_add(index, &[WORD]);
    assert_eq!(again["added"], serde_json::json!([]), "{again}");
    assert_eq!(again["reanalyzed"], 0, "{again}");

    // Indexing into it later keeps the word, without naming it.
    let output = succeeds(
        kosearch()
            .arg("index")
            .arg(corpus_dir())
            .arg("--index")
            .arg(index),
    );
    assert!(output.contains("unchanged 265"), "{output}");
    assert_eq!(total(index, PIECE), 0);

    // Leaving out a user dictionary the index has is refused, naming words.
    let refused = kosearch()
        .arg("index")
        .arg(corpus_dir())
        .args(["--no-builtin-user-dict", "--index"])
        .arg(index)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.contains("the user dictionary differs") && stderr.contains("kosearch dict add"),
        "{stderr}"
    );
}

#[test]
fn a_handle_opened_before_words_were_added_refuses_to_write_until_reopened() {
    let dir = corpus_copy();
    let before = open_index(dir.path());
    let old_searcher = Searcher::new(&before).unwrap();
    let mut changing = open_index(dir.path());
    let report = changing
        .add_user_words(&words(&format!("{WORD},NNP")), &small_writer())
        .unwrap();
    assert_eq!(report.reanalyzed, 1);
    assert!(changing.is_current());

    assert!(!before.is_current());
    match before.writer(&small_writer()) {
        Err(Error::IndexChanged { dir: changed }) => assert_eq!(changed, dir.path()),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a stale handle wrote"),
    }
    let reopened = before.reopen().unwrap();
    assert!(reopened.is_current());
    drop(reopened.writer(&small_writer()).unwrap());

    // A searcher of the new handle reads queries with the new word.
    let searcher = Searcher::new(&changing).unwrap();
    let options = SearchOptions::default();
    assert_eq!(searcher.search(PIECE, &options).unwrap().total, 0);
    assert_eq!(searcher.search(WORD, &options).unwrap().hits[0].id, ARTICLE);
    // The old one sees the new commit but still reads queries the old way.
    old_searcher.reload().unwrap();
    assert_eq!(old_searcher.documents(), 265);
}

#[test]
fn a_crash_between_the_commit_and_the_settings_file_is_completed_by_the_next_reader() {
    let dir = corpus_copy();
    let settings = dir.path().join("kosearch.json");
    let before = std::fs::read(&settings).unwrap();
    dict_add(dir.path(), &[WORD]);
    // The state a crash right after the commit leaves: the documents
    // analyzed with the word, the settings file as it was.
    std::fs::write(&settings, &before).unwrap();

    let terms: Vec<String> = open_index(dir.path())
        .analyzer()
        .analyze(WORD)
        .into_iter()
        .map(|term| term.text)
        .collect();
    assert_eq!(terms, [WORD]);
    assert_eq!(total(dir.path(), PIECE), 0);
    assert_eq!(hit_ids(&search_json(dir.path(), &[WORD])), [ARTICLE]);
    let completed = std::fs::read_to_string(&settings).unwrap();
    assert!(completed.contains(WORD), "{completed}");
}

#[test]
fn bad_words_are_refused_and_change_nothing() {
    let dir = corpus_copy();
    let settings = std::fs::read(dir.path().join("kosearch.json")).unwrap();
    let refused = |args: &[&str], says: &str| {
        let output = kosearch()
            .args(["dict", "add", "--index"])
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    };
    refused(&[WORD, "정원도시,XYZ"], "word 2 of the command line");
    refused(&["정원도시,XYZ"], "unsupported part of speech");
    refused(&["두 단어,NNG"], "contains whitespace");
    refused(&[], "no words to add");
    refused(
        &["--file", "/nonexistent/words.csv"],
        "/nonexistent/words.csv",
    );
    assert_eq!(
        std::fs::read(dir.path().join("kosearch.json")).unwrap(),
        settings
    );
    assert_eq!(total(dir.path(), PIECE), 1);

    let whitespace = tempfile::tempdir().unwrap();
    succeeds(
        kosearch()
            .args([
                "index",
                crate::util::REFERENCE,
                "--tokenizer",
                "whitespace",
                "--index",
            ])
            .arg(whitespace.path()),
    );
    let output = kosearch()
        .args(["dict", "add", WORD, "--index"])
        .arg(whitespace.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("cuts words at white space"));

    let missing = tempfile::tempdir().unwrap();
    let output = kosearch()
        .args(["dict", "add", WORD, "--index"])
        .arg(missing.path().join("none"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("no index at"));
}

#[test]
fn a_word_no_document_holds_is_recorded_and_analyzes_nothing_again() {
    let dir = corpus_copy();
    let report = dict_add(dir.path(), &["퀘이사르크,NNG"]);
    assert_eq!(report["reanalyzed"], 0, "{report}");
    assert_eq!(report["scanned"], 265, "{report}");
    let recorded = std::fs::read_to_string(dir.path().join("kosearch.json")).unwrap();
    assert!(recorded.contains("퀘이사르크,NNG"), "{recorded}");
}

/// `kosearch dict add` killed at pseudo-random moments (0 to 600 ms after
/// start: loading, scanning, analyzing, committing, writing the settings)
/// leaves the index either as it was or changed whole: its analysis and
/// its documents always agree, and nothing is lost or doubled.
#[test]
fn dict_add_killed_at_any_moment_leaves_the_index_before_or_after_the_change() {
    const ROUNDS: u64 = 8;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("dict add kill seed: {seed}");
    let mut outcomes = Vec::new();
    for round in 0..ROUNDS {
        let dir = corpus_copy();
        // Spread over the run, with a little jitter from the seed.
        let delay = Duration::from_millis(round * 75 + (seed >> round) % 75);
        let mut child = kosearch()
            .args(["dict", "add", WORD, "--index"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL, unless it has finished
        child.wait().unwrap();

        let index = open_index(dir.path());
        let terms: Vec<String> = index
            .analyzer()
            .analyze(WORD)
            .into_iter()
            .map(|term| term.text)
            .collect();
        let changed = terms == [WORD];
        let searcher = Searcher::new(&index).unwrap();
        let options = SearchOptions::default();
        let piece = searcher.search(PIECE, &options).unwrap().total;
        assert_eq!(
            piece,
            if changed { 0 } else { 1 },
            "round {round} ({delay:?}, seed {seed}): analysis and documents disagree"
        );
        assert_eq!(searcher.documents(), 265, "round {round}");
        outcomes.push(format!(
            "{delay:?}: {}",
            if changed { "after" } else { "before" }
        ));
        // Running it again completes the change.
        dict_add(dir.path(), &[WORD]);
        assert_eq!(total(dir.path(), PIECE), 0, "round {round}");
    }
    eprintln!("dict add kills: {}", outcomes.join(", "));
}
