# sitrep tasks. `just --list` shows them all.

set shell := ["bash", "-euo", "pipefail", "-c"]

bench_default := "../shared/data/bench/news_raw"

# List the recipes.
default:
    @just --list

# Build (release) and run the whole pipeline; extra arguments go to `sitrep run`.
pipeline *ARGS:
    cargo build --release --locked --bin sitrep
    ./target/release/sitrep run {{ARGS}}

# Run every test: Rust tests, then Python (tables load in pyarrow/polars/pandas/DuckDB, the notebook runs, the report works in headless Chromium, the CI example runs).
test:
    cargo test --workspace --locked
    bash tests/python/run.sh

# Time the pipeline on DIR on one thread, then on all cores (articles/s, words/s, per-stage and per-component split, peak memory, the CPU time the event and quote components add, from one run without them after each one-thread run; then a cached re-run with one new article as a % of a clean run), and the HTML report's size and render time.
bench DIR=bench_default RUNS="3":
    cargo build --release --locked --bin sitrep
    cargo run --release --locked -q -p sitrep-bench -- --binary target/release/sitrep --input "{{DIR}}" --runs {{RUNS}} --threads 1 --share
    cargo run --release --locked -q -p sitrep-bench -- --binary target/release/sitrep --input "{{DIR}}" --runs {{RUNS}} --incremental
    @if [ -f target/bench/reports/summary.html ]; then python3 tests/python/render_time.py target/bench/reports/summary.html; fi
    just bench-resolve

# Resolution time and candidate pairs at 10 %, 20 %, … 100 % of the articles of a finished run (default: the tables `just bench` wrote).
bench-resolve DIR="target/bench/tables" RUNS="3":
    cargo run --release --locked -q -p sitrep-resolve --example resolve_scaling -- "{{DIR}}" {{RUNS}}

# Memory and throughput as the corpus grows: 1x, 4x and 16x copies of DIR (each copy adds a
# distinguishing line to every article; made once under target/bench-scale), one run each.
bench-scale DIR=bench_default SCALES="1,4,16":
    cargo build --release --locked --bin sitrep
    cargo run --release --locked -q -p sitrep-bench -- --binary target/release/sitrep --input "{{DIR}}" --scale "{{SCALES}}"

# Words/s of the syntax tagger alone, parser alone and both, one thread (median of RUNS passes over EWT dev).
bench-syntax RUNS="5":
    cargo run --release --locked -q -p sitrep-syntax --example syntax_bench -- --runs {{RUNS}}

# Format all code.
fmt:
    cargo fmt --all

# Check formatting, lints and docs (warnings are errors).
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets --locked -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

# Regenerate docs/schema.md from the table declarations.
schema:
    cargo run -q --bin sitrep -- schema > docs/schema.md

# Score mentions, coreference and linking against a gold JSONL file.
eval GOLD="../shared/data/gold/gum_news_dev.jsonl":
    cargo run --release --locked -q --bin sitrep -- eval --gold "{{GOLD}}"

# Rebuild data/geo/countries-110m.tsv from Natural Earth via the npm package world-atlas 2.0.2,
# then the country centroids data/kb/country_centroids.tsv from it.
geo:
    dir=$(mktemp -d) && (cd "$dir" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz) && python3 data/geo/make_outlines.py "$dir/package/countries-110m.json" data/geo/countries-110m.tsv && rm -rf "$dir" && python3 data/geo/make_centroids.py > data/kb/country_centroids.tsv

# Run notebooks/explore.ipynb on TABLES (default data/processed) and write OUT/explore.html.
notebook TABLES="data/processed" OUT="reports":
    bash notebooks/run.sh "{{TABLES}}" "{{OUT}}"

# Score events and quotes against the dev key and print the violent-event rate on
# BBC sport, entertainment and technology news (target: at most 1 %).
eval-events GOLD="data/eval/events_dev.jsonl" BBC="../shared/data/bench/news_raw/bbc":
    cargo build --release --locked --bin sitrep
    ./target/release/sitrep eval events --gold "{{GOLD}}" --non-violent {{BBC}}/bbc_sport_*.txt {{BBC}}/bbc_entertainment_*.txt {{BBC}}/bbc_tech_*.txt

# Rebuild the syntax model (tagger, lemmatiser, parser) from UD English-EWT train, one core.
train-syntax:
    cargo build --release --locked --bin sitrep
    ./target/release/sitrep train syntax

# Score the syntax model on UD English-EWT dev (gold tokens, then end to end from raw text).
eval-syntax GOLD="../shared/data/train/ud_en_ewt/en_ewt-ud-dev.conllu":
    cargo build --release --locked --bin sitrep
    ./target/release/sitrep eval syntax --gold "{{GOLD}}"
    ./target/release/sitrep eval syntax --gold "{{GOLD}}" --raw

# Reliability cases in release mode, one `case <name>: held; …` line each: hostile inputs
# (unreadable dirs, special files, stray bytes, a 2 MB line under 1 GB) and interrupted runs
# (10 `kill -9` over a previous complete output on the bench corpus).
reliability:
    cargo test --release --locked -p sitrep --test reliability -- --include-ignored --nocapture --test-threads 1

# Property tests with a long case budget (CI runs 64 cases per property).
fuzz CASES="5000":
    PROPTEST_CASES={{CASES}} cargo test --release --locked -p sitrep --test robustness

# Rebuild the committed entity-tagger model (data/models/ner.bin) from ../shared/data/train, on one core.
train-ner:
    cargo build --release --locked --bin sitrep
    RAYON_NUM_THREADS=1 ./target/release/sitrep --threads 1 train ner

# Score the entity-mention stage on a gold file, per type, with every error listed.
eval-ner GOLD="../shared/data/gold/gum_news_dev.jsonl" *ARGS:
    cargo run --release --locked -q --bin sitrep -- eval ner --gold "{{GOLD}}" {{ARGS}}
