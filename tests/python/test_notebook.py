"""notebooks/explore.ipynb runs from top to bottom on the sample's tables,
through the same script as `just notebook`, and writes an HTML copy."""

import pathlib
import re
import subprocess

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) >= 10
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_notebook_runs_on_the_sample_and_writes_html(sample_run, tmp_path):
    # nbconvert fails (non-zero exit) on any cell error.
    subprocess.run(
        ["bash", str(ROOT / "notebooks" / "run.sh"), str(sample_run / "tables"), str(tmp_path)],
        check=True,
    )
    html = (tmp_path / "explore.html").read_text(encoding="utf-8")
    for heading in ["Corpus overview", "Top people, organisations and places",
                    "Events per type per month", "Who acts on whom", "Quotes by speaker",
                    "Places on a map", "A worked DuckDB query", "A polars query"]:
        assert heading in html
    # Five charts drawn as embedded PNGs, and the sample's names in the tables.
    assert html.count("data:image/png;base64") >= 5
    assert "Mohammed Shia al-Sudani" in html
    assert "Traceback" not in html
    # Opens offline: no script, style or image from elsewhere (notebooks/offline.html.j2
    # drops the CDN scripts of nbconvert's template).
    assert re.search(r"(src|href)=[\"']?https?:", html) is None
    assert "cdnjs" not in html
