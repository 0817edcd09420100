"""nmmtools: helpers for the book on energy-like quantities of next-generation neural mass models.

``__all__`` below is the public API: the book's API page is generated from it.
The package is organised as

- :mod:`nmmtools.models`: one module per model, each stating its equations once;
- :mod:`nmmtools.hamiltonian`: the energy ``H``, its parts, its rate of change and its well;
- ``nmmtools.inputs``: external inputs (pulses, steps, ramps, sinusoids);
- :mod:`nmmtools.simulation`: :func:`simulate` and the one result type :class:`Run`,
  with the integrators in :mod:`nmmtools.integrators`;
- :mod:`nmmtools.analysis`: what the chapters compute from models and runs;
- :mod:`nmmtools.symbolic`: the sympy derivations;
- :mod:`nmmtools.figures`: the book's figures, which only draw.
"""

from importlib import metadata

from nmmtools.analysis.bifurcations import (
    bistable_range,
    cusp,
    cusp_at_coupling,
    equilibrium_count,
    saddle_node_curve,
    saddle_node_curve_at_coupling,
)
from nmmtools.analysis.bursting import (
    IntervalPrediction,
    Prediction,
    Spikes,
    burst_peaks,
    predict_amplitudes,
    predict_intervals,
)
from nmmtools.analysis.complex_variable import from_complex, kuramoto_order, to_complex
from nmmtools.analysis.ellipses import Ellipse, ellipse_deviation, fit_ellipse, uncoupled_ellipse
from nmmtools.analysis.fits import Fit, exponential, power_law
from nmmtools.analysis.frozen import (
    FrozenView,
    Relaxation,
    frozen_excitability,
    frozen_partner_views,
    frozen_relaxation,
)
from nmmtools.analysis.landscape_analysis import (
    FitAccuracy,
    LandscapeAnalysis,
    LandscapeValidation,
    analyse_landscape,
    fit_accuracy,
    stable_patterns,
    transition_counts,
    validate_landscape,
)
from nmmtools.analysis.maxent import (
    Disconnectivity,
    IsingModel,
    all_states,
    barrier_heights,
    binarize,
    descent_basins,
    disconnectivity,
    fit_ising,
    local_minima,
    pattern_index,
)
from nmmtools.analysis.network import EnergyBudget, energy_budget, paired_runs, rate_error
from nmmtools.analysis.orbits import (
    Turn,
    closed_orbit,
    crossing_period,
    energy_above_bottom,
    energy_loss_per_turn,
    level_set,
    measure_turn,
    period,
)
from nmmtools.analysis.phase_plane import (
    SaddleManifolds,
    potential_nullcline,
    rate_nullcline,
    saddle_manifolds,
)
from nmmtools.analysis.scaling import from_scaled, scaled, scaled_energy_variation, to_scaled
from nmmtools.analysis.switching import (
    ActionPath,
    ArrheniusFit,
    NoiseDwells,
    arrhenius_fit,
    basins,
    count_switches,
    dwell_times,
    dwells_by_noise,
    escape_action,
    minimum_action,
    pulse_outcomes,
    pulse_response,
    random_initial_states,
    switches,
    switching_threshold,
    winner,
    winner_labels,
    winner_state,
)
from nmmtools.analysis.work_precision import work_precision
from nmmtools.errors import SimulationError
from nmmtools.hamiltonian import (
    Well,
    energy,
    energy_grid,
    energy_rate,
    kinetic,
    potential,
    spike_amplitude,
    turning_points,
    well,
    well_threshold,
)
from nmmtools.inputs import pulse, pulse_train, ramp, sinusoid, step
from nmmtools.integrators.ivp import integrate
from nmmtools.models.adaptive import AdaptiveMPR
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.models.qif import QIFNetwork, simulate_network
from nmmtools.models.synaptic import SynapticMPR
from nmmtools.simulation import Run, simulate
from nmmtools.stability import FixedPoint, classify

try:
    __version__ = metadata.version("nmmtools")
except metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"

__all__ = [
    # Models and their equilibria
    "MPR",
    "AdaptiveMPR",
    "SynapticMPR",
    "MutualInhibition",
    "QIFNetwork",
    "fixed_points",
    "inhibition_fixed_points",
    "FixedPoint",
    "classify",
    # The energy and its well
    "energy",
    "kinetic",
    "potential",
    "energy_rate",
    "energy_grid",
    "well",
    "Well",
    "well_threshold",
    "turning_points",
    "spike_amplitude",
    # Inputs
    "pulse",
    "pulse_train",
    "step",
    "ramp",
    "sinusoid",
    # Simulation
    "simulate",
    "simulate_network",
    "Run",
    "SimulationError",
    "integrate",
    # Orbits, their periods and energy loss, strong coupling and ellipses
    "closed_orbit",
    "crossing_period",
    "energy_above_bottom",
    "scaled",
    "to_scaled",
    "from_scaled",
    "scaled_energy_variation",
    "fit_ellipse",
    "ellipse_deviation",
    "uncoupled_ellipse",
    "Ellipse",
    "level_set",
    "period",
    "energy_loss_per_turn",
    "measure_turn",
    "Turn",
    # The complex variable, saddle-node curves and the phase plane
    "to_complex",
    "from_complex",
    "kuramoto_order",
    "saddle_node_curve",
    "saddle_node_curve_at_coupling",
    "cusp",
    "cusp_at_coupling",
    "bistable_range",
    "equilibrium_count",
    "rate_nullcline",
    "potential_nullcline",
    "saddle_manifolds",
    "SaddleManifolds",
    # Bursting
    "burst_peaks",
    "Spikes",
    "predict_amplitudes",
    "Prediction",
    "predict_intervals",
    "IntervalPrediction",
    # Switching and energy-landscape analysis
    "winner",
    "winner_state",
    "pulse_outcomes",
    "switches",
    "switching_threshold",
    "pulse_response",
    "basins",
    "random_initial_states",
    "winner_labels",
    "dwell_times",
    "count_switches",
    "dwells_by_noise",
    "NoiseDwells",
    "arrhenius_fit",
    "ArrheniusFit",
    "minimum_action",
    "escape_action",
    "ActionPath",
    "frozen_excitability",
    "frozen_partner_views",
    "FrozenView",
    "frozen_relaxation",
    "Relaxation",
    "all_states",
    "binarize",
    "fit_ising",
    "IsingModel",
    "local_minima",
    "barrier_heights",
    "pattern_index",
    "descent_basins",
    "disconnectivity",
    "Disconnectivity",
    "fit_accuracy",
    "FitAccuracy",
    "transition_counts",
    "analyse_landscape",
    "LandscapeAnalysis",
    "stable_patterns",
    "validate_landscape",
    "LandscapeValidation",
    # The spiking network
    "paired_runs",
    "energy_budget",
    "EnergyBudget",
    "rate_error",
    # Fits
    "power_law",
    "exponential",
    "Fit",
    # Integrators compared
    "work_precision",
]
