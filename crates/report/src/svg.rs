//! Inline SVG charts for the HTML report, drawn directly as markup: no
//! scripts, fonts or external tiles, so the report is one self-contained file.
//!
//! - [`bars`]: horizontal bars with labels (top actors, top entities).
//! - [`network`]: entities on a circle, coloured by type with a legend,
//!   edges as wide as their co-mention count.
//!
//! The map and the timeline have their own modules ([`crate::map`],
//! [`crate::timeline`]). Coordinates are printed with one decimal, so the
//! same data gives the same bytes.

use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::html::escape;
use crate::summary::Network;

const WIDTH: f64 = 640.0;

/// Cuts a label to `max` characters, with an ellipsis.
pub(crate) fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let mut cut: String = label.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

fn open(out: &mut String, height: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH:.0} {height:.0}" width="{WIDTH:.0}" height="{height:.0}" role="img"><title>{}</title>"#,
        escape(title)
    );
}

/// Horizontal bar chart of `(label, count)` in the given order.
pub(crate) fn bars(title: &str, items: &[(String, usize)]) -> String {
    let mut out = String::new();
    let row = 22.0;
    let label_width = 210.0;
    let bar_max = WIDTH - label_width - 60.0;
    let height = row * items.len() as f64 + 10.0;
    open(&mut out, height, title);
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    for (i, (label, count)) in items.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let width = (*count as f64 / max * bar_max).max(1.0);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="label">{}</text><rect x="{label_width:.1}" y="{:.1}" width="{width:.1}" height="{:.1}" class="bar"><title>{}: {count}</title></rect><text x="{:.1}" y="{:.1}" class="value">{count}</text>"#,
            label_width - 6.0,
            y + 15.0,
            escape(&short(label, 32)),
            y + 3.0,
            row - 6.0,
            escape(label),
            label_width + width + 4.0,
            y + 15.0,
        );
    }
    out.push_str("</svg>");
    out
}

/// Legend entries of the network: CSS class and the types it covers.
const NODE_CLASSES: [(&str, &str, &[&str]); 4] = [
    ("n-person", "person", &["PERSON"]),
    ("n-org", "organisation", &["ORG"]),
    ("n-place", "place", &["GPE", "LOC", "FAC"]),
    ("n-norp", "nationality or group", &["NORP"]),
];

fn node_class(entity_type: &str) -> &'static str {
    NODE_CLASSES
        .iter()
        .find(|(_, _, types)| types.contains(&entity_type))
        .map_or("n-other", |(class, _, _)| class)
}

/// Co-occurrence network: nodes on a circle in rank order, coloured by
/// entity type with a legend of the types present; edges by weight.
pub(crate) fn network(title: &str, network: &Network) -> String {
    let mut out = String::new();
    let height = 500.0;
    open(&mut out, height, title);
    let mut lx = 10.0;
    for (class, label, types) in NODE_CLASSES {
        if network
            .nodes
            .iter()
            .any(|n| types.contains(&n.entity_type.as_str()))
        {
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="14" r="5" class="node {class}"/><text x="{:.1}" y="18" class="label">{label}</text>"#,
                lx + 5.0,
                lx + 14.0,
            );
            lx += 24.0 + label.len() as f64 * 6.3;
        }
    }
    let (cx, cy, radius) = (WIDTH / 2.0, height / 2.0 + 10.0, 160.0);
    let count = network.nodes.len().max(1) as f64;
    let position = |i: usize| {
        let angle = -PI / 2.0 + 2.0 * PI * i as f64 / count;
        (angle.cos(), angle.sin())
    };
    let max_weight = network.edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    for &(a, b, weight) in &network.edges {
        let ((ax, ay), (bx, by)) = (position(a), position(b));
        let _ = write!(
            out,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{:.1}" class="edge"><title>{} – {}: {weight} sentences</title></line>"#,
            cx + radius * ax,
            cy + radius * ay,
            cx + radius * bx,
            cy + radius * by,
            1.0 + 7.0 * weight as f64 / max_weight,
            escape(&network.nodes[a].name),
            escape(&network.nodes[b].name),
        );
    }
    let max_mentions = network
        .nodes
        .iter()
        .map(|n| n.mentions)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    for (i, node) in network.nodes.iter().enumerate() {
        let (dx, dy) = position(i);
        let size = 5.0 + 9.0 * (node.mentions.max(0) as f64 / max_mentions).sqrt();
        let anchor = if dx > 0.1 {
            "start"
        } else if dx < -0.1 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="{size:.1}" class="node {}"><title>{} ({}): {} mentions</title></circle><text x="{:.1}" y="{:.1}" text-anchor="{anchor}" class="label">{}</text>"#,
            cx + radius * dx,
            cy + radius * dy,
            node_class(&node.entity_type),
            escape(&node.name),
            escape(&node.entity_type),
            node.mentions,
            cx + (radius + size + 6.0) * dx,
            cy + (radius + size + 6.0) * dy + 4.0,
            escape(&short(&node.name, 24)),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::Node;

    #[test]
    fn bars_scale_to_the_largest_count_and_escape_labels() {
        let svg = bars("t", &[("A&B".to_owned(), 4), ("C".to_owned(), 2)]);
        assert!(svg.contains("A&amp;B"));
        // Largest bar is the full 370-unit width, half of it for count 2.
        assert!(svg.contains(r#"width="370.0""#));
        assert!(svg.contains(r#"width="185.0""#));
    }

    #[test]
    fn network_puts_first_node_at_the_top_of_the_circle() {
        let node = |name: &str, entity_type: &str, mentions| Node {
            name: name.to_owned(),
            entity_type: entity_type.to_owned(),
            mentions,
        };
        let graph = Network {
            nodes: vec![node("A", "PERSON", 3), node("B", "GPE", 1)],
            edges: vec![(0, 1, 2)],
            nationalities: false,
        };
        let svg = network("t", &graph);
        // First node straight above the centre (320, 260) at radius 160.
        assert!(svg.contains(r#"cx="320.0" cy="100.0""#), "{svg}");
        assert!(svg.contains("A – B: 2 sentences"));
        // Coloured by type, with a legend of the types present only.
        assert!(svg.contains(r#"class="node n-person"><title>A (PERSON): 3 mentions"#));
        assert!(svg.contains(r#"class="node n-place"><title>B (GPE): 1 mentions"#));
        assert!(svg.contains(">person</text>") && svg.contains(">place</text>"));
        assert!(!svg.contains(">organisation</text>"));
    }
}
