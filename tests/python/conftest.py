"""Shared fixtures: the sitrep binary (SITREP_BIN, else target/debug/sitrep)
run once per session on the sample in data/raw, and on a slice of the bench
corpus when ../shared/data/bench/news_raw is there."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BENCH = ROOT / ".." / "shared" / "data" / "bench" / "news_raw"
# Articles taken from each bench folder for the "few hundred articles" run.
BENCH_SLICE = 150


def sitrep_bin():
    return os.environ.get("SITREP_BIN", str(ROOT / "target" / "debug" / "sitrep"))


def run_sitrep(inputs, base):
    """Runs `sitrep run` on `inputs` into base/tables and base/reports."""
    command = [sitrep_bin(), "run"]
    for path in inputs:
        command += ["--input", str(path)]
    command += ["--out", str(base / "tables"), "--reports", str(base / "reports"),
                "--quiet", "--no-progress"]
    subprocess.run(command, check=True)
    return base


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The sample's tables and reports: a directory with tables/ and reports/."""
    return run_sitrep([ROOT / "data" / "raw"], tmp_path_factory.mktemp("sample"))


def bench_slice_files():
    """The first BENCH_SLICE files of each bench folder (skips the test without them)."""
    folders = sorted(p for p in BENCH.glob("*") if p.is_dir()) if BENCH.is_dir() else []
    if not folders:
        pytest.skip(f"bench corpus not found at {BENCH}: skipping the bench-slice checks")
    return [f for folder in folders for f in sorted(folder.glob("*.txt"))[:BENCH_SLICE]]


@pytest.fixture(scope="session")
def bench_slice_run(tmp_path_factory):
    """The first BENCH_SLICE articles of each bench folder, run like the sample."""
    return run_sitrep(bench_slice_files(), tmp_path_factory.mktemp("bench-slice"))
