//! Word lists under `data/lexicons/` that several extract rules share, read
//! and checked once (see [`sitrep_core::lexicon`]).
//!
//! - `speech_verbs.tsv`: verbs of speech with three flags: a quote
//!   attribution cue (`said`, `according to`), a cue whose object is the
//!   listener (`told`), a verb that marks the capitalised run before it as a
//!   person (`Holt said`). The quote finder and the mention rules both read it.
//! - `place_prepositions.tsv`: prepositions that introduce places, with three
//!   flags: opens an event's place phrase (`in`), keeps the next mention from
//!   being an event's target (`in`, not `on`), types a lone capitalised word
//!   after it as a place (`in Mosul`). The event finder and the mention rules
//!   both read it.
//!
//! Known misses: English only.

use std::collections::HashSet;
use std::sync::LazyLock;

use sitrep_core::lexicon::Lexicon;

const SPEECH_VERBS_FILE: &str = "data/lexicons/speech_verbs.tsv";

const PLACE_PREPOSITIONS_FILE: &str = "data/lexicons/place_prepositions.tsv";

/// Reads lexicon `file` whose columns after the key are `yes`/`no` flags.
fn flagged(file: &str, text: &str, fields: usize) -> Lexicon {
    let lexicon = Lexicon::parse(file, text, fields).unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            entry[1..].iter().all(|flag| flag == "yes" || flag == "no"),
            "{file}: `{}` has a flag that is not `yes` or `no`",
            entry[0]
        );
    }
    lexicon
}

/// Keys of `lexicon` whose flag in column `column` is `yes`, in file order.
fn with_flag(lexicon: &'static Lexicon, column: usize) -> impl Iterator<Item = &'static str> {
    lexicon
        .entries()
        .filter(move |entry| entry[column] == "yes")
        .map(|entry| entry[0].as_str())
}

/// `speech_verbs.tsv`: verb, `quote_cue`, `listener`, `marks_person` (`yes`/`no`).
static SPEECH_VERBS: LazyLock<Lexicon> = LazyLock::new(|| {
    flagged(
        SPEECH_VERBS_FILE,
        include_str!("../../../data/lexicons/speech_verbs.tsv"),
        4,
    )
});

/// `place_prepositions.tsv`: preposition, `opens_place`, `blocks_target`,
/// `before_place_name` (`yes`/`no`).
static PLACE_PREPOSITIONS: LazyLock<Lexicon> = LazyLock::new(|| {
    flagged(
        PLACE_PREPOSITIONS_FILE,
        include_str!("../../../data/lexicons/place_prepositions.tsv"),
        4,
    )
});

/// Speech verbs with the flag in column `column` set, in file order.
fn speech_verbs_with(column: usize) -> impl Iterator<Item = &'static str> {
    with_flag(&SPEECH_VERBS, column)
}

/// Prepositions that open an event's place phrase.
pub(crate) fn place_phrase_prepositions() -> Vec<&'static str> {
    with_flag(&PLACE_PREPOSITIONS, 1).collect()
}

/// Prepositions after which a mention is a place, not an event's target.
pub(crate) fn target_blocking_prepositions() -> Vec<&'static str> {
    with_flag(&PLACE_PREPOSITIONS, 2).collect()
}

/// Prepositions after which a lone capitalised word is typed a place.
pub(crate) fn place_name_prepositions() -> Vec<&'static str> {
    with_flag(&PLACE_PREPOSITIONS, 3).collect()
}

/// The quote attribution cues as a regex alternation (`said|says|…`), in
/// file order.
pub(crate) fn quote_cue_alternation() -> String {
    speech_verbs_with(1).collect::<Vec<_>>().join("|")
}

/// Whether the quote cue `cue` takes the listener as its object (`told`).
pub(crate) fn is_listener_cue(cue: &str) -> bool {
    SPEECH_VERBS.get(cue).is_some_and(|entry| entry[2] == "yes")
}

/// Verbs that mark the capitalised run before them as a person.
pub(crate) fn person_cues() -> HashSet<&'static str> {
    speech_verbs_with(3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verbs_file_loads_with_its_three_uses() {
        let cues = quote_cue_alternation();
        assert!(cues.starts_with("said|says|say|told|"));
        assert!(cues.ends_with("|went on|according to"));
        assert!(!cues.contains("tweeted"));
        assert!(is_listener_cue("told") && !is_listener_cue("said"));
        let person = person_cues();
        assert!(person.contains("tweeted") && person.contains("said"));
        assert!(!person.contains("according to"));
    }

    #[test]
    fn place_prepositions_file_loads_with_its_three_uses() {
        let phrase = place_phrase_prepositions();
        assert_eq!(phrase.len(), 15);
        assert!(phrase.contains(&"on") && phrase.contains(&"towards"));
        let blocking = target_blocking_prepositions();
        assert!(blocking.contains(&"in") && !blocking.contains(&"on"));
        assert_eq!(
            place_name_prepositions(),
            [
                "in",
                "at",
                "near",
                "inside",
                "outside",
                "across",
                "around",
                "into",
                "throughout"
            ]
        );
    }
}
