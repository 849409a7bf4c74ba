//! Sinks and sources for the output tables: Parquet, CSV and the run manifest.
//!
//! Every table is a [`Table`] row type from `sitrep-core`; this crate turns a
//! slice of rows into `<dir>/<table>.parquet` (real Arrow types: dates as
//! `Date`, lists as `List<String>`, integers as `Int64`) and `<dir>/<table>.csv`
//! (dates ISO, lists as JSON arrays, nulls empty), and reads Parquet back into
//! rows so that each stage can run on its own from the previous stage's output.
//!
//! Files are written to a temporary name and renamed ([`write_atomic`]), so a
//! killed run never leaves a torn table; a whole run's tables are written
//! into a staging directory and switched in together ([`OutputSet`]), so a
//! killed run never leaves a mix of two runs. Output is a pure function of the rows:
//! the same rows give the same bytes.
//!
//! ```no_run
//! use sitrep_core::tables::RejectedRow;
//! let rows = vec![RejectedRow {
//!     source_path: "a.bin".into(), line: None, reason: "binary".into(),
//!     detail: "a.bin: binary".into(), size_bytes: 3,
//! }];
//! sitrep_store::write_table(std::path::Path::new("out"), &rows).unwrap();
//! let back: Vec<RejectedRow> = sitrep_store::read_table(std::path::Path::new("out")).unwrap();
//! assert_eq!(back, rows);
//! ```

mod csv_table;
mod manifest;
mod output_set;
mod parquet_table;
mod segments;
mod stream;

use std::path::{Path, PathBuf};

use sitrep_core::Table;
use sitrep_core::io::write_atomic;
use thiserror::Error;

pub use csv_table::{to_csv, to_csv_with};
pub use manifest::{InputFile, Manifest};
pub use output_set::{OutputSet, Start, abandon_all, check_out_dir};
pub use parquet_table::{from_frame, to_frame};
pub use stream::{ROW_GROUP_ROWS, TableWriter};

/// A failure to write or read a table.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The output directory could not be created.
    #[error(
        "cannot create output directory {path}: {source} (check the --out path and its permissions)"
    )]
    CreateDir {
        /// Directory.
        path: PathBuf,
        /// OS error.
        source: std::io::Error,
    },
    /// `--out` exists and is not a directory.
    #[error(
        "--out {path} is a file, not a directory; give a directory path (it is created if missing)"
    )]
    NotADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// Another run holds the lock on the output directory.
    #[error(
        "another sitrep run is writing to {path} (it holds {lock}); wait for it to finish or give another --out"
    )]
    Locked {
        /// The output directory.
        path: PathBuf,
        /// The lock file beside it.
        lock: PathBuf,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source} (is the disk full or the directory read-only?)")]
    Write {
        /// File.
        path: PathBuf,
        /// OS error.
        source: std::io::Error,
    },
    /// Polars failed to build or encode a table.
    #[error("cannot encode table `{table}`: {message}")]
    Encode {
        /// Table name.
        table: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A table the stage needs does not exist yet.
    #[error("{path} does not exist: run the earlier stages first (`sitrep run` runs them all)")]
    Missing {
        /// File.
        path: PathBuf,
    },
    /// A table exists but could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// File.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// What [`write_table`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Table name.
    pub table: &'static str,
    /// Number of rows.
    pub rows: usize,
    /// Files written (Parquet then CSV).
    pub files: Vec<PathBuf>,
    /// Segments (row groups with their CSV lines) taken from
    /// [`WriteOptions::segments`] instead of being encoded.
    pub segments_reused: usize,
    /// Segments encoded by this write.
    pub segments_encoded: usize,
}

/// How tables are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// CSV cells that a spreadsheet would run as a formula (starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`. Parquet
    /// always keeps the exact text. Off by default: see [`to_csv_with`].
    pub csv_safe: bool,
    /// Where a [`TableWriter`] keeps each segment it encodes (a row group's
    /// Parquet and its CSV lines, keyed by the SHA-256 of its rows) and
    /// looks for one before encoding: the result cache's build directory.
    /// The bytes written are the same with or without it.
    pub segments: Option<&'static Path>,
}

/// Writes `rows` as `<dir>/<T::NAME>.parquet` and `<dir>/<T::NAME>.csv`.
pub fn write_table<T: Table>(dir: &Path, rows: &[T]) -> Result<Written, StoreError> {
    write_table_with(dir, rows, WriteOptions::default())
}

/// [`write_table`] with options.
pub fn write_table_with<T: Table>(
    dir: &Path,
    rows: &[T],
    options: WriteOptions,
) -> Result<Written, StoreError> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
        path: dir.to_owned(),
        source,
    })?;
    let parquet = parquet_table::to_parquet_bytes(rows)?;
    let csv = to_csv_with(rows, options.csv_safe);
    let mut files = Vec::with_capacity(2);
    for (ext, bytes) in [("parquet", parquet), ("csv", csv)] {
        let path = dir.join(format!("{}.{ext}", T::NAME));
        write_atomic(&path, &bytes).map_err(|source| StoreError::Write {
            path: path.clone(),
            source,
        })?;
        files.push(path);
    }
    Ok(Written {
        table: T::NAME,
        rows: rows.len(),
        files,
        segments_reused: 0,
        segments_encoded: 1,
    })
}

/// Reads `<dir>/<T::NAME>.parquet` back into rows.
pub fn read_table<T: Table>(dir: &Path) -> Result<Vec<T>, StoreError> {
    let path = dir.join(format!("{}.parquet", T::NAME));
    if !path.exists() {
        return Err(StoreError::Missing { path });
    }
    parquet_table::read_parquet(&path)
}
