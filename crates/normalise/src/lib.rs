//! sitrep stage `normalise`: from an [`Article`] to a [`Doc`] with a
//! normalised view, paragraphs, sentences and tokens, every span keeping exact
//! offsets into the article text.
//!
//! **Input**: an [`Article`] from ingest (`text` = headline, blank line, body
//! paragraphs separated by blank lines). **Output**: a [`Doc`] whose
//! `normalised` text folds typography (quotes, spaces, invisible characters,
//! compatibility forms) with an `OffsetMap` back to `article.text`, plus
//! `paragraphs` (0 is the headline), `sentences` and `tokens` as spans of the
//! normalised text. [`Doc::sentence_rows`] gives the `sentences` table, and
//! [`rebuild`] turns those rows back into a `Doc`, so extraction can re-run
//! from normalise's persisted output.
//!
//! The work is an ordered list of small components ([`Pipeline`]):
//! [`TextNormaliser`] (itself an ordered list of [`CharFold`] rules), then
//! [`ParagraphSplitter`], [`SentenceSplitter`] and [`Tokenizer`]. Each module
//! documents its rules, an example and its known misses.
//!
//! ```
//! use sitrep_core::tables::Article;
//! use sitrep_normalise::normalise;
//!
//! let text = "Strike hits base\n\nGen. Smith said “it’s over.” Israel’s army\u{a0}agreed.";
//! let article = Article {
//!     article_id: "a1".into(),
//!     headline: "Strike hits base".into(),
//!     text: text.into(),
//!     body_start: 18,
//!     ..Article::default()
//! };
//! let doc = normalise(article);
//! assert_eq!(doc.normalised, "Strike hits base\n\nGen. Smith said \"it's over.\" Israel's army agreed.");
//! let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.original_text(s.span)).collect();
//! assert_eq!(sentences, ["Strike hits base", "Gen. Smith said “it’s over.”", "Israel’s army\u{a0}agreed."]);
//! // Character offsets into article.text, as the tables hold them.
//! assert_eq!(doc.char_span(doc.sentences[2].span), (47, 68));
//! let tokens: Vec<&str> = doc.sentence_tokens(2).iter().map(|t| doc.text(t.span)).collect();
//! assert_eq!(tokens, ["Israel", "'s", "army", "agreed", "."]);
//! ```

mod abbreviations;
mod error;
mod paragraphs;
mod pipeline;
mod rebuild;
mod sentences;
mod text_normaliser;
mod tokens;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use sitrep_core::Doc;
use sitrep_core::tables::Article;

pub use error::NormaliseError;
pub use paragraphs::ParagraphSplitter;
pub use pipeline::{NormaliseTally, Pipeline};
pub use rebuild::rebuild;
pub use sentences::{PeriodResolver, SentenceSplitter};
pub use sitrep_core::component::{Component, Layer};
pub use text_normaliser::{
    CharFold, CompatibilityFold, HyphenFold, InvisibleRemoval, QuoteFold, TextNormaliser,
};
pub use tokens::Tokenizer;

/// The standard pipeline, built once.
pub(crate) static STANDARD: LazyLock<Pipeline> = LazyLock::new(Pipeline::standard);

/// Full normalisation: normalised text + paragraphs + sentences + tokens.
#[must_use]
pub fn normalise(article: Article) -> Doc {
    STANDARD.run(article)
}

/// The standard pipeline (built once), for callers that count its work.
#[must_use]
pub fn standard() -> &'static Pipeline {
    &STANDARD
}
