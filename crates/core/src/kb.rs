//! The built-in knowledge base: curated actors and places with ids.
//!
//! Tab-separated files under `data/kb/` are compiled into the binary:
//! `actors.tsv` (curated people, organisations, groups, nationalities;
//! Wikidata ids), `places.tsv` (countries, regions, cities, facilities;
//! GeoNames ids and coordinates) and `actors_nsi.tsv` (armed forces,
//! ministries, police forces, parties, intergovernmental bodies and
//! companies with Wikidata items, generated from name-suggestion-index).
//! The first two find names and link them ([`KnowledgeBase::builtin`]); the
//! generated list only links names the tagger found
//! ([`KnowledgeBase::linking`]), read last, so a curated entry stays the
//! default reading of a shared name. All share one format, one entry per
//! line, `#` for comments:
//!
//! ```text
//! kb_id  name  entity_type  country  lat  lon  aliases (| separated)  [feature]
//! ```
//!
//! The optional eighth column is the place's [`Feature`] (`country`,
//! `admin1`, `region`, `city`, `facility`). Within a file, order matters: for
//! a name shared by several entries the first is the default, and cities are
//! listed by population, largest first ([`KnowledgeBase::city_rank`]).
//!
//! `kb_id` namespaces: `Q…` is a Wikidata item, `geonames:<id>` a GeoNames
//! feature, `sitrep:<slug>` a local id for a curated entry whose public id was
//! not verified from an openly licensed source (stable across releases, never
//! reused), and `sitrep:norp-<slug>` a nationality, religious or political
//! group (a group is not its country).
//!
//! Side files complete the entries: `wikidata.tsv` (from GUM) and
//! `wikidata_packages.tsv` (from two npm packages: countries, a few
//! organisations) give, as `kb_id`, Wikidata item, evidence, the Wikidata
//! item of entries whose own id is in another namespace
//! ([`KnowledgeBase::wikidata`]), and
//! `country_centroids.tsv` (ISO code, lat, lon, outline name) replaces the
//! coordinates of each country entry by its centroid.
//!
//! Lookups go through [`normalise_key`], so `al-Sudani`, `Al Sudani` and
//! `al‐Sudani` meet. Sources and licences are in `data/SOURCES.md`.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use thiserror::Error;

/// OntoNotes-style entity types used across the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    /// A person (`PERSON`).
    Person,
    /// An organisation, armed group, government body (`ORG`).
    Organisation,
    /// A country, city or state: a geopolitical entity (`GPE`).
    Gpe,
    /// A non-GPE location: region, river, valley (`LOC`).
    Location,
    /// A facility: base, airport, hospital, garrison (`FAC`).
    Facility,
    /// A nationality, religious or political group (`NORP`).
    Norp,
}

impl EntityType {
    /// All types, in table order.
    pub const ALL: [EntityType; 6] = [
        Self::Person,
        Self::Organisation,
        Self::Gpe,
        Self::Location,
        Self::Facility,
        Self::Norp,
    ];

    /// The label written in tables (`PERSON`, `ORG`, …).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Person => "PERSON",
            Self::Organisation => "ORG",
            Self::Gpe => "GPE",
            Self::Location => "LOC",
            Self::Facility => "FAC",
            Self::Norp => "NORP",
        }
    }

    /// Whether this is a place type (GPE, LOC or FAC).
    #[must_use]
    pub fn is_place(self) -> bool {
        matches!(self, Self::Gpe | Self::Location | Self::Facility)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An entity-type label that is not one of ours.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("unknown entity type `{0}` (expected PERSON, ORG, GPE, LOC, FAC or NORP)")]
pub struct UnknownEntityType(pub String);

impl FromStr for EntityType {
    type Err = UnknownEntityType;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.label() == s)
            .ok_or_else(|| UnknownEntityType(s.to_owned()))
    }
}

/// What kind of place an entry is (the `feature` column of `places.tsv`);
/// gives the `geo_precision` of a linked entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// A sovereign country or territory with an ISO code.
    Country,
    /// A first-level division: state, province, governorate, constituent country.
    Admin1,
    /// A wider area without an administration: landform, sea, river, region.
    Region,
    /// A populated place.
    City,
    /// A base, airport or other facility.
    Facility,
}

impl Feature {
    /// The label used in `places.tsv`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::Admin1 => "admin1",
            Self::Region => "region",
            Self::City => "city",
            Self::Facility => "facility",
        }
    }

    /// The precision of a point placed at this feature's coordinates:
    /// `country`, `admin1` (also regions) or `point` (cities, facilities).
    #[must_use]
    pub fn geo_precision(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::Admin1 | Self::Region => "admin1",
            Self::City | Self::Facility => "point",
        }
    }
}

impl FromStr for Feature {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Self::Country,
            Self::Admin1,
            Self::Region,
            Self::City,
            Self::Facility,
        ]
        .into_iter()
        .find(|f| f.label() == s)
        .ok_or_else(|| {
            format!("unknown feature `{s}` (expected country, admin1, region, city or facility)")
        })
    }
}

/// One knowledge-base entry.
#[derive(Debug, Clone, PartialEq)]
pub struct KbEntry {
    /// `Q…` (Wikidata) or `geonames:…`.
    pub kb_id: String,
    /// Canonical name.
    pub name: String,
    /// Entity type.
    pub entity_type: EntityType,
    /// ISO 3166-1 alpha-2 country code, when meaningful.
    pub country: Option<String>,
    /// Latitude (WGS84), for places.
    pub lat: Option<f64>,
    /// Longitude (WGS84), for places.
    pub lon: Option<f64>,
    /// Other names, as written in text.
    pub aliases: Vec<String>,
}

/// A line of a knowledge-base file that could not be read.
#[derive(Debug, Error, PartialEq)]
pub enum KbError {
    /// Wrong number of fields.
    #[error("{file}:{line}: expected 7 or 8 tab-separated fields, found {found}")]
    Fields {
        /// File name.
        file: String,
        /// Line number (1-based).
        line: usize,
        /// Fields found.
        found: usize,
    },
    /// A field that did not parse.
    #[error("{file}:{line}: {message}")]
    Field {
        /// File name.
        file: String,
        /// Line number (1-based).
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// Actors and places, indexed by normalised name and alias.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    entries: Vec<KbEntry>,
    by_key: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
    features: HashMap<usize, Feature>,
    /// Position of each city among the cities, in file order.
    city_ranks: HashMap<usize, usize>,
    /// Wikidata item of entries whose `kb_id` is in another namespace.
    wikidata: HashMap<usize, String>,
}

const ACTORS_TSV: &str = include_str!("../../../data/kb/actors.tsv");
const PLACES_TSV: &str = include_str!("../../../data/kb/places.tsv");
const ACTORS_NSI_TSV: &str = include_str!("../../../data/kb/actors_nsi.tsv");
const WIKIDATA_TSV: &str = include_str!("../../../data/kb/wikidata.tsv");
const WIKIDATA_PACKAGES_TSV: &str = include_str!("../../../data/kb/wikidata_packages.tsv");
const CENTROIDS_TSV: &str = include_str!("../../../data/kb/country_centroids.tsv");

impl KnowledgeBase {
    /// The curated knowledge base compiled into the binary (`actors.tsv`,
    /// `places.tsv` and their side files): the one that finds names (the
    /// entity tagger's gazetteer features and training types, the rule
    /// matches), so the trained model depends on curated lists only.
    ///
    /// # Panics
    /// If the committed files are malformed, which a unit test rules out.
    #[must_use]
    pub fn builtin() -> &'static KnowledgeBase {
        static KB: OnceLock<KnowledgeBase> = OnceLock::new();
        KB.get_or_init(|| {
            let mut kb = KnowledgeBase::default();
            kb.add_tsv("data/kb/actors.tsv", ACTORS_TSV)
                .expect("data/kb/actors.tsv is valid");
            kb.add_tsv("data/kb/places.tsv", PLACES_TSV)
                .expect("data/kb/places.tsv is valid");
            kb.add_wikidata("data/kb/wikidata.tsv", WIKIDATA_TSV)
                .expect("data/kb/wikidata.tsv is valid");
            kb.add_wikidata("data/kb/wikidata_packages.tsv", WIKIDATA_PACKAGES_TSV)
                .expect("data/kb/wikidata_packages.tsv is valid");
            kb.set_country_centroids("data/kb/country_centroids.tsv", CENTROIDS_TSV)
                .expect("data/kb/country_centroids.tsv is valid");
            kb
        })
    }

    /// [`KnowledgeBase::builtin`] plus the generated organisations of
    /// `actors_nsi.tsv`, appended (so a curated entry keeps its index and stays
    /// the default reading of a shared name): the one that links and
    /// describes entities (resolution, overrides, the entities table).
    ///
    /// # Panics
    /// If the committed files are malformed, which a unit test rules out.
    #[must_use]
    pub fn linking() -> &'static KnowledgeBase {
        static KB: OnceLock<KnowledgeBase> = OnceLock::new();
        KB.get_or_init(|| {
            let mut kb = Self::builtin().clone();
            kb.add_tsv("data/kb/actors_nsi.tsv", ACTORS_NSI_TSV)
                .expect("data/kb/actors_nsi.tsv is valid");
            kb
        })
    }

    /// Adds the entries of one TSV file (format in the module docs).
    pub fn add_tsv(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !(7..=8).contains(&fields.len()) {
                return Err(KbError::Fields {
                    file: file.to_owned(),
                    line: line_no,
                    found: fields.len(),
                });
            }
            let field_error = |message: String| KbError::Field {
                file: file.to_owned(),
                line: line_no,
                message,
            };
            let entity_type = fields[2]
                .parse::<EntityType>()
                .map_err(|e| field_error(e.to_string()))?;
            let coordinate = |s: &str| -> Result<Option<f64>, KbError> {
                if s.is_empty() {
                    Ok(None)
                } else {
                    s.parse::<f64>()
                        .map(Some)
                        .map_err(|_| field_error(format!("bad coordinate `{s}`")))
                }
            };
            let entry = KbEntry {
                kb_id: fields[0].to_owned(),
                name: fields[1].to_owned(),
                entity_type,
                country: (!fields[3].is_empty()).then(|| fields[3].to_owned()),
                lat: coordinate(fields[4])?,
                lon: coordinate(fields[5])?,
                aliases: fields[6]
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
            };
            let feature = match fields.get(7).map(|f| f.trim()) {
                None | Some("") => None,
                Some(label) => Some(label.parse::<Feature>().map_err(field_error)?),
            };
            let idx = self.entries.len();
            self.push(entry);
            if let Some(feature) = feature {
                self.features.insert(idx, feature);
                if feature == Feature::City {
                    let rank = self.city_ranks.len();
                    self.city_ranks.insert(idx, rank);
                }
            }
        }
        Ok(())
    }

    /// Reads Wikidata items of existing entries: `kb_id<TAB>Q…[<TAB>evidence]`
    /// per line; an unknown `kb_id` or an id that is not `Q` and digits is an
    /// error naming the line.
    pub fn add_wikidata(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        for (line_no, fields) in data_lines(text) {
            let error = |message: String| KbError::Field {
                file: file.to_owned(),
                line: line_no,
                message,
            };
            let [kb_id, item, ..] = fields.as_slice() else {
                return Err(error("expected kb_id and Wikidata id".to_owned()));
            };
            if !is_wikidata_item(item) {
                return Err(error(format!("`{item}` is not a Wikidata item id")));
            }
            let idx = *self
                .by_id
                .get(*kb_id)
                .ok_or_else(|| error(format!("unknown kb_id `{kb_id}`")))?;
            self.wikidata.insert(idx, (*item).to_owned());
        }
        Ok(())
    }

    /// Replaces the coordinates of country entries by centroids:
    /// `ISO code<TAB>lat<TAB>lon[<TAB>note]` per line (every entry of
    /// [`Feature::Country`] with that `country` code).
    pub fn set_country_centroids(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        for (line_no, fields) in data_lines(text) {
            let error = |message: String| KbError::Field {
                file: file.to_owned(),
                line: line_no,
                message,
            };
            let [code, lat, lon, ..] = fields.as_slice() else {
                return Err(error("expected country code, lat and lon".to_owned()));
            };
            let number = |s: &str, limit: f64| {
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.abs() <= limit)
                    .ok_or_else(|| error(format!("bad coordinate `{s}`")))
            };
            let (lat, lon) = (number(lat, 90.0)?, number(lon, 180.0)?);
            let mut found = false;
            for (idx, entry) in self.entries.iter_mut().enumerate() {
                if entry.country.as_deref() == Some(*code)
                    && self.features.get(&idx) == Some(&Feature::Country)
                {
                    entry.lat = Some(lat);
                    entry.lon = Some(lon);
                    found = true;
                }
            }
            if !found {
                return Err(error(format!("no country entry with code `{code}`")));
            }
        }
        Ok(())
    }

    /// The Wikidata item of the entry `kb_id`: the id itself when it is a
    /// `Q…` id, else the item `wikidata.tsv` records for it.
    #[must_use]
    pub fn wikidata(&self, kb_id: &str) -> Option<&str> {
        if is_wikidata_item(kb_id) {
            return self.get(kb_id).map(|entry| entry.kb_id.as_str());
        }
        self.wikidata
            .get(self.by_id.get(kb_id)?)
            .map(String::as_str)
    }

    /// Adds one entry.
    pub fn push(&mut self, entry: KbEntry) {
        let idx = self.entries.len();
        let mut keys: Vec<String> = std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .map(|n| normalise_key(n))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            self.by_key.entry(key).or_default().push(idx);
        }
        self.by_id.entry(entry.kb_id.clone()).or_insert(idx);
        self.entries.push(entry);
    }

    /// All entries, in file order.
    #[must_use]
    pub fn entries(&self) -> &[KbEntry] {
        &self.entries
    }

    /// Entries whose name or alias matches `surface` after [`normalise_key`].
    pub fn lookup(&self, surface: &str) -> impl Iterator<Item = &KbEntry> {
        self.by_key
            .get(&normalise_key(surface))
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// The entry with this id, if any.
    #[must_use]
    pub fn get(&self, kb_id: &str) -> Option<&KbEntry> {
        self.by_id.get(kb_id).map(|&i| &self.entries[i])
    }

    /// The place feature of the entry with this id (`None` for actors and
    /// for entries of files without the column).
    #[must_use]
    pub fn feature(&self, kb_id: &str) -> Option<Feature> {
        self.features.get(self.by_id.get(kb_id)?).copied()
    }

    /// Population rank of a city among the cities of its file (0 = most
    /// populous); `None` for anything that is not a city.
    #[must_use]
    pub fn city_rank(&self, kb_id: &str) -> Option<usize> {
        self.city_ranks.get(self.by_id.get(kb_id)?).copied()
    }

    /// Position of the entry in file order (the order ties are broken in).
    #[must_use]
    pub fn position(&self, kb_id: &str) -> Option<usize> {
        self.by_id.get(kb_id).copied()
    }

    /// Every (normalised key, entry) pair, sorted by key then file order; for
    /// building matchers.
    #[must_use]
    pub fn keys(&self) -> Vec<(&str, &KbEntry)> {
        let mut pairs: Vec<(&str, usize)> = self
            .by_key
            .iter()
            .flat_map(|(k, ids)| ids.iter().map(move |&i| (k.as_str(), i)))
            .collect();
        pairs.sort_unstable();
        pairs
            .into_iter()
            .map(|(k, i)| (k, &self.entries[i]))
            .collect()
    }
}

/// The non-blank, non-comment lines of a side file, with 1-based numbers
/// and their tab-separated fields.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| (i + 1, line.split('\t').map(str::trim).collect()))
}

/// Whether `id` is a Wikidata item id: `Q` and digits.
#[must_use]
pub fn is_wikidata_item(id: &str) -> bool {
    id.strip_prefix('Q')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The key names are compared by: lower case, typographic apostrophes and
/// dashes folded, hyphens and runs of whitespace as one space, a leading `the`
/// dropped, a trailing possessive `'s` dropped.
///
/// ```
/// use sitrep_core::kb::normalise_key;
/// assert_eq!(normalise_key("al-Sudani"), normalise_key("Al Sudani"));
/// assert_eq!(normalise_key("the  Pentagon"), "pentagon");
/// assert_eq!(normalise_key("Iran’s"), "iran");
/// ```
#[must_use]
pub fn normalise_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for ch in name.chars() {
        let ch = match ch {
            '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' => '\'',
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => ' ',
            c => c,
        };
        if ch.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(ch.to_lowercase());
    }
    if let Some(rest) = out.strip_prefix("the ") {
        out = rest.to_owned();
    }
    if let Some(rest) = out.strip_suffix("'s") {
        out = rest.to_owned();
    } else if out.ends_with("s'") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse_and_ids_are_unique() {
        let kb = KnowledgeBase::builtin();
        assert!(!kb.entries().is_empty());
        let mut ids: Vec<_> = kb.entries().iter().map(|e| e.kb_id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate kb_id in data/kb");
    }

    #[test]
    fn places_have_coordinates_in_range() {
        for entry in KnowledgeBase::builtin().entries() {
            if let (Some(lat), Some(lon)) = (entry.lat, entry.lon) {
                assert!((-90.0..=90.0).contains(&lat), "{}", entry.name);
                assert!((-180.0..=180.0).contains(&lon), "{}", entry.name);
            }
        }
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut kb = KnowledgeBase::default();
        let err = kb.add_tsv("x.tsv", "# c\nQ1\tA\tPERSON\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.tsv:2: expected 7 or 8 tab-separated fields, found 3"
        );
        let err = kb.add_tsv("x.tsv", "Q1\tA\tTHING\t\t\t\t\n").unwrap_err();
        assert!(err.to_string().contains("unknown entity type `THING`"));
        let err = kb
            .add_tsv("x.tsv", "g:1\tA\tGPE\t\t\t\t\tvillage\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("x.tsv:1: unknown feature `village`")
        );
    }

    #[test]
    fn countries_sit_at_their_centroid_and_carry_wikidata_items() {
        let kb = KnowledgeBase::builtin();
        let entry = |name: &str| kb.lookup(name).next().expect(name);
        // France's centroid (mainland outline) is near Bourges, not at Paris (48.85, 2.35).
        let france = entry("France");
        assert_eq!((france.lat, france.lon), (Some(46.61), Some(2.34)));
        // Cities keep their own coordinates.
        let paris = entry("Paris");
        assert!((paris.lat.unwrap() - 48.85).abs() < 0.05, "{paris:?}");
        // Wikidata items: recorded for a GeoNames place, the id itself for a Q id.
        assert_eq!(kb.wikidata(&entry("Afghanistan").kb_id), Some("Q889"));
        assert_eq!(kb.wikidata(&entry("Joe Biden").kb_id), Some("Q6279"));
        assert_eq!(kb.wikidata("geonames:0"), None);
        // From the npm packages (wikidata_packages.tsv): a country by its ISO code, a
        // nation of the UK by name, an organisation by its label.
        assert_eq!(kb.wikidata(&entry("Mozambique").kb_id), Some("Q1029"));
        assert_eq!(kb.wikidata(&entry("Wales").kb_id), Some("Q25"));
        assert_eq!(kb.wikidata(&entry("UNICEF").kb_id), Some("Q740308"));
        // Every country has one.
        let bare: Vec<&str> = kb
            .entries()
            .iter()
            .filter(|e| kb.feature(&e.kb_id) == Some(Feature::Country))
            .filter(|e| kb.wikidata(&e.kb_id).is_none())
            .map(|e| e.name.as_str())
            .collect();
        assert!(
            bare.is_empty(),
            "countries without a Wikidata item: {bare:?}"
        );
    }

    #[test]
    fn generated_organisations_come_after_the_curated_entries() {
        let kb = KnowledgeBase::linking();
        let finder = KnowledgeBase::builtin();
        assert_eq!(finder.lookup("Indian Air Force").count(), 0);
        // Curated entries keep their places, so indexes into either agree.
        assert!(
            finder
                .entries()
                .iter()
                .zip(kb.entries())
                .all(|(a, b)| a.kb_id == b.kb_id)
        );
        assert!(kb.entries().len() > finder.entries().len() + 150);
        let first = |name: &str| kb.lookup(name).next().map(|e| e.kb_id.as_str());
        // From actors_nsi.tsv, with the Wikidata item as id.
        assert_eq!(first("Indian Air Force"), Some("Q330658"));
        assert_eq!(first("Bharatiya Janata Party"), Some("Q10230"));
        // A label that names a different body in each country is not there.
        assert_eq!(first("Ministry of the Interior"), None);
        // The curated entry stays the default reading of a name both files know.
        assert_eq!(
            first("Ministry of Defence"),
            Some("sitrep:uk-ministry-of-defence")
        );
    }

    #[test]
    fn side_files_name_file_line_and_reason() {
        let mut kb = KnowledgeBase::default();
        kb.add_tsv("p.tsv", "g:1\tLand\tGPE\tLD\t1\t2\t\tcountry\n")
            .unwrap();
        let err = kb.add_wikidata("w.tsv", "# c\ng:2\tQ5\n").unwrap_err();
        assert_eq!(err.to_string(), "w.tsv:2: unknown kb_id `g:2`");
        let err = kb.add_wikidata("w.tsv", "g:1\tX5\n").unwrap_err();
        assert_eq!(err.to_string(), "w.tsv:1: `X5` is not a Wikidata item id");
        kb.add_wikidata("w.tsv", "g:1\tQ5\ttitle\n").unwrap();
        assert_eq!(kb.wikidata("g:1"), Some("Q5"));
        let err = kb
            .set_country_centroids("c.tsv", "LD\t95\t0\n")
            .unwrap_err();
        assert_eq!(err.to_string(), "c.tsv:1: bad coordinate `95`");
        let err = kb.set_country_centroids("c.tsv", "XX\t5\t0\n").unwrap_err();
        assert!(err.to_string().contains("no country entry with code `XX`"));
        kb.set_country_centroids("c.tsv", "LD\t5.5\t-3\tLand\n")
            .unwrap();
        assert_eq!(
            (kb.entries()[0].lat, kb.entries()[0].lon),
            (Some(5.5), Some(-3.0))
        );
    }

    #[test]
    fn features_and_city_ranks_come_from_places() {
        let kb = KnowledgeBase::builtin();
        let id = |name: &str| kb.lookup(name).next().expect(name).kb_id.clone();
        assert_eq!(kb.feature(&id("Iraq")), Some(Feature::Country));
        assert_eq!(kb.feature(&id("England")), Some(Feature::Admin1));
        assert_eq!(kb.feature(&id("Baghdad")), Some(Feature::City));
        assert_eq!(kb.feature(&id("Joe Biden")), None);
        // Cities are listed by population: Shanghai before Baghdad before Mosul.
        let rank = |name: &str| kb.city_rank(&id(name)).expect(name);
        assert_eq!(rank("Shanghai"), 0);
        assert!(rank("Baghdad") < rank("Mosul"));
        assert_eq!(kb.get(&id("Mosul")).map(|e| e.name.as_str()), Some("Mosul"));
    }
}
