//! `kosearch eval`: relevance and latency of searches over a test collection.

use std::io::Write;
use std::path::Path;

use kosearch::dictionary::{DictionaryMemory, KoreanDictionary};
use kosearch::eval::{
    self, EvalOptions, EvalQuery, EvalReport, IndexingCounts, PerQuery, Preparation, PreparedIndex,
    SpanOptions, SpanReport,
};
use kosearch::index::{Index, IndexConfig, WriterOptions};
use kosearch::search::Searcher;
use kosearch::Error;

use super::progress::{print_read_report, Progress};
use super::terminal::safe;
use super::{exit, Context, EvalArgs};

/// How many skipped documents, notes and missing ids are listed.
const SHOWN: usize = 10;

/// The characters of a span that did not find its document, and the terms
/// of that document's text, that the report shows (`--json` has them all).
const MISS_SPAN_CHARS: usize = 200;
const MISS_TERMS: usize = 60;

pub(crate) fn eval(context: &Context, args: &EvalArgs) -> kosearch::Result<u8> {
    // Queries first: a malformed file fails before a long indexing run.
    let queries = args
        .queries
        .as_deref()
        .map(eval::read_queries)
        .transpose()?;
    let dictionary = context.dictionary(DictionaryMemory::Resident)?;
    let mut incomplete = false;
    let index = match (&args.docs, &args.index) {
        (Some(docs), _) => {
            let prepared = prepare(args, docs, &dictionary, &mut incomplete)?;
            if let (Some(queries), None) = (&queries, args.spans) {
                incomplete |= report_missing(&prepared, queries);
            }
            prepared.index
        }
        (None, Some(dir)) => Index::open_with(dir, &dictionary)?,
        (None, None) => {
            return Err(Error::InvalidArgument(
                "give the documents to index (--docs FILE) or an index to check (--index DIR)"
                    .into(),
            ))
        }
    };
    let searcher = Searcher::new(&index)?;
    let written = match (args.spans, &queries) {
        (Some(spans), _) => check_spans(args, &searcher, spans, queries.as_deref())?,
        (None, Some(queries)) => evaluate(args, &searcher, queries)?,
        (None, None) => unreachable!("clap requires --queries without --spans"),
    };
    Ok(if incomplete { exit::SKIPPED } else { written })
}

/// Indexes the documents of `docs` into the evaluation's index, or reuses
/// it, printing what was done; sets `incomplete` when documents were
/// skipped.
fn prepare(
    args: &EvalArgs,
    docs: &Path,
    dictionary: &KoreanDictionary,
    incomplete: &mut bool,
) -> kosearch::Result<PreparedIndex> {
    let config = IndexConfig {
        analyzer: args.analyzer.config(),
        bigrams: args.bigrams,
        ..IndexConfig::default()
    };
    let dir = match &args.index {
        Some(dir) => dir.clone(),
        None => eval::default_index_dir(docs, &config)?,
    };
    let prepare = || {
        let progress = Progress::new("opening the index");
        let prepared = eval::prepare_index(
            docs,
            &dir,
            dictionary,
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

    match &prepared.preparation {
        Preparation::Reused => eprintln!(
            "{}",
            safe(format_args!(
                "reusing index {} ({} documents, built from {})",
                dir.display(),
                prepared.ids.len(),
                docs.display()
            ))
        ),
        Preparation::Indexed { counts, report } => {
            print_read_report(report, SHOWN, "", "");
            *incomplete |= report.has_skips();
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
                    docs.display()))
                );
            }
        }
    }
    Ok(prepared)
}

/// Prints the relevant ids of `queries` that the index lacks; whether
/// there are any.
fn report_missing(prepared: &PreparedIndex, queries: &[EvalQuery]) -> bool {
    let missing = prepared.missing_relevant(queries);
    if missing.is_empty() {
        return false;
    }
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
            listed.join(", ")
        ))
    );
    true
}

/// Runs the queries and prints the figures; the exit code.
fn evaluate(args: &EvalArgs, searcher: &Searcher, queries: &[EvalQuery]) -> kosearch::Result<u8> {
    let mut options = EvalOptions::default();
    options.search.title_boost = args.title_boost;
    options.search.passage_ranking = args.passage_ranking;
    options.cold = args.cold;
    options.search.synonyms = args.synonyms.load(searcher.analyzer())?;
    let evaluation = eval::evaluate(searcher, queries, &options)?;
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
    super::flushed(written, &mut out).map(|()| exit::OK)
}

/// Runs the self-retrieval check and prints its counts and misses; the
/// exit code.
fn check_spans(
    args: &EvalArgs,
    searcher: &Searcher,
    spans: usize,
    queries: Option<&[EvalQuery]>,
) -> kosearch::Result<u8> {
    let options = SpanOptions {
        spans,
        seed: args.seed,
        only: queries.map(|queries| {
            queries
                .iter()
                .flat_map(|query| query.relevant_ids.iter().cloned())
                .collect()
        }),
        ..SpanOptions::default()
    };
    let progress = Progress::new("drawing and searching spans");
    let report = eval::self_retrieval(searcher, &options);
    progress.finish();
    let report = report?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_spans(&mut out, &report)
    };
    super::flushed(written, &mut out).map(|()| exit::OK)
}

/// The self-retrieval counts as an aligned table, then the misses.
fn print_spans(out: &mut impl Write, report: &SpanReport) -> std::io::Result<()> {
    writeln!(
        out,
        "spans copied from the bodies of {} documents (seed {}), searched as typed",
        report.documents, report.seed
    )?;
    writeln!(
        out,
        "{:>5} {:>7} {:>7} {:>8} {:>17} {:>17}",
        "words", "drawn", "dropped", "searched", "not found", "not in top 10"
    )?;
    for counts in &report.by_length {
        writeln!(
            out,
            "{:>5} {:>7} {:>7} {:>8} {:>7} ({:>6.2}%) {:>7} ({:>6.2}%)",
            counts.words,
            counts.drawn,
            counts.dropped,
            counts.searched,
            counts.not_found,
            100.0 * counts.not_found_share(),
            counts.not_in_top_10,
            100.0 * counts.not_in_top_10_share(),
        )?;
    }
    if !report.misses.is_empty() {
        writeln!(
            out,
            "\nspans that do not find their document (the first {}):",
            report.misses.len()
        )?;
    }
    for miss in &report.misses {
        let query = match &miss.error {
            Some(error) => format!("(refused: {error})"),
            None => {
                let units: Vec<String> =
                    miss.query_terms.iter().map(|unit| unit.join("+")).collect();
                units.join(" ")
            }
        };
        // A span can be a whole paragraph without spaces: its start tells
        // which, and --json has it all.
        let span: String = miss.span.chars().take(MISS_SPAN_CHARS).collect();
        let cut = if span.len() < miss.span.len() {
            format!("… ({} characters)", miss.span.chars().count())
        } else {
            String::new()
        };
        let terms = &miss.document_terms;
        let shown = &terms[..terms.len().min(MISS_TERMS)];
        let more = if shown.len() < terms.len() {
            format!(" … ({} more)", terms.len() - shown.len())
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}",
            safe(format_args!(
                "  {}: {:?}{}\n      query terms: {}\n      document terms: {}{}",
                miss.id,
                span,
                cut,
                query,
                shown.join(" "),
                more
            ))
        )?;
    }
    Ok(())
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
