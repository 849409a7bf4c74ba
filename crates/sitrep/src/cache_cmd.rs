//! The per-article result cache from the command line: opening it for a
//! run (`--cache DIR`, default `.sitrep-cache` beside `--out`; `--no-cache`)
//! and `sitrep cache prune|clear`.

use std::io::Write as _;

use anyhow::{Context, Result};
use sitrep_cache::ResultCache;
use sitrep_pipeline::Config;
use tracing::{info, warn};

use crate::cli::Settings;

/// The run's cache, or `None` with `--no-cache`. A cache that cannot be
/// opened is warned about and the run goes on without it.
pub(crate) fn open(settings: &Settings, config: &Config) -> Option<ResultCache> {
    let dir = settings.cache.as_ref()?;
    match ResultCache::open(dir, config) {
        Ok(cache) => {
            info!(cache = %dir.display(), "result cache");
            Some(cache)
        }
        Err(error) => {
            warn!(
                "cannot open the result cache {}: {error}; analysing every article",
                dir.display()
            );
            None
        }
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// `sitrep cache prune [--max-bytes N]`: prints what was removed and kept.
pub(crate) fn prune(settings: &Settings, max_bytes: Option<u64>) -> Result<()> {
    let root = settings.cache.as_deref().context("no cache directory")?;
    let mut stdout = std::io::stdout().lock();
    if !root.exists() {
        writeln!(stdout, "no cache at {}", root.display())?;
        return Ok(());
    }
    let cache = ResultCache::open(root, &Config::default())
        .with_context(|| format!("cannot open the cache {}", root.display()))?;
    let summary = sitrep_cache::prune(root, cache.build_dir(), max_bytes)
        .with_context(|| format!("cannot prune {}", root.display()))?;
    writeln!(
        stdout,
        "{}: removed {} entries ({:.1} MiB), kept {} ({:.1} MiB)",
        root.display(),
        summary.removed_entries,
        mib(summary.removed_bytes),
        summary.kept_entries,
        mib(summary.kept_bytes)
    )?;
    Ok(())
}

/// `sitrep cache clear`: removes the cache directory.
pub(crate) fn clear(settings: &Settings) -> Result<()> {
    let root = settings.cache.as_deref().context("no cache directory")?;
    let bytes =
        sitrep_cache::clear(root).with_context(|| format!("cannot clear {}", root.display()))?;
    writeln!(
        std::io::stdout().lock(),
        "{}: removed ({:.1} MiB of entries)",
        root.display(),
        mib(bytes)
    )?;
    Ok(())
}
