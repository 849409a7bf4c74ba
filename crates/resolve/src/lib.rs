//! Resolve stage: merge entity mentions into entities, within and across
//! articles, and link them to the built-in knowledge base.
//!
//! It comes in two steps: a per-article one ([`resolve_article`]: step 1
//! below, and the countries the article names), which runs with the rest of
//! the per-article work and leaves a small [`ArticleResolution`], and a
//! cross-article one ([`resolve_articles`]: steps 2–5) over those summaries
//! and the mention rows of all articles. [`resolve`] runs both.
//!
//! - Input: [`ResolveInput`] — the `mentions`, `events` and `quotes` rows with
//!   `entity_id`, `actor_id`/`target_id`/`place_id` and `speaker_id` empty.
//! - Output: [`ResolveOutput`] — the same rows with those ids filled, the
//!   `entities` table, and a [`StageReport`] named `resolve`.
//!
//! Resolution is a list of ordered steps; each is a small module that a later
//! version can replace without touching the others:
//!
//! 1. [`within`] — merge mentions inside one article: same name (case,
//!    punctuation, accents and titles ignored); a surname into the nearest
//!    full name (`Sudani` → `Mohammed Shia al-Sudani`, `Assad` → the nearest
//!    of `Hafez al-Assad` / `Bashar al-Assad`); an ORG acronym into the ORG
//!    name it abbreviates (`PMF`); a name tagged with another type into the
//!    person of that name. Each cluster then gets **one type** by a weighted
//!    vote of its mentions, and its mention rows are retyped to it.
//!    Organisation names are never merged by suffix (`Kataeb Hezbollah` ≠
//!    `Hezbollah`).
//! 2. [`link`] — the countries each article is about, then a link of each
//!    cluster to a [`KnowledgeBase`] entry of a compatible type only when the
//!    context supports it, with a `link_score` (`Newcastle` in a British
//!    article is Newcastle upon Tyne; `Treasury` in a British article is not
//!    the US Treasury; a person is never a place).
//! 3. [`across`] — cluster the article clusters of all articles into corpus
//!    entities with blocking (never all pairs) and a scored match on names
//!    (transliteration-folded), type and context, against a threshold
//!    ([`ResolveOptions::threshold`]).
//! 4. [`overrides`] — the analyst's corrections (`data/kb/overrides.tsv`:
//!    force-link, unlink, force-split, force-merge), applied to steps 2–3.
//! 5. [`merge`] — entity rows: content-derived ids, KB name, coordinates,
//!    `geo_precision` and `link_score` when linked, sorted aliases, mention and
//!    article counts, and `merge_evidence` saying why each part joined.
//!
//! Output order never depends on input order: mentions are sorted by
//! `(article_id, start, end, entity_type)`, entities by `entity_id`, events
//! and quotes by `(article_id, start, end, id)`.
//!
//! ```
//! use sitrep_core::KnowledgeBase;
//! use sitrep_core::tables::MentionRow;
//! use sitrep_resolve::{ResolveInput, resolve};
//!
//! let mention = |id: &str, start: i64, text: &str, ty: &str| MentionRow {
//!     mention_id: id.into(),
//!     article_id: "a1".into(),
//!     sentence_idx: 0,
//!     start,
//!     end: start + text.chars().count() as i64,
//!     text: text.into(),
//!     entity_type: ty.into(),
//!     entity_id: None,
//!     confidence: 0.9,
//!     method: "example".into(),
//!     antecedent_id: None,
//! };
//! let input = ResolveInput {
//!     mentions: vec![
//!         mention("m1", 0, "Mohammed Shia al-Sudani", "PERSON"),
//!         mention("m2", 60, "Sudani", "PERSON"),
//!         mention("m3", 80, "Syria", "GPE"),
//!     ],
//!     events: vec![],
//!     quotes: vec![],
//! };
//! let out = resolve(input, KnowledgeBase::builtin());
//! assert_eq!(out.mentions[0].entity_id, out.mentions[1].entity_id);
//! let syria = out.entities.iter().find(|e| e.name == "Syria").unwrap();
//! assert_eq!(syria.country.as_deref(), Some("SY"));
//! assert_eq!(out.report.stage, "resolve");
//! ```
//!
//! Pronouns and nominals (`he`, `the minister`) are linked to a named
//! mention before this stage, at the end of extraction
//! ([`annotate_mentions`], [`anaphora`]); here each takes the entity of its
//! antecedent, without counting as a mention of it or naming it.
//!
//! Known misses: see each step's module docs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sitrep_core::tables::{EntityRow, EventRow, MentionRow, QuoteRow};
use sitrep_core::{EntityType, KnowledgeBase, StageReport};

pub use article::{ArticleCluster, ArticleResolution, resolve_article};
pub use event_clusters::assign as assign_event_clusters;
pub use overrides::Overrides;

pub mod across;
pub mod anaphora;
mod article;
mod event_clusters;
pub mod link;
pub mod merge;
mod names;
pub mod overrides;
pub mod sports;
pub mod within;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cases;
#[cfg(test)]
mod tests_doc;

/// What the per-article step does with the document itself, at the end of
/// extraction (so that `sitrep extract` and `sitrep run` write the same
/// mention rows, and `sitrep resolve` needs only the rows): a place name
/// used for a sports team (`Sweden 1 – 0 Korea Republic`) is retyped ORG,
/// with `+sports_team` added to its `method` ([`sports`]), so it is neither
/// linked to the place nor drawn on the map; then the pronouns and nominals
/// that refer to a named mention are added as rows of their own
/// ([`anaphora`]: `method` `pronoun`/`nominal`, `antecedent_id` set), and
/// the rows are put back in text order. `mentions` must be the rows of
/// `doc.entities()`, in the same order; the call does nothing otherwise.
pub fn annotate_mentions(
    doc: &sitrep_core::Doc,
    mentions: &mut Vec<MentionRow>,
    kb: &KnowledgeBase,
) {
    let team = sports::team_mentions(doc, mentions);
    for (mention, team) in mentions.iter_mut().zip(team) {
        if team {
            EntityType::Organisation
                .label()
                .clone_into(&mut mention.entity_type);
            mention.method.push_str("+sports_team");
        }
    }
    let anaphors = anaphora::find(doc, mentions, kb);
    if !anaphors.is_empty() {
        mentions.extend(anaphors);
        mentions.sort_by(|a, b| {
            (a.sentence_idx, a.start, a.end).cmp(&(b.sentence_idx, b.start, b.end))
        });
    }
}

/// Gives a quote whose speaker is a pronoun or a description (`he said`,
/// `the minister said`) the named mention that [`annotate_mentions`] found
/// for it: the quote's speaker span is the span of a `pronoun` or `nominal`
/// mention with an antecedent, and `speaker_mention_id` becomes that
/// antecedent (so `speaker_id` is the named person's entity after
/// resolution). `speaker_text` keeps what is written. Quotes with a named
/// speaker, and speakers [`annotate_mentions`] left unlinked, are unchanged.
/// `mentions` are one article's rows after [`annotate_mentions`].
pub fn speakers_from_antecedents(quotes: &mut [QuoteRow], mentions: &[MentionRow]) {
    let linked: HashMap<(i64, i64), &str> = mentions
        .iter()
        .filter(|m| m.method == anaphora::PRONOUN || m.method == anaphora::NOMINAL)
        .filter_map(|m| Some(((m.start, m.end), m.antecedent_id.as_deref()?)))
        .collect();
    for quote in quotes {
        if quote.speaker_mention_id.is_some() {
            continue;
        }
        let (Some(start), Some(end)) = (quote.speaker_start, quote.speaker_end) else {
            continue;
        };
        if let Some(antecedent) = linked.get(&(start, end)) {
            quote.speaker_mention_id = Some((*antecedent).to_owned());
        }
    }
}

/// Everything the resolve stage reads (rows from the extract stage, all articles).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolveInput {
    /// Entity mentions of all articles, in any order.
    pub mentions: Vec<MentionRow>,
    /// Events of all articles; `actor_mention_id` etc. point into `mentions`.
    pub events: Vec<EventRow>,
    /// Quotes of all articles; `speaker_mention_id` points into `mentions`.
    pub quotes: Vec<QuoteRow>,
}

/// What it writes: the same rows with entity ids filled, plus the entities table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolveOutput {
    /// Mentions with `entity_id` set, sorted by `(article_id, start, end, entity_type)`.
    pub mentions: Vec<MentionRow>,
    /// One row per entity, sorted by `entity_id`.
    pub entities: Vec<EntityRow>,
    /// Events with `actor_id`, `target_id` and `place_id` set where their mention resolved.
    pub events: Vec<EventRow>,
    /// Quotes with `speaker_id` set where the speaker mention resolved.
    pub quotes: Vec<QuoteRow>,
    /// Counts and warnings for the run manifest (stage `resolve`).
    pub report: StageReport,
}

/// Settings of a resolve run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolveOptions {
    /// Score a within-article cluster needs to join a corpus entity
    /// (`--resolve-threshold`; default [`across::DEFAULT_THRESHOLD`]).
    /// Higher merges less.
    pub threshold: f64,
    /// Analyst corrections (`--kb-overrides`); `None` means the built-in
    /// `data/kb/overrides.tsv` ([`ResolveOptions::overrides`]).
    pub overrides: Option<&'static Overrides>,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        Self {
            threshold: across::DEFAULT_THRESHOLD,
            overrides: None,
        }
    }
}

impl ResolveOptions {
    /// The corrections to apply: the ones given, else the built-in file.
    #[must_use]
    pub fn overrides(&self) -> &'static Overrides {
        self.overrides.unwrap_or_else(Overrides::builtin)
    }
}

/// Resolves mentions into entities with the default options; see
/// [`resolve_with`].
#[must_use]
pub fn resolve(input: ResolveInput, kb: &KnowledgeBase) -> ResolveOutput {
    resolve_with(input, kb, &ResolveOptions::default())
}

/// Resolves mentions into entities with the overrides of `options` (by
/// default the built-in `data/kb/overrides.tsv`); see [`resolve_with_overrides`].
#[must_use]
pub fn resolve_with(
    input: ResolveInput,
    kb: &KnowledgeBase,
    options: &ResolveOptions,
) -> ResolveOutput {
    resolve_with_overrides(input, kb, options, options.overrides())
}

/// Resolves mentions into entities (steps 1–4 in the crate docs, then the
/// analyst's `overrides`) and fills the entity ids of mentions, events and
/// quotes: [`resolve_article`] on each article's mentions, then
/// [`resolve_articles`].
#[must_use]
pub fn resolve_with_overrides(
    input: ResolveInput,
    kb: &KnowledgeBase,
    options: &ResolveOptions,
    overrides: &Overrides,
) -> ResolveOutput {
    let ResolveInput {
        mut mentions,
        events,
        quotes,
    } = input;
    sort_mentions(&mut mentions);
    let mut articles: Vec<ResolvedArticle> = Vec::new();
    for mention in mentions {
        match articles.last_mut() {
            Some(last) if last.mentions[0].article_id == mention.article_id => {
                last.mentions.push(mention);
            }
            _ => articles.push(ResolvedArticle {
                mentions: vec![mention],
                resolution: ArticleResolution::default(),
            }),
        }
    }
    for article in &mut articles {
        article.resolution = resolve_article(&mut article.mentions, kb);
    }
    resolve_articles(articles, events, quotes, kb, options, overrides)
}

/// One article after the per-article step ([`resolve_article`]): its mention
/// rows, sorted and retyped, and its clusters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolvedArticle {
    /// The article's mention rows as [`resolve_article`] left them.
    pub mentions: Vec<MentionRow>,
    /// What [`resolve_article`] returned for them.
    pub resolution: ArticleResolution,
}

/// The cross-article step: links the clusters of every article in its
/// context (an article naming no country borrows the corpus's main
/// countries), clusters them across articles, applies `overrides`, writes
/// the entity rows and fills the entity ids of mentions, events and quotes.
/// `articles` may come in any order (they are taken by `article_id`); an
/// article without mentions may be left out.
#[must_use]
pub fn resolve_articles(
    mut articles: Vec<ResolvedArticle>,
    mut events: Vec<EventRow>,
    mut quotes: Vec<QuoteRow>,
    kb: &KnowledgeBase,
    options: &ResolveOptions,
    overrides: &Overrides,
) -> ResolveOutput {
    articles.retain(|a| !a.mentions.is_empty());
    articles.sort_by(|a, b| a.mentions[0].article_id.cmp(&b.mentions[0].article_id));
    let mut report = StageReport::new("resolve");
    let mut mentions: Vec<MentionRow> =
        Vec::with_capacity(articles.iter().map(|a| a.mentions.len()).sum());
    // Per cluster, in order of first mention.
    let mut clustered: Vec<Clustered> = Vec::new();
    let mut article_countries: Vec<BTreeMap<String, usize>> = Vec::with_capacity(articles.len());
    for (a, article) in articles.into_iter().enumerate() {
        let offset = mentions.len();
        let ArticleResolution {
            clusters,
            countries,
            dropped,
        } = article.resolution;
        for (reason, n) in dropped {
            for _ in 0..n {
                report.drop_one(&reason);
            }
        }
        article_countries.push(
            countries
                .into_iter()
                .map(|(c, n)| (c, n as usize))
                .collect(),
        );
        for cluster in clusters {
            let ty = cluster.ty();
            let members = cluster
                .members
                .iter()
                .map(|&i| offset + i as usize)
                .collect();
            let anaphors = cluster
                .anaphors
                .iter()
                .map(|&i| offset + i as usize)
                .collect();
            clustered.push((a, members, ty, cluster.within, anaphors));
        }
        mentions.extend(article.mentions);
    }
    report.received = mentions.len() as u64;

    // Step 2: links in the context of the countries each article is about.
    let named: Vec<BTreeSet<String>> = article_countries
        .iter()
        .map(|weights| weights.keys().cloned().collect())
        .collect();
    let corpus = link::Context {
        countries: link::corpus_countries(&named),
        from_corpus: true,
        weights: BTreeMap::new(),
    };
    let contexts: Vec<link::Context> = article_countries
        .into_iter()
        .zip(named)
        .map(|(weights, countries)| {
            if countries.is_empty() {
                corpus.clone()
            } else {
                link::Context {
                    countries,
                    from_corpus: false,
                    weights,
                }
            }
        })
        .collect();
    // One copy of each article's countries and id, shared by its records.
    let shared_countries: Vec<std::sync::Arc<BTreeSet<String>>> = contexts
        .iter()
        .map(|c| std::sync::Arc::new(c.countries.clone()))
        .collect();
    let mut shared_id: Option<(usize, std::sync::Arc<str>)> = None;
    let mut warnings = BTreeSet::new();
    let mut records = Vec::with_capacity(clustered.len());
    let clusters: Vec<merge::Cluster<'_>> = clustered
        .into_iter()
        .map(|(a, members, ty, within, anaphors)| {
            let texts: Vec<&str> = members.iter().map(|&i| mentions[i].text.as_str()).collect();
            let mut link = link::link_cluster(kb, &texts, ty, &contexts[a], &mut warnings);
            let rule = overrides.find(ty, &texts);
            match rule {
                Some(overrides::Action::Link(id)) => {
                    link = kb.get(id).map(|entry| link::Link {
                        entry,
                        score: 1.0,
                        reason: format!("override: link {id}"),
                    });
                }
                Some(overrides::Action::Unlink) => link = None,
                _ => {}
            }
            let canonical = merge::canonical_name(texts.iter().copied());
            let article_id = match &shared_id {
                Some((article, id)) if *article == a => id.clone(),
                _ => {
                    let id: std::sync::Arc<str> = mentions[members[0]].article_id.as_str().into();
                    shared_id = Some((a, id.clone()));
                    id
                }
            };
            let mut record = across::Record::new(
                ty,
                &texts,
                link.as_ref().map(|l| l.entry.kb_id.clone()),
                shared_countries[a].clone(),
                article_id,
            );
            match rule {
                Some(overrides::Action::Split) => record.split = true,
                Some(overrides::Action::Merge(target)) => record.forced = Some(target.clone()),
                _ => {}
            }
            records.push(record);
            merge::Cluster {
                members,
                ty,
                canonical,
                link,
                within,
                anaphors,
            }
        })
        .collect();
    // Each record's context: the identities of the other clusters of its article.
    let identities: Vec<Option<u64>> = records.iter().map(across::Record::identity).collect();
    let mut first = 0;
    while first < records.len() {
        let article = records[first].article_id.clone();
        let last = first
            + records[first..]
                .iter()
                .take_while(|r| r.article_id == article)
                .count();
        for r in first..last {
            let mut context: Vec<u64> = (first..last)
                .filter(|&o| o != r)
                .filter_map(|o| identities[o])
                .filter(|&id| Some(id) != identities[r])
                .collect();
            context.sort_unstable();
            context.dedup();
            context.truncate(across::MAX_CONTEXT);
            records[r].context = context;
        }
        first = last;
    }

    // Steps 3 and 4: cluster across articles, write entity rows.
    let clustering = across::cluster(&records, options.threshold);
    let entities = merge::build_entities(kb, &clusters, &clustering, &mut mentions);

    // Carry the ids to events and quotes.
    let entity_of: HashMap<&str, &str> = mentions
        .iter()
        .filter_map(|m| Some((m.mention_id.as_str(), m.entity_id.as_deref()?)))
        .collect();
    let mut dangling = 0_usize;
    let mut lookup = |mention_id: Option<&String>| -> Option<String> {
        let id = mention_id?;
        let found = entity_of.get(id.as_str()).map(|e| (*e).to_owned());
        if found.is_none() {
            dangling += 1;
        }
        found
    };
    for event in &mut events {
        event.actor_id = lookup(event.actor_mention_id.as_ref());
        event.target_id = lookup(event.target_mention_id.as_ref());
        event.place_id = lookup(event.place_mention_id.as_ref());
    }
    for quote in &mut quotes {
        quote.speaker_id = lookup(quote.speaker_mention_id.as_ref());
    }
    events.sort_by(|a, b| {
        (&a.article_id, a.start, a.end, &a.event_id).cmp(&(
            &b.article_id,
            b.start,
            b.end,
            &b.event_id,
        ))
    });
    event_clusters::assign(&mut events);
    quotes.sort_by(|a, b| {
        (&a.article_id, a.start, a.end, &a.quote_id).cmp(&(
            &b.article_id,
            b.start,
            b.end,
            &b.quote_id,
        ))
    });

    let linked = entities.iter().filter(|e| e.kb_id.is_some()).count();
    let linked_mentions = clusters
        .iter()
        .filter(|c| c.link.is_some())
        .map(|c| c.members.len())
        .sum();
    report.emit("mentions", mentions.len());
    report.emit(
        "mentions_resolved",
        mentions.iter().filter(|m| m.entity_id.is_some()).count(),
    );
    report.emit("mentions_linked", linked_mentions);
    report.emit(
        "mentions_anaphoric",
        clusters.iter().map(|c| c.anaphors.len()).sum(),
    );
    report.emit("entities", entities.len());
    report.emit("entities_linked", linked);
    report.emit("article_clusters", clusters.len());
    report.emit("candidate_pairs_scored", clustering.pairs_scored as usize);
    report.emit("events", events.len());
    report.emit("quotes", quotes.len());
    report.warnings.extend(warnings);
    if dangling > 0 {
        report.warnings.push(format!(
            "{dangling} event or quote reference(s) name a mention that is missing or unresolved; \
             their entity ids are left empty"
        ));
    }
    ResolveOutput {
        mentions,
        entities,
        events,
        quotes,
        report,
    }
}

/// One within-article cluster in the cross-article step: article index,
/// global member indices, type, within-article rules and global indices of
/// its pronouns and nominals.
type Clustered = (usize, Vec<usize>, EntityType, String, Vec<usize>);

/// Sorts mentions by `(article_id, start, end, entity_type)`, then by the
/// remaining columns so that equal keys still give one order.
pub(crate) fn sort_mentions(mentions: &mut [MentionRow]) {
    mentions.sort_by(|a, b| {
        (
            &a.article_id,
            a.start,
            a.end,
            &a.entity_type,
            &a.mention_id,
            &a.text,
            &a.method,
        )
            .cmp(&(
                &b.article_id,
                b.start,
                b.end,
                &b.entity_type,
                &b.mention_id,
                &b.text,
                &b.method,
            ))
            .then_with(|| a.sentence_idx.cmp(&b.sentence_idx))
            .then_with(|| a.confidence.total_cmp(&b.confidence))
            .then_with(|| a.entity_id.cmp(&b.entity_id))
    });
}
