"""Re-execute notebooks in place, refreshing the outputs that nbval compares against.

Usage: ``python scripts/execute_notebooks.py book/*.ipynb`` (``make notebooks``).

Each notebook runs top to bottom in a fresh kernel from its own folder. No
timing metadata is written, so a rerun that changes no output changes no byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    """Execute the notebook at ``path`` in a fresh kernel and save it with its outputs."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    notebook.metadata.pop(
        "widgets", None
    )  # widget models are for live kernels: keep the files small and stable
    nbformat.write(notebook, path)


def main(paths: list[str]) -> int:
    """Execute each notebook given on the command line."""
    if not paths:
        print("usage: python scripts/execute_notebooks.py NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    for name in paths:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
