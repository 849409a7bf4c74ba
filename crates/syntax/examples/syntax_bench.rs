//! `just bench-syntax`: words per second of the tagger alone, the parser
//! alone and both (tagger + lemmatiser + parser), one thread, median of
//! several passes over the words of a CoNLL-U file (UD English-EWT dev by default).
//!
//! Usage: `syntax_bench [--gold FILE] [--runs N] [--model FILE [--decode-beam N] [--margin M]]`

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a bench prints its figures and its errors"
)]

use std::path::PathBuf;
use std::process::ExitCode;

use sitrep_syntax::{SyntaxModel, bench, conllu};

const DEFAULT_GOLD: &str = "../shared/data/train/ud_en_ewt/en_ewt-ud-dev.conllu";

fn main() -> ExitCode {
    let mut gold = PathBuf::from(DEFAULT_GOLD);
    let mut runs = 5;
    let mut model_path = None;
    let mut decode_beam: Option<usize> = None;
    let mut margin: Option<i64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next();
        match (flag.as_str(), value) {
            ("--gold", Some(v)) => gold = v.into(),
            ("--runs", Some(v)) if v.parse::<usize>().is_ok() => runs = v.parse().unwrap_or(5),
            ("--model", Some(v)) => model_path = Some(PathBuf::from(v)),
            ("--decode-beam", Some(v)) if v.parse::<usize>().is_ok() => {
                decode_beam = v.parse().ok();
            }
            ("--margin", Some(v)) if v.parse::<i64>().is_ok() => margin = v.parse().ok(),
            (other, _) => {
                eprintln!(
                    "syntax_bench: bad argument {other} (usage: [--gold FILE] [--runs N] [--model FILE [--decode-beam N] [--margin M]])"
                );
                return ExitCode::from(2);
            }
        }
    }
    let text = match std::fs::read_to_string(&gold) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("syntax_bench: cannot read {}: {error}", gold.display());
            return ExitCode::from(1);
        }
    };
    let treebank = match conllu::parse(&text) {
        Ok(treebank) => treebank,
        Err(error) => {
            eprintln!(
                "syntax_bench: {} is not valid CoNLL-U: {error}",
                gold.display()
            );
            return ExitCode::from(1);
        }
    };
    let owned;
    let model = match model_path {
        Some(path) => match SyntaxModel::load(&path) {
            Ok(mut model) => {
                if let Some(b) = decode_beam {
                    model.set_parser_beam(b);
                }
                if let Some(m) = margin {
                    model.set_parser_margin(m);
                }
                owned = model;
                &owned
            }
            Err(error) => {
                eprintln!("syntax_bench: {error}");
                return ExitCode::from(1);
            }
        },
        None => SyntaxModel::builtin(),
    };
    let sentences: Vec<Vec<&str>> = treebank
        .iter()
        .map(conllu::ConlluSentence::forms)
        .filter(|forms| !forms.is_empty())
        .collect();
    let speed = bench::measure(model, &sentences, runs);
    println!(
        "syntax speed, one thread, {} words of {}, median of {} passes ({}):",
        speed.words,
        gold.display(),
        speed.runs,
        if speed.cpu_time {
            "thread CPU time"
        } else {
            "wall time"
        }
    );
    for (name, stage) in [
        ("tagger", speed.tagger),
        ("parser", speed.parser),
        ("tagger + lemmatiser + parser", speed.both),
    ] {
        println!(
            "  {name:<30} {:>10.0} words/s  ({:.3} s per pass)",
            stage.words_per_second, stage.seconds
        );
    }
    ExitCode::SUCCESS
}
