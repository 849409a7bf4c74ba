//! Resolve stage: merge entity mentions into entities, within and across
//! articles, and link them to the built-in knowledge base.
//!
//! This is the pipeline's cross-article step: it runs once over the
//! extract stage's rows for *all* articles.
//!
//! - Input: [`ResolveInput`] — the `mentions`, `events` and `quotes` rows with
//!   `entity_id`, `actor_id`/`target_id`/`place_id` and `speaker_id` empty.
//! - Output: [`ResolveOutput`] — the same rows with those ids filled, the
//!   `entities` table, and a [`StageReport`] named `resolve`.
//!
//! Resolution is a list of ordered steps; each is a small module that a later
//! version can replace (for instance by probabilistic, Splink-style scoring)
//! without touching the others:
//!
//! 1. [`within`] — merge mentions inside one article: same name; a surname
//!    into the nearest full name (`Sudani` → `Mohammed Shia al-Sudani`,
//!    `Assad` → the nearest of `Hafez al-Assad` / `Bashar al-Assad`); an ORG
//!    acronym into the ORG name it abbreviates (`PMF`). Organisation names are
//!    never merged by suffix (`Kataeb Hezbollah` ≠ `Hezbollah`).
//! 2. [`link`] — link each cluster to a [`KnowledgeBase`] entry of a compatible
//!    type (GPE/LOC/FAC interchangeable; ORG, PERSON, NORP only with
//!    themselves); several matches → exact type, then first in the KB file.
//! 3. [`merge`] — across articles, clusters with the same `kb_id` merge, and
//!    unlinked clusters with the same type and normalised name merge.
//! 4. [`merge`] — entity rows: content-derived ids, KB name and coordinates
//!    when linked, sorted aliases, mention and article counts.
//!
//! Output order never depends on input order: mentions are sorted by
//! `(article_id, start, end, entity_type)`, entities by `entity_id`, events
//! and quotes by `(article_id, start, end, id)`.
//!
//! ```
//! use sitrep_core::KnowledgeBase;
//! use sitrep_core::tables::MentionRow;
//! use sitrep_resolve::{ResolveInput, resolve};
//!
//! let mention = |id: &str, start: i64, text: &str, ty: &str| MentionRow {
//!     mention_id: id.into(),
//!     article_id: "a1".into(),
//!     sentence_idx: 0,
//!     start,
//!     end: start + text.chars().count() as i64,
//!     text: text.into(),
//!     entity_type: ty.into(),
//!     entity_id: None,
//!     confidence: 0.9,
//!     method: "example".into(),
//! };
//! let input = ResolveInput {
//!     mentions: vec![
//!         mention("m1", 0, "Mohammed Shia al-Sudani", "PERSON"),
//!         mention("m2", 60, "Sudani", "PERSON"),
//!         mention("m3", 80, "Syria", "GPE"),
//!     ],
//!     events: vec![],
//!     quotes: vec![],
//! };
//! let out = resolve(input, KnowledgeBase::builtin());
//! assert_eq!(out.mentions[0].entity_id, out.mentions[1].entity_id);
//! let syria = out.entities.iter().find(|e| e.name == "Syria").unwrap();
//! assert_eq!(syria.country.as_deref(), Some("SY"));
//! assert_eq!(out.report.stage, "resolve");
//! ```
//!
//! Known misses: see each step's module docs (no pronoun or nominal
//! coreference, no context-based disambiguation, no fuzzy spelling match).

use std::collections::{BTreeSet, HashMap};

use sitrep_core::tables::{EntityRow, EventRow, MentionRow, QuoteRow};
use sitrep_core::{EntityType, KnowledgeBase, StageReport};

pub mod link;
pub mod merge;
mod names;
pub mod within;

#[cfg(test)]
mod tests;

/// Everything the resolve stage reads (rows from the extract stage, all articles).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolveInput {
    /// Entity mentions of all articles, in any order.
    pub mentions: Vec<MentionRow>,
    /// Events of all articles; `actor_mention_id` etc. point into `mentions`.
    pub events: Vec<EventRow>,
    /// Quotes of all articles; `speaker_mention_id` points into `mentions`.
    pub quotes: Vec<QuoteRow>,
}

/// What it writes: the same rows with entity ids filled, plus the entities table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolveOutput {
    /// Mentions with `entity_id` set, sorted by `(article_id, start, end, entity_type)`.
    pub mentions: Vec<MentionRow>,
    /// One row per entity, sorted by `entity_id`.
    pub entities: Vec<EntityRow>,
    /// Events with `actor_id`, `target_id` and `place_id` set where their mention resolved.
    pub events: Vec<EventRow>,
    /// Quotes with `speaker_id` set where the speaker mention resolved.
    pub quotes: Vec<QuoteRow>,
    /// Counts and warnings for the run manifest (stage `resolve`).
    pub report: StageReport,
}

/// Resolves mentions into entities (steps 1–4 in the crate docs) and fills
/// the entity ids of mentions, events and quotes.
#[must_use]
pub fn resolve(input: ResolveInput, kb: &KnowledgeBase) -> ResolveOutput {
    let ResolveInput {
        mut mentions,
        mut events,
        mut quotes,
    } = input;
    let mut report = StageReport::new("resolve");
    report.received = mentions.len() as u64;

    sort_mentions(&mut mentions);
    for mention in &mut mentions {
        mention.entity_id = None;
    }
    let types: Vec<Option<EntityType>> = mentions
        .iter()
        .map(|m| {
            let ty = m.entity_type.parse::<EntityType>().ok()?;
            (!sitrep_core::kb::normalise_key(&m.text).is_empty()).then_some(ty)
        })
        .collect();
    for (m, ty) in mentions.iter().zip(&types) {
        if ty.is_none() {
            let reason = if m.entity_type.parse::<EntityType>().is_err() {
                "unknown_entity_type"
            } else {
                "empty_text"
            };
            report.drop_one(reason);
        }
    }

    // Step 1: clusters within each article.
    let mut sets = within::UnionFind::new(mentions.len());
    let rules = within::default_rules();
    let mut start = 0;
    while start < mentions.len() {
        let article_id = &mentions[start].article_id;
        let end = start
            + mentions[start..]
                .iter()
                .take_while(|m| &m.article_id == article_id)
                .count();
        let article = within::Article {
            offset: start,
            rows: &mentions[start..end],
            types: &types[start..end],
        };
        for rule in &rules {
            rule.apply(&article, &mut sets);
        }
        start = end;
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); mentions.len()];
    for (i, ty) in types.iter().enumerate() {
        if ty.is_some() {
            let root = sets.find(i);
            members[root].push(i);
        }
    }

    // Step 2: link each cluster to the knowledge base.
    let mut warnings = BTreeSet::new();
    let clusters: Vec<merge::Cluster<'_>> = members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|members| {
            let ty = types[members[0]].expect("clustered mentions have a type");
            let texts: Vec<&str> = members.iter().map(|&i| mentions[i].text.as_str()).collect();
            let entry = link::link_cluster(kb, &texts, ty, &mut warnings);
            let canonical = merge::canonical_name(texts.iter().copied());
            merge::Cluster {
                members,
                ty,
                canonical,
                entry,
            }
        })
        .collect();

    // Steps 3 and 4: merge across articles, write entity rows.
    let entities = merge::build_entities(&clusters, &mut mentions);

    // Carry the ids to events and quotes.
    let entity_of: HashMap<&str, &str> = mentions
        .iter()
        .filter_map(|m| Some((m.mention_id.as_str(), m.entity_id.as_deref()?)))
        .collect();
    let mut dangling = 0_usize;
    let mut lookup = |mention_id: Option<&String>| -> Option<String> {
        let id = mention_id?;
        let found = entity_of.get(id.as_str()).map(|e| (*e).to_owned());
        if found.is_none() {
            dangling += 1;
        }
        found
    };
    for event in &mut events {
        event.actor_id = lookup(event.actor_mention_id.as_ref());
        event.target_id = lookup(event.target_mention_id.as_ref());
        event.place_id = lookup(event.place_mention_id.as_ref());
    }
    for quote in &mut quotes {
        quote.speaker_id = lookup(quote.speaker_mention_id.as_ref());
    }
    events.sort_by(|a, b| {
        (&a.article_id, a.start, a.end, &a.event_id).cmp(&(
            &b.article_id,
            b.start,
            b.end,
            &b.event_id,
        ))
    });
    quotes.sort_by(|a, b| {
        (&a.article_id, a.start, a.end, &a.quote_id).cmp(&(
            &b.article_id,
            b.start,
            b.end,
            &b.quote_id,
        ))
    });

    let linked = entities.iter().filter(|e| e.kb_id.is_some()).count();
    let linked_mentions = clusters
        .iter()
        .filter(|c| c.entry.is_some())
        .map(|c| c.members.len())
        .sum();
    report.emit("mentions", mentions.len());
    report.emit(
        "mentions_resolved",
        mentions.iter().filter(|m| m.entity_id.is_some()).count(),
    );
    report.emit("mentions_linked", linked_mentions);
    report.emit("entities", entities.len());
    report.emit("entities_linked", linked);
    report.emit("events", events.len());
    report.emit("quotes", quotes.len());
    report.warnings.extend(warnings);
    if dangling > 0 {
        report.warnings.push(format!(
            "{dangling} event or quote reference(s) name a mention that is missing or unresolved; \
             their entity ids are left empty"
        ));
    }
    ResolveOutput {
        mentions,
        entities,
        events,
        quotes,
        report,
    }
}

/// Sorts mentions by `(article_id, start, end, entity_type)`, then by the
/// remaining columns so that equal keys still give one order.
fn sort_mentions(mentions: &mut [MentionRow]) {
    mentions.sort_by(|a, b| {
        (
            &a.article_id,
            a.start,
            a.end,
            &a.entity_type,
            &a.mention_id,
            &a.text,
            &a.method,
        )
            .cmp(&(
                &b.article_id,
                b.start,
                b.end,
                &b.entity_type,
                &b.mention_id,
                &b.text,
                &b.method,
            ))
            .then_with(|| a.sentence_idx.cmp(&b.sentence_idx))
            .then_with(|| a.confidence.total_cmp(&b.confidence))
            .then_with(|| a.entity_id.cmp(&b.entity_id))
    });
}
