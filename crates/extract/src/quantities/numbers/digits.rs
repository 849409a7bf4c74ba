//! Numbers written with digits: separators (`2,000`, `1 414 021`,
//! `12,34,567.89`, `1.111,11`), exponents, letter suffixes, `a/b` fractions
//! and scale words after digits.

use super::{Grammar, NumberKind, Parsed};
use crate::quantities::lexicon::{is_ordinal_suffix, letter_suffix, scale};
use crate::quantities::tokens::Kind;

impl Grammar<'_> {
    /// A plain digit run's value (no separators).
    pub(super) fn plain_digits(&self, i: usize) -> Option<f64> {
        let token = self.t.get(i)?;
        if token.kind != Kind::Digits {
            return None;
        }
        let followed = self.t.get(i + 1).is_some_and(|t| {
            t.touches() && (t.kind != Kind::Punct || matches!(t.key(), "," | "." | "/" | ":"))
        });
        if followed && self.digits_follow(i + 1) {
            return None;
        }
        token.digits().map(|v| v as f64)
    }

    /// A number written with digits at `i` (or `.08`), with separators,
    /// exponents, suffixes, fractions and scale words.
    pub(super) fn digit_number(&self, i: usize) -> Option<Parsed> {
        let (mut next, mut value, integer) = self.formatted(i)?;
        let mut words = false;
        // Exponents: `1.3e6`, `12.32e+14`, `1.1^23`, `6.23x10^-4`.
        if let Some((after, exponent)) = self.exponent(next) {
            value *= 10f64.powi(exponent);
            next = after;
        } else if self.punct(next, b'^')
            && let Some((after, power)) = self.signed_int(next + 1)
        {
            value = value.powi(power);
            next = after;
        } else if self.key(next) == "x"
            && self.touches(next)
            && self.key(next + 1) == "10"
            && self.punct(next + 2, b'^')
            && let Some((after, power)) = self.signed_int(next + 3)
        {
            value *= 10f64.powi(power);
            next = after;
        }
        // Ordinals: `21st`, `4th`.
        if integer
            && self.touches(next)
            && self.word(next).is_some_and(is_ordinal_suffix)
            && !self.touches(next + 1)
        {
            return Some(self.parsed(i, next + 1, NumberKind::Ordinal, value, false));
        }
        // Fractions: `4/5`, `1 4/5`.
        if integer {
            if let Some((after, fraction)) = self.slash_fraction(i, next) {
                return Some(self.parsed(i, after, NumberKind::Cardinal, fraction, false));
            }
            if self
                .t
                .get(next)
                .is_some_and(|t| t.kind == Kind::Digits && t.space_before)
                && let Some((after, fraction)) = self.slash_fraction(next, next + 1)
                && fraction < 1.0
            {
                return Some(self.parsed(i, after, NumberKind::Cardinal, value + fraction, false));
            }
        }
        // Letter suffixes touching or after spaces: `10k`, `1.2b`, `- 10  k`, `1,674.5 G`.
        if let Some(multiplier) = self.t.get(next).and_then(|t| {
            (t.kind == Kind::Word && !self.word_continues(next))
                .then(|| letter_suffix(t.text(self.text)))
                .flatten()
                .filter(|_| t.touches() || self.raw(next).len() == 1)
        }) {
            return Some(self.parsed(i, next + 1, NumberKind::Cardinal, value * multiplier, false));
        }
        // Scale words: `3.5 million`, `3 hundred and 21`, `13 lakh`, `3 dzs`.
        let scale_follows = self
            .word(next)
            .is_some_and(|w| scale(w).is_some() || matches!(w, "dozen" | "dozens" | "dz" | "dzs"));
        if scale_follows && !self.touches(next) {
            if integer
                && value < 1000.0
                && let Some(spelled) = self.spelled(i, Some((value, next)))
            {
                return self.after_cardinal(i, spelled);
            }
            if let Some(multiplier) = self.word(next).and_then(scale).filter(|m| *m >= 1e3) {
                value *= multiplier;
                next += 1;
                words = true;
            }
        }
        let unit_attached = self
            .t
            .get(next)
            .is_some_and(|t| t.touches() && t.kind == Kind::Word);
        let mut parsed = self.parsed(i, next, NumberKind::Cardinal, value, words);
        parsed.unit_attached = unit_attached;
        if integer && !unit_attached {
            // `1 in twenty-one`, `two out of five hundred`.
            if let Some(ratio) = self.ratio(i, next, value) {
                return Some(ratio);
            }
        }
        Some(parsed)
    }

    /// Whether the word at `i` is followed by more letters or digits touching it.
    pub(super) fn word_continues(&self, i: usize) -> bool {
        self.t
            .get(i + 1)
            .is_some_and(|t| t.touches() && t.kind != Kind::Punct)
    }

    /// `e6`, `e+14`, `E-1` after a number: (next, exponent).
    pub(super) fn exponent(&self, i: usize) -> Option<(usize, i32)> {
        let token = self.t.get(i)?;
        if !(token.touches() && token.is("e")) {
            return None;
        }
        if self
            .t
            .get(i + 1)
            .is_some_and(|t| t.kind == Kind::Digits && t.touches())
        {
            return self.signed_int(i + 1);
        }
        if (self.punct(i + 1, b'+') || self.punct(i + 1, b'-')) && self.touches(i + 1) {
            return self.signed_int(i + 1);
        }
        None
    }

    /// An integer with an optional `+`/`-` sign at `i`.
    pub(super) fn signed_int(&self, i: usize) -> Option<(usize, i32)> {
        let (sign, at) = if self.punct(i, b'-') {
            (-1, i + 1)
        } else if self.punct(i, b'+') {
            (1, i + 1)
        } else {
            (1, i)
        };
        let token = self.t.get(at)?;
        let value = i32::try_from(token.digits()?).ok()?;
        Some((at + 1, sign * value))
    }

    /// `a/b` with a and b of one or two digits, starting at `i` whose number
    /// ended at `next`.
    pub(super) fn slash_fraction(&self, i: usize, next: usize) -> Option<(usize, f64)> {
        if next != i + 1
            || !self.punct(next, b'/')
            || !self.touches(next)
            || !self.touches(next + 1)
        {
            return None;
        }
        let numerator = self.t[i].digits()?;
        let denominator = self.t.get(next + 1)?.digits()?;
        let short = self.t[i].digit_count() <= 2 && self.t[next + 1].digit_count() <= 2;
        if !short || denominator == 0 || self.punct(next + 2, b'/') || self.touches_digits(next + 2)
        {
            return None;
        }
        Some((next + 2, numerator as f64 / denominator as f64))
    }

    pub(super) fn touches_digits(&self, i: usize) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| t.touches() && t.kind == Kind::Digits)
    }

    /// A number with digit-group separators at `i`: (next, value, is an integer).
    pub(super) fn formatted(&self, i: usize) -> Option<(usize, f64, bool)> {
        let first = self.t.get(i)?;
        if first.is_punct(b'.') {
            let digits = self.t.get(i + 1)?;
            let value: f64 = format!("0.{}", digits.text(self.text)).parse().ok()?;
            return Some((i + 2, value, false));
        }
        // Inside a list (`22,24,26,31`): one group only.
        if i >= 2
            && self.t[i - 1].is_punct(b',')
            && self.t[i - 1].touches()
            && self.t[i].touches()
            && self.t[i - 2].kind == Kind::Digits
        {
            let value: f64 = self.raw(i).parse().ok()?;
            return Some((i + 1, value, true));
        }
        // Groups joined by touching `,` or `.`, or by single spaces before 3 digits.
        let mut groups: Vec<(u8, usize)> = vec![(b' ', i)];
        let mut j = i + 1;
        while let Some(separator) = self.t.get(j) {
            let Some(digits) = self.t.get(j + 1) else {
                break;
            };
            if digits.kind != Kind::Digits {
                break;
            }
            if (separator.is_punct(b',') || separator.is_punct(b'.'))
                && separator.touches()
                && digits.touches()
            {
                groups.push((separator.key().as_bytes()[0], j + 1));
                j += 2;
                continue;
            }
            break;
        }
        // Space-separated thousands: `40 000`, `1 414 021 100`.
        if groups.len() == 1 && first.digit_count() <= 3 {
            let mut k = i + 1;
            let mut spaced = vec![];
            while let Some(t) = self.t.get(k) {
                let gap = &self.text[self.t[k - 1].end..t.start];
                if t.kind == Kind::Digits
                    && t.digit_count() == 3
                    && gap.chars().count() == 1
                    && !self.touches_digits(k + 1)
                    && !self.t.get(k + 1).is_some_and(|n| {
                        n.touches()
                            && (matches!(n.key(), "," | "/")
                                || (n.key() == "."
                                    && self.touches_digits(k + 2)
                                    && self.punct(k + 3, b'.')))
                    })
                {
                    spaced.push(k);
                    k += 1;
                } else {
                    break;
                }
            }
            if !spaced.is_empty() {
                let mut digits: String = std::iter::once(i)
                    .chain(spaced.iter().copied())
                    .map(|k| self.raw(k))
                    .collect();
                let mut integer = true;
                if self.punct(k, b'.') && self.touches(k) && self.touches_digits(k + 1) {
                    digits.push('.');
                    digits.push_str(self.raw(k + 1));
                    k += 2;
                    integer = false;
                }
                return Some((k, digits.parse().ok()?, integer));
            }
        }
        let raw = |k: usize| self.raw(k);
        let group_len = |(_, k): &(u8, usize)| self.t[*k].digit_count();
        if groups.len() == 1 {
            let value: f64 = raw(i).parse().ok()?;
            return Some((i + 1, value, true));
        }
        let separators: Vec<u8> = groups[1..].iter().map(|(s, _)| *s).collect();
        let lens: Vec<usize> = groups.iter().map(group_len).collect();
        let last = *separators.last()?;
        let all_same = separators.iter().all(|s| *s == last);
        let digits_of =
            |range: &[(u8, usize)]| -> String { range.iter().map(|(_, k)| raw(*k)).collect() };
        if all_same {
            let rest_three = lens[1..].iter().all(|l| *l == 3) && lens[0] <= 3;
            let indian = last == b','
                && lens.len() >= 3
                && lens[0] <= 2
                && *lens.last()? == 3
                && lens[1..lens.len() - 1].iter().all(|l| *l == 2);
            if rest_three && (last == b',' || groups.len() > 2) {
                // `2,000`, `1,674,200`, `1.111.111`.
                let value: f64 = digits_of(&groups).parse().ok()?;
                return Some((groups.last()?.1 + 1, value, true));
            }
            if indian {
                let value: f64 = digits_of(&groups).parse().ok()?;
                return Some((groups.last()?.1 + 1, value, true));
            }
            if groups.len() == 2 {
                // A decimal point or comma: `9.25`, `5,00`, `1,3`.
                let value: f64 = format!("{}.{}", raw(i), raw(groups[1].1)).parse().ok()?;
                return Some((groups[1].1 + 1, value, false));
            }
            // A list (`22,24,26`) or a dotted code: only the first group.
            let value: f64 = raw(i).parse().ok()?;
            return Some((i + 1, value, true));
        }
        // Mixed: the last separator is the decimal mark (`1,674.5`, `1.111,11`).
        let integer_part = &groups[..groups.len() - 1];
        let inner_ok = integer_part[1..]
            .iter()
            .all(|(s, k)| *s != last && self.t[*k].digit_count() == 3)
            || (last == b'.' && {
                let lens: Vec<usize> = integer_part.iter().map(group_len).collect();
                lens.len() >= 3 && lens[0] <= 2 && lens[lens.len() - 1] == 3
            });
        if !inner_ok || lens[0] > 3 {
            let value: f64 = raw(i).parse().ok()?;
            return Some((i + 1, value, true));
        }
        let value: f64 = format!("{}.{}", digits_of(integer_part), raw(groups.last()?.1))
            .parse()
            .ok()?;
        Some((groups.last()?.1 + 1, value, false))
    }
}
