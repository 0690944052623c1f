//! JSON Lines: every line read, skipped or reported, with a small line limit
//! so the too-long path is exercised too. Never a panic, never more items
//! than lines.
#![no_main]

use std::path::Path;

use kosearch::corpus::jsonl::JsonlReader;
use kosearch::corpus::FieldMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.split(|&b| b == b'\n').count();
    for max_line_len in [256, 64 * 1024] {
        let mut reader = JsonlReader::new(
            data,
            Path::new("fuzz.jsonl"),
            "fuzz.jsonl",
            &FieldMap::default(),
        )
        .with_max_line_len(max_line_len);
        let mut items = 0;
        for item in reader.by_ref() {
            items += 1;
            if let Ok(article) = item {
                assert!(!article.id.is_empty());
            }
        }
        let _ = reader.take_notices();
        assert!(items <= lines, "{items} items from {lines} lines");
    }
});
