//! sitrep's named-entity tagger: PERSON, ORG, GPE, LOC, FAC and NORP names
//! in a sentence's tokens, learned from annotated text.
//!
//! The model is a structured averaged perceptron ([`train`]) over hashed
//! features ([`features`]) of each token and its neighbours, including
//! knowledge-base membership ([`Gazetteer`]), with BILOU labels ([`labels`])
//! decoded by Viterbi under the BILOU constraints ([`model`]). It is trained
//! by `sitrep train ner` from the files listed in [`TRAINING_FILES`] (see
//! [`corpus`] for how their annotations become name spans), and the
//! committed model `data/models/ner.bin` is compiled into the binary and
//! decoded once per run ([`Tagger::builtin`]).
//!
//! ```
//! use sitrep_ner::Tagger;
//! let tagger = Tagger::builtin();
//! let tokens = ["Prime", "Minister", "Mohammed", "Shia", "al", "-", "Sudani", "visited", "Tehran", "."];
//! let names: Vec<(String, &str)> = tagger
//!     .tag(&tokens)
//!     .into_iter()
//!     .map(|s| (tokens[s.start..s.end].join(" "), s.entity_type.label()))
//!     .collect();
//! assert!(names.contains(&("Tehran".to_owned(), "GPE")));
//! ```
//!
//! Known misses: the model sees one sentence at a time, so a name's type can
//! differ between sentences (the mentions stage makes it consistent per
//! article); nested names are not found (only the outer one); names never
//! seen and without capitals are rarely found.

pub mod corpus;
pub mod features;
pub mod gazetteer;
pub mod labels;
pub mod model;
pub mod train;

use std::path::Path;
use std::sync::OnceLock;

pub use corpus::{CorpusError, CorpusStats};
pub use gazetteer::{Gazetteer, GazetteerTag};
pub use labels::{Label, TokenSpan};
pub use model::{Model, ModelError};
pub use train::{EpochReport, Sentence, TrainOptions};

/// The committed model.
const BUILTIN_MODEL: &[u8] = include_bytes!("../../../data/models/ner.bin");

/// Training files, relative to the training-data directory
/// (`../shared/data/train`), in the order they are read.
pub const TRAINING_FILES: [&str; 2] = ["gum_other.jsonl", "uner_en_ewt_train.jsonl"];

/// A model with its gazetteer: tags token sequences.
#[derive(Debug, Clone)]
pub struct Tagger {
    model: Model,
    gazetteer: Gazetteer,
}

/// Reusable buffers for [`Tagger::tag_into`].
#[derive(Debug, Default)]
pub struct Scratch {
    features: Vec<u32>,
    scores: Vec<i32>,
}

impl Tagger {
    /// A tagger from a model and the gazetteer it was trained with.
    #[must_use]
    pub fn new(model: Model, gazetteer: Gazetteer) -> Self {
        Self { model, gazetteer }
    }

    /// The committed model (`data/models/ner.bin`) with the built-in
    /// knowledge base, decoded on first use.
    ///
    /// # Panics
    /// If the committed model does not decode, which a unit test rules out.
    #[must_use]
    pub fn builtin() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| {
            let model = Model::from_bytes(BUILTIN_MODEL).expect("data/models/ner.bin decodes");
            Tagger::new(model, Gazetteer::builtin().clone())
        })
    }

    /// A tagger from a model file, with the built-in knowledge base.
    pub fn load(path: &Path) -> Result<Self, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let model = Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self::new(model, Gazetteer::builtin().clone()))
    }

    /// The model.
    #[must_use]
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The names in one sentence's tokens.
    #[must_use]
    pub fn tag(&self, tokens: &[&str]) -> Vec<TokenSpan> {
        let mut scratch = Scratch::default();
        let mut spans = Vec::new();
        self.tag_into(tokens, &mut scratch, &mut spans);
        spans
    }

    /// Like [`Tagger::tag`], appending to `out` and reusing `scratch`.
    pub fn tag_into(&self, tokens: &[&str], scratch: &mut Scratch, out: &mut Vec<TokenSpan>) {
        if tokens.is_empty() {
            return;
        }
        scratch.features.clear();
        features::extract(
            tokens,
            &self.gazetteer,
            self.model.bits,
            &mut scratch.features,
        );
        self.model.emissions(&scratch.features, &mut scratch.scores);
        let labels = self.model.decode(&scratch.scores);
        out.extend(labels::decode(&labels));
    }
}

/// Reads the training files from `dir` and trains a model; `progress` hears
/// about each epoch. Returns the model and what the data gave.
pub fn train_from_dir(
    dir: &Path,
    options: &TrainOptions,
    progress: impl FnMut(EpochReport),
) -> Result<(Model, CorpusStats), String> {
    let kb = sitrep_core::KnowledgeBase::builtin();
    let mut stats = CorpusStats::default();
    let mut sentences = Vec::new();
    for file in TRAINING_FILES {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read training file {}: {e} (the training data lives in ../shared/data/train; pass --data DIR)",
                path.display()
            )
        })?;
        let read = corpus::read_jsonl(&text, &path.display().to_string(), kb, &mut stats)
            .map_err(|e| e.to_string())?;
        sentences.extend(read);
    }
    let model = train::train(&sentences, Gazetteer::builtin(), options, progress);
    Ok((model, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Training twice on a small slice of the real training data gives the
    /// same bytes (skipped when `../shared/data/train` is absent).
    #[test]
    #[expect(clippy::print_stderr, reason = "a skipped test says why")]
    fn training_on_a_slice_is_reproducible() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/train");
        let Ok(uner) = std::fs::read_to_string(dir.join("uner_en_ewt_train.jsonl")) else {
            eprintln!("skipped: training data not found at {}", dir.display());
            return;
        };
        let slice: String = uner.lines().take(40).collect::<Vec<_>>().join("\n");
        let kb = sitrep_core::KnowledgeBase::builtin();
        let mut stats = CorpusStats::default();
        let sentences = corpus::read_jsonl(&slice, "uner_en_ewt_train.jsonl", kb, &mut stats)
            .expect("slice reads");
        assert!(
            stats.sentences > 100 && stats.names.iter().sum::<usize>() > 50,
            "{stats:?}"
        );
        let options = TrainOptions {
            epochs: 2,
            bits: 16,
            seed: 1,
        };
        let first = train::train(&sentences, Gazetteer::builtin(), &options, |_| {}).to_bytes();
        let second = train::train(&sentences, Gazetteer::builtin(), &options, |_| {}).to_bytes();
        assert!(first == second, "two trainings differ");
    }

    #[test]
    fn the_committed_model_decodes() {
        let tagger = Tagger::builtin();
        assert!(tagger.model().weight_count() > 0);
        assert!(tagger.tag(&[]).is_empty());
    }
}
