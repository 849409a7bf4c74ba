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
