//! Single-thread throughput of the text grammars: sentence boundaries,
//! dates and numbers, on the raw text of the bench corpus.
//!
//! Each file's text is split at blank lines into paragraphs, the paragraphs
//! into sentences ([`SentenceSplitter`]), and every sentence goes through
//! [`find_dates`] (anchored, as for a dated article), [`find_numbers`] and
//! [`find_ranges`]. Throughput is input bytes over the median of three
//! passes, per grammar and for the three together.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use sitrep_core::ByteSpan;
use sitrep_extract::dates::find_dates;
use sitrep_extract::quantities::numbers::{find_numbers, find_ranges};
use sitrep_normalise::SentenceSplitter;

/// Reads every file under `dir` (recursively) as UTF-8 text, skipping others.
fn texts(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        if let Ok(text) = std::fs::read_to_string(dir) {
            out.push(text);
        }
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            texts(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push(text);
        }
    }
}

/// Median seconds of three runs of `pass`.
fn timed(mut pass: impl FnMut() -> usize) -> (f64, usize) {
    let mut seconds = Vec::new();
    let mut found = 0;
    for _ in 0..3 {
        let started = Instant::now();
        found = pass();
        seconds.push(started.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    (seconds[1], found)
}

/// The throughput lines for the corpus at `input`.
pub(crate) fn report(input: &Path) -> String {
    let mut files = Vec::new();
    texts(input, &mut files);
    let bytes: usize = files.iter().map(String::len).sum();
    if bytes == 0 {
        return String::new();
    }
    let mut sentences: Vec<&str> = Vec::new();
    let (split_s, _) = timed(|| {
        sentences.clear();
        for text in &files {
            let mut at = 0;
            for paragraph in text.split("\n\n") {
                let span = ByteSpan::new(at, at + paragraph.len());
                for sentence in SentenceSplitter::split_paragraph(text, span) {
                    sentences.push(sentence.slice(text));
                }
                at += paragraph.len() + 2;
            }
        }
        sentences.len()
    });
    let anchor = NaiveDate::from_ymd_opt(2005, 3, 1);
    let (dates_s, dates) = timed(|| sentences.iter().map(|s| find_dates(s, anchor).len()).sum());
    let (numbers_s, numbers) = timed(|| {
        sentences
            .iter()
            .map(|s| find_numbers(s).len() + find_ranges(s).len())
            .sum()
    });
    let mb = bytes as f64 / 1e6;
    let total = split_s + dates_s + numbers_s;
    format!(
        "text grammars, one thread, {mb:.1} MB: sentences + dates + numbers {:.1} MB/s \
         (sentences {:.1} MB/s, {} found; dates {:.1} MB/s, {dates} found; numbers {:.1} MB/s, {numbers} found)\n",
        mb / total,
        mb / split_s,
        sentences.len(),
        mb / dates_s,
        mb / numbers_s,
    )
}
