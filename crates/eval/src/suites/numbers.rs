//! `sitrep eval numbers`: numbers, ordinals, percentages and ranges
//! against the Recognizers-Text Number suites.
//!
//! A case's `model` says what it tests, and only predictions of that kind
//! are compared: `NumberModel` → cardinal numbers (not ordinals, not
//! digits touching a unit such as `29km`), `OrdinalModel` → ordinals and
//! relative ordinals, `PercentModel` → percentages, `NumberRangeModel` →
//! ranges and bounds. A gold result is right when an overlapping
//! prediction has its value: numbers within a relative 1e-9, relative
//! ordinals by name (`end-1`), percentages in percent units (`null` for a
//! bare `percent`), ranges by both bounds and their inclusivity
//! (`[20,100)`).

use std::path::Path;

use sitrep_extract::quantities::numbers::{NumberKind, NumberMatch, find_numbers, find_ranges};

use super::{SuiteReport, char_offsets, read_cases, results_of, slice_chars, text_of};
use crate::error::EvalError;

const SCORED: &[&str] = &[
    "number",
    "numberrange",
    "ordinal",
    "ordinal.relative",
    "percentage",
];

/// Scores the number finder on the suite file at `gold`.
pub fn evaluate_numbers(gold: &Path) -> Result<SuiteReport, EvalError> {
    let source = gold.display().to_string();
    let mut report = SuiteReport::new("numbers", &source, SCORED);
    for (line, case) in read_cases(gold)? {
        report.cases += 1;
        let text = text_of(&case, "text", &source, line)?;
        let model = case
            .get("model")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("NumberModel");
        let id = case
            .get("id")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?");
        let offsets = char_offsets(text);
        let found = if model == "NumberRangeModel" {
            find_ranges(text)
        } else {
            find_numbers(text)
                .into_iter()
                .filter(|m| match model {
                    "OrdinalModel" => {
                        matches!(m.kind, NumberKind::Ordinal | NumberKind::RelativeOrdinal)
                    }
                    "PercentModel" => m.kind == NumberKind::Percent,
                    _ => m.kind == NumberKind::Cardinal && !m.unit_attached,
                })
                .collect()
        };
        let predicted: Vec<(usize, usize, NumberMatch)> = found
            .into_iter()
            .map(|m| (offsets[m.start], offsets[m.end], m))
            .collect();
        let mut used = vec![false; predicted.len()];
        for result in results_of(&case, &source, line)? {
            let counts = report.per_type.entry(result.kind.clone()).or_default();
            counts.gold += 1;
            let gold_value = result
                .raw
                .get("value")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("");
            let overlapping: Vec<usize> = (0..predicted.len())
                .filter(|&p| {
                    !used[p] && predicted[p].0 < result.end && result.start < predicted[p].1
                })
                .collect();
            let gold_text = slice_chars(text, result.start, result.end);
            let Some(&first) = overlapping.first() else {
                report.errors.push(format!(
                    "{id} missed {gold_text:?} = {gold_value} in {text:?}"
                ));
                continue;
            };
            counts.found += 1;
            let right = overlapping
                .iter()
                .copied()
                .find(|&p| matches(&predicted[p].2, gold_value));
            used[right.unwrap_or(first)] = true;
            if right.is_some() {
                counts.right += 1;
            } else {
                let (start, end, m) = &predicted[first];
                report.errors.push(format!(
                    "{id} wrong {gold_text:?} = {gold_value}, ours {:?} = {} in {text:?}",
                    slice_chars(text, *start, *end),
                    describe(m)
                ));
            }
        }
        for (p, (start, end, m)) in predicted.iter().enumerate() {
            if !used[p] {
                report.false_positives += 1;
                report.errors.push(format!(
                    "{id} extra {:?} = {} in {text:?}",
                    slice_chars(text, *start, *end),
                    describe(m)
                ));
            }
        }
    }
    Ok(report)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Whether prediction `m` has the gold value `gold`.
fn matches(m: &NumberMatch, gold: &str) -> bool {
    if m.kind == NumberKind::Range {
        return m.bounds.is_some_and(|b| {
            parse_interval(gold).is_some_and(|(low, low_inclusive, high, high_inclusive)| {
                let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => close(a, b),
                    (None, None) => true,
                    _ => false,
                };
                same(b.low, low)
                    && same(b.high, high)
                    && (low.is_none() || b.low_inclusive == low_inclusive)
                    && (high.is_none() || b.high_inclusive == high_inclusive)
            })
        });
    }
    if let Some(relative) = m.relative {
        return relative == gold;
    }
    let gold = gold.trim_end_matches('%');
    if gold == "null" {
        return m.value.is_none();
    }
    match (gold.parse::<f64>(), m.value) {
        (Ok(g), Some(v)) => close(g, v),
        _ => false,
    }
}

/// `[20,30)` → (Some(20), true, Some(30), false); an empty side is open.
fn parse_interval(text: &str) -> Option<(Option<f64>, bool, Option<f64>, bool)> {
    let low_inclusive = text.starts_with('[');
    let high_inclusive = text.ends_with(']');
    let inner = text.get(1..text.len().checked_sub(1)?)?;
    let (low, high) = inner.split_once(',')?;
    let bound = |s: &str| {
        (!s.trim().is_empty())
            .then(|| s.trim().parse::<f64>().ok())
            .flatten()
    };
    Some((bound(low), low_inclusive, bound(high), high_inclusive))
}

fn describe(m: &NumberMatch) -> String {
    if let Some(b) = m.bounds {
        let show = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        return format!(
            "{}{},{}{}",
            if b.low_inclusive { '[' } else { '(' },
            show(b.low),
            show(b.high),
            if b.high_inclusive { ']' } else { ')' }
        );
    }
    if let Some(relative) = m.relative {
        return relative.to_owned();
    }
    format!("{:?} {:?}", m.value, m.kind)
}
