//! Tests of the per-article step that reads the document itself
//! ([`crate::annotate_mentions`]): sports metonymy and the pronoun and
//! nominal layer, on short excerpts written for these tests. Names are
//! placed by hand (every whole-word occurrence of each listed name), so the
//! tests do not depend on the entity tagger.

use sitrep_core::ids::stable_id;
use sitrep_core::layers::{EntitySpan, EventAnnotation};
use sitrep_core::tables::{Article, EventRow, MentionRow, QuoteRow};
use sitrep_core::{ByteSpan, Doc, EntityType, KnowledgeBase};

use crate::{
    ResolveInput, anaphora, annotate_mentions, resolve, roles_from_antecedents,
    speakers_from_antecedents,
};

/// The article `text` (headline, blank line, body) with every whole-word
/// occurrence of each name tagged with its type, and its mention rows as
/// the sink makes them.
fn tagged(text: &str, names: &[(&str, EntityType)]) -> (Doc, Vec<MentionRow>) {
    let mut doc = sitrep_normalise::normalise(Article {
        article_id: "a1".into(),
        text: text.into(),
        ..Article::default()
    });
    let mut spans = Vec::new();
    for &(name, ty) in names {
        let hay = doc.normalised.as_str();
        let mut from = 0;
        while let Some(found) = hay[from..].find(name) {
            let start = from + found;
            let end = start + name.len();
            from = end;
            let before = hay[..start].chars().next_back();
            let after = hay[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // A longer listed name covering this one wins.
            if spans
                .iter()
                .any(|(s, e, _): &(usize, usize, EntityType)| *s <= start && end <= *e)
            {
                continue;
            }
            spans.push((start, end, ty));
        }
    }
    let entities = spans
        .into_iter()
        .map(|(start, end, ty)| EntitySpan {
            span: ByteSpan { start, end },
            sentence_idx: doc.sentence_at(start).expect("inside a sentence"),
            entity_type: ty,
            score: 0.9,
            source: "test",
            method: "test",
        })
        .collect();
    doc.set_entities(entities);
    let rows = doc
        .entities()
        .iter()
        .map(|e| {
            let (start, end) = doc.char_span(e.span);
            MentionRow {
                mention_id: stable_id("men", &["a1", &start.to_string(), &end.to_string()]),
                article_id: "a1".into(),
                sentence_idx: e.sentence_idx as i64,
                start,
                end,
                text: doc.original_text(e.span).to_owned(),
                entity_type: e.entity_type.label().to_owned(),
                entity_id: None,
                confidence: e.score,
                method: e.method.to_owned(),
                antecedent_id: None,
            }
        })
        .collect();
    (doc, rows)
}

/// The rows after [`annotate_mentions`].
fn annotated(text: &str, names: &[(&str, EntityType)]) -> Vec<MentionRow> {
    let (doc, mut rows) = tagged(text, names);
    annotate_mentions(&doc, &mut rows, KnowledgeBase::builtin());
    rows
}

/// `(text, antecedent text)` of each pronoun or nominal row.
fn links(rows: &[MentionRow]) -> Vec<(String, String)> {
    rows.iter()
        .filter(|r| anaphora::is_anaphor(r))
        .map(|r| {
            let antecedent = rows
                .iter()
                .find(|a| Some(&a.mention_id) == r.antecedent_id.as_ref())
                .expect("the antecedent is a row of the article");
            (r.text.clone(), antecedent.text.clone())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn type_of<'a>(rows: &'a [MentionRow], text: &str) -> Vec<&'a str> {
    rows.iter()
        .filter(|r| r.text == text)
        .map(|r| r.entity_type.as_str())
        .collect()
}

const GPE: EntityType = EntityType::Gpe;
const PERSON: EntityType = EntityType::Person;
const ORG: EntityType = EntityType::Organisation;

#[test]
fn a_country_that_plays_a_match_is_a_team_and_is_not_linked() {
    let text = "World Cup day five\n\n\
        Sweden defeated South Korea 1 - 0 at the stadium in Nizhny Novgorod. \
        Sweden had more possession in the match, and the Swedish captain scored a penalty. \
        Korea's coach said the league season had tired his players.";
    let rows = annotated(
        text,
        &[
            ("Sweden", GPE),
            ("South Korea", GPE),
            ("Nizhny Novgorod", GPE),
            ("Korea", GPE),
        ],
    );
    assert_eq!(type_of(&rows, "Sweden"), ["ORG", "ORG"]);
    assert_eq!(type_of(&rows, "South Korea"), ["ORG"]);
    assert_eq!(type_of(&rows, "Korea"), ["ORG"]);
    // The venue, after `in`, is still the city.
    assert_eq!(type_of(&rows, "Nizhny Novgorod"), ["GPE"]);
    let sweden = rows.iter().find(|r| r.text == "Sweden").unwrap();
    assert_eq!(sweden.method, "test+sports_team");

    let out = resolve(
        ResolveInput {
            mentions: rows,
            ..ResolveInput::default()
        },
        KnowledgeBase::builtin(),
    );
    let team = out.entities.iter().find(|e| e.name == "Sweden").unwrap();
    assert_eq!(team.entity_type, "ORG");
    assert_eq!(team.kb_id, None);
    assert_eq!(team.lat, None);
    let city = out
        .entities
        .iter()
        .find(|e| e.aliases.contains(&"Nizhny Novgorod".to_owned()))
        .unwrap();
    assert!(city.kb_id.is_some(), "the venue city stays linked");
}

#[test]
fn a_city_club_with_a_score_is_a_team_even_in_a_short_story() {
    let rows = annotated(
        "Results\n\nLiverpool beat Newcastle 3-1 on Saturday. Both cities were busy.",
        &[("Liverpool", GPE), ("Newcastle", GPE)],
    );
    // `Newcastle 3-1`: a score next to it; `Liverpool` has no cue of its own
    // and the story has too few sports words to count as sports news.
    assert_eq!(type_of(&rows, "Newcastle"), ["ORG"]);
    assert_eq!(type_of(&rows, "Liverpool"), ["GPE"]);
}

#[test]
fn a_country_whose_minister_speaks_in_a_sports_story_is_the_country() {
    let text = "Warning to bigots\n\n\
        Scotland's justice minister has warned soccer fans before the cup match. \
        The league said the coach and the captain of Celtic agreed, and the striker scored.";
    let rows = annotated(text, &[("Scotland", GPE), ("Celtic", ORG)]);
    assert_eq!(type_of(&rows, "Scotland"), ["GPE"]);
}

#[test]
fn wars_votes_and_ages_are_not_sport() {
    let text = "History\n\n\
        Germany defeated France in 1940 and occupied Paris. \
        The court ruled 5-4 that Texas must pay. \
        Voters aged 18-25 in Ohio backed the bill.";
    let rows = annotated(
        text,
        &[
            ("Germany", GPE),
            ("France", GPE),
            ("Paris", GPE),
            ("Texas", GPE),
            ("Ohio", GPE),
        ],
    );
    for name in ["Germany", "France", "Paris", "Texas", "Ohio"] {
        assert_eq!(type_of(&rows, name), ["GPE"], "{name}");
    }
    assert!(rows.iter().all(|r| !r.method.contains("sports")));
}

#[test]
fn a_pronoun_links_to_the_one_person_of_its_gender_nearby() {
    let text = "Visit\n\n\
        Barack Obama met Angela Merkel in Berlin on Monday. \
        She said the talks were useful. He left for Paris on Tuesday.";
    let rows = annotated(
        text,
        &[
            ("Barack Obama", PERSON),
            ("Angela Merkel", PERSON),
            ("Berlin", GPE),
            ("Paris", GPE),
        ],
    );
    assert_eq!(
        links(&rows),
        pairs(&[("She", "Angela Merkel"), ("He", "Barack Obama")])
    );
    let she = rows.iter().find(|r| r.text == "She").unwrap();
    assert_eq!(she.method, "pronoun");
    assert_eq!(she.entity_type, "PERSON");
}

#[test]
fn a_pronoun_is_left_alone_when_nothing_agrees_or_two_people_compete() {
    let text = "Talks\n\n\
        John Smith told David Jones that he would resign. \
        The weather was fine in Rome. \
        The minutes show that she was absent.";
    let rows = annotated(
        text,
        &[
            ("John Smith", PERSON),
            ("David Jones", PERSON),
            ("Rome", GPE),
        ],
    );
    // `he`: two men, the nearest is an object and the other the subject;
    // `she`: no woman named.
    assert_eq!(links(&rows), pairs(&[]));
}

#[test]
fn the_object_of_a_verb_is_never_its_own_subject() {
    let rows = annotated(
        "Praise\n\nJohn Smith praised him warmly.",
        &[("John Smith", PERSON)],
    );
    assert_eq!(links(&rows), pairs(&[]));
}

#[test]
fn nominals_link_to_the_one_entity_named_with_that_role_or_word() {
    let text = "Budget\n\n\
        U.S. President Donald Trump spoke to the Labour Party in London. \
        The President praised the party and the city. \
        Germany was not invited, and the country protested. \
        The minister said nothing.";
    let rows = annotated(
        text,
        &[
            ("U.S.", GPE),
            ("Donald Trump", PERSON),
            ("Labour Party", ORG),
            ("London", GPE),
            ("Germany", GPE),
        ],
    );
    // `the minister`: nobody was named as a minister.
    assert_eq!(
        links(&rows),
        pairs(&[
            ("The President", "Donald Trump"),
            ("the party", "Labour Party"),
            ("the city", "London"),
            ("the country", "Germany"),
        ])
    );
    assert!(
        rows.iter()
            .filter(|r| r.method == "nominal")
            .all(|r| r.confidence < 0.9)
    );
}

#[test]
fn a_qualified_role_is_not_the_role_it_contains() {
    let text = "Claims\n\n\
        Deputy Prime Minister John Prescott spoke first. \
        Later the prime minister replied. \
        Shadow Chancellor Oliver Letwin was silent, and the chancellor left.";
    let rows = annotated(
        text,
        &[("John Prescott", PERSON), ("Oliver Letwin", PERSON)],
    );
    assert_eq!(links(&rows), pairs(&[]));
    // Unqualified, the same role links.
    let text = "Claims\n\n\
        Prime Minister John Prescott spoke first. \
        Later the prime minister replied.";
    let rows = annotated(text, &[("John Prescott", PERSON)]);
    assert_eq!(
        links(&rows),
        pairs(&[("the prime minister", "John Prescott")])
    );
}

#[test]
fn a_quote_by_a_pronoun_or_a_role_is_spoken_by_its_antecedent() {
    let text = "Budget\n\n\
        Prime Minister Tony Blair visited Leeds. \
        The prime minister said the plan would work. \
        Carol Jones was there too.";
    let rows = annotated(
        text,
        &[
            ("Tony Blair", PERSON),
            ("Leeds", GPE),
            ("Carol Jones", PERSON),
        ],
    );
    let blair = rows.iter().find(|r| r.text == "Tony Blair").unwrap();
    let role = rows
        .iter()
        .find(|r| r.text == "The prime minister")
        .unwrap();
    let carol = rows.iter().find(|r| r.text == "Carol Jones").unwrap();
    let quote = |start: i64, end: i64, speaker: Option<&str>| QuoteRow {
        quote_id: format!("q{start}"),
        article_id: "a1".into(),
        speaker_start: Some(start),
        speaker_end: Some(end),
        speaker_mention_id: speaker.map(str::to_owned),
        ..QuoteRow::default()
    };
    let mut quotes = vec![
        // Spoken by `The prime minister`: takes Blair.
        quote(role.start, role.end, None),
        // A named speaker stays as it is.
        quote(carol.start, carol.end, Some(&carol.mention_id)),
        // A speaker span that is not an anaphor's (`prime minister`) stays unresolved.
        quote(role.start + 4, role.end, None),
    ];
    speakers_from_antecedents(&mut quotes, &rows);
    assert_eq!(
        quotes[0].speaker_mention_id.as_ref(),
        Some(&blair.mention_id)
    );
    assert_eq!(
        quotes[1].speaker_mention_id.as_ref(),
        Some(&carol.mention_id)
    );
    assert_eq!(quotes[2].speaker_mention_id, None);
}

#[test]
fn a_role_in_a_prepositional_apposition_is_not_the_persons_own() {
    let text = "Tax\n\n\
        Claudio De Vincenti, undersecretary to the prime minister, spoke. \
        Later the prime minister replied.";
    let rows = annotated(text, &[("Claudio De Vincenti", PERSON)]);
    assert_eq!(links(&rows), pairs(&[]));
}

#[test]
fn pronouns_take_the_entity_of_their_antecedent_but_are_not_counted() {
    let text = "Visit\n\nBarack Obama arrived in Kenya. He met officials. Obama left.";
    let rows = annotated(
        text,
        &[("Barack Obama", PERSON), ("Obama", PERSON), ("Kenya", GPE)],
    );
    let out = resolve(
        ResolveInput {
            mentions: rows,
            ..ResolveInput::default()
        },
        KnowledgeBase::builtin(),
    );
    let he = out.mentions.iter().find(|m| m.text == "He").unwrap();
    let obama = out
        .mentions
        .iter()
        .find(|m| m.text == "Barack Obama")
        .unwrap();
    assert!(he.entity_id.is_some());
    assert_eq!(he.entity_id, obama.entity_id);
    let entity = out
        .entities
        .iter()
        .find(|e| Some(&e.entity_id) == obama.entity_id.as_ref())
        .unwrap();
    assert_eq!(entity.mention_count, 2, "named mentions only");
    assert!(!entity.aliases.contains(&"He".to_owned()));
    assert_eq!(out.report.emitted["mentions_anaphoric"], 1);
}

#[test]
fn an_anaphor_whose_antecedent_is_gone_is_left_unresolved() {
    let text = "Visit\n\nBarack Obama arrived in Kenya. He met officials.";
    let mut rows = annotated(text, &[("Barack Obama", PERSON), ("Kenya", GPE)]);
    rows.retain(|r| r.text != "Barack Obama");
    let out = resolve(
        ResolveInput {
            mentions: rows,
            ..ResolveInput::default()
        },
        KnowledgeBase::builtin(),
    );
    let he = out.mentions.iter().find(|m| m.text == "He").unwrap();
    assert_eq!(he.entity_id, None);
    assert_eq!(out.report.dropped["antecedent_missing"], 1);
}

#[test]
fn nested_names_are_linked_but_not_counted() {
    let text = "Visit\n\nObama spoke at the University of Texas. Texas voted.";
    let mut rows = annotated(text, &[("University of Texas", ORG), ("Texas", GPE)]);
    // The sink's extra row for `Texas` inside `University of Texas`.
    let outer = rows
        .iter()
        .find(|r| r.text == "University of Texas")
        .unwrap()
        .clone();
    let start = outer.start + 14;
    rows.push(MentionRow {
        mention_id: stable_id("men", &["a1", &start.to_string(), "nested"]),
        start,
        end: start + 5,
        text: "Texas".into(),
        entity_type: "GPE".into(),
        method: "nested".into(),
        confidence: 0.6,
        ..outer
    });
    rows.sort_by_key(|r| (r.sentence_idx, r.start));
    let out = resolve(
        ResolveInput {
            mentions: rows,
            ..ResolveInput::default()
        },
        KnowledgeBase::builtin(),
    );
    let texas: Vec<&MentionRow> = out.mentions.iter().filter(|m| m.text == "Texas").collect();
    assert_eq!(texas.len(), 2);
    assert!(texas[0].entity_id.is_some());
    assert_eq!(texas[0].entity_id, texas[1].entity_id);
    let entity = out
        .entities
        .iter()
        .find(|e| Some(&e.entity_id) == texas[0].entity_id.as_ref())
        .unwrap();
    assert_eq!(entity.mention_count, 1, "the nested row is not counted");
}

#[test]
fn a_pronoun_role_takes_its_antecedent_mention_and_keeps_its_text() {
    let text = "Talks\n\nTony Blair arrived in Leeds on Monday. He met Carol Jones there.";
    let (mut doc, mut rows) = tagged(
        text,
        &[
            ("Tony Blair", PERSON),
            ("Leeds", GPE),
            ("Carol Jones", PERSON),
        ],
    );
    annotate_mentions(&doc, &mut rows, KnowledgeBase::builtin());
    let at = |word: &str| {
        let start = doc.normalised.find(word).expect("in the text");
        ByteSpan::new(start, start + word.len())
    };
    let (he, met) = (at("He"), at("met"));
    let carol = rows.iter().position(|r| r.text == "Carol Jones").unwrap();
    let carol_row = doc
        .entities()
        .iter()
        .position(|e| doc.original_text(e.span) == "Carol Jones")
        .unwrap();
    doc.set_events(vec![EventAnnotation {
        span: met,
        sentence_idx: 1,
        plover_type: "CONSULT".into(),
        plover_mode: None,
        acled_type: None,
        acled_subtype: None,
        actor: None,
        actor_phrase: Some(he),
        target: Some(carol_row),
        target_phrase: None,
        place: None,
        place_phrase: None,
        date: None,
        date_source: None,
        killed: None,
        injured: None,
        negated: false,
        hypothetical: false,
        aggregate: false,
        reported: false,
        confidence: 0.5,
        method: "test".into(),
    }]);
    let mut events = vec![EventRow {
        actor_text: Some("He".into()),
        target_text: Some("Carol Jones".into()),
        target_mention_id: Some(rows[carol].mention_id.clone()),
        ..EventRow::default()
    }];
    roles_from_antecedents(&doc, &mut events, &rows);
    let blair = rows.iter().find(|r| r.text == "Tony Blair").unwrap();
    assert_eq!(events[0].actor_mention_id.as_ref(), Some(&blair.mention_id));
    assert_eq!(events[0].actor_text.as_deref(), Some("He"));
    // A named role stays as it is.
    assert_eq!(
        events[0].target_mention_id.as_ref(),
        Some(&rows[carol].mention_id)
    );
}
