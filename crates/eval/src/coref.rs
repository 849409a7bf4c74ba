//! Coreference scores: B-cubed, MUC and CEAF-e over one shared set of mentions.
//!
//! The metrics compare two partitions of the **same** mentions: the gold
//! clusters (GUM `eid`) and the predicted ones (`entity_id`). The evaluator
//! computes them twice:
//!
//! - over the gold mentions that a prediction matched exactly, so mention
//!   detection errors do not count twice (they are in the span scores); this
//!   measures how sitrep groups the names it found;
//! - **end to end**, over every scored gold mention: a gold mention that no
//!   prediction matched is its own predicted singleton, so a missed mention
//!   of a chain costs recall here too.
//!
//! - **B-cubed** (Bagga & Baldwin 1998): for each mention *m* with gold
//!   cluster *G* and predicted cluster *S*, precision is |G∩S|/|S| and recall
//!   |G∩S|/|G|; both are averaged over mentions.
//! - **MUC** (Vilain et al. 1995): recall is Σ(|K| − |p(K)|) / Σ(|K| − 1) over
//!   gold clusters *K*, where |p(K)| is the number of predicted clusters *K* is
//!   split into; precision swaps the roles. Singletons add nothing, so with
//!   only singletons MUC is 0 (zero denominator).
//!
//! - **CEAF-e** (Luo 2005, entity-based φ4): each gold cluster *K* is aligned
//!   one to one with a predicted cluster *R* to maximise Σ φ4(K, R) =
//!   Σ 2|K∩R| / (|K| + |R|); recall divides that sum by the number of gold
//!   clusters, precision by the number of predicted clusters. The alignment
//!   is an exact assignment (Hungarian method).
//! - **Average**: the mean of the B-cubed, MUC and CEAF-e F1 (the CoNLL-2012
//!   figure).
//!
//! Example: gold {a,b,c},{d,e} against predicted {a,b},{c,d,e} gives B-cubed
//! P = R = 11/15, MUC P = R = 2/3 and CEAF-e P = R = 4/5 (worked out in the
//! tests).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::score::{Prf, ratio};

/// Coreference scores over gold mentions that a prediction matched exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CorefScores {
    /// Mentions scored: gold mentions whose span a prediction matched exactly
    /// (0 when the gold file has no coreference ids, e.g. UNER).
    pub mentions: usize,
    /// Gold clusters with at least two of those mentions.
    pub gold_chains: usize,
    /// B-cubed precision, recall and F1 (averaged over mentions).
    pub b_cubed: Prf,
    /// MUC precision, recall and F1 (link-based).
    pub muc: Prf,
    /// CEAF-e precision, recall and F1 (entity alignment, φ4).
    pub ceaf_e: Prf,
    /// Mean of the B-cubed, MUC and CEAF-e F1.
    pub average_f1: f64,
}

/// Scores a list of `(gold cluster, predicted cluster)` pairs, one per mention.
pub(crate) fn score<G: Ord, P: Ord>(pairs: &[(G, P)]) -> CorefScores {
    let mut gold_sizes: BTreeMap<&G, usize> = BTreeMap::new();
    let mut predicted_sizes: BTreeMap<&P, usize> = BTreeMap::new();
    let mut cells: BTreeMap<(&G, &P), usize> = BTreeMap::new();
    for (gold, predicted) in pairs {
        *gold_sizes.entry(gold).or_default() += 1;
        *predicted_sizes.entry(predicted).or_default() += 1;
        *cells.entry((gold, predicted)).or_default() += 1;
    }

    // B-cubed: every mention of a cell (G, S) has |G∩S| = the cell's size.
    let mut precision_sum = 0.0;
    let mut recall_sum = 0.0;
    for (&(gold, predicted), &both) in &cells {
        let both = both as f64;
        precision_sum += both * both / predicted_sizes[predicted] as f64;
        recall_sum += both * both / gold_sizes[gold] as f64;
    }
    let n = pairs.len() as f64;
    let b_cubed = if pairs.is_empty() {
        Prf::default()
    } else {
        Prf::new(precision_sum / n, recall_sum / n)
    };

    // MUC: |p(K)| = number of cells in K's row.
    let mut gold_parts: BTreeMap<&G, usize> = BTreeMap::new();
    let mut predicted_parts: BTreeMap<&P, usize> = BTreeMap::new();
    for &(gold, predicted) in cells.keys() {
        *gold_parts.entry(gold).or_default() += 1;
        *predicted_parts.entry(predicted).or_default() += 1;
    }
    let muc = Prf::new(
        links(&predicted_sizes, &predicted_parts),
        links(&gold_sizes, &gold_parts),
    );

    let ceaf_e = ceaf_e(&gold_sizes, &predicted_sizes, &cells);
    CorefScores {
        mentions: pairs.len(),
        gold_chains: gold_sizes.values().filter(|&&size| size >= 2).count(),
        b_cubed,
        muc,
        ceaf_e,
        average_f1: (b_cubed.f1 + muc.f1 + ceaf_e.f1) / 3.0,
    }
}

/// CEAF-e from the cluster sizes and the sizes of their intersections.
fn ceaf_e<G: Ord, P: Ord>(
    gold_sizes: &BTreeMap<&G, usize>,
    predicted_sizes: &BTreeMap<&P, usize>,
    cells: &BTreeMap<(&G, &P), usize>,
) -> Prf {
    if gold_sizes.is_empty() || predicted_sizes.is_empty() {
        return Prf::default();
    }
    let gold_index: BTreeMap<&G, usize> = gold_sizes
        .keys()
        .enumerate()
        .map(|(i, g)| (*g, i))
        .collect();
    let predicted_index: BTreeMap<&P, usize> = predicted_sizes
        .keys()
        .enumerate()
        .map(|(i, p)| (*p, i))
        .collect();
    let gold_len: Vec<usize> = gold_sizes.values().copied().collect();
    let predicted_len: Vec<usize> = predicted_sizes.values().copied().collect();
    let mut similarity = vec![vec![0.0; predicted_len.len()]; gold_len.len()];
    for (&(gold, predicted), &both) in cells {
        let (g, p) = (gold_index[gold], predicted_index[predicted]);
        similarity[g][p] = 2.0 * both as f64 / (gold_len[g] + predicted_len[p]) as f64;
    }
    let total = max_assignment(&similarity);
    Prf::new(
        total / predicted_len.len() as f64,
        total / gold_len.len() as f64,
    )
}

/// The largest sum of `weights[row][column]` over a one-to-one assignment of
/// rows to columns (Hungarian method with potentials, O(n³) for n = the
/// larger side; missing rows or columns weigh 0).
fn max_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let columns = weights.first().map_or(0, Vec::len);
    let n = rows.max(columns);
    if n == 0 {
        return 0.0;
    }
    let cost = |r: usize, c: usize| -> f64 {
        -weights
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0.0)
    };
    // 1-based potentials u (rows), v (columns); way[c] is the column before c
    // on the augmenting path; owner[c] the row assigned to column c.
    let mut u = vec![0.0_f64; n + 1];
    let mut v = vec![0.0_f64; n + 1];
    let mut owner = vec![0_usize; n + 1];
    let mut way = vec![0_usize; n + 1];
    for row in 1..=n {
        owner[0] = row;
        let mut column = 0;
        let mut slack = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[column] = true;
            let current = owner[column];
            let mut delta = f64::INFINITY;
            let mut next = 0;
            for c in 1..=n {
                if used[c] {
                    continue;
                }
                let reduced = cost(current - 1, c - 1) - u[current] - v[c];
                if reduced < slack[c] {
                    slack[c] = reduced;
                    way[c] = column;
                }
                if slack[c] < delta {
                    delta = slack[c];
                    next = c;
                }
            }
            for c in 0..=n {
                if used[c] {
                    u[owner[c]] += delta;
                    v[c] -= delta;
                } else {
                    slack[c] -= delta;
                }
            }
            column = next;
            if owner[column] == 0 {
                break;
            }
        }
        loop {
            let previous = way[column];
            owner[column] = owner[previous];
            column = previous;
            if column == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&c| owner[c] != 0)
        .map(|c| -cost(owner[c] - 1, c - 1))
        .sum()
}

/// MUC's Σ(|K| − |p(K)|) / Σ(|K| − 1) over the clusters `K` with their sizes
/// and the number of parts the other side splits each into.
fn links<K: Ord>(sizes: &BTreeMap<K, usize>, parts: &BTreeMap<K, usize>) -> f64 {
    let mut kept = 0;
    let mut total = 0;
    for (key, &size) in sizes {
        kept += size - parts[key];
        total += size - 1;
    }
    ratio(kept, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn split_and_merged_chains_score_as_worked_out_by_hand() {
        // gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}.
        let pairs = [(1, 10), (1, 10), (1, 20), (2, 20), (2, 20)];
        let scores = score(&pairs);
        assert_eq!(scores.mentions, 5);
        assert_eq!(scores.gold_chains, 2);
        // B-cubed precision per mention: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 → (11/3)/5.
        assert!(close(scores.b_cubed.precision, 11.0 / 15.0));
        // recall: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 → (11/3)/5.
        assert!(close(scores.b_cubed.recall, 11.0 / 15.0));
        assert!(close(scores.b_cubed.f1, 11.0 / 15.0));
        // MUC recall: {a,b,c} split in 2 → 3-2=1, {d,e} whole → 1; over (2+1) → 2/3.
        assert!(close(scores.muc.recall, 2.0 / 3.0));
        // MUC precision: {a,b} whole → 1, {c,d,e} split in 2 → 1; over (1+2) → 2/3.
        assert!(close(scores.muc.precision, 2.0 / 3.0));
        // CEAF-e: φ4({a,b,c},{a,b}) = 4/5, φ4({d,e},{c,d,e}) = 4/5 is the best
        // alignment (the crossed one gives 2/6 + 0); 8/5 over 2 clusters each.
        assert!(close(scores.ceaf_e.precision, 4.0 / 5.0));
        assert!(close(scores.ceaf_e.recall, 4.0 / 5.0));
        let average = (11.0 / 15.0 + 2.0 / 3.0 + 4.0 / 5.0) / 3.0;
        assert!(close(scores.average_f1, average));
    }

    #[test]
    fn assignment_finds_the_best_pairing_not_the_greedy_one() {
        // Greedy takes 0.9 then 0.1 (1.0); the best is 0.8 + 0.7 = 1.5.
        let weights = vec![vec![0.9, 0.8], vec![0.7, 0.1]];
        assert!(close(max_assignment(&weights), 1.5));
        // More columns than rows: one column stays unassigned.
        let weights = vec![vec![0.2, 0.5, 0.4]];
        assert!(close(max_assignment(&weights), 0.5));
        assert!(close(max_assignment(&[]), 0.0));
    }

    #[test]
    fn one_predicted_cluster_for_everything_has_full_recall() {
        // gold {a,b} {c}; predicted {a,b,c}.
        let pairs = [("x", "s"), ("x", "s"), ("y", "s")];
        let scores = score(&pairs);
        // B-cubed precision: a 2/3, b 2/3, c 1/3 → 5/9; recall 1 for all.
        assert!(close(scores.b_cubed.precision, 5.0 / 9.0));
        assert!(close(scores.b_cubed.recall, 1.0));
        // MUC: recall (2-1)/(2-1) = 1; precision (3-2)/(3-1) = 1/2.
        assert!(close(scores.muc.recall, 1.0));
        assert!(close(scores.muc.precision, 0.5));
        assert!(close(scores.muc.f1, 2.0 / 3.0));
    }

    #[test]
    fn singletons_only_give_perfect_b_cubed_and_zero_muc() {
        let pairs = [(1, 1), (2, 2), (3, 3)];
        let scores = score(&pairs);
        assert!(close(scores.b_cubed.f1, 1.0));
        assert!(close(scores.muc.f1, 0.0));
        assert_eq!(scores.gold_chains, 0);
        assert_eq!(score::<u8, u8>(&[]), CorefScores::default());
    }
}
