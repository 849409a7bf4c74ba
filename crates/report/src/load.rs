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
//! Known misses: the whole table is loaded into memory (fine for tens of
//! thousands of articles; the report is a summary, not a query engine).

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

/// Every output table, as typed rows in file order.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub(crate) articles: Vec<Article>,
    pub(crate) sentences: Vec<SentenceRow>,
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
        let mut tables = Self {
            articles: read_table(dir, &mut warnings)?,
            sentences: read_table(dir, &mut warnings)?,
            mentions: read_table(dir, &mut warnings)?,
            entities: read_table(dir, &mut warnings)?,
            events: read_table(dir, &mut warnings)?,
            quotes: read_table(dir, &mut warnings)?,
            relations: read_table(dir, &mut warnings)?,
            quantities: read_table(dir, &mut warnings)?,
            dates: read_table(dir, &mut warnings)?,
            rejected: read_table(dir, &mut warnings)?,
        };
        // The report counts names: pronouns and nominals linked to a name
        // (`antecedent_id` set) are left out.
        tables.mentions.retain(|m| m.antecedent_id.is_none());
        Ok((tables, warnings))
    }
}

fn table_path<T: Table>(dir: &Path) -> PathBuf {
    dir.join(format!("{}.parquet", T::NAME))
}

/// Reads `<dir>/<T::NAME>.parquet`; a missing file reads as no rows plus a warning.
fn read_table<T: Table>(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<T>, ReportError> {
    let path = table_path::<T>(dir);
    if !path.is_file() {
        warnings.push(format!(
            "{} is missing; the report treats the {} table as empty",
            path.display(),
            T::NAME
        ));
        return Ok(Vec::new());
    }
    let read_error = |source: PolarsError| ReportError::Read {
        path: path.clone(),
        source,
    };
    let file = File::open(&path).map_err(|source| ReportError::Open {
        path: path.clone(),
        source,
    })?;
    let frame = ParquetReader::new(file).finish().map_err(read_error)?;
    rows_from_frame(&frame, &path)
}

/// Rebuilds typed rows from a frame holding `T`'s columns.
pub(crate) fn rows_from_frame<T: Table>(
    frame: &DataFrame,
    path: &Path,
) -> Result<Vec<T>, ReportError> {
    let height = frame.height();
    let mut columns: Vec<std::vec::IntoIter<OwnedCell>> = Vec::with_capacity(T::COLUMNS.len());
    for declared in T::COLUMNS {
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
