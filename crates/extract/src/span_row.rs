//! The columns every extracted row shares, built from one normalised span:
//! a stable id from the article id and the character offsets, the article
//! id, the sentence index, the character offsets and the original text.
//!
//! Example: a date found at normalised bytes 10..22 of sentence 0 gives
//! `RowSpan { id: "dat_…", sentence_idx: 0, start, end, text: "Nov. 8, 2023" }`,
//! with `start`/`end` counted in characters of `articles.text`.
//!
//! Known misses: none; each extractor still fills its own columns.

use sitrep_core::ids::stable_id;
use sitrep_core::{ByteSpan, Doc};

/// The shared columns of one row: id, article, sentence, offsets and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowSpan {
    /// `prefix_…` id from the article id, `start`, `end` (and a kind, if given).
    pub(crate) id: String,
    pub(crate) article_id: String,
    pub(crate) sentence_idx: i64,
    /// Character offsets into `articles.text`, end exclusive.
    pub(crate) start: i64,
    pub(crate) end: i64,
    /// Original text (`articles.text`) of the span.
    pub(crate) text: String,
}

impl RowSpan {
    /// The shared columns of normalised span `span` in sentence `sentence_idx`,
    /// with an id `prefix_…` of the article id and the character offsets.
    pub(crate) fn new(doc: &Doc, prefix: &str, sentence_idx: usize, span: ByteSpan) -> Self {
        Self::build(doc, prefix, sentence_idx, span, None)
    }

    /// As [`RowSpan::new`], with `kind` (an entity type) hashed into the id
    /// after the offsets, so two kinds at one span get two ids.
    pub(crate) fn of_kind(
        doc: &Doc,
        prefix: &str,
        sentence_idx: usize,
        span: ByteSpan,
        kind: &str,
    ) -> Self {
        Self::build(doc, prefix, sentence_idx, span, Some(kind))
    }

    fn build(
        doc: &Doc,
        prefix: &str,
        sentence_idx: usize,
        span: ByteSpan,
        kind: Option<&str>,
    ) -> Self {
        let (start, end) = doc.char_span(span);
        let (start_text, end_text) = (start.to_string(), end.to_string());
        let parts = [
            doc.article_id(),
            &start_text,
            &end_text,
            kind.unwrap_or_default(),
        ];
        let parts = if kind.is_some() {
            &parts[..]
        } else {
            &parts[..3]
        };
        Self {
            id: stable_id(prefix, parts),
            article_id: doc.article_id().to_owned(),
            sentence_idx: sentence_idx as i64,
            start,
            end,
            text: doc.original_text(span).to_owned(),
        }
    }
}

/// Builds a table row whose id, `article_id`, `sentence_idx`, `start`, `end`
/// and text columns come from a [`RowSpan`]: name the row's id and text
/// columns, then list the other columns after the `;`.
///
/// `span_row!(RowSpan::new(doc, "dat", idx, span) => DateRow { date_id, text; value, … })`
macro_rules! span_row {
    ($span:expr => $row:ident { $id:ident, $text:ident; $($rest:tt)* }) => {{
        let span: $crate::span_row::RowSpan = $span;
        $row {
            $id: span.id,
            article_id: span.article_id,
            sentence_idx: span.sentence_idx,
            start: span.start,
            end: span.end,
            $text: span.text,
            $($rest)*
        }
    }};
}
pub(crate) use span_row;

/// The rows of sentence `idx` in a layer kept in sentence order.
pub(crate) fn of_sentence<T>(rows: &[T], idx: usize, sentence: impl Fn(&T) -> i64) -> &[T] {
    let idx = idx as i64;
    let first = rows.partition_point(|r| sentence(r) < idx);
    let last = rows.partition_point(|r| sentence(r) <= idx);
    &rows[first..last.max(first)]
}

#[cfg(test)]
mod tests {
    use sitrep_core::ByteSpan;
    use sitrep_core::ids::stable_id;

    use super::{RowSpan, of_sentence};
    use crate::test_support;

    #[test]
    fn columns_of_a_span_after_a_curly_apostrophe() {
        // `’` is three bytes and one character; the normaliser folds it to `'`.
        let doc = test_support::doc("Iran’s army moved.", None);
        let army = doc.normalised.find("army").unwrap();
        let row = RowSpan::new(&doc, "tst", 0, ByteSpan::new(army, army + 4));
        assert_eq!((row.start, row.end), (7, 11));
        assert_eq!(row.text, "army");
        assert_eq!(row.sentence_idx, 0);
        assert_eq!(row.article_id, doc.article_id());
        assert_eq!(row.id, stable_id("tst", &[doc.article_id(), "7", "11"]));
        let typed = RowSpan::of_kind(&doc, "tst", 0, ByteSpan::new(army, army + 4), "ORG");
        assert_eq!(
            typed.id,
            stable_id("tst", &[doc.article_id(), "7", "11", "ORG"])
        );
    }

    #[test]
    fn rows_of_one_sentence() {
        let rows = [0_i64, 0, 2, 2, 2, 5];
        assert_eq!(of_sentence(&rows, 2, |r| *r), &[2, 2, 2]);
        assert!(of_sentence(&rows, 1, |r| *r).is_empty());
        assert_eq!(of_sentence(&rows, 5, |r| *r), &[5]);
    }
}
