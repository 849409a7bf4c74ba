//! Tests of the mention finder on fixture sentences and on the sample
//! articles, and checks of the curated actor list.

use std::collections::{BTreeMap, BTreeSet};

use sitrep_core::KnowledgeBase;
use sitrep_core::tables::MentionRow;

use super::MentionFinder;
use crate::test_support::{self, slice_chars};

const SAMPLE: &str = test_support::SAMPLE_RAW;

const ACTORS_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/kb/actors.tsv"
));

/// Mentions of the rule-based finder.
fn mentions(text: &str) -> Vec<MentionRow> {
    mentions_with(text, MentionFinder::rules())
}

fn mentions_with(text: &str, finder: MentionFinder) -> Vec<MentionRow> {
    let doc = test_support::doc(text, None);
    test_support::run(&doc, &[&finder]).mentions
}

/// (text, type) pairs, in text order.
fn found(text: &str) -> Vec<(String, String)> {
    mentions(text)
        .into_iter()
        .map(|m| (m.text, m.entity_type))
        .collect()
}

fn pair(text: &str, entity_type: &str) -> (String, String) {
    (text.to_owned(), entity_type.to_owned())
}

/// The sample's named people, organisations and places, listed by hand.
const SAMPLE_NAMES: &[(&str, &str)] = &[
    ("Mohammed Shia al-Sudani", "PERSON"),
    ("Sudani", "PERSON"),
    ("al-Sudani", "PERSON"),
    ("Kataeb Hezbollah", "ORG"),
    ("Hezbollah Brigades", "ORG"),
    ("Hezbollah", "ORG"),
    ("Iran’s Revolutionary Guard Corps", "ORG"),
    ("Iranian Revolutionary Guards", "ORG"),
    ("IRGC", "ORG"),
    ("Bekaa Valley", "LOC"),
    ("Lebanese", "NORP"),
    ("Iranian", "NORP"),
    ("Hafez al-Assad", "PERSON"),
    ("Bashar al-Assad", "PERSON"),
    ("Ali Khamenei", "PERSON"),
    ("Antony Blinken", "PERSON"),
    ("Qassem Soleimani", "PERSON"),
    ("Abu Mahdi al-Muhandis", "PERSON"),
    ("Fares Soaid", "PERSON"),
    ("Ziad al-Sayegh", "PERSON"),
    ("Sayegh", "PERSON"),
    ("Lebanese National Movement", "ORG"),
    ("Popular Mobilization Forces", "ORG"),
    ("Asaib Ahl al-Haq", "ORG"),
    ("Badr Brigades", "ORG"),
    ("Quds Force", "ORG"),
    ("Pentagon", "ORG"),
    ("Asharq Al-Awsat", "ORG"),
    ("Department of Defense", "ORG"),
    ("Hamas", "ORG"),
    ("Israel", "GPE"),
    ("Iraq", "GPE"),
    ("Syria", "GPE"),
    ("Lebanon", "GPE"),
    ("Gaza", "GPE"),
    ("Baghdad", "GPE"),
    ("Tehran", "GPE"),
    ("Biden", "PERSON"),
];

#[test]
fn sample_names_are_found_with_their_type() {
    let rows = mentions_with(SAMPLE, MentionFinder::new());
    let missing: Vec<&(&str, &str)> = SAMPLE_NAMES
        .iter()
        .filter(|(text, entity_type)| {
            !rows
                .iter()
                .any(|m| m.text == *text && m.entity_type == *entity_type)
        })
        .collect();
    assert!(missing.is_empty(), "missing {missing:?}");
    // No listed organisation or place is ever typed a person.
    for m in &rows {
        if m.entity_type == "PERSON" {
            assert!(
                !SAMPLE_NAMES
                    .iter()
                    .any(|(t, ty)| *t == m.text && *ty != "PERSON"),
                "{m:?}"
            );
        }
    }
}

#[test]
fn sample_articles_key_mentions() {
    let rows = mentions(SAMPLE);
    let has = |text: &str, entity_type: &str| {
        rows.iter()
            .any(|m| m.text == text && m.entity_type == entity_type)
    };
    // The rules find the hand list, and more facilities and organisations.
    let rule_names = [
        ("al-Asad air base", "FAC"),
        ("al-Tanf garrison", "FAC"),
        ("Saydet el-Jabal Gathering", "ORG"),
        ("United Nations General Assembly", "ORG"),
        ("Bulbul", "GPE"),
    ];
    for &(text, entity_type) in SAMPLE_NAMES.iter().chain(&rule_names) {
        assert!(has(text, entity_type), "missing {text} ({entity_type})");
    }
    // The full name is one mention, not three.
    let sudani = SAMPLE.find("Mohammed Shia al-Sudani").unwrap();
    let start = SAMPLE[..sudani].chars().count() as i64;
    let at_sudani: Vec<&MentionRow> = rows
        .iter()
        .filter(|m| m.start >= start && m.start < start + 23)
        .collect();
    assert_eq!(at_sudani.len(), 1, "{at_sudani:?}");
    // Kataeb Hezbollah is its own span; the bare Hezbollah mentions are others.
    assert!(!rows.iter().any(|m| m.text == "Kataeb"));
}

#[test]
fn sample_mentions_slice_the_article_text_and_come_in_order() {
    let rows = mentions(SAMPLE);
    assert!(rows.len() > 100, "only {} mentions", rows.len());
    for m in &rows {
        assert_eq!(slice_chars(SAMPLE, m.start, m.end), m.text, "{m:?}");
        assert!(["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"].contains(&m.entity_type.as_str()));
        assert!(m.entity_id.is_none());
        assert!(m.confidence > 0.0 && m.confidence <= 1.0);
    }
    assert!(
        rows.windows(2)
            .all(|w| (w[0].start, w[0].end) < (w[1].start, w[1].end))
    );
    let ids: BTreeSet<&str> = rows.iter().map(|m| m.mention_id.as_str()).collect();
    assert_eq!(ids.len(), rows.len());
    // Deterministic: a second run gives the same rows.
    assert_eq!(rows, mentions(SAMPLE));
}

#[test]
fn headings_and_headlines_yield_no_rule_names() {
    let rows = mentions(SAMPLE);
    for m in &rows {
        assert!(
            !["Its Forces", "WHO", "Delicate Balance", "Soaid: Hezbollah"]
                .contains(&m.text.as_str()),
            "{m:?}"
        );
        assert!(
            m.text.chars().any(char::is_lowercase) || m.text.len() <= 5,
            "{m:?}"
        );
    }
}

#[test]
fn iran_backed_leaves_the_suffix_outside() {
    let rows = found("Israel struck Iran-backed Hezbollah and Iranian-backed groups.");
    assert!(rows.contains(&pair("Hezbollah", "ORG")));
    assert!(rows.contains(&pair("Iranian", "NORP")));
    assert!(!rows.iter().any(|(t, _)| t.contains("backed")));
}

#[test]
fn title_rule_finds_people_after_titles() {
    let rows = found(
        "The talks were led by Foreign Minister Jana Doerr-Bakri and Gen. Tomas Velk, \
         while analyst Rami Haddadin stayed home.",
    );
    assert_eq!(
        rows,
        vec![
            pair("Jana Doerr-Bakri", "PERSON"),
            pair("Tomas Velk", "PERSON"),
            pair("Rami Haddadin", "PERSON"),
        ]
    );
}

#[test]
fn surnames_echo_an_earlier_full_name() {
    let rows =
        found("Analyst Rami Haddadin spoke first.\n\nLater, Haddadin said the talks failed.");
    assert_eq!(
        rows,
        vec![pair("Rami Haddadin", "PERSON"), pair("Haddadin", "PERSON")]
    );
    let row =
        mentions("Analyst Rami Haddadin spoke first.\n\nLater, Haddadin said the talks failed.")
            .pop()
            .unwrap();
    assert_eq!(row.method, "name_propagation");
}

#[test]
fn org_head_rule_needs_capitals() {
    let rows = found(
        "Members of the Northern Farmers Association met the Ministry of Water Resources, \
         but regional forces stayed away.",
    );
    assert_eq!(
        rows,
        vec![
            pair("Northern Farmers Association", "ORG"),
            pair("Ministry of Water Resources", "ORG"),
        ]
    );
}

#[test]
fn facility_location_and_admin_rules() {
    let rows = found(
        "Rockets hit the Qayyarah air base and an Iraqi hospital, then shelling reached \
         the Hula Valley near Mount Hermon and the Qusayr district.",
    );
    assert_eq!(
        rows,
        vec![
            pair("Qayyarah air base", "FAC"),
            pair("Iraqi", "NORP"),
            pair("Hula Valley", "LOC"),
            pair("Mount Hermon", "LOC"),
            pair("Qusayr", "GPE"),
        ]
    );
}

#[test]
fn sentence_initial_words_are_not_names_alone() {
    assert!(
        found("Local hospital staff said nothing. Several hospital beds were empty.").is_empty()
    );
    assert_eq!(
        found("Residents fled the port city of Naqoura."),
        vec![pair("Naqoura", "GPE")]
    );
}

#[test]
fn gazetteer_respects_case() {
    assert!(found("the lebanese said amal was high").is_empty());
    assert_eq!(
        found("The Lebanese backed Amal."),
        vec![pair("Lebanese", "NORP"), pair("Amal", "ORG")]
    );
}

// --- the curated actor list -------------------------------------------------

fn actors() -> KnowledgeBase {
    let mut kb = KnowledgeBase::default();
    kb.add_tsv("data/kb/actors.tsv", ACTORS_TSV).unwrap();
    kb
}

#[test]
fn kataeb_hezbollah_is_not_hezbollah() {
    let kb = actors();
    let ids =
        |name: &str| -> BTreeSet<String> { kb.lookup(name).map(|e| e.kb_id.clone()).collect() };
    assert_eq!(
        ids("Hezbollah"),
        BTreeSet::from(["sitrep:hezbollah".to_owned()])
    );
    let kataeb = ids("Kataeb Hezbollah");
    assert_eq!(kataeb.len(), 1);
    assert!(!kataeb.contains("sitrep:hezbollah"));
    assert_eq!(ids("Hezbollah Brigades"), kataeb);
    assert_eq!(ids("Kataib Hezbollah"), kataeb);
    // IRGC and its spellings are one entry.
    let irgc = ids("IRGC");
    assert_eq!(irgc.len(), 1);
    for alias in [
        "Iran’s Revolutionary Guard Corps",
        "Islamic Revolutionary Guard Corps",
        "Revolutionary Guards",
        "Iranian Revolutionary Guard",
    ] {
        assert_eq!(ids(alias), irgc, "{alias}");
    }
    // Hafez and Bashar al-Assad are different people.
    assert_ne!(ids("Hafez al-Assad"), ids("Bashar al-Assad"));
    assert_eq!(ids("Hafez al-Assad").len(), 1);
}

/// Keys deliberately shared by several entries: surnames of relatives and
/// namesakes, left to the resolve stage.
const INTENDED_AMBIGUOUS: &[&str] = &[
    "al assad", "aoun", "assad", "barzani", "bush", "clinton", "gemayel", "hariri", "jumblatt",
    "sinwar",
];

#[test]
fn no_alias_names_two_actors_unless_intended() {
    let kb = actors();
    let mut by_key: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (key, entry) in kb.keys() {
        by_key.entry(key).or_default().insert(entry.kb_id.as_str());
    }
    let ambiguous: Vec<&str> = by_key
        .iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(key, _)| *key)
        .collect();
    assert_eq!(ambiguous, INTENDED_AMBIGUOUS);
}

#[test]
fn actor_rows_are_well_formed() {
    let kb = actors();
    assert!(kb.entries().len() >= 300, "{}", kb.entries().len());
    for entry in kb.entries() {
        let id = entry.kb_id.as_str();
        let wikidata = id.strip_prefix('Q').is_some_and(|n| {
            !n.is_empty() && !n.starts_with('0') && n.chars().all(|c| c.is_ascii_digit())
        });
        let local = id.strip_prefix("sitrep:").is_some_and(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        assert!(wikidata || local, "bad kb_id {id}");
        assert!(
            entry.lat.is_none() && entry.lon.is_none(),
            "{id} has coordinates"
        );
        assert!(
            !entry.entity_type.is_place(),
            "{id}: places belong in places.tsv"
        );
        if entry.entity_type == sitrep_core::EntityType::Norp {
            assert!(id.starts_with("sitrep:norp-"), "{id}");
        }
        if let Some(country) = &entry.country {
            assert!(
                country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()),
                "{id}"
            );
        }
    }
}

#[test]
fn capitalised_runs_are_typed_from_context() {
    assert_eq!(
        found("Yesterday the delegation met Ondrej Valtar near Brnovice."),
        vec![pair("Ondrej Valtar", "PERSON"), pair("Brnovice", "GPE")]
    );
    // A bare surname with a speech verb, and a possessive.
    assert_eq!(
        found("Later, Valtar said the court had rejected Dravnik's appeal."),
        vec![pair("Valtar", "PERSON"), pair("Dravnik", "PERSON")]
    );
    // A lone known given name, even opening the sentence.
    assert_eq!(found("Emma is fine, thanks."), vec![pair("Emma", "PERSON")]);
}

#[test]
fn capitalised_runs_without_a_cue_stay_out() {
    // Title-case terms after a determiner, with noun endings, or single
    // words without a cue are not names.
    assert!(found("They read the Job Description and the Annual Load Factor.").is_empty());
    assert!(found("Please send Credit Derivatives the file.").is_empty());
    assert!(found("We discussed Marketing today.").is_empty());
}

/// Listed places and organisations inside a longer organisation or facility
/// name come out as `nested` spans; nothing is nested inside a person, and a
/// listed place name is not cut into the places it contains.
#[test]
fn listed_names_nested_in_longer_names() {
    let text = "Protest\n\nStudents of the University of Texas at Arlington marched. \
                A spokesman for the United States Navy said New Mexico was calm. \
                Sheriff Jim Texas spoke later.";
    let mut doc = test_support::doc(text, None);
    let finder = MentionFinder::new();
    sitrep_core::component::Component::annotate(&finder, &mut doc);
    let outer: Vec<(&str, &str)> = doc
        .entities()
        .iter()
        .map(|e| (doc.original_text(e.span), e.entity_type.label()))
        .collect();
    assert!(outer.contains(&("United States Navy", "ORG")), "{outer:?}");
    assert!(outer.contains(&("New Mexico", "GPE")), "{outer:?}");
    let nested: Vec<(&str, &str, &str)> = super::nested_mentions(&doc)
        .iter()
        .map(|e| (doc.original_text(e.span), e.entity_type.label(), e.method))
        .collect();
    assert!(
        nested.contains(&("United States", "GPE", "nested")),
        "{nested:?}"
    );
    assert!(nested.contains(&("Texas", "GPE", "nested")), "{nested:?}");
    assert!(
        !nested.iter().any(|(t, _, _)| *t == "Jim" || *t == "Mexico"),
        "{nested:?}"
    );
}
