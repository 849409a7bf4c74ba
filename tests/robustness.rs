//! Property tests: no input makes a stage panic, and every span any stage
//! emits slices its article's text on character boundaries.
//!
//! Inputs come from `proptest` strategies: text built from the pieces real
//! news is made of plus the awkward ones (abbreviations, curly and straight
//! quotes, numbers with separators, dates, non-Latin scripts, combining
//! marks, invisible characters, blank lines and `TT` lines), arbitrary
//! Unicode strings, arbitrary bytes, and arbitrary strings inside JSONL. Each
//! goes through ingest, normalise, extract and resolve.
//!
//! The case budget is fixed (64 per property, so CI time is bounded and runs
//! are reproducible from proptest's fixed seed); `PROPTEST_CASES=N` raises it,
//! as `just fuzz` does. A failure prints the shrunk input.

use proptest::prelude::*;
use sitrep_core::tables::Article;

const PIECES: &[&str] = &[
    "The",
    "US",
    "U.S.",
    "Gen.",
    "Oct. 17",
    "Nov. 8, 2023,",
    "Tuesday, Sept. 24, 2024.",
    "Iran",
    "Iran’s",
    "Iran-backed",
    "al-Sudani",
    "Sudani",
    "Hezbollah",
    "Kataeb Hezbollah",
    "said",
    "told",
    "he",
    "“",
    "”",
    "\"",
    "'",
    "’",
    ",",
    ".",
    "?",
    "!",
    "—",
    "-",
    "(AP)",
    "(",
    ")",
    "at least",
    "about",
    "more than",
    "five dozen",
    "2,000",
    "1.5",
    "61",
    "%",
    "$5 million",
    "attacks",
    "struck",
    "killed",
    "injured",
    "in",
    "Syria",
    "Baghdad",
    "on Monday",
    "last week",
    "\n",
    "\n\n",
    "\n\n\n",
    "TT",
    "   ",
    "\t",
    "é",
    "e\u{301}",
    "ß",
    "İ",
    "ﬁ",
    "…",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "مرحبا",
    "שלום",
    "中文",
    "😀",
    "no.",
    "Mr.",
    "J.",
    "2024-09-24",
    "between Oct. 17 and 21",
    "early January 2020",
    "the 1970s",
    "&amp;",
];

/// News-like text: 1 to 120 pieces, each followed by a space or not.
fn news_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::sample::select(PIECES), any::<bool>()), 1..120).prop_map(
        |parts| {
            let mut text = String::new();
            for (piece, space) in parts {
                text.push_str(piece);
                if space {
                    text.push(' ');
                }
            }
            text
        },
    )
}

fn slice(text: &str, start: i64, end: i64) -> Option<String> {
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    (start <= end && end <= text.chars().count())
        .then(|| text.chars().skip(start).take(end - start).collect())
}

fn check_article(article: Article) {
    let text = article.text.clone();
    let mut doc = sitrep_normalise::normalise(article);
    let sentences = doc.sentence_rows();
    for row in &sentences {
        assert_eq!(
            slice(&text, row.start, row.end).as_deref(),
            Some(row.text.as_str())
        );
    }
    let rebuilt = sitrep_normalise::rebuild(doc.article.clone(), &sentences)
        .expect("a document's own sentences rebuild it");
    assert_eq!(rebuilt.sentence_rows(), sentences);
    let out = sitrep_extract::extract(&mut doc);
    for m in &out.mentions {
        assert_eq!(
            slice(&text, m.start, m.end).as_deref(),
            Some(m.text.as_str()),
            "{m:?}"
        );
    }
    for d in &out.dates {
        assert_eq!(
            slice(&text, d.start, d.end).as_deref(),
            Some(d.text.as_str()),
            "{d:?}"
        );
    }
    for q in &out.quantities {
        assert_eq!(
            slice(&text, q.start, q.end).as_deref(),
            Some(q.text.as_str()),
            "{q:?}"
        );
    }
    for q in &out.quotes {
        assert_eq!(
            slice(&text, q.start, q.end).as_deref(),
            Some(q.text.as_str()),
            "{q:?}"
        );
    }
    for e in &out.events {
        assert_eq!(
            slice(&text, e.start, e.end).as_deref(),
            Some(e.trigger.as_str()),
            "{e:?}"
        );
    }
    let resolved = sitrep_resolve::resolve(
        sitrep_resolve::ResolveInput {
            mentions: out.mentions,
            events: out.events,
            quotes: out.quotes,
        },
        sitrep_core::KnowledgeBase::builtin(),
    );
    assert!(resolved.mentions.iter().all(|m| m.entity_id.is_some()));
}

/// Ingests `bytes` as the file `name` and checks every article it gives.
fn check_file(name: &str, bytes: &[u8]) {
    let outcome = sitrep_ingest::ingest_bytes(name, bytes);
    assert!(
        !outcome.articles.is_empty() || !outcome.rejected.is_empty(),
        "neither an article nor a rejection"
    );
    for article in outcome.articles {
        check_article(article);
    }
}

/// The case budget: `PROPTEST_CASES` when set, else 64.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn news_like_text_never_panics_and_spans_slice_exactly(text in news_text()) {
        check_file("case.txt", text.as_bytes());
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check_file("case.txt", text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_file("case.txt", &bytes);
        check_file("case.jsonl", &bytes);
    }

    #[test]
    fn arbitrary_jsonl_text_never_panics(
        headline in any::<String>(),
        text in prop_oneof![news_text(), any::<String>()],
    ) {
        let line = serde_json::json!({"headline": headline, "text": text}).to_string();
        check_file("case.jsonl", format!("{line}\n{line}\n").as_bytes());
    }
}
