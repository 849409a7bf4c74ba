#!/usr/bin/env bash
# Python-side tests: the tables load in pyarrow, polars, pandas and DuckDB;
# the notebook runs; the HTML report works in headless Chromium; the CI
# example runs as written. Builds the CLI first and creates
# tests/python/.venv on first use.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tests/python/venv.sh
cargo build --locked --quiet --bin sitrep
SITREP_BIN="$root/target/debug/sitrep" "$venv/bin/python" -m pytest -q --durations=5 tests/python "$@"
