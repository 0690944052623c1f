//! `kosearch dict install`, `kosearch dict add` and `kosearch dict status`.

use std::path::PathBuf;

use kosearch::analysis::UserDictionary;
use kosearch::dictionary::{self, DictionaryMemory, DictionarySource, InstallOptions};
use kosearch::index::{Index, WriterOptions};

use super::terminal::safe;
use super::{Context, DictAddArgs};

pub(crate) fn install(
    context: &Context,
    source: Option<PathBuf>,
    force: bool,
) -> kosearch::Result<()> {
    let dir = context.dictionary_dir();
    let options = InstallOptions {
        source: source.map_or(DictionarySource::Pip, DictionarySource::Path),
        force,
    };
    let report = dictionary::install(&dir, &options, &mut |line| eprintln!("{}", safe(line)))
        .map_err(|err| match err {
            kosearch::Error::DictionaryInstall(message)
                if message.ends_with(dictionary::SOURCE_HINT) =>
            {
                kosearch::Error::DictionaryInstall(format!(
                    "{message} (`kosearch dict install --source PATH`)"
                ))
            }
            other => other,
        })?;
    if report.already_installed {
        println!(
            "dictionary already installed at {} (nothing to do; --force rebuilds it)",
            safe(report.dir.display())
        );
    } else {
        println!(
            "installed {} at {} ({}, built from {} in {:.1} s)",
            dictionary::DICTIONARY_VERSION,
            safe(report.dir.display()),
            human_size(report.size_bytes),
            report.source,
            report.seconds
        );
    }
    Ok(())
}

pub(crate) fn status(context: &Context, json: bool) -> kosearch::Result<()> {
    let status = dictionary::status(&context.dictionary_dir());
    if json {
        let value = serde_json::json!({
            "dir": status.dir,
            "installed": status.installed,
            "version": status.version,
            "size_bytes": status.size_bytes,
            "built_from": status.built_from,
            "problem": status.problem,
            "analysis_cache": status.analysis_cache,
        });
        println!("{value}");
    } else {
        println!("dictionary: {}", safe(status.dir.display()));
        if status.installed && !status.analysis_cache {
            println!(
                "status:     installed, without the facts the analysis cache needs (indexing \
                 runs slower); rebuild it with `kosearch dict install --force`"
            );
        } else if status.installed {
            println!("status:     installed");
        } else if let Some(problem) = &status.problem {
            println!("status:     unusable: {}", safe(problem));
        } else {
            println!("status:     not installed (run `kosearch dict install`)");
        }
        if let Some(version) = &status.version {
            println!("version:    {version}");
        }
        if let Some(source) = &status.built_from {
            println!("built from: {}", safe(source));
        }
        println!("size:       {}", human_size(status.size_bytes));
    }
    if status.installed {
        Ok(())
    } else if status.problem.is_some() {
        Err(kosearch::Error::DictionaryCorrupt {
            dir: status.dir,
            detail: status.problem.unwrap_or_default(),
        })
    } else {
        Err(kosearch::Error::DictionaryMissing { dir: status.dir })
    }
}

fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

pub(crate) fn add(context: &Context, args: &DictAddArgs) -> kosearch::Result<()> {
    let mut words = UserDictionary::new();
    for path in &args.files {
        words.extend(UserDictionary::load(path)?);
    }
    words.extend(UserDictionary::from_words(&args.words, "the command line")?);
    if words.is_empty() {
        return Err(kosearch::Error::InvalidArgument(
            "no words to add: give them as arguments or with --file".into(),
        ));
    }
    let dictionary = context.dictionary(DictionaryMemory::Resident)?;
    let mut index = Index::open_with(&args.index.dir, &dictionary)?;
    let report = index.add_user_words(&words, &WriterOptions::default())?;
    if args.json {
        let value =
            serde_json::to_string(&report).map_err(|e| kosearch::Error::Index(e.to_string()))?;
        println!("{value}");
        return Ok(());
    }
    let dir = safe(args.index.dir.display());
    if report.added.is_empty() {
        println!("the user dictionary of {dir} has these words already (nothing to do)");
        return Ok(());
    }
    println!(
        "added {} word{} to the user dictionary of {dir}: {}",
        report.added.len(),
        if report.added.len() == 1 { "" } else { "s" },
        safe(report.added.join(", "))
    );
    println!(
        "analyzed again {} of {} documents (those holding a new word) in {:.1} s",
        report.reanalyzed, report.scanned, report.seconds
    );
    for unreadable in &report.unreadable {
        eprintln!(
            "kosearch: document `{}` kept its analysis: {} (index its source again)",
            safe(&unreadable.id),
            safe(&unreadable.reason)
        );
    }
    Ok(())
}
