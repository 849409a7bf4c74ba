//! End-to-end tests of the syntax commands: `sitrep annotate` and
//! `sitrep eval syntax` on a small hand-written CoNLL-U file, and the
//! `tokens` table of `sitrep run --tokens`.

use std::path::{Path, PathBuf};

use sitrep_core::tables::{Article, TokenRow};
use sitrep_syntax::conllu::{self, Line};

mod common;
use common::sitrep;

fn small() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../syntax/tests/data/small.conllu")
}

#[test]
fn annotate_round_trips_conllu() {
    let input = std::fs::read_to_string(small()).unwrap();
    let output = sitrep(&["annotate", "--conllu", small().to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let before = conllu::parse(&input).unwrap();
    let after = conllu::parse(&text).unwrap();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        // Comments and multiword lines pass through; words keep ID, FORM, MISC.
        let verbatim = |s: &conllu::ConlluSentence| {
            s.lines
                .iter()
                .filter(|l| !matches!(l, Line::Word(_)))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(verbatim(b), verbatim(a));
        assert_eq!(b.forms(), a.forms());
        for (wb, wa) in b.words.iter().zip(&a.words) {
            assert_eq!((wb.id, &wb.misc, &wb.feats), (wa.id, &wa.misc, &wa.feats));
            assert!(wa.head.is_some() && wa.upos != "_" && wa.deprel != "_");
        }
        // One root per sentence.
        assert_eq!(a.words.iter().filter(|w| w.head == Some(0)).count(), 1);
    }
    // Annotating the output again gives the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let again_path = dir.path().join("again.conllu");
    std::fs::write(&again_path, &text).unwrap();
    let again = sitrep(&["annotate", "--conllu", again_path.to_str().unwrap()]);
    assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
}

#[test]
fn bad_conllu_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.conllu");
    std::fs::write(
        &path,
        "# text = a b\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n2\tb\t_\t_\t1\n",
    )
    .unwrap();
    let output = sitrep(&["annotate", "--conllu", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.conllu is not valid CoNLL-U"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3: expected 10 tab-separated columns, found 5"),
        "{stderr}"
    );
}

#[test]
fn eval_syntax_scores_an_annotated_file_perfectly() {
    // The model's own output as gold: every figure is 100 %.
    let output = sitrep(&["annotate", "--conllu", small().to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.conllu");
    std::fs::write(&gold, &output.stdout).unwrap();
    let output = sitrep(&["eval", "syntax", "--gold", gold.to_str().unwrap(), "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scores["words"], 18);
    for measure in ["upos", "xpos", "lemma", "uas", "las"] {
        assert_eq!(scores[measure], 100.0, "{measure}");
    }
    let output = sitrep(&[
        "eval",
        "syntax",
        "--gold",
        gold.to_str().unwrap(),
        "--raw",
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The tokeniser splits "didn't" and "Iran's" as the gold does.
    assert_eq!(scores["words"]["f1"], 100.0, "{scores}");
    assert_eq!(scores["sentences"]["f1"], 100.0, "{scores}");
}

#[test]
fn run_with_tokens_writes_a_consistent_tokens_table() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let tables = dir.path().join("tables");
    let output = sitrep(&[
        "run",
        "--input",
        repo.join("data/raw").to_str().unwrap(),
        "--out",
        tables.to_str().unwrap(),
        "--reports",
        dir.path().join("reports").to_str().unwrap(),
        "--tokens",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let articles: Vec<Article> = sitrep_store::read_table(&tables).unwrap();
    let tokens: Vec<TokenRow> = sitrep_store::read_table(&tables).unwrap();
    assert!(tokens.len() > 1000, "{} tokens", tokens.len());
    let mut roots = std::collections::BTreeMap::new();
    let mut sizes = std::collections::BTreeMap::new();
    for token in &tokens {
        let article = articles
            .iter()
            .find(|a| a.article_id == token.article_id)
            .unwrap();
        let text: String = article
            .text
            .chars()
            .skip(token.start as usize)
            .take((token.end - token.start) as usize)
            .collect();
        assert_eq!(text, token.text);
        let key = (token.article_id.clone(), token.sentence_idx);
        *sizes.entry(key.clone()).or_insert(0) += 1;
        if token.head.is_none() {
            *roots.entry(key).or_insert(0) += 1;
        }
        assert!(!token.upos.is_empty() && !token.deprel.is_empty());
    }
    // One root per sentence, heads inside their sentence.
    assert_eq!(roots.len(), sizes.len());
    assert!(roots.values().all(|&n| n == 1));
    for token in &tokens {
        let size = sizes[&(token.article_id.clone(), token.sentence_idx)];
        assert!(token.head.is_none_or(|h| (0..size).contains(&h)));
    }
    assert!(
        tokens
            .iter()
            .any(|t| t.deprel == "nsubj" && t.upos == "PROPN")
    );
    // Without --tokens the table is not written.
    let plain = dir.path().join("plain");
    let output = sitrep(&[
        "run",
        "--input",
        repo.join("data/raw").to_str().unwrap(),
        "--out",
        plain.to_str().unwrap(),
        "--reports",
        dir.path().join("reports2").to_str().unwrap(),
    ]);
    assert!(output.status.success());
    assert!(!plain.join("tokens.parquet").exists());
}
