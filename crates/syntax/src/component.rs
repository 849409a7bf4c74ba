//! The pipeline component: fills the `Doc`'s syntax layer.

use sitrep_core::Doc;
use sitrep_core::component::{Component, Layer};
use sitrep_core::kb::EntityType;
use sitrep_core::layers::{SyntaxToken, Upos};
use sitrep_core::tables::TokenRow;

use crate::{Name, SyntaxModel};

/// Tags, lemmatises and parses every sentence of a [`Doc`] with a
/// [`SyntaxModel`], writing one [`SyntaxToken`] per token: heads are token
/// indices in the `Doc` (never across sentences), `None` for each sentence's root.
#[derive(Debug, Clone, Copy)]
pub struct SyntaxAnnotator {
    model: &'static SyntaxModel,
}

impl SyntaxAnnotator {
    /// The annotator with the built-in model.
    #[must_use]
    pub fn new() -> Self {
        Self::with_model(SyntaxModel::builtin())
    }

    /// The annotator with another model (kept for the life of the process).
    #[must_use]
    pub fn with_model(model: &'static SyntaxModel) -> Self {
        Self { model }
    }
}

impl Default for SyntaxAnnotator {
    fn default() -> Self {
        Self::new()
    }
}

impl Component for SyntaxAnnotator {
    fn name(&self) -> &'static str {
        "syntax"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Entities]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::PartsOfSpeech, Layer::Lemmas, Layer::Dependencies]
    }

    fn annotate(&self, doc: &mut Doc) {
        let mut analysed: Vec<SyntaxToken> = Vec::with_capacity(doc.tokens.len());
        for index in 0..doc.sentences.len() {
            analysed.extend(self.model.sentence_syntax(doc, index));
        }
        let syntax = doc.syntax_mut();
        for (slot, token) in syntax.iter_mut().zip(analysed) {
            *slot = token;
        }
    }
}

impl SyntaxModel {
    /// Tags, lemmatises and parses sentence `index` of `doc` (its tokens as
    /// the normalise tokeniser made them): one [`SyntaxToken`] per token of
    /// the sentence, in order, with heads as indices in `Doc::tokens` (never
    /// outside the sentence) and `None` for the root. This is the call for
    /// parsing lazily, only the sentences an extractor asks about; it does
    /// not write the `Doc`'s syntax layer.
    ///
    /// # Panics
    ///
    /// When `index` is not a sentence of `doc`.
    #[must_use]
    pub fn sentence_syntax(&self, doc: &Doc, index: usize) -> Vec<SyntaxToken> {
        let sentence = &doc.sentences[index];
        let first = sentence.first_token;
        let tokens = &doc.tokens[first..sentence.end_token];
        let words: Vec<&str> = tokens.iter().map(|t| doc.text(t.span)).collect();
        self.analyse_sentence_named(&words, &sentence_names(doc, index))
            .into_iter()
            .map(|word| SyntaxToken {
                upos: word.upos.parse().unwrap_or(Upos::X),
                xpos: word.xpos.into(),
                lemma: word.lemma.as_ref().into(),
                head: (word.head > 0).then(|| first + word.head - 1),
                deprel: word.deprel.into(),
            })
            .collect()
    }
}

/// The names that the `Doc`'s entity layer holds in
/// sentence `index` (persons, organisations, places; not nationalities), as
/// word ranges of the sentence.
fn sentence_names(doc: &Doc, index: usize) -> Vec<Name> {
    let sentence = &doc.sentences[index];
    let tokens = &doc.tokens[sentence.first_token..sentence.end_token];
    doc.sentence_entities(index)
        .iter()
        .filter(|e| e.entity_type != EntityType::Norp)
        .filter_map(|e| {
            let start = tokens.iter().position(|t| t.span.start == e.span.start)?;
            let end = start
                + tokens[start..]
                    .iter()
                    .position(|t| t.span.end == e.span.end)?
                + 1;
            Some(Name {
                start,
                end,
                person: e.entity_type == EntityType::Person,
            })
        })
        .collect()
}

/// The syntax of sentence `index` of `doc` from the built-in model (loaded
/// once per process, shared by all threads), parsed at most once per `Doc`:
/// the components that parse lazily share it through
/// [`Doc::sentence_syntax_or`], and a filled syntax layer is used as is.
///
/// # Panics
///
/// When `index` is not a sentence of `doc`.
#[must_use]
pub fn sentence_syntax(doc: &Doc, index: usize) -> &[SyntaxToken] {
    doc.sentence_syntax_or(index, || SyntaxModel::builtin().sentence_syntax(doc, index))
}

/// The index, among sentence `index`'s tokens, of the dash that ends its
/// opening wire dateline (`TEHRAN, May 3 (Reuters) -`; see
/// [`crate::dateline_end`]), if it has one.
#[must_use]
pub fn sentence_dateline(doc: &Doc, index: usize) -> Option<usize> {
    let tokens = doc.sentence_tokens(index);
    let texts: Vec<&str> = tokens.iter().take(13).map(|t| doc.text(t.span)).collect();
    crate::dateline_end(&texts).or_else(|| bare_place_dateline(doc, index, &texts))
}

/// A dateline of a place alone (`WASHINGTON - Lawmakers from Ontario asked
/// …`): words in capitals that a place of the entity layer covers exactly,
/// then a dash; the index of the dash. [`crate::dateline_end`] cannot tell
/// such a place from a heading (`NOTE - Company …`) by its words alone.
fn bare_place_dateline(doc: &Doc, index: usize, texts: &[&str]) -> Option<usize> {
    let dash = texts.iter().take(5).position(|w| crate::is_dash(w))?;
    if dash == 0 || !texts[..dash].iter().all(|w| crate::in_capitals(w)) {
        return None;
    }
    let tokens = doc.sentence_tokens(index);
    // A dash with spaces around it (not `U.S.-Japanese`).
    let spaced = tokens[dash - 1].span.end < tokens[dash].span.start
        && tokens
            .get(dash + 1)
            .is_some_and(|next| tokens[dash].span.end < next.span.start);
    if !spaced {
        return None;
    }
    let span = sitrep_core::ByteSpan::new(tokens[0].span.start, tokens[dash - 1].span.end);
    doc.sentence_entities(index)
        .iter()
        .any(|e| e.span == span && matches!(e.entity_type, EntityType::Gpe | EntityType::Location))
        .then_some(dash)
}

/// The `tokens` table rows of a `Doc` whose syntax layer is filled (offsets
/// are characters of `articles.text`; heads are indices in the sentence).
#[must_use]
pub fn token_rows(doc: &Doc) -> Vec<TokenRow> {
    let syntax = doc.syntax();
    let mut rows = Vec::with_capacity(doc.tokens.len());
    for (sentence_idx, sentence) in doc.sentences.iter().enumerate() {
        let first = sentence.first_token;
        for index in first..sentence.end_token {
            let token = &doc.tokens[index];
            let (start, end) = doc.char_span(token.span);
            let word = syntax.get(index).cloned().unwrap_or_default();
            rows.push(TokenRow {
                article_id: doc.article_id().to_owned(),
                sentence_idx: sentence_idx as i64,
                token_idx: (index - first) as i64,
                start,
                end,
                text: doc.original_text(token.span).to_owned(),
                lemma: word.lemma.into(),
                upos: if word.xpos.is_empty() {
                    String::new()
                } else {
                    word.upos.to_string()
                },
                xpos: word.xpos.into(),
                head: word.head.map(|head| (head - first) as i64),
                deprel: word.deprel.into(),
            });
        }
    }
    rows
}
