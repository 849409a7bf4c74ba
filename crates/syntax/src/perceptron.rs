//! Averaged perceptron over hashed features, with sparse weight rows.
//!
//! Training ([`Trainer`]) keeps, per feature key, only the classes the
//! feature was ever updated for, with integer weights and the running totals
//! needed for averaging (all integer, so training is exactly reproducible).
//! [`Trainer::averaged`] averages, drops near-zero weights and packs the rest
//! into a [`Weights`] table: an open-addressing array of feature keys, each
//! pointing at a run of `(class, weight)` entries. Scoring a state is one
//! probe per feature plus a few additions, which is what makes the tagger
//! and parser fast.

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
    /// accuracy).
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
            let mut entries: Vec<(u16, f32)> = row
                .iter()
                .map(|e| {
                    let total = e.total + i64::from(e.weight) * i64::from(step - e.stamp);
                    (e.class, (total as f64 / f64::from(step)) as f32)
                })
                .filter(|&(_, w)| w != 0.0)
                .collect();
            entries.sort_unstable_by_key(|&(class, _)| class);
            if !entries.is_empty() {
                rows.push((key, entries));
            }
        }
        Weights::from_rows(self.n_classes, &rows)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    /// First entry of the row in `entries`.
    start: u32,
    len: u32,
}

/// One weight of a row.
#[derive(Debug, Clone, Copy, Default)]
struct WeightEntry {
    class: u16,
    value: f32,
}

/// Averaged weights ready for scoring (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    n_classes: usize,
    slots: Vec<Slot>,
    entries: Vec<WeightEntry>,
    /// Slot of each row, in key order, for writing the model file.
    order: Vec<u32>,
}

/// Slot where probing for `key` starts (multiply-shift, any table size).
#[inline]
fn home(key: u64, capacity: usize) -> usize {
    ((u128::from(key) * capacity as u128) >> 64) as usize
}

impl Weights {
    fn from_rows(n_classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Self {
        // Load factor about 0.7 keeps probes short and the table small.
        let capacity = (rows.len() * 10 / 7).max(16);
        let mut slots = vec![Slot::default(); capacity];
        let mut entries = Vec::new();
        let mut order = Vec::with_capacity(rows.len());
        for (key, row) in rows {
            let mut at = home(*key, capacity);
            while slots[at].key != 0 {
                at = if at + 1 == capacity { 0 } else { at + 1 };
            }
            slots[at] = Slot {
                key: *key,
                start: entries.len() as u32,
                len: row.len() as u32,
            };
            order.push(at as u32);
            entries.extend(
                row.iter()
                    .map(|&(class, value)| WeightEntry { class, value }),
            );
        }
        Self {
            n_classes,
            slots,
            entries,
            order,
        }
    }

    /// Number of classes scored.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the scores of every class for `features` into `out` (zeroed first).
    #[inline]
    pub(crate) fn scores(&self, features: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        let capacity = self.slots.len();
        for &key in features {
            let mut at = home(key, capacity);
            loop {
                let slot = self.slots[at];
                if slot.key == key {
                    let start = slot.start as usize;
                    for entry in &self.entries[start..start + slot.len as usize] {
                        out[usize::from(entry.class)] += entry.value;
                    }
                    break;
                }
                if slot.key == 0 {
                    break;
                }
                at = if at + 1 == capacity { 0 } else { at + 1 };
            }
        }
    }

    /// Number of (feature, class) weights kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Rows in key order.
    fn rows(&self) -> impl Iterator<Item = (u64, &[WeightEntry])> {
        self.order.iter().map(|&at| {
            let slot = self.slots[at as usize];
            let start = slot.start as usize;
            (slot.key, &self.entries[start..start + slot.len as usize])
        })
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.len(self.n_classes);
        out.len(self.order.len());
        for (key, row) in self.rows() {
            out.u64(key);
            out.len(row.len());
            for entry in row {
                out.u16(entry.class);
                out.f32(entry.value);
            }
        }
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Self, ModelError> {
        let n_classes = input.len()?;
        let n_rows = input.len()?;
        let mut rows = Vec::with_capacity(n_rows);
        for _ in 0..n_rows {
            let key = input.u64()?;
            let n = input.len()?;
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                let class = input.u16()?;
                if usize::from(class) >= n_classes {
                    return Err(ModelError::Corrupt(format!(
                        "weight for class {class} of {n_classes}"
                    )));
                }
                entries.push((class, input.f32()?));
            }
            if key == 0 {
                return Err(ModelError::Corrupt("feature key 0".into()));
            }
            rows.push((key, entries));
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
        let mut scores = [0f32; 3];
        for (features, truth) in &data {
            read.scores(features, &mut scores);
            assert_eq!(best(&scores, |_| true), Some(*truth));
        }
        // Unknown features score nothing.
        read.scores(&[12345], &mut scores);
        assert!(scores.iter().all(|&s| s == 0.0), "{scores:?}");
        let mut again = Writer::default();
        read.write(&mut again);
        assert_eq!(out.bytes, again.bytes);
    }
}
