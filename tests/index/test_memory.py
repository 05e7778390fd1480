"""A build and a search process run numpy without huge-page advice (slow to fault in on this kind of VM)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "tests" / "data" / "docs.jsonl"

SCRIPT = """
import sys
from numpy._core.multiarray import _get_madvise_hugepage, _set_madvise_hugepage
from index.build import reindex
from search.engine.handle import IndexHandle
_set_madvise_hugepage(True)  # numpy's default on Linux
reindex([sys.argv[1]], sys.argv[2])
after_build = _get_madvise_hugepage()
_set_madvise_hugepage(True)
IndexHandle(sys.argv[2]).current()
print(after_build, _get_madvise_hugepage())
"""


def test_building_and_opening_an_index_turn_numpys_huge_page_advice_off(tmp_path):
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(DATA), str(tmp_path / "ix")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True).stdout.split()
    assert out == ["False", "False"]
