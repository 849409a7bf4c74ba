//! Rebuilding a `Doc` from persisted `sentences` rows.
//!
//! The normalised text, paragraphs and tokens are recomputed; the sentence
//! boundaries are taken from the rows, whose `start`/`end` are character
//! offsets into `articles.text`. Each row is checked: its range must lie in
//! the text, must not cut a letter from its combining marks, must hold some
//! text, must match the row's `text`, and rows (in `sentence_idx` order) must
//! not overlap. A row's boundaries are mapped to the normalised text by taking
//! the normalised characters whose original characters lie inside the range;
//! surrounding whitespace is dropped, so the rebuilt spans are exactly those
//! `normalise` would have produced for the same boundaries.
//!
//! Example: rows from `normalise(article).sentence_rows()` rebuild a `Doc`
//! whose `sentence_rows()` are equal to them (tested).
//!
//! Known misses: `paragraph_idx` is recomputed from the paragraph holding the
//! sentence's first character rather than read from the row; a row spanning a
//! paragraph break is accepted as one sentence.

use sitrep_core::tables::{Article, SentenceRow};
use sitrep_core::{ByteSpan, Doc, Sentence};

use crate::error::NormaliseError;
use crate::{ParagraphSplitter, STANDARD, Tokenizer};
use sitrep_core::component::Component;

/// One non-whitespace normalised character and the original bytes it came from.
#[derive(Debug, Clone, Copy)]
struct Aligned {
    original: ByteSpan,
    normalised: ByteSpan,
}

/// Rebuilds a `Doc` from an article and its persisted `sentences` rows (see
/// the module docs).
pub fn rebuild(article: Article, sentences: &[SentenceRow]) -> Result<Doc, NormaliseError> {
    let mut doc = STANDARD.normalised_doc(article);
    ParagraphSplitter.annotate(&mut doc);
    doc.sentences = sentences_from_rows(&doc, sentences)?;
    Tokenizer.annotate(&mut doc);
    Ok(doc)
}

fn sentences_from_rows(doc: &Doc, rows: &[SentenceRow]) -> Result<Vec<Sentence>, NormaliseError> {
    let text = &doc.article.text;
    let article_id = || doc.article.article_id.clone();
    // Byte offset of each character, plus the end of the text.
    let char_bytes: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()))
        .collect();
    let char_len = char_bytes.len() - 1;
    let aligned: Vec<Aligned> = doc
        .normalised
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(at, c)| {
            let normalised = ByteSpan::new(at, at + c.len_utf8());
            Aligned {
                original: doc.offsets.to_original(normalised),
                normalised,
            }
        })
        .collect();

    let mut ordered: Vec<&SentenceRow> = rows.iter().collect();
    ordered.sort_by_key(|row| row.sentence_idx);
    let mut sentences = Vec::with_capacity(ordered.len());
    let mut previous_end = 0;
    for row in ordered {
        let (start, end) = (row.start, row.end);
        let in_range = |offset: i64| usize::try_from(offset).is_ok_and(|o| o <= char_len);
        if !in_range(start) || !in_range(end) || start > end {
            return Err(NormaliseError::SentenceOutOfRange {
                article_id: article_id(),
                sentence_idx: row.sentence_idx,
                start,
                end,
                char_len,
            });
        }
        let (start_byte, end_byte) = (char_bytes[start as usize], char_bytes[end as usize]);
        if text[start_byte..end_byte] != row.text {
            return Err(NormaliseError::SentenceTextMismatch {
                article_id: article_id(),
                sentence_idx: row.sentence_idx,
                start,
                end,
            });
        }
        for (offset, byte) in [(start, start_byte), (end, end_byte)] {
            let idx = aligned.partition_point(|a| a.original.end <= byte);
            if aligned
                .get(idx)
                .is_some_and(|a| a.original.start < byte && byte < a.original.end)
            {
                return Err(NormaliseError::SentenceNotOnBoundary {
                    article_id: article_id(),
                    sentence_idx: row.sentence_idx,
                    offset,
                });
            }
        }
        let first = aligned.partition_point(|a| a.original.start < start_byte);
        let last = aligned.partition_point(|a| a.original.end <= end_byte);
        if first >= last {
            return Err(NormaliseError::SentenceEmpty {
                article_id: article_id(),
                sentence_idx: row.sentence_idx,
                start,
                end,
            });
        }
        let span = ByteSpan::new(
            aligned[first].normalised.start,
            aligned[last - 1].normalised.end,
        );
        if span.start < previous_end {
            return Err(NormaliseError::SentencesOverlap {
                article_id: article_id(),
                sentence_idx: row.sentence_idx,
            });
        }
        previous_end = span.end;
        let paragraph_idx = doc
            .paragraphs
            .partition_point(|paragraph| paragraph.end <= span.start)
            .min(doc.paragraphs.len().saturating_sub(1));
        sentences.push(Sentence {
            span,
            paragraph_idx,
            first_token: 0,
            end_token: 0,
        });
    }
    Ok(sentences)
}
