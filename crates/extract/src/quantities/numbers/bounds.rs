//! Ranges and bounds over numbers: `between 5 and 10`, `20 to 30`,
//! `5k-20k`, `at least 60`, `200 or more`, `above 1000 and below 1500`.

use super::{Bounds, Grammar, NumberKind, NumberMatch, RangeForm, starts_qualifier};

impl Grammar<'_> {
    /// A range or bounded number at `i`.
    pub(super) fn range_at(&self, i: usize) -> Option<(usize, NumberMatch)> {
        let mut best: Option<(usize, NumberMatch)> = None;
        let mut consider = |candidate: Option<(usize, NumberMatch)>| {
            if let Some((next, found)) = candidate
                && best.as_ref().is_none_or(|(b, _)| next > *b)
            {
                best = Some((next, found));
            }
        };
        consider(self.between(i));
        consider(self.bounded(i));
        best
    }

    /// `between A and B`, `from A to B`, `A-B`, `A to B`, `A through B`, `A~B`.
    pub(super) fn between(&self, i: usize) -> Option<(usize, NumberMatch)> {
        let introducer = self.key(i);
        let (a_at, joiners): (usize, &[&str]) = match introducer {
            "between" => (i + 1, &["and", "to", "-", "~", "through"]),
            "from" => (i + 1, &["to", "till", "until", "through", "-", "~", "–"]),
            _ => (i, &["-", "~", "–", "to", "through"]),
        };
        let a = self.plain_at(a_at, true)?;
        if !matches!(a.kind, NumberKind::Cardinal | NumberKind::Percent) || a.unit_attached {
            return None;
        }
        let joiner = self.raw(a.next);
        let joiner_key = self.key(a.next);
        if !joiners.iter().any(|j| *j == joiner_key || *j == joiner) {
            return None;
        }
        let b = self.plain_at(a.next + 1, true)?;
        if !matches!(b.kind, NumberKind::Cardinal | NumberKind::Percent) || b.unit_attached {
            return None;
        }
        let (low, high) = (a.value?, b.value?);
        if high <= low {
            return None;
        }
        // Phone numbers and codes: `+1-222-2222`.
        let dash = matches!(joiner, "-" | "–" | "~");
        let chained = self.punct(b.next, b'-') && self.touches(b.next);
        let prefixed =
            a_at > 0 && self.touches(a_at) && matches!(self.key(a_at - 1), "+" | "-" | "/");
        if dash && (chained || prefixed) {
            return None;
        }
        let end = b.next;
        let found = NumberMatch {
            start: self.t[i].start,
            end: self.end_of(end),
            kind: NumberKind::Range,
            value: Some(low),
            bounds: Some(Bounds {
                low: Some(low),
                low_inclusive: true,
                high: Some(high),
                high_inclusive: false,
            }),
            form: Some(RangeForm::Between),
            relative: None,
            words: a.words || b.words,
            unit_attached: false,
            number_start: a.start,
        };
        Some((end, found))
    }

    /// A qualifier and a number (`at least 60`), a number and a qualifier
    /// (`200 or more`), or two bounds joined by `and`.
    pub(super) fn bounded(&self, i: usize) -> Option<(usize, NumberMatch)> {
        let (next, first) = self.one_bound(i)?;
        // `at most 100 and at least 20`, `above 1000 and below 1500`.
        if self.key(next) == "and"
            && let Some((after, second)) = self.one_bound(next + 1)
        {
            let (a, b) = (first.bounds?, second.bounds?);
            let combined = match (a.low, a.high, b.low, b.high) {
                (Some(low), None, None, Some(high)) if low < high => Some(Bounds {
                    low: Some(low),
                    low_inclusive: a.low_inclusive,
                    high: Some(high),
                    high_inclusive: b.high_inclusive,
                }),
                (None, Some(high), Some(low), None) if low < high => Some(Bounds {
                    low: Some(low),
                    low_inclusive: b.low_inclusive,
                    high: Some(high),
                    high_inclusive: a.high_inclusive,
                }),
                _ => None,
            };
            if let Some(bounds) = combined {
                let mut found = first;
                found.end = second.end;
                found.bounds = Some(bounds);
                found.form = Some(RangeForm::Between);
                return Some((after, found));
            }
        }
        Some((next, first))
    }

    /// One bound: a qualifier phrase and a number, or a number and `or more`.
    pub(super) fn one_bound(&self, i: usize) -> Option<(usize, NumberMatch)> {
        if let Some((after_phrase, form)) = self.qualifier(i) {
            let number = self.plain_at(after_phrase, true)?;
            if !matches!(number.kind, NumberKind::Cardinal | NumberKind::Percent) {
                return None;
            }
            let value = number.value?;
            let mut next = number.next;
            let mut form = form;
            // `more than 5000 or equal (to)`, `equal to 5000 or less`.
            if self.key(next) == "or" {
                let tail = self.or_tail(next + 1);
                if let Some((after, tail_form)) = tail {
                    form = match (form, tail_form) {
                        (RangeForm::MoreThan | RangeForm::Exactly, RangeForm::AtLeast) => {
                            RangeForm::AtLeast
                        }
                        (RangeForm::LessThan | RangeForm::Exactly, RangeForm::AtMost) => {
                            RangeForm::AtMost
                        }
                        (RangeForm::MoreThan, RangeForm::Exactly) => RangeForm::AtLeast,
                        (RangeForm::LessThan, RangeForm::Exactly) => RangeForm::AtMost,
                        _ => form,
                    };
                    next = after;
                }
            }
            return Some((
                next,
                self.bound_match(i, next, number.start, value, form, number.words),
            ));
        }
        // `200 or more`, `2012 or later`, `five hundred or less`.
        let number = self.plain_at(i, true)?;
        if number.kind != NumberKind::Cardinal || number.unit_attached {
            return None;
        }
        let value = number.value?;
        let (after, form) = match (self.key(number.next), self.key(number.next + 1)) {
            ("or" | "and", "more" | "greater" | "above" | "higher" | "over") => {
                (number.next + 2, RangeForm::AtLeast)
            }
            ("or" | "and", "less" | "fewer" | "lower" | "below" | "under") => {
                (number.next + 2, RangeForm::AtMost)
            }
            _ => return None,
        };
        if self.plain_at(after, false).is_some()
            || self.key(after) == "than" && self.plain_at(after + 1, false).is_some()
        {
            return None;
        }
        Some((
            after,
            self.bound_match(i, after, number.start, value, form, number.words),
        ))
    }

    /// After `or`: `equal (to)`, `more (than)`, `less`, when no number follows.
    pub(super) fn or_tail(&self, i: usize) -> Option<(usize, RangeForm)> {
        let (mut next, form) = match self.key(i) {
            "equal" => (i + 1, RangeForm::Exactly),
            "more" | "greater" | "above" => (i + 1, RangeForm::AtLeast),
            "less" | "fewer" | "below" => (i + 1, RangeForm::AtMost),
            _ => return None,
        };
        if matches!(self.key(next), "to" | "than") {
            next += 1;
        }
        if self.plain_at(next, false).is_some() {
            return None;
        }
        Some((next, form))
    }

    pub(super) fn bound_match(
        &self,
        i: usize,
        next: usize,
        number_start: usize,
        value: f64,
        form: RangeForm,
        words: bool,
    ) -> NumberMatch {
        let bounds = match form {
            RangeForm::MoreThan => Bounds {
                low: Some(value),
                low_inclusive: false,
                high: None,
                high_inclusive: false,
            },
            RangeForm::AtLeast => Bounds {
                low: Some(value),
                low_inclusive: true,
                high: None,
                high_inclusive: false,
            },
            RangeForm::LessThan => Bounds {
                low: None,
                low_inclusive: false,
                high: Some(value),
                high_inclusive: false,
            },
            RangeForm::AtMost => Bounds {
                low: None,
                low_inclusive: false,
                high: Some(value),
                high_inclusive: true,
            },
            RangeForm::Exactly | RangeForm::Between => Bounds {
                low: Some(value),
                low_inclusive: true,
                high: Some(value),
                high_inclusive: true,
            },
        };
        NumberMatch {
            start: self.t[i].start,
            end: self.end_of(next),
            kind: NumberKind::Range,
            value: Some(value),
            bounds: Some(bounds),
            form: Some(form),
            relative: None,
            words,
            unit_attached: false,
            number_start,
        }
    }

    /// A qualifier phrase at `i`: the token after it and its form.
    pub(super) fn qualifier(&self, i: usize) -> Option<(usize, RangeForm)> {
        let first = self.key(i);
        if first.is_empty() || !starts_qualifier(first) {
            return None;
        }
        QUALIFIERS
            .iter()
            .filter(|(words, _)| words[0] == first)
            .filter(|(words, _)| words.iter().enumerate().all(|(k, w)| self.key(i + k) == *w))
            .map(|(words, form)| (i + words.len(), *form))
            .max_by_key(|(next, _)| *next)
    }
}

/// Qualifier phrases and the bound they give (longest match wins).
const QUALIFIERS: &[(&[&str], RangeForm)] = &[
    (&["more", "than"], RangeForm::MoreThan),
    (&["greater", "than"], RangeForm::MoreThan),
    (&["bigger", "than"], RangeForm::MoreThan),
    (&["larger", "than"], RangeForm::MoreThan),
    (&["higher", "than"], RangeForm::MoreThan),
    (&["above"], RangeForm::MoreThan),
    (&["over"], RangeForm::MoreThan),
    (&["exceed"], RangeForm::MoreThan),
    (&["exceeds"], RangeForm::MoreThan),
    (&["exceeding"], RangeForm::MoreThan),
    (&["in", "excess", "of"], RangeForm::MoreThan),
    (&["upwards", "of"], RangeForm::MoreThan),
    (&[">"], RangeForm::MoreThan),
    (&["at", "least"], RangeForm::AtLeast),
    (&["no", "less", "than"], RangeForm::AtLeast),
    (&["no", "fewer", "than"], RangeForm::AtLeast),
    (&["not", "less", "than"], RangeForm::AtLeast),
    (&["bigger", "or", "equal", "than"], RangeForm::AtLeast),
    (&["greater", "or", "equal", "than"], RangeForm::AtLeast),
    (
        &["greater", "than", "or", "equal", "to"],
        RangeForm::AtLeast,
    ),
    (&["more", "than", "or", "equal", "to"], RangeForm::AtLeast),
    (&["bigger", "than", "or", "equal", "to"], RangeForm::AtLeast),
    (&["at", "least", "or", "equal", "to"], RangeForm::AtLeast),
    (&["equal", "to", "or", "more", "than"], RangeForm::AtLeast),
    (
        &["equal", "to", "or", "greater", "than"],
        RangeForm::AtLeast,
    ),
    (&[">", "="], RangeForm::AtLeast),
    (&["less", "than"], RangeForm::LessThan),
    (&["fewer", "than"], RangeForm::LessThan),
    (&["smaller", "than"], RangeForm::LessThan),
    (&["lower", "than"], RangeForm::LessThan),
    (&["below"], RangeForm::LessThan),
    (&["under"], RangeForm::LessThan),
    (&["<"], RangeForm::LessThan),
    (&["at", "most"], RangeForm::AtMost),
    (&["up", "to"], RangeForm::AtMost),
    (&["no", "more", "than"], RangeForm::AtMost),
    (&["not", "more", "than"], RangeForm::AtMost),
    (&["less", "than", "or", "equal", "to"], RangeForm::AtMost),
    (&["fewer", "than", "or", "equal", "to"], RangeForm::AtMost),
    (&["smaller", "or", "equal", "than"], RangeForm::AtMost),
    (&["smaller", "than", "or", "equal", "to"], RangeForm::AtMost),
    (&["less", "or", "equal", "than"], RangeForm::AtMost),
    (&["equal", "to", "or", "less", "than"], RangeForm::AtMost),
    (&["<", "="], RangeForm::AtMost),
    (&["equal", "to"], RangeForm::Exactly),
    (&["equals"], RangeForm::Exactly),
    (&["equaling", "to"], RangeForm::Exactly),
    (&["equalling", "to"], RangeForm::Exactly),
    (&["equals", "to"], RangeForm::Exactly),
];
