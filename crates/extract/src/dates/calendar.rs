//! Calendar arithmetic for the date grammar: periods, their parts, weeks,
//! quarters and computable holidays.
//!
//! A [`Period`] is a half-open day interval `[start, end)` with a
//! [`Precision`]. Parts of a period (`early`, `mid`, `late`) follow one
//! scheme for every unit: months split at days 1–15 / 10–20 / 16–end, years
//! at January–April / May–August / September–December, weeks at Monday–Wednesday /
//! Tuesday–Thursday / Thursday–Sunday, decades at years 0–3 / 4–6 / 7–9.
//! Weeks start on Monday; the first week of a month or year is the one
//! holding its first Thursday (ISO 8601).
//!
//! Holidays: Easter (Gregorian computus) and the days tied to it, US
//! holidays defined by weekdays (Thanksgiving, Labor Day, Memorial Day, …)
//! and fixed days (Christmas, New Year, Halloween, Independence Day, …).
//!
//! Known misses: fiscal and school years (unresolved: they differ by
//! country and organisation), seasons (unresolved: they differ by
//! hemisphere), religious calendars other than Easter (Ramadan, Eid,
//! Passover, Diwali), which need their own calendars.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// Granularity of a resolved date (the `dates` layer's precision).
pub use sitrep_core::layers::DatePrecision as Precision;

/// A half-open interval of days `[start, end)` with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Day after the last day.
    pub end: NaiveDate,
    /// Granularity.
    pub precision: Precision,
}

impl Period {
    /// The single day `date`.
    #[must_use]
    pub fn day(date: NaiveDate) -> Self {
        Self {
            start: date,
            end: date + Days::new(1),
            precision: Precision::Day,
        }
    }

    /// The Monday-to-Sunday week holding `date`.
    #[must_use]
    pub fn week(date: NaiveDate) -> Self {
        let start = monday_of(date);
        Self {
            start,
            end: start + Days::new(7),
            precision: Precision::Week,
        }
    }

    /// The month `month` of `year`, if valid.
    #[must_use]
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Self {
            start,
            end: start.checked_add_months(Months::new(1))?,
            precision: Precision::Month,
        })
    }

    /// Quarter `quarter` (1–4) of `year`.
    #[must_use]
    pub fn quarter(year: i32, quarter: u32) -> Option<Self> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let start = NaiveDate::from_ymd_opt(year, 3 * quarter - 2, 1)?;
        Some(Self {
            start,
            end: start.checked_add_months(Months::new(3))?,
            precision: Precision::Quarter,
        })
    }

    /// The year `year`.
    #[must_use]
    pub fn year(year: i32) -> Option<Self> {
        Some(Self {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
            precision: Precision::Year,
        })
    }

    /// The decade starting in `first_year` (a multiple of ten).
    #[must_use]
    pub fn decade(first_year: i32) -> Option<Self> {
        Some(Self {
            start: NaiveDate::from_ymd_opt(first_year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(first_year + 10, 1, 1)?,
            precision: Precision::Decade,
        })
    }

    /// The `n`th century (the 21st is 2000–2099, as the suites count).
    #[must_use]
    pub fn century(n: i32) -> Option<Self> {
        let first = (n - 1) * 100;
        Some(Self {
            start: NaiveDate::from_ymd_opt(first, 1, 1)?,
            end: NaiveDate::from_ymd_opt(first + 100, 1, 1)?,
            precision: Precision::Century,
        })
    }

    /// The period of the same unit shifted by `steps` units.
    #[must_use]
    pub fn shifted(self, steps: i32) -> Option<Self> {
        let months = match self.precision {
            Precision::Day => return Some(Self::day(add_days(self.start, i64::from(steps))?)),
            Precision::Week => {
                return Some(Self::week(add_days(self.start, 7 * i64::from(steps))?));
            }
            Precision::Month => 1,
            Precision::Quarter => 3,
            Precision::Year => 12,
            Precision::Decade => 120,
            Precision::Century => 1200,
        };
        let start = add_months(self.start, months * steps)?;
        let end = add_months(self.end, months * steps)?;
        Some(Self { start, end, ..self })
    }

    /// A part of this period (`early`, `mid`, `late`), same precision.
    #[must_use]
    pub fn part(self, part: Part) -> Self {
        let (start, end) = match self.precision {
            Precision::Day => return self,
            Precision::Week => {
                let (a, b) = match part {
                    Part::Early => (0, 3),
                    Part::Mid => (1, 4),
                    Part::Late => (3, 7),
                };
                (self.start + Days::new(a), self.start + Days::new(b))
            }
            Precision::Month => {
                let (a, b) = match part {
                    Part::Early => (0, Some(15)),
                    Part::Mid => (9, Some(20)),
                    Part::Late => (15, None),
                };
                let end = b.map_or(self.end, |b| self.start + Days::new(b));
                (self.start + Days::new(a), end)
            }
            Precision::Quarter | Precision::Year => {
                let span = if self.precision == Precision::Year {
                    4
                } else {
                    1
                };
                let (a, b) = match part {
                    Part::Early => (0, span),
                    Part::Mid => (span, 2 * span),
                    Part::Late => (2 * span, 3 * span),
                };
                let months = |n: i32| add_months(self.start, n).unwrap_or(self.start);
                (months(a), months(b))
            }
            Precision::Decade | Precision::Century => {
                let unit = if self.precision == Precision::Decade {
                    12
                } else {
                    120
                };
                let (a, b) = match part {
                    Part::Early => (0, 4),
                    Part::Mid => (4, 7),
                    Part::Late => (7, 10),
                };
                let months = |n: i32| add_months(self.start, n * unit).unwrap_or(self.start);
                (months(a), months(b))
            }
        };
        Self { start, end, ..self }
    }
}

/// A part of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `early`, `the beginning of`, `the start of`.
    Early,
    /// `mid`, `the middle of`.
    Mid,
    /// `late`, `the end of`.
    Late,
}

/// The long weekend around a holiday on `date`: Saturday–Monday for a
/// Monday holiday, Friday–Sunday for a Friday one, else the Saturday and
/// Sunday of its week.
pub(crate) fn weekend_of(date: NaiveDate) -> Period {
    let (start, days) = match date.weekday() {
        Weekday::Mon => (date - Days::new(2), 3),
        Weekday::Fri => (date, 3),
        Weekday::Sun => (date - Days::new(1), 2),
        _ => (monday_of(date) + Days::new(5), 2),
    };
    Period {
        start,
        end: start + Days::new(days),
        precision: Precision::Week,
    }
}

/// The Monday of the week holding `date`.
pub(crate) fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// `date` moved by `days` (either direction).
pub(crate) fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(chrono::TimeDelta::days(days))
}

/// `date` moved by `months` (either direction), clamped to the month's end.
pub(crate) fn add_months(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    let magnitude = Months::new(months.unsigned_abs());
    if months < 0 {
        date.checked_sub_months(magnitude)
    } else {
        date.checked_add_months(magnitude)
    }
}

/// The first week of a month: the week holding its first Thursday.
pub(crate) fn first_week_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let monday = monday_of(first);
    let thursday = monday + Days::new(3);
    Some(if thursday.month() == month {
        monday
    } else {
        monday + Days::new(7)
    })
}

/// The last week of a month: the week holding its last Thursday.
pub(crate) fn last_week_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let last = Period::month(year, month)?.end.pred_opt()?;
    let monday = monday_of(last);
    let thursday = monday + Days::new(3);
    Some(if thursday.month() == month {
        monday
    } else {
        monday - Days::new(7)
    })
}

/// ISO week `week` of `year` (its Monday).
pub(crate) fn iso_week(year: i32, week: u32) -> Option<NaiveDate> {
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
}

/// The `n`th (1-based; 5 = last) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    if n >= 5 {
        let last = Period::month(year, month)?.end.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return Some(last - Days::new(u64::from(back)));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let ahead = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    Some(first + Days::new(u64::from(ahead + 7 * (n - 1))))
}

/// Easter Sunday of `year` (Gregorian; anonymous computus).
#[expect(
    clippy::many_single_char_names,
    reason = "the computus is known by these letters"
)]
pub(crate) fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// A holiday whose date can be computed for any year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    Fixed(u32, u32),
    /// Days after Easter Sunday (negative before).
    Easter(i64),
    /// `n`th weekday of a month (5 = last), plus days.
    NthWeekday(u32, Weekday, u32, i64),
}

impl Holiday {
    /// The holiday's date in `year`.
    pub(crate) fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            Self::Fixed(month, day) => NaiveDate::from_ymd_opt(year, month, day),
            Self::Easter(offset) => add_days(easter(year)?, offset),
            Self::NthWeekday(month, weekday, n, offset) => {
                add_days(nth_weekday(year, month, weekday, n)?, offset)
            }
        }
    }
}

/// The holiday named by the lower-case words starting `words` (without
/// `day`/`'s`), and how many words it took.
pub(crate) fn holiday(words: &[&str]) -> Option<(Holiday, usize)> {
    let first = *words.first()?;
    let second = words.get(1).copied().unwrap_or("");
    let found = match (first, second) {
        ("christmas" | "xmas", "eve") => (Holiday::Fixed(12, 24), 2),
        ("christmas" | "xmas", _) => (Holiday::Fixed(12, 25), 1),
        ("new", "year" | "years") => {
            if words.get(2).copied() == Some("eve") {
                (Holiday::Fixed(12, 31), 3)
            } else {
                (Holiday::Fixed(1, 1), 2)
            }
        }
        ("easter", "monday") => (Holiday::Easter(1), 2),
        ("easter", "sunday") => (Holiday::Easter(0), 2),
        ("easter", _) => (Holiday::Easter(0), 1),
        ("good", "friday") => (Holiday::Easter(-2), 2),
        ("palm", "sunday") => (Holiday::Easter(-7), 2),
        ("ash", "wednesday") => (Holiday::Easter(-46), 2),
        ("black", "friday") => (Holiday::NthWeekday(11, Weekday::Thu, 4, 1), 2),
        ("thanksgiving", _) => (Holiday::NthWeekday(11, Weekday::Thu, 4, 0), 1),
        ("labor" | "labour", "day") => (Holiday::NthWeekday(9, Weekday::Mon, 1, 0), 2),
        ("memorial", "day") => (Holiday::NthWeekday(5, Weekday::Mon, 5, 0), 2),
        ("mother" | "mothers", "day") => (Holiday::NthWeekday(5, Weekday::Sun, 2, 0), 2),
        ("father" | "fathers", "day") => (Holiday::NthWeekday(6, Weekday::Sun, 3, 0), 2),
        ("halloween", _) => (Holiday::Fixed(10, 31), 1),
        ("valentine" | "valentines", _) => (Holiday::Fixed(2, 14), 1),
        ("independence", "day") => (Holiday::Fixed(7, 4), 2),
        ("boxing", "day") => (Holiday::Fixed(12, 26), 2),
        ("veterans" | "armistice", "day") => (Holiday::Fixed(11, 11), 2),
        ("saint" | "st", "patrick" | "patricks") => (Holiday::Fixed(3, 17), 2),
        ("may", "day") => (Holiday::Fixed(5, 1), 2),
        _ => return None,
    };
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2018), Some(ymd(2018, 4, 1)));
        assert_eq!(easter(2019), Some(ymd(2019, 4, 21)));
        assert_eq!(easter(2024), Some(ymd(2024, 3, 31)));
    }

    #[test]
    fn weeks_of_months_and_years() {
        assert_eq!(first_week_of_month(2015, 1), Some(ymd(2014, 12, 29)));
        assert_eq!(last_week_of_month(2017, 7), Some(ymd(2017, 7, 24)));
        assert_eq!(iso_week(2027, 3), Some(ymd(2027, 1, 18)));
    }

    #[test]
    fn holidays_by_rule() {
        let (thanksgiving, _) = holiday(&["thanksgiving"]).unwrap();
        assert_eq!(thanksgiving.in_year(2023), Some(ymd(2023, 11, 23)));
        let (black_friday, words) = holiday(&["black", "friday"]).unwrap();
        assert_eq!(
            (black_friday.in_year(2010), words),
            (Some(ymd(2010, 11, 26)), 2)
        );
        let (memorial, _) = holiday(&["memorial", "day"]).unwrap();
        assert_eq!(memorial.in_year(2024), Some(ymd(2024, 5, 27)));
    }

    #[test]
    fn parts_of_periods() {
        let month = Period::month(2019, 7).unwrap().part(Part::Late);
        assert_eq!(
            (month.start, month.end),
            (ymd(2019, 7, 16), ymd(2019, 8, 1))
        );
        let year = Period::year(2000).unwrap().part(Part::Mid);
        assert_eq!((year.start, year.end), (ymd(2000, 5, 1), ymd(2000, 9, 1)));
    }
}
