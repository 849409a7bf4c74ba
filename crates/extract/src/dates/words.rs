//! The words of the date grammar: months, weekdays, units, modifiers.
//!
//! Keys are lower-case; the grammar checks case where it matters (`May`
//! the month needs its capital, `may` is a verb).
//!
//! Known misses: English only; weekday abbreviations that are also words
//! (`Sat`, `Sun`, `Wed`) count only before a date.

use chrono::Weekday;
use sitrep_core::calendar;

/// Month number of a full or abbreviated month name (lower case), from
/// `data/lexicons/months.tsv`.
pub(crate) fn month(key: &str) -> Option<u32> {
    // Every month name and abbreviation has 3 to 9 letters and starts with
    // one of these; the check spares most words the lexicon lookup.
    let first = *key.as_bytes().first()?;
    if !(3..=9).contains(&key.len()) || !b"jfmasond".contains(&first) {
        return None;
    }
    calendar::month_of_key(key)
}

/// Whether `key` is a month abbreviation rather than a full name.
pub(crate) fn is_abbreviation(key: &str) -> bool {
    key.len() <= 4 && key != "may" && key != "june" && key != "july"
}

/// A weekday from its full name or abbreviation, and whether it was
/// abbreviated, from `data/lexicons/weekdays.tsv`.
pub(crate) fn weekday(key: &str) -> Option<(Weekday, bool)> {
    let first = *key.as_bytes().first()?;
    if !(3..=9).contains(&key.len()) || !b"mtwfs".contains(&first) {
        return None;
    }
    calendar::weekday_of_key(key)
}

/// Whether a token with this key makes a date expression likely nearby: a
/// month, weekday, unit, deictic, holiday, season or decade word. A date
/// expression holds at least one such token or digits, so the scan only
/// tries positions with one within a few tokens.
pub(crate) fn is_core(key: &str) -> bool {
    unit(key).is_some()
        || month(key).is_some()
        || weekday(key).is_some()
        || matches!(
            key,
            "today"
                | "tonight"
                | "tomorrow"
                | "tmrw"
                | "tmr"
                | "yesterday"
                | "now"
                | "date"
                | "christmas"
                | "xmas"
                | "easter"
                | "thanksgiving"
                | "halloween"
                | "valentine"
                | "valentines"
                | "patrick"
                | "patricks"
                | "spring"
                | "summer"
                | "autumn"
                | "winter"
                | "fall"
                | "fy"
                | "sy"
                | "twenties"
                | "thirties"
                | "forties"
                | "fifties"
                | "sixties"
                | "seventies"
                | "eighties"
                | "nineties"
                | "thousand"
        )
}

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Fortnight,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// The unit named by `key` (singular or plural).
pub(crate) fn unit(key: &str) -> Option<Unit> {
    let found = match key {
        "day" | "days" => Unit::Day,
        "week" | "weeks" | "workweek" | "workweeks" => Unit::Week,
        "fortnight" | "fortnights" => Unit::Fortnight,
        "weekend" | "weekends" => Unit::Weekend,
        "month" | "months" => Unit::Month,
        "quarter" | "quarters" => Unit::Quarter,
        "year" | "years" => Unit::Year,
        "decade" | "decades" => Unit::Decade,
        "century" | "centuries" => Unit::Century,
        _ => return None,
    };
    Some(found)
}

/// A modifier that picks a period relative to the anchor, as a step:
/// `last` -1, `this` 0, `next` +1.
pub(crate) fn step(key: &str) -> Option<i32> {
    let found = match key {
        "last" | "previous" | "past" | "preceding" => -1,
        "this" | "current" | "same" | "present" => 0,
        "next" | "coming" | "following" | "upcoming" => 1,
        _ => return None,
    };
    Some(found)
}

/// Words that make a following bare year or month a date.
pub(crate) fn is_date_context(key: &str) -> bool {
    matches!(
        key,
        "in" | "since"
            | "until"
            | "till"
            | "by"
            | "from"
            | "during"
            | "before"
            | "after"
            | "of"
            | "the"
            | "between"
            | "through"
            | "throughout"
            | "to"
            | "and"
            | "or"
            | "not"
            | "year"
            | "cy"
            | "early"
            | "late"
            | "mid"
            | "end"
            | "start"
            | "beginning"
            | "middle"
            | "="
            | ">"
            | "<"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "around"
            | "circa"
            | "ca"
            | "c"
            | "as"
            | "on"
    )
}
