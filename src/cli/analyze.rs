//! `kosearch analyze`: show what the analyzer makes of a text.

use std::io::{Read, Write};

use kosearch::Error;

use super::terminal::safe;
use super::{AnalyzeArgs, Context};

pub(crate) fn run(context: &Context, args: &AnalyzeArgs) -> kosearch::Result<()> {
    let text = match args.text.as_deref() {
        Some(text) if text != "-" => text.to_string(),
        _ => read_stdin()?,
    };
    let analyzer = context.analyzer(&args.analyzer)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Each term is written as it is made: a long text is never held as
    // terms (nor as JSON) whole.
    let mut written = if args.json {
        out.write_all(b"[")
    } else {
        Ok(())
    };
    let mut first = true;
    analyzer.analyze_each(&text, |term| {
        if written.is_err() {
            return;
        }
        written = if args.json {
            let row = serde_json::json!({
                "term": term.text,
                "pos": term.pos,
                "start": term.start,
                "end": term.end,
                "position": term.position,
            });
            let comma: &[u8] = if first { b"" } else { b"," };
            out.write_all(comma)
                .and_then(|()| serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from))
        } else {
            writeln!(
                out,
                "{}  {}  {}..{}  {}",
                safe(&term.text),
                term.pos,
                term.start,
                term.end,
                term.position
            )
        };
        first = false;
    });
    if args.json {
        written = written.and_then(|()| writeln!(out, "]"));
    }
    super::flushed(written, &mut out)
}

fn read_stdin() -> kosearch::Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("<stdin>", e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::io(
            "<stdin>",
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "input is not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ),
        )
    })
}
