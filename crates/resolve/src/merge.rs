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
use sitrep_core::tables::{EntityRow, MentionRow};
use sitrep_core::{EntityType, KnowledgeBase};

use crate::across::Clustering;
use crate::names::fold;

/// Most evidence lines written per entity; the rest are counted.
pub(crate) const MAX_EVIDENCE: usize = 20;

/// One within-article cluster after linking.
#[derive(Debug)]
pub(crate) struct Cluster<'kb> {
    /// Global indices of its mentions.
    pub(crate) members: Vec<usize>,
    /// Entity type of its mentions (one per cluster).
    pub(crate) ty: EntityType,
    /// Longest mention text (ties alphabetical).
    pub(crate) canonical: String,
    /// Knowledge-base link, when linked.
    pub(crate) link: Option<crate::link::Link<'kb>>,
    /// How the cluster was formed inside its article.
    pub(crate) within: String,
    /// Global indices of the pronouns and nominals linked to its mentions:
    /// they get its entity id but are not counted or named.
    pub(crate) anaphors: Vec<usize>,
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

/// Writes one entity row per entity of `clustering`, sets `entity_id` on
/// their mentions and returns the rows sorted by id.
pub(crate) fn build_entities(
    kb: &KnowledgeBase,
    clusters: &[Cluster<'_>],
    clustering: &Clustering,
    mentions: &mut [MentionRow],
) -> Vec<EntityRow> {
    // Name and type of every entity first, to find unlinked ones sharing a key.
    struct Draft<'c, 'kb> {
        group: Vec<&'c Cluster<'kb>>,
        entry: Option<&'kb KbEntry>,
        name: String,
        ty: EntityType,
        key: Vec<String>,
    }
    let mut drafts: Vec<Draft<'_, '_>> = Vec::with_capacity(clustering.entities.len());
    for records in &clustering.entities {
        let group: Vec<&Cluster<'_>> = records.iter().map(|&r| &clusters[r]).collect();
        let entry = group.iter().find_map(|c| c.link.as_ref().map(|l| l.entry));
        let (name, ty, key) = if let Some(entry) = entry {
            (
                entry.name.clone(),
                entry.entity_type,
                vec![entry.kb_id.clone()],
            )
        } else {
            let name = canonical_name(group.iter().map(|c| c.canonical.as_str()));
            let mut counts: BTreeMap<EntityType, usize> = BTreeMap::new();
            for c in &group {
                *counts.entry(c.ty).or_default() += c.members.len();
            }
            let ty = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or(group[0].ty, |(ty, _)| *ty);
            let key = vec![ty.label().to_owned(), fold(&name)];
            (name, ty, key)
        };
        drafts.push(Draft {
            group,
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
    for (draft, lines) in drafts.iter().zip(&clustering.evidence) {
        let mut parts: Vec<&str> = draft.key.iter().map(String::as_str).collect();
        let earliest = draft
            .group
            .iter()
            .flat_map(|c| c.members.iter())
            .map(|&m| &mentions[m].mention_id)
            .min()
            .cloned()
            .unwrap_or_default();
        if draft.entry.is_none() && key_uses[draft.key.as_slice()] > 1 {
            parts.push(&earliest);
        }
        let entity_id = stable_id("ent", &parts);
        let mut aliases = BTreeSet::new();
        let mut articles = BTreeSet::new();
        let mut mention_count = 0_i64;
        for cluster in &draft.group {
            for &m in &cluster.members {
                let row = &mut mentions[m];
                row.entity_id = Some(entity_id.clone());
                aliases.insert(row.text.clone());
                articles.insert(row.article_id.clone());
                mention_count += 1;
            }
            for &m in &cluster.anaphors {
                mentions[m].entity_id = Some(entity_id.clone());
            }
        }
        let link_score = draft
            .group
            .iter()
            .filter_map(|c| c.link.as_ref().map(|l| l.score))
            .reduce(f64::max);
        let mut evidence: Vec<String> = Vec::new();
        for (cluster, line) in draft.group.iter().zip(lines) {
            let mut text = line.clone();
            if !cluster.within.is_empty() {
                text.push_str("; in the article: ");
                text.push_str(&cluster.within);
            }
            if let Some(link) = &cluster.link {
                text.push_str("; ");
                text.push_str(&link.reason);
            }
            evidence.push(text);
        }
        // The clustering kept the first MAX_EVIDENCE lines; the rest are counted.
        if draft.group.len() > MAX_EVIDENCE {
            let more = draft.group.len() - MAX_EVIDENCE;
            evidence.truncate(MAX_EVIDENCE);
            evidence.push(format!("… and {more} more article clusters"));
        }
        let entry = draft.entry;
        entities.push(EntityRow {
            entity_id,
            name: draft.name.clone(),
            entity_type: draft.ty.label().to_owned(),
            aliases: aliases.into_iter().collect(),
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
    entities.sort_by(|a, b| a.entity_id.cmp(&b.entity_id));
    entities
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
