"""Benchmark the sharded archive on a Dask cluster against one index, on this machine (127.0.0.1 only).

    .venv/bin/python bench/bench_cluster.py --corpus ../shared/bench-data/cctv_xwlb_2022_2026.jsonl
        [--scale 200000] [--build-workers 2 4] [--single-procs 2] [--queries 200]
        [--merge-scale 20000] [--merge-shards 4 8 16] [--seed 1] [--only build|merge]

1. Build: the corpus recombined to `--scale` articles (corpora.py), indexed by
   `manage.py reindex` with `--single-procs` processes, then as a shard set on
   a LocalCluster of 2 and 4 single-threaded worker processes (two shards per
   worker); wall time, each shard's build time (in its own process) and the
   survey before it. On a machine with fewer cores than workers the extra
   workers only share the cores: the per-shard times show what one more
   machine would take off.
2. Latency: the same queries (workload.py: words, phrases, rare words) with
   run_search — as the web page runs it — on the single index and on the shard
   set built by the 2-worker cluster, both on this machine: the fan-out's cost.
3. Merge cost: the corpus at `--merge-scale` as 4, 8 and 16 shards on a
   2-worker cluster; latency of the same queries, and how much of it is the
   coordinator's own work (merging statistics, pages, facets and months) as
   opposed to waiting for the shards.

Prints one JSON object; times in milliseconds unless named `_seconds`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, log, machine, run_task
from corpora import load_articles, prepare, workdir
from workload import Haystack, make_queries


def single_build(corpus: Path, root: Path, procs: int) -> dict:
    """`manage.py reindex` in its own process: wall time."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "reindex", "--corpus", str(corpus), "--index", str(root),
                    "--workers", str(procs)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {"processes": procs, "seconds": round(time.perf_counter() - started, 2)}


def local_cluster(workers: int):
    """A LocalCluster of single-threaded worker processes on 127.0.0.1, and its client."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(host="127.0.0.1", n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address="127.0.0.1:0", resources={"shards": 64}, silence_logs=logging.ERROR)
    return cluster, Client(cluster, set_as_default=False, direct_to_workers=True)


def cluster_build(corpus: Path, root: Path, client, shards: int) -> dict:
    """build_shards on the cluster: wall time and each shard's build time."""
    from index.shards import build_shards

    started = time.perf_counter()
    report = build_shards([corpus], root, client, shards=shards)
    shard = sorted(report.shard_seconds)
    return {"shards": report.shards, "seconds": round(time.perf_counter() - started, 2),
            "shard_seconds": {"min": shard[0], "median": shard[len(shard) // 2], "max": shard[-1],
                              "sum": round(sum(shard), 2)},
            "articles": report.articles}


def build_figures(corpus: Path, folder: Path, worker_counts: list[int], procs: int) -> tuple[dict, Path]:
    """Single build and cluster builds; the shard root built by the first cluster size (for latency)."""
    out = {"single": single_build(corpus, folder / "single", procs)}
    log(f"single build: {out['single']['seconds']} s")
    first = None
    for workers in worker_counts:
        started = time.perf_counter()
        cluster, client = local_cluster(workers)
        startup = round(time.perf_counter() - started, 2)
        root = folder / f"shards-{workers}w"
        try:
            figures = cluster_build(corpus, root, client, shards=2 * workers)
        finally:
            client.close()
            cluster.close()
        out[f"cluster_{workers}_workers"] = {**figures, "cluster_start_seconds": startup}
        log(f"cluster build, {workers} workers: {figures['seconds']} s")
        first = first or root
    return out, first


def latency_figures(folder: Path, shard_root: Path, queries: list[dict], warmup: list[dict]) -> dict:
    """Single index against the shard set, both on this machine."""
    out = {"single": run_task("latency_sharded", root=str(folder / "single"), queries=queries, warmup=warmup)}
    cluster, client = local_cluster(2)
    try:
        out["cluster_2_workers"] = run_task("latency_sharded", root=str(shard_root), queries=queries,
                                            warmup=warmup, cluster=cluster.scheduler_address)
    finally:
        client.close()
        cluster.close()
    return out


def merge_figures(base: list[dict], scale: int, counts: list[int], seed: int, queries: list[dict],
                  warmup: list[dict]) -> dict:
    """Latency and the coordinator's own share as the number of shards grows."""
    out = {"articles": scale}
    with workdir() as folder:
        _, corpus, _ = prepare(base, scale, seed, folder)
        cluster, client = local_cluster(2)
        try:
            for n in counts:
                root = folder / f"merge-{n}"
                cluster_build(corpus, root, client, shards=n)
                out[f"{n}_shards"] = run_task("latency_sharded", root=str(root), queries=queries, warmup=warmup,
                                              cluster=cluster.scheduler_address)
                log(f"{n} shards: p50 {out[f'{n}_shards'].get('p50')} ms")
        finally:
            client.close()
            cluster.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="JSONL file or corpus directory (default: the bundled samples)")
    parser.add_argument("--scale", type=int, default=200_000, help="articles for the build and latency runs")
    parser.add_argument("--build-workers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--single-procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--merge-scale", type=int, default=20_000)
    parser.add_argument("--merge-shards", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["build", "merge"], help="only the build figures (no latency, no merge "
                        "sweep), or only the merge-cost sweep")
    args = parser.parse_args()

    base = load_articles(args.corpus)
    hay_records = base[:5000]
    queries = make_queries(hay_records, Haystack(hay_records), args.queries, args.seed)
    warmup = make_queries(hay_records, Haystack(hay_records), 20, args.seed + 1)
    out = {"machine": machine(), "what": {
        "build": "wall seconds of manage.py reindex (one machine, --single-procs processes) and of build_shards "
                 "on a LocalCluster of N one-thread workers (2N shards; shard_seconds: each shard's build process)",
        "latency": "run_search as the web page runs it (facets, timeline, snippets, relaxation), same queries, "
                   "single index vs shard set on the same machine; coordinator_own: the search minus the time "
                   "spent waiting for the shards",
        "merge": "the same, for the corpus at --merge-scale as 4, 8, 16 shards on 2 workers"}}
    if args.only != "merge":
        with workdir() as folder:
            _, corpus, stats = prepare(base, args.scale, args.seed, folder)
            out["corpus"] = stats
            out["build"], shard_root = build_figures(corpus, folder, args.build_workers, args.single_procs)
            if args.only is None:
                out["latency"] = latency_figures(folder, shard_root, queries, warmup)
    if args.only != "build":
        out["merge"] = merge_figures(base, args.merge_scale, args.merge_shards, args.seed, queries, warmup)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
