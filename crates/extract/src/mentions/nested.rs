//! Nested names: a listed place or organisation written inside a longer
//! name (`Texas` in `University of Texas Arlington`, `United States` in
//! `United States Navy`, `Toronto` in `Metro Toronto Convention Centre`).
//!
//! The `entities` layer is flat: one span per stretch of text, so events,
//! quotes and relations see only the outer name. [`nested_mentions`] reads
//! that layer afterwards and returns, for each organisation, facility or
//! place mention, the knowledge-base names of type GPE, LOC or ORG found
//! inside it (organisations only inside a facility or place; longest
//! match from each word, as the gazetteer matches,
//! capitals checked), strictly shorter than the mention. The sink writes
//! them as extra `mentions` rows with `method = nested` (confidence
//! [`NESTED`]); no event, quote or relation points at them, and a consumer
//! that wants flat names drops that method.
//!
//! Not nested: an organisation inside an organisation (`Labour` in
//! `Labour Party`, `Treasury` in `US Treasury`: most often the same body
//! under its short name, which would count it twice); anything inside a person or NORP mention (`the LA
//! Sheriff's`: a title, not a place); a place inside a place name that is
//! itself listed (`Mexico` in `New Mexico` or `Mexico City`: one place
//! whose name contains another, not a mention of it); a person or NORP
//! name (`Chiang Kai Shek` in a station name, `American` in `Daughters of
//! the American Revolution`), which are not places or bodies the longer name
//! belongs to.

use sitrep_core::layers::EntitySpan;
use sitrep_core::{Doc, EntityType};

use super::gazetteer::Gazetteer;
use super::pieces::{PieceKind, Splitter};

/// `mentions.method` of a name nested inside a longer one.
pub const NESTED: &str = "nested";

/// Confidence of a nested name: listed, but inside another name.
pub const NESTED_CONFIDENCE: f64 = 0.6;

/// The listed names nested inside the mentions of `doc`'s entities layer,
/// in text order (see the module docs).
#[must_use]
pub fn nested_mentions(doc: &Doc) -> Vec<EntitySpan> {
    let gazetteer = Gazetteer::builtin();
    let text = doc.normalised.as_str();
    let mut splitter = Splitter::default();
    let mut pieces = Vec::new();
    let mut key = String::new();
    let mut capitals = Vec::new();
    let mut out = Vec::new();
    for outer in doc.entities() {
        if !matches!(
            outer.entity_type,
            EntityType::Organisation
                | EntityType::Facility
                | EntityType::Gpe
                | EntityType::Location
        ) {
            continue;
        }
        pieces.clear();
        splitter.split(text, outer.span, &mut pieces);
        let words = pieces.iter().filter(|p| p.kind == PieceKind::Word).count();
        if words < 2 {
            continue;
        }
        let place = matches!(outer.entity_type, EntityType::Gpe | EntityType::Location);
        if place
            && gazetteer
                .type_of_span(text, &pieces, 0, pieces.len(), &mut key)
                .is_some()
        {
            continue;
        }
        let sentence = doc.sentences[outer.sentence_idx].span;
        let all_caps = !text[sentence.start..sentence.end]
            .chars()
            .any(char::is_lowercase);
        let mut i = 0;
        while i < pieces.len() {
            // The longest listed name from piece `i` that is not the whole
            // mention (`United States` in the listed `United States Navy`).
            let mut limit = pieces.len();
            let mut hit = None;
            while limit > i {
                let found = gazetteer.longest_at(
                    text,
                    &pieces[..limit],
                    i,
                    all_caps,
                    &mut key,
                    &mut capitals,
                );
                match found {
                    Some(h) if h.start == 0 && h.end == pieces.len() => limit = h.end - 1,
                    other => {
                        hit = other;
                        break;
                    }
                }
            }
            let Some(hit) = hit else {
                i += 1;
                continue;
            };
            let kept = !hit.ambiguous_type
                && match hit.entity_type {
                    EntityType::Gpe | EntityType::Location => true,
                    EntityType::Organisation => {
                        !place && outer.entity_type != EntityType::Organisation
                    }
                    _ => false,
                };
            if kept {
                out.push(EntitySpan {
                    span: sitrep_core::ByteSpan::new(
                        pieces[hit.start].start,
                        pieces[hit.end - 1].end,
                    ),
                    sentence_idx: outer.sentence_idx,
                    entity_type: hit.entity_type,
                    score: NESTED_CONFIDENCE,
                    source: outer.source,
                    method: NESTED,
                });
            }
            i = hit.end;
        }
    }
    out
}
