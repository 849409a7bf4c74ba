//! `sitrep train ner` and `sitrep eval ner`.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use sitrep_extract::mentions::{MentionFinder, MentionSource};
use sitrep_ner::{Tagger, TrainOptions};
use tracing::info;

use crate::cli::{NerMatch, NerSource, Settings};

/// Trains the tagger from `settings.inputs[0]` and writes the model to
/// `settings.model` (through a temporary file, renamed).
pub(crate) fn train(settings: &Settings, options: &TrainOptions) -> Result<()> {
    let data = &settings.inputs[0];
    let path = settings
        .model
        .as_deref()
        .unwrap_or(Path::new("data/models/ner.bin"));
    let started = Instant::now();
    let (model, stats) = sitrep_ner::train_from_dir(data, options, |epoch| {
        info!(
            epoch = epoch.epoch,
            token_errors = epoch.token_errors,
            tokens = epoch.tokens,
            seconds = started.elapsed().as_secs_f64(),
            "epoch"
        );
    })
    .map_err(|e| anyhow!(e))?;
    info!(
        documents = stats.documents,
        non_commercial_skipped = stats.non_commercial,
        sentences = stats.sentences,
        tokens = stats.tokens,
        names = ?stats.names,
        dropped = stats.dropped,
        misaligned = stats.misaligned,
        "training data"
    );
    let bytes = model.to_bytes();
    let tmp = path.with_extension("bin.tmp");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    info!(
        path = %path.display(),
        bytes = bytes.len(),
        weights = model.weight_count(),
        seconds = started.elapsed().as_secs_f64(),
        "model written"
    );
    Ok(())
}

/// Scores the mention stage on `settings.inputs[0]`.
pub(crate) fn eval(
    settings: &Settings,
    matching: NerMatch,
    source: NerSource,
) -> Result<sitrep_eval::NerReport> {
    let tagger: &'static Tagger = match &settings.model {
        Some(path) => Box::leak(Box::new(Tagger::load(path).map_err(|e| anyhow!(e))?)),
        None => Tagger::builtin(),
    };
    let source = match source {
        NerSource::Combined => MentionSource::Combined,
        NerSource::Tagger => MentionSource::Tagger,
        NerSource::Rules => MentionSource::Rules,
    };
    let matching = match matching {
        NerMatch::Exact => sitrep_eval::MatchMode::Exact,
        NerMatch::Overlap => sitrep_eval::MatchMode::Overlap,
    };
    let gold = &settings.inputs[0];
    let jsonl = std::fs::read_to_string(gold)
        .with_context(|| format!("cannot read gold file {}", gold.display()))?;
    Ok(sitrep_eval::evaluate_ner(
        &jsonl,
        &gold.display().to_string(),
        matching,
        &MentionFinder::with(source, tagger),
    )?)
}
