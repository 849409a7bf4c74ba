//! `sitrep eval dates`: date expressions against the Recognizers-Text
//! date-time suite.
//!
//! Each case's `reference_datetime` is the anchor. A gold `date` or
//! `daterange` result is found when a predicted expression overlaps its
//! span, and right when an overlapping prediction's interval equals one of
//! its `values`: a `date` value `d` is the day `[d, d+1)`; a range is
//! `[start, end)` with either end missing when open; `not resolved`
//! matches a prediction left unresolved. Ranges are compared in the
//! suite's reading, which ends `from A to B` where B starts
//! (`DateValue::Range::last_part_start`); sitrep's own interval runs to
//! the end of B. Other result types (times, durations, sets) are listed but
//! not scored.

use std::path::Path;

use chrono::{Days, NaiveDate};
use sitrep_extract::dates::{DateMatch, DateValue, find_dates};

use super::{SuiteReport, char_offsets, read_cases, results_of, slice_chars, text_of};
use crate::error::EvalError;

/// The result types the headline figure counts.
const SCORED: &[&str] = &["date", "daterange"];

/// Scores the date finder on the suite file at `gold`.
pub fn evaluate_dates(gold: &Path) -> Result<SuiteReport, EvalError> {
    let source = gold.display().to_string();
    let mut report = SuiteReport::new("dates", &source, SCORED);
    for (line, case) in read_cases(gold)? {
        report.cases += 1;
        let text = text_of(&case, "text", &source, line)?;
        let anchor = case
            .get("reference_datetime")
            .and_then(serde_json::Value::as_str)
            .and_then(|r| NaiveDate::parse_from_str(r.get(..10)?, "%Y-%m-%d").ok());
        let id = case
            .get("id")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?");
        let offsets = char_offsets(text);
        let predicted: Vec<(usize, usize, DateMatch)> = find_dates(text, anchor)
            .into_iter()
            .map(|m| (offsets[m.start], offsets[m.end], m))
            .collect();
        let results = results_of(&case, &source, line)?;
        let mut used = vec![false; predicted.len()];
        for result in &results {
            let counts = report.per_type.entry(result.kind.clone()).or_default();
            counts.gold += 1;
            let overlapping: Vec<usize> = (0..predicted.len())
                .filter(|&p| predicted[p].0 < result.end && result.start < predicted[p].1)
                .collect();
            for &p in &overlapping {
                used[p] = true;
            }
            if overlapping.is_empty() {
                if SCORED.contains(&result.kind.as_str()) {
                    report.errors.push(format!(
                        "{id} missed {:?} ({}) in {text:?}",
                        slice_chars(text, result.start, result.end),
                        gold_values(result.raw)
                    ));
                }
                continue;
            }
            counts.found += 1;
            let values = result
                .raw
                .get("values")
                .and_then(serde_json::Value::as_array);
            let right = overlapping.iter().any(|&p| {
                values.is_some_and(|values| values.iter().any(|v| matches(&predicted[p].2, v)))
            });
            if right {
                counts.right += 1;
            } else if SCORED.contains(&result.kind.as_str()) {
                let ours: Vec<String> = overlapping
                    .iter()
                    .map(|&p| {
                        let (start, end, m) = &predicted[p];
                        format!("{:?} {}", slice_chars(text, *start, *end), describe(m))
                    })
                    .collect();
                report.errors.push(format!(
                    "{id} wrong {:?} gold {} ours {} in {text:?}",
                    slice_chars(text, result.start, result.end),
                    gold_values(result.raw),
                    ours.join("; ")
                ));
            }
        }
        for (p, (start, end, m)) in predicted.iter().enumerate() {
            if !used[p] {
                report.false_positives += 1;
                report.errors.push(format!(
                    "{id} extra {:?} {} in {text:?}",
                    slice_chars(text, *start, *end),
                    describe(m)
                ));
            }
        }
    }
    Ok(report)
}

/// The suite's reading of a prediction: `[start, end)`, `None` = open or unresolved.
fn suite_interval(m: &DateMatch) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    match m.value.ok()? {
        DateValue::Period(p) => Some((Some(p.start), Some(p.end))),
        DateValue::Range {
            start,
            end,
            last_part_start,
            ..
        } => Some((start, last_part_start.or(end))),
    }
}

fn date_of(value: Option<&serde_json::Value>) -> Option<NaiveDate> {
    let text = value?.as_str()?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Whether prediction `m` equals gold value `value`.
fn matches(m: &DateMatch, value: &serde_json::Value) -> bool {
    if value.get("value").and_then(serde_json::Value::as_str) == Some("not resolved") {
        return m.value.is_err();
    }
    let Some(ours) = suite_interval(m) else {
        return false;
    };
    if let Some(day) = date_of(value.get("value")) {
        return ours == (Some(day), day.checked_add_days(Days::new(1)));
    }
    let (start, end) = (value.get("start"), value.get("end"));
    if start.is_none() && end.is_none() {
        return false;
    }
    ours == (date_of(start), date_of(end))
}

fn gold_values(raw: &serde_json::Value) -> String {
    let Some(values) = raw.get("values").and_then(serde_json::Value::as_array) else {
        return "-".to_owned();
    };
    values
        .iter()
        .map(
            |v| match v.get("value").and_then(serde_json::Value::as_str) {
                Some(value) => value.to_owned(),
                None => format!(
                    "[{}, {})",
                    v.get("start")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or(""),
                    v.get("end")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("")
                ),
            },
        )
        .collect::<Vec<_>>()
        .join(" | ")
}

fn describe(m: &DateMatch) -> String {
    match m.value {
        Err(reason) => format!("unresolved ({})", reason.label()),
        Ok(value) => {
            let (start, end) = suite_interval(m).unwrap_or_default();
            let show = |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.to_string());
            format!(
                "[{}, {}) {}",
                show(start),
                show(end),
                value.precision().label()
            )
        }
    }
}
