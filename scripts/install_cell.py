"""Give every chapter a first code cell that installs ``nmmtools`` where it is missing.

A reader who opens a chapter in Colab (or any fresh Jupyter) has no ``nmmtools``: the
cell installs it, with what the chapters need besides (``nmmtools[notebook]``), from
the repository named once in ``_config.yml``. Where ``nmmtools`` is importable (the
book's own build and tests) the cell does nothing. It is tagged ``remove-cell``, so the
rendered page does not show it.

Usage: ``python scripts/install_cell.py book/*.ipynb`` (``make notebooks`` runs it first).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TAGS = ["remove-cell", "install-nmmtools"]
"""Tags of the install cell: hidden on the page, and found by the tests."""


def repository_url(config: Path = ROOT / "_config.yml") -> str:
    """The repository URL of ``_config.yml`` (``repository: url:``)."""
    match = re.search(r"^repository:\s*\n\s+url:\s*(\S+)", config.read_text(), flags=re.MULTILINE)
    if match is None:
        raise ValueError(f"no repository url in {config}")
    return match.group(1)


def install_cell_source(url: str) -> str:
    """The source of the install cell for the repository at ``url``."""
    return (
        "# Where nmmtools is missing (Colab, a fresh Jupyter), install it from the book's repository.\n"
        "# In the book's own environment this cell does nothing.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("nmmtools") is None:\n'
        f'    requirement = "nmmtools[notebook] @ git+{url}"\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)'
    )


def install_cell(url: str) -> nbformat.NotebookNode:
    """The install cell as a notebook cell (unexecuted: the next execution numbers it)."""
    cell = nbformat.v4.new_code_cell(install_cell_source(url), metadata={"tags": list(TAGS)})
    cell.id = "install-nmmtools"
    return cell


def is_install_cell(cell: nbformat.NotebookNode) -> bool:
    """Whether ``cell`` is an install cell (by its tag)."""
    return cell["cell_type"] == "code" and "install-nmmtools" in cell.get("metadata", {}).get("tags", [])


def update(path: Path, url: str) -> bool:
    """Make the first code cell of the notebook at ``path`` the install cell; True if the file changed."""
    notebook = nbformat.read(path, as_version=4)
    cells = [cell for cell in notebook["cells"] if not is_install_cell(cell)]
    first_code = next((index for index, cell in enumerate(cells) if cell["cell_type"] == "code"), len(cells))
    old = [cell for cell in notebook["cells"] if is_install_cell(cell)]
    new = install_cell(url)
    if old and "".join(old[0]["source"]) == install_cell_source(url):
        new = old[0]  # keep its execution count and outputs
    cells.insert(first_code, new)
    if cells == notebook["cells"]:
        return False
    notebook["cells"] = cells
    nbformat.write(notebook, path)
    return True


def main(paths: list[str]) -> int:
    """Update each notebook given on the command line."""
    url = repository_url()
    for name in paths:
        if update(Path(name), url):
            print(f"updated the install cell of {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
