//! Building the dictionary and putting it in place atomically.
//!
//! All the work happens in a hidden folder next to the target directory,
//! `.<name>.tmp-<pid>-<random>`, on the same filesystem: the sources are
//! staged in its `src/`, the dictionary is built into its `dict/`, the
//! manifest is written last, and `dict/` is renamed onto the target. A
//! killed install leaves only that hidden folder, which the next install
//! removes.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lindera_dictionary::builder::DictionaryBuilder;
use tempfile::TempDir;

use super::manifest::{dir_size, unmanaged_content, Manifest, ReadError, MANIFEST_FILE};
use super::source::{stage, DictionarySource};
use super::spaces::Spaces;
use super::stale::remove_stale;
use super::{lindera_message, load_lindera, source_metadata, DictionaryMemory};
use crate::{Error, Result};

/// How often each context id occurs in a corpus, from the lindera-ko-dic
/// 6.2.0 crate (MIT); it lets lindera lay out the connection-cost matrix so
/// that the hot rows share cache lines.
const CONTEXT_ID_FREQ: &str = include_str!("ko-dic-context-id-freq.txt");

/// What [`install()`] should build the dictionary from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallOptions {
    /// Where the source files come from.
    pub source: DictionarySource,
    /// Rebuild even if a valid dictionary is already installed.
    pub force: bool,
}

/// What [`install()`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct InstallReport {
    /// The dictionary directory.
    pub dir: PathBuf,
    /// True when a valid dictionary was already there and nothing was done.
    pub already_installed: bool,
    /// Description of what the dictionary was built from.
    pub source: String,
    /// Wall-clock time the call took, in seconds.
    pub seconds: f64,
    /// Total size of the installed files, in bytes.
    pub size_bytes: u64,
}

/// Installs the dictionary into `dir`, building it from `options.source`.
///
/// Idempotent and atomic: if `dir` already holds a complete, valid install
/// (and `!force`), returns `already_installed = true` having done no work;
/// an install made before kosearch recorded the white space facts the
/// analysis cache needs is rebuilt.
/// Otherwise the sources are staged and the dictionary is built in a hidden
/// folder next to `dir`, its manifest is written last, and it is renamed
/// into place; a dictionary being replaced (`force`, or a broken one) is
/// renamed aside and removed after the swap, so `dir` is briefly absent but
/// never half-written. Work folders left by killed installs are removed.
///
/// `dir` may not exist yet, or be empty, or hold a kosearch dictionary; any
/// other existing directory is refused rather than overwritten. Two installs
/// into the same `dir` at the same time are not supported: one of them may
/// fail.
///
/// `log` receives short human progress lines ("downloading ...",
/// "building ...").
pub fn install(
    dir: &Path,
    options: &InstallOptions,
    log: &mut dyn FnMut(&str),
) -> Result<InstallReport> {
    let started = Instant::now();
    let current = Manifest::read(dir);
    if let (false, Ok(manifest)) = (options.force, &current) {
        if manifest.spaces.is_none() {
            log("rebuilding: this install predates the record the analysis cache needs");
        } else if manifest.verify(dir).is_ok()
            && load_lindera(dir, DictionaryMemory::Mapped).is_ok()
        {
            return Ok(InstallReport {
                dir: dir.to_path_buf(),
                already_installed: true,
                source: manifest.source.clone(),
                seconds: started.elapsed().as_secs_f64(),
                size_bytes: dir_size(dir),
            });
        }
    }
    match current {
        Ok(_) | Err(ReadError::Invalid(_)) => {}
        Err(ReadError::Io { path, source }) => return Err(Error::io(path, source)),
        Err(ReadError::Absent) => {
            if let Some(problem) = unmanaged_content(dir) {
                return Err(Error::DictionaryInstall(format!(
                    "{problem}; remove it or choose another dictionary directory"
                )));
            }
        }
    }

    let place = Place::of(dir)?;
    let work = place.work_area()?;
    let built = work.path().join("dict");
    let manifest = build_into(&built, &options.source, work.path(), log)?;
    place.swap_in(&built, log)?;
    drop(work);
    log(&format!("installed into {}", dir.display()));
    Ok(InstallReport {
        dir: dir.to_path_buf(),
        already_installed: false,
        source: manifest.source,
        seconds: started.elapsed().as_secs_f64(),
        size_bytes: dir_size(dir),
    })
}

/// Where a dictionary directory really is, and the names of its work folders.
struct Place {
    /// The directory, with symbolic links resolved.
    target: PathBuf,
    /// Its parent, which holds the work folders.
    parent: PathBuf,
    /// Its file name.
    name: OsString,
}

impl Place {
    /// Locates `dir`, creating its parent and removing the work folders
    /// killed installs left there.
    fn of(dir: &Path) -> Result<Place> {
        // Work next to the real directory, so that the final rename stays on
        // one filesystem even when `dir` is a symbolic link.
        let target = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let Some(name) = target.file_name().map(OsStr::to_os_string) else {
            return Err(Error::DictionaryInstall(format!(
                "{} cannot hold a dictionary; pass a directory such as ~/kosearch-dict",
                dir.display()
            )));
        };
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|err| Error::io(&parent, err))?;
        let place = Place {
            target,
            parent,
            name,
        };
        remove_stale(&place.parent, place.hidden(".tmp-"));
        remove_stale(&place.parent, place.hidden(".old-"));
        Ok(place)
    }

    /// `.<name><suffix>`, the name of one of the work folders.
    fn hidden(&self, suffix: &str) -> OsString {
        let mut hidden = OsString::from(".");
        hidden.push(&self.name);
        hidden.push(suffix);
        hidden
    }

    /// Creates the install's work folder, `.<name>.tmp-<pid>-<random>`; it
    /// is removed on drop.
    fn work_area(&self) -> Result<TempDir> {
        let work = tempfile::Builder::new()
            .prefix(&self.hidden(&format!(".tmp-{}-", std::process::id())))
            .tempdir_in(&self.parent)
            .map_err(|err| Error::io(&self.parent, err))?;
        // lindera finds the lexicons with the glob `<dir>/*.csv`, which goes
        // wrong when the path looks like a pattern.
        if work
            .path()
            .to_str()
            .is_none_or(|path| path.contains(['*', '?', '[']))
        {
            return Err(Error::DictionaryInstall(format!(
                "the dictionary builder cannot work in {}: its path is not UTF-8 or contains \
                 * ? or [; choose another dictionary directory",
                self.parent.display()
            )));
        }
        Ok(work)
    }

    /// Renames the complete dictionary `built` onto the target. An existing
    /// target is first renamed aside (and back, should the swap fail), then
    /// removed.
    fn swap_in(&self, built: &Path, log: &mut dyn FnMut(&str)) -> Result<()> {
        let aside = self
            .parent
            .join(self.hidden(&format!(".old-{}", std::process::id())));
        let replacing = fs::symlink_metadata(&self.target).is_ok();
        if replacing {
            fs::rename(&self.target, &aside).map_err(|err| Error::io(&self.target, err))?;
        }
        if let Err(err) = fs::rename(built, &self.target) {
            if replacing {
                let _ = fs::rename(&aside, &self.target);
            }
            return Err(Error::io(&self.target, err));
        }
        if replacing && let Err(err) = fs::remove_dir_all(&aside) {
            log(&format!(
                "could not remove the replaced dictionary {}: {err}",
                aside.display()
            ));
        }
        Ok(())
    }
}

/// Stages the sources of `source` in `work` and builds the complete
/// dictionary, manifest last, into `built`.
fn build_into(
    built: &Path,
    source: &DictionarySource,
    work: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<Manifest> {
    let staged = stage(source, work, log)?;
    log("building the dictionary (this takes a few seconds)");
    let freq = work.join("context-id-freq.txt");
    fs::write(&freq, CONTEXT_ID_FREQ).map_err(|err| Error::io(&freq, err))?;
    DictionaryBuilder::new(source_metadata())
        .with_context_id_freq(freq)
        .build_dictionary(&staged.dir, built)
        .map_err(|err| {
            Error::DictionaryInstall(format!(
                "building the dictionary from {} failed: {}; the source files may be damaged",
                staged.description,
                lindera_message(&err)
            ))
        })?;
    let dictionary = load_lindera(built, DictionaryMemory::Mapped).map_err(|detail| {
        Error::DictionaryInstall(format!(
            "the dictionary built from {} does not load ({detail}); the source files may be damaged",
            staged.description
        ))
    })?;
    let spaces = Spaces::find(&dictionary, &staged.dir).map_err(|detail| {
        Error::DictionaryInstall(format!(
            "the dictionary built from {} cannot be read back ({detail}); the source files may \
             be damaged",
            staged.description
        ))
    })?;
    drop(dictionary);
    sync_files(built).map_err(|err| Error::io(built, err))?;
    let manifest = Manifest::describe(built, staged.description, staged.sha256, spaces)
        .map_err(|err| Error::io(built, err))?;
    manifest
        .write(built)
        .map_err(|err| Error::io(built.join(MANIFEST_FILE), err))?;
    Ok(manifest)
}

/// Flushes every file in `dir` to disk, so that the rename into place
/// publishes complete files.
fn sync_files(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::OpenOptions::new()
                .write(true)
                .open(entry.path())?
                .sync_all()?;
        }
    }
    Ok(())
}
