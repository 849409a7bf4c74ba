//! Personal titles and offices written before a name (`President`, `Gen.`,
//! `Sheikh`), from `data/lexicons/titles.tsv`, read and checked once.
//!
//! Each title says which of its readers uses it: entity resolution drops a
//! leading title before comparing names (`President Joe Biden` = `Joe
//! Biden`); the entity tagger's training data cut GUM person mentions after
//! their last title (`U.S. President Donald Trump` → `Donald Trump`, as
//! Universal NER and OntoNotes mark names); the mention rules find title
//! sequences by their head (`Prime Minister`, `Gen.`), some of which are
//! titles only when capitalised (`Gen.`, not `gen`); the pronoun layer reads
//! the gender of the titles only men or only women bear (`Mr`, `Queen`).
//!
//! ```
//! use sitrep_core::titles::{drops_from_names, cuts_training_spans};
//! assert!(drops_from_names("president") && cuts_training_spans("president"));
//! assert!(cuts_training_spans("sen.") && !drops_from_names("sen."));
//! assert!(!drops_from_names("baghdad"));
//! use sitrep_core::titles::{gender, TitleGender};
//! assert_eq!(gender("baroness"), Some(TitleGender::Female));
//! assert_eq!(gender("president"), None);
//! ```
//!
//! Known misses: keys are lower case and compared as whole words, so a title
//! written with a hyphen (`ex-president`) is not one.

use std::sync::LazyLock;

use crate::lexicon::Lexicon;

const TITLES_FILE: &str = "data/lexicons/titles.tsv";

/// `data/lexicons/titles.tsv`: key, then `in_names`, `in_training`,
/// `mention_head`, `capitalised_only` (`yes`/`no`), `gender` (`m`/`f`/`-`).
static TITLES: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        TITLES_FILE,
        include_str!("../../../data/lexicons/titles.tsv"),
        6,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            entry[1..5]
                .iter()
                .all(|flag| matches!(flag.as_str(), "yes" | "no")),
            "{TITLES_FILE}: `{}` needs yes or no in every flag column",
            entry[0]
        );
        assert!(
            matches!(entry[5].as_str(), "m" | "f" | "-"),
            "{TITLES_FILE}: `{}` needs m, f or - as its gender",
            entry[0]
        );
    }
    lexicon
});

/// Whom a title is borne by, where only men or only women bear it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleGender {
    /// `Mr`, `Sir`, `King`.
    Male,
    /// `Mrs`, `Dame`, `Queen`.
    Female,
}

/// The gender of the lower-case title `lower` (without its period), if only
/// men or only women bear it.
#[must_use]
pub fn gender(lower: &str) -> Option<TitleGender> {
    match TITLES.get(lower)?[5].as_str() {
        "m" => Some(TitleGender::Male),
        "f" => Some(TitleGender::Female),
        _ => None,
    }
}

fn flag(lower: &str, column: usize) -> bool {
    TITLES
        .get(lower)
        .is_some_and(|entry| entry[column] == "yes")
}

/// Whether resolution drops the lower-case word `lower` from the front of a
/// name before comparing names.
#[must_use]
pub fn drops_from_names(lower: &str) -> bool {
    flag(lower, 1)
}

/// Whether the entity tagger's training data cut a person mention after the
/// lower-case word `lower`.
#[must_use]
pub fn cuts_training_spans(lower: &str) -> bool {
    flag(lower, 2)
}

/// Words whose column `column` is `yes`, in file order.
fn with_flag(column: usize) -> impl Iterator<Item = &'static str> {
    TITLES
        .entries()
        .filter(move |entry| entry[column] == "yes")
        .map(|entry| entry[0].as_str())
}

/// Title heads of the mention rules: a title sequence must contain one.
pub fn mention_heads() -> impl Iterator<Item = &'static str> {
    with_flag(3)
}

/// Titles that count only when capitalised (`Gen. Soleimani`; not `gen`).
pub fn capitalised_only() -> impl Iterator<Item = &'static str> {
    with_flag(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_file_gives_the_gendered_titles_and_keeps_gender_only_rows_out_of_other_uses() {
        let gendered = |g: TitleGender| {
            TITLES
                .entries()
                .filter(|entry| gender(&entry[0]) == Some(g))
                .count()
        };
        assert_eq!(
            (gendered(TitleGender::Male), gendered(TitleGender::Female)),
            (9, 12)
        );
        assert_eq!(gender("mr"), Some(TitleGender::Male));
        assert_eq!(gender("queen"), Some(TitleGender::Female));
        // Looked up without the period, as the pronoun layer does.
        assert_eq!(gender("mr."), None);
        for only_gender in ["mister", "duke", "baroness"] {
            assert!(gender(only_gender).is_some());
            assert!(!drops_from_names(only_gender) && !cuts_training_spans(only_gender));
            assert!(!mention_heads().any(|head| head == only_gender));
        }
    }
}
