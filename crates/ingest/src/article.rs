//! Turning a parsed article (headline, paragraphs, captions) into an `articles` row.
//!
//! `text` is the headline, a blank line, then the body paragraphs separated by
//! blank lines; `body_start` is the character offset of the first body
//! paragraph. When the input gave no publication date, it is inferred from the
//! captions and the body (see `published`). The id is
//! `stable_id("art", [id_path, line_start, text])`, where `id_path` is the
//! file's path relative to the directory holding the input root (see
//! `SourceFile::id_path`), so the id does not depend on how the input path
//! was spelt or where the corpus lives.
//!
//! ```text
//! headline "Talks resume", paragraphs ["Envoys met.", "Nothing agreed."]
//!   → text "Talks resume\n\nEnvoys met.\n\nNothing agreed.", body_start 14, word_count 6
//! ```
//!
//! Known misses: none specific; the quality of the row is that of the parser
//! that produced the draft.

use sitrep_core::ids::stable_id;
use sitrep_core::tables::Article;

use crate::published::{self, Published};

/// An article as parsed from the input, before it becomes a table row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub(crate) headline: String,
    pub(crate) paragraphs: Vec<String>,
    /// (caption text without credit, credit or "").
    pub(crate) captions: Vec<(String, String)>,
    pub(crate) line_start: usize,
    pub(crate) line_end: usize,
    pub(crate) url: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) published: Option<Published>,
}

impl Draft {
    /// The `articles` row for this draft; the id derives from `id_path`.
    pub(crate) fn into_article(
        self,
        source_path: &str,
        id_path: &str,
        source_format: &str,
        encoding: &str,
    ) -> Article {
        let published = self.published.or_else(|| {
            let captions: Vec<&str> = self
                .captions
                .iter()
                .map(|(caption, _)| caption.as_str())
                .collect();
            let body: Vec<&str> = self.paragraphs.iter().map(String::as_str).collect();
            published::infer(&captions, &body)
        });
        let body_len: usize = self.paragraphs.iter().map(|p| p.len() + 2).sum();
        let mut text = String::with_capacity(self.headline.len() + 2 + body_len);
        text.push_str(&self.headline);
        let body_start = if self.paragraphs.is_empty() {
            self.headline.chars().count()
        } else {
            self.headline.chars().count() + 2
        };
        for paragraph in &self.paragraphs {
            text.push_str("\n\n");
            text.push_str(paragraph);
        }
        let line_start = self.line_start.to_string();
        let article_id = stable_id("art", &[id_path, &line_start, &text]);
        let word_count = text.split_whitespace().count();
        let (captions, caption_credits) = self.captions.into_iter().unzip();
        let (published, published_precision, published_source, published_evidence) = match published
        {
            Some(p) => (
                Some(p.date),
                Some(p.precision.to_owned()),
                Some(p.source.to_owned()),
                Some(p.evidence),
            ),
            None => (None, None, None, None),
        };
        Article {
            article_id,
            source_path: source_path.to_owned(),
            source_format: source_format.to_owned(),
            source_line_start: self.line_start as i64,
            source_line_end: self.line_end as i64,
            encoding: encoding.to_owned(),
            outlet: self.outlet,
            url: self.url,
            headline: self.headline,
            published,
            published_precision,
            published_source,
            published_evidence,
            captions,
            caption_credits,
            text,
            body_start: body_start as i64,
            word_count: word_count as i64,
            duplicate_of: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_offsets_and_counts() {
        let draft = Draft {
            headline: "Talks resume".into(),
            paragraphs: vec!["Envoys met.".into(), "Nothing agreed.".into()],
            captions: vec![("Envoys in Doha.".into(), "AFP".into())],
            line_start: 3,
            line_end: 9,
            url: None,
            outlet: None,
            published: None,
        };
        let article = draft.into_article("a.txt", "a.txt", "text_dump", "UTF-8");
        assert_eq!(
            article.text,
            "Talks resume\n\nEnvoys met.\n\nNothing agreed."
        );
        assert_eq!(article.body_start, 14);
        assert_eq!(article.word_count, 6);
        assert_eq!(article.captions, ["Envoys in Doha."]);
        assert_eq!(article.caption_credits, ["AFP"]);
        assert_eq!(
            article.article_id,
            stable_id("art", &["a.txt", "3", &article.text])
        );
        assert_eq!((article.source_line_start, article.source_line_end), (3, 9));
        assert_eq!(article.published, None);
    }
}
