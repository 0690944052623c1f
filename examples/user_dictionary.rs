//! Teach the analyzer words its dictionary lacks or splits wrongly.
//!
//! ```sh
//! cargo run --example user_dictionary
//! ```
//!
//! A user dictionary is a CSV file, `surface,POS[,reading[,parts]]`; here it
//! is built in code. A word with parts is a compound: indexed whole and by
//! its parts, so both 카카오뱅크 and 뱅크 find it.

use std::path::Path;

use kosearch::analysis::{Analyzer, AnalyzerConfig, UserDictionary};
use kosearch::dictionary::{self, KoreanDictionary};

fn main() -> Result<(), kosearch::Error> {
    let dictionary = KoreanDictionary::load(&dictionary::default_dir())?;
    let text = "카카오뱅크에서 비대면계좌를 열었다.";

    let plain = Analyzer::new(&dictionary, &AnalyzerConfig::default())?;
    println!("without:  {}", terms(&plain, text));

    // The built-in user dictionary plus two words of our own.
    let mut words = UserDictionary::builtin();
    words.extend(UserDictionary::parse(
        "카카오뱅크,NNP,,카카오+뱅크\n비대면계좌,NNG,,비대면+계좌\n",
        Path::new("<example>"),
    )?);
    let custom = Analyzer::with_user_dictionary(&dictionary, &AnalyzerConfig::default(), &words)?;
    println!("with:     {}", terms(&custom, text));
    println!(
        "user dictionary sha256: {}",
        custom.user_dictionary_checksum()
    );
    Ok(())
}

fn terms(analyzer: &Analyzer, text: &str) -> String {
    analyzer
        .analyze(text)
        .iter()
        .map(|term| format!("{}/{}", term.text, term.pos))
        .collect::<Vec<_>>()
        .join(" ")
}
