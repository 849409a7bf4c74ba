//! `just bench-scale`: does memory stay flat and throughput steady as the
//! corpus grows?
//!
//! Makes up to `max(scales)` copies of a corpus of text dumps under
//! `target/bench-scale/copies/copy-NN/` (same relative paths), each file with
//! one line added at its end, `This is copy NN of the article.`, after a blank
//! line, so that it stays in the file's last article and no copy repeats an
//! earlier one (ingest marks repeated texts as duplicates). A copy is made
//! once and reused (a `copy-NN.done` stamp beside it records the source and
//! file count). Then, for each scale `n`, one `sitrep run` over copies
//! `1..=n` (one `--input` per copy) under `/usr/bin/time`, and a table: input
//! bytes, articles, words, wall time, words/s, peak resident memory, and the
//! ratios of the largest scale to 1× against the targets.
//!
//! The bench corpus holds one article per file, so every article is marked;
//! in a dump with several articles only the last one would be.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::{RunSpec, input_bytes, timed_run};

/// Line added to every file of copy `copy` (1-based).
fn marker(copy: usize) -> String {
    format!("This is copy {copy} of the article.")
}

/// Every regular file under `dir`, as paths relative to it, sorted.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.is_file() {
                out.push(path.strip_prefix(root)?.to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// `text` with the marker of `copy` as its last paragraph.
fn with_marker(text: &str, copy: usize) -> String {
    format!("{}\n\n{}\n", text.trim_end(), marker(copy))
}

/// Makes copy `copy` of `source` in `dir` unless its stamp says it is there.
fn make_copy(source: &Path, files: &[PathBuf], dir: &Path, copy: usize) -> Result<()> {
    let stamp_path = dir.with_extension("done");
    let stamp = format!(
        "{}\n{} files\n{}\n",
        source.display(),
        files.len(),
        marker(copy)
    );
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    for relative in files {
        let from = source.join(relative);
        let to = dir.join(relative);
        std::fs::create_dir_all(to.parent().unwrap_or(dir))?;
        let bytes = std::fs::read(&from).with_context(|| format!("read {}", from.display()))?;
        let Ok(text) = String::from_utf8(bytes) else {
            bail!(
                "{}: not UTF-8; the scale bench copies text dumps only",
                from.display()
            );
        };
        if relative
            .extension()
            .is_some_and(|e| e == "jsonl" || e == "ndjson")
        {
            bail!(
                "{}: JSONL is not supported by the scale bench",
                from.display()
            );
        }
        std::fs::write(&to, with_marker(&text, copy))
            .with_context(|| format!("write {}", to.display()))?;
    }
    std::fs::write(stamp_path, stamp)?;
    Ok(())
}

/// One measured scale.
struct Row {
    scale: usize,
    bytes: f64,
    articles: f64,
    duplicates: f64,
    words: f64,
    seconds: f64,
    rss_mib: Option<f64>,
}

/// Makes the copies, runs each scale once and returns the printed table.
pub(crate) fn run(binary: &Path, source: &Path, scales: &[usize]) -> Result<String> {
    let root = PathBuf::from("target/bench-scale");
    let files = files_under(source)?;
    let most = scales.iter().copied().max().unwrap_or(1);
    let copies: Vec<PathBuf> = (1..=most)
        .map(|copy| root.join("copies").join(format!("copy-{copy:02}")))
        .collect();
    for (index, dir) in copies.iter().enumerate() {
        make_copy(source, &files, dir, index + 1)?;
    }
    let mut rows = Vec::new();
    for &scale in scales {
        let inputs = &copies[..scale];
        let scratch = root.join("run");
        let spec = RunSpec {
            binary,
            inputs,
            scratch: &scratch,
            threads: None,
            cache: None,
        };
        let (seconds, rss) = timed_run(&spec)?;
        let manifest: serde_json::Value = serde_json::from_slice(
            &std::fs::read(scratch.join("tables/manifest.json")).context("read manifest")?,
        )?;
        let ingest = manifest["stages"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["stage"] == "ingest"));
        let row = Row {
            scale,
            bytes: inputs.iter().map(|p| input_bytes(p) as f64).sum(),
            articles: manifest["tables"]["articles"].as_f64().unwrap_or(0.0),
            duplicates: ingest
                .and_then(|s| s["emitted"]["duplicates"].as_f64())
                .unwrap_or(0.0),
            words: ingest
                .and_then(|s| s["emitted"]["words"].as_f64())
                .unwrap_or(0.0),
            seconds,
            rss_mib: rss.map(|kib| kib as f64 / 1024.0),
        };
        eprintln_row(&row);
        rows.push(row);
    }
    Ok(table(source, &rows))
}

fn eprintln_row(row: &Row) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "scale {}x: {:.1} s, peak {}",
        row.scale,
        row.seconds,
        row.rss_mib
            .map_or_else(|| "n/a".to_owned(), |m| format!("{m:.0} MiB"))
    );
}

fn table(source: &Path, rows: &[Row]) -> String {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sitrep bench-scale: {} copied 1..N times with a distinguishing line ({threads} threads, one run each)",
        source.display()
    );
    let _ = writeln!(
        out,
        "| scale | input MB | articles | duplicates | words | wall s | words/s | peak MiB |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {}x | {:.1} | {:.0} | {:.0} | {:.0} | {:.1} | {:.0} | {} |",
            row.scale,
            row.bytes / 1e6,
            row.articles,
            row.duplicates,
            row.words,
            row.seconds,
            row.words / row.seconds,
            row.rss_mib
                .map_or_else(|| "n/a".to_owned(), |m| format!("{m:.0}"))
        );
    }
    let (Some(first), Some(last)) = (rows.iter().find(|r| r.scale == 1), rows.last()) else {
        return out;
    };
    if last.scale == 1 {
        return out;
    }
    let throughput = (last.words / last.seconds) / (first.words / first.seconds);
    let _ = writeln!(
        out,
        "throughput {}x/1x: {throughput:.2} (target at least 0.90: {})",
        last.scale,
        verdict(throughput >= 0.9)
    );
    if let (Some(big), Some(small)) = (last.rss_mib, first.rss_mib) {
        let ratio = big / small;
        let _ = writeln!(
            out,
            "peak memory {}x/1x: {ratio:.2} (target at most 1.50: {}); 1x {small:.0} MiB (target under 1024: {})",
            last.scale,
            verdict(ratio <= 1.5),
            verdict(small < 1024.0)
        );
    }
    out
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_is_a_last_paragraph_that_makes_each_copy_distinct() {
        let text = "Headline\n\nBody text.\n\n";
        assert_eq!(
            with_marker(text, 3),
            "Headline\n\nBody text.\n\nThis is copy 3 of the article.\n"
        );
        assert_ne!(with_marker(text, 1), with_marker(text, 2));
    }

    #[test]
    fn copies_keep_relative_paths_and_are_made_once() {
        let base = std::env::temp_dir().join(format!("sitrep-bench-scale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let source = base.join("source");
        std::fs::create_dir_all(source.join("bbc")).unwrap();
        std::fs::write(source.join("bbc/a.txt"), "Headline A\n\nBody A.\n").unwrap();
        std::fs::write(source.join("b.txt"), "Headline B\n\nBody B.").unwrap();
        let files = files_under(&source).unwrap();
        assert_eq!(files, [PathBuf::from("b.txt"), PathBuf::from("bbc/a.txt")]);
        let copy = base.join("copies/copy-02");
        make_copy(&source, &files, &copy, 2).unwrap();
        assert_eq!(
            std::fs::read_to_string(copy.join("bbc/a.txt")).unwrap(),
            "Headline A\n\nBody A.\n\nThis is copy 2 of the article.\n"
        );
        // A second call with the stamp in place leaves the files alone.
        std::fs::write(copy.join("b.txt"), "changed").unwrap();
        make_copy(&source, &files, &copy, 2).unwrap();
        assert_eq!(
            std::fs::read_to_string(copy.join("b.txt")).unwrap(),
            "changed"
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}
