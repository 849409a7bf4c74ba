use sitrep_core::tables::QuantityRow;

use super::QuantityFinder;
use crate::dates::DateResolver;
use crate::test_support::{self, slice_chars};

fn run(doc: &sitrep_core::Doc) -> Vec<QuantityRow> {
    let out = test_support::run(doc, &[&DateResolver::new(), &QuantityFinder::new()]);
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

/// Checks that each sentence holds exactly one quantity, the one expected.
fn check_each(cases: &[(&str, Expected<'_>)]) {
    for &(sentence, expected) in cases {
        check(&only(sentence), expected);
    }
}

/// Expectations shared by a rule's test and the sample article's.
const FIVE_DOZEN_ATTACKS: Expected<'static> = (
    "more than five dozen attacks",
    60.0,
    // More than 60 whole attacks: at least 61.
    Some(61.0),
    None,
    Some("more_than"),
    Some("attacks"),
    None,
);
const ABOUT_2000_FORCES: Expected<'static> = (
    "about 2,000 US forces",
    2000.0,
    None,
    None,
    Some("about"),
    Some("forces"),
    None,
);
const SIXTY_ONE_ATTACKS: Expected<'static> =
    ("61 attacks", 61.0, None, None, None, Some("attacks"), None);
const AT_LEAST_1200_PEOPLE: Expected<'static> = (
    "at least 1,200 people",
    1200.0,
    Some(1200.0),
    None,
    Some("at_least"),
    Some("people"),
    None,
);
const HUNDREDS_OF_CIVILIANS: Expected<'static> = (
    "hundreds of civilians",
    // The conservative reading: at least one hundred.
    100.0,
    Some(100.0),
    None,
    Some("at_least"),
    Some("civilians"),
    None,
);
const THREE_TIMES: Expected<'static> = ("three times", 3.0, None, None, None, Some("times"), None);

#[test]
fn digits_with_qualifiers_and_modifiers() {
    check_each(&[
        (
            "At least 60 US personnel have reported minor injuries.",
            (
                "At least 60 US personnel",
                60.0,
                Some(60.0),
                None,
                Some("at_least"),
                Some("personnel"),
                None,
            ),
        ),
        (
            "The US has about 2,000 US forces in Iraq.",
            ABOUT_2000_FORCES,
        ),
        (
            "Militants have launched 61 attacks on bases.",
            SIXTY_ONE_ATTACKS,
        ),
        (
            "Israel, where at least 1,200 people were killed.",
            AT_LEAST_1200_PEOPLE,
        ),
    ]);
}

#[test]
fn qualifier_bounds() {
    check_each(&[
        (
            "Nearly 300 homes burned.",
            (
                "Nearly 300 homes",
                300.0,
                None,
                Some(300.0),
                Some("about"),
                Some("homes"),
                None,
            ),
        ),
        (
            "Up to 40 drones flew.",
            (
                "Up to 40 drones",
                40.0,
                None,
                Some(40.0),
                Some("up_to"),
                Some("drones"),
                None,
            ),
        ),
        (
            "Fewer than 10 rockets landed.",
            (
                "Fewer than 10 rockets",
                10.0,
                None,
                Some(9.0),
                Some("less_than"),
                Some("rockets"),
                None,
            ),
        ),
        (
            "Over 500 families fled.",
            (
                "Over 500 families",
                500.0,
                Some(501.0),
                None,
                Some("more_than"),
                Some("families"),
                None,
            ),
        ),
        (
            "Exactly 12 ships sailed.",
            (
                "Exactly 12 ships",
                12.0,
                Some(12.0),
                Some(12.0),
                Some("exactly"),
                Some("ships"),
                None,
            ),
        ),
    ]);
}

#[test]
fn number_words_and_scales() {
    check_each(&[
        (
            "Most of the more than five dozen attacks failed.",
            FIVE_DOZEN_ATTACKS,
        ),
        ("The military struck back just three times.", THREE_TIMES),
        (
            "Jets struck two weapons and ammunition storage sites in Syria.",
            (
                "two weapons and ammunition storage sites",
                2.0,
                None,
                None,
                None,
                Some("sites"),
                None,
            ),
        ),
        (
            "Twenty-five boats left.",
            (
                "Twenty-five boats",
                25.0,
                None,
                None,
                None,
                Some("boats"),
                None,
            ),
        ),
        (
            "A dozen villages emptied.",
            (
                "A dozen villages",
                12.0,
                None,
                None,
                None,
                Some("villages"),
                None,
            ),
        ),
    ]);
}

#[test]
fn vague_plurals_are_lower_bounds() {
    check_each(&[
        (
            "A blast killed hundreds of civilians.",
            HUNDREDS_OF_CIVILIANS,
        ),
        (
            "It has killed thousands of civilians trapped in Gaza.",
            (
                "thousands of civilians",
                1000.0,
                Some(1000.0),
                None,
                Some("at_least"),
                Some("civilians"),
                None,
            ),
        ),
        (
            "Tens of thousands of people marched.",
            (
                "Tens of thousands of people",
                10000.0,
                Some(10000.0),
                None,
                Some("at_least"),
                Some("people"),
                None,
            ),
        ),
        (
            "Dozens of rockets fell.",
            (
                "Dozens of rockets",
                12.0,
                Some(12.0),
                None,
                Some("at_least"),
                Some("rockets"),
                None,
            ),
        ),
    ]);
}

#[test]
fn units() {
    check_each(&[
        (
            "Aid rose to $5 million this year.",
            ("$5 million", 5e6, None, None, None, None, Some("USD")),
        ),
        (
            "Turnout fell 12% overall.",
            ("12%", 12.0, None, None, None, None, Some("percent")),
        ),
        (
            "Support reached 40 percent in May 2021.",
            ("40 percent", 40.0, None, None, None, None, Some("percent")),
        ),
        (
            "The town lies about 30 km south.",
            (
                "about 30 km",
                30.0,
                None,
                None,
                Some("about"),
                None,
                Some("km"),
            ),
        ),
    ]);
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
    for expected in [
        FIVE_DOZEN_ATTACKS,
        (
            "at least 60 US personnel",
            60.0,
            Some(60.0),
            None,
            Some("at_least"),
            Some("personnel"),
            None,
        ),
        SIXTY_ONE_ATTACKS,
        ("29", 29.0, None, None, None, Some("attacks"), None),
        ("32", 32.0, None, None, None, Some("attacks"), None),
        ABOUT_2000_FORCES,
        (
            "about 900",
            900.0,
            None,
            None,
            Some("about"),
            Some("forces"),
            None,
        ),
        AT_LEAST_1200_PEOPLE,
        ("10 days", 10.0, None, None, None, Some("days"), None),
        HUNDREDS_OF_CIVILIANS,
        THREE_TIMES,
        ("60 attacks", 60.0, None, None, None, Some("attacks"), None),
    ] {
        check(find(expected.0), expected);
    }
    // Dates and years never become quantities.
    assert!(
        rows.iter().all(
            |r| ![17.0, 21.0, 7.0, 27.0, 8.0, 12.0, 2003.0, 2011.0, 2020.0].contains(&r.value)
        ),
        "{rows:#?}"
    );
}

#[test]
fn ranges_give_both_bounds() {
    check_each(&[
        (
            "Between 20 and 30 rockets hit the base.",
            (
                "Between 20 and 30 rockets",
                20.0,
                Some(20.0),
                Some(30.0),
                Some("between"),
                Some("rockets"),
                None,
            ),
        ),
        (
            "Prices rose between 5 and 10 per cent last year.",
            (
                "between 5 and 10 per cent",
                5.0,
                Some(5.0),
                Some(10.0),
                Some("between"),
                None,
                Some("percent"),
            ),
        ),
        (
            "Militants fired 40 to 50 drones.",
            (
                "40 to 50 drones",
                40.0,
                Some(40.0),
                Some(50.0),
                Some("between"),
                Some("drones"),
                None,
            ),
        ),
    ]);
    // A year range is a date, not a quantity.
    assert!(quantities("The war lasted from 2014 to 2018 in all.").is_empty());
}
