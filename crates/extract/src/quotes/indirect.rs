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
//! **Cue check**: a cue before its statement (shape 1) other than
//! `said`/`says`/`told` is confirmed on the sentence's parse (the comma
//! and word order of shapes 2 and 3 are evidence enough): a verb (not `member states`, `capital
//! notes`, `reported commitments`), and, unless `that` opens the
//! complement, one followed by a clause (a finite verb or a `ccomp`), not
//! only by an object (`Monfort reported 25.1 mln dlrs in earnings`); a
//! rejected cue is passed over for the next one.
//!
//! Known misses: the patterns find the subject, so a long subject with a
//! relative clause (`the man who ran the camp said`) is cut at the verb's
//! left context only, and reported speech spread over two sentences keeps
//! only the first.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::layers::{QuoteAnnotation, Speaker};
use sitrep_core::{ByteSpan, Doc, EntityType};

use super::WordAlternation;
use crate::lexicons;

/// `method` of indirect quotes.
pub(crate) const METHOD: &str = "indirect_speech";

/// Speech verbs that introduce reported speech, as a regex alternation
/// (the `reported` verbs of `data/lexicons/speech_verbs.tsv`).
static VERBS: LazyLock<String> = LazyLock::new(lexicons::reported_speech_alternation);

/// Verbs that report speech only before `that` (`maintains that`, not
/// `maintained a base`): the `needs_that` verbs of
/// `data/lexicons/speech_verbs.tsv`.
static THAT_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(lexicons::that_only_verbs);

/// Words between a subject and its speech verb (`have asserted`, `also
/// say`, `has long argued`), skipped to find the subject.
static BETWEEN_SUBJECT_AND_VERB: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quotes/between_subject_and_verb.tsv",
        include_str!("../../../../data/lexicons/quotes/between_subject_and_verb.tsv"),
    )
});

/// Words that cannot open a reported clause right after the verb.
static OPENING_PREPOSITIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quotes/opening_prepositions.tsv",
        include_str!("../../../../data/lexicons/quotes/opening_prepositions.tsv"),
    )
});

/// Conjunctions opening the clause before its subject (`But critics argue`),
/// matched as written.
static LEADING_CONJUNCTIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::cased_word_list(
        "data/lexicons/quotes/leading_conjunctions.tsv",
        include_str!("../../../../data/lexicons/quotes/leading_conjunctions.tsv"),
    )
});

/// Subordinators inside the words before a verb: the subject starts after
/// the last one (`… station where they claimed`).
static SUBORDINATORS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quotes/subordinators.tsv",
        include_str!("../../../../data/lexicons/quotes/subordinators.tsv"),
    )
});

/// A speech verb between word boundaries, matched by hand (the pattern
/// `VERB`).
static VERB_WORDS: LazyLock<WordAlternation> = LazyLock::new(|| WordAlternation::new(&VERBS));

/// A speech verb between word boundaries, as a pattern (`VERB_WORDS`).
#[cfg(test)]
static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:{})\b", VERBS.as_str())).expect("built-in speech verb pattern")
});

/// `on Monday`, `last week`, `this month`, `in a statement` right after the verb.
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:,\s*)?(?:(?:on|last|this|late|early|in)\s+(?:[A-Z]\w+\.?|week|month|year|a statement|an interview)(?:\s+\d{1,2})?(?:,\s*\d{4})?\s*,?\s*)?")
        .expect("built-in time phrase pattern")
});

/// What follows the clause of an attribution ending a sentence
/// (`…, he said.` / `…, said X.` / `…, according to X.`), from the comma
/// on: the pattern `TRAILING` without its clause (see [`trailing`]).
static TRAILING_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^,\s+(?:(?P<subj>he|she|they|[A-Z][^,]{{0,60}}?|(?:the\s+|some\s+|many\s+|local\s+)?[a-z]+s)\s+(?P<cue>{verbs})|(?P<cue2>{verbs}|according to)\s+(?P<subj2>[^,]{{1,80}}?))\s*[.!?]?\s*$",
        verbs = VERBS.as_str()
    ))
    .expect("built-in trailing attribution pattern")
});

/// `…, he said.` / `…, said X.` / `…, according to X.` at the end of a
/// sentence, as one pattern ([`trailing`] matches it in two steps).
#[cfg(test)]
static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<clause>.{{12,}}?),\s+(?:(?P<subj>he|she|they|[A-Z][^,]{{0,60}}?|(?:the\s+|some\s+|many\s+|local\s+)?[a-z]+s)\s+(?P<cue>{verbs})|(?P<cue2>{verbs}|according to)\s+(?P<subj2>[^,]{{1,80}}?))\s*[.!?]?\s*$",
        verbs = VERBS.as_str()
    ))
    .expect("built-in trailing attribution pattern")
});

/// `According to X, …`; `According to the team's coach, Alireza Mehraban,
/// …` (a description, then the name); `According to Rathbun the …` (a
/// name, then a lower-case clause).
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^According to (?P<subj>[a-z][^,]{0,80},\s+\p{Lu}[\w.'-]*(?:\s+\p{Lu}[\w.'-]*){1,3}|[^,]{1,80}),\s+(?P<clause>.+?)\s*[.!?]?\s*$")
        .expect("built-in according-to pattern")
});

/// `According to Rathbun the property …`: a name, no comma.
static ACCORDING_NO_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^According to (?P<subj>\p{Lu}[\w.'-]*(?:\s+\p{Lu}[\w.'-]*){0,3})\s+(?P<clause>\p{Ll}.+?)\s*[.!?]?\s*$")
        .expect("built-in according-to pattern")
});

/// `In return, he said, Sudani promised …`: a parenthetical attribution,
/// then the statement.
static PARENTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[^,]{{1,40}},\s+)?(?P<subj>he|she|they|\p{{Lu}}[\w.'-]*(?:\s+\p{{Lu}}[\w.'-]*){{0,3}})\s+(?P<cue>{}),\s+(?P<clause>.+?)\s*[.!?]?\s*$",
        PARENTHETICAL_CUES.join("|")
    ))
    .expect("built-in parenthetical attribution pattern")
});

const PRONOUNS: &[&str] = &["he", "she", "He", "She"];

/// One reported statement before speaker resolution (byte offsets in the
/// normalised text).
struct Found {
    clause: ByteSpan,
    subject: ByteSpan,
    cue: String,
    sentence_idx: usize,
    /// Byte of the speech verb when the words before it may not be its
    /// subject (a long run, or a coordinated verb: `… has expressed
    /// solidarity with Hamas and said that …`): the tree decides.
    unsure_verb: Option<usize>,
}

/// Finds the indirect quotes of `doc`; `direct` are the direct quotes
/// already found (their speakers resolve pronouns).
pub(crate) fn find(doc: &Doc, direct: &[QuoteAnnotation]) -> Vec<QuoteAnnotation> {
    let mut found = Vec::new();
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        let text = doc.text(sentence.span);
        let verb_ok = |verb: usize, needs_clause: bool| {
            super::tree_speakers::reports_speech(doc, idx, verb, needs_clause)
        };
        if let Some(statement) = in_sentence(text, sentence.span.start, idx, &verb_ok) {
            found.push(statement);
        }
    }
    let mut quotes: Vec<QuoteAnnotation> = Vec::with_capacity(found.len());
    for mut statement in found {
        if let Some(verb) = statement.unsure_verb {
            if let Some(subject) =
                super::tree_speakers::subject_span(doc, statement.sentence_idx, verb)
            {
                statement.subject = subject;
            }
        }
        let entity = speaker_entity(doc, &statement, direct, &quotes);
        // What was said starts after an opening dateline (`NEW YORK, April
        // 1 - Arco's stock rose …, traders said`).
        if let Some(story) = story_start(doc, statement.sentence_idx) {
            if statement.clause.start < story && story < statement.clause.end {
                statement.clause = ByteSpan::new(story, statement.clause.end);
            }
        }
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

/// Where sentence `idx`'s story starts after its opening dateline (the
/// token after the dash; see `sitrep_syntax::sentence_dateline`), if it has one.
fn story_start(doc: &Doc, idx: usize) -> Option<usize> {
    let dash = sitrep_syntax::sentence_dateline(doc, idx)?;
    doc.sentence_tokens(idx).get(dash + 1).map(|t| t.span.start)
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
    if quotes_a_statement(clause_text)
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
        unsure_verb: None,
    })
}

/// Whether `clause` holds a quotation that is a statement of its own (more
/// than three words, not a title): that is a direct quote. Scare quotes and
/// quoted titles may sit inside reported speech.
fn quotes_a_statement(clause: &str) -> bool {
    let mut parts = clause.split('"');
    parts.next();
    let mut quoted = Vec::new();
    while let Some(inside) = parts.next() {
        quoted.push(inside);
        if parts.next().is_none() {
            // An unclosed mark: the quote runs on.
            return true;
        }
    }
    quoted
        .iter()
        .any(|q| q.split_whitespace().count() > 3 && !super::is_title(q.trim_end_matches(',')))
}

/// An attribution ending the sentence `text` (the pattern `TRAILING`):
/// byte ranges of the clause, the subject and the cue. Nothing after the
/// clause's comma can be a comma (not the subject, the cue or the closing
/// punctuation), so that comma is the last one and the clause everything
/// before it (at least 12 characters, no line break); only the short rest
/// is searched, with `TRAILING_TAIL`, which then chooses as `TRAILING` does.
fn trailing(text: &str) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    let comma = text.rfind(',')?;
    let clause = &text[..comma];
    if clause.contains('\n') || clause.chars().nth(11).is_none() {
        return None;
    }
    let caps = TRAILING_TAIL.captures(&text[comma..])?;
    let subject = caps.name("subj").or_else(|| caps.name("subj2"))?;
    let cue = caps.name("cue").or_else(|| caps.name("cue2"))?;
    let at = |m: regex::Match<'_>| comma + m.start()..comma + m.end();
    Some((0..comma, at(subject), at(cue)))
}

/// The cues of `PARENTHETICAL`, each followed by a comma there: the
/// `parenthetical` verbs of `data/lexicons/speech_verbs.tsv`.
static PARENTHETICAL_CUES: LazyLock<Vec<&'static str>> =
    LazyLock::new(lexicons::parenthetical_cues);

/// Whether `PARENTHETICAL` may match `text`: some comma follows one of its
/// cues right away (`he said, …`); never false where the pattern matches.
fn may_be_parenthetical(text: &str) -> bool {
    text.match_indices(',').any(|(k, _)| {
        PARENTHETICAL_CUES
            .iter()
            .any(|cue| text[..k].ends_with(cue))
    })
}

/// The reported statement of one sentence, if any (see the module docs).
/// `verb_ok(byte, needs_clause)` confirms a cue word at that byte of the
/// document as a speech verb (with a clause as its complement when
/// `needs_clause`); a cue it rejects is passed over.
fn in_sentence(
    text: &str,
    base: usize,
    idx: usize,
    verb_ok: &dyn Fn(usize, bool) -> bool,
) -> Option<Found> {
    // Every shape needs `According to` opening the sentence, `according
    // to`, or a speech verb (the cues of `TRAILING` and `PARENTHETICAL` are
    // `VERBS` between word boundaries): without one, no pattern is tried.
    if !text.starts_with("According to")
        && !text.contains("according to")
        && !VERB_WORDS.is_match(text)
    {
        return None;
    }
    // Both `According to` patterns are anchored on those words.
    let according = text.starts_with("According to").then(|| {
        ACCORDING
            .captures(text)
            .or_else(|| ACCORDING_NO_COMMA.captures(text))
    });
    if let Some(caps) = according.flatten() {
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
    if let Some((clause, subject, cue)) = trailing(text) {
        if !quotes_a_statement(&text[..clause.end]) {
            return statement(
                text,
                base,
                idx,
                (clause.start, clause.end),
                (subject.start, subject.end),
                &text[cue],
            );
        }
    }
    if let Some(caps) = may_be_parenthetical(text)
        .then(|| PARENTHETICAL.captures(text))
        .flatten()
    {
        let subject = caps.name("subj")?;
        let clause = caps.name("clause")?;
        let clause_start = clause.start()
            + if clause.as_str().starts_with("that ") {
                "that ".len()
            } else {
                0
            };
        if let Some(found) = statement(
            text,
            base,
            idx,
            (clause_start, clause.end()),
            (subject.start(), subject.end()),
            &caps["cue"],
        ) {
            return Some(found);
        }
    }
    for verb in VERB_WORDS.find_iter(text) {
        let rest = &text[verb.end()..];
        // `stated to LA Weekly that …`: a listener, then the clause (not
        // `said to be`).
        let to_listener = rest.trim_start().strip_prefix("to ").and_then(|listener| {
            let that = listener.find(" that ")?;
            (listener[..that].split_whitespace().count() <= 5)
                .then(|| text.len() - listener.len() + that + " that ".len())
        });
        if rest.trim_start().starts_with(['"', ',', ':', ';'])
            || (rest.trim_start().starts_with("to ") && to_listener.is_none())
        {
            continue;
        }
        // A speech verb said not to have happened reports nothing
        // (`officials have not said why …`, `did not say`).
        let before = text[..verb.start()].trim_end();
        if [" not", "n't", " never"]
            .iter()
            .any(|n| before.ends_with(n))
        {
            continue;
        }
        let after_time = verb.end() + TIME_AFTER.find(rest).map_or(0, |m| m.end());
        let after = &text[after_time..];
        // An embedded question is no statement (`said why the team was
        // denied visas`, `say whether …`; `said if …` mostly opens a
        // condition of the statement: `said if the talks failed, it would
        // sell`).
        if matches!(after.split_whitespace().next(), Some("why" | "whether")) {
            continue;
        }
        let opener = after
            .strip_prefix("that ")
            .or_else(|| after.strip_prefix("how "));
        let clause_start = if let Some(start) = to_listener {
            start
        } else if let Some(that) = opener {
            text.len() - that.len()
        } else if THAT_VERBS.contains(&verb.as_str()) {
            continue;
        } else if lexicons::is_listener_cue(verb.as_str()) {
            // Verbs whose object is the listener (`told`, `warned`; the
            // `listener` flag of the speech verbs) need `that` or, for
            // `tell`, a listener and a clause.
            // `told Asharq Al-Awsat that …`: the listener, then `that`;
            // `tell BBC News every claim …`: a name, then the clause.
            if let Some(that) = after.find(" that ") {
                if after[..that].split_whitespace().count() > 6 {
                    continue;
                }
                after_time + that + " that ".len()
            } else if verb.as_str() == "tell" {
                let listener = NAME_RUN.find(after)?;
                after_time + listener.end()
            } else {
                continue;
            }
        } else if OPENING_PREPOSITIONS
            .contains(&after.split_whitespace().next().unwrap_or_default())
        {
            // `said in 2003 that …`, `admitted on Sept. 10, 2002, that …`.
            match after.find(" that ") {
                Some(that) if after[..that].split_whitespace().count() <= 8 => {
                    after_time + that + " that ".len()
                }
                _ => continue,
            }
        } else {
            after_time
        };
        // `says on "The Internet Explorer 6 Countdown"`: a place, not a clause.
        let first_word = text[clause_start..].split_whitespace().next();
        if first_word.is_some_and(|w| OPENING_PREPOSITIONS.contains(&w)) {
            continue;
        }
        let Some((subject_start, subject_end, unsure)) = subject_before(text, verb.start()) else {
            continue;
        };
        // After `that` (`stated to LA Weekly that …`) a clause follows.
        let after_that = opener.is_some() || text[..clause_start].trim_end().ends_with(" that");
        if !verb_ok(base + verb.start(), !after_that) {
            continue;
        }
        return statement(
            text,
            base,
            idx,
            (clause_start, text.len()),
            (subject_start, subject_end),
            verb.as_str(),
        )
        .map(|found| Found {
            unsure_verb: unsure.then_some(base + verb.start()),
            ..found
        });
    }
    None
}

/// A capitalised run (the listener after `tell`).
static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\w.'-]*(?:\s+\p{Lu}[\w.'-]*){0,4}\s+").expect("built-in name run pattern")
});

/// Byte range of the subject of a speech verb starting at byte `verb` of
/// `text`: the words back to the clause start (an appositive between commas
/// skipped, auxiliaries and adverbs before the verb skipped, a leading
/// conjunction or a subordinator's clause cut off); a long subject keeps its
/// last ten words (`Executive director of the Council on … Alia Salem`).
fn subject_before(text: &str, verb: usize) -> Option<(usize, usize, bool)> {
    let left = &text[..verb];
    // Skip an appositive right before the verb: `Soaid, a former MP, said`.
    let left_core = left.trim_end();
    let mut left_core = match left_core.strip_suffix(',') {
        Some(without) => without.rfind(',').map_or(without, |k| &without[..k]),
        None => left_core,
    };
    // `have asserted`, `also say`.
    loop {
        let trimmed = left_core.trim_end();
        let last_start = trimmed.rfind(char::is_whitespace).map_or(0, |k| k + 1);
        if last_start > 0 && BETWEEN_SUBJECT_AND_VERB.contains(&&trimmed[last_start..]) {
            left_core = &trimmed[..last_start];
        } else {
            left_core = trimmed;
            break;
        }
    }
    let mut subject_start = left_core
        .rfind([',', ';', ':', '(', '"'])
        .map_or(0, |k| k + 1);
    // A spaced dash ends a dateline or an aside: `LONDON, June 29 - WPP
    // said` gives `WPP`.
    if let Some(k) = ["- ", "\u{2013} ", "\u{2014} "]
        .iter()
        .filter_map(|dash| {
            left_core[subject_start..]
                .rfind(&format!(" {dash}"))
                .map(|k| subject_start + k + 1 + dash.len())
        })
        .max()
    {
        subject_start = k;
    }
    // Word starts of the subject, to cut at a subordinator or conjunction.
    let word_starts = |from: usize| -> Vec<usize> {
        let mut starts = Vec::new();
        let mut previous_space = true;
        for (k, c) in left_core[from..].char_indices() {
            if !c.is_whitespace() && previous_space {
                starts.push(from + k);
            }
            previous_space = c.is_whitespace();
        }
        starts
    };
    let word_at = |k: usize| left_core[k..].split_whitespace().next().unwrap_or_default();
    let starts = word_starts(subject_start);
    if let Some(&sub) = starts
        .iter()
        .rev()
        .find(|&&k| SUBORDINATORS.contains(&word_at(k)))
    {
        subject_start = sub + word_at(sub).len();
    }
    let starts = word_starts(subject_start);
    // (In any case: `…, but Afghan Ambassador Hamdullah Mohib says`.)
    if starts.len() > 1
        && LEADING_CONJUNCTIONS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(word_at(starts[0])))
    {
        subject_start = starts[1];
    }
    let mut starts = word_starts(subject_start);
    let coordinated = starts
        .last()
        .is_some_and(|&k| matches!(word_at(k), "and" | "but" | "or" | "then"));
    let unsure = coordinated || starts.len() > 10;
    if starts.len() > 10 && starts.len() <= 20 {
        // From the first capitalised word of the last ten.
        subject_start = starts[starts.len() - 10..]
            .iter()
            .copied()
            .find(|&k| word_at(k).starts_with(char::is_uppercase))
            .unwrap_or(starts[starts.len() - 10]);
        starts = word_starts(subject_start);
    }
    let subject = &text[subject_start..left_core.len()];
    if starts.is_empty() || starts.len() > 10 || !starts_like_a_subject(subject) {
        return None;
    }
    Some((subject_start, left_core.len(), unsure))
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
    // `<Citibank NA>`: a company name in the wire's angle brackets.
    first
        .trim_start_matches('<')
        .starts_with(char::is_uppercase)
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
        let found = in_sentence(text, 0, 0, &|_, _| true)?;
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
    fn nothing_said_and_questions_are_no_statements() {
        // GUM news dev (afghan): the first verb reports nothing, the second
        // speaker follows `but`.
        let (speaker, cue, clause) = one(
            "Citing privacy rules, U.S. officials have not said why the team was initially denied visas, but Afghan Ambassador Hamdullah Mohib says there were concerns they would attempt to remain in the United States.",
        )
        .expect("an indirect quote");
        assert_eq!(speaker, "Afghan Ambassador Hamdullah Mohib");
        assert_eq!(cue, "says");
        assert!(clause.starts_with("there were concerns"), "{clause}");
        assert_eq!(
            one("The company did not say whether the plant would reopen next year."),
            None
        );
        assert_eq!(
            one("Analysts said why the shares fell remained unclear to them."),
            None
        );
    }

    #[test]
    fn a_dateline_is_not_the_speaker() {
        // Reuters, 1987 (bench corpus).
        let (speaker, _, _) = one(
            "DETROIT, April 8 - General Motors Corp said it set dates to shut down two of its truck and bus facilities.",
        )
        .expect("an indirect quote");
        assert_eq!(speaker, "General Motors Corp");
        let (speaker, _, _) = one(
            "LONDON, March 9 - <Citibank NA> said it has cut its British base lending rate to 10.5 pct.",
        )
        .expect("an indirect quote");
        assert_eq!(speaker, "<Citibank NA>");
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

#[cfg(test)]
mod prefilter_tests {
    use super::{
        ACCORDING, ACCORDING_NO_COMMA, PARENTHETICAL, TRAILING, VERB, VERB_WORDS,
        may_be_parenthetical, trailing,
    };

    const SENTENCES: &[&str] = &[
        "Iran seems noticeably absent from the scene, said Lebanese political observers.",
        "The strikes will continue until the threat ends, he said.",
        "The strikes will continue, the officials said .",
        "The vote was close, according to the Pentagon.",
        "The vote was close, according to Rathbun, on Monday.",
        "It was, he argued, a mistake to go.",
        "In return, he said, Sudani promised to rein in the groups.",
        "Smith said, without irony, that it worked.",
        "According to Rathbun the property was sold.",
        "According to the team's coach, Alireza Mehraban, the team had visas.",
        "According to officials, the talks failed.",
        "Ministers said the plan, which was late, would work.",
        "Nothing was said, noted or claimed here at all today.",
        "A sentence, with commas, but no cue at the end.",
        "Prices rose, many analysts says",
        "Prices rose, some traders claims!",
        "Short one, he said.",
        "Twelve chars, he said.",
        "Line\nbreak in the clause, he said.",
        "The \u{c9}mile Zola case was reopened, Zola\u{e9} said.",
        "Growth will slow this year, the central bank of the country reports",
        "It is over, said Ziad al-Sayegh, a former adviser",
        "It is over,  says  he  .  ",
        "It is over, told",
        ", he said.",
    ];

    /// The hand-made steps give what the patterns give.
    #[test]
    fn hand_matching_agrees_with_the_patterns() {
        let by_pattern = |text: &str| {
            TRAILING.captures(text).map(|caps| {
                let range = |m: regex::Match<'_>| m.range();
                (
                    range(caps.name("clause").expect("clause")),
                    range(
                        caps.name("subj")
                            .or_else(|| caps.name("subj2"))
                            .expect("subject"),
                    ),
                    range(caps.name("cue").or_else(|| caps.name("cue2")).expect("cue")),
                )
            })
        };
        let verbs = |text: &str| -> Vec<(usize, usize)> {
            VERB.find_iter(text).map(|m| (m.start(), m.end())).collect()
        };
        let verb_words = |text: &str| -> Vec<(usize, usize)> {
            VERB_WORDS
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        let mut found = 0;
        for sentence in SENTENCES {
            // Every suffix too: clauses of every length.
            for (at, _) in sentence.char_indices() {
                let text = &sentence[at..];
                let expected = by_pattern(text);
                found += usize::from(expected.is_some());
                assert_eq!(trailing(text), expected, "{text:?}");
                assert_eq!(verb_words(text), verbs(text), "{text:?}");
            }
        }
        assert!(
            found >= 50,
            "only {found} attributions: the cases test too little"
        );
    }

    /// The cheap tests before the patterns never say no where a pattern matches.
    #[test]
    fn prefilters_keep_every_match() {
        let mut matched = 0;
        for sentence in SENTENCES {
            if PARENTHETICAL.is_match(sentence) {
                matched += 1;
                assert!(may_be_parenthetical(sentence), "{sentence:?}");
            }
            if ACCORDING.is_match(sentence) || ACCORDING_NO_COMMA.is_match(sentence) {
                matched += 1;
                assert!(sentence.starts_with("According to"), "{sentence:?}");
            }
        }
        assert!(
            matched >= 4,
            "only {matched} matches: the cases test too little"
        );
        assert!(!may_be_parenthetical(
            "He said the plan, which was late, failed."
        ));
    }
}
