//! The crate's error type.

use sitrep_core::component::ComponentOrderError;

/// What can go wrong when building a pipeline or rebuilding a `Doc` from
/// persisted `sentences` rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormaliseError {
    /// A sentence row's character range does not fit the article text.
    #[error(
        "article {article_id}: sentence {sentence_idx} spans characters {start}..{end}, but the article text has {char_len} characters; the sentences table does not belong to this article text: re-run `normalise` on it"
    )]
    SentenceOutOfRange {
        /// Article the row belongs to.
        article_id: String,
        /// `sentence_idx` of the row.
        sentence_idx: i64,
        /// Row's start character offset.
        start: i64,
        /// Row's end character offset.
        end: i64,
        /// Number of characters in the article text.
        char_len: usize,
    },
    /// A sentence row starts or ends inside a character sequence that
    /// normalisation treats as one unit (a letter and its combining marks).
    #[error(
        "article {article_id}: sentence {sentence_idx} has a boundary at character {offset}, inside a letter and its combining marks; move the boundary before or after them, or re-run `normalise` to regenerate the sentences"
    )]
    SentenceNotOnBoundary {
        /// Article the row belongs to.
        article_id: String,
        /// `sentence_idx` of the row.
        sentence_idx: i64,
        /// The offending character offset.
        offset: i64,
    },
    /// A sentence row covers only whitespace or removed characters.
    #[error(
        "article {article_id}: sentence {sentence_idx} (characters {start}..{end}) holds no text, only whitespace or invisible characters; drop the row or re-run `normalise`"
    )]
    SentenceEmpty {
        /// Article the row belongs to.
        article_id: String,
        /// `sentence_idx` of the row.
        sentence_idx: i64,
        /// Row's start character offset.
        start: i64,
        /// Row's end character offset.
        end: i64,
    },
    /// A sentence row's `text` differs from the article text at its range.
    #[error(
        "article {article_id}: sentence {sentence_idx} text does not match the article text at characters {start}..{end}; the article text changed since the sentences were written: re-run `normalise`"
    )]
    SentenceTextMismatch {
        /// Article the row belongs to.
        article_id: String,
        /// `sentence_idx` of the row.
        sentence_idx: i64,
        /// Row's start character offset.
        start: i64,
        /// Row's end character offset.
        end: i64,
    },
    /// A sentence row overlaps the previous one (in `sentence_idx` order).
    #[error(
        "article {article_id}: sentence {sentence_idx} overlaps or precedes the sentence before it; sentences must be in text order without overlap"
    )]
    SentencesOverlap {
        /// Article the row belongs to.
        article_id: String,
        /// `sentence_idx` of the row.
        sentence_idx: i64,
    },
    /// A pipeline component reads a layer no earlier component writes.
    #[error("normalise pipeline: {0}")]
    ComponentOrder(#[from] ComponentOrderError),
}
