//! `sitrep train syntax`, `sitrep eval syntax` and `sitrep annotate`: the
//! commands of the syntax layer (tagger, lemmatiser, parser).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use sitrep_syntax::clusters::Clusters;
use sitrep_syntax::eval::SyntaxScores;
use sitrep_syntax::train::{TrainConfig, train};
use sitrep_syntax::{SyntaxModel, conllu};

/// A syntax command, with its validated arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SyntaxCommand {
    /// Train the model from a CoNLL-U treebank and write the model file.
    Train {
        /// Training treebank.
        data: PathBuf,
        /// Model file to write.
        out: PathBuf,
        /// Word cluster file.
        clusters: PathBuf,
    },
    /// Score against gold CoNLL-U.
    Eval {
        /// Gold CoNLL-U.
        gold: PathBuf,
        /// Print JSON.
        json: bool,
        /// Score end to end from the text (own sentences and tokens).
        raw: bool,
        /// Model file instead of the built-in one.
        model: Option<PathBuf>,
        /// Analyse without the entity tagger's names (the model alone).
        no_names: bool,
    },
    /// Annotate CoNLL-U (gold tokens) or text/JSONL (own sentences and tokens).
    Annotate {
        /// CoNLL-U input, if given.
        conllu: Option<PathBuf>,
        /// Text or JSONL inputs, if given.
        input: Vec<PathBuf>,
        /// Model file instead of the built-in one.
        model: Option<PathBuf>,
    },
}

fn read(path: &Path) -> Result<Vec<conllu::ConlluSentence>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {} (a UTF-8 CoNLL-U file)", path.display()))?;
    conllu::parse(&text).with_context(|| format!("{} is not valid CoNLL-U", path.display()))
}

fn model(path: Option<&Path>) -> Result<std::borrow::Cow<'static, SyntaxModel>> {
    Ok(match path {
        Some(path) => std::borrow::Cow::Owned(SyntaxModel::load(path)?),
        None => std::borrow::Cow::Borrowed(SyntaxModel::builtin()),
    })
}

fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Runs a syntax command.
pub(crate) fn execute(command: &SyntaxCommand) -> Result<()> {
    match command {
        SyntaxCommand::Train {
            data,
            out,
            clusters,
        } => {
            let treebank = read(data)?;
            let clusters = std::fs::read_to_string(clusters)
                .with_context(|| format!("cannot read {}", clusters.display()))
                .and_then(|text| {
                    Clusters::parse_tsv(&text).with_context(|| {
                        format!("{} is not a word cluster file", clusters.display())
                    })
                })?;
            let config = TrainConfig::default();
            say(&format!(
                "training on {} sentences of {} ({config:?})",
                treebank.len(),
                data.display()
            ));
            let start = Instant::now();
            let (model, report) = train(&treebank, clusters, config);
            let bytes = model.to_bytes();
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let temporary = out.with_extension("bin.tmp");
            std::fs::write(&temporary, &bytes)
                .with_context(|| format!("cannot write {}", temporary.display()))?;
            std::fs::rename(&temporary, out)
                .with_context(|| format!("cannot write {}", out.display()))?;
            let digest = Sha256::digest(&bytes);
            let hex = format!("{digest:x}");
            say(&format!(
                "wrote {} ({} bytes, sha256 {hex}) in {:.0} s: {} sentences, {} tag classes, {} relations, {} tagger and {} parser weights",
                out.display(),
                bytes.len(),
                start.elapsed().as_secs_f64(),
                report.sentences,
                report.tag_classes,
                report.relations,
                report.tagger_weights,
                report.parser_weights,
            ));
            Ok(())
        }
        SyntaxCommand::Eval {
            gold,
            json,
            raw: true,
            model: path,
            no_names,
        } => {
            let gold = read(gold)?;
            let model = model(path.as_deref())?;
            let scores = if *no_names {
                sitrep_syntax::raw::evaluate_raw(&model, &gold, &segment)
            } else {
                sitrep_syntax::raw::evaluate_raw_named(&model, &gold, &segment, tagged_names)
            };
            let text = if *json {
                let mut text = serde_json::to_string_pretty(&scores)?;
                text.push('\n');
                text
            } else {
                raw_markdown(&scores)
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        SyntaxCommand::Eval {
            gold,
            json,
            raw: false,
            model: path,
            no_names,
        } => {
            let gold = read(gold)?;
            let model = model(path.as_deref())?;
            let scores = if *no_names {
                sitrep_syntax::eval::evaluate(&model, &gold)
            } else {
                sitrep_syntax::eval::evaluate_named(&model, &gold, tagged_names)
            };
            let seconds = analysis_seconds(&model, &gold);
            let text = if *json {
                let mut text = serde_json::to_string_pretty(&scores)?;
                text.push('\n');
                text
            } else {
                markdown(&scores, seconds)
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        SyntaxCommand::Annotate {
            conllu: None,
            input,
            model: model_path,
        } => {
            let model = model(model_path.as_deref())?;
            annotate_text(&model, input)
        }
        SyntaxCommand::Annotate {
            conllu: Some(path),
            model: model_path,
            ..
        } => {
            let mut sentences = read(path)?;
            let model = model(model_path.as_deref())?;
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let mut text = String::new();
            for sentence in &mut sentences {
                sitrep_syntax::annotate_conllu_named(&model, sentence, tagged_names);
                text.clear();
                conllu::write_sentence(sentence, &mut text);
                stdout.write_all(text.as_bytes())?;
            }
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Best of five timed passes of tagging, lemmatising and parsing every
/// sentence on this thread (scoring not included).
fn analysis_seconds(model: &SyntaxModel, gold: &[conllu::ConlluSentence]) -> f64 {
    let sentences: Vec<Vec<&str>> = gold.iter().map(conllu::ConlluSentence::forms).collect();
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for words in &sentences {
                std::hint::black_box(model.analyse(words));
            }
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The scores as a Markdown report.
fn markdown(scores: &SyntaxScores, seconds: f64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Syntax on gold tokens\n\n{} sentences, {} words; tagger + lemmatiser + parser at {:.0} words/s on one thread (best of 5 passes).\n",
        scores.sentences,
        scores.words,
        scores.words as f64 / seconds.max(1e-9)
    );
    let _ = writeln!(out, "| measure | % |\n|---|---:|");
    for (name, value) in [
        ("UPOS", scores.upos),
        ("XPOS", scores.xpos),
        ("lemma", scores.lemma),
        ("UAS", scores.uas),
        ("LAS", scores.las),
        ("LAS (with subtypes)", scores.las_full),
    ] {
        let _ = writeln!(out, "| {name} | {value:.2} |");
    }
    let _ = writeln!(
        out,
        "\n| relation | gold | predicted | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|"
    );
    for (name, r) in &scores.relations {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {:.1} | {:.1} | {:.1} |",
            r.gold, r.predicted, r.precision, r.recall, r.f1
        );
    }
    out
}

/// The end-to-end scores as a Markdown report.
fn raw_markdown(scores: &sitrep_syntax::raw::RawScores) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Syntax end to end from raw text\n\n{} documents; spans aligned as in CoNLL 2018.\n\n| measure | gold | system | correct | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|",
        scores.documents
    );
    for (name, f) in [
        ("words", &scores.words),
        ("sentences", &scores.sentences),
        ("UPOS", &scores.upos),
        ("XPOS", &scores.xpos),
        ("lemma", &scores.lemma),
        ("UAS", &scores.uas),
        ("LAS", &scores.las),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {:.2} | {:.2} | {:.2} |",
            f.gold, f.system, f.correct, f.precision, f.recall, f.f1
        );
    }
    out
}

/// An article holding just `text` (for segmenting text that is not from ingest).
fn bare_article(text: &str) -> sitrep_core::tables::Article {
    sitrep_core::tables::Article {
        article_id: "text".into(),
        source_path: String::new(),
        source_format: "text_dump".into(),
        source_line_start: 1,
        source_line_end: 1,
        encoding: "UTF-8".into(),
        outlet: None,
        url: None,
        headline: String::new(),
        published: None,
        published_precision: None,
        published_source: None,
        published_evidence: None,
        captions: vec![],
        caption_credits: vec![],
        text: text.into(),
        body_start: 0,
        word_count: 0,
        duplicate_of: None,
    }
}

/// The pipeline's sentences and tokens of `text`, as byte spans of `text`.
fn segment(text: &str) -> Vec<Vec<(usize, usize)>> {
    let doc = sitrep_normalise::normalise(bare_article(text));
    (0..doc.sentences.len())
        .map(|i| {
            doc.sentence_tokens(i)
                .iter()
                .map(|token| {
                    let span = doc.original_span(token.span);
                    (span.start, span.end)
                })
                .collect()
        })
        .collect()
}

/// `sitrep annotate` on text or JSONL: CoNLL-U with the pipeline's own
/// sentences and tokens (FORM is the original text, the analysis reads the
/// normalised token).
fn annotate_text(model: &SyntaxModel, inputs: &[PathBuf]) -> Result<()> {
    let files = sitrep_ingest::discover(inputs)?;
    let options = sitrep_ingest::IngestOptions::default();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut out = String::new();
    for file in files {
        let outcome = sitrep_ingest::ingest_file(&file, &options);
        for rejected in &outcome.rejected {
            say(&format!(
                "sitrep: skipped {}: {}",
                rejected.source_path, rejected.reason
            ));
        }
        for article in outcome.articles {
            let doc = sitrep_normalise::normalise(article);
            out.clear();
            conllu_of_doc(model, &doc, &mut out);
            stdout.write_all(out.as_bytes())?;
        }
    }
    stdout.flush()?;
    Ok(())
}

/// Appends a document's sentences as CoNLL-U.
fn conllu_of_doc(model: &SyntaxModel, doc: &sitrep_core::Doc, out: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "# newdoc id = {}", doc.article_id());
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        let tokens = doc.sentence_tokens(idx);
        if tokens.is_empty() {
            continue;
        }
        let forms: Vec<&str> = tokens.iter().map(|t| doc.text(t.span)).collect();
        let analysis = model.analyse_sentence_named(&forms, &tagged_names(&forms));
        let text = doc
            .original_text(sentence.span)
            .replace(['\n', '\r', '\t'], " ");
        let _ = writeln!(
            out,
            "# sent_id = {}-{}\n# text = {text}",
            doc.article_id(),
            idx + 1
        );
        for (i, (token, word)) in tokens.iter().zip(&analysis).enumerate() {
            let original = doc.original_span(token.span);
            let form = doc
                .original_text(token.span)
                .replace(['\n', '\r', '\t'], " ");
            let glued = tokens
                .get(i + 1)
                .is_some_and(|next| doc.original_span(next.span).start == original.end);
            let misc = if glued { "SpaceAfter=No" } else { "_" };
            let _ = writeln!(
                out,
                "{}\t{form}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{misc}",
                i + 1,
                word.lemma,
                word.upos,
                word.xpos,
                word.head,
                word.deprel
            );
        }
        out.push('\n');
    }
}

/// The names the entity tagger finds in a sentence's words (persons,
/// organisations, places; not nationalities), which `eval syntax` and
/// `annotate` give the parser as the pipeline gives it the names of its
/// entity layer.
fn tagged_names(words: &[&str]) -> Vec<sitrep_syntax::Name> {
    sitrep_ner::Tagger::builtin()
        .tag(words)
        .into_iter()
        .filter_map(|span| sitrep_syntax::Name::of_entity(span.start, span.end, span.entity_type))
        .collect()
}
