//! Step 3: cluster the within-article clusters of all articles into corpus
//! entities, with blocking and a scored match.
//!
//! **Records.** Each within-article cluster is a record: its type group
//! (person, organisation, place, group), its folded names, the skeleton of
//! its longest name, its knowledge-base link if any, the countries its
//! article is about and the identities of the other entities its article
//! names (knowledge-base ids, or type and folded name of names of several
//! words), at most [`MAX_CONTEXT`].
//!
//! **Blocking.** Records are never compared all pairs. Each entity formed so
//! far is indexed under a few keys: its knowledge-base id, each folded name,
//! the transliteration skeleton of each name of several words, the
//! surnames of its people and the initials of its organisations. A record is
//! scored only against the entities that share one of its keys, at most
//! [`MAX_BLOCK`] per key (the first ones formed); so the work grows with
//! the number of records, not with its square.
//!
//! **Order.** Records are processed linked first, then longest names first
//! (full names before surnames, so `Sudani` finds `Mohammed Shia
//! al-Sudani`), then by folded name and article, which makes the result
//! independent of input order.
//!
//! **Score** of a record against an entity (0 to 1, clamped):
//!
//! - never merged: different type groups, or both linked to different ids;
//! - same knowledge-base id: 1.0, and such records always join (the link
//!   already passed its own threshold);
//! - name: a shared folded name of several words 1.0, of one word 0.7
//!   (0.3 for an organisation's generic head noun: `Court`, `Party`);
//!   the same transliteration skeleton with every word pair at least 0.8
//!   similar (Jaro-Winkler) 0.9 (`Qassem Soleimani` = `Qasem Suleimani`),
//!   regnal numbers, numbers and initials spelt the same (`Shah Abbas I` ≠
//!   `Shah Abbas II`);
//!   a one-word person name that is the surname of one of the entity's
//!   full names 0.6; an acronym spelling an organisation's initials 0.7;
//!   otherwise no match. A person's full name that differs from all the
//!   entity's full names matches only as a transliteration variant, even
//!   if both share a surname (`Andy Robinson` ≠ `Jason Robinson`);
//! - context: plus 0.3 × the share of co-mentioned entities in common (over
//!   the smaller side); plus 0.1 when the countries overlap, minus 0.2 when
//!   both sides name countries and none is shared.
//!
//! A record joins the best-scoring entity when the score reaches the
//! threshold ([`DEFAULT_THRESHOLD`], `--resolve-threshold`) and no other
//! candidate comes within 0.1 of it (an ambiguous surname stays apart);
//! otherwise it starts a new entity. So a lone `Kennedy` in two British
//! articles merges (0.7 + 0.1), while `Hafez al-Assad` and `Bashar
//! al-Assad` never meet, `Hezbollah Brigades` is never `Hezbollah` (different
//! names, no shared key), and a city is never its country's government
//! (different type groups). Each join is written to the entity's evidence.
//!
//! Overrides ([`crate::overrides`]) come last: a `split` record neither
//! looks for nor offers a match; a `merge` record always joins an entity
//! holding its target name.
//!
//! Known misses: article dates are not used; an entity's context is that of
//! its first records (bounded); names spelled differently with no shared
//! skeleton (`Abu Kamal` / `Bukamal`) need a knowledge-base alias.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use sitrep_core::EntityType;

use crate::merge::{ClusterFacts, EntityFacts, Evidence};
use crate::names::{
    GENERIC_ORG_HEADS, acronym, fold, initials, is_exact_word, person_tokens, similarity, skeleton,
};
use crate::spill::{Put, Take};
use crate::symbols::{Sym, Symbols};

/// Default score a record needs to join an entity.
pub const DEFAULT_THRESHOLD: f64 = 0.75;

/// Most entities scored per blocking key.
pub const MAX_BLOCK: usize = 64;

/// Most co-mentioned identities kept per record, and per entity (×8).
pub const MAX_CONTEXT: usize = 24;

/// A score needs this margin over the runner-up to be a match.
const MARGIN: f64 = 0.1;

/// Why a record joined an entity (its evidence line names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Linked to the same knowledge-base entry: always joins, whatever the
    /// threshold.
    SameId,
    /// An override `merge`: always joins.
    Forced,
    /// A shared folded name of several words.
    SameName,
    /// A shared organisation head noun (`Court`).
    SameGenericName,
    /// A shared one-word name.
    SameOneWordName,
    /// A transliteration variant of a full name.
    Transliteration,
    /// A one-word name that is the surname of a full name.
    Surname,
    /// An acronym of the organisation's name.
    Acronym,
}

impl Rule {
    /// How the evidence line names it.
    pub(crate) fn text(self) -> &'static str {
        match self {
            Self::SameId => "same knowledge-base id",
            Self::Forced => "override: merge",
            Self::SameName => "same name",
            Self::SameGenericName => "same generic one-word name",
            Self::SameOneWordName => "same one-word name",
            Self::Transliteration => "transliteration variant",
            Self::Surname => "surname of a full name",
            Self::Acronym => "acronym of the name",
        }
    }
}

/// Coarse type groups: records merge only within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Group {
    Person,
    Organisation,
    Place,
    Norp,
}

impl Group {
    pub(crate) fn of(ty: EntityType) -> Self {
        match ty {
            EntityType::Person => Self::Person,
            EntityType::Organisation => Self::Organisation,
            EntityType::Norp => Self::Norp,
            EntityType::Gpe | EntityType::Location | EntityType::Facility => Self::Place,
        }
    }
}

/// What cross-article clustering knows of one within-article cluster,
/// compactly: strings are [`Sym`]s of the step's [`Symbols`], the article
/// and its countries are indices into [`Lookup`], and the context is shared
/// by the records of one article. It carries what the entity row needs of
/// its cluster ([`ClusterFacts`]) and its place in the clustering order.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// Type group.
    pub(crate) group: Group,
    /// Knowledge-base id of its link.
    pub(crate) kb_id: Option<Sym>,
    /// Folded names of its mentions (people: title- and article-free
    /// tokens), sorted as strings, each once; then the tokens of its
    /// longest name, folded.
    syms: Box<[Sym]>,
    /// How many of `syms` are names.
    names_len: u16,
    /// Countries of its article (or of the corpus when the article names
    /// none): an index into [`Lookup::country_sets`].
    pub(crate) countries: u32,
    /// The identities of the entities its article names, sorted, each once,
    /// at most [`MAX_CONTEXT`] + 1 (shared by the article's records): its
    /// context is these but its own, at most [`MAX_CONTEXT`].
    pub(crate) article_context: Arc<[u64]>,
    /// Its identity ([`Record::identity`]).
    identity: Option<u64>,
    /// Its article, an index into the step's article ids.
    pub(crate) article: u32,
    /// Its longest name as written, for the evidence text.
    pub(crate) display: Sym,
    /// An override keeps it out of every other entity.
    pub(crate) split: bool,
    /// An override joins it to the entity with this folded name.
    pub(crate) forced: Option<Sym>,
    /// Its within-article cluster, for the entity row.
    pub(crate) cluster: ClusterFacts,
    /// Its clustering order as bytes ([`Record::set_order`]).
    pub(crate) order: Box<[u8]>,
}

/// What the records refer to by index.
#[derive(Debug)]
pub(crate) struct Lookup<'a> {
    /// The step's strings.
    pub(crate) symbols: &'a Symbols,
    /// Country sets of articles (or of the corpus).
    pub(crate) country_sets: &'a [Arc<BTreeSet<String>>],
}

impl Record {
    /// Builds a record from the cluster's mention texts (in order of first
    /// mention), its link's knowledge-base id, its article's countries and
    /// its article (the context, overrides and order are set later).
    pub(crate) fn new(
        cluster: ClusterFacts,
        texts: &[&str],
        kb_id: Option<&str>,
        countries: u32,
        article: u32,
        symbols: &mut Symbols,
    ) -> Self {
        let group = Group::of(cluster.ty);
        let tokens = |text: &str| -> Vec<String> {
            if group == Group::Person {
                person_tokens(text)
            } else {
                fold(text).split(' ').map(str::to_owned).collect()
            }
        };
        let mut names = Vec::new();
        let mut longest: Vec<String> = Vec::new();
        let mut display = "";
        for text in texts {
            let t = tokens(text);
            if t.is_empty() || t.iter().all(String::is_empty) {
                continue;
            }
            let key = t.join(" ");
            let longer = (t.len(), key.len()) > (longest.len(), longest.join(" ").len());
            let tie =
                (t.len(), key.len()) == (longest.len(), longest.join(" ").len()) && *text < display;
            if longer || tie {
                longest.clone_from(&t);
                display = text;
            }
            names.push(key);
        }
        names.sort_unstable();
        names.dedup();
        let identity = identity_of(group, kb_id, &longest);
        let names_len = u16::try_from(names.len()).unwrap_or(u16::MAX);
        let syms: Box<[Sym]> = names
            .iter()
            .take(names_len as usize)
            .chain(&longest)
            .map(|s| symbols.intern(s))
            .collect();
        Self {
            group,
            kb_id: kb_id.map(|id| symbols.intern(id)),
            syms,
            names_len,
            countries,
            article_context: Arc::from(Vec::new()),
            identity,
            article,
            display: symbols.intern(display),
            split: false,
            forced: None,
            cluster,
            order: Box::default(),
        }
    }

    /// Sets its place in the clustering order (see the module docs): linked
    /// first, then longest names first, then by the longest name's tokens
    /// as strings, its `article_id`, and its cluster's index (the order
    /// clusters were added). Bytes compare in that order: each string is
    /// written with `0x00` escaped as `0x00 0xFF` and ended by `0x00 0x00`.
    pub(crate) fn set_order(&mut self, article_id: &str, symbols: &Symbols) {
        fn put_str(out: &mut Vec<u8>, text: &str) {
            for &b in text.as_bytes() {
                out.push(b);
                if b == 0 {
                    out.push(0xFF);
                }
            }
            out.extend_from_slice(&[0, 0]);
        }
        let mut out = Vec::with_capacity(48);
        out.push(u8::from(self.kb_id.is_none()));
        let longest = self.longest();
        let len = u32::try_from(longest.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&(u32::MAX - len).to_be_bytes());
        for &token in longest {
            put_str(&mut out, symbols.get(token));
        }
        put_str(&mut out, article_id);
        out.extend_from_slice(&self.cluster.index.to_be_bytes());
        self.order = out.into();
    }

    /// Writes the record for [`Record::decode`].
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let opt = |out: &mut Vec<u8>, sym: Option<Sym>| match sym {
            Some(sym) => {
                out.put_u8(1);
                out.put_u32(sym);
            }
            None => out.put_u8(0),
        };
        out.put_u8(self.group as u8);
        opt(out, self.kb_id);
        out.put_u32(u32::from(self.names_len));
        out.put_u32(self.syms.len() as u32);
        for &sym in &self.syms {
            out.put_u32(sym);
        }
        out.put_u32(self.countries);
        out.put_u32(self.article_context.len() as u32);
        for &id in self.article_context.iter() {
            out.put_u64(id);
        }
        match self.identity {
            Some(id) => {
                out.put_u8(1);
                out.put_u64(id);
            }
            None => out.put_u8(0),
        }
        out.put_u32(self.article);
        out.put_u32(self.display);
        out.put_u8(u8::from(self.split));
        opt(out, self.forced);
        self.cluster.encode(out);
        out.put_bytes(&self.order);
    }

    /// Reads a record [`Record::encode`] wrote.
    pub(crate) fn decode(take: &mut Take<'_>) -> Self {
        let opt = |take: &mut Take<'_>| (take.u8() == 1).then(|| take.u32());
        let group = [
            Group::Person,
            Group::Organisation,
            Group::Place,
            Group::Norp,
        ][take.u8() as usize];
        let kb_id = opt(take);
        let names_len = take.u32() as u16;
        let n = take.u32() as usize;
        let syms = (0..n).map(|_| take.u32()).collect();
        let countries = take.u32();
        let n = take.u32() as usize;
        let article_context = (0..n).map(|_| take.u64()).collect();
        let identity = (take.u8() == 1).then(|| take.u64());
        let article = take.u32();
        let display = take.u32();
        let split = take.u8() == 1;
        let forced = opt(take);
        let cluster = ClusterFacts::decode(take);
        let order = take.bytes().into();
        Self {
            group,
            kb_id,
            syms,
            names_len,
            countries,
            article_context,
            identity,
            article,
            display,
            split,
            forced,
            cluster,
            order,
        }
    }

    /// Its evidence line in the entity it joins by `joined` (rule and
    /// score), or forms (`None`).
    fn evidence(&self, joined: Option<(Rule, f64)>) -> Evidence {
        Evidence::new(&self.cluster, self.article, self.display, joined)
    }

    /// Folded names, sorted as strings.
    pub(crate) fn names(&self) -> &[Sym] {
        &self.syms[..self.names_len as usize]
    }

    /// Tokens of the longest name.
    pub(crate) fn longest(&self) -> &[Sym] {
        &self.syms[self.names_len as usize..]
    }

    /// The identity other records of the article see in their context:
    /// the knowledge-base id, else the type group and longest name when it
    /// has several words (one-word names say too little).
    pub(crate) fn identity(&self) -> Option<u64> {
        self.identity
    }

    /// Hashed identities of the other entities of its article, sorted, at
    /// most [`MAX_CONTEXT`].
    pub(crate) fn context(&self) -> Vec<u64> {
        self.article_context
            .iter()
            .copied()
            .filter(|&id| Some(id) != self.identity)
            .take(MAX_CONTEXT)
            .collect()
    }

    /// Blocking keys the record is looked up (and indexed) by.
    fn keys(&self, symbols: &Symbols) -> Vec<String> {
        let g = self.group as u8;
        let mut keys = Vec::new();
        if let Some(id) = self.kb_id {
            keys.push(format!("kb|{}", symbols.get(id)));
        }
        for &name in self.names().iter().chain(&self.forced) {
            keys.push(format!("n|{g}|{}", symbols.get(name)));
        }
        let longest = self.longest();
        if longest.len() >= 2 {
            keys.push(format!("k|{g}|{}", skeleton(&joined(longest, symbols))));
        }
        if self.group == Group::Person
            && let Some(&last) = longest.last()
        {
            keys.push(format!("s|{}", symbols.get(last)));
        }
        if self.group == Group::Organisation {
            let display = symbols.get(self.display);
            if let Some(letters) = acronym(display) {
                keys.push(format!("i|{letters}"));
            }
            for letters in initials(display) {
                keys.push(format!("i|{letters}"));
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The identity of a record (see [`Record::identity`]), hashed as the
/// strings themselves.
fn identity_of(group: Group, kb_id: Option<&str>, longest: &[String]) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    if let Some(id) = kb_id {
        id.hash(&mut hasher);
    } else if longest.len() >= 2 {
        (group, longest).hash(&mut hasher);
    } else {
        return None;
    }
    Some(hasher.finish())
}

/// Tokens joined by single spaces.
fn joined(tokens: &[Sym], symbols: &Symbols) -> String {
    let mut out = String::new();
    for (i, &token) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(symbols.get(token));
    }
    out
}

/// A corpus entity being formed: the union of its records' features.
#[derive(Debug, Default)]
struct Profile {
    group: Option<Group>,
    kb_id: Option<Sym>,
    names: HashSet<Sym>,
    full_names: Vec<Box<[Sym]>>,
    initials: BTreeSet<String>,
    /// The union of its records' country sets: shared with the first
    /// record's set until another adds a country.
    countries: Arc<BTreeSet<String>>,
    /// Context identities, sorted, at most [`MAX_CONTEXT`] × 8 (the first
    /// ones absorbed).
    context: Vec<u64>,
}

impl Profile {
    fn absorb(&mut self, record: &Record, context: &[u64], lookup: &Lookup<'_>) {
        let symbols = lookup.symbols;
        self.group = Some(record.group);
        if self.kb_id.is_none() {
            self.kb_id = record.kb_id;
        }
        self.names.extend(record.names().iter().copied());
        let longest = record.longest();
        if longest.len() >= 2
            && self.full_names.len() < 8
            && !self.full_names.iter().any(|f| **f == *longest)
        {
            self.full_names.push(longest.into());
        }
        if record.group == Group::Organisation {
            self.initials.extend(initials(symbols.get(record.display)));
        }
        let countries = &lookup.country_sets[record.countries as usize];
        if self.countries.is_empty() {
            self.countries = Arc::clone(countries);
        } else if !countries.is_subset(&self.countries) {
            Arc::make_mut(&mut self.countries).extend(countries.iter().cloned());
        }
        for &c in context {
            if self.context.len() >= MAX_CONTEXT * 8 {
                break;
            }
            if let Err(at) = self.context.binary_search(&c) {
                self.context.insert(at, c);
            }
        }
    }

    /// Score of `record` (with its `context`) against this entity and the
    /// rule that gave it.
    fn score(&self, record: &Record, context: &[u64], lookup: &Lookup<'_>) -> Option<(f64, Rule)> {
        let symbols = lookup.symbols;
        if self.group != Some(record.group) {
            return None;
        }
        match (self.kb_id, record.kb_id) {
            (Some(a), Some(b)) if a == b => return Some((1.0, Rule::SameId)),
            (Some(_), Some(_)) => return None,
            _ => {}
        }
        if record
            .forced
            .is_some_and(|target| self.names.contains(&target))
        {
            return Some((1.0, Rule::Forced));
        }
        let (name, rule) = self.name_score(record, symbols)?;
        let shared = context
            .iter()
            .filter(|c| self.context.binary_search(c).is_ok())
            .count();
        let smaller = context.len().min(self.context.len());
        let context = if smaller == 0 {
            0.0
        } else {
            shared as f64 / smaller as f64
        };
        let countries = &lookup.country_sets[record.countries as usize];
        let countries = if countries.is_empty() || self.countries.is_empty() {
            0.0
        } else if countries.is_disjoint(&self.countries) {
            -0.2
        } else {
            0.1
        };
        let score = (name + 0.3 * context + countries).clamp(0.0, 1.0);
        Some(((score * 1000.0).round() / 1000.0, rule))
    }

    fn name_score(&self, record: &Record, symbols: &Symbols) -> Option<(f64, Rule)> {
        let longest = record.longest();
        // Different full names are different people (`Andy Robinson` is not
        // `Jason Robinson`, though both are `Robinson` in their articles).
        let full_name_clash = record.group == Group::Person
            && longest.len() >= 2
            && !self.full_names.is_empty()
            && !self.full_names.iter().any(|f| **f == *longest);
        if full_name_clash {
            return self.transliteration(record, symbols);
        }
        if let Some(shared) = record
            .names()
            .iter()
            .filter(|n| self.names.contains(*n))
            .map(|&n| symbols.get(n))
            .max_by_key(|n| n.len())
        {
            return Some(if shared.contains(' ') {
                (1.0, Rule::SameName)
            } else if record.group == Group::Organisation && GENERIC_ORG_HEADS.contains(&shared) {
                // `the Court` of one article is rarely that of another.
                (0.3, Rule::SameGenericName)
            } else {
                (0.7, Rule::SameOneWordName)
            });
        }
        if let Some(found) = self.transliteration(record, symbols) {
            return Some(found);
        }
        if record.group == Group::Person
            && longest.len() == 1
            && self
                .full_names
                .iter()
                .any(|full| full.last() == longest.last())
        {
            return Some((0.6, Rule::Surname));
        }
        // An acronym joins a name it spells; not the other way round, which
        // would let `Edinburgh University` join the entity of `EU`.
        if record.group == Group::Organisation
            && acronym(symbols.get(record.display))
                .is_some_and(|letters| self.initials.contains(&letters))
        {
            return Some((0.7, Rule::Acronym));
        }
        None
    }

    /// A full name of several words with the entity's skeleton and every
    /// word pair at least 0.8 similar (`Qassem Soleimani` = `Qasem Suleimani`).
    fn transliteration(&self, record: &Record, symbols: &Symbols) -> Option<(f64, Rule)> {
        let longest = record.longest();
        if longest.len() < 2 {
            return None;
        }
        let mine = skeleton(&joined(longest, symbols));
        let close = self.full_names.iter().any(|other| {
            other.len() == longest.len()
                && skeleton(&joined(other, symbols)) == mine
                && other.iter().zip(longest).all(|(&a, &b)| {
                    let (a, b) = (symbols.get(a), symbols.get(b));
                    a == b || (!is_exact_word(a) && !is_exact_word(b) && similarity(a, b) >= 0.8)
                })
        });
        close.then_some((0.9, Rule::Transliteration))
    }
}

/// The result: what each entity's row needs, the entity of each
/// within-article cluster, and the number of record–entity pairs scored.
#[derive(Debug, Default)]
pub(crate) struct Clustering {
    /// Each entity, in the order entities were formed.
    pub(crate) entities: Vec<EntityFacts>,
    /// Per within-article cluster (by its index), its entity's index in
    /// `entities`.
    pub(crate) entity_of: Vec<u32>,
    /// Record–entity pairs scored (the blocking's cost).
    pub(crate) pairs_scored: u64,
}

/// Clusters `records` (already in clustering order, [`Record::order`];
/// `clusters` of them, one per within-article cluster) into entities (see
/// the module docs).
pub(crate) fn cluster<E>(
    records: impl Iterator<Item = Result<Record, E>>,
    clusters: usize,
    lookup: &Lookup<'_>,
    threshold: f64,
) -> Result<Clustering, E> {
    let symbols = lookup.symbols;
    let mut profiles: Vec<Profile> = Vec::new();
    let mut entities: Vec<EntityFacts> = Vec::new();
    let mut entity_of = vec![u32::MAX; clusters];
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    let mut pairs_scored = 0_u64;
    for record in records {
        let record = record?;
        let context = record.context();
        let keys = if record.split {
            Vec::new()
        } else {
            record.keys(symbols)
        };
        let mut candidates: Vec<usize> = keys
            .iter()
            .filter_map(|k| index.get(k))
            .flatten()
            .map(|&e| e as usize)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(f64, usize, Rule)> = Vec::new();
        for &e in &candidates {
            pairs_scored += 1;
            if let Some((score, rule)) = profiles[e].score(&record, &context, lookup) {
                scored.push((score, e, rule));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let joined = match scored.as_slice() {
            [(best, e, rule), rest @ ..]
                if *rule == Rule::SameId
                    || *rule == Rule::Forced
                    || (*best >= threshold
                        && rest
                            .first()
                            .is_none_or(|(second, ..)| best - second >= MARGIN)) =>
            {
                let how = Some((*rule, *best));
                entities[*e].add(&record.cluster, record.evidence(how), symbols);
                *e
            }
            _ => {
                profiles.push(Profile::default());
                let mut entity = EntityFacts::default();
                entity.add(&record.cluster, record.evidence(None), symbols);
                entities.push(entity);
                profiles.len() - 1
            }
        };
        let joined_index = u32::try_from(joined).expect("fewer than 2^32 entities");
        entity_of[record.cluster.index as usize] = joined_index;
        profiles[joined].absorb(&record, &context, lookup);
        for key in keys {
            let list = index.entry(key).or_default();
            if list.len() < MAX_BLOCK && !list.contains(&joined_index) {
                list.push(joined_index);
            }
        }
    }
    Ok(Clustering {
        entities,
        entity_of,
        pairs_scored,
    })
}
