"""Runs sitrep over a large archive on a Dask cluster: one task per shard, then the merge.

Each shard task runs, on whichever worker Dask gives it,

    sitrep run --shard K/N --input IN... --out SHARED/shard-K

(every shard reads all inputs and keeps the articles that hash to it), and when
all N are done one more task runs

    sitrep merge --out SHARED/tables --reports SHARED/reports SHARED/shard-0 ... SHARED/shard-(N-1)

which gives the same tables, byte for byte, as one `sitrep run` over the inputs.
Dask does the scheduling, placement and retries; this file only says what to run.

SHARED and the inputs must be the same paths on every worker (a shared file
system: NFS, a cluster file system, or one machine), and the `sitrep` binary must
be installed at the same path on each. Shard runs are atomic (a shard directory
appears whole or not at all), so a task that fails or dies is simply retried.

    python examples/distributed/sitrep_dask.py --scheduler tcp://scheduler:8786 \\
        --sitrep /opt/sitrep/bin/sitrep --input /shared/news --shared /shared/run-2026-11-30 --shards 64
    python examples/distributed/sitrep_dask.py --local-workers 2 \\
        --sitrep target/release/sitrep --input data/raw --shared /tmp/sitrep-run --shards 4
"""

import argparse
import contextlib
import os
import subprocess
import sys
import time

import distributed


def _run(command):
    """Runs one sitrep command; raises with its stderr when it fails."""
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-4000:]}")
    return time.monotonic() - started


def run_shard(sitrep, inputs, shared, shard, shards, threads=None):
    """One shard, run on a worker: returns what ran where and for how long."""
    out = os.path.join(shared, f"shard-{shard}")
    command = [sitrep, "run", "--shard", f"{shard}/{shards}"]
    for path in inputs:
        command += ["--input", path]
    command += ["--out", out, "--quiet", "--no-progress"]
    if threads:
        command += ["--threads", str(threads)]
    seconds = _run(command)
    return {"shard": shard, "out": out, "seconds": seconds,
            "worker": distributed.get_worker().address, "pid": os.getpid()}


def run_merge(sitrep, shard_dirs, out, reports):
    """The merge, run on a worker once every shard is done."""
    command = [sitrep, "merge", "--out", out, "--reports", reports, "--quiet", "--no-progress"]
    return {"seconds": _run(command + list(shard_dirs)), "out": out, "reports": reports}


def _absolute(path):
    """`path` made absolute for workers elsewhere, but not normalised: sitrep
    records input paths as given (`articles.source_path`)."""
    path = os.fspath(path)
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def run(client, sitrep, inputs, shared, shards, out=None, reports=None, threads=None,
        retries=2, timeout=None):
    """Runs every shard on the cluster of `client`, then the merge; returns the
    per-shard records and the merge record. Tables go to `out` (default
    SHARED/tables), reports to `reports` (default SHARED/reports). A shard
    that fails is retried `retries` times; then its error (sitrep's stderr) is
    raised here. `timeout` (seconds) bounds the shards and the merge each."""
    sitrep = _absolute(sitrep)
    inputs = [_absolute(p) for p in inputs]
    shared = _absolute(shared)
    out = _absolute(out or os.path.join(shared, "tables"))
    reports = _absolute(reports or os.path.join(shared, "reports"))
    os.makedirs(shared, exist_ok=True)
    if __name__ != "__main__":
        # Imported (as `sitrep_dask`): the tasks name this module's functions,
        # so every worker gets the file through Dask (run as a script, Dask
        # sends the functions themselves).
        client.upload_file(__file__)
    futures = [
        client.submit(run_shard, sitrep, inputs, shared, shard, shards, threads,
                      key=f"sitrep-shard-{shard}-of-{shards}", pure=False, retries=retries)
        for shard in range(shards)
    ]
    distributed.wait(futures, timeout=timeout)
    done = client.gather(futures)
    merge = client.submit(run_merge, sitrep, [d["out"] for d in done], out, reports,
                          key="sitrep-merge", pure=False, retries=retries)
    return done, merge.result(timeout=timeout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", help="address of a running Dask scheduler")
    where.add_argument("--local-workers", type=int,
                       help="start a local cluster of this many worker processes instead")
    parser.add_argument("--sitrep", required=True, help="the sitrep binary (same path on every worker)")
    parser.add_argument("--input", action="append", required=True, help="input file or directory (repeatable)")
    parser.add_argument("--shared", required=True, help="shared directory for shard outputs")
    parser.add_argument("--shards", type=int, required=True, help="number of shards N")
    parser.add_argument("--out", help="tables directory (default SHARED/tables)")
    parser.add_argument("--reports", help="reports directory (default SHARED/reports)")
    parser.add_argument("--threads", type=int, help="sitrep --threads per shard (default: all cores)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.scheduler:
            client = stack.enter_context(distributed.Client(args.scheduler))
        else:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=args.local_workers, threads_per_worker=1, processes=True,
                dashboard_address=None))
            client = stack.enter_context(distributed.Client(cluster))
        started = time.monotonic()
        done, merge = run(client, args.sitrep, args.input, args.shared, args.shards,
                          args.out, args.reports, args.threads)
    for record in done:
        print(f"shard {record['shard']}/{args.shards}: {record['seconds']:.1f} s on {record['worker']}")
    print(f"merge: {merge['seconds']:.1f} s; tables in {merge['out']}, reports in {merge['reports']}")
    print(f"total: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
