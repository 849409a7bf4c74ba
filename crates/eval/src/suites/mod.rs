//! Scoring the date, number and sentence finders against the public test
//! suites (`sitrep eval dates|numbers|sentences --gold FILE`).
//!
//! Each suite file is JSON Lines, one case a line. Every suite gives a
//! [`SuiteReport`]: how many gold results were found (a prediction overlaps
//! the gold span) and how many were resolved right (an overlapping
//! prediction's value equals one of the gold values), per result type, the
//! predictions that overlap no gold result (false positives), and a listing
//! of every miss. Sentences are scored on exact spans instead.
//!
//! Shapes: `dates` and `numbers` read the Recognizers-Text JSONL described
//! in `shared/data/gold/README.md` (`text`, `reference_datetime`, `results`
//! with `start`, `end`, `type`, `values`/`value`); `sentences` reads
//! `{"text", "sentences": [...]}` where each sentence is its text (found in
//! order in `text`) or an object with code-point `start`/`end`.

mod dates;
mod numbers;
mod sentences;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::error::EvalError;

pub use dates::evaluate_dates;
pub use numbers::evaluate_numbers;
pub use sentences::evaluate_sentences;

/// Found / right counts for one result type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeCounts {
    /// Gold results of this type.
    pub gold: usize,
    /// Gold results a prediction overlaps.
    pub found: usize,
    /// Gold results an overlapping prediction resolves to a gold value.
    pub right: usize,
}

/// The result of scoring one suite file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuiteReport {
    /// `dates`, `numbers` or `sentences`.
    pub suite: String,
    /// The gold file.
    pub source: String,
    /// Cases (lines) read.
    pub cases: usize,
    /// The result types the headline figure counts (e.g. `date`, `daterange`).
    pub scored_types: Vec<String>,
    /// Counts per gold result type (all types, scored or not).
    pub per_type: BTreeMap<String, TypeCounts>,
    /// Predictions (of the kinds the suite scores) overlapping no gold result.
    pub false_positives: usize,
    /// One line per miss: case id, text, gold, ours.
    pub errors: Vec<String>,
}

impl SuiteReport {
    fn new(suite: &str, source: &str, scored_types: &[&str]) -> Self {
        Self {
            suite: suite.to_owned(),
            source: source.to_owned(),
            cases: 0,
            scored_types: scored_types.iter().map(|t| (*t).to_owned()).collect(),
            per_type: BTreeMap::new(),
            false_positives: 0,
            errors: Vec::new(),
        }
    }

    /// Counts over the scored types.
    #[must_use]
    pub fn scored(&self) -> TypeCounts {
        let mut total = TypeCounts::default();
        for (name, counts) in &self.per_type {
            if self.scored_types.contains(name) {
                total.gold += counts.gold;
                total.found += counts.found;
                total.right += counts.right;
            }
        }
        total
    }

    /// Share of scored gold results resolved right (0 when there are none).
    #[must_use]
    pub fn accuracy(&self) -> f64 {
        let total = self.scored();
        if total.gold == 0 {
            0.0
        } else {
            total.right as f64 / total.gold as f64
        }
    }

    /// A Markdown summary, then the error listing.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let total = self.scored();
        let _ = writeln!(out, "# {} against {}\n", self.suite, self.source);
        let _ = writeln!(
            out,
            "{} cases; scored types: {}.\n",
            self.cases,
            self.scored_types.join(", ")
        );
        let _ = writeln!(
            out,
            "**Resolved right: {}/{} = {:.1} %** (found {}/{}); {} predictions overlap no gold result.\n",
            total.right,
            total.gold,
            100.0 * self.accuracy(),
            total.found,
            total.gold,
            self.false_positives
        );
        let _ = writeln!(out, "| type | gold | found | right |\n|---|---:|---:|---:|");
        for (name, counts) in &self.per_type {
            let marker = if self.scored_types.contains(name) {
                ""
            } else {
                " (not scored)"
            };
            let _ = writeln!(
                out,
                "| {name}{marker} | {} | {} | {} |",
                counts.gold, counts.found, counts.right
            );
        }
        if !self.errors.is_empty() {
            let _ = writeln!(out, "\n## Misses ({})\n", self.errors.len());
            for error in &self.errors {
                let _ = writeln!(out, "- {error}");
            }
        }
        out
    }
}

/// Reads `path` and parses every non-empty line as JSON.
fn read_cases(path: &Path) -> Result<Vec<(usize, serde_json::Value)>, EvalError> {
    let jsonl = std::fs::read_to_string(path).map_err(|error| EvalError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    parse_cases(&jsonl, &path.display().to_string())
}

/// Parses JSON Lines into (1-based line, value) pairs.
fn parse_cases(jsonl: &str, source: &str) -> Result<Vec<(usize, serde_json::Value)>, EvalError> {
    let mut cases = Vec::new();
    for (idx, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|error| EvalError::Json {
            source_name: source.to_owned(),
            line: idx + 1,
            error,
        })?;
        cases.push((idx + 1, value));
    }
    if cases.is_empty() {
        return Err(EvalError::Empty {
            source_name: source.to_owned(),
        });
    }
    Ok(cases)
}

/// A case field that must be a string.
fn text_of<'a>(
    case: &'a serde_json::Value,
    field: &str,
    source: &str,
    line: usize,
) -> Result<&'a str, EvalError> {
    case.get(field)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| EvalError::BadMention {
            source_name: source.to_owned(),
            line,
            detail: format!("no string field \"{field}\""),
        })
}

/// A gold result: code-point span, type and its raw JSON.
struct GoldResult<'a> {
    start: usize,
    end: usize,
    kind: String,
    raw: &'a serde_json::Value,
}

/// The `results` of a case.
fn results_of<'a>(
    case: &'a serde_json::Value,
    source: &str,
    line: usize,
) -> Result<Vec<GoldResult<'a>>, EvalError> {
    let Some(results) = case.get("results").and_then(serde_json::Value::as_array) else {
        return Ok(Vec::new());
    };
    results
        .iter()
        .map(|raw| {
            let number = |field: &str| raw.get(field).and_then(serde_json::Value::as_u64);
            let (Some(start), Some(end)) = (number("start"), number("end")) else {
                return Err(EvalError::BadMention {
                    source_name: source.to_owned(),
                    line,
                    detail: "a result has no start/end".to_owned(),
                });
            };
            let kind = raw
                .get("type")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default();
            let kind = kind.strip_prefix("datetimeV2.").unwrap_or(kind).to_owned();
            Ok(GoldResult {
                start: start as usize,
                end: end as usize,
                kind,
                raw,
            })
        })
        .collect()
}

/// Code-point offsets of every byte offset boundary of `text`, for converting spans.
fn char_offsets(text: &str) -> Vec<usize> {
    let mut offsets = vec![0; text.len() + 1];
    let mut count = 0;
    for (byte, c) in text.char_indices() {
        for slot in &mut offsets[byte..byte + c.len_utf8()] {
            *slot = count;
        }
        count += 1;
    }
    offsets[text.len()] = count;
    offsets
}

/// The code points `start..end` of `text`.
fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}
