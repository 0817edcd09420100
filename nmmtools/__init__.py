"""nmmtools: helpers for the book on energy-like quantities of next-generation neural mass models.

The public API:

- :class:`MPR` and :func:`fixed_points`: the Montbrió–Pazó–Roxin model and its equilibria.
- :func:`energy`, :func:`kinetic`, :func:`potential`, :func:`energy_rate`,
  :func:`energy_grid`: the energy-like quantity ``H(r, v)``.
- :func:`simulate`, :class:`Trajectory`, :class:`SimulationError`: integration in
  physical or rescaled time.
- :class:`FixedPoint`, :func:`classify`: linear stability.
- :func:`scaled`: the strong-coupling scaling; :func:`fit_ellipse`, :func:`ellipse_deviation`.
- :class:`SynapticMPR`, :func:`simulate_synaptic`: the MPR model with first-order synapses.
- :mod:`nmmtools.symbolic`, :mod:`nmmtools.symbolic_scaling`: the sympy derivations.
"""

from nmmtools.bursting import (
    AdaptiveMPR,
    burst_peaks,
    predict_amplitudes,
    simulate_adaptation,
    spike_amplitude,
    turning_points,
)
from nmmtools.ellipse import Ellipse, ellipse_deviation, fit_ellipse
from nmmtools.energy import energy, energy_grid, energy_rate, kinetic, potential
from nmmtools.inhibition import (
    MutualInhibition,
    inhibition_fixed_points,
    simulate_inhibition,
    switching_threshold,
)
from nmmtools.integrate import SimulationError, integrate
from nmmtools.mpr import MPR, fixed_points
from nmmtools.qif import NetworkRun, QIFNetwork, simulate_network
from nmmtools.scaling import scaled
from nmmtools.simulate import Trajectory, simulate
from nmmtools.stability import FixedPoint, classify
from nmmtools.synaptic import SynapticMPR, simulate_synaptic

__version__ = "0.1.0"

__all__ = [
    "MPR",
    "MutualInhibition",
    "NetworkRun",
    "QIFNetwork",
    "AdaptiveMPR",
    "Ellipse",
    "SynapticMPR",
    "FixedPoint",
    "SimulationError",
    "Trajectory",
    "burst_peaks",
    "classify",
    "ellipse_deviation",
    "fit_ellipse",
    "energy",
    "energy_grid",
    "energy_rate",
    "fixed_points",
    "inhibition_fixed_points",
    "integrate",
    "kinetic",
    "potential",
    "predict_amplitudes",
    "scaled",
    "simulate",
    "simulate_adaptation",
    "simulate_inhibition",
    "simulate_network",
    "simulate_synaptic",
    "spike_amplitude",
    "turning_points",
    "switching_threshold",
]
