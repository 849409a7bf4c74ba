//! Test-only builders shared by the extractor tests: articles, documents,
//! the sample articles from `data/raw`, and hand-made mentions.
//!
//! `doc` folds typographic quotes to ASCII (keeping the offset map), splits
//! paragraphs at blank lines and sentences with a small abbreviation-aware
//! rule, which is all the extractors read. It stands in for
//! `sitrep_normalise::normalise` so these tests do not depend on that crate's
//! progress.

use chrono::NaiveDate;
use sitrep_core::ids::stable_id;
use sitrep_core::tables::{Article, MentionRow};
use sitrep_core::{ByteSpan, Doc, OffsetMap, Sentence, Token};

use crate::Extraction;

/// An article whose analysed text is `text`.
pub(crate) fn article(text: &str, published: Option<&str>) -> Article {
    let published = published.map(|d| d.parse::<NaiveDate>().expect("test date"));
    Article {
        article_id: stable_id("art", &[text]),
        source_path: "fixture.txt".into(),
        source_format: "text_dump".into(),
        source_line_start: 1,
        source_line_end: 1,
        encoding: "UTF-8".into(),
        outlet: None,
        url: None,
        headline: text.lines().next().unwrap_or_default().to_owned(),
        published,
        published_precision: published.map(|_| "day".to_owned()),
        published_source: published.map(|_| "input".to_owned()),
        published_evidence: None,
        captions: Vec::new(),
        caption_credits: Vec::new(),
        text: text.to_owned(),
        body_start: 0,
        word_count: text.split_whitespace().count() as i64,
        duplicate_of: None,
    }
}

fn fold(ch: char) -> char {
    match ch {
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => '\'',
        other => other,
    }
}

const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Gen",
    "Dr", "Mr", "Mrs", "Ms", "St", "Lt", "Col", "Sgt", "Capt", "Gov", "Sen", "Rep", "No", "U.S",
];

/// A document for `text` with quotes folded, paragraphs, sentences and tokens.
pub(crate) fn doc(text: &str, published: Option<&str>) -> Doc {
    let article = article(text, published);
    let mut normalised = String::with_capacity(text.len());
    let mut offsets = OffsetMap::with_original_len(text.len());
    for (b, ch) in text.char_indices() {
        let folded = fold(ch);
        normalised.push(folded);
        offsets.push(folded.len_utf8(), ByteSpan::new(b, b + ch.len_utf8()));
    }
    let mut doc = Doc::new(article, normalised, offsets);
    let text = doc.normalised.clone();
    let mut paragraph_start = 0;
    for part in text.split("\n\n") {
        let start = paragraph_start;
        paragraph_start += part.len() + 2;
        let trimmed = part.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = start + (part.len() - part.trim_start().len());
        let span = ByteSpan::new(start, start + trimmed.len());
        let paragraph_idx = doc.paragraphs.len();
        doc.paragraphs.push(span);
        for sentence in split_sentences(trimmed) {
            let sentence = ByteSpan::new(start + sentence.start, start + sentence.end);
            let first_token = doc.tokens.len();
            let sentence_idx = doc.sentences.len();
            let mut word_start = None;
            let body = sentence.slice(&text);
            for (i, ch) in body.char_indices().chain([(body.len(), ' ')]) {
                match (ch.is_whitespace(), word_start) {
                    (true, Some(s)) => {
                        doc.tokens.push(Token {
                            span: ByteSpan::new(sentence.start + s, sentence.start + i),
                            sentence_idx,
                        });
                        word_start = None;
                    }
                    (false, None) => word_start = Some(i),
                    _ => {}
                }
            }
            doc.sentences.push(Sentence {
                span: sentence,
                paragraph_idx,
                first_token,
                end_token: doc.tokens.len(),
            });
        }
    }
    doc
}

/// Sentence spans of one paragraph: a break after `.`, `!` or `?` (and any
/// closing quote) before whitespace and an upper-case letter, digit or quote,
/// unless the word is a known abbreviation or an initial.
fn split_sentences(paragraph: &str) -> Vec<ByteSpan> {
    let bytes = paragraph.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'!' | b'?') {
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b')' | b'\'') {
                end += 1;
            }
            let next = paragraph[end..].trim_start();
            let gap = paragraph.len() - end - next.len();
            let word = paragraph[start..i]
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or_default();
            let abbreviation = bytes[i] == b'.'
                && (ABBREVIATIONS.contains(&word) || (word.len() == 1 && word.chars().all(char::is_uppercase)));
            let starts_sentence = next
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"');
            if gap > 0 && starts_sentence && !abbreviation {
                spans.push(ByteSpan::new(start, end));
                start = end + gap;
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < paragraph.len() {
        spans.push(ByteSpan::new(start, paragraph.len()));
    }
    spans
}

/// The analysed texts of the two sample articles (headline, blank line,
/// body paragraphs), with captions, repeated headlines and the `TT` logo
/// line dropped, as ingest does.
pub(crate) fn sample_texts() -> Vec<String> {
    let raw = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/raw/asharq_al_awsat_two_articles.txt"
    ));
    raw.split("\n\n\n\n")
        .map(|chunk| {
            let headline = chunk.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim();
            let mut paragraphs = vec![headline.to_owned()];
            for block in chunk.split("\n\n") {
                let lines: Vec<&str> = block
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && *l != headline && *l != "TT" && !l.ends_with("AP)"))
                    .collect();
                if !lines.is_empty() {
                    paragraphs.push(lines.join(" "));
                }
            }
            paragraphs.join("\n\n")
        })
        .collect()
}

/// Sample article `n` (0 or 1) as a document, with its publication date
/// (from its photo caption: 2023-11-08 and 2024-09-24).
pub(crate) fn sample_doc(n: usize) -> Doc {
    let published = ["2023-11-08", "2024-09-24"][n];
    doc(&sample_texts()[n], Some(published))
}

/// Mentions of each `(surface, type)` at every non-overlapping occurrence in
/// the article text (longer surfaces first), in text order.
pub(crate) fn mentions(doc: &Doc, names: &[(&str, &str)]) -> Vec<MentionRow> {
    let text = &doc.article.text;
    let mut sorted: Vec<&(&str, &str)> = names.iter().collect();
    sorted.sort_by_key(|(surface, _)| std::cmp::Reverse(surface.len()));
    let mut taken: Vec<ByteSpan> = Vec::new();
    let mut rows = Vec::new();
    for (surface, entity_type) in sorted {
        for (b, _) in text.match_indices(surface) {
            let span = ByteSpan::new(b, b + surface.len());
            let bounded = !text[..b].ends_with(char::is_alphanumeric)
                && !text[span.end..].starts_with(char::is_alphanumeric);
            if !bounded || taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            taken.push(span);
            let (start, end) = doc.chars.char_span(span);
            let sentence_idx = doc
                .sentences
                .iter()
                .position(|s| {
                    let (s_start, s_end) = doc.char_span(s.span);
                    s_start <= start && end <= s_end
                })
                .unwrap_or_default();
            rows.push(MentionRow {
                mention_id: stable_id("men", &[doc.article_id(), &start.to_string(), &end.to_string()]),
                article_id: doc.article_id().to_owned(),
                sentence_idx: sentence_idx as i64,
                start,
                end,
                text: (*surface).to_owned(),
                entity_type: (*entity_type).to_owned(),
                entity_id: None,
                confidence: 1.0,
                method: "fixture".into(),
            });
        }
    }
    rows.sort_by_key(|m| m.start);
    rows
}

/// An extraction holding the given mentions.
pub(crate) fn with_mentions(mentions: Vec<MentionRow>) -> Extraction {
    Extraction {
        mentions,
        ..Extraction::default()
    }
}
