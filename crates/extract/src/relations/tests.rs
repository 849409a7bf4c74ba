use sitrep_core::Doc;

use super::relation_rows;
use crate::sink;
use crate::test_support;

/// `(relation, subject, object)` of the rows of `doc` with the named
/// mentions `names` (text, type), checking each row's offsets.
fn links(doc: &Doc, names: &[(&str, &str)]) -> Vec<(String, String, String)> {
    let doc = test_support::with_entities(doc, test_support::entities(doc, names));
    let mentions = sink::mention_rows(&doc);
    let rows = relation_rows(&doc, &mentions);
    let text = &doc.article.text;
    rows.iter()
        .map(|r| {
            let slice = |s, e| test_support::slice_chars(text, s, e);
            assert_eq!(slice(r.start, r.end), r.text);
            assert_eq!(slice(r.subject_start, r.subject_end), r.subject_text);
            assert_eq!(slice(r.object_start, r.object_end), r.object_text);
            assert!(r.start <= r.subject_start && r.object_end <= r.end.max(r.object_end));
            (
                r.relation.clone(),
                r.subject_text.clone(),
                r.object_text.clone(),
            )
        })
        .collect()
}

fn has(found: &[(String, String, String)], relation: &str, subject: &str, object: &str) -> bool {
    found
        .iter()
        .any(|(r, s, o)| r == relation && s == subject && o == object)
}

#[test]
fn shapes_on_short_sentences() {
    let doc = test_support::doc(
        "Israel struck Iran-backed Hezbollah in Lebanon. Yemen-based Houthis fired missiles. \
         Militias backed by Iran attacked the base. Hezbollah leader Hassan Nasrallah spoke. \
         Qassem Soleimani, the head of Iran's elite Quds Force, was killed. \
         Abu Mahdi al-Muhandis, deputy commander of Iran-backed militias in Iraq, died. \
         Sudani then traveled to Tehran and met with Iran's Supreme Leader Ali Khamenei. \
         Kataeb Hezbollah, a member of the Popular Mobilization Forces, denied it. \
         Syria, an ally of Russia, objected.",
        None,
    );
    let found = links(
        &doc,
        &[
            ("Israel", "GPE"),
            ("Iran", "GPE"),
            ("Hezbollah", "ORG"),
            ("Lebanon", "GPE"),
            ("Yemen", "GPE"),
            ("Houthis", "ORG"),
            ("Hassan Nasrallah", "PERSON"),
            ("Qassem Soleimani", "PERSON"),
            ("Quds Force", "ORG"),
            ("Abu Mahdi al-Muhandis", "PERSON"),
            ("Iraq", "GPE"),
            ("Sudani", "PERSON"),
            ("Tehran", "GPE"),
            ("Ali Khamenei", "PERSON"),
            ("Kataeb Hezbollah", "ORG"),
            ("Popular Mobilization Forces", "ORG"),
            ("Syria", "GPE"),
            ("Russia", "GPE"),
        ],
    );
    let expected = [
        ("backed_by", "Hezbollah", "Iran"),
        ("based_in", "Houthis", "Yemen"),
        ("backed_by", "Militias", "Iran"),
        ("leader_of", "Hassan Nasrallah", "Hezbollah"),
        ("leader_of", "Qassem Soleimani", "Quds Force"),
        ("leader_of", "Abu Mahdi al-Muhandis", "Iran-backed militias"),
        ("backed_by", "militias", "Iran"),
        ("met_with", "Sudani", "Ali Khamenei"),
        ("leader_of", "Ali Khamenei", "Iran"),
        (
            "member_of",
            "Kataeb Hezbollah",
            "Popular Mobilization Forces",
        ),
        ("allied_with", "Syria", "Russia"),
    ];
    for (relation, subject, object) in expected {
        assert!(
            has(&found, relation, subject, object),
            "no {relation}({subject}, {object}) in {found:?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
}

#[test]
fn first_sample_article_by_hand() {
    let doc = test_support::sample_doc(0);
    let found = links(
        &doc,
        &[
            ("Iranian", "NORP"),
            ("Iran", "GPE"),
            ("Yemen", "GPE"),
            ("Houthis", "ORG"),
            ("Hezbollah", "ORG"),
            ("Popular Mobilization Forces", "ORG"),
            ("IRGC", "ORG"),
            ("Antony Blinken", "PERSON"),
            ("al-Sudani", "PERSON"),
            ("Sudani", "PERSON"),
            ("Ali Khamenei", "PERSON"),
            ("Tehran", "GPE"),
            ("Qassem Soleimani", "PERSON"),
            ("Quds Force", "ORG"),
            ("Abu Mahdi al-Muhandis", "PERSON"),
            ("Iraqi", "NORP"),
            ("Mohammed Shia al-Sudani", "PERSON"),
        ],
    );
    for (relation, subject, object) in [
        ("backed_by", "militants", "Iranian"),
        ("backed_by", "groups", "Iran"),
        ("based_in", "Houthis", "Yemen"),
        ("backed_by", "militias", "Iran"),
        ("member_of", "militias", "Popular Mobilization Forces"),
        ("allied_with", "personnel", "IRGC"),
        ("met_with", "Antony Blinken", "al-Sudani"),
        ("met_with", "Sudani", "Ali Khamenei"),
        ("leader_of", "Ali Khamenei", "Iran"),
        ("leader_of", "Mohammed Shia al-Sudani", "Iraqi"),
        ("leader_of", "Qassem Soleimani", "Quds Force"),
        ("leader_of", "Abu Mahdi al-Muhandis", "Iran-backed militias"),
    ] {
        assert!(
            has(&found, relation, subject, object),
            "no {relation}({subject}, {object}) in {found:?}"
        );
    }
}

#[test]
fn same_input_same_rows() {
    let doc = test_support::sample_doc(1);
    let names = [
        ("Hezbollah", "ORG"),
        ("Iran", "GPE"),
        ("Ismail Haniyeh", "PERSON"),
        ("Hamas", "ORG"),
        ("Yasser Arafat", "PERSON"),
        ("Fatah", "ORG"),
    ];
    let first = links(&doc, &names);
    assert!(has(&first, "backed_by", "Hezbollah", "Iran"), "{first:?}");
    assert!(
        has(&first, "leader_of", "Ismail Haniyeh", "Hamas"),
        "{first:?}"
    );
    assert!(
        has(&first, "leader_of", "Yasser Arafat", "Fatah"),
        "{first:?}"
    );
    assert_eq!(first, links(&doc, &names));
}
