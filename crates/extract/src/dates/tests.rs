use sitrep_core::tables::DateRow;

use super::DateResolver;
use crate::test_support::{self, slice_chars, ymd};

fn dates(text: &str, published: Option<&str>) -> Vec<DateRow> {
    let doc = test_support::doc(text, published);
    let out = test_support::run(&doc, &[&DateResolver::new()]);
    for row in &out.dates {
        // Every span slices the article text to the row's text.
        assert_eq!(slice_chars(&doc.article.text, row.start, row.end), row.text);
    }
    out.dates
}

fn only(text: &str, published: Option<&str>) -> DateRow {
    let mut rows = dates(text, published);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    rows.remove(0)
}

fn check(row: &DateRow, text: &str, value: Option<&str>, precision: Option<&str>) {
    assert_eq!(row.text, text);
    assert_eq!(row.value, value.map(ymd), "{row:?}");
    assert_eq!(row.precision.as_deref(), precision, "{row:?}");
}

#[test]
fn explicit_month_day_year_with_weekday() {
    let row = only("Sidon, Lebanon, Tuesday, Sept. 24, 2024.", None);
    check(
        &row,
        "Tuesday, Sept. 24, 2024",
        Some("2024-09-24"),
        Some("day"),
    );
    assert_eq!(row.anchor, None);
}

#[test]
fn explicit_forms() {
    check(
        &only("It shows a Nov. 8, 2023, airstrike.", None),
        "Nov. 8, 2023",
        Some("2023-11-08"),
        Some("day"),
    );
    check(
        &only("The vote was on September 24, 2024 in Beirut.", None),
        "September 24, 2024",
        Some("2024-09-24"),
        Some("day"),
    );
    check(
        &only("Talks began on 24 September 2024 in Doha.", None),
        "24 September 2024",
        Some("2024-09-24"),
        Some("day"),
    );
    check(
        &only("Filed 2024-09-24 by staff.", None),
        "2024-09-24",
        Some("2024-09-24"),
        Some("day"),
    );
}

#[test]
fn month_day_without_year_uses_the_anchor() {
    let row = only("But since Oct. 17, attacks rose.", Some("2023-11-08"));
    // `since` makes it an open range from that day.
    check(&row, "since Oct. 17", Some("2023-10-17"), Some("day"));
    assert_eq!(row.range_end, None);
    assert_eq!(row.anchor, Some(ymd("2023-11-08")));
    // December read in January is last year's December.
    check(
        &only("The raid on Dec. 30 failed.", Some("2024-01-05")),
        "Dec. 30",
        Some("2023-12-30"),
        Some("day"),
    );
    // A date a few days ahead stays in the anchor's year.
    check(
        &only("A vote is due on Nov. 12 in Baghdad.", Some("2023-11-08")),
        "Nov. 12",
        Some("2023-11-12"),
        Some("day"),
    );
}

#[test]
fn no_anchor_gives_a_row_without_a_value() {
    let row = only("The blast on Oct. 17 killed many.", None);
    check(&row, "Oct. 17", None, None);
    assert_eq!(row.anchor, None);
    check(&only("They met last week.", None), "last week", None, None);
}

#[test]
fn ranges() {
    let row = only(
        "The attacks between Oct. 17 and 21 at al-Asad.",
        Some("2023-11-08"),
    );
    check(
        &row,
        "between Oct. 17 and 21",
        Some("2023-10-17"),
        Some("day"),
    );
    assert_eq!(row.range_end, Some(ymd("2023-10-21")));
    let row = only("Strikes on Oct. 17-21, 2023 hit bases.", None);
    assert_eq!(row.value, Some(ymd("2023-10-17")));
    assert_eq!(row.range_end, Some(ymd("2023-10-21")));
    // `and` without `between` is not a range.
    let row = only("On Oct. 17 and 21 people were hurt.", Some("2023-11-08"));
    check(&row, "Oct. 17", Some("2023-10-17"), Some("day"));
    assert_eq!(row.range_end, None);
}

#[test]
fn month_year_month_alone_decade_and_year() {
    check(
        &only("In early January 2020, the US struck.", None),
        "early January 2020",
        Some("2020-01-01"),
        Some("month"),
    );
    check(
        &only("He was killed in Tehran in July.", Some("2024-09-24")),
        "July",
        Some("2024-07-01"),
        Some("month"),
    );
    check(
        &only("It began in the 1970s.", None),
        "1970s",
        Some("1970-01-01"),
        Some("decade"),
    );
    check(
        &only("The war began in 2011.", None),
        "2011",
        Some("2011-01-01"),
        Some("year"),
    );
    check(
        &only("After the 2003 US-led invasion.", None),
        "2003",
        Some("2003-01-01"),
        Some("year"),
    );
}

#[test]
fn weekdays_resolve_to_the_latest_on_or_before_the_anchor() {
    // 2024-09-24 is a Tuesday.
    check(
        &only(
            "Israel on Monday intensified its operations.",
            Some("2024-09-24"),
        ),
        "Monday",
        Some("2024-09-23"),
        Some("day"),
    );
    check(
        &only("Israel on Tuesday struck.", Some("2024-09-24")),
        "Tuesday",
        Some("2024-09-24"),
        Some("day"),
    );
    check(
        &only("They meet next Monday.", Some("2024-09-24")),
        "next Monday",
        Some("2024-09-30"),
        Some("day"),
    );
    check(
        &only("They met last Tuesday.", Some("2024-09-24")),
        "last Tuesday",
        Some("2024-09-17"),
        Some("day"),
    );
    assert!(dates("Markets close on Mondays.", Some("2024-09-24")).is_empty());
}

#[test]
fn relative_expressions() {
    let anchor = Some("2024-09-24");
    check(
        &only("It happened yesterday.", anchor),
        "yesterday",
        Some("2024-09-23"),
        Some("day"),
    );
    check(
        &only("Commanders were killed last week.", anchor),
        "last week",
        Some("2024-09-16"),
        Some("week"),
    );
    check(
        &only("A meeting this month ended.", anchor),
        "this month",
        Some("2024-09-01"),
        Some("month"),
    );
    check(
        &only("Talks resume next week.", anchor),
        "next week",
        Some("2024-09-30"),
        Some("week"),
    );
    check(
        &only("It was signed three days ago.", anchor),
        "three days ago",
        Some("2024-09-21"),
        Some("day"),
    );
    check(
        &only("Elections were held last year.", anchor),
        "last year",
        Some("2023-01-01"),
        Some("year"),
    );
}

#[test]
fn false_positives_are_not_dates() {
    assert!(dates("The Department of Defense said so.", Some("2024-09-24")).is_empty());
    assert!(dates("May God protect them, he said.", Some("2024-09-24")).is_empty());
    assert!(dates("Officials may march on the capital.", Some("2024-09-24")).is_empty());
    assert!(dates("About 2,000 troops and 61 attacks.", Some("2024-09-24")).is_empty());
    // `May` with a day or year is a date.
    check(
        &only("The deal of May 5, 2021 held.", None),
        "May 5, 2021",
        Some("2021-05-05"),
        Some("day"),
    );
}

#[test]
fn sample_articles_by_hand() {
    let first = test_support::sample_doc(0);
    let out = test_support::run(&first, &[&DateResolver::new()]);
    let find =
        |text: &str| -> Vec<&DateRow> { out.dates.iter().filter(|d| d.text == text).collect() };
    // "since Oct. 17" twice (open ranges from that day), "an Oct. 17 blast" once.
    assert_eq!(find("since Oct. 17").len(), 2);
    assert_eq!(find("Oct. 17").len(), 1);
    assert!(
        find("Oct. 17")
            .iter()
            .chain(&find("since Oct. 17"))
            .all(|d| d.value == Some(ymd("2023-10-17")))
    );
    check(find("Oct. 7")[0], "Oct. 7", Some("2023-10-07"), Some("day"));
    check(
        find("Oct. 27")[0],
        "Oct. 27",
        Some("2023-10-27"),
        Some("day"),
    );
    check(
        find("Nov. 12")[0],
        "Nov. 12",
        Some("2023-11-12"),
        Some("day"),
    );
    check(
        find("early January 2020")[0],
        "early January 2020",
        Some("2020-01-01"),
        Some("month"),
    );
    check(
        find("this month")[0],
        "this month",
        Some("2023-11-01"),
        Some("month"),
    );
    check(find("2011")[0], "2011", Some("2011-01-01"), Some("year"));
    let range = find("between Oct. 17 and 21")[0];
    assert_eq!(range.range_end, Some(ymd("2023-10-21")));
    assert!(out.dates.iter().all(|d| !d.text.contains("Defense")));

    let second = test_support::sample_doc(1);
    let out = test_support::run(&second, &[&DateResolver::new()]);
    let texts: Vec<&str> = out.dates.iter().map(|d| d.text.as_str()).collect();
    // "Israel on Monday", "in Tehran in July", "statement on Monday", "last
    // week", "in the 1970s" and "The situation today".
    assert_eq!(
        texts,
        ["Monday", "July", "Monday", "last week", "1970s", "today"]
    );
    assert_eq!(out.dates[0].value, Some(ymd("2024-09-23")));
    assert_eq!(out.dates[3].value, Some(ymd("2024-09-16")));
    assert_eq!(out.dates[4].value, Some(ymd("1970-01-01")));
}

/// `[start, end)` of the only date in `text`, anchored on Wednesday 2023-11-08.
fn interval(text: &str) -> (Option<String>, Option<String>) {
    let found = super::find_dates(text, Some(ymd("2023-11-08")));
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    let (start, end) = found[0].value.unwrap().interval();
    (start.map(|d| d.to_string()), end.map(|d| d.to_string()))
}

#[test]
fn the_grammar_on_the_forms_of_the_issue() {
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        (
            "Signed on Nov. 8, 2023 in Doha.",
            Some("2023-11-08"),
            Some("2023-11-09"),
        ),
        (
            "I'll go back 04th Jan 2019.",
            Some("2019-01-04"),
            Some("2019-01-05"),
        ),
        (
            "Due on 5/12 at noon.",
            Some("2023-05-12"),
            Some("2023-05-13"),
        ),
        (
            "Strikes on Monday hit.",
            Some("2023-11-06"),
            Some("2023-11-07"),
        ),
        ("It rose last week.", Some("2023-10-30"), Some("2023-11-06")),
        (
            "It began two months ago.",
            Some("2023-09-08"),
            Some("2023-09-09"),
        ),
        (
            "He arrived the day before.",
            Some("2023-11-07"),
            Some("2023-11-08"),
        ),
        (
            "Polls open next year.",
            Some("2024-01-01"),
            Some("2025-01-01"),
        ),
        (
            "Sales this calendar year fell.",
            Some("2023-01-01"),
            Some("2024-01-01"),
        ),
        (
            "In the last week of last month, talks failed.",
            Some("2023-10-23"),
            Some("2023-10-30"),
        ),
        (
            "In early January 2020, the US struck.",
            Some("2020-01-01"),
            Some("2020-01-16"),
        ),
        (
            "Fighting in mid-March stopped.",
            Some("2023-03-10"),
            Some("2023-03-21"),
        ),
        (
            "At the end of September they left.",
            Some("2023-09-16"),
            Some("2023-10-01"),
        ),
        (
            "How about first week of Jan 2015",
            Some("2014-12-29"),
            Some("2015-01-05"),
        ),
        (
            "Profits in the third quarter rose.",
            Some("2023-07-01"),
            Some("2023-10-01"),
        ),
        (
            "Show sales in week 3 of 2027",
            Some("2027-01-18"),
            Some("2027-01-25"),
        ),
        (
            "Attacks between Oct. 17 and 21 rose.",
            Some("2023-10-17"),
            Some("2023-10-22"),
        ),
        (
            "It ran from 2010 to 2012 in all.",
            Some("2010-01-01"),
            Some("2013-01-01"),
        ),
        (
            "Strikes since Oct. 7 have killed many.",
            Some("2023-10-07"),
            None,
        ),
        ("Built before 2010, it fell.", None, Some("2010-01-01")),
        (
            "They met at Easter in Rome.",
            Some("2023-04-09"),
            Some("2023-04-10"),
        ),
        (
            "The ceasefire held over New Year.",
            Some("2023-01-01"),
            Some("2023-01-02"),
        ),
        (
            "It began in the 1990s.",
            Some("1990-01-01"),
            Some("2000-01-01"),
        ),
        (
            "Wars of the 20th century",
            Some("1900-01-01"),
            Some("2000-01-01"),
        ),
    ];
    for &(text, start, end) in cases {
        let expected = (start.map(str::to_owned), end.map(str::to_owned));
        assert_eq!(interval(text), expected, "{text}");
    }
}

#[test]
fn without_an_anchor_relative_dates_stay_unresolved_with_a_reason() {
    let found = super::find_dates("They met last week and on Oct. 17, 2023.", None);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].value, Err(super::Unresolved::NoAnchor));
    assert!(found[1].value.is_ok());
    let invalid = super::find_dates("Due Feb. 30, 2024.", None);
    assert_eq!(invalid[0].value, Err(super::Unresolved::NoSuchDate));
}

#[test]
fn later_and_earlier_count_from_the_last_date_stated_in_the_paragraph() {
    // Checked by hand: the story's own 2003, not the publication date.
    let text = "Militias grew after the 2003 invasion of Iraq. A decade later, they fought ISIS.\n\n\
                Profit rose in the fourth quarter of 2004, against a loss a year earlier.";
    let rows = dates(text, Some("2023-11-08"));
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "2003",
            "A decade later",
            "the fourth quarter of 2004",
            "a year earlier"
        ]
    );
    // A decade is counted in years from the stated year; the row's anchor is
    // the date it counts from.
    check(&rows[1], "A decade later", Some("2013-01-01"), Some("year"));
    assert_eq!(rows[1].anchor, Some(ymd("2003-01-01")));
    // `a year earlier` than a quarter is the same quarter a year before.
    check(
        &rows[3],
        "a year earlier",
        Some("2003-10-01"),
        Some("quarter"),
    );
    assert_eq!(rows[3].anchor, Some(ymd("2004-10-01")));
}

#[test]
fn later_without_a_stated_date_in_the_paragraph_counts_from_the_anchor() {
    // The 2003 is in another paragraph, and `last month` is read from the
    // anchor, so neither is the narrative time: both count from publication.
    let text = "The war began in 2003.\n\nThe plan was submitted last month and 3 weeks later it was approved.";
    let rows = dates(text, Some("2016-11-07"));
    check(&rows[2], "3 weeks later", Some("2016-11-28"), Some("day"));
    assert_eq!(rows[2].anchor, Some(ymd("2016-11-07")));
    // `earlier than expected` compares, it does not date.
    let row = only(
        "It will end in 2006, five years earlier than expected.",
        None,
    );
    check(&row, "2006", Some("2006-01-01"), Some("year"));
}

#[test]
fn a_counted_date_does_not_move_the_narrative_time() {
    let rows = dates(
        "Sales rose in 1986, from a year earlier; exports were flat from a year earlier.",
        None,
    );
    check(&rows[1], "a year earlier", Some("1985-01-01"), Some("year"));
    check(&rows[2], "a year earlier", Some("1985-01-01"), Some("year"));
}
