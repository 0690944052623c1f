//! `kosearch suggest`: the index's words and titles that typed text may be
//! on its way to.

use std::io::Write;

use kosearch::dictionary::DictionaryMemory;
use kosearch::index::Index;
use kosearch::suggest::{MatchKind, SuggestOptions, Suggester};

use super::terminal::safe;
use super::{exit, flushed, Context, SuggestArgs};

pub(crate) fn suggest(context: &Context, args: &SuggestArgs) -> kosearch::Result<u8> {
    let dictionary = context.dictionary(DictionaryMemory::Mapped)?;
    let index = Index::open_with(&args.index.dir, &dictionary)?;
    let suggester = Suggester::new(&index)?;
    let options = SuggestOptions { limit: args.limit };
    let found = suggester.suggest(&args.text, &options)?;
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &found)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        found.suggestions.iter().try_for_each(|suggestion| {
            let how = match suggestion.matched {
                MatchKind::Prefix => "prefix".to_string(),
                MatchKind::Choseong => format!("choseong {}", suggestion.read_as),
                MatchKind::Keyboard => format!("keyboard {}", suggestion.read_as),
            };
            writeln!(
                out,
                "{}\t{}\t{}",
                safe(&suggestion.text),
                suggestion.weight,
                safe(how)
            )
        })
    };
    flushed(written, &mut out)?;
    if found.suggestions.is_empty() && !args.json {
        eprintln!("no suggestions for `{}`", safe(&args.text));
    }
    Ok(exit::OK)
}
