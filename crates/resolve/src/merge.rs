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

use std::collections::{BTreeMap, BTreeSet, HashSet};

use sitrep_core::ids::stable_id;
use sitrep_core::kb::KbEntry;
use sitrep_core::tables::EntityRow;
use sitrep_core::{EntityType, KnowledgeBase};

use crate::across::{Clustering, Rule};
use crate::names::fold;
use crate::spill::{Put, Take};
use crate::symbols::{Sym, Symbols};

/// Most evidence lines written per entity; the rest are counted.
pub(crate) const MAX_EVIDENCE: usize = 20;

/// One within-article cluster after linking, as its entity row needs it
/// (strings are symbols of the step's [`Symbols`]).
#[derive(Debug, Clone)]
pub(crate) struct ClusterFacts {
    /// Its index: clusters are numbered in the order their articles were added.
    pub(crate) index: u32,
    /// Entity type of its mentions (one per cluster).
    pub(crate) ty: EntityType,
    /// How many mentions it has.
    pub(crate) members: u32,
    /// Its distinct mention texts, in order of first mention.
    pub(crate) texts: Box<[Sym]>,
    /// The smallest `mention_id` of its mentions.
    pub(crate) earliest: MentionId,
    /// Knowledge-base link, when linked.
    pub(crate) link: Option<Link>,
    /// How the cluster was formed inside its article (empty for one mention).
    pub(crate) within: Sym,
}

impl ClusterFacts {
    /// Writes the facts for [`ClusterFacts::decode`].
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.put_u32(self.index);
        out.put_u8(type_index(self.ty));
        out.put_u32(self.members);
        out.put_u32(self.texts.len() as u32);
        for &text in &self.texts {
            out.put_u32(text);
        }
        self.earliest.encode(out);
        match &self.link {
            Some(link) => {
                out.put_u8(1);
                out.put_u32(link.entry);
                out.put_f64(link.score);
                out.put_u32(link.reason);
            }
            None => out.put_u8(0),
        }
        out.put_u32(self.within);
    }

    /// Reads facts [`ClusterFacts::encode`] wrote.
    pub(crate) fn decode(take: &mut Take<'_>) -> Self {
        let index = take.u32();
        let ty = EntityType::ALL[take.u8() as usize];
        let members = take.u32();
        let n = take.u32() as usize;
        let texts = (0..n).map(|_| take.u32()).collect();
        let earliest = MentionId::decode(take);
        let link = (take.u8() == 1).then(|| Link {
            entry: take.u32(),
            score: take.f64(),
            reason: take.u32(),
        });
        let within = take.u32();
        Self {
            index,
            ty,
            members,
            texts,
            earliest,
            link,
            within,
        }
    }
}

/// The position of `ty` in [`EntityType::ALL`].
pub(crate) fn type_index(ty: EntityType) -> u8 {
    EntityType::ALL
        .iter()
        .position(|&t| t == ty)
        .expect("every type is in ALL") as u8
}

/// A knowledge-base link of a cluster, with the reason as a symbol.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    /// The entry, as an index into the step's linked entries.
    pub(crate) entry: u32,
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

    /// Whether it comes before `other` as text.
    fn is_before(&self, other: &Self) -> bool {
        match (self, other) {
            // Same prefix and width: the numbers compare as the texts.
            (Self::Hex(a), Self::Hex(b)) => a < b,
            _ => self.text() < other.text(),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Self::Hex(value) => {
                out.put_u8(0);
                out.put_u64(*value);
            }
            Self::Text(text) => {
                out.put_u8(1);
                out.put_bytes(text.as_bytes());
            }
        }
    }

    fn decode(take: &mut Take<'_>) -> Self {
        if take.u8() == 0 {
            Self::Hex(take.u64())
        } else {
            Self::Text(take.str().into())
        }
    }
}

/// The order an unlinked entity's name is the first of among its mention
/// texts: longest (in characters) first, ties alphabetical.
fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    b.chars()
        .count()
        .cmp(&a.chars().count())
        .then_with(|| a.cmp(b))
}

/// One line of an entity's `merge_evidence`, kept as indices (32 bytes)
/// and made into text with its row: `ARTICLE: "NAME" formed the entity` or
/// `ARTICLE: "NAME" joined by RULE, score 0.85`, then `; in the article:
/// WITHIN` when the cluster formed by a within-article rule and `; REASON`
/// when it is linked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Evidence {
    /// The cluster's article, an index into the step's article ids.
    article: u32,
    /// The cluster's longest name as written.
    display: Sym,
    /// The rule it joined by; `None` when it formed the entity.
    rule: Option<Rule>,
    /// The score it joined with (with a rule).
    score: f64,
    /// How the cluster was formed inside its article (empty for one mention).
    within: Sym,
    /// Why it was linked, when it was.
    reason: Option<Sym>,
}

impl Evidence {
    /// The line of `cluster`, of article `article` and named `display`,
    /// which joined its entity by a rule with a score, or formed it (`None`).
    pub(crate) fn new(
        cluster: &ClusterFacts,
        article: u32,
        display: Sym,
        joined: Option<(Rule, f64)>,
    ) -> Self {
        Self {
            article,
            display,
            rule: joined.map(|(rule, _)| rule),
            score: joined.map_or(0.0, |(_, score)| score),
            within: cluster.within,
            reason: cluster.link.map(|l| l.reason),
        }
    }

    /// The line as written.
    fn text(&self, symbols: &Symbols, article_ids: &[Box<str>]) -> String {
        let article_id = &article_ids[self.article as usize];
        let display = symbols.get(self.display);
        let mut text = match self.rule {
            Some(rule) => format!(
                "{article_id}: \"{display}\" joined by {}, score {:.2}",
                rule.text(),
                self.score
            ),
            None => format!("{article_id}: \"{display}\" formed the entity"),
        };
        let within = symbols.get(self.within);
        if !within.is_empty() {
            text.push_str("; in the article: ");
            text.push_str(within);
        }
        if let Some(reason) = self.reason {
            text.push_str("; ");
            text.push_str(symbols.get(reason));
        }
        text
    }
}

/// What an entity's row needs of its clusters, gathered as they join it.
#[derive(Debug, Default)]
pub(crate) struct EntityFacts {
    /// The link of its first linked cluster (in joining order).
    entry: Option<u32>,
    /// Its longest mention text ([`name_order`]).
    name: Option<Sym>,
    /// Mentions per type (by [`type_index`]), of the types its clusters have.
    types: [u64; EntityType::ALL.len()],
    /// The types its clusters have, a bit per [`type_index`].
    typed: u8,
    /// The smallest `mention_id` of its clusters.
    earliest: Option<MentionId>,
    /// Its distinct mention texts.
    aliases: HashSet<Sym>,
    mention_count: i64,
    /// The best link score of its clusters.
    link_score: Option<f64>,
    /// Evidence lines of its first [`MAX_EVIDENCE`] clusters.
    evidence: Vec<Evidence>,
    /// How many clusters joined it.
    clusters: usize,
    /// In how many articles (set after the clustering).
    pub(crate) articles: i64,
}

impl EntityFacts {
    /// Adds a cluster, and its evidence `line` if fewer than
    /// [`MAX_EVIDENCE`] are kept.
    pub(crate) fn add(&mut self, cluster: &ClusterFacts, line: Evidence, symbols: &Symbols) {
        self.clusters += 1;
        if self.entry.is_none() {
            self.entry = cluster.link.map(|l| l.entry);
        }
        for &text in &cluster.texts {
            if self.aliases.insert(text)
                && self
                    .name
                    .is_none_or(|name| name_order(symbols.get(text), symbols.get(name)).is_lt())
            {
                self.name = Some(text);
            }
        }
        let ty = type_index(cluster.ty);
        self.types[ty as usize] += u64::from(cluster.members);
        self.typed |= 1 << ty;
        if self
            .earliest
            .as_ref()
            .is_none_or(|e| cluster.earliest.is_before(e))
        {
            self.earliest = Some(cluster.earliest.clone());
        }
        self.mention_count += i64::from(cluster.members);
        if let Some(link) = cluster.link {
            self.link_score = Some(self.link_score.map_or(link.score, |s| s.max(link.score)));
        }
        let kept = self.evidence.len();
        if kept < MAX_EVIDENCE {
            // Grown by doubling but never past MAX_EVIDENCE.
            if kept == self.evidence.capacity() {
                self.evidence
                    .reserve_exact(kept.clamp(2, MAX_EVIDENCE - kept));
            }
            self.evidence.push(line);
        }
    }
}

impl EntityFacts {
    /// The type most of its mentions have, ties in the order of
    /// [`EntityType::ALL`] (person when it has no cluster).
    fn main_type(&self) -> EntityType {
        let mut best: Option<(EntityType, u64)> = None;
        for (at, &ty) in EntityType::ALL.iter().enumerate() {
            let n = self.types[at];
            if self.typed & (1 << at) != 0 && best.is_none_or(|(_, most)| n > most) {
                best = Some((ty, n));
            }
        }
        best.map_or(EntityType::Person, |(ty, _)| ty)
    }
}

/// The cells of a linked entity's row that come from the knowledge base.
#[derive(Debug)]
struct Linked {
    kb_id: String,
    country: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: Option<String>,
    wikidata_id: Option<String>,
}

/// What an entity's row takes beside its [`EntityFacts`]: its id, name,
/// type, link and (for a nationality group) the line relating it to its
/// country.
#[derive(Debug)]
struct Draft {
    entity_id: String,
    name: String,
    ty: EntityType,
    linked: Option<Linked>,
    demonym: Option<String>,
}

impl Draft {
    /// The entity's row.
    fn row(self, entity: &EntityFacts, symbols: &Symbols, article_ids: &[Box<str>]) -> EntityRow {
        let aliases: BTreeSet<&str> = entity.aliases.iter().map(|&t| symbols.get(t)).collect();
        let mut evidence: Vec<String> = entity
            .evidence
            .iter()
            .map(|line| line.text(symbols, article_ids))
            .collect();
        // Only the first MAX_EVIDENCE lines were kept; the rest are counted.
        if entity.clusters > MAX_EVIDENCE {
            let more = entity.clusters - MAX_EVIDENCE;
            evidence.push(format!("… and {more} more article clusters"));
        }
        if let Some(line) = self.demonym {
            evidence.insert(0, line);
        }
        let (kb_id, country, lat, lon, geo_precision, wikidata_id) = match self.linked {
            Some(l) => (
                Some(l.kb_id),
                l.country,
                l.lat,
                l.lon,
                l.geo_precision,
                l.wikidata_id,
            ),
            None => (None, None, None, None, None, None),
        };
        EntityRow {
            entity_id: self.entity_id,
            name: self.name,
            entity_type: self.ty.label().to_owned(),
            aliases: aliases.into_iter().map(str::to_owned).collect(),
            kb_id,
            country,
            lat,
            lon,
            mention_count: entity.mention_count,
            article_count: entity.articles,
            link_score: entity.link_score,
            geo_precision,
            merge_evidence: evidence,
            wikidata_id,
        }
    }
}

/// The `entities` rows of a clustering, made one at a time in `entity_id`
/// order (ties in the order the entities formed), so that a caller can
/// write them as they come instead of holding every row: what waits is
/// each entity's gathered facts (symbols, the first evidence lines) and
/// its id and name.
#[derive(Debug, Default)]
pub struct EntityRows {
    symbols: Symbols,
    /// Article ids by index (the evidence lines name them).
    article_ids: Vec<Box<str>>,
    drafts: Vec<Option<Draft>>,
    facts: Vec<EntityFacts>,
    /// Entities (by formation index) in row order, those still to come.
    order: std::vec::IntoIter<u32>,
    linked: usize,
}

impl EntityRows {
    /// How many of all the rows (made or to come) are linked to the
    /// knowledge base.
    #[must_use]
    pub fn linked(&self) -> usize {
        self.linked
    }
}

impl Iterator for EntityRows {
    type Item = EntityRow;

    fn next(&mut self) -> Option<EntityRow> {
        let e = self.order.next()? as usize;
        let draft = self.drafts[e].take().expect("each entity once");
        let entity = std::mem::take(&mut self.facts[e]);
        Some(draft.row(&entity, &self.symbols, &self.article_ids))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl ExactSizeIterator for EntityRows {}

/// An entity's link, name, type and the key its id is made from.
struct Named<'kb> {
    entry: Option<&'kb KbEntry>,
    name: String,
    ty: EntityType,
    key: Vec<String>,
}

/// Plans one entity row per entity of `clustering` (`entries` are the
/// linked knowledge-base entries its links point to, `article_ids` the
/// articles its evidence names by index): the rows, to be made
/// in `entity_id` order ([`EntityRows`]), the index of each cluster's row
/// (clusters by index) and the sorted entity ids.
pub(crate) fn plan_entities(
    kb: &KnowledgeBase,
    entries: &[&KbEntry],
    symbols: Symbols,
    article_ids: Vec<Box<str>>,
    clustering: Clustering,
) -> (EntityRows, Vec<u32>, Vec<String>) {
    let Clustering {
        entities: facts,
        mut entity_of,
        ..
    } = clustering;
    // Name and type of every entity first, to find unlinked ones sharing a key.
    let mut named: Vec<Named<'_>> = Vec::with_capacity(facts.len());
    for entity in &facts {
        let entry = entity.entry.map(|e| entries[e as usize]);
        let (name, ty, key) = if let Some(entry) = entry {
            (
                entry.name.clone(),
                entry.entity_type,
                vec![entry.kb_id.clone()],
            )
        } else {
            let name = entity
                .name
                .map_or_else(String::new, |n| symbols.get(n).to_owned());
            let ty = entity.main_type();
            let key = vec![ty.label().to_owned(), fold(&name)];
            (name, ty, key)
        };
        named.push(Named {
            entry,
            name,
            ty,
            key,
        });
    }
    let mut key_uses: BTreeMap<&[String], usize> = BTreeMap::new();
    for draft in &named {
        *key_uses.entry(draft.key.as_slice()).or_default() += 1;
    }
    let ids: Vec<String> = named
        .iter()
        .zip(&facts)
        .map(|(draft, entity)| {
            let mut parts: Vec<&str> = draft.key.iter().map(String::as_str).collect();
            let earliest;
            if draft.entry.is_none() && key_uses[draft.key.as_slice()] > 1 {
                earliest = entity
                    .earliest
                    .as_ref()
                    .map(MentionId::text)
                    .unwrap_or_default();
                parts.push(&earliest);
            }
            stable_id("ent", &parts)
        })
        .collect();
    drop(key_uses);
    let demonyms = demonym_lines(kb, &named, &ids);
    let linked = named.iter().filter(|d| d.entry.is_some()).count();
    let drafts: Vec<Option<Draft>> = named
        .into_iter()
        .zip(ids)
        .zip(demonyms)
        .map(|((draft, entity_id), demonym)| {
            let linked = draft.entry.map(|e| Linked {
                kb_id: e.kb_id.clone(),
                country: e.country.clone(),
                lat: e.lat,
                lon: e.lon,
                geo_precision: kb.feature(&e.kb_id).map(|f| f.geo_precision().to_owned()),
                wikidata_id: kb.wikidata(&e.kb_id).map(str::to_owned),
            });
            Some(Draft {
                entity_id,
                name: draft.name,
                ty: draft.ty,
                linked,
                demonym,
            })
        })
        .collect();
    // Sorted by id (a stable sort: equal ids keep the order entities formed).
    let (order, position) = sitrep_core::ids::sorted_ranks(&drafts, |a, b| {
        entity_id(a.as_ref()).cmp(&entity_id(b.as_ref()))
    });
    for entity in &mut entity_of {
        *entity = position[*entity as usize];
    }
    let entity_ids = order
        .iter()
        .map(|&e| {
            entity_id(drafts[e as usize].as_ref())
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let rows = EntityRows {
        symbols,
        article_ids,
        drafts,
        facts,
        order: order.into_iter(),
        linked,
    };
    (rows, entity_of, entity_ids)
}

/// The id of a draft not yet made into a row.
fn entity_id(draft: Option<&Draft>) -> Option<&str> {
    draft.map(|d| d.entity_id.as_str())
}

/// A nationality group (`Iranian`) is related to its country, not merged
/// with it: the group's evidence names the country's entity when the corpus
/// mentions the country (`demonym of Iran (ent_…)`). Per entity (in the
/// order formed, as `named` and their `ids`), that line.
fn demonym_lines(kb: &KnowledgeBase, named: &[Named<'_>], ids: &[String]) -> Vec<Option<String>> {
    let by_kb_id: BTreeMap<&str, (&str, &str)> = named
        .iter()
        .zip(ids)
        .filter_map(|(draft, id)| {
            let entry = draft.entry?;
            Some((entry.kb_id.as_str(), (id.as_str(), draft.name.as_str())))
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
    named
        .iter()
        .map(|draft| {
            if draft.ty != EntityType::Norp {
                return None;
            }
            let code = draft.entry?.country.as_deref()?;
            let (id, name) = country_entry.get(code).and_then(|k| by_kb_id.get(k))?;
            Some(format!("demonym of {name} ({id})"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical_name<'a>(texts: impl IntoIterator<Item = &'a str>) -> &'a str {
        texts
            .into_iter()
            .min_by(|a, b| name_order(a, b))
            .unwrap_or_default()
    }

    #[test]
    fn evidence_lines_name_the_article_rule_score_and_reasons() {
        let mut symbols = Symbols::default();
        let none = symbols.intern("");
        let display = symbols.intern("Kennedy");
        let cluster = |within: Sym, link: Option<Link>| ClusterFacts {
            index: 0,
            ty: EntityType::Person,
            members: 1,
            texts: Box::new([display]),
            earliest: MentionId::new("men_0000000000000001"),
            link,
            within,
        };
        let ids: Vec<Box<str>> = vec!["art_a".into(), "art_b".into()];
        let formed = Evidence::new(&cluster(none, None), 0, display, None);
        assert_eq!(
            formed.text(&symbols, &ids),
            "art_a: \"Kennedy\" formed the entity"
        );
        let link = Link {
            entry: 0,
            score: 0.9,
            reason: symbols.intern("alias match"),
        };
        let within = symbols.intern("same surname");
        let joined = Evidence::new(
            &cluster(within, Some(link)),
            1,
            display,
            Some((Rule::SameOneWordName, 0.804)),
        );
        assert_eq!(
            joined.text(&symbols, &ids),
            "art_b: \"Kennedy\" joined by same one-word name, score 0.80; \
             in the article: same surname; alias match"
        );
    }

    #[test]
    fn canonical_is_longest_then_alphabetical() {
        assert_eq!(canonical_name(["Sudani", "al-Sudani"]), "al-Sudani");
        assert_eq!(canonical_name(["Abcd", "Abce", "Ab"]), "Abcd");
        assert_eq!(canonical_name([]), "");
    }
}
