//! Finding input files: a walk that accounts for every entry.
//!
//! Every entry under an input directory ends up in exactly one place:
//!
//! - a regular file (or a symbolic link to one) is a [`SourceFile`] to read;
//! - a directory is walked; a symbolic link to a directory is followed (so a
//!   corpus assembled from links works), unless it points at one of the
//!   directories being walked, which is a `symlink_loop` row;
//! - names starting with `.` are skipped (`.gitkeep`, editor files, and
//!   sitrep's own `.<out>.lock` / `.<out>.staging`);
//! - the directories in `skip` (the run's `--out` and `--reports` when they
//!   lie inside an input) are skipped with a warning;
//! - everything else is a `rejected` row: `unreadable` (a directory that
//!   cannot be listed, an entry whose type cannot be read),
//!   `dangling_symlink`, `symlink_loop`, `special_file` (named pipe, socket,
//!   device, or a link to one).
//!
//! Paths are shown escaped (see [`escaped`]) so that two file names that
//! differ only in bytes that are not UTF-8 stay distinct.
//!
//! ```text
//! in/a.txt            → file, source_path "in/a.txt", id_path "in/a.txt"
//! in/locked/ (0700)   → rejected: unreadable
//! in/pipe (FIFO)      → rejected: special_file
//! in/zero → /dev/zero → rejected: special_file
//! in/self → in        → rejected: symlink_loop
//! ```

use std::fs;
use std::path::{Component, Path, PathBuf};

use sitrep_core::tables::RejectedRow;

use crate::IngestError;

/// One input file found by [`discover`](crate::discover), with the names it goes by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// The path to open: the input as given joined with the entry names.
    pub path: PathBuf,
    /// The path as shown in tables and messages (`source_path`): [`escaped`].
    pub source_path: String,
    /// The path the article ids are derived from: relative to the directory
    /// that holds the input root, `/`-separated, escaped. `good`, `./good`,
    /// `good/` and `/abs/good` all give `good/<file>`.
    pub id_path: String,
}

/// Result of [`discover`](crate::discover): files to read, and entries that cannot be.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovered {
    /// Regular files, sorted by path, without repeats.
    pub files: Vec<SourceFile>,
    /// Entries that are not regular files or cannot be listed, one row each.
    pub rejected: Vec<RejectedRow>,
    /// Notes that did not reject anything (a skipped output directory).
    pub warnings: Vec<String>,
}

/// A path as text: valid UTF-8 as is, every other byte as `\xNN`, and a
/// backslash as `\\` (so the escaping is reversible and two names never collide).
#[must_use]
pub fn escaped(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(c);
                }
            }
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/")
    }
}

/// The last normal component of `path` made absolute and cleaned lexically
/// (`.` dropped, `..` applied), without following symbolic links.
fn root_name(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in absolute.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    parts
        .last()
        .map(|name| escaped(Path::new(name)))
        .unwrap_or_default()
}

fn join_id(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

/// What a non-regular, non-directory file is, for messages.
pub(crate) fn special_kind(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    let _ = file_type;
    "not a regular file"
}

/// Whether an I/O error is "too many levels of symbolic links".
fn is_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

struct Walker<'a> {
    skip: &'a [PathBuf],
    /// Canonical paths of the directories being walked (for loop detection).
    ancestors: Vec<PathBuf>,
    found: Discovered,
}

impl Walker<'_> {
    fn reject(&mut self, path: &Path, reason: &str, what: &str) {
        let source_path = escaped(path);
        let detail = format!("{source_path}: {what}");
        tracing::debug!(source_path, reason, "{detail}");
        self.found.rejected.push(RejectedRow {
            source_path,
            line: None,
            reason: reason.to_owned(),
            detail,
            size_bytes: 0,
        });
    }

    fn push_file(&mut self, path: PathBuf, id_path: String) {
        let source_path = escaped(&path);
        self.found.files.push(SourceFile {
            path,
            source_path,
            id_path,
        });
    }

    /// A symbolic link's target, or the row that says why it cannot be used.
    fn follow(&mut self, path: &Path) -> Option<fs::Metadata> {
        match fs::metadata(path) {
            Ok(metadata) => Some(metadata),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let target = fs::read_link(path).map(|t| escaped(&t)).unwrap_or_default();
                self.reject(
                    path,
                    "dangling_symlink",
                    &format!(
                        "symbolic link to {target}, which does not exist; fix or remove the link"
                    ),
                );
                None
            }
            Err(error) if is_loop(&error) => {
                self.reject(
                    path,
                    "symlink_loop",
                    "symbolic link that leads back to itself (a loop); remove the link",
                );
                None
            }
            Err(error) => {
                self.reject(
                    path,
                    "unreadable",
                    &format!("cannot follow the symbolic link: {error}"),
                );
                None
            }
        }
    }

    /// Walks the directory `dir` (already known to be one) whose id is `id_prefix`.
    fn enter(&mut self, dir: &Path, id_prefix: &str) {
        let canonical = match fs::canonicalize(dir) {
            Ok(canonical) => canonical,
            Err(error) => {
                self.reject(
                    dir,
                    "unreadable",
                    &format!("cannot resolve the directory: {error}; its files are not read"),
                );
                return;
            }
        };
        if self.skip.contains(&canonical) {
            let message = format!(
                "{}: skipped, it is this run's output directory (--out or --reports) inside the input",
                escaped(dir)
            );
            tracing::info!("{message}");
            self.found.warnings.push(message);
            return;
        }
        if self.ancestors.contains(&canonical) {
            self.reject(
                dir,
                "symlink_loop",
                "symbolic link to a directory that contains it (a loop); not followed",
            );
            return;
        }
        self.ancestors.push(canonical);
        self.list(dir, id_prefix);
        self.ancestors.pop();
    }

    fn list(&mut self, dir: &Path, id_prefix: &str) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                self.reject(
                    dir,
                    "unreadable",
                    &format!(
                        "cannot list the directory: {error}; none of its files were read \
                         (check its permissions)"
                    ),
                );
                return;
            }
        };
        let mut children = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => children.push(entry),
                Err(error) => self.reject(
                    dir,
                    "unreadable",
                    &format!("cannot list an entry of the directory: {error}"),
                ),
            }
        }
        children.sort_by_key(fs::DirEntry::file_name);
        for entry in children {
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let id_path = join_id(id_prefix, &escaped(Path::new(&name)));
            let file_type = match entry.file_type() {
                Ok(file_type) => file_type,
                Err(error) => {
                    self.reject(
                        &path,
                        "unreadable",
                        &format!("cannot read the entry's type: {error}"),
                    );
                    continue;
                }
            };
            let file_type = if file_type.is_symlink() {
                match self.follow(&path) {
                    Some(target) => target.file_type(),
                    None => continue,
                }
            } else {
                file_type
            };
            if file_type.is_dir() {
                self.enter(&path, &id_path);
            } else if file_type.is_file() {
                self.push_file(path, id_path);
            } else {
                let kind = special_kind(file_type);
                self.reject(
                    &path,
                    "special_file",
                    &format!("{kind}, not a regular file; only regular files are read"),
                );
            }
        }
    }
}

/// See [`crate::discover`].
pub(crate) fn discover(inputs: &[PathBuf], skip: &[PathBuf]) -> Result<Discovered, IngestError> {
    let skip: Vec<PathBuf> = skip
        .iter()
        .filter_map(|path| fs::canonicalize(path).ok())
        .collect();
    let mut walker = Walker {
        skip: &skip,
        ancestors: Vec::new(),
        found: Discovered::default(),
    };
    for input in inputs {
        if let Err(error) = fs::symlink_metadata(input) {
            return Err(if error.kind() == std::io::ErrorKind::NotFound {
                IngestError::NotFound {
                    path: input.clone(),
                }
            } else {
                IngestError::Unreadable {
                    path: input.clone(),
                    source: error,
                }
            });
        }
        let Some(metadata) = walker.follow(input) else {
            continue;
        };
        let name = root_name(input);
        if metadata.is_dir() {
            walker.enter(input, &name);
        } else if metadata.is_file() {
            walker.push_file(input.clone(), name);
        } else {
            let kind = special_kind(metadata.file_type());
            walker.reject(
                input,
                "special_file",
                &format!("{kind}, not a regular file; only regular files are read"),
            );
        }
    }
    let mut found = walker.found;
    found.files.sort();
    found.files.dedup_by(|a, b| a.path == b.path);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_utf8_and_distinguishes_bad_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let name = |bytes: &[u8]| escaped(Path::new(std::ffi::OsStr::from_bytes(bytes)));
        assert_eq!(name("in/São.txt".as_bytes()), "in/São.txt");
        assert_eq!(name(b"a\xff.txt"), "a\\xff.txt");
        assert_eq!(name(b"a\xfe.txt"), "a\\xfe.txt");
        assert_eq!(name(b"a\\xff.txt"), "a\\\\xff.txt");
    }

    #[test]
    fn root_names_ignore_spelling() {
        let cwd = std::env::current_dir().unwrap();
        let here = root_name(&cwd);
        assert_eq!(root_name(Path::new(".")), here);
        assert_eq!(root_name(Path::new("./")), here);
        assert_eq!(root_name(Path::new("good")), "good");
        assert_eq!(root_name(Path::new("./good/")), "good");
        assert_eq!(root_name(Path::new("good/../good")), "good");
        assert_eq!(root_name(&cwd.join("good")), "good");
        assert_eq!(root_name(Path::new("/")), "");
    }
}
