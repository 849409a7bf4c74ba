//! Counts of one comparison and the precision, recall and F1 they give.
//!
//! Example: 3 true positives, 1 false positive and 2 false negatives give
//! precision 3/4 = 0.75, recall 3/5 = 0.6 and F1 2·0.75·0.6/1.35 ≈ 0.667.
//!
//! Convention: a ratio with a zero denominator is 0 (nothing predicted means
//! precision 0, not 1), so an empty comparison scores 0 everywhere.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// Scores of one comparison: true positives, false positives, false negatives.
///
/// Serialises as `{"tp", "fp", "fn", "precision", "recall", "f1"}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Predictions that match a gold item.
    pub tp: usize,
    /// Predictions that match no gold item.
    pub fp: usize,
    /// Gold items that no prediction matches.
    pub fn_: usize,
}

impl Score {
    /// `tp / (tp + fp)`, 0 when nothing was predicted.
    #[must_use]
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, 0 when there is no gold item.
    #[must_use]
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall, 0 when both are 0.
    #[must_use]
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }

    /// The three ratios as a [`Prf`], e.g. for JSON output.
    #[must_use]
    pub fn prf(&self) -> Prf {
        Prf {
            precision: self.precision(),
            recall: self.recall(),
            f1: self.f1(),
        }
    }

    /// Adds the counts of `other` to these.
    pub fn add(&mut self, other: Score) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Score", 6)?;
        out.serialize_field("tp", &self.tp)?;
        out.serialize_field("fp", &self.fp)?;
        out.serialize_field("fn", &self.fn_)?;
        out.serialize_field("precision", &self.precision())?;
        out.serialize_field("recall", &self.recall())?;
        out.serialize_field("f1", &self.f1())?;
        out.end()
    }
}

/// Precision, recall and F1 that are not simple count ratios (B-cubed averages).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision, 0 to 1.
    pub precision: f64,
    /// Recall, 0 to 1.
    pub recall: f64,
    /// Harmonic mean of the two, 0 to 1.
    pub f1: f64,
}

impl Prf {
    /// Precision and recall with their harmonic mean.
    #[must_use]
    pub fn new(precision: f64, recall: f64) -> Self {
        Self {
            precision,
            recall,
            f1: harmonic(precision, recall),
        }
    }
}

/// `numerator / denominator`, 0 when the denominator is 0.
pub(crate) fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// Harmonic mean, 0 when both are 0.
fn harmonic(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ratios_follow_the_counts() {
        let score = Score {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert!(close(score.precision(), 0.75));
        assert!(close(score.recall(), 0.6));
        // 2 * 0.75 * 0.6 / 1.35 = 0.9 / 1.35 = 2/3
        assert!(close(score.f1(), 2.0 / 3.0));
        assert!(close(score.prf().f1, 2.0 / 3.0));
    }

    #[test]
    fn empty_denominators_give_zero() {
        let none = Score::default();
        assert!(close(none.precision(), 0.0));
        assert!(close(none.recall(), 0.0));
        assert!(close(none.f1(), 0.0));
        let only_missed = Score {
            tp: 0,
            fp: 0,
            fn_: 4,
        };
        assert!(close(only_missed.precision(), 0.0));
        assert!(close(only_missed.f1(), 0.0));
    }

    #[test]
    fn json_carries_counts_and_ratios() {
        let score = Score {
            tp: 1,
            fp: 1,
            fn_: 0,
        };
        let json = serde_json::to_value(score).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 2.0 / 3.0})
        );
    }

    #[test]
    fn add_sums_counts() {
        let mut total = Score {
            tp: 1,
            fp: 2,
            fn_: 3,
        };
        total.add(Score {
            tp: 10,
            fp: 20,
            fn_: 30,
        });
        assert_eq!(
            total,
            Score {
                tp: 11,
                fp: 22,
                fn_: 33
            }
        );
    }
}
