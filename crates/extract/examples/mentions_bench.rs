//! Words/s of the entity-mention stage on one thread: the tagger alone, the
//! knowledge-base and rule finder alone, and the combined finder the
//! pipeline runs, over the `.txt` articles under a directory (default
//! `../shared/data/bench/news_raw`), fastest of RUNS passes, in thread CPU time.
//!
//! `cargo run --release -p sitrep-extract --example mentions_bench -- [DIR] [RUNS] [MAX_ARTICLES]`

use std::path::{Path, PathBuf};
use std::time::Instant;

use sitrep_core::Doc;
use sitrep_core::component::Component;
use sitrep_extract::mentions::{MentionFinder, MentionSource};
use sitrep_ner::{Scratch, Tagger};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

/// CPU time of this thread so far, in seconds (Linux; wall time elsewhere),
/// so other work on a shared machine does not count.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    match (
        fields.get(11).and_then(|f| f.parse::<f64>().ok()),
        fields.get(12).and_then(|f| f.parse::<f64>().ok()),
    ) {
        (Some(user), Some(system)) => (user + system) / 100.0,
        _ => START.get_or_init(Instant::now).elapsed().as_secs_f64(),
    }
}

/// The fastest pass: on a shared machine, other work only slows a pass down.
fn fastest(times: Vec<f64>) -> f64 {
    times.into_iter().fold(f64::INFINITY, f64::min)
}

#[expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .map_or("../shared/data/bench/news_raw", String::as_str),
    );
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let limit: usize = args
        .get(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(usize::MAX);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    // Every k-th file, so a sample spans all sources.
    let step = paths.len().div_ceil(limit.min(paths.len()).max(1));
    let paths: Vec<PathBuf> = paths.into_iter().step_by(step.max(1)).collect();
    let mut docs: Vec<Doc> = Vec::with_capacity(paths.len());
    let mut words = 0i64;
    for (line, path) in paths.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let article = sitrep_ner::corpus::article_of(&text, format!("b{line}"), line);
        words += article.word_count;
        docs.push(sitrep_normalise::normalise(article));
    }
    println!("{} articles, {words} words", docs.len());
    let tagger = Tagger::builtin();
    let mut scratch = Scratch::default();
    let mut tag = || {
        let started = cpu_seconds();
        let mut names = 0usize;
        for doc in &docs {
            let sentences = doc.sentence_words();
            names += tagger
                .tag_document(&sentences, &mut scratch)
                .iter()
                .map(Vec::len)
                .sum::<usize>();
        }
        (cpu_seconds() - started, names)
    };
    let _ = tag();
    let mut times = Vec::new();
    let mut names = 0;
    for _ in 0..runs {
        let (t, n) = tag();
        times.push(t);
        names = n;
    }
    let t = fastest(times);
    println!(
        "tagger alone   {:>9.0} words/s  {t:.2} s  ({names} names)",
        words as f64 / t
    );
    for (label, source) in [
        ("rules alone ", MentionSource::Rules),
        ("combined    ", MentionSource::Combined),
    ] {
        let finder = MentionFinder::with(source, tagger);
        let mut times = Vec::new();
        let mut mentions = 0;
        for _ in 0..runs {
            let started = cpu_seconds();
            mentions = 0;
            for doc in &mut docs {
                finder.annotate(doc);
                mentions += doc.entities().len();
            }
            times.push(cpu_seconds() - started);
        }
        let t = fastest(times);
        println!(
            "{label}   {:>9.0} words/s  {t:.2} s  ({mentions} mentions)",
            words as f64 / t
        );
    }
}
