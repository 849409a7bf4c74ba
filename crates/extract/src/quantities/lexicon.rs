//! English number words for the number grammar: cardinals, scales,
//! ordinals and fraction denominators, keyed by lower-case word.
//!
//! ```text
//! cardinal("twelve") = 12, scale("million") = 1e6, ordinal("twentieth") = 20,
//! ordinal("thirds") = 3 (plural), scale_ordinal("trillionth") = 1e12
//! ```
//!
//! Known misses: British `milliard`, `score` and other rare scale words;
//! misspellings other than `nineth`.

/// Value of a cardinal word from `zero` to `ninety` (`nought`, `naught` and
/// `oh`-less forms included).
pub(crate) fn cardinal(word: &str) -> Option<u32> {
    let value = match word {
        "zero" | "nought" | "naught" | "nil" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(value)
}

/// Multiplier of a scale word (`hundred`, `thousand`, `million`, `lakh`, …)
/// or abbreviation written after a number (`bn`, `bln`, `tln`).
pub(crate) fn scale(word: &str) -> Option<f64> {
    let value = match word {
        "hundred" | "hundreds" => 1e2,
        "thousand" | "thousands" => 1e3,
        "lakh" | "lakhs" | "lac" => 1e5,
        "million" | "millions" | "mln" => 1e6,
        "crore" | "crores" => 1e7,
        "billion" | "billions" | "bn" | "bln" => 1e9,
        "trillion" | "trillions" | "tn" | "tln" => 1e12,
        _ => return None,
    };
    Some(value)
}

/// Multiplier of a single-letter suffix touching digits (`10k`, `1.2b`,
/// `10M`, `10G`); case matters for `m` (metres) versus `M` (million).
pub(crate) fn letter_suffix(raw: &str) -> Option<f64> {
    let value = match raw {
        "k" | "K" => 1e3,
        "M" => 1e6,
        "b" | "B" | "G" | "bn" => 1e9,
        "T" | "tn" => 1e12,
        _ => return None,
    };
    Some(value)
}

/// An ordinal word: its value and whether it is plural (`fifths`).
/// `second` and `quarter` are here as well; callers decide from context.
pub(crate) fn ordinal(word: &str) -> Option<(u32, bool)> {
    let (stem, plural) = match word.strip_suffix('s') {
        Some(stem) if stem.ends_with("th") || stem.ends_with("rd") || stem.ends_with("nd") => {
            (stem, true)
        }
        Some(stem) if matches!(stem, "first" | "half" | "quarter") => (stem, true),
        _ if word == "halves" => ("half", true),
        _ => (word, false),
    };
    let value = match stem {
        "first" => 1,
        "second" | "half" => 2,
        "third" => 3,
        "fourth" | "quarter" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" | "nineth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        _ => return None,
    };
    Some((value, plural))
}

/// A scale ordinal (`hundredth`, `millionths`): its value and plurality.
pub(crate) fn scale_ordinal(word: &str) -> Option<(f64, bool)> {
    let (stem, plural) = match word.strip_suffix('s') {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    let value = match stem {
        "hundredth" => 1e2,
        "thousandth" => 1e3,
        "millionth" => 1e6,
        "billionth" => 1e9,
        "trillionth" => 1e12,
        _ => return None,
    };
    Some((value, plural))
}

/// Whether `suffix` is an English ordinal suffix written after digits.
pub(crate) fn is_ordinal_suffix(suffix: &str) -> bool {
    matches!(suffix, "st" | "nd" | "rd" | "th")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_each_class() {
        assert_eq!(cardinal("nought"), Some(0));
        assert_eq!(cardinal("ninety"), Some(90));
        assert_eq!(cardinal("hundred"), None);
        assert_eq!(scale("lakh"), Some(1e5));
        assert_eq!(ordinal("fifths"), Some((5, true)));
        assert_eq!(ordinal("firsts"), Some((1, true)));
        assert_eq!(ordinal("halves"), Some((2, true)));
        assert_eq!(ordinal("twentieth"), Some((20, false)));
        assert_eq!(ordinal("month"), None);
        assert_eq!(scale_ordinal("trillionths"), Some((1e12, true)));
        assert_eq!(letter_suffix("m"), None);
        assert_eq!(letter_suffix("M"), Some(1e6));
    }
}
