//! Indirect speech: what someone said without quotation marks (rows of the
//! `quotes` table with `method = indirect_speech`).
//!
//! One sentence at a time, outside quotation marks, three shapes:
//!
//! 1. **subject, speech verb, complement**: `Ziad al-Sayegh said the fact
//!    that Iran has not joined … does not mean …`, `He told Asharq Al-Awsat
//!    that it was naive …`, `Xinhua reports that …`. The subject is the words
//!    between the clause start (sentence start, or the last `,` `;` `:`) and
//!    the verb, at most ten, skipping an appositive between commas (`Soaid, a
//!    former MP, said`); verbs whose object is the listener (`told`, `warned`)
//!    need `that`. The complement runs from after `that` (or the verb and a
//!    time phrase such as `on Monday`) to the end of the sentence;
//! 2. **complement, speech verb, speaker**: `Iran seems noticeably absent …,
//!    said Lebanese political observers.`, `… save Gemayel, he explained.`;
//! 3. **`According to X, …`**, and `…, according to X.`
//!
//! A complement with a quotation mark in it is left to the direct quotes (a
//! quoted fragment inside reported speech belongs to them), as is one of
//! fewer than three words.
//!
//! **Speaker**: the subject span; its entity is the last named mention inside
//! it (a person preferred). `he`/`she` take the speaker of the nearest earlier
//! quote whose speaker is a person, else the last person named before.
//!
//! Known misses: no parse, so a long subject with a relative clause (`the
//! man who ran the camp said`) is cut at the verb's left context only, and
//! reported speech spread over two sentences keeps only the first.

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::layers::{QuoteAnnotation, Speaker};
use sitrep_core::{ByteSpan, Doc, EntityType};

/// `method` of indirect quotes.
pub(crate) const METHOD: &str = "indirect_speech";

/// Speech verbs that introduce reported speech.
const VERBS: &str = "said|says|told|tells|added|adds|noted|notes|stated|states|explained|explains|warned|warns|argued|argue|argues|claimed|claims|reported|reports|insisted|insists|stressed|stresses|recalled|recalls|announced|announces|admitted|admits|acknowledged|acknowledges|suggested|suggests|alleged|alleges|asserted|asserts|observed|observes|lamented|laments|confirmed|confirms|believes|concluded|wrote|writes";

/// Verbs whose object is the listener: they need `that`.
const LISTENER_VERBS: &[&str] = &["told", "tells", "warned", "warns"];

static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:{VERBS})\b")).expect("built-in speech verb pattern")
});

/// `on Monday`, `last week`, `this month`, `in a statement` right after the verb.
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:,\s*)?(?:(?:on|last|this|late|early|in)\s+(?:[A-Z]\w+|week|month|year|a statement|an interview)(?:\s+\d{1,2})?\s*,?\s*)?")
        .expect("built-in time phrase pattern")
});

/// `…, he said.` / `…, said X.` / `…, according to X.` at the end of a sentence.
static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<clause>.{{12,}}?),\s+(?:(?P<subj>he|she|they|[A-Z][^,]{{0,60}}?)\s+(?P<cue>{VERBS})|(?P<cue2>{VERBS}|according to)\s+(?P<subj2>[^,]{{1,80}}?))\s*[.!?]?\s*$"
    ))
    .expect("built-in trailing attribution pattern")
});

/// `According to X, …`
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^According to (?P<subj>[^,]{1,80}),\s+(?P<clause>.+?)\s*[.!?]?\s*$")
        .expect("built-in according-to pattern")
});

const PRONOUNS: &[&str] = &["he", "she", "He", "She"];

/// One reported statement before speaker resolution (byte offsets in the
/// normalised text).
struct Found {
    clause: ByteSpan,
    subject: ByteSpan,
    cue: String,
    sentence_idx: usize,
}

/// Finds the indirect quotes of `doc`; `direct` are the direct quotes
/// already found (their speakers resolve pronouns).
pub(crate) fn find(doc: &Doc, direct: &[QuoteAnnotation]) -> Vec<QuoteAnnotation> {
    let mut found = Vec::new();
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        let text = doc.text(sentence.span);
        if let Some(statement) = in_sentence(text, sentence.span.start, idx) {
            found.push(statement);
        }
    }
    let mut quotes: Vec<QuoteAnnotation> = Vec::with_capacity(found.len());
    for statement in found {
        let entity = speaker_entity(doc, &statement, direct, &quotes);
        quotes.push(QuoteAnnotation {
            span: statement.clause,
            sentence_idx: statement.sentence_idx,
            speaker: Some(Speaker {
                span: statement.subject,
                entity,
            }),
            cue: Some(statement.cue),
            method: METHOD,
        });
    }
    quotes
}

/// Trims spaces and final punctuation off `start..end` of `text`.
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let inner = &text[start..end];
    let left = inner.len() - inner.trim_start().len();
    let right =
        inner.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?' | ','));
    (start + left, start + right.len())
}

fn statement(
    text: &str,
    base: usize,
    idx: usize,
    clause: (usize, usize),
    subject: (usize, usize),
    cue: &str,
) -> Option<Found> {
    let (clause_start, clause_end) = trimmed(text, clause.0, clause.1);
    let (subject_start, subject_end) = trimmed(text, subject.0, subject.1);
    let clause_text = &text[clause_start..clause_end];
    if clause_text.contains('"')
        || clause_text.split_whitespace().count() < 3
        || subject_start >= subject_end
    {
        return None;
    }
    Some(Found {
        clause: ByteSpan::new(base + clause_start, base + clause_end),
        subject: ByteSpan::new(base + subject_start, base + subject_end),
        cue: cue.to_owned(),
        sentence_idx: idx,
    })
}

/// The reported statement of one sentence, if any (see the module docs).
fn in_sentence(text: &str, base: usize, idx: usize) -> Option<Found> {
    if let Some(caps) = ACCORDING.captures(text) {
        let subject = caps.name("subj")?;
        let clause = caps.name("clause")?;
        return statement(
            text,
            base,
            idx,
            (clause.start(), clause.end()),
            (subject.start(), subject.end()),
            "according to",
        );
    }
    if let Some(caps) = TRAILING.captures(text) {
        let clause = caps.name("clause")?;
        let subject = caps.name("subj").or_else(|| caps.name("subj2"))?;
        let cue = caps.name("cue").or_else(|| caps.name("cue2"))?;
        if !text[..clause.end()].contains('"') {
            return statement(
                text,
                base,
                idx,
                (clause.start(), clause.end()),
                (subject.start(), subject.end()),
                cue.as_str(),
            );
        }
    }
    for verb in VERB.find_iter(text) {
        let rest = &text[verb.end()..];
        if rest.trim_start().starts_with(['"', ',', ':', ';'])
            || rest.trim_start().starts_with("to ")
        {
            continue;
        }
        let after_time = verb.end() + TIME_AFTER.find(rest).map_or(0, |m| m.end());
        let after = &text[after_time..];
        let clause_start = if let Some(that) = after.strip_prefix("that ") {
            text.len() - that.len()
        } else if LISTENER_VERBS.contains(&verb.as_str()) {
            // `told Asharq Al-Awsat that …`: the listener, then `that`.
            let that = after.find(" that ")?;
            if after[..that].split_whitespace().count() > 6 {
                continue;
            }
            after_time + that + " that ".len()
        } else {
            after_time
        };
        let subject_end = verb.start();
        let left = &text[..subject_end];
        // Skip an appositive right before the verb: `Soaid, a former MP, said`.
        let left_core = left.trim_end();
        let left_core = match left_core.strip_suffix(',') {
            Some(without) => without.rfind(',').map_or(without, |k| &without[..k]),
            None => left_core,
        };
        let subject_start = left_core
            .rfind([',', ';', ':', '(', '"'])
            .map_or(0, |k| k + 1);
        let subject = &text[subject_start..left_core.len()];
        let words = subject.split_whitespace().count();
        if words == 0 || words > 10 || !starts_like_a_subject(subject) {
            continue;
        }
        return statement(
            text,
            base,
            idx,
            (clause_start, text.len()),
            (subject_start, left_core.len()),
            verb.as_str(),
        );
    }
    None
}

/// A subject starts with a capital, a pronoun or a determiner (not `and`,
/// `which`, a verb form).
fn starts_like_a_subject(subject: &str) -> bool {
    let first = subject.split_whitespace().next().unwrap_or_default();
    let lower = first.to_lowercase();
    if matches!(
        lower.as_str(),
        "and" | "or" | "but" | "which" | "who" | "that" | "it" | "this" | "what" | "as" | "if"
    ) {
        return false;
    }
    first.starts_with(char::is_uppercase)
        || matches!(
            lower.as_str(),
            "he" | "she"
                | "they"
                | "we"
                | "the"
                | "a"
                | "an"
                | "officials"
                | "critics"
                | "media"
                | "researchers"
                | "experts"
                | "observers"
        )
}

/// The entity a statement's speaker refers to (see the module docs).
fn speaker_entity(
    doc: &Doc,
    statement: &Found,
    direct: &[QuoteAnnotation],
    indirect: &[QuoteAnnotation],
) -> Option<usize> {
    let subject = statement.subject;
    let subject_text = doc.text(subject);
    if PRONOUNS.contains(&subject_text) {
        let is_person = |entity: usize| doc.entities()[entity].entity_type == EntityType::Person;
        let earlier = direct
            .iter()
            .chain(indirect)
            .filter(|q| q.span.start < statement.clause.start)
            .filter_map(|q| q.speaker.as_ref()?.entity.map(|e| (q.span.start, e)))
            .filter(|&(_, e)| is_person(e))
            .max_by_key(|&(start, _)| start)
            .map(|(_, e)| e);
        return earlier.or_else(|| {
            doc.entities()
                .iter()
                .enumerate()
                .filter(|(_, e)| e.entity_type == EntityType::Person && e.span.end <= subject.start)
                .map(|(k, _)| k)
                .next_back()
        });
    }
    entity_in(doc, subject)
}

/// The last named mention inside `subject` (a person preferred); for
/// `he`/`she`, the last person named before it.
pub(crate) fn entity_in(doc: &Doc, subject: ByteSpan) -> Option<usize> {
    if PRONOUNS.contains(&doc.text(subject)) {
        return doc
            .entities()
            .iter()
            .enumerate()
            .filter(|(_, e)| e.entity_type == EntityType::Person && e.span.end <= subject.start)
            .map(|(k, _)| k)
            .next_back();
    }
    let inside: Vec<usize> = doc
        .entities()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.span.start >= subject.start && e.span.end <= subject.end)
        .map(|(k, _)| k)
        .collect();
    inside
        .iter()
        .rev()
        .find(|&&k| doc.entities()[k].entity_type == EntityType::Person)
        .or(inside.last())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<(String, String, String)> {
        let found = in_sentence(text, 0, 0)?;
        let slice = |s: ByteSpan| text[s.start..s.end].to_owned();
        Some((slice(found.subject), found.cue, slice(found.clause)))
    }

    #[test]
    fn subject_verb_complement() {
        assert_eq!(
            one(
                "Geopolitical expert Ziad al-Sayegh said the fact that Iran has not joined the battle does not mean it left."
            ),
            Some((
                "Geopolitical expert Ziad al-Sayegh".into(),
                "said".into(),
                "the fact that Iran has not joined the battle does not mean it left".into()
            ))
        );
        assert_eq!(
            one("He told Asharq Al-Awsat that it was naive to believe the bond could be broken."),
            Some((
                "He".into(),
                "told".into(),
                "it was naive to believe the bond could be broken".into()
            ))
        );
        assert_eq!(
            one("US officials said on Monday that IRGC personnel were there."),
            Some((
                "US officials".into(),
                "said".into(),
                "IRGC personnel were there".into()
            ))
        );
    }

    #[test]
    fn trailing_and_according_to() {
        assert_eq!(
            one(
                "Iran seems noticeably absent as it arranges its affairs, said Lebanese political observers."
            ),
            Some((
                "Lebanese political observers".into(),
                "said".into(),
                "Iran seems noticeably absent as it arranges its affairs".into()
            ))
        );
        assert_eq!(
            one(
                "Arafat couldn't protect Jumblatt and no power was able to save Gemayel, he explained."
            ),
            Some((
                "he".into(),
                "explained".into(),
                "Arafat couldn't protect Jumblatt and no power was able to save Gemayel".into()
            ))
        );
        assert_eq!(
            one("According to the Pentagon, militants have launched 61 attacks since Oct. 17."),
            Some((
                "the Pentagon".into(),
                "according to".into(),
                "militants have launched 61 attacks since Oct. 17".into()
            ))
        );
    }

    #[test]
    fn quoted_and_non_speech_uses_are_left_out() {
        assert_eq!(
            one("Sayegh said the West \"has granted Iran cover for years.\""),
            None
        );
        assert_eq!(one("He said: \"No.\""), None);
        assert_eq!(
            one("The plan, which officials said would work, failed."),
            None
        );
        assert_eq!(one("The bridge is said to be unsafe."), None);
    }
}
