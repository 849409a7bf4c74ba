//! The incremental re-run: the corpus with one new article, analysed through
//! a result cache filled by a run over the corpus alone.
//!
//! Under `target/bench/incremental/`: a fresh cache, one run over the corpus
//! that fills it (its time, against the clean runs, is the cost of writing
//! the cache), then the timed run over the corpus plus `new/new.txt` (the
//! corpus's first file with one paragraph added, so it is a new article).
//! Prints that run's time as a share of a clean run (target: at most 5 %),
//! its hits and misses, the cache's size per article, and where its time
//! went, per stage, from its manifest.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::scale::files_under;
use crate::{RunSpec, timed_run};

fn stage<'a>(manifest: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    manifest["stages"]
        .as_array()?
        .iter()
        .find(|s| s["stage"] == name)
}

fn bytes_under(dir: &Path) -> u64 {
    files_under(dir).map_or(0, |files| {
        files
            .iter()
            .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
            .map(|m| m.len())
            .sum()
    })
}

/// Runs the fill and the incremental run; `clean` is the median wall time of
/// clean runs with the same `threads`.
pub(crate) fn report(
    binary: &Path,
    input: &Path,
    clean: f64,
    threads: Option<usize>,
) -> Result<String> {
    let root = PathBuf::from("target/bench/incremental");
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    let new_dir = root.join("new");
    std::fs::create_dir_all(&new_dir)?;
    let first = if input.is_file() {
        input.to_path_buf()
    } else {
        let files = files_under(input)?;
        input.join(files.first().context("the corpus has no files")?)
    };
    let text =
        std::fs::read_to_string(&first).with_context(|| format!("read {}", first.display()))?;
    std::fs::write(
        new_dir.join("new.txt"),
        format!(
            "{}\n\nThis paragraph makes it a new article for the incremental bench.\n",
            text.trim_end()
        ),
    )?;
    let cache = root.join("cache");
    let scratch = root.join("run");
    let corpus = [input.to_path_buf()];
    let (fill, _) = timed_run(&RunSpec {
        binary,
        inputs: &corpus,
        scratch: &scratch,
        threads,
        cache: Some(&cache),
    })?;
    let with_new = [input.to_path_buf(), new_dir];
    let (rerun, _) = timed_run(&RunSpec {
        binary,
        inputs: &with_new,
        scratch: &scratch,
        threads,
        cache: Some(&cache),
    })?;
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(scratch.join("tables/manifest.json"))?)?;
    let counter = |name: &str, key: &str| {
        stage(&manifest, name)
            .and_then(|s| s["emitted"][key].as_u64())
            .unwrap_or(0)
    };
    let (hits, misses) = (counter("cache", "hits"), counter("cache", "misses"));
    let share = 100.0 * rerun / clean;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  incremental  1 new article: re-run {rerun:.2} s = {share:.1} % of a clean run \
         ({clean:.2} s; target at most 5 %: {}); {hits} cached, {misses} analysed",
        if share <= 5.0 { "met" } else { "MISSED" }
    );
    let _ = writeln!(
        out,
        "  incremental  cache fill run {fill:.2} s ({:+.1} % over a clean run); cache {:.1} KB per article",
        100.0 * (fill / clean - 1.0),
        bytes_under(&cache) as f64 / 1e3 / (hits + misses).max(1) as f64
    );
    let mut split = Vec::new();
    for name in [
        "ingest",
        "cache",
        "normalise",
        "extract",
        "resolve",
        "write",
        "report",
    ] {
        if let Some(ms) = stage(&manifest, name).and_then(|s| s["elapsed_ms"].as_u64()) {
            split.push(format!("{name} {:.2} s", ms as f64 / 1e3));
        }
    }
    let _ = writeln!(
        out,
        "  incremental  where the re-run's time goes: {}",
        split.join(", ")
    );
    Ok(out)
}
