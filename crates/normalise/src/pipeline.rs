//! The ordered list of components that turns an [`Article`] into a [`Doc`].
//!
//! A [`Pipeline`] is a [`TextNormaliser`] (which creates the `Doc` and its
//! normalised view) followed by [`Annotator`]s, each adding one layer. Every
//! annotator declares the layers it reads and the one it writes, and
//! [`Pipeline::new`] refuses an order in which a layer is read before it is
//! written. The standard pipeline is:
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
//! Known misses: annotators are infallible; a component that can fail (as
//! sentence boundaries read back from rows can) is run outside the pipeline,
//! see [`crate::rebuild`].

use std::fmt;

use sitrep_core::Doc;
use sitrep_core::tables::Article;

use crate::error::NormaliseError;
use crate::{ParagraphSplitter, SentenceSplitter, TextNormaliser, Tokenizer};

/// A layer of a [`Doc`] that components read or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// `Doc::normalised` and `Doc::offsets`.
    Normalised,
    /// `Doc::paragraphs`.
    Paragraphs,
    /// `Doc::sentences` (token ranges are filled by the tokenizer).
    Sentences,
    /// `Doc::tokens` and the token ranges of `Doc::sentences`.
    Tokens,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layer::Normalised => "normalised",
            Layer::Paragraphs => "paragraphs",
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
        })
    }
}

/// A component that adds one layer to a [`Doc`].
pub trait Annotator: Send + Sync + fmt::Debug {
    /// Short name, for docs, logs and errors.
    fn name(&self) -> &'static str;
    /// Layers the component reads.
    fn reads(&self) -> &'static [Layer];
    /// The layer the component writes (replacing any previous content).
    fn writes(&self) -> Layer;
    /// Adds the layer to `doc`.
    fn annotate(&self, doc: &mut Doc);
}

/// A text normaliser followed by an ordered, checked list of annotators.
#[derive(Debug)]
pub struct Pipeline {
    normaliser: TextNormaliser,
    annotators: Vec<Box<dyn Annotator>>,
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
        Self {
            normaliser: TextNormaliser::standard(),
            annotators: vec![
                Box::new(ParagraphSplitter),
                Box::new(SentenceSplitter),
                Box::new(Tokenizer),
            ],
        }
    }

    /// A pipeline with custom components; errors if an annotator reads a layer
    /// that no earlier component writes.
    pub fn new(
        normaliser: TextNormaliser,
        annotators: Vec<Box<dyn Annotator>>,
    ) -> Result<Self, NormaliseError> {
        let mut written = vec![Layer::Normalised];
        for annotator in &annotators {
            if let Some(&missing) = annotator
                .reads()
                .iter()
                .find(|layer| !written.contains(layer))
            {
                return Err(NormaliseError::ComponentOrder {
                    component: annotator.name(),
                    layer: missing,
                });
            }
            written.push(annotator.writes());
        }
        Ok(Self {
            normaliser,
            annotators,
        })
    }

    /// Names of the components in run order (the normaliser first).
    #[must_use]
    pub fn component_names(&self) -> Vec<&'static str> {
        std::iter::once("text_normaliser")
            .chain(self.annotators.iter().map(|annotator| annotator.name()))
            .collect()
    }

    /// Layers written, in run order.
    #[must_use]
    pub fn layers_written(&self) -> Vec<Layer> {
        std::iter::once(Layer::Normalised)
            .chain(self.annotators.iter().map(|annotator| annotator.writes()))
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
        for annotator in &self.annotators {
            annotator.annotate(&mut doc);
        }
        doc
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
