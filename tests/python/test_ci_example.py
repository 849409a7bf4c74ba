"""The scheduled-run examples in examples/ci/ work as written on the sample:
the GitHub Actions workflow's `Run sitrep` step (with the step's own
environment) and the crontab line (with its two placeholder paths filled in),
each run from a fresh working folder. A rejected input under
SITREP_STRICT=1 fails the job with exit code 3."""

import os
import pathlib
import re
import subprocess

import polars as pl

from conftest import ROOT, sitrep_bin

EXAMPLES = ROOT / "examples" / "ci"


def workspace(tmp_path):
    """A working folder that looks like a checkout: examples/ and data/ linked in."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("examples", "data"):
        (work / name).symlink_to(ROOT / name)
    return work


def run_step():
    """The `Run sitrep` step of the workflow: its command and environment."""
    text = (EXAMPLES / "github-actions.yml").read_text(encoding="utf-8")
    step = text.split("- name: Run sitrep", 1)[1].split("- name:", 1)[0]
    command = re.search(r"^\s+run: (.+)$", step, re.M).group(1)
    env_block = step.split("env:", 1)[1].split("run:", 1)[0]
    env = {}
    for key, value in re.findall(r"^\s+([A-Z_]+): (.+?)(?:\s+#.*)?$", env_block, re.M):
        default = re.fullmatch(r"\$\{\{ .+ \|\| '(.+)' \}\}", value)
        env[key] = default.group(1) if default else value.strip('"')
    return command, env


def test_workflow_step_runs_as_written(tmp_path):
    command, step_env = run_step()
    assert command == "bash examples/ci/nightly.sh"
    assert step_env == {"SITREP_INPUT": "data/raw", "SITREP_OUT": "runs/nightly", "SITREP_STRICT": "0"}
    work = workspace(tmp_path)
    summary = tmp_path / "step-summary.md"
    env = dict(os.environ, **step_env, SITREP_BIN=sitrep_bin(), GITHUB_STEP_SUMMARY=str(summary))
    result = subprocess.run(["bash", "-c", command], cwd=work, env=env)
    assert result.returncode == 0
    # What the upload step keeps: tables, reports, logs.
    kept = work / "runs" / "nightly"
    assert pl.read_parquet(kept / "tables" / "articles.parquet").height == 2
    assert (kept / "reports" / "summary.html").is_file()
    assert '"level":"INFO"' in (kept / "sitrep.log").read_text(encoding="utf-8").replace(" ", "")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## sitrep nightly run succeeded\n")
    assert "# sitrep summary" in text and "| Articles | 2 |" in text


def test_crontab_line_runs_as_written_and_fails_on_rejected_input(tmp_path):
    line = [l for l in (EXAMPLES / "crontab").read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#") and not re.match(r"^[A-Z_]+=", l)][0]
    command = line.split(None, 5)[5]
    work = workspace(tmp_path)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "articles.txt").write_bytes((ROOT / "data" / "raw" / "asharq_al_awsat_two_articles.txt").read_bytes())
    command = command.replace("/srv/sitrep", str(work)).replace("/srv/news/incoming", str(incoming))
    env = dict(os.environ, SITREP_BIN=sitrep_bin())
    ok = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout == "", ok.stdout
    nights = list((work / "runs").glob("20*"))
    assert len(nights) == 1
    assert (nights[0] / "job-summary.md").read_text(encoding="utf-8").startswith(
        "## sitrep nightly run succeeded")

    # Now a binary file arrives and the run is strict: exit 3, job failed, tables still kept.
    (incoming / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    strict = subprocess.run(["bash", "-c", command], env=dict(env, SITREP_STRICT="1"),
                            capture_output=True, text=True)
    assert "sitrep nightly run failed with exit code 3" in strict.stdout
    summary = (nights[0] / "job-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## sitrep nightly run failed (exit 3: inputs were rejected")
    assert pl.read_parquet(nights[0] / "tables" / "rejected.parquet").height == 1
    assert "nightly run failed (exit 3" in (work / "runs" / "nightly.log").read_text(encoding="utf-8")
