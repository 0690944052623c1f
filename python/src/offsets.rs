//! Byte offsets into Rust strings as character offsets into Python strings.
//!
//! The library gives byte offsets into UTF-8 text; a Python `str` is
//! indexed by code point, which is what a Rust `char` is. So the offset of
//! a byte is the number of characters that start before it: the bytes that
//! are not UTF-8 continuation bytes (`0b10xx_xxxx`).

/// The characters that start in `bytes`.
fn characters(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| byte & 0xC0 != 0x80).count()
}

/// Character offsets of many byte offsets into one text, counting each
/// stretch of the text once when the offsets come in ascending order.
pub(crate) struct CharOffsets<'a> {
    text: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// Offsets into `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        CharOffsets {
            text: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (clamped to the text's
    /// length); fastest when called with ascending offsets.
    pub(crate) fn of(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += characters(&self.text[self.byte..byte]);
        self.byte = byte;
        self.chars
    }
}
