//! The cross-article step fed one article at a time, from compact keys.
//!
//! [`CorpusResolver::add`] keeps, per article, its id and a few integers;
//! the countries it names and, per within-article cluster, its type,
//! mention count, smallest mention id and the [`Sym`]s of its distinct
//! texts and within-article rules (strings are interned once for the
//! corpus) go to a [`Store`] as bytes (a file with
//! [`CorpusResolver::spill_to`]). Mention, event and quote rows are not
//! kept, so the caller can stream them. [`CorpusResolver::finish`] then runs
//! steps 2–5 of the crate docs: it links each article's clusters, turns
//! them into clustering records sorted by the clustering order (an external
//! sort when spilling: [`Sorter`]), clusters them as they come, gathering
//! what each entity's row needs rather than its records, and returns a
//! [`CorpusResolution`]: the `entities` rows (made one at a time as the
//! caller takes them, [`EntityRows`], so they can be written as they come)
//! and the entity of each cluster, which [`CorpusResolution::fill`] writes
//! into an article's mention rows on a second pass. The result is the same
//! as [`crate::resolve_articles`] (which is built on it), spilled or not.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sitrep_core::kb::KbEntry;
use sitrep_core::tables::MentionRow;
use sitrep_core::{EntityType, KnowledgeBase, StageReport};

use crate::across::{self, Lookup, Record};
use crate::merge::{self, ClusterFacts, EntityRows, MentionId};
use crate::overrides::{self, Overrides};
use crate::spill::{Put, Sorter, Store, Take};
use crate::symbols::{Sym, Symbols};
use crate::{ArticleResolution, ResolveOptions, link};

/// One article as the cross-article step keeps it in memory; its
/// countries and clusters are bytes in the [`Store`].
#[derive(Debug)]
struct ArticleKey {
    /// Where its bytes start in the store.
    at: u64,
    /// How many bytes.
    len: u32,
    /// Its first cluster's index.
    first: u32,
    /// How many clusters it has.
    clusters: u32,
}

/// The cross-article step, fed one article at a time (see the module docs).
#[derive(Debug, Default)]
pub struct CorpusResolver {
    symbols: Symbols,
    ids: Vec<Box<str>>,
    articles: Vec<ArticleKey>,
    store: Store,
    spill: Option<PathBuf>,
    /// Records per sorted run when spilling.
    run_records: usize,
    clusters: u32,
    /// Per country code, how many articles with clusters name it.
    country_counts: BTreeMap<Sym, usize>,
    /// Articles with clusters that name a country.
    with_any: usize,
    mentions: u64,
    anaphors: u64,
    dropped: BTreeMap<String, u64>,
    buffer: Vec<u8>,
}

/// `mentions.method` of a name nested inside a longer one
/// (`sitrep_extract::mentions::NESTED`): linked like any mention, not
/// counted in `entities.mention_count`.
const NESTED_METHOD: &str = "nested";

impl CorpusResolver {
    /// A resolver that keeps its per-cluster data in files of `dir` (removed
    /// when done), so that its memory grows with the articles (a few
    /// integers each) and the distinct names, not with the clusters. The
    /// result is the same as in memory ([`CorpusResolver::default`]).
    ///
    /// # Errors
    ///
    /// When the first file cannot be created.
    pub fn spill_to(dir: &Path) -> io::Result<Self> {
        Ok(Self {
            store: Store::in_file(dir.join(".resolve-clusters.bin"))?,
            spill: Some(dir.to_path_buf()),
            run_records: crate::spill::RUN_RECORDS,
            ..Self::default()
        })
    }

    /// [`CorpusResolver::spill_to`] with sorted runs of `run_records` records.
    #[cfg(test)]
    pub(crate) fn spill_runs_of(dir: &Path, run_records: usize) -> io::Result<Self> {
        Ok(Self {
            run_records,
            ..Self::spill_to(dir)?
        })
    }

    /// Adds one article: its `mentions` and `resolution` as
    /// [`crate::resolve_article`] left them. Articles are numbered from 0 in
    /// the order added ([`CorpusResolution::fill`] takes that number); the
    /// order does not change the result.
    ///
    /// # Errors
    ///
    /// When spilling, if the file cannot be written.
    pub fn add(
        &mut self,
        article_id: &str,
        mentions: &[MentionRow],
        resolution: &ArticleResolution,
    ) -> io::Result<()> {
        self.mentions += mentions.len() as u64;
        for (reason, n) in &resolution.dropped {
            *self.dropped.entry(reason.clone()).or_default() += u64::from(*n);
        }
        let first = self.clusters;
        let count = u32::try_from(resolution.clusters.len()).expect("fewer than 2^32 clusters");
        let mut bytes = std::mem::take(&mut self.buffer);
        bytes.clear();
        bytes.put_u32(resolution.countries.len() as u32);
        for (code, n) in &resolution.countries {
            let code = self.symbols.intern(code);
            bytes.put_u32(code);
            bytes.put_u32(*n);
            if count > 0 {
                *self.country_counts.entry(code).or_default() += 1;
            }
        }
        if count > 0 && !resolution.countries.is_empty() {
            self.with_any += 1;
        }
        bytes.put_u32(count);
        let mut texts: Vec<Sym> = Vec::new();
        for (k, cluster) in resolution.clusters.iter().enumerate() {
            texts.clear();
            let mut earliest: Option<&str> = None;
            for &m in &cluster.members {
                let row = &mentions[m as usize];
                let text = self.symbols.intern(&row.text);
                if !texts.contains(&text) {
                    texts.push(text);
                }
                if earliest.is_none_or(|e| row.mention_id.as_str() < e) {
                    earliest = Some(&row.mention_id);
                }
            }
            self.anaphors += cluster.anaphors.len() as u64;
            ClusterFacts {
                index: first + k as u32,
                ty: cluster.ty(),
                // Names nested inside longer ones (`Texas` in `University
                // of Texas`) take the entity's id but are not mentions of
                // it in their own right: they are not counted.
                members: cluster
                    .members
                    .iter()
                    .filter(|&&m| mentions[m as usize].method != NESTED_METHOD)
                    .count() as u32,
                texts: texts.as_slice().into(),
                earliest: MentionId::new(earliest.unwrap_or_default()),
                link: None,
                within: self.symbols.intern(&cluster.within),
            }
            .encode(&mut bytes);
        }
        let at = self.store.append(&bytes)?;
        self.articles.push(ArticleKey {
            at,
            len: u32::try_from(bytes.len()).expect("an article under 4 GiB"),
            first,
            clusters: count,
        });
        self.ids.push(article_id.into());
        self.buffer = bytes;
        self.clusters = first.checked_add(count).expect("fewer than 2^32 clusters");
        Ok(())
    }

    /// Runs steps 2–5 (linking, clustering across articles, `overrides`,
    /// entity rows) over the articles added; the `resolve` report counts
    /// mentions and entities (events and quotes are the caller's).
    ///
    /// # Errors
    ///
    /// When spilling, if a file cannot be written or read.
    pub fn finish(
        self,
        kb: &KnowledgeBase,
        options: &ResolveOptions,
        overrides: &Overrides,
    ) -> io::Result<CorpusResolution> {
        let Self {
            mut symbols,
            ids,
            articles,
            mut store,
            spill,
            run_records,
            clusters,
            country_counts,
            with_any,
            mentions,
            anaphors,
            dropped,
            buffer: mut bytes,
        } = self;
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
        order.sort_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]).then(a.cmp(&b)));

        // Step 2: links in the context of the countries each article is about.
        let counts: BTreeMap<&str, usize> = country_counts
            .iter()
            .map(|(&code, &n)| (symbols.get(code), n))
            .collect();
        let corpus = link::Context {
            countries: link::corpus_countries_counted(&counts, with_any),
            from_corpus: true,
            weights: BTreeMap::new(),
        };
        drop(counts);
        // Country sets by index (0: the corpus's), and the linked entries.
        let mut country_sets: Vec<Arc<BTreeSet<String>>> = vec![Arc::new(corpus.countries.clone())];
        let mut set_of: HashMap<Vec<Sym>, u32> = HashMap::new();
        let mut entries: Vec<&KbEntry> = Vec::new();
        let mut entry_of: HashMap<*const KbEntry, u32> = HashMap::new();
        let mut warnings = BTreeSet::new();
        let mut sorter = Sorter::new(spill.as_deref(), run_records);
        let mut group: Vec<Record> = Vec::new();
        let (mut linked_mentions, mut resolved) = (0_u64, anaphors);
        for (at, &a) in order.iter().enumerate() {
            let article = &articles[a as usize];
            let mut take = Take(store.read(article.at, article.len as usize, &mut bytes)?);
            let countries: Vec<(Sym, u32)> =
                (0..take.u32()).map(|_| (take.u32(), take.u32())).collect();
            let facts: Vec<ClusterFacts> = (0..take.u32())
                .map(|_| ClusterFacts::decode(&mut take))
                .collect();
            let (context, set) = if countries.is_empty() {
                (corpus.clone(), 0)
            } else {
                let context = link::Context {
                    countries: countries
                        .iter()
                        .map(|&(c, _)| symbols.get(c).to_owned())
                        .collect(),
                    from_corpus: false,
                    weights: countries
                        .iter()
                        .map(|&(c, n)| (symbols.get(c).to_owned(), n as usize))
                        .collect(),
                };
                let key: Vec<Sym> = countries.iter().map(|&(c, _)| c).collect();
                let set = *set_of.entry(key).or_insert_with(|| {
                    country_sets.push(Arc::new(context.countries.clone()));
                    (country_sets.len() - 1) as u32
                });
                (context, set)
            };
            for mut cluster in facts {
                let ty: EntityType = cluster.ty;
                let texts: Vec<String> = cluster
                    .texts
                    .iter()
                    .map(|&t| symbols.get(t).to_owned())
                    .collect();
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
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
                resolved += u64::from(cluster.members);
                if let Some(l) = &found {
                    linked_mentions += u64::from(cluster.members);
                    let entry = *entry_of
                        .entry(std::ptr::from_ref(l.entry))
                        .or_insert_with(|| {
                            entries.push(l.entry);
                            (entries.len() - 1) as u32
                        });
                    cluster.link = Some(merge::Link {
                        entry,
                        score: l.score,
                        reason: symbols.intern(&l.reason),
                    });
                }
                let mut record = Record::new(
                    cluster,
                    &texts,
                    found.as_ref().map(|l| l.entry.kb_id.as_str()),
                    set,
                    a,
                    &mut symbols,
                );
                match rule {
                    Some(overrides::Action::Split) => record.split = true,
                    Some(overrides::Action::Merge(target)) => {
                        record.forced = Some(symbols.intern(target));
                    }
                    _ => {}
                }
                record.set_order(&ids[a as usize], &symbols);
                group.push(record);
            }
            // Each record's context: the identities of the other clusters
            // of its article (articles of one id together).
            let last_of_group = order
                .get(at + 1)
                .is_none_or(|&next| ids[next as usize] != ids[a as usize]);
            if last_of_group {
                let mut identities: Vec<u64> = group.iter().filter_map(Record::identity).collect();
                identities.sort_unstable();
                identities.dedup();
                identities.truncate(across::MAX_CONTEXT + 1);
                let shared: Arc<[u64]> = identities.into();
                for mut record in group.drain(..) {
                    record.article_context = shared.clone();
                    sorter.push(record)?;
                }
            }
        }
        drop(store);

        // Steps 3 and 4: cluster across articles, write entity rows.
        let lookup = Lookup {
            symbols: &symbols,
            country_sets: &country_sets,
        };
        let mut clustering = across::cluster(
            sorter.sorted()?,
            clusters as usize,
            &lookup,
            options.threshold,
        )?;
        // In how many articles (of distinct ids) each entity is named.
        let mut named: Vec<u32> = Vec::new();
        let mut at = 0;
        while at < order.len() {
            let id = &ids[order[at] as usize];
            named.clear();
            while let Some(&a) = order.get(at).filter(|&&a| ids[a as usize] == *id) {
                let article = &articles[a as usize];
                let range = article.first as usize..(article.first + article.clusters) as usize;
                named.extend_from_slice(&clustering.entity_of[range]);
                at += 1;
            }
            named.sort_unstable();
            named.dedup();
            for &e in &named {
                clustering.entities[e as usize].articles += 1;
            }
        }
        let pairs_scored = clustering.pairs_scored;
        let (entities, entity_of, entity_ids) =
            merge::plan_entities(kb, &entries, symbols, ids, clustering);

        report.emit("mentions", mentions as usize);
        report.emit("mentions_resolved", resolved as usize);
        report.emit("mentions_linked", linked_mentions as usize);
        report.emit("mentions_anaphoric", anaphors as usize);
        report.emit("entities", entities.len());
        report.emit("entities_linked", entities.linked());
        report.emit("article_clusters", clusters as usize);
        report.emit("candidate_pairs_scored", pairs_scored as usize);
        report.warnings.extend(warnings);
        Ok(CorpusResolution {
            first_cluster: articles.iter().map(|a| a.first).collect(),
            entity_ids,
            entities,
            entity_of,
            report,
        })
    }
}

/// What [`CorpusResolver::finish`] found: the `entities` rows and the
/// entity of every within-article cluster.
#[derive(Debug, Default)]
pub struct CorpusResolution {
    /// `entities` rows, sorted by `entity_id`, made as they are taken
    /// (write them as they come, or `collect` them).
    pub entities: EntityRows,
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
