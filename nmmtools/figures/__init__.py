"""The book's figures, one function each, registered by id.

Import a chapter's functions from here, e.g.
``from nmmtools.figures import phase_portrait``; ``FIGURES`` maps each figure id to
its :class:`~nmmtools.figures.registry.FigureSpec`.
"""

from nmmtools.figures.bursting import (
    adaptation_bursting,
    error_against_delta,
    fast_slow,
    forced_bursting,
    prediction_scatter,
)
from nmmtools.figures.ellipses import deviation, heterogeneous_orbits, uncoupled_orbits
from nmmtools.figures.geometry import (
    bifurcations,
    circles,
    energy_loss,
    intervals,
    order_parameter,
    period_across_the_well,
    phase_plane,
)
from nmmtools.figures.hamiltonian import (
    energy_conservation,
    energy_landscape,
    landscape_frames,
    phase_portrait,
    potential_well,
    work_precision_diagram,
)
from nmmtools.figures.heterogeneity import energy_drift, rate_sign_map, strong_coupling
from nmmtools.figures.introduction import bistable_switch
from nmmtools.figures.landscapes import (
    basin_map,
    frozen_partner,
    maxent_landscape,
    noise_switching,
    reshaping,
    transitions,
)
from nmmtools.figures.network import finite_size, network_energy, network_ramp, network_step
from nmmtools.figures.registry import FIGURES, FigureResult, FigureSpec, register

__all__ = [
    "FIGURES",
    "FigureResult",
    "FigureSpec",
    "adaptation_bursting",
    "basin_map",
    "frozen_partner",
    "maxent_landscape",
    "noise_switching",
    "reshaping",
    "transitions",
    "bistable_switch",
    "error_against_delta",
    "fast_slow",
    "finite_size",
    "network_energy",
    "network_ramp",
    "network_step",
    "forced_bursting",
    "prediction_scatter",
    "deviation",
    "energy_drift",
    "heterogeneous_orbits",
    "rate_sign_map",
    "strong_coupling",
    "uncoupled_orbits",
    "bifurcations",
    "circles",
    "energy_loss",
    "intervals",
    "order_parameter",
    "period_across_the_well",
    "phase_plane",
    "energy_conservation",
    "energy_landscape",
    "landscape_frames",
    "phase_portrait",
    "potential_well",
    "work_precision_diagram",
    "register",
]
