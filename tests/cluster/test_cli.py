"""The command line with --cluster, and `manage.py cluster`: real processes on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "docs.jsonl"


def manage(*args, check=True):
    """Run `python manage.py ARGS` from the project root."""
    result = subprocess.run([sys.executable, "manage.py", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env=dict(os.environ))
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


def test_reindex_search_and_stats_run_on_a_cluster(dask_client, tmp_path):
    address = dask_client.scheduler.address
    root = tmp_path / "shards"
    out = manage("reindex", "--cluster", address, "--index", root, "--shards", 3, "--corpus", DATA).stdout
    assert "indexed 13 articles from 1 files into 3 shards" in out
    found = json.loads(manage("search", "--cluster", address, "--index", root, "--json", "火锅").stdout)
    assert found["total"] == 3 and found["partial"] is None
    stats = json.loads(manage("stats", "--cluster", address, "--index", root).stdout)
    assert stats["articles"] == 13 and [s["name"] for s in stats["shards"]] == ["shard-000", "shard-001", "shard-002"]


def test_incremental_builds_are_refused_on_a_cluster(dask_client, tmp_path):
    out = manage("reindex", "--cluster", dask_client.scheduler.address, "--index", tmp_path, "--incremental",
                 check=False)
    assert out.returncode != 0 and "--incremental is not available with --cluster" in out.stderr


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    out = manage("search", "--cluster", "tcp://127.0.0.1:9", "--index", tmp_path, "x", check=False)
    assert out.returncode != 0 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in out.stderr


def test_manage_cluster_starts_a_local_cluster_and_stops_on_sigterm():
    from distributed import Client

    with subprocess.Popen([sys.executable, "manage.py", "cluster", "--port", "0", "--workers", "1"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ)) as proc:
        try:
            line = proc.stdout.readline()
            assert line.startswith("Dask scheduler at tcp://127.0.0.1:") and "with 1 workers" in line
            with Client(line.split()[3], timeout=30, set_as_default=False) as client:
                assert len(client.scheduler_info()["workers"]) == 1
                assert client.submit(sum, [1, 2]).result(timeout=30) == 3
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
