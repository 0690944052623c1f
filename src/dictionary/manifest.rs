//! The install manifest, `kosearch-dictionary.json`.
//!
//! It is written last into a freshly built dictionary, so its presence is
//! what makes a directory an installed dictionary, and it records the size of
//! every built file, so a truncated or half-copied dictionary is recognised
//! before lindera maps it.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::spaces::Spaces;
use super::DICTIONARY_VERSION;

/// File name of the manifest inside a dictionary directory.
pub(super) const MANIFEST_FILE: &str = "kosearch-dictionary.json";

/// The lindera release line whose artifact format kosearch builds and reads.
const LINDERA_VERSION: &str = "6.2";

/// What an installed dictionary directory holds and where it came from.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Manifest {
    /// The dictionary data version, [`DICTIONARY_VERSION`] when built.
    pub(super) version: String,
    /// The lindera release line that built the artifacts.
    pub(super) lindera: String,
    /// Human-readable description of the source it was built from.
    pub(super) source: String,
    /// SHA-256 of the source archive, when the source was a single file.
    #[serde(default)]
    pub(super) source_sha256: Option<String>,
    /// When the build finished, in seconds since the Unix epoch.
    pub(super) built_at: u64,
    /// Every built file, sorted by name.
    pub(super) files: Vec<BuiltFile>,
    /// Where the dictionary lets a word run across white space; `None` in
    /// dictionaries installed before kosearch recorded it.
    #[serde(default)]
    pub(super) spaces: Option<Spaces>,
}

/// One file of a built dictionary.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct BuiltFile {
    /// File name inside the dictionary directory.
    pub(super) name: String,
    /// Size in bytes.
    pub(super) bytes: u64,
}

/// Why a manifest could not be read.
#[derive(Debug)]
pub(super) enum ReadError {
    /// The directory or its manifest does not exist.
    Absent,
    /// The manifest exists but reading it failed.
    Io { path: PathBuf, source: io::Error },
    /// The manifest is not what kosearch writes.
    Invalid(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Absent => write!(f, "{MANIFEST_FILE} is missing"),
            ReadError::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            ReadError::Invalid(detail) => f.write_str(detail),
        }
    }
}

impl Manifest {
    /// Describes the freshly built dictionary in `dir`, listing its files.
    pub(super) fn describe(
        dir: &Path,
        source: String,
        source_sha256: Option<String>,
        spaces: Spaces,
    ) -> io::Result<Manifest> {
        let mut files = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let metadata = entry.metadata()?;
            if metadata.is_file() {
                files.push(BuiltFile {
                    name: entry.file_name().to_string_lossy().into_owned(),
                    bytes: metadata.len(),
                });
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let built_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Ok(Manifest {
            version: DICTIONARY_VERSION.to_string(),
            lindera: LINDERA_VERSION.to_string(),
            source,
            source_sha256,
            built_at,
            files,
            spaces: Some(spaces),
        })
    }

    /// Reads the manifest of the dictionary in `dir`.
    pub(super) fn read(dir: &Path) -> Result<Manifest, ReadError> {
        if !dir.is_dir() {
            return Err(ReadError::Absent);
        }
        let path = dir.join(MANIFEST_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(ReadError::Absent),
            Err(source) => return Err(ReadError::Io { path, source }),
        };
        serde_json::from_slice(&bytes)
            .map_err(|err| ReadError::Invalid(format!("{MANIFEST_FILE} is damaged: {err}")))
    }

    /// Writes the manifest into `dir` and flushes it to disk.
    pub(super) fn write(&self, dir: &Path) -> io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        let mut file = fs::File::create(dir.join(MANIFEST_FILE))?;
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        file.sync_all()
    }

    /// Checks that the dictionary in `dir` is the one this manifest
    /// describes and that this build of kosearch can read it; the error is a
    /// short description of the first problem found.
    pub(super) fn verify(&self, dir: &Path) -> Result<(), String> {
        if self.lindera != LINDERA_VERSION {
            return Err(format!(
                "it was built for lindera {}, this kosearch reads lindera {LINDERA_VERSION}",
                self.lindera
            ));
        }
        if self.version != DICTIONARY_VERSION {
            return Err(format!(
                "it holds {}, this kosearch needs {DICTIONARY_VERSION}",
                self.version
            ));
        }
        if self.files.is_empty() {
            return Err(format!("{MANIFEST_FILE} lists no files"));
        }
        for file in &self.files {
            let name = &file.name;
            if Path::new(name).file_name() != Some(name.as_ref()) {
                return Err(format!(
                    "{MANIFEST_FILE} lists an invalid file name {name:?}"
                ));
            }
            let found = match fs::metadata(dir.join(name)) {
                Ok(metadata) if metadata.is_file() => metadata.len(),
                Ok(_) => return Err(format!("{name} is not a file")),
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    return Err(format!("file {name} is missing"))
                }
                Err(err) => return Err(format!("cannot read file {name}: {err}")),
            };
            let expected = file.bytes;
            if found < expected {
                return Err(format!(
                    "file {name} is truncated (expected {expected} bytes, found {found})"
                ));
            }
            if found > expected {
                return Err(format!(
                    "file {name} has the wrong size (expected {expected} bytes, found {found})"
                ));
            }
        }
        Ok(())
    }
}

/// What is in the way at `dir`, which has no manifest: `None` when there is
/// nothing there (no directory, or an empty one).
pub(super) fn unmanaged_content(dir: &Path) -> Option<String> {
    match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some().then(|| {
            format!(
                "{} has no {MANIFEST_FILE}: it is not a kosearch dictionary",
                dir.display()
            )
        }),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(_) if !dir.is_dir() => Some(format!("{} is not a directory", dir.display())),
        Err(err) => Some(format!("cannot read {}: {err}", dir.display())),
    }
}

/// Total size in bytes of the files directly inside `dir`; 0 when it cannot
/// be listed.
pub(super) fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .filter(fs::Metadata::is_file)
        .map(|metadata| metadata.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Manifest) {
        let dir = tempfile::tempdir().unwrap();
        for (name, contents) in files {
            fs::write(dir.path().join(name), contents).unwrap();
        }
        let spaces = Spaces {
            chars: " ".into(),
            keys: Vec::new(),
        };
        let manifest = Manifest::describe(dir.path(), "test".into(), None, spaces).unwrap();
        manifest.write(dir.path()).unwrap();
        (dir, manifest)
    }

    #[test]
    fn round_trips_and_verifies() {
        let (dir, _) = built(&[("b.bin", b"bb"), ("a.bin", b"a")]);
        let manifest = Manifest::read(dir.path()).unwrap();
        let names: Vec<_> = manifest.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.bin", "b.bin"]);
        assert_eq!(manifest.verify(dir.path()), Ok(()));
        assert_eq!(
            dir_size(dir.path()),
            3 + fs::metadata(dir.path().join(MANIFEST_FILE)).unwrap().len()
        );
    }

    #[test]
    fn reports_size_changes_and_missing_files() {
        let (dir, manifest) = built(&[("a.bin", b"abc"), ("b.bin", b"b")]);
        fs::write(dir.path().join("a.bin"), b"ab").unwrap();
        assert_eq!(
            manifest.verify(dir.path()),
            Err("file a.bin is truncated (expected 3 bytes, found 2)".into())
        );
        fs::write(dir.path().join("a.bin"), b"abcd").unwrap();
        assert_eq!(
            manifest.verify(dir.path()),
            Err("file a.bin has the wrong size (expected 3 bytes, found 4)".into())
        );
        fs::remove_file(dir.path().join("a.bin")).unwrap();
        assert_eq!(
            manifest.verify(dir.path()),
            Err("file a.bin is missing".into())
        );
    }

    #[test]
    fn rejects_foreign_manifests() {
        let (dir, mut manifest) = built(&[("a.bin", b"a")]);
        manifest.files[0].name = "../a.bin".into();
        assert!(manifest
            .verify(dir.path())
            .unwrap_err()
            .contains("invalid file name"));
        manifest.lindera = "5.0".into();
        assert!(manifest
            .verify(dir.path())
            .unwrap_err()
            .contains("lindera 5.0"));

        fs::write(dir.path().join(MANIFEST_FILE), b"{not json").unwrap();
        assert!(matches!(
            Manifest::read(dir.path()),
            Err(ReadError::Invalid(_))
        ));
        fs::remove_file(dir.path().join(MANIFEST_FILE)).unwrap();
        assert!(matches!(Manifest::read(dir.path()), Err(ReadError::Absent)));
        assert!(matches!(
            Manifest::read(&dir.path().join("nope")),
            Err(ReadError::Absent)
        ));
    }

    #[test]
    fn tells_what_is_in_the_way() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unmanaged_content(&dir.path().join("nope")), None);
        assert_eq!(unmanaged_content(dir.path()), None);
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(unmanaged_content(&file)
            .unwrap()
            .ends_with("is not a directory"));
        assert!(unmanaged_content(dir.path())
            .unwrap()
            .ends_with("it is not a kosearch dictionary"));
    }
}
