//! JSONL input: one JSON object per line, one article per object.
//!
//! Fields: `text` (required, non-empty string), `headline`, `url`,
//! `published` (ISO date or datetime, `YYYY-MM`, `YYYY`, or a written date)
//! and `outlet`. Unknown fields are ignored. Blank lines are skipped.
//!
//! - No `headline`: the first line of `text` is the headline.
//! - A headline that `text` also starts with is not repeated in the body.
//! - Paragraphs are separated by blank lines; when `text` has no blank line,
//!   every line is a paragraph.
//! - outlet: the `outlet` field, else the URL host without `www.`, else none.
//! - A line that is not a JSON object is rejected as `bad_json`; one without
//!   usable text as `no_text`, both with the line number. Other lines still
//!   give articles.
//!
//! ```text
//! {"headline": "Talks resume", "text": "Envoys met in Doha.", "url": "https://www.example.org/a"}
//!   → headline "Talks resume", outlet "example.org"
//! ```
//!
//! Known misses: a JSON array of articles on one line is rejected, not split.

use serde_json::Value;
use sitrep_core::tables::RejectedRow;

use crate::article::Draft;
use crate::furniture;
use crate::published;

/// Articles and rejected lines of one JSONL file.
pub(crate) struct Parsed {
    pub(crate) drafts: Vec<Draft>,
    pub(crate) rejected: Vec<RejectedRow>,
}

fn string_field<'a>(object: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Paragraphs of a JSONL `text` (blank-line blocks, else one per line).
fn paragraphs(text: &str) -> Vec<String> {
    let has_blank_line = text.lines().any(|line| line.trim().is_empty());
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || !has_blank_line {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if line.is_empty() {
                continue;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Parses JSONL text; `size_bytes` goes into rejected rows.
pub(crate) fn parse(
    source_path: &str,
    text: &str,
    size_bytes: i64,
    warnings: &mut Vec<String>,
) -> Parsed {
    let mut parsed = Parsed {
        drafts: Vec::new(),
        rejected: Vec::new(),
    };
    let reject = |line: usize, reason: &str, detail: String| RejectedRow {
        source_path: source_path.to_owned(),
        line: Some(line as i64),
        reason: reason.to_owned(),
        detail,
        size_bytes,
    };
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                parsed.rejected.push(reject(
                    number,
                    "bad_json",
                    format!(
                        "{source_path} line {number}: is JSON but not an object; each line must be \
                         one object such as {{\"text\": \"…\"}}"
                    ),
                ));
                continue;
            }
            Err(error) => {
                parsed.rejected.push(reject(
                    number,
                    "bad_json",
                    format!(
                        "{source_path} line {number}: invalid JSON ({error}); fix or remove the line \
                         (each line must be one object such as {{\"text\": \"…\"}})"
                    ),
                ));
                continue;
            }
        };
        let Some(body) = string_field(&object, "text") else {
            parsed.rejected.push(reject(
                number,
                "no_text",
                format!(
                    "{source_path} line {number}: no article text (the `text` field is missing, \
                     empty or not a string); add the text or remove the line"
                ),
            ));
            continue;
        };
        let (first_line, rest) = body.split_once('\n').unwrap_or((body, ""));
        let first_line = first_line.trim();
        let (headline, body) = match string_field(&object, "headline") {
            Some(headline) if headline == first_line => (headline, rest),
            Some(headline) => (headline, body),
            None => (first_line, rest),
        };
        let headline = headline.to_owned();
        let paragraphs = paragraphs(body.trim());
        let url = string_field(&object, "url").map(str::to_owned);
        let outlet = string_field(&object, "outlet")
            .map(str::to_owned)
            .or_else(|| url.as_deref().and_then(furniture::url_host));
        let published_value = match object.get("published") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let published = published_value.and_then(|value| {
            let date = published::parse_input(&value);
            if date.is_none() {
                warnings.push(format!(
                    "{source_path} line {number}: `published` value {value:?} is not a date this tool \
                     reads (use ISO 2024-09-24); inferring the date from the text instead"
                ));
            }
            date
        });
        parsed.drafts.push(Draft {
            headline,
            paragraphs,
            captions: Vec::new(),
            line_start: number,
            line_end: number,
            url,
            outlet,
            published,
        });
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_by_blank_lines_or_by_lines() {
        assert_eq!(paragraphs("a\nb\n\nc"), ["a b", "c"]);
        assert_eq!(paragraphs("a\nb\nc"), ["a", "b", "c"]);
        assert_eq!(paragraphs("  one  "), ["one"]);
    }

    #[test]
    fn good_and_bad_lines() {
        let text = concat!(
            r#"{"headline": "Talks resume", "text": "Talks resume\nEnvoys met.", "url": "https://www.example.org/a", "published": "2024-09-24T10:00:00Z"}"#,
            "\n",
            "{not json\n",
            "\n",
            r#"{"headline": "No text here"}"#,
            "\n",
            r#"{"text": "Strike reported\n\nA drone hit a depot on Nov. 8, 2023.", "outlet": "Wire"}"#,
            "\n[1, 2]\n",
        );
        let mut warnings = Vec::new();
        let parsed = parse("in.jsonl", text, 10, &mut warnings);
        assert_eq!(parsed.drafts.len(), 2);
        let first = &parsed.drafts[0];
        assert_eq!(first.headline, "Talks resume");
        assert_eq!(first.paragraphs, ["Envoys met."]);
        assert_eq!(first.outlet.as_deref(), Some("example.org"));
        assert_eq!(
            first.published.as_ref().unwrap().evidence,
            "2024-09-24T10:00:00Z"
        );
        let second = &parsed.drafts[1];
        assert_eq!(
            (second.headline.as_str(), second.line_start),
            ("Strike reported", 5)
        );
        assert_eq!(second.outlet.as_deref(), Some("Wire"));
        let rejected: Vec<_> = parsed
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(
            rejected,
            [
                (Some(2), "bad_json"),
                (Some(4), "no_text"),
                (Some(6), "bad_json")
            ]
        );
        assert!(
            parsed.rejected[0]
                .detail
                .starts_with("in.jsonl line 2: invalid JSON")
        );
        assert!(warnings.is_empty());
    }
}
