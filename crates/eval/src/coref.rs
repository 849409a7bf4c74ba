//! Coreference scores: B-cubed and MUC over one shared set of mentions.
//!
//! Both metrics compare two partitions of the **same** mentions: the gold
//! clusters (GUM `eid`) and the predicted ones (`entity_id`). The evaluator
//! feeds them only gold mentions that a prediction matched exactly, so
//! mention detection errors do not count twice (they are in the span
//! scores); what is left measures how sitrep groups the names it found.
//!
//! - **B-cubed** (Bagga & Baldwin 1998): for each mention *m* with gold
//!   cluster *G* and predicted cluster *S*, precision is |G∩S|/|S| and recall
//!   |G∩S|/|G|; both are averaged over mentions.
//! - **MUC** (Vilain et al. 1995): recall is Σ(|K| − |p(K)|) / Σ(|K| − 1) over
//!   gold clusters *K*, where |p(K)| is the number of predicted clusters *K* is
//!   split into; precision swaps the roles. Singletons add nothing, so with
//!   only singletons MUC is 0 (zero denominator).
//!
//! Example: gold {a,b,c},{d,e} against predicted {a,b},{c,d,e} gives B-cubed
//! P = R = 11/15 and MUC P = R = 2/3 (worked out in the tests).

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

    CorefScores {
        mentions: pairs.len(),
        gold_chains: gold_sizes.values().filter(|&&size| size >= 2).count(),
        b_cubed,
        muc,
    }
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
