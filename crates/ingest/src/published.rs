//! Publication dates: read from the input, or inferred from what the text states.
//!
//! Inference looks for fully specified dates, in this order of trust:
//!
//! 1. the latest day-precision date in the photo captions (an article is
//!    published on or after the events its photos show),
//! 2. the latest day-precision date in the body,
//! 3. the latest month-year (`January 2020`) in the captions, then the body,
//!    with month precision.
//!
//! Recognised forms: `Tuesday, Sept. 24, 2024`, `Nov. 8, 2023`,
//! `September 24, 2024`, `24 September 2024`, `2024-09-24`, `January 2020`;
//! month names in full or abbreviated (`Jan.` … `Dec.`, `Sept.`), with or
//! without the period.
//!
//! Known misses: dates without a year (`Oct. 17`) and relative dates
//! (`Monday`) are ignored, because resolving them needs the publication date
//! this module is looking for; a caption that shows an archive photo
//! (`… in 2019 file photo`) can pull the date back.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use sitrep_core::calendar::{WEEKDAY_PATTERN, month_number};

/// A publication date with how precise it is, where it came from and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Published {
    pub(crate) date: NaiveDate,
    /// `day`, `month` or `year`.
    pub(crate) precision: &'static str,
    /// `input`, `caption` or `body`.
    pub(crate) source: &'static str,
    pub(crate) evidence: String,
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept(?:ember)?|Sep|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = format!(r"(?:(?:{WEEKDAY_PATTERN}),?\s+)?");
    let pattern = format!(
        r"\b(?:{weekday}(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b|{weekday}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH})\.?,?\s+(?P<y2>\d{{4}})\b|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})\b|(?P<m4>{MONTH})\.?,?\s+(?P<y4>\d{{4}})\b)"
    );
    Regex::new(&pattern).expect("date pattern compiles")
});

/// A date found in a text: the date, whether it is day-precise, and the words.
#[derive(Debug)]
struct Found<'a> {
    date: NaiveDate,
    day_precision: bool,
    words: &'a str,
}

/// Plausible publication years; guards against `1234-56-78`-like numbers.
fn plausible_year(year: i32) -> bool {
    (1900..=2200).contains(&year)
}

fn find_dates(text: &str) -> impl Iterator<Item = Found<'_>> {
    DATE.captures_iter(text).filter_map(|caps| {
        let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let month = |name: &str| caps.name(name).and_then(|m| month_number(m.as_str()));
        let (year, month, day) = if caps.name("y1").is_some() {
            (number("y1")?, month("m1")?, Some(number("d1")?))
        } else if caps.name("y2").is_some() {
            (number("y2")?, month("m2")?, Some(number("d2")?))
        } else if caps.name("y3").is_some() {
            (number("y3")?, number("m3")?, Some(number("d3")?))
        } else {
            (number("y4")?, month("m4")?, None)
        };
        let year = i32::try_from(year).ok().filter(|&y| plausible_year(y))?;
        let date = NaiveDate::from_ymd_opt(year, month, day.unwrap_or(1))?;
        Some(Found {
            date,
            day_precision: day.is_some(),
            words: caps.get(0)?.as_str(),
        })
    })
}

/// The latest date of the wanted precision over `texts` (first one wins a tie).
fn latest<'a>(texts: &[&'a str], day_precision: bool) -> Option<Found<'a>> {
    let mut best: Option<Found<'a>> = None;
    for text in texts {
        for found in find_dates(text).filter(|f| f.day_precision == day_precision) {
            if best.as_ref().is_none_or(|b| found.date > b.date) {
                best = Some(found);
            }
        }
    }
    best
}

/// Infers the publication date from captions, then the body paragraphs.
pub(crate) fn infer(captions: &[&str], body: &[&str]) -> Option<Published> {
    let candidates: [(&[&str], bool, &'static str); 4] = [
        (captions, true, "caption"),
        (body, true, "body"),
        (captions, false, "caption"),
        (body, false, "body"),
    ];
    candidates
        .into_iter()
        .find_map(|(texts, day_precision, source)| {
            latest(texts, day_precision).map(|found| Published {
                date: found.date,
                precision: if day_precision { "day" } else { "month" },
                source,
                evidence: found.words.to_owned(),
            })
        })
}

/// Parses a date given by the input (`2024-09-24`, `2024-09-24T10:00:00Z`,
/// `2024-09`, `2024`, or a written date such as `Sept. 24, 2024`).
pub(crate) fn parse_input(value: &str) -> Option<Published> {
    let value = value.trim();
    let make = |date: NaiveDate, precision| Published {
        date,
        precision,
        source: "input",
        evidence: value.to_owned(),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(date) = value
        .get(..10)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    {
        let rest = &value[10..];
        if rest.is_empty() || rest.starts_with(['T', 't', ' ']) {
            return Some(make(date, "day")).filter(|p| plausible_year(p.date.year()));
        }
    }
    if value.len() == 7 && digits(&value[..4]) && &value[4..5] == "-" && digits(&value[5..]) {
        let date = NaiveDate::from_ymd_opt(value[..4].parse().ok()?, value[5..].parse().ok()?, 1)?;
        return Some(make(date, "month")).filter(|p| plausible_year(p.date.year()));
    }
    if value.len() == 4 && digits(value) {
        let date = NaiveDate::from_ymd_opt(value.parse().ok()?, 1, 1)?;
        return Some(make(date, "year")).filter(|p| plausible_year(p.date.year()));
    }
    let found = find_dates(value).next()?;
    Some(make(
        found.date,
        if found.day_precision { "day" } else { "month" },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn caption_date_with_weekday_keeps_the_weekday_as_evidence() {
        let published = infer(
            &["Lebanese citizens settle in Sidon, Lebanon, Tuesday, Sept. 24, 2024."],
            &["Israel on Monday intensified its operations."],
        )
        .unwrap();
        assert_eq!(published.date, ymd(2024, 9, 24));
        assert_eq!(published.evidence, "Tuesday, Sept. 24, 2024");
        assert_eq!((published.precision, published.source), ("day", "caption"));
    }

    #[test]
    fn latest_caption_date_wins_over_body() {
        let published = infer(
            &[
                "A strike on Nov. 8, 2023, in Syria.",
                "Troops on Oct. 1, 2023.",
            ],
            &["On December 1, 2023 talks began."],
        )
        .unwrap();
        assert_eq!(
            (published.date, published.source),
            (ymd(2023, 11, 8), "caption")
        );
        assert_eq!(published.evidence, "Nov. 8, 2023");
    }

    #[test]
    fn body_forms_day_first_iso_and_month_year() {
        let published = infer(
            &[],
            &["Signed on 24 September 2024 and ratified 2024-10-02."],
        )
        .unwrap();
        assert_eq!(
            (published.date, published.evidence.as_str()),
            (ymd(2024, 10, 2), "2024-10-02")
        );
        let published = infer(&[], &["In early January 2020, the US struck Baghdad."]).unwrap();
        assert_eq!(published.date, ymd(2020, 1, 1));
        assert_eq!((published.precision, published.source), ("month", "body"));
        assert_eq!(published.evidence, "January 2020");
    }

    #[test]
    fn year_less_and_impossible_dates_are_ignored() {
        assert_eq!(
            infer(
                &[],
                &["Since Oct. 17, attacks rose. Feb. 30, 2023 is no date."]
            ),
            None
        );
    }

    #[test]
    fn input_values_of_each_precision() {
        let published = parse_input("2024-09-24T08:30:00+03:00").unwrap();
        assert_eq!(
            (published.date, published.precision),
            (ymd(2024, 9, 24), "day")
        );
        assert_eq!(published.source, "input");
        assert_eq!(parse_input("2024-09").unwrap().precision, "month");
        assert_eq!(parse_input("2024").unwrap().date, ymd(2024, 1, 1));
        assert_eq!(
            parse_input("Sept. 24, 2024").unwrap().date,
            ymd(2024, 9, 24)
        );
        assert_eq!(parse_input("yesterday"), None);
    }
}
