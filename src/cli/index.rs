//! `kosearch index`, `kosearch delete` and `kosearch stats`.

use std::path::Path;
use std::time::{Duration, Instant};

use kosearch::corpus::{Corpus, FieldMap, ReadOptions, ReadReport};
use kosearch::dictionary::DictionaryMemory;
use kosearch::index::{ChangeCounts, Index, IndexConfig, IndexStats, WriterOptions};
use kosearch::Error;

use super::progress::{print_read_report, Progress};
use super::terminal::safe;
use super::{exit, Context, DeleteArgs, IndexArgs, OptimizeArgs, StatsArgs};

/// What one `kosearch index` run did.
#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    #[serde(flatten)]
    changes: ChangeCounts,
    deleted: usize,
    skipped: usize,
    bytes: u64,
    seconds: f64,
}

pub(crate) fn index(context: &Context, args: &IndexArgs) -> kosearch::Result<u8> {
    let started = Instant::now();
    let mut fields = FieldMap::default();
    for spec in &args.fields {
        let (article_field, source_field) =
            FieldMap::parse_assignment(spec).map_err(Error::InvalidArgument)?;
        fields
            .insert(&article_field, &source_field)
            .map_err(Error::InvalidArgument)?;
    }
    let options = ReadOptions {
        fields,
        max_document_size: args.max_document_size,
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        folder_in_ids: !args.ids_without_folder,
    };
    let paths = if args.paths.is_empty() {
        vec![Path::new("corpus").to_path_buf()]
    } else {
        args.paths.clone()
    };
    let mut corpus = Corpus::new(&paths, options)?;
    let writer_options = WriterOptions {
        threads: args.threads,
        memory_budget: args.memory_mb.saturating_mul(1024 * 1024),
        commit_every_docs: args.commit_every,
        commit_every: Duration::from_secs_f64(args.commit_interval),
        analysis_cache: args.analysis_cache_mb.saturating_mul(1024 * 1024),
    };
    // Before the index directory is made.
    writer_options.check()?;

    let dictionary = context.dictionary(DictionaryMemory::Resident)?;
    let config = IndexConfig {
        analyzer: args.analyzer.config(),
        bigrams: args.bigrams,
        suggestions: !args.no_suggestions,
        term_offsets: !args.no_term_offsets,
    };
    let index = Index::open_or_create(&args.index.dir, &dictionary, &config)?;
    let mut writer = index.writer(&writer_options)?;

    let progress = Progress::new("");
    let mut summary = Summary::default();
    for item in corpus.by_ref() {
        match item {
            Ok(article) => {
                summary.bytes += (article.title.len() + article.body.len()) as u64;
                writer.upsert(&article)?;
                summary.changes = writer.counts();
            }
            Err(_) => summary.skipped += 1,
        }
        progress.update(|| progress_message(&summary, started));
    }
    progress.finish();
    let report = corpus.into_report();

    if args.delete_missing {
        if report.has_skips() {
            eprintln!(
                "kosearch: not deleting missing documents: {} could not be read this run, \
                 and a document that failed to read is not gone",
                report.skipped.len()
            );
        } else {
            let missing: Vec<String> = writer
                .ids()
                .filter(|id| !writer.upserted(id))
                .map(str::to_string)
                .collect();
            for id in missing {
                writer.delete(&id)?;
                summary.deleted += 1;
            }
        }
    }
    writer.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();

    print_read_report(
        &report,
        20,
        " (the whole list: --report FILE)",
        " (--report FILE)",
    );
    if report.skipped_for_size() > 0 {
        eprintln!(
            "kosearch: skipped for their size: {} (--max-document-size BYTES raises the limit)",
            report.skipped_for_size()
        );
    }
    if report.skipped_without_body_field() > 0 {
        eprintln!(
            "kosearch: skipped without a body field: {} (--field body=NAME reads the body from the field NAME)",
            report.skipped_without_body_field()
        );
    }
    if let Some(path) = &args.report {
        write_report(path, &summary, &report)?;
    }
    print_summary(&summary);
    print_analysis_cache(&dictionary, args.analysis_cache_mb);
    Ok(if report.has_skips() {
        exit::SKIPPED
    } else {
        exit::OK
    })
}

pub(crate) fn delete(context: &Context, args: &DeleteArgs) -> kosearch::Result<u8> {
    let dictionary = context.dictionary(DictionaryMemory::Mapped)?;
    let index = Index::open_with(&args.index.dir, &dictionary)?;
    let mut writer = index.writer(&WriterOptions::default())?;
    let mut missing = Vec::new();
    let mut deleted = 0;
    for id in &args.ids {
        if writer.delete(id)? {
            deleted += 1;
        } else {
            missing.push(id.as_str());
        }
    }
    writer.finish()?;
    println!("deleted {deleted}");
    if missing.is_empty() {
        Ok(exit::OK)
    } else {
        eprintln!("kosearch: not in the index: {}", safe(missing.join(", ")));
        Ok(exit::SKIPPED)
    }
}

pub(crate) fn optimize(context: &Context, args: &OptimizeArgs) -> kosearch::Result<u8> {
    let dictionary = context.dictionary(DictionaryMemory::Mapped)?;
    let index = Index::open_with(&args.index.dir, &dictionary)?;
    let started = Instant::now();
    let segments = index.force_merge()?;
    let seconds = started.elapsed().as_secs_f64();
    match segments {
        0 => println!("the index is empty"),
        1 => println!("the index is one segment ({seconds:.1} s)"),
        n => println!("merged {n} segments into one in {seconds:.1} s"),
    }
    Ok(exit::OK)
}

pub(crate) fn stats(context: &Context, args: &StatsArgs) -> kosearch::Result<u8> {
    let dictionary = context.dictionary(DictionaryMemory::Mapped)?;
    let index = Index::open_with(&args.index.dir, &dictionary)?;
    let stats = index.stats()?;
    if args.json {
        let json = serde_json::to_string_pretty(&stats).map_err(|e| Error::Index(e.to_string()))?;
        println!("{json}");
    } else {
        print_stats(index.dir(), &stats);
    }
    Ok(exit::OK)
}

fn print_stats(dir: &Path, stats: &IndexStats) {
    println!("index:          {}", safe(dir.display()));
    println!("documents:      {}", stats.documents);
    if stats.deleted_documents > 0 {
        println!(
            "deleted:        {} (not yet merged away)",
            stats.deleted_documents
        );
    }
    println!("segments:       {}", stats.segments);
    println!(
        "size on disk:   {:.1} MiB",
        stats.size_bytes as f64 / 1048576.0
    );
    if stats.term_offsets {
        println!(
            "term offsets:   {:.1} MiB (passages read without analysis)",
            stats.term_offsets_bytes as f64 / 1048576.0
        );
    } else {
        println!(
            "term offsets:   none (made with --no-term-offsets: passages analyze each hit's body)"
        );
    }
    println!("distinct terms: {}", stats.distinct_terms);
    match (stats.oldest, stats.newest) {
        (Some(oldest), Some(newest)) => println!(
            "published:      {} .. {}",
            oldest.format("%Y-%m-%d"),
            newest.format("%Y-%m-%d")
        ),
        _ => println!("published:      (no dates)"),
    }
    for (name, counts) in [("sections", &stats.sections), ("sources", &stats.sources)] {
        if counts.is_empty() {
            continue;
        }
        println!("{name}:");
        for (value, count) in counts {
            println!("  {count:>8}  {}", safe(value));
        }
    }
}

fn write_report(path: &Path, summary: &Summary, report: &ReadReport) -> kosearch::Result<()> {
    let json = serde_json::json!({
        "summary": summary,
        "ignored_files": report.ignored_files,
        "skipped": report.skipped,
        "altered": report.altered,
    });
    let text = serde_json::to_string_pretty(&json).map_err(|e| Error::Index(e.to_string()))?;
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

fn print_summary(summary: &Summary) {
    let mb = summary.bytes as f64 / 1_000_000.0;
    let seconds = summary.seconds.max(1e-9);
    let documents = summary.changes.documents();
    println!(
        "added {}, updated {}, unchanged {}, deleted {}, skipped {}; {:.1} MB in {:.1} s ({:.0} documents/s, {:.2} MB/s)",
        summary.changes.added,
        summary.changes.updated,
        summary.changes.unchanged,
        summary.deleted,
        summary.skipped,
        mb,
        summary.seconds,
        documents as f64 / seconds,
        mb / seconds
    );
}

/// What the indexing threads' analysis caches did.
fn print_analysis_cache(dictionary: &kosearch::dictionary::KoreanDictionary, mib: usize) {
    let stats = kosearch::analysis::cache_stats();
    if mib > 0 && dictionary.keys_with_space().is_none() {
        println!(
            "analysis cache: off, for the dictionary predates it (`kosearch dict install` \
             rebuilds it)"
        );
    } else if stats.chars > 0 {
        println!(
            "analysis cache: {:.1}% of characters found; {:.1} MiB held at most ({mib} MiB per \
             thread), {} words forgotten",
            stats.hit_rate() * 100.0,
            stats.peak_bytes as f64 / (1024.0 * 1024.0),
            stats.evicted
        );
    }
}

/// The progress line while indexing.
fn progress_message(summary: &Summary, started: Instant) -> String {
    let documents = summary.changes.documents();
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    format!(
        "{documents} documents ({} new, {} updated, {} skipped), {:.0} documents/s, {:.2} MB/s",
        summary.changes.added,
        summary.changes.updated,
        summary.skipped,
        documents as f64 / seconds,
        summary.bytes as f64 / 1_000_000.0 / seconds
    )
}
