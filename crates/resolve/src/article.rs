//! The per-article step of resolution: everything that needs only one
//! article's mentions.
//!
//! [`resolve_article`] sorts an article's mention rows, clears their entity
//! ids, merges them into within-article clusters ([`crate::within`]), gives
//! each cluster one type by vote and retypes its mentions, and counts the
//! countries the article names ([`crate::link`]'s anchors). What it returns,
//! an [`ArticleResolution`], is small and serialisable: the cross-article
//! step ([`crate::resolve_articles`]) needs nothing else from the article
//! but its mention texts and ids.
//!
//! Linking stays in the cross-article step: an article that names no
//! country is linked in the context of the corpus's main countries, which
//! only the whole corpus knows.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sitrep_core::tables::MentionRow;
use sitrep_core::{EntityType, KnowledgeBase};

use crate::{anaphora, link, within};

/// What the per-article step of resolution leaves for the cross-article
/// step (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleResolution {
    /// Within-article clusters, in order of their first mention.
    pub clusters: Vec<ArticleCluster>,
    /// ISO codes of the countries the article names, with how many of its
    /// clusters name each (a country, a nationality, a person or
    /// organisation of one country).
    pub countries: BTreeMap<String, u32>,
    /// Mentions left out of every cluster, by reason (`unknown_entity_type`,
    /// `empty_text`, `antecedent_missing` for a pronoun or nominal whose
    /// named mention is not among the rows).
    pub dropped: BTreeMap<String, u32>,
}

/// One within-article cluster: mentions of one entity in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleCluster {
    /// Indices of its mentions in the article's sorted mention rows, ascending.
    pub members: Vec<u32>,
    /// Its one entity type label (`PERSON`, `ORG`, `GPE`, …); its mention
    /// rows carry it too.
    pub entity_type: String,
    /// The within-article rules that formed it, with counts
    /// (`same name ×2, surname ×1`); empty for a single mention.
    pub within: String,
    /// Indices of the pronoun and nominal mentions linked to one of its
    /// mentions ([`crate::anaphora`]), ascending: they take its entity but
    /// give it no name.
    pub anaphors: Vec<u32>,
}

impl ArticleCluster {
    /// The cluster's entity type.
    #[must_use]
    pub fn ty(&self) -> EntityType {
        self.entity_type.parse().unwrap_or(EntityType::Person)
    }
}

/// Resolves one article's `mentions` within the article: sorts them by
/// `(start, end, entity_type, …)`, clears their entity ids, retypes each
/// cluster's mentions to its voted type and returns the clusters and the
/// countries named (see the module docs). All rows must share one
/// `article_id`.
pub fn resolve_article(mentions: &mut [MentionRow], kb: &KnowledgeBase) -> ArticleResolution {
    crate::sort_mentions(mentions);
    for mention in mentions.iter_mut() {
        mention.entity_id = None;
    }
    let mut resolution = ArticleResolution::default();
    let types: Vec<Option<EntityType>> = mentions
        .iter()
        .map(|m| {
            if anaphora::is_anaphor(m) {
                return None;
            }
            let parsed = m.entity_type.parse::<EntityType>();
            let reason = match parsed {
                Err(_) => "unknown_entity_type",
                Ok(_) if sitrep_core::kb::normalise_key(&m.text).is_empty() => "empty_text",
                Ok(ty) => return Some(ty),
            };
            *resolution.dropped.entry(reason.to_owned()).or_default() += 1;
            None
        })
        .collect();

    let mut sets = within::UnionFind::new(mentions.len());
    let article = within::Article {
        offset: 0,
        rows: mentions,
        types: &types,
    };
    for rule in within::default_rules() {
        sets.rule = rule.name();
        rule.apply(&article, &mut sets);
    }
    // Place names retyped as sports teams ([`crate::sports`]) that name the
    // same place are one team (`Korea`, `South Korea`).
    sets.rule = "same team";
    let mut teams: HashMap<&str, usize> = HashMap::new();
    for (i, mention) in mentions.iter().enumerate() {
        if types[i].is_none() || !mention.method.ends_with("+sports_team") {
            continue;
        }
        let place = kb
            .lookup(&mention.text)
            .find(|e| e.entity_type.is_place())
            .map(|e| e.kb_id.as_str());
        if let Some(place) = place {
            match teams.get(place) {
                Some(&first) => sets.union(first, i),
                None => {
                    teams.insert(place, i);
                }
            }
        }
    }
    let mut members_of: Vec<Vec<usize>> = Vec::new();
    let mut by_root: HashMap<usize, usize> = HashMap::new();
    let mut anaphors_of: HashMap<usize, Vec<u32>> = HashMap::new();
    let index_of: HashMap<&str, usize> = mentions
        .iter()
        .enumerate()
        .filter(|(i, _)| types[*i].is_some())
        .map(|(i, m)| (m.mention_id.as_str(), i))
        .collect();
    for (i, mention) in mentions.iter().enumerate() {
        if !anaphora::is_anaphor(mention) {
            continue;
        }
        match mention
            .antecedent_id
            .as_deref()
            .and_then(|id| index_of.get(id))
        {
            Some(&antecedent) => anaphors_of
                .entry(sets.find(antecedent))
                .or_default()
                .push(i as u32),
            None => {
                *resolution
                    .dropped
                    .entry("antecedent_missing".to_owned())
                    .or_default() += 1;
            }
        }
    }
    for (i, ty) in types.iter().enumerate() {
        if ty.is_none() {
            continue;
        }
        let root = sets.find(i);
        let slot = *by_root.entry(root).or_insert_with(|| {
            members_of.push(Vec::new());
            members_of.len() - 1
        });
        members_of[slot].push(i);
    }
    let mut rules_of: HashMap<usize, BTreeMap<&'static str, usize>> = HashMap::new();
    for (mention, rule) in std::mem::take(&mut sets.log) {
        let root = sets.find(mention);
        *rules_of.entry(root).or_default().entry(rule).or_default() += 1;
    }
    for members in members_of {
        let voters: Vec<(&MentionRow, EntityType)> = members
            .iter()
            .map(|&i| {
                (
                    &mentions[i],
                    types[i].expect("clustered mentions have a type"),
                )
            })
            .collect();
        let ty = within::cluster_type(&voters);
        let texts: Vec<&str> = members.iter().map(|&i| mentions[i].text.as_str()).collect();
        if let Some(country) = link::anchor_country(kb, &texts, ty) {
            *resolution.countries.entry(country).or_default() += 1;
        }
        let within = rules_of
            .get(&sets.find(members[0]))
            .map(|rules| {
                rules
                    .iter()
                    .map(|(rule, n)| format!("{rule} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let anaphors = anaphors_of
            .remove(&sets.find(members[0]))
            .unwrap_or_default();
        let retyped = members
            .iter()
            .copied()
            .chain(anaphors.iter().map(|&a| a as usize));
        for i in retyped {
            ty.label().clone_into(&mut mentions[i].entity_type);
        }
        resolution.clusters.push(ArticleCluster {
            members: members.iter().map(|&i| i as u32).collect(),
            entity_type: ty.label().to_owned(),
            within,
            anaphors,
        });
    }
    resolution
}
