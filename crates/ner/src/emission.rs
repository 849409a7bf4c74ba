//! A token's score from the combined templates, with fewer row lookups.
//!
//! Most combined templates read little that varies in ordinary prose: for a
//! token that is not the first of a prose sentence (style 0) and has no
//! knowledge-base match at −1, 0 or +1, the position and gazetteer
//! templates take one value ([`QUIET`]), the word-and-context templates
//! depend on the word alone ([`WORD_PROSE`], summed once per word type in
//! the tagger's cache), the document templates on two small document values
//! ([`DOC`], a table), the run templates on nothing outside a run ([`RUN`])
//! and the head template on three head classes ([`HEADS`], a table). Their
//! summed rows are looked up instead of each row; the word's document-value
//! row ([`DOC_WORD`]) is remembered per word type; the other templates
//! ([`PAIRS`]) are looked up row by row, for a whole sentence at once
//! ([`Model::add_rows`]). Weights are integers,
//! so the sums equal row-by-row sums exactly and the tags do not change
//! (`Tagger`'s tests compare both).

use crate::features::{Context, SentenceView, combined_row};
use crate::features::{HEAD_CLASSES, Outline};
use crate::labels::LABELS;
use crate::model::Model;

/// One score per label.
pub(crate) type Scores = [i32; LABELS];

/// Templates that read two words: looked up row by row.
pub(crate) const PAIRS: [usize; 8] = [0, 1, 2, 3, 4, 5, 9, 16];
/// Templates that read the word and the position, style or gazetteer
/// value: per word type in a quiet prose context.
pub(crate) const WORD_PROSE: [usize; 3] = [6, 8, 11];
/// Templates that read only the position and gazetteer values: one sum in a
/// quiet prose context.
pub(crate) const QUIET: [usize; 6] = [7, 10, 12, 13, 14, 15];
/// Templates that read the document values, position and style: a table
/// by the previous and own document value in prose.
pub(crate) const DOC: [usize; 3] = [17, 19, 20];
/// The template that reads the word and its document value: remembered per
/// word type for the last document value.
pub(crate) const DOC_WORD: usize = 18;
/// The run templates: one sum outside a run.
pub(crate) const RUN: [usize; 3] = [21, 22, 23];
/// The head-class template: a table by the three head classes.
pub(crate) const HEADS: usize = 24;

/// Document values (plus one) the table covers: 1 to `DOC_VALUES`.
const DOC_VALUES: usize = 24;

/// Summed rows of the templates whose values come from small sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tables {
    /// [`QUIET`] in a quiet context.
    quiet: Scores,
    /// [`RUN`] outside a run.
    outside_run: Scores,
    /// [`DOC`] in prose, not first, by previous and own document value.
    doc: Vec<Scores>,
    /// [`HEADS`] by the head classes of the token and the next two.
    heads: Vec<Scores>,
}

/// The sum of the rows of `templates` in context `c`.
fn sum(model: &Model, templates: &[usize], c: &Context<'_>) -> Scores {
    let mut scores = [0; LABELS];
    for &k in templates {
        model.add_row(combined_row(k, c, model.bits), &mut scores);
    }
    scores
}

/// Adds `sum` to `scores`.
#[inline]
pub(crate) fn add(scores: &mut Scores, sum: &Scores) {
    for (score, &s) in scores.iter_mut().zip(sum) {
        *score += s;
    }
}

/// Index of a head class in [`HEAD_CLASSES`].
fn head_index(head: u8) -> Option<usize> {
    HEAD_CLASSES.iter().position(|&h| h == head)
}

impl Tables {
    /// The tables of `model`.
    pub(crate) fn new(model: &Model) -> Self {
        let quiet = Context::quiet();
        let mut doc = Vec::with_capacity(DOC_VALUES * DOC_VALUES);
        for before in 1..=DOC_VALUES as u64 {
            for own in 1..=DOC_VALUES as u64 {
                let c = Context {
                    doc: [before, own],
                    ..quiet
                };
                doc.push(sum(model, &DOC, &c));
            }
        }
        let words: Vec<Outline> = HEAD_CLASSES
            .iter()
            .map(|&h| Outline::with_head(h))
            .collect();
        let mut heads = Vec::with_capacity(words.len().pow(3));
        for word in &words {
            for next in &words {
                for after_next in &words {
                    let c = Context {
                        word,
                        next,
                        after_next,
                        ..quiet
                    };
                    heads.push(sum(model, &[HEADS], &c));
                }
            }
        }
        Self {
            quiet: sum(model, &QUIET, &quiet),
            outside_run: sum(model, &RUN, &quiet),
            doc,
            heads,
        }
    }
}

/// The rows of the [`WORD_PROSE`] templates of `word` in a quiet prose
/// context (their sum is kept per word type).
pub(crate) fn word_prose_rows(model: &Model, word: &Outline) -> impl Iterator<Item = u32> {
    let c = Context {
        word,
        ..Context::quiet()
    };
    let bits = model.bits;
    WORD_PROSE.map(|k| combined_row(k, &c, bits)).into_iter()
}

/// Adds the table sums of token `i` of `view`'s combined templates to
/// `scores`, and pushes `(i, row)` to `lookups` for each row still to be
/// added ([`Model::add_rows`] adds them for the whole sentence): `prose` is
/// the summed weights of the word's [`word_prose_rows`], `memo` the word's last document value
/// (plus one; 0: none) with the weights of its [`DOC_WORD`] row.
#[expect(clippy::too_many_arguments, reason = "one call site, all distinct")]
pub(crate) fn add_combined(
    model: &Model,
    tables: &Tables,
    view: &SentenceView<'_>,
    i: usize,
    prose: &Scores,
    memo: &mut (u64, Scores),
    scores: &mut Scores,
    lookups: &mut Vec<(u32, u32)>,
) {
    let bits = model.bits;
    let context = view.context(i);
    let token = i as u32;
    let mut push = |template: usize| lookups.push((token, combined_row(template, &context, bits)));
    for template in PAIRS {
        push(template);
    }
    let in_prose = context.first == 0 && context.style == 0;
    if in_prose && context.gazetteer == [0; 3] {
        add(scores, prose);
        add(scores, &tables.quiet);
    } else {
        for template in WORD_PROSE.into_iter().chain(QUIET) {
            push(template);
        }
    }
    let [before, own] = context.doc;
    let known = 1..=DOC_VALUES as u64;
    if in_prose && known.contains(&before) && known.contains(&own) {
        let index = (before as usize - 1) * DOC_VALUES + own as usize - 1;
        add(scores, &tables.doc[index]);
    } else {
        for template in DOC {
            push(template);
        }
    }
    if context.run == [0; 3] {
        add(scores, &tables.outside_run);
    } else {
        for template in RUN {
            push(template);
        }
    }
    match (
        head_index(context.word.head),
        head_index(context.next.head),
        head_index(context.after_next.head),
    ) {
        (Some(word), Some(next), Some(after_next)) => {
            let n = HEAD_CLASSES.len();
            add(scores, &tables.heads[(word * n + next) * n + after_next]);
        }
        _ => push(HEADS),
    }
    if memo.0 != own {
        let mut row = [0; LABELS];
        model.add_row(combined_row(DOC_WORD, &context, bits), &mut row);
        *memo = (own, row);
    }
    add(scores, &memo.1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::COMBINED;

    #[test]
    fn every_combined_template_is_in_one_group() {
        let mut seen = [0usize; COMBINED];
        for k in PAIRS
            .into_iter()
            .chain(WORD_PROSE)
            .chain(QUIET)
            .chain(DOC)
            .chain(RUN)
            .chain([DOC_WORD, HEADS])
        {
            seen[k] += 1;
        }
        assert_eq!(seen, [1; COMBINED]);
    }
}
