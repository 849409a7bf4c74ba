//! Writing a table as its rows arrive, so a run never holds a whole table.
//!
//! A [`TableWriter`] takes rows in batches and writes `<dir>/<table>.parquet`
//! and `<dir>/<table>.csv` one segment at a time: segments are cut where the
//! rows say, after about every [`crate::segments::units_per_segment`]-th
//! article (see [`crate::segments`]), or at an article boundary once
//! [`ROW_GROUP_ROWS`] rows are waiting. Each segment is encoded on its own
//! (its CSV lines formatted while its Parquet is encoded, `rayon::join`),
//! or, with [`WriteOptions::segments`], taken from an earlier run that
//! wrote the same rows; its CSV lines are appended to the CSV file and its
//! Parquet row group's pages copied into the table's file. The cuts and the
//! bytes depend only on the rows, so the same rows give the same bytes, with
//! or without stored segments; a table of one segment is the same file
//! [`crate::write_table`] writes. Both files are written under temporary
//! names and renamed when the table is finished.
//!
//! With more than one worker thread, a cut segment is encoded (or looked up
//! in the store) as a rayon task while the caller goes on pushing rows, at
//! most [`IN_FLIGHT`] segments per table at a time, and the encoded
//! segments are appended in the order they were cut: the bytes are the
//! same as with one thread, and a run's serial steps (reading the spool,
//! the cross-article step) overlap the encoding of what they produced.
//!
//! Notebook tools read the file as one table whatever its row groups:
//! `pl.read_parquet`, `pd.read_parquet`, `duckdb`'s `'….parquet'` and
//! `pyarrow.parquet.read_table`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use sitrep_core::Table;

use crate::csv_table::{csv_writer, write_csv_header, write_csv_rows};
use crate::parquet_table::{Joined, to_parquet_bytes};
use crate::segments::{self, Encoded};
use crate::{StoreError, WriteOptions, Written};

/// At most this many rows wait for a segment's cut (a longer run of rows
/// is cut at the next article boundary).
pub const ROW_GROUP_ROWS: usize = 65_536;

/// Segments of one table being encoded at once (each holds its rows and
/// their encoding in memory until it is appended).
const IN_FLIGHT: usize = 2;

/// A segment's encoding: whether it came from the store, and its bytes.
type Outcome = Result<(bool, Encoded), StoreError>;

/// A segment being encoded by a rayon task: the task fills the slot and
/// wakes the writer.
#[derive(Default)]
struct Pending {
    slot: Mutex<Option<Outcome>>,
    done: Condvar,
}

impl Pending {
    /// Waits for the task's outcome. While waiting, the thread runs other
    /// rayon tasks (the one awaited, if no other thread has taken it), so a
    /// pool whose threads all wait cannot stall.
    fn wait(&self) -> Outcome {
        loop {
            if let Some(outcome) = self.slot.lock().expect("segment slot").take() {
                return outcome;
            }
            if matches!(rayon::yield_now(), Some(rayon::Yield::Executed)) {
                continue;
            }
            let slot = self.slot.lock().expect("segment slot");
            if slot.is_none() {
                // Woken by the task, or after a millisecond to look for work.
                let (mut slot, _) = self
                    .done
                    .wait_timeout(slot, Duration::from_millis(1))
                    .expect("segment slot");
                if let Some(outcome) = slot.take() {
                    return outcome;
                }
            }
        }
    }
}

/// Writes one table's Parquet and CSV files as rows arrive (see the module docs).
pub struct TableWriter<T: Table> {
    dir: PathBuf,
    options: WriteOptions,
    csv: BufWriter<File>,
    /// The first segment's Parquet file, until a second segment comes (a
    /// table of one segment is that file).
    first: Option<Vec<u8>>,
    /// The table's Parquet file from the second segment on.
    parquet: Option<Joined<BufWriter<File>>>,
    pending: Vec<T>,
    /// Cut segments being encoded, oldest first.
    encoding: VecDeque<Arc<Pending>>,
    rows: usize,
    /// Column of the unit key, and units per segment on average.
    unit_column: usize,
    every: u64,
    /// Unit hash of the last row pushed.
    last_unit: Option<u64>,
    reused: usize,
    encoded: usize,
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

fn parquet_failed<T: Table>(error: &polars_parquet::parquet::error::ParquetError) -> StoreError {
    StoreError::Encode {
        table: T::NAME,
        message: error.to_string(),
    }
}

/// The CSV lines of `rows` (no header).
fn csv_lines<T: Table>(rows: &[T], csv_safe: bool) -> Result<Vec<u8>, csv::Error> {
    let mut lines = csv_writer(Vec::new());
    write_csv_rows(&mut lines, rows, csv_safe)?;
    lines.into_inner().map_err(|e| e.into_error().into())
}

impl<T: Table + Send + Sync + 'static> TableWriter<T> {
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
            first: None,
            parquet: None,
            pending: Vec::new(),
            encoding: VecDeque::new(),
            rows: 0,
            unit_column: segments::unit_column::<T>(),
            every: segments::units_per_segment(T::NAME),
            last_unit: None,
            reused: 0,
            encoded: 0,
        })
    }

    /// Appends `rows`.
    pub fn push(&mut self, rows: Vec<T>) -> Result<(), StoreError> {
        for row in rows {
            let unit = segments::row_unit(&row, self.unit_column);
            if let Some(last) = self.last_unit {
                if last != unit && (last % self.every == 0 || self.pending.len() >= ROW_GROUP_ROWS)
                {
                    self.flush()?;
                }
            }
            self.last_unit = Some(unit);
            self.pending.push(row);
            self.rows += 1;
        }
        Ok(())
    }

    /// Rows pushed so far.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Cuts the waiting rows as one segment: encoded now with one worker
    /// thread, else by a rayon task (see the module docs).
    fn flush(&mut self) -> Result<(), StoreError> {
        let rows = std::mem::take(&mut self.pending);
        if rows.is_empty() {
            return Ok(());
        }
        let (csv_safe, store) = (self.options.csv_safe, self.options.segments);
        if rayon::current_num_threads() < 2 {
            let outcome = encode_segment(&rows, csv_safe, store);
            drop(rows);
            return self.append(outcome);
        }
        while self.encoding.len() >= IN_FLIGHT {
            self.append_oldest()?;
        }
        let pending = Arc::new(Pending::default());
        let task = Arc::clone(&pending);
        rayon::spawn(move || {
            let outcome = encode_segment(&rows, csv_safe, store);
            drop(rows);
            *task.slot.lock().expect("segment slot") = Some(outcome);
            task.done.notify_all();
        });
        self.encoding.push_back(pending);
        Ok(())
    }

    /// Waits for the oldest segment being encoded and appends it.
    fn append_oldest(&mut self) -> Result<(), StoreError> {
        match self.encoding.pop_front() {
            Some(pending) => {
                let outcome = pending.wait();
                self.append(outcome)
            }
            None => Ok(()),
        }
    }

    /// Appends an encoded segment to both files.
    fn append(&mut self, outcome: Outcome) -> Result<(), StoreError> {
        let (reused, Encoded { csv, parquet }) = outcome?;
        if reused {
            self.reused += 1;
        } else {
            self.encoded += 1;
        }
        let csv_tmp = temporary(&self.dir, &format!("{}.csv", T::NAME));
        self.csv.write_all(&csv).map_err(write_error(&csv_tmp))?;
        if let Some(joined) = &mut self.parquet {
            joined
                .append(parquet)
                .map_err(|e| parquet_failed::<T>(&e))?;
        } else if let Some(first) = self.first.take() {
            let path = temporary(&self.dir, &format!("{}.parquet", T::NAME));
            let file = File::create(&path).map_err(write_error(&path))?;
            let mut joined =
                Joined::start(BufWriter::new(file), &first).map_err(|e| parquet_failed::<T>(&e))?;
            joined.append(first).map_err(|e| parquet_failed::<T>(&e))?;
            joined
                .append(parquet)
                .map_err(|e| parquet_failed::<T>(&e))?;
            self.parquet = Some(joined);
        } else {
            self.first = Some(parquet);
        }
        Ok(())
    }

    /// Cuts the rows still waiting as the last segment, without waiting for
    /// its encoding (so the caller can do other work meanwhile);
    /// [`TableWriter::finish`] then only appends. No row may be pushed after.
    pub fn seal(&mut self) -> Result<(), StoreError> {
        self.flush()
    }

    /// Writes what is left, closes both files and moves them in place.
    pub fn finish(mut self) -> Result<Written, StoreError> {
        self.flush()?;
        while !self.encoding.is_empty() {
            self.append_oldest()?;
        }
        let parquet_tmp = temporary(&self.dir, &format!("{}.parquet", T::NAME));
        if let Some(joined) = self.parquet.take() {
            let out = joined.finish().map_err(|e| parquet_failed::<T>(&e))?;
            out.into_inner()
                .map_err(|e| write_error(&parquet_tmp)(e.into_error()))?;
        } else {
            // One segment (or none): the same bytes as a whole-table write.
            let bytes = match self.first.take() {
                Some(bytes) => bytes,
                None => to_parquet_bytes::<T>(&[])?,
            };
            std::fs::write(&parquet_tmp, bytes).map_err(write_error(&parquet_tmp))?;
        }
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
            segments_reused: self.reused,
            segments_encoded: self.encoded,
        })
    }
}

/// The encoded segment of `rows` of table `T`: stored by an earlier run
/// (`true`), or encoded now, Parquet and CSV at once, and stored.
fn encode_segment<T: Table + Sync>(
    rows: &[T],
    csv_safe: bool,
    store: Option<&'static Path>,
) -> Outcome {
    let key = store.map(|_| segments::key(rows, csv_safe));
    if let (Some(dir), Some(key)) = (store, &key) {
        if let Some(found) = segments::load(dir, key) {
            return Ok((true, found));
        }
    }
    let (parquet, csv) = rayon::join(|| to_parquet_bytes(rows), || csv_lines(rows, csv_safe));
    let encoded = Encoded {
        csv: csv.map_err(|e| StoreError::Encode {
            table: T::NAME,
            message: e.to_string(),
        })?,
        parquet: parquet?,
    };
    if let (Some(dir), Some(key)) = (store, &key) {
        // A store that cannot be written only costs the reuse.
        let _ = segments::store(dir, key, &encoded);
    }
    Ok((false, encoded))
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
    use polars::prelude::{ParquetReader, SerReader as _};
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

    fn write(dir: &Path, rows: &[SentenceRow], batch: usize, options: WriteOptions) -> Written {
        let mut writer = TableWriter::<SentenceRow>::create(dir, options).unwrap();
        for chunk in rows.chunks(batch) {
            writer.push(chunk.to_vec()).unwrap();
        }
        writer.finish().unwrap()
    }

    fn files(dir: &Path) -> Vec<Vec<u8>> {
        ["sentences.parquet", "sentences.csv"]
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect()
    }

    #[test]
    fn streamed_tables_read_back_whole_and_small_ones_match_a_whole_write() {
        let dir = tempfile::tempdir().unwrap();
        let options = WriteOptions {
            csv_safe: true,
            ..WriteOptions::default()
        };
        let rows = sentences(ROW_GROUP_ROWS * 2 + 10);
        let written = write(dir.path(), &rows, 5000, options);
        assert_eq!(written.rows, rows.len());
        let back: Vec<SentenceRow> = crate::read_table(dir.path()).unwrap();
        assert_eq!(back, rows);
        let csv = std::fs::read(dir.path().join("sentences.csv")).unwrap();
        assert_eq!(csv, crate::to_csv_with(&rows, true));
        // One row group per segment, cut after articles whose hash falls on 0.
        let cuts = (0..rows.len() / 7)
            .filter(|a| segments::unit_hash(&format!("a{a}")) % 512 == 0)
            .count();
        assert!(cuts > 10, "{cuts}");
        let file = File::open(dir.path().join("sentences.parquet")).unwrap();
        let groups = ParquetReader::new(file)
            .get_metadata()
            .unwrap()
            .row_groups
            .len();
        assert_eq!(groups, written.segments_encoded);
        assert_eq!(groups, cuts + 1);
        // Batches do not matter.
        let other = tempfile::tempdir().unwrap();
        write(other.path(), &rows, 777, options);
        assert_eq!(files(dir.path()), files(other.path()));
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

    #[test]
    fn segments_encoded_by_tasks_give_the_bytes_of_one_thread() {
        // Many small segments (cuts after articles whose hash falls on 0
        // modulo 512), some reused from a store: one worker thread encodes in
        // line, three encode as tasks with up to IN_FLIGHT segments waiting.
        let rows = sentences(ROW_GROUP_ROWS + 40_000);
        let store = tempfile::tempdir().unwrap();
        let store_path: &'static Path = Box::leak(store.path().to_path_buf().into_boxed_path());
        let mut outputs = Vec::new();
        for (threads, segments) in [
            (1, None),
            (3, None),
            (3, Some(store_path)),
            (3, Some(store_path)),
            (1, Some(store_path)),
        ] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let dir = tempfile::tempdir().unwrap();
            let options = WriteOptions {
                csv_safe: false,
                segments,
            };
            let written = pool.install(|| write(dir.path(), &rows, 3000, options));
            assert!(written.segments_encoded + written.segments_reused > 10);
            outputs.push((files(dir.path()), written.segments_reused));
        }
        // The second stored run reuses every segment the first encoded.
        assert_eq!(outputs[2].1, 0);
        assert!(outputs[3].1 > 10);
        for (files, _) in &outputs[1..] {
            assert!(files == &outputs[0].0, "bytes differ from one thread's");
        }
    }

    #[test]
    fn stored_segments_are_reused_and_an_added_article_changes_one() {
        let store = tempfile::tempdir().unwrap();
        let store_path: &'static Path = Box::leak(store.path().to_path_buf().into_boxed_path());
        let plain = WriteOptions::default();
        let stored = WriteOptions {
            segments: Some(store_path),
            ..plain
        };
        let rows = sentences(30_000);
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let first = write(a.path(), &rows, 1000, stored);
        assert_eq!(first.segments_reused, 0);
        let again = write(b.path(), &rows, 1000, stored);
        assert_eq!(
            (again.segments_reused, again.segments_encoded),
            (first.segments_encoded, 0)
        );
        write(c.path(), &rows, 1000, plain);
        assert_eq!(files(a.path()), files(b.path()));
        assert_eq!(files(a.path()), files(c.path()));

        // A new article in the middle: one segment encoded, the others reused,
        // the same bytes as a write without the store.
        let mut added = rows.clone();
        let at = rows.len() / 2 / 7 * 7;
        for i in 0..3 {
            added.insert(
                at + i,
                SentenceRow {
                    article_id: "new".into(),
                    sentence_idx: i as i64,
                    ..rows[0].clone()
                },
            );
        }
        let rerun = write(b.path(), &added, 1000, stored);
        assert_eq!(rerun.segments_encoded, 1);
        assert_eq!(rerun.segments_reused, first.segments_encoded - 1);
        write(c.path(), &added, 1000, plain);
        assert_eq!(files(b.path()), files(c.path()));
        let back: Vec<SentenceRow> = crate::read_table(b.path()).unwrap();
        assert_eq!(back, added);
    }
}
