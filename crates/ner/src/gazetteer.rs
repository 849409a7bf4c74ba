//! Knowledge-base membership of tokens, as tagger features.
//!
//! Every name and alias of the knowledge base (`data/kb/actors.tsv`,
//! `data/kb/places.tsv`) is a key; a sentence's tokens are matched against
//! the keys longest-first, left to right, comparing lower-cased tokens joined
//! by one space (hyphen tokens skipped, so `al - Sudani` meets `al-Sudani`;
//! clitics such as `'s` joined without a space). Each token in a match gets a
//! [`GazetteerTag`]: its position in the match (BILOU) and the set of types
//! the key names. The tagger uses the tags as features, so the data decide
//! how far to trust them: `Turkey` at the start of `Turkey sandwich` is
//! still matched, and the tagger learns what the match is worth.
//!
//! ```
//! use sitrep_ner::Gazetteer;
//! let gazetteer = Gazetteer::builtin();
//! let tags = gazetteer.tag(&["Troops", "left", "Ain", "al", "-", "Asad", "and", "Iraq", "."]);
//! assert!(tags[0].is_none() && tags[1].is_none());
//! assert!(tags[7].is_some());
//! ```
//!
//! Known misses: keys are compared after lower-casing only, so spelling
//! variants the knowledge base lacks are not matched; a leading `the` or a
//! trailing `'s` in the text is not part of any key and stays outside.

use std::sync::OnceLock;

use sitrep_core::{EntityType, FastMap, FastSet, KnowledgeBase};

use crate::labels::Part;

/// Position of a token in a knowledge-base match and the types of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GazetteerTag {
    /// Position in the match.
    pub part: Part,
    /// Bit `i` set when the key names an entry of type `EntityType::ALL[i]`.
    pub types: u8,
}

/// Keys of the knowledge base, for matching token sequences.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Full keys and their type sets.
    keys: FastMap<String, u8>,
    /// Every word prefix of a key (including the keys themselves).
    prefixes: FastSet<String>,
}

/// Whether a token is left out of keys (hyphens join words in names).
fn skipped(token: &str) -> bool {
    matches!(token, "-" | "\u{2010}" | "\u{2011}")
}

/// Appends `token` to `key` in the key's spelling.
fn push_token(key: &mut String, token: &str) {
    if !key.is_empty() && !token.starts_with('\'') {
        key.push(' ');
    }
    if token.is_ascii() {
        let from = key.len();
        key.push_str(token);
        key[from..].make_ascii_lowercase();
    } else {
        for c in token.chars() {
            key.extend(c.to_lowercase());
        }
    }
}

/// The bit of `entity_type` in a type set.
fn bit(entity_type: EntityType) -> u8 {
    let i = EntityType::ALL
        .iter()
        .position(|&t| t == entity_type)
        .unwrap_or(0);
    1 << i
}

impl Gazetteer {
    /// The gazetteer of the built-in knowledge base, built once.
    #[must_use]
    pub fn builtin() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| Gazetteer::from_kb(KnowledgeBase::builtin()))
    }

    /// A gazetteer of every name and alias in `kb`.
    #[must_use]
    pub fn from_kb(kb: &KnowledgeBase) -> Self {
        let mut gazetteer = Self::default();
        for entry in kb.entries() {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                gazetteer.add(name, entry.entity_type);
            }
        }
        gazetteer
    }

    /// Adds `name` as a key of type `entity_type`. The name is split on
    /// spaces and hyphens, and apostrophe clitics are split off, roughly as
    /// the tokenizer does.
    pub fn add(&mut self, name: &str, entity_type: EntityType) {
        let mut key = String::new();
        let mut word_ends = Vec::new();
        for word in name.split(|c: char| c.is_whitespace() || c == '-') {
            let word = word.trim_matches(|c: char| c == ',' || c == '"');
            if word.is_empty() {
                continue;
            }
            let folded = word.replace('\u{2019}', "'");
            match folded.find('\'') {
                Some(at) if at > 0 => {
                    push_token(&mut key, &folded[..at]);
                    word_ends.push(key.len());
                    push_token(&mut key, &folded[at..]);
                }
                _ => push_token(&mut key, &folded),
            }
            word_ends.push(key.len());
        }
        if key.is_empty() {
            return;
        }
        for end in word_ends {
            self.prefixes.insert(key[..end].to_owned());
        }
        *self.keys.entry(key).or_default() |= bit(entity_type);
    }

    /// The tag of each token (`None` outside every match); see the module
    /// docs.
    #[must_use]
    pub fn tag(&self, tokens: &[&str]) -> Vec<Option<GazetteerTag>> {
        self.tag_where(tokens, |_| true)
    }

    /// Whether a key can start with `token` (what [`Gazetteer::tag`] checks
    /// first at each token; the tagger remembers it per word type).
    #[must_use]
    pub(crate) fn starts_key(&self, token: &str) -> bool {
        if skipped(token) || !token.starts_with(char::is_alphanumeric) {
            return false;
        }
        let mut key = String::with_capacity(token.len());
        push_token(&mut key, token);
        self.prefixes.contains(key.as_str())
    }

    /// As [`Gazetteer::tag`], trying matches only at the tokens where
    /// `may_start` holds (it must hold wherever [`Gazetteer::starts_key`]
    /// does).
    pub(crate) fn tag_where(
        &self,
        tokens: &[&str],
        may_start: impl Fn(usize) -> bool,
    ) -> Vec<Option<GazetteerTag>> {
        let mut tags = vec![None; tokens.len()];
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            if !may_start(i) {
                i += 1;
                continue;
            }
            let Some((end, types)) = self.longest_at(tokens, i, &mut key) else {
                i += 1;
                continue;
            };
            let words: Vec<usize> = (i..end).filter(|&j| !skipped(tokens[j])).collect();
            for (k, &j) in words.iter().enumerate() {
                let part = match (k, words.len()) {
                    (_, 1) => Part::Unit,
                    (0, _) => Part::Begin,
                    (k, n) if k + 1 == n => Part::Last,
                    _ => Part::Inside,
                };
                tags[j] = Some(GazetteerTag { part, types });
            }
            for tag in &mut tags[i..end] {
                if tag.is_none() {
                    *tag = Some(GazetteerTag {
                        part: Part::Inside,
                        types,
                    });
                }
            }
            i = end;
        }
        tags
    }

    /// The longest key starting at token `start`: its end and type set.
    fn longest_at(&self, tokens: &[&str], start: usize, key: &mut String) -> Option<(usize, u8)> {
        let first = tokens[start];
        if skipped(first) || !first.starts_with(char::is_alphanumeric) {
            return None;
        }
        key.clear();
        let mut best = None;
        for (j, token) in tokens.iter().enumerate().skip(start) {
            if skipped(token) {
                continue;
            }
            push_token(key, token);
            if !self.prefixes.contains(key.as_str()) {
                break;
            }
            if let Some(&types) = self.keys.get(key.as_str()) {
                best = Some((j + 1, types));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Gazetteer {
        let mut g = Gazetteer::default();
        g.add("Mohammed Shia al-Sudani", EntityType::Person);
        g.add("Georgia", EntityType::Gpe);
        g.add("Georgia", EntityType::Person);
        g.add("New York", EntityType::Gpe);
        g.add("People's Republic of China", EntityType::Gpe);
        g
    }

    #[test]
    fn longest_match_wins_and_hyphens_are_skipped() {
        let g = small();
        let tokens = [
            "Mohammed", "Shia", "al", "-", "Sudani", "visited", "New", "York", ".",
        ];
        let tags = g.tag(&tokens);
        let parts: Vec<Option<Part>> = tags.iter().map(|t| t.map(|t| t.part)).collect();
        assert_eq!(
            parts,
            [
                Some(Part::Begin),
                Some(Part::Inside),
                Some(Part::Inside),
                Some(Part::Inside),
                Some(Part::Last),
                None,
                Some(Part::Begin),
                Some(Part::Last),
                None
            ]
        );
        assert_eq!(tags[0].map(|t| t.types), Some(bit(EntityType::Person)));
    }

    #[test]
    fn shared_keys_carry_every_type_and_clitics_join() {
        let g = small();
        let tags = g.tag(&["georgia", "and", "People", "'s", "Republic", "of", "China"]);
        assert_eq!(
            tags[0],
            Some(GazetteerTag {
                part: Part::Unit,
                types: bit(EntityType::Gpe) | bit(EntityType::Person)
            })
        );
        assert_eq!(tags[2].map(|t| t.part), Some(Part::Begin));
        assert_eq!(tags[6].map(|t| t.part), Some(Part::Last));
        // A prefix of a key alone is no match.
        assert_eq!(g.tag(&["New", "Jersey"]), [None, None]);
    }
}
