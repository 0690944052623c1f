//! `kosearch eval`: relevance and latency of searches over a test collection.

use std::io::Write;
use std::path::Path;

use kosearch::eval::{self, EvalOptions, EvalReport, IndexingCounts, PerQuery, Preparation};
use kosearch::index::{IndexConfig, WriterOptions};
use kosearch::search::Searcher;
use kosearch::Error;

use super::progress::{print_read_report, Progress};
use super::terminal::safe;
use super::{exit, Context, EvalArgs};

/// How many skipped documents, notes and missing ids are listed.
const SHOWN: usize = 10;

pub(crate) fn eval(context: &Context, args: &EvalArgs) -> kosearch::Result<u8> {
    // Queries first: a malformed file fails before a long indexing run.
    let queries = eval::read_queries(&args.queries)?;
    let dictionary = context.dictionary()?;
    let config = IndexConfig {
        analyzer: args.analyzer.config(),
        bigrams: args.bigrams,
        ..IndexConfig::default()
    };
    let dir = match &args.index {
        Some(dir) => dir.clone(),
        None => eval::default_index_dir(&args.docs, &config)?,
    };
    let prepare = || {
        let progress = Progress::new("opening the index");
        let prepared = eval::prepare_index(
            &args.docs,
            &dir,
            &dictionary,
            &config,
            &WriterOptions::default(),
            |counts| progress.update(|| indexing_message(counts)),
        );
        progress.finish();
        prepared
    };
    let prepared = match prepare() {
        // The default directory is the evaluation's own cache: one built by
        // an older version with other settings is rebuilt, not refused.
        Err(Error::IndexMismatch { .. }) if args.index.is_none() => {
            eprintln!(
                "{}",
                safe(format_args!(
                    "kosearch: the cached index {} was built with other settings; rebuilding it",
                    dir.display()
                ))
            );
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            prepare()?
        }
        prepared => prepared?,
    };

    let mut incomplete = false;
    match &prepared.preparation {
        Preparation::Reused => eprintln!(
            "{}",
            safe(format_args!(
                "reusing index {} ({} documents, built from {})",
                dir.display(),
                prepared.ids.len(),
                args.docs.display()
            ))
        ),
        Preparation::Indexed { counts, report } => {
            print_read_report(report, SHOWN, "", "");
            incomplete |= report.has_skips();
            eprintln!("{}", safe(format_args!(
                "indexed {} documents in {:.1} s into {} ({} added, {} updated, {} unchanged, {} deleted, {} skipped)",
                counts.documents(),
                counts.seconds,
                dir.display(),
                counts.added,
                counts.updated,
                counts.unchanged,
                counts.deleted,
                counts.skipped)));
            if counts.kept > 0 {
                eprintln!(
                    "{}",
                    safe(format_args!(
                    "kosearch: the index also holds {} documents that are not in {}; they were \
                     kept, since the index was not built by `kosearch eval` or documents were \
                     skipped, and take part in the evaluation",
                    counts.kept,
                    args.docs.display()))
                );
            }
        }
    }
    let missing = prepared.missing_relevant(&queries);
    if !missing.is_empty() {
        incomplete = true;
        let listed: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|(qid, id)| format!("{id} (query {qid})"))
            .collect();
        let more = if missing.len() > SHOWN { ", …" } else { "" };
        eprintln!(
            "{}",
            safe(format_args!(
            "kosearch: {} relevant ids are not in the index, so no search can find them: {}{more}",
            missing.len(),
            listed.join(", ")))
        );
    }

    let searcher = Searcher::new(&prepared.index)?;
    let mut options = EvalOptions::default();
    options.search.title_boost = args.title_boost;
    options.search.passage_ranking = args.passage_ranking;
    let evaluation = eval::evaluate(&searcher, &queries, &options)?;
    for query in &evaluation.per_query {
        if let Some(error) = &query.error {
            eprintln!(
                "{}",
                safe(format_args!(
                    "kosearch: query {} was refused (counted as finding nothing): {error}",
                    query.qid
                ))
            );
        }
    }
    if let Some(path) = &args.per_query {
        write_per_query(path, &evaluation.per_query)?;
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &evaluation.report)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_report(&mut out, &evaluation.report, searcher.documents())
    };
    super::flushed(written, &mut out).map(|()| if incomplete { exit::SKIPPED } else { exit::OK })
}

/// The figures as an aligned table.
fn print_report(out: &mut impl Write, report: &EvalReport, documents: u64) -> std::io::Result<()> {
    let share = |value: Option<f64>| value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.4}"));
    let rows = [
        ("queries", report.queries.to_string()),
        ("documents", documents.to_string()),
        ("MRR@10", share(Some(report.mrr_at_10))),
        ("Recall@1", share(Some(report.recall_at_1))),
        ("Recall@10", share(Some(report.recall_at_10))),
        ("Recall@100", share(Some(report.recall_at_100))),
        ("nDCG@10", share(Some(report.ndcg_at_10))),
        ("answer in passage@1", share(report.answer_in_passage_at_1)),
        ("answer in passage@5", share(report.answer_in_passage_at_5)),
        ("latency p50", format!("{:.2} ms", report.latency_ms.p50)),
        ("latency p95", format!("{:.2} ms", report.latency_ms.p95)),
        ("latency p99", format!("{:.2} ms", report.latency_ms.p99)),
    ];
    for (name, value) in rows {
        // Numbers line up on their decimal point; " ms" hangs off the end.
        let number_width = 9 + if value.ends_with(" ms") { 3 } else { 0 };
        writeln!(out, "{name:<20}{value:>number_width$}")?;
    }
    Ok(())
}

/// Writes one JSON object per query, a line each.
fn write_per_query(path: &Path, per_query: &[PerQuery]) -> kosearch::Result<()> {
    let io = |e| Error::io(path, e);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    for query in per_query {
        serde_json::to_writer(&mut out, query).map_err(|e| io(e.into()))?;
        writeln!(out).map_err(io)?;
    }
    out.flush().map_err(io)
}

/// The progress line while the documents are indexed.
fn indexing_message(counts: &IndexingCounts) -> String {
    let documents = counts.documents();
    format!(
        "indexing: {documents} documents ({} new, {} updated, {} skipped), {:.0} documents/s",
        counts.added,
        counts.updated,
        counts.skipped,
        documents as f64 / counts.seconds.max(1e-9)
    )
}
