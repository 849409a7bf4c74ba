//! Steps 3 and 4: merge clusters across articles and write entity rows.
//!
//! Step 3: clusters linked to the same knowledge-base entry are one entity;
//! unlinked clusters are one entity when their type and the
//! [`normalise_key`] of their canonical name (longest mention text, ties
//! alphabetical) are equal.
//!
//! Step 4: each entity gets `entity_id = stable_id("ent", [kb_id])` when
//! linked, else `stable_id("ent", [type, normalise_key(name)])`; its name and
//! type come from the KB when linked, else from the cluster; `aliases` are the
//! sorted distinct mention texts; country and coordinates come from the KB.
//!
//! Known misses: unlinked names spelled differently across articles
//! (`Sudani` / `al-Sudani` with no full name and no KB entry) stay apart;
//! two different unlinked people with the same full name are merged.

use std::collections::{BTreeMap, BTreeSet};

use sitrep_core::EntityType;
use sitrep_core::ids::stable_id;
use sitrep_core::kb::{KbEntry, normalise_key};
use sitrep_core::tables::{EntityRow, MentionRow};

/// One within-article cluster after linking.
#[derive(Debug)]
pub(crate) struct Cluster<'kb> {
    /// Global indices of its mentions.
    pub(crate) members: Vec<usize>,
    /// Entity type of its mentions.
    pub(crate) ty: EntityType,
    /// Longest mention text (ties alphabetical).
    pub(crate) canonical: String,
    /// Knowledge-base entry, when linked.
    pub(crate) entry: Option<&'kb KbEntry>,
}

/// What identifies an entity across articles.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum EntityKey {
    Linked(String),
    Named(&'static str, String),
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

/// Merges `clusters` into entities, sets `entity_id` on their mentions and
/// returns the entity rows sorted by id.
pub(crate) fn build_entities(
    clusters: &[Cluster<'_>],
    mentions: &mut [MentionRow],
) -> Vec<EntityRow> {
    let mut groups: BTreeMap<EntityKey, Vec<&Cluster<'_>>> = BTreeMap::new();
    for cluster in clusters {
        let key = match cluster.entry {
            Some(entry) => EntityKey::Linked(entry.kb_id.clone()),
            None => EntityKey::Named(cluster.ty.label(), normalise_key(&cluster.canonical)),
        };
        groups.entry(key).or_default().push(cluster);
    }
    let mut entities = Vec::with_capacity(groups.len());
    for (key, group) in groups {
        let (entity_id, name, entity_type, entry) = match &key {
            EntityKey::Linked(kb_id) => {
                let entry = group[0].entry.expect("linked group");
                (
                    stable_id("ent", &[kb_id]),
                    entry.name.clone(),
                    entry.entity_type.label(),
                    Some(entry),
                )
            }
            EntityKey::Named(label, name_key) => (
                stable_id("ent", &[label, name_key]),
                canonical_name(group.iter().map(|c| c.canonical.as_str())),
                *label,
                None,
            ),
        };
        let mut aliases = BTreeSet::new();
        let mut articles = BTreeSet::new();
        let mut mention_count = 0_i64;
        for cluster in &group {
            for &m in &cluster.members {
                let row = &mut mentions[m];
                row.entity_id = Some(entity_id.clone());
                aliases.insert(row.text.clone());
                articles.insert(row.article_id.clone());
                mention_count += 1;
            }
        }
        entities.push(EntityRow {
            entity_id,
            name,
            entity_type: entity_type.to_owned(),
            aliases: aliases.into_iter().collect(),
            kb_id: entry.map(|e| e.kb_id.clone()),
            country: entry.and_then(|e| e.country.clone()),
            lat: entry.and_then(|e| e.lat),
            lon: entry.and_then(|e| e.lon),
            mention_count,
            article_count: articles.len() as i64,
        });
    }
    entities.sort_by(|a, b| a.entity_id.cmp(&b.entity_id));
    entities
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
