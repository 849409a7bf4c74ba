//! Test-only builders and checks shared by the extractor tests: articles,
//! documents, the sample articles from `data/raw`, hand-made entity
//! annotations, running components into rows, and slicing a row's character
//! span out of the article text.
//!
//! Documents come from `sitrep_normalise::normalise`, as in the pipeline.

use chrono::NaiveDate;
use sitrep_core::component::Component;
use sitrep_core::ids::stable_id;
use sitrep_core::layers::EntitySpan;
use sitrep_core::tables::Article;
use sitrep_core::{ByteSpan, Doc};

use crate::Extraction;

/// The date written `YYYY-MM-DD`.
pub(crate) fn ymd(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

/// Characters `start..end` of `text`: what a row's `start`/`end` columns
/// point at in `articles.text`.
pub(crate) fn slice_chars(text: &str, start: i64, end: i64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// An article whose analysed text is `text`.
pub(crate) fn article(text: &str, published: Option<&str>) -> Article {
    let published = published.map(ymd);
    Article {
        article_id: stable_id("art", &[text]),
        source_path: "fixture.txt".into(),
        headline: text.lines().next().unwrap_or_default().to_owned(),
        published,
        published_precision: published.map(|_| "day".to_owned()),
        published_source: published.map(|_| "input".to_owned()),
        text: text.to_owned(),
        word_count: text.split_whitespace().count() as i64,
        ..Article::default()
    }
}

/// A document for `text`, normalised by `sitrep_normalise` (quotes folded,
/// paragraphs, sentences and tokens).
pub(crate) fn doc(text: &str, published: Option<&str>) -> Doc {
    sitrep_normalise::normalise(article(text, published))
}

/// The raw sample file: two scraped articles with captions, repeated
/// headlines and a `TT` logo line.
pub(crate) const SAMPLE_RAW: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/raw/asharq_al_awsat_two_articles.txt"
));

/// The analysed texts of the two sample articles (headline, blank line,
/// body paragraphs), with captions, repeated headlines and the `TT` logo
/// line dropped, as ingest does.
pub(crate) fn sample_texts() -> Vec<String> {
    SAMPLE_RAW
        .split("\n\n\n\n")
        .map(|chunk| {
            let headline = chunk
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
                .trim();
            let mut paragraphs = vec![headline.to_owned()];
            for block in chunk.split("\n\n") {
                let lines: Vec<&str> = block
                    .lines()
                    .map(str::trim)
                    .filter(|l| {
                        !l.is_empty() && *l != headline && *l != "TT" && !l.ends_with("AP)")
                    })
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

/// Entity annotations of each `(surface, type)` at every non-overlapping
/// occurrence in the normalised text (longer surfaces first), as a rule
/// component would write them (`method` `fixture`).
pub(crate) fn entities(doc: &Doc, names: &[(&str, &str)]) -> Vec<EntitySpan> {
    let text = &doc.normalised;
    let mut sorted: Vec<&(&str, &str)> = names.iter().collect();
    sorted.sort_by_key(|(surface, _)| std::cmp::Reverse(surface.len()));
    let mut found: Vec<EntitySpan> = Vec::new();
    for (surface, entity_type) in sorted {
        for (b, _) in text.match_indices(surface) {
            let span = ByteSpan::new(b, b + surface.len());
            let bounded = !text[..b].ends_with(char::is_alphanumeric)
                && !text[span.end..].starts_with(char::is_alphanumeric);
            if !bounded || found.iter().any(|t| t.span.overlaps(span)) {
                continue;
            }
            found.push(EntitySpan {
                span,
                sentence_idx: doc.sentence_at(b).unwrap_or_default(),
                entity_type: entity_type.parse().expect("fixture entity type"),
                score: 1.0,
                source: "fixture",
                method: "fixture",
            });
        }
    }
    found
}

/// A copy of `doc` whose entities layer holds `entities`.
pub(crate) fn with_entities(doc: &Doc, entities: Vec<EntitySpan>) -> Doc {
    let mut doc = doc.clone();
    doc.set_entities(entities);
    doc
}

/// Runs `components` in order on a copy of `doc` and returns its rows.
pub(crate) fn run(doc: &Doc, components: &[&dyn Component]) -> Extraction {
    let mut doc = doc.clone();
    for component in components {
        component.annotate(&mut doc);
    }
    crate::sink::rows(&doc)
}
