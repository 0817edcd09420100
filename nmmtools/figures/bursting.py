"""Figures of the chapter on bursting and the energy that predicts spike amplitude."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from nmmtools.analysis.bursting import (
    MEASUREMENT_POINTS,
    Prediction,
    adaptation_run,
    forced_run,
    predict_amplitudes,
)
from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.hamiltonian import turning_points
from nmmtools.inputs import sinusoid
from nmmtools.models.adaptive import AdaptiveMPR
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import Run


def time_series(run: Run, slow_label: str, slow: np.ndarray, prediction: Prediction) -> Figure:
    """Four stacked panels: r with predicted peaks, v, the slow variable, H."""
    figure = new_figure(6.4, 6.4)
    axes = figure.subplots(4, 1, sharex=True)
    axes[0].plot(run.t, run.r, lw=0.8)
    axes[0].plot(
        prediction.times, prediction.predicted, "o", ms=3, mfc="none", color="C3", label="predicted peaks"
    )
    axes[0].legend(loc="upper right", fontsize=8)
    axes[0].set_ylabel("$r$")
    axes[1].plot(run.t, run.v, lw=0.8, color="C1")
    axes[1].set_ylabel("$v$")
    axes[2].plot(run.t, slow, color="C2")
    axes[2].set_ylabel(slow_label)
    axes[3].plot(run.t, run.energy(), color="k", lw=0.8)
    axes[3].set_ylabel("$H$")
    axes[3].set_xlabel("time $t$")
    return figure


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
    figure = time_series(run, "$a$", run.a, prediction)
    numbers = {
        "spikes": int(prediction.times.size),
        "median_relative_error": float(np.median(prediction.relative_error)),
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "tau_a": tau_a, "beta": beta, "t_end": t_end}
    return FigureResult(figure, numbers, parameters)


def predictions(run: Run) -> dict[str, Prediction]:
    """The predicted amplitudes of a run, for each place the energy is read."""
    return {place: predict_amplitudes(run, measure_at=place) for place in MEASUREMENT_POINTS}


def median_errors(by_place: dict[str, Prediction]) -> dict[str, float]:
    """The median relative error of each set of :func:`predictions`."""
    return {place: float(np.median(prediction.relative_error)) for place, prediction in by_place.items()}


@register("bursting-prediction", title="Predicted against simulated spike amplitudes", chapter="bursting")
def prediction_scatter(
    *,
    delta: float = 1.0,
    forcing: tuple[float, float, float] = (-5.0, 3.0, 200.0),
    adaptation: tuple[float, float, float] = (0.0, 50.0, 10.0),
    J: float = 15.0,
    t_end: float = 600.0,
) -> FigureResult:
    """Each spike's simulated peak against the peak predicted from the energy read on its rise.

    Shows: predicted against simulated peaks near the identity (largest error below 10 %).

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
    """
    forced = forced_run(
        MPR(delta=delta, eta=forcing[0], J=J), sinusoid(amplitude=forcing[1], period=forcing[2]), t_end
    )
    forcing_predictions = predictions(forced)
    model = AdaptiveMPR(delta=delta, eta=adaptation[0], J=J, tau_a=adaptation[1], beta=adaptation[2])
    adaptation_predictions = predictions(adaptation_run(model, t_end))
    by_forcing, by_adaptation = forcing_predictions["centre"], adaptation_predictions["centre"]
    figure = new_figure(4.8, 4.4)
    axes = figure.subplots()
    top = max(by_forcing.simulated.max(), by_adaptation.simulated.max()) * 1.05
    axes.plot([0, top], [0, top], color="0.5", lw=1, label="identity")
    axes.plot(by_forcing.simulated, by_forcing.predicted, "o", ms=4, label="slow forcing")
    axes.plot(by_adaptation.simulated, by_adaptation.predicted, "s", ms=4, mfc="none", label="adaptation")
    axes.set_xlabel("simulated peak rate")
    axes.set_ylabel("predicted peak rate")
    axes.legend()
    numbers = {
        "median_relative_error_forcing": median_errors(forcing_predictions),
        "median_relative_error_adaptation": median_errors(adaptation_predictions),
        "max_relative_error": [
            float(by_forcing.relative_error.max()),
            float(by_adaptation.relative_error.max()),
        ],
        "spikes": [int(by_forcing.times.size), int(by_adaptation.times.size)],
    }
    return FigureResult(
        figure,
        numbers,
        {"delta": delta, "forcing": forcing, "adaptation": adaptation, "J": J, "t_end": t_end},
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
    for period in periods:
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
    for label, series in runs.items():
        medians = [median_errors(predictions(run)) for run in series]
        errors[label] = {place: [median[place] for median in medians] for place in MEASUREMENT_POINTS}
    figure = new_figure(6.4, 3.6)
    panels = figure.subplots(1, 2, sharey=True)
    for index, (label, by_place) in enumerate(errors.items()):
        axes = panels[1] if label == "adaptation" else panels[0]
        color = f"C{index}"
        axes.loglog(deltas, by_place["centre"], "o-", color=color, label=f"{label}, at the centre")
        axes.loglog(
            deltas, by_place["trough"], "s--", color=color, mfc="none", label=f"{label}, at the trough"
        )
    panels[0].set_title("slow forcing", fontsize=10)
    panels[1].set_title("adaptation", fontsize=10)
    panels[0].set_ylabel("median relative error")
    for axes in panels:
        axes.set_xlabel("heterogeneity $\\Delta$")
        axes.legend(fontsize=7)
    return FigureResult(
        figure,
        {"median_relative_error": errors},
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
    figure = new_figure(6.4, 4.2)
    axes = figure.subplots()
    zoom = axes.inset_axes((0.07, 0.42, 0.42, 0.4))
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
    zoom.tick_params(labelsize=7)
    axes.indicate_inset_zoom(zoom, edgecolor="0.4")
    axes.set_xlabel("slow excitability $\\eta(t)$")
    axes.set_ylabel("$r$")
    axes.legend(loc="upper left", fontsize=8)
    lows = [p.r for p in fixed_points(MPR(delta=delta, eta=eta_mean + amplitude, J=J))]
    return FigureResult(
        figure,
        {"equilibria_at_max_eta": len(lows)},
        {"delta": delta, "eta_mean": eta_mean, "amplitude": amplitude, "period": period, "J": J},
    )
