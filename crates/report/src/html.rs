//! The HTML report: one self-contained file with an inline `<style>` and
//! inline SVG charts (top actors, dates per month, places map, co-occurrence
//! network); no scripts, fonts, stylesheets or images are fetched.
//!
//! All table text goes through [`escape`], so a headline such as
//! `<script>alert("x")</script> & co` is shown as text, never run.
//!
//! Known misses: long tables are not paginated or sortable (that would need
//! a script); they are cut at the summary's list limit with the total shown.

use std::fmt::Write as _;

use crate::grids::{Grid, Grids, counted_list};
use crate::summary::{Listed, MAX_LIST, Summary};
use crate::svg;

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2733;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 4rem}
h1{border-bottom:3px solid #2f5d8a;padding-bottom:.3rem}h2{margin-top:2.5rem;border-bottom:1px solid #c9d3de}
nav a{margin-right:1rem;color:#2f5d8a}
table{border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.9rem}
th,td{border:1px solid #d5dde6;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#e8eef5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#6b7785;font-style:italic}.note{color:#4b5866;font-size:.9rem}
article{background:#fff;border:1px solid #d5dde6;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
article h3{margin:.3rem 0}blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid #9bb3cc;color:#34414f}
svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid #d5dde6;margin:.5rem 0 1rem}
svg .bar{fill:#2f5d8a}svg .label{font-size:11px;fill:#1d2733}svg .value{font-size:10px;fill:#4b5866}
svg .axis{stroke:#1d2733}svg .grid{stroke:#d5dde6;stroke-width:.5}svg .sea{fill:#eef4fa}
svg .place{fill:#c0392b;fill-opacity:.75;stroke:#fff}svg .node{fill:#2f5d8a;stroke:#fff}
svg .edge{stroke:#8aa4bf;stroke-opacity:.7;stroke-linecap:round}
";

/// Writes a table; numeric columns are right-aligned.
fn table(out: &mut String, grid: &Grid) {
    let (headers, rows) = (grid.headers, &grid.rows);
    if rows.is_empty() {
        out.push_str("<p class=\"empty\">None.</p>\n");
        return;
    }
    out.push_str("<table><thead><tr>");
    for (header, numeric) in headers {
        let class = if *numeric { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(header));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (cell, (_, numeric)) in row.iter().zip(headers) {
            let class = if *numeric { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn shown<T>(out: &mut String, list: &Listed<T>, table_name: &str) {
    if list.total > MAX_LIST {
        let _ = writeln!(
            out,
            "<p class=\"note\">Showing the first {} of {}; the full list is in <code>{table_name}.parquet</code>.</p>",
            list.rows.len(),
            list.total
        );
    }
}

fn chart(out: &mut String, has_data: bool, draw: impl FnOnce() -> String) {
    if has_data {
        out.push_str(&draw());
        out.push('\n');
    } else {
        out.push_str("<p class=\"empty\">No data for this chart.</p>\n");
    }
}

/// Renders the whole HTML report.
pub(crate) fn render(summary: &Summary, grids: &Grids) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>sitrep summary</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>sitrep summary</h1>\n"
    );
    out.push_str(
        "<nav><a href=\"#overview\">Overview</a><a href=\"#entities\">Entities</a><a href=\"#network\">Network</a><a href=\"#events\">Events</a><a href=\"#timeline\">Timeline</a><a href=\"#quotes\">Quotes</a><a href=\"#quantities\">Quantities</a><a href=\"#articles\">Articles</a><a href=\"#rejected\">Rejected</a></nav>\n",
    );
    overview(&mut out, summary, grids);
    entities(&mut out, summary, grids);
    events(&mut out, summary, grids);
    timeline(&mut out, summary, grids);
    quotes_and_quantities(&mut out, summary, grids);
    digests(&mut out, summary);
    rejected(&mut out, grids);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn overview(out: &mut String, summary: &Summary, grids: &Grids) {
    let o = &summary.overview;
    out.push_str("<section id=\"overview\">\n<h2>Corpus overview</h2>\n");
    table(out, &grids.overview);
    match o.published_range {
        Some((first, last)) => {
            let _ = writeln!(out, "<p>Publication dates: {first} to {last}.</p>");
        }
        None => out.push_str("<p>Publication dates: none inferred.</p>\n"),
    }
    if !o.rejected_by_reason.is_empty() {
        let _ = writeln!(
            out,
            "<p>Rejected inputs by reason: {}.</p>",
            counted_list(&o.rejected_by_reason, escape)
        );
    }
    out.push_str("</section>\n");
}

fn entities(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"entities\">\n<h2>Top entities</h2>\n");
    for (label, grid) in &grids.entity_groups {
        let _ = writeln!(out, "<h3>{}</h3>", escape(label));
        if *label == "Places" {
            chart(out, !summary.places.is_empty(), || {
                svg::map("Places with coordinates", &summary.places)
            });
        }
        table(out, grid);
    }
    out.push_str("</section>\n<section id=\"network\">\n<h2>Co-occurrence network</h2>\n<p class=\"note\">The most-mentioned entities; a line joins two that are named in the same sentence, wider for more sentences.</p>\n");
    chart(out, !summary.network.nodes.is_empty(), || {
        svg::network("Entities named in the same sentence", &summary.network)
    });
    out.push_str("</section>\n");
}

fn events(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"events\">\n<h2>Events</h2>\n<h3>Top actors</h3>\n");
    chart(out, !summary.top_actors.is_empty(), || {
        svg::bars("Events per actor", &summary.top_actors)
    });
    out.push_str("<h3>By PLOVER type</h3>\n");
    table(out, &grids.plover_counts);
    out.push_str("<h3>By ACLED type</h3>\n");
    table(out, &grids.acled_counts);
    out.push_str("<h3>Event list</h3>\n");
    shown(out, &summary.events, "events");
    table(out, &grids.events);
    out.push_str("</section>\n");
}

fn timeline(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n<h3>Dates per month</h3>\n");
    chart(out, !summary.months.is_empty(), || {
        svg::timeline("Date expressions per month", &summary.months)
    });
    table(out, &grids.months);
    if summary.coarse_dates > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">Not counted by month (year or decade precision, or unresolved): {} date expressions.</p>",
            summary.coarse_dates
        );
    }
    out.push_str("<h3>Day-precision dates</h3>\n");
    shown(out, &summary.day_dates, "dates");
    table(out, &grids.day_dates);
    out.push_str("</section>\n");
}

fn quotes_and_quantities(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"quotes\">\n<h2>Quotes</h2>\n");
    shown(out, &summary.quotes, "quotes");
    table(out, &grids.quotes);
    out.push_str("</section>\n<section id=\"quantities\">\n<h2>Key quantities</h2>\n");
    shown(out, &summary.quantities, "quantities");
    table(out, &grids.quantities);
    out.push_str("</section>\n");
}

fn digests(out: &mut String, summary: &Summary) {
    out.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n");
    shown(out, &summary.digests, "articles");
    if summary.digests.rows.is_empty() {
        out.push_str("<p class=\"empty\">None.</p>\n");
    }
    for d in &summary.digests.rows {
        let _ = writeln!(out, "<article>\n<h3>{}</h3>\n<ul>", escape(&d.headline));
        let _ = writeln!(out, "<li>Published: {}</li>", escape(&d.published));
        if !d.outlet.is_empty() {
            let _ = writeln!(out, "<li>Outlet: {}</li>", escape(&d.outlet));
        }
        let _ = writeln!(out, "<li>Source: <code>{}</code></li>", escape(&d.source));
        let _ = writeln!(
            out,
            "<li>Words: {} · events: {} · quotes: {}</li>",
            d.word_count, d.events, d.quotes
        );
        if !d.top_entities.is_empty() {
            let _ = writeln!(
                out,
                "<li>Top entities: {}</li>",
                counted_list(&d.top_entities, escape)
            );
        }
        for (caption, credit) in &d.captions {
            if credit.is_empty() {
                let _ = writeln!(out, "<li>Caption: {}</li>", escape(caption));
            } else {
                let _ = writeln!(
                    out,
                    "<li>Caption: {} <span class=\"note\">(credit: {})</span></li>",
                    escape(caption),
                    escape(credit)
                );
            }
        }
        out.push_str("</ul>\n");
        if !d.first_sentence.is_empty() {
            let _ = writeln!(
                out,
                "<blockquote>{}</blockquote>",
                escape(&d.first_sentence)
            );
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

fn rejected(out: &mut String, grids: &Grids) {
    out.push_str("<section id=\"rejected\">\n<h2>Rejected inputs</h2>\n");
    table(out, &grids.rejected);
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_ampersands_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'co'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"
        );
        assert_eq!(escape("al-Sudani’s"), "al-Sudani’s");
    }
}
