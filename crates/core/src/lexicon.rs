//! Word lists kept as data files under `data/lexicons/`, read and checked
//! once.
//!
//! A lexicon file is UTF-8 text, one entry a line, its fields separated by
//! tabs; blank lines and lines starting with `#` are comments. Every file
//! names its columns in its first comment line (`# key<TAB>month`). Checks,
//! each failing with the file, the line and what to fix: the line has the
//! expected number of fields, no field is empty or padded with spaces, keys
//! are lower case, and no key appears twice.
//!
//! ```
//! use sitrep_core::lexicon::Lexicon;
//! let lexicon = Lexicon::parse("units.tsv", "# key\tvalue\nkm\t1000\nm\t1\n", 2).unwrap();
//! assert_eq!(lexicon.get("km").unwrap()[1], "1000");
//! let error = Lexicon::parse("units.tsv", "km\t1000\nKM\t1000\n", 2).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "units.tsv line 2: key `KM` is not lower case; write keys in lower case (lookups lower-case the word)"
//! );
//! ```

use std::collections::HashMap;

/// A lexicon file line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}: {reason}")]
pub struct LexiconError {
    /// File name, as given to [`Lexicon::parse`].
    pub file: String,
    /// Line number (1-based).
    pub line: usize,
    /// What is wrong and what to do.
    pub reason: String,
}

/// The entries of one lexicon file, by key (the first field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    entries: Vec<Vec<String>>,
    by_key: HashMap<String, usize>,
}

impl Lexicon {
    /// Reads and checks the text of lexicon `file` whose lines have `fields`
    /// tab-separated fields (see the module docs).
    pub fn parse(file: &str, text: &str, fields: usize) -> Result<Self, LexiconError> {
        Self::parse_keys(file, text, fields, true)
    }

    /// The checks of [`Lexicon::parse`], with lower-case keys required or not.
    fn parse_keys(
        file: &str,
        text: &str,
        fields: usize,
        lower_case_keys: bool,
    ) -> Result<Self, LexiconError> {
        let mut lexicon = Self::default();
        for (index, line) in text.lines().enumerate() {
            let error = |reason: String| LexiconError {
                file: file.to_owned(),
                line: index + 1,
                reason,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split('\t').collect();
            if parts.len() != fields {
                return Err(error(format!(
                    "{} tab-separated fields, expected {fields}",
                    parts.len()
                )));
            }
            if let Some(bad) = parts.iter().find(|p| p.is_empty() || p.trim() != **p) {
                return Err(error(format!(
                    "field `{bad}` is empty or has spaces around it; separate fields with one tab"
                )));
            }
            let key = parts[0];
            if lower_case_keys && key.to_lowercase() != key {
                return Err(error(format!(
                    "key `{key}` is not lower case; write keys in lower case (lookups lower-case the word)"
                )));
            }
            if lexicon.by_key.contains_key(key) {
                return Err(error(format!("key `{key}` is listed twice; keep one line")));
            }
            lexicon.by_key.insert(key.to_owned(), lexicon.entries.len());
            lexicon
                .entries
                .push(parts.into_iter().map(str::to_owned).collect());
        }
        Ok(lexicon)
    }

    /// The fields of the entry for `key` (the key first), if listed.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.by_key.get(key).map(|&i| self.entries[i].as_slice())
    }

    /// Every entry's fields, in file order.
    pub fn entries(&self) -> impl Iterator<Item = &[String]> {
        self.entries.iter().map(Vec::as_slice)
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the file has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The entries of a one-column lexicon file compiled into the binary
/// (`include_str!`), in file order, after the checks of [`Lexicon::parse`];
/// panics with the file, line and reason on a bad file (a build-time mistake,
/// caught by any test that reads the list).
#[must_use]
pub fn word_list(file: &str, text: &'static str) -> Vec<&'static str> {
    Lexicon::parse(file, text, 1).unwrap_or_else(|e| panic!("{e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect()
}

/// Like [`word_list`], for lists matched as written (agency names, capitalised
/// label words): entries keep their case, and the other checks still apply.
#[must_use]
pub fn cased_word_list(file: &str, text: &'static str) -> Vec<&'static str> {
    Lexicon::parse_keys(file, text, 1, false).unwrap_or_else(|e| panic!("{e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cased_lists_keep_case_and_still_refuse_repeats() {
        let list = cased_word_list("credits.tsv", "# credit\nAFP\nGetty Images\n");
        assert_eq!(list, ["AFP", "Getty Images"]);
        let error = Lexicon::parse_keys("credits.tsv", "AFP\nAFP\n", 1, false).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.to_string().contains("listed twice"), "{error}");
    }

    #[test]
    fn comments_and_blank_lines_are_skipped_and_errors_name_the_line() {
        let text = "# key\tvalue\n\nkm\t1000\n";
        let lexicon = Lexicon::parse("units.tsv", text, 2).unwrap();
        assert_eq!(lexicon.len(), 1);
        let error = |text: &str| Lexicon::parse("units.tsv", text, 2).unwrap_err();
        assert_eq!(
            error("km\t1\nmiles\n").to_string(),
            "units.tsv line 2: 1 tab-separated fields, expected 2"
        );
        assert_eq!(
            error("km\t1\nkm\t2\n").to_string(),
            "units.tsv line 2: key `km` is listed twice; keep one line"
        );
        assert_eq!(error("km \t1\n").line, 1);
        assert!(error("km\t\n").reason.contains("empty"));
    }
}
