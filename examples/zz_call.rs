use kosearch::analysis::{Analyzer, AnalyzerConfig};
use kosearch::dictionary::{self, KoreanDictionary};
use std::time::Instant;
fn main() {
    let d = KoreanDictionary::load(&dictionary::default_dir()).unwrap();
    let a = Analyzer::new(&d, &AnalyzerConfig::default()).unwrap();
    for text in [
        "세종",
        "세종시와 서울시가",
        "세종시와 서울시가 맺은 협약은 지역 균형 발전을 위한 것이다.",
        &"세종시와 서울시가 맺은 협약은 지역 균형 발전을 위한 것이다. ".repeat(10),
    ] {
        let n = 20000;
        let t = Instant::now();
        let mut c = 0;
        for _ in 0..n {
            c += a.analyze(text).len();
        }
        let per = t.elapsed().as_secs_f64() / n as f64 * 1e6;
        println!(
            "{} chars: {:.2} us/call, {:.3} us/char ({c})",
            text.chars().count(),
            per,
            per / text.chars().count() as f64
        );
    }
}
