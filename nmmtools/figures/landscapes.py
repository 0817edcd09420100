"""Figures of the chapter on energy landscapes, mutual inhibition and transitions."""

from __future__ import annotations

import numpy as np

from nmmtools.analysis.fits import exponential
from nmmtools.analysis.maxent import all_states, barrier_heights, binarize, fit_ising, local_minima
from nmmtools.analysis.switching import MAX_STEP, basins, dwell_times, winner_state
from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.hamiltonian import potential
from nmmtools.inputs import pulse
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.models.mpr import MPR
from nmmtools.simulation import simulate


@register(
    "landscapes-basins",
    title="Stable states, saddles and basins of two inhibiting populations",
    chapter="landscapes",
)
def basin_map(
    *, delta: float = 1.0, eta: float = -3.0, J: float = 15.0, Jc: float = 10.0, points: int = 60
) -> FigureResult:
    """Basins of attraction over the initial rates ``(r1, r2)``, with all equilibria.

    Shows: three stable states (and two saddles), with the basin of each.

    Parameters
    ----------
    delta, eta, J, Jc : float
        Parameters of :class:`nmmtools.MutualInhibition`.
    points : int
        Grid points per axis.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    rates = np.geomspace(0.02, 2.0, points)
    labels, stable = basins(model, rates)
    figure = new_figure(5.2, 4.6)
    axes = figure.subplots()
    axes.pcolormesh(rates, rates, labels, cmap="Pastel1", shading="auto", vmin=-1, vmax=8)
    axes.contour(rates, rates, labels, levels=np.arange(len(stable)) + 0.5, colors="k", linewidths=1.0)
    equilibria = inhibition_fixed_points(model)
    for point in equilibria:
        style = ("o", "k") if point.stable else ("x", "C3")
        axes.plot(point.state[0], point.state[2], style[0], color=style[1], ms=7)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("initial $r_1$")
    axes.set_ylabel("initial $r_2$")
    axes.set_title(
        "basins (colours), separatrix (black), stable states (dots), saddles (crosses)", fontsize=8
    )
    numbers = {
        "equilibria": [
            [round(float(x), 4) for x in point.state[0::2]] + [point.kind] for point in equilibria
        ],
        "basin_fractions": [float(np.mean(labels == index)) for index in range(len(stable))],
    }
    return FigureResult(figure, numbers, {"delta": delta, "eta": eta, "J": J, "Jc": Jc, "points": points})


@register(
    "landscapes-reshaping", title="A stimulus reshapes the landscape and moves the ball", chapter="landscapes"
)
def reshaping(
    *,
    delta: float = 1.0,
    eta: float = -3.0,
    J: float = 15.0,
    Jc: float = 10.0,
    amplitude: float = 15.0,
    duration: float = 5.0,
) -> FigureResult:
    """Each population's potential, with the other's inhibition folded in, before, during and after a pulse.

    Shows: the winner and loser swapping under the pulse.

    Parameters
    ----------
    delta, eta, J, Jc : float
        Model parameters.
    amplitude, duration : float
        The pulse into population 2 (the low one), starting at ``t = 1``.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    drive = pulse(start=1.0, duration=duration, amplitude=amplitude)
    run = simulate(
        model,
        winner_state(model, 0),
        (0.0, 40.0),
        I=[0.0, drive],
        t_eval=np.linspace(0.0, 40.0, 4001),
        max_step=MAX_STEP,
    )
    moments = {"before": 0.5, "during": 1.0 + 0.8 * duration, "after": 40.0}
    rates = np.geomspace(0.02, 2.5, 400)
    figure = new_figure(7.6, 4.6)
    axes = figure.subplots(2, 3, sharex=True)
    balls = {}
    for column, (label, moment) in enumerate(moments.items()):
        index = int(np.argmin(np.abs(run.t - moment)))
        r = run.r[:, index]
        for k in range(2):
            current = drive(moment) if k == 1 else 0.0
            landscape = MPR(delta=0.0, eta=eta - Jc * r[1 - k], J=J)
            values = potential(landscape, rates, current)
            axes[k, column].plot(rates, values, color="k")
            ball = float(potential(landscape, r[k], current))
            axes[k, column].plot(r[k], ball, "o", color="C3", ms=8)
            axes[k, column].set_ylim(np.min(values) - 2, np.min(values) + 25)
            balls[f"{label} r{k + 1}"] = round(float(r[k]), 3)
        axes[0, column].set_title(f"{label} (t = {moment:g})", fontsize=9)
    axes[0, 0].set_ylabel("$U_1(r_1)$")
    axes[1, 0].set_ylabel("$U_2(r_2)$")
    for column in range(3):
        axes[1, column].set_xscale("log")
        axes[1, column].set_xlabel("$r$")
    return FigureResult(
        figure,
        {"rates": balls},
        {"delta": delta, "eta": eta, "J": J, "Jc": Jc, "amplitude": amplitude, "duration": duration},
    )


@register(
    "landscapes-transitions",
    title="Pulses below and above the threshold, and a large pulse",
    chapter="landscapes",
)
def transitions(
    *,
    delta: float = 1.0,
    eta: float = -3.0,
    J: float = 15.0,
    Jc: float = 10.0,
    amplitudes: tuple[float, ...] = (12.0, 12.2, 25.0),
    duration: float = 5.0,
) -> FigureResult:
    """Rates and energies of both populations for pulses of several amplitudes into population 2.

    Shows: a pulse below the threshold that fails to make population 2 the winner, one above that
    swaps the winner, and a large one that silences both.

    Parameters
    ----------
    delta, eta, J, Jc : float
        Model parameters.
    amplitudes : tuple of float
        Pulse amplitudes, one column each.
    duration : float
        Pulse duration, starting at ``t = 1``.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    figure = new_figure(7.6, 4.6)
    axes = figure.subplots(2, len(amplitudes), sharex=True, squeeze=False)
    outcome = {}
    times = np.linspace(0.0, 40.0, 4001)
    for column, amplitude in enumerate(amplitudes):
        drive = pulse(start=1.0, duration=duration, amplitude=amplitude)
        run = simulate(
            model, winner_state(model, 0), (0.0, 40.0), I=[0.0, drive], t_eval=times, max_step=MAX_STEP
        )
        energies = run.energy()
        for k in range(2):
            axes[0, column].plot(run.t, run.r[k], label=f"population {k + 1}")
            axes[1, column].plot(run.t, energies[k])
        axes[0, column].set_title(f"pulse {amplitude:g} into population 2", fontsize=9)
        axes[1, column].set_xlabel("time $t$")
        outcome[f"{amplitude:g}"] = [round(float(x), 3) for x in run.r[:, -1]]
    axes[0, 0].set_ylabel("$r_k$")
    axes[1, 0].set_ylabel("$H_k$")
    axes[0, 0].legend(fontsize=7)
    return FigureResult(
        figure,
        {"final_rates": outcome},
        {"delta": delta, "eta": eta, "J": J, "Jc": Jc, "amplitudes": amplitudes, "duration": duration},
    )


@register(
    "landscapes-noise", title="Noise-driven switching and the depth of the valleys", chapter="landscapes"
)
def noise_switching(
    *,
    delta: float = 1.0,
    eta: float = 0.0,
    J: float = 15.0,
    Jc: float = 10.0,
    noises: tuple[float, ...] = (2.0, 3.0, 4.0),
    t_end: float = 300.0,
    seed: int = 5,
) -> FigureResult:
    """Dwell times in each winner-take-all state for several noise intensities.

    Shows: mean dwell times that fall as the noise grows.

    Parameters
    ----------
    delta, eta, J, Jc : float
        Model parameters (``eta = 0``: only winner-take-all states are stable).
    noises : tuple of float
        Noise intensities.
    t_end : float
        Length of each noisy run.
    seed : int
        Seed of the first run (the others use the next seeds).
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    figure = new_figure(7.6, 3.4)
    histogram, kramers = figure.subplots(1, 2)
    means = []
    for offset, noise in enumerate(noises):
        run = simulate(
            model,
            winner_state(model, 0),
            (0.0, t_end),
            noise=noise,
            dt=2e-3,
            seed=seed + offset,
            t_eval=np.arange(0.0, t_end, 0.05),
        )
        dwell = dwell_times(run)
        means.append(float(dwell.mean()) if dwell.size else float("nan"))
        histogram.hist(
            dwell,
            bins=np.geomspace(0.1, t_end, 25),
            histtype="step",
            label=f"noise {noise:g} ({dwell.size} dwells)",
        )
    histogram.set_xscale("log")
    histogram.set_xlabel("dwell time")
    histogram.set_ylabel("count")
    histogram.legend(fontsize=7)
    inverse = 1.0 / np.asarray(noises)
    fit = exponential(inverse, means)
    slope = fit.slope
    kramers.semilogy(inverse, means, "o")
    kramers.semilogy(inverse, fit(inverse), "-", label=f"slope {slope:.1f}")
    kramers.set_xlabel("1 / noise")
    kramers.set_ylabel("mean dwell time")
    kramers.legend(fontsize=8)
    return FigureResult(
        figure,
        {"mean_dwell": means, "arrhenius_slope": float(slope)},
        {"delta": delta, "eta": eta, "J": J, "Jc": Jc, "noises": noises, "t_end": t_end, "seed": seed},
    )


@register("landscapes-maxent", title="Energy-landscape analysis of simulated activity", chapter="landscapes")
def maxent_landscape(
    *,
    n: int = 3,
    delta: float = 1.0,
    eta: float = 0.0,
    J: float = 15.0,
    Jc: float = 10.0,
    noise: float = 1.0,
    t_end: float = 300.0,
    seed: int = 10,
) -> FigureResult:
    """Pairwise maximum-entropy model of binarised activity of ``n`` inhibiting populations, with its minima.

    Shows: minima of the fitted landscape that are the model's stable patterns.

    One noisy run starts from each stable state of the model (seeds ``seed``, ``seed + 1``, ...);
    the rates, sampled every 0.1, are binarised at 0.5 and pooled.

    Parameters
    ----------
    n : int
        Number of populations.
    delta, eta, J, Jc : float
        Model parameters.
    noise : float
        Noise intensity.
    t_end : float
        Length of each run.
    seed : int
        Seed of the first run.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc, n=n)
    stable = [point for point in inhibition_fixed_points(model, seeds=8) if point.stable]
    chunks = []
    for offset, point in enumerate(stable):
        run = simulate(model, point.state, (0.0, t_end), noise=noise, dt=2e-3, seed=seed + offset)
        chunks.append(binarize(run.r.T[::50], thresholds=[0.5] * n))
    samples = np.vstack(chunks)
    fitted = fit_ising(samples)
    states = all_states(n)
    energies = fitted.energy(states)
    minima, connect = barrier_heights(fitted)
    model_states = sorted(tuple(int(x) for x in np.where(point.state[0::2] > 0.5, 1, -1)) for point in stable)
    found = sorted(tuple(int(x) for x in state) for state in local_minima(fitted))
    figure = new_figure(7.6, 3.6)
    bars, tree = figure.subplots(1, 2)
    labels = ["".join("+" if x > 0 else "-" for x in state) for state in states]
    colours = ["C3" if tuple(int(x) for x in state) in found else "0.6" for state in states]
    bars.bar(range(len(states)), energies, color=colours)
    bars.set_xticks(range(len(states)), labels, rotation=90, fontsize=7)
    bars.set_ylabel("energy $E(\\sigma)$ of the fitted model")
    bars.set_title("red: local minima", fontsize=8)
    for index, state in enumerate(minima):
        tree.plot(
            [index, index],
            [
                connect[index, index],
                connect[index].max() if np.isfinite(connect[index]).all() else connect[index, index],
            ],
            color="k",
        )
        tree.plot(index, connect[index, index], "o", color="C3")
        tree.text(
            index,
            connect[index, index],
            " " + "".join("+" if x > 0 else "-" for x in state),
            fontsize=7,
            va="top",
        )
    top = connect[np.isfinite(connect)].max()
    tree.plot([0, len(minima) - 1], [top, top], color="k")
    tree.set_xticks([])
    tree.set_ylabel("energy")
    tree.set_title("disconnectivity graph", fontsize=8)
    numbers = {
        "model_stable_patterns": [list(state) for state in model_states],
        "landscape_minima": [list(state) for state in found],
        "match": found == model_states,
        "samples": int(samples.shape[0]),
    }
    return FigureResult(
        figure,
        numbers,
        {"n": n, "delta": delta, "eta": eta, "J": J, "Jc": Jc, "noise": noise, "t_end": t_end, "seed": seed},
    )
