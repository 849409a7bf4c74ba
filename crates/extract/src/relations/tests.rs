use sitrep_core::tables::RelationRow;

use super::{CUES, Cues, RelationFinder};
use crate::mentions::MentionFinder;
use crate::test_support::{self, slice_chars};

/// Relations of `text` with hand-made mentions `names`, as
/// `(source, relation, target)`; every row's offsets are checked against
/// its cue word.
fn relations(text: &str, names: &[(&str, &str)]) -> Vec<(String, String, String)> {
    let doc = test_support::doc(text, Some("2023-11-08"));
    let doc = test_support::with_entities(&doc, test_support::entities(&doc, names));
    triples(
        &doc.article.text,
        &test_support::run(&doc, &[&RelationFinder::new()]).relations,
    )
}

fn triples(text: &str, rows: &[RelationRow]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|r| {
            assert_eq!(slice_chars(text, r.start, r.end), r.cue);
            (
                r.source_text.clone(),
                r.relation.clone(),
                r.target_text.clone(),
            )
        })
        .collect()
}

fn has(found: &[(String, String, String)], source: &str, relation: &str, target: &str) -> bool {
    found
        .iter()
        .any(|(s, r, t)| s == source && r == relation && t == target)
}

#[test]
fn hyphen_compounds_give_backing_base_and_leadership() {
    let found = relations(
        "Israel struck Iran-backed Hezbollah and Yemen-based Houthis on Monday.",
        &[
            ("Israel", "GPE"),
            ("Iran", "GPE"),
            ("Hezbollah", "ORG"),
            ("Yemen", "GPE"),
            ("Houthis", "ORG"),
        ],
    );
    assert!(has(&found, "Hezbollah", "backed_by", "Iran"), "{found:?}");
    assert!(has(&found, "Houthis", "based_in", "Yemen"), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");

    // A leader leads a named group, not a phrase.
    let found = relations(
        "After the US-led invasion, Iranian-backed militias fired rockets.",
        &[("US", "GPE"), ("Iranian", "NORP")],
    );
    assert_eq!(
        found,
        [("militias".into(), "backed_by".into(), "Iranian".into())]
    );
}

#[test]
fn a_hyphen_word_that_is_not_a_mention_states_nothing() {
    let found = relations(
        "State-backed hackers from Russia attacked the grid.",
        &[("Russia", "GPE")],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn participles_with_their_preposition() {
    let found = relations(
        "The militias, backed by Iran, have attacked US bases in Syria.",
        &[("Iran", "GPE"), ("US", "GPE"), ("Syria", "GPE")],
    );
    assert!(
        has(&found, "The militias", "backed_by", "Iran"),
        "{found:?}"
    );

    let found = relations(
        "Hamas, which is based in Gaza, denied the report.",
        &[("Hamas", "ORG"), ("Gaza", "GPE")],
    );
    // The relative clause's subject stands for Hamas only through the
    // relative pronoun; the pattern reads the participle's own subject.
    assert!(
        found.iter().all(|(_, r, t)| r == "based_in" && t == "Gaza"),
        "{found:?}"
    );
}

#[test]
fn meetings_from_the_verb_and_its_with_phrase() {
    let found = relations(
        "Sudani then traveled to Tehran and met with Iran's Supreme Leader Ali Khamenei.",
        &[
            ("Sudani", "PERSON"),
            ("Tehran", "GPE"),
            ("Iran", "GPE"),
            ("Ali Khamenei", "PERSON"),
        ],
    );
    assert!(
        has(&found, "Ali Khamenei", "leader_of", "Iran"),
        "{found:?}"
    );
    assert!(
        has(&found, "Sudani", "met_with", "Ali Khamenei"),
        "{found:?}"
    );

    let found = relations(
        "US Secretary of State Antony Blinken, in a meeting with al-Sudani this month, warned of consequences.",
        &[
            ("US", "GPE"),
            ("Antony Blinken", "PERSON"),
            ("al-Sudani", "PERSON"),
        ],
    );
    // The meeting itself depends on the parse (`in a meeting with` hung
    // from the name or the verb); the title is read in text order.
    assert!(
        has(&found, "Antony Blinken", "member_of", "US"),
        "{found:?}"
    );
    assert!(!has(&found, "al-Sudani", "member_of", "US"), "{found:?}");

    let found = relations(
        "Blinken met Netanyahu in Jerusalem on Tuesday.",
        &[
            ("Blinken", "PERSON"),
            ("Netanyahu", "PERSON"),
            ("Jerusalem", "GPE"),
        ],
    );
    assert_eq!(
        found,
        [("Blinken".into(), "met_with".into(), "Netanyahu".into())]
    );

    let found = relations(
        "Blinken did not meet Netanyahu in Jerusalem.",
        &[
            ("Blinken", "PERSON"),
            ("Netanyahu", "PERSON"),
            ("Jerusalem", "GPE"),
        ],
    );
    assert!(found.is_empty(), "negated: {found:?}");
}

#[test]
fn titles_tie_a_person_to_an_organisation() {
    let found = relations(
        "It has not avenged the killing of Hamas leader Ismail Haniyeh in Tehran.",
        &[
            ("Hamas", "ORG"),
            ("Ismail Haniyeh", "PERSON"),
            ("Tehran", "GPE"),
        ],
    );
    assert!(
        has(&found, "Ismail Haniyeh", "leader_of", "Hamas"),
        "{found:?}"
    );

    let found = relations(
        "US Secretary of State Antony Blinken warned al-Sudani this month.",
        &[
            ("US", "GPE"),
            ("Antony Blinken", "PERSON"),
            ("al-Sudani", "PERSON"),
        ],
    );
    assert!(
        has(&found, "Antony Blinken", "member_of", "US"),
        "{found:?}"
    );
    assert!(!found.iter().any(|(_, r, _)| r == "leader_of"), "{found:?}");

    let found = relations(
        "The strike killed Qassem Soleimani, the head of the Quds Force, in Baghdad.",
        &[
            ("Qassem Soleimani", "PERSON"),
            ("Quds Force", "ORG"),
            ("Baghdad", "GPE"),
        ],
    );
    assert!(
        has(&found, "Qassem Soleimani", "leader_of", "Quds Force"),
        "{found:?}"
    );
}

#[test]
fn a_title_without_an_organisation_states_nothing() {
    let found = relations(
        "President Biden spoke in Delaware on Friday.",
        &[("Biden", "PERSON"), ("Delaware", "GPE")],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn membership_of_groups() {
    let found = relations(
        "Kataeb Hezbollah, a member of the Popular Mobilization Forces, denied the attack.",
        &[
            ("Kataeb Hezbollah", "ORG"),
            ("Popular Mobilization Forces", "ORG"),
        ],
    );
    assert!(
        has(
            &found,
            "Kataeb Hezbollah",
            "member_of",
            "Popular Mobilization Forces"
        ),
        "{found:?}"
    );
}

#[test]
fn the_sample_states_its_backers_leaders_and_meeting() {
    // By hand from the two sample articles (data/raw).
    let mut found = Vec::new();
    for n in 0..2 {
        let doc = test_support::sample_doc(n);
        let rows = test_support::run(&doc, &[&MentionFinder::new(), &RelationFinder::new()]);
        found.extend(triples(&doc.article.text, &rows.relations));
    }
    for (source, relation, target) in [
        ("Hezbollah", "backed_by", "Iran"),
        ("Qassem Soleimani", "leader_of", "Quds Force"),
        ("Ali Khamenei", "leader_of", "Iran"),
        ("Yasser Arafat", "leader_of", "Fatah"),
        ("Sudani", "met_with", "Ali Khamenei"),
        ("Houthis", "based_in", "Yemen"),
        ("Ismail Haniyeh", "leader_of", "Hamas"),
    ] {
        assert!(
            has(&found, source, relation, target),
            "{source} {relation} {target} missing from {found:#?}"
        );
    }
    // The militias under the PMF umbrella (the phrase's extent follows the parse).
    assert!(
        found.iter().any(|(s, r, t)| s.contains("militias")
            && r == "member_of"
            && t == "Popular Mobilization Forces"),
        "{found:#?}"
    );
    assert!(
        !has(&found, "Yasser Arafat", "leader_of", "Palestinian"),
        "{found:#?}"
    );
    // Nothing wrong-way round: no backer is backed by what it backs.
    for (s, r, t) in &found {
        assert!(
            !has(&found, t, r, s) || r == "met_with" || r == "allied_with",
            "{s} {r} {t} both ways in {found:#?}"
        );
    }
}

#[test]
fn the_cue_lexicon_is_checked() {
    assert!(CUES.by_word.contains_key("backed"));
    let bad = "# pattern cue\trelation\tprepositions\tsource\nparticiple backed\tfunded_by\tby\tmodified\n";
    let error = Cues::parse("cues.tsv", bad).expect_err("unknown relation");
    assert!(
        error.contains("cues.tsv") && error.contains("backed"),
        "{error}"
    );
}
