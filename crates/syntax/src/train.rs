//! Training: from CoNLL-U treebank files to a [`SyntaxModel`], reproducibly.
//!
//! The tag classes and relations are sorted by name, sentences are visited
//! in an order drawn from a fixed-seed generator, and the perceptron learns
//! with integer arithmetic, so the same data and settings give the same
//! model bytes on every machine. The parser learns from tags predicted by
//! taggers that did not see the sentence (*jackknifing*: the training
//! sentences are split into folds, each tagged by a tagger trained on the
//! others), so it meets the kind of tagging errors it will see at run time.

use std::collections::BTreeSet;

use crate::SyntaxModel;
use crate::clusters::Clusters;
use crate::conllu::ConlluSentence;
use crate::lemma::Lemmatiser;
use crate::parser::Parser;
use crate::tagger::{TagScratch, Tagger};
use crate::words::WordKeys;

/// Features that took part in fewer updates than this are left out of the model.
pub(crate) const MIN_MISTAKES: u32 = 2;

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainConfig {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Folds for jackknifed parser training tags (1 = gold tags).
    pub folds: usize,
    /// Seed of the sentence-order generator.
    pub seed: u64,
    /// Parser beam width (1: greedy, trained with a dynamic oracle; more:
    /// beam search, trained globally with max-violation updates).
    pub beam: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            tagger_epochs: 12,
            parser_epochs: 12,
            folds: 5,
            seed: 3,
            beam: 1,
        }
    }
}

/// A training sentence with class and relation indices.
#[derive(Debug, Clone)]
pub(crate) struct TrainSentence {
    pub(crate) forms: Vec<String>,
    pub(crate) classes: Vec<u16>,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u16>,
}

/// A small fixed-seed generator (xorshift64*), enough for shuffling.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(crate::hash::finish(seed) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// What training did, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainReport {
    /// Training sentences used.
    pub sentences: usize,
    /// Sentences skipped (a word without a head or relation).
    pub skipped: usize,
    /// Tag classes (UPOS, XPOS pairs).
    pub tag_classes: usize,
    /// Dependency relations.
    pub relations: usize,
    /// Tagger weights kept.
    pub tagger_weights: usize,
    /// Parser weights kept.
    pub parser_weights: usize,
}

/// Training sentences with class and relation indices, the (UPOS, XPOS)
/// pairs and relations they index (sorted), the sentences used and the number skipped.
#[expect(clippy::type_complexity, reason = "one private helper's tuple")]
fn prepare(
    treebank: &[ConlluSentence],
) -> (
    Vec<TrainSentence>,
    Vec<(&str, &str)>,
    Vec<&str>,
    Vec<&ConlluSentence>,
) {
    let usable: Vec<&ConlluSentence> = treebank
        .iter()
        .filter(|s| {
            !s.words.is_empty()
                && s.words
                    .iter()
                    .all(|w| w.head.is_some() && w.deprel != "_" && w.upos != "_")
        })
        .collect();
    let pairs: BTreeSet<(&str, &str)> = usable
        .iter()
        .flat_map(|s| s.words.iter().map(|w| (w.upos.as_str(), w.xpos.as_str())))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let relations: BTreeSet<&str> = usable
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.as_str()))
        .collect();
    let relations: Vec<&str> = relations.into_iter().collect();
    let sentences: Vec<TrainSentence> = usable
        .iter()
        .map(|s| TrainSentence {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            classes: s
                .words
                .iter()
                .map(|w| {
                    let key = (w.upos.as_str(), w.xpos.as_str());
                    pairs.binary_search(&key).expect("pair collected above") as u16
                })
                .collect(),
            heads: s
                .words
                .iter()
                .map(|w| w.head.expect("filtered") as u32)
                .collect(),
            labels: s
                .words
                .iter()
                .map(|w| {
                    relations
                        .binary_search(&w.deprel.as_str())
                        .expect("collected") as u16
                })
                .collect(),
        })
        .collect();
    (sentences, pairs, relations, usable)
}

/// Trains a model on treebank sentences, with word clusters (see [`Clusters::parse_tsv`]).
#[must_use]
pub fn train(
    treebank: &[ConlluSentence],
    clusters: Clusters,
    config: TrainConfig,
) -> (SyntaxModel, TrainReport) {
    train_with_progress(treebank, clusters, config, &mut |_, _| {})
}

/// [`train`], calling `on_parser_epoch` with the model after each parser
/// epoch but the last (for learning curves).
pub fn train_with_progress(
    treebank: &[ConlluSentence],
    clusters: Clusters,
    config: TrainConfig,
    on_parser_epoch: &mut dyn FnMut(usize, &SyntaxModel),
) -> (SyntaxModel, TrainReport) {
    let (sentences, pairs, relations, usable) = prepare(treebank);
    let upos: Vec<String> = pairs.iter().map(|p| p.0.to_owned()).collect();
    let xpos: Vec<String> = pairs.iter().map(|p| p.1.to_owned()).collect();
    let tagger = Tagger::train(
        &sentences,
        upos.clone(),
        xpos.clone(),
        &clusters,
        config.tagger_epochs,
        config.seed,
    );
    let lemmatiser = Lemmatiser::train(usable.iter().flat_map(|s| {
        s.words
            .iter()
            .map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str()))
    }));
    let tags = parser_training_tags(&sentences, &upos, &xpos, &clusters, config);
    let parser = Parser::train(
        &sentences,
        &tags,
        relations.iter().map(|&r| r.to_owned()).collect(),
        &upos,
        &clusters,
        (config.parser_epochs, config.seed, config.beam),
        &mut |epoch, parser| {
            on_parser_epoch(
                epoch,
                &SyntaxModel {
                    clusters: clusters.clone(),
                    tagger: tagger.clone(),
                    lemmatiser: lemmatiser.clone(),
                    parser: parser.clone(),
                },
            );
        },
    );
    let report = TrainReport {
        sentences: sentences.len(),
        skipped: treebank.len() - usable.len(),
        tag_classes: pairs.len(),
        relations: relations.len(),
        tagger_weights: tagger.n_weights(),
        parser_weights: parser.n_weights(),
    };
    (
        SyntaxModel {
            clusters,
            tagger,
            lemmatiser,
            parser,
        },
        report,
    )
}

/// For experiments with the parser: [`train_with_progress`] keeping the
/// clusters, tagger and lemmatiser of `base` (trained on the same treebank
/// with the same settings) and, when given, the jackknifed training tags
/// of an earlier run; returns the model and the tags for the next run.
pub fn retrain_parser(
    treebank: &[ConlluSentence],
    base: &SyntaxModel,
    config: TrainConfig,
    tags: Option<Vec<Vec<u16>>>,
    on_parser_epoch: &mut dyn FnMut(usize, &SyntaxModel),
) -> (SyntaxModel, Vec<Vec<u16>>) {
    let (sentences, pairs, relations, _) = prepare(treebank);
    let upos: Vec<String> = pairs.iter().map(|p| p.0.to_owned()).collect();
    let xpos: Vec<String> = pairs.iter().map(|p| p.1.to_owned()).collect();
    assert_eq!(upos, base.tagger.upos, "base model from the same treebank");
    let tags = tags.unwrap_or_else(|| {
        let jackknife = TrainConfig {
            parser_epochs: 1,
            ..config
        };
        parser_training_tags(&sentences, &upos, &xpos, &base.clusters, jackknife)
    });
    let parser = Parser::train(
        &sentences,
        &tags,
        relations.iter().map(|&r| r.to_owned()).collect(),
        &upos,
        &base.clusters,
        (config.parser_epochs, config.seed, config.beam),
        &mut |epoch, parser| {
            let mut model = base.clone();
            model.parser = parser.clone();
            on_parser_epoch(epoch, &model);
        },
    );
    let mut model = base.clone();
    model.parser = parser;
    (model, tags)
}

/// Tags for parser training: gold with one fold, else jackknifed predictions.
fn parser_training_tags(
    sentences: &[TrainSentence],
    upos: &[String],
    xpos: &[String],
    clusters: &Clusters,
    config: TrainConfig,
) -> Vec<Vec<u16>> {
    if config.folds <= 1 || config.parser_epochs == 0 {
        return sentences.iter().map(|s| s.classes.clone()).collect();
    }
    let mut tags = vec![Vec::new(); sentences.len()];
    let mut buffer = String::new();
    let mut scratch = TagScratch::default();
    for fold in 0..config.folds {
        let rest: Vec<TrainSentence> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % config.folds != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let tagger = Tagger::train(
            &rest,
            upos.to_vec(),
            xpos.to_vec(),
            clusters,
            config.tagger_epochs,
            config.seed,
        );
        for (i, sentence) in sentences.iter().enumerate() {
            if i % config.folds == fold {
                let keys: Vec<WordKeys> = sentence
                    .forms
                    .iter()
                    .map(|f| WordKeys::new(f, &mut buffer, clusters))
                    .collect();
                tagger.tag(&keys, &mut scratch, &mut tags[i]);
            }
        }
    }
    tags
}
