//! Name keys the merge rules compare: person-name tokens without the Arabic
//! article, acronyms and the initials of organisation names.
//!
//! Everything goes through [`normalise_key`], so case, typographic dashes and
//! apostrophes, a leading `the` and a trailing possessive never matter.
//!
//! ```text
//! person_tokens("Mohammed Shia al-Sudani") == ["mohammed", "shia", "sudani"]
//! person_tokens("Al Sudani")               == ["sudani"]
//! acronym("I.R.G.C.")                      == Some("IRGC")
//! initials("Iran's Revolutionary Guard Corps") == ["IRGC", "RGC"]
//! ```
//!
//! Known misses: only the `al`/`el` article (and its assimilated forms `ad-`,
//! `an-`, `ar-`, `as-`, `ash-`, `at-`, `az-` when hyphenated) is optional, not
//! `bin`/`ibn`/`abu`; titles inside a mention (`President Biden`) are kept as
//! name tokens; acronyms of non-Latin names are not recognised.

use sitrep_core::kb::normalise_key;

/// Hyphenated forms of the Arabic article, lower case, with the hyphen.
const ARTICLE_PREFIXES: [&str; 10] = [
    "al-", "el-", "ad-", "an-", "ar-", "as-", "ash-", "at-", "az-", "ath-",
];

/// Words skipped when reading the initials of an organisation name.
const INITIALS_STOPWORDS: [&str; 9] = ["of", "the", "and", "for", "in", "on", "to", "at", "&"];

/// Tokens of a person name for comparison: normalised, with a leading Arabic
/// article (`al-Sudani`, `Al Sudani`, `as-Sadr`) removed from each word.
pub(crate) fn person_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let lower = word.to_lowercase();
        if lower == "al" || lower == "el" {
            continue;
        }
        let rest = ARTICLE_PREFIXES
            .iter()
            .find(|prefix| lower.starts_with(*prefix) && lower.len() > prefix.len())
            .map_or(word, |prefix| &word[prefix.len()..]);
        let key = normalise_key(rest);
        out.extend(key.split(' ').filter(|t| !t.is_empty()).map(str::to_owned));
    }
    out
}

/// The acronym a mention spells, if it is one: two to eight capital letters,
/// optionally dotted (`IRGC`, `U.N.`). Returned without dots.
pub(crate) fn acronym(text: &str) -> Option<String> {
    let letters: String = text.chars().filter(|&c| c != '.').collect();
    let count = letters.chars().count();
    ((2..=8).contains(&count) && letters.chars().all(|c| c.is_ascii_uppercase())).then_some(letters)
}

/// Possible acronyms of a multi-word name: the upper-cased initials of its
/// words (split on spaces and hyphens, skipping `of`, `the`, `and`, …), and
/// the same without a leading possessive owner (`Iran's`). Empty for
/// one-word names.
pub(crate) fn initials(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}' || c == '\u{2011}')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let letters = |words: &[&str]| -> String {
        words
            .iter()
            .filter(|w| !INITIALS_STOPWORDS.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let mut out = vec![letters(&words)];
    let first = words[0];
    let possessive = ["'s", "\u{2019}s", "s'", "s\u{2019}"]
        .iter()
        .any(|suffix| first.ends_with(suffix));
    if possessive {
        out.push(letters(&words[1..]));
    }
    out.retain(|s| s.chars().count() >= 2);
    out.dedup();
    out
}

/// Whether `short` is a proper suffix of `long`, token by token.
pub(crate) fn is_token_suffix(short: &[String], long: &[String]) -> bool {
    !short.is_empty() && short.len() < long.len() && long.ends_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_is_optional_in_person_names() {
        assert_eq!(
            person_tokens("Mohammed Shia al-Sudani"),
            ["mohammed", "shia", "sudani"]
        );
        assert_eq!(person_tokens("al-Sudani"), ["sudani"]);
        assert_eq!(person_tokens("Al Sudani"), ["sudani"]);
        assert_eq!(person_tokens("Sudani"), ["sudani"]);
        assert_eq!(person_tokens("Muqtada as-Sadr"), ["muqtada", "sadr"]);
        // "Al" alone is not a name token; "Alan" keeps its letters.
        assert_eq!(person_tokens("Alan Turing"), ["alan", "turing"]);
    }

    #[test]
    fn acronyms_are_short_capital_words() {
        assert_eq!(acronym("IRGC").as_deref(), Some("IRGC"));
        assert_eq!(acronym("U.N.").as_deref(), Some("UN"));
        assert_eq!(acronym("Hamas"), None);
        assert_eq!(acronym("I"), None);
        assert_eq!(acronym("ABCDEFGHI"), None);
    }

    #[test]
    fn initials_skip_function_words_and_owner() {
        assert_eq!(initials("Popular Mobilization Forces"), ["PMF"]);
        assert_eq!(
            initials("Iran's Revolutionary Guard Corps"),
            ["IRGC", "RGC"]
        );
        assert_eq!(initials("Al-Qaeda in the Arabian Peninsula"), ["AQAP"]);
        assert!(initials("Hezbollah").is_empty());
    }

    #[test]
    fn suffix_must_be_shorter() {
        let long = person_tokens("Bashar al-Assad");
        assert!(is_token_suffix(&person_tokens("Assad"), &long));
        assert!(!is_token_suffix(&person_tokens("Bashar"), &long));
        assert!(!is_token_suffix(&long, &long));
    }
}
