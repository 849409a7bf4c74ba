//! Averaged perceptron over hashed features, with sparse weight rows.
//!
//! Training ([`Trainer`]) keeps, per feature key, only the classes the
//! feature was ever updated for, with integer weights and the running totals
//! needed for averaging (all integer, so training is exactly reproducible).
//! [`Trainer::averaged`] averages, drops rare features, quantises the weights
//! to 16-bit integers and packs them into a [`Weights`] table: an
//! open-addressing array of 8-byte slots (key fingerprint, row start and
//! length), each pointing at a run of 4-byte `(class, weight)` entries.
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
            for (class, delta) in [(truth, 1), (guess, -1)] {
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
/// matter) and sums are exact. Rows live in `entries`, one run of
/// `(class, value)` per feature key, in key order. Lookup goes through
/// `slots`, an open-addressing table of one `u64` per slot: the top half is
/// a 32-bit fingerprint of the key (never 0; 0 marks an empty slot), the
/// bottom half the row's start (24 bits) and length (8 bits).
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    n_classes: usize,
    slots: Vec<u64>,
    entries: Vec<Weight>,
    /// Full key of each row, in key order (for writing the model file).
    keys: Vec<u64>,
    /// Start of each row in `entries`, plus the end.
    starts: Vec<u32>,
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

impl Weights {
    fn from_rows(n_classes: usize, rows: &[(u64, Vec<Weight>)]) -> Self {
        assert!(n_classes <= MAX_CLASSES, "at most {MAX_CLASSES} classes");
        assert!(
            rows.iter().map(|(_, row)| row.len()).sum::<usize>() < 1 << START_BITS,
            "weights fit the slots' row starts"
        );
        // Load factor about 0.6 keeps probes short, the table small.
        let capacity = (rows.len() * 5 / 3).max(16);
        let mut slots = vec![0u64; capacity];
        let mut entries = Vec::new();
        let mut keys = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        for (key, row) in rows {
            let start = entries.len() as u64;
            let mut at = home(*key, capacity);
            while slots[at] != 0 {
                at = if at + 1 == capacity { 0 } else { at + 1 };
            }
            slots[at] = (fingerprint(*key) << 32) | (start << 8) | row.len() as u64;
            keys.push(*key);
            starts.push(start as u32);
            entries.extend_from_slice(row);
        }
        starts.push(entries.len() as u32);
        Self {
            n_classes,
            slots,
            entries,
            keys,
            starts,
        }
    }

    /// Number of classes scored.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Sets `out` to the score of every class for `features`.
    ///
    /// The rows are found first, then their first weights touched, then
    /// summed: the probes of one batch do not wait for each other, so their
    /// cache misses overlap.
    #[inline]
    pub(crate) fn scores(&self, features: &[u64], out: &mut [i32]) {
        out.fill(0);
        let capacity = self.slots.len();
        let mut found = [0u32; 32];
        for batch in features.chunks(found.len()) {
            let mut n = 0;
            for &key in batch {
                let print = fingerprint(key);
                let mut at = home(key, capacity);
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
            let mut touched = 0u8;
            for &row in &found[..n] {
                touched |= self.entries[(row >> 8) as usize].class;
            }
            std::hint::black_box(touched);
            for &row in &found[..n] {
                let start = (row >> 8) as usize;
                for weight in &self.entries[start..start + (row & 0xff) as usize] {
                    out[usize::from(weight.class)] += i32::from(weight.value);
                }
            }
        }
    }

    /// Number of (feature, class) weights kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.len(self.n_classes);
        out.len(self.keys.len());
        for (i, &key) in self.keys.iter().enumerate() {
            let row = &self.entries[self.starts[i] as usize..self.starts[i + 1] as usize];
            out.u64(key);
            out.u8(row.len() as u8);
            for weight in row {
                out.u8(weight.class);
                out.u16(weight.value as u16);
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
}
