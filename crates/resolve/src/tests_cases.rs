//! The cases of the resolution issue as tests: BBC-style excerpts written for
//! these tests (mention rows as the extract stage gives them), false merges
//! that must not happen, and the threshold and evidence.

use sitrep_core::KnowledgeBase;
use sitrep_core::tables::{EntityRow, MentionRow};

use crate::tests::mention;
use crate::{
    Overrides, ResolveInput, ResolveOptions, ResolveOutput, resolve, resolve_with,
    resolve_with_overrides,
};

/// A mention row found by `method` with `confidence`.
fn found(
    article: &str,
    start: i64,
    text: &str,
    ty: &str,
    method: &str,
    confidence: f64,
) -> MentionRow {
    let mut row = mention(article, start, text, ty);
    row.confidence = confidence;
    method.clone_into(&mut row.method);
    row
}

/// A knowledge-base match (`gazetteer`, 0.9).
fn listed(article: &str, start: i64, text: &str, ty: &str) -> MentionRow {
    found(article, start, text, ty, "gazetteer", 0.9)
}

/// A name typed from a title or given name (`title_rule`, 0.8).
fn titled(article: &str, start: i64, text: &str) -> MentionRow {
    found(article, start, text, "PERSON", "title_rule", 0.8)
}

fn run(mentions: Vec<MentionRow>) -> ResolveOutput {
    resolve(
        ResolveInput {
            mentions,
            ..ResolveInput::default()
        },
        KnowledgeBase::builtin(),
    )
}

fn run_bare(mentions: Vec<MentionRow>, threshold: f64) -> ResolveOutput {
    resolve_with(
        ResolveInput {
            mentions,
            ..ResolveInput::default()
        },
        &KnowledgeBase::default(),
        &ResolveOptions {
            threshold,
            ..ResolveOptions::default()
        },
    )
}

fn entity<'a>(out: &'a ResolveOutput, article: &str, start: i64) -> &'a EntityRow {
    let id = out
        .mentions
        .iter()
        .find(|m| m.article_id == article && m.start == start)
        .and_then(|m| m.entity_id.as_deref())
        .expect("mention resolved");
    out.entities
        .iter()
        .find(|e| e.entity_id == id)
        .expect("entity")
}

#[test]
fn mr_kennedy_is_a_person_not_a_colombian_town() {
    // "Liberal Democrat leader Charles Kennedy said ... Mr Kennedy told the
    // BBC ... Kennedy" in a British politics story; the gazetteer knows a
    // town Kennedy (Bogotá, Colombia).
    let out = run(vec![
        listed("p1", 0, "Britain", "GPE"),
        titled("p1", 30, "Charles Kennedy"),
        titled("p1", 80, "Kennedy"),
        listed("p1", 120, "Kennedy", "GPE"),
        listed("p1", 160, "BBC", "ORG"),
        // Another story: only the bare surname, twice the gazetteer's place.
        listed("p2", 0, "UK", "GPE"),
        titled("p2", 20, "Kennedy"),
        listed("p2", 60, "Kennedy", "GPE"),
    ]);
    let kennedy = entity(&out, "p1", 30);
    assert_eq!(kennedy.entity_type, "PERSON");
    assert_eq!(entity(&out, "p1", 120).entity_id, kennedy.entity_id);
    assert_eq!(kennedy.lat, None);
    assert_ne!(kennedy.kb_id.as_deref(), Some("geonames:7033318"));
    let p2 = entity(&out, "p2", 60);
    assert_eq!(p2.entity_type, "PERSON");
    assert_eq!(p2.lat, None);
    // Every Kennedy mention is now a PERSON mention.
    assert!(
        out.mentions
            .iter()
            .filter(|m| m.text == "Kennedy")
            .all(|m| m.entity_type == "PERSON")
    );
}

#[test]
fn a_bare_place_name_of_another_country_stays_unlinked() {
    // "Kennedy" typed as a place in a story about Britain: not the Colombian town.
    let out = run(vec![
        listed("p1", 0, "Britain", "GPE"),
        listed("p1", 40, "Kennedy", "GPE"),
    ]);
    let kennedy = entity(&out, "p1", 40);
    assert_eq!(kennedy.kb_id, None);
    assert_eq!(kennedy.lat, None);
}

#[test]
fn the_uk_treasury_is_not_the_us_treasury() {
    let out = run(vec![
        // "Chancellor Gordon Brown ... the Treasury ... UK economy"
        listed("b1", 0, "Gordon Brown", "PERSON"),
        listed("b1", 40, "Treasury", "ORG"),
        listed("b1", 80, "UK", "GPE"),
        // "Treasury Secretary John Snow ... the US dollar ... Treasury"
        listed("b2", 0, "US", "GPE"),
        listed("b2", 40, "Treasury", "ORG"),
        listed("b2", 90, "Washington", "GPE"),
    ]);
    let uk = entity(&out, "b1", 40);
    let us = entity(&out, "b2", 40);
    assert_ne!(uk.kb_id.as_deref(), Some("sitrep:us-treasury"));
    assert_eq!(us.kb_id.as_deref(), Some("sitrep:us-treasury"));
    assert_ne!(uk.entity_id, us.entity_id);
}

#[test]
fn newcastle_in_an_english_story_is_newcastle_upon_tyne() {
    let out = run(vec![
        listed("s1", 0, "Newcastle", "GPE"),
        listed("s1", 30, "England", "GPE"),
        listed("s1", 60, "Manchester", "GPE"),
    ]);
    let newcastle = entity(&out, "s1", 0);
    assert_eq!(newcastle.name, "Newcastle upon Tyne");
    assert_eq!(newcastle.country.as_deref(), Some("GB"));
    assert_eq!(newcastle.geo_precision.as_deref(), Some("point"));
    assert!(newcastle.link_score.is_some_and(|s| s >= 0.5));
    let england = entity(&out, "s1", 30);
    assert_eq!(england.entity_type, "GPE");
    assert_eq!(england.geo_precision.as_deref(), Some("admin1"));
}

#[test]
fn england_wales_and_frankfurt_are_places_in_their_articles() {
    // "England's coach ... in England ... Wales's ... Wales": a weak context
    // guess ("England's" → PERSON, 0.5) loses to the place in the vote.
    let out = run(vec![
        found("r1", 0, "England", "PERSON", "capitalised_rule", 0.5),
        listed("r1", 40, "England", "GPE"),
        found("r1", 80, "Wales", "PERSON", "capitalised_rule", 0.5),
        listed("r1", 100, "Wales", "GPE"),
        // "German shares ... in Frankfurt ... Frankfurt's index"
        listed("r2", 0, "German", "NORP"),
        listed("r2", 40, "Frankfurt", "GPE"),
        found("r2", 80, "Frankfurt", "PERSON", "capitalised_rule", 0.5),
    ]);
    for (article, start, name) in [
        ("r1", 0, "England"),
        ("r1", 80, "Wales"),
        ("r2", 80, "Frankfurt am Main"),
    ] {
        let place = entity(&out, article, start);
        assert_eq!(place.entity_type, "GPE", "{name}");
        assert_eq!(place.name, name);
        assert!(place.lat.is_some(), "{name}");
    }
    // England, Wales, Frankfurt and the German group.
    assert_eq!(out.entities.len(), 4);
    assert!(out.mentions.iter().all(|m| m.entity_type != "PERSON"));
}

#[test]
fn george_w_bush_with_or_without_the_dot_is_one_person() {
    let out = run(vec![
        listed("w1", 0, "George W Bush", "PERSON"),
        listed("w2", 0, "George W. Bush", "PERSON"),
        titled("w2", 40, "Bush"),
    ]);
    let bush = entity(&out, "w1", 0);
    assert_eq!(entity(&out, "w2", 0).entity_id, bush.entity_id);
    assert_eq!(entity(&out, "w2", 40).entity_id, bush.entity_id);
    assert_eq!(bush.kb_id.as_deref(), Some("Q207"));
    // Without a knowledge base too.
    let out = run_bare(
        vec![
            titled("w1", 0, "George W Bush"),
            titled("w2", 0, "George W. Bush"),
        ],
        0.75,
    );
    assert_eq!(out.entities.len(), 1);
}

#[test]
fn look_alike_names_are_never_merged_across_articles() {
    let out = run_bare(
        vec![
            found("a1", 0, "Kataeb Hezbollah", "ORG", "org_head_rule", 0.7),
            found("a2", 0, "Hezbollah", "ORG", "org_head_rule", 0.7),
            found("a3", 0, "Hezbollah Brigades", "ORG", "org_head_rule", 0.7),
            titled("a4", 0, "Hafez al-Assad"),
            titled("a5", 0, "Bashar al-Assad"),
            found("a6", 0, "Islamic Jihad", "ORG", "org_head_rule", 0.7),
            found(
                "a7",
                0,
                "Islamic Resistance in Iraq",
                "ORG",
                "org_head_rule",
                0.7,
            ),
            // A city and its country's government.
            listed("a8", 0, "Tehran", "GPE"),
            found("a9", 0, "Tehran", "ORG", "org_head_rule", 0.7),
        ],
        0.75,
    );
    assert_eq!(out.entities.len(), 9, "{:#?}", out.entities);
    // The same with the built-in knowledge base.
    let out = run(vec![
        listed("a1", 0, "Kataeb Hezbollah", "ORG"),
        listed("a2", 0, "Hezbollah", "ORG"),
        listed("a3", 0, "Hezbollah Brigades", "ORG"),
        listed("a4", 0, "Hafez al-Assad", "PERSON"),
        listed("a5", 0, "Bashar al-Assad", "PERSON"),
    ]);
    assert_ne!(
        entity(&out, "a1", 0).entity_id,
        entity(&out, "a2", 0).entity_id
    );
    assert_ne!(
        entity(&out, "a3", 0).entity_id,
        entity(&out, "a2", 0).entity_id
    );
    assert_ne!(
        entity(&out, "a4", 0).entity_id,
        entity(&out, "a5", 0).entity_id
    );
}

#[test]
fn two_people_sharing_a_surname_stay_apart() {
    let out = run_bare(
        vec![
            titled("n1", 0, "John Smith"),
            titled("n1", 40, "Smith"),
            titled("n2", 0, "Mary Smith"),
            titled("n2", 40, "Smith"),
            // A third article with only the surname: it could be either.
            titled("n3", 0, "Smith"),
        ],
        0.75,
    );
    let john = entity(&out, "n1", 0);
    let mary = entity(&out, "n2", 0);
    assert_ne!(john.entity_id, mary.entity_id);
    assert_eq!(entity(&out, "n1", 40).entity_id, john.entity_id);
    assert_eq!(entity(&out, "n2", 40).entity_id, mary.entity_id);
    let third = entity(&out, "n3", 0);
    assert_ne!(third.entity_id, john.entity_id);
    assert_ne!(third.entity_id, mary.entity_id);
}

#[test]
fn spellings_and_surnames_join_across_articles_with_context() {
    let out = run_bare(
        vec![
            titled("t1", 0, "Qassem Soleimani"),
            found("t1", 40, "Quds Force", "ORG", "org_head_rule", 0.7),
            titled("t2", 0, "Qasem Suleimani"),
            found("t2", 40, "Quds Force", "ORG", "org_head_rule", 0.7),
            // A surname alone, in an article naming the same force.
            titled("t3", 0, "Soleimani"),
            found("t3", 40, "Quds Force", "ORG", "org_head_rule", 0.7),
        ],
        0.75,
    );
    let person = entity(&out, "t1", 0);
    assert_eq!(entity(&out, "t2", 0).entity_id, person.entity_id);
    assert_eq!(entity(&out, "t3", 0).entity_id, person.entity_id);
    assert_eq!(person.article_count, 3);
    let evidence = person.merge_evidence.join("\n");
    assert!(evidence.contains("transliteration variant"), "{evidence}");
    assert!(evidence.contains("surname of a full name"), "{evidence}");
    // A strict threshold keeps the surname apart.
    let out = run_bare(
        vec![
            titled("t1", 0, "Qassem Soleimani"),
            found("t1", 40, "Quds Force", "ORG", "org_head_rule", 0.7),
            titled("t3", 0, "Soleimani"),
            found("t3", 40, "Quds Force", "ORG", "org_head_rule", 0.7),
        ],
        0.95,
    );
    assert_ne!(
        entity(&out, "t1", 0).entity_id,
        entity(&out, "t3", 0).entity_id
    );
}

#[test]
fn evidence_names_the_rules_and_the_link() {
    let out = run(vec![
        listed("e1", 0, "Mohammed Shia al-Sudani", "PERSON"),
        titled("e1", 40, "Sudani"),
        listed("e1", 80, "Iraq", "GPE"),
    ]);
    let iraq = entity(&out, "e1", 80);
    assert_eq!(iraq.geo_precision.as_deref(), Some("country"));
    let evidence = iraq.merge_evidence.join("\n");
    assert!(evidence.contains("formed the entity"), "{evidence}");
    assert!(evidence.contains("link geonames:99237"), "{evidence}");
    let sudani = entity(&out, "e1", 0);
    let evidence = sudani.merge_evidence.join("\n");
    assert!(evidence.contains("surname ×1"), "{evidence}");
    assert_eq!(out.report.emitted["candidate_pairs_scored"], 0);
}

#[test]
fn different_full_names_sharing_a_surname_are_different_people() {
    // Rugby stories: the coach in one, the captain in another, both also
    // "Robinson" in their articles.
    let out = run_bare(
        vec![
            titled("g1", 0, "Andy Robinson"),
            titled("g1", 40, "Robinson"),
            listed("g1", 80, "England", "GPE"),
            titled("g2", 0, "Jason Robinson"),
            titled("g2", 40, "Robinson"),
            listed("g2", 80, "England", "GPE"),
        ],
        0.75,
    );
    assert_ne!(
        entity(&out, "g1", 0).entity_id,
        entity(&out, "g2", 0).entity_id
    );
    assert_eq!(
        entity(&out, "g1", 40).entity_id,
        entity(&out, "g1", 0).entity_id
    );
}

#[test]
fn a_name_does_not_join_an_acronym_entity_by_its_initials() {
    let out = run_bare(
        vec![
            found("u1", 0, "European Union", "ORG", "org_head_rule", 0.7),
            found("u1", 40, "EU", "ORG", "org_head_rule", 0.7),
            found("u2", 0, "Edinburgh University", "ORG", "org_head_rule", 0.7),
        ],
        0.75,
    );
    assert_eq!(
        entity(&out, "u1", 40).entity_id,
        entity(&out, "u1", 0).entity_id
    );
    assert_ne!(
        entity(&out, "u2", 0).entity_id,
        entity(&out, "u1", 0).entity_id
    );
}

#[test]
fn a_surname_found_by_the_place_list_follows_the_full_name() {
    // The place list wins the span of "Mr Kennedy" three times; the full
    // name is found once, by a given-name rule.
    let out = run(vec![
        found("k1", 0, "Charles Kennedy", "PERSON", "given_name_rule", 0.7),
        listed("k1", 50, "Kennedy", "GPE"),
        listed("k1", 90, "Kennedy", "GPE"),
        listed("k1", 130, "Kennedy", "GPE"),
        listed("k1", 170, "UK", "GPE"),
    ]);
    let kennedy = entity(&out, "k1", 0);
    assert_eq!(kennedy.entity_type, "PERSON");
    assert_eq!(kennedy.mention_count, 4);
    assert_eq!(kennedy.lat, None);
}

#[test]
fn the_country_named_most_chooses_among_supported_places() {
    // A football story that names England three times and Australia once.
    let out = run(vec![
        listed("f1", 0, "England", "GPE"),
        listed("f1", 20, "Newcastle", "GPE"),
        listed("f1", 40, "Australia", "GPE"),
        listed("f1", 60, "Manchester", "GPE"),
        listed("f1", 80, "British", "NORP"),
    ]);
    assert_eq!(entity(&out, "f1", 20).country.as_deref(), Some("GB"));
}

#[test]
fn a_titled_given_name_is_not_a_bare_given_name() {
    let out = run_bare(
        vec![
            titled("c1", 0, "Charles Kennedy"),
            titled("c1", 40, "Prince Charles"),
            titled("c1", 80, "Charles"),
        ],
        0.75,
    );
    let kennedy = entity(&out, "c1", 0);
    let prince = entity(&out, "c1", 40);
    assert_ne!(prince.entity_id, kennedy.entity_id);
    // The bare "Charles" could be either: it stays with the titled one.
    assert_eq!(entity(&out, "c1", 80).entity_id, prince.entity_id);
}

#[test]
fn overrides_link_unlink_split_and_merge_last() {
    let kb = KnowledgeBase::builtin();
    let rules = Overrides::parse(
        "test overrides",
        "link\tPERSON\tKennedy\tsitrep:charles-kennedy\n\
         unlink\tGPE\tNewcastle\t-\n\
         split\tPERSON\tSmith\t-\n\
         merge\tORG\tHizbullah\tHezbollah\n",
        kb,
    )
    .expect("rules parse");
    let out = resolve_with_overrides(
        ResolveInput {
            mentions: vec![
                titled("o1", 0, "Kennedy"),
                listed("o1", 20, "Newcastle", "GPE"),
                listed("o1", 40, "England", "GPE"),
                titled("o1", 60, "Smith"),
                titled("o2", 0, "Smith"),
                listed("o2", 20, "England", "GPE"),
                listed("o3", 0, "Hezbollah", "ORG"),
                found("o4", 0, "Hizbullah", "ORG", "org_head_rule", 0.7),
            ],
            ..ResolveInput::default()
        },
        kb,
        &ResolveOptions::default(),
        &rules,
    );
    let kennedy = entity(&out, "o1", 0);
    assert_eq!(kennedy.kb_id.as_deref(), Some("sitrep:charles-kennedy"));
    assert!(
        kennedy.merge_evidence[0].contains("override: link"),
        "{:?}",
        kennedy.merge_evidence
    );
    assert_eq!(entity(&out, "o1", 20).kb_id, None);
    assert_ne!(
        entity(&out, "o1", 60).entity_id,
        entity(&out, "o2", 0).entity_id
    );
    let hezbollah = entity(&out, "o3", 0);
    assert_eq!(entity(&out, "o4", 0).entity_id, hezbollah.entity_id);
    assert!(
        hezbollah
            .merge_evidence
            .iter()
            .any(|l| l.contains("override: merge")),
        "{:?}",
        hezbollah.merge_evidence
    );
    // Without the rules, Smith of two English stories is one entity.
    let out = run(vec![
        titled("o1", 60, "Smith"),
        listed("o1", 40, "England", "GPE"),
        titled("o2", 0, "Smith"),
        listed("o2", 20, "England", "GPE"),
    ]);
    assert_eq!(
        entity(&out, "o1", 60).entity_id,
        entity(&out, "o2", 0).entity_id
    );
}

#[test]
fn a_demonym_is_related_to_its_country_not_merged() {
    let out = run(vec![
        listed("d1", 0, "Iranian", "NORP"),
        listed("d1", 20, "Iran", "GPE"),
        listed("d2", 0, "French", "NORP"),
    ]);
    let iranian = entity(&out, "d1", 0);
    let iran = entity(&out, "d1", 20);
    assert_ne!(iranian.entity_id, iran.entity_id);
    assert_eq!(
        iranian.merge_evidence[0],
        format!("demonym of Iran ({})", iran.entity_id)
    );
    // France is not in this corpus: no relation to point to.
    let french = entity(&out, "d2", 0);
    assert!(!french.merge_evidence[0].starts_with("demonym"));
}

#[test]
fn a_plural_nationality_links_in_an_article_about_another_country() {
    // An Iraqi story (Iraq, Mosul, Baghdad, the Kurdistan Region) that names
    // the Americans once: they are still the American people.
    let out = run(vec![
        listed("p1", 0, "Iraq", "GPE"),
        listed("p1", 10, "Kurdistan Region", "GPE"),
        listed("p1", 30, "Iraqi", "NORP"),
        listed("p1", 40, "Americans", "NORP"),
    ]);
    let americans = entity(&out, "p1", 40);
    assert_eq!(americans.kb_id.as_deref(), Some("sitrep:norp-american"));
    // An alias (not the entry's name), country named in the article: 0.85.
    assert_eq!(americans.link_score, Some(0.85), "{americans:?}");
}

#[test]
fn an_organisation_mistyped_as_a_person_takes_no_surname() {
    // The tagger typed the society as a person; `Canada` (a place, or a
    // person by the same mistake) is not its surname.
    let out = run(vec![
        found("w1", 0, "Canada", "GPE", "tagger+gazetteer", 0.9),
        found(
            "w1",
            40,
            "Doctor Who Society of Canada",
            "PERSON",
            "tagger",
            0.75,
        ),
        found("w1", 90, "Canada", "GPE", "tagger", 0.75),
        found("w2", 0, "Canada", "PERSON", "tagger", 0.6),
        found(
            "w2",
            40,
            "Doctor Who Society of Canada",
            "PERSON",
            "tagger",
            0.6,
        ),
    ]);
    let canada = entity(&out, "w1", 0);
    assert_ne!(canada.entity_id, entity(&out, "w1", 40).entity_id);
    assert_eq!(canada.entity_id, entity(&out, "w1", 90).entity_id);
    assert_eq!(canada.entity_type, "GPE");
    assert_ne!(
        entity(&out, "w2", 0).entity_id,
        entity(&out, "w2", 40).entity_id
    );
}

#[test]
fn regnal_numbers_and_initials_tell_people_apart() {
    // Same skeleton, near-identical words: a transliteration variant would
    // join them, but a regnal number or an initial is never spelt otherwise.
    let out = run(vec![
        found("r1", 0, "Shah Abbas I", "PERSON", "tagger", 0.9),
        found("r2", 0, "Shah Abbas II", "PERSON", "tagger", 0.9),
        found("r3", 0, "Elizabeth I", "PERSON", "tagger", 0.9),
        found("r4", 0, "Elizabeth II", "PERSON", "tagger", 0.9),
        found("r5", 0, "John F Kennedy", "PERSON", "tagger", 0.9),
        found("r6", 0, "John E Kennedy", "PERSON", "tagger", 0.9),
        found("r7", 0, "Qassem Soleimani", "PERSON", "tagger", 0.9),
        found("r8", 0, "Qasem Suleimani", "PERSON", "tagger", 0.9),
    ]);
    let id = |article: &str| entity(&out, article, 0).entity_id.clone();
    assert_ne!(id("r1"), id("r2"));
    assert_ne!(id("r3"), id("r4"));
    assert_ne!(id("r5"), id("r6"));
    // A spelling variant still joins.
    assert_eq!(id("r7"), id("r8"));
}

#[test]
fn a_place_with_its_region_is_the_place_named_alone() {
    let out = run(vec![
        found("q1", 0, "Moscow, Russia", "GPE", "tagger", 0.8),
        listed("q1", 40, "Moscow", "GPE"),
        found("q1", 60, "Paris, Texas", "GPE", "tagger", 0.8),
        found("q2", 0, "Irving, Texas", "GPE", "tagger", 0.8),
    ]);
    let moscow = entity(&out, "q1", 0);
    assert_eq!(moscow.entity_id, entity(&out, "q1", 40).entity_id);
    assert_eq!(moscow.name, "Moscow");
    assert!(
        moscow.merge_evidence[0].contains("place with its region"),
        "{moscow:?}"
    );
    // Without the place named alone in the article, nothing joins.
    assert_ne!(entity(&out, "q1", 60).entity_id, moscow.entity_id);
    assert_eq!(entity(&out, "q2", 0).aliases, ["Irving, Texas"]);
}

#[test]
fn a_titled_name_typed_as_an_organisation_joins_the_person_of_its_surname() {
    // "Home Secretary Suella Braverman said … Braverman added …": the tagger
    // typed the titled name ORG.
    let out = run(vec![
        found(
            "a1",
            0,
            "Home Secretary Suella Braverman",
            "ORG",
            "tagger",
            0.75,
        ),
        listed("a1", 60, "Braverman", "PERSON"),
        listed("a1", 120, "Braverman", "PERSON"),
    ]);
    let braverman = entity(&out, "a1", 60);
    assert_eq!(entity(&out, "a1", 0).entity_id, braverman.entity_id);
    assert_eq!(braverman.entity_type, "PERSON");
    // Two people of that surname: the titled name stays apart.
    let out = run(vec![
        found(
            "a2",
            0,
            "Home Secretary Suella Braverman",
            "ORG",
            "tagger",
            0.75,
        ),
        listed("a2", 60, "Mark Braverman", "PERSON"),
        listed("a2", 90, "Anna Braverman", "PERSON"),
    ]);
    assert_ne!(
        entity(&out, "a2", 0).entity_id,
        entity(&out, "a2", 60).entity_id
    );
    assert_ne!(
        entity(&out, "a2", 0).entity_id,
        entity(&out, "a2", 90).entity_id
    );
}

#[test]
fn a_generic_head_noun_joins_the_one_organisation_it_heads() {
    let out = run(vec![
        listed("a1", 0, "Church of Scientology", "ORG"),
        found("a1", 80, "Church", "PERSON", "tagger", 0.75),
    ]);
    let church = entity(&out, "a1", 80);
    assert_eq!(entity(&out, "a1", 0).entity_id, church.entity_id);
    assert_eq!(church.entity_type, "ORG");
    // `the Court` with two courts named: left alone.
    let out = run(vec![
        listed("a2", 0, "Supreme Court", "ORG"),
        listed("a2", 40, "Italian Supreme Court of Cassation", "ORG"),
        found("a2", 100, "Court", "ORG", "tagger", 0.75),
    ]);
    let court = entity(&out, "a2", 100);
    assert_ne!(entity(&out, "a2", 0).entity_id, court.entity_id);
    assert_ne!(entity(&out, "a2", 40).entity_id, court.entity_id);
}

#[test]
fn a_lone_generic_head_noun_does_not_join_across_articles() {
    // `the Court` in two British stories is not one court.
    let out = run(vec![
        listed("a1", 0, "Britain", "GPE"),
        found("a1", 40, "Court", "ORG", "tagger", 0.75),
        listed("a2", 0, "Britain", "GPE"),
        found("a2", 40, "Court", "ORG", "tagger", 0.75),
    ]);
    assert_ne!(
        entity(&out, "a1", 40).entity_id,
        entity(&out, "a2", 40).entity_id
    );
}

#[test]
fn names_of_one_country_used_for_its_team_are_one_team() {
    let team = |start: i64, text: &str| found("a1", start, text, "ORG", "tagger+sports_team", 0.75);
    let out = run(vec![
        team(0, "South Korea"),
        team(40, "Republic of Korea"),
        team(80, "Sweden"),
    ]);
    assert_eq!(
        entity(&out, "a1", 0).entity_id,
        entity(&out, "a1", 40).entity_id
    );
    assert_ne!(
        entity(&out, "a1", 0).entity_id,
        entity(&out, "a1", 80).entity_id
    );
    assert_eq!(entity(&out, "a1", 0).kb_id, None);
}
