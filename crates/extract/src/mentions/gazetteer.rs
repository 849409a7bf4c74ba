//! Longest-match lookup of knowledge-base names over word pieces.
//!
//! Every name and alias in the knowledge base is keyed the way
//! [`normalise_key`] spells it (lower case, hyphens as spaces, leading `the`
//! and trailing `'s` dropped), and every prefix of a key that ends on a piece
//! boundary is stored too, so a scan can stop as soon as the text leaves all
//! keys. One hash map holds both; a scan from each word costs one lookup per
//! piece it extends over.
//!
//! Case: an alias written with capitals only matches text whose words are
//! capitalised where the alias's are (`al-Sudani` matches `al-Sudani` and
//! `Al-Sudani`, `Amal` does not match `amal`); an acronym alias (`IS`, `UN`,
//! `AP`) matches only upper-case text and never inside an all-caps heading,
//! where `IS` or `WHO` are ordinary words.

use std::sync::LazyLock;

use sitrep_core::FastMap;
use sitrep_core::kb::normalise_key;
use sitrep_core::{ByteSpan, EntityType, KnowledgeBase};

use super::pieces::{Piece, PieceKind, Splitter, push_folded};

/// How one name or alias of one entry is written.
#[derive(Debug, Clone)]
struct Surface {
    /// Index of the entry in `KnowledgeBase::entries()`.
    entry: usize,
    /// Type of the entry.
    entity_type: EntityType,
    /// Per word piece: whether it starts with a capital.
    capitals: Vec<bool>,
    /// All letters upper case (two or more letters): `IRGC`, `U.S.`.
    acronym: bool,
    /// No upper-case letter at all: matches any case.
    lowercase: bool,
}

/// A gazetteer hit, in piece indices of the sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GazetteerMatch {
    /// First piece.
    pub(crate) start: usize,
    /// One past the last piece.
    pub(crate) end: usize,
    /// Entity type of the matched entry.
    pub(crate) entity_type: EntityType,
    /// Index of the entry in `KnowledgeBase::entries()`.
    pub(crate) entry: usize,
    /// Whether entries of other types share the matched key.
    pub(crate) ambiguous_type: bool,
}

/// Names of a knowledge base, keyed for matching over pieces.
#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    /// Key or key prefix → surfaces whose key it is (empty for a bare prefix).
    nodes: FastMap<String, Vec<Surface>>,
}

impl Gazetteer {
    /// The gazetteer of [`KnowledgeBase::builtin`], built once.
    pub(crate) fn builtin() -> &'static Gazetteer {
        static GAZETTEER: LazyLock<Gazetteer> =
            LazyLock::new(|| Gazetteer::from_kb(KnowledgeBase::builtin()));
        &GAZETTEER
    }

    /// Builds the gazetteer of `kb`.
    pub(crate) fn from_kb(kb: &KnowledgeBase) -> Self {
        let mut gazetteer = Gazetteer::default();
        let mut pieces = Vec::new();
        for (index, entry) in kb.entries().iter().enumerate() {
            let mut surfaces: Vec<&str> = std::iter::once(entry.name.as_str())
                .chain(entry.aliases.iter().map(String::as_str))
                .collect();
            surfaces.sort_unstable();
            surfaces.dedup();
            for surface in surfaces {
                gazetteer.insert(index, entry.entity_type, surface, &mut pieces);
            }
        }
        gazetteer
    }

    /// Adds one surface form of entry `entry`.
    fn insert(
        &mut self,
        entry: usize,
        entity_type: EntityType,
        surface: &str,
        pieces: &mut Vec<Piece>,
    ) {
        let key = normalise_key(surface);
        if key.is_empty() {
            return;
        }
        // Prefixes of the key at piece boundaries.
        pieces.clear();
        Splitter::default().split(&key, ByteSpan::new(0, key.len()), pieces);
        let mut prefix = String::with_capacity(key.len());
        let mut pending_space = false;
        for piece in pieces.iter() {
            if append_piece(&mut prefix, &key, *piece, &mut pending_space) {
                self.nodes.entry(prefix.clone()).or_default();
            }
        }
        // Capitals of the surface's words, without a leading `the` the key dropped.
        pieces.clear();
        Splitter::default().split(surface, ByteSpan::new(0, surface.len()), pieces);
        let mut words: Vec<&str> = pieces
            .iter()
            .filter(|p| p.kind == PieceKind::Word)
            .map(|p| p.text(surface))
            .collect();
        if words.len() > 1 && words[0].eq_ignore_ascii_case("the") && !key.starts_with("the ") {
            words.remove(0);
        }
        let letters = || surface.chars().filter(|c| c.is_alphabetic());
        let acronym = letters().count() >= 2 && letters().all(char::is_uppercase);
        let lowercase = !surface.chars().any(char::is_uppercase);
        let capitals = words
            .iter()
            .map(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let surface = Surface {
            entry,
            entity_type,
            capitals,
            acronym,
            lowercase,
        };
        let node = self.nodes.entry(key).or_default();
        let duplicate = node.iter().any(|s| {
            s.entry == surface.entry
                && s.capitals == surface.capitals
                && s.acronym == surface.acronym
                && s.lowercase == surface.lowercase
        });
        if !duplicate {
            node.push(surface);
        }
    }

    /// The longest match starting at piece `start` of `pieces` (over `text`),
    /// if any. `all_caps` says the sentence has no lower-case letter.
    pub(crate) fn longest_at(
        &self,
        text: &str,
        pieces: &[Piece],
        start: usize,
        all_caps: bool,
        key: &mut String,
        capitals: &mut Vec<bool>,
    ) -> Option<GazetteerMatch> {
        if pieces[start].kind != PieceKind::Word {
            return None;
        }
        key.clear();
        capitals.clear();
        let mut pending_space = false;
        let mut best = None;
        for (index, piece) in pieces.iter().enumerate().skip(start) {
            if !append_piece(key, text, *piece, &mut pending_space) {
                continue;
            }
            if piece.kind == PieceKind::Word {
                capitals.push(piece.is_capitalised(text));
            }
            let Some(surfaces) = self.nodes.get(key.as_str()) else {
                break;
            };
            if surfaces.is_empty() {
                continue;
            }
            let piece_text = &text[pieces[start].start..piece.end];
            let upper = piece_text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            let mut chosen: Option<&Surface> = None;
            let mut ambiguous_type = false;
            for surface in surfaces {
                if !surface_matches(surface, capitals, upper, all_caps) {
                    continue;
                }
                match chosen {
                    None => chosen = Some(surface),
                    Some(first) if first.entity_type != surface.entity_type => {
                        ambiguous_type = true;
                    }
                    Some(_) => {}
                }
            }
            if let Some(surface) = chosen {
                best = Some(GazetteerMatch {
                    start,
                    end: index + 1,
                    entity_type: surface.entity_type,
                    entry: surface.entry,
                    ambiguous_type,
                });
            }
        }
        best
    }

    /// The type of the entry named exactly by pieces `start..end`, if the
    /// whole span is a knowledge-base name (case is not checked).
    pub(crate) fn type_of_span(
        &self,
        text: &str,
        pieces: &[Piece],
        start: usize,
        end: usize,
        key: &mut String,
    ) -> Option<EntityType> {
        key.clear();
        let mut pending_space = false;
        for piece in &pieces[start..end] {
            append_piece(key, text, *piece, &mut pending_space);
        }
        self.nodes
            .get(key.as_str())
            .and_then(|surfaces| surfaces.first())
            .map(|s| s.entity_type)
    }
}

/// Appends `piece` to `key` in key spelling; returns false for a hyphen
/// (which only leaves a pending space, since keys spell hyphens as spaces).
fn append_piece(key: &mut String, text: &str, piece: Piece, pending_space: &mut bool) -> bool {
    if piece.kind == PieceKind::Hyphen {
        *pending_space = true;
        return false;
    }
    if !key.is_empty() && (*pending_space || piece.space_before) {
        key.push(' ');
    }
    *pending_space = false;
    push_folded(key, piece.text(text));
    true
}

/// Whether text with word capitals `capitals` (all letters upper case when
/// `upper`) may be a mention of `surface`.
fn surface_matches(surface: &Surface, capitals: &[bool], upper: bool, all_caps: bool) -> bool {
    if surface.acronym {
        return upper && !all_caps;
    }
    if surface.lowercase {
        return true;
    }
    if surface.capitals.len() == capitals.len() {
        surface
            .capitals
            .iter()
            .zip(capitals)
            .all(|(&wanted, &found)| !wanted || found)
    } else {
        capitals.iter().any(|&c| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::kb::KbEntry;

    fn kb(entries: &[(&str, &str, EntityType, &[&str])]) -> KnowledgeBase {
        let mut kb = KnowledgeBase::default();
        for (id, name, entity_type, aliases) in entries {
            kb.push(KbEntry {
                kb_id: (*id).to_owned(),
                name: (*name).to_owned(),
                entity_type: *entity_type,
                country: None,
                lat: None,
                lon: None,
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            });
        }
        kb
    }

    /// All longest matches left to right (no overlap), as text and type.
    fn matches(gazetteer: &Gazetteer, text: &str) -> Vec<(String, EntityType)> {
        let mut pieces = Vec::new();
        Splitter::default().split(text, ByteSpan::new(0, text.len()), &mut pieces);
        let all_caps = !text.chars().any(char::is_lowercase);
        let (mut key, mut capitals) = (String::new(), Vec::new());
        let mut out = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            if let Some(m) =
                gazetteer.longest_at(text, &pieces, i, all_caps, &mut key, &mut capitals)
            {
                out.push((
                    text[pieces[m.start].start..pieces[m.end - 1].end].to_owned(),
                    m.entity_type,
                ));
                i = m.end;
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn longest_match_spans_hyphens_and_stops_before_possessives() {
        let kb = kb(&[
            (
                "p1",
                "Mohammed Shia al-Sudani",
                EntityType::Person,
                &["Sudani", "al-Sudani"],
            ),
            ("g1", "Iran", EntityType::Gpe, &[]),
            (
                "o1",
                "Islamic Revolutionary Guard Corps",
                EntityType::Organisation,
                &["Iran's Revolutionary Guard Corps", "IRGC"],
            ),
        ]);
        let gazetteer = Gazetteer::from_kb(&kb);
        assert_eq!(
            matches(
                &gazetteer,
                "Mohammed Shia al-Sudani met al-Sudani and Sudani in Iran’s capital."
            ),
            vec![
                ("Mohammed Shia al-Sudani".to_owned(), EntityType::Person),
                ("al-Sudani".to_owned(), EntityType::Person),
                ("Sudani".to_owned(), EntityType::Person),
                ("Iran".to_owned(), EntityType::Gpe),
            ]
        );
        assert_eq!(
            matches(
                &gazetteer,
                "used by Iran’s Revolutionary Guard Corps and Iran-backed IRGC units"
            ),
            vec![
                (
                    "Iran’s Revolutionary Guard Corps".to_owned(),
                    EntityType::Organisation
                ),
                ("Iran".to_owned(), EntityType::Gpe),
                ("IRGC".to_owned(), EntityType::Organisation),
            ]
        );
    }

    #[test]
    fn case_rules_for_names_and_acronyms() {
        let kb = kb(&[
            ("o1", "Amal Movement", EntityType::Organisation, &["Amal"]),
            ("o2", "Islamic State", EntityType::Organisation, &["IS"]),
            ("g1", "Iraq", EntityType::Gpe, &[]),
        ]);
        let gazetteer = Gazetteer::from_kb(&kb);
        assert!(matches(&gazetteer, "a sense of amal and hope").is_empty());
        assert_eq!(matches(&gazetteer, "Amal said").len(), 1);
        assert!(matches(&gazetteer, "It is what it is. Is it?").is_empty());
        assert_eq!(
            matches(&gazetteer, "to counter IS in Iraq"),
            vec![
                ("IS".to_owned(), EntityType::Organisation),
                ("Iraq".to_owned(), EntityType::Gpe)
            ]
        );
        // In an all-caps heading acronyms are ordinary words; names still match.
        assert_eq!(
            matches(&gazetteer, "WHY IS IRAQ SENSITIVE"),
            vec![("IRAQ".to_owned(), EntityType::Gpe)]
        );
    }
}
