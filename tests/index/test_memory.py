"""A build and a search process run numpy without huge-page advice and keep freed memory for reuse
(fresh pages are slow to fault in on this kind of VM)."""

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



FAULTS = """
import resource, sys
import numpy as np
from index.build import reindex
from index.memory import small_pages

def faults_of_fresh_arrays():
    # what a build does over and over: arrays of a few MB made, then dropped together
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    arrays = [np.ones(4 << 20, dtype=np.uint8) for _ in range(8)]
    after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    del arrays
    return after - before

small_pages()  # count 4 KB pages either way
faults_of_fresh_arrays()  # the first time: faulted in either way
default = faults_of_fresh_arrays()
reindex([sys.argv[1]], sys.argv[2])
faults_of_fresh_arrays()
print(default, faults_of_fresh_arrays())
"""


def test_a_build_reuses_the_memory_it_freed_instead_of_faulting_it_in_again(tmp_path):
    # glibc's default hands 32 MB of freed blocks back to the kernel, and the next arrays fault
    # their 8,192 pages in again; after reindex the process keeps freed blocks for reuse.
    out = subprocess.run([sys.executable, "-c", FAULTS, str(DATA), str(tmp_path / "ix")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True).stdout.split()
    default, after_build = map(int, out)
    assert default >= 8000
    assert after_build < 200
