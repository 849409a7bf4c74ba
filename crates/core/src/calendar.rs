//! English month and weekday names, shared by the readers of written dates
//! (publication dates in ingest, date expressions in extract).
//!
//! ```
//! use chrono::Weekday;
//! use sitrep_core::calendar::{month_number, weekday_from_name};
//! assert_eq!(month_number("Sept."), Some(9));
//! assert_eq!(month_number("December"), Some(12));
//! assert_eq!(weekday_from_name("Tuesday"), Some(Weekday::Tue));
//! ```
//!
//! Known misses: English only and case-sensitive (`march`, `MARCH` and
//! `monday` are not names); months are told apart by their first three
//! letters only, so callers should first match the name with a pattern
//! (`Mayday` would read as May); weekday abbreviations (`Tue.`) are not read.

use chrono::Weekday;

/// The seven weekday names as a regex alternation (no group, no anchors):
/// `Monday|Tuesday|…|Sunday`.
pub const WEEKDAY_PATTERN: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

/// Month number (1–12) of an English month name or abbreviation, with or
/// without a trailing period (`Jan`, `Jan.`, `January`, `Sept.`), read from
/// its first three letters; `None` for anything else.
#[must_use]
pub fn month_number(name: &str) -> Option<u32> {
    let number = match name.get(..3)? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    Some(number)
}

/// The weekday of a full English weekday name (`Monday` … `Sunday`).
#[must_use]
pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    let weekday = match name {
        "Monday" => Weekday::Mon,
        "Tuesday" => Weekday::Tue,
        "Wednesday" => Weekday::Wed,
        "Thursday" => Weekday::Thu,
        "Friday" => Weekday::Fri,
        "Saturday" => Weekday::Sat,
        "Sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(weekday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_abbreviated_month_names() {
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("Feb."), Some(2));
        assert_eq!(month_number("May"), Some(5));
        assert_eq!(month_number("June"), Some(6));
        assert_eq!(month_number("Jul"), Some(7));
        assert_eq!(month_number("Sep"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("October"), Some(10));
        assert_eq!(month_number("Dec"), Some(12));
    }

    #[test]
    fn non_months_and_short_or_lower_case_names_are_none() {
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number(""), None);
        assert_eq!(month_number("march"), None);
        assert_eq!(month_number("Monday"), None);
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_from_name("Monday"), Some(Weekday::Mon));
        assert_eq!(weekday_from_name("Sunday"), Some(Weekday::Sun));
        assert_eq!(weekday_from_name("Mon"), None);
        assert_eq!(weekday_from_name("friday"), None);
    }

    #[test]
    fn weekday_pattern_lists_each_name_once_in_week_order() {
        let names: Vec<&str> = WEEKDAY_PATTERN.split('|').collect();
        assert_eq!(names.len(), 7);
        for (i, name) in names.iter().enumerate() {
            let weekday = weekday_from_name(name).unwrap();
            assert_eq!(weekday.num_days_from_monday() as usize, i);
        }
    }
}
