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
from nbclient.exceptions import CellTimeoutError

TIMEOUT = 300
"""Seconds a cell may run (the book's longest takes under a minute on 2 cores)."""


def execute(path: Path) -> None:
    """Execute the notebook at ``path`` in a fresh kernel and save it with its outputs."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
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
        try:
            execute(Path(name))
        except CellTimeoutError:
            # Now and then the client waits for a message of the kernel that never comes (both
            # idle; seen on the Hamiltonian chapter, about one run in five): run it once more.
            print(f"{name}: a cell got no reply within {TIMEOUT} s; executing it again", flush=True)
            execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
