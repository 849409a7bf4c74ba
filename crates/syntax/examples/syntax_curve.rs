//! Learning curve of the syntax model: trains on UD English-EWT train with
//! the given settings and scores EWT dev (gold tokens) after every parser
//! epoch, then writes the final model. For choosing settings; the committed
//! model is built by `sitrep train syntax`.
//!
//! Usage: `syntax_curve [--tagger-epochs N] [--parser-epochs N] [--folds N] [--seed N] [--beam N] [--out FILE] [--predict DEV_OUT]`
//! or `syntax_curve --model FILE [--decode-beam N] [--margins M,M…]` (score a model file on dev).
//! With `--cache FILE` the tagger and the jackknifed parser training tags are
//! kept in FILE (made on the first run) and later runs train the parser only
//! (`--decode-beam N` then also scores the result decoded with another beam).

#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a development tool prints its figures and its errors"
)]

use std::process::ExitCode;
use std::time::Instant;

use sitrep_syntax::clusters::{CLUSTERS_PATH, Clusters};
use sitrep_syntax::train::{TrainConfig, retrain_parser, train_with_progress};
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

/// Cache file: model length (u64 LE), model bytes, then per sentence its
/// length (u32 LE) and tag classes (u16 LE).
fn write_cache(model: &SyntaxModel, tags: &[Vec<u16>]) -> Vec<u8> {
    let bytes = model.to_bytes();
    let mut out = (bytes.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(&bytes);
    for sentence in tags {
        out.extend_from_slice(&(sentence.len() as u32).to_le_bytes());
        for t in sentence {
            out.extend_from_slice(&t.to_le_bytes());
        }
    }
    out
}

fn read_cache(bytes: &[u8]) -> Result<(SyntaxModel, Vec<Vec<u16>>), String> {
    let n = u64::from_le_bytes(bytes[..8].try_into().map_err(|_| "short cache")?) as usize;
    let model = SyntaxModel::from_bytes(&bytes[8..8 + n]).map_err(|e| e.to_string())?;
    let mut at = 8 + n;
    let mut tags = Vec::new();
    while at < bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().map_err(|_| "short")?) as usize;
        at += 4;
        let sentence = (0..len)
            .map(|i| u16::from_le_bytes([bytes[at + 2 * i], bytes[at + 2 * i + 1]]))
            .collect();
        at += 2 * len;
        tags.push(sentence);
    }
    Ok((model, tags))
}

fn main() -> ExitCode {
    let mut config = TrainConfig::default();
    let mut out = None;
    let mut predict = None;
    let mut eval_only = None;
    let mut decode_beam = None;
    let mut margins: Vec<i64> = Vec::new();
    let mut cache: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        let number = value.parse::<usize>();
        match (flag.as_str(), number) {
            ("--tagger-epochs", Ok(n)) => config.tagger_epochs = n,
            ("--parser-epochs", Ok(n)) => config.parser_epochs = n,
            ("--folds", Ok(n)) => config.folds = n,
            ("--seed", Ok(n)) => config.seed = n as u64,
            ("--beam", Ok(n)) => config.beam = n,
            ("--decode-beam", Ok(n)) => decode_beam = Some(n),
            ("--margins", _) => {
                margins = value.split(',').filter_map(|m| m.parse().ok()).collect();
            }
            ("--cache", _) => cache = Some(value),
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
            let mut model =
                SyntaxModel::load(std::path::Path::new(&path)).map_err(|e| e.to_string())?;
            if let Some(b) = decode_beam {
                model.set_parser_beam(b);
            }
            line("model", &model, &dev, Instant::now());
            if let Some(path) = &predict {
                let mut annotated = dev.clone();
                for sentence in &mut annotated {
                    sitrep_syntax::annotate_conllu(&model, sentence);
                }
                std::fs::write(path, conllu::write(&annotated))
                    .map_err(|e| format!("{path}: {e}"))?;
            }
            for &m in &margins {
                model.set_parser_margin(m);
                line(&format!("margin {m}"), &model, &dev, Instant::now());
            }
            return Ok(());
        }
        if let Some(path) = &cache {
            // Cached base model and jackknifed tags: train the parser only.
            let (model, tags) = if let Ok(bytes) = std::fs::read(path) {
                read_cache(&bytes)?
            } else {
                let text = std::fs::read_to_string(CLUSTERS_PATH)
                    .map_err(|e| format!("cannot read {CLUSTERS_PATH}: {e}"))?;
                let clusters = Clusters::parse_tsv(&text).map_err(|e| e.to_string())?;
                let only_tags = TrainConfig {
                    parser_epochs: 0,
                    ..config
                };
                let (base, _) = sitrep_syntax::train::train(&train, clusters, only_tags);
                let (base, tags) = retrain_parser(&train, &base, only_tags, None, &mut |_, _| {});
                std::fs::write(path, write_cache(&base, &tags))
                    .map_err(|e| format!("{path}: {e}"))?;
                (base, tags)
            };
            println!("{config:?} (parser only, cached tagger and tags)");
            let start = Instant::now();
            let (mut model, _) =
                retrain_parser(&train, &model, config, Some(tags), &mut |epoch, model| {
                    line(&format!("epoch {}", epoch + 1), model, &dev, start);
                });
            line("final", &model, &dev, start);
            if let Some(b) = decode_beam {
                model.set_parser_beam(b);
                line(&format!("decode {b}"), &model, &dev, start);
            }
            if let Some(out) = out {
                std::fs::write(&out, model.to_bytes()).map_err(|e| format!("{out}: {e}"))?;
            }
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
