//! Date expressions resolved to the calendar (the `dates` table).
//!
//! [`find_dates`] is the pure core: text and an anchor date in, every date
//! expression out, each a [`DateMatch`] with its byte span and either a
//! [`DateValue`] — one [`Period`] (a half-open day interval with a
//! [`Precision`]) or a range, possibly open — or the reason it stays
//! unresolved ([`Unresolved`]). [`DateResolver`] runs it over each sentence
//! and writes the `dates` layer.
//!
//! The grammar (modules `grammar` and `ranges`) reads tokens, not regexes:
//!
//! | kind | examples |
//! |---|---|
//! | absolute | `Nov. 8, 2023`, `04th Jan 2019`, `24 September 2024`, `2024-09-24`, `5/12`, `22/04`, `1/1/2016`, `20200701`, `Dec-2018`, `january first two thousand and thirty two` |
//! | months, years, quarters | `April of 1987`, `in July`, `this September`, `in 2011`, `2015-3`, `Q3 2019`, `the third quarter` |
//! | relative | `yesterday`, `on Monday`, `next Friday`, `last week`, `this calendar year`, `two months ago`, `in 2 weeks`, `three weeks from tomorrow`, `the day before`, `the week after next` |
//! | windows | `the last 3 months`, `next five days`, `past two quarters`, `within 9 months`, `next fortnight` |
//! | parts | `early January 2020`, `mid-March`, `the end of September`, `later this week`, `earlier this year` |
//! | weeks | `the first week of Jan 2015`, `the last week of last month`, `week 3 of 2027`, `the week of April 10th` |
//! | ranges | `between Oct. 17 and 21`, `from 2010 to 2012`, `Oct. 17-21`, `since Oct. 7`, `before 2010`, `2012 or later`, `until April 27` |
//! | holidays | `Easter`, `Christmas Eve`, `New Year`, `Thanksgiving`, `black friday 2010`, `last easter` |
//! | decades, centuries | `the 1970s`, `the 90s`, `the nineties`, `21st century`, `the next decade` |
//!
//! **Anchoring.** Relative and year-less expressions need the anchor: the
//! article's publication date (from the input, `--published`, or inferred),
//! else `--anchor-date`. Without one they stay unresolved with reason
//! `no_anchor`, never guessed. A date without a year takes the year that
//! puts it nearest the anchor, preferring [anchor − 11 months, anchor + 1
//! month] (news reports the recent past). A bare weekday is the latest on
//! or before the anchor; `next Friday` is the Friday of the next week,
//! `this Friday` of this week, `coming Friday` the first after the anchor,
//! `last Friday` the latest before it, `previous Friday` the previous week's.
//! Past and future are not told apart by tense (the syntax layer does not
//! give tense yet), so a bare weekday always looks back.
//!
//! **Narrative time.** `N units later` and `N units earlier` count from the
//! last date stated in full before them in the same paragraph (`the 2003
//! invasion … A decade later` → 2013; `the fourth quarter of 2004 … a year
//! earlier` → the fourth quarter of 2003), keeping that date's precision but
//! none finer than the count (months give a month, decades a year); the
//! `anchor` column then holds the date counted from. A date counted this way
//! or read from the anchor (`last month`) does not move the narrative time,
//! and without a stated date in the paragraph the count starts from the
//! anchor as before. `N units earlier than …` is a comparison, not a date.
//!
//! **Conventions where news differs from the Recognizers-Text suites**
//! (which `sitrep eval dates` scores, converting where noted):
//! - ranges include their last part: `from 2014 to 2018` ends at the end of
//!   2018; the suite ends it when 2018 starts (the scorer compares the
//!   suite's reading, [`DateValue::Range::last_part_start`]);
//! - `the day`, `the year`, `the month` alone are not dates (the suite reads
//!   them as today, this year); `now` is a date only as a range end;
//! - `last Friday` is the latest Friday before the anchor (the suite: the
//!   previous week's); `5/12` is read month first (US), as in the suite;
//! - seasons and fiscal or school years are found but left unresolved
//!   (hemisphere and organisation dependent), as in the suite;
//! - `N units ago` / `in N units` give the exact day (precision day).
//!
//! Spans cover the words that change the meaning (`between`, `since`,
//! `early`, `last`); other prepositions (`on`, `in`) are left out.
//!
//! Known misses: times of day and durations (`2 hours`) are not dates and
//! are skipped; business days; `the weekend of halloween`; a date relative
//! to another date in the text (`10 days after Oct. 7` works, `the day after
//! the attack` does not); non-English month names; religious calendars
//! other than Easter.

use std::cell::Cell;

use chrono::{Days, NaiveDate};
use sitrep_core::component::{Component, Layer};
use sitrep_core::layers::DateAnnotation;
use sitrep_core::{ByteSpan, Doc};

use crate::quantities::tokens::tokenize;

mod calendar;
mod grammar;
mod ranges;
#[cfg(test)]
mod tests;
mod words;

pub use calendar::{Part, Period, Precision};

/// Why a date expression has no calendar value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// It is relative or has no year, and there is no anchor date.
    NoAnchor,
    /// The date does not exist (`Feb. 30`).
    NoSuchDate,
    /// A season: which months depends on the hemisphere.
    Season,
    /// A fiscal or school year: which months depends on the organisation.
    FiscalYear,
}

impl Unresolved {
    /// The label used in tables: `no_anchor`, `no_such_date`, `season`, `fiscal_year`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NoAnchor => "no_anchor",
            Self::NoSuchDate => "no_such_date",
            Self::Season => "season",
            Self::FiscalYear => "fiscal_year",
        }
    }
}

/// What a date expression resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// One period: a day, week, month, quarter, year, decade, or a part of one.
    Period(Period),
    /// A range `[start, end)`; a missing end is open on that side.
    Range {
        /// First day, if bounded below.
        start: Option<NaiveDate>,
        /// Day after the last day, if bounded above.
        end: Option<NaiveDate>,
        /// Precision of the range's first part (or its only part).
        precision: Precision,
        /// First day of the last part (`2018` in `from 2014 to 2018`, the
        /// `April 27` of `until April 27`), where the suites end the range.
        last_part_start: Option<NaiveDate>,
    },
}

impl DateValue {
    /// The interval `[start, end)` (either end open), as news reads it.
    #[must_use]
    pub fn interval(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match *self {
            Self::Period(p) => (Some(p.start), Some(p.end)),
            Self::Range { start, end, .. } => (start, end),
        }
    }

    /// The precision of the period or of the range's first part.
    #[must_use]
    pub fn precision(&self) -> Precision {
        match *self {
            Self::Period(p) => p.precision,
            Self::Range { precision, .. } => precision,
        }
    }
}

/// One date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The value, or why there is none.
    pub value: Result<DateValue, Unresolved>,
    /// Whether the anchor was needed (relative or year-less).
    pub anchor_used: bool,
    /// The first day of the earlier date this one counts from (`a decade
    /// later` after `2003`: 2003-01-01), instead of the anchor.
    pub reference: Option<NaiveDate>,
}

/// Every date expression of `text`, resolved against `anchor`, in order and
/// without overlaps (the longest expression wins).
///
/// ```
/// use chrono::NaiveDate;
/// use sitrep_extract::dates::{DateValue, find_dates};
/// let anchor = NaiveDate::from_ymd_opt(2023, 11, 8);
/// let found = find_dates("Attacks rose between Oct. 17 and 21.", anchor);
/// let DateValue::Range { start, end, .. } = found[0].value.unwrap() else { panic!() };
/// assert_eq!(start, NaiveDate::from_ymd_opt(2023, 10, 17));
/// assert_eq!(end, NaiveDate::from_ymd_opt(2023, 10, 22));
/// ```
#[must_use]
pub fn find_dates(text: &str, anchor: Option<NaiveDate>) -> Vec<DateMatch> {
    find_dates_after(text, anchor, None).0
}

/// [`find_dates`] for a text that continues a story: `reference` is the last
/// date resolved before it (the narrative time), from which `N units later`
/// and `N units earlier` count (without one they count from the anchor).
/// Also returns the narrative time at the end of `text`.
///
/// ```
/// use chrono::NaiveDate;
/// use sitrep_extract::dates::{DateValue, Period, find_dates_after};
/// let anchor = NaiveDate::from_ymd_opt(2023, 11, 8);
/// let (found, _) = find_dates_after("A decade later, militias fought ISIS.", anchor, Period::year(2003));
/// let DateValue::Period(period) = found[0].value.unwrap() else { panic!() };
/// assert_eq!(period, Period::year(2013).unwrap());
/// assert_eq!(found[0].reference, NaiveDate::from_ymd_opt(2003, 1, 1));
/// ```
#[must_use]
pub fn find_dates_after(
    text: &str,
    anchor: Option<NaiveDate>,
    reference: Option<Period>,
) -> (Vec<DateMatch>, Option<Period>) {
    let lower = text.to_ascii_lowercase();
    let mut tokens = Vec::new();
    tokenize(text, &lower, &mut tokens);
    let grammar = grammar::Grammar {
        text,
        t: &tokens,
        anchor,
        reference: Cell::new(reference),
    };
    let found = grammar.scan();
    (found, grammar.reference.get())
}

/// Finds date expressions and resolves them against the article's
/// publication date (or, for articles without one, a fallback anchor given
/// by the user); writes the `dates` layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateResolver {
    fallback_anchor: Option<NaiveDate>,
}

impl DateResolver {
    /// A resolver with the built-in grammar and no fallback anchor.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A resolver that anchors articles without a publication date on
    /// `anchor` (`--anchor-date`).
    #[must_use]
    pub fn with_fallback_anchor(anchor: Option<NaiveDate>) -> Self {
        Self {
            fallback_anchor: anchor,
        }
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
        let anchor = doc.article.published.or(self.fallback_anchor);
        let mut dates = Vec::new();
        // The narrative time carries from sentence to sentence within a paragraph.
        let mut reference = None;
        let mut paragraph = usize::MAX;
        for (idx, sentence) in doc.sentences.iter().enumerate() {
            if sentence.paragraph_idx != paragraph {
                paragraph = sentence.paragraph_idx;
                reference = None;
            }
            let base = sentence.span.start;
            let (found, after) = find_dates_after(doc.text(sentence.span), anchor, reference);
            reference = after;
            for date in found {
                dates.push(annotation(&date, base, idx, anchor));
            }
        }
        doc.set_dates(dates);
    }
}

/// The `dates` layer entry of a match found at byte `base` of sentence `sentence_idx`.
fn annotation(
    date: &DateMatch,
    base: usize,
    sentence_idx: usize,
    anchor: Option<NaiveDate>,
) -> DateAnnotation {
    let span = ByteSpan::new(base + date.start, base + date.end);
    let anchor = match date.reference {
        Some(reference) => Some(reference),
        None if date.anchor_used => anchor,
        None => None,
    };
    let Ok(value) = date.value else {
        return DateAnnotation {
            span,
            sentence_idx,
            value: None,
            range_end: None,
            anchor,
        };
    };
    let (start, end) = value.interval();
    let last_day = end.and_then(|e| e.checked_sub_days(Days::new(1)));
    let whole = match value {
        DateValue::Period(p) => is_whole(p),
        DateValue::Range { .. } => false,
    };
    DateAnnotation {
        span,
        sentence_idx,
        value: start.map(|start| (start, value.precision())),
        range_end: if whole { None } else { last_day },
        anchor,
    }
}

/// Whether `period` is exactly one unit of its precision (not a part or a window).
fn is_whole(period: Period) -> bool {
    use chrono::Datelike;
    let start = period.start;
    let unit = match period.precision {
        Precision::Day => Some(Period::day(start)),
        Precision::Week => Some(Period::week(start)),
        Precision::Month => Period::month(start.year(), start.month()),
        Precision::Quarter => Period::quarter(start.year(), (start.month() - 1) / 3 + 1),
        Precision::Year => Period::year(start.year()),
        Precision::Decade => Period::decade(start.year()),
        Precision::Century => Period::century(start.year() / 100 + 1),
    };
    unit == Some(period)
}
