//! A second look for the speakers of direct quotes the attribution patterns
//! left without one (run after them, before indirect speech):
//!
//! 1. **cue right before the mark**, in the same paragraph: `Rathbun
//!    asserted that Scientology officials, "…"`, `De Vincenti … said "…"`,
//!    `with Boswell stating: "…"`, `Hernan Dario Gomez, Panama coach, said,
//!    "…"`: the subject before the cue (an appositive between commas
//!    skipped);
//! 2. **cue ending the previous paragraph**: `Rathbun stated,` / `Obama
//!    tweeted using his @POTUS account:` then the quote as its own paragraph;
//! 3. **continuation**: a quote opening a paragraph with no attribution
//!    after a paragraph whose last quote has a speaker takes that speaker
//!    (the multi-paragraph convention);
//! 4. **after reported speech** (`continue_reported`, once indirect speech
//!    is found): a quote still without a speaker takes the speaker of the
//!    nearest earlier statement in its paragraph, direct or reported
//!    (`Heald said the findings show … . "An air-quality cleanup …"`), or,
//!    when it opens its paragraph, of the previous paragraph's last one.
//!
//! The speaker's entity is the last named mention inside the subject (a
//! person preferred), or for `he`/`she` the last person named before.

use std::sync::LazyLock;

use regex::Regex;
use sitrep_core::layers::{QuoteAnnotation, Speaker};
use sitrep_core::{ByteSpan, Doc};

use super::indirect;

/// A speech verb (any tense, `-ing` too) ending the text before a quote, with
/// an optional `that` and `,`/`:`: a cue of [`CUE_WORDS`], `told` and its
/// listener, or `tweeted using …`.
static CUE_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s,])(?P<cue>{}|told \w+(?: \w+)?|tweeted using [^,:]{{0,40}})\s*(?:that\s*)?[,:]?\s*$",
        CUE_WORDS.join("|")
    ))
    .expect("built-in cue pattern")
});

/// Fills the speakers of unattributed direct quotes in place.
pub(crate) fn fill(doc: &Doc, quotes: &mut [QuoteAnnotation]) {
    for k in 0..quotes.len() {
        if quotes[k].speaker.is_some() {
            continue;
        }
        let open = quotes[k].span.start.saturating_sub(1);
        let paragraph = doc
            .paragraphs
            .iter()
            .position(|p| p.start <= open && open < p.end.max(p.start + 1));
        let Some(p) = paragraph else { continue };
        let para = doc.paragraphs[p];
        // Text before the mark back to the previous quote of the paragraph.
        let previous_end = quotes[..k]
            .iter()
            .rev()
            .map(|q| q.span.end + 1)
            .find(|&end| end > para.start && end <= open)
            .unwrap_or(para.start);
        let before = ByteSpan::new(previous_end.min(open), open);
        let mut speaker = subject_before_cue(doc, before);
        if speaker.is_none() && doc.text(ByteSpan::new(para.start, open)).trim().is_empty() {
            if let Some(prev) = p.checked_sub(1).map(|i| doc.paragraphs[i]) {
                speaker = subject_before_cue(doc, prev)
                    .or_else(|| {
                        // Continuation: the last quote of the previous paragraph.
                        quotes[..k]
                            .iter()
                            .rev()
                            .find(|q| q.span.start >= prev.start && q.span.end <= prev.end + 1)
                            .and_then(|q| q.speaker.clone())
                    })
                    .or_else(|| super::tree_speakers::before_colon(doc, prev));
            }
        }
        if speaker.is_some() {
            quotes[k].speaker = speaker;
        }
    }
}

/// Whether `text` may end with a cue of [`CUE_AT_END`]: after the
/// optional `that`, `,`/`:` and spaces the pattern allows at the end, it
/// ends with one of the cue words, or `told` or `tweeted` stand shortly
/// before (`told reporters`, `tweeted using …`). A necessary condition,
/// checked by hand first: the end-anchored search builds lazy-DFA states
/// on most calls (its bounded repetition makes a large automaton), about
/// 350,000 instructions a call.
fn may_end_with_cue(text: &str) -> bool {
    let t = text.trim_end();
    let t = t.strip_suffix([',', ':']).unwrap_or(t).trim_end();
    let t = t.strip_suffix("that").map_or(t, str::trim_end);
    if CUE_WORDS.iter().any(|w| t.ends_with(w)) {
        return true;
    }
    let mut from = t.len().saturating_sub(80);
    while !t.is_char_boundary(from) {
        from -= 1;
    }
    let tail = &t[from..];
    tail.contains("told") || tail.contains("tweeted")
}

/// The cue words of [`CUE_AT_END`] that end it alone: the `before_quote`
/// verbs of `data/lexicons/speech_verbs.tsv`.
static CUE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(crate::lexicons::before_quote_cues);

/// The subject of a cue that ends `span` (see the module docs).
fn subject_before_cue(doc: &Doc, span: ByteSpan) -> Option<Speaker> {
    let text = doc.text(span);
    if !may_end_with_cue(text) {
        return None;
    }
    let cue = CUE_AT_END.captures(text)?.name("cue")?;
    let left = text[..cue.start()].trim_end();
    // `Gomez, Panama coach, said`: skip the appositive.
    let left = match left.strip_suffix(',') {
        Some(without) => without.rfind(',').map_or(without, |c| &without[..c]),
        None => left,
    };
    let left = left.strip_suffix(" with").unwrap_or(left);
    let start = left
        .rfind([',', ';', ':', '"', '.', '(', '\n'])
        .map_or(0, |c| c + 1);
    let subject = left[start..].trim();
    let words = subject.split_whitespace().count();
    if words == 0 || words > 10 || !subject.starts_with(char::is_uppercase) {
        return None;
    }
    let offset = start + (left[start..].len() - left[start..].trim_start().len());
    let subject_span = ByteSpan::new(span.start + offset, span.start + offset + subject.len());
    Some(Speaker {
        span: subject_span,
        entity: indirect::entity_in(doc, subject_span),
    })
}

/// Pattern 4: speakers of direct quotes still without one from the
/// statements before them, reported speech included (see the module docs).
pub(crate) fn continue_reported(
    doc: &Doc,
    direct: &mut [QuoteAnnotation],
    reported: &[QuoteAnnotation],
) {
    let paragraph_of = |byte: usize| {
        doc.paragraphs
            .iter()
            .position(|p| p.start <= byte && byte < p.end.max(p.start + 1))
    };
    for k in 0..direct.len() {
        if direct[k].speaker.is_some() {
            continue;
        }
        let open = direct[k].span.start.saturating_sub(1);
        let Some(p) = paragraph_of(open) else {
            continue;
        };
        let opens_paragraph = doc
            .text(ByteSpan::new(doc.paragraphs[p].start, open))
            .trim()
            .is_empty();
        let earlier = direct[..k]
            .iter()
            .chain(reported)
            .filter(|q| {
                q.span.end <= open && q.speaker.as_ref().is_some_and(|s| s.entity.is_some())
            })
            .filter_map(|q| Some((paragraph_of(q.span.start)?, q)))
            .filter(|&(qp, _)| qp == p || (opens_paragraph && qp + 1 == p))
            .max_by_key(|&(_, q)| q.span.start)
            .and_then(|(_, q)| q.speaker.clone());
        if earlier.is_some() {
            direct[k].speaker = earlier;
        }
    }
}
