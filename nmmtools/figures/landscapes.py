"""Figures of the chapter on energy landscapes, mutual inhibition and transitions."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter, NullLocator, ScalarFormatter

from nmmtools.analysis.frozen import frozen_excitability, frozen_partner_views, frozen_relaxation
from nmmtools.analysis.landscape_analysis import validate_landscape
from nmmtools.analysis.maxent import Disconnectivity, all_states
from nmmtools.analysis.switching import (
    arrhenius_fit,
    basins,
    dwells_by_noise,
    escape_action,
    pulse_outcomes,
    pulse_response,
    winner_state,
)
from nmmtools.figures.registry import STYLE, FigureResult, legend_below, new_figure, register
from nmmtools.hamiltonian import potential, well
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.models.mpr import MPR

NOTE = STYLE["legend.fontsize"]
"""Font size of the notes written into the panels (the legends' size: legible on a phone)."""


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
    figure = new_figure(height=5.0)
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
    axes.set_title("basins (colours), separatrix (black),\nstable states (dots), saddles (crosses)")
    numbers = {
        "equilibria": [
            [round(float(x), 4) for x in point.state[0::2]] + [point.kind] for point in equilibria
        ],
        "basin_fractions": [float(np.mean(labels == index)) for index in range(len(stable))],
    }
    return FigureResult(figure, numbers, {"delta": delta, "eta": eta, "J": J, "Jc": Jc, "points": points})


def _landscape_panel(axes: Axes, J: float, eta_eff: float, rate: float) -> dict:
    """Draw the frozen landscape U around a population's rate: the curve, the ball, the well if any."""
    landscape = MPR(delta=0.0, eta=eta_eff, J=J)
    try:
        valley = well(landscape)
    except ValueError:
        valley = None
    marks = [rate] if valley is None else [rate, valley.bottom.r] + ([valley.rim.r] if valley.rim else [])
    rates = np.geomspace(min(marks) / 2.5, max(marks) * 2.5, 400)
    values = potential(landscape, rates)
    axes.plot(rates, values, color="k", lw=1.2)
    ball = float(potential(landscape, rate))
    axes.plot(rate, ball, "o", color="C3", ms=8, zorder=3)
    drawn: dict[str, Any] = {"rate": rate, "U_ball": ball, "eta_eff": eta_eff, "bottom": None, "rim": None}
    if valley is not None:
        axes.plot(valley.bottom.r, valley.U_bottom, "o", mfc="none", mec="C0", ms=9, mew=1.5)
        drawn["bottom"] = [valley.bottom.r, valley.U_bottom]
        if valley.rim is not None:
            axes.plot(valley.rim.r, valley.U_rim, "x", color="C0", ms=8, mew=1.5)
            drawn["rim"] = [valley.rim.r, valley.U_rim]
    low, high = float(values.min()), float(values.max())
    axes.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
    axes.set_xscale("log")
    axes.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axes.xaxis.set_major_formatter(FormatStrFormatter("%g"))
    axes.xaxis.set_minor_locator(NullLocator())
    axes.text(
        0.97,
        0.06,
        f"$\\eta_{{eff}}$ = {eta_eff:.1f}" + ("" if valley is not None else "\nno well"),
        transform=axes.transAxes,
        ha="right",
        va="bottom",
        fontsize=NOTE,
    )
    drawn["ylim"] = [float(x) for x in axes.get_ylim()]
    drawn["xlim"] = [float(rates[0]), float(rates[-1])]
    return drawn


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
    onset: float = 1.0,
    moments: tuple[float, float, float] = (0.5, 2.5, 40.0),
) -> FigureResult:
    """Each population's frozen landscape ``U`` around its state before, during and after a pulse.

    Shows: in every panel the landscape around the population's rate with its ball in view, and the
    bottom of the well where ``U`` has one; before the pulse population 1 sits at the bottom of a well
    and population 2 on a slope without one, after it the other way round.

    The run starts in the state where population 1 wins; the pulse goes into population 2 from
    ``onset``. Each population's landscape is the potential of a homogeneous MPR population with the
    other's inhibition and its input frozen into its excitability (:func:`nmmtools.frozen_excitability`).

    Parameters
    ----------
    delta, eta, J, Jc : float
        Model parameters.
    amplitude, duration, onset : float
        The pulse into population 2.
    moments : tuple of float
        The three times shown.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    run = pulse_response(
        model,
        winner_state(model, 0),
        1,
        amplitude,
        duration=duration,
        onset=onset,
        t_end=max(moments),
        t_eval=list(moments),
    )
    excitability = frozen_excitability(run)
    figure = new_figure(height=7.0)
    axes = figure.subplots(len(moments), 2)
    panels: dict[str, dict] = {}
    labels = ("before", "during", "after")
    for row, moment in enumerate(moments):
        for k in range(2):
            panels[f"{labels[row]} r{k + 1}"] = _landscape_panel(
                axes[row, k], J, float(excitability[k, row]), float(run.r[k, row])
            )
        axes[row, 0].set_ylabel(f"{labels[row]} ($t$ = {moment:g})\n$U(r)$")
    for k in range(2):
        axes[0, k].set_title(f"population {k + 1}: $U_{k + 1}(r)$")
        axes[-1, k].set_xlabel("rate $r$")
    markers = [
        Line2D([], [], ls="none", marker="o", color="C3", ms=8, label="the population's rate (ball)"),
        Line2D(
            [], [], ls="none", marker="o", mfc="none", mec="C0", ms=9, mew=1.5, label="bottom of the well"
        ),
        Line2D([], [], ls="none", marker="x", color="C0", ms=8, mew=1.5, label="rim"),
    ]
    figure.legend(handles=markers, loc="outside lower center", ncols=2, frameon=False)
    numbers = {"panels": panels, "rates": {name: round(panel["rate"], 3) for name, panel in panels.items()}}
    parameters = {
        "delta": delta,
        "eta": eta,
        "J": J,
        "Jc": Jc,
        "amplitude": amplitude,
        "duration": duration,
        "onset": onset,
        "moments": list(moments),
    }
    return FigureResult(figure, numbers, parameters)


@register(
    "landscapes-frozen",
    title="What freezing the partner captures and what it misses",
    chapter="landscapes",
)
def frozen_partner(
    *, delta: float = 1.0, eta: float = -3.0, J: float = 15.0, Jc: float = 10.0, kick: float = 0.05
) -> FigureResult:
    """A population kicked off an equilibrium, in the full model and with its partner frozen.

    Shows: at the winner state the winner's deviation in the full four-dimensional model and in its
    frozen view ring alike; at the state with both populations low the full deviation decays more
    slowly than the frozen one (the slowest decay rates differ).

    Parameters
    ----------
    delta, eta, J, Jc : float
        Model parameters.
    kick : float
        Relative kick of the rate (:func:`nmmtools.frozen_relaxation`).
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    views = frozen_partner_views(model)
    winner_row = max(views, key=lambda row: row[0].rate - row[1].rate)  # population 1 wins
    low_row = [row for row in views if row[0].equilibrium.stable and max(view.rate for view in row) < 0.5][0]
    ringing = frozen_relaxation(winner_row[0], kick=kick, t_end=15.0)
    relaxing = frozen_relaxation(low_row[0], kick=kick, t_end=8.0)
    figure = new_figure(height=5.6)
    top, bottom = figure.subplots(2, 1)
    top.plot(ringing.t, ringing.full, color="k", lw=1.5, label="full model")
    top.plot(ringing.t, ringing.frozen, "--", color="C1", lw=1.5, label="partner frozen")
    top.set_title("population 1 at the winner state")
    top.set_ylabel("$r_1 - r_1^*$")
    bottom.semilogy(relaxing.t, np.abs(relaxing.full), color="k", lw=1.5, label="full model")
    bottom.semilogy(relaxing.t, np.abs(relaxing.frozen), "--", color="C1", lw=1.5, label="partner frozen")
    bottom.set_title("population 1 at the state with both low")
    bottom.set_ylabel("$|r_1 - r_1^*|$")
    for axes in (top, bottom):
        axes.set_xlabel("time $t$")
    legend_below(figure, top)
    numbers = {
        "winner_rates": {"full": ringing.rate_full, "frozen": ringing.rate_frozen},
        "both_low_rates": {"full": relaxing.rate_full, "frozen": relaxing.rate_frozen},
        "winner_max_difference": float(np.max(np.abs(ringing.full - ringing.frozen))),
        "winner_max_deviation": float(np.max(np.abs(ringing.full))),
    }
    return FigureResult(figure, numbers, {"delta": delta, "eta": eta, "J": J, "Jc": Jc, "kick": kick})


OUTCOMES = {0: ("population 1 still wins", "C0"), 1: ("population 2 wins", "C1"), -1: ("both low", "0.6")}
"""Label and colour of each outcome of a pulse (the winner's index; -1: none) in the transitions figure."""


def _windows(amplitudes: np.ndarray, outcomes: np.ndarray) -> list[list]:
    """Runs of equal outcome on the amplitude grid: ``[first amplitude, last amplitude, outcome]``."""
    edges = np.flatnonzero(np.diff(outcomes)) + 1
    starts, ends = np.r_[0, edges], np.r_[edges - 1, amplitudes.size - 1]
    return [
        [float(amplitudes[i]), float(amplitudes[j]), int(outcomes[i])]
        for i, j in zip(starts, ends, strict=True)
    ]


@register(
    "landscapes-transitions",
    title="The outcome of a pulse against its amplitude, and three runs",
    chapter="landscapes",
)
def transitions(
    *,
    delta: float = 1.0,
    eta: float = -3.0,
    J: float = 15.0,
    Jc: float = 10.0,
    amplitudes: tuple[float, ...] = (11.0, 12.0, 12.2),
    duration: float = 5.0,
    onset: float = 1.0,
    t_end: float = 40.0,
    scan_step: float = 0.01,
    scan_max: float = 30.0,
) -> FigureResult:
    """The winner after a pulse into population 2 against its amplitude, and the rates for a few pulses.

    Shows: top, the outcome on a grid of amplitudes (step ``scan_step`` from 0 to ``scan_max``):
    population 1 keeps winning up to a first amplitude, above which windows where population 2 wins
    alternate with windows where both end low; below, one row of rates per amplitude in
    ``amplitudes`` (the pulse shaded).

    Parameters
    ----------
    delta, eta, J, Jc : float
        Model parameters.
    amplitudes : tuple of float
        Pulse amplitudes of the runs, one row each.
    duration, onset : float
        Pulse duration and start (the scan's pulses start at ``t = 1``, :func:`nmmtools.pulse_outcomes`).
    t_end : float
        Length of the runs.
    scan_step, scan_max : float
        Grid of the scanned amplitudes.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    start = winner_state(model, 0)
    grid = scan_step * np.arange(int(round(scan_max / scan_step)) + 1)
    outcomes = pulse_outcomes(model, start, 1, grid, duration=duration)
    windows = _windows(grid, outcomes)
    figure = new_figure(height=2.2 + 1.5 * len(amplitudes))
    axes = figure.subplots(
        len(amplitudes) + 1, 1, squeeze=False, height_ratios=[0.7] + [1.0] * len(amplitudes)
    )[:, 0]
    strip = axes[0]
    for outcome, (label, colour) in OUTCOMES.items():
        bars = [
            (low - scan_step / 2, high - low + scan_step) for low, high, kind in windows if kind == outcome
        ]
        strip.broken_barh(bars, (0.0, 1.0), color=colour, label=label)
    for amplitude in amplitudes:
        strip.plot(amplitude, 0.85, "v", color="k", ms=7)
    strip.set_xlim(0.0, scan_max)
    strip.set_ylim(0.0, 1.0)
    strip.set_yticks([])
    strip.set_xlabel("pulse amplitude (triangles: the runs below)")
    strip.set_ylabel("winner\nafter pulse")
    final = {}
    offset = {}
    times = np.union1d(np.linspace(0.0, t_end, 4001), [onset + duration])
    for row, amplitude in enumerate(amplitudes, start=1):
        run = pulse_response(
            model, start, 1, amplitude, duration=duration, onset=onset, t_end=t_end, t_eval=times
        )
        axes[row].axvspan(onset, onset + duration, color="0.9", lw=0)
        for k in range(2):
            axes[row].plot(run.t, run.r[k], color=f"C{k}")
        axes[row].set_ylabel(f"pulse {amplitude:g}\nrate $r_k$")
        final[f"{amplitude:g}"] = [round(float(x), 3) for x in run.r[:, -1]]
        at_offset = int(np.argmin(np.abs(run.t - (onset + duration))))  # the pulse's end
        offset[f"{amplitude:g}"] = [round(float(x), 3) for x in run.y[:, at_offset]]
        if row < len(amplitudes):
            axes[row].tick_params(labelbottom=False)
        axes[row].sharex(axes[1])
    axes[-1].set_xlabel("time $t$ (shaded: the pulse)")
    rates = [Line2D([], [], color=f"C{k}", label=f"rate of population {k + 1}") for k in range(2)]
    handles, labels = strip.get_legend_handles_labels()
    figure.legend(
        handles + rates, labels + [line.get_label() for line in rates], loc="outside lower center", ncols=2
    )
    swaps = [window for window in windows if window[2] == 1]
    numbers = {
        "final_rates": final,
        "state_at_offset": offset,
        "windows": windows,
        "first_change": windows[1][0] if len(windows) > 1 else None,
        "first_swap": swaps[0][0] if swaps else None,
        "swap_windows": len(swaps),
        "low_windows": sum(window[2] == -1 for window in windows),
        "outcome_of": {
            f"{amplitude:g}": int(pulse_outcomes(model, start, 1, [amplitude], duration=duration)[0])
            for amplitude in amplitudes
        },
    }
    parameters = {
        "delta": delta,
        "eta": eta,
        "J": J,
        "Jc": Jc,
        "amplitudes": amplitudes,
        "duration": duration,
        "onset": onset,
        "t_end": t_end,
        "scan_step": scan_step,
        "scan_max": scan_max,
    }
    return FigureResult(figure, numbers, parameters)


@register(
    "landscapes-noise",
    title="Noise-driven switching: dwell times against the escape action",
    chapter="landscapes",
)
def noise_switching(
    *,
    delta: float = 1.0,
    eta: float = 0.0,
    J: float = 15.0,
    Jc: float = 10.0,
    inverse_noises: tuple[float, ...] = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6),
    members: int = 8,
    t_end: float = 1600.0,
    dt: float = 0.01,
    threshold: float = 1.0,
    low: float = 0.2,
    seed: int = 0,
    shown: int = 7,
    window: float = 300.0,
    confidence: float = 0.95,
) -> FigureResult:
    """A noisy run, and the mean dwell time against ``1 / noise`` with its fit and the escape action.

    Shows: a run hopping between the two winner states (the hysteresis levels marked); mean dwell
    times (error bars at ``confidence``) rising with ``1 / noise``, the fitted line, and a
    line with the slope of the minimum action ``S`` of the escape path, which lies inside the slope's
    interval.

    Dwell times with hysteresis (a winner above ``threshold`` with the other below ``low``) from
    :func:`nmmtools.dwells_by_noise` (stochastic Heun, step ``dt``), the fit from
    :func:`nmmtools.arrhenius_fit`, and ``S`` from :func:`nmmtools.escape_action` from a winner
    state to the saddle, drawn through the weighted centre of the data.

    Parameters
    ----------
    delta, eta, J, Jc : float
        Parameters of the two populations (``eta = 0``: only winner-take-all states are stable).
    inverse_noises : tuple of float
        The values of ``1 / noise``.
    members : int
        Runs per noise level.
    t_end, dt : float
        Length and time step of each run.
    threshold, low : float
        The hysteresis levels of the winner.
    seed : int
        Seed of the initial states and the noise.
    shown : int
        Index of the noise level whose first run is drawn, over the first ``window`` time units.
    window : float
        Length of the run drawn.
    confidence : float
        Level of the error bars and of the slope's interval.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc)
    inverse = np.asarray(inverse_noises, dtype=float)
    found = dwells_by_noise(
        model, 1.0 / inverse, members=members, t_end=t_end, dt=dt, seed=seed, threshold=threshold, low=low
    )
    fit = arrhenius_fit(found.noises, found.dwells, confidence=confidence)
    equilibria = inhibition_fixed_points(model)
    saddle = [point for point in equilibria if point.kind == "saddle"][0]
    action = escape_action(model, winner_state(model, 0), saddle.state).action
    figure = new_figure(height=6.4)
    trace, kramers = figure.subplots(2, 1, height_ratios=[1.0, 1.2])
    member = found.run.member(shown * members)
    visible = member.t <= window
    for k in range(2):
        trace.plot(member.t[visible], member.r[k, visible], lw=0.8, label=f"$r_{k + 1}$")
    for level in (threshold, low):
        trace.axhline(level, color="0.4", ls="--", lw=0.8)
    trace.set_xlabel("time $t$")
    trace.set_ylabel("rate")
    trace.set_title(f"one run at noise {found.noises[shown]:.2f} (dashed: hysteresis levels)")
    trace.legend(loc="upper right", ncols=2)
    kramers.errorbar(inverse, fit.means, yerr=fit.z * fit.errors, fmt="o", color="k", capsize=3, ms=4)
    line = np.linspace(inverse.min() - 0.02, inverse.max() + 0.02, 50)
    kramers.plot(line, fit(1.0 / line), color="C0", label=f"fit: slope {fit.slope:.2f}")
    weights = (fit.means / fit.errors) ** 2
    centre_x = float(weights @ inverse / weights.sum())
    centre_y = float(weights @ np.log(fit.means) / weights.sum())
    kramers.plot(
        line,
        np.exp(centre_y + action * (line - centre_x)),
        "--",
        color="C3",
        label=f"action $S$ = {action:.2f}",
    )
    kramers.set_yscale("log")
    kramers.yaxis.set_major_formatter(ScalarFormatter())
    kramers.yaxis.set_minor_formatter(NullFormatter())
    ticks = [
        tick for tick in (5, 10, 20, 50, 100, 200) if fit.means.min() / 1.5 <= tick <= fit.means.max() * 1.5
    ]
    kramers.set_yticks(ticks)
    kramers.set_xlabel("1 / noise")
    kramers.set_ylabel("mean dwell time")
    kramers.set_title(f"Arrhenius plot ({100 * confidence:g} % error bars)")
    kramers.legend(loc="upper left")
    numbers = {
        "noises": found.noises.tolist(),
        "dwell_counts": fit.counts.tolist(),
        "switches": found.switches.tolist(),
        "mean_dwell": fit.means.tolist(),
        "standard_error": fit.errors.tolist(),
        "slope": fit.slope,
        "slope_error": fit.slope_error,
        "slope_interval": list(fit.interval),
        "chi2": fit.chi2,
        "dof": fit.dof,
        "escape_action": action,
        "action_inside_interval": bool(fit.interval[0] <= action <= fit.interval[1]),
        "trace_noise": float(found.noises[shown]),
    }
    parameters = {
        "delta": delta,
        "eta": eta,
        "J": J,
        "Jc": Jc,
        "inverse_noises": list(inverse_noises),
        "members": members,
        "t_end": t_end,
        "dt": dt,
        "threshold": threshold,
        "low": low,
        "seed": seed,
        "shown": shown,
        "window": window,
        "confidence": confidence,
    }
    return FigureResult(figure, numbers, parameters)


def pattern_label(state: np.ndarray) -> str:
    """A pattern of ±1 as a string of + and − (the minus sign)."""
    return "".join("+" if x > 0 else "\u2212" for x in state)


def tree_coordinates(graph: Disconnectivity) -> tuple[dict[int, float], dict[int, float]]:
    """Horizontal position and energy of every node of the disconnectivity tree (leaves first)."""
    k = graph.minima.size
    children = {k + row: (int(a), int(b)) for row, (a, b, _) in enumerate(graph.merges)}
    height = {leaf: float(graph.energies[leaf]) for leaf in range(k)}
    height.update({k + row: float(level) for row, (_, _, level) in enumerate(graph.merges)})
    order: list[int] = []

    def visit(node: int) -> None:
        if node in children:
            for child in children[node]:
                visit(child)
        else:
            order.append(node)

    visit(k + len(graph.merges) - 1 if len(graph.merges) else 0)
    x = {leaf: float(position) for position, leaf in enumerate(order)}
    for node in sorted(children):
        x[node] = 0.5 * (x[children[node][0]] + x[children[node][1]])
    return x, height


@register(
    "landscapes-maxent",
    title="Energy-landscape analysis of simulated recordings with many switches",
    chapter="landscapes",
)
def maxent_landscape(
    *,
    n: int = 3,
    delta: float = 1.0,
    eta: float = 0.0,
    J: float = 15.0,
    Jc: float = 10.0,
    noise: float = 1.5,
    runs: int = 40,
    t_end: float = 200.0,
    dt: float = 0.01,
    sample_every: float = 0.1,
    threshold: float = 0.5,
    seed: int = 0,
) -> FigureResult:
    """Energies of all patterns, the disconnectivity graph and the transitions between basins.

    Shows: the fitted energy of every activity pattern with the local minima (filled) equal to the
    model's stable patterns and every pattern outlined in the colour of its basin; the tree of the
    minima joined at the energy of their lowest connecting pattern, with the barriers; and the
    numbers of transitions between basins.

    ``runs`` noisy runs of ``n`` populations from random initial states, binarised at ``threshold``,
    are fitted by a pairwise maximum-entropy model (:func:`nmmtools.validate_landscape`).

    Parameters
    ----------
    n, delta, eta, J, Jc : float
        Parameters of :class:`nmmtools.MutualInhibition`.
    noise, runs, t_end, dt, sample_every, seed
        The simulated recordings.
    threshold : float
        Binarisation threshold of the rates.
    """
    model = MutualInhibition(delta=delta, eta=eta, J=J, Jc=Jc, n=n)
    result = validate_landscape(
        model,
        runs=runs,
        t_end=t_end,
        noise=noise,
        dt=dt,
        sample_every=sample_every,
        threshold=threshold,
        seed=seed,
    )
    analysis = result.analysis
    states = all_states(n)
    energies = analysis.model.energy(states)
    minima = {int(i) for i in analysis.graph.minima}
    figure = new_figure(height=7.0)
    top, bottom = figure.subfigures(2, 1, height_ratios=[1.0, 1.3])  # type: ignore[misc]  # an array of two
    bars = top.subplots()
    tree, matrix = bottom.subplots(1, 2, width_ratios=[1.0, 1.0])
    colours = [f"C{basin}" if index in minima else "white" for index, basin in enumerate(analysis.basin)]
    edges = [f"C{basin}" for basin in analysis.basin]
    bars.bar(range(len(states)), energies, color=colours, edgecolor=edges, linewidth=2.0)
    bars.set_xticks(range(len(states)), [pattern_label(state) for state in states])
    bars.set_ylabel("energy $E(\\sigma)$")
    bars.set_title("every pattern\n(filled: local minima; outline: colour of its basin)")
    bars.axhline(0.0, color="0.3", lw=0.8)
    x, height = tree_coordinates(analysis.graph)
    k = analysis.graph.minima.size
    for a, b, level in analysis.graph.merges:
        for child in (int(a), int(b)):
            tree.plot([x[child], x[child]], [height[child], level], color="k", lw=1)
        tree.plot([x[int(a)], x[int(b)]], [level, level], color="k", lw=1)
    barriers = analysis.graph.barriers()
    for leaf in range(k):
        tree.plot(x[leaf], height[leaf], "o", color=f"C{leaf}", ms=7)
        tree.annotate(
            f"{pattern_label(analysis.minima[leaf])}\n{np.max(barriers[leaf]):.2f}",
            (x[leaf], height[leaf]),
            xytext=(0, -6),
            textcoords="offset points",
            ha="center",
            va="top",
        )
    for level in np.unique(analysis.graph.merges[:, 2]):  # each joining energy once, above its line
        right = max(x[int(child)] for row in analysis.graph.merges if row[2] == level for child in row[:2])
        tree.text(right, level, f"joined at {level:.2f} ", ha="right", va="bottom", fontsize=NOTE)
    tree.set_xlim(-0.6, max(k - 0.4, 0.6))
    low, high = min(height.values()), max(height.values())
    span = high - low + 0.1
    tree.set_ylim(low - 0.6 * span, high + 0.15 * span)
    tree.set_xticks([])
    tree.set_ylabel("energy")
    tree.set_title("disconnectivity graph\n(minimum, barrier\nto leave it)")
    matrix.imshow(analysis.transitions, cmap="Greys", vmin=0, vmax=2 * max(1, analysis.transitions.max()))
    for a in range(k):
        for b in range(k):
            matrix.text(b, a, str(int(analysis.transitions[a, b])), ha="center", va="center")
    ticks = [pattern_label(state) for state in analysis.minima]
    matrix.set_xticks(range(k), ticks)
    matrix.set_yticks(range(k), ticks)
    matrix.set_xlabel("to basin")
    matrix.set_ylabel("from basin")
    matrix.set_title(f"{analysis.switches} basin\ntransitions ({result.winner_switches}\nwinner switches)")
    accuracy = analysis.accuracy
    numbers = {
        "r_D": accuracy.r_D,
        "r_S": accuracy.r_S,
        "D1": accuracy.D1,
        "D2": accuracy.D2,
        "chance_D2": accuracy.chance_D2,
        "samples": analysis.samples,
        "minima": [pattern_label(state) for state in analysis.minima],
        "minimum_energies": analysis.graph.energies.tolist(),
        "joining_energies": analysis.graph.connect.tolist(),
        "barriers": barriers.tolist(),
        "basin_sizes": analysis.basin_sizes.tolist(),
        "occupancy": analysis.occupancy.tolist(),
        "transitions": analysis.transitions.tolist(),
        "basin_transitions": analysis.switches,
        "winner_switches": result.winner_switches,
        "model_stable_patterns": [pattern_label(state) for state in result.stable_patterns],
        "landscape_minima": sorted(pattern_label(state) for state in analysis.minima),
        "match": result.match,
        "basin_of_all_low": pattern_label(analysis.minima[analysis.basin[0]]),
        "all_low_energy": float(energies[0]),
        "pattern_probabilities": {
            pattern_label(state): float(weight)
            for state, weight in zip(states, np.exp(-energies) / np.exp(-energies).sum(), strict=True)
        },
    }
    parameters = {
        "n": n,
        "delta": delta,
        "eta": eta,
        "J": J,
        "Jc": Jc,
        "noise": noise,
        "runs": runs,
        "t_end": t_end,
        "dt": dt,
        "sample_every": sample_every,
        "threshold": threshold,
        "seed": seed,
    }
    return FigureResult(figure, numbers, parameters)
