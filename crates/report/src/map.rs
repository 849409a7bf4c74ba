//! The places map: Natural Earth country outlines under markers sized by
//! mentions, drawn as one inline SVG.
//!
//! Outlines come from `data/geo/countries-110m.tsv` (Natural Earth 1:110m,
//! public domain; source in `data/SOURCES.md`), embedded in the binary. Each
//! line is `name<TAB>SVG path` in degrees (x = longitude, y = -latitude), so
//! the page draws the paths once inside a group whose transform is the
//! projection: equirectangular, with longitudes shrunk by the cosine of the
//! frame's middle latitude so shapes near the frame keep their proportions.
//!
//! The frame covers the places that hold most mentions (at least 80 %), with a
//! margin; markers outside it are counted in a note rather than drawn.
//! Labels are placed greedily in rank order at the first of four positions
//! (right, left, above, below) that covers no marker's centre and no placed
//! label;
//! a place whose label does not fit keeps its marker and shows its name on
//! hover.
//!
//! Example: Iraq (18 mentions) and Baghdad (3) are both drawn; Baghdad's label
//! goes left or below if the Iraq label already covers its right side.

use std::fmt::Write as _;

use crate::html::escape;
use crate::summary::EntityLine;
use crate::svg::short;

const OUTLINES: &str = include_str!("../../../data/geo/countries-110m.tsv");

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 520.0;
const PAD: f64 = 24.0;
/// Approximate width of one label character at the label font size (11 px).
const CHAR_WIDTH: f64 = 6.3;
const LABEL_HEIGHT: f64 = 12.0;

/// An axis-aligned box `(x0, y0, x1, y1)` on the page.
type Boxed = (f64, f64, f64, f64);

fn overlaps(a: Boxed, b: Boxed) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Country outlines as `(name, path)` pairs.
pub(crate) fn outlines() -> impl Iterator<Item = (&'static str, &'static str)> {
    OUTLINES
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.split_once('\t'))
}

/// The frame: centre longitude and latitude, and the scale in pixels per
/// degree of latitude; longitudes are scaled by `cos(centre latitude)`.
#[derive(Debug, Clone, Copy)]
struct Frame {
    lon0: f64,
    lat0: f64,
    scale: f64,
    squeeze: f64,
}

impl Frame {
    fn around(places: &[(&EntityLine, f64, f64)]) -> Self {
        let total: i64 = places.iter().map(|(p, _, _)| p.mentions.max(1)).sum();
        let mut covered = 0;
        let mut core = Vec::new();
        for (place, lon, lat) in places {
            core.push((*lon, *lat));
            covered += place.mentions.max(1);
            if core.len() >= 5.min(places.len()) && covered * 5 >= total * 4 {
                break;
            }
        }
        let fold = |f: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| {
            core.iter().map(pick).fold(init, f)
        };
        let (west, east) = (
            fold(f64::min, 180.0, |p| p.0),
            fold(f64::max, -180.0, |p| p.0),
        );
        let (south, north) = (
            fold(f64::min, 90.0, |p| p.1),
            fold(f64::max, -90.0, |p| p.1),
        );
        let lat0 = f64::midpoint(south, north).clamp(-60.0, 70.0);
        let squeeze = lat0.to_radians().cos().max(0.3);
        let lon_span = ((east - west) * 1.3).clamp(16.0, 360.0);
        let lat_span = ((north - south) * 1.3).clamp(10.0, 150.0);
        let (plot_w, plot_h) = (WIDTH - 2.0 * PAD, HEIGHT - 2.0 * PAD);
        let scale = (plot_w / (lon_span * squeeze)).min(plot_h / lat_span);
        Self {
            lon0: f64::midpoint(west, east),
            lat0,
            scale,
            squeeze,
        }
    }

    fn x(&self, lon: f64) -> f64 {
        WIDTH / 2.0 + (lon - self.lon0) * self.scale * self.squeeze
    }

    fn y(&self, lat: f64) -> f64 {
        HEIGHT / 2.0 - (lat - self.lat0) * self.scale
    }

    fn inside(x: f64, y: f64) -> bool {
        (PAD..=WIDTH - PAD).contains(&x) && (PAD..=HEIGHT - PAD).contains(&y)
    }
}

/// Grid step in degrees giving at most about eight lines over `span`.
fn grid_step(span: f64) -> f64 {
    [1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0]
        .into_iter()
        .find(|step| span / step <= 8.0)
        .unwrap_or(90.0)
}

fn graticule(out: &mut String, frame: &Frame) {
    let (x0, x1, y0, y1) = (PAD, WIDTH - PAD, PAD, HEIGHT - PAD);
    let west = frame.lon0 - (WIDTH / 2.0 - PAD) / (frame.scale * frame.squeeze);
    let east = frame.lon0 + (WIDTH / 2.0 - PAD) / (frame.scale * frame.squeeze);
    let south = frame.lat0 - (HEIGHT / 2.0 - PAD) / frame.scale;
    let north = frame.lat0 + (HEIGHT / 2.0 - PAD) / frame.scale;
    let step = grid_step((east - west).max(north - south));
    let mut lon = (west / step).ceil() * step;
    while lon <= east {
        let x = frame.x(lon);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{y0:.1}" x2="{x:.1}" y2="{y1:.1}" class="grid"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="value">{}°</text>"#,
            y1 + 13.0,
            lon.round() + 0.0,
        );
        lon += step;
    }
    let mut lat = (south / step).ceil() * step;
    while lat <= north {
        let y = frame.y(lat);
        let _ = write!(
            out,
            r#"<line x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}" class="grid"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="value">{}°</text>"#,
            x0 - 3.0,
            y + 4.0,
            lat.round() + 0.0,
        );
        lat += step;
    }
}

/// The map of `places` (ranked, most mentioned first), and how many of them
/// fell outside the frame.
pub(crate) fn map(title: &str, places: &[EntityLine]) -> (String, usize) {
    let points: Vec<(&EntityLine, f64, f64)> = places
        .iter()
        .filter_map(|p| Some((p, p.lon?, p.lat?)))
        .collect();
    let frame = Frame::around(&points);
    let mut out = String::with_capacity(OUTLINES.len() + 16 * 1024);
    let _ = write!(
        out,
        r#"<svg class="chart map" viewBox="0 0 {WIDTH:.0} {HEIGHT:.0}" width="{WIDTH:.0}" height="{HEIGHT:.0}" role="img"><title>{}</title><defs><clipPath id="map-frame"><rect x="{PAD:.0}" y="{PAD:.0}" width="{:.0}" height="{:.0}"/></clipPath></defs><rect x="{PAD:.0}" y="{PAD:.0}" width="{:.0}" height="{:.0}" class="sea"/>"#,
        escape(title),
        WIDTH - 2.0 * PAD,
        HEIGHT - 2.0 * PAD,
        WIDTH - 2.0 * PAD,
        HEIGHT - 2.0 * PAD,
    );
    let kx = frame.scale * frame.squeeze;
    let _ = write!(
        out,
        r#"<g clip-path="url(#map-frame)"><g transform="translate({:.3} {:.3}) scale({kx:.4} {:.4})">"#,
        WIDTH / 2.0 - frame.lon0 * kx,
        HEIGHT / 2.0 + frame.lat0 * frame.scale,
        frame.scale,
    );
    for (name, path) in outlines() {
        let _ = write!(
            out,
            r#"<path class="land" d="{path}"><title>{}</title></path>"#,
            escape(name)
        );
    }
    out.push_str("</g></g>");
    graticule(&mut out, &frame);

    let max = places.iter().map(|p| p.mentions).max().unwrap_or(1).max(1) as f64;
    let mut drawn = Vec::new();
    let mut outside = 0;
    for (place, lon, lat) in &points {
        let (x, y) = (frame.x(*lon), frame.y(*lat));
        if !Frame::inside(x, y) {
            outside += 1;
            continue;
        }
        let radius = 3.0 + 11.0 * (place.mentions.max(0) as f64 / max).sqrt();
        drawn.push((*place, x, y, radius));
    }
    // Markers: largest first so small ones stay visible on top.
    for (place, x, y, radius) in &drawn {
        let country = place
            .country
            .as_deref()
            .map_or_else(String::new, |c| format!(", {c}"));
        let _ = write!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{radius:.1}" class="place"><title>{}{}: {} mentions ({lat:.4}, {lon:.4})</title></circle>"#,
            escape(&place.name),
            escape(&country),
            place.mentions,
            lat = place.lat.unwrap_or_default(),
            lon = place.lon.unwrap_or_default(),
        );
    }
    for (name, x, y, anchor) in place_labels(&drawn) {
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="label maplabel">{}</text>"#,
            escape(&name)
        );
    }
    out.push_str("</svg>");
    (out, outside)
}

/// Labels that fit: `(text, x, y, anchor)` for each placed label.
fn place_labels(drawn: &[(&EntityLine, f64, f64, f64)]) -> Vec<(String, f64, f64, &'static str)> {
    // A label may overlap the rim of another marker (it has a white halo)
    // but never its centre, nor another label.
    let mut taken: Vec<Boxed> = drawn
        .iter()
        .map(|(_, x, y, _)| (x - 2.0, y - 2.0, x + 2.0, y + 2.0))
        .collect();
    let mut labels = Vec::new();
    for (index, (place, x, y, r)) in drawn.iter().enumerate() {
        let name = short(&place.name, 22);
        let width = name.chars().count() as f64 * CHAR_WIDTH;
        let candidates = [
            (
                x + r + 3.0,
                y + 4.0,
                "start",
                (x + r + 2.0, y - 7.0, x + r + 4.0 + width, y + 5.0),
            ),
            (
                x - r - 3.0,
                y + 4.0,
                "end",
                (x - r - 4.0 - width, y - 7.0, x - r - 2.0, y + 5.0),
            ),
            (
                *x,
                y - r - 3.0,
                "middle",
                (
                    x - width / 2.0,
                    y - r - 3.0 - LABEL_HEIGHT,
                    x + width / 2.0,
                    y - r - 2.0,
                ),
            ),
            (
                *x,
                y + r + 11.0,
                "middle",
                (
                    x - width / 2.0,
                    y + r + 1.0,
                    x + width / 2.0,
                    y + r + 2.0 + LABEL_HEIGHT,
                ),
            ),
        ];
        let fits = |bounds: Boxed| {
            bounds.0 >= PAD
                && bounds.2 <= WIDTH - PAD
                && bounds.1 >= PAD
                && bounds.3 <= HEIGHT - PAD
                && taken
                    .iter()
                    .enumerate()
                    .all(|(i, other)| i == index || !overlaps(bounds, *other))
        };
        if let Some((lx, ly, anchor, bounds)) = candidates.into_iter().find(|c| fits(c.3)) {
            taken.push(bounds);
            labels.push((name, lx, ly, anchor));
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, mentions: i64, lat: f64, lon: f64) -> EntityLine {
        EntityLine {
            name: name.to_owned(),
            entity_type: "GPE".to_owned(),
            mentions,
            articles: 1,
            country: None,
            lat: Some(lat),
            lon: Some(lon),
        }
    }

    #[test]
    fn outlines_cover_the_countries_of_the_sample() {
        let names: Vec<&str> = outlines().map(|(name, _)| name).collect();
        assert_eq!(names.len(), 177);
        for country in [
            "Iraq",
            "Syria",
            "Lebanon",
            "Israel",
            "Iran",
            "United States of America",
        ] {
            assert!(names.contains(&country), "{country}");
        }
        assert!(outlines().all(|(_, path)| path.starts_with('M') && path.ends_with('Z')));
    }

    #[test]
    fn map_draws_outlines_markers_and_only_labels_that_fit() {
        // Three places within a few kilometres: their labels cannot all fit
        // beside one another, so at least one stays unlabelled (name on hover).
        let places = vec![
            place("Baghdad", 30, 33.34, 44.40),
            place("Kadhimiya", 10, 33.38, 44.34),
            place("Sadr City", 9, 33.39, 44.45),
            place("Adhamiyah", 8, 33.37, 44.38),
            place("Mansour", 7, 33.31, 44.35),
            place("Damascus", 12, 33.51, 36.29),
        ];
        let (svg, outside) = map("t", &places);
        assert_eq!(outside, 0);
        assert_eq!(svg.matches("class=\"land\"").count(), 177);
        assert_eq!(svg.matches("<circle").count(), 6);
        let labels = svg.matches("maplabel").count();
        assert!((2..6).contains(&labels), "{labels} labels");
        assert!(svg.contains(">Baghdad</text>"));
        assert!(svg.contains("<title>Mansour: 7 mentions (33.3100, 44.3500)</title>"));
    }

    #[test]
    fn frame_follows_most_mentions_and_counts_places_outside() {
        let mut places: Vec<EntityLine> = (0..6)
            .map(|i| {
                place(
                    &format!("P{i}"),
                    50,
                    33.0 + f64::from(i) * 0.5,
                    40.0 + f64::from(i),
                )
            })
            .collect();
        places.push(place("Far", 1, -40.0, 170.0));
        let (_, outside) = map("t", &places);
        assert_eq!(outside, 1);
    }

    #[test]
    fn grid_step_keeps_about_eight_lines() {
        assert!((grid_step(12.0) - 2.0).abs() < f64::EPSILON);
        assert!((grid_step(360.0) - 45.0).abs() < f64::EPSILON);
    }
}
