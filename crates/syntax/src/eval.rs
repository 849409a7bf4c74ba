//! Scoring predicted syntax against gold CoNLL-U on gold tokens.
//!
//! Words are compared one by one (the tokens are the gold ones): UPOS, XPOS
//! and lemma accuracy, UAS (right head) and LAS (right head and universal
//! relation, subtypes ignored as in the CoNLL 2018 shared task), over all
//! words including punctuation; per relation, precision, recall and F1 of
//! (head, relation).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::conllu::ConlluSentence;
use crate::{Name, SyntaxModel, universal};

/// Counts for one relation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RelationScore {
    /// Gold words with this relation.
    pub gold: usize,
    /// Predicted words with this relation.
    pub predicted: usize,
    /// Predicted with this relation and the right head, and gold agrees.
    pub correct: usize,
    /// correct / predicted.
    pub precision: f64,
    /// correct / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Accuracy figures (percentages) on gold tokens.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyntaxScores {
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy, %.
    pub upos: f64,
    /// XPOS accuracy, %.
    pub xpos: f64,
    /// Lemma accuracy, %.
    pub lemma: f64,
    /// Unlabelled attachment score, %.
    pub uas: f64,
    /// Labelled attachment score on universal relations, %.
    pub las: f64,
    /// Labelled attachment score with full relations (subtypes too), %.
    pub las_full: f64,
    /// Per universal relation.
    pub relations: BTreeMap<String, RelationScore>,
}

fn percent(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

/// Analyses every gold sentence's words and scores the result.
#[must_use]
pub fn evaluate(model: &SyntaxModel, gold: &[ConlluSentence]) -> SyntaxScores {
    evaluate_named(model, gold, |_| Vec::new())
}

/// [`evaluate`] with the names `names` finds in each sentence's words,
/// analysed as the pipeline does ([`SyntaxModel::analyse_sentence_named`]).
#[must_use]
pub fn evaluate_named(
    model: &SyntaxModel,
    gold: &[ConlluSentence],
    names: impl Fn(&[&str]) -> Vec<Name>,
) -> SyntaxScores {
    let mut scores = SyntaxScores::default();
    let (mut upos, mut xpos, mut lemma, mut uas, mut las, mut las_full) = (0, 0, 0, 0, 0, 0);
    for sentence in gold {
        if sentence.words.is_empty() {
            continue;
        }
        scores.sentences += 1;
        let forms = sentence.forms();
        let predicted = model.analyse_sentence_named(&forms, &names(&forms));
        for (g, p) in sentence.words.iter().zip(&predicted) {
            scores.words += 1;
            upos += usize::from(g.upos == p.upos);
            xpos += usize::from(g.xpos == p.xpos);
            lemma += usize::from(g.lemma == p.lemma);
            let head_ok = g.head == Some(p.head);
            let (gold_rel, predicted_rel) = (universal(&g.deprel), universal(p.deprel));
            uas += usize::from(head_ok);
            las += usize::from(head_ok && gold_rel == predicted_rel);
            las_full += usize::from(head_ok && g.deprel == p.deprel);
            scores
                .relations
                .entry(gold_rel.to_owned())
                .or_default()
                .gold += 1;
            let entry = scores
                .relations
                .entry(predicted_rel.to_owned())
                .or_default();
            entry.predicted += 1;
            if head_ok && gold_rel == predicted_rel {
                entry.correct += 1;
            }
        }
    }
    let words = scores.words;
    scores.upos = percent(upos, words);
    scores.xpos = percent(xpos, words);
    scores.lemma = percent(lemma, words);
    scores.uas = percent(uas, words);
    scores.las = percent(las, words);
    scores.las_full = percent(las_full, words);
    for relation in scores.relations.values_mut() {
        relation.precision = percent(relation.correct, relation.predicted);
        relation.recall = percent(relation.correct, relation.gold);
        let (p, r) = (relation.precision, relation.recall);
        relation.f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
    }
    scores
}
