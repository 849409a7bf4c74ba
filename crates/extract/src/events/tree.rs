//! Roles and casualty counts read from the dependency tree of one sentence.
//!
//! The tree is made lazily: only a sentence that holds an event is tagged
//! and parsed ([`Tree::of_sentence`], through `sitrep_syntax::sentence_syntax`,
//! whose parse the other components share), and a sentence of more than
//! `MAX_TOKENS` tokens is left to the position rules. When the `Doc` already carries the syntax
//! layer (`run --tokens`), that layer is read instead of parsing again.
//!
//! From the trigger's head word (the word of the trigger span whose head lies
//! outside it: `strike` in `air strike`, `turned` in `turned down`):
//!
//! - **verb**: actor = `nsubj` (active) or the `by` phrase (`obl:agent`, or
//!   `obl` with case `by`) of a passive (a subject right after a preposition
//!   is taken for a parse slip and gives none); a relative pronoun subject stands for
//!   the noun its clause modifies; a passive without its own agent has no
//!   actor; with no subject of its own, an `xcomp`,
//!   `conj` or `advcl` verb takes its governor's actor (`threatened to
//!   assassinate`, `attacked and killed`, `…, striking targets`), and an
//!   active participle modifying a noun takes that noun (`militias attacking
//!   US forces`). Target = `nsubj:pass` of a passive, the noun a passive
//!   participle modifies (`the base attacked by …`), the passive subject of
//!   the passive verb a bare participle is joined to (`was questioned and
//!   then arrested`: that participle counts as passive too) or the subject
//!   noun a passive clause is hung on by a parse slip (`The team …, had been
//!   denied visas`), else `obj`, else an `obl` with case `on`, `against` or
//!   `with`;
//! - **noun**: actor = `nmod:poss` (`Israel's strikes`; but the possessor
//!   of an undergoer noun with no `of` phrase is its target: `his arrest`,
//!   `their release`, from `data/lexicons/events/undergoer_nouns.tsv`), an `nmod` with case
//!   `by`, or a `compound`/`amod` modifier that is an actor mention (`US
//!   strikes`, `Israeli raids`), else the actor of the verb whose object the
//!   noun is (`militias launched 61 attacks`), or the named subject (a proper
//!   noun or pronoun) a circumstance phrase hangs from (`Blinken, in a
//!   meeting with …`; not `A look at the attacks`). Target = an `nmod` with case
//!   `on`, `against`, `with` or `of` (`attacks on US forces`, `assassination
//!   of Haniyeh`), else the `against` (or, for a hit, `on`) phrase of the
//!   support verb whose object the noun is (`launching attacks against
//!   bases`, `put pressure on the militias`), else the object of a hitting
//!   verb the noun is subject of (`airstrikes targeted a training
//!   facility`). The prepositions depend on the event ([`NounCases`]): `of`
//!   gives the actor of a withdrawal or protest and of a request (`the
//!   request of the municipalities`), `for`/`to` the recipient of support
//!   and `to` the addressee of a request, and only `with` the other party
//!   of a meeting (`talks on its nuclear program` tell the topic);
//! - **place**: a place phrase (`obl`/`nmod` with `in`, `at`, `near`, … from
//!   `data/lexicons/place_prepositions.tsv`, those that never open a
//!   target), first one whose preposition is part of the trigger
//!   (`traveled to Tehran`), then a city or region naming an event noun
//!   (`the Fallujah fighting`: its place, not its actor; a country there
//!   acts: `US strikes`), then phrases on the trigger and, down to four
//!   edges, on its arguments and their modifiers (`struck sites in eastern
//!   Syria`, `killed civilians trapped in Gaza`, `his chief aide in Najaf
//!   was arrested`; also through a support verb: `conducted airstrikes
//!   against locations in Syria`), never inside another clause (`advcl`,
//!   `conj`, `ccomp`, relative clause, list), a dating phrase (`after a blast
//!   at a Gaza hospital`) or an origin below the trigger (`a boy from
//!   Irving`); then phrases on the words the trigger hangs from (`clashes
//!   broke out in Mosul`; `to` too from a chained clause: `traveled to
//!   Tehran and met`), or one the trigger lies in, unless the trigger only
//!   dates them (`Since the attack, … moved warships into the Middle
//!   East`). A phrase names the place mention on its head or on a name,
//!   modifier, apposition or conjunct of it (`in eastern Syria`, `in the
//!   capital, Nairobi`, `in Iraq and Syria`, `in Lebanon's South`, after `of`
//!   on a division noun: `in the city of Baqubah`), not one further inside
//!   (`in Israel's war`), and not a country naming a noun's side (`on bases
//!   housing US forces`; a city is a place: `at a Gaza hospital`). A place
//!   that is the actor or target is not the place. The tree decides: with
//!   no such phrase the event has no place (the position rules' sentence
//!   place picked names of other clauses and participants: `US President
//!   Barack Obama`, `Hezbollah in Lebanon`).
//!
//! Parse slips and shared arguments (2026-12-01, session 7): a passive
//! subject of a verb with an object and no passive auxiliary acts (`Army
//! arrested Ghulam …`); a verb with no object of its own shares the object of
//! the verb joined to it by `and`/`or` (`Police arrested and questioned the
//! student`: then also no passive modifier of `Police`); a clause joined
//! with its own passive auxiliary but no subject takes its governor's
//! subject as target (`They made the trip and were turned down`), as does a
//! bare participle clause (`… were there and likely struck`, `Asked by
//! reporters, Baker replied`); the subject of a receiving verb
//! (`data/lexicons/events/receiving_verbs.tsv`: `received support`, `attract
//! criticism`, `faced charges`) is the event's target and not its actor; a
//! `by` noun phrase on the active verb whose object is an event noun is that
//! noun's actor (`fueled threats of retaliation by a range of groups`); an
//! event noun `of` another noun takes that noun's actor (`threats of
//! retaliation`, `began the latest spate of attacks`); the agent of a
//! passive support verb is its event noun's actor (`The request was advanced
//! by the Municipality`); a clause joined to a noun's modifier takes no place
//! from it. With no place name, a place phrase headed by a common place noun
//! (`data/lexicons/events/place_nouns.tsv`) gives the place as a noun phrase
//! (`arrested at his school`, `bases in the region`).
//!
//! A role word becomes an entity mention when a mention covers it, or when a
//! `compound`, `flat`, `nmod:poss`, `amod`, `appos`, `nmod:unmarked` or
//! `nmod:desc` child of it is a mention of a fitting type, a person first
//! (`US fighter jets` → US, `US Secretary of State Antony Blinken` →
//! Antony Blinken); otherwise a noun or pronoun gives
//! its noun phrase as text (`militants`, `the student`, `they`), without
//! relative clauses, appositions or coordinated phrases.
//!
//! Casualties: a number is a casualty count of a casualty word (`killed`,
//! `wounded`, `dead`, …) only when it is the `nummod` of the word's object,
//! passive subject or the noun the word modifies (`killed at least 12
//! people`, `12 people were killed`, `20 people wounded`), or the object or
//! subject itself (`killing 4`, `12 died`), the subject of the verb
//! whose object a casualty noun is (`60 personnel reported injuries`), or
//! the object of the verb a casualty adjective predicates (`left one Iraqi
//! dead`); the
//! count goes to the `ASSAULT` event nearest in the tree within four edges,
//! else to the last `ASSAULT` before the casualty word in the sentence. An
//! age (`died aged 37`), a year or a vague amount (`hundreds`, a noun) is
//! never such a number.

use std::sync::LazyLock;

use sitrep_core::layers::{SyntaxToken, Upos};
use sitrep_core::tables::MentionRow;
use sitrep_core::{ByteSpan, Doc};

/// Sentences of more tokens than this are not parsed (cost; the position
/// rules still apply).
pub(crate) const MAX_TOKENS: usize = 80;

/// Children cut from a noun phrase given as text (a `conj` is kept when it
/// is a noun: `two weapons and ammunition storage sites`; a place phrase of
/// the head is cut too: `a facility near Maysulun` gives `a facility`).
const PHRASE_CUTS: &[&str] = &[
    "acl",
    "acl:relcl",
    "appos",
    "punct",
    "case",
    "mark",
    "advcl",
    "parataxis",
    "dep",
    "cop",
    "list",
];

/// Noun phrases given as text are at most this many words.
const MAX_PHRASE_WORDS: usize = 10;

/// Verbs whose subject is an event noun that hits their object
/// (`airstrikes targeted a training facility`).
static HITTING_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/hitting_verbs.tsv",
        include_str!("../../../../data/lexicons/events/hitting_verbs.tsv"),
    )
});

/// Support verbs: their object is an event noun that their subject carries
/// out (`launched attacks`, `conducted airstrikes`, `held talks`), by lemma.
static SUPPORT_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/support_verbs.tsv",
        include_str!("../../../../data/lexicons/events/support_verbs.tsv"),
    )
});

/// Verbs whose subject receives the event noun (or verb) that is their
/// object: its target, not its actor (`Mohamed received support`, `the
/// questionnaires attract criticism`), by lemma.
static RECEIVING_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/receiving_verbs.tsv",
        include_str!("../../../../data/lexicons/events/receiving_verbs.tsv"),
    )
});

/// Event nouns whose possessor undergoes them (`his arrest`, `their
/// release`) when no `of` phrase names the target, by lemma.
static UNDERGOER_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/undergoer_nouns.tsv",
        include_str!("../../../../data/lexicons/events/undergoer_nouns.tsv"),
    )
});

/// Verbs whose subject suffers an event told in a circumstance phrase.
static SUFFERING_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/suffering_verbs.tsv",
        include_str!("../../../../data/lexicons/events/suffering_verbs.tsv"),
    )
});

/// Prepositions of a circumstance phrase whose event noun is carried out by
/// the clause's actor (`in a meeting with`, `during talks`, `after
/// negotiations`).
static CIRCUMSTANCE_CASES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/circumstance_cases.tsv",
        include_str!("../../../../data/lexicons/events/circumstance_cases.tsv"),
    )
});

/// Relations a place search descends through from an event word: its
/// arguments and their modifiers, not other clauses (`advcl`, `conj`,
/// `ccomp`, relative clauses, appositions, lists).
const PLACE_DESCENT: &[&str] = &[
    "obj",
    "iobj",
    "nsubj",
    "nsubj:pass",
    "obl",
    "obl:agent",
    "nmod",
    "acl",
    "xcomp",
    "compound",
    "appos",
];

/// A place phrase lies at most this many edges below the event word.
const PLACE_DEPTH: usize = 4;

/// Prepositions of a phrase that only dates an event by another (`since
/// the attack`): the place of the clause is not that event's.
static TEMPORAL_CASES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/temporal_cases.tsv",
        include_str!("../../../../data/lexicons/events/temporal_cases.tsv"),
    )
});

/// Relative pronouns: a subject that stands for the noun its clause modifies.
static RELATIVE_PRONOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/relative_pronouns.tsv",
        include_str!("../../../../data/lexicons/events/relative_pronouns.tsv"),
    )
});

/// One token with its syntax, offsets as the event rules compare them.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Character offsets in `articles.text`.
    pub(crate) chars: (i64, i64),
    /// Lower-case text.
    pub(crate) lower: String,
    /// Capital letters in the text (`2` for `MEPs`).
    pub(crate) capitals: usize,
    pub(crate) upos: Upos,
    pub(crate) xpos: String,
    pub(crate) lemma: String,
    /// Index of the head in the sentence, `None` for the root.
    pub(crate) head: Option<usize>,
    pub(crate) deprel: String,
    /// Span in the normalised text.
    pub(crate) span: ByteSpan,
    /// Part of a date expression (`on Nov. 8` is a time, not a target).
    pub(crate) date: bool,
}

impl Node {
    /// Whether the word is written in capitals (`ASKS`, `60-DAY`): every
    /// letter, and at least one. The tagger reads such words unreliably.
    pub(crate) fn shouted(&self) -> bool {
        self.capitals > 0
            && self.capitals == self.lower.chars().filter(|c| c.is_alphabetic()).count()
    }
}

/// The dependency tree of one sentence.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
}

/// What a role word stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Filler<'m> {
    /// An entity mention.
    Mention(&'m MentionRow),
    /// A noun phrase with no entity: its span in the normalised text.
    Phrase(ByteSpan),
}

/// How the prepositions of an event noun's phrases map to roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NounCases {
    /// `attacks on US forces`, `the assassination of Haniyeh`: `on`,
    /// `against`, `with`, `of` give the target.
    Patient,
    /// An event with no patient: `the withdrawal of all US forces` (`of`
    /// gives the actor).
    Intransitive,
    /// Help or backing: `support for Mohamed`, `aid to Iraqi forces`.
    Recipient,
    /// A meeting or talks: only `with` gives the other party (`talks on
    /// its nuclear program` tell the topic).
    Consult,
    /// A request: `the request of the municipalities` (`of` gives the
    /// actor), `requests to the government` (`to` the addressee).
    Request,
}

/// Role words of one trigger (indices into the tree).
#[derive(Debug, Clone, Default)]
pub(crate) struct Roles {
    pub(crate) actor: Option<usize>,
    pub(crate) target: Option<usize>,
    /// Heads of place phrases, nearest first.
    pub(crate) places: Vec<usize>,
}

impl Tree {
    /// The tree of sentence `idx`: the syntax layer when the `Doc` has it,
    /// else the syntax model's parse; `None` for an empty or over-long sentence.
    pub(crate) fn of_sentence(doc: &Doc, idx: usize) -> Option<Self> {
        Self::of_sentence_within(doc, idx, MAX_TOKENS)
    }

    /// As [`Tree::of_sentence`], `None` for a sentence of more than
    /// `max_tokens` tokens.
    pub(crate) fn of_sentence_within(doc: &Doc, idx: usize, max_tokens: usize) -> Option<Self> {
        let sentence = doc.sentences.get(idx)?;
        let (first, end) = (sentence.first_token, sentence.end_token);
        if end <= first || end - first > max_tokens {
            return None;
        }
        let syntax: &[SyntaxToken] = sitrep_syntax::sentence_syntax(doc, idx);
        let nodes = doc.tokens[first..end]
            .iter()
            .zip(syntax)
            .map(|(token, word)| {
                let text = doc.text(token.span);
                Node {
                    chars: doc.char_span(token.span),
                    lower: text.to_lowercase(),
                    capitals: text.chars().filter(|c| c.is_uppercase()).count(),
                    upos: word.upos,
                    xpos: word.xpos.to_string(),
                    lemma: word.lemma.to_string(),
                    head: word.head.map(|h| h - first),
                    deprel: word.deprel.to_string(),
                    span: token.span,
                    date: false,
                }
            })
            .collect();
        let mut tree = Self { nodes };
        tree.repair_verbless_root();
        Some(tree)
    }

    /// A full sentence (ending in a period) whose parse has a noun as its
    /// root and no verb of its own hangs its main verb from a noun as a
    /// participle (`The Japanese government, under pressure from the United
    /// States, agreed …` with `agreed` a modifier of `pressure`; `Members
    /// also agreed at the meeting`): the first such modifier verb after the
    /// root, with no subject or subordinator of its own, becomes the root
    /// and the noun its subject, read as a finite verb. A copular root
    /// (`He is president`), a root in a prepositional phrase (`In the south,
    /// … workers clashed`: another slip), a headline (no period) and a
    /// participle with a `by` agent (`a village attacked by militants`) stay
    /// as parsed.
    fn repair_verbless_root(&mut self) {
        let Some(root) = (0..self.nodes.len()).find(|&n| self.nodes[n].head.is_none()) else {
            return;
        };
        let ends_in_period = self.nodes.last().is_some_and(|n| n.lower == ".");
        if !ends_in_period
            || !matches!(self.nodes[root].upos, Upos::Noun | Upos::Propn)
            || self
                .child(root, &["cop", "nsubj", "nsubj:pass", "case"])
                .is_some()
        {
            return;
        }
        let verb = (root + 1..self.nodes.len()).find(|&v| {
            let node = &self.nodes[v];
            node.upos == Upos::Verb
                && node.deprel == "acl"
                && matches!(node.xpos.as_str(), "VBN" | "VBD")
                && self.dominates(root, v)
                && self
                    .child(v, &["mark", "nsubj", "nsubj:pass", "aux:pass", "obl:agent"])
                    .is_none()
                && !self
                    .children(v)
                    .any(|c| self.nodes[c].deprel == "obl" && self.case_of(c) == Some("by"))
        });
        let Some(verb) = verb else {
            return;
        };
        let node = &mut self.nodes[verb];
        node.head = None;
        "root".clone_into(&mut node.deprel);
        "VBD".clone_into(&mut node.xpos);
        let noun = &mut self.nodes[root];
        noun.head = Some(verb);
        "nsubj".clone_into(&mut noun.deprel);
    }

    /// Marks the words inside the character spans of date expressions.
    pub(crate) fn mark_dates(&mut self, dates: impl Iterator<Item = (i64, i64)>) {
        for (start, end) in dates {
            for node in &mut self.nodes {
                node.date |= node.chars.0 < end && start < node.chars.1;
            }
        }
    }

    /// Leaves the words of an opening dateline, up to its dash at word
    /// `dash` (`WASHINGTON -`), out of every role, as dates are.
    pub(crate) fn mark_dateline(&mut self, dash: usize) {
        for node in self.nodes.iter_mut().take(dash + 1) {
            node.date = true;
        }
    }

    /// Dependents of `i`, dates left out.
    pub(crate) fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(move |&c| self.nodes[c].head == Some(i) && !self.nodes[c].date)
    }

    /// The first dependent of `i` by one of `relations`.
    pub(crate) fn child(&self, i: usize, relations: &[&str]) -> Option<usize> {
        self.children(i)
            .find(|&c| relations.contains(&self.nodes[c].deprel.as_str()))
    }

    /// Lower-case text of the `case` word of `i` (`in` for `in Baghdad`).
    fn case_of(&self, i: usize) -> Option<&str> {
        self.child(i, &["case"])
            .map(|c| self.nodes[c].lower.as_str())
    }

    /// Whether `ancestor` dominates `node` (or is it).
    pub(crate) fn dominates(&self, ancestor: usize, mut node: usize) -> bool {
        for _ in 0..=self.nodes.len() {
            if node == ancestor {
                return true;
            }
            match self.nodes[node].head {
                Some(head) => node = head,
                None => return false,
            }
        }
        false
    }

    /// Number of edges between `a` and `b` in the tree.
    fn distance(&self, a: usize, b: usize) -> Option<usize> {
        let path = |mut n: usize| {
            let mut out = vec![n];
            while let Some(h) = self.nodes[n].head {
                if out.len() > self.nodes.len() {
                    break;
                }
                out.push(h);
                n = h;
            }
            out
        };
        let (up_a, up_b) = (path(a), path(b));
        up_a.iter()
            .enumerate()
            .find_map(|(da, n)| up_b.iter().position(|m| m == n).map(|db| da + db))
    }

    /// The word of the character span `start..end` whose head lies outside it.
    pub(crate) fn head_of(&self, start: i64, end: i64) -> Option<usize> {
        let inside = |n: &Node| n.chars.0 >= start && n.chars.1 <= end;
        let within: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| inside(&self.nodes[i]))
            .collect();
        within
            .iter()
            .copied()
            .find(|&i| self.nodes[i].head.is_none_or(|h| !inside(&self.nodes[h])))
            .or_else(|| within.first().copied())
    }

    fn is_nominal(&self, i: usize) -> bool {
        matches!(self.nodes[i].upos, Upos::Noun | Upos::Propn)
    }

    fn is_passive(&self, i: usize) -> bool {
        let node = &self.nodes[i];
        let bare = node.xpos == "VBN"
            && self
                .child(i, &["obj", "nsubj", "aux", "aux:pass"])
                .is_none();
        (self.child(i, &["nsubj:pass", "aux:pass", "csubj:pass"])
            .is_some()
            && self.slipped_passive_subject(i).is_none())
            // `the base attacked by …`; not `Police arrested and questioned
            // the student` (an object: the noun acts).
            || (node.deprel.starts_with("acl")
                && node.xpos == "VBN"
                && self.child(i, &["obj"]).is_none()
                && self.raised_object(i).is_none())
            // `was questioned and then arrested`, `were there and likely
            // struck`: a bare participle joined to a passive or copular
            // clause shares its auxiliary.
            || (node.deprel == "conj"
                && bare
                && node.head.is_some_and(|h| {
                    h != i && self.child(h, &["aux:pass", "nsubj:pass", "cop"]).is_some()
                }))
            // `Arrested in 2004, he …`, `… there and likely struck`: a bare
            // participle clause is passive.
            // (Not `Merx has since withdrawn` with `has` the parse's root.)
            || (node.deprel == "advcl"
                && bare
                && node.head.is_some_and(|h| self.nodes[h].lemma != "have"))
    }

    /// The subject of verb `v` that the parse labels passive although `v`
    /// has no passive auxiliary and an object of its own (`Army arrested
    /// Ghulam …` with `Army` a passive subject): a slip, the subject acts.
    fn slipped_passive_subject(&self, v: usize) -> Option<usize> {
        if self.child(v, &["aux:pass"]).is_some() || self.child(v, &["obj"]).is_none() {
            return None;
        }
        self.child(v, &["nsubj:pass"])
    }

    /// The object verb `v` shares with a verb coordinated after it when it
    /// has none of its own (`arrested and questioned the student`).
    fn raised_object(&self, v: usize) -> Option<usize> {
        if self.child(v, &["obj", "ccomp", "xcomp"]).is_some() {
            return None;
        }
        // Only `and`/`or` (and an adverb: `and then`) between the two verbs.
        let joined = |c: usize| {
            (v + 1..c).all(|k| {
                let node = &self.nodes[k];
                (node.deprel == "cc" && matches!(node.lower.as_str(), "and" | "or"))
                    || node.deprel == "advmod"
            })
        };
        self.children(v)
            .filter(|&c| {
                c > v
                    && self.nodes[c].deprel == "conj"
                    && self.nodes[c].upos == Upos::Verb
                    && joined(c)
                    && self
                        .child(c, &["nsubj", "nsubj:pass", "aux:pass"])
                        .is_none()
            })
            .find_map(|c| self.child(c, &["obj"]))
    }

    /// Role words of the trigger whose head word is `t` (see the module docs).
    /// Words of the trigger itself (`bombs` in `dropped bombs`) fill no role.
    pub(crate) fn roles(
        &self,
        t: usize,
        trigger: (i64, i64),
        mentions: &[&MentionRow],
        actor_types: &[&str],
        kind: NounCases,
    ) -> Roles {
        let mut roles = if self.is_nominal(t) {
            self.noun_roles(t, mentions, actor_types, kind)
        } else {
            self.verb_roles(t, trigger)
        };
        let outside = |n: &usize| {
            let chars = self.nodes[*n].chars;
            chars.1 <= trigger.0 || chars.0 >= trigger.1
        };
        // `Mohamed received support`, `has drawn praise and criticism`: the
        // subject of a receiving verb is the target, and acts in nothing.
        if let Some(recipient) = self.recipient(t) {
            if roles.actor == Some(recipient) || !self.is_nominal(t) {
                roles.actor = None;
            }
            roles.target = Some(recipient);
        }
        roles.actor = roles.actor.filter(outside);
        roles.target = roles.target.filter(outside);
        // `traveled to Tehran`: a phrase whose preposition is part of the
        // trigger comes first.
        let inside = |c: usize| {
            let chars = self.nodes[c].chars;
            chars.0 >= trigger.0 && chars.1 <= trigger.1
        };
        // `the Fallujah fighting`: a city naming an event noun is its place.
        let city = self
            .is_nominal(t)
            .then(|| {
                self.children(t)
                    .find(|&c| self.city_modifier(c, mentions).is_some())
            })
            .flatten();
        roles.places = self
            .children(t)
            .filter(|&c| {
                self.nodes[c].deprel == "obl" && self.child(c, &["case"]).is_some_and(inside)
            })
            .chain(city)
            .chain(self.places(t))
            .collect();
        roles
    }

    /// A `compound` or `amod` word `c` covered by a place mention that is
    /// not a country (`Fallujah` in `the Fallujah fighting`): a city or
    /// region tells where, not who (`US strikes` is the US acting).
    fn city_modifier<'m>(&self, c: usize, mentions: &[&'m MentionRow]) -> Option<&'m MentionRow> {
        if !matches!(self.nodes[c].deprel.as_str(), "compound" | "amod") {
            return None;
        }
        let chars = self.nodes[c].chars;
        mentions.iter().copied().find(|m| {
            m.start < chars.1
                && chars.0 < m.end
                && matches!(m.entity_type.as_str(), "GPE" | "LOC" | "FAC")
                && !super::is_country(&m.text)
        })
    }

    fn verb_actor(&self, t: usize) -> Option<usize> {
        let mut verb = t;
        for _ in 0..4 {
            let node = &self.nodes[verb];
            if self.is_passive(verb) {
                if let Some(agent) = self.child(verb, &["obl:agent"]).or_else(|| {
                    self.children(verb)
                        .find(|&c| self.nodes[c].deprel == "obl" && self.case_of(c) == Some("by"))
                }) {
                    return Some(agent);
                }
                // A passive without its own agent: none (not the agent of
                // the passive it may be joined to).
                return None;
            } else if let Some(subject) = self
                .child(verb, &["nsubj"])
                .or_else(|| self.slipped_passive_subject(verb))
            {
                // A "subject" right after a preposition is a parse slip
                // (`in a meeting with al-Sudani …, warned`): no actor here.
                if self.after_preposition(subject) {
                    return None;
                }
                if RELATIVE_PRONOUNS.contains(&self.nodes[subject].lower.as_str())
                    && node.deprel == "acl:relcl"
                {
                    return node.head;
                }
                return Some(subject);
            }
            let head = node.head?;
            match node.deprel.as_str() {
                // `a campaign to persuade users`: an infinitive's noun does
                // not act; the actor of the verb whose object the noun is
                // does (`Microsoft launched a campaign to persuade`).
                // In a headline the noun does (`MINISTERS TO MEET`).
                "acl" if self.infinitive(verb) => {
                    let Some(governor) = self.nodes[head].head else {
                        return Some(head);
                    };
                    if self.nodes[head].deprel != "obj" || self.is_nominal(governor) {
                        return None;
                    }
                    verb = governor;
                }
                // `militias fighting the government`: the noun acts; but a
                // gerund after a preposition names an act (`the kind of
                // fighting`, `the cost of attacking`), no actor.
                "acl" if !self.is_passive(verb) => {
                    return self.child(verb, &["mark"]).is_none().then_some(head);
                }
                // Object control: `push the Americans not to retaliate`,
                // `asked schools to pay` (the object acts).
                // (Not a participle: `having assets seized`.)
                "xcomp"
                    if !self.is_nominal(head)
                        && self.nodes[verb].xpos != "VBN"
                        && self.child(head, &["obj"]).is_some() =>
                {
                    return self.child(head, &["obj"]);
                }
                "xcomp" | "conj" | "advcl" | "parataxis" if !self.is_nominal(head) => verb = head,
                // A clause verb hung on a subject-like noun (a parse slip:
                // `The Board …, condemned`): that noun.
                "conj" | "parataxis"
                    if matches!(self.nodes[head].deprel.as_str(), "root" | "nsubj") =>
                {
                    return Some(head);
                }
                _ => return None,
            }
        }
        None
    }

    /// The subject of the receiving verb whose object (or, by a tagging
    /// slip, complement) the event word `t` is, directly or as a conjunct
    /// (`received support`, `has drawn both praise … and criticism`).
    pub(crate) fn recipient(&self, t: usize) -> Option<usize> {
        let mut word = t;
        if self.nodes[word].deprel == "conj" {
            word = self.nodes[word].head?;
        }
        if !matches!(self.nodes[word].deprel.as_str(), "obj" | "xcomp") {
            return None;
        }
        let verb = self.nodes[word].head?;
        if self.is_nominal(verb) || !RECEIVING_VERBS.contains(&self.nodes[verb].lemma.as_str()) {
            return None;
        }
        self.verb_actor(verb)
    }

    /// Whether verb `v` is an infinitive with `to` (`to persuade`).
    fn infinitive(&self, v: usize) -> bool {
        self.children(v)
            .any(|c| self.nodes[c].lower == "to" && self.nodes[c].deprel == "mark")
    }

    /// Whether `t` is a finite verb (past or present tense) that the parse
    /// hangs as a noun's modifier or argument: a slip, since a finite verb
    /// heads a clause.
    pub(crate) fn finite_verb_as_modifier(&self, t: usize) -> bool {
        let node = &self.nodes[t];
        node.upos == Upos::Verb
            && matches!(node.xpos.as_str(), "VBD" | "VBZ" | "VBP")
            && matches!(
                node.deprel.as_str(),
                "amod"
                    | "nmod"
                    | "compound"
                    | "obl"
                    | "obj"
                    | "nsubj"
                    | "flat"
                    | "appos"
                    | "nmod:unmarked"
            )
    }

    /// Whether the subject of verb `t` is taken for a parse slip (it
    /// follows a preposition), so that the tree gives `t` no actor.
    pub(crate) fn subject_slip(&self, t: usize) -> bool {
        self.child(t, &["nsubj"])
            .is_some_and(|subject| self.after_preposition(subject))
    }

    /// Whether the word before `i`'s subtree is a preposition.
    fn after_preposition(&self, i: usize) -> bool {
        let first = (0..self.nodes.len())
            .find(|&n| self.dominates(i, n))
            .unwrap_or(i);
        first
            .checked_sub(1)
            .is_some_and(|p| self.nodes[p].upos == Upos::Adp)
    }

    fn verb_roles(&self, t: usize, trigger: (i64, i64)) -> Roles {
        let node = &self.nodes[t];
        let target = if self.is_passive(t) {
            self.child(t, &["nsubj:pass"])
                .or_else(|| {
                    node.deprel
                        .starts_with("acl")
                        .then_some(node.head)
                        .flatten()
                })
                .or_else(|| {
                    // `The team …, had been denied visas` hung on the subject
                    // noun, or `was questioned and then arrested`: the passive
                    // subject of the clause it joins.
                    let head = node.head?;
                    if !matches!(node.deprel.as_str(), "conj" | "parataxis" | "advcl") {
                        return None;
                    }
                    if self.is_nominal(head) {
                        matches!(
                            self.nodes[head].deprel.as_str(),
                            "root" | "nsubj" | "nsubj:pass"
                        )
                        .then_some(head)
                    } else if node.deprel == "parataxis" {
                        self.child(head, &["nsubj:pass"])
                    } else {
                        // `They made the trip and were turned down`: a
                        // clause with no subject of its own shares its
                        // governor's, whatever that one's voice.
                        self.child(head, &["nsubj:pass", "nsubj"])
                    }
                })
        } else {
            let outside = |c: &usize| {
                let chars = self.nodes[*c].chars;
                chars.1 <= trigger.0 || chars.0 >= trigger.1
            };
            self.children(t)
                .filter(outside)
                .find(|&c| self.nodes[c].deprel == "obj")
                .or_else(|| {
                    self.children(t)
                        .filter(outside)
                        .find(|&c| self.nodes[c].deprel == "iobj")
                })
                .or_else(|| self.raised_object(t).filter(outside))
                .or_else(|| {
                    self.children(t).find(|&c| {
                        self.nodes[c].deprel == "obl"
                            && self
                                .case_of(c)
                                .is_some_and(|case| matches!(case, "on" | "against" | "with"))
                    })
                })
                // `threatened to assassinate Allawi`: the object of the
                // verb it governs, when it has none of its own.
                .or_else(|| {
                    let complement = self.child(t, &["xcomp"])?;
                    self.child(complement, &["obj"])
                })
        };
        Roles {
            actor: self.verb_actor(t),
            target,
            places: Vec::new(),
        }
    }

    fn noun_roles(
        &self,
        t: usize,
        mentions: &[&MentionRow],
        actor_types: &[&str],
        kind: NounCases,
    ) -> Roles {
        let node = &self.nodes[t];
        let covered = |c: usize, types: &[&str]| {
            let chars = self.nodes[c].chars;
            mentions.iter().any(|m| {
                m.start < chars.1 && chars.0 < m.end && types.contains(&m.entity_type.as_str())
            })
        };
        let nmod_with = |c: usize, cases: &[&str]| {
            self.nodes[c].deprel == "nmod"
                && self.case_of(c).is_some_and(|case| cases.contains(&case))
        };
        // The `of` phrase of an event with no patient is its actor (`the
        // withdrawal of all US forces`); of any other, its target.
        let (actor_cases, target_cases): (&[&str], &[&str]) = match kind {
            NounCases::Intransitive => (&["by", "of"], &["on", "against", "with"]),
            NounCases::Recipient => (&["by"], &["for", "to", "with", "of"]),
            NounCases::Request => (&["by", "of"], &["to"]),
            NounCases::Consult => (&["by"], &["with"]),
            NounCases::Patient => (&["by"], &["on", "against", "with", "of"]),
        };
        // `his arrest`, `their release`: the possessor undergoes the event,
        // unless an `of` phrase names who does (`Sharon's murder of Yassin`).
        let named_target = self.children(t).find(|&c| nmod_with(c, target_cases));
        let possessor = self.child(t, &["nmod:poss"]);
        let undergoer = possessor
            .filter(|_| named_target.is_none() && UNDERGOER_NOUNS.contains(&node.lemma.as_str()));
        let actor = possessor
            .filter(|_| undergoer.is_none())
            .or_else(|| self.children(t).find(|&c| nmod_with(c, actor_cases)))
            .or_else(|| {
                self.children(t).find(|&c| {
                    matches!(self.nodes[c].deprel.as_str(), "compound" | "amod")
                        && covered(c, actor_types)
                        && self.city_modifier(c, mentions).is_none()
                })
            })
            .or_else(|| self.governor_actor(t));
        let target = self
            .pressed(t)
            .or(named_target)
            .or(undergoer)
            .or_else(|| {
                // `launching attacks against bases`, `put pressure on the
                // militias`: the support verb's phrase.
                let head = node.head?;
                (kind != NounCases::Request && node.deprel == "obj" && self.is_support(head))
                    .then(|| {
                        self.children(head).find(|&c| {
                            self.nodes[c].deprel == "obl"
                                && self.case_of(c).is_some_and(|case| {
                                    case == "against"
                                        || (case == "on" && kind == NounCases::Patient)
                                })
                        })
                    })
                    .flatten()
            })
            .or_else(|| {
                let head = node.head?;
                let hitting = node.deprel == "nsubj"
                    && HITTING_VERBS.contains(&self.nodes[head].lemma.as_str());
                hitting.then(|| self.child(head, &["obj"])).flatten()
            });
        Roles {
            actor,
            target,
            places: Vec::new(),
        }
    }

    /// Whom pressure `t` is put on: the `on` phrase of the noun `pressure`,
    /// or of the verb it is the object of (`pressure on Iran`, `putting
    /// pressure on the militias`, `piling the pressure on his serve`).
    pub(crate) fn pressed(&self, t: usize) -> Option<usize> {
        let node = &self.nodes[t];
        if node.lemma != "pressure" {
            return None;
        }
        let on_phrase = |w: usize| {
            self.children(w).find(|&c| {
                matches!(self.nodes[c].deprel.as_str(), "nmod" | "obl")
                    && self.case_of(c) == Some("on")
            })
        };
        on_phrase(t).or_else(|| on_phrase(node.head.filter(|_| node.deprel == "obj")?))
    }

    /// The actor of an event noun told through the verb or noun it hangs
    /// from: the object of a support verb (`militias launched 61 attacks`,
    /// `the US has conducted airstrikes`, `ready to hold talks`), or a
    /// circumstance of a verb or of a named noun (`Blinken, in a meeting
    /// with al-Sudani, warned`; `said during talks`): that verb's actor, or
    /// the noun. The object of any other verb is not its event's actor
    /// (`the Board condemned the assassination`).
    fn governor_actor(&self, t: usize) -> Option<usize> {
        let node = &self.nodes[t];
        let head = node.head?;
        match node.deprel.as_str() {
            "obj" if !self.is_nominal(head) => {
                if self.is_support(head) {
                    self.verb_actor(head)
                } else {
                    self.by_phrase_slip(head)
                }
            }
            // `The request was advanced by the Municipality`: the agent of
            // a passive support verb.
            "nsubj:pass" if !self.is_nominal(head) && self.is_support(head) => {
                self.verb_actor(head)
            }
            // `the latest spate of attacks`, `threats of retaliation by …`:
            // the actor of the noun the event noun is `of` (its possessor,
            // `by` phrase, or the verb it is the object of).
            "nmod" if self.is_nominal(head) && self.case_of(t) == Some("of") => self
                .child(head, &["nmod:poss"])
                .or_else(|| {
                    self.children(head)
                        .find(|&c| self.nodes[c].deprel == "nmod" && self.case_of(c) == Some("by"))
                })
                .or_else(|| {
                    let up = &self.nodes[head];
                    let verb = up.head?;
                    if up.deprel != "obj" || self.is_nominal(verb) {
                        return None;
                    }
                    if self.is_support(verb) {
                        self.verb_actor(verb)
                    } else {
                        self.by_phrase_slip(verb)
                    }
                }),
            "obl" | "appos" | "nmod"
                if self
                    .case_of(t)
                    .is_some_and(|case| CIRCUMSTANCE_CASES.contains(&case)) =>
            {
                if self.is_nominal(head) {
                    // An `nmod` only of the clause's subject (or of a noun the
                    // parse left as the root): `Blinken, in a meeting …`.
                    let subject_like = matches!(
                        self.nodes[head].deprel.as_str(),
                        "root" | "nsubj" | "nsubj:pass"
                    );
                    // A named or pronoun head only: `A look at the attacks`
                    // and `The latest jump in attacks` carry out nothing.
                    let named = matches!(self.nodes[head].upos, Upos::Propn | Upos::Pron);
                    ((node.deprel != "nmod" || subject_like) && named).then_some(head)
                } else if SUFFERING_VERBS.contains(&self.nodes[head].lemma.as_str()) {
                    // `civilians died in the attack`: a victim, not the actor.
                    None
                } else {
                    self.verb_actor(head)
                }
            }
            _ => None,
        }
    }

    /// A `by` noun phrase on the active verb `v` whose object is an event
    /// noun: it names no agent of `v` (an active verb has none) but the
    /// event noun's, hung on the verb by a parse slip (`fueled threats of
    /// retaliation by a range of groups`).
    fn by_phrase_slip(&self, v: usize) -> Option<usize> {
        if self.is_passive(v) {
            return None;
        }
        self.children(v).find(|&c| {
            self.nodes[c].deprel == "obl" && self.is_nominal(c) && self.case_of(c) == Some("by")
        })
    }

    /// Whether verb `v` is a support verb (`launched attacks`, `put pressure`).
    fn is_support(&self, v: usize) -> bool {
        let lemma = self.nodes[v].lemma.as_str();
        SUPPORT_VERBS.contains(&lemma)
    }

    /// Whether `c` is a place phrase: an `obl` or `nmod` whose preposition
    /// opens places and never targets (`in`, `at`, `near`, …).
    fn is_place_phrase(&self, c: usize, prepositions: &[&str]) -> bool {
        matches!(self.nodes[c].deprel.as_str(), "obl" | "nmod")
            && self
                .case_of(c)
                .is_some_and(|case| prepositions.contains(&case))
    }

    /// Heads of place phrases of the event word `t`, nearest first: those
    /// on `t` and, down to `PLACE_DEPTH` edges, on its arguments and their
    /// modifiers (`struck sites in eastern Syria`, `killed civilians trapped
    /// in Gaza`; not inside another clause); then those on the words it
    /// hangs from (`traveled to Tehran and met`, `clashes broke out in
    /// Mosul`), unless it only dates them (`Since the attack, … moved
    /// warships into the Middle East`).
    fn places(&self, t: usize) -> Vec<usize> {
        let blocking = super::TARGET_BLOCKING.as_slice();
        let mut out = Vec::new();
        // An event noun that is the object of a support verb shares its
        // phrases (`conducted airstrikes only against locations in Syria`).
        let node = &self.nodes[t];
        let support = node
            .head
            .filter(|&h| node.deprel == "obj" && !self.is_nominal(h) && self.is_support(h));
        let mut frontier: Vec<usize> = std::iter::once(t).chain(support).collect();
        for _ in 0..PLACE_DEPTH {
            let mut next = Vec::new();
            for &n in &frontier {
                for c in self.children(n).filter(|&c| c != t) {
                    let case = self.case_of(c);
                    // `after an Oct. 17 blast at a Gaza hospital` dates the
                    // event by another; `a boy from Irving` tells an origin.
                    if case.is_some_and(|case| TEMPORAL_CASES.contains(&case)) {
                        continue;
                    }
                    let origin = n != t && case == Some("from");
                    if !origin && self.is_place_phrase(c, blocking) {
                        out.push(c);
                    }
                    // Coordinated arguments too (`moved warships and more
                    // troops into the Middle East`), not coordinated clauses.
                    let deprel = self.nodes[c].deprel.as_str();
                    if PLACE_DESCENT.contains(&deprel) || (deprel == "conj" && self.is_nominal(c)) {
                        next.push(c);
                    }
                }
            }
            frontier = next;
        }
        // Going up from a chained clause, `to` opens places as well
        // (`traveled to Tehran and met`, `went to Florida to meet`).
        let chained: Vec<&str> = blocking
            .iter()
            .copied()
            .chain(["to", "toward", "towards"])
            .collect();
        let mut node = t;
        for _ in 0..3 {
            let deprel = self.nodes[node].deprel.as_str();
            // A place phrase the event lies in (`in the city where … met`).
            if node != t && self.is_place_phrase(node, blocking) {
                out.push(node);
            }
            let prepositions = if matches!(deprel, "xcomp" | "conj" | "advcl") {
                chained.as_slice()
            } else {
                blocking
            };
            let climbs = matches!(
                deprel,
                "obj" | "nsubj" | "nsubj:pass" | "xcomp" | "conj" | "advcl" | "nmod" | "obl"
            ) && !self
                .case_of(node)
                .is_some_and(|case| TEMPORAL_CASES.contains(&case));
            let Some(head) = self.nodes[node].head.filter(|_| climbs) else {
                break;
            };
            // A clause joined to a noun's modifier (`killed civilians
            // trapped in Gaza and fueled threats`: a parse slip) does not
            // take that modifier's place.
            if deprel == "conj" && self.nodes[head].deprel.starts_with("acl") {
                break;
            }
            out.extend(
                self.children(head)
                    .filter(|&c| c != node && self.is_place_phrase(c, prepositions)),
            );
            node = head;
        }
        out
    }

    /// The place a place phrase headed by `n` names: a `types` mention on
    /// its head, on a name, modifier or conjunct of it (`in eastern Syria`,
    /// `in Iraq and Syria`, `in Lebanon's South`), or after `of` on a
    /// division noun (`in the city of Baqubah`); not a mention further
    /// inside (`in Israel's war`, `from the confrontation between Israel and
    /// Hezbollah`).
    pub(crate) fn place_mention<'m>(
        &self,
        n: usize,
        mentions: &[&'m MentionRow],
        types: &[&str],
    ) -> Option<&'m MentionRow> {
        let mut held = vec![n];
        let mut k = 0;
        while k < held.len() {
            let at = held[k];
            k += 1;
            let division = super::PLACE_DIVISIONS.contains(&self.nodes[at].lower.as_str());
            for c in self.children(at) {
                let keeps = match self.nodes[c].deprel.as_str() {
                    "compound" | "flat" | "amod" | "appos" => true,
                    "nmod:poss" => division || self.nodes[at].upos == Upos::Propn,
                    "conj" => self
                        .case_of(c)
                        .is_none_or(|case| super::TARGET_BLOCKING.contains(&case)),
                    "nmod" => division && self.case_of(c) == Some("of"),
                    _ => false,
                };
                if keeps {
                    held.push(c);
                }
            }
        }
        let covers = |m: &MentionRow, h: usize| {
            let chars = self.nodes[h].chars;
            m.start < chars.1 && chars.0 < m.end
        };
        mentions.iter().copied().find(|m| {
            types.contains(&m.entity_type.as_str())
                && held.iter().any(|&h| {
                    // A country naming a noun's side is no place (`on bases
                    // housing US forces`); a city is (`at a Gaza hospital`).
                    let modifier = matches!(self.nodes[h].deprel.as_str(), "compound" | "amod")
                        && !covers(m, n);
                    covers(m, h) && !(modifier && super::is_country(&m.text))
                })
        })
    }

    /// Whether the place phrase headed by `n` is a common place noun
    /// (`school`, `region`; by lemma) with no name in it.
    pub(crate) fn names_place(&self, n: usize) -> bool {
        let node = &self.nodes[n];
        node.upos == Upos::Noun
            && super::PLACE_NOUNS.contains(&node.lemma.as_str())
            && !self
                .children(n)
                .any(|c| self.nodes[c].upos == Upos::Propn && self.nodes[c].deprel != "nmod:poss")
    }

    /// The noun phrase headed by `h` as a normalised span (see the module docs).
    pub(crate) fn phrase(&self, h: usize) -> ByteSpan {
        let kept: Vec<usize> = (0..self.nodes.len())
            .filter(|&n| {
                n == h
                    || self.children(h).any(|c| {
                        let deprel = self.nodes[c].deprel.as_str();
                        let place = deprel == "nmod"
                            && self
                                .case_of(c)
                                .is_some_and(|case| super::TARGET_BLOCKING.contains(&case));
                        let kept = if deprel == "conj" {
                            self.is_nominal(c)
                        } else if place {
                            false
                        } else {
                            !PHRASE_CUTS.contains(&deprel)
                        };
                        kept && self.dominates(c, n)
                    })
            })
            .collect();
        let first = kept.first().copied().unwrap_or(h);
        let last = kept.last().copied().unwrap_or(h);
        let (first, last) = if last - first + 1 > MAX_PHRASE_WORDS {
            (first.max(h.saturating_sub(MAX_PHRASE_WORDS - 1)), h)
        } else {
            (first, last)
        };
        ByteSpan::new(self.nodes[first].span.start, self.nodes[last].span.end)
    }

    /// What role word `h` stands for: a mention of `types`, else a noun phrase.
    pub(crate) fn filler<'m>(
        &self,
        h: usize,
        mentions: &[&'m MentionRow],
        types: &[&str],
    ) -> Option<Filler<'m>> {
        let fits = |m: &&MentionRow| types.contains(&m.entity_type.as_str());
        let covering = |c: usize| {
            let chars = self.nodes[c].chars;
            mentions
                .iter()
                .copied()
                .filter(fits)
                .find(|m| m.start < chars.1 && chars.0 < m.end)
        };
        if let Some(mention) = covering(h) {
            return Some(Filler::Mention(mention));
        }
        // A title's name (`US Secretary of State Antony Blinken`: the
        // person, not the country) before any other named modifier.
        if let Some(mention) = self
            .children(h)
            .filter(|&c| {
                matches!(
                    self.nodes[c].deprel.as_str(),
                    "compound"
                        | "flat"
                        | "nmod:poss"
                        | "amod"
                        | "appos"
                        | "nmod:unmarked"
                        | "nmod:desc"
                )
            })
            .filter_map(covering)
            .min_by_key(|m| m.entity_type != "PERSON")
        {
            return Some(Filler::Mention(mention));
        }
        let node = &self.nodes[h];
        let nominal = matches!(node.upos, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num);
        let relative = RELATIVE_PRONOUNS.contains(&node.lower.as_str()) && node.upos == Upos::Pron;
        (nominal && !relative).then(|| Filler::Phrase(self.phrase(h)))
    }

    /// Casualty counts: `(casualty word, number word)` pairs of this sentence
    /// (see the module docs); `casualty` tells whether a word is one.
    pub(crate) fn casualty_numbers(&self, casualty: impl Fn(&Node) -> bool) -> Vec<(usize, usize)> {
        let number = |n: usize| {
            if self.nodes[n].upos == Upos::Num {
                Some(n)
            } else {
                // A number the parser hangs as a compound counts as well.
                self.children(n)
                    .find(|&c| {
                        let deprel = self.nodes[c].deprel.as_str();
                        deprel == "nummod"
                            || (deprel == "compound" && self.nodes[c].upos == Upos::Num)
                    })
                    .or_else(|| self.number_before(n))
            }
        };
        let mut out = Vec::new();
        for c in 0..self.nodes.len() {
            if !casualty(&self.nodes[c]) {
                continue;
            }
            let node = &self.nodes[c];
            // `60 US personnel have reported minor injuries`: the subject of
            // the verb whose object the casualty noun is.
            let subject_of_verb = (self.is_nominal(c) && node.deprel == "obj")
                .then(|| node.head.and_then(|v| self.child(v, &["nsubj"])))
                .flatten();
            // `a fight that left one Iraqi dead`, `leaving some 22 persons
            // dead`: the object of the verb the casualty word predicates.
            let object_of_verb = (node.deprel == "xcomp")
                .then(|| node.head.and_then(|v| self.child(v, &["obj"])))
                .flatten()
                .or_else(|| {
                    // The same when the parser hangs `dead` elsewhere in the
                    // object (`left one Iraqi dead` as a conjunct): the
                    // object of a `leave` above it.
                    let mut at = node.head;
                    for _ in 0..3 {
                        let verb = at?;
                        if self.nodes[verb].lemma == "leave" {
                            return self.child(verb, &["obj"]);
                        }
                        at = self.nodes[verb].head;
                    }
                    None
                });
            let holders = [
                self.child(c, &["obj", "nsubj:pass", "nsubj"]),
                subject_of_verb,
                object_of_verb,
                node.deprel
                    .starts_with("acl")
                    .then_some(node.head)
                    .flatten()
                    .or_else(|| (node.deprel == "amod").then_some(node.head).flatten()),
            ];
            if let Some(n) = holders.into_iter().flatten().find_map(number) {
                out.push((c, n));
            }
        }
        out
    }

    /// A number right before noun `n`'s own modifiers that the parser hung
    /// elsewhere (`At least 60 US personnel have reported injuries` with `60`
    /// an oblique of the verb): in English a number there counts the noun,
    /// unless it is a date or the count of another noun.
    fn number_before(&self, n: usize) -> Option<usize> {
        let first = (0..n)
            .rev()
            .take_while(|&i| {
                self.nodes[i].head == Some(n)
                    && matches!(self.nodes[i].deprel.as_str(), "compound" | "amod" | "flat")
            })
            .last()
            .unwrap_or(n);
        let before = first.checked_sub(1)?;
        let node = &self.nodes[before];
        let counts_other = node.deprel == "nummod" && node.head != Some(n);
        (node.upos == Upos::Num && !node.date && !counts_other).then_some(before)
    }

    /// The victim of an assault whose head word is `t`: the object or
    /// passive subject of a casualty verb within `reach` edges of it (`an
    /// airstrike in Baghdad, killing Gen. Qassem Soleimani`).
    pub(crate) fn victim(
        &self,
        t: usize,
        reach: usize,
        casualty: impl Fn(&Node) -> bool,
    ) -> Option<usize> {
        (0..self.nodes.len())
            .filter(|&c| c != t && casualty(&self.nodes[c]) && !self.is_nominal(c))
            .filter(|&c| self.distance(c, t).is_some_and(|d| d <= reach))
            .find_map(|c| self.child(c, &["obj", "nsubj:pass"]))
    }

    /// Of `candidates` (trigger head words), the one nearest `c` in the tree,
    /// within `reach` edges.
    pub(crate) fn nearest(&self, c: usize, candidates: &[usize], reach: usize) -> Option<usize> {
        candidates
            .iter()
            .enumerate()
            .filter_map(|(k, &t)| self.distance(c, t).map(|d| (d, k)))
            .filter(|&(d, _)| d <= reach)
            .min()
            .map(|(_, k)| k)
    }
}
