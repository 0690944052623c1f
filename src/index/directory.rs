//! How a writer reads segments back: with file reads, not memory maps.
//!
//! tantivy's [`MmapDirectory`] maps every segment file it reads. That suits
//! searches, which touch a few pages of each file, but a merge reads all of
//! its input segments from start to end, and every page it touches stays in
//! the process's resident memory until the merge is over: merging eight
//! 5,000-article segments added some 130 MiB to the RSS of `kosearch index`,
//! so its peak grew with the corpus. [`ReadAheadDirectory`], the directory of
//! the index's writer, reads segment files with positional reads into
//! buffers that are dropped once used (as Elasticsearch's `niofs` store
//! does), so a merge holds only the parts it is working on. Sequential reads,
//! which merges make term after term, are served from a read-ahead buffer.
//! Writes, locks and everything else go to an [`MmapDirectory`].

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// Bytes read at once when reads follow one another in a file.
const READ_AHEAD: usize = 256 * 1024;

/// A directory whose files are read with positional reads; see the
/// [module](self) documentation.
#[derive(Debug, Clone)]
pub(super) struct ReadAheadDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl ReadAheadDirectory {
    pub(super) fn open(root: &Path) -> tantivy::Result<Self> {
        Ok(ReadAheadDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
        })
    }
}

impl Directory for ReadAheadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let open = || -> io::Result<ReadAheadFile> {
            let file = File::open(self.root.join(path))?;
            let len = usize::try_from(file.metadata()?.len())
                .map_err(|_| io::Error::other("the file is too large to address"))?;
            Ok(ReadAheadFile {
                file,
                len,
                path: path.to_path_buf(),
                ahead: Mutex::default(),
            })
        };
        match open() {
            Ok(file) => Ok(Arc::new(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A segment file read with positional reads.
#[derive(Debug)]
struct ReadAheadFile {
    file: File,
    len: usize,
    path: PathBuf,
    ahead: Mutex<ReadAhead>,
}

/// The bytes read ahead, from `start`, and where the last read ended.
#[derive(Debug)]
struct ReadAhead {
    start: usize,
    bytes: OwnedBytes,
    last_end: usize,
}

impl Default for ReadAhead {
    fn default() -> Self {
        ReadAhead {
            start: 0,
            bytes: OwnedBytes::empty(),
            last_end: 0,
        }
    }
}

impl ReadAheadFile {
    fn read(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut buffer = vec![0; range.len()];
        read_exact_at(&self.file, &mut buffer, range.start as u64).map_err(|e| {
            io::Error::new(e.kind(), format!("reading {}: {e}", self.path.display()))
        })?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl FileHandle for ReadAheadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut ahead = self.ahead.lock().unwrap_or_else(PoisonError::into_inner);
        let follows = range.start == ahead.last_end;
        ahead.last_end = range.end;
        let buffered = ahead.start..ahead.start + ahead.bytes.len();
        if buffered.start <= range.start && range.end <= buffered.end {
            return Ok(ahead
                .bytes
                .slice(range.start - buffered.start..range.end - buffered.start));
        }
        // A lone read (a term looked up, a file's footer) or a large one (a
        // whole store stacked by a merge) is read as asked.
        if !follows || range.len() >= READ_AHEAD {
            return self.read(range);
        }
        let end = (range.start + READ_AHEAD).min(self.len).max(range.end);
        let bytes = self.read(range.start..end)?;
        ahead.start = range.start;
        ahead.bytes = bytes.clone();
        Ok(bytes.slice(0..range.len()))
    }
}

impl HasLen for ReadAheadFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_memory_map_reads() {
        let dir = tempfile::tempdir().unwrap();
        let content: Vec<u8> = (0..3 * READ_AHEAD + 17).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("segment.idx"), &content).unwrap();
        let directory = ReadAheadDirectory::open(dir.path()).unwrap();
        let file = directory.get_file_handle("segment.idx".as_ref()).unwrap();
        assert_eq!(file.len(), content.len());
        // In sequence (served from the read-ahead), then jumping back and
        // forth, then large, empty and up to the end.
        let mut ranges: Vec<Range<usize>> = (0..content.len())
            .step_by(1000)
            .map(|start| start..(start + 1000).min(content.len()))
            .collect();
        ranges.extend([5..9, READ_AHEAD - 3..READ_AHEAD + 3, 0..content.len()]);
        ranges.extend([42..42, content.len() - 1..content.len(), 7..READ_AHEAD + 7]);
        for range in ranges {
            let bytes = file.read_bytes(range.clone()).unwrap();
            assert_eq!(bytes.as_slice(), &content[range.clone()], "{range:?}");
        }
        assert!(matches!(
            directory.get_file_handle("missing.idx".as_ref()),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
