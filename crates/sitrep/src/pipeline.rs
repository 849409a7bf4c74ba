//! The staged pipeline: ingest → normalise → extract → resolve → report.
//!
//! `sitrep run` analyses articles chunk by chunk and spools each chunk's
//! per-article results to a frame file in the staging directory; the
//! cross-article step then reads the spool once keeping only what
//! resolution needs, and again to write the per-article tables as it goes
//! (row groups, [`sitrep_store::TableWriter`]). `run --shard K/N` stops after
//! the spool (a shard output, see `crate::shard`) and `merge` does the rest
//! from the shards' spools, with the same code. The single-stage commands
//! read the previous stage's tables from `--out` and write their own, so a
//! user can re-run one stage. Normalise, extract and
//! resolve are the library's ([`sitrep_pipeline::Pipeline`]); this module
//! reads inputs, writes tables and the manifest, and runs the reports.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use sitrep_core::tables::{
    Article, DateRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow, RelationRow,
    SentenceRow, TokenRow,
};
use sitrep_core::{StageReport, Table};
use sitrep_ingest::{FileOutcome, IngestOptions, SourceFile};
use sitrep_pipeline::{
    ArticleResult, Config, FrameReader, FrameWriter, Pipeline, Progress, Tables,
};
use sitrep_store::{
    InputFile, Manifest, OutputSet, Start, StoreError, TableWriter, WriteOptions, Written,
};
use tracing::{info, warn};

use crate::cli::{EXIT_OK, EXIT_REJECTED, EvalSuite, Settings, Stages};
use crate::ingest_memo::{IngestMemo, Stamp};
use crate::progress;
use crate::shard::Analysed;

/// What a finished run reports to `main`.
pub(crate) struct Outcome {
    rejected: usize,
}

impl Outcome {
    /// The exit code: 0, or 3 when `strict` and inputs were rejected.
    pub(crate) fn exit_code(&self, strict: bool) -> u8 {
        if strict && self.rejected > 0 {
            EXIT_REJECTED
        } else {
            EXIT_OK
        }
    }
}

/// Runs the stages `settings` asks for.
pub(crate) fn execute(settings: &Settings) -> Result<Outcome> {
    if let Some(threads) = settings.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let out = settings.out.as_path();
    match settings.stages {
        Stages::Schema => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(sitrep_core::schema::markdown().as_bytes())?;
            stdout.flush()?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::All => {
            sitrep_store::check_out_dir(&settings.reports)?;
            let set = OutputSet::begin(out, Start::Empty)?;
            let spool = set.dir().join(".spool.frames");
            let analysed = analyse_shard(settings, 0, 1, spool.clone())?;
            let outcome = on_worker(|| finish_run(settings, set.dir(), analysed))?;
            std::fs::remove_file(&spool)
                .with_context(|| format!("cannot remove {}", spool.display()))?;
            set.commit()?;
            Ok(outcome)
        }
        Stages::Shard { index, count } => {
            let set = OutputSet::begin(out, Start::Empty)?;
            std::fs::create_dir_all(set.dir())
                .with_context(|| format!("cannot create {}", set.dir().display()))?;
            let spool = crate::shard::frames_path(set.dir(), "results");
            let analysed = analyse_shard(settings, index, count, spool)?;
            let rejected = analysed.rejected.len();
            crate::shard::write(set.dir(), &analysed, index, count)?;
            analysed.inputs.remove_spool()?;
            set.commit()?;
            info!(
                shard = index,
                shards = count,
                articles = analysed.ordinals.len(),
                out = %out.display(),
                "shard written"
            );
            Ok(Outcome { rejected })
        }
        Stages::Merge => {
            sitrep_store::check_out_dir(&settings.reports)?;
            let set = OutputSet::begin(out, Start::Empty)?;
            let analysed = crate::shard::read_all(&settings.inputs)?;
            let outcome = on_worker(|| finish_run(settings, set.dir(), analysed))?;
            set.commit()?;
            Ok(outcome)
        }
        Stages::CachePrune { max_bytes } => {
            crate::cache_cmd::prune(settings, max_bytes)?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::CacheClear => {
            crate::cache_cmd::clear(settings)?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::TrainNer(options) => {
            crate::ner_commands::train(settings, &options)?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Eval {
            suite,
            all_mentions,
            json,
            matching,
            source,
        } => {
            let gold = &settings.inputs[0];
            let text = match suite {
                EvalSuite::Mentions => {
                    let options = sitrep_eval::EvalOptions {
                        proper_only: !all_mentions,
                    };
                    let report = sitrep_eval::evaluate_file(gold, &options)?;
                    render(&report, json, || report.to_markdown())?
                }
                EvalSuite::Coref | EvalSuite::Link => {
                    crate::eval_resolution::render(suite, gold, all_mentions, json)?
                }
                EvalSuite::Events => crate::eval_events::render(gold, &settings.non_violent, json)?,
                EvalSuite::Ner => {
                    let report = crate::ner_commands::eval(settings, matching, source)?;
                    render(&report, json, || report.to_markdown())?
                }
                EvalSuite::Dates | EvalSuite::Numbers | EvalSuite::Sentences => {
                    let report = match suite {
                        EvalSuite::Dates => sitrep_eval::evaluate_dates(gold)?,
                        EvalSuite::Numbers => sitrep_eval::evaluate_numbers(gold)?,
                        _ => sitrep_eval::evaluate_sentences(gold)?,
                    };
                    render(&report, json, || report.to_markdown())?
                }
                EvalSuite::Syntax => anyhow::bail!("`eval syntax` runs outside the pipeline"),
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Ingest => {
            // A new set: the previous run's later tables would not match these articles.
            let set = OutputSet::begin(out, Start::Empty)?;
            let ingested = ingest(settings);
            let rejected = ingested.rejected.len();
            let mut manifest = Manifest::default();
            let mut batch = WriteBatch::new(set.dir(), settings);
            batch.add(&ingested.articles).add(&ingested.rejected);
            let write_report = batch.run(&mut manifest)?;
            manifest.inputs = ingested.inputs;
            finish_manifest(set.dir(), manifest, [ingested.report, write_report])?;
            set.commit()?;
            Ok(Outcome { rejected })
        }
        Stages::Normalise => {
            let set = OutputSet::begin(out, Start::FromCurrent)?;
            let articles: Vec<Article> = sitrep_store::read_table(out)?;
            let pipeline = library(settings)?;
            let (sentences, report) = pipeline.normalise(&articles, &bars(settings));
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(set.dir(), settings);
            batch.add(&sentences);
            let write_report = batch.run(&mut manifest)?;
            finish_manifest(set.dir(), manifest, [report, write_report])?;
            set.commit()?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Extract => {
            let set = OutputSet::begin(out, Start::FromCurrent)?;
            let articles: Vec<Article> = sitrep_store::read_table(out)?;
            let sentences: Vec<SentenceRow> = sitrep_store::read_table(out)?;
            let pipeline = library(settings)?;
            let (tables, report) = pipeline.extract_saved(&articles, &sentences, &bars(settings));
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(set.dir(), settings);
            add_extracted(&mut batch, &tables);
            let write_report = batch.run(&mut manifest)?;
            finish_manifest(set.dir(), manifest, [report, write_report])?;
            set.commit()?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Resolve => {
            let set = OutputSet::begin(out, Start::FromCurrent)?;
            let mut tables = Tables {
                mentions: sitrep_store::read_table(out)?,
                events: sitrep_store::read_table(out)?,
                quotes: sitrep_store::read_table(out)?,
                relations: sitrep_store::read_table(out)?,
                ..Tables::default()
            };
            let report = library(settings)?.resolve(&mut tables);
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(set.dir(), settings);
            batch
                .add(&tables.entities)
                .add(&tables.mentions)
                .add(&tables.events)
                .add(&tables.quotes)
                .add(&tables.relations);
            let write_report = batch.run(&mut manifest)?;
            finish_manifest(set.dir(), manifest, [report, write_report])?;
            set.commit()?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Report => {
            sitrep_store::check_out_dir(&settings.reports)?;
            let set = OutputSet::begin(out, Start::FromCurrent)?;
            let report = report(settings, out)?;
            finish_manifest(set.dir(), Manifest::load_or_default(out), [report])?;
            set.commit()?;
            Ok(Outcome { rejected: 0 })
        }
    }
}

/// Ingest the whole input, then the per-article work on the articles of
/// shard `index` of `count` (all of them for 0 of 1, as `sitrep run` does),
/// chunk by chunk; each chunk's results are appended to the frame file
/// `spool` and leave memory.
fn analyse_shard(settings: &Settings, index: u32, count: u32, spool: PathBuf) -> Result<Analysed> {
    let pipeline = library(settings)?;
    let articles_path = spool.with_file_name(".articles.frames");
    let cache = crate::cache_cmd::open(settings, &config(settings));
    let memo = cache.as_ref().map(sitrep_cache::ResultCache::build_dir);
    // The models and grammars load while the input is read.
    let (ingested, ()) = rayon::join(
        || ingest_spooled(settings, index, count, &articles_path, memo),
        || pipeline.warm_up(),
    );
    let ingested = ingested?;
    let ordinals = ingested.ordinals;
    let rejected = if index == 0 {
        ingested.rejected
    } else {
        Vec::new()
    };
    let progress = bars(settings);
    let bar = progress.stage("analyse", ordinals.len() * 2);
    let mut normalised = StageReport::new("normalise");
    let mut extracted = StageReport::new("extract");
    let mut writer = crate::shard::SpoolWriter::create(spool)?;
    let mut articles = ingested.spool.read()?;
    // A chunk is analysed while the previous chunk's results are appended to
    // the spool and the next chunk's articles are read, looked up in the
    // cache and normalised (serial work, and a phase that can use a worker
    // the end of this chunk's extraction leaves idle).
    let mut chunks = ordinals.chunks(CHUNK_ARTICLES);
    let mut read_chunk = |chunk_ordinals: &[u64]| {
        articles
            .by_ref()
            .take(chunk_ordinals.len())
            .collect::<Result<Vec<Article>>>()
    };
    let prepare = |chunk: Vec<Article>| match &cache {
        Some(cache) => Ready::Cached(cache, cache.prepare_chunk(&pipeline, chunk, &*bar)),
        None => Ready::Plain(pipeline.normalise_chunk(chunk, &*bar)),
    };
    let mut next = match chunks.next() {
        Some(first) => Some((first, prepare(read_chunk(first)?))),
        None => None,
    };
    let mut analysed: Option<(&[u64], Vec<Vec<u8>>)> = None;
    let mut append = |done: Option<(&[u64], Vec<Vec<u8>>)>| -> Result<()> {
        for (ordinal, bytes) in done.iter().flat_map(|(o, b)| o.iter().zip(b)) {
            writer.push_encoded(*ordinal, bytes)?;
        }
        Ok(())
    };
    while let Some((chunk_ordinals, ready)) = next.take() {
        let following = chunks.next();
        let previous = analysed.take();
        let ((encoded, normalise_report, extract_report), io) = rayon::join(
            || match ready {
                // Cache hits go to the spool in their binary form, not decoded.
                Ready::Cached(cache, prepared) => cache.finish_chunk(&pipeline, prepared, &*bar),
                Ready::Plain(normalised) => {
                    let (results, normalise_report, extract_report) =
                        pipeline.analyse_normalised(normalised, &*bar);
                    let encoded = results.par_iter().map(ArticleResult::to_bytes).collect();
                    (encoded, normalise_report, extract_report)
                }
            },
            || -> Result<_> {
                append(previous)?;
                following
                    .map(|ords| Ok((ords, prepare(read_chunk(ords)?))))
                    .transpose()
            },
        );
        next = io?;
        analysed = Some((chunk_ordinals, encoded));
        normalised.absorb(normalise_report);
        extracted.absorb(extract_report);
    }
    append(analysed)?;
    drop(articles);
    drop(bar);
    let spool = writer.finish()?;
    // The tables' segments are kept beside the results (one small leak a run).
    let segments = cache
        .as_ref()
        .map(|cache| &*Box::leak(cache.build_dir().to_path_buf().into_boxed_path()));
    let mut reports = vec![ingested.report, normalised, extracted];
    reports.extend(cache.map(|cache| cache.report()));
    for report in &reports[1..] {
        info!(received = report.received, emitted = ?report.emitted, elapsed_ms = report.elapsed_ms, "{} done", report.stage);
    }
    Ok(Analysed {
        articles: Vec::new(),
        article_spool: Some(ingested.spool),
        ordinals,
        ingested: ingested.total,
        rejected,
        inputs: ingested.inputs,
        spool: vec![spool],
        reports,
        tokens: settings.tokens,
        segments,
    })
}

/// The `articles` rows of a run or shard, spooled to a frame file of
/// `(ordinal, articles row)` in ordinal order as ingest made them, with
/// `duplicate_of` set when read back (only ingest's end knows it).
#[derive(Debug, Default)]
pub(crate) struct ArticleSpool {
    /// The frame file.
    pub(crate) path: PathBuf,
    /// `duplicate_of` of the articles that repeat an earlier one, by ordinal.
    pub(crate) duplicate_of: HashMap<u64, String>,
}

impl ArticleSpool {
    /// The rows in ordinal order, `duplicate_of` filled.
    pub(crate) fn read(&self) -> Result<impl Iterator<Item = Result<Article>> + '_> {
        Ok(self.read_with_ordinals()?.map(|row| row.map(|(_, a)| a)))
    }

    /// The rows with their ordinals, in ordinal order, `duplicate_of` filled.
    pub(crate) fn read_with_ordinals(
        &self,
    ) -> Result<impl Iterator<Item = Result<(u64, Article)>> + '_> {
        let path = &self.path;
        let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let frames = FrameReader::<_, (u64, Article)>::new(BufReader::new(file))
            .with_context(|| format!("cannot read {}", path.display()))?;
        Ok(frames.map(move |frame| {
            let (ordinal, mut article) =
                frame.with_context(|| format!("cannot read {}", path.display()))?;
            article.duplicate_of = self.duplicate_of.get(&ordinal).cloned();
            Ok((ordinal, article))
        }))
    }
}

/// Output of [`ingest_spooled`].
struct SpooledIngest {
    /// The shard's articles.
    spool: ArticleSpool,
    /// Their ordinals (positions among all articles ingested), ascending.
    ordinals: Vec<u64>,
    /// Articles ingested from the whole input.
    total: u64,
    rejected: Vec<RejectedRow>,
    inputs: crate::inputs::Inputs,
    report: StageReport,
}

/// Files ingested together by [`ingest_spooled`].
const INGEST_FILES: usize = 1024;

/// The ingest stage as [`ingest`] runs it, streaming: files are read a
/// batch at a time (in parallel, order kept), and the articles of shard
/// `index` of `count` go to the frame file `path` as they come, so no
/// more than a batch of texts is in memory. Repeated texts are found by a
/// 128-bit hash of the text, the first being the smallest by
/// `(source_path, source_line_start, article_id)` as in
/// [`sitrep_ingest::mark_duplicates`]. With `memo` (the result cache's
/// build directory), files unchanged since the last cached run are not
/// read ([`crate::ingest_memo`]).
fn ingest_spooled(
    settings: &Settings,
    index: u32,
    count: u32,
    path: &Path,
    memo: Option<&Path>,
) -> Result<SpooledIngest> {
    /// The first article of a text so far.
    struct First {
        file: u32,
        line: i64,
        id: Box<str>,
        ordinal: u64,
    }
    let started = Instant::now();
    let Discovery {
        files,
        mut rejected,
        inputs,
        mut report,
        options,
    } = discover(settings);
    // Each file's rank by `source_path`, the first key of "earlier".
    let (_, file_rank) =
        sitrep_core::ids::sorted_ranks(&files, |a, b| a.source_path.cmp(&b.source_path));
    // Each read file's manifest entry goes to disk as it comes.
    let mut input_spool =
        crate::inputs::InputSpool::create(path.with_file_name(".inputs.frames"), files.len())?;
    let mut writer = FrameWriter::new(BufWriter::new(
        File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    ))?;
    let mut firsts: Vec<First> = Vec::new();
    let mut first_of: HashMap<u128, u32> = HashMap::new();
    let mut text_of: Vec<u32> = Vec::new();
    let mut ordinals = Vec::new();
    let (mut total, mut words) = (0_u64, 0_usize);
    let mut memo = memo.map(|dir| IngestMemo::open(dir, options));
    let bar = progress::bar(files.len(), "ingest", settings.progress);
    for (batch, batch_files) in files.chunks(INGEST_FILES).enumerate() {
        // Stamps are taken before reading, so a file changed while it is
        // read is read again next time.
        let stamps: Vec<Option<Stamp>> = if memo.is_some() {
            batch_files.par_iter().map(|f| Stamp::of(&f.path)).collect()
        } else {
            vec![None; batch_files.len()]
        };
        let found: Vec<Option<Vec<u8>>> = batch_files
            .iter()
            .zip(&stamps)
            .map(|(file, &stamp)| memo.as_mut().and_then(|memo| memo.take(file, stamp)))
            .collect();
        let keep = memo.is_some();
        let outcomes: Vec<(InputFile, FileOutcome, Option<Vec<u8>>)> = batch_files
            .par_iter()
            .zip(found)
            .map(|(file, found)| {
                let made = found
                    .and_then(|bytes| {
                        let (input, outcome) = crate::ingest_memo::decode(&bytes)?;
                        Some((input, outcome, Some(bytes)))
                    })
                    .unwrap_or_else(|| {
                        let (input, outcome) = ingest_one(file, options);
                        let bytes = keep.then(|| crate::ingest_memo::encode(&input, &outcome));
                        (input, outcome, bytes)
                    });
                bar.inc(1);
                made
            })
            .collect();
        for (f, (input, mut outcome, bytes)) in outcomes.into_iter().enumerate() {
            if let (Some(memo), Some(bytes)) = (memo.as_mut(), bytes) {
                memo.record(&batch_files[f], stamps[f], bytes);
            }
            let file = file_rank[batch * INGEST_FILES + f];
            account_file(&mut report, &mut outcome);
            for mut article in outcome.articles {
                if let Some(date) = settings.published {
                    sitrep_ingest::set_published_unless_given(&mut article, date);
                }
                let ordinal = total;
                total += 1;
                words += article.word_count as usize;
                let key = text_hash(&article.text);
                let candidate = First {
                    file,
                    line: article.source_line_start,
                    id: article.article_id.as_str().into(),
                    ordinal,
                };
                let group = if let Some(&group) = first_of.get(&key) {
                    let first = &mut firsts[group as usize];
                    if (candidate.file, candidate.line, &candidate.id)
                        < (first.file, first.line, &first.id)
                    {
                        *first = candidate;
                    }
                    group
                } else {
                    let group = firsts.len() as u32;
                    firsts.push(candidate);
                    first_of.insert(key, group);
                    group
                };
                text_of.push(group);
                if crate::shard::shard_of(&article.article_id, count) == index {
                    ordinals.push(ordinal);
                    writer
                        .push(&(ordinal, &article))
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            rejected.extend(outcome.rejected);
            input_spool.push(file, &input)?;
        }
    }
    bar.finish_and_clear();
    if let Some(memo) = memo {
        report.emit("files_unchanged", memo.unchanged);
        memo.finish();
    }
    let file_count = files.len();
    drop(files);
    writer
        .finish()
        .with_context(|| format!("cannot write {}", path.display()))?;
    drop(first_of);
    let mut duplicates = 0;
    let mut duplicate_of = HashMap::new();
    let mut shard_ordinals = ordinals.iter().peekable();
    for (ordinal, &group) in (0_u64..).zip(&text_of) {
        let first = &firsts[group as usize];
        let in_shard = shard_ordinals.next_if_eq(&&ordinal).is_some();
        if first.ordinal != ordinal {
            duplicates += 1;
            if in_shard {
                duplicate_of.insert(ordinal, first.id.to_string());
            }
        }
    }
    let inputs = input_spool.finish(inputs)?;
    report.emit("articles", total as usize);
    report.emit("rejected", rejected.len());
    report.emit("duplicates", duplicates);
    report.emit("words", words);
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    info!(
        files = file_count,
        articles = total,
        rejected = rejected.len(),
        duplicates,
        elapsed_ms = report.elapsed_ms,
        "ingest done"
    );
    Ok(SpooledIngest {
        spool: ArticleSpool {
            path: path.to_path_buf(),
            duplicate_of,
        },
        ordinals,
        total,
        rejected,
        inputs,
        report,
    })
}

/// A 128-bit hash of `text` (two `SipHash` values), to find repeated texts.
fn text_hash(text: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut low = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut low);
    let mut high = std::collections::hash_map::DefaultHasher::new();
    0x5eed_u16.hash(&mut high);
    text.hash(&mut high);
    (u128::from(high.finish()) << 64) | u128::from(low.finish())
}

/// Runs `work` on one of the worker threads (the calling thread waits),
/// so that it allocates from the memory that thread's allocator kept when
/// the per-article analysis freed it, rather than growing the calling
/// thread's own: the cross-article step, writes and report of a large run
/// then add little to the analysis's peak (the allocator keeps freed
/// memory per thread, and the workspace forbids the `unsafe` call that
/// would give it back).
fn on_worker<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    // `rayon::scope` called from outside the pool runs its body on a worker.
    rayon::scope(|_| work())
}

/// Articles analysed together (and spooled together).
const CHUNK_ARTICLES: usize = 2048;

/// A chunk ready for extraction: looked up in the result cache with its
/// misses normalised, or (without a cache) normalised.
enum Ready<'c> {
    Cached(&'c sitrep_cache::ResultCache, sitrep_cache::PreparedChunk),
    Plain(sitrep_pipeline::NormalisedChunk),
}

/// The `articles` table of [`finish_run`]: written already (articles held
/// in memory), or still in the article spool.
enum ArticlesTable {
    Written(Written),
    Spooled(ArticleSpool),
}

impl ArticlesTable {
    /// The table written, from the spool if it is not yet (the spool removed).
    fn finish(self, staging: &Path, options: WriteOptions) -> Result<Written> {
        match self {
            Self::Written(written) => Ok(written),
            Self::Spooled(spool) => {
                let written = write_streamed(staging, spool.read()?, options)?;
                std::fs::remove_file(&spool.path)
                    .with_context(|| format!("cannot remove {}", spool.path.display()))?;
                Ok(written)
            }
        }
    }
}

/// The cross-article step and every write of a run (or a merge of shard
/// outputs), streaming. Pass 1 reads the spooled results in input order:
/// it writes the tables that need no entity ids (`sentences`, `dates`,
/// `quantities`, `tokens`), keeps compact keys of each article's clusters
/// ([`sitrep_pipeline::CrossArticle`]) and copies the rows that need ids
/// (mentions, events, quotes, relations) to a side spool. After the
/// cross-article step, pass 2 reads the side spool in `article_id` order
/// (frames found by position) to write `mentions` and `quotes`, spool the
/// events in table order and the linked relations by article; pass 3
/// writes `relations` in input order from that spool (so the side spool is
/// decoded once); pass 4 writes `events` with their clusters. Only the compact keys, the
/// entities and a few integers per article and event stay in memory.
/// Tables, manifest and reports are written into `staging`, which the
/// caller switches in as a whole.
fn finish_run(settings: &Settings, staging: &Path, analysed: Analysed) -> Result<Outcome> {
    let pipeline = library(settings)?;
    let Analysed {
        articles,
        article_spool,
        ordinals,
        rejected,
        inputs,
        spool,
        reports: analyse_reports,
        tokens,
        segments,
        ..
    } = analysed;
    let options = WriteOptions {
        csv_safe: settings.csv_safe,
        segments,
    };
    let started = Instant::now();
    let mut write_ms = 0;
    // Articles held in memory (their texts are most of the input) and the
    // rejected rows are written first and leave memory before the
    // cross-article step; spooled articles are written while it runs.
    let rejected_count = rejected.len();
    let articles_table = match article_spool {
        Some(spool) => ArticlesTable::Spooled(spool),
        None => ArticlesTable::Written(write_whole(staging, articles, options)?),
    };
    let rejected_written = write_whole(staging, rejected, options)?;

    // Pass 1.
    let mut cross = sitrep_pipeline::CrossArticle::spill_to(staging)
        .with_context(|| format!("cannot write in {}", staging.display()))?;
    let side_path = staging.join(".resolve.frames");
    let mut side = FrameWriter::new(BufWriter::new(
        File::create(&side_path)
            .with_context(|| format!("cannot write {}", side_path.display()))?,
    ))?;
    let mut positions: Vec<u64> = Vec::with_capacity(ordinals.len());
    let mut ids: Vec<Box<str>> = Vec::with_capacity(ordinals.len());
    let mut sentences = TableWriter::<SentenceRow>::create(staging, options)?;
    let mut dates = TableWriter::<DateRow>::create(staging, options)?;
    let mut quantities = TableWriter::<QuantityRow>::create(staging, options)?;
    let mut token_rows = if tokens {
        Some(TableWriter::<TokenRow>::create(staging, options)?)
    } else {
        None
    };
    for result in crate::shard::read_results(&spool, &ordinals)? {
        let result = result?;
        cross
            .add(&result)
            .context("cannot spill the cross-article step")?;
        ids.push(result.article_id.into_boxed_str());
        positions.push(side.position());
        side.push(&(
            &result.mentions,
            &result.events,
            &result.quotes,
            &result.relations,
            &result.resolution,
        ))?;
        sentences.push(result.sentences)?;
        dates.push(result.dates)?;
        quantities.push(result.quantities)?;
        if let Some(writer) = &mut token_rows {
            writer.push(result.tokens)?;
        }
    }
    side.finish()?;
    // Their last segments are encoded while the cross-article step runs.
    sentences.seal()?;
    dates.seal()?;
    quantities.seal()?;
    if let Some(writer) = &mut token_rows {
        writer.seal()?;
    }
    write_ms += started.elapsed().as_millis() as u64;

    let (resolved, articles_written) = rayon::join(
        || {
            cross
                .finish(&pipeline)
                .context("cannot spill the cross-article step")
        },
        || articles_table.finish(staging, options),
    );
    let (mut resolution, mut resolve_report) = resolved?;
    let articles_written = articles_written?;
    let started = Instant::now();
    let mut written = vec![sentences.finish()?, dates.finish()?, quantities.finish()?];
    let tokens_written = token_rows.map(TableWriter::finish).transpose()?;
    // Entity rows are made as they are written, not held all at once, while
    // pass 2 runs.
    let entity_rows = std::mem::take(&mut resolution.entities);
    let entities_task = move || -> Result<Written> {
        let mut entities_out = TableWriter::create(staging, options)?;
        push_streamed(&mut entities_out, entity_rows.map(Ok))?;
        Ok(entities_out.finish()?)
    };

    // Pass 2: mentions and quotes in `article_id` order; events and
    // linked relations spooled.
    let mut reader = side_reader(&side_path)?;
    let relations_path = staging.join(".relations.frames");
    let mut relations_spool = FrameWriter::new(BufWriter::new(
        File::create(&relations_path)
            .with_context(|| format!("cannot write {}", relations_path.display()))?,
    ))?;
    // Per article (input order), where its relations are in that spool.
    let mut relations_at: Vec<u64> = vec![u64::MAX; ids.len()];
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.sort_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]).then(a.cmp(&b)));
    let mut mentions_out = TableWriter::<MentionRow>::create(staging, options)?;
    let mut quotes_out = TableWriter::<QuoteRow>::create(staging, options)?;
    let events_path = staging.join(".events.frames");
    let mut events_spool = FrameWriter::new(BufWriter::new(
        File::create(&events_path)
            .with_context(|| format!("cannot write {}", events_path.display()))?,
    ))?;
    let mut clusters = sitrep_resolve::EventClusters::default();
    let (mut event_count, mut quote_count, mut dangling) = (0_usize, 0_usize, 0_usize);
    let pass_2 = || -> Result<()> {
        let mut at = 0;
        while at < order.len() {
            let id = &ids[order[at] as usize];
            let end = at
                + order[at..]
                    .iter()
                    .take_while(|&&a| ids[a as usize] == *id)
                    .count();
            let mut group_mentions = Vec::new();
            let mut events = Vec::new();
            let mut quotes = Vec::new();
            for &a in &order[at..end] {
                let (mut mentions, article_events, article_quotes, mut relations, article_clusters): SideFrame =
                reader.read_at(positions[a as usize])?;
                resolution.fill(a as usize, &mut mentions, &article_clusters);
                if !relations.is_empty() {
                    sitrep_pipeline::link_relations(&mut relations, &mentions);
                    relations_at[a as usize] = relations_spool.position();
                    relations_spool.push(&relations)?;
                }
                group_mentions.extend(mentions);
                events.extend(article_events);
                quotes.extend(article_quotes);
            }
            at = end;
            dangling += sitrep_resolve::carry_entity_ids(&group_mentions, &mut events, &mut quotes);
            events
                .sort_by(|a, b| (a.start, a.end, &a.event_id).cmp(&(b.start, b.end, &b.event_id)));
            quotes
                .sort_by(|a, b| (a.start, a.end, &a.quote_id).cmp(&(b.start, b.end, &b.quote_id)));
            for event in &events {
                clusters.add(event);
            }
            event_count += events.len();
            quote_count += quotes.len();
            if !events.is_empty() {
                events_spool.push(&events)?;
            }
            mentions_out.push(group_mentions)?;
            quotes_out.push(quotes)?;
        }
        Ok(())
    };
    let (entities_written, passed) = rayon::join(entities_task, pass_2);
    let entities_written = entities_written?;
    passed?;
    drop(reader);
    std::fs::remove_file(&side_path)
        .with_context(|| format!("cannot remove {}", side_path.display()))?;
    events_spool.finish()?;
    relations_spool.finish()?;
    mentions_out.seal()?;
    quotes_out.seal()?;

    // Pass 3: relations, in input order.
    let mut relations = TableWriter::<RelationRow>::create(staging, options)?;
    let file = File::open(&relations_path)
        .with_context(|| format!("cannot read {}", relations_path.display()))?;
    let mut relations_reader = FrameReader::<_, Vec<RelationRow>>::new(BufReader::new(file))?;
    for &at in relations_at.iter().filter(|&&at| at != u64::MAX) {
        relations.push(relations_reader.read_at(at)?)?;
    }
    drop(relations_reader);
    std::fs::remove_file(&relations_path)
        .with_context(|| format!("cannot remove {}", relations_path.display()))?;
    written.push(relations.finish()?);
    if let Some(tokens) = tokens_written {
        written.push(tokens);
    }

    // Pass 4: events with their clusters (a cluster's id is its first event's).
    let roots = clusters.roots();
    let mut has_members = vec![false; roots.len()];
    for (i, &root) in roots.iter().enumerate() {
        if root as usize != i {
            has_members[root as usize] = true;
        }
    }
    let mut root_ids: HashMap<u32, String> = HashMap::new();
    let mut events_out = TableWriter::<EventRow>::create(staging, options)?;
    let file = File::open(&events_path)
        .with_context(|| format!("cannot read {}", events_path.display()))?;
    let mut index = 0_usize;
    for frame in FrameReader::<_, Vec<EventRow>>::new(BufReader::new(file))? {
        let mut events = frame?;
        for event in &mut events {
            let root = roots[index];
            if root as usize == index {
                if has_members[index] {
                    root_ids.insert(root, event.event_id.clone());
                }
                event.event_cluster.clone_from(&event.event_id);
            } else {
                event.event_cluster.clone_from(&root_ids[&root]);
            }
            index += 1;
        }
        events_out.push(events)?;
    }
    std::fs::remove_file(&events_path)
        .with_context(|| format!("cannot remove {}", events_path.display()))?;
    let events_written = events_out.finish()?;
    let mentions_written = mentions_out.finish()?;
    let quotes_written = quotes_out.finish()?;
    // What the passes kept per article, cluster and event leaves before the report.
    drop((
        resolution,
        ids,
        positions,
        order,
        roots,
        has_members,
        root_ids,
        relations_at,
    ));

    resolve_report.emit("events", event_count);
    resolve_report.emit("quotes", quote_count);
    if dangling > 0 {
        resolve_report.warnings.push(format!(
            "{dangling} event or quote reference(s) name a mention that is missing or unresolved; \
             their entity ids are left empty"
        ));
    }

    let mut manifest = Manifest {
        csv_safe: settings.csv_safe,
        ..Manifest::default()
    };
    let mut write_report = StageReport::new("write");
    written.push(articles_written);
    written.push(rejected_written);
    written.push(entities_written);
    written.push(mentions_written);
    written.push(events_written);
    written.push(quotes_written);
    write_report.received = written.len() as u64;
    for table in &written {
        write_report.emit(table.table, table.rows);
        manifest
            .tables
            .insert(table.table.to_owned(), table.rows as u64);
    }
    if segments.is_some() {
        let reused = written.iter().map(|w| w.segments_reused).sum();
        write_report.emit("segments_reused", reused);
        write_report.emit(
            "segments_encoded",
            written.iter().map(|w| w.segments_encoded).sum(),
        );
    }
    write_report.elapsed_ms = write_ms + started.elapsed().as_millis() as u64;
    info!(tables = written.len(), dir = %staging.display(), elapsed_ms = write_report.elapsed_ms, "tables written");
    let report_report = report(settings, staging)?;
    let mut reports = analyse_reports;
    reports.extend([resolve_report, write_report, report_report]);
    // The inputs are streamed from their spool into the manifest.
    finish_manifest_with(staging, manifest, reports, &inputs)?;
    inputs.remove_spool()?;
    info!(
        articles = manifest_rows(&written, "articles"),
        rejected = rejected_count,
        mentions = manifest_rows(&written, "mentions"),
        entities = manifest_rows(&written, "entities"),
        events = manifest_rows(&written, "events"),
        quotes = manifest_rows(&written, "quotes"),
        tables = %settings.out.display(),
        reports = %settings.reports.display(),
        "run complete"
    );
    Ok(Outcome {
        rejected: rejected_count,
    })
}

/// What the side spool of [`finish_run`] holds per article: its mention,
/// event, quote and relation rows and its within-article clusters.
type SideFrame = (
    Vec<MentionRow>,
    Vec<EventRow>,
    Vec<QuoteRow>,
    Vec<RelationRow>,
    sitrep_resolve::ArticleResolution,
);

/// Opens the side spool of [`finish_run`].
fn side_reader(path: &Path) -> Result<FrameReader<BufReader<File>, SideFrame>> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(FrameReader::new(BufReader::new(file))?)
}

/// Rows written to `table`.
fn manifest_rows(written: &[Written], table: &str) -> usize {
    written
        .iter()
        .find(|w| w.table == table)
        .map_or(0, |w| w.rows)
}

/// Writes a table whose rows come one at a time (`CHUNK_ARTICLES` rows are
/// held at once) through a [`TableWriter`]; the first error stops it.
fn write_streamed<T: Table + Send + Sync + 'static>(
    dir: &Path,
    rows: impl Iterator<Item = Result<T>>,
    options: WriteOptions,
) -> Result<Written> {
    let mut writer = TableWriter::<T>::create(dir, options)?;
    push_streamed(&mut writer, rows)?;
    Ok(writer.finish()?)
}

/// Pushes rows that come one at a time to `writer`, `CHUNK_ARTICLES` at once.
fn push_streamed<T: Table + Send + Sync + 'static>(
    writer: &mut TableWriter<T>,
    rows: impl Iterator<Item = Result<T>>,
) -> Result<()> {
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        let chunk = rows
            .by_ref()
            .take(CHUNK_ARTICLES)
            .collect::<Result<Vec<T>>>()?;
        writer.push(chunk)?;
    }
    Ok(())
}

/// Writes a table held in memory through a [`TableWriter`] (row groups).
fn write_whole<T: Table + Send + Sync + 'static>(
    dir: &Path,
    rows: Vec<T>,
    options: WriteOptions,
) -> Result<Written> {
    let mut writer = TableWriter::<T>::create(dir, options)?;
    writer.push(rows)?;
    Ok(writer.finish()?)
}

/// The library pipeline with the standard components (and `--anchor-date`,
/// `--resolve-threshold`).
fn library(settings: &Settings) -> Result<Pipeline> {
    Ok(Pipeline::new(config(settings))?)
}

/// The library's configuration from the command line.
fn config(settings: &Settings) -> Config {
    let resolve = sitrep_resolve::ResolveOptions {
        threshold: settings.resolve_threshold,
        overrides: settings.kb_overrides,
    };
    Config {
        anchor_date: settings.anchor_date,
        resolve,
        tokens: settings.tokens,
        ..Config::default()
    }
}

/// Progress bars for the library's per-article stages.
fn bars(settings: &Settings) -> progress::Bars {
    progress::Bars {
        enabled: settings.progress,
    }
}

/// Adds the extracted tables (not sentences) to `batch`.
fn add_extracted<'a>(batch: &mut WriteBatch<'a>, tables: &'a Tables) {
    batch
        .add(&tables.mentions)
        .add(&tables.dates)
        .add(&tables.quantities)
        .add(&tables.quotes)
        .add(&tables.events)
        .add(&tables.relations);
}

/// Output of the ingest stage.
struct Ingested {
    articles: Vec<Article>,
    rejected: Vec<RejectedRow>,
    inputs: Vec<InputFile>,
    report: StageReport,
}

fn ingest(settings: &Settings) -> Ingested {
    let started = Instant::now();
    let Discovery {
        files,
        mut rejected,
        mut inputs,
        mut report,
        options,
    } = discover(settings);
    let bar = progress::bar(files.len(), "ingest", settings.progress);
    let outcomes: Vec<(InputFile, sitrep_ingest::FileOutcome)> = files
        .par_iter()
        .map(|path| {
            let outcome = ingest_one(path, options);
            bar.inc(1);
            outcome
        })
        .collect();
    bar.finish_and_clear();
    let mut articles = Vec::new();
    for (input, mut outcome) in outcomes {
        account_file(&mut report, &mut outcome);
        articles.extend(outcome.articles);
        rejected.extend(outcome.rejected);
        inputs.push(input);
    }
    if let Some(date) = settings.published {
        for article in &mut articles {
            sitrep_ingest::set_published_unless_given(article, date);
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    sitrep_ingest::mark_duplicates(&mut articles);
    let duplicates = articles.iter().filter(|a| a.duplicate_of.is_some()).count();
    report.emit("articles", articles.len());
    report.emit("rejected", rejected.len());
    report.emit("duplicates", duplicates);
    report.emit(
        "words",
        articles.iter().map(|a| a.word_count as usize).sum(),
    );
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    info!(
        files = files.len(),
        articles = articles.len(),
        rejected = rejected.len(),
        duplicates,
        elapsed_ms = report.elapsed_ms,
        "ingest done"
    );
    Ingested {
        articles,
        rejected,
        inputs,
        report,
    }
}

/// The input files found for a run, with the rejections of discovery already counted.
struct Discovery {
    files: Vec<SourceFile>,
    rejected: Vec<RejectedRow>,
    inputs: Vec<InputFile>,
    report: StageReport,
    options: IngestOptions,
}

/// Finds the run's input files (never its own output) and accounts for the files
/// rejected before reading: a warning, a `rejected` row and an `inputs` entry each.
fn discover(settings: &Settings) -> Discovery {
    let mut report = StageReport::new("ingest");
    let options = IngestOptions {
        max_file_bytes: settings.max_file_bytes,
    };
    let skip = [settings.out.clone(), settings.reports.clone()];
    let discovered = match sitrep_ingest::discover_all(&settings.inputs, &skip) {
        Ok(discovered) => discovered,
        Err(error) => {
            warn!("{error}");
            report.warnings.push(error.to_string());
            sitrep_ingest::Discovered::default()
        }
    };
    let files = discovered.files;
    let rejected = discovered.rejected;
    report.warnings.extend(discovered.warnings);
    let mut inputs = Vec::with_capacity(files.len() + rejected.len());
    for row in &rejected {
        warn!(file = %row.source_path, reason = %row.reason, "rejected: {}", row.detail);
        report.drop_one(&row.reason);
        inputs.push(InputFile {
            path: row.source_path.clone(),
            sha256: None,
            bytes: 0,
            articles: 0,
            rejected: 1,
        });
    }
    report.received = (files.len() + rejected.len()) as u64;
    Discovery {
        files,
        rejected,
        inputs,
        report,
        options,
    }
}

/// Logs and counts one read file's rejections and warnings (the warnings move into
/// the report; the rejected rows stay in the outcome for the `rejected` table).
fn account_file(report: &mut StageReport, outcome: &mut sitrep_ingest::FileOutcome) {
    for row in &outcome.rejected {
        warn!(file = %row.source_path, reason = %row.reason, "rejected: {}", row.detail);
        report.drop_one(&row.reason);
    }
    for warning in &outcome.warnings {
        warn!("{warning}");
    }
    report.warnings.append(&mut outcome.warnings);
}

/// Reads one file (hashing it for the manifest) and ingests it.
fn ingest_one(
    file: &SourceFile,
    options: IngestOptions,
) -> (InputFile, sitrep_ingest::FileOutcome) {
    let read = sitrep_ingest::ingest_source(file, &options);
    let input = InputFile {
        path: file.source_path.clone(),
        sha256: read.sha256,
        bytes: read.bytes,
        articles: read.outcome.articles.len() as u64,
        rejected: read.outcome.rejected.len() as u64,
    };
    (input, read.outcome)
}

/// Writes the reports from the tables in `tables`.
fn report(settings: &Settings, tables: &Path) -> Result<StageReport> {
    let started = Instant::now();
    let options = sitrep_report::ReportOptions {
        network_nationalities: settings.network_nationalities,
    };
    let output = sitrep_report::write_reports_with(tables, &settings.reports, &options)?;
    let mut report = output.report;
    "report".clone_into(&mut report.stage);
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    info!(
        dir = %settings.reports.display(),
        elapsed_ms = report.elapsed_ms,
        "reports written"
    );
    Ok(report)
}

/// One table write, deferred so a batch can run them in parallel.
type WriteJob<'a> = Box<dyn Fn() -> Result<Written, StoreError> + Send + Sync + 'a>;

/// Tables to write together: encoded in parallel (one table per worker),
/// each written atomically, row counts recorded in the manifest.
struct WriteBatch<'a> {
    out: &'a Path,
    options: WriteOptions,
    jobs: Vec<WriteJob<'a>>,
}

impl<'a> WriteBatch<'a> {
    fn new(out: &'a Path, settings: &Settings) -> Self {
        Self {
            out,
            options: WriteOptions {
                csv_safe: settings.csv_safe,
                segments: None,
            },
            jobs: Vec::new(),
        }
    }

    fn add<T: Table + Sync>(&mut self, rows: &'a [T]) -> &mut Self {
        let (out, options) = (self.out, self.options);
        self.jobs.push(Box::new(move || {
            sitrep_store::write_table_with(out, rows, options)
        }));
        self
    }

    /// Writes every table; the report is the `write` stage of the manifest.
    fn run(self, manifest: &mut Manifest) -> Result<StageReport> {
        let started = Instant::now();
        let mut report = StageReport::new("write");
        report.received = self.jobs.len() as u64;
        manifest.csv_safe = self.options.csv_safe;
        let results: Vec<Result<Written, StoreError>> =
            self.jobs.par_iter().map(|job| job()).collect();
        for result in results {
            let written = result?;
            report.emit(written.table, written.rows);
            manifest
                .tables
                .insert(written.table.to_owned(), written.rows as u64);
        }
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        info!(
            tables = report.received,
            dir = %self.out.display(),
            elapsed_ms = report.elapsed_ms,
            "tables written"
        );
        Ok(report)
    }
}

fn finish_manifest(
    out: &Path,
    mut manifest: Manifest,
    reports: impl IntoIterator<Item = StageReport>,
) -> Result<()> {
    let inputs = std::mem::take(&mut manifest.inputs);
    finish_manifest_with(out, manifest, reports, &inputs)
}

/// [`finish_manifest`] with `inputs` written as the manifest's inputs.
fn finish_manifest_with(
    out: &Path,
    mut manifest: Manifest,
    reports: impl IntoIterator<Item = StageReport>,
    inputs: &impl serde::Serialize,
) -> Result<()> {
    "sitrep".clone_into(&mut manifest.tool);
    env!("CARGO_PKG_VERSION").clone_into(&mut manifest.tool_version);
    sitrep_core::SCHEMA_VERSION.clone_into(&mut manifest.schema_version);
    for report in reports {
        manifest.set_stage(report);
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output directory {}", out.display()))?;
    manifest.write_with_inputs(out, inputs)?;
    Ok(())
}

/// A report as pretty JSON (with a final newline) or as `markdown()` gives it.
fn render<T: serde::Serialize>(
    report: &T,
    json: bool,
    markdown: impl FnOnce() -> String,
) -> Result<String> {
    if json {
        let mut text = serde_json::to_string_pretty(report)?;
        text.push('\n');
        Ok(text)
    } else {
        Ok(markdown())
    }
}
