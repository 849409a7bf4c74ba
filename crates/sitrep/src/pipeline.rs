//! The staged pipeline: ingest → normalise → extract → resolve → report.
//!
//! `sitrep run` keeps every layer in memory and writes each table once; the
//! single-stage commands read the previous stage's tables from `--out` and
//! write their own, so a user can re-run one stage. Per-article stages run in
//! parallel (rayon) and keep article order, so output never depends on
//! scheduling.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;
use sitrep_core::component::ComponentTally;
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow,
    SentenceRow,
};
use sitrep_core::{Doc, KnowledgeBase, StageReport, Table};
use sitrep_extract::Extraction;
use sitrep_ingest::IngestOptions;
use sitrep_normalise::NormaliseTally;
use sitrep_store::{InputFile, Manifest, StoreError, Written};
use tracing::{debug, info, warn};

use crate::cli::{EXIT_OK, EXIT_REJECTED, EvalSuite, Settings, Stages};
use crate::progress;

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
        Stages::All => run_all(settings),
        Stages::Eval {
            suite,
            all_mentions,
            json,
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
                EvalSuite::Dates | EvalSuite::Numbers | EvalSuite::Sentences => {
                    let report = match suite {
                        EvalSuite::Dates => sitrep_eval::evaluate_dates(gold)?,
                        EvalSuite::Numbers => sitrep_eval::evaluate_numbers(gold)?,
                        _ => sitrep_eval::evaluate_sentences(gold)?,
                    };
                    render(&report, json, || report.to_markdown())?
                }
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Ingest => {
            let ingested = ingest(settings);
            let rejected = ingested.rejected.len();
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(out);
            batch.add(&ingested.articles).add(&ingested.rejected);
            let write_report = batch.run(&mut manifest)?;
            manifest.inputs = ingested.inputs;
            finish_manifest(out, manifest, [ingested.report, write_report])?;
            Ok(Outcome { rejected })
        }
        Stages::Normalise => {
            let articles: Vec<Article> = sitrep_store::read_table(out)?;
            let bar = progress::bar(articles.len(), "normalise", settings.progress);
            let mut report = StageReport::new("normalise");
            let mut sentences: Vec<SentenceRow> = Vec::new();
            for chunk in articles.chunks(CHUNK_ARTICLES) {
                let (docs, part) = normalise(chunk.to_vec(), &bar);
                report.absorb(part);
                sentences.extend(docs.iter().flat_map(Doc::sentence_rows));
            }
            bar.finish_and_clear();
            log_stage(&report);
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(out);
            batch.add(&sentences);
            let write_report = batch.run(&mut manifest)?;
            finish_manifest(out, manifest, [report, write_report])?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Extract => {
            let articles: Vec<Article> = sitrep_store::read_table(out)?;
            let sentences: Vec<SentenceRow> = sitrep_store::read_table(out)?;
            let by_article = group_sentences(&sentences);
            let bar = progress::bar(articles.len(), "extract", settings.progress);
            let mut report = StageReport::new("extract");
            let mut tables = Extracted::default();
            for chunk in articles.chunks(CHUNK_ARTICLES) {
                let (mut docs, warnings) = rebuild(chunk.to_vec(), &by_article);
                let (part, mut part_report) = extract(&mut docs, &bar);
                part_report.received += warnings.len() as u64;
                for warning in warnings {
                    part_report.drop_one("sentences_do_not_fit_text");
                    part_report.warnings.push(warning);
                }
                report.absorb(part_report);
                tables.append(part);
            }
            bar.finish_and_clear();
            log_stage(&report);
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(out);
            tables.add_to(&mut batch);
            let write_report = batch.run(&mut manifest)?;
            finish_manifest(out, manifest, [report, write_report])?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Resolve => {
            let mut tables = Extracted {
                mentions: sitrep_store::read_table(out)?,
                events: sitrep_store::read_table(out)?,
                quotes: sitrep_store::read_table(out)?,
                ..Extracted::default()
            };
            let (entities, report) = resolve(&mut tables);
            let mut manifest = Manifest::load_or_default(out);
            let mut batch = WriteBatch::new(out);
            batch
                .add(&entities)
                .add(&tables.mentions)
                .add(&tables.events)
                .add(&tables.quotes);
            let write_report = batch.run(&mut manifest)?;
            finish_manifest(out, manifest, [report, write_report])?;
            Ok(Outcome { rejected: 0 })
        }
        Stages::Report => {
            let report = report(settings)?;
            finish_manifest(out, Manifest::load_or_default(out), [report])?;
            Ok(Outcome { rejected: 0 })
        }
    }
}

fn run_all(settings: &Settings) -> Result<Outcome> {
    let out = settings.out.as_path();
    let ingested = ingest(settings);
    let rejected = ingested.rejected.len();
    let (mut tables, normalise_report, extract_report) =
        analyse(&ingested.articles, settings.progress);
    let (entities, resolve_report) = resolve(&mut tables);

    let mut manifest = Manifest::default();
    let mut batch = WriteBatch::new(out);
    batch
        .add(&ingested.articles)
        .add(&ingested.rejected)
        .add(&entities);
    tables.add_to(&mut batch);
    let write_report = batch.run(&mut manifest)?;
    manifest.inputs = ingested.inputs;
    let report_report = report(settings)?;
    finish_manifest(
        out,
        manifest,
        [
            ingested.report,
            normalise_report,
            extract_report,
            resolve_report,
            write_report,
            report_report,
        ],
    )?;
    info!(
        articles = ingested.articles.len(),
        rejected,
        mentions = tables.mentions.len(),
        entities = entities.len(),
        events = tables.events.len(),
        quotes = tables.quotes.len(),
        tables = %out.display(),
        reports = %settings.reports.display(),
        "run complete"
    );
    Ok(Outcome { rejected })
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
    let mut report = StageReport::new("ingest");
    let options = IngestOptions {
        max_file_bytes: settings.max_file_bytes,
    };
    let (files, mut rejected) = match sitrep_ingest::discover(&settings.inputs) {
        Ok(files) => (files, Vec::new()),
        Err(error) => {
            warn!("{error}");
            report.warnings.push(error.to_string());
            (Vec::new(), Vec::new())
        }
    };
    report.received = files.len() as u64;
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
    let mut inputs = Vec::with_capacity(outcomes.len());
    for (input, outcome) in outcomes {
        for row in &outcome.rejected {
            warn!(file = %row.source_path, reason = %row.reason, "rejected: {}", row.detail);
            report.drop_one(&row.reason);
        }
        report.warnings.extend(outcome.warnings);
        articles.extend(outcome.articles);
        rejected.extend(outcome.rejected);
        inputs.push(input);
    }
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

/// Reads one file (hashing it for the manifest) and ingests it.
fn ingest_one(path: &Path, options: IngestOptions) -> (InputFile, sitrep_ingest::FileOutcome) {
    let display = path.to_string_lossy().replace('\\', "/");
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let (sha256, outcome) = if size > options.max_file_bytes {
        (None, sitrep_ingest::ingest_file(path, &options))
    } else {
        match std::fs::read(path) {
            Ok(bytes) => (
                Some(sitrep_core::ids::sha256_hex(&bytes)),
                sitrep_ingest::ingest_bytes(&display, &bytes),
            ),
            Err(_) => (None, sitrep_ingest::ingest_file(path, &options)),
        }
    };
    let input = InputFile {
        path: display,
        sha256,
        bytes: size,
        articles: outcome.articles.len() as u64,
        rejected: outcome.rejected.len() as u64,
    };
    (input, outcome)
}

fn normalise(articles: Vec<Article>, bar: &ProgressBar) -> (Vec<Doc>, StageReport) {
    let started = Instant::now();
    let mut report = StageReport::new("normalise");
    report.received = articles.len() as u64;
    let pipeline = sitrep_normalise::standard();
    let (docs, tallies): (Vec<Doc>, Vec<NormaliseTally>) = articles
        .into_par_iter()
        .map(|article| {
            let mut tally = pipeline.tally();
            let doc = pipeline.run_counted(article, &mut tally);
            bar.inc(1);
            (doc, tally)
        })
        .unzip();
    let mut tally = pipeline.tally();
    for part in &tallies {
        tally.absorb(part);
    }
    report.add_components(pipeline.reports(&tally));
    report.emit("docs", docs.len());
    report.emit("sentences", docs.iter().map(|d| d.sentences.len()).sum());
    report.emit("tokens", docs.iter().map(|d| d.tokens.len()).sum());
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    debug!(
        docs = docs.len(),
        elapsed_ms = report.elapsed_ms,
        "normalised"
    );
    (docs, report)
}

/// Articles normalised and extracted together, so that only one chunk of
/// documents (with their offset maps and tokens) is in memory at a time.
const CHUNK_ARTICLES: usize = 2048;

/// Normalise then extract, chunk by chunk; returns the rows (sentences
/// included) and the two stages' reports, with their times summed over chunks.
fn analyse(articles: &[Article], show_progress: bool) -> (Extracted, StageReport, StageReport) {
    let bar = progress::bar(articles.len() * 2, "analyse", show_progress);
    let mut tables = Extracted::default();
    let mut normalise_report = StageReport::new("normalise");
    let mut extract_report = StageReport::new("extract");
    for chunk in articles.chunks(CHUNK_ARTICLES) {
        let (mut docs, report) = normalise(chunk.to_vec(), &bar);
        normalise_report.absorb(report);
        let (part, report) = extract(&mut docs, &bar);
        extract_report.absorb(report);
        tables
            .sentences
            .extend(docs.iter().flat_map(Doc::sentence_rows));
        tables.append(part);
    }
    bar.finish_and_clear();
    log_stage(&normalise_report);
    log_stage(&extract_report);
    (tables, normalise_report, extract_report)
}

/// One info line for a finished stage: its counts and time.
fn log_stage(report: &StageReport) {
    info!(
        received = report.received,
        emitted = ?report.emitted,
        elapsed_ms = report.elapsed_ms,
        "{} done",
        report.stage
    );
}

/// Persisted sentence rows grouped by article, in table order.
fn group_sentences(sentences: &[SentenceRow]) -> HashMap<&str, Vec<SentenceRow>> {
    let mut by_article: HashMap<&str, Vec<SentenceRow>> = HashMap::new();
    for row in sentences {
        by_article
            .entry(row.article_id.as_str())
            .or_default()
            .push(row.clone());
    }
    by_article
}

/// Rebuilds documents from persisted articles and their sentences; an article
/// whose sentences don't fit its text is skipped with a warning.
fn rebuild(
    articles: Vec<Article>,
    by_article: &HashMap<&str, Vec<SentenceRow>>,
) -> (Vec<Doc>, Vec<String>) {
    let results: Vec<Result<Doc, String>> = articles
        .into_par_iter()
        .map(|article| {
            let rows = by_article
                .get(article.article_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            sitrep_normalise::rebuild(article, rows).map_err(|e| e.to_string())
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for result in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(message) => {
                warn!("{message}");
                warnings.push(message);
            }
        }
    }
    (docs, warnings)
}

/// Rows of the per-article tables after extraction.
#[derive(Default)]
struct Extracted {
    sentences: Vec<SentenceRow>,
    mentions: Vec<MentionRow>,
    dates: Vec<DateRow>,
    quantities: Vec<QuantityRow>,
    quotes: Vec<QuoteRow>,
    events: Vec<EventRow>,
}

impl Extracted {
    /// Moves the rows of `other` to the end of these.
    fn append(&mut self, mut other: Extracted) {
        self.sentences.append(&mut other.sentences);
        self.mentions.append(&mut other.mentions);
        self.dates.append(&mut other.dates);
        self.quantities.append(&mut other.quantities);
        self.quotes.append(&mut other.quotes);
        self.events.append(&mut other.events);
    }

    /// Adds the extracted tables (and sentences, when present) to `batch`.
    fn add_to<'a>(&'a self, batch: &mut WriteBatch<'a>) {
        if !self.sentences.is_empty() {
            batch.add(&self.sentences);
        }
        batch
            .add(&self.mentions)
            .add(&self.dates)
            .add(&self.quantities)
            .add(&self.quotes)
            .add(&self.events);
    }
}

fn extract(docs: &mut [Doc], bar: &ProgressBar) -> (Extracted, StageReport) {
    let started = Instant::now();
    let mut report = StageReport::new("extract");
    report.received = docs.len() as u64;
    let pipeline = sitrep_extract::default_pipeline();
    let per_doc: Vec<(Extraction, ComponentTally)> = docs
        .par_iter_mut()
        .map(|doc| {
            let mut tally = pipeline.tally();
            pipeline.annotate_counted(doc, &mut tally);
            let extraction = sitrep_extract::sink::rows(doc);
            bar.inc(1);
            (extraction, tally)
        })
        .collect();
    let mut tables = Extracted::default();
    let mut tally = pipeline.tally();
    for (extraction, part) in per_doc {
        tally.absorb(&part);
        tables.mentions.extend(extraction.mentions);
        tables.dates.extend(extraction.dates);
        tables.quantities.extend(extraction.quantities);
        tables.quotes.extend(extraction.quotes);
        tables.events.extend(extraction.events);
    }
    report.add_components(pipeline.reports(&tally));
    report.emit("mentions", tables.mentions.len());
    report.emit("dates", tables.dates.len());
    report.emit("quantities", tables.quantities.len());
    report.emit("quotes", tables.quotes.len());
    report.emit("events", tables.events.len());
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    debug!(
        mentions = tables.mentions.len(),
        events = tables.events.len(),
        quotes = tables.quotes.len(),
        elapsed_ms = report.elapsed_ms,
        "extracted"
    );
    (tables, report)
}

fn resolve(tables: &mut Extracted) -> (Vec<EntityRow>, StageReport) {
    let started = Instant::now();
    let input = sitrep_resolve::ResolveInput {
        mentions: std::mem::take(&mut tables.mentions),
        events: std::mem::take(&mut tables.events),
        quotes: std::mem::take(&mut tables.quotes),
    };
    let output = sitrep_resolve::resolve(input, KnowledgeBase::builtin());
    tables.mentions = output.mentions;
    tables.events = output.events;
    tables.quotes = output.quotes;
    let mut report = output.report;
    "resolve".clone_into(&mut report.stage);
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    info!(
        entities = output.entities.len(),
        elapsed_ms = report.elapsed_ms,
        "resolve done"
    );
    (output.entities, report)
}

fn report(settings: &Settings) -> Result<StageReport> {
    let started = Instant::now();
    let output = sitrep_report::write_reports(&settings.out, &settings.reports)?;
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
    jobs: Vec<WriteJob<'a>>,
}

impl<'a> WriteBatch<'a> {
    fn new(out: &'a Path) -> Self {
        Self {
            out,
            jobs: Vec::new(),
        }
    }

    fn add<T: Table + Sync>(&mut self, rows: &'a [T]) -> &mut Self {
        let out = self.out;
        self.jobs
            .push(Box::new(move || sitrep_store::write_table(out, rows)));
        self
    }

    /// Writes every table; the report is the `write` stage of the manifest.
    fn run(self, manifest: &mut Manifest) -> Result<StageReport> {
        let started = Instant::now();
        let mut report = StageReport::new("write");
        report.received = self.jobs.len() as u64;
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

fn finish_manifest<const N: usize>(
    out: &Path,
    mut manifest: Manifest,
    reports: [StageReport; N],
) -> Result<()> {
    "sitrep".clone_into(&mut manifest.tool);
    env!("CARGO_PKG_VERSION").clone_into(&mut manifest.tool_version);
    sitrep_core::SCHEMA_VERSION.clone_into(&mut manifest.schema_version);
    for report in reports {
        manifest.set_stage(report);
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output directory {}", out.display()))?;
    manifest.write(out)?;
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
