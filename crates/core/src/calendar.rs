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
//! The names are data: `data/lexicons/months.tsv` and
//! `data/lexicons/weekdays.tsv`, read and checked once on first use (see
//! [`crate::lexicon`]).
//!
//! Known misses: English only and case-sensitive (`march`, `MARCH` and
//! `monday` are not names); months are told apart by their first three
//! letters only, so callers should first match the name with a pattern
//! (`Mayday` would read as May); weekday abbreviations (`Tue.`) are not read.

use std::sync::LazyLock;

use chrono::Weekday;

use crate::lexicon::Lexicon;

/// The seven weekday names as a regex alternation (no group, no anchors):
/// `Monday|Tuesday|…|Sunday` (a test checks it against
/// `data/lexicons/weekdays.tsv`).
pub const WEEKDAY_PATTERN: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

const MONTHS_FILE: &str = "data/lexicons/months.tsv";
const WEEKDAYS_FILE: &str = "data/lexicons/weekdays.tsv";

/// `data/lexicons/months.tsv`: key, month number.
static MONTHS: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        MONTHS_FILE,
        include_str!("../../../data/lexicons/months.tsv"),
        2,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        let month = entry[1].parse::<u32>().ok();
        assert!(
            month.is_some_and(|m| (1..=12).contains(&m)),
            "{MONTHS_FILE}: `{}` has month `{}`, expected 1 to 12",
            entry[0],
            entry[1]
        );
    }
    lexicon
});

/// `data/lexicons/weekdays.tsv`: key, weekday (`mon` … `sun`), form.
static WEEKDAYS: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        WEEKDAYS_FILE,
        include_str!("../../../data/lexicons/weekdays.tsv"),
        3,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            entry[1].parse::<Weekday>().is_ok()
                && matches!(entry[2].as_str(), "name" | "abbreviation"),
            "{WEEKDAYS_FILE}: `{}` needs a weekday (mon … sun) and a form (name or abbreviation)",
            entry[0]
        );
    }
    lexicon
});

/// Month number (1–12) of a lower-case month name or abbreviation without
/// its period (`january`, `jan`, `sept`), from `data/lexicons/months.tsv`.
#[must_use]
pub fn month_of_key(key: &str) -> Option<u32> {
    MONTHS.get(key).and_then(|entry| entry[1].parse().ok())
}

/// The weekday of a lower-case weekday name or abbreviation (`monday`,
/// `tues`), and whether it is an abbreviation, from
/// `data/lexicons/weekdays.tsv`.
#[must_use]
pub fn weekday_of_key(key: &str) -> Option<(Weekday, bool)> {
    let entry = WEEKDAYS.get(key)?;
    Some((entry[1].parse().ok()?, entry[2] == "abbreviation"))
}

/// Whether `word` is written with one capital then lower case (`Jan`, `Monday`).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// Month number (1–12) of an English month name or abbreviation, with or
/// without a trailing period (`Jan`, `Jan.`, `January`, `Sept.`), read from
/// its first three letters, which must be capitalised; `None` for anything
/// else.
#[must_use]
pub fn month_number(name: &str) -> Option<u32> {
    let prefix = name.get(..3)?;
    if !is_capitalised(prefix) {
        return None;
    }
    month_of_key(&prefix.to_lowercase())
}

/// The weekday of a full, capitalised English weekday name (`Monday` … `Sunday`).
#[must_use]
pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    if !is_capitalised(name) {
        return None;
    }
    match weekday_of_key(&name.to_lowercase())? {
        (weekday, false) => Some(weekday),
        (_, true) => None,
    }
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
    fn lexicon_keys_for_the_date_grammar() {
        assert_eq!(month_of_key("sept"), Some(9));
        assert_eq!(month_of_key("may"), Some(5));
        assert_eq!(month_of_key("Sept"), None);
        assert_eq!(weekday_of_key("thurs"), Some((Weekday::Thu, true)));
        assert_eq!(weekday_of_key("sunday"), Some((Weekday::Sun, false)));
        assert_eq!(MONTHS.len(), 24);
        assert_eq!(WEEKDAYS.len(), 17);
    }

    #[test]
    fn weekday_pattern_lists_each_name_once_in_week_order() {
        let full: Vec<String> = WEEKDAYS
            .entries()
            .filter(|entry| entry[2] == "name")
            .map(|entry| entry[0].clone())
            .collect();
        let pattern: Vec<String> = WEEKDAY_PATTERN.split('|').map(str::to_lowercase).collect();
        assert_eq!(pattern, full);
        let names: Vec<&str> = WEEKDAY_PATTERN.split('|').collect();
        assert_eq!(names.len(), 7);
        for (i, name) in names.iter().enumerate() {
            let weekday = weekday_from_name(name).unwrap();
            assert_eq!(weekday.num_days_from_monday() as usize, i);
        }
    }
}
