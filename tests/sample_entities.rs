//! The entities table of the sample (`data/raw`, two Asharq Al-Awsat
//! articles) against a list written by hand from reading the articles:
//! who and where each name is, which names are one entity, and which must
//! stay apart.

use std::path::Path;
use std::process::Command;

use sitrep_core::tables::EntityRow;

/// (canonical name, type, knowledge-base id, surface forms that must be its aliases).
const EXPECTED: [(&str, &str, Option<&str>, &[&str]); 25] = [
    ("United States", "GPE", Some("geonames:6252001"), &["US"]),
    ("Iran", "GPE", Some("geonames:130758"), &[]),
    ("Iraq", "GPE", Some("geonames:99237"), &[]),
    ("Israel", "GPE", Some("geonames:294640"), &[]),
    ("Syria", "GPE", Some("geonames:163843"), &[]),
    ("Lebanon", "GPE", Some("geonames:272103"), &[]),
    ("Tehran", "GPE", Some("geonames:112931"), &[]),
    ("Baghdad", "GPE", Some("geonames:98182"), &[]),
    (
        "Abu Kamal",
        "GPE",
        Some("geonames:174448"),
        &["al-Boukamal"],
    ),
    (
        "Deir ez-Zor",
        "GPE",
        Some("geonames:170794"),
        &["Deir Ezzor"],
    ),
    ("Hezbollah", "ORG", Some("sitrep:hezbollah"), &[]),
    (
        "Kataeb Hezbollah",
        "ORG",
        Some("sitrep:kataib-hezbollah"),
        &["Hezbollah Brigades"],
    ),
    ("Hamas", "ORG", Some("sitrep:hamas"), &[]),
    ("Islamic State", "ORG", Some("Q2429253"), &["ISIS"]),
    (
        "Islamic Revolutionary Guard Corps",
        "ORG",
        Some("sitrep:irgc"),
        &["IRGC"],
    ),
    (
        "Popular Mobilization Forces",
        "ORG",
        Some("sitrep:popular-mobilization-forces"),
        &[],
    ),
    (
        "Mohammed Shia al-Sudani",
        "PERSON",
        Some("sitrep:mohammed-shia-al-sudani"),
        &["Sudani", "al-Sudani"],
    ),
    (
        "Antony Blinken",
        "PERSON",
        Some("sitrep:antony-blinken"),
        &["Blinken"],
    ),
    ("Joe Biden", "PERSON", Some("Q6279"), &["Biden"]),
    ("Ali Khamenei", "PERSON", Some("sitrep:ali-khamenei"), &[]),
    (
        "Hafez al-Assad",
        "PERSON",
        Some("sitrep:hafez-al-assad"),
        &[],
    ),
    (
        "Bashar al-Assad",
        "PERSON",
        Some("sitrep:bashar-al-assad"),
        &[],
    ),
    (
        "Fares Soaid",
        "PERSON",
        Some("sitrep:fares-soaid"),
        &["Soaid"],
    ),
    ("Ziad al-Sayegh", "PERSON", None, &["Sayegh"]),
    (
        "American",
        "NORP",
        Some("sitrep:norp-american"),
        &["Americans"],
    ),
];

#[test]
fn the_sample_gives_the_entities_a_reader_finds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = tempfile::tempdir().unwrap();
    let tables = dir.path().join("tables");
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("run")
        .arg("--input")
        .arg(repo.join("data/raw"))
        .arg("--out")
        .arg(&tables)
        .arg("--reports")
        .arg(dir.path().join("reports"))
        .args(["--quiet", "--no-progress"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let entities: Vec<EntityRow> = sitrep_store::read_table(&tables).unwrap();
    for (name, ty, kb_id, aliases) in EXPECTED {
        let found: Vec<&EntityRow> = entities.iter().filter(|e| e.name == name).collect();
        let [entity] = found.as_slice() else {
            panic!("expected one entity named {name}, found {found:?}");
        };
        assert_eq!(
            (entity.entity_type.as_str(), entity.kb_id.as_deref()),
            (ty, kb_id),
            "{name}"
        );
        for alias in aliases {
            assert!(
                entity.aliases.iter().any(|a| a == alias),
                "{name}: {entity:?}"
            );
        }
        if ty == "GPE" {
            assert!(
                entity.lat.is_some() && entity.geo_precision.is_some(),
                "{entity:?}"
            );
        }
    }
    // No surname, alias or spelling left as an entity of its own.
    for stray in [
        "Sudani", "Blinken", "Assad", "IRGC", "ISIS", "US", "Soaid", "Sayegh",
    ] {
        assert!(
            entities.iter().all(|e| e.name != stray),
            "{stray} is an entity of its own"
        );
    }
    // A person is never a place, and the countries sit at their centroids.
    for e in &entities {
        if e.entity_type == "PERSON" {
            assert_eq!((e.lat, e.geo_precision.as_deref()), (None, None), "{e:?}");
        }
    }
    let iraq = entities.iter().find(|e| e.name == "Iraq").unwrap();
    assert_eq!(
        (iraq.lat, iraq.lon, iraq.geo_precision.as_deref()),
        (Some(33.04), Some(43.76), Some("country"))
    );
    assert_eq!(iraq.wikidata_id.as_deref(), Some("Q796"));
}
