//! Reading gold files: GUM-style and UNER-style JSON Lines.
//!
//! One document per line, `{"text": …, "entities": [{"start", "end", "type", …}]}`
//! with `start`/`end` as code-point offsets (end exclusive) into `text`. Two
//! flavours are recognised field by field, so one reader serves both:
//!
//! - **GUM** (`shared/data/gold/gum_news_dev.jsonl`, `train/gum_other.jsonl`):
//!   entities carry `type` in `person, place, organization, time, …`, `eid`
//!   (coreference id within the document), `proper` and `wikidata`.
//! - **UNER** (`train/uner_en_ewt_*.jsonl`): entities carry `type` in
//!   `PER/ORG/LOC` only, so every mention counts as named (`proper` is taken
//!   as true), there is no coreference or linking; the record's `sent_ids`
//!   says that each line of `text` is one sentence, which gives gold sentence
//!   boundaries.
//!
//! `PER`/`ORG`/`LOC` are mapped to `person`/`organization`/`place`; other
//! types are kept lower-cased and never scored. A mention whose offsets fall
//! outside the text, or whose `text` field differs from the slice it names,
//! is an error naming the line: the file is broken, not the pipeline.
//!
//! Known misses: fields beyond these are ignored (`wiki`, `genre`, …).

use serde::Deserialize;

use crate::error::EvalError;

/// Type labels of the three scored gold types.
pub(crate) const PERSON: &str = "person";
/// See [`PERSON`].
pub(crate) const PLACE: &str = "place";
/// See [`PERSON`].
pub(crate) const ORGANIZATION: &str = "organization";

/// One gold document.
#[derive(Debug, Clone)]
pub(crate) struct GoldDocument {
    /// 1-based line of the file the document came from.
    pub(crate) line: usize,
    /// The record's `doc_id`, when it has one.
    pub(crate) doc_id: Option<String>,
    /// The text, verbatim.
    pub(crate) text: String,
    /// Gold mentions, in file order.
    pub(crate) mentions: Vec<GoldMention>,
    /// Whether mentions carry coreference ids and links (GUM flavour).
    pub(crate) has_coreference: bool,
    /// Gold sentence spans (character offsets) when the file gives sentences.
    pub(crate) sentences: Option<Vec<(usize, usize)>>,
}

/// One gold mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GoldMention {
    /// Start character offset.
    pub(crate) start: usize,
    /// End character offset (exclusive).
    pub(crate) end: usize,
    /// `person`, `place`, `organization`, or another (unscored) lower-case type.
    pub(crate) entity_type: String,
    /// Whether the mention is a name (GUM `proper`; always true for UNER).
    pub(crate) proper: bool,
    /// Coreference id within the document.
    pub(crate) eid: Option<String>,
    /// Wikidata id of the entity, when linked.
    pub(crate) wikidata: Option<String>,
}

#[derive(Deserialize)]
struct RawDocument {
    #[serde(default)]
    doc_id: Option<String>,
    text: String,
    #[serde(default)]
    entities: Vec<RawEntity>,
    #[serde(default)]
    sent_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawEntity {
    start: usize,
    end: usize,
    #[serde(default)]
    text: Option<String>,
    #[serde(rename = "type")]
    entity_type: String,
    #[serde(default)]
    eid: Option<String>,
    #[serde(default)]
    wikidata: Option<String>,
    #[serde(default)]
    proper: Option<bool>,
}

/// Maps a gold type label to the scored vocabulary.
fn gold_type(label: &str) -> String {
    match label {
        "PER" => PERSON.to_owned(),
        "ORG" => ORGANIZATION.to_owned(),
        "LOC" => PLACE.to_owned(),
        other => other.to_lowercase(),
    }
}

/// Byte offset of every character boundary: `bytes[c]` is where character `c` starts.
pub(crate) fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// Parses every non-blank line of `jsonl`; `source` names it in errors.
pub(crate) fn parse(jsonl: &str, source: &str) -> Result<Vec<GoldDocument>, EvalError> {
    let mut documents = Vec::new();
    for (idx, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        documents.push(parse_line(line, idx + 1, source)?);
    }
    if documents.is_empty() {
        return Err(EvalError::Empty {
            source_name: source.to_owned(),
        });
    }
    Ok(documents)
}

fn parse_line(line: &str, number: usize, source: &str) -> Result<GoldDocument, EvalError> {
    let raw: RawDocument = serde_json::from_str(line).map_err(|error| EvalError::Json {
        source_name: source.to_owned(),
        line: number,
        error,
    })?;
    let bytes = char_boundaries(&raw.text);
    let char_len = bytes.len() - 1;
    let bad = |detail: String| EvalError::BadMention {
        source_name: source.to_owned(),
        line: number,
        detail,
    };
    let mut mentions = Vec::with_capacity(raw.entities.len());
    for entity in raw.entities {
        if entity.start > entity.end || entity.end > char_len {
            return Err(bad(format!(
                "mention {}..{} lies outside a text of {char_len} characters",
                entity.start, entity.end
            )));
        }
        let slice = &raw.text[bytes[entity.start]..bytes[entity.end]];
        if let Some(expected) = &entity.text
            && expected != slice
        {
            return Err(bad(format!(
                "mention {}..{} says {expected:?} but the text there is {slice:?}",
                entity.start, entity.end
            )));
        }
        mentions.push(GoldMention {
            start: entity.start,
            end: entity.end,
            entity_type: gold_type(&entity.entity_type),
            proper: entity.proper.unwrap_or(true),
            eid: entity.eid,
            wikidata: entity.wikidata.filter(|id| !id.is_empty()),
        });
    }
    let has_coreference = mentions.iter().any(|m| m.eid.is_some());
    let sentences = raw.sent_ids.map(|_| line_spans(&raw.text));
    Ok(GoldDocument {
        line: number,
        doc_id: raw.doc_id,
        text: raw.text,
        mentions,
        has_coreference,
        sentences,
    })
}

/// Character spans of the non-blank lines of `text`, surrounding whitespace excluded.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let length = line.chars().count();
        let leading = line.chars().take_while(|c| c.is_whitespace()).count();
        let trailing = line.chars().rev().take_while(|c| c.is_whitespace()).count();
        if leading < length {
            spans.push((offset + leading, offset + length - trailing));
        }
        offset += length + 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gum_and_uner_lines_parse_into_one_shape() {
        let jsonl = concat!(
            r#"{"doc_id": "g", "text": "Obama met Ünal.", "entities": ["#,
            r#"{"start": 0, "end": 5, "text": "Obama", "type": "person", "eid": "1", "wikidata": "Q76", "proper": true},"#,
            r#"{"start": 10, "end": 14, "text": "Ünal", "type": "person", "eid": "2", "wikidata": null, "proper": true}]}"#,
            "\n\n",
            r#"{"doc_id": "u", "sent_ids": ["s1", "s2"], "text": "I saw Paris .\nBye .", "entities": ["#,
            r#"{"start": 6, "end": 11, "text": "Paris", "type": "LOC"}]}"#,
        );
        let documents = parse(jsonl, "mem").unwrap();
        assert_eq!(documents.len(), 2);
        let gum = &documents[0];
        assert!(gum.has_coreference && gum.sentences.is_none());
        assert_eq!(gum.mentions[0].wikidata.as_deref(), Some("Q76"));
        assert_eq!(gum.doc_id.as_deref(), Some("g"));
        assert_eq!((gum.mentions[1].start, gum.mentions[1].end), (10, 14));
        let uner = &documents[1];
        assert_eq!(uner.line, 3);
        assert!(!uner.has_coreference);
        assert_eq!(uner.mentions[0].entity_type, "place");
        assert!(uner.mentions[0].proper);
        assert_eq!(uner.sentences.as_deref(), Some(&[(0, 13), (14, 19)][..]));
    }

    #[test]
    fn a_mention_that_disagrees_with_the_text_names_its_line() {
        let jsonl = r#"{"text": "Obama", "entities": [{"start": 0, "end": 4, "text": "Obama", "type": "person"}]}"#;
        let error = parse(jsonl, "gold.jsonl").unwrap_err().to_string();
        assert!(error.contains("gold.jsonl line 1"), "{error}");
        assert!(error.contains("\"Obam\""), "{error}");
        assert!(matches!(
            parse("\n", "empty.jsonl"),
            Err(EvalError::Empty { .. })
        ));
    }
}
