//! Sense and context: whether a violent trigger word has a violent reading.
//!
//! A lexicon match such as `attack`, `struck`, `battled`, `killed` or
//! `injured` is only a candidate. Before it becomes an `ASSAULT` event (or any
//! event with an ACLED violence type) [`reading`] weighs two kinds of
//! evidence:
//!
//! - **the article's frame** ([`ArticleFrame`]): counts of words typical of
//!   armed conflict (`troops`, `militants`, `missile`, `ceasefire`, …) against
//!   words typical of sport, entertainment, technology, business and health
//!   reporting (`match`, `album`, `software`, `shares`, `cancer`, …) over the
//!   whole text. An article is *calm* when its domain words clearly outnumber
//!   its conflict words, *conflict* when conflict words are frequent and
//!   dominate;
//! - **the sentence**: violent evidence (an armed or organised actor, a
//!   weapon or military means, a victim word) and non-violent cues around the
//!   trigger (sport: `ball`, `goal`, `match`; illness: `cancer`,
//!   `tuberculosis`; disasters and accidents: `earthquake`, `tsunami`,
//!   `crash`; computing: `virus`, `hackers`, `website`; labour disputes:
//!   `workers`, `union`, `pay`; speech: `criticised`, `said`, `remarks`).
//!
//! The decision, per trigger class:
//!
//! | trigger | kept as violence when | otherwise |
//! |---|---|---|
//! | unambiguous (`airstrike`, `bombing`, `shelled`, `car bomb`, `assassinated`, …) | the article is not calm, or the sentence has violent evidence | dropped |
//! | ambiguous (`attack`, `strike`, `struck`, `battled`, `fought`, `clashes`, `raid`, `blast`, …) | the sentence has violent evidence and no non-violent cue, or the article is a conflict article and the sentence has no non-violent cue | `attack` words with a speech or politics cue → `ACCUSE` (a verbal attack: `Howard attacks Brown`); `strike` with a labour cue → `PROTEST`; else dropped |
//! | casualty (`killed`, `wounded`, `injured`, …) | violent evidence in the sentence, no disaster/illness/accident cue | dropped (deaths from disasters, accidents and illness are left out) |
//!
//! Evidence is looked for in the clause window of eight words either side of
//! the trigger for cues, and in the whole sentence for violent evidence.
//!
//! A `strike` is a walkout (`PROTEST`) before any of this is weighed when a
//! labour word stands beside it (`general strike`, `seamen strike`, `on
//! strike`, `strike leaders`) or the article is about a labour dispute
//! (`union`, `strikers`, `wages` at least three times and no fewer than its
//! conflict words), unless a military word stands beside it (`air strike`,
//! `Israeli strike`, `strike on`): violent words elsewhere in the sentence
//! (`a psychological war`, `threaten to use troops`) made walkouts into air
//! strikes in business news.
//!
//! An explosion or blast (`explosion`, `blasts`, `exploded`) with no device
//! or attacker in its sentence (`bomb`, `grenade`, `rebels`, …) among words
//! of industry, accidents, launches or prices (`refinery`, `factory`,
//! `colliery`, `rents`, …) is an accident or a figure of speech, not an
//! attack.
//!
//! The word lists are data files under `data/lexicons/events/sense/` (and
//! the `court_cue` words of `data/lexicons/events/legal_words.tsv`), read
//! and checked once.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::lexicon::Trigger;

/// A set of lower-case words: one of the word lists under
/// `data/lexicons/events/sense/` (or flagged words of another list).
struct WordSet(HashSet<&'static str>);

impl WordSet {
    /// The words of a lexicon file compiled into the binary (checked on
    /// load, see [`sitrep_core::lexicon::word_list`]).
    fn load(file: &str, text: &'static str) -> Self {
        Self(
            sitrep_core::lexicon::word_list(file, text)
                .into_iter()
                .collect(),
        )
    }

    fn has(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// A [`WordSet`] static read from `data/lexicons/events/sense/<file>.tsv`.
macro_rules! sense_words {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        static $name: LazyLock<WordSet> = LazyLock::new(|| {
            WordSet::load(
                concat!("data/lexicons/events/sense/", $file, ".tsv"),
                include_str!(concat!("../../../../data/lexicons/events/sense/", $file, ".tsv")),
            )
        });
    };
}

sense_words!(
    /// Conflict-frame words (lower case).
    CONFLICT_WORDS,
    "conflict_words"
);

sense_words!(
    /// Words of the domains where violent words are usually figurative or where
    /// deaths are not attacks: sport, entertainment, technology, business, health.
    DOMAIN_WORDS,
    "domain_words"
);

sense_words!(
    /// Sentence cues that a violent word is used in sport, games or figuratively.
    SPORT_CUES,
    "sport_cues"
);

sense_words!(
    /// Cues of illness, disasters and accidents: deaths and injuries here are not attacks.
    MISHAP_CUES,
    "mishap_cues"
);

sense_words!(
    /// Devices and attackers that make an explosion an attack.
    EXPLOSIVE_DEVICES,
    "explosive_devices"
);

sense_words!(
    /// Industry, accident, launch and figurative cues of an explosion.
    INDUSTRIAL_CUES,
    "industrial_cues"
);

sense_words!(
    /// Cues that the "attack" is on computers or software.
    COMPUTING_CUES,
    "computing_cues"
);

/// Cues of crime reporting in courts: an assault charge is not political
/// violence (the `court_cue` words of `data/lexicons/events/legal_words.tsv`).
static LEGAL_CUES: LazyLock<WordSet> =
    LazyLock::new(|| WordSet(crate::lexicons::court_cues().into_iter().collect()));

sense_words!(
    /// Cues of a labour dispute (`strike` as a walkout).
    LABOUR_CUES,
    "labour_cues"
);

sense_words!(
    /// Words that make a `strike` next to them (four words either side) a
    /// walkout on their own (`general strike`, `seamen strike`, `workers will
    /// strike`), unless a military word stands beside it.
    STRONG_LABOUR_CUES,
    "strong_labour_cues"
);

sense_words!(
    /// Words right after a `strike` that make it a walkout (`strike leaders`,
    /// `strike action`, `strike fund`).
    LABOUR_AFTER_STRIKE,
    "labour_after_strike"
);

sense_words!(
    /// Words up to two before a `strike` that make it a military one (`air
    /// strike`, `missile strike`, `Israeli strike`).
    MILITARY_BEFORE_STRIKE,
    "military_before_strike"
);

sense_words!(
    /// Words right after a `strike` that make it a military one (`strike on`,
    /// `strike against`, `strike killed`).
    MILITARY_AFTER_STRIKE,
    "military_after_strike"
);

sense_words!(
    /// Article words of a labour dispute (the frame for a `strike` with no
    /// cue of its own: `The strike has cut exports`).
    LABOUR_WORDS,
    "labour_words"
);

sense_words!(
    /// Cues of a verbal attack: speech and politics.
    VERBAL_CUES,
    "verbal_cues"
);

sense_words!(
    /// Violent evidence in a sentence: armed actors, weapons, military means, victims.
    VIOLENT_EVIDENCE,
    "violent_evidence"
);

sense_words!(
    /// Violent trigger entries of the ambiguous class (see [`class_of`]).
    AMBIGUOUS_TRIGGERS,
    "ambiguous_triggers"
);

sense_words!(
    /// Words right after a violent trigger that make it a suicide, not an
    /// attack (`killed himself`).
    SUICIDE_OBJECTS,
    "suicide_objects"
);

sense_words!(
    /// Triggers that are mostly figurative or crime reporting outside a
    /// conflict frame (`legal battles`, `the murder weapon`): no event in a
    /// calm article.
    CALM_NOT_EVENTS,
    "calm_not_events"
);

sense_words!(
    /// Words anywhere in a sentence that make a `raid` a police raid.
    POLICE_RAID_CUES,
    "police_raid_cues"
);

/// Which trigger class a lexicon entry belongs to (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TriggerClass {
    /// Violent in every reading (`airstrike`, `bombing`, `car bomb`).
    Unambiguous,
    /// Often figurative, sport or verbal (`attack`, `strike`, `battled`).
    Ambiguous,
    /// A casualty verb or noun (`killed`, `wounded`, `injured`).
    Casualty,
}

/// How a violent trigger is read in its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Violence: keep the lexicon's violent types.
    Violent,
    /// A verbal attack: type it `ACCUSE`.
    Verbal,
    /// A labour strike: type it `PROTEST`.
    Labour,
    /// A police raid: type it `COERCE`.
    PoliceRaid,
    /// No event.
    NotAnEvent,
}

/// The article-level frame: conflict words against other domains' words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ArticleFrame {
    /// Conflict-frame words in the article.
    pub(crate) conflict: usize,
    /// Sport, entertainment, technology, business and health words.
    pub(crate) domain: usize,
    /// Words of a labour dispute (`union`, `strikers`, `wages`).
    pub(crate) labour: usize,
    /// An earlier sentence of the article told of a labour strike: a later
    /// bare `the strike` is that walkout again (one sense per discourse).
    pub(crate) labour_strike: bool,
}

impl ArticleFrame {
    /// Counts the frame words of a whole text.
    pub(crate) fn of(text: &str) -> Self {
        let mut frame = Self::default();
        let mut lower = String::new();
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')) {
            if word.is_empty() {
                continue;
            }
            let word = crate::words::lower_into(&mut lower, word)
                .trim_end_matches("'s")
                .trim_matches('\'');
            if CONFLICT_WORDS.has(word) {
                frame.conflict += 1;
            } else if DOMAIN_WORDS.has(word) {
                frame.domain += 1;
            }
            if LABOUR_WORDS.has(word) {
                frame.labour += 1;
            }
        }
        frame
    }

    /// Domain words clearly outnumber conflict words.
    pub(crate) fn calm(&self) -> bool {
        self.domain >= 4 && self.domain >= 3 * self.conflict.max(1)
    }

    /// Conflict words are frequent and dominate.
    pub(crate) fn conflict(&self) -> bool {
        self.conflict >= 3 && self.conflict * 2 >= self.domain
    }

    /// The article is about a labour dispute: its words are frequent and
    /// at least as many as its conflict words.
    pub(crate) fn labour_dispute(&self) -> bool {
        self.labour >= 3 && self.labour >= self.conflict
    }
}

/// The class of a violent lexicon entry, by its words: the casualty words
/// of the killed and injured counts are the casualty class.
pub(crate) fn class_of(words: &str) -> TriggerClass {
    if super::KILLED_WORDS.contains(&words) || super::INJURED_WORDS.contains(&words) {
        TriggerClass::Casualty
    } else if AMBIGUOUS_TRIGGERS.has(words) {
        TriggerClass::Ambiguous
    } else {
        TriggerClass::Unambiguous
    }
}

/// Reads the violent trigger spanning words `i..=j` of a sentence whose
/// lower-cased words are `words` (see the module docs for the rules).
pub(crate) fn reading(
    frame: ArticleFrame,
    words: &[&str],
    i: usize,
    j: usize,
    class: TriggerClass,
) -> Reading {
    let evidence = words
        .iter()
        .enumerate()
        .any(|(k, w)| (k < i || k > j) && VIOLENT_EVIDENCE.has(w));
    let from = i.saturating_sub(8);
    let to = (j + 9).min(words.len());
    let cue = |list: &WordSet| (from..to).any(|k| (k < i || k > j) && list.has(words[k]));
    let sport = cue(&SPORT_CUES);
    let mishap = cue(&MISHAP_CUES);
    let computing = cue(&COMPUTING_CUES);
    let trigger = words[i];
    // `killed himself`: a suicide, not an attack.
    if words.get(j + 1).is_some_and(|w| SUICIDE_OBJECTS.has(w)) {
        return Reading::NotAnEvent;
    }
    // Words that are mostly figurative or crime reporting outside a conflict
    // frame (`legal battles`, `a battle of survival`, `the murder weapon`).
    if frame.calm() && CALM_NOT_EVENTS.has(trigger) {
        return Reading::NotAnEvent;
    }
    if frame.calm() && cue(&LEGAL_CUES) {
        return Reading::NotAnEvent;
    }
    if trigger.starts_with("raid") && words.iter().any(|w| POLICE_RAID_CUES.has(w)) {
        return Reading::PoliceRaid;
    }
    if trigger.starts_with("strik") {
        if let Some(reading) = strike_reading(frame, words, i, j) {
            return reading;
        }
    }
    // An explosion with no device or attacker in the sentence, among words
    // of industry, accidents, launches or prices, is no attack.
    if (trigger.starts_with("explo") || trigger.starts_with("blast"))
        && !words.iter().any(|w| EXPLOSIVE_DEVICES.has(w))
        && words
            .iter()
            .enumerate()
            .any(|(k, w)| (k < i || k > j) && INDUSTRIAL_CUES.has(w))
    {
        return Reading::NotAnEvent;
    }
    match class {
        TriggerClass::Unambiguous => {
            if frame.calm() && !evidence {
                Reading::NotAnEvent
            } else {
                Reading::Violent
            }
        }
        TriggerClass::Casualty => {
            if evidence && !mishap && !(frame.calm() && sport) {
                Reading::Violent
            } else {
                Reading::NotAnEvent
            }
        }
        TriggerClass::Ambiguous => {
            let blocked = sport || mishap || computing;
            if !blocked && (evidence || (frame.conflict() && !frame.calm())) {
                return Reading::Violent;
            }
            if trigger.starts_with("strike") && cue(&LABOUR_CUES) {
                return Reading::Labour;
            }
            if trigger.starts_with("attack") && !computing && cue(&VERBAL_CUES) {
                return Reading::Verbal;
            }
            Reading::NotAnEvent
        }
    }
}

/// A `strike` (or `striking`) read as a walkout before any violent evidence
/// is weighed: `on strike`, a labour word beside it (four words either side:
/// `national strike`, `bank workers … strike`, `the strike by 40,000
/// seamen`, `striking shipyard workers`; or right after it: `strike leaders`),
/// or a labour dispute article, or an article that told of a walkout
/// before (`the strikers faced jail because the strike was illegal` after
/// `the strike by 40,000 seamen`), and no military word beside it (`air
/// strike`, `Israeli strike`, `strike on`). `None` leaves the strike to the
/// other rules.
fn strike_reading(frame: ArticleFrame, words: &[&str], i: usize, j: usize) -> Option<Reading> {
    let after = words.get(j + 1).copied().unwrap_or("");
    let military = (i.saturating_sub(2)..i).any(|k| MILITARY_BEFORE_STRIKE.has(words[k]))
        || MILITARY_AFTER_STRIKE.has(after);
    if military {
        return None;
    }
    let on_strike = i > 0 && words[i - 1] == "on";
    let beside = (i.saturating_sub(4)..(j + 5).min(words.len()))
        .any(|k| (k < i || k > j) && STRONG_LABOUR_CUES.has(words[k]));
    (on_strike
        || beside
        || LABOUR_AFTER_STRIKE.has(after)
        || frame.labour_dispute()
        || frame.labour_strike)
        .then_some(Reading::Labour)
}

/// Whether a lexicon entry types a violent event (PLOVER `ASSAULT` or an
/// ACLED violence type).
pub(crate) fn is_violent(trigger: &Trigger) -> bool {
    trigger.plover_type == "ASSAULT"
        || matches!(
            trigger.acled_type,
            Some("Battles" | "Explosions/Remote violence" | "Violence against civilians" | "Riots")
        )
}

/// The entry to use for a lexicon match at words `i..=j` of a sentence
/// (lower-cased `words`): the entry itself, a retyped copy (a verbal attack
/// as `ACCUSE`, a labour strike as `PROTEST`), or `None` for no event.
/// Entries that are not violent pass unchanged.
pub(crate) fn read_trigger(
    frame: ArticleFrame,
    words: &[&str],
    i: usize,
    j: usize,
    trigger: &Trigger,
) -> Option<Trigger> {
    if !is_violent(trigger) {
        return Some(*trigger);
    }
    match reading(frame, words, i, j, class_of(trigger.words)) {
        Reading::Violent => Some(*trigger),
        Reading::Verbal => Some(Trigger {
            plover_type: "ACCUSE",
            plover_mode: None,
            acled_type: None,
            acled_subtype: None,
            ..*trigger
        }),
        Reading::Labour => Some(Trigger {
            plover_type: "PROTEST",
            plover_mode: None,
            acled_type: Some("Protests"),
            acled_subtype: Some("Peaceful protest"),
            ..*trigger
        }),
        Reading::PoliceRaid => Some(Trigger {
            plover_type: "COERCE",
            plover_mode: Some("raid"),
            acled_type: None,
            acled_subtype: None,
            ..*trigger
        }),
        Reading::NotAnEvent => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, sentence: &str, trigger: &str) -> Reading {
        let words: Vec<String> = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let i = refs
            .iter()
            .position(|w| *w == trigger)
            .expect("trigger in sentence");
        reading(ArticleFrame::of(text), &refs, i, i, class_of(trigger))
    }

    /// Every list under `data/lexicons/events/sense/` loads (a bad file
    /// panics here) and has the words the rules are written for.
    #[test]
    fn sense_word_lists_load() {
        let lists: [(&WordSet, &str); 18] = [
            (&CONFLICT_WORDS, "ceasefire"),
            (&DOMAIN_WORDS, "album"),
            (&SPORT_CUES, "wicket"),
            (&MISHAP_CUES, "earthquake"),
            (&COMPUTING_CUES, "phishing"),
            (&LEGAL_CUES, "convicted"),
            (&LABOUR_CUES, "walkout"),
            (&STRONG_LABOUR_CUES, "seamen"),
            (&LABOUR_AFTER_STRIKE, "leaders"),
            (&MILITARY_BEFORE_STRIKE, "u.s."),
            (&MILITARY_AFTER_STRIKE, "against"),
            (&LABOUR_WORDS, "strikers"),
            (&VERBAL_CUES, "remarks"),
            (&VIOLENT_EVIDENCE, "gunmen"),
            (&AMBIGUOUS_TRIGGERS, "struck"),
            (&SUICIDE_OBJECTS, "himself"),
            (&CALM_NOT_EVENTS, "revenge"),
            (&POLICE_RAID_CUES, "investigators"),
        ];
        for (list, word) in lists {
            assert!(list.has(word), "{word}");
            assert!(!list.has("the"), "{word}: `the` listed");
        }
        assert_eq!(class_of("killed"), TriggerClass::Casualty);
        assert_eq!(class_of("attack"), TriggerClass::Ambiguous);
        assert_eq!(class_of("airstrike"), TriggerClass::Unambiguous);
    }

    /// The casualty class is the lexicon's casualty entries (`killed`,
    /// `wounded`: forms `Killed` and `Injured`), and only they.
    #[test]
    fn casualty_class_is_the_casualty_entries() {
        use super::super::lexicon::{Form, TRIGGERS};
        for trigger in TRIGGERS.iter().filter(|t| is_violent(t)) {
            assert_eq!(
                class_of(trigger.words) == TriggerClass::Casualty,
                matches!(trigger.form, Form::Killed | Form::Injured),
                "{}",
                trigger.words
            );
        }
    }

    #[test]
    fn sport_and_illness_are_not_violence() {
        let sport = "Arsenal won the match. The striker scored two goals in the league game and the coach praised the players.";
        assert_eq!(
            read(sport, "He struck the ball into the top corner", "struck"),
            Reading::NotAnEvent
        );
        assert_eq!(
            read(
                sport,
                "Chelsea attack relentlessly in the second half",
                "attack"
            ),
            Reading::NotAnEvent
        );
        let health = "The actor battled tuberculosis for years before his film career took off.";
        assert_eq!(read(health, health, "battled"), Reading::NotAnEvent);
        let quake = "More than 200 people were killed in the earthquake.";
        assert_eq!(read(quake, quake, "killed"), Reading::NotAnEvent);
    }

    #[test]
    fn computers_and_politics_are_not_violence() {
        let tech = "A new virus strikes computers running Windows, the software firm said.";
        assert_eq!(read(tech, tech, "strikes"), Reading::NotAnEvent);
        let politics = "Howard attacks Brown over tax plans, saying the chancellor misled voters.";
        assert_eq!(read(politics, politics, "attacks"), Reading::Verbal);
        let labour = "Postal workers will strike next week over pay.";
        assert_eq!(read(labour, labour, "strike"), Reading::Labour);
    }

    /// Walkouts in business news (Reuters, 1987, in the bench corpus) were
    /// typed as air strikes: a labour word beside the strike, or a labour
    /// dispute article, wins over violent words elsewhere (`war`, `troops`);
    /// a military word beside it keeps it violent.
    #[test]
    fn walkouts_are_protests_even_beside_violent_words() {
        let quiet = "The report was published on Monday.";
        for (sentence, trigger) in [
            ("BRAZILIAN BANK WORKERS DECIDE ON NATIONAL STRIKE", "strike"),
            (
                "One of the strike leaders, Elmano Barbosa, said \"it is a psychological war.\"",
                "strike",
            ),
            (
                "Because of the seamen strike exports are being delayed",
                "strike",
            ),
            (
                "A wage-freeze law triggered nationwide strikes and led the Prime Minister to threaten to use troops",
                "strikes",
            ),
            (
                "Dockers went on strike after the army was called in",
                "strike",
            ),
            // Reuters 1987 (bench corpus), labour words four words away.
            (
                "The strike by 40,000 seamen, now in its 13th day, represents a stern challenge",
                "strike",
            ),
            (
                "In the south, striking shipyard workers clashed with police in the port of Cadiz",
                "striking",
            ),
        ] {
            assert_eq!(
                read(quiet, sentence, trigger),
                Reading::Labour,
                "{sentence}"
            );
        }
        let dispute = "The seamen's union rejected the pay offer. Strikers picketed the port. The union wants higher wages.";
        assert_eq!(
            read(
                dispute,
                "The strike has cut exports and made 160 ships idle.",
                "strike"
            ),
            Reading::Labour
        );
        let war = "Troops and militants fought near the border. Missiles hit the base. The army shelled villages.";
        for sentence in [
            "The air strike killed four soldiers near the base",
            "Israeli strike on workers' housing in Gaza killed ten",
            "The strike on the union headquarters killed ten",
        ] {
            assert_eq!(
                read(war, sentence, "strike"),
                Reading::Violent,
                "{sentence}"
            );
        }
    }

    #[test]
    fn industrial_explosions_are_accidents_and_bombs_attacks() {
        // Reuters 1987 (bench corpus), in a conflict-framed text.
        let war =
            "Troops and rebels fought. Militants fired rockets and artillery shells at the army.";
        for (sentence, trigger) in [
            (
                "Two people were killed in an explosion and fire at the refinery on March 13",
                "explosion",
            ),
            (
                "A huge explosion in a flax factory killed 45 workers and injured 185",
                "explosion",
            ),
            (
                "An explosion in rents has thrown families onto the streets",
                "explosion",
            ),
        ] {
            assert_eq!(
                read(war, sentence, trigger),
                Reading::NotAnEvent,
                "{sentence}"
            );
        }
        for (sentence, trigger) in [
            (
                "A huge car bomb exploded at the headquarters of the British Army of the Rhine",
                "exploded",
            ),
            (
                "Three people were killed when a huge explosion, believed to be a bomb, went off near the factory",
                "explosion",
            ),
        ] {
            assert_eq!(read(war, sentence, trigger), Reading::Violent, "{sentence}");
        }
    }

    #[test]
    fn armed_violence_is_kept() {
        let war = "Militants fired rockets at the base. US troops said the attack wounded 12 soldiers. The army shelled the town.";
        assert_eq!(
            read(
                war,
                "Gunmen attacked the convoy near the checkpoint",
                "attacked"
            ),
            Reading::Violent
        );
        assert_eq!(
            read(war, "The attack wounded 12 soldiers", "wounded"),
            Reading::Violent
        );
        assert_eq!(
            read(war, "US fighter jets struck two storage sites", "struck"),
            Reading::Violent
        );
        let hospital = "An Oct. 17 blast at a Gaza hospital killed hundreds of civilians.";
        assert_eq!(read(war, hospital, "killed"), Reading::Violent);
    }
}
