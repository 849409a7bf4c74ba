#!/usr/bin/env bash
# Runs notebooks/explore.ipynb on a tables directory (default data/processed)
# and writes an HTML copy with the outputs: `just notebook [TABLES] [OUT_DIR]`.
# The committed notebook stays without outputs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tables=$(realpath "${1:-data/processed}")
out=$(realpath -m "${2:-reports}")
if [ ! -f "$tables/articles.parquet" ]; then
    echo "no tables in $tables: run \`just pipeline\` first, or give the directory holding them" >&2
    exit 1
fi
source tests/python/venv.sh
mkdir -p "$out"
cd notebooks
SITREP_TABLES="$tables" "$root/$venv/bin/jupyter" nbconvert --to html --execute explore.ipynb \
    --template-file offline.html.j2 \
    --output-dir "$out" --output explore --log-level WARN
echo "wrote $out/explore.html" >&2
