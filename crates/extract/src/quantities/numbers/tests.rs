use super::*;

/// (text, value) of every number of `text` of `kind`.
fn values(text: &str, kind: NumberKind) -> Vec<(String, Option<f64>)> {
    find_numbers(text)
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| (text[m.start..m.end].to_owned(), m.value))
        .collect()
}

fn one(text: &str) -> f64 {
    let found = values(text, NumberKind::Cardinal);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    assert_eq!(found[0].0, text.trim(), "{text}");
    found[0].1.unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn digits_with_separators() {
    for (text, value) in [
        ("2,000", 2000.0),
        ("1,674,200.5", 1_674_200.5),
        ("12,34,567.89", 1_234_567.89),
        ("1.111,11", 1111.11),
        ("5,00", 5.0),
        ("40 000", 40_000.0),
        ("1 414 021 100", 1_414_021_100.0),
        (".08", 0.08),
        ("-9.5", -9.5),
    ] {
        assert!(close(one(text), value), "{text}");
    }
    let list: Vec<_> = values("Exercises 22,24,26,31.", NumberKind::Cardinal);
    let texts: Vec<&str> = list.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, ["22", "24", "26", "31"]);
}

#[test]
fn words_scales_and_suffixes() {
    for (text, value) in [
        ("one hundred and sixteen", 116.0),
        ("twenty-one trillion and three hundred", 21e12 + 300.0),
        ("fifty - two", 52.0),
        ("three hundred and two dozens", 324.0),
        ("3 hundred and 21", 321.0),
        ("13 lakh", 1.3e6),
        ("10k", 1e4),
        ("1.2b", 1.2e9),
        ("1.5 million", 1.5e6),
        ("two hundred point zero three", 200.03),
        ("6.23x10^-4", 0.000_623),
        ("1.3e6", 1.3e6),
        ("minus five point five", -5.5),
    ] {
        assert!(close(one(text), value), "{text}: {}", one(text));
    }
}

#[test]
fn fractions_and_mixed_numbers() {
    for (text, value) in [
        ("two thirds", 2.0 / 3.0),
        ("one hundred thirty-fifths", 100.0 / 35.0),
        ("one hundred and thirty fifths", 26.0),
        ("twenty and three fifths", 20.6),
        ("one and a half", 1.5),
        ("two million and one half", 2.5e6),
        ("one billion and a quarter million", 1_000_250_000.0),
        ("a hundred trillionths", 1e-10),
        ("two thirds of a million", 2e6 / 3.0),
        ("1 4/5", 1.8),
        ("one over twenty", 0.05),
        ("two out of five hundred", 0.004),
    ] {
        assert!(close(one(text), value), "{text}: {}", one(text));
    }
    // A larger part first is two numbers.
    assert_eq!(
        values("there are 12 out of 10", NumberKind::Cardinal).len(),
        2
    );
}

#[test]
fn not_numbers() {
    assert!(values("Which one do you prefer?", NumberKind::Cardinal).is_empty());
    assert!(values("an", NumberKind::Cardinal).is_empty());
    let attached = find_numbers("a 29km road");
    assert!(attached[0].unit_attached);
    let phone: Vec<_> = values("+1-222-2222/2222", NumberKind::Cardinal);
    assert_eq!(phone.len(), 4, "{phone:?}");
    assert!(find_ranges("+1-222-2222-2222 is a phone number.").is_empty());
}

#[test]
fn ordinals_and_percentages() {
    let ordinals = |text| values(text, NumberKind::Ordinal);
    assert_eq!(ordinals("the 21st")[0].1, Some(21.0));
    assert_eq!(ordinals("one hundred twenty-fifth")[0].1, Some(125.0));
    assert_eq!(ordinals("a hundred trillionth")[0].1, Some(1e14));
    assert_eq!(ordinals("on the thirty first")[0].1, Some(31.0));
    let percent = values("down 5% or minus five percent", NumberKind::Percent);
    assert_eq!(
        percent,
        [
            ("5%".into(), Some(5.0)),
            ("minus five percent".into(), Some(-5.0))
        ]
    );
    let relative = find_numbers("next to last");
    assert_eq!(relative[0].relative, Some("end-1"));
}

#[test]
fn ranges_and_bounds() {
    let range = |text: &str| {
        let found = find_ranges(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let m = &found[0];
        (
            text[m.start..m.end].to_owned(),
            m.bounds.unwrap(),
            m.form.unwrap(),
        )
    };
    let (text, bounds, form) = range("between 5 and 10 per cent");
    assert_eq!(text, "between 5 and 10 per cent");
    assert_eq!(
        (bounds.low, bounds.high, form),
        (Some(5.0), Some(10.0), RangeForm::Between)
    );
    let (_, bounds, _) = range("at most 100 and at least 20 apples");
    assert_eq!(
        (
            bounds.low,
            bounds.low_inclusive,
            bounds.high,
            bounds.high_inclusive
        ),
        (Some(20.0), true, Some(100.0), true)
    );
    let (text, bounds, form) = range("more than five dozen attacks");
    assert_eq!(text, "more than five dozen");
    assert_eq!(
        (bounds.low, bounds.low_inclusive, form),
        (Some(60.0), false, RangeForm::MoreThan)
    );
    let (text, bounds, _) = range("about five hundred or more of them");
    assert_eq!(text, "five hundred or more");
    assert_eq!((bounds.low, bounds.low_inclusive), (Some(500.0), true));
    let (_, bounds, _) = range("x is equal to 5000 or less");
    assert_eq!(
        (bounds.low, bounds.high, bounds.high_inclusive),
        (None, Some(5000.0), true)
    );
    assert_eq!(find_ranges("More than 40 and less than 10").len(), 2);
}
