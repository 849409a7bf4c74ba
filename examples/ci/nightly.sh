#!/usr/bin/env bash
# Nightly sitrep run: analyse a folder of new articles, keep the tables and
# reports in one folder per run, write a job summary, and exit with sitrep's
# own exit code so the scheduler marks the job failed when the run failed.
#
# Used as written by github-actions.yml and crontab (beside this file);
# run from the repository root after `cargo build --release --locked --bin sitrep`.
#
# Environment (all optional):
#   SITREP_BIN     the sitrep binary            (default target/release/sitrep)
#   SITREP_INPUT   folder of new articles       (default data/raw)
#   SITREP_OUT     this run's output folder     (default runs/<UTC date>)
#   SITREP_STRICT  1: exit 3 if any input is rejected (default 0: rejected
#                  inputs are listed in the rejected table and the run goes on)
#   GITHUB_STEP_SUMMARY  set by GitHub Actions: the summary is appended there
#
# Exit codes (sitrep's, see the README): 0 success; 1 the run failed (output
# not writable, a stage's input missing); 2 bad arguments; 3 --strict and an
# input was rejected.
set -uo pipefail

bin=${SITREP_BIN:-target/release/sitrep}
input=${SITREP_INPUT:-data/raw}
out=${SITREP_OUT:-runs/$(date -u +%Y-%m-%d)}
mkdir -p "$out" || exit 1

args=(run --input "$input" --out "$out/tables" --reports "$out/reports"
      --log-format json --no-progress)
if [ "${SITREP_STRICT:-0}" = 1 ]; then
    args+=(--strict)
fi

# Structured (JSON) logs go to a file kept with the run.
"$bin" "${args[@]}" 2> "$out/sitrep.log"
status=$?

case $status in
    0) verdict="succeeded" ;;
    1) verdict="failed (exit 1: the run failed, see sitrep.log)" ;;
    2) verdict="failed (exit 2: bad arguments, see sitrep.log)" ;;
    3) verdict="failed (exit 3: inputs were rejected under SITREP_STRICT=1, see the rejected table)" ;;
    *) verdict="failed (exit $status)" ;;
esac

# The job summary: a status line, then the run's summary.md (cut at 900 kB,
# under GitHub's 1 MiB limit for a step summary).
{
    echo "## sitrep nightly run $verdict"
    echo
    echo "Input: \`$input\`. Tables: \`$out/tables\`. Reports: \`$out/reports\`."
    echo
    if [ -f "$out/reports/summary.md" ]; then
        head -c 900000 "$out/reports/summary.md"
    fi
} > "$out/job-summary.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$out/job-summary.md" >> "$GITHUB_STEP_SUMMARY"
fi

echo "sitrep nightly run $verdict: tables in $out/tables, reports in $out/reports" >&2
exit $status
