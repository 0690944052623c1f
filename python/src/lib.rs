//! The compiled part of the `kosearch` Python package, `kosearch._kosearch`:
//! classes and functions over the kosearch library's public API (no second
//! implementation), which release the GIL while the library analyzes,
//! indexes and searches.
//!
//! * `index`: `Index`, an index directory;
//! * `writer`: `IndexWriter`, adding, updating, deleting, reading files;
//! * `search`: `Searcher`, `Hit`, `Passage`;
//! * `analysis`: `analyze`, `Analyzer`, `Token`;
//! * `dictionary`: `install_dictionary`, `dictionary_status`;
//! * `article`: articles given as Python mappings;
//! * `json`: Python values as JSON and back;
//! * `offsets`: byte offsets as Python's character offsets;
//! * `errors`: the library's errors as Python exceptions.
//!
//! The Python side (`python/kosearch/`) defines the exceptions and
//! `SearchResults`, and re-exports everything.

// A Python method's keyword arguments are the Rust function's arguments.
#![allow(clippy::too_many_arguments)]

mod analysis;
mod article;
mod dictionary;
mod errors;
mod index;
mod json;
mod offsets;
mod search;
mod writer;

use pyo3::prelude::*;

/// The allocator of the library's allocations (Python's own are not
/// affected): jemalloc, as in the `kosearch` binary, so that the memory of
/// a long indexing run stays flat.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[pymodule]
fn _kosearch(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<index::Index>()?;
    module.add_class::<writer::IndexWriter>()?;
    module.add_class::<writer::IndexingReport>()?;
    module.add_class::<writer::ReadNote>()?;
    module.add_class::<search::Searcher>()?;
    module.add_class::<search::Hit>()?;
    module.add_class::<search::Passage>()?;
    module.add_class::<analysis::Analyzer>()?;
    module.add_class::<analysis::Token>()?;
    module.add_function(wrap_pyfunction!(analysis::analyze, module)?)?;
    module.add_function(wrap_pyfunction!(dictionary::install_dictionary, module)?)?;
    module.add_function(wrap_pyfunction!(dictionary::dictionary_status, module)?)?;
    module.add(
        "DICTIONARY_VERSION",
        kosearch::dictionary::DICTIONARY_VERSION,
    )?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
