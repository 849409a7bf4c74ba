//! Part-of-speech tagger: greedy left-to-right averaged perceptron.
//!
//! A class is a (UPOS, XPOS) pair seen in training, so both tags come from
//! one decision. Frequent words that always carry the same tag in training
//! (a tag dictionary: seen at least 20 times, one tag at least 97 % of the
//! time) skip the classifier. Every other word is scored on its form, lower
//! form, suffixes, prefixes and shape, its neighbours two words either side,
//! the two tags already chosen before it, the *ambiguity class* (the set
//! of tags seen in training) of itself and the next two words, and the Brown
//! clusters (path prefixes of 4, 6, 10 bits and the whole path) and frequency
//! band of itself and its neighbours, which carry what unlabelled text says
//! about words the treebank rarely or never shows.

use std::collections::HashMap;

use crate::ModelError;
use crate::bytes::{Reader, Writer};
use crate::clusters::Clusters;
use crate::hash::{BuildKeyHasher, feature, hash_str};
use crate::perceptron::{Trainer, Weights, best};
use crate::train::{Rng, TrainSentence};
use crate::words::{NONE, WordKeys};

/// Minimum count and purity for the tag dictionary.
const DICT_MIN_COUNT: u32 = 20;
const DICT_MIN_SHARE: f64 = 0.97;
/// Minimum count for a word's ambiguity class.
const AMBIGUITY_MIN_COUNT: u32 = 2;

/// The trained tagger.
#[derive(Debug, Clone)]
pub(crate) struct Tagger {
    /// UPOS of each class.
    pub(crate) upos: Vec<String>,
    /// XPOS of each class.
    pub(crate) xpos: Vec<String>,
    dictionary: HashMap<u64, u16, BuildKeyHasher>,
    ambiguity: HashMap<u64, u64, BuildKeyHasher>,
    weights: Weights,
}

/// Per-sentence scratch space.
#[derive(Debug, Default)]
pub(crate) struct TagScratch {
    features: Vec<u64>,
    scores: Vec<i32>,
    ambiguity: Vec<u64>,
}

fn word_at(keys: &[WordKeys], i: usize, offset: isize) -> &WordKeys {
    i.checked_add_signed(offset)
        .and_then(|j| keys.get(j))
        .unwrap_or(&WordKeys::EMPTY)
}

fn ambiguity_at(ambiguity: &[u64], i: usize, offset: isize) -> u64 {
    i.checked_add_signed(offset)
        .and_then(|j| ambiguity.get(j))
        .copied()
        .unwrap_or(NONE)
}

/// Features of word `i`, given the classes of the two words before it (`0` = none).
fn features(
    keys: &[WordKeys],
    ambiguity: &[u64],
    i: usize,
    prev: u64,
    prev2: u64,
    out: &mut Vec<u64>,
) {
    let w = &keys[i];
    let p1 = word_at(keys, i, -1);
    let p2 = word_at(keys, i, -2);
    let n1 = word_at(keys, i, 1);
    let n2 = word_at(keys, i, 2);
    let a0 = ambiguity[i];
    let a1 = ambiguity_at(ambiguity, i, 1);
    let a2 = ambiguity_at(ambiguity, i, 2);
    let first = u64::from(i == 0);
    out.clear();
    out.extend_from_slice(&[
        feature(0, &[]),
        feature(1, &[w.lower]),
        feature(2, &[w.form]),
        feature(3, &[w.suffix[0]]),
        feature(4, &[w.suffix[1]]),
        feature(5, &[w.suffix[2]]),
        feature(6, &[w.suffix[3]]),
        feature(7, &[w.prefix[0]]),
        feature(8, &[w.prefix[1]]),
        feature(9, &[w.prefix[2]]),
        feature(10, &[w.shape]),
        feature(11, &[p1.lower]),
        feature(12, &[n1.lower]),
        feature(13, &[p2.lower]),
        feature(14, &[n2.lower]),
        feature(15, &[prev]),
        feature(16, &[prev2, prev]),
        feature(17, &[prev, w.lower]),
        feature(18, &[p1.suffix[2]]),
        feature(19, &[n1.suffix[2]]),
        feature(20, &[n1.shape]),
        feature(21, &[p1.shape]),
        feature(22, &[p1.lower, w.lower]),
        feature(23, &[w.lower, n1.lower]),
        feature(24, &[first, w.shape]),
        feature(25, &[prev, w.suffix[2]]),
        feature(26, &[a0]),
        feature(27, &[a1]),
        feature(28, &[a2]),
        feature(29, &[prev, a1]),
        feature(30, &[a0, a1]),
        feature(31, &[prev, a0]),
        feature(32, &[first, w.form]),
        feature(33, &[n1.suffix[0], w.lower]),
        feature(34, &[w.shape, n1.shape, p1.shape]),
        // Brown clusters: whole path and coarser prefixes.
        feature(35, &[w.cluster[0]]),
        feature(36, &[w.cluster[1]]),
        feature(37, &[w.cluster[2]]),
        feature(38, &[w.cluster[3]]),
        feature(39, &[p1.cluster[3]]),
        feature(40, &[n1.cluster[3]]),
        feature(41, &[p1.cluster[1]]),
        feature(42, &[n1.cluster[1]]),
        feature(43, &[prev, w.cluster[1]]),
        feature(44, &[w.band, w.shape]),
        feature(45, &[w.cluster[1], w.suffix[2]]),
    ]);
}

impl Tagger {
    fn ambiguity_classes(&self, keys: &[WordKeys], out: &mut Vec<u64>) {
        out.clear();
        out.extend(
            keys.iter()
                .map(|k| self.ambiguity.get(&k.form).copied().unwrap_or(NONE)),
        );
    }

    /// Tags a sentence; returns the class of each word.
    pub(crate) fn tag(&self, keys: &[WordKeys], scratch: &mut TagScratch, out: &mut Vec<u16>) {
        self.tag_constrained(keys, &[], scratch, out);
    }

    /// [`Self::tag`] where `proper[i]` forces word `i` to a proper-noun
    /// class (UPOS `PROPN`; the classifier picks among them, so `NNP` or
    /// `NNPS`); an empty `proper` forces nothing.
    pub(crate) fn tag_constrained(
        &self,
        keys: &[WordKeys],
        proper: &[bool],
        scratch: &mut TagScratch,
        out: &mut Vec<u16>,
    ) {
        out.clear();
        self.ambiguity_classes(keys, &mut scratch.ambiguity);
        scratch.scores.resize(self.weights.n_classes(), 0);
        let (mut prev, mut prev2) = (0u64, 0u64);
        for i in 0..keys.len() {
            let forced = proper.get(i).copied().unwrap_or(false);
            let is_proper = |class: usize| self.upos[class] == "PROPN";
            let listed = self
                .dictionary
                .get(&keys[i].form)
                .copied()
                .filter(|&class| !forced || is_proper(usize::from(class)));
            let class = if let Some(class) = listed {
                class
            } else {
                features(
                    keys,
                    &scratch.ambiguity,
                    i,
                    prev,
                    prev2,
                    &mut scratch.features,
                );
                self.weights.scores(&scratch.features, &mut scratch.scores);
                best(&scratch.scores, |c| !forced || is_proper(c)).unwrap_or(0) as u16
            };
            out.push(class);
            prev2 = prev;
            prev = u64::from(class) + 1;
        }
    }

    /// Number of classes.
    pub(crate) fn n_classes(&self) -> usize {
        self.upos.len()
    }

    /// Number of weights kept.
    pub(crate) fn n_weights(&self) -> usize {
        self.weights.len()
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.strs(&self.upos);
        out.strs(&self.xpos);
        let mut dictionary: Vec<(u64, u16)> =
            self.dictionary.iter().map(|(&k, &v)| (k, v)).collect();
        dictionary.sort_unstable();
        out.len(dictionary.len());
        for (key, class) in dictionary {
            out.u64(key);
            out.u16(class);
        }
        let mut ambiguity: Vec<(u64, u64)> = self.ambiguity.iter().map(|(&k, &v)| (k, v)).collect();
        ambiguity.sort_unstable();
        out.len(ambiguity.len());
        for (key, value) in ambiguity {
            out.u64(key);
            out.u64(value);
        }
        self.weights.write(out);
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Self, ModelError> {
        let upos = input.strs()?;
        let xpos = input.strs()?;
        if upos.len() != xpos.len() || upos.is_empty() {
            return Err(ModelError::Corrupt("tag lists differ in length".into()));
        }
        let mut dictionary = HashMap::with_hasher(BuildKeyHasher);
        for _ in 0..input.len()? {
            let key = input.u64()?;
            let class = input.u16()?;
            if usize::from(class) >= upos.len() {
                return Err(ModelError::Corrupt(
                    "tag dictionary class out of range".into(),
                ));
            }
            dictionary.insert(key, class);
        }
        let mut ambiguity = HashMap::with_hasher(BuildKeyHasher);
        for _ in 0..input.len()? {
            let key = input.u64()?;
            ambiguity.insert(key, input.u64()?);
        }
        let weights = Weights::read(input)?;
        if weights.n_classes() != upos.len() {
            return Err(ModelError::Corrupt(
                "tagger weights do not match its tags".into(),
            ));
        }
        Ok(Self {
            upos,
            xpos,
            dictionary,
            ambiguity,
            weights,
        })
    }

    /// Trains on `sentences` (whose `classes` index `upos`/`xpos`).
    pub(crate) fn train(
        sentences: &[TrainSentence],
        upos: Vec<String>,
        xpos: Vec<String>,
        clusters: &Clusters,
        epochs: usize,
        seed: u64,
    ) -> Self {
        let n_classes = upos.len();
        // Counts per word form and class.
        let mut counts: HashMap<u64, HashMap<u16, u32>, BuildKeyHasher> =
            HashMap::with_hasher(BuildKeyHasher);
        for sentence in sentences {
            for (form, &class) in sentence.forms.iter().zip(&sentence.classes) {
                *counts
                    .entry(hash_str(form))
                    .or_default()
                    .entry(class)
                    .or_default() += 1;
            }
        }
        let mut dictionary = HashMap::with_hasher(BuildKeyHasher);
        let mut ambiguity = HashMap::with_hasher(BuildKeyHasher);
        for (&form, by_class) in &counts {
            let total: u32 = by_class.values().sum();
            let mut classes: Vec<(u16, u32)> = by_class.iter().map(|(&c, &n)| (c, n)).collect();
            classes.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let (top, top_count) = classes[0];
            if total >= DICT_MIN_COUNT && f64::from(top_count) >= DICT_MIN_SHARE * f64::from(total)
            {
                dictionary.insert(form, top);
            }
            if total >= AMBIGUITY_MIN_COUNT {
                let mut set: Vec<u16> = classes.iter().map(|&(c, _)| c).collect();
                set.sort_unstable();
                let key = set.iter().fold(0x00a3_b1c5_u64, |acc, &c| {
                    crate::hash::mix(acc, u64::from(c))
                });
                ambiguity.insert(form, key);
            }
        }
        let mut tagger = Self {
            upos,
            xpos,
            dictionary,
            ambiguity,
            weights: Trainer::new(n_classes).averaged(0),
        };
        let mut buffer = String::new();
        let prepared: Vec<(Vec<WordKeys>, Vec<u64>)> = sentences
            .iter()
            .map(|s| {
                let keys: Vec<WordKeys> = s
                    .forms
                    .iter()
                    .map(|f| WordKeys::new(f, &mut buffer, clusters))
                    .collect();
                let mut amb = Vec::new();
                tagger.ambiguity_classes(&keys, &mut amb);
                (keys, amb)
            })
            .collect();
        let mut trainer = Trainer::new(n_classes);
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = Rng::new(seed);
        let mut scores = vec![0i64; n_classes];
        let mut feats = Vec::new();
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &s in &order {
                let (keys, amb) = &prepared[s];
                let gold = &sentences[s].classes;
                let (mut prev, mut prev2) = (0u64, 0u64);
                for i in 0..keys.len() {
                    let class = if let Some(&class) = tagger.dictionary.get(&keys[i].form) {
                        class
                    } else {
                        features(keys, amb, i, prev, prev2, &mut feats);
                        trainer.scores(&feats, &mut scores);
                        let guess = best(&scores, |_| true).unwrap_or(0);
                        trainer.update(&feats, usize::from(gold[i]), guess);
                        trainer.tick();
                        guess as u16
                    };
                    prev2 = prev;
                    prev = u64::from(class) + 1;
                }
            }
        }
        tagger.weights = trainer.averaged(crate::train::MIN_MISTAKES);
        tagger
    }
}
