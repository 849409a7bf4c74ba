//! Shard outputs: what `sitrep run --shard K/N` writes and `sitrep merge`
//! reads.
//!
//! Every shard run ingests the whole input (so duplicates and ordinals are
//! those of a single run) and analyses only the articles whose id hashes to
//! `K` modulo `N` ([`shard_of`]: FNV-1a, 64 bits, of the `article_id`
//! bytes; stable across machines and versions). Its `--out` then holds:
//!
//! | file | content |
//! |---|---|
//! | `shard.json` | format version, `K`, `N`, articles ingested in all, whether tokens were parsed, the input files and the `ingest`, `normalise` and `extract` reports |
//! | `articles.frames` | `(ordinal, articles row)` per article of the shard, ordinal = position in the single run's `articles` table |
//! | `rejected.frames` | `(ordinal, rejected row)`: every rejected input, in shard 0 only |
//! | `results.frames` | `(ordinal, ArticleResult)` per article of the shard, in ordinal order |
//!
//! (`.frames` files: [`sitrep_pipeline::FrameWriter`].) `sitrep merge`
//! checks that it has all `N` shards of one input, puts articles and
//! results back in ordinal order and runs the same cross-article step and
//! writes as `sitrep run`, which is itself the one-shard case; so the
//! tables are the same bytes as a single run's.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sitrep_core::StageReport;
use sitrep_core::tables::{Article, RejectedRow};
use sitrep_pipeline::{ArticleResult, FrameReader, FrameWriter};
use sitrep_store::InputFile;

/// Version of the shard output layout.
const SHARD_FORMAT: u32 = 1;

/// The shard (0 to `count` - 1) an article belongs to.
pub(crate) fn shard_of(article_id: &str, count: u32) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in article_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % u64::from(count)) as u32
}

/// `shard.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    format: u32,
    shard: u32,
    shards: u32,
    /// Articles ingested from the whole input (all shards).
    ingested: u64,
    tokens: bool,
    inputs: Vec<InputFile>,
    /// `ingest`, `normalise`, `extract`.
    stages: Vec<StageReport>,
}

/// The per-article work of a run (or of one shard), ready for the
/// cross-article step.
#[derive(Debug, Default)]
pub(crate) struct Analysed {
    /// `articles` rows of the shard, in ingest order (empty when spooled).
    pub(crate) articles: Vec<Article>,
    /// The same rows spooled to a file, when they are not held.
    pub(crate) article_spool: Option<crate::pipeline::ArticleSpool>,
    /// Their global ordinals (positions in a single run's `articles`).
    pub(crate) ordinals: Vec<u64>,
    /// Articles ingested from the whole input.
    pub(crate) ingested: u64,
    /// `rejected` rows (all of them in shard 0, none in the others).
    pub(crate) rejected: Vec<RejectedRow>,
    /// Input files for the manifest.
    pub(crate) inputs: crate::inputs::Inputs,
    /// Frame files of `(ordinal, ArticleResult)`, each in ordinal order,
    /// together one result per article ([`read_results`]).
    pub(crate) spool: Vec<PathBuf>,
    /// `ingest`, `normalise`, `extract`.
    pub(crate) reports: Vec<StageReport>,
    /// Whether `tokens` rows were made.
    pub(crate) tokens: bool,
    /// Where table segments are kept between runs (the result cache's
    /// build directory; `None` with `--no-cache` and in a merge).
    pub(crate) segments: Option<&'static Path>,
}

pub(crate) fn frames_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.frames"))
}

fn write_frames<'a, T: Serialize + 'a>(
    dir: &Path,
    name: &str,
    values: impl IntoIterator<Item = (u64, &'a T)>,
) -> Result<()> {
    let path = frames_path(dir, name);
    let file = File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut writer = FrameWriter::new(BufWriter::new(file))?;
    for value in values {
        writer
            .push(&value)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    writer
        .finish()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn read_frames<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<Vec<(u64, T)>> {
    let path = frames_path(dir, name);
    let file = File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    FrameReader::new(BufReader::new(file))
        .and_then(Iterator::collect)
        .with_context(|| format!("cannot read {}", path.display()))
}

/// Writes `analysed` (shard `index` of `count`) as a shard output into
/// `dir`, where its results already are (`results.frames`).
pub(crate) fn write(dir: &Path, analysed: &Analysed, index: u32, count: u32) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    let header = Header {
        format: SHARD_FORMAT,
        shard: index,
        shards: count,
        ingested: analysed.ingested,
        tokens: analysed.tokens,
        inputs: analysed.inputs.to_vec()?,
        stages: analysed.reports.clone(),
    };
    let mut json = serde_json::to_string_pretty(&header)?;
    json.push('\n');
    let path = dir.join("shard.json");
    std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?;
    if let Some(spool) = &analysed.article_spool {
        let path = frames_path(dir, "articles");
        let file =
            File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut writer = FrameWriter::new(BufWriter::new(file))?;
        for row in spool.read_with_ordinals()? {
            writer
                .push(&row?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        writer
            .finish()
            .with_context(|| format!("cannot write {}", path.display()))?;
        std::fs::remove_file(&spool.path)
            .with_context(|| format!("cannot remove {}", spool.path.display()))?;
    } else {
        let ordinals = analysed.ordinals.iter().copied();
        write_frames(dir, "articles", ordinals.zip(&analysed.articles))?;
    }
    write_frames(dir, "rejected", (0_u64..).zip(&analysed.rejected))
}

/// Appends per-article results to a spool frame file.
pub(crate) struct SpoolWriter {
    path: PathBuf,
    frames: FrameWriter<BufWriter<File>>,
}

impl SpoolWriter {
    /// Starts the frame file `path`.
    pub(crate) fn create(path: PathBuf) -> Result<Self> {
        let file =
            File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        let frames = FrameWriter::new(BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Self { path, frames })
    }

    /// Appends a result given in its binary form ([`ArticleResult::to_bytes`])
    /// with its ordinal: the same frame as pushing `(ordinal, result)`.
    pub(crate) fn push_encoded(&mut self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        let payload = ArticleResult::payload_of(bytes)?;
        self.frames
            .push_with_encoded(&ordinal, payload)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Flushes the file; returns its path.
    pub(crate) fn finish(self) -> Result<PathBuf> {
        self.frames
            .finish()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(self.path)
    }
}

type Frames = FrameReader<BufReader<File>, (u64, ArticleResult)>;

/// A spool file being read: its frames, the next result and the path.
type Head = (Frames, Option<(u64, ArticleResult)>, PathBuf);

/// The results of `spool` files (each in ordinal order) merged into one
/// sequence in ordinal order; checks there is exactly one per ordinal of
/// `ordinals` (ascending).
pub(crate) fn read_results<'a>(
    spool: &[PathBuf],
    ordinals: &'a [u64],
) -> Result<impl Iterator<Item = Result<ArticleResult>> + 'a> {
    let mut heads: Vec<Head> = Vec::new();
    for path in spool {
        let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut frames: Frames = FrameReader::new(BufReader::new(file))
            .with_context(|| format!("cannot read {}", path.display()))?;
        let head = frames
            .next()
            .transpose()
            .with_context(|| format!("cannot read {}", path.display()))?;
        heads.push((frames, head, path.clone()));
    }
    let mut expected = ordinals.iter();
    let mut failed = false;
    Ok(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let next = heads
            .iter_mut()
            .filter(|(_, head, _)| head.is_some())
            .min_by_key(|(_, head, _)| head.as_ref().map(|(o, _)| *o));
        let step = match (next, expected.next()) {
            (None, None) => return None,
            (Some((frames, head, path)), Some(&want)) => {
                let (ordinal, result) = head.take().expect("non-empty head");
                match frames.next().transpose() {
                    Ok(following) => *head = following,
                    Err(e) => {
                        failed = true;
                        return Some(Err(anyhow::Error::new(e)
                            .context(format!("cannot read {}", path.display()))));
                    }
                }
                if ordinal == want {
                    Ok(result)
                } else {
                    Err(anyhow::anyhow!(
                        "per-article results are not one per article (result for article {ordinal}, expected {want})"
                    ))
                }
            }
            (found, _) => Err(anyhow::anyhow!(
                "per-article results are not one per article ({})",
                if found.is_some() {
                    "more results than articles"
                } else {
                    "results missing"
                }
            )),
        };
        failed = step.is_err();
        Some(step)
    }))
}

/// Reads the shard outputs in `dirs` (all shards of one input, any order)
/// back into one [`Analysed`], in ordinal order.
pub(crate) fn read_all(dirs: &[std::path::PathBuf]) -> Result<Analysed> {
    let mut headers = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let path = dir.join("shard.json");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {} (is {} a `run --shard` output?)",
                path.display(),
                dir.display()
            )
        })?;
        let header: Header = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a shard header", path.display()))?;
        if header.format != SHARD_FORMAT {
            bail!(
                "{} has shard format {}, this sitrep reads {SHARD_FORMAT}: re-run the shard",
                path.display(),
                header.format
            );
        }
        headers.push((header, dir));
    }
    headers.sort_by_key(|(h, _)| h.shard);
    let (first, _) = &headers[0];
    let count = first.shards;
    let shards: Vec<u32> = headers.iter().map(|(h, _)| h.shard).collect();
    if headers.len() != count as usize || shards.iter().zip(0..).any(|(&k, i)| k != i) {
        bail!("merge needs each of the {count} shards once; got shards {shards:?}");
    }
    for (header, dir) in &headers {
        if header.shards != count
            || header.inputs != first.inputs
            || header.ingested != first.ingested
            || header.tokens != first.tokens
        {
            bail!(
                "shard output {} is not of the same input or settings as shard 0",
                dir.display()
            );
        }
    }
    let mut analysed = Analysed {
        ingested: first.ingested,
        inputs: crate::inputs::Inputs::held(first.inputs.clone()),
        tokens: first.tokens,
        ..Analysed::default()
    };
    let mut articles: Vec<(u64, Article)> = Vec::new();
    let mut rejected: Vec<(u64, RejectedRow)> = Vec::new();
    for (header, dir) in headers {
        for stage in header.stages {
            match analysed.reports.iter_mut().find(|r| r.stage == stage.stage) {
                // Every shard ingested the whole input: one ingest report.
                Some(_) if stage.stage == "ingest" => {}
                Some(known) => known.absorb(stage),
                None => analysed.reports.push(stage),
            }
        }
        articles.extend(read_frames::<Article>(dir, "articles")?);
        analysed.spool.push(frames_path(dir, "results"));
        rejected.extend(read_frames::<RejectedRow>(dir, "rejected")?);
    }
    articles.sort_by_key(|(ordinal, _)| *ordinal);
    rejected.sort_by_key(|(ordinal, _)| *ordinal);
    let complete = articles.len() as u64 == analysed.ingested
        && articles.iter().zip(0..).all(|((o, _), i)| *o == i);
    if !complete {
        bail!(
            "the shard outputs do not hold every article once ({} of {} articles)",
            articles.len(),
            analysed.ingested,
        );
    }
    analysed.ordinals = articles.iter().map(|(o, _)| *o).collect();
    analysed.articles = articles.into_iter().map(|(_, a)| a).collect();
    analysed.rejected = rejected.into_iter().map(|(_, r)| r).collect();
    Ok(analysed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_by_a_stable_hash() {
        // FNV-1a of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(
            shard_of("a", 1000),
            (0xaf63_dc4c_8601_ec8c_u64 % 1000) as u32
        );
        assert_eq!(shard_of("anything", 1), 0);
        let counts = (0..300).fold([0_u32; 3], |mut counts, i| {
            counts[shard_of(&format!("art_{i:04x}"), 3) as usize] += 1;
            counts
        });
        assert!(counts.iter().all(|&n| (70..130).contains(&n)), "{counts:?}");
    }
}
