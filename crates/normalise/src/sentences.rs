//! `SentenceSplitter`: sentence spans inside each paragraph.
//!
//! Rules, in order:
//!
//! 1. A paragraph boundary always ends a sentence, so the headline and section
//!    headings (`ATTACKS — WHEN, WHERE, WHY`) are sentences of their own.
//! 2. A single line break of the original text (which the normaliser turns
//!    into a space) ends a sentence, so one-sentence-per-line text, list and
//!    bullet lines, signatures and links without final punctuation are split.
//!    Two exceptions: a paragraph that looks hard-wrapped (at least two lines
//!    before the last, each of five or more words and of similar length, most
//!    ending mid-sentence) ignores its line breaks; and a line that starts
//!    with a lower-case letter continues a line of five or more words that
//!    does not end like a sentence (`.`, `!`, `?`, `:`, a closing quote or
//!    bracket).
//! 3. Inside a line a sentence may end after a run of `.`, `!` or `?`,
//!    together with any closing quotes or brackets right after it
//!    (`…retreat." He said` breaks after the quote), and only when a space
//!    follows. No space, no break: `1.5`, `U.S.-led`, `www.x.com`,
//!    `salvation," he`.
//!    A quote (or run of quotes) standing alone after the whitespace, followed
//!    by whitespace or the end of the line, closes the sentence too
//!    (`…hell ! "` in tokenized text): opening quotes touch their word.
//! 4. The next character must be able to start a sentence: an upper-case or
//!    uncased letter, a digit, or an opening quote or bracket. A lower-case
//!    word never starts a new sentence (`"Why?" he asked`, `wait... and see`).
//! 5. `!`, `?` and ellipses then break. A single `.` breaks unless the
//!    sentence so far is a list number (`2.`, `* 3 .`) or the word before it is
//!    an abbreviation:
//!    - titles and mid-sentence abbreviations (`Gen.`, `Mr.`, `Dr.`, `Sen.`,
//!      `Mt.`, `vs.`, `e.g.`) never break;
//!    - numbering abbreviations (`No.`, `Art.`, `pp.`) do not break before a
//!      digit (`No. 1`);
//!    - months and weekdays (`Oct.`, `Sept.`, `Wed.`) do not break before a digit (`since Oct. 17,`)
//!      and otherwise behave as ambiguous abbreviations;
//!    - ambiguous abbreviations, which can end a sentence (dotted acronyms such
//!      as `U.S.`, `U.N.`, `D.C.`, `a.m.`; initials such as `F.`; `Jr.`, `Inc.`,
//!      `etc.`, `et al.`, state abbreviations such as `Calif.`), break only
//!      before an opening quote (not a bracket: `Ltd. (3 in total)`) or before a word that usually starts a sentence
//!      (`The`, `He`, `But`, `In`, `However`, …; see the abbreviations module).
//!      So `U.S. forces` and `U.S. President Donald Trump` stay whole, while
//!      `travelling to the U.S. The President later` breaks; `John F. Kennedy`
//!      and `J. R. R. Tolkien` stay whole because a following initial is never
//!      taken as a sentence start.
//!
//! 6. An omission mark inside a quotation (`[...]`, `(...)`) never ends a
//!    sentence; a spaced ellipsis (`. . .`) ends one only before a capital.
//! 7. Ambiguous abbreviation periods can be handed to a [`PeriodResolver`]
//!    (`SentenceSplitter::split_paragraph_with`), the place for a
//!    part-of-speech tagger to decide `…in the U.S. Washington said…`.
//!
//! Sentence spans exclude surrounding whitespace.
//!
//! ```
//! use sitrep_normalise::SentenceSplitter;
//! let text = "Gen. Smith arrived on Oct. 17. He met U.S. forces.";
//! let spans = SentenceSplitter::split_paragraph(text, sitrep_core::ByteSpan::new(0, text.len()));
//! let sentences: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
//! assert_eq!(sentences, ["Gen. Smith arrived on Oct. 17.", "He met U.S. forces."]);
//! ```
//!
//! Known misses: an ambiguous abbreviation at the end of a sentence followed by
//! a capitalised word that is not in the starter list does not break
//! (`…in the U.S. Congress…` is right, `…in the U.S. Washington said…` is
//! missed); `"Why?" Smith asked.` breaks after the question mark; a quoted
//! sentence that continues in the same quote is split at its inner sentence
//! ends (`"It must apply the constitution. Therein lies salvation," he
//! remarked.` gives two sentences, the second without its opening quote);
//! sentences without final punctuation inside a line are not found; a
//! hard-wrapped paragraph of only two lines is not recognised as wrapped, so
//! its line break ends a sentence unless the second line starts in lower case
//! (`…met with\nPresident Obama` splits); a line starting in lower case after
//! a long unpunctuated line is joined to it even when it is a new sentence
//! (web text); ellipses before a capital always break (`Irony is dead...
//! Long live Irony!`).
//!
//! Measured on Universal NER English-EWT (one gold sentence per line, exact
//! span match): F1 0.978 on dev and 0.975 on test (0.645 and 0.588 before
//! line breaks counted). Most remaining errors are web-text lines starting in
//! lower case after a long unpunctuated line, ellipses and `!` inside a line
//! (`Yahoo! Mail`), and abbreviations (`pop. 256,000`, `Mc. Donald`).

use sitrep_core::{ByteSpan, Doc, Sentence};

use crate::abbreviations::{self, AbbreviationKind};
use sitrep_core::component::{Component, Layer};

/// Splits paragraphs into sentences (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct SentenceSplitter;

/// Whether `b` closes a quotation or bracket after a sentence's final punctuation.
fn is_closer(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b')' | b']' | b'}')
}

/// Characters that may open a quotation or bracket before a word.
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '{')
}

/// The first non-whitespace byte of `text` at or after `at` (or `end`).
fn skip_whitespace(text: &str, mut at: usize, end: usize) -> usize {
    while at < end && text[at..].starts_with(char::is_whitespace) {
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    at
}

/// Whether `sentence` is only a list number such as `2`, `* 3` or `(4`:
/// its period marks a numbered item, not a sentence end.
fn is_list_number(sentence: &str) -> bool {
    let bare = sentence
        .trim()
        .trim_start_matches(['*', '-', '#', '(', '\u{2022}'])
        .trim_start();
    !bare.is_empty() && bare.len() <= 3 && bare.bytes().all(|b| b.is_ascii_digit())
}

/// `span` of `text` with surrounding whitespace removed.
fn trim(text: &str, span: ByteSpan) -> ByteSpan {
    let slice = span.slice(text);
    let trimmed = slice.trim_start();
    let start = span.start + (slice.len() - trimmed.len());
    ByteSpan::new(start, start + trimmed.trim_end().len())
}

/// A second opinion on periods the rules find ambiguous (`U.S.` or `Inc.`
/// before a capitalised word that is not a usual sentence starter): a
/// part-of-speech tagger can say whether the next word starts a sentence.
pub trait PeriodResolver {
    /// Whether the period after `before` (the sentence so far) ends the
    /// sentence, given `after` (the text from the next word on); `None` to
    /// keep the rule's answer.
    fn ends_sentence(&self, before: &str, after: &str) -> Option<bool>;
}

impl SentenceSplitter {
    /// Sentence spans (in `text` coordinates) of the paragraph at `paragraph`.
    #[must_use]
    pub fn split_paragraph(text: &str, paragraph: ByteSpan) -> Vec<ByteSpan> {
        Self::split_paragraph_with(text, paragraph, None)
    }

    /// As [`SentenceSplitter::split_paragraph`], asking `resolver` about
    /// ambiguous abbreviation periods.
    #[must_use]
    pub fn split_paragraph_with(
        text: &str,
        paragraph: ByteSpan,
        resolver: Option<&dyn PeriodResolver>,
    ) -> Vec<ByteSpan> {
        let mut sentences = Vec::new();
        Self::split_into(text, paragraph, resolver, &mut sentences);
        sentences
    }

    /// Appends the sentence spans of the paragraph at `paragraph` to `out`.
    fn split_into(
        text: &str,
        paragraph: ByteSpan,
        resolver: Option<&dyn PeriodResolver>,
        out: &mut Vec<ByteSpan>,
    ) {
        let bytes = text.as_bytes();
        let end = paragraph.end;
        let mut sentence_start = paragraph.start;
        let mut at = paragraph.start;
        while at < end {
            if !matches!(bytes[at], b'.' | b'!' | b'?') {
                at += 1;
                continue;
            }
            let terminator_start = at;
            let mut cursor = at;
            while cursor < end && matches!(bytes[cursor], b'.' | b'!' | b'?') {
                cursor += 1;
            }
            let terminator_end = cursor;
            while cursor < end && is_closer(bytes[cursor]) {
                cursor += 1;
            }
            let mut break_end = cursor;
            let mut next = skip_whitespace(text, cursor, end);
            // A quote standing alone after the whitespace (`them . " But`,
            // `win !" asked` spelled `win ! " asked`, or a quote ending the
            // line) closes the sentence: opening quotes touch their word.
            let mut quotes_end = next;
            while quotes_end < end && matches!(bytes[quotes_end], b'"' | b'\'') {
                quotes_end += 1;
            }
            if next > cursor
                && quotes_end > next
                && (quotes_end == end || text[quotes_end..].starts_with(char::is_whitespace))
            {
                break_end = quotes_end;
                next = skip_whitespace(text, break_end, end);
            }
            let cursor = break_end;
            if next > cursor
                && next < end
                && Self::is_boundary(
                    &text[sentence_start..terminator_start],
                    &text[terminator_start..terminator_end],
                    &text[next..end],
                    resolver,
                )
            {
                let span = trim(text, ByteSpan::new(sentence_start, break_end));
                if !span.is_empty() {
                    out.push(span);
                }
                sentence_start = next;
            }
            at = terminator_end.max(at + 1);
        }
        let span = trim(text, ByteSpan::new(sentence_start, end));
        if !span.is_empty() {
            out.push(span);
        }
    }

    /// Whether a sentence ends at `terminator` (a run of `.!?`), given the
    /// sentence text before it and the text after the following whitespace.
    fn is_boundary(
        before: &str,
        terminator: &str,
        after: &str,
        resolver: Option<&dyn PeriodResolver>,
    ) -> bool {
        let Some(next) = after.chars().next() else {
            return false;
        };
        // An omission mark inside a quotation: `[...]`, `(...)`.
        if before.ends_with(['[', '(']) {
            return false;
        }
        let next_is_digit = next.is_numeric();
        let can_start = next.is_uppercase()
            || next_is_digit
            || is_opener(next)
            || (next.is_alphabetic() && !next.is_lowercase());
        if !can_start {
            return false;
        }
        if terminator != "." {
            return true;
        }
        if is_list_number(before) {
            return false;
        }
        // The word before the period, without opening quotes or brackets.
        let word_start = before.rfind(char::is_whitespace).map_or(0, |at| {
            at + before[at..].chars().next().map_or(1, char::len_utf8)
        });
        let word = before[word_start..].trim_start_matches(is_opener);
        let Some(kind) = abbreviations::classify(word) else {
            return true;
        };
        match kind {
            AbbreviationKind::Title => false,
            AbbreviationKind::Numbering => !next_is_digit,
            AbbreviationKind::Month if next_is_digit => false,
            AbbreviationKind::Month | AbbreviationKind::Ambiguous => {
                if next_is_digit {
                    return false;
                }
                let by_rule = matches!(next, '"' | '\'') || Self::starts_new_sentence(after);
                resolver
                    .and_then(|r| r.ends_sentence(before, after))
                    .unwrap_or(by_rule)
            }
        }
    }

    /// Whether the word at the start of `after` usually starts a sentence and
    /// is not an initial (`A.` in `J. A. Smith`).
    fn starts_new_sentence(after: &str) -> bool {
        let word_end = after.find(char::is_whitespace).unwrap_or(after.len());
        let word = &after[..word_end];
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if abbreviations::is_initial(bare) && word[bare.len()..].starts_with('.') {
            return false;
        }
        abbreviations::is_sentence_starter(bare)
    }
}

/// Whether a line ends as a sentence can (final punctuation, a closing
/// quote or bracket, or a colon before a list).
fn ends_like_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '"', '\'', ')', ']', ':'])
}

/// Whether the lines of a paragraph look hard-wrapped: at least two lines
/// before the last, each of at least five words, most of them ending
/// mid-sentence, all of similar length (at least 60 % of the longest, which is
/// at most 120 characters).
fn looks_wrapped(lines: &[&str]) -> bool {
    let Some((_, before_last)) = lines.split_last() else {
        return false;
    };
    if before_last.len() < 2 {
        return false;
    }
    let lengths = before_last.iter().map(|line| line.chars().count());
    let longest = lengths.clone().max().unwrap_or(0);
    let shortest = lengths.min().unwrap_or(0);
    let open = before_last
        .iter()
        .filter(|line| !ends_like_sentence(line))
        .count();
    let prose = before_last
        .iter()
        .all(|line| line.split_whitespace().nth(4).is_some());
    prose && longest <= 120 && shortest * 10 >= longest * 6 && open * 2 >= before_last.len()
}

/// Splits `paragraph` at the line breaks of the original text that end a
/// sentence, writing the pieces to `out` (see the module docs).
///
/// The normaliser turns a single line break into a space; the original text
/// behind each space tells whether it was one.
fn line_segments(doc: &Doc, paragraph: ByteSpan, out: &mut Vec<ByteSpan>) {
    out.clear();
    let text = &doc.normalised;
    let original = &doc.article.text;
    let mut start = paragraph.start;
    for (offset, _) in paragraph.slice(text).match_indices(' ') {
        let at = paragraph.start + offset;
        let source = doc.original_span(ByteSpan::new(at, at + 1)).slice(original);
        if source.contains(['\n', '\r']) {
            out.push(ByteSpan::new(start, at));
            start = at + 1;
        }
    }
    out.push(ByteSpan::new(start, paragraph.end));
    if out.len() == 1 {
        return;
    }
    let lines: Vec<&str> = out.iter().map(|span| span.slice(text)).collect();
    if looks_wrapped(&lines) {
        out.clear();
        out.push(paragraph);
        return;
    }
    // Join a line to the one before when it continues it: it starts with a
    // lower-case letter, and the line before has at least five words and does
    // not end like a sentence (a wrapped line, not a name or a link).
    let mut merged = 0;
    for idx in 1..out.len() {
        let continues = lines[idx].starts_with(char::is_lowercase)
            && lines[idx - 1].split_whitespace().nth(4).is_some()
            && !ends_like_sentence(lines[idx - 1]);
        if continues {
            out[merged].end = out[idx].end;
        } else {
            merged += 1;
            out[merged] = out[idx];
        }
    }
    out.truncate(merged + 1);
}

/// Longest sentence, in bytes, that later stages see whole. Longer runs of
/// text without a sentence end (a 2 MB line of hostile input) are cut into
/// pieces at whitespace, so per-sentence work stays bounded; real sentences
/// are far shorter.
pub(crate) const MAX_SENTENCE_BYTES: usize = 5000;

/// Cuts every span of `spans` longer than `max` bytes into pieces of at most
/// `max` bytes, at the last whitespace before the limit (at a character
/// boundary when there is none), each piece trimmed.
fn bound_sentences(text: &str, spans: &mut Vec<ByteSpan>, max: usize) {
    if spans.iter().all(|s| s.end - s.start <= max) {
        return;
    }
    let mut bounded = Vec::with_capacity(spans.len());
    for &span in spans.iter() {
        let mut start = span.start;
        while span.end - start > max {
            let mut limit = start + max;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let cut = text[start..limit]
                .rfind(char::is_whitespace)
                .map_or(limit, |i| start + i)
                .max(start + 1);
            let cut = if text.is_char_boundary(cut) {
                cut
            } else {
                limit
            };
            let piece = trim(text, ByteSpan::new(start, cut));
            if piece.end > piece.start {
                bounded.push(piece);
            }
            start = cut;
        }
        let piece = trim(text, ByteSpan::new(start, span.end));
        if piece.end > piece.start {
            bounded.push(piece);
        }
    }
    *spans = bounded;
}

impl Component for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentence_splitter"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Normalised, Layer::Paragraphs]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn annotate(&self, doc: &mut Doc) {
        let mut spans = Vec::new();
        doc.sentences.clear();
        let mut lines = Vec::new();
        for (paragraph_idx, &paragraph) in doc.paragraphs.iter().enumerate() {
            spans.clear();
            line_segments(doc, paragraph, &mut lines);
            for &segment in &lines {
                Self::split_into(&doc.normalised, segment, None, &mut spans);
            }
            bound_sentences(&doc.normalised, &mut spans, MAX_SENTENCE_BYTES);
            doc.sentences.extend(spans.iter().map(|&span| Sentence {
                span,
                paragraph_idx,
                first_token: 0,
                end_token: 0,
            }));
        }
    }
}

#[cfg(test)]
mod bound_tests {
    use super::*;

    #[test]
    fn overlong_sentences_are_cut_at_whitespace_into_bounded_pieces() {
        let text = "word ".repeat(30);
        let mut spans = vec![ByteSpan::new(0, text.len() - 1)];
        bound_sentences(&text, &mut spans, 22);
        assert!(spans.iter().all(|s| s.end - s.start <= 22), "{spans:?}");
        assert_eq!(spans[0].slice(&text), "word word word word");
        let joined: Vec<&str> = spans.iter().map(|s| s.slice(&text)).collect();
        assert_eq!(joined.join(" "), text.trim_end());
        // Short spans are left alone.
        let mut short = vec![ByteSpan::new(0, 4)];
        bound_sentences(&text, &mut short, 22);
        assert_eq!(short, [ByteSpan::new(0, 4)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        SentenceSplitter::split_paragraph(text, ByteSpan::new(0, text.len()))
            .into_iter()
            .map(|span| span.slice(text))
            .collect()
    }

    #[test]
    fn splits_after_terminal_punctuation_before_capitals() {
        assert_eq!(
            split("It rained. Then it stopped! Why? 5 died."),
            ["It rained.", "Then it stopped!", "Why?", "5 died."]
        );
    }

    #[test]
    fn no_split_before_lowercase_or_without_space() {
        assert_eq!(
            split("\"Why?\" he asked. It rose 1.5 percent."),
            ["\"Why?\" he asked.", "It rose 1.5 percent."]
        );
        assert_eq!(
            split("Visit www.example.com now. Done."),
            ["Visit www.example.com now.", "Done."]
        );
    }

    #[test]
    fn closing_quote_after_period_stays_with_sentence() {
        assert_eq!(
            split("It called it a \"tactical retreat.\" He said no."),
            ["It called it a \"tactical retreat.\"", "He said no."]
        );
        assert_eq!(split("(It failed.) The end."), ["(It failed.)", "The end."]);
    }

    #[test]
    fn quote_ending_sentence_then_opening_quote() {
        assert_eq!(
            split("\"We will win.\" \"Never,\" he said."),
            ["\"We will win.\"", "\"Never,\" he said."]
        );
    }

    #[test]
    fn inner_quote_sentence_breaks_but_comma_quote_does_not() {
        assert_eq!(
            split(
                "\"It must respect the state's sovereignty. Therein lies salvation,\" he remarked."
            ),
            [
                "\"It must respect the state's sovereignty.",
                "Therein lies salvation,\" he remarked."
            ]
        );
        assert_eq!(
            split("Tehran was making a \"tactical retreat\" as it backs down."),
            ["Tehran was making a \"tactical retreat\" as it backs down."]
        );
    }

    #[test]
    fn titles_never_break() {
        assert_eq!(
            split("It killed Gen. Qassem Soleimani and Lt. Col. Smith met Mr. Jones."),
            ["It killed Gen. Qassem Soleimani and Lt. Col. Smith met Mr. Jones."]
        );
        assert_eq!(
            split("Dr. Who met Sen. Ted Cruz at Mt. Everest and Ft. Bragg."),
            ["Dr. Who met Sen. Ted Cruz at Mt. Everest and Ft. Bragg."]
        );
    }

    #[test]
    fn months_before_numbers_do_not_break() {
        assert_eq!(
            split("But since Oct. 17, attacks rose. On Nov. 8, jets struck."),
            [
                "But since Oct. 17, attacks rose.",
                "On Nov. 8, jets struck."
            ]
        );
        assert_eq!(
            split("It was Tuesday, Sept. 24, 2024. The end."),
            ["It was Tuesday, Sept. 24, 2024.", "The end."]
        );
    }

    #[test]
    fn month_at_sentence_end_before_starter_breaks() {
        assert_eq!(
            split("It happened in Jan. The next month was calm."),
            ["It happened in Jan.", "The next month was calm."]
        );
    }

    #[test]
    fn dotted_acronyms_break_only_before_sentence_starters() {
        assert_eq!(
            split("U.S. forces and U.N. Secretary General Guterres and U.K. officials met."),
            ["U.S. forces and U.N. Secretary General Guterres and U.K. officials met."]
        );
        assert_eq!(
            split("Critics of U.S. President Donald Trump spoke."),
            ["Critics of U.S. President Donald Trump spoke."]
        );
        assert_eq!(
            split("Muslims travelling to the U.S. The President later acted."),
            [
                "Muslims travelling to the U.S.",
                "The President later acted."
            ]
        );
        assert_eq!(
            split("It was held in Washington D.C. However, it rained."),
            ["It was held in Washington D.C.", "However, it rained."]
        );
        assert_eq!(
            split("It met at 5 p.m. Monday in the E.U. \"We agree,\" he said."),
            [
                "It met at 5 p.m. Monday in the E.U.",
                "\"We agree,\" he said."
            ]
        );
    }

    #[test]
    fn initials_do_not_break() {
        assert_eq!(
            split("John F. Kennedy liked J. R. R. Tolkien and J. A. Smith."),
            ["John F. Kennedy liked J. R. R. Tolkien and J. A. Smith."]
        );
    }

    #[test]
    fn numbering_and_mid_sentence_abbreviations() {
        assert_eq!(
            split("He was No. 1 in the Israel vs. Hamas poll."),
            ["He was No. 1 in the Israel vs. Hamas poll."]
        );
        assert_eq!(
            split("They sell drones, rockets, etc. and more. Fine."),
            ["They sell drones, rockets, etc. and more.", "Fine."]
        );
        assert_eq!(
            split("They sell drones, rockets, etc. The army knows."),
            ["They sell drones, rockets, etc.", "The army knows."]
        );
        assert_eq!(
            split("He said No. Then he left."),
            ["He said No.", "Then he left."]
        );
    }

    #[test]
    fn ellipsis_inside_sentence() {
        assert_eq!(
            split("We waited... and waited. Then... Nothing."),
            ["We waited... and waited.", "Then...", "Nothing."]
        );
    }

    #[test]
    fn lone_closing_quotes_and_list_numbers() {
        assert_eq!(
            split("I hope you rot in hell ! \" From the statement . '' Next ."),
            [
                "I hope you rot in hell ! \"",
                "From the statement . ''",
                "Next ."
            ]
        );
        assert_eq!(
            split("\" Wait , is this it ? \" asked Bush . \"We won.\" \"No.\""),
            [
                "\" Wait , is this it ? \" asked Bush .",
                "\"We won.\"",
                "\"No.\""
            ]
        );
        assert_eq!(
            split("1. The first point. 2 . The second."),
            ["1. The first point.", "2 . The second."]
        );
        assert_eq!(
            split("A swap with Enron Europe Ltd. (2 in total) and Co. \"Yes\" he said."),
            [
                "A swap with Enron Europe Ltd. (2 in total) and Co.",
                "\"Yes\" he said."
            ]
        );
    }

    #[test]
    fn decimals_and_numbers() {
        assert_eq!(
            split("It rose 1.5 percent in 2011. 2012 was worse."),
            ["It rose 1.5 percent in 2011.", "2012 was worse."]
        );
    }

    #[test]
    fn uncased_scripts_can_start_sentences() {
        assert_eq!(
            split("He said it. بيروت هادئة."),
            ["He said it.", "بيروت هادئة."]
        );
    }

    #[test]
    fn omission_marks_and_spaced_ellipses_stay_inside() {
        assert_eq!(
            split("He said the plan [...] Would work. Then he left."),
            ["He said the plan [...] Would work.", "Then he left."]
        );
        assert_eq!(
            split("It was . . . odd. So it goes."),
            ["It was . . . odd.", "So it goes."]
        );
    }

    #[test]
    fn a_resolver_decides_ambiguous_periods() {
        struct Always(bool);
        impl PeriodResolver for Always {
            fn ends_sentence(&self, _before: &str, _after: &str) -> Option<bool> {
                Some(self.0)
            }
        }
        let text = "They went to the U.S. Washington said no.";
        let span = ByteSpan::new(0, text.len());
        let with = |answer| {
            SentenceSplitter::split_paragraph_with(text, span, Some(&Always(answer)))
                .into_iter()
                .map(|s| s.slice(text))
                .collect::<Vec<_>>()
        };
        // By rule `Washington` is no usual sentence starter: one sentence.
        assert_eq!(split(text).len(), 1);
        assert_eq!(with(true), ["They went to the U.S.", "Washington said no."]);
        assert_eq!(with(false).len(), 1);
    }
}
