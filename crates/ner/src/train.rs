//! Training: a structured averaged perceptron.
//!
//! Each epoch visits the training sentences in a seeded pseudo-random order.
//! For each sentence the current weights tag it with Viterbi; where the
//! predicted labels differ from the gold ones, the features of those tokens
//! gain one for the gold label and lose one for the predicted label, and the
//! transitions likewise. Weights are integers and the order is fixed by the
//! seed, so training is exactly reproducible: the same data and options
//! give the same model bytes on any machine. The final weights are the
//! average of the weights after every sentence (computed lazily: each update
//! is also added to an accumulator scaled by the step it happened at),
//! which generalises much better than the last weights. Training can be
//! run [`TrainOptions::runs`] times, each visiting the sentences in another
//! order, with the averaged weights of the runs added up: one model that
//! votes like an ensemble, whose figures vary less with the seed (the
//! committed model is four runs: with the capitalised-run features they
//! gained more than the spread over seeds, see the README's entity tagger
//! section). The weights are then scaled to 16-bit integers.

use crate::features::{self, TEMPLATES};
use crate::gazetteer::Gazetteer;
use crate::labels::{LABELS, Label};
use crate::model::{Model, viterbi};

/// One training sentence: its tokens and their gold labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Token texts, as the pipeline's tokenizer cuts them.
    pub tokens: Vec<String>,
    /// Gold BILOU label of each token.
    pub labels: Vec<Label>,
    /// Document value of each token (see [`features::DocContext`]).
    pub context: Vec<u8>,
}

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Feature rows are `2^bits`.
    pub bits: u32,
    /// Seed of the visiting order (of the first run).
    pub seed: u64,
    /// Training runs, each visiting the sentences in its own order (the
    /// first with `seed`), whose averaged weights are added up: an
    /// ensemble in one model, steadier across seeds than any one run.
    pub runs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            bits: 20,
            seed: 0x5eed_0f5e_17e9,
            runs: 4,
        }
    }
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Weights being trained, with their averaging accumulators.
struct Weights {
    current: Vec<i32>,
    accumulated: Vec<i64>,
}

impl Weights {
    fn new(len: usize) -> Self {
        Self {
            current: vec![0; len],
            accumulated: vec![0; len],
        }
    }

    fn update(&mut self, index: usize, delta: i32, step: i64) {
        self.current[index] += delta;
        self.accumulated[index] += i64::from(delta) * step;
    }

    /// Averaged weight times `steps`: `current * steps - accumulated`.
    fn averaged(&self, index: usize, steps: i64) -> i64 {
        i64::from(self.current[index]) * steps - self.accumulated[index]
    }
}

/// What one epoch did, for progress messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpochReport {
    /// Epoch number, from 1.
    pub epoch: usize,
    /// Tokens whose predicted label was wrong before the update.
    pub token_errors: usize,
    /// Tokens seen.
    pub tokens: usize,
}

/// Trains a model on `sentences`; `progress` hears about each epoch.
pub fn train(
    sentences: &[Sentence],
    gazetteer: &Gazetteer,
    options: &TrainOptions,
    mut progress: impl FnMut(EpochReport),
) -> Model {
    let bits = options.bits;
    let rows = 1usize << bits;
    // Features never change: compute them once.
    let mut features = Vec::new();
    let mut starts = Vec::with_capacity(sentences.len() + 1);
    starts.push(0);
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        features::extract(&tokens, &sentence.context, gazetteer, bits, &mut features);
        starts.push(features.len());
    }
    let runs = options.runs.max(1);
    let mut emission_sum: Vec<i64> = Vec::new();
    let mut transition_sum: Vec<i64> = Vec::new();
    for run in 0..runs {
        // The first run uses the seed itself, so one run gives what
        // training gave before runs were averaged.
        let seed = options
            .seed
            .wrapping_add((run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c16));
        let (emission, transition, steps) = train_run(
            sentences,
            &features,
            &starts,
            rows,
            seed,
            options.epochs,
            run,
            &mut progress,
        );
        if runs == 1 {
            return finish(
                bits,
                |i| emission.averaged(i, steps),
                |i| transition.averaged(i, steps),
            );
        }
        // Every run takes the same number of steps, so the averaged
        // weights (times `steps`) of the runs can simply be added.
        emission_sum.resize(emission.current.len(), 0);
        transition_sum.resize(transition.current.len(), 0);
        for (i, sum) in emission_sum.iter_mut().enumerate() {
            *sum += emission.averaged(i, steps);
        }
        for (i, sum) in transition_sum.iter_mut().enumerate() {
            *sum += transition.averaged(i, steps);
        }
    }
    finish(bits, |i| emission_sum[i], |i| transition_sum[i])
}

/// One training run with `seed`: the weights, the transition weights and
/// the number of steps.
#[expect(clippy::too_many_arguments, reason = "one call site, all distinct")]
fn train_run(
    sentences: &[Sentence],
    features: &[u32],
    starts: &[usize],
    rows: usize,
    seed: u64,
    epochs: usize,
    run: usize,
    progress: &mut impl FnMut(EpochReport),
) -> (Weights, Weights, i64) {
    let mut emission = Weights::new(rows * LABELS);
    let mut transition = Weights::new(LABELS * LABELS);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut shuffle = Shuffle(seed | 1);
    let mut step: i64 = 1;
    let mut scores = vec![0i32; 0];
    for epoch in 1..=epochs {
        shuffle.shuffle(&mut order);
        let mut report = EpochReport {
            epoch: run * epochs + epoch,
            token_errors: 0,
            tokens: 0,
        };
        for &s in &order {
            let sentence = &sentences[s];
            let sentence_features = &features[starts[s]..starts[s + 1]];
            scores.clear();
            scores.resize(sentence.labels.len() * LABELS, 0);
            for (token_features, token_scores) in sentence_features
                .chunks_exact(TEMPLATES)
                .zip(scores.chunks_exact_mut(LABELS))
            {
                for &row in token_features {
                    let base = row as usize * LABELS;
                    for (score, &w) in token_scores
                        .iter_mut()
                        .zip(&emission.current[base..base + LABELS])
                    {
                        *score += w;
                    }
                }
            }
            let predicted = viterbi(&scores, &transition.current);
            report.tokens += predicted.len();
            for (i, (&gold, &guess)) in sentence.labels.iter().zip(&predicted).enumerate() {
                if gold != guess {
                    report.token_errors += 1;
                    for &row in &sentence_features[i * TEMPLATES..(i + 1) * TEMPLATES] {
                        let base = row as usize * LABELS;
                        emission.update(base + gold.index(), 1, step);
                        emission.update(base + guess.index(), -1, step);
                    }
                }
                if i > 0 {
                    let (gold_prev, guess_prev) = (sentence.labels[i - 1], predicted[i - 1]);
                    if (gold_prev, gold) != (guess_prev, guess) {
                        transition.update(gold_prev.index() * LABELS + gold.index(), 1, step);
                        transition.update(guess_prev.index() * LABELS + guess.index(), -1, step);
                    }
                }
            }
            step += 1;
        }
        progress(report);
    }
    (emission, transition, step)
}

/// Averages the weights and scales them to 16 bits.
fn finish(bits: u32, emission: impl Fn(usize) -> i64, transition: impl Fn(usize) -> i64) -> Model {
    let rows = 1usize << bits;
    let largest = (0..rows * LABELS)
        .map(|i| emission(i).unsigned_abs())
        .chain((0..LABELS * LABELS).map(|i| transition(i).unsigned_abs()))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |value: i64| -> i32 {
        // round(value * 32767 / largest), in exact integer arithmetic.
        let numerator = i128::from(value) * 32767;
        let denominator = i128::from(largest);
        let half = denominator / 2;
        let rounded = if numerator >= 0 {
            (numerator + half) / denominator
        } else {
            (numerator - half) / denominator
        };
        rounded as i32
    };
    let mut sparse = Vec::with_capacity(rows);
    for row in 0..rows {
        let mut entries = Vec::new();
        for label in 0..LABELS {
            let weight = scale(emission(row * LABELS + label));
            if weight != 0 {
                entries.push((label as u8, weight as i16));
            }
        }
        sparse.push(entries);
    }
    let transitions = (0..LABELS * LABELS).map(|i| scale(transition(i))).collect();
    Model::from_rows(bits, &sparse, transitions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tagger;
    use crate::labels::{TokenSpan, decode, encode};
    use sitrep_core::EntityType;

    fn sentence(text: &str, spans: &[(usize, usize, EntityType)]) -> Sentence {
        let tokens: Vec<String> = text.split(' ').map(str::to_owned).collect();
        let spans: Vec<TokenSpan> = spans
            .iter()
            .map(|&(start, end, entity_type)| TokenSpan {
                start,
                end,
                entity_type,
            })
            .collect();
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let context = features::DocContext::new(&[&words[..]]).values(&words);
        Sentence {
            labels: encode(tokens.len(), &spans),
            context,
            tokens,
        }
    }

    fn toy_corpus() -> Vec<Sentence> {
        use EntityType::{Gpe, Organisation, Person};
        vec![
            sentence("John Smith visited Paris .", &[(0, 2, Person), (3, 4, Gpe)]),
            sentence(
                "Mary Jones left London today .",
                &[(0, 2, Person), (3, 4, Gpe)],
            ),
            sentence(
                "He works for Acme Corp in Berlin .",
                &[(3, 5, Organisation), (6, 7, Gpe)],
            ),
            sentence("The weather was fine .", &[]),
            sentence(
                "Peter Brown joined Globex Corp .",
                &[(0, 2, Person), (3, 5, Organisation)],
            ),
        ]
    }

    #[test]
    fn training_learns_the_toy_corpus() {
        let corpus = toy_corpus();
        let options = TrainOptions {
            epochs: 8,
            bits: 14,
            seed: 7,
            runs: 1,
        };
        let model = train(&corpus, &Gazetteer::default(), &options, |_| {});
        let tagger = Tagger::new(model, Gazetteer::default());
        for s in &corpus {
            let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            assert_eq!(tagger.tag(&tokens), decode(&s.labels), "{tokens:?}");
        }
    }

    #[test]
    fn training_twice_gives_identical_bytes() {
        let corpus = toy_corpus();
        let options = TrainOptions {
            epochs: 3,
            bits: 12,
            seed: 99,
            runs: 2,
        };
        let a = train(&corpus, &Gazetteer::default(), &options, |_| {}).to_bytes();
        let b = train(&corpus, &Gazetteer::default(), &options, |_| {}).to_bytes();
        assert_eq!(a, b);
        assert_eq!(Model::from_bytes(&a).unwrap().to_bytes(), a);
    }
}
