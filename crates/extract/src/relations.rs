//! Relations stated between two participants of a sentence (the
//! `relations` layer): member of, leader of, based in, backed by, met with,
//! allied with.
//!
//! The cue words and what each says are data (`data/lexicons/relation_cues.tsv`,
//! whose header documents the patterns); this module reads them off the
//! sentence's dependency tree. A sentence is parsed only when it holds an
//! entity mention and a cue word (the same lazy parse as the event roles,
//! through `sitrep_syntax::sentence_syntax`). Patterns:
//!
//! - **participle**: `Iran-backed militias` (the word before the hyphen is a
//!   mention; the other side is the noun run after the participle),
//!   `militias backed by Iran`, `a group based in Gaza`, `Hezbollah is backed
//!   by Iran` (the participle modifies, or has as subject, one side; its
//!   prepositional phrase names the other);
//! - **verb**: `Iran arms the Houthis` (subject and object, both mentions),
//!   `Sudani met with Khamenei`, `X and Y met`;
//! - **talks**: `X held talks with Y`;
//! - **title**: `Hezbollah leader Hassan Nasrallah`, `US Secretary of State
//!   Antony Blinken`, `Soleimani, the head of Iran's Quds Force`,
//!   `Nasrallah is the leader of Hezbollah` (a person mention with the title,
//!   an organisation, country or nationality mention attached to it;
//!   `deputy`/`vice` make a leader's title a member's);
//! - **group**: `Kataeb Hezbollah, a member of the Popular Mobilization
//!   Forces`, `X is part of Y`, `Hamas's armed wing, the Qassam Brigades`;
//! - **umbrella**: `militias came together under the Popular Mobilization
//!   Forces umbrella`.
//!
//! The named side of every pattern must be an entity mention; the other may
//! be a noun phrase naming no entity (`militias`). A negated cue (`did not
//! meet`) states no relation. Each relation is kept once per sentence.
//!
//! Known misses: relations spread over two sentences, coordinated
//! participants beyond the first (`Hezbollah and the Houthis, both backed by
//! Iran` gives Hezbollah only), and whatever the parser gets wrong.

use std::collections::HashMap;
use std::sync::LazyLock;

use sitrep_core::Doc;
use sitrep_core::component::{Component, Layer};
use sitrep_core::kb::EntityType;
use sitrep_core::layers::{Participant, RelationAnnotation, RelationKind, Upos};
use sitrep_core::lexicon::Lexicon;
use sitrep_core::text::ByteSpan;

use crate::events::tree::Tree;

const RELATION_CUES_FILE: &str = "data/lexicons/relation_cues.tsv";

/// Sentences longer than this are not parsed for relations (cost).
const MAX_TOKENS: usize = 80;

/// How a cue states its relation (the `pattern` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Participle,
    Verb,
    Talks,
    Title,
    Group,
    Umbrella,
}

impl Pattern {
    /// The pattern as one bit of a set.
    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Which side of the pattern is the relation's source (the `source` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Modified,
    Named,
    Subject,
    Object,
    Person,
    Holder,
}

/// One row of `relation_cues.tsv`.
#[derive(Debug, Clone)]
struct Cue {
    kind: RelationKind,
    pattern: Pattern,
    prepositions: Vec<String>,
    source: Source,
}

/// The cue lexicon, by cue word.
#[derive(Debug)]
struct Cues {
    by_word: HashMap<String, Vec<Cue>>,
    /// Lower-case surface forms that may hold a cue (inflections of verbs and
    /// plurals of nouns), to skip sentences without parsing them, with the
    /// patterns they may be cues of (bits of [`Pattern::bit`]).
    forms: HashMap<String, u8>,
    /// Length in bytes of the longest form.
    longest_form: usize,
    /// Prepositions of the participle cues (`by`, `in`, …).
    participle_prepositions: std::collections::HashSet<String>,
}

fn parse_kind(label: &str) -> Option<RelationKind> {
    Some(match label {
        "member_of" => RelationKind::MemberOf,
        "leader_of" => RelationKind::LeaderOf,
        "based_in" => RelationKind::BasedIn,
        "backed_by" => RelationKind::BackedBy,
        "met_with" => RelationKind::MetWith,
        "allied_with" => RelationKind::AlliedWith,
        _ => return None,
    })
}

fn parse_pattern(label: &str) -> Option<Pattern> {
    Some(match label {
        "participle" => Pattern::Participle,
        "verb" => Pattern::Verb,
        "talks" => Pattern::Talks,
        "title" => Pattern::Title,
        "group" => Pattern::Group,
        "umbrella" => Pattern::Umbrella,
        _ => return None,
    })
}

fn parse_source(label: &str) -> Option<Source> {
    Some(match label {
        "modified" => Source::Modified,
        "named" => Source::Named,
        "subject" => Source::Subject,
        "object" => Source::Object,
        "person" => Source::Person,
        "holder" => Source::Holder,
        _ => return None,
    })
}

impl Cues {
    fn parse(file: &str, text: &str) -> Result<Self, String> {
        let lexicon = Lexicon::parse(file, text, 4).map_err(|e| e.to_string())?;
        let mut by_word: HashMap<String, Vec<Cue>> = HashMap::new();
        let mut forms: HashMap<String, u8> = HashMap::new();
        for entry in lexicon.entries() {
            let key = &entry[0];
            let bad = |column: &str| format!("{file}: `{key}` has an unknown {column}");
            let (pattern, word) = key.split_once(' ').ok_or_else(|| bad("pattern"))?;
            let cue = Cue {
                kind: parse_kind(&entry[1]).ok_or_else(|| bad("relation"))?,
                pattern: parse_pattern(pattern).ok_or_else(|| bad("pattern"))?,
                prepositions: if entry[2] == "-" {
                    Vec::new()
                } else {
                    entry[2].split('|').map(str::to_owned).collect()
                },
                source: parse_source(&entry[3]).ok_or_else(|| bad("source"))?,
            };
            let last = word.rsplit(' ').next().unwrap_or(word);
            let stem = last.strip_suffix('e').unwrap_or(last);
            let stem_y = last.strip_suffix('y').map(|s| format!("{s}ies"));
            for form in [
                last.to_owned(),
                format!("{last}s"),
                format!("{last}ed"),
                format!("{last}d"),
                format!("{stem}ing"),
                format!("{last}ing"),
            ]
            .into_iter()
            .chain(stem_y)
            {
                *forms.entry(form).or_default() |= cue.pattern.bit();
            }
            by_word.entry(word.to_owned()).or_default().push(cue);
        }
        // Irregular forms of the verbs listed.
        forms.extend(["met", "held"].map(|form| (form.to_owned(), Pattern::Verb.bit())));
        let participle_prepositions = by_word
            .values()
            .flatten()
            .filter(|cue| cue.pattern == Pattern::Participle)
            .flat_map(|cue| cue.prepositions.iter().cloned())
            .collect();
        Ok(Self {
            by_word,
            longest_form: forms.keys().map(String::len).max().unwrap_or(0),
            forms,
            participle_prepositions,
        })
    }

    fn get(&self, word: &str, pattern: Pattern) -> Option<&Cue> {
        self.by_word
            .get(word)?
            .iter()
            .find(|cue| cue.pattern == pattern)
    }
}

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::parse(
        RELATION_CUES_FILE,
        include_str!("../../../data/lexicons/relation_cues.tsv"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// The `relation_patterns` component: writes [`Doc::relations`].
#[derive(Debug, Default, Clone, Copy)]
pub struct RelationFinder;

impl RelationFinder {
    /// The finder with the built-in cue lexicon.
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}

impl Component for RelationFinder {
    fn name(&self) -> &'static str {
        "relation_patterns"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Entities]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Relations]
    }

    fn annotate(&self, doc: &mut Doc) {
        let relations = find(doc, &CUES);
        doc.set_relations(relations);
    }
}

/// Every relation of `doc`.
fn find(doc: &Doc, cues: &Cues) -> Vec<RelationAnnotation> {
    let mut out = Vec::new();
    for idx in 0..doc.sentences.len() {
        let entities = doc.sentence_entity_range(idx);
        if entities.is_empty() {
            continue;
        }
        let sentence = &doc.sentences[idx];
        let (first, end) = (sentence.first_token, sentence.end_token);
        if end <= first || end - first > MAX_TOKENS {
            continue;
        }
        if !worth_parsing(doc, cues, idx, entities.len()) {
            continue;
        }
        let Some(tree) = Tree::of_sentence(doc, idx) else {
            continue;
        };
        let sentence = Sentence::new(doc, &tree, idx, entities);
        let mut found = Vec::new();
        sentence.participles(cues, &mut found);
        sentence.verbs(cues, &mut found);
        sentence.titles(cues, &mut found);
        sentence.groups(cues, &mut found);
        let mut seen = Vec::new();
        for relation in found {
            let key = (relation.kind, relation.source, relation.target);
            if relation.source != relation.target && !seen.contains(&key) {
                seen.push(key);
                out.push(relation);
            }
        }
    }
    out
}

/// Whether sentence `idx` (with `mentions` entity mentions) may state a
/// relation, judged from the words near each cue before any parse: a
/// participle or `umbrella` needs a mention within [`CUE_REACH`] tokens; a
/// title needs a person and an organisation, country or nationality
/// within reach; a verb or group noun needs a mention within reach and a
/// second one in the sentence. Only such sentences are parsed.
fn worth_parsing(doc: &Doc, cues: &Cues, idx: usize, mentions: usize) -> bool {
    let sentence = &doc.sentences[idx];
    let tokens = &doc.tokens[sentence.first_token..sentence.end_token];
    let entities = doc.sentence_entities(idx);
    let mut lower = String::new();
    tokens.iter().enumerate().any(|(i, token)| {
        let text = doc.text(token.span);
        if text.len() > cues.longest_form {
            return false;
        }
        lower.clear();
        lower.extend(text.chars().flat_map(char::to_lowercase));
        let Some(&patterns) = cues.forms.get(lower.as_str()) else {
            return false;
        };
        let from = tokens[i.saturating_sub(CUE_REACH)].span.start;
        let to = tokens[(i + CUE_REACH).min(tokens.len() - 1)].span.end;
        let near: Vec<EntityType> = entities
            .iter()
            .filter(|e| e.span.start < to && from < e.span.end)
            .map(|e| e.entity_type)
            .collect();
        let two_sides = Pattern::Verb.bit() | Pattern::Talks.bit() | Pattern::Group.bit();
        // A participle is written `X-backed` or `backed by` (not `based on`).
        let word = |j: usize| tokens.get(j).map(|t| doc.text(t.span).to_lowercase());
        let participle = patterns & Pattern::Participle.bit() != 0
            && (i > 0 && word(i - 1).as_deref() == Some("-")
                || [i + 1, i + 2]
                    .into_iter()
                    .any(|j| word(j).is_some_and(|w| cues.participle_prepositions.contains(&w))));
        ((participle || patterns & Pattern::Umbrella.bit() != 0) && !near.is_empty())
            || (patterns & two_sides != 0 && !near.is_empty() && mentions >= 2)
            || (patterns & Pattern::Title.bit() != 0
                && near.contains(&EntityType::Person)
                && near.iter().any(|&ty| is_organised(ty)))
    })
}

/// How many tokens away from a cue word a mention may be for the sentence
/// to be parsed.
const CUE_REACH: usize = 4;

/// One parsed sentence with its mentions placed on the tree.
struct Sentence<'a> {
    doc: &'a Doc,
    tree: &'a Tree,
    idx: usize,
    /// Index in `Doc::entities` of the mention covering each word.
    entity_of: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

/// Entity types that can be the organisation side of a title or group.
fn is_organised(ty: EntityType) -> bool {
    matches!(
        ty,
        EntityType::Organisation | EntityType::Gpe | EntityType::Norp
    )
}

impl<'a> Sentence<'a> {
    fn new(doc: &'a Doc, tree: &'a Tree, idx: usize, entities: std::ops::Range<usize>) -> Self {
        let entity_of = tree
            .nodes
            .iter()
            .map(|node| {
                entities.clone().find(|&e| {
                    let span = doc.entities()[e].span;
                    span.start < node.span.end && node.span.start < span.end
                })
            })
            .collect();
        let mut children = vec![Vec::new(); tree.nodes.len()];
        for (i, node) in tree.nodes.iter().enumerate() {
            if let Some(h) = node.head {
                children[h].push(i);
            }
        }
        Self {
            doc,
            tree,
            idx,
            entity_of,
            children,
        }
    }

    fn lower(&self, i: usize) -> &str {
        &self.tree.nodes[i].lower
    }

    fn deprel(&self, i: usize) -> &str {
        &self.tree.nodes[i].deprel
    }

    fn child(&self, i: usize, relations: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| relations.contains(&self.deprel(c)))
    }

    fn children_with<'s>(
        &'s self,
        i: usize,
        relations: &'s [&'s str],
    ) -> impl Iterator<Item = usize> + 's {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| relations.contains(&self.deprel(c)))
    }

    /// Lower-case `case` word of `i` (`by` in `by Iran`).
    fn case_of(&self, i: usize) -> Option<&str> {
        self.child(i, &["case"]).map(|c| self.lower(c))
    }

    fn negated(&self, i: usize) -> bool {
        self.children[i]
            .iter()
            .any(|&c| matches!(self.lower(c), "not" | "n't" | "never"))
    }

    fn entity_type(&self, e: usize) -> EntityType {
        self.doc.entities()[e].entity_type
    }

    /// The entity mention covering word `i`.
    fn entity(&self, i: usize) -> Option<usize> {
        self.entity_of[i]
    }

    /// The entity at `i`, else a mention in its name or title phrase
    /// (`flat`, `compound`, `appos`, `nmod` dependents: `Secretary of State
    /// Antony Blinken`), a person first, then the nearest.
    fn entity_near(&self, i: usize) -> Option<usize> {
        self.entity(i).or_else(|| {
            (0..self.tree.nodes.len())
                .filter(|&j| j != i && self.within_title(i, j))
                .filter_map(|j| Some((self.entity(j)?, j)))
                .min_by_key(|&(e, j)| (self.entity_type(e) != EntityType::Person, j.abs_diff(i)))
                .map(|(e, _)| e)
        })
    }

    /// `i` as a participant: its mention, else its noun phrase (a pronoun or
    /// other word is none).
    fn participant(&self, i: usize) -> Option<Participant> {
        if let Some(e) = self.entity(i) {
            return Some(Participant::Entity(e));
        }
        matches!(self.tree.nodes[i].upos, Upos::Noun | Upos::Propn)
            .then(|| Participant::Phrase(self.tree.phrase(i)))
    }

    fn relation(
        &self,
        cue_word: usize,
        kind: RelationKind,
        (source, target): (Participant, Participant),
        method: &'static str,
    ) -> RelationAnnotation {
        RelationAnnotation {
            span: self.tree.nodes[cue_word].span,
            sentence_idx: self.idx,
            kind,
            source,
            target,
            method,
        }
    }

    /// `Iran-backed militias`, `militias backed by Iran`, `US-led coalition`.
    fn participles(&self, cues: &Cues, out: &mut Vec<RelationAnnotation>) {
        let nodes = &self.tree.nodes;
        for c in 0..nodes.len() {
            let Some(cue) = cues.get(self.lower(c), Pattern::Participle) else {
                continue;
            };
            if self.negated(c) {
                continue;
            }
            let hyphen = c >= 2
                && nodes[c - 1].lower == "-"
                && nodes[c - 2].span.end == nodes[c - 1].span.start
                && nodes[c - 1].span.end == nodes[c].span.start;
            let (named, modified, method) = if hyphen {
                // The named side is the mention before the hyphen, the
                // other the noun run after the participle.
                let Some(named) = self.entity(c - 2).filter(|&e| self.entity(c) != Some(e)) else {
                    continue;
                };
                let tree_head = nodes[c].head.filter(|&h| {
                    h > c && h <= c + 8 && matches!(nodes[h].upos, Upos::Noun | Upos::Propn)
                });
                // A mention right after the participle is what it describes
                // (`Yemen-based Houthis`), whatever the parse; else the
                // parse's head when no punctuation comes between, else the
                // run of nouns after it.
                let unbroken = |h: usize| (c + 1..h).all(|i| nodes[i].upos != Upos::Punct);
                let named_next = (c + 1 < nodes.len() && self.entity(c + 1).is_some())
                    .then(|| self.noun_run_head(c + 1))
                    .flatten()
                    .filter(|&h| self.entity(h) == self.entity(c + 1));
                let Some(head) = named_next
                    .or(tree_head.filter(|&h| unbroken(h)))
                    .or_else(|| self.noun_run_head(c + 1))
                else {
                    continue;
                };
                let modified = self.entity(head).map_or_else(
                    || {
                        Participant::Phrase(ByteSpan::new(
                            nodes[c + 1].span.start,
                            nodes[head].span.end,
                        ))
                    },
                    Participant::Entity,
                );
                (named, modified, "hyphen_compound")
            } else {
                let Some(named) = self.children[c]
                    .iter()
                    .copied()
                    .filter(|&o| matches!(self.deprel(o), "obl" | "obl:agent" | "nmod"))
                    .filter(|&o| {
                        self.case_of(o)
                            .is_some_and(|case| cue.prepositions.iter().any(|p| p == case))
                    })
                    .find_map(|o| self.entity_near(o))
                else {
                    continue;
                };
                let modified_word = if matches!(self.deprel(c), "acl" | "amod" | "acl:relcl") {
                    nodes[c].head
                } else {
                    self.child(c, &["nsubj:pass", "nsubj"])
                };
                let Some(modified) = modified_word.and_then(|m| self.participant(m)) else {
                    continue;
                };
                (named, modified, "participle_prep")
            };
            if cue.kind == RelationKind::BasedIn && !self.entity_type(named).is_place() {
                continue;
            }
            // Backers are states, groups and peoples (`demands backed by
            // Sir John` is support, not backing).
            if cue.kind == RelationKind::BackedBy && !is_organised(self.entity_type(named)) {
                continue;
            }
            // A leader leads a named group, not a phrase (`US-led invasion`).
            if cue.kind == RelationKind::LeaderOf && !matches!(modified, Participant::Entity(_)) {
                continue;
            }
            let named = Participant::Entity(named);
            let sides = match cue.source {
                Source::Named => (named, modified),
                _ => (modified, named),
            };
            out.push(self.relation(c, cue.kind, sides, method));
        }
    }

    /// The last noun of the run of modifiers and nouns starting at `from`
    /// (`Shiite militias` → `militias`).
    fn noun_run_head(&self, from: usize) -> Option<usize> {
        let nodes = &self.tree.nodes;
        let mut head = None;
        for (i, node) in nodes.iter().enumerate().skip(from) {
            match node.upos {
                Upos::Noun | Upos::Propn => head = Some(i),
                Upos::Adj | Upos::Num if head.is_none() => {}
                _ => break,
            }
        }
        head
    }

    /// `Iran arms the Houthis`, `Sudani met (with) Khamenei`, `X and Y met`,
    /// `X held talks with Y`.
    fn verbs(&self, cues: &Cues, out: &mut Vec<RelationAnnotation>) {
        let nodes = &self.tree.nodes;
        let actor = |e: usize| {
            matches!(
                self.entity_type(e),
                EntityType::Person | EntityType::Organisation | EntityType::Gpe | EntityType::Norp
            )
        };
        for v in 0..nodes.len() {
            let (cue, verb, method) = if nodes[v].upos == Upos::Verb {
                match cues.get(&nodes[v].lemma, Pattern::Verb) {
                    Some(cue) => (cue, v, "subject_object"),
                    None => continue,
                }
            } else if matches!(nodes[v].upos, Upos::Noun) {
                let Some(cue) = cues
                    .get(self.lower(v), Pattern::Talks)
                    .or_else(|| cues.get(&nodes[v].lemma, Pattern::Talks))
                else {
                    continue;
                };
                // `held talks with`, `in a meeting with`.
                match nodes[v].head {
                    Some(h)
                        if matches!(self.deprel(v), "obj" | "obl")
                            && nodes[h].upos == Upos::Verb =>
                    {
                        (cue, h, "talks_with")
                    }
                    _ => continue,
                }
            } else {
                continue;
            };
            if self.negated(verb) {
                continue;
            }
            // A coordinated verb without a subject shares its governor's
            // (`traveled to Tehran and met with Khamenei`).
            let subject_word = self.child(verb, &["nsubj"]).or_else(|| {
                (self.deprel(verb) == "conj")
                    .then(|| nodes[verb].head)
                    .flatten()
                    .and_then(|h| self.child(h, &["nsubj"]))
            });
            let Some(subject_word) = subject_word else {
                continue;
            };
            let Some(subject) = self.entity_near(subject_word).filter(|&e| actor(e)) else {
                continue;
            };
            let with_phrase = |word: usize| {
                self.children_with(word, &["obl", "nmod"])
                    .filter(|&o| {
                        self.case_of(o)
                            .is_some_and(|case| cue.prepositions.iter().any(|p| p == case))
                    })
                    .find_map(|o| self.entity_near(o))
            };
            let object = if method == "talks_with" {
                with_phrase(v).or_else(|| with_phrase(verb))
            } else {
                self.child(verb, &["obj"])
                    .and_then(|o| self.entity_near(o))
                    .or_else(|| with_phrase(verb))
                    .or_else(|| {
                        // `X and Y met`: a reciprocal verb with a coordinated subject.
                        (cue.kind == RelationKind::MetWith && self.child(verb, &["obj"]).is_none())
                            .then(|| self.child(subject_word, &["conj"]))
                            .flatten()
                            .and_then(|c| self.entity_near(c))
                    })
            };
            let Some(object) = object.filter(|&e| actor(e)) else {
                continue;
            };
            // A meeting is between people or their organisations, told of a
            // person (`Arsenal met England` is a match); a nationality
            // meets nobody.
            if cue.kind == RelationKind::MetWith
                && (method == "subject_object" && self.entity_type(subject) != EntityType::Person
                    || self.entity_type(object) == EntityType::Norp)
            {
                continue;
            }
            let (s, o) = (Participant::Entity(subject), Participant::Entity(object));
            let sides = match cue.source {
                Source::Object => (o, s),
                _ => (s, o),
            };
            out.push(self.relation(v, cue.kind, sides, method));
        }
    }

    /// The title cue of word `i`: a two-word title (`prime minister`) first.
    fn title_cue<'c>(&self, cues: &'c Cues, i: usize) -> Option<&'c Cue> {
        let two = (i > 0).then(|| format!("{} {}", self.lower(i - 1), self.lower(i)));
        two.and_then(|two| cues.get(&two, Pattern::Title))
            .or_else(|| cues.get(self.lower(i), Pattern::Title))
            .or_else(|| cues.get(&self.tree.nodes[i].lemma, Pattern::Title))
    }

    /// Whether the title at `i` is a deputy's (`deputy leader`, `vice president`).
    fn deputy(&self, i: usize) -> bool {
        let before = i.checked_sub(1).map(|b| self.lower(b));
        let prefixed = self.lower(i).starts_with("vice") || self.lower(i).starts_with("deputy");
        prefixed
            || matches!(before, Some("deputy" | "vice" | "-"))
            || self.children[i]
                .iter()
                .any(|&c| matches!(self.lower(c), "deputy" | "vice"))
    }

    /// Organisation, country or nationality mentions hanging from title word
    /// `t` (`Hezbollah leader`, `Iran's Supreme Leader`, `head of the Quds Force`).
    fn organisations_of(&self, t: usize, person: usize) -> Vec<usize> {
        let mut found = Vec::new();
        for c in self.children_with(t, &["compound", "amod", "nmod:poss", "nmod", "flat"]) {
            if self.deprel(c) == "nmod" && self.case_of(c) != Some("of") {
                continue;
            }
            if let Some(e) = self.entity_near(c)
                && e != person
                && is_organised(self.entity_type(e))
                && !found.contains(&e)
            {
                found.push(e);
            }
        }
        found
    }

    /// People with a title attached to an organisation (see the module docs).
    fn titles(&self, cues: &Cues, out: &mut Vec<RelationAnnotation>) {
        let nodes = &self.tree.nodes;
        for t in 0..nodes.len() {
            if !matches!(nodes[t].upos, Upos::Noun | Upos::Propn) {
                continue;
            }
            let Some(cue) = self.title_cue(cues, t) else {
                continue;
            };
            let is_person = |e: usize| self.entity_type(e) == EntityType::Person;
            // The person: the name the title premodifies (possibly through
            // other title words: `Supreme Leader Ali Khamenei`), an
            // apposition either way, or the subject of a copular title.
            // A name right after the title words, in text order, first.
            let mut person = self.person_after(t);
            let mut premodifies = person.is_some();
            let mut title_chain = vec![t];
            let mut up = t;
            while person.is_none()
                && matches!(
                    self.deprel(up),
                    "compound" | "flat" | "amod" | "nmod" | "nmod:desc" | "nmod:unmarked"
                )
            {
                let Some(h) = nodes[up].head else { break };
                if let Some(e) = self.entity(h).filter(|&e| is_person(e)) {
                    person = Some(e);
                    premodifies = true;
                    break;
                }
                up = h;
                title_chain.push(h);
            }
            if self.entity(t).is_some_and(is_person) {
                person = self.entity(t);
            }
            if person.is_none() && self.deprel(t) == "appos" {
                person = nodes[t]
                    .head
                    .and_then(|h| self.entity_near(h))
                    .filter(|&e| is_person(e));
            }
            if person.is_none() {
                person = self
                    .children_with(t, &["appos"])
                    .find_map(|c| self.entity_near(c).filter(|&e| is_person(e)));
            }
            if person.is_none() {
                // A name parsed inside the title's own phrase (`Secretary
                // of State Antony Blinken` with the name under `State`).
                person = (t + 1..nodes.len())
                    .take_while(|&i| self.within_title(t, i))
                    .find_map(|i| self.entity(i).filter(|&e| is_person(e)));
            }
            if person.is_none() && self.child(t, &["cop"]).is_some() {
                person = self
                    .child(t, &["nsubj"])
                    .and_then(|s| self.entity_near(s))
                    .filter(|&e| is_person(e));
            }
            let Some(person) = person else {
                continue;
            };
            let mut organisations = Vec::new();
            for &word in &title_chain {
                organisations.extend(self.organisations_of(word, person));
            }
            // In `Hezbollah leader Hassan Nasrallah` the organisation may
            // hang from the name rather than the title.
            if organisations.is_empty()
                && premodifies
                && let Some(head) = self.mention_head(person)
            {
                organisations.extend(
                    self.organisations_of(head, person)
                        .into_iter()
                        .filter(|&e| self.mention_before(e, t)),
                );
            }
            if organisations.is_empty() && premodifies {
                // In order: an organisation, country or nationality right
                // before the title words (`US Secretary of State`).
                organisations.extend(self.organised_before(t, person));
            }
            // One organisation per title: an organisation before a country
            // before a nationality (`Palestinian Fatah movement leader`),
            // then the nearest to the title.
            let Some(organisation) = organisations.into_iter().min_by_key(|&e| {
                let rank = match self.entity_type(e) {
                    EntityType::Organisation => 0,
                    EntityType::Gpe => 1,
                    _ => 2,
                };
                let span = self.doc.entities()[e].span;
                let title = nodes[t].span;
                (rank, span.start.abs_diff(title.start))
            }) else {
                continue;
            };
            let kind = if cue.kind == RelationKind::LeaderOf && self.deputy(t) {
                RelationKind::MemberOf
            } else {
                cue.kind
            };
            out.push(self.relation(
                t,
                kind,
                (
                    Participant::Entity(person),
                    Participant::Entity(organisation),
                ),
                "title",
            ));
        }
    }

    /// Whether word `i` hangs from title word `t` through name and title
    /// relations only (`flat`, `compound`, `nmod`, `case`, `appos`, `punct`).
    fn within_title(&self, t: usize, mut i: usize) -> bool {
        for _ in 0..self.tree.nodes.len() {
            if i == t {
                return true;
            }
            if !matches!(
                self.deprel(i),
                "flat"
                    | "compound"
                    | "nmod"
                    | "nmod:unmarked"
                    | "nmod:desc"
                    | "case"
                    | "appos"
                    | "punct"
            ) {
                return false;
            }
            match self.tree.nodes[i].head {
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    }

    /// The word of mention `e` whose head lies outside it.
    fn mention_head(&self, e: usize) -> Option<usize> {
        let nodes = &self.tree.nodes;
        (0..nodes.len())
            .filter(|&i| self.entity(i) == Some(e))
            .find(|&i| nodes[i].head.is_none_or(|h| self.entity(h) != Some(e)))
    }

    /// The person mention starting within a few title-like words after word
    /// `t` (capitalised words and `of`), read in text order.
    fn person_after(&self, t: usize) -> Option<usize> {
        for (i, node) in self.tree.nodes.iter().enumerate().skip(t + 1).take(4) {
            if let Some(e) = self.entity(i) {
                return (self.entity_type(e) == EntityType::Person).then_some(e);
            }
            let titled = node.upos == Upos::Propn || node.lower == "of";
            if !titled {
                return None;
            }
        }
        None
    }

    /// An organisation, country or nationality mention ending within two
    /// words before word `t` (`US Secretary`, `Hezbollah's leader`).
    fn organised_before(&self, t: usize, person: usize) -> Option<usize> {
        (t.saturating_sub(3)..t)
            .rev()
            .filter_map(|i| self.entity(i))
            .find(|&e| e != person && is_organised(self.entity_type(e)))
    }

    /// The mention ending just before `, (a|an|the)` and word `g` (`Kataeb
    /// Hezbollah, a member of …`), read in text order.
    fn apposed_before(&self, g: usize) -> Option<usize> {
        let mut i = g.checked_sub(1)?;
        if matches!(self.lower(i), "a" | "an" | "the") {
            i = i.checked_sub(1)?;
        }
        if self.lower(i) != "," {
            return None;
        }
        self.entity(i.checked_sub(1)?)
    }

    /// Whether mention `e` ends before word `i`.
    fn mention_before(&self, e: usize, i: usize) -> bool {
        self.doc.entities()[e].span.end <= self.tree.nodes[i].span.start
    }

    /// `X, a member of Y`, `X is part of Y`, `Y's armed wing, X`, and
    /// `X … under the Y umbrella`.
    fn groups(&self, cues: &Cues, out: &mut Vec<RelationAnnotation>) {
        let nodes = &self.tree.nodes;
        for (g, node) in nodes.iter().enumerate() {
            if !matches!(node.upos, Upos::Noun | Upos::Propn) {
                continue;
            }
            let word = self.lower(g);
            if let Some(cue) = cues
                .get(word, Pattern::Umbrella)
                .or_else(|| cues.get(&node.lemma, Pattern::Umbrella))
            {
                self.umbrella(g, cue, out);
                continue;
            }
            let Some(cue) = cues
                .get(word, Pattern::Group)
                .or_else(|| cues.get(&node.lemma, Pattern::Group))
            else {
                continue;
            };
            // The group said to belong: the noun this one is in apposition
            // to, an apposition of this one, or the subject of a copula.
            let holder = if self.deprel(g) == "appos" {
                node.head.and_then(|h| self.entity_near(h))
            } else if let Some(a) = self.child(g, &["appos"]) {
                self.entity_near(a)
            } else if self.child(g, &["cop"]).is_some() {
                self.child(g, &["nsubj"]).and_then(|s| self.entity_near(s))
            } else {
                None
            };
            let Some(holder) = holder.or_else(|| self.apposed_before(g)) else {
                continue;
            };
            let owner = self
                .children_with(g, &["nmod", "nmod:poss", "compound"])
                .filter(|&c| self.deprel(c) != "nmod" || self.case_of(c) == Some("of"))
                .find_map(|c| {
                    self.entity_near(c)
                        .filter(|&e| e != holder && is_organised(self.entity_type(e)))
                });
            let Some(owner) = owner else { continue };
            out.push(self.relation(
                g,
                cue.kind,
                (Participant::Entity(holder), Participant::Entity(owner)),
                "group_noun",
            ));
        }
    }

    /// `X … under the Y umbrella (group)`.
    fn umbrella(&self, u: usize, cue: &Cue, out: &mut Vec<RelationAnnotation>) {
        let nodes = &self.tree.nodes;
        // The phrase head: `umbrella` itself, or the noun it is a compound of.
        let phrase = if self.deprel(u) == "compound" {
            nodes[u].head.unwrap_or(u)
        } else {
            u
        };
        let opens = self
            .case_of(phrase)
            .is_some_and(|case| cue.prepositions.iter().any(|p| p == case));
        if !opens {
            return;
        }
        let owner = [u, phrase]
            .into_iter()
            .flat_map(|w| self.children_with(w, &["compound", "nmod:poss", "nmod", "flat"]))
            .find_map(|c| {
                self.entity_near(c)
                    .filter(|&e| is_organised(self.entity_type(e)))
            });
        let Some(owner) = owner else { return };
        let Some(governor) = nodes[phrase].head else {
            return;
        };
        let holder_word = if self.deprel(phrase) == "nmod" {
            Some(governor)
        } else if matches!(self.deprel(governor), "acl" | "acl:relcl") {
            nodes[governor].head
        } else {
            self.child(governor, &["nsubj", "nsubj:pass"])
        };
        let Some(holder) = holder_word.and_then(|h| self.participant(h)) else {
            return;
        };
        if holder == Participant::Entity(owner) {
            return;
        }
        out.push(self.relation(
            u,
            cue.kind,
            (holder, Participant::Entity(owner)),
            "umbrella",
        ));
    }
}

#[cfg(test)]
mod tests;
