//! Quotations and their speakers (the `quotes` table).
//!
//! [`QuoteFinder`] pairs straight double quotes (`"`, to which the normaliser
//! folds typographic marks) within each paragraph by where each mark stands
//! (`pair_marks`: a space before and a word after opens, a word before and a
//! space after closes, a mark between letters is none); a quote may span
//! sentences, and an unclosed final mark runs to the paragraph end, or to
//! the next opening mark after its sentence ends (the multi-paragraph
//! quotation convention). `start`/`end` cover the words
//! inside the marks, without the comma that precedes an attribution.
//!
//! The speaker comes from the first attribution pattern that fits:
//!
//! 1. right after the quote, subject then cue: `"…," he told Asharq
//!    Al-Awsat.`, `"…," Soaid said.`, `"…," the official said.`;
//! 2. right after the quote, cue then subject: `"…," noted Soaid.`,
//!    `"…," said Lebanese political observers.`, `"…," according to the
//!    Pentagon.`;
//! 3. before the quote in the same sentence, the last cue and its subject:
//!    `Sayegh said the West "has granted Iran cover …"`, `Soaid stressed that
//!    the leadership was trying to "survive this war …"`;
//! 4. continuation: a quote with no cue of its own after an attributed quote
//!    in the same paragraph takes that quote's speaker (`cue` null).
//!
//! Cues are speech verbs as written (`said`, `told`, `noted`, `stated`,
//! `added`, `explained`, `remarked`, `urged`, `warned`, `stressed`,
//! `lamented`, …, `according to`). Quotes these patterns leave without a
//! speaker get a second look (`speakers`: a cue right before the mark, a cue
//! ending the previous paragraph, a continuation paragraph, the speaker of
//! reported speech before it), then a last one from the dependency tree
//! of their sentence (`tree_speakers`: the subject of the speech verb
//! governing the quote). Speech reported
//! without quotation marks (`he said that …`) is found by `indirect` and
//! written with `method = indirect_speech` (direct quotes: `quote_patterns`).
//!
//! **Scare quotes** are not emitted: a quote of three words or fewer counts
//! only when a cue sits right next to it (patterns 1–2, or `said: "No."`), so
//! the `"Islamic Resistance"` name, `"great pressure"` and `"tactical
//! retreat"` give no rows.
//!
//! **Speaker mentions.** A named speaker links to the mention (from the
//! `entities` layer) overlapping its span. For `he`/`she` the rule is the
//! *current speaker*: the last person named as the subject or object of a
//! speech cue (`Fares Soaid lamented that …`, `noted Soaid`, `Sayegh said`),
//! inside or outside quotes, if named within the last three paragraphs (each
//! pronoun quote renews that window); otherwise the last `PERSON` mention
//! before the quote. A name counts as a person when a `PERSON` mention covers
//! it, or, with no mention at all, when it looks like one (capitalised, not
//! `The …`, not a single plural word). `they`/`we` get no mention.
//!
//! Known misses: quotes in single quotation marks, cues separated from
//! their subject by an appositive (`Soaid, a former MP, said`), speakers
//! named only by a description (`the official`) get text but no mention, and
//! nested quotes inside quotes.

mod indirect;
mod speakers;
mod tree_speakers;

/// The `method` of quotes reported without quotation marks (`direct` false).
pub(crate) const INDIRECT_METHOD: &str = indirect::METHOD;

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::component::{Component, Layer};
use sitrep_core::layers::{QuoteAnnotation, Speaker};
use sitrep_core::{ByteSpan, Doc, EntityType};

use crate::lexicons;

/// Finds quotations and attributes them; reads the `entities` layer, writes
/// the `quotes` layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuoteFinder;

impl QuoteFinder {
    /// A finder with the built-in attribution patterns.
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}

/// Speech cues as a regex alternation, from `data/lexicons/speech_verbs.tsv`.
static CUES: LazyLock<String> = LazyLock::new(lexicons::quote_cue_alternation);

/// A capitalised name of up to six words, with Arabic-style particles
/// (`al-Sudani`, [`NAME_PARTICLES`]) and particles between its words
/// (`Osama bin Laden`, [`NAME_INFIXES`]).
static NAME: LazyLock<String> = LazyLock::new(|| {
    let particles = NAME_PARTICLES.join("|");
    format!(
        r"(?:\p{{Lu}}[\p{{L}}\p{{M}}'.-]*|(?:{particles})-\p{{Lu}}[\p{{L}}\p{{M}}'-]*)(?:[^\S\n]+(?:\p{{Lu}}[\p{{L}}\p{{M}}'.-]*|(?:{particles})-\p{{Lu}}[\p{{L}}\p{{M}}'-]*|{infixes})){{0,5}}",
        infixes = NAME_INFIXES.join("|")
    )
});

const PRONOUNS: &str = "he|she|they|we|He|She|They|We";

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in quote pattern compiles")
}

/// `"…," he said` / `"…," Soaid said` / `"…," the official said`.
static AFTER_SUBJECT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^[\s,]*(?P<speaker>(?:{PRONOUNS})\b|(?:the|The|a|A|an|An)[^\S\n]+[a-z][\w-]*(?:[^\S\n]+[a-z][\w-]*){{0,2}}|(?:\p{{Lu}}[\w'-]*[^\S\n]+)?(?:[a-z][\w-]*[^\S\n]+){{1,3}}{NAME}|{NAME})[^\S\n]+(?P<cue>{CUES})\b",
        CUES = CUES.as_str(),
        NAME = NAME.as_str()
    ))
});

/// `"…" - Matthew Ingram` closing a paragraph: a signature after a dash.
static DASH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^[^\S\n]*[-\u{{2013}}\u{{2014}}][^\S\n]*(?P<speaker>{NAME})[^\S\n]*(?:\n|$)",
        NAME = NAME.as_str()
    ))
});

/// `"…," noted Soaid.` / `"…," said Lebanese political observers.`
static AFTER_CUE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r#"^[\s,]*(?P<cue>{CUES})[^\S\n]+(?P<speaker>(?:he|she|the |a |an |\p{{Lu}}|(?:al|el)-)[^.,;:!?"\n]{{0,80}}?)[^\S\n]*(?:[.,;:!?"]|$)"#,
        CUES = CUES.as_str()
    ))
});

/// A cue between word boundaries, as a pattern: the one [`cue_matches`]
/// matches by hand.
#[cfg(test)]
static CUE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\b(?P<cue>{CUES})\b", CUES = CUES.as_str())));

/// The cues of `CUES`, matched by hand.
static CUE_WORDS: LazyLock<WordAlternation> = LazyLock::new(|| WordAlternation::new(&CUES));

/// An alternation of words and phrases between word boundaries, the
/// pattern `\b(?:A|B|…)\b` matched by hand (word characters as the regex
/// crate's Unicode `\w`): the same matches without a regex search.
pub(super) struct WordAlternation {
    /// The alternatives by their first byte, each list in alternation order.
    by_first_byte: Vec<Vec<&'static str>>,
}

impl WordAlternation {
    /// The alternation `A|B|…` of plain words and phrases (no pattern
    /// syntax); each must start and end with an ASCII letter (so `\b`
    /// around it means no word character next to it).
    ///
    /// # Panics
    ///
    /// When an alternative does not start and end with an ASCII letter.
    pub(super) fn new(alternation: &'static str) -> Self {
        let mut by_first_byte = vec![Vec::new(); 256];
        for word in alternation.split('|') {
            let bytes = word.as_bytes();
            assert!(
                bytes.first().is_some_and(u8::is_ascii_alphabetic)
                    && bytes.last().is_some_and(u8::is_ascii_alphabetic),
                "`{word}` must start and end with an ASCII letter"
            );
            by_first_byte[usize::from(bytes[0])].push(word);
        }
        Self { by_first_byte }
    }

    /// Whether some alternative stands between word boundaries in `text`.
    pub(super) fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }

    /// The matches in `text`, left to right and not overlapping, the first
    /// alternative where several start at one place (as the pattern's).
    pub(super) fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = WordMatch<'t>> {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                let start = at;
                at += 1;
                // Every alternative starts with an ASCII letter, so `start`
                // is then a char boundary.
                let words = &self.by_first_byte[usize::from(bytes[start])];
                if words.is_empty() || text[..start].chars().next_back().is_some_and(is_word_char) {
                    continue;
                }
                let found = words.iter().find(|word| {
                    bytes[start..].starts_with(word.as_bytes())
                        && !text[start + word.len()..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char)
                });
                if let Some(word) = found {
                    at = start + word.len();
                    return Some(WordMatch {
                        start,
                        end: at,
                        text: &text[start..at],
                    });
                }
            }
            None
        })
    }
}

/// One match of a [`WordAlternation`]: its byte range and its words as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WordMatch<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> WordMatch<'t> {
    /// Byte offset of the match.
    pub(super) fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the match.
    pub(super) fn end(&self) -> usize {
        self.end
    }

    /// The matched words.
    pub(super) fn as_str(&self) -> &'t str {
        self.text
    }
}

/// The cues of `text` (see [`WordAlternation::find_iter`]).
fn cue_matches(text: &str) -> impl Iterator<Item = WordMatch<'_>> {
    CUE_WORDS.find_iter(text)
}

/// A name or pronoun ending right before a cue, as a pattern: the one
/// [`subject_before`] matches by hand (a reverse search with this pattern
/// built lazy-DFA states on most calls, about 5 % of a run's instructions).
#[cfg(test)]
static SUBJECT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?P<speaker>\b(?:{PRONOUNS})|{NAME})[^\S\n]*$",
        NAME = NAME.as_str()
    ))
});

/// Particles that open an Arabic-style name word (`al-Sudani`): the
/// `speaker_hyphen` rows of `data/lexicons/mentions/name_particles.tsv`.
static NAME_PARTICLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(crate::lexicons::speaker_hyphen_particles);

/// Words that may follow the first word of a name (`Osama bin Laden`): the
/// `speaker_infix` rows of `data/lexicons/mentions/name_particles.tsv`.
static NAME_INFIXES: LazyLock<Vec<&'static str>> = LazyLock::new(crate::lexicons::speaker_infixes);

/// Single-character classes of the `NAME` pattern, exact for any character
/// (ASCII by hand, the rest through the regex crate's Unicode tables).
fn is_upper(c: char) -> bool {
    static UPPER: LazyLock<Regex> = LazyLock::new(|| compile(r"^\p{Lu}$"));
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        UPPER.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

fn is_letter_or_mark(c: char) -> bool {
    static LETTER: LazyLock<Regex> = LazyLock::new(|| compile(r"^[\p{L}\p{M}]$"));
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        LETTER.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

fn is_word_char(c: char) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| compile(r"^\w$"));
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        WORD.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

/// Start of the longest suffix of `segment` (no whitespace) that is one
/// name word: a capital and then letters, marks, `'`, `.` or `-`
/// (`Soaid`, `U.S.`), or a particle, a hyphen and such a word without dots
/// (`al-Sudani`).
fn name_word_start(segment: &str) -> Option<usize> {
    let run_start = |extra: &[char]| {
        segment
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_letter_or_mark(c) || extra.contains(&c))
            .last()
            .map_or(segment.len(), |(i, _)| i)
    };
    let dotted = run_start(&['\'', '.', '-']);
    let plain = segment[dotted..]
        .char_indices()
        .find(|&(_, c)| is_upper(c))
        .map(|(i, _)| dotted + i);
    let tail = run_start(&['\'', '-']);
    let particle = segment
        .match_indices('-')
        .filter(|&(h, _)| {
            segment[h + 1..]
                .chars()
                .next()
                .is_some_and(|c| is_upper(c) && h + 1 >= tail)
        })
        .filter_map(|(h, _)| {
            NAME_PARTICLES
                .iter()
                .filter(|p| segment[..h].ends_with(*p))
                .map(|p| h - p.len())
                .min()
        })
        .min();
    match (plain, particle) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Byte range of the speaker that ends `text` (spaces, but no line break,
/// may follow): a pronoun, or a name of up to six words (see `NAME`),
/// the longest one that fits, found by walking back word by word.
fn subject_before(text: &str) -> Option<(usize, usize)> {
    let end = text
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\n')
        .len();
    let head = &text[..end];
    let mut best = PRONOUNS
        .split('|')
        .filter_map(|p| head.strip_suffix(p).map(str::len))
        .filter(|&start| !head[..start].chars().next_back().is_some_and(is_word_char))
        .min();
    let mut segment_end = end;
    for _ in 0..6 {
        let segment_start = head[..segment_end]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let segment = &head[segment_start..segment_end];
        if segment.is_empty() {
            break;
        }
        let start = name_word_start(segment);
        if let Some(start) = start {
            best = Some(best.map_or(segment_start + start, |b| b.min(segment_start + start)));
        }
        // An earlier word joins only if this one is a whole name word.
        if start != Some(0) && !NAME_INFIXES.contains(&segment) {
            break;
        }
        let gap = head[..segment_start].trim_end_matches(|c: char| c.is_whitespace());
        if gap.len() == segment_start || head[gap.len()..segment_start].contains('\n') {
            break;
        }
        segment_end = gap.len();
    }
    best.map(|start| (start, end))
}

/// A name right after a cue (`according to the Pentagon`).
static NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^[^\S\n]+(?P<speaker>{NAME})",
        NAME = NAME.as_str()
    ))
});

/// A name that is all of the clause after an inverted cue (`, noted Soaid.`).
static WHOLE_NAME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r#"^[^\S\n]+(?P<speaker>{NAME})[^\S\n]*(?:[.,;:!?"]|$)"#,
        NAME = NAME.as_str()
    ))
});

/// Title and descriptor words stripped from the front of a name.
static TITLES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::cased_word_list(
        "data/lexicons/quotes/titles.tsv",
        include_str!("../../../data/lexicons/quotes/titles.tsv"),
    )
});

/// Capitalised words that open sentences but never name a speaker.
static NOT_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::cased_word_list(
        "data/lexicons/quotes/not_names.tsv",
        include_str!("../../../data/lexicons/quotes/not_names.tsv"),
    )
});

/// Byte span and text of a speaker as written, with its cue.
#[derive(Debug, Clone)]
struct Attribution {
    speaker: Option<ByteSpan>,
    cue: Option<String>,
    /// The cue touches the quote (patterns 1–2, or `said: "…"`).
    adjacent: bool,
}

/// The person quotes by `he`/`she` refer to.
#[derive(Debug, Clone)]
struct CurrentSpeaker {
    /// Last word of the name, to find its mention again.
    surname: String,
    /// Its mention (index into the entities layer).
    mention_id: Option<usize>,
    paragraph: usize,
}

impl Component for QuoteFinder {
    fn name(&self) -> &'static str {
        METHOD
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Sentences, Layer::Entities]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn annotate(&self, doc: &mut Doc) {
        if crate::benched_without("quotes") {
            doc.set_quotes(Vec::new());
            return;
        }
        let mentions: Vec<Named<'_>> = doc
            .entities()
            .iter()
            .enumerate()
            .map(|(index, entity)| {
                let (start, end) = doc.char_span(entity.span);
                Named {
                    index,
                    start,
                    end,
                    person: entity.entity_type == EntityType::Person,
                    text: doc.original_text(entity.span),
                }
            })
            .collect();
        let mut state = State {
            doc,
            mentions: &mentions,
            current: None,
            rows: Vec::new(),
        };
        let whole = [ByteSpan::new(0, doc.normalised.len())];
        let paragraphs = if doc.paragraphs.is_empty() {
            &whole[..]
        } else {
            &doc.paragraphs[..]
        };
        for (paragraph_idx, &paragraph) in paragraphs.iter().enumerate() {
            state.paragraph(paragraph_idx, paragraph);
        }
        let mut quotes = state.rows;
        speakers::fill(doc, &mut quotes);
        let indirect = indirect::find(doc, &quotes);
        speakers::continue_reported(doc, &mut quotes, &indirect);
        tree_speakers::fill(doc, &mut quotes);
        // A quoted fragment of three words or fewer inside reported speech
        // (`admitted that the motive was to "protect Israel"`) is part of it.
        quotes.retain(|q| {
            doc.text(q.span).split_whitespace().count() > 3
                || !indirect
                    .iter()
                    .any(|r| r.span.start <= q.span.start && q.span.end <= r.span.end)
        });
        quotes.extend(indirect);
        doc.set_quotes(quotes);
    }
}

/// Name of the component, and the `method` of its quotes.
const METHOD: &str = "quote_patterns";

/// A mention of the entities layer as the attribution rules compare it:
/// character offsets into the article text, so that spans found in the
/// normalised text meet mentions at the same characters.
struct Named<'a> {
    /// Index in the entities layer.
    index: usize,
    start: i64,
    end: i64,
    person: bool,
    /// Original text of the mention.
    text: &'a str,
}

struct State<'a> {
    doc: &'a Doc,
    mentions: &'a [Named<'a>],
    current: Option<CurrentSpeaker>,
    rows: Vec<QuoteAnnotation>,
}

impl State<'_> {
    fn paragraph(&mut self, paragraph_idx: usize, paragraph: ByteSpan) {
        let text = self.doc.text(paragraph);
        let marks: Vec<usize> = text
            .match_indices('"')
            .map(|(i, _)| paragraph.start + i)
            .collect();
        if marks.is_empty() {
            self.register_named_cues(paragraph, paragraph_idx);
            return;
        }
        // (open mark, closing mark or paragraph end)
        let quotes = pair_marks(&self.doc.normalised, &marks, paragraph.end);
        let mut segment_start = paragraph.start;
        let mut previous: Option<QuoteAnnotation> = None;
        for (k, &(open, close)) in quotes.iter().enumerate() {
            self.register_named_cues(ByteSpan::new(segment_start, open), paragraph_idx);
            let after_end = quotes.get(k + 1).map_or(paragraph.end, |q| q.0);
            let after_start = (close + 1).min(after_end);
            let sentence_start = self
                .doc
                .sentence_at(open)
                .map_or(paragraph.start, |i| self.doc.sentences[i].span.start);
            let before = ByteSpan::new(sentence_start.max(paragraph.start).min(open), open);
            segment_start = after_start;

            let Some(inner) = inner_span(self.doc, open + 1, close) else {
                continue;
            };
            let inner_text = self.doc.text(inner);
            if is_title(inner_text) {
                continue;
            }
            let words = inner_text.split_whitespace().count();
            let ends_sentence = inner_text.ends_with(['.', '!', '?']);
            let attribution = self
                .after(ByteSpan::new(after_start, after_end), ends_sentence)
                .or_else(|| self.before(before, &quotes[..k]));
            let row = match attribution {
                Some(attribution) if words > 3 || attribution.adjacent => {
                    Some(self.row(inner, &attribution, paragraph_idx))
                }
                None if words > 3 => {
                    let unattributed = Attribution {
                        speaker: None,
                        cue: None,
                        adjacent: false,
                    };
                    let row = self.row(inner, &unattributed, paragraph_idx);
                    Some(match &previous {
                        Some(earlier) => row.with_speaker_of(earlier),
                        None => row,
                    })
                }
                _ => None,
            };
            if let Some(row) = row {
                previous = Some(row.clone());
                self.rows.push(row);
            }
        }
        self.register_named_cues(ByteSpan::new(segment_start, paragraph.end), paragraph_idx);
    }

    /// Patterns 1 and 2: an attribution right after the closing mark.
    /// After a quote that ends its sentence (`"… unscathed." Smith said the
    /// West …`), a capitalised subject starts a new sentence, so pattern 1
    /// then needs the cue to end the clause (`"…." Smith said.`).
    fn after(&self, span: ByteSpan, quote_ends_sentence: bool) -> Option<Attribution> {
        let text = self.doc.text(span);
        let subject_cue = AFTER_SUBJECT_CUE.captures(text).filter(|caps| {
            let speaker = &caps["speaker"];
            let rest = text[caps.get(0).expect("match").end()..].trim_start();
            !quote_ends_sentence
                || is_pronoun(speaker)
                || rest.is_empty()
                || rest.starts_with(['.', ',', ';'])
        });
        if let Some(caps) = subject_cue {
            let speaker = caps.name("speaker").expect("speaker group");
            // `a spokesman for Prime Minister Netanyahu said`: the spokesman.
            let end = speaker
                .as_str()
                .split(' ')
                .scan(0, |at, word| {
                    let start = *at;
                    *at += word.len() + 1;
                    Some((start, word))
                })
                .find(|(_, word)| PREPOSITIONS.contains(word))
                .map_or(speaker.end(), |(at, _)| speaker.start() + at);
            let whole = ByteSpan::new(span.start + speaker.start(), span.start + end);
            let whole = trim_span(self.doc, whole);
            return Some(Attribution {
                speaker: Some(if end < speaker.end() {
                    whole
                } else {
                    self.trim_name(whole)
                }),
                cue: Some(caps["cue"].to_owned()),
                adjacent: true,
            });
        }
        if let Some(caps) = DASH_NAME.captures(text) {
            let speaker = caps.name("speaker").expect("speaker group");
            return Some(Attribution {
                speaker: Some(self.trim_name(ByteSpan::new(
                    span.start + speaker.start(),
                    span.start + speaker.end(),
                ))),
                cue: None,
                adjacent: true,
            });
        }
        let caps = AFTER_CUE_SUBJECT.captures(text)?;
        let speaker = caps.name("speaker").expect("speaker group");
        let speaker_text = speaker.as_str();
        // At most eight words of a long description.
        let cut = speaker_text
            .split_whitespace()
            .take(8)
            .last()
            .and_then(|last| speaker_text.find(last).map(|i| i + last.len()))
            .unwrap_or(speaker_text.len());
        let start = span.start + speaker.start();
        Some(Attribution {
            speaker: Some(self.trim_name(ByteSpan::new(start, start + cut))),
            cue: Some(caps["cue"].to_owned()),
            adjacent: true,
        })
    }

    /// Pattern 3: the last cue before the quote in its sentence, and its subject.
    /// Cues inside the `earlier` quotes of the paragraph do not count.
    fn before(&self, span: ByteSpan, earlier: &[(usize, usize)]) -> Option<Attribution> {
        let text = self.doc.text(span);
        let cue = cue_matches(text)
            .filter(|m| {
                let at = span.start + m.start();
                !earlier.iter().any(|&(open, close)| open < at && at < close)
            })
            .last()?;
        let adjacent = text[cue.end()..]
            .trim_matches(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .is_empty();
        let speaker = if cue.as_str() == "according to" {
            NAME_AFTER
                .captures(&text[cue.end()..])
                .and_then(|caps| caps.name("speaker"))
                .map(|m| {
                    ByteSpan::new(
                        span.start + cue.end() + m.start(),
                        span.start + cue.end() + m.end(),
                    )
                })
        } else {
            subject_before(&text[..cue.start()])
                .map(|(start, end)| ByteSpan::new(span.start + start, span.start + end))
        };
        Some(Attribution {
            speaker: speaker.map(|s| self.trim_name(s)),
            cue: Some(cue.as_str().to_owned()),
            adjacent,
        })
    }

    /// A speaker span narrowed to the `PERSON` mention inside it, else with
    /// leading titles removed.
    fn trim_name(&self, span: ByteSpan) -> ByteSpan {
        let (start, end) = self.doc.char_span(span);
        if let Some(mention) = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.person && m.start >= start && m.end <= end)
        {
            let offset_start = self.normalised_offset(span, mention.start);
            let offset_end = self.normalised_offset(span, mention.end);
            return ByteSpan::new(offset_start, offset_end);
        }
        let text = self.doc.text(span);
        let mut trimmed = text;
        loop {
            let mut parts = trimmed.splitn(2, char::is_whitespace);
            let first = parts.next().unwrap_or_default();
            match parts.next().map(str::trim_start) {
                // Only while a name follows: `MP Fares Soaid`, not `Lebanese political observers`.
                Some(rest) if TITLES.contains(&first) && rest.starts_with(char::is_uppercase) => {
                    trimmed = rest;
                }
                _ => break,
            }
        }
        let start = span.start + (text.len() - trimmed.len());
        ByteSpan::new(start, span.end)
    }

    /// First normalised byte in `span` at or after character offset `target`.
    fn normalised_offset(&self, span: ByteSpan, target: i64) -> usize {
        let text = self.doc.text(span);
        (span.start..=span.end)
            .filter(|&b| b == span.end || text.is_char_boundary(b - span.start))
            .find(|&b| self.doc.char_span(ByteSpan::new(span.start, b)).1 >= target)
            .unwrap_or(span.end)
    }

    /// Records people named as subject or object of a cue outside quotes.
    fn register_named_cues(&mut self, span: ByteSpan, paragraph_idx: usize) {
        if span.is_empty() {
            return;
        }
        let text = self.doc.text(span);
        for cue in cue_matches(text) {
            let before = subject_before(&text[..cue.start()])
                .map(|(start, end)| ByteSpan::new(span.start + start, span.start + end));
            let inverted = !lexicons::is_listener_cue(cue.as_str()) && {
                let lead = text[..cue.start()].trim_end();
                lead.is_empty() || lead.ends_with(',')
            };
            let after = WHOLE_NAME_AFTER
                .captures(&text[cue.end()..])
                .filter(|_| inverted)
                .and_then(|caps| caps.name("speaker"))
                .map(|m| {
                    ByteSpan::new(
                        span.start + cue.end() + m.start(),
                        span.start + cue.end() + m.end(),
                    )
                });
            for name in [before, after].into_iter().flatten() {
                let name = self.trim_name(name);
                self.register(name, paragraph_idx);
            }
        }
    }

    /// Makes a named speaker the current speaker if it is a person.
    fn register(&mut self, name: ByteSpan, paragraph_idx: usize) {
        let text = self.doc.text(name);
        if is_pronoun(text) {
            return;
        }
        let (start, end) = self.doc.char_span(name);
        let overlapping = self
            .mentions
            .iter()
            .find(|m| m.start < end && start < m.end);
        let mention_id = match overlapping {
            Some(m) if m.person => Some(m.index),
            Some(_) => return,
            None => {
                let words: Vec<&str> = text.split_whitespace().collect();
                let first = words.first().copied().unwrap_or_default();
                let plural_word = words.len() == 1 && first.ends_with('s');
                let acronym = first.len() > 1 && first.chars().all(|c| !c.is_lowercase());
                if words.is_empty()
                    || plural_word
                    || acronym
                    || NOT_NAMES.contains(&first)
                    || !first.starts_with(char::is_uppercase) && !first.contains('-')
                {
                    return;
                }
                None
            }
        };
        self.current = Some(CurrentSpeaker {
            surname: text
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_owned(),
            mention_id,
            paragraph: paragraph_idx,
        });
    }

    fn row(
        &mut self,
        inner: ByteSpan,
        attribution: &Attribution,
        paragraph_idx: usize,
    ) -> QuoteAnnotation {
        let doc = self.doc;
        let mut quote = QuoteAnnotation {
            span: inner,
            sentence_idx: sentence_of(doc, inner.start),
            speaker: None,
            cue: attribution.cue.clone(),
            method: METHOD,
        };
        if let Some(speaker) = attribution.speaker {
            let (speaker_start, speaker_end) = doc.char_span(speaker);
            let speaker_text = doc.text(speaker);
            let mention_id = if is_pronoun(speaker_text) {
                self.resolve_pronoun(speaker_text, doc.char_span(inner).0, paragraph_idx)
            } else {
                let mention = self
                    .mentions
                    .iter()
                    .filter(|m| m.start < speaker_end && speaker_start < m.end)
                    .min_by_key(|m| (!m.person, m.start))
                    .map(|m| m.index);
                self.register(speaker, paragraph_idx);
                mention
            };
            quote.speaker = Some(Speaker {
                span: speaker,
                entity: mention_id,
            });
        }
        quote
    }

    /// The mention `he`/`she` in an attribution refers to (see module docs).
    fn resolve_pronoun(
        &mut self,
        pronoun: &str,
        quote_start: i64,
        paragraph_idx: usize,
    ) -> Option<usize> {
        if !matches!(pronoun, "he" | "she" | "He" | "She") {
            return None;
        }
        let mentions = self.mentions;
        let earlier_people = || {
            mentions
                .iter()
                .filter(move |m| m.person && m.end <= quote_start)
        };
        let recent = self
            .current
            .as_mut()
            .filter(|current| paragraph_idx <= current.paragraph + 3);
        if let Some(current) = recent {
            current.paragraph = paragraph_idx;
            let surname = current.surname.clone();
            let known = current.mention_id;
            return known.or_else(|| {
                earlier_people()
                    .rfind(|m| m.text.split_whitespace().last() == Some(surname.as_str()))
                    .map(|m| m.index)
            });
        }
        let last = earlier_people().next_back()?;
        self.current = Some(CurrentSpeaker {
            surname: last
                .text
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_owned(),
            mention_id: Some(last.index),
            paragraph: paragraph_idx,
        });
        Some(last.index)
    }
}

trait WithSpeaker {
    fn with_speaker_of(self, earlier: &QuoteAnnotation) -> Self;
}

impl WithSpeaker for QuoteAnnotation {
    fn with_speaker_of(self, earlier: &QuoteAnnotation) -> Self {
        QuoteAnnotation {
            speaker: earlier.speaker.clone(),
            ..self
        }
    }
}

/// Lower-case words that end a speaker's head phrase (`a spokesman for …`).
const PREPOSITIONS: &[&str] = &["for", "of", "to", "with", "from", "at", "in", "on", "by"];

/// Small words a title in quotation marks may leave lower case.
static TITLE_SMALL_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quotes/title_small_words.tsv",
        include_str!("../../../data/lexicons/quotes/title_small_words.tsv"),
    )
});

/// Whether quoted words are a title or name rather than a statement: two
/// to eight words, no sentence punctuation, every word capitalised (or a
/// digit, or a small word): `"Better Idea of Afghan Girls"`, `"The Internet
/// Explorer 6 Countdown"`.
fn is_title(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=8).contains(&words.len())
        && !text.contains(['.', '!', '?', ';', ':', ','])
        && words[0].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || TITLE_SMALL_WORDS.contains(w)
        })
}

/// `span` without surrounding whitespace.
fn trim_span(doc: &Doc, span: ByteSpan) -> ByteSpan {
    let text = doc.text(span);
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.start + text.trim_end().len();
    ByteSpan::new(start.min(end), end)
}

fn is_pronoun(text: &str) -> bool {
    matches!(
        text,
        "he" | "she" | "they" | "we" | "He" | "She" | "They" | "We"
    )
}

/// The words between the marks: whitespace trimmed, and the comma before
/// an attribution dropped.
/// Pairs a paragraph's quotation marks (byte offsets in `text`) into
/// (opening mark, closing mark or `end`) by where each stands, as a reader
/// does, not by counting: a mark between two letters or digits is no
/// quotation mark (`the world"s largest`); a mark with a space before it and
/// a word after opens, one with a word before it and a space or punctuation
/// after closes, and any other mark opens or closes as the pairing needs.
/// A mark that can only close, with no quote open, is left out (the end of
/// a quote opened in an earlier paragraph); a mark that can only open, after
/// an open quote's sentence has ended, closes that quote there and opens the
/// next (a quote whose closing mark was left out, the multi-paragraph
/// convention inside one scraped paragraph: `… every chance. "Hopefully, …`).
fn pair_marks(text: &str, marks: &[usize], end: usize) -> Vec<(usize, usize)> {
    let mut quotes = Vec::new();
    let mut open: Option<usize> = None;
    for &mark in marks {
        let before = text[..mark].chars().next_back();
        let after = text[mark + 1..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if word(before) && word(after) {
            continue;
        }
        let space_before = before.is_none_or(char::is_whitespace);
        let space_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]".contains(c));
        let only_opens = space_before && !space_after;
        let only_closes = !space_before && space_after;
        match open {
            None if only_closes => {}
            None => open = Some(mark),
            Some(start)
                if only_opens && text[start + 1..mark].trim_end().ends_with(['.', '!', '?']) =>
            {
                quotes.push((start, mark));
                open = Some(mark);
            }
            Some(start) => {
                quotes.push((start, mark));
                open = None;
            }
        }
    }
    if let Some(start) = open {
        quotes.push((start, end));
    }
    quotes
}

fn inner_span(doc: &Doc, start: usize, end: usize) -> Option<ByteSpan> {
    if start >= end {
        return None;
    }
    let text = &doc.normalised[start..end];
    let trimmed_start = text.trim_start();
    let lead = text.len() - trimmed_start.len();
    let trimmed = trimmed_start.trim_end().trim_end_matches(',').trim_end();
    (!trimmed.is_empty()).then(|| ByteSpan::new(start + lead, start + lead + trimmed.len()))
}

fn sentence_of(doc: &Doc, byte: usize) -> usize {
    doc.sentence_at(byte).unwrap_or_else(|| {
        doc.sentences
            .partition_point(|s| s.span.start <= byte)
            .saturating_sub(1)
    })
}

#[cfg(test)]
mod tests;
