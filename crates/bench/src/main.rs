//! `just bench`: times whole `sitrep run` processes on a corpus.
//!
//! Runs the release binary `--runs` times on `--input` (each run writes to a
//! scratch directory under `target/bench`), under `/usr/bin/time` for peak
//! memory when it is installed, and prints the median, minimum and maximum
//! wall time, throughput in articles/s, words/s and MB/s, per-stage medians
//! from the run manifest, the size of the reports, and the peak resident memory. Figures are medians
//! because shared machines are noisy; compare builds side by side in one run.
//! Timed runs pass `--no-cache`; `--incremental` then times a cached re-run
//! with one new article against them (`incremental.rs`).
//! `--share` follows each timed run with one without the event and quote
//! components (`SITREP_BENCH_WITHOUT=events,quotes`: they write empty
//! layers) and prints what they add in CPU time (user + system of the
//! process, from GNU time), the median over the alternated pairs; the
//! parses only they ask for count toward them, those other components would
//! make anyway (relations, pronouns) do not.
//! `--scale 1,4,16` runs the scale bench instead (copies of the corpus, one
//! run per size, memory and throughput ratios; `just bench-scale`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use std::io::Write as _;

use anyhow::{Context, Result, bail};

mod incremental;
mod scale;
mod text_stages;

struct Args {
    binary: PathBuf,
    input: PathBuf,
    runs: usize,
    /// Only time the text grammars (no `sitrep run`).
    text_only: bool,
    /// `sitrep --threads N`; all cores when absent.
    threads: Option<usize>,
    /// `--scale 1,4,16`: the scale bench (see `scale.rs`) instead of repeated runs.
    scales: Vec<usize>,
    /// After the timed runs, time a cached re-run with one new article (`incremental.rs`).
    incremental: bool,
    /// After each timed run, a run without the event and quote components
    /// (`--share`): what they add, in CPU time.
    share: bool,
}

/// The components whose cost `--share` measures (issue 7's budget: at most
/// 20 % over a run without them).
const SHARE_COMPONENTS: &str = "events,quotes";

fn parse_args() -> Result<Args> {
    let mut binary = PathBuf::from("target/release/sitrep");
    let mut input = PathBuf::from("../shared/data/bench/news_raw");
    let mut runs = 3;
    let mut text_only = false;
    let mut threads = None;
    let mut scales = Vec::new();
    let mut incremental = false;
    let mut share = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--text-only" {
            text_only = true;
            continue;
        }
        if flag == "--incremental" {
            incremental = true;
            continue;
        }
        if flag == "--share" {
            share = true;
            continue;
        }
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--binary" => binary = value.into(),
            "--input" => input = value.into(),
            "--runs" => runs = value.parse().context("--runs takes a number")?,
            "--threads" => threads = Some(value.parse().context("--threads takes a number")?),
            "--scale" => {
                scales = value
                    .split(',')
                    .map(|n| n.trim().parse::<usize>())
                    .collect::<Result<_, _>>()
                    .context("--scale takes factors such as 1,4,16")?;
                if scales.contains(&0) {
                    bail!("--scale factors start at 1");
                }
            }
            other => bail!(
                "unknown argument {other} (use --binary, --input, --runs, --threads, --scale, --incremental, --share, --text-only)"
            ),
        }
    }
    Ok(Args {
        binary,
        input,
        runs: runs.max(1),
        text_only,
        threads,
        scales,
        incremental,
        share,
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        f64::midpoint(values[mid - 1], values[mid])
    } else {
        values[mid]
    }
}

pub(crate) fn input_bytes(path: &Path) -> u64 {
    if path.is_file() {
        return path.metadata().map_or(0, |m| m.len());
    }
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| input_bytes(&entry.path()))
        .sum()
}

/// What one timed `sitrep run` reads and where it writes.
pub(crate) struct RunSpec<'a> {
    /// The `sitrep` binary.
    pub(crate) binary: &'a Path,
    /// One `--input` each.
    pub(crate) inputs: &'a [PathBuf],
    /// Tables go to `scratch/tables`, reports to `scratch/reports`.
    pub(crate) scratch: &'a Path,
    /// `--threads N`; all cores when `None`.
    pub(crate) threads: Option<usize>,
    /// `--cache DIR`; `--no-cache` when `None` (timed runs are clean runs).
    pub(crate) cache: Option<&'a Path>,
}

/// One timed run: wall seconds and peak RSS in KiB (if measurable).
pub(crate) fn timed_run(spec: &RunSpec<'_>) -> Result<(f64, Option<u64>)> {
    let (seconds, rss, _) = timed_run_without(spec, None)?;
    Ok((seconds, rss))
}

/// One timed run with the extract components `without` left out
/// (`SITREP_BENCH_WITHOUT`, e.g. `events,quotes`): wall seconds, peak RSS
/// in KiB and CPU seconds (user + system) of the process, the last two when
/// GNU time is installed.
pub(crate) fn timed_run_without(
    spec: &RunSpec<'_>,
    without: Option<&str>,
) -> Result<(f64, Option<u64>, Option<f64>)> {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "sitrep-bench-rss %M\nsitrep-bench-cpu %U %S"])
            .arg(spec.binary);
        c
    } else {
        Command::new(spec.binary)
    };
    match without {
        Some(components) => command.env("SITREP_BENCH_WITHOUT", components),
        None => command.env_remove("SITREP_BENCH_WITHOUT"),
    };
    command.arg("run");
    for input in spec.inputs {
        command.arg("--input").arg(input);
    }
    command
        .arg("--out")
        .arg(spec.scratch.join("tables"))
        .arg("--reports")
        .arg(spec.scratch.join("reports"))
        .args(["--quiet", "--no-progress"]);
    if let Some(threads) = spec.threads {
        command.arg("--threads").arg(threads.to_string());
    }
    match spec.cache {
        Some(dir) => command.arg("--cache").arg(dir),
        None => command.arg("--no-cache"),
    };
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run {}", spec.binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("sitrep failed ({}):\n{stderr}", output.status);
    }
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("sitrep-bench-rss "))
        .and_then(|v| v.trim().parse().ok());
    let cpu = stderr
        .lines()
        .find_map(|l| l.strip_prefix("sitrep-bench-cpu "))
        .and_then(|v| {
            v.split_whitespace()
                .map(|x| x.parse::<f64>().ok())
                .sum::<Option<f64>>()
        });
    Ok((seconds, rss, cpu))
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if !args.input.exists() {
        writeln!(
            std::io::stderr(),
            "bench corpus {} not found: pass a directory, e.g. `just bench data/raw`",
            args.input.display()
        )?;
        return Ok(());
    }
    if args.text_only {
        write!(std::io::stdout(), "{}", text_stages::report(&args.input))?;
        return Ok(());
    }
    if !args.binary.exists() {
        bail!(
            "{} not found: run `cargo build --release` first",
            args.binary.display()
        );
    }
    if !args.scales.is_empty() {
        write!(
            std::io::stdout(),
            "{}",
            scale::run(&args.binary, &args.input, &args.scales)?
        )?;
        return Ok(());
    }
    let scratch = PathBuf::from("target/bench");
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    let mut stage_ms: std::collections::BTreeMap<String, Vec<f64>> =
        std::collections::BTreeMap::new();
    // Per-article components in run order; their time is summed over worker threads.
    let mut component_ms: Vec<(String, Vec<f64>)> = Vec::new();
    // CPU seconds of each full run and of the run after it without the
    // event and quote components (their cost share, alternated pairs).
    let mut share_pairs: Vec<(f64, f64)> = Vec::new();
    for run in 1..=args.runs {
        let (seconds, peak, cpu) = timed_run_without(
            &RunSpec {
                binary: &args.binary,
                inputs: std::slice::from_ref(&args.input),
                scratch: &scratch,
                threads: args.threads,
                cache: None,
            },
            None,
        )?;
        writeln!(std::io::stderr(), "run {run}/{}: {seconds:.2} s", args.runs)?;
        if args.share {
            let (_, _, cpu_without) = timed_run_without(
                &RunSpec {
                    binary: &args.binary,
                    inputs: std::slice::from_ref(&args.input),
                    scratch: &scratch.join("without"),
                    threads: args.threads,
                    cache: None,
                },
                Some(SHARE_COMPONENTS),
            )?;
            if let (Some(with), Some(without)) = (cpu, cpu_without) {
                writeln!(
                    std::io::stderr(),
                    "run {run}/{} without {SHARE_COMPONENTS}: {without:.2} CPU s (with: {with:.2})",
                    args.runs
                )?;
                share_pairs.push((with, without));
            }
        }
        walls.push(seconds);
        rss.extend(peak.map(|kib| kib as f64 / 1024.0));
        let manifest: serde_json::Value = serde_json::from_slice(
            &std::fs::read(scratch.join("tables/manifest.json")).context("read manifest")?,
        )?;
        for stage in manifest["stages"].as_array().into_iter().flatten() {
            if let (Some(name), Some(ms)) = (stage["stage"].as_str(), stage["elapsed_ms"].as_f64())
            {
                stage_ms.entry(name.to_owned()).or_default().push(ms);
            }
            for component in stage["components"].as_array().into_iter().flatten() {
                if let (Some(name), Some(ms)) = (
                    component["component"].as_str(),
                    component["elapsed_ms"].as_f64(),
                ) {
                    let key = format!("{}/{name}", stage["stage"].as_str().unwrap_or_default());
                    match component_ms.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, values)) => values.push(ms),
                        None => component_ms.push((key, vec![ms])),
                    }
                }
            }
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(scratch.join("tables/manifest.json"))?)?;
    let articles = manifest["tables"]["articles"].as_f64().unwrap_or(0.0);
    let words = manifest["stages"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["stage"] == "ingest"))
        .and_then(|s| s["emitted"]["words"].as_f64())
        .unwrap_or(0.0);
    let bytes = input_bytes(&args.input) as f64;
    let (min, max) = (
        walls.iter().copied().fold(f64::INFINITY, f64::min),
        walls.iter().copied().fold(0.0, f64::max),
    );
    let wall = median(&mut walls);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "sitrep bench: {} ({} runs, {} threads)",
        args.input.display(),
        args.runs,
        args.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
    )?;
    writeln!(
        out,
        "  input        {articles:.0} articles, {words:.0} words, {:.1} MB",
        bytes / 1e6
    )?;
    writeln!(
        out,
        "  wall time    median {wall:.2} s (min {min:.2}, max {max:.2})"
    )?;
    writeln!(
        out,
        "  throughput   {:.0} articles/s, {:.0} words/s, {:.2} MB/s",
        articles / wall,
        words / wall,
        bytes / 1e6 / wall
    )?;
    for (stage, values) in &mut stage_ms {
        writeln!(
            out,
            "  stage        {stage:<10} median {:.0} ms",
            median(values)
        )?;
    }
    for (component, values) in &mut component_ms {
        writeln!(
            out,
            "  component    {component:<30} median {:.0} ms (thread time)",
            median(values)
        )?;
    }
    let size = |name: &str| {
        std::fs::metadata(scratch.join("reports").join(name)).map_or(0.0, |m| m.len() as f64 / 1e6)
    };
    writeln!(
        out,
        "  reports      summary.html {:.2} MB, summary.md {:.2} MB",
        size("summary.html"),
        size("summary.md")
    )?;
    if !share_pairs.is_empty() {
        let mut with: Vec<f64> = share_pairs.iter().map(|p| p.0).collect();
        let mut without: Vec<f64> = share_pairs.iter().map(|p| p.1).collect();
        let mut ratios: Vec<f64> = share_pairs.iter().map(|p| p.0 / p.1 - 1.0).collect();
        writeln!(
            out,
            "  events+quotes +{:.1} % CPU time over a run without them (median of {} alternated pairs: {:.2} s with, {:.2} s without; SITREP_BENCH_WITHOUT={SHARE_COMPONENTS})",
            100.0 * median(&mut ratios),
            share_pairs.len(),
            median(&mut with),
            median(&mut without)
        )?;
    }
    if rss.is_empty() {
        writeln!(
            out,
            "  peak memory  n/a (install GNU time at /usr/bin/time)"
        )?;
    } else {
        writeln!(
            out,
            "  peak memory  median {:.0} MiB (max RSS)",
            median(&mut rss)
        )?;
    }
    if args.incremental {
        write!(
            out,
            "{}",
            incremental::report(&args.binary, &args.input, wall, args.threads)?
        )?;
    }
    write!(out, "  {}", text_stages::report(&args.input))?;
    Ok(())
}
