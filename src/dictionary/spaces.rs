//! Where the dictionary lets a word run across white space, found when the
//! dictionary is built and recorded in its manifest.
//!
//! lindera reads a run of `SPACE` characters (char.def) as one node that
//! every path crosses, except where a dictionary key itself contains such a
//! character (mecab-ko-dic has one: `영치기 영차`). The analyzer's word
//! cache relies on knowing both, and neither can be read back from an
//! installed dictionary cheaply: its surfaces live only in its trie, which
//! cannot be listed, and the character classes cover all of Unicode.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The white space facts of one built dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Spaces {
    /// Every character of the dictionary's `SPACE` class, in order.
    pub(crate) chars: String,
    /// The dictionary's keys that contain a `SPACE` character, sorted.
    pub(crate) keys: Vec<String>,
}

impl Spaces {
    /// Reads the facts from the dictionary `built` from the lexicons
    /// (`*.csv`) in `sources`, taking each surface as lindera's builder does
    /// (the first field, trimmed) and keeping those the built trie holds.
    pub(super) fn find(
        built: &lindera::dictionary::Dictionary,
        sources: &Path,
    ) -> Result<Spaces, String> {
        let definition = &built.character_definition;
        let space = definition
            .category_id_by_name("SPACE")
            .ok_or("its char.def has no SPACE class")?;
        let is_space = |c: char| definition.lookup_categories(c).contains(&space);
        let chars: String = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_space(c))
            .collect();
        let mut keys = Vec::new();
        let lexicons = std::fs::read_dir(sources)
            .map_err(|err| format!("cannot list {}: {err}", sources.display()))?;
        for entry in lexicons {
            let path = entry
                .map_err(|err| format!("cannot list {}: {err}", sources.display()))?
                .path();
            if path.extension().is_none_or(|extension| extension != "csv") {
                continue;
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(&path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            for row in reader.byte_records() {
                let row = row.map_err(|err| format!("cannot read {}: {err}", path.display()))?;
                let Some(surface) = row.get(0) else { continue };
                let surface = String::from_utf8_lossy(surface);
                let surface = surface.trim();
                if surface.chars().any(is_space)
                    && !built.prefix_dictionary.find_surface(surface).is_empty()
                {
                    keys.push(surface.to_string());
                }
            }
        }
        keys.sort();
        keys.dedup();
        Ok(Spaces { chars, keys })
    }
}
