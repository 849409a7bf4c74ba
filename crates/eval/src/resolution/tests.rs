//! Hand-worked examples of the coreference buckets and the linking counts,
//! and one run through the real pipeline.

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn gold(start: usize, eid: &str, wikidata: Option<&str>) -> GoldMention {
    GoldMention {
        start,
        end: start + 1,
        entity_type: "person".to_owned(),
        proper: true,
        eid: Some(eid.to_owned()),
        wikidata: wikidata.map(str::to_owned),
    }
}

fn predicted(start: usize, entity_id: &str, kb_id: Option<&str>) -> PredictedMention {
    PredictedMention {
        start,
        end: start + 1,
        entity_type: Some("person"),
        label: "PERSON".to_owned(),
        entity_id: Some(entity_id.to_owned()),
        kb_id: kb_id.map(str::to_owned),
        anaphoric: false,
    }
}

/// One document "abcdef": each letter is one mention; `matched[i]` pairs
/// gold `i` with a prediction or with nothing.
fn document<'a>(
    gold: &'a [GoldMention],
    matched: Vec<Option<&'a PredictedMention>>,
) -> Aligned<'a> {
    Aligned {
        name: "doc".to_owned(),
        chars: "abcdef".chars().collect(),
        gold: gold.iter().collect(),
        matched,
        predicted: Vec::new(),
    }
}

#[test]
fn missed_split_and_merged_links_fall_in_their_buckets() {
    // Gold: A = {a, b, c}, B = {d, e}, C = {f}. Predicted: a, b, e in X;
    // d in Y; c and f missed.
    let gold_mentions = [
        gold(0, "A", None),
        gold(1, "A", None),
        gold(2, "A", None),
        gold(3, "B", None),
        gold(4, "B", None),
        gold(5, "C", None),
    ];
    let (a, b, d, e) = (
        predicted(0, "X", None),
        predicted(1, "X", None),
        predicted(3, "Y", None),
        predicted(4, "X", None),
    );
    let aligned = [document(
        &gold_mentions,
        vec![Some(&a), Some(&b), None, Some(&d), Some(&e), None],
    )];
    let report = coref_report("mem", EvalOptions::default(), &aligned);
    assert_eq!(
        (
            report.gold_mentions,
            report.gold_entities,
            report.gold_chains
        ),
        (6, 3, 2)
    );
    assert_eq!(report.matched_mentions, 4);
    let errors = &report.errors;
    assert_eq!((errors.missed_in_chains, errors.missed_singletons), (1, 1));
    assert_eq!(errors.missed[0].text, "c");
    // B is split between Y and X; X merges A and B.
    assert_eq!(errors.split_links, 1);
    assert_eq!(
        errors.splits[0].parts,
        [vec!["e".to_owned()], vec!["d".to_owned()]]
    );
    assert_eq!(errors.merge_links, 1);
    assert_eq!(errors.merges[0].parts.len(), 2);

    // End to end, clusters X = {a, b, e}, Y = {d}, {c}, {f}.
    // B³ precision: a 2/3, b 2/3, e 1/3, d 1, c 1, f 1 → (14/3)/6 = 7/9.
    // B³ recall: a 2/3, b 2/3, c 1/3, d 1/2, e 1/2, f 1 → (11/3)/6 = 11/18.
    let e2e = report.end_to_end;
    assert!(close(e2e.b_cubed.precision, 7.0 / 9.0));
    assert!(close(e2e.b_cubed.recall, 11.0 / 18.0));
    // MUC recall: A split in 2 → 1 of 2, B split in 2 → 0 of 1: 1/3.
    // MUC precision: X holds 2 gold parts → 1 of 2; Y and the singletons add 0: 1/2.
    assert!(close(e2e.muc.recall, 1.0 / 3.0));
    assert!(close(e2e.muc.precision, 0.5));
    // Matched only: A = {a, b}, B = {d, e}; X = {a, b, e}, Y = {d}.
    // B³ precision a 2/3, b 2/3, e 1/3, d 1 → 2/3; recall a 1, b 1, d 1/2, e 1/2 → 3/4.
    let matched = report.matched_only;
    assert!(close(matched.b_cubed.precision, 2.0 / 3.0));
    assert!(close(matched.b_cubed.recall, 0.75));
    let markdown = report.to_markdown();
    assert!(
        markdown.contains("| links lost by splits | 1 |"),
        "{markdown}"
    );
    assert!(markdown.contains("- doc: e  ‖  d"), "{markdown}");
}

#[test]
fn links_are_correct_wrong_unlinked_missed_or_without_gold_id() {
    let gold_mentions = [
        gold(0, "A", Some("Q1")),
        gold(1, "A", Some("Q1")),
        gold(2, "B", Some("Q2")),
        gold(3, "B", Some("Q2")),
        gold(4, "C", None),
        gold(5, "D", Some("Q4")),
    ];
    let predictions = [
        predicted(0, "X", Some("Q1")),
        predicted(1, "Z", None),
        predicted(2, "Y", Some("Q3")),
        predicted(4, "W", Some("Q7")),
        predicted(5, "V", Some("geonames:1")),
    ];
    let [first, second, third, fifth, sixth] = &predictions;
    let aligned = [document(
        &gold_mentions,
        vec![
            Some(first),
            Some(second),
            Some(third),
            None,
            Some(fifth),
            Some(sixth),
        ],
    )];
    let report = link_report("mem", EvalOptions::default(), &aligned);
    assert_eq!(report.gold_ids, 5);
    assert_eq!(
        (report.correct, report.wrong, report.unlinked, report.missed),
        (1, 1, 2, 1)
    );
    assert_eq!(report.linked_without_gold_id, 1);
    // Precision 1 / (1 + 1); recall 1 / 5.
    assert!(close(report.score.precision(), 0.5));
    assert!(close(report.score.recall(), 0.2));
    let kinds: Vec<&str> = report.errors.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        ["unlinked", "wrong", "missed", "no_gold_id", "unlinked"]
    );
    assert_eq!(report.errors[4].predicted.as_deref(), Some("geonames:1"));
}

#[test]
fn the_hand_made_document_through_the_pipeline() {
    let gold_file = crate::tests::gold_line();
    let report = evaluate_coref_jsonl(&gold_file, "hand-made", &EvalOptions::default()).unwrap();
    // Obama ×3, Kenya ×2, the United Nations, France: all found and grouped.
    assert_eq!((report.gold_mentions, report.gold_chains), (7, 2));
    assert_eq!(report.matched_mentions, 7);
    assert!(close(report.end_to_end.b_cubed.f1, 1.0));
    assert_eq!(report.errors, CorefErrors::default());
    let link = evaluate_link_jsonl(&gold_file, "hand-made", &EvalOptions::default()).unwrap();
    // As in the mentions report: all seven right (Kenya and France through
    // the Wikidata items recorded for their GeoNames entries).
    assert_eq!((link.gold_ids, link.correct, link.unlinked), (7, 7, 0));
}
