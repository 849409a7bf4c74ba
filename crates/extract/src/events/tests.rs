use sitrep_core::Doc;
use sitrep_core::tables::EventRow;

use super::EventFinder;
use super::lexicon::{Form, TRIGGERS};
use crate::dates::DateResolver;
use crate::quantities::QuantityFinder;
use crate::test_support::{self, slice_chars, ymd};

fn run(doc: &Doc, names: &[(&str, &str)]) -> Vec<EventRow> {
    let doc = &test_support::with_entities(doc, test_support::entities(doc, names));
    let out = test_support::run(
        doc,
        &[
            &DateResolver::new(),
            &QuantityFinder::new(),
            &EventFinder::new(),
        ],
    );
    for event in &out.events {
        assert_eq!(
            slice_chars(&doc.article.text, event.start, event.end),
            event.trigger
        );
    }
    out.events
}

fn events(text: &str, names: &[(&str, &str)]) -> Vec<EventRow> {
    run(&test_support::doc(text, Some("2023-11-08")), names)
}

fn find<'a>(events: &'a [EventRow], trigger: &str) -> &'a EventRow {
    events
        .iter()
        .find(|e| e.trigger == trigger)
        .unwrap_or_else(|| panic!("no {trigger} in {events:#?}"))
}

#[test]
fn every_lexicon_example_fires_its_entry() {
    // Each example follows a conflict sentence: violent words that are often
    // figurative (`the strike`) need a conflict frame (see `sense`).
    for trigger in TRIGGERS.iter() {
        let text = format!(
            "Troops and militants exchanged rocket and artillery fire.\n\n{}",
            trigger.example
        );
        let found = events(&text, &[]);
        let fired = found.iter().any(|e| {
            e.plover_type == trigger.plover_type
                && (e.trigger.eq_ignore_ascii_case(trigger.words)
                    || matches!(trigger.form, Form::Killed | Form::Injured))
        });
        assert!(
            fired,
            "{} / {:?}: {found:#?}",
            trigger.words, trigger.example
        );
    }
}

#[test]
fn air_strike_with_actor_place_target_and_date() {
    let found = events(
        "On Oct. 27, US fighter jets struck two weapons and ammunition storage sites in eastern Syria near al-Boukamal that were used by Iran's Revolutionary Guard Corps.",
        &[
            ("US", "GPE"),
            ("Syria", "GPE"),
            ("al-Boukamal", "GPE"),
            ("Iran's Revolutionary Guard Corps", "ORG"),
        ],
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let event = &found[0];
    assert_eq!(event.trigger, "struck");
    assert_eq!(
        (event.plover_type.as_str(), event.plover_mode.as_deref()),
        ("ASSAULT", Some("aerial"))
    );
    assert_eq!(
        event.acled_type.as_deref(),
        Some("Explosions/Remote violence")
    );
    assert_eq!(event.acled_subtype.as_deref(), Some("Air/drone strike"));
    assert_eq!(event.actor_text.as_deref(), Some("US"));
    assert_eq!(event.place_text.as_deref(), Some("Syria"));
    // The object phrase, not the owner named in its relative clause.
    assert_eq!(
        event.target_text.as_deref(),
        Some("two weapons and ammunition storage sites")
    );
    assert_eq!(event.date, Some(ymd("2023-10-27")));
    assert_eq!(event.date_precision.as_deref(), Some("day"));
    assert!(!event.negated && !event.hypothetical && !event.aggregate);
    assert!(
        (event.confidence - 0.85).abs() < 1e-9,
        "{}",
        event.confidence
    );
}

#[test]
fn casualties_from_adjacent_counts() {
    let found = events(
        "Israel's military response has killed thousands of civilians trapped in Gaza.",
        &[("Israel", "GPE"), ("Gaza", "GPE")],
    );
    let killed = find(&found, "killed");
    // A vague amount (`thousands`) is no casualty count (guideline).
    assert_eq!(killed.killed, None);
    assert_eq!(killed.actor_text.as_deref(), Some("Israel"));
    assert_eq!(killed.place_text.as_deref(), Some("Gaza"));

    let found = events(
        "It followed Hamas' incursion into Israel, where at least 1,200 people were killed.",
        &[("Israel", "GPE"), ("Hamas", "ORG")],
    );
    // The casualty clause tells of the incursion (the comma of `1,200` is
    // no clause break): one event with the count.
    assert_eq!(find(&found, "incursion").killed, Some(1200));
    assert!(found.iter().all(|e| e.trigger != "killed"), "{found:#?}");

    // `left one Iraqi dead`: the object of `leave` is the count.
    let found = events(
        "US troops there clashed with guerrillas in a fight that left one Iraqi dead.",
        &[("US", "GPE")],
    );
    assert_eq!(find(&found, "clashed").killed, Some(1));

    // A casualty verb after an assault adds to it.
    let found = events(
        "In early January 2020, the US launched an airstrike in Baghdad, killing Gen. Qassem Soleimani.",
        &[
            ("US", "GPE"),
            ("Baghdad", "GPE"),
            ("Qassem Soleimani", "PERSON"),
        ],
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let strike = &found[0];
    assert_eq!(strike.trigger, "airstrike");
    assert_eq!(strike.actor_text.as_deref(), Some("US"));
    assert_eq!(strike.place_text.as_deref(), Some("Baghdad"));
    assert_eq!(strike.target_text.as_deref(), Some("Qassem Soleimani"));
    assert_eq!(
        (strike.date, strike.date_precision.as_deref()),
        (Some(ymd("2020-01-01")), Some("month"))
    );

    let found = events("The blast wounded 12 people near the gate.", &[]);
    assert_eq!(find(&found, "blast").injured, Some(12));
}

#[test]
fn negated_hypothetical_and_aggregate() {
    // A plural-form entry read as a verb is one event (BBC 2005); as a
    // noun, several.
    let found = events("Kennedy calls for Iraq exit plans.", &[]);
    assert!(!find(&found, "calls for").aggregate, "{found:#?}");
    let found = events("The party made repeated calls for new elections.", &[]);
    assert!(find(&found, "calls for").aggregate, "{found:#?}");
    assert!(
        find(
            &events("The militias did not attack the base.", &[]),
            "attack"
        )
        .negated
    );
    let found = events(
        "Blinken warned of consequences if militias continued to attack US facilities in Iraq.",
        &[("Blinken", "PERSON"), ("US", "GPE"), ("Iraq", "GPE")],
    );
    let attack = find(&found, "attack");
    assert!(attack.hypothetical && !attack.negated);
    assert_eq!(attack.place_text.as_deref(), Some("Iraq"));
    let warned = find(&found, "warned");
    assert_eq!(
        (warned.plover_type.as_str(), warned.actor_text.as_deref()),
        ("THREATEN", Some("Blinken"))
    );
    assert!(!warned.hypothetical);

    let found = events(
        "Militants have launched 61 attacks on bases since Oct. 17.",
        &[],
    );
    assert!(find(&found, "attacks").aggregate);
    let found = events(
        "The US military has struck back just three times.",
        &[("US", "GPE")],
    );
    let struck = find(&found, "struck");
    assert!(struck.aggregate);
    assert_eq!(struck.actor_text.as_deref(), Some("US"));
    assert!(!find(&events("Jets struck a depot.", &[]), "struck").aggregate);
}

#[test]
fn other_event_types_and_roles() {
    let found = events(
        "US Secretary of State Antony Blinken, in a meeting with al-Sudani this month, warned of consequences.",
        &[
            ("US", "GPE"),
            ("Antony Blinken", "PERSON"),
            ("al-Sudani", "PERSON"),
        ],
    );
    let meeting = find(&found, "meeting");
    assert_eq!(meeting.plover_type, "CONSULT");
    assert_eq!(meeting.acled_type, None);
    assert_eq!(meeting.actor_text.as_deref(), Some("Antony Blinken"));
    assert_eq!(meeting.target_text.as_deref(), Some("al-Sudani"));
    assert_eq!(
        (meeting.date, meeting.date_precision.as_deref()),
        (Some(ymd("2023-11-01")), Some("month"))
    );
    // The parenthetical is skipped: Blinken warned, not al-Sudani.
    assert_eq!(
        find(&found, "warned").actor_text.as_deref(),
        Some("Antony Blinken")
    );

    let found = events(
        "Hamas blamed Israel for the explosion, but Israel has denied it.",
        &[("Hamas", "ORG"), ("Israel", "GPE")],
    );
    let blamed = find(&found, "blamed");
    assert_eq!(
        (
            blamed.plover_type.as_str(),
            blamed.actor_text.as_deref(),
            blamed.target_text.as_deref()
        ),
        ("ACCUSE", Some("Hamas"), Some("Israel"))
    );
    let denied = find(&found, "denied");
    assert_eq!(
        (denied.plover_type.as_str(), denied.actor_text.as_deref()),
        ("REJECT", Some("Israel"))
    );

    let found = events(
        "Sudani then traveled to Tehran and met with Iran's Supreme Leader Ali Khamenei.",
        &[
            ("Sudani", "PERSON"),
            ("Tehran", "GPE"),
            ("Ali Khamenei", "PERSON"),
        ],
    );
    let met = find(&found, "met");
    assert_eq!(
        (met.actor_text.as_deref(), met.target_text.as_deref()),
        (Some("Sudani"), Some("Ali Khamenei"))
    );

    let found = events(
        "The Biden administration has moved warships and more troops into the Middle East.",
        &[("Middle East", "LOC")],
    );
    let moved = find(&found, "moved warships");
    assert_eq!(
        (moved.plover_type.as_str(), moved.acled_type.as_deref()),
        ("MOBILIZE", Some("Strategic developments"))
    );
    assert_eq!(moved.place_text.as_deref(), Some("Middle East"));

    let found = events(
        "Students protested outside the embassy in Baghdad.",
        &[("Baghdad", "GPE")],
    );
    let protest = find(&found, "protested");
    assert_eq!(
        (protest.plover_type.as_str(), protest.acled_type.as_deref()),
        ("PROTEST", Some("Protests"))
    );
    assert_eq!(protest.place_text.as_deref(), Some("Baghdad"));

    // Participle clause: the main clause's subject acts.
    let found = events(
        "Israel on Monday intensified its operations against Iran-backed Hezbollah, striking targets in Lebanon.",
        &[("Israel", "GPE"), ("Hezbollah", "ORG"), ("Lebanon", "GPE")],
    );
    let striking = find(&found, "striking");
    assert_eq!(striking.actor_text.as_deref(), Some("Israel"));
    assert_eq!(striking.place_text.as_deref(), Some("Lebanon"));
}

#[test]
fn role_filters() {
    // Places joined by `and` stay places.
    let found = events(
        "Iranian-backed militants in Iraq and Syria have long battled with US forces.",
        &[
            ("Iranian", "NORP"),
            ("Iraq", "GPE"),
            ("Syria", "GPE"),
            ("US", "GPE"),
        ],
    );
    let battled = find(&found, "battled");
    // The militants act, not Iran: the noun phrase with its place cut off.
    assert_eq!(
        battled.actor_text.as_deref(),
        Some("Iranian-backed militants")
    );
    assert_eq!(battled.target_text.as_deref(), Some("US"));
    // A nationality before a name modifies it.
    let found = events(
        "Iranian Supreme Leader Ali Khamenei condemned the raid.",
        &[("Iranian", "NORP"), ("Ali Khamenei", "PERSON")],
    );
    assert_eq!(
        find(&found, "condemned").actor_text.as_deref(),
        Some("Ali Khamenei")
    );
    // `threats` makes what follows hypothetical only as `threats of`.
    let found = events(
        "Those threats escalated after an Oct. 17 blast at a hospital killed hundreds of civilians.",
        &[],
    );
    assert!(!find(&found, "blast").hypothetical);
    let found = events("It fueled threats of retaliation by armed groups.", &[]);
    assert!(find(&found, "retaliation").hypothetical);
    // A target stays in the trigger's clause.
    let found = events(
        "The US military has struck back just three times as the Biden administration balances efforts.",
        &[("US", "GPE"), ("Biden", "PERSON")],
    );
    assert_eq!(find(&found, "struck").target_text, None);
}

#[test]
fn a_quote_cue_trigger_takes_the_speaker_as_actor() {
    let doc = test_support::doc(
        "Sayegh said the West had failed.\n\n\"Hezbollah must read the truths of the Lebanese identity,\" he urged.",
        None,
    );
    let entities = test_support::entities(
        &doc,
        &[
            ("Sayegh", "PERSON"),
            ("Hezbollah", "ORG"),
            ("Lebanese", "NORP"),
        ],
    );
    let doc = test_support::with_entities(&doc, entities);
    let out = test_support::run(
        &doc,
        &[&crate::quotes::QuoteFinder::new(), &EventFinder::new()],
    );
    let urged = find(&out.events, "urged");
    assert_eq!(
        (urged.plover_type.as_str(), urged.actor_text.as_deref()),
        ("REQUEST", Some("Sayegh"))
    );
}

#[test]
fn figurative_uses_are_not_events() {
    assert!(
        events(
            "How the US Strikes a Delicate Balance in its response.",
            &[]
        )
        .is_empty()
    );
    assert!(events("The two sides struck a deal on Monday.", &[]).is_empty());
    assert!(events("The Pentagon defends the strike decisions.", &[]).is_empty());
    assert!(events("Iranian-backed groups have grown.", &[]).is_empty());
}

#[test]
fn sample_article_by_hand() {
    let doc = test_support::sample_doc(0);
    let found = run(
        &doc,
        &[
            ("US", "GPE"),
            ("Syria", "GPE"),
            ("Iraq", "GPE"),
            ("al-Boukamal", "GPE"),
            ("Maysulun", "GPE"),
            ("Deir Ezzor", "GPE"),
            ("Mayadin", "GPE"),
            ("Baghdad", "GPE"),
            ("Israel", "GPE"),
            ("Gaza", "GPE"),
            ("Tehran", "GPE"),
            ("Iran's Revolutionary Guard Corps", "ORG"),
            ("IRGC", "ORG"),
            ("Hamas", "ORG"),
            ("Pentagon", "ORG"),
            ("Qassem Soleimani", "PERSON"),
            ("Antony Blinken", "PERSON"),
            ("al-Sudani", "PERSON"),
            ("Sudani", "PERSON"),
            ("Ali Khamenei", "PERSON"),
        ],
    );
    let oct_27 = found
        .iter()
        .find(|e| e.trigger == "struck" && e.date == Some(ymd("2023-10-27")))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(
        (oct_27.plover_type.as_str(), oct_27.plover_mode.as_deref()),
        ("ASSAULT", Some("aerial"))
    );
    assert_eq!(oct_27.actor_text.as_deref(), Some("US"));
    assert_eq!(oct_27.place_text.as_deref(), Some("Syria"));

    let nov_8 = find(&found, "dropped bombs");
    assert_eq!(nov_8.date, Some(ymd("2023-11-08")));
    assert_eq!(
        nov_8.target_text.as_deref(),
        Some("an IRGC weapons storage facility")
    );
    assert_eq!(nov_8.place_text.as_deref(), Some("Maysulun"));

    let nov_12 = find(&found, "airstrikes");
    assert_eq!(nov_12.date, Some(ymd("2023-11-12")));
    assert_eq!(nov_12.actor_text.as_deref(), Some("US"));

    // "at least 1,200 people were killed".
    assert!(found.iter().any(|e| e.killed == Some(1200)));
    // "killed hundreds of civilians": a vague amount is no count (guideline).
    assert!(
        found
            .iter()
            .any(|e| e.trigger == "blast" && e.killed.is_none())
    );
    // "more than five dozen attacks …, at least 60 US personnel have reported minor injuries".
    assert!(
        found
            .iter()
            .any(|e| e.trigger == "attacks" && e.injured == Some(60) && e.aggregate)
    );
    // The headline's "Strikes a Delicate Balance" is not an event.
    assert!(
        found
            .iter()
            .all(|e| e.sentence_idx > 0 || e.trigger != "Strikes")
    );
    // "likely struck" is speculative.
    assert!(
        found
            .iter()
            .any(|e| e.trigger == "struck" && e.hypothetical)
    );
}

#[test]
fn dates_from_the_sentence_then_the_paragraph_then_the_article() {
    let found = events(
        "Strikes in Syria\n\nOn Nov. 12, US jets struck a depot in Mayadin. Militants attacked a base.\n\nTroops attacked the town.",
        &[("US", "GPE"), ("Mayadin", "GPE"), ("Syria", "GPE")],
    );
    let dated = |trigger: &str, nth: usize| {
        let event = found
            .iter()
            .filter(|e| e.trigger == trigger)
            .nth(nth)
            .unwrap_or_else(|| panic!("{found:#?}"));
        (
            event.date.map(|d| d.to_string()),
            event.date_source.as_deref(),
        )
    };
    let nov_12 = Some("2023-11-12".to_owned());
    assert_eq!(dated("struck", 0), (nov_12.clone(), Some("sentence")));
    assert_eq!(dated("attacked", 0), (nov_12, Some("paragraph")));
    // The article's publication date (the test articles' 2023-11-08).
    assert_eq!(
        dated("attacked", 1),
        (Some("2023-11-08".to_owned()), Some("article"))
    );
}

#[test]
fn events_told_as_someone_s_words_are_reported() {
    let doc = test_support::doc(
        "Officials said the militia attacked a US base in Syria on Monday.\n\nUS jets struck a depot in Syria.",
        Some("2023-11-08"),
    );
    let names = [("US", "GPE"), ("Syria", "GPE")];
    let doc = &test_support::with_entities(&doc, test_support::entities(&doc, &names));
    let out = test_support::run(
        doc,
        &[
            &DateResolver::new(),
            &QuantityFinder::new(),
            &crate::quotes::QuoteFinder::new(),
            &EventFinder::new(),
        ],
    );
    assert!(find(&out.events, "attacked").reported, "{:#?}", out.quotes);
    assert!(!find(&out.events, "struck").reported);
}

#[test]
fn roles_from_support_verbs_requests_trigger_prepositions_and_joined_passives() {
    // The support verb's `against` phrase is the event noun's target.
    let found = events(
        "Hamas fighters launched attacks against Israeli positions.",
        &[("Hamas", "ORG"), ("Israeli", "NORP")],
    );
    let attacks = find(&found, "attacks");
    assert_eq!(attacks.actor_text.as_deref(), Some("Hamas"));
    assert_eq!(attacks.target_text.as_deref(), Some("Israeli"));
    // `of` names who makes a request.
    let found = events(
        "The court rejected the request of the Municipality of Genoa.",
        &[("Municipality of Genoa", "ORG")],
    );
    let request = find(&found, "request");
    assert_eq!(request.actor_text.as_deref(), Some("Municipality of Genoa"));
    assert_eq!(request.target_text, None);
    // A preposition inside the trigger opens its place.
    let found = events(
        "The foreign minister traveled to Tehran on Monday.",
        &[("Tehran", "GPE")],
    );
    assert_eq!(
        find(&found, "traveled to").place_text.as_deref(),
        Some("Tehran")
    );
    // A bare participle joined to a passive is passive too: its target is
    // the passive subject, and it has no actor of its own.
    let found = events(
        "The reporter was questioned by police and then arrested.",
        &[],
    );
    let arrested = find(&found, "arrested");
    assert_eq!(arrested.target_text.as_deref(), Some("The reporter"));
    assert_eq!(arrested.actor_text, None);
}

#[test]
fn roles_of_receiving_verbs_shared_subjects_and_objects_and_place_nouns() {
    // The subject of a receiving verb is the target of the event it
    // receives, and its actor is not that subject.
    let found = events(
        "The ministry has faced fierce criticism from opposition parties.",
        &[],
    );
    let criticism = find(&found, "criticism");
    assert_eq!(criticism.target_text.as_deref(), Some("The ministry"));
    assert_ne!(criticism.actor_text.as_deref(), Some("The ministry"));
    // Two verbs sharing one object: the first has it too.
    let found = events("Soldiers arrested and questioned the journalist.", &[]);
    let arrested = find(&found, "arrested");
    assert_eq!(arrested.actor_text.as_deref(), Some("Soldiers"));
    assert_eq!(arrested.target_text.as_deref(), Some("the journalist"));
    // A passive clause with its own auxiliary but no subject shares the
    // subject of the clause it is joined to: its target.
    let found = events(
        "The delegates travelled to the capital and were turned down twice.",
        &[],
    );
    let turned_down = find(&found, "turned down");
    assert_eq!(turned_down.target_text.as_deref(), Some("The delegates"));
    // A place phrase headed by a common place noun, with no name, is the
    // place as a noun phrase.
    let found = events("Police arrested the teacher at his school.", &[]);
    assert_eq!(
        find(&found, "arrested").place_text.as_deref(),
        Some("his school")
    );
}

#[test]
fn the_possessor_of_an_arrest_or_release_undergoes_it() {
    // `his arrest`: he is arrested (bench corpus, BBC 2004), not the
    // arrester; with an `of` phrase the possessor acts.
    let found = events(
        "Magistrates asked for his arrest after the raid on the farm, the prosecutor said.",
        &[],
    );
    let arrest = find(&found, "arrest");
    assert_eq!(arrest.target_text.as_deref(), Some("his"));
    assert_eq!(arrest.actor_text, None);
    let found = events(
        "The army's arrest of the mayor drew protests across the province.",
        &[],
    );
    let arrest = find(&found, "arrest");
    assert_eq!(arrest.actor_text.as_deref(), Some("The army"));
    assert_eq!(arrest.target_text.as_deref(), Some("the mayor"));
}

#[test]
fn a_dateline_is_neither_a_trigger_nor_a_participant() {
    // Reuters, 1987 (bench corpus): `PLYMOUTH MEETING` was a meeting, and
    // datelined cities were actors and targets (`CAPE TOWN` injured).
    let found = events(
        "PLYMOUTH MEETING, Pa., March 24 - Shr 24 cts vs 18 cts.",
        &[],
    );
    assert!(found.is_empty(), "{found:#?}");
    assert_actor(
        "WASHINGTON, March 25 - A leading U.S. farm-state Congressman, Jerry Huckaby, D-La., warned he will fight any legislation to control domestic production of sweeteners.",
        &[
            ("Jerry Huckaby", "PERSON"),
            ("WASHINGTON", "GPE"),
            ("U.S.", "GPE"),
        ],
        "warned",
        "Jerry Huckaby",
    );
    // A place alone before a spaced dash is a dateline too (`BELFAST -`);
    // a hyphen in a name is not (`U.S.-Japanese talks`).
    assert_actor(
        "BELFAST - Mourners clashed with police at an Irish Republican Army funeral in Northern Ireland.",
        &[("BELFAST", "GPE"), ("Northern Ireland", "GPE")],
        "clashed",
        "Mourners",
    );
    assert_actor(
        "WASHINGTON - Lawmakers from Ontario asked their U.S. counterparts to exempt Canada from the trade bill.",
        &[
            ("WASHINGTON", "GPE"),
            ("Ontario", "GPE"),
            ("U.S.", "GPE"),
            ("Canada", "GPE"),
        ],
        "asked",
        "Lawmakers",
    );
}

/// Asserts that the event at `trigger` of `text` (with `entities`) has `actor`.
fn assert_actor(text: &str, entities: &[(&str, &str)], trigger: &str, actor: &str) {
    let found = events(text, entities);
    let event = find(&found, trigger);
    assert_eq!(event.actor_text.as_deref(), Some(actor), "{event:#?}");
}

/// Asserts that none of `texts` gives an event of `plover_type`.
fn assert_none_of(plover_type: &str, texts: &[&str]) {
    for text in texts {
        let found = events(text, &[]);
        assert!(
            found.iter().all(|e| e.plover_type != plover_type),
            "{text}: {found:#?}"
        );
    }
}

/// Asserts that each `(text, trigger)` gives an event of `plover_type` at
/// that trigger.
fn assert_each_fires(plover_type: &str, cases: &[(&str, &str)]) {
    for (text, trigger) in cases {
        let found = events(text, &[]);
        assert_eq!(find(&found, trigger).plover_type, plover_type, "{text}");
    }
}

#[test]
fn a_threat_no_one_makes_is_no_event() {
    // Bench corpus (Reuters 1987, BBC 2004-5): dangers, not threats made.
    assert_none_of(
        "THREATEN",
        &[
            "Comments from senior officials have recently focused on the threat of inflation.",
            "He added that the threat from others was always present, however.",
            "Users of the jukebox need to update the software to avoid a potential security threat.",
        ],
    );
    // A threat someone makes, receives, or that names its act stays.
    let found = events(
        "The militia's threats against the village alarmed the army.",
        &[],
    );
    assert_eq!(find(&found, "threats").plover_type, "THREATEN");
    let found = events("The director received death threats about his film.", &[]);
    assert_eq!(find(&found, "threats").plover_type, "THREATEN");
}

#[test]
fn charged_is_a_charge_only_with_its_offence_or_in_a_legal_setting() {
    // Bench corpus (Reuters 1987, BBC 2004-5).
    for sentence in [
        "No utilisation fee will be charged if they pick up less than 33 pct.",
        "The expenses will be charged against fourth quarter results, it said.",
    ] {
        let found = events(sentence, &[]);
        assert!(
            found.iter().all(|e| e.trigger != "charged"),
            "{sentence}: {found:#?}"
        );
    }
    let found = events(
        "Eight protesters who stormed the chamber have been charged with disorderly conduct.",
        &[],
    );
    assert_eq!(find(&found, "charged").plover_type, "COERCE");
    let found = events(
        "They were charged under Section 5 of the Public Order Act.",
        &[],
    );
    assert_eq!(find(&found, "charged").plover_type, "COERCE");
    // `charged that …` is an accusation, even where a word of the clause
    // hangs from `charged` (Reuters 1987).
    assert_each_fires(
        "ACCUSE",
        &[
            (
                "The opposition charged that the general election was rigged.",
                "charged",
            ),
            (
                "In addition, the suit charged that Boesky and other defendants unlawfully \"schemed with and provided substantial assistance to one another\" to evade the rules.",
                "charged",
            ),
        ],
    );
}

#[test]
fn shutting_a_plant_or_closing_down_is_no_coercion() {
    // Bench corpus (Reuters 1987, BBC 2004).
    assert_none_of(
        "COERCE",
        &[
            "Dublin's hi-tech research laboratory, Media Labs Europe, is to shut down.",
            "Chrysler said the plant will be shut down for model changeover starting March five.",
            "Officials at various downtown skyscrapers said the blackout also briefly shut down elevators and disrupted business.",
        ],
    );
    // GUM news dev (hackers): the authorities' shutdown of mailing lists.
    let found = events(
        "Several mailing lists have been shut down by the authorities.",
        &[],
    );
    assert_eq!(find(&found, "shut down").plover_type, "COERCE");
}

#[test]
fn meeting_a_target_is_meeting_no_one() {
    // Bench corpus (Reuters 1987).
    assert_none_of(
        "CONSULT",
        &[
            "Data Card Corp said it does not expect to meet its earnings and revenue targets for the fiscal year.",
            // Anything met that is no one (BBC 2005, Reuters 1987).
            "Mr Brown insisted he was on course to meet his golden rule of borrowing only to invest.",
            "Previously, Pakistan has met its trade gap largely from remittances from its nationals.",
            "The government would not be able to meet the 108 billion dlr deficit ceiling set for the coming year.",
        ],
    );
    let found = events(
        "The foreign ministers will meet their Iraqi counterparts in Baghdad.",
        &[],
    );
    assert_eq!(find(&found, "meet").plover_type, "CONSULT");
    // People met are someone even unnamed (GUM news dev, clock).
    let found = events(
        "The boy was a guest at the fair, and tomorrow he plans to meet international dignitaries at the United Nations headquarters in New York.",
        &[],
    );
    assert_eq!(find(&found, "meet").plover_type, "CONSULT");
}

#[test]
fn asking_a_question_or_not_to_be_named_is_no_request() {
    // Bench corpus (Reuters 1987, BBC 2005).
    assert_none_of(
        "REQUEST",
        &[
            "Asked about persistent speculation that the administration would offer Moscow a wheat subsidy, Lyng said the market would decide.",
            "Asked if he would stand for the leadership again, Mr Hague replied that he would not.",
            "The U.S. official, who asked not to be identified, said Brazil may flood the coffee market.",
        ],
    );
    // Asked for something: a `to` clause, a `for` phrase, a bare clause.
    assert_each_fires(
        "REQUEST",
        &[
            (
                "JWT said it asked the court to enjoin the defendants from acquiring any further stock.",
                "asked",
            ),
            (
                "Late last month the SEC asked for information about transactions involving large holders.",
                "asked",
            ),
            (
                "Law officers said they relied on the system and asked it be exempt from the new tariffs.",
                "asked",
            ),
        ],
    );
    // A headline in capitals keeps its request (Reuters 1987).
    let found = events("BRAZIL ASKS 60-DAY EXTENSION SHORT-TERM CREDIT", &[]);
    assert_eq!(find(&found, "ASKS").plover_type, "REQUEST");
}

#[test]
fn support_and_pressure_need_someone_to_give_or_get_them() {
    // Bench corpus (Reuters 1987): a market's support and pressure.
    assert_none_of(
        "SUPPORT",
        &[
            "Oil shares provided support for the session's advance as oils also turned higher.",
            "The metal continued to be supported by gold and silver ratio dealing.",
        ],
    );
    assert_none_of(
        "REQUEST",
        &[
            "The heavy volume of new stock has generally put pressure on West German stocks.",
            // A deal's or a law's terms (Reuters 1987).
            "The agreement calls for the sale of the unit within two years.",
            "The law calls for a balanced budget by 1991 through a series of deficit targets.",
        ],
    );
    // Political support and pressure, by or on someone named or unnamed.
    assert_each_fires(
        "SUPPORT",
        &[
            (
                "Iran supports the government of Bashar al-Assad.",
                "supports",
            ),
            (
                "Only two MEPs backed the draft law at the committee meeting.",
                "backed",
            ),
            (
                "Funaro is on a tour to seek governmental support for his efforts to solve the debt crisis.",
                "support",
            ),
        ],
    );
    assert_each_fires(
        "REQUEST",
        &[
            (
                "The low figure fuels pressure on Lawson to reduce next year's borrowing target.",
                "pressure on",
            ),
            (
                "Sir Alex Ferguson has called on the Football Association to punish the striker.",
                "called on",
            ),
            (
                "It called for comprehensive planning to coordinate production of cotton with that of grain.",
                "called for",
            ),
        ],
    );
}

#[test]
fn adjectives_and_noun_modifiers_tell_no_event() {
    // Bench corpus (Reuters 1987): an `-ing` adjective, trigger nouns that
    // name a kind of thing.
    assert_none_of(
        "REQUEST",
        &[
            "Although the situation remains unsettled, there are some encouraging signs in our business, IBM said.",
        ],
    );
    assert_none_of(
        "PROTEST",
        &[
            "A spokesman at the national strike headquarters in Rio de Janeiro said 163 ships were idle.",
        ],
    );
    assert_none_of(
        "SUPPORT",
        &["The commission proposed reductions in other support mechanisms for farmers."],
    );
    // A means stays (`bombing raids`), and so does a trigger in capitals,
    // whose tags are not trusted.
    let found = events(
        "Afghan warplanes killed almost 150 people in bombing raids into Pakistani territory last Monday.",
        &[],
    );
    assert_eq!(find(&found, "bombing").plover_type, "ASSAULT");
    let found = events(
        "Iraqi and Iranian troops exchanged artillery fire.\n\nIRAN CLAIMS 3,000 IRAQI CASUALTIES IN FIGHTING",
        &[],
    );
    assert_eq!(find(&found, "FIGHTING").plover_type, "ASSAULT");
}

#[test]
fn a_warning_threatens_only_with_an_act_to_threaten() {
    // Bench corpus (Reuters 1987, BBC 2004-5): cautions, not threats.
    assert_none_of(
        "THREATEN",
        &[
            "However, the company warned that headline earnings growth would be trimmed by about four percentage points.",
            "But federal agricultural officials have already warned farmers not to depend on additional government aid this year.",
            "People using wireless high-speed net are being warned about fake hotspots.",
        ],
    );
    // Threats: an act threatened in a clause or a phrase, or a bare warning.
    assert_each_fires(
        "THREATEN",
        &[
            (
                "The union alliance warned earlier this month it would fight efforts to impose the price rises.",
                "warned",
            ),
            ("Yeutter warned Congress on trade retaliation.", "warned"),
            (
                "Hamas warned that it would retaliate against Israel.",
                "warned",
            ),
            ("Iran warns Israel", "warns"),
        ],
    );
}

#[test]
fn only_someone_threatens() {
    // Bench corpus (Reuters 1987): dangers, not threats.
    assert_none_of(
        "THREATEN",
        &[
            "Severe drought is affecting about one-third of Sri Lanka and threatens to reduce the country's tea crop.",
            "Continued rapid rise in wages would threaten the progress in reducing inflation, the IMF said.",
            "Rice planting is threatened in eight provinces.",
        ],
    );
    for text in [
        "Argentina has threatened to emulate Brazil's payments moratorium if the banks do not grant its request.",
        "The rebels threatened to attack the capital.",
        "Sugar traders threatened to boycott the tender.",
    ] {
        let found = events(text, &[]);
        assert_eq!(find(&found, "threatened").plover_type, "THREATEN", "{text}");
    }
}

#[test]
fn a_trigger_word_in_a_name_or_title_is_no_event() {
    // Bench corpus (Reuters 1987, BBC 2005).
    assert_none_of(
        "CONSULT",
        &[
            "BANGKOK, Oct 19 - Australian Minister for Trade Negotiations Michael Duffy said his country has formed an effective lobby group.",
            "Film comedy Meet The Fockers, sequel to Meet The Parents, has topped the US box office for a third week.",
        ],
    );
    // A capitalised trigger alone, or in a headline in title case, stays.
    assert_each_fires(
        "CONSULT",
        &[
            ("Talks between the two sides resumed on Monday.", "Talks"),
            ("Leaders Meet In Geneva To Discuss Trade", "Meet"),
        ],
    );
}

#[test]
fn a_gerund_after_a_preposition_has_no_actor_in_the_noun_it_follows() {
    // Reuters 1987: `the kind of fighting`, `ways of encouraging`.
    let found = events(
        "Iraqi troops shelled the town, and this seems to be a repetition of the kind of fighting we had seen previously east of Basra.",
        &[],
    );
    let fighting = find(&found, "fighting");
    assert_eq!(fighting.actor_text, None, "{fighting:#?}");
    // A participle that modifies a noun still has it as actor.
    let found = events(
        "Iran armed the militias fighting the government troops near Basra.",
        &[],
    );
    assert_eq!(
        find(&found, "fighting").actor_text.as_deref(),
        Some("the militias")
    );
}

#[test]
fn a_strike_told_as_a_walkout_stays_one_in_the_article() {
    // Reuters 1987 (Brazil's seamen): troops and marines make a conflict
    // frame, but the bare `the strike` after `the strike by 40,000 seamen`
    // is that walkout.
    let found = events(
        "The strike by 40,000 seamen, now in its 13th day, represents a stern challenge to the government. \
         Troops and tanks occupied the refineries, and marines armed with submachineguns guard the ports. \
         After explaining to the captain that the men faced jail because the strike was illegal, the crew returned to work.",
        &[],
    );
    let strikes: Vec<&EventRow> = found.iter().filter(|e| e.trigger == "strike").collect();
    assert_eq!(strikes.len(), 2, "{found:#?}");
    assert!(
        strikes.iter().all(|e| e.plover_type == "PROTEST"),
        "{strikes:#?}"
    );
    // Without the walkout told before, the same sentence in a conflict
    // article is no walkout.
    let found = events(
        "Troops and tanks occupied the refineries, and marines armed with submachineguns guard the ports. \
         The strike destroyed the depot.",
        &[],
    );
    assert_ne!(find(&found, "strike").plover_type, "PROTEST");
}

#[test]
fn a_main_verb_the_parse_hangs_from_a_noun_is_read_as_the_main_verb() {
    // Reuters 1987: the parse makes the subject noun the root and the verb
    // its participle; read that way, the subject became the target.
    let found = events(
        "The Japanese government, under pressure from the United States, agreed only last year to open its markets to U.S.-made tobacco products.",
        &[],
    );
    let agreed = find(&found, "agreed");
    assert_eq!(agreed.target_text, None, "{agreed:#?}");
    assert!(agreed.actor_text.is_some(), "{agreed:#?}");
    let found = events(
        "Members also agreed at the IPMA meeting on the implementation of a new communications system.",
        &[],
    );
    assert_eq!(
        find(&found, "agreed").actor_text.as_deref(),
        Some("Members")
    );
    // A participle with its agent stays one (`a base attacked by rebels`).
    let found = events(
        "The army base attacked by rebels near the border last week.",
        &[],
    );
    assert_eq!(
        find(&found, "attacked").actor_text.as_deref(),
        Some("rebels")
    );
}

#[test]
fn pressure_is_put_on_someone() {
    // Reuters 1987, BBC 2005: the `on` phrase is the target; pressure on a
    // thing (a market, spending, a serve) is no request.
    let cases = [
        (
            "Delegates said the crisis has increased political pressure on the country to protect its export earnings.",
            "the country",
        ),
        (
            "Washington is putting pressure on the militias.",
            "the militias",
        ),
    ];
    for (text, target) in cases {
        let found = events(text, &[]);
        assert_eq!(
            find(&found, "pressure on").target_text.as_deref(),
            Some(target),
            "{text}"
        );
    }
    assert_none_of(
        "REQUEST",
        &[
            "Chris Curry said there could be more pressure on state pension spending than originally envisaged.",
            "Nadal manages to hold again despite Roddick piling the pressure on his serve.",
            "Heating oil stocks are also likely to build, which could add pressure on oil prices, the analysts said.",
        ],
    );
}
