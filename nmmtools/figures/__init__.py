"""The book's figures, one function each, registered by id.

Import a chapter's functions from here, e.g.
``from nmmtools.figures import phase_portrait``; ``FIGURES`` maps each figure id to
its :class:`~nmmtools.figures.registry.FigureSpec`.
"""

from nmmtools.figures.hamiltonian import (
    energy_conservation,
    energy_landscape,
    landscape_frames,
    phase_portrait,
    potential_well,
)
from nmmtools.figures.introduction import bistable_switch
from nmmtools.figures.registry import FIGURES, FigureResult, FigureSpec, register

__all__ = [
    "FIGURES",
    "FigureResult",
    "FigureSpec",
    "bistable_switch",
    "energy_conservation",
    "energy_landscape",
    "landscape_frames",
    "phase_portrait",
    "potential_well",
    "register",
]
