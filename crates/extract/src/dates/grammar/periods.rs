//! Parts of periods, weeks, quarters, months by number, holidays, seasons.

use chrono::{Datelike, Days, NaiveDate};

use super::{Cal, Grammar, Item, Spec, nearest, period_spec, unit_period};
use crate::dates::Unresolved;
use crate::dates::calendar::{self, Part, Period, Precision, holiday};
use crate::dates::words::{Unit, step, unit};
use crate::quantities::numbers::ordinal_at;

impl Grammar<'_> {
    /// `early January 2020`, `mid-March`, `the end of September`, `late
    /// 2019`, `the middle of 2000`, `end of this year`, `the start of 2008`.
    pub(super) fn part_of(&self, i: usize) -> Option<Item> {
        let mut at = if self.key(i) == "the" { i + 1 } else { i };
        let part = match self.key(at) {
            "early" => Part::Early,
            "mid" => Part::Mid,
            "late" => Part::Late,
            "beginning" | "start" if self.key(at + 1) == "of" => {
                at += 1;
                Part::Early
            }
            "middle" if self.key(at + 1) == "of" => {
                at += 1;
                Part::Mid
            }
            "end" if self.key(at + 1) == "of" => {
                at += 1;
                Part::Late
            }
            _ => return None,
        };
        at += 1;
        if self.punct(at, b'-') {
            at += 1;
        }
        // `end of year`, `end of the week`, `end of this year`: the current one.
        if matches!(self.key(at), "this" | "current") && unit(self.key(at + 1)).is_some() {
            at += 1;
        }
        if let Some(u) = unit(self.key(at)).or_else(|| {
            (self.key(at) == "the")
                .then(|| unit(self.key(at + 1)))
                .flatten()
        }) {
            let next = if self.key(at) == "the" {
                at + 2
            } else {
                at + 1
            };
            if matches!(u, Unit::Week | Unit::Month | Unit::Year) {
                return Some(self.relative(next, |a| {
                    let period = unit_period(a, u)?;
                    // `the end of the year` (the current one): its second half.
                    if u == Unit::Year && part == Part::Late {
                        let start = calendar::add_months(period.start, 6)?;
                        return Some(Period { start, ..period });
                    }
                    Some(period.part(part))
                }));
            }
        }
        // `mid-November`, `late 2019`: a bare month or year.
        if let Some((after_month, month)) = self.month_at(at) {
            let year = self.trailing_year(after_month);
            let cal = Cal {
                year: year.map(|(_, y)| y),
                month: Some(month),
                ..Cal::default()
            };
            let next = year.map_or(after_month, |(n, _)| n);
            let spec = match self.resolve_cal(cal) {
                Ok(period) => Spec::Period(period.part(part)),
                Err(reason) => Spec::Unresolved(reason),
            };
            return Some(Item::new(next, spec, year.is_none()));
        }
        if let Some((next, year)) = self.year_at(at, false) {
            let spec = period_spec(Period::year(year).map(|p| p.part(part)));
            return Some(Item::new(next, spec, false));
        }
        let inner = self.single(at)?;
        let spec = match inner.spec {
            Spec::Period(period) => Spec::Period(period.part(part)),
            Spec::Cal(cal) if cal.day.is_none() => match self.resolve_cal(cal) {
                Ok(period) => Spec::Period(period.part(part)),
                Err(reason) => Spec::Unresolved(reason),
            },
            _ => return None,
        };
        Some(Item::new(inner.next, spec, inner.relative))
    }

    /// Weeks: `the first week of Jan 2015`, `last week of 2016`, `3rd week
    /// of Jan`, `week 3 of 2027`, `week 10`, `the week of April 10th`, `the
    /// week beginning February 4`, `1st week of Oct. on Friday`.
    pub(super) fn week_of(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        // `week 3 of 2027`, `week 27 of last year`, `week 10`.
        if self.key(start) == "week"
            && let Some((n, len)) = self.digits(start + 1)
            && len <= 2
            && (1..=53).contains(&n)
        {
            let n = n as u32;
            let after = start + 2;
            if self.key(after) == "of"
                && let Some(of) = self.single(after + 1)
            {
                let year = year_of(of.spec)?;
                return Some(Item::new(
                    of.next,
                    period_spec(calendar::iso_week(year, n).map(Period::week)),
                    of.relative,
                ));
            }
            return Some(
                self.relative(after, |a| calendar::iso_week(a.year(), n).map(Period::week)),
            );
        }
        // `the weekend of halloween`.
        if start > i && self.key(start) == "weekend" && self.key(start + 1) == "of" {
            let of = self.single(start + 2)?;
            let Spec::Period(day) = of.spec else {
                return None;
            };
            let spec = Spec::Period(calendar::weekend_of(day.start));
            return Some(Item::new(of.next, spec, of.relative));
        }
        // `the week of April 10th`, `the week beginning/starting (on) February 4`.
        if start > i && self.key(start) == "week" {
            let mut at = start + 1;
            match self.key(at) {
                "of" => at += 1,
                "beginning" | "starting" | "commencing" => {
                    at += 1;
                    if self.key(at) == "on" {
                        at += 1;
                    }
                }
                _ => return None,
            }
            let of = self.single(at)?;
            let spec = match of.spec {
                Spec::Cal(cal) if cal.day.is_some() => match self.resolve_cal(cal) {
                    Ok(day) => Spec::Period(Period::week(day.start)),
                    Err(reason) => Spec::Unresolved(reason),
                },
                _ => return None,
            };
            return Some(Item::new(of.next, spec, of.relative));
        }
        // `first week of Jan 2015`, `3rd week of 2018`, `last week of july`.
        let (after_n, n) = match self.key(start) {
            "last" | "final" => (start + 1, 5),
            _ => {
                let (next, n) = ordinal_at(self.text, self.t, start)?;
                (next, u32::try_from(n).ok().filter(|n| (1..=5).contains(n))?)
            }
        };
        if self.key(after_n) != "week" || self.key(after_n + 1) != "of" {
            return None;
        }
        let of = self.single(after_n + 2).or_else(|| {
            // `3rd week of Jan`, `1st week of Oct.`: a month alone.
            let (next, month) = self.month_at(after_n + 2)?;
            let cal = Cal {
                month: Some(month),
                ..Cal::default()
            };
            Some(Item::new(next, Spec::Cal(cal), true))
        })?;
        let (base, month) = match of.spec {
            Spec::Period(p) if p.precision == Precision::Year => (p.start.year(), None),
            Spec::Period(p) if p.precision == Precision::Month => {
                (p.start.year(), Some(p.start.month()))
            }
            Spec::Cal(cal) if cal.day.is_none() && cal.month.is_some() => {
                let period = self.resolve_cal(cal).ok()?;
                (period.start.year(), cal.month)
            }
            _ => return None,
        };
        let monday = match (month, n) {
            (Some(m), 5) => calendar::last_week_of_month(base, m),
            (Some(m), n) => {
                calendar::first_week_of_month(base, m).map(|d| d + Days::new(7 * u64::from(n - 1)))
            }
            (None, 5) => NaiveDate::from_ymd_opt(base, 12, 28)
                .and_then(|d| calendar::iso_week(base, d.iso_week().week())),
            (None, n) => calendar::iso_week(base, n),
        };
        let week = monday.map(Period::week);
        // `1st week of Oct. on Friday`.
        if self.key(of.next) == "on"
            && let Some((next, day)) = self.weekday_at(of.next + 1)
            && let Some(week) = week
        {
            let date = week.start + Days::new(u64::from(day.num_days_from_monday()));
            return Some(Item::new(
                next,
                Spec::Period(Period::day(date)),
                of.relative,
            ));
        }
        Some(Item::new(of.next, period_spec(week), of.relative))
    }

    /// Quarters: `Q3 2019`, `q1`, `the third quarter (of 2013 / of the
    /// year)`, `1st quarter of 2013`.
    pub(super) fn quarter(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let (after_q, q) = if self.key(start) == "q" {
            let (q, len) = self.digits(start + 1)?;
            if len != 1 || !self.touches(start + 1) {
                return None;
            }
            (start + 2, q as u32)
        } else {
            let (next, n) = ordinal_at(self.text, self.t, start)?;
            if self.key(next) != "quarter" {
                return None;
            }
            (next + 1, u32::try_from(n).ok()?)
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        // A year after it: `q3 2019`, `of 2013`, `of the year`, `of next year`.
        let mut at = after_q;
        if self.key(at) == "of" {
            at += 1;
        }
        if let Some((next, year)) = self.year_at(at, false) {
            return Some(Item::new(
                next,
                period_spec(Period::quarter(year, q)),
                false,
            ));
        }
        if let Some(of) = (at > after_q)
            .then(|| self.modified(at).or_else(|| self.the_unit(at)))
            .flatten()
            && let Some(year) = year_of(of.spec)
        {
            return Some(Item::new(
                of.next,
                period_spec(Period::quarter(year, q)),
                true,
            ));
        }
        if self.key(after_q) == "of" {
            return None;
        }
        Some(self.relative(after_q, |a| Period::quarter(a.year(), q)))
    }

    /// `the year`, `the month`: the current one, only after `of` (`the first
    /// quarter of the year`).
    pub(super) fn the_unit(&self, i: usize) -> Option<Item> {
        if self.key(i) != "the" {
            return None;
        }
        let unit = unit(self.key(i + 1))?;
        Some(self.relative(i + 2, |a| unit_period(a, unit)))
    }

    /// `the third month of 2021`, `The 9th month of next year`.
    pub(super) fn nth_month(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let (next, n) = ordinal_at(self.text, self.t, start)?;
        if self.key(next) != "month" || self.key(next + 1) != "of" {
            return None;
        }
        let of = self.single(next + 2)?;
        let year = year_of(of.spec)?;
        let month = u32::try_from(n).ok()?;
        Some(Item::new(
            of.next,
            period_spec(Period::month(year, month)),
            of.relative,
        ))
    }

    /// A holiday, with an optional year or a step (`easter 2018`, `last easter`).
    pub(super) fn holiday(&self, i: usize, steps: Option<i32>) -> Option<Item> {
        let keys: Vec<&str> = (i..i + 3)
            .map(|k| self.key(k))
            .filter(|k| !k.is_empty())
            .collect();
        let (day, used) = holiday(&keys)?;
        let mut next = i + used;
        // `New Year's Day`, `Christmas Day`, `St. Patrick's`.
        if self.punct(next, b'\'') && self.key(next + 1) == "s" {
            next += 2;
        }
        if self.key(next) == "day" && used == 1
            || (self.key(next) == "day" && keys.first() == Some(&"new"))
        {
            next += 1;
        }
        let weekend = |item: Item| -> Item {
            // `labor day weekend`: the long weekend around it.
            if self.key(item.next) != "weekend" {
                return item;
            }
            let spec = match item.spec {
                Spec::Period(p) => Spec::Period(calendar::weekend_of(p.start)),
                other => other,
            };
            Item::new(item.next + 1, spec, item.relative)
        };
        if let Some((after, year)) = self.year_at(next, false) {
            let spec = period_spec(day.in_year(year).map(Period::day));
            return Some(weekend(Item::new(after, spec, false)));
        }
        Some(weekend(self.relative(next, |a| {
            let date = |y: i32| day.in_year(y);
            let found = match steps {
                Some(s) if s < 0 => [a.year(), a.year() - 1]
                    .into_iter()
                    .filter_map(date)
                    .find(|d| *d < a)?,
                Some(s) if s > 0 => [a.year(), a.year() + 1]
                    .into_iter()
                    .filter_map(date)
                    .find(|d| *d > a)?,
                _ => nearest(a, date)?,
            };
            Some(Period::day(found))
        })))
    }

    /// Seasons and fiscal or school years: found, left unresolved.
    pub(super) fn season_or_fiscal(&self, i: usize) -> Option<Item> {
        let start = if step(self.key(i)).is_some() || self.key(i) == "the" {
            i + 1
        } else {
            i
        };
        let key = self.key(start);
        let unresolved =
            |next: usize, reason| Some(Item::new(next, Spec::Unresolved(reason), false));
        match key {
            "spring" | "summer" | "autumn" | "winter" | "fall" => {
                let with_year = self.year_at(start + 1, false);
                if key == "fall" && start == i && with_year.is_none() {
                    return None;
                }
                let next = with_year.map_or(start + 1, |(n, _)| n);
                unresolved(next, Unresolved::Season)
            }
            "fiscal" | "school" | "financial" | "academic" if self.key(start + 1) == "year" => {
                let next = self.year_at(start + 2, false).map_or(start + 2, |(n, _)| n);
                unresolved(next, Unresolved::FiscalYear)
            }
            "fy" | "sy" => {
                let next = if self.digits(start + 1).is_some() {
                    start + 2
                } else {
                    start + 1
                };
                unresolved(next, Unresolved::FiscalYear)
            }
            _ => None,
        }
    }

    /// Centuries: `21st century`, `the twentieth century`.
    pub(super) fn century(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let (next, n) = ordinal_at(self.text, self.t, start)?;
        if self.key(next) != "century" {
            return None;
        }
        let n = i32::try_from(n).ok().filter(|n| (1..=30).contains(n))?;
        Some(Item::new(next + 1, period_spec(Period::century(n)), false))
    }

    /// `the year 2020`, `year 2012`, `the year of 2008`.
    pub(super) fn year_phrase(&self, i: usize) -> Option<Item> {
        let mut at = if self.key(i) == "the" { i + 1 } else { i };
        if self.key(at) != "year" {
            return None;
        }
        at += 1;
        if self.key(at) == "of" {
            at += 1;
        }
        let (next, year) = self.year_at(at, true)?;
        Some(Item::new(next, period_spec(Period::year(year)), false))
    }

    /// The first or last units of a period: `the first 2 weeks of 2021`,
    /// `the last four months of 2021`.
    pub(super) fn sub_window(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let first = match self.key(start) {
            "first" => true,
            "last" | "final" => false,
            _ => return None,
        };
        let (after_count, count) = self.count_at(start + 1)?;
        let unit = unit(self.key(after_count))?;
        if self.key(after_count + 1) != "of" {
            return None;
        }
        let of = self.single(after_count + 2)?;
        let Spec::Period(outer) = of.spec else {
            return None;
        };
        let count = i32::try_from(count).ok()?;
        let period = match unit {
            Unit::Week => {
                // Weeks of a year are ISO weeks.
                let year = outer.start.year();
                let (from, to) = if first {
                    (
                        calendar::iso_week(year, 1)?,
                        calendar::iso_week(year, 1 + count as u32)?,
                    )
                } else {
                    let last = calendar::iso_week(
                        year,
                        NaiveDate::from_ymd_opt(year, 12, 28)?.iso_week().week(),
                    )?;
                    (
                        last - Days::new(7 * (count as u64 - 1)),
                        last + Days::new(7),
                    )
                };
                Period {
                    start: from,
                    end: to,
                    precision: Precision::Week,
                }
            }
            Unit::Month | Unit::Quarter => {
                let months = if unit == Unit::Month {
                    count
                } else {
                    3 * count
                };
                let (from, to) = if first {
                    (outer.start, calendar::add_months(outer.start, months)?)
                } else {
                    (calendar::add_months(outer.end, -months)?, outer.end)
                };
                Period {
                    start: from,
                    end: to,
                    precision: Precision::Month,
                }
            }
            _ => return None,
        };
        Some(Item::new(of.next, Spec::Period(period), of.relative))
    }
}

/// The year a spec names (`2027`, `last year`).
fn year_of(spec: Spec) -> Option<i32> {
    match spec {
        Spec::Period(p) if p.precision == Precision::Year => Some(p.start.year()),
        Spec::Cal(Cal {
            year: Some(y),
            month: None,
            ..
        }) => Some(y),
        _ => None,
    }
}
