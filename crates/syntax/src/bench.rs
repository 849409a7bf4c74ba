//! Throughput of the tagger and the parser, for `just bench-syntax`.
//!
//! Each stage is timed on whole passes over a set of sentences, several
//! times, and reported as the median pass: the tagger alone (word keys and
//! tags), the parser alone (on tags computed beforehand), and both together
//! as the pipeline calls them (tags, lemmas and trees, [`SyntaxModel::analyse`]).
//! A pass is timed in the thread's own CPU time where Linux reports it
//! (`/proc/thread-self/schedstat`), so other work on a shared machine does
//! not slow the figures down; elsewhere in wall time.

use std::time::Instant;

use crate::SyntaxModel;
use crate::parser::ParseScratch;
use crate::tagger::TagScratch;
use crate::words::WordKeys;

/// Median throughput of one stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageSpeed {
    /// Median seconds per pass over the sentences.
    pub seconds: f64,
    /// Words per second at the median pass.
    pub words_per_second: f64,
}

/// Throughput of the tagger, the parser and both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntaxSpeed {
    /// Words in one pass.
    pub words: usize,
    /// Passes timed per stage.
    pub runs: usize,
    /// Whether passes were timed in thread CPU time (else wall time).
    pub cpu_time: bool,
    /// Word keys + tagger.
    pub tagger: StageSpeed,
    /// Parser on precomputed word keys and tags.
    pub parser: StageSpeed,
    /// Tagger + lemmatiser + parser through [`SyntaxModel::analyse`].
    pub both: StageSpeed,
}

/// Seconds this thread has run on a CPU, if the system says.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

/// A stopwatch on the thread's CPU time, or the wall clock without it.
struct Stopwatch {
    wall: Instant,
    cpu: Option<f64>,
}

impl Stopwatch {
    fn start() -> Self {
        Self {
            cpu: thread_cpu_seconds(),
            wall: Instant::now(),
        }
    }

    fn seconds(&self) -> f64 {
        match (self.cpu, thread_cpu_seconds()) {
            (Some(start), Some(now)) => now - start,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

fn median_speed(words: usize, mut seconds: Vec<f64>) -> StageSpeed {
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    StageSpeed {
        seconds: median,
        words_per_second: words as f64 / median.max(1e-9),
    }
}

/// Times `runs` passes (at least one) of each stage over `sentences` (word forms).
#[must_use]
pub fn measure(model: &SyntaxModel, sentences: &[Vec<&str>], runs: usize) -> SyntaxSpeed {
    let runs = runs.max(1);
    let words: usize = sentences.iter().map(Vec::len).sum();
    let mut text = String::new();
    let mut tag_scratch = TagScratch::default();
    let mut parse_scratch = ParseScratch::default();
    let mut keys: Vec<WordKeys> = Vec::new();
    let mut tags = Vec::new();
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    let mut check = 0usize;
    let mut tagger = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Stopwatch::start();
        for sentence in sentences {
            keys.clear();
            keys.extend(
                sentence
                    .iter()
                    .map(|w| WordKeys::new(w, &mut text, &model.clusters)),
            );
            model.tagger.tag(&keys, &mut tag_scratch, &mut tags);
            check += usize::from(tags.first().copied().unwrap_or(0));
        }
        tagger.push(start.seconds());
    }
    let prepared: Vec<(Vec<WordKeys>, Vec<u16>)> = sentences
        .iter()
        .map(|sentence| {
            let keys: Vec<WordKeys> = sentence
                .iter()
                .map(|w| WordKeys::new(w, &mut text, &model.clusters))
                .collect();
            let mut tags = Vec::new();
            model.tagger.tag(&keys, &mut tag_scratch, &mut tags);
            (keys, tags)
        })
        .collect();
    let mut parser = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Stopwatch::start();
        for (keys, tags) in &prepared {
            model
                .parser
                .parse(keys, tags, &mut parse_scratch, &mut heads, &mut labels);
            check += heads.first().copied().unwrap_or(0) as usize;
        }
        parser.push(start.seconds());
    }
    let mut both = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Stopwatch::start();
        for sentence in sentences {
            check += model.analyse(sentence).first().map_or(0, |w| w.head);
        }
        both.push(start.seconds());
    }
    std::hint::black_box(check);
    SyntaxSpeed {
        words,
        runs,
        cpu_time: thread_cpu_seconds().is_some(),
        tagger: median_speed(words, tagger),
        parser: median_speed(words, parser),
        both: median_speed(words, both),
    }
}
