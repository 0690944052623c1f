//! How a loaded dictionary's tables are held in memory
//! ([`DictionaryMemory`]), and loading lindera's dictionary that way.
//!
//! Segmentation looks words up in three tables of the dictionary, at
//! places no cache can predict: the trie of its keys (11 MB for
//! mecab-ko-dic), the entries of each key (11 MB) and the matrix of
//! connection costs (21 MB). With the system's ordinary 4 KiB pages, most
//! of those reads also miss the processor's table of page translations (it
//! covers a few megabytes), and each miss costs a walk of the page tables.
//! Held in 2 MiB pages, the same 43 MB take some twenty translations
//! instead of ten thousand.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
use lindera_dictionary::util::Data;

use super::lindera_message;

/// How [`KoreanDictionary::load_with`](super::KoreanDictionary::load_with)
/// holds the dictionary's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DictionaryMemory {
    /// Mapped from the dictionary's files and read as segmentation reaches
    /// them: loading costs nothing, and processes share the pages. Best for
    /// a program that analyzes a little and exits (one search, one query).
    #[default]
    Mapped,
    /// The segmentation tables (the trie, its entries and the connection
    /// costs, 43 MB) copied into memory of their own, in huge pages where
    /// the system offers them (Linux's transparent huge pages, when
    /// `/sys/kernel/mm/transparent_hugepage/enabled` is `always` or
    /// `madvise`): loading takes some 10 ms longer and the process holds
    /// those 43 MB itself, but segmentation, most of the cost of indexing
    /// and of passages, runs faster (indexing about 7% on a 2-core machine;
    /// `docs/bench/indexing.md`). Best for indexing and for a long-lived
    /// searcher. The analysis is the same either way.
    Resident,
}

/// Loads the lindera dictionary in `dir`, its tables held as `memory` says;
/// the error says why it cannot be loaded.
pub(super) fn load_lindera(
    dir: &Path,
    memory: DictionaryMemory,
) -> Result<lindera::dictionary::Dictionary, String> {
    let lindera_error = |err: lindera_dictionary::error::LinderaError| {
        format!("lindera cannot load it: {}", lindera_message(&err))
    };
    // lindera's own loading checks the format and reads the small parts;
    // the mapped tables are then replaced, its checks made again on the
    // copies.
    let mut dictionary =
        lindera::dictionary::load_fs_dictionary_with_options(dir, true).map_err(lindera_error)?;
    if memory == DictionaryMemory::Resident {
        let resident = |name: &str| {
            let path = dir.join(name);
            resident(&path).map_err(|err| format!("cannot read {}: {err}", path.display()))
        };
        let matrix = ConnectionCostMatrix::load(resident("matrix.mtx")?).map_err(lindera_error)?;
        // The words' details are read only for the words segmentation
        // keeps: they stay mapped.
        let mapped = &dictionary.prefix_dictionary;
        let prefix = PrefixDictionary::load(
            resident("dict.trie")?,
            resident("dict.valsidx")?,
            resident("dict.vals")?,
            mapped.words_idx_data.clone(),
            mapped.words_data.clone(),
        )
        .map_err(lindera_error)?;
        dictionary.connection_cost_matrix = Arc::new(matrix);
        dictionary.prefix_dictionary = Arc::new(prefix);
    }
    Ok(dictionary)
}

/// The file at `path`, read into anonymous memory asked to be backed by
/// huge pages (before it is written, so that the first touch of each 2 MiB
/// gets one).
fn resident(path: &Path) -> std::io::Result<Data> {
    let mut file = File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
    let mut memory = memmap2::MmapMut::map_anon(len)?;
    #[cfg(target_os = "linux")]
    {
        // Only a hint: without transparent huge pages, ordinary pages.
        let _ = memory.advise(memmap2::Advice::HugePage);
    }
    file.read_exact(&mut memory)?;
    Ok(Data::Map(Arc::new(memory.make_read_only()?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, AnalyzerConfig};
    use crate::dictionary::{resolve_dir, KoreanDictionary};

    #[test]
    fn resident_tables_analyze_as_the_mapped_ones() {
        let dir = resolve_dir(None);
        let load = |memory| {
            let dictionary = KoreanDictionary::load_with(&dir, memory)
                .expect("the dictionary (`make test` installs it)");
            Analyzer::new(&dictionary, &AnalyzerConfig::default()).unwrap()
        };
        let (mapped, resident) = (
            load(DictionaryMemory::Mapped),
            load(DictionaryMemory::Resident),
        );
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut terms = 0;
        for name in [
            "000_bcc3dce22a5e3c6c.txt",
            "kowiki.jsonl",
            "petitions.jsonl",
        ] {
            let text = std::fs::read_to_string(corpus.join(name)).unwrap();
            let expected = mapped.analyze(&text);
            assert!(
                resident.analyze(&text) == expected,
                "the terms of {name} differ"
            );
            terms += expected.len();
        }
        assert!(terms > 100_000, "{terms} terms");
    }

    #[test]
    fn a_resident_copy_holds_the_file() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert_eq!(&*resident(&file).unwrap(), std::fs::read(&file).unwrap());
        let missing = file.with_file_name("no such file");
        assert!(resident(&missing).is_err());
    }
}
