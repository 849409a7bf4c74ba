//! The sink: table rows made from a finished [`Doc`], in one place.
//!
//! Components write typed annotations into the `Doc`'s layers; nothing else
//! makes `mentions`, `dates`, `quantities`, `quotes` or `events` rows. Each
//! row's shared columns (a stable id from the article id and the character
//! offsets, the article id, the sentence index, the offsets and the original
//! text) come from `RowSpan`, which calls [`Doc::char_span`], the one
//! conversion from normalised byte spans to table offsets. References between
//! layers (an event's actor, a quote's speaker: indices into the entities
//! layer) become `mention_id`s here.
//!
//! Example: a date annotated at normalised bytes 10..22 of sentence 0 gives a
//! `dates` row with `date_id` `dat_…` (article id, start, end), `sentence_idx`
//! 0 and `start`/`end` counted in characters of `articles.text`.

use sitrep_core::Doc;
use sitrep_core::ids::stable_id;
use sitrep_core::layers::{
    DateAnnotation, EntitySpan, EventAnnotation, Participant, QuantityAnnotation, QuoteAnnotation,
    RelationAnnotation,
};
use sitrep_core::tables::{DateRow, EventRow, MentionRow, QuantityRow, QuoteRow, RelationRow};
use sitrep_core::text::ByteSpan;

use crate::Extraction;

/// All rows of one finished document, each table in text order.
#[must_use]
pub fn rows(doc: &Doc) -> Extraction {
    let mentions = mention_rows(doc);
    let quotes = quote_rows(doc, &mentions);
    let events = event_rows(doc, &mentions);
    let relations = relation_rows(doc, &mentions);
    Extraction {
        relations,
        dates: date_rows(doc),
        quantities: quantity_rows(doc),
        quotes,
        events,
        mentions,
    }
}

/// The shared columns of one row: id, article, sentence, offsets and text.
pub(crate) struct RowSpan {
    pub(crate) id: String,
    pub(crate) article_id: String,
    pub(crate) sentence_idx: i64,
    /// Character offsets into `articles.text`, end exclusive.
    pub(crate) start: i64,
    pub(crate) end: i64,
    /// Original text (`articles.text`) of the span.
    pub(crate) text: String,
}

impl RowSpan {
    /// The shared columns of normalised span `span` in sentence
    /// `sentence_idx`, with an id `prefix_…` of the article id and the
    /// character offsets.
    pub(crate) fn new(doc: &Doc, prefix: &str, sentence_idx: usize, span: ByteSpan) -> Self {
        let mut row = Self::unkeyed(doc, sentence_idx, span);
        let (start, end) = (row.start.to_string(), row.end.to_string());
        row.id = stable_id(prefix, &[doc.article_id(), &start, &end]);
        row
    }

    /// As [`RowSpan::new`] with `id` as the id (no stable id is hashed),
    /// for rows the rules inside extraction read ([`internal_layer_rows`]).
    fn internal(doc: &Doc, id: String, sentence_idx: usize, span: ByteSpan) -> Self {
        let mut row = Self::unkeyed(doc, sentence_idx, span);
        row.id = id;
        row
    }

    /// As [`RowSpan::new`], with `kind` (an entity type) hashed into the id
    /// after the offsets, so two kinds at one span get two ids.
    pub(crate) fn of_kind(
        doc: &Doc,
        prefix: &str,
        sentence_idx: usize,
        span: ByteSpan,
        kind: &str,
    ) -> Self {
        let mut row = Self::unkeyed(doc, sentence_idx, span);
        let (start, end) = (row.start.to_string(), row.end.to_string());
        row.id = stable_id(prefix, &[doc.article_id(), &start, &end, kind]);
        row
    }

    /// The shared columns with an empty id.
    fn unkeyed(doc: &Doc, sentence_idx: usize, span: ByteSpan) -> Self {
        let (start, end) = doc.char_span(span);
        Self {
            id: String::new(),
            article_id: doc.article_id().to_owned(),
            sentence_idx: sentence_idx as i64,
            start,
            end,
            text: doc.original_text(span).to_owned(),
        }
    }
}

/// Adds to `mentions` (an article's rows, after the per-article resolve
/// step, which needs them parallel to `doc.entities()`) the names nested
/// inside them ([`crate::mentions::nested_mentions`], `method = nested`;
/// no quote, event or relation refers to them), and puts the rows back in
/// text order.
pub fn push_nested_mentions(doc: &Doc, mentions: &mut Vec<MentionRow>) {
    let nested = crate::mentions::nested_mentions(doc);
    if !nested.is_empty() {
        mentions.extend(nested.iter().map(|e| mention_row(doc, e)));
        mentions.sort_by(|a, b| {
            (a.sentence_idx, a.start, a.end).cmp(&(b.sentence_idx, b.start, b.end))
        });
    }
}

/// Rows of the `mentions` table, one per entity annotation (same order).
#[must_use]
pub fn mention_rows(doc: &Doc) -> Vec<MentionRow> {
    doc.entities().iter().map(|e| mention_row(doc, e)).collect()
}

/// Rows of the mention, quote, date and quantity layers for rules inside
/// extraction that only join rows by id (the event finder), not for the
/// tables: a mention's id is its index in the entities layer and the other
/// rows' ids are empty, which spares hashing a stable id for every row of an
/// article.
pub(crate) fn internal_layer_rows(
    doc: &Doc,
) -> (
    Vec<MentionRow>,
    Vec<QuoteRow>,
    Vec<DateRow>,
    Vec<QuantityRow>,
) {
    let mentions: Vec<MentionRow> = doc
        .entities()
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let span = RowSpan::internal(doc, index.to_string(), e.sentence_idx, e.span);
            mention_row_of(e, span)
        })
        .collect();
    let span = |sentence_idx: usize, span: ByteSpan| {
        RowSpan::internal(doc, String::new(), sentence_idx, span)
    };
    let quotes = doc
        .quotes()
        .iter()
        .map(|q| quote_row_of(doc, q, &mentions, span(q.sentence_idx, q.span)))
        .collect();
    let dates = doc
        .dates()
        .iter()
        .map(|d| date_row_of(d, span(d.sentence_idx, d.span)))
        .collect();
    let quantities = doc
        .quantities()
        .iter()
        .map(|q| quantity_row_of(q, span(q.sentence_idx, q.span)))
        .collect();
    (mentions, quotes, dates, quantities)
}

fn mention_row(doc: &Doc, entity: &EntitySpan) -> MentionRow {
    let entity_type = entity.entity_type.label();
    let span = RowSpan::of_kind(doc, "men", entity.sentence_idx, entity.span, entity_type);
    mention_row_of(entity, span)
}

fn mention_row_of(entity: &EntitySpan, span: RowSpan) -> MentionRow {
    let entity_type = entity.entity_type.label();
    MentionRow {
        mention_id: span.id,
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        text: span.text,
        entity_type: entity_type.to_owned(),
        entity_id: None,
        confidence: entity.score,
        method: entity.method.to_owned(),
        antecedent_id: None,
    }
}

/// Rows of the `dates` table.
#[must_use]
pub fn date_rows(doc: &Doc) -> Vec<DateRow> {
    doc.dates().iter().map(|d| date_row(doc, d)).collect()
}

fn date_row(doc: &Doc, date: &DateAnnotation) -> DateRow {
    date_row_of(date, RowSpan::new(doc, "dat", date.sentence_idx, date.span))
}

fn date_row_of(date: &DateAnnotation, span: RowSpan) -> DateRow {
    DateRow {
        date_id: span.id,
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        text: span.text,
        value: date.value.map(|(value, _)| value),
        precision: date
            .value
            .map(|(_, precision)| precision.label().to_owned()),
        range_end: date.range_end,
        anchor: date.anchor,
    }
}

/// Rows of the `quantities` table.
#[must_use]
pub fn quantity_rows(doc: &Doc) -> Vec<QuantityRow> {
    doc.quantities()
        .iter()
        .map(|q| quantity_row(doc, q))
        .collect()
}

fn quantity_row(doc: &Doc, quantity: &QuantityAnnotation) -> QuantityRow {
    quantity_row_of(
        quantity,
        RowSpan::new(doc, "qty", quantity.sentence_idx, quantity.span),
    )
}

fn quantity_row_of(quantity: &QuantityAnnotation, span: RowSpan) -> QuantityRow {
    QuantityRow {
        quantity_id: span.id,
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        text: span.text,
        value: quantity.value,
        low: quantity.low,
        high: quantity.high,
        qualifier: quantity.qualifier.map(|q| q.label().to_owned()),
        noun: quantity.noun.clone(),
        unit: quantity.unit.map(str::to_owned),
    }
}

/// Rows of the `quotes` table; `mentions` are the document's mention rows
/// (in entity-layer order), whose ids speakers link to.
#[must_use]
pub fn quote_rows(doc: &Doc, mentions: &[MentionRow]) -> Vec<QuoteRow> {
    doc.quotes()
        .iter()
        .map(|q| quote_row(doc, q, mentions))
        .collect()
}

fn quote_row(doc: &Doc, quote: &QuoteAnnotation, mentions: &[MentionRow]) -> QuoteRow {
    quote_row_of(
        doc,
        quote,
        mentions,
        RowSpan::new(doc, "quo", quote.sentence_idx, quote.span),
    )
}

fn quote_row_of(
    doc: &Doc,
    quote: &QuoteAnnotation,
    mentions: &[MentionRow],
    span: RowSpan,
) -> QuoteRow {
    let speaker = quote.speaker.as_ref();
    let speaker_chars = speaker.map(|s| doc.char_span(s.span));
    QuoteRow {
        quote_id: span.id,
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        text: span.text,
        direct: quote.method != crate::quotes::INDIRECT_METHOD,
        speaker_text: speaker.map(|s| doc.original_text(s.span).to_owned()),
        speaker_start: speaker_chars.map(|(start, _)| start),
        speaker_end: speaker_chars.map(|(_, end)| end),
        speaker_mention_id: speaker
            .and_then(|s| s.entity)
            .map(|e| mentions[e].mention_id.clone()),
        speaker_id: None,
        cue: quote.cue.clone(),
        method: quote.method.to_owned(),
    }
}

/// Rows of the `events` table; `mentions` are the document's mention rows
/// (in entity-layer order), whose ids and texts actors, targets and places
/// take.
#[must_use]
pub fn event_rows(doc: &Doc, mentions: &[MentionRow]) -> Vec<EventRow> {
    doc.events()
        .iter()
        .map(|e| event_row(doc, e, mentions))
        .collect()
}

fn event_row(doc: &Doc, event: &EventAnnotation, mentions: &[MentionRow]) -> EventRow {
    let span = RowSpan::new(doc, "evt", event.sentence_idx, event.span);
    let mention = |index: Option<usize>| index.map(|i| &mentions[i]);
    let phrase = |span: Option<ByteSpan>| span.map(|s| doc.original_text(s).to_owned());
    let (actor, target, place) = (
        mention(event.actor),
        mention(event.target),
        mention(event.place),
    );
    let event_id = span.id;
    EventRow {
        event_id: event_id.clone(),
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        trigger: span.text,
        plover_type: event.plover_type.clone(),
        plover_mode: event.plover_mode.clone(),
        acled_type: event.acled_type.clone(),
        acled_subtype: event.acled_subtype.clone(),
        actor_text: actor
            .map(|m| m.text.clone())
            .or_else(|| phrase(event.actor_phrase)),
        actor_mention_id: actor.map(|m| m.mention_id.clone()),
        actor_id: None,
        target_text: target
            .map(|m| m.text.clone())
            .or_else(|| phrase(event.target_phrase)),
        target_mention_id: target.map(|m| m.mention_id.clone()),
        target_id: None,
        place_text: place
            .map(|m| m.text.clone())
            .or_else(|| phrase(event.place_phrase)),
        place_mention_id: place.map(|m| m.mention_id.clone()),
        place_id: None,
        date: event.date.map(|(date, _)| date),
        date_precision: event
            .date
            .map(|(_, precision)| precision.label().to_owned()),
        date_source: event.date_source.map(str::to_owned),
        killed: event.killed,
        injured: event.injured,
        negated: event.negated,
        hypothetical: event.hypothetical,
        aggregate: event.aggregate,
        reported: event.reported,
        confidence: event.confidence,
        method: event.method.clone(),
        // Its own incident until the resolve stage joins it to others.
        event_cluster: event_id,
    }
}

/// Rows of the `relations` table; `mentions` are the document's mention rows
/// (in entity-layer order), whose ids and texts the participants take.
#[must_use]
pub fn relation_rows(doc: &Doc, mentions: &[MentionRow]) -> Vec<RelationRow> {
    doc.relations()
        .iter()
        .map(|r| relation_row(doc, r, mentions))
        .collect()
}

fn relation_row(doc: &Doc, relation: &RelationAnnotation, mentions: &[MentionRow]) -> RelationRow {
    let label = relation.kind.label();
    let side = |participant: Participant| match participant {
        Participant::Entity(e) => (
            mentions[e].text.clone(),
            Some(mentions[e].mention_id.clone()),
        ),
        Participant::Phrase(span) => (doc.original_text(span).to_owned(), None),
    };
    let (source_text, source_mention_id) = side(relation.source);
    let (target_text, target_mention_id) = side(relation.target);
    // Two relations can share a cue word (`leader of Hezbollah and Amal`):
    // the id hashes the relation and both sides after the offsets.
    let span = RowSpan::of_kind(
        doc,
        "rel",
        relation.sentence_idx,
        relation.span,
        &format!(
            "{label}|{}|{}",
            source_mention_id.as_deref().unwrap_or(&source_text),
            target_mention_id.as_deref().unwrap_or(&target_text)
        ),
    );
    RelationRow {
        relation_id: span.id,
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        cue: span.text,
        relation: label.to_owned(),
        source_text,
        source_mention_id,
        source_id: None,
        target_text,
        target_mention_id,
        target_id: None,
        method: relation.method.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use sitrep_core::ByteSpan;
    use sitrep_core::ids::stable_id;

    use super::RowSpan;
    use crate::test_support;

    #[test]
    fn columns_of_a_span_after_a_curly_apostrophe() {
        // `’` is three bytes and one character; the normaliser folds it to `'`.
        let doc = test_support::doc("Iran’s army moved.", None);
        let army = doc.normalised.find("army").unwrap();
        let row = RowSpan::new(&doc, "tst", 0, ByteSpan::new(army, army + 4));
        assert_eq!((row.start, row.end), (7, 11));
        assert_eq!(row.text, "army");
        assert_eq!(row.sentence_idx, 0);
        assert_eq!(row.article_id, doc.article_id());
        assert_eq!(row.id, stable_id("tst", &[doc.article_id(), "7", "11"]));
        let typed = RowSpan::of_kind(&doc, "tst", 0, ByteSpan::new(army, army + 4), "ORG");
        assert_eq!(
            typed.id,
            stable_id("tst", &[doc.article_id(), "7", "11", "ORG"])
        );
    }

    #[test]
    fn rows_of_a_finished_doc_point_into_the_article_text() {
        let mut doc = test_support::sample_doc(0);
        let rows = crate::extract(&mut doc);
        let text = &doc.article.text;
        assert_eq!(rows.mentions.len(), doc.entities().len());
        assert_eq!(rows.events.len(), doc.events().len());
        for m in &rows.mentions {
            assert_eq!(test_support::slice_chars(text, m.start, m.end), m.text);
        }
        // Events name their actors by the mention rows' ids.
        let ids: Vec<&str> = rows
            .mentions
            .iter()
            .map(|m| m.mention_id.as_str())
            .collect();
        let actors: Vec<&str> = rows
            .events
            .iter()
            .filter_map(|e| e.actor_mention_id.as_deref())
            .collect();
        assert!(!actors.is_empty());
        assert!(actors.iter().all(|a| ids.contains(a)));
    }
}
