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

use std::collections::HashMap;

use sitrep_core::tables::{EntityRow, EventRow, MentionRow, QuoteRow};
use sitrep_core::{EntityType, KnowledgeBase, StageReport};

pub use article::{ArticleCluster, ArticleResolution, resolve_article};
pub use corpus::{CorpusResolution, CorpusResolver};
pub use event_clusters::{EventClusters, assign as assign_event_clusters};
pub use merge::EntityRows;
pub use overrides::Overrides;

pub mod across;
pub mod anaphora;
mod article;
mod corpus;
mod event_clusters;
pub mod link;
pub mod merge;
mod names;
pub mod overrides;
mod spill;
pub mod sports;
mod symbols;
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

/// Gives an event role filled by a pronoun or a description (`express her
/// support`, `the minister met`) the named mention that [`annotate_mentions`]
/// found for it, as [`speakers_from_antecedents`] does for quotes: the role's
/// noun phrase (in `doc`'s events layer) is the span of a `pronoun` or
/// `nominal` mention with an antecedent, and `actor_mention_id` (or
/// `target_mention_id`) becomes that antecedent, so the role's entity id is
/// the named one after resolution; `actor_text`/`target_text` keep what is
/// written. `events` are the rows of `doc`'s events layer in its order,
/// `mentions` one article's rows after [`annotate_mentions`].
pub fn roles_from_antecedents(
    doc: &sitrep_core::Doc,
    events: &mut [EventRow],
    mentions: &[MentionRow],
) {
    let linked: HashMap<(i64, i64), &str> = mentions
        .iter()
        .filter(|m| m.method == anaphora::PRONOUN || m.method == anaphora::NOMINAL)
        .filter_map(|m| Some(((m.start, m.end), m.antecedent_id.as_deref()?)))
        .collect();
    if linked.is_empty() {
        return;
    }
    for (row, event) in events.iter_mut().zip(doc.events()) {
        for (phrase, mention_id) in [
            (event.actor_phrase, &mut row.actor_mention_id),
            (event.target_phrase, &mut row.target_mention_id),
        ] {
            if mention_id.is_some() {
                continue;
            }
            if let Some(antecedent) = phrase.and_then(|span| linked.get(&doc.char_span(span))) {
                *mention_id = Some((*antecedent).to_owned());
            }
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
    let mut resolver = CorpusResolver::default();
    for article in &articles {
        resolver
            .add(
                &article.mentions[0].article_id,
                &article.mentions,
                &article.resolution,
            )
            .expect("an in-memory resolver does no I/O");
    }
    let resolution = resolver
        .finish(kb, options, overrides)
        .expect("an in-memory resolver does no I/O");
    let mut mentions: Vec<MentionRow> =
        Vec::with_capacity(articles.iter().map(|a| a.mentions.len()).sum());
    for (a, mut article) in articles.into_iter().enumerate() {
        resolution.fill(a, &mut article.mentions, &article.resolution);
        mentions.extend(article.mentions);
    }
    let CorpusResolution {
        entities,
        mut report,
        ..
    } = resolution;

    let dangling = carry_entity_ids(&mentions, &mut events, &mut quotes);
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

    report.emit("events", events.len());
    report.emit("quotes", quotes.len());
    if dangling > 0 {
        report.warnings.push(format!(
            "{dangling} event or quote reference(s) name a mention that is missing or unresolved; \
             their entity ids are left empty"
        ));
    }
    ResolveOutput {
        mentions,
        entities: entities.collect(),
        events,
        quotes,
        report,
    }
}

/// Sets the entity ids of `events` (actor, target, place) and `quotes`
/// (speaker) from the entity of the mention each names, among `mentions`;
/// returns how many named a mention that is missing or has no entity
/// (their ids are left empty).
pub fn carry_entity_ids(
    mentions: &[MentionRow],
    events: &mut [EventRow],
    quotes: &mut [QuoteRow],
) -> usize {
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
    for event in events {
        event.actor_id = lookup(event.actor_mention_id.as_ref());
        event.target_id = lookup(event.target_mention_id.as_ref());
        event.place_id = lookup(event.place_mention_id.as_ref());
    }
    for quote in quotes {
        quote.speaker_id = lookup(quote.speaker_mention_id.as_ref());
    }
    dangling
}

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
