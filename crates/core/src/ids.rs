//! Content-derived identifiers.
//!
//! Ids never depend on run order or time: the same content gives the same id,
//! so two runs on the same input write byte-identical tables.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of `bytes`, used for input file hashes in the manifest.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex(&digest)
}

/// A short stable id: `prefix` + `_` + 16 hex digits of the SHA-256 of the
/// parts (joined with an ASCII unit separator so `["ab","c"]` ≠ `["a","bc"]`).
///
/// ```
/// let a = sitrep_core::ids::stable_id("art", &["file.txt", "3"]);
/// assert_eq!(a, sitrep_core::ids::stable_id("art", &["file.txt", "3"]));
/// assert!(a.starts_with("art_") && a.len() == 20);
/// ```
#[must_use]
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0x1f]);
        }
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    format!("{prefix}_{}", hex(&digest[..8]))
}

/// The order of `items` by `cmp` (a stable sort: equal items keep their
/// order) and each item's rank in it: `order[rank[i]] == i`. Tables are
/// written, and ids numbered, in such orders.
///
/// ```
/// let (order, rank) = sitrep_core::ids::sorted_ranks(&["b", "a", "b"], |x, y| x.cmp(y));
/// assert_eq!(order, [1, 0, 2]);
/// assert_eq!(rank, [1, 0, 2]);
/// ```
#[must_use]
pub fn sorted_ranks<T>(
    items: &[T],
    mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> =
        (0..u32::try_from(items.len()).expect("fewer than 2^32 items")).collect();
    order.sort_by(|&a, &b| cmp(&items[a as usize], &items[b as usize]));
    let mut rank = vec![0_u32; items.len()];
    for (at, &i) in order.iter().enumerate() {
        rank[i as usize] = at as u32;
    }
    (order, rank)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_keeps_parts_apart() {
        assert_ne!(stable_id("x", &["ab", "c"]), stable_id("x", &["a", "bc"]));
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_value() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
