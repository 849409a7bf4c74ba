//! Reading the output tables back from Parquet into their typed rows.
//!
//! Each table is read with polars, every declared column is looked up by name
//! and cast to its declared type (so an all-null column stored as the Null
//! type, or an `Int32` offset, still loads), then rows are rebuilt with
//! [`Table::from_cells`]. Extra columns are ignored.
//!
//! `articles.parquet` is required; any other missing table is read as empty
//! and noted as a warning, so a report can be made from a partial run.
//!
//! Only what the report shows is read: articles without their `text`,
//! mentions without `mention_id` and `method`, events and quotes without
//! their mention ids, cues and methods, and of the `sentences` table
//! only its row count and the texts the report quotes (the sentence of each
//! event, the first body sentence of each digest), read one row group at a
//! time. So the report's memory grows with the rows it counts and the
//! entities, not with the text of the corpus.
//!
//! Known misses: the other tables are loaded whole as typed rows (mentions,
//! events, quotes, dates, quantities, relations): memory still grows with
//! the corpus, about a third of what loading every column took.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use sitrep_core::Table;
use sitrep_core::table::{ColumnType, OwnedCell};
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow,
    RelationRow, SentenceRow,
};

use crate::ReportError;
use crate::summary::{MAX_DIGESTS, MAX_QUOTED_CHARS, clip};

/// Every output table, as typed rows in file order.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    /// Articles without their `text` (the report never shows it).
    pub(crate) articles: Vec<Article>,
    /// Rows of the `sentences` table.
    pub(crate) sentence_count: usize,
    /// Texts of the sentences the report quotes, by `(article_id,
    /// sentence_idx)`, cut to [`MAX_QUOTED_CHARS`]: each event's sentence.
    pub(crate) event_sentences: HashMap<(String, i64), String>,
    /// First sentence at or after `body_start` of the articles that get a
    /// digest (cut to [`MAX_QUOTED_CHARS`]), by `article_id`.
    pub(crate) first_sentences: HashMap<String, String>,
    pub(crate) mentions: Vec<MentionRow>,
    pub(crate) entities: Vec<EntityRow>,
    pub(crate) events: Vec<EventRow>,
    pub(crate) quotes: Vec<QuoteRow>,
    pub(crate) relations: Vec<RelationRow>,
    pub(crate) quantities: Vec<QuantityRow>,
    pub(crate) dates: Vec<DateRow>,
    pub(crate) rejected: Vec<RejectedRow>,
}

impl Tables {
    /// Reads all tables under `dir`; returns them with warnings about
    /// tables that were missing and read as empty.
    pub(crate) fn read(dir: &Path) -> Result<(Self, Vec<String>), ReportError> {
        if !dir.is_dir() {
            return Err(ReportError::MissingTablesDir {
                dir: dir.to_path_buf(),
            });
        }
        let articles_path = table_path::<Article>(dir);
        if !articles_path.is_file() {
            return Err(ReportError::MissingArticles {
                dir: dir.to_path_buf(),
            });
        }
        let mut warnings = Vec::new();
        let articles = read_table_without(dir, &["text"], &mut warnings)?;
        // Read last (it needs the events), warned about in table order.
        let sentences_path = table_path::<SentenceRow>(dir);
        if !sentences_path.is_file() {
            warnings.push(missing(&sentences_path, SentenceRow::NAME));
        }
        let mut tables = Self {
            articles,
            mentions: read_table_without(dir, &["mention_id", "method"], &mut warnings)?,
            entities: read_table(dir, &mut warnings)?,
            events: read_table_without(
                dir,
                &[
                    "actor_mention_id",
                    "target_mention_id",
                    "place_mention_id",
                    "method",
                ],
                &mut warnings,
            )?,
            quotes: read_table_without(
                dir,
                &[
                    "speaker_start",
                    "speaker_end",
                    "speaker_mention_id",
                    "cue",
                    "method",
                ],
                &mut warnings,
            )?,
            relations: read_table(dir, &mut warnings)?,
            quantities: read_table(dir, &mut warnings)?,
            dates: read_table(dir, &mut warnings)?,
            rejected: read_table(dir, &mut warnings)?,
            ..Self::default()
        };
        // The report counts names: pronouns and nominals linked to a name
        // (`antecedent_id` set) are left out.
        tables.mentions.retain(|m| m.antecedent_id.is_none());
        tables.read_sentences(dir)?;
        Ok((tables, warnings))
    }

    /// Counts the `sentences` rows and keeps the texts the report quotes
    /// (see the fields), reading one row group at a time.
    fn read_sentences(&mut self, dir: &Path) -> Result<(), ReportError> {
        let path = table_path::<SentenceRow>(dir);
        if !path.is_file() {
            return Ok(());
        }
        let wanted: HashSet<(&str, i64)> = self
            .events
            .iter()
            .map(|e| (e.article_id.as_str(), e.sentence_idx))
            .collect();
        let ordered = crate::summary::article_order(&self.articles);
        let digested: HashMap<&str, i64> = ordered
            .iter()
            .filter(|a| a.duplicate_of.is_none())
            .take(MAX_DIGESTS)
            .map(|a| (a.article_id.as_str(), a.body_start))
            .collect();
        let mut event_sentences = HashMap::new();
        let mut first: HashMap<String, (i64, String)> = HashMap::new();
        let total = {
            let file = open(&path)?;
            ParquetReader::new(file)
                .num_rows()
                .map_err(|source| read_error(&path, source))?
        };
        let mut offset = 0;
        while offset < total {
            let file = open(&path)?;
            let frame = ParquetReader::new(file)
                .with_slice(Some((offset, ROWS_PER_READ)))
                .finish()
                .map_err(|source| read_error(&path, source))?;
            let rows: Vec<SentenceRow> = rows_from_frame(&frame, &path)?;
            offset += ROWS_PER_READ;
            for row in rows {
                let key = (row.article_id.as_str(), row.sentence_idx);
                if wanted.contains(&key) {
                    event_sentences.insert(
                        (row.article_id.clone(), row.sentence_idx),
                        clip(&row.text, MAX_QUOTED_CHARS),
                    );
                }
                let Some(&body_start) = digested.get(row.article_id.as_str()) else {
                    continue;
                };
                if row.start < body_start {
                    continue;
                }
                match first.get_mut(&row.article_id) {
                    Some(entry) if entry.0 <= row.sentence_idx => {}
                    Some(entry) => *entry = (row.sentence_idx, clip(&row.text, MAX_QUOTED_CHARS)),
                    None => {
                        let text = clip(&row.text, MAX_QUOTED_CHARS);
                        first.insert(row.article_id, (row.sentence_idx, text));
                    }
                }
            }
        }
        self.sentence_count = total;
        self.event_sentences = event_sentences;
        self.first_sentences = first
            .into_iter()
            .map(|(id, (_, text))| (id, text))
            .collect();
        Ok(())
    }
}

/// Rows of `sentences` read at once (one row group of a streamed table).
const ROWS_PER_READ: usize = 65_536;

fn missing(path: &Path, name: &str) -> String {
    format!(
        "{} is missing; the report treats the {name} table as empty",
        path.display()
    )
}

fn open(path: &Path) -> Result<File, ReportError> {
    File::open(path).map_err(|source| ReportError::Open {
        path: path.to_path_buf(),
        source,
    })
}

fn read_error(path: &Path, source: PolarsError) -> ReportError {
    ReportError::Read {
        path: path.to_path_buf(),
        source,
    }
}

fn table_path<T: Table>(dir: &Path) -> PathBuf {
    dir.join(format!("{}.parquet", T::NAME))
}

/// Reads `<dir>/<T::NAME>.parquet`; a missing file reads as no rows plus a warning.
fn read_table<T: Table>(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<T>, ReportError> {
    read_table_without(dir, &[], warnings)
}

/// [`read_table`] without reading the columns `skip` (their fields are
/// left empty: `""`, 0, false or null).
fn read_table_without<T: Table>(
    dir: &Path,
    skip: &[&str],
    warnings: &mut Vec<String>,
) -> Result<Vec<T>, ReportError> {
    let path = table_path::<T>(dir);
    if !path.is_file() {
        warnings.push(missing(&path, T::NAME));
        return Ok(Vec::new());
    }
    let total = ParquetReader::new(open(&path)?)
        .num_rows()
        .map_err(|source| read_error(&path, source))?;
    let columns: Vec<String> = T::COLUMNS
        .iter()
        .map(|c| c.name)
        .filter(|name| !skip.contains(name))
        .map(str::to_owned)
        .collect();
    // One row group at a time, so only one group's cells are held besides the rows.
    let mut rows = Vec::with_capacity(total);
    let mut offset = 0;
    loop {
        let frame = ParquetReader::new(open(&path)?)
            .with_columns(Some(columns.clone()))
            .with_slice(Some((offset, ROWS_PER_READ)))
            .finish()
            .map_err(|source| read_error(&path, source))?;
        let part =
            rows_from_frame_without::<T>(&frame, &path, skip).map_err(|error| match error {
                ReportError::Row { path, row, source } => ReportError::Row {
                    path,
                    row: row + offset,
                    source,
                },
                other => other,
            })?;
        rows.extend(part);
        offset += ROWS_PER_READ;
        if offset >= total {
            break;
        }
    }
    Ok(rows)
}

/// Rebuilds typed rows from a frame holding `T`'s columns.
pub(crate) fn rows_from_frame<T: Table>(
    frame: &DataFrame,
    path: &Path,
) -> Result<Vec<T>, ReportError> {
    rows_from_frame_without(frame, path, &[])
}

/// [`rows_from_frame`] with the columns `skip` left empty.
fn rows_from_frame_without<T: Table>(
    frame: &DataFrame,
    path: &Path,
    skip: &[&str],
) -> Result<Vec<T>, ReportError> {
    let height = frame.height();
    let mut columns: Vec<std::vec::IntoIter<OwnedCell>> = Vec::with_capacity(T::COLUMNS.len());
    for declared in T::COLUMNS {
        if skip.contains(&declared.name) {
            columns.push(vec![empty_cell(declared.ty); height].into_iter());
            continue;
        }
        let column_error = |problem: String| ReportError::Column {
            path: path.to_path_buf(),
            column: declared.name,
            problem,
        };
        let stored = frame
            .column(declared.name)
            .map_err(|_| column_error("is missing".to_owned()))?;
        let cells = cells_of(stored, declared.ty).map_err(|error| {
            column_error(format!(
                "cannot be read as {}: {error}",
                declared.ty.arrow_name()
            ))
        })?;
        columns.push(cells.into_iter());
    }
    let mut rows = Vec::with_capacity(height);
    for index in 0..height {
        let cells = columns
            .iter_mut()
            .map(|column| column.next().unwrap_or(OwnedCell::Str(None)))
            .collect();
        let row = T::from_cells(cells).map_err(|source| ReportError::Row {
            path: path.to_path_buf(),
            row: index,
            source,
        })?;
        rows.push(row);
    }
    Ok(rows)
}

/// The value of a column that was not read: empty, zero, false or null.
fn empty_cell(ty: ColumnType) -> OwnedCell {
    match ty {
        ColumnType::Str => OwnedCell::Str(Some(String::new())),
        ColumnType::OptStr => OwnedCell::Str(None),
        ColumnType::Int => OwnedCell::Int(Some(0)),
        ColumnType::OptInt => OwnedCell::Int(None),
        ColumnType::Float => OwnedCell::Float(Some(0.0)),
        ColumnType::OptFloat => OwnedCell::Float(None),
        ColumnType::Bool => OwnedCell::Bool(Some(false)),
        ColumnType::OptDate => OwnedCell::Date(None),
        ColumnType::StrList => OwnedCell::StrList(Vec::new()),
    }
}

/// Casts `column` to the declared type and reads every value as a cell.
fn cells_of(column: &Column, ty: ColumnType) -> PolarsResult<Vec<OwnedCell>> {
    let cells = match ty {
        ColumnType::Str | ColumnType::OptStr => {
            let cast = column.strict_cast(&DataType::String)?;
            cast.str()?
                .iter()
                .map(|value| OwnedCell::Str(value.map(str::to_owned)))
                .collect()
        }
        ColumnType::Int | ColumnType::OptInt => {
            let cast = column.strict_cast(&DataType::Int64)?;
            cast.i64()?.iter().map(OwnedCell::Int).collect()
        }
        ColumnType::Float | ColumnType::OptFloat => {
            let cast = column.strict_cast(&DataType::Float64)?;
            cast.f64()?.iter().map(OwnedCell::Float).collect()
        }
        ColumnType::Bool => {
            let cast = column.strict_cast(&DataType::Boolean)?;
            cast.bool()?.iter().map(OwnedCell::Bool).collect()
        }
        ColumnType::OptDate => {
            let cast = column.strict_cast(&DataType::Date)?;
            cast.date()?.as_date_iter().map(OwnedCell::Date).collect()
        }
        ColumnType::StrList => {
            let cast = column.strict_cast(&DataType::List(Box::new(DataType::String)))?;
            let mut cells = Vec::with_capacity(cast.len());
            for item in cast.list()?.series_iter() {
                let values = match item {
                    Some(series) => series
                        .str()?
                        .iter()
                        .map(|value| value.unwrap_or_default().to_owned())
                        .collect(),
                    None => Vec::new(),
                };
                cells.push(OwnedCell::StrList(values));
            }
            cells
        }
    };
    Ok(cells)
}
