//! Brown word clusters and frequency bands, kept inside the model file.
//!
//! `data/lexicons/word_clusters.tsv` gives 190,125 English words a Brown
//! cluster (a bit path in a binary tree over words used alike) and a rounded
//! minus log unigram probability. Training reads the file once and the model
//! stores the table (form hash → cluster and band), so the model is
//! self-contained and the tagger and parser see the same values at run time.
//!
//! A word is looked up by its exact form, then by its lower-cased form with
//! digits folded to `0` (that form's own cluster if the file has it, else
//! the most frequent of the words that fold to it), so `Bush` and `bush`
//! keep their own clusters but an unseen `IRAQIS` or `1,917` still finds one.

use std::collections::HashMap;

use crate::ModelError;
use crate::bytes::{Reader, Writer};
use crate::hash::{BuildKeyHasher, hash_str};
use crate::words::lower_into;

/// The cluster file, relative to the repository root.
pub const CLUSTERS_PATH: &str = "data/lexicons/word_clusters.tsv";

/// Longest path kept (bits); the file's paths have at most 18.
const MAX_BITS: usize = 24;

/// A cluster file problem.
#[derive(Debug, thiserror::Error)]
#[error("word cluster file, line {line}: {message}")]
pub struct ClusterError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A word's cluster (path bits, root first from the lowest bit; a path's
/// trailing zeros are not recorded, so it reads as if padded with zeros) and
/// frequency band (minus the rounded log probability, 1 to 255).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordCluster {
    pub(crate) path: u32,
    pub(crate) band: u8,
}

impl WordCluster {
    fn pack(self) -> u32 {
        self.path | (u32::from(self.band) << MAX_BITS)
    }

    fn unpack(value: u32) -> Self {
        Self {
            path: value & ((1 << MAX_BITS) - 1),
            band: (value >> MAX_BITS) as u8,
        }
    }

    /// The first `bits` bits of the path (a cluster of coarser grain).
    pub(crate) fn prefix(self, bits: u32) -> u32 {
        self.path & ((1u32 << bits) - 1)
    }
}

/// Word → cluster table.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    table: HashMap<u64, u32, BuildKeyHasher>,
}

impl Clusters {
    /// Reads the TSV file (`word`, bit path, band; lines starting `# ` are comments).
    pub fn parse_tsv(text: &str) -> Result<Self, ClusterError> {
        let mut table: HashMap<u64, u32, BuildKeyHasher> = HashMap::with_hasher(BuildKeyHasher);
        // Folded form → (band, line, cluster) of the most frequent variant so far.
        let mut folded: HashMap<u64, (u8, usize, u32), BuildKeyHasher> =
            HashMap::with_hasher(BuildKeyHasher);
        let mut buffer = String::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let fail = |message: String| ClusterError {
                line: number,
                message,
            };
            // Comments start with "# "; the words `#` and `##` are data.
            if line.starts_with("# ") || line.is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(word), Some(path), Some(band), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(fail(format!("expected 3 tab-separated fields in {line:?}")));
            };
            if path.is_empty()
                || path.len() > MAX_BITS
                || !path.bytes().all(|b| b == b'0' || b == b'1')
            {
                return Err(fail(format!("bad bit path {path:?}")));
            }
            let bits = path
                .bytes()
                .rev()
                .fold(0u32, |acc, b| (acc << 1) | u32::from(b - b'0'));
            let band: u8 = match band.parse() {
                Ok(band) if band > 0 => band,
                _ => return Err(fail(format!("bad band {band:?}"))),
            };
            let cluster = WordCluster { path: bits, band }.pack();
            if table.insert(hash_str(word), cluster).is_some() {
                return Err(fail(format!("{word:?} appears twice")));
            }
            lower_into(word, &mut buffer);
            let key = hash_str(&buffer);
            let candidate = (band, number, cluster);
            folded
                .entry(key)
                .and_modify(|kept| {
                    if (candidate.0, candidate.1) < (kept.0, kept.1) {
                        *kept = candidate;
                    }
                })
                .or_insert(candidate);
        }
        for (key, (_, _, cluster)) in folded {
            table.entry(key).or_insert(cluster);
        }
        Ok(Self { table })
    }

    /// Number of keys (exact and folded forms).
    #[must_use]
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the table is empty (a model trained without clusters).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The cluster of a word from the hashes of its exact and folded forms.
    #[inline]
    pub(crate) fn get(&self, form: u64, folded: u64) -> Option<WordCluster> {
        self.table
            .get(&form)
            .or_else(|| self.table.get(&folded))
            .map(|&value| WordCluster::unpack(value))
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        let mut rows: Vec<(u64, u32)> = self.table.iter().map(|(&k, &v)| (k, v)).collect();
        rows.sort_unstable();
        out.len(rows.len());
        for (key, value) in rows {
            out.u64(key);
            out.u32(value);
        }
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Self, ModelError> {
        let n = input.len()?;
        let mut table = HashMap::with_capacity_and_hasher(n, BuildKeyHasher);
        for _ in 0..n {
            let key = input.u64()?;
            table.insert(key, input.u32()?);
        }
        Ok(Self { table })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# word\tpath\tneg_log_prob\n# a comment\n#\t01001\t8\nBush\t01101\t11\nbush\t1010010011111\t12\nBUSH\t011110111\t15\n1990\t100011\t12\n2004\t100011\t12\n";

    fn lookup(clusters: &Clusters, word: &str) -> Option<WordCluster> {
        let mut folded = String::new();
        lower_into(word, &mut folded);
        clusters.get(hash_str(word), hash_str(&folded))
    }

    #[test]
    fn reads_paths_and_falls_back_to_the_folded_form() {
        let clusters = Clusters::parse_tsv(SAMPLE).unwrap();
        // "#" is a word, not a comment.
        let hash = lookup(&clusters, "#").unwrap();
        assert_eq!((hash.path, hash.band), (0b10010, 8));
        assert_eq!(hash.prefix(2), 0b10);
        let bush = lookup(&clusters, "Bush").unwrap();
        assert_eq!(bush.path, 0b10110);
        assert_eq!(lookup(&clusters, "BUSH").unwrap().band, 15);
        // "BuSh" folds to "bush", itself a word of the file.
        let lower = lookup(&clusters, "bush").unwrap();
        assert_eq!((lower.path, lower.band), (0b1_1111_0010_0101, 12));
        assert_eq!(lookup(&clusters, "BuSh"), Some(lower));
        assert_ne!(lower, bush);
        // Digits fold: an unseen year gets the years' cluster.
        assert_eq!(
            lookup(&clusters, "1987"),
            lookup(&clusters, "1990"),
            "years share a cluster"
        );
        assert_eq!(lookup(&clusters, "Washington"), None);
        // Exact and folded keys: 6 words and the new folded keys "#" (same),
        // "0000" (new); "bush" is itself a word.
        assert_eq!(clusters.len(), 7);
        let mut out = Writer::default();
        clusters.write(&mut out);
        let read = Clusters::read(&mut Reader::new(&out.bytes)).unwrap();
        assert_eq!(lookup(&read, "BuSh"), Some(lower));
        assert_eq!(lookup(&read, "1987"), lookup(&clusters, "2004"));
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let error = Clusters::parse_tsv("# header\nthe\t1101\t4\nof\t1x1\t4\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("bit path"), "{error}");
        let error = Clusters::parse_tsv("the\t1101\n").unwrap_err();
        assert_eq!(error.line, 1);
        let error = Clusters::parse_tsv("the\t1101\t4\nthe\t1\t4\n").unwrap_err();
        assert!(error.message.contains("twice"), "{error}");
    }
}
