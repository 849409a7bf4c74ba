//! The ingest stage: input files in, `articles` and `rejected` rows out.
//!
//! Role in the pipeline: `data/raw/** ──ingest──▶ articles`. This stage
//! finds the input files ([`discover`]), decodes each one (UTF-8, UTF-16 with
//! BOM, or a legacy encoding detected by `chardetng`), refuses what is not
//! article text with a reason (`empty`, `binary`, `too_large`, `html`,
//! `undecodable`, `unreadable`, `bad_json`, `no_text`), and turns the rest
//! into [`Article`] rows ([`ingest_file`], [`ingest_bytes`]):
//!
//! - **text dumps** (any file not ending in `.jsonl`/`.ndjson`): split into
//!   articles, page furniture (repeated headlines and captions, logo lines such
//!   as `TT`) dropped, photo captions kept aside with their credits;
//! - **JSONL**: one object per line with `text` and optional `headline`,
//!   `url`, `published`, `outlet`.
//!
//! Each article gets its analysed `text` (headline, blank line, body
//! paragraphs separated by blank lines), a content-derived `article_id`, the
//! line range it came from, and a publication date read from the input or
//! inferred from the captions and body. [`mark_duplicates`] then links
//! articles whose text repeats an earlier one.
//!
//! Every input file gives at least one article or at least one rejected row;
//! nothing here panics or stops on a bad file.
//!
//! ```
//! let text = "Strike hits depot\n\nIDLIB, Nov. 8, 2023 — A drone struck a depot.\n\nNo one was hurt.\n";
//! let outcome = sitrep_ingest::ingest_bytes("notes/strike.txt", text.as_bytes());
//! assert!(outcome.rejected.is_empty());
//! let article = &outcome.articles[0];
//! assert_eq!(article.headline, "Strike hits depot");
//! assert_eq!(article.text, "Strike hits depot\n\nIDLIB, Nov. 8, 2023 — A drone struck a depot.\n\nNo one was hurt.");
//! assert_eq!(article.body_start, 19);
//! assert_eq!(article.published.unwrap().to_string(), "2023-11-08");
//! assert_eq!(article.published_source.as_deref(), Some("dateline"));
//!
//! let empty = sitrep_ingest::ingest_bytes("notes/empty.txt", b"");
//! assert_eq!(empty.rejected[0].reason, "empty");
//! ```

mod article;
mod decode;
mod furniture;
mod jsonl;
mod published;
pub use published::set_unless_given as set_published_unless_given;
mod text_dump;
mod walk;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use sitrep_core::tables::{Article, RejectedRow};

pub use walk::{Discovered, SourceFile, escaped};

/// Default limit on the size of one input file: 50 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Options of the ingest stage, validated before any I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestOptions {
    /// Files larger than this many bytes are rejected as `too_large`: from
    /// their size before reading, and while reading (no more than this plus
    /// one byte is ever read).
    pub max_file_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

impl IngestOptions {
    /// Checks that the options make sense (a size limit above zero).
    pub fn validate(&self) -> Result<(), IngestError> {
        if self.max_file_bytes == 0 {
            return Err(IngestError::InvalidOptions(
                "the maximum file size is 0 bytes, so every file would be rejected; \
                 give a positive limit"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// Result of ingesting one input file: articles, rejected rows and warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileOutcome {
    /// Articles read from the file, in file order.
    pub articles: Vec<Article>,
    /// The whole file (one row) or single JSONL lines that could not be used.
    pub rejected: Vec<RejectedRow>,
    /// Notes for the user that did not stop anything (guessed encoding, odd dates).
    pub warnings: Vec<String>,
}

/// Errors of the ingest stage: only about finding inputs and options; problems
/// with a file's content become [`RejectedRow`]s instead.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// An input path given by the user does not exist.
    #[error(
        "input {path} does not exist; check the path (relative paths start at the current directory)"
    )]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// An input path or a directory under it cannot be read.
    #[error("cannot read {path}: {source}; check that it exists and that you may read it")]
    Unreadable {
        /// The path that failed.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Options that cannot work.
    #[error("invalid ingest options: {0}")]
    InvalidOptions(String),
}

/// Every entry under `inputs` accounted for: regular files to read (files as
/// given, directories walked recursively, symbolic links to directories
/// followed), and a `rejected` row for each entry that is not a regular file
/// or cannot be listed. Directories in `skip` (the run's own output) are left
/// out with a warning. See the `walk` module for the rules. Fails only when an
/// input given by the user does not exist or cannot be examined at all.
pub fn discover_all(inputs: &[PathBuf], skip: &[PathBuf]) -> Result<Discovered, IngestError> {
    walk::discover(inputs, skip)
}

/// The regular files [`discover_all`] finds under `inputs`, sorted; for tools
/// (eval, training) that only read files and account for nothing else.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    Ok(discover_all(inputs, &[])?
        .files
        .into_iter()
        .map(|file| file.path)
        .collect())
}

fn rejected(source_path: &str, reason: &str, detail: String, size_bytes: u64) -> FileOutcome {
    tracing::debug!(source_path, reason, "{detail}");
    FileOutcome {
        rejected: vec![RejectedRow {
            source_path: source_path.to_owned(),
            line: None,
            reason: reason.to_owned(),
            detail,
            size_bytes: i64::try_from(size_bytes).unwrap_or(i64::MAX),
        }],
        ..FileOutcome::default()
    }
}

/// A size for people: `512 bytes`, `3.5 KiB (3584 bytes)`, `60.0 MiB (62914560 bytes)`.
fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes < KIB {
        format!("{bytes} bytes")
    } else if bytes < MIB {
        format!("{:.1} KiB ({bytes} bytes)", bytes as f64 / KIB as f64)
    } else {
        format!("{:.1} MiB ({bytes} bytes)", bytes as f64 / MIB as f64)
    }
}

/// A file read for ingest: its bytes, or the row that says why it was not read.
type ReadResult = Result<Vec<u8>, Box<FileOutcome>>;

/// Reads `path` if it is a regular file of at most `max_file_bytes` bytes.
/// The file is opened without blocking (a named pipe put in its place cannot
/// hang the run), its type is checked on the open handle, and the limit is
/// applied while reading, so a file that grows (or lies about its size) stops
/// at the limit.
fn read_limited(path: &Path, source_path: &str, max_file_bytes: u64) -> ReadResult {
    let unreadable = |error: std::io::Error, size: u64| {
        let detail = format!(
            "{source_path}: cannot read the file: {error}; check that it exists and that you may read it"
        );
        Box::new(rejected(source_path, "unreadable", detail, size))
    };
    let mut open = fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = open.open(path).map_err(|e| unreadable(e, 0))?;
    let metadata = file.metadata().map_err(|e| unreadable(e, 0))?;
    if !metadata.is_file() {
        let kind = walk::special_kind(metadata.file_type());
        let detail =
            format!("{source_path}: {kind}, not a regular file; only regular files are read");
        return Err(Box::new(rejected(source_path, "special_file", detail, 0)));
    }
    let too_large = |size: u64, at_least: &str| {
        let detail = format!(
            "{source_path}: the file is {at_least}{}, over the limit of {}; \
             split it into smaller files or raise the limit (--max-file-bytes)",
            human_size(size),
            human_size(max_file_bytes),
        );
        Box::new(rejected(source_path, "too_large", detail, size))
    };
    let size = metadata.len();
    if size > max_file_bytes {
        return Err(too_large(size, ""));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&file, max_file_bytes + 1),
        &mut bytes,
    )
    .map_err(|e| unreadable(e, size))?;
    if bytes.len() as u64 > max_file_bytes {
        return Err(too_large(bytes.len() as u64, "at least "));
    }
    Ok(bytes)
}

/// Reads, decodes, classifies and splits one file. Never fails: a file that
/// cannot be used becomes a [`RejectedRow`]. Only regular files are read, and
/// the size limit is checked before and while reading.
#[must_use]
pub fn ingest_file(path: &Path, options: &IngestOptions) -> FileOutcome {
    let source_path = escaped(path);
    match read_limited(path, &source_path, options.max_file_bytes) {
        Ok(bytes) => ingest_bytes(&source_path, &bytes),
        Err(outcome) => *outcome,
    }
}

/// What [`ingest_source`] read and made of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceOutcome {
    /// Articles, rejected rows and warnings of the file.
    pub outcome: FileOutcome,
    /// Hex SHA-256 of the bytes read (None when the file was not read).
    pub sha256: Option<String>,
    /// Bytes read, or the size from the file's metadata when it was not read.
    pub bytes: u64,
}

/// Reads one discovered file (regular files only, within the size limit),
/// hashes it and ingests it; article ids come from its `id_path`.
#[must_use]
pub fn ingest_source(file: &SourceFile, options: &IngestOptions) -> SourceOutcome {
    match read_limited(&file.path, &file.source_path, options.max_file_bytes) {
        Ok(bytes) => SourceOutcome {
            sha256: Some(sitrep_core::ids::sha256_hex(&bytes)),
            bytes: bytes.len() as u64,
            outcome: ingest_named(&file.source_path, &file.id_path, &bytes),
        },
        Err(outcome) => SourceOutcome {
            bytes: outcome
                .rejected
                .first()
                .map_or(0, |row| row.size_bytes as u64),
            sha256: None,
            outcome: *outcome,
        },
    }
}

/// Whether `source_path` names a JSONL file (`.jsonl` or `.ndjson`, any case).
fn is_jsonl(source_path: &str) -> bool {
    Path::new(source_path)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson"))
}

/// Decodes, classifies and splits bytes already in memory; `source_path` is
/// recorded as given, its extension picks the format, and the article ids
/// derive from it.
#[must_use]
pub fn ingest_bytes(source_path: &str, bytes: &[u8]) -> FileOutcome {
    ingest_named(source_path, source_path, bytes)
}

/// Like [`ingest_bytes`], with article ids derived from `id_path` (a
/// normalised path, see [`SourceFile::id_path`]) instead of `source_path`.
#[must_use]
pub fn ingest_named(source_path: &str, id_path: &str, bytes: &[u8]) -> FileOutcome {
    let size = bytes.len() as u64;
    let decoded = match decode::decode(source_path, bytes) {
        Ok(decoded) => decoded,
        Err(refusal) => return rejected(source_path, refusal.reason, refusal.detail, size),
    };
    let mut outcome = FileOutcome::default();
    outcome.warnings.extend(decoded.warnings);
    let (drafts, format) = if is_jsonl(source_path) {
        let parsed = jsonl::parse(
            source_path,
            &decoded.text,
            size as i64,
            &mut outcome.warnings,
        );
        outcome.rejected = parsed.rejected;
        (parsed.drafts, "jsonl")
    } else {
        if let Some(refusal) = decode::html_refusal(source_path, &decoded.text) {
            return rejected(source_path, refusal.reason, refusal.detail, size);
        }
        (
            text_dump::parse(source_path, &decoded.text, &mut outcome.warnings),
            "text_dump",
        )
    };
    outcome.articles = drafts
        .into_iter()
        .map(|draft| draft.into_article(source_path, id_path, format, decoded.encoding))
        .collect();
    if outcome.articles.is_empty() && outcome.rejected.is_empty() {
        let detail = format!(
            "{source_path}: no article text found (only page furniture such as logo lines, \
             repeated headlines or captions); check that the file holds the article text"
        );
        return rejected(source_path, "no_text", detail, size);
    }
    tracing::debug!(
        source_path,
        articles = outcome.articles.len(),
        rejected = outcome.rejected.len(),
        encoding = decoded.encoding,
        "ingested"
    );
    outcome
}

/// Marks each article whose `text` repeats an earlier one with `duplicate_of`
/// (the `article_id` of the first). "Earlier" is the sorted article order:
/// by `source_path`, then `source_line_start`, then `article_id`; so the result
/// does not depend on the order of the slice. Other articles get `None`.
pub fn mark_duplicates(articles: &mut [Article]) {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        (&a.source_path, a.source_line_start, &a.article_id).cmp(&(
            &b.source_path,
            b.source_line_start,
            &b.article_id,
        ))
    });
    let mut first_by_text: HashMap<&str, usize> = HashMap::with_capacity(articles.len());
    let mut duplicate_of: Vec<Option<usize>> = vec![None; articles.len()];
    for &index in &order {
        let text = articles[index].text.as_str();
        match first_by_text.get(text) {
            Some(&first) => duplicate_of[index] = Some(first),
            None => {
                first_by_text.insert(text, index);
            }
        }
    }
    let ids: Vec<Option<String>> = duplicate_of
        .iter()
        .map(|first| first.map(|first| articles[first].article_id.clone()))
        .collect();
    for (article, id) in articles.iter_mut().zip(ids) {
        article.duplicate_of = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sitrep-ingest-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn discover_walks_sorted_and_skips_hidden() {
        let dir = temp_dir("discover");
        fs::create_dir_all(dir.join("b/inner")).unwrap();
        fs::write(dir.join("b/inner/z.txt"), "x").unwrap();
        fs::write(dir.join("a.txt"), "x").unwrap();
        fs::write(dir.join(".gitkeep"), "").unwrap();
        let found = discover_all(&[dir.clone(), dir.join("a.txt")], &[]).unwrap();
        let paths: Vec<&Path> = found.files.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(paths, [dir.join("a.txt"), dir.join("b/inner/z.txt")]);
        let root = dir.file_name().unwrap().to_str().unwrap();
        assert_eq!(found.files[1].id_path, format!("{root}/b/inner/z.txt"));
        assert!(found.rejected.is_empty() && found.warnings.is_empty());
        let skipped = discover_all(std::slice::from_ref(&dir), &[dir.join("b")]).unwrap();
        assert_eq!(skipped.files.len(), 1);
        assert!(skipped.warnings[0].contains("skipped"));
        let missing = discover(&[dir.join("nope")]).unwrap_err();
        assert!(matches!(missing, IngestError::NotFound { .. }));
        assert!(missing.to_string().contains("nope"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn too_large_is_checked_before_reading() {
        let dir = temp_dir("large");
        let path = dir.join("big.txt");
        fs::write(&path, "Headline\n\nBody text of the article.").unwrap();
        let outcome = ingest_file(&path, &IngestOptions { max_file_bytes: 10 });
        assert_eq!(outcome.rejected.len(), 1);
        let row = &outcome.rejected[0];
        assert_eq!((row.reason.as_str(), row.size_bytes), ("too_large", 35));
        assert!(
            row.detail
                .contains("is 35 bytes, over the limit of 10 bytes")
        );
        assert!(row.detail.starts_with(&path.display().to_string()));
        let outcome = ingest_file(&path, &IngestOptions::default());
        assert_eq!(outcome.articles.len(), 1);
        assert_eq!(outcome.articles[0].source_path, path.display().to_string());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unreadable_names_the_os_error() {
        let outcome = ingest_file(
            Path::new("/nonexistent/sitrep/x.txt"),
            &IngestOptions::default(),
        );
        assert_eq!(outcome.rejected[0].reason, "unreadable");
        assert!(
            outcome.rejected[0]
                .detail
                .starts_with("/nonexistent/sitrep/x.txt: cannot read")
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(3584), "3.5 KiB (3584 bytes)");
        assert_eq!(human_size(60 * 1024 * 1024), "60.0 MiB (62914560 bytes)");
    }

    #[test]
    fn zero_limit_is_invalid() {
        assert!(IngestOptions { max_file_bytes: 0 }.validate().is_err());
        assert!(IngestOptions::default().validate().is_ok());
        assert_eq!(IngestOptions::default().max_file_bytes, 52_428_800);
    }
}
