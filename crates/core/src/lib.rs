//! Shared vocabulary of the sitrep pipeline.
//!
//! Every stage crate depends on this one and on nothing downstream. It holds:
//!
//! - [`tables`]: one Rust type per output table (`articles`, `sentences`,
//!   `mentions`, …), declared with the [`table!`] macro so that the column names,
//!   types and docs used by the Parquet/CSV writers and by `docs/schema.md` all
//!   come from one place.
//! - [`doc`]: the [`Doc`] every per-article stage annotates: the immutable
//!   analysed text of an article plus a normalised view with an offset map,
//!   and the annotation layers over it ([`layers`]: entities, syntax, dates,
//!   quantities, quotes, events).
//! - [`component`]: the [`Component`] trait every per-article step implements
//!   and the [`DocPipeline`] that checks their order and counts their work.
//! - [`text`]: byte ↔ character offset conversion and the [`OffsetMap`].
//! - [`ids`]: content-derived identifiers and hashes.
//! - [`fast_hash`]: [`FastMap`], a hash map for the pipeline's own keys
//!   (tokens, word lists) with a fast fixed hash.
//! - [`calendar`]: English month and weekday names (from `data/lexicons/`).
//! - [`lexicon`]: reading and checking the word lists under `data/lexicons/`.
//! - [`kb`]: the built-in knowledge base of actors and places.
//! - [`stage`]: the per-stage counters that end up in the run manifest.
//!
//! Offsets in tables are **character offsets** (Unicode scalar values, end
//! exclusive) into `articles.text`; inside Rust, spans are byte offsets. The one
//! place that converts is [`text::CharIndex`].
//!
//! ```
//! use sitrep_core::text::CharIndex;
//! let text = "Israel’s war";
//! let index = CharIndex::new(text);
//! // "war" starts at byte 11 (’ is three bytes) and at character 9.
//! assert_eq!(index.char_of(text.find("war").unwrap()), 9);
//! ```

pub mod calendar;
pub mod component;
pub mod doc;
pub mod fast_hash;
pub mod ids;
pub mod io;
pub mod kb;
pub mod layers;
pub mod lexicon;
pub mod schema;
pub mod stage;
pub mod table;
pub mod tables;
pub mod text;
pub mod titles;

pub use component::{Component, ComponentReport, DocPipeline, Layer};
pub use doc::{Doc, Sentence, Token};
pub use fast_hash::{FastHasher, FastMap, FastSet};
pub use kb::{EntityType, KnowledgeBase};
pub use stage::StageReport;
pub use table::{Cell, Column, ColumnType, Table};
pub use text::{ByteSpan, CharIndex, OffsetMap};

/// Version of the table contract (columns and types). Bump on any change to
/// [`tables`]; it is written into the manifest and `docs/schema.md`.
pub const SCHEMA_VERSION: &str = "1.1.0";
