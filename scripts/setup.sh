#!/usr/bin/env bash
# Create .venv and install requirements.txt into it, plus any further requirement files named as
# arguments (test.sh adds requirements-cluster.txt); each is skipped when unchanged since last time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "creating virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
for file in requirements.txt "$@"; do
  stamp=.venv/.$(basename "$file" .txt).sha
  [ "$file" = requirements.txt ] && stamp=.venv/.requirements.sha
  want=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "installing $file into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$file"
    echo "$want" > "$stamp"
  fi
done
