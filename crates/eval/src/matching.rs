//! Span normalisation and the matching of predicted against gold mentions.
//!
//! **Span normalisation**, applied identically to gold and predicted spans
//! before any comparison (character offsets into the same text):
//!
//! 1. a leading `the `, `The ` or `THE ` is dropped (GUM spans include the
//!    article: `the United States`; sitrep's mentions start at the name);
//! 2. then a trailing possessive `'s` or `’s` is dropped (GUM:
//!    `Afghanistan's`; sitrep keeps the possessive outside the mention).
//!
//! Each step applies only if something is left. Nothing else changes: titles
//! (`U.S. President Donald Trump` vs `Donald Trump`), plural possessives
//! (`Afghans'`) and trailing punctuation still differ, and show up in the
//! overlap scores instead.
//!
//! **Exact** matching pairs spans with equal normalised offsets (and, when
//! typed, equal types) one to one, so a span annotated twice in the gold needs
//! two predictions. **Overlap** matching pairs spans that share at least one
//! character, one to one, as many pairs as possible (maximum bipartite
//! matching); typed overlap also needs equal types.

use crate::score::Score;

/// A normalised span with its type label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span<'a> {
    /// Start character offset.
    pub(crate) start: usize,
    /// End character offset (exclusive).
    pub(crate) end: usize,
    /// Scored type: `person`, `place` or `organization`.
    pub(crate) entity_type: &'a str,
}

/// The span `start..end` of `chars` after the normalisation in the module docs.
pub(crate) fn normalise_span(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let mut start = start;
    let mut end = end;
    let slice = &chars[start..end];
    for article in ["the ", "The ", "THE "] {
        let article: Vec<char> = article.chars().collect();
        if slice.len() > article.len() && slice.starts_with(&article) {
            start += article.len();
            break;
        }
    }
    let slice = &chars[start..end];
    if slice.len() > 2
        && slice[slice.len() - 1] == 's'
        && matches!(slice[slice.len() - 2], '\'' | '’')
    {
        end -= 2;
    }
    (start, end)
}

/// What exact matching compares: offsets, and the type when `typed`.
fn sort_key<'a>(span: &Span<'a>, typed: bool) -> (usize, usize, &'a str) {
    (
        span.start,
        span.end,
        if typed { span.entity_type } else { "" },
    )
}

/// One-to-one exact matches between `gold` and `predicted`, as index pairs
/// (sorted by gold index). `typed` also requires equal types.
pub(crate) fn exact_pairs<'a>(
    gold: &[Span<'a>],
    predicted: &[Span<'a>],
    typed: bool,
) -> Vec<(usize, usize)> {
    let key = |span: &Span<'a>| sort_key(span, typed);
    let mut gold_order: Vec<usize> = (0..gold.len()).collect();
    gold_order.sort_by_key(|&i| (key(&gold[i]), i));
    let mut predicted_order: Vec<usize> = (0..predicted.len()).collect();
    predicted_order.sort_by_key(|&i| (key(&predicted[i]), i));
    let mut pairs = Vec::new();
    let (mut g, mut p) = (0, 0);
    while g < gold_order.len() && p < predicted_order.len() {
        let (gi, pi) = (gold_order[g], predicted_order[p]);
        match key(&gold[gi]).cmp(&key(&predicted[pi])) {
            std::cmp::Ordering::Less => g += 1,
            std::cmp::Ordering::Greater => p += 1,
            std::cmp::Ordering::Equal => {
                pairs.push((gi, pi));
                g += 1;
                p += 1;
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Size of the largest one-to-one matching of overlapping spans (see the module docs).
pub(crate) fn overlap_matches(gold: &[Span<'_>], predicted: &[Span<'_>], typed: bool) -> usize {
    let edges: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            predicted
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    g.start < p.end && p.start < g.end && (!typed || g.entity_type == p.entity_type)
                })
                .map(|(pi, _)| pi)
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; predicted.len()];
    let mut matched = 0;
    for gi in 0..gold.len() {
        let mut seen = vec![false; predicted.len()];
        if augment(gi, &edges, &mut owner, &mut seen) {
            matched += 1;
        }
    }
    matched
}

/// Kuhn's augmenting path step: finds a prediction for gold `gi`, moving
/// earlier gold spans to other predictions when that frees one.
fn augment(
    gi: usize,
    edges: &[Vec<usize>],
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &pi in &edges[gi] {
        if seen[pi] {
            continue;
        }
        seen[pi] = true;
        if owner[pi].is_none_or(|other| augment(other, edges, owner, seen)) {
            owner[pi] = Some(gi);
            return true;
        }
    }
    false
}

/// The score of `matched` one-to-one matches between `gold` and `predicted` items.
pub(crate) fn score_of(matched: usize, gold: usize, predicted: usize) -> Score {
    Score {
        tp: matched,
        fp: predicted - matched,
        fn_: gold - matched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = normalise_span(&chars, 0, chars.len());
        chars[start..end].iter().collect()
    }

    #[test]
    fn articles_and_possessives_are_stripped_from_the_edges_only() {
        assert_eq!(normalised("the United States"), "United States");
        assert_eq!(normalised("The President"), "President");
        assert_eq!(normalised("Afghanistan's"), "Afghanistan");
        assert_eq!(normalised("the Taliban’s"), "Taliban");
        assert_eq!(normalised("Google"), "Google");
        // Not an article, not a possessive, or nothing would be left.
        assert_eq!(normalised("Theresa May"), "Theresa May");
        assert_eq!(normalised("Afghans'"), "Afghans'");
        assert_eq!(normalised("the "), "the ");
        assert_eq!(normalised("'s"), "'s");
        assert_eq!(normalised("Mary Jones's farm"), "Mary Jones's farm");
    }

    #[test]
    fn normalisation_keeps_offsets_into_the_text() {
        // "Visit the U.S.'s capital": gold span "the U.S.'s" at 6..16.
        let chars: Vec<char> = "Visit the U.S.'s capital".chars().collect();
        assert_eq!(normalise_span(&chars, 6, 16), (10, 14));
    }

    fn span(start: usize, end: usize, entity_type: &str) -> Span<'_> {
        Span {
            start,
            end,
            entity_type,
        }
    }

    #[test]
    fn exact_matching_is_one_to_one_and_optionally_typed() {
        let gold = [
            span(0, 5, "person"),
            span(0, 5, "person"),
            span(10, 15, "place"),
        ];
        let predicted = [span(10, 15, "organization"), span(0, 5, "person")];
        assert_eq!(exact_pairs(&gold, &predicted, true), [(0, 1)]);
        assert_eq!(exact_pairs(&gold, &predicted, false), [(0, 1), (2, 0)]);
        let score = score_of(1, gold.len(), predicted.len());
        assert_eq!((score.tp, score.fp, score.fn_), (1, 1, 2));
    }

    #[test]
    fn overlap_matches_as_many_pairs_as_possible() {
        // gold 0..12 and 20..25; predictions 5..22 (overlaps both) and 7..12 (only gold 0).
        let gold = [span(0, 12, "person"), span(20, 25, "person")];
        let predicted = [span(5, 22, "place"), span(7, 12, "person")];
        // Untyped: gold 0 takes 5..22 first, then gold 1 moves it to itself and
        // gold 0 takes 7..12: 2 matches.
        assert_eq!(overlap_matches(&gold, &predicted, false), 2);
        // Typed: only the person prediction counts, and only for gold 0.
        assert_eq!(overlap_matches(&gold, &predicted, true), 1);
        // Touching is not overlapping: 0..12 and 12..20 share nothing.
        assert_eq!(overlap_matches(&gold, &[span(12, 20, "person")], false), 0);
        assert_eq!(overlap_matches(&gold, &[], true), 0);
    }
}
