//! `sitrep eval events`: the events/quotes scores and the violence rate.

use std::path::{Path, PathBuf};

use anyhow::Result;

/// Scores the events gold file and, given `non_violent` inputs, measures the
/// violence rate; returns Markdown (or one JSON object with `events` and
/// `violence`).
pub(crate) fn render(gold: &Path, non_violent: &[PathBuf], json: bool) -> Result<String> {
    let events = sitrep_eval::events::evaluate_events_file(gold)?;
    let violence = if non_violent.is_empty() {
        None
    } else {
        Some(sitrep_eval::events::violence_rate(non_violent)?)
    };
    if json {
        let mut text = serde_json::to_string_pretty(&serde_json::json!({
            "events": events,
            "violence": violence.as_ref().map(|v| serde_json::json!({
                "rate": v.rate(),
                "report": v,
            })),
        }))?;
        text.push('\n');
        return Ok(text);
    }
    let mut text = events.to_markdown();
    if let Some(violence) = &violence {
        text.push('\n');
        text.push_str(&violence.to_markdown());
    }
    Ok(text)
}
