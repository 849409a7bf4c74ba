//! Helpers the end-to-end tests share: where the repository is, and running
//! the `sitrep` binary built for the test.

#![allow(
    dead_code,
    reason = "each test binary compiles this module and uses only some helpers"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the test's `sitrep` binary with `args` (no progress bar, quiet logs).
pub(crate) fn sitrep(args: &[&str]) -> Output {
    sitrep_with(Path::new(env!("CARGO_BIN_EXE_sitrep")), args)
}

/// Runs `binary` (a `sitrep` build) with `args`, no progress bar, quiet logs.
pub(crate) fn sitrep_with(binary: &Path, args: &[&str]) -> Output {
    Command::new(binary)
        .args(args)
        .args(["--no-progress", "--quiet"])
        .output()
        .expect("run sitrep")
}

/// Runs `sitrep` with `args` and fails the test, with its stderr, unless it succeeds.
pub(crate) fn sitrep_ok(args: &[&str]) -> Output {
    let output = sitrep(args);
    assert!(
        output.status.success(),
        "sitrep {args:?} failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
