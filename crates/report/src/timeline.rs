//! The events timeline: events counted per period on a real time axis,
//! stacked by PLOVER type, as one inline SVG.
//!
//! The x axis is linear in days, so a period without events is an empty gap
//! of its true width. The period (day, week, month, year or decade) is the
//! shortest that gives at most [`MAX_BINS`] bars over the range; tick labels
//! are placed at calendar boundaries chosen so that about ten fit. The y axis
//! has a scale with round tick values. With 20 or more dated events, stray
//! dates are cut: the range is the 5th–95th percentile dates widened by half
//! their distance (at least 30 days) on each side, so one `1600` or a
//! background mention of 2011 does not squash the rest; the cut events are
//! counted in the returned note.
//!
//! Example: events on 2024-01-02, 2024-01-20 and 2024-03-05 give monthly bars
//! for January (2) and March (1) with an empty February between them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};

use crate::html::escape;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const PLOT_HEIGHT: f64 = 200.0;
/// Most bars drawn.
const MAX_BINS: i64 = 120;
/// Event types given their own colour; the rest are drawn as `other`.
const NAMED_TYPES: usize = 7;

/// A calendar period the events are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day,
    Week,
    Month,
    Year,
    Decade,
}

impl Period {
    /// The first day of the period holding `date`.
    fn start(self, date: NaiveDate) -> NaiveDate {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(date);
        match self {
            Self::Day => date,
            Self::Week => {
                date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()))
            }
            Self::Month => ymd(date.year(), date.month(), 1),
            Self::Year => ymd(date.year(), 1, 1),
            Self::Decade => ymd(date.year().div_euclid(10) * 10, 1, 1),
        }
    }

    /// The first day of the next period.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => start + chrono::Days::new(1),
            Self::Week => start + chrono::Days::new(7),
            Self::Month => start + Months::new(1),
            Self::Year => start + Months::new(12),
            Self::Decade => start + Months::new(120),
        }
    }

    /// The shortest period giving at most [`MAX_BINS`] bars from `first` to `last`.
    fn fitting(first: NaiveDate, last: NaiveDate) -> Self {
        let days = (last - first).num_days() + 1;
        let months = i64::from((last.year() - first.year()) * 12) + i64::from(last.month())
            - i64::from(first.month())
            + 1;
        let years = i64::from(last.year() - first.year()) + 1;
        if days <= MAX_BINS / 2 {
            Self::Day
        } else if days / 7 < MAX_BINS / 2 {
            Self::Week
        } else if months <= MAX_BINS {
            Self::Month
        } else if years <= MAX_BINS {
            Self::Year
        } else {
            Self::Decade
        }
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            Self::Day | Self::Week => start.format("%Y-%m-%d").to_string(),
            Self::Month => start.format("%Y-%m").to_string(),
            Self::Year => start.format("%Y").to_string(),
            Self::Decade => format!("{}s", start.year()),
        }
    }
}

/// Tick marks: calendar boundaries every `step` units, about ten over the range.
fn ticks(first: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, String)> {
    let days = (end - first).num_days().max(1);
    let mut out = Vec::new();
    if days <= 70 {
        let step = [1, 2, 7, 14]
            .into_iter()
            .find(|s| days / s <= 10)
            .unwrap_or(14);
        let mut day = first;
        while day <= end {
            out.push((day, day.format("%b %-d").to_string()));
            day = day + chrono::Days::new(step as u64);
        }
    } else if days <= 366 * 8 {
        let months = days / 30;
        let step = [1, 2, 3, 6, 12, 24]
            .into_iter()
            .find(|s| months / s <= 10)
            .unwrap_or(24);
        let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
        if month < first {
            month = month + Months::new(1);
        }
        while month.month0() % (step.min(12) as u32) != 0 {
            month = month + Months::new(1);
        }
        while month <= end {
            let label = if month.month() == 1 || step >= 12 {
                month.format("%Y").to_string()
            } else {
                month.format("%b %Y").to_string()
            };
            out.push((month, label));
            month = month + Months::new(step as u32);
        }
    } else {
        let years = i64::from(end.year() - first.year());
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500]
            .into_iter()
            .find(|s| years / s <= 10)
            .unwrap_or(500);
        let mut year = (i64::from(first.year()) + step - 1).div_euclid(step) * step;
        while let Some(day) = NaiveDate::from_ymd_opt(year as i32, 1, 1).filter(|d| *d <= end) {
            if day >= first {
                out.push((day, year.to_string()));
            }
            year += step;
        }
    }
    out
}

/// A round step for about four ticks up to `max`.
fn y_step(max: usize) -> usize {
    let mut magnitude = 1;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * magnitude;
            if max.div_ceil(step) <= 4 {
                return step;
            }
        }
        magnitude *= 10;
    }
}

/// The chart and a sentence about what it leaves out. `points` counts the
/// events of each date and PLOVER type; the legend lists the most frequent
/// types.
pub(crate) fn timeline(
    title: &str,
    points: &BTreeMap<(NaiveDate, String), usize>,
) -> (String, String) {
    // Keys are in date order, so the first and last are the extreme dates.
    let (Some(((min, _), _)), Some(((max, _), _))) =
        (points.iter().next(), points.iter().next_back())
    else {
        return (String::new(), String::new());
    };
    let (min, max) = (*min, *max);
    let total: usize = points.values().sum();
    // The `k`-th date (from 0) of all events in date order.
    let nth = |k: usize| {
        let mut seen = 0;
        for ((date, _), n) in points {
            seen += n;
            if seen > k {
                return *date;
            }
        }
        max
    };
    let (window_low, window_high) = if total >= 20 {
        let at = |q: usize| nth((total - 1) * q / 100);
        let (p5, p95) = (at(5), at(95));
        let margin = chrono::Days::new(((p95 - p5).num_days() / 2).max(30) as u64);
        (
            p5.checked_sub_days(margin).unwrap_or(min).max(min),
            p95.checked_add_days(margin).unwrap_or(max).min(max),
        )
    } else {
        (min, max)
    };
    // The chart runs from the first to the last date inside the window.
    let mut drawn = points
        .keys()
        .map(|(date, _)| *date)
        .filter(|d| (window_low..=window_high).contains(d));
    let (Some(low), Some(high)) = (drawn.clone().next(), drawn.next_back()) else {
        return (String::new(), String::new());
    };
    let mut type_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ((_, kind), n) in points {
        *type_counts.entry(kind).or_default() += n;
    }
    let mut types: Vec<(&str, usize)> = type_counts.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let named: Vec<&str> = types.iter().take(NAMED_TYPES).map(|(t, _)| *t).collect();
    let slot = |kind: &str| named.iter().position(|t| *t == kind).unwrap_or(named.len());

    let period = Period::fitting(low, high);
    let mut bins: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    let mut cut = 0;
    for ((date, kind), n) in points {
        if *date < low || *date > high {
            cut += n;
            continue;
        }
        let counts = bins
            .entry(period.start(*date))
            .or_insert_with(|| vec![0; named.len() + 1]);
        counts[slot(kind)] += n;
    }
    let first = period.start(low);
    let end = period.next(period.start(high));
    let span = (end - first).num_days().max(1) as f64;
    let plot_width = WIDTH - LEFT - RIGHT;
    let x_of = |date: NaiveDate| LEFT + (date - first).num_days() as f64 / span * plot_width;
    let tallest = bins
        .values()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let step = y_step(tallest);
    let y_max = tallest.div_ceil(step) * step;
    let baseline = TOP + PLOT_HEIGHT;
    let y_of = |n: usize| baseline - n as f64 / y_max as f64 * PLOT_HEIGHT;
    let height = baseline + 40.0;

    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        r#"<svg class="chart timeline" viewBox="0 0 {WIDTH:.0} {height:.0}" width="{WIDTH:.0}" height="{height:.0}" role="img"><title>{}</title>"#,
        escape(title)
    );
    // Legend across the top.
    let mut lx = LEFT;
    let legend: Vec<&str> = named
        .iter()
        .copied()
        .chain((types.len() > named.len()).then_some("other"))
        .collect();
    for (i, kind) in legend.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="8" width="10" height="10" class="t{i}"/><text x="{:.1}" y="17" class="label">{}</text>"#,
            lx + 14.0,
            escape(kind)
        );
        lx += 14.0 + kind.chars().count() as f64 * 6.6 + 14.0;
    }
    // Y axis: grid lines and round values.
    let mut tick = 0;
    while tick <= y_max {
        let y = y_of(tick);
        let _ = write!(
            out,
            r#"<line x1="{LEFT:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" class="grid"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="value">{tick}</text>"#,
            WIDTH - RIGHT,
            LEFT - 5.0,
            y + 3.5,
        );
        tick += step;
    }
    let _ = write!(
        out,
        r#"<text x="12" y="{:.1}" transform="rotate(-90 12 {:.1})" text-anchor="middle" class="value">events per {}</text>"#,
        TOP + PLOT_HEIGHT / 2.0,
        TOP + PLOT_HEIGHT / 2.0,
        match period {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
            Period::Decade => "decade",
        }
    );
    // Bars: one group per period, stacked by type, with a hover summary.
    for (start, counts) in &bins {
        let (x0, x1) = (x_of(*start), x_of(period.next(*start)));
        let width = ((x1 - x0) * 0.85).max(1.0);
        let total: usize = counts.iter().sum();
        let parts: Vec<String> = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| format!("{} {n}", legend.get(i).copied().unwrap_or("other")))
            .collect();
        let _ = write!(
            out,
            "<g><title>{}: {total} events ({})</title>",
            period.label(*start),
            escape(&parts.join(", "))
        );
        let mut stacked = 0;
        for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            let (top, bottom) = (y_of(stacked + n), y_of(stacked));
            let _ = write!(
                out,
                r#"<rect x="{x0:.1}" y="{top:.1}" width="{width:.1}" height="{:.1}" class="seg t{i}"/>"#,
                bottom - top
            );
            stacked += n;
        }
        out.push_str("</g>");
    }
    // X axis with calendar ticks.
    let _ = write!(
        out,
        r#"<line x1="{LEFT:.1}" y1="{baseline:.1}" x2="{:.1}" y2="{baseline:.1}" class="axis"/>"#,
        WIDTH - RIGHT
    );
    for (day, label) in ticks(first, end) {
        let x = x_of(day);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{baseline:.1}" x2="{x:.1}" y2="{:.1}" class="axis"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="label">{label}</text>"#,
            baseline + 5.0,
            baseline + 18.0,
        );
    }
    out.push_str("</svg>");
    let note = if cut > 0 {
        format!("{cut} events dated before {low} or after {high} are outside the chart.")
    } else {
        String::new()
    };
    (out, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Events counted per date and type.
    fn counted<'a>(
        events: impl IntoIterator<Item = (NaiveDate, &'a str)>,
    ) -> BTreeMap<(NaiveDate, String), usize> {
        let mut points = BTreeMap::new();
        for (date, kind) in events {
            *points.entry((date, kind.to_owned())).or_default() += 1;
        }
        points
    }

    #[test]
    fn months_with_no_events_are_gaps_of_their_true_width() {
        let points = counted([
            (day(2024, 1, 2), "ASSAULT"),
            (day(2024, 1, 20), "CONSULT"),
            (day(2024, 3, 5), "ASSAULT"),
        ]);
        assert_eq!(
            Period::fitting(day(2024, 1, 2), day(2024, 3, 5)),
            Period::Week
        );
        let (svg, note) = timeline("t", &points);
        assert!(note.is_empty());
        // Weekly bars: 2024-01-01, 2024-01-15 and 2024-03-04.
        assert!(
            svg.contains("<title>2024-01-01: 1 events (ASSAULT 1)</title>"),
            "{svg}"
        );
        assert!(svg.contains("<title>2024-01-15: 1 events (CONSULT 1)</title>"));
        assert!(svg.contains("<title>2024-03-04: 1 events (ASSAULT 1)</title>"));
        assert_eq!(svg.matches("class=\"seg ").count(), 3);
    }

    #[test]
    fn a_long_range_uses_years_and_cuts_stray_dates() {
        let mut points = counted((0..300).map(|i| (day(1980 + i % 25, 6, 1), "ASSAULT")));
        points.insert((day(1600, 1, 1), "OTHER".to_owned()), 1);
        points.insert((day(1601, 1, 1), "OTHER".to_owned()), 1);
        let (svg, note) = timeline("t", &points);
        // 5th–95th percentile 1981–2003, widened by 11 years to 1970-06-02 –
        // 2004-06-01: the note names the first and last dates drawn.
        assert_eq!(
            note,
            "2 events dated before 1980-06-01 or after 2004-06-01 are outside the chart."
        );
        assert!(
            svg.contains("<title>1980: 12 events (ASSAULT 12)</title>"),
            "{svg}"
        );
        assert!(svg.contains(">events per year</text>"));
        assert!(!svg.contains(">1600<"));
    }

    #[test]
    fn ticks_fall_on_calendar_boundaries() {
        let months = ticks(day(2023, 11, 1), day(2024, 10, 1));
        assert_eq!(months.first().unwrap().1, "Nov 2023");
        assert!(
            months
                .iter()
                .any(|(d, l)| *d == day(2024, 1, 1) && l == "2024")
        );
        let years = ticks(day(1934, 1, 1), day(2008, 1, 1));
        let labels: Vec<&str> = years.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            ["1940", "1950", "1960", "1970", "1980", "1990", "2000"]
        );
    }

    #[test]
    fn y_scale_has_round_steps() {
        assert_eq!(y_step(3), 1);
        assert_eq!(y_step(7), 2);
        assert_eq!(y_step(19), 5);
        assert_eq!(y_step(1234), 500);
    }
}
