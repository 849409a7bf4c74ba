//! The trigger lexicon: words that state an event, with its PLOVER type and
//! mode and ACLED type and sub-type. One entry per surface form, each with
//! an example sentence; matching is on lower-case whole words, longest
//! entry first. The entries are the data file
//! `data/lexicons/events/triggers.tsv` (its header documents the columns),
//! compiled in, read and checked once.
//!
//! PLOVER types follow the PLOVER/POLECAT ontology (`ASSAULT`, `CONSULT`,
//! `THREATEN`, …); modes follow its mode names where one applies (`aerial`,
//! `explosives`, `heavy-weapons`, `assassinate`, `abduct`, `visit`,
//! `troops`, `ceasefire`, `arrest`). ACLED types are filled only for
//! political violence, protests and strategic developments.

use std::sync::LazyLock;

use sitrep_core::lexicon::{Lexicon, LexiconError};

/// How a trigger word relates to the events it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A verb or singular noun: one event.
    Single,
    /// A plural noun (`attacks`, `airstrikes`): a summary of many events.
    Plural,
    /// A casualty verb (`killed`, `wounded`): merged into an earlier
    /// `ASSAULT` trigger of the same sentence when there is one.
    Killed,
    /// As [`Form::Killed`], for injuries.
    Injured,
}

/// One lexicon entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trigger {
    /// Lower-case words, space separated (`dropped bombs`).
    pub(crate) words: &'static str,
    pub(crate) plover_type: &'static str,
    pub(crate) plover_mode: Option<&'static str>,
    pub(crate) acled_type: Option<&'static str>,
    pub(crate) acled_subtype: Option<&'static str>,
    pub(crate) form: Form,
    /// Base confidence that the words state this event type.
    pub(crate) confidence: f64,
    /// A sentence the entry is meant for (checked by a test).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documentation, read by the lexicon test")
    )]
    pub(crate) example: &'static str,
}

const TRIGGERS_FILE: &str = "data/lexicons/events/triggers.tsv";

/// The lexicon, in file order.
pub(crate) static TRIGGERS: LazyLock<Vec<Trigger>> = LazyLock::new(|| {
    parse(
        TRIGGERS_FILE,
        include_str!("../../../../data/lexicons/events/triggers.tsv"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// Reads and checks the trigger lexicon `text` of `file`: the checks of
/// [`Lexicon::parse`] (8 fields, lower-case words listed once), then each
/// column's values (see the file's header).
fn parse(file: &str, text: &'static str) -> Result<Vec<Trigger>, LexiconError> {
    Lexicon::parse(file, text, 8)?;
    let mut triggers = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |reason: String| LexiconError {
            file: file.to_owned(),
            line: index + 1,
            reason,
        };
        let f: Vec<&'static str> = line.split('\t').collect();
        if !f[1].bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(error(format!(
                "PLOVER type `{}` is not an upper-case name such as `ASSAULT`",
                f[1]
            )));
        }
        let optional = |value: &'static str| (value != "-").then_some(value);
        let form = match f[5] {
            "single" => Form::Single,
            "plural" => Form::Plural,
            "killed" => Form::Killed,
            "injured" => Form::Injured,
            other => {
                return Err(error(format!(
                    "form `{other}` is none of `single`, `plural`, `killed`, `injured`"
                )));
            }
        };
        let confidence = f[6]
            .parse::<f64>()
            .ok()
            .filter(|c| (0.0..=1.0).contains(c))
            .ok_or_else(|| error(format!("confidence `{}` is not a number from 0 to 1", f[6])))?;
        triggers.push(Trigger {
            words: f[0],
            plover_type: f[1],
            plover_mode: optional(f[2]),
            acled_type: optional(f[3]),
            acled_subtype: optional(f[4]),
            form,
            confidence,
            example: f[7],
        });
    }
    Ok(triggers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_file_loads_every_entry_with_its_columns() {
        assert_eq!(TRIGGERS.len(), 170);
        let find = |words: &str| TRIGGERS.iter().find(|t| t.words == words).unwrap();
        let strike = find("drone strike");
        assert_eq!(
            (strike.plover_type, strike.plover_mode, strike.acled_subtype),
            ("ASSAULT", Some("aerial"), Some("Air/drone strike"))
        );
        assert_eq!(strike.acled_type, Some("Explosions/Remote violence"));
        assert!((strike.confidence - 0.85).abs() < 1e-12);
        let attack = find("attack");
        assert_eq!((attack.plover_mode, attack.acled_type), (None, None));
        assert_eq!(find("attacks").form, Form::Plural);
        assert_eq!(find("killed").form, Form::Killed);
        assert_eq!(find("wounded").form, Form::Injured);
        assert_eq!(TRIGGERS.last().unwrap().words, "expelled");
    }

    #[test]
    fn malformed_trigger_rows_name_the_file_and_line() {
        let header = "# words\tplover_type\tplover_mode\tacled_type\tacled_subtype\tform\tconfidence\texample\n";
        let error = |row: &str| {
            let text: &'static str = format!("{header}{row}\n").leak();
            parse("triggers.tsv", text).unwrap_err().to_string()
        };
        assert_eq!(
            error(
                "raid\tASSAULT\t-\t-\t-\tsingle\t0.55\ta raid\nraid\tASSAULT\t-\t-\t-\tsingle\t0.55\ta raid"
            ),
            "triggers.tsv line 3: key `raid` is listed twice; keep one line"
        );
        assert_eq!(
            error("raid\tASSAULT\t-\t-\t-\tsome\t0.55\ta raid"),
            "triggers.tsv line 2: form `some` is none of `single`, `plural`, `killed`, `injured`"
        );
        assert!(
            error("raid\tASSAULT\t-\t-\t-\tsingle\thigh\ta raid")
                .contains("line 2: confidence `high`")
        );
        assert!(
            error("raid\tassault\t-\t-\t-\tsingle\t0.5\ta raid").contains("PLOVER type `assault`")
        );
        assert!(
            error("raid\tASSAULT\t-\t-\tsingle\t0.5\ta raid").contains("7 tab-separated fields")
        );
    }
}
