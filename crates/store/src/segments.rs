//! Segments: the pieces a streamed table is written in, cut where the rows
//! say (not by row count), so that an added article changes few of them, and
//! kept between runs so that an unchanged piece is not encoded again.
//!
//! **Cuts.** A table's unit is its `article_id` (every per-article table has
//! one) or else its first column (`entity_id`, …; each row its own unit).
//! A segment ends after a unit whose key, hashed, falls on 0 modulo the
//! table's [`units_per_segment`], or, at a unit boundary, once it holds
//! [`crate::ROW_GROUP_ROWS`] rows. So the cuts depend only on the rows, and
//! an article added in the middle of a table changes the segment it falls
//! in, not the ones after it.
//!
//! **Files.** Each segment is one Parquet row group of the table's file
//! (the pages are copied as they were encoded, see
//! `crate::parquet_table::Assembler`) and a run of its CSV lines.
//!
//! **Store.** With [`crate::WriteOptions::segments`] (the result cache's
//! build directory), each segment's encoded CSV lines and Parquet file are
//! kept at `ab/cdef….seg`, keyed by the SHA-256 of the table name, schema
//! version, `csv_safe` and every cell of its rows; a later run whose segment
//! has the same rows copies them instead of encoding. A clean run encodes
//! and copies the same way, so both give the same bytes. An entry is
//! `[csv length: u64 LE][csv][parquet][SHA-256 of what precedes]`, written
//! under a temporary name and renamed; a wrong checksum is a miss. A store
//! that cannot be written only costs the reuse.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use sha2::{Digest as _, Sha256};
use sitrep_core::{Cell, Table};

/// Temporary names in the store start so (as the result cache's do, so
/// `sitrep cache prune` removes stale ones).
const TEMP_PREFIX: &str = ".tmp-";

/// Average units (articles; entities for `entities`) per segment of table
/// `name`: fewer for tables with many rows per article, so row groups stay
/// a few thousand rows on news corpora.
#[must_use]
pub(crate) fn units_per_segment(name: &str) -> u64 {
    match name {
        "relations" => 4096,
        "events" | "quotes" => 1024,
        _ => 512,
    }
}

/// Index of the column whose value is a row's unit key.
pub(crate) fn unit_column<T: Table>() -> usize {
    T::COLUMNS
        .iter()
        .position(|c| c.name == "article_id")
        .unwrap_or(0)
}

/// A 64-bit hash of a unit key (FNV-1a, then a `splitmix64` finish so every
/// bit is mixed), the same on every platform and build.
pub(crate) fn unit_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The unit hash of `row` (see [`unit_column`]).
pub(crate) fn row_unit<T: Table>(row: &T, column: usize) -> u64 {
    match row.cells().get(column) {
        Some(Cell::Str(Some(key))) => unit_hash(key),
        _ => 0,
    }
}

/// The store key of a segment of `T` holding `rows`.
pub(crate) fn key<T: Table>(rows: &[T], csv_safe: bool) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"sitrep-segment\0");
    hasher.update(T::NAME.as_bytes());
    hasher.update([0]);
    hasher.update(sitrep_core::SCHEMA_VERSION.as_bytes());
    hasher.update([0, u8::from(csv_safe)]);
    hasher.update((rows.len() as u64).to_le_bytes());
    let mut buffer: Vec<u8> = Vec::with_capacity(256);
    let text = |buffer: &mut Vec<u8>, s: &str| {
        buffer.extend_from_slice(&(s.len() as u64).to_le_bytes());
        buffer.extend_from_slice(s.as_bytes());
    };
    for row in rows {
        buffer.clear();
        for cell in &row.cells() {
            match cell {
                Cell::Str(None) => buffer.push(0),
                Cell::Str(Some(s)) => {
                    buffer.push(1);
                    text(&mut buffer, s);
                }
                Cell::Int(None) => buffer.push(2),
                Cell::Int(Some(v)) => {
                    buffer.push(3);
                    buffer.extend_from_slice(&v.to_le_bytes());
                }
                Cell::Float(None) => buffer.push(4),
                Cell::Float(Some(v)) => {
                    buffer.push(5);
                    buffer.extend_from_slice(&v.to_bits().to_le_bytes());
                }
                Cell::Bool(v) => buffer.push(6 + u8::from(*v)),
                Cell::Date(None) => buffer.push(8),
                Cell::Date(Some(d)) => {
                    buffer.push(9);
                    buffer.extend_from_slice(d.to_string().as_bytes());
                }
                Cell::StrList(items) => {
                    buffer.push(10);
                    buffer.extend_from_slice(&(items.len() as u64).to_le_bytes());
                    for item in *items {
                        text(&mut buffer, item);
                    }
                }
            }
        }
        hasher.update(&buffer);
    }
    hasher.finalize().into()
}

/// One encoded segment: its CSV lines (no header) and a Parquet file of its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Encoded {
    pub(crate) csv: Vec<u8>,
    pub(crate) parquet: Vec<u8>,
}

fn path(dir: &Path, key: &[u8; 32]) -> PathBuf {
    let mut name = String::with_capacity(64);
    for b in key {
        let _ = write!(name, "{b:02x}");
    }
    dir.join(&name[..2]).join(format!("{}.seg", &name[2..]))
}

/// The stored segment of `key`, if there is one with a right checksum.
pub(crate) fn load(dir: &Path, key: &[u8; 32]) -> Option<Encoded> {
    let mut file = fs::File::open(path(dir, key)).ok()?;
    let mut bytes = sitrep_core::io::read_checksummed(&mut file)?;
    let body = bytes.len();
    let csv_len = usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
    let csv_end = csv_len.checked_add(8).filter(|&end| end <= body)?;
    let parquet = bytes[csv_end..].to_vec();
    bytes.truncate(csv_end);
    bytes.drain(..8);
    // Least recently used goes first in `sitrep cache prune`.
    let _ = file.set_modified(SystemTime::now());
    Some(Encoded {
        csv: bytes,
        parquet,
    })
}

/// Stores `segment` under `key` (temporary file, then rename).
pub(crate) fn store(dir: &Path, key: &[u8; 32], segment: &Encoded) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let path = path(dir, key);
    let parent = path.parent().expect("segments sit in a fan-out directory");
    fs::create_dir_all(parent)?;
    let temp = parent.join(format!(
        "{TEMP_PREFIX}{}-s{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let length = (segment.csv.len() as u64).to_le_bytes();
    sitrep_core::io::write_checksummed(&path, &temp, &[&length, &segment.csv, &segment.parquet])
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::tables::{EntityRow, SentenceRow};

    fn sentence(article: &str, i: i64, text: &str) -> SentenceRow {
        SentenceRow {
            article_id: article.into(),
            sentence_idx: i,
            paragraph_idx: 0,
            start: 0,
            end: 5,
            text: text.into(),
        }
    }

    #[test]
    fn units_are_articles_or_the_first_column() {
        assert_eq!(unit_column::<SentenceRow>(), 0);
        assert_eq!(
            sitrep_core::tables::MentionRow::COLUMNS
                [unit_column::<sitrep_core::tables::MentionRow>()]
            .name,
            "article_id"
        );
        assert_eq!(
            EntityRow::COLUMNS[unit_column::<EntityRow>()].name,
            "entity_id"
        );
        // Stable across builds: a changed hash would move every cut.
        assert_eq!(unit_hash(""), unit_hash(""));
        assert_ne!(unit_hash("a"), unit_hash("b"));
        assert_eq!(unit_hash("art_1"), 0x84f9_b0f0_23a6_b038);
    }

    #[test]
    fn keys_follow_every_cell_and_the_csv_setting() {
        let rows = vec![sentence("a", 0, "One."), sentence("a", 1, "Two.")];
        let base = key(&rows, false);
        assert_eq!(base, key(&rows.clone(), false));
        assert_ne!(base, key(&rows, true));
        assert_ne!(base, key(&rows[..1], false));
        let mut changed = rows.clone();
        changed[1].text = "Two!".into();
        assert_ne!(base, key(&changed, false));
        // Cell boundaries count: "ab"+"c" is not "a"+"bc".
        let a = vec![sentence("ab", 0, "c")];
        let b = vec![sentence("a", 0, "bc")];
        assert_ne!(key(&a, false), key(&b, false));
    }

    #[test]
    fn stored_segments_come_back_and_damaged_ones_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let segment = Encoded {
            csv: b"a,1\n".to_vec(),
            parquet: b"PAR1 whatever PAR1".to_vec(),
        };
        let k = [7_u8; 32];
        assert_eq!(load(dir.path(), &k), None);
        store(dir.path(), &k, &segment).unwrap();
        assert_eq!(load(dir.path(), &k), Some(segment));
        let file = path(dir.path(), &k);
        let mut bytes = fs::read(&file).unwrap();
        bytes[10] ^= 1;
        fs::write(&file, &bytes).unwrap();
        assert_eq!(load(dir.path(), &k), None);
        fs::write(&file, &bytes[..20]).unwrap();
        assert_eq!(load(dir.path(), &k), None);
    }
}
