"""Figures of the chapter on bursting and the energy that predicts spike amplitude."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from nmmtools.analysis.bifurcations import bistable_range
from nmmtools.analysis.bursting import (
    MEASUREMENT_POINTS,
    Prediction,
    adaptation_run,
    burst_peaks,
    forced_run,
    predict_amplitudes,
)
from nmmtools.figures.registry import FigureResult, legend_below, new_figure, register
from nmmtools.hamiltonian import turning_points
from nmmtools.inputs import sinusoid
from nmmtools.models.adaptive import AdaptiveMPR
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import Run


def time_series(
    run: Run, slow_label: str, slow: np.ndarray, prediction: Prediction, *, burst: int = 0
) -> Figure:
    """Stacked panels: r with predicted peaks, v, the slow variable and H; below, one burst enlarged.

    ``burst`` counts the bursts of :func:`bursts` from 0 (the first).
    """
    figure = new_figure(height=8.0)
    axes = figure.subplots(5, 1, height_ratios=(1, 1, 1, 1, 1.4))
    for panel in axes[1:4]:
        panel.sharex(axes[0])
    for panel in axes[:3]:
        panel.tick_params(labelbottom=False)
    axes[0].plot(run.t, run.r, lw=0.8)
    axes[0].plot(
        prediction.times, prediction.predicted, "o", ms=4, mfc="none", color="C3", label="predicted peaks"
    )
    axes[0].set_ylabel("$r$")
    axes[1].plot(run.t, run.v, lw=0.8, color="C1")
    axes[1].set_ylabel("$v$")
    axes[2].plot(run.t, slow, color="C2")
    axes[2].set_ylabel(slow_label)
    axes[3].plot(run.t, run.energy(), color="k", lw=0.8)
    axes[3].set_ylabel("$H$")
    axes[3].set_xlabel("time $t$")
    groups = bursts(prediction)
    if len(groups) > burst:  # the burst: its predicted spikes and a margin of two spikes
        chosen = groups[burst]
        times = prediction.times[chosen]
        margin = 2 * float(np.median(np.diff(times))) if times.size > 1 else 1.0
        shown = (run.t >= times[0] - margin) & (run.t <= times[-1] + margin)
        axes[4].plot(run.t[shown], run.r[shown], lw=1.0)
        axes[4].plot(times, prediction.predicted[chosen], "o", ms=5, mfc="none", color="C3")
        ordinal = ("first", "second", "third")[burst] if burst < 3 else f"number {burst + 1}"
        axes[4].set_title(f"the {ordinal} burst, enlarged")
    axes[4].set_ylabel("$r$")
    axes[4].set_xlabel("time $t$")
    legend_below(figure, axes[0])
    return figure


def bursts(prediction: Prediction) -> list[np.ndarray]:
    """The predicted spikes grouped into bursts (index arrays): a gap over five typical intervals ends one."""
    if prediction.times.size == 0:
        return []
    gaps = np.diff(prediction.times)
    if gaps.size == 0:
        return [np.arange(1)]
    breaks = np.flatnonzero(gaps > 5 * float(np.median(gaps))) + 1
    return np.split(np.arange(prediction.times.size), breaks)


@register("bursting-forcing", title="Bursting under slow forcing of the excitability", chapter="bursting")
def forced_bursting(
    *,
    delta: float = 1.0,
    eta_mean: float = -5.0,
    amplitude: float = 3.0,
    period: float = 200.0,
    J: float = 15.0,
    t_end: float = 600.0,
) -> FigureResult:
    """``r``, ``v``, ``eta(t)`` and ``H(t)`` of the forced MPR model, with the peaks the energy predicts.

    Shows: at least ten spikes whose peaks the energy predicts with a median error below 5 %.

    Parameters
    ----------
    delta, J : float
        Model parameters.
    eta_mean, amplitude, period : float
        The forcing ``eta(t) = eta_mean + amplitude sin(2 pi t / period)``.
    t_end : float
        Length of the run.
    """
    run = forced_run(MPR(delta=delta, eta=eta_mean, J=J), sinusoid(amplitude=amplitude, period=period), t_end)
    prediction = predict_amplitudes(run)
    figure = time_series(run, "$\\eta(t)$", eta_mean + run.inputs(), prediction)
    numbers = {
        "spikes": int(prediction.times.size),
        "first_burst_spikes": int(bursts(prediction)[0].size),
        "median_relative_error": float(np.median(prediction.relative_error)),
        "max_relative_error": float(prediction.relative_error.max()),
    }
    parameters = {
        "delta": delta,
        "eta_mean": eta_mean,
        "amplitude": amplitude,
        "period": period,
        "J": J,
        "t_end": t_end,
    }
    return FigureResult(figure, numbers, parameters)


@register("bursting-adaptation", title="Bursting through spike-frequency adaptation", chapter="bursting")
def adaptation_bursting(
    *,
    delta: float = 1.0,
    eta: float = 0.0,
    J: float = 15.0,
    tau_a: float = 50.0,
    beta: float = 10.0,
    t_end: float = 600.0,
) -> FigureResult:
    """``r``, ``v``, the adaptation ``a`` and ``H(t)`` of the adaptive MPR model, with predicted peaks.

    Shows: at least ten spikes whose peaks the energy predicts with a median error below 5 %.

    The bottom panel enlarges the second burst: the first is a start-up transient from ``a = 0``.

    Parameters
    ----------
    delta, eta, J, tau_a, beta : float
        Parameters of :class:`nmmtools.AdaptiveMPR`.
    t_end : float
        Length of the run.
    """
    model = AdaptiveMPR(delta=delta, eta=eta, J=J, tau_a=tau_a, beta=beta)
    run = adaptation_run(model, t_end)
    prediction = predict_amplitudes(run)
    figure = time_series(run, "$a$", run.a, prediction, burst=1)
    groups = bursts(prediction)
    numbers = {
        "spikes": int(prediction.times.size),
        "median_relative_error": float(np.median(prediction.relative_error)),
        "bursts": len(groups),
        "first_burst_spikes": int(groups[0].size),
        "first_peak_of_each_burst": [float(prediction.simulated[group[0]]) for group in groups],
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "tau_a": tau_a, "beta": beta, "t_end": t_end}
    return FigureResult(figure, numbers, parameters)


def predictions(run: Run) -> dict[str, Prediction]:
    """The predicted amplitudes of a run, for each place the energy is read."""
    return {place: predict_amplitudes(run, measure_at=place) for place in MEASUREMENT_POINTS}


def median_errors(by_place: dict[str, Prediction]) -> dict[str, float]:
    """The median relative error of each set of :func:`predictions`."""
    return {place: float(np.median(prediction.relative_error)) for place, prediction in by_place.items()}


@register("bursting-prediction", title="Error of the predicted spike amplitudes", chapter="bursting")
def prediction_scatter(
    *,
    delta: float = 1.0,
    forcing: tuple[float, float, float] = (-5.0, 3.0, 200.0),
    adaptation: tuple[float, float, float] = (0.0, 50.0, 10.0),
    J: float = 15.0,
    t_end: float = 600.0,
    ceiling: float = 25.0,
) -> FigureResult:
    """Each spike's relative error of the predicted peak against its simulated peak, for both reading points.

    Shows: read on the rise (at the centre) most predictions too low (over 3 in 4), read at the
    trough most too high (over 3 in 4), and every error within 10 % read at the centre.

    Left: slow forcing; right: adaptation. Filled circles: the energy read where the rising rate
    passes the centre of the well; open squares: read at the trough. The error is
    ``(predicted - simulated) / simulated``, in per cent.

    Parameters
    ----------
    delta, J : float
        Heterogeneity and coupling of both models.
    forcing : (eta_mean, amplitude, period)
        The forced model.
    adaptation : (eta, tau_a, beta)
        The adaptive model.
    t_end : float
        Length of the runs.
    ceiling : float
        Top of the error axis, in per cent; larger errors are arrows at the top, with their value.
    """
    forced = forced_run(
        MPR(delta=delta, eta=forcing[0], J=J), sinusoid(amplitude=forcing[1], period=forcing[2]), t_end
    )
    forcing_predictions = predictions(forced)
    model = AdaptiveMPR(delta=delta, eta=adaptation[0], J=J, tau_a=adaptation[1], beta=adaptation[2])
    adaptation_predictions = predictions(adaptation_run(model, t_end))
    by_forcing, by_adaptation = forcing_predictions["centre"], adaptation_predictions["centre"]
    figure = new_figure(height=3.6)
    panels = figure.subplots(1, 2, sharey=True)
    styles = {
        "centre": {"marker": "o", "color": "C0", "label": "read at the centre"},
        "trough": {"marker": "s", "color": "C3", "mfc": "none", "label": "read at the trough"},
    }
    for axes, title, by_place in (
        (panels[0], "slow forcing", forcing_predictions),
        (panels[1], "adaptation", adaptation_predictions),
    ):
        axes.axhline(0.0, color="0.5", lw=1)
        for place, style in styles.items():
            prediction = by_place[place]
            errors = 100 * prediction.signed_error
            inside = errors <= ceiling
            axes.plot(prediction.simulated[inside], errors[inside], ls="none", ms=4, **style)
            for peak, error in zip(prediction.simulated[~inside], errors[~inside], strict=True):
                axes.annotate(  # off the scale: an arrow at the top edge, with its value
                    f"{error:.0f} %",
                    xy=(peak, ceiling),
                    xytext=(peak, 0.8 * ceiling),
                    ha="right",
                    color=style["color"],
                    arrowprops={"arrowstyle": "->", "color": style["color"]},
                )
        axes.set_ylim(top=ceiling)
        axes.set_title(title)
        axes.set_xlabel("simulated peak rate")
    panels[0].set_ylabel("error of the prediction (%)")
    legend_below(figure, panels[0], ncols=2)
    numbers = {
        "median_relative_error_forcing": median_errors(forcing_predictions),
        "median_relative_error_adaptation": median_errors(adaptation_predictions),
        "underestimated_fraction": {
            mechanism: {
                place: float(np.mean(prediction.signed_error < 0)) for place, prediction in by_place.items()
            }
            for mechanism, by_place in (
                ("forcing", forcing_predictions),
                ("adaptation", adaptation_predictions),
            )
        },
        "max_relative_error": [
            float(by_forcing.relative_error.max()),
            float(by_adaptation.relative_error.max()),
        ],
        "spikes": [int(by_forcing.times.size), int(by_adaptation.times.size)],
    }
    return FigureResult(
        figure,
        numbers,
        {
            "delta": delta,
            "forcing": forcing,
            "adaptation": adaptation,
            "J": J,
            "t_end": t_end,
            "ceiling": ceiling,
        },
    )


@register(
    "bursting-heterogeneity",
    title="The prediction improves as the population becomes homogeneous",
    chapter="bursting",
)
def error_against_delta(
    *,
    deltas: tuple[float, ...] = (1.0, 0.5, 0.25, 0.1),
    periods: tuple[float, ...] = (200.0, 1000.0),
    amplitude: float = 5.0,
    eta_mean: float = -5.0,
    adaptation: tuple[float, float, float] = (0.0, 50.0, 10.0),
    J: float = 15.0,
) -> FigureResult:
    """Median relative error of the predicted amplitudes against ``delta``, for both mechanisms.

    Shows: the median error of the prediction read on the rise falling as Delta falls, in every series.

    Solid lines read the energy where the rising rate reaches the bottom of the
    well, dashed lines at the trough (see :func:`nmmtools.predict_amplitudes`).

    Parameters
    ----------
    deltas : tuple of float
        Heterogeneities.
    periods : tuple of float
        Forcing periods; each run lasts three periods but at most 1000 time units.
    amplitude, eta_mean : float
        Forcing amplitude (large enough to burst for every ``delta``) and mean excitability.
    adaptation : (eta, tau_a, beta)
        The adaptive model (bursting for every ``delta``); its runs last 600 time units.
    J : float
        Coupling.
    """
    runs: dict[str, list[Run]] = {}
    cycles: dict[str, float] = {}  # forcing periods in each run
    for period in periods:
        cycles[f"forcing, period {period:g}"] = min(3 * period, 1000.0) / period
        runs[f"forcing, period {period:g}"] = [
            forced_run(
                MPR(delta=delta, eta=eta_mean, J=J),
                sinusoid(amplitude=amplitude, period=period),
                min(3 * period, 1000.0),
            )
            for delta in deltas
        ]
    adaptive = [
        AdaptiveMPR(delta=delta, eta=adaptation[0], J=J, tau_a=adaptation[1], beta=adaptation[2])
        for delta in deltas
    ]
    runs["adaptation"] = [adaptation_run(model, 600.0) for model in adaptive]
    errors: dict[str, dict[str, list[float]]] = {}
    spikes: dict[str, list[float]] = {}
    for label, series in runs.items():
        found = [predictions(run) for run in series]
        medians = [median_errors(by_place) for by_place in found]
        errors[label] = {place: [median[place] for median in medians] for place in MEASUREMENT_POINTS}
        if label in cycles:  # predicted spikes (read at the centre) per forcing period: one burst each
            spikes[label] = [float(by_place["centre"].times.size / cycles[label]) for by_place in found]
    figure = new_figure(5.4, 4.6)
    panels = figure.subplots(1, 2, sharey=True)
    for index, (label, by_place) in enumerate(errors.items()):
        axes = panels[1] if label == "adaptation" else panels[0]
        color = f"C{index}"
        axes.loglog(deltas, by_place["centre"], "o-", color=color, label=f"{label}, at the centre")
        axes.loglog(
            deltas, by_place["trough"], "s--", color=color, mfc="none", label=f"{label}, at the trough"
        )
    panels[0].set_title("slow forcing")
    panels[1].set_title("adaptation")
    panels[0].set_ylabel("median relative error")
    for axes in panels:
        axes.set_xlabel("heterogeneity $\\Delta$")
        axes.set_xticks(deltas, [f"{delta:g}" for delta in deltas])
    legend_below(figure, ncols=1)
    return FigureResult(
        figure,
        {"median_relative_error": errors, "spikes_per_period": spikes},
        {
            "deltas": deltas,
            "periods": periods,
            "amplitude": amplitude,
            "eta_mean": eta_mean,
            "adaptation": adaptation,
            "J": J,
        },
    )


@register("bursting-fast-slow", title="Fast-slow picture of a burst", chapter="bursting")
def fast_slow(
    *,
    delta: float = 1.0,
    eta_mean: float = -5.0,
    amplitude: float = 3.0,
    period: float = 200.0,
    J: float = 15.0,
    threshold: float = 0.5,
) -> FigureResult:
    """Equilibria of the fast subsystem against the slow excitability, with one period of the burst.

    Shows: the branches of equilibria, the burst, and the energy level read before each spike as the
    range of r it allows.

    At the excitability frozen where the energy before each spike is read, a
    vertical bar spans the range of ``r`` on that energy level
    (:func:`nmmtools.turning_points`); its top is the predicted peak.

    Parameters
    ----------
    delta, J : float
        Model parameters.
    eta_mean, amplitude, period : float
        The forcing, as in :func:`forced_bursting`.
    threshold : float
        A rate between the low and the high branch: where the burst crosses it, it jumps up or falls
        back (reported, not drawn).
    """
    run = forced_run(
        MPR(delta=delta, eta=eta_mean, J=J), sinusoid(amplitude=amplitude, period=period), 2 * period
    )
    prediction = predict_amplitudes(run)
    etas = np.linspace(eta_mean - amplitude, eta_mean + amplitude, 300)
    branches = [(eta, point) for eta in etas for point in fixed_points(MPR(delta=delta, eta=eta, J=J))]
    second = run.t >= period
    spikes = prediction.measured >= period
    frozen = eta_mean + run.inputs()[np.searchsorted(run.t, prediction.measured[spikes])]
    ranges = [
        turning_points(MPR(delta=0.0, eta=eta, J=J), level)
        for eta, level in zip(frozen, prediction.levels[spikes], strict=True)
    ]
    figure = new_figure(height=4.8)
    axes = figure.subplots()
    zoom = axes.inset_axes((0.2, 0.5, 0.42, 0.4))  # right of the main tick labels, above the branches
    for panel in (axes, zoom):
        panel.scatter(
            [eta for eta, _ in branches],
            [point.r for _, point in branches],
            s=1,
            c=["k" if point.stable else "C3" for _, point in branches],
        )
        panel.plot(
            eta_mean + run.inputs()[second],
            run.r[second],
            lw=0.6,
            color="C0",
            alpha=0.6,
            label="burst (second period)",
        )
        for eta, (low, high) in zip(frozen, ranges, strict=True):
            panel.plot([eta, eta], [low, high], color="C3", lw=0.8)
        panel.plot(
            frozen,
            prediction.predicted[spikes],
            "o",
            ms=3,
            mfc="none",
            color="C3",
            label="energy level read before a spike: range and top",
        )
    zoom.set_xlim(frozen.min() - 0.05, frozen.max() + 0.05)
    zoom.set_ylim(min(low for low, _ in ranges) - 0.05, prediction.predicted[spikes].max() + 0.1)
    axes.indicate_inset_zoom(zoom, edgecolor="0.4")
    axes.set_xlabel("slow excitability $\\eta(t)$")
    axes.set_ylabel("$r$")
    legend_below(figure, axes, ncols=1)
    lows = [p.r for p in fixed_points(MPR(delta=delta, eta=eta_mean + amplitude, J=J))]
    # where the burst of the second period leaves and rejoins the low branch: the rate crosses the
    # threshold, which lies between the branches (above the low node, below the high focus)
    rates, slow = run.r[second], (eta_mean + run.inputs())[second]
    above = rates >= threshold
    up, down = np.flatnonzero(~above[:-1] & above[1:]), np.flatnonzero(above[:-1] & ~above[1:])
    lower_end, upper_end = bistable_range(delta, J) or (np.nan, np.nan)  # the low branch ends at the upper
    numbers = {
        "equilibria_at_max_eta": len(lows),
        "eta_jump_up": float(slow[up[0] + 1]),
        "eta_fall_back": float(slow[down[-1] + 1]),
        "fold_of_low_branch": float(upper_end),
        "fold_of_high_branch": float(lower_end),
        "spikes_in_burst": int(np.sum(run.t[burst_peaks(run.r).peaks] >= period)),
        "spikes_with_bar": int(np.sum(spikes)),
    }
    return FigureResult(
        figure,
        numbers,
        {
            "delta": delta,
            "eta_mean": eta_mean,
            "amplitude": amplitude,
            "period": period,
            "J": J,
            "threshold": threshold,
        },
    )
