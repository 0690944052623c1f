//! Text from documents, queries, file names and error messages made safe to
//! print on a terminal.
//!
//! Everything the CLI prints for people goes through [`safe`]: a title, a
//! reporter or a file name may hold escape sequences (from JSON Lines, or
//! `&#27;` in HTML) that would clear the screen, retitle the window, hide
//! text or plant links if printed raw. `--json` output needs none of this:
//! JSON escapes control characters itself.

use std::fmt::{self, Display, Write};

/// `value`, displayed with terminal controls neutralized:
///
/// * white-space controls (tab, line feed, carriage return, vertical tab,
///   form feed, next line, line and paragraph separators) become a space, so
///   that a value cannot break or overwrite a line;
/// * every other control character (C0, DEL, C1, among them ESC and the
///   8-bit CSI) and the bidirectional embeddings, overrides and isolates
///   (U+202A to U+202E, U+2066 to U+2069), which reorder what follows them
///   on the line, are shown as Rust escapes: `\u{1b}`.
///
/// The marks LRM and RLM (U+200E, U+200F) stay: they only place neutral
/// characters in right-to-left text.
pub(crate) fn safe<T: Display>(value: T) -> Safe<T> {
    Safe(value)
}

/// See [`safe`].
pub(crate) struct Safe<T>(T);

impl<T: Display> Display for Safe<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Neutralizer(formatter), "{}", self.0)
    }
}

/// Writes text through, neutralizing controls on the way.
struct Neutralizer<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl Write for Neutralizer<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut clean = 0;
        for (at, c) in text.char_indices() {
            let Some(replacement) = replacement(c) else {
                continue;
            };
            self.0.write_str(&text[clean..at])?;
            match replacement {
                Replacement::Space => self.0.write_char(' ')?,
                Replacement::Escape => write!(self.0, "{}", c.escape_unicode())?,
            }
            clean = at + c.len_utf8();
        }
        self.0.write_str(&text[clean..])
    }
}

enum Replacement {
    Space,
    Escape,
}

fn replacement(c: char) -> Option<Replacement> {
    match c {
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            Some(Replacement::Space)
        }
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some(Replacement::Escape),
        c if c.is_control() => Some(Replacement::Escape),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn controls_are_shown_and_white_space_kept_on_the_line() {
        let cases = [
            ("세종시 협약", "세종시 협약"),
            ("\x1b[2J화면", "\\u{1b}[2J화면"),
            ("\x1b]0;title\x07", "\\u{1b}]0;title\\u{7}"),
            ("\u{9b}31m", "\\u{9b}31m"),
            ("a\u{7f}b", "a\\u{7f}b"),
            ("줄\n바꿈\r\n탭\t끝", "줄 바꿈  탭 끝"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("\u{2067}x\u{2069}", "\\u{2067}x\\u{2069}"),
            ("שלום\u{200f}!", "שלום\u{200f}!"),
        ];
        for (raw, shown) in cases {
            assert_eq!(safe(raw).to_string(), shown, "{raw:?}");
        }
        assert_eq!(
            safe(format_args!("{}: {}", "a\x1bb", 3)).to_string(),
            "a\\u{1b}b: 3"
        );
    }
}
