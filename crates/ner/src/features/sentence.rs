//! The combined templates: what a token's features read of its sentence
//! (neighbouring words, knowledge-base matches, document values, the run of
//! capitalised words it is in), as one [`Context`] per token, and the
//! template values computed from it.
//!
//! [`combined_value`] is the one definition of each template's value; the
//! feature extractor and the tagger's precomputed score tables
//! (`crate::emission`) both call it, so they cannot drift apart.

use super::{
    BOUNDARY, BOUNDARY_OUTLINE, COMBINED, HEAD_CONNECTOR, LOWER, Outline, SINGLE, UPPER, mix, row,
};
use crate::gazetteer::Gazetteer;

/// Everything of a sentence the combined templates read.
pub(crate) struct SentenceView<'a> {
    /// Words of the sentence.
    pub(crate) words: &'a [Outline],
    /// Gazetteer value of each word.
    pub(crate) gazetteer: &'a [u64],
    /// Document value of each word.
    pub(crate) doc: &'a [u8],
    /// Run values of each word ([`run_values`]).
    pub(crate) runs: &'a [[u64; 3]],
    /// Capitalisation style.
    pub(crate) style: u64,
}

/// What the combined templates of one token read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The word before the token ([`BOUNDARY_OUTLINE`] at the start).
    pub(crate) previous: &'a Outline,
    /// The token's word.
    pub(crate) word: &'a Outline,
    /// The word after the token.
    pub(crate) next: &'a Outline,
    /// The word two after the token.
    pub(crate) after_next: &'a Outline,
    /// Gazetteer values at −1, 0 and +1 ([`BOUNDARY`] outside the sentence).
    pub(crate) gazetteer: [u64; 3],
    /// Document values (plus one) at −1 and 0 ([`BOUNDARY`] outside the
    /// sentence).
    pub(crate) doc: [u64; 2],
    /// 1 for the sentence's first token, else 0.
    pub(crate) first: u64,
    /// Capitalisation style of the sentence.
    pub(crate) style: u64,
    /// Run values ([`run_values`]).
    pub(crate) run: [u64; 3],
}

impl Context<'_> {
    /// A context of boundary words and zero values, for the score tables
    /// of templates that read only some of it.
    pub(crate) fn quiet() -> Context<'static> {
        Context {
            previous: &BOUNDARY_OUTLINE,
            word: &BOUNDARY_OUTLINE,
            next: &BOUNDARY_OUTLINE,
            after_next: &BOUNDARY_OUTLINE,
            gazetteer: [0; 3],
            doc: [BOUNDARY; 2],
            first: 0,
            style: 0,
            run: [0; 3],
        }
    }
}

/// The value of combined template `template` (row template `SINGLE +
/// template`) in `context`.
#[inline]
fn combined_value(template: usize, context: &Context<'_>) -> u64 {
    let (word, previous, next) = (context.word, context.previous, context.next);
    let [gazetteer_before, gazetteer, gazetteer_after] = context.gazetteer;
    let [doc_before, doc] = context.doc;
    match template {
        0 => mix(previous.shape, word.shape),
        1 => mix(word.shape, next.shape),
        2 => mix(previous.lower, word.lower),
        3 => mix(word.lower, next.lower),
        4 => mix(previous.lower, word.shape),
        5 => mix(word.shape, next.lower),
        6 => mix(context.first, word.shape),
        7 => {
            if context.first == 1 {
                word.lower
            } else {
                BOUNDARY
            }
        }
        8 => mix(context.style, word.shape),
        9 => mix(context.style, mix(previous.shape, word.shape)),
        10 => gazetteer,
        11 => mix(gazetteer, word.shape),
        12 => gazetteer_before,
        13 => gazetteer_after,
        14 => mix(gazetteer_before, mix(gazetteer, gazetteer_after)),
        15 => mix(context.first, gazetteer),
        16 => mix(next.suffix3, word.shape),
        17 => doc,
        18 => mix(doc, word.shape),
        19 => mix(doc, mix(context.first, context.style)),
        20 => mix(doc_before, doc),
        21..=23 => context.run[template - 21],
        _ => mix(
            u64::from(word.head),
            mix(u64::from(next.head), u64::from(context.after_next.head)),
        ),
    }
}

/// The weight row of combined template `template` in `context`.
#[inline]
pub(crate) fn combined_row(template: usize, context: &Context<'_>, bits: u32) -> u32 {
    row(
        SINGLE + template,
        combined_value(template, context),
        64 - bits,
    )
}

/// Whether token `j` of `words` belongs to a run of capitalised words: it
/// is capitalised, or a linking word between capitalised words (one more
/// linking word may stand on either side: `Daughters of the American`).
pub(crate) fn in_run(words: &[Outline], j: usize) -> bool {
    let cap = |k: Option<usize>| {
        k.and_then(|k| words.get(k))
            .is_some_and(|w| w.initial == UPPER)
    };
    let conn = |k: Option<usize>| {
        k.and_then(|k| words.get(k))
            .is_some_and(|w| w.head == HEAD_CONNECTOR && w.initial == LOWER)
    };
    let Some(w) = words.get(j) else { return false };
    if w.initial == UPPER {
        return true;
    }
    if !conn(Some(j)) {
        return false;
    }
    let before = cap(j.checked_sub(1)) || (conn(j.checked_sub(1)) && cap(j.checked_sub(2)));
    let after = cap(Some(j + 1)) || (conn(Some(j + 1)) && cap(Some(j + 2)));
    before && after
}

/// Sets `out` to the values of the run templates of each of `words` (0
/// outside a run), in one pass over the sentence: the shape of the run of
/// capitalised words the token is in (its position in the run, the run's
/// length, whether a linking word is inside, the head class of its last
/// word), the head classes of the run's first and last words with the
/// token's distance to the end, and the word before the run with the
/// token's position. A word never seen in training still learns from `…
/// Department of Agriculture` or `the … Times` what kind of name it is in.
pub(crate) fn run_values(words: &[Outline], style: u64, out: &mut Vec<[u64; 3]>) {
    out.clear();
    out.resize(words.len(), [0; 3]);
    let mut start = 0;
    while start < words.len() {
        if !in_run(words, start) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end + 1 < words.len() && in_run(words, end + 1) {
            end += 1;
        }
        let len = end - start + 1;
        let connector = words[start..=end]
            .iter()
            .any(|w| w.head == HEAD_CONNECTOR && w.initial == LOWER);
        let (first, last) = (&words[start], &words[end]);
        let before = start
            .checked_sub(1)
            .and_then(|k| words.get(k))
            .map_or(BOUNDARY, |w| w.lower);
        for (i, values) in out.iter_mut().enumerate().take(end + 1).skip(start) {
            let position: u64 = if len == 1 {
                3
            } else if i == start {
                0
            } else if i == end {
                2
            } else {
                1
            };
            *values = [
                mix(
                    mix(position, len.min(5) as u64),
                    mix(u64::from(connector), mix(u64::from(last.head), style)),
                ) | 1,
                mix(
                    mix(u64::from(first.head), u64::from(last.head)),
                    mix(position, (end - i).min(3) as u64),
                ) | 1,
                mix(before, mix(position, len.min(5) as u64)) | 1,
            ];
        }
        start = end + 1;
    }
}

impl SentenceView<'_> {
    /// Gazetteer values of a sentence's tokens.
    pub(crate) fn gazetteer_values(gazetteer: &Gazetteer, tokens: &[&str], out: &mut Vec<u64>) {
        out.clear();
        out.extend(
            gazetteer
                .tag(tokens)
                .into_iter()
                .map(super::gazetteer_value),
        );
    }

    /// As [`SentenceView::gazetteer_values`], trying matches only where
    /// `starts` (one flag per token, from [`Gazetteer::starts_key`]) is set.
    pub(crate) fn gazetteer_values_where(
        gazetteer: &Gazetteer,
        tokens: &[&str],
        starts: &[bool],
        out: &mut Vec<u64>,
    ) {
        out.clear();
        if !starts.contains(&true) {
            out.resize(tokens.len(), 0);
            return;
        }
        out.extend(
            gazetteer
                .tag_where(tokens, |i| starts[i])
                .into_iter()
                .map(super::gazetteer_value),
        );
    }

    /// What the combined templates of token `i` read.
    #[inline]
    pub(crate) fn context(&self, i: usize) -> Context<'_> {
        let at = |p: isize| -> &Outline {
            i.checked_add_signed(p)
                .and_then(|j| self.words.get(j))
                .unwrap_or(&BOUNDARY_OUTLINE)
        };
        let gazetteer_at = |p: isize| -> u64 {
            i.checked_add_signed(p)
                .and_then(|j| self.gazetteer.get(j))
                .copied()
                .unwrap_or(BOUNDARY)
        };
        let doc_at = |p: isize| -> u64 {
            i.checked_add_signed(p)
                .filter(|&j| j < self.words.len())
                .map_or(BOUNDARY, |j| {
                    u64::from(self.doc.get(j).copied().unwrap_or(0)) + 1
                })
        };
        Context {
            previous: at(-1),
            word: at(0),
            next: at(1),
            after_next: at(2),
            gazetteer: [gazetteer_at(-1), gazetteer_at(0), gazetteer_at(1)],
            doc: [doc_at(-1), doc_at(0)],
            first: u64::from(i == 0),
            style: self.style,
            run: self.runs.get(i).copied().unwrap_or([0; 3]),
        }
    }

    /// The rows of the combined templates of token `i`.
    pub(crate) fn combined_rows(&self, i: usize, bits: u32) -> [u32; COMBINED] {
        let context = self.context(i);
        std::array::from_fn(|k| combined_row(k, &context, bits))
    }
}
