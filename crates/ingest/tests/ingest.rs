//! End-to-end tests of the ingest stage through its public API: the sample
//! scraped dump, a bench-style single article, JSONL, encodings and every
//! rejection reason.

use std::fs;
use std::path::PathBuf;

use chrono::NaiveDate;
use sitrep_core::tables::Article;
use sitrep_ingest::{
    FileOutcome, IngestOptions, discover, ingest_bytes, ingest_file, mark_duplicates,
};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/raw/asharq_al_awsat_two_articles.txt"
);
const SAMPLE_PATH: &str = "data/raw/asharq_al_awsat_two_articles.txt";

const HEADLINE_1: &str = "How the US Strikes a Delicate Balance in Responding to Attacks on Its Forces by Iran-Backed Militias";
const HEADLINE_2: &str = "Has Iran Abandoned Hezbollah in its Fight against Israel in Lebanon?";

fn sample() -> FileOutcome {
    ingest_bytes(SAMPLE_PATH, &fs::read(SAMPLE).unwrap())
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The body of an article: `text` from the `body_start` character on.
fn body(article: &Article) -> String {
    article
        .text
        .chars()
        .skip(article.body_start as usize)
        .collect()
}

fn only_rejection(outcome: &FileOutcome) -> (String, String) {
    assert!(
        outcome.articles.is_empty(),
        "expected no article, got {:?}",
        outcome.articles
    );
    assert_eq!(outcome.rejected.len(), 1, "{:?}", outcome.rejected);
    (
        outcome.rejected[0].reason.clone(),
        outcome.rejected[0].detail.clone(),
    )
}

#[test]
fn sample_gives_two_articles_with_headlines_and_line_ranges() {
    let outcome = sample();
    assert!(outcome.rejected.is_empty() && outcome.warnings.is_empty());
    let headlines: Vec<_> = outcome
        .articles
        .iter()
        .map(|a| a.headline.as_str())
        .collect();
    assert_eq!(headlines, [HEADLINE_1, HEADLINE_2]);
    let ranges: Vec<_> = outcome
        .articles
        .iter()
        .map(|a| (a.source_line_start, a.source_line_end))
        .collect();
    assert_eq!(ranges, [(1, 68), (72, 133)]);
    for article in &outcome.articles {
        assert_eq!(article.source_path, SAMPLE_PATH);
        assert_eq!(article.source_format, "text_dump");
        assert_eq!(article.encoding, "UTF-8");
        assert_eq!(article.outlet, None);
        assert_eq!(article.url, None);
        assert_eq!(article.duplicate_of, None);
        assert!(
            article
                .text
                .starts_with(&format!("{}\n\n", article.headline))
        );
        assert_eq!(
            article.word_count,
            article.text.split_whitespace().count() as i64
        );
    }
}

#[test]
fn sample_captions_are_kept_aside_once_with_credits() {
    let outcome = sample();
    let (first, second) = (&outcome.articles[0], &outcome.articles[1]);
    assert_eq!(
        first.captions,
        [
            "This image from video provided by the Department of Defense shows a Nov. 8, 2023, airstrike on a weapons warehouse. center, in eastern Syria."
        ]
    );
    assert_eq!(first.caption_credits, ["Department of Defense via AP"]);
    assert_eq!(
        second.captions,
        [
            "Lebanese citizens who fled on the southern villages amid ongoing Israeli airstrikes Monday, settle at a waterfront promenade in the southern port city of Sidon, Lebanon, Tuesday, Sept. 24, 2024."
        ]
    );
    assert_eq!(second.caption_credits, ["AP"]);
}

#[test]
fn sample_bodies_hold_no_furniture() {
    let outcome = sample();
    let (first, second) = (&outcome.articles[0], &outcome.articles[1]);
    assert_eq!(first.body_start, 102);
    assert_eq!(second.body_start, 70);
    assert!(body(first).starts_with("Iranian-backed militants in Iraq and Syria"));
    assert!(body(second).starts_with("Iran appears to have withdrawn itself"));
    let last_paragraph = first.text.rsplit("\n\n").next().unwrap();
    assert!(last_paragraph.starts_with("The US considers its presence"));
    assert!(
        second
            .text
            .ends_with("Therein lies salvation,” he remarked.")
    );
    for article in &outcome.articles {
        let body = body(article);
        assert!(
            !body.contains(&article.headline),
            "headline repeated in body"
        );
        assert!(!body.contains("(AP)") && !body.contains("This image from video"));
        assert!(!body.contains("Lebanese citizens who fled"));
        assert!(!body.split("\n\n").any(|paragraph| paragraph == "TT"));
        assert!(!body.contains("\n\n\n"));
    }
    // Section headings stay in their article, as paragraphs.
    assert!(
        first
            .text
            .contains("\n\nATTACKS — WHEN, WHERE, WHY\n\nAccording to the Pentagon")
    );
    assert!(
        second
            .text
            .contains("\n\nSoaid: Hezbollah is abandoned to its fate\n\n")
    );
    assert!(
        second
            .text
            .contains("\n\nSurviving at Hezbollah’s expense\n\n")
    );
    // Characters are kept verbatim.
    assert!(first.text.contains("the “Islamic Resistance” in Iraq"));
}

#[test]
fn sample_publication_dates_come_from_the_captions() {
    let outcome = sample();
    let (first, second) = (&outcome.articles[0], &outcome.articles[1]);
    assert_eq!(first.published, date(2023, 11, 8));
    assert_eq!(first.published_precision.as_deref(), Some("day"));
    assert_eq!(first.published_source.as_deref(), Some("caption"));
    assert_eq!(first.published_evidence.as_deref(), Some("Nov. 8, 2023"));
    assert_eq!(second.published, date(2024, 9, 24));
    assert_eq!(second.published_source.as_deref(), Some("caption"));
    assert_eq!(
        second.published_evidence.as_deref(),
        Some("Tuesday, Sept. 24, 2024")
    );
}

#[test]
fn bench_style_single_article_is_one_article() {
    // Title, blank line, paragraphs separated by single blank lines; a short
    // paragraph without a full stop must not start a new article.
    let text = "Ad sales boost media profit\n\n\
                Quarterly profits at a US media firm jumped 76% to $1.13bn for the three months to December.\n\n\
                The firm said sales rose 2% to $11.1bn.\n\n\
                Fourth quarter outlook\n\n\
                It expects higher revenue in 2005.\n";
    let outcome = ingest_bytes("bench/bbc_business_001.txt", text.as_bytes());
    assert_eq!(outcome.articles.len(), 1);
    let article = &outcome.articles[0];
    assert_eq!(article.headline, "Ad sales boost media profit");
    assert_eq!((article.source_line_start, article.source_line_end), (1, 9));
    assert_eq!(article.body_start, 29);
    assert_eq!(
        body(article),
        "Quarterly profits at a US media firm jumped 76% to $1.13bn for the three months to December.\n\n\
         The firm said sales rose 2% to $11.1bn.\n\nFourth quarter outlook\n\nIt expects higher revenue in 2005."
    );
    assert_eq!(article.word_count, 39);
    assert!(article.captions.is_empty());
    assert_eq!(article.published, None);
}

#[test]
fn jsonl_good_lines_survive_bad_ones() {
    let text = concat!(
        r#"{"headline": "Drone hits base", "text": "A drone hit a base in Syria.", "url": "https://www.aawsat.com/english/1", "published": "2024-09-24"}"#,
        "\n",
        r#"{"headline": "Broken", "text": "#,
        "\n",
        r#"{"text": "Talks resume in Doha\nEnvoys met on Nov. 8, 2023.\nNo deal was reached."}"#,
        "\n",
        r#"{"headline": "Empty", "text": "   "}"#,
        "\n",
    );
    let outcome = ingest_bytes("in/feed.jsonl", text.as_bytes());
    assert_eq!(outcome.articles.len(), 2);
    let first = &outcome.articles[0];
    assert_eq!(first.source_format, "jsonl");
    assert_eq!(first.headline, "Drone hits base");
    assert_eq!(
        first.text,
        "Drone hits base\n\nA drone hit a base in Syria."
    );
    assert_eq!(first.outlet.as_deref(), Some("aawsat.com"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://www.aawsat.com/english/1")
    );
    assert_eq!((first.source_line_start, first.source_line_end), (1, 1));
    assert_eq!(first.published, date(2024, 9, 24));
    assert_eq!(first.published_source.as_deref(), Some("input"));
    assert_eq!(first.published_evidence.as_deref(), Some("2024-09-24"));
    let second = &outcome.articles[1];
    assert_eq!(second.headline, "Talks resume in Doha");
    assert_eq!(
        second.text,
        "Talks resume in Doha\n\nEnvoys met on Nov. 8, 2023.\n\nNo deal was reached."
    );
    assert_eq!(
        (second.source_line_start, second.outlet.as_deref()),
        (3, None)
    );
    // A date in the body is the story's, not the article's: no publication date.
    assert_eq!(second.published, None);
    assert_eq!(second.published_source, None);
    let rejected: Vec<_> = outcome
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(rejected, [(Some(2), "bad_json"), (Some(4), "no_text")]);
    assert!(
        outcome
            .rejected
            .iter()
            .all(|r| r.detail.starts_with("in/feed.jsonl line "))
    );
}

#[test]
fn windows_1252_bytes_decode() {
    let outcome = ingest_bytes(
        "old.txt",
        b"Caf\xe9 owners protest\n\nThe caf\xe9 owners marched on Monday.\n",
    );
    let article = &outcome.articles[0];
    assert_eq!(article.encoding, "windows-1252");
    assert_eq!(article.headline, "Café owners protest");
    assert_eq!(
        article.text,
        "Café owners protest\n\nThe café owners marched on Monday."
    );
    // Character offsets, not bytes: "Café owners protest" is 19 characters.
    assert_eq!(article.body_start, 21);
    assert_eq!(outcome.warnings.len(), 1);
    assert!(
        outcome.warnings[0].contains("old.txt") && outcome.warnings[0].contains("windows-1252")
    );
}

#[test]
fn utf16_with_bom_decodes() {
    let text = "Israel’s strikes widen\r\n\r\nJets struck the Bekaa Valley.\r\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let outcome = ingest_bytes("wide.txt", &bytes);
    let article = &outcome.articles[0];
    assert_eq!(article.encoding, "UTF-16LE");
    assert_eq!(
        article.text,
        "Israel’s strikes widen\n\nJets struck the Bekaa Valley."
    );
}

#[test]
fn bad_files_are_rejected_with_a_reason_naming_the_file() {
    let (reason, detail) = only_rejection(&ingest_bytes("raw/empty.txt", b""));
    assert_eq!(reason, "empty");
    assert!(detail.starts_with("raw/empty.txt: "));
    assert_eq!(
        only_rejection(&ingest_bytes("raw/blank.txt", b"\n \n\t\n")).0,
        "empty"
    );

    let (reason, detail) = only_rejection(&ingest_bytes(
        "raw/photo.txt",
        b"GIF89a\x01\x00\x01\x00\x00\xff",
    ));
    assert_eq!(reason, "binary");
    assert!(detail.starts_with("raw/photo.txt: ") && detail.contains("GIF"));
    assert_eq!(
        only_rejection(&ingest_bytes("raw/x.dat", b"Head\0line\n\nBody.")).0,
        "binary"
    );

    let page = b"<!DOCTYPE html>\n<html><head><title>Strike</title></head><body><p>Text.</p></body></html>";
    let (reason, detail) = only_rejection(&ingest_bytes("raw/page.txt", page));
    assert_eq!(reason, "html");
    assert!(detail.contains("extract the article text first"));

    let (reason, detail) = only_rejection(&ingest_bytes("raw/logo.txt", b"TT\n\n\nTT\n"));
    assert_eq!(reason, "no_text");
    assert!(detail.starts_with("raw/logo.txt: "));

    let (reason, _) = only_rejection(&ingest_bytes("raw/bad.txt", b"\xff\xfe\x00\xd8a\x00"));
    assert_eq!(reason, "undecodable");
    // A UTF-8 byte-order mark with stray bytes: only the bad line is patched.
    let patched = ingest_bytes("raw/patched.txt", b"\xef\xbb\xbfTitle \xff\xfe\n\nBody.");
    assert_eq!(patched.articles[0].headline, "Title \u{fffd}\u{fffd}");
    assert!(patched.warnings[0].starts_with("raw/patched.txt line 1: "));
}

#[test]
fn too_large_files_are_not_read() {
    let dir = std::env::temp_dir().join(format!("sitrep-ingest-it-{}", std::process::id()));
    fs::create_dir_all(dir.join("sub")).unwrap();
    let big = dir.join("sub/big.txt");
    fs::write(&big, "Headline\n\nThe body of this article.\n").unwrap();
    let small = dir.join("small.txt");
    fs::write(&small, "Headline\n\nShort body.").unwrap();

    let files = discover(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(files, [small.clone(), big.clone()]);
    let options = IngestOptions { max_file_bytes: 30 };
    let (reason, detail) = only_rejection(&ingest_file(&big, &options));
    assert_eq!(reason, "too_large");
    assert!(
        detail.contains("is 36 bytes, over the limit of 30 bytes"),
        "{detail}"
    );
    assert_eq!(ingest_file(&small, &options).articles.len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ids_are_deterministic_and_depend_on_path_position_and_text() {
    let first = sample();
    let again = sample();
    assert_eq!(first, again);
    let ids: Vec<_> = first
        .articles
        .iter()
        .map(|a| a.article_id.clone())
        .collect();
    assert_ne!(ids[0], ids[1]);
    assert!(
        ids.iter()
            .all(|id| id.starts_with("art_") && id.len() == 20)
    );
    assert_eq!(
        ids[1],
        sitrep_core::ids::stable_id("art", &[SAMPLE_PATH, "72", &first.articles[1].text])
    );
    let elsewhere = ingest_bytes("copy/sample.txt", &fs::read(SAMPLE).unwrap());
    assert_ne!(elsewhere.articles[0].article_id, ids[0]);
}

#[test]
fn duplicates_point_at_the_first_copy_in_sorted_order() {
    let bytes = fs::read(SAMPLE).unwrap();
    let mut articles = ingest_bytes("b/copy.txt", &bytes).articles;
    articles.extend(ingest_bytes("a/original.txt", &bytes).articles);
    articles
        .extend(ingest_bytes("c/other.txt", b"Other story\n\nSomething else happened.").articles);
    mark_duplicates(&mut articles);
    // Slice order is b, b, a, a, c; sorted order puts a/original.txt first.
    assert_eq!(
        articles[0].duplicate_of.as_deref(),
        Some(articles[2].article_id.as_str())
    );
    assert_eq!(
        articles[1].duplicate_of.as_deref(),
        Some(articles[3].article_id.as_str())
    );
    assert_eq!(articles[2].duplicate_of, None);
    assert_eq!(articles[3].duplicate_of, None);
    assert_eq!(articles[4].duplicate_of, None);
}

#[test]
fn no_input_panics_and_every_file_gives_a_row() {
    // Deterministic pseudo-random inputs plus cut-up pieces of the sample.
    let sample = fs::read(SAMPLE).unwrap();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in 0..300 {
        let len = (next() % 400) as usize;
        let bytes: Vec<u8> = if case % 2 == 0 {
            (0..len).map(|_| next().to_le_bytes()[0]).collect()
        } else {
            let start = (next() as usize) % sample.len();
            sample[start..(start + len).min(sample.len())].to_vec()
        };
        for name in ["x.txt", "x.jsonl"] {
            let outcome = ingest_bytes(name, &bytes);
            assert!(
                !outcome.articles.is_empty() || !outcome.rejected.is_empty(),
                "case {case} ({name}) gave nothing"
            );
            for article in &outcome.articles {
                assert!(!article.headline.is_empty());
                assert!(article.body_start as usize <= article.text.chars().count());
            }
        }
    }
}

#[test]
fn discover_reports_missing_inputs() {
    let missing = PathBuf::from("/nonexistent/sitrep-input");
    let error = discover(&[missing]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("/nonexistent/sitrep-input does not exist")
    );
}
