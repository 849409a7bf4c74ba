//! Sharded runs: `run --shard K/N` on every shard then `merge` gives the
//! same table bytes as one `run`, on the sample plus bench articles.

#![expect(clippy::print_stderr, reason = "tests say why they skip")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sitrep(args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .args(["--no-progress", "--quiet"])
        .output()
        .expect("run sitrep");
    assert!(
        output.status.success() || args[0] == "merge",
        "sitrep {args:?} failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The sample, plus the first `n` files of each bench folder when the
/// bench corpus is there.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    let sample = repo().join("data/raw/asharq_al_awsat_two_articles.txt");
    std::fs::copy(&sample, input.join("sample.txt")).unwrap();
    let bench = repo().join("../shared/data/bench/news_raw");
    if bench.is_dir() {
        for folder in ["bbc", "reuters21578"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(bench.join(folder))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for file in files.into_iter().take(n) {
                std::fs::copy(&file, input.join(file.file_name().unwrap())).unwrap();
            }
        }
    } else {
        eprintln!("skipping the bench articles: {} is absent", bench.display());
    }
    input
}

/// Names and bytes of every table file in `dir`.
fn table_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet" || e == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn three_shards_merged_give_the_bytes_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 60);
    let input = input.to_str().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    sitrep(&[
        "run",
        "--input",
        input,
        "--out",
        &path("one"),
        "--reports",
        &path("one_reports"),
    ]);
    let shards: Vec<String> = (0..3).map(|k| path(&format!("shard{k}"))).collect();
    for (k, shard) in shards.iter().enumerate() {
        let spec = format!("{k}/3");
        sitrep(&["run", "--shard", &spec, "--input", input, "--out", shard]);
        assert!(Path::new(shard).join("shard.json").is_file());
        assert!(
            table_files(Path::new(shard)).is_empty(),
            "a shard writes no tables"
        );
    }
    // Shards in any order.
    let merged = sitrep(&[
        "merge",
        "--out",
        &path("merged"),
        "--reports",
        &path("merged_reports"),
        &shards[2],
        &shards[0],
        &shards[1],
    ]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let one = table_files(&dir.path().join("one"));
    let names: Vec<&str> = one.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"entities.parquet") && names.contains(&"mentions.csv"),
        "{names:?}"
    );
    assert_eq!(one.len(), 20, "{names:?}");
    let merged_files = table_files(&dir.path().join("merged"));
    assert_eq!(merged_files.len(), one.len());
    for ((name, a), (other, b)) in one.iter().zip(&merged_files) {
        assert_eq!(name, other);
        assert!(
            a == b,
            "{name} differs between one run and three merged shards"
        );
    }
    for report in ["summary.md", "summary.html"] {
        let a = std::fs::read(dir.path().join("one_reports").join(report)).unwrap();
        let b = std::fs::read(dir.path().join("merged_reports").join(report)).unwrap();
        assert!(a == b, "{report} differs");
    }

    // A missing shard is an error that says so, and leaves no output.
    let partial = sitrep(&["merge", "--out", &path("partial"), &shards[0], &shards[2]]);
    assert_eq!(partial.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&partial.stderr);
    assert!(stderr.contains("each of the 3 shards once"), "{stderr}");
    assert!(!dir.path().join("partial").join("articles.parquet").exists());
}
