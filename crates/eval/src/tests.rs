//! End-to-end tests of the evaluator on a small gold document written by hand,
//! through the real normalise → extract → resolve pipeline.

use crate::{EvalOptions, Score, evaluate_jsonl};

/// Headline plus two sentences, annotated GUM-style by hand: articles and
/// possessives inside the spans, a nominal and a time mention that are not scored.
pub(crate) fn gold_line() -> String {
    let text = "Obama visits Kenya\n\nBarack Obama arrived in Kenya to meet the United Nations \
                on Sunday. Obama's aides said France sent envoys.";
    let mention = |start: usize,
                   end: usize,
                   entity_type: &str,
                   eid: &str,
                   wikidata: Option<&str>,
                   proper: bool| {
        serde_json::json!({
            "start": start, "end": end, "text": text.chars().skip(start).take(end - start).collect::<String>(),
            "type": entity_type, "eid": eid, "wikidata": wikidata, "proper": proper,
        })
    };
    serde_json::json!({
        "doc_id": "hand_made",
        "text": text,
        "entities": [
            mention(0, 5, "person", "1", Some("Q76"), true),
            mention(13, 18, "place", "2", Some("Q114"), true),
            mention(20, 32, "person", "1", Some("Q76"), true),
            mention(44, 49, "place", "2", Some("Q114"), true),
            mention(58, 76, "organization", "3", Some("Q1065"), true),
            mention(80, 86, "time", "4", None, true),
            mention(88, 101, "person", "5", None, false),
            mention(88, 95, "person", "1", Some("Q76"), true),
            mention(107, 113, "place", "6", Some("Q142"), true),
        ],
    })
    .to_string()
}

#[test]
fn a_hand_made_document_scores_as_worked_out() {
    let report = evaluate_jsonl(&gold_line(), "hand-made", &EvalOptions::default()).unwrap();
    assert_eq!(report.documents, 1);
    // Scored gold: Obama, Kenya, Barack Obama, Kenya, the United Nations,
    // Obama's, France; not the time "Sunday" nor the nominal "Obama's aides".
    assert_eq!(report.gold_mentions, 7);
    // sitrep finds all seven names with the right types once "the" and "'s"
    // are set aside on the gold side.
    let perfect = Score {
        tp: 7,
        fp: 0,
        fn_: 0,
    };
    assert_eq!(report.exact_typed, perfect);
    assert_eq!(report.exact_untyped, perfect);
    assert_eq!(report.overlap_typed, perfect);
    assert_eq!(
        report.per_type["person"],
        Score {
            tp: 3,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(
        report.per_type["place"],
        Score {
            tp: 3,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(
        report.per_type["organization"],
        Score {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    // Obama x3 and Kenya x2 each form one chain on both sides.
    assert_eq!(report.coreference.mentions, 7);
    assert_eq!(report.coreference.gold_chains, 2);
    assert!((report.coreference.b_cubed.f1 - 1.0).abs() < 1e-9);
    assert!((report.coreference.muc.f1 - 1.0).abs() < 1e-9);
    // Obama x3 and the UN carry Wikidata ids in the built-in KB; Kenya x2 and
    // France are GeoNames places there whose Wikidata items
    // `data/kb/wikidata.tsv` records (Q114, Q142).
    assert_eq!(
        report.linking,
        Score {
            tp: 7,
            fp: 0,
            fn_: 0
        }
    );
    assert!(report.sentence_boundaries.is_none());
}

#[test]
fn without_proper_only_nominals_count_as_misses() {
    let options = EvalOptions { proper_only: false };
    let report = evaluate_jsonl(&gold_line(), "hand-made", &options).unwrap();
    // "Obama's aides" joins the gold; no prediction has its span.
    assert_eq!(report.gold_mentions, 8);
    assert_eq!(
        report.exact_typed,
        Score {
            tp: 7,
            fp: 0,
            fn_: 1
        }
    );
    // It overlaps the prediction "Obama", which is already paired with "Obama's".
    assert_eq!(
        report.overlap_untyped,
        Score {
            tp: 7,
            fp: 0,
            fn_: 1
        }
    );
}

#[test]
fn uner_style_sentences_are_scored_against_the_lines() {
    // Two gold sentences on two lines; sitrep ends a sentence at the line
    // break (and would after the full stop anyway), so both spans agree.
    let line = serde_json::json!({
        "doc_id": "uner",
        "sent_ids": ["s1", "s2"],
        "text": "I flew to Paris .\nThen I met Obama .",
        "entities": [
            {"start": 10, "end": 15, "text": "Paris", "type": "LOC"},
            {"start": 29, "end": 34, "text": "Obama", "type": "PER"},
        ],
    })
    .to_string();
    let report = evaluate_jsonl(&line, "uner", &EvalOptions::default()).unwrap();
    assert_eq!(report.gold_mentions, 2);
    assert_eq!(report.exact_typed.tp, 2);
    assert_eq!(report.coreference.mentions, 0);
    assert_eq!(report.linking, Score::default());
    assert_eq!(
        report.sentence_boundaries,
        Some(Score {
            tp: 2,
            fp: 0,
            fn_: 0
        })
    );
    assert!(report.to_markdown().contains("not annotated"));
}
