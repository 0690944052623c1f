//! Analyze Korean text on its own, without any index.
//!
//! ```sh
//! cargo run --example analyze -- "세종시와 서울시가 맺은 협약은?"
//! ```
//!
//! Needs the dictionary: `kosearch dict install` (or `make run`) puts it in
//! place once.

use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::dictionary::{self, KoreanDictionary};

fn main() -> Result<(), kosearch::Error> {
    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "최민호 세종특별자치시장은 서울시와 협력했다.".to_string());

    // The dictionary is memory-mapped: loading it is cheap.
    let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
    let analyzer = Analyzer::new(&dictionary, &AnalyzerConfig::default())?;

    println!("{text}");
    for term in analyzer.analyze(&text) {
        // Offsets are bytes of the original text, so slicing gives back the
        // words the terms were read from.
        println!(
            "{:>3}  {:<8} {:<5} {:?}",
            term.position,
            term.text,
            term.pos,
            &text[term.start..term.end]
        );
    }
    Ok(())
}
