//! `kosearch completions` and `kosearch man`: shell completion scripts and
//! manual pages, made from the same clap definitions that parse the command
//! line (so they list exactly the commands and flags there are).

use std::io::Write;
use std::path::Path;

use clap_complete::Shell;
use clap_mangen::Man;
use kosearch::Error;

use super::exit;

/// Writes the completion script of `shell` to standard output.
pub(crate) fn completions(shell: Shell) -> kosearch::Result<()> {
    // Made in memory first: clap_complete panics when a write fails, as
    // it would into a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "kosearch", &mut script);
    let mut out = std::io::stdout().lock();
    let written = out.write_all(&script);
    super::flushed(written, &mut out)
}

/// Writes the manual page of `kosearch` to standard output, or, given a
/// directory, that page and one for each command (`kosearch.1`,
/// `kosearch-search.1`, …) into it.
pub(crate) fn man(out_dir: Option<&Path>) -> kosearch::Result<()> {
    let Some(dir) = out_dir else {
        let mut out = std::io::stdout().lock();
        let written = main_page(&mut out);
        return super::flushed(written, &mut out);
    };
    let failed = |e| Error::io(dir, e);
    std::fs::create_dir_all(dir).map_err(failed)?;
    // Every page as clap_mangen makes it, then the main one with its exit
    // status section.
    clap_mangen::generate_to(super::command(), dir).map_err(failed)?;
    let path = dir.join("kosearch.1");
    let mut page = Vec::new();
    main_page(&mut page).map_err(failed)?;
    std::fs::write(&path, page).map_err(|e| Error::io(path, e))
}

/// The page of `kosearch` itself: clap_mangen's sections, with the exit
/// codes under the usual "EXIT STATUS" heading.
fn main_page(out: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(super::command());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in exit::MEANINGS {
        // roff: a hyphen is `\-`; no meaning starts with `.` or `'`.
        writeln!(out, ".TP\n{code}\n{}", meaning.replace('-', r"\-"))?;
    }
    man.render_version_section(out)
}
