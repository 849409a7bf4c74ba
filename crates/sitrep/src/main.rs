//! `sitrep`: turn raw news articles into analysis-ready event tables.
//!
//! Thin entry point: parse arguments, validate them into [`cli::Settings`]
//! before any I/O, set up logging, run, and map the outcome to an exit code
//! (documented in `--help` and the README).

mod cache_cmd;
mod cli;
mod eval_events;
mod eval_resolution;
mod ingest_memo;
mod inputs;
mod logging;
mod ner_commands;
mod pipeline;
mod progress;
mod shard;
mod syntax_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    if let Some(command) = args.syntax_command() {
        return match syntax_cmd::execute(&command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
            Err(error) => {
                say(&format!("sitrep: error: {error:#}"));
                ExitCode::from(cli::EXIT_FAILURE)
            }
        };
    }
    let settings = match cli::Settings::from_cli(args) {
        Ok(settings) => settings,
        Err(message) => {
            say(&format!("sitrep: {message}"));
            return ExitCode::from(cli::EXIT_USAGE);
        }
    };
    logging::init(settings.log_format, settings.verbosity);
    stop_cleanly_on_signals();
    match pipeline::execute(&settings) {
        Ok(outcome) => ExitCode::from(outcome.exit_code(settings.strict)),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            if settings.log_format == cli::LogFormat::Json {
                tracing::error!("{error:#}");
            } else {
                say(&format!("sitrep: error: {error:#}"));
            }
            ExitCode::from(cli::EXIT_FAILURE)
        }
    }
}

/// On SIGTERM or SIGINT: remove the output set being written (so `--out`
/// keeps the previous complete set), say so, and exit with 128 + the signal.
/// A switch already under way finishes first, so `--out` is never half-switched.
fn stop_cleanly_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let name = if signal == SIGINT {
                "SIGINT"
            } else {
                "SIGTERM"
            };
            let abandoned = sitrep_store::abandon_all();
            if abandoned > 0 {
                say(&format!(
                    "sitrep: stopped by {name}; nothing was switched in, --out keeps the previous complete set"
                ));
            } else {
                say(&format!("sitrep: stopped by {name}"));
            }
            std::process::exit(128 + signal);
        }
    });
}

/// Writes one line to stderr (ignoring failure: there is nowhere else to say it).
fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
