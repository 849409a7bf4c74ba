//! The HTML report: one self-contained file with an inline `<style>`,
//! inline SVG charts (places map over country outlines, co-occurrence
//! network, top actors, events timeline) and one small inline script for the
//! event list ([`crate::event_list`]); no scripts, fonts, stylesheets or
//! images are fetched. The navigation bar stays at the top of the window.
//!
//! All table text goes through [`escape`], so a headline such as
//! `<script>alert("x")</script> & co` is shown as text, never run.
//!
//! Known misses: tables other than the event list are not sortable.

use std::fmt::Write as _;

use crate::grids::{Grid, Grids, counted_list};
use crate::summary::{Listed, MIN_PLACE_CONFIDENCE, Summary};
use crate::{event_list, map, svg, timeline};

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

const STYLE: &str = "html{scroll-padding-top:3rem}
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2733;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 4rem}
nav.top{position:sticky;top:0;z-index:10;background:#2f5d8a;padding:.45rem 2rem;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem}
nav.top a{color:#fff;text-decoration:none;font-size:.9rem}nav.top a:hover{text-decoration:underline}
h1{border-bottom:3px solid #2f5d8a;padding-bottom:.3rem}h2{margin-top:2.5rem;border-bottom:1px solid #c9d3de}
table{border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.9rem;max-width:100%}
th,td{border:1px solid #d5dde6;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#e8eef5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#6b7785;font-style:italic}.note{color:#4b5866;font-size:.9rem}
table.events{table-layout:fixed;width:100%}col.c-date{width:6.5rem}col.c-place{width:9rem}col.c-cas{width:7rem}col.c-flags{width:8rem}
tr.group th{background:#eef3f8;font-weight:600}tr.group .note{font-weight:normal}tr.ev:hover{background:#fff6d9}
.controls{margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.controls[hidden]{display:none}.controls input{width:24rem;max-width:100%;padding:.2rem .4rem}
details{background:#fff;border:1px solid #d5dde6;border-radius:6px;padding:.35rem .8rem;margin:.4rem 0}
details summary{cursor:pointer}details ul{margin:.4rem 0}
blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid #9bb3cc;color:#34414f}
svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid #d5dde6;margin:.5rem 0 1rem}
svg .bar{fill:#2f5d8a}svg .label{font-size:11px;fill:#1d2733}svg .value{font-size:10px;fill:#4b5866}
svg .axis{stroke:#1d2733}svg .grid{stroke:#d5dde6;stroke-width:.5}svg .sea{fill:#eef4fa}
svg .land{fill:#e6e9df;stroke:#9aa58e;stroke-width:.7;vector-effect:non-scaling-stroke}svg .land:hover{fill:#d8dccd}
svg .place{fill:#c0392b;fill-opacity:.7;stroke:#fff}svg .maplabel{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .node{stroke:#fff}svg .edge{stroke:#8aa4bf;stroke-opacity:.7;stroke-linecap:round}
svg .n-person{fill:#4e79a7}svg .n-org{fill:#f28e2b}svg .n-place{fill:#59a14f}svg .n-norp{fill:#b07aa1}svg .n-other{fill:#9c9c9c}
svg .t0{fill:#4e79a7}svg .t1{fill:#f28e2b}svg .t2{fill:#e15759}svg .t3{fill:#76b7b2}svg .t4{fill:#59a14f}svg .t5{fill:#edc948}svg .t6{fill:#b07aa1}svg .t7{fill:#bab0ac}
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

/// Rows of the quote, quantity and date tables on the page (the Markdown
/// report has up to [`MAX_LIST`](crate::summary::MAX_LIST)).
const HTML_LIST: usize = 50;

/// Writes the first [`HTML_LIST`] rows of `grid`, saying how many of the
/// list's `total` are left out and where they are.
fn table_cut<T>(out: &mut String, grid: &Grid, list: &Listed<T>, table_name: &str) {
    let shown = grid.rows.len().min(HTML_LIST);
    if list.total > shown {
        let _ = writeln!(
            out,
            "<p class=\"note\">Showing the first {shown} of {} ({} left out); the full list is in <code>{table_name}.parquet</code>.</p>",
            list.total,
            list.total - shown
        );
    }
    let cut = Grid {
        headers: grid.headers,
        rows: grid.rows.iter().take(HTML_LIST).cloned().collect(),
    };
    table(out, &cut);
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
    let mut out = String::with_capacity(512 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>sitrep summary</title>\n<style>\n{STYLE}</style>\n</head>\n<body id=\"top\">\n"
    );
    out.push_str(
        "<nav class=\"top\"><a href=\"#top\">↑ Top</a><a href=\"#overview\">Overview</a><a href=\"#map\">Map</a><a href=\"#entities\">Entities</a><a href=\"#network\">Network</a><a href=\"#events\">Events</a><a href=\"#timeline\">Timeline</a><a href=\"#event-list\">Event list</a><a href=\"#dates\">Dates</a><a href=\"#quotes\">Quotes</a><a href=\"#relations\">Relations</a><a href=\"#quantities\">Quantities</a><a href=\"#articles\">Articles</a><a href=\"#rejected\">Rejected</a></nav>\n<main>\n<h1>sitrep summary</h1>\n",
    );
    overview(&mut out, summary, grids);
    places_map(&mut out, summary);
    entities(&mut out, summary, grids);
    events(&mut out, summary, grids);
    timeline_section(&mut out, summary);
    event_list_section(&mut out, summary);
    dates(&mut out, summary, grids);
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

fn places_map(out: &mut String, summary: &Summary) {
    out.push_str("<section id=\"map\">\n<h2>Places on a map</h2>\n");
    if summary.places.is_empty() {
        out.push_str("<p class=\"empty\">No confidently linked place with coordinates.</p>\n");
    } else {
        let (svg, outside) = map::map("Places by mentions", &summary.places);
        out.push_str(&svg);
        let _ = write!(
            out,
            "\n<p class=\"note\">The {} most-mentioned places linked to the gazetteer with a mean mention confidence of at least {MIN_PLACE_CONFIDENCE}; marker area by mentions. Names that do not fit are shown on hover.",
            summary.places.len()
        );
        if outside > 0 {
            let _ = write!(out, " {outside} of them lie outside this frame.");
        }
        if summary.unsure_places > 0 {
            let _ = write!(
                out,
                " {} less certain {} left off (see <code>entities.parquet</code>).",
                summary.unsure_places,
                if summary.unsure_places == 1 {
                    "place is"
                } else {
                    "places are"
                }
            );
        }
        out.push_str(" Country outlines: Natural Earth (public domain).</p>\n");
    }
    out.push_str("</section>\n");
}

fn entities(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"entities\">\n<h2>Top entities</h2>\n");
    for (label, grid) in &grids.entity_groups {
        let _ = writeln!(out, "<h3>{}</h3>", escape(label));
        table(out, grid);
    }
    let _ = writeln!(
        out,
        "</section>\n<section id=\"network\">\n<h2>Co-occurrence network</h2>\n<p class=\"note\">The most-mentioned {}; a line joins two that are named in the same sentence, wider for more sentences.</p>",
        if summary.network.nationalities {
            "entities"
        } else {
            "people, organisations and places (nationalities and other groups left out)"
        }
    );
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
    out.push_str("</section>\n");
}

fn timeline_section(out: &mut String, summary: &Summary) {
    let t = &summary.timeline;
    out.push_str("<section id=\"timeline\">\n<h2>Timeline of events</h2>\n");
    let (svg, cut_note) = timeline::timeline("Events per period by event date", &t.points);
    if svg.is_empty() {
        out.push_str("<p class=\"empty\">No dated events.</p>\n");
    } else {
        out.push_str(&svg);
        let [by_event, by_sentence, by_article] = t.by_basis;
        let _ = write!(
            out,
            "\n<p class=\"note\">Each event is placed at its own date ({by_event}), else a date stated in its sentence ({by_sentence}), else its article's publication date ({by_article})."
        );
        if t.undated > 0 {
            let _ = write!(out, " {} events have no date and are not drawn.", t.undated);
        }
        if !cut_note.is_empty() {
            let _ = write!(out, " {cut_note}");
        }
        out.push_str("</p>\n");
    }
    out.push_str("</section>\n");
}

fn event_list_section(out: &mut String, summary: &Summary) {
    out.push_str("<section id=\"event-list-section\">\n<h2>Event list</h2>\n<p class=\"note\">One row per event, grouped by article; hover a row for the sentence that states it.</p>\n");
    if summary.events.total > summary.events.rows.len() {
        let _ = writeln!(
            out,
            "<p class=\"note\">Showing {} of {} events ({} left out); all are in <code>events.parquet</code>.</p>",
            summary.events.rows.len(),
            summary.events.total,
            summary.events.total - summary.events.rows.len()
        );
    }
    event_list::render(out, &summary.events.rows);
    out.push_str("</section>\n");
}

fn dates(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"dates\">\n<h2>Dates mentioned</h2>\n");
    let _ = writeln!(
        out,
        "<details><summary>Date expressions per month ({} months)</summary>",
        summary.months.len()
    );
    table(out, &grids.months);
    if summary.coarse_dates > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">Not counted by month (year or decade precision, or unresolved): {} date expressions.</p>",
            summary.coarse_dates
        );
    }
    let _ = writeln!(
        out,
        "</details>\n<details><summary>Day-precision dates ({})</summary>",
        summary.day_dates.total
    );
    table_cut(out, &grids.day_dates, &summary.day_dates, "dates");
    out.push_str("</details>\n</section>\n");
}

fn quotes_and_quantities(out: &mut String, summary: &Summary, grids: &Grids) {
    out.push_str("<section id=\"quotes\">\n<h2>Quotes</h2>\n");
    table_cut(out, &grids.quotes, &summary.quotes, "quotes");
    out.push_str("</section>\n<section id=\"relations\">\n<h2>Stated relations</h2>\n<p class=\"note\">Who belongs to, leads, is based in, is backed by, met or is allied with whom, as the articles state it (the <code>relations</code> table), by entity; most often stated first.</p>\n");
    table_cut(out, &grids.relations, &summary.relations, "relations");
    out.push_str("</section>\n<section id=\"quantities\">\n<h2>Key quantities</h2>\n<p class=\"note\">Counts of people, casualties, forces, attacks and weapons first, then other quantities.</p>\n");
    table_cut(out, &grids.quantities, &summary.quantities, "quantities");
    out.push_str("</section>\n");
}

fn digests(out: &mut String, summary: &Summary) {
    out.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n");
    let (shown_count, total) = (summary.digests.rows.len(), summary.digests.total);
    if total > shown_count {
        let _ = writeln!(
            out,
            "<p class=\"note\">Digests of the first {shown_count} of {total} articles ({} left out); every article is in <code>articles.parquet</code>.</p>",
            total - shown_count
        );
    }
    if summary.digests.rows.is_empty() {
        out.push_str("<p class=\"empty\">None.</p>\n");
    }
    for d in &summary.digests.rows {
        let _ = writeln!(
            out,
            "<details class=\"digest\"><summary><b>{}</b> <span class=\"note\">· {} · {} events · {} quotes</span></summary>\n<ul>",
            escape(&d.headline),
            escape(d.published.split(' ').next().unwrap_or_default()),
            d.events,
            d.quotes
        );
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
        out.push_str("</details>\n");
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
