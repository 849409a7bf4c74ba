//! Step 1: merge mentions within one article into clusters.
//!
//! An ordered list of `ArticleRule`s, each adding unions to a shared
//! `UnionFind` over the article's mentions (which arrive sorted by
//! `(start, end, entity_type)`). Rules see the clusters earlier rules built.
//!
//! 1. `SameName`: same `fold`ed name (case, punctuation and accents
//!    ignored: `George W. Bush` = `George W Bush`, `the Pentagon` =
//!    `Pentagon`), whatever the type for non-person mentions; for people
//!    only names of two or more tokens, titles and the Arabic article
//!    optional (`Mr Mohammed Shia al-Sudani` = `Shia Al Sudani`).
//!    Then `PlaceWithRegion`: a place written with its region or country
//!    (`Moscow, Russia`) joins the place named alone (`Moscow`) in the
//!    article.
//! 2. `PersonSurname`: a person mention whose tokens are a proper suffix of
//!    a longer person mention's joins the *nearest preceding* such mention
//!    (else the nearest following one): `Sudani` → `Mohammed Shia al-Sudani`;
//!    with `Hafez al-Assad` and then `Bashar al-Assad` in the text, a later
//!    `Assad` joins Bashar. A first name is a prefix, not a suffix: rule 3
//!    decides it. One-token names with no longer name to join
//!    merge with each other (`al-Sudani` = `Sudani`, `Mr Kennedy` = `Kennedy`).
//!    A "full name" with a connecting word (`Doctor Who Society of Canada`,
//!    mistyped as a person) takes no surname.
//! 3. `GivenName`: a one-token person name that starts exactly one full
//!    name of the article (`Daniel` → `Daniel Montalvo`, `Bashar` → `Bashar
//!    al-Assad`) joins it, unless it is also the surname of a full name or
//!    the name of a titled person (`Prince Charles`).
//! 4. `OrgAcronym`: an all-capitals ORG mention (`PMF`) joins the nearest
//!    ORG mention whose initials spell it (`Popular Mobilization Forces`),
//!    with `of`/`the`/`and` and a possessive owner (`Iran's`) skipped.
//!    Organisation names are never merged by suffix: `Kataeb Hezbollah` stays
//!    apart from `Hezbollah`.
//! 5. `NameAcrossTypes` (one type per entity per article): a non-person
//!    mention whose folded name is the name or the surname of exactly one
//!    person cluster of the article joins it (`Kennedy` tagged as a place in
//!    an article about `Charles Kennedy`), and so does a name with an office
//!    word before the surname of exactly one person (`Home Secretary Suella
//!    Braverman` tagged ORG, next to `Braverman`).
//! 6. `OrgHead`: a generic head noun alone (`the Church`, `the Court`; see
//!    `GENERIC_ORG_HEADS`) joins the one organisation of the article whose
//!    name it heads (`the Church of Scientology`), whatever its tagged type,
//!    unless it belongs to a person with a full name. With two such
//!    organisations (`the Supreme Court`, `the Court of Cassation`) it
//!    stays alone.
//!
//! The cluster's single type is then chosen by `vote_type`.
//!
//! Known misses: no coreference of pronouns or nominals (`the militia`,
//! `he`); a surname shared by two people with no full name in between goes
//! to the nearest one, which can be wrong; acronyms whose letters don't
//! follow the words (`IRGC` for `Iran's Revolutionary Guard Corps`) need a
//! knowledge-base alias (step 2).

use std::collections::HashMap;

use sitrep_core::EntityType;
use sitrep_core::tables::MentionRow;

use crate::names::{
    GENERIC_ORG_HEADS, OFFICE_WORDS, acronym, fold, has_connector, initials, is_token_suffix,
    person_tokens,
};

/// Disjoint sets over mention indices; the root of a set is its smallest index,
/// so the result does not depend on the order unions are made in.
/// Each union that joined two sets is logged with the rule that made it
/// (`rule`, set before a rule runs), for the entities' evidence.
#[derive(Debug, Clone)]
pub(crate) struct UnionFind {
    parent: Vec<usize>,
    /// The rule whose unions are being made.
    pub(crate) rule: &'static str,
    /// `(one of the joined mentions, rule)` per effective union.
    pub(crate) log: Vec<(usize, &'static str)>,
}

impl UnionFind {
    pub(crate) fn new(len: usize) -> Self {
        Self {
            parent: (0..len).collect(),
            rule: "",
            log: Vec::new(),
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
            self.log.push((a, self.rule));
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
    /// How the rule is named in the evidence column (`same name`, …).
    fn name(&self) -> &'static str;

    /// Adds unions (article-local indices plus `article.offset`) to `sets`.
    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind);
}

/// The rules of step 1, in the order they run.
pub(crate) fn default_rules() -> Vec<Box<dyn ArticleRule + Send + Sync>> {
    vec![
        Box::new(SameName),
        Box::new(PlaceWithRegion),
        Box::new(PersonSurname),
        Box::new(GivenName),
        Box::new(OrgAcronym),
        Box::new(NameAcrossTypes),
        Box::new(OrgHead),
    ]
}

/// Same folded name: people among people (two tokens or more), other
/// mentions whatever their type.
pub(crate) struct SameName;

impl ArticleRule for SameName {
    fn name(&self) -> &'static str {
        "same name"
    }

    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let mut first: HashMap<(bool, String), usize> = HashMap::new();
        for (i, row) in article.rows.iter().enumerate() {
            let Some(ty) = article.types[i] else { continue };
            let person = ty == EntityType::Person;
            let key = if person {
                let tokens = person_tokens(&row.text);
                // A lone surname may belong to either of two people; rule 2 decides.
                if tokens.len() < 2 {
                    continue;
                }
                tokens.join(" ")
            } else {
                fold(&row.text)
            };
            if key.is_empty() {
                continue;
            }
            let global = article.offset + i;
            match first.entry((person, key)) {
                std::collections::hash_map::Entry::Occupied(e) => sets.union(*e.get(), global),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(global);
                }
            }
        }
    }
}

/// A place written with its region or country (`Moscow, Russia`, `Irving,
/// Texas`) joins the place named by the part before the comma, when the
/// article names it alone too.
pub(crate) struct PlaceWithRegion;

impl ArticleRule for PlaceWithRegion {
    fn name(&self) -> &'static str {
        "place with its region"
    }

    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let is_place = |i: usize| article.types[i].is_some_and(EntityType::is_place);
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (i, row) in article.rows.iter().enumerate() {
            if is_place(i) && !row.text.contains(',') {
                by_name.entry(fold(&row.text)).or_insert(i);
            }
        }
        for (i, row) in article.rows.iter().enumerate() {
            let Some((head, region)) = row.text.split_once(',') else {
                continue;
            };
            if !is_place(i) || fold(region).is_empty() {
                continue;
            }
            if let Some(&j) = by_name.get(&fold(head)) {
                sets.union(article.offset + i, article.offset + j);
            }
        }
    }
}

/// A surname (or any proper token suffix) joins the nearest longer name.
pub(crate) struct PersonSurname;

impl ArticleRule for PersonSurname {
    fn name(&self) -> &'static str {
        "surname"
    }

    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let people: Vec<(usize, Vec<String>)> = article
            .of_type(EntityType::Person)
            .map(|i| (i, person_tokens(&article.rows[i].text)))
            .collect();
        // Index longer names by their last token so each short name only
        // looks at names it could be a suffix of.
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (p, (_, tokens)) in people.iter().enumerate() {
            if tokens.len() >= 2 && !has_connector(tokens) {
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

/// A lone given name joins the only full name of the article that starts
/// with it, unless it is also someone's surname.
pub(crate) struct GivenName;

impl ArticleRule for GivenName {
    fn name(&self) -> &'static str {
        "given name"
    }

    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        let people: Vec<(usize, Vec<String>)> = article
            .of_type(EntityType::Person)
            .map(|i| (i, person_tokens(&article.rows[i].text)))
            .collect();
        let mut full_by_first: HashMap<&str, Vec<(&[String], usize)>> = HashMap::new();
        let mut surnames: Vec<&str> = Vec::new();
        for (i, tokens) in &people {
            if tokens.len() >= 2 {
                let names = full_by_first.entry(tokens[0].as_str()).or_default();
                if !names.iter().any(|(t, _)| *t == tokens.as_slice()) {
                    names.push((tokens, *i));
                }
                surnames.push(tokens[tokens.len() - 1].as_str());
            }
        }
        // `Prince Charles`: one name after the title, not a bare given name;
        // such a person also claims the bare `Charles` of the article.
        let bare = |i: usize| !article.rows[i].text.trim().contains(char::is_whitespace);
        let titled: Vec<&str> = people
            .iter()
            .filter(|(i, tokens)| tokens.len() == 1 && !bare(*i))
            .map(|(_, tokens)| tokens[0].as_str())
            .collect();
        for (i, tokens) in &people {
            let [given] = tokens.as_slice() else { continue };
            if !bare(*i) || titled.contains(&given.as_str()) || surnames.contains(&given.as_str()) {
                continue;
            }
            if let Some([(_, j)]) = full_by_first.get(given.as_str()).map(Vec::as_slice) {
                sets.union(article.offset + i, article.offset + j);
            }
        }
    }
}

/// An ORG acronym joins the nearest ORG name whose initials spell it.
pub(crate) struct OrgAcronym;

impl ArticleRule for OrgAcronym {
    fn name(&self) -> &'static str {
        "acronym"
    }

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

/// A non-person mention named like exactly one person cluster joins it.
pub(crate) struct NameAcrossTypes;

impl ArticleRule for NameAcrossTypes {
    fn name(&self) -> &'static str {
        "same name across types"
    }

    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        // Person clusters by full key and by surname.
        let mut roots_by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for i in article.of_type(EntityType::Person) {
            let tokens = person_tokens(&article.rows[i].text);
            let root = sets.find(article.offset + i);
            let mut keys = vec![tokens.join(" ")];
            if let Some(last) = tokens.last().filter(|_| !has_connector(&tokens)) {
                keys.push(last.clone());
            }
            for key in keys {
                let roots = roots_by_key.entry(key).or_default();
                if !roots.contains(&root) {
                    roots.push(root);
                }
            }
        }
        for (i, row) in article.rows.iter().enumerate() {
            let Some(ty) = article.types[i] else { continue };
            if ty == EntityType::Person || ty == EntityType::Norp {
                continue;
            }
            let folded = fold(&row.text);
            if let Some([root]) = roots_by_key.get(&folded).map(Vec::as_slice) {
                sets.union(*root, article.offset + i);
                continue;
            }
            // A titled name typed as something else (`Home Secretary Suella
            // Braverman` as ORG) joins the one person of its surname.
            let words: Vec<&str> = folded.split(' ').collect();
            if let [before @ .., last] = words.as_slice()
                && !before.is_empty()
                && before.iter().any(|w| OFFICE_WORDS.contains(w))
                && let Some([root]) = roots_by_key.get(*last).map(Vec::as_slice)
            {
                sets.union(*root, article.offset + i);
            }
        }
    }
}

/// A generic head noun alone (`the Church`, `the Court`) joins the one
/// organisation of the article whose name it heads (`the Church of
/// Scientology`; `the Supreme Court`), unless it already belongs to a
/// person with a full name.
pub(crate) struct OrgHead;

impl ArticleRule for OrgHead {
    fn name(&self) -> &'static str {
        "head of an organisation name"
    }

    fn apply(&self, article: &Article<'_>, sets: &mut UnionFind) {
        // Roots of organisation names of several words, by head noun: the
        // word before `of`, else the last word.
        let mut by_head: HashMap<String, Vec<usize>> = HashMap::new();
        for i in article.of_type(EntityType::Organisation) {
            let folded = fold(&article.rows[i].text);
            let words: Vec<&str> = folded.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            let head = words
                .iter()
                .position(|w| *w == "of")
                .filter(|&p| p > 0)
                .map_or(words[words.len() - 1], |p| words[p - 1]);
            let root = sets.find(article.offset + i);
            let roots = by_head.entry(head.to_owned()).or_default();
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        if by_head.is_empty() {
            return;
        }
        let full_person_roots: Vec<usize> = article
            .of_type(EntityType::Person)
            .filter(|&i| person_tokens(&article.rows[i].text).len() >= 2)
            .map(|i| sets.find(article.offset + i))
            .collect();
        for (i, row) in article.rows.iter().enumerate() {
            if article.types[i].is_none() {
                continue;
            }
            let folded = fold(&row.text);
            if !GENERIC_ORG_HEADS.contains(&folded.as_str()) {
                continue;
            }
            if full_person_roots.contains(&sets.find(article.offset + i)) {
                continue;
            }
            if let Some([root]) = by_head.get(&folded).map(Vec::as_slice) {
                sets.union(*root, article.offset + i);
            }
        }
    }
}

/// The weight of a mention's type in [`vote_type`]: its confidence, doubled
/// when the type was read with some confidence (0.7 or more) from the
/// mention's context, by any method but the plain list lookup `gazetteer`:
/// a title or a given name around a name says more than a list of places
/// that happens to hold the same word (`Mr Kennedy` against the Colombian
/// town Kennedy), while a weak guess (`England's` → PERSON, 0.5) does not.
pub(crate) fn vote_weight(row: &MentionRow) -> f64 {
    let confidence = if row.confidence.is_finite() {
        row.confidence.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if row.method != "gazetteer" && confidence >= 0.7 {
        2.0 * confidence
    } else {
        confidence
    }
}

/// The one type of a within-article cluster (`members` in text order, with
/// their extracted types): [`vote_type`] over their weights, where a
/// one-word mention of another type that is the surname of a full person
/// name of the cluster (`Kennedy` found by a place list, next to `Charles
/// Kennedy`) votes PERSON: the full name says whose name it is; likewise a
/// generic head noun (`Church`) in a cluster with an organisation name of
/// several words votes ORG.
pub(crate) fn cluster_type(members: &[(&MentionRow, EntityType)]) -> EntityType {
    let surnames: Vec<String> = members
        .iter()
        .filter(|(_, ty)| *ty == EntityType::Person)
        .map(|(row, _)| person_tokens(&row.text))
        .filter(|tokens| tokens.len() >= 2 && !has_connector(tokens))
        .filter_map(|tokens| tokens.last().cloned())
        .collect();
    let organisation = members
        .iter()
        .any(|(row, ty)| *ty == EntityType::Organisation && fold(&row.text).contains(' '));
    let votes: Vec<(EntityType, f64)> = members
        .iter()
        .map(|&(row, ty)| {
            let folded = fold(&row.text);
            let ty = if ty != EntityType::Person && surnames.contains(&folded) {
                EntityType::Person
            } else if organisation && GENERIC_ORG_HEADS.contains(&folded.as_str()) {
                EntityType::Organisation
            } else {
                ty
            };
            (ty, vote_weight(row))
        })
        .collect();
    vote_type(&votes)
}

/// The type with the largest sum of weights; ties go to the type of the
/// earliest vote.
pub(crate) fn vote_type(members: &[(EntityType, f64)]) -> EntityType {
    let mut totals: Vec<(EntityType, f64, usize)> = Vec::new();
    for (order, &(ty, confidence)) in members.iter().enumerate() {
        match totals.iter_mut().find(|(t, _, _)| *t == ty) {
            Some(entry) => entry.1 += confidence,
            None => totals.push((ty, confidence, order)),
        }
    }
    totals
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.2.cmp(&a.2)))
        .map_or(EntityType::Person, |(ty, _, _)| ty)
}
