"""A damaged index gives a clear error at `serve` and `search` start and a 503 from the app, never a trace.

One damaged copy per kind of damage, checked through the CLI, the API and the pages in one test.
Damage done while an index is being served is tested in test_damage_while_serving.py.
"""

from __future__ import annotations

import gc
import random
import shutil
import subprocess
import sys

import pytest

from index.build import reindex
from index.generations import CURRENT, current_generation

from .faultkit import ROOT, app_client, assert_clean_error, clean_env, free_port

SERVE_SECONDS = 60  # a damaged index must stop `serve` long before this (a hang guard)
API_URLS = ["/api/search?q=重庆", "/api/suggest?q=江", "/api/stats", "/api/article/old-00001", "/healthz"]
PAGE_URLS = ["/", "/search?q=重庆", "/article/old-00001"]
# Whoosh (truncated TOC) and numpy (truncated .npz) leave the damaged file open when they fail to
# read it; the descriptor is freed when the garbage collector reaches the exception's frames. That
# is a slow leak per failed load (IndexHandle retries on every request), not a crash: tolerated
# here and collected after each test. Fix: index/docvalues.py could hand np.load an open file.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _truncate(path, size):
    with open(path, "r+b") as fh:
        fh.truncate(size)


def _garble(path, start, length=256):
    data = bytearray(path.read_bytes())
    data[start : start + length] = random.Random(7).randbytes(min(length, len(data) - start))
    path.write_bytes(bytes(data))


def _segments(gen):
    """A generation's segment postings files."""
    segs = sorted(gen.glob("*.ypf"))
    assert segs, f"no segment files in {gen}"
    return segs


# name → function(root, live generation directory) that damages the index in place
DAMAGE = {
    "segment_truncated": lambda root, gen: [_truncate(s, 100) for s in _segments(gen)],
    "segment_header_garbled": lambda root, gen: [_garble(s, 0) for s in _segments(gen)],
    "segment_deleted": lambda root, gen: [s.unlink() for s in _segments(gen)],
    "toc_truncated": lambda root, gen: [_truncate(t, 10) for t in gen.glob("_MAIN_*.toc")],
    "docvalues_deleted": lambda root, gen: (gen / "docvalues.npz").unlink(),
    "docvalues_truncated": lambda root, gen: _truncate(gen / "docvalues.npz", 50),
    "lexicon_garbage": lambda root, gen: (gen / "lexicon.json").write_bytes(b'{"entities": [\xff'),
    "meta_garbage": lambda root, gen: (gen / "meta.json").write_text("{", encoding="utf-8"),
    "current_garbage_bytes": lambda root, gen: (root / CURRENT).write_bytes(b"\x00\xff\xfegarbage\n"),
    "current_names_missing_generation": lambda root, gen: shutil.rmtree(gen),
    "current_points_outside": lambda root, gen: (root / CURRENT).write_text("../../../etc\n", encoding="utf-8"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, old_corpus):
    """A healthy index root, copied by each test before damaging it."""
    root = tmp_path_factory.mktemp("pristine") / "index"
    reindex([old_corpus], root, workers=1)
    return root


@pytest.fixture(params=sorted(DAMAGE))
def damaged(request, pristine, tmp_path):
    """A copy of the pristine index with one kind of damage (one copy per kind, checked by one test)."""
    root = tmp_path / "index"
    shutil.copytree(pristine, root)
    DAMAGE[request.param](root, current_generation(root))
    yield root
    gc.collect()  # close what the failed loads left open, while ResourceWarning is ignored


def test_a_damaged_index_stops_the_cli_and_answers_503_everywhere_without_a_trace(damaged):
    serve = subprocess.Popen([sys.executable, "manage.py", "serve", "--index", str(damaged), "--port",
                              str(free_port())], cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        search = subprocess.run([sys.executable, "manage.py", "search", "重庆", "--index", str(damaged)],
                                cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=60)
        assert_api_and_pages_answer_503(damaged)
        out, err = serve.communicate(timeout=SERVE_SECONDS)
    except subprocess.TimeoutExpired:
        serve.kill()
        serve.communicate()
        pytest.fail("`manage.py serve` started on a damaged index instead of refusing to")
    assert_clean_error(search, "manage.py reindex")
    assert_clean_error(subprocess.CompletedProcess(serve.args, serve.returncode, out, err), "manage.py reindex")
    assert "indexing the bundled sample corpus" not in out  # never hide the damage behind the samples


def assert_api_and_pages_answer_503(root) -> None:
    """Every route that needs the index answers 503 pointing to reindex; none shows a trace."""
    with app_client(root) as client:
        for url in API_URLS + PAGE_URLS:
            resp = client.get(url, headers={"Accept-Encoding": "identity"})
            body = resp.get_data(as_text=True)
            assert resp.status_code == 503, f"{url}: {resp.status_code} {body[:300]}"
            assert "Traceback" not in body and 'File "' not in body, url
            if url in PAGE_URLS:
                assert "text/html" in resp.content_type and "manage.py reindex" in body, url
                continue
            error = resp.get_json()["error"]
            assert error["code"] == "index_unavailable" and error["message"], url
            assert url == "/healthz" or "manage.py reindex" in error["message"], url
