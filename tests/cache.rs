//! The per-article result cache end to end: a re-run with one new article
//! (and one damaged entry) analyses only those and writes the bytes of a
//! clean run; another build misses; shard runs fill the same cache;
//! `cache prune|clear`.

use std::path::{Path, PathBuf};

const NEW_ARTICLE: &str = "Ceasefire talks resume in Cairo\n\n\
CAIRO, Nov. 9, 2023 — Egyptian and Qatari mediators met Hamas officials in Cairo on \
Thursday, two officials said. \"We are hopeful,\" said Majed al-Ansari, a spokesman for \
Qatar's foreign ministry.\n\nAt least 30 people were killed in Gaza overnight.\n";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/raw/asharq_al_awsat_two_articles.txt")
}

mod common;
use common::{sitrep_ok as sitrep, sitrep_with};

/// `(hits, misses, articles the normalise stage received)` from a manifest.
fn cache_counts(tables: &Path) -> (u64, u64, u64) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tables.join("manifest.json")).unwrap()).unwrap();
    let stage = |name: &str| {
        manifest["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} stage in the manifest"))
    };
    let cache = stage("cache");
    (
        cache["emitted"]["hits"].as_u64().unwrap(),
        cache["emitted"]["misses"].as_u64().unwrap(),
        stage("normalise")["received"].as_u64().unwrap(),
    )
}

/// Every table file (Parquet and CSV) and report of a run, by name.
fn outputs(tables: &Path, reports: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = [tables, reports]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["parquet", "csv", "md", "html"].iter().any(|x| e == *x))
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Files the ingest stage of a manifest took from the memo instead of reading.
fn files_unchanged(tables: &Path) -> u64 {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tables.join("manifest.json")).unwrap()).unwrap();
    manifest["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "ingest")
        .unwrap()["emitted"]["files_unchanged"]
        .as_u64()
        .unwrap()
}

/// Runs `--no-cache` over `input` into a fresh directory under `dir` and
/// asserts that the tables and reports in `out`/`rep` are its bytes.
fn assert_same_as_clean(dir: &Path, input: &str, out: &str, rep: &str, case: &str) {
    let clean = dir.join(format!("clean-{case}"));
    let (tables, reports) = (clean.join("tables"), clean.join("reports"));
    let mut args = run_args(input, tables.to_str().unwrap(), reports.to_str().unwrap());
    args.push("--no-cache");
    sitrep(&args);
    let rerun = outputs(Path::new(out), Path::new(rep));
    let clean = outputs(&tables, &reports);
    assert_eq!(rerun.len(), clean.len(), "{case}");
    for ((name, bytes), (clean_name, clean_bytes)) in rerun.iter().zip(&clean) {
        assert_eq!(name, clean_name, "{case}");
        assert!(
            bytes == clean_bytes,
            "{case}: {name} differs from a clean run"
        );
    }
}

/// `(segments reused, segments encoded)` of the write stage of a manifest.
fn segment_counts(tables: &Path) -> (u64, u64) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tables.join("manifest.json")).unwrap()).unwrap();
    let write = manifest["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "write")
        .cloned()
        .unwrap();
    let count = |key: &str| write["emitted"][key].as_u64().unwrap_or(0);
    (count("segments_reused"), count("segments_encoded"))
}

/// The result entries of a cache (under `build-…/xx/`, not the `.seg`
/// table segments beside them), sorted.
fn cache_entries(cache: &Path) -> Vec<PathBuf> {
    all_cache_files(cache)
        .into_iter()
        .filter(|p| p.extension().is_none())
        .collect()
}

/// Every file under the build directories of a cache, sorted.
fn all_cache_files(cache: &Path) -> Vec<PathBuf> {
    let mut entries = Vec::new();
    for build in std::fs::read_dir(cache).unwrap() {
        let build = build.unwrap().path();
        if !build.is_dir() {
            continue;
        }
        for fan in std::fs::read_dir(&build).unwrap() {
            let fan = fan.unwrap().path();
            if !fan.is_dir() {
                // The ingest memo (`ingest-files.frames`).
                continue;
            }
            for entry in std::fs::read_dir(fan).unwrap() {
                entries.push(entry.unwrap().path());
            }
        }
    }
    entries.sort();
    entries
}

fn run_args<'a>(input: &'a str, out: &'a str, reports: &'a str) -> Vec<&'a str> {
    vec!["run", "--input", input, "--out", out, "--reports", reports]
}

#[test]
fn a_rerun_with_a_new_article_and_a_damaged_entry_analyses_only_those_and_writes_clean_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(sample(), input.join("sample.txt")).unwrap();
    let (inp, out, rep) = (path("input"), path("runs/tables"), path("runs/reports"));

    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(cache_counts(Path::new(&out)), (0, 2, 2));
    // The default cache sits beside --out.
    assert!(dir.path().join("runs/.sitrep-cache/CACHEDIR.TAG").is_file());

    // One flipped byte in one entry (its text would still decode): the
    // checksum at the end of the entry makes it a miss, analysed again.
    let entries = cache_entries(&dir.path().join("runs/.sitrep-cache"));
    assert_eq!(entries.len(), 2);
    let mut bytes = std::fs::read(&entries[0]).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(&entries[0], &bytes).unwrap();

    std::fs::write(input.join("new.txt"), NEW_ARTICLE).unwrap();
    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(cache_counts(Path::new(&out)), (1, 2, 2));
    assert!(
        std::fs::read(&entries[0]).unwrap() != bytes,
        "the entry is rewritten"
    );

    let (clean, clean_reports) = (path("clean/tables"), path("clean/reports"));
    let mut args = run_args(&inp, &clean, &clean_reports);
    args.push("--no-cache");
    sitrep(&args);
    assert!(!dir.path().join("clean/.sitrep-cache").exists());
    let rerun = outputs(Path::new(&out), Path::new(&rep));
    assert_eq!(rerun.len(), 22, "20 table files and 2 reports");
    let clean = outputs(Path::new(&clean), Path::new(&clean_reports));
    for ((name, bytes), (clean_name, clean_bytes)) in rerun.iter().zip(&clean) {
        assert_eq!(name, clean_name);
        assert!(bytes == clean_bytes, "{name} differs from a clean run");
    }

    // Nothing new: every table segment comes from the cache, not encoded,
    // and the files are still those of the clean run.
    let (_, encoded) = segment_counts(Path::new(&out));
    assert!(encoded > 0, "the re-run encoded its changed segments");
    sitrep(&run_args(&inp, &out, &rep));
    let (reused, encoded) = segment_counts(Path::new(&out));
    assert_eq!(encoded, 0);
    assert!(reused >= 9, "one segment or more per table: {reused}");
    assert!(outputs(Path::new(&out), Path::new(&rep)) == clean);
}

#[test]
fn another_build_misses_and_prune_then_clear_remove_its_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let sample = sample();
    let sample = sample.to_str().unwrap();
    let (out1, rep1, cache) = (path("a/tables"), path("a/reports"), path("cache"));
    let mut first = run_args(sample, &out1, &rep1);
    first.extend(["--cache", &cache]);
    sitrep(&first);
    sitrep(&first);
    assert_eq!(cache_counts(Path::new(&out1)), (2, 0, 0));
    let files = all_cache_files(Path::new(&cache)).len();
    assert!(files > 2, "results and table segments: {files}");

    // The same program with one more byte is another build: nothing is reused.
    let other = dir.path().join("sitrep-other");
    let mut bytes = std::fs::read(env!("CARGO_BIN_EXE_sitrep")).unwrap();
    bytes.push(0);
    std::fs::write(&other, bytes).unwrap();
    std::fs::set_permissions(&other, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let ran = sitrep_with(&other, &first);
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert_eq!(cache_counts(Path::new(&out1)), (0, 2, 2));

    // The other build wrote the same segments (the same rows) beside its
    // results: prune removes all of them and keeps this build's.
    assert_eq!(all_cache_files(Path::new(&cache)).len(), 2 * files);
    let pruned = sitrep(&["cache", "prune", "--cache", &cache]);
    let said = String::from_utf8_lossy(&pruned.stdout);
    assert!(
        said.contains(&format!("removed {files} entries"))
            && said.contains(&format!("kept {files}")),
        "{said}"
    );
    let builds = std::fs::read_dir(&cache)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("build-")
        })
        .count();
    assert_eq!(builds, 1);

    sitrep(&["cache", "clear", "--cache", &cache]);
    assert!(!Path::new(&cache).exists());
    // A directory that is not a cache is never removed.
    let refused = sitrep_with(
        Path::new(env!("CARGO_BIN_EXE_sitrep")),
        &["cache", "clear", "--cache", &path("a")],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a sitrep cache"));
    assert!(Path::new(&out1).join("manifest.json").is_file());
}

#[test]
fn shard_runs_share_the_cache_beside_their_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let sample = sample();
    let sample = sample.to_str().unwrap();
    for k in 0..2 {
        let spec = format!("{k}/2");
        let out = path(&format!("shared/shard-{k}"));
        sitrep(&["run", "--shard", &spec, "--input", sample, "--out", &out]);
    }
    let (out, rep, cache) = (
        path("one/tables"),
        path("one/reports"),
        path("shared/.sitrep-cache"),
    );
    let mut args = run_args(sample, &out, &rep);
    args.extend(["--cache", &cache]);
    sitrep(&args);
    assert_eq!(cache_counts(Path::new(&out)), (2, 0, 0));
}

#[test]
fn rerun_paths_match_a_clean_run_when_articles_are_added_edited_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let sample_copy = input.join("sample.txt");
    std::fs::copy(sample(), &sample_copy).unwrap();
    std::fs::write(input.join("new.txt"), NEW_ARTICLE).unwrap();
    let (inp, out, rep) = (path("input"), path("runs/tables"), path("runs/reports"));
    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(files_unchanged(Path::new(&out)), 0);
    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(files_unchanged(Path::new(&out)), 2);
    assert_same_as_clean(dir.path(), &inp, &out, &rep, "unchanged");

    // An article added: the old file is not read again.
    std::fs::write(
        input.join("added.txt"),
        NEW_ARTICLE
            .replace("Cairo", "Doha")
            .replace("CAIRO", "DOHA"),
    )
    .unwrap();
    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(files_unchanged(Path::new(&out)), 2);
    assert_same_as_clean(dir.path(), &inp, &out, &rep, "added");

    // An edit that keeps the size and sets the modification time back is
    // still seen (the status-change time moved): that file is read again.
    let modified = std::fs::metadata(&sample_copy).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&sample_copy).unwrap();
    let edited = text.replacen("Monday", "Friday", 6);
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&sample_copy, edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&sample_copy)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(files_unchanged(Path::new(&out)), 2, "added.txt and new.txt");
    assert_same_as_clean(dir.path(), &inp, &out, &rep, "edited");

    // A file removed.
    std::fs::remove_file(input.join("new.txt")).unwrap();
    sitrep(&run_args(&inp, &out, &rep));
    assert_eq!(
        files_unchanged(Path::new(&out)),
        2,
        "added.txt and sample.txt"
    );
    assert_same_as_clean(dir.path(), &inp, &out, &rep, "removed");

    // A damaged memo is read up to the damage, and the output stays right.
    let memo = std::fs::read_dir(dir.path().join("runs/.sitrep-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap()
        .join("ingest-files.frames");
    let mut bytes = std::fs::read(&memo).unwrap();
    let at = bytes.len() - 40;
    bytes[at] ^= 0x01;
    std::fs::write(&memo, &bytes).unwrap();
    sitrep(&run_args(&inp, &out, &rep));
    assert!(files_unchanged(Path::new(&out)) < 2);
    assert_same_as_clean(dir.path(), &inp, &out, &rep, "damaged memo");
}
