//! Step 2: link each within-article cluster to a knowledge-base entry.
//!
//! A cluster's names are tried longest first (ties alphabetical) with
//! [`KnowledgeBase::lookup`]; the first name with a *type-compatible* entry
//! wins. Compatible means the same type, or both places among GPE and LOC
//! and FAC (the extractor often calls a city a LOC, or a base a GPE); ORG,
//! PERSON and NORP only match themselves, so the GPE `Iran` never links to an
//! organisation and `Iranian` (NORP) never links to the country.
//!
//! When one name matches several compatible entries, an entry of exactly the
//! mention's type is preferred, then the one listed first in the KB files:
//! `data/kb/places.tsv` lists countries, then curated regions and facilities,
//! then cities by population, so `Tripoli` is the Libyan capital and `Gaza`
//! the Strip. Such a choice is reported as a warning.
//!
//! For people, only names with as many tokens as the cluster's longest name
//! are tried: a bare `Assad` in a cluster built around `Hafez al-Assad` must not
//! link to a KB entry whose alias is `Assad`.
//!
//! Known misses: no context (a `Tripoli` in a Lebanon story still links to
//! Libya); no fuzzy matching (spellings must be in the KB's aliases).

use std::collections::BTreeSet;

use sitrep_core::EntityType;
use sitrep_core::KnowledgeBase;
use sitrep_core::kb::KbEntry;

use crate::names::person_tokens;

/// Whether a mention of type `mention` may link to a KB entry of type `entry`.
pub(crate) fn compatible(mention: EntityType, entry: EntityType) -> bool {
    mention == entry || (mention.is_place() && entry.is_place())
}

/// The entry `surface` links to for a mention of type `ty`, if any; adds a
/// warning to `warnings` when the choice was between several entries.
pub(crate) fn best_entry<'kb>(
    kb: &'kb KnowledgeBase,
    surface: &str,
    ty: EntityType,
    warnings: &mut BTreeSet<String>,
) -> Option<&'kb KbEntry> {
    let candidates: Vec<&KbEntry> = kb
        .lookup(surface)
        .filter(|entry| compatible(ty, entry.entity_type))
        .collect();
    let chosen = candidates
        .iter()
        .find(|entry| entry.entity_type == ty)
        .or_else(|| candidates.first())
        .copied()?;
    if candidates.iter().any(|entry| entry.kb_id != chosen.kb_id) {
        warnings.insert(format!(
            "ambiguous name `{surface}` ({ty}): {} knowledge-base entries; linked to {} ({}), \
             the first listed of its type",
            candidates.len(),
            chosen.kb_id,
            chosen.name
        ));
    }
    Some(chosen)
}

/// The names of a cluster in the order they are tried: longest first (in
/// characters), ties alphabetical, duplicates removed; for people only those
/// as long in tokens as the longest.
pub(crate) fn names_to_try<'a>(texts: &[&'a str], ty: EntityType) -> Vec<&'a str> {
    let mut names: Vec<&str> = texts.to_vec();
    names.sort_by(|a, b| {
        b.chars()
            .count()
            .cmp(&a.chars().count())
            .then_with(|| a.cmp(b))
    });
    names.dedup();
    if ty == EntityType::Person {
        let most = names
            .iter()
            .map(|n| person_tokens(n).len())
            .max()
            .unwrap_or(0);
        names.retain(|n| person_tokens(n).len() == most);
    }
    names
}

/// Links a cluster with mention texts `texts` and type `ty`.
pub(crate) fn link_cluster<'kb>(
    kb: &'kb KnowledgeBase,
    texts: &[&str],
    ty: EntityType,
    warnings: &mut BTreeSet<String>,
) -> Option<&'kb KbEntry> {
    names_to_try(texts, ty)
        .into_iter()
        .find_map(|name| best_entry(kb, name, ty, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_interchangeable_other_types_are_not() {
        assert!(compatible(EntityType::Location, EntityType::Gpe));
        assert!(compatible(EntityType::Gpe, EntityType::Facility));
        assert!(!compatible(EntityType::Gpe, EntityType::Organisation));
        assert!(!compatible(EntityType::Norp, EntityType::Gpe));
    }

    #[test]
    fn person_names_shorter_than_the_longest_are_not_tried() {
        let names = names_to_try(&["Assad", "Hafez al-Assad"], EntityType::Person);
        assert_eq!(names, ["Hafez al-Assad"]);
        let names = names_to_try(&["Sudani", "al-Sudani"], EntityType::Person);
        assert_eq!(names, ["al-Sudani", "Sudani"]);
    }
}
