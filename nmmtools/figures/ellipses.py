"""Figures of the chapter on near-ellipsoidal orbits."""

from __future__ import annotations

import numpy as np

from nmmtools.analysis.ellipses import ellipse_deviation, fit_ellipse, uncoupled_ellipse
from nmmtools.analysis.orbits import closed_orbit, energy_above_bottom
from nmmtools.figures.registry import FigureResult, legend_below, new_figure, register
from nmmtools.hamiltonian import energy, energy_grid, well
from nmmtools.models.mpr import MPR
from nmmtools.models.synaptic import SynapticMPR
from nmmtools.simulation import simulate


@register("ellipses-uncoupled", title="For J = 0 the orbits are exact ellipses", chapter="ellipses")
def uncoupled_orbits(*, eta: float = 1.0, amplitudes: tuple[float, ...] = (1.2, 1.6, 2.2)) -> FigureResult:
    """Simulated ``J = 0`` orbits over the ellipses derived with sympy.

    Shows: simulated orbits on the derived ellipses, to the integrator's accuracy (residual below 1e-8),
    drawn at equal scales in ``r`` and ``v``, so that the semi-axes ``a_v = pi a_r`` read off the picture
    (``v`` horizontal, so that the tall ellipses fit a wide figure).

    Parameters
    ----------
    eta : float
        Excitability, ``> 0`` (for ``J = 0`` there is a centre only then).
    amplitudes : tuple of float
        Right turning points, in units of the centre's rate.
    """
    figure = new_figure(5.6, 2.9)
    axes = figure.subplots()
    residuals = []
    model = MPR(delta=0.0, eta=eta, J=0.0)
    centre = well(model).bottom.r
    for index, amplitude in enumerate(amplitudes):
        r, v = closed_orbit(model, amplitude * centre)
        ellipse = uncoupled_ellipse(eta, float(energy(model, r[0], v[0])))
        residuals.append(float(np.max(np.abs(ellipse.radius(r, v) - 1.0))))
        ellipse_r, ellipse_v = ellipse.points()
        axes.plot(
            ellipse_v,
            ellipse_r,
            color="C1",
            lw=3,
            alpha=0.5,
            label="level set derived by sympy" if index == 0 else None,
        )
        axes.plot(v[::40], r[::40], "o", ms=3, color="C0", label="simulated orbit" if index == 0 else None)
    axes.set_aspect("equal")  # one unit of r is as long as one unit of v: the ratio pi reads off
    axes.set_xlabel("mean membrane potential $v$")
    axes.set_ylabel("rate $r$")
    legend_below(figure)
    # the orbits are integrated at rtol 1e-11: the residual is the integrator's error
    return FigureResult(
        figure,
        {"max_relative_residual": max(residuals)},
        {"eta": eta, "amplitudes": amplitudes},
        bounds={"max_relative_residual": 1e-8},
    )


INTEGRATOR_FLOOR = 1e-8
"""Deviations from an ellipse below this are the integrator's error (closed orbits at rtol 1e-11)."""


@register("ellipses-deviation", title="How far orbits are from ellipses", chapter="ellipses")
def deviation(
    *,
    eta: float = 1.0,
    couplings: tuple[float, ...] = (0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0),
    amplitude: float = 1.5,
    J: float = 15.0,
    amplitudes: tuple[float, ...] = (1.05, 1.1, 1.2, 1.5, 2.0, 3.0),
) -> FigureResult:
    """Deviation of closed orbits from their fitted ellipses, against ``J`` and against amplitude.

    Shows: the deviation from the fitted ellipse growing with the coupling and with the amplitude.

    The amplitude of an orbit is ``r_max / r* - 1`` in both panels, where ``r_max`` is its right
    turning point and ``r*`` the centre's rate; the panels share their deviation axis.

    Parameters
    ----------
    eta : float
        Excitability (``> 0``: a centre for every ``J >= 0``, no saddle).
    couplings : tuple of float
        Values of ``J`` for the left panel, at the fixed ``amplitude``.
    amplitude : float
        Right turning point in units of the centre's rate (``r_max / r*``), left panel.
    J : float
        Coupling of the right panel.
    amplitudes : tuple of float
        Right turning points of the right panel.
    """
    against_coupling = []
    for coupling in couplings:
        model = MPR(delta=0.0, eta=eta, J=coupling)
        against_coupling.append(ellipse_deviation(*closed_orbit(model, amplitude * well(model).bottom.r)))
    model = MPR(delta=0.0, eta=eta, J=J)
    centre = well(model).bottom.r
    against_amplitude = [ellipse_deviation(*closed_orbit(model, a * centre)) for a in amplitudes]
    figure = new_figure(5.6, 3.4)
    left, right = figure.subplots(1, 2, sharey=True)
    # closed orbits are integrated at rtol 1e-11: a deviation below INTEGRATOR_FLOOR is the
    # integrator's error, whose digits change with the floating-point path; it is drawn at the floor
    left.semilogy(couplings, np.maximum(against_coupling, INTEGRATOR_FLOOR), "o-")
    left.axhspan(INTEGRATOR_FLOOR / 10, INTEGRATOR_FLOOR, color="0.9", zorder=0)
    left.text(couplings[-1], INTEGRATOR_FLOOR / 3, "integrator error", ha="right", va="center", color="0.35")
    left.set_xlabel("coupling $J$")
    left.set_ylabel("deviation from ellipse")
    left.set_title(f"$r_{{max}}/r^* - 1$ = {amplitude - 1.0:g}")
    right.loglog(np.asarray(amplitudes) - 1.0, against_amplitude, "o-", color="C1")
    right.set_xlabel("amplitude $r_{max}/r^* - 1$")
    right.set_title(f"$J$ = {J:g}")
    left.set_ylim(INTEGRATOR_FLOOR / 10, 2.0 * max(*against_coupling, *against_amplitude))  # shared
    numbers = {"against_coupling": against_coupling, "against_amplitude": against_amplitude}
    parameters = {
        "eta": eta,
        "couplings": couplings,
        "amplitude": amplitude,
        "J": J,
        "amplitudes": amplitudes,
    }
    return FigureResult(figure, numbers, parameters)


@register(
    "ellipses-heterogeneous", title="Damped spirals and limit cycles over level sets of H", chapter="ellipses"
)
def heterogeneous_orbits(
    *,
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    y0: tuple[float, float] = (1.3, 0.0),
    synaptic: tuple[float, float, float, float] = (0.3, 20.0, -10.0, 2.0),
    transient: float = 300.0,
    window: float = 10.0,
) -> FigureResult:
    """Left: a damped spiral of the single population. Right: the limit cycle of the MPR model with synapses.

    Shows: the single population spiralling in, and a limit cycle within 5 % of an ellipse.

    Both drawn over level sets of ``H``. The cycle is measured after a ``transient`` long enough
    for it to have converged (doubling it changes none of the numbers' first three digits), over
    a ``window`` of several periods. For the synaptic model the recurrent
    input ``J s`` enters like an input: folded into ``eta`` (at its mean over the
    cycle for the drawn level sets, at its current value for the energy along
    the cycle), with no coupling through ``r``, so the level sets are the
    ellipses of ``J = 0``.

    The numbers: ``cycle_deviation_from_ellipse`` (:func:`nmmtools.ellipse_deviation`);
    the relative ranges ``(max - min) / mean`` over the cycle of the energy above the bottom
    of the well, with the synaptic input of each instant folded into ``eta``
    (``cycle_height_relative_range``) or with it frozen at its mean over the cycle
    (``cycle_frozen_height_relative_range``); the ranges of ``s`` and of ``eta + J s``.

    Parameters
    ----------
    delta, eta, J : float
        The single population.
    y0 : (float, float)
        Its initial state.
    synaptic : (delta, eta, J, tau_s)
        Parameters of :class:`nmmtools.SynapticMPR`.
    transient : float
        Time discarded before the synaptic run is taken as the cycle.
    window : float
        Length of the stretch after the transient taken as the cycle.
    """
    figure = new_figure(5.6, 3.4)
    left, right = figure.subplots(1, 2)
    model = MPR(delta=delta, eta=eta, J=J)
    spiral = simulate(model, y0, (0.0, 15.0), t_eval=np.linspace(0.0, 15.0, 3001))
    grid_r, grid_v, grid_h = energy_grid(model, np.linspace(0.3, 1.8, 200), np.linspace(-1.2, 1.2, 200))
    left.contour(grid_r, grid_v, grid_h, levels=30, colors="0.75", linewidths=0.5)
    left.plot(spiral.r, spiral.v, color="C0", lw=1)
    left.set_title(f"MPR, $\\Delta$ = {delta:g}")
    left.set_xlabel("$r$")
    left.set_ylabel("$v$")

    oscillator = SynapticMPR(*synaptic)
    t_end = transient + window
    run = simulate(oscillator, (0.5, 0.0, 0.5), (0.0, t_end), t_eval=np.linspace(transient, t_end, 8001))
    r, v, s = run.r, run.v, run.s  # sampled after the transient only: the converged cycle
    frozen = MPR(delta=0.0, eta=oscillator.eta + oscillator.J * float(s.mean()), J=0.0)
    values = energy(frozen, r, v)
    # heights above the bottom of the well (H is defined up to a constant): with the synaptic
    # drive of each instant folded into eta, and with the drive frozen at its mean
    height = energy_above_bottom(run, every=10)
    frozen_height = values - well(frozen).U_bottom
    grid_r, grid_v, grid_h = energy_grid(
        frozen, np.linspace(0.05, 1.1 * r.max(), 200), np.linspace(1.3 * v.min(), 1.3 * v.max(), 200)
    )
    right.contour(
        grid_r,
        grid_v,
        grid_h,
        levels=np.linspace(values.min() * 0.7, values.max() * 1.3, 12),
        colors="0.75",
        linewidths=0.5,
    )
    right.plot(r, v, color="C3", lw=1.2)
    right.set_title("with synapses: cycle")
    right.set_xlabel("$r$")
    numbers = {
        "cycle_deviation_from_ellipse": ellipse_deviation(r, v),
        "cycle_height_relative_range": float(np.ptp(height) / height.mean()),
        "cycle_frozen_height_relative_range": float(np.ptp(frozen_height) / frozen_height.mean()),
        "cycle_r_range": [float(r.min()), float(r.max())],
        "cycle_s_range": [float(s.min()), float(s.max())],
        "cycle_eta_range": sorted(
            float(oscillator.eta + oscillator.J * value) for value in (s.min(), s.max())
        ),
        "fit_centre": list(fit_ellipse(r, v).centre),
    }
    parameters = {
        "delta": delta,
        "eta": eta,
        "J": J,
        "y0": y0,
        "synaptic": synaptic,
        "transient": transient,
        "window": window,
    }
    return FigureResult(figure, numbers, parameters)
