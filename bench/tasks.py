"""Child-process entry point: `tasks.py TASK` reads JSON arguments on stdin, prints a JSON result.

Called by `common.run_task`, never by hand. Each task runs in a fresh
interpreter so its memory peak is its own and the two configurations never
share jieba's global dictionary.
"""

from __future__ import annotations

import importlib
import json
import sys

import common  # noqa: F401  (puts the project on sys.path)


def main() -> None:
    """Run `<function>_<module>` (build_ours, measure_naive, browse_ours …) and print its JSON result."""
    task = sys.argv[1]
    args = json.loads(sys.stdin.read())
    kind, config_name = task.rsplit("_", 1)
    config = importlib.import_module(config_name)  # ours.py or naive.py
    print(json.dumps(getattr(config, kind)(**args), ensure_ascii=False))


if __name__ == "__main__":
    main()
