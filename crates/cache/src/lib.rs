//! A content-addressed cache of per-article results, so that a re-run over
//! the same articles plus a few new ones analyses only the new ones.
//!
//! Role in the pipeline: the per-article step ([`Pipeline::analyse_chunk`])
//! is most of a run's time, and its result for an article depends only on
//! the article and on the program. [`ResultCache::analyse_chunk`] has the same
//! contract as [`Pipeline::analyse_chunk`] (one [`ArticleResult`] per article,
//! in order) but looks each article up first and analyses only the misses;
//! the cross-article step ([`Pipeline::merge`]) then runs over all results as
//! usual, so the tables are the same bytes as a run without the cache.
//!
//! **Key.** An entry's key is the SHA-256 of
//! - the *build*: the SHA-256 of the running executable's bytes. The code,
//!   the trained models (`data/models/`), the word lists (`data/lexicons/`)
//!   and the knowledge base (`data/kb/`) are all compiled into the binary, so
//!   any change to them is a new build and misses every entry;
//! - the binary form's version ([`ARTICLE_RESULT_VERSION`]);
//! - the settings that change per-article results: `anchor_date` and `tokens`
//!   of [`Config`] (the resolve threshold and the chunk size only affect the
//!   cross-article step or nothing, and do not invalidate);
//! - the whole `articles` row (id, text, publication date, source, …).
//!
//! **Layout.** Under the cache directory (by default `.sitrep-cache` beside
//! `--out`, see [`default_dir`]): `CACHEDIR.TAG`, then one directory per
//! build, `build-<16 hex>/`, holding entries at `ab/cdef…` (the key in hex,
//! split after two digits); each entry is [`ArticleResult::to_bytes`]
//! followed by the SHA-256 of those bytes (32 bytes).
//!
//! **Safety.** An entry is written to a temporary file beside it and renamed
//! into place, so a reader sees a whole entry or none, and runs writing at the
//! same time (shards sharing a directory) never see a torn file; two writers
//! of one key write the same bytes. An entry whose checksum does not match
//! its bytes (cut short, damaged on disk), has another version or names
//! another article is a miss and is rewritten. A
//! cache that cannot be written (read-only, disk full) is warned about once
//! and the run goes on without storing.
//!
//! **Hits are not decoded.** [`ResultCache::analyse_chunk_encoded`] gives
//! each result in its binary form, checked by the checksum, so a run copies
//! hits into its spool ([`sitrep_pipeline::FrameWriter::push_with_encoded`])
//! without decoding and encoding them again (the spool is decoded when the
//! cross-article step reads it).
//!
//! **Size.** Entries of earlier builds are dead weight after a rebuild.
//! [`prune`] removes other builds' directories and then, above a byte budget,
//! the least recently used entries (a hit refreshes an entry's time);
//! [`clear`] removes the whole cache. Both refuse a directory without the
//! `CACHEDIR.TAG` this crate writes.
//!
//! ```
//! use sitrep_core::tables::Article;
//! use sitrep_pipeline::{Config, Pipeline, Silent};
//! use sitrep_cache::ResultCache;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let cache = ResultCache::open(dir.path(), &Config::default()).unwrap();
//! let article = Article {
//!     article_id: "a1".into(),
//!     text: "Strike\n\nIsraeli jets struck Damascus on Monday.".into(),
//!     ..Article::default()
//! };
//! let (first, ..) = cache.analyse_chunk(&pipeline, vec![article.clone()], &Silent);
//! let (again, ..) = cache.analyse_chunk(&pipeline, vec![article], &Silent);
//! assert_eq!(first, again);
//! let report = cache.report();
//! assert_eq!((report.emitted["hits"], report.emitted["misses"]), (1, 1));
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use sitrep_core::StageReport;
use sitrep_core::tables::Article;
use sitrep_pipeline::{
    ARTICLE_RESULT_VERSION, ArticleResult, Config, NormalisedChunk, Pipeline, StageProgress,
};
use tracing::warn;

/// Name of the default cache directory, created beside `--out`.
pub const DEFAULT_DIR_NAME: &str = ".sitrep-cache";

/// First line of `CACHEDIR.TAG` (the convention backup tools skip).
const TAG_SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";

/// Temporary entries start with this; [`prune`] removes stale ones.
const TEMP_PREFIX: &str = ".tmp-";

/// The default cache directory of a run writing `out`: `.sitrep-cache` in
/// the directory that holds `out` (`data/processed` → `data/.sitrep-cache`),
/// so that shard runs writing `SHARED/shard-K` share `SHARED/.sitrep-cache`.
#[must_use]
pub fn default_dir(out: &Path) -> PathBuf {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(DEFAULT_DIR_NAME)
}

/// SHA-256 of the running executable: the build part of every key.
pub fn executable_digest() -> io::Result<[u8; 32]> {
    let exe = std::env::current_exe()?;
    let mut file = fs::File::open(&exe)?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(hasher.finalize().into())
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Key of one cache entry (a SHA-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

/// A chunk looked up in the cache, its misses normalised
/// ([`ResultCache::prepare_chunk`], then [`ResultCache::finish_chunk`]).
#[derive(Debug)]
pub struct PreparedChunk {
    /// Per article, its cached result's bytes, or `None` for a miss.
    found: Vec<Option<Vec<u8>>>,
    /// The cache keys of the misses, in chunk order.
    missed_keys: Vec<Key>,
    /// The misses after the normalisers (none when every article was a hit).
    missed: Option<NormalisedChunk>,
}

/// Per-article results of one build, keyed by article (see the crate docs).
#[derive(Debug)]
pub struct ResultCache {
    /// `root/build-<hex>`.
    dir: PathBuf,
    /// Digest of build, format version and settings; the prefix of every key.
    salt: [u8; 32],
    hits: AtomicU64,
    misses: AtomicU64,
    written: AtomicU64,
    write_failures: AtomicU64,
    busy_nanos: AtomicU64,
    /// The first write failure, reported once.
    first_failure: Mutex<Option<String>>,
}

impl ResultCache {
    /// The cache under `root` for the running executable and `config`
    /// (the configuration the [`Pipeline`] was built with).
    pub fn open(root: &Path, config: &Config) -> io::Result<Self> {
        Self::open_for_build(root, &executable_digest()?, config)
    }

    /// The cache under `root` for a build identified by `build` (any bytes
    /// that change whenever code, models or word lists change).
    pub fn open_for_build(root: &Path, build: &[u8], config: &Config) -> io::Result<Self> {
        let mut build_hasher = Sha256::new();
        build_hasher.update(build);
        build_hasher.update(ARTICLE_RESULT_VERSION.to_le_bytes());
        let build_digest: [u8; 32] = build_hasher.finalize().into();
        fs::create_dir_all(root)?;
        let tag = root.join("CACHEDIR.TAG");
        if !tag.exists() {
            fs::write(
                &tag,
                format!(
                    "{TAG_SIGNATURE}\n# sitrep's cache of per-article results: safe to delete \
                     (`sitrep cache clear`).\n"
                ),
            )?;
        }
        let dir = root.join(format!("build-{}", &hex(&build_digest)[..16]));
        fs::create_dir_all(&dir)?;
        // Only what changes per-article results; a new field of `Config`
        // must be placed on one side or the other here. `resolve` (threshold,
        // analyst overrides) is used by the cross-article step only.
        let Config {
            chunk_articles: _,
            anchor_date,
            resolve: _,
            tokens,
        } = *config;
        let mut salt = Sha256::new();
        salt.update(b"sitrep article result\n");
        salt.update(build_digest);
        salt.update(format!("anchor_date={anchor_date:?}\ntokens={tokens}\n"));
        Ok(Self {
            dir,
            salt: salt.finalize().into(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            written: AtomicU64::new(0),
            write_failures: AtomicU64::new(0),
            busy_nanos: AtomicU64::new(0),
            first_failure: Mutex::new(None),
        })
    }

    /// The directory of this build's entries.
    #[must_use]
    pub fn build_dir(&self) -> &Path {
        &self.dir
    }

    /// The key of `article` (see the crate docs).
    #[must_use]
    pub fn key(&self, article: &Article) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(self.salt);
        let row = serde_json::to_vec(article).expect("article rows always serialise");
        hasher.update(row);
        Key(hasher.finalize().into())
    }

    fn path(&self, key: Key) -> PathBuf {
        let name = hex(&key.0);
        self.dir.join(&name[..2]).join(&name[2..])
    }

    /// The stored result of `key`, if there is a readable one for `article_id`.
    #[must_use]
    pub fn get(&self, key: Key, article_id: &str) -> Option<ArticleResult> {
        ArticleResult::from_bytes(&self.get_encoded(key, article_id)?).ok()
    }

    /// The stored result of `key` in its binary form
    /// ([`ArticleResult::to_bytes`]), if the entry's checksum, version and
    /// article id (`article_id`) are right; the rest is not decoded.
    #[must_use]
    pub fn get_encoded(&self, key: Key, article_id: &str) -> Option<Vec<u8>> {
        let mut file = fs::File::open(self.path(key)).ok()?;
        let bytes = sitrep_core::io::read_checksummed(&mut file)?;
        let payload = ArticleResult::payload_of(&bytes).ok()?;
        if ArticleResult::article_id_of(payload).ok()? != article_id {
            return None;
        }
        // Least recently used goes first in `prune`; failing to touch is harmless.
        let _ = file.set_modified(SystemTime::now());
        Some(bytes)
    }

    /// Stores `result` under `key`: written beside the entry, then renamed
    /// into place. A failure is counted and warned about once.
    pub fn put(&self, key: Key, result: &ArticleResult) {
        self.put_encoded(key, &result.to_bytes());
    }

    /// [`ResultCache::put`] of a result already in its binary form
    /// ([`ArticleResult::to_bytes`]).
    fn put_encoded(&self, key: Key, bytes: &[u8]) {
        match self.write_entry(key, bytes) {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
            }
            Err(error) => {
                self.write_failures.fetch_add(1, Ordering::Relaxed);
                let mut first = self.first_failure.lock().expect("not poisoned");
                if first.is_none() {
                    let message = format!(
                        "cannot write the result cache in {}: {error}; going on without storing",
                        self.dir.display()
                    );
                    warn!("{message}");
                    *first = Some(message);
                }
            }
        }
    }

    fn write_entry(&self, key: Key, bytes: &[u8]) -> io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = self.path(key);
        let parent = path.parent().expect("entries sit in a fan-out directory");
        fs::create_dir_all(parent)?;
        let temp = parent.join(format!(
            "{TEMP_PREFIX}{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        sitrep_core::io::write_checksummed(&path, &temp, &[bytes])
    }

    /// Like [`Pipeline::analyse_chunk`]: one result per article of `chunk`,
    /// in order, with the `normalise` and `extract` reports, which count only
    /// the articles analysed here (the misses). Hits advance `bar` as the
    /// analysis would; new results are stored.
    #[must_use]
    pub fn analyse_chunk(
        &self,
        pipeline: &Pipeline,
        chunk: Vec<Article>,
        bar: &dyn StageProgress,
    ) -> (Vec<ArticleResult>, StageReport, StageReport) {
        let (encoded, normalise, extract) = self.analyse_chunk_encoded(pipeline, chunk, bar);
        let results = encoded
            .par_iter()
            .map(|bytes| ArticleResult::from_bytes(bytes).expect("checked entries decode"))
            .collect();
        (results, normalise, extract)
    }

    /// [`ResultCache::analyse_chunk`] with each result in its binary form
    /// ([`ArticleResult::to_bytes`]): hits are read and checked (checksum,
    /// version, article id) but not decoded, misses are encoded once for
    /// the cache and the caller.
    #[must_use]
    pub fn analyse_chunk_encoded(
        &self,
        pipeline: &Pipeline,
        chunk: Vec<Article>,
        bar: &dyn StageProgress,
    ) -> (Vec<Vec<u8>>, StageReport, StageReport) {
        let prepared = self.prepare_chunk(pipeline, chunk, bar);
        self.finish_chunk(pipeline, prepared, bar)
    }

    /// The first half of [`ResultCache::analyse_chunk_encoded`]: the
    /// lookups, and the normalisers on the misses. A caller can prepare the
    /// next chunk while this one is finished.
    #[must_use]
    pub fn prepare_chunk(
        &self,
        pipeline: &Pipeline,
        chunk: Vec<Article>,
        bar: &dyn StageProgress,
    ) -> PreparedChunk {
        let started = Instant::now();
        let keys: Vec<Key> = chunk.par_iter().map(|a| self.key(a)).collect();
        let found: Vec<Option<Vec<u8>>> = chunk
            .par_iter()
            .zip(&keys)
            .map(|(article, &key)| self.get_encoded(key, &article.article_id))
            .collect();
        let hits = found.iter().filter(|f| f.is_some()).count();
        self.hits.fetch_add(hits as u64, Ordering::Relaxed);
        self.misses
            .fetch_add((chunk.len() - hits) as u64, Ordering::Relaxed);
        bar.advance(2 * hits as u64);
        let (missed, missed_keys): (Vec<Article>, Vec<Key>) = chunk
            .into_iter()
            .zip(keys)
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(pair, _)| pair)
            .unzip();
        self.add_busy(started);
        let missed = (!missed.is_empty()).then(|| pipeline.normalise_chunk(missed, bar));
        PreparedChunk {
            found,
            missed_keys,
            missed,
        }
    }

    /// The second half of [`ResultCache::analyse_chunk_encoded`]: the misses
    /// extracted, encoded and stored, and every result in chunk order.
    #[must_use]
    pub fn finish_chunk(
        &self,
        pipeline: &Pipeline,
        prepared: PreparedChunk,
        bar: &dyn StageProgress,
    ) -> (Vec<Vec<u8>>, StageReport, StageReport) {
        let PreparedChunk {
            found,
            missed_keys,
            missed,
        } = prepared;
        let (fresh, normalise, extract) = match missed {
            None => (
                Vec::new(),
                StageReport::new("normalise"),
                StageReport::new("extract"),
            ),
            Some(missed) => pipeline.analyse_normalised(missed, bar),
        };
        let started = Instant::now();
        let fresh: Vec<Vec<u8>> = fresh
            .par_iter()
            .zip(&missed_keys)
            .map(|(result, &key)| {
                let bytes = result.to_bytes();
                self.put_encoded(key, &bytes);
                bytes
            })
            .collect();
        let mut fresh = fresh.into_iter();
        let results = found
            .into_iter()
            .map(|f| f.unwrap_or_else(|| fresh.next().expect("one fresh result per miss")))
            .collect();
        self.add_busy(started);
        (results, normalise, extract)
    }

    fn add_busy(&self, started: Instant) {
        self.busy_nanos
            .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    /// The `cache` stage report of this run so far: articles looked up,
    /// `hits`, `misses` (analysed), `written`, write failures, and the wall
    /// time of lookups and writes.
    #[must_use]
    pub fn report(&self) -> StageReport {
        let mut report = StageReport::new("cache");
        let hits = self.hits.load(Ordering::Relaxed);
        let misses = self.misses.load(Ordering::Relaxed);
        report.received = hits + misses;
        report.emit("hits", hits as usize);
        report.emit("misses", misses as usize);
        report.emit("written", self.written.load(Ordering::Relaxed) as usize);
        let failures = self.write_failures.load(Ordering::Relaxed);
        if failures > 0 {
            report.dropped.insert("write_failed".to_owned(), failures);
        }
        report
            .warnings
            .extend(self.first_failure.lock().expect("not poisoned").clone());
        report.elapsed_ms = self.busy_nanos.load(Ordering::Relaxed) / 1_000_000;
        report
    }
}

mod prune;
pub use prune::{PruneSummary, clear, prune};

#[cfg(test)]
mod tests;
