//! Publication dates: read from the input, or inferred from what the text
//! says about its own publication — never from a date the story mentions.
//!
//! A body date is often historical (an obituary, an anniversary, `the 1920
//! strike`), so inference takes a date only where it dates the article,
//! and keeps the words as evidence. In this order of trust:
//!
//! 1. **publication wording** anywhere in the captions or body: `Published:
//!    5 March 2005`, `Posted on Nov. 8, 2023`, `Last updated 2024-09-24`,
//!    `First published Tuesday, Sept. 24, 2024` (source `body`);
//! 2. a **dateline**: a date opening one of the first three body paragraphs,
//!    after at most a place (`BEIRUT, Nov. 8, 2023 —`, `Friday, July 21,
//!    2017`), followed by a dash, colon or the paragraph end (source `dateline`);
//! 3. the latest day-precision date of the **photo captions** (an article is
//!    published on or after the events its photos show), and of body
//!    paragraphs that are captions by their credit (`… (Department of Defense
//!    via AP)`); captions of archive photos (`file photo`) are skipped
//!    (source `caption`).
//!
//! Otherwise there is no publication date: relative dates then stay
//! unresolved unless `--anchor-date` is given. `--published DATE` sets the
//! date of every article whose input gave none (source `option`).
//!
//! Recognised forms: `Tuesday, Sept. 24, 2024`, `Nov. 8, 2023`,
//! `September 24, 2024`, `24 September 2024`, `2024-09-24`, `January 2020`;
//! month names in full or abbreviated (`Jan.` … `Dec.`, `Sept.`), with or
//! without the period.
//!
//! Known misses: dates without a year (`Oct. 17`) and relative dates
//! (`Monday`) are never publication dates here, because resolving them
//! needs the date being looked for; a dateline after a long byline line
//! (`By John Smith, Associated Press`) is found only when the byline is its
//! own paragraph.

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

/// A date found in a text: the date, whether it is day-precise, the words
/// and where they start and end (bytes).
#[derive(Debug)]
struct Found<'a> {
    date: NaiveDate,
    day_precision: bool,
    words: &'a str,
    start: usize,
    end: usize,
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
        let whole = caps.get(0)?;
        Some(Found {
            date,
            day_precision: day.is_some(),
            words: whole.as_str(),
            start: whole.start(),
            end: whole.end(),
        })
    })
}

/// Words that say a date is the publication's own.
static PUBLICATION_WORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:first\s+published|last\s+updated|published|posted|updated|dateline)\s*(?:on|at|:)?\s*$",
    )
    .expect("wording pattern compiles")
});

/// A place before a dateline's date: capitalised words, commas, periods.
static DATELINE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,3}\s*(?:,|\(\w+\)|—|–|-)\s*)?$")
        .expect("place pattern compiles")
});

/// A photo credit closing a caption paragraph: `(AP)`, `(Department of Defense via AP)`.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:[^()]*\bvia\s+)?(?:AP|AFP|Reuters|Getty Images|EPA|Anadolu|[^()]*\bphoto[^()]*)\)\s*$")
        .expect("credit pattern compiles")
});

/// Publication wording right before a date: `Published: 5 March 2005`.
fn with_wording<'a>(texts: &[&'a str]) -> Option<(Found<'a>, &'a str)> {
    for text in texts {
        for found in find_dates(text) {
            let before = &text[..found.start];
            let window_start = before.len().saturating_sub(40);
            let window = before.get(window_start..).unwrap_or(before);
            if let Some(m) = PUBLICATION_WORDING.find(window) {
                let evidence_start = window_start + m.start();
                return Some((found, &text[evidence_start..]));
            }
        }
    }
    None
}

/// A dateline: a date opening one of the first three paragraphs, after at
/// most a place, and ending it or followed by a dash or colon.
fn dateline<'a>(body: &[&'a str]) -> Option<Found<'a>> {
    body.iter().take(3).find_map(|paragraph| {
        let found = find_dates(paragraph).next()?;
        let before = &paragraph[..found.start];
        let after = paragraph[found.end..].trim_start();
        let place_only = before.trim().is_empty() || DATELINE_PLACE.is_match(before);
        let closes = after.is_empty()
            || after.starts_with(['—', '–', '-', ':', '|', '('])
            || (after.starts_with(',') && found.start == 0 && after.len() < 30);
        (place_only && closes && before.chars().count() <= 40).then_some(found)
    })
}

/// Whether a paragraph is a photo caption by its closing credit.
fn is_caption(paragraph: &str) -> bool {
    CREDIT.is_match(paragraph)
}

/// The latest day-precision date over caption texts, skipping archive photos.
fn latest_caption_date<'a>(captions: impl Iterator<Item = &'a str>) -> Option<Found<'a>> {
    let mut best: Option<Found<'a>> = None;
    for caption in captions {
        if caption.to_lowercase().contains("file photo") {
            continue;
        }
        for found in find_dates(caption).filter(|f| f.day_precision) {
            if best.as_ref().is_none_or(|b| found.date > b.date) {
                best = Some(found);
            }
        }
    }
    best
}

/// Infers the publication date from publication wording, a dateline, then
/// the captions (see the module docs); `None` when the text does not say.
pub(crate) fn infer(captions: &[&str], body: &[&str]) -> Option<Published> {
    let make = |found: &Found<'_>, source, evidence: &str| Published {
        date: found.date,
        precision: if found.day_precision { "day" } else { "month" },
        source,
        evidence: evidence.trim().to_owned(),
    };
    let all: Vec<&str> = captions.iter().chain(body).copied().collect();
    if let Some((found, from_wording)) = with_wording(&all) {
        let end = from_wording
            .find(found.words)
            .map_or(from_wording.len(), |at| at + found.words.len());
        return Some(make(&found, "body", &from_wording[..end]));
    }
    if let Some(found) = dateline(body) {
        return Some(make(&found, "dateline", found.words));
    }
    let caption_like = body.iter().copied().filter(|p| is_caption(p));
    latest_caption_date(captions.iter().copied().chain(caption_like))
        .map(|found| make(&found, "caption", found.words))
}

/// Sets the publication date of an article whose input gave none to `date`
/// (`--published`): source `option`, evidence the option as given.
pub fn set_unless_given(article: &mut sitrep_core::tables::Article, date: NaiveDate) {
    if article.published_source.as_deref() == Some("input") {
        return;
    }
    article.published = Some(date);
    article.published_precision = Some("day".to_owned());
    article.published_source = Some("option".to_owned());
    article.published_evidence = Some(format!("--published {date}"));
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
    fn historical_body_dates_are_not_publication_dates() {
        // An obituary: the dates are the story's, not the article's.
        let body = [
            "The actor, born on 5 April 1920 in Leeds, died on Tuesday.",
            "He first appeared on stage in June 1934.",
        ];
        assert_eq!(infer(&[], &body), None);
        assert_eq!(
            infer(
                &[],
                &["Signed on 24 September 2024 and ratified 2024-10-02."]
            ),
            None
        );
    }

    #[test]
    fn datelines_and_publication_wording() {
        let published = infer(
            &[],
            &["BEIRUT, Nov. 8, 2023 — Strikes resumed.", "More later."],
        )
        .unwrap();
        assert_eq!(
            (published.date, published.source),
            (ymd(2023, 11, 8), "dateline")
        );
        assert_eq!(published.evidence, "Nov. 8, 2023");
        let published =
            infer(&[], &["Friday, July 21, 2017", "A group of teenagers met."]).unwrap();
        assert_eq!(
            (published.date, published.source),
            (ymd(2017, 7, 21), "dateline")
        );
        let published = infer(
            &[],
            &[
                "The 1920 strike is remembered.",
                "Published: 5 March 2005 10:30 GMT",
            ],
        )
        .unwrap();
        assert_eq!(
            (published.date, published.source),
            (ymd(2005, 3, 5), "body")
        );
        assert_eq!(published.evidence, "Published: 5 March 2005");
        let published = infer(&[], &["Last updated on January 2020 by staff."]).unwrap();
        assert_eq!(
            (published.date, published.precision),
            (ymd(2020, 1, 1), "month")
        );
    }

    #[test]
    fn captions_by_credit_and_archive_photos() {
        let body = [
            "This image shows a Nov. 8, 2023, airstrike in Syria. (Department of Defense via AP)",
            "Militants have attacked bases since 2019.",
        ];
        let published = infer(&[], &body).unwrap();
        assert_eq!(
            (published.date, published.source),
            (ymd(2023, 11, 8), "caption")
        );
        let file = ["Troops in Baghdad, March 3, 2019. (AP file photo)"];
        assert_eq!(infer(&file, &[]), None);
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
