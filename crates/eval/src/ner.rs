//! `sitrep eval ner`: the entity-mention stage alone against gold names, per
//! type, with a listing of every error.
//!
//! Gold and prediction go through the same preparation as the full
//! evaluation (crate docs): gold named `person`/`place`/`organization`
//! mentions (UNER `PER`/`LOC`/`ORG`), predictions mapped PERSON → person,
//! ORG → organization, GPE/LOC/FAC → place, NORP unscored, spans of both
//! normalised (leading `the`, trailing `'s` dropped). Normalise, the
//! mentions stage and the within-article step the pipeline runs on its rows
//! before writing them ([`sitrep_resolve::annotate_mentions`]: a place name
//! standing for a sports team is retyped ORG) run, so the types scored are
//! the `mentions` table's; its pronoun and nominal rows are left out.
//! Cross-article resolution plays no part. Names the sink nests inside
//! longer ones (`method = nested`, `Texas` in `University of Texas`) are
//! scored when the gold file itself nests names (GUM does); against a flat
//! scheme (Universal NER: one span per stretch of text) they are left out
//! and counted in [`NerReport::nested_predictions`], as a user of flat names
//! drops that method.
//!
//! **Matching**: `exact` pairs equal spans of equal type one to one;
//! `overlap` pairs spans sharing a character, same type, as many pairs as
//! possible. **Errors**, for what is left unmatched in each document:
//! a prediction on the exact span of a gold name with another type is a
//! *wrong type*; a prediction overlapping a gold name with other bounds is a
//! *wrong boundary* (its type may differ too); a gold name no prediction
//! touches is *missed*; a prediction touching no gold name is *spurious*.
//! Each unmatched item is listed once, under the first kind that fits.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use sitrep_core::KnowledgeBase;
use sitrep_core::component::Component;
use sitrep_extract::mentions::MentionFinder;

use crate::gold::{self, GoldDocument, ORGANIZATION, PERSON, PLACE};
use crate::matching::{Span, exact_pairs, overlap_matches, score_of};
use crate::score::Score;
use crate::{EvalError, article_of, scored_span, scored_type};

/// How spans are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Same normalised span and type.
    Exact,
    /// Spans share a character, same type.
    Overlap,
}

/// Kind of an error (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Gold name with nothing predicted on it.
    Missed,
    /// Prediction where gold has no name.
    Spurious,
    /// Same span, other type.
    WrongType,
    /// Overlapping spans with other bounds.
    WrongBoundary,
}

impl ErrorKind {
    fn label(self) -> &'static str {
        match self {
            Self::Missed => "missed",
            Self::Spurious => "spurious",
            Self::WrongType => "wrong type",
            Self::WrongBoundary => "wrong boundary",
        }
    }
}

/// One span side of an error: text and scored type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorSpan {
    /// Text of the (normalised) span.
    pub text: String,
    /// Scored type.
    pub entity_type: String,
    /// Character offsets into the gold document's text.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
}

/// One error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NerError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Line of the gold document.
    pub line: usize,
    /// The gold name, if any.
    pub gold: Option<ErrorSpan>,
    /// The prediction, if any.
    pub predicted: Option<ErrorSpan>,
}

/// Scores of the mention stage on one gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerReport {
    /// The gold file.
    pub source: String,
    /// Matching used.
    pub matching: MatchMode,
    /// Gold documents.
    pub documents: usize,
    /// All scored types together.
    pub overall: Score,
    /// Per gold type.
    pub per_type: BTreeMap<String, Score>,
    /// Predictions not scored (NORP).
    pub unscored_predictions: usize,
    /// Whether the gold file nests names (a gold name inside another), so
    /// that nested predictions are scored.
    pub gold_nests_names: bool,
    /// Nested-name predictions (`method = nested`), scored or not.
    pub nested_predictions: usize,
    /// Number of errors of each kind.
    pub error_counts: BTreeMap<String, usize>,
    /// Every error, in document order.
    pub errors: Vec<NerError>,
}

/// Runs normalise and `finder` on every document of `jsonl` and scores the
/// mentions.
pub fn evaluate_ner(
    jsonl: &str,
    source: &str,
    matching: MatchMode,
    finder: &MentionFinder,
) -> Result<NerReport, EvalError> {
    let documents = gold::parse(jsonl, source)?;
    let mut report = NerReport {
        source: source.to_owned(),
        matching,
        documents: documents.len(),
        overall: Score::default(),
        per_type: [PERSON, PLACE, ORGANIZATION]
            .into_iter()
            .map(|t| (t.to_owned(), Score::default()))
            .collect(),
        unscored_predictions: 0,
        gold_nests_names: documents.iter().any(nests_names),
        nested_predictions: 0,
        error_counts: BTreeMap::new(),
        errors: Vec::new(),
    };
    for document in &documents {
        score_document(document, matching, finder, &mut report);
    }
    for error in &report.errors {
        *report
            .error_counts
            .entry(error.kind.label().to_owned())
            .or_default() += 1;
    }
    Ok(report)
}

/// Whether a scored gold name of `document` lies inside a longer one.
fn nests_names(document: &GoldDocument) -> bool {
    let names: Vec<(usize, usize)> = document
        .mentions
        .iter()
        .filter(|m| m.proper && [PERSON, PLACE, ORGANIZATION].contains(&m.entity_type.as_str()))
        .map(|m| (m.start, m.end))
        .collect();
    names.iter().any(|&(s, e)| {
        names
            .iter()
            .any(|&(os, oe)| os <= s && e <= oe && oe - os > e - s)
    })
}

/// Scores one document into `report`.
fn score_document(
    document: &GoldDocument,
    matching: MatchMode,
    finder: &MentionFinder,
    report: &mut NerReport,
) {
    let chars: Vec<char> = document.text.chars().collect();
    let gold: Vec<Span<'_>> = document
        .mentions
        .iter()
        .filter(|m| m.proper && [PERSON, PLACE, ORGANIZATION].contains(&m.entity_type.as_str()))
        .map(|m| scored_span(&chars, m.start, m.end, m.entity_type.as_str()))
        .collect();
    let mut doc = sitrep_normalise::normalise(article_of(document));
    finder.annotate(&mut doc);
    let mut mentions = sitrep_extract::sink::mention_rows(&doc);
    sitrep_resolve::annotate_mentions(&doc, &mut mentions, KnowledgeBase::linking());
    sitrep_extract::sink::push_nested_mentions(&doc, &mut mentions);
    let mut predicted = Vec::new();
    for mention in mentions
        .iter()
        .filter(|m| !sitrep_resolve::anaphora::is_anaphor(m))
    {
        if mention.method == sitrep_extract::mentions::NESTED {
            report.nested_predictions += 1;
            if !report.gold_nests_names {
                continue;
            }
        }
        match scored_type(&mention.entity_type) {
            Some(t) => predicted.push(scored_span(
                &chars,
                mention.start as usize,
                mention.end as usize,
                t,
            )),
            None => report.unscored_predictions += 1,
        }
    }
    let matched = match matching {
        MatchMode::Exact => exact_pairs(&gold, &predicted, true),
        MatchMode::Overlap => overlap_pairs(&gold, &predicted),
    };
    let matched_count = match matching {
        MatchMode::Exact => matched.len(),
        MatchMode::Overlap => overlap_matches(&gold, &predicted, true),
    };
    report
        .overall
        .add(score_of(matched_count, gold.len(), predicted.len()));
    for (entity_type, score) in &mut report.per_type {
        let g: Vec<Span<'_>> = gold
            .iter()
            .filter(|s| s.entity_type == entity_type)
            .copied()
            .collect();
        let p: Vec<Span<'_>> = predicted
            .iter()
            .filter(|s| s.entity_type == entity_type)
            .copied()
            .collect();
        let n = match matching {
            MatchMode::Exact => exact_pairs(&g, &p, true).len(),
            MatchMode::Overlap => overlap_matches(&g, &p, true),
        };
        score.add(score_of(n, g.len(), p.len()));
    }
    list_errors(document, &chars, &gold, &predicted, &matched, report);
}

/// One-to-one typed overlap pairs, greedily in gold order, for the error
/// listing (the score counts [`overlap_matches`], the maximum).
fn overlap_pairs(gold: &[Span<'_>], predicted: &[Span<'_>]) -> Vec<(usize, usize)> {
    let mut taken = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (g, gs) in gold.iter().enumerate() {
        if let Some(p) = (0..predicted.len()).find(|&p| {
            let ps = &predicted[p];
            !taken[p] && gs.start < ps.end && ps.start < gs.end && gs.entity_type == ps.entity_type
        }) {
            taken[p] = true;
            pairs.push((g, p));
        }
    }
    pairs
}

/// Adds the errors of one document (see the module docs).
fn list_errors(
    document: &GoldDocument,
    chars: &[char],
    gold: &[Span<'_>],
    predicted: &[Span<'_>],
    matched: &[(usize, usize)],
    report: &mut NerReport,
) {
    let side = |s: &Span<'_>| ErrorSpan {
        text: chars[s.start..s.end].iter().collect(),
        entity_type: s.entity_type.to_owned(),
        start: s.start,
        end: s.end,
    };
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    for &(g, p) in matched {
        gold_used[g] = true;
        predicted_used[p] = true;
    }
    let mut errors = Vec::new();
    let overlaps = |g: &Span<'_>, p: &Span<'_>| g.start < p.end && p.start < g.end;
    for kind in [ErrorKind::WrongType, ErrorKind::WrongBoundary] {
        for (g, gs) in gold.iter().enumerate() {
            if gold_used[g] {
                continue;
            }
            let found = (0..predicted.len()).find(|&p| {
                let ps = &predicted[p];
                !predicted_used[p]
                    && match kind {
                        ErrorKind::WrongType => ps.start == gs.start && ps.end == gs.end,
                        _ => overlaps(gs, ps),
                    }
            });
            if let Some(p) = found {
                gold_used[g] = true;
                predicted_used[p] = true;
                errors.push(NerError {
                    kind,
                    line: document.line,
                    gold: Some(side(gs)),
                    predicted: Some(side(&predicted[p])),
                });
            }
        }
    }
    for (g, gs) in gold.iter().enumerate() {
        if !gold_used[g] {
            errors.push(NerError {
                kind: ErrorKind::Missed,
                line: document.line,
                gold: Some(side(gs)),
                predicted: None,
            });
        }
    }
    for (p, ps) in predicted.iter().enumerate() {
        if !predicted_used[p] {
            errors.push(NerError {
                kind: ErrorKind::Spurious,
                line: document.line,
                gold: None,
                predicted: Some(side(ps)),
            });
        }
    }
    let position = |e: &NerError| {
        e.gold
            .as_ref()
            .or(e.predicted.as_ref())
            .map_or(0, |s| s.start)
    };
    errors.sort_by_key(|e| (position(e), e.kind));
    report.errors.extend(errors);
}

impl NerReport {
    /// Markdown: the score table, error counts, then every error.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let mode = match self.matching {
            MatchMode::Exact => "exact",
            MatchMode::Overlap => "overlap",
        };
        let _ = writeln!(
            out,
            "# NER: {} ({} documents, {mode} match, typed)\n",
            self.source, self.documents
        );
        let _ = writeln!(out, "| type | gold | predicted | P | R | F1 |");
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        let row = |out: &mut String, name: &str, s: &Score| {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {:.3} | {:.3} | {:.3} |",
                s.tp + s.fn_,
                s.tp + s.fp,
                s.precision(),
                s.recall(),
                s.f1()
            );
        };
        for (name, score) in &self.per_type {
            row(&mut out, name, score);
        }
        row(&mut out, "**all**", &self.overall);
        let _ = writeln!(
            out,
            "\nUnscored predictions (NORP): {}\n",
            self.unscored_predictions
        );
        let _ = writeln!(
            out,
            "Nested names predicted (method nested): {}, {}\n",
            self.nested_predictions,
            if self.gold_nests_names {
                "scored (the gold file nests names)"
            } else {
                "not scored (the gold file has no nested names)"
            }
        );
        let _ = writeln!(out, "| error | count |\n|---|---:|");
        for (kind, count) in &self.error_counts {
            let _ = writeln!(out, "| {kind} | {count} |");
        }
        let _ = writeln!(out, "\n## Errors\n");
        let _ = writeln!(
            out,
            "| line | kind | gold | predicted |\n|---:|---|---|---|"
        );
        let cell = |s: &Option<ErrorSpan>| match s {
            Some(s) => format!(
                "{} ({})",
                s.text.replace('|', "\\|").replace('\n', " "),
                s.entity_type
            ),
            None => String::new(),
        };
        for e in &self.errors {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                e.line,
                e.kind.label(),
                cell(&e.gold),
                cell(&e.predicted)
            );
        }
        out
    }
}
