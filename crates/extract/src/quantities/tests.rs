use sitrep_core::tables::QuantityRow;

use super::QuantityFinder;
use crate::dates::DateResolver;
use crate::test_support::{self, slice_chars};
use crate::{Extraction, Extractor};

fn run(doc: &sitrep_core::Doc) -> Vec<QuantityRow> {
    let mut out = Extraction::default();
    DateResolver::new().extract(doc, &mut out);
    QuantityFinder::new().extract(doc, &mut out);
    for row in &out.quantities {
        assert_eq!(slice_chars(&doc.article.text, row.start, row.end), row.text);
    }
    out.quantities
}

fn quantities(text: &str) -> Vec<QuantityRow> {
    run(&test_support::doc(text, Some("2023-11-08")))
}

fn only(text: &str) -> QuantityRow {
    let mut rows = quantities(text);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    rows.remove(0)
}

/// (text, value, low, high, qualifier, noun, unit)
type Expected<'a> = (
    &'a str,
    f64,
    Option<f64>,
    Option<f64>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

fn check(row: &QuantityRow, expected: Expected<'_>) {
    let (text, value, low, high, qualifier, noun, unit) = expected;
    assert_eq!(row.text, text, "{row:?}");
    assert!((row.value - value).abs() < 1e-9, "{row:?}");
    assert_eq!(row.low, low, "{row:?}");
    assert_eq!(row.high, high, "{row:?}");
    assert_eq!(row.qualifier.as_deref(), qualifier, "{row:?}");
    assert_eq!(row.noun.as_deref(), noun, "{row:?}");
    assert_eq!(row.unit.as_deref(), unit, "{row:?}");
}

#[test]
fn digits_with_qualifiers_and_modifiers() {
    check(
        &only("At least 60 US personnel have reported minor injuries."),
        (
            "At least 60 US personnel",
            60.0,
            Some(60.0),
            None,
            Some("at_least"),
            Some("personnel"),
            None,
        ),
    );
    check(
        &only("The US has about 2,000 US forces in Iraq."),
        (
            "about 2,000 US forces",
            2000.0,
            None,
            None,
            Some("about"),
            Some("forces"),
            None,
        ),
    );
    check(
        &only("Militants have launched 61 attacks on bases."),
        ("61 attacks", 61.0, None, None, None, Some("attacks"), None),
    );
    check(
        &only("Israel, where at least 1,200 people were killed."),
        (
            "at least 1,200 people",
            1200.0,
            Some(1200.0),
            None,
            Some("at_least"),
            Some("people"),
            None,
        ),
    );
}

#[test]
fn qualifier_bounds() {
    check(
        &only("Nearly 300 homes burned."),
        (
            "Nearly 300 homes",
            300.0,
            None,
            Some(300.0),
            Some("about"),
            Some("homes"),
            None,
        ),
    );
    check(
        &only("Up to 40 drones flew."),
        (
            "Up to 40 drones",
            40.0,
            None,
            Some(40.0),
            Some("up_to"),
            Some("drones"),
            None,
        ),
    );
    check(
        &only("Fewer than 10 rockets landed."),
        (
            "Fewer than 10 rockets",
            10.0,
            None,
            Some(10.0),
            Some("less_than"),
            Some("rockets"),
            None,
        ),
    );
    check(
        &only("Over 500 families fled."),
        (
            "Over 500 families",
            500.0,
            Some(500.0),
            None,
            Some("more_than"),
            Some("families"),
            None,
        ),
    );
    check(
        &only("Exactly 12 ships sailed."),
        (
            "Exactly 12 ships",
            12.0,
            Some(12.0),
            Some(12.0),
            Some("exactly"),
            Some("ships"),
            None,
        ),
    );
}

#[test]
fn number_words_and_scales() {
    check(
        &only("Most of the more than five dozen attacks failed."),
        (
            "more than five dozen attacks",
            60.0,
            Some(60.0),
            None,
            Some("more_than"),
            Some("attacks"),
            None,
        ),
    );
    check(
        &only("The military struck back just three times."),
        ("three times", 3.0, None, None, None, Some("times"), None),
    );
    check(
        &only("Jets struck two weapons and ammunition storage sites in Syria."),
        (
            "two weapons and ammunition storage sites",
            2.0,
            None,
            None,
            None,
            Some("sites"),
            None,
        ),
    );
    check(
        &only("Twenty-five boats left."),
        (
            "Twenty-five boats",
            25.0,
            None,
            None,
            None,
            Some("boats"),
            None,
        ),
    );
    check(
        &only("A dozen villages emptied."),
        (
            "A dozen villages",
            12.0,
            None,
            None,
            None,
            Some("villages"),
            None,
        ),
    );
}

#[test]
fn vague_plurals_are_lower_bounds() {
    check(
        &only("A blast killed hundreds of civilians."),
        (
            "hundreds of civilians",
            200.0,
            Some(200.0),
            None,
            Some("at_least"),
            Some("civilians"),
            None,
        ),
    );
    check(
        &only("It has killed thousands of civilians trapped in Gaza."),
        (
            "thousands of civilians",
            2000.0,
            Some(2000.0),
            None,
            Some("at_least"),
            Some("civilians"),
            None,
        ),
    );
    check(
        &only("Tens of thousands of people marched."),
        (
            "Tens of thousands of people",
            20000.0,
            Some(20000.0),
            None,
            Some("at_least"),
            Some("people"),
            None,
        ),
    );
    check(
        &only("Dozens of rockets fell."),
        (
            "Dozens of rockets",
            24.0,
            Some(24.0),
            None,
            Some("at_least"),
            Some("rockets"),
            None,
        ),
    );
}

#[test]
fn units() {
    check(
        &only("Aid rose to $5 million this year."),
        ("$5 million", 5e6, None, None, None, None, Some("USD")),
    );
    check(
        &only("Turnout fell 12% overall."),
        ("12%", 12.0, None, None, None, None, Some("percent")),
    );
    check(
        &only("Support reached 40 percent in May 2021."),
        ("40 percent", 40.0, None, None, None, None, Some("percent")),
    );
    check(
        &only("The town lies about 30 km south."),
        (
            "about 30 km",
            30.0,
            None,
            None,
            Some("about"),
            None,
            Some("km"),
        ),
    );
}

#[test]
fn ellipsis_inherits_the_previous_noun() {
    let rows = quantities(
        "Militants have launched 61 attacks since Oct. 17. Of those, 29 have been in Iraq and 32 in Syria.",
    );
    let summary: Vec<(&str, f64, Option<&str>)> = rows
        .iter()
        .map(|r| (r.text.as_str(), r.value, r.noun.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            ("61 attacks", 61.0, Some("attacks")),
            ("29", 29.0, Some("attacks")),
            ("32", 32.0, Some("attacks"))
        ]
    );
    // No earlier noun within a sentence: stays null.
    assert_eq!(only("In the end, 29 have gone.").noun, None);
}

#[test]
fn not_quantities() {
    for text in [
        "It began in 2011 and grew.",
        "The strike on Oct. 17 failed.",
        "F-16 jets and Tower 22 and Resolution 1701 matter.",
        "One-way suicide drones flew.",
        "A 22-year-old man died.",
        "He met one of the leaders, and no one else.",
        "They met at 10:30 today.",
        "The 5th Fleet sailed on the 2nd.",
        "A decade later, a number of militias came together.",
    ] {
        assert!(
            quantities(text).is_empty(),
            "{text}: {:#?}",
            quantities(text)
        );
    }
    check(
        &only("One US contractor suffered a cardiac arrest."),
        (
            "One US contractor",
            1.0,
            None,
            None,
            None,
            Some("contractor"),
            None,
        ),
    );
}

#[test]
fn sample_article_by_hand() {
    let rows = run(&test_support::sample_doc(0));
    let find = |text: &str| {
        rows.iter()
            .find(|r| r.text == text)
            .unwrap_or_else(|| panic!("{text} not in {rows:#?}"))
    };
    check(
        find("more than five dozen attacks"),
        (
            "more than five dozen attacks",
            60.0,
            Some(60.0),
            None,
            Some("more_than"),
            Some("attacks"),
            None,
        ),
    );
    check(
        find("at least 60 US personnel"),
        (
            "at least 60 US personnel",
            60.0,
            Some(60.0),
            None,
            Some("at_least"),
            Some("personnel"),
            None,
        ),
    );
    check(
        find("61 attacks"),
        ("61 attacks", 61.0, None, None, None, Some("attacks"), None),
    );
    check(
        find("29"),
        ("29", 29.0, None, None, None, Some("attacks"), None),
    );
    check(
        find("32"),
        ("32", 32.0, None, None, None, Some("attacks"), None),
    );
    check(
        find("about 2,000 US forces"),
        (
            "about 2,000 US forces",
            2000.0,
            None,
            None,
            Some("about"),
            Some("forces"),
            None,
        ),
    );
    check(
        find("about 900"),
        (
            "about 900",
            900.0,
            None,
            None,
            Some("about"),
            Some("forces"),
            None,
        ),
    );
    check(
        find("at least 1,200 people"),
        (
            "at least 1,200 people",
            1200.0,
            Some(1200.0),
            None,
            Some("at_least"),
            Some("people"),
            None,
        ),
    );
    check(
        find("10 days"),
        ("10 days", 10.0, None, None, None, Some("days"), None),
    );
    check(
        find("hundreds of civilians"),
        (
            "hundreds of civilians",
            200.0,
            Some(200.0),
            None,
            Some("at_least"),
            Some("civilians"),
            None,
        ),
    );
    check(
        find("three times"),
        ("three times", 3.0, None, None, None, Some("times"), None),
    );
    check(
        find("60 attacks"),
        ("60 attacks", 60.0, None, None, None, Some("attacks"), None),
    );
    // Dates and years never become quantities.
    assert!(
        rows.iter().all(
            |r| ![17.0, 21.0, 7.0, 27.0, 8.0, 12.0, 2003.0, 2011.0, 2020.0].contains(&r.value)
        ),
        "{rows:#?}"
    );
}
