//! The trained weights and the decoder.
//!
//! A [`Model`] holds, for each of `2^bits` feature rows, the non-zero
//! weights of the labels that row votes for (quantised to 16 bits), and a
//! label-to-label transition matrix. A sentence is tagged by summing the rows
//! of each token's features into one score per label, then finding the best
//! label sequence under the BILOU constraints with Viterbi: exact, and
//! linear in sentence length (25 labels, about 190 allowed transitions).
//!
//! File format (all integers little-endian), written by [`Model::to_bytes`]:
//!
//! ```text
//! magic "SRNER\x01\0\0" | bits u32 | templates u32 | labels u32
//! transitions: labels² × i32 (row = previous label)
//! rows: count u32, then per non-empty row: row-index delta (LEB128),
//!       n u8, n × (label u8, weight i16)
//! ```

use thiserror::Error;

use crate::features::TEMPLATES;
use crate::labels::{LABELS, Label, TYPES};

/// File signature.
const MAGIC: &[u8; 8] = b"SRNER\x01\0\0";

/// Row lookups [`Model::add_rows`] issues together.
const LOOKUP_BATCH: usize = 32;

/// A model file that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    /// Not a model file, or another version.
    #[error("not a sitrep NER model (bad signature); retrain it with `sitrep train ner`")]
    Signature,
    /// Made for other feature or label sets.
    #[error(
        "model built for {templates} features and {labels} labels, this build uses {TEMPLATES} and {LABELS}; retrain it with `sitrep train ner`"
    )]
    Shape {
        /// Templates in the file.
        templates: u32,
        /// Labels in the file.
        labels: u32,
    },
    /// Ends early or holds impossible values.
    #[error("model file is truncated or corrupt at byte {0}")]
    Corrupt(usize),
}

/// Trained weights (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// Feature rows are `0..2^bits`.
    pub(crate) bits: u32,
    /// Which rows are non-empty, 64 rows a block: a block table of 256 KB
    /// for 2^20 rows instead of a 4 MB offset table, so the row lookups of
    /// the multi-word features mostly hit the cache (see [`Model::range`]).
    blocks: Vec<Block>,
    /// Entries of the `k`-th non-empty row are `offsets[k]..offsets[k + 1]`.
    offsets: Vec<u32>,
    /// Each entry: label in the high 16 bits, weight (as `u16`) in the low
    /// 16 bits; one array, so a row's entries share cache lines.
    entries: Vec<u32>,
    /// `transitions[prev * LABELS + next]`.
    transitions: Vec<i32>,
}

/// 64 consecutive rows: which are non-empty, and how many non-empty rows
/// come before the block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Block {
    /// Bit `i` set when row `64 × block + i` has entries.
    filled: u64,
    /// Non-empty rows in the blocks before this one.
    rank: u32,
}

/// The block table and compact offsets of full offsets (`rows + 1` values,
/// row `r`'s entries at `full[r]..full[r + 1]`).
fn index(full: &[u32]) -> (Vec<Block>, Vec<u32>) {
    let rows = full.len() - 1;
    let mut blocks = vec![Block::default(); rows.div_ceil(64)];
    let mut offsets = vec![0u32];
    for (row, w) in full.windows(2).enumerate() {
        let block = &mut blocks[row / 64];
        if row % 64 == 0 {
            block.rank = (offsets.len() - 1) as u32;
        }
        if w[1] > w[0] {
            block.filled |= 1 << (row % 64);
            offsets.push(w[1]);
        }
    }
    if let Some(&last) = full.last() {
        debug_assert_eq!(offsets.last().copied(), Some(last));
    }
    (blocks, offsets)
}

impl Model {
    /// A model from sparse rows: `rows[r]` lists (label, weight) pairs.
    pub(crate) fn from_rows(bits: u32, rows: &[Vec<(u8, i16)>], transitions: Vec<i32>) -> Self {
        debug_assert_eq!(rows.len(), 1 << bits);
        debug_assert_eq!(transitions.len(), LABELS * LABELS);
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        let mut entries = Vec::new();
        offsets.push(0);
        for row in rows {
            for &(label, weight) in row {
                entries.push(pack(label, weight));
            }
            offsets.push(entries.len() as u32);
        }
        let (blocks, offsets) = index(&offsets);
        Self {
            bits,
            blocks,
            offsets,
            entries,
            transitions,
        }
    }

    /// Feature bits this model was trained with.
    #[must_use]
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Number of non-zero weights.
    #[must_use]
    pub fn weight_count(&self) -> usize {
        self.entries.len()
    }

    /// Adds the emission scores of the tokens whose feature rows are
    /// `features` (`TEMPLATES` per token) to `scores` (`LABELS` per token):
    /// the plain sum the tagger's word-type cache must equal.
    #[cfg(test)]
    pub(crate) fn emissions(&self, features: &[u32], scores: &mut Vec<i32>) {
        scores.clear();
        scores.resize(features.len() / TEMPLATES * LABELS, 0);
        for (token_features, token_scores) in features
            .chunks_exact(TEMPLATES)
            .zip(scores.chunks_exact_mut(LABELS))
        {
            for &row in token_features {
                self.add_row(row, token_scores);
            }
        }
    }

    /// Adds the weights of feature row `row` to one token's `scores`.
    #[inline]
    pub(crate) fn add_row(&self, row: u32, scores: &mut [i32]) {
        let (start, end) = self.range(row as usize);
        for &entry in &self.entries[start..end] {
            let (label, weight) = unpack(entry);
            scores[label] += i32::from(weight);
        }
    }

    /// Adds, for each `(token, row)` of `lookups`, the weights of feature
    /// row `row` to token `token`'s scores in `scores` (`LABELS` per token).
    ///
    /// The lookups go in batches of [`LOOKUP_BATCH`]: first every row's
    /// block, then its offsets, then its first entry are read, each step
    /// for the whole batch, before any weight is added. The reads of one
    /// step do not wait for each other, so their cache misses overlap,
    /// where row after row each would wait for the one before. Integer
    /// sums: the scores equal those of [`Model::add_row`] row by row.
    pub(crate) fn add_rows(&self, lookups: &[(u32, u32)], scores: &mut [i32]) {
        let mut ranks = [0usize; LOOKUP_BATCH];
        let mut ranges = [(0usize, 0usize, 0usize); LOOKUP_BATCH];
        for batch in lookups.chunks(LOOKUP_BATCH) {
            let mut n = 0;
            for (k, &(_, row)) in batch.iter().enumerate() {
                let row = row as usize;
                let block = self.blocks[row / 64];
                let bit = row % 64;
                if block.filled >> bit & 1 != 0 {
                    ranks[n] = k;
                    ranges[n].0 = block.rank as usize
                        + (block.filled & ((1u64 << bit) - 1)).count_ones() as usize;
                    n += 1;
                }
            }
            let mut touched = 0u32;
            for range in &mut ranges[..n] {
                let rank = range.0;
                range.1 = self.offsets[rank] as usize;
                range.2 = self.offsets[rank + 1] as usize;
                touched |= self.entries[range.1];
            }
            std::hint::black_box(touched);
            for (&k, &(_, start, end)) in ranks[..n].iter().zip(&ranges[..n]) {
                let token = batch[k].0 as usize;
                let token_scores = &mut scores[token * LABELS..(token + 1) * LABELS];
                for &entry in &self.entries[start..end] {
                    let (label, weight) = unpack(entry);
                    token_scores[label] += i32::from(weight);
                }
            }
        }
    }

    /// Where row `row`'s entries are in `entries` (an empty range for an
    /// empty row): its bit in the block table, then, for a non-empty row,
    /// its rank among the non-empty rows indexes the compact offsets.
    #[inline]
    fn range(&self, row: usize) -> (usize, usize) {
        let block = self.blocks[row / 64];
        let bit = row % 64;
        if block.filled >> bit & 1 == 0 {
            return (0, 0);
        }
        let rank = block.rank as usize + (block.filled & ((1u64 << bit) - 1)).count_ones() as usize;
        (self.offsets[rank] as usize, self.offsets[rank + 1] as usize)
    }

    /// The best label sequence for `scores` (`LABELS` per token).
    #[must_use]
    pub(crate) fn decode(&self, scores: &[i32]) -> Vec<Label> {
        viterbi(scores, &self.transitions)
    }

    /// The file bytes (format in the module docs).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 3 + (1 << self.bits) / 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(TEMPLATES as u32).to_le_bytes());
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        for t in &self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let non_empty = (self.offsets.len() - 1) as u32;
        out.extend_from_slice(&non_empty.to_le_bytes());
        let mut previous = 0usize;
        for row in 0..1usize << self.bits {
            let (start, end) = self.range(row);
            if start == end {
                continue;
            }
            let mut delta = row - previous;
            previous = row;
            loop {
                let byte = (delta & 0x7f) as u8;
                delta >>= 7;
                if delta == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            out.push((end - start) as u8);
            for &entry in &self.entries[start..end] {
                let (label, weight) = unpack(entry);
                out.push(label as u8);
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model from file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(8)? != MAGIC {
            return Err(ModelError::Signature);
        }
        let bits = reader.u32()?;
        let (templates, labels) = (reader.u32()?, reader.u32()?);
        if templates as usize != TEMPLATES || labels as usize != LABELS {
            return Err(ModelError::Shape { templates, labels });
        }
        if !(1..=28).contains(&bits) {
            return Err(ModelError::Corrupt(8));
        }
        let mut transitions = Vec::with_capacity(LABELS * LABELS);
        for _ in 0..LABELS * LABELS {
            transitions.push(reader.u32()? as i32);
        }
        let non_empty = reader.u32()? as usize;
        let rows = 1usize << bits;
        let mut offsets = vec![0u32; rows + 1];
        let mut entries = Vec::new();
        let mut row = 0usize;
        let mut filled = 0usize;
        for k in 0..non_empty {
            let mut delta = 0usize;
            let mut shift = 0;
            loop {
                let byte = reader.take(1)?[0];
                delta |= usize::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
                if shift > 35 {
                    return Err(ModelError::Corrupt(reader.at));
                }
            }
            let next = row + delta;
            if next >= rows || (k > 0 && delta == 0) {
                return Err(ModelError::Corrupt(reader.at));
            }
            for offset in &mut offsets[filled + 1..=next] {
                *offset = entries.len() as u32;
            }
            row = next;
            let n = reader.take(1)?[0];
            for _ in 0..n {
                let entry = reader.take(3)?;
                if usize::from(entry[0]) >= LABELS {
                    return Err(ModelError::Corrupt(reader.at));
                }
                entries.push(pack(entry[0], i16::from_le_bytes([entry[1], entry[2]])));
            }
            offsets[row + 1] = entries.len() as u32;
            filled = row + 1;
        }
        for offset in &mut offsets[filled + 1..] {
            *offset = entries.len() as u32;
        }
        if reader.at != bytes.len() {
            return Err(ModelError::Corrupt(reader.at));
        }
        let (blocks, offsets) = index(&offsets);
        Ok(Self {
            bits,
            blocks,
            offsets,
            entries,
            transitions,
        })
    }
}

/// One entry of a row: label and weight in a `u32`.
fn pack(label: u8, weight: i16) -> u32 {
    (u32::from(label) << 16) | u32::from(weight as u16)
}

/// The label index and weight of an entry.
fn unpack(entry: u32) -> (usize, i16) {
    ((entry >> 16) as usize, (entry & 0xffff) as u16 as i16)
}

/// A cursor over model bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let slice = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or(ModelError::Corrupt(self.at))?;
        self.at += n;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// The score of an unreachable state: far below any reachable score, and
/// far enough above `i64::MIN` that adding scores to it cannot overflow: an
/// unreachable state loses every comparison with a reachable one, and `O`
/// is always reachable.
const NONE: i64 = i64::MIN / 4;

/// Labels that may precede `O`, `B-*` and `U-*` (`O`, `L-*`, `U-*`), in
/// increasing order; [`STARTERS`] may follow only them.
const CLOSED: [u8; 1 + 2 * TYPES] = closed_and_starters().0;
/// Labels that may follow only [`CLOSED`] labels (`O`, `B-*`, `U-*`), in
/// increasing order. `I-X` and `L-X` follow only `B-X` or `I-X`.
const STARTERS: [u8; 1 + 2 * TYPES] = closed_and_starters().1;

/// [`CLOSED`] and [`STARTERS`] (label numbering in `crate::labels`: `O`,
/// then `B`, `I`, `L`, `U` per type).
const fn closed_and_starters() -> ([u8; 1 + 2 * TYPES], [u8; 1 + 2 * TYPES]) {
    let mut closed = [0u8; 1 + 2 * TYPES];
    let mut starters = [0u8; 1 + 2 * TYPES];
    let mut t = 0;
    while t < TYPES {
        let base = (1 + 4 * t) as u8;
        closed[1 + 2 * t] = base + 2;
        closed[2 + 2 * t] = base + 3;
        starters[1 + 2 * t] = base;
        starters[2 + 2 * t] = base + 3;
        t += 1;
    }
    (closed, starters)
}

/// The best BILOU-valid label sequence for `scores` (`LABELS` per token) and
/// `transitions` (`LABELS²`, row = previous label). Ties go to the lower
/// label number, so the result is deterministic.
///
/// The BILOU constraints leave two kinds of step: a [`STARTERS`] label
/// takes the best of the 13 [`CLOSED`] labels before it (their scores
/// gathered once per token, the transitions into each starter laid out in
/// a row), and `I-X` or `L-X` the better of `B-X` and `I-X`.
#[must_use]
pub(crate) fn viterbi(scores: &[i32], transitions: &[i32]) -> Vec<Label> {
    const K: usize = CLOSED.len();
    let n = scores.len() / LABELS;
    if n == 0 {
        return Vec::new();
    }
    // Transitions into each starter from each closed label.
    let mut into_starter = [[0i64; K]; K];
    for (row, &next) in into_starter.iter_mut().zip(&STARTERS) {
        for (t, &prev) in row.iter_mut().zip(&CLOSED) {
            *t = i64::from(transitions[usize::from(prev) * LABELS + usize::from(next)]);
        }
    }
    let mut previous = first_scores(scores);
    let mut current = [NONE; LABELS];
    let mut back = vec![0u8; n * LABELS];
    for i in 1..n {
        let token_scores = &scores[i * LABELS..(i + 1) * LABELS];
        let token_back = &mut back[i * LABELS..(i + 1) * LABELS];
        let closed = CLOSED.map(|l| previous[usize::from(l)]);
        for (&next, into) in STARTERS.iter().zip(&into_starter) {
            let mut top = NONE;
            let mut arg = 0u8;
            for ((&value, &t), &prev) in closed.iter().zip(into).zip(&CLOSED) {
                let candidate = value + t;
                if candidate > top {
                    top = candidate;
                    arg = prev;
                }
            }
            let next = usize::from(next);
            current[next] = top + i64::from(token_scores[next]);
            token_back[next] = arg;
        }
        for t in 0..TYPES {
            let begin = 1 + 4 * t;
            let inside = begin + 1;
            for next in [inside, begin + 2] {
                let mut top = NONE;
                let mut arg = 0u8;
                for prev in [begin, inside] {
                    let candidate = previous[prev] + i64::from(transitions[prev * LABELS + next]);
                    if candidate > top {
                        top = candidate;
                        arg = prev as u8;
                    }
                }
                current[next] = top + i64::from(token_scores[next]);
                token_back[next] = arg;
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    backtrack(&previous, &back)
}

/// The scores of the first token's labels: its own scores for those that
/// may start a sentence, [`NONE`] for the others.
fn first_scores(scores: &[i32]) -> [i64; LABELS] {
    std::array::from_fn(|l| {
        if Label(l as u8).can_start() {
            i64::from(scores[l])
        } else {
            NONE
        }
    })
}

/// The label sequence ending in the best label that may end a sentence
/// (`last`: the final scores, ties to the lower label), followed back
/// through `back` (`LABELS` per token: the best label before each).
fn backtrack(last: &[i64; LABELS], back: &[u8]) -> Vec<Label> {
    let n = back.len() / LABELS;
    let mut label = 0u8;
    let mut top = NONE;
    for (l, &score) in last.iter().enumerate() {
        if Label(l as u8).can_end() && score > top {
            top = score;
            label = l as u8;
        }
    }
    let mut labels = vec![Label::OUTSIDE; n];
    labels[n - 1] = Label(label);
    for i in (1..n).rev() {
        label = back[i * LABELS + usize::from(label)];
        labels[i - 1] = Label(label);
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{Part, decode};
    use sitrep_core::EntityType;

    fn scores_favouring(labels: &[Label]) -> Vec<i32> {
        let mut scores = vec![0; labels.len() * LABELS];
        for (i, l) in labels.iter().enumerate() {
            scores[i * LABELS + l.index()] = 10;
        }
        scores
    }

    /// The Viterbi search before it was specialised to BILOU: for each
    /// label, every label allowed before it, in increasing order.
    fn plain_viterbi(scores: &[i32], transitions: &[i32]) -> Vec<Label> {
        let n = scores.len() / LABELS;
        if n == 0 {
            return Vec::new();
        }
        let mut previous = first_scores(scores);
        let mut current = [NONE; LABELS];
        let mut back = vec![0u8; n * LABELS];
        for i in 1..n {
            for next in 0..LABELS {
                let mut top = NONE;
                let mut arg = 0u8;
                for prev in 0..LABELS {
                    if !Label(prev as u8).can_precede(Label(next as u8)) {
                        continue;
                    }
                    let candidate = previous[prev] + i64::from(transitions[prev * LABELS + next]);
                    if candidate > top {
                        top = candidate;
                        arg = prev as u8;
                    }
                }
                current[next] = top + i64::from(scores[i * LABELS + next]);
                back[i * LABELS + next] = arg;
            }
            std::mem::swap(&mut previous, &mut current);
        }
        backtrack(&previous, &back)
    }

    #[test]
    fn specialised_viterbi_equals_the_plain_search() {
        for prev in 0..LABELS as u8 {
            for next in 0..LABELS as u8 {
                let allowed = Label(prev).can_precede(Label(next));
                let starter = STARTERS.contains(&next);
                let expected = if starter {
                    CLOSED.contains(&prev)
                } else {
                    // I-X or L-X after B-X or I-X.
                    prev > 0 && (prev - 1) / 4 == (next - 1) / 4 && (prev - 1) % 4 < 2
                };
                assert_eq!(allowed, expected, "{prev} -> {next}");
            }
        }
        // Random scores, small ranges so that ties happen.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: i32| -> i32 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % (2 * range as u64 + 1)) as i32 - range
        };
        for round in 0..400 {
            let range = if round % 2 == 0 { 3 } else { 30_000 };
            let transitions: Vec<i32> = (0..LABELS * LABELS).map(|_| next(range)).collect();
            let n = round % 17;
            let scores: Vec<i32> = (0..n * LABELS).map(|_| next(range)).collect();
            assert_eq!(
                viterbi(&scores, &transitions),
                plain_viterbi(&scores, &transitions),
                "round {round}"
            );
        }
    }

    #[test]
    fn viterbi_repairs_invalid_greedy_choices() {
        // Greedy would pick B-PERSON then O, which BILOU forbids.
        let b = Label::new(Part::Begin, EntityType::Person);
        let l = Label::new(Part::Last, EntityType::Person);
        let u = Label::new(Part::Unit, EntityType::Person);
        let mut scores = scores_favouring(&[b, Label::OUTSIDE]);
        scores[LABELS + l.index()] = 9;
        let transitions = vec![0i32; LABELS * LABELS];
        assert_eq!(viterbi(&scores, &transitions), [b, l]);
        // With L scored low, U then O is best.
        scores[LABELS + l.index()] = -20;
        scores[u.index()] = 8;
        assert_eq!(viterbi(&scores, &transitions), [u, Label::OUTSIDE]);
    }

    #[test]
    fn transitions_weigh_in() {
        let u_per = Label::new(Part::Unit, EntityType::Person);
        let u_org = Label::new(Part::Unit, EntityType::Organisation);
        let mut scores = vec![0; 2 * LABELS];
        scores[u_per.index()] = 5;
        scores[LABELS + u_per.index()] = 5;
        scores[LABELS + u_org.index()] = 4;
        let mut transitions = vec![0i32; LABELS * LABELS];
        transitions[u_per.index() * LABELS + u_per.index()] = -3;
        assert_eq!(viterbi(&scores, &transitions), [u_per, u_org]);
        assert_eq!(viterbi(&[], &transitions), []);
    }

    #[test]
    fn bytes_round_trip() {
        let mut rows = vec![Vec::new(); 1 << 4];
        rows[0] = vec![(1, 300), (4, -2)];
        rows[9] = vec![(0, -7)];
        rows[15] = vec![(24, i16::MAX)];
        let transitions: Vec<i32> = (0..(LABELS * LABELS) as i32).map(|x| x - 300).collect();
        let model = Model::from_rows(4, &rows, transitions);
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, model);
        assert_eq!(back.weight_count(), 4);
        let mut scores = Vec::new();
        let mut features = vec![9u32; TEMPLATES];
        features[0] = 0;
        back.emissions(&features, &mut scores);
        assert_eq!(scores[0], -7 * (TEMPLATES as i32 - 1));
        assert_eq!(scores[1], 300);
        assert!(decode(&back.decode(&scores)).len() <= 1);
        // Damage is reported, not a panic.
        assert_eq!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Corrupt(bytes.len() - 3))
        );
        assert_eq!(Model::from_bytes(b"nonsense"), Err(ModelError::Signature));
    }

    #[test]
    fn rows_across_blocks_find_their_entries() {
        // 256 rows, four blocks of 64: non-empty rows at block edges, a
        // whole empty block, and the last row.
        let mut rows = vec![Vec::new(); 1 << 8];
        let filled = [0usize, 1, 63, 64, 127, 200, 255];
        for (k, &r) in filled.iter().enumerate() {
            rows[r] = (0..=k as u8).map(|l| (l, r as i16 + 1)).collect();
        }
        let model = Model::from_rows(8, &rows, vec![0; LABELS * LABELS]);
        for (r, row) in rows.iter().enumerate() {
            let mut scores = [0i32; LABELS];
            model.add_row(r as u32, &mut scores);
            let mut expected = [0i32; LABELS];
            for &(l, w) in row {
                expected[usize::from(l)] += i32::from(w);
            }
            assert_eq!(scores, expected, "row {r}");
        }
        assert_eq!(model.weight_count(), (1..=filled.len()).sum::<usize>());
        assert_eq!(Model::from_bytes(&model.to_bytes()).unwrap(), model);
    }
}
