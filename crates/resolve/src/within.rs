//! Step 1: merge mentions within one article into clusters.
//!
//! An ordered list of `ArticleRule`s, each adding unions to a shared
//! `UnionFind` over the article's mentions (which arrive sorted by
//! `(start, end, entity_type)`). Rules see the clusters earlier rules built.
//!
//! 1. `SameName`: same type and same [`normalise_key`] (`the Pentagon` =
//!    `Pentagon`); for people only names of two or more tokens, with the
//!    Arabic article optional (`Shia al-Sudani` = `Shia Al Sudani`).
//! 2. `PersonSurname`: a person mention whose tokens are a proper suffix of
//!    a longer person mention's joins the *nearest preceding* such mention
//!    (else the nearest following one): `Sudani` → `Mohammed Shia al-Sudani`;
//!    with `Hafez al-Assad` and then `Bashar al-Assad` in the text, a later
//!    `Assad` joins Bashar. A first name alone never matches (`Bashar` is a
//!    prefix, not a suffix). One-token names with no longer name to join
//!    merge with each other (`al-Sudani` = `Sudani`).
//! 3. `OrgAcronym`: an all-capitals ORG mention (`PMF`) joins the nearest
//!    ORG mention whose initials spell it (`Popular Mobilization Forces`),
//!    with `of`/`the`/`and` and a possessive owner (`Iran's`) skipped.
//!    Organisation names are never merged by suffix: `Kataeb Hezbollah` stays
//!    apart from `Hezbollah`.
//!
//! Known misses: no coreference (`the militia`, `he`); a surname shared by
//! two people with no full name in between goes to the nearest one, which
//! can be wrong; acronyms whose letters don't follow the words
//! (`IRGC` for `Iran's Revolutionary Guard Corps`) need a knowledge-base alias
//! (step 2).

use std::collections::HashMap;

use sitrep_core::EntityType;
use sitrep_core::kb::normalise_key;
use sitrep_core::tables::MentionRow;

use crate::names::{acronym, initials, is_token_suffix, person_tokens};

/// Disjoint sets over mention indices; the root of a set is its smallest index,
/// so the result does not depend on the order unions are made in.
#[derive(Debug, Clone)]
pub(crate) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(crate) fn new(len: usize) -> Self {
        Self {
            parent: (0..len).collect(),
        }
    }

    pub(crate) fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[high] = low;
        }
    }
}

/// One article's mentions, as a contiguous slice of the sorted mention rows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Article<'a> {
    /// Index of the first mention in the global arrays.
    pub(crate) offset: usize,
    /// The article's mention rows, sorted by `(start, end, entity_type)`.
    pub(crate) rows: &'a [MentionRow],
    /// Parsed types, parallel to `rows` (`None` for an unknown label).
    pub(crate) types: &'a [Option<EntityType>],
}

impl Article<'_> {
    /// Global indices of the article's mentions of type `ty`, in text order.
    fn of_type(&self, ty: EntityType) -> impl Iterator<Item = usize> + '_ {
        (0..self.rows.len()).filter(move |&i| self.types[i] == Some(ty))
    }
}

/// A within-article merge rule (step 1).
pub(crate) trait ArticleRule {
    /// Adds unions (article-local indices plus `article.offset`) to `sets`.
    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind);
}

/// The rules of step 1, in the order they run.
pub(crate) fn default_rules() -> Vec<Box<dyn ArticleRule + Send + Sync>> {
    vec![
        Box::new(SameName),
        Box::new(PersonSurname),
        Box::new(OrgAcronym),
    ]
}

/// Same type and same normalised name (person names: article optional).
pub(crate) struct SameName;

impl ArticleRule for SameName {
    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let mut first: HashMap<(EntityType, String), usize> = HashMap::new();
        for (i, row) in article.rows.iter().enumerate() {
            let Some(ty) = article.types[i] else { continue };
            let key = if ty == EntityType::Person {
                let tokens = person_tokens(&row.text);
                // A lone surname may belong to either of two people; rule 2 decides.
                if tokens.len() < 2 {
                    continue;
                }
                tokens.join(" ")
            } else {
                normalise_key(&row.text)
            };
            if key.is_empty() {
                continue;
            }
            let global = article.offset + i;
            match first.entry((ty, key)) {
                std::collections::hash_map::Entry::Occupied(e) => sets.union(*e.get(), global),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(global);
                }
            }
        }
    }
}

/// A surname (or any proper token suffix) joins the nearest longer name.
pub(crate) struct PersonSurname;

impl ArticleRule for PersonSurname {
    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let people: Vec<(usize, Vec<String>)> = article
            .of_type(EntityType::Person)
            .map(|i| (i, person_tokens(&article.rows[i].text)))
            .collect();
        // Index longer names by their last token so each short name only
        // looks at names it could be a suffix of.
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (p, (_, tokens)) in people.iter().enumerate() {
            if tokens.len() >= 2 {
                by_last
                    .entry(tokens[tokens.len() - 1].as_str())
                    .or_default()
                    .push(p);
            }
        }
        let mut alone: HashMap<&str, usize> = HashMap::new();
        let no_candidates = Vec::new();
        for (i, tokens) in &people {
            let Some(last) = tokens.last() else { continue };
            let candidates = by_last.get(last.as_str()).unwrap_or(&no_candidates);
            let start = article.rows[*i].start;
            // Nearest preceding longer name, else nearest following one.
            let mut preceding: Option<(i64, usize)> = None;
            let mut following: Option<(i64, usize)> = None;
            for &p in candidates {
                let (j, long) = &people[p];
                if !is_token_suffix(tokens, long) {
                    continue;
                }
                let other = article.rows[*j].start;
                if other < start {
                    if preceding.is_none_or(|(s, _)| other > s) {
                        preceding = Some((other, *j));
                    }
                } else if following.is_none_or(|(s, _)| other < s) {
                    following = Some((other, *j));
                }
            }
            if let Some((_, j)) = preceding.or(following) {
                sets.union(article.offset + i, article.offset + j);
            } else if tokens.len() == 1 {
                // No longer name to join: lone names with the same key meet.
                match alone.entry(last.as_str()) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        sets.union(article.offset + *e.get(), article.offset + i);
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(*i);
                    }
                }
            }
        }
    }
}

/// An ORG acronym joins the nearest ORG name whose initials spell it.
pub(crate) struct OrgAcronym;

impl ArticleRule for OrgAcronym {
    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let orgs: Vec<usize> = article.of_type(EntityType::Organisation).collect();
        let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &orgs {
            for letters in initials(&article.rows[i].text) {
                by_initials.entry(letters).or_default().push(i);
            }
        }
        for &i in &orgs {
            let Some(letters) = acronym(&article.rows[i].text) else {
                continue;
            };
            let Some(candidates) = by_initials.get(&letters) else {
                continue;
            };
            let start = article.rows[i].start;
            let preceding = candidates
                .iter()
                .copied()
                .filter(|&j| article.rows[j].start < start)
                .max_by_key(|&j| (article.rows[j].start, std::cmp::Reverse(j)));
            let following = candidates
                .iter()
                .copied()
                .filter(|&j| article.rows[j].start >= start && j != i)
                .min_by_key(|&j| (article.rows[j].start, j));
            if let Some(j) = preceding.or(following) {
                sets.union(article.offset + i, article.offset + j);
            }
        }
    }
}
