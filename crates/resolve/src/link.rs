//! Step 2: link each within-article cluster to a knowledge-base entry, only
//! when the article's context supports it.
//!
//! **Candidates.** A cluster's names are tried longest first (ties
//! alphabetical) with [`KnowledgeBase::lookup`]; the first name with
//! *type-compatible* entries gives the candidates. Compatible means the same
//! type, or both places among GPE, LOC and FAC; ORG, PERSON and NORP only
//! match themselves, so a person (`Mr Kennedy`) never links to a place and
//! `Iranian` (NORP) never links to the country. For people, only names with
//! as many tokens as the cluster's longest name are tried: a bare `Assad` in
//! a cluster built around `Hafez al-Assad` must not link to an entry whose
//! alias is `Assad`.
//!
//! **Context.** The countries an article is about (`Context`): countries
//! it names, the countries of the nationality groups it names (`Iranian`),
//! and of people and organisations it names in full (`Tony Blair` → GB)
//! when the name has one candidate country. An article that names none
//! borrows the corpus's main countries (those named in at least 20 % of the
//! articles that name any, at most three), a weaker signal.
//!
//! **Choice and score.** Candidates whose country is in the context (or that
//! have no country) come first, then those of the country the article names
//! most often, then entries of exactly the mention's type, then file order
//! (countries, regions, cities by population). The
//! `link_score` of the choice is read from this table; a cluster links only
//! when it reaches [`LINK_THRESHOLD`]:
//!
//! | candidate | supported by the article | by the corpus | no context | contradicted |
//! |---|---:|---:|---:|---:|
//! | actor, strong name (its canonical name or several words) | 0.95 | 0.9 | 0.9 | 0.8 |
//! | actor, acronym alias (`IRGC`) | 0.9 | 0.6 | 0.75 | 0.45 |
//! | person, one-word alias (a surname: `Bush`) | 0.85 | 0.7 | 0.6 | 0.35 |
//! | organisation or group, one-word alias (`Treasury`) | 0.85 | 0.45 | 0.6 | 0.35 |
//! | country, admin1 or region | 0.95 | 0.9 | 0.9 | 0.85 |
//! | one of the 500 largest cities | 0.9 | 0.8 | 0.75 | 0.6 |
//! | other city, or a facility | 0.9 | 0.75 | 0.65 | 0.3 |
//!
//! "Contradicted" means the context names countries and the candidate's
//! country is not among them; for a one-word alias of an organisation or
//! group (`Treasury`), also when its country is not the one the article
//! names most (a British budget story that mentions the US once). The corpus's countries are weak evidence for
//! a one-word alias: a British story that names no country does not make
//! `Treasury` the US Treasury because the corpus often names the US. When candidates of different ids remain
//! after the context preference, the score drops by 0.2 for a place
//! (`Newcastle` in an article with no country: Australia or England?) and
//! 0.1 for an actor (`Bush`), and the choice is reported as a warning.
//!
//! Known misses: context is countries only (not regions or co-mentioned
//! people); a city's population is known only through its rank in the file.

use std::collections::{BTreeMap, BTreeSet};

use sitrep_core::EntityType;
use sitrep_core::KnowledgeBase;
use sitrep_core::kb::{Feature, KbEntry, normalise_key};

use crate::names::person_tokens;

/// Clusters link only with a `link_score` at least this high.
pub const LINK_THRESHOLD: f64 = 0.5;

/// Cities ranked below this (by population, in the gazetteer) count as
/// large: they are linked even when the context names other countries.
const LARGE_CITY_RANK: usize = 500;

/// Whether a mention of type `mention` may link to a KB entry of type `entry`.
pub(crate) fn compatible(mention: EntityType, entry: EntityType) -> bool {
    mention == entry || (mention.is_place() && entry.is_place())
}

/// The countries an article is about, and where that knowledge came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Context {
    /// ISO country codes.
    pub(crate) countries: BTreeSet<String>,
    /// Whether the countries are the corpus's, not the article's.
    pub(crate) from_corpus: bool,
    /// How many of the article's clusters anchor each country (the country
    /// named most wins among supported candidates).
    pub(crate) weights: BTreeMap<String, usize>,
}

/// A chosen entry with its score and a short reason for the evidence column.
#[derive(Debug, Clone)]
pub(crate) struct Link<'kb> {
    /// The entry.
    pub(crate) entry: &'kb KbEntry,
    /// `link_score`, 0 to 1.
    pub(crate) score: f64,
    /// Why, e.g. `name "Newcastle" (3 candidates), country GB in the article`.
    pub(crate) reason: String,
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

/// The first name of the cluster with compatible entries, and those entries.
pub(crate) fn candidates<'kb, 'a>(
    kb: &'kb KnowledgeBase,
    texts: &[&'a str],
    ty: EntityType,
) -> Option<(&'a str, Vec<&'kb KbEntry>)> {
    names_to_try(texts, ty).into_iter().find_map(|name| {
        let found: Vec<&KbEntry> = kb
            .lookup(name)
            .filter(|entry| compatible(ty, entry.entity_type))
            .collect();
        (!found.is_empty()).then_some((name, found))
    })
}

/// The country a cluster tells about its article, if it tells one for sure:
/// a country or region it names, a nationality group, or a person or
/// organisation named in full whose candidates all share one country.
pub(crate) fn anchor_country(kb: &KnowledgeBase, texts: &[&str], ty: EntityType) -> Option<String> {
    let (name, found) = candidates(kb, texts, ty)?;
    let first = found[0];
    let country = first.country.as_ref()?;
    if found.iter().any(|e| e.country.as_ref() != Some(country)) {
        return None;
    }
    let anchors = if ty.is_place() {
        matches!(
            kb.feature(&first.kb_id),
            Some(Feature::Country | Feature::Admin1 | Feature::Region)
        )
    } else {
        ty == EntityType::Norp || strong_name(name, first)
    };
    anchors.then(|| country.clone())
}

/// The corpus's main countries: named in at least 20 % of the articles that
/// name any, at most three, most frequent first (ties by code).
#[cfg(test)]
pub(crate) fn corpus_countries(per_article: &[BTreeSet<String>]) -> BTreeSet<String> {
    let with_any = per_article.iter().filter(|c| !c.is_empty()).count();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for countries in per_article {
        for country in countries {
            *counts.entry(country).or_default() += 1;
        }
    }
    corpus_countries_counted(&counts, with_any)
}

/// [`corpus_countries`] from how many articles name each country (`counts`)
/// and how many name any (`with_any`).
pub(crate) fn corpus_countries_counted(
    counts: &BTreeMap<&str, usize>,
    with_any: usize,
) -> BTreeSet<String> {
    let mut ranked: Vec<(&str, usize)> = counts
        .iter()
        .map(|(c, n)| (*c, *n))
        .filter(|&(_, n)| n * 5 >= with_any && n > 0)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(3)
        .map(|(c, _)| c.to_owned())
        .collect()
}

/// Whether `name` names `entry` strongly: its canonical name, or an alias
/// of several words.
fn strong_name(name: &str, entry: &KbEntry) -> bool {
    let key = normalise_key(name);
    key == normalise_key(&entry.name) || key.contains(' ')
}

/// Whether `name` is written as an acronym (`IRGC`, `U.N.`).
fn is_acronym(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// How the context stands towards a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Support {
    Article,
    Corpus,
    Nothing,
    Contradicted,
}

/// Links a cluster with mention texts `texts` and type `ty` in an article
/// with context `context`; `None` when no candidate reaches
/// [`LINK_THRESHOLD`] (see the module docs). Ambiguous choices add a
/// warning to `warnings`.
pub(crate) fn link_cluster<'kb>(
    kb: &'kb KnowledgeBase,
    texts: &[&str],
    ty: EntityType,
    context: &Context,
    warnings: &mut BTreeSet<String>,
) -> Option<Link<'kb>> {
    let (name, found) = candidates(kb, texts, ty)?;
    let supported = |e: &KbEntry| {
        e.country
            .as_ref()
            .is_none_or(|c| context.countries.contains(c))
    };
    let chosen = found
        .iter()
        .copied()
        .min_by_key(|e| {
            (
                context.countries.is_empty() || !supported(e),
                std::cmp::Reverse(
                    e.country
                        .as_ref()
                        .and_then(|c| context.weights.get(c))
                        .copied()
                        .unwrap_or(0),
                ),
                e.entity_type != ty,
                kb.position(&e.kb_id),
            )
        })
        .expect("candidates are not empty");
    // A one-word alias of an organisation (`Treasury`) names the body of the
    // country the article is mainly about, not of any country it names; a
    // nationality (`Americans`) names its people whatever the article is about.
    let generic = !chosen.entity_type.is_place()
        && !matches!(chosen.entity_type, EntityType::Person | EntityType::Norp)
        && !strong_name(name, chosen)
        && !is_acronym(name);
    let main_country = context.weights.values().max().copied().unwrap_or(0);
    let minor = generic
        && chosen
            .country
            .as_ref()
            .is_some_and(|c| context.weights.get(c).copied().unwrap_or(0) < main_country);
    let support = if context.countries.is_empty() {
        Support::Nothing
    } else if !supported(chosen) || minor {
        Support::Contradicted
    } else if context.from_corpus {
        Support::Corpus
    } else {
        Support::Article
    };
    // Other candidates the context does not rule out make the choice ambiguous.
    let rivals = found
        .iter()
        .filter(|e| e.kb_id != chosen.kb_id)
        .filter(|e| support == Support::Nothing || supported(e) == supported(chosen))
        .count();
    let is_place = chosen.entity_type.is_place();
    let row: [f64; 4] = if is_place {
        match kb.feature(&chosen.kb_id) {
            Some(Feature::Country | Feature::Admin1 | Feature::Region) => [0.95, 0.9, 0.9, 0.85],
            _ if kb
                .city_rank(&chosen.kb_id)
                .is_some_and(|rank| rank < LARGE_CITY_RANK) =>
            {
                [0.9, 0.8, 0.75, 0.6]
            }
            _ => [0.9, 0.75, 0.65, 0.3],
        }
    } else if strong_name(name, chosen) {
        [0.95, 0.9, 0.9, 0.8]
    } else if is_acronym(name) {
        [0.9, 0.6, 0.75, 0.45]
    } else if chosen.entity_type == EntityType::Person {
        [0.85, 0.7, 0.6, 0.35]
    } else {
        [0.85, 0.45, 0.6, 0.35]
    };
    let column = match support {
        Support::Article => 0,
        Support::Corpus => 1,
        Support::Nothing => 2,
        Support::Contradicted => 3,
    };
    let penalty = match (rivals > 0, is_place) {
        (false, _) => 0.0,
        (true, true) => 0.2,
        (true, false) => 0.1,
    };
    let score = ((row[column] - penalty) * 100.0).round() / 100.0;
    let context_text = match support {
        Support::Article => format!(
            "country {} named in the article",
            chosen.country.as_deref().unwrap_or("-")
        ),
        Support::Corpus => "country among the corpus's main countries".to_owned(),
        Support::Nothing => "no country context".to_owned(),
        Support::Contradicted => format!(
            "article is about {}",
            context
                .countries
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    let reason = format!(
        "link {} \"{name}\" ({} candidate{}; {context_text}) score {score:.2}",
        chosen.kb_id,
        found.len(),
        if found.len() == 1 { "" } else { "s" },
    );
    if score < LINK_THRESHOLD {
        return None;
    }
    if rivals > 0 {
        warnings.insert(format!(
            "ambiguous name `{name}` ({ty}): {} knowledge-base entries; linked to {} ({}) \
             with score {score:.2}",
            found.len(),
            chosen.kb_id,
            chosen.name
        ));
    }
    Some(Link {
        entry: chosen,
        score,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(countries: &[&str]) -> Context {
        Context {
            countries: countries.iter().map(|&c| c.to_owned()).collect(),
            from_corpus: false,
            weights: countries.iter().map(|&c| (c.to_owned(), 1)).collect(),
        }
    }

    #[test]
    fn places_are_interchangeable_other_types_are_not() {
        assert!(compatible(EntityType::Location, EntityType::Gpe));
        assert!(compatible(EntityType::Gpe, EntityType::Facility));
        assert!(!compatible(EntityType::Gpe, EntityType::Organisation));
        assert!(!compatible(EntityType::Norp, EntityType::Gpe));
        assert!(!compatible(EntityType::Person, EntityType::Gpe));
    }

    #[test]
    fn person_names_shorter_than_the_longest_are_not_tried() {
        let names = names_to_try(&["Assad", "Hafez al-Assad"], EntityType::Person);
        assert_eq!(names, ["Hafez al-Assad"]);
        let names = names_to_try(&["Sudani", "al-Sudani"], EntityType::Person);
        assert_eq!(names, ["al-Sudani", "Sudani"]);
    }

    #[test]
    fn same_named_places_are_chosen_by_the_article_countries() {
        let kb = KnowledgeBase::builtin();
        let mut warnings = BTreeSet::new();
        let uk = link_cluster(
            kb,
            &["Newcastle"],
            EntityType::Gpe,
            &context(&["GB"]),
            &mut warnings,
        )
        .expect("linked in a British article");
        assert_eq!(uk.entry.name, "Newcastle upon Tyne");
        let au = link_cluster(
            kb,
            &["Newcastle"],
            EntityType::Gpe,
            &context(&["AU"]),
            &mut warnings,
        )
        .expect("linked in an Australian article");
        assert_eq!(au.entry.country.as_deref(), Some("AU"));
        // Tripoli: Libya by default, Lebanon in a Lebanese story.
        let lb = link_cluster(
            kb,
            &["Tripoli"],
            EntityType::Gpe,
            &context(&["LB"]),
            &mut warnings,
        )
        .expect("linked");
        assert_eq!(lb.entry.country.as_deref(), Some("LB"));
    }

    #[test]
    fn a_small_city_of_another_country_is_not_linked() {
        let kb = KnowledgeBase::builtin();
        let mut warnings = BTreeSet::new();
        // Kennedy, Colombia, in an article about Britain.
        assert!(
            link_cluster(
                kb,
                &["Kennedy"],
                EntityType::Gpe,
                &context(&["GB"]),
                &mut warnings
            )
            .is_none()
        );
        // Newcastle with no context at all: three countries, none large.
        assert!(
            link_cluster(
                kb,
                &["Newcastle"],
                EntityType::Gpe,
                &context(&[]),
                &mut warnings
            )
            .is_none()
        );
        // A country is linked whatever the context.
        let iraq = link_cluster(
            kb,
            &["Iraq"],
            EntityType::Gpe,
            &context(&["GB"]),
            &mut warnings,
        )
        .expect("linked");
        assert_eq!(iraq.entry.country.as_deref(), Some("IQ"));
    }

    #[test]
    fn a_one_word_alias_of_a_foreign_body_is_not_linked() {
        let kb = KnowledgeBase::builtin();
        let mut warnings = BTreeSet::new();
        let texts = ["Treasury"];
        let british = link_cluster(
            kb,
            &texts,
            EntityType::Organisation,
            &context(&["GB"]),
            &mut warnings,
        );
        assert!(british.is_none_or(|l| l.entry.country.as_deref() == Some("GB")));
        let american = link_cluster(
            kb,
            &texts,
            EntityType::Organisation,
            &context(&["US"]),
            &mut warnings,
        )
        .expect("linked in an American article");
        assert_eq!(american.entry.country.as_deref(), Some("US"));
    }

    #[test]
    fn corpus_countries_need_a_fifth_of_the_articles() {
        let set = |codes: &[&str]| codes.iter().map(|&c| c.to_owned()).collect::<BTreeSet<_>>();
        let articles = [
            set(&["GB"]),
            set(&["GB", "US"]),
            set(&["GB"]),
            set(&["FR"]),
            set(&[]),
            set(&["GB", "IQ"]),
            set(&["GB"]),
            set(&["GB"]),
            set(&["GB"]),
            set(&["GB"]),
            set(&["US"]),
        ];
        // 10 articles name a country: GB 8, US 2, FR 1, IQ 1.
        assert_eq!(corpus_countries(&articles), set(&["GB", "US"]));
        assert!(corpus_countries(&[]).is_empty());
    }
}
