//! Walking folders: recursion, filters, hidden files, symlink loops, stable
//! ids, and every kind of bad file reported instead of stopping the run.

use std::fs;
use std::path::{Path, PathBuf};

use kosearch::corpus::{Corpus, ReadOptions, ReadReport};
use kosearch::Article;

const ARTICLE: &str = "세종시-서울시, 상호 교류 강화 업무협약 체결\n\n\
최민호 세종특별자치시장은 오세훈 서울특별시장과 10일 업무협약을 체결했다.\n";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn read(paths: &[PathBuf], options: ReadOptions) -> (Vec<Article>, ReadReport) {
    let mut corpus = Corpus::new(paths, options).unwrap();
    let articles: Vec<Article> = corpus.by_ref().flatten().collect();
    (articles, corpus.into_report())
}

fn ids(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn folders_are_walked_recursively_in_a_stable_order_with_relative_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = &dir.path().join("news");
    write(&root.join("b.txt"), ARTICLE);
    write(&root.join("a/2023/04/article.txt"), ARTICLE);
    write(
        &root.join("a/news.jsonl"),
        "{\"id\":\"n1\",\"title\":\"제목\",\"body\":\"본문입니다.\"}\n",
    );
    write(&root.join(".hidden/secret.txt"), ARTICLE);
    write(&root.join(".draft.txt"), ARTICLE);
    write(&root.join("notes.md"), "# not an article");
    let (articles, report) = read(&[root.to_path_buf()], ReadOptions::default());
    assert_eq!(
        ids(&articles),
        ["news/a/2023/04/article.txt", "n1", "news/b.txt"]
    );
    assert_eq!(report.read, 3);
    assert_eq!(report.ignored_files, 1, "notes.md is not a corpus format");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);

    // A file named directly gets its file name as id.
    let (articles, _) = read(&[root.join("b.txt")], ReadOptions::default());
    assert_eq!(ids(&articles), ["b.txt"]);

    // Without the folder's name, as earlier versions made ids.
    let options = ReadOptions {
        folder_in_ids: false,
        ..ReadOptions::default()
    };
    let (articles, _) = read(&[root.to_path_buf()], options);
    assert_eq!(ids(&articles), ["a/2023/04/article.txt", "n1", "b.txt"]);
}

#[test]
fn inputs_with_the_same_name_are_refused_and_a_repeated_input_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("2023/001.txt"), ARTICLE);
    write(&root.join("2024/001.txt"), ARTICLE);
    write(&root.join("old/2023/001.txt"), ARTICLE);
    let (articles, report) = read(
        &[root.join("2023"), root.join("2024"), root.join("2023/.")],
        ReadOptions::default(),
    );
    assert_eq!(ids(&articles), ["2023/001.txt", "2024/001.txt"]);
    assert!(report.altered.is_empty(), "{:?}", report.altered);

    for same_name in [
        [root.join("2023"), root.join("old/2023")],
        [root.join("2023/001.txt"), root.join("2024/001.txt")],
    ] {
        let Err(err) = Corpus::new(&same_name, ReadOptions::default()) else {
            panic!("{same_name:?} are both read");
        };
        assert!(err.to_string().contains("are both named"), "{err}");
    }
}

#[test]
fn include_and_exclude_globs() {
    let dir = tempfile::tempdir().unwrap();
    let root = &dir.path().join("news");
    write(&root.join("2022/a.txt"), ARTICLE);
    write(&root.join("2023/b.txt"), ARTICLE);
    write(&root.join("2023/draft-c.txt"), ARTICLE);
    let options = ReadOptions {
        include: vec!["2023/**".into()],
        exclude: vec!["**/draft-*".into()],
        ..ReadOptions::default()
    };
    let (articles, _) = read(&[root.to_path_buf()], options);
    assert_eq!(ids(&articles), ["news/2023/b.txt"]);

    let bad = ReadOptions {
        include: vec!["[".into()],
        ..ReadOptions::default()
    };
    assert!(Corpus::new(&[root.to_path_buf()], bad).is_err());
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    let root = &dir.path().join("news");
    write(&root.join("sub/a.txt"), ARTICLE);
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    let (articles, report) = read(&[root.to_path_buf()], ReadOptions::default());
    assert_eq!(ids(&articles), ["news/sub/a.txt"]);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].reason.contains("loop"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn bad_files_are_skipped_and_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = &dir.path().join("news");
    write(&root.join("1-empty.txt"), "");
    write(
        &root.join("2-binary.txt"),
        [0u8, 1, 2, 3, 0, 159, 146, 150, 0, 0],
    );
    write(&root.join("3-huge.txt"), ARTICLE.repeat(100));
    write(&root.join("4-good.txt"), ARTICLE);
    write(
        &root.join("5-euc-kr.txt"),
        encoding_rs::EUC_KR.encode(ARTICLE).0,
    );
    write(
        &root.join("6-lines.jsonl"),
        "{\"id\":\"x\",\"title\":\"t\",\"body\":\"첫 줄.\"}\n{broken json\n{\"id\":\"x\",\"title\":\"t\",\"body\":\"다시.\"}\n",
    );
    let options = ReadOptions {
        max_document_size: 2_000,
        ..ReadOptions::default()
    };
    let (articles, report) = read(&[root.to_path_buf(), root.join("missing")], options);
    assert_eq!(
        ids(&articles),
        ["news/4-good.txt", "news/5-euc-kr.txt", "x", "x"]
    );
    assert_eq!(
        articles[0].body, articles[1].body,
        "EUC-KR decodes to the same text"
    );

    let reasons: Vec<String> = report
        .skipped
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s.path.file_name().unwrap().to_string_lossy(),
                s.reason
            )
        })
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    assert!(reasons[0].starts_with("1-empty.txt empty file"));
    assert!(reasons[1].starts_with("2-binary.txt binary"));
    assert!(
        reasons[2].starts_with("3-huge.txt ")
            && reasons[2].ends_with("over the limit of 2000 bytes per document"),
        "{}",
        reasons[2]
    );
    assert_eq!(report.skipped_for_size(), 1);
    assert!(reasons[3].starts_with("6-lines.jsonl"));
    assert_eq!(report.skipped[3].line, Some(2));
    assert!(reasons[4].starts_with("missing cannot read"));

    let altered: Vec<&str> = report.altered.iter().map(|n| n.reason.as_str()).collect();
    assert!(altered.iter().any(|r| r.contains("EUC-KR")), "{altered:?}");
    assert!(
        altered.iter().any(|r| r.contains("duplicate id")),
        "{altered:?}"
    );

    // The report serializes for --report FILE.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["skipped"][3]["line"], 2);
}
