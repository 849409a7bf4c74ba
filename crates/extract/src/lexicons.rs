//! Word lists under `data/lexicons/` that several extract rules share, read
//! and checked once (see [`sitrep_core::lexicon`]).
//!
//! - `speech_verbs.tsv`: verbs of speech with three flags: a quote
//!   attribution cue (`said`, `according to`), a cue whose object is the
//!   listener (`told`), a verb that marks the capitalised run before it as a
//!   person (`Holt said`). The quote finder and the mention rules both read it.
//!
//! Known misses: English only.

use std::collections::HashSet;
use std::sync::LazyLock;

use sitrep_core::lexicon::Lexicon;

const SPEECH_VERBS_FILE: &str = "data/lexicons/speech_verbs.tsv";

/// `speech_verbs.tsv`: verb, `quote_cue`, `listener`, `marks_person` (`yes`/`no`).
static SPEECH_VERBS: LazyLock<Lexicon> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(
        SPEECH_VERBS_FILE,
        include_str!("../../../data/lexicons/speech_verbs.tsv"),
        4,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for entry in lexicon.entries() {
        assert!(
            entry[1..].iter().all(|flag| flag == "yes" || flag == "no"),
            "{SPEECH_VERBS_FILE}: `{}` has a flag that is not `yes` or `no`",
            entry[0]
        );
    }
    lexicon
});

/// Speech verbs with the flag in column `column` set, in file order.
fn speech_verbs_with(column: usize) -> impl Iterator<Item = &'static str> {
    SPEECH_VERBS
        .entries()
        .filter(move |entry| entry[column] == "yes")
        .map(|entry| entry[0].as_str())
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
}
