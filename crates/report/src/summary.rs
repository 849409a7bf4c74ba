//! Turning the tables into the report's content: counts, rankings and lists,
//! all sorted with name tie-breaks so the same tables give the same report.
//!
//! Both renderers ([`crate::markdown`], [`crate::html`]) draw from one
//! [`Summary`], so the two reports always say the same thing.
//!
//! Example: two mentions of `Hezbollah` in one sentence with one of `Israel`
//! give the network an edge Hezbollah–Israel of weight 1 (pairs count once
//! per sentence).
//!
//! Known misses: when the entities table is empty (a run without the resolve
//! stage), entities are approximated by grouping mentions on exact text and
//! type, so `Sudani` and `al-Sudani` stay apart. Long lists are cut at
//! [`MAX_LIST`] rows, with the total shown.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use sitrep_core::tables::{DateRow, EntityRow, EventRow, QuantityRow, QuoteRow, RejectedRow};

use crate::load::Tables;

/// Longest list (dates, quotes, quantities) a report shows; the Markdown event list too.
pub(crate) const MAX_LIST: usize = 200;
/// Events in the HTML event list (each row is about 400 bytes).
pub(crate) const MAX_EVENTS: usize = 2000;
/// Article digests shown.
pub(crate) const MAX_DIGESTS: usize = 100;
/// Least mean mention confidence for a place to be drawn on the map.
pub(crate) const MIN_PLACE_CONFIDENCE: f64 = 0.7;
/// Entities listed per type group.
const TOP_PER_GROUP: usize = 15;
/// Characters of a headline or sentence quoted in a listed row; longer text
/// is cut with `…` (a 2 MB one-line article must not be copied per row).
pub(crate) const MAX_QUOTED_CHARS: usize = 300;
/// Bars in the top-actors chart.
const TOP_ACTORS: usize = 15;
/// Nodes in the co-occurrence network.
const NETWORK_NODES: usize = 12;
/// Points on the places map.
const MAP_PLACES: usize = 40;
/// Longest month range drawn with empty months filled in.
const MAX_FILLED_MONTHS: i32 = 120;

/// Type groups of the entity rankings: heading and the types it covers.
pub(crate) const ENTITY_GROUPS: [(&str, &[&str]); 4] = [
    ("People", &["PERSON"]),
    ("Organisations", &["ORG"]),
    ("Places", &["GPE", "LOC", "FAC"]),
    ("Nationalities, religious and political groups", &["NORP"]),
];

/// Corpus-wide counts.
#[derive(Debug, Default)]
pub(crate) struct Overview {
    pub(crate) articles: usize,
    pub(crate) duplicates: usize,
    pub(crate) words: i64,
    pub(crate) sentences: usize,
    pub(crate) mentions: usize,
    pub(crate) entities: usize,
    pub(crate) events: usize,
    pub(crate) quotes: usize,
    pub(crate) relations: usize,
    pub(crate) quantities: usize,
    pub(crate) dates: usize,
    pub(crate) rejected: usize,
    pub(crate) rejected_by_reason: Vec<(String, usize)>,
    pub(crate) published_range: Option<(NaiveDate, NaiveDate)>,
}

/// One ranked entity.
#[derive(Debug, Clone)]
pub(crate) struct EntityLine {
    pub(crate) name: String,
    pub(crate) entity_type: String,
    pub(crate) mentions: i64,
    pub(crate) articles: i64,
    pub(crate) country: Option<String>,
    pub(crate) lat: Option<f64>,
    pub(crate) lon: Option<f64>,
}

/// Where the date an event is placed at on the timeline came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateBasis {
    /// The event's own `date` column.
    Event,
    /// A day-, week- or month-precision date expression in the event's sentence.
    Sentence,
    /// The article's publication date.
    Article,
}

/// One event, with names resolved and its sentence joined in.
#[derive(Debug)]
pub(crate) struct EventLine {
    /// The event's own date with its precision, or empty.
    pub(crate) date: String,
    /// The event's own date as short as its precision allows (`2024-01`, `2024`), or empty.
    pub(crate) short_date: String,
    /// The date the event is placed at, and where it came from.
    pub(crate) dated: Option<(NaiveDate, DateBasis)>,
    pub(crate) article_id: String,
    /// The article's publication date, or empty.
    pub(crate) published: String,
    pub(crate) plover_type: String,
    pub(crate) actor: String,
    pub(crate) event_type: String,
    pub(crate) acled: String,
    pub(crate) target: String,
    pub(crate) place: String,
    pub(crate) casualties: String,
    pub(crate) flags: String,
    pub(crate) sentence: String,
    pub(crate) headline: String,
}

/// One day-precision date expression.
#[derive(Debug)]
pub(crate) struct DateLine {
    pub(crate) value: String,
    pub(crate) text: String,
    pub(crate) headline: String,
}

/// One quotation.
#[derive(Debug)]
pub(crate) struct QuoteLine {
    pub(crate) speaker: String,
    pub(crate) text: String,
    pub(crate) headline: String,
}

/// One stated relation between two participants, with how often it is stated.
#[derive(Debug)]
pub(crate) struct RelationLine {
    pub(crate) source: String,
    pub(crate) relation: String,
    pub(crate) target: String,
    /// Sentences stating it.
    pub(crate) sentences: usize,
    /// Articles stating it.
    pub(crate) articles: usize,
}

/// One counted fact.
#[derive(Debug)]
pub(crate) struct QuantityLine {
    pub(crate) value: String,
    pub(crate) qualifier: String,
    pub(crate) noun: String,
    pub(crate) text: String,
    pub(crate) headline: String,
}

/// A list cut at [`MAX_LIST`], with the full count.
#[derive(Debug)]
pub(crate) struct Listed<T> {
    pub(crate) rows: Vec<T>,
    pub(crate) total: usize,
}

impl<T> Listed<T> {
    /// The first `max` of `items` made into rows by `line` (the rest are
    /// only counted, so a 100,000-row table costs no more than `max` rows).
    pub(crate) fn first<S>(items: &[S], max: usize, line: impl FnMut(&S) -> T) -> Self {
        Self {
            rows: items.iter().take(max).map(line).collect(),
            total: items.len(),
        }
    }
}

/// Events placed on the time axis: counted per date and PLOVER type.
#[derive(Debug, Default)]
pub(crate) struct Timeline {
    pub(crate) points: BTreeMap<(NaiveDate, String), usize>,
    /// How many points are dated by the event, its sentence, its article.
    pub(crate) by_basis: [usize; 3],
    /// Events with no date at all.
    pub(crate) undated: usize,
}

/// One network node: name, entity type and mention count.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) entity_type: String,
    pub(crate) mentions: i64,
}

/// Co-occurrence network: nodes, edges as node index pairs with weights.
#[derive(Debug, Default)]
pub(crate) struct Network {
    pub(crate) nodes: Vec<Node>,
    /// Whether NORP entities were allowed in.
    pub(crate) nationalities: bool,
    pub(crate) edges: Vec<(usize, usize, usize)>,
}

/// Everything the reports show.
#[derive(Debug)]
pub(crate) struct Summary {
    pub(crate) overview: Overview,
    pub(crate) entity_groups: Vec<(&'static str, Vec<EntityLine>)>,
    pub(crate) plover_counts: Vec<(String, usize)>,
    pub(crate) acled_counts: Vec<(String, usize)>,
    pub(crate) top_actors: Vec<(String, usize)>,
    pub(crate) events: Listed<EventLine>,
    pub(crate) timeline: Timeline,
    pub(crate) months: Vec<(String, usize)>,
    pub(crate) coarse_dates: usize,
    pub(crate) day_dates: Listed<DateLine>,
    pub(crate) quotes: Listed<QuoteLine>,
    pub(crate) relations: Listed<RelationLine>,
    pub(crate) quantities: Listed<QuantityLine>,
    pub(crate) digests: Listed<crate::digest::Digest>,
    pub(crate) rejected: Vec<RejectedRow>,
    /// Places drawn on the map: linked, with coordinates, confidently found.
    pub(crate) places: Vec<EntityLine>,
    /// Places with coordinates left off the map for low confidence or no link.
    pub(crate) unsure_places: usize,
    pub(crate) network: Network,
}

/// Counts of `keys`, most frequent first, ties by name.
fn ranked_counts<I: IntoIterator<Item = String>>(keys: I) -> Vec<(String, usize)> {
    ranked_sums(keys.into_iter().map(|key| (key, 1)))
}

/// Sums of the counts of each key, largest first, ties by name.
fn ranked_sums<I: IntoIterator<Item = (String, usize)>>(counted: I) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (key, n) in counted {
        *counts.entry(key).or_default() += n;
    }
    let mut ranked: Vec<_> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// Formats a number without a trailing `.0` when it is whole.
pub(crate) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// Entities to rank: the entities table, or (before resolution) mentions
/// grouped by exact text and type. Returns the rows and each mention's key.
fn entity_view(tables: &Tables) -> (Cow<'_, [EntityRow]>, Vec<Option<String>>) {
    if !tables.entities.is_empty() || tables.mentions.is_empty() {
        let keys = tables
            .mentions
            .iter()
            .map(|m| m.entity_id.clone())
            .collect();
        return (Cow::Borrowed(&tables.entities), keys);
    }
    let mut grouped: BTreeMap<String, (EntityRow, BTreeSet<&str>)> = BTreeMap::new();
    let mut keys = Vec::with_capacity(tables.mentions.len());
    for mention in &tables.mentions {
        let key = format!("{}\u{1f}{}", mention.entity_type, mention.text);
        let entry = grouped.entry(key.clone()).or_insert_with(|| {
            let row = EntityRow {
                entity_id: key.clone(),
                name: mention.text.clone(),
                entity_type: mention.entity_type.clone(),
                aliases: Vec::new(),
                kb_id: None,
                country: None,
                lat: None,
                lon: None,
                mention_count: 0,
                article_count: 0,
                link_score: None,
                geo_precision: None,
                merge_evidence: Vec::new(),
                wikidata_id: None,
            };
            (row, BTreeSet::new())
        });
        entry.0.mention_count += 1;
        entry.1.insert(&mention.article_id);
        keys.push(Some(key));
    }
    let rows = grouped
        .into_values()
        .map(|(mut row, articles)| {
            row.article_count = articles.len() as i64;
            row
        })
        .collect();
    (Cow::Owned(rows), keys)
}

fn entity_line(row: &EntityRow) -> EntityLine {
    EntityLine {
        name: row.name.clone(),
        entity_type: row.entity_type.clone(),
        mentions: row.mention_count,
        articles: row.article_count,
        country: row.country.clone(),
        lat: row.lat,
        lon: row.lon,
    }
}

/// Orders entities: most mentions, most articles, then name and id.
fn by_rank(a: &EntityRow, b: &EntityRow) -> std::cmp::Ordering {
    b.mention_count
        .cmp(&a.mention_count)
        .then_with(|| b.article_count.cmp(&a.article_count))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.entity_id.cmp(&b.entity_id))
}

/// Months from the first to the last key, empty ones filled in when the span is short.
fn fill_months(counts: BTreeMap<(i32, u32), usize>) -> Vec<(String, usize)> {
    let label = |(year, month): (i32, u32)| format!("{year:04}-{month:02}");
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let span = (last.0 - first.0) * 12 + last.1 as i32 - first.1 as i32;
    if span > MAX_FILLED_MONTHS {
        return counts.into_iter().map(|(key, n)| (label(key), n)).collect();
    }
    let mut months = Vec::new();
    let (mut year, mut month) = first;
    loop {
        months.push((
            label((year, month)),
            counts.get(&(year, month)).copied().unwrap_or(0),
        ));
        if (year, month) == last {
            break;
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
}

/// Counted nouns that make a quantity a key fact of a conflict report
/// (people, casualties, forces, attacks and weapons), singular forms.
static KEY_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/report/key_nouns.tsv",
        include_str!("../../../data/lexicons/report/key_nouns.tsv"),
    )
});

/// Whether a quantity counts people, casualties, forces, attacks or weapons.
pub(crate) fn is_key_quantity(quantity: &sitrep_core::tables::QuantityRow) -> bool {
    quantity.noun.as_deref().is_some_and(|noun| {
        let noun = noun.to_lowercase();
        let singular = noun.strip_suffix('s').unwrap_or(&noun);
        KEY_NOUNS.contains(&noun.as_str()) || KEY_NOUNS.contains(&singular)
    })
}

/// Mean confidence of each entity's mentions, by entity key.
fn mean_confidence<'a>(
    tables: &'a Tables,
    mention_keys: &'a [Option<String>],
) -> HashMap<&'a str, f64> {
    if let Some(sums) = &tables.confidence {
        return sums
            .iter()
            .map(|(key, (sum, n))| (key.as_str(), sum / *n as f64))
            .collect();
    }
    let mut sums: HashMap<&str, (f64, usize)> = HashMap::new();
    for (mention, key) in tables.mentions.iter().zip(mention_keys) {
        if let Some(key) = key.as_deref() {
            let entry = sums.entry(key).or_default();
            entry.0 += mention.confidence;
            entry.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(key, (sum, n))| (key, sum / n as f64))
        .collect()
}

/// `text` cut to at most `max_chars` characters, the last one `…` when cut;
/// looks at no more than `max_chars` characters of `text`.
pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    if text.char_indices().nth(max_chars).is_none() {
        return text.to_owned();
    }
    let end = text
        .char_indices()
        .nth(max_chars.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    format!("{}…", &text[..end])
}

/// Builds the report content from the tables; the network leaves out NORP
/// entities unless `options` asks for them.
pub(crate) fn summarise(tables: &Tables, options: &crate::ReportOptions) -> Summary {
    let articles = &tables.articles;
    let article_rank = |id: &str| articles.rank(id);
    let headline = |id: &str| articles.headline(id);

    let (entities, mention_keys) = entity_view(tables);
    let by_id: HashMap<&str, &EntityRow> =
        entities.iter().map(|e| (e.entity_id.as_str(), e)).collect();
    let name_of = |id: Option<&String>, text: Option<&String>| -> String {
        id.and_then(|id| by_id.get(id.as_str()))
            .map(|e| e.name.clone())
            .or_else(|| text.cloned())
            .unwrap_or_default()
    };
    let mut ranked: Vec<&EntityRow> = entities.iter().collect();
    ranked.sort_by(|a, b| by_rank(a, b));

    let overview = Overview {
        articles: articles.count,
        duplicates: articles.duplicates,
        words: articles.words,
        sentences: tables.sentence_count,
        mentions: tables.counts.mentions,
        entities: tables.entities.len(),
        events: tables.events.total,
        quotes: tables.counts.quotes,
        relations: tables.relations.total,
        quantities: tables.counts.quantities,
        dates: tables.counts.dates,
        rejected: tables.rejected.len(),
        rejected_by_reason: ranked_counts(tables.rejected.iter().map(|r| r.reason.clone())),
        published_range: articles.published_range,
    };

    let entity_groups = ENTITY_GROUPS
        .iter()
        .map(|(label, types)| {
            let lines = ranked
                .iter()
                .filter(|e| types.contains(&e.entity_type.as_str()))
                .take(TOP_PER_GROUP)
                .map(|e| entity_line(e))
                .collect();
            (*label, lines)
        })
        .collect();
    let confidence = mean_confidence(tables, &mention_keys);
    let located: Vec<&&EntityRow> = ranked
        .iter()
        .filter(|e| ["GPE", "LOC", "FAC"].contains(&e.entity_type.as_str()))
        .filter(|e| e.lat.is_some_and(f64::is_finite) && e.lon.is_some_and(f64::is_finite))
        .collect();
    let confident = |e: &EntityRow| {
        e.kb_id.is_some()
            && confidence
                .get(e.entity_id.as_str())
                .is_some_and(|c| *c >= MIN_PLACE_CONFIDENCE)
    };
    let unsure_places = located.iter().filter(|e| !confident(e)).count();
    let places = located
        .iter()
        .filter(|e| confident(e))
        .take(MAP_PLACES)
        .map(|e| entity_line(e))
        .collect();

    let events = &tables.events;
    let plover_counts = ranked_sums(events.plover.iter().map(|(k, n)| (k.clone(), *n)));
    let acled_counts = ranked_sums(events.acled.iter().map(|(k, n)| (k.clone(), *n)));
    let top_actors = {
        let mut actors = ranked_sums(
            events
                .actors
                .iter()
                .map(|((id, text), n)| (name_of(id.as_ref(), text.as_ref()), *n))
                .filter(|(name, _)| !name.is_empty()),
        );
        actors.truncate(TOP_ACTORS);
        actors
    };
    let published_of = |id: &str| articles.published(id);
    let sentence_date = |article: u32, sentence: i64| {
        tables
            .sentence_dates
            .get(&(article, sentence))
            .map(|d| (*d, DateBasis::Sentence))
    };
    let dated_of = |e: &sitrep_core::tables::EventRow| {
        e.date
            .map(|d| (d, DateBasis::Event))
            .or_else(|| {
                articles
                    .find(&e.article_id)
                    .and_then(|article| sentence_date(article, e.sentence_idx))
            })
            .or_else(|| published_of(&e.article_id).map(|d| (d, DateBasis::Article)))
    };
    let mut timeline = Timeline::default();
    for ((date, kind), &n) in &events.dated {
        *timeline.points.entry((*date, kind.clone())).or_default() += n;
        timeline.by_basis[DateBasis::Event as usize] += n;
    }
    for (&(article, sentence, kind), &n) in &events.undated {
        let dated = sentence_date(article, sentence).or_else(|| {
            articles
                .published_by_key(article)
                .map(|d| (d, DateBasis::Article))
        });
        match dated {
            Some((date, basis)) => {
                let kind = events.types[kind as usize].clone();
                *timeline.points.entry((date, kind)).or_default() += n;
                timeline.by_basis[basis as usize] += n;
            }
            None => timeline.undated += n,
        }
    }
    let mut event_lines = Listed::first(&events.listed, MAX_EVENTS, |e| {
        let flags: Vec<&str> = [
            (e.negated, "negated"),
            (e.hypothetical, "hypothetical"),
            (e.aggregate, "aggregate"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect();
        let mut casualties = Vec::new();
        if let Some(killed) = e.killed {
            casualties.push(format!("{killed} killed"));
        }
        if let Some(injured) = e.injured {
            casualties.push(format!("{injured} injured"));
        }
        EventLine {
            date: e
                .date
                .map_or_else(String::new, |d| match &e.date_precision {
                    Some(p) => format!("{d} ({p})"),
                    None => d.to_string(),
                }),
            short_date: e
                .date
                .map_or_else(String::new, |d| match e.date_precision.as_deref() {
                    Some("month") => d.format("%Y-%m").to_string(),
                    Some("year") => d.format("%Y").to_string(),
                    Some("decade") => format!("{}s", d.year()),
                    _ => d.to_string(),
                }),
            dated: dated_of(e),
            article_id: e.article_id.clone(),
            published: published_of(&e.article_id).map_or_else(String::new, |d| d.to_string()),
            plover_type: e.plover_type.clone(),
            actor: name_of(e.actor_id.as_ref(), e.actor_text.as_ref()),
            event_type: match &e.plover_mode {
                Some(mode) => format!("{} ({mode}, “{}”)", e.plover_type, e.trigger),
                None => format!("{} (“{}”)", e.plover_type, e.trigger),
            },
            acled: [e.acled_type.as_deref(), e.acled_subtype.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / "),
            target: name_of(e.target_id.as_ref(), e.target_text.as_ref()),
            place: name_of(e.place_id.as_ref(), e.place_text.as_ref()),
            casualties: casualties.join(", "),
            flags: flags.join(", "),
            sentence: tables
                .event_sentences
                .get(&(e.article_id.clone(), e.sentence_idx))
                .cloned()
                .unwrap_or_default(),
            headline: headline(&e.article_id),
        }
    });
    event_lines.total = events.total;

    // Counted as the dates were read; the rows held include the first day dates.
    let month_counts = tables.month_counts.clone();
    let coarse_dates = tables.counts.coarse_dates;
    let mut day_dates: Vec<_> = tables
        .dates
        .iter()
        .filter(|d| d.value.is_some() && d.precision.as_deref() == Some("day"))
        .collect();
    day_dates.sort_by(|a, b| day_date_order(a, b, &article_rank));
    let mut day_dates = Listed::first(&day_dates, MAX_LIST, |d| DateLine {
        value: match (d.value, d.range_end) {
            (Some(start), Some(end)) if end != start => format!("{start} – {end}"),
            (Some(start), _) => start.to_string(),
            (None, _) => String::new(),
        },
        text: d.text.clone(),
        headline: headline(&d.article_id),
    });
    day_dates.total = tables.counts.day_dates;

    let mut quotes: Vec<_> = tables.quotes.iter().collect();
    quotes.sort_by(|a, b| quote_order(a, b, &article_rank));
    let mut quote_lines = Listed::first(&quotes, MAX_LIST, |q| QuoteLine {
        speaker: name_of(q.speaker_id.as_ref(), q.speaker_text.as_ref()),
        text: q.text.clone(),
        headline: headline(&q.article_id),
    });
    quote_lines.total = tables.counts.quotes;

    // Relations by the entities (or texts) they join, most often stated first.
    let mut stated: BTreeMap<(String, String, String), (usize, HashSet<u32>)> = BTreeMap::new();
    for ((source_id, source, relation, target_id, target), (n, in_articles)) in
        &tables.relations.stated
    {
        // A side with an entity id shows the entity's name.
        let side = |id: &Option<String>, text: &String| match id {
            Some(_) => name_of(id.as_ref(), Some(text)),
            None => text.clone(),
        };
        let key = (
            side(source_id, source),
            relation.clone(),
            side(target_id, target),
        );
        let entry = stated.entry(key).or_default();
        entry.0 += n;
        entry.1.extend(in_articles);
    }
    let mut stated: Vec<_> = stated.into_iter().collect();
    stated.sort_by(|(a_key, (a_n, _)), (b_key, (b_n, _))| {
        b_n.cmp(a_n).then_with(|| a_key.cmp(b_key))
    });
    let relation_lines = Listed::first(
        &stated,
        MAX_LIST,
        |((source, relation, target), (n, articles))| RelationLine {
            source: source.clone(),
            relation: relation.clone(),
            target: target.clone(),
            sentences: *n,
            articles: articles.len(),
        },
    );

    // Key quantities first; the flag is worked out once per row, not per comparison.
    let mut quantities: Vec<_> = tables
        .quantities
        .iter()
        .map(|q| (!is_key_quantity(q), q))
        .collect();
    quantities.sort_by(|a, b| quantity_order(a, b, &article_rank));
    let mut quantity_lines = Listed::first(&quantities, MAX_LIST, |(_, q)| QuantityLine {
        value: format_number(q.value),
        qualifier: q.qualifier.clone().unwrap_or_default().replace('_', " "),
        noun: match (&q.noun, &q.unit) {
            (Some(noun), Some(unit)) => format!("{noun} ({unit})"),
            (Some(noun), None) => noun.clone(),
            (None, Some(unit)) => unit.clone(),
            (None, None) => String::new(),
        },
        text: q.text.clone(),
        headline: headline(&q.article_id),
    });

    quantity_lines.total = tables.counts.quantities;

    let digests = crate::digest::digests(tables, &by_id, &mention_keys);
    let network_entities: Vec<&EntityRow> = ranked
        .iter()
        .filter(|e| options.network_nationalities || e.entity_type != "NORP")
        .copied()
        .collect();
    let mut network = network(tables, &network_entities, &mention_keys);
    network.nationalities = options.network_nationalities;
    let mut rejected = tables.rejected.clone();
    rejected.sort_by(|a, b| {
        (&a.source_path, a.line, &a.reason).cmp(&(&b.source_path, b.line, &b.reason))
    });

    Summary {
        overview,
        entity_groups,
        plover_counts,
        acled_counts,
        top_actors,
        events: event_lines,
        timeline,
        months: fill_months(month_counts),
        coarse_dates,
        day_dates,
        quotes: quote_lines,
        relations: relation_lines,
        quantities: quantity_lines,
        digests,
        rejected,
        places,
        unsure_places,
        network,
    }
}

/// The order events are listed in: by article, sentence, start, id.
pub(crate) fn event_order(
    a: &EventRow,
    b: &EventRow,
    rank: &dyn Fn(&str) -> usize,
) -> std::cmp::Ordering {
    (rank(&a.article_id), a.sentence_idx, a.start, &a.event_id).cmp(&(
        rank(&b.article_id),
        b.sentence_idx,
        b.start,
        &b.event_id,
    ))
}

/// The order day dates are listed in: by date, text, article, start, id
/// (`rank` gives an article's place in report order).
pub(crate) fn day_date_order(
    a: &DateRow,
    b: &DateRow,
    rank: &dyn Fn(&str) -> usize,
) -> std::cmp::Ordering {
    (a.value, &a.text, rank(&a.article_id), a.start, &a.date_id).cmp(&(
        b.value,
        &b.text,
        rank(&b.article_id),
        b.start,
        &b.date_id,
    ))
}

/// The order quotes are listed in: by article, start, id.
pub(crate) fn quote_order(
    a: &QuoteRow,
    b: &QuoteRow,
    rank: &dyn Fn(&str) -> usize,
) -> std::cmp::Ordering {
    (rank(&a.article_id), a.start, &a.quote_id).cmp(&(rank(&b.article_id), b.start, &b.quote_id))
}

/// The order quantities are listed in: key quantities (flag `false`)
/// first, then by article, start, id.
pub(crate) fn quantity_order(
    (a_other, a): &(bool, impl std::borrow::Borrow<QuantityRow>),
    (b_other, b): &(bool, impl std::borrow::Borrow<QuantityRow>),
    rank: &dyn Fn(&str) -> usize,
) -> std::cmp::Ordering {
    let (a, b) = (a.borrow(), b.borrow());
    (a_other, rank(&a.article_id), a.start, &a.quantity_id).cmp(&(
        b_other,
        rank(&b.article_id),
        b.start,
        &b.quantity_id,
    ))
}

/// The entities the network can show, whatever the options: the first
/// [`NETWORK_NODES`] by rank, and the first that are not NORP.
pub(crate) fn network_candidates(entities: &[EntityRow]) -> HashSet<&str> {
    let mut ranked: Vec<&EntityRow> = entities.iter().collect();
    ranked.sort_by(|a, b| by_rank(a, b));
    let first = ranked.iter().take(NETWORK_NODES);
    let not_norp = ranked
        .iter()
        .filter(|e| e.entity_type != "NORP")
        .take(NETWORK_NODES);
    first
        .chain(not_norp)
        .map(|e| e.entity_id.as_str())
        .collect()
}

/// Top entities and how often each pair shares a sentence.
fn network(tables: &Tables, ranked: &[&EntityRow], mention_keys: &[Option<String>]) -> Network {
    let chosen: Vec<&EntityRow> = ranked.iter().take(NETWORK_NODES).copied().collect();
    let index: HashMap<&str, usize> = chosen
        .iter()
        .enumerate()
        .map(|(i, e)| (e.entity_id.as_str(), i))
        .collect();
    let mut weights: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    if let Some(pairs) = &tables.sentence_pairs {
        for ((a, b), n) in pairs {
            if let (Some(&a), Some(&b)) = (index.get(a.as_str()), index.get(b.as_str())) {
                *weights.entry((a.min(b), a.max(b))).or_default() += n;
            }
        }
        return network_of(&chosen, weights);
    }
    let mut per_sentence: BTreeMap<(&str, i64), BTreeSet<usize>> = BTreeMap::new();
    for (mention, key) in tables.mentions.iter().zip(mention_keys) {
        if let Some(&node) = key.as_deref().and_then(|k| index.get(k)) {
            per_sentence
                .entry((&mention.article_id, mention.sentence_idx))
                .or_default()
                .insert(node);
        }
    }
    for nodes in per_sentence.values() {
        let nodes: Vec<usize> = nodes.iter().copied().collect();
        for (i, &a) in nodes.iter().enumerate() {
            for &b in &nodes[i + 1..] {
                *weights.entry((a, b)).or_default() += 1;
            }
        }
    }
    network_of(&chosen, weights)
}

/// The network of the `chosen` entities with these edge weights.
fn network_of(chosen: &[&EntityRow], weights: BTreeMap<(usize, usize), usize>) -> Network {
    Network {
        nodes: chosen
            .iter()
            .map(|e| Node {
                name: e.name.clone(),
                entity_type: e.entity_type.clone(),
                mentions: e.mention_count,
            })
            .collect(),
        edges: weights.into_iter().map(|((a, b), w)| (a, b, w)).collect(),
        nationalities: false,
    }
}

#[cfg(test)]
mod tests {
    use sitrep_core::tables::QuantityRow;

    use super::{Listed, is_key_quantity};

    #[test]
    fn listed_makes_rows_of_the_first_items_and_counts_all() {
        let list = Listed::first(&[1, 2, 3, 4, 5], 2, |n| n * 10);
        assert_eq!((list.rows, list.total), (vec![10, 20], 5));
    }

    fn counted(noun: Option<&str>) -> QuantityRow {
        QuantityRow {
            quantity_id: "q".to_owned(),
            article_id: "a".to_owned(),
            sentence_idx: 0,
            start: 0,
            end: 1,
            text: "x".to_owned(),
            value: 1.0,
            low: None,
            high: None,
            qualifier: None,
            noun: noun.map(str::to_owned),
            unit: None,
        }
    }

    #[test]
    fn key_quantities_count_people_forces_and_attacks() {
        for noun in [
            "attacks",
            "personnel",
            "Troops",
            "civilians",
            "casualties",
            "drones",
        ] {
            assert!(is_key_quantity(&counted(Some(noun))), "{noun}");
        }
        for noun in [Some("days"), Some("dlrs"), Some("pct"), Some("times"), None] {
            assert!(!is_key_quantity(&counted(noun)), "{noun:?}");
        }
    }
}
