//! Lemmatiser: exceptions looked up by (form, XPOS), then learned suffix
//! edit scripts.
//!
//! Training turns each (form, XPOS, lemma) type into an *edit script*: strip
//! `n` characters from the end, append a string, and say whether the form is
//! lower-cased first (`running` → strip 3, append `""`... `studies` → strip
//! 3, append `y`). For every XPOS and form suffix of up to five characters
//! the most frequent script is kept, but only where it differs from the one
//! for the suffix a character shorter, so the rules stay small. A word is
//! lemmatised by the longest matching suffix rule for its XPOS; forms whose
//! training lemma the rules would get wrong are kept as exceptions.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::ModelError;
use crate::bytes::{Reader, Writer};
use crate::hash::{BuildKeyHasher, hash_str, mix};

const MAX_SUFFIX: usize = 5;

/// An edit from a form to its lemma.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Script {
    lower: bool,
    strip: u8,
    append: String,
}

impl Script {
    /// The script that turns `form` into `lemma`, if one exists.
    fn learn(form: &str, lemma: &str) -> Self {
        let lowered = form.to_lowercase();
        let (lower, source) = if lemma.starts_with(|c: char| c.is_lowercase())
            || lemma.chars().next() == lowered.chars().next()
        {
            (true, lowered.as_str())
        } else {
            (false, form)
        };
        let common = source
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let strip = source.chars().count() - common;
        let append: String = lemma.chars().skip(common).collect();
        Self {
            lower,
            strip: u8::try_from(strip).unwrap_or(u8::MAX),
            append,
        }
    }

    /// The lemma of `form` (whose lower-cased form is `lower`).
    fn apply(&self, form: &str, lower: &str) -> Option<String> {
        let source = if self.lower { lower } else { form };
        let n = source.chars().count();
        let strip = usize::from(self.strip);
        if strip > n || (strip == n && self.append.is_empty()) {
            return None;
        }
        let mut out: String = source.chars().take(n - strip).collect();
        out.push_str(&self.append);
        Some(out)
    }
}

/// The trained lemmatiser.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lemmatiser {
    exceptions: HashMap<u64, String, BuildKeyHasher>,
    rules: HashMap<u64, Script, BuildKeyHasher>,
}

fn exception_key(form: &str, xpos: &str) -> u64 {
    mix(hash_str(form), hash_str(xpos))
}

fn rule_key(xpos: &str, suffix: &str) -> u64 {
    rule_key_hashed(rule_tag(xpos), suffix)
}

/// The part of a rule key that depends on the tag (hashed once per word).
fn rule_tag(xpos: &str) -> u64 {
    hash_str(xpos) ^ 0x51
}

fn rule_key_hashed(tag: u64, suffix: &str) -> u64 {
    mix(tag, hash_str(suffix))
}

/// Suffixes of `lower` from the longest (up to [`MAX_SUFFIX`] characters, the
/// whole word when it is that short) to the empty one.
fn suffixes(lower: &str) -> impl Iterator<Item = &str> {
    let mut starts = [lower.len(); MAX_SUFFIX];
    let mut n = 0;
    for (at, _) in lower.char_indices().rev().take(MAX_SUFFIX) {
        starts[n] = at;
        n += 1;
    }
    (0..n)
        .rev()
        .map(move |k| &lower[starts[k]..])
        .chain(std::iter::once(""))
}

impl Lemmatiser {
    /// Lemma of `form` tagged `xpos`.
    pub(crate) fn lemma<'a>(&'a self, form: &'a str, xpos: &str) -> Cow<'a, str> {
        if let Some(lemma) = self.exceptions.get(&exception_key(form, xpos)) {
            return Cow::Borrowed(lemma);
        }
        self.by_rule(form, xpos)
            .map_or(Cow::Borrowed(form), Cow::Owned)
    }

    fn by_rule(&self, form: &str, xpos: &str) -> Option<String> {
        let lower = form.to_lowercase();
        let tag = rule_tag(xpos);
        for suffix in suffixes(&lower) {
            if let Some(script) = self.rules.get(&rule_key_hashed(tag, suffix)) {
                return script.apply(form, &lower);
            }
        }
        None
    }

    /// Learns from `(form, xpos, lemma)` tokens.
    pub(crate) fn train<'a>(tokens: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        // Distinct types, with their most frequent lemma.
        let mut types: BTreeMap<(&str, &str), BTreeMap<&str, u32>> = BTreeMap::new();
        for (form, xpos, lemma) in tokens {
            if lemma == "_" {
                continue;
            }
            *types
                .entry((form, xpos))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        let lemma_of = |by_lemma: &BTreeMap<&'a str, u32>| -> &'a str {
            let mut best = ("", 0);
            for (&lemma, &n) in by_lemma {
                if n > best.1 {
                    best = (lemma, n);
                }
            }
            best.0
        };
        // Script counts per (xpos, suffix).
        let mut counts: BTreeMap<(&str, String), BTreeMap<Script, u32>> = BTreeMap::new();
        for (&(form, xpos), by_lemma) in &types {
            let script = Script::learn(form, lemma_of(by_lemma));
            let lower = form.to_lowercase();
            for suffix in suffixes(&lower) {
                *counts
                    .entry((xpos, suffix.to_owned()))
                    .or_default()
                    .entry(script.clone())
                    .or_default() += 1;
            }
        }
        let best: BTreeMap<&(&str, String), &Script> = counts
            .iter()
            .map(|(key, scripts)| {
                let mut top: Option<(&Script, u32)> = None;
                for (script, &n) in scripts {
                    if top.is_none_or(|(_, m)| n > m) {
                        top = Some((script, n));
                    }
                }
                (key, top.expect("at least one script").0)
            })
            .collect();
        let mut rules = HashMap::with_hasher(BuildKeyHasher);
        for (&(xpos, suffix), &script) in &best {
            let parent = suffix
                .char_indices()
                .nth(1)
                .map_or("", |(i, _)| &suffix[i..]);
            let same_as_parent = !suffix.is_empty()
                && best
                    .get(&(*xpos, parent.to_owned()))
                    .is_some_and(|&p| p == script);
            if !same_as_parent {
                rules.insert(rule_key(xpos, suffix), script.clone());
            }
        }
        let mut lemmatiser = Self {
            exceptions: HashMap::with_hasher(BuildKeyHasher),
            rules,
        };
        for (&(form, xpos), by_lemma) in &types {
            let lemma = lemma_of(by_lemma);
            if lemmatiser.lemma(form, xpos) != lemma {
                lemmatiser
                    .exceptions
                    .insert(exception_key(form, xpos), lemma.to_owned());
            }
        }
        lemmatiser
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        let mut exceptions: Vec<(&u64, &String)> = self.exceptions.iter().collect();
        exceptions.sort_unstable();
        out.len(exceptions.len());
        for (&key, lemma) in exceptions {
            out.u64(key);
            out.str(lemma);
        }
        let mut rules: Vec<(&u64, &Script)> = self.rules.iter().collect();
        rules.sort_unstable();
        out.len(rules.len());
        for (&key, script) in rules {
            out.u64(key);
            out.u8(u8::from(script.lower));
            out.u8(script.strip);
            out.str(&script.append);
        }
    }

    pub(crate) fn read(input: &mut Reader<'_>) -> Result<Self, ModelError> {
        let mut exceptions = HashMap::with_hasher(BuildKeyHasher);
        for _ in 0..input.len()? {
            let key = input.u64()?;
            exceptions.insert(key, input.str()?);
        }
        let mut rules = HashMap::with_hasher(BuildKeyHasher);
        for _ in 0..input.len()? {
            let key = input.u64()?;
            let lower = input.u8()? != 0;
            let strip = input.u8()?;
            let append = input.str()?;
            rules.insert(
                key,
                Script {
                    lower,
                    strip,
                    append,
                },
            );
        }
        Ok(Self { exceptions, rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_suffix_rules_and_exceptions() {
        let data = [
            ("walked", "VBD", "walk"),
            ("jumped", "VBD", "jump"),
            ("went", "VBD", "go"),
            ("studies", "NNS", "study"),
            ("flies", "NNS", "fly"),
            ("cats", "NNS", "cat"),
            ("dogs", "NNS", "dog"),
            ("The", "DT", "the"),
            ("Paris", "NNP", "Paris"),
        ];
        let lemmatiser = Lemmatiser::train(data.iter().copied());
        for (form, xpos, lemma) in data {
            assert_eq!(lemmatiser.lemma(form, xpos), lemma, "{form}");
        }
        // Unseen words follow the suffix rules.
        assert_eq!(lemmatiser.lemma("talked", "VBD"), "talk");
        assert_eq!(lemmatiser.lemma("parties", "NNS"), "party");
        assert_eq!(lemmatiser.lemma("Birds", "NNS"), "bird");
        let mut out = Writer::default();
        lemmatiser.write(&mut out);
        let read = Lemmatiser::read(&mut Reader::new(&out.bytes)).unwrap();
        assert_eq!(read.lemma("went", "VBD"), "go");
        let mut again = Writer::default();
        read.write(&mut again);
        assert_eq!(out.bytes, again.bytes);
    }
}
