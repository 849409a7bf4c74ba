//! Helpers for rule internals that still work on row views of the layers
//! (the event finder): a macro that fills a row's shared columns from the
//! sink's [`RowSpan`], and the rows of one sentence.
//!
//! Known misses: the event rules still compare rows' character offsets
//! instead of reading the layers' spans directly.

pub(crate) use crate::sink::RowSpan;

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
    use super::of_sentence;

    #[test]
    fn rows_of_one_sentence() {
        let rows = [0_i64, 0, 2, 2, 2, 5];
        assert_eq!(of_sentence(&rows, 2, |r| *r), &[2, 2, 2]);
        assert!(of_sentence(&rows, 1, |r| *r).is_empty());
        assert_eq!(of_sentence(&rows, 5, |r| *r), &[5]);
    }
}
