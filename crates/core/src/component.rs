//! Components: the per-article steps that annotate a [`Doc`], and the checked,
//! ordered list that runs them.
//!
//! Every per-article step (paragraph and sentence splitting, tokenising,
//! tagging, the date, quantity, quote and event finders) is a [`Component`]:
//! it names the [`Layer`]s it reads and the ones it writes, and annotates a
//! `Doc` in place. A [`DocPipeline`] is built from a list of components and
//! refuses, at construction, an order in which a layer is read before any
//! component writes it. While it runs it counts, per component, the documents
//! seen, the annotations added to each written layer and the time spent
//! ([`ComponentTally`]); [`ComponentReport`]s carry those figures into the
//! run manifest.
//!
//! ```
//! use sitrep_core::component::{Component, DocPipeline, Layer};
//! use sitrep_core::Doc;
//!
//! #[derive(Debug)]
//! struct Paragraphs;
//! impl Component for Paragraphs {
//!     fn name(&self) -> &'static str { "paragraphs" }
//!     fn reads(&self) -> &'static [Layer] { &[Layer::Normalised] }
//!     fn writes(&self) -> &'static [Layer] { &[Layer::Paragraphs] }
//!     fn annotate(&self, _doc: &mut Doc) {}
//! }
//! #[derive(Debug)]
//! struct Sentences;
//! impl Component for Sentences {
//!     fn name(&self) -> &'static str { "sentences" }
//!     fn reads(&self) -> &'static [Layer] { &[Layer::Paragraphs] }
//!     fn writes(&self) -> &'static [Layer] { &[Layer::Sentences] }
//!     fn annotate(&self, _doc: &mut Doc) {}
//! }
//!
//! assert!(DocPipeline::new(vec![Box::new(Paragraphs), Box::new(Sentences)]).is_ok());
//! let error = DocPipeline::new(vec![Box::new(Sentences), Box::new(Paragraphs)]).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "component `sentences` reads the paragraphs layer, which no earlier component writes; \
//!      put the component that writes paragraphs before it"
//! );
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::Doc;

/// A layer of a [`Doc`] that components read or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// `Doc::normalised` and `Doc::offsets`: present from the `Doc`'s creation.
    Normalised,
    /// `Doc::paragraphs`.
    Paragraphs,
    /// `Doc::sentences` (their token ranges are filled with the tokens).
    Sentences,
    /// `Doc::tokens` and the token ranges of `Doc::sentences`.
    Tokens,
    /// `upos` and `xpos` of [`Doc::syntax`].
    PartsOfSpeech,
    /// `lemma` of [`Doc::syntax`].
    Lemmas,
    /// `head` and `deprel` of [`Doc::syntax`].
    Dependencies,
    /// [`Doc::entities`]: named-entity mentions.
    Entities,
    /// [`Doc::dates`].
    Dates,
    /// [`Doc::quantities`].
    Quantities,
    /// [`Doc::quotes`].
    Quotes,
    /// [`Doc::events`].
    Events,
    /// [`Doc::relations`].
    Relations,
}

impl Layer {
    /// The layer's name in docs, errors and the manifest.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Normalised => "normalised",
            Self::Paragraphs => "paragraphs",
            Self::Sentences => "sentences",
            Self::Tokens => "tokens",
            Self::PartsOfSpeech => "parts_of_speech",
            Self::Lemmas => "lemmas",
            Self::Dependencies => "dependencies",
            Self::Entities => "entities",
            Self::Dates => "dates",
            Self::Quantities => "quantities",
            Self::Quotes => "quotes",
            Self::Events => "events",
            Self::Relations => "relations",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One per-article step: reads some layers of a [`Doc`], writes others.
pub trait Component: Send + Sync + fmt::Debug {
    /// Short name, for docs, logs, errors and the manifest.
    fn name(&self) -> &'static str;
    /// Layers the component reads.
    fn reads(&self) -> &'static [Layer];
    /// Layers the component writes.
    fn writes(&self) -> &'static [Layer];
    /// Adds the component's annotations to `doc`.
    fn annotate(&self, doc: &mut Doc);
}

/// A component list whose order reads a layer before any component writes it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "component `{component}` reads the {layer} layer, which no earlier component writes; put the component that writes {layer} before it"
)]
pub struct ComponentOrderError {
    /// Name of the misplaced component.
    pub component: &'static str,
    /// The layer it reads too early.
    pub layer: Layer,
}

/// An ordered list of components, checked so that every layer is written
/// before it is read. `Layer::Normalised` is present from the start (the
/// `Doc` is created with its normalised text).
#[derive(Debug)]
pub struct DocPipeline {
    components: Vec<Box<dyn Component>>,
}

impl DocPipeline {
    /// A pipeline running `components` in order; errors if one reads a layer
    /// that no earlier component writes.
    pub fn new(components: Vec<Box<dyn Component>>) -> Result<Self, ComponentOrderError> {
        Self::after(&[Layer::Normalised], components)
    }

    /// A pipeline whose documents arrive with the layers `present` already
    /// written (by an earlier pipeline, or rebuilt from persisted tables).
    pub fn after(
        present: &[Layer],
        components: Vec<Box<dyn Component>>,
    ) -> Result<Self, ComponentOrderError> {
        let mut written = present.to_vec();
        for component in &components {
            if let Some(&layer) = component
                .reads()
                .iter()
                .find(|layer| !written.contains(layer))
            {
                return Err(ComponentOrderError {
                    component: component.name(),
                    layer,
                });
            }
            written.extend_from_slice(component.writes());
        }
        Ok(Self { components })
    }

    /// Names of the components in run order.
    #[must_use]
    pub fn component_names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Layers written, in run order (a layer written twice is listed twice).
    #[must_use]
    pub fn layers_written(&self) -> Vec<Layer> {
        self.components
            .iter()
            .flat_map(|c| c.writes().iter().copied())
            .collect()
    }

    /// The components, in run order.
    #[must_use]
    pub fn components(&self) -> &[Box<dyn Component>] {
        &self.components
    }

    /// An empty tally with one slot per component.
    #[must_use]
    pub fn tally(&self) -> ComponentTally {
        ComponentTally {
            slots: vec![Slot::default(); self.components.len()],
        }
    }

    /// Runs every component on `doc`, without counting.
    pub fn annotate(&self, doc: &mut Doc) {
        for component in &self.components {
            component.annotate(doc);
        }
    }

    /// Runs every component on `doc`, adding to `tally` (which must come from
    /// this pipeline's [`DocPipeline::tally`]) the annotations each wrote and
    /// the time it took.
    pub fn annotate_counted(&self, doc: &mut Doc, tally: &mut ComponentTally) {
        self.annotate_batch_counted(std::slice::from_mut(doc), tally);
    }

    /// Runs every component on every document of `docs`, component by
    /// component (the first on all of them, then the next, …), counting as
    /// [`DocPipeline::annotate_counted`] does. Each document gets the same
    /// annotations as alone (components see one document at a time); the
    /// order only keeps one component's model and tables in the processor's
    /// caches while it works through the batch, instead of every component
    /// evicting the others' for each document.
    pub fn annotate_batch_counted(&self, docs: &mut [Doc], tally: &mut ComponentTally) {
        debug_assert_eq!(tally.slots.len(), self.components.len());
        let mut before: Vec<usize> = Vec::new();
        for (component, slot) in self.components.iter().zip(&mut tally.slots) {
            let writes = component.writes();
            before.clear();
            before.extend(
                docs.iter()
                    .flat_map(|doc| writes.iter().map(|&l| doc.layer_len(l))),
            );
            let started = Instant::now();
            for doc in docs.iter_mut() {
                component.annotate(doc);
            }
            slot.nanos += started.elapsed().as_nanos() as u64;
            slot.docs += docs.len() as u64;
            slot.written.resize(writes.len(), 0);
            for (doc, before) in docs.iter().zip(before.chunks(writes.len().max(1))) {
                for ((count, &layer), &before) in slot.written.iter_mut().zip(writes).zip(before) {
                    *count += doc.layer_len(layer).saturating_sub(before) as u64;
                }
            }
        }
    }

    /// The manifest figures of a finished tally.
    #[must_use]
    pub fn reports(&self, tally: &ComponentTally) -> Vec<ComponentReport> {
        self.components
            .iter()
            .zip(&tally.slots)
            .map(|(component, slot)| ComponentReport {
                component: component.name().to_owned(),
                docs: slot.docs,
                written: component
                    .writes()
                    .iter()
                    .zip(slot.written.iter().chain(std::iter::repeat(&0)))
                    .map(|(layer, &count)| (layer.name().to_owned(), count))
                    .collect(),
                elapsed_ms: slot.nanos / 1_000_000,
            })
            .collect()
    }
}

/// Running counts of a [`DocPipeline`]: per component, the documents it ran
/// on, the annotations it added to each layer it writes, and its time.
/// Tallies of documents run in parallel are summed with
/// [`ComponentTally::absorb`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComponentTally {
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Slot {
    docs: u64,
    /// Per written layer, in `writes()` order.
    written: Vec<u64>,
    nanos: u64,
}

impl ComponentTally {
    /// Adds the counts and times of `other` (from the same pipeline).
    pub fn absorb(&mut self, other: &ComponentTally) {
        if self.slots.is_empty() {
            self.slots.clone_from(&other.slots);
            return;
        }
        for (slot, other) in self.slots.iter_mut().zip(&other.slots) {
            slot.docs += other.docs;
            slot.nanos += other.nanos;
            if slot.written.len() < other.written.len() {
                slot.written.resize(other.written.len(), 0);
            }
            for (count, add) in slot.written.iter_mut().zip(&other.written) {
                *count += add;
            }
        }
    }
}

/// One component's figures in the run manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentReport {
    /// Component name.
    pub component: String,
    /// Documents it ran on.
    pub docs: u64,
    /// Annotations it added, per layer written.
    pub written: BTreeMap<String, u64>,
    /// Time spent in it, summed over documents and threads, in milliseconds
    /// (excluded from determinism checks).
    pub elapsed_ms: u64,
}

impl ComponentReport {
    /// Adds the figures of `other` (the same component on another chunk).
    pub fn absorb(&mut self, other: ComponentReport) {
        self.docs += other.docs;
        for (layer, count) in other.written {
            *self.written.entry(layer).or_default() += count;
        }
        self.elapsed_ms += other.elapsed_ms;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::Article;
    use crate::text::{ByteSpan, OffsetMap};

    /// Writes one paragraph covering the text.
    #[derive(Debug)]
    struct OneParagraph;
    impl Component for OneParagraph {
        fn name(&self) -> &'static str {
            "one_paragraph"
        }
        fn reads(&self) -> &'static [Layer] {
            &[Layer::Normalised]
        }
        fn writes(&self) -> &'static [Layer] {
            &[Layer::Paragraphs]
        }
        fn annotate(&self, doc: &mut Doc) {
            doc.paragraphs = vec![ByteSpan::new(0, doc.normalised.len())];
        }
    }

    /// Reads tokens, writes nothing.
    #[derive(Debug)]
    struct NeedsTokens;
    impl Component for NeedsTokens {
        fn name(&self) -> &'static str {
            "needs_tokens"
        }
        fn reads(&self) -> &'static [Layer] {
            &[Layer::Paragraphs, Layer::Tokens]
        }
        fn writes(&self) -> &'static [Layer] {
            &[]
        }
        fn annotate(&self, _doc: &mut Doc) {}
    }

    fn doc(text: &str) -> Doc {
        let article = Article {
            article_id: "a1".into(),
            text: text.into(),
            ..Article::default()
        };
        Doc::new(article, text.into(), OffsetMap::identity(text))
    }

    #[test]
    fn a_layer_read_before_it_is_written_is_refused_and_named() {
        let error =
            DocPipeline::new(vec![Box::new(OneParagraph), Box::new(NeedsTokens)]).unwrap_err();
        assert_eq!(
            error,
            ComponentOrderError {
                component: "needs_tokens",
                layer: Layer::Tokens
            }
        );
        assert!(
            DocPipeline::after(
                &[Layer::Normalised, Layer::Tokens],
                vec![Box::new(OneParagraph), Box::new(NeedsTokens)]
            )
            .is_ok()
        );
    }

    /// `one_paragraph` then `needs_tokens`, after normalised text and tokens.
    fn paragraph_then_tokens() -> DocPipeline {
        DocPipeline::after(
            &[Layer::Normalised, Layer::Tokens],
            vec![Box::new(OneParagraph), Box::new(NeedsTokens)],
        )
        .unwrap()
    }

    #[test]
    fn counts_and_reports_what_each_component_wrote() {
        let pipeline = paragraph_then_tokens();
        assert_eq!(
            pipeline.component_names(),
            ["one_paragraph", "needs_tokens"]
        );
        assert_eq!(pipeline.layers_written(), [Layer::Paragraphs]);
        let mut total = pipeline.tally();
        for text in ["one", "two"] {
            let mut part = pipeline.tally();
            let mut doc = doc(text);
            pipeline.annotate_counted(&mut doc, &mut part);
            assert_eq!(doc.paragraphs, [ByteSpan::new(0, 3)]);
            total.absorb(&part);
        }
        let reports = pipeline.reports(&total);
        assert_eq!(reports[0].component, "one_paragraph");
        assert_eq!(reports[0].docs, 2);
        assert_eq!(reports[0].written["paragraphs"], 2);
        assert_eq!(reports[1].docs, 2);
        assert!(reports[1].written.is_empty());
    }

    #[test]
    fn a_batch_gets_the_annotations_and_counts_of_documents_one_at_a_time() {
        let pipeline = paragraph_then_tokens();
        let texts = ["one", "three", "eleven"];
        let mut alone_tally = pipeline.tally();
        let alone: Vec<Doc> = texts
            .iter()
            .map(|text| {
                let mut doc = doc(text);
                pipeline.annotate_counted(&mut doc, &mut alone_tally);
                doc
            })
            .collect();
        let mut batch: Vec<Doc> = texts.iter().map(|text| doc(text)).collect();
        let mut batch_tally = pipeline.tally();
        pipeline.annotate_batch_counted(&mut batch, &mut batch_tally);
        for (a, b) in alone.iter().zip(&batch) {
            assert_eq!(a.paragraphs, b.paragraphs);
        }
        assert_eq!(batch[2].paragraphs, [ByteSpan::new(0, 6)]);
        let (alone, batch) = (
            pipeline.reports(&alone_tally),
            pipeline.reports(&batch_tally),
        );
        for (a, b) in alone.iter().zip(&batch) {
            assert_eq!((a.docs, &a.written), (b.docs, &b.written));
        }
        assert_eq!(batch[0].docs, 3);
        assert_eq!(batch[0].written["paragraphs"], 3);
    }
}
