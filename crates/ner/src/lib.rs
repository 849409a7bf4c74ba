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
//! The model decodes one sentence at a time, but its features also see how
//! each word is written elsewhere in the article ([`DocContext`]: in lower
//! case, capitalised inside a sentence, next to another capitalised word),
//! so `Montalvo was charged` is read in the light of `Daniel Montalvo, 19,`.
//! Given-name and surname lists are features too. [`Tagger::tag_document`]
//! keeps, per thread ([`Scratch`]), the summed weights of each word type's
//! single-word features, so a frequent word costs one hash lookup.
//!
//! Known misses: a name's type can differ between sentences (the mentions
//! stage makes it consistent per article); nested names are not found (only
//! the outer one); names never seen and without capitals are rarely found.

pub mod corpus;
mod emission;
pub mod features;
pub mod gazetteer;
pub mod labels;
pub mod model;
pub mod train;

use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use sitrep_core::FastMap;

pub use corpus::{CorpusError, CorpusStats};
pub use features::{DocContext, given_name_band};
pub use gazetteer::{Gazetteer, GazetteerTag};
pub use labels::{LABELS, Label, TokenSpan};
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
    /// Summed rows of the model's small-domain templates.
    tables: emission::Tables,
    /// Tells the [`Scratch`] caches of different taggers apart.
    id: u64,
}

/// Word types remembered by a [`Scratch`] before it starts afresh (each
/// takes about 850 bytes: at most about 26 MB per thread).
const CACHED_TYPES: usize = 30_000;

/// Score vectors kept per word type: one per window position, then the
/// word's prose sum (see [`emission`]).
const SUMS_PER_TYPE: usize = features::WINDOW.len() + 1;

/// Reusable buffers for [`Tagger::tag_document`], and a cache of what each
/// word type contributes to the scores: the summed weights of the
/// single-word templates for the word at each position of the window, so a
/// frequent word costs one hash lookup instead of
/// [`features::SINGLE`] row lookups, and the word's share of the combined
/// templates (see the private `emission` module). One per thread; results do not depend on
/// what the cache holds.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The tagger the cache was filled for (0: none).
    tagger: u64,
    /// Entry number of each cached word type of up to 15 bytes, by its
    /// [`short_key`], so most lookups compare two integers.
    short_index: FastMap<u128, u32>,
    /// Entry number of each longer cached word type.
    long_index: FastMap<Box<str>, u32>,
    /// Outline of each entry.
    words: Vec<features::Outline>,
    /// Whether a knowledge-base key can start with each entry.
    starts_key: Vec<bool>,
    /// Per entry, one score vector per window position, then its prose sum
    /// ([`SUMS_PER_TYPE`]).
    sums: Vec<emission::Scores>,
    /// Per entry, the last document value (plus one) it was scored with and
    /// the weights of its document-value row ([`emission::DOC_WORD`]).
    doc_rows: Vec<(u64, emission::Scores)>,
    /// Score vectors of the word outside the sentence, per window position.
    boundary: Vec<emission::Scores>,
    /// Entry of each token of the document.
    entries: Vec<u32>,
    /// Outlines of the current sentence's words.
    sentence_words: Vec<features::Outline>,
    /// Document values of the current sentence.
    doc_values: Vec<u8>,
    /// Gazetteer values of the current sentence.
    gazetteer_values: Vec<u64>,
    /// Run values of the current sentence.
    run_values: Vec<[u64; 3]>,
    /// Whether a knowledge-base key can start at each token of the current
    /// sentence.
    sentence_starts: Vec<bool>,
    /// Capitalisation style of each sentence of the document.
    styles: Vec<u64>,
    /// Rows being summed.
    rows: Vec<u32>,
    /// Rows still to be added to the current sentence's scores: (token,
    /// row).
    lookups: Vec<(u32, u32)>,
    scores: Vec<i32>,
    context: DocContext,
}

impl Scratch {
    /// Empties the cache when it belongs to another tagger or is full.
    fn prepare(&mut self, tagger: &Tagger) {
        if self.tagger != tagger.id || self.words.len() > CACHED_TYPES {
            self.short_index.clear();
            self.long_index.clear();
            self.words.clear();
            self.starts_key.clear();
            self.sums.clear();
            self.doc_rows.clear();
            self.boundary.clear();
            self.word_sums(tagger, &features::BOUNDARY_WORD);
            // The boundary word is never the token itself.
            let boundary = self.sums.drain(..).take(features::WINDOW.len());
            self.boundary
                .extend(boundary.enumerate().map(|(slot, sum)| {
                    if features::WINDOW[slot] == 0 {
                        [0; LABELS]
                    } else {
                        sum
                    }
                }));
            self.tagger = tagger.id;
        }
    }

    /// Appends to `sums` the [`SUMS_PER_TYPE`] score vectors of `word`: the
    /// summed weights of the single-word templates reading it at each
    /// window position, then its prose sum. The rows are looked up in one
    /// batch ([`Model::add_rows`]).
    fn word_sums(&mut self, tagger: &Tagger, word: &features::Word) {
        self.lookups.clear();
        for (slot, &position) in features::WINDOW.iter().enumerate() {
            self.rows.clear();
            features::single_rows(word, position, tagger.model.bits, &mut self.rows);
            self.lookups
                .extend(self.rows.iter().map(|&row| (slot as u32, row)));
        }
        let prose = features::WINDOW.len() as u32;
        self.lookups.extend(
            emission::word_prose_rows(&tagger.model, &word.outline()).map(|row| (prose, row)),
        );
        let first = self.sums.len();
        self.sums.resize(first + SUMS_PER_TYPE, [0; LABELS]);
        tagger
            .model
            .add_rows(&self.lookups, self.sums[first..].as_flattened_mut());
    }

    /// The cache entry of `token`, added when new.
    fn entry(&mut self, tagger: &Tagger, token: &str) -> u32 {
        let short = short_key(token);
        let found = match short {
            Some(key) => self.short_index.get(&key),
            None => self.long_index.get(token),
        };
        if let Some(&entry) = found {
            return entry;
        }
        let word = features::word(token);
        let entry = self.words.len() as u32;
        self.words.push(word.outline());
        self.starts_key.push(tagger.gazetteer.starts_key(token));
        self.word_sums(tagger, &word);
        self.doc_rows.push((0, [0; LABELS]));
        match short {
            Some(key) => self.short_index.insert(key, entry),
            None => self.long_index.insert(token.into(), entry),
        };
        entry
    }
}

/// A token of up to 15 bytes as one integer: its bytes, zero-padded, and
/// its length in the last byte (so no two tokens share a key); `None` for
/// longer tokens.
fn short_key(token: &str) -> Option<u128> {
    let bytes = token.as_bytes();
    if bytes.len() > 15 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(key))
}

impl Tagger {
    /// A tagger from a model and the gazetteer it was trained with.
    #[must_use]
    pub fn new(model: Model, gazetteer: Gazetteer) -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Self {
            tables: emission::Tables::new(&model),
            model,
            gazetteer,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
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

    /// The names in one sentence's tokens, the sentence taken as the whole
    /// document.
    #[must_use]
    pub fn tag(&self, tokens: &[&str]) -> Vec<TokenSpan> {
        self.tag_document(&[tokens], &mut Scratch::default())
            .pop()
            .unwrap_or_default()
    }

    /// The names in each sentence of one document (each sentence given as
    /// its tokens), with the document's [`DocContext`].
    pub fn tag_document<'t, S: AsRef<[&'t str]>>(
        &self,
        sentences: &[S],
        scratch: &mut Scratch,
    ) -> Vec<Vec<TokenSpan>> {
        scratch.prepare(self);
        scratch.entries.clear();
        scratch.styles.clear();
        scratch.context.clear();
        for sentence in sentences {
            let tokens = sentence.as_ref();
            scratch.sentence_words.clear();
            for token in tokens {
                let entry = scratch.entry(self, token);
                scratch.entries.push(entry);
                scratch.sentence_words.push(scratch.words[entry as usize]);
            }
            let style = features::style(tokens);
            scratch.styles.push(style);
            scratch.context.add(&scratch.sentence_words, style);
        }
        let mut out = Vec::with_capacity(sentences.len());
        let mut first_entry = 0;
        for (sentence, &style) in sentences.iter().zip(&scratch.styles) {
            let tokens = sentence.as_ref();
            let entries = &scratch.entries[first_entry..first_entry + tokens.len()];
            first_entry += tokens.len();
            if tokens.is_empty() {
                out.push(Vec::new());
                continue;
            }
            scratch.sentence_words.clear();
            scratch
                .sentence_words
                .extend(entries.iter().map(|&e| scratch.words[e as usize]));
            scratch.doc_values.clear();
            scratch.doc_values.extend(
                scratch
                    .sentence_words
                    .iter()
                    .map(|w| scratch.context.value(w)),
            );
            scratch.sentence_starts.clear();
            scratch
                .sentence_starts
                .extend(entries.iter().map(|&e| scratch.starts_key[e as usize]));
            features::SentenceView::gazetteer_values_where(
                &self.gazetteer,
                tokens,
                &scratch.sentence_starts,
                &mut scratch.gazetteer_values,
            );
            features::run_values(&scratch.sentence_words, style, &mut scratch.run_values);
            let view = features::SentenceView {
                words: &scratch.sentence_words,
                gazetteer: &scratch.gazetteer_values,
                doc: &scratch.doc_values,
                runs: &scratch.run_values,
                style,
            };
            scratch.scores.clear();
            scratch.scores.resize(tokens.len() * LABELS, 0);
            scratch.lookups.clear();
            for (i, token_scores) in scratch.scores.chunks_exact_mut(LABELS).enumerate() {
                let mut sum = [0; LABELS];
                for (slot, &position) in features::WINDOW.iter().enumerate() {
                    let window = match i.checked_add_signed(position).and_then(|j| entries.get(j)) {
                        Some(&entry) => &scratch.sums[entry as usize * SUMS_PER_TYPE + slot],
                        None => &scratch.boundary[slot],
                    };
                    emission::add(&mut sum, window);
                }
                let entry = entries[i] as usize;
                emission::add_combined(
                    &self.model,
                    &self.tables,
                    &view,
                    i,
                    &scratch.sums[entry * SUMS_PER_TYPE + features::WINDOW.len()],
                    &mut scratch.doc_rows[entry],
                    &mut sum,
                    &mut scratch.lookups,
                );
                token_scores.copy_from_slice(&sum);
            }
            self.model.add_rows(&scratch.lookups, &mut scratch.scores);
            let labels = self.model.decode(&scratch.scores);
            out.push(labels::decode(&labels));
        }
        out
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
            runs: 2,
        };
        let first = train::train(&sentences, Gazetteer::builtin(), &options, |_| {}).to_bytes();
        let second = train::train(&sentences, Gazetteer::builtin(), &options, |_| {}).to_bytes();
        assert!(first == second, "two trainings differ");
    }

    /// The word-type cache gives what summing every feature row gives,
    /// also after the cache starts afresh and for another tagger.
    #[test]
    fn cached_tagging_equals_plain_sums() {
        let document: [&[&str]; 4] = [
            &["Troops", "Leave", "Northern", "Syria"],
            &[
                "Mohammed", "Shia", "al", "-", "Sudani", "visited", "Tehran", "on", "Monday", ".",
            ],
            &[
                "Counterterrorism",
                "officials",
                "of",
                "the",
                "U.S.",
                "Department",
                "of",
                "Agriculture",
                "and",
                "Daughters",
                "of",
                "the",
                "American",
                "Revolution",
                "met",
                "Sudani",
                ".",
            ],
            &[
                "\"", "Sudani", "said", "Iraq", "would", "talk", "to", "Iran", ",", "\"", "he",
                "said", ".",
            ],
        ];
        let tagger = Tagger::builtin();
        let context = DocContext::new(&document);
        let plain: Vec<Vec<TokenSpan>> = document
            .iter()
            .map(|tokens| {
                let mut rows = Vec::new();
                let values = context.values(tokens);
                features::extract(
                    tokens,
                    &values,
                    &tagger.gazetteer,
                    tagger.model.bits,
                    &mut rows,
                );
                let mut scores = Vec::new();
                tagger.model.emissions(&rows, &mut scores);
                labels::decode(&tagger.model.decode(&scores))
            })
            .collect();
        assert!(plain.iter().flatten().count() >= 3, "{plain:?}");
        let mut scratch = Scratch::default();
        assert_eq!(tagger.tag_document(&document, &mut scratch), plain);
        // Again from a warm cache, then for another tagger with the same
        // weights, whose cache is rebuilt.
        assert_eq!(tagger.tag_document(&document, &mut scratch), plain);
        let other = Tagger::new(tagger.model.clone(), tagger.gazetteer.clone());
        assert_eq!(other.tag_document(&document, &mut scratch), plain);
        assert_eq!(scratch.tagger, other.id);
    }

    #[test]
    fn short_keys_tell_tokens_apart() {
        let keys: Vec<Option<u128>> = ["", "a", "a\0", "ab", "ba", "Sudani", "fifteen-bytes-1"]
            .iter()
            .map(|t| short_key(t))
            .collect();
        assert!(keys.iter().all(Option::is_some));
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(short_key("Counterterrorism"), None);
    }

    #[test]
    fn the_committed_model_decodes() {
        let tagger = Tagger::builtin();
        assert!(tagger.model().weight_count() > 0);
        assert!(tagger.tag(&[]).is_empty());
    }
}
