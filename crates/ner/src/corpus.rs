//! Training data: gold JSONL files turned into tokenised, labelled sentences.
//!
//! Two shapes are read, one document per line, with code-point `start`/`end`
//! offsets into `text`:
//!
//! - **Universal NER** (`uner_en_ewt_*.jsonl`): `PER`, `ORG`, `LOC` names.
//!   `PER` → PERSON, `ORG` → ORG, `LOC` → a place type (below).
//! - **GUM** (`gum_*.jsonl`): every mention, typed `person`, `place`,
//!   `organization` and seven other types. Records whose `text_license`
//!   contains `NC` (non-commercial) are skipped. Name spans are made from
//!   mentions with `proper == true` of the three name types:
//!   1. a leading `the`/`The` and a trailing possessive `'s`/`'` are dropped;
//!   2. a span must read as a name: every word capitalised, a number, a
//!      symbol, or a linking word (`of`, `the`, `and`, `for`, `de`, `al`, …).
//!      A person span that does not (`professor Marc Lamont Hill`) keeps
//!      its final run of capitalised words when a lower-case word precedes
//!      it; other spans that do not are dropped (`Muslims traveling to the
//!      U.S.`), and their nested names take their place;
//!   3. titles are cut from the front of person spans (`U.S. President Donald
//!      Trump` → `Donald Trump`; a span that is only a title, `The President`,
//!      is dropped), as Universal NER and OntoNotes annotate names;
//!   4. of overlapping spans the longest is kept (GUM nests names; a flat
//!      tagger keeps the outer one: `University of Texas Arlington` over
//!      `Texas`).
//!
//! **Types.** A name the knowledge base knows with one type takes that type
//! (`the Taliban`, a GUM `person`, becomes ORG; `Afghans` becomes NORP: GUM
//! types groups of people as `person`). Otherwise `person` → PERSON,
//! `organization` → ORG, and a place → FAC when its last word is a facility
//! noun (`Hall`, `Airport`, `Museum`, `Street`…), LOC when it is a landform
//! or region noun (`River`, `Valley`, `Alps`…) or a continent, GPE otherwise.
//!
//! **Tokens** come from the pipeline's own normaliser and tokenizer
//! (`sitrep_normalise::normalise`), so training and tagging cut text alike.
//! A name whose ends do not fall on token boundaries, or that crosses a
//! sentence boundary, is counted in [`CorpusStats::misaligned`] and its
//! sentence is left out.
//!
//! Known misses: GUM marks some generic plurals and groups as proper
//! `person` (`Libertarians`) that the knowledge base does not know; they stay
//! PERSON. Titles not in the list stay in the span.

use std::collections::HashMap;

use serde::Deserialize;
use sitrep_core::tables::Article;
use sitrep_core::{EntityType, KnowledgeBase};

use crate::features::DocContext;
use crate::labels::{TokenSpan, encode};
use crate::train::Sentence;

/// Files that must never be trained on (held-out evaluation data).
pub const FORBIDDEN: [&str; 3] = ["uner_en_ewt_test", "gum_news_dev", "data/bench"];

/// A training file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A line is not a valid record.
    #[error("{source_name}:{line}: {message}")]
    Record {
        /// File name.
        source_name: String,
        /// Line number (1-based).
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// Held-out data.
    #[error("{0}: held-out evaluation data must not be used for training")]
    Forbidden(String),
}

/// Counts of what a corpus gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Documents read.
    pub documents: usize,
    /// Documents skipped for a non-commercial text licence.
    pub non_commercial: usize,
    /// Sentences kept.
    pub sentences: usize,
    /// Tokens in kept sentences.
    pub tokens: usize,
    /// Names kept, by type in `EntityType::ALL` order.
    pub names: [usize; 6],
    /// Gold mentions dropped (not a name, only a title, nested).
    pub dropped: usize,
    /// Names not on token boundaries (their sentence is left out).
    pub misaligned: usize,
}

#[derive(Debug, Deserialize)]
struct Record {
    text: String,
    #[serde(default)]
    entities: Vec<Mention>,
    #[serde(default)]
    text_license: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Mention {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    entity_type: String,
    #[serde(default)]
    proper: Option<bool>,
}

/// A candidate name in character offsets.
#[derive(Debug, Clone, Copy)]
struct CharSpan {
    start: usize,
    end: usize,
    entity_type: EntityType,
}

/// Reads every record of `jsonl` (named `source` in errors) into labelled
/// sentences, adding to `stats`.
pub fn read_jsonl(
    jsonl: &str,
    source: &str,
    kb: &KnowledgeBase,
    stats: &mut CorpusStats,
) -> Result<Vec<Sentence>, CorpusError> {
    if FORBIDDEN.iter().any(|f| source.contains(f)) {
        return Err(CorpusError::Forbidden(source.to_owned()));
    }
    let mut sentences = Vec::new();
    for (i, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line).map_err(|e| CorpusError::Record {
            source_name: source.to_owned(),
            line: i + 1,
            message: e.to_string(),
        })?;
        stats.documents += 1;
        if record
            .text_license
            .as_deref()
            .is_some_and(|l| l.contains("NC"))
        {
            stats.non_commercial += 1;
            continue;
        }
        let chars: Vec<char> = record.text.chars().collect();
        if record
            .entities
            .iter()
            .any(|m| m.start >= m.end || m.end > chars.len())
        {
            return Err(CorpusError::Record {
                source_name: source.to_owned(),
                line: i + 1,
                message: "a mention's offsets fall outside the text".to_owned(),
            });
        }
        let spans = names_of(&record, &chars, kb, stats);
        label_document(&record.text, &spans, i + 1, stats, &mut sentences);
    }
    Ok(sentences)
}

/// The flat name spans of one record (see the module docs).
fn names_of(
    record: &Record,
    chars: &[char],
    kb: &KnowledgeBase,
    stats: &mut CorpusStats,
) -> Vec<CharSpan> {
    let mut candidates = Vec::new();
    for mention in &record.entities {
        let (kind, gum) = match mention.entity_type.as_str() {
            "PER" | "person" => ('p', mention.proper.is_some()),
            "ORG" | "organization" => ('o', mention.proper.is_some()),
            "LOC" | "place" => ('l', mention.proper.is_some()),
            _ => continue,
        };
        if gum && mention.proper != Some(true) {
            continue;
        }
        let (start, end) = trim(chars, mention.start, mention.end);
        let Some((start, end)) = (if gum {
            name_part(chars, start, end, kind == 'p')
        } else {
            Some((start, end))
        }) else {
            stats.dropped += 1;
            continue;
        };
        let text: String = chars[start..end].iter().collect();
        let entity_type = type_of(&text, kind, kb);
        candidates.push(CharSpan {
            start,
            end,
            entity_type,
        });
    }
    // Longest first, then leftmost; keep what does not overlap.
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(a.entity_type.cmp(&b.entity_type))
    });
    let mut kept: Vec<CharSpan> = Vec::new();
    for c in candidates {
        if kept.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            kept.push(c);
        } else {
            stats.dropped += 1;
        }
    }
    kept.sort_by_key(|c| c.start);
    kept
}

/// Drops a leading `the ` and a trailing possessive from `start..end`.
fn trim(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let (mut start, mut end) = (start, end);
    let text: String = chars[start..end].iter().collect();
    for article in ["the ", "The ", "THE "] {
        if text.starts_with(article) && end - start > 4 {
            start += 4;
            break;
        }
    }
    let tail: String = chars[start..end].iter().collect();
    if end - start > 2 && (tail.ends_with("'s") || tail.ends_with("\u{2019}s")) {
        end -= 2;
    } else if end - start > 2 && tail.ends_with("s'") {
        end -= 1;
    }
    (start, end)
}

/// Words that may be lower case inside a name.
const LINKING: [&str; 22] = [
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "al", "el", "von", "van", "der",
    "den", "da", "di", "bin", "ibn", "on", "y", "upon",
];

/// Whether `word` may stand inside a name.
fn name_word(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return true;
    };
    first.is_uppercase() || !first.is_alphabetic() || LINKING.contains(&word)
}

/// Character ranges of the whitespace-separated words of `start..end`.
fn words(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let s = i;
        while i < end && !chars[i].is_whitespace() {
            i += 1;
        }
        out.push((s, i));
    }
    out
}

/// The name part of a GUM proper mention, if any (rules 2 and 3 of the module
/// docs).
fn name_part(chars: &[char], start: usize, end: usize, person: bool) -> Option<(usize, usize)> {
    let spans = words(chars, start, end);
    let text = |&(s, e): &(usize, usize)| -> String { chars[s..e].iter().collect() };
    let texts: Vec<String> = spans.iter().map(text).collect();
    let mut first = 0;
    if texts.iter().all(|w| name_word(w)) {
        if person {
            // Cut through the last title word.
            if let Some(t) = texts
                .iter()
                .rposition(|w| sitrep_core::titles::cuts_training_spans(&w.to_lowercase()))
            {
                first = t + 1;
            }
        }
    } else if person {
        let last_lower = texts.iter().rposition(|w| !name_word(w))?;
        first = last_lower + 1;
    } else {
        return None;
    }
    if first >= texts.len()
        || !texts[first..]
            .iter()
            .any(|w| w.starts_with(char::is_uppercase))
    {
        return None;
    }
    // A name does not start with a linking word.
    while first < texts.len() && LINKING.contains(&texts[first].as_str()) {
        first += 1;
    }
    (first < texts.len()).then(|| (spans[first].0, end))
}

/// Facility nouns ending place names.
const FACILITY: [&str; 34] = [
    "airport",
    "hall",
    "building",
    "museum",
    "square",
    "street",
    "st.",
    "avenue",
    "road",
    "bridge",
    "base",
    "mansion",
    "church",
    "cathedral",
    "mosque",
    "temple",
    "stadium",
    "arena",
    "tower",
    "palace",
    "castle",
    "hospital",
    "hotel",
    "center",
    "centre",
    "station",
    "prison",
    "park",
    "house",
    "garden",
    "gardens",
    "library",
    "theatre",
    "theater",
];

/// Landform and region nouns ending place names, and continents.
const LOCATION: [&str; 32] = [
    "river",
    "mountain",
    "mountains",
    "mount",
    "lake",
    "sea",
    "ocean",
    "valley",
    "plateau",
    "island",
    "islands",
    "desert",
    "gulf",
    "bay",
    "coast",
    "peninsula",
    "alps",
    "region",
    "hills",
    "forest",
    "canyon",
    "strait",
    "basin",
    "plains",
    "delta",
    "europe",
    "africa",
    "asia",
    "americas",
    "antarctica",
    "oceania",
    "caribbean",
];

/// The entity type of name `text` of gold kind `kind` (`p`, `o`, `l`).
fn type_of(text: &str, kind: char, kb: &KnowledgeBase) -> EntityType {
    let mut known: Vec<EntityType> = kb.lookup(text).map(|e| e.entity_type).collect();
    known.sort();
    known.dedup();
    if let [only] = known[..] {
        return only;
    }
    match kind {
        'p' => EntityType::Person,
        'o' => EntityType::Organisation,
        _ => {
            let last = text
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or_default()
                .to_lowercase();
            if FACILITY.contains(&last.as_str()) {
                EntityType::Facility
            } else if LOCATION.contains(&last.as_str()) {
                EntityType::Location
            } else {
                EntityType::Gpe
            }
        }
    }
}

/// An article around gold text (headline = its first line), so the
/// pipeline's normaliser cuts it as it cuts any article; `line` is the
/// record's line in its file.
#[must_use]
pub fn article_of(text: &str, article_id: String, line: usize) -> Article {
    let headline = text.lines().next().unwrap_or_default();
    let after_headline = &text[headline.len()..];
    let newlines = after_headline.len() - after_headline.trim_start_matches(['\n', '\r']).len();
    Article {
        article_id,
        source_path: "gold".into(),
        source_format: "jsonl".into(),
        source_line_start: line as i64,
        source_line_end: line as i64,
        encoding: "UTF-8".into(),
        outlet: None,
        url: None,
        headline: headline.to_owned(),
        published: None,
        published_precision: None,
        published_source: None,
        published_evidence: None,
        captions: vec![],
        caption_credits: vec![],
        text: text.to_owned(),
        body_start: (headline.chars().count() + newlines) as i64,
        word_count: text.split_whitespace().count() as i64,
        duplicate_of: None,
    }
}

/// Tokenises `text` with the pipeline and labels its sentences with `spans`.
fn label_document(
    text: &str,
    spans: &[CharSpan],
    line: usize,
    stats: &mut CorpusStats,
    out: &mut Vec<Sentence>,
) {
    let doc = sitrep_normalise::normalise(article_of(text, format!("train-{line}"), line));
    // Token index of each character start and end.
    let mut token_at_start: HashMap<usize, usize> = HashMap::new();
    let mut token_at_end: HashMap<usize, usize> = HashMap::new();
    for (t, token) in doc.tokens.iter().enumerate() {
        let (s, e) = doc.char_span(token.span);
        token_at_start.insert(s as usize, t);
        token_at_end.insert(e as usize, t);
    }
    let mut per_sentence: Vec<Vec<TokenSpan>> = vec![Vec::new(); doc.sentences.len()];
    let mut broken = vec![false; doc.sentences.len()];
    for span in spans {
        let (Some(&first), Some(&last)) =
            (token_at_start.get(&span.start), token_at_end.get(&span.end))
        else {
            stats.misaligned += 1;
            if let Some(s) = doc.sentence_at(
                doc.tokens
                    .iter()
                    .find(|t| doc.char_span(t.span).1 as usize > span.start)
                    .map_or(0, |t| t.span.start),
            ) {
                broken[s] = true;
            }
            continue;
        };
        let sentence = doc.tokens[first].sentence_idx;
        if doc.tokens[last].sentence_idx != sentence || last < first {
            stats.misaligned += 1;
            broken[sentence] = true;
            continue;
        }
        let offset = doc.sentences[sentence].first_token;
        per_sentence[sentence].push(TokenSpan {
            start: first - offset,
            end: last + 1 - offset,
            entity_type: span.entity_type,
        });
    }
    // Every sentence of the document, kept or not, informs its context, as
    // when tagging.
    let sentence_words = doc.sentence_words();
    let context = DocContext::new(&sentence_words);
    for (idx, names) in per_sentence.iter().enumerate() {
        if broken[idx] {
            continue;
        }
        let words = &sentence_words[idx];
        let tokens: Vec<String> = words.iter().map(|&w| w.to_owned()).collect();
        if tokens.is_empty() {
            continue;
        }
        for name in names {
            let t = EntityType::ALL
                .iter()
                .position(|&x| x == name.entity_type)
                .unwrap_or(0);
            stats.names[t] += 1;
        }
        stats.sentences += 1;
        stats.tokens += tokens.len();
        out.push(Sentence {
            labels: encode(tokens.len(), names),
            context: context.values(words),
            tokens,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::decode;

    fn names(sentences: &[Sentence]) -> Vec<(String, EntityType)> {
        sentences
            .iter()
            .flat_map(|s| {
                decode(&s.labels)
                    .into_iter()
                    .map(|span| (s.tokens[span.start..span.end].join(" "), span.entity_type))
            })
            .collect()
    }

    fn gum_line(text: &str, mentions: &[(&str, &str, bool)], license: &str) -> String {
        let entities: Vec<serde_json::Value> = mentions
            .iter()
            .map(|&(surface, entity_type, proper)| {
                let byte = text.find(surface).unwrap();
                let start = text[..byte].chars().count();
                serde_json::json!({"start": start, "end": start + surface.chars().count(),
                    "type": entity_type, "proper": proper})
            })
            .collect();
        serde_json::json!({"text": text, "entities": entities, "text_license": license}).to_string()
    }

    #[test]
    fn gum_mentions_become_flat_name_spans() {
        let text = "Trump met them\n\nU.S. President Donald Trump's visit to the Pittock Mansion in Portland pleased Afghans and professor Marc Lamont Hill. The President left.";
        let line = gum_line(
            text,
            &[
                ("U.S. President Donald Trump's", "person", true),
                ("U.S.", "place", true),
                ("the Pittock Mansion in Portland", "place", true),
                ("Pittock Mansion", "place", true),
                ("Portland", "place", true),
                ("Afghans", "person", true),
                ("professor Marc Lamont Hill", "person", true),
                ("The President", "person", true),
                ("visit", "event", false),
            ],
            "CC BY 4.0",
        );
        let mut stats = CorpusStats::default();
        let sentences =
            read_jsonl(&line, "gum_x.jsonl", KnowledgeBase::builtin(), &mut stats).unwrap();
        let found = names(&sentences);
        let expected = [
            ("U.S.".to_owned(), EntityType::Gpe),
            ("Donald Trump".to_owned(), EntityType::Person),
            ("Pittock Mansion".to_owned(), EntityType::Facility),
            ("Portland".to_owned(), EntityType::Gpe),
            ("Afghans".to_owned(), EntityType::Norp),
            ("Marc Lamont Hill".to_owned(), EntityType::Person),
        ];
        assert_eq!(found, expected);
        // `the Pittock Mansion in Portland` is not a name, `The President` only a title.
        assert_eq!(stats.dropped, 2);
        assert_eq!(stats.misaligned, 0);
        assert_eq!(stats.sentences, 3);
    }

    #[test]
    fn uner_records_and_licences() {
        let uner = r#"{"text": "Al - Zaman : American forces killed Shaikh Abdullah al - Ani in Qaim .", "entities": [{"start": 0, "end": 10, "type": "ORG"}, {"start": 36, "end": 60, "type": "PER"}, {"start": 64, "end": 68, "type": "LOC"}]}"#;
        let mut stats = CorpusStats::default();
        let sentences = read_jsonl(
            uner,
            "uner_en_ewt_train.jsonl",
            KnowledgeBase::builtin(),
            &mut stats,
        )
        .unwrap();
        assert_eq!(
            names(&sentences),
            [
                ("Al - Zaman".to_owned(), EntityType::Organisation),
                ("Shaikh Abdullah al - Ani".to_owned(), EntityType::Person),
                ("Qaim".to_owned(), EntityType::Gpe),
            ]
        );
        let nc = gum_line(
            "Kabul is big.",
            &[("Kabul", "place", true)],
            "CC BY-NC-SA 4.0",
        );
        let mut stats = CorpusStats::default();
        assert!(
            read_jsonl(&nc, "gum.jsonl", KnowledgeBase::builtin(), &mut stats)
                .unwrap()
                .is_empty()
        );
        assert_eq!(stats.non_commercial, 1);
        assert!(matches!(
            read_jsonl(
                uner,
                "x/uner_en_ewt_test.jsonl",
                KnowledgeBase::builtin(),
                &mut stats
            ),
            Err(CorpusError::Forbidden(_))
        ));
        let error = read_jsonl("{", "bad.jsonl", KnowledgeBase::builtin(), &mut stats).unwrap_err();
        assert!(error.to_string().starts_with("bad.jsonl:1:"));
    }
}
