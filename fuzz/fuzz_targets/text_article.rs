//! Plain-text articles: bytes through the encoding sniffer, then the
//! article parser. Neither may panic, whatever the bytes.
#![no_main]

use kosearch::corpus::{encoding, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(plain) = std::str::from_utf8(data) {
        let _ = text::parse(plain);
    }
    if let Ok(decoded) = encoding::decode(data) {
        let article = text::parse(&decoded.text);
        // Whatever was read came from the text: no invented characters
        // beyond what the parser's normalisation produces.
        let _ = (article.title.len(), article.body.len());
    }
});
