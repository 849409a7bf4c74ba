//! sitrep syntax: Universal Dependencies part-of-speech tags (UPOS and the
//! English XPOS), lemmas and labelled dependency trees for English.
//!
//! The core API works on one sentence's word strings, already split into UD
//! tokens (`do` + `n't`, `Iran` + `'s`, `Iran` + `-` + `backed`):
//! [`SyntaxModel::analyse`] returns, per word, its tags, lemma, head and
//! relation. Three trained parts make one [`SyntaxModel`]:
//!
//! - a greedy averaged-perceptron tagger (`tagger`), one decision per word
//!   for the (UPOS, XPOS) pair;
//! - a lemmatiser of exceptions plus learned suffix edit scripts (`lemma`);
//! - a greedy arc-hybrid dependency parser with a dynamic oracle (`parser`).
//!
//! Models are trained from UD English-EWT and the Brown word clusters of
//! `data/lexicons/word_clusters.tsv` by [`train::train`] and stored in one
//! little-endian file that holds the cluster table too (`clusters`), so the
//! model is self-contained; [`SyntaxModel::builtin`] loads the committed
//! model once per process and shares it between threads.
//!
//! ```
//! let model = sitrep_syntax::SyntaxModel::builtin();
//! let words = model.analyse(&["Militias", "attacked", "the", "base", "."]);
//! assert_eq!(words[1].upos, "VERB");
//! assert_eq!((words[0].head, words[0].deprel), (2, "nsubj"));
//! assert_eq!(words[1].deprel, "root");
//! assert_eq!(words[0].lemma, "militia");
//! ```

pub mod bench;
mod bytes;
pub mod clusters;
mod component;
pub mod conllu;
pub mod eval;
mod hash;
mod lemma;
mod parser;
mod perceptron;
pub mod raw;
mod tagger;
pub mod train;
mod words;

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;
use std::sync::LazyLock;

use sitrep_core::EntityType;

pub use crate::component::{SyntaxAnnotator, sentence_dateline, sentence_syntax, token_rows};

use crate::bytes::{Reader, Writer};
use crate::clusters::Clusters;
use crate::lemma::Lemmatiser;
use crate::parser::{ParseScratch, Parser};
use crate::tagger::{TagScratch, Tagger};
use crate::words::WordKeys;

/// The committed model, relative to the repository root.
pub const MODEL_PATH: &str = "data/models/syntax/en_ewt.bin";

const MAGIC: &[u8] = b"sitrep-syntax-5\n";

static BUILTIN_BYTES: &[u8] = include_bytes!("../../../data/models/syntax/en_ewt.bin");

static BUILTIN: LazyLock<SyntaxModel> = LazyLock::new(|| {
    SyntaxModel::from_bytes(BUILTIN_BYTES).expect("the committed syntax model is valid")
});

/// A model file problem.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("cannot read syntax model {path}: {source}")]
    Io {
        /// The model path.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The bytes are not a valid model.
    #[error(
        "syntax model is damaged or from another version: {0}; rebuild it with `sitrep train syntax`"
    )]
    Corrupt(String),
}

/// Tagger, lemmatiser and parser trained together.
#[derive(Debug, Clone)]
pub struct SyntaxModel {
    clusters: Clusters,
    tagger: Tagger,
    lemmatiser: Lemmatiser,
    parser: Parser,
}

/// The analysis of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordSyntax<'a> {
    /// Universal part of speech (`NOUN`, `VERB`, …).
    pub upos: &'a str,
    /// English Penn-style part of speech (`NNS`, `VBD`, …).
    pub xpos: &'a str,
    /// Lemma (`attacked` → `attack`).
    pub lemma: Cow<'a, str>,
    /// 1-based index of the head word in the sentence, 0 for the root.
    pub head: usize,
    /// UD relation to the head, with subtype (`nsubj`, `obl:tmod`, `root`).
    pub deprel: &'a str,
}

/// A name that the entity layer found in a sentence (`Mir Hossein
/// Mousavi`, `South Africa`; a one-word name matters only after a title:
/// `Minister Mohib`), given to
/// [`SyntaxModel::analyse_named`] so that the parse keeps it whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    /// First word (0-based index in the sentence).
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// A person's name: hung from its first word by `flat` in UD English
    /// (`John flat Wiley`), its capitalised words proper nouns; other names
    /// hang from their last word (`South compound Africa`).
    pub person: bool,
}

/// Lower-case particles of personal names written as words of their own
/// (`Mohammed bin Salman`, `Ludwig van Beethoven`): the only lower-case
/// words a name may hold and still be kept whole by
/// [`SyntaxModel::analyse_named`]. A name with any other lower-case word
/// (`Bank of America`) or punctuation other than a hyphen has an inner
/// structure of its own and is left to the parser. Not the mention rules'
/// `name_particles.tsv`: that list also holds the Arabic article's
/// assimilated forms (`as-Sadr`, `at-Tayyib`), which standing alone are the
/// English `as`, `at`, `an`: a tagged `Paul Volcker as Chairman` would be
/// kept whole.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "bint", "ibn", "abu", "el", "van", "von", "de", "del", "der", "den", "da", "di",
    "du", "dos", "das", "la", "le", "y",
];

impl Name {
    /// The name of an entity mention at words `start..end`: persons,
    /// organisations, places and facilities; `None` for nationalities and
    /// groups (`NORP`: adjectives, `Iranian police`).
    #[must_use]
    pub fn of_entity(start: usize, end: usize, entity_type: EntityType) -> Option<Self> {
        (entity_type != EntityType::Norp).then_some(Self {
            start,
            end,
            person: entity_type == EntityType::Person,
        })
    }

    /// The arcs (word, 1-based head) that keep the name whole, its title's
    /// too, and the first word they cover (the title's, if there is one);
    /// `None` when the name is not one to fix: one word without a title, or
    /// a word that is neither capitalised nor a hyphen or (in a person's
    /// name, between capitalised words) a particle.
    fn fixed_arcs(&self, words: &[&str]) -> Option<(usize, Vec<(usize, usize)>)> {
        let span = words.get(self.start..self.end)?;
        let last = span.len().checked_sub(1)?;
        let fixable = span.iter().enumerate().all(|(i, w)| {
            let capitalised = w.chars().next().is_some_and(char::is_uppercase);
            let inner = i > 0 && i < last;
            capitalised
                || (inner && *w == "-")
                || (inner && self.person && NAME_PARTICLES.contains(w))
        });
        if !fixable {
            return None;
        }
        let head = if self.person {
            self.start
        } else {
            self.end - 1
        };
        let title = self.title(words);
        let arcs: Vec<(usize, usize)> = title
            .into_iter()
            .chain(self.start..self.end)
            .filter(|&i| i != head)
            .map(|i| (i, head + 1))
            .collect();
        (!arcs.is_empty()).then_some((title.unwrap_or(self.start), arcs))
    }

    /// The head word of a title written just before a person's name
    /// (`Minister` in `Environmental Affairs Minister John Wiley`,
    /// `Secretary` in `US Secretary of State Antony Blinken`): the nearest
    /// title word of `data/lexicons/titles.tsv`, with only capitalised words
    /// and `of` between it and the name. UD English hangs it from the name's
    /// first word (`nmod:desc`); left free, the parser can make the title
    /// and the name two subjects of one verb.
    fn title(&self, words: &[&str]) -> Option<usize> {
        if !self.person {
            return None;
        }
        let mut lower = String::new();
        for i in (self.start.saturating_sub(5)..self.start).rev() {
            let word = words[i];
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if sitrep_core::titles::cuts_training_spans(&lower) {
                return Some(i);
            }
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            if !(capitalised || (word == "of" && i + 1 < self.start)) {
                return None;
            }
        }
        None
    }
}

/// A name to keep whole: the name, the first word of it and its title, and
/// the arcs that keep them whole ([`Name::fixed_arcs`]).
struct Fixable {
    name: Name,
    first: usize,
    arcs: Vec<(usize, usize)>,
}

impl Fixable {
    /// Whether the parse in `heads` (1-based, per word) keeps the name and
    /// its title whole: exactly one of their words has its head outside them.
    fn whole_in(&self, heads: &[u32]) -> bool {
        let end = self.name.end;
        let inside = |h: u32| (self.first + 1..=end).contains(&(h as usize));
        heads[self.first..end]
            .iter()
            .filter(|&&h| !inside(h))
            .count()
            == 1
    }
}

/// Reusable buffers for one thread.
#[derive(Debug, Default)]
struct Scratch {
    text: String,
    keys: Vec<WordKeys>,
    tags: Vec<u16>,
    heads: Vec<u32>,
    labels: Vec<u16>,
    proper: Vec<bool>,
    fixed: Vec<u32>,
    tag: TagScratch,
    parse: ParseScratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl SyntaxModel {
    /// The committed model (`data/models/syntax/en_ewt.bin`), decoded once per process.
    #[must_use]
    pub fn builtin() -> &'static Self {
        &BUILTIN
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }

    /// Decodes a model from its file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut input = Reader::new(bytes);
        input.expect_magic(MAGIC)?;
        let clusters = Clusters::read(&mut input)?;
        let tagger = Tagger::read(&mut input)?;
        let lemmatiser = Lemmatiser::read(&mut input)?;
        let parser = Parser::read(&mut input, &tagger.upos)?;
        input.finish()?;
        Ok(Self {
            clusters,
            tagger,
            lemmatiser,
            parser,
        })
    }

    /// The model's file bytes (the same model always gives the same bytes).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        self.clusters.write(&mut out);
        self.tagger.write(&mut out);
        self.lemmatiser.write(&mut out);
        self.parser.write(&mut out);
        out.bytes
    }

    /// Tags, lemmatises and parses one sentence of UD tokens.
    #[must_use]
    pub fn analyse<'a>(&'a self, words: &[&'a str]) -> Vec<WordSyntax<'a>> {
        self.analyse_named(words, &[])
    }

    /// [`SyntaxModel::analyse`] knowing the sentence's names of two or more
    /// words (from the entity layer): the capitalised words of a person's
    /// name are tagged as proper nouns, and where the parse breaks a name
    /// (more than one of its words hangs outside it: `the opposition leader
    /// Mir Hossein Mousavi` with `Mir Hossein` a noun phrase of its own),
    /// the sentence is parsed again with that name's inner arcs fixed
    /// ([`Name`]), the parser choosing every other arc and every relation.
    /// Names that the first parse keeps whole are left as parsed.
    #[must_use]
    pub fn analyse_named<'a>(&'a self, words: &[&'a str], names: &[Name]) -> Vec<WordSyntax<'a>> {
        SCRATCH.with_borrow_mut(|scratch| {
            self.run(words, names, scratch, true);
            (0..words.len())
                .map(|i| {
                    self.word(
                        words[i],
                        scratch.tags[i],
                        scratch.heads[i],
                        scratch.labels[i],
                    )
                })
                .collect()
        })
    }

    /// [`SyntaxModel::analyse`] of a sentence that may open with a
    /// wire-service dateline ([`dateline_end`]: `TEHRAN, May 3 (Reuters) -`):
    /// the dateline is analysed apart from the story sentence after it and
    /// its root hung from the story's root by `parataxis` (the parser, trained
    /// on sentences without datelines, made the place the root of
    /// everything). Every command that analyses a sentence for users goes
    /// through here: the pipeline, `annotate` and `eval syntax`.
    #[must_use]
    pub fn analyse_sentence<'a>(&'a self, words: &[&'a str]) -> Vec<WordSyntax<'a>> {
        self.analyse_sentence_named(words, &[])
    }

    /// [`SyntaxModel::analyse_sentence`] with the sentence's names, as
    /// [`SyntaxModel::analyse_named`] uses them (a name across the end of a
    /// dateline is left out).
    #[must_use]
    pub fn analyse_sentence_named<'a>(
        &'a self,
        words: &[&'a str],
        names: &[Name],
    ) -> Vec<WordSyntax<'a>> {
        let Some(rest) = dateline_end(words)
            .map(|dash| dash + 1)
            .filter(|&rest| rest < words.len())
        else {
            return self.analyse_named(words, names);
        };
        let head_names: Vec<Name> = names.iter().filter(|n| n.end <= rest).copied().collect();
        let story_names: Vec<Name> = names
            .iter()
            .filter(|n| n.start >= rest)
            .map(|n| Name {
                start: n.start - rest,
                end: n.end - rest,
                person: n.person,
            })
            .collect();
        let mut out = self.analyse_named(&words[..rest], &head_names);
        let story = self.analyse_named(&words[rest..], &story_names);
        let root = story
            .iter()
            .position(|w| w.head == 0)
            .map_or(0, |r| rest + r + 1);
        for word in &mut out {
            if word.head == 0 {
                word.head = root;
                word.deprel = "parataxis";
            }
        }
        out.extend(story.into_iter().map(|mut word| {
            if word.head > 0 {
                word.head += rest;
            }
            word
        }));
        out
    }

    /// Part-of-speech tags only (UPOS, XPOS) of one sentence, without parsing.
    #[must_use]
    pub fn tag<'a>(&'a self, words: &[&str]) -> Vec<(&'a str, &'a str)> {
        SCRATCH.with_borrow_mut(|scratch| {
            self.run(words, &[], scratch, false);
            scratch
                .tags
                .iter()
                .map(|&c| {
                    let c = usize::from(c);
                    (self.tagger.upos[c].as_str(), self.tagger.xpos[c].as_str())
                })
                .collect()
        })
    }

    /// Tags (and with `parse`, parses) one sentence, knowing its names
    /// ([`SyntaxModel::analyse_named`]; none: the model alone).
    fn run(&self, words: &[&str], names: &[Name], scratch: &mut Scratch, parse: bool) {
        let Scratch {
            text,
            keys,
            tags,
            heads,
            labels,
            proper,
            fixed,
            tag,
            parse: parse_scratch,
        } = scratch;
        keys.clear();
        keys.extend(words.iter().map(|w| WordKeys::new(w, text, &self.clusters)));
        let fixable: Vec<Fixable> = names
            .iter()
            .filter_map(|&name| {
                let (first, arcs) = name.fixed_arcs(words)?;
                Some(Fixable { name, first, arcs })
            })
            .collect();
        if fixable.is_empty() {
            self.tagger.tag(keys, tag, tags);
            if parse {
                self.parser.parse(keys, tags, parse_scratch, heads, labels);
            }
            return;
        }
        proper.clear();
        proper.resize(words.len(), false);
        for Fixable { name, .. } in fixable.iter().filter(|f| f.name.person) {
            for i in name.start..name.end {
                proper[i] = words[i].chars().next().is_some_and(char::is_uppercase);
            }
        }
        self.tagger.tag_constrained(keys, proper, tag, tags);
        if !parse {
            return;
        }
        self.parser.parse(keys, tags, parse_scratch, heads, labels);
        let broken: Vec<&Fixable> = fixable.iter().filter(|n| !n.whole_in(heads)).collect();
        if broken.is_empty() {
            return;
        }
        fixed.clear();
        fixed.resize(words.len(), parser::FREE);
        for name in broken {
            for &(word, head) in &name.arcs {
                fixed[word] = head as u32;
            }
        }
        self.parser
            .parse_constrained(keys, tags, fixed, true, parse_scratch, heads, labels);
    }

    fn word<'a>(&'a self, form: &'a str, class: u16, head: u32, label: u16) -> WordSyntax<'a> {
        let class = usize::from(class);
        let xpos = self.tagger.xpos[class].as_str();
        WordSyntax {
            upos: self.tagger.upos[class].as_str(),
            xpos,
            lemma: self.lemmatiser.lemma(form, xpos),
            head: head as usize,
            deprel: self.parser.labels[usize::from(label)].as_str(),
        }
    }

    /// Decodes with a beam of `beam` parser configurations from now on (1:
    /// greedy), whatever width the model was trained with; for experiments.
    pub fn set_parser_beam(&mut self, beam: usize) {
        self.parser.beam = beam.max(1);
    }

    /// Drops, while decoding, beam items more than `margin` behind the best (0: none); for experiments.
    pub fn set_parser_margin(&mut self, margin: i64) {
        self.parser.margin = margin;
    }

    /// Number of tag classes.
    #[must_use]
    pub fn n_tag_classes(&self) -> usize {
        self.tagger.n_classes()
    }
}

/// The universal part of a relation (`nsubj:pass` → `nsubj`).
#[must_use]
pub fn universal(deprel: &str) -> &str {
    deprel.split_once(':').map_or(deprel, |(main, _)| main)
}

/// Whether a word has letters and none in lower case (`TEHRAN`, `U.S.`).
pub(crate) fn in_capitals(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Whether a word is a dash (`-`, `--`, en or em dash).
pub(crate) fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "--" | "\u{2013}" | "\u{2014}")
}

/// The index of the dash that ends an opening dateline among a sentence's
/// word texts (`CAPE TOWN , March 29 -`, `TEHRAN , May 3 ( Reuters ) -`):
/// a first word in capitals, then only words in capitals or capitalised
/// (months, `Reuters`), numbers, commas, periods and parentheses, with a
/// comma or parenthesis among them (a bare `ATTACKS -` is a heading), up
/// to a dash within the first twelve words; `None` without one.
#[must_use]
pub fn dateline_end(words: &[&str]) -> Option<usize> {
    let first = words.first()?;
    if !in_capitals(first) || first.chars().count() < 2 {
        return None;
    }
    let dash = words.iter().take(12).position(|w| is_dash(w))?;
    let opening = &words[..dash];
    // `PLACE, date -`, `PLACE (AP) -`: a bare `ATTACKS -` is a heading.
    if !opening.iter().any(|w| matches!(*w, "," | "(")) {
        return None;
    }
    opening
        .iter()
        .all(|w| {
            in_capitals(w)
                || matches!(*w, "," | "." | "(" | ")")
                || w.chars().all(|c| c.is_ascii_digit())
                || w.chars().next().is_some_and(char::is_uppercase)
        })
        .then_some(dash)
}

/// Fills LEMMA, UPOS, XPOS, HEAD and DEPREL of a CoNLL-U sentence's words
/// from the model; every other column and line is kept.
pub fn annotate_conllu(model: &SyntaxModel, sentence: &mut conllu::ConlluSentence) {
    annotate_conllu_named(model, sentence, |_| Vec::new());
}

/// [`annotate_conllu`] with the names `names` finds in the sentence's words
/// ([`SyntaxModel::analyse_sentence_named`]).
pub fn annotate_conllu_named(
    model: &SyntaxModel,
    sentence: &mut conllu::ConlluSentence,
    names: impl Fn(&[&str]) -> Vec<Name>,
) {
    if sentence.words.is_empty() {
        return;
    }
    let forms: Vec<String> = sentence.words.iter().map(|w| w.form.clone()).collect();
    let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
    let analysis = model.analyse_sentence_named(&forms, &names(&forms));
    for (word, syntax) in sentence.words.iter_mut().zip(analysis) {
        word.lemma = syntax.lemma.into_owned();
        syntax.upos.clone_into(&mut word.upos);
        syntax.xpos.clone_into(&mut word.xpos);
        word.head = Some(syntax.head);
        syntax.deprel.clone_into(&mut word.deprel);
    }
}
