//! The events evaluation report and its Markdown rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::Score;

/// Right decisions out of counted ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    /// Decisions that were right.
    pub right: usize,
    /// Decisions counted.
    pub total: usize,
}

impl Accuracy {
    /// `right / total`, 0 when nothing was counted.
    #[must_use]
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// Everything measured on one events gold file (rules in the `events` module docs).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventsReport {
    /// The gold file.
    pub source: String,
    /// Gold documents read.
    pub documents: usize,
    /// Gold event mentions.
    pub gold_events: usize,
    /// Predicted events.
    pub predicted_events: usize,
    /// Trigger overlap, any type.
    pub detection: Score,
    /// Trigger overlap and the same PLOVER type.
    pub typed: Score,
    /// Argument accuracy per role (`actor`, `target`, `place`).
    pub arguments: BTreeMap<String, Accuracy>,
    /// Argument accuracy over all three roles.
    pub arguments_all: Accuracy,
    /// Killed and injured counts on matched events.
    pub casualties: Accuracy,
    /// Dates on matched events whose gold has one.
    pub dates: Accuracy,
    /// ACLED event type on matched events whose gold has one.
    pub acled_type: Accuracy,
    /// ACLED sub-event type on matched events whose gold has one.
    pub acled_subtype: Accuracy,
    /// Flag accuracy (`negated`, `hypothetical`, `aggregate`) on matched events.
    pub flags: BTreeMap<String, Accuracy>,
    /// Gold quotes (direct and indirect).
    pub gold_quotes: usize,
    /// Predicted quotes.
    pub predicted_quotes: usize,
    /// Quote spans, all quotes.
    pub quotes: Score,
    /// Quote spans with the right speaker, all quotes.
    pub quote_speaker: Score,
    /// Quote spans, direct quotes only.
    pub quotes_direct: Score,
    /// Quote spans with the right speaker, direct quotes only.
    pub quote_speaker_direct: Score,
    /// Event coreference: pairs of matched events of one document that
    /// share a gold cluster (true: same predicted `event_cluster`).
    pub event_pairs: Score,
    /// One line per error: missed, spurious, wrong type, role, count, date, flag, speaker.
    pub errors: Vec<String>,
}

fn score_row(out: &mut String, name: &str, s: &Score) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
        s.tp,
        s.fp,
        s.fn_,
        s.precision(),
        s.recall(),
        s.f1()
    );
}

fn accuracy_row(out: &mut String, name: &str, a: &Accuracy) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {:.3} |",
        a.right,
        a.total,
        a.ratio()
    );
}

impl EventsReport {
    /// A readable Markdown summary followed by the error listing.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Events and quotes: {}\n", self.source);
        let _ = writeln!(
            out,
            "{} documents, {} gold events ({} predicted), {} gold quotes ({} predicted).\n",
            self.documents,
            self.gold_events,
            self.predicted_events,
            self.gold_quotes,
            self.predicted_quotes
        );
        out.push_str(
            "| measure | tp | fp | fn | precision | recall | F1 |\n|---|---|---|---|---|---|---|\n",
        );
        score_row(&mut out, "event detection", &self.detection);
        score_row(&mut out, "typed events (PLOVER)", &self.typed);
        score_row(&mut out, "same-incident event pairs", &self.event_pairs);
        score_row(&mut out, "quotes", &self.quotes);
        score_row(&mut out, "quotes with speaker", &self.quote_speaker);
        score_row(&mut out, "direct quotes", &self.quotes_direct);
        score_row(
            &mut out,
            "direct quotes with speaker",
            &self.quote_speaker_direct,
        );
        out.push_str("\n| on matched events | right | counted | accuracy |\n|---|---|---|---|\n");
        accuracy_row(&mut out, "arguments (all roles)", &self.arguments_all);
        for (role, accuracy) in &self.arguments {
            accuracy_row(&mut out, role, accuracy);
        }
        accuracy_row(&mut out, "casualties", &self.casualties);
        accuracy_row(&mut out, "date", &self.dates);
        accuracy_row(&mut out, "ACLED type", &self.acled_type);
        accuracy_row(&mut out, "ACLED sub-type", &self.acled_subtype);
        for (flag, accuracy) in &self.flags {
            accuracy_row(&mut out, flag, accuracy);
        }
        let _ = writeln!(out, "\n## Errors ({})\n", self.errors.len());
        for error in &self.errors {
            let _ = writeln!(out, "- {error}");
        }
        out
    }
}

/// A violent event found in an article where none was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViolentExample {
    /// Input file and first line of the article.
    pub source: String,
    /// The trigger text.
    pub trigger: String,
    /// PLOVER type of the event.
    pub plover_type: String,
    /// ACLED type of the event, if any.
    pub acled_type: Option<String>,
    /// The trigger in its context, marked with brackets.
    pub context: String,
}

/// Violent events in articles where nothing violent happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ViolenceReport {
    /// Articles analysed.
    pub articles: usize,
    /// Articles with at least one violent event.
    pub violent_articles: usize,
    /// The first violent event of each such article.
    pub examples: Vec<ViolentExample>,
}

impl ViolenceReport {
    /// Share of articles with a violent event, 0 to 1.
    #[must_use]
    pub fn rate(&self) -> f64 {
        if self.articles == 0 {
            0.0
        } else {
            self.violent_articles as f64 / self.articles as f64
        }
    }

    /// The rate and the examples as Markdown.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# Violent events in non-violent news\n\n{} of {} articles ({:.2} %) have a violent event (PLOVER ASSAULT or an ACLED violence type).\n\n",
            self.violent_articles,
            self.articles,
            100.0 * self.rate()
        );
        for example in &self.examples {
            let _ = writeln!(
                out,
                "- {} {} [{}]: {}",
                example.source, example.plover_type, example.trigger, example.context
            );
        }
        out
    }
}
