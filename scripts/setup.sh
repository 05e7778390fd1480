#!/usr/bin/env bash
# Create .venv and install a requirements file into it (skipped when nothing changed since last time).
#   scripts/setup.sh                        runtime only: requirements.txt (what ./run.sh needs)
#   scripts/setup.sh requirements-test.txt  runtime + tests and benchmarks (what ./test.sh and CI need)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=${1:-requirements.txt}
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "creating virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
# The stamp records what was installed last: the file's name and the hashes of every file it pulls
# in, so that a test install is not redone for ./run.sh (the test set contains the runtime one).
stamp=.venv/.requirements.sha
want=$(sha256sum requirements*.txt | sha256sum | cut -d' ' -f1)
if ! grep -qx "$want $REQUIREMENTS" "$stamp" 2>/dev/null && \
   ! { [ "$REQUIREMENTS" = requirements.txt ] && grep -qx "$want requirements-test.txt" "$stamp" 2>/dev/null; }; then
  echo "installing $REQUIREMENTS into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$want $REQUIREMENTS" > "$stamp"
fi
