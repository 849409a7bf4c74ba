//! The typed annotation layers a [`Doc`](crate::Doc) carries above its tokens.
//!
//! Every annotation holds its position in **one** representation: a
//! [`ByteSpan`] of the document's normalised text, plus the index of the
//! sentence it lies in. Nothing here knows about table offsets; the one
//! conversion to the character offsets of `articles.text` is
//! [`Doc::char_span`](crate::Doc::char_span), called by the sink that makes
//! rows. Annotations refer to each other by index into their layer (an
//! event's actor is an index into [`Doc::entities`](crate::Doc::entities)),
//! never by a row id.
//!
//! | layer | type | one per |
//! |---|---|---|
//! | syntax | [`SyntaxToken`] | token (parallel to `Doc::tokens`) |
//! | entities | [`EntitySpan`] | named-entity mention |
//! | dates | [`DateAnnotation`] | date expression |
//! | quantities | [`QuantityAnnotation`] | counted fact |
//! | quotes | [`QuoteAnnotation`] | quotation |
//! | events | [`EventAnnotation`] | event (trigger) |
//! | relations | [`RelationAnnotation`] | stated link between two participants |

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::kb::EntityType;
use crate::text::ByteSpan;

/// What every span annotation has: where it is.
pub trait Annotation {
    /// Span in the normalised text.
    fn span(&self) -> ByteSpan;
    /// Index of the sentence the annotation lies in (starts in, for quotes).
    fn sentence_idx(&self) -> usize;
}

macro_rules! annotation {
    ($($ty:ty),*) => {$(
        impl Annotation for $ty {
            fn span(&self) -> ByteSpan {
                self.span
            }
            fn sentence_idx(&self) -> usize {
                self.sentence_idx
            }
        }
    )*};
}

annotation!(
    EntitySpan,
    DateAnnotation,
    QuantityAnnotation,
    QuoteAnnotation,
    EventAnnotation,
    RelationAnnotation
);

/// The annotations of sentence `idx` in a layer kept in sentence order.
#[must_use]
pub fn of_sentence<T: Annotation>(layer: &[T], idx: usize) -> &[T] {
    &layer[sentence_range(layer, idx)]
}

/// The index range of sentence `idx`'s annotations in a layer kept in
/// sentence order.
#[must_use]
pub fn sentence_range<T: Annotation>(layer: &[T], idx: usize) -> Range<usize> {
    let first = layer.partition_point(|a| a.sentence_idx() < idx);
    let last = layer.partition_point(|a| a.sentence_idx() <= idx);
    first..last.max(first)
}

/// Sorts a layer into sentence then text order (stable, so equal spans keep
/// the order they were written in).
pub(crate) fn sort_layer<T: Annotation>(layer: &mut [T]) {
    layer.sort_by_key(|a| (a.sentence_idx(), a.span().start, a.span().end));
}

/// A named-entity mention (the `entities` layer; rows of the `mentions` table).
#[derive(Debug, Clone, PartialEq)]
pub struct EntitySpan {
    /// Span in the normalised text.
    pub span: ByteSpan,
    /// Sentence of the mention.
    pub sentence_idx: usize,
    /// Entity type.
    pub entity_type: EntityType,
    /// Confidence in span and type, 0 to 1.
    pub score: f64,
    /// Name of the component that wrote it (e.g. `mention_rules`).
    pub source: &'static str,
    /// How the component found it: the `mentions.method` column
    /// (`gazetteer`, `title_rule`, …).
    pub method: &'static str,
}

/// The 17 universal part-of-speech tags of Universal Dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other (also the value before a tagger has run).
    #[default]
    X,
}

impl Upos {
    /// All tags, in the order UD lists them.
    pub const ALL: [Upos; 17] = [
        Self::Adj,
        Self::Adp,
        Self::Adv,
        Self::Aux,
        Self::Cconj,
        Self::Det,
        Self::Intj,
        Self::Noun,
        Self::Num,
        Self::Part,
        Self::Pron,
        Self::Propn,
        Self::Punct,
        Self::Sconj,
        Self::Sym,
        Self::Verb,
        Self::X,
    ];

    /// The tag as UD writes it (`NOUN`, `PROPN`, …).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Adj => "ADJ",
            Self::Adp => "ADP",
            Self::Adv => "ADV",
            Self::Aux => "AUX",
            Self::Cconj => "CCONJ",
            Self::Det => "DET",
            Self::Intj => "INTJ",
            Self::Noun => "NOUN",
            Self::Num => "NUM",
            Self::Part => "PART",
            Self::Pron => "PRON",
            Self::Propn => "PROPN",
            Self::Punct => "PUNCT",
            Self::Sconj => "SCONJ",
            Self::Sym => "SYM",
            Self::Verb => "VERB",
            Self::X => "X",
        }
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A string that is not one of the 17 UD tags.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Universal Dependencies part-of-speech tag (ADJ, ADP, …, VERB, X)")]
pub struct UnknownUpos(pub String);

impl FromStr for Upos {
    type Err = UnknownUpos;

    fn from_str(label: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|tag| tag.label() == label)
            .ok_or_else(|| UnknownUpos(label.to_owned()))
    }
}

/// Syntax of one token (the `syntax` layer, parallel to `Doc::tokens`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntaxToken {
    /// Universal part of speech.
    pub upos: Upos,
    /// Language-specific tag (Penn Treebank for English), empty when unknown.
    pub xpos: Box<str>,
    /// Lemma, empty when unknown.
    pub lemma: Box<str>,
    /// Index in `Doc::tokens` of the syntactic head; `None` for the root (or
    /// before a parser has run).
    pub head: Option<usize>,
    /// UD relation to the head with its subtype (`nsubj:pass`), empty when unknown.
    pub deprel: Box<str>,
}

/// Granularity of a resolved date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    /// A calendar day.
    Day,
    /// A week (the value is its Monday).
    Week,
    /// A month (the value is its first day).
    Month,
    /// A calendar quarter (the value is its first day).
    Quarter,
    /// A year (the value is 1 January).
    Year,
    /// A decade (the value is 1 January of its first year).
    Decade,
    /// A century (the value is 1 January of its first year; the 21st starts in 2000).
    Century,
}

impl DatePrecision {
    /// The label written in tables (`day`, `week`, …).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
            Self::Decade => "decade",
            Self::Century => "century",
        }
    }
}

/// A string that is not a date precision label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date precision (day, week, month, quarter, year, decade or century)")]
pub struct UnknownDatePrecision(pub String);

impl FromStr for DatePrecision {
    type Err = UnknownDatePrecision;

    fn from_str(label: &str) -> Result<Self, Self::Err> {
        [
            Self::Day,
            Self::Week,
            Self::Month,
            Self::Quarter,
            Self::Year,
            Self::Decade,
            Self::Century,
        ]
        .into_iter()
        .find(|p| p.label() == label)
        .ok_or_else(|| UnknownDatePrecision(label.to_owned()))
    }
}

/// A date expression resolved to the calendar (the `dates` layer).
#[derive(Debug, Clone, PartialEq)]
pub struct DateAnnotation {
    /// Span in the normalised text.
    pub span: ByteSpan,
    /// Sentence of the expression.
    pub sentence_idx: usize,
    /// Resolved value with its precision; `None` when the expression needed
    /// an anchor date and there was none.
    pub value: Option<(NaiveDate, DatePrecision)>,
    /// Last day of a range, if a range.
    pub range_end: Option<NaiveDate>,
    /// Anchor date used to resolve the expression, if one was needed (the publication date, or the earlier stated date that `a decade later` counts from).
    pub anchor: Option<NaiveDate>,
}

/// How a quantity's stated number bounds the real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Qualifier {
    /// `at least 60`.
    AtLeast,
    /// `more than 60`.
    MoreThan,
    /// `about 60`, `nearly 60`.
    About,
    /// `up to 60`.
    UpTo,
    /// `fewer than 60`.
    LessThan,
    /// `exactly 60`.
    Exactly,
    /// `between 5 and 10`, `20 to 30`: low and high both given.
    Between,
}

impl Qualifier {
    /// The label written in tables (`at_least`, …).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::AtLeast => "at_least",
            Self::Between => "between",
            Self::MoreThan => "more_than",
            Self::About => "about",
            Self::UpTo => "up_to",
            Self::LessThan => "less_than",
            Self::Exactly => "exactly",
        }
    }
}

/// A counted fact (the `quantities` layer).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityAnnotation {
    /// Span of the expression (qualifier included) in the normalised text.
    pub span: ByteSpan,
    /// Sentence of the expression.
    pub sentence_idx: usize,
    /// Value as stated.
    pub value: f64,
    /// Lower bound implied by the qualifier.
    pub low: Option<f64>,
    /// Upper bound implied by the qualifier.
    pub high: Option<f64>,
    /// Qualifier, if any.
    pub qualifier: Option<Qualifier>,
    /// Counted noun (`attacks`), if any.
    pub noun: Option<String>,
    /// Unit of a measure (`percent`, `km`, `USD`), if any.
    pub unit: Option<&'static str>,
}

/// Who a quotation is attributed to, as written near it.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// Span of the speaker words (`he`, `Soaid`) in the normalised text.
    pub span: ByteSpan,
    /// The named mention (index into `Doc::entities`) the speaker refers to.
    pub entity: Option<usize>,
}

/// A quotation (the `quotes` layer).
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteAnnotation {
    /// Span of the quoted words (inside the marks) in the normalised text.
    pub span: ByteSpan,
    /// Sentence the quote starts in.
    pub sentence_idx: usize,
    /// The speaker, when one was found.
    pub speaker: Option<Speaker>,
    /// Speech verb (`said`), as written in the normalised text.
    pub cue: Option<String>,
    /// How the quote was found (the `quotes.method` column).
    pub method: &'static str,
}

/// An event found at a trigger (the `events` layer).
#[derive(Debug, Clone, PartialEq)]
pub struct EventAnnotation {
    /// Span of the trigger word(s) in the normalised text.
    pub span: ByteSpan,
    /// Sentence stating the event.
    pub sentence_idx: usize,
    /// PLOVER event type (`ASSAULT`).
    pub plover_type: String,
    /// PLOVER mode (`aerial`).
    pub plover_mode: Option<String>,
    /// ACLED event type.
    pub acled_type: Option<String>,
    /// ACLED sub-event type.
    pub acled_subtype: Option<String>,
    /// Actor: index into `Doc::entities`.
    pub actor: Option<usize>,
    /// Actor named by a noun phrase with no entity (`militants`): its span
    /// in the normalised text (`None` when `actor` is set).
    pub actor_phrase: Option<ByteSpan>,
    /// Target: index into `Doc::entities`.
    pub target: Option<usize>,
    /// Target named by a noun phrase with no entity (`a refugee camp`).
    pub target_phrase: Option<ByteSpan>,
    /// Place: index into `Doc::entities`.
    pub place: Option<usize>,
    /// Place named by a noun phrase with no entity (`at his school`, `in
    /// the region`): its span in the normalised text (`None` when `place`
    /// is set).
    pub place_phrase: Option<ByteSpan>,
    /// Date of the event with its precision.
    pub date: Option<(NaiveDate, DatePrecision)>,
    /// Where the date was read: `sentence`, `paragraph` or `article`.
    pub date_source: Option<&'static str>,
    /// People killed.
    pub killed: Option<i64>,
    /// People injured.
    pub injured: Option<i64>,
    /// The sentence says the event did not happen.
    pub negated: bool,
    /// The event is conditional, threatened or speculative.
    pub hypothetical: bool,
    /// The sentence summarises many events.
    pub aggregate: bool,
    /// The trigger is inside a quote, direct or reported.
    pub reported: bool,
    /// Confidence 0 to 1.
    pub confidence: f64,
    /// How the event was found (the `events.method` column).
    pub method: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upos_labels_round_trip_and_unknown_tags_are_refused() {
        for tag in Upos::ALL {
            assert_eq!(tag.label().parse::<Upos>(), Ok(tag));
        }
        assert_eq!("PROPN".parse::<Upos>(), Ok(Upos::Propn));
        let error = "NN".parse::<Upos>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`NN` is not a Universal Dependencies part-of-speech tag (ADJ, ADP, …, VERB, X)"
        );
    }

    #[test]
    fn annotations_of_one_sentence() {
        let date = |sentence_idx, start| DateAnnotation {
            span: ByteSpan::new(start, start + 1),
            sentence_idx,
            value: None,
            range_end: None,
            anchor: None,
        };
        let layer = [
            date(0, 0),
            date(0, 5),
            date(2, 20),
            date(2, 30),
            date(5, 70),
        ];
        let starts =
            |part: &[DateAnnotation]| part.iter().map(|d| d.span.start).collect::<Vec<_>>();
        assert_eq!(starts(of_sentence(&layer, 2)), [20, 30]);
        assert!(of_sentence(&layer, 1).is_empty());
        assert_eq!(starts(of_sentence(&layer, 5)), [70]);
        assert!(of_sentence(&layer, 9).is_empty());
    }
}

/// The kind of a stated relation (the `relations.relation` column). Each
/// reads "source *relation* target".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelationKind {
    /// The source belongs to the target: a member, official or unit of an
    /// organisation, or a group under an umbrella (`Kataeb Hezbollah … under
    /// the Popular Mobilization Forces umbrella`).
    MemberOf,
    /// The source leads the target (`Hezbollah leader Hassan Nasrallah`,
    /// `US-led coalition`).
    LeaderOf,
    /// The source is based in the target place (`Gaza-based`, `based in Beirut`).
    BasedIn,
    /// The source is backed, funded or armed by the target (`Iran-backed militias`).
    BackedBy,
    /// The source met the target (`Sudani met Khamenei`, `held talks with`).
    MetWith,
    /// The source is allied with the target (`allied with`, `an ally of`).
    AlliedWith,
}

impl RelationKind {
    /// The column value: `member_of`, `leader_of`, `based_in`, `backed_by`,
    /// `met_with` or `allied_with`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::MemberOf => "member_of",
            Self::LeaderOf => "leader_of",
            Self::BasedIn => "based_in",
            Self::BackedBy => "backed_by",
            Self::MetWith => "met_with",
            Self::AlliedWith => "allied_with",
        }
    }
}

/// One side of a relation: an entity mention, or a noun phrase that names
/// no entity (`militias` in `Iran-backed militias`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participant {
    /// Index into [`Doc::entities`](crate::Doc::entities).
    Entity(usize),
    /// Span of the noun phrase in the normalised text.
    Phrase(ByteSpan),
}

/// A relation stated in one sentence (the `relations` layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationAnnotation {
    /// Span of the word that states the relation (`backed`, `leader`, `met`)
    /// in the normalised text.
    pub span: ByteSpan,
    /// Sentence stating the relation.
    pub sentence_idx: usize,
    /// What the sentence says of source and target.
    pub kind: RelationKind,
    /// The side the relation is said of.
    pub source: Participant,
    /// The other side.
    pub target: Participant,
    /// Which pattern found it (the `relations.method` column).
    pub method: &'static str,
}
