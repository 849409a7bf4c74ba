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

use crate::names::{
    GENERIC_ORG_HEADS, acronym, fold, initials, is_exact_word, person_tokens, similarity, skeleton,
};
use crate::symbols::{Sym, Symbols};

/// Default score a record needs to join an entity.
pub const DEFAULT_THRESHOLD: f64 = 0.75;

/// Most entities scored per blocking key.
pub const MAX_BLOCK: usize = 64;

/// Most co-mentioned identities kept per record, and per entity (×8).
pub const MAX_CONTEXT: usize = 24;

/// A score needs this margin over the runner-up to be a match.
const MARGIN: f64 = 0.1;

/// The rule of records linked to the same knowledge-base entry: they always
/// join, whatever the threshold.
const SAME_ID: &str = "same knowledge-base id";

/// The rule of an override `merge`: always joins.
const FORCED: &str = "override: merge";

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
/// compactly: strings are [`Sym`]s of the step's [`Symbols`], and the
/// context is shared by the records of one article.
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
    /// Countries of its article (or of the corpus when the article names none).
    pub(crate) countries: Arc<BTreeSet<String>>,
    /// The identities of the entities its article names, sorted, each once,
    /// at most [`MAX_CONTEXT`] + 1 (shared by the article's records): its
    /// context is these but its own, at most [`MAX_CONTEXT`].
    pub(crate) article_context: Arc<[u64]>,
    /// Its identity ([`Record::identity`]).
    identity: Option<u64>,
    /// Article id, for the evidence text (shared by the article's records).
    pub(crate) article_id: Arc<str>,
    /// Its longest name as written, for the evidence text.
    pub(crate) display: Sym,
    /// An override keeps it out of every other entity.
    pub(crate) split: bool,
    /// An override joins it to the entity with this folded name.
    pub(crate) forced: Option<Sym>,
}

impl Record {
    /// Builds a record from the cluster's mention texts.
    pub(crate) fn new(
        ty: EntityType,
        texts: &[&str],
        kb_id: Option<&str>,
        countries: Arc<BTreeSet<String>>,
        article_id: Arc<str>,
        symbols: &mut Symbols,
    ) -> Self {
        let group = Group::of(ty);
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
            article_id,
            display: symbols.intern(display),
            split: false,
            forced: None,
        }
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

/// Compares token lists as the lists of their strings.
fn cmp_tokens(a: &[Sym], b: &[Sym], symbols: &Symbols) -> std::cmp::Ordering {
    a.iter()
        .map(|&s| symbols.get(s))
        .cmp(b.iter().map(|&s| symbols.get(s)))
}

/// A corpus entity being formed: the union of its records' features.
#[derive(Debug, Default)]
struct Profile {
    group: Option<Group>,
    kb_id: Option<Sym>,
    names: HashSet<Sym>,
    full_names: Vec<Box<[Sym]>>,
    initials: BTreeSet<String>,
    countries: BTreeSet<String>,
    context: HashSet<u64>,
    records: Vec<u32>,
}

impl Profile {
    fn absorb(&mut self, index: usize, record: &Record, context: &[u64], symbols: &Symbols) {
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
        if !record.countries.is_subset(&self.countries) {
            self.countries.extend(record.countries.iter().cloned());
        }
        for &c in context {
            if self.context.len() >= MAX_CONTEXT * 8 {
                break;
            }
            self.context.insert(c);
        }
        self.records
            .push(u32::try_from(index).expect("fewer than 2^32 records"));
    }

    /// Score of `record` (with its `context`) against this entity and the
    /// rule that gave it.
    fn score(
        &self,
        record: &Record,
        context: &[u64],
        symbols: &Symbols,
    ) -> Option<(f64, &'static str)> {
        if self.group != Some(record.group) {
            return None;
        }
        match (self.kb_id, record.kb_id) {
            (Some(a), Some(b)) if a == b => return Some((1.0, SAME_ID)),
            (Some(_), Some(_)) => return None,
            _ => {}
        }
        if record
            .forced
            .is_some_and(|target| self.names.contains(&target))
        {
            return Some((1.0, FORCED));
        }
        let (name, rule) = self.name_score(record, symbols)?;
        let shared = context.iter().filter(|c| self.context.contains(c)).count();
        let smaller = context.len().min(self.context.len());
        let context = if smaller == 0 {
            0.0
        } else {
            shared as f64 / smaller as f64
        };
        let countries = if record.countries.is_empty() || self.countries.is_empty() {
            0.0
        } else if record.countries.is_disjoint(&self.countries) {
            -0.2
        } else {
            0.1
        };
        let score = (name + 0.3 * context + countries).clamp(0.0, 1.0);
        Some(((score * 1000.0).round() / 1000.0, rule))
    }

    fn name_score(&self, record: &Record, symbols: &Symbols) -> Option<(f64, &'static str)> {
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
                (1.0, "same name")
            } else if record.group == Group::Organisation && GENERIC_ORG_HEADS.contains(&shared) {
                // `the Court` of one article is rarely that of another.
                (0.3, "same generic one-word name")
            } else {
                (0.7, "same one-word name")
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
            return Some((0.6, "surname of a full name"));
        }
        // An acronym joins a name it spells; not the other way round, which
        // would let `Edinburgh University` join the entity of `EU`.
        if record.group == Group::Organisation
            && acronym(symbols.get(record.display))
                .is_some_and(|letters| self.initials.contains(&letters))
        {
            return Some((0.7, "acronym of the name"));
        }
        None
    }

    /// A full name of several words with the entity's skeleton and every
    /// word pair at least 0.8 similar (`Qassem Soleimani` = `Qasem Suleimani`).
    fn transliteration(&self, record: &Record, symbols: &Symbols) -> Option<(f64, &'static str)> {
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
        close.then_some((0.9, "transliteration variant"))
    }
}

/// The result: entities as lists of record indices, with the evidence of
/// each join, and the number of record–entity pairs scored.
#[derive(Debug, Default)]
pub(crate) struct Clustering {
    /// Record indices of each entity, in the order entities were formed.
    pub(crate) entities: Vec<Vec<u32>>,
    /// For each entity, why its records joined (one line per join, the
    /// first [`crate::merge::MAX_EVIDENCE`] only).
    pub(crate) evidence: Vec<Vec<String>>,
    /// Record–entity pairs scored (the blocking's cost).
    pub(crate) pairs_scored: u64,
}

/// Clusters `records` (strings in `symbols`) into entities (see the module docs).
pub(crate) fn cluster(records: &[Record], symbols: &Symbols, threshold: f64) -> Clustering {
    let mut order: Vec<u32> =
        (0..u32::try_from(records.len()).expect("fewer than 2^32 records")).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&records[a as usize], &records[b as usize]);
        rb.kb_id
            .is_some()
            .cmp(&ra.kb_id.is_some())
            .then_with(|| rb.longest().len().cmp(&ra.longest().len()))
            .then_with(|| cmp_tokens(ra.longest(), rb.longest(), symbols))
            .then_with(|| ra.article_id.cmp(&rb.article_id))
            .then_with(|| a.cmp(&b))
    });
    let mut profiles: Vec<Profile> = Vec::new();
    let mut evidence: Vec<Vec<String>> = Vec::new();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    let mut pairs_scored = 0_u64;
    for r in order {
        let r = r as usize;
        let record = &records[r];
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
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(f64, usize, &'static str)> = Vec::new();
        for &e in &candidates {
            pairs_scored += 1;
            if let Some((score, rule)) = profiles[e].score(record, &context, symbols) {
                scored.push((score, e, rule));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let joined = match scored.as_slice() {
            [(best, e, rule), rest @ ..]
                if *rule == SAME_ID
                    || *rule == FORCED
                    || (*best >= threshold
                        && rest
                            .first()
                            .is_none_or(|(second, ..)| best - second >= MARGIN)) =>
            {
                // Only the lines an entity row shows are kept (the rest are counted there).
                if evidence[*e].len() < crate::merge::MAX_EVIDENCE {
                    evidence[*e].push(format!(
                        "{}: \"{}\" joined by {rule}, score {best:.2}",
                        record.article_id,
                        symbols.get(record.display)
                    ));
                }
                *e
            }
            _ => {
                profiles.push(Profile::default());
                evidence.push(vec![format!(
                    "{}: \"{}\" formed the entity",
                    record.article_id,
                    symbols.get(record.display)
                )]);
                profiles.len() - 1
            }
        };
        profiles[joined].absorb(r, record, &context, symbols);
        for key in keys {
            let list = index.entry(key).or_default();
            if list.len() < MAX_BLOCK && !list.contains(&joined) {
                list.push(joined);
            }
        }
    }
    Clustering {
        entities: profiles.into_iter().map(|p| p.records).collect(),
        evidence,
        pairs_scored,
    }
}
