//! Step 4: write entity rows from the corpus entities of step 3 ([`crate::across`]).
//!
//! Each entity gets `entity_id = stable_id("ent", [kb_id])` when linked, else
//! `stable_id("ent", [type, fold(name)])`, with the id of its earliest
//! mention added when another entity has the same type and name (two people
//! called `Kennedy` kept apart). Its name and type come from the knowledge
//! base when linked, else from its records (longest name; the type most of
//! its mentions have, ties in the order PERSON, ORG, GPE, LOC, FAC, NORP);
//! `aliases` are the sorted distinct mention texts; country, coordinates,
//! `geo_precision` and `link_score` come from the link (the best score of
//! its records); `merge_evidence` lists why it was formed, and for a
//! nationality group the country it is the demonym of (a relation, never a
//! merge: `Iranian` stays apart from `Iran`).

use std::collections::{BTreeMap, BTreeSet};

use sitrep_core::ids::stable_id;
use sitrep_core::kb::KbEntry;
use sitrep_core::tables::EntityRow;
use sitrep_core::{EntityType, KnowledgeBase};

use crate::across::{Clustering, Record};
use crate::names::fold;
use crate::symbols::{Sym, Symbols};

/// Most evidence lines written per entity; the rest are counted.
pub(crate) const MAX_EVIDENCE: usize = 20;

/// One within-article cluster after linking, as the cross-article step
/// keeps it (strings are symbols of its [`Symbols`]).
#[derive(Debug)]
pub(crate) struct Cluster<'kb> {
    /// Entity type of its mentions (one per cluster).
    pub(crate) ty: EntityType,
    /// How many mentions it has.
    pub(crate) members: u32,
    /// Where its distinct mention texts (in order of first mention) start
    /// in the step's text arena.
    pub(crate) texts_at: u32,
    /// How many distinct mention texts it has.
    pub(crate) texts_len: u32,
    /// The smallest `mention_id` of its mentions.
    pub(crate) earliest: MentionId,
    /// Knowledge-base link, when linked.
    pub(crate) link: Option<Link<'kb>>,
    /// How the cluster was formed inside its article (empty for one mention).
    pub(crate) within: Sym,
}

/// A knowledge-base link of a cluster, with the reason as a symbol.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link<'kb> {
    /// The entry.
    pub(crate) entry: &'kb KbEntry,
    /// `link_score`, 0 to 1.
    pub(crate) score: f64,
    /// Why (see [`crate::link::Link::reason`]).
    pub(crate) reason: Sym,
}

/// A `mention_id`, held as 8 bytes when it has the pipeline's form
/// (`men_` and 16 lower-case hex digits), else as the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MentionId {
    /// `men_{:016x}`.
    Hex(u64),
    /// Any other id.
    Text(Box<str>),
}

impl MentionId {
    /// The compact form of `id`.
    pub(crate) fn new(id: &str) -> Self {
        id.strip_prefix("men_")
            .filter(|hex| {
                hex.len() == 16
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            })
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .map_or_else(|| Self::Text(id.into()), Self::Hex)
    }

    /// The id as written.
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Hex(value) => format!("men_{value:016x}"),
            Self::Text(text) => text.to_string(),
        }
    }
}

/// Longest text, ties broken alphabetically.
pub(crate) fn canonical_name<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    texts
        .into_iter()
        .min_by(|a, b| {
            b.chars()
                .count()
                .cmp(&a.chars().count())
                .then_with(|| a.cmp(b))
        })
        .unwrap_or_default()
        .to_owned()
}

impl Cluster<'_> {
    /// Its distinct mention texts, in order of first mention.
    pub(crate) fn texts<'a>(&self, arena: &'a [Sym]) -> &'a [Sym] {
        &arena[self.texts_at as usize..(self.texts_at + self.texts_len) as usize]
    }
}

/// What [`build_entities`] reads: the clusters (in the order they were
/// added), the record of each (`records[r]` is cluster `entry_of[r]`), the
/// text arena and the symbols.
pub(crate) struct Parts<'a, 'kb> {
    pub(crate) clusters: &'a [Cluster<'kb>],
    pub(crate) records: &'a [Record],
    pub(crate) entry_of: &'a [u32],
    pub(crate) arena: &'a [Sym],
    pub(crate) symbols: &'a Symbols,
}

/// Writes one entity row per entity of `clustering` and returns the rows
/// sorted by id, with the index of each cluster's row (clusters in the
/// order they were added).
pub(crate) fn build_entities(
    kb: &KnowledgeBase,
    parts: &Parts<'_, '_>,
    clustering: &Clustering,
) -> (Vec<EntityRow>, Vec<u32>) {
    struct Draft<'kb> {
        entry: Option<&'kb KbEntry>,
        name: String,
        ty: EntityType,
        key: Vec<String>,
    }
    let Parts {
        clusters,
        records,
        entry_of,
        arena,
        symbols,
    } = *parts;
    let cluster = |r: u32| &clusters[entry_of[r as usize] as usize];
    // Name and type of every entity first, to find unlinked ones sharing a key.
    let texts_of =
        |c: &Cluster<'_>| -> Vec<&str> { c.texts(arena).iter().map(|&t| symbols.get(t)).collect() };
    let mut drafts: Vec<Draft<'_>> = Vec::with_capacity(clustering.entities.len());
    for group in &clustering.entities {
        let group = group.iter().map(|&r| cluster(r));
        let entry = group.clone().find_map(|c| c.link.map(|l| l.entry));
        let (name, ty, key) = if let Some(entry) = entry {
            (
                entry.name.clone(),
                entry.entity_type,
                vec![entry.kb_id.clone()],
            )
        } else {
            let canonicals: Vec<String> =
                group.clone().map(|c| canonical_name(texts_of(c))).collect();
            let name = canonical_name(canonicals.iter().map(String::as_str));
            let mut counts: BTreeMap<EntityType, usize> = BTreeMap::new();
            let mut first_ty = None;
            for c in group {
                first_ty.get_or_insert(c.ty);
                *counts.entry(c.ty).or_default() += c.members as usize;
            }
            let ty = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or(first_ty.unwrap_or(EntityType::Person), |(ty, _)| *ty);
            let key = vec![ty.label().to_owned(), fold(&name)];
            (name, ty, key)
        };
        drafts.push(Draft {
            entry,
            name,
            ty,
            key,
        });
    }
    let mut key_uses: BTreeMap<&[String], usize> = BTreeMap::new();
    for draft in &drafts {
        *key_uses.entry(draft.key.as_slice()).or_default() += 1;
    }
    let mut entities = Vec::with_capacity(drafts.len());
    for ((draft, lines), group) in drafts
        .iter()
        .zip(&clustering.evidence)
        .zip(&clustering.entities)
    {
        let mut parts: Vec<&str> = draft.key.iter().map(String::as_str).collect();
        let earliest;
        if draft.entry.is_none() && key_uses[draft.key.as_slice()] > 1 {
            earliest = group
                .iter()
                .map(|&r| cluster(r).earliest.text())
                .min()
                .unwrap_or_default();
            parts.push(&earliest);
        }
        let entity_id = stable_id("ent", &parts);
        let mut aliases = BTreeSet::new();
        let mut articles = BTreeSet::new();
        let mut mention_count = 0_i64;
        for &r in group {
            let cluster = cluster(r);
            aliases.extend(cluster.texts(arena).iter().map(|&t| symbols.get(t)));
            articles.insert(&*records[r as usize].article_id);
            mention_count += i64::from(cluster.members);
        }
        let link_score = group
            .iter()
            .filter_map(|&r| cluster(r).link.map(|l| l.score))
            .reduce(f64::max);
        let mut evidence: Vec<String> = Vec::new();
        for (&r, line) in group.iter().zip(lines) {
            let cluster = cluster(r);
            let mut text = line.clone();
            let within = symbols.get(cluster.within);
            if !within.is_empty() {
                text.push_str("; in the article: ");
                text.push_str(within);
            }
            if let Some(link) = &cluster.link {
                text.push_str("; ");
                text.push_str(symbols.get(link.reason));
            }
            evidence.push(text);
        }
        // The clustering kept the first MAX_EVIDENCE lines; the rest are counted.
        if group.len() > MAX_EVIDENCE {
            let more = group.len() - MAX_EVIDENCE;
            evidence.truncate(MAX_EVIDENCE);
            evidence.push(format!("… and {more} more article clusters"));
        }
        let entry = draft.entry;
        entities.push(EntityRow {
            entity_id,
            name: draft.name.clone(),
            entity_type: draft.ty.label().to_owned(),
            aliases: aliases.into_iter().map(str::to_owned).collect(),
            kb_id: entry.map(|e| e.kb_id.clone()),
            country: entry.and_then(|e| e.country.clone()),
            lat: entry.and_then(|e| e.lat),
            lon: entry.and_then(|e| e.lon),
            mention_count,
            article_count: articles.len() as i64,
            link_score,
            geo_precision: entry
                .and_then(|e| kb.feature(&e.kb_id))
                .map(|f| f.geo_precision().to_owned()),
            merge_evidence: evidence,
            wikidata_id: entry.and_then(|e| kb.wikidata(&e.kb_id)).map(str::to_owned),
        });
    }
    relate_demonyms(kb, &mut entities);
    // Sorted by id (a stable sort: equal ids keep the order entities formed).
    let mut order: Vec<u32> =
        (0..u32::try_from(entities.len()).expect("fewer than 2^32 entities")).collect();
    order.sort_by(|&a, &b| {
        entities[a as usize]
            .entity_id
            .cmp(&entities[b as usize].entity_id)
    });
    let mut position = vec![0_u32; entities.len()];
    for (at, &e) in order.iter().enumerate() {
        position[e as usize] = at as u32;
    }
    let mut entity_of = vec![0_u32; clusters.len()];
    for (e, group) in clustering.entities.iter().enumerate() {
        for &r in group {
            entity_of[entry_of[r as usize] as usize] = position[e];
        }
    }
    let mut slots: Vec<Option<EntityRow>> = entities.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .map(|&e| slots[e as usize].take().expect("each entity once"))
        .collect();
    (sorted, entity_of)
}

/// A nationality group (`Iranian`) is related to its country, not merged
/// with it: the group's evidence names the country's entity when the corpus
/// mentions the country (`demonym of Iran (ent_…)`).
fn relate_demonyms(kb: &KnowledgeBase, entities: &mut [EntityRow]) {
    let by_kb_id: BTreeMap<&str, (String, String)> = entities
        .iter()
        .filter_map(|e| {
            let id = e.kb_id.as_deref()?;
            Some((id, (e.entity_id.clone(), e.name.clone())))
        })
        .collect();
    let mut country_entry: BTreeMap<&str, &str> = BTreeMap::new();
    for entry in kb.entries() {
        if let Some(code) = entry.country.as_deref()
            && kb.feature(&entry.kb_id) == Some(sitrep_core::kb::Feature::Country)
        {
            country_entry.entry(code).or_insert(entry.kb_id.as_str());
        }
    }
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, entity) in entities.iter().enumerate() {
        if entity.entity_type != EntityType::Norp.label() {
            continue;
        }
        let Some(code) = entity.country.as_deref() else {
            continue;
        };
        let Some((id, name)) = country_entry.get(code).and_then(|k| by_kb_id.get(k)) else {
            continue;
        };
        lines.push((i, format!("demonym of {name} ({id})")));
    }
    for (i, line) in lines {
        entities[i].merge_evidence.insert(0, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_is_longest_then_alphabetical() {
        assert_eq!(canonical_name(["Sudani", "al-Sudani"]), "al-Sudani");
        assert_eq!(canonical_name(["Abcd", "Abce", "Ab"]), "Abcd");
        assert_eq!(canonical_name([]), "");
    }
}
