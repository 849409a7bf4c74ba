//! Date expressions resolved to the calendar (the `dates` table).
//!
//! [`DateResolver`] scans each sentence of the normalised text with a small
//! set of rules, keeps the longest non-overlapping matches and resolves each
//! to a date, a precision and, for ranges, an end date:
//!
//! | rule | example | value | precision |
//! |---|---|---|---|
//! | ISO | `2024-09-24` | 2024-09-24 | day |
//! | month day (year) | `Tuesday, Sept. 24, 2024`, `Nov. 8, 2023` | as written | day |
//! | day month (year) | `24 September 2024` | as written | day |
//! | month day, no year | `Oct. 17` (anchor 2023-11-08) | 2023-10-17 | day |
//! | range | `between Oct. 17 and 21`, `Oct. 17-21` | 10-17, `range_end` 10-21 | day |
//! | month year | `early January 2020` | 2020-01-01 | month |
//! | month alone after a preposition | `in July` (anchor 2024-09-24) | 2024-07-01 | month |
//! | decade | `the 1970s` | 1970-01-01 | decade |
//! | year in date context | `in 2011`, `the 2003 US-led invasion` | 2011-01-01 | year |
//! | weekday | `on Monday` (anchor Tue 2024-09-24) | 2024-09-23 | day |
//! | relative | `yesterday`, `last week`, `this month`, `next year`, `three days ago` | | day / week / month / year |
//!
//! The anchor is `articles.published`. A date without a year takes the year
//! that puts it closest to the anchor within [anchor − 11 months, anchor +
//! 1 month] (news reports the recent past). A bare weekday is the most recent
//! such day on or before the anchor (`next Monday`: the first after it;
//! `last Monday`: the most recent strictly before it). Week precision values
//! are the Monday of the week. When there is no anchor, such expressions
//! still give a row, with `value`, `precision` and `anchor` null. `anchor` is
//! filled only when it was used.
//!
//! Spans: the date words plus the modifiers that change their meaning
//! (`early`, `last`, `between` of a range); prepositions (`on`, `in`,
//! `since`) are left out.
//!
//! Known misses: month names are matched case-sensitively, so lower-case
//! `march` is never a date, `May` is a date only with a day or a year (never
//! alone), and `March` alone only after a preposition or modifier; bare years
//! without a context word (`2011 was`) are skipped; `today` meaning
//! "nowadays" is resolved to the anchor day; seasons, times of day, `the
//! weekend`, `10 days after Oct. 7` (relative to another date) and
//! non-English month names are not handled; a sentence split inside a date
//! loses it.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};
use sitrep_core::calendar::{self, WEEKDAY_PATTERN};
use sitrep_core::component::{Component, Layer};
use sitrep_core::layers::DateAnnotation;
use sitrep_core::{ByteSpan, Doc};

use crate::words::number_word;

#[cfg(test)]
mod tests;

/// Finds date expressions and resolves them against the article's
/// publication date; writes the `dates` layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateResolver;

impl DateResolver {
    /// A resolver with the built-in rules.
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}

impl Component for DateResolver {
    fn name(&self) -> &'static str {
        "date_resolver"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Dates]
    }

    fn annotate(&self, doc: &mut Doc) {
        let anchor = doc.article.published;
        let mut found = Vec::new();
        let mut dates = Vec::new();
        for (idx, sentence) in doc.sentences.iter().enumerate() {
            found.clear();
            find_in_sentence(
                doc.text(sentence.span),
                sentence.span.start,
                anchor,
                &mut found,
            );
            dates.extend(found.iter().map(|date| DateAnnotation {
                span: date.span,
                sentence_idx: idx,
                value: date.value.map(|value| (value, date.precision)),
                range_end: date.range_end,
                anchor: if date.anchor_used { anchor } else { None },
            }));
        }
        doc.set_dates(dates);
    }
}

/// Granularity of a resolved date: the `dates` layer's precision.
pub(crate) use sitrep_core::layers::DatePrecision as Precision;

/// One date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundDate {
    /// Span in the normalised text.
    pub(crate) span: ByteSpan,
    /// Resolved value (null when it needed an anchor and had none).
    pub(crate) value: Option<NaiveDate>,
    pub(crate) precision: Precision,
    pub(crate) range_end: Option<NaiveDate>,
    /// Whether the anchor was needed to resolve the expression.
    pub(crate) anchor_used: bool,
}

const MONTH_ALTERNATION: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?";

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in date pattern compiles")
}

static ISO: LazyLock<Regex> = LazyLock::new(|| compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"));

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:(?:{WEEKDAY_PATTERN}),?[^\S\n]+)?(?P<month>{MONTH_ALTERNATION})[^\S\n]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?[^\S\n]+(?P<year>\d{{4}})\b)?"
    ))
});

static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[^\S\n]+(?:of[^\S\n]+)?(?P<month>{MONTH_ALTERNATION})(?:,?[^\S\n]+(?P<year>\d{{4}})\b)?"
    ))
});

static RANGE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^(?:[^\S\n]*(?P<dash>-|–|—)[^\S\n]*|[^\S\n]+(?P<word>and|to|through|until|till)[^\S\n]+)(?:(?P<month>{MONTH_ALTERNATION})[^\S\n]+)?(?P<day>\d{{1,2}})\b(?:,?[^\S\n]+(?P<year>\d{{4}})\b)?"
    ))
});

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:(?P<modifier>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of))[^\S\n-]*-?[^\S\n]*)?(?P<month>{MONTH_ALTERNATION}),?[^\S\n]+(?P<year>\d{{4}})\b"
    ))
});

/// A full month name (never `May`) after a word that makes it a date.
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?:(?P<modifier>(?i:early|late|mid|last|this|next))[^\S\n-]*-?[^\S\n]*|(?i:in|since|until|till|by|during|through|from|before|after|of)[^\S\n]+)(?P<month>January|February|March|April|June|July|August|September|October|November|December)\b",
    )
});

static DECADE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?:(?P<modifier>(?i:early|mid|late))[^\S\n-]*-?[^\S\n]*)?(?P<decade>(?:1[0-9]|20)\d0)s\b",
    )
});

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?P<context>(?i:in|since|until|till|by|from|during|before|after|of|early|late|mid|the|between|through|throughout|summer|spring|autumn|fall|winter))(?:[^\S\n]+|-)(?P<year>1[89]\d\d|20\d\d)\b",
    )
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"\b(?:(?P<modifier>(?i:last|this past|this coming|this|next))[^\S\n]+)?(?P<weekday>{WEEKDAY_PATTERN})\b"
    ))
});

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:(?P<deictic>yesterday|today|tonight|tomorrow)|(?P<which>last|this|next|past|coming)[^\S\n]+(?P<unit>week|month|year)|(?:earlier|later)[^\S\n]+this[^\S\n]+(?P<this_unit>week|month|year)|(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[^\S\n]+(?P<ago_unit>day|week|month|year)s?[^\S\n]+ago)\b",
    )
});

/// Appends the dates of one sentence (`text` starting at normalised byte
/// `base`) to `found`, in text order, without overlaps.
pub(crate) fn find_in_sentence(
    text: &str,
    base: usize,
    anchor: Option<NaiveDate>,
    found: &mut Vec<FoundDate>,
) {
    let mut candidates: Vec<FoundDate> = Vec::new();
    let at = |start: usize, end: usize| ByteSpan::new(base + start, base + end);

    for caps in ISO.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let date = NaiveDate::from_ymd_opt(number(&caps, 1), number(&caps, 2), number(&caps, 3));
        if let Some(date) = date {
            candidates.push(day(at(whole.start(), whole.end()), Some(date), false));
        }
    }
    for caps in MONTH_DAY.captures_iter(text) {
        if let Some(candidate) = month_day(text, &caps, anchor) {
            candidates.push(FoundDate {
                span: at(candidate.span.start, candidate.span.end),
                ..candidate
            });
        }
    }
    for caps in DAY_MONTH.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let month = month_number(&caps["month"]);
        let day_of_month: u32 = caps["day"].parse().unwrap_or(0);
        let year = caps
            .name("year")
            .map(|y| y.as_str().parse::<i32>().unwrap_or(0));
        let (value, anchor_used) = resolve_day(month, day_of_month, year, anchor);
        if year.is_some() && value.is_none() {
            continue; // 31 February 2024: not a date
        }
        candidates.push(day(at(whole.start(), whole.end()), value, anchor_used));
    }
    for caps in MONTH_YEAR.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let month = month_number(&caps["month"]);
        let year: i32 = caps["year"].parse().unwrap_or(0);
        if let Some(value) = NaiveDate::from_ymd_opt(year, month, 1) {
            candidates.push(FoundDate {
                span: at(whole.start(), whole.end()),
                value: Some(value),
                precision: Precision::Month,
                range_end: None,
                anchor_used: false,
            });
        }
    }
    for caps in MONTH_ALONE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let month_match = caps.name("month").expect("month group");
        let start = caps
            .name("modifier")
            .map_or(month_match.start(), |m| m.start());
        let modifier = caps
            .name("modifier")
            .map(|m| m.as_str().to_ascii_lowercase());
        let value = anchor.and_then(|a| {
            resolve_month(month_number(month_match.as_str()), modifier.as_deref(), a)
        });
        candidates.push(FoundDate {
            span: at(start, whole.end()),
            value,
            precision: Precision::Month,
            range_end: None,
            anchor_used: true,
        });
    }
    for caps in DECADE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let decade: i32 = caps["decade"].parse().unwrap_or(0);
        candidates.push(FoundDate {
            span: at(whole.start(), whole.end()),
            value: NaiveDate::from_ymd_opt(decade, 1, 1),
            precision: Precision::Decade,
            range_end: None,
            anchor_used: false,
        });
    }
    for caps in YEAR.captures_iter(text) {
        let context = caps.name("context").expect("context group");
        let year_match = caps.name("year").expect("year group");
        // `2,000` is not a year; neither is the `2023` of `2023-10-17` (ISO covers it).
        let rest = &text[year_match.end()..];
        if rest.starts_with(',') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let keeps_context = matches!(
            context.as_str().to_ascii_lowercase().as_str(),
            "early" | "late" | "mid"
        );
        let start = if keeps_context {
            context.start()
        } else {
            year_match.start()
        };
        let year: i32 = year_match.as_str().parse().unwrap_or(0);
        candidates.push(FoundDate {
            span: at(start, year_match.end()),
            value: NaiveDate::from_ymd_opt(year, 1, 1),
            precision: Precision::Year,
            range_end: None,
            anchor_used: false,
        });
    }
    for caps in WEEKDAY.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let weekday = weekday_of(&caps["weekday"]);
        let modifier = caps
            .name("modifier")
            .map(|m| m.as_str().to_ascii_lowercase());
        let value = anchor.map(|a| resolve_weekday(weekday, modifier.as_deref(), a));
        candidates.push(day(at(whole.start(), whole.end()), value, true));
    }
    for caps in RELATIVE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let (value, precision) = match anchor {
            Some(a) => resolve_relative(&caps, a),
            None => (None, Precision::Day),
        };
        candidates.push(FoundDate {
            span: at(whole.start(), whole.end()),
            value,
            precision,
            range_end: None,
            anchor_used: true,
        });
    }

    candidates.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut last_end = 0;
    for candidate in candidates {
        if candidate.span.start >= last_end {
            last_end = candidate.span.end;
            found.push(candidate);
        }
    }
}

fn day(span: ByteSpan, value: Option<NaiveDate>, anchor_used: bool) -> FoundDate {
    FoundDate {
        span,
        value,
        precision: Precision::Day,
        range_end: None,
        anchor_used,
    }
}

fn number<T: std::str::FromStr + Default>(caps: &Captures<'_>, group: usize) -> T {
    caps.get(group)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or_default()
}

/// A `Month Day[, Year]` match, extended to a range when one follows.
/// Spans are relative to `text`.
fn month_day(text: &str, caps: &Captures<'_>, anchor: Option<NaiveDate>) -> Option<FoundDate> {
    let whole = caps.get(0).expect("match");
    let month = month_number(&caps["month"]);
    let day_of_month: u32 = caps["day"].parse().ok()?;
    let year = caps
        .name("year")
        .and_then(|y| y.as_str().parse::<i32>().ok());
    let mut start = whole.start();
    let mut end = whole.end();

    // A range tail: `Oct. 17-21`, `between Oct. 17 and 21`, `from Oct. 17 to Nov. 2, 2023`.
    let introducer = previous_word(text, whole.start()).filter(|(_, word)| {
        word.eq_ignore_ascii_case("between") || word.eq_ignore_ascii_case("from")
    });
    let mut range = None;
    if let Some(tail) = RANGE_TAIL.captures(&text[end..]) {
        let allowed = tail.name("dash").is_some()
            || match tail.name("word").map(|w| w.as_str()) {
                Some("and") => introducer.is_some_and(|(_, w)| w.eq_ignore_ascii_case("between")),
                Some(_) => true,
                None => false,
            };
        if allowed {
            let end_month = tail
                .name("month")
                .map_or(month, |m| month_number(m.as_str()));
            let end_day: u32 = tail["day"].parse().ok()?;
            let end_year = tail
                .name("year")
                .and_then(|y| y.as_str().parse::<i32>().ok());
            range = Some((
                end_month,
                end_day,
                end_year,
                tail.get(0).expect("match").end(),
            ));
        }
    }

    let shared_year = year.or(range.and_then(|(_, _, y, _)| y));
    let (value, anchor_used) = resolve_day(month, day_of_month, shared_year, anchor);
    if shared_year.is_some() && value.is_none() {
        return None; // Feb. 30, 2024
    }
    let mut range_end = None;
    if let (Some((end_month, end_day, _, tail_len)), Some(first)) = (range, value) {
        // The end takes the start's year, or the next one when the range wraps (Dec. 30-Jan. 2).
        let candidate = NaiveDate::from_ymd_opt(first.year(), end_month, end_day)
            .filter(|d| *d >= first)
            .or_else(|| NaiveDate::from_ymd_opt(first.year() + 1, end_month, end_day));
        if let Some(last) = candidate.filter(|d| *d > first && (*d - first).num_days() <= 92) {
            range_end = Some(last);
            end += tail_len;
            if let Some((introducer_start, _)) = introducer {
                start = introducer_start;
            }
        }
    }
    Some(FoundDate {
        span: ByteSpan::new(start, end),
        value,
        precision: Precision::Day,
        range_end,
        anchor_used,
    })
}

/// The word ending just before byte `pos` of `text` (skipping spaces), with its start.
fn previous_word(text: &str, pos: usize) -> Option<(usize, &str)> {
    let before = text[..pos].trim_end();
    let start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[start..];
    (!word.is_empty()).then_some((start, word))
}

/// Month number (1–12) of a month name the date patterns matched.
fn month_number(name: &str) -> u32 {
    calendar::month_number(name).unwrap_or(12)
}

/// Weekday of a weekday name the date patterns matched.
fn weekday_of(name: &str) -> Weekday {
    calendar::weekday_from_name(name).unwrap_or(Weekday::Sun)
}

/// Resolves a month and day with an optional year; returns the date and
/// whether the anchor was needed (no year given).
fn resolve_day(
    month: u32,
    day_of_month: u32,
    year: Option<i32>,
    anchor: Option<NaiveDate>,
) -> (Option<NaiveDate>, bool) {
    match (year, anchor) {
        (Some(year), _) => (NaiveDate::from_ymd_opt(year, month, day_of_month), false),
        (None, Some(anchor)) => (closest_year(month, day_of_month, anchor), true),
        (None, None) => (None, true),
    }
}

/// The date with this month and day closest to `anchor`, preferring the
/// window [anchor − 11 months, anchor + 1 month].
pub(crate) fn closest_year(month: u32, day_of_month: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let low = anchor.checked_sub_months(Months::new(11))?;
    let high = anchor.checked_add_months(Months::new(1))?;
    let candidates = (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day_of_month));
    let distance = |d: &NaiveDate| (*d - anchor).num_days().abs();
    candidates
        .clone()
        .filter(|d| (low..=high).contains(d))
        .min_by_key(distance)
        .or_else(|| candidates.min_by_key(distance))
}

/// First day of the month `month` nearest the anchor, after a modifier.
fn resolve_month(month: u32, modifier: Option<&str>, anchor: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(anchor.year(), month, 1)?;
    let anchor_month = NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), 1)?;
    match modifier {
        Some("this") => Some(this_year),
        Some("last") if this_year < anchor_month => Some(this_year),
        Some("last") => this_year.checked_sub_months(Months::new(12)),
        Some("next") if this_year > anchor_month => Some(this_year),
        Some("next") => this_year.checked_add_months(Months::new(12)),
        _ => closest_year(month, 1, anchor_month),
    }
}

fn resolve_weekday(weekday: Weekday, modifier: Option<&str>, anchor: NaiveDate) -> NaiveDate {
    let back = (7 + anchor.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    match modifier {
        Some("next" | "this coming") => {
            let ahead = (7 - back) % 7;
            anchor + Days::new(u64::from(if ahead == 0 { 7 } else { ahead }))
        }
        Some("last" | "this past") => {
            anchor - Days::new(u64::from(if back == 0 { 7 } else { back }))
        }
        _ => anchor - Days::new(u64::from(back)),
    }
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn first_of_year(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date)
}

fn resolve_relative(caps: &Captures<'_>, anchor: NaiveDate) -> (Option<NaiveDate>, Precision) {
    if let Some(word) = caps.name("deictic") {
        let value = match word.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => anchor.pred_opt(),
            "tomorrow" => anchor.succ_opt(),
            _ => Some(anchor),
        };
        return (value, Precision::Day);
    }
    let (step, unit): (i64, &str) = if let Some(unit) = caps.name("unit") {
        let step = match caps["which"].to_ascii_lowercase().as_str() {
            "last" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        (step, unit.as_str())
    } else if let Some(unit) = caps.name("this_unit") {
        (0, unit.as_str())
    } else {
        let count = match caps["count"].to_ascii_lowercase().as_str() {
            "a" | "an" => 1,
            word => number_word(word).map_or_else(|| word.parse().unwrap_or(0), i64::from),
        };
        (-count, &caps["ago_unit"])
    };
    let unit = unit.to_ascii_lowercase();
    let shift_months = |months: i64| -> Option<NaiveDate> {
        let magnitude = Months::new(months.unsigned_abs() as u32);
        if months < 0 {
            anchor.checked_sub_months(magnitude)
        } else {
            anchor.checked_add_months(magnitude)
        }
    };
    match unit.as_str() {
        "day" => (
            anchor.checked_add_signed(chrono::TimeDelta::days(step)),
            Precision::Day,
        ),
        "week" => (
            anchor
                .checked_add_signed(chrono::TimeDelta::days(7 * step))
                .map(monday_of),
            Precision::Week,
        ),
        "month" => (shift_months(step).map(first_of_month), Precision::Month),
        _ => (shift_months(12 * step).map(first_of_year), Precision::Year),
    }
}
