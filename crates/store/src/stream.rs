//! Writing a table as its rows arrive, so a run never holds a whole table.
//!
//! A [`TableWriter`] takes rows in batches and writes `<dir>/<table>.parquet`
//! and `<dir>/<table>.csv` one row group of [`ROW_GROUP_ROWS`] rows at a
//! time (the last group holds the rest); a group's CSV lines are formatted
//! while its Parquet is encoded (`rayon::join`: in parallel when the pool
//! has a free thread), then appended to the CSV file. The
//! split depends only on the number of rows, so the same rows give the same
//! bytes; a table shorter than one group is the same file [`crate::write_table`]
//! writes. Both files are written under temporary names and renamed when the
//! table is finished.
//!
//! Notebook tools read the file as one table whatever its row groups:
//! `pl.read_parquet`, `pd.read_parquet`, `duckdb`'s `'….parquet'` and
//! `pyarrow.parquet.read_table`.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use sitrep_core::Table;

use crate::csv_table::{csv_writer, write_csv_header, write_csv_rows};
use crate::parquet_table::{encode_failed, parquet_writer, to_frame, to_parquet_bytes};
use crate::{StoreError, WriteOptions, Written};

/// Rows per Parquet row group of a streamed table.
pub const ROW_GROUP_ROWS: usize = 65_536;

/// Writes one table's Parquet and CSV files as rows arrive (see the module docs).
pub struct TableWriter<T: Table> {
    dir: PathBuf,
    options: WriteOptions,
    csv: BufWriter<File>,
    parquet: Option<BatchedWriter<File>>,
    pending: Vec<T>,
    rows: usize,
}

impl<T: Table> std::fmt::Debug for TableWriter<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableWriter")
            .field("table", &T::NAME)
            .field("dir", &self.dir)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

fn temporary(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Write {
        path: path.to_owned(),
        source,
    }
}

/// The CSV lines of `rows` (no header).
fn csv_lines<T: Table>(rows: &[T], csv_safe: bool) -> Result<Vec<u8>, csv::Error> {
    let mut lines = csv_writer(Vec::new());
    write_csv_rows(&mut lines, rows, csv_safe)?;
    lines.into_inner().map_err(|e| e.into_error().into())
}

impl<T: Table + Sync> TableWriter<T> {
    /// Starts `<dir>/<T::NAME>.parquet` and `.csv` (the CSV header is written now).
    pub fn create(dir: &Path, options: WriteOptions) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = temporary(dir, &format!("{}.csv", T::NAME));
        let file = File::create(&path).map_err(write_error(&path))?;
        let mut header = csv_writer(Vec::new());
        write_csv_header::<T, _>(&mut header).map_err(|e| csv_failed(&path, e))?;
        let header = header
            .into_inner()
            .map_err(|e| write_error(&path)(e.into_error()))?;
        let mut csv = BufWriter::new(file);
        csv.write_all(&header).map_err(write_error(&path))?;
        Ok(Self {
            dir: dir.to_owned(),
            options,
            csv,
            parquet: None,
            pending: Vec::new(),
            rows: 0,
        })
    }

    /// Appends `rows`.
    pub fn push(&mut self, rows: Vec<T>) -> Result<(), StoreError> {
        self.rows += rows.len();
        self.pending.extend(rows);
        while self.pending.len() >= ROW_GROUP_ROWS {
            let rest = self.pending.split_off(ROW_GROUP_ROWS);
            let group = std::mem::replace(&mut self.pending, rest);
            self.write_group(&group)?;
        }
        Ok(())
    }

    /// Rows pushed so far.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes one full row group: its Parquet and, formatted meanwhile, its CSV lines.
    fn write_group(&mut self, group: &[T]) -> Result<(), StoreError> {
        let (dir, csv_safe) = (&self.dir, self.options.csv_safe);
        let parquet = &mut self.parquet;
        let (encoded, lines) = rayon::join(
            || -> Result<(), StoreError> {
                let frame = to_frame(group)?;
                if parquet.is_none() {
                    let path = temporary(dir, &format!("{}.parquet", T::NAME));
                    let file = File::create(&path).map_err(write_error(&path))?;
                    let writer = parquet_writer::<T, _>(file, &frame)
                        .batched(frame.schema())
                        .map_err(|e| encode_failed::<T>(&e))?;
                    *parquet = Some(writer);
                }
                parquet
                    .as_mut()
                    .expect("writer started")
                    .write_batch(&frame)
                    .map_err(|e| encode_failed::<T>(&e))
            },
            || csv_lines(group, csv_safe),
        );
        encoded?;
        self.write_csv(lines)
    }

    /// Appends formatted CSV lines to the CSV file.
    fn write_csv(&mut self, lines: Result<Vec<u8>, csv::Error>) -> Result<(), StoreError> {
        let path = temporary(&self.dir, &format!("{}.csv", T::NAME));
        let lines = lines.map_err(|e| csv_failed(&path, e))?;
        self.csv.write_all(&lines).map_err(write_error(&path))
    }

    /// Writes what is left, closes both files and moves them in place.
    pub fn finish(mut self) -> Result<Written, StoreError> {
        let parquet_tmp = temporary(&self.dir, &format!("{}.parquet", T::NAME));
        let group = std::mem::take(&mut self.pending);
        let csv_safe = self.options.csv_safe;
        let parquet = self.parquet.take();
        let (encoded, lines) = rayon::join(
            || -> Result<(), StoreError> {
                if let Some(mut writer) = parquet {
                    if !group.is_empty() {
                        let frame = to_frame(&group)?;
                        writer
                            .write_batch(&frame)
                            .map_err(|e| encode_failed::<T>(&e))?;
                    }
                    writer.finish().map_err(|e| encode_failed::<T>(&e))?;
                } else {
                    // Shorter than one group: the same bytes as a whole-table write.
                    let bytes = to_parquet_bytes(&group)?;
                    std::fs::write(&parquet_tmp, bytes).map_err(write_error(&parquet_tmp))?;
                }
                Ok(())
            },
            || csv_lines(&group, csv_safe),
        );
        encoded?;
        self.write_csv(lines)?;
        let csv_tmp = temporary(&self.dir, &format!("{}.csv", T::NAME));
        let file = self
            .csv
            .into_inner()
            .map_err(|e| write_error(&csv_tmp)(e.into_error()))?;
        file.sync_all().map_err(write_error(&csv_tmp))?;
        let mut files = Vec::with_capacity(2);
        for (tmp, ext) in [(parquet_tmp, "parquet"), (csv_tmp, "csv")] {
            let path = self.dir.join(format!("{}.{ext}", T::NAME));
            std::fs::rename(&tmp, &path).map_err(write_error(&path))?;
            files.push(path);
        }
        Ok(Written {
            table: T::NAME,
            rows: self.rows,
            files,
        })
    }
}

fn csv_failed(path: &Path, error: csv::Error) -> StoreError {
    StoreError::Write {
        path: path.to_owned(),
        source: std::io::Error::other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::tables::SentenceRow;

    fn sentences(n: usize) -> Vec<SentenceRow> {
        (0..n)
            .map(|i| SentenceRow {
                article_id: format!("a{}", i / 7),
                sentence_idx: (i % 7) as i64,
                paragraph_idx: 0,
                start: 0,
                end: 5,
                text: format!("=Row {i}"),
            })
            .collect()
    }

    #[test]
    fn streamed_tables_read_back_whole_and_small_ones_match_a_whole_write() {
        let dir = tempfile::tempdir().unwrap();
        let options = WriteOptions { csv_safe: true };
        let rows = sentences(ROW_GROUP_ROWS * 2 + 10);
        let mut writer = TableWriter::<SentenceRow>::create(dir.path(), options).unwrap();
        for batch in rows.chunks(5000) {
            writer.push(batch.to_vec()).unwrap();
        }
        let written = writer.finish().unwrap();
        assert_eq!(written.rows, rows.len());
        let back: Vec<SentenceRow> = crate::read_table(dir.path()).unwrap();
        assert_eq!(back, rows);
        let csv = std::fs::read(dir.path().join("sentences.csv")).unwrap();
        assert_eq!(csv, crate::to_csv_with(&rows, true));
        let file = File::open(dir.path().join("sentences.parquet")).unwrap();
        let groups = ParquetReader::new(file)
            .get_metadata()
            .unwrap()
            .row_groups
            .len();
        assert_eq!(groups, 3);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("tmp")
            })
            .collect();
        assert!(leftovers.is_empty());

        let small = sentences(20);
        let whole = tempfile::tempdir().unwrap();
        crate::write_table_with(whole.path(), &small, options).unwrap();
        let mut writer = TableWriter::<SentenceRow>::create(dir.path(), options).unwrap();
        writer.push(small[..3].to_vec()).unwrap();
        writer.push(small[3..].to_vec()).unwrap();
        writer.finish().unwrap();
        for file in ["sentences.parquet", "sentences.csv"] {
            let a = std::fs::read(whole.path().join(file)).unwrap();
            let b = std::fs::read(dir.path().join(file)).unwrap();
            assert!(a == b, "{file} differs from a whole-table write");
        }
    }
}
