//! Tables as Polars data frames and Parquet files.
//!
//! Column types: `Str`/`OptStr` → `String`, `Int`/`OptInt` → `Int64`,
//! `Float`/`OptFloat` → `Float64`, `Bool` → `Boolean`, `OptDate` → `Date`,
//! `StrList` → `List(String)`. Parquet is written with zstd compression,
//! statistics on, no parallel encoding, so bytes depend only on the rows. The
//! file metadata names the table and schema version and embeds an Arrow
//! schema that pandas can convert (see [`arrow_schema_metadata`]).

use std::fs::File;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;
use polars_buffer::Buffer;
use polars_parquet::parquet::FallibleStreamingIterator;
use polars_parquet::parquet::error::{ParquetError, ParquetResult};
use polars_parquet::parquet::metadata::{ColumnChunkMetadata, KeyValue};
use polars_parquet::parquet::page::CompressedPage;
use polars_parquet::parquet::read::{PageReader, get_page_iterator, read_metadata};
use polars_parquet::parquet::write::{
    DynIter, DynStreamingIterator, FileWriter as PageFileWriter, Version,
    WriteOptions as PageWriteOptions,
};
use polars_parquet_format::OffsetIndex;
use polars_parquet_format::thrift::protocol::TCompactInputProtocol;
use sitrep_core::table::OwnedCell;
use sitrep_core::{Cell, ColumnType, Table};

use crate::StoreError;

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

fn encode_error<T: Table>(e: &PolarsError) -> StoreError {
    StoreError::Encode {
        table: T::NAME,
        message: e.to_string(),
    }
}

/// The rows as a data frame with the documented column types.
pub fn to_frame<T: Table>(rows: &[T]) -> Result<DataFrame, StoreError> {
    let cells: Vec<Vec<Cell<'_>>> = rows.iter().map(Table::cells).collect();
    let mut columns = Vec::with_capacity(T::COLUMNS.len());
    for (i, column) in T::COLUMNS.iter().enumerate() {
        let name = PlSmallStr::from_static(column.name);
        let values = cells.iter().map(|row| &row[i]);
        let series = match column.ty {
            ColumnType::Str | ColumnType::OptStr => Series::new(
                name,
                values
                    .map(|c| match c {
                        Cell::Str(s) => *s,
                        _ => None,
                    })
                    .collect::<Vec<Option<&str>>>(),
            ),
            ColumnType::Int | ColumnType::OptInt => Series::new(
                name,
                values
                    .map(|c| match c {
                        Cell::Int(v) => *v,
                        _ => None,
                    })
                    .collect::<Vec<Option<i64>>>(),
            ),
            ColumnType::Float | ColumnType::OptFloat => Series::new(
                name,
                values
                    .map(|c| match c {
                        Cell::Float(v) => *v,
                        _ => None,
                    })
                    .collect::<Vec<Option<f64>>>(),
            ),
            ColumnType::Bool => Series::new(
                name,
                values
                    .map(|c| match c {
                        Cell::Bool(v) => Some(*v),
                        _ => None,
                    })
                    .collect::<Vec<Option<bool>>>(),
            ),
            ColumnType::OptDate => Series::new(
                name,
                values
                    .map(|c| match c {
                        Cell::Date(Some(d)) => {
                            Some(i32::try_from((*d - EPOCH).num_days()).unwrap_or(i32::MAX))
                        }
                        _ => None,
                    })
                    .collect::<Vec<Option<i32>>>(),
            )
            .cast(&DataType::Date)
            .map_err(|e| encode_error::<T>(&e))?,
            ColumnType::StrList => {
                let mut builder = ListStringChunkedBuilder::new(name, rows.len(), rows.len());
                for cell in values {
                    if let Cell::StrList(items) = cell {
                        builder.append_values_iter(items.iter().map(String::as_str));
                    }
                }
                builder.finish().into_series()
            }
        };
        columns.push(series.into_column());
    }
    DataFrame::new(rows.len(), columns).map_err(|e| encode_error::<T>(&e))
}

/// The Parquet bytes of `rows`.
pub(crate) fn to_parquet_bytes<T: Table>(rows: &[T]) -> Result<Vec<u8>, StoreError> {
    let mut frame = to_frame(rows)?;
    let mut bytes = Vec::new();
    parquet_writer::<T, _>(&mut bytes, &frame)
        .finish(&mut frame)
        .map_err(|e| encode_error::<T>(&e))?;
    Ok(bytes)
}

/// A Parquet writer with the table files' settings: zstd, full statistics,
/// no parallel encoding (bytes depend only on the rows), the table name,
/// schema version and an Arrow schema every reader converts (of `frame`,
/// which may have no rows).
pub(crate) fn parquet_writer<T: Table, W: std::io::Write>(
    out: W,
    frame: &DataFrame,
) -> ParquetWriter<W> {
    ParquetWriter::new(out)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .set_parallel(false)
        .with_key_value_metadata(Some(KeyValueMetadata::from_static(vec![
            arrow_schema_metadata(frame),
            ("sitrep.table".to_owned(), T::NAME.to_owned()),
            (
                "sitrep.schema_version".to_owned(),
                sitrep_core::SCHEMA_VERSION.to_owned(),
            ),
        ])))
}

/// One Parquet file made of the row groups of other files of the same
/// table (segments, [`crate::segments`]): their pages are copied as they
/// are, not decoded; offsets, column indexes and the footer are the
/// writer's own. Schema, key-value metadata and `created_by` are the first
/// file's.
pub(crate) struct Joined<W: std::io::Write> {
    writer: PageFileWriter<W>,
    key_value: Option<Vec<KeyValue>>,
}

/// The pages of one column chunk, as the page writer takes them, each data
/// page with its number of rows (from the chunk's offset index).
struct Pages {
    reader: PageReader,
    current: Option<CompressedPage>,
    rows: std::vec::IntoIter<usize>,
}

/// Rows of each data page of `column` (a chunk of a row group of `rows`
/// rows in the file `bytes`), from its offset index.
fn page_rows(bytes: &[u8], column: &ColumnChunkMetadata, rows: usize) -> ParquetResult<Vec<usize>> {
    let missing = || ParquetError::OutOfSpec("a segment's column chunk has no offset index".into());
    let start = usize::try_from(column.offset_index_offset().ok_or_else(missing)?)
        .map_err(|_| missing())?;
    let length = usize::try_from(column.offset_index_length().ok_or_else(missing)?)
        .map_err(|_| missing())?;
    let slice = bytes.get(start..start + length).ok_or_else(missing)?;
    let mut protocol = TCompactInputProtocol::new(slice, bytes.len());
    let index = OffsetIndex::read_from_in_protocol(&mut protocol)
        .map_err(|e| ParquetError::OutOfSpec(e.to_string()))?;
    let firsts: Vec<usize> = index
        .page_locations
        .iter()
        .map(|p| usize::try_from(p.first_row_index).map_err(|_| missing()))
        .collect::<ParquetResult<_>>()?;
    let mut out = Vec::with_capacity(firsts.len());
    for (i, &first) in firsts.iter().enumerate() {
        let next = firsts.get(i + 1).copied().unwrap_or(rows);
        out.push(next.checked_sub(first).ok_or_else(missing)?);
    }
    Ok(out)
}

impl FallibleStreamingIterator for Pages {
    type Item = CompressedPage;
    type Error = ParquetError;

    fn advance(&mut self) -> Result<(), ParquetError> {
        self.current = self.reader.next().transpose()?;
        if let Some(CompressedPage::Data(page)) = &mut self.current {
            page.num_rows = Some(self.rows.next().ok_or_else(|| {
                ParquetError::OutOfSpec(
                    "a segment has more data pages than its offset index".into(),
                )
            })?);
        }
        Ok(())
    }

    fn get(&self) -> Option<&CompressedPage> {
        self.current.as_ref()
    }
}

impl<W: std::io::Write> Joined<W> {
    /// Starts a file on `out` with the schema and metadata of the Parquet file `first`.
    pub(crate) fn start(out: W, first: &[u8]) -> ParquetResult<Self> {
        let meta = read_metadata(&mut std::io::Cursor::new(first))?;
        let options = PageWriteOptions {
            write_statistics: true,
            version: if meta.version >= 2 {
                Version::V2
            } else {
                Version::V1
            },
        };
        let writer = PageFileWriter::new(
            out,
            meta.schema_descr.clone(),
            options,
            meta.created_by.clone(),
        );
        Ok(Self {
            writer,
            key_value: meta.key_value_metadata.clone(),
        })
    }

    /// Appends every row group of the Parquet file `bytes`.
    pub(crate) fn append(&mut self, bytes: Vec<u8>) -> ParquetResult<()> {
        let meta = read_metadata(&mut std::io::Cursor::new(&bytes[..]))?;
        let buffer = Buffer::from(bytes);
        for group in &meta.row_groups {
            let columns = group
                .parquet_columns()
                .iter()
                .map(|column| {
                    let rows = page_rows(buffer.as_slice(), column, group.num_rows())?;
                    let reader = get_page_iterator(
                        column,
                        std::io::Cursor::new(buffer.clone()),
                        Vec::new(),
                        usize::MAX,
                    )?;
                    Ok(DynStreamingIterator::new(Pages {
                        reader,
                        current: None,
                        rows: rows.into_iter(),
                    }))
                })
                .collect::<Vec<ParquetResult<_>>>();
            self.writer
                .write(group.num_rows() as u64, DynIter::new(columns.into_iter()))?;
        }
        Ok(())
    }

    /// Writes the footer; returns the output.
    pub(crate) fn finish(mut self) -> ParquetResult<W> {
        self.writer.end(self.key_value.take())?;
        Ok(self.writer.into_inner())
    }
}

/// The embedded Arrow schema, at Polars' *oldest* compatibility level.
///
/// Polars would otherwise embed its newest level, which declares strings as
/// `string_view`; pyarrow reads those but pandas cannot convert lists of them.
/// At the oldest level strings are `large_string` and lists `large_list`,
/// which every reader handles. The Parquet data itself is the same.
fn arrow_schema_metadata(frame: &DataFrame) -> (String, String) {
    let schema = frame.schema().to_arrow(CompatLevel::oldest());
    let key_value = polars_parquet::arrow::write::schema_to_metadata_key(&schema);
    (key_value.key, key_value.value.unwrap_or_default())
}

/// Reads rows of `T` from a Parquet file written by this crate.
pub(crate) fn read_parquet<T: Table>(path: &Path) -> Result<Vec<T>, StoreError> {
    let read_error = |message: String| StoreError::Read {
        path: path.to_owned(),
        message,
    };
    let file = File::open(path).map_err(|e| read_error(e.to_string()))?;
    let frame = ParquetReader::new(file)
        .finish()
        .map_err(|e| read_error(e.to_string()))?;
    from_frame(&frame).map_err(read_error)
}

/// Rows of `T` from a data frame with the documented columns (extra columns
/// are ignored; a missing or mistyped column is an error naming it).
pub fn from_frame<T: Table>(frame: &DataFrame) -> Result<Vec<T>, String> {
    let height = frame.height();
    let mut columns: Vec<Vec<OwnedCell>> = Vec::with_capacity(T::COLUMNS.len());
    for column in T::COLUMNS {
        let data = frame
            .column(column.name)
            .map_err(|_| format!("table `{}` has no column `{}`", T::NAME, column.name))?;
        let mismatch = |e: PolarsError| {
            format!(
                "column `{}` of `{}` is {} but should be {}: {e}",
                column.name,
                T::NAME,
                data.dtype(),
                column.ty.arrow_name()
            )
        };
        let cells: Vec<OwnedCell> = match column.ty {
            ColumnType::Str | ColumnType::OptStr => data
                .str()
                .map_err(mismatch)?
                .iter()
                .map(|v| OwnedCell::Str(v.map(str::to_owned)))
                .collect(),
            ColumnType::Int | ColumnType::OptInt => data
                .i64()
                .map_err(mismatch)?
                .iter()
                .map(OwnedCell::Int)
                .collect(),
            ColumnType::Float | ColumnType::OptFloat => data
                .f64()
                .map_err(mismatch)?
                .iter()
                .map(OwnedCell::Float)
                .collect(),
            ColumnType::Bool => data
                .bool()
                .map_err(mismatch)?
                .iter()
                .map(OwnedCell::Bool)
                .collect(),
            ColumnType::OptDate => {
                data.date().map_err(mismatch)?;
                let days = data.cast(&DataType::Int32).map_err(mismatch)?;
                days.i32()
                    .map_err(mismatch)?
                    .iter()
                    .map(|d| {
                        OwnedCell::Date(d.and_then(|d| {
                            EPOCH.checked_add_signed(chrono::Duration::days(d.into()))
                        }))
                    })
                    .collect()
            }
            ColumnType::StrList => {
                let lists = data.list().map_err(mismatch)?;
                let mut out = Vec::with_capacity(height);
                for item in lists.amortized_iter() {
                    let values = match item {
                        Some(series) => series
                            .as_ref()
                            .str()
                            .map_err(mismatch)?
                            .iter()
                            .map(|s| s.unwrap_or_default().to_owned())
                            .collect(),
                        None => Vec::new(),
                    };
                    out.push(OwnedCell::StrList(values));
                }
                out
            }
        };
        columns.push(cells);
    }
    let mut iters: Vec<_> = columns.into_iter().map(Vec::into_iter).collect();
    (0..height)
        .map(|_| {
            let cells = iters
                .iter_mut()
                .map(|it| it.next().expect("columns have the frame's height"))
                .collect();
            T::from_cells(cells).map_err(|e| format!("table `{}`: {e}", T::NAME))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::tables::{Article, EntityRow};

    fn article() -> Article {
        Article {
            article_id: "art_1".into(),
            source_path: "data/raw/x.txt".into(),
            source_format: "text_dump".into(),
            source_line_start: 1,
            source_line_end: 9,
            encoding: "UTF-8".into(),
            outlet: None,
            url: None,
            headline: "Israel’s war".into(),
            published: NaiveDate::from_ymd_opt(2024, 9, 24),
            published_precision: Some("day".into()),
            published_source: Some("caption".into()),
            published_evidence: Some("Tuesday, Sept. 24, 2024".into()),
            captions: vec!["A caption".into()],
            caption_credits: vec!["AP".into()],
            text: "Israel’s war\n\nBody.".into(),
            body_start: 14,
            word_count: 3,
            duplicate_of: None,
        }
    }

    #[test]
    fn frame_has_real_types() {
        let frame = to_frame(&[article()]).unwrap();
        assert_eq!(frame.column("published").unwrap().dtype(), &DataType::Date);
        assert_eq!(
            frame.column("captions").unwrap().dtype(),
            &DataType::List(Box::new(DataType::String))
        );
        assert_eq!(
            frame.column("word_count").unwrap().dtype(),
            &DataType::Int64
        );
    }

    #[test]
    fn empty_tables_keep_their_types() {
        let frame = to_frame::<EntityRow>(&[]).unwrap();
        assert_eq!(frame.height(), 0);
        assert_eq!(
            frame.column("aliases").unwrap().dtype(),
            &DataType::List(Box::new(DataType::String))
        );
        assert_eq!(frame.column("lat").unwrap().dtype(), &DataType::Float64);
    }

    #[test]
    fn parquet_round_trips_and_is_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![
            article(),
            Article {
                article_id: "art_2".into(),
                captions: vec![],
                caption_credits: vec![],
                published: None,
                ..article()
            },
        ];
        let first = to_parquet_bytes(&rows).unwrap();
        assert_eq!(first, to_parquet_bytes(&rows).unwrap());
        crate::write_table(dir.path(), &rows).unwrap();
        let back: Vec<Article> = crate::read_table(dir.path()).unwrap();
        assert_eq!(back, rows);
    }

    #[test]
    fn missing_table_says_what_to_run() {
        let dir = tempfile::tempdir().unwrap();
        let err = crate::read_table::<Article>(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("articles.parquet does not exist"),
            "{err}"
        );
    }
}
