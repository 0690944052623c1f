//! Input written to be slow: the time to read it.
//!
//! `cargo bench --bench hostile_input` reports, with criterion, the time of
//! [`kosearch::corpus::html::parse`] on the pages of issue 20, with their
//! size as throughput (criterion's `MiB/s`):
//!
//! * `html/nested_div_200000`: 200,000 nested `<div>`s around one paragraph
//!   (2.2 MB); two minutes before nesting was bounded;
//! * `html/nested_ul_li_540kb`: 540 KB of nested `<ul><li>` items (over a
//!   minute before);
//! * `html/news_page`: a real article page of `tests/fixtures/html`, for
//!   scale.
//!
//! Under `cargo test` criterion runs each benchmark once.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kosearch::corpus::html;

mod common;
use common::manifest_dir;

fn pages() -> Vec<(&'static str, String)> {
    let head = "<html><head><title>깊은 페이지</title></head><body>";
    let divs = 200_000;
    let items = 540_000 / "<ul><li>항목".len();
    let news =
        std::fs::read_to_string(manifest_dir().join("tests/fixtures/html/news-article.html"))
            .expect("the news page fixture");
    vec![
        (
            "nested_div_200000",
            format!(
                "{head}{}<p>깊은 곳의 본문이다.</p>{}",
                "<div>".repeat(divs),
                "</div>".repeat(divs)
            ),
        ),
        (
            "nested_ul_li_540kb",
            format!(
                "{head}{}<p>깊은 곳의 본문이다.</p>",
                "<ul><li>항목".repeat(items)
            ),
        ),
        ("news_page", news),
    ]
}

fn bench_html(c: &mut Criterion) {
    let mut group = c.benchmark_group("html");
    group.sample_size(10);
    for (name, page) in pages() {
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.bench_function(name, |b| b.iter(|| html::parse(&page)));
    }
    group.finish();
}

criterion_group!(benches, bench_html);
criterion_main!(benches);
