"""Every figure shows its data, and shows what its docstring says it shows.

Two layers:

- a generic check over the registry: no panel is empty, and the curves and markers
  of every panel lie (mostly) inside its visible limits;
- one check per figure of what its caption claims, computed from the figure's data
  (its artists and the numbers it returns). Each figure function states that claim
  in its docstring, in a sentence that starts with ``Shows:``.
"""

import inspect

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import LogLocator

from nmmtools import MPR, MutualInhibition, frozen_excitability, potential, pulse, simulate, winner_state
from nmmtools.figures import FIGURES, order_parameter, reshaping
from nmmtools.figures.registry import smallest_font

pytestmark = pytest.mark.slow

INSIDE = 0.5
"""A curve must have at least this share of its (finite) points inside the visible limits."""


def data_artists(axes: Axes) -> list:
    """What a panel draws as data: lines, collections, patches and images."""
    lines = [line for line in axes.lines if line.get_visible() and len(line.get_xdata()) > 0]
    return lines + list(axes.collections) + list(axes.patches) + list(axes.images)


def inside(axes: Axes, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which finite points ``(x, y)`` lie inside the panel's visible limits."""
    (x0, x1), (y0, y1) = sorted(axes.get_xlim()), sorted(axes.get_ylim())
    finite = np.isfinite(x) & np.isfinite(y)
    return finite & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1), finite


def problems(figure: Figure) -> list[str]:
    """What is wrong with a figure as a picture of its data (empty list: nothing)."""
    found = []
    for index, axes in enumerate(figure.axes):
        if axes.get_label() == "<colorbar>":
            continue
        where = f"panel {index} ({axes.get_title() or axes.get_ylabel() or 'untitled'})"
        if not data_artists(axes):
            found.append(f"{where} is empty")
            continue
        for line in axes.lines:
            if line.get_transform() != axes.transData:  # axhline, axvline: drawn across the panel
                continue
            x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
            shown, finite = inside(axes, x, y)
            if finite.sum() and shown.sum() < INSIDE * finite.sum():
                found.append(
                    f"{where}: {line.get_label()!r} has {shown.sum()} of {finite.sum()} points in view"
                )
        for collection in axes.collections:
            if isinstance(collection, PathCollection) and len(collection.get_offsets()):
                offsets = np.asarray(collection.get_offsets(), dtype=float)
                shown, finite = inside(axes, offsets[:, 0], offsets[:, 1])
                if finite.sum() and shown.sum() < INSIDE * finite.sum():
                    found.append(f"{where}: markers {shown.sum()} of {finite.sum()} in view")
    return found


KNOWN_DEFECTS: dict[str, str] = {}
"""Figures known to fail the generic check, until they are fixed (strict: a fixed one must leave)."""


@pytest.mark.parametrize(
    "figure_id",
    [
        pytest.param(figure_id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[figure_id]))
        if figure_id in KNOWN_DEFECTS
        else figure_id
        for figure_id in FIGURES
    ],
)
def test_every_panel_shows_its_data(made_figures, figure_id):
    result, _ = made_figures[figure_id]
    assert not problems(result.figure)


def old_reshaping_figure() -> Figure:
    """The reshaping figure as it was built before issue 17.1, redrawn from the package's functions:
    every panel over r in [0.02, 2.5] with y-limits min(U) + [-2, 25]."""
    model = MutualInhibition()
    drive = pulse(start=1.0, duration=5.0, amplitude=15.0)
    moments = (0.5, 5.0, 40.0)
    run = simulate(model, winner_state(model, 0), (0.0, 40.0), I=[0.0, drive], t_eval=moments, max_step=0.05)
    eta_eff = frozen_excitability(run)
    rates = np.geomspace(0.02, 2.5, 400)
    figure = Figure()
    axes = figure.subplots(2, 3)
    for column in range(3):
        for k in range(2):
            landscape = MPR(delta=0.0, eta=float(eta_eff[k, column]), J=model.J)
            values = potential(landscape, rates)
            axes[k, column].plot(rates, values, color="k")
            rate = run.r[k, column]
            axes[k, column].plot(rate, potential(landscape, rate), "o")
            axes[k, column].set_ylim(np.min(values) - 2, np.min(values) + 25)
    return figure


def test_the_old_reshaping_figure_fails_the_generic_check():
    """The defect that was once pinned as a baseline: y-limits min(U) + [-2, 25], with U -> -inf at
    the left edge, left one vertical line per panel and the balls off-scale; the new figure passes."""
    assert len(problems(old_reshaping_figure())) >= 5
    assert problems(reshaping().figure) == []


def curve(axes: Axes, label: str) -> Line2D:
    """The line labelled ``label`` in a panel."""
    matches = [line for line in axes.lines if line.get_label() == label]
    assert matches, f"no line labelled {label!r}; labels: {[line.get_label() for line in axes.lines]}"
    return matches[0]


def check_bistable_switch(result):
    rates = result.figure.axes[1].lines[0].get_ydata()
    low, _, high = (point[0] for point in result.numbers["equilibria"])
    assert rates.max() > 0.9 * high  # the first pulse switches the population on
    assert result.numbers["final_r"] == pytest.approx(low, rel=1e-3)  # the second back off


def check_potential(result):
    axes = result.figure.axes[0]
    numbers = result.numbers
    assert numbers["U_centre"] < numbers["U_saddle"] and numbers["r_saddle"] < numbers["r_centre"]
    levels = [segment for collection in axes.collections for segment in collection.get_segments()]
    assert len(levels) == len(result.parameters["fractions"])
    for (left, y), (right, _) in levels:
        assert numbers["r_saddle"] < left < numbers["r_centre"] < right and y < numbers["U_saddle"]


def check_phase_portrait(result):
    axes = result.figure.axes[0]
    orbits = [line for line in axes.lines if line.get_label() in ("simulated orbits", "_child0")]
    assert result.numbers["max_relative_drift"] < 1e-8
    saddle = curve(axes, "saddle (separatrix in red)").get_xdata()[0]
    for line in axes.lines[: len(result.parameters["fractions"])]:
        assert np.min(line.get_xdata()) > saddle  # inside the well, right of the saddle
    assert orbits


def check_conservation(result):
    drifts = list(result.numbers["max_relative_drift"].values())
    assert all(
        a > b for a, b in zip(drifts[:-1], drifts[1:-1], strict=False)
    )  # tighter tolerance, less drift
    assert drifts[-1] < 1e-10 < drifts[0]  # the symplectic method stays below every DOP853 curve


def check_work_precision(result):
    best = result.numbers["best_error"]
    assert best["splitting, order 8"] < 1e-10 < best["RK45"]
    assert len(result.figure.axes[0].lines) >= len(best)


def check_landscape(result):
    assert result.numbers["equilibria"] == ["saddle", "centre"]


def check_landscape_frames(result):
    kinds = result.numbers["equilibria"]
    assert kinds["-7"] == [] and kinds["-5"] == ["saddle", "centre"] and kinds["1"] == ["centre"]


def check_rate_map(result):
    assert 0.2 < result.numbers["fraction_positive"] < 0.8  # the energy rises in places and falls in others


def check_energy_drift(result):
    assert all(drop > 0 for drop in result.numbers["energy_drop"].values())  # H falls for every Delta


def check_strong_coupling(result):
    variations = result.numbers["variations"]
    assert all(a > b for a, b in zip(variations, variations[1:], strict=False))
    assert result.numbers["slope"] == pytest.approx(-2.0, abs=0.2)


def check_uncoupled(result):
    assert result.numbers["max_relative_residual"] < 1e-8


def check_deviation(result):
    for series in result.numbers.values():
        assert all(a < b for a, b in zip(series, series[1:], strict=False))  # grows with J and amplitude


def check_heterogeneous(result):
    spiral = result.figure.axes[0].lines[0]
    r, v = spiral.get_xdata(), spiral.get_ydata()
    centre = result.numbers["fit_centre"]
    assert result.numbers["cycle_deviation_from_ellipse"] < 0.05
    assert np.hypot(r[-1] - r[-50:].mean(), v[-1]) < np.hypot(r[0] - r[-50:].mean(), v[0])  # spirals in
    assert len(centre) == 2


def check_bursting_time_series(result):
    assert result.numbers["spikes"] >= 10 and result.numbers["median_relative_error"] < 0.05


def check_prediction(result):
    """Read at the centre every error is within 10 % and most predictions are too low; read at the
    trough most are too high (the claims of the docstring and the chapter)."""
    assert all(error < 0.1 for error in result.numbers["max_relative_error"])
    for by_place in result.numbers["underestimated_fraction"].values():
        assert by_place["centre"] > 0.75 and by_place["trough"] < 0.25


def check_error_against_delta(result):
    for by_place in result.numbers["median_relative_error"].values():
        centre = by_place["centre"]
        assert all(
            a > b for a, b in zip(centre, centre[1:], strict=False)
        )  # read on the rise: falls with Delta


def check_fast_slow(result):
    assert result.numbers["equilibria_at_max_eta"] == 1  # the forcing takes the system past the fold


def check_basins(result):
    assert sum(1 for point in result.numbers["equilibria"] if point[-1] != "saddle") == 3


def check_reshaping(result):
    """Every ball and every well's bottom lies inside its panel; the winner sits at the bottom of a
    well and the loser on a slope without one, before (population 1 wins) and after (population 2)."""
    panels = result.numbers["panels"]
    names = [f"{moment} r{k}" for moment in ("before", "during", "after") for k in (1, 2)]  # row by row
    for axes, name in zip(result.figure.axes, names, strict=True):
        panel = panels[name]
        (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
        shown = [(panel["rate"], panel["U_ball"])] + ([tuple(panel["bottom"])] if panel["bottom"] else [])
        for x, y in shown:
            assert x0 < x < x1 and y0 < y < y1, name
    for moment, (winner, loser) in {"before": ("r1", "r2"), "after": ("r2", "r1")}.items():
        high, low = panels[f"{moment} {winner}"], panels[f"{moment} {loser}"]
        assert high["bottom"] is not None and high["rate"] == pytest.approx(high["bottom"][0], rel=0.05)
        assert low["bottom"] is None and low["rate"] < 0.1


def check_frozen(result):
    """Top: the full and frozen deviations agree (within 15 % of the largest); bottom: the full one
    ends over ten times above the frozen one, and the slowest rates differ by over 30 %."""
    numbers = result.numbers
    assert numbers["winner_max_difference"] < 0.15 * numbers["winner_max_deviation"]
    full, frozen = (line.get_ydata() for line in result.figure.axes[1].lines[:2])
    assert full[-1] > 10 * frozen[-1]
    rates = numbers["both_low_rates"]
    assert rates["frozen"] > 1.3 * rates["full"]


def check_transitions(result):
    """The three runs end as the strip says at their amplitudes (1 wins, both low, 2 wins); the strip starts
    with population 1 winning and then holds both other outcomes more than once (not monotonic)."""
    stays, low, swap = result.numbers["final_rates"].values()
    assert stays[0] > 0.5 > stays[1] and max(low) < 0.5 and swap[1] > 0.5 > swap[0]
    assert list(result.numbers["outcome_of"].values()) == [0, -1, 1]
    windows = result.numbers["windows"]
    assert windows[0][:1] == [0.0] and windows[0][2] == 0 and all(window[2] != 0 for window in windows[1:])
    assert result.numbers["swap_windows"] >= 2 and result.numbers["low_windows"] >= 2


def check_noise(result):
    """The run switches (both rates cross the upper level); mean dwells grow with 1 / noise, every level
    has at least 100 dwells, and the escape action lies inside the slope's 95 % interval."""
    numbers = result.numbers
    r1, r2 = (line.get_ydata() for line in result.figure.axes[0].lines[:2])
    level = result.parameters["threshold"]
    assert r1.max() > level and r2.max() > level
    means = numbers["mean_dwell"]
    assert all(a < b for a, b in zip(means, means[1:], strict=False))  # noises are in decreasing order
    assert min(numbers["dwell_counts"]) >= 100
    low, high = numbers["slope_interval"]
    assert low < numbers["escape_action"] < high and numbers["action_inside_interval"]


def check_maxent(result):
    """Minima = the model's stable patterns; over 100 winner switches; a bar for every pattern."""
    numbers = result.numbers
    assert set(numbers["landscape_minima"]) == set(numbers["model_stable_patterns"]) and numbers["match"]
    assert numbers["winner_switches"] >= 100 and numbers["basin_transitions"] >= numbers["winner_switches"]
    assert len(result.figure.axes[0].patches) == 2 ** result.parameters["n"]
    assert numbers["D2"] < numbers["D1"]


def check_network_step(result):
    assert result.numbers["mean_rate_network"] == pytest.approx(result.numbers["mean_rate_mpr"], rel=0.05)


def check_network_ramp(result):
    assert result.numbers["rms_rate_difference"] < 0.5


def check_network_energy(result):
    assert set(result.numbers["energy"]) == {f"{delta:g}" for delta in result.parameters["deltas"]}


def check_finite_size(result):
    assert result.numbers["slope"] == pytest.approx(-0.5, abs=0.1)


LEGEND_COVER = 0.03
"""A legend may hide at most this share of the visible points of any line."""


def phone_problems(figure: Figure) -> list[str]:
    """What makes a figure hard to read on a phone (empty list: nothing).

    Text smaller than ``SMALLEST_TEXT`` CSS pixels once the figure is shown ``PHONE_WIDTH``
    pixels wide (the book's style, :func:`nmmtools.figures.registry.smallest_font`); tick
    labels of one axis that overlap; a legend that covers data points, an image or other text.
    """
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    found = []
    smallest = smallest_font(figure.get_figwidth())
    hidden = set()  # labels of ticks outside the view limits: matplotlib does not draw them
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks()):
                if not low - 1e-9 * abs(high - low) <= tick.get_loc() <= high + 1e-9 * abs(high - low):
                    hidden.update((id(tick.label1), id(tick.label2)))
    texts = [
        text
        for text in figure.findobj(Text)
        if text.get_visible()
        and text.get_text().strip()
        and text.get_figure(root=True) is figure
        and id(text) not in hidden
    ]
    for text in texts:
        if text.get_fontsize() < smallest - 1e-9:
            found.append(f"{text.get_text()!r} at {text.get_fontsize():.1f} pt, below {smallest:.1f} pt")
    for index, axes in enumerate(figure.axes):
        for name, axis in (("x", axes.xaxis), ("y", axes.yaxis)):
            boxes = [
                label.get_window_extent(renderer)
                for label in axis.get_ticklabels()
                if label.get_visible() and label.get_text().strip()
            ]
            boxes.sort(key=lambda box: box.x0 if name == "x" else box.y0)
            for first, second in zip(boxes, boxes[1:], strict=False):
                if first.overlaps(second):
                    found.append(f"panel {index}: {name} tick labels overlap")
    legends = [artist for artist in figure.findobj(Legend) if artist.get_visible()]
    legend_texts = {id(text) for legend in legends for text in [*legend.get_texts(), legend.get_title()]}
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for index, axes in enumerate(figure.axes):
            panel = axes.get_window_extent(renderer)
            if axes.images and box.overlaps(panel):
                found.append(f"a legend covers the image of panel {index}")
            for line in axes.lines:
                if line.get_transform() != axes.transData or len(line.get_xdata()) == 0:
                    continue
                points = axes.transData.transform(np.column_stack((line.get_xdata(), line.get_ydata())))
                x, y = points[np.all(np.isfinite(points), axis=1)].T
                shown = (x >= panel.x0) & (x <= panel.x1) & (y >= panel.y0) & (y <= panel.y1)
                covered = shown & (x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)
                if covered.sum() > LEGEND_COVER * max(shown.sum(), 1) or (shown.sum() <= 2 and covered.any()):
                    found.append(
                        f"a legend covers {covered.sum()} points of {line.get_label()!r} in panel {index}"
                    )
        for text in texts:
            if id(text) not in legend_texts and box.overlaps(text.get_window_extent(renderer)):
                found.append(f"a legend overlaps the text {text.get_text()!r}")
    return found


def check_on_a_phone(result):
    assert not phone_problems(result.figure)


def test_the_phone_check_can_fail():
    """Legend text of 5 pt over the data (below the smallest size a 3.9-inch figure may use, about
    6.6 pt) and a label on every one of 13 decades, 3.9 inches wide: all three parts of the check
    fail."""
    figure = Figure(figsize=(3.9, 2.5))
    axes = figure.subplots()
    x = np.geomspace(1e-12, 1.0, 50)
    axes.loglog(x, x, label="data")
    axes.xaxis.set_major_locator(LogLocator(numticks=20))
    axes.legend(loc="center", fontsize=5)
    found = phone_problems(figure)
    assert any("pt, below" in problem for problem in found)
    assert any("tick labels overlap" in problem for problem in found)
    assert any("legend covers" in problem for problem in found)
    assert not phone_problems(order_parameter().figure)


def check_order_parameter(result):
    check_on_a_phone(result)
    top, bottom = result.figure.axes
    trajectories = [
        [line for line in axes.lines if line.get_label().startswith("from")] for axes in (top, bottom)
    ]
    assert [len(lines) for lines in trajectories] == [3, 3]
    for line in trajectories[0]:
        assert np.all(line.get_xdata() > 0)  # Re w = pi r > 0
    for line in trajectories[1]:
        assert np.all(np.hypot(line.get_xdata(), line.get_ydata()) < 1.0)  # |Z| < 1
    assert result.numbers["max_abs_Z"] < 1.0 and max(result.numbers["equilibria_abs_Z"]) < 1.0
    assert result.numbers["equilibria_kinds"] == ["stable node", "saddle", "stable focus"]


def check_circles(result):
    check_on_a_phone(result)
    top, middle, bottom = result.figure.axes
    curves = [line for line in top.lines if len(line.get_xdata()) > 100]
    centres = [line for line in top.lines if line.get_marker() == "x"]
    assert len(curves) == len(centres) == len(result.parameters["excesses"])
    for curve_line, centre in zip(curves, centres, strict=True):
        radius = np.hypot(curve_line.get_xdata() - centre.get_xdata()[0], curve_line.get_ydata())
        assert np.ptp(radius) < 1e-9 * radius.mean()  # a circle about the derived centre
    assert (
        result.numbers["max_relative_distance_from_circle"]
        < result.bounds["max_relative_distance_from_circle"]
    )
    uncoupled, coupled = (line.get_ydata() for line in middle.lines[:2])
    assert np.ptp(uncoupled) < result.bounds["max_relative_period_spread"] * uncoupled.mean()  # isochrony
    assert np.all(np.diff(coupled) > 0)  # coupling: the period grows with the amplitude
    assert result.numbers["deviation_exponent"] == pytest.approx(1.0, abs=0.05)
    assert bottom.lines[1].get_label() == f"slope {result.numbers['deviation_exponent']:.3f}"


def check_period(result):
    check_on_a_phone(result)
    numbers = result.numbers
    periods = result.figure.axes[0].lines[0].get_ydata()
    assert np.all(np.diff(periods) > 0) and periods[0] == pytest.approx(numbers["small_oscillation_period"])
    assert numbers["slope_per_decade_near_rim"] == pytest.approx(numbers["ln10_over_rate"], rel=1e-3)
    np.testing.assert_allclose(numbers["periods_at_10_50_90_percent"], [1.9565, 2.1993, 2.8820], atol=5e-5)


def check_intervals(result):
    check_on_a_phone(result)
    numbers = result.numbers
    assert numbers["intervals"] >= 5 and numbers["median_relative_error"]["trough"] < 0.01
    # both readings compare the same intervals: one fewer than the spikes of the burst
    assert numbers["intervals_by_place"] == {"trough": numbers["spikes"] - 1, "centre": numbers["spikes"] - 1}
    trough = numbers["scan_median_relative_error"]["trough"]
    assert all(a > b for a, b in zip(trough, trough[1:], strict=False))  # deltas decrease: so does the error


def check_energy_loss(result):
    check_on_a_phone(result)
    simulated = np.array(result.numbers["simulated"])
    predicted = np.array(result.numbers["predicted_at_fractions"])
    assert np.all(simulated < 0) and np.all(np.abs(predicted - simulated) < 0.02 * np.abs(simulated))
    assert result.numbers["error_exponent"] == pytest.approx(1.0, abs=0.1)


def check_bifurcations(result):
    check_on_a_phone(result)
    numbers = result.numbers
    assert numbers["count_mismatches_top"] == 0
    assert numbers["cusp"] == pytest.approx([-np.sqrt(3.0), 2 * np.pi * (4 / 3) ** 0.75], rel=1e-12)
    low, high = numbers["bistable_range_classical"]
    assert low < result.parameters["classical"][0] < high
    counts = result.figure.axes[0].images[0].get_array()
    eta, J = result.parameters["classical"]
    (eta_low, eta_high), (J_low, J_high) = result.parameters["eta_range"], result.parameters["J_range"]
    grid = result.parameters["grid"] - 1
    assert (
        counts[
            round((J - J_low) / (J_high - J_low) * grid), round((eta - eta_low) / (eta_high - eta_low) * grid)
        ]
        == 3
    )


def check_phase_plane(result):
    check_on_a_phone(result)
    numbers = result.numbers
    assert numbers["kinds"] == ["stable node", "saddle", "stable focus"]
    assert numbers["homogeneous_kinds"] == ["saddle", "centre"]
    node, _, focus = numbers["equilibria"]
    ends = numbers["unstable_ends"]
    assert np.hypot(*np.subtract(ends[0], focus)) < 1e-2 and np.hypot(*np.subtract(ends[1], node)) < 1e-2


CHECKS = {
    "intro-bistable-switch": check_bistable_switch,
    "hamiltonian-potential": check_potential,
    "hamiltonian-phase-portrait": check_phase_portrait,
    "hamiltonian-conservation": check_conservation,
    "hamiltonian-work-precision": check_work_precision,
    "hamiltonian-landscape": check_landscape,
    "hamiltonian-landscape-frames": check_landscape_frames,
    "heterogeneity-rate-map": check_rate_map,
    "heterogeneity-energy-drift": check_energy_drift,
    "heterogeneity-strong-coupling": check_strong_coupling,
    "ellipses-uncoupled": check_uncoupled,
    "ellipses-deviation": check_deviation,
    "ellipses-heterogeneous": check_heterogeneous,
    "geometry-order-parameter": check_order_parameter,
    "geometry-circles": check_circles,
    "geometry-period": check_period,
    "geometry-intervals": check_intervals,
    "geometry-energy-loss": check_energy_loss,
    "geometry-bifurcations": check_bifurcations,
    "geometry-phase-plane": check_phase_plane,
    "bursting-forcing": check_bursting_time_series,
    "bursting-adaptation": check_bursting_time_series,
    "bursting-prediction": check_prediction,
    "bursting-heterogeneity": check_error_against_delta,
    "bursting-fast-slow": check_fast_slow,
    "landscapes-basins": check_basins,
    "landscapes-reshaping": check_reshaping,
    "landscapes-frozen": check_frozen,
    "landscapes-transitions": check_transitions,
    "landscapes-noise": check_noise,
    "landscapes-maxent": check_maxent,
    "network-step": check_network_step,
    "network-ramp": check_network_ramp,
    "network-energy": check_network_energy,
    "network-finite-size": check_finite_size,
}


def test_every_figure_has_a_content_check_and_states_it():
    assert set(CHECKS) == set(FIGURES), "add a check of what the new figure shows to CHECKS"
    for figure_id, spec in FIGURES.items():
        assert "Shows:" in (inspect.getdoc(spec.make) or ""), f"{figure_id}: say what it shows ('Shows: ...')"


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_the_figure_shows_what_its_docstring_says(made_figures, figure_id):
    result, _ = made_figures[figure_id]
    CHECKS[figure_id](result)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_figure_is_legible_on_a_phone(made_figures, figure_id):
    """The book's style: text of at least SMALLEST_TEXT CSS px when the figure is shown PHONE_WIDTH px
    wide, tick labels that do not overlap, legends off the data."""
    problems = phone_problems(made_figures[figure_id][0].figure)
    assert not problems, problems[:8]


def test_the_style_check_can_fail():
    """A default matplotlib figure, 6.4 in wide with 10 pt ticks and a legend over its data, fails it."""
    figure = Figure(figsize=(6.4, 4.8))
    axes = figure.subplots()
    x = np.linspace(0.0, 1.0, 200)
    axes.plot(x, np.full_like(x, 0.98), label="a long label that covers the data")
    axes.plot(x, x, label="another")
    axes.legend(loc="upper right")
    found = phone_problems(figure)
    assert any("below" in problem for problem in found)
    assert any("legend covers" in problem for problem in found)
