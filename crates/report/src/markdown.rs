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

use crate::grids::{Grid, Grids, counted_list};
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

/// Writes a pipe table; numeric columns are right-aligned.
fn table(out: &mut String, grid: &Grid) {
    if grid.rows.is_empty() {
        out.push_str("_None._\n\n");
        return;
    }
    let head: Vec<&str> = grid.headers.iter().map(|(h, _)| *h).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let rule: Vec<&str> = grid
        .headers
        .iter()
        .map(|(_, n)| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn shown<T>(out: &mut String, list: &Listed<T>, table_name: &str) {
    let shown = list.rows.len().min(MAX_LIST);
    if list.total > shown {
        let _ = writeln!(
            out,
            "Showing the first {shown} of {}; the full list is in `{table_name}.parquet`.\n",
            list.total
        );
    }
}

/// Writes the first [`MAX_LIST`] rows of `grid`.
fn table_cut(out: &mut String, grid: &Grid) {
    let cut = Grid {
        headers: grid.headers,
        rows: grid.rows.iter().take(MAX_LIST).cloned().collect(),
    };
    table(out, &cut);
}

/// Renders the whole Markdown report.
pub(crate) fn render(summary: &Summary, grids: &Grids) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let o = &summary.overview;
    out.push_str("# sitrep summary\n\n## Corpus overview\n\n");
    table(&mut out, &grids.overview);
    match o.published_range {
        Some((first, last)) => {
            let _ = writeln!(out, "Publication dates: {first} to {last}.\n");
        }
        None => out.push_str("Publication dates: none inferred.\n\n"),
    }
    if !o.rejected_by_reason.is_empty() {
        let _ = writeln!(
            out,
            "Rejected inputs by reason: {}.\n",
            counted_list(&o.rejected_by_reason, escape)
        );
    }

    out.push_str("## Top entities\n\n");
    for (label, grid) in &grids.entity_groups {
        let _ = writeln!(out, "### {label}\n");
        table(&mut out, grid);
    }

    out.push_str("## Events\n\n### By PLOVER type\n\n");
    table(&mut out, &grids.plover_counts);
    out.push_str("### By ACLED type\n\n");
    table(&mut out, &grids.acled_counts);
    out.push_str("### Top actors\n\n");
    table(&mut out, &grids.top_actors);
    out.push_str("### Event list\n\n");
    shown(&mut out, &summary.events, "events");
    table_cut(&mut out, &grids.events);

    out.push_str("## Timeline\n\n### Events per month (by event date)\n\n");
    table(&mut out, &grids.event_months);
    let [by_event, by_sentence, by_article] = summary.timeline.by_basis;
    let _ = writeln!(
        out,
        "Each event is counted at its own date ({by_event}), else a date stated in its sentence ({by_sentence}), else its article's publication date ({by_article}); {} events have no date.\n",
        summary.timeline.undated
    );
    out.push_str("### Date expressions per month\n\n");
    table(&mut out, &grids.months);
    if summary.coarse_dates > 0 {
        let _ = writeln!(
            out,
            "Not counted by month (year or decade precision, or unresolved): {} date expressions.\n",
            summary.coarse_dates
        );
    }
    out.push_str("### Day-precision dates\n\n");
    shown(&mut out, &summary.day_dates, "dates");
    table(&mut out, &grids.day_dates);

    out.push_str("## Quotes\n\n");
    shown(&mut out, &summary.quotes, "quotes");
    table(&mut out, &grids.quotes);

    out.push_str("## Stated relations\n\n");
    shown(&mut out, &summary.relations, "relations");
    table(&mut out, &grids.relations);

    out.push_str("## Key quantities\n\n");
    shown(&mut out, &summary.quantities, "quantities");
    table(&mut out, &grids.quantities);

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
            let _ = writeln!(
                out,
                "- Top entities: {}",
                counted_list(&d.top_entities, escape)
            );
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
    table(&mut out, &grids.rejected);
    out
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
