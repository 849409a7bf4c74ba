//! Weekdays and expressions relative to the anchor: `next Friday`, `last
//! week`, `the last 3 months`, `yesterday`, `earlier this year`, `three
//! days ago`, `in 2 weeks`.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{
    Cal, Grammar, Item, Spec, latest_weekday, month_with, shift, unit_period, unit_precision,
    weekday_with,
};
use crate::dates::Unresolved;
use crate::dates::calendar::{self, Part, Period, Precision, add_days, add_months};
use crate::dates::words::{Unit, step, unit, weekday};
use crate::quantities::numbers::integer_at;
use crate::quantities::tokens::Kind;

impl Grammar<'_> {
    /// A weekday name at `i`; abbreviations that are words need a date after them.
    pub(super) fn weekday_at(&self, i: usize) -> Option<(usize, Weekday)> {
        let (day, abbreviated) = weekday(self.key(i))?;
        let mut next = i + 1;
        if abbreviated {
            if self.punct(next, b'.') && self.touches(next) {
                next += 1;
            }
            let date_follows = self.t.get(next).is_some_and(|t| t.kind == Kind::Digits)
                || self.month_at(next).is_some();
            let word_like = matches!(self.key(i), "sat" | "sun" | "wed");
            let introduced = i > 0
                && matches!(
                    self.key(i - 1),
                    "on" | "next" | "last" | "this" | "or" | "and" | "coming" | "previous" | "week"
                );
            if !date_follows && (word_like || !self.capitalised(i) || !introduced) {
                return None;
            }
        }
        Some((next, day))
    }

    /// Weekday first: `Tuesday, Sept. 24, 2024`, `Tue May 9`, `Friday 7.6`,
    /// `Monday 21`, `wednesday the thirty first`, `tuesday of next week`,
    /// or a weekday alone (the latest on or before the anchor).
    pub(super) fn weekday_first(&self, i: usize) -> Option<Item> {
        let (after, day) = self.weekday_at(i)?;
        let mut at = after;
        if self.punct(at, b',')
            || (self.punct(at, b'-') && self.touches(at))
            || self.punct(at, b'(')
        {
            at += 1;
        }
        if let Some(date) = self
            .month_first(at)
            .or_else(|| self.day_month(at))
            .or_else(|| self.numeric(at))
        {
            let mut next = date.next;
            if self.punct(at - 1, b'(') && self.punct(next, b')') {
                next += 1;
            }
            if let Spec::Cal(cal) = date.spec
                && cal.day.is_some()
            {
                let cal = Cal {
                    weekday: Some(day),
                    ..cal
                };
                return Some(Item::new(next, Spec::Cal(cal), date.relative));
            }
        }
        // `Friday 7.6`: month.day after a weekday.
        if let Some((month, _)) = self.digits(at)
            && self.punct(at + 1, b'.')
            && self.touches(at + 1)
            && let Some((date, _)) = self.digits(at + 2)
            && self.touches(at + 2)
            && (1..=12).contains(&month)
            && (1..=31).contains(&date)
        {
            let cal = Cal {
                year: None,
                month: Some(month as u32),
                day: Some(date as u32),
                weekday: Some(day),
            };
            return Some(Item::new(at + 3, Spec::Cal(cal), true));
        }
        // `Monday 21`, `Mon 13th`, `wednesday the thirty first`.
        let day_start = if self.key(at) == "the" { at + 1 } else { at };
        if let Some((next, date)) = self.day_at(day_start)
            && self.month_at(next).is_none()
            && !matches!(
                self.key(next),
                "days" | "weeks" | "months" | "years" | "hours" | "minutes" | "pm" | "am"
            )
            && !self.punct(next, b':')
        {
            let cal = Cal {
                day: Some(date),
                weekday: Some(day),
                ..Cal::default()
            };
            return Some(Item::new(next, Spec::Cal(cal), true));
        }
        // `tuesday of next week`, `monday of the following week`.
        if self.key(after) == "of" {
            let week_at = if self.key(after + 1) == "the" {
                after + 2
            } else {
                after + 1
            };
            if let Some(steps) = step(self.key(week_at))
                && self.key(week_at + 1) == "week"
            {
                return Some(self.weekday_of_week(week_at + 2, day, steps));
            }
        }
        // Plural (`Mondays`) is a set, not a date; the tokenizer keeps the `s`.
        if self.touches(after) && self.key(after) == "s" {
            return None;
        }
        Some(self.relative(after, |a| Some(Period::day(latest_weekday(a, day)))))
    }

    /// Weekday `day` of the week `steps` weeks from the anchor's.
    pub(super) fn weekday_of_week(&self, next: usize, day: Weekday, steps: i32) -> Item {
        self.relative(next, |a| {
            let monday = add_days(calendar::monday_of(a), 7 * i64::from(steps))?;
            Some(Period::day(
                monday + Days::new(u64::from(day.num_days_from_monday())),
            ))
        })
    }

    /// A modifier and what it modifies: `last week`, `next month`, `this
    /// year`, `next Friday`, `this September`, `last quarter`, `next week
    /// Mon`, `the last 3 months`, `past fortnight`, `next easter`.
    pub(super) fn modified(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let mut at = start;
        let mut key = self.key(at);
        // `this coming`, `this past`, `this upcoming`.
        let mut steps = step(key)?;
        if key == "this" && matches!(self.key(at + 1), "coming" | "upcoming" | "past") {
            at += 1;
            key = self.key(at);
            steps = step(key)?;
        }
        let after = at + 1;
        // Weekdays.
        if let Some((next, day)) = self.weekday_at(after) {
            return Some(self.relative(next, |a| {
                Some(Period::day(weekday_with(a, day, key, steps)))
            }));
        }
        // Holidays.
        if let Some(item) = self.holiday(after, Some(steps)) {
            return Some(item);
        }
        // A day without a year: `next 6th of April`, `this 5/12`.
        if let Some(date) = self.day_month(after).or_else(|| self.numeric(after))
            && let Spec::Cal(cal) = date.spec
            && cal.year.is_none()
            && let (Some(month), Some(day)) = (cal.month, cal.day)
        {
            return Some(self.relative(date.next, |a| {
                let make = |y: i32| NaiveDate::from_ymd_opt(y, month, day);
                let found = match steps {
                    0 => make(a.year())?,
                    s if s < 0 => [a.year(), a.year() - 1]
                        .into_iter()
                        .filter_map(make)
                        .find(|d| *d < a)?,
                    _ => [a.year(), a.year() + 1]
                        .into_iter()
                        .filter_map(make)
                        .find(|d| *d > a)?,
                };
                Some(Period::day(found))
            }));
        }
        // Months: `this September`, `last July`.
        if let Some((next, month)) = self.month_at(after) {
            return Some(self.relative(next, |a| month_with(a, month, steps)));
        }
        // Windows: `next 5 days`, `the last 3 months`, `past two quarters`.
        if let Some((count_next, count)) = self.count_at(after)
            && let Some(unit) =
                unit(self.key(count_next)).filter(|_| self.key(count_next).ends_with('s'))
        {
            return Some(self.window(count_next + 1, unit, count, steps));
        }
        // `this calendar year`.
        let after = if self.key(after) == "calendar" {
            after + 1
        } else {
            after
        };
        let unit = unit(self.key(after))?;
        if self.key(after).ends_with('s') && unit != Unit::Week {
            return None;
        }
        // `next workweek`: Monday to Friday.
        if self.key(after) == "workweek" {
            return Some(self.relative(after + 1, |a| {
                let week = Period::week(a).shifted(steps)?;
                Some(Period {
                    end: week.start + Days::new(5),
                    ..week
                })
            }));
        }
        // `next week Mon`, `next week on Tuesday`, `this week Monday`, `previous week - Monday`.
        if unit == Unit::Week {
            let mut day_at = after + 1;
            if matches!(self.key(day_at), "on" | "-") {
                day_at += 1;
            }
            if let Some((next, day)) = self.weekday_at(day_at) {
                return Some(self.weekday_of_week(next, day, steps));
            }
        }
        if unit == Unit::Fortnight {
            return Some(self.relative(after + 1, |a| {
                let monday = calendar::monday_of(a);
                let start = if steps < 0 {
                    add_days(monday, -14)?
                } else {
                    add_days(monday, 14)?
                };
                Some(Period {
                    start,
                    end: start + Days::new(14),
                    precision: Precision::Week,
                })
            }));
        }
        Some(self.relative(after + 1, |a| unit_period(a, unit)?.shifted(steps)))
    }

    /// A count of units at `i`: digits or words (`5`, `two`, `a`).
    pub(super) fn count_at(&self, i: usize) -> Option<(usize, i64)> {
        if matches!(self.key(i), "a" | "an") {
            return Some((i + 1, 1));
        }
        let (next, value) = integer_at(self.text, self.t, i)?;
        (1..=10_000)
            .contains(&value)
            .then_some((next, value as i64))
    }

    /// `count` units before (`steps` < 0) or after the anchor.
    pub(super) fn window(&self, next: usize, unit: Unit, count: i64, steps: i32) -> Item {
        self.relative(next, |a| {
            let count = i32::try_from(count).ok()?;
            if matches!(unit, Unit::Quarter | Unit::Decade | Unit::Century) {
                let current = unit_period(a, unit)?;
                let (first, last) = if steps < 0 {
                    (current.shifted(-count)?, current.shifted(-1)?)
                } else {
                    (current.shifted(1)?, current.shifted(count)?)
                };
                return Some(Period {
                    start: first.start,
                    end: last.end,
                    precision: first.precision,
                });
            }
            let (start, end) = if steps < 0 {
                (shift(a, unit, -count)?, a)
            } else {
                let tomorrow = a.succ_opt()?;
                (tomorrow, shift(tomorrow, unit, count)?)
            };
            Some(Period {
                start,
                end,
                precision: unit_precision(unit),
            })
        })
    }

    /// `today`, `yesterday`, `tomorrow`, `tonight`, `the day after
    /// tomorrow`, `the day after`, `the next day`, `year to date`, `the
    /// week after next`, `earlier this year`.
    pub(super) fn deictic(&self, i: usize) -> Option<Item> {
        let day = |next: usize, offset: i64| {
            self.relative(next, |a| Some(Period::day(add_days(a, offset)?)))
        };
        match self.key(i) {
            "today" | "tonight" => Some(day(i + 1, 0)),
            "yesterday" => Some(day(i + 1, -1)),
            "tomorrow" | "tmrw" | "tmr" => Some(day(i + 1, 1)),
            "the" if self.key(i + 1) == "day" => match (self.key(i + 2), self.key(i + 3)) {
                ("after", "tomorrow") => Some(day(i + 4, 2)),
                ("before", "yesterday") => Some(day(i + 4, -2)),
                ("after", _) => Some(day(i + 3, 1)),
                ("before", _) => Some(day(i + 3, -1)),
                _ => None,
            },
            "the"
                if matches!(self.key(i + 1), "next" | "following" | "previous")
                    && self.key(i + 2) == "day" =>
            {
                let offset = if self.key(i + 1) == "previous" { -1 } else { 1 };
                Some(day(i + 3, offset))
            }
            "year" if self.key(i + 1) == "to" && self.key(i + 2) == "date" => {
                Some(self.relative(i + 3, |a| {
                    Some(Period {
                        start: NaiveDate::from_ymd_opt(a.year(), 1, 1)?,
                        end: a,
                        precision: Precision::Day,
                    })
                }))
            }
            "the"
                if self.key(i + 1) == "week"
                    && self.key(i + 2) == "after"
                    && self.key(i + 3) == "next" =>
            {
                Some(self.relative(i + 4, |a| Period::week(a).shifted(2)))
            }
            "earlier" | "later" => self.earlier_later(i),
            _ => None,
        }
    }

    /// `earlier this month`, `later this week`, `earlier in the week`, `later in the year`.
    pub(super) fn earlier_later(&self, i: usize) -> Option<Item> {
        let later = self.key(i) == "later";
        let at = match (self.key(i + 1), self.key(i + 2)) {
            ("this", _) => i + 2,
            ("in", "the") => i + 3,
            _ => return None,
        };
        let unit = unit(self.key(at))?;
        Some(self.relative(at + 1, |a| {
            let period = unit_period(a, unit)?;
            Some(match (unit, later) {
                (Unit::Week, true) => {
                    let part = period.part(Part::Late);
                    Period {
                        start: part.start.max(a),
                        ..part
                    }
                }
                (Unit::Week | Unit::Year, false) => Period {
                    end: a.max(period.start.succ_opt()?),
                    ..period
                },
                (Unit::Year, true) => Period {
                    start: add_months(period.start, 6)?,
                    ..period
                },
                (_, false) => period.part(Part::Early),
                (_, true) => period.part(Part::Late),
            })
        }))
    }

    /// Counted offsets: `three days ago`, `2 weeks later`, `in 2 weeks`,
    /// `two days from today`, `5 days before new year`, `3 weeks from tmrw`.
    pub(super) fn counted(&self, i: usize) -> Option<Item> {
        let ahead_form = self.key(i) == "in";
        let count_start = if ahead_form { i + 1 } else { i };
        let (after_count, count) = self.count_at(count_start)?;
        let unit = unit(self.key(after_count))?;
        if matches!(unit, Unit::Weekend | Unit::Quarter) {
            return None;
        }
        let count = i32::try_from(count).ok()?;
        let mut next = after_count + 1;
        // `2 weeks and 2 days ago`.
        let mut extra: Option<(Unit, i32)> = None;
        if self.key(next) == "and"
            && let Some((after, more)) = self.count_at(next + 1)
            && let Some(more_unit) = crate::dates::words::unit(self.key(after))
            && matches!(
                self.key(after + 1),
                "ago" | "later" | "earlier" | "before" | "after"
            )
        {
            extra = Some((more_unit, i32::try_from(more).ok()?));
            next = after + 1;
        }
        let offset = |from: NaiveDate, sign: i32| -> Option<NaiveDate> {
            let moved = shift(from, unit, sign * count)?;
            match extra {
                Some((u, n)) => shift(moved, u, sign * n),
                None => Some(moved),
            }
        };
        if ahead_form {
            // `in two weeks` (not `in two years since 2011`).
            if matches!(self.key(next), "since" | "time") {
                return None;
            }
            return Some(self.relative(next, |a| Some(Period::day(offset(a, 1)?))));
        }
        // `five years earlier than expected` compares, it does not date.
        if matches!(self.key(next), "later" | "earlier") && self.key(next + 1) == "than" {
            return None;
        }
        // `a decade later`, `two days earlier` in a story count from the
        // narrative time (the last date before them), when there is one.
        if let Some(reference) = self.reference.get()
            && matches!(self.key(next), "later" | "earlier")
        {
            let sign = if self.key(next) == "later" { 1 } else { -1 };
            // The reference's precision (`a year earlier` than a quarter is a
            // quarter), but no finer than the count says: months give a month,
            // decades and centuries a year.
            let floor = match unit {
                Unit::Month | Unit::Quarter => Precision::Month,
                Unit::Decade | Unit::Century => Precision::Year,
                _ => Precision::Day,
            };
            let precision = reference.precision.max(floor);
            let spec = offset(reference.start, sign)
                .and_then(|day| containing(day, precision))
                .map_or(Spec::Unresolved(Unresolved::NoSuchDate), Spec::Period);
            let mut item = Item::new(next + 1, spec, true);
            item.from_reference = true;
            return Some(item);
        }
        match self.key(next) {
            "ago" | "earlier" => {
                Some(self.relative(next + 1, |a| Some(Period::day(offset(a, -1)?))))
            }
            "later" | "hence" => {
                Some(self.relative(next + 1, |a| Some(Period::day(offset(a, 1)?))))
            }
            "from" | "before" | "after" => {
                let sign = if self.key(next) == "before" { -1 } else { 1 };
                let base = if matches!(self.key(next + 1), "now" | "today") {
                    self.relative(next + 2, |a| Some(Period::day(a)))
                } else {
                    self.single(next + 1)?
                };
                let base_day = match base.spec {
                    Spec::Period(p) if p.precision == Precision::Day => Some(p.start),
                    Spec::Cal(cal) => self
                        .resolve_cal(cal)
                        .ok()
                        .filter(|p| p.precision == Precision::Day)
                        .map(|p| p.start),
                    Spec::Unresolved(_) | Spec::Period(_) => None,
                };
                let spec = match (base_day, self.anchor) {
                    (Some(day), _) => offset(day, sign)
                        .map_or(Spec::Unresolved(Unresolved::NoSuchDate), |d| {
                            Spec::Period(Period::day(d))
                        }),
                    (None, None) => Spec::Unresolved(Unresolved::NoAnchor),
                    (None, Some(_)) => return None,
                };
                Some(Item::new(base.next, spec, true))
            }
            _ => None,
        }
    }

    /// A count, a modifier, then units: `2 upcoming months`, `the 10
    /// previous weeks`, `3 next weeks`.
    pub(super) fn count_step_window(&self, i: usize) -> Option<Item> {
        let start = if self.key(i) == "the" { i + 1 } else { i };
        let (after_count, count) = self.count_at(start)?;
        let steps = step(self.key(after_count)).filter(|s| *s != 0)?;
        let unit_key = self.key(after_count + 1);
        let unit = unit(unit_key).filter(|_| unit_key.ends_with('s'))?;
        Some(self.window(after_count + 2, unit, count, steps))
    }
}

/// The period of `precision` that contains `day`.
fn containing(day: NaiveDate, precision: Precision) -> Option<Period> {
    match precision {
        Precision::Day => Some(Period::day(day)),
        Precision::Week => Some(Period::week(day)),
        Precision::Month => Period::month(day.year(), day.month()),
        Precision::Quarter => Period::quarter(day.year(), day.month0() / 3 + 1),
        Precision::Year => Period::year(day.year()),
        Precision::Decade => Period::decade(day.year() - day.year().rem_euclid(10)),
        Precision::Century => Period::century(day.year().div_euclid(100) + 1),
    }
}
