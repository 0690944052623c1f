//! HTML article pages: the parser never panics, whatever the markup.
#![no_main]

use kosearch::corpus::{encoding, html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = encoding::decode(data) {
        let _ = html::parse(&decoded.text);
    } else if let Ok(text) = std::str::from_utf8(data) {
        let _ = html::parse(text);
    }
});
