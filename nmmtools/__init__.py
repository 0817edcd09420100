"""nmmtools: helpers for the book on energy-like quantities of next-generation neural mass models.

The public API:

- :class:`MPR` and :func:`fixed_points`: the Montbrió–Pazó–Roxin model and its equilibria.
- :func:`energy`, :func:`kinetic`, :func:`potential`, :func:`energy_rate`,
  :func:`energy_grid`: the energy-like quantity ``H(r, v)``.
- :func:`simulate`, :class:`Trajectory`, :class:`SimulationError`: integration in
  physical or rescaled time.
- :class:`FixedPoint`, :func:`classify`: linear stability.
- :mod:`nmmtools.symbolic`: the sympy derivation of ``H``.
"""

from nmmtools.energy import energy, energy_grid, energy_rate, kinetic, potential
from nmmtools.integrate import SimulationError, integrate
from nmmtools.mpr import MPR, fixed_points
from nmmtools.simulate import Trajectory, simulate
from nmmtools.stability import FixedPoint, classify

__version__ = "0.1.0"

__all__ = [
    "MPR",
    "FixedPoint",
    "SimulationError",
    "Trajectory",
    "classify",
    "energy",
    "energy_grid",
    "energy_rate",
    "fixed_points",
    "integrate",
    "kinetic",
    "potential",
    "simulate",
]
