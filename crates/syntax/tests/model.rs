//! The committed model on hand-checked sentences, and reproducible training.

#![expect(clippy::print_stderr, reason = "tests say why they skip")]

use std::path::Path;

use sitrep_syntax::train::{TrainConfig, train};
use sitrep_syntax::{SyntaxModel, conllu};

const TRAIN: &str = "../../../shared/data/train/ud_en_ewt/en_ewt-ud-train.conllu";

#[test]
fn builtin_model_tags_and_parses_a_news_sentence() {
    let model = SyntaxModel::builtin();
    let words = [
        "The", "army", "said", "it", "had", "fired", "rockets", "at", "the", "base", ".",
    ];
    let analysis = model.analyse(&words);
    let upos: Vec<&str> = analysis.iter().map(|w| w.upos).collect();
    assert_eq!(
        upos,
        [
            "DET", "NOUN", "VERB", "PRON", "AUX", "VERB", "NOUN", "ADP", "DET", "NOUN", "PUNCT"
        ]
    );
    let xpos: Vec<&str> = analysis.iter().map(|w| w.xpos).collect();
    assert_eq!(
        xpos,
        [
            "DT", "NN", "VBD", "PRP", "VBD", "VBN", "NNS", "IN", "DT", "NN", "."
        ]
    );
    // Written out by hand following the UD English guidelines.
    let tree: Vec<(usize, &str)> = analysis.iter().map(|w| (w.head, w.deprel)).collect();
    assert_eq!(
        tree,
        [
            (2, "det"),
            (3, "nsubj"),
            (0, "root"),
            (6, "nsubj"),
            (6, "aux"),
            (3, "ccomp"),
            (6, "obj"),
            (10, "case"),
            (10, "det"),
            (6, "obl"),
            (3, "punct"),
        ]
    );
    let lemmas: Vec<&str> = analysis.iter().map(|w| w.lemma.as_ref()).collect();
    assert_eq!(
        lemmas,
        [
            "the", "army", "say", "it", "have", "fire", "rocket", "at", "the", "base", "."
        ]
    );
}

#[test]
fn empty_sentence_gives_nothing() {
    assert!(SyntaxModel::builtin().analyse(&[]).is_empty());
}

#[test]
fn training_twice_gives_identical_bytes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(TRAIN);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let mut treebank = conllu::parse(&text).unwrap();
    treebank.truncate(300);
    let config = TrainConfig {
        tagger_epochs: 2,
        parser_epochs: 2,
        folds: 2,
        seed: 7,
    };
    let (first, report) = train(&treebank, config);
    let (second, _) = train(&treebank, config);
    assert_eq!(report.sentences, 300);
    let bytes = first.to_bytes();
    assert_eq!(bytes, second.to_bytes());
    // And the bytes read back into the same model.
    let read = SyntaxModel::from_bytes(&bytes).unwrap();
    assert_eq!(read.to_bytes(), bytes);
    assert!(SyntaxModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
}
