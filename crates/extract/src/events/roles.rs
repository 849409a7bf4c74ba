//! The tree's roles and casualty counts written onto a sentence's events
//! (rules in `tree`): a role the tree fills replaces the position rules'
//! guess. Where the tree finds no actor or target, the position rules'
//! guess stays (the nearest candidate before or after the trigger): on the
//! dev key those guesses are right about as often as they are wrong, and
//! parse slips leave many subjects and objects unattached. The place is the
//! tree's alone (see `tree`).

use std::borrow::Cow;
use std::sync::LazyLock;

use sitrep_core::layers::Upos;
use sitrep_core::tables::MentionRow;
use sitrep_core::{ByteSpan, Doc};

use super::tree::{Filler, Node, NounCases, Tree};
use super::{ACTOR_TYPES, Context, INJURED_WORDS, KILLED_WORDS, PLACE_TYPES, Pending};

/// Entity types a target may have (people, groups, places and facilities).
const TARGET_TYPES: &[&str] = &["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"];

/// Reflexive pronouns: an object that is the subject again.
static REFLEXIVES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/reflexives.tsv",
        include_str!("../../../../data/lexicons/events/reflexives.tsv"),
    )
});

/// Words of a legal setting: a `charged` among them is a criminal charge
/// even without its offence (`They were charged, police said`); the
/// `charge_setting` words of `data/lexicons/events/legal_words.tsv`.
static LEGAL_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(crate::lexicons::charge_settings);

/// Acts whose threat is one made (`the threat of a wider war`, `threats
/// of retaliation`), by lemma.
static THREATENED_ACTS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/threatened_acts.tsv",
        include_str!("../../../../data/lexicons/events/threatened_acts.tsv"),
    )
});

/// Goals met without meeting anyone (`meet its earnings targets`), lemmas.
static GOAL_OBJECTS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/goal_objects.tsv",
        include_str!("../../../../data/lexicons/events/goal_objects.tsv"),
    )
});

/// What is shut down by industry or accident, not coercion (lemmas).
static SHUTDOWN_OBJECTS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/shutdown_objects.tsv",
        include_str!("../../../../data/lexicons/events/shutdown_objects.tsv"),
    )
});

/// Acts a warning can threaten (`warned it would retaliate`), lemmas.
static THREATENED_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/threatened_verbs.tsv",
        include_str!("../../../../data/lexicons/events/threatened_verbs.tsv"),
    )
});

/// Who can make a threat when no named entity does (`the rebels`), lemmas.
static AGENT_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/agent_nouns.tsv",
        include_str!("../../../../data/lexicons/events/agent_nouns.tsv"),
    )
});

/// Nouns whose first sense is a person or a social group (lemmas, sorted;
/// from the `WordNet` lexicon by `data/lexicons/events/make_animate_nouns.py`).
static ANIMATE_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/animate_nouns.tsv",
        include_str!("../../../../data/lexicons/events/animate_nouns.tsv"),
    )
});

/// Nouns an event noun may modify and still tell the event (`bombing
/// raids`), lemmas.
static MEANS_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/events/means_nouns.tsv",
        include_str!("../../../../data/lexicons/events/means_nouns.tsv"),
    )
});

/// Whether tree word `w` names someone who can act, be met or be pressed:
/// a named person, organisation, country or group (or a proper noun), a
/// personal or possessive pronoun (`it` too: in news mostly a company or a
/// government), an initialism (`two MEPs`), an agent noun
/// (`data/lexicons/events/agent_nouns.tsv`: `the rebels`) or a noun whose
/// first sense is a person or a social group (`dignitaries`, `traders`, `the
/// government`, `its board`): not `rising wages`, `the deficit ceiling`,
/// `pressure on margins` or `a letter of credit` (the word list replaced
/// reading any noun in `-er`, `-or`, `-ist` as someone: `merger`, `sector`).
fn agentive(tree: &Tree, w: usize, mentions: &[&MentionRow]) -> bool {
    let node = &tree.nodes[w];
    if matches!(
        tree.filler(w, mentions, ACTOR_TYPES),
        Some(Filler::Mention(_))
    ) || node.upos == Upos::Propn
        || matches!(
            node.lower.as_str(),
            "he" | "she"
                | "they"
                | "we"
                | "i"
                | "you"
                | "who"
                | "his"
                | "her"
                | "their"
                | "our"
                | "my"
                | "your"
                | "him"
                | "them"
                | "us"
                | "me"
                | "it"
                | "its"
        )
    {
        return true;
    }
    if node.upos != Upos::Noun {
        return false;
    }
    // An initialism the tagger took for a common noun (`two MEPs`).
    if node.capitals >= 2 {
        return true;
    }
    // (A common noun's lemma is lower case but for rare learned cases.)
    let lemma: Cow<'_, str> = if node.lemma.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(node.lemma.to_ascii_lowercase())
    } else {
        Cow::Borrowed(&node.lemma)
    };
    AGENT_NOUNS.contains(&&*lemma) || ANIMATE_NOUNS.binary_search(&&*lemma).is_ok()
}

/// Casualty words may reach an `ASSAULT` trigger this many edges away.
const CASUALTY_REACH: usize = 4;

/// One role of an event row, as the tree fills it.
struct Slot<'r> {
    text: &'r mut Option<String>,
    mention_id: &'r mut Option<String>,
    phrase: &'r mut Option<ByteSpan>,
}

impl Slot<'_> {
    fn fill(self, doc: &Doc, filler: Option<Filler<'_>>) {
        let (text, mention_id, phrase) = match filler {
            Some(Filler::Mention(m)) => (Some(m.text.clone()), Some(m.mention_id.clone()), None),
            Some(Filler::Phrase(span)) => {
                (Some(doc.original_text(span).to_owned()), None, Some(span))
            }
            None => (None, None, None),
        };
        *self.text = text;
        *self.mention_id = mention_id;
        *self.phrase = phrase;
    }
}

fn is_casualty(node: &Node) -> bool {
    KILLED_WORDS.contains(&node.lower.as_str()) || INJURED_WORDS.contains(&node.lower.as_str())
}

fn same(a: Option<Filler<'_>>, b: Option<Filler<'_>>) -> bool {
    match (a, b) {
        (Some(Filler::Mention(x)), Some(Filler::Mention(y))) => x.mention_id == y.mention_id,
        (Some(Filler::Phrase(x)), Some(Filler::Phrase(y))) => x == y,
        _ => false,
    }
}

/// What the tree says a trigger is (see [`reading`]).
enum Reading {
    /// The lexicon's event.
    Event,
    /// No event: a danger, a fee, a plant shut for repairs, a target met.
    NoEvent,
    /// A claim: `charged that …` accuses.
    Accusation,
}

/// Whether the tree bears out the event of trigger head `t` (`actor`,
/// `target`: the tree's actor and target words, `plover_type`: the lexicon's
/// type). Who counts as someone is [`agentive`].
///
/// - A `threat` no one makes, of no stated act, is a danger (`the threat of
///   inflation`, `the threat was real`); `those threats` points back at
///   threats told before, and threats someone received, `death threats` and
///   the threat of an act (`the threat of a wider war`) were made.
/// - `charged` is a charge brought only with its offence, law, cause or
///   charging authority (`charged with fraud`, `under Section 5`, `over crowd
///   trouble`, `by the SEC`, `in the bombing`) or in a legal setting;
///   `charged that …` accuses; fees `charged`, a battery kept `charged`,
///   costs `charged against earnings` are no event.
/// - `shut down` coerces only when someone shuts something down that is not
///   a plant, mine or market (`mailing lists have been shut down`): a lab
///   that is `to shut down` closes itself, a refinery is shut for repairs.
/// - Meeting a target, a need or a deadline is meeting no one, and so is
///   meeting anything that is not someone (`meet his golden economic rule`,
///   `budget targets must be met`).
/// - `ask` requests only with what is asked for: a `to` clause (`asked the
///   court to enjoin …`; not `asked not to be identified`), a `for` phrase
///   or a `that` or bare clause (`asked it be exempt`); a question (`asked
///   about the impact`, `asked if …`, `asked Mr Sullivan: "…?"`) is no
///   request.
/// - `call for` requests only when its subject, if the tree finds one, is
///   someone: a merger, plan or law that `calls for` something provides for
///   it.
/// - Support (`support`, `back`) and pressure are political only when
///   someone gives or gets them: the actor or the target is someone, or
///   someone's (`Iran supports the government`, `pressure on Lawson`,
///   `support for his efforts`); a market's support or pressure, where the
///   tree finds a giver or taker and none is someone (`oil shares provided
///   support for the advance`, `pressure on margins`, `support for its
///   currency`), is no event.
/// - Only someone threatens (`threaten` as a verb): a named person,
///   organisation, country or group (or a proper noun), a personal pronoun
///   or a noun for people ([`agentive`]: `the rebels`, `traders`); with no
///   subject, someone threatened (`journalists were threatened`) or
///   threatened with an act (`with arrest`). `Rising wages threaten the
///   progress`, `rice planting is threatened` are dangers: no event.
/// - `warn` threatens only with an act to threaten: a threatened act it is
///   `of`, `about`, `on` or `against` (`warned of retaliation`, `warns
///   Congress on trade retaliation`), or a clause of it whose verb is such an
///   act or names one (`warned it would fight`, `warned that it would take
///   action`), or a bare warning to someone (`Iran warns Israel`);
///   otherwise it cautions (`warned that growth would slow`, `warned
///   farmers not to depend on aid`): no event.
fn reading(
    tree: &Tree,
    t: usize,
    (actor, target): (Option<usize>, Option<usize>),
    plover_type: &str,
    mentions: &[&MentionRow],
) -> Reading {
    let node = &tree.nodes[t];
    let lemma_in = |w: usize, list: &[&str]| {
        list.iter()
            .any(|l| l.eq_ignore_ascii_case(&tree.nodes[w].lemma))
    };
    let has_child = |w: usize, test: &dyn Fn(usize) -> bool| tree.children(w).any(test);
    let verb = node.upos == Upos::Verb;
    // A word in capitals (`BRAZIL ASKS 60-DAY EXTENSION`) is tagged and
    // attached unreliably: the rules on who takes part leave it be.
    let shouted = node.shouted();
    match (plover_type, node.lemma.as_str()) {
        (_, "threat") if node.upos == Upos::Noun && actor.is_none() => {
            let made = tree.child(t, &["acl"]).is_some()
                || tree.recipient(t).is_some()
                || has_child(t, &|c| {
                    tree.nodes[c].deprel == "nmod" && lemma_in(c, &THREATENED_ACTS)
                })
                || has_child(t, &|c| {
                    tree.nodes[c].deprel == "compound" && tree.nodes[c].lower == "death"
                })
                || tree.child(t, &["det"]).is_some_and(|d| {
                    matches!(
                        tree.nodes[d].lower.as_str(),
                        "this" | "these" | "that" | "those"
                    )
                });
            if made {
                Reading::Event
            } else {
                Reading::NoEvent
            }
        }
        ("COERCE", "charge") if verb => {
            // `with fraud` (`obl`) or `with taking hard drives` (`advcl`).
            let legal_case = has_child(t, &|c| {
                matches!(tree.nodes[c].deprel.as_str(), "obl" | "obl:agent" | "advcl")
                    && has_child(c, &|m| {
                        matches!(tree.nodes[m].deprel.as_str(), "case" | "mark")
                            && matches!(
                                tree.nodes[m].lower.as_str(),
                                "with" | "under" | "over" | "by" | "in"
                            )
                    })
            });
            // `the suit charged that Boesky schemed with …`: the clause
            // decides, whatever its words attach to `charged`.
            let claim = tree.children(t).any(|c| {
                tree.nodes[c].deprel == "ccomp"
                    && has_child(c, &|m| {
                        tree.nodes[m].deprel == "mark" && tree.nodes[m].lower == "that"
                    })
            });
            if claim {
                Reading::Accusation
            } else if legal_case {
                Reading::Event
            } else if tree.child(t, &["ccomp"]).is_some() {
                Reading::Accusation
            } else if tree
                .nodes
                .iter()
                .any(|n| LEGAL_WORDS.contains(&n.lower.as_str()))
            {
                Reading::Event
            } else {
                Reading::NoEvent
            }
        }
        ("THREATEN", "threaten") if verb => {
            let agentive = |w: usize| agentive(tree, w, mentions);
            let threatened_with_act = has_child(t, &|c| {
                tree.nodes[c].deprel == "obl"
                    && lemma_in(c, &THREATENED_ACTS)
                    && has_child(c, &|m| tree.nodes[m].lower == "with")
            });
            let made = match actor {
                Some(a) => agentive(a),
                None => threatened_with_act || tree.child(t, &["nsubj:pass"]).is_some_and(agentive),
            };
            if made {
                Reading::Event
            } else {
                Reading::NoEvent
            }
        }
        ("THREATEN", "warn") if verb => {
            let act = |w: usize| {
                lemma_in(w, &THREATENED_ACTS)
                    || has_child(w, &|c| {
                        tree.nodes[c].deprel == "compound" && lemma_in(c, &THREATENED_ACTS)
                    })
            };
            let of_act = has_child(t, &|c| {
                matches!(tree.nodes[c].deprel.as_str(), "obl" | "obj")
                    && act(c)
                    && (tree.nodes[c].deprel == "obj"
                        || has_child(c, &|m| {
                            tree.nodes[m].deprel == "case"
                                && matches!(
                                    tree.nodes[m].lower.as_str(),
                                    "of" | "about" | "on" | "against"
                                )
                        }))
            });
            let clause_act = has_child(t, &|c| {
                matches!(tree.nodes[c].deprel.as_str(), "ccomp" | "xcomp" | "advcl")
                    && (lemma_in(c, &THREATENED_VERBS)
                        || has_child(c, &|o| {
                            matches!(tree.nodes[o].deprel.as_str(), "obj" | "obl") && act(o)
                        }))
            });
            // A bare warning to someone (`Iran warns Israel`) threatens; one
            // with advice or a reason (`not to depend on aid`, `about fake
            // hotspots`, `that growth would slow`) cautions.
            // (Advice the parse hangs on the object counts too: `warned
            // farmers not to depend …` as `farmers` with an `acl`.)
            let bare = tree
                .child(t, &["obj"])
                .is_some_and(|o| tree.child(o, &["acl", "xcomp"]).is_none())
                && tree
                    .child(t, &["ccomp", "xcomp", "advcl", "obl", "parataxis"])
                    .is_none();
            if of_act || clause_act || bare {
                Reading::Event
            } else {
                Reading::NoEvent
            }
        }
        ("COERCE", "shut") if verb => {
            let passive = tree.child(t, &["nsubj:pass", "aux:pass"]).is_some();
            let thing = tree
                .child(t, &["obj"])
                .or_else(|| tree.child(t, &["nsubj:pass"]));
            let industrial = thing.is_some_and(|h| lemma_in(h, &SHUTDOWN_OBJECTS));
            if (!passive && thing.is_none()) || industrial {
                Reading::NoEvent
            } else {
                Reading::Event
            }
        }
        ("CONSULT", "meet") if verb => {
            // The object or a noun joined to it (`its earnings and revenue
            // targets`).
            let goal = tree.child(t, &["obj"]).is_some_and(|o| {
                std::iter::once(o)
                    .chain(
                        tree.children(o)
                            .filter(|&w| tree.nodes[w].upos == Upos::Noun),
                    )
                    .any(|w| lemma_in(w, &GOAL_OBJECTS))
            });
            // Something met that is no one (`meet his golden rule`, `meet
            // the deficit ceiling`, `targets must be met`).
            let thing = !shouted
                && tree
                    .child(t, &["obj", "nsubj:pass"])
                    .is_some_and(|o| !agentive(tree, o, mentions));
            if goal || thing {
                Reading::NoEvent
            } else {
                Reading::Event
            }
        }
        ("REQUEST", "ask") if verb && !shouted => {
            // Asked for something (`asked the court to enjoin`, `asked for
            // approval`, `asked that …`), not asked a question (`asked about
            // the impact`, `asked if …`, `asked Mr Sullivan: "…?"`), nor
            // asking not to be named.
            // (A `to` clause the parse hangs elsewhere counts: as an
            // `advcl`, or below the object: `asked the Council to help`,
            // `asking the watchdog overseeing the rules to stop`.)
            let marked = |c: usize, marks: &[&str]| {
                has_child(c, &|m| {
                    tree.nodes[m].deprel == "mark" && marks.contains(&tree.nodes[m].lower.as_str())
                })
            };
            let for_phrase = |w: usize| {
                has_child(w, &|m| {
                    tree.nodes[m].deprel == "case" && tree.nodes[m].lower == "for"
                })
            };
            let wanted = has_child(t, &|c| match tree.nodes[c].deprel.as_str() {
                "xcomp" => !lemma_in(c, &["identify", "name", "quote"]),
                "advcl" => marked(c, &["to", "that"]),
                // A bare clause asks for something too (`asked it be
                // exempt`), unless it is a question: `if`/`whether`, a
                // wh-word or a question mark.
                "ccomp" => {
                    marked(c, &["to", "that"])
                        || !(marked(c, &["if", "whether"])
                            || has_child(c, &|m| {
                                matches!(
                                    tree.nodes[m].lower.as_str(),
                                    "?" | "how"
                                        | "why"
                                        | "what"
                                        | "when"
                                        | "where"
                                        | "who"
                                        | "which"
                                )
                            }))
                }
                "obl" | "obj" | "nmod" | "iobj" => {
                    for_phrase(c)
                        || (0..tree.nodes.len()).any(|m| {
                            matches!(tree.nodes[m].deprel.as_str(), "acl" | "xcomp")
                                && m != c
                                && marked(m, &["to"])
                                && tree.dominates(c, m)
                        })
                        || has_child(c, &|m| {
                            matches!(tree.nodes[m].deprel.as_str(), "nmod" | "obl") && for_phrase(m)
                        })
                }
                _ => false,
            });
            if wanted {
                Reading::Event
            } else {
                Reading::NoEvent
            }
        }
        ("REQUEST", "call") if verb && !shouted => {
            // A plan, law or deal that `calls for` something provides for
            // it (`The agreement calls for the sale of the unit`); someone
            // who calls for it requests.
            if actor.is_some_and(|a| !agentive(tree, a, mentions)) {
                Reading::NoEvent
            } else {
                Reading::Event
            }
        }
        ("SUPPORT", "support" | "back") | ("REQUEST", "pressure") if !shouted => {
            // Support or pressure someone gives or gets (`Iran supports the
            // government`, `her support to Mohamed`, `pressure on Lawson`),
            // not a market's (`oil shares provided support for the
            // advance`, `pressure on margins`, `supported nearbys`).
            // Someone's thing counts as theirs (`support for his efforts`).
            // With neither found, a slip of the parse is as likely as a
            // market, and a verb whose subject the tree misses (`are
            // thought to support the plan`) keeps its event.
            let party = |w: Option<usize>| {
                w.is_some_and(|w| {
                    agentive(tree, w, mentions)
                        || tree
                            .child(w, &["nmod:poss"])
                            .is_some_and(|p| agentive(tree, p, mentions))
                })
            };
            // Pressure is on someone, not on someone's thing (`pressure on
            // state pension spending`, `piling the pressure on his serve`).
            if let Some(pressed) = tree.pressed(t) {
                if agentive(tree, pressed, mentions) || party(actor) {
                    Reading::Event
                } else {
                    Reading::NoEvent
                }
            } else if party(actor)
                || party(target)
                || party(Some(t))
                || (actor.is_none() && (verb || target.is_none()))
            {
                Reading::Event
            } else {
                Reading::NoEvent
            }
        }
        _ => Reading::Event,
    }
}

impl Context<'_> {
    /// Actor, target and place of each event from `tree`.
    pub(super) fn apply_tree(&self, doc: &Doc, tree: &Tree, pending: &mut [Pending]) {
        let mentions: &[&MentionRow] = &self.mentions;
        // Head words of this sentence's triggers: an event is no target of
        // another (`condemned the assassination`, `threats of retaliation`).
        // Agent nouns are people (`Eight protesters … have been charged`).
        let triggers: Vec<usize> = pending
            .iter()
            .filter_map(|p| tree.head_of(p.row.start, p.row.end))
            .filter(|&h| {
                let word = tree.nodes[h].lower.as_str();
                !(word.ends_with("ers") || word.ends_with("ors"))
            })
            .collect();
        for event in pending.iter_mut() {
            let Some(t) = tree.head_of(event.row.start, event.row.end) else {
                continue;
            };
            // A trigger the tagger reads as neither verb nor noun (`US
            // airstrikes targeted …` with `airstrikes` an auxiliary), or a
            // finite verb hung as a noun's modifier (`Blinken, in a meeting
            // …, warned` with `warned` an `amod`), is a parse slip: its
            // roles stay with the position rules.
            // The tagger misreads words in capitals (`CASUALTIES IN
            // FIGHTING` as an adjective): the two rules below trust the tags
            // of other words only.
            let written_low = |w: usize| !tree.nodes[w].shouted();
            // A present participle read as an adjective describes, it does
            // not tell an event (`encouraging results`, `tests encouraging`).
            if written_low(t)
                && tree.nodes[t].upos == Upos::Adj
                && tree.nodes[t].lower.ends_with("ing")
            {
                event.unfounded = true;
                continue;
            }
            // A trigger noun modifying another noun names a kind of thing
            // (`support prices`, `strike headquarters`, `meeting date`), not
            // an event; but a means stays (`bombing raids`, `arrest
            // warrants`: `data/lexicons/events/means_nouns.tsv`).
            if written_low(t)
                && tree.nodes[t].upos == Upos::Noun
                && tree.nodes[t].deprel == "compound"
                && tree.nodes[t].head.is_some_and(|h| {
                    tree.nodes[h].upos == Upos::Noun
                        && written_low(h)
                        && !MEANS_NOUNS
                            .iter()
                            .any(|m| m.eq_ignore_ascii_case(&tree.nodes[h].lemma))
                })
            {
                event.unfounded = true;
                continue;
            }
            if !matches!(tree.nodes[t].upos, Upos::Verb | Upos::Noun | Upos::Propn)
                || tree.finite_verb_as_modifier(t)
            {
                continue;
            }
            // A plural-form trigger the tree reads as a verb is one event
            // (`the party calls for`), where its tag can be trusted: written
            // in lower case (not `Responding to Attacks on Its Forces`).
            if event.plural_only && tree.nodes[t].capitals == 0 && tree.nodes[t].upos == Upos::Verb
            {
                event.row.aggregate = false;
            }
            let kind = match event.row.plover_type.as_str() {
                "RETREAT" | "PROTEST" => NounCases::Intransitive,
                "SUPPORT" | "AID" => NounCases::Recipient,
                "REQUEST" => NounCases::Request,
                "CONSULT" => NounCases::Consult,
                _ => NounCases::Patient,
            };
            let roles = tree.roles(
                t,
                (event.row.start, event.row.end),
                mentions,
                ACTOR_TYPES,
                kind,
            );
            match reading(
                tree,
                t,
                (roles.actor, roles.target),
                &event.row.plover_type,
                mentions,
            ) {
                Reading::Event => {}
                Reading::NoEvent => {
                    event.unfounded = true;
                    continue;
                }
                Reading::Accusation => {
                    "ACCUSE".clone_into(&mut event.row.plover_type);
                    event.row.plover_mode = None;
                    event.row.acled_type = None;
                    event.row.acled_subtype = None;
                }
            }
            let actor = roles
                .actor
                .and_then(|h| tree.filler(h, mentions, ACTOR_TYPES));
            let victim = || {
                (event.row.plover_type == "ASSAULT")
                    .then(|| tree.victim(t, CASUALTY_REACH, is_casualty))
                    .flatten()
            };
            // A reflexive object is the actor again (`Iran has withdrawn
            // itself`), not a target.
            let reflexive = |h: &usize| REFLEXIVES.contains(&tree.nodes[*h].lower.as_str());
            // An event as object gives its possessor (`condemned Sharon's
            // murder of Yassin` → Sharon), else nothing.
            let target = roles
                .target
                .and_then(|h| {
                    if triggers.contains(&h) {
                        tree.child(h, &["nmod:poss"])
                    } else {
                        Some(h)
                    }
                })
                .filter(|h| !reflexive(h))
                .or_else(victim)
                .and_then(|h| tree.filler(h, mentions, TARGET_TYPES))
                .filter(|_| roles.target != roles.actor);
            let target = if same(actor, target) { None } else { target };
            // The tree decides: a role it leaves empty is empty (a passive
            // without `by`, an event noun with no possessor), except the
            // actor of a quote's cue, which is the quote's speaker.
            // A subject the tree takes for a slip leaves the actor to the
            // position rules.
            if !event.cued && (actor.is_some() || !tree.subject_slip(t)) {
                Slot {
                    text: &mut event.row.actor_text,
                    mention_id: &mut event.row.actor_mention_id,
                    phrase: &mut event.actor_phrase,
                }
                .fill(doc, actor);
            }
            Slot {
                text: &mut event.row.target_text,
                mention_id: &mut event.row.target_mention_id,
                phrase: &mut event.target_phrase,
            }
            .fill(doc, target);
            // The tree decides the place too: a place phrase elsewhere in
            // the sentence belongs to another clause or participant.
            let filled = |m: &MentionRow| {
                [actor, target]
                    .into_iter()
                    .any(|f| matches!(f, Some(Filler::Mention(x)) if x.mention_id == m.mention_id))
            };
            let place = roles
                .places
                .iter()
                .filter_map(|&p| tree.place_mention(p, mentions, PLACE_TYPES))
                .find(|m| !filled(m));
            event.row.place_text = place.map(|p| p.text.clone());
            event.row.place_mention_id = place.map(|p| p.mention_id.clone());
            // No place name: a phrase headed by a common place noun (`at
            // his school`, `in the region`), as text.
            event.place_phrase = None;
            if place.is_none() {
                if let Some(&p) = roles.places.iter().find(|&&p| tree.names_place(p)) {
                    let span = tree.phrase(p);
                    event.row.place_text = Some(doc.original_text(span).to_owned());
                    event.place_phrase = Some(span);
                }
            }
        }
    }

    /// Killed and injured counts from the tree (see `tree`).
    pub(super) fn tree_casualties(&self, tree: &Tree, pending: &mut [Pending]) {
        let assaults: Vec<(usize, usize)> = pending
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row.plover_type == "ASSAULT")
            .filter_map(|(k, p)| Some((k, tree.head_of(p.row.start, p.row.end)?)))
            .collect();
        if assaults.is_empty() {
            return;
        }
        let heads: Vec<usize> = assaults.iter().map(|&(_, t)| t).collect();
        let is_word = |lower: &str, words: &[&str]| words.contains(&lower);
        let pairs = tree.casualty_numbers(is_casualty);
        for (c, n) in pairs {
            let chars = tree.nodes[n].chars;
            let Some(quantity) = self
                .quantities
                .iter()
                .find(|q| q.start < chars.1 && chars.0 < q.end)
            else {
                continue;
            };
            let before = || {
                let at = tree.nodes[c].chars.0;
                assaults
                    .iter()
                    .rposition(|&(p, _)| pending[p].row.start <= at)
            };
            let Some(k) = tree.nearest(c, &heads, CASUALTY_REACH).or_else(before) else {
                continue;
            };
            let row = &mut pending[assaults[k].0].row;
            let slot = if is_word(&tree.nodes[c].lower, &KILLED_WORDS) {
                &mut row.killed
            } else {
                &mut row.injured
            };
            slot.get_or_insert(quantity.value.round() as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AGENT_NOUNS, ANIMATE_NOUNS, MEANS_NOUNS};

    #[test]
    fn the_animate_nouns_are_sorted_for_binary_search_and_hold_people_and_groups() {
        assert!(ANIMATE_NOUNS.windows(2).all(|w| w[0] < w[1]));
        for word in ["dignitary", "official", "government", "committee", "farmer"] {
            assert!(ANIMATE_NOUNS.binary_search(&word).is_ok(), "{word}");
        }
        for word in ["rule", "ceiling", "market", "margin", "price", "array"] {
            assert!(ANIMATE_NOUNS.binary_search(&word).is_err(), "{word}");
        }
        assert!(AGENT_NOUNS.contains(&"counterpart"));
        assert!(MEANS_NOUNS.contains(&"raid"));
    }
}
