//! Typed links stated in the text (the `relations` table): who belongs to,
//! leads, is based in, is backed by, met with or is allied with whom.
//!
//! One sentence at a time, on the normalised text and the `entities` layer,
//! from a few written shapes (no parse):
//!
//! - **compound modifier**: a mention joined by a hyphen to `backed`,
//!   `supported`, `sponsored`, `funded`, `armed` (`backed_by`), `based`,
//!   `headquartered` (`based_in`), `allied`, `aligned`, `linked`,
//!   `affiliated`, `related` (`allied_with`), then what it describes: the
//!   mention right after (`Iran-backed Hezbollah`), else the noun phrase
//!   (`Iranian-backed militants`, `Yemen-based Houthis`,
//!   `IRGC-related personnel`);
//! - **`backed by` / `based in`** after a noun phrase or a mention: `militias
//!   backed by Iran`, `the group, based in Beirut` (the subject is the
//!   mention or the phrase ending right before, past `was`/`is`/`,`);
//! - **leader**: a title word (`leader`, `chief`, `head`, `commander`,
//!   `chairman`, `president`, `prime minister`, `founder`, …) between a
//!   group or country and a person (`Hezbollah leader Hassan Nasrallah`,
//!   `Iran's Supreme Leader Ali Khamenei`, `Fatah movement leader Yasser
//!   Arafat`), or after a person as `the head of X` (`Qassem Soleimani, the
//!   head of Iran's elite Quds Force`);
//! - **member / part of**: `X, a member of Y`, `X is part of Y`, `one of Y`,
//!   and `… under the Y umbrella` (`Iran-backed militias came together under
//!   the Popular Mobilization Forces umbrella`);
//! - **met with**: `X met (with) Y`, `X held talks with Y`, `X, in a meeting
//!   with Y`, `X's meeting with Y`: the nearest person, group or country
//!   before the cue and the first after it (a person preferred over the
//!   title words before the name: `met with Iran's Supreme Leader Ali
//!   Khamenei` → Ali Khamenei);
//! - **allied with**: `X, an ally of Y`, `X is allied with Y`, `X and its
//!   ally Y`.
//!
//! The object of `of` is the mention that heads the phrase after it: a
//! possessor or a hyphenated modifier is passed over (`of Iran's elite Quds
//! Force` → Quds Force); with no such mention the phrase stays as text
//! (`deputy commander of Iran-backed militias`). A side is a mention (linked
//! by `mention_id`; the resolve stage's `mentions.entity_id` gives its
//! entity) or, where the text names no entity, the noun phrase as text.
//!
//! Known misses: links across sentences or through pronouns (`its leader`),
//! lists (`groups including Hezbollah, the Houthis …` gives no member
//! links), and negation (`denied being part of`).

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::tables::{MentionRow, RelationRow};
use sitrep_core::{ByteSpan, Doc, EntityType};

use crate::sink::RowSpan;

/// `method` of the rows.
const METHOD: &str = "relation_patterns";

/// One side of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// An entity mention (index into the entities layer).
    Mention(usize),
    /// A noun phrase with no entity (normalised span).
    Phrase(ByteSpan),
}

/// One relation before it becomes a row.
#[derive(Debug, Clone)]
struct Found {
    relation: &'static str,
    subject: Side,
    object: Side,
    /// The cue words (normalised span).
    cue: ByteSpan,
}

/// Hyphenated modifiers: `-backed`, `-based`, `-linked`, …
static HYPHENATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^-(backed|supported|sponsored|funded|armed|based|headquartered|allied|aligned|linked|affiliated|related)\b")
        .expect("built-in relation pattern")
});

/// `backed by`, `based in`, …, after a phrase or mention.
static PASSIVE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(backed|supported|sponsored|funded|armed) by\s+|\b(based|headquartered) in\s+")
        .expect("built-in relation pattern")
});

/// Title words of a leader, lower case.
const LEADER_TITLES: &[&str] = &[
    "leader",
    "chief",
    "head",
    "commander",
    "commander-in-chief",
    "chairman",
    "chairwoman",
    "president",
    "prime minister",
    "premier",
    "founder",
    "secretary-general",
    "secretary general",
    "king",
    "emir",
    "supreme leader",
    "director",
];

/// `a member of`, `is part of`, `one of`, `a faction of`.
static MEMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:,\s*(?:an?|one|the)\s+(?:[a-z-]+\s+){0,2}(?:member|part|faction|wing|unit|branch|affiliate|component|offshoot)s?|\s(?:is|are|was|were)\s+(?:a\s+|an\s+)?(?:[a-z-]+\s+){0,1}(?:member|part|faction|wing|unit|branch|affiliate|component|offshoot)s?|,\s*one)\s+of\s+")
        .expect("built-in relation pattern")
});

/// `under the Popular Mobilization Forces umbrella`.
static UMBRELLA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bunder\s+the\s+(?P<inner>.{2,80}?)\s+umbrella\b")
        .expect("built-in relation pattern")
});

/// `met with`, `held talks with`, `in a meeting with`.
static MET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"'s\s+meeting\s+with\s+|\b(?:met|meets|meet)(?:\s+with)?\s+|\bmeeting\s+with\s+|\bheld\s+talks\s+with\s+")
        .expect("built-in relation pattern")
});

/// `an ally of`, `allied with`, `its ally`.
static ALLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",\s*(?:an?|the)\s+(?:[a-z-]+\s+){0,2}ally\s+of\s+|\s(?:is|are|was|were)\s+allied\s+(?:with|to)\s+|\s+and\s+(?:its|his|her|their)\s+(?:[a-z-]+\s+)?ally\s+")
        .expect("built-in relation pattern")
});

/// Words that end a noun phrase given as text.
const PHRASE_STOPS: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "and",
    "or",
    "but",
    "that",
    "which",
    "who",
    "whose",
    "have",
    "has",
    "had",
    "are",
    "is",
    "was",
    "were",
    "be",
    "been",
    "said",
    "says",
    "came",
    "come",
    "will",
    "would",
    "could",
    "can",
    "may",
    "including",
    "as",
    "near",
    "against",
    "into",
    "after",
    "before",
    "since",
    "while",
    "when",
    "where",
    "some",
    "many",
    "most",
    "others",
    "all",
    "several",
    "it",
    "they",
    "he",
    "she",
];

/// Words a subject phrase may skip before the cue (`the group was backed by`).
const COPULAS: &[&str] = &["was", "were", "is", "are", "being", "been", "be", "also"];

/// Finds the relations of `doc` and returns its rows, in text order;
/// `mentions` are the document's mention rows (entity-layer order).
#[must_use]
pub fn relation_rows(doc: &Doc, mentions: &[MentionRow]) -> Vec<RelationRow> {
    let mut found: Vec<(usize, Found)> = Vec::new();
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        let range = doc.sentence_entity_range(idx);
        if range.is_empty() {
            continue;
        }
        let sentence_found = Sentence {
            doc,
            span: sentence.span,
            entities: range,
        }
        .relations();
        found.extend(sentence_found.into_iter().map(|f| (idx, f)));
    }
    let mut rows: Vec<RelationRow> = found
        .into_iter()
        .map(|(idx, f)| row(doc, mentions, idx, &f))
        .collect();
    rows.sort_by(|a, b| {
        (a.start, a.end, &a.relation, &a.relation_id).cmp(&(
            b.start,
            b.end,
            &b.relation,
            &b.relation_id,
        ))
    });
    rows.dedup_by(|a, b| a.relation_id == b.relation_id);
    rows
}

fn row(doc: &Doc, mentions: &[MentionRow], idx: usize, found: &Found) -> RelationRow {
    let span_of = |side: Side| match side {
        Side::Mention(k) => doc.entities()[k].span,
        Side::Phrase(span) => span,
    };
    let (subject, object) = (span_of(found.subject), span_of(found.object));
    let whole = ByteSpan::new(
        subject.start.min(object.start).min(found.cue.start),
        subject.end.max(object.end).max(found.cue.end),
    );
    // The id hashes both sides, so two links over one stretch of text differ.
    let sides = format!(
        "{}:{}-{}:{}-{}",
        found.relation, subject.start, subject.end, object.start, object.end
    );
    let span = RowSpan::of_kind(doc, "rel", idx, whole, &sides);
    let mention_id = |side: Side| match side {
        Side::Mention(k) => Some(mentions[k].mention_id.clone()),
        Side::Phrase(_) => None,
    };
    let (subject_start, subject_end) = doc.char_span(subject);
    let (object_start, object_end) = doc.char_span(object);
    RelationRow {
        relation_id: span.id,
        article_id: span.article_id,
        sentence_idx: span.sentence_idx,
        start: span.start,
        end: span.end,
        text: span.text,
        relation: found.relation.to_owned(),
        cue: doc.original_text(found.cue).to_owned(),
        subject_text: doc.original_text(subject).to_owned(),
        subject_start,
        subject_end,
        subject_mention_id: mention_id(found.subject),
        object_text: doc.original_text(object).to_owned(),
        object_start,
        object_end,
        object_mention_id: mention_id(found.object),
        method: METHOD.to_owned(),
    }
}

/// One sentence and its mentions.
struct Sentence<'a> {
    doc: &'a Doc,
    span: ByteSpan,
    /// Indices into the entities layer.
    entities: std::ops::Range<usize>,
}

impl Sentence<'_> {
    fn text(&self) -> &str {
        self.doc.text(self.span)
    }

    fn entity(&self, k: usize) -> (ByteSpan, EntityType) {
        let e = &self.doc.entities()[k];
        (e.span, e.entity_type)
    }

    /// The mention starting at byte `at` (after whitespace), if any.
    fn mention_at(&self, at: usize) -> Option<usize> {
        let text = &self.doc.normalised[at..self.span.end];
        let at = at + (text.len() - text.trim_start().len());
        self.entities
            .clone()
            .find(|&k| self.doc.entities()[k].span.start == at)
    }

    /// The mention ending at byte `at` (before whitespace), if any.
    fn mention_before(&self, at: usize) -> Option<usize> {
        let text = &self.doc.normalised[self.span.start..at];
        let at = self.span.start + text.trim_end().len();
        self.entities
            .clone()
            .rev()
            .find(|&k| self.doc.entities()[k].span.end == at)
    }

    /// Whether mention `k` is a modifier: followed by `-` or `'s`.
    fn is_modifier(&self, k: usize) -> bool {
        let end = self.doc.entities()[k].span.end;
        let after = &self.doc.normalised[end..self.span.end];
        after.starts_with('-') || after.starts_with("'s") || after.starts_with('\'')
    }

    /// Whether mention `k` follows a place preposition (`traveled to Tehran`).
    fn in_place_phrase(&self, k: usize) -> bool {
        let start = self.doc.entities()[k].span.start;
        let before = &self.doc.normalised[self.span.start..start];
        let last = before.split_whitespace().next_back().unwrap_or_default();
        matches!(
            last.to_lowercase().as_str(),
            "to" | "in" | "at" | "from" | "into" | "near" | "across" | "toward" | "towards"
        )
    }

    /// The noun phrase starting at byte `at`: words up to a stop word,
    /// punctuation or a word that looks like a verb form (`-ed`, `-ing`,
    /// `itself`: `factions branded itself`), at most `max` words.
    fn phrase_after(&self, at: usize, max: usize) -> Option<ByteSpan> {
        let text = &self.doc.normalised[at..self.span.end];
        let mut end = None;
        for (count, (offset, word)) in words(text).enumerate() {
            let lower = word.to_lowercase();
            let verbal = count > 0
                && word.starts_with(char::is_lowercase)
                && (lower.ends_with("ed") || lower.ends_with("ing") || lower.ends_with("self"));
            if count >= max || verbal || PHRASE_STOPS.contains(&lower.as_str()) {
                break;
            }
            end = Some(at + offset + word.len());
            // Punctuation right after the word ends the phrase.
            let next = text[offset + word.len()..].chars().next();
            if next.is_some_and(|c| !c.is_whitespace() && c != '-') {
                break;
            }
        }
        let end = end?;
        let start = at + (text.len() - text.trim_start().len());
        (start < end).then(|| ByteSpan::new(start, end))
    }

    /// The noun phrase ending at byte `at`: words back to a stop word or
    /// punctuation, at most four (copulas before `at` skipped).
    fn phrase_before(&self, at: usize) -> Option<ByteSpan> {
        let text = &self.doc.normalised[self.span.start..at];
        let all: Vec<(usize, &str)> = words(text).collect();
        let mut k = all.len();
        while k > 0 && COPULAS.contains(&all[k - 1].1.to_lowercase().as_str()) {
            k -= 1;
        }
        let end_word = k.checked_sub(1)?;
        let mut first = end_word;
        while first > 0 && end_word - first < 3 {
            let previous = all[first - 1];
            let between = &text[previous.0 + previous.1.len()..all[first].0];
            if !between.trim().is_empty()
                || PHRASE_STOPS.contains(&previous.1.to_lowercase().as_str())
            {
                break;
            }
            first -= 1;
        }
        let last = all[end_word];
        if PHRASE_STOPS.contains(&last.1.to_lowercase().as_str()) {
            return None;
        }
        Some(ByteSpan::new(
            self.span.start + all[first].0,
            self.span.start + last.0 + last.1.len(),
        ))
    }

    /// The side a phrase after `of`/`by`/`in` starting at byte `at` names:
    /// the mention heading it (possessors and hyphenated modifiers passed
    /// over), else the phrase as text.
    fn object_after(&self, at: usize, types: &[EntityType]) -> Option<Side> {
        let phrase = self.phrase_after(at, 6)?;
        let inside: Vec<usize> = self
            .entities
            .clone()
            .filter(|&k| {
                let (span, kind) = self.entity(k);
                span.start >= phrase.start && span.start < phrase.end && types.contains(&kind)
            })
            .collect();
        // A mention opening the phrase: the object, unless it modifies
        // what follows (`Iran's elite Quds Force`, `Iran-backed militias`).
        let head = inside.iter().copied().find(|&k| !self.is_modifier(k));
        match head {
            Some(k) => Some(Side::Mention(k)),
            None if inside.is_empty() || inside.iter().all(|&k| self.is_modifier(k)) => {
                Some(Side::Phrase(phrase))
            }
            None => None,
        }
    }

    /// The side ending right before byte `at`: the mention, else the phrase.
    fn subject_before(&self, at: usize, types: &[EntityType]) -> Option<Side> {
        let text = &self.doc.normalised[self.span.start..at];
        let trimmed = text.trim_end().trim_end_matches(',').trim_end();
        // Skip copulas: `the group was backed by`.
        let mut end = self.span.start + trimmed.len();
        loop {
            let t = &self.doc.normalised[self.span.start..end];
            let last = t.rsplit(char::is_whitespace).next().unwrap_or_default();
            if !last.is_empty() && COPULAS.contains(&last.to_lowercase().as_str()) {
                end = self.span.start + t.len() - last.len();
                end = self.span.start + self.doc.normalised[self.span.start..end].trim_end().len();
            } else {
                break;
            }
        }
        if let Some(k) = self.mention_before(end) {
            if types.contains(&self.entity(k).1) {
                return Some(Side::Mention(k));
            }
        }
        self.phrase_before(end).map(Side::Phrase)
    }

    fn relations(&self) -> Vec<Found> {
        let mut out = Vec::new();
        self.hyphenated(&mut out);
        self.passive(&mut out);
        self.leaders(&mut out);
        self.members(&mut out);
        self.meetings(&mut out);
        self.allies(&mut out);
        out
    }

    /// `Iran-backed Hezbollah`, `Yemen-based Houthis`.
    fn hyphenated(&self, out: &mut Vec<Found>) {
        for k in self.entities.clone() {
            let (span, _) = self.entity(k);
            let after = &self.doc.normalised[span.end..self.span.end];
            let Some(caps) = HYPHENATED.captures(after) else {
                continue;
            };
            let word = caps.get(1).expect("cue group");
            let cue = ByteSpan::new(span.end, span.end + word.end());
            let relation = match word.as_str() {
                "based" | "headquartered" => "based_in",
                "allied" | "aligned" | "linked" | "affiliated" | "related" => "allied_with",
                _ => "backed_by",
            };
            let subject = self
                .mention_at(cue.end)
                .filter(|&m| !self.is_modifier(m))
                .map(Side::Mention)
                .or_else(|| self.phrase_after(cue.end, 2).map(Side::Phrase));
            if let Some(subject) = subject {
                out.push(Found {
                    relation,
                    subject,
                    object: Side::Mention(k),
                    cue,
                });
            }
        }
    }

    /// `militias backed by Iran`, `the group, based in Beirut`.
    fn passive(&self, out: &mut Vec<Found>) {
        let text = self.text();
        for caps in PASSIVE_CUE.captures_iter(text) {
            let whole = caps.get(0).expect("match");
            let cue = ByteSpan::new(
                self.span.start + whole.start(),
                self.span.start + whole.end(),
            );
            let based = caps.get(2).is_some();
            let (relation, types): (&str, &[EntityType]) = if based {
                (
                    "based_in",
                    &[EntityType::Gpe, EntityType::Location, EntityType::Facility],
                )
            } else {
                ("backed_by", ACTORS)
            };
            let Some(object) = self.object_after(cue.end, types) else {
                continue;
            };
            let Some(subject) = self.subject_before(cue.start, ACTORS) else {
                continue;
            };
            out.push(Found {
                relation,
                subject,
                object,
                cue: trim(self.doc, cue),
            });
        }
    }

    /// `Hezbollah leader Hassan Nasrallah`; `Soleimani, the head of …`.
    fn leaders(&self, out: &mut Vec<Found>) {
        let people: Vec<usize> = self
            .entities
            .clone()
            .filter(|&k| self.entity(k).1 == EntityType::Person)
            .collect();
        for &p in &people {
            let (person, _) = self.entity(p);
            // Title right before the name, a group or country before it.
            let before = &self.doc.normalised[self.span.start..person.start];
            let lower = before.to_lowercase();
            let title = LEADER_TITLES
                .iter()
                .filter(|t| {
                    lower.trim_end().ends_with(*t)
                        && lower.trim_end()[..lower.trim_end().len() - t.len()]
                            .ends_with(|c: char| c.is_whitespace() || c == '-')
                })
                .max_by_key(|t| t.len());
            if let Some(title) = title {
                let title_end = self.span.start + before.trim_end().len();
                let title_start = title_end - title.len();
                // The nearest group or country within three words before the title.
                let group = self
                    .entities
                    .clone()
                    .rev()
                    .filter(|&k| {
                        let (span, kind) = self.entity(k);
                        span.end <= title_start && LEADS.contains(&kind)
                    })
                    .find(|&k| {
                        let gap = &self.doc.normalised[self.entity(k).0.end..title_start];
                        let gap = gap.strip_prefix("'s").unwrap_or(gap);
                        !gap.contains([',', ';', '.', ':', '(', '"'])
                            && gap.split_whitespace().count() <= 3
                    });
                if let Some(g) = group {
                    out.push(Found {
                        relation: "leader_of",
                        subject: Side::Mention(p),
                        object: Side::Mention(g),
                        cue: ByteSpan::new(title_start, title_end),
                    });
                    continue;
                }
            }
            // `Soleimani, the head of Iran's elite Quds Force`.
            let after = &self.doc.normalised[person.end..self.span.end];
            let Some(rest) = after.strip_prefix(',') else {
                continue;
            };
            let words: Vec<(usize, &str)> = words(rest).take(5).collect();
            let Some(of) = words.iter().position(|&(_, w)| w == "of") else {
                continue;
            };
            let head: Vec<String> = words[..of].iter().map(|&(_, w)| w.to_lowercase()).collect();
            let titled = LEADER_TITLES.iter().any(|t| {
                let t_words: Vec<String> = t.split(' ').map(str::to_owned).collect();
                head.ends_with(&t_words)
            });
            if !titled {
                continue;
            }
            let of_end = person.end + 1 + words[of].0 + 2;
            let cue_start = person.end + 1 + words[0].0;
            let mut at = of_end;
            let tail = &self.doc.normalised[at..self.span.end];
            if let Some(stripped) = tail.trim_start().strip_prefix("the ") {
                at = self.span.end - stripped.len();
            }
            if let Some(object) = self.object_after(at, LEADS) {
                out.push(Found {
                    relation: "leader_of",
                    subject: Side::Mention(p),
                    object,
                    cue: ByteSpan::new(cue_start, of_end),
                });
            }
        }
    }

    /// `X, a member of Y`; `… under the Y umbrella`.
    fn members(&self, out: &mut Vec<Found>) {
        let text = self.text();
        for m in MEMBER_OF.find_iter(text) {
            let cue = ByteSpan::new(self.span.start + m.start(), self.span.start + m.end());
            let mut at = cue.end;
            if let Some(stripped) = self.doc.normalised[at..self.span.end].strip_prefix("the ") {
                at = self.span.end - stripped.len();
            }
            let (Some(subject), Some(object)) = (
                self.subject_before(cue.start, ACTORS),
                self.object_after(
                    at,
                    &[EntityType::Organisation, EntityType::Gpe, EntityType::Norp],
                ),
            ) else {
                continue;
            };
            out.push(Found {
                relation: "member_of",
                subject,
                object,
                cue: trim(self.doc, ByteSpan::new(cue.start, cue.end)),
            });
        }
        for caps in UMBRELLA.captures_iter(text) {
            let inner = caps.name("inner").expect("inner group");
            let inner = ByteSpan::new(
                self.span.start + inner.start(),
                self.span.start + inner.end(),
            );
            let Some(object) = self.entities.clone().find(|&k| {
                let (span, kind) = self.entity(k);
                span.start >= inner.start
                    && span.end <= inner.end
                    && kind == EntityType::Organisation
            }) else {
                continue;
            };
            let whole = caps.get(0).expect("match");
            let cue = ByteSpan::new(
                self.span.start + whole.start(),
                self.span.start + whole.end(),
            );
            // The subject: the last group or phrase of the clause before the cue.
            let clause_start = self.doc.normalised[self.span.start..cue.start]
                .rfind([',', ';', ':'])
                .map_or(self.span.start, |c| self.span.start + c + 1);
            let subject = self
                .entities
                .clone()
                .rev()
                .filter(|&k| {
                    let (span, kind) = self.entity(k);
                    span.start >= clause_start
                        && span.end <= cue.start
                        && matches!(kind, EntityType::Organisation | EntityType::Norp)
                        && !self.is_modifier(k)
                })
                .map(Side::Mention)
                .next()
                .or_else(|| {
                    // `a number of Iran-backed militias came together under …`:
                    // the phrase a hyphenated modifier opens.
                    out.iter().rev().find_map(|f| match f.subject {
                        Side::Phrase(p) if p.start >= clause_start && p.end <= cue.start => {
                            Some(f.subject)
                        }
                        _ => None,
                    })
                });
            if let Some(subject) = subject {
                out.push(Found {
                    relation: "member_of",
                    subject,
                    object: Side::Mention(object),
                    cue,
                });
            }
        }
    }

    /// `X met with Y`, `X, in a meeting with Y`.
    fn meetings(&self, out: &mut Vec<Found>) {
        let text = self.text();
        for m in MET.find_iter(text) {
            let cue = ByteSpan::new(self.span.start + m.start(), self.span.start + m.end());
            // The first person within five words after the cue (past titles
            // and a possessor), else the first party.
            let window_end = {
                let rest = &self.doc.normalised[cue.end..self.span.end];
                let end = words(rest).nth(5).map_or(rest.len(), |(k, _)| k);
                let stop = rest[..end].find([',', ';', '.', ':']).unwrap_or(end);
                cue.end + stop
            };
            let after: Vec<usize> = self
                .entities
                .clone()
                .filter(|&k| {
                    let (span, kind) = self.entity(k);
                    span.start >= cue.end && span.start < window_end && ACTORS.contains(&kind)
                })
                .collect();
            let object = after
                .iter()
                .copied()
                .find(|&k| self.entity(k).1 == EntityType::Person)
                .or_else(|| after.iter().copied().find(|&k| !self.is_modifier(k)));
            let Some(object) = object else { continue };
            // The possessor of `X's meeting with`, else the nearest party
            // before the cue (past an appositive: `Blinken, in a meeting with`).
            let subject = if m.as_str().starts_with('\'') {
                self.mention_before(cue.start)
            } else {
                self.entities.clone().rev().find(|&k| {
                    let (span, kind) = self.entity(k);
                    span.end <= cue.start
                        && matches!(
                            kind,
                            EntityType::Person | EntityType::Organisation | EntityType::Gpe
                        )
                        && !self.is_modifier(k)
                        && !self.in_place_phrase(k)
                })
            };
            let Some(subject) = subject.filter(|&s| s != object) else {
                continue;
            };
            out.push(Found {
                relation: "met_with",
                subject: Side::Mention(subject),
                object: Side::Mention(object),
                cue: trim(self.doc, cue),
            });
        }
    }

    /// `X, an ally of Y`; `X and its ally Y`.
    fn allies(&self, out: &mut Vec<Found>) {
        let text = self.text();
        for m in ALLY.find_iter(text) {
            let cue = ByteSpan::new(self.span.start + m.start(), self.span.start + m.end());
            let (Some(subject), Some(object)) = (
                self.subject_before(cue.start, ACTORS),
                self.object_after(cue.end, ACTORS),
            ) else {
                continue;
            };
            out.push(Found {
                relation: "allied_with",
                subject,
                object,
                cue: trim(self.doc, cue),
            });
        }
    }
}

/// Types of a party to a relation.
const ACTORS: &[EntityType] = &[
    EntityType::Person,
    EntityType::Organisation,
    EntityType::Gpe,
    EntityType::Norp,
];

/// Types of what a leader leads.
const LEADS: &[EntityType] = &[EntityType::Organisation, EntityType::Gpe, EntityType::Norp];

/// `span` without surrounding whitespace and commas.
fn trim(doc: &Doc, span: ByteSpan) -> ByteSpan {
    let text = doc.text(span);
    let left = text.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let start = span.start + (text.len() - left.len());
    let end = start + left.trim_end().len();
    ByteSpan::new(start, end.max(start))
}

/// Words (letters, digits, `-`, `'`) of `text` with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    crate::words::split_words(text).map(|w| (w.start, w.text))
}

#[cfg(test)]
mod tests;
