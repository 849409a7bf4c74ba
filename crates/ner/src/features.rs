//! Feature extraction: each token of a sentence becomes [`TEMPLATES`] hashed
//! feature ids.
//!
//! Per token the extractor computes, without allocating, the hashes of its
//! form, lower-case form, shape (`Xx`, `X.X.`, `d,d`: character classes with
//! repeats collapsed), 2- and 3-character prefixes and 2- to 4-character
//! suffixes of the lower-case form, its Brown cluster and frequency (the
//! form as written, else its lower case, in `data/lexicons/word_clusters.tsv`,
//! compiled into the binary), its [`GazetteerTag`], and its
//! [document value](DocContext). The templates combine them over a window of
//! two tokens either side:
//!
//! | templates | what |
//! |---|---|
//! | bias | one feature every token has |
//! | form, lower, shape, prefixes, suffixes | the token itself |
//! | name-list bands, bands · shape; bands · shape at −1, +1 | given name or surname (1990 US Census lists) |
//! | Brown-cluster path prefixes of 4, 6, 10 bits and the whole path; prefix 6 and whole path at −1, +1 | words used alike ([`word_clusters`](self), from unlabelled text) |
//! | frequency band of the form and of its lower case, · shape | a capitalised common word (`Police`) against a rare one (`Montalvo`) |
//! | lower at −2, −1, +1, +2; form at −1, +1; shape at −2, −1, +1, +2 | neighbours |
//! | shape −1·0, 0·+1; lower −1·0, 0·+1; lower −1·shape 0; shape 0·lower +1; shape 0·suffix +1 | pairs |
//! | first token · shape, first token · lower, first token · gazetteer tag | position in the sentence |
//! | sentence style · shape | title-case headline or all capitals, where capitals say little |
//! | gazetteer tag at −1, 0, +1; tag · shape | knowledge-base membership |
//! | document value, · shape, · first token, · previous document value | how the word is written elsewhere in the article |
//! | run of capitalised words the token is in (linking words `of`, `for`, `and`, `the` inside): position · length · linking word · last word's head class · sentence style; first and last words' head classes · position · distance to the end; word before the run · position · length | what kind of name a stretch of capitals reads as (`U.S. Department of Agriculture`, `the Straits Times`) |
//! | head classes of the token and the next two | organisation, facility, landform or region, administrative-division head nouns and linking words (`data/lexicons/mentions/`) |
//!
//! The first [`SINGLE`] templates read one word at one position relative to
//! the token (the token itself or a neighbour), so the tagger can add up
//! their weights once per word type and reuse the sums.
//!
//! Outside the sentence, neighbours take a boundary value. Each feature is a
//! 64-bit hash of its template number and values; its top bits select one of
//! `2^bits` weight rows (the hashing trick: rare collisions share a row).
//!
//! ```
//! use sitrep_ner::{Gazetteer, features};
//! let mut out = Vec::new();
//! features::extract(&["Kabul", "fell"], &[], &Gazetteer::default(), 18, &mut out);
//! assert_eq!(out.len(), 2 * features::TEMPLATES);
//! assert!(out.iter().all(|&row| row < 1 << 18));
//! ```

use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use sitrep_core::FastMap;
use sitrep_core::lexicon::Lexicon;

use crate::gazetteer::{Gazetteer, GazetteerTag};
use crate::labels::Part;

mod sentence;

pub(crate) use sentence::{Context, SentenceView, combined_row, run_values};

/// Templates that read one word at one position (the first ones of a token).
pub const SINGLE: usize = 32;
/// Templates that read several words, the sentence or the article.
pub(crate) const COMBINED: usize = 25;
/// Number of features per token.
pub const TEMPLATES: usize = SINGLE + COMBINED;

/// What a single-word template reads of its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Bias,
    Form,
    Lower,
    Shape,
    Prefix2,
    Prefix3,
    Suffix2,
    Suffix3,
    Suffix4,
    /// Given-name and surname bands ([`person_names`]).
    Names,
    /// Name bands with the shape.
    NamesShape,
    /// Brown-cluster path prefix of 4 bits ([`word_clusters`]).
    Cluster4,
    /// Brown-cluster path prefix of 6 bits.
    Cluster6,
    /// Brown-cluster path prefix of 10 bits.
    Cluster10,
    /// The whole Brown-cluster path.
    ClusterPath,
    /// Frequency bands of the word as written and in lower case, with the
    /// shape.
    Frequency,
}

/// The single-word templates: position relative to the token, and field.
const SINGLES: [(isize, Field); SINGLE] = [
    (0, Field::Bias),
    (0, Field::Form),
    (0, Field::Lower),
    (0, Field::Shape),
    (0, Field::Prefix2),
    (0, Field::Prefix3),
    (0, Field::Suffix2),
    (0, Field::Suffix3),
    (0, Field::Suffix4),
    (-1, Field::Lower),
    (1, Field::Lower),
    (-2, Field::Lower),
    (2, Field::Lower),
    (-1, Field::Shape),
    (1, Field::Shape),
    (-1, Field::Form),
    (1, Field::Form),
    (-2, Field::Shape),
    (2, Field::Shape),
    (0, Field::Names),
    (0, Field::NamesShape),
    (-1, Field::NamesShape),
    (1, Field::NamesShape),
    (0, Field::Cluster4),
    (0, Field::Cluster6),
    (0, Field::Cluster10),
    (0, Field::ClusterPath),
    (0, Field::Frequency),
    (-1, Field::Cluster6),
    (1, Field::Cluster6),
    (-1, Field::ClusterPath),
    (1, Field::ClusterPath),
];

/// Positions the single-word templates read.
pub(crate) const WINDOW: [isize; 5] = [-2, -1, 0, 1, 2];

/// First-character class of a word: upper case.
const UPPER: u8 = 1;
/// First-character class of a word: lower case.
const LOWER: u8 = 2;

/// Hash values of one token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Word {
    form: u64,
    lower: u64,
    shape: u64,
    prefix2: u64,
    prefix3: u64,
    suffix2: u64,
    suffix3: u64,
    suffix4: u64,
    /// Name-list bands of the lower-case form (0: not listed).
    names: u64,
    /// Brown-cluster path prefixes of 4, 6 and 10 bits and the whole path
    /// (all 0 for a word without a cluster).
    clusters: [u64; 4],
    /// Frequency bands of the form and the lower-case form, with the shape.
    frequency: u64,
    /// Class of the first character: [`UPPER`], [`LOWER`] or 0.
    initial: u8,
    /// An opening quote, bracket, dash or colon, after which a capital says
    /// little.
    opens: bool,
    /// Head class of the lower-case form ([`head_classes`]; 0: none).
    head: u8,
}

/// What the combined templates and the [`DocContext`] read of a word (a
/// quarter of a [`Word`]: the tagger keeps these per token, the rest only
/// per word type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outline {
    lower: u64,
    shape: u64,
    suffix3: u64,
    /// Class of the first character: [`UPPER`], [`LOWER`] or 0.
    initial: u8,
    /// An opening quote, bracket, dash or colon.
    opens: bool,
    /// Head class of the lower-case form ([`head_classes`]; 0: none).
    pub(crate) head: u8,
}

/// The outline of the word outside the sentence.
pub(crate) const BOUNDARY_OUTLINE: Outline = BOUNDARY_WORD.outline();

impl Outline {
    /// The boundary outline with head class `head`: what the head template
    /// reads of a word.
    pub(crate) fn with_head(head: u8) -> Self {
        Self {
            head,
            ..BOUNDARY_OUTLINE
        }
    }
}

impl Word {
    /// What the combined templates read of the word.
    pub(crate) const fn outline(&self) -> Outline {
        Outline {
            lower: self.lower,
            shape: self.shape,
            suffix3: self.suffix3,
            initial: self.initial,
            opens: self.opens,
            head: self.head,
        }
    }

    fn field(&self, field: Field) -> u64 {
        match field {
            Field::Bias => 0,
            Field::Form => self.form,
            Field::Lower => self.lower,
            Field::Shape => self.shape,
            Field::Prefix2 => self.prefix2,
            Field::Prefix3 => self.prefix3,
            Field::Suffix2 => self.suffix2,
            Field::Suffix3 => self.suffix3,
            Field::Suffix4 => self.suffix4,
            Field::Names => self.names,
            Field::NamesShape => mix(self.names, self.shape),
            Field::Cluster4 => self.clusters[0],
            Field::Cluster6 => self.clusters[1],
            Field::Cluster10 => self.clusters[2],
            Field::ClusterPath => self.clusters[3],
            Field::Frequency => self.frequency,
        }
    }
}

/// Value neighbours take outside the sentence.
const BOUNDARY: u64 = 0x5bd1_e995_0b4f_3c21;
/// Multiplier of the 64-bit FNV-1a hash.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Offset basis of the 64-bit FNV-1a hash.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The word neighbours take outside the sentence.
pub(crate) const BOUNDARY_WORD: Word = Word {
    form: BOUNDARY,
    lower: BOUNDARY,
    shape: BOUNDARY,
    prefix2: BOUNDARY,
    prefix3: BOUNDARY,
    suffix2: BOUNDARY,
    suffix3: BOUNDARY,
    suffix4: BOUNDARY,
    names: BOUNDARY,
    clusters: [BOUNDARY; 4],
    frequency: BOUNDARY,
    initial: 0,
    opens: false,
    head: 0,
};

/// Folds one character into a running hash.
fn add_char(hash: u64, c: char) -> u64 {
    let mut h = hash;
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Combines two values (order matters).
fn mix(a: u64, b: u64) -> u64 {
    let h = (a ^ b.rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

/// Final avalanche (from `MurmurHash3`'s `fmix64`).
fn finish(hash: u64) -> u64 {
    let mut h = hash;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The weight row of template number `template` with value `value`.
fn row(template: usize, value: u64, shift: u32) -> u32 {
    (finish(mix(template as u64 + 1, value)) >> shift) as u32
}

/// Character class used in shapes.
fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

/// The hash values of `token`.
pub(crate) fn word(token: &str) -> Word {
    let mut form = FNV_OFFSET;
    let mut lower = FNV_OFFSET;
    let mut shape = FNV_OFFSET;
    let mut last_class = '\0';
    let (mut prefix2, mut prefix3) = (FNV_OFFSET, FNV_OFFSET);
    let mut n = 0usize;
    for c in token.chars() {
        form = add_char(form, c);
        for l in c.to_lowercase() {
            lower = add_char(lower, l);
            if n < 2 {
                prefix2 = add_char(prefix2, l);
            }
            if n < 3 {
                prefix3 = add_char(prefix3, l);
            }
            n += 1;
        }
        let k = class(c);
        if k != last_class {
            shape = add_char(shape, k);
            last_class = k;
        }
    }
    let mut suffixes = [FNV_OFFSET; 3];
    let mut tail = ['\0'; 4];
    let mut m = 0;
    for c in token.chars().rev().flat_map(char::to_lowercase).take(4) {
        tail[m] = c;
        m += 1;
    }
    for (k, suffix) in suffixes.iter_mut().enumerate() {
        let len = (k + 2).min(m);
        for &c in tail[..len].iter().rev() {
            *suffix = add_char(*suffix, c);
        }
    }
    let initial = match token.chars().next() {
        Some(c) if c.is_uppercase() => UPPER,
        Some(c) if c.is_lowercase() => LOWER,
        _ => 0,
    };
    let clusters = word_clusters();
    let listed = clusters.get(&form);
    let listed_lower = clusters.get(&lower);
    let (path, length) = listed
        .or(listed_lower)
        .map_or((0, 0), |e| (e.path, e.length));
    let prefix = |bits: u8| -> u64 {
        if length == 0 {
            0
        } else {
            let kept = bits.min(length);
            mix(u64::from(kept), u64::from(path >> (length - kept)))
        }
    };
    let band = |entry: Option<&ClusterEntry>| u64::from(entry.map_or(0, |e| e.band));
    Word {
        form,
        lower,
        shape,
        clusters: [prefix(4), prefix(6), prefix(10), prefix(u8::MAX)],
        frequency: mix(shape, (band(listed) << 4) | band(listed_lower)),
        prefix2,
        prefix3,
        suffix2: suffixes[0],
        suffix3: suffixes[1],
        suffix4: suffixes[2],
        names: person_names()
            .get(&lower)
            .map_or(0, |&bands| u64::from(bands) + 1),
        initial,
        head: head_classes().get(&lower).copied().unwrap_or(0),
        opens: matches!(
            token,
            "\"" | "\u{201c}" | "\u{2018}" | "'" | "(" | "[" | "-" | "\u{2013}" | "\u{2014}" | ":"
        ),
    }
}

/// The lower-case hash of `text` (as in [`Word`]).
fn lower_hash(text: &str) -> u64 {
    text.chars()
        .flat_map(char::to_lowercase)
        .fold(FNV_OFFSET, add_char)
}

/// Head class: a word that ends organisation names.
const HEAD_ORG: u8 = 1;
/// Head class: a word that ends facility names.
const HEAD_FACILITY: u8 = 2;
/// Head class: a word that ends landform or region names.
const HEAD_LOCATION: u8 = 3;
/// Head class: a word that ends administrative-division names.
const HEAD_ADMIN: u8 = 4;
/// Head class: a linking word inside names (`of`, `for`, `and`, `the`).
const HEAD_CONNECTOR: u8 = 8;
/// Every head class a word can have (0: none).
pub(crate) const HEAD_CLASSES: [u8; 6] = [
    0,
    HEAD_ORG,
    HEAD_FACILITY,
    HEAD_LOCATION,
    HEAD_ADMIN,
    HEAD_CONNECTOR,
];

/// Head classes of lower-case words, from the mention rules' head-noun
/// lists (`data/lexicons/mentions/`): single words only.
fn head_classes() -> &'static FastMap<u64, u8> {
    static HEADS: OnceLock<FastMap<u64, u8>> = OnceLock::new();
    HEADS.get_or_init(|| {
        let mut map = FastMap::default();
        let lists: [(&str, &'static str, u8); 5] = [
            (
                "data/lexicons/mentions/org_connectors.tsv",
                include_str!("../../../data/lexicons/mentions/org_connectors.tsv"),
                HEAD_CONNECTOR,
            ),
            (
                "data/lexicons/mentions/admin_heads.tsv",
                include_str!("../../../data/lexicons/mentions/admin_heads.tsv"),
                HEAD_ADMIN,
            ),
            (
                "data/lexicons/mentions/location_heads.tsv",
                include_str!("../../../data/lexicons/mentions/location_heads.tsv"),
                HEAD_LOCATION,
            ),
            (
                "data/lexicons/mentions/facility_heads.tsv",
                include_str!("../../../data/lexicons/mentions/facility_heads.tsv"),
                HEAD_FACILITY,
            ),
            (
                "data/lexicons/mentions/org_heads.tsv",
                include_str!("../../../data/lexicons/mentions/org_heads.tsv"),
                HEAD_ORG,
            ),
        ];
        for (file, text, class) in lists {
            for word in sitrep_core::lexicon::word_list(file, text) {
                if !word.contains(' ') {
                    map.insert(lower_hash(word), class);
                }
            }
        }
        map
    })
}

/// Given names and surnames (`data/lexicons/person_names.tsv`, from the
/// 1990 US Census name files): the lower-case hash of each name, and its
/// bands (given band × 4 + surname band, each 0 when the name is not of
/// that kind).
///
/// # Panics
/// If the committed file does not read, which a unit test rules out.
fn person_names() -> &'static FastMap<u64, u8> {
    static NAMES: OnceLock<FastMap<u64, u8>> = OnceLock::new();
    NAMES.get_or_init(|| {
        const FILE: &str = "data/lexicons/person_names.tsv";
        let text = include_str!("../../../data/lexicons/person_names.tsv");
        let lexicon = Lexicon::parse(FILE, text, 3).unwrap_or_else(|e| panic!("{e}"));
        let band = |field: &str| -> u8 {
            match field {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "-" => 0,
                other => panic!("{FILE}: band `{other}` is not 1, 2, 3 or -"),
            }
        };
        lexicon
            .entries()
            .map(|entry| (lower_hash(&entry[0]), band(&entry[1]) * 4 + band(&entry[2])))
            .collect()
    })
}

/// How common `word` (any case) is as a given name in the 1990 US Census
/// lists of `data/lexicons/person_names.tsv`: 1 (the names of half the
/// people) to 3 (rare), 0 when it is not a given name there.
#[must_use]
pub fn given_name_band(word: &str) -> u8 {
    person_names()
        .get(&lower_hash(word))
        .map_or(0, |bands| bands / 4)
}

/// One word of [`word_clusters`].
#[derive(Debug, Clone, Copy)]
struct ClusterEntry {
    /// Bits of the path, the first step highest.
    path: u32,
    /// Steps in the path (1 to 31).
    length: u8,
    /// Frequency band, 1 (commonest) to 6 (rarest).
    band: u8,
}

/// Frequency band of a rounded negative log probability (3 to 20).
fn frequency_band(neg_log_prob: u8) -> u8 {
    match neg_log_prob {
        0..=7 => 1,
        8..=10 => 2,
        11..=13 => 3,
        14..=16 => 4,
        17..=19 => 5,
        _ => 6,
    }
}

/// Brown word clusters and frequencies (`data/lexicons/word_clusters.tsv`,
/// from `spacy-lookups-data`): per form hash (case-sensitive), the word's
/// path in the cluster tree and its frequency band. Words used alike share
/// path prefixes, so a name never seen in the annotated data shares weights
/// with names that were.
///
/// # Panics
/// If the committed file does not read, which a unit test rules out.
fn word_clusters() -> &'static FastMap<u64, ClusterEntry> {
    static CLUSTERS: OnceLock<FastMap<u64, ClusterEntry>> = OnceLock::new();
    CLUSTERS.get_or_init(|| {
        const FILE: &str = "data/lexicons/word_clusters.tsv";
        let text = include_str!("../../../data/lexicons/word_clusters.tsv");
        let mut map = FastMap::with_capacity_and_hasher(200_000, BuildHasherDefault::default());
        for (index, line) in text.lines().enumerate() {
            if line.starts_with("# ") || line.is_empty() {
                continue;
            }
            let fail = |what: &str| -> ! { panic!("{FILE}:{}: {what}", index + 1) };
            let mut fields = line.split('\t');
            let (Some(word), Some(path), Some(prob), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                fail("expected word, path and probability")
            };
            if path.is_empty() || path.len() > 31 || !path.bytes().all(|b| b == b'0' || b == b'1') {
                fail("the path is not 1 to 31 binary digits");
            }
            let neg_log_prob: u8 = prob.parse().unwrap_or_else(|_| fail("bad probability"));
            let hash = word.chars().fold(FNV_OFFSET, add_char);
            map.insert(
                hash,
                ClusterEntry {
                    path: u32::from_str_radix(path, 2).unwrap_or_else(|_| fail("bad path")),
                    length: path.len() as u8,
                    band: frequency_band(neg_log_prob),
                },
            );
        }
        map
    })
}

/// Adds to `out` the rows of the single-word templates that read the word
/// at `position` relative to the token, for word `word`.
pub(crate) fn single_rows(word: &Word, position: isize, bits: u32, out: &mut Vec<u32>) {
    for (template, &(at, field)) in SINGLES.iter().enumerate() {
        if at == position {
            out.push(row(template, word.field(field), 64 - bits));
        }
    }
}

/// Hash of a gazetteer tag (0 outside matches).
fn gazetteer_value(tag: Option<GazetteerTag>) -> u64 {
    match tag {
        None => 0,
        Some(tag) => {
            let part = match tag.part {
                Part::Begin => 1,
                Part::Inside => 2,
                Part::Last => 3,
                Part::Unit => 4,
            };
            mix(part, u64::from(tag.types) + 7)
        }
    }
}

/// Capitalisation style of a whole sentence: 0 prose, 1 title case, 2 all
/// capitals.
pub(crate) fn style(tokens: &[&str]) -> u64 {
    let (mut long, mut capitalised, mut any_letter, mut any_lower) = (0, 0, false, false);
    for token in tokens {
        let mut chars = token.chars();
        let Some(first) = chars.next() else { continue };
        if !token.chars().any(char::is_alphabetic) {
            continue;
        }
        any_letter = true;
        any_lower |= token.chars().any(char::is_lowercase);
        if token.chars().count() >= 4 {
            long += 1;
            if first.is_uppercase() {
                capitalised += 1;
            }
        }
    }
    if any_letter && !any_lower {
        2
    } else {
        u64::from(long >= 3 && capitalised * 4 >= long * 3)
    }
}

/// Document flag: the word is written in lower case somewhere.
const WRITTEN_LOWER: u8 = 1;
/// Document flag: the word is capitalised inside a prose sentence somewhere
/// (not first, not after an opening quote or bracket).
const CAPITAL_INSIDE: u8 = 2;
/// Document flag: the word is capitalised next to another capitalised word
/// in a prose sentence somewhere.
const IN_CAPITAL_RUN: u8 = 4;

/// How each word is written across one article: in lower case somewhere,
/// capitalised inside a prose sentence, next to another capitalised word.
/// A capitalised word at the start of a sentence or in a headline says
/// little by itself; the same word elsewhere in the article often decides
/// (`Montalvo was charged` after `Daniel Montalvo, 19,`).
///
/// ```
/// use sitrep_ner::features::DocContext;
/// let first = ["Montalvo", "was", "charged", "."];
/// let second = ["He", "met", "Daniel", "Montalvo", "."];
/// let context = DocContext::new(&[&first[..], &second[..]]);
/// let alone = DocContext::new(&[&first[..]]);
/// assert_ne!(context.values(&first)[0], alone.values(&first)[0]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    flags: FastMap<u64, u8>,
}

impl DocContext {
    /// The context of an article given as its sentences' tokens.
    #[must_use]
    pub fn new<'t, S: AsRef<[&'t str]>>(sentences: &[S]) -> Self {
        let mut context = Self::default();
        let mut words = Vec::new();
        for sentence in sentences {
            let tokens = sentence.as_ref();
            words.clear();
            words.extend(tokens.iter().map(|t| word(t).outline()));
            context.add(&words, style(tokens));
        }
        context
    }

    /// Forgets every sentence.
    pub(crate) fn clear(&mut self) {
        self.flags.clear();
    }

    /// Adds one sentence's words, of capitalisation style `style`.
    pub(crate) fn add(&mut self, words: &[Outline], style: u64) {
        let capital = |w: Option<&Outline>| w.is_some_and(|w| w.initial == UPPER);
        for (i, w) in words.iter().enumerate() {
            let flag = match w.initial {
                LOWER => WRITTEN_LOWER,
                UPPER if style == 0 => {
                    let previous = i.checked_sub(1).and_then(|p| words.get(p));
                    let mut flag = 0;
                    if previous.is_some_and(|p| !p.opens) {
                        flag |= CAPITAL_INSIDE;
                    }
                    if capital(previous) || capital(words.get(i + 1)) {
                        flag |= IN_CAPITAL_RUN;
                    }
                    flag
                }
                _ => 0,
            };
            if flag != 0 {
                *self.flags.entry(w.lower).or_default() |= flag;
            }
        }
    }

    /// The document value of one word: its first-character class and the
    /// flags of its lower-case form (0 for words not starting with a
    /// letter).
    pub(crate) fn value(&self, w: &Outline) -> u8 {
        if w.initial == 0 {
            return 0;
        }
        (w.initial << 3) | self.flags.get(&w.lower).copied().unwrap_or(0)
    }

    /// The document value of each token of one sentence (the input of
    /// [`extract`]).
    #[must_use]
    pub fn values(&self, tokens: &[&str]) -> Vec<u8> {
        tokens
            .iter()
            .map(|t| self.value(&word(t).outline()))
            .collect()
    }
}

/// Appends the feature rows (`TEMPLATES` per token, each `< 2^bits`) of
/// `tokens` to `out`; `doc` holds the [document values](DocContext::values)
/// of the tokens (all taken as 0 when its length differs).
pub fn extract(tokens: &[&str], doc: &[u8], gazetteer: &Gazetteer, bits: u32, out: &mut Vec<u32>) {
    let words: Vec<Word> = tokens.iter().map(|t| word(t)).collect();
    let outlines: Vec<Outline> = words.iter().map(Word::outline).collect();
    let mut gazetteer_values = Vec::new();
    SentenceView::gazetteer_values(gazetteer, tokens, &mut gazetteer_values);
    let zeros;
    let doc = if doc.len() == tokens.len() {
        doc
    } else {
        zeros = vec![0; tokens.len()];
        &zeros
    };
    let style = style(tokens);
    let mut runs = Vec::new();
    run_values(&outlines, style, &mut runs);
    let view = SentenceView {
        words: &outlines,
        gazetteer: &gazetteer_values,
        doc,
        runs: &runs,
        style,
    };
    let shift = 64 - bits;
    out.reserve(tokens.len() * TEMPLATES);
    for i in 0..tokens.len() {
        for (template, &(at, field)) in SINGLES.iter().enumerate() {
            let w = i
                .checked_add_signed(at)
                .and_then(|j| words.get(j))
                .unwrap_or(&BOUNDARY_WORD);
            out.push(row(template, w.field(field), shift));
        }
        out.extend(view.combined_rows(i, bits));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::EntityType;

    fn rows(tokens: &[&str], gazetteer: &Gazetteer) -> Vec<u32> {
        let mut out = Vec::new();
        extract(tokens, &[], gazetteer, 20, &mut out);
        out
    }

    #[test]
    fn shapes_collapse_repeats_and_lower_ignores_case() {
        assert_eq!(word("Kabul").shape, word("Paris").shape);
        assert_ne!(word("Kabul").shape, word("KABUL").shape);
        assert_eq!(word("U.S.").shape, word("U.K.").shape);
        assert_eq!(word("Kabul").lower, word("KABUL").lower);
        assert_ne!(word("Kabul").form, word("KABUL").form);
        assert_eq!(word("Bush").suffix2, word("Rush").suffix2);
        assert_eq!(word("Bushes").prefix3, word("bus").prefix3);
        // Short words: the suffix is the whole word.
        assert_eq!(word("of").suffix4, word("OF").suffix2);
        assert_eq!(
            (
                word("Kabul").initial,
                word("kabul").initial,
                word("9").initial
            ),
            (UPPER, LOWER, 0)
        );
    }

    #[test]
    fn features_see_neighbours_and_position() {
        let g = Gazetteer::default();
        let a = rows(&["said", "Smith", "today"], &g);
        let b = rows(&["said", "Smith", "yesterday"], &g);
        let token = |v: &[u32], i: usize| v[i * TEMPLATES..(i + 1) * TEMPLATES].to_vec();
        let (a1, b1) = (token(&a, 1), token(&b, 1));
        // Same token, different right neighbour: most features agree, the
        // ones reading the next word differ.
        let differing = a1.iter().zip(&b1).filter(|(x, y)| x != y).count();
        assert!((2..=8).contains(&differing), "{differing}");
        assert_eq!(a1[1], b1[1]);
        // The same word first in a sentence gets different position features.
        let c = rows(&["Smith", "said"], &g);
        assert_ne!(token(&c, 0)[SINGLE + 6], a1[SINGLE + 6]);
        // Deterministic.
        assert_eq!(a, rows(&["said", "Smith", "today"], &g));
    }

    #[test]
    fn gazetteer_membership_is_a_feature() {
        let mut g = Gazetteer::default();
        g.add("Kabul", EntityType::Gpe);
        let with = rows(&["in", "Kabul"], &g);
        let without = rows(&["in", "Kabul"], &Gazetteer::default());
        assert_ne!(
            with[TEMPLATES + SINGLE + 10],
            without[TEMPLATES + SINGLE + 10]
        );
        assert_eq!(with[TEMPLATES + 1], without[TEMPLATES + 1]);
    }

    #[test]
    fn document_values_see_the_word_elsewhere() {
        let headline = ["Montalvo", "Arrested", "After", "Leaving", "Group"];
        let body = [
            "Police",
            "arrested",
            "Daniel",
            "Montalvo",
            "after",
            "searching",
            "the",
            "house",
            "on",
            "\"",
            "Friday",
            ".",
        ];
        let context = DocContext::new(&[&headline[..], &body[..]]);
        let values = context.values(&headline);
        // Montalvo: capitalised inside a sentence, next to another capital.
        assert_eq!(values[0], (UPPER << 3) | CAPITAL_INSIDE | IN_CAPITAL_RUN);
        // Arrested: written in lower case in the body; the title-case
        // headline says nothing.
        assert_eq!(values[1], (UPPER << 3) | WRITTEN_LOWER);
        let values = context.values(&body);
        // Police opens the sentence; Friday follows an opening quote.
        assert_eq!(values[0], UPPER << 3);
        assert_eq!(values[10], UPPER << 3);
        assert_eq!(values[9], 0);
        // The rows differ with the document.
        let mut alone = Vec::new();
        extract(&headline, &[], &Gazetteer::default(), 20, &mut alone);
        let mut with = Vec::new();
        extract(
            &headline,
            &context.values(&headline),
            &Gazetteer::default(),
            20,
            &mut with,
        );
        assert_ne!(alone[SINGLE + 17], with[SINGLE + 17]);
        assert_eq!(alone[..SINGLE], with[..SINGLE]);
    }

    #[test]
    fn single_rows_are_the_rows_extract_gives() {
        let tokens = ["in", "Kabul", "today"];
        let mut all = Vec::new();
        extract(&tokens, &[], &Gazetteer::default(), 18, &mut all);
        let mut own = Vec::new();
        single_rows(&word("Kabul"), 0, 18, &mut own);
        assert_eq!(own.len(), 16);
        assert_eq!(own[..9], all[TEMPLATES..TEMPLATES + 9]);
        let mut before = Vec::new();
        single_rows(&word("in"), -1, 18, &mut before);
        assert!(
            before
                .iter()
                .all(|r| all[TEMPLATES..TEMPLATES + SINGLE].contains(r))
        );
    }

    #[test]
    fn runs_of_capitals_tell_their_head() {
        let g = Gazetteer::default();
        let token = |v: &[u32], i: usize| v[i * TEMPLATES..(i + 1) * TEMPLATES].to_vec();
        // The three run templates follow the 21 other combined ones.
        let run = |v: &[u32], i: usize| token(v, i)[SINGLE + 21..SINGLE + 24].to_vec();
        assert_eq!(word("Department").head, HEAD_ORG);
        assert_eq!(word("OF").head, HEAD_CONNECTOR);
        assert_eq!(word("Smith").head, 0);
        // `of` between capitals joins the run.
        let org = rows(
            &["the", "Department", "of", "Rural", "Agriculture", "said"],
            &g,
        );
        let other = rows(
            &["the", "Secretary", "of", "Rural", "Agriculture", "said"],
            &g,
        );
        let view = |tokens: &[&str]| -> Vec<bool> {
            let words: Vec<Outline> = tokens.iter().map(|t| word(t).outline()).collect();
            (0..tokens.len())
                .map(|i| sentence::in_run(&words, i))
                .collect()
        };
        assert_eq!(
            view(&["the", "U.S.", "Department", "of", "Agriculture", "said"]),
            [false, true, true, true, true, false]
        );
        // A linking word not between capitals is no part of a run.
        assert_eq!(view(&["Paris", "and", "then"]), [true, false, false]);
        assert_eq!(
            view(&["Daughters", "of", "the", "American", "Revolution"]),
            [true; 5]
        );
        // The run's first word differs in head class (`Department`, an
        // organisation head, against `Secretary`): so do the last word's
        // run rows, though the word and its neighbours are the same.
        assert_ne!(run(&org, 4), run(&other, 4));
        // Outside a run the templates take one value.
        assert_eq!(run(&org, 0), run(&org, 5));
    }

    #[test]
    fn name_lists_give_bands() {
        // John: a very common given name, a common surname; Smith: the
        // commonest surname only; Kabul: neither.
        assert_eq!(person_names().get(&lower_hash("John")), Some(&(4 + 2)));
        assert_eq!(word("SMITH").names, 1 + 1);
        assert_eq!(word("Kabul").names, 0);
        assert_eq!(word("Smith").names, word("smith").names);
    }

    #[test]
    fn clusters_and_frequencies_come_from_the_committed_list() {
        let clusters = word_clusters();
        assert!(clusters.len() > 190_000, "{}", clusters.len());
        // Paris 0110010101, Kabul 0110010101: the same cluster; Smith
        // 0110101 shares the first four steps only; the 0010111.
        let (paris, kabul, smith, said) =
            (word("Paris"), word("Kabul"), word("Smith"), word("said"));
        assert_eq!(paris.clusters, kabul.clusters);
        assert_eq!(paris.clusters[0], smith.clusters[0]);
        assert_ne!(paris.clusters[1], smith.clusters[1]);
        assert_ne!(paris.clusters[0], said.clusters[0]);
        // A path shorter than a prefix is the whole path.
        assert_eq!(smith.clusters[2], smith.clusters[3]);
        // All capitals fall back on the lower-case entry (`paris`,
        // 011110111, another cluster than `Paris`).
        assert_eq!(word("PARIS").clusters, word("paris").clusters);
        assert_ne!(word("paris").clusters, paris.clusters);
        // Unlisted: no cluster; frequency bands: `The` (6) is common,
        // `Kabul` (15) rare.
        assert_eq!(word("Zzyzxq").clusters, [0; 4]);
        let entry = |w: &str| clusters[&w.chars().fold(FNV_OFFSET, add_char)];
        assert_eq!(entry("The").band, 1);
        assert_eq!(entry("Kabul").band, 4);
        assert_eq!(entry("said").length, 7);
        assert_eq!(entry("said").path, 0b001_0111);
        assert_ne!(word("The").frequency, word("Kabul").frequency);
    }

    #[test]
    fn sentence_style_detects_headlines_and_capitals() {
        assert_eq!(style(&["Troops", "Leave", "Northern", "Syria"]), 1);
        assert_eq!(style(&["TROOPS", "LEAVE", "SYRIA", "."]), 2);
        assert_eq!(style(&["Troops", "left", "northern", "Syria", "today"]), 0);
    }
}
