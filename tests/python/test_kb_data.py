"""The generated knowledge-base side files are rebuilt byte for byte by their
committed scripts: data/kb/wikidata.tsv from GUM's Wikification (skipped when
the shared training data is absent) and data/kb/country_centroids.tsv from the
committed Natural Earth outlines."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUM = ROOT / "../shared/data/train/gum_other.jsonl"


def run(*args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, check=True, capture_output=True
    ).stdout


def test_country_centroids_rebuild_identically():
    made = run("data/geo/make_centroids.py")
    assert made == (ROOT / "data/kb/country_centroids.tsv").read_bytes()


@pytest.mark.skipif(not GUM.exists(), reason=f"{GUM} not found (shared data absent)")
def test_wikidata_ids_rebuild_identically_from_gum():
    made = run("data/kb/make_wikidata.py", str(GUM))
    assert made == (ROOT / "data/kb/wikidata.tsv").read_bytes()
