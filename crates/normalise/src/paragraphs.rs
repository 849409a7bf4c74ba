//! `ParagraphSplitter`: paragraph spans of the normalised text.
//!
//! A paragraph is a stretch of normalised text between blank lines (`"\n\n"`,
//! which the [`TextNormaliser`](crate::TextNormaliser) writes for any
//! whitespace run holding two or more line breaks). Paragraph 0 is the
//! headline. Spans exclude surrounding whitespace; empty paragraphs are
//! skipped.
//!
//! Example: `"Headline\n\nPara one.\n\nPara two."` → `Headline`, `Para one.`,
//! `Para two.`.
//!
//! Known misses: a heading or list item separated from the next paragraph by a
//! single line break is joined to it (the normaliser turns single line breaks
//! into spaces); the sentence splitter still makes it a sentence of its own,
//! and ingest writes blank lines between paragraphs, so this only matters for
//! `paragraph_idx` of hand-made or one-sentence-per-line input.

use sitrep_core::{ByteSpan, Doc};

use sitrep_core::component::{Component, Layer};

/// Splits the normalised text into paragraphs (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParagraphSplitter;

impl ParagraphSplitter {
    /// Paragraph spans of `text`.
    #[must_use]
    pub fn split(text: &str) -> Vec<ByteSpan> {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for (at, _) in text
            .match_indices("\n\n")
            .chain(std::iter::once((text.len(), "")))
        {
            if at < start {
                continue;
            }
            let raw = &text[start..at];
            let trimmed = raw.trim_start();
            let first = start + (raw.len() - trimmed.len());
            let last = first + trimmed.trim_end().len();
            if last > first {
                paragraphs.push(ByteSpan::new(first, last));
            }
            start = at + 2;
        }
        paragraphs
    }
}

impl Component for ParagraphSplitter {
    fn name(&self) -> &'static str {
        "paragraph_splitter"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Normalised]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Paragraphs]
    }

    fn annotate(&self, doc: &mut Doc) {
        doc.paragraphs = Self::split(&doc.normalised);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        ParagraphSplitter::split(text)
            .into_iter()
            .map(|span| span.slice(text))
            .collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_headline_is_first() {
        assert_eq!(
            texts("Headline\n\nPara one.\n\nPara two."),
            ["Headline", "Para one.", "Para two."]
        );
    }

    #[test]
    fn empty_and_padded_paragraphs() {
        assert_eq!(texts("\n\n a \n\n\n\n b\n\n"), ["a", "b"]);
        assert!(texts("").is_empty());
    }
}
