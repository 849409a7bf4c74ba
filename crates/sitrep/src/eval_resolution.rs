//! `sitrep eval coref` and `sitrep eval link`: how names are grouped and
//! linked, against a GUM-style gold file.

use std::path::Path;

use anyhow::Result;
use sitrep_eval::EvalOptions;
use sitrep_eval::resolution::{evaluate_coref_file, evaluate_link_file};

use crate::cli::EvalSuite;

/// Scores `suite` (`Coref` or `Link`) on `gold`; Markdown, or JSON with `json`.
pub(crate) fn render(
    suite: EvalSuite,
    gold: &Path,
    all_mentions: bool,
    json: bool,
) -> Result<String> {
    let options = EvalOptions {
        proper_only: !all_mentions,
    };
    let (value, markdown) = if suite == EvalSuite::Link {
        let report = evaluate_link_file(gold, &options)?;
        (serde_json::to_value(&report)?, report.to_markdown())
    } else {
        let report = evaluate_coref_file(gold, &options)?;
        (serde_json::to_value(&report)?, report.to_markdown())
    };
    if json {
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        Ok(text)
    } else {
        Ok(markdown)
    }
}
