//! The error type of the evaluator.

use std::path::PathBuf;

/// What can go wrong reading a gold file.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The gold file could not be read.
    #[error("cannot read gold file {path}: {error}; check the path")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        error: std::io::Error,
    },
    /// A line is not a JSON document of the expected shape.
    #[error(
        "{source_name} line {line}: not a gold document ({error}); each line needs \"text\" and \"entities\" with start/end/type"
    )]
    Json {
        /// The file (or name given for in-memory input).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// The parse error.
        #[source]
        error: serde_json::Error,
    },
    /// A gold mention does not fit the document text.
    #[error("{source_name} line {line}: {detail}; offsets must be code points into \"text\"")]
    BadMention {
        /// The file (or name given for in-memory input).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the mention.
        detail: String,
    },
    /// A line of an events gold file is not a document of the expected shape.
    #[error(
        "{source_name} line {line}: not an events gold document ({error}); see data/eval/EVENTS_GUIDELINE.md for the shape"
    )]
    EventsJson {
        /// The file.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// The parse error.
        #[source]
        error: serde_json::Error,
    },
    /// Inputs given to measure the violence rate could not be listed.
    #[error("cannot list the articles to analyse: {detail}")]
    Inputs {
        /// What went wrong.
        detail: String,
    },
    /// The input holds no document.
    #[error(
        "{source_name} holds no gold document; give a JSON Lines file with one document per line"
    )]
    Empty {
        /// The file (or name given for in-memory input).
        source_name: String,
    },
}
