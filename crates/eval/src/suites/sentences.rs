//! `sitrep eval sentences`: sentence boundaries against `{"text",
//! "sentences"}` JSON Lines.
//!
//! The text runs through the normaliser as an article (its first line the
//! headline); a gold sentence is right when a predicted sentence has
//! exactly its span (surrounding whitespace trimmed on both sides).
//! Predicted sentences matching no gold sentence are false positives.

use std::path::Path;

use super::{SuiteReport, read_cases, slice_chars, text_of};
use crate::error::EvalError;

/// Scores the sentence splitter on the file at `gold`.
pub fn evaluate_sentences(gold: &Path) -> Result<SuiteReport, EvalError> {
    let source = gold.display().to_string();
    let mut report = SuiteReport::new("sentences", &source, &["sentence"]);
    for (line, case) in read_cases(gold)? {
        report.cases += 1;
        let text = text_of(&case, "text", &source, line)?;
        let gold_spans = gold_sentences(&case, text).ok_or_else(|| EvalError::BadMention {
            source_name: source.clone(),
            line,
            detail: "\"sentences\" must list the sentence texts in order (or start/end objects)"
                .to_owned(),
        })?;
        let doc = sitrep_normalise::normalise(crate::article_of_text(text, line));
        let predicted: Vec<(usize, usize)> = doc
            .sentence_rows()
            .iter()
            .map(|row| (row.start as usize, row.end as usize))
            .collect();
        let counts = report.per_type.entry("sentence".to_owned()).or_default();
        for &(start, end) in &gold_spans {
            counts.gold += 1;
            if predicted.contains(&(start, end)) {
                counts.found += 1;
                counts.right += 1;
            } else {
                report.errors.push(format!(
                    "line {line} missed {:?}",
                    slice_chars(text, start, end)
                ));
            }
        }
        for &(start, end) in &predicted {
            if !gold_spans.contains(&(start, end)) {
                report.false_positives += 1;
                report.errors.push(format!(
                    "line {line} extra {:?}",
                    slice_chars(text, start, end)
                ));
            }
        }
    }
    Ok(report)
}

/// Gold sentence spans (code points): texts found in order, or start/end objects.
fn gold_sentences(case: &serde_json::Value, text: &str) -> Option<Vec<(usize, usize)>> {
    let sentences = case.get("sentences")?.as_array()?;
    let mut spans = Vec::with_capacity(sentences.len());
    let mut from_byte = 0;
    for sentence in sentences {
        if let Some(sentence) = sentence.as_str() {
            let trimmed = sentence.trim();
            let at = from_byte + text.get(from_byte..)?.find(trimmed)?;
            let start = text[..at].chars().count();
            spans.push((start, start + trimmed.chars().count()));
            from_byte = at + trimmed.len();
        } else {
            let number = |field: &str| sentence.get(field)?.as_u64().map(|n| n as usize);
            spans.push((number("start")?, number("end")?));
        }
    }
    Some(spans)
}
