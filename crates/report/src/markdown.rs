//! The Markdown report: the [`Summary`] as headings, bullet lists and pipe tables.
//!
//! Every piece of text from the tables goes through [`escape`], so a `|` in a
//! headline cannot break a table and `<script>` or `*` are shown literally.
//!
//! ```text
//! | Name | Mentions | Articles |
//! | --- | ---: | ---: |
//! | Hezbollah | 4 | 2 |
//! ```
//!
//! Known misses: renderers that ignore backslash escapes (non-CommonMark)
//! show the backslashes.

use std::fmt::Write as _;

use crate::summary::{Listed, MAX_LIST, Summary};

/// Escapes text for a Markdown table cell or inline text: backslash-escapes
/// the characters that start formatting or end a cell, and folds line breaks
/// into spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Writes a pipe table; `numeric` marks right-aligned columns.
fn table(out: &mut String, headers: &[(&str, bool)], rows: &[Vec<String>]) {
    if rows.is_empty() {
        out.push_str("_None._\n\n");
        return;
    }
    let head: Vec<&str> = headers.iter().map(|(h, _)| *h).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let rule: Vec<&str> = headers
        .iter()
        .map(|(_, n)| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn shown<T>(out: &mut String, list: &Listed<T>, table_name: &str) {
    if list.total > MAX_LIST {
        let _ = writeln!(
            out,
            "Showing the first {} of {}; the full list is in `{table_name}.parquet`.\n",
            list.rows.len(),
            list.total
        );
    }
}

fn counts(items: &[(String, usize)]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|(name, n)| vec![name.clone(), n.to_string()])
        .collect()
}

/// Renders the whole Markdown report.
pub(crate) fn render(summary: &Summary) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let o = &summary.overview;
    out.push_str("# sitrep summary\n\n## Corpus overview\n\n");
    let rows: Vec<Vec<String>> = [
        ("Articles", o.articles.to_string()),
        ("Duplicate articles", o.duplicates.to_string()),
        ("Words", o.words.to_string()),
        ("Sentences", o.sentences.to_string()),
        ("Entity mentions", o.mentions.to_string()),
        ("Resolved entities", o.entities.to_string()),
        ("Events", o.events.to_string()),
        ("Quotes", o.quotes.to_string()),
        ("Quantities", o.quantities.to_string()),
        ("Date expressions", o.dates.to_string()),
        ("Rejected inputs", o.rejected.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| vec![k.to_owned(), v])
    .collect();
    table(&mut out, &[("Measure", false), ("Count", true)], &rows);
    match o.published_range {
        Some((first, last)) => {
            let _ = writeln!(out, "Publication dates: {first} to {last}.\n");
        }
        None => out.push_str("Publication dates: none inferred.\n\n"),
    }
    if !o.rejected_by_reason.is_empty() {
        let reasons: Vec<String> = o
            .rejected_by_reason
            .iter()
            .map(|(r, n)| format!("{} ({n})", escape(r)))
            .collect();
        let _ = writeln!(out, "Rejected inputs by reason: {}.\n", reasons.join(", "));
    }

    out.push_str("## Top entities\n\n");
    for (label, lines) in &summary.entity_groups {
        let _ = writeln!(out, "### {label}\n");
        let places = *label == "Places";
        let rows: Vec<Vec<String>> = lines
            .iter()
            .map(|e| {
                let mut row = vec![e.name.clone()];
                if places {
                    row.push(e.entity_type.clone());
                    row.push(e.country.clone().unwrap_or_default());
                    row.push(e.lat.map_or_else(String::new, |v| format!("{v:.4}")));
                    row.push(e.lon.map_or_else(String::new, |v| format!("{v:.4}")));
                }
                row.push(e.mentions.to_string());
                row.push(e.articles.to_string());
                row
            })
            .collect();
        let headers: &[(&str, bool)] = if places {
            &[
                ("Name", false),
                ("Type", false),
                ("Country", false),
                ("Lat", true),
                ("Lon", true),
                ("Mentions", true),
                ("Articles", true),
            ]
        } else {
            &[("Name", false), ("Mentions", true), ("Articles", true)]
        };
        table(&mut out, headers, &rows);
    }

    out.push_str("## Events\n\n### By PLOVER type\n\n");
    table(
        &mut out,
        &[("PLOVER type", false), ("Events", true)],
        &counts(&summary.plover_counts),
    );
    out.push_str("### By ACLED type\n\n");
    table(
        &mut out,
        &[("ACLED type / sub-type", false), ("Events", true)],
        &counts(&summary.acled_counts),
    );
    out.push_str("### Top actors\n\n");
    table(
        &mut out,
        &[("Actor", false), ("Events", true)],
        &counts(&summary.top_actors),
    );
    out.push_str("### Event list\n\n");
    shown(&mut out, &summary.events, "events");
    let rows: Vec<Vec<String>> = summary
        .events
        .rows
        .iter()
        .map(|e| {
            vec![
                e.date.clone(),
                format!(
                    "{} → {} → {}",
                    or_dash(&e.actor),
                    e.event_type,
                    or_dash(&e.target)
                ),
                e.place.clone(),
                e.acled.clone(),
                e.casualties.clone(),
                e.flags.clone(),
                e.sentence.clone(),
                e.headline.clone(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("Date", false),
            ("Actor → event → target", false),
            ("Place", false),
            ("ACLED", false),
            ("Casualties", false),
            ("Flags", false),
            ("Sentence", false),
            ("Article", false),
        ],
        &rows,
    );

    out.push_str("## Timeline\n\n### Dates per month\n\n");
    table(
        &mut out,
        &[("Month", false), ("Dates", true)],
        &counts(&summary.months),
    );
    if summary.coarse_dates > 0 {
        let _ = writeln!(
            out,
            "Not counted by month (year or decade precision, or unresolved): {} date expressions.\n",
            summary.coarse_dates
        );
    }
    out.push_str("### Day-precision dates\n\n");
    shown(&mut out, &summary.day_dates, "dates");
    let rows: Vec<Vec<String>> = summary
        .day_dates
        .rows
        .iter()
        .map(|d| vec![d.value.clone(), d.text.clone(), d.headline.clone()])
        .collect();
    table(
        &mut out,
        &[("Date", false), ("Text", false), ("Article", false)],
        &rows,
    );

    out.push_str("## Quotes\n\n");
    shown(&mut out, &summary.quotes, "quotes");
    let rows: Vec<Vec<String>> = summary
        .quotes
        .rows
        .iter()
        .map(|q| {
            vec![
                or_unattributed(&q.speaker),
                q.text.clone(),
                q.headline.clone(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[("Speaker", false), ("Quote", false), ("Article", false)],
        &rows,
    );

    out.push_str("## Key quantities\n\n");
    shown(&mut out, &summary.quantities, "quantities");
    let rows: Vec<Vec<String>> = summary
        .quantities
        .rows
        .iter()
        .map(|q| {
            vec![
                q.value.clone(),
                q.qualifier.clone(),
                q.noun.clone(),
                q.text.clone(),
                q.headline.clone(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("Value", true),
            ("Qualifier", false),
            ("Counted", false),
            ("Text", false),
            ("Article", false),
        ],
        &rows,
    );

    out.push_str("## Articles\n\n");
    shown(&mut out, &summary.digests, "articles");
    if summary.digests.rows.is_empty() {
        out.push_str("_None._\n\n");
    }
    for d in &summary.digests.rows {
        let _ = writeln!(out, "### {}\n", escape(&d.headline));
        let _ = writeln!(out, "- Published: {}", escape(&d.published));
        if !d.outlet.is_empty() {
            let _ = writeln!(out, "- Outlet: {}", escape(&d.outlet));
        }
        let _ = writeln!(out, "- Source: {}", escape(&d.source));
        let _ = writeln!(
            out,
            "- Words: {} · events: {} · quotes: {}",
            d.word_count, d.events, d.quotes
        );
        if !d.top_entities.is_empty() {
            let top: Vec<String> = d
                .top_entities
                .iter()
                .map(|(n, c)| format!("{} ({c})", escape(n)))
                .collect();
            let _ = writeln!(out, "- Top entities: {}", top.join(", "));
        }
        for (caption, credit) in &d.captions {
            if credit.is_empty() {
                let _ = writeln!(out, "- Caption: {}", escape(caption));
            } else {
                let _ = writeln!(
                    out,
                    "- Caption: {} (credit: {})",
                    escape(caption),
                    escape(credit)
                );
            }
        }
        if !d.first_sentence.is_empty() {
            let _ = writeln!(out, "\n> {}", escape(&d.first_sentence));
        }
        out.push('\n');
    }

    out.push_str("## Rejected inputs\n\n");
    let rows: Vec<Vec<String>> = summary
        .rejected
        .iter()
        .map(|r| {
            vec![
                r.source_path.clone(),
                r.line.map_or_else(String::new, |l| l.to_string()),
                r.reason.clone(),
                r.detail.clone(),
                r.size_bytes.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("File", false),
            ("Line", true),
            ("Reason", false),
            ("Detail", false),
            ("Bytes", true),
        ],
        &rows,
    );
    out
}

/// The text, or `?` when unknown (an actor or target not found).
pub(crate) fn or_dash(text: &str) -> &str {
    if text.is_empty() { "?" } else { text }
}

/// The speaker, or `unattributed`.
pub(crate) fn or_unattributed(text: &str) -> String {
    if text.is_empty() {
        "unattributed".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_pipes_markup_and_line_breaks() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("<script>*x*</script>"),
            "\\<script\\>\\*x\\*\\</script\\>"
        );
        assert_eq!(escape("one\ntwo"), "one two");
        assert_eq!(escape("US & allies"), "US \\& allies");
        assert_eq!(escape("Sudani’s"), "Sudani’s");
    }
}
