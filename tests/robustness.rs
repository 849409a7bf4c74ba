//! Property-style test: no input makes a per-article stage panic, and every
//! span any stage emits slices its article's text on character boundaries.
//!
//! Inputs are generated from a fixed seed (so failures reproduce) out of the
//! pieces real news text is made of plus the awkward ones: abbreviations,
//! curly and straight quotes, numbers with separators, dates, non-Latin
//! scripts, combining marks, invisible characters, blank lines and `TT`
//! lines; every tenth case is raw byte noise.

use sitrep_core::tables::Article;

/// xorshift64*: a tiny deterministic generator, enough for test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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

fn random_text(rng: &mut Rng) -> String {
    let len = 1 + rng.below(120);
    let mut text = String::new();
    for _ in 0..len {
        text.push_str(PIECES[rng.below(PIECES.len())]);
        if rng.below(3) > 0 {
            text.push(' ');
        }
    }
    text
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

#[test]
fn random_inputs_never_panic_and_spans_slice_exactly() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut articles = 0;
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for case in 0..250 {
        let text = random_text(&mut rng);
        let bytes: Vec<u8> = if case % 10 == 0 {
            // Some raw byte noise too, to exercise decoding and rejection.
            (0..rng.below(400)).map(|_| rng.next() as u8).collect()
        } else {
            text.into_bytes()
        };
        let outcome = sitrep_ingest::ingest_bytes(&format!("case{case}.txt"), &bytes);
        assert!(
            !outcome.articles.is_empty() || !outcome.rejected.is_empty(),
            "case {case}: neither an article nor a rejection"
        );
        for row in &outcome.rejected {
            *reasons.entry(row.reason.clone()).or_default() += 1;
        }
        for article in outcome.articles {
            articles += 1;
            check_article(article);
        }
    }
    assert!(
        articles > 200,
        "only {articles} of 250 cases gave articles; rejected: {reasons:?}"
    );
}
