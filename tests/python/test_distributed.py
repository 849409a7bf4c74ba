"""examples/distributed/sitrep_dask.py on a real Dask cluster: a LocalCluster of two
worker processes runs one `sitrep run --shard K/N` task per shard and then
`sitrep merge`; the merged tables and reports must be the bytes a single
`sitrep run` over the same inputs wrote (conftest's sample and bench-slice runs)."""

import importlib.util
import os
import sys

import distributed
import pytest

from conftest import ROOT, bench_slice_files, sitrep_bin

DRIVER = ROOT / "examples" / "distributed" / "sitrep_dask.py"
# Bound on each of the shard phase and the merge; a debug binary on 300 articles
# takes well under a minute.
TIMEOUT = 900


def load_driver():
    spec = importlib.util.spec_from_file_location("sitrep_dask", DRIVER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def assert_same_outputs(merged, single):
    """Every table (Parquet and CSV) and both reports, byte for byte."""
    names = sorted(p.name for p in (single / "tables").iterdir()
                   if p.suffix in (".parquet", ".csv"))
    assert len(names) >= 18, names
    assert sorted(p.name for p in (merged / "tables").iterdir()
                  if p.suffix in (".parquet", ".csv")) == names
    for name in names:
        assert (merged / "tables" / name).read_bytes() == (single / "tables" / name).read_bytes(), name
    for name in ["summary.md", "summary.html"]:
        assert (merged / "reports" / name).read_bytes() == (single / "reports" / name).read_bytes(), name


def run_driver(client, inputs, shared, shards):
    driver = load_driver()
    done, merge = driver.run(client, sitrep_bin(), inputs, shared, shards, threads=1,
                             timeout=TIMEOUT)
    assert sorted(d["shard"] for d in done) == list(range(shards))
    # The tasks really ran in the cluster's worker processes, both of them.
    workers = set(client.run(os.getpid).values())
    assert {d["pid"] for d in done} == workers and len(workers) == 2
    assert all((shared / f"shard-{k}" / "shard.json").is_file() for k in range(shards))
    assert merge["out"] == str(shared / "tables")
    return shared


def test_driver_matches_a_single_run_on_the_sample(client, sample_run, tmp_path):
    # Three shards for two articles: one shard is empty and must still merge.
    merged = run_driver(client, [ROOT / "data" / "raw"], tmp_path / "shared", 3)
    assert_same_outputs(merged, sample_run)


def test_driver_matches_a_single_run_on_300_bench_articles(client, bench_slice_run, tmp_path):
    merged = run_driver(client, bench_slice_files(), tmp_path / "shared", 4)
    assert_same_outputs(merged, bench_slice_run)


def test_a_failing_shard_fails_the_driver_with_sitreps_message(client, tmp_path):
    driver = load_driver()
    with pytest.raises(RuntimeError, match=r"exited 2:[\s\S]*does not exist"):
        driver.run(client, sitrep_bin(), [tmp_path / "no-such-input"], tmp_path / "shared", 2,
                   retries=0, timeout=TIMEOUT)
