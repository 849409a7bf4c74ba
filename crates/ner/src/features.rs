//! Feature extraction: each token of a sentence becomes [`TEMPLATES`] hashed
//! feature ids.
//!
//! Per token the extractor computes, without allocating, the hashes of its
//! form, lower-case form, shape (`Xx`, `X.X.`, `d,d`: character classes with
//! repeats collapsed), 2- and 3-character prefixes and 2- to 4-character
//! suffixes of the lower-case form, and its [`GazetteerTag`]. The templates
//! combine them over a window of two tokens either side:
//!
//! | templates | what |
//! |---|---|
//! | bias | one feature every token has |
//! | form, lower, shape, prefixes, suffixes | the token itself |
//! | lower at −2, −1, +1, +2; form at −1, +1; shape at −2, −1, +1, +2 | neighbours |
//! | shape −1·0, 0·+1; lower −1·0, 0·+1; lower −1·shape 0; shape 0·lower +1; shape 0·suffix +1 | pairs |
//! | first token · shape, first token · lower, first token · gazetteer tag | position in the sentence |
//! | sentence style · shape | title-case headline or all capitals, where capitals say little |
//! | gazetteer tag at −1, 0, +1; tag · shape | knowledge-base membership |
//!
//! Outside the sentence, neighbours take a boundary value. Each feature is a
//! 64-bit hash of its template number and values; its top bits select one of
//! `2^bits` weight rows (the hashing trick: rare collisions share a row).
//!
//! ```
//! use sitrep_ner::{Gazetteer, features};
//! let mut out = Vec::new();
//! features::extract(&["Kabul", "fell"], &Gazetteer::default(), 18, &mut out);
//! assert_eq!(out.len(), 2 * features::TEMPLATES);
//! assert!(out.iter().all(|&row| row < 1 << 18));
//! ```

use crate::gazetteer::{Gazetteer, GazetteerTag};
use crate::labels::Part;

/// Number of features per token.
pub const TEMPLATES: usize = 36;

/// Hash values of one token.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    form: u64,
    lower: u64,
    shape: u64,
    prefix2: u64,
    prefix3: u64,
    suffix2: u64,
    suffix3: u64,
    suffix4: u64,
    gazetteer: u64,
}

/// Value neighbours take outside the sentence.
const BOUNDARY: u64 = 0x5bd1_e995_0b4f_3c21;
/// Multiplier of the 64-bit FNV-1a hash.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Offset basis of the 64-bit FNV-1a hash.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Folds one character into a running hash.
fn add_char(hash: u64, c: char) -> u64 {
    let mut h = hash;
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Combines two values (order matters).
fn mix(a: u64, b: u64) -> u64 {
    let h = (a ^ b.rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

/// Final avalanche (from `MurmurHash3`'s `fmix64`).
fn finish(hash: u64) -> u64 {
    let mut h = hash;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Character class used in shapes.
fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

/// The hash values of `token` (gazetteer part left empty).
fn word(token: &str) -> Word {
    let mut form = FNV_OFFSET;
    let mut lower = FNV_OFFSET;
    let mut shape = FNV_OFFSET;
    let mut last_class = '\0';
    let (mut prefix2, mut prefix3) = (FNV_OFFSET, FNV_OFFSET);
    let mut n = 0usize;
    for c in token.chars() {
        form = add_char(form, c);
        for l in c.to_lowercase() {
            lower = add_char(lower, l);
            if n < 2 {
                prefix2 = add_char(prefix2, l);
            }
            if n < 3 {
                prefix3 = add_char(prefix3, l);
            }
            n += 1;
        }
        let k = class(c);
        if k != last_class {
            shape = add_char(shape, k);
            last_class = k;
        }
    }
    let mut suffixes = [FNV_OFFSET; 3];
    let mut tail = ['\0'; 4];
    let mut m = 0;
    for c in token.chars().rev().flat_map(char::to_lowercase).take(4) {
        tail[m] = c;
        m += 1;
    }
    for (k, suffix) in suffixes.iter_mut().enumerate() {
        let len = (k + 2).min(m);
        for &c in tail[..len].iter().rev() {
            *suffix = add_char(*suffix, c);
        }
    }
    Word {
        form,
        lower,
        shape,
        prefix2,
        prefix3,
        suffix2: suffixes[0],
        suffix3: suffixes[1],
        suffix4: suffixes[2],
        gazetteer: 0,
    }
}

/// Hash of a gazetteer tag (0 outside matches).
fn gazetteer_value(tag: Option<GazetteerTag>) -> u64 {
    match tag {
        None => 0,
        Some(tag) => {
            let part = match tag.part {
                Part::Begin => 1,
                Part::Inside => 2,
                Part::Last => 3,
                Part::Unit => 4,
            };
            mix(part, u64::from(tag.types) + 7)
        }
    }
}

/// Capitalisation style of a whole sentence: 0 prose, 1 title case, 2 all
/// capitals.
fn style(tokens: &[&str]) -> u64 {
    let (mut long, mut capitalised, mut any_letter, mut any_lower) = (0, 0, false, false);
    for token in tokens {
        let mut chars = token.chars();
        let Some(first) = chars.next() else { continue };
        if !token.chars().any(char::is_alphabetic) {
            continue;
        }
        any_letter = true;
        any_lower |= token.chars().any(char::is_lowercase);
        if token.chars().count() >= 4 {
            long += 1;
            if first.is_uppercase() {
                capitalised += 1;
            }
        }
    }
    if any_letter && !any_lower {
        2
    } else {
        u64::from(long >= 3 && capitalised * 4 >= long * 3)
    }
}

/// Appends the feature rows (`TEMPLATES` per token, each `< 2^bits`) of
/// `tokens` to `out`.
pub fn extract(tokens: &[&str], gazetteer: &Gazetteer, bits: u32, out: &mut Vec<u32>) {
    let tags = gazetteer.tag(tokens);
    let words: Vec<Word> = tokens
        .iter()
        .zip(&tags)
        .map(|(token, tag)| Word {
            gazetteer: gazetteer_value(*tag),
            ..word(token)
        })
        .collect();
    let sentence_style = style(tokens);
    let boundary = Word {
        form: BOUNDARY,
        lower: BOUNDARY,
        shape: BOUNDARY,
        prefix2: BOUNDARY,
        prefix3: BOUNDARY,
        suffix2: BOUNDARY,
        suffix3: BOUNDARY,
        suffix4: BOUNDARY,
        gazetteer: BOUNDARY,
    };
    let at = |i: isize| -> Word {
        usize::try_from(i)
            .ok()
            .and_then(|i| words.get(i))
            .copied()
            .unwrap_or(boundary)
    };
    let shift = 64 - bits;
    out.reserve(tokens.len() * TEMPLATES);
    for i in 0..tokens.len() {
        let p = i as isize;
        let (w, prev, next, prev2, next2) = (at(p), at(p - 1), at(p + 1), at(p - 2), at(p + 2));
        let first = u64::from(i == 0);
        let values: [u64; TEMPLATES] = [
            0,
            w.form,
            w.lower,
            w.shape,
            w.prefix2,
            w.prefix3,
            w.suffix2,
            w.suffix3,
            w.suffix4,
            prev.lower,
            next.lower,
            prev2.lower,
            next2.lower,
            prev.shape,
            next.shape,
            mix(prev.shape, w.shape),
            mix(w.shape, next.shape),
            mix(prev.lower, w.lower),
            mix(w.lower, next.lower),
            mix(prev.lower, w.shape),
            mix(w.shape, next.lower),
            mix(first, w.shape),
            if i == 0 { w.lower } else { BOUNDARY },
            mix(sentence_style, w.shape),
            mix(sentence_style, mix(prev.shape, w.shape)),
            w.gazetteer,
            mix(w.gazetteer, w.shape),
            prev.gazetteer,
            next.gazetteer,
            mix(prev.gazetteer, mix(w.gazetteer, next.gazetteer)),
            prev.form,
            next.form,
            prev2.shape,
            next2.shape,
            mix(first, w.gazetteer),
            mix(next.suffix3, w.shape),
        ];
        for (template, value) in values.into_iter().enumerate() {
            let hash = finish(mix(template as u64 + 1, value));
            out.push((hash >> shift) as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::EntityType;

    fn rows(tokens: &[&str], gazetteer: &Gazetteer) -> Vec<u32> {
        let mut out = Vec::new();
        extract(tokens, gazetteer, 20, &mut out);
        out
    }

    #[test]
    fn shapes_collapse_repeats_and_lower_ignores_case() {
        assert_eq!(word("Kabul").shape, word("Paris").shape);
        assert_ne!(word("Kabul").shape, word("KABUL").shape);
        assert_eq!(word("U.S.").shape, word("U.K.").shape);
        assert_eq!(word("Kabul").lower, word("KABUL").lower);
        assert_ne!(word("Kabul").form, word("KABUL").form);
        assert_eq!(word("Bush").suffix2, word("Rush").suffix2);
        assert_eq!(word("Bushes").prefix3, word("bus").prefix3);
        // Short words: the suffix is the whole word.
        assert_eq!(word("of").suffix4, word("OF").suffix2);
    }

    #[test]
    fn features_see_neighbours_and_position() {
        let g = Gazetteer::default();
        let a = rows(&["said", "Smith", "today"], &g);
        let b = rows(&["said", "Smith", "yesterday"], &g);
        let token = |v: &[u32], i: usize| v[i * TEMPLATES..(i + 1) * TEMPLATES].to_vec();
        let (a1, b1) = (token(&a, 1), token(&b, 1));
        // Same token, different right neighbour: most features agree, the
        // ones reading the next word differ.
        let differing = a1.iter().zip(&b1).filter(|(x, y)| x != y).count();
        assert!((2..=6).contains(&differing), "{differing}");
        assert_eq!(a1[1], b1[1]);
        // The same word first in a sentence gets different position features.
        let c = rows(&["Smith", "said"], &g);
        assert_ne!(token(&c, 0)[21], a1[21]);
        // Deterministic.
        assert_eq!(a, rows(&["said", "Smith", "today"], &g));
    }

    #[test]
    fn gazetteer_membership_is_a_feature() {
        let mut g = Gazetteer::default();
        g.add("Kabul", EntityType::Gpe);
        let with = rows(&["in", "Kabul"], &g);
        let without = rows(&["in", "Kabul"], &Gazetteer::default());
        assert_ne!(with[TEMPLATES + 25], without[TEMPLATES + 25]);
        assert_eq!(with[TEMPLATES + 1], without[TEMPLATES + 1]);
    }

    #[test]
    fn sentence_style_detects_headlines_and_capitals() {
        assert_eq!(style(&["Troops", "Leave", "Northern", "Syria"]), 1);
        assert_eq!(style(&["TROOPS", "LEAVE", "SYRIA", "."]), 2);
        assert_eq!(style(&["Troops", "left", "northern", "Syria", "today"]), 0);
    }
}
