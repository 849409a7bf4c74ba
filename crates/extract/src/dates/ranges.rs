//! Ranges and open ranges over single expressions, and the scan that
//! finds every date expression of a text.
//!
//! | form | example | interval |
//! |---|---|---|
//! | between / from … to / dash | `between Oct. 17 and 21`, `from 2014 to 2018`, `Nov-Feb 5th, 2017` | first day of the first part to the last day of the last part |
//! | since, starting, as of, `X or later` | `since Oct. 7`, `2012 or later` | from the first day, open |
//! | after, later than | `after 2016` | from the day after, open |
//! | before, earlier than | `before 2010` | open, to the day before |
//! | until, till, by, no later than | `until April 27` | open, to the last day |
//! | within | `within 9 months` | from the anchor |
//! | count starting | `2 weeks starting May 20th` | from the first day, the count long |
//!
//! A range's ends share what one of them leaves out: `Oct. 17-21` takes the
//! month of its start, `between 3 and 12 of Sept` the month of its end,
//! `26 june to 28 june in 2020` the trailing year; an end before its start
//! moves to the next year (`Dec. 30-Jan. 2`).

use chrono::{Datelike, NaiveDate};

use super::calendar::{Period, Precision};
use super::grammar::{Cal, Grammar, Item, Spec, unit_period};
use super::words::{self, unit};
use super::{DateMatch, DateValue, Unresolved};
use crate::quantities::tokens::Kind;

/// A resolved expression: the token after it, its value, whether the anchor was used.
type Found = (usize, Result<DateValue, Unresolved>, bool);

impl Grammar<'_> {
    /// Every date expression of the tokens, in order, without overlaps.
    pub(crate) fn scan(&self) -> Vec<DateMatch> {
        let mut out = Vec::new();
        // The nearest token at or after each position that can anchor a date.
        let mut next_core = vec![usize::MAX; self.t.len() + 1];
        for i in (0..self.t.len()).rev() {
            let token = &self.t[i];
            let core = token.kind == Kind::Digits
                || (token.kind == Kind::Word && words::is_core(token.key()));
            next_core[i] = if core { i } else { next_core[i + 1] };
        }
        let mut i = 0;
        while i < self.t.len() {
            if next_core[i].saturating_sub(i) > 6 || !self.may_start(i) {
                i += 1;
                continue;
            }
            if let Some((next, value, anchor_used)) = self.expression(i) {
                // Counted from the narrative time when the single counted
                // item is what matched (`a decade later`, not a longer range).
                let reference = self.reference.get().filter(|_| {
                    anchor_used
                        && self
                            .single(i)
                            .is_some_and(|item| item.from_reference && item.next == next)
                });
                // Only a date stated in full sets the narrative time: not one
                // counted from it (`a year earlier` twice compares with the same
                // stated period) nor one read from the anchor (`last month and
                // 3 weeks later` counts from the anchor, as the suites read it).
                if let (Ok(DateValue::Period(period)), false) = (value, anchor_used) {
                    self.reference.set(Some(period));
                }
                out.push(DateMatch {
                    start: self.t[i].start,
                    end: self.t[next - 1].end,
                    value,
                    anchor_used: anchor_used && reference.is_none(),
                    reference: reference.map(|r| r.start),
                });
                i = next;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Whether a date expression can start at token `i` (a cheap filter).
    fn may_start(&self, i: usize) -> bool {
        let token = &self.t[i];
        match token.kind {
            Kind::Digits => true,
            Kind::Punct => token.is_punct(b'>') || token.is_punct(b'='),
            Kind::Word => {
                let key = token.key();
                !key.is_empty()
                    && (words::month(key).is_some()
                        || words::weekday(key).is_some()
                        || words::step(key).is_some()
                        || unit(key).is_some()
                        || crate::quantities::lexicon::cardinal(key).is_some()
                        || crate::quantities::lexicon::ordinal(key).is_some()
                        || STARTERS.contains(&key))
            }
        }
    }

    /// The longest expression at `i`: a range, an open range or a single one.
    fn expression(&self, i: usize) -> Option<Found> {
        let mut best: Option<Found> = None;
        let mut take = |candidate: Option<Found>| {
            if let Some(found) = candidate
                && best.as_ref().is_none_or(|b| found.0 > b.0)
            {
                best = Some(found);
            }
        };
        take(self.between(i));
        take(self.open(i));
        take(self.counted_range(i));
        if let Some(item) = self.single(i) {
            take(self.postfix_open(item));
            take(Some(self.finish(item)));
        }
        best
    }

    /// A single item resolved: its period or why it has none.
    fn finish(&self, item: Item) -> Found {
        (
            item.next,
            self.period_of(item.spec).map(DateValue::Period),
            item.relative,
        )
    }

    fn period_of(&self, spec: Spec) -> Result<Period, Unresolved> {
        match spec {
            Spec::Period(period) => Ok(period),
            Spec::Cal(cal) => self.resolve_cal(cal),
            Spec::Unresolved(reason) => Err(reason),
        }
    }

    /// One end of a range: an expression, a bare day (`21` in `Oct. 17-21`),
    /// or `now`, `today`, `current date`.
    fn side(&self, i: usize) -> Option<Item> {
        let bare_day = self.day_at(i).map(|(next, day)| Item {
            next,
            spec: Spec::Cal(Cal {
                day: Some(day),
                ..Cal::default()
            }),
            relative: true,
            from_reference: false,
        });
        let now = match (self.key(i), self.key(i + 1)) {
            ("now", _) => Some(i + 1),
            ("current" | "present", "date" | "day") => Some(i + 2),
            _ => None,
        }
        .map(|next| Item {
            next,
            spec: match self.anchor {
                Some(a) => Spec::Period(Period::day(a)),
                None => Spec::Unresolved(Unresolved::NoAnchor),
            },
            relative: true,
            from_reference: false,
        });
        // A bare year: `2014` in `2014-2018`, `later than 2020`.
        let bare_year = self
            .year_at(i, false)
            .filter(|(_, y)| (1800..=2199).contains(y))
            .map(|(next, year)| {
                Item::new(next, super::grammar::period_spec(Period::year(year)), false)
            });
        let single = self.single(i);
        [single, bare_day, now, bare_year]
            .into_iter()
            .flatten()
            .max_by_key(|item| item.next)
    }

    /// `between A and B`, `from A to B`, `A - B`, `A to B`, `A through B`.
    fn between(&self, i: usize) -> Option<Found> {
        let (a_at, joiners): (usize, &[&str]) = match self.key(i) {
            "between" => (i + 1, &["and", "-", "to", "through", "~"]),
            "from" => (i + 1, &["to", "till", "until", "through", "thru", "-", "~"]),
            _ => (i, &["-", "to", "through", "thru", "till", "until", "~"]),
        };
        let introduced = a_at > i;
        // Inside a code or phone number (`138-2010-2015`): not a range.
        if !introduced && i > 0 && self.touches(i) && self.t[i - 1].kind == Kind::Punct {
            return None;
        }
        let from = self.side(a_at)?;
        let joiner = self.key(from.next);
        let dash = self.t.get(from.next).is_some_and(|t| {
            t.kind == Kind::Punct && matches!(t.text(self.text), "-" | "–" | "—" | "~")
        });
        if !(joiners.contains(&joiner) || dash && joiners.contains(&"-")) {
            return None;
        }
        let to = self.side(from.next + 1)?;
        // Without `between`/`from`, both ends must be written dates.
        let written = |item: &Item| match item.spec {
            Spec::Cal(_) => true,
            Spec::Period(p) => !item.relative && p.precision >= Precision::Month,
            Spec::Unresolved(_) => false,
        };
        if !(introduced || written(&from) && written(&to)) {
            return None;
        }
        let mut next = to.next;
        // A trailing year shared by both ends: `26 june to 28 june in 2020`.
        let mut shared_year = None;
        if let (Spec::Cal(ca), Spec::Cal(cb)) = (from.spec, to.spec)
            && ca.year.is_none()
            && cb.year.is_none()
        {
            let at = if matches!(self.key(next), "in" | "of") || self.punct(next, b',') {
                next + 1
            } else {
                next
            };
            if let Some((after, year)) = self.year_at(at, false) {
                shared_year = Some(year);
                next = after;
            }
        }
        let (start, end) = self.ends(from.spec, to.spec, shared_year)?;
        let (start, end) = match (start, end) {
            (Ok(first), Ok(last)) => (first, last),
            (Err(reason), _) | (_, Err(reason)) => {
                return Some((next, Err(reason), from.relative || to.relative));
            }
        };
        if end.end <= start.start {
            return None;
        }
        let value = DateValue::Range {
            start: Some(start.start),
            end: Some(end.end),
            precision: start.precision,
            last_part_start: Some(end.start),
        };
        Some((next, Ok(value), from.relative || to.relative))
    }

    /// The two ends of a range, sharing month and year.
    fn ends(
        &self,
        a: Spec,
        b: Spec,
        shared_year: Option<i32>,
    ) -> Option<(Result<Period, Unresolved>, Result<Period, Unresolved>)> {
        match (a, b) {
            (Spec::Cal(mut ca), Spec::Cal(mut cb)) => {
                // A bare day needs a month from the other end.
                if ca.month.is_none() && ca.day.is_some() {
                    ca.month = cb.month;
                    ca.month?;
                }
                if cb.month.is_none() && cb.day.is_some() {
                    cb.month = ca.month;
                    cb.month?;
                }
                if shared_year.is_some() {
                    ca.year = shared_year;
                    cb.year = shared_year;
                }
                let a_had_year = ca.year.is_some();
                let b_had_year = cb.year.is_some();
                if !a_had_year && b_had_year {
                    ca.year = cb.year;
                }
                let start = self.resolve_cal(ca);
                if b_had_year || start.is_err() {
                    let end = self.resolve_cal(cb);
                    // `Nov-Feb 5th, 2017`: the start is in the year before.
                    if !a_had_year
                        && let (Ok(s), Ok(e)) = (&start, &end)
                        && s.start > e.start
                    {
                        let earlier = Cal {
                            year: ca.year.map(|y| y - 1),
                            ..ca
                        };
                        return Some((self.resolve_cal(earlier), end));
                    }
                    return Some((start, end));
                }
                let start_period = start.ok()?;
                let year = start_period.start.year();
                let same = Cal {
                    year: Some(year),
                    ..cb
                };
                let mut end = self.resolve_cal(same);
                if let Ok(e) = end
                    && e.start < start_period.start
                {
                    end = self.resolve_cal(Cal {
                        year: Some(year + 1),
                        ..cb
                    });
                }
                Some((Ok(start_period), end))
            }
            (Spec::Cal(ca), _) if ca.month.is_none() && ca.year.is_none() => None,
            (_, Spec::Cal(cb)) if cb.month.is_none() && cb.year.is_none() => None,
            _ => Some((self.period_of(a), self.period_of(b))),
        }
    }

    /// `since X`, `after X`, `before X`, `until X`, `by X`, `no later than
    /// X`, `later than X`, `starting X`, `beginning on X`, `>= X`.
    fn open(&self, i: usize) -> Option<Found> {
        let (at, kind) = match (self.key(i), self.key(i + 1), self.key(i + 2)) {
            ("since" | "starting" | "beginning" | "commencing", "on" | "from" | "in", _) => {
                (i + 2, Open::From)
            }
            ("since" | "starting" | "beginning" | "commencing", _, _) => (i + 1, Open::From),
            ("as", "of", _) | (">", "=", _) => (i + 2, Open::From),
            ("after", _, _) => (i + 1, Open::After),
            ("later" | "greater", "than", _) => (i + 2, Open::After),
            ("year", "greater" | "later" | "after", "than") => (i + 3, Open::After),
            ("before", _, _) | ("earlier", "than", _) => (
                if self.key(i) == "before" {
                    i + 1
                } else {
                    i + 2
                },
                Open::Before,
            ),
            ("until" | "till" | "til", _, _) => (i + 1, Open::Until),
            // `to date` (not `up to date`).
            ("to", "date", _) if i == 0 || self.key(i - 1) != "up" => {
                return Some(self.up_to_anchor(i + 2));
            }
            ("up", "to" | "until", _) => (i + 2, Open::Until),
            ("no" | "not", "later", "than") => (i + 3, Open::Until),
            ("by", _, _) => (i + 1, Open::By),
            _ => return None,
        };
        // `till date`: up to the anchor.
        if matches!(self.key(at), "date") && kind == Open::Until && self.key(i) != "up" {
            return Some(self.up_to_anchor(at + 1));
        }
        let item = self.side(at)?;
        if matches!(
            item.spec,
            Spec::Cal(Cal {
                month: None,
                year: None,
                ..
            })
        ) {
            return None;
        }
        let period = match self.period_of(item.spec) {
            Ok(p) => p,
            Err(reason) => return Some((item.next, Err(reason), item.relative)),
        };
        let (start, end, last) = match kind {
            Open::From => (Some(period.start), None, None),
            Open::After => (Some(period.end), None, None),
            Open::Before => (None, Some(period.start), None),
            Open::Until => (None, Some(period.end), Some(period.start)),
            Open::By => (None, Some(period.end), None),
        };
        let value = DateValue::Range {
            start,
            end,
            precision: period.precision,
            last_part_start: last,
        };
        Some((item.next, Ok(value), item.relative))
    }

    /// `to date`, `till date`: up to the anchor.
    fn up_to_anchor(&self, next: usize) -> Found {
        match self.anchor {
            Some(anchor) => (
                next,
                Ok(DateValue::Range {
                    start: None,
                    end: Some(anchor),
                    precision: Precision::Day,
                    last_part_start: None,
                }),
                true,
            ),
            None => (next, Err(Unresolved::NoAnchor), true),
        }
    }

    /// `X or later`, `X and after`, `X onwards`, `X or earlier`.
    fn postfix_open(&self, item: Item) -> Option<Found> {
        let next = item.next;
        let (after, from) = match (self.key(next), self.key(next + 1)) {
            ("or" | "and", "later" | "after" | "greater" | "beyond" | "more" | "onwards") => {
                (next + 2, true)
            }
            ("onwards" | "onward", _) => (next + 1, true),
            ("or" | "and", "earlier" | "before") => (next + 2, false),
            _ => return None,
        };
        // `after 6PM`: a following time belongs to the time, not the date.
        if self.t.get(after).is_some_and(|t| t.kind == Kind::Digits) {
            return None;
        }
        let period = match self.period_of(item.spec) {
            Ok(p) => p,
            Err(reason) => return Some((after, Err(reason), item.relative)),
        };
        let value = if from {
            DateValue::Range {
                start: Some(period.start),
                end: None,
                precision: period.precision,
                last_part_start: None,
            }
        } else {
            DateValue::Range {
                start: None,
                end: Some(period.end),
                precision: period.precision,
                last_part_start: None,
            }
        };
        Some((after, Ok(value), item.relative))
    }

    /// `2 weeks starting May 20th`, `a week starting tomorrow`, `within 9
    /// months`, `within next 10 months`.
    fn counted_range(&self, i: usize) -> Option<Found> {
        let within = self.key(i) == "within";
        let mut at = if within { i + 1 } else { i };
        if within && matches!(self.key(at), "next" | "the") {
            at += 1;
        }
        let (count_next, count) = if matches!(self.key(at), "a" | "an") {
            (at + 1, 1)
        } else {
            crate::quantities::numbers::integer_at(self.text, self.t, at)?
        };
        let unit = unit(self.key(count_next))?;
        let count = i32::try_from(count).ok()?;
        let months = match unit {
            words::Unit::Month => Some(count),
            words::Unit::Year => Some(12 * count),
            words::Unit::Quarter => Some(3 * count),
            _ => None,
        };
        let days = match unit {
            words::Unit::Day => Some(i64::from(count)),
            words::Unit::Week => Some(7 * i64::from(count)),
            words::Unit::Fortnight => Some(14 * i64::from(count)),
            _ => None,
        };
        let extend = |from: NaiveDate| -> Option<NaiveDate> {
            match (months, days) {
                (Some(m), _) => super::calendar::add_months(from, m),
                (_, Some(d)) => super::calendar::add_days(from, d),
                _ => None,
            }
        };
        let (start_item, next) = if within {
            let anchor_day = Item {
                next: count_next + 1,
                spec: match self.anchor {
                    Some(a) => Spec::Period(Period::day(a)),
                    None => Spec::Unresolved(Unresolved::NoAnchor),
                },
                relative: true,
                from_reference: false,
            };
            (anchor_day, count_next + 1)
        } else {
            if !matches!(self.key(count_next + 1), "starting" | "beginning") {
                return None;
            }
            let item = self.side(count_next + 2)?;
            (item, item.next)
        };
        let period = match self.period_of(start_item.spec) {
            Ok(p) => p,
            Err(reason) => return Some((next, Err(reason), true)),
        };
        let end = extend(period.start)?;
        let value = DateValue::Range {
            start: Some(period.start),
            end: Some(end),
            precision: Precision::Day,
            last_part_start: None,
        };
        let _ = unit_period;
        Some((next, Ok(value), start_item.relative || within))
    }
}

/// The kind of an open range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// From the first day on.
    From,
    /// From the day after on.
    After,
    /// Up to the day before.
    Before,
    /// Up to and including the last day.
    Until,
    /// By the end.
    By,
}

/// Words (besides months, weekdays, units, modifiers and numbers) that can
/// start a date expression.
const STARTERS: &[&str] = &[
    "the",
    "between",
    "from",
    "since",
    "starting",
    "beginning",
    "commencing",
    "as",
    "after",
    "later",
    "greater",
    "year",
    "before",
    "earlier",
    "until",
    "till",
    "til",
    "up",
    "no",
    "not",
    "by",
    "within",
    "to",
    "today",
    "tonight",
    "tomorrow",
    "tmrw",
    "tmr",
    "yesterday",
    "in",
    "a",
    "an",
    "early",
    "mid",
    "late",
    "end",
    "start",
    "middle",
    "q",
    "christmas",
    "xmas",
    "new",
    "easter",
    "good",
    "palm",
    "ash",
    "black",
    "thanksgiving",
    "labor",
    "labour",
    "memorial",
    "mother",
    "mothers",
    "father",
    "fathers",
    "halloween",
    "valentine",
    "valentines",
    "independence",
    "boxing",
    "veterans",
    "armistice",
    "saint",
    "st",
    "may",
    "spring",
    "summer",
    "autumn",
    "winter",
    "fall",
    "fiscal",
    "school",
    "financial",
    "academic",
    "fy",
    "sy",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
    "cy",
];
