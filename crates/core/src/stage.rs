//! What each stage reports about its work, for the run manifest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::component::ComponentReport;

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
    /// Per-component figures of the stage's per-article components, in run order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentReport>,
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

    /// Adds the counts, warnings and time of `other` (the same stage run on
    /// another chunk of the input) to this report.
    pub fn absorb(&mut self, other: StageReport) {
        self.received += other.received;
        for (kind, count) in other.emitted {
            *self.emitted.entry(kind).or_default() += count;
        }
        for (reason, count) in other.dropped {
            *self.dropped.entry(reason).or_default() += count;
        }
        self.warnings.extend(other.warnings);
        self.elapsed_ms += other.elapsed_ms;
        self.add_components(other.components);
    }

    /// Adds per-component figures, merging those of a component already listed.
    pub fn add_components(&mut self, components: Vec<ComponentReport>) {
        for component in components {
            match self
                .components
                .iter_mut()
                .find(|c| c.component == component.component)
            {
                Some(known) => known.absorb(component),
                None => self.components.push(component),
            }
        }
    }

    /// Adds one to the dropped counter `reason`.
    pub fn drop_one(&mut self, reason: &str) {
        *self.dropped.entry(reason.to_owned()).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorb_sums_counts_and_time() {
        let mut total = StageReport::new("extract");
        let mut part = StageReport::new("extract");
        part.received = 2;
        part.emit("mentions", 5);
        part.drop_one("bad_sentences");
        part.warnings.push("w1".into());
        part.elapsed_ms = 7;
        total.absorb(part.clone());
        total.absorb(part);
        assert_eq!(total.received, 4);
        assert_eq!(total.emitted["mentions"], 10);
        assert_eq!(total.dropped["bad_sentences"], 2);
        assert_eq!(total.warnings, ["w1", "w1"]);
        assert_eq!(total.elapsed_ms, 14);
    }
}
