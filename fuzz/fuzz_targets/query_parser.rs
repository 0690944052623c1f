//! The query language, end to end: parse, analyze, build the tantivy query,
//! search a small real index and cut highlighted passages. The query parser
//! is crate-private, so it is reached through `Searcher::search`; a query is
//! never a syntax error, so the only allowed error is "too long".
#![no_main]

use std::sync::OnceLock;

use kosearch::dictionary::{default_dir, KoreanDictionary};
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::{SearchOptions, Searcher};
use kosearch::Article;
use kosearch::Error;
use libfuzzer_sys::fuzz_target;

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    &SEARCHER
        .get_or_init(|| {
            let dictionary = KoreanDictionary::load(&default_dir()).expect("dictionary");
            let dir = tempfile::tempdir().unwrap();
            let index = Index::create_with(dir.path(), &dictionary, &IndexConfig::default()).unwrap();
            let mut writer = index
                .writer(&WriterOptions { threads: 1, memory_budget: 32 << 20, ..WriterOptions::default() })
                .unwrap();
            let articles = [
                ("a", "세종시-서울시, 상호 교류 강화 업무협약 체결", "세종시는 서울시와 7가지 분야에서 협력하기로 했다. 인권 행정을 펼친다.\n\n◇ 정원도시 조성\n두 도시는 정원도시를 함께 만든다."),
                ("b", "교육부, 2023학년도 대입 일정 발표", "교육부는 10일 대학 입학 일정을 발표했다. 鄕歌 연구도 포함된다. COVID-19 이후 처음이다."),
                ("c", "정부 예산안 국회 통과", "정부가 제출한 예산안이 국회 본회의를 통과했다. \"인권 행정\"을 강조했다."),
            ];
            for (id, title, body) in articles {
                writer
                    .upsert(&Article {
                        id: id.into(),
                        title: title.into(),
                        body: body.into(),
                        section: Some("행정".into()),
                        reporters: vec!["이상욱".into()],
                        ..Article::default()
                    })
                    .unwrap();
            }
            writer.finish().unwrap();
            let searcher = Searcher::new(&index).unwrap();
            searcher.reload().unwrap();
            (dir, searcher)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let options = SearchOptions::default();
    match searcher().search(query, &options) {
        Ok(results) => {
            for hit in &results.hits {
                for passage in &hit.passages {
                    for &(start, end) in &passage.highlights {
                        assert!(start <= end && end <= passage.text.len());
                        assert!(passage.text.is_char_boundary(start));
                        assert!(passage.text.is_char_boundary(end));
                    }
                }
            }
        }
        Err(Error::Query(_)) => {}
        Err(other) => panic!("query {query:?}: {other}"),
    }
});
