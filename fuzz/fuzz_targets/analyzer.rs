//! The Korean analyzer on arbitrary UTF-8: every term's byte range lies
//! inside the input, on character boundaries, and positions never go back.
#![no_main]

use std::sync::OnceLock;

use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::dictionary::{default_dir, KoreanDictionary};
use libfuzzer_sys::fuzz_target;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| {
        let dictionary = KoreanDictionary::load(&default_dir()).expect("dictionary");
        Analyzer::new(&dictionary, &AnalyzerConfig::default()).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let terms = analyzer().analyze(text);
    let mut last_position = 0;
    for term in &terms {
        assert!(term.start <= term.end, "{term:?}");
        assert!(
            term.end <= text.len(),
            "{term:?} beyond {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(term.start), "{term:?}");
        assert!(text.is_char_boundary(term.end), "{term:?}");
        assert!(
            term.position >= last_position,
            "{term:?} after position {last_position}"
        );
        assert!(!term.text.is_empty(), "{term:?}");
        last_position = term.position;
    }
});
