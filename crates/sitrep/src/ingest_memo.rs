//! Ingest skips input files that did not change since the last cached run.
//!
//! With the result cache, each run leaves `ingest-files.frames` in the
//! cache's build directory: per input file, in the order ingest read them,
//! its path, a [`Stamp`] of its metadata taken before it was read, and what
//! ingest made of it (the manifest's `inputs` entry with the file's SHA-256,
//! its articles, rejected rows and warnings), with a SHA-256 of that entry.
//! The next run stats each input file and, when the path and stamp are the
//! same, takes the entry instead of reading, hashing, decoding and splitting
//! the file. An entry whose checksum is wrong is a miss (the file is read).
//!
//! **Stamp.** Size, modification and status-change times (nanoseconds),
//! inode and device. A file rewritten in place changes its status-change
//! time, which no tool can set back, so an edit that keeps the size and
//! restores the modification time is still seen; a file replaced by another
//! gets another inode. Ingest's own code and options are covered by the
//! build directory (a new executable) and by the header (`--max-file-bytes`).
//!
//! **Order.** Entries follow the discovered files' order (sorted paths), so
//! the previous run's file is read alongside the new discovery, one entry at
//! a time: memory does not grow with the corpus. The new file is written
//! beside it under a temporary name and renamed into place at the end, so
//! runs sharing a cache (shards) never see a torn file; one that cannot be
//! written only costs the skip next time.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use sitrep_core::tables::{Article, RejectedRow};
use sitrep_ingest::{FileOutcome, IngestOptions, SourceFile};
use sitrep_store::InputFile;
use tracing::warn;

/// Name of the memo in the cache's build directory.
const MEMO_NAME: &str = "ingest-files.frames";

/// Version of the memo's entries.
const MEMO_FORMAT: u32 = 1;

/// What a file's metadata says about its content (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following links), if it can be stat'ed.
    pub(crate) fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(Self {
                len: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let modified = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(Self {
                len: meta.len(),
                modified: (
                    modified.as_secs() as i64,
                    i64::from(modified.subsec_nanos()),
                ),
                changed: (0, 0),
                inode: 0,
                device: 0,
            })
        }
    }
}

/// The memo's first bytes: magic, format, then `--max-file-bytes`.
fn header(options: IngestOptions) -> [u8; 16] {
    let mut out = [0_u8; 16];
    out[..4].copy_from_slice(b"SRIM");
    out[4..8].copy_from_slice(&MEMO_FORMAT.to_le_bytes());
    out[8..].copy_from_slice(&options.max_file_bytes.to_le_bytes());
    out
}

/// One file's entry: its path (as opened) and stamp, the encoded [`Made`]
/// and the SHA-256 of those bytes. On disk: `u32` length and bincode of
/// `(path, stamp)`, `u64` length and the encoded [`Made`], the digest.
type Entry = (PathBuf, Stamp, Vec<u8>, [u8; 32]);

/// What ingest made of one file.
type Made = (InputFile, Vec<Article>, Vec<RejectedRow>, Vec<String>);

fn bincode_config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes what ingest made of a file, for [`IngestMemo::record`].
pub(crate) fn encode(input: &InputFile, outcome: &FileOutcome) -> Vec<u8> {
    bincode::serde::encode_to_vec(
        (
            input,
            &outcome.articles,
            &outcome.rejected,
            &outcome.warnings,
        ),
        bincode_config(),
    )
    .expect("rows always encode")
}

/// Decodes [`encode`]'s bytes.
pub(crate) fn decode(bytes: &[u8]) -> Option<(InputFile, FileOutcome)> {
    let ((input, articles, rejected, warnings), used): (Made, usize) =
        bincode::serde::decode_from_slice(bytes, bincode_config()).ok()?;
    (used == bytes.len()).then_some((
        input,
        FileOutcome {
            articles,
            rejected,
            warnings,
        },
    ))
}

/// A path's bytes (any bytes on Unix; elsewhere its text, lossily).
fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().as_bytes().to_vec()
    }
}

/// The path of [`path_bytes`]'s bytes.
fn path_from(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt as _;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Reads the next entry of `input` (`None` at the end or on a short or
/// undecodable entry: the rest of the memo is then ignored).
fn read_entry(input: &mut impl Read) -> Option<Entry> {
    let mut length = [0_u8; 4];
    input.read_exact(&mut length).ok()?;
    let mut head = vec![0_u8; u32::from_le_bytes(length) as usize];
    input.read_exact(&mut head).ok()?;
    let ((path, stamp), used): ((Vec<u8>, Stamp), usize) =
        bincode::serde::decode_from_slice(&head, bincode_config()).ok()?;
    if used != head.len() {
        return None;
    }
    let path = path_from(path);
    let mut length = [0_u8; 8];
    input.read_exact(&mut length).ok()?;
    let length = usize::try_from(u64::from_le_bytes(length)).ok()?;
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body).ok()?;
    if body.len() != length {
        return None;
    }
    let mut digest = [0_u8; 32];
    input.read_exact(&mut digest).ok()?;
    Some((path, stamp, body, digest))
}

/// Writes one entry as [`read_entry`] reads it.
fn write_entry(out: &mut impl Write, entry: &Entry) -> std::io::Result<()> {
    let (path, stamp, body, digest) = entry;
    let head = bincode::serde::encode_to_vec((path_bytes(path), stamp), bincode_config())
        .expect("paths and stamps always encode");
    out.write_all(&(head.len() as u32).to_le_bytes())?;
    out.write_all(&head)?;
    out.write_all(&(body.len() as u64).to_le_bytes())?;
    out.write_all(body)?;
    out.write_all(digest)
}

/// The previous run's memo, read alongside this run's discovery, and this
/// run's, written as files are ingested (see the module docs).
pub(crate) struct IngestMemo {
    previous: Option<BufReader<File>>,
    /// The previous memo's next entry, not yet matched.
    ahead: Option<Entry>,
    next: Option<BufWriter<File>>,
    path: PathBuf,
    temp: PathBuf,
    /// Files taken from the memo.
    pub(crate) unchanged: usize,
}

impl IngestMemo {
    /// Opens the memo of the build directory `dir` for ingest with `options`.
    pub(crate) fn open(dir: &Path, options: IngestOptions) -> Self {
        let path = dir.join(MEMO_NAME);
        let header = header(options);
        let previous = File::open(&path).ok().and_then(|file| {
            let mut reader = BufReader::with_capacity(1 << 16, file);
            let mut found = [0_u8; 16];
            reader.read_exact(&mut found).ok()?;
            (found == header).then_some(reader)
        });
        let temp = dir.join(format!(".tmp-{}-{MEMO_NAME}", std::process::id()));
        let next = File::create(&temp).ok().and_then(|file| {
            let mut writer = BufWriter::with_capacity(1 << 16, file);
            writer.write_all(&header).ok().map(|()| writer)
        });
        Self {
            previous,
            ahead: None,
            next,
            path,
            temp,
            unchanged: 0,
        }
    }

    /// What the previous run made of `file` ([`encode`]'s bytes), if its
    /// path and `stamp` are the same and its entry is sound. Files must be
    /// asked in discovery order (sorted by path).
    pub(crate) fn take(&mut self, file: &SourceFile, stamp: Option<Stamp>) -> Option<Vec<u8>> {
        let stamp = stamp?;
        loop {
            if self.ahead.is_none() {
                self.ahead = read_entry(self.previous.as_mut()?);
                if self.ahead.is_none() {
                    self.previous = None;
                    return None;
                }
            }
            let entry = self.ahead.as_ref()?;
            match entry.0.cmp(&file.path) {
                std::cmp::Ordering::Less => self.ahead = None,
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Equal => {
                    let (_, found, bytes, digest) = self.ahead.take()?;
                    let sound: [u8; 32] = Sha256::digest(&bytes).into();
                    if found != stamp || sound != digest {
                        return None;
                    }
                    self.unchanged += 1;
                    return Some(bytes);
                }
            }
        }
    }

    /// Records what ingest made of `file` (`bytes`: [`encode`]) for the
    /// next run; a file that could not be stat'ed before reading is left
    /// out. Files must be recorded in discovery order.
    pub(crate) fn record(&mut self, file: &SourceFile, stamp: Option<Stamp>, bytes: Vec<u8>) {
        let (Some(stamp), Some(writer)) = (stamp, self.next.as_mut()) else {
            return;
        };
        let digest: [u8; 32] = Sha256::digest(&bytes).into();
        let entry: Entry = (file.path.clone(), stamp, bytes, digest);
        if write_entry(writer, &entry).is_err() {
            self.next = None;
        }
    }

    /// Puts this run's memo in place of the previous one.
    pub(crate) fn finish(self) {
        let Self {
            previous,
            next,
            path,
            temp,
            ..
        } = self;
        drop(previous);
        let written = next.is_some_and(|mut writer| writer.flush().is_ok());
        if !(written && std::fs::rename(&temp, &path).is_ok()) {
            let _ = std::fs::remove_file(&temp);
            if written {
                warn!(
                    "cannot write {}: the next run reads every input file",
                    path.display()
                );
            }
        }
    }
}
