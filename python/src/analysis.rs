//! The analyzer: `kosearch.analyze(text)`, `kosearch.Analyzer` for other
//! settings, and the [`Token`]s they give, with character offsets.

use std::path::PathBuf;
use std::sync::OnceLock;

use kosearch::analysis::{self, AnalyzerConfig, DecompoundMode, Tokenization};
use kosearch::dictionary::{self, DictionaryMemory, KoreanDictionary};
use pyo3::prelude::*;

use crate::errors::{invalid, IntoPy};
use crate::offsets::CharOffsets;

/// One index term of a text.
#[pyclass(frozen, get_all, module = "kosearch")]
pub(crate) struct Token {
    /// The term as indexed: normalized, lower-cased, a stem for verbs.
    text: String,
    /// The normalized text it was read from (했 for the stem 하).
    surface: String,
    /// Part-of-speech tag (mecab-ko-dic / Sejong), e.g. ``NNG``.
    pos: String,
    /// Where its source starts in the text, in characters.
    start: usize,
    /// Where its source ends in the text, in characters.
    end: usize,
    /// Token position, for phrase queries.
    position: usize,
    /// What it stands for: ``word``, ``compound``, ``compound_part``,
    /// ``reading``, ``abbreviation`` or ``whole_word``.
    kind: String,
}

#[pymethods]
impl Token {
    fn __repr__(&self) -> String {
        format!(
            "Token(text={:?}, pos={:?}, start={}, end={}, position={}, kind={:?})",
            self.text, self.pos, self.start, self.end, self.position, self.kind
        )
    }
}

/// The dictionary in `dir`, or in its default place
/// (``$KOSEARCH_DICT``, else the per-user data directory), its tables
/// resident: a Python process that loads it lives long enough to repay
/// the copy (`DictionaryMemory::Resident`).
pub(crate) fn load_dictionary(dir: Option<PathBuf>) -> PyResult<KoreanDictionary> {
    KoreanDictionary::load_with(
        &dir.unwrap_or_else(dictionary::default_dir),
        DictionaryMemory::Resident,
    )
    .py()
}

/// The tokens of `text` by `analyzer`, with the GIL released.
pub(crate) fn tokens(py: Python<'_>, analyzer: &analysis::Analyzer, text: &str) -> Vec<Token> {
    py.detach(|| {
        let mut offsets = CharOffsets::new(text);
        analyzer
            .analyze(text)
            .into_iter()
            .map(|term| Token {
                start: offsets.of(term.start),
                end: offsets.of(term.end),
                kind: serde_json::to_value(term.kind)
                    .ok()
                    .and_then(|kind| kind.as_str().map(str::to_string))
                    .unwrap_or_default(),
                text: term.text,
                surface: term.surface,
                pos: term.pos,
                position: term.position,
            })
            .collect()
    })
}

/// The Korean analyzer, with settings of its own: what an index with those
/// settings would index.
///
/// ``Analyzer(decompound="mixed", tokenizer="morphological",
/// whole_words=True, hanja_readings=False, headline_abbreviations=True,
/// builtin_user_dictionary=True,
/// user_dictionaries=None, dictionary=None)``; ``dictionary`` is the
/// dictionary's directory (by default ``$KOSEARCH_DICT``, else the per-user
/// data directory where :func:`install_dictionary` puts it).
/// Safe to share between threads.
#[pyclass(frozen, module = "kosearch")]
pub(crate) struct Analyzer {
    inner: analysis::Analyzer,
    /// The dictionary it runs on, for an index created with it.
    dictionary: KoreanDictionary,
}

impl Analyzer {
    /// Its settings and dictionary, for an index created with it.
    pub(crate) fn parts(&self) -> (&AnalyzerConfig, &KoreanDictionary) {
        (self.inner.config(), &self.dictionary)
    }
}

#[pymethods]
impl Analyzer {
    #[new]
    #[pyo3(signature = (*, decompound = "mixed", tokenizer = "morphological", whole_words = true,
        hanja_readings = false, headline_abbreviations = true, builtin_user_dictionary = true,
        user_dictionaries = None,
        dictionary = None))]
    fn new(
        py: Python<'_>,
        decompound: &str,
        tokenizer: &str,
        whole_words: bool,
        hanja_readings: bool,
        headline_abbreviations: bool,
        builtin_user_dictionary: bool,
        user_dictionaries: Option<Vec<PathBuf>>,
        dictionary: Option<PathBuf>,
    ) -> PyResult<Self> {
        let decompound = match decompound {
            "mixed" => DecompoundMode::Mixed,
            "discard" => DecompoundMode::Discard,
            "none" => DecompoundMode::None,
            other => {
                return Err(invalid(format!(
                    "unknown decompound mode `{other}` (use mixed, discard or none)"
                )))
            }
        };
        let tokenization = match tokenizer {
            "morphological" => Tokenization::Morphological,
            "whitespace" => Tokenization::Whitespace,
            other => {
                return Err(invalid(format!(
                    "unknown tokenizer `{other}` (use morphological or whitespace)"
                )))
            }
        };
        let config = AnalyzerConfig {
            tokenization,
            decompound,
            hanja_readings,
            headline_abbreviations,
            whole_words,
            builtin_user_dictionary,
            user_dictionaries: user_dictionaries.unwrap_or_default(),
        };
        py.detach(|| {
            let dictionary = load_dictionary(dictionary)?;
            let inner = analysis::Analyzer::new(&dictionary, &config).py()?;
            Ok(Analyzer { inner, dictionary })
        })
    }

    /// The index terms of ``text``: each with its part of speech, its
    /// character range in ``text`` and its position.
    fn analyze(&self, py: Python<'_>, text: &str) -> Vec<Token> {
        tokens(py, &self.inner, text)
    }

    /// The same as :meth:`analyze`.
    fn __call__(&self, py: Python<'_>, text: &str) -> Vec<Token> {
        tokens(py, &self.inner, text)
    }
}

/// The index terms of ``text`` with the default settings (those of an
/// index created without options): each with its part of speech, its
/// character range in ``text`` and its position.
///
/// >>> [(t.text, t.pos, t.start, t.end) for t in kosearch.analyze("서울시와 협약")][:2]
/// [('서울시', 'NNP', 0, 3), ('서울', 'NNP', 0, 2)]
#[pyfunction]
pub(crate) fn analyze(py: Python<'_>, text: &str) -> PyResult<Vec<Token>> {
    static DEFAULT: OnceLock<analysis::Analyzer> = OnceLock::new();
    let analyzer = match DEFAULT.get() {
        Some(analyzer) => analyzer,
        None => {
            let analyzer = py.detach(|| {
                let dictionary = load_dictionary(None)?;
                analysis::Analyzer::new(&dictionary, &AnalyzerConfig::default()).py()
            })?;
            DEFAULT.get_or_init(|| analyzer)
        }
    };
    Ok(tokens(py, analyzer, text))
}
