//! The `kosearch` command: a thin face over the kosearch library.

mod cli;

use std::process::ExitCode;

/// jemalloc returns freed memory to the system, where glibc's allocator kept
/// indexing buffers and let the heap grow with the corpus.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cli::run()
}
