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
