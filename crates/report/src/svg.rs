//! Inline SVG charts for the HTML report, drawn directly as markup: no
//! scripts, fonts or external tiles, so the report is one self-contained file.
//!
//! - [`bars`]: horizontal bars with labels (top actors, top entities).
//! - [`timeline`]: one column per month.
//! - [`map`]: an equirectangular scatter of places with coordinates, framed on
//!   the data with a labelled graticule.
//! - [`network`]: entities on a circle, edges as wide as their co-mention count.
//!
//! Coordinates are printed with one decimal, so the same data gives the same
//! bytes. Known misses: labels may overlap on the map when places are close;
//! the map has no coastlines.

use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::html::escape;
use crate::summary::{EntityLine, Network};

const WIDTH: f64 = 640.0;

/// Cuts a label to `max` characters, with an ellipsis.
fn short(label: &str, max: usize) -> String {
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

/// Column chart of counts per month (`YYYY-MM` labels, in order).
pub(crate) fn timeline(title: &str, months: &[(String, usize)]) -> String {
    let mut out = String::new();
    let (left, top, plot_height) = (40.0, 20.0, 160.0);
    let height = top + plot_height + 40.0;
    open(&mut out, height, title);
    let plot_width = WIDTH - left - 10.0;
    let slot = plot_width / months.len().max(1) as f64;
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let label_every = months.len().div_ceil(12).max(1);
    let bar_width = (slot * 0.8).min(48.0);
    let baseline = top + plot_height;
    let _ = write!(
        out,
        r#"<line x1="{left:.1}" y1="{baseline:.1}" x2="{:.1}" y2="{baseline:.1}" class="axis"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="value">{max:.0}</text>"#,
        WIDTH - 10.0,
        left - 4.0,
        top + 4.0,
    );
    for (i, (month, count)) in months.iter().enumerate() {
        let x = left + slot * i as f64;
        let bar_height = *count as f64 / max * plot_height;
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{bar_width:.1}" height="{bar_height:.1}" class="bar"><title>{month}: {count}</title></rect>"#,
            x + (slot - bar_width) / 2.0,
            baseline - bar_height,
        );
        if months.len() <= 24 && *count > 0 {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="value">{count}</text>"#,
                x + slot / 2.0,
                baseline - bar_height - 3.0,
            );
        }
        if i % label_every == 0 {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="label">{month}</text>"#,
                x + slot / 2.0,
                baseline + 16.0,
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Grid step in degrees giving at most about eight lines over `span`.
fn grid_step(span: f64) -> f64 {
    [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0]
        .into_iter()
        .find(|step| span / step <= 8.0)
        .unwrap_or(90.0)
}

/// Equirectangular scatter of places with coordinates, marker area by mentions.
pub(crate) fn map(title: &str, places: &[EntityLine]) -> String {
    let mut out = String::new();
    let height = 380.0;
    open(&mut out, height, title);
    let points: Vec<(&EntityLine, f64, f64)> = places
        .iter()
        .filter_map(|p| Some((p, p.lon?, p.lat?)))
        .collect();
    let fold = |f: fn(f64, f64) -> f64, init: f64, get: fn(&(&EntityLine, f64, f64)) -> f64| {
        points.iter().map(get).fold(init, f)
    };
    let (westmost, eastmost) = (
        fold(f64::min, 180.0, |p| p.1),
        fold(f64::max, -180.0, |p| p.1),
    );
    let (southmost, northmost) = (
        fold(f64::min, 90.0, |p| p.2),
        fold(f64::max, -90.0, |p| p.2),
    );
    // Frame the data with a margin, at least 10° wide and tall.
    let lon_span = ((eastmost - westmost) * 1.3).max(10.0);
    let lat_span = ((northmost - southmost) * 1.3).max(10.0);
    let (centre_lon, centre_lat) = (
        f64::midpoint(westmost, eastmost),
        f64::midpoint(southmost, northmost),
    );
    let (pad, plot_w, plot_h) = (30.0, WIDTH - 60.0, height - 60.0);
    let scale = (plot_w / lon_span).min(plot_h / lat_span);
    let x_of = |lon: f64| WIDTH / 2.0 + (lon - centre_lon) * scale;
    let y_of = |lat: f64| height / 2.0 - (lat - centre_lat) * scale;
    let (west, east) = (
        centre_lon - plot_w / 2.0 / scale,
        centre_lon + plot_w / 2.0 / scale,
    );
    let (south, north) = (
        centre_lat - plot_h / 2.0 / scale,
        centre_lat + plot_h / 2.0 / scale,
    );
    let step = grid_step(plot_w / scale);
    let _ = write!(
        out,
        r#"<rect x="{pad:.1}" y="{pad:.1}" width="{plot_w:.1}" height="{plot_h:.1}" class="sea"/>"#
    );
    let mut lon = (west / step).ceil() * step;
    while lon <= east {
        let x = x_of(lon);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{pad:.1}" x2="{x:.1}" y2="{:.1}" class="grid"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="value">{}°</text>"#,
            pad + plot_h,
            pad + plot_h + 14.0,
            lon.round() + 0.0,
        );
        lon += step;
    }
    let mut lat = (south / step).ceil() * step;
    while lat <= north {
        let y = y_of(lat);
        let _ = write!(
            out,
            r#"<line x1="{pad:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" class="grid"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="value">{}°</text>"#,
            pad + plot_w,
            pad - 3.0,
            y + 4.0,
            lat.round() + 0.0,
        );
        lat += step;
    }
    let max = places.iter().map(|p| p.mentions).max().unwrap_or(1).max(1) as f64;
    for (place, lon, lat) in &points {
        let radius = 3.0 + 9.0 * (place.mentions.max(0) as f64 / max).sqrt();
        let (x, y) = (x_of(*lon), y_of(*lat));
        let country = place
            .country
            .as_deref()
            .map_or_else(String::new, |c| format!(", {c}"));
        let _ = write!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{radius:.1}" class="place"><title>{}{}: {} mentions ({lat:.4}, {lon:.4})</title></circle><text x="{:.1}" y="{:.1}" class="label">{}</text>"#,
            escape(&place.name),
            escape(&country),
            place.mentions,
            x + radius + 2.0,
            y + 4.0,
            escape(&short(&place.name, 24)),
        );
    }
    out.push_str("</svg>");
    out
}

/// Co-occurrence network: nodes on a circle in rank order, edges by weight.
pub(crate) fn network(title: &str, network: &Network) -> String {
    let mut out = String::new();
    let height = 500.0;
    open(&mut out, height, title);
    let (cx, cy, radius) = (WIDTH / 2.0, height / 2.0, 160.0);
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
            escape(&network.nodes[a].0),
            escape(&network.nodes[b].0),
        );
    }
    let max_mentions = network.nodes.iter().map(|n| n.1).max().unwrap_or(1).max(1) as f64;
    for (i, (name, mentions)) in network.nodes.iter().enumerate() {
        let (dx, dy) = position(i);
        let size = 5.0 + 9.0 * (mentions.max(&0).to_owned() as f64 / max_mentions).sqrt();
        let anchor = if dx > 0.1 {
            "start"
        } else if dx < -0.1 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="{size:.1}" class="node"><title>{}: {mentions} mentions</title></circle><text x="{:.1}" y="{:.1}" text-anchor="{anchor}" class="label">{}</text>"#,
            cx + radius * dx,
            cy + radius * dy,
            escape(name),
            cx + (radius + size + 6.0) * dx,
            cy + (radius + size + 6.0) * dy + 4.0,
            escape(&short(name, 24)),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let graph = Network {
            nodes: vec![("A".to_owned(), 3), ("B".to_owned(), 1)],
            edges: vec![(0, 1, 2)],
        };
        let svg = network("t", &graph);
        // First node straight above the centre (320, 250) at radius 160.
        assert!(svg.contains(r#"cx="320.0" cy="90.0""#), "{svg}");
        assert!(svg.contains("A – B: 2 sentences"));
    }

    #[test]
    fn grid_step_keeps_about_eight_lines() {
        assert!((grid_step(12.0) - 2.0).abs() < f64::EPSILON);
        assert!((grid_step(360.0) - 45.0).abs() < f64::EPSILON);
    }
}
