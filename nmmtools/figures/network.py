"""Figures of the chapter comparing a QIF network with the MPR mean field."""

from __future__ import annotations

import numpy as np

from nmmtools.energy import energy, energy_grid, energy_rate
from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.mpr import MPR, fixed_points
from nmmtools.qif import NetworkRun, QIFNetwork, simulate_network
from nmmtools.simulate import simulate

DT = 1e-3
"""Time step of the network runs of the chapter."""


def step_input(start: float, end: float, amplitude: float):
    """``I(t) = amplitude`` for ``start <= t < end``, else 0."""
    return lambda t: amplitude if start <= t < end else 0.0


def ramp_input(duration: float, top: float):
    """``I(t)`` rising linearly from 0 to ``top`` over ``duration``, then back to 0 over ``duration``."""
    return lambda t: top * (t / duration if t < duration else max(0.0, 2.0 - t / duration))


def paired_runs(
    N: int, delta: float, eta: float, J: float, current, t_end: float, seed: int
) -> tuple[NetworkRun, object]:
    """The network and the MPR model with the same parameters, input and initial state (the low state)."""
    model = MPR(delta=delta, eta=eta, J=J)
    start = fixed_points(model)[0]
    network = simulate_network(
        QIFNetwork(N=N, delta=delta, eta=eta, J=J),
        (0.0, t_end),
        DT,
        I=current,
        seed=seed,
        initial=(start.r, start.v),
        raster=200,
    )
    mean_field = simulate(model, start.state, (0.0, t_end), t_eval=network.t, I=current, max_step=0.05)
    return network, mean_field


def compare(network: NetworkRun, mean_field, current, title: str) -> object:
    """Raster, rate and mean voltage of the network against the mean field."""
    figure = new_figure(6.4, 6.0)
    axes = figure.subplots(4, 1, sharex=True, height_ratios=(0.6, 1.2, 1.2, 1.2))
    axes[0].plot(network.t, [current(t) for t in network.t], color="0.3")
    axes[0].set_ylabel("$I(t)$")
    axes[0].set_title(title, fontsize=9)
    axes[1].plot(network.raster_times, network.raster_neurons, ",", color="k")
    axes[1].set_ylabel("neuron")
    axes[2].plot(network.t, network.r, color="C0", lw=0.6, label="QIF network")
    axes[2].plot(mean_field.t, mean_field.r, color="C3", lw=1.2, label="MPR mean field")
    axes[2].set_ylabel("$r$")
    axes[2].legend(loc="upper right", fontsize=7)
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
    pulse: tuple[float, float, float] = (10.0, 30.0, 3.0),
    t_end: float = 40.0,
    seed: int = 1,
) -> FigureResult:
    """Raster, ``r`` and ``v`` of ``N`` QIF neurons and of the MPR model, for a step of input.

    Parameters
    ----------
    N : int
        Number of neurons.
    delta, eta, J : float
        Parameters shared by the network and the mean field.
    pulse : (start, end, amplitude)
        The step of input.
    t_end : float
        Length of the runs.
    seed : int
        Seed of the network's initial voltages.
    """
    current = step_input(*pulse)
    network, mean_field = paired_runs(N, delta, eta, J, current, t_end, seed)
    figure = compare(network, mean_field, current, f"N = {N}, step input")
    high = (network.t > pulse[0] + 10) & (network.t < pulse[1])
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
    current = ramp_input(duration, top)
    network, mean_field = paired_runs(N, delta, eta, J, current, 2 * duration, seed)
    figure = compare(network, mean_field, current, f"N = {N}, slow ramp")
    error = float(np.sqrt(np.mean((network.r - mean_field.r) ** 2)))
    return FigureResult(
        figure,
        {"rms_rate_difference": error},
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
    figure = new_figure(7.6, 3.6)
    plane, history = figure.subplots(1, 2)
    model = MPR(delta=0.0, eta=eta, J=J)
    grid_r, grid_v, grid_h = energy_grid(model, np.linspace(0.3, 2.0, 200), np.linspace(-1.5, 1.5, 200))
    plane.contour(grid_r, grid_v, grid_h, levels=30, colors="0.8", linewidths=0.5)
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
        width = max(1, int(round(smoothing / (run.t[1] - run.t[0]))))
        kernel = np.ones(width) / width
        keep = slice(width, -width)  # drop the edges of the moving average and the empty first window
        t, r, v = (
            run.t[keep],
            np.convolve(run.r, kernel, "same")[keep],
            np.convolve(run.v, kernel, "same")[keep],
        )
        plane.plot(r, v, lw=0.8, color=color, label=f"$\\Delta$ = {delta:g}")
        measured = energy(model, r, v)
        rates = energy_rate(MPR(delta=delta, eta=eta, J=J), r, v)
        predicted = measured[0] + np.concatenate(
            ([0.0], np.cumsum(0.5 * (rates[1:] + rates[:-1]) * np.diff(t)))
        )
        history.plot(t, measured, lw=0.8, color=color, label=f"network, $\\Delta$ = {delta:g}")
        history.plot(t, predicted, lw=1.5, ls="--", color=color)
        numbers[f"{delta:g}"] = {
            "energy_change": float(measured[-50:].mean() - measured[:50].mean()),
            "predicted_change": float(predicted[-50:].mean() - predicted[:50].mean()),
        }
    plane.set_xlabel("$r$")
    plane.set_ylabel("$v$")
    plane.legend(fontsize=7)
    history.set_xlabel("time $t$")
    history.set_ylabel("$H$ (dashed: from energy_rate)")
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
        late = run.t > 5.0
        errors.append(float(np.sqrt(np.mean((run.r[late] - fixed.r) ** 2))))
        biases.append(float(abs(run.r[late].mean() - fixed.r)))
    slope, intercept = np.polyfit(np.log(sizes), np.log(errors), 1)
    figure = new_figure(5.0, 3.8)
    axes = figure.subplots()
    axes.loglog(sizes, errors, "o", label="RMS difference of $r$")
    axes.loglog(
        sizes,
        np.exp(intercept) * np.asarray(sizes, dtype=float) ** slope,
        "-",
        label=f"fit, slope {slope:.2f}",
    )
    axes.loglog(sizes, biases, "s", mfc="none", label="bias of the mean rate")
    axes.set_xlabel("number of neurons $N$")
    axes.set_ylabel("difference from the mean field")
    axes.legend(fontsize=8)
    numbers = {"rms": errors, "bias": biases, "slope": float(slope), "fixed_point_r": fixed.r}
    return FigureResult(
        figure,
        numbers,
        {"sizes": sizes, "delta": delta, "eta": eta, "J": J, "I": I, "t_end": t_end, "seed": seed},
    )
