//! A fast hash map for keys the pipeline makes itself.
//!
//! [`FastMap`] is a `HashMap` with [`FastHasher`], a multiply-rotate hash,
//! cheaper than the standard library's `SipHash` on the short strings and
//! 64-bit hashes of the entity tagger's features and the extract rules' word
//! indexes, where every token is looked up. It is not built to withstand
//! keys chosen by an adversary; the keys here come from the pipeline's own
//! word lists and tokens. The hash is fixed (no random seed), so a map's
//! iteration order is the same in every run.
//!
//! ```
//! use sitrep_core::FastMap;
//! let mut first_words: FastMap<&str, usize> = FastMap::default();
//! first_words.insert("car", 2);
//! assert_eq!(first_words.get("car"), Some(&2));
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-cryptographic hasher for keys that come from the pipeline
/// itself (token strings, word lists, 64-bit hashes), not from an
/// adversary: multiply-rotate over 8-byte chunks.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A hash set with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, BuildHasherDefault};

    use super::*;

    /// The hash is fixed: the same key hashes alike in every run and build
    /// (map iteration orders, and so outputs, depend on it).
    #[test]
    fn hashes_are_fixed_and_tell_keys_apart() {
        let hash = |key: &str| BuildHasherDefault::<FastHasher>::default().hash_one(key);
        assert_eq!(hash("said"), hash("said"));
        assert_ne!(hash("said"), hash("says"));
        assert_ne!(hash("a"), hash("a\0"));
        let mut hasher = FastHasher::default();
        hasher.write_u64(1);
        assert_eq!(hasher.finish(), 0xa8b9_8aa7_17c4_d5eb);
    }
}
