//! The `kosearch` command: a thin face over the kosearch library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
