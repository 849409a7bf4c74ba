//! The run manifest: what went in, what came out, how long each stage took.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_core::StageReport;
use sitrep_core::io::write_atomic_with;

use crate::StoreError;

/// One input file of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// Path as given.
    pub path: String,
    /// Hex SHA-256 of the file's bytes (null if the file could not be read).
    pub sha256: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// Articles read from it.
    pub articles: u64,
    /// Rows it added to `rejected`.
    pub rejected: u64,
}

/// `manifest.json`: the record of the latest run of each stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Tool name.
    pub tool: String,
    /// Tool version.
    pub tool_version: String,
    /// Version of the table contract (`docs/schema.md`).
    pub schema_version: String,
    /// Input files of the latest ingest, sorted by path.
    pub inputs: Vec<InputFile>,
    /// Rows per table, by table name.
    pub tables: BTreeMap<String, u64>,
    /// One report per stage, in pipeline order.
    pub stages: Vec<StageReport>,
    /// All stage warnings, in stage order.
    pub warnings: Vec<String>,
    /// Whether the latest write prefixed CSV cells that a spreadsheet would
    /// run as formulas (`--csv-safe`); Parquet is always exact.
    #[serde(default)]
    pub csv_safe: bool,
}

impl Manifest {
    /// Reads `<dir>/manifest.json` if it exists and parses; else an empty one.
    /// Lets a single stage update the manifest of an earlier full run.
    #[must_use]
    pub fn load_or_default(dir: &Path) -> Self {
        std::fs::read(dir.join("manifest.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Replaces (or appends) the report of `report.stage`, keeping pipeline order.
    pub fn set_stage(&mut self, report: StageReport) {
        const ORDER: [&str; 7] = [
            "ingest",
            "normalise",
            "extract",
            "cache",
            "resolve",
            "write",
            "report",
        ];
        let rank = |name: &str| ORDER.iter().position(|s| *s == name).unwrap_or(ORDER.len());
        self.stages.retain(|s| s.stage != report.stage);
        self.stages.push(report);
        self.stages.sort_by_key(|s| rank(&s.stage));
        self.warnings = self
            .stages
            .iter()
            .flat_map(|s| s.warnings.iter().map(move |w| format!("{}: {w}", s.stage)))
            .collect();
    }

    /// Writes `<dir>/manifest.json` (pretty, stable key order) atomically.
    pub fn write(&self, dir: &Path) -> Result<(), StoreError> {
        self.write_with_inputs(dir, &self.inputs)
    }

    /// [`Manifest::write`] with `inputs` written in place of `self.inputs`,
    /// streamed to the file: for a run with more input files than it should
    /// hold, `inputs` can be a sequence read from disk as it is written
    /// (an error it raises fails the write). Same bytes as `write` with
    /// those inputs in `self.inputs`.
    pub fn write_with_inputs<I: Serialize>(&self, dir: &Path, inputs: I) -> Result<(), StoreError> {
        /// The fields of [`Manifest`], in its order, with other inputs.
        #[derive(Serialize)]
        struct View<'a, I> {
            tool: &'a str,
            tool_version: &'a str,
            schema_version: &'a str,
            inputs: I,
            tables: &'a BTreeMap<String, u64>,
            stages: &'a [StageReport],
            warnings: &'a [String],
            csv_safe: bool,
        }
        let view = View {
            tool: &self.tool,
            tool_version: &self.tool_version,
            schema_version: &self.schema_version,
            inputs,
            tables: &self.tables,
            stages: &self.stages,
            warnings: &self.warnings,
            csv_safe: self.csv_safe,
        };
        let path = dir.join("manifest.json");
        write_atomic_with(&path, |out| {
            serde_json::to_writer_pretty(&mut *out, &view).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        })
        .map_err(|source| StoreError::Write { path, source })
    }
}
