//! sitrep as a library: a batch of ingested articles in, tables out.
//!
//! [`Pipeline::process`] is the one entry point the binary (`sitrep run`),
//! `sitrep eval`, the bench and any shard runner call. It runs the
//! per-article components in parallel (rayon), in chunks of
//! [`Config::chunk_articles`] so only one chunk of documents is in memory,
//! and keeps article order; each article becomes an [`ArticleResult`]
//! (its rows and its within-article resolution). Then [`Pipeline::merge`]
//! resolves entities across the batch:
//!
//! ```text
//! articles ─▶ Doc ─normalise components─▶ paragraphs, sentences, tokens
//!              ─extract components─▶ entities, dates, quantities, quotes, events
//!              ─sink─▶ rows ─resolve within the article─▶ ArticleResult
//! ArticleResults (ingest order) ─merge: resolve across articles─▶ Tables (+ entities, ids)
//! ```
//!
//! Each stage's [`StageReport`] (counts, drops, time, and per-component
//! figures) comes back with the tables for the run manifest. Reading inputs
//! (ingest) and writing tables (store) stay with the caller, which owns the
//! output directory.
//!
//! ```
//! use sitrep_core::tables::Article;
//! use sitrep_pipeline::{Config, Pipeline, Silent};
//!
//! let text = "Syria\n\nIsraeli jets struck Damascus on Monday, Syria said.";
//! let article = Article { article_id: "a1".into(), text: text.into(), ..Article::default() };
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let processed = pipeline.process(&[article], &Silent);
//! let tables = &processed.tables;
//! assert_eq!(tables.sentences.len(), 2);
//! assert!(tables.mentions.iter().any(|m| m.text == "Damascus" && m.entity_id.is_some()));
//! assert_eq!(tables.events[0].trigger, "struck");
//! let stages: Vec<&str> = processed.reports.iter().map(|r| r.stage.as_str()).collect();
//! assert_eq!(stages, ["normalise", "extract", "resolve"]);
//! ```
//!
//! Known misses: ingest and the table writes are not behind this entry point
//! yet (the binary calls `sitrep-ingest` and `sitrep-store` itself).

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;
use sitrep_core::component::{ComponentOrderError, ComponentTally, DocPipeline};
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RelationRow,
    SentenceRow, TokenRow,
};
use sitrep_core::{Doc, KnowledgeBase, StageReport};
use sitrep_extract::Extraction;
use sitrep_normalise::NormaliseTally;
use tracing::{debug, info, warn};

pub use result::{
    ARTICLE_RESULT_VERSION, ArticleResult, FrameReader, FrameWriter, ResultFormatError,
};

mod result;

/// Settings of a [`Pipeline`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Articles normalised and extracted together; bounds memory (default 2,048).
    pub chunk_articles: usize,
    /// Anchor for relative dates in articles without a publication date
    /// (`--anchor-date`); `None` leaves them unresolved.
    pub anchor_date: Option<chrono::NaiveDate>,
    /// Settings of the resolve stage (cross-article match threshold).
    pub resolve: sitrep_resolve::ResolveOptions,
    /// Tag, lemmatise and parse every sentence and fill [`Tables::tokens`]
    /// (`sitrep run --tokens`); off by default: the parser is the slowest step.
    pub tokens: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            chunk_articles: 2048,
            anchor_date: None,
            resolve: sitrep_resolve::ResolveOptions::default(),
            tokens: false,
        }
    }
}

/// What can stop a pipeline from being built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The extract components are in an order that reads a layer before it is written.
    #[error("extract pipeline: {0}")]
    ComponentOrder(#[from] ComponentOrderError),
    /// The configuration cannot work.
    #[error("pipeline configuration: {0}")]
    Config(&'static str),
}

/// Progress of per-article work, for a progress bar; [`Silent`] shows nothing.
pub trait Progress: Sync {
    /// Starts a stage of `total` steps; the returned handle counts them and
    /// ends the stage when dropped.
    fn stage(&self, name: &'static str, total: usize) -> Box<dyn StageProgress + '_>;
}

/// One stage's progress counter (see [`Progress`]).
pub trait StageProgress: Sync {
    /// `steps` more steps are done.
    fn advance(&self, steps: u64);
}

/// The article [`Pipeline::warm_up`] analyses: a dateline, a date, counts,
/// an event and a quote, so every component does some work.
const WARM_UP_TEXT: &str = "Market attack\n\nBAGHDAD - At least 12 people were killed on \
    Monday, March 4, 2024, when gunmen attacked a market in Baghdad, police said. \
    \"We will find them,\" Interior Minister Abdul Amir al-Shammari told reporters.";

/// A chunk of articles after the normalisers, waiting for extraction
/// ([`Pipeline::normalise_chunk`], then [`Pipeline::analyse_normalised`]).
#[derive(Debug)]
pub struct NormalisedChunk {
    docs: Vec<Doc>,
    report: StageReport,
}

impl NormalisedChunk {
    /// Articles in the chunk.
    #[must_use]
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the chunk has no article.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// No progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &'static str, _total: usize) -> Box<dyn StageProgress + '_> {
        Box::new(Silent)
    }
}

impl StageProgress for Silent {
    fn advance(&self, _steps: u64) {}
}

/// The per-article tables of a batch (and `entities`, once resolved).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    /// `sentences` rows (empty when extraction ran from saved sentences).
    pub sentences: Vec<SentenceRow>,
    /// `mentions` rows.
    pub mentions: Vec<MentionRow>,
    /// `entities` rows (filled by [`Pipeline::resolve`]).
    pub entities: Vec<EntityRow>,
    /// `dates` rows.
    pub dates: Vec<DateRow>,
    /// `quantities` rows.
    pub quantities: Vec<QuantityRow>,
    /// `quotes` rows.
    pub quotes: Vec<QuoteRow>,
    /// `events` rows.
    pub events: Vec<EventRow>,
    /// `relations` rows.
    pub relations: Vec<RelationRow>,
    /// `tokens` rows (only with [`Config::tokens`]).
    pub tokens: Vec<TokenRow>,
}

impl Tables {
    /// Moves the rows of `other` to the end of these.
    pub fn append(&mut self, mut other: Tables) {
        self.sentences.append(&mut other.sentences);
        self.mentions.append(&mut other.mentions);
        self.entities.append(&mut other.entities);
        self.dates.append(&mut other.dates);
        self.quantities.append(&mut other.quantities);
        self.quotes.append(&mut other.quotes);
        self.events.append(&mut other.events);
        self.relations.append(&mut other.relations);
        self.tokens.append(&mut other.tokens);
    }

    /// Adds one article's extracted rows.
    fn push(&mut self, extraction: Extraction) {
        self.mentions.extend(extraction.mentions);
        self.dates.extend(extraction.dates);
        self.quantities.extend(extraction.quantities);
        self.quotes.extend(extraction.quotes);
        self.events.extend(extraction.events);
        self.relations.extend(extraction.relations);
    }
}

/// Tables of a processed batch with the reports of the stages that made them.
#[derive(Debug, Clone, Default)]
pub struct Processed {
    /// The tables.
    pub tables: Tables,
    /// One report per stage run (`normalise`, `extract`, `resolve`), in order.
    pub reports: Vec<StageReport>,
}

/// The cross-article step fed one [`ArticleResult`] at a time: it keeps
/// only compact keys of each article's within-article clusters
/// ([`sitrep_resolve::CorpusResolver`]), not its rows, and with
/// [`CrossArticle::spill_to`] keeps even those on disk, so memory grows with
/// the corpus's distinct names and its articles (a few integers each), not
/// with its clusters, mentions, events and quotes. [`CrossArticle::finish`]
/// gives the `entities` rows and a [`sitrep_resolve::CorpusResolution`]
/// that fills the entity ids of each article's mentions on a second pass
/// over the results (article `i` is the `i`-th added).
#[derive(Debug, Default)]
pub struct CrossArticle {
    resolver: sitrep_resolve::CorpusResolver,
}

impl CrossArticle {
    /// A cross-article step keeping its per-cluster data in files of `dir`
    /// (removed when done); same result as [`CrossArticle::default`].
    ///
    /// # Errors
    ///
    /// When the first file cannot be created.
    pub fn spill_to(dir: &std::path::Path) -> std::io::Result<Self> {
        Ok(Self {
            resolver: sitrep_resolve::CorpusResolver::spill_to(dir)?,
        })
    }

    /// Keeps what resolution needs of `result` (its rows stay).
    ///
    /// # Errors
    ///
    /// When spilling, if the file cannot be written.
    pub fn add(&mut self, result: &ArticleResult) -> std::io::Result<()> {
        self.resolver
            .add(&result.article_id, &result.mentions, &result.resolution)
    }

    /// Resolves across the articles added: the entities and the entity of
    /// every cluster, and the `resolve` report without its `events` and
    /// `quotes` counts (which the caller adds as it writes them).
    ///
    /// # Errors
    ///
    /// When spilling, if a file cannot be written or read.
    pub fn finish(
        self,
        pipeline: &Pipeline,
    ) -> std::io::Result<(sitrep_resolve::CorpusResolution, StageReport)> {
        let started = Instant::now();
        let mut resolution = self.resolver.finish(
            pipeline.knowledge_base,
            &pipeline.config.resolve,
            pipeline.config.resolve.overrides(),
        )?;
        let mut report = std::mem::take(&mut resolution.report);
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        info!(
            entities = resolution.entities.len(),
            elapsed_ms = report.elapsed_ms,
            "resolve done"
        );
        Ok((resolution, report))
    }
}

/// The per-article components and the resolver, built once (see the crate docs).
#[derive(Debug)]
pub struct Pipeline {
    config: Config,
    normalise: &'static sitrep_normalise::Pipeline,
    extract: DocPipeline,
    knowledge_base: &'static KnowledgeBase,
}

impl Pipeline {
    /// A pipeline with the standard components and the built-in knowledge base.
    pub fn new(config: Config) -> Result<Self, PipelineError> {
        if config.chunk_articles == 0 {
            return Err(PipelineError::Config("chunk_articles must be at least 1"));
        }
        Ok(Self {
            config,
            normalise: sitrep_normalise::standard(),
            extract: DocPipeline::after(sitrep_extract::INPUT_LAYERS, {
                let mut components = sitrep_extract::components_with_anchor(config.anchor_date);
                if config.tokens {
                    // After the mention finder: the parse keeps its names whole.
                    components.insert(1, Box::new(sitrep_syntax::SyntaxAnnotator::new()));
                }
                components
            })?,
            knowledge_base: KnowledgeBase::linking(),
        })
    }

    /// Runs the per-article work once on a short made-up article, so that
    /// what the components load on first use (the syntax model, compiled
    /// grammars) is loaded now, for example while the input is read, rather
    /// than by one worker thread while the others wait for it.
    pub fn warm_up(&self) {
        let article = Article {
            article_id: "warm-up".into(),
            text: WARM_UP_TEXT.into(),
            ..Article::default()
        };
        let _ = self.analyse_chunk(vec![article], &Silent);
    }

    /// Normalises, extracts and resolves `articles`: every per-article table
    /// plus `entities`, and the `normalise`, `extract` and `resolve` reports.
    /// The same as [`Pipeline::analyse_articles`] then [`Pipeline::merge`].
    #[must_use]
    pub fn process(&self, articles: &[Article], progress: &dyn Progress) -> Processed {
        let (results, normalise_report, extract_report) = self.analyse_articles(articles, progress);
        let (tables, resolve_report) = self.merge(results);
        Processed {
            tables,
            reports: vec![normalise_report, extract_report, resolve_report],
        }
    }

    /// The per-article work on `articles`, chunk by chunk: one
    /// [`ArticleResult`] per article, in input order, and the `normalise`
    /// and `extract` reports (times summed over chunks).
    #[must_use]
    pub fn analyse_articles(
        &self,
        articles: &[Article],
        progress: &dyn Progress,
    ) -> (Vec<ArticleResult>, StageReport, StageReport) {
        let bar = progress.stage("analyse", articles.len() * 2);
        let mut results = Vec::with_capacity(articles.len());
        let mut normalise_report = StageReport::new("normalise");
        let mut extract_report = StageReport::new("extract");
        for chunk in articles.chunks(self.config.chunk_articles) {
            let (part, normalised, extracted) = self.analyse_chunk(chunk.to_vec(), &*bar);
            normalise_report.absorb(normalised);
            extract_report.absorb(extracted);
            results.extend(part);
        }
        drop(bar);
        log_stage(&normalise_report);
        log_stage(&extract_report);
        (results, normalise_report, extract_report)
    }

    /// The per-article work on one chunk of articles (in parallel, order
    /// kept): their [`ArticleResult`]s and this chunk's `normalise` and
    /// `extract` reports. `bar` advances twice per article.
    #[must_use]
    pub fn analyse_chunk(
        &self,
        chunk: Vec<Article>,
        bar: &dyn StageProgress,
    ) -> (Vec<ArticleResult>, StageReport, StageReport) {
        self.analyse_normalised(self.normalise_chunk(chunk, bar), bar)
    }

    /// The first half of [`Pipeline::analyse_chunk`]: the normalisers on
    /// every article of `chunk` (`bar` advances once per article). A caller
    /// can normalise the next chunk while this one is extracted.
    #[must_use]
    pub fn normalise_chunk(&self, chunk: Vec<Article>, bar: &dyn StageProgress) -> NormalisedChunk {
        let (docs, report) = self.normalise_docs(chunk, bar);
        NormalisedChunk { docs, report }
    }

    /// The second half of [`Pipeline::analyse_chunk`]: extraction and the
    /// per-article resolve step on a normalised chunk (`bar` advances once
    /// per article).
    #[must_use]
    pub fn analyse_normalised(
        &self,
        chunk: NormalisedChunk,
        bar: &dyn StageProgress,
    ) -> (Vec<ArticleResult>, StageReport, StageReport) {
        let NormalisedChunk {
            mut docs,
            report: normalise_report,
        } = chunk;
        let (per_doc, extract_report) = self.extract_each(&mut docs, bar);
        let kb = self.knowledge_base;
        let results = docs
            .into_par_iter()
            .zip(per_doc)
            .map(|(doc, (extraction, tokens))| {
                let mut mentions = extraction.mentions;
                let resolution = sitrep_resolve::resolve_article(&mut mentions, kb);
                ArticleResult {
                    article_id: doc.article.article_id.clone(),
                    sentences: doc.sentence_rows(),
                    mentions,
                    events: extraction.events,
                    quotes: extraction.quotes,
                    dates: extraction.dates,
                    quantities: extraction.quantities,
                    relations: extraction.relations,
                    tokens,
                    resolution,
                }
            })
            .collect();
        (results, normalise_report, extract_report)
    }

    /// The cross-article step over per-article `results` in canonical
    /// (ingest) order: resolves entities across them and returns every
    /// table (per-article tables in the order of `results`) with the
    /// `resolve` report. `sitrep run` does the same streaming, with [`CrossArticle`].
    #[must_use]
    pub fn merge(&self, results: Vec<ArticleResult>) -> (Tables, StageReport) {
        let started = Instant::now();
        let mut articles = Vec::with_capacity(results.len());
        let mut events = Vec::new();
        let mut quotes = Vec::new();
        let mut tables = Tables::default();
        for result in results {
            articles.push(sitrep_resolve::ResolvedArticle {
                mentions: result.mentions,
                resolution: result.resolution,
            });
            events.extend(result.events);
            quotes.extend(result.quotes);
            tables.sentences.extend(result.sentences);
            tables.dates.extend(result.dates);
            tables.quantities.extend(result.quantities);
            tables.relations.extend(result.relations);
            tables.tokens.extend(result.tokens);
        }
        let output = sitrep_resolve::resolve_articles(
            articles,
            events,
            quotes,
            self.knowledge_base,
            &self.config.resolve,
            self.config.resolve.overrides(),
        );
        let report = self.take_resolved(&mut tables, output, started);
        link_relations(&mut tables.relations, &tables.mentions);
        (tables, report)
    }

    /// Normalise then extract, chunk by chunk; returns the rows (sentences
    /// included, no entities) and the two stages' reports, with their times
    /// summed over chunks.
    #[must_use]
    pub fn analyse(
        &self,
        articles: &[Article],
        progress: &dyn Progress,
    ) -> (Tables, StageReport, StageReport) {
        let bar = progress.stage("analyse", articles.len() * 2);
        let mut tables = Tables::default();
        let mut normalise_report = StageReport::new("normalise");
        let mut extract_report = StageReport::new("extract");
        for chunk in articles.chunks(self.config.chunk_articles) {
            let (mut docs, report) = self.normalise_docs(chunk.to_vec(), &*bar);
            normalise_report.absorb(report);
            let (part, report) = self.extract_docs(&mut docs, &*bar);
            extract_report.absorb(report);
            tables
                .sentences
                .extend(docs.iter().flat_map(Doc::sentence_rows));
            tables.append(part);
        }
        drop(bar);
        log_stage(&normalise_report);
        log_stage(&extract_report);
        (tables, normalise_report, extract_report)
    }

    /// The `sentences` table of `articles`, and the `normalise` report.
    #[must_use]
    pub fn normalise(
        &self,
        articles: &[Article],
        progress: &dyn Progress,
    ) -> (Vec<SentenceRow>, StageReport) {
        let bar = progress.stage("normalise", articles.len());
        let mut report = StageReport::new("normalise");
        let mut sentences = Vec::new();
        for chunk in articles.chunks(self.config.chunk_articles) {
            let (docs, part) = self.normalise_docs(chunk.to_vec(), &*bar);
            report.absorb(part);
            sentences.extend(docs.iter().flat_map(Doc::sentence_rows));
        }
        drop(bar);
        log_stage(&report);
        (sentences, report)
    }

    /// Extraction from persisted `articles` and their `sentences` rows (as
    /// `sitrep extract` re-runs it): an article whose sentences don't fit its
    /// text is skipped, counted as dropped and named in a warning.
    #[must_use]
    pub fn extract_saved(
        &self,
        articles: &[Article],
        sentences: &[SentenceRow],
        progress: &dyn Progress,
    ) -> (Tables, StageReport) {
        let by_article = group_sentences(sentences);
        let bar = progress.stage("extract", articles.len());
        let mut report = StageReport::new("extract");
        let mut tables = Tables::default();
        for chunk in articles.chunks(self.config.chunk_articles) {
            let (mut docs, warnings) = rebuild(chunk.to_vec(), &by_article);
            let (part, mut part_report) = self.extract_docs(&mut docs, &*bar);
            part_report.received += warnings.len() as u64;
            for warning in warnings {
                part_report.drop_one("sentences_do_not_fit_text");
                part_report.warnings.push(warning);
            }
            report.absorb(part_report);
            tables.append(part);
        }
        drop(bar);
        log_stage(&report);
        (tables, report)
    }

    /// Resolves the mentions of `tables` into `entities` (across the whole
    /// batch) and fills the entity ids of mentions, events, quotes and relations.
    pub fn resolve(&self, tables: &mut Tables) -> StageReport {
        let started = Instant::now();
        let input = sitrep_resolve::ResolveInput {
            mentions: std::mem::take(&mut tables.mentions),
            events: std::mem::take(&mut tables.events),
            quotes: std::mem::take(&mut tables.quotes),
        };
        let output = sitrep_resolve::resolve_with(input, self.knowledge_base, &self.config.resolve);
        let report = self.take_resolved(tables, output, started);
        link_relations(&mut tables.relations, &tables.mentions);
        report
    }

    /// Moves resolved rows into `tables`; the `resolve` report.
    #[expect(clippy::unused_self, reason = "a method like the stages it ends")]
    fn take_resolved(
        &self,
        tables: &mut Tables,
        output: sitrep_resolve::ResolveOutput,
        started: Instant,
    ) -> StageReport {
        tables.mentions = output.mentions;
        tables.events = output.events;
        tables.quotes = output.quotes;
        tables.entities = output.entities;
        let mut report = output.report;
        "resolve".clone_into(&mut report.stage);
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        info!(
            entities = tables.entities.len(),
            elapsed_ms = report.elapsed_ms,
            "resolve done"
        );
        report
    }

    fn normalise_docs(
        &self,
        articles: Vec<Article>,
        bar: &dyn StageProgress,
    ) -> (Vec<Doc>, StageReport) {
        let started = Instant::now();
        let mut report = StageReport::new("normalise");
        report.received = articles.len() as u64;
        let pipeline = self.normalise;
        let (docs, tallies): (Vec<Doc>, Vec<NormaliseTally>) = articles
            .into_par_iter()
            .map(|article| {
                let mut tally = pipeline.tally();
                let doc = pipeline.run_counted(article, &mut tally);
                bar.advance(1);
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

    fn extract_docs(&self, docs: &mut [Doc], bar: &dyn StageProgress) -> (Tables, StageReport) {
        let (per_doc, report) = self.extract_each(docs, bar);
        let mut tables = Tables::default();
        for (extraction, mut token_rows) in per_doc {
            tables.push(extraction);
            tables.tokens.append(&mut token_rows);
        }
        (tables, report)
    }

    /// Extraction on each document (in parallel, order kept): its rows and
    /// token rows, and the `extract` report.
    fn extract_each(
        &self,
        docs: &mut [Doc],
        bar: &dyn StageProgress,
    ) -> (Vec<DocRows>, StageReport) {
        let started = Instant::now();
        let mut report = StageReport::new("extract");
        report.received = docs.len() as u64;
        let pipeline = &self.extract;
        let kb = self.knowledge_base;
        let tokens = self.config.tokens;
        // Per document, after the components: its rows, with the steps that
        // need the whole article's mentions.
        let finish = |doc: &Doc| {
            let mut extraction = sitrep_extract::sink::rows(doc);
            sitrep_resolve::annotate_mentions(doc, &mut extraction.mentions, kb);
            sitrep_extract::sink::push_nested_mentions(doc, &mut extraction.mentions);
            sitrep_resolve::speakers_from_antecedents(&mut extraction.quotes, &extraction.mentions);
            sitrep_resolve::roles_from_antecedents(
                doc,
                &mut extraction.events,
                &extraction.mentions,
            );
            let token_rows = if tokens {
                sitrep_syntax::token_rows(doc)
            } else {
                Vec::new()
            };
            bar.advance(1);
            (extraction, token_rows)
        };
        let per_batch: Vec<(Vec<DocRows>, ComponentTally)> = docs
            .par_chunks_mut(EXTRACT_BATCH)
            .map(|batch| {
                let mut tally = pipeline.tally();
                pipeline.annotate_batch_counted(batch, &mut tally);
                (batch.iter().map(finish).collect(), tally)
            })
            .collect();
        let mut tally = pipeline.tally();
        let mut counts = [0_usize; 7];
        let mut rows: Vec<DocRows> = Vec::with_capacity(docs.len());
        for (batch_rows, part) in per_batch {
            tally.absorb(&part);
            for (extraction, token_rows) in &batch_rows {
                for (count, n) in counts.iter_mut().zip([
                    extraction.mentions.len(),
                    extraction.dates.len(),
                    extraction.quantities.len(),
                    extraction.quotes.len(),
                    extraction.events.len(),
                    extraction.relations.len(),
                    token_rows.len(),
                ]) {
                    *count += n;
                }
            }
            rows.extend(batch_rows);
        }
        report.add_components(pipeline.reports(&tally));
        let [
            mentions,
            dates,
            quantities,
            quotes,
            events,
            relations,
            token_count,
        ] = counts;
        report.emit("mentions", mentions);
        report.emit("dates", dates);
        report.emit("quantities", quantities);
        report.emit("quotes", quotes);
        report.emit("events", events);
        report.emit("relations", relations);
        if tokens {
            report.emit("tokens", token_count);
        }
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        debug!(
            mentions,
            events,
            quotes,
            elapsed_ms = report.elapsed_ms,
            "extracted"
        );
        (rows, report)
    }
}

/// One document's rows and (with `--tokens`) token rows.
type DocRows = (Extraction, Vec<TokenRow>);

/// Documents a worker takes at a time through the extraction components,
/// component by component ([`DocPipeline::annotate_batch_counted`]): enough
/// for each component's model to stay in cache over a run of documents.
const EXTRACT_BATCH: usize = 64;

/// Fills `source_id` and `target_id` of `relations` from the entity ids of
/// resolved `mentions`; a participant whose mention did not resolve keeps
/// no id.
pub fn link_relations(relations: &mut [RelationRow], mentions: &[MentionRow]) {
    if !relations.is_empty() {
        RelationLinker::new(mentions).link(relations);
    }
}

/// The entity id of each resolved mention, to fill the ids of relations
/// one article at a time ([`link_relations`] for a whole table).
#[derive(Debug)]
pub struct RelationLinker<'m> {
    entity_of: HashMap<&'m str, &'m str>,
}

impl<'m> RelationLinker<'m> {
    /// The ids of resolved `mentions`.
    #[must_use]
    pub fn new(mentions: &'m [MentionRow]) -> Self {
        Self {
            entity_of: mentions
                .iter()
                .filter_map(|m| Some((m.mention_id.as_str(), m.entity_id.as_deref()?)))
                .collect(),
        }
    }

    /// Fills `source_id` and `target_id` of `relations`.
    pub fn link(&self, relations: &mut [RelationRow]) {
        let lookup = |mention: Option<&String>| {
            mention
                .and_then(|id| self.entity_of.get(id.as_str()))
                .map(|e| (*e).to_owned())
        };
        for relation in relations {
            relation.source_id = lookup(relation.source_mention_id.as_ref());
            relation.target_id = lookup(relation.target_mention_id.as_ref());
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article {
            article_id: id.into(),
            text: text.into(),
            ..Article::default()
        }
    }

    #[test]
    fn chunking_does_not_change_the_tables() {
        let articles = [
            article("a1", "Strike\n\nIsrael struck Beirut on Oct. 17, 2023."),
            article("a2", "Talks\n\nBlinken met al-Sudani in Baghdad."),
            article("a3", "Toll\n\nAt least 60 US personnel were injured."),
        ];
        let whole = Pipeline::new(Config::default()).unwrap();
        let by_one = Pipeline::new(Config {
            chunk_articles: 1,
            ..Config::default()
        })
        .unwrap();
        let a = whole.process(&articles, &Silent);
        let b = by_one.process(&articles, &Silent);
        assert_eq!(a.tables, b.tables);
        assert_eq!(a.tables.quantities[0].text, "At least 60 US personnel");
        assert_eq!(a.reports[1].components[0].docs, 3);
        assert!(
            Pipeline::new(Config {
                chunk_articles: 0,
                ..Config::default()
            })
            .is_err()
        );
    }

    #[test]
    fn extraction_from_saved_sentences_matches_and_skips_what_does_not_fit() {
        let articles = [
            article(
                "a1",
                "Strike\n\nIsrael struck Beirut. Hezbollah said it fired back.",
            ),
            article("a2", "Talks\n\nBlinken met al-Sudani in Baghdad."),
        ];
        let pipeline = Pipeline::new(Config::default()).unwrap();
        let (full, _, _) = pipeline.analyse(&articles, &Silent);
        let (saved, report) = pipeline.extract_saved(&articles, &full.sentences, &Silent);
        assert_eq!(saved.mentions, full.mentions);
        assert_eq!(saved.events, full.events);
        assert!(saved.sentences.is_empty());
        let mut broken = full.sentences.clone();
        broken[0].end += 1000;
        let (part, report_broken) = pipeline.extract_saved(&articles, &broken, &Silent);
        assert!(part.mentions.iter().all(|m| m.article_id == "a2"));
        assert_eq!(report.dropped.len(), 0);
        assert_eq!(report_broken.dropped["sentences_do_not_fit_text"], 1);
        assert!(report_broken.warnings[0].contains("a1"));
    }
}
