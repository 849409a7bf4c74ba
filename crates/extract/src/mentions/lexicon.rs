//! Closed word lists the mention rules consult: titles, name particles, head
//! nouns of organisation, facility and location names, given names and the
//! capitalised function words that never start or continue a name.
//!
//! The lists are data files under `data/lexicons/mentions/` (titles are in
//! `data/lexicons/titles.tsv`, shared with resolution and the tagger's
//! training), compiled in and checked once. All lists are lower case; lookups
//! lower-case the word first. They are kept
//! general (no article-specific names): a name that only these rules would
//! find belongs in `data/kb/actors.tsv` instead.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The words of `data/lexicons/mentions/$file`, in file order.
macro_rules! word_list {
    ($file:literal) => {
        sitrep_core::lexicon::word_list(
            concat!("data/lexicons/mentions/", $file),
            include_str!(concat!("../../../../data/lexicons/mentions/", $file)),
        )
    };
}

/// The words of `data/lexicons/mentions/$file`, as a set.
macro_rules! word_set {
    ($file:literal) => {
        word_list!($file).into_iter().collect()
    };
}

/// Title heads: a title sequence must contain one (`Prime Minister`, `Gen.`,
/// `expert`). Matched in any case except [`ABBREVIATED_TITLES`].
pub(crate) static TITLE_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| sitrep_core::titles::mention_heads().collect());

/// Titles written as abbreviations or honorifics, only titles when capitalised
/// (`Gen. Soleimani`, `Mr Smith`); `gen` or `rep` in lower case are not.
pub(crate) static ABBREVIATED_TITLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| sitrep_core::titles::capitalised_only().collect());

/// Words that may precede or join title heads (`Prime`, `Foreign`, `former`,
/// `of` in `Secretary of State`).
pub(crate) static TITLE_MODIFIERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("title_modifiers.tsv"));

/// Lower-case particles inside names (`al-Sudani`, `bin Salman`, `von der Leyen`).
/// Every row of `name_particles.tsv` (its flags are the quote finder's).
pub(crate) static NAME_PARTICLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| crate::lexicons::name_particles().collect());

/// Capitalised words that never start or continue a name: function words,
/// pronouns, weekdays and months (`The`, `Its`, `Monday`).
pub(crate) static STOP_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("stop_words.tsv"));

/// Capitalised head nouns that end an organisation name (`… Forces`,
/// `… Ministry`, `… Gathering`).
pub(crate) static ORG_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("org_heads.tsv"));

/// Facility heads, matched in any case after a name (`al-Asad air base`,
/// `Rafah crossing`). Multi-word heads are listed word by word in order.
pub(crate) static FACILITY_HEADS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    word_list!("facility_heads.tsv")
        .into_iter()
        .map(|head| head.split(' ').collect())
        .collect()
});

/// First words of [`FACILITY_HEADS`], to rule most words out with one lookup.
pub(crate) static FACILITY_FIRST_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FACILITY_HEADS.iter().map(|words| words[0]).collect());

/// Capitalised heads of natural-location names (`Bekaa Valley`, `Red Sea`).
pub(crate) static LOCATION_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("location_heads.tsv"));

/// Administrative units whose name precedes them (`Bulbul district`,
/// `Anbar province`): the name alone is tagged GPE.
pub(crate) static ADMIN_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("admin_heads.tsv"));

/// Nouns introducing a place name with `of` (`the port city of Sidon`).
pub(crate) static PLACE_OF_NOUNS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("place_of_nouns.tsv"));

/// Common given names (English, Arabic, Persian, Hebrew, Turkish and other
/// names frequent in news). A given name followed by capitalised words is a
/// person. Names that are also ordinary words or places (`Jordan`, `May`,
/// `Will`) are left out.
pub(crate) static GIVEN_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("given_names.tsv"));

/// Lower-case connectors inside an organisation name's tail (`Council for
/// the Welfare of Immigrants`).
pub(crate) static ORG_CONNECTORS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("org_connectors.tsv"));

/// Lower-case words after a hyphen that make an adjective, not a name part
/// (`Iran-backed`, `US-led`).
pub(crate) static HYPHEN_SUFFIXES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("hyphen_suffixes.tsv"));

/// Lower-case verbs of speech that mark the capitalised run before them as a
/// person (`Holt said`), from `data/lexicons/speech_verbs.tsv`.
pub(crate) static SPEECH_VERBS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(crate::lexicons::person_cues);

/// Lower-case prepositions after which a one-word capitalised name is most
/// often a place (`in Mosul`, `near Kherson`), from
/// `data/lexicons/place_prepositions.tsv`.
pub(crate) static PLACE_PREPOSITIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(crate::lexicons::place_name_prepositions);

/// Capitalised words that keep a run from being a name (`God`, `English`,
/// `Internet`, `Covid`): words capitalised by convention, not by naming.
pub(crate) static RUN_BREAKERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set!("run_breakers.tsv"));

/// Lower-case words after which a capitalised run is a title, product or
/// group rather than a person (`the Job Description`, `his book Cocaine
/// Politics`).
pub(crate) static NOT_BEFORE_PERSON: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_list!("not_before_person.tsv"));

/// Endings of common nouns and adjectives that surnames rarely have.
pub(crate) static NOUN_ENDINGS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| word_list!("noun_endings.tsv"));

/// A word list the rules test words against ([`lists_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// [`TITLE_HEADS`].
    TitleHeads,
    /// [`ABBREVIATED_TITLES`].
    AbbreviatedTitles,
    /// [`TITLE_MODIFIERS`].
    TitleModifiers,
    /// [`NAME_PARTICLES`].
    NameParticles,
    /// [`STOP_WORDS`].
    StopWords,
    /// [`ORG_HEADS`].
    OrgHeads,
    /// [`FACILITY_FIRST_WORDS`].
    FacilityFirstWords,
    /// [`LOCATION_HEADS`].
    LocationHeads,
    /// [`ADMIN_HEADS`].
    AdminHeads,
    /// [`PLACE_OF_NOUNS`].
    PlaceOfNouns,
    /// [`GIVEN_NAMES`].
    GivenNames,
    /// [`ORG_CONNECTORS`].
    OrgConnectors,
    /// [`HYPHEN_SUFFIXES`].
    HyphenSuffixes,
    /// [`SPEECH_VERBS`].
    SpeechVerbs,
    /// [`RUN_BREAKERS`].
    RunBreakers,
}

impl List {
    /// Every list.
    const ALL: [List; 15] = [
        List::TitleHeads,
        List::AbbreviatedTitles,
        List::TitleModifiers,
        List::NameParticles,
        List::StopWords,
        List::OrgHeads,
        List::FacilityFirstWords,
        List::LocationHeads,
        List::AdminHeads,
        List::PlaceOfNouns,
        List::GivenNames,
        List::OrgConnectors,
        List::HyphenSuffixes,
        List::SpeechVerbs,
        List::RunBreakers,
    ];

    /// The list's words.
    fn words(self) -> &'static HashSet<&'static str> {
        match self {
            List::TitleHeads => &TITLE_HEADS,
            List::AbbreviatedTitles => &ABBREVIATED_TITLES,
            List::TitleModifiers => &TITLE_MODIFIERS,
            List::NameParticles => &NAME_PARTICLES,
            List::StopWords => &STOP_WORDS,
            List::OrgHeads => &ORG_HEADS,
            List::FacilityFirstWords => &FACILITY_FIRST_WORDS,
            List::LocationHeads => &LOCATION_HEADS,
            List::AdminHeads => &ADMIN_HEADS,
            List::PlaceOfNouns => &PLACE_OF_NOUNS,
            List::GivenNames => &GIVEN_NAMES,
            List::OrgConnectors => &ORG_CONNECTORS,
            List::HyphenSuffixes => &HYPHEN_SUFFIXES,
            List::SpeechVerbs => &SPEECH_VERBS,
            List::RunBreakers => &RUN_BREAKERS,
        }
    }

    /// The list's bit in [`lists_of`].
    pub(crate) fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// The lists of every listed word, as [`List::bit`]s: one lookup tells
/// every list a word is in.
static MEMBERSHIPS: LazyLock<sitrep_core::FastMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map = sitrep_core::FastMap::default();
    for list in List::ALL {
        for &word in list.words() {
            *map.entry(word).or_default() |= list.bit();
        }
    }
    map
});

/// The lists `word` (any case) is in, as [`List::bit`]s, lower-casing into
/// `buffer`.
pub(crate) fn lists_of(word: &str, buffer: &mut String) -> u32 {
    MEMBERSHIPS
        .get(crate::words::lower_into(buffer, word))
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lookup_gives_every_list() {
        let mut buffer = String::new();
        for list in List::ALL {
            for &word in list.words() {
                assert!(lists_of(word, &mut buffer) & list.bit() != 0, "{word}");
                let upper = word.to_uppercase();
                assert!(lists_of(&upper, &mut buffer) & list.bit() != 0, "{upper}");
            }
        }
        assert_eq!(lists_of("Zorbic", &mut buffer), 0);
        assert!(lists_of("Minister", &mut buffer) & List::TitleHeads.bit() != 0);
    }
}
