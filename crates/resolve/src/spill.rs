//! What the cross-article step keeps on disk when given a directory
//! ([`crate::CorpusResolver::spill_to`]), so that its memory does not grow
//! with the corpus: the per-article cluster data ([`Store`]: appended as
//! articles are added, read back by position) and the clustering records
//! ([`Sorter`]: an external sort in the clustering order, sorted runs of at
//! most [`RUN_RECORDS`] records merged at the end). Without a directory both
//! stay in memory. The byte form is private to one run (little-endian
//! integers, length-prefixed strings) and its files are removed when done.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::across::Record;

/// Most records held in memory by a spilling [`Sorter`] (one sorted run).
pub(crate) const RUN_RECORDS: usize = 1 << 16;

/// Appends little-endian values and length-prefixed bytes to a buffer.
pub(crate) trait Put {
    fn put_u8(&mut self, value: u8);
    fn put_u32(&mut self, value: u32);
    fn put_u64(&mut self, value: u64);
    fn put_f64(&mut self, value: f64);
    fn put_bytes(&mut self, value: &[u8]);
}

impl Put for Vec<u8> {
    fn put_u8(&mut self, value: u8) {
        self.push(value);
    }
    fn put_u32(&mut self, value: u32) {
        self.extend_from_slice(&value.to_le_bytes());
    }
    fn put_u64(&mut self, value: u64) {
        self.extend_from_slice(&value.to_le_bytes());
    }
    fn put_f64(&mut self, value: f64) {
        self.extend_from_slice(&value.to_le_bytes());
    }
    fn put_bytes(&mut self, value: &[u8]) {
        self.put_u32(u32::try_from(value.len()).expect("fields under 4 GiB"));
        self.extend_from_slice(value);
    }
}

/// Reads what [`Put`] wrote (the bytes are the run's own: a short read
/// is a bug, so it panics).
pub(crate) struct Take<'a>(pub(crate) &'a [u8]);

impl<'a> Take<'a> {
    fn split(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
    pub(crate) fn u8(&mut self) -> u8 {
        self.split(1)[0]
    }
    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.split(4).try_into().expect("4 bytes"))
    }
    pub(crate) fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.split(8).try_into().expect("8 bytes"))
    }
    pub(crate) fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.split(8).try_into().expect("8 bytes"))
    }
    pub(crate) fn bytes(&mut self) -> &'a [u8] {
        let n = self.u32() as usize;
        self.split(n)
    }
    pub(crate) fn str(&mut self) -> &'a str {
        std::str::from_utf8(self.bytes()).expect("written as a str")
    }
}

/// A file removed when dropped.
#[derive(Debug)]
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn create(path: PathBuf) -> io::Result<(Self, File)> {
        let file = File::create(&path)?;
        Ok((Self { path }, file))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Byte records appended once and read back by position: in memory, or in
/// a file of the spill directory.
#[derive(Debug, Default)]
pub(crate) struct Store {
    memory: Vec<u8>,
    file: Option<(TempFile, BufWriter<File>)>,
    reader: Option<File>,
    len: u64,
}

impl Store {
    /// A store in the file `path`.
    pub(crate) fn in_file(path: PathBuf) -> io::Result<Self> {
        let (temp, file) = TempFile::create(path)?;
        Ok(Self {
            file: Some((temp, BufWriter::with_capacity(1 << 16, file))),
            ..Self::default()
        })
    }

    /// Appends `bytes`; returns where they start.
    pub(crate) fn append(&mut self, bytes: &[u8]) -> io::Result<u64> {
        let at = self.len;
        match &mut self.file {
            Some((_, writer)) => writer.write_all(bytes)?,
            None => self.memory.extend_from_slice(bytes),
        }
        self.len += bytes.len() as u64;
        Ok(at)
    }

    /// The `len` bytes at `at` into `buffer` (after the last append).
    pub(crate) fn read<'a>(
        &mut self,
        at: u64,
        len: usize,
        buffer: &'a mut Vec<u8>,
    ) -> io::Result<&'a [u8]> {
        let Some((temp, writer)) = &mut self.file else {
            let at = usize::try_from(at).expect("in memory");
            buffer.clear();
            buffer.extend_from_slice(&self.memory[at..at + len]);
            return Ok(buffer);
        };
        if self.reader.is_none() {
            writer.flush()?;
            self.reader = Some(File::open(&temp.path)?);
        }
        let reader = self.reader.as_mut().expect("opened above");
        reader.seek(SeekFrom::Start(at))?;
        buffer.resize(len, 0);
        reader.read_exact(buffer)?;
        Ok(buffer)
    }
}

/// Records sorted by their clustering order ([`Record::order`]): in
/// memory, or (with a spill directory) in sorted runs merged when read.
#[derive(Debug, Default)]
pub(crate) struct Sorter {
    dir: Option<PathBuf>,
    /// Records per run when spilling.
    run_records: usize,
    buffer: Vec<Record>,
    runs: Vec<TempFile>,
}

impl Sorter {
    /// A sorter spilling runs of `run_records` records to `dir` when given.
    pub(crate) fn new(dir: Option<&Path>, run_records: usize) -> Self {
        Self {
            dir: dir.map(Path::to_path_buf),
            run_records: run_records.max(1),
            ..Self::default()
        }
    }

    /// Adds a record.
    pub(crate) fn push(&mut self, record: Record) -> io::Result<()> {
        self.buffer.push(record);
        if self.dir.is_some() && self.buffer.len() >= self.run_records {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the buffer as a sorted run.
    fn spill(&mut self) -> io::Result<()> {
        let dir = self.dir.as_ref().expect("spilling sorter");
        self.buffer.sort_unstable_by(|a, b| a.order.cmp(&b.order));
        let path = dir.join(format!(".resolve-run-{}.bin", self.runs.len()));
        let (temp, file) = TempFile::create(path)?;
        let mut writer = BufWriter::with_capacity(1 << 16, file);
        let mut bytes = Vec::new();
        for record in self.buffer.drain(..) {
            bytes.clear();
            record.encode(&mut bytes);
            writer.write_all(&u32::try_from(bytes.len()).expect("small").to_le_bytes())?;
            writer.write_all(&bytes)?;
        }
        writer.flush()?;
        self.buffer = Vec::new();
        self.runs.push(temp);
        Ok(())
    }

    /// Every record pushed, in clustering order.
    pub(crate) fn sorted(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            let mut buffer = std::mem::take(&mut self.buffer);
            buffer.sort_unstable_by(|a, b| a.order.cmp(&b.order));
            return Ok(Sorted::Memory(buffer.into_iter()));
        }
        if !self.buffer.is_empty() {
            self.spill()?;
        }
        let mut merge = Merge {
            readers: Vec::new(),
            heap: BinaryHeap::new(),
            runs: std::mem::take(&mut self.runs),
        };
        for (run, temp) in merge.runs.iter().enumerate() {
            let mut reader = BufReader::with_capacity(1 << 16, File::open(&temp.path)?);
            if let Some(record) = next_record(&mut reader)? {
                merge.heap.push(Reverse(Head { record, run }));
            }
            merge.readers.push(reader);
        }
        Ok(Sorted::Merge(merge))
    }
}

/// Reads the next record of a run.
fn next_record(reader: &mut BufReader<File>) -> io::Result<Option<Record>> {
    let mut len = [0_u8; 4];
    match reader.read_exact(&mut len) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(error) => return Err(error),
    }
    let mut bytes = vec![0_u8; u32::from_le_bytes(len) as usize];
    reader.read_exact(&mut bytes)?;
    Ok(Some(Record::decode(&mut Take(&bytes))))
}

/// A run's next record in the merge.
#[derive(Debug)]
struct Head {
    record: Record,
    run: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.record.order == other.record.order
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.record.order.cmp(&other.record.order)
    }
}

/// The k-way merge of sorted runs.
#[derive(Debug)]
pub(crate) struct Merge {
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<Head>>,
    /// Its files, removed when the merge is dropped.
    runs: Vec<TempFile>,
}

/// [`Sorter::sorted`]'s records.
#[derive(Debug)]
pub(crate) enum Sorted {
    Memory(std::vec::IntoIter<Record>),
    Merge(Merge),
}

impl Iterator for Sorted {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Memory(records) => records.next().map(Ok),
            Self::Merge(merge) => {
                let Reverse(Head { record, run }) = merge.heap.pop()?;
                match next_record(&mut merge.readers[run]) {
                    Ok(Some(next)) => merge.heap.push(Reverse(Head { record: next, run })),
                    Ok(None) => {}
                    Err(error) => return Some(Err(error)),
                }
                Some(Ok(record))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written() {
        let mut bytes = Vec::new();
        bytes.put_u8(7);
        bytes.put_u32(70_000);
        bytes.put_u64(u64::MAX - 1);
        bytes.put_f64(0.55);
        bytes.put_bytes("Sudani".as_bytes());
        let mut take = Take(&bytes);
        assert_eq!(take.u8(), 7);
        assert_eq!(take.u32(), 70_000);
        assert_eq!(take.u64(), u64::MAX - 1);
        assert!((take.f64() - 0.55).abs() < f64::EPSILON);
        assert_eq!(take.str(), "Sudani");
        assert!(take.0.is_empty());
    }

    #[test]
    fn a_file_store_reads_back_by_position_and_is_removed() {
        let dir = std::env::temp_dir().join(format!("sitrep-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("store.bin");
        let mut store = Store::in_file(path.clone()).unwrap();
        let a = store.append(b"first").unwrap();
        let b = store.append(b"second").unwrap();
        let mut buffer = Vec::new();
        assert_eq!(store.read(b, 6, &mut buffer).unwrap(), b"second");
        assert_eq!(store.read(a, 5, &mut buffer).unwrap(), b"first");
        assert!(path.is_file());
        drop(store);
        assert!(!path.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
