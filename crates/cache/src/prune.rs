//! Keeping the cache's size bounded: [`prune`] and [`clear`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::{TAG_SIGNATURE, TEMP_PREFIX};

/// Temporary entries older than this are left over from killed runs.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// What [`prune`] removed and kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneSummary {
    /// Entries (and stale temporary files) removed.
    pub removed_entries: u64,
    /// Their bytes.
    pub removed_bytes: u64,
    /// Entries left.
    pub kept_entries: u64,
    /// Their bytes.
    pub kept_bytes: u64,
}

/// Refuses a directory that is not a sitrep cache (no `CACHEDIR.TAG` with the
/// signature), so a mistyped `--cache /` deletes nothing.
fn check_is_cache(root: &Path) -> io::Result<()> {
    let tag = fs::read_to_string(root.join("CACHEDIR.TAG")).unwrap_or_default();
    if tag.starts_with(TAG_SIGNATURE) {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a sitrep cache (no CACHEDIR.TAG): not touching it",
                root.display()
            ),
        ))
    }
}

/// One entry file: path, size, last use.
struct Entry {
    path: PathBuf,
    bytes: u64,
    used: SystemTime,
}

/// Every file under `dir` (two levels: fan-out directory, entry).
fn entries(dir: &Path) -> io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for fan in fs::read_dir(dir)? {
        let fan = fan?.path();
        if !fan.is_dir() {
            continue;
        }
        for file in fs::read_dir(&fan)? {
            let file = file?;
            let meta = file.metadata()?;
            if meta.is_file() {
                out.push(Entry {
                    path: file.path(),
                    bytes: meta.len(),
                    used: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                });
            }
        }
    }
    Ok(out)
}

fn dir_size(dir: &Path) -> (u64, u64) {
    entries(dir).map_or((0, 0), |e| {
        (e.len() as u64, e.iter().map(|entry| entry.bytes).sum())
    })
}

/// Removes from the cache at `root` every build directory but `keep` (the
/// running build's, [`crate::ResultCache::build_dir`]), temporary files left
/// by killed runs, and then, while `keep` holds more than `max_bytes`, its
/// least recently used entries.
pub fn prune(root: &Path, keep: &Path, max_bytes: Option<u64>) -> io::Result<PruneSummary> {
    check_is_cache(root)?;
    let mut summary = PruneSummary::default();
    for build in fs::read_dir(root)? {
        let build = build?.path();
        let is_build = build
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("build-"));
        if is_build && build.is_dir() && build != keep {
            let (count, bytes) = dir_size(&build);
            fs::remove_dir_all(&build)?;
            summary.removed_entries += count;
            summary.removed_bytes += bytes;
        }
    }
    if !keep.is_dir() {
        return Ok(summary);
    }
    let now = SystemTime::now();
    let mut kept = Vec::new();
    for entry in entries(keep)? {
        let is_temp = entry
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(TEMP_PREFIX));
        let stale = now.duration_since(entry.used).unwrap_or_default() > STALE_TEMP;
        if is_temp {
            if stale && fs::remove_file(&entry.path).is_ok() {
                summary.removed_entries += 1;
                summary.removed_bytes += entry.bytes;
            }
        } else {
            kept.push(entry);
        }
    }
    kept.sort_by(|a, b| (a.used, &a.path).cmp(&(b.used, &b.path)));
    let mut total: u64 = kept.iter().map(|e| e.bytes).sum();
    let mut kept = kept.into_iter().peekable();
    if let Some(limit) = max_bytes {
        while total > limit {
            let Some(oldest) = kept.next() else { break };
            fs::remove_file(&oldest.path)?;
            total -= oldest.bytes;
            summary.removed_entries += 1;
            summary.removed_bytes += oldest.bytes;
        }
    }
    summary.kept_entries = kept.count() as u64;
    summary.kept_bytes = total;
    Ok(summary)
}

/// Removes the whole cache at `root` (refused when it is not a sitrep cache);
/// returns the bytes its entries held. A missing directory is already clear.
pub fn clear(root: &Path) -> io::Result<u64> {
    if !root.exists() {
        return Ok(0);
    }
    check_is_cache(root)?;
    let mut bytes = 0;
    for build in fs::read_dir(root)? {
        let build = build?.path();
        if build.is_dir() {
            bytes += dir_size(&build).1;
        }
    }
    fs::remove_dir_all(root)?;
    Ok(bytes)
}
