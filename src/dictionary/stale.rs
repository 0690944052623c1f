//! Cleaning up after killed runs: the install's work folders and the
//! download's partial files are named with a known prefix, and whatever
//! still has that name when a new run starts is left over. Both the install
//! and the source download use it, so it sits beneath both.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

/// Removes whatever in `parent` is named starting with `prefix`: work left
/// behind by killed runs (an install's hidden folder, a partial download).
/// Failures only mean some disk space stays used.
pub(super) fn remove_stale(parent: &Path, prefix: impl AsRef<OsStr>) {
    let prefix = prefix.as_ref().as_encoded_bytes();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().as_encoded_bytes().starts_with(prefix) {
            let path = entry.path();
            let _ = match entry.file_type() {
                Ok(kind) if kind.is_dir() => fs::remove_dir_all(&path),
                _ => fs::remove_file(&path),
            };
        }
    }
}
