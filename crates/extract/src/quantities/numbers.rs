//! The number grammar: numbers written in digits or words, ordinals,
//! fractions, percentages and ranges, found in plain text.
//!
//! [`find_numbers`] returns every number, ordinal and percentage of a text;
//! [`find_ranges`] the ranges and bounded numbers (`between 5 and 10`, `at
//! least 60`, `200 or more`). Both are pure functions of the text. What is read:
//!
//! | form | examples | value |
//! |---|---|---|
//! | digits | `61`, `2,000`, `1 414 021 100`, `12,34,567.89`, `.08`, `-9.5` | as written |
//! | decimal comma | `5,00`, `1,3`, `1.111,11` | 5, 1.3, 1111.11 |
//! | suffixes, scale words | `10k`, `1.2b`, `3.5 million`, `13 lakh`, `3 hundred and 21` | 1e4, 1.2e9, … |
//! | exponents | `1.3e6`, `2.5^-1`, `6.23x10^-4` | |
//! | words | `twenty-one trillion and three hundred`, `fifty - two`, `three dozens` | |
//! | decimals in words | `two hundred point zero three`, `nought point eleven` | 200.03, 0.11 |
//! | fractions | `4/5`, `1 4/5`, `two thirds`, `a quarter million`, `one over twenty`, `1 in 21`, `two out of five hundred` | |
//! | mixed | `one and a half`, `twenty and three fifths`, `2 million and a quarter` | 1.5, 20.6, 2.25e6 |
//! | sign | `-1`, `minus five point five`, `negative one` | |
//! | ordinals | `21st`, `twentieth`, `one hundred twenty-fifth`, `a hundred trillionth` | 21, 20, 125, 1e14 |
//! | relative ordinals | `next`, `last`, `penultimate`, `next to last` | `current+1`, `end+0`, `end-1`, … |
//! | percentages | `240 percent`, `5%`, `percents of twenty`, `per cent` | 240, 5, 20 |
//!
//! Choices: `a`/`an` count as one only before a scale or fraction word
//! (`a hundred`, `a fifth`); `one` after a determiner (`the one`, `which
//! one`) is a pronoun; `X out of Y` and `X over Y` are fractions only when X
//! < Y and `X in Y` only for X = 1 (`12 out of 10` is two numbers); a
//! singular ordinal after `a`/`one` is a fraction (`one eighth`), after a
//! larger number an ordinal (`one hundred twenty fifth` = 125th); digits
//! touching letters other than a multiplier (`29km`, `.25ml`) are
//! dimensions, marked [`NumberMatch::unit_attached`]; a `-` touching the
//! digits before it separates (`+1-222-2222`), it is a sign only after a
//! space.
//!
//! Known misses: `two hundred and fifty-four hundredths` reads as 254/100
//! (the suite has 200.54); `a third` inside `forty two and a third` is
//! not also an ordinal; roman numerals; numbers split across a line break.

use super::lexicon::{self, cardinal, ordinal, scale};
use super::tokens::{Kind, Token, tokenize};

/// What a number expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A count or measure: `61`, `two thirds`, `1.5 million`.
    Cardinal,
    /// A position: `21st`, `twentieth`.
    Ordinal,
    /// A position relative to the current or last item: `next`, `penultimate`.
    RelativeOrdinal,
    /// A percentage (`value` in percent units: `5%` → 5).
    Percent,
    /// A range or bound: see [`NumberMatch::bounds`].
    Range,
}

/// Bounds of a range; `None` is unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Lower bound.
    pub low: Option<f64>,
    /// Whether the lower bound is included.
    pub low_inclusive: bool,
    /// Upper bound.
    pub high: Option<f64>,
    /// Whether the upper bound is included.
    pub high_inclusive: bool,
}

/// The qualifier words a range was read from, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeForm {
    /// `between 5 and 10`, `20 to 30`, `5k-20k`.
    Between,
    /// `more than`, `over`, `above`, `exceeding`, `>`.
    MoreThan,
    /// `at least`, `no less than`, `200 or more`, `>=`.
    AtLeast,
    /// `less than`, `fewer than`, `under`, `below`, `<`.
    LessThan,
    /// `at most`, `up to`, `no more than`, `500 or less`, `<=`.
    AtMost,
    /// `equal to`, `equals`.
    Exactly,
}

/// One number expression found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What it is.
    pub kind: NumberKind,
    /// The value (for ranges: the first number written); `None` for a bare
    /// `percent` and for relative ordinals.
    pub value: Option<f64>,
    /// Bounds, for [`NumberKind::Range`].
    pub bounds: Option<Bounds>,
    /// How a range was written, for [`NumberKind::Range`].
    pub form: Option<RangeForm>,
    /// For relative ordinals: `current+1`, `current-1`, `current+0`, `end+0`, `end-1`.
    pub relative: Option<&'static str>,
    /// Written (at least partly) in words.
    pub words: bool,
    /// Digits touching a unit (`29km`, `.25ml`): a dimension, not a bare number.
    pub unit_attached: bool,
    /// Byte offset where the number itself starts (after a qualifier).
    pub number_start: usize,
}

/// Every number, ordinal and percentage of `text`, in order, without overlaps.
#[must_use]
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let lower = text.to_ascii_lowercase();
    let mut tokens = Vec::new();
    tokenize(text, &lower, &mut tokens);
    numbers_in(text, &tokens)
}

/// Every range or bounded number of `text`, in order, without overlaps.
#[must_use]
pub fn find_ranges(text: &str) -> Vec<NumberMatch> {
    let lower = text.to_ascii_lowercase();
    let mut tokens = Vec::new();
    tokenize(text, &lower, &mut tokens);
    ranges_in(text, &tokens)
}

/// For each token position, the nearest position at or after it holding
/// digits or a number word: a number expression holds one, so positions
/// with none within a few tokens are skipped without parsing.
fn next_cores(tokens: &[Token<'_>]) -> Vec<usize> {
    let mut next = vec![usize::MAX; tokens.len() + 1];
    for i in (0..tokens.len()).rev() {
        let token = &tokens[i];
        let core = match token.kind {
            Kind::Digits => true,
            Kind::Punct => token.is_punct(b'%'),
            Kind::Word => is_number_core(token.key()),
        };
        next[i] = if core { i } else { next[i + 1] };
    }
    next
}

/// Whether `key` is a word a number expression is built on.
fn is_number_core(key: &str) -> bool {
    cardinal(key).is_some()
        || ordinal(key).is_some()
        || scale(key).is_some()
        || lexicon::scale_ordinal(key).is_some()
        || matches!(
            key,
            "percent"
                | "percents"
                | "percentage"
                | "next"
                | "last"
                | "previous"
                | "current"
                | "penultimate"
                | "dozen"
                | "dozens"
        )
}

/// [`find_numbers`] on tokens already made.
pub(crate) fn numbers_in(text: &str, tokens: &[Token<'_>]) -> Vec<NumberMatch> {
    scan(text, tokens, 4, |_, _| true, Grammar::longest_at)
}

/// [`find_ranges`] on tokens already made.
pub(crate) fn ranges_in(text: &str, tokens: &[Token<'_>]) -> Vec<NumberMatch> {
    scan(text, tokens, 6, Grammar::may_start, Grammar::range_at)
}

/// Tries `match_at` left to right at every token that `may_start` accepts and
/// that has a number core within `reach` tokens, keeping the first match at a
/// position and resuming after it.
fn scan<'a>(
    text: &'a str,
    tokens: &'a [Token<'a>],
    reach: usize,
    may_start: impl Fn(&Grammar<'a>, usize) -> bool,
    match_at: impl Fn(&Grammar<'a>, usize) -> Option<(usize, NumberMatch)>,
) -> Vec<NumberMatch> {
    let grammar = Grammar { text, t: tokens };
    let next_core = next_cores(tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let found = if next_core[i].saturating_sub(i) > reach || !may_start(&grammar, i) {
            None
        } else {
            match_at(&grammar, i)
        };
        if let Some((next, found)) = found {
            out.push(found);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

/// A whole number written in words or plain digits starting at token `i`
/// (`two`, `eleven`, `two thousand and twenty`, `40`), without fraction or
/// ordinal tails (`two quarters` is 2, then `quarters`), and the token after it.
pub(crate) fn integer_at(text: &str, tokens: &[Token<'_>], i: usize) -> Option<(usize, u64)> {
    let grammar = Grammar { text, t: tokens };
    let token = tokens.get(i)?;
    if token.kind == Kind::Digits {
        let touching = tokens.get(i + 1).is_some_and(|t| {
            t.touches() && (t.kind != Kind::Punct || grammar.digits_follow(i + 1))
        });
        return (!touching).then_some((i + 1, token.digits()?));
    }
    if matches!(token.key(), "a" | "an") {
        return None;
    }
    let spelled = grammar.spelled(i, None)?;
    let value = spelled.value;
    (value.fract() == 0.0 && value >= 0.0).then_some((spelled.next, value as u64))
}

/// The value of an ordinal written in words or digits (`4th`, `thirty first`)
/// starting at token `i`, and the token after it.
pub(crate) fn ordinal_at(text: &str, tokens: &[Token<'_>], i: usize) -> Option<(usize, u64)> {
    let grammar = Grammar { text, t: tokens };
    let number = grammar.plain_at(i, false)?;
    if number.kind != NumberKind::Ordinal {
        return None;
    }
    let value = number.value?;
    (value.fract() == 0.0 && value >= 0.0).then_some((number.next, value as u64))
}

/// A number read at a token position: the token after it and the match.
struct Parsed {
    next: usize,
    kind: NumberKind,
    value: Option<f64>,
    words: bool,
    unit_attached: bool,
    start: usize,
    end: usize,
}

impl Parsed {
    fn into_match(self) -> NumberMatch {
        NumberMatch {
            start: self.start,
            end: self.end,
            kind: self.kind,
            value: self.value,
            bounds: None,
            form: None,
            relative: None,
            words: self.words,
            unit_attached: self.unit_attached,
            number_start: self.start,
        }
    }
}

/// A spelled-out (or digits-then-scale) integer part.
#[derive(Debug, Clone, Copy)]
struct Spelled {
    next: usize,
    value: f64,
    /// The scale word (≥ 1000) that ended the last complete group, or 1.
    last_scale: f64,
    /// Where the number would split for `X and <fraction>`: (token after
    /// the `and`, value before it, multiplier for the fraction).
    split: Option<(usize, f64, f64)>,
    /// The last word was a tens word (`twenty`) at this token.
    last_tens: Option<(usize, u32)>,
    /// The whole number is the single word `a`/`an`/`one` or digit `1`.
    is_one_word: bool,
    words: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
}

struct Grammar<'a> {
    text: &'a str,
    t: &'a [Token<'a>],
}

const DETERMINERS: &[&str] = &[
    "the", "this", "that", "which", "any", "every", "each", "no", "another", "one",
];

impl Grammar<'_> {
    fn key(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.key())
    }

    fn word(&self, i: usize) -> Option<&str> {
        self.t
            .get(i)
            .filter(|t| t.kind == Kind::Word)
            .map(Token::key)
    }

    fn punct(&self, i: usize, c: u8) -> bool {
        self.t.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn touches(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(Token::touches)
    }

    fn raw(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.text(self.text))
    }

    fn end_of(&self, next: usize) -> usize {
        self.t[next - 1].end
    }

    /// Whether a number or range can start at token `i` (a cheap filter).
    fn may_start(&self, i: usize) -> bool {
        let token = &self.t[i];
        match token.kind {
            Kind::Digits => true,
            Kind::Punct => matches!(token.key(), "-" | "." | ">" | "<" | "="),
            Kind::Word => {
                let key = token.key();
                !key.is_empty() && (starts_number_word(key) || starts_qualifier(key))
            }
        }
    }

    /// The longest number, ordinal, percentage or relative ordinal at `i`.
    fn longest_at(&self, i: usize) -> Option<(usize, NumberMatch)> {
        if !self.may_start(i) {
            return None;
        }
        let mut best: Option<(usize, NumberMatch)> = None;
        if let Some(number) = self.plain_at(i, true) {
            let next = number.next;
            best = Some((next, number.into_match()));
        }
        if let Some((next, found)) = self.percent_word_first(i)
            && best.as_ref().is_none_or(|(b, _)| next > *b)
        {
            best = Some((next, found));
        }
        if let Some((next, found)) = self.relative_ordinal(i)
            && best.as_ref().is_none_or(|(b, _)| next > *b)
        {
            best = Some((next, found));
        }
        best
    }

    /// A number with its percent sign or word, if any, at `i`.
    fn plain_at(&self, i: usize, signed: bool) -> Option<Parsed> {
        let mut parsed = self.signed_number(i, signed)?;
        // Percentages.
        let j = parsed.next;
        if parsed.kind == NumberKind::Cardinal {
            let percent_end = if self.punct(j, b'%')
                || matches!(self.key(j), "percent" | "percentage" | "pct" | "percents")
            {
                Some(j + 1)
            } else if self.key(j) == "per" && self.key(j + 1) == "cent" {
                Some(j + 2)
            } else {
                None
            };
            if let Some(next) = percent_end {
                parsed.kind = NumberKind::Percent;
                parsed.next = next;
                parsed.end = self.end_of(next);
                parsed.unit_attached = false;
            }
        }
        Some(parsed)
    }

    /// A number with an optional sign (`-`, `minus`, `negative`) at `i`.
    fn signed_number(&self, i: usize, signed: bool) -> Option<Parsed> {
        let token = self.t.get(i)?;
        let sign_word = matches!(token.key(), "minus" | "negative");
        let sign_dash = (token.is_punct(b'-') || token.text(self.text) == "\u{2212}")
            && token.space_before
            && self.t.get(i + 1).is_some_and(|t| {
                (t.kind == Kind::Digits || t.is_punct(b'.'))
                    && self.text[token.end..t.start].len() <= 1
            });
        if signed && (sign_word || sign_dash) {
            let mut parsed = self.number(i + 1)?;
            parsed.value = parsed.value.map(|v| -v);
            parsed.start = token.start;
            parsed.words |= sign_word;
            return Some(parsed);
        }
        self.number(i)
    }

    /// A number (digits or words, fractions, ordinals) at `i`, unsigned.
    fn number(&self, i: usize) -> Option<Parsed> {
        let token = self.t.get(i)?;
        if token.kind == Kind::Digits || (token.is_punct(b'.') && self.digits_follow(i)) {
            return self.digit_number(i);
        }
        let key = token.key();
        // `half million`, `quarter million`.
        if matches!(key, "half" | "quarter")
            && let Some(multiplier) = self.word(i + 1).and_then(scale)
        {
            let part = if key == "half" { 0.5 } else { 0.25 };
            return Some(self.parsed(i, i + 2, NumberKind::Cardinal, part * multiplier, true));
        }
        if let Some(spelled) = self.spelled(i, None) {
            return self.after_cardinal(i, spelled);
        }
        // An ordinal or fraction denominator with no number before it.
        let (next, value, plural, _) = self.denominator(i)?;
        (!plural && !matches!(key, "half" | "quarter"))
            .then(|| self.parsed(i, next, NumberKind::Ordinal, value, true))
    }

    fn digits_follow(&self, i: usize) -> bool {
        self.t
            .get(i + 1)
            .is_some_and(|t| t.kind == Kind::Digits && t.touches())
    }

    fn parsed(&self, i: usize, next: usize, kind: NumberKind, value: f64, words: bool) -> Parsed {
        Parsed {
            next,
            kind,
            value: Some(value),
            words,
            unit_attached: false,
            start: self.t[i].start,
            end: self.end_of(next),
        }
    }

    /// After a spelled integer: a fraction, an ordinal, `X and <fraction>`,
    /// `X over Y`, `X out of Y` — or the integer itself.
    fn after_cardinal(&self, i: usize, spelled: Spelled) -> Option<Parsed> {
        let j = spelled.next;
        // A denominator: `two thirds`, `one hundred thirty-fifths`, `a trillionth`.
        let hyphen_tens = spelled
            .last_tens
            .filter(|(at, _)| at + 1 == j && self.punct(j, b'-') && self.touches(j + 1));
        let denominator = if let Some((tens_at, tens)) = hyphen_tens {
            self.denominator(j + 1)
                .and_then(|(next, value, plural, scaled)| {
                    (value < 10.0 && !scaled).then_some((
                        next,
                        value + f64::from(tens),
                        plural,
                        Some((tens_at, tens)),
                    ))
                })
        } else {
            let after_hyphen = if self.punct(j, b'-') && self.touches(j) && self.touches(j + 1) {
                j + 1
            } else {
                j
            };
            self.denominator(after_hyphen)
                .map(|(next, value, plural, _)| (next, value, plural, None))
        };
        if let Some((next, den, plural, moved_tens)) = denominator {
            let numerator = spelled.value - moved_tens.map_or(0.0, |(_, t)| f64::from(t));
            let den_word = self.key(next - 1);
            let half_or_quarter = den_word.starts_with("half")
                || den_word.starts_with("halv")
                || den_word.starts_with("quarter");
            if numerator == 0.0 && moved_tens.is_some() {
                // `twenty-first`: an ordinal.
                return Some(self.parsed(i, next, NumberKind::Ordinal, den, spelled.words));
            }
            // Split `twenty and three fifths` at its last `and`.
            let (whole, part_numerator, multiplier) = match spelled.split {
                Some((at, before, multiplier)) => {
                    let part = self.spelled(at, None).map_or(numerator, |s| s.value);
                    (before, part, multiplier)
                }
                None => (0.0, numerator, 1.0),
            };
            let fraction = plural
                || spelled.is_one_word
                || half_or_quarter
                || (spelled.split.is_some() && is_one(part_numerator));
            if fraction && numerator > 0.0 {
                let mut value = whole + part_numerator / den * multiplier;
                let mut end = next;
                // `two thirds of a million`, `a quarter million`.
                if let Some((after, multiplier)) = self.trailing_scale(next) {
                    value *= multiplier;
                    end = after;
                }
                return Some(self.parsed(i, end, NumberKind::Cardinal, value, true));
            }
            if !fraction {
                // `one hundred twenty fifth`, `a hundred trillionth`.
                let value = if den >= 100.0 && den.log10().fract() == 0.0 {
                    numerator.max(1.0) * den
                } else {
                    numerator + den
                };
                return Some(self.parsed(i, next, NumberKind::Ordinal, value, spelled.words));
            }
        }
        // `one and a half`, `3 million and a quarter`, `one billion and a quarter million`.
        if self.key(j) == "and"
            && let Some(part) = self.fraction_after_and(j + 1)
        {
            let (next, value, own_scale) = part;
            let multiplier = if own_scale { 1.0 } else { spelled.last_scale };
            return Some(self.parsed(
                i,
                next,
                NumberKind::Cardinal,
                spelled.value + value * multiplier,
                true,
            ));
        }
        // `one over twenty`, `two out of five hundred`, `1 in twenty-one`.
        if let Some(parsed) = self.ratio(i, j, spelled.value) {
            return Some(parsed);
        }
        // `two hundred point zero three`.
        if self.key(j) == "point"
            && let Some((next, fraction)) = self.spoken_decimals(j + 1)
        {
            return Some(self.parsed(
                i,
                next,
                NumberKind::Cardinal,
                spelled.value + fraction,
                true,
            ));
        }
        // `a`/`an` alone, `one` as a pronoun.
        if spelled.is_one_word && spelled.words {
            let key = self.key(i);
            if matches!(key, "a" | "an") {
                return None;
            }
            let previous = i.checked_sub(1).map_or("", |p| self.key(p));
            if key == "one" && (DETERMINERS.contains(&previous) || self.key(j) == "of") {
                return None;
            }
        }
        Some(self.parsed(i, j, NumberKind::Cardinal, spelled.value, spelled.words))
    }

    /// `X over Y`, `X out of Y` (X < Y) and `1 in Y`.
    fn ratio(&self, i: usize, j: usize, numerator: f64) -> Option<Parsed> {
        let (after, allowed) = match self.key(j) {
            "over" => (j + 1, true),
            "out" if self.key(j + 1) == "of" => (j + 2, true),
            "in" => (j + 1, is_one(numerator)),
            _ => return None,
        };
        if !allowed {
            return None;
        }
        let denominator = self.number(after)?;
        let den = denominator.value?;
        if denominator.kind != NumberKind::Cardinal || den <= numerator || den == 0.0 {
            return None;
        }
        Some(self.parsed(
            i,
            denominator.next,
            NumberKind::Cardinal,
            numerator / den,
            true,
        ))
    }

    /// A fraction after `and`: `a half`, `one fourth`, `three fifths`, `a
    /// quarter million`; (next, value, whether it carried its own scale).
    fn fraction_after_and(&self, i: usize) -> Option<(usize, f64, bool)> {
        let numerator = match self.key(i) {
            "a" | "an" => (i + 1, 1.0),
            _ => {
                let spelled = self.spelled(i, None)?;
                (spelled.next, spelled.value)
            }
        };
        let (next, den, _, _) = self.denominator(numerator.0)?;
        let value = numerator.1 / den;
        match self.trailing_scale(next) {
            Some((after, multiplier)) => Some((after, value * multiplier, true)),
            None => Some((next, value, false)),
        }
    }

    /// `million` or `of a million` after a fraction.
    fn trailing_scale(&self, i: usize) -> Option<(usize, f64)> {
        if let Some(multiplier) = self.word(i).and_then(scale).filter(|m| *m >= 1e3) {
            return Some((i + 1, multiplier));
        }
        if self.key(i) == "of"
            && matches!(self.key(i + 1), "a" | "an")
            && let Some(multiplier) = self.word(i + 2).and_then(scale).filter(|m| *m >= 1e3)
        {
            return Some((i + 3, multiplier));
        }
        None
    }

    /// Spoken decimal digits after `point`: `zero three` → 0.03, `eleven` → 0.11.
    fn spoken_decimals(&self, mut i: usize) -> Option<(usize, f64)> {
        let mut digits = String::new();
        while let Some(value) = self.word(i).and_then(cardinal) {
            if value >= 20 && value % 10 != 0 {
                break;
            }
            digits.push_str(&value.to_string());
            i += 1;
        }
        if digits.is_empty() {
            return None;
        }
        let fraction: f64 = format!("0.{digits}").parse().ok()?;
        Some((i, fraction))
    }

    /// A fraction denominator or ordinal at `i`: (next, value, plural, is a
    /// scale ordinal). Compound tens (`twenty-first`, `twenty firsts`) included.
    fn denominator(&self, i: usize) -> Option<(usize, f64, bool, bool)> {
        let word = self.word(i)?;
        if let Some(tens) = cardinal(word).filter(|v| *v >= 20 && v % 10 == 0) {
            let after = if self.punct(i + 1, b'-') {
                i + 2
            } else {
                i + 1
            };
            let (value, plural) = self.word(after).and_then(ordinal)?;
            if value >= 10 || matches!(self.key(after), "half" | "quarter" | "halves") {
                return None;
            }
            return Some((after + 1, f64::from(tens + value), plural, false));
        }
        if let Some((value, plural)) = ordinal(word) {
            return Some((i + 1, f64::from(value), plural, false));
        }
        let (value, plural) = lexicon::scale_ordinal(word)?;
        Some((i + 1, value, plural, true))
    }

    /// A spelled integer at `i` (words, or digits followed by scale words
    /// when `initial` holds the digits' value).
    fn spelled(&self, i: usize, initial: Option<(f64, usize)>) -> Option<Spelled> {
        let mut total = 0.0_f64;
        let mut group = 0.0_f64;
        let mut last = Last::Start;
        let mut last_scale = 1.0;
        let mut scale_limit = f64::INFINITY;
        let mut consumed_end = i;
        let mut j = i;
        let mut split = None;
        let mut last_tens = None;
        let mut is_one_word = false;
        let mut words = false;
        let mut small = 0.0_f64;
        if let Some((value, next)) = initial {
            group = value;
            last = if value < 10.0 { Last::Unit } else { Last::Teen };
            small = value;
            j = next;
            consumed_end = next;
        } else if matches!(self.key(i), "a" | "an") {
            // `a hundred`, `a dozen`, `a million`.
            let next = self.key(i + 1);
            if scale(next).is_none() && !matches!(next, "dozen" | "dozens") {
                // `a fifth` is handled by the caller through `one word`.
                if self.denominator(i + 1).is_some() {
                    return Some(Spelled {
                        next: i + 1,
                        value: 1.0,
                        last_scale: 1.0,
                        split: None,
                        last_tens: None,
                        is_one_word: true,
                        words: true,
                    });
                }
                return None;
            }
            group = 1.0;
            small = 1.0;
            last = Last::Unit;
            j = i + 1;
            consumed_end = j;
            words = true;
        }
        let mut pending_and: Option<(usize, Last)> = None;
        while let Some(token) = self.t.get(j) {
            let key = token.key();
            if key == "and"
                && matches!(
                    last,
                    Last::Hundred | Last::Scale | Last::Tens | Last::Unit | Last::Teen
                )
            {
                pending_and = Some((j, last));
                j += 1;
                continue;
            }
            if token.is_punct(b'-') && last == Last::Tens && pending_and.is_none() {
                // `twenty-one`, `fifty - two`: only before a unit word.
                if self
                    .word(j + 1)
                    .and_then(cardinal)
                    .is_some_and(|v| (1..10).contains(&v))
                {
                    j += 1;
                    continue;
                }
                break;
            }
            let allowed_after_and = |value_last: Last| {
                pending_and.is_none_or(|(_, before)| {
                    matches!(before, Last::Hundred | Last::Scale)
                        || matches!(
                            (before, value_last),
                            (Last::Tens | Last::Unit | Last::Teen, _)
                        )
                })
            };
            if token.kind == Kind::Word
                && let Some(value) = cardinal(key)
                && !(pending_and.is_some_and(|(_, before)| before == Last::Hundred)
                    && self
                        .word(j + 1)
                        .is_some_and(|w| matches!(w, "hundred" | "hundreds")))
            {
                let value = f64::from(value);
                let class = if value < 10.0 {
                    Last::Unit
                } else if value < 20.0 {
                    Last::Teen
                } else {
                    Last::Tens
                };
                let fits = match class {
                    Last::Unit => match last {
                        Last::Start | Last::Hundred | Last::Scale | Last::Tens => true,
                        Last::Unit | Last::Teen => pending_and.is_some(),
                    },
                    _ => match last {
                        Last::Start | Last::Hundred | Last::Scale => true,
                        _ => pending_and.is_some() && class != Last::Tens,
                    },
                };
                if !fits || !allowed_after_and(class) {
                    break;
                }
                if let Some((and_at, before)) = pending_and.take() {
                    let value_before = total + group;
                    let multiplier = if before == Last::Scale {
                        last_scale
                    } else {
                        1.0
                    };
                    if matches!(before, Last::Tens | Last::Unit | Last::Teen)
                        || before == Last::Scale
                    {
                        split = Some((and_at + 1, value_before, multiplier));
                    }
                }
                if last == Last::Tens && class == Last::Unit {
                    small += value;
                } else {
                    small = value;
                }
                group += value;
                last = class;
                last_tens = (class == Last::Tens).then_some((j, value as u32));
                words = true;
                is_one_word = consumed_end == i && is_one(value);
                j += 1;
                consumed_end = j;
                continue;
            }
            if token.kind == Kind::Digits
                && matches!(last, Last::Hundred | Last::Scale)
                && self.word(j + 1).is_none_or(|w| scale(w).is_none())
                && let Some(value) = self.plain_digits(j)
            {
                // `3 hundred and 21` (but `3 hundred and 2 hundred` is two numbers).
                pending_and = None;
                group += value;
                small = value;
                last = Last::Unit;
                j += 1;
                consumed_end = j;
                continue;
            }
            if matches!(key, "hundred" | "hundreds") && pending_and.is_none() {
                if group <= 0.0
                    || group >= 100.0
                    || !matches!(last, Last::Unit | Last::Teen | Last::Tens)
                {
                    break;
                }
                group *= 100.0;
                last = Last::Hundred;
                last_tens = None;
                words = true;
                j += 1;
                consumed_end = j;
                continue;
            }
            if matches!(key, "dozen" | "dozens" | "dz" | "dzs") && pending_and.is_none() {
                if small <= 0.0 || !matches!(last, Last::Unit | Last::Teen | Last::Tens) {
                    break;
                }
                group += small * 11.0;
                last = Last::Scale;
                last_tens = None;
                words = true;
                j += 1;
                consumed_end = j;
                continue;
            }
            if token.kind == Kind::Word
                && pending_and.is_none()
                && let Some(multiplier) = scale(key).filter(|m| *m >= 1e3)
            {
                if group <= 0.0 || multiplier >= scale_limit {
                    break;
                }
                total += group * multiplier;
                group = 0.0;
                last = Last::Scale;
                last_scale = multiplier;
                scale_limit = multiplier;
                last_tens = None;
                words = true;
                j += 1;
                consumed_end = j;
                continue;
            }
            break;
        }
        if consumed_end == i || (initial.is_none() && !words) {
            return None;
        }
        if initial.is_some() && !words {
            return None;
        }
        Some(Spelled {
            next: consumed_end,
            value: total + group,
            last_scale: if group > 0.0 { 1.0 } else { last_scale },
            split,
            last_tens,
            is_one_word,
            words,
        })
    }

    /// `percents of twenty` and a bare `percent`/`percentage` (no value).
    fn percent_word_first(&self, i: usize) -> Option<(usize, NumberMatch)> {
        let key = self.key(i);
        if !matches!(key, "percent" | "percents" | "percentage") {
            return None;
        }
        let previous_is_number =
            i > 0 && (self.t[i - 1].kind == Kind::Digits || cardinal(self.key(i - 1)).is_some());
        if previous_is_number {
            return None;
        }
        if self.key(i + 1) == "of"
            && let Some(number) = self.number(i + 2)
            && number.kind == NumberKind::Cardinal
        {
            let mut parsed = self.parsed(i, number.next, NumberKind::Percent, number.value?, true);
            parsed.words = true;
            return Some((number.next, parsed.into_match()));
        }
        let mut parsed = self.parsed(i, i + 1, NumberKind::Percent, 0.0, true);
        parsed.value = None;
        Some((i + 1, parsed.into_match()))
    }

    /// `next`, `last`, `previous`, `current`, `penultimate`, `next to last`,
    /// `the one before the last`, `next one`.
    fn relative_ordinal(&self, i: usize) -> Option<(usize, NumberMatch)> {
        let (next, value) = match self.key(i) {
            "next" if self.key(i + 1) == "to" && self.key(i + 2) == "last" => (i + 3, "end-1"),
            "next" if self.key(i + 1) == "one" => (i + 2, "current+1"),
            "next" => (i + 1, "current+1"),
            "last" => (i + 1, "end+0"),
            "previous" => (i + 1, "current-1"),
            "current" => (i + 1, "current+0"),
            "penultimate" => (i + 1, "end-1"),
            "the"
                if self.key(i + 1) == "one"
                    && self.key(i + 2) == "before"
                    && self.key(i + 3) == "the"
                    && self.key(i + 4) == "last" =>
            {
                (i + 5, "end-1")
            }
            _ => return None,
        };
        let mut parsed = self.parsed(i, next, NumberKind::RelativeOrdinal, 0.0, true);
        parsed.value = None;
        let mut found = parsed.into_match();
        found.relative = Some(value);
        Some((next, found))
    }
}

/// Whether `value` is exactly one (as written: `a`, `one`, `1`).
fn is_one(value: f64) -> bool {
    (value - 1.0).abs() < f64::EPSILON
}

/// Whether `key` can open a qualifier phrase.
fn starts_qualifier(key: &str) -> bool {
    matches!(
        key,
        "more"
            | "greater"
            | "bigger"
            | "larger"
            | "higher"
            | "above"
            | "over"
            | "exceed"
            | "exceeds"
            | "exceeding"
            | "in"
            | "upwards"
            | ">"
            | "at"
            | "no"
            | "not"
            | "equal"
            | "less"
            | "fewer"
            | "smaller"
            | "lower"
            | "below"
            | "under"
            | "<"
            | "up"
            | "equals"
            | "equaling"
            | "equalling"
            | "between"
            | "from"
    )
}

/// Whether `key` can open a number written in words (or a relative ordinal).
fn starts_number_word(key: &str) -> bool {
    cardinal(key).is_some()
        || ordinal(key).is_some()
        || lexicon::scale_ordinal(key).is_some()
        || matches!(
            key,
            "a" | "an"
                | "minus"
                | "negative"
                | "percent"
                | "percents"
                | "percentage"
                | "next"
                | "last"
                | "previous"
                | "current"
                | "penultimate"
                | "the"
        )
}

mod bounds;
mod digits;
#[cfg(test)]
mod tests;
