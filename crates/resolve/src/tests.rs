//! Behaviour tests of the resolve stage on hand-built mention rows.

use sitrep_core::KnowledgeBase;
use sitrep_core::ids::stable_id;
use sitrep_core::tables::{EntityRow, EventRow, MentionRow, QuoteRow};

use crate::{ResolveInput, ResolveOutput, resolve};

pub(crate) fn mention(article: &str, start: i64, text: &str, ty: &str) -> MentionRow {
    MentionRow {
        mention_id: stable_id("men", &[article, &start.to_string(), text]),
        article_id: article.into(),
        sentence_idx: 0,
        start,
        end: start + text.chars().count() as i64,
        text: text.into(),
        entity_type: ty.into(),
        entity_id: None,
        confidence: 0.9,
        method: "test".into(),
        antecedent_id: None,
    }
}

fn run(mentions: Vec<MentionRow>, kb: &KnowledgeBase) -> ResolveOutput {
    resolve(
        ResolveInput {
            mentions,
            events: vec![],
            quotes: vec![],
        },
        kb,
    )
}

/// The entity of the mention with this article, start and text.
fn entity_of<'a>(out: &'a ResolveOutput, article: &str, start: i64) -> &'a EntityRow {
    let mention = out
        .mentions
        .iter()
        .find(|m| m.article_id == article && m.start == start)
        .expect("mention present");
    let id = mention.entity_id.as_deref().expect("mention resolved");
    out.entities
        .iter()
        .find(|e| e.entity_id == id)
        .expect("entity present")
}

fn test_kb() -> KnowledgeBase {
    let mut kb = KnowledgeBase::default();
    kb.add_tsv(
        "test.tsv",
        "Q1\tIslamic Revolutionary Guard Corps\tORG\tIR\t\t\tIRGC|Revolutionary Guards|Iran's Revolutionary Guard Corps\n\
         Q2\tHezbollah\tORG\tLB\t\t\tHizballah\n\
         Q3\tKataeb Hezbollah\tORG\tIQ\t\t\tHezbollah Brigades|Kata'ib Hizballah\n\
         Q4\tIran national football team\tORG\tIR\t\t\tIran\n\
         geonames:130758\tIran\tGPE\tIR\t35.69439\t51.42151\tPersia\n",
    )
    .expect("test KB parses");
    kb
}

#[test]
fn sudani_chain_merges_into_the_full_name() {
    let out = run(
        vec![
            mention("a1", 0, "Sudani", "PERSON"),
            mention("a1", 20, "Mohammed Shia al-Sudani", "PERSON"),
            mention("a1", 90, "al-Sudani", "PERSON"),
            mention("a1", 150, "Sudani", "PERSON"),
            mention("a1", 200, "Mohammed", "PERSON"),
        ],
        &KnowledgeBase::default(),
    );
    let sudani = entity_of(&out, "a1", 20);
    assert_eq!(sudani.name, "Mohammed Shia al-Sudani");
    assert_eq!(
        sudani.aliases,
        ["Mohammed", "Mohammed Shia al-Sudani", "Sudani", "al-Sudani"]
    );
    assert_eq!(sudani.mention_count, 5);
    for start in [0, 90, 150] {
        assert_eq!(entity_of(&out, "a1", start).entity_id, sudani.entity_id);
    }
    // A lone given name joins the one full name it starts.
    assert_eq!(entity_of(&out, "a1", 200).entity_id, sudani.entity_id);
    assert_eq!(out.entities.len(), 1);
    assert_eq!(
        sudani.entity_id,
        stable_id("ent", &["PERSON", "mohammed shia al sudani"])
    );
}

#[test]
fn sudani_links_to_the_builtin_kb_when_listed_there() {
    // The actors file is curated by hand; only check the link if the entry is there.
    let kb = KnowledgeBase::builtin();
    if kb.lookup("Mohammed Shia al-Sudani").next().is_none() {
        return;
    }
    let out = run(
        vec![
            mention("a1", 0, "Mohammed Shia al-Sudani", "PERSON"),
            mention("a2", 0, "Sudani", "PERSON"),
        ],
        kb,
    );
    assert_eq!(out.entities.len(), 1);
    assert_eq!(out.entities[0].article_count, 2);
    assert!(out.entities[0].kb_id.is_some());
}

#[test]
fn hafez_and_bashar_stay_apart_and_surnames_go_to_the_nearest() {
    let out = run(
        vec![
            mention("a1", 0, "Hafez al-Assad", "PERSON"),
            mention("a1", 40, "Assad", "PERSON"),
            mention("a1", 100, "Bashar al-Assad", "PERSON"),
            mention("a1", 160, "Assad", "PERSON"),
            mention("a1", 220, "Bashar", "PERSON"),
        ],
        &KnowledgeBase::default(),
    );
    let hafez = entity_of(&out, "a1", 0);
    let bashar = entity_of(&out, "a1", 100);
    assert_ne!(hafez.entity_id, bashar.entity_id);
    assert_eq!(entity_of(&out, "a1", 40).entity_id, hafez.entity_id);
    assert_eq!(entity_of(&out, "a1", 160).entity_id, bashar.entity_id);
    assert_eq!(hafez.aliases, ["Assad", "Hafez al-Assad"]);
    assert_eq!(bashar.aliases, ["Assad", "Bashar", "Bashar al-Assad"]);
    // A lone given name joins the one full name it starts.
    assert_eq!(entity_of(&out, "a1", 220).entity_id, bashar.entity_id);
}

#[test]
fn kataeb_hezbollah_is_not_hezbollah() {
    let mentions = vec![
        mention("a1", 0, "Kataeb Hezbollah", "ORG"),
        mention("a1", 30, "Hezbollah", "ORG"),
        mention("a1", 60, "Hezbollah Brigades", "ORG"),
        mention("a1", 100, "KH", "ORG"),
    ];
    // Without a KB: no suffix merging for organisations; the acronym joins
    // the name it abbreviates.
    let out = run(mentions.clone(), &KnowledgeBase::default());
    let kataeb = entity_of(&out, "a1", 0);
    assert_eq!(entity_of(&out, "a1", 100).entity_id, kataeb.entity_id);
    assert_ne!(entity_of(&out, "a1", 30).entity_id, kataeb.entity_id);
    assert_ne!(
        entity_of(&out, "a1", 60).entity_id,
        entity_of(&out, "a1", 30).entity_id
    );
    assert_eq!(out.entities.len(), 3);
    // With a KB that knows Hezbollah Brigades is Kataeb Hezbollah.
    let out = run(mentions, &test_kb());
    let kataeb = entity_of(&out, "a1", 0);
    assert_eq!(kataeb.kb_id.as_deref(), Some("Q3"));
    assert_eq!(entity_of(&out, "a1", 60).entity_id, kataeb.entity_id);
    assert_eq!(entity_of(&out, "a1", 30).kb_id.as_deref(), Some("Q2"));
    assert_eq!(out.entities.len(), 2);
}

#[test]
fn irgc_links_through_the_kb_across_articles() {
    let out = run(
        vec![
            mention("a1", 0, "Iran's Revolutionary Guard Corps", "ORG"),
            mention("a1", 80, "IRGC", "ORG"),
            mention("a2", 10, "IRGC", "ORG"),
            mention("a2", 50, "Revolutionary Guards", "ORG"),
        ],
        &test_kb(),
    );
    assert_eq!(out.entities.len(), 1);
    let irgc = &out.entities[0];
    assert_eq!(irgc.name, "Islamic Revolutionary Guard Corps");
    assert_eq!(irgc.kb_id.as_deref(), Some("Q1"));
    assert_eq!(irgc.entity_id, stable_id("ent", &["Q1"]));
    assert_eq!(irgc.mention_count, 4);
    assert_eq!(irgc.article_count, 2);
    assert_eq!(irgc.country.as_deref(), Some("IR"));
    assert_eq!(
        irgc.aliases,
        [
            "IRGC",
            "Iran's Revolutionary Guard Corps",
            "Revolutionary Guards"
        ]
    );
}

#[test]
fn acronym_without_a_matching_name_stays_its_own_entity() {
    let out = run(
        vec![
            mention("a1", 0, "Popular Mobilization Forces", "ORG"),
            mention("a1", 40, "PMF", "ORG"),
            mention("a1", 80, "ISIS", "ORG"),
        ],
        &KnowledgeBase::default(),
    );
    assert_eq!(
        entity_of(&out, "a1", 40).entity_id,
        entity_of(&out, "a1", 0).entity_id
    );
    assert_eq!(entity_of(&out, "a1", 80).name, "ISIS");
    assert_eq!(out.entities.len(), 2);
}

#[test]
fn one_type_per_entity_per_article_and_types_must_be_compatible_to_link() {
    let out = run(
        vec![
            mention("a1", 0, "Iran", "GPE"),
            mention("a1", 30, "Iran", "ORG"),
            mention("a2", 0, "Iran", "LOC"),
            mention("a3", 0, "Iran", "ORG"),
        ],
        &test_kb(),
    );
    let country = entity_of(&out, "a1", 0);
    assert_eq!(country.kb_id.as_deref(), Some("geonames:130758"));
    assert_eq!(country.entity_type, "GPE");
    // One article, one name, one entity: the ORG mention joins the country
    // (a tie in the vote goes to the earliest mention) and is retyped.
    assert_eq!(entity_of(&out, "a1", 30).entity_id, country.entity_id);
    let a1_types: Vec<&str> = out
        .mentions
        .iter()
        .filter(|m| m.article_id == "a1")
        .map(|m| m.entity_type.as_str())
        .collect();
    assert_eq!(a1_types, ["GPE", "GPE"]);
    // LOC and GPE are interchangeable: the second article's LOC joins the country.
    assert_eq!(entity_of(&out, "a2", 0).entity_id, country.entity_id);
    assert_eq!(country.article_count, 2);
    // An ORG never links to the GPE: alone in its article, it is the team.
    assert_eq!(entity_of(&out, "a3", 0).kb_id.as_deref(), Some("Q4"));
}

#[test]
fn syria_gets_coordinates_and_country_code() {
    let out = run(
        vec![
            mention("a1", 0, "Syria", "GPE"),
            mention("a2", 5, "Syrian Arab Republic", "GPE"),
        ],
        KnowledgeBase::builtin(),
    );
    assert_eq!(out.entities.len(), 1);
    let syria = &out.entities[0];
    assert_eq!(syria.name, "Syria");
    assert_eq!(syria.kb_id.as_deref(), Some("geonames:163843"));
    assert_eq!(syria.country.as_deref(), Some("SY"));
    // The centroid of Syria's outline (35.01 N, 38.54 E, near Palmyra), not
    // Damascus, the capital (33.51 N, 36.29 E).
    assert_eq!((syria.lat, syria.lon), (Some(35.01), Some(38.54)));
    assert_eq!(syria.geo_precision.as_deref(), Some("country"));
    assert_eq!(syria.wikidata_id.as_deref(), Some("Q858"));
    assert_eq!(syria.article_count, 2);
}

#[test]
fn unlinked_names_merge_across_articles_by_type_and_key() {
    let out = run(
        vec![
            mention("a1", 0, "Abu Fadak al-Mohammadawi", "PERSON"),
            mention("a2", 7, "Abu Fadak al‐Mohammadawi", "PERSON"),
            mention("a3", 7, "Abu Fadak al-Mohammadawi", "ORG"),
        ],
        &KnowledgeBase::default(),
    );
    let person = entity_of(&out, "a1", 0);
    assert_eq!(entity_of(&out, "a2", 7).entity_id, person.entity_id);
    assert_eq!(person.article_count, 2);
    assert_eq!(person.kb_id, None);
    assert_ne!(entity_of(&out, "a3", 7).entity_id, person.entity_id);
}

#[test]
fn places_in_the_sample_article_link_with_countries() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/raw/asharq_al_awsat_two_articles.txt"
    );
    let text = std::fs::read_to_string(path).expect("sample article");
    let places = [
        ("Iraq", "GPE", "IQ"),
        ("Syria", "GPE", "SY"),
        ("Baghdad", "GPE", "IQ"),
        ("al-Tanf garrison", "FAC", "SY"),
        ("Gaza", "GPE", "PS"),
        ("Lebanon", "GPE", "LB"),
        ("Israel", "GPE", "IL"),
    ];
    let mentions = places
        .iter()
        .map(|(name, ty, _)| {
            let byte = text
                .find(name)
                .unwrap_or_else(|| panic!("{name} in sample"));
            mention("sample", text[..byte].chars().count() as i64, name, ty)
        })
        .collect();
    let out = run(mentions, KnowledgeBase::builtin());
    for (name, _, country) in places {
        let m = out.mentions.iter().find(|m| m.text == name).unwrap();
        let entity = entity_of(&out, "sample", m.start);
        assert_eq!(entity.country.as_deref(), Some(country), "{name}");
        assert!(entity.lat.is_some() && entity.kb_id.is_some(), "{name}");
    }
    let gaza = out.entities.iter().find(|e| e.aliases == ["Gaza"]).unwrap();
    assert_eq!(gaza.name, "Gaza Strip");
}

#[test]
fn events_and_quotes_get_entity_ids() {
    let sudani = mention("a1", 0, "Mohammed Shia al-Sudani", "PERSON");
    let short = mention("a1", 60, "Sudani", "PERSON");
    let syria = mention("a1", 100, "Syria", "GPE");
    let event = EventRow {
        event_id: "ev1".into(),
        article_id: "a1".into(),
        sentence_idx: 0,
        start: 80,
        end: 87,
        trigger: "visited".into(),
        plover_type: "CONSULT".into(),
        plover_mode: None,
        acled_type: None,
        acled_subtype: None,
        actor_text: Some("Sudani".into()),
        actor_mention_id: Some(short.mention_id.clone()),
        actor_id: None,
        target_text: None,
        target_mention_id: Some("missing".into()),
        target_id: None,
        place_text: Some("Syria".into()),
        place_mention_id: Some(syria.mention_id.clone()),
        place_id: None,
        date: None,
        date_precision: None,
        date_source: None,
        killed: None,
        injured: None,
        negated: false,
        hypothetical: false,
        aggregate: false,
        reported: false,
        confidence: 0.5,
        method: "test".into(),
        event_cluster: String::new(),
    };
    let quote = QuoteRow {
        quote_id: "q1".into(),
        article_id: "a1".into(),
        sentence_idx: 1,
        start: 120,
        end: 140,
        text: "We will respond".into(),
        direct: true,
        speaker_text: Some("Mohammed Shia al-Sudani".into()),
        speaker_start: Some(0),
        speaker_end: Some(23),
        speaker_mention_id: Some(sudani.mention_id.clone()),
        speaker_id: None,
        cue: Some("said".into()),
        method: "test".into(),
    };
    let out = resolve(
        ResolveInput {
            mentions: vec![syria, short, sudani],
            events: vec![event],
            quotes: vec![quote],
        },
        KnowledgeBase::builtin(),
    );
    let person = entity_of(&out, "a1", 0).entity_id.clone();
    let place = entity_of(&out, "a1", 100).entity_id.clone();
    assert_eq!(out.events[0].actor_id.as_deref(), Some(person.as_str()));
    assert_eq!(out.events[0].place_id.as_deref(), Some(place.as_str()));
    assert_eq!(out.events[0].target_id, None);
    assert_eq!(out.quotes[0].speaker_id.as_deref(), Some(person.as_str()));
    assert!(
        out.report
            .warnings
            .iter()
            .any(|w| w.starts_with("1 event or quote"))
    );
}

#[test]
fn report_counts_what_came_in_and_went_out() {
    let out = run(
        vec![
            mention("a1", 0, "Tripoli", "GPE"),
            mention("a1", 10, "Tripoli", "GPE"),
            mention("a1", 30, "Someone Unknown", "PERSON"),
            mention("a1", 50, "Thing", "WIDGET"),
        ],
        KnowledgeBase::builtin(),
    );
    let report = &out.report;
    assert_eq!(report.stage, "resolve");
    assert_eq!(report.received, 4);
    assert_eq!(report.emitted["mentions"], 4);
    assert_eq!(report.emitted["mentions_resolved"], 3);
    assert_eq!(report.emitted["mentions_linked"], 2);
    assert_eq!(report.emitted["entities"], 2);
    assert_eq!(report.emitted["entities_linked"], 1);
    assert_eq!(report.dropped["unknown_entity_type"], 1);
    // Tripoli, Libya (the larger) is chosen over Tripoli, Lebanon, with a warning.
    let tripoli = entity_of(&out, "a1", 0);
    assert_eq!(tripoli.country.as_deref(), Some("LY"));
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("ambiguous name `Tripoli`"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn shuffled_input_gives_identical_output() {
    let mut mentions = vec![
        mention("a2", 0, "Bashar al-Assad", "PERSON"),
        mention("a2", 30, "Assad", "PERSON"),
        mention("a1", 0, "Hafez al-Assad", "PERSON"),
        mention("a1", 40, "Assad", "PERSON"),
        mention("a1", 60, "Syria", "GPE"),
        mention("a2", 70, "Syria", "LOC"),
        mention("a3", 0, "Iran's Revolutionary Guard Corps", "ORG"),
        mention("a3", 50, "IRGC", "ORG"),
        mention("a3", 70, "Hezbollah", "ORG"),
        mention("a3", 90, "Kataeb Hezbollah", "ORG"),
        mention("a3", 120, "Sudani", "PERSON"),
        mention("a1", 200, "Deir Ezzor", "GPE"),
        mention("a2", 200, "Dayr az Zawr", "LOC"),
    ];
    let mut kb = test_kb();
    kb.add_tsv("places", include_str!("../../../data/kb/places.tsv"))
        .expect("places parse");
    let expected = run(mentions.clone(), &kb);
    assert_eq!(expected.mentions.len(), mentions.len());
    // Deterministic "shuffles": reversal and rotations.
    mentions.reverse();
    assert_eq!(run(mentions.clone(), &kb), expected);
    for k in [3, 7, 11] {
        mentions.rotate_left(k);
        assert_eq!(run(mentions.clone(), &kb), expected);
    }
    // Deir ez-Zor spelled two ways in two articles is one entity.
    assert_eq!(
        entity_of(&expected, "a1", 200).entity_id,
        entity_of(&expected, "a2", 200).entity_id
    );
    let sorted = expected
        .mentions
        .windows(2)
        .all(|w| (&w[0].article_id, w[0].start) <= (&w[1].article_id, w[1].start));
    assert!(sorted);
    assert!(
        expected
            .entities
            .windows(2)
            .all(|w| w[0].entity_id < w[1].entity_id)
    );
}

#[test]
fn common_words_and_person_names_are_not_places() {
    let kb = KnowledgeBase::builtin();
    for word in [
        "Of", "Most", "Mobile", "Reading", "Nice", "Hit", "Van", "Sour", "Old City", "Victoria",
        "Male", "Can", "Cat", "Bush", "Downtown", "Sadr", "Ali", "Hamilton",
    ] {
        let places: Vec<_> = kb
            .lookup(word)
            .filter(|e| e.entity_type.is_place())
            .map(|e| e.kb_id.as_str())
            .collect();
        assert!(places.is_empty(), "`{word}` matches places {places:?}");
    }
}

#[test]
fn place_aliases_cover_common_spellings() {
    let kb = KnowledgeBase::builtin();
    let first = |name: &str| kb.lookup(name).next().map(|e| e.kb_id.clone());
    for (spellings, id) in [
        (
            &["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr"][..],
            "geonames:170794",
        ),
        (&["Mayadin", "Al Mayadin"][..], "geonames:173480"),
        (
            &["Abu Kamal", "Al-Boukamal", "Albu Kamal"][..],
            "geonames:174448",
        ),
        (&["Sidon", "Saida"][..], "geonames:268064"),
        (&["Tehran", "Teheran"][..], "geonames:112931"),
        (&["Tel Aviv", "Tel Aviv-Yafo"][..], "geonames:293397"),
        (
            &["US", "U.S.", "United States", "America"][..],
            "geonames:6252001",
        ),
        (&["UK", "Britain", "United Kingdom"][..], "geonames:2635167"),
        (
            &["Ain al-Asad", "al-Asad Airbase"][..],
            "sitrep:al-asad-airbase",
        ),
    ] {
        for spelling in spellings {
            assert_eq!(first(spelling).as_deref(), Some(id), "{spelling}");
        }
    }
}

#[test]
fn spilled_resolution_is_the_one_made_in_memory() {
    let mut kb = test_kb();
    kb.add_tsv("places", include_str!("../../../data/kb/places.tsv"))
        .expect("places parse");
    let texts = [
        ("Bashar al-Assad", "PERSON"),
        ("Assad", "PERSON"),
        ("Syria", "GPE"),
        ("Hezbollah", "ORG"),
        ("Kataeb Hezbollah", "ORG"),
        ("IRGC", "ORG"),
        ("Deir Ezzor", "GPE"),
        ("Dayr az Zawr", "LOC"),
        ("Hafez al-Assad", "PERSON"),
    ];
    // Twelve articles (two share an id), each naming a few of the names.
    let articles: Vec<(String, Vec<MentionRow>)> = (0..12)
        .map(|a| {
            let id = format!("a{}", a.min(10));
            let mentions = (0..4)
                .map(|k| {
                    let (text, ty) = texts[(a * 3 + k * 2) % texts.len()];
                    mention(&id, (k * 40) as i64, text, ty)
                })
                .collect();
            (id, mentions)
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("sitrep-spill-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut in_memory = crate::CorpusResolver::default();
    let mut spilled = crate::CorpusResolver::spill_runs_of(&dir, 3).expect("spill dir");
    let mut resolved = Vec::new();
    for (id, mentions) in &articles {
        let mut mentions = mentions.clone();
        let resolution = crate::resolve_article(&mut mentions, &kb);
        in_memory.add(id, &mentions, &resolution).expect("memory");
        spilled.add(id, &mentions, &resolution).expect("spill");
        resolved.push((mentions, resolution));
    }
    let options = crate::ResolveOptions::default();
    let overrides = crate::Overrides::default();
    let mut expected = in_memory.finish(&kb, &options, &overrides).expect("memory");
    let mut got = spilled.finish(&kb, &options, &overrides).expect("spill");
    // Rows are made as they are taken, in id order, counting down.
    let linked = expected.entities.linked();
    let total = expected.entities.len();
    let mut expected_rows = Vec::new();
    while let Some(row) = expected.entities.next() {
        expected_rows.push(row);
        assert_eq!(expected.entities.len(), total - expected_rows.len());
    }
    assert_eq!(
        expected.report.emitted.get("entities"),
        Some(&(total as u64))
    );
    assert!(
        expected_rows
            .windows(2)
            .all(|w| w[0].entity_id < w[1].entity_id)
    );
    assert_eq!(
        linked,
        expected_rows.iter().filter(|e| e.kb_id.is_some()).count()
    );
    assert!(linked > 0);
    let got_rows: Vec<_> = std::mem::take(&mut got.entities).collect();
    assert_eq!(got_rows, expected_rows);
    assert_eq!(got.report, expected.report);
    // Entities joined across articles, so the sort and merge mattered.
    assert!(expected_rows.iter().any(|e| e.article_count >= 3));
    for (a, (mentions, resolution)) in resolved.iter().enumerate() {
        let (mut left, mut right) = (mentions.clone(), mentions.clone());
        expected.fill(a, &mut left, resolution);
        got.fill(a, &mut right, resolution);
        assert_eq!(left, right);
        assert!(left.iter().all(|m| m.entity_id.is_some()));
        // Each mention's entity has a row.
        assert!(left.iter().all(|m| {
            expected_rows
                .binary_search_by(|e| Some(&e.entity_id).cmp(&m.entity_id.as_ref()))
                .is_ok()
        }));
    }
    // Its files are gone.
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
