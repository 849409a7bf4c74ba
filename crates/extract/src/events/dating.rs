//! The date of an event whose sentence states none, and where it came from
//! (the `events.date_source` column).
//!
//! - `sentence`: a resolved date expression of the event's own sentence (the
//!   one nearest the trigger);
//! - `paragraph`: else the last resolved date of an earlier sentence of the
//!   same paragraph (`On Nov. 12, US jets struck … . The strike hit …`), the
//!   date that governs a paragraph's story;
//! - `article`: else the article's publication date, with its precision.
//!
//! With none of these the event has no date and no `date_source`.

use chrono::NaiveDate;
use sitrep_core::Doc;
use sitrep_core::layers::DatePrecision;
use sitrep_core::tables::DateRow;

/// Where an event's date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateSource {
    Sentence,
    Paragraph,
    Article,
}

impl DateSource {
    /// The `events.date_source` value.
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Sentence => "sentence",
            Self::Paragraph => "paragraph",
            Self::Article => "article",
        }
    }
}

/// A date for events of sentence `idx` that have none of their own: the
/// paragraph's, else the article's (see the module docs).
pub(super) fn fallback(
    doc: &Doc,
    dates: &[DateRow],
    idx: usize,
) -> Option<(NaiveDate, Option<DatePrecision>, DateSource)> {
    let paragraph = doc.sentences.get(idx)?.paragraph_idx;
    let earlier = dates.iter().rev().find(|d| {
        let sentence = usize::try_from(d.sentence_idx).unwrap_or(usize::MAX);
        d.value.is_some()
            && sentence < idx
            && doc
                .sentences
                .get(sentence)
                .is_some_and(|s| s.paragraph_idx == paragraph)
    });
    if let Some(date) = earlier {
        let precision = date.precision.as_deref().and_then(|p| p.parse().ok());
        return Some((date.value?, precision, DateSource::Paragraph));
    }
    let article = &doc.article;
    let precision = article
        .published_precision
        .as_deref()
        .and_then(|p| p.parse().ok());
    article
        .published
        .map(|date| (date, precision, DateSource::Article))
}
