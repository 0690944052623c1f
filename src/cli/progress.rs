//! What long-running commands print on standard error while and after they
//! read a corpus: a progress line, and the documents skipped or altered.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kosearch::corpus::ReadReport;

use super::terminal::safe;

/// A progress line on a terminal; nothing otherwise.
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A spinner showing `message` until the first update.
    pub(crate) fn new(message: &str) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(message.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar }
    }

    /// Replaces the message; `message` is only called when the line shows.
    pub(crate) fn update(&self, message: impl FnOnce() -> String) {
        if !self.bar.is_hidden() {
            self.bar.set_message(message());
        }
    }

    /// Removes the line.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Lists the first `shown` skipped and altered documents on standard error;
/// the hints follow the counts of those left out.
pub(crate) fn print_read_report(
    report: &ReadReport,
    shown: usize,
    skipped_hint: &str,
    notes_hint: &str,
) {
    for skipped in report.skipped.iter().take(shown) {
        let line = skipped.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!(
            "skipped {}{line}: {}",
            safe(skipped.path.display()),
            safe(&skipped.reason)
        );
    }
    if report.skipped.len() > shown {
        eprintln!(
            "... and {} more skipped{skipped_hint}",
            report.skipped.len() - shown
        );
    }
    for notice in report.altered.iter().take(shown) {
        let line = notice.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!(
            "note {}{line}: {}",
            safe(notice.path.display()),
            safe(&notice.reason)
        );
    }
    if report.altered.len() > shown {
        eprintln!(
            "... and {} more notes{notes_hint}",
            report.altered.len() - shown
        );
    }
}
