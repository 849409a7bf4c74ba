//! Command-line arguments and the validated settings built from them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::syntax_cmd::SyntaxCommand;

/// Exit code: the run succeeded (rejected inputs are listed in `rejected`).
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the run itself failed (unwritable output, missing stage input).
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit code: bad arguments.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code: `--strict` and at least one input was rejected.
pub(crate) const EXIT_REJECTED: u8 = 3;

const AFTER_HELP: &str = "\
Stages: ingest → normalise → extract → resolve → report. `run` does them all in one
process; each stage command re-runs one stage from the tables the previous stage
wrote under --out.

Outputs (under --out): articles, sentences, mentions, entities, events, quotes,
quantities, dates and rejected, each as .parquet and .csv, plus manifest.json.
Reports (under --reports): summary.md and summary.html (self-contained).

Exit codes:
  0  success (inputs that could not be read are listed in `rejected`)
  1  the run failed (e.g. output directory not writable, a stage's input table missing)
  2  bad arguments
  3  --strict was given and at least one input was rejected
  130, 143  stopped by SIGINT (Ctrl-C) or SIGTERM: --out keeps the previous complete set

Writing is all or nothing: tables, manifest and reports are written to a staging
directory beside --out (.<name>.staging) and switched in with one rename; a lock
file beside it (.<name>.lock) stops a second run into the same --out.

Logs go to stderr (RUST_LOG filters them); --log-format json for CI.";

/// Turn raw news articles into analysis-ready event tables and reports.
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    /// Only log warnings and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Log more (repeat for even more).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Never draw a progress bar (it is only drawn on a terminal anyway).
    #[arg(long, global = true)]
    no_progress: bool,
    /// Worker threads for per-article stages (default: one per core).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    /// Score (0 to 1) a name in one article needs to join an entity of other
    /// articles in the resolve stage; higher merges less.
    #[arg(long, global = true, value_name = "SCORE",
          default_value_t = sitrep_resolve::across::DEFAULT_THRESHOLD)]
    resolve_threshold: f64,
    /// Analyst corrections for the resolve stage (force-link, unlink,
    /// force-split, force-merge; format of data/kb/overrides.tsv), applied on
    /// top of the built-in ones.
    #[arg(long, global = true, value_name = "PATH")]
    kb_overrides: Option<PathBuf>,
    /// Directory of the per-article result cache (default: `.sitrep-cache`
    /// beside --out); a re-run analyses only articles not in it.
    #[arg(long, global = true, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Analyse every article: neither read nor write the result cache.
    #[arg(long, global = true, conflicts_with = "cache")]
    no_cache: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run every stage: ingest, normalise, extract, resolve, report.
    Run {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        out: OutArgs,
        #[command(flatten)]
        reports: ReportsArgs,
        #[command(flatten)]
        dates: DateArgs,
        /// Also tag, lemmatise and parse every sentence and write the `tokens`
        /// table (large; the parser makes the run several times slower).
        #[arg(long)]
        tokens: bool,
        /// Analyse only shard K of N (articles whose id hashes to K mod N) and
        /// write a shard output to --out for `sitrep merge` (no tables, no reports).
        #[arg(long, value_name = "K/N", value_parser = parse_shard)]
        shard: Option<(u32, u32)>,
    },
    /// Merge the shard outputs of `run --shard K/N` (all N of them) into the
    /// tables and reports a single `sitrep run` would write.
    Merge {
        #[command(flatten)]
        out: OutArgs,
        #[command(flatten)]
        reports: ReportsArgs,
        /// Shard output directories (each the --out of one `run --shard`).
        #[arg(required = true, value_name = "SHARD_DIR")]
        shards: Vec<PathBuf>,
    },
    /// Keep the per-article result cache in bounds, or remove it.
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Read input files into `articles` and `rejected`.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Split `articles` into sentences (writes `sentences`).
    Normalise {
        #[command(flatten)]
        out: OutArgs,
    },
    /// Find mentions, dates, quantities, quotes and events.
    Extract {
        #[command(flatten)]
        out: OutArgs,
        #[command(flatten)]
        dates: DateArgs,
    },
    /// Merge mentions into `entities` and fill entity ids.
    Resolve {
        #[command(flatten)]
        out: OutArgs,
    },
    /// Write summary.md and summary.html from the tables.
    Report {
        #[command(flatten)]
        out: OutArgs,
        #[command(flatten)]
        reports: ReportsArgs,
    },
    /// Print the table schema as Markdown (the source of docs/schema.md).
    Schema,
    /// Score against a gold JSONL file: mentions, coreference and linking
    /// (default), or the date, number or sentence suites.
    Eval {
        /// What to score: `mentions` (default), `ner`, `coref`, `link`, `dates`, `numbers`,
        /// `sentences`, `events` or `syntax`.
        #[arg(value_enum, default_value = "mentions")]
        suite: EvalSuite,
        /// Gold file (GUM-style or Universal NER JSONL with character offsets;
        /// for the suites, the JSONL shapes in shared/data/gold/README.md).
        #[arg(long, value_name = "PATH")]
        gold: PathBuf,
        /// Score every gold mention, not only named (proper) ones.
        #[arg(long)]
        all_mentions: bool,
        /// Print JSON instead of a Markdown table.
        #[arg(long)]
        json: bool,
        /// `events` only: articles (files or folders) that report no violence;
        /// prints the share of them with a violent event.
        #[arg(long, value_name = "PATH", num_args = 1..)]
        non_violent: Vec<PathBuf>,
        /// `syntax` only: score end to end from the text (own sentences and
        /// tokens, aligned on character spans as in CoNLL 2018).
        #[arg(long)]
        raw: bool,
        /// `syntax` only: analyse without the names the entity tagger finds
        /// (by default the parser keeps them whole, as in the pipeline).
        #[arg(long)]
        no_names: bool,
        /// `syntax` and `ner`: a model file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// `ner` only: how spans must match.
        #[arg(long = "match", value_enum, default_value_t = NerMatch::Exact)]
        matching: NerMatch,
        /// `ner` only: which mention finder to score.
        #[arg(long, value_enum, default_value_t = NerSource::Combined)]
        source: NerSource,
    },
    /// Train a model from the training data.
    #[command(subcommand)]
    Train(TrainTarget),
    /// Tag, lemmatise and parse: CoNLL-U on stdout with LEMMA, UPOS, XPOS,
    /// HEAD and DEPREL predicted (other lines and columns kept).
    #[command(group(clap::ArgGroup::new("source").required(true).args(["conllu", "input"])))]
    Annotate {
        /// CoNLL-U input (ID and FORM are read; `SpaceAfter` in MISC is kept).
        #[arg(long, value_name = "FILE")]
        conllu: Option<PathBuf>,
        /// Text dumps or JSONL (files or directories): own sentences and tokens.
        #[arg(long, short, value_name = "PATH")]
        input: Vec<PathBuf>,
        /// Syntax model file instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
}

/// What `sitrep cache` does (the cache is `--cache DIR`, else `.sitrep-cache` beside `--out`).
#[derive(Debug, Subcommand)]
enum CacheCommand {
    /// Remove the entries of other sitrep builds, then, while the cache holds
    /// more than --max-bytes, the least recently used entries.
    Prune {
        /// The --out of the runs whose cache this is.
        #[arg(long, short, value_name = "DIR", default_value = "data/processed")]
        out: PathBuf,
        /// Byte budget for this build's entries.
        #[arg(long, value_name = "BYTES")]
        max_bytes: Option<u64>,
    },
    /// Remove the whole cache.
    Clear {
        /// The --out of the runs whose cache this is.
        #[arg(long, short, value_name = "DIR", default_value = "data/processed")]
        out: PathBuf,
    },
}

/// What `sitrep train <target>` trains.
#[derive(Debug, Subcommand)]
enum TrainTarget {
    /// The entity tagger from ../shared/data/train (one core).
    Ner {
        /// Directory holding the training files.
        #[arg(long, value_name = "DIR", default_value = "../shared/data/train")]
        data: PathBuf,
        /// Model file to write.
        #[arg(long, value_name = "FILE", default_value = "data/models/ner.bin")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = sitrep_ner::TrainOptions::default().epochs)]
        epochs: usize,
        /// Feature rows are 2^BITS.
        #[arg(long, default_value_t = sitrep_ner::TrainOptions::default().bits)]
        bits: u32,
        /// Seed of the first run's visiting order (to measure the spread
        /// over seeds; the committed model uses the default).
        #[arg(long, default_value_t = sitrep_ner::TrainOptions::default().seed)]
        seed: u64,
        /// Training runs in different orders whose weights are averaged.
        #[arg(long, default_value_t = sitrep_ner::TrainOptions::default().runs)]
        runs: usize,
    },
    /// Tagger, lemmatiser and parser from UD English-EWT train (one core).
    Syntax {
        /// Training treebank (CoNLL-U).
        #[arg(
            long,
            value_name = "FILE",
            default_value = "../shared/data/train/ud_en_ewt/en_ewt-ud-train.conllu"
        )]
        data: PathBuf,
        /// Model file to write.
        #[arg(long, value_name = "FILE", default_value = sitrep_syntax::MODEL_PATH)]
        out: PathBuf,
        /// Word clusters (stored in the model).
        #[arg(long, value_name = "FILE", default_value = sitrep_syntax::clusters::CLUSTERS_PATH)]
        clusters: PathBuf,
    },
}

impl Cli {
    /// The syntax command asked for, if any (these run outside the pipeline).
    pub(crate) fn syntax_command(&self) -> Option<SyntaxCommand> {
        match &self.command {
            Command::Train(TrainTarget::Syntax {
                data,
                out,
                clusters,
            }) => Some(SyntaxCommand::Train {
                data: data.clone(),
                out: out.clone(),
                clusters: clusters.clone(),
            }),
            Command::Eval {
                suite: EvalSuite::Syntax,
                gold,
                json,
                raw,
                model,
                no_names,
                ..
            } => Some(SyntaxCommand::Eval {
                gold: gold.clone(),
                json: *json,
                raw: *raw,
                model: model.clone(),
                no_names: *no_names,
            }),
            Command::Annotate {
                conllu,
                input,
                model,
            } => Some(SyntaxCommand::Annotate {
                conllu: conllu.clone(),
                input: input.clone(),
                model: model.clone(),
            }),
            _ => None,
        }
    }
}

/// Span matching for `eval ner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum NerMatch {
    /// Same span and type.
    Exact,
    /// Overlapping spans, same type.
    Overlap,
}

/// Mention finder for `eval ner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum NerSource {
    /// Tagger plus knowledge base and rules (what the pipeline runs).
    Combined,
    /// The tagger alone.
    Tagger,
    /// The rule-based finder alone.
    Rules,
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Input file or directory (recursive); repeatable. Text dumps and .jsonl.
    #[arg(long, short, value_name = "PATH", default_value = "data/raw")]
    input: Vec<PathBuf>,
    /// Exit with code 3 if any input is rejected.
    #[arg(long)]
    strict: bool,
    /// Reject input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 50 * 1024 * 1024)]
    max_file_bytes: u64,
    /// Publication date of every article whose input gives none (instead of
    /// inferring it from the text), e.g. 2005-03-01.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    published: Option<NaiveDate>,
}

#[derive(Debug, Args, Default)]
struct DateArgs {
    /// Anchor for relative dates (`last week`, `Oct. 17`) in articles with no
    /// publication date; without it they stay unresolved.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    anchor_date: Option<NaiveDate>,
}

/// A `K/N` shard option: `0 <= K < N`.
fn parse_shard(value: &str) -> Result<(u32, u32), String> {
    let usage = || format!("`{value}` is not a shard; give it as K/N with 0 <= K < N, e.g. 0/4");
    let (k, n) = value.split_once('/').ok_or_else(usage)?;
    let (k, n): (u32, u32) = (
        k.parse().map_err(|_| usage())?,
        n.parse().map_err(|_| usage())?,
    );
    if k >= n {
        return Err(usage());
    }
    Ok((k, n))
}

/// A `YYYY-MM-DD` date option.
fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("`{value}` is not a date; give it as YYYY-MM-DD, e.g. 2005-03-01"))
}

#[derive(Debug, Args)]
struct OutArgs {
    /// Directory for tables and manifest.json.
    #[arg(long, short, value_name = "DIR", default_value = "data/processed")]
    out: PathBuf,
    /// In CSV files, prefix text cells starting with = + - @ with ' so a
    /// spreadsheet shows them as text instead of running them as formulas
    /// (Parquet keeps the exact text; off by default so CSV text and offsets
    /// stay exact for notebooks).
    #[arg(long)]
    csv_safe: bool,
}

#[derive(Debug, Args)]
struct ReportsArgs {
    /// Directory for summary.md and summary.html.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    reports: PathBuf,
    /// Keep nationalities and other groups (NORP) in the report's network chart.
    #[arg(long)]
    network_nationalities: bool,
}

/// What `sitrep eval` scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EvalSuite {
    /// Entity mentions, coreference and linking.
    Mentions,
    /// The mention stage alone: P/R/F1 per type and every error.
    Ner,
    /// Date expressions (date and daterange results).
    Dates,
    /// Numbers, ordinals, percentages and ranges.
    Numbers,
    /// Sentence boundaries.
    Sentences,
    /// Events and quotes against a hand-annotated key (shape in
    /// `data/eval/EVENTS_GUIDELINE.md`).
    Events,
    /// UPOS, XPOS, lemmas, UAS and LAS against gold CoNLL-U (UD English-EWT dev).
    Syntax,
    /// Coreference of names (MUC, B-cubed, CEAF-e; end to end and matched
    /// only) with the missed/split/merged errors.
    Coref,
    /// Wikidata linking: precision and recall where gold has ids, every error.
    Link,
}

impl OutArgs {
    /// For commands that write no tables.
    fn none() -> Self {
        Self {
            out: PathBuf::new(),
            csv_safe: false,
        }
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Which stages a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stages {
    /// All of them, in one process.
    All,
    /// Per-article work on one shard (`run --shard K/N`): a shard output.
    Shard {
        /// This shard.
        index: u32,
        /// Number of shards.
        count: u32,
    },
    /// Cross-article work, tables and reports from shard outputs.
    Merge,
    /// Ingest only.
    Ingest,
    /// Normalise only.
    Normalise,
    /// Extract only.
    Extract,
    /// Resolve only.
    Resolve,
    /// Report only.
    Report,
    /// Print the schema.
    Schema,
    /// `cache prune`: drop other builds' entries, then down to a byte budget.
    CachePrune {
        /// `--max-bytes`.
        max_bytes: Option<u64>,
    },
    /// `cache clear`: remove the cache.
    CacheClear,
    /// Score against a gold file.
    Eval {
        /// What to score.
        suite: EvalSuite,
        /// Score every gold mention, not only named ones.
        all_mentions: bool,
        /// Print JSON.
        json: bool,
        /// `ner`: span matching.
        matching: NerMatch,
        /// `ner`: mention finder.
        source: NerSource,
    },
    /// Train the entity tagger.
    TrainNer(sitrep_ner::TrainOptions),
}

/// Validated settings: everything the run needs, checked before any I/O.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) stages: Stages,
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) out: PathBuf,
    pub(crate) reports: PathBuf,
    pub(crate) strict: bool,
    pub(crate) max_file_bytes: u64,
    /// Prefix formula-like CSV cells (`--csv-safe`).
    pub(crate) csv_safe: bool,
    pub(crate) log_format: LogFormat,
    /// -1 quiet, 0 default, 1+ verbose.
    pub(crate) verbosity: i8,
    pub(crate) progress: bool,
    pub(crate) threads: Option<usize>,
    /// The report's network keeps NORP entities.
    pub(crate) network_nationalities: bool,
    /// `sitrep eval events --non-violent`: articles to measure the violence rate on.
    pub(crate) non_violent: Vec<PathBuf>,
    /// `--published`: publication date of articles whose input gives none.
    pub(crate) published: Option<NaiveDate>,
    /// `--anchor-date`: anchor of relative dates in undated articles.
    pub(crate) anchor_date: Option<NaiveDate>,
    /// `run --tokens`: parse and write the `tokens` table.
    pub(crate) tokens: bool,
    /// Cross-article match threshold of the resolve stage.
    pub(crate) resolve_threshold: f64,
    /// `--kb-overrides`: the built-in corrections plus the file's (read once).
    pub(crate) kb_overrides: Option<&'static sitrep_resolve::Overrides>,
    /// Model file: written by `train ner`, read by `eval ner --model`.
    pub(crate) model: Option<PathBuf>,
    /// The per-article result cache of runs and shard runs (`None` with
    /// `--no-cache` and for commands that analyse no articles).
    pub(crate) cache: Option<PathBuf>,
}

impl Settings {
    /// Checks the arguments and builds the settings.
    pub(crate) fn from_cli(cli: Cli) -> Result<Self, String> {
        let default_input = InputArgs {
            input: Vec::new(),
            strict: false,
            max_file_bytes: 50 * 1024 * 1024,
            published: None,
        };
        let network_nationalities = matches!(
            &cli.command,
            Command::Run { reports, .. } | Command::Report { reports, .. } | Command::Merge { reports, .. }
                if reports.network_nationalities
        );
        let mut eval_non_violent = Vec::new();
        let mut anchor_date = None;
        let mut model_path = None;
        let mut tokens = false;
        let (stages, input, out, reports) = match cli.command {
            Command::Run {
                input,
                out,
                reports,
                dates,
                tokens: with_tokens,
                shard,
            } => {
                anchor_date = dates.anchor_date;
                tokens = with_tokens;
                let stages =
                    shard.map_or(Stages::All, |(index, count)| Stages::Shard { index, count });
                (stages, input, out, reports.reports)
            }
            Command::Merge {
                out,
                reports,
                shards,
            } => {
                if let Some(missing) = shards.iter().find(|s| !s.is_dir()) {
                    return Err(format!(
                        "shard output {} is not a directory (give the --out of each `run --shard`)",
                        missing.display()
                    ));
                }
                let input = InputArgs {
                    input: shards,
                    ..default_input
                };
                (Stages::Merge, input, out, reports.reports)
            }
            Command::Cache(command) => {
                let (stages, out) = match command {
                    CacheCommand::Prune { out, max_bytes } => {
                        (Stages::CachePrune { max_bytes }, out)
                    }
                    CacheCommand::Clear { out } => (Stages::CacheClear, out),
                };
                let out = OutArgs {
                    out,
                    csv_safe: false,
                };
                (stages, default_input, out, PathBuf::new())
            }
            Command::Ingest { input, out } => (Stages::Ingest, input, out, PathBuf::new()),
            Command::Normalise { out } => (Stages::Normalise, default_input, out, PathBuf::new()),
            Command::Extract { out, dates } => {
                anchor_date = dates.anchor_date;
                (Stages::Extract, default_input, out, PathBuf::new())
            }
            Command::Resolve { out } => (Stages::Resolve, default_input, out, PathBuf::new()),
            Command::Report { out, reports } => {
                (Stages::Report, default_input, out, reports.reports)
            }
            Command::Schema => (
                Stages::Schema,
                default_input,
                OutArgs::none(),
                PathBuf::new(),
            ),
            Command::Train(TrainTarget::Ner {
                data,
                out,
                epochs,
                bits,
                seed,
                runs,
            }) => {
                if !data.is_dir() {
                    return Err(format!(
                        "training data directory {} does not exist (give it with --data)",
                        data.display()
                    ));
                }
                if !(12..=24).contains(&bits) || epochs == 0 || runs == 0 {
                    return Err(
                        "--bits must be 12 to 24, --epochs and --runs at least 1".to_owned()
                    );
                }
                let input = InputArgs {
                    input: vec![data],
                    ..default_input
                };
                model_path = Some(out);
                (
                    Stages::TrainNer(sitrep_ner::TrainOptions {
                        epochs,
                        bits,
                        seed,
                        runs,
                    }),
                    input,
                    OutArgs::none(),
                    PathBuf::new(),
                )
            }
            Command::Train(_)
            | Command::Annotate { .. }
            | Command::Eval {
                suite: EvalSuite::Syntax,
                ..
            } => {
                return Err("this command runs outside the pipeline".to_owned());
            }
            Command::Eval {
                suite,
                gold,
                all_mentions,
                json,
                non_violent,
                model,
                matching,
                source,
                ..
            } => {
                model_path = model;
                if !non_violent.is_empty() && suite != EvalSuite::Events {
                    return Err("--non-violent is an option of `sitrep eval events`".to_owned());
                }
                if let Some(path) = non_violent.iter().find(|p| !p.exists()) {
                    return Err(format!(
                        "--non-violent input {} does not exist",
                        path.display()
                    ));
                }
                eval_non_violent = non_violent;
                if !gold.is_file() {
                    return Err(format!(
                        "gold file {} does not exist (give a JSONL file with --gold)",
                        gold.display()
                    ));
                }
                let input = InputArgs {
                    input: vec![gold],
                    ..default_input
                };
                (
                    Stages::Eval {
                        suite,
                        all_mentions,
                        json,
                        matching,
                        source,
                    },
                    input,
                    OutArgs::none(),
                    PathBuf::new(),
                )
            }
        };
        if matches!(stages, Stages::All | Stages::Ingest | Stages::Shard { .. }) {
            for path in &input.input {
                if !path.exists() {
                    return Err(format!(
                        "input {} does not exist (give a file or directory with --input)",
                        path.display()
                    ));
                }
            }
        }
        if input.max_file_bytes == 0 {
            return Err("--max-file-bytes must be at least 1".to_owned());
        }
        if cli.threads == Some(0) {
            return Err("--threads must be at least 1".to_owned());
        }
        if !(0.0..=1.0).contains(&cli.resolve_threshold) {
            return Err("--resolve-threshold must be between 0 and 1".to_owned());
        }
        // Read once for the whole process; the rules live as long as it does.
        let kb_overrides = match &cli.kb_overrides {
            Some(path) => {
                let rules = sitrep_resolve::Overrides::builtin_and_file(
                    path,
                    sitrep_core::KnowledgeBase::linking(),
                )
                .map_err(|error| format!("--kb-overrides: {error}"))?;
                Some(&*Box::leak(Box::new(rules)))
            }
            None => None,
        };
        let uses_cache = match stages {
            Stages::All | Stages::Shard { .. } => !cli.no_cache,
            Stages::CachePrune { .. } | Stages::CacheClear => true,
            _ => false,
        };
        let cache = uses_cache.then(|| {
            cli.cache
                .clone()
                .unwrap_or_else(|| sitrep_cache::default_dir(&out.out))
        });
        let verbosity = if cli.quiet {
            -1
        } else {
            i8::try_from(cli.verbose).unwrap_or(i8::MAX)
        };
        Ok(Self {
            stages,
            inputs: input.input,
            out: out.out,
            csv_safe: out.csv_safe,
            reports,
            strict: input.strict,
            max_file_bytes: input.max_file_bytes,
            log_format: cli.log_format,
            verbosity,
            progress: !cli.no_progress && verbosity >= 0,
            threads: cli.threads,
            network_nationalities,
            non_violent: eval_non_violent,
            published: input.published,
            anchor_date,
            resolve_threshold: cli.resolve_threshold,
            kb_overrides,
            model: model_path,
            tokens,
            cache,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_documents_exit_codes() {
        use clap::CommandFactory;
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:"));
        Cli::command().debug_assert();
    }

    #[test]
    fn shards_are_k_of_n() {
        assert_eq!(parse_shard("2/3"), Ok((2, 3)));
        for bad in ["3/3", "1", "a/2", "1/0", "-1/2"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn missing_input_is_a_usage_error() {
        let cli = Cli::parse_from(["sitrep", "run", "--input", "/no/such/dir"]);
        let err = Settings::from_cli(cli).unwrap_err();
        assert!(err.contains("/no/such/dir does not exist"), "{err}");
    }
}
