"""Child-process entry point: `tasks.py TASK` reads JSON arguments on stdin, prints a JSON result.

Called by `common.run_task`, never by hand. Each task runs in a fresh
interpreter so its memory peak is its own and the two configurations never
share jieba's global dictionary.
"""

from __future__ import annotations

import importlib
import json
import sys

import common  # puts the project on sys.path


def split_task(task: str) -> tuple[str, str]:
    """`<function>_<module>` → (function, module); the module is the longest suffix naming a bench/ file.

    >>> split_task("tantivy_documents_ours"), split_task("build_tantivy_engine")
    (('tantivy_documents', 'ours'), ('build', 'tantivy_engine'))
    """
    for i, char in enumerate(task):
        if char == "_" and (common.BENCH / f"{task[i + 1:]}.py").is_file():
            return task[:i], task[i + 1:]
    raise SystemExit(f"no bench/ module for task {task!r}")


def main() -> None:
    """Run `<function>_<module>` (build_ours, measure_naive, build_tantivy_engine …) and print its JSON result."""
    task = sys.argv[1]
    args = json.loads(sys.stdin.read())
    kind, config_name = split_task(task)
    config = importlib.import_module(config_name)  # ours.py, naive.py or tantivy_engine.py
    print(json.dumps(getattr(config, kind)(**args), ensure_ascii=False))


if __name__ == "__main__":
    main()
