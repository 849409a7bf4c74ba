//! The output tables: one row type per table, the contract with notebooks.
//!
//! All `start`/`end` columns are character offsets (Unicode code points, end
//! exclusive) into `articles.text` of the row's article, so in Python
//! `text[start:end]` is the exact span. `docs/schema.md` is generated from
//! these declarations (`sitrep schema`) and checked by a test.

use chrono::NaiveDate;

use crate::table;

table! {
    /// One article: its provenance, page furniture kept aside, and the analysed text.
    Article = "articles" {
        /// Content-derived id of the article (path relative to the input's parent + position + text).
        article_id: String,
        /// Input file the article came from, as given on the command line (bytes that are not UTF-8 as `\xNN`).
        source_path: String,
        /// Format of the input: `text_dump` or `jsonl`.
        source_format: String,
        /// First line of the article in the input file (1-based).
        source_line_start: i64,
        /// Last line of the article in the input file (1-based, inclusive).
        source_line_end: i64,
        /// Character encoding the input was decoded from (`UTF-8`, `windows-1252`, …).
        encoding: String,
        /// Publishing outlet when known (JSONL field, URL host or a known outlet name).
        outlet: Option<String>,
        /// URL when the input gave one.
        url: Option<String>,
        /// Headline: the first line of `text`.
        headline: String,
        /// Publication date when it could be inferred.
        published: Option<NaiveDate>,
        /// Precision of `published`: `day`, `month` or `year`.
        published_precision: Option<String>,
        /// Where `published` came from: `input` (JSONL field or metadata line), `option` (`--published`), `body` (publication wording), `dateline` or `caption`.
        published_source: Option<String>,
        /// The words `published` was read from.
        published_evidence: Option<String>,
        /// Photo captions, page furniture kept out of `text`, without their credits.
        captions: Vec<String>,
        /// Credit of each caption, parallel to `captions` (empty string when none), e.g. `AP`.
        caption_credits: Vec<String>,
        /// The analysed text: headline, blank line, body paragraphs separated by blank lines.
        text: String,
        /// Character offset in `text` where the body starts (after the headline).
        body_start: i64,
        /// Number of whitespace-separated words in `text`.
        word_count: i64,
        /// `article_id` of an earlier article with the same text, if this one repeats it.
        duplicate_of: Option<String>,
    }
}

table! {
    /// One sentence of an article.
    SentenceRow = "sentences" {
        /// Article the sentence belongs to.
        article_id: String,
        /// Position of the sentence in the article (0-based; the headline is sentence 0).
        sentence_idx: i64,
        /// Paragraph the sentence is in (0-based; the headline is paragraph 0).
        paragraph_idx: i64,
        /// Start character offset in `articles.text`.
        start: i64,
        /// End character offset (exclusive) in `articles.text`.
        end: i64,
        /// The sentence text, equal to `articles.text[start:end]`.
        text: String,
    }
}

table! {
    /// One entity mention.
    MentionRow = "mentions" {
        /// Content-derived id of the mention.
        mention_id: String,
        /// Article of the mention.
        article_id: String,
        /// Sentence of the mention.
        sentence_idx: i64,
        /// Start character offset in `articles.text`.
        start: i64,
        /// End character offset (exclusive) in `articles.text`.
        end: i64,
        /// The mention text, equal to `articles.text[start:end]`.
        text: String,
        /// OntoNotes type: `PERSON`, `ORG`, `GPE`, `LOC`, `FAC` or `NORP`.
        entity_type: String,
        /// Resolved entity (`entities.entity_id`); null before the resolve stage.
        entity_id: Option<String>,
        /// Confidence in the span and type, 0 to 1.
        confidence: f64,
        /// Which extractor found it (e.g. `gazetteer`, `title_rule`), with `+sports_team` when a place name used for a sports team was retyped `ORG`; `pronoun` or `nominal` for the layer of pronouns and nominals linked to a named mention.
        method: String,
        /// For a pronoun or nominal (`he`, `the minister`): the `mention_id` of the named mention it was linked to; null for names.
        antecedent_id: Option<String>,
    }
}

table! {
    /// One resolved entity: mentions merged within and across articles.
    EntityRow = "entities" {
        /// Content-derived id of the entity.
        entity_id: String,
        /// Canonical name (knowledge-base name, else the longest mention).
        name: String,
        /// OntoNotes type: `PERSON`, `ORG`, `GPE`, `LOC`, `FAC` or `NORP`.
        entity_type: String,
        /// Distinct surface forms seen, sorted.
        aliases: Vec<String>,
        /// Knowledge-base id when linked: `Q…` Wikidata item, `geonames:…` GeoNames feature, `sitrep:…` curated entry of `data/kb/` without a verified public id.
        kb_id: Option<String>,
        /// ISO 3166-1 alpha-2 country code when known.
        country: Option<String>,
        /// Latitude (WGS84) for places with coordinates.
        lat: Option<f64>,
        /// Longitude (WGS84) for places with coordinates.
        lon: Option<f64>,
        /// Number of mentions of the entity; names nested inside a longer name (`mentions.method = nested`) are linked to it but not counted, so an entity named only inside longer names has 0.
        mention_count: i64,
        /// Number of distinct articles mentioning it.
        article_count: i64,
        /// Confidence of the knowledge-base link given the article's context, 0.5 to 1 (lower scores are not linked); null when not linked.
        link_score: Option<f64>,
        /// What `lat`/`lon` stand for: `country` (a country), `admin1` (a state, province or region) or `point` (a city or facility); null when not a linked place.
        geo_precision: Option<String>,
        /// Why the entity was formed: per article cluster, the rule and score that joined it across articles, the within-article rules, and the link with its score.
        merge_evidence: Vec<String>,
        /// Wikidata item (`Q…`) of the linked entry: `kb_id` itself when it is one, else the item recorded for it in `data/kb/wikidata.tsv` or `data/kb/wikidata_packages.tsv` (e.g. for a GeoNames place; every country has one); null when unknown or not linked.
        wikidata_id: Option<String>,
    }
}

table! {
    /// One event: who did what to whom, where and when, in one sentence.
    EventRow = "events" {
        /// Content-derived id of the event.
        event_id: String,
        /// Article of the event.
        article_id: String,
        /// Sentence stating the event.
        sentence_idx: i64,
        /// Start character offset of the trigger word(s) in `articles.text`.
        start: i64,
        /// End character offset (exclusive) of the trigger.
        end: i64,
        /// The trigger text, e.g. `struck`.
        trigger: String,
        /// PLOVER event type, e.g. `ASSAULT`, `CONSULT`, `THREATEN`.
        plover_type: String,
        /// PLOVER mode when known, e.g. `aerial`.
        plover_mode: Option<String>,
        /// ACLED event type when the event is political violence or a strategic development.
        acled_type: Option<String>,
        /// ACLED sub-event type, e.g. `Air/drone strike`.
        acled_subtype: Option<String>,
        /// Actor mention text.
        actor_text: Option<String>,
        /// Actor mention (`mentions.mention_id`).
        actor_mention_id: Option<String>,
        /// Actor entity (`entities.entity_id`), set by the resolve stage.
        actor_id: Option<String>,
        /// Target mention text.
        target_text: Option<String>,
        /// Target mention (`mentions.mention_id`).
        target_mention_id: Option<String>,
        /// Target entity (`entities.entity_id`), set by the resolve stage.
        target_id: Option<String>,
        /// Place mention text.
        place_text: Option<String>,
        /// Place mention (`mentions.mention_id`).
        place_mention_id: Option<String>,
        /// Place entity (`entities.entity_id`), set by the resolve stage.
        place_id: Option<String>,
        /// Date of the event: stated in its sentence, else the paragraph's last earlier date, else the article's publication date (see `date_source`); null when none is known.
        date: Option<NaiveDate>,
        /// Precision of `date`: `day`, `week`, `month`, `year` or `decade`.
        date_precision: Option<String>,
        /// Where `date` was read: `sentence` (a date in the event's sentence), `paragraph` (an earlier sentence of its paragraph) or `article` (the publication date); null without a date.
        date_source: Option<String>,
        /// People killed, when the sentence counts them.
        killed: Option<i64>,
        /// People injured, when the sentence counts them.
        injured: Option<i64>,
        /// The sentence says the event did not happen.
        negated: bool,
        /// The event is conditional, threatened or speculative.
        hypothetical: bool,
        /// The sentence summarises many events (e.g. `61 attacks`).
        aggregate: bool,
        /// The event is told as someone's words: its trigger is inside a quotation or the reported clause of a speech verb (`officials said the militia attacked`).
        reported: bool,
        /// Confidence 0 to 1.
        confidence: f64,
        /// Which extractor found it.
        method: String,
        /// Incident the event tells of: the `event_id` of the first event of its cluster (the same type and the same actor, target or place: within an article on the same stated date or both undated, across articles on the same stated day by entity id; see `sitrep-resolve`'s `event_clusters`); its own `event_id` when it joins none.
        event_cluster: String,
    }
}

table! {
    /// One quotation with its speaker.
    QuoteRow = "quotes" {
        /// Content-derived id of the quote.
        quote_id: String,
        /// Article of the quote.
        article_id: String,
        /// Sentence the quote starts in.
        sentence_idx: i64,
        /// Start character offset of the quoted words (inside the quotation marks).
        start: i64,
        /// End character offset (exclusive) of the quoted words.
        end: i64,
        /// The quoted words.
        text: String,
        /// Whether the words are quoted in quotation marks (`true`) or reported as the complement clause of a speech verb (`false`: `he said that …`).
        direct: bool,
        /// Speaker as written near the quote (`he`, `Soaid`), if found.
        speaker_text: Option<String>,
        /// Start character offset of `speaker_text`.
        speaker_start: Option<i64>,
        /// End character offset (exclusive) of `speaker_text`.
        speaker_end: Option<i64>,
        /// Named mention the speaker refers to (`mentions.mention_id`).
        speaker_mention_id: Option<String>,
        /// Speaker entity (`entities.entity_id`), set by the resolve stage.
        speaker_id: Option<String>,
        /// Speech verb, e.g. `said`, `told`.
        cue: Option<String>,
        /// Which extractor found it.
        method: String,
    }
}

table! {
    /// One relation stated in a sentence between two participants.
    RelationRow = "relations" {
        /// Content-derived id of the relation.
        relation_id: String,
        /// Article of the relation.
        article_id: String,
        /// Sentence stating the relation.
        sentence_idx: i64,
        /// Start character offset of the word that states it (`backed`, `leader`, `met`).
        start: i64,
        /// End character offset (exclusive) of that word.
        end: i64,
        /// The word that states the relation, as written.
        cue: String,
        /// `member_of`, `leader_of`, `based_in`, `backed_by`, `met_with` or `allied_with`; reads "source relation target".
        relation: String,
        /// Source as written: a mention's text, or a noun phrase naming no entity (`militias`).
        source_text: String,
        /// Source mention (`mentions.mention_id`) when the source is a named entity.
        source_mention_id: Option<String>,
        /// Source entity (`entities.entity_id`), set by the resolve stage.
        source_id: Option<String>,
        /// Target as written.
        target_text: String,
        /// Target mention (`mentions.mention_id`) when the target is a named entity.
        target_mention_id: Option<String>,
        /// Target entity (`entities.entity_id`), set by the resolve stage.
        target_id: Option<String>,
        /// Which pattern of the dependency tree found it, e.g. `hyphen_compound` (`Iran-backed militias`), `participle_by` (`militias backed by Iran`), `title` (`Hezbollah leader Hassan Nasrallah`), `noun_of` (`Nasrallah, the leader of Hezbollah`), `subject_object` (`Sudani met Khamenei`).
        method: String,
    }
}

table! {
    /// One counted fact: a number with its qualifier and what it counts.
    QuantityRow = "quantities" {
        /// Content-derived id.
        quantity_id: String,
        /// Article of the quantity.
        article_id: String,
        /// Sentence of the quantity.
        sentence_idx: i64,
        /// Start character offset of the expression (qualifier included).
        start: i64,
        /// End character offset (exclusive).
        end: i64,
        /// The expression, e.g. `at least 60 US personnel`.
        text: String,
        /// Numeric value as stated (`five dozen` → 60).
        value: f64,
        /// Lower bound implied by the qualifier (`at least 60` → 60), if any.
        low: Option<f64>,
        /// Upper bound implied by the qualifier (`up to 60` → 60), if any.
        high: Option<f64>,
        /// Qualifier as normalised: `at_least`, `more_than`, `about`, `up_to`, `less_than`, `exactly`.
        qualifier: Option<String>,
        /// Counted noun (head), e.g. `attacks`, `personnel`.
        noun: Option<String>,
        /// Unit for measures (`percent`, `km`, `USD`), if any.
        unit: Option<String>,
    }
}

table! {
    /// One date expression resolved to the calendar.
    DateRow = "dates" {
        /// Content-derived id.
        date_id: String,
        /// Article of the date.
        article_id: String,
        /// Sentence of the date.
        sentence_idx: i64,
        /// Start character offset.
        start: i64,
        /// End character offset (exclusive).
        end: i64,
        /// The expression, e.g. `Oct. 17`, `Monday`, `early January 2020`.
        text: String,
        /// First day of the period or range; null when unresolved or for a range open at the start (`before 2010`).
        value: Option<NaiveDate>,
        /// `day`, `week` (value = the Monday), `month`, `quarter`, `year`, `decade` or `century`; null when unresolved.
        precision: Option<String>,
        /// Last day of a range (`between Oct. 17 and 21`, `before 2010`) or of a part of a period (`early January 2020`); null for a whole period.
        range_end: Option<NaiveDate>,
        /// Anchor date used to resolve relative or year-less expressions: the publication date, or for `N units later/earlier` the first day of the date stated earlier in the paragraph that it counts from.
        anchor: Option<NaiveDate>,
    }
}

table! {
    /// One input that was not processed, with the reason.
    RejectedRow = "rejected" {
        /// Input file, or the directory entry that could not be read (escaped like `articles.source_path`).
        source_path: String,
        /// Line in the file for line-based formats (JSONL), else null.
        line: Option<i64>,
        /// Machine-readable reason: `empty`, `binary`, `too_large`, `undecodable`, `html`, `bad_json`, `no_text`, `unreadable`, `special_file`, `dangling_symlink`, `symlink_loop`.
        reason: String,
        /// Human-readable explanation naming the problem.
        detail: String,
        /// Size of the input in bytes.
        size_bytes: i64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Table;

    #[test]
    fn columns_follow_field_order_and_carry_docs() {
        let names: Vec<_> = SentenceRow::COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "article_id",
                "sentence_idx",
                "paragraph_idx",
                "start",
                "end",
                "text"
            ]
        );
        assert!(SentenceRow::COLUMNS.iter().all(|c| !c.doc.is_empty()));
    }

    #[test]
    fn rows_round_trip_through_cells() {
        let row = RejectedRow {
            source_path: "a.txt".into(),
            line: None,
            reason: "empty".into(),
            detail: "a.txt: file is empty".into(),
            size_bytes: 0,
        };
        let owned = row
            .cells()
            .into_iter()
            .map(|cell| match cell {
                crate::Cell::Str(s) => crate::table::OwnedCell::Str(s.map(str::to_owned)),
                crate::Cell::Int(v) => crate::table::OwnedCell::Int(v),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(RejectedRow::from_cells(owned).unwrap(), row);
    }
}

table! {
    /// One token with its syntax (opt-in: `sitrep run --tokens`).
    TokenRow = "tokens" {
        /// Article of the token.
        article_id: String,
        /// Sentence the token is in (as in `sentences`).
        sentence_idx: i64,
        /// Position of the token in its sentence (0-based).
        token_idx: i64,
        /// Start character offset in `articles.text`.
        start: i64,
        /// End character offset (exclusive) in `articles.text`.
        end: i64,
        /// The token text, equal to `articles.text[start:end]`.
        text: String,
        /// Lemma (`attacked` → `attack`).
        lemma: String,
        /// Universal part of speech (UD UPOS: `NOUN`, `VERB`, `PROPN`, …).
        upos: String,
        /// English Penn Treebank part of speech (`NNS`, `VBD`, …).
        xpos: String,
        /// `token_idx` of the syntactic head in the same sentence; null for the sentence's root.
        head: Option<i64>,
        /// UD dependency relation to the head, with subtype (`nsubj`, `obl:tmod`, `root`).
        deprel: String,
    }
}
