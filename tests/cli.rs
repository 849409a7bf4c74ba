//! End-to-end tests: run the `sitrep` binary in temporary directories on the
//! sample (data/raw) and on a directory of bad inputs, and check the tables.

#![expect(clippy::print_stderr, reason = "tests say why they skip")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sitrep_core::tables::{Article, EntityRow, MentionRow, QuoteRow, RejectedRow, SentenceRow};

mod common;
use common::{repo, sitrep, sitrep_ok};

fn sample_dir() -> PathBuf {
    repo().join("data/raw")
}

fn run_ok(args: &[&str]) {
    sitrep_ok(args);
}

/// Runs the whole pipeline on `input` into `dir/tables` and `dir/reports`.
fn run_pipeline(input: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let tables = dir.join("tables");
    let reports = dir.join("reports");
    run_ok(&[
        "run",
        "--input",
        input.to_str().unwrap(),
        "--out",
        tables.to_str().unwrap(),
        "--reports",
        reports.to_str().unwrap(),
    ]);
    (tables, reports)
}

/// Runs the first two stages on the sample into `out`, one command each.
fn ingest_and_normalise_sample(out: &str) {
    run_ok(&[
        "ingest",
        "--input",
        sample_dir().to_str().unwrap(),
        "--out",
        out,
    ]);
    run_ok(&["normalise", "--out", out]);
}

fn slice_chars(text: &str, start: i64, end: i64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn article_text<'a>(articles: &'a [Article], id: &str) -> &'a str {
    &articles.iter().find(|a| a.article_id == id).unwrap().text
}

#[test]
fn sample_gives_two_clean_articles_with_captions_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let (tables, _) = run_pipeline(&sample_dir(), dir.path());
    let mut articles: Vec<Article> = sitrep_store::read_table(&tables).unwrap();
    articles.sort_by_key(|a| a.source_line_start);
    let headlines: Vec<&str> = articles.iter().map(|a| a.headline.as_str()).collect();
    assert_eq!(
        headlines,
        [
            "How the US Strikes a Delicate Balance in Responding to Attacks on Its Forces by Iran-Backed Militias",
            "Has Iran Abandoned Hezbollah in its Fight against Israel in Lebanon?",
        ]
    );
    assert_eq!(
        articles[0].captions,
        [
            "This image from video provided by the Department of Defense shows a Nov. 8, 2023, airstrike on a weapons warehouse. center, in eastern Syria."
        ]
    );
    assert_eq!(
        articles[0].caption_credits,
        ["Department of Defense via AP"]
    );
    assert_eq!(articles[1].caption_credits, ["AP"]);
    assert!(articles[1].captions[0].starts_with("Lebanese citizens who fled"));
    for article in &articles {
        let body = &article.text[article.headline.len()..];
        assert!(article.text.starts_with(&article.headline));
        assert!(
            !body.contains(&article.headline),
            "headline repeated in body"
        );
        assert!(
            !article.text.lines().any(|l| l.trim() == "TT"),
            "logo line in text"
        );
        for caption in &article.captions {
            assert!(!article.text.contains(caption.as_str()), "caption in text");
        }
        assert_eq!(
            article.source_path,
            format!(
                "{}/asharq_al_awsat_two_articles.txt",
                sample_dir().to_str().unwrap()
            )
        );
    }
    assert!(
        articles[0].text[articles[0].headline.len()..]
            .trim_start()
            .starts_with("Iranian-backed militants in Iraq and Syria")
    );
    assert!(
        articles[1]
            .text
            .ends_with("Therein lies salvation,” he remarked.")
    );
    assert_eq!(articles[0].published.unwrap().to_string(), "2023-11-08");
    assert_eq!(articles[1].published.unwrap().to_string(), "2024-09-24");
    assert_eq!(articles[1].published_source.as_deref(), Some("caption"));
    assert_eq!(articles[1].published_precision.as_deref(), Some("day"));
}

#[test]
fn sample_spans_slice_exactly_and_sudani_is_one_entity() {
    let dir = tempfile::tempdir().unwrap();
    let (tables, reports) = run_pipeline(&sample_dir(), dir.path());
    let articles: Vec<Article> = sitrep_store::read_table(&tables).unwrap();
    let sentences: Vec<SentenceRow> = sitrep_store::read_table(&tables).unwrap();
    let mentions: Vec<MentionRow> = sitrep_store::read_table(&tables).unwrap();
    let quotes: Vec<QuoteRow> = sitrep_store::read_table(&tables).unwrap();
    let entities: Vec<EntityRow> = sitrep_store::read_table(&tables).unwrap();
    assert!(sentences.len() > 60, "only {} sentences", sentences.len());
    for s in &sentences {
        assert_eq!(
            slice_chars(article_text(&articles, &s.article_id), s.start, s.end),
            s.text
        );
    }
    for m in &mentions {
        assert_eq!(
            slice_chars(article_text(&articles, &m.article_id), m.start, m.end),
            m.text
        );
        assert!(m.entity_id.is_some(), "unresolved mention {m:?}");
    }
    for q in &quotes {
        assert_eq!(
            slice_chars(article_text(&articles, &q.article_id), q.start, q.end),
            q.text
        );
    }
    // "Sudani", "al-Sudani" and the full name are one entity.
    let sudani: BTreeSet<&str> = mentions
        .iter()
        .filter(|m| m.text.ends_with("Sudani"))
        .map(|m| m.entity_id.as_deref().unwrap())
        .collect();
    let forms: BTreeSet<&str> = mentions
        .iter()
        .filter(|m| m.text.ends_with("Sudani"))
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(
        forms,
        BTreeSet::from(["Mohammed Shia al-Sudani", "Sudani", "al-Sudani"])
    );
    assert_eq!(sudani.len(), 1, "{sudani:?}");
    let entity = entities
        .iter()
        .find(|e| sudani.contains(e.entity_id.as_str()))
        .unwrap();
    assert_eq!(entity.name, "Mohammed Shia al-Sudani");
    assert_eq!(entity.entity_type, "PERSON");
    // Look-alikes stay apart.
    let entity_of = |text: &str| {
        mentions
            .iter()
            .find(|m| m.text == text)
            .and_then(|m| m.entity_id.clone())
            .unwrap_or_else(|| panic!("no mention {text}"))
    };
    assert_ne!(entity_of("Kataeb Hezbollah"), entity_of("Hezbollah"));
    assert_ne!(entity_of("Hafez al-Assad"), entity_of("Bashar al-Assad"));
    // Places carry coordinates.
    let syria = entities
        .iter()
        .find(|e| e.name == "Syria")
        .expect("Syria entity");
    assert_eq!(syria.country.as_deref(), Some("SY"));
    assert!(syria.lat.is_some() && syria.lon.is_some());
    // Reports exist, name the articles and are self-contained.
    let md = std::fs::read_to_string(reports.join("summary.md")).unwrap();
    assert!(md.contains("Has Iran Abandoned Hezbollah in its Fight against Israel in Lebanon?"));
    let html = std::fs::read_to_string(reports.join("summary.html")).unwrap();
    assert!(html.contains("<svg"));
    for external in ["<script src", "<link ", "url(http", "<img src=\"http"] {
        assert!(!html.contains(external), "report loads {external}");
    }
}

#[test]
fn same_input_gives_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (tables_a, reports_a) = run_pipeline(&sample_dir(), a.path());
    let (tables_b, reports_b) = run_pipeline(&sample_dir(), b.path());
    let mut compared = 0;
    for (dir_a, dir_b) in [(&tables_a, &tables_b), (&reports_a, &reports_b)] {
        for entry in std::fs::read_dir(dir_a).unwrap() {
            let name = entry.unwrap().file_name();
            let left = std::fs::read(dir_a.join(&name)).unwrap();
            let right = std::fs::read(dir_b.join(&name)).unwrap();
            if name == "manifest.json" {
                assert_eq!(without_timings(&left), without_timings(&right));
            } else {
                assert!(
                    left == right,
                    "{} differs between runs",
                    name.to_string_lossy()
                );
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 10 * 2 + 1 + 2, "tables, manifest and reports");
}

fn without_timings(manifest: &[u8]) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_slice(manifest).unwrap();
    for stage in value["stages"].as_array_mut().unwrap() {
        stage["elapsed_ms"] = serde_json::Value::Null;
        for component in stage["components"].as_array_mut().into_iter().flatten() {
            component["elapsed_ms"] = serde_json::Value::Null;
        }
    }
    value
}

#[test]
fn manifest_lists_inputs_with_hashes_and_row_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (tables, _) = run_pipeline(&sample_dir(), dir.path());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tables.join("manifest.json")).unwrap()).unwrap();
    let sample = sample_dir().join("asharq_al_awsat_two_articles.txt");
    let bytes = std::fs::read(&sample).unwrap();
    assert_eq!(
        manifest["inputs"][0]["sha256"],
        sitrep_core::ids::sha256_hex(&bytes)
    );
    assert_eq!(manifest["inputs"][0]["articles"], 2);
    assert_eq!(manifest["tables"]["articles"], 2);
    let stages: Vec<&str> = manifest["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "ingest",
            "normalise",
            "extract",
            "cache",
            "resolve",
            "write",
            "report"
        ]
    );
    for stage in manifest["stages"].as_array().unwrap() {
        assert!(stage["received"].as_u64().unwrap() > 0, "{stage}");
        assert!(!stage["emitted"].as_object().unwrap().is_empty(), "{stage}");
    }
    // Per-article stages list each component with what it wrote.
    let components = |stage: &str| -> Vec<(String, u64)> {
        let stage = manifest["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == stage)
            .unwrap();
        stage["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                assert_eq!(c["docs"], 2, "{c}");
                let written: u64 = c["written"]
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|v| v.as_u64().unwrap())
                    .sum();
                (c["component"].as_str().unwrap().to_owned(), written)
            })
            .collect()
    };
    let names = |list: Vec<(String, u64)>| list.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(
        names(components("normalise")),
        [
            "text_normaliser",
            "paragraph_splitter",
            "sentence_splitter",
            "tokenizer"
        ]
    );
    let extract = components("extract");
    let mentions: Vec<MentionRow> = sitrep_store::read_table(&tables).unwrap();
    // Names only: pronouns and nominals (`antecedent_id` set) come after the
    // tagger, names nested inside longer ones (`method = nested`) at the sink.
    let names_only = mentions
        .iter()
        .filter(|m| m.antecedent_id.is_none() && m.method != "nested")
        .count();
    assert_eq!(extract[0], ("entity_tagger".to_owned(), names_only as u64));
    assert_eq!(
        names(extract),
        [
            "entity_tagger",
            "date_resolver",
            "quantity_finder",
            "quote_patterns",
            "trigger_lexicon",
            "relation_patterns"
        ]
    );
    assert_eq!(manifest["tables"]["mentions"], mentions.len());
    assert_eq!(manifest["schema_version"], sitrep_core::SCHEMA_VERSION);
}

#[test]
fn bad_inputs_are_rejected_with_reasons_and_good_ones_processed() {
    let fixtures = repo().join("tests/fixtures/bad_inputs");
    let dir = tempfile::tempdir().unwrap();
    let (tables, _) = run_pipeline(&fixtures, dir.path());
    let articles: Vec<Article> = sitrep_store::read_table(&tables).unwrap();
    let rejected: Vec<RejectedRow> = sitrep_store::read_table(&tables).unwrap();
    let reason_of = |file: &str| -> Vec<&str> {
        rejected
            .iter()
            .filter(|r| r.source_path.ends_with(file))
            .map(|r| r.reason.as_str())
            .collect()
    };
    assert_eq!(reason_of("empty.txt"), ["empty"]);
    assert_eq!(reason_of("blank_lines.txt"), ["empty"]);
    assert_eq!(reason_of("image.bin"), ["binary"]);
    assert_eq!(reason_of("page.html"), ["html"]);
    let mut jsonl = reason_of("feed.jsonl");
    jsonl.sort_unstable();
    assert_eq!(jsonl, ["bad_json", "no_text"]);
    for row in &rejected {
        let file = Path::new(&row.source_path)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            row.detail.contains(file),
            "detail does not name the file: {row:?}"
        );
    }
    let headline_of = |file: &str| {
        articles
            .iter()
            .find(|a| a.source_path.ends_with(file))
            .map_or_else(|| panic!("no article from {file}"), |a| a.headline.clone())
    };
    assert_eq!(
        headline_of("cafe_latin1.txt"),
        "Café owners in Beirut count losses"
    );
    assert_eq!(headline_of("utf16_note.txt"), "Rockets hit northern Israel");
    assert_eq!(
        headline_of("feed.jsonl"),
        "Drone strike hits depot in Syria"
    );
    let feed = articles
        .iter()
        .find(|a| a.source_path.ends_with("feed.jsonl"))
        .unwrap();
    assert_eq!(feed.outlet.as_deref(), Some("example-news.com"));
    assert_eq!(feed.published.unwrap().to_string(), "2024-02-02");
    // Nothing silently dropped: every file is an article source or rejected.
    let mut accounted: BTreeSet<String> = articles.iter().map(|a| a.source_path.clone()).collect();
    accounted.extend(rejected.iter().map(|r| r.source_path.clone()));
    let files: BTreeSet<String> = walk(&fixtures).into_iter().collect();
    assert_eq!(accounted, files);
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.to_str().unwrap().to_owned());
        }
    }
    out
}

#[test]
fn strict_mode_fails_on_rejected_inputs_and_oversized_files_are_rejected() {
    let fixtures = repo().join("tests/fixtures/bad_inputs");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let output = sitrep(&[
        "ingest",
        "--strict",
        "--input",
        fixtures.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3));
    let output = sitrep(&[
        "ingest",
        "--max-file-bytes",
        "1000",
        "--input",
        sample_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let rejected: Vec<RejectedRow> = sitrep_store::read_table(&out).unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].reason, "too_large");
    assert!(
        rejected[0]
            .detail
            .contains("asharq_al_awsat_two_articles.txt")
    );
}

#[test]
fn stages_run_one_by_one_give_the_same_tables_as_run() {
    let dir = tempfile::tempdir().unwrap();
    let (whole, _) = run_pipeline(&sample_dir(), &dir.path().join("whole"));
    let staged = dir.path().join("staged");
    let out = staged.to_str().unwrap();
    let reports = dir.path().join("staged_reports");
    ingest_and_normalise_sample(out);
    run_ok(&["extract", "--out", out]);
    run_ok(&["resolve", "--out", out]);
    run_ok(&[
        "report",
        "--out",
        out,
        "--reports",
        reports.to_str().unwrap(),
    ]);
    for table in [
        "articles",
        "sentences",
        "mentions",
        "entities",
        "events",
        "quotes",
        "relations",
        "quantities",
        "dates",
        "rejected",
    ] {
        for ext in ["parquet", "csv"] {
            let name = format!("{table}.{ext}");
            assert!(
                std::fs::read(whole.join(&name)).unwrap()
                    == std::fs::read(staged.join(&name)).unwrap(),
                "{name} differs between `run` and the stages one by one"
            );
        }
    }
}

#[test]
fn a_stage_without_its_input_fails_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let output = sitrep(&["extract", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("articles.parquet does not exist"),
        "{stderr}"
    );
}

#[test]
fn unwritable_output_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let output = sitrep(&[
        "run",
        "--input",
        sample_dir().to_str().unwrap(),
        "--out",
        blocker.join("x").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot create output directory"));
}

#[test]
fn bad_arguments_exit_with_2() {
    assert_eq!(
        sitrep(&["run", "--input", "/no/such/path"]).status.code(),
        Some(2)
    );
    assert_eq!(sitrep(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn schema_command_matches_docs() {
    let output = sitrep(&["schema"]);
    let docs = std::fs::read_to_string(repo().join("docs/schema.md")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), docs);
}

#[test]
fn kb_overrides_add_rules_and_a_bad_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("overrides.tsv");
    std::fs::write(&rules, "# unlink Syria\nunlink\tGPE\tSyria\t-\n").unwrap();
    let tables = dir.path().join("tables");
    run_ok(&[
        "run",
        "--input",
        sample_dir().to_str().unwrap(),
        "--out",
        tables.to_str().unwrap(),
        "--reports",
        dir.path().join("reports").to_str().unwrap(),
        "--kb-overrides",
        rules.to_str().unwrap(),
    ]);
    let entities: Vec<EntityRow> = sitrep_store::read_table(&tables).unwrap();
    let syria = entities.iter().find(|e| e.name == "Syria").expect("Syria");
    assert_eq!(
        (syria.kb_id.as_deref(), syria.lat),
        (None, None),
        "{syria:?}"
    );
    // Without the file, Syria links to GeoNames.
    let (plain, _) = run_pipeline(&sample_dir(), &dir.path().join("plain"));
    let entities: Vec<EntityRow> = sitrep_store::read_table(&plain).unwrap();
    let syria = entities.iter().find(|e| e.name == "Syria").expect("Syria");
    assert_eq!(syria.kb_id.as_deref(), Some("geonames:163843"));

    std::fs::write(&rules, "unlink\tGPE\tSyria\n").unwrap();
    let output = sitrep(&["resolve", "--kb-overrides", rules.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:1: expected 4", rules.display())),
        "{stderr}"
    );
}

/// The GUM news dev file, or `None` (with a message) when the shared data is absent.
fn dev_gold() -> Option<std::path::PathBuf> {
    let gold = repo().join("../shared/data/gold/gum_news_dev.jsonl");
    if gold.exists() {
        Some(gold)
    } else {
        eprintln!(
            "skipping: {} not found (shared data absent)",
            gold.display()
        );
        None
    }
}

#[test]
fn eval_scores_the_gold_dev_set_when_present() {
    let Some(gold) = dev_gold() else { return };
    let output = sitrep(&["eval", "--json", "--gold", gold.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["documents"], 12);
    let f1 = report["exact_typed"]["f1"].as_f64().unwrap();
    assert!(f1 > 0.3 && f1 <= 1.0, "exact typed F1 {f1}");
    assert_eq!(
        sitrep(&["eval", "--gold", "/no/such.jsonl"]).status.code(),
        Some(2)
    );
}

#[test]
fn eval_coref_and_link_report_the_dev_set_when_present() {
    let Some(gold) = dev_gold() else { return };
    let gold = gold.to_str().unwrap();
    let output = sitrep(&["eval", "coref", "--json", "--gold", gold]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The file's 12 documents hold 633 named person/place/organization mentions.
    assert_eq!(report["documents"], 12);
    assert_eq!(report["gold_mentions"], 633);
    let b_cubed = &report["end_to_end"]["b_cubed"];
    assert!(b_cubed["precision"].as_f64().unwrap() > 0.95, "{b_cubed}");
    let markdown = sitrep(&["eval", "coref", "--gold", gold]);
    let text = String::from_utf8(markdown.stdout).unwrap();
    assert!(text.contains("| links lost by splits |"), "{text}");
    let output = sitrep(&["eval", "link", "--json", "--gold", gold]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["gold_ids"], 510);
    assert!(report["correct"].as_u64().unwrap() > 0, "{report}");
}

#[test]
fn extract_skips_an_article_whose_saved_sentences_do_not_fit_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    ingest_and_normalise_sample(out);
    let mut sentences: Vec<SentenceRow> = sitrep_store::read_table(dir.path()).unwrap();
    let broken = sentences[0].article_id.clone();
    sentences[0].end += 100_000;
    sitrep_store::write_table(dir.path(), &sentences).unwrap();
    run_ok(&["extract", "--out", out]);
    let mentions: Vec<MentionRow> = sitrep_store::read_table(dir.path()).unwrap();
    assert!(!mentions.is_empty());
    assert!(mentions.iter().all(|m| m.article_id != broken));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    let extract = manifest["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "extract")
        .unwrap();
    assert_eq!(extract["dropped"]["sentences_do_not_fit_text"], 1);
    assert_eq!(extract["received"], 2);
    let warning = extract["warnings"][0].as_str().unwrap();
    assert!(warning.contains(&broken), "{warning}");
}
