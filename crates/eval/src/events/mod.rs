//! `sitrep eval events`: events and quotes against a hand-annotated key, and
//! the violent-event rate on news where nothing violent happened.
//!
//! **Gold**: JSON Lines, one document per line, in the shape documented in
//! `data/eval/EVENTS_GUIDELINE.md` (trigger span, PLOVER/ACLED types,
//! actor/target/place as lists of acceptable spans, date, killed/injured,
//! flags; quotes with speaker span, speaker name and `direct`). Each record
//! names its text source; the text is read from there, never stored in the key.
//!
//! **Scoring rules**
//!
//! - *Detection*: a predicted event matches a gold event when their trigger
//!   spans share a character; pairs are one to one, gold in text order, each
//!   taking the first free overlapping prediction of the same PLOVER type, else
//!   the first free overlapping one. Untyped F1 counts every pair; typed F1
//!   only pairs with the same PLOVER type.
//! - *Arguments* (actor, target, place) on matched pairs: a role counts when
//!   the gold or the prediction fills it; it is right when both are empty is
//!   not counted, right when the predicted filler's span shares a character
//!   with one of the gold's acceptable spans, wrong otherwise (missing,
//!   spurious or elsewhere). The filler's span is its mention's, or its
//!   written text nearest the trigger; a pronoun or description given its
//!   antecedent's mention (`her` → `Amneh Jafari`) has both, and either may
//!   match (the key writes pronouns as written, with the name where the
//!   annotator gave it). Accuracy = right / counted, per role and overall.
//! - *Casualties*: on matched pairs, each of killed/injured that gold or the
//!   prediction gives counts; right when the numbers are equal.
//! - *Date*: on matched pairs whose gold has a date, right when the predicted
//!   ISO date starts with the gold value (`2023-11` accepts `2023-11-01`).
//! - *ACLED type* and *flags* (negated, hypothetical, aggregate): accuracy on
//!   matched pairs (ACLED only where gold gives a type).
//! - *Same-incident event pairs*: over the matched events of a document,
//!   every pair with the same gold `cluster` is a true positive when both got
//!   one `event_cluster`, a false negative otherwise; a pair with one
//!   `event_cluster` but different gold clusters is a false positive
//!   (clusters by the resolve stage's rule, role fillers compared by text).
//! - *Quotes*: a predicted quote matches a gold quote when the spans share a
//!   character (one to one). Quote-with-speaker F1 counts a pair as a true
//!   positive only when the speaker is right: the predicted speaker span
//!   overlaps the gold speaker span, or the predicted speaker's name (its
//!   mention's text, else its written text) contains the last word of the
//!   gold `speaker_name`; a gold quote with neither span nor name needs no
//!   speaker. Scored for all quotes and for direct quotes only.
//! - *Violence rate* (`--non-violent PATH…`): the share of ingested articles
//!   with at least one violent event row (PLOVER `ASSAULT`, or an ACLED type
//!   `Battles`, `Explosions/Remote violence`, `Violence against civilians` or
//!   `Riots`), whatever its flags.

mod gold;
mod report;
mod score;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use sitrep_core::KnowledgeBase;
use sitrep_core::tables::{Article, EventRow, MentionRow, QuoteRow};

pub use report::{EventsReport, ViolenceReport};

use crate::EvalError;
use gold::Texts;

/// What the pipeline found in one article.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) events: Vec<EventRow>,
    pub(crate) quotes: Vec<QuoteRow>,
    pub(crate) mentions: Vec<MentionRow>,
}

/// Runs the per-article pipeline (normalise, then every extractor).
pub(crate) fn analyse(article: Article) -> Found {
    let mut doc = sitrep_normalise::normalise(article);
    let mut extraction = sitrep_extract::extract(&mut doc);
    // Pronoun and description speakers take their antecedent, as in a run.
    sitrep_resolve::annotate_mentions(&doc, &mut extraction.mentions, KnowledgeBase::linking());
    sitrep_resolve::speakers_from_antecedents(&mut extraction.quotes, &extraction.mentions);
    sitrep_resolve::roles_from_antecedents(&doc, &mut extraction.events, &extraction.mentions);
    // Incidents by the resolve stage's rule; without entity ids here, role
    // fillers compare by text within the article.
    sitrep_resolve::assign_event_clusters(&mut extraction.events);
    Found {
        events: extraction.events,
        quotes: extraction.quotes,
        mentions: extraction.mentions,
    }
}

/// Reads the events gold file at `gold`, runs sitrep on its texts and scores it.
pub fn evaluate_events_file(gold: &Path) -> Result<EventsReport, EvalError> {
    let jsonl = std::fs::read_to_string(gold).map_err(|error| EvalError::Read {
        path: gold.to_path_buf(),
        error,
    })?;
    let source_name = gold.display().to_string();
    let records = gold::parse(&jsonl, &source_name)?;
    let mut texts = Texts::new(gold);
    let mut scorer = score::Scorer::default();
    for (idx, record) in records.iter().enumerate() {
        let article = texts
            .article(record, idx + 1)
            .map_err(|detail| EvalError::BadMention {
                source_name: source_name.clone(),
                line: idx + 1,
                detail,
            })?;
        let text: Vec<char> = article.text.chars().collect();
        score::check_spans(record, &text).map_err(|detail| EvalError::BadMention {
            source_name: source_name.clone(),
            line: idx + 1,
            detail,
        })?;
        let found = analyse(article);
        scorer.add(record, &text, &found);
    }
    Ok(scorer.finish(source_name, records.len()))
}

/// Whether an event row is violent (PLOVER `ASSAULT` or an ACLED violence type).
#[must_use]
pub fn is_violent(event: &EventRow) -> bool {
    event.plover_type == "ASSAULT"
        || matches!(
            event.acled_type.as_deref(),
            Some("Battles" | "Explosions/Remote violence" | "Violence against civilians" | "Riots")
        )
}

/// Runs sitrep on every article under `inputs` (files or folders) and
/// reports the share of articles with a violent event.
pub fn violence_rate(inputs: &[PathBuf]) -> Result<ViolenceReport, EvalError> {
    let files = sitrep_ingest::discover(inputs).map_err(|error| EvalError::Inputs {
        detail: error.to_string(),
    })?;
    let mut report = ViolenceReport::default();
    for file in &files {
        let outcome = sitrep_ingest::ingest_file(file, &sitrep_ingest::IngestOptions::default());
        for article in outcome.articles {
            let source = format!("{}:{}", article.source_path, article.source_line_start);
            let text = article.text.clone();
            let found = analyse(article);
            report.articles += 1;
            let violent: Vec<&EventRow> = found.events.iter().filter(|e| is_violent(e)).collect();
            if let Some(first) = violent.first() {
                report.violent_articles += 1;
                report.examples.push(report::ViolentExample {
                    source,
                    trigger: first.trigger.clone(),
                    plover_type: first.plover_type.clone(),
                    acled_type: first.acled_type.clone(),
                    context: score::context(&text, first.start as usize, first.end as usize),
                });
            }
        }
    }
    Ok(report)
}
