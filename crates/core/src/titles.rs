//! Personal titles and offices written before a name (`President`, `Gen.`,
//! `Sheikh`), from `data/lexicons/titles.tsv`, read and checked once.
//!
//! Each title says which of its readers uses it: entity resolution drops a
//! leading title before comparing names (`President Joe Biden` = `Joe
//! Biden`); the entity tagger's training data cut GUM person mentions after
//! their last title (`U.S. President Donald Trump` → `Donald Trump`, as
//! Universal NER and OntoNotes mark names); the mention rules find title
//! sequences by their head (`Prime Minister`, `Gen.`), some of which are
//! titles only when capitalised (`Gen.`, not `gen`).
//!
//! ```
//! use sitrep_core::titles::{drops_from_names, cuts_training_spans};
//! assert!(drops_from_names("president") && cuts_training_spans("president"));
//! assert!(cuts_training_spans("sen.") && !drops_from_names("sen."));
//! assert!(!drops_from_names("baghdad"));
//! ```
//!
//! Known misses: keys are lower case and compared as whole words, so a title
//! written with a hyphen (`ex-president`) is not one.

use std::sync::LazyLock;

use crate::lexicon::Lexicon;

const TITLES_FILE: &str = "data/lexicons/titles.tsv";

/// `data/lexicons/titles.tsv`: key, then `in_names`, `in_training`,
/// `mention_head`, `capitalised_only` (`yes`/`no`).
static TITLES: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        TITLES_FILE,
        include_str!("../../../data/lexicons/titles.tsv"),
        5,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            entry[1..]
                .iter()
                .all(|flag| matches!(flag.as_str(), "yes" | "no")),
            "{TITLES_FILE}: `{}` needs yes or no in every flag column",
            entry[0]
        );
    }
    lexicon
});

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
