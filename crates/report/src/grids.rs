//! The report's tables as plain text cells, shaped once from the
//! [`Summary`] for both renderers: each [`Grid`] is a header row (with which
//! columns are numeric) and rows of unescaped cell text. The renderers only
//! escape and lay them out ([`crate::markdown`] as pipe tables,
//! [`crate::html`] as `<table>`s), so the two reports cannot drift apart.
//!
//! Example: an event with no actor found reads `? → ASSAULT → Hezbollah` in
//! the `Actor → event → target` column of both reports.
//!
//! Known misses: numbers are formatted here (`{:.4}` for coordinates), so a
//! renderer cannot choose another precision.

use crate::summary::{EntityLine, Summary};

/// One report table: headers with a right-align flag, and text cells.
#[derive(Debug)]
pub(crate) struct Grid {
    pub(crate) headers: &'static [(&'static str, bool)],
    pub(crate) rows: Vec<Vec<String>>,
}

/// Every table of the report, in the shape both renderers show.
#[derive(Debug)]
pub(crate) struct Grids {
    pub(crate) overview: Grid,
    /// One table per entity type group, with its heading.
    pub(crate) entity_groups: Vec<(&'static str, Grid)>,
    pub(crate) plover_counts: Grid,
    pub(crate) acled_counts: Grid,
    pub(crate) top_actors: Grid,
    pub(crate) events: Grid,
    pub(crate) months: Grid,
    /// Events per month of their timeline date, months with events only.
    pub(crate) event_months: Grid,
    pub(crate) day_dates: Grid,
    pub(crate) quotes: Grid,
    pub(crate) relations: Grid,
    pub(crate) quantities: Grid,
    pub(crate) rejected: Grid,
}

const PLACE_HEADERS: &[(&str, bool)] = &[
    ("Name", false),
    ("Type", false),
    ("Country", false),
    ("Lat", true),
    ("Lon", true),
    ("Mentions", true),
    ("Articles", true),
];
const ENTITY_HEADERS: &[(&str, bool)] = &[("Name", false), ("Mentions", true), ("Articles", true)];

impl Grids {
    /// Shapes every table of `summary`.
    pub(crate) fn new(summary: &Summary) -> Self {
        let o = &summary.overview;
        let overview = [
            ("Articles", o.articles.to_string()),
            ("Duplicate articles", o.duplicates.to_string()),
            ("Words", o.words.to_string()),
            ("Sentences", o.sentences.to_string()),
            ("Entity mentions", o.mentions.to_string()),
            ("Resolved entities", o.entities.to_string()),
            ("Events", o.events.to_string()),
            ("Quotes", o.quotes.to_string()),
            ("Stated relations", o.relations.to_string()),
            ("Quantities", o.quantities.to_string()),
            ("Date expressions", o.dates.to_string()),
            ("Rejected inputs", o.rejected.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| vec![k.to_owned(), v])
        .collect();
        Self {
            overview: Grid {
                headers: &[("Measure", false), ("Count", true)],
                rows: overview,
            },
            entity_groups: summary
                .entity_groups
                .iter()
                .map(|(label, lines)| (*label, entity_group(label, lines)))
                .collect(),
            plover_counts: counts(
                &[("PLOVER type", false), ("Events", true)],
                &summary.plover_counts,
            ),
            acled_counts: counts(
                &[("ACLED type / sub-type", false), ("Events", true)],
                &summary.acled_counts,
            ),
            top_actors: counts(&[("Actor", false), ("Events", true)], &summary.top_actors),
            events: events(summary),
            months: counts(&[("Month", false), ("Dates", true)], &summary.months),
            event_months: counts(
                &[("Month", false), ("Events", true)],
                &event_months(summary),
            ),
            day_dates: Grid {
                headers: &[("Date", false), ("Text", false), ("Article", false)],
                rows: summary
                    .day_dates
                    .rows
                    .iter()
                    .map(|d| vec![d.value.clone(), d.text.clone(), d.headline.clone()])
                    .collect(),
            },
            quotes: Grid {
                headers: &[("Speaker", false), ("Quote", false), ("Article", false)],
                rows: summary
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
                    .collect(),
            },
            relations: Grid {
                headers: &[
                    ("Source", false),
                    ("Relation", false),
                    ("Target", false),
                    ("Sentences", true),
                    ("Articles", true),
                ],
                rows: summary
                    .relations
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.source.clone(),
                            r.relation.clone(),
                            r.target.clone(),
                            r.sentences.to_string(),
                            r.articles.to_string(),
                        ]
                    })
                    .collect(),
            },
            quantities: quantities(summary),
            rejected: rejected(summary),
        }
    }
}

/// Events per `YYYY-MM` of their timeline date, in month order.
fn event_months(summary: &Summary) -> Vec<(String, usize)> {
    let mut months: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for ((date, _), n) in &summary.timeline.points {
        *months.entry(date.format("%Y-%m").to_string()).or_default() += n;
    }
    months.into_iter().collect()
}

/// Names with counts as `name (n), name (n)`, each name escaped by `escape`.
pub(crate) fn counted_list(items: &[(String, usize)], escape: fn(&str) -> String) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|(name, n)| format!("{} ({n})", escape(name)))
        .collect();
    parts.join(", ")
}

fn counts(headers: &'static [(&'static str, bool)], items: &[(String, usize)]) -> Grid {
    Grid {
        headers,
        rows: items
            .iter()
            .map(|(name, n)| vec![name.clone(), n.to_string()])
            .collect(),
    }
}

/// The ranking of one type group; places also show type, country and coordinates.
fn entity_group(label: &str, lines: &[EntityLine]) -> Grid {
    let places = label == "Places";
    let rows = lines
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
    Grid {
        headers: if places {
            PLACE_HEADERS
        } else {
            ENTITY_HEADERS
        },
        rows,
    }
}

fn events(summary: &Summary) -> Grid {
    Grid {
        headers: &[
            ("Date", false),
            ("Actor → event → target", false),
            ("Place", false),
            ("ACLED", false),
            ("Casualties", false),
            ("Flags", false),
            ("Sentence", false),
            ("Article", false),
        ],
        rows: summary
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
            .collect(),
    }
}

fn quantities(summary: &Summary) -> Grid {
    Grid {
        headers: &[
            ("Value", true),
            ("Qualifier", false),
            ("Counted", false),
            ("Text", false),
            ("Article", false),
        ],
        rows: summary
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
            .collect(),
    }
}

fn rejected(summary: &Summary) -> Grid {
    Grid {
        headers: &[
            ("File", false),
            ("Line", true),
            ("Reason", false),
            ("Detail", false),
            ("Bytes", true),
        ],
        rows: summary
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
            .collect(),
    }
}

/// The text, or `?` when unknown (an actor or target not found).
fn or_dash(text: &str) -> &str {
    if text.is_empty() { "?" } else { text }
}

/// The speaker, or `unattributed`.
fn or_unattributed(text: &str) -> String {
    if text.is_empty() {
        "unattributed".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{counted_list, or_dash, or_unattributed};

    #[test]
    fn placeholders_and_counted_lists() {
        assert_eq!(or_dash(""), "?");
        assert_eq!(or_dash("Israel"), "Israel");
        assert_eq!(or_unattributed(""), "unattributed");
        let items = [("a|b".to_owned(), 2), ("c".to_owned(), 1)];
        assert_eq!(
            counted_list(&items, |s| s.replace('|', "/")),
            "a/b (2), c (1)"
        );
    }
}
