"""Figures of the chapter on near-ellipsoidal orbits."""

from __future__ import annotations

import numpy as np

from nmmtools.analysis.ellipses import ellipse_deviation, fit_ellipse, uncoupled_ellipse
from nmmtools.analysis.orbits import closed_orbit
from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.hamiltonian import energy, energy_grid, well
from nmmtools.models.mpr import MPR
from nmmtools.models.synaptic import SynapticMPR
from nmmtools.simulation import simulate


@register("ellipses-uncoupled", title="For J = 0 the orbits are exact ellipses", chapter="ellipses")
def uncoupled_orbits(*, eta: float = 1.0, amplitudes: tuple[float, ...] = (1.2, 1.6, 2.2)) -> FigureResult:
    """Simulated ``J = 0`` orbits over the ellipses derived with sympy.

    Shows: simulated orbits on the derived ellipses, to the integrator's accuracy (residual below 1e-8).

    Parameters
    ----------
    eta : float
        Excitability, ``> 0`` (for ``J = 0`` there is a centre only then).
    amplitudes : tuple of float
        Right turning points, in units of the centre's rate.
    """
    figure = new_figure(5.6, 4.0)
    axes = figure.subplots()
    residuals = []
    model = MPR(delta=0.0, eta=eta, J=0.0)
    centre = well(model).bottom.r
    for index, amplitude in enumerate(amplitudes):
        r, v = closed_orbit(model, amplitude * centre)
        ellipse = uncoupled_ellipse(eta, float(energy(model, r[0], v[0])))
        residuals.append(float(np.max(np.abs(ellipse.radius(r, v) - 1.0))))
        axes.plot(
            *ellipse.points(),
            color="C1",
            lw=3,
            alpha=0.5,
            label="level set derived by sympy" if index == 0 else None,
        )
        axes.plot(r[::40], v[::40], "o", ms=3, color="C0", label="simulated orbit" if index == 0 else None)
    axes.set_xlabel("rate $r$")
    axes.set_ylabel("potential $v$")
    axes.legend()
    # the orbits are integrated at rtol 1e-11: the residual is the integrator's error
    return FigureResult(
        figure,
        {"max_relative_residual": max(residuals)},
        {"eta": eta, "amplitudes": amplitudes},
        bounds={"max_relative_residual": 1e-8},
    )


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

    Parameters
    ----------
    eta : float
        Excitability (``> 0``: a centre for every ``J >= 0``, no saddle).
    couplings : tuple of float
        Values of ``J`` for the left panel, at the fixed ``amplitude``.
    amplitude : float
        Right turning point in units of the centre's rate, left panel.
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
    figure = new_figure(7.2, 3.4)
    left, right = figure.subplots(1, 2)
    left.semilogy(couplings, np.maximum(against_coupling, 1e-16), "o-")
    left.set_xlabel("coupling $J$")
    left.set_ylabel("deviation from ellipse")
    left.set_title(f"amplitude {amplitude:g} $r^*$", fontsize=9)
    right.loglog(np.asarray(amplitudes) - 1.0, against_amplitude, "o-", color="C1")
    right.set_xlabel("amplitude $r_{max}/r^* - 1$")
    right.set_title(f"$J$ = {J:g}", fontsize=9)
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
    t_end: float = 100.0,
) -> FigureResult:
    """Left: a damped spiral of the single population. Right: the limit cycle of the MPR model with synapses.

    Shows: the single population spiralling in, and a limit cycle within 5 % of an ellipse.

    Both drawn over level sets of ``H``. For the synaptic model the recurrent
    input ``J s`` enters like an input: folded into ``eta`` (at its mean over the
    cycle for the drawn level sets, at its current value for the energy along
    the cycle), with no coupling through ``r``, so the level sets are the
    ellipses of ``J = 0``.

    Parameters
    ----------
    delta, eta, J : float
        The single population.
    y0 : (float, float)
        Its initial state.
    synaptic : (delta, eta, J, tau_s)
        Parameters of :class:`nmmtools.SynapticMPR`.
    t_end : float
        Length of the synaptic run; its second half is taken as the cycle.
    """
    figure = new_figure(7.6, 3.6)
    left, right = figure.subplots(1, 2)
    model = MPR(delta=delta, eta=eta, J=J)
    spiral = simulate(model, y0, (0.0, 15.0), t_eval=np.linspace(0.0, 15.0, 3001))
    grid_r, grid_v, grid_h = energy_grid(model, np.linspace(0.3, 1.8, 200), np.linspace(-1.2, 1.2, 200))
    left.contour(grid_r, grid_v, grid_h, levels=30, colors="0.75", linewidths=0.5)
    left.plot(spiral.r, spiral.v, color="C0", lw=1)
    left.set_title(f"MPR, $\\Delta$ = {delta:g}", fontsize=9)
    left.set_xlabel("$r$")
    left.set_ylabel("$v$")

    oscillator = SynapticMPR(*synaptic)
    run = simulate(oscillator, (0.5, 0.0, 0.5), (0.0, t_end), t_eval=np.linspace(0.0, t_end, 20001))
    cycle = slice(run.t.size // 2, None)
    r, v, s = run.r[cycle], run.v[cycle], run.s[cycle]
    frozen = MPR(delta=0.0, eta=oscillator.eta + oscillator.J * float(s.mean()), J=0.0)
    values = energy(frozen, r, v)
    current = run.energy()[cycle]  # H with the synaptic drive of each instant folded into eta
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
    right.set_title("MPR with synapses: limit cycle", fontsize=9)
    right.set_xlabel("$r$")
    numbers = {
        "cycle_deviation_from_ellipse": ellipse_deviation(r, v),
        "cycle_energy_relative_range": float((current.max() - current.min()) / abs(current.mean())),
        "cycle_frozen_energy_relative_range": float((values.max() - values.min()) / abs(values.mean())),
        "cycle_r_range": [float(r.min()), float(r.max())],
        "fit_centre": list(fit_ellipse(r, v).centre),
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "y0": y0, "synaptic": synaptic, "t_end": t_end}
    return FigureResult(figure, numbers, parameters)
