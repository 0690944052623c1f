//! The tokens the [`KoreanTokenizer`](super::KoreanTokenizer) last gave on a
//! thread, kept for the index's table of term offsets
//! (`index::offsets`): tantivy analyzes a document's fields and then runs
//! the index's segment plugins on the same thread, so the plugin finds here
//! the body's tokens it has just indexed, without analyzing it again.

use std::cell::RefCell;

/// A token as recorded: its position, its byte range in the text, and a
/// byte of its text's hash ([`text_hash`]), which tells apart the terms
/// that share a position (a compound and its first part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RecordedToken {
    pub(crate) position: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) hash: u8,
}

/// Recordings larger than this many tokens are not kept between texts.
const RETAINED_TOKENS: usize = 1 << 18;

#[derive(Default)]
struct Recording {
    /// The address and length of the text recorded: the one tokenized
    /// last on this thread.
    text: (usize, usize),
    /// Whether every token of it was given.
    complete: bool,
    tokens: Vec<RecordedToken>,
}

thread_local! {
    static RECORDING: RefCell<Recording> = RefCell::new(Recording::default());
}

/// A new recording, of `text`.
pub(super) fn start(text: &str) {
    RECORDING.with_borrow_mut(|recording| {
        if recording.tokens.capacity() > RETAINED_TOKENS {
            recording.tokens = Vec::new();
        }
        recording.tokens.clear();
        recording.text = (text.as_ptr() as usize, text.len());
        recording.complete = false;
    });
}

/// Adds `tokens` to the recording.
pub(super) fn record(tokens: impl Iterator<Item = RecordedToken>) {
    RECORDING.with_borrow_mut(|recording| recording.tokens.extend(tokens));
}

/// The recording holds every token of its text.
pub(super) fn finish() {
    RECORDING.with_borrow_mut(|recording| recording.complete = true);
}

/// `each` of the tokens recorded for `text` (the same string in memory, not
/// only the same content), or `None` when the last text tokenized on this
/// thread was another or was not read to its end.
pub(crate) fn with_recorded<R>(text: &str, each: impl FnOnce(Option<&[RecordedToken]>) -> R) -> R {
    RECORDING.with_borrow(|recording| {
        let same = recording.text == (text.as_ptr() as usize, text.len());
        each((same && recording.complete).then_some(recording.tokens.as_slice()))
    })
}

/// A byte of the FNV-1a hash of `text`: with the position, what tells a
/// term's token from the others at that position.
pub(crate) fn text_hash(text: &str) -> u8 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash.to_le_bytes()
        .iter()
        .fold(0, |folded, byte| folded ^ byte)
}
