#!/usr/bin/env bash
# Set up and run Yuwen on http://127.0.0.1:5000 (indexes the bundled sample corpus on first run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/python manage.py serve "$@"
