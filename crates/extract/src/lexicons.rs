//! Word lists under `data/lexicons/` that several extract rules share, read
//! and checked once (see [`sitrep_core::lexicon`]).
//!
//! - `speech_verbs.tsv`: verbs of speech with five flags: a quote
//!   attribution cue (`said`, `according to`), a cue whose object is the
//!   listener (`told`), a verb that marks the capitalised run before it as a
//!   person (`Holt said`), a verb that introduces indirect speech (`said`,
//!   `maintains`), one of those that reports speech only before `that`
//!   (`maintains that`), a cue that ends the text before a quotation mark
//!   (`Rathbun stated, "…"`), and a cue of a parenthetical attribution (`In
//!   return, he said, …`). The quote finder (direct and indirect) and the
//!   mention rules read it.
//! - `place_prepositions.tsv`: prepositions that introduce places, with three
//!   flags: opens an event's place phrase (`in`), keeps the next mention from
//!   being an event's target (`in`, not `on`), types a lone capitalised word
//!   after it as a place (`in Mosul`). The event finder and the mention rules
//!   both read it.
//! - `mentions/name_particles.tsv`: lower-case particles inside names
//!   (`al-Sudani`, `bin Salman`), all read by the mention rules, with two
//!   flags for the quote finder's speaker names: opens a name word before a
//!   hyphen (`al-Sudani`), may follow a name's first word (`Osama bin
//!   Laden`).
//! - `events/legal_words.tsv`: words of a legal setting with two flags: a
//!   cue of crime reporting in courts near a violent trigger (`charged`,
//!   `trial`; the sense rules), a word that makes a `charged` in its sentence
//!   a criminal charge (`police`, `custody`; the role rules).
//!
//! Known misses: English only.

use std::collections::HashSet;
use std::sync::LazyLock;

use sitrep_core::lexicon::Lexicon;

const SPEECH_VERBS_FILE: &str = "data/lexicons/speech_verbs.tsv";

const PLACE_PREPOSITIONS_FILE: &str = "data/lexicons/place_prepositions.tsv";

const NAME_PARTICLES_FILE: &str = "data/lexicons/mentions/name_particles.tsv";

const LEGAL_WORDS_FILE: &str = "data/lexicons/events/legal_words.tsv";

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

/// `speech_verbs.tsv`: verb, `quote_cue`, `listener`, `marks_person`,
/// `reported`, `needs_that`, `before_quote`, `parenthetical` (`yes`/`no`).
static SPEECH_VERBS: LazyLock<Lexicon> = LazyLock::new(|| {
    flagged(
        SPEECH_VERBS_FILE,
        include_str!("../../../data/lexicons/speech_verbs.tsv"),
        8,
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

/// `mentions/name_particles.tsv`: particle, `speaker_hyphen`,
/// `speaker_infix` (`yes`/`no`).
static NAME_PARTICLES: LazyLock<Lexicon> = LazyLock::new(|| {
    flagged(
        NAME_PARTICLES_FILE,
        include_str!("../../../data/lexicons/mentions/name_particles.tsv"),
        3,
    )
});

/// `events/legal_words.tsv`: word, `court_cue`, `charge_setting` (`yes`/`no`).
static LEGAL_WORDS: LazyLock<Lexicon> = LazyLock::new(|| {
    flagged(
        LEGAL_WORDS_FILE,
        include_str!("../../../data/lexicons/events/legal_words.tsv"),
        3,
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

/// The verbs that introduce indirect speech as a regex alternation
/// (`said|says|…`), in file order.
pub(crate) fn reported_speech_alternation() -> String {
    speech_verbs_with(4).collect::<Vec<_>>().join("|")
}

/// The verbs of indirect speech that report speech only before `that`.
pub(crate) fn that_only_verbs() -> Vec<&'static str> {
    speech_verbs_with(5).collect()
}

/// The cues that end the text before a quotation mark on their own
/// (`Rathbun stated, "…"`), in file order.
pub(crate) fn before_quote_cues() -> Vec<&'static str> {
    speech_verbs_with(6).collect()
}

/// The cues of a parenthetical attribution (`In return, he said, …`), in
/// file order.
pub(crate) fn parenthetical_cues() -> Vec<&'static str> {
    speech_verbs_with(7).collect()
}

/// Every particle inside names (the mention rules' list), in file order.
pub(crate) fn name_particles() -> impl Iterator<Item = &'static str> {
    NAME_PARTICLES.entries().map(|entry| entry[0].as_str())
}

/// Particles that open a speaker's name word before a hyphen (`al-Sudani`).
pub(crate) fn speaker_hyphen_particles() -> Vec<&'static str> {
    with_flag(&NAME_PARTICLES, 1).collect()
}

/// Particles that may follow the first word of a speaker's name (`Osama bin
/// Laden`).
pub(crate) fn speaker_infixes() -> Vec<&'static str> {
    with_flag(&NAME_PARTICLES, 2).collect()
}

/// Words near a violent trigger that show crime reporting in courts.
pub(crate) fn court_cues() -> Vec<&'static str> {
    with_flag(&LEGAL_WORDS, 1).collect()
}

/// Words that make a `charged` in their sentence a criminal charge.
pub(crate) fn charge_settings() -> Vec<&'static str> {
    with_flag(&LEGAL_WORDS, 2).collect()
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
    fn speech_verbs_file_gives_the_indirect_speech_verbs() {
        let alternation = reported_speech_alternation();
        let reported: Vec<&str> = alternation.split('|').collect();
        assert_eq!(reported.len(), 58);
        assert_eq!(reported[..4], ["said", "says", "say", "told"]);
        assert!(reported.contains(&"believes") && !reported.contains(&"asked"));
        // `tell` is no quote cue, so the direct quotes never see it.
        assert!(!quote_cue_alternation().split('|').any(|cue| cue == "tell"));
        let listeners: Vec<&str> = reported
            .iter()
            .copied()
            .filter(|verb| is_listener_cue(verb))
            .collect();
        assert_eq!(listeners, ["told", "tells", "warned", "warns", "tell"]);
        let that_only = that_only_verbs();
        assert_eq!(
            that_only,
            [
                "theorized",
                "theorised",
                "theorizes",
                "contended",
                "contends",
                "maintained",
                "maintains"
            ]
        );
        assert!(that_only.iter().all(|verb| reported.contains(verb)));
    }

    #[test]
    fn speech_verbs_file_gives_the_cues_before_quotes_and_in_parentheticals() {
        let before = before_quote_cues();
        assert_eq!(before.len(), 24);
        assert_eq!(before[..3], ["said", "says", "added"]);
        assert!(before.contains(&"tweeted") && before.contains(&"reasoned"));
        // `told` needs its listener after it (`told reporters`).
        assert!(!before.contains(&"told"));
        let parenthetical = parenthetical_cues();
        assert_eq!(parenthetical.len(), 13);
        assert!(parenthetical.contains(&"insists") && !parenthetical.contains(&"told"));
    }

    #[test]
    fn name_particles_file_gives_the_speaker_subsets() {
        assert_eq!(name_particles().count(), 31);
        assert_eq!(
            speaker_hyphen_particles(),
            [
                "al", "el", "ad", "ash", "as", "at", "az", "bin", "ibn", "abu"
            ]
        );
        assert_eq!(speaker_infixes(), ["bin", "ibn", "de", "van", "von"]);
    }

    #[test]
    fn legal_words_file_gives_court_cues_and_charge_settings() {
        let court = court_cues();
        let charge = charge_settings();
        assert_eq!((court.len(), charge.len()), (14, 18));
        assert!(court.contains(&"convicted") && !charge.contains(&"convicted"));
        assert!(charge.contains(&"police") && !court.contains(&"police"));
        let both: Vec<&str> = court
            .iter()
            .copied()
            .filter(|w| charge.contains(w))
            .collect();
        assert_eq!(both, ["court", "judge", "prosecutors"]);
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
