//! Corrections an analyst writes by hand, applied after the automatic
//! decisions: `data/kb/overrides.tsv` (compiled in), one rule a line, tab
//! separated, `#` for comments:
//!
//! ```text
//! action  type    name          target
//! link    PERSON  Kennedy       sitrep:charles-kennedy   the cluster links to this entry (score 1)
//! unlink  GPE     Kennedy       -                        the cluster never links
//! split   PERSON  Smith         -                        never joined across articles
//! merge   ORG     Hizbullah     Hezbollah                joins the entity named `target`
//! ```
//!
//! `sitrep --kb-overrides PATH` adds the rules of another file of the same
//! format on top of these.
//!
//! `type` is an entity type label (`PERSON`, `ORG`, `GPE`, `LOC`, `FAC`,
//! `NORP`) or `*` for any; `name` matches any mention of the cluster after
//! folding (case, punctuation, accents). A rule's effect is written to the
//! entity's `merge_evidence` (`override: …`).

use std::collections::HashMap;

use sitrep_core::{EntityType, KnowledgeBase};

use crate::names::fold;

const BUILTIN: &str = include_str!("../../../data/kb/overrides.tsv");

/// What an override does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Link to this knowledge-base id.
    Link(String),
    /// Never link.
    Unlink,
    /// Never join clusters of other articles.
    Split,
    /// Join the entity of clusters with this (folded) name.
    Merge(String),
}

/// Parsed override rules, keyed by type (`None` for `*`) and folded name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    rules: HashMap<(Option<EntityType>, String), Action>,
}

impl Overrides {
    /// The rules of `data/kb/overrides.tsv`.
    ///
    /// # Panics
    /// If the committed file is malformed, which a unit test rules out.
    #[must_use]
    pub fn builtin() -> &'static Overrides {
        static RULES: std::sync::OnceLock<Overrides> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            Overrides::parse("data/kb/overrides.tsv", BUILTIN, KnowledgeBase::linking())
                .expect("data/kb/overrides.tsv is valid")
        })
    }

    /// Parses override rules; `file` names the source in errors, and `kb`
    /// must hold every id a `link` rule names.
    pub fn parse(file: &str, text: &str, kb: &KnowledgeBase) -> Result<Self, String> {
        let mut rules = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let at = format!("{file}:{}", i + 1);
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [action, ty, name, target] = fields.as_slice() else {
                return Err(format!(
                    "{at}: expected 4 tab-separated fields (action, type, name, target), found {}",
                    fields.len()
                ));
            };
            let ty = match *ty {
                "*" => None,
                label => Some(
                    label
                        .parse::<EntityType>()
                        .map_err(|e| format!("{at}: {e}"))?,
                ),
            };
            let action = match *action {
                "link" if kb.get(target).is_some() => Action::Link((*target).to_owned()),
                "link" => return Err(format!("{at}: unknown knowledge-base id `{target}`")),
                "unlink" => Action::Unlink,
                "split" => Action::Split,
                "merge" if !fold(target).is_empty() => Action::Merge(fold(target)),
                "merge" => return Err(format!("{at}: merge needs a target name")),
                other => {
                    return Err(format!(
                        "{at}: unknown action `{other}` (expected link, unlink, split or merge)"
                    ));
                }
            };
            let key = fold(name);
            if key.is_empty() {
                return Err(format!("{at}: empty name"));
            }
            rules.insert((ty, key), action);
        }
        Ok(Self { rules })
    }

    /// The built-in rules with those of the file at `path` on top (a rule of
    /// the file replaces a built-in rule for the same type and name); an
    /// unreadable file or a bad line is an error naming the file (and line).
    pub fn builtin_and_file(path: &std::path::Path, kb: &KnowledgeBase) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let added = Self::parse(&path.display().to_string(), &text, kb)?;
        let mut rules = Self::builtin().clone();
        rules.rules.extend(added.rules);
        Ok(rules)
    }

    /// Number of rules.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there is no rule.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule for a cluster of type `ty` with these mention texts, if any
    /// (a rule for the exact type wins over a `*` rule).
    pub(crate) fn find(&self, ty: EntityType, texts: &[&str]) -> Option<&Action> {
        if self.rules.is_empty() {
            return None;
        }
        let keys: Vec<String> = texts.iter().map(|t| fold(t)).collect();
        keys.iter()
            .find_map(|k| self.rules.get(&(Some(ty), k.clone())))
            .or_else(|| keys.iter().find_map(|k| self.rules.get(&(None, k.clone()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse() {
        let _ = Overrides::builtin();
    }

    #[test]
    fn bad_lines_name_file_line_and_reason() {
        let kb = KnowledgeBase::builtin();
        let err = Overrides::parse("o.tsv", "# c\nlink\tPERSON\tX\n", kb).unwrap_err();
        assert!(err.starts_with("o.tsv:2: expected 4"), "{err}");
        let err = Overrides::parse("o.tsv", "link\tPERSON\tX\tQ0\n", kb).unwrap_err();
        assert_eq!(err, "o.tsv:1: unknown knowledge-base id `Q0`");
        let err = Overrides::parse("o.tsv", "join\t*\tX\tY\n", kb).unwrap_err();
        assert!(err.contains("unknown action `join`"), "{err}");
        let err = Overrides::parse("o.tsv", "split\tTHING\tX\t-\n", kb).unwrap_err();
        assert!(err.contains("unknown entity type `THING`"), "{err}");
    }

    #[test]
    fn a_file_adds_to_the_builtin_rules_and_its_errors_name_it() {
        let kb = KnowledgeBase::builtin();
        let dir = std::env::temp_dir().join(format!("sitrep-overrides-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("mine.tsv");
        std::fs::write(&path, "# mine\nsplit\tPERSON\tJohn Smith\t-\n").unwrap();
        let rules = Overrides::builtin_and_file(&path, kb).unwrap();
        assert_eq!(rules.len(), Overrides::builtin().len() + 1);
        assert_eq!(
            rules.find(EntityType::Person, &["John Smith"]),
            Some(&Action::Split)
        );
        std::fs::write(&path, "split\tPERSON\n").unwrap();
        let err = Overrides::builtin_and_file(&path, kb).unwrap_err();
        assert!(
            err.starts_with(&format!("{}:1: expected 4", path.display())),
            "{err}"
        );
        let err = Overrides::builtin_and_file(&dir.join("none.tsv"), kb).unwrap_err();
        assert!(
            err.starts_with("cannot read ") && err.contains("none.tsv"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rules_match_folded_names_and_exact_types_first() {
        let kb = KnowledgeBase::builtin();
        let rules = Overrides::parse(
            "o.tsv",
            "split\t*\tSmith\t-\nunlink\tGPE\tKennedy\t-\nmerge\tORG\tHizbullah\tHezbollah\n",
            kb,
        )
        .unwrap();
        assert_eq!(
            rules.find(EntityType::Person, &["SMITH."]),
            Some(&Action::Split)
        );
        assert_eq!(
            rules.find(EntityType::Gpe, &["Kennedy"]),
            Some(&Action::Unlink)
        );
        assert_eq!(rules.find(EntityType::Person, &["Kennedy"]), None);
        assert_eq!(
            rules.find(EntityType::Organisation, &["Hizbullah"]),
            Some(&Action::Merge("hezbollah".to_owned()))
        );
    }
}
