//! Whole-crate tests: the sample article, offset properties and `rebuild`.

use sitrep_core::Doc;
use sitrep_core::tables::{Article, SentenceRow};

use crate::{NormaliseError, normalise, rebuild};

const SAMPLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/raw/asharq_al_awsat_two_articles.txt"
));

fn article(id: &str, headline: &str, text: String) -> Article {
    let body_start = headline.chars().count() as i64 + 2;
    Article {
        article_id: id.into(),
        source_path: "data/raw/asharq_al_awsat_two_articles.txt".into(),
        source_format: "text_dump".into(),
        source_line_start: 1,
        source_line_end: 1,
        encoding: "UTF-8".into(),
        outlet: Some("Asharq Al-Awsat".into()),
        url: None,
        headline: headline.into(),
        published: None,
        published_precision: None,
        published_source: None,
        published_evidence: None,
        captions: Vec::new(),
        caption_credits: Vec::new(),
        word_count: text.split_whitespace().count() as i64,
        text,
        body_start,
        duplicate_of: None,
    }
}

fn tiny(text: &str) -> Article {
    let headline = text.lines().next().unwrap_or_default().to_owned();
    article("tiny", &headline, text.to_owned())
}

/// The sample's articles built the way ingest does: headline, blank line,
/// body paragraphs without the repeated headline, captions and the `TT` logo.
fn sample_articles() -> Vec<Article> {
    SAMPLE
        .split("\n\n\n")
        .enumerate()
        .map(|(idx, chunk)| {
            let mut paragraphs = chunk.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
            let headline = paragraphs.next().unwrap().to_owned();
            let body: Vec<&str> = paragraphs
                .filter(|p| *p != headline)
                .filter(|p| {
                    !p.lines()
                        .any(|line| line.trim() == "TT" || line.ends_with("AP)"))
                })
                .collect();
            let text = format!("{headline}\n\n{}", body.join("\n\n"));
            article(&format!("sample-{idx}"), &headline, text)
        })
        .collect()
}

fn sentence_texts(doc: &Doc) -> Vec<&str> {
    doc.sentences
        .iter()
        .map(|s| doc.original_text(s.span))
        .collect()
}

#[test]
fn sample_is_two_articles_without_captions() {
    let articles = sample_articles();
    assert_eq!(articles.len(), 2);
    assert!(articles[0].text.starts_with(
        "How the US Strikes a Delicate Balance in Responding to Attacks on Its Forces by Iran-Backed Militias\n\nIranian-backed militants"
    ));
    assert!(!articles[1].text.contains("TT\n"));
}

#[test]
fn sample_sentences_named_in_the_brief() {
    let docs: Vec<Doc> = sample_articles().into_iter().map(normalise).collect();
    let first = sentence_texts(&docs[0]);
    let second = sentence_texts(&docs[1]);
    assert_eq!(
        first[0],
        "How the US Strikes a Delicate Balance in Responding to Attacks on Its Forces by Iran-Backed Militias"
    );
    assert!(first.contains(
        &"But since Oct. 17, as civilian deaths in Israel's war against Hamas began to skyrocket, there has been a dramatic spike in attacks by Iran's proxies, operating under the umbrella name of the “Islamic Resistance” in Iraq."
    ));
    assert!(first.contains(
        &"In early January 2020, the US launched an airstrike in Baghdad, killing Gen. Qassem Soleimani, the head of Iran’s elite Quds Force, and Abu Mahdi al-Muhandis, deputy commander of Iran-backed militias in Iraq."
    ));
    assert!(first.contains(&"ATTACKS — WHEN, WHERE, WHY"));
    assert!(first.contains(&"A look at the attacks and the US response:"));
    assert!(first.contains(
        &"According to the Pentagon, Iranian-backed militants have launched 61 attacks on bases and facilities housing US personnel in Iraq and Syria since Oct. 17."
    ));
    assert!(first.contains(&"Of those, 29 have been in Iraq and 32 in Syria."));
    assert!(second.contains(
        &"Head of the Saydet el-Jabal Gathering former MP Fares Soaid lamented that the scenario that unfolded in Gaza for nearly year is being replicated in Lebanon."
    ));
    assert!(second.contains(
        &"They pointed to Iranian Supreme Leader Ali Khamenei’s recent remarks that Tehran was making a “tactical retreat” as it backs down from retaliating to Israeli strikes on Iranian interests."
    ));
    assert_eq!(
        &second[second.len() - 2..],
        [
            "“It must apply the constitution and respect the state’s sovereignty.",
            "Therein lies salvation,” he remarked."
        ]
    );
    assert!(second.contains(
        &"“The Lebanese people are sensing that Hezbollah, which used to boast of Iran’s support for it, is now waging the battle alone."
    ));
    assert!(second.contains(
        &"It is as if it has been left to its fate, while Iran arranges its papers with the West,” he added."
    ));
    // Paragraph 0 is the headline, and it is sentence 0 on its own.
    assert_eq!(docs[1].sentences[0].paragraph_idx, 0);
    assert_eq!(docs[1].sentences[1].paragraph_idx, 1);
    // Counted by hand: the headline and 26 body paragraphs.
    assert_eq!(docs[1].paragraphs.len(), 27);
}

#[test]
fn sample_tokens_named_in_the_brief() {
    let docs: Vec<Doc> = sample_articles().into_iter().map(normalise).collect();
    let doc = &docs[0];
    let idx = doc
        .sentences
        .iter()
        .position(|s| doc.text(s.span).starts_with("In early January 2020"))
        .unwrap();
    let tokens: Vec<&str> = doc
        .sentence_tokens(idx)
        .iter()
        .map(|t| doc.text(t.span))
        .collect();
    assert_eq!(
        tokens,
        [
            "In",
            "early",
            "January",
            "2020",
            ",",
            "the",
            "US",
            "launched",
            "an",
            "airstrike",
            "in",
            "Baghdad",
            ",",
            "killing",
            "Gen.",
            "Qassem",
            "Soleimani",
            ",",
            "the",
            "head",
            "of",
            "Iran",
            "'s",
            "elite",
            "Quds",
            "Force",
            ",",
            "and",
            "Abu",
            "Mahdi",
            "al",
            "-",
            "Muhandis",
            ",",
            "deputy",
            "commander",
            "of",
            "Iran",
            "-",
            "backed",
            "militias",
            "in",
            "Iraq",
            "."
        ]
    );
    // The normalised "'s" maps back to the original typographic apostrophe.
    let possessive = doc.sentence_tokens(idx)[22];
    assert_eq!(doc.original_text(possessive.span), "’s");
    let all: Vec<&str> = doc.tokens.iter().map(|t| doc.text(t.span)).collect();
    for expected in ["2,000", "1,200", "60"] {
        assert!(all.contains(&expected), "{expected}");
    }
}

/// Offsets and coverage that must hold for every document.
fn check_properties(doc: &Doc) {
    let text = &doc.article.text;
    let chars: Vec<char> = text.chars().collect();
    let mut covered = vec![0u8; chars.len()];
    let mut previous_end = 0;
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        assert!(
            sentence.span.start >= previous_end,
            "sentence {idx} overlaps"
        );
        assert!(!sentence.span.is_empty());
        previous_end = sentence.span.end;
        let normalised = doc.text(sentence.span);
        assert_eq!(
            normalised,
            normalised.trim(),
            "sentence {idx} has edge whitespace"
        );
        let (start, end) = doc.char_span(sentence.span);
        let from_chars: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(from_chars, doc.original_text(sentence.span));
        for slot in &mut covered[start as usize..end as usize] {
            *slot += 1;
        }
        assert!(doc.paragraphs[sentence.paragraph_idx].contains(sentence.span));
        assert!(
            sentence.first_token < sentence.end_token,
            "sentence {idx} has no tokens"
        );
        for token in doc.sentence_tokens(idx) {
            assert_eq!(token.sentence_idx, idx);
            assert!(sentence.span.contains(token.span));
            assert!(!token.span.is_empty());
            let token_text = doc.text(token.span);
            assert!(!token_text.contains(char::is_whitespace), "{token_text:?}");
            let (token_start, token_end) = doc.char_span(token.span);
            assert!(start <= token_start && token_end <= end);
        }
    }
    for (at, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            assert!(covered[at] <= 1);
        } else {
            assert_eq!(
                covered[at], 1,
                "character {at} {c:?} covered {} times",
                covered[at]
            );
        }
    }
    // Tokens are sorted, disjoint and cover every non-space normalised byte.
    let mut token_bytes = 0;
    let mut previous = 0;
    for token in &doc.tokens {
        assert!(token.span.start >= previous);
        previous = token.span.end;
        token_bytes += token.span.len();
    }
    let non_space: usize = doc
        .sentences
        .iter()
        .map(|s| {
            doc.text(s.span)
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(char::len_utf8)
                .sum::<usize>()
        })
        .sum();
    assert_eq!(token_bytes, non_space);
}

#[test]
fn sample_spans_are_sorted_disjoint_and_cover_the_text() {
    for doc in sample_articles().into_iter().map(normalise) {
        check_properties(&doc);
        assert!(doc.sentences.len() > 20);
    }
}

#[test]
fn tricky_text_keeps_exact_offsets() {
    let text = "“Quotes”\u{200b} and Israel’s\u{a0}war…\n\nﬁnal  Ｉｒａｎ\u{00ad}‑backed  “forces.” He  left.\r\n\r\nEnd";
    let doc = normalise(tiny(text));
    check_properties(&doc);
    assert_eq!(
        doc.normalised,
        "\"Quotes\" and Israel's war...\n\nfinal Iran-backed \"forces.\" He left.\n\nEnd"
    );
    assert_eq!(
        sentence_texts(&doc),
        [
            "“Quotes”\u{200b} and Israel’s\u{a0}war…",
            "ﬁnal  Ｉｒａｎ\u{00ad}‑backed  “forces.”",
            "He  left.",
            "End"
        ]
    );
    let token = |s: &str| {
        doc.tokens
            .iter()
            .find(|t| doc.text(t.span) == s)
            .copied()
            .unwrap()
    };
    assert_eq!(doc.original_text(token("'s").span), "’s");
    assert_eq!(doc.original_text(token("Iran").span), "Ｉｒａｎ");
    assert_eq!(doc.original_text(token("final").span), "ﬁnal");
    // "“Quotes”" is characters 0..8; "Israel" starts at character 14 (after a zero-width space).
    assert_eq!(doc.char_span(token("Quotes").span), (1, 7));
    assert_eq!(doc.char_span(token("Israel").span), (14, 20));
}

#[test]
fn empty_article_gives_an_empty_doc() {
    let doc = normalise(tiny(" \n\n "));
    assert!(doc.normalised.is_empty());
    assert!(doc.paragraphs.is_empty() && doc.sentences.is_empty() && doc.tokens.is_empty());
}

#[test]
fn rebuild_round_trips_sentence_rows() {
    for doc in sample_articles().into_iter().map(normalise) {
        let rows = doc.sentence_rows();
        let rebuilt = rebuild(doc.article.clone(), &rows).unwrap();
        assert_eq!(rebuilt.sentence_rows(), rows);
        assert_eq!(rebuilt.sentences, doc.sentences);
        assert_eq!(rebuilt.tokens, doc.tokens);
        assert_eq!(rebuilt.normalised, doc.normalised);
    }
}

#[test]
fn rebuild_uses_the_rows_boundaries() {
    let article = tiny("Head\n\nOne. Two three.");
    // One sentence for the whole body instead of two; whitespace around it is trimmed.
    let rows = [
        row("tiny", 0, 0, 4, "Head"),
        row("tiny", 1, 5, 21, "\nOne. Two three."),
    ];
    let doc = rebuild(article, &rows).unwrap();
    assert_eq!(sentence_texts(&doc), ["Head", "One. Two three."]);
    assert_eq!(doc.sentences[1].paragraph_idx, 1);
    assert_eq!(doc.sentence_tokens(1).len(), 5);
}

fn row(article_id: &str, sentence_idx: i64, start: i64, end: i64, text: &str) -> SentenceRow {
    SentenceRow {
        article_id: article_id.into(),
        sentence_idx,
        paragraph_idx: 0,
        start,
        end,
        text: text.into(),
    }
}

#[test]
fn rebuild_rejects_bad_rows_naming_article_and_sentence() {
    let text = "Cafe\u{301} news\n\nOne. Two.";
    let out_of_range = rebuild(tiny(text), &[row("tiny", 3, 0, 99, "x")]).unwrap_err();
    assert!(matches!(
        out_of_range,
        NormaliseError::SentenceOutOfRange {
            sentence_idx: 3,
            ..
        }
    ));
    assert!(
        out_of_range
            .to_string()
            .starts_with("article tiny: sentence 3 spans characters 0..99")
    );

    // Character 4 is the combining accent of "e\u{301}".
    let inside = rebuild(tiny(text), &[row("tiny", 0, 0, 4, "Cafe")]).unwrap_err();
    assert_eq!(
        inside,
        NormaliseError::SentenceNotOnBoundary {
            article_id: "tiny".into(),
            sentence_idx: 0,
            offset: 4
        }
    );

    let mismatch = rebuild(tiny(text), &[row("tiny", 0, 0, 4, "Café")]).unwrap_err();
    assert!(matches!(
        mismatch,
        NormaliseError::SentenceTextMismatch {
            sentence_idx: 0,
            ..
        }
    ));

    let empty = rebuild(tiny(text), &[row("tiny", 1, 10, 12, "\n\n")]).unwrap_err();
    assert!(matches!(
        empty,
        NormaliseError::SentenceEmpty {
            sentence_idx: 1,
            ..
        }
    ));

    let overlap = rebuild(
        tiny(text),
        &[row("tiny", 0, 12, 16, "One."), row("tiny", 1, 14, 16, "e.")],
    )
    .unwrap_err();
    assert!(matches!(
        overlap,
        NormaliseError::SentencesOverlap {
            sentence_idx: 1,
            ..
        }
    ));
}

#[test]
fn single_line_breaks_end_sentences_without_punctuation() {
    let text = "Head\n\nTrip plan\nWed. Sept. 20 - Leave Houston\nThanks ,\nMike\n2. The second point is words .\nhttp://www.example.com/a.html";
    let doc = normalise(tiny(text));
    check_properties(&doc);
    assert_eq!(
        sentence_texts(&doc),
        [
            "Head",
            "Trip plan",
            "Wed. Sept. 20 - Leave Houston",
            "Thanks ,",
            "Mike",
            "2. The second point is words .",
            "http://www.example.com/a.html"
        ]
    );
}

#[test]
fn lower_case_line_continues_a_long_unpunctuated_line() {
    let text = "Head\n\nThe minister said on Tuesday that the\ngovernment would resign. He left.";
    let doc = normalise(tiny(text));
    assert_eq!(
        sentence_texts(&doc),
        [
            "Head",
            "The minister said on Tuesday that the\ngovernment would resign.",
            "He left."
        ]
    );
}

#[test]
fn hard_wrapped_paragraph_ignores_its_line_breaks() {
    let text = "Head\n\nIranian-backed militants have launched 61 attacks on\nbases housing US personnel in Iraq and Syria since Oct.\n17, the Pentagon said. Of those, 29 have been in Iraq\nand 32 in Syria.";
    let doc = normalise(tiny(text));
    assert_eq!(
        sentence_texts(&doc),
        [
            "Head",
            "Iranian-backed militants have launched 61 attacks on\nbases housing US personnel in Iraq and Syria since Oct.\n17, the Pentagon said.",
            "Of those, 29 have been in Iraq\nand 32 in Syria."
        ]
    );
}
