//! The evaluation report and its Markdown rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::EvalOptions;
use crate::coref::CorefScores;
use crate::score::Score;

/// Everything measured on one gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// The gold file (or the name given for in-memory input).
    pub source: String,
    /// Options of the run.
    pub options: EvalOptions,
    /// Gold documents read.
    pub documents: usize,
    /// Gold mentions scored (after the `proper_only` and type filters).
    pub gold_mentions: usize,
    /// Predicted mentions scored (PERSON, ORG, GPE, LOC, FAC).
    pub predicted_mentions: usize,
    /// Predicted mentions left out of scoring because gold has no such type (NORP).
    pub unscored_predictions: usize,
    /// Same normalised span and same type.
    pub exact_typed: Score,
    /// Same normalised span, any type.
    pub exact_untyped: Score,
    /// Spans share a character and the types agree (one-to-one).
    pub overlap_typed: Score,
    /// Spans share a character, any type (one-to-one).
    pub overlap_untyped: Score,
    /// Exact typed scores per gold type (`person`, `place`, `organization`).
    pub per_type: BTreeMap<String, Score>,
    /// B-cubed, MUC and CEAF-e over the gold mentions a prediction matched
    /// exactly (span only, any type, NORP predictions included), gold
    /// clusters by `eid`, predicted by `entity_id`, within each document
    /// (as `sitrep eval coref` scores them).
    pub coreference: CorefScores,
    /// The same metrics end to end: over every scored gold mention, a gold
    /// mention no prediction matched being its own predicted singleton.
    pub coreference_end_to_end: CorefScores,
    /// Linking on exactly matched mentions (span only): a predicted Wikidata
    /// `Q…` id (the entity's `wikidata_id`, else its `kb_id`) equal to the gold
    /// `wikidata` is a true positive; a predicted id
    /// that differs from it, or where gold has none, a false positive; a gold
    /// id not predicted, a false negative. Non-Wikidata ids (`geonames:…`)
    /// count as no prediction. Only documents with coreference ids (GUM) are
    /// scored, since UNER has no linking.
    pub linking: Score,
    /// Exact sentence spans against the gold sentences, when the gold file
    /// gives sentences (UNER: one per line); `None` for GUM (paragraphs only).
    pub sentence_boundaries: Option<Score>,
}

impl EvalReport {
    /// A readable Markdown summary: span scores, per type, coreference, linking.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let filter = if self.options.proper_only {
            "named (`proper`) person/place/organization mentions"
        } else {
            "all person/place/organization mentions"
        };
        let _ = writeln!(out, "# sitrep evaluation: {}\n", self.source);
        let _ = writeln!(
            out,
            "{} documents; {} gold mentions ({filter}); {} predicted mentions scored, \
             {} NORP predictions not scored.\n",
            self.documents, self.gold_mentions, self.predicted_mentions, self.unscored_predictions
        );
        out.push_str("| comparison | tp | fp | fn | precision | recall | F1 |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
        let mut row = |name: &str, score: &Score| {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
                score.tp,
                score.fp,
                score.fn_,
                score.precision(),
                score.recall(),
                score.f1()
            );
        };
        row("exact span, typed", &self.exact_typed);
        row("exact span, untyped", &self.exact_untyped);
        row("overlap, typed", &self.overlap_typed);
        row("overlap, untyped", &self.overlap_untyped);
        for (entity_type, score) in &self.per_type {
            row(&format!("exact typed: {entity_type}"), score);
        }
        if self.coreference.mentions > 0 {
            row("linking (Wikidata ids)", &self.linking);
        }
        if let Some(sentences) = &self.sentence_boundaries {
            row("sentence spans", sentences);
        }
        out.push('\n');
        if self.coreference.mentions == 0 {
            out.push_str("Coreference and linking: not annotated in this file.\n");
        } else {
            let _ = writeln!(
                out,
                "Coreference over the {} gold mentions matched exactly ({} gold chains of 2+):\n",
                self.coreference.mentions, self.coreference.gold_chains
            );
            coref_table(&mut out, &self.coreference);
            let _ = writeln!(
                out,
                "\nCoreference end to end over all {} scored gold mentions (a missed mention is \
                 its own singleton):\n",
                self.coreference_end_to_end.mentions
            );
            coref_table(&mut out, &self.coreference_end_to_end);
        }
        out
    }
}

/// One Markdown table of B-cubed, MUC, CEAF-e and their average.
pub(crate) fn coref_table(out: &mut String, scores: &CorefScores) {
    out.push_str("| metric | precision | recall | F1 |\n|---|---:|---:|---:|\n");
    for (name, prf) in [
        ("B-cubed", scores.b_cubed),
        ("MUC", scores.muc),
        ("CEAF-e", scores.ceaf_e),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {:.3} | {:.3} | {:.3} |",
            prf.precision, prf.recall, prf.f1
        );
    }
    let _ = writeln!(out, "| average | | | {:.3} |", scores.average_f1);
}
