//! Whole output sets: a run's tables and manifest appear together or not at all.
//!
//! A command that writes into `--out` (say `data/processed`) works like this:
//!
//! 1. [`OutputSet::begin`] checks `--out` (a directory or absent, its parent
//!    creatable) before any stage runs, takes an exclusive lock on
//!    `data/.processed.lock` (a second run into the same `--out` fails at once
//!    with [`StoreError::Locked`]), clears what an interrupted run left, and
//!    creates an empty staging directory `data/.processed.staging` (or, for a
//!    single-stage command, one holding hard links to the current set).
//! 2. The command writes every table and the manifest into [`OutputSet::dir`].
//! 3. [`OutputSet::commit`] flushes the staging directory and switches it in
//!    with one `renameat2(RENAME_EXCHANGE)` (old and new directories swap
//!    names atomically), then deletes the old set. Where the file system
//!    cannot exchange, `--out` is renamed aside and the staging directory
//!    renamed in; a run killed between those two renames is repaired by the
//!    next one, which puts the aside set back.
//!
//! A run killed at any moment (`kill -9` included) leaves `--out` holding the
//! previous complete set or the new one. Dropping an `OutputSet` without
//! committing removes its staging directory, and [`abandon_all`] does the same
//! from a signal handler without racing a commit in progress.
//!
//! The names beside `--out` start with `.`, so an input walk skips them.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::StoreError;

/// Staging directories not yet committed; a commit holds the lock while it
/// switches, so [`abandon_all`] never removes a directory mid-switch.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How a new set starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Empty: the command writes the whole set (`run`, `ingest`).
    Empty,
    /// With the current set's files: the command replaces some tables and
    /// keeps the others (`normalise`, `extract`, `resolve`, `report`).
    FromCurrent,
}

/// An output set being written: locked `--out`, staging directory, switch on commit.
#[derive(Debug)]
pub struct OutputSet {
    out: PathBuf,
    staging: PathBuf,
    aside: PathBuf,
    /// Held (with its `flock`) until the set is committed or dropped.
    _lock: File,
    committed: bool,
}

/// The sibling `<parent>/.<name>.<suffix>` of `out`.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.{suffix}"))
}

fn remove_dir_if_present(path: &Path) -> Result<(), StoreError> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Write {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Checks that `out` can be an output directory: it is a directory or does
/// not exist, and its parent exists or can be created. Creates the parent.
pub fn check_out_dir(out: &Path) -> Result<(), StoreError> {
    let not_a_dir = |path: &Path| StoreError::NotADirectory {
        path: path.to_owned(),
    };
    match fs::metadata(out) {
        Ok(metadata) if metadata.is_dir() => return Ok(()),
        Ok(_) => return Err(not_a_dir(out)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(StoreError::CreateDir {
                path: out.to_owned(),
                source,
            });
        }
    }
    if out.file_name().is_none() {
        return Err(not_a_dir(out));
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
            path: out.to_owned(),
            source,
        })?;
    }
    Ok(())
}

impl OutputSet {
    /// Checks `out`, locks it and prepares a staging directory (see the module
    /// docs). Fails before anything is written when `out` is a file, cannot be
    /// created, or another run holds the lock.
    pub fn begin(out: &Path, start: Start) -> Result<Self, StoreError> {
        check_out_dir(out)?;
        let out = match out.file_name() {
            Some(_) => out.to_owned(),
            // `--out .` or `--out ..`: name the directory itself.
            None => std::path::absolute(out).map_err(|source| StoreError::CreateDir {
                path: out.to_owned(),
                source,
            })?,
        };
        let lock_path = sibling(&out, "lock");
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|source| StoreError::CreateDir {
                path: out.clone(),
                source,
            })?;
        try_lock(&lock).map_err(|_| StoreError::Locked {
            path: out.clone(),
            lock: lock_path.clone(),
        })?;
        let set = Self {
            staging: sibling(&out, "staging"),
            aside: sibling(&out, "previous"),
            out,
            _lock: lock,
            committed: false,
        };
        set.recover()?;
        remove_dir_if_present(&set.staging)?;
        fs::create_dir(&set.staging).map_err(|source| StoreError::CreateDir {
            path: set.staging.clone(),
            source,
        })?;
        pending().push(set.staging.clone());
        if start == Start::FromCurrent && set.out.is_dir() {
            set.link_current()?;
        }
        Ok(set)
    }

    /// Puts back a set left aside by a run killed mid-switch, removes leftovers.
    fn recover(&self) -> Result<(), StoreError> {
        if self.aside.is_dir() {
            if self.out.exists() {
                remove_dir_if_present(&self.aside)?;
            } else {
                fs::rename(&self.aside, &self.out).map_err(|source| StoreError::Write {
                    path: self.out.clone(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// Fills the staging directory with hard links to (or copies of) the
    /// current set's files. Files in a set are only ever replaced by rename,
    /// never written in place, so sharing them is safe.
    fn link_current(&self) -> Result<(), StoreError> {
        let entries = fs::read_dir(&self.out).map_err(|source| StoreError::Write {
            path: self.out.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| StoreError::Write {
                path: self.out.clone(),
                source,
            })?;
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let target = self.staging.join(entry.file_name());
            if fs::hard_link(entry.path(), &target).is_err() {
                fs::copy(entry.path(), &target).map_err(|source| StoreError::Write {
                    path: target.clone(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// The directory to write this set's tables and manifest into.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// The output directory the set is switched into on commit.
    #[must_use]
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Flushes the staged files and switches the set in with one rename; the
    /// previous set is deleted afterwards.
    pub fn commit(mut self) -> Result<(), StoreError> {
        sync_dir_files(&self.staging)?;
        let mut pending = pending();
        let write_error = |source| StoreError::Write {
            path: self.out.clone(),
            source,
        };
        if self.out.exists() {
            if exchange(&self.staging, &self.out).is_err() {
                fs::rename(&self.out, &self.aside).map_err(write_error)?;
                fs::rename(&self.staging, &self.out).map_err(write_error)?;
                fs::rename(&self.aside, &self.staging).map_err(write_error)?;
            }
        } else {
            fs::rename(&self.staging, &self.out).map_err(write_error)?;
        }
        sync_parent(&self.out);
        pending.retain(|p| p != &self.staging);
        drop(pending);
        self.committed = true;
        // The old set now sits at the staging name; a run killed before this
        // finishes leaves it there, and the next run removes it.
        remove_dir_if_present(&self.staging)
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.committed {
            let mut pending = pending();
            let _ = fs::remove_dir_all(&self.staging);
            pending.retain(|p| p != &self.staging);
        }
    }
}

/// Removes every staging directory not yet committed and keeps any commit
/// from starting; for a signal handler that is about to exit the process.
/// Returns how many were removed. The previous sets stay in place.
#[must_use = "say whether anything was abandoned"]
pub fn abandon_all() -> usize {
    let mut pending = pending();
    let count = pending.len();
    for path in pending.drain(..) {
        let _ = fs::remove_dir_all(&path);
    }
    // Keep the guard: no commit may start before the process exits.
    std::mem::forget(pending);
    count
}

fn try_lock(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
            .map_err(std::io::Error::from)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(())
    }
}

/// Swaps the two directories atomically (Linux `renameat2`); an error when
/// the platform or file system cannot.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        rustix::fs::renameat_with(
            rustix::fs::CWD,
            a,
            rustix::fs::CWD,
            b,
            rustix::fs::RenameFlags::EXCHANGE,
        )
        .map_err(std::io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

/// `fsync`s every file in `dir` and the directory itself, so the switch never
/// exposes files whose data is not on disk yet.
fn sync_dir_files(dir: &Path) -> Result<(), StoreError> {
    let error = |source| StoreError::Write {
        path: dir.to_owned(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(error)? {
        let entry = entry.map_err(error)?;
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            File::open(entry.path())
                .and_then(|f| f.sync_all())
                .map_err(error)?;
        }
    }
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

fn sync_parent(path: &Path) {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(handle) = File::open(parent) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_switches_the_whole_set_and_drop_discards_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let set = OutputSet::begin(&out, Start::Empty).unwrap();
        fs::write(set.dir().join("a.csv"), "one").unwrap();
        assert!(!out.exists(), "nothing visible before the commit");
        set.commit().unwrap();
        assert_eq!(names(&out), ["a.csv"]);

        let set = OutputSet::begin(&out, Start::Empty).unwrap();
        fs::write(set.dir().join("b.csv"), "two").unwrap();
        drop(set);
        assert_eq!(names(&out), ["a.csv"], "a dropped set changes nothing");

        let set = OutputSet::begin(&out, Start::FromCurrent).unwrap();
        assert_eq!(names(set.dir()), ["a.csv"]);
        fs::write(set.dir().join("b.csv"), "two").unwrap();
        set.commit().unwrap();
        assert_eq!(names(&out), ["a.csv", "b.csv"]);
        assert_eq!(names(tmp.path()), [".out.lock", "out"]);
    }

    #[test]
    fn a_second_set_on_the_same_out_is_refused_while_the_first_is_open() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = OutputSet::begin(&out, Start::Empty).unwrap();
        let error = OutputSet::begin(&out, Start::Empty).unwrap_err();
        assert!(matches!(error, StoreError::Locked { .. }), "{error}");
        assert!(error.to_string().contains("another sitrep run"));
        drop(first);
        OutputSet::begin(&out, Start::Empty).unwrap();
    }

    #[test]
    fn a_set_left_aside_mid_switch_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let aside = tmp.path().join(".out.previous");
        fs::create_dir(&aside).unwrap();
        fs::write(aside.join("a.csv"), "old").unwrap();
        let set = OutputSet::begin(&out, Start::FromCurrent).unwrap();
        assert_eq!(names(&out), ["a.csv"]);
        assert_eq!(names(set.dir()), ["a.csv"]);
    }

    #[test]
    fn an_out_that_is_a_file_is_refused_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("taken");
        fs::write(&file, "x").unwrap();
        let error = OutputSet::begin(&file, Start::Empty).unwrap_err();
        assert!(matches!(error, StoreError::NotADirectory { .. }), "{error}");
        let error = OutputSet::begin(&file.join("below"), Start::Empty).unwrap_err();
        assert!(matches!(error, StoreError::CreateDir { .. }), "{error}");
        assert_eq!(names(tmp.path()), ["taken"]);
    }
}
