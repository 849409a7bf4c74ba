//! The document every per-article component annotates.
//!
//! A [`Doc`] owns the [`Article`] (whose `text` never changes after ingest), a
//! normalised view of that text (typographic quotes unified, whitespace
//! collapsed, compatibility characters folded) with an [`OffsetMap`] back to
//! the original, and typed annotation layers over the normalised text:
//!
//! | layer | field | written by (standard pipeline) |
//! |---|---|---|
//! | paragraphs | [`Doc::paragraphs`] | `paragraph_splitter` |
//! | sentences | [`Doc::sentences`] | `sentence_splitter` |
//! | tokens | [`Doc::tokens`] | `tokenizer` |
//! | parts of speech, lemmas, dependencies | [`Doc::syntax`] | a tagger/parser (none yet) |
//! | entities | [`Doc::entities`] | `entity_tagger` |
//! | dates | [`Doc::dates`] | `date_resolver` |
//! | quantities | [`Doc::quantities`] | `quantity_finder` |
//! | quotes | [`Doc::quotes`] | `quote_patterns` |
//! | events | [`Doc::events`] | `trigger_lexicon` |
//! | relations | [`Doc::relations`] | `relation_patterns` |
//!
//! Every span is a [`ByteSpan`] of the normalised text; the one conversion to
//! the character offsets the tables hold is [`Doc::char_span`]. The
//! [`component`](crate::component) module runs the components that write the
//! layers and checks their order.

use std::sync::OnceLock;

use crate::component::Layer;
use crate::layers::{
    self, Annotation, DateAnnotation, EntitySpan, EventAnnotation, QuantityAnnotation,
    QuoteAnnotation, RelationAnnotation, SyntaxToken,
};
use crate::tables::{Article, SentenceRow};
use crate::text::{ByteSpan, CharIndex, OffsetMap};

/// One sentence, as a span of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Span in the normalised text.
    pub span: ByteSpan,
    /// Paragraph index (0 is the headline).
    pub paragraph_idx: usize,
    /// Index of the sentence's first token in [`Doc::tokens`].
    pub first_token: usize,
    /// One past the index of its last token.
    pub end_token: usize,
}

/// One token, as a span of the normalised text.
///
/// The token's offsets are its span; its normalised form is its text in the
/// normalised view ([`Doc::token_form`]), with typographic quotes, dashes,
/// invisible and compatibility characters already folded; its original
/// form is [`Doc::original_text`] of the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Span in the normalised text.
    pub span: ByteSpan,
    /// Sentence the token belongs to.
    pub sentence_idx: usize,
}

impl Token {
    /// A token of sentence `sentence_idx` at `span`.
    #[must_use]
    pub fn new(span: ByteSpan, sentence_idx: usize) -> Self {
        Self { span, sentence_idx }
    }
}

/// An article with its normalised text and annotation layers (see the module
/// docs). `article.text`, `normalised` and `offsets` never change once the
/// `Doc` is made; components add layers.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The article; `article.text` is the immutable analysed text.
    pub article: Article,
    /// Normalised view of `article.text`; extractors work on this.
    pub normalised: String,
    /// Maps normalised byte offsets to byte offsets in `article.text`.
    pub offsets: OffsetMap,
    /// Byte → character conversion for `article.text`.
    pub chars: CharIndex,
    /// Paragraph spans in the normalised text.
    pub paragraphs: Vec<ByteSpan>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Syntax per token (parallel to `tokens` once a tagger has run; empty before).
    syntax: Vec<SyntaxToken>,
    /// Named-entity mentions in sentence and text order.
    entities: Vec<EntitySpan>,
    /// Date expressions in sentence and text order.
    dates: Vec<DateAnnotation>,
    /// Quantities in sentence and text order.
    quantities: Vec<QuantityAnnotation>,
    /// Quotations in sentence and text order.
    quotes: Vec<QuoteAnnotation>,
    /// Events in sentence and text order.
    events: Vec<EventAnnotation>,
    /// Relations in sentence and text order.
    relations: Vec<RelationAnnotation>,
    /// Sentence parses made on demand (see [`Doc::sentence_syntax_or`]).
    parses: SentenceParses,
}

/// Parses of single sentences made on demand by the components that need
/// syntax for a few sentences only (events, quotes, relations, pronouns), so
/// that a sentence asked about by several of them is parsed once. Filled
/// through `&Doc` (each slot is set at most once); not a layer: it never
/// reaches a table.
#[derive(Debug, Clone, Default)]
struct SentenceParses {
    /// One slot per sentence, made on first use.
    slots: OnceLock<Box<[ParseSlot]>>,
}

/// The parse of one sentence, once made.
type ParseSlot = OnceLock<Box<[SyntaxToken]>>;

impl Doc {
    /// A document with a normalised view but no paragraphs, sentences or tokens yet.
    #[must_use]
    pub fn new(article: Article, normalised: String, offsets: OffsetMap) -> Self {
        debug_assert_eq!(offsets.normalised_len(), normalised.len());
        let chars = CharIndex::new(&article.text);
        Self {
            article,
            normalised,
            offsets,
            chars,
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            syntax: Vec::new(),
            entities: Vec::new(),
            dates: Vec::new(),
            quantities: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            parses: SentenceParses::default(),
        }
    }

    /// Id of the article.
    #[must_use]
    pub fn article_id(&self) -> &str {
        &self.article.article_id
    }

    /// Normalised text of a normalised span.
    #[must_use]
    pub fn text(&self, span: ByteSpan) -> &str {
        span.slice(&self.normalised)
    }

    /// Byte span in `article.text` of a normalised span.
    #[must_use]
    pub fn original_span(&self, span: ByteSpan) -> ByteSpan {
        self.offsets.to_original(span)
    }

    /// Original text (`article.text`) of a normalised span.
    #[must_use]
    pub fn original_text(&self, span: ByteSpan) -> &str {
        self.original_span(span).slice(&self.article.text)
    }

    /// Character offsets into `article.text` of a normalised span: what the
    /// `start`/`end` table columns hold.
    #[must_use]
    pub fn char_span(&self, span: ByteSpan) -> (i64, i64) {
        self.chars.char_span(self.original_span(span))
    }

    /// Index of the sentence containing normalised byte `byte`, if any.
    #[must_use]
    pub fn sentence_at(&self, byte: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.span.end <= byte);
        (idx < self.sentences.len() && self.sentences[idx].span.start <= byte).then_some(idx)
    }

    /// Tokens of sentence `idx`.
    #[must_use]
    pub fn sentence_tokens(&self, idx: usize) -> &[Token] {
        let sentence = &self.sentences[idx];
        &self.tokens[sentence.first_token..sentence.end_token]
    }

    /// The normalised forms of every sentence's tokens, sentence by sentence
    /// (what the taggers read).
    #[must_use]
    pub fn sentence_words(&self) -> Vec<Vec<&str>> {
        (0..self.sentences.len())
            .map(|idx| {
                self.sentence_tokens(idx)
                    .iter()
                    .map(|t| self.text(t.span))
                    .collect()
            })
            .collect()
    }

    /// Normalised form of token `idx`: its text in the normalised view.
    #[must_use]
    pub fn token_form(&self, idx: usize) -> &str {
        self.text(self.tokens[idx].span)
    }

    /// Number of annotations in `layer` (1 for the normalised text); the
    /// pipeline counts what each component wrote with it.
    #[must_use]
    pub fn layer_len(&self, layer: Layer) -> usize {
        match layer {
            Layer::Normalised => 1,
            Layer::Paragraphs => self.paragraphs.len(),
            Layer::Sentences => self.sentences.len(),
            Layer::Tokens => self.tokens.len(),
            Layer::PartsOfSpeech | Layer::Lemmas | Layer::Dependencies => self.syntax.len(),
            Layer::Entities => self.entities.len(),
            Layer::Dates => self.dates.len(),
            Layer::Quantities => self.quantities.len(),
            Layer::Quotes => self.quotes.len(),
            Layer::Events => self.events.len(),
            Layer::Relations => self.relations.len(),
        }
    }

    /// The syntax layer: one entry per token once a tagger has run, else empty.
    #[must_use]
    pub fn syntax(&self) -> &[SyntaxToken] {
        &self.syntax
    }

    /// The syntax of sentence `index` (one entry per token of the sentence):
    /// the syntax layer's when a parser has filled it, else the parse already
    /// made for this sentence, else the result of `parse`, kept so that the
    /// next component asking about the sentence does not parse it again.
    ///
    /// # Panics
    ///
    /// When `index` is not a sentence, or `parse` returns a different number
    /// of tokens than the sentence has.
    pub fn sentence_syntax_or(
        &self,
        index: usize,
        parse: impl FnOnce() -> Vec<SyntaxToken>,
    ) -> &[SyntaxToken] {
        let Sentence {
            first_token: first,
            end_token: end,
            ..
        } = self.sentences[index];
        if let Some(layer) = self.layer_sentence_syntax(first, end) {
            return layer;
        }
        let slots = self
            .parses
            .slots
            .get_or_init(|| (0..self.sentences.len()).map(|_| OnceLock::new()).collect());
        slots[index].get_or_init(|| {
            let parsed = parse();
            assert_eq!(parsed.len(), end - first, "a parse must cover its sentence");
            parsed.into_boxed_slice()
        })
    }

    /// The parse of sentence `index` if one was made or the syntax layer has
    /// it, without parsing.
    #[must_use]
    pub fn cached_sentence_syntax(&self, index: usize) -> Option<&[SyntaxToken]> {
        let sentence = self.sentences.get(index)?;
        self.layer_sentence_syntax(sentence.first_token, sentence.end_token)
            .or_else(|| self.parses.slots.get()?.get(index)?.get().map(|p| &**p))
    }

    /// Tokens `first..end` of the syntax layer when a parser has filled them.
    fn layer_sentence_syntax(&self, first: usize, end: usize) -> Option<&[SyntaxToken]> {
        let layer = self.syntax.get(first..end)?;
        layer.iter().any(|t| !t.deprel.is_empty()).then_some(layer)
    }

    /// The syntax layer for writing, one (default) entry per token.
    pub fn syntax_mut(&mut self) -> &mut [SyntaxToken] {
        self.syntax
            .resize(self.tokens.len(), SyntaxToken::default());
        &mut self.syntax
    }

    /// Named-entity mentions, in sentence and text order.
    #[must_use]
    pub fn entities(&self) -> &[EntitySpan] {
        &self.entities
    }

    /// Entity mentions of sentence `idx`, in text order.
    #[must_use]
    pub fn sentence_entities(&self, idx: usize) -> &[EntitySpan] {
        layers::of_sentence(&self.entities, idx)
    }

    /// Indices in [`Doc::entities`] of sentence `idx`'s mentions.
    #[must_use]
    pub fn sentence_entity_range(&self, idx: usize) -> std::ops::Range<usize> {
        layers::sentence_range(&self.entities, idx)
    }

    /// Replaces the entities layer (sorted into sentence and text order).
    /// Quotes and events refer to entities by index: write them after.
    pub fn set_entities(&mut self, entities: Vec<EntitySpan>) {
        self.entities = sorted(entities);
    }

    /// Date expressions, in sentence and text order.
    #[must_use]
    pub fn dates(&self) -> &[DateAnnotation] {
        &self.dates
    }

    /// Date expressions of sentence `idx`.
    #[must_use]
    pub fn sentence_dates(&self, idx: usize) -> &[DateAnnotation] {
        layers::of_sentence(&self.dates, idx)
    }

    /// Replaces the dates layer (sorted into sentence and text order).
    pub fn set_dates(&mut self, dates: Vec<DateAnnotation>) {
        self.dates = sorted(dates);
    }

    /// Quantities, in sentence and text order.
    #[must_use]
    pub fn quantities(&self) -> &[QuantityAnnotation] {
        &self.quantities
    }

    /// Quantities of sentence `idx`.
    #[must_use]
    pub fn sentence_quantities(&self, idx: usize) -> &[QuantityAnnotation] {
        layers::of_sentence(&self.quantities, idx)
    }

    /// Replaces the quantities layer (sorted into sentence and text order).
    pub fn set_quantities(&mut self, quantities: Vec<QuantityAnnotation>) {
        self.quantities = sorted(quantities);
    }

    /// Quotations, in sentence and text order.
    #[must_use]
    pub fn quotes(&self) -> &[QuoteAnnotation] {
        &self.quotes
    }

    /// Replaces the quotes layer (sorted into sentence and text order).
    pub fn set_quotes(&mut self, quotes: Vec<QuoteAnnotation>) {
        self.quotes = sorted(quotes);
    }

    /// Events, in sentence and text order.
    #[must_use]
    pub fn events(&self) -> &[EventAnnotation] {
        &self.events
    }

    /// Replaces the events layer (sorted into sentence and text order).
    pub fn set_events(&mut self, events: Vec<EventAnnotation>) {
        self.events = sorted(events);
    }

    /// Relations, in sentence and text order.
    #[must_use]
    pub fn relations(&self) -> &[RelationAnnotation] {
        &self.relations
    }

    /// Replaces the relations layer (sorted into sentence and text order).
    pub fn set_relations(&mut self, relations: Vec<RelationAnnotation>) {
        self.relations = sorted(relations);
    }

    /// The `sentences` table rows of this document.
    #[must_use]
    pub fn sentence_rows(&self) -> Vec<SentenceRow> {
        self.sentences
            .iter()
            .enumerate()
            .map(|(idx, sentence)| {
                let (start, end) = self.char_span(sentence.span);
                SentenceRow {
                    article_id: self.article.article_id.clone(),
                    sentence_idx: idx as i64,
                    paragraph_idx: sentence.paragraph_idx as i64,
                    start,
                    end,
                    text: self.original_text(sentence.span).to_owned(),
                }
            })
            .collect()
    }
}

/// `layer` in sentence and text order (stable: equal spans keep their order).
fn sorted<T: Annotation>(mut layer: Vec<T>) -> Vec<T> {
    layers::sort_layer(&mut layer);
    layer
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::{Doc, Sentence, Token};
    use crate::layers::SyntaxToken;
    use crate::tables::Article;
    use crate::text::{ByteSpan, OffsetMap};

    /// "Rebels fled. Troops came." as two sentences of two words and a stop.
    fn two_sentences() -> Doc {
        let text = "Rebels fled. Troops came.";
        let article = Article {
            article_id: "a1".into(),
            text: text.into(),
            ..Article::default()
        };
        let mut doc = Doc::new(article, text.into(), OffsetMap::identity(text));
        for (i, (start, end)) in [(0, 6), (7, 11), (11, 12), (13, 19), (20, 24), (24, 25)]
            .into_iter()
            .enumerate()
        {
            doc.tokens
                .push(Token::new(ByteSpan::new(start, end), i / 3));
        }
        for (i, (start, end)) in [(0, 12), (13, 25)].into_iter().enumerate() {
            doc.sentences.push(Sentence {
                span: ByteSpan::new(start, end),
                paragraph_idx: 1,
                first_token: 3 * i,
                end_token: 3 * i + 3,
            });
        }
        doc
    }

    fn parse(calls: &Cell<usize>, deprel: &str) -> Vec<SyntaxToken> {
        calls.set(calls.get() + 1);
        (0..3)
            .map(|_| SyntaxToken {
                deprel: deprel.into(),
                ..SyntaxToken::default()
            })
            .collect()
    }

    #[test]
    fn a_sentence_is_parsed_once_however_many_components_ask() {
        let doc = two_sentences();
        let calls = Cell::new(0);
        assert!(doc.cached_sentence_syntax(1).is_none());
        assert_eq!(
            doc.sentence_syntax_or(1, || parse(&calls, "first"))[0]
                .deprel
                .as_ref(),
            "first"
        );
        assert_eq!(
            doc.sentence_syntax_or(1, || parse(&calls, "second"))[0]
                .deprel
                .as_ref(),
            "first"
        );
        assert_eq!(calls.get(), 1);
        assert_eq!(doc.cached_sentence_syntax(1).map(<[_]>::len), Some(3));
        assert!(doc.cached_sentence_syntax(0).is_none());
        assert!(doc.cached_sentence_syntax(2).is_none());
    }

    #[test]
    fn a_filled_syntax_layer_is_used_instead_of_parsing() {
        let mut doc = two_sentences();
        for word in doc.syntax_mut() {
            word.deprel = "layer".into();
        }
        let calls = Cell::new(0);
        assert_eq!(
            doc.sentence_syntax_or(0, || parse(&calls, "lazy"))[2]
                .deprel
                .as_ref(),
            "layer"
        );
        assert_eq!(calls.get(), 0);
    }
}
