//! Averaged perceptron over hashed features, with sparse weight rows.
//!
//! Training ([`Trainer`]) keeps, per feature key, only the classes the
//! feature was ever updated for, with integer weights and the running totals
//! needed for averaging (all integer, so training is exactly reproducible).
//! [`Trainer::averaged`] averages, drops rare features, quantises the weights
//! to 16-bit integers and packs them into a [`Weights`] table: an
//! open-addressing array of 8-byte slots (key fingerprint, row start and
//! length), each pointing at a run of 4-byte `(class, weight)` entries or,
//! for a feature weighted for many classes, a dense row of one weight per class.
//! Scoring a state is one probe per feature plus a few integer additions,
//! and the tables are small enough to stay mostly in cache, which is what
//! makes the tagger and parser fast.

use std::collections::HashMap;

use crate::ModelError;
use crate::bytes::{Reader, Writer};
use crate::hash::BuildKeyHasher;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    weight: i32,
    total: i64,
    stamp: u32,
    updates: u32,
}

/// Adds `delta` to `class`'s weight in `row` at training step `step`, first
/// folding the weight held since its last change into the running total.
fn adjust(row: &mut Vec<Entry>, class: usize, delta: i32, step: u32) {
    let class = u16::try_from(class).expect("class fits in u16");
    let index = if let Some(i) = row.iter().position(|e| e.class == class) {
        i
    } else {
        row.push(Entry {
            class,
            weight: 0,
            total: 0,
            stamp: step,
            updates: 0,
        });
        row.len() - 1
    };
    let entry = &mut row[index];
    entry.total += i64::from(entry.weight) * i64::from(step - entry.stamp);
    entry.stamp = step;
    entry.weight += delta;
    entry.updates += 1;
}

/// Weights being learned.
#[derive(Debug)]
pub(crate) struct Trainer {
    n_classes: usize,
    rows: HashMap<u64, Vec<Entry>, BuildKeyHasher>,
    step: u32,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Self {
        Self {
            n_classes,
            rows: HashMap::with_hasher(BuildKeyHasher),
            step: 0,
        }
    }

    /// Number of classes scored.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Current (not averaged) scores of every class, added into `out`.
    pub(crate) fn scores(&self, features: &[u64], out: &mut [i64]) {
        out.fill(0);
        for key in features {
            if let Some(row) = self.rows.get(key) {
                for entry in row {
                    out[usize::from(entry.class)] += i64::from(entry.weight);
                }
            }
        }
    }

    /// One training instance seen (advances the averaging clock).
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weight from `guess` to `truth` on every feature.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for &key in features {
            let row = self.rows.entry(key).or_default();
            adjust(row, truth, 1, step);
            adjust(row, guess, -1, step);
        }
    }

    /// Adds `delta` to the weight of `class` on every feature (one side of a
    /// sequence update: the gold moves get +1, the predicted moves -1).
    pub(crate) fn add(&mut self, features: &[u64], class: usize, delta: i32) {
        let step = self.step;
        for &key in features {
            adjust(self.rows.entry(key).or_default(), class, delta, step);
        }
    }

    /// Averaged weights, without features that took part in fewer than
    /// `min_mistakes` updates (rare features: most of the rows, little of the
    /// accuracy), quantised for [`Weights`].
    pub(crate) fn averaged(&self, min_mistakes: u32) -> Weights {
        let step = self.step.max(1);
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut rows = Vec::with_capacity(keys.len());
        for key in keys {
            let row = &self.rows[&key];
            if row.iter().map(|e| e.updates).sum::<u32>() / 2 < min_mistakes {
                continue;
            }
            let mut entries: Vec<(u16, f64)> = row
                .iter()
                .map(|e| {
                    let total = e.total + i64::from(e.weight) * i64::from(step - e.stamp);
                    (e.class, total as f64 / f64::from(step))
                })
                .filter(|&(_, w)| w != 0.0)
                .collect();
            entries.sort_unstable_by_key(|&(class, _)| class);
            if !entries.is_empty() {
                rows.push((key, entries));
            }
        }
        let largest = rows
            .iter()
            .flat_map(|(_, row)| row.iter().map(|&(_, w)| w.abs()))
            .fold(0.0f64, f64::max);
        // The largest weight maps to the largest i16; the rest in proportion.
        let scale = if largest > 0.0 {
            f64::from(i16::MAX) / largest
        } else {
            1.0
        };
        let rows: Vec<(u64, Vec<Weight>)> = rows
            .into_iter()
            .filter_map(|(key, row)| {
                let row: Vec<Weight> = row
                    .into_iter()
                    .map(|(class, w)| Weight {
                        class: u8::try_from(class).expect("at most 255 classes"),
                        value: (w * scale).round() as i16,
                    })
                    .filter(|w| w.value != 0)
                    .collect();
                (!row.is_empty()).then_some((key, row))
            })
            .collect();
        Weights::from_rows(self.n_classes, &rows)
    }
}

/// One weight of a row: a class and its quantised value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Weight {
    class: u8,
    value: i16,
}

/// Most classes a table holds (a class is a `u8`, a row length too).
pub(crate) const MAX_CLASSES: usize = 255;

/// Bits of a slot's row start (the rest of the low half is the row length).
const START_BITS: u32 = 24;

/// Averaged weights ready for scoring, packed small so that scoring a state
/// touches few cache lines.
///
/// Weights are integers (the averaged perceptron weights scaled so the
/// largest is `i16::MAX`; scores are only compared, so the scale does not
/// matter) and sums are exact. A row (the weights of one feature key) is
/// kept one of two ways: *sparse*, a run of `(class, value)` pairs in
/// `entries`, or, when it has a weight for at least a quarter of the
/// classes, *dense*, one weight per class in `dense` (at most twice the
/// bytes, added without looking at classes, which the compiler turns into
/// vector instructions: the tagger and parser run about a quarter faster),
/// stored as `u16` plus [`DENSE_BIAS`] (zero-extending is one vector
/// instruction, sign-extending two; the bias is taken off the sums).
/// Lookup goes through `slots`, an open-addressing table of one `u64` per
/// slot: the top half is a 32-bit fingerprint of the key (never 0; 0 marks
/// an empty slot), the bottom half a row reference: start (24 bits) and
/// length (8 bits) of a sparse row, or the index of a dense row with length 0.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    n_classes: usize,
    slots: Vec<u64>,
    entries: Vec<Weight>,
    dense: Vec<u16>,
    /// Full key of each row, in key order (for writing the model file).
    keys: Vec<u64>,
    /// Row reference (the low half of its slot) of each row, in key order.
    rows: Vec<u32>,
    /// Number of (feature, class) weights.
    kept: usize,
}

/// Slot where probing for `key` starts (multiply-shift, any table size).
#[inline]
fn home(key: u64, capacity: usize) -> usize {
    ((u128::from(key) * capacity as u128) >> 64) as usize
}

/// The slot fingerprint of a key (independent of its home slot).
#[inline]
fn fingerprint(key: u64) -> u64 {
    (key & 0xffff_ffff) | 1
}

/// Feature lookups issued together by [`Weights::scores`] (the rows of one
/// batch are found, touched, then summed; at most this many are dense).
const LOOKUP_BATCH: usize = 32;

/// Offset added to a dense weight to store it as a `u16` (weights are
/// `i16`, so the stored value is the weight's bits with the sign flipped).
const DENSE_BIAS: i32 = 0x8000;

/// A weight as a dense row stores it.
fn biased(weight: i16) -> u16 {
    (i32::from(weight) + DENSE_BIAS) as u16
}

/// The weight a dense row stores as `stored`.
fn unbiased(stored: u16) -> i16 {
    (i32::from(stored) - DENSE_BIAS) as i16
}

/// Adds to `sums` the weights of the dense rows of `dense` that start at
/// `starts` (each `sums.len()` stored weights long), four rows per pass over
/// `sums`, then two, then one, and takes the rows' bias off at the end
/// (integer sums: exact in any order).
#[inline]
fn add_dense_rows(sums: &mut [i32], dense: &[u16], starts: &[usize]) {
    let width = sums.len();
    let row = |start: usize| &dense[start..start + width];
    let mut quads = starts.chunks_exact(4);
    for quad in &mut quads {
        let (a, b, c, d) = (row(quad[0]), row(quad[1]), row(quad[2]), row(quad[3]));
        for ((((sum, &a), &b), &c), &d) in sums.iter_mut().zip(a).zip(b).zip(c).zip(d) {
            *sum += ((u32::from(a) + u32::from(b)) + (u32::from(c) + u32::from(d))) as i32;
        }
    }
    let mut pairs = quads.remainder().chunks_exact(2);
    for pair in &mut pairs {
        let (a, b) = (row(pair[0]), row(pair[1]));
        for ((sum, &a), &b) in sums.iter_mut().zip(a).zip(b) {
            *sum += (u32::from(a) + u32::from(b)) as i32;
        }
    }
    for &start in pairs.remainder() {
        for (sum, &stored) in sums.iter_mut().zip(row(start)) {
            *sum += i32::from(stored);
        }
    }
    let bias = DENSE_BIAS * starts.len() as i32;
    for sum in sums.iter_mut() {
        *sum -= bias;
    }
}

impl Weights {
    fn from_rows(n_classes: usize, rows: &[(u64, Vec<Weight>)]) -> Self {
        assert!(n_classes <= MAX_CLASSES, "at most {MAX_CLASSES} classes");
        // Load factor about 0.6 keeps probes short, the table small.
        let capacity = (rows.len() * 5 / 3).max(16);
        let mut slots = vec![0u64; capacity];
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        let mut keys = Vec::with_capacity(rows.len());
        let mut refs = Vec::with_capacity(rows.len());
        let mut n_weights = 0;
        for (key, row) in rows {
            // Dense only when that keeps the row exactly (classes in order, no zero).
            let exact =
                row.windows(2).all(|w| w[0].class < w[1].class) && row.iter().all(|w| w.value != 0);
            let reference = if exact && row.len() * 4 >= n_classes {
                let index = dense.len() / n_classes.max(1);
                dense.resize(dense.len() + n_classes, biased(0));
                for weight in row {
                    dense[index * n_classes + usize::from(weight.class)] = biased(weight.value);
                }
                index << 8
            } else {
                let start = entries.len();
                entries.extend_from_slice(row);
                (start << 8) | row.len()
            };
            assert!(
                reference >> 8 < 1 << START_BITS,
                "weights fit the slots' row references"
            );
            let reference = reference as u32;
            let mut at = home(*key, capacity);
            while slots[at] != 0 {
                at = if at + 1 == capacity { 0 } else { at + 1 };
            }
            slots[at] = (fingerprint(*key) << 32) | u64::from(reference);
            keys.push(*key);
            refs.push(reference);
            n_weights += row.len();
        }
        Self {
            n_classes,
            slots,
            entries,
            dense,
            keys,
            rows: refs,
            kept: n_weights,
        }
    }

    /// Number of classes scored.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Sets `out` (one score per class) to the scores of `features`.
    ///
    /// The rows are found first, then their first weights touched, then
    /// summed: the probes of one batch do not wait for each other, so their
    /// cache misses overlap.
    #[inline]
    pub(crate) fn scores(&self, features: &[u64], out: &mut [i32]) {
        let n_classes = self.n_classes;
        // Indexed by a `u8` class, so sparse additions need no bounds check.
        let mut sums = [0i32; 256];
        let capacity = self.slots.len();
        let mut found = [0u32; LOOKUP_BATCH];
        for batch in features.chunks(LOOKUP_BATCH) {
            // Every home slot of the batch loaded first, with no branch
            // between the loads, so that their cache misses overlap; the
            // probes below then find them in cache.
            let mut homes = [0usize; LOOKUP_BATCH];
            let mut touched_slots = 0u64;
            for (at, &key) in homes.iter_mut().zip(batch) {
                *at = home(key, capacity);
                touched_slots |= self.slots[*at];
            }
            std::hint::black_box(touched_slots);
            let mut n = 0;
            for (&key, &start) in batch.iter().zip(&homes) {
                let print = fingerprint(key);
                let mut at = start;
                loop {
                    let slot = self.slots[at];
                    if slot >> 32 == print {
                        found[n] = slot as u32;
                        n += 1;
                        break;
                    }
                    if slot == 0 {
                        break;
                    }
                    at = if at + 1 == capacity { 0 } else { at + 1 };
                }
            }
            let mut touched = 0i32;
            for &row in &found[..n] {
                let index = (row >> 8) as usize;
                touched |= if row as u8 == 0 {
                    i32::from(self.dense[index * n_classes])
                } else {
                    i32::from(self.entries[index].value)
                };
            }
            std::hint::black_box(touched);
            // Sparse rows now; dense rows after, four at a time, so that a
            // class's running sum is loaded and stored once per four rows
            // (integer sums: any order gives the same scores).
            let mut dense = [0usize; LOOKUP_BATCH];
            let mut n_dense = 0;
            for &row in &found[..n] {
                let index = (row >> 8) as usize;
                let len = (row & 0xff) as usize;
                if len == 0 {
                    dense[n_dense] = index * n_classes;
                    n_dense += 1;
                } else {
                    for weight in &self.entries[index..index + len] {
                        sums[usize::from(weight.class)] += i32::from(weight.value);
                    }
                }
            }
            add_dense_rows(&mut sums[..n_classes], &self.dense, &dense[..n_dense]);
        }
        out.copy_from_slice(&sums[..n_classes]);
    }

    /// Number of (feature, class) weights kept.
    pub(crate) fn len(&self) -> usize {
        self.kept
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.len(self.n_classes);
        out.len(self.keys.len());
        for (&key, &row) in self.keys.iter().zip(&self.rows) {
            let index = (row >> 8) as usize;
            let len = (row & 0xff) as usize;
            out.u64(key);
            if len == 0 {
                let weights = self.dense[index * self.n_classes..(index + 1) * self.n_classes]
                    .iter()
                    .map(|&w| unbiased(w));
                let kept = weights.clone().filter(|&w| w != 0).count();
                out.u8(kept as u8);
                for (class, weight) in weights.enumerate() {
                    if weight != 0 {
                        out.u8(class as u8);
                        out.u16(weight as u16);
                    }
                }
            } else {
                out.u8(len as u8);
                for weight in &self.entries[index..index + len] {
                    out.u8(weight.class);
                    out.u16(weight.value as u16);
                }
            }
        }
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Self, ModelError> {
        let n_classes = input.len()?;
        if n_classes > MAX_CLASSES {
            return Err(ModelError::Corrupt(format!(
                "{n_classes} classes (at most {MAX_CLASSES})"
            )));
        }
        let n_rows = input.len()?;
        let mut rows = Vec::with_capacity(n_rows);
        let mut total = 0usize;
        let mut last = 0u64;
        for _ in 0..n_rows {
            let key = input.u64()?;
            if key <= last {
                return Err(ModelError::Corrupt(
                    "feature keys are not in increasing order".into(),
                ));
            }
            last = key;
            let n = usize::from(input.u8()?);
            if n == 0 {
                return Err(ModelError::Corrupt("a feature row without weights".into()));
            }
            let mut row = Vec::with_capacity(n);
            for _ in 0..n {
                let class = input.u8()?;
                if usize::from(class) >= n_classes {
                    return Err(ModelError::Corrupt(format!(
                        "weight for class {class} of {n_classes}"
                    )));
                }
                row.push(Weight {
                    class,
                    value: input.u16()? as i16,
                });
            }
            total += n;
            rows.push((key, row));
        }
        if total >= 1 << START_BITS {
            return Err(ModelError::Corrupt(format!("{total} weights is too many")));
        }
        Ok(Self::from_rows(n_classes, &rows))
    }
}

/// Index of the highest score among the classes `allowed` accepts (lowest index on ties).
pub(crate) fn best<T: PartialOrd + Copy>(
    scores: &[T],
    mut allowed: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, T)> = None;
    for (class, &score) in scores.iter().enumerate() {
        if allowed(class) && best.is_none_or(|(_, top)| score > top) {
            best = Some((class, score));
        }
    }
    best.map(|(class, _)| class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = which of features 10/20/30 is present; 99 is always on.
        let data = [(vec![10, 99], 0), (vec![20, 99], 1), (vec![30, 99], 2)];
        let mut trainer = Trainer::new(3);
        let mut scores = [0i64; 3];
        for _ in 0..5 {
            for (features, truth) in &data {
                trainer.scores(features, &mut scores);
                let guess = best(&scores, |_| true).unwrap();
                trainer.update(features, *truth, guess);
                trainer.tick();
            }
        }
        let weights = trainer.averaged(0);
        let mut out = Writer::default();
        weights.write(&mut out);
        let read = Weights::read(&mut Reader::new(&out.bytes)).unwrap();
        let mut scores = [0i32; 3];
        for (features, truth) in &data {
            read.scores(features, &mut scores);
            assert_eq!(best(&scores, |_| true), Some(*truth));
        }
        // Unknown features score nothing.
        read.scores(&[12345], &mut scores);
        assert!(scores.iter().all(|&s| s == 0), "{scores:?}");
        let mut again = Writer::default();
        read.write(&mut again);
        assert_eq!(out.bytes, again.bytes);
    }

    #[test]
    fn dense_rows_sum_exactly_in_fours_twos_and_ones() {
        // Nine rows of four classes with extreme weights, and one of one
        // class (dense too, a quarter of the classes), all dense: every
        // count of dense rows found sums exactly.
        let w = |class, value| Weight { class, value };
        let extremes = [i16::MAX, -i16::MAX, -1, 1, 12_345, -23_456];
        // Hashed keys, as in the models (distinct slot fingerprints).
        let mut rows: Vec<(u64, Vec<Weight>)> = (0..9u64)
            .map(|k| {
                let row = (0..4u8)
                    .map(|c| w(c, extremes[(k as usize + usize::from(c)) % extremes.len()]))
                    .collect();
                (crate::hash::finish(k + 1), row)
            })
            .collect();
        let sparse_key = crate::hash::finish(100);
        rows.push((sparse_key, vec![w(2, -7)]));
        rows.sort_by_key(|(key, _)| *key);
        let weights = Weights::from_rows(4, &rows);
        assert_eq!((weights.dense.len(), weights.entries.len()), (10 * 4, 0));
        for n in 0..=9 {
            let mut features: Vec<u64> = (1..=n).map(crate::hash::finish).collect();
            features.push(sparse_key);
            features.push(crate::hash::finish(555));
            let mut expected = [0i32; 4];
            for (key, row) in rows.iter().filter(|(key, _)| *key != sparse_key) {
                if !features.contains(key) {
                    continue;
                }
                for weight in row {
                    expected[usize::from(weight.class)] += i32::from(weight.value);
                }
            }
            expected[2] -= 7;
            let mut scores = [0i32; 4];
            weights.scores(&features, &mut scores);
            assert_eq!(scores, expected, "{n} dense rows");
        }
    }

    #[test]
    fn dense_and_sparse_rows_score_alike() {
        // Key 1 has weights for 5 of 6 classes (dense), key 2 for one (sparse).
        let w = |class, value| Weight { class, value };
        let rows = vec![
            (1, vec![w(0, 3), w(1, -2), w(2, 7), w(4, 1), w(5, -9)]),
            (2, vec![w(3, 11)]),
        ];
        let weights = Weights::from_rows(6, &rows);
        assert_eq!((weights.dense.len(), weights.entries.len()), (6, 1));
        assert_eq!(weights.len(), 6);
        let mut scores = [0i32; 6];
        weights.scores(&[1, 2, 99], &mut scores);
        assert_eq!(scores, [3, -2, 7, 11, 1, -9]);
        weights.scores(&[2], &mut scores);
        assert_eq!(scores, [0, 0, 0, 11, 0, 0]);
        let mut out = Writer::default();
        weights.write(&mut out);
        let read = Weights::read(&mut Reader::new(&out.bytes)).unwrap();
        let mut again = Writer::default();
        read.write(&mut again);
        assert_eq!(out.bytes, again.bytes);
        assert_eq!(read.rows, weights.rows);
    }
}
