//! Name keys the resolution rules compare: folded names, person-name tokens
//! without titles or the Arabic article, transliteration skeletons, acronyms
//! and the initials of organisation names, and a string similarity.
//!
//! Everything starts from [`fold`]: [`normalise_key`] (case, typographic
//! dashes and apostrophes, a leading `the`, a trailing possessive), then
//! diacritics removed and punctuation inside the name dropped, so
//! `George W. Bush` = `George W Bush` and `Bukamal` = `Bûkamal`.
//!
//! ```text
//! fold("George W. Bush")                   == "george w bush"
//! person_tokens("Mr Mohammed Shia al-Sudani") == ["mohammed", "shia", "sudani"]
//! person_tokens("Al Sudani")               == ["sudani"]
//! skeleton("qassem soleimani")             == "ksm slmn" == skeleton("qasem suleimani")
//! acronym("I.R.G.C.")                      == Some("IRGC")
//! initials("Iran's Revolutionary Guard Corps") == ["IRGC", "RGC"]
//! ```
//!
//! Known misses: only the `al`/`el` article (and its assimilated forms `ad-`,
//! `an-`, `ar-`, `as-`, `ash-`, `at-`, `az-` when hyphenated) is optional, not
//! `bin`/`ibn`/`abu`; acronyms of non-Latin names are not recognised; the
//! skeleton drops vowels, so it is only compared between names of several
//! words whose letters also agree ([`similarity`]).

use sitrep_core::kb::normalise_key;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Hyphenated forms of the Arabic article, lower case, with the hyphen.
static ARTICLE_PREFIXES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/article_prefixes.tsv",
        include_str!("../../../data/lexicons/resolve/article_prefixes.tsv"),
    )
});

/// Words skipped when reading the initials of an organisation name.
const INITIALS_STOPWORDS: [&str; 9] = ["of", "the", "and", "for", "in", "on", "to", "at", "&"];

/// The folded comparison key of a name: [`normalise_key`], then diacritics
/// removed (`é` → `e`), `ß` → `ss`, and `.`, `,`, `'`, `"` and the Arabic
/// `ʿ`/`ʾ` dropped; runs of spaces become one.
pub(crate) fn fold(name: &str) -> String {
    let key = normalise_key(name);
    let mut out = String::with_capacity(key.len());
    for ch in key.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        match ch {
            '.' | ',' | '\'' | '"' | '\u{02BF}' | '\u{02BE}' | '\u{201C}' | '\u{201D}' => {}
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Common nouns that head organisation names (`the Church of Scientology`,
/// `the Supreme Court`, `the Labour Party`): alone, such a word names the
/// organisation of the article that has it as its head, and says little
/// across articles.
pub(crate) static GENERIC_ORG_HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/generic_org_heads.tsv",
        include_str!("../../../data/lexicons/resolve/generic_org_heads.tsv"),
    )
});

/// Words that introduce a person's name as a title or office (`Home
/// Secretary Suella Braverman`), folded.
pub(crate) static OFFICE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/office_words.tsv",
        include_str!("../../../data/lexicons/resolve/office_words.tsv"),
    )
});

/// Tokens of a person name for comparison: folded, leading titles dropped
/// (`Mr`, `President`, `Sheikh`, …, keeping at least one token), and a
/// leading Arabic article (`al-Sudani`, `Al Sudani`, `as-Sadr`) removed from
/// each word.
pub(crate) fn person_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let word = word.replace(['\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}'], "-");
        let word = word.as_str();
        let lower = word.to_lowercase();
        if lower == "al" || lower == "el" {
            continue;
        }
        let rest = ARTICLE_PREFIXES
            .iter()
            .find(|prefix| lower.starts_with(*prefix) && lower.len() > prefix.len())
            .map_or(word, |prefix| &word[prefix.len()..]);
        let key = fold(rest);
        out.extend(key.split(' ').filter(|t| !t.is_empty()).map(str::to_owned));
    }
    let titles = out
        .iter()
        .take_while(|t| sitrep_core::titles::drops_from_names(t))
        .count()
        .min(out.len().saturating_sub(1));
    out.drain(..titles);
    out
}

/// The transliteration skeleton of a folded name: per word, the first letter
/// then the consonants, with `q` → `k`, `ph` → `f`, `w`/`y`/`h` dropped after
/// the first letter and doubled letters collapsed, so `Qassem` = `Qasem` =
/// `Kasim` (`ksm`) and `Mohammed` = `Muhammad` = `Mohamed` (`md`).
pub(crate) fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for (w, word) in folded.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if w > 0 {
            out.push(' ');
        }
        let word = word.replace("ph", "f").replace('q', "k");
        let mut last: Option<char> = None;
        for (i, ch) in word.chars().enumerate() {
            let keep = i == 0 || !matches!(ch, 'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'y' | 'h');
            if keep && last != Some(ch) {
                out.push(ch);
            }
            if keep {
                last = Some(ch);
            }
        }
    }
    out
}

/// Whether a name word must be spelt the same to match: a regnal number
/// (`i` to `xii`: `Abbas I` ≠ `Abbas II`), a number or a single letter (an
/// initial); a transliteration variant never differs in one.
pub(crate) fn is_exact_word(word: &str) -> bool {
    const REGNAL: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    word.chars().count() == 1 || REGNAL.contains(&word) || word.chars().all(|c| c.is_ascii_digit())
}

/// Jaro-Winkler similarity of two strings, 0 to 1 (prefix scale 0.1, at most
/// four prefix characters).
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = vec![false; b.len()];
    let mut a_matched = Vec::with_capacity(a.len());
    for (i, &ca) in a.iter().enumerate() {
        let low = i.saturating_sub(window);
        let high = (i + window + 1).min(b.len());
        if let Some(j) = (low..high).find(|&j| !b_used[j] && b[j] == ca) {
            b_used[j] = true;
            a_matched.push(ca);
        }
    }
    if a_matched.is_empty() {
        return 0.0;
    }
    let b_matched = b
        .iter()
        .zip(&b_used)
        .filter(|(_, used)| **used)
        .map(|(c, _)| *c);
    let transpositions = a_matched
        .iter()
        .zip(b_matched)
        .filter(|(x, y)| **x != *y)
        .count() as f64
        / 2.0;
    let m = a_matched.len() as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
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
/// Whether person-name tokens read like an organisation's name: a
/// connecting word (`of`, `the`, `and`, …) among them (`Doctor Who Society
/// of Canada` tagged as a person is not someone whose surname is `Canada`).
pub(crate) fn has_connector(tokens: &[String]) -> bool {
    tokens
        .iter()
        .any(|t| INITIALS_STOPWORDS.contains(&t.as_str()))
}

pub(crate) fn is_token_suffix(short: &[String], long: &[String]) -> bool {
    !short.is_empty() && short.len() < long.len() && long.ends_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_and_titles_are_optional_in_person_names() {
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
        assert_eq!(person_tokens("Mr Kennedy"), ["kennedy"]);
        assert_eq!(
            person_tokens("Abu Fadak al\u{2010}Mohammadawi"),
            ["abu", "fadak", "mohammadawi"]
        );
        assert_eq!(
            person_tokens("President George W. Bush"),
            ["george", "w", "bush"]
        );
        // A title alone stays: something must be left to compare.
        assert_eq!(person_tokens("President"), ["president"]);
    }

    #[test]
    fn fold_ignores_case_punctuation_and_accents() {
        assert_eq!(fold("George W. Bush"), fold("george w bush"));
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("Bûkamal"), "bukamal");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("the Pentagon's"), "pentagon");
        assert_eq!(fold("Ka'ab"), "kaab");
    }

    #[test]
    fn skeleton_folds_transliteration_variants() {
        assert_eq!(skeleton("qassem soleimani"), skeleton("qasem suleimani"));
        assert_eq!(skeleton("mohammed"), skeleton("muhammad"));
        assert_eq!(skeleton("mohamed"), skeleton("muhammad"));
        assert_eq!(skeleton("hafez assad"), skeleton("hafiz assad"));
        assert_ne!(skeleton("hafez assad"), skeleton("bashar assad"));
    }

    #[test]
    fn similarity_is_jaro_winkler() {
        assert!((similarity("abc", "abc") - 1.0).abs() < 1e-9);
        assert!(similarity("abc", "xyz").abs() < 1e-9);
        // MARTHA/MARHTA: jaro 17/18 (one transposition), prefix 3 → 0.9611.
        assert!((similarity("martha", "marhta") - 0.961_111).abs() < 1e-5);
        assert!(similarity("bukamal", "boukamal") > 0.9);
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
