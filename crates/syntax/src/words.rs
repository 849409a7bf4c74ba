//! Per-word attributes that features are built from, hashed once per sentence.

use crate::clusters::Clusters;
use crate::hash::{finish, hash_str};

/// Hash of "no word here" (before the start or past the end).
pub(crate) const NONE: u64 = 0x5eed_0000_0000_0001;

/// The hashed attributes of one word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordKeys {
    /// Exact form.
    pub(crate) form: u64,
    /// Lower-cased form with digits folded to `0`.
    pub(crate) lower: u64,
    /// Suffixes of the lower-cased form, 1 to 4 characters.
    pub(crate) suffix: [u64; 4],
    /// Prefixes of the lower-cased form, 1 to 3 characters.
    pub(crate) prefix: [u64; 3],
    /// Word shape (`Xxxx`, `dd`, `x.x.`…).
    pub(crate) shape: u64,
    /// Brown cluster path prefixes of [`CLUSTER_BITS`] bits (the last is the
    /// whole path), [`NONE`] for a word without a cluster.
    pub(crate) cluster: [u64; 4],
    /// Frequency band (minus the rounded log probability), [`NONE`] without one.
    pub(crate) band: u64,
}

/// Lengths of the cluster path prefixes in [`WordKeys::cluster`] (24 = the whole path).
pub(crate) const CLUSTER_BITS: [u32; 4] = [4, 6, 10, 24];

impl WordKeys {
    pub(crate) const EMPTY: Self = Self {
        form: NONE,
        lower: NONE,
        suffix: [NONE; 4],
        prefix: [NONE; 3],
        shape: NONE,
        cluster: [NONE; 4],
        band: NONE,
    };

    pub(crate) fn new(word: &str, buffer: &mut String, clusters: &Clusters) -> Self {
        lower_into(word, buffer);
        let lower = buffer.as_str();
        let mut suffix = [NONE; 4];
        for (k, (at, _)) in lower.char_indices().rev().take(4).enumerate() {
            suffix[k] = finish(hash_str(&lower[at..]) ^ (k as u64 + 11));
        }
        let mut prefix = [NONE; 3];
        // A prefix is never the whole word.
        for (k, (at, _)) in lower.char_indices().skip(1).take(3).enumerate() {
            prefix[k] = finish(hash_str(&lower[..at]) ^ (k as u64 + 31));
        }
        let form = hash_str(word);
        let lower = hash_str(lower);
        let (cluster, band) = match clusters.get(form, lower) {
            Some(c) => (
                CLUSTER_BITS.map(|bits| u64::from(c.prefix(bits)) + 1),
                u64::from(c.band),
            ),
            None => ([NONE; 4], NONE),
        };
        Self {
            form,
            lower,
            suffix,
            prefix,
            shape: shape_hash(word),
            cluster,
            band,
        }
    }
}

/// Lower-cases `word` into `out`, folding every digit to `0`.
pub(crate) fn lower_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Hash of [`shape`], computed without building the string.
fn shape_hash(word: &str) -> u64 {
    let mut buffer = [0u8; 64];
    let mut len = 0;
    for_each_shape_char(word, |c| {
        let mut utf8 = [0u8; 4];
        let bytes = c.encode_utf8(&mut utf8).as_bytes();
        if len + bytes.len() <= buffer.len() {
            buffer[len..len + bytes.len()].copy_from_slice(bytes);
            len += bytes.len();
        }
    });
    hash_str(std::str::from_utf8(&buffer[..len]).unwrap_or_default())
}

/// Word shape: upper → `X`, lower → `x`, digit → `d`, others kept; runs of
/// one kind longer than four are cut to four.
#[cfg(test)]
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    for_each_shape_char(word, |c| out.push(c));
    out
}

fn for_each_shape_char(word: &str, mut emit: impl FnMut(char)) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let kind = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if kind == last {
            run += 1;
        } else {
            run = 1;
            last = kind;
        }
        if run <= 4 {
            emit(kind);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_lower_forms() {
        assert_eq!(shape("Washington"), "Xxxxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,200"), "d,ddd");
        assert_eq!(shape_hash("Washington"), hash_str("Xxxxx"));
        let mut buffer = String::new();
        lower_into("Year2004", &mut buffer);
        assert_eq!(buffer, "year0000");
        let none = Clusters::default();
        let a = WordKeys::new("Running", &mut buffer, &none);
        let b = WordKeys::new("running", &mut buffer, &none);
        assert_eq!((a.lower, a.suffix), (b.lower, b.suffix));
        assert_ne!(a.form, b.form);
        assert_eq!(WordKeys::new("a", &mut buffer, &none).suffix[1], NONE);
        assert_eq!((a.cluster, a.band), ([NONE; 4], NONE));
    }
}
