//! Matching predicted events and quotes to the key (rules in the module docs
//! of `events`).

use std::collections::HashMap;

use sitrep_core::tables::{EventRow, MentionRow, QuoteRow};

use super::Found;
use super::gold::{GoldEvent, GoldQuote, GoldRecord, GoldSpan};
use super::report::{Accuracy, EventsReport};
use crate::Score;

/// Checks that every gold span lies in the text and covers its `text`.
pub(crate) fn check_spans(record: &GoldRecord, text: &[char]) -> Result<(), String> {
    let check = |span: &GoldSpan| -> Result<(), String> {
        let covered: String = text
            .get(span.start..span.end)
            .ok_or_else(|| format!("span {}..{} is outside the text", span.start, span.end))?
            .iter()
            .collect();
        if covered == span.text {
            Ok(())
        } else {
            Err(format!(
                "{}: span {}..{} covers {covered:?}, not {:?} (has the text source changed?)",
                record.doc_id, span.start, span.end, span.text
            ))
        }
    };
    for event in &record.events {
        check(&event.trigger)?;
        for span in event.actor.iter().chain(&event.target).chain(&event.place) {
            check(span)?;
        }
    }
    for quote in &record.quotes {
        if quote.end > text.len() || quote.start >= quote.end {
            return Err(format!(
                "{}: quote {}..{} is not a span of the text",
                record.doc_id, quote.start, quote.end
            ));
        }
        if let Some(speaker) = &quote.speaker {
            check(speaker)?;
        }
    }
    Ok(())
}

/// Up to 60 characters either side of `start..end`, on one line.
pub(crate) fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = start.saturating_sub(60);
    let to = (end + 60).min(chars.len());
    let mut out = String::new();
    for (idx, c) in chars[from..to].iter().enumerate() {
        if from + idx == start {
            out.push('[');
        }
        out.push(if c.is_whitespace() { ' ' } else { *c });
        if from + idx + 1 == end {
            out.push(']');
        }
    }
    out
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn span_of(start: i64, end: i64) -> (usize, usize) {
    (
        usize::try_from(start).unwrap_or(0),
        usize::try_from(end).unwrap_or(0),
    )
}

/// A predicted role filler: its spans, where they can be placed, and its text.
struct Filler {
    /// Its mention's span, and where its written text stands when that is
    /// elsewhere (a pronoun whose mention is the antecedent's).
    spans: Vec<(usize, usize)>,
    text: String,
}

/// The spans of a role filler: its mention's, and its written text nearest
/// the trigger (as whole words), which differ when the role is a pronoun or
/// description given its antecedent's mention (`her` → `Amneh Jafari`).
fn filler(
    text: &[char],
    mentions: &HashMap<&str, &MentionRow>,
    mention_id: Option<&str>,
    filler_text: Option<&str>,
    near: usize,
) -> Option<Filler> {
    let filler_text = filler_text?;
    let mention = mention_id.and_then(|id| mentions.get(id));
    let mut spans: Vec<(usize, usize)> = mention
        .map(|m| span_of(m.start, m.end))
        .into_iter()
        .collect();
    if mention.is_some_and(|m| m.text == filler_text) {
        return Some(Filler {
            spans,
            text: filler_text.to_owned(),
        });
    }
    let needle: Vec<char> = filler_text.chars().collect();
    // Whole words only: `he` is not the end of `the`.
    let word = |c: &char| c.is_alphanumeric();
    let boundary = |i: usize| {
        let open = !needle.first().is_some_and(word)
            || !i.checked_sub(1).and_then(|p| text.get(p)).is_some_and(word);
        let close =
            !needle.last().is_some_and(word) || !text.get(i + needle.len()).is_some_and(word);
        open && close
    };
    let span = (0..text.len().saturating_sub(needle.len().saturating_sub(1)))
        .filter(|&i| !needle.is_empty() && text[i..].starts_with(&needle) && boundary(i))
        .min_by_key(|&i| i.abs_diff(near))
        .map(|i| (i, i + needle.len()));
    spans.extend(span);
    Some(Filler {
        spans,
        text: filler_text.to_owned(),
    })
}

/// Accumulates counts over documents.
#[derive(Debug, Default)]
pub(crate) struct Scorer {
    report: EventsReport,
}

impl Scorer {
    /// Scores one document.
    pub(crate) fn add(&mut self, record: &GoldRecord, text: &[char], found: &Found) {
        let r = &mut self.report;
        r.gold_events += record.events.len();
        r.predicted_events += found.events.len();
        r.gold_quotes += record.quotes.len();
        r.predicted_quotes += found.quotes.len();
        let mentions: HashMap<&str, &MentionRow> = found
            .mentions
            .iter()
            .map(|m| (m.mention_id.as_str(), m))
            .collect();
        let pairs = match_events(&record.events, &found.events);
        let mut matched_pred = vec![false; found.events.len()];
        let mut typed_tp = 0;
        for (g, gold) in record.events.iter().enumerate() {
            let Some(p) = pairs[g] else {
                self.report.errors.push(format!(
                    "{}: missed {} [{}]: {}",
                    record.doc_id,
                    gold.plover_type,
                    gold.trigger.text,
                    context_chars(text, gold.trigger.start, gold.trigger.end)
                ));
                continue;
            };
            matched_pred[p] = true;
            let pred = &found.events[p];
            if pred.plover_type == gold.plover_type {
                typed_tp += 1;
            } else {
                self.report.errors.push(format!(
                    "{}: [{}] typed {} (gold {})",
                    record.doc_id, gold.trigger.text, pred.plover_type, gold.plover_type
                ));
            }
            self.score_pair(record, text, &mentions, gold, pred);
        }
        self.score_clusters(record, &pairs, &found.events);
        let r = &mut self.report;
        let detected = pairs.iter().flatten().count();
        r.detection.add(Score {
            tp: detected,
            fp: found.events.len() - detected,
            fn_: record.events.len() - detected,
        });
        r.typed.add(Score {
            tp: typed_tp,
            fp: found.events.len() - typed_tp,
            fn_: record.events.len() - typed_tp,
        });
        for (p, pred) in found.events.iter().enumerate() {
            if !matched_pred[p] {
                let (start, end) = span_of(pred.start, pred.end);
                r.errors.push(format!(
                    "{}: spurious {} [{}]: {}",
                    record.doc_id,
                    pred.plover_type,
                    pred.trigger,
                    context_chars(text, start, end)
                ));
            }
        }
        self.score_quotes(record, text, &mentions, &found.quotes);
    }

    /// Pairwise event coreference over the matched events of one document.
    fn score_clusters(
        &mut self,
        record: &GoldRecord,
        pairs: &[Option<usize>],
        events: &[EventRow],
    ) {
        let matched: Vec<(&str, &str)> = record
            .events
            .iter()
            .zip(pairs)
            .filter_map(|(gold, p)| {
                Some((
                    gold.cluster.as_deref()?,
                    events[(*p)?].event_cluster.as_str(),
                ))
            })
            .collect();
        let mut score = Score::default();
        for (a, first) in matched.iter().enumerate() {
            for second in &matched[a + 1..] {
                match (first.0 == second.0, first.1 == second.1) {
                    (true, true) => score.tp += 1,
                    (false, true) => score.fp += 1,
                    (true, false) => score.fn_ += 1,
                    (false, false) => {}
                }
            }
        }
        self.report.event_pairs.add(score);
    }

    fn score_pair(
        &mut self,
        record: &GoldRecord,
        text: &[char],
        mentions: &HashMap<&str, &MentionRow>,
        gold: &GoldEvent,
        pred: &EventRow,
    ) {
        let near = usize::try_from(pred.start).unwrap_or(0);
        let fill = |id: &Option<String>, filler_text: &Option<String>| {
            filler(text, mentions, id.as_deref(), filler_text.as_deref(), near)
        };
        let roles = [
            (
                "actor",
                &gold.actor,
                fill(&pred.actor_mention_id, &pred.actor_text),
            ),
            (
                "target",
                &gold.target,
                fill(&pred.target_mention_id, &pred.target_text),
            ),
            (
                "place",
                &gold.place,
                fill(&pred.place_mention_id, &pred.place_text),
            ),
        ];
        let r = &mut self.report;
        for (role, gold_spans, predicted) in roles {
            if gold_spans.is_empty() && predicted.is_none() {
                continue;
            }
            let right = predicted.as_ref().is_some_and(|f| {
                f.spans
                    .iter()
                    .any(|&s| gold_spans.iter().any(|g| overlaps(s, (g.start, g.end))))
            });
            r.arguments.entry(role.to_owned()).or_default().add(right);
            r.arguments_all.add(right);
            if !right {
                let gold_text = gold_spans
                    .iter()
                    .map(|g| g.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ~ ");
                r.errors.push(format!(
                    "{}: [{}] {role} {:?} (gold {:?}): {}",
                    record.doc_id,
                    gold.trigger.text,
                    predicted.map(|f| f.text).unwrap_or_default(),
                    gold_text,
                    context_chars(text, gold.trigger.start, gold.trigger.end)
                ));
            }
        }
        for (what, gold_count, predicted) in [
            ("killed", gold.killed.map(|c| c.value), pred.killed),
            ("injured", gold.injured.map(|c| c.value), pred.injured),
        ] {
            if gold_count.is_none() && predicted.is_none() {
                continue;
            }
            let right = gold_count == predicted;
            r.casualties.add(right);
            if !right {
                r.errors.push(format!(
                    "{}: [{}] {what} {predicted:?} (gold {gold_count:?})",
                    record.doc_id, gold.trigger.text
                ));
            }
        }
        if let Some(date) = &gold.date {
            let right = pred
                .date
                .is_some_and(|d| d.to_string().starts_with(date.as_str()));
            r.dates.add(right);
            if !right {
                r.errors.push(format!(
                    "{}: [{}] date {:?} (gold {date})",
                    record.doc_id, gold.trigger.text, pred.date
                ));
            }
        }
        if let Some(acled) = &gold.acled_type {
            r.acled_type
                .add(pred.acled_type.as_deref() == Some(acled.as_str()));
            if gold.acled_subtype.is_some() {
                r.acled_subtype
                    .add(pred.acled_subtype.as_deref() == gold.acled_subtype.as_deref());
            }
        }
        for (flag, g, p) in [
            ("negated", gold.negated, pred.negated),
            ("hypothetical", gold.hypothetical, pred.hypothetical),
            ("aggregate", gold.aggregate, pred.aggregate),
        ] {
            r.flags.entry(flag.to_owned()).or_default().add(g == p);
            if g != p {
                r.errors.push(format!(
                    "{}: [{}] {flag} {p} (gold {g})",
                    record.doc_id, gold.trigger.text
                ));
            }
        }
    }

    fn score_quotes(
        &mut self,
        record: &GoldRecord,
        text: &[char],
        mentions: &HashMap<&str, &MentionRow>,
        quotes: &[QuoteRow],
    ) {
        let mut used = vec![false; quotes.len()];
        let mut indirect = (Score::default(), Score::default());
        let mut direct = (Score::default(), Score::default());
        for gold in &record.quotes {
            let found = quotes.iter().enumerate().find(|(p, q)| {
                !used[*p] && overlaps((gold.start, gold.end), span_of(q.start, q.end))
            });
            let scores = if gold.direct {
                &mut direct
            } else {
                &mut indirect
            };
            if let Some((p, pred)) = found {
                used[p] = true;
                scores.0.tp += 1;
                if speaker_right(gold, pred, mentions) {
                    scores.1.tp += 1;
                } else {
                    scores.1.fp += 1;
                    scores.1.fn_ += 1;
                    self.report.errors.push(format!(
                        "{}: quote speaker {:?} (gold {:?} / {:?}): {}",
                        record.doc_id,
                        pred.speaker_text,
                        gold.speaker.as_ref().map(|s| s.text.as_str()),
                        gold.speaker_name,
                        context_chars(text, gold.start, gold.start + 30)
                    ));
                }
            } else {
                scores.0.fn_ += 1;
                scores.1.fn_ += 1;
                self.report.errors.push(format!(
                    "{}: missed {} quote: {}",
                    record.doc_id,
                    if gold.direct { "direct" } else { "indirect" },
                    context_chars(text, gold.start, gold.start + 30)
                ));
            }
        }
        // Unmatched predictions count against their kind (`direct` column).
        for (p, pred) in quotes.iter().enumerate() {
            if !used[p] {
                let scores = if pred.direct {
                    &mut direct
                } else {
                    &mut indirect
                };
                scores.0.fp += 1;
                scores.1.fp += 1;
                let (start, end) = span_of(pred.start, pred.end);
                self.report.errors.push(format!(
                    "{}: spurious quote: {}",
                    record.doc_id,
                    context_chars(text, start, end.min(start + 30))
                ));
            }
        }
        let r = &mut self.report;
        r.quotes_direct.add(direct.0);
        r.quote_speaker_direct.add(direct.1);
        indirect.0.add(direct.0);
        indirect.1.add(direct.1);
        r.quotes.add(indirect.0);
        r.quote_speaker.add(indirect.1);
    }

    pub(crate) fn finish(mut self, source: String, documents: usize) -> EventsReport {
        self.report.source = source;
        self.report.documents = documents;
        self.report
    }
}

fn context_chars(text: &[char], start: usize, end: usize) -> String {
    let s: String = text.iter().collect();
    context(&s, start, end.min(text.len()))
}

/// Whether the predicted quote's speaker is the gold one (see the module docs).
fn speaker_right(gold: &GoldQuote, pred: &QuoteRow, mentions: &HashMap<&str, &MentionRow>) -> bool {
    if gold.speaker.is_none() && gold.speaker_name.is_none() {
        return true;
    }
    if let (Some(g), Some(start), Some(end)) = (&gold.speaker, pred.speaker_start, pred.speaker_end)
    {
        if overlaps((g.start, g.end), span_of(start, end)) {
            return true;
        }
    }
    let Some(name) = &gold.speaker_name else {
        return false;
    };
    let Some(last) = name.split_whitespace().last() else {
        return false;
    };
    let predicted_name = pred
        .speaker_mention_id
        .as_deref()
        .and_then(|id| mentions.get(id))
        .map(|m| m.text.as_str())
        .or(pred.speaker_text.as_deref());
    predicted_name.is_some_and(|n| {
        n.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| w.eq_ignore_ascii_case(last))
    })
}

/// One-to-one pairs: for each gold event, the index of its prediction.
fn match_events(gold: &[GoldEvent], predicted: &[EventRow]) -> Vec<Option<usize>> {
    let mut used = vec![false; predicted.len()];
    gold.iter()
        .map(|g| {
            let g_span = (g.trigger.start, g.trigger.end);
            let candidates = || {
                predicted
                    .iter()
                    .enumerate()
                    .filter(|(p, e)| !used[*p] && overlaps(g_span, span_of(e.start, e.end)))
            };
            let found = candidates()
                .find(|(_, e)| e.plover_type == g.plover_type)
                .or_else(|| candidates().next())
                .map(|(p, _)| p);
            if let Some(p) = found {
                used[p] = true;
            }
            found
        })
        .collect()
}

impl Accuracy {
    /// Counts one decision.
    pub(crate) fn add(&mut self, right: bool) {
        self.total += 1;
        if right {
            self.right += 1;
        }
    }
}
