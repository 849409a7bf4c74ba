//! Per-article digests: what one article is about at a glance.
//!
//! A digest gives the headline, publication date with its precision and
//! source, outlet, provenance (`file:first–last line`), captions with credits,
//! word count, the article's most-mentioned entities, how many events and
//! quotes it has, and its first body sentence.
//!
//! Example: an article with mentions `Syria`, `Syria`, `Biden` lists
//! `Syria (2), Joe Biden (1)` (resolved names, ties by name).
//!
//! Known misses: duplicates (`duplicate_of` set) get no digest; the first
//! sentence is the first one starting at or after `body_start`, so a body
//! that opens with a dateline keeps it.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use sitrep_core::tables::EntityRow;

use crate::load::Tables;
use crate::summary::{Listed, MAX_QUOTED_CHARS, clip};

/// Entities listed per article digest.
const TOP_PER_ARTICLE: usize = 5;

/// One article's digest.
#[derive(Debug)]
pub(crate) struct Digest {
    pub(crate) headline: String,
    pub(crate) published: String,
    pub(crate) outlet: String,
    pub(crate) source: String,
    pub(crate) captions: Vec<(String, String)>,
    pub(crate) word_count: i64,
    pub(crate) top_entities: Vec<(String, usize)>,
    pub(crate) events: usize,
    pub(crate) quotes: usize,
    pub(crate) first_sentence: String,
}

/// Digests of the first [`crate::summary::MAX_DIGESTS`] articles that are
/// not duplicates, in article order, with the count of all such articles.
pub(crate) fn digests(
    tables: &Tables,
    by_id: &HashMap<&str, &EntityRow>,
    mention_keys: &[Option<String>],
) -> Listed<Digest> {
    let mut entity_counts: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for (mention, key) in tables.mentions.iter().zip(mention_keys) {
        if let Some(entity) = key.as_deref().and_then(|k| by_id.get(k)) {
            *entity_counts
                .entry(&mention.article_id)
                .or_default()
                .entry(&entity.name)
                .or_default() += 1;
        }
    }
    let events = &tables.events.per_article;
    let quotes = &tables.quotes_per_article;
    let digested = &tables.articles.digested;
    let mut listed = Listed::first(digested, digested.len(), |a| {
        let id = a.article_id.as_str();
        let mut top: Vec<(String, usize)> = entity_counts
            .get(id)
            .map(|counts| counts.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect())
            .unwrap_or_default();
        top.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        top.truncate(TOP_PER_ARTICLE);
        let published = a.published.map_or_else(
            || "unknown".to_owned(),
            |date| {
                let mut text = date.to_string();
                match (
                    a.published_precision.as_deref(),
                    a.published_source.as_deref(),
                ) {
                    (Some(precision), Some(source)) => {
                        let _ = write!(text, " ({precision}, from {source})");
                    }
                    (Some(precision), None) => {
                        let _ = write!(text, " ({precision})");
                    }
                    (None, Some(source)) => {
                        let _ = write!(text, " (from {source})");
                    }
                    (None, None) => {}
                }
                text
            },
        );
        Digest {
            headline: clip(&a.headline, MAX_QUOTED_CHARS),
            published,
            outlet: a.outlet.clone().unwrap_or_default(),
            source: format!(
                "{}:{}–{}",
                a.source_path, a.source_line_start, a.source_line_end
            ),
            captions: a
                .captions
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    (
                        c.clone(),
                        a.caption_credits.get(i).cloned().unwrap_or_default(),
                    )
                })
                .collect(),
            word_count: a.word_count,
            top_entities: top,
            events: events.get(id).copied().unwrap_or(0),
            quotes: quotes.get(id).copied().unwrap_or(0),
            first_sentence: tables.first_sentences.get(id).cloned().unwrap_or_default(),
        }
    });
    listed.total = tables.articles.originals;
    listed
}
