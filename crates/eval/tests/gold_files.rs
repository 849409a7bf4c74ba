//! The evaluator on the shared gold files, which sit beside the repository.
//! Each test skips, saying so, when its file is absent.

use std::path::Path;

use sitrep_eval::{EvalOptions, EvalReport, Score, evaluate_file};

const GUM_NEWS_DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/gold/gum_news_dev.jsonl"
);
const UNER_DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/train/uner_en_ewt_dev.jsonl"
);

/// The report for `path`, or `None` (with a message) when the file is absent.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn report_of(path: &str) -> Option<EvalReport> {
    if !Path::new(path).exists() {
        eprintln!("SKIP: gold file {path} is absent");
        return None;
    }
    let report = evaluate_file(Path::new(path), &EvalOptions::default()).unwrap();
    if std::env::var_os("SITREP_EVAL_SHOW").is_some() {
        eprintln!("{}", report.to_markdown());
    }
    Some(report)
}

fn assert_ratios_in_range(name: &str, score: &Score) {
    for value in [score.precision(), score.recall(), score.f1()] {
        assert!(
            (0.0..=1.0).contains(&value),
            "{name}: {value} for {score:?}"
        );
    }
}

#[test]
fn gum_news_dev_scores_are_sane() {
    let Some(report) = report_of(GUM_NEWS_DEV) else {
        return;
    };
    assert_eq!(report.documents, 12);
    assert!(report.predicted_mentions > 0);
    assert!(report.gold_mentions > 0);
    assert!(report.sentence_boundaries.is_none());
    for (name, score) in [
        ("exact_typed", &report.exact_typed),
        ("exact_untyped", &report.exact_untyped),
        ("overlap_typed", &report.overlap_typed),
        ("overlap_untyped", &report.overlap_untyped),
        ("linking", &report.linking),
    ] {
        assert_ratios_in_range(name, score);
    }
    // Overlap is looser than exact, untyped looser than typed.
    assert!(report.overlap_untyped.tp >= report.exact_untyped.tp);
    assert!(report.exact_untyped.tp >= report.exact_typed.tp);
    assert!(report.coreference.mentions > 0);
    for prf in [report.coreference.b_cubed, report.coreference.muc] {
        for value in [prf.precision, prf.recall, prf.f1] {
            assert!((0.0..=1.0).contains(&value), "{prf:?}");
        }
    }
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["documents"], 12);
}

#[test]
fn uner_dev_scores_are_sane() {
    let Some(report) = report_of(UNER_DEV) else {
        return;
    };
    assert_eq!(report.documents, 318);
    assert_eq!(report.gold_mentions, 966);
    assert!(report.predicted_mentions > 0);
    assert_eq!(report.coreference.mentions, 0);
    assert_eq!(report.linking, Score::default());
    let sentences = report.sentence_boundaries.expect("UNER gives sentences");
    // One gold sentence per line; 2,001 in the dev file.
    assert_eq!(sentences.tp + sentences.fn_, 2001);
    assert_ratios_in_range("exact_typed", &report.exact_typed);
    assert_ratios_in_range("sentences", &sentences);
}

const DATES_DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/gold/dates_dev.jsonl"
);
const NUMBERS_DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/gold/numbers_dev.jsonl"
);

/// The suite report for `path`, or `None` (with a message) when the file is absent.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn suite_report(
    path: &str,
    evaluate: fn(&Path) -> Result<sitrep_eval::SuiteReport, sitrep_eval::EvalError>,
) -> Option<sitrep_eval::SuiteReport> {
    if !Path::new(path).exists() {
        eprintln!("SKIP: gold file {path} is absent");
        return None;
    }
    Some(evaluate(Path::new(path)).unwrap())
}

#[test]
fn date_suite_counts_and_floor() {
    let Some(report) = suite_report(DATES_DEV, sitrep_eval::evaluate_dates) else {
        return;
    };
    assert_eq!(report.cases, 509);
    let scored = report.scored();
    // 119 date and 211 daterange results (see the gold README).
    assert_eq!(scored.gold, 330);
    assert!(scored.right <= scored.found && scored.found <= scored.gold);
    // A floor well under the measured figure, to catch regressions.
    assert!(report.accuracy() > 0.75, "{}", report.to_markdown());
}

#[test]
fn number_suite_counts_and_floor() {
    let Some(report) = suite_report(NUMBERS_DEV, sitrep_eval::evaluate_numbers) else {
        return;
    };
    assert_eq!(report.cases, 216);
    assert_eq!(report.scored().gold, 242);
    assert!(report.accuracy() > 0.9, "{}", report.to_markdown());
}

#[test]
fn sentence_suite_reads_texts_in_order() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sentences_small.jsonl"
    );
    let report = sitrep_eval::evaluate_sentences(Path::new(path)).unwrap();
    assert_eq!((report.cases, report.scored().gold), (1, 4));
    // Every boundary of this small file is one the splitter handles.
    assert_eq!(report.scored().right, 4, "{}", report.to_markdown());
    assert_eq!(report.false_positives, 0);
}
