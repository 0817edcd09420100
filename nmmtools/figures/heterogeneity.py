"""Figures of the chapter on heterogeneity and strong coupling."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import SymLogNorm

from nmmtools.analysis.fits import power_law
from nmmtools.analysis.scaling import scaled_energy_variation
from nmmtools.figures.registry import FigureResult, legend_below, new_figure, register
from nmmtools.hamiltonian import energy_grid, energy_rate, well
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import simulate


@register("heterogeneity-rate-map", title="Where the energy rises and falls", chapter="heterogeneity")
def rate_sign_map(
    *, delta: float = 1.0, eta: float = -5.0, J: float = 15.0, linthresh: float = 0.1
) -> FigureResult:
    """Sign and size of ``dH/dt`` over the ``(r, v)`` plane, with level sets of ``H``.

    Shows: regions where the energy rises and regions where it falls, separated by the zero contour.

    The colour scale is logarithmic in ``|dH/dt|`` above ``linthresh`` (linear below), so that the
    sign shows where the orbits run as well as near ``r = 0``, where ``dH/dt`` grows like ``1/r**2``.
    The level sets are those of the homogeneous energy inside its well and a few above its rim.

    Parameters
    ----------
    delta, eta, J : float
        Model parameters.
    linthresh : float
        Below this ``|dH/dt|`` the colour scale is linear.
    """
    model = MPR(delta=delta, eta=eta, J=J)
    rates, potentials = np.linspace(0.05, 2.2, 300), np.linspace(-2.5, 2.5, 300)
    grid_r, grid_v, grid_h = energy_grid(model, rates, potentials)
    rate = energy_rate(model, grid_r, grid_v)
    figure = new_figure(height=4.4)
    axes = figure.subplots()
    limit = float(np.max(np.abs(rate)))
    norm = SymLogNorm(linthresh=linthresh, vmin=-limit, vmax=limit, base=10)
    mesh = axes.pcolormesh(grid_r, grid_v, rate, cmap="RdBu_r", norm=norm, shading="auto")
    decades = 10.0 ** np.arange(np.ceil(np.log10(linthresh)), np.floor(np.log10(limit)) + 1)
    figure.colorbar(mesh, ax=axes, label="$dH/dt$", ticks=np.concatenate((-decades[::-1], [0.0], decades)))
    basin = well(model.homogeneous())
    levels = np.concatenate(
        (basin.level(np.array([0.1, 0.3, 0.5, 0.7, 0.9])), basin.U_rim + np.array([0.0, 1.0, 3.0]))
    )
    axes.contour(grid_r, grid_v, grid_h, levels=levels, colors="0.4", linewidths=0.6)
    axes.contour(grid_r, grid_v, rate, levels=[0.0], colors="k", linewidths=1.5)
    for point in fixed_points(model):
        axes.plot(point.r, point.v, "o", color="k", mfc="w")
    axes.set_xlabel("rate $r$")
    axes.set_ylabel("potential $v$")
    positive = float(np.mean(rate > 0))
    parameters = {"delta": delta, "eta": eta, "J": J, "linthresh": linthresh}
    return FigureResult(figure, {"fraction_positive": positive}, parameters)


@register(
    "heterogeneity-energy-drift", title="Fast motion on level sets, slow drift of H", chapter="heterogeneity"
)
def energy_drift(
    *,
    deltas: tuple[float, ...] = (0.1, 0.3, 1.0),
    eta: float = -5.0,
    J: float = 15.0,
    y0: tuple[float, float] = (1.2, 0.0),
    t_end: float = 20.0,
) -> FigureResult:
    """``r(t)``, ``v(t)`` and ``H(t)`` for several heterogeneities from one initial state.

    Shows: the energy falling over the run for every heterogeneity.

    ``largest_rise`` is how far ``H`` climbs above its start (within a turn it rises where
    ``dv/dt < 0``); ``final_energy`` is ``H`` at the end of the run.

    Parameters
    ----------
    deltas : tuple of float
        Heterogeneities, one curve each.
    eta, J : float
        Model parameters.
    y0 : (float, float)
        Initial state.
    t_end : float
        Length of the runs.
    """
    times = np.linspace(0.0, t_end, 4001)
    figure = new_figure(5.4, 5.4)
    axes = figure.subplots(3, 1, sharex=True)
    drops, rises, finals = {}, {}, {}
    for delta in deltas:
        run = simulate(MPR(delta=delta, eta=eta, J=J), y0, (0.0, t_end), t_eval=times)
        values = run.energy()
        label = f"$\\Delta$ = {delta:g}"
        axes[0].plot(run.t, run.r, lw=1, label=label)
        axes[1].plot(run.t, run.v, lw=1)
        axes[2].plot(run.t, values, lw=1.5)
        drops[f"{delta:g}"] = float(values[0] - values[-1])
        rises[f"{delta:g}"] = float(values.max() - values[0])
        finals[f"{delta:g}"] = float(values[-1])
    axes[0].set_ylabel("$r$")
    axes[1].set_ylabel("$v$")
    axes[2].set_ylabel("$H$")
    axes[2].set_xlabel("time $t$")
    legend_below(figure, ncols=3)
    return FigureResult(
        figure,
        {"energy_drop": drops, "largest_rise": rises, "final_energy": finals},
        {"deltas": deltas, "eta": eta, "J": J, "y0": y0, "t_end": t_end},
    )


@register(
    "heterogeneity-strong-coupling",
    title="Strong coupling: the energy varies like 1/J^2",
    chapter="heterogeneity",
)
def strong_coupling(
    *,
    couplings: tuple[float, ...] = (15.0, 30.0, 60.0, 120.0, 240.0),
    delta: float = 1.0,
    eta_at_15: float = -5.0,
    y0_at_15: tuple[float, float] = (1.2, 0.0),
    T: float = 15.0,
) -> FigureResult:
    """Variation of the scaled energy over a fixed scaled time against ``J``, log-log, with the fitted slope.

    Shows: the range of the scaled energy falling with J, with a fitted slope within 0.2 of -2.

    Parameters
    ----------
    couplings : tuple of float
        Values of ``J``.
    delta : float
        Heterogeneity (the same for every ``J``).
    eta_at_15 : float
        Excitability at ``J = 15``; it scales like ``J**2``.
    y0_at_15 : (float, float)
        Initial state at ``J = 15``, the same scaled state for every ``J``.
    T : float
        Length of the run in scaled time ``T = J t``.
    """
    variations = np.array(
        [
            scaled_energy_variation(
                MPR(delta=delta, eta=eta_at_15 * (J / 15.0) ** 2, J=J),
                (J / 15.0 * y0_at_15[0], J / 15.0 * y0_at_15[1]),
                T,
            )
            for J in couplings
        ]
    )
    fit = power_law(couplings, variations)
    slope = fit.slope
    figure = new_figure(5.0, 4.0)
    axes = figure.subplots()
    axes.loglog(couplings, variations, "o", color="C0", label="simulated")
    axes.loglog(couplings, fit(couplings), "-", color="C1", label=f"fit, slope {slope:.2f}")
    axes.loglog(
        couplings,
        variations[0] * (np.asarray(couplings) / couplings[0]) ** -2.0,
        ":",
        color="0.5",
        label="slope $-2$",
    )
    axes.set_xticks(couplings, [f"{coupling:g}" for coupling in couplings])
    axes.set_xlabel("coupling $J$")
    axes.set_ylabel("range of the scaled energy")
    legend_below(figure)
    numbers = {"variations": variations.tolist(), "slope": float(slope), "slope_error": fit.slope_error}
    parameters = {
        "couplings": couplings,
        "delta": delta,
        "eta_at_15": eta_at_15,
        "y0_at_15": y0_at_15,
        "T": T,
    }
    return FigureResult(figure, numbers, parameters)
