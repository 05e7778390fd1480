"""Index files take their modes from the umask, so a server running as another user can read them.

`lexicon.json` used to be written 0600 (mkstemp's mode): a server that was not the build's user
refused to start.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "data" / "docs.jsonl"


def build(root: Path, umask: int) -> None:
    """`manage.py reindex` of the tiny corpus into `root`, run under `umask`."""
    done = subprocess.run([sys.executable, "manage.py", "reindex", "--workers", "1", "--corpus", str(DOCS),
                           "--index", str(root)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(umask))
    assert done.returncode == 0, done.stdout + done.stderr


def modes(root: Path) -> dict[str, int]:
    """Permission bits of every file and directory under `root`, by relative path."""
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_every_index_file_is_as_readable_as_the_umask_allows(tmp_path, umask):
    root = tmp_path / "index"
    build(root, umask)
    found = modes(root)
    assert any(name.endswith("lexicon.json") for name in found)
    readable = 0o444 & ~umask
    unreadable = {name: oct(mode) for name, mode in found.items() if mode & readable != readable}
    assert not unreadable, f"files others may not read under umask {oct(umask)}: {unreadable}"
    dirs = {name: oct(mode) for name, mode in found.items() if (root / name).is_dir() and mode & 0o111 & ~umask
            != 0o111 & ~umask}
    assert not dirs, dirs


def test_a_private_umask_is_respected_too(tmp_path):
    root = tmp_path / "index"
    build(root, 0o077)
    assert all(mode & 0o077 == 0 for mode in modes(root).values()), modes(root)
