"""Write the book's API page from the package's public names: ``python scripts/api_page.py book/api.md``.

``nmmtools.__all__`` gives the names and their order; each name goes into the section
of the module that defines it. The symbolic derivations and the figures are
documented by their modules' ``__all__``. A test checks that the committed page
equals what this writes.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import nmmtools
import nmmtools.figures
from nmmtools import symbolic
from nmmtools.figures.registry import FIGURES, in_book_order
from nmmtools.symbolic import coupling, ellipses, geometry, mpr

HEADER = """# API reference

The `nmmtools` package holds the logic of the book; the chapters call it. Everything
listed here is public (`nmmtools.__all__`), tested, and checked for bad input. This
page is generated from the package by `python scripts/api_page.py book/api.md`.

```python
import nmmtools
```
"""


SECTIONS = {
    "nmmtools.models": "Models and their equilibria",
    "nmmtools.stability": "Models and their equilibria",
    "nmmtools.hamiltonian": "The energy and its well",
    "nmmtools.inputs": "Inputs",
    "nmmtools.simulation": "Simulation",
    "nmmtools.errors": "Simulation",
    "nmmtools.integrators": "Simulation",
    "nmmtools.analysis.orbits": "Orbits, strong coupling and ellipses",
    "nmmtools.analysis.scaling": "Orbits, strong coupling and ellipses",
    "nmmtools.analysis.ellipses": "Orbits, strong coupling and ellipses",
    "nmmtools.analysis.complex_variable": "The complex variable, saddle-node curves and the phase plane",
    "nmmtools.analysis.bifurcations": "The complex variable, saddle-node curves and the phase plane",
    "nmmtools.analysis.phase_plane": "The complex variable, saddle-node curves and the phase plane",
    "nmmtools.analysis.bursting": "Bursting",
    "nmmtools.analysis.switching": "Switching and energy-landscape analysis",
    "nmmtools.analysis.maxent": "Switching and energy-landscape analysis",
    "nmmtools.analysis.landscape_analysis": "Switching and energy-landscape analysis",
    "nmmtools.analysis.frozen": "Switching and energy-landscape analysis",
    "nmmtools.analysis.network": "The spiking network against the mean field",
    "nmmtools.analysis.fits": "Fits",
    "nmmtools.analysis.work_precision": "Simulation",
}
"""The section of the API page for each module (or package) that defines public names."""


def section_of(name: str) -> str:
    """The section in which the public name ``name`` is documented."""
    module = getattr(nmmtools, name).__module__
    for prefix, title in SECTIONS.items():
        if module == prefix or module.startswith(prefix + "."):
            return title
    raise ValueError(f"nmmtools.{name} is defined in {module}, which has no section in SECTIONS")


def directive(name: str, target: object) -> list[str]:
    """The autodoc directive that documents ``target`` under ``name``."""
    if inspect.isclass(target) and issubclass(target, BaseException):
        return [f".. autoexception:: {name}"]
    if inspect.isclass(target):
        return [f".. autoclass:: {name}", "   :members:"]
    return [f".. autofunction:: {name}"]


def block(lines: list[str]) -> list[str]:
    """``lines`` inside an ``eval-rst`` fence."""
    return ["```{eval-rst}", *lines, "```", ""]


def api_markdown() -> str:
    """The MyST source of the API page."""
    lines = [HEADER]
    sections: dict[str, list[str]] = {}
    for name in nmmtools.__all__:
        sections.setdefault(section_of(name), []).append(name)
    for section, names in sections.items():
        body = [line for name in names for line in directive(f"nmmtools.{name}", getattr(nmmtools, name))]
        lines += [f"## {section}", "", *block(body)]
    lines += ["## Symbolic derivations", ""]
    modules = [symbolic, mpr, coupling, ellipses, geometry]
    lines += block([f".. automodule:: {module.__name__}\n   :members:" for module in modules])
    lines += ["## Figures", ""]
    registry = ".. automodule:: nmmtools.figures.registry\n   :members: FigureResult, FigureSpec, register"
    figures = [
        f".. autofunction:: nmmtools.figures.{spec.make.__name__}"
        for spec in in_book_order(list(FIGURES.values()))
    ]
    lines += block([".. automodule:: nmmtools.figures", "", registry, "", *figures])
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    """Write the page to the path given on the command line."""
    if len(argv) != 1:
        print("usage: python scripts/api_page.py book/api.md", file=sys.stderr)
        return 2
    Path(argv[0]).write_text(api_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
