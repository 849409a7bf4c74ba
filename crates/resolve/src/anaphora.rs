//! Pronoun and nominal mentions linked to a named antecedent: a separate,
//! flagged layer of the `mentions` table (`method` `pronoun` or `nominal`,
//! `antecedent_id` the named mention it refers to), so that named mentions
//! can still be counted alone and every link can be checked.
//!
//! Made once per article at the end of extraction ([`find`]), from the
//! document's tokens, its named mentions and their within-article clusters
//! ([`crate::within`]); the resolve stage then gives each such mention the
//! entity of its antecedent (it never names, merges or links anything).
//! Only links the text supports are made; a mention left ambiguous is left
//! out:
//!
//! - **Pronouns** `he`/`him`/`his`/`himself` and `she`/`her`/`hers`/`herself`
//!   (not in the headline) link to a person named in their sentence before
//!   them or in the two sentences before, whose gender agrees (a title,
//!   `Mr`/`Mrs`/`King`/`Queen`, or a given name borne by at least 95 % men
//!   or women in the 1990 US Census lists, `data/kb/given_name_gender.tsv`;
//!   unknown agrees with both, except that `she` ignores people of unknown
//!   gender when a woman is among the candidates). One such person: linked
//!   (confidence 0.8). Several (0.6), decided by syntax: a reflexive takes
//!   the nearest person of its sentence; another pronoun takes the nearest
//!   person of its own sentence unless that person is not a subject and
//!   another one is (`John Smith told David Jones that he …` stays open),
//!   else the one person who is a subject of the nearest sentence naming
//!   any of them. Subjects are read from part-of-speech tags (lazily, one
//!   sentence at a time: no verb between the clause start and the name, a
//!   verb right after it), which costs a sixth of a parse; the dependency
//!   tree ([`sitrep_syntax::sentence_syntax`]) is asked only whether an
//!   object `him`/`her` shares its verb with a person subject. Never
//!   linked: a person who is the subject of the verb whose object the
//!   pronoun is (`Smith praised him`), and any
//!   pronoun in an opening subordinate clause (`After calling his mother,
//!   Montalvo …`) when a person who agrees is named later in the sentence.
//! - **Role nominals** `the [former|new|…] [prime|foreign|…] minister`,
//!   `the president`, `the ambassador`, … link to the one person of the
//!   article named with that role before it (`President Donald Trump`,
//!   `Hamdullah Mohib, the Afghan ambassador,`); `the minister` matches
//!   any kind of minister, `the foreign minister` only a foreign minister.
//! - **Organisation nominals** `the party`, `the company`, `the agency`, …
//!   link to the one organisation named before it whose name has that word
//!   (`the Labour Party` … `the party`).
//! - **Place nominals** `the country` links to the one country named
//!   before it in its sentence, else in its sentence and the two before;
//!   `the city`/`the capital`/`the town` likewise to a city.
//!
//! Nominals get confidence 0.7.
//! A nominal followed by `of` or by a name (`the president of the club`,
//! `the minister Ali`) is left out: it names its own referent.
//!
//! Known misses: `it`, `they` and other plural or neuter pronouns;
//! pronouns whose antecedent is itself a pronoun further back; nominals
//! with other heads (`the militia`, `the official`); first-person pronouns
//! in quotes.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;
use std::sync::OnceLock;

use sitrep_core::ids::stable_id;
use sitrep_core::kb::Feature;
use sitrep_core::layers::SyntaxToken;
use sitrep_core::tables::MentionRow;
use sitrep_core::{Doc, EntityType, KnowledgeBase};

use crate::names::{fold, person_tokens};
use crate::within;

/// `mentions.method` of a pronoun linked to a named antecedent.
pub const PRONOUN: &str = "pronoun";
/// `mentions.method` of a nominal (`the minister`) linked to a named antecedent.
pub const NOMINAL: &str = "nominal";

/// Whether a mention row belongs to this layer (a pronoun or nominal).
#[must_use]
pub fn is_anaphor(row: &MentionRow) -> bool {
    row.antecedent_id.is_some() || row.method == PRONOUN || row.method == NOMINAL
}

const GENDER_TSV: &str = include_str!("../../../data/kb/given_name_gender.tsv");

/// Sentences before the anaphor's own that are searched for an antecedent.
const WINDOW: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

fn given_names() -> &'static HashMap<&'static str, Gender> {
    static TABLE: OnceLock<HashMap<&'static str, Gender>> = OnceLock::new();
    TABLE.get_or_init(|| {
        GENDER_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let (name, gender) = l.split_once('\t')?;
                let gender = match gender.trim() {
                    "m" => Gender::Male,
                    "f" => Gender::Female,
                    _ => return None,
                };
                Some((name, gender))
            })
            .collect()
    })
}

/// Gender of a title word (folded), if it has one (the `gender` column of
/// `data/lexicons/titles.tsv`).
fn title_gender(word: &str) -> Option<Gender> {
    sitrep_core::titles::gender(word).map(|gender| match gender {
        sitrep_core::titles::TitleGender::Male => Gender::Male,
        sitrep_core::titles::TitleGender::Female => Gender::Female,
    })
}

/// Gender and, for reflexives, the own-sentence constraint of a pronoun.
fn pronoun(word: &str) -> Option<(Gender, bool)> {
    match word {
        "he" | "him" | "his" => Some((Gender::Male, false)),
        "himself" => Some((Gender::Male, true)),
        "she" | "her" | "hers" => Some((Gender::Female, false)),
        "herself" => Some((Gender::Female, true)),
        _ => None,
    }
}

/// Words that open a subordinate clause at the start of a sentence.
static SUBORDINATORS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/subordinators.tsv",
        include_str!("../../../data/lexicons/resolve/subordinators.tsv"),
    )
});

/// Words that make a role another one (`deputy prime minister`, `shadow
/// chancellor`, `vice president`), so its holder is not `the prime minister`.
static ROLE_QUALIFIERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/role_qualifiers.tsv",
        include_str!("../../../data/lexicons/resolve/role_qualifiers.tsv"),
    )
});

/// Head nouns of person roles (`the minister`).
static ROLES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/roles.tsv",
        include_str!("../../../data/lexicons/resolve/roles.tsv"),
    )
});

/// Words that may stand between `the` and the head without changing whom it names.
static ROLE_PREMODIFIERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/role_premodifiers.tsv",
        include_str!("../../../data/lexicons/resolve/role_premodifiers.tsv"),
    )
});

/// Head nouns of organisation nominals (`the party`), matched to a word of
/// the organisation's name.
static ORG_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/org_nouns.tsv",
        include_str!("../../../data/lexicons/resolve/org_nouns.tsv"),
    )
});

/// One named mention as the rules see it.
struct Named {
    /// Index into the mention rows.
    row: usize,
    first: usize,
    end: usize,
    sentence: usize,
    /// Within-article cluster.
    cluster: usize,
}

/// One within-article cluster of named mentions.
struct Cluster {
    ty: EntityType,
    gender: Option<Gender>,
    /// Role keys (`minister`, `foreign minister`) it was named with.
    roles: BTreeSet<String>,
    /// Folded words of its names.
    words: BTreeSet<String>,
    /// Knowledge-base feature of its place name (country, city, …).
    feature: Option<Feature>,
}

/// What the rules read: the document, its lower-case token forms, its
/// named mentions and their clusters.
#[derive(Clone, Copy)]
struct Scope<'a> {
    doc: &'a Doc,
    forms: &'a [String],
    mentions: &'a [Named],
    clusters: &'a [Cluster],
}

/// The document's sentences tagged and parsed so far (lazily).
struct Parses<'d> {
    doc: &'d Doc,
    /// Penn Treebank tags of the sentences tagged so far.
    tagged: HashMap<usize, Vec<&'d str>>,
}

/// Tokens that end a clause when reading backwards from a name.
const CLAUSE_BREAKS: &[&str] = &[
    ",", ";", ":", "\"", "'", "and", "but", "that", "who", "while",
];

impl<'d> Parses<'d> {
    /// Whether the mention at tokens `first..end` of sentence `s` is the
    /// subject of its clause, read from part-of-speech tags (six times
    /// cheaper than a parse): no verb between the start of its clause and
    /// it, no preposition or possessive right before it, and a verb right
    /// after it (past an adverb, or an apposition between commas: `Smith,
    /// 45, said`).
    fn is_subject(&mut self, s: usize, first: usize, end: usize) -> bool {
        let doc = self.doc;
        let sentence = doc.sentences[s];
        let offset = sentence.first_token;
        let tags = self.tagged.entry(s).or_insert_with(|| {
            if let Some(parsed) = doc.cached_sentence_syntax(s) {
                return parsed.iter().map(|t| &*t.xpos).collect();
            }
            let words: Vec<&str> = (offset..sentence.end_token)
                .map(|t| doc.token_form(t))
                .collect();
            sitrep_syntax::SyntaxModel::builtin()
                .tag(&words)
                .into_iter()
                .map(|(_, xpos)| xpos)
                .collect()
        });
        let tag = |t: usize| tags.get(t - offset).copied().unwrap_or("");
        let form = |t: usize| doc.token_form(t).to_lowercase();
        let verb = |x: &str| x.starts_with("VB") || x == "MD";
        // Before it: back to the clause start, no verb; right before, no
        // preposition, `to` or possessive.
        if first > offset && matches!(tag(first - 1), "IN" | "TO" | "POS" | "PRP$") {
            return false;
        }
        let mut t = first;
        while t > offset {
            t -= 1;
            if CLAUSE_BREAKS.contains(&form(t).as_str()) {
                break;
            }
            if verb(tag(t)) {
                return false;
            }
        }
        // After it: a verb soon.
        let mut t = end;
        if t < sentence.end_token && form(t) == "'s" {
            return false;
        }
        if t < sentence.end_token && form(t) == "," {
            // Skip an apposition up to its closing comma (at most 8 tokens).
            let close = (t + 1..sentence.end_token.min(t + 10)).find(|&u| form(u) == ",");
            match close {
                Some(c) => t = c + 1,
                None => return false,
            }
        }
        while t < sentence.end_token && tag(t) == "RB" {
            t += 1;
        }
        t < sentence.end_token && verb(tag(t))
    }

    /// The parse of sentence `s`, shared with the other components that parse.
    fn sentence(&self, s: usize) -> &'d [SyntaxToken] {
        sitrep_syntax::sentence_syntax(self.doc, s)
    }

    /// The head token (a `Doc::tokens` index) of tokens `first..end` and its relation.
    fn head_of(&mut self, s: usize, first: usize, end: usize) -> Option<(usize, String)> {
        let offset = self.doc.sentences[s].first_token;
        let syntax = self.sentence(s);
        (first..end).find_map(|t| {
            let word = syntax.get(t - offset)?;
            let outside = word.head.is_none_or(|h| h < first || h >= end);
            outside.then(|| (t, word.deprel.to_string()))
        })
    }

    /// The syntactic head and relation of token `t` of sentence `s`.
    fn word(&mut self, s: usize, t: usize) -> Option<(Option<usize>, String)> {
        let offset = self.doc.sentences[s].first_token;
        let word = self.sentence(s).get(t - offset)?;
        Some((word.head, word.deprel.to_string()))
    }
}

/// The pronoun and nominal mentions of `doc` with their named antecedents
/// (see the module docs). `named` are the rows of `doc.entities()`, in the
/// same order; the result is in text order, each row with `method`
/// [`PRONOUN`] or [`NOMINAL`], `antecedent_id` set and the antecedent's type.
#[must_use]
pub fn find(doc: &Doc, named: &[MentionRow], kb: &KnowledgeBase) -> Vec<MentionRow> {
    let entities = doc.entities();
    if entities.len() != named.len() || doc.tokens.is_empty() || named.is_empty() {
        return Vec::new();
    }
    let forms: Vec<String> = (0..doc.tokens.len())
        .map(|t| doc.token_form(t).to_lowercase())
        .collect();
    let (cluster_of, types) = clusters(named);
    let mut covered = vec![false; doc.tokens.len()];
    let mut mentions: Vec<Named> = Vec::new();
    for (i, entity) in entities.iter().enumerate() {
        let first = doc
            .tokens
            .partition_point(|t| t.span.end <= entity.span.start);
        let mut end = first;
        while end < doc.tokens.len() && doc.tokens[end].span.start < entity.span.end {
            covered[end] = true;
            end += 1;
        }
        let Some(cluster) = cluster_of[i] else {
            continue;
        };
        if first < end {
            mentions.push(Named {
                row: i,
                first,
                end,
                sentence: entity.sentence_idx,
                cluster,
            });
        }
    }
    let clusters = describe(doc, named, &mentions, &types, &forms, kb);

    let scope = Scope {
        doc,
        forms: &forms,
        mentions: &mentions,
        clusters: &clusters,
    };
    let mut parses = Parses {
        doc,
        tagged: HashMap::new(),
    };
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        if sentence.paragraph_idx == 0 {
            continue;
        }
        let mut t = sentence.first_token;
        while t < sentence.end_token {
            if covered[t] {
                t += 1;
                continue;
            }
            let found = if let Some((gender, reflexive)) = pronoun(&forms[t]) {
                resolve_pronoun(&scope, &mut parses, (s, t), gender, reflexive)
                    .map(|(m, confidence)| (t, t + 1, m, PRONOUN, confidence))
            } else if forms[t] == "the" {
                resolve_nominal(&scope, &covered, (s, t)).map(|(end, m)| (t, end, m, NOMINAL, 0.7))
            } else {
                None
            };
            let Some((first, end, m, method, confidence)) = found else {
                t += 1;
                continue;
            };
            let antecedent = &named[mentions[m].row];
            let span = sitrep_core::ByteSpan {
                start: doc.tokens[first].span.start,
                end: doc.tokens[end - 1].span.end,
            };
            let (start, end_char) = doc.char_span(span);
            out.push(MentionRow {
                mention_id: stable_id(
                    "men",
                    &[
                        doc.article_id(),
                        &start.to_string(),
                        &end_char.to_string(),
                        method,
                    ],
                ),
                article_id: doc.article_id().to_owned(),
                sentence_idx: s as i64,
                start,
                end: end_char,
                text: doc.original_text(span).to_owned(),
                entity_type: antecedent.entity_type.clone(),
                entity_id: None,
                confidence,
                method: method.to_owned(),
                antecedent_id: Some(antecedent.mention_id.clone()),
            });
            t = end;
        }
    }
    out
}

/// Within-article clusters of the named rows (as [`crate::resolve_article`]
/// makes them): the cluster of each row and the type of each cluster.
fn clusters(named: &[MentionRow]) -> (Vec<Option<usize>>, Vec<EntityType>) {
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&named[a], &named[b]);
        (x.start, x.end, &x.entity_type, &x.mention_id).cmp(&(
            y.start,
            y.end,
            &y.entity_type,
            &y.mention_id,
        ))
    });
    let rows: Vec<MentionRow> = order.iter().map(|&i| named[i].clone()).collect();
    let types: Vec<Option<EntityType>> = rows
        .iter()
        .map(|m| {
            m.entity_type
                .parse::<EntityType>()
                .ok()
                .filter(|_| !sitrep_core::kb::normalise_key(&m.text).is_empty())
        })
        .collect();
    let mut sets = within::UnionFind::new(rows.len());
    let article = within::Article {
        offset: 0,
        rows: &rows,
        types: &types,
    };
    for rule in within::default_rules() {
        sets.rule = rule.name();
        rule.apply(&article, &mut sets);
    }
    let mut id_of_root: HashMap<usize, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut cluster_of = vec![None; named.len()];
    for (sorted, &original) in order.iter().enumerate() {
        if types[sorted].is_none() {
            continue;
        }
        let root = sets.find(sorted);
        let id = *id_of_root.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[id].push(sorted);
        cluster_of[original] = Some(id);
    }
    let cluster_types = members
        .iter()
        .map(|m| {
            let voters: Vec<(&MentionRow, EntityType)> = m
                .iter()
                .map(|&i| (&rows[i], types[i].expect("typed")))
                .collect();
            within::cluster_type(&voters)
        })
        .collect();
    (cluster_of, cluster_types)
}

/// Gender, roles, name words and place feature of each cluster.
fn describe(
    doc: &Doc,
    named: &[MentionRow],
    mentions: &[Named],
    types: &[EntityType],
    forms: &[String],
    kb: &KnowledgeBase,
) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = types
        .iter()
        .map(|&ty| Cluster {
            ty,
            gender: None,
            roles: BTreeSet::new(),
            words: BTreeSet::new(),
            feature: None,
        })
        .collect();
    let mut genders: Vec<BTreeSet<(u8, bool)>> = vec![BTreeSet::new(); types.len()];
    let mut longest: Vec<&str> = vec![""; types.len()];
    for m in mentions {
        let c = &mut clusters[m.cluster];
        let text = named[m.row].text.as_str();
        if text.chars().count() > longest[m.cluster].chars().count() {
            longest[m.cluster] = text;
        }
        c.words.extend(
            fold(text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
        if c.ty != EntityType::Person {
            continue;
        }
        // Titles and roles: inside the mention and the word right before it
        // (`Mr Kennedy`, `U.S. President Donald Trump`, `Prime Minister X`).
        let sentence_start = doc.sentences[m.sentence].first_token;
        let before = m.first.saturating_sub(1).max(sentence_start);
        for t in before..m.end {
            let word = forms[t].trim_end_matches('.');
            if let Some(g) = title_gender(word) {
                genders[m.cluster].insert((g as u8, true));
            }
            // `Deputy Prime Minister John Prescott` is not `the prime minister`:
            // a qualified role is none of the roles it contains.
            let qualified = (t.saturating_sub(2).max(sentence_start)..t)
                .any(|q| ROLE_QUALIFIERS.contains(&forms[q].trim_end_matches('-')));
            if ROLES.contains(&word) && !qualified {
                c.roles.insert(word.to_owned());
                if t > sentence_start {
                    let modifier = forms[t - 1].as_str();
                    if modifier.chars().all(char::is_alphabetic) && modifier != "the" {
                        c.roles.insert(format!("{modifier} {word}"));
                    }
                }
            }
        }
        // An apposition after the name: `Hamdullah Mohib, the Afghan ambassador,`.
        let sentence_end = doc.sentences[m.sentence].end_token;
        if m.end < sentence_end && forms[m.end] == "," {
            let mut t = m.end + 1;
            while t < sentence_end
                && t <= m.end + 6
                && ![",", ".", ";", ")"].contains(&forms[t].as_str())
            {
                t += 1;
            }
            // `X, the Afghan ambassador,` but not `X, undersecretary to the prime minister,`.
            let closed = t < sentence_end
                && [",", ".", ";", ")"].contains(&forms[t].as_str())
                && !forms[m.end + 1..t].iter().any(|f| {
                    ["to", "of", "for", "at", "in", "with", "and", "or"].contains(&f.as_str())
                });
            if closed {
                let head = forms[t - 1].as_str();
                if ROLES.contains(&head) {
                    c.roles.insert(head.to_owned());
                    let modifier = forms[t - 2].as_str();
                    if t - 2 > m.end
                        && modifier.chars().all(char::is_alphabetic)
                        && modifier != "the"
                    {
                        c.roles.insert(format!("{modifier} {head}"));
                    }
                }
            }
        }
    }
    for (id, c) in clusters.iter_mut().enumerate() {
        match c.ty {
            EntityType::Person => {
                let tokens = person_tokens(longest[id]);
                if tokens.len() >= 2
                    && let Some(&g) = given_names().get(tokens[0].as_str())
                {
                    genders[id].insert((g as u8, false));
                }
                let kinds: BTreeSet<u8> = genders[id].iter().map(|(g, _)| *g).collect();
                if kinds.len() == 1 {
                    c.gender = Some(if kinds.contains(&(Gender::Male as u8)) {
                        Gender::Male
                    } else {
                        Gender::Female
                    });
                }
            }
            ty if ty.is_place() => {
                c.feature = kb
                    .lookup(longest[id])
                    .find(|e| e.entity_type.is_place())
                    .and_then(|e| kb.feature(&e.kb_id));
            }
            _ => {}
        }
    }
    clusters
}

/// The named mention a pronoun at token `t` of sentence `s` refers to, and
/// the confidence of the link.
fn resolve_pronoun(
    scope: &Scope<'_>,
    parses: &mut Parses<'_>,
    (s, t): (usize, usize),
    gender: Gender,
    reflexive: bool,
) -> Option<(usize, f64)> {
    let Scope {
        doc,
        forms,
        mentions,
        clusters,
    } = *scope;
    let earliest = if reflexive {
        s
    } else {
        s.saturating_sub(WINDOW)
    };
    let candidates: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.sentence >= earliest && m.end <= t && m.sentence <= s)
        .filter(|(_, m)| {
            let c = &clusters[m.cluster];
            c.ty == EntityType::Person && c.gender.is_none_or(|g| g == gender)
        })
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // `After calling his mother, Montalvo …`: a pronoun in an opening
    // subordinate clause may point forward to a person named after it.
    let sentence = &doc.sentences[s];
    let opening = SUBORDINATORS.contains(&forms[sentence.first_token].as_str())
        && !forms[sentence.first_token..t].iter().any(|f| f == ",");
    let later = mentions.iter().any(|m| {
        m.sentence == s
            && m.first > t
            && clusters[m.cluster].ty == EntityType::Person
            && clusters[m.cluster].gender.is_none_or(|g| g == gender)
    });
    if opening && later {
        return None;
    }
    // Never the subject of the verb the pronoun is the object of.
    let mut excluded: BTreeSet<usize> = BTreeSet::new();
    if !reflexive
        && matches!(forms[t].as_str(), "him" | "her")
        && candidates.iter().any(|&i| mentions[i].sentence == s)
        && let Some((Some(verb), relation)) = parses.word(s, t)
        && matches!(relation.as_str(), "obj" | "iobj")
    {
        for &i in &candidates {
            let m = &mentions[i];
            if m.sentence == s
                && let Some((head, rel)) = parses.head_of(s, m.first, m.end)
                && rel.starts_with("nsubj")
                && parses.word(s, head).is_some_and(|(h, _)| h == Some(verb))
            {
                excluded.insert(m.cluster);
            }
        }
    }
    // Most people news names without a known gender are men: where a woman
    // is named, `she` does not look at them.
    let known = gender == Gender::Female
        && candidates
            .iter()
            .any(|&i| clusters[mentions[i].cluster].gender == Some(gender));
    let candidates: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| !excluded.contains(&mentions[i].cluster))
        .filter(|&i| !known || clusters[mentions[i].cluster].gender == Some(gender))
        .collect();
    let distinct: BTreeSet<usize> = candidates.iter().map(|&i| mentions[i].cluster).collect();
    let nearest = |cluster: usize| {
        candidates
            .iter()
            .copied()
            .filter(|&i| mentions[i].cluster == cluster)
            .max_by_key(|&i| mentions[i].first)
    };
    match distinct.len() {
        0 => None,
        1 => nearest(*distinct.first()?).map(|m| (m, 0.8)),
        _ if reflexive => {
            // Bound in its clause: the nearest person before it.
            let m = candidates
                .iter()
                .copied()
                .max_by_key(|&i| mentions[i].first)?;
            Some((m, 0.6))
        }
        _ => {
            let own: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| mentions[i].sentence == s)
                .collect();
            if let Some(&closest) = own.iter().max_by_key(|&&i| mentions[i].first) {
                // The nearest person of its own sentence, unless another
                // person is a subject there and the nearest is not
                // (`Smith told Jones that he …` stays open).
                let subject = |parses: &mut Parses<'_>, i: usize| {
                    let m = &mentions[i];
                    parses.is_subject(s, m.first, m.end)
                };
                let near = mentions[closest].cluster;
                let others: Vec<usize> = own
                    .iter()
                    .copied()
                    .filter(|&i| mentions[i].cluster != near)
                    .collect();
                // Only the tree can tell between two people of the sentence.
                if others.is_empty() || subject(parses, closest) {
                    return Some((closest, 0.6));
                }
                let rival = others.iter().any(|&i| subject(parses, i));
                return (!rival).then_some((closest, 0.6));
            }
            // Else the one person who is a subject in the nearest sentence
            // naming any of them.
            let last = candidates.iter().map(|&i| mentions[i].sentence).max()?;
            let mut subjects: BTreeSet<usize> = BTreeSet::new();
            let mut subject_mention = None;
            for &i in &candidates {
                let m = &mentions[i];
                if m.sentence != last {
                    continue;
                }
                if parses.is_subject(last, m.first, m.end) {
                    subjects.insert(m.cluster);
                    subject_mention = Some(i);
                }
            }
            (subjects.len() == 1)
                .then(|| nearest(mentions[subject_mention?].cluster))
                .flatten()
                .map(|m| (m, 0.6))
        }
    }
}

/// A nominal starting with `the` at token `t` of sentence `s`: its end
/// token and the named mention it refers to.
fn resolve_nominal(
    scope: &Scope<'_>,
    covered: &[bool],
    (s, t): (usize, usize),
) -> Option<(usize, usize)> {
    let Scope {
        doc,
        forms,
        mentions,
        clusters,
    } = *scope;
    let end_token = doc.sentences[s].end_token;
    let mut h = t + 1;
    while h < end_token && ROLE_PREMODIFIERS.contains(&forms[h].as_str()) {
        h += 1;
    }
    // `the [modifier] head`, the modifier a lower-case word.
    let head_at = |i: usize| i < end_token && !covered[i];
    if !head_at(h) {
        return None;
    }
    let (modifier, head) = if head_at(h + 1)
        && (ROLES.contains(&forms[h + 1].as_str())
            || ["country", "city", "capital", "town"].contains(&forms[h + 1].as_str())
            || ORG_NOUNS.contains(&forms[h + 1].as_str()))
        && forms[h].chars().all(char::is_alphabetic)
        && doc.token_form(h).chars().all(char::is_lowercase)
    {
        (Some(forms[h].as_str()), h + 1)
    } else {
        (None, h)
    };
    let end = head + 1;
    // `the president of …`, `the minister Ali`: its own referent.
    if end < end_token
        && (forms[end] == "of"
            || covered[end]
            || doc
                .token_form(end)
                .chars()
                .next()
                .is_some_and(char::is_uppercase))
    {
        return None;
    }
    let word = forms[head].as_str();
    let before = |m: &&Named| m.end <= t;
    let one = |found: BTreeSet<usize>| -> Option<usize> {
        let [cluster] = found.into_iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.cluster == cluster && m.end <= t)
            .max_by_key(|(_, m)| m.first)
            .map(|(i, _)| i)
    };
    if ROLES.contains(&word) {
        let key = modifier.map_or_else(|| word.to_owned(), |m| format!("{m} {word}"));
        let found: BTreeSet<usize> = mentions
            .iter()
            .filter(before)
            .filter(|m| clusters[m.cluster].roles.contains(&key))
            .map(|m| m.cluster)
            .collect();
        return one(found).map(|m| (end, m));
    }
    if modifier.is_none() && ORG_NOUNS.contains(&word) {
        let variants: &[&str] = match word {
            "organisation" | "organization" => &["organisation", "organization"],
            _ => std::slice::from_ref(&word),
        };
        let found: BTreeSet<usize> = mentions
            .iter()
            .filter(before)
            .filter(|m| {
                let c = &clusters[m.cluster];
                c.ty == EntityType::Organisation && variants.iter().any(|v| c.words.contains(*v))
            })
            .map(|m| m.cluster)
            .collect();
        return one(found).map(|m| (end, m));
    }
    let wanted = match (modifier, word) {
        (None, "country") => |f: Feature| f == Feature::Country,
        (None, "city" | "capital" | "town") => |f: Feature| f == Feature::City,
        _ => return None,
    };
    // `the capital in Kabul`: a place named right after it is its referent.
    if mentions.iter().any(|m| {
        m.sentence == s && m.first >= end && m.first <= end + 2 && clusters[m.cluster].ty.is_place()
    }) {
        return None;
    }
    // The one such place of its own sentence, else of the window.
    let places = |earliest: usize| -> BTreeSet<usize> {
        mentions
            .iter()
            .filter(before)
            .filter(|m| m.sentence >= earliest)
            .filter(|m| {
                let c = &clusters[m.cluster];
                c.ty.is_place() && c.feature.is_some_and(wanted)
            })
            .map(|m| m.cluster)
            .collect()
    };
    let own = places(s);
    let found = if own.is_empty() {
        places(s.saturating_sub(WINDOW))
    } else {
        own
    };
    one(found).map(|m| (end, m))
}
