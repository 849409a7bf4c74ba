//! Events: who did what to whom, where and when, one sentence at a time
//! (the `events` table).
//!
//! [`EventFinder`] is an honest first version built on a trigger lexicon
//! (`data/lexicons/events/triggers.tsv`, with an example per entry): each
//! lexicon match in a sentence (`struck`, `dropped bombs`, `attacks`, `met`,
//! `warned`, `blamed`, `deployed`, …) gives one event with its PLOVER type and
//! mode and ACLED type and sub-type. Then, inside the sentence:
//!
//! - **actor**: the speaker when the trigger is a quote's cue (`"…," he
//!   urged` → the quote's speaker mention, from the `quotes` layer); the
//!   mention after a `by` within four words of the trigger (`attacks … by
//!   Iran's proxies`); for a participle after a comma or `by` (`Israel …,
//!   striking targets`, `… by striking`), the first candidate of the
//!   sentence; otherwise the nearest candidate before the trigger, skipping a
//!   parenthetical between commas (`Blinken, in a meeting with al-Sudani,
//!   warned` → Blinken). Candidates are `PERSON`, `ORG`, `GPE` and `NORP`
//!   mentions that are not places in a place phrase (`in Iraq and Syria`,
//!   coordination followed), not objects of `against`/`with`/`by`, not
//!   modifiers of the next mention (`Iranian Supreme Leader Ali Khamenei`,
//!   `Lebanon's Kamal Jumblatt`) and not inside someone else's quotation;
//! - **target**: the first candidate after the trigger, in its clause (up to
//!   clause punctuation or `as`, `while`, `but`, `if`, …), that is not the
//!   actor, not in a place phrase (`on` opens targets: `attacks on US forces`)
//!   and not a place after `of`;
//! - **place**: the first `GPE`/`LOC`/`FAC` mention after `in`/`at`/`near`/
//!   `on`/`into`/`to`/… following the trigger (across list commas), else the
//!   last one before it in its clause;
//! - **date**: the resolved date of the sentence nearest the trigger (from
//!   the `dates` layer), with its precision (`day`, `week`, `month`, `year`
//!   or `decade`, as in the `dates` table); else the paragraph's or the
//!   article's date, with `date_source` saying which (`dating`);
//! - **killed / injured**: a quantity right before (`at least 1,200 people
//!   were killed`, up to three words between) or right after (`killed
//!   hundreds of civilians`) a casualty word, given to the nearest `ASSAULT`
//!   event at or before that word. A casualty verb in the clause of an
//!   earlier `ASSAULT` trigger, or a participle after one (`an airstrike in
//!   Baghdad, killing …`), adds to that event instead of making its own;
//! - **negated**: `not`, `n't`, `never`, `no`, `without`, `failed`,
//!   `refused`, `denied` within four words before the trigger in its clause;
//! - **hypothetical**: `could`, `would`, `may`, `might`, `will`, `if`,
//!   `risk`, `possible`, `likely`, `ready`, `warned`, …, and `threat(s)` or
//!   `plan(s)` followed by `of`/`to`/`for`, within six words before the
//!   trigger in its clause;
//! - **aggregate**: a plural trigger noun (`the attacks`; not a verb the
//!   tree reads: `the party calls for`, `she demands`), a count on the
//!   trigger (`61 attacks`), or `N times` after it (`struck back just three
//!   times`);
//! - **reported**: the trigger lies inside a quote of the `quotes` layer, in
//!   quotation marks or the reported clause of a speech verb (`officials
//!   said the militia attacked`); a speech cue that is itself the trigger
//!   (`warned`) is not inside its quote.
//!
//! Mentions are linked by id (`actor_mention_id`, …); the resolve stage
//! fills `actor_id`, `target_id` and `place_id`. Confidence is the entry's
//! base confidence plus 0.1 with an actor, 0.05 with a target and 0.05 with
//! a place or date, at most 0.95. `method` is `trigger_lexicon`.
//!
//! Every sentence with an event (up to `tree::MAX_TOKENS` tokens) is then
//! parsed, and the roles and casualties the tree gives replace these
//! position rules' guesses (`tree`, `roles`); the position rules stay for
//! longer sentences and parse slips.
//!
//! Known misses: triggers
//! inside quotations count as the speaker's claims; adjectival uses
//! (`strike decisions`) are blocked only for a listed set of following words;
//! coreference (`the militias … they attacked`) is not followed; one event is
//! emitted per trigger, so two sentences about one strike give two events.

mod dating;
pub(crate) mod lexicon;
mod roles;
mod sense;
#[cfg(test)]
mod tests;
pub(crate) mod tree;

use std::sync::LazyLock;

use sitrep_core::FastMap;
use sitrep_core::component::{Component, Layer};
use sitrep_core::layers::{DatePrecision, EventAnnotation};
use sitrep_core::tables::{DateRow, EventRow, MentionRow, QuantityRow, QuoteRow};
use sitrep_core::{ByteSpan, Doc};

use crate::sink;
use crate::span_row::{RowSpan, of_sentence, span_row};
use crate::words::{lower_into, split_words};
use lexicon::{Form, TRIGGERS, Trigger};

/// Finds events from the trigger lexicon; reads the `mentions`, `dates`,
/// `quantities` and `quotes` layers, writes the `events` layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct EventFinder;

impl EventFinder {
    /// A finder with the built-in lexicon.
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}

/// Lexicon entries by first word, longest entries first.
/// Lexicon entries sharing a first word: each entry's words and the entry.
type Entries = Vec<(Vec<&'static str>, &'static Trigger)>;

/// (A fast hash: every word of every sentence is looked up.)
static BY_FIRST_WORD: LazyLock<FastMap<&'static str, Entries>> = LazyLock::new(|| {
    let mut index: FastMap<&'static str, Entries> = FastMap::default();
    for trigger in TRIGGERS.iter() {
        let words: Vec<&'static str> = trigger.words.split(' ').collect();
        index.entry(words[0]).or_default().push((words, trigger));
    }
    for entries in index.values_mut() {
        entries.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    }
    index
});

/// For each byte length of a lexicon entry's first word, the bytes its
/// first words start with: an ASCII word whose lower-case form has a length
/// and first byte not listed here starts no entry (and needs no lookup).
static FIRST_WORD_STARTS: LazyLock<Vec<[bool; 256]>> = LazyLock::new(|| {
    let mut starts = Vec::new();
    for first in BY_FIRST_WORD.keys() {
        if starts.len() <= first.len() {
            starts.resize(first.len() + 1, [false; 256]);
        }
        if let Some(&byte) = first.as_bytes().first() {
            starts[first.len()][usize::from(byte)] = true;
        }
    }
    starts
});

/// Whether `word` may be the first word of a lexicon entry: false only
/// when its lower-case form surely is none (see `FIRST_WORD_STARTS`).
fn may_start_entry(word: &str) -> bool {
    if !word.is_ascii() {
        return true;
    }
    let Some(&first) = word.as_bytes().first() else {
        return true;
    };
    FIRST_WORD_STARTS
        .get(word.len())
        .is_some_and(|starts| starts[usize::from(first.to_ascii_lowercase())])
}

const ACTOR_TYPES: &[&str] = &["PERSON", "ORG", "GPE", "NORP"];
const PLACE_TYPES: &[&str] = &["GPE", "LOC", "FAC"];
/// Prepositions that open a place phrase (`data/lexicons/place_prepositions.tsv`).
static PLACE_PREPOSITIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(crate::lexicons::place_phrase_prepositions);
/// Prepositions after which a mention is a place, not a target (`on` opens
/// targets: `attacks on US forces`).
static TARGET_BLOCKING: LazyLock<Vec<&'static str>> =
    LazyLock::new(crate::lexicons::target_blocking_prepositions);
/// Words that open a new clause, ending the search for a target or place.
static CLAUSE_BREAKS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/clause_breaks.tsv",
        include_str!("../../../../data/lexicons/events/clause_breaks.tsv"),
    )
});
/// Common nouns that name a place (`school`, `camp`, `region`): a place
/// phrase headed by one, with no place name in it, gives the event's place
/// as a noun phrase (`arrested at his school`).
pub(crate) static PLACE_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/place_nouns.tsv",
        include_str!("../../../../data/lexicons/events/place_nouns.tsv"),
    )
});
/// Nouns for a part of a place, read through `of` to the place they divide
/// (`the Bulbul district of Mayadin`).
static PLACE_DIVISIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/place_divisions.tsv",
        include_str!("../../../../data/lexicons/events/place_divisions.tsv"),
    )
});
/// Words skipped between a preposition and the mention it governs.
static PLACE_MODIFIERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/place_modifiers.tsv",
        include_str!("../../../../data/lexicons/events/place_modifiers.tsv"),
    )
});
static NEGATIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/negations.tsv",
        include_str!("../../../../data/lexicons/events/negations.tsv"),
    )
});
static HYPOTHETICAL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/hypothetical.tsv",
        include_str!("../../../../data/lexicons/events/hypothetical.tsv"),
    )
});
static KILLED_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/killed_words.tsv",
        include_str!("../../../../data/lexicons/events/killed_words.tsv"),
    )
});
static INJURED_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/injured_words.tsv",
        include_str!("../../../../data/lexicons/events/injured_words.tsv"),
    )
});
/// Words opening a relative clause that still tells of the event before it
/// (`an incursion into Israel, where 1,200 people were killed`).
static RELATIVES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/relatives.tsv",
        include_str!("../../../../data/lexicons/events/relatives.tsv"),
    )
});
/// Objects that make `strike`/`struck` figurative (`struck a deal`).
static FIGURATIVE_OBJECTS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/figurative_objects.tsv",
        include_str!("../../../../data/lexicons/events/figurative_objects.tsv"),
    )
});
/// Nouns that make a trigger a modifier (`strike decisions`, `attack capabilities`).
static MODIFIED_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/modified_nouns.tsv",
        include_str!("../../../../data/lexicons/events/modified_nouns.tsv"),
    )
});

/// One word of a sentence.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    /// Byte span in the normalised text.
    span: ByteSpan,
    /// Character offsets in `articles.text`.
    chars: (i64, i64),
    /// First non-space character between the previous word and this one.
    punctuation_before: Option<char>,
}

/// Whether most of the words with letters start in lower case (a story
/// sentence, not a headline in title case or in capitals).
fn mostly_lower_case(words: &[Word<'_>]) -> bool {
    let (mut lower, mut upper) = (0, 0);
    for w in words {
        match w.text.chars().next() {
            Some(c) if c.is_lowercase() => lower += 1,
            Some(c) if c.is_uppercase() => upper += 1,
            _ => {}
        }
    }
    lower > upper
}

/// Whether the trigger at words `i..=j` of a story sentence (`lower_case`)
/// is a capitalised word inside a run of capitalised words: part of a name
/// or a title (`Minister for Trade Negotiations Michael Duffy`, `the Aid
/// Committee`), not a told event. Only non-violent triggers ask: a violent
/// word in a name has its own rule (`title`), and a named battle or
/// offensive is still one.
fn in_name(words: &[Word<'_>], i: usize, j: usize, lower_case: bool) -> bool {
    let capitalised = |k: usize| {
        words.get(k).is_some_and(|w| {
            w.text.starts_with(char::is_uppercase) && w.text.chars().any(char::is_lowercase)
        })
    };
    let joined = |k: usize| words.get(k).is_some_and(|w| w.punctuation_before.is_none());
    lower_case
        && i > 0
        && capitalised(i)
        && ((capitalised(i - 1) && joined(i)) || (capitalised(j + 1) && joined(j + 1)))
}

impl Word<'_> {
    fn is(&self, options: &[&str]) -> bool {
        options.iter().any(|o| self.text.eq_ignore_ascii_case(o))
    }

    /// Whether clause punctuation (not an abbreviation's period or a quote
    /// mark) separates this word from the previous one.
    fn breaks_clause(&self) -> bool {
        self.punctuation_before.is_some_and(|c| {
            matches!(
                c,
                ',' | ';' | ':' | '(' | ')' | '-' | '\u{2013}' | '\u{2014}' | '!' | '?'
            )
        })
    }
}

fn sentence_words<'a>(doc: &'a Doc, span: ByteSpan, out: &mut Vec<Word<'a>>) {
    out.clear();
    for word in split_words(doc.text(span)) {
        let word_span = ByteSpan::new(span.start + word.start, span.start + word.end());
        out.push(Word {
            text: word.text,
            span: word_span,
            chars: doc.char_span(word_span),
            // The comma of `1,200` separates thousands, not clauses.
            punctuation_before: if word.gap == ","
                && word.text.len() == 3
                && word.text.bytes().all(|b| b.is_ascii_digit())
            {
                None
            } else {
                word.gap.chars().find(|c| !c.is_whitespace())
            },
        });
    }
}

/// How many of a sentence's `words` lie in its opening dateline
/// (`PLYMOUTH MEETING, Pa., March 24 -`; see `sitrep_syntax::sentence_dateline`),
/// 0 without one.
fn dateline_words(doc: &Doc, idx: usize, dateline: Option<usize>, words: &[Word<'_>]) -> usize {
    dateline.map_or(0, |dash| {
        let end = doc.sentence_tokens(idx)[dash].span.start;
        words.iter().take_while(|w| w.span.start < end).count()
    })
}

/// One event under construction, with the word range of its trigger.
struct Pending {
    row: EventRow,
    /// Span of the trigger in the normalised text.
    span: ByteSpan,
    /// Precision of `row.date`.
    date_precision: Option<DatePrecision>,
    first_word: usize,
    base_confidence: f64,
    /// Actor given as a noun phrase with no entity (`militants`).
    actor_phrase: Option<ByteSpan>,
    /// Target given as a noun phrase with no entity.
    target_phrase: Option<ByteSpan>,
    /// Place given as a noun phrase with no entity (`at his school`).
    place_phrase: Option<ByteSpan>,
    /// The trigger is a quote's speech cue: the actor is the quote's speaker.
    cued: bool,
    /// Where `row.date` was read.
    date_source: Option<dating::DateSource>,
    /// The tree shows no event here (a `threat` no one makes: `the threat
    /// of inflation`); dropped once the sentence's roles are read.
    unfounded: bool,
    /// `aggregate` rests on the lexicon's plural form alone (no count):
    /// a verb read by the tree (`the party calls for`) is one event.
    plural_only: bool,
}

impl Component for EventFinder {
    fn name(&self) -> &'static str {
        "trigger_lexicon"
    }

    fn reads(&self) -> &'static [Layer] {
        &[
            Layer::Sentences,
            Layer::Entities,
            Layer::Dates,
            Layer::Quantities,
            Layer::Quotes,
        ]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn annotate(&self, doc: &mut Doc) {
        if crate::benched_without("events") {
            doc.set_events(Vec::new());
            return;
        }
        // The event rules compare character offsets of rows; the sink makes
        // those from the layers (mention rows in entity-layer order, so a
        // row's position is its entity index). They are made on the first
        // sentence with a lexicon word (most articles and sentences have
        // none), the article's frame on the first violent entry.
        let mut article: Option<ArticleRows> = None;
        let mut article_frame: Option<sense::ArticleFrame> = None;
        let mut events = Vec::new();
        let mut words = Vec::new();
        let mut lower = String::new();
        let mut lowered: Vec<String> = Vec::new();
        for (idx, sentence) in doc.sentences.iter().enumerate() {
            let text = doc.text(sentence.span);
            if !split_words(text).any(|w| {
                may_start_entry(w.text)
                    && BY_FIRST_WORD.contains_key(lower_into(&mut lower, w.text))
            }) {
                continue;
            }
            sentence_words(doc, sentence.span, &mut words);
            let ArticleRows {
                mentions,
                quotes,
                dates,
                quantities,
            } = article.get_or_insert_with(|| ArticleRows::of(doc));
            let sentence_entities = doc.sentence_entity_range(idx);
            lowered.clear();
            lowered.extend(words.iter().map(|w| {
                let lower = lower_into(&mut lower, w.text);
                lower.strip_suffix("'s").unwrap_or(lower).to_owned()
            }));
            let lowered_refs: Vec<&str> = lowered.iter().map(String::as_str).collect();
            let context = Context {
                words: &words,
                mentions: mentions[sentence_entities].iter().collect(),
                article_mentions: mentions,
                quotes,
                dates: of_sentence(dates, idx, |d| d.sentence_idx),
                quantities: of_sentence(quantities, idx, |q| q.sentence_idx),
            };
            // A sentence written mostly in lower case (not a headline in
            // title case), for `in_name`.
            let lower_case = mostly_lower_case(&words);
            let mut pending: Vec<Pending> = Vec::new();
            // No trigger in the dateline (`PLYMOUTH MEETING, Pa., March 24 -`).
            let dateline = sitrep_syntax::sentence_dateline(doc, idx);
            let mut i = dateline_words(doc, idx, dateline, &words);
            while i < words.len() {
                let found = may_start_entry(words[i].text)
                    .then(|| BY_FIRST_WORD.get(lower_into(&mut lower, words[i].text)))
                    .flatten()
                    .and_then(|entries| {
                        entries.iter().find(|(entry_words, _)| {
                            i + entry_words.len() <= words.len()
                                && entry_words
                                    .iter()
                                    .zip(&words[i..])
                                    .all(|(e, w)| w.text.eq_ignore_ascii_case(e))
                        })
                    });
                let Some((entry_words, trigger)) = found else {
                    i += 1;
                    continue;
                };
                let j = i + entry_words.len() - 1;
                if !context.blocked(trigger, i, j) {
                    // Only violent entries read the article's frame (`sense`).
                    let frame = if sense::is_violent(trigger) {
                        *article_frame
                            .get_or_insert_with(|| sense::ArticleFrame::of(&doc.normalised))
                    } else {
                        sense::ArticleFrame::default()
                    };
                    // A capitalised trigger inside a calm article's sentence is a title (`The Killing Fields`).
                    let title =
                        i > 0 && frame.calm() && words[i].text.starts_with(char::is_uppercase);
                    let read = sense::read_trigger(frame, &lowered_refs, i, j, trigger)
                        .filter(|t| !(title && sense::is_violent(t)))
                        .filter(|t| sense::is_violent(t) || !in_name(&words, i, j, lower_case));
                    if let Some(read) = read {
                        if read.words.starts_with("strik") && read.plover_type == "PROTEST" {
                            article_frame
                                .get_or_insert_with(|| sense::ArticleFrame::of(&doc.normalised))
                                .labour_strike = true;
                        }
                        context.add(doc, idx, &read, i, j, &mut pending);
                    }
                }
                i = j + 1;
            }
            // The tree of every sentence with an event (up to
            // `tree::MAX_TOKENS` tokens; longer ones keep the position rules).
            let tree = (!pending.is_empty())
                .then(|| tree::Tree::of_sentence(doc, idx))
                .flatten();
            match tree {
                Some(mut tree) => {
                    tree.mark_dates(context.dates.iter().map(|d| (d.start, d.end)));
                    if let Some(dash) = dateline {
                        tree.mark_dateline(dash);
                    }
                    context.apply_tree(doc, &tree, &mut pending);
                    pending.retain(|p| !p.unfounded);
                    context.tree_casualties(&tree, &mut pending);
                }
                None => context.assign_casualties(&mut pending),
            }
            if pending.iter().any(|p| p.row.date.is_none()) {
                if let Some((date, precision, source)) = dating::fallback(doc, dates, idx) {
                    for event in pending.iter_mut().filter(|p| p.row.date.is_none()) {
                        event.row.date = Some(date);
                        event.row.date_precision = precision.map(|p| p.label().to_owned());
                        event.date_precision = precision;
                        event.date_source = Some(source);
                    }
                }
            }
            for mut event in pending {
                let mut confidence = event.base_confidence;
                if event.row.actor_text.is_some() {
                    confidence += 0.1;
                }
                if event.row.target_text.is_some() {
                    confidence += 0.05;
                }
                if event.row.place_mention_id.is_some() || event.row.date.is_some() {
                    confidence += 0.05;
                }
                event.row.confidence = (confidence.min(0.95) * 100.0).round() / 100.0;
                events.push(annotation(event, idx, mentions));
            }
        }
        doc.set_events(events);
    }
}

/// Whether a name is first of all a country in the built-in knowledge base
/// (`US`, `Iraq`; not `Fallujah` or `Gaza`): a country acts (`US strikes`),
/// a city or region is where things happen (`the Fallujah fighting`).
pub(crate) fn is_country(name: &str) -> bool {
    let kb = sitrep_core::KnowledgeBase::builtin();
    kb.lookup(name)
        .next()
        .is_some_and(|e| kb.feature(&e.kb_id) == Some(sitrep_core::kb::Feature::Country))
}

/// The rows of one article the event rules read.
struct ArticleRows {
    mentions: Vec<MentionRow>,
    quotes: Vec<QuoteRow>,
    dates: Vec<DateRow>,
    quantities: Vec<QuantityRow>,
}

impl ArticleRows {
    /// The rows with internal ids (the rules join rows by id only; the
    /// sink makes the tables' rows).
    fn of(doc: &Doc) -> Self {
        let (mentions, quotes, dates, quantities) = sink::internal_layer_rows(doc);
        Self {
            mentions,
            quotes,
            dates,
            quantities,
        }
    }
}

/// The `events` layer annotation of a finished event; mention ids become
/// indices into the entities layer.
fn annotation(event: Pending, sentence_idx: usize, mentions: &[MentionRow]) -> EventAnnotation {
    let entity =
        |id: Option<String>| id.and_then(|id| mentions.iter().position(|m| m.mention_id == id));
    let row = event.row;
    EventAnnotation {
        span: event.span,
        sentence_idx,
        plover_type: row.plover_type,
        plover_mode: row.plover_mode,
        acled_type: row.acled_type,
        acled_subtype: row.acled_subtype,
        actor: entity(row.actor_mention_id),
        actor_phrase: event.actor_phrase,
        target: entity(row.target_mention_id),
        target_phrase: event.target_phrase,
        place: entity(row.place_mention_id),
        place_phrase: event.place_phrase,
        date: row.date.zip(event.date_precision),
        date_source: event.date_source.map(dating::DateSource::label),
        killed: row.killed,
        injured: row.injured,
        negated: row.negated,
        hypothetical: row.hypothetical,
        aggregate: row.aggregate,
        reported: row.reported,
        confidence: row.confidence,
        method: row.method,
    }
}

/// The layers of one sentence an event reads.
struct Context<'a> {
    words: &'a [Word<'a>],
    mentions: Vec<&'a MentionRow>,
    /// All mentions of the article (quote speakers may be outside the sentence).
    article_mentions: &'a [MentionRow],
    quotes: &'a [QuoteRow],
    dates: &'a [DateRow],
    quantities: &'a [QuantityRow],
}

impl Context<'_> {
    /// Figurative or modifier uses of a trigger (`struck a deal`, `strike decisions`).
    fn blocked(&self, trigger: &Trigger, i: usize, j: usize) -> bool {
        let next = self.words.get(j + 1);
        let after_next = self.words.get(j + 2);
        let previous = i.checked_sub(1).map(|p| &self.words[p]);
        let strike_family = matches!(trigger.words, "struck" | "strike" | "strikes" | "striking");
        if strike_family {
            if next.is_some_and(|w| w.is(&["a", "an"]))
                && after_next.is_some_and(|w| w.is(&FIGURATIVE_OBJECTS))
            {
                return true;
            }
            if previous.is_some_and(|w| w.is(&["hunger", "general", "labor", "labour", "workers"]))
            {
                return true;
            }
        }
        if (strike_family || trigger.words.starts_with("attack"))
            && next.is_some_and(|w| w.punctuation_before.is_none() && w.is(&MODIFIED_NOUNS))
        {
            return true;
        }
        if next.is_some_and(|w| w.punctuation_before.is_none() && w.is(&["table", "arm", "arms"])) {
            return true;
        }
        if trigger.words == "arrest" && previous.is_some_and(|w| w.is(&["cardiac", "heart"])) {
            return true;
        }
        trigger.words == "attack" && previous.is_some_and(|w| w.is(&["heart", "panic"]))
    }

    /// Words before word `i` in its clause (no punctuation between), at most `limit`.
    fn window(&self, i: usize, limit: usize) -> &[Word<'_>] {
        let mut k = i;
        while k > 0 && i - k < limit && !self.words[k].breaks_clause() {
            k -= 1;
        }
        &self.words[k..i]
    }

    /// Index of the word holding the start of a mention (`Boukamal` in `al-Boukamal`).
    fn word_of(&self, mention: &MentionRow) -> usize {
        self.words.partition_point(|w| w.chars.1 <= mention.start)
    }

    /// The word before mention's first word, skipping determiners and
    /// direction adjectives.
    fn governing_word(&self, mention: &MentionRow) -> Option<&Word<'_>> {
        let mut k = self.word_of(mention);
        loop {
            // Punctuation right before word `k` ends the phrase.
            if k == 0
                || self
                    .words
                    .get(k)
                    .is_some_and(|w| w.punctuation_before.is_some())
            {
                return None;
            }
            k -= 1;
            let word = &self.words[k];
            if !word.is(&PLACE_MODIFIERS) {
                return Some(word);
            }
        }
    }

    /// Whether `of_word` is the `of` of a named division inside a place
    /// phrase: `Mayadin` in `in the Bulbul district of Mayadin`, `Gaza` in
    /// `on the outskirts of Gaza`. The words between the preposition and the
    /// division noun may be modifiers or capitalised names.
    fn in_division_phrase(&self, of_word: &Word<'_>, prepositions: &[&str]) -> bool {
        if !of_word.is(&["of"]) {
            return false;
        }
        let of_index = self.words.partition_point(|w| w.chars.0 < of_word.chars.0);
        let Some(division) = of_index.checked_sub(1) else {
            return false;
        };
        if !self.words[division].is(&PLACE_DIVISIONS) || of_word.punctuation_before.is_some() {
            return false;
        }
        let mut k = division;
        while k > 0 && self.words[k].punctuation_before.is_none() {
            k -= 1;
            let word = &self.words[k];
            if word.is(prepositions) {
                return true;
            }
            let capitalised = word.text.chars().next().is_some_and(char::is_uppercase);
            if !(capitalised || word.is(&PLACE_MODIFIERS)) {
                return false;
            }
        }
        false
    }

    /// Whether a mention is governed by one of `prepositions`, directly or
    /// through a coordination (`Syria` in `in Iraq and Syria`).
    fn in_place_phrase(&self, mention: &MentionRow, prepositions: &[&str]) -> bool {
        let Some(word) = self.governing_word(mention) else {
            return false;
        };
        if word.is(prepositions) || self.in_division_phrase(word, prepositions) {
            return true;
        }
        word.is(&["and", "or"])
            && self
                .mentions
                .iter()
                .rev()
                .find(|m| m.end <= word.chars.0)
                .is_some_and(|m| {
                    self.words
                        .iter()
                        .find(|w| w.chars.0 >= m.end)
                        .is_some_and(|next| next.chars.0 == word.chars.0)
                        && self.in_place_phrase(m, prepositions)
                })
    }

    /// A mention that only modifies the next one: a nationality or a
    /// possessive right before another actor (`Iranian Supreme Leader Ali
    /// Khamenei`, `Lebanon's Kamal Jumblatt`).
    fn is_modifier(&self, mention: &MentionRow) -> bool {
        let holder = self.words.get(self.word_of(mention));
        let possessive = holder.is_some_and(|w| w.chars.1 > mention.end && w.text.ends_with("'s"));
        if mention.entity_type != "NORP" && !possessive {
            return false;
        }
        let Some(next) = self
            .mentions
            .iter()
            .find(|n| n.start >= mention.end && ACTOR_TYPES.contains(&n.entity_type.as_str()))
        else {
            return false;
        };
        // Only titles in between: `Iranian Supreme Leader Ali Khamenei`.
        let between: Vec<&Word<'_>> = self
            .words
            .iter()
            .filter(|w| w.chars.0 >= mention.end && w.chars.1 <= next.start)
            .collect();
        let next_word = self.words.get(self.word_of(next));
        between.len() <= 2
            && between
                .iter()
                .all(|w| w.punctuation_before.is_none() && w.text.starts_with(char::is_uppercase))
            && next_word.is_some_and(|w| w.punctuation_before.is_none())
    }

    /// Whether the mention lies inside a quotation that does not contain `at`.
    fn quoted_elsewhere(&self, mention: &MentionRow, at: i64) -> bool {
        self.quotes.iter().any(|q| {
            q.start <= mention.start && mention.end <= q.end && !(q.start <= at && at < q.end)
        })
    }

    /// Index one past the last word of the clause that starts after word `j`.
    /// With `lists`, commas (which also separate list items) do not end it.
    fn clause_end(&self, j: usize, lists: bool) -> usize {
        (j + 1..self.words.len())
            .find(|&k| {
                let word = &self.words[k];
                let comma = word.punctuation_before == Some(',');
                (word.breaks_clause() && !(lists && comma)) || word.is(&CLAUSE_BREAKS)
            })
            .unwrap_or(self.words.len())
    }

    /// Index of the first word of the clause holding word `i` (commas end clauses).
    fn clause_start(&self, i: usize) -> usize {
        (1..=i)
            .rev()
            .find(|&k| self.words[k].breaks_clause() || self.words[k].is(&CLAUSE_BREAKS))
            .unwrap_or(0)
    }

    /// A quote whose attribution cue is this trigger (`"…," he urged.`).
    fn quote_cued_by(&self, i: usize) -> Option<&QuoteRow> {
        let word = &self.words[i];
        self.quotes.iter().find(|q| {
            q.end <= word.chars.0
                && word.chars.0 - q.end <= 12
                && q.cue
                    .as_deref()
                    .is_some_and(|c| word.text.eq_ignore_ascii_case(c))
        })
    }

    fn add(
        &self,
        doc: &Doc,
        idx: usize,
        trigger: &Trigger,
        i: usize,
        j: usize,
        pending: &mut Vec<Pending>,
    ) {
        let words = self.words;
        let (start, end) = (words[i].chars.0, words[j].chars.1);
        let casualty = matches!(trigger.form, Form::Killed | Form::Injured);

        let limit_of = |k: usize| self.words.get(k).map_or(i64::MAX, |w| w.chars.0);
        let clause_limit = limit_of(self.clause_end(j, false));
        let place_limit = limit_of(self.clause_end(j, true));
        let clause_start = self.words[self.clause_start(i)].chars.0;
        let first_target_after = |from: i64, actor: Option<&MentionRow>| {
            self.mentions.iter().copied().find(|m| {
                m.start >= from
                    && m.end <= clause_limit
                    && ACTOR_TYPES.contains(&m.entity_type.as_str())
                    && actor.is_none_or(|a| a.mention_id != m.mention_id)
                    && !self.in_place_phrase(m, &TARGET_BLOCKING)
                    && !(PLACE_TYPES.contains(&m.entity_type.as_str())
                        && self.governing_word(m).is_some_and(|w| w.is(&["of"])))
                    && !self.is_modifier(m)
                    && !self.quoted_elsewhere(m, start)
            })
        };
        // A casualty verb adds to an earlier assault in its clause, or to one
        // it follows as a participle: `an airstrike in Baghdad, killing …`.
        if casualty {
            let participle = words[i].text.ends_with("ing");
            let merged = pending.iter_mut().rev().find(|p| {
                p.row.plover_type == "ASSAULT"
                    && (participle
                        || words[p.first_word + 1..=i]
                            .iter()
                            .all(|w| !w.breaks_clause() || w.is(&RELATIVES)))
            });
            if let Some(earlier) = merged {
                if earlier.row.target_mention_id.is_none() {
                    if let Some(target) = first_target_after(end, None) {
                        earlier.row.target_text = Some(target.text.clone());
                        earlier.row.target_mention_id = Some(target.mention_id.clone());
                    }
                }
                return;
            }
        }

        let actor = self.actor(i, j, start);
        let is_actor =
            |m: &MentionRow| actor.is_some_and(|a: &MentionRow| a.mention_id == m.mention_id);
        let target = first_target_after(end, actor);
        let is_target =
            |m: &MentionRow| target.is_some_and(|t: &MentionRow| t.mention_id == m.mention_id);
        let place_candidate = |m: &&&MentionRow| {
            PLACE_TYPES.contains(&m.entity_type.as_str())
                && !is_target(m)
                && !is_actor(m)
                && self.in_place_phrase(m, &PLACE_PREPOSITIONS)
        };
        let place = self
            .mentions
            .iter()
            .filter(|m| m.start >= end && m.end <= place_limit)
            .find(place_candidate)
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(|m| m.start >= clause_start && m.end <= start)
                    .rev()
                    .find(place_candidate)
            })
            .copied();
        let date = self
            .dates
            .iter()
            .filter(|d| d.value.is_some())
            .min_by_key(|d| {
                if d.end <= start {
                    start - d.end
                } else {
                    d.start - end
                }
            });

        let negated = self
            .window(i, 4)
            .iter()
            .any(|w| w.is(&NEGATIONS) || w.text.ends_with("n't"));
        let window = self.window(i, 6);
        let hypothetical = window.iter().enumerate().any(|(k, w)| {
            // Nouns count only as `threats of`, `plans to`, `plans for`.
            let next = window.get(k + 1).unwrap_or(&words[i]);
            if w.is(&["threat", "threats", "plan", "plans"]) {
                next.is(&["of", "to", "for"])
            } else {
                w.is(&HYPOTHETICAL)
            }
        }) || words
            .get(j + 1)
            .is_some_and(|w| !w.breaks_clause() && w.is(&["could", "would", "might", "may"]));
        let counted = self
            .quantities
            .iter()
            .any(|q| q.start < end && start < q.end && q.value > 1.0);
        let times_after = self.quantities.iter().any(|q| {
            q.start >= end
                && q.noun.as_deref() == Some("times")
                && words[j + 1..]
                    .iter()
                    .take_while(|w| w.chars.0 < q.start)
                    .all(|w| !w.breaks_clause())
        });

        let trigger_span = ByteSpan::new(words[i].span.start, words[j].span.end);
        let mention_text = |m: Option<&MentionRow>| m.map(|m| m.text.clone());
        let mention_id = |m: Option<&MentionRow>| m.map(|m| m.mention_id.clone());
        pending.push(Pending {
            first_word: i,
            actor_phrase: None,
            target_phrase: None,
            place_phrase: None,
            unfounded: false,
            plural_only: trigger.form == Form::Plural && !counted && !times_after,
            cued: self.quote_cued_by(i).is_some(),
            date_source: date.map(|_| dating::DateSource::Sentence),
            base_confidence: trigger.confidence,
            span: trigger_span,
            date_precision: date.and_then(|d| d.precision.as_deref()?.parse().ok()),
            row: span_row!(RowSpan::new(doc, "evt", idx, trigger_span) => EventRow {
                event_id, trigger;
                plover_type: trigger.plover_type.to_owned(),
                plover_mode: trigger.plover_mode.map(str::to_owned),
                acled_type: trigger.acled_type.map(str::to_owned),
                acled_subtype: trigger.acled_subtype.map(str::to_owned),
                actor_text: mention_text(actor),
                actor_mention_id: mention_id(actor),
                actor_id: None,
                target_text: mention_text(target),
                target_mention_id: mention_id(target),
                target_id: None,
                place_text: mention_text(place),
                place_mention_id: mention_id(place),
                place_id: None,
                date: date.and_then(|d| d.value),
                date_precision: date.and_then(|d| d.precision.clone()),
                date_source: date.map(|_| "sentence".to_owned()),
                killed: None,
                injured: None,
                negated,
                hypothetical,
                aggregate: trigger.form == Form::Plural || counted || times_after,
                reported: self
                    .quotes
                    .iter()
                    .any(|q| q.start <= start && end <= q.end),
                confidence: trigger.confidence,
                method: "trigger_lexicon".to_owned(),
                event_cluster: String::new(),
            }),
        });
    }

    /// The actor of a trigger spanning words `i..=j` (see the module docs).
    fn actor(&self, i: usize, j: usize, start: i64) -> Option<&MentionRow> {
        let words = self.words;
        // `"…," he urged.`: the speaker of the quote.
        if let Some(quote) = self.quote_cued_by(i) {
            let speaker = quote.speaker_mention_id.as_deref();
            return speaker
                .and_then(|id| self.article_mentions.iter().find(|m| m.mention_id == id));
        }
        let actor_typed = |m: &&&MentionRow| ACTOR_TYPES.contains(&m.entity_type.as_str());
        // `attacks on its forces by Iran's proxies`
        for by in words.iter().take(j + 5).skip(j + 1) {
            if by.breaks_clause() {
                break;
            }
            if by.is(&["by"]) {
                let after_by = by.chars.1;
                return self
                    .mentions
                    .iter()
                    .filter(actor_typed)
                    .find(|m| {
                        m.start >= after_by
                            && self
                                .governing_word(m)
                                .is_some_and(|w| w.chars.0 == by.chars.0)
                    })
                    .copied();
            }
        }
        let free = |m: &&&MentionRow| {
            let in_place = PLACE_TYPES.contains(&m.entity_type.as_str())
                && self.in_place_phrase(m, &PLACE_PREPOSITIONS);
            let object = self
                .governing_word(m)
                .is_some_and(|w| w.is(&["against", "by", "with"]));
            !in_place && !object && !self.is_modifier(m) && !self.quoted_elsewhere(m, start)
        };
        // `Israel …, striking targets` / `… by striking`: the main clause's subject.
        let participle = words[i].text.ends_with("ing")
            && (words[i].punctuation_before == Some(',')
                || i.checked_sub(1).is_some_and(|p| words[p].is(&["by"])));
        if participle {
            return self
                .mentions
                .iter()
                .filter(actor_typed)
                .filter(free)
                .find(|m| m.end <= start)
                .copied();
        }
        // `Blinken, in a meeting with al-Sudani this month, warned`: skip the parenthetical.
        let mut limit = start;
        if words[i].punctuation_before == Some(',') {
            if let Some(open) = (1..i)
                .rev()
                .find(|&k| words[k].punctuation_before == Some(','))
            {
                limit = words[open - 1].chars.1;
            }
        }
        self.mentions
            .iter()
            .filter(actor_typed)
            .filter(free)
            .rfind(|m| m.end <= limit)
            .copied()
    }

    /// Gives counted casualties to the nearest `ASSAULT` event.
    fn assign_casualties(&self, pending: &mut [Pending]) {
        for (w, word) in self.words.iter().enumerate() {
            let killed = word.is(&KILLED_WORDS);
            if !killed && !word.is(&INJURED_WORDS) {
                continue;
            }
            let Some(count) = self.count_near(w) else {
                continue;
            };
            let target = pending
                .iter()
                .rposition(|p| p.row.plover_type == "ASSAULT" && p.first_word <= w)
                .or_else(|| pending.iter().position(|p| p.row.plover_type == "ASSAULT"));
            if let Some(event) = target.map(|t| &mut pending[t].row) {
                let slot = if killed {
                    &mut event.killed
                } else {
                    &mut event.injured
                };
                slot.get_or_insert(count);
            }
        }
    }

    /// A counted quantity just before word `w` (three words between at most)
    /// or just after it (two words at most), in the same clause.
    fn count_near(&self, w: usize) -> Option<i64> {
        let word = &self.words[w];
        // Words from `from` up to the word starting at `to`, if no punctuation intervenes.
        let words_between = |from: i64, to: i64| -> Option<usize> {
            let mut count = 0;
            for x in self
                .words
                .iter()
                .filter(|x| x.chars.0 >= from && x.chars.0 <= to)
            {
                if x.breaks_clause() {
                    return None;
                }
                if x.chars.0 < to {
                    count += 1;
                }
            }
            Some(count)
        };
        let before = self
            .quantities
            .iter()
            .filter(|q| q.end <= word.chars.0)
            .rfind(|q| words_between(q.end, word.chars.0).is_some_and(|n| n <= 3));
        let after = || {
            self.quantities
                .iter()
                .filter(|q| q.start >= word.chars.1)
                .find(|q| words_between(word.chars.1, q.start).is_some_and(|n| n <= 2))
        };
        before.or_else(after).map(|q| q.value.round() as i64)
    }
}
