//! sitrep sink: Markdown and HTML summary reports of the output tables.
//!
//! Role: the last stage. It reads the tables the pipeline wrote
//! (`<tables_dir>/{articles,sentences,mentions,entities,events,quotes,quantities,dates,rejected}.parquet`,
//! schemas as declared in [`sitrep_core::tables`]) and writes two reports
//! with the same content:
//!
//! - `<reports_dir>/summary.md`: Markdown with pipe tables;
//! - `<reports_dir>/summary.html`: one self-contained page (inline style,
//!   inline SVG charts: a map of places over embedded Natural Earth country
//!   outlines, a co-occurrence network, top actors, an events timeline on a
//!   real time axis; one small inline script that paginates and filters the
//!   event list, which without it is a plain table). Nothing is fetched.
//!
//! Sections: corpus overview and publication date range; top entities by
//! type (places with country and coordinates); events by PLOVER and ACLED
//! type, a timeline by event date and an event list grouped by article;
//! date expressions; quotes with speakers; key quantities; collapsed
//! per-article digests; rejected inputs with reasons.
//!
//! Output is deterministic: the same tables give byte-identical reports
//! (no timestamps; every ordering ends in a tie-break by name or id). Files
//! are written atomically with [`sitrep_core::io::write_atomic`].
//!
//! ```no_run
//! use std::path::Path;
//! let output = sitrep_report::write_reports(Path::new("data/processed"), Path::new("reports"))?;
//! assert_eq!(output.files.len(), 2);
//! # Ok::<(), sitrep_report::ReportError>(())
//! ```
//!
//! Size stays bounded whatever the corpus: the page for 20,921 articles is
//! well under 5 MB (lists are cut, with the total shown and a pointer to the
//! table that has them all).
//!
//! Known misses: without the resolve stage, entities are approximated from
//! mention text.

mod digest;
mod event_list;
mod grids;
mod html;
mod load;
mod map;
mod markdown;
mod summary;
mod svg;
mod timeline;

use std::path::{Path, PathBuf};
use std::time::Instant;

use sitrep_core::StageReport;
use sitrep_core::table::CellError;
use thiserror::Error;

/// Summary of what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOutput {
    /// The report files written, Markdown first.
    pub files: Vec<PathBuf>,
    /// Counts for the run manifest: tables read, files written, warnings.
    pub report: StageReport,
}

/// Why the reports could not be made.
#[derive(Debug, Error)]
pub enum ReportError {
    /// The tables directory does not exist.
    #[error(
        "tables dir {dir} does not exist: run `sitrep run` first, or point the report at the directory holding the tables"
    )]
    MissingTablesDir {
        /// Directory that was given.
        dir: PathBuf,
    },
    /// The tables directory has no `articles.parquet`.
    #[error("tables dir {dir} has no articles.parquet: run `sitrep run` or `sitrep resolve` first")]
    MissingArticles {
        /// Directory that was given.
        dir: PathBuf,
    },
    /// A table file could not be opened.
    #[error(
        "cannot open {path}: {source}; check its permissions or re-run `sitrep run` to rewrite it"
    )]
    Open {
        /// Table file.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A table file is not readable Parquet.
    #[error(
        "cannot read {path} as Parquet: {source}; the file may be truncated, re-run `sitrep run` to rewrite it"
    )]
    Read {
        /// Table file.
        path: PathBuf,
        /// Underlying error.
        source: polars::error::PolarsError,
    },
    /// A declared column is missing or has an unreadable type.
    #[error(
        "{path}: column `{column}` {problem}; the table was written by another sitrep version, re-run `sitrep run` to rewrite it"
    )]
    Column {
        /// Table file.
        path: PathBuf,
        /// Column name.
        column: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// A row holds a null where the schema forbids one.
    #[error("{path}: row {row}: {source}; re-run `sitrep run` to rewrite the table")]
    Row {
        /// Table file.
        path: PathBuf,
        /// Row number (0-based).
        row: usize,
        /// Which column and value.
        source: CellError,
    },
    /// The reports directory could not be created.
    #[error("cannot create reports dir {dir}: {source}; check the path and its permissions")]
    CreateDir {
        /// Reports directory.
        dir: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// A report file could not be written.
    #[error("cannot write {path}: {source}; check free space and permissions")]
    Write {
        /// Report file.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}

/// Choices about what the reports show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Keep nationalities, religious and political groups (NORP) in the
    /// co-occurrence network; they are left out by default because words
    /// like `American` or `Iranian` otherwise crowd out the actors.
    pub network_nationalities: bool,
}

/// Reads `<tables_dir>/*.parquet` and writes `<reports_dir>/summary.md` and
/// `summary.html` with the default [`ReportOptions`].
///
/// `articles.parquet` must exist; other missing tables are read as empty and
/// listed in the returned report's warnings.
pub fn write_reports(tables_dir: &Path, reports_dir: &Path) -> Result<ReportOutput, ReportError> {
    write_reports_with(tables_dir, reports_dir, &ReportOptions::default())
}

/// [`write_reports`] with explicit [`ReportOptions`].
pub fn write_reports_with(
    tables_dir: &Path,
    reports_dir: &Path,
    options: &ReportOptions,
) -> Result<ReportOutput, ReportError> {
    let started = Instant::now();
    let (tables, warnings) = load::Tables::read(tables_dir)?;
    let summary = summary::summarise(&tables, options);
    let grids = grids::Grids::new(&summary);
    let markdown = markdown::render(&summary, &grids);
    let html = html::render(&summary, &grids);

    std::fs::create_dir_all(reports_dir).map_err(|source| ReportError::CreateDir {
        dir: reports_dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::with_capacity(2);
    for (name, content) in [("summary.md", markdown), ("summary.html", html)] {
        let path = reports_dir.join(name);
        sitrep_core::io::write_atomic(&path, content.as_bytes()).map_err(|source| {
            ReportError::Write {
                path: path.clone(),
                source,
            }
        })?;
        files.push(path);
    }

    let mut report = StageReport::new("report");
    report.received = tables.articles.count as u64;
    report.emit("files", files.len());
    report.emit("events_listed", summary.events.rows.len());
    report.emit("articles_digested", summary.digests.rows.len());
    report.warnings = warnings;
    report.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(ReportOutput { files, report })
}
