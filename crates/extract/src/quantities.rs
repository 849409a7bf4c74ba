//! Counted facts: numbers with their qualifier, unit and counted noun (the
//! `quantities` table).
//!
//! [`QuantityFinder`] scans each sentence for cardinal numbers written as
//! digits (`61`, `2,000`, `1.5 million`) or words (`three`, `five dozen` →
//! 60, `twenty-five`, `a dozen`), vague plurals (`dozens of` → 12,
//! `hundreds of` → 100, `thousands of` → 1,000, `tens of thousands of` →
//! 10,000: the conservative reading, the least the words can mean), ranges
//! read by the number grammar ([`numbers::find_ranges`]: `20 to 30 rockets`,
//! `between 5 and 10 per cent`, qualifier `between`, low and high both
//! inclusive), and money (`$5 million` → 5,000,000 `USD`), then reads:
//!
//! - the **qualifier** before the number, normalised:
//!   `at least` / `no fewer than` → `at_least` (low = value);
//!   `more than` / `over` / `above` / `upwards of` → `more_than` (low =
//!   value + 1 for a whole count, `more than five dozen` → 61; low = value
//!   for a measure such as `more than 5%`);
//!   `about` / `around` / `some` / `roughly` / `approximately` / `an estimated`
//!   → `about` (no bounds), and `nearly` / `almost` / `close to` → `about`
//!   with high = value;
//!   `up to` / `at most` / `no more than` / `as many as` → `up_to` (high =
//!   value); `fewer than` / `less than` / `under` / `below` → `less_than`
//!   (high = value − 1 for a whole count, else value); `exactly` /
//!   `precisely` → `exactly` (low = high = value). Vague plurals (`hundreds
//!   of civilians`) are `at_least` with low = the unit (100) and no high bound;
//! - the **unit** after the number: `percent` (`%`, `percent`, `per cent`),
//!   `percentage_points`, `km`, `miles`, `m`, and currencies (`$`/`dollars` → `USD`, `€`/`euros` →
//!   `EUR`, `£` → `GBP`); measures get no noun;
//! - the **noun**: the head of the noun phrase after the number, skipping
//!   modifiers (`at least 60 US personnel` → `personnel`, `2,000 US forces`
//!   → `forces`); the phrase ends at a function word, punctuation, a
//!   participle after the head (`civilians trapped`) or four words. A phrase
//!   of one word continues over `and` into an all-lower-case phrase of two or
//!   more words (`two weapons and ammunition storage sites` → `sites`).
//!
//! **Ellipsis rule**: a number with no noun and no unit (`Of those, 29 have
//! been in Iraq and 32 in Syria`) inherits the noun of the most recent
//! quantity with a noun in the same or the previous sentence (`61 attacks` →
//! `attacks`); its span then ends at the number.
//!
//! Not quantities: numbers inside a date already found (`Oct. 17`, read from
//! the `dates` layer, so [`crate::dates::DateResolver`] must run first), bare
//! four-digit years (1800–2100), labels (`Tower 22`, `Resolution 1701`,
//! `F-16`, `COVID-19`), compound adjectives (`one-way`, `22-year-old`),
//! clock times, ordinals, `one` as a pronoun (`one of`, `no one`, `the one`).
//!
//! Known misses: fractions and `half of`, spelled
//! numbers above the tens that are not built from scale words (`three
//! hundred fifty`), four-digit counts written without a comma (`2000
//! troops`, read as a year), counted nouns before the number (`attacks
//! numbered 61`), and heads found by position, not grammar.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use sitrep_core::component::{Component, Layer};
use sitrep_core::layers::{self, QuantityAnnotation};
use sitrep_core::{ByteSpan, Doc};

use crate::words::{number_word, split_words};

pub(crate) mod lexicon;
pub mod numbers;
pub(crate) mod tokens;

/// Finds counted facts; reads the `dates` layer, writes the `quantities` layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuantityFinder;

impl QuantityFinder {
    /// A finder with the built-in rules.
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}

const NUMBER_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?P<qualifier>at[^\S\n]+least|at[^\S\n]+most|no[^\S\n]+more[^\S\n]+than|no[^\S\n]+fewer[^\S\n]+than|no[^\S\n]+less[^\S\n]+than|more[^\S\n]+than|fewer[^\S\n]+than|less[^\S\n]+than|up[^\S\n]+to|as[^\S\n]+many[^\S\n]+as|upwards[^\S\n]+of|in[^\S\n]+excess[^\S\n]+of|over|under|above|below|about|around|some|roughly|approximately|nearly|almost|close[^\S\n]+to|an[^\S\n]+estimated|estimated|exactly|precisely)[^\S\n]+)?(?:(?P<currency>US\$|\$|€|£)[^\S\n]?|\b)(?:(?P<vague>(?:dozens|hundreds|thousands|millions|tens|scores)(?:[^\S\n]+of[^\S\n]+(?:thousands|millions))?)[^\S\n]+of\b|(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{NUMBER_WORDS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|half[^\S\n]+a|an?)\b(?P<scale>(?:[^\S\n]+(?:dozen|hundred|thousand|million|billion|trillion)\b)*))"
    ))
    .expect("built-in quantity pattern compiles")
});

static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[^\S\n]*(?P<percent_sign>%)|[^\S\n]+(?P<word>(?i:percentage points|percent|per cent|kilometers|kilometres|kilometer|kilometre|km|miles|mile|meters|metres|dollars|euros))\b)",
    )
    .expect("built-in unit pattern compiles")
});

/// Words that end a counted noun phrase.
static STOP_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quantities/stop_words.tsv",
        include_str!("../../../data/lexicons/quantities/stop_words.tsv"),
    )
});

/// Irregular past tenses that end a noun phrase (`40 drones flew`); regular
/// ones are caught by their `-ed` ending.
static IRREGULAR_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quantities/irregular_verbs.tsv",
        include_str!("../../../data/lexicons/quantities/irregular_verbs.tsv"),
    )
});

/// Capitalised words after which a number is a label, not a count.
static LABEL_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::cased_word_list(
        "data/lexicons/quantities/label_words.tsv",
        include_str!("../../../data/lexicons/quantities/label_words.tsv"),
    )
});

impl Component for QuantityFinder {
    fn name(&self) -> &'static str {
        "quantity_finder"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Dates]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Quantities]
    }

    fn annotate(&self, doc: &mut Doc) {
        let mut quantities = Vec::new();
        let mut last_noun: Option<(usize, String)> = None;
        for (idx, sentence) in doc.sentences.iter().enumerate() {
            let text = doc.text(sentence.span);
            let base = sentence.span.start;
            let sentence_dates: Vec<(i64, i64)> = doc
                .sentence_dates(idx)
                .iter()
                .map(|d| doc.char_span(d.span))
                .collect();
            let overlaps_date = |start: usize, end: usize| {
                let (start, end) = doc.char_span(ByteSpan::new(base + start, base + end));
                sentence_dates.iter().any(|&(s, e)| s < end && start < e)
            };
            let mut found_here: Vec<QuantityAnnotation> = Vec::new();
            // Ranges first: `20 to 30 rockets`, `between 5 and 10 per cent`.
            let ranges: Vec<(usize, usize)> = numbers::find_ranges(text)
                .into_iter()
                .filter(|r| r.form == Some(numbers::RangeForm::Between))
                .filter(|r| !overlaps_date(r.start, r.end))
                .filter_map(|r| {
                    let annotation = range_annotation(text, &r, base, idx)?;
                    if let Some(noun) = &annotation.noun {
                        last_noun = Some((idx, noun.clone()));
                    }
                    found_here.push(annotation);
                    Some((r.start, r.end))
                })
                .collect();
            for caps in QUANTITY.captures_iter(text) {
                let Some(found) = read_quantity(text, &caps) else {
                    continue;
                };
                if ranges
                    .iter()
                    .any(|&(start, end)| start < found.span.end && found.span.start < end)
                {
                    continue;
                }
                let (number_start, number_end) = doc.char_span(ByteSpan::new(
                    base + found.number.start,
                    base + found.number.end,
                ));
                if sentence_dates
                    .iter()
                    .any(|&(start, end)| start < number_end && number_start < end)
                {
                    continue;
                }
                let noun = match (&found.noun, found.unit) {
                    (Some(noun), _) => {
                        last_noun = Some((idx, noun.clone()));
                        Some(noun.clone())
                    }
                    (None, None) => last_noun
                        .as_ref()
                        .filter(|(at, _)| at + 1 >= idx)
                        .map(|(_, noun)| noun.clone()),
                    (None, Some(_)) => None,
                };
                let (low, high) = bounds(found.qualifier, found.value, found.unit);
                found_here.push(QuantityAnnotation {
                    span: ByteSpan::new(base + found.span.start, base + found.span.end),
                    sentence_idx: idx,
                    value: found.value,
                    low,
                    high,
                    qualifier: found.qualifier.map(Qualifier::layer_qualifier),
                    noun,
                    unit: found.unit,
                });
            }
            found_here.sort_by_key(|q| q.span.start);
            quantities.extend(found_here);
        }
        doc.set_quantities(quantities);
    }
}

/// A range read by the number grammar as a quantity: value and low the
/// first number, high the second (inclusive, as news means `20 to 30`),
/// the unit (`per cent`) or the counted noun after it.
fn range_annotation(
    text: &str,
    range: &numbers::NumberMatch,
    base: usize,
    sentence_idx: usize,
) -> Option<QuantityAnnotation> {
    let bounds = range.bounds?;
    let (low, high) = (bounds.low?, bounds.high?);
    let written = text[range.start..range.end].to_ascii_lowercase();
    let unit =
        (written.ends_with('%') || written.ends_with("percent") || written.ends_with("per cent"))
            .then_some("percent");
    let mut end = range.end;
    let noun = if unit.is_none() {
        noun_after(text, &mut end)
    } else {
        None
    };
    Some(QuantityAnnotation {
        span: ByteSpan::new(base + range.start, base + end),
        sentence_idx,
        value: low,
        low: Some(low),
        high: Some(high),
        qualifier: Some(layers::Qualifier::Between),
        noun,
        unit,
    })
}

/// Normalised qualifier of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    AtLeast,
    MoreThan,
    About,
    /// `nearly`, `almost`: about, and not above the value.
    Nearly,
    UpTo,
    LessThan,
    Exactly,
}

impl Qualifier {
    fn parse(words: &str) -> Self {
        let words = words
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        match words.as_str() {
            "at least" | "no fewer than" | "no less than" => Self::AtLeast,
            "more than" | "over" | "above" | "upwards of" | "in excess of" => Self::MoreThan,
            "nearly" | "almost" | "close to" => Self::Nearly,
            "up to" | "at most" | "no more than" | "as many as" => Self::UpTo,
            "fewer than" | "less than" | "under" | "below" => Self::LessThan,
            "exactly" | "precisely" => Self::Exactly,
            _ => Self::About,
        }
    }

    /// The qualifier as the `quantities` layer records it.
    fn layer_qualifier(self) -> layers::Qualifier {
        match self {
            Self::AtLeast => layers::Qualifier::AtLeast,
            Self::MoreThan => layers::Qualifier::MoreThan,
            Self::About | Self::Nearly => layers::Qualifier::About,
            Self::UpTo => layers::Qualifier::UpTo,
            Self::LessThan => layers::Qualifier::LessThan,
            Self::Exactly => layers::Qualifier::Exactly,
        }
    }
}

/// The bounds a qualifier puts on `value`. For whole counts (no unit) the
/// exclusive bounds become inclusive ones: `more than 60` → low 61,
/// `fewer than 10` → high 9; for measures (`more than 5%`) the stated value
/// stays the bound.
fn bounds(
    qualifier: Option<Qualifier>,
    value: f64,
    unit: Option<&str>,
) -> (Option<f64>, Option<f64>) {
    let whole_count = unit.is_none() && value.fract() == 0.0;
    let step = if whole_count { 1.0 } else { 0.0 };
    match qualifier {
        Some(Qualifier::AtLeast) => (Some(value), None),
        Some(Qualifier::MoreThan) => (Some(value + step), None),
        Some(Qualifier::LessThan) => (None, Some(value - step)),
        Some(Qualifier::Nearly | Qualifier::UpTo) => (None, Some(value)),
        Some(Qualifier::Exactly) => (Some(value), Some(value)),
        Some(Qualifier::About) | None => (None, None),
    }
}

/// A quantity read from one regex match; spans relative to the sentence.
struct Found {
    span: ByteSpan,
    number: ByteSpan,
    value: f64,
    qualifier: Option<Qualifier>,
    unit: Option<&'static str>,
    noun: Option<String>,
}

fn read_quantity(text: &str, caps: &Captures<'_>) -> Option<Found> {
    let whole = caps.get(0).expect("match");
    let qualifier_match = caps.name("qualifier");
    let mut qualifier = qualifier_match.map(|q| Qualifier::parse(q.as_str()));
    let currency = caps.name("currency");
    let mut unit = currency.map(|c| match c.as_str() {
        "€" => "EUR",
        "£" => "GBP",
        _ => "USD",
    });

    let (number, value, scaled) = if let Some(vague) = caps.name("vague") {
        if qualifier.is_none() {
            qualifier = Some(Qualifier::AtLeast);
        }
        (vague, vague_value(vague.as_str()), true)
    } else {
        let number = caps.name("number")?;
        let scale = caps.name("scale").map_or("", |s| s.as_str());
        let (value, scaled) = number_value(number.as_str(), scale)?;
        (number, value, scaled)
    };
    let number_span = ByteSpan::new(number.start(), whole.end());
    let word = number.as_str().to_ascii_lowercase();
    let digits = number.as_str().starts_with(|c: char| c.is_ascii_digit());

    // Labels and codes: `F-16`, `Tower 22`, `Resolution 1701`.
    if currency.is_none() {
        let before = &text[..number.start()];
        if before.ends_with(|c: char| c.is_alphanumeric() || matches!(c, '-' | '.' | '/' | ':')) {
            return None;
        }
        let previous = before.trim_end().rsplit(char::is_whitespace).next();
        if qualifier_match.is_none() && previous.is_some_and(|p| LABEL_WORDS.contains(&p)) {
            return None;
        }
    }
    let after = &text[whole.end()..];
    // Compound adjectives (`one-way`, `22-year-old`) and clock times (`10:30`, `5 p.m.`).
    if (after.starts_with('-') && after[1..].starts_with(char::is_alphabetic))
        || (after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
        || after.trim_start().starts_with("a.m.")
        || after.trim_start().starts_with("p.m.")
    {
        return None;
    }

    let mut end = whole.end();
    let unit_caps = if unit.is_none() {
        UNIT.captures(after)
    } else {
        None
    };
    if let Some(unit_caps) = unit_caps {
        unit = Some(if unit_caps.name("percent_sign").is_some() {
            "percent"
        } else {
            match unit_caps["word"].to_ascii_lowercase().as_str() {
                "percent" | "per cent" => "percent",
                "percentage points" => "percentage_points",
                "miles" | "mile" => "miles",
                "meters" | "metres" => "m",
                "dollars" => "USD",
                "euros" => "EUR",
                _ => "km",
            }
        });
        end += unit_caps.get(0).expect("match").end();
    }

    // Years: a bare four-digit number in 1800–2100 with no qualifier or unit.
    if digits
        && !scaled
        && unit.is_none()
        && qualifier.is_none()
        && number.as_str().len() == 4
        && number
            .as_str()
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2100).contains(&y))
    {
        return None;
    }

    let noun = if unit.is_none() {
        noun_after(text, &mut end)
    } else {
        None
    };

    if !digits && !scaled {
        match word.as_str() {
            "a" | "an" | "half a" => return None,
            "one" => {
                let previous = text[..whole.start()]
                    .trim_end()
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let pronoun_like = matches!(
                    previous.as_str(),
                    "no" | "the" | "any" | "every" | "each" | "which" | "this" | "that"
                );
                if noun.is_none() || pronoun_like {
                    return None;
                }
            }
            _ => {}
        }
    }

    let start = qualifier_match
        .map(|q| q.start())
        .or(currency.map(|c| c.start()))
        .unwrap_or(number.start());
    Some(Found {
        span: ByteSpan::new(start, end),
        number: number_span,
        value,
        qualifier,
        unit,
        noun,
    })
}

fn vague_value(words: &str) -> f64 {
    let lower = words.to_ascii_lowercase();
    let mut parts = lower.split_whitespace();
    // The conservative reading: `hundreds` is at least one hundred.
    let base = match parts.next().unwrap_or_default() {
        "dozens" => 12.0,
        "hundreds" => 100.0,
        "thousands" => 1_000.0,
        "millions" => 1_000_000.0,
        "tens" => 10.0,
        _ => 20.0, // scores
    };
    match parts.last() {
        Some("thousands") => base * 1_000.0,
        Some("millions") => base * 1_000_000.0,
        _ => base,
    }
}

/// Value of a number (digits or words) times its scale words; whether any
/// scale word was present.
fn number_value(number: &str, scale: &str) -> Option<(f64, bool)> {
    let lower = number.to_ascii_lowercase();
    let mut value = if lower.starts_with(|c: char| c.is_ascii_digit()) {
        lower.replace(',', "").parse::<f64>().ok()?
    } else {
        match lower.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["a" | "an"] => 1.0,
            ["half", "a"] => 0.5,
            _ => lower.split('-').map(word_value).sum::<Option<f64>>()?,
        }
    };
    let mut scaled = false;
    for word in scale.split_whitespace() {
        scaled = true;
        value *= match word.to_ascii_lowercase().as_str() {
            "dozen" => 12.0,
            "hundred" => 100.0,
            "thousand" => 1_000.0,
            "million" => 1_000_000.0,
            "billion" => 1_000_000_000.0,
            _ => 1_000_000_000_000.0,
        };
    }
    Some((value, scaled))
}

fn word_value(word: &str) -> Option<f64> {
    number_word(word).map(f64::from)
}

/// One word of a sentence: where it ends and whether punctuation (not just
/// spaces) separates it from the previous word.
struct Word<'a> {
    end: usize,
    text: &'a str,
    after_punctuation: bool,
}

/// Words of `text`: runs of letters, digits, hyphens and apostrophes.
fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    split_words(text).map(|word| Word {
        end: word.end(),
        text: word.text,
        after_punctuation: word.gap.chars().any(|c| !c.is_whitespace()),
    })
}

fn is_stop(word: &str) -> bool {
    let all_caps = word.len() > 1 && word.chars().all(|c| !c.is_lowercase());
    let lower = word.to_ascii_lowercase();
    !all_caps && (STOP_WORDS.contains(&lower.as_str()) || IRREGULAR_VERBS.contains(&lower.as_str()))
}

fn is_number_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || word
            .to_ascii_lowercase()
            .split('-')
            .all(|w| word_value(w).is_some())
}

/// The counted noun after byte `end` of `text`, moving `end` past it.
fn noun_after(text: &str, end: &mut usize) -> Option<String> {
    let (noun_end, noun) = head_noun(&text[*end..])?;
    *end += noun_end;
    Some(noun)
}

/// The head noun of the phrase opening `rest` and the byte offset where it
/// ends, if any.
fn head_noun(rest: &str) -> Option<(usize, String)> {
    let mut phrase: Vec<Word<'_>> = Vec::new();
    let mut iter = words(rest).peekable();
    while let Some(word) = iter.next() {
        if word.after_punctuation || is_number_word(word.text) {
            break;
        }
        let lower_case = word.text.starts_with(char::is_lowercase);
        if is_stop(word.text) {
            // `two weapons and ammunition storage sites`
            if phrase.len() == 1 && matches!(word.text, "and" | "or") {
                let mut conjunct = Vec::new();
                while let Some(next) = iter.next_if(|w| {
                    !w.after_punctuation
                        && w.text.starts_with(char::is_lowercase)
                        && !is_stop(w.text)
                        && !is_number_word(w.text)
                }) {
                    conjunct.push(next);
                    if conjunct.len() == 4 {
                        break;
                    }
                }
                if conjunct.len() >= 2 {
                    phrase = conjunct;
                }
            }
            break;
        }
        if !phrase.is_empty()
            && lower_case
            && (word.text.ends_with("ed") || word.text.ends_with("ing"))
        {
            break;
        }
        if lower_case && word.text.len() > 4 && word.text.ends_with("ly") {
            break;
        }
        phrase.push(word);
        if phrase.len() == 4 {
            break;
        }
    }
    let head = phrase.last()?;
    Some((head.end, head.text.to_owned()))
}

#[cfg(test)]
mod tests;
