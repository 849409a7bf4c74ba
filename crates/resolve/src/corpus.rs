//! The cross-article step fed one article at a time, from compact keys.
//!
//! [`CorpusResolver::add`] keeps, per article, its id, the countries it
//! names and, per within-article cluster, a few integers: type, mention
//! and anaphor counts, the smallest mention id and the [`Sym`]s of its
//! distinct texts and within-article rules (strings are interned once for
//! the corpus). Mention, event and quote rows are not kept, so the caller
//! can stream them. [`CorpusResolver::finish`] then runs steps 2–5 of the
//! crate docs over those keys and returns a [`CorpusResolution`]: the
//! `entities` rows and the entity of each cluster, which
//! [`CorpusResolution::fill`] writes into an article's mention rows on a
//! second pass. The result is the same as [`crate::resolve_articles`] (which
//! is built on it).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use sitrep_core::tables::{EntityRow, MentionRow};
use sitrep_core::{KnowledgeBase, StageReport};

use crate::across::{self, Record};
use crate::merge::{self, Cluster, MentionId};
use crate::overrides::{self, Overrides};
use crate::symbols::{Sym, Symbols};
use crate::{ArticleResolution, ResolveOptions, link};

/// One article as the cross-article step keeps it.
#[derive(Debug)]
struct ArticleKey {
    /// Its id.
    id: Arc<str>,
    /// Country codes it names, with how many of its clusters name each.
    countries: Box<[(Sym, u32)]>,
    /// Its first cluster in [`CorpusResolver`]'s list.
    first: u32,
    /// How many clusters it has.
    clusters: u32,
}

/// The cross-article step, fed one article at a time (see the module docs).
#[derive(Debug, Default)]
pub struct CorpusResolver {
    symbols: Symbols,
    articles: Vec<ArticleKey>,
    clusters: Vec<Cluster<'static>>,
    arena: Vec<Sym>,
    mentions: u64,
    anaphors: u64,
    dropped: BTreeMap<String, u64>,
}

impl CorpusResolver {
    /// Adds one article: its `mentions` and `resolution` as
    /// [`crate::resolve_article`] left them. Articles are numbered from 0 in
    /// the order added ([`CorpusResolution::fill`] takes that number); the
    /// order does not change the result.
    pub fn add(
        &mut self,
        article_id: &str,
        mentions: &[MentionRow],
        resolution: &ArticleResolution,
    ) {
        self.mentions += mentions.len() as u64;
        for (reason, n) in &resolution.dropped {
            *self.dropped.entry(reason.clone()).or_default() += u64::from(*n);
        }
        let first = u32::try_from(self.clusters.len()).expect("fewer than 2^32 clusters");
        for cluster in &resolution.clusters {
            let texts_at = u32::try_from(self.arena.len()).expect("fewer than 2^32 texts");
            let mut earliest: Option<&str> = None;
            for &m in &cluster.members {
                let row = &mentions[m as usize];
                let text = self.symbols.intern(&row.text);
                if !self.arena[texts_at as usize..].contains(&text) {
                    self.arena.push(text);
                }
                if earliest.is_none_or(|e| row.mention_id.as_str() < e) {
                    earliest = Some(&row.mention_id);
                }
            }
            self.anaphors += cluster.anaphors.len() as u64;
            self.clusters.push(Cluster {
                ty: cluster.ty(),
                members: cluster.members.len() as u32,
                texts_at,
                texts_len: self.arena.len() as u32 - texts_at,
                earliest: MentionId::new(earliest.unwrap_or_default()),
                link: None,
                within: self.symbols.intern(&cluster.within),
            });
        }
        let countries = resolution
            .countries
            .iter()
            .map(|(code, n)| (self.symbols.intern(code), *n))
            .collect();
        self.articles.push(ArticleKey {
            id: article_id.into(),
            countries,
            first,
            clusters: resolution.clusters.len() as u32,
        });
    }

    /// Runs steps 2–5 (linking, clustering across articles, `overrides`,
    /// entity rows) over the articles added; the `resolve` report counts
    /// mentions and entities (events and quotes are the caller's).
    #[must_use]
    pub fn finish<'kb>(
        self,
        kb: &'kb KnowledgeBase,
        options: &ResolveOptions,
        overrides: &Overrides,
    ) -> CorpusResolution {
        let Self {
            mut symbols,
            articles,
            clusters,
            arena,
            mentions,
            anaphors,
            dropped,
        } = self;
        let mut clusters: Vec<Cluster<'kb>> = clusters;
        let mut report = StageReport::new("resolve");
        for (reason, n) in &dropped {
            for _ in 0..*n {
                report.drop_one(reason);
            }
        }
        report.received = mentions;

        // Articles with clusters, by id (ties in the order added).
        let mut order: Vec<u32> = (0..articles.len() as u32)
            .filter(|&a| articles[a as usize].clusters > 0)
            .collect();
        order.sort_by(|&a, &b| {
            articles[a as usize]
                .id
                .cmp(&articles[b as usize].id)
                .then(a.cmp(&b))
        });

        // Step 2: links in the context of the countries each article is about.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut with_any = 0;
        for &a in &order {
            let article = &articles[a as usize];
            with_any += usize::from(!article.countries.is_empty());
            for &(code, _) in &article.countries {
                *counts.entry(symbols.get(code)).or_default() += 1;
            }
        }
        let corpus = link::Context {
            countries: link::corpus_countries_counted(&counts, with_any),
            from_corpus: true,
            weights: BTreeMap::new(),
        };
        drop(counts);
        let corpus_countries = Arc::new(corpus.countries.clone());
        let mut country_sets: HashMap<Vec<Sym>, Arc<BTreeSet<String>>> = HashMap::new();
        let mut warnings = BTreeSet::new();
        let mut records: Vec<Record> = Vec::with_capacity(clusters.len());
        let mut entry_of: Vec<u32> = Vec::with_capacity(clusters.len());
        let mut group_start = 0;
        for (at, &a) in order.iter().enumerate() {
            let article = &articles[a as usize];
            let (context, shared) = if article.countries.is_empty() {
                (corpus.clone(), corpus_countries.clone())
            } else {
                let context = link::Context {
                    countries: article
                        .countries
                        .iter()
                        .map(|&(c, _)| symbols.get(c).to_owned())
                        .collect(),
                    from_corpus: false,
                    weights: article
                        .countries
                        .iter()
                        .map(|&(c, n)| (symbols.get(c).to_owned(), n as usize))
                        .collect(),
                };
                let key: Vec<Sym> = article.countries.iter().map(|&(c, _)| c).collect();
                let shared = country_sets
                    .entry(key)
                    .or_insert_with(|| Arc::new(context.countries.clone()))
                    .clone();
                (context, shared)
            };
            for entry in article.first..article.first + article.clusters {
                let cluster = &mut clusters[entry as usize];
                let ty = cluster.ty;
                let texts: Vec<&str> = cluster
                    .texts(&arena)
                    .iter()
                    .map(|&t| symbols.get(t))
                    .collect();
                let mut found = link::link_cluster(kb, &texts, ty, &context, &mut warnings);
                let rule = overrides.find(ty, &texts);
                match rule {
                    Some(overrides::Action::Link(id)) => {
                        found = kb.get(id).map(|entry| link::Link {
                            entry,
                            score: 1.0,
                            reason: format!("override: link {id}"),
                        });
                    }
                    Some(overrides::Action::Unlink) => found = None,
                    _ => {}
                }
                let texts: Vec<String> = texts.into_iter().map(str::to_owned).collect();
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                let mut record = Record::new(
                    ty,
                    &texts,
                    found.as_ref().map(|l| l.entry.kb_id.as_str()),
                    shared.clone(),
                    article.id.clone(),
                    &mut symbols,
                );
                match rule {
                    Some(overrides::Action::Split) => record.split = true,
                    Some(overrides::Action::Merge(target)) => {
                        record.forced = Some(symbols.intern(target));
                    }
                    _ => {}
                }
                cluster.link = found.map(|l| merge::Link {
                    entry: l.entry,
                    score: l.score,
                    reason: symbols.intern(&l.reason),
                });
                records.push(record);
                entry_of.push(entry);
            }
            // Each record's context: the identities of the other clusters
            // of its article (articles of one id together).
            let last_of_group = order
                .get(at + 1)
                .is_none_or(|&next| articles[next as usize].id != article.id);
            if last_of_group {
                let group = &mut records[group_start..];
                let mut identities: Vec<u64> = group.iter().filter_map(Record::identity).collect();
                identities.sort_unstable();
                identities.dedup();
                identities.truncate(across::MAX_CONTEXT + 1);
                let shared: Arc<[u64]> = identities.into();
                for record in group {
                    record.article_context = shared.clone();
                }
                group_start = records.len();
            }
        }

        // Steps 3 and 4: cluster across articles, write entity rows.
        let clustering = across::cluster(&records, &symbols, options.threshold);
        let parts = merge::Parts {
            clusters: &clusters,
            records: &records,
            entry_of: &entry_of,
            arena: &arena,
            symbols: &symbols,
        };
        let (entities, entity_of) = merge::build_entities(kb, &parts, &clustering);

        let linked = entities.iter().filter(|e| e.kb_id.is_some()).count();
        let linked_mentions: u64 = clusters
            .iter()
            .filter(|c| c.link.is_some())
            .map(|c| u64::from(c.members))
            .sum();
        let resolved: u64 = clusters.iter().map(|c| u64::from(c.members)).sum::<u64>() + anaphors;
        report.emit("mentions", mentions as usize);
        report.emit("mentions_resolved", resolved as usize);
        report.emit("mentions_linked", linked_mentions as usize);
        report.emit("mentions_anaphoric", anaphors as usize);
        report.emit("entities", entities.len());
        report.emit("entities_linked", linked);
        report.emit("article_clusters", clusters.len());
        report.emit("candidate_pairs_scored", clustering.pairs_scored as usize);
        report.warnings.extend(warnings);
        CorpusResolution {
            first_cluster: articles.iter().map(|a| a.first).collect(),
            entity_ids: entities.iter().map(|e| e.entity_id.clone()).collect(),
            entities,
            entity_of,
            report,
        }
    }
}

/// What [`CorpusResolver::finish`] found: the `entities` rows and the
/// entity of every within-article cluster.
#[derive(Debug, Default)]
pub struct CorpusResolution {
    /// `entities` rows, sorted by `entity_id`.
    pub entities: Vec<EntityRow>,
    /// The `resolve` report so far (no `events` or `quotes` counts).
    pub report: StageReport,
    /// Per article (in the order added), the index of its first cluster.
    first_cluster: Vec<u32>,
    /// Per cluster (in the order added), its entity's index in `entity_ids`.
    entity_of: Vec<u32>,
    /// The entity ids, sorted (kept when `entities` is taken).
    entity_ids: Vec<String>,
}

impl CorpusResolution {
    /// Sets `entity_id` of the mentions of article `article` (numbered in
    /// the order [`CorpusResolver::add`] saw them): `mentions` and
    /// `resolution` are the ones added. Mentions in no cluster keep none.
    pub fn fill(
        &self,
        article: usize,
        mentions: &mut [MentionRow],
        resolution: &ArticleResolution,
    ) {
        let first = self.first_cluster[article] as usize;
        for (k, cluster) in resolution.clusters.iter().enumerate() {
            let id = &self.entity_ids[self.entity_of[first + k] as usize];
            for &m in cluster.members.iter().chain(&cluster.anaphors) {
                mentions[m as usize].entity_id = Some(id.clone());
            }
        }
    }
}
