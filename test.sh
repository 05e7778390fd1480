#!/usr/bin/env bash
# Set up and run the whole test suite (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements-cluster.txt
scripts/browser.sh
exec .venv/bin/python -m pytest "$@"
