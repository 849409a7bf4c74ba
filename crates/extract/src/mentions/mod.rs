//! Entity mentions: people, organisations, places and groups named in the
//! text, typed PERSON, ORG, GPE, LOC, FAC or NORP.
//!
//! [`MentionFinder`] is the component that writes the `entities` layer. It
//! has three sources ([`MentionSource`]). The default, `Combined`
//! (component `entity_tagger`), runs the trained tagger of `sitrep-ner` on
//! each sentence's tokens, lets knowledge-base matches and rule candidates
//! fix its bounds and adds listed names it missed, finds names again across
//! the article and gives each name one type per article; `combine.rs` states
//! the rules. `Rules` (component `mention_rules`) is the finder that came
//! before the tagger, kept for comparison (`sitrep eval ner --source rules`)
//! and as the source of rule candidates, described below:
//!
//! 1. **Gazetteer** (`method = gazetteer`): longest match of the names and
//!    aliases of the built-in knowledge base (`data/kb/actors.tsv`,
//!    `data/kb/places.tsv`) over word pieces, so `al-Sudani` matches across
//!    its hyphen and `Iran’s` yields `Iran` (the possessive stays outside).
//!    `Iran-backed` yields `Iran` (GPE), as spaCy's English models do; the
//!    resolve stage links it like any other mention of Iran.
//! 2. **Rules** for names the knowledge base lacks (`rules`): titles
//!    (`former MP Fares Soaid`), given names, organisation head nouns
//!    (`Saydet el-Jabal Gathering`), facilities (`al-Asad air base`),
//!    landforms (`Bekaa Valley`) and administrative units; last and weakest
//!    (`capitalised_rule`), any other run of capitalised words in
//!    mid-sentence, typed from context: a following `said` or `'s`, or two or
//!    three words that do not read as a title or a term (`the Job
//!    Description`, `Credit Derivatives`) → PERSON; one word after `in`,
//!    `at`, `near` → GPE; otherwise nothing. A lone known given name (`Emma`)
//!    is a person. Rules are off in title-case headlines and all-caps
//!    headings, where capitals carry no signal.
//! 3. **Overlaps**: the longest span wins, then the knowledge base over rules.
//! 4. **Propagation** (`method = name_propagation`): once a person is named in
//!    full (`Ziad al-Sayegh`), later bare surnames in the same article
//!    (`Sayegh said`) are mentions of a person too, replacing a context
//!    guess on the same words; likewise a facility name found with its noun
//!    (`al-Tanf garrison` → later `al-Tanf`).
//!
//! ```
//! use sitrep_core::component::Component;
//! use sitrep_core::tables::Article;
//! use sitrep_extract::mentions::MentionFinder;
//! let text = "Visit\n\nSudani then traveled to Tehran and met Iran’s Supreme Leader Ali Khamenei.";
//! let article = Article { article_id: "a1".into(), text: text.into(), ..Article::default() };
//! let mut doc = sitrep_normalise::normalise(article);
//! MentionFinder::new().annotate(&mut doc);
//! let found: Vec<(&str, &str)> = doc
//!     .entities()
//!     .iter()
//!     .map(|e| (doc.original_text(e.span), e.entity_type.label()))
//!     .collect();
//! assert!(found.contains(&("Sudani", "PERSON")));
//! assert!(found.contains(&("Iran", "GPE")));
//! assert!(found.contains(&("Ali Khamenei", "PERSON")));
//! ```
//!
//! Known misses: one-word names that are neither listed nor signalled by a
//! title, given name, head noun or context cue (a bare `Soaid` before any
//! full mention, `Scientology`), and names opening a sentence; acronyms the
//! knowledge base lacks (`FERC`: too often not names in web text); the
//! context types are guesses (`at Harvard` is typed a place, an unlisted
//! company of two capitalised words a person); titles stay outside person
//! spans (`President Barack Obama` → `Barack Obama`), while GUM's gold
//! includes them; lower
//! case or unusual spellings not in the knowledge base; nested names are
//! only the outer span in the `entities` layer (the sink adds listed places
//! and organisations inside it as `nested` rows, see `nested.rs`); all names
//! in title-case headlines except listed ones. Types come from the knowledge
//! base or the rule, not from context (`Washington` the city vs the
//! government is always the place).

mod combine;
mod gazetteer;
mod lexicon;
mod nested;
mod pieces;
mod rules;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use nested::{NESTED, NESTED_CONFIDENCE, nested_mentions};

use combine::Found;
use gazetteer::Gazetteer;
use pieces::{Piece, PieceKind, Splitter};
use rules::Rules;
use sitrep_core::component::{Component, Layer};
use sitrep_core::layers::EntitySpan;
use sitrep_core::{ByteSpan, Doc, EntityType, KnowledgeBase};
use sitrep_ner::{Scratch, Tagger};

/// How a candidate mention was found; gives the `method` column, the
/// confidence and the precedence among candidates of equal length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Knowledge-base name; `ambiguous` when entries of other types share it.
    Gazetteer {
        /// Whether the matched key names entries of several types.
        ambiguous: bool,
    },
    /// Title then name.
    Title,
    /// Known given name then more name words.
    GivenName,
    /// Organisation head noun.
    OrgHead,
    /// Facility noun.
    Facility,
    /// Landform noun.
    Location,
    /// Administrative-unit noun.
    Admin,
    /// `city of X`.
    PlaceOf,
    /// Capitalised run mid-sentence, typed from context.
    Capitalised,
    /// Earlier full mention in the same article.
    Propagation,
}

impl Method {
    /// Value of the `method` column.
    fn name(self) -> &'static str {
        match self {
            Self::Gazetteer { .. } => "gazetteer",
            Self::Title => "title_rule",
            Self::GivenName => "given_name_rule",
            Self::OrgHead => "org_head_rule",
            Self::Facility => "facility_rule",
            Self::Location => "location_rule",
            Self::Admin => "admin_rule",
            Self::PlaceOf => "place_of_rule",
            Self::Capitalised => "capitalised_rule",
            Self::Propagation => "name_propagation",
        }
    }

    /// Confidence in span and type.
    fn confidence(self) -> f64 {
        match self {
            Self::Gazetteer { ambiguous: false } => 0.9,
            Self::Title => 0.8,
            Self::Gazetteer { ambiguous: true }
            | Self::OrgHead
            | Self::Facility
            | Self::Location
            | Self::GivenName => 0.7,
            Self::Admin | Self::PlaceOf | Self::Propagation => 0.6,
            Self::Capitalised => 0.5,
        }
    }

    /// Precedence between candidates of equal length (higher wins).
    fn priority(self) -> u8 {
        match self {
            Self::Gazetteer { .. } => 5,
            Self::Title => 4,
            Self::OrgHead | Self::Facility | Self::Location => 3,
            Self::GivenName | Self::Admin | Self::PlaceOf => 2,
            Self::Propagation | Self::Capitalised => 1,
        }
    }
}

/// A proposed mention: pieces `start..end` of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    /// First piece (index into the sentence's pieces).
    pub(crate) start: usize,
    /// One past the last piece.
    pub(crate) end: usize,
    /// End of the name part (before a facility noun); `end` otherwise.
    pub(crate) name_end: usize,
    /// Entity type.
    pub(crate) entity_type: EntityType,
    /// How it was found.
    pub(crate) method: Method,
}

impl Candidate {
    /// A candidate whose name part is the whole span.
    pub(crate) fn new(start: usize, end: usize, entity_type: EntityType, method: Method) -> Self {
        Self {
            start,
            end,
            name_end: end,
            entity_type,
            method,
        }
    }
}

/// Where mentions come from (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSource {
    /// Knowledge base and pattern rules only (the finder before the tagger).
    Rules,
    /// The trained tagger only (one type per name per article).
    Tagger,
    /// The tagger with knowledge-base matches and rule bounds, names found
    /// again, one type per name per article (the default).
    Combined,
}

/// Finds entity mentions; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct MentionFinder {
    source: MentionSource,
    tagger: &'static Tagger,
}

impl Default for MentionFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl MentionFinder {
    /// The default finder: the committed tagger combined with the built-in
    /// knowledge base and rules.
    #[must_use]
    pub fn new() -> Self {
        Self::with(MentionSource::Combined, Tagger::builtin())
    }

    /// The rule-based finder alone.
    #[must_use]
    pub fn rules() -> Self {
        Self::with(MentionSource::Rules, Tagger::builtin())
    }

    /// A finder using `source`, with `tagger` for the tagger parts.
    #[must_use]
    pub fn with(source: MentionSource, tagger: &'static Tagger) -> Self {
        Self { source, tagger }
    }
}

impl Component for MentionFinder {
    fn name(&self) -> &'static str {
        match self.source {
            MentionSource::Rules => RULES_SOURCE,
            MentionSource::Tagger | MentionSource::Combined => TAGGER_SOURCE,
        }
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Sentences, Layer::Tokens]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn annotate(&self, doc: &mut Doc) {
        let found = match self.source {
            MentionSource::Rules => rule_mentions(doc),
            MentionSource::Tagger => {
                let mut tagged = tagger_mentions(doc, self.tagger);
                combine::one_type_per_name(&doc.normalised, &mut tagged, KnowledgeBase::builtin());
                tagged
            }
            MentionSource::Combined => {
                let tagged = tagger_mentions(doc, self.tagger);
                let listed = rule_mentions(doc);
                let mut merged: Vec<Vec<Found>> = tagged
                    .iter()
                    .zip(&listed)
                    .map(|(t, g)| combine::combine(&doc.normalised, t, g))
                    .collect();
                combine::propagate(doc, &mut merged);
                combine::one_type_per_name(&doc.normalised, &mut merged, KnowledgeBase::builtin());
                merged
            }
        };
        let source = self.name();
        let entities = found
            .into_iter()
            .enumerate()
            .flat_map(|(sentence_idx, sentence)| {
                sentence.into_iter().map(move |m| EntitySpan {
                    span: m.span,
                    sentence_idx,
                    entity_type: m.entity_type,
                    score: m.confidence,
                    source,
                    method: m.method,
                })
            })
            .collect();
        doc.set_entities(entities);
    }
}

/// Name of the rule finder, the `source` of its entity spans.
const RULES_SOURCE: &str = "mention_rules";
/// Name of the tagger-based finder, the `source` of its entity spans.
const TAGGER_SOURCE: &str = "entity_tagger";

/// The tagger's names, per sentence, in text order. Each thread keeps one
/// [`Scratch`], whose word-type cache outlives the article.
fn tagger_mentions(doc: &Doc, tagger: &Tagger) -> Vec<Vec<Found>> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
    }
    let words = doc.sentence_words();
    let spans = SCRATCH.with(|scratch| tagger.tag_document(&words, &mut scratch.borrow_mut()));
    spans
        .into_iter()
        .enumerate()
        .map(|(idx, spans)| {
            let tokens = doc.sentence_tokens(idx);
            spans
                .iter()
                .map(|s| Found {
                    span: ByteSpan::new(tokens[s.start].span.start, tokens[s.end - 1].span.end),
                    entity_type: s.entity_type,
                    method: "tagger",
                    confidence: combine::TAGGER,
                })
                .collect()
        })
        .collect()
}

/// The knowledge-base and rule mentions, per sentence.
fn rule_mentions(doc: &Doc) -> Vec<Vec<Found>> {
    let gazetteer = Gazetteer::builtin();
    let text = doc.normalised.as_str();
    let (pieces, sentences) = split_sentences(doc);

    let mut accepted: Vec<Vec<Candidate>> = Vec::with_capacity(sentences.len());
    let mut candidates = Vec::new();
    let mut key = String::new();
    let mut capitals = Vec::new();
    for (range, sentence_info) in sentences.iter().zip(&doc.sentences) {
        let sentence = &pieces[range.clone()];
        let style = Style::of(text, sentence, sentence_info.paragraph_idx == 0);
        candidates.clear();
        let mut i = 0;
        while i < sentence.len() {
            if let Some(hit) = gazetteer.longest_at(
                text,
                sentence,
                i,
                style == Style::AllCaps,
                &mut key,
                &mut capitals,
            ) {
                candidates.push(Candidate::new(
                    hit.start,
                    hit.end,
                    hit.entity_type,
                    Method::Gazetteer {
                        ambiguous: hit.ambiguous_type,
                    },
                ));
            }
            i += 1;
        }
        if style == Style::Prose {
            Rules::new(text, sentence, gazetteer).find(&mut candidates);
        }
        accepted.push(resolve(text, sentence, &mut candidates));
    }

    propagate(text, &pieces, &sentences, gazetteer, &mut accepted);

    sentences
        .iter()
        .zip(&accepted)
        .map(|(range, found)| {
            let sentence = &pieces[range.clone()];
            found
                .iter()
                .map(|c| Found {
                    span: ByteSpan::new(sentence[c.start].start, sentence[c.end - 1].end),
                    entity_type: c.entity_type,
                    method: c.method.name(),
                    confidence: c.method.confidence(),
                })
                .collect()
        })
        .collect()
}

/// Splits every sentence into pieces: one vector for the document, with the
/// range of each sentence.
///
/// Pieces are cut from the sentence text rather than token by token: they are
/// finer than the normaliser's tokens (every token boundary is a piece
/// boundary), and deciding whether `-` joins two words or `'s` is a
/// possessive needs the characters on both sides, which a token-by-token cut
/// would not see when the tokenizer splits `al` `-` `Sudani`.
fn split_sentences(doc: &Doc) -> (Vec<Piece>, Vec<Range<usize>>) {
    let text = doc.normalised.as_str();
    let mut pieces = Vec::with_capacity(doc.tokens.len() + doc.tokens.len() / 4 + 8);
    let mut sentences = Vec::with_capacity(doc.sentences.len());
    let mut splitter = Splitter::default();
    for sentence in &doc.sentences {
        let first = pieces.len();
        splitter.split(text, sentence.span, &mut pieces);
        sentences.push(first..pieces.len());
    }
    (pieces, sentences)
}

/// How a sentence uses capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Ordinary prose: capitals mark names.
    Prose,
    /// A headline in title case: most longer words capitalised.
    TitleCase,
    /// A heading in capitals: no lower-case letter at all.
    AllCaps,
}

impl Style {
    /// The style of a sentence; `headline` for the article's first paragraph,
    /// where even a short line in capitals is title case.
    fn of(text: &str, pieces: &[Piece], headline: bool) -> Self {
        let mut words = 0usize;
        let mut long = 0usize;
        let mut long_capitalised = 0usize;
        let mut any_lowercase = false;
        for piece in pieces.iter().filter(|p| p.kind == PieceKind::Word) {
            let word = piece.text(text);
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            words += 1;
            any_lowercase |= word.chars().any(char::is_lowercase);
            if word.chars().count() >= 4 {
                long += 1;
                if piece.is_capitalised(text) {
                    long_capitalised += 1;
                }
            }
        }
        if words > 0 && !any_lowercase {
            Self::AllCaps
        } else if long >= if headline { 2 } else { 4 } && long_capitalised * 4 >= long * 3 {
            Self::TitleCase
        } else {
            Self::Prose
        }
    }
}

/// Keeps non-overlapping candidates, longest first (in bytes), then by
/// method precedence, then leftmost; returns them in text order.
fn resolve(text: &str, pieces: &[Piece], candidates: &mut [Candidate]) -> Vec<Candidate> {
    let _ = text;
    let length = |c: &Candidate| pieces[c.end - 1].end - pieces[c.start].start;
    candidates.sort_by(|a, b| {
        length(b)
            .cmp(&length(a))
            .then(b.method.priority().cmp(&a.method.priority()))
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for candidate in candidates.iter() {
        if kept
            .iter()
            .all(|k| candidate.end <= k.start || k.end <= candidate.start)
        {
            kept.push(*candidate);
        }
    }
    kept.sort_by_key(|c| (c.start, c.end));
    kept
}

/// A name to look for again: the texts of its pieces, and its type.
type Echo<'a> = (Vec<&'a str>, EntityType);

/// Adds later bare mentions of names found in full (surnames of people,
/// facility names found with their noun) that do not overlap kept mentions.
fn propagate(
    text: &str,
    pieces: &[Piece],
    sentences: &[Range<usize>],
    gazetteer: &Gazetteer,
    accepted: &mut [Vec<Candidate>],
) {
    let mut key = String::new();
    let mut echoes: Vec<Echo<'_>> = Vec::new();
    for (range, found) in sentences.iter().zip(accepted.iter()) {
        let sentence = &pieces[range.clone()];
        for candidate in found {
            let span = &sentence[candidate.start..candidate.name_end];
            match (candidate.entity_type, candidate.method) {
                (EntityType::Person, _) => {
                    let words = span.iter().filter(|p| p.kind == PieceKind::Word).count();
                    if words < 2 {
                        continue;
                    }
                    // The surname, with a hyphenated particle if written so.
                    let last = candidate.name_end - 1;
                    let mut first = last;
                    if last >= candidate.start + 2
                        && sentence[last - 1].kind == PieceKind::Hyphen
                        && sentence[last - 2].is_lowercase_word(text)
                    {
                        first = last - 2;
                    }
                    let surname = &sentence[last];
                    let surname_text = surname.text(text);
                    if surname_text.chars().count() < 3 || !surname.is_capitalised(text) {
                        continue;
                    }
                    let known = gazetteer.type_of_span(text, sentence, last, last + 1, &mut key);
                    if known.is_some_and(|t| t != EntityType::Person) {
                        continue;
                    }
                    echoes.push((vec![surname_text], EntityType::Person));
                    if first < last {
                        let parts = sentence[first..=last]
                            .iter()
                            .map(|p| p.text(text))
                            .collect();
                        echoes.push((parts, EntityType::Person));
                    }
                }
                (EntityType::Facility, Method::Facility) if candidate.name_end < candidate.end => {
                    let known = gazetteer.type_of_span(
                        text,
                        sentence,
                        candidate.start,
                        candidate.name_end,
                        &mut key,
                    );
                    if known.is_none() {
                        let parts = span.iter().map(|p| p.text(text)).collect();
                        echoes.push((parts, EntityType::Facility));
                    }
                }
                _ => {}
            }
        }
    }
    if echoes.is_empty() {
        return;
    }
    echoes.sort();
    echoes.dedup();
    // Longer echoes first, so `al-Sayegh` wins over `Sayegh`.
    echoes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    // The echoes by first piece, in the order above, so each piece is
    // compared only with the echoes that can start on it.
    let mut by_first: sitrep_core::FastMap<&str, Vec<usize>> = sitrep_core::FastMap::default();
    for (k, (parts, _)) in echoes.iter().enumerate() {
        if let Some(first) = parts.first() {
            by_first.entry(first).or_default().push(k);
        }
    }
    for (range, found) in sentences.iter().zip(accepted.iter_mut()) {
        let sentence = &pieces[range.clone()];
        let mut added = false;
        let mut i = 0;
        while i < sentence.len() {
            let candidates = by_first.get(sentence[i].text(text));
            let hit = candidates
                .into_iter()
                .flatten()
                .map(|&k| &echoes[k])
                .find(|(parts, _)| {
                    i + parts.len() <= sentence.len()
                        && parts
                            .iter()
                            .zip(&sentence[i..])
                            .all(|(part, piece)| piece.text(text) == *part)
                });
            let Some((parts, entity_type)) = hit else {
                i += 1;
                continue;
            };
            let end = i + parts.len();
            let glued = sentence
                .get(end)
                .is_some_and(|p| p.kind == PieceKind::Word && !p.space_before)
                || (i > 0 && sentence[i - 1].kind == PieceKind::Word && !sentence[i].space_before);
            // A context guess (`capitalised_rule`) on the same words gives
            // way to the echo.
            let free = |k: &Candidate| end <= k.start || k.end <= i;
            let replaceable =
                |k: &Candidate| k.method == Method::Capitalised && i <= k.start && k.end <= end;
            if !glued && found.iter().all(|k| free(k) || replaceable(k)) {
                found.retain(|k| free(k));
                found.push(Candidate::new(i, end, *entity_type, Method::Propagation));
                added = true;
            }
            i = end;
        }
        if added {
            found.sort_by_key(|c| (c.start, c.end));
        }
    }
}
