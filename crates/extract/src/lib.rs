//! Extraction stage: finds entity mentions, dates, quantities, quotes and
//! events in a normalised [`Doc`].
//!
//! Input: a [`Doc`] from `sitrep-normalise` (paragraphs, sentences and tokens
//! filled). Each finder is a [`Component`] that reads layers of the `Doc` and
//! writes its own typed layer ([`sitrep_core::layers`]); none reads another's
//! output rows. The standard order, checked by [`DocPipeline`] when it is
//! built:
//!
//! | component | reads | writes |
//! |---|---|---|
//! | [`mentions::MentionFinder`] (`entity_tagger`) | paragraphs, sentences, tokens | entities |
//! | [`dates::DateResolver`] (`date_resolver`) | sentences | dates |
//! | [`quantities::QuantityFinder`] (`quantity_finder`) | sentences, dates | quantities |
//! | [`quotes::QuoteFinder`] (`quote_patterns`) | paragraphs, sentences, entities | quotes |
//! | [`events::EventFinder`] (`trigger_lexicon`) | sentences, entities, dates, quantities, quotes | events |
//! | [`relations::RelationFinder`] (`relation_patterns`) | sentences, tokens, entities | relations |
//!
//! Output: the [`sink`] turns the finished `Doc` into an [`Extraction`], the
//! rows of the `mentions`, `dates`, `quantities`, `quotes`, `events` and `relations`
//! tables for that article, with spans as character offsets into
//! `articles.text` and `entity_id`s left empty for the resolve stage.
//! Components are small, named by purpose and swappable: a learned tagger can
//! replace the rule mention finder without touching the others.
//!
//! ```
//! use sitrep_core::tables::Article;
//! let text = "Beirut\n\nIsrael struck Beirut on Oct. 17, 2023, killing 12 people.";
//! let article = Article { article_id: "a1".into(), text: text.into(), ..Article::default() };
//! let mut doc = sitrep_normalise::normalise(article);
//! let rows = sitrep_extract::extract(&mut doc);
//! assert_eq!(rows.dates[0].text, "Oct. 17, 2023");
//! let struck = &rows.events[0];
//! assert_eq!(struck.trigger, "struck");
//! assert_eq!(struck.actor_text.as_deref(), Some("Israel"));
//! assert_eq!(struck.killed, Some(12));
//! ```

use std::sync::LazyLock;

use sitrep_core::Doc;
use sitrep_core::component::{Component, DocPipeline, Layer};
use sitrep_core::tables::{DateRow, EventRow, MentionRow, QuantityRow, QuoteRow, RelationRow};

pub mod dates;
pub mod events;
mod lexicons;
pub mod mentions;
pub mod quantities;
pub mod quotes;
pub mod relations;
pub mod sink;
mod span_row;
#[cfg(test)]
mod test_support;
mod words;

/// Components left out for a cost measurement: the names listed in the
/// environment variable `SITREP_BENCH_WITHOUT` (`events`, `quotes`; comma
/// separated), read once. `just bench` sets it on runs it compares with full
/// runs, always with `--no-cache` (the cache does not know about it). A left-out
/// component writes an empty layer.
pub(crate) fn benched_without(component: &str) -> bool {
    static WITHOUT: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        std::env::var("SITREP_BENCH_WITHOUT")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    });
    WITHOUT.iter().any(|c| c == component)
}

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
    /// Relations, in text order.
    pub relations: Vec<RelationRow>,
}

/// The layers a `Doc` has when extraction starts (what normalise wrote).
pub const INPUT_LAYERS: &[Layer] = &[
    Layer::Normalised,
    Layer::Paragraphs,
    Layer::Sentences,
    Layer::Tokens,
];

/// The default ordered component list.
#[must_use]
pub fn default_components() -> Vec<Box<dyn Component>> {
    components_with_anchor(None)
}

/// The default components, with `anchor` as the date anchor of articles
/// that have no publication date (`--anchor-date`).
#[must_use]
pub fn components_with_anchor(anchor: Option<chrono::NaiveDate>) -> Vec<Box<dyn Component>> {
    vec![
        Box::new(mentions::MentionFinder::new()),
        Box::new(dates::DateResolver::with_fallback_anchor(anchor)),
        Box::new(quantities::QuantityFinder::new()),
        Box::new(quotes::QuoteFinder::new()),
        Box::new(events::EventFinder::new()),
        Box::new(relations::RelationFinder::new()),
    ]
}

/// The default components as a checked pipeline over normalised documents.
#[must_use]
pub fn default_pipeline() -> DocPipeline {
    DocPipeline::after(INPUT_LAYERS, default_components())
        .expect("the default extract components are in a valid order")
}

static DEFAULT: LazyLock<DocPipeline> = LazyLock::new(default_pipeline);

/// Runs the default components on `doc` and returns its rows.
pub fn extract(doc: &mut Doc) -> Extraction {
    DEFAULT.annotate(doc);
    sink::rows(doc)
}
