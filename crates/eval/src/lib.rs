//! Measures sitrep against gold annotations: precision, recall and F1 of its
//! entity mentions, coreference, linking and (where the gold has them)
//! sentence boundaries.
//!
//! **Input**: a gold JSON Lines file, one document per line with `text` and
//! `entities` (code-point `start`/`end`, `type`, and for GUM also `eid`,
//! `proper`, `wikidata`); both the GUM files (`shared/data/gold/`,
//! `train/gum_other.jsonl`) and the UNER files (`train/uner_en_ewt_*.jsonl`,
//! `PER/ORG/LOC` only, one sentence per line, no coreference or links) are
//! read. **Output**: an [`EvalReport`] (serialisable to JSON, or
//! [`EvalReport::to_markdown`]).
//!
//! How a file is scored:
//!
//! 1. Each gold document becomes an `Article` whose `text` is the gold text
//!    verbatim (headline = its first line), so the pipeline's character
//!    offsets and the gold offsets index the same string. All documents go
//!    through the library pipeline (`sitrep_pipeline::Pipeline::process`, as
//!    in `sitrep run`): normalise, the default extract components, then
//!    resolution once over all documents with the built-in knowledge base.
//! 2. Types: sitrep's `PERSON` → `person`, `ORG` → `organization`,
//!    `GPE`/`LOC`/`FAC` → `place`; `NORP` predictions (`Afghan`, `Muslims`)
//!    are not scored, because GUM has no such type (GUM types nationalities as
//!    `person` when they refer to people), and are counted in
//!    [`EvalReport::unscored_predictions`]. UNER `PER/ORG/LOC` map the same way.
//! 3. Gold: mentions typed `person`, `place` or `organization`; with
//!    [`EvalOptions::proper_only`] (the default) only named ones
//!    (`proper == true`; every UNER mention is named). Nested gold names
//!    (`Washington D.C.` inside a longer place name) stay in; sitrep's
//!    `mentions` table has the outer spans and, as `nested` rows, the listed
//!    places and organisations inside them, so the other nested names cost
//!    recall.
//! 4. Spans of both sides are normalised the same way before matching: a
//!    leading `the ` and a trailing `'s` are dropped (details in the matching
//!    rules below), then scored exact/overlap × typed/untyped, per type,
//!    coreference (B-cubed, MUC, CEAF-e) on exactly matched mentions and end
//!    to end (a missed gold mention is its own singleton; here a NORP
//!    prediction counts as found, see [`resolution`]), and linking.
//!
//! Matching rules: span normalisation strips a leading `the `/`The `/`THE `
//! and then a trailing `'s`/`’s` (each only if something is left); exact
//! matching is one to one on normalised offsets; overlap matching is the
//! largest one-to-one pairing of spans sharing at least one character.
//! Ratios with a zero denominator are 0.
//!
//! ```
//! use sitrep_eval::{EvalOptions, Score, evaluate_jsonl};
//!
//! let text = "Obama visits Kenya\n\nBarack Obama arrived in Kenya on Sunday. Obama met officials.";
//! let line = serde_json::json!({
//!     "text": text,
//!     "entities": [
//!         {"start": 20, "end": 32, "type": "person", "eid": "1", "proper": true, "wikidata": "Q76"},
//!         {"start": 44, "end": 49, "type": "place", "eid": "2", "proper": true, "wikidata": "Q114"},
//!     ],
//! });
//! let report = evaluate_jsonl(&line.to_string(), "example", &EvalOptions::default()).unwrap();
//! assert_eq!(report.documents, 1);
//! assert_eq!(report.gold_mentions, 2);
//! // Both gold names are found; the unannotated headline names and the later
//! // "Obama" are false positives here.
//! assert_eq!(report.exact_typed, Score { tp: 2, fp: 3, fn_: 0 });
//! assert!(report.to_markdown().contains("| exact span, typed |"));
//! ```
//!
//! Known misses: no partial credit beyond overlap; coreference is scored on
//! named gold mentions, so it says nothing about pronouns or nominals; the GUM gold has no sentence layer (paragraphs only), so
//! sentence boundaries are scored on UNER only, whose text holds one
//! sentence per line (sitrep treats a single line break as a sentence end,
//! except inside hard-wrapped paragraphs).

mod coref;
mod error;
pub mod events;
mod gold;
mod matching;
pub mod ner;
mod report;
pub mod resolution;
mod score;
mod suites;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use sitrep_core::kb::is_wikidata_item as is_wikidata;
use sitrep_core::tables::Article;
use sitrep_pipeline::{Config, Pipeline, Silent};

pub use coref::CorefScores;
pub use error::EvalError;
pub use ner::{MatchMode, NerReport, evaluate_ner};
pub use report::EvalReport;
pub use score::{Prf, Score};
pub use suites::{SuiteReport, TypeCounts, evaluate_dates, evaluate_numbers, evaluate_sentences};

use gold::{GoldDocument, ORGANIZATION, PERSON, PLACE};
use matching::{Span, exact_pairs, normalise_span, overlap_matches, score_of};

/// Options for an evaluation run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EvalOptions {
    /// Score named mentions only (GUM `proper == true`); default true. When
    /// false, every gold person/place/organization mention counts, including
    /// pronouns and common nouns, which sitrep does not try to find.
    pub proper_only: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        Self { proper_only: true }
    }
}

/// Reads the gold file at `gold`, runs sitrep on its texts and scores it.
pub fn evaluate_file(gold: &Path, options: &EvalOptions) -> Result<EvalReport, EvalError> {
    evaluate_jsonl(&read_gold(gold)?, &gold.display().to_string(), options)
}

/// The text of the gold file at `gold`.
fn read_gold(gold: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(gold).map_err(|error| EvalError::Read {
        path: gold.to_path_buf(),
        error,
    })
}

/// Like [`evaluate_file`] on gold JSON Lines already in memory; `source`
/// names it in errors and in the report.
pub fn evaluate_jsonl(
    jsonl: &str,
    source: &str,
    options: &EvalOptions,
) -> Result<EvalReport, EvalError> {
    let documents = gold::parse(jsonl, source)?;
    let predictions = predict(&documents);
    Ok(score(source, *options, &documents, &predictions))
}

/// What sitrep found in one gold document.
#[derive(Debug, Default)]
struct Prediction {
    mentions: Vec<PredictedMention>,
    /// Sentence spans, character offsets.
    sentences: Vec<(usize, usize)>,
}

#[derive(Debug)]
struct PredictedMention {
    start: usize,
    end: usize,
    /// Scored type, `None` for NORP (or any type gold lacks).
    entity_type: Option<&'static str>,
    /// sitrep's own type label (`PERSON`, `NORP`, …).
    label: String,
    entity_id: Option<String>,
    kb_id: Option<String>,
    /// A pronoun or nominal linked to a named mention (`mentions.method`
    /// `pronoun`/`nominal`): scored only when every gold mention is
    /// ([`EvalOptions::proper_only`] off), so named-only figures stay those
    /// of names.
    anaphoric: bool,
}

impl PredictedMention {
    /// Whether the prediction is scored under `options`.
    fn in_scope(&self, options: EvalOptions) -> bool {
        !self.anaphoric || !options.proper_only
    }
}

/// The article sitrep analyses for a gold document: its text verbatim.
fn article_of(document: &GoldDocument) -> Article {
    article_of_text(&document.text, document.line)
}

/// An article whose text is `text` verbatim (headline: its first line), for
/// the gold document on line `line`.
pub(crate) fn article_of_text(text: &str, line: usize) -> Article {
    sitrep_ner::corpus::article_of(text, format!("gold-line-{line}"), line)
}

/// sitrep's type mapped onto the gold vocabulary (see the crate docs).
fn scored_type(entity_type: &str) -> Option<&'static str> {
    match entity_type {
        "PERSON" => Some(PERSON),
        "ORG" => Some(ORGANIZATION),
        "GPE" | "LOC" | "FAC" => Some(PLACE),
        _ => None,
    }
}

/// Runs the library pipeline (normalise, extract, resolve) over all documents.
fn predict(documents: &[GoldDocument]) -> Vec<Prediction> {
    let articles: Vec<Article> = documents.iter().map(article_of).collect();
    let pipeline = Pipeline::new(Config::default()).expect("the standard pipeline builds");
    let tables = pipeline.process(&articles, &Silent).tables;
    let document_of: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(idx, article)| (article.article_id.as_str(), idx))
        .collect();
    let mut predictions: Vec<Prediction> = documents
        .iter()
        .map(|_| Prediction {
            mentions: Vec::new(),
            sentences: Vec::new(),
        })
        .collect();
    for row in &tables.sentences {
        predictions[document_of[row.article_id.as_str()]]
            .sentences
            .push((row.start as usize, row.end as usize));
    }
    let kb_ids: HashMap<&str, &str> = tables
        .entities
        .iter()
        .filter_map(|e| {
            let id = e.wikidata_id.as_deref().or(e.kb_id.as_deref())?;
            Some((e.entity_id.as_str(), id))
        })
        .collect();
    for mention in &tables.mentions {
        let idx = document_of[mention.article_id.as_str()];
        let kb_id = mention
            .entity_id
            .as_deref()
            .and_then(|id| kb_ids.get(id))
            .map(|&id| id.to_owned());
        predictions[idx].mentions.push(PredictedMention {
            start: mention.start as usize,
            end: mention.end as usize,
            entity_type: scored_type(&mention.entity_type),
            label: mention.entity_type.clone(),
            entity_id: mention.entity_id.clone(),
            kb_id,
            anaphoric: mention.antecedent_id.is_some(),
        });
    }
    predictions
}

/// The span `start..end` of `chars`, normalised for scoring, with its type.
fn scored_span<'a>(chars: &[char], start: usize, end: usize, entity_type: &'a str) -> Span<'a> {
    let (start, end) = normalise_span(chars, start, end);
    Span {
        start,
        end,
        entity_type,
    }
}

/// The gold mentions of `document` that are scored: person, place and
/// organization mentions, named ones only with [`EvalOptions::proper_only`].
fn scored_gold(document: &GoldDocument, options: EvalOptions) -> Vec<&gold::GoldMention> {
    document
        .mentions
        .iter()
        .filter(|m| {
            (m.proper || !options.proper_only)
                && [PERSON, PLACE, ORGANIZATION].contains(&m.entity_type.as_str())
        })
        .collect()
}

/// Scores predictions against gold (see the crate docs for the rules).
fn score(
    source: &str,
    options: EvalOptions,
    documents: &[GoldDocument],
    predictions: &[Prediction],
) -> EvalReport {
    let mut report = EvalReport {
        source: source.to_owned(),
        options,
        documents: documents.len(),
        gold_mentions: 0,
        predicted_mentions: 0,
        unscored_predictions: 0,
        exact_typed: Score::default(),
        exact_untyped: Score::default(),
        overlap_typed: Score::default(),
        overlap_untyped: Score::default(),
        per_type: [PERSON, PLACE, ORGANIZATION]
            .into_iter()
            .map(|t| (t.to_owned(), Score::default()))
            .collect(),
        coreference: CorefScores::default(),
        coreference_end_to_end: CorefScores::default(),
        linking: Score::default(),
        sentence_boundaries: None,
    };
    let mut sentences: Option<Score> = None;

    for (document, prediction) in documents.iter().zip(predictions) {
        let chars: Vec<char> = document.text.chars().collect();
        let gold = scored_gold(document, options);
        let gold_spans: Vec<Span<'_>> = gold
            .iter()
            .map(|m| scored_span(&chars, m.start, m.end, m.entity_type.as_str()))
            .collect();
        let in_scope = prediction.mentions.iter().filter(|m| m.in_scope(options));
        let predicted: Vec<&PredictedMention> = in_scope
            .clone()
            .filter(|m| m.entity_type.is_some())
            .collect();
        report.unscored_predictions += in_scope.count() - predicted.len();
        let predicted_spans: Vec<Span<'_>> = predicted
            .iter()
            .map(|m| scored_span(&chars, m.start, m.end, m.entity_type.unwrap_or_default()))
            .collect();
        let (n_gold, n_predicted) = (gold_spans.len(), predicted_spans.len());
        report.gold_mentions += n_gold;
        report.predicted_mentions += n_predicted;

        let typed = exact_pairs(&gold_spans, &predicted_spans, true);
        report
            .exact_typed
            .add(score_of(typed.len(), n_gold, n_predicted));
        for (entity_type, score) in &mut report.per_type {
            let of_type = |spans: &[Span<'_>]| {
                spans
                    .iter()
                    .filter(|s| s.entity_type == entity_type)
                    .count()
            };
            let matched = typed
                .iter()
                .filter(|&&(g, _)| gold_spans[g].entity_type == entity_type)
                .count();
            score.add(score_of(
                matched,
                of_type(&gold_spans),
                of_type(&predicted_spans),
            ));
        }
        let untyped = exact_pairs(&gold_spans, &predicted_spans, false);
        report
            .exact_untyped
            .add(score_of(untyped.len(), n_gold, n_predicted));
        for (typed_flag, total) in [
            (true, &mut report.overlap_typed),
            (false, &mut report.overlap_untyped),
        ] {
            let matched = overlap_matches(&gold_spans, &predicted_spans, typed_flag);
            total.add(score_of(matched, n_gold, n_predicted));
        }

        if document.has_coreference {
            for &(g, p) in &untyped {
                let (gold_mention, predicted_mention) = (gold[g], predicted[p]);
                let predicted_id = predicted_mention
                    .kb_id
                    .as_deref()
                    .filter(|id| is_wikidata(id));
                let gold_id = gold_mention.wikidata.as_deref();
                match (gold_id, predicted_id) {
                    (Some(g), Some(p)) if g == p => report.linking.tp += 1,
                    (Some(_), Some(_)) => {
                        report.linking.fp += 1;
                        report.linking.fn_ += 1;
                    }
                    (None, Some(_)) => report.linking.fp += 1,
                    (Some(_), None) => report.linking.fn_ += 1,
                    (None, None) => {}
                }
            }
        }

        if let Some(gold_sentences) = &document.sentences {
            let as_spans = |spans: &[(usize, usize)]| -> Vec<Span<'static>> {
                spans
                    .iter()
                    .map(|&(start, end)| Span {
                        start,
                        end,
                        entity_type: "",
                    })
                    .collect()
            };
            let gold_sentence_spans = as_spans(gold_sentences);
            let predicted_sentence_spans = as_spans(&prediction.sentences);
            let matched = exact_pairs(&gold_sentence_spans, &predicted_sentence_spans, false).len();
            sentences.get_or_insert_default().add(score_of(
                matched,
                gold_sentence_spans.len(),
                predicted_sentence_spans.len(),
            ));
        }
    }
    // Coreference as `sitrep eval coref` scores it (any predicted type).
    let coreference = resolution::coreference(documents, predictions, options);
    report.coreference = coreference.matched_only;
    report.coreference_end_to_end = coreference.end_to_end;
    report.sentence_boundaries = sentences;
    report
}

#[cfg(test)]
mod tests;
