//! The ordered list of components that turns an [`Article`] into a [`Doc`].
//!
//! A [`Pipeline`] is a [`TextNormaliser`] (which creates the `Doc` and its
//! normalised view) followed by a [`DocPipeline`] of [`Component`]s, each
//! adding one layer. Every component declares the layers it reads and writes,
//! and [`Pipeline::new`] refuses an order in which a layer is read before it
//! is written. The standard pipeline is:
//!
//! | component | reads | writes |
//! |---|---|---|
//! | `TextNormaliser` | article text | normalised |
//! | [`ParagraphSplitter`] | normalised | paragraphs |
//! | [`SentenceSplitter`] | normalised, paragraphs | sentences |
//! | [`Tokenizer`] | normalised, sentences | tokens |
//!
//! ```
//! use sitrep_normalise::{Layer, Pipeline};
//! let pipeline = Pipeline::standard();
//! assert_eq!(pipeline.component_names(), ["text_normaliser", "paragraph_splitter", "sentence_splitter", "tokenizer"]);
//! assert_eq!(pipeline.layers_written(), [Layer::Normalised, Layer::Paragraphs, Layer::Sentences, Layer::Tokens]);
//! ```
//!
//! Known misses: components are infallible; a component that can fail (as
//! sentence boundaries read back from rows can) is run outside the pipeline,
//! see [`crate::rebuild`].

use sitrep_core::Layer;
use sitrep_core::component::{Component, ComponentTally, DocPipeline};
use sitrep_core::tables::Article;
use sitrep_core::{ComponentReport, Doc};

use crate::error::NormaliseError;
use crate::{ParagraphSplitter, SentenceSplitter, TextNormaliser, Tokenizer};

/// A text normaliser followed by an ordered, checked list of components.
#[derive(Debug)]
pub struct Pipeline {
    normaliser: TextNormaliser,
    components: DocPipeline,
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::standard()
    }
}

impl Pipeline {
    /// The standard pipeline: normaliser, paragraphs, sentences, tokens.
    #[must_use]
    pub fn standard() -> Self {
        Self::new(
            TextNormaliser::standard(),
            vec![
                Box::new(ParagraphSplitter),
                Box::new(SentenceSplitter),
                Box::new(Tokenizer),
            ],
        )
        .expect("the standard normalise components are in a valid order")
    }

    /// A pipeline with custom components; errors if a component reads a layer
    /// that no earlier component writes.
    pub fn new(
        normaliser: TextNormaliser,
        components: Vec<Box<dyn Component>>,
    ) -> Result<Self, NormaliseError> {
        Ok(Self {
            normaliser,
            components: DocPipeline::new(components)?,
        })
    }

    /// Names of the components in run order (the normaliser first).
    #[must_use]
    pub fn component_names(&self) -> Vec<&'static str> {
        std::iter::once(TEXT_NORMALISER)
            .chain(self.components.component_names())
            .collect()
    }

    /// Layers written, in run order.
    #[must_use]
    pub fn layers_written(&self) -> Vec<Layer> {
        std::iter::once(Layer::Normalised)
            .chain(self.components.layers_written())
            .collect()
    }

    /// The pipeline's text normaliser.
    #[must_use]
    pub fn normaliser(&self) -> &TextNormaliser {
        &self.normaliser
    }

    /// A `Doc` with only the normalised layer.
    #[must_use]
    pub fn normalised_doc(&self, article: Article) -> Doc {
        let (normalised, offsets) = self.normaliser.normalise(&article.text);
        Doc::new(article, normalised, offsets)
    }

    /// Runs every component on `article`.
    #[must_use]
    pub fn run(&self, article: Article) -> Doc {
        let mut doc = self.normalised_doc(article);
        self.components.annotate(&mut doc);
        doc
    }

    /// An empty tally for [`Pipeline::run_counted`]: one slot for the text
    /// normaliser, then one per component.
    #[must_use]
    pub fn tally(&self) -> NormaliseTally {
        NormaliseTally {
            normaliser_nanos: 0,
            docs: 0,
            components: self.components.tally(),
        }
    }

    /// Runs every component on `article`, counting each one's work in `tally`.
    pub fn run_counted(&self, article: Article, tally: &mut NormaliseTally) -> Doc {
        let started = std::time::Instant::now();
        let mut doc = self.normalised_doc(article);
        tally.normaliser_nanos += started.elapsed().as_nanos() as u64;
        tally.docs += 1;
        self.components
            .annotate_counted(&mut doc, &mut tally.components);
        doc
    }

    /// The manifest figures of a finished tally, the text normaliser first.
    #[must_use]
    pub fn reports(&self, tally: &NormaliseTally) -> Vec<ComponentReport> {
        let normaliser = ComponentReport {
            component: TEXT_NORMALISER.to_owned(),
            docs: tally.docs,
            written: [(Layer::Normalised.name().to_owned(), tally.docs)].into(),
            elapsed_ms: tally.normaliser_nanos / 1_000_000,
        };
        std::iter::once(normaliser)
            .chain(self.components.reports(&tally.components))
            .collect()
    }
}

/// Name of the text normaliser in reports.
const TEXT_NORMALISER: &str = "text_normaliser";

/// Running counts of a normalise [`Pipeline`]; sum parallel parts with
/// [`NormaliseTally::absorb`].
#[derive(Debug, Clone, Default)]
pub struct NormaliseTally {
    normaliser_nanos: u64,
    docs: u64,
    components: ComponentTally,
}

impl NormaliseTally {
    /// Adds the counts and times of `other`.
    pub fn absorb(&mut self, other: &NormaliseTally) {
        self.normaliser_nanos += other.normaliser_nanos;
        self.docs += other.docs;
        self.components.absorb(&other.components);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_order_is_valid_and_reordering_is_refused() {
        let standard = Pipeline::standard();
        assert_eq!(standard.component_names().len(), 4);
        let error = Pipeline::new(
            TextNormaliser::standard(),
            vec![
                Box::new(Tokenizer),
                Box::new(ParagraphSplitter),
                Box::new(SentenceSplitter),
            ],
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "normalise pipeline: component `tokenizer` reads the sentences layer, which no earlier component writes; put the component that writes sentences before it"
        );
        assert!(
            Pipeline::new(
                TextNormaliser::standard(),
                vec![
                    Box::new(ParagraphSplitter),
                    Box::new(SentenceSplitter),
                    Box::new(Tokenizer)
                ],
            )
            .is_ok()
        );
    }
}
