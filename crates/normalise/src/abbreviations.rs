//! Abbreviations shared by the sentence splitter and the tokenizer.
//!
//! A word followed by a period is an abbreviation when it is listed in
//! `data/lexicons/abbreviations.tsv` (read and checked once), is a dotted
//! acronym (`U.S`, `a.m`, `Ph.D`: letter groups of one or two letters joined
//! by periods) or is a single capital letter (an initial, as in `John F.
//! Kennedy`). Each abbreviation has a [`AbbreviationKind`]
//! that tells the sentence splitter how likely it is to end a sentence.
//!
//! Example: `classify("Gen")` is `Title`, `classify("U.S")` is `Ambiguous`,
//! `classify("war")` is `None`.
//!
//! Matching is case-sensitive with two relaxations: an entry written in lower
//! case also matches with a capital first letter (`Etc`), and any entry matches
//! an all-capitals word (`GEN` in an all-capitals heading).
//!
//! Known misses: abbreviations not listed here (`Calif` is listed, `Mich` is
//! listed, but e.g. `Sask` or military ranks of other armies are not) end a
//! sentence when a capitalised word follows; listed words that are also real
//! words (`Mass`, `Miss`, `Wash`) keep their period as part of the token even
//! when the period really ends a sentence.

use std::sync::LazyLock;

use sitrep_core::lexicon::Lexicon;

/// How an abbreviation behaves before a following word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbreviationKind {
    /// Precedes a name or continues the sentence (`Gen.`, `Mr.`, `vs.`, `e.g.`):
    /// never ends a sentence.
    Title,
    /// Precedes a number (`No. 1`, `Art. 5`, `pp. 10`): no break before a
    /// digit, an ordinary period otherwise.
    Numbering,
    /// Month (`Oct. 17`): no break before a digit, otherwise treated as
    /// [`AbbreviationKind::Ambiguous`].
    Month,
    /// Can end a sentence (`U.S.`, `Jr.`, `Inc.`, `etc.`, `Calif.`, initials):
    /// breaks only before an opening quote or a word that typically starts a
    /// sentence (`The`, `He`, `But`, …).
    Ambiguous,
}

const ABBREVIATIONS_FILE: &str = "data/lexicons/abbreviations.tsv";
const SENTENCE_STARTERS_FILE: &str = "data/lexicons/sentence_starters.tsv";

/// `data/lexicons/abbreviations.tsv`: key (lower case), form, kind
/// (`title`, `numbering`, `month`, `ambiguous`).
static ABBREVIATIONS: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        ABBREVIATIONS_FILE,
        include_str!("../../../data/lexicons/abbreviations.tsv"),
        3,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            kind_of(&entry[2]).is_some() && entry[1].to_lowercase() == entry[0],
            "{ABBREVIATIONS_FILE}: `{}` needs its form in any case and a kind (title, numbering, month or ambiguous)",
            entry[0]
        );
    }
    lexicon
});

/// `data/lexicons/sentence_starters.tsv`: key (lower case), form: capitalised
/// words that usually begin a sentence; after an ambiguous abbreviation (`in
/// the U.S. The next day`) they signal a break.
static SENTENCE_STARTERS: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        SENTENCE_STARTERS_FILE,
        include_str!("../../../data/lexicons/sentence_starters.tsv"),
        2,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            entry[1].to_lowercase() == entry[0],
            "{SENTENCE_STARTERS_FILE}: `{}` needs its form as written",
            entry[0]
        );
    }
    lexicon
});

/// The kind named in the lexicon's third column.
fn kind_of(name: &str) -> Option<AbbreviationKind> {
    match name {
        "title" => Some(AbbreviationKind::Title),
        "numbering" => Some(AbbreviationKind::Numbering),
        "month" => Some(AbbreviationKind::Month),
        "ambiguous" => Some(AbbreviationKind::Ambiguous),
        _ => None,
    }
}

/// Whether `word` matches list `entry` under the module's case rules.
fn matches_entry(word: &str, entry: &str) -> bool {
    if word == entry {
        return true;
    }
    if word.len() != entry.len() || word.is_empty() {
        return false;
    }
    let (w, e) = (word.as_bytes(), entry.as_bytes());
    // Lower-case entry, capitalised word: `Etc` for `etc`.
    if e[0].is_ascii_lowercase() && w[0] == e[0].to_ascii_uppercase() && w[1..] == e[1..] {
        return true;
    }
    // All-capitals word: `GEN` for `Gen`.
    word.bytes().all(|b| !b.is_ascii_lowercase())
        && word.bytes().any(|b| b.is_ascii_uppercase())
        && word.eq_ignore_ascii_case(entry)
}

/// The kind of the listed abbreviation `word` matches, if any.
fn listed_kind(word: &str) -> Option<AbbreviationKind> {
    let entry = ABBREVIATIONS.get(&word.to_lowercase())?;
    if matches_entry(word, &entry[1]) {
        kind_of(&entry[2])
    } else {
        None
    }
}

/// Whether `word` is a dotted acronym: one- or two-letter groups joined by
/// periods, at least two groups (`U.S`, `a.m`, `Ph.D`, `W.Va`).
fn is_dotted_acronym(word: &str) -> bool {
    let mut groups = 0;
    for group in word.split('.') {
        let letters = group.chars().count();
        if !(1..=2).contains(&letters) || !group.chars().all(char::is_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// The kind of abbreviation `word` (written without its final period) is, if any.
pub(crate) fn classify(word: &str) -> Option<AbbreviationKind> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    if let Some(kind) = listed_kind(word) {
        return Some(kind);
    }
    if is_dotted_acronym(word) || is_initial(word) {
        return Some(AbbreviationKind::Ambiguous);
    }
    None
}

/// Whether `word` is a single capital letter (an initial without its period).
pub(crate) fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Whether `word` (trailing punctuation already removed) usually starts a sentence.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    SENTENCE_STARTERS
        .get(&word.to_lowercase())
        .is_some_and(|entry| {
            let form = entry[1].as_str();
            word == form
                || (word.len() > 1
                    && form.len() > 1
                    && word.bytes().all(|b| b.is_ascii_uppercase()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_months_and_numbering_are_classified() {
        assert_eq!(classify("Gen"), Some(AbbreviationKind::Title));
        assert_eq!(classify("Mrs"), Some(AbbreviationKind::Title));
        assert_eq!(classify("vs"), Some(AbbreviationKind::Title));
        assert_eq!(classify("e.g"), Some(AbbreviationKind::Title));
        assert_eq!(classify("Oct"), Some(AbbreviationKind::Month));
        assert_eq!(classify("Sept"), Some(AbbreviationKind::Month));
        assert_eq!(classify("No"), Some(AbbreviationKind::Numbering));
        assert_eq!(classify("etc"), Some(AbbreviationKind::Ambiguous));
        assert_eq!(classify("Jr"), Some(AbbreviationKind::Ambiguous));
    }

    #[test]
    fn acronyms_and_initials_are_ambiguous() {
        for word in ["U.S", "U.N", "U.K", "E.U", "D.C", "a.m", "Ph.D", "F"] {
            assert_eq!(classify(word), Some(AbbreviationKind::Ambiguous), "{word}");
        }
    }

    #[test]
    fn ordinary_words_are_not_abbreviations() {
        for word in [
            "war",
            "no",
            "gen",
            "US",
            "Israel",
            "2023",
            "f",
            "U.S.A.B.C.D",
            "",
        ] {
            assert_eq!(classify(word), None, "{word}");
        }
    }

    #[test]
    fn case_relaxations() {
        assert_eq!(classify("Etc"), Some(AbbreviationKind::Ambiguous));
        assert_eq!(classify("GEN"), Some(AbbreviationKind::Title));
        assert_eq!(classify("OCT"), Some(AbbreviationKind::Month));
        assert!(is_sentence_starter("The"));
        assert!(is_sentence_starter("THE"));
        assert!(!is_sentence_starter("the"));
        assert!(!is_sentence_starter("President"));
    }
}
