//! `kosearch search`: ranked articles with highlighted passages.

use std::io::{IsTerminal, Write};

use kosearch::dictionary::DictionaryMemory;
use kosearch::index::Index;
use kosearch::search::{Facet, Hit, Passage, SearchOptions, SearchResults, Searcher, SortOrder};

use super::terminal::safe;
use super::{exit, Context, SearchArgs, SortArg};

/// Terminal colours for highlights, or none.
struct Style {
    highlight: (&'static str, &'static str),
    title: (&'static str, &'static str),
    dim: (&'static str, &'static str),
}

impl Style {
    fn detect() -> Style {
        let colour = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
        if colour {
            Style {
                highlight: ("\x1b[1;31m", "\x1b[0m"),
                title: ("\x1b[1m", "\x1b[0m"),
                dim: ("\x1b[2m", "\x1b[0m"),
            }
        } else {
            Style {
                highlight: ("", ""),
                title: ("", ""),
                dim: ("", ""),
            }
        }
    }
}

pub(crate) fn search(context: &Context, args: &SearchArgs) -> kosearch::Result<u8> {
    let query = args.query.join(" ");
    let dictionary = context.dictionary(DictionaryMemory::Mapped)?;
    let index = Index::open_with(&args.index.dir, &dictionary)?;
    let searcher = Searcher::new(&index)?;
    let facets = args
        .facets
        .iter()
        .flat_map(|list| list.split(','))
        .filter(|name| !name.trim().is_empty())
        .map(str::parse::<Facet>)
        .collect::<kosearch::Result<Vec<_>>>()?;
    let mut options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
        },
        recency_half_life_days: args.recency,
        facets,
        title_boost: args.title_boost,
        passage_ranking: args.passage_ranking,
        synonyms: args.synonyms.load(index.analyzer())?,
        correct: !args.exact,
        ..SearchOptions::default()
    };
    options.passages.max_passages = args.passages;
    let results = searcher.search(&query, &options)?;
    for document in &results.unreadable {
        eprintln!(
            "kosearch: left out `{}`: its stored article cannot be read ({}); index its source again to rewrite it",
            document.id, document.reason
        );
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &results)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_results(&mut out, &query, &results, &options, &Style::detect())
    };
    super::flushed(written, &mut out).map(|()| exit::OK)
}

fn print_results(
    out: &mut impl Write,
    query: &str,
    results: &SearchResults,
    options: &SearchOptions,
    style: &Style,
) -> std::io::Result<()> {
    if let Some(corrected) = &results.corrected_query {
        writeln!(
            out,
            "searched for {} (corrected from {}; --exact searches it as typed)",
            safe(corrected),
            safe(query)
        )?;
    }
    let shown = results.hits.len();
    let first = options.offset + 1;
    if results.total == 0 {
        writeln!(out, "no results")?;
    } else if shown == 0 {
        writeln!(out, "{} matching; none shown", results.total)?;
    } else {
        writeln!(
            out,
            "{} matching; showing {}..{}",
            results.total,
            first,
            options.offset + shown
        )?;
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        print_hit(out, first + rank, hit, style)?;
    }
    for (name, counts) in &results.facets {
        let values: Vec<String> = counts
            .iter()
            .map(|count| format!("{} ({})", safe(&count.value), count.count))
            .collect();
        let values = if values.is_empty() {
            "(no values among the matches)".to_string()
        } else {
            values.join(", ")
        };
        writeln!(out)?;
        writeln!(out, "{name}: {values}")?;
    }
    Ok(())
}

fn print_hit(out: &mut impl Write, rank: usize, hit: &Hit, style: &Style) -> std::io::Result<()> {
    writeln!(
        out,
        "{rank}. {}{}{}",
        style.title.0,
        safe(&hit.title),
        style.title.1
    )?;
    let mut meta = Vec::new();
    if let Some(date) = hit.published_at {
        meta.push(date.format("%Y-%m-%d %H:%M").to_string());
    }
    if !hit.reporters.is_empty() {
        meta.push(hit.reporters.join(", "));
    }
    meta.extend(hit.source.iter().cloned());
    meta.extend(hit.section.iter().cloned());
    meta.push(format!("{}  score {:.2}", hit.id, hit.score));
    writeln!(
        out,
        "   {}{}{}",
        style.dim.0,
        safe(meta.join(" · ")),
        style.dim.1
    )?;
    for passage in &hit.passages {
        writeln!(out, "   {}", render_passage(passage, style))?;
    }
    Ok(())
}

/// A passage on one line, highlights marked, `…` where it was cut; its
/// text made [`safe`] for the terminal.
fn render_passage(passage: &Passage, style: &Style) -> String {
    use std::fmt::Write;
    let mut line = String::new();
    if passage.cut_before {
        line.push('…');
    }
    let mut at = 0;
    for &(start, end) in &passage.highlights {
        let (Some(before), Some(marked)) =
            (passage.text.get(at..start), passage.text.get(start..end))
        else {
            continue;
        };
        let _ = write!(
            line,
            "{}{}{}{}",
            safe(before),
            style.highlight.0,
            safe(marked),
            style.highlight.1
        );
        at = end;
    }
    let _ = write!(line, "{}", safe(passage.text.get(at..).unwrap_or_default()));
    if passage.cut_after {
        line.push('…');
    }
    // One line per passage: paragraph breaks become spaces.
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}
