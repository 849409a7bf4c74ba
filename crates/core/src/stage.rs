//! What each stage reports about its work, for the run manifest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Counts of one stage's run: what it received, what it emitted, what it
/// dropped and why. Every stage fills one; the manifest lists them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageReport {
    /// Stage name (`ingest`, `normalise`, …).
    pub stage: String,
    /// Items received (input files, articles or documents).
    pub received: u64,
    /// Items emitted, per output table or kind.
    pub emitted: BTreeMap<String, u64>,
    /// Items dropped, per reason.
    pub dropped: BTreeMap<String, u64>,
    /// Human-readable warnings, in a deterministic order.
    pub warnings: Vec<String>,
    /// Wall time in milliseconds (excluded from determinism checks).
    pub elapsed_ms: u64,
}

impl StageReport {
    /// An empty report for `stage`.
    #[must_use]
    pub fn new(stage: &str) -> Self {
        Self {
            stage: stage.to_owned(),
            ..Self::default()
        }
    }

    /// Adds `count` to the emitted counter `kind`.
    pub fn emit(&mut self, kind: &str, count: usize) {
        *self.emitted.entry(kind.to_owned()).or_default() += count as u64;
    }

    /// Adds one to the dropped counter `reason`.
    pub fn drop_one(&mut self, reason: &str) {
        *self.dropped.entry(reason.to_owned()).or_default() += 1;
    }
}
