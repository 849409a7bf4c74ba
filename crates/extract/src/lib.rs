//! Extraction stage: finds entity mentions, dates, quantities, quotes and
//! events in a normalised [`Doc`].
//!
//! Input: a [`Doc`] from `sitrep-normalise` (sentences and tokens filled).
//! Output: an [`Extraction`] holding the rows of the `mentions`, `dates`,
//! `quantities`, `quotes` and `events` tables for that article, with spans as
//! character offsets into `articles.text` and `entity_id`s left empty for the
//! resolve stage.
//!
//! Extraction is an ordered list of [`Extractor`]s. Each reads the document and
//! the layers earlier extractors wrote into the [`Extraction`] (events read
//! mentions and dates, for instance), and adds its own layer. Components are
//! small, named by purpose and swappable: a learned tagger can replace the
//! gazetteer mention finder without touching the others.

use sitrep_core::Doc;
use sitrep_core::tables::{DateRow, EventRow, MentionRow, QuantityRow, QuoteRow};

pub mod dates;
pub mod events;
pub mod mentions;
pub mod quantities;
pub mod quotes;
mod span_row;
#[cfg(test)]
mod test_support;
mod words;

/// All rows extracted from one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// Entity mentions, in text order.
    pub mentions: Vec<MentionRow>,
    /// Date expressions, in text order.
    pub dates: Vec<DateRow>,
    /// Quantities, in text order.
    pub quantities: Vec<QuantityRow>,
    /// Quotations, in text order.
    pub quotes: Vec<QuoteRow>,
    /// Events, in text order.
    pub events: Vec<EventRow>,
}

/// One extraction component.
pub trait Extractor: Send + Sync {
    /// Short name, used in logs and in the `method` column.
    fn name(&self) -> &'static str;
    /// Adds this component's rows to `out`, reading `doc` and earlier layers.
    fn extract(&self, doc: &Doc, out: &mut Extraction);
}

/// The default ordered component list.
#[must_use]
pub fn default_extractors() -> Vec<Box<dyn Extractor>> {
    vec![
        Box::new(mentions::MentionFinder::new()),
        Box::new(dates::DateResolver::new()),
        Box::new(quantities::QuantityFinder::new()),
        Box::new(quotes::QuoteFinder::new()),
        Box::new(events::EventFinder::new()),
    ]
}

/// Runs `extractors` in order on `doc`.
#[must_use]
pub fn extract_with(doc: &Doc, extractors: &[Box<dyn Extractor>]) -> Extraction {
    let mut out = Extraction::default();
    for extractor in extractors {
        extractor.extract(doc, &mut out);
    }
    out
}
