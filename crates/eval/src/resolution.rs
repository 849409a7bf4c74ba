//! `sitrep eval coref` and `sitrep eval link`: how sitrep groups and links
//! the names of a gold file, with the errors sorted into buckets.
//!
//! Both run the library pipeline over the gold texts (as [`crate::evaluate_file`])
//! and align each scored gold mention (named person/place/organization
//! mentions unless [`EvalOptions::proper_only`] is off) with the prediction
//! whose normalised span is the same, of any type (pronouns and nominals
//! linked to a name, `mentions.method` `pronoun`/`nominal`, only when every
//! gold mention is scored: the named-only figures are those of names): NORP predictions count
//! here (GUM types `Scientology` as an organization, sitrep as a group; the
//! name was found, and grouping is what is scored), unlike in the mention
//! scores, where gold has no such type.
//!
//! **Coreference** ([`CorefReport`]): MUC, B-cubed, CEAF-e and their average
//! (definitions in the `coref` module), **end to end** (a gold mention no
//! prediction matched is its own predicted singleton, so missed mentions cost
//! recall) and over the matched mentions only. Every lost or wrong link is
//! put in one bucket:
//!
//! - *missed*: a gold mention of a chain (two or more mentions) that no
//!   prediction matched;
//! - *split*: a gold chain whose matched mentions sit in several predicted
//!   entities (`parts − 1` links lost per chain);
//! - *merge*: a predicted entity whose matched mentions belong to several
//!   gold entities (`parts − 1` wrong links per entity).
//!
//! **Linking** ([`LinkReport`]): over the scored gold mentions that carry a
//! Wikidata id, a prediction whose entity is linked to the same `Q…` id is
//! correct; a different `Q…` id is wrong; a matched mention whose entity has
//! no `Q…` id (unlinked, or a `geonames:`/`sitrep:` id) is unlinked; a gold
//! mention no prediction matched is missed. Precision is correct / (correct +
//! wrong), recall correct / gold ids. Links made where gold has no id (GUM
//! links every name that has a Wikipedia page, so these are mostly wrong) are
//! counted on their own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::coref::{self, CorefScores};
use crate::gold::{self, GoldDocument, GoldMention};
use crate::matching::exact_pairs;
use crate::report::coref_table;
use crate::score::Score;
use crate::{
    EvalError, EvalOptions, PredictedMention, Prediction, is_wikidata, predict, read_gold,
    scored_gold, scored_span,
};

/// Examples of each error bucket shown in the Markdown report (JSON has all).
const SHOWN: usize = 25;

/// Coreference scores and error buckets of one gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorefReport {
    /// The gold file (or the name given for in-memory input).
    pub source: String,
    /// Options of the run.
    pub options: EvalOptions,
    /// Gold documents with coreference ids.
    pub documents: usize,
    /// Scored gold mentions with a coreference id.
    pub gold_mentions: usize,
    /// Distinct gold entities among them.
    pub gold_entities: usize,
    /// Gold entities with two or more scored mentions.
    pub gold_chains: usize,
    /// Gold mentions a prediction matched exactly (span only).
    pub matched_mentions: usize,
    /// Scores over every scored gold mention, missed ones as singletons.
    pub end_to_end: CorefScores,
    /// Scores over the matched gold mentions only.
    pub matched_only: CorefScores,
    /// Where the lost and wrong links come from.
    pub errors: CorefErrors,
}

/// The coreference errors, by bucket (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CorefErrors {
    /// Gold mentions of chains that no prediction matched.
    pub missed_in_chains: usize,
    /// Gold singletons no prediction matched (they cost no link).
    pub missed_singletons: usize,
    /// Links lost because a gold chain's matched mentions are in several entities.
    pub split_links: usize,
    /// Wrong links because a predicted entity holds several gold entities.
    pub merge_links: usize,
    /// The split gold chains: per predicted part, its mention texts.
    pub splits: Vec<ChainError>,
    /// The wrong merges: per gold entity inside the predicted one, its mention texts.
    pub merges: Vec<ChainError>,
    /// The missed chain mentions.
    pub missed: Vec<MissedMention>,
}

/// A chain cut into parts (a split) or parts joined into one entity (a merge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainError {
    /// Document (`doc_id`, else `line N`).
    pub document: String,
    /// Mention texts of each part, in text order.
    pub parts: Vec<Vec<String>>,
}

/// A gold mention of a chain that sitrep did not find.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissedMention {
    /// Document (`doc_id`, else `line N`).
    pub document: String,
    /// The gold mention text.
    pub text: String,
    /// Its gold type.
    pub entity_type: String,
    /// Scored mentions in its gold chain.
    pub chain_size: usize,
    /// A prediction whose span overlaps it (text and sitrep type), when one
    /// does: a boundary error rather than a name not found.
    pub overlapping: Option<String>,
}

/// Linking scores where gold has Wikidata ids, with every error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReport {
    /// The gold file (or the name given for in-memory input).
    pub source: String,
    /// Options of the run.
    pub options: EvalOptions,
    /// Gold documents with coreference ids (GUM).
    pub documents: usize,
    /// Scored gold mentions with a Wikidata id.
    pub gold_ids: usize,
    /// Predicted with the gold id.
    pub correct: usize,
    /// Predicted with another `Q…` id.
    pub wrong: usize,
    /// Matched, but the entity has no `Q…` id.
    pub unlinked: usize,
    /// No prediction matched the gold mention.
    pub missed: usize,
    /// `tp` correct, `fp` wrong, `fn` every gold id not predicted.
    pub score: Score,
    /// Matched gold mentions without an id whose entity got a `Q…` id.
    pub linked_without_gold_id: usize,
    /// Every wrong, unlinked, missed and id-less link.
    pub errors: Vec<LinkError>,
}

/// One linking error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkError {
    /// Document (`doc_id`, else `line N`).
    pub document: String,
    /// The gold mention text.
    pub text: String,
    /// `wrong`, `unlinked`, `missed` or `no_gold_id`.
    pub kind: &'static str,
    /// Gold Wikidata id.
    pub gold: Option<String>,
    /// Predicted knowledge-base id (any namespace).
    pub predicted: Option<String>,
}

/// One document's scored gold mentions, each with the prediction that
/// matched its span, if any.
struct Aligned<'a> {
    name: String,
    chars: Vec<char>,
    gold: Vec<&'a GoldMention>,
    matched: Vec<Option<&'a PredictedMention>>,
    /// Every prediction of the document, NORP included.
    predicted: Vec<&'a PredictedMention>,
}

impl Aligned<'_> {
    fn text(&self, mention: &GoldMention) -> String {
        self.chars[mention.start..mention.end].iter().collect()
    }

    /// The first prediction overlapping `mention`, as `text (TYPE)`.
    fn overlapping(&self, mention: &GoldMention) -> Option<String> {
        let p = self
            .predicted
            .iter()
            .find(|p| p.start < mention.end && mention.start < p.end)?;
        let text: String = self.chars[p.start..p.end].iter().collect();
        Some(format!("{text} ({})", p.label))
    }
}

/// Aligns the documents that have coreference ids with their predictions.
fn align<'a>(
    documents: &'a [GoldDocument],
    predictions: &'a [Prediction],
    options: EvalOptions,
) -> Vec<Aligned<'a>> {
    documents
        .iter()
        .zip(predictions)
        .filter(|(document, _)| document.has_coreference)
        .map(|(document, prediction)| {
            let chars: Vec<char> = document.text.chars().collect();
            let gold = scored_gold(document, options);
            let predicted: Vec<&PredictedMention> = prediction
                .mentions
                .iter()
                .filter(|m| m.in_scope(options))
                .collect();
            let gold_spans: Vec<_> = gold
                .iter()
                .map(|m| scored_span(&chars, m.start, m.end, ""))
                .collect();
            let predicted_spans: Vec<_> = predicted
                .iter()
                .map(|m| scored_span(&chars, m.start, m.end, ""))
                .collect();
            let mut matched = vec![None; gold.len()];
            for (g, p) in exact_pairs(&gold_spans, &predicted_spans, false) {
                matched[g] = Some(predicted[p]);
            }
            let name = document
                .doc_id
                .clone()
                .unwrap_or_else(|| format!("line {}", document.line));
            Aligned {
                name,
                chars,
                gold,
                matched,
                predicted,
            }
        })
        .collect()
}

/// Reads the gold file, runs sitrep on its texts and scores coreference.
pub fn evaluate_coref_file(gold: &Path, options: &EvalOptions) -> Result<CorefReport, EvalError> {
    evaluate_coref_jsonl(&read_gold(gold)?, &gold.display().to_string(), options)
}

/// Like [`evaluate_coref_file`] on gold JSON Lines in memory.
pub fn evaluate_coref_jsonl(
    jsonl: &str,
    source: &str,
    options: &EvalOptions,
) -> Result<CorefReport, EvalError> {
    let documents = gold::parse(jsonl, source)?;
    let predictions = predict(&documents);
    let aligned = align(&documents, &predictions, *options);
    Ok(coref_report(source, *options, &aligned))
}

/// Reads the gold file, runs sitrep on its texts and scores linking.
pub fn evaluate_link_file(gold: &Path, options: &EvalOptions) -> Result<LinkReport, EvalError> {
    evaluate_link_jsonl(&read_gold(gold)?, &gold.display().to_string(), options)
}

/// Like [`evaluate_link_file`] on gold JSON Lines in memory.
pub fn evaluate_link_jsonl(
    jsonl: &str,
    source: &str,
    options: &EvalOptions,
) -> Result<LinkReport, EvalError> {
    let documents = gold::parse(jsonl, source)?;
    let predictions = predict(&documents);
    let aligned = align(&documents, &predictions, *options);
    Ok(link_report(source, *options, &aligned))
}

/// The coreference scores of `predictions` against `documents` (for the
/// mentions report, which shows them beside the span scores).
pub(crate) fn coreference(
    documents: &[GoldDocument],
    predictions: &[Prediction],
    options: EvalOptions,
) -> CorefReport {
    coref_report("", options, &align(documents, predictions, options))
}

/// A predicted cluster end to end: document and `entity_id`, or the index of
/// a gold mention nothing matched (its own singleton).
type PredictedKey<'a> = (usize, Result<&'a str, usize>);

/// A cluster within one document: document index and gold `eid` or `entity_id`.
type DocumentKey<'a> = (usize, &'a str);

fn coref_report(source: &str, options: EvalOptions, aligned: &[Aligned<'_>]) -> CorefReport {
    let mut end_to_end: Vec<(DocumentKey<'_>, PredictedKey<'_>)> = Vec::new();
    let mut matched_only: Vec<(DocumentKey<'_>, DocumentKey<'_>)> = Vec::new();
    let mut errors = CorefErrors::default();
    let mut gold_entities = 0;
    let mut gold_chains = 0;
    for (d, doc) in aligned.iter().enumerate() {
        // Gold entity → its mentions (indices into doc.gold), in text order.
        let mut chains: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (g, mention) in doc.gold.iter().enumerate() {
            let Some(eid) = mention.eid.as_deref() else {
                continue;
            };
            chains.entry(eid).or_default().push(g);
            let predicted = doc.matched[g].and_then(|p| p.entity_id.as_deref());
            end_to_end.push(((d, eid), (d, predicted.ok_or(g))));
            if let Some(entity_id) = predicted {
                matched_only.push(((d, eid), (d, entity_id)));
            }
        }
        gold_entities += chains.len();
        // Predicted entity → gold entity → mention texts.
        let mut predicted_parts: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
        for (eid, members) in &chains {
            let chain = members.len() >= 2;
            gold_chains += usize::from(chain);
            let mut parts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            for &g in members {
                let text = doc.text(doc.gold[g]);
                match doc.matched[g].and_then(|p| p.entity_id.as_deref()) {
                    Some(entity_id) => {
                        parts.entry(entity_id).or_default().push(text.clone());
                        predicted_parts
                            .entry(entity_id)
                            .or_default()
                            .entry(eid)
                            .or_default()
                            .push(text);
                    }
                    None if chain => {
                        errors.missed_in_chains += 1;
                        errors.missed.push(MissedMention {
                            document: doc.name.clone(),
                            text,
                            entity_type: doc.gold[g].entity_type.clone(),
                            chain_size: members.len(),
                            overlapping: doc.overlapping(doc.gold[g]),
                        });
                    }
                    None => errors.missed_singletons += 1,
                }
            }
            if parts.len() > 1 {
                errors.split_links += parts.len() - 1;
                errors.splits.push(ChainError {
                    document: doc.name.clone(),
                    parts: parts.into_values().collect(),
                });
            }
        }
        for parts in predicted_parts.into_values() {
            if parts.len() > 1 {
                errors.merge_links += parts.len() - 1;
                errors.merges.push(ChainError {
                    document: doc.name.clone(),
                    parts: parts.into_values().collect(),
                });
            }
        }
    }
    CorefReport {
        source: source.to_owned(),
        options,
        documents: aligned.len(),
        gold_mentions: end_to_end.len(),
        gold_entities,
        gold_chains,
        matched_mentions: matched_only.len(),
        end_to_end: coref::score(&end_to_end),
        matched_only: coref::score(&matched_only),
        errors,
    }
}

fn link_report(source: &str, options: EvalOptions, aligned: &[Aligned<'_>]) -> LinkReport {
    let mut report = LinkReport {
        source: source.to_owned(),
        options,
        documents: aligned.len(),
        gold_ids: 0,
        correct: 0,
        wrong: 0,
        unlinked: 0,
        missed: 0,
        score: Score::default(),
        linked_without_gold_id: 0,
        errors: Vec::new(),
    };
    for doc in aligned {
        for (mention, matched) in doc.gold.iter().zip(&doc.matched) {
            let predicted = matched.and_then(|p| p.kb_id.clone());
            let wikidata = predicted.as_deref().filter(|id| is_wikidata(id));
            let kind = match (mention.wikidata.as_deref(), wikidata) {
                (Some(gold), Some(id)) if gold == id => {
                    report.correct += 1;
                    None
                }
                (Some(_), Some(_)) => {
                    report.wrong += 1;
                    Some("wrong")
                }
                (Some(_), None) if matched.is_some() => {
                    report.unlinked += 1;
                    Some("unlinked")
                }
                (Some(_), None) => {
                    report.missed += 1;
                    Some("missed")
                }
                (None, Some(_)) => {
                    report.linked_without_gold_id += 1;
                    Some("no_gold_id")
                }
                (None, None) => None,
            };
            report.gold_ids += usize::from(mention.wikidata.is_some());
            if let Some(kind) = kind {
                report.errors.push(LinkError {
                    document: doc.name.clone(),
                    text: doc.text(mention),
                    kind,
                    gold: mention.wikidata.clone(),
                    predicted,
                });
            }
        }
    }
    report.score = Score {
        tp: report.correct,
        fp: report.wrong,
        fn_: report.gold_ids - report.correct,
    };
    report
}

impl CorefReport {
    /// Scores, error buckets and the first examples of each, as Markdown.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# sitrep coreference: {}\n", self.source);
        let _ = writeln!(
            out,
            "{} documents; {} scored gold mentions in {} gold entities ({} chains of 2+); \
             {} matched exactly by a prediction.\n",
            self.documents,
            self.gold_mentions,
            self.gold_entities,
            self.gold_chains,
            self.matched_mentions
        );
        out.push_str("End to end (a missed gold mention is its own singleton):\n\n");
        coref_table(&mut out, &self.end_to_end);
        out.push_str("\nMatched mentions only:\n\n");
        coref_table(&mut out, &self.matched_only);
        let e = &self.errors;
        let _ = writeln!(
            out,
            "\n| error | count |\n|---|---:|\n\
             | missed mentions of chains | {} |\n| missed singletons | {} |\n\
             | links lost by splits | {} |\n| wrong links by merges | {} |\n",
            e.missed_in_chains, e.missed_singletons, e.split_links, e.merge_links
        );
        let parts = |error: &ChainError| {
            error
                .parts
                .iter()
                .map(|part| dedup(part).join(" / "))
                .collect::<Vec<_>>()
                .join("  ‖  ")
        };
        for (title, list) in [("Splits", &e.splits), ("Merges", &e.merges)] {
            let _ = writeln!(out, "{title} ({}):\n", list.len());
            for error in list.iter().take(SHOWN) {
                let _ = writeln!(out, "- {}: {}", error.document, parts(error));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "Missed chain mentions ({}):\n", e.missed.len());
        for missed in e.missed.iter().take(SHOWN) {
            let found = missed
                .overlapping
                .as_deref()
                .map_or_else(|| "not found".to_owned(), |p| format!("found {p}"));
            let _ = writeln!(
                out,
                "- {}: {} ({}, chain of {}; {found})",
                missed.document, missed.text, missed.entity_type, missed.chain_size
            );
        }
        out
    }
}

impl LinkReport {
    /// Scores and the errors, as Markdown.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# sitrep linking: {}\n", self.source);
        let _ = writeln!(
            out,
            "{} documents; {} scored gold mentions with a Wikidata id: {} correct, {} wrong, \
             {} unlinked, {} missed.\n",
            self.documents, self.gold_ids, self.correct, self.wrong, self.unlinked, self.missed
        );
        let s = &self.score;
        let _ = writeln!(
            out,
            "| where gold has an id | precision | recall | F1 |\n|---|---:|---:|---:|\n\
             | mentions | {:.3} | {:.3} | {:.3} |\n",
            s.precision(),
            s.recall(),
            s.f1()
        );
        let _ = writeln!(
            out,
            "Linked to a Wikidata id where gold has none: {}.\n",
            self.linked_without_gold_id
        );
        let mut by_kind: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for error in &self.errors {
            let line = format!(
                "{}: {} (gold {}, sitrep {})",
                error.document,
                error.text,
                error.gold.as_deref().unwrap_or("-"),
                error.predicted.as_deref().unwrap_or("-")
            );
            by_kind.entry(error.kind).or_default().insert(line);
        }
        for (kind, lines) in by_kind {
            let _ = writeln!(out, "{kind} ({} distinct):\n", lines.len());
            for line in lines.iter().take(SHOWN) {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
        out
    }
}

/// The distinct texts of `texts`, first occurrence order.
fn dedup(texts: &[String]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    texts
        .iter()
        .filter(|t| seen.insert(t.as_str()))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests;
