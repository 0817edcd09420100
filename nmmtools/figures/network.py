"""Figures of the chapter comparing a QIF network with the MPR mean field."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from nmmtools import inputs
from nmmtools.analysis.bifurcations import bistable_range
from nmmtools.analysis.fits import power_law
from nmmtools.analysis.network import energy_budget, paired_runs, rate_error, window_change
from nmmtools.figures.registry import FigureResult, legend_below, new_figure, register
from nmmtools.hamiltonian import energy, energy_grid, well
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.models.qif import QIFNetwork, simulate_network
from nmmtools.simulation import Run, simulate

DT = 1e-3
"""Time step of the network runs of the chapter."""

CHANGE_WINDOW = 50
"""Samples averaged at each end of a run to measure the change of its energy (finite-size noise)."""


def compare(network: Run, mean_field: Run, title: str) -> Figure:
    """Raster, rate and mean voltage of the network against the mean field."""
    figure = new_figure(5.4, 6.4)
    axes = figure.subplots(4, 1, sharex=True, height_ratios=(0.6, 1.2, 1.2, 1.2))
    axes[0].plot(network.t, network.inputs(), color="0.3")
    axes[0].set_ylabel("$I(t)$")
    axes[0].set_title(title)
    axes[1].plot(network.events["spike_times"], network.events["spike_neurons"], ",", color="k")
    axes[1].set_ylabel("neuron")
    axes[2].plot(network.t, network.r, color="C0", lw=0.6, label="QIF network")
    axes[2].plot(mean_field.t, mean_field.r, color="C3", lw=1.2, label="MPR mean field")
    axes[2].set_ylabel("$r$")
    legend_below(figure)
    axes[3].plot(network.t, network.v, color="C0", lw=0.6)
    axes[3].plot(mean_field.t, mean_field.v, color="C3", lw=1.2)
    axes[3].set_ylabel("$v$")
    axes[3].set_xlabel("time $t$")
    return figure


@register("network-step", title="QIF network against the mean field: a step of input", chapter="network")
def network_step(
    *,
    N: int = 2000,
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    pulse: tuple[float, float, float] = (10.0, 20.0, 3.0),
    t_end: float = 40.0,
    seed: int = 1,
) -> FigureResult:
    """Raster, ``r`` and ``v`` of ``N`` QIF neurons and of the MPR model, for a step of input.

    Shows: the network's mean rate in the high state within 5 % of the mean field's.

    Parameters
    ----------
    N : int
        Number of neurons.
    delta, eta, J : float
        Parameters shared by the network and the mean field.
    pulse : (start, duration, amplitude)
        The step of input (:func:`nmmtools.pulse`).
    t_end : float
        Length of the runs.
    seed : int
        Seed of the network's initial voltages.
    """
    start, duration, amplitude = pulse
    current = inputs.pulse(start=start, duration=duration, amplitude=amplitude)
    network, mean_field = paired_runs(
        QIFNetwork(N=N, delta=delta, eta=eta, J=J), t_end, DT, I=current, seed=seed, raster=200
    )
    figure = compare(network, mean_field, f"N = {N}, step input")
    high = (network.t > start + 10) & (network.t < start + duration)
    numbers = {
        "mean_rate_network": float(network.r[high].mean()),
        "mean_rate_mpr": float(mean_field.r[high].mean()),
    }
    return FigureResult(
        figure,
        numbers,
        {"N": N, "delta": delta, "eta": eta, "J": J, "pulse": pulse, "t_end": t_end, "seed": seed},
    )


@register("network-ramp", title="QIF network against the mean field: a slow ramp", chapter="network")
def network_ramp(
    *,
    N: int = 2000,
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    duration: float = 20.0,
    top: float = 4.0,
    seed: int = 1,
) -> FigureResult:
    """As :func:`network_step`, for an input that ramps up to ``top`` and back down over ``2 duration``.

    Shows: the network following the mean field along the ramp (RMS rate difference below 0.5).

    Parameters
    ----------
    N : int
        Number of neurons.
    delta, eta, J : float
        Shared parameters.
    duration, top : float
        The ramp.
    seed : int
        Seed of the network's initial voltages.
    """
    network, mean_field = paired_runs(
        QIFNetwork(N=N, delta=delta, eta=eta, J=J),
        2 * duration,
        DT,
        I=inputs.ramp(duration=duration, top=top),
        seed=seed,
        raster=200,
    )
    figure = compare(network, mean_field, f"N = {N}, ramp")
    # the folds in I: the input enters as eta + I, so they lie where eta + I leaves the bistable range
    bistable = bistable_range(delta, J)
    if bistable is None:
        raise ValueError(f"J must be above the cusp's coupling for delta = {delta:g}, got J = {J!r}")
    lower_fold, upper_fold = bistable[0] - eta, bistable[1] - eta
    for fold in (upper_fold, lower_fold):
        figure.axes[0].axhline(fold, color="C3", ls=":", lw=1.0)
    figure.axes[0].set_ylim(min(lower_fold, 0.0) - 0.5, top + 0.5)
    error = float(np.sqrt(np.mean((network.r - mean_field.r) ** 2)))
    halfway = 0.5 * (mean_field.r.min() + mean_field.r.max())  # the jump: the rate first crosses it
    jump, network_jump = int(np.argmax(mean_field.r > halfway)), int(np.argmax(network.r > halfway))
    return FigureResult(
        figure,
        {
            "rms_rate_difference": error,
            "upper_fold": upper_fold,
            "lower_fold": lower_fold,
            "jump_time": float(mean_field.t[jump]),
            "jump_input": float(mean_field.inputs()[jump]),
            "network_jump_time": float(network.t[network_jump]),
            "final_rates": {"network": float(network.r[-200:].mean()), "mean_field": float(mean_field.r[-1])},
        },
        {"N": N, "delta": delta, "eta": eta, "J": J, "duration": duration, "top": top, "seed": seed},
    )


@register("network-energy", title="The energy of a spiking network", chapter="network")
def network_energy(
    *,
    N: int = 10000,
    deltas: tuple[float, ...] = (0.1, 1.0),
    eta: float = -5.0,
    J: float = 15.0,
    start: tuple[float, float] = (1.3, 0.0),
    t_end: float = 8.0,
    smoothing: float = 0.1,
    seed: int = 1,
) -> FigureResult:
    """Network trajectories over level sets of ``H``, and the network's ``H`` in time against ``energy_rate``.

    Shows: the network's energy against the one energy_rate predicts, for each heterogeneity.

    Parameters
    ----------
    N : int
        Number of neurons.
    deltas : tuple of float
        Heterogeneities: a small one (near conservation) and a large one (drift).
    eta, J : float
        Shared parameters.
    start : (r0, v0)
        Initial state of the network and of the predicted energy.
    t_end : float
        Length of the runs.
    smoothing : float
        Width of the moving average applied to the network's ``r`` and ``v`` (finite-size noise).
    seed : int
        Seed of the network's initial voltages.
    """
    figure = new_figure(5.6, 3.6)
    plane, history = figure.subplots(1, 2)
    model = MPR(delta=0.0, eta=eta, J=J)
    grid_r, grid_v, grid_h = energy_grid(model, np.linspace(0.3, 2.0, 200), np.linspace(-1.5, 1.5, 200))
    plane.contour(grid_r, grid_v, grid_h, levels=30, colors="0.8", linewidths=0.5)
    bottom = well(model).bottom
    well_bottom = float(energy(model, bottom.r, bottom.v))
    numbers = {}
    for delta, color in zip(deltas, ("C0", "C3"), strict=False):
        run = simulate_network(
            QIFNetwork(N=N, delta=delta, eta=eta, J=J),
            (0.0, t_end),
            DT,
            seed=seed,
            initial=start,
            record_every=10,
        )
        budget = energy_budget(run, smoothing)
        plane.plot(budget.r, budget.v, lw=0.8, color=color, label=f"$\\Delta$ = {delta:g}")
        history.plot(budget.t, budget.measured, lw=0.8, color=color, label=f"network, $\\Delta$ = {delta:g}")
        history.plot(budget.t, budget.predicted, lw=1.0, ls="--", color=color)
        mpr = MPR(delta=delta, eta=eta, J=J)
        follow = simulate(mpr, (budget.r[0], budget.v[0]), (budget.t[0], budget.t[-1]), t_eval=budget.t)
        mean_field_energy = energy(model, follow.r, follow.v)
        history.plot(follow.t, mean_field_energy, lw=1.5, ls=":", color=color)
        measured, predicted = budget.change(CHANGE_WINDOW)
        later = budget.t >= budget.t[0] + 1.0
        numbers[f"{delta:g}"] = {
            "energy_change": measured,
            "predicted_change": predicted,
            "mean_field_change": window_change(mean_field_energy, CHANGE_WINDOW),
            "below_mean_field": float(np.mean(budget.measured[later] < mean_field_energy[later])),
            "predicted_end": float(budget.predicted[-1]),
            "mean_field_end": float(mean_field_energy[-1]),
            "well_bottom": well_bottom,
            "change_window": float(CHANGE_WINDOW * (budget.t[1] - budget.t[0])),
        }
    plane.set_xlabel("$r$")
    plane.set_ylabel("$v$")
    legend_below(figure, plane)
    history.axhline(well_bottom, color="0.5", lw=0.8)
    history.set_xlabel("time $t$")
    history.set_ylabel("$H$")
    return FigureResult(
        figure,
        {"energy": numbers},
        {"N": N, "deltas": deltas, "eta": eta, "J": J, "start": start, "t_end": t_end, "seed": seed},
    )


@register("network-finite-size", title="Finite-size scaling of the network's error", chapter="network")
def finite_size(
    *,
    sizes: tuple[int, ...] = (250, 500, 1000, 2000, 4000, 8000),
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    I: float = 3.0,  # noqa: E741
    t_end: float = 15.0,
    seed: int = 1,
) -> FigureResult:
    """RMS difference between the network's rate and the MPR fixed point against ``N``, with the slope.

    Shows: the network's rate fluctuations falling with N with a fitted slope within 0.1 of -1/2.

    Parameters
    ----------
    sizes : tuple of int
        Network sizes.
    delta, eta, J, I : float
        Parameters and constant input (the high-activity fixed point).
    t_end : float
        Length of each run; the first 5 time units are discarded.
    seed : int
        Seed of the initial voltages.
    """
    fixed = fixed_points(MPR(delta=delta, eta=eta, J=J), I=I)[-1]
    errors, biases = [], []
    for N in sizes:
        run = simulate_network(
            QIFNetwork(N=N, delta=delta, eta=eta, J=J),
            (0.0, t_end),
            DT,
            I=I,
            seed=seed,
            initial=(fixed.r, fixed.v),
        )
        rms, bias = rate_error(run, fixed.r, after=5.0)
        errors.append(rms)
        biases.append(bias)
    fit = power_law(sizes, errors)
    slope = fit.slope
    figure = new_figure(5.0, 4.2)
    axes = figure.subplots()
    axes.loglog(sizes, errors, "o", label="RMS difference of $r$")
    axes.loglog(sizes, fit(sizes), "-", label=f"fit, slope {slope:.2f}")
    axes.loglog(sizes, biases, "s", mfc="none", label="bias of the mean rate")
    axes.set_xlabel("number of neurons $N$")
    axes.set_ylabel("difference from the mean field")
    axes.set_xticks(sizes, [f"{size:g}" for size in sizes])
    legend_below(figure, ncols=1)
    numbers = {"rms": errors, "bias": biases, "slope": float(slope), "fixed_point_r": fixed.r}
    return FigureResult(
        figure,
        numbers,
        {"sizes": sizes, "delta": delta, "eta": eta, "J": J, "I": I, "t_end": t_end, "seed": seed},
    )
