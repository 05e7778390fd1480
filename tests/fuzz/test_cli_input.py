"""`manage.py search` takes any bytes a shell can pass without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARGS = {
    "invalid_utf8": [b"\xff\xfe", b"\xe9\x87", b"--reporter", b"\xc0\xae"],
    "control_characters": [bytes(range(1, 32)), b"--district", b"\x1b[2J\x07"],
    "huge_and_nested": [b"(" * 60_000 + "重庆".encode() + b")" * 60_000, b'"' * 1001],
    "syntax_only": [b"OR", b"-", b"title:", b'"', b"||", b"--source", b"-"],
}


@pytest.mark.parametrize("name", sorted(ARGS))
def test_cli_search_survives_hostile_arguments(tiny_index, name):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "YUWEN_"))}
    done = subprocess.run([sys.executable.encode(), b"manage.py", b"search", b"--index", str(tiny_index).encode(),
                           *ARGS[name]], cwd=ROOT, env=env, capture_output=True, timeout=60)
    out = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert "Traceback" not in out and "Aborted!" not in out, out[-2000:]
    assert done.returncode == 0 or out.splitlines()[-1].startswith("Error: "), out[-2000:]
