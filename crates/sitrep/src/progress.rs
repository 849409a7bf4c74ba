//! A progress bar for per-article stages, drawn only on a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar over `len` items named `what`; hidden unless stderr is a terminal
/// and `enabled`.
pub(crate) fn bar(len: usize, what: &str, enabled: bool) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    let style = ProgressStyle::with_template(
        "{prefix:>10} [{bar:30}] {human_pos}/{human_len} elapsed {elapsed} eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(what.to_owned());
    bar
}

/// Progress bars for the library's per-article stages.
pub(crate) struct Bars {
    /// Whether bars may be drawn at all (`--no-progress` turns them off).
    pub(crate) enabled: bool,
}

/// A drawn (or hidden) bar, cleared when the stage ends.
struct StageBar(ProgressBar);

impl sitrep_pipeline::StageProgress for StageBar {
    fn advance(&self, steps: u64) {
        self.0.inc(steps);
    }
}

impl Drop for StageBar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl sitrep_pipeline::Progress for Bars {
    fn stage(
        &self,
        name: &'static str,
        total: usize,
    ) -> Box<dyn sitrep_pipeline::StageProgress + '_> {
        Box::new(StageBar(bar(total, name, self.enabled)))
    }
}
