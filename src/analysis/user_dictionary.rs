//! User dictionaries: words the system dictionary lacks or splits badly.
//!
//! The format is a CSV file, one word a line: `surface,POS[,reading[,parts]]`.
//!
//! * `surface`: the word as written (normalized like any input, so `Ｋ리그`
//!   and `k리그` are the same entry);
//! * `POS`: one of `NNG, NNP, NR, XPN, XR, MAG, VV, VA, SL, SH, SN`;
//! * `reading`: the Hangul reading (for Hanja words); empty means the surface;
//! * `parts`: an optional decomposition such as `세종+시` or
//!   `세종/NNP+시/NNG`, which makes the word a compound: it is indexed whole
//!   and by its parts, exactly like compound nouns of the system dictionary.
//!
//! Lines starting with `#` and blank lines are ignored, and so is a UTF-8
//! byte-order mark at the start (Excel's "CSV UTF-8"). A later entry for the
//! same surface replaces an earlier one, so a user's file can override the
//! built-in dictionary that ships with kosearch.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::pos;
use crate::{Error, Result};

/// The user dictionary shipped with kosearch: place names and terms of the
/// sample corpus that mecab-ko-dic 2.1.1 splits wrongly (it reads 세종시 as
/// 세 + 종시, so a search for 세종 would miss it).
const BUILTIN_CSV: &str = include_str!("default_user_dictionary.csv");

/// Word cost given to user words: low enough that they win over any
/// segmentation the system dictionary offers for the same characters.
const USER_WORD_COST: i16 = -10000;

/// One word of a user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWord {
    /// The normalized surface form.
    pub surface: String,
    /// Part-of-speech tag.
    pub tag: String,
    /// Hangul reading (the surface when none was given).
    pub reading: String,
    /// The decomposition, as (surface, tag) pairs; empty for a simple word.
    pub parts: Vec<(String, String)>,
}

/// A set of user words, from the built-in list and any number of CSV files.
#[derive(Debug, Clone, Default)]
pub struct UserDictionary {
    words: BTreeMap<String, UserWord>,
}

impl UserDictionary {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self::default()
    }

    /// The dictionary shipped with kosearch.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_CSV, Path::new("<built-in user dictionary>"))
            .expect("the built-in user dictionary is valid (checked by a unit test)")
    }

    /// Reads a CSV file. Errors name the file and line.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|_| Error::UserDictionary {
            path: path.to_path_buf(),
            line: None,
            message: "not valid UTF-8; save the file as UTF-8".into(),
        })?;
        Self::parse(&text, path)
    }

    /// Parses CSV text; `origin` names it in error messages.
    pub fn parse(text: &str, origin: &Path) -> Result<Self> {
        let mut dictionary = Self::new();
        // Excel's "CSV UTF-8" starts with a byte-order mark, which would
        // otherwise be read as part of the first word (or comment).
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let word = parse_line(line).map_err(|message| Error::UserDictionary {
                path: origin.to_path_buf(),
                line: Some(index + 1),
                message,
            })?;
            if let Some(word) = word {
                dictionary.insert(word);
            }
        }
        Ok(dictionary)
    }

    /// The words given one by one, as `kosearch dict add` takes them: each
    /// a CSV line, or a bare surface, which is a proper noun (`NNP`, the
    /// usual missing word). `origin` names them in error messages, with the
    /// word's number.
    pub fn from_words<S: AsRef<str>>(words: &[S], origin: &str) -> Result<Self> {
        let mut dictionary = Self::new();
        for (number, word) in words.iter().enumerate() {
            let word = word.as_ref();
            let line = if word.contains(',') {
                word.to_string()
            } else {
                format!("{word},NNP")
            };
            let origin = format!("<word {} of {origin}>", number + 1);
            dictionary.extend(Self::parse(&line, Path::new(&origin))?);
        }
        Ok(dictionary)
    }

    /// Adds a word, replacing any earlier entry with the same surface.
    pub fn insert(&mut self, word: UserWord) {
        self.words.insert(word.surface.clone(), word);
    }

    /// Adds every word of `other`, which wins on equal surfaces.
    pub fn extend(&mut self, other: UserDictionary) {
        self.words.extend(other.words);
    }

    /// The word with this (normalized) surface.
    pub fn get(&self, surface: &str) -> Option<&UserWord> {
        self.words.get(surface)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, sorted by surface.
    pub fn words(&self) -> impl Iterator<Item = &UserWord> {
        self.words.values()
    }

    /// SHA-256 of the effective entries (hex). Two dictionaries with the same
    /// words have the same checksum whatever their files looked like.
    pub fn checksum(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.lindera_csv().as_bytes());
        hasher
            .finalize()
            .iter()
            .fold(String::with_capacity(64), |mut hex, byte| {
                let _ = write!(hex, "{byte:02x}");
                hex
            })
    }

    /// The words in this module's CSV format, one a line, sorted: a
    /// canonical form that [`UserDictionary::parse`] reads back unchanged.
    pub fn to_csv(&self) -> String {
        let mut csv = String::new();
        for word in self.words.values() {
            let parts: Vec<String> = word
                .parts
                .iter()
                .map(|(surface, tag)| format!("{surface}/{tag}"))
                .collect();
            let _ = writeln!(
                csv,
                "{},{},{},{}",
                word.surface,
                word.tag,
                word.reading,
                parts.join("+")
            );
        }
        csv
    }

    /// The words as rows of the full mecab-ko-dic schema, which carry real
    /// context ids and, for compounds, the decomposition lindera hands back.
    fn lindera_csv(&self) -> String {
        let mut csv = String::new();
        for word in self.words.values() {
            let (left, right_final, right_open) =
                pos::user_word_context_ids(&word.tag).expect("tags are validated when parsed");
            let final_consonant = pos::has_final_consonant(&word.surface);
            let right = if final_consonant == Some(false) {
                right_open
            } else {
                right_final
            };
            let flag = match final_consonant {
                Some(true) => "T",
                Some(false) => "F",
                None => "*",
            };
            let (kind, expression) = if word.parts.is_empty() {
                ("*", "*".to_string())
            } else {
                let parts: Vec<String> = word
                    .parts
                    .iter()
                    .map(|(surface, tag)| format!("{surface}/{tag}/*"))
                    .collect();
                ("Compound", parts.join("+"))
            };
            let _ = writeln!(
                csv,
                "{},{left},{right},{USER_WORD_COST},{},*,{flag},{},{kind},*,*,{expression}",
                word.surface, word.tag, word.reading
            );
        }
        csv
    }

    /// Compiles the words for lindera; `None` when there are none.
    pub(crate) fn compile(&self) -> Result<Option<lindera::dictionary::UserDictionary>> {
        if self.words.is_empty() {
            return Ok(None);
        }
        let builder = lindera_dictionary::builder::DictionaryBuilder::new(
            crate::dictionary::source_metadata(),
        );
        builder
            .build_user_dict_from_reader(self.lindera_csv().as_bytes())
            .map(Some)
            .map_err(|e| Error::UserDictionary {
                path: PathBuf::from("<user dictionary>"),
                line: None,
                message: e.to_string(),
            })
    }
}

/// Parses one non-comment line; `Ok(None)` for a header row.
fn parse_line(line: &str) -> std::result::Result<Option<UserWord>, String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if fields.len() < 2 || fields.len() > 4 {
        return Err(format!(
            "expected `surface,POS[,reading[,parts]]`, found {} field(s)",
            fields.len()
        ));
    }
    if fields[1].eq_ignore_ascii_case("pos") {
        return Ok(None);
    }
    let surface = normalize(fields[0]);
    if surface.is_empty() {
        return Err("empty surface".into());
    }
    if surface.chars().any(char::is_whitespace) {
        return Err(format!("surface `{surface}` contains whitespace"));
    }
    let tag = checked_tag(fields[1])?;
    let reading = match fields.get(2).map(|r| normalize(r)) {
        Some(reading) if !reading.is_empty() => reading,
        _ => surface.clone(),
    };
    let parts = match fields.get(3) {
        Some(parts) if !parts.is_empty() => parse_parts(parts, &surface, &tag)?,
        _ => Vec::new(),
    };
    Ok(Some(UserWord {
        surface,
        tag,
        reading,
        parts,
    }))
}

fn parse_parts(
    text: &str,
    surface: &str,
    default_tag: &str,
) -> std::result::Result<Vec<(String, String)>, String> {
    let mut parts = Vec::new();
    for piece in text.split('+') {
        let (part, tag) = match piece.split_once('/') {
            Some((part, tag)) => (normalize(part), checked_tag(tag)?),
            None => (normalize(piece), default_tag.to_string()),
        };
        if part.is_empty() {
            return Err(format!("empty part in `{text}`"));
        }
        parts.push((part, tag));
    }
    if parts.len() < 2 {
        return Err(format!(
            "parts `{text}` must list at least two pieces joined by `+`"
        ));
    }
    let joined: String = parts.iter().map(|(part, _)| part.as_str()).collect();
    if joined != surface {
        return Err(format!(
            "parts `{text}` spell `{joined}`, not the surface `{surface}`"
        ));
    }
    Ok(parts)
}

fn checked_tag(tag: &str) -> std::result::Result<String, String> {
    let tag = tag.trim().to_ascii_uppercase();
    if pos::user_word_context_ids(&tag).is_some() {
        Ok(tag)
    } else {
        Err(format!(
            "unsupported part of speech `{tag}` (use one of {})",
            pos::USER_WORD_TAGS
        ))
    }
}

fn normalize(text: &str) -> String {
    super::normalize(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionary_parses() {
        let dictionary = UserDictionary::builtin();
        assert!(dictionary.len() >= 5);
        let sejong = dictionary.words().find(|w| w.surface == "세종시").unwrap();
        assert_eq!(sejong.tag, "NNP");
        assert_eq!(
            sejong.parts,
            vec![
                ("세종".to_string(), "NNP".to_string()),
                ("시".into(), "NNG".into())
            ]
        );
    }

    #[test]
    fn rows_with_and_without_optional_fields() {
        let csv =
            "# comment\nsurface,POS\n\n카카오뱅크,NNP\n鄕歌,NNG,향가\n정원도시,NNG,,정원+도시\n";
        let dictionary = UserDictionary::parse(csv, Path::new("t.csv")).unwrap();
        assert_eq!(dictionary.len(), 3);
        let hanja = dictionary.words().find(|w| w.surface == "鄕歌").unwrap();
        assert_eq!(hanja.reading, "향가");
        let garden = dictionary
            .words()
            .find(|w| w.surface == "정원도시")
            .unwrap();
        assert_eq!(garden.reading, "정원도시");
        assert_eq!(garden.parts.len(), 2);
    }

    #[test]
    fn errors_name_the_line() {
        let err = UserDictionary::parse("ok,NNG\nbad,JKS\n", Path::new("u.csv")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("u.csv, line 2"), "{message}");
        assert!(message.contains("JKS"), "{message}");

        let err = UserDictionary::parse("세종시,NNP,,세종+도", Path::new("u.csv")).unwrap_err();
        assert!(err.to_string().contains("not the surface"));

        let err = UserDictionary::parse("a,b,c,d,e", Path::new("u.csv")).unwrap_err();
        assert!(err.to_string().contains("5 field"));
    }

    #[test]
    fn words_one_by_one_are_proper_nouns_unless_they_say_otherwise() {
        let words = UserDictionary::from_words(&["아카이아", "여우주연상,NNG"], "here").unwrap();
        assert_eq!(words.get("아카이아").unwrap().tag, "NNP");
        assert_eq!(words.get("여우주연상").unwrap().tag, "NNG");
        let err = UserDictionary::from_words(&["ok", "bad,JKS"], "the command line").unwrap_err();
        assert!(
            err.to_string().contains("<word 2 of the command line>"),
            "{err}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_no_part_of_the_first_line() {
        let plain =
            UserDictionary::parse("카카오뱅크,NNP\n鄕歌,NNG,향가\n", Path::new("a")).unwrap();
        let excel = UserDictionary::parse(
            "\u{feff}카카오뱅크,NNP\r\n鄕歌,NNG,향가\r\n",
            Path::new("b"),
        )
        .unwrap();
        assert_eq!(excel.checksum(), plain.checksum());
        assert!(excel.words().any(|word| word.surface == "카카오뱅크"));
        let commented =
            UserDictionary::parse("\u{feff}# 내 단어\n카카오뱅크,NNP\n", Path::new("c")).unwrap();
        assert_eq!(commented.len(), 1);
    }

    #[test]
    fn canonical_csv_reads_back_unchanged() {
        let dictionary = UserDictionary::builtin();
        let again = UserDictionary::parse(&dictionary.to_csv(), Path::new("again")).unwrap();
        assert_eq!(again.checksum(), dictionary.checksum());
        assert_eq!(again.to_csv(), dictionary.to_csv());
    }

    #[test]
    fn later_entries_win_and_checksum_follows_content() {
        let mut a = UserDictionary::parse("세종시,NNP", Path::new("a")).unwrap();
        let before = a.checksum();
        a.extend(UserDictionary::parse("세종시,NNG", Path::new("b")).unwrap());
        assert_eq!(a.len(), 1);
        assert_eq!(a.words().next().unwrap().tag, "NNG");
        assert_ne!(before, a.checksum());
        let same = UserDictionary::parse("# other layout\n세종시 , nng\n", Path::new("c")).unwrap();
        assert_eq!(same.checksum(), a.checksum());
    }
}
