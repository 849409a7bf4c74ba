//! Tests of the events evaluator: the committed key against its texts, and
//! the scoring rules on a small hand-made key.

use std::path::{Path, PathBuf};

use super::{evaluate_events_file, gold};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn dev_key_spans_cover_their_texts() {
    let root = repo_root();
    if !root.join("../shared/data/gold/gum_news_dev.jsonl").exists() {
        eprintln!("skipped: ../shared/data (the Wikinews and EWT texts) is absent");
        return;
    }
    // Every span is checked against the text it names before scoring.
    let report = evaluate_events_file(&root.join("data/eval/events_dev.jsonl")).unwrap();
    assert_eq!(report.documents, 20);
    assert_eq!(report.gold_events, 198);
    assert!(report.gold_quotes >= 130, "{}", report.gold_quotes);
}

#[test]
fn conllu_documents_join_sentences_and_paragraphs() {
    let conllu = "# newdoc id = d1\n# newpar\n# text = One two.\n1\tOne\n\n# text = Three.\n1\tThree\n\n# newpar\n# text = Four.\n1\tFour\n\n# newdoc id = d2\n# text = Five.\n1\tFive\n";
    let texts = gold::conllu_texts(conllu);
    assert_eq!(texts["d1"], "One two. Three.\n\nFour.");
    assert_eq!(texts["d2"], "Five.");
}

#[test]
fn scores_a_hand_made_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Clashes in Baghdad\n\nGunmen attacked a police convoy in Baghdad on Monday, killing 4 officers. \"We will not stop,\" said Ahmed Saleh.";
    std::fs::write(
        dir.path().join("texts.jsonl"),
        format!("{}\n", serde_json::json!({"doc_id": "d", "text": text})),
    )
    .unwrap();
    let find = |s: &str| {
        let byte = text.find(s).unwrap();
        let start = text[..byte].chars().count();
        serde_json::json!({"start": start, "end": start + s.chars().count(), "text": s})
    };
    let attacked = find("attacked");
    let quote = find("We will not stop");
    let key = serde_json::json!({
        "doc_id": "d",
        "source": {"kind": "jsonl", "path": dir.path().join("texts.jsonl"), "doc_id": "d"},
        "events": [{
            "trigger": attacked,
            "plover_type": "ASSAULT",
            "actor": [find("Gunmen")],
            "target": [find("a police convoy")],
            "place": [find("Baghdad on")["start"].as_u64().map(|s| serde_json::json!({"start": s, "end": s + 7, "text": "Baghdad"})).unwrap()],
            "killed": {"value": 4},
        }],
        "quotes": [{"start": quote["start"], "end": quote["end"], "direct": true,
                    "speaker": find("Ahmed Saleh"), "speaker_name": "Ahmed Saleh"}],
    });
    let gold = dir.path().join("key.jsonl");
    std::fs::write(&gold, format!("{key}\n")).unwrap();
    let report = evaluate_events_file(&gold).unwrap();
    assert_eq!(report.gold_events, 1);
    assert_eq!(report.detection.tp, 1, "{}", report.to_markdown());
    assert_eq!(report.typed.tp, 1);
    assert_eq!(report.quote_speaker.tp, 1, "{}", report.to_markdown());
    assert_eq!(report.casualties.right, 1, "{}", report.to_markdown());
    let place = report.arguments["place"];
    assert_eq!(
        (place.right, place.total),
        (1, 1),
        "{}",
        report.to_markdown()
    );
}

#[test]
fn a_span_that_does_not_cover_its_text_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("texts.jsonl"),
        "{\"doc_id\": \"d\", \"text\": \"Troops attacked.\"}\n",
    )
    .unwrap();
    let key = serde_json::json!({
        "doc_id": "d",
        "source": {"kind": "jsonl", "path": dir.path().join("texts.jsonl")},
        "events": [{"trigger": {"start": 0, "end": 6, "text": "attack"}, "plover_type": "ASSAULT"}],
    });
    let gold = dir.path().join("key.jsonl");
    std::fs::write(&gold, format!("{key}\n")).unwrap();
    let error = evaluate_events_file(&gold).unwrap_err().to_string();
    assert!(error.contains("covers \"Troops\""), "{error}");
}

/// The sample articles of `data/raw` through the whole per-article pipeline.
fn sample() -> Vec<super::Found> {
    let path = repo_root().join("data/raw/asharq_al_awsat_two_articles.txt");
    sitrep_ingest::ingest_file(&path, &sitrep_ingest::IngestOptions::default())
        .articles
        .into_iter()
        .map(super::analyse)
        .collect()
}

/// The first event with this trigger and date, as (actor, target, place).
fn event_on<'a>(
    found: &'a super::Found,
    trigger: &str,
    date: &str,
) -> &'a sitrep_core::tables::EventRow {
    found
        .events
        .iter()
        .find(|e| e.trigger == trigger && e.date.is_some_and(|d| d.to_string() == date))
        .unwrap_or_else(|| panic!("no {trigger} on {date} in {:#?}", found.events))
}

#[test]
fn sample_answer_key_us_strikes_in_syria() {
    let articles = sample();
    let us = &articles[0];
    let oct27 = event_on(us, "struck", "2023-10-27");
    assert_eq!(oct27.plover_type, "ASSAULT");
    assert_eq!(oct27.acled_subtype.as_deref(), Some("Air/drone strike"));
    assert_eq!(oct27.actor_text.as_deref(), Some("US"));
    // The object phrase (the dev key takes it or the IRGC that uses the sites).
    assert!(
        matches!(
            oct27.target_text.as_deref(),
            Some(
                "two weapons and ammunition storage sites"
                    | "Iran\u{2019}s Revolutionary Guard Corps"
            )
        ),
        "{oct27:#?}"
    );
    let nov8 = event_on(us, "dropped bombs", "2023-11-08");
    // `near Maysulun in Deir Ezzor`: either is the place.
    assert!(
        matches!(nov8.place_text.as_deref(), Some("Maysulun" | "Deir Ezzor")),
        "{nov8:#?}"
    );
    // `an IRGC weapons storage facility` (or the IRGC mention in it).
    assert!(
        nov8.target_text
            .as_deref()
            .is_some_and(|t| t.contains("IRGC")),
        "{nov8:#?}"
    );
    let nov12 = event_on(us, "airstrikes", "2023-11-12");
    assert_eq!(nov12.actor_text.as_deref(), Some("US"));
    // `in the Bulbul district of Mayadin`: the district or its town.
    assert!(
        matches!(nov12.place_text.as_deref(), Some("Bulbul" | "Mayadin")),
        "{nov12:#?}"
    );
    // January 2020: the Baghdad strike on Soleimani.
    let baghdad = event_on(us, "airstrike", "2020-01-01");
    assert_eq!(baghdad.place_text.as_deref(), Some("Baghdad"));
    assert_eq!(baghdad.target_text.as_deref(), Some("Qassem Soleimani"));
}

#[test]
fn sample_answer_key_attacks_meetings_and_hypotheticals() {
    let articles = sample();
    let us = &articles[0];
    // The 61 attacks since Oct. 17 are one aggregate row, not 61 events.
    let attacks = us
        .events
        .iter()
        .find(|e| {
            e.trigger == "attacks"
                && e.actor_text
                    .as_deref()
                    .is_some_and(|a| a.contains("Iranian"))
                && e.date_source.as_deref() == Some("sentence")
        })
        .unwrap_or_else(|| panic!("{:#?}", us.events));
    assert!(attacks.aggregate);
    assert_eq!(attacks.place_text.as_deref(), Some("Iraq"));
    assert_eq!(
        attacks.date.map(|d| d.to_string()).as_deref(),
        Some("2023-10-17")
    );
    // At least 60 US personnel injured.
    assert!(
        us.events
            .iter()
            .any(|e| e.injured == Some(60) && e.aggregate)
    );
    // Blinken warning al-Sudani; Sudani meeting Khamenei in Tehran.
    let warned = us.events.iter().find(|e| e.trigger == "warned").unwrap();
    assert_eq!(warned.plover_type, "THREATEN");
    assert_eq!(warned.actor_text.as_deref(), Some("Antony Blinken"));
    let met = us.events.iter().find(|e| e.trigger == "met").unwrap();
    assert_eq!(met.actor_text.as_deref(), Some("Sudani"));
    assert_eq!(met.target_text.as_deref(), Some("Ali Khamenei"));
    assert_eq!(met.place_text.as_deref(), Some("Tehran"));
    // "more substantial retaliation could escalate the violence"
    let retaliation = us
        .events
        .iter()
        .rfind(|e| e.trigger == "retaliation")
        .unwrap();
    assert!(retaliation.hypothetical);
    // A contractor's cardiac arrest is not an arrest.
    assert!(us.events.iter().all(|e| e.plover_type != "COERCE"));
    // Israel's strikes in southern Lebanon and the Bekaa Valley.
    let lebanon = event_on(&articles[1], "striking", "2024-09-23");
    assert_eq!(lebanon.actor_text.as_deref(), Some("Israel"));
    assert_eq!(lebanon.plover_type, "ASSAULT");
}

#[test]
fn sample_answer_key_quotes_of_soaid_and_sayegh() {
    let articles = sample();
    let lebanon = &articles[1];
    let speaker_of = |first_words: &str| {
        let quote = lebanon
            .quotes
            .iter()
            .find(|q| q.text.starts_with(first_words))
            .unwrap_or_else(|| panic!("no quote {first_words}"));
        let id = quote.speaker_mention_id.as_deref().unwrap_or_default();
        lebanon
            .mentions
            .iter()
            .find(|m| m.mention_id == id)
            .map(|m| m.text.clone())
            .unwrap_or_default()
    };
    assert!(speaker_of("The coming days").contains("Soaid"));
    assert!(speaker_of("Syrian President Hafez").contains("Soaid"));
    assert!(speaker_of("has granted Iran").contains("Sayegh"));
}
