//! Reading the output tables back from Parquet into their typed rows.
//!
//! Each table is read with polars, every declared column is looked up by name
//! and cast to its declared type (so an all-null column stored as the Null
//! type, or an `Int32` offset, still loads), then rows are rebuilt with
//! [`Table::from_cells`]. Extra columns are ignored.
//!
//! `articles.parquet` is required; any other missing table is read as empty
//! and noted as a warning, so a report can be made from a partial run.
//!
//! Only what the report shows is read, and only what it can show is kept:
//! of the articles, their counts, each id's rank in report order with its
//! publication date, the rows (without `text`) of the digested ones and
//! the headlines of those that listed rows name (a second read); of the
//! `sentences` table only its row count and the texts the report quotes
//! (the sentence of each listed event, the first body sentence of each
//! digest); mentions of names only for the digested articles (each
//! entity's confidence summed, and the sentences the network's entities
//! share counted, as the rows go by); events counted by type, actor, date
//! and digested article, with the rows of the first listed; relations
//! counted by what they join; the first quotes, quantities and day dates
//! in report order (with the counts of all, the dates by month and the
//! first date stated in each undated event's sentence). Every table is
//! read one row group at a time. So the report's memory grows with its
//! entities, the distinct values it counts (types, actors, dates,
//! relations) and an id and a few integers per article and undated event,
//! not with the corpus's rows.
//!
//! Known misses: a run without an `entities` table keeps every mention.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use sitrep_core::Table;
use sitrep_core::table::{ColumnType, OwnedCell};
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow,
    RelationRow, SentenceRow,
};

use crate::ReportError;
use crate::summary::{MAX_DIGESTS, MAX_EVENTS, MAX_LIST, MAX_QUOTED_CHARS, clip};

/// What the report needs of the output tables: counts and aggregates of
/// every row, and the few rows it lists.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    /// Counts of all articles, their report order, and the rows of the
    /// digested ones.
    pub(crate) articles: Articles,
    /// Rows of the `sentences` table.
    pub(crate) sentence_count: usize,
    /// Texts of the sentences the report quotes, by `(article_id,
    /// sentence_idx)`, cut to [`MAX_QUOTED_CHARS`]: the sentence of each
    /// event it lists (the first [`MAX_EVENTS`]).
    pub(crate) event_sentences: HashMap<(String, i64), String>,
    /// First sentence at or after `body_start` of the articles that get a
    /// digest (cut to [`MAX_QUOTED_CHARS`]), by `article_id`.
    pub(crate) first_sentences: HashMap<String, String>,
    /// Mentions of names (not pronouns or nominals): with an `entities`
    /// table, only those of the digested articles; else all.
    pub(crate) mentions: Vec<MentionRow>,
    /// Entities without the columns the report never shows (aliases,
    /// merge evidence, link score, geo precision, Wikidata id).
    pub(crate) entities: Vec<EntityRow>,
    /// Events counted and the first listed.
    pub(crate) events: Events,
    /// The first [`MAX_LIST`] quotes in report order.
    pub(crate) quotes: Vec<QuoteRow>,
    /// Relations counted by what they join.
    pub(crate) relations: Relations,
    /// The first [`MAX_LIST`] quantities in report order.
    pub(crate) quantities: Vec<QuantityRow>,
    /// The first [`MAX_LIST`] day dates in report order.
    pub(crate) dates: Vec<DateRow>,
    /// The first day-, week- or month-precision date stated in the
    /// sentence of each event without a date of its own, by (article key,
    /// `sentence_idx`) (see [`Articles::key`]).
    pub(crate) sentence_dates: HashMap<(u32, i64), NaiveDate>,
    pub(crate) rejected: Vec<RejectedRow>,
    /// Rows of the tables held only in part.
    pub(crate) counts: Counts,
    /// Per entity id, the sum of its mentions' confidences (in table
    /// order) and their number; `None` when there is no `entities` table
    /// (then `mentions` holds every row).
    pub(crate) confidence: Option<HashMap<String, (f64, usize)>>,
    /// Quotes of each digested article.
    pub(crate) quotes_per_article: HashMap<String, usize>,
    /// With an `entities` table: for each pair of the entities the network
    /// can show (ids in order), in how many sentences both are named
    /// (counted while reading, so their mentions need not be kept).
    pub(crate) sentence_pairs: Option<HashMap<(String, String), usize>>,
    /// Day- and month-precision dates per (year, month).
    pub(crate) month_counts: BTreeMap<(i32, u32), usize>,
}

/// The articles as the report uses them: counts of all; each id's rank in
/// report order (published, undated last, then headline, then id) and
/// publication date; the rows (without `text`) of the articles that get a digest; the
/// cut headlines of the articles that listed rows name. So a corpus of
/// many articles costs a few integers and its id per article.
#[derive(Debug, Default)]
pub(crate) struct Articles {
    /// Rows of the `articles` table.
    pub(crate) count: usize,
    /// Articles whose text repeats an earlier one.
    pub(crate) duplicates: usize,
    /// Sum of `word_count`.
    pub(crate) words: i64,
    /// Earliest and latest publication date.
    pub(crate) published_range: Option<(NaiveDate, NaiveDate)>,
    /// Articles that are not duplicates.
    pub(crate) originals: usize,
    /// The first [`MAX_DIGESTS`] originals in report order.
    pub(crate) digested: Vec<Article>,
    /// Each article id's key: its rank in report order; ids that only
    /// other tables name get keys from `count` on, as they are met.
    keys: ArticleKeys,
    /// Publication date by rank.
    published: Vec<Option<NaiveDate>>,
    /// Headlines cut to [`MAX_QUOTED_CHARS`] by rank, of the articles that
    /// listed rows name.
    headlines: HashMap<u32, String>,
}

impl Articles {
    /// The article's rank in report order (`usize::MAX` when the
    /// `articles` table does not have it).
    pub(crate) fn rank(&self, id: &str) -> usize {
        match self.keys.get(id) {
            Some(key) if (key as usize) < self.count => key as usize,
            _ => usize::MAX,
        }
    }

    /// The article's key if it has one (see [`Articles::key`]).
    pub(crate) fn find(&self, id: &str) -> Option<u32> {
        self.keys.get(id)
    }

    /// The article's key: its rank, or a number from `count` on for an id
    /// the `articles` table does not have (the same number each time).
    fn key(&mut self, id: &str) -> u32 {
        if let Some(key) = self.keys.get(id) {
            return key;
        }
        let key = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.keys.other.insert(id.into(), key);
        key
    }

    /// The article's publication date.
    pub(crate) fn published(&self, id: &str) -> Option<NaiveDate> {
        self.published.get(self.rank(id)).copied().flatten()
    }

    /// The publication date of the article with this key.
    pub(crate) fn published_by_key(&self, key: u32) -> Option<NaiveDate> {
        self.published.get(key as usize).copied().flatten()
    }

    /// The article's headline cut to [`MAX_QUOTED_CHARS`], or
    /// `(article ID)` when the `articles` table does not have it.
    pub(crate) fn headline(&self, id: &str) -> String {
        let rank = self.rank(id);
        match self.headlines.get(&(rank as u32)) {
            Some(headline) if rank != usize::MAX => headline.clone(),
            _ => format!("(article {id})"),
        }
    }

    /// Reads what [`Articles`] keeps of `<dir>/articles.parquet` but the
    /// headlines (see [`Articles::read_headlines`]).
    fn read(dir: &Path, warnings: &mut Vec<String>) -> Result<Self, ReportError> {
        // Every article's sort key in report order: its headline and id are
        // ranges of one text, so sorting costs their bytes and a few
        // integers per article, not two strings each.
        let mut text = String::new();
        let mut rows: Vec<SortKey> = Vec::with_capacity(row_count::<Article>(dir)?);
        let mut articles = Self::default();
        for_each_row::<Article>(dir, &ARTICLE_COLUMNS_UNREAD_FOR_ORDER, warnings, |a| {
            articles.words += a.word_count;
            if a.duplicate_of.is_some() {
                articles.duplicates += 1;
            }
            let start = text.len();
            text.push_str(&a.headline);
            text.push_str(&a.article_id);
            rows.push(SortKey {
                published: a.published,
                start,
                headline: a.headline.len(),
                id: a.article_id.len(),
                duplicate: a.duplicate_of.is_some(),
            });
        })?;
        articles.count = rows.len();
        let published = rows.iter().filter_map(|r| r.published);
        articles.published_range = published.clone().min().zip(published.max());
        // Report order: published (undated last), headline, id.
        rows.sort_by(|a, b| {
            (
                a.published.is_none(),
                a.published,
                a.headline(&text),
                a.id(&text),
            )
                .cmp(&(
                    b.published.is_none(),
                    b.published,
                    b.headline(&text),
                    b.id(&text),
                ))
        });
        let mut digested: HashMap<Box<str>, usize> = HashMap::new();
        articles.published = Vec::with_capacity(rows.len());
        for (rank, row) in rows.iter().enumerate() {
            articles.published.push(row.published);
            let id = row.id(&text);
            if !row.duplicate {
                if articles.originals < MAX_DIGESTS {
                    digested.insert(id.into(), articles.originals);
                }
                articles.originals += 1;
            }
            articles.keys.push(id, rank as u32);
        }
        drop((rows, text));
        articles.keys.seal();
        // The digested articles' rows, in report order.
        let mut rows: Vec<Option<Article>> = vec![None; digested.len()];
        for_each_row::<Article>(dir, &["text"], &mut Vec::new(), |a| {
            if let Some(&at) = digested.get(a.article_id.as_str()) {
                rows[at] = Some(a);
            }
        })?;
        articles.digested = rows.into_iter().flatten().collect();
        Ok(articles)
    }

    /// Reads the headlines of the articles `ids` name (cut to
    /// [`MAX_QUOTED_CHARS`]).
    fn read_headlines<'a>(
        &mut self,
        dir: &Path,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ReportError> {
        let wanted: HashSet<u32> = ids
            .into_iter()
            .map(|id| self.rank(id))
            .filter(|&rank| rank != usize::MAX)
            .map(|rank| rank as u32)
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut headlines = HashMap::with_capacity(wanted.len());
        for_each_row::<Article>(
            dir,
            &ARTICLE_COLUMNS_UNREAD_FOR_ORDER,
            &mut Vec::new(),
            |a| {
                let rank = self.rank(&a.article_id);
                if rank != usize::MAX && wanted.contains(&(rank as u32)) {
                    headlines.insert(rank as u32, clip(&a.headline, MAX_QUOTED_CHARS));
                }
            },
        )?;
        self.headlines = headlines;
        Ok(())
    }
}

/// An article's place in the report order while the articles are sorted:
/// its publication date, and its headline and id as ranges of one text.
struct SortKey {
    published: Option<NaiveDate>,
    /// Where its headline starts in the text (its id follows it).
    start: usize,
    /// Length of its headline in bytes.
    headline: usize,
    /// Length of its id in bytes.
    id: usize,
    /// Whether its text repeats an earlier article's.
    duplicate: bool,
}

impl SortKey {
    fn headline<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.start + self.headline]
    }

    fn id<'a>(&self, text: &'a str) -> &'a str {
        let start = self.start + self.headline;
        &text[start..start + self.id]
    }
}

/// Article ids and their keys ([`Articles::key`]), compactly: an id of the
/// pipeline's form (`art_` and 16 lower-case hex digits) as its number in
/// a list sorted by it (12 bytes an article), any other in a map.
#[derive(Debug, Default)]
struct ArticleKeys {
    /// Numbers of ids of the pipeline's form with their keys, sorted by
    /// number once [`ArticleKeys::seal`]ed.
    numbered: Vec<(u64, u32)>,
    /// Ids of any other form, and those added after the seal.
    other: HashMap<Box<str>, u32>,
}

impl ArticleKeys {
    /// The number of an id of the pipeline's form.
    fn number(id: &str) -> Option<u64> {
        let hex = id.strip_prefix("art_")?;
        let lower_hex = hex.len() == 16
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        lower_hex
            .then(|| u64::from_str_radix(hex, 16).ok())
            .flatten()
    }

    /// Adds `id` with `key` (before the seal; a repeated id keeps its last key).
    fn push(&mut self, id: &str, key: u32) {
        match Self::number(id) {
            Some(number) => self.numbered.push((number, key)),
            None => {
                self.other.insert(id.into(), key);
            }
        }
    }

    /// Sorts the numbered ids for lookups, each once with its last key.
    fn seal(&mut self) {
        self.numbered.sort_unstable();
        self.numbered.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = later.1;
            }
            same
        });
        self.numbered.shrink_to_fit();
    }

    /// The key of `id`.
    fn get(&self, id: &str) -> Option<u32> {
        if let Some(number) = Self::number(id)
            && let Ok(at) = self.numbered.binary_search_by_key(&number, |&(n, _)| n)
        {
            return Some(self.numbered[at].1);
        }
        self.other.get(id).copied()
    }

    /// How many distinct ids have keys.
    fn len(&self) -> usize {
        self.numbered.len() + self.other.len()
    }
}

/// Columns of `articles` not read for the report order and counts.
const ARTICLE_COLUMNS_UNREAD_FOR_ORDER: [&str; 14] = [
    "source_path",
    "source_format",
    "source_line_start",
    "source_line_end",
    "encoding",
    "outlet",
    "url",
    "published_precision",
    "published_source",
    "published_evidence",
    "captions",
    "caption_credits",
    "text",
    "body_start",
];

/// The events as the report uses them: counts by type, actor, date and
/// digested article, and the rows of the first it lists.
#[derive(Debug, Default)]
pub(crate) struct Events {
    /// Rows of the `events` table.
    pub(crate) total: usize,
    /// The first [`MAX_EVENTS`] in report order
    /// ([`crate::summary::event_order`]).
    pub(crate) listed: Vec<EventRow>,
    /// Events per PLOVER type, `TYPE (mode)` when a mode is given.
    pub(crate) plover: HashMap<String, usize>,
    /// Events per ACLED type, `type / subtype` when a subtype is given.
    pub(crate) acled: HashMap<String, usize>,
    /// Events per (`actor_id`, `actor_text`).
    pub(crate) actors: HashMap<(Option<String>, Option<String>), usize>,
    /// Events with a date of their own, per (date, PLOVER type).
    pub(crate) dated: BTreeMap<(NaiveDate, String), usize>,
    /// Events without a date of their own, per (article key, sentence,
    /// PLOVER type index in `types`): their timeline date comes from their
    /// sentence or article.
    pub(crate) undated: HashMap<(u32, i64, u32), usize>,
    /// PLOVER types of `undated`.
    pub(crate) types: Vec<String>,
    /// Events of each digested article.
    pub(crate) per_article: HashMap<String, usize>,
}

/// Relations counted by what they join: per (source id, source text,
/// relation, target id, target text), a side's text lower-cased when it
/// has no entity id (as the report lists them), the sentences stating it
/// and the keys of their articles.
pub(crate) type RelationCounts =
    HashMap<(Option<String>, String, String, Option<String>, String), (usize, HashSet<u32>)>;

/// The relations as the report uses them.
#[derive(Debug, Default)]
pub(crate) struct Relations {
    /// Rows of the `relations` table.
    pub(crate) total: usize,
    pub(crate) stated: RelationCounts,
}

/// Row counts of the tables the report holds only in part.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    /// Mentions of names.
    pub(crate) mentions: usize,
    pub(crate) quotes: usize,
    pub(crate) quantities: usize,
    pub(crate) dates: usize,
    /// Dates without a day or month (or without a value).
    pub(crate) coarse_dates: usize,
    /// Dates of day precision.
    pub(crate) day_dates: usize,
}

/// The `keep` smallest items pushed, by `order`, ties in the order pushed
/// (what a stable sort then a cut would keep), holding at most twice that.
struct FirstRows<T, F> {
    rows: Vec<T>,
    keep: usize,
    order: F,
    /// Whether `rows` begins with the `keep` rows kept by a cut, in order.
    cut_once: bool,
}

impl<T, F: FnMut(&T, &T) -> std::cmp::Ordering> FirstRows<T, F> {
    fn new(keep: usize, order: F) -> Self {
        Self {
            rows: Vec::new(),
            keep,
            order,
            cut_once: false,
        }
    }

    fn push(&mut self, row: T) {
        // After a cut, `rows[keep - 1]` is the last row kept; a row not
        // before it would be cut (ties go in the order pushed).
        if self.cut_once
            && self.keep > 0
            && (self.order)(&row, &self.rows[self.keep - 1]) != std::cmp::Ordering::Less
        {
            return;
        }
        self.rows.push(row);
        if self.rows.len() >= 2 * self.keep.max(1) {
            self.cut();
        }
    }

    fn cut(&mut self) {
        self.rows.sort_by(&mut self.order);
        self.rows.truncate(self.keep);
        self.cut_once = self.rows.len() == self.keep;
    }

    fn finish(mut self) -> Vec<T> {
        self.cut();
        self.rows
    }
}

/// Sentences shared by entities, counted an article at a time (see
/// [`Tables::sentence_pairs`]).
#[derive(Default)]
struct SentencePairs {
    article: String,
    /// Entity ids named in each sentence of the current article.
    sentences: HashMap<i64, std::collections::BTreeSet<String>>,
    counts: HashMap<(String, String), usize>,
}

impl SentencePairs {
    fn add(&mut self, article: &str, sentence: i64, entity: &str) {
        if article != self.article {
            self.flush();
            article.clone_into(&mut self.article);
        }
        let named = self.sentences.entry(sentence).or_default();
        if !named.contains(entity) {
            named.insert(entity.to_owned());
        }
    }

    /// Counts the pairs of the current article's sentences.
    fn flush(&mut self) {
        for (_, named) in self.sentences.drain() {
            let named: Vec<String> = named.into_iter().collect();
            for (i, a) in named.iter().enumerate() {
                for b in &named[i + 1..] {
                    *self.counts.entry((a.clone(), b.clone())).or_default() += 1;
                }
            }
        }
    }

    fn finish(mut self) -> HashMap<(String, String), usize> {
        self.flush();
        self.counts
    }
}

impl Tables {
    /// Reads all tables under `dir`; returns them with warnings about
    /// tables that were missing and read as empty.
    pub(crate) fn read(dir: &Path) -> Result<(Self, Vec<String>), ReportError> {
        if !dir.is_dir() {
            return Err(ReportError::MissingTablesDir {
                dir: dir.to_path_buf(),
            });
        }
        let articles_path = table_path::<Article>(dir);
        if !articles_path.is_file() {
            return Err(ReportError::MissingArticles {
                dir: dir.to_path_buf(),
            });
        }
        let mut warnings = Vec::new();
        let mut articles = Articles::read(dir, &mut warnings)?;
        // Read last (it needs the events), warned about in table order.
        let sentences_path = table_path::<SentenceRow>(dir);
        if !sentences_path.is_file() {
            warnings.push(missing(&sentences_path, SentenceRow::NAME));
        }
        // Tables are read in the order their filters need; their warnings
        // are given in table order.
        let mut warned: [Vec<String>; 8] = Default::default();
        let entities: Vec<EntityRow> = read_table_without(
            dir,
            &[
                "aliases",
                "link_score",
                "geo_precision",
                "merge_evidence",
                "wikidata_id",
            ],
            &mut warned[1],
        )?;
        let digested: HashSet<String> = articles
            .digested
            .iter()
            .map(|a| a.article_id.clone())
            .collect();
        let network = crate::summary::network_candidates(&entities);
        // Events, mentions, quotes and quantities are read at once, each
        // into its own accumulators (the same results in any order); the
        // dates after, as they need the undated events.
        let [
            w_mentions,
            _,
            w_events,
            w_quotes,
            _,
            w_quantities,
            w_dates,
            _,
        ] = &mut warned;
        let (events_read, (mentions_read, (quotes_read, quantities_read))) = {
            let ranks: &Articles = &articles;
            let article_rank = |id: &str| ranks.rank(id);
            rayon::join(
                || read_events(dir, ranks, &digested, w_events),
                || {
                    rayon::join(
                        || read_mentions(dir, &entities, &network, &digested, w_mentions),
                        || {
                            rayon::join(
                                || read_quotes(dir, &digested, &article_rank, w_quotes),
                                || read_quantities(dir, &article_rank, w_quantities),
                            )
                        },
                    )
                },
            )
        };
        let (mut events, unkeyed) = events_read?;
        // Ids the `articles` table lacks get their keys now (keys from the
        // article count on: no article's rank changes).
        for ((article, sentence, kind), n) in unkeyed {
            let article = articles.key(&article);
            *events.undated.entry((article, sentence, kind)).or_default() += n;
        }
        let article_rank = |id: &str| articles.rank(id);
        let find = |id: &str| articles.find(id);
        let undated_sentences: HashSet<(u32, i64)> = events
            .undated
            .keys()
            .map(|&(article, sentence, _)| (article, sentence))
            .collect();
        let dates_read = read_dates(dir, &find, &article_rank, &undated_sentences, w_dates);
        let (mentions, confidence, sentence_pairs, mention_count) = mentions_read?;
        let (month_counts, dates, sentence_dates, date_counts) = dates_read?;
        let (quotes, quotes_per_article, quote_count) = quotes_read?;
        let (quantities, quantity_count) = quantities_read?;
        drop(undated_sentences);
        let counts = Counts {
            mentions: mention_count,
            quotes: quote_count,
            quantities: quantity_count,
            dates: date_counts[0],
            coarse_dates: date_counts[1],
            day_dates: date_counts[2],
        };
        let relations = read_relations(dir, &mut articles, &mut warned[4])?;
        let rejected = read_table(dir, &mut warned[7])?;
        for table in warned {
            warnings.extend(table);
        }
        // The headlines of the articles that listed rows name.
        let named = (events.listed.iter().map(|e| e.article_id.as_str()))
            .chain(quotes.iter().map(|q| q.article_id.as_str()))
            .chain(quantities.iter().map(|q| q.article_id.as_str()))
            .chain(dates.iter().map(|d| d.article_id.as_str()));
        let named: Vec<String> = named.map(str::to_owned).collect();
        articles.read_headlines(dir, named.iter().map(String::as_str))?;

        let mut tables = Self {
            articles,
            mentions,
            entities,
            events,
            quotes,
            relations,
            quantities,
            dates,
            sentence_dates,
            rejected,
            counts,
            confidence,
            quotes_per_article,
            sentence_pairs,
            month_counts,
            ..Self::default()
        };
        tables.read_sentences(dir)?;
        Ok((tables, warnings))
    }

    /// Counts the `sentences` rows and keeps the texts the report quotes
    /// (see the fields), reading one row group at a time.
    fn read_sentences(&mut self, dir: &Path) -> Result<(), ReportError> {
        let path = table_path::<SentenceRow>(dir);
        if !path.is_file() {
            return Ok(());
        }
        // The sentences of the events the report lists.
        let wanted: HashSet<(&str, i64)> = self
            .events
            .listed
            .iter()
            .map(|e| (e.article_id.as_str(), e.sentence_idx))
            .collect();
        let digested: HashMap<&str, i64> = self
            .articles
            .digested
            .iter()
            .map(|a| (a.article_id.as_str(), a.body_start))
            .collect();
        let mut event_sentences = HashMap::new();
        let mut first: HashMap<String, (i64, String)> = HashMap::new();
        let total = {
            let file = open(&path)?;
            ParquetReader::new(file)
                .num_rows()
                .map_err(|source| read_error(&path, source))?
        };
        let mut offset = 0;
        while offset < total {
            let file = open(&path)?;
            let frame = ParquetReader::new(file)
                .with_slice(Some((offset, ROWS_PER_READ)))
                .finish()
                .map_err(|source| read_error(&path, source))?;
            let rows: Vec<SentenceRow> = rows_from_frame(&frame, &path)?;
            offset += ROWS_PER_READ;
            for row in rows {
                let key = (row.article_id.as_str(), row.sentence_idx);
                if wanted.contains(&key) {
                    event_sentences.insert(
                        (row.article_id.clone(), row.sentence_idx),
                        clip(&row.text, MAX_QUOTED_CHARS),
                    );
                }
                let Some(&body_start) = digested.get(row.article_id.as_str()) else {
                    continue;
                };
                if row.start < body_start {
                    continue;
                }
                match first.get_mut(&row.article_id) {
                    Some(entry) if entry.0 <= row.sentence_idx => {}
                    Some(entry) => *entry = (row.sentence_idx, clip(&row.text, MAX_QUOTED_CHARS)),
                    None => {
                        let text = clip(&row.text, MAX_QUOTED_CHARS);
                        first.insert(row.article_id, (row.sentence_idx, text));
                    }
                }
            }
        }
        self.sentence_count = total;
        self.event_sentences = event_sentences;
        self.first_sentences = first
            .into_iter()
            .map(|(id, (_, text))| (id, text))
            .collect();
        Ok(())
    }
}

/// What the mentions pass keeps: the digests' mentions (all of them without
/// entities), each entity's confidence sum, the sentences the network's
/// entities share, and the number of name mentions.
type MentionsRead = (
    Vec<MentionRow>,
    Option<HashMap<String, (f64, usize)>>,
    Option<HashMap<(String, String), usize>>,
    usize,
);

/// Mentions: with entities, only those of the digests, plus each entity's
/// confidence sum and the sentences the network's entities share. Mentions
/// come in `article_id` order (so do the sentences of an article), so the
/// network's sentences are counted an article at a time.
fn read_mentions(
    dir: &Path,
    entities: &[EntityRow],
    network: &HashSet<&str>,
    digested: &HashSet<String>,
    warned: &mut Vec<String>,
) -> Result<MentionsRead, ReportError> {
    let mut confidence: Option<HashMap<String, (f64, usize)>> =
        (!entities.is_empty()).then(HashMap::new);
    let mut mentions = Vec::new();
    let mut pairs = SentencePairs::default();
    let mut count = 0;
    for_each_row::<MentionRow>(dir, &["mention_id"], warned, |m| {
        // The report counts names: pronouns and nominals linked to a
        // name (`antecedent_id` set) are left out, and so are names
        // nested inside longer ones (`method = nested`: `Texas` in
        // `University of Texas`), extra rows for the inner name rather
        // than mentions in their own right.
        if m.antecedent_id.is_some() || m.method == "nested" {
            return;
        }
        count += 1;
        let Some(sums) = &mut confidence else {
            mentions.push(m);
            return;
        };
        if let Some(id) = &m.entity_id {
            match sums.get_mut(id.as_str()) {
                Some(entry) => {
                    entry.0 += m.confidence;
                    entry.1 += 1;
                }
                None => {
                    sums.insert(id.clone(), (m.confidence, 1));
                }
            }
            if network.contains(id.as_str()) {
                pairs.add(&m.article_id, m.sentence_idx, id);
            }
        }
        if digested.contains(m.article_id.as_str()) {
            mentions.push(m);
        }
    })?;
    let sentence_pairs = confidence.is_some().then(|| pairs.finish());
    Ok((mentions, confidence, sentence_pairs, count))
}

/// What the quotes pass keeps: the first listed, the digests' quote counts,
/// and the number of quotes.
type QuotesRead = (Vec<QuoteRow>, HashMap<String, usize>, usize);

/// Quotes: the first listed, the digests' quote counts, and the number of quotes.
fn read_quotes(
    dir: &Path,
    digested: &HashSet<String>,
    article_rank: &(impl Fn(&str) -> usize + Sync),
    warned: &mut Vec<String>,
) -> Result<QuotesRead, ReportError> {
    let mut quotes_per_article: HashMap<String, usize> = HashMap::new();
    let mut first_quotes = FirstRows::new(MAX_LIST, |a: &QuoteRow, b: &QuoteRow| {
        crate::summary::quote_order(a, b, article_rank)
    });
    let mut count = 0;
    for_each_row::<QuoteRow>(
        dir,
        &[
            "speaker_start",
            "speaker_end",
            "speaker_mention_id",
            "cue",
            "method",
        ],
        warned,
        |q| {
            count += 1;
            if digested.contains(q.article_id.as_str()) {
                *quotes_per_article.entry(q.article_id.clone()).or_default() += 1;
            }
            first_quotes.push(q);
        },
    )?;
    Ok((first_quotes.finish(), quotes_per_article, count))
}

/// Quantities: the first listed (key quantities first), and their number.
fn read_quantities(
    dir: &Path,
    article_rank: &(impl Fn(&str) -> usize + Sync),
    warned: &mut Vec<String>,
) -> Result<(Vec<QuantityRow>, usize), ReportError> {
    let mut first_quantities = FirstRows::new(
        MAX_LIST,
        |a: &(bool, QuantityRow), b: &(bool, QuantityRow)| {
            crate::summary::quantity_order(a, b, article_rank)
        },
    );
    let mut count = 0;
    for_each_row::<QuantityRow>(dir, &[], warned, |q| {
        count += 1;
        first_quantities.push((!crate::summary::is_key_quantity(&q), q));
    })?;
    let quantities = first_quantities
        .finish()
        .into_iter()
        .map(|(_, q)| q)
        .collect();
    Ok((quantities, count))
}

/// What the dates pass keeps: counts by month, the first day dates, the
/// date stated in each sentence of an undated event, and the counts of all
/// dates, of coarse dates and of day dates.
type DatesRead = (
    BTreeMap<(i32, u32), usize>,
    Vec<DateRow>,
    HashMap<(u32, i64), NaiveDate>,
    [usize; 3],
);

/// Dates: counts by month, the first day dates, and the first date stated
/// in the sentence of each event without its own date.
fn read_dates(
    dir: &Path,
    find: &(impl Fn(&str) -> Option<u32> + Sync),
    article_rank: &(impl Fn(&str) -> usize + Sync),
    undated_sentences: &HashSet<(u32, i64)>,
    warned: &mut Vec<String>,
) -> Result<DatesRead, ReportError> {
    let mut month_counts: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut first_days = FirstRows::new(MAX_LIST, |a: &DateRow, b: &DateRow| {
        crate::summary::day_date_order(a, b, article_rank)
    });
    let mut stated: HashMap<(u32, i64), (i64, NaiveDate)> = HashMap::new();
    let mut counts = [0usize; 3];
    for_each_row::<DateRow>(dir, &[], warned, |d| {
        counts[0] += 1;
        let day = if let (Some(value), Some(precision @ ("day" | "month"))) =
            (d.value, d.precision.as_deref())
        {
            *month_counts
                .entry((value.year(), value.month()))
                .or_default() += 1;
            precision == "day"
        } else {
            counts[1] += 1;
            false
        };
        if let (Some(value), Some("day" | "week" | "month")) = (d.value, d.precision.as_deref()) {
            let sentence = find(&d.article_id)
                .map(|key| (key, d.sentence_idx))
                .filter(|key| undated_sentences.contains(key));
            if let Some(sentence) = sentence {
                let first = stated.entry(sentence).or_insert((d.start, value));
                *first = (*first).min((d.start, value));
            }
        }
        if day {
            counts[2] += 1;
            first_days.push(d);
        }
    })?;
    let sentence_dates = stated
        .into_iter()
        .map(|(key, (_, value))| (key, value))
        .collect();
    Ok((month_counts, first_days.finish(), sentence_dates, counts))
}

/// Reads the `events` table into [`Events`] (without the columns the
/// report never shows); `digested` are the ids of the digested articles.
/// The `events` pass's [`Events`], and the undated events of ids the
/// `articles` table lacks (counted by id, sentence and type index: they get
/// article keys after the pass).
type EventsRead = (Events, HashMap<(String, i64, u32), usize>);

fn read_events(
    dir: &Path,
    articles: &Articles,
    digested: &HashSet<String>,
    warnings: &mut Vec<String>,
) -> Result<EventsRead, ReportError> {
    let mut events = Events::default();
    // Undated events of ids the `articles` table lacks (they get keys after).
    let mut unkeyed: HashMap<(String, i64, u32), usize> = HashMap::new();
    let listed = {
        let ranks: &Articles = articles;
        let mut listed = FirstRows::new(MAX_EVENTS, |a: &EventRow, b: &EventRow| {
            crate::summary::event_order(a, b, &|id| ranks.rank(id))
        });
        for_each_row::<EventRow>(
            dir,
            &[
                "actor_mention_id",
                "target_mention_id",
                "place_mention_id",
                "date_source",
                "reported",
                "method",
                "event_cluster",
            ],
            warnings,
            |e| {
                events.total += 1;
                let plover = match &e.plover_mode {
                    Some(mode) => format!("{} ({mode})", e.plover_type),
                    None => e.plover_type.clone(),
                };
                *events.plover.entry(plover).or_default() += 1;
                if let Some(acled) = &e.acled_type {
                    let acled = match &e.acled_subtype {
                        Some(sub) => format!("{acled} / {sub}"),
                        None => acled.clone(),
                    };
                    *events.acled.entry(acled).or_default() += 1;
                }
                *events
                    .actors
                    .entry((e.actor_id.clone(), e.actor_text.clone()))
                    .or_default() += 1;
                if let Some(date) = e.date {
                    *events
                        .dated
                        .entry((date, e.plover_type.clone()))
                        .or_default() += 1;
                } else {
                    // Counted by article key and type index as they come.
                    let kind =
                        if let Some(at) = events.types.iter().position(|t| *t == e.plover_type) {
                            at
                        } else {
                            events.types.push(e.plover_type.clone());
                            events.types.len() - 1
                        } as u32;
                    if let Some(article) = ranks.find(&e.article_id) {
                        *events
                            .undated
                            .entry((article, e.sentence_idx, kind))
                            .or_default() += 1;
                    } else {
                        let key = (e.article_id.clone(), e.sentence_idx, kind);
                        *unkeyed.entry(key).or_default() += 1;
                    }
                }
                if digested.contains(e.article_id.as_str()) {
                    *events.per_article.entry(e.article_id.clone()).or_default() += 1;
                }
                listed.push(e);
            },
        )?;
        listed.finish()
    };
    events.listed = listed;
    Ok((events, unkeyed))
}

/// Reads the `relations` table into [`Relations`].
fn read_relations(
    dir: &Path,
    articles: &mut Articles,
    warnings: &mut Vec<String>,
) -> Result<Relations, ReportError> {
    let mut relations = Relations::default();
    for_each_row::<RelationRow>(dir, &[], warnings, |r| {
        relations.total += 1;
        // A side with no entity is a common-noun phrase: case folded, so
        // a headline's `Militias` counts with `militias`.
        let side = |id: &Option<String>, text: &String| match id {
            Some(_) => text.clone(),
            None => text.to_lowercase(),
        };
        let key = (
            r.source_id.clone(),
            side(&r.source_id, &r.source_text),
            r.relation.replace('_', " "),
            r.target_id.clone(),
            side(&r.target_id, &r.target_text),
        );
        let article = articles.key(&r.article_id);
        let entry = relations.stated.entry(key).or_default();
        entry.0 += 1;
        entry.1.insert(article);
    })?;
    Ok(relations)
}

/// Rows of `sentences` read at once (one row group of a streamed table).
const ROWS_PER_READ: usize = 65_536;

fn missing(path: &Path, name: &str) -> String {
    format!(
        "{} is missing; the report treats the {name} table as empty",
        path.display()
    )
}

fn open(path: &Path) -> Result<File, ReportError> {
    File::open(path).map_err(|source| ReportError::Open {
        path: path.to_path_buf(),
        source,
    })
}

fn read_error(path: &Path, source: PolarsError) -> ReportError {
    ReportError::Read {
        path: path.to_path_buf(),
        source,
    }
}

fn table_path<T: Table>(dir: &Path) -> PathBuf {
    dir.join(format!("{}.parquet", T::NAME))
}

/// Reads `<dir>/<T::NAME>.parquet`; a missing file reads as no rows plus a warning.
fn read_table<T: Table>(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<T>, ReportError> {
    read_table_without(dir, &[], warnings)
}

/// [`read_table`] without reading the columns `skip` (their fields are
/// left empty: `""`, 0, false or null).
fn read_table_without<T: Table>(
    dir: &Path,
    skip: &[&str],
    warnings: &mut Vec<String>,
) -> Result<Vec<T>, ReportError> {
    let mut rows = Vec::with_capacity(row_count::<T>(dir)?);
    for_each_row(dir, skip, warnings, |row| rows.push(row))?;
    Ok(rows)
}

/// Rows of `<dir>/<T::NAME>.parquet` (0 when it is missing).
fn row_count<T: Table>(dir: &Path) -> Result<usize, ReportError> {
    let path = table_path::<T>(dir);
    if !path.is_file() {
        return Ok(0);
    }
    ParquetReader::new(open(&path)?)
        .num_rows()
        .map_err(|source| read_error(&path, source))
}

/// Calls `each` on every row of `<dir>/<T::NAME>.parquet` in order, without
/// reading the columns `skip`, one row group at a time (so only one group's
/// cells are held); a missing file is no rows plus a warning.
fn for_each_row<T: Table>(
    dir: &Path,
    skip: &[&str],
    warnings: &mut Vec<String>,
    mut each: impl FnMut(T),
) -> Result<(), ReportError> {
    let path = table_path::<T>(dir);
    if !path.is_file() {
        warnings.push(missing(&path, T::NAME));
        return Ok(());
    }
    let total = ParquetReader::new(open(&path)?)
        .num_rows()
        .map_err(|source| read_error(&path, source))?;
    let columns: Vec<String> = T::COLUMNS
        .iter()
        .map(|c| c.name)
        .filter(|name| !skip.contains(name))
        .map(str::to_owned)
        .collect();
    let mut offset = 0;
    loop {
        let frame = ParquetReader::new(open(&path)?)
            .with_columns(Some(columns.clone()))
            .with_slice(Some((offset, ROWS_PER_READ)))
            .finish()
            .map_err(|source| read_error(&path, source))?;
        let part =
            rows_from_frame_without::<T>(&frame, &path, skip).map_err(|error| match error {
                ReportError::Row { path, row, source } => ReportError::Row {
                    path,
                    row: row + offset,
                    source,
                },
                other => other,
            })?;
        drop(frame);
        part.into_iter().for_each(&mut each);
        offset += ROWS_PER_READ;
        if offset >= total {
            break;
        }
    }
    Ok(())
}

/// Rebuilds typed rows from a frame holding `T`'s columns.
pub(crate) fn rows_from_frame<T: Table>(
    frame: &DataFrame,
    path: &Path,
) -> Result<Vec<T>, ReportError> {
    rows_from_frame_without(frame, path, &[])
}

/// [`rows_from_frame`] with the columns `skip` left empty.
fn rows_from_frame_without<T: Table>(
    frame: &DataFrame,
    path: &Path,
    skip: &[&str],
) -> Result<Vec<T>, ReportError> {
    let height = frame.height();
    let mut columns: Vec<std::vec::IntoIter<OwnedCell>> = Vec::with_capacity(T::COLUMNS.len());
    for declared in T::COLUMNS {
        if skip.contains(&declared.name) {
            columns.push(vec![empty_cell(declared.ty); height].into_iter());
            continue;
        }
        let column_error = |problem: String| ReportError::Column {
            path: path.to_path_buf(),
            column: declared.name,
            problem,
        };
        let stored = frame
            .column(declared.name)
            .map_err(|_| column_error("is missing".to_owned()))?;
        let cells = cells_of(stored, declared.ty).map_err(|error| {
            column_error(format!(
                "cannot be read as {}: {error}",
                declared.ty.arrow_name()
            ))
        })?;
        columns.push(cells.into_iter());
    }
    let mut rows = Vec::with_capacity(height);
    for index in 0..height {
        let cells = columns
            .iter_mut()
            .map(|column| column.next().unwrap_or(OwnedCell::Str(None)))
            .collect();
        let row = T::from_cells(cells).map_err(|source| ReportError::Row {
            path: path.to_path_buf(),
            row: index,
            source,
        })?;
        rows.push(row);
    }
    Ok(rows)
}

/// The value of a column that was not read: empty, zero, false or null.
fn empty_cell(ty: ColumnType) -> OwnedCell {
    match ty {
        ColumnType::Str => OwnedCell::Str(Some(String::new())),
        ColumnType::OptStr => OwnedCell::Str(None),
        ColumnType::Int => OwnedCell::Int(Some(0)),
        ColumnType::OptInt => OwnedCell::Int(None),
        ColumnType::Float => OwnedCell::Float(Some(0.0)),
        ColumnType::OptFloat => OwnedCell::Float(None),
        ColumnType::Bool => OwnedCell::Bool(Some(false)),
        ColumnType::OptDate => OwnedCell::Date(None),
        ColumnType::StrList => OwnedCell::StrList(Vec::new()),
    }
}

/// Casts `column` to the declared type and reads every value as a cell.
fn cells_of(column: &Column, ty: ColumnType) -> PolarsResult<Vec<OwnedCell>> {
    let cells = match ty {
        ColumnType::Str | ColumnType::OptStr => {
            let cast = column.strict_cast(&DataType::String)?;
            cast.str()?
                .iter()
                .map(|value| OwnedCell::Str(value.map(str::to_owned)))
                .collect()
        }
        ColumnType::Int | ColumnType::OptInt => {
            let cast = column.strict_cast(&DataType::Int64)?;
            cast.i64()?.iter().map(OwnedCell::Int).collect()
        }
        ColumnType::Float | ColumnType::OptFloat => {
            let cast = column.strict_cast(&DataType::Float64)?;
            cast.f64()?.iter().map(OwnedCell::Float).collect()
        }
        ColumnType::Bool => {
            let cast = column.strict_cast(&DataType::Boolean)?;
            cast.bool()?.iter().map(OwnedCell::Bool).collect()
        }
        ColumnType::OptDate => {
            let cast = column.strict_cast(&DataType::Date)?;
            cast.date()?.as_date_iter().map(OwnedCell::Date).collect()
        }
        ColumnType::StrList => {
            let cast = column.strict_cast(&DataType::List(Box::new(DataType::String)))?;
            let mut cells = Vec::with_capacity(cast.len());
            for item in cast.list()?.series_iter() {
                let values = match item {
                    Some(series) => series
                        .str()?
                        .iter()
                        .map(|value| value.unwrap_or_default().to_owned())
                        .collect(),
                    None => Vec::new(),
                };
                cells.push(OwnedCell::StrList(values));
            }
            cells
        }
    };
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_keys_find_ids_of_either_form_and_keep_a_repeated_ids_last_key() {
        let mut keys = ArticleKeys::default();
        keys.push("art_00000000000000ff", 0);
        keys.push("story-7", 1);
        keys.push("art_0000000000000001", 2);
        keys.push("art_00000000000000ff", 3);
        keys.push("ART_0000000000000002", 4);
        keys.seal();
        assert_eq!(keys.get("art_00000000000000ff"), Some(3));
        assert_eq!(keys.get("art_0000000000000001"), Some(2));
        assert_eq!(keys.get("story-7"), Some(1));
        // Upper-case hex is not the pipeline's form: kept as text.
        assert_eq!(keys.get("ART_0000000000000002"), Some(4));
        assert_eq!(keys.get("art_0000000000000002"), None);
        assert_eq!(keys.len(), 4);
    }

    #[test]
    fn first_rows_keep_what_a_stable_sort_then_a_cut_keeps() {
        // (key, push index): many ties on the key, so ties must go in the
        // order pushed; rows rejected early must be the ones a cut drops.
        let mut state = 12_345_u64;
        let rows: Vec<(u64, usize)> = (0..5_000)
            .map(|i| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((state >> 33) % 97, i)
            })
            .collect();
        for keep in [0, 1, 7, 50, 96, 4_999, 6_000] {
            let mut first =
                FirstRows::new(keep, |a: &(u64, usize), b: &(u64, usize)| a.0.cmp(&b.0));
            for &row in &rows {
                first.push(row);
            }
            let mut expected = rows.clone();
            expected.sort_by_key(|r| r.0);
            expected.truncate(keep);
            assert_eq!(first.finish(), expected, "keep {keep}");
        }
    }
}
