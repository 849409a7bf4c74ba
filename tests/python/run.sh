#!/usr/bin/env bash
# Proves the tables load in a notebook stack: builds the CLI, runs it on the
# sample into a temporary directory, and reads every table with pyarrow,
# polars, pandas and DuckDB. Creates tests/python/.venv on first use.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
venv=tests/python/.venv
if ! "$venv/bin/python" -c "import pytest, pyarrow, polars, pandas, duckdb" 2>/dev/null; then
    echo "setting up $venv (pytest, pyarrow, polars, pandas, duckdb)..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
fi
cargo build --locked --quiet --bin sitrep
SITREP_BIN="$root/target/debug/sitrep" "$venv/bin/python" -m pytest -q tests/python "$@"
