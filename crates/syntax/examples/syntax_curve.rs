//! Learning curve of the syntax model: trains on UD English-EWT train with
//! the given settings and scores EWT dev (gold tokens) after every parser
//! epoch, then writes the final model. For choosing settings; the committed
//! model is built by `sitrep train syntax`.
//!
//! Usage: `syntax_curve [--tagger-epochs N] [--parser-epochs N] [--folds N] [--seed N] [--out FILE] [--predict DEV_OUT]`
//! or `syntax_curve --model FILE` (score a model file on dev)

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a development tool prints its figures and its errors"
)]

use std::process::ExitCode;
use std::time::Instant;

use sitrep_syntax::clusters::{CLUSTERS_PATH, Clusters};
use sitrep_syntax::train::{TrainConfig, train_with_progress};
use sitrep_syntax::{SyntaxModel, conllu, eval};

const TRAIN: &str = "../shared/data/train/ud_en_ewt/en_ewt-ud-train.conllu";
const DEV: &str = "../shared/data/train/ud_en_ewt/en_ewt-ud-dev.conllu";

fn read(path: &str) -> Result<Vec<conllu::ConlluSentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    conllu::parse(&text).map_err(|e| format!("{path}: {e}"))
}

fn line(name: &str, model: &SyntaxModel, dev: &[conllu::ConlluSentence], start: Instant) {
    let s = eval::evaluate(model, dev);
    println!(
        "{name:<10} UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}  ({:.0} s)",
        s.upos,
        s.xpos,
        s.lemma,
        s.uas,
        s.las,
        start.elapsed().as_secs_f64()
    );
}

fn main() -> ExitCode {
    let mut config = TrainConfig::default();
    let mut out = None;
    let mut predict = None;
    let mut eval_only = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        let number = value.parse::<usize>();
        match (flag.as_str(), number) {
            ("--tagger-epochs", Ok(n)) => config.tagger_epochs = n,
            ("--parser-epochs", Ok(n)) => config.parser_epochs = n,
            ("--folds", Ok(n)) => config.folds = n,
            ("--seed", Ok(n)) => config.seed = n as u64,
            ("--out", _) => out = Some(value),
            ("--predict", _) => predict = Some(value),
            ("--model", _) => eval_only = Some(value),
            _ => {
                eprintln!("syntax_curve: bad argument {flag} {value}");
                return ExitCode::from(2);
            }
        }
    }
    let run = || -> Result<(), String> {
        let train = read(TRAIN)?;
        let dev = read(DEV)?;
        if let Some(path) = eval_only {
            let model =
                SyntaxModel::load(std::path::Path::new(&path)).map_err(|e| e.to_string())?;
            line("model", &model, &dev, Instant::now());
            return Ok(());
        }
        let text = std::fs::read_to_string(CLUSTERS_PATH)
            .map_err(|e| format!("cannot read {CLUSTERS_PATH}: {e}"))?;
        let clusters = Clusters::parse_tsv(&text).map_err(|e| e.to_string())?;
        println!("{config:?}");
        let start = Instant::now();
        let (model, _) = train_with_progress(&train, clusters, config, &mut |epoch, model| {
            line(&format!("epoch {}", epoch + 1), model, &dev, start);
        });
        line("final", &model, &dev, start);
        if let Some(path) = predict {
            let mut annotated = dev.clone();
            for sentence in &mut annotated {
                sitrep_syntax::annotate_conllu(&model, sentence);
            }
            std::fs::write(&path, conllu::write(&annotated)).map_err(|e| format!("{path}: {e}"))?;
        }
        if let Some(out) = out {
            std::fs::write(&out, model.to_bytes()).map_err(|e| format!("{out}: {e}"))?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("syntax_curve: {error}");
            ExitCode::FAILURE
        }
    }
}
