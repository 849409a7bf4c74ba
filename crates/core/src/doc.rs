//! The document every per-article stage annotates.
//!
//! A [`Doc`] owns the [`Article`] (whose `text` never changes after ingest), a
//! normalised view of that text (typographic quotes unified, whitespace
//! collapsed, compatibility characters folded) with an [`OffsetMap`] back to
//! the original, and the layers the normaliser adds: paragraphs, sentences and
//! tokens. Extractors read the normalised text and report spans in it; the
//! helpers here turn those into character offsets into `articles.text`.

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Span in the normalised text.
    pub span: ByteSpan,
    /// Sentence the token belongs to.
    pub sentence_idx: usize,
}

/// An article with its normalised text and linguistic layers.
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
}

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
