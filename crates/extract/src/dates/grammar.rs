//! The grammar of single date expressions: calendar dates, months, years,
//! weekdays, relative periods, parts, weeks, quarters, decades, holidays.
//!
//! Each production reads tokens from a position and returns an [`Item`]:
//! the token after it and a [`Spec`] — a calendar date with parts missing
//! (resolved later, so a range can share a month or year between its ends)
//! or a period already put on the calendar with the anchor. Ranges and open
//! ranges are built on top of these in the `ranges` module.

use std::cell::Cell;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::Unresolved;
use super::calendar::{self, Period, Precision, add_days, add_months};
use super::words::{self, Unit, is_date_context, month};
use crate::quantities::numbers::{integer_at, ordinal_at};
use crate::quantities::tokens::{Kind, Token};

/// A calendar date with parts left out (`Oct. 17`: no year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cal {
    pub(crate) year: Option<i32>,
    pub(crate) month: Option<u32>,
    pub(crate) day: Option<u32>,
    pub(crate) weekday: Option<Weekday>,
}

/// What a single expression says, before ranges are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spec {
    /// A calendar date, complete or not.
    Cal(Cal),
    /// A period already on the calendar.
    Period(Period),
    /// Cannot be put on the calendar.
    Unresolved(Unresolved),
}

/// One expression: the token after it, what it says, whether the anchor was used.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub(crate) next: usize,
    pub(crate) spec: Spec,
    pub(crate) relative: bool,
    /// Counted from the text's narrative time (`a decade later`), not the anchor.
    pub(crate) from_reference: bool,
}

impl Item {
    pub(crate) fn new(next: usize, spec: Spec, relative: bool) -> Self {
        Self {
            next,
            spec,
            relative,
            from_reference: false,
        }
    }
}

/// A period, or unresolved when it does not exist.
pub(crate) fn period_spec(period: Option<Period>) -> Spec {
    period.map_or(Spec::Unresolved(Unresolved::NoSuchDate), Spec::Period)
}

/// The parser over one text's tokens.
pub(crate) struct Grammar<'a> {
    pub(crate) text: &'a str,
    pub(crate) t: &'a [Token<'a>],
    pub(crate) anchor: Option<NaiveDate>,
    /// The narrative time: the last date stated in full (not read from the
    /// anchor) before the current position, in this text or the sentences
    /// before it in the paragraph; `N units later` / `N units earlier` count
    /// from it.
    pub(crate) reference: Cell<Option<Period>>,
}

impl Grammar<'_> {
    pub(crate) fn key(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.key())
    }

    pub(crate) fn punct(&self, i: usize, c: u8) -> bool {
        self.t.get(i).is_some_and(|t| t.is_punct(c))
    }

    pub(crate) fn touches(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(Token::touches)
    }

    fn raw(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.text(self.text))
    }

    fn capitalised(&self, i: usize) -> bool {
        self.raw(i).starts_with(|c: char| c.is_ascii_uppercase())
    }

    fn digits(&self, i: usize) -> Option<(u64, usize)> {
        let token = self.t.get(i)?;
        Some((token.digits()?, token.digit_count()))
    }

    /// Whether the token before `i` is a date context word (`in`, `since`, …).
    fn after_context(&self, i: usize) -> bool {
        i > 0 && is_date_context(self.key(i - 1))
    }

    /// A period relative to the anchor, or unresolved when there is none.
    fn relative(&self, next: usize, make: impl FnOnce(NaiveDate) -> Option<Period>) -> Item {
        let spec = match self.anchor {
            Some(anchor) => {
                make(anchor).map_or(Spec::Unresolved(Unresolved::NoSuchDate), Spec::Period)
            }
            None => Spec::Unresolved(Unresolved::NoAnchor),
        };
        Item::new(next, spec, true)
    }

    /// The longest single expression starting at `i`.
    pub(crate) fn single(&self, i: usize) -> Option<Item> {
        let token = self.t.get(i)?;
        let mut best: Option<Item> = None;
        let mut take = |candidate: Option<Item>| {
            if let Some(item) = candidate
                && best.is_none_or(|b| item.next > b.next)
            {
                best = Some(item);
            }
        };
        match token.kind {
            Kind::Digits => {
                take(self.numeric(i));
                take(self.day_month(i));
                take(self.year(i));
                take(self.decade_digits(i));
                take(self.counted(i));
                take(self.week_of(i));
                take(self.quarter(i));
                take(self.nth_month(i));
                take(self.century(i));
                take(self.count_step_window(i));
            }
            Kind::Word => {
                let key = token.key();
                if key.is_empty() {
                    return None;
                }
                take(self.month_first(i));
                take(self.weekday_first(i));
                take(self.day_month(i));
                take(self.modified(i));
                take(self.deictic(i));
                take(self.part_of(i));
                take(self.week_of(i));
                take(self.quarter(i));
                take(self.holiday(i, None));
                take(self.counted(i));
                take(self.decade_words(i));
                take(self.year_words(i));
                take(self.season_or_fiscal(i));
                take(self.nth_month(i));
                take(self.century(i));
                take(self.count_step_window(i));
                take(self.year_phrase(i));
                take(self.sub_window(i));
            }
            Kind::Punct => {}
        }
        best
    }

    // ---- calendar dates -------------------------------------------------

    /// A month name at `i` (with its abbreviation period): (next, month).
    pub(crate) fn month_at(&self, i: usize) -> Option<(usize, u32)> {
        let key = self.key(i);
        let number = month(key)?;
        if key == "may" && !self.capitalised(i) {
            return None;
        }
        let abbreviated = words::is_abbreviation(key);
        let mut next = i + 1;
        if abbreviated && self.punct(next, b'.') && self.touches(next) {
            next += 1;
        }
        Some((next, number))
    }

    /// A day of the month at `i`: `17`, `4th`, `04th`, `first`, `thirty first`.
    pub(crate) fn day_at(&self, i: usize) -> Option<(usize, u32)> {
        let token = self.t.get(i)?;
        if token.kind == Kind::Digits {
            if token.digit_count() > 2 {
                return None;
            }
            let day = u32::try_from(token.digits()?).ok()?;
            let mut next = i + 1;
            if self.touches(next) && matches!(self.key(next), "st" | "nd" | "rd" | "th") {
                next += 1;
            }
            if self.touches(next) && self.t.get(next).is_some_and(|t| t.kind != Kind::Punct) {
                return None;
            }
            return (1..=31).contains(&day).then_some((next, day));
        }
        let (next, value) = ordinal_at(self.text, self.t, i)?;
        let day = u32::try_from(value).ok()?;
        (1..=31).contains(&day).then_some((next, day))
    }

    /// A year at `i`: four digits, or words (`two thousand and twenty`,
    /// `nineteen eighty six`) when `words` is allowed.
    pub(crate) fn year_at(&self, i: usize, words: bool) -> Option<(usize, i32)> {
        let token = self.t.get(i)?;
        if token.kind == Kind::Digits {
            if token.digit_count() != 4 || self.touches_word_or_digits(i + 1) {
                return None;
            }
            let year = i32::try_from(token.digits()?).ok()?;
            return (1000..=2999).contains(&year).then_some((i + 1, year));
        }
        if !words {
            return None;
        }
        let (next, value) = integer_at(self.text, self.t, i)?;
        if (1000..=2999).contains(&value) {
            return Some((next, value as i32));
        }
        // `nineteen eighty six`: two groups of two digits.
        if (10..100).contains(&value)
            && let Some((after, low)) = integer_at(self.text, self.t, next)
            && low < 100
            && self.t[next].kind == Kind::Word
        {
            return Some((after, (value * 100 + low) as i32));
        }
        None
    }

    fn touches_word_or_digits(&self, i: usize) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| t.touches() && t.kind != Kind::Punct)
    }

    /// An optional year after a day: `, 2024`, ` 2019`, ` of 1995`, `, nineteen seventy two`.
    fn trailing_year(&self, i: usize) -> Option<(usize, i32)> {
        let mut at = i;
        if self.punct(at, b',') {
            at += 1;
        }
        if self.key(at) == "of" {
            at += 1;
        }
        if self.punct(at, b'-') && self.touches(at) {
            at += 1;
        }
        self.year_at(at, true)
    }

    /// Month first: `Nov. 8, 2023`, `January 12`, `june the 28th 2020`,
    /// `Jan 2015`, `April of 1987`, `Dec-2018`, `Sep-23-2020`, `Jan/3`,
    /// `September-2020-23`, and a month alone after a date context word.
    fn month_first(&self, i: usize) -> Option<Item> {
        let (after_month, month) = self.month_at(i)?;
        let mut best: Option<Item> = None;
        let cal = |year, day| {
            Spec::Cal(Cal {
                year,
                month: Some(month),
                day,
                weekday: None,
            })
        };
        // Month day [year].
        let mut day_start = after_month;
        if self.key(day_start) == "the" {
            day_start += 1;
        }
        let separated = (self.punct(after_month, b'-') || self.punct(after_month, b'/'))
            && self.touches(after_month)
            && self.touches(after_month + 1);
        if separated {
            day_start = after_month + 1;
        }
        let day = self.day_at(day_start).or_else(|| {
            // `January twenty five`: a day in cardinal words.
            (self.t.get(day_start)?.kind == Kind::Word)
                .then(|| integer_at(self.text, self.t, day_start))
                .flatten()
                .filter(|(_, d)| (1..=31).contains(d))
                .map(|(next, d)| (next, d as u32))
        });
        if let Some((after_day, day)) = day {
            let mut next = after_day;
            let mut year = None;
            if separated && self.punct(after_day, self.t[after_month].key().as_bytes()[0]) {
                if let Some((after_year, y)) = self.year_at(after_day + 1, false) {
                    next = after_year;
                    year = Some(y);
                }
            } else if let Some((after_year, y)) = self.trailing_year(after_day) {
                next = after_year;
                year = Some(y);
            }
            best = Some(Item::new(next, cal(year, Some(day)), year.is_none()));
        }
        // Month year: `Jan 2015`, `April of 1987`, `Dec-2018`, `September-2020-23`.
        let mut at = after_month;
        if self.punct(at, b',') {
            at += 1;
        }
        if self.key(at) == "of" {
            at += 1;
        }
        if separated {
            at = after_month + 1;
        }
        if let Some((after_year, year)) = self.year_at(at, false) {
            // `September-2020-23`.
            if separated
                && self.punct(after_year, b'-')
                && self.touches(after_year)
                && let Some((after_day, day)) = self.day_at(after_year + 1)
            {
                return Some(Item::new(after_day, cal(Some(year), Some(day)), false));
            }
            if best.is_none_or(|b| after_year > b.next) {
                best = Some(Item::new(after_year, cal(Some(year), None), false));
            }
        }
        if best.is_some() {
            return best;
        }
        // A month alone: after a date context word, or a full name capitalised
        // before a year-less range (`May to March`).
        let key = self.key(i);
        let full = !words::is_abbreviation(key) || key == "may";
        let context = self.after_context(i);
        let ranged = self.capitalised(i)
            && matches!(
                self.key(after_month),
                "to" | "through" | "-" | "till" | "until"
            )
            && self.month_at(after_month + 1).is_some();
        if (context && (full || self.key(i - 1) == "in")) || ranged {
            return Some(Item::new(after_month, cal(None, None), true));
        }
        None
    }

    /// Day first: `04th Jan 2019`, `24 September 2024`, `second of Aug`,
    /// `the 09th of May`, `fourth of july of 1995`, `the twenty third day of
    /// September`, `13 Sept nineteen seventy two`, `05-Aug-2016`, `23/Sep/2020`,
    /// and `the 4th` alone.
    fn day_month(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let (after_day, day) = self.day_at(start)?;
        let mut at = after_day;
        if self.key(at) == "day" && self.key(at + 1) == "of" {
            at += 2;
        } else if self.key(at) == "of" {
            at += 1;
        }
        let separator = (self.punct(at, b'-') || self.punct(at, b'/')) && self.touches(at);
        if separator {
            at += 1;
        }
        if let Some((after_month, month)) = self.month_at(at) {
            let (next, year) = if separator {
                let sep = self.t[at - 1].key().as_bytes()[0];
                if self.punct(after_month, sep) && self.touches(after_month) {
                    match self.year_at(after_month + 1, false) {
                        Some((n, y)) => (n, Some(y)),
                        None => (after_month, None),
                    }
                } else {
                    (after_month, None)
                }
            } else {
                match self.trailing_year(after_month) {
                    Some((n, y)) => (n, Some(y)),
                    None => (after_month, None),
                }
            };
            let spec = Spec::Cal(Cal {
                year,
                month: Some(month),
                day: Some(day),
                weekday: None,
            });
            return Some(Item::new(next, spec, year.is_none()));
        }
        // `the 15th day of next month`, `the thirty-first day of the month`.
        if self.key(after_day) == "day" && self.key(after_day + 1) == "of" {
            let of = self
                .single(after_day + 2)
                .or_else(|| self.the_unit(after_day + 2))?;
            if let Spec::Period(period) = of.spec
                && period.precision == Precision::Month
            {
                let date = NaiveDate::from_ymd_opt(period.start.year(), period.start.month(), day);
                let spec = date.map_or(Spec::Unresolved(Unresolved::NoSuchDate), |d| {
                    Spec::Period(Period::day(d))
                });
                return Some(Item::new(of.next, spec, true));
            }
            return None;
        }
        // `the 4th`, `on the 29th`: a day of the current or previous month.
        // Digits with an ordinal suffix only: `the first` is rarely a date.
        let ordinal_form = self.t[start].kind == Kind::Digits
            && matches!(self.key(start + 1), "st" | "nd" | "rd" | "th");
        let on = |k: usize| k > 0 && self.key(k - 1) == "on";
        let this_month = self.key(after_day) == "this" && self.key(after_day + 1) == "month";
        if ordinal_form && (on(start) || (start > i && on(i)) || this_month) {
            // `the 21st this month`.
            if self.key(after_day) == "this" && self.key(after_day + 1) == "month" {
                return Some(self.relative(after_day + 2, |a| {
                    NaiveDate::from_ymd_opt(a.year(), a.month(), day).map(Period::day)
                }));
            }
            let spec = Spec::Cal(Cal {
                day: Some(day),
                ..Cal::default()
            });
            return Some(Item::new(after_day, spec, true));
        }
        None
    }

    /// Numeric dates: `2024-09-24`, `2018-7-6`, `2015-3`, `2017-q1`,
    /// `20200701`, `1/1/2016`, `22/04`, `11/20`, `12/12/30`, `10-1-2018`,
    /// `12-2015`, `2019-aug-01`.
    fn numeric(&self, i: usize) -> Option<Item> {
        let (first, first_len) = self.digits(i)?;
        // Part of a longer code (`133-03-03-2020`).
        if i > 1 && self.touches(i) && self.punct(i - 1, b'-') && self.t[i - 2].kind == Kind::Digits
        {
            return None;
        }
        let joined = |k: usize, c: u8| self.punct(k, c) && self.touches(k) && self.touches(k + 1);
        let cal = |year: Option<i32>, month: u32, day: Option<u32>| {
            Spec::Cal(Cal {
                year,
                month: Some(month),
                day,
                weekday: None,
            })
        };
        if first_len == 8 && !self.touches_word_or_digits(i + 1) {
            let (y, m, d) = (
                (first / 10_000) as i32,
                (first / 100 % 100) as u32,
                (first % 100) as u32,
            );
            if (1900..=2099).contains(&y) && NaiveDate::from_ymd_opt(y, m, d).is_some() {
                return Some(Item::new(i + 1, cal(Some(y), m, Some(d)), false));
            }
            return None;
        }
        if first_len == 4 {
            let year = i32::try_from(first).ok()?;
            // `2017-q1`, `2019-Q1`, `2019 q1`.
            let q_at = if joined(i + 1, b'-') { i + 2 } else { i + 1 };
            if self.key(q_at) == "q"
                && let Some((q, 1)) = self.digits(q_at + 1)
                && self.touches(q_at + 1)
            {
                let spec = Period::quarter(year, q as u32)
                    .map_or(Spec::Unresolved(Unresolved::NoSuchDate), Spec::Period);
                return Some(Item::new(q_at + 2, spec, false));
            }
            for sep in [b'-', b'/', b'.'] {
                if !joined(i + 1, sep) {
                    continue;
                }
                // `2019-aug-01`.
                if let Some((after_month, month)) = self.month_at(i + 2)
                    && joined(after_month, sep)
                    && let Some((after_day, day)) = self.day_at(after_month + 1)
                {
                    return Some(Item::new(
                        after_day,
                        cal(Some(year), month, Some(day)),
                        false,
                    ));
                }
                let (month, month_len) = self.digits(i + 2)?;
                if month_len > 2 || !(1..=12).contains(&month) {
                    return None;
                }
                if joined(i + 3, sep)
                    && let Some((day, day_len)) = self.digits(i + 4)
                    && day_len <= 2
                    && (1..=31).contains(&day)
                    && !self.touches_word_or_digits(i + 5)
                {
                    return Some(Item::new(
                        i + 5,
                        cal(Some(year), month as u32, Some(day as u32)),
                        false,
                    ));
                }
                if sep == b'-' && !self.touches_word_or_digits(i + 3) && !joined(i + 3, b'-') {
                    return Some(Item::new(i + 3, cal(Some(year), month as u32, None), false));
                }
                return None;
            }
            return None;
        }
        if first_len > 2 {
            return None;
        }
        for sep in [b'/', b'-'] {
            if !joined(i + 1, sep) {
                continue;
            }
            let (second, second_len) = self.digits(i + 2)?;
            // `12-2015`: month and year.
            if second_len == 4 {
                if (1..=12).contains(&first) && !joined(i + 3, sep) {
                    let year = i32::try_from(second).ok()?;
                    return Some(Item::new(i + 3, cal(Some(year), first as u32, None), false));
                }
                return None;
            }
            if second_len > 2 {
                return None;
            }
            // Month first (US) unless the first number cannot be a month.
            let (month, day) = if first > 12 {
                (second, first)
            } else {
                (first, second)
            };
            if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                return None;
            }
            if joined(i + 3, sep)
                && let Some((year, year_len)) = self.digits(i + 4)
                && !self.touches_word_or_digits(i + 5)
            {
                let year = match year_len {
                    4 => year as i32,
                    2 => {
                        // Two-digit years: the century that puts it nearest the anchor.
                        let base = self.anchor.map_or(2000, |a| a.year() / 100 * 100);
                        let candidate = base + year as i32;
                        if candidate > base + 50 {
                            candidate - 100
                        } else {
                            candidate
                        }
                    }
                    _ => return None,
                };
                return Some(Item::new(
                    i + 5,
                    cal(Some(year), month as u32, Some(day as u32)),
                    false,
                ));
            }
            // Two numbers: only with a slash (`11/20`), not `3-1` or `30/4.85`.
            if sep == b'/'
                && !self.touches_word_or_digits(i + 3)
                && !joined(i + 3, b'/')
                && !joined(i + 3, b'.')
            {
                return Some(Item::new(
                    i + 3,
                    cal(None, month as u32, Some(day as u32)),
                    true,
                ));
            }
            return None;
        }
        None
    }

    /// A year: four digits after a date context word (`in 2011`, `the 2003
    /// invasion`, `2007 and 2009`, `year 2012`), not a count (`2000 troops`).
    fn year(&self, i: usize) -> Option<Item> {
        let (next, year) = self.year_at(i, false)?;
        if !(1800..=2199).contains(&year) {
            return None;
        }
        let context = self.after_context(i) || i == 0 || self.punct(i - 1, b'(');
        if !context || self.punct(next, b',') && self.digits(next + 1).is_some() {
            return None;
        }
        // `2000 troops`: a plural noun after the number makes it a count.
        if let Some(token) = self.t.get(next)
            && token.kind == Kind::Word
            && !self.capitalised(next)
        {
            let key = token.key();
            let plural = key.len() > 3
                && key.ends_with('s')
                && !key.ends_with("ss")
                && !key.ends_with("us")
                && !matches!(key, "was" | "has" | "this" | "its" | "is" | "as");
            if plural {
                return None;
            }
        }
        Some(Item::new(next, period_spec(Period::year(year)), false))
    }

    /// Year in words after `in`: `in two thousand and twenty`.
    fn year_words(&self, i: usize) -> Option<Item> {
        if !matches!(self.key(i.checked_sub(1)?), "in" | "since" | "year") {
            return None;
        }
        let (next, value) = integer_at(self.text, self.t, i)?;
        ((1900..=2100).contains(&value) && self.t[i].kind == Kind::Word)
            .then(|| Item::new(next, period_spec(Period::year(value as i32)), false))
    }

    /// Decades in digits: `1990s`, `the 90s`, `'90s`, `90 s`.
    fn decade_digits(&self, i: usize) -> Option<Item> {
        let (value, len) = self.digits(i)?;
        if value % 10 != 0 || !(len == 4 || len == 2) {
            return None;
        }
        let s_at = if self.punct(i + 1, b'\'') {
            i + 2
        } else {
            i + 1
        };
        if self.key(s_at) != "s"
            || (len == 4 && !self.touches(s_at))
            || self.touches_word_or_digits(s_at + 1)
        {
            return None;
        }
        let first = if len == 4 {
            value as i32
        } else {
            1900 + value as i32
        };
        Some(Item::new(
            s_at + 1,
            period_spec(Period::decade(first)),
            false,
        ))
    }

    /// Decades in words: `the nineties`, `the twenties`.
    fn decade_words(&self, i: usize) -> Option<Item> {
        let decade = match self.key(i) {
            "twenties" => 1920,
            "thirties" => 1930,
            "forties" => 1940,
            "fifties" => 1950,
            "sixties" => 1960,
            "seventies" => 1970,
            "eighties" => 1980,
            "nineties" => 1990,
            _ => return None,
        };
        Some(Item::new(i + 1, period_spec(Period::decade(decade)), false))
    }

    // ---- weekdays and relative expressions --------------------------------

    // ---- parts, weeks, quarters ----------------------------------------

    // ---- resolution ----------------------------------------------------

    /// Puts a calendar date on the calendar, using the anchor for missing parts.
    pub(crate) fn resolve_cal(&self, cal: Cal) -> Result<Period, Unresolved> {
        let invalid = Unresolved::NoSuchDate;
        match cal {
            Cal {
                year: Some(y),
                month: Some(m),
                day: Some(d),
                ..
            } => NaiveDate::from_ymd_opt(y, m, d)
                .map(Period::day)
                .ok_or(invalid),
            Cal {
                year: Some(y),
                month: Some(m),
                day: None,
                ..
            } => Period::month(y, m).ok_or(invalid),
            Cal {
                year: Some(y),
                month: None,
                ..
            } => Period::year(y).ok_or(invalid),
            _ => {
                let anchor = self.anchor.ok_or(Unresolved::NoAnchor)?;
                match cal {
                    Cal {
                        month: Some(m),
                        day: Some(d),
                        ..
                    } => nearest(anchor, |y| NaiveDate::from_ymd_opt(y, m, d))
                        .map(Period::day)
                        .ok_or(invalid),
                    Cal {
                        month: Some(m),
                        day: None,
                        ..
                    } => {
                        let first = NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), 1)
                            .ok_or(invalid)?;
                        let start =
                            nearest(first, |y| NaiveDate::from_ymd_opt(y, m, 1)).ok_or(invalid)?;
                        Period::month(start.year(), m).ok_or(invalid)
                    }
                    Cal {
                        day: Some(d),
                        weekday: Some(w),
                        ..
                    } => weekday_day(anchor, w, d).map(Period::day).ok_or(invalid),
                    Cal { day: Some(d), .. } => {
                        // The latest such day on or before the anchor.
                        (0..3)
                            .filter_map(|back| {
                                let month = add_months(
                                    NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), 1)?,
                                    -back,
                                )?;
                                NaiveDate::from_ymd_opt(month.year(), month.month(), d)
                            })
                            .find(|date| *date <= anchor)
                            .map(Period::day)
                            .ok_or(invalid)
                    }
                    _ => Err(invalid),
                }
            }
        }
    }
}

/// The precision of a unit.
fn unit_precision(unit: Unit) -> Precision {
    match unit {
        Unit::Day => Precision::Day,
        Unit::Week | Unit::Fortnight | Unit::Weekend => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Quarter => Precision::Quarter,
        Unit::Year => Precision::Year,
        Unit::Decade => Precision::Decade,
        Unit::Century => Precision::Century,
    }
}

/// The period of `unit` holding `date`.
pub(crate) fn unit_period(date: NaiveDate, unit: Unit) -> Option<Period> {
    match unit {
        Unit::Day => Some(Period::day(date)),
        Unit::Week | Unit::Fortnight => Some(Period::week(date)),
        Unit::Weekend => {
            let saturday = calendar::monday_of(date) + Days::new(5);
            Some(Period {
                start: saturday,
                end: saturday + Days::new(2),
                precision: Precision::Week,
            })
        }
        Unit::Month => Period::month(date.year(), date.month()),
        Unit::Quarter => Period::quarter(date.year(), (date.month() - 1) / 3 + 1),
        Unit::Year => Period::year(date.year()),
        Unit::Decade => Period::decade(date.year() - date.year().rem_euclid(10)),
        Unit::Century => Period::century(date.year() / 100 + 1),
    }
}

/// `date` moved by `count` units.
fn shift(date: NaiveDate, unit: Unit, count: i32) -> Option<NaiveDate> {
    match unit {
        Unit::Day => add_days(date, i64::from(count)),
        Unit::Week | Unit::Weekend => add_days(date, 7 * i64::from(count)),
        Unit::Fortnight => add_days(date, 14 * i64::from(count)),
        Unit::Month => add_months(date, count),
        Unit::Quarter => add_months(date, 3 * count),
        Unit::Year => add_months(date, 12 * count),
        Unit::Decade => add_months(date, 120 * count),
        Unit::Century => add_months(date, 1200 * count),
    }
}

/// The latest `day` on or before `anchor`.
pub(crate) fn latest_weekday(anchor: NaiveDate, day: Weekday) -> NaiveDate {
    let back = (7 + anchor.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    anchor - Days::new(u64::from(back))
}

/// A weekday after a modifier: `next`/`following` → in the next week;
/// `coming`/`upcoming`/`this coming` → the first after the anchor; `last`
/// → the latest strictly before the anchor; `previous`/`past` (week) → in
/// the previous week; `this` → in the anchor's week.
fn weekday_with(anchor: NaiveDate, day: Weekday, key: &str, steps: i32) -> NaiveDate {
    let monday = calendar::monday_of(anchor);
    let in_week = |weeks: i64| {
        monday
            + Days::new(u64::from(day.num_days_from_monday()))
            + chrono::TimeDelta::days(7 * weeks)
    };
    match (key, steps) {
        ("coming" | "upcoming", _) => {
            let ahead =
                (7 + day.num_days_from_monday() - anchor.weekday().num_days_from_monday()) % 7;
            anchor + Days::new(u64::from(if ahead == 0 { 7 } else { ahead }))
        }
        ("last", _) => {
            let latest = latest_weekday(anchor, day);
            if latest == anchor {
                latest - Days::new(7)
            } else {
                latest
            }
        }
        (_, s) if s < 0 => in_week(-1),
        (_, 0) => in_week(0),
        _ => in_week(1),
    }
}

/// A month after a modifier: `this` → the anchor's year; `last` → the
/// latest before the anchor's month; `next` → the first after it.
fn month_with(anchor: NaiveDate, month: u32, steps: i32) -> Option<Period> {
    let this_year = Period::month(anchor.year(), month)?;
    let current = anchor.month();
    let year = match steps {
        0 => anchor.year(),
        s if s < 0 => {
            if month < current {
                anchor.year()
            } else {
                anchor.year() - 1
            }
        }
        _ => {
            if month > current {
                anchor.year()
            } else {
                anchor.year() + 1
            }
        }
    };
    if year == anchor.year() {
        Some(this_year)
    } else {
        Period::month(year, month)
    }
}

/// The date `make(year)` nearest `anchor`, preferring the window [anchor −
/// 11 months, anchor + 1 month] (news reports the recent past); up to four
/// years either side (for 29 February).
pub(crate) fn nearest(
    anchor: NaiveDate,
    make: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    let low = add_months(anchor, -11)?;
    let high = add_months(anchor, 1)?;
    let candidates: Vec<NaiveDate> = (anchor.year() - 4..=anchor.year() + 4)
        .filter_map(make)
        .collect();
    let distance = |d: &NaiveDate| (*d - anchor).num_days().abs();
    candidates
        .iter()
        .copied()
        .filter(|d| (low..=high).contains(d))
        .min_by_key(distance)
        .or_else(|| candidates.iter().copied().min_by_key(distance))
}

/// The `day`th of the anchor's month if it falls on `weekday`, else of the
/// latest earlier month where it does (`Mon 13th`).
fn weekday_day(anchor: NaiveDate, weekday: Weekday, day: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), 1)?;
    (0..14).find_map(|back| {
        let month = add_months(first, -back)?;
        NaiveDate::from_ymd_opt(month.year(), month.month(), day).filter(|d| d.weekday() == weekday)
    })
}

mod periods;
mod relative;
