//! End-to-end tests of the date options: `--published` sets the publication
//! date of undated input, `--anchor-date` anchors relative dates without
//! setting it, and neither guesses when absent.

use std::path::Path;

use chrono::NaiveDate;
use sitrep_core::tables::{Article, DateRow};

mod common;
use common::sitrep;

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Runs the pipeline on one undated story with `extra` options; returns the
/// article and its dates.
fn run_story(dir: &Path, name: &str, extra: &[&str]) -> (Article, Vec<DateRow>) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("story.txt"),
        "Talks resume in Doha\n\nEnvoys met last week in Doha. The 1920 treaty was cited.\n",
    )
    .unwrap();
    let tables = dir.join(name);
    let reports = dir.join(format!("{name}_reports"));
    let mut args = vec![
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        tables.to_str().unwrap(),
        "--reports",
        reports.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = sitrep(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut articles: Vec<Article> = sitrep_store::read_table(&tables).unwrap();
    let dates: Vec<DateRow> = sitrep_store::read_table(&tables).unwrap();
    (articles.remove(0), dates)
}

fn date<'a>(dates: &'a [DateRow], text: &str) -> &'a DateRow {
    dates.iter().find(|d| d.text == text).unwrap()
}

#[test]
fn undated_input_is_not_guessed_and_relative_dates_stay_unresolved() {
    let dir = tempfile::tempdir().unwrap();
    let (article, dates) = run_story(dir.path(), "plain", &[]);
    // The 1920 in the body is the story's date, not the article's.
    assert_eq!(article.published, None);
    let last_week = date(&dates, "last week");
    assert_eq!((last_week.value, last_week.anchor), (None, None));
    assert_eq!(date(&dates, "1920").value, ymd(1920, 1, 1));
}

#[test]
fn anchor_date_resolves_relative_dates_without_dating_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let (article, dates) = run_story(dir.path(), "anchored", &["--anchor-date", "2024-09-24"]);
    assert_eq!(article.published, None);
    let last_week = date(&dates, "last week");
    assert_eq!(last_week.value, ymd(2024, 9, 16));
    assert_eq!(last_week.precision.as_deref(), Some("week"));
    assert_eq!(last_week.anchor, ymd(2024, 9, 24));
}

#[test]
fn published_option_dates_the_article_and_anchors_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let (article, dates) = run_story(dir.path(), "published", &["--published", "2005-03-01"]);
    assert_eq!(article.published, ymd(2005, 3, 1));
    assert_eq!(article.published_source.as_deref(), Some("option"));
    assert_eq!(
        article.published_evidence.as_deref(),
        Some("--published 2005-03-01")
    );
    // 2005-03-01 is a Tuesday: last week began on Monday 21 February.
    assert_eq!(date(&dates, "last week").value, ymd(2005, 2, 21));
}

#[test]
fn a_malformed_date_option_is_a_usage_error() {
    let output = sitrep(&["run", "--anchor-date", "24/09/2024"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
}
