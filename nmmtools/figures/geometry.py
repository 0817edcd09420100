"""Figures of the chapter on the geometry behind the energy.

The figures only draw: every number they show comes from a tested function of
:mod:`nmmtools` (the complex variable, periods and energy loss, bifurcations and
the phase plane) or from :mod:`nmmtools.symbolic.geometry`.

They follow the book's style (:data:`nmmtools.figures.registry.STYLE`, the book's
width): panels are stacked, and legends sit above them, off the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.ticker import LogLocator, NullFormatter

from nmmtools.analysis.bifurcations import (
    bistable_range,
    cusp,
    cusp_at_coupling,
    equilibrium_count,
    saddle_node_curve,
    saddle_node_curve_at_coupling,
)
from nmmtools.analysis.bursting import burst_peaks, forced_run, predict_intervals
from nmmtools.analysis.complex_variable import kuramoto_order, to_complex
from nmmtools.analysis.ellipses import ellipse_deviation
from nmmtools.analysis.fits import power_law
from nmmtools.analysis.orbits import energy_loss_per_turn, level_set, measure_turn, period
from nmmtools.analysis.phase_plane import potential_nullcline, rate_nullcline, saddle_manifolds
from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.hamiltonian import energy_grid, well
from nmmtools.inputs import sinusoid
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import simulate
from nmmtools.stability import FixedPoint
from nmmtools.symbolic import geometry as derived
from nmmtools.symbolic.mpr import eta as eta_symbol

PANEL = 3.2
"""Height of one stacked panel, in inches."""

KIND_STYLE = {
    "saddle": ("s", "C3"),
    "centre": ("o", "C2"),
    "stable focus": ("o", "k"),
    "stable node": ("D", "k"),
    "unstable focus": ("o", "w"),
    "unstable node": ("D", "w"),
}
"""Marker and colour of each kind of equilibrium: nodes are diamonds, foci and centres circles."""


def mark_equilibria(
    axes: Axes,
    points: Sequence[FixedPoint],
    transform: Callable[[float, float], tuple[float, float]] = lambda r, v: (r, v),
    *,
    labels: bool = True,
) -> None:
    """Draw equilibria with the marker of their kind, mapped by ``transform``.

    With ``labels``, each kind is labelled once for the legend.
    """
    labelled = set()
    for point in points:
        marker, colour = KIND_STYLE.get(point.kind, ("x", "k"))
        x, y = transform(point.r, point.v)
        label = None if point.kind in labelled or not labels else point.kind
        labelled.add(point.kind)
        axes.plot(x, y, marker, ms=6, mfc=colour, mec="k", zorder=5, label=label)


def legend_above(axes: Axes, ncols: int = 2, **options: object) -> None:
    """The panel's legend in a band above it, off the data.

    Anchored at the panel's top left corner at its natural width: a legend stretched over
    the panel (``mode="expand"``) makes constrained layout depend on earlier draws, so a
    figure saved twice (PNG, then PDF) could lose its layout.
    """
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.02),
        ncols=ncols,
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.6,
        **options,
    )


def sparse_log_ticks(axes: Axes, axis: str = "x", numticks: int = 5) -> None:
    """At most ``numticks`` labelled decades on a logarithmic axis, so that the labels do not overlap."""
    target = axes.xaxis if axis == "x" else axes.yaxis
    target.set_major_locator(LogLocator(base=10.0, numticks=numticks))
    target.set_minor_locator(LogLocator(base=10.0, subs=[0.1 * k for k in range(2, 10)], numticks=100))
    target.set_minor_formatter(NullFormatter())


@register(
    "geometry-order-parameter",
    title="The complex variable and the Kuramoto order parameter",
    chapter="geometry",
)
def order_parameter(
    *,
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    starts: tuple[tuple[float, float], ...] = ((1.4, 0.0), (0.15, 1.0), (0.6, -2.0)),
    t_end: float = 12.0,
) -> FigureResult:
    """Trajectories of the bistable MPR model in the plane of ``w = pi r + i v`` and of ``Z``.

    Shows: three trajectories with ``Re w = pi r > 0`` (top) whose order parameter stays
    inside the unit circle, ``|Z| < 1`` (bottom), with the three equilibria marked in both.

    Top: the trajectories (coloured, a dot at each start) and the equilibria in ``w``.
    Bottom: the same trajectories mapped to the Kuramoto order parameter
    ``Z = (1 - conj(w)) / (1 + conj(w))``, inside the unit circle (grey).

    Parameters
    ----------
    delta, eta, J : float
        Model parameters.
    starts : tuple of (r, v)
        Initial states.
    t_end : float
        Length of each run.
    """
    model = MPR(delta=delta, eta=eta, J=J)
    figure = new_figure(height=2 * PANEL + 0.6)
    top, bottom = figure.subplots(2, 1)
    largest = 0.0
    times = np.linspace(0.0, t_end, 3001)
    for index, start in enumerate(starts):
        run = simulate(model, start, (0.0, t_end), t_eval=times)
        w = to_complex(run.r, run.v)
        order = kuramoto_order(run.r, run.v)
        largest = max(largest, float(np.max(np.abs(order))))
        label = f"from $(r, v)$ = ({start[0]:g}, {start[1]:g})"
        top.plot(w.real, w.imag, color=f"C{index}", lw=1, label=label)
        bottom.plot(order.real, order.imag, color=f"C{index}", lw=1, label=label)
        top.plot(w.real[0], w.imag[0], ".", ms=7, color=f"C{index}")
        bottom.plot(order.real[0], order.imag[0], ".", ms=7, color=f"C{index}")
    points = fixed_points(model)
    mark_equilibria(top, points, lambda r, v: (float(np.pi * r), v))
    mark_equilibria(
        bottom, points, lambda r, v: (float(kuramoto_order(r, v).real), float(kuramoto_order(r, v).imag))
    )
    angles = np.linspace(0.0, 2.0 * np.pi, 400)
    bottom.plot(np.cos(angles), np.sin(angles), color="0.5", lw=0.8, label="|Z| = 1")
    bottom.set_aspect("equal")
    bottom.set_xlim(-1.1, 1.1)
    bottom.set_ylim(-1.1, 1.1)
    top.set_xlabel(r"Re $w = \pi r$")
    top.set_ylabel(r"Im $w = v$")
    legend_above(top, ncols=2, title=rf"$\Delta$ = {delta:g}, $\eta$ = {eta:g}, $J$ = {J:g}")
    bottom.set_xlabel("Re $Z$")
    bottom.set_ylabel("Im $Z$")
    numbers = {
        "max_abs_Z": largest,
        "equilibria_abs_Z": [float(abs(kuramoto_order(point.r, point.v))) for point in points],
        "equilibria_kinds": [point.kind for point in points],
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "starts": starts, "t_end": t_end}
    return FigureResult(figure, numbers, parameters)


@register("geometry-circles", title="Circles, isochrony, and how coupling bends them", chapter="geometry")
def circles(
    *,
    eta: float = 2.0,
    excesses: tuple[float, ...] = (1.0, 4.0, 12.0),
    coupled: tuple[float, float] = (-5.0, 15.0),
    fractions: tuple[float, ...] = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 0.6, 0.9),
) -> FigureResult:
    """Level sets of ``H`` for ``J = 0`` are circles in ``w`` with one period; coupling bends and slows them.

    Shows: simulated orbits of ``J = 0`` on circles about the centres sympy derives, one period
    for every amplitude without coupling and a period that grows with the amplitude with it, and a
    deviation from the fitted ellipse that grows like the amplitude (fitted slope within 0.05 of 1).

    Top: for ``J = 0`` the level sets (lines, :func:`nmmtools.level_set`) and points of
    simulated orbits (circles) in the ``w`` plane, with the circles' centres ``h / 2 pi``
    (crosses, :func:`nmmtools.symbolic.geometry.riccati_circles`). Middle: the period
    against the amplitude for ``J = 0`` (flat: isochrony) and for the coupled model.
    Bottom: the deviation of the coupled model's level sets from their fitted ellipses
    against the amplitude, with the power law fitted to the four smallest amplitudes.

    Parameters
    ----------
    eta : float
        Excitability of the uncoupled model (``> 0``).
    excesses : tuple of float
        Energies of the uncoupled level sets above the bottom of the well.
    coupled : (eta, J)
        The coupled model.
    fractions : tuple of float
        Energies of the coupled model's level sets, as fractions of the depth of its well.
    """
    uncoupled = MPR(delta=0.0, eta=eta, J=0.0)
    figure = new_figure(height=3 * PANEL + 0.4)
    top, middle, bottom = figure.subplots(3, 1)
    circle = derived.riccati_circles()
    basin = well(uncoupled)
    distances = []
    for index, excess in enumerate(excesses):
        level = basin.U_bottom + excess
        w = to_complex(*level_set(uncoupled, level, samples=400))
        top.plot(np.append(w.real, w.real[0]), np.append(w.imag, w.imag[0]), color=f"C{index}", lw=1)
        duration = period(uncoupled, level)
        right = basin.turning_points(level)[1]
        run = simulate(
            uncoupled, (right, 0.0), (0.0, duration), t_eval=np.linspace(0.0, duration, 25, endpoint=False)
        )
        simulated = to_complex(run.r, run.v)
        centre = float(circle["centre"].subs(derived.h, level))
        radius = float(np.sqrt(float(circle["radius_squared"].subs({derived.h: level, eta_symbol: eta}))))
        distances.append(float(np.max(np.abs(np.abs(simulated - centre) - radius)) / radius))
        top.plot(simulated.real, simulated.imag, "o", ms=3, mfc="none", color=f"C{index}")
        top.plot(centre, 0.0, "x", ms=6, color=f"C{index}")
    top.set_aspect("equal")
    top.set_xlabel(r"Re $w = \pi r$")
    top.set_ylabel(r"Im $w = v$")
    top.set_title(rf"$J$ = 0, $\eta$ = {eta:g}: circles")

    uncoupled_amplitudes, uncoupled_periods = [], []
    centre_rate = basin.bottom.r
    for excess in np.geomspace(1e-3, 50.0, 20):
        level = basin.U_bottom + excess
        uncoupled_amplitudes.append(basin.turning_points(level)[1] / centre_rate - 1.0)
        uncoupled_periods.append(period(uncoupled, level))
    model = MPR(delta=0.0, eta=coupled[0], J=coupled[1])
    coupled_well = well(model)
    levels = coupled_well.level(np.array(fractions))
    amplitudes = np.array(
        [coupled_well.turning_points(level)[1] / coupled_well.bottom.r - 1.0 for level in levels]
    )
    coupled_periods = [period(model, level) for level in levels]
    coupled_label = rf"$J$ = {coupled[1]:g}, $\eta$ = {coupled[0]:g}"
    middle.semilogx(uncoupled_amplitudes, uncoupled_periods, "o-", ms=3, label=rf"$J$ = 0, $\eta$ = {eta:g}")
    middle.semilogx(amplitudes, coupled_periods, "s-", ms=3, label=coupled_label)
    sparse_log_ticks(middle)
    middle.set_xlabel(r"amplitude $r_{max}/r^* - 1$")
    middle.set_ylabel("period $T$")
    legend_above(middle)

    deviations = np.array([ellipse_deviation(*level_set(model, level, samples=2000)) for level in levels])
    fitted = 4  # the smallest amplitudes, where the leading (cubic) correction dominates
    fit = power_law(amplitudes[:fitted], deviations[:fitted])
    bottom.loglog(amplitudes, deviations, "s", ms=4, color="C1", label=coupled_label)
    bottom.loglog(amplitudes, fit(amplitudes), color="0.4", lw=1, label=f"slope {fit.slope:.3f}")
    sparse_log_ticks(bottom)
    sparse_log_ticks(bottom, "y")
    bottom.set_xlabel(r"amplitude $r_{max}/r^* - 1$")
    bottom.set_ylabel("deviation from ellipse")
    legend_above(bottom)
    isochrony = np.pi / np.sqrt(eta)
    numbers = {
        "isochronous_period": float(isochrony),
        "max_relative_period_spread": float(np.max(np.abs(np.array(uncoupled_periods) / isochrony - 1.0))),
        "max_relative_distance_from_circle": max(distances),
        "uncoupled_amplitude_range": [min(uncoupled_amplitudes), max(uncoupled_amplitudes)],
        "coupled_periods": coupled_periods,
        "coupled_amplitudes": amplitudes.tolist(),
        "deviations": deviations.tolist(),
        "deviation_exponent": fit.slope,
        "deviation_fit_points": fitted,
    }
    parameters = {"eta": eta, "excesses": excesses, "coupled": coupled, "fractions": fractions}
    bounds = {
        "max_relative_period_spread": 1e-11,  # the quadrature converges to 1e-13
        "max_relative_distance_from_circle": 1e-7,  # the simulation's rtol is 1e-9
    }
    return FigureResult(figure, numbers, parameters, bounds)


@register("geometry-period", title="The period of a turn across the well", chapter="geometry")
def period_across_the_well(
    *, eta: float = -5.0, J: float = 15.0, points: int = 80, closest: float = 1e-9
) -> FigureResult:
    """The period ``T(h)`` from the bottom of the well to its rim, and its logarithmic divergence.

    Shows: a period that rises with the energy from the small-oscillation period at the bottom,
    and near the rim grows by ``ln 10 / lambda`` per decade of distance (to 1e-3).

    Top: ``T`` against the energy, as a fraction of the depth of the well, with the
    small-oscillation period ``2 pi / omega`` of the centre (dashed). Bottom: ``T``
    against the distance ``1 - fraction`` to the rim on a logarithmic axis, with the line
    ``T = -(1/lambda) ln(distance) + const``, of slope ``-ln 10 / lambda`` per decade (``lambda`` the
    saddle's unstable eigenvalue), through the closest point.

    Parameters
    ----------
    eta, J : float
        The homogeneous model (with a saddle).
    points : int
        Energies per panel.
    closest : float
        Smallest distance to the rim, as a fraction of the depth.
    """
    model = MPR(delta=0.0, eta=eta, J=J)
    basin = well(model)
    saddle = next(point for point in fixed_points(model) if point.kind == "saddle")
    rate = float(saddle.eigenvalues.real.max())
    fractions = np.linspace(0.0, 0.995, points)
    periods = [period(model, level) for level in basin.level(fractions)]
    distances = np.geomspace(closest, 1.0, points)[:-1]
    near_rim = [period(model, level) for level in basin.level(1.0 - distances)]
    smallest = period(model, basin.U_bottom)
    figure = new_figure(height=2 * PANEL + 0.5)
    top, bottom = figure.subplots(2, 1)
    top.plot(fractions, periods, color="C0", label="$T(h)$")
    top.axhline(smallest, color="0.5", ls="--", lw=1, label=rf"$2\pi/\omega$ = {smallest:.4f}")
    top.set_xlabel("energy, fraction of the depth of the well")
    top.set_ylabel("period $T(h)$")
    legend_above(top)
    bottom.semilogx(distances, near_rim, color="C0", lw=4, alpha=0.4, label="$T(h)$")
    bottom.semilogx(
        distances,
        near_rim[0] - np.log(distances / distances[0]) / rate,
        color="C3",
        ls="--",
        lw=1,
        label=rf"slope $-\ln 10/\lambda$ per decade, $\lambda$ = {rate:.3f}",
    )
    sparse_log_ticks(bottom)
    bottom.set_xlabel("distance to the rim, fraction of the depth")
    bottom.set_ylabel("period $T(h)$")
    legend_above(bottom, ncols=1)
    quoted = [period(model, level) for level in basin.level(np.array([0.1, 0.5, 0.9]))]
    numbers = {
        "small_oscillation_period": smallest,
        "periods_at_10_50_90_percent": quoted,
        "saddle_rate": rate,
        "slope_per_decade_near_rim": float(
            (near_rim[0] - near_rim[1]) / np.log10(distances[1] / distances[0])
        ),
        "ln10_over_rate": float(np.log(10.0) / rate),
        "bottom": basin.U_bottom,
        "rim": basin.U_rim,
    }
    parameters = {"eta": eta, "J": J, "points": points, "closest": closest}
    return FigureResult(figure, numbers, parameters)


@register("geometry-intervals", title="Inter-spike intervals predicted from T(h)", chapter="geometry")
def intervals(
    *,
    delta: float = 1.0,
    eta_mean: float = -5.0,
    amplitude: float = 3.0,
    forcing_period: float = 200.0,
    J: float = 15.0,
    t_end: float = 200.0,
    deltas: tuple[float, ...] = (1.0, 0.3, 0.1),
    scan_amplitude: float = 5.0,
    scan_t_end: float = 80.0,
) -> FigureResult:
    """The intervals between the spikes of a burst, simulated and predicted by the period of the energy read.

    Shows: predicted intervals within 1 % of the simulated ones (median, energy read at the
    trough), and a median error that falls with ``delta`` when the energy is read at the trough.

    Top: the rate during the first burst of the forced model. Middle: each inter-spike
    interval (dots) and the period ``T(h)`` of the frozen fast subsystem at the energy read
    before the spike that ends it, at the trough (line) or where the rate rises through the
    centre (crosses). Bottom: the median relative error against ``delta`` for both places,
    under a stronger forcing so that every ``delta`` bursts.

    Parameters
    ----------
    delta, eta_mean, amplitude, forcing_period, J : float
        The forced model of the top panels, ``eta(t) = eta_mean + amplitude sin(2 pi t / forcing_period)``.
    t_end : float
        Length of its run: one forcing period holds one whole burst. (A run that ends during the
        burst's ringing would lose its last spikes: their prominence needs the fall after the burst.)
    deltas : tuple of float
        Heterogeneities of the scan.
    scan_amplitude, scan_t_end : float
        Forcing amplitude and run length of the scan.
    """
    model = MPR(delta=delta, eta=eta_mean, J=J)
    run = forced_run(model, sinusoid(amplitude=amplitude, period=forcing_period), t_end)
    by_place = {place: predict_intervals(run, measure_at=place) for place in ("trough", "centre")}
    figure = new_figure(height=3 * PANEL + 0.6)
    top, middle, bottom = figure.subplots(3, 1)
    trough = by_place["trough"]
    shown = (run.t > trough.times[0] - 5.0) & (run.t < trough.times[-1] + 2.0)
    top.plot(run.t[shown], run.r[shown], lw=0.8)
    top.set_ylabel("rate $r$")
    top.set_xlabel("time $t$")
    top.set_title(
        rf"$\Delta$ = {delta:g}, $\eta(t)$ = {eta_mean:g} + {amplitude:g} sin(2$\pi t$/{forcing_period:g})",
    )
    centre = by_place["centre"]
    for result, label in ((trough, "simulated"), (centre, None)):  # the same spikes; either may skip one
        middle.plot(result.times, result.simulated, "o", ms=4, color="k", label=label)
    middle.plot(trough.times, trough.predicted, color="C0", lw=1, label="$T(h)$, at the trough")
    middle.plot(centre.times, centre.predicted, "x", ms=5, color="C3", label="$T(h)$, at the centre")
    middle.set_xlim(top.get_xlim())
    middle.set_xlabel("time $t$")
    middle.set_ylabel("inter-spike interval")
    legend_above(middle)
    medians: dict[str, list[float]] = {place: [] for place in by_place}
    for heterogeneity in deltas:
        scanned = forced_run(
            MPR(delta=heterogeneity, eta=eta_mean, J=J),
            sinusoid(amplitude=scan_amplitude, period=forcing_period),
            scan_t_end,
        )
        for place, values in medians.items():
            values.append(float(np.median(predict_intervals(scanned, measure_at=place).relative_error)))
    for place, marker in (("trough", "o-"), ("centre", "x--")):
        bottom.loglog(deltas, medians[place], marker, label=f"read at the {place}")
    sparse_log_ticks(bottom, "y")
    bottom.set_xlabel(r"heterogeneity $\Delta$")
    bottom.set_ylabel("median error")
    legend_above(bottom)
    numbers = {
        "spikes": int(burst_peaks(run.r).peaks.size),
        "intervals": int(trough.times.size),
        "intervals_by_place": {place: int(result.times.size) for place, result in by_place.items()},
        "relative_errors": {place: result.relative_error.tolist() for place, result in by_place.items()},
        "median_relative_error": {
            place: float(np.median(result.relative_error)) for place, result in by_place.items()
        },
        "max_relative_error": {
            place: float(np.max(result.relative_error)) for place, result in by_place.items()
        },
        "scan_median_relative_error": medians,
    }
    parameters = {
        "delta": delta,
        "eta_mean": eta_mean,
        "amplitude": amplitude,
        "forcing_period": forcing_period,
        "J": J,
        "t_end": t_end,
        "deltas": deltas,
        "scan_amplitude": scan_amplitude,
        "scan_t_end": scan_t_end,
    }
    return FigureResult(figure, numbers, parameters)


@register(
    "geometry-energy-loss",
    title="Energy lost per turn: Green's theorem against simulation",
    chapter="geometry",
)
def energy_loss(
    *,
    eta: float = -5.0,
    J: float = 15.0,
    delta: float = 0.01,
    fractions: tuple[float, ...] = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9),
    deltas: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03, 0.1),
    fraction: float = 0.5,
) -> FigureResult:
    """The change of ``H`` over one turn: the first-order prediction and simulated turns.

    Shows: simulated turns that lose energy on the predicted curve (within 2 % at this
    ``delta``), and a relative error of the prediction that grows like ``delta`` (fitted slope
    within 0.1 of 1).

    Top: against the energy at the start of the turn (fraction of the depth of the well),
    for one ``delta``: the prediction ``-(2 delta / pi) integral r**-3 dA`` (line) and
    simulated turns (dots). Bottom: the relative error of the prediction against ``delta``
    at one energy, with the fitted power law.

    Parameters
    ----------
    eta, J : float
        Model parameters.
    delta : float
        Heterogeneity of the top panel.
    fractions : tuple of float
        Starting energies of the simulated turns of the top panel.
    deltas : tuple of float
        Heterogeneities of the bottom panel.
    fraction : float
        Starting energy of the bottom panel.
    """
    basin = well(MPR(delta=0.0, eta=eta, J=J))
    model = MPR(delta=delta, eta=eta, J=J)
    dense = np.linspace(0.0, 0.95, 60)
    predicted = [energy_loss_per_turn(model, level) for level in basin.level(dense)]
    starts = basin.level(np.array(fractions))
    simulated = [measure_turn(model, level).energy_change for level in starts]
    level = float(basin.level(fraction))
    errors = []
    for heterogeneity in deltas:
        scanned = MPR(delta=heterogeneity, eta=eta, J=J)
        change = measure_turn(scanned, level).energy_change
        errors.append(abs(energy_loss_per_turn(scanned, level) - change) / abs(change))
    fit = power_law(deltas, errors)
    figure = new_figure(height=2 * PANEL + 0.5)
    top, bottom = figure.subplots(2, 1)
    top.plot(dense, predicted, color="C0", label="first order (Green)")
    top.plot(fractions, simulated, "o", ms=4, color="k", label="simulated turn")
    top.set_xlabel("energy at the start, fraction of the depth")
    top.set_ylabel(r"change of $H$ per turn")
    legend_above(top, title=rf"$\Delta$ = {delta:g}")
    bottom.loglog(deltas, errors, "o", color="C1", label=f"start at {fraction:g} of the depth")
    bottom.loglog(deltas, fit(deltas), color="0.4", lw=1, label=f"slope {fit.slope:.3f}")
    sparse_log_ticks(bottom)
    sparse_log_ticks(bottom, "y")
    bottom.set_xlabel(r"heterogeneity $\Delta$")
    bottom.set_ylabel("relative error")
    legend_above(bottom, ncols=1)
    numbers = {
        "simulated": simulated,
        "predicted_at_fractions": [energy_loss_per_turn(model, start) for start in starts],
        "relative_errors": errors,
        "error_exponent": fit.slope,
    }
    parameters = {
        "eta": eta,
        "J": J,
        "delta": delta,
        "fractions": fractions,
        "deltas": deltas,
        "fraction": fraction,
    }
    return FigureResult(figure, numbers, parameters)


@register(
    "geometry-bifurcations",
    title="Where bistability lives: saddle-node curves and the cusp",
    chapter="geometry",
)
def bifurcations(
    *,
    delta: float = 1.0,
    J: float = 15.0,
    classical: tuple[float, float] = (-5.0, 15.0),
    eta_range: tuple[float, float] = (-12.0, 1.0),
    J_range: tuple[float, float] = (0.0, 25.0),
    delta_range: tuple[float, float] = (0.0, 5.0),
    grid: int = 201,
) -> FigureResult:
    """The number of equilibria counted on a grid, with the saddle-node curves and the cusp drawn over it.

    Shows: three equilibria exactly between the two saddle-node curves (no grid point of the top
    panel disagrees), the curves meeting at the cusp, and the classical parameters inside.

    Top: in ``(eta, J)`` for a fixed ``delta``. Bottom: in ``(eta, delta)`` for a fixed
    ``J``. Shading: number of equilibria (white: 0, light grey: 1, dark grey: 3) from
    :func:`nmmtools.equilibrium_count`; red lines: the closed-form fold curves;
    star: the cusp; circle: the classical parameters.

    Parameters
    ----------
    delta : float
        Heterogeneity of the top panel.
    J : float
        Coupling of the bottom panel.
    classical : (eta, J)
        A point to mark (the classical parameters of the MPR paper, with ``delta = 1``).
    eta_range, J_range, delta_range : (float, float)
        Extent of the grids.
    grid : int
        Grid points per axis.
    """
    etas = np.linspace(*eta_range, grid)
    couplings = np.linspace(*J_range, grid)
    heterogeneities = np.linspace(*delta_range, grid)
    counts_J = equilibrium_count(delta, etas[None, :], couplings[:, None])
    counts_delta = equilibrium_count(heterogeneities[:, None], etas[None, :], J)
    figure = new_figure(height=2 * PANEL + 1.3)
    top, bottom = figure.subplots(2, 1)
    style = {
        "cmap": ListedColormap(["white", "0.82", "0.6", "0.35"]),  # one shade per count, 0 to 3
        "norm": BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], 4),
        "origin": "lower",
        "aspect": "auto",
        "interpolation": "nearest",
    }
    top.imshow(counts_J, extent=(*eta_range, *J_range), **style)
    curve_eta, curve_J = saddle_node_curve(delta, np.geomspace(0.12, 1.3, 600))
    top.plot(curve_eta, curve_J, color="C3", lw=1.2, label="saddle-node curves")
    cusp_eta, cusp_J = cusp(delta)
    top.plot(cusp_eta, cusp_J, "*", ms=11, color="C1", mec="k", label=f"cusp ({cusp_eta:.2f}, {cusp_J:.2f})")
    top.plot(
        *classical, "o", color="C0", mec="k", label=rf"$\eta$ = {classical[0]:g}, $J$ = {classical[1]:g}"
    )
    top.set_xlim(eta_range)
    top.set_ylim(J_range)
    top.set_xlabel(r"$\eta$")
    top.set_ylabel("$J$")
    legend_above(top, title=rf"$\Delta$ = {delta:g}")
    image = bottom.imshow(counts_delta, extent=(*eta_range, *delta_range), **style)
    fold_eta, fold_delta = saddle_node_curve_at_coupling(J, np.linspace(1e-3, J / (2.0 * np.pi**2), 600))
    bottom.plot(fold_eta, fold_delta, color="C3", lw=1.2)
    corner_eta, corner_delta = cusp_at_coupling(J)
    bottom.plot(corner_eta, corner_delta, "*", ms=11, color="C1", mec="k")
    bottom.plot(classical[0], delta, "o", color="C0", mec="k")
    bottom.set_xlim(eta_range)
    bottom.set_ylim(delta_range)
    bottom.set_xlabel(r"$\eta$")
    bottom.set_ylabel(r"$\Delta$")
    bottom.set_title(f"$J$ = {J:g}")
    figure.colorbar(
        image,
        ax=[top, bottom],
        location="bottom",
        ticks=[0, 1, 2, 3],
        label="number of equilibria",
        shrink=0.8,
    )
    # the count against the closed-form curves: 3 equilibria exactly between them
    mismatches = 0
    for row, coupling in enumerate(couplings):
        interval = bistable_range(delta, coupling)
        inside = (
            np.zeros(etas.size, dtype=bool)
            if interval is None
            else (etas > interval[0]) & (etas < interval[1])
        )
        mismatches += int(np.sum(inside != (counts_J[row] == 3)))
    numbers = {
        "cusp": [cusp_eta, cusp_J],
        "cusp_at_coupling": [corner_eta, corner_delta],
        "bistable_range_classical": list(bistable_range(delta, classical[1]) or []),
        "grid_points": int(counts_J.size),
        "count_mismatches_top": mismatches,
        "counts_seen": sorted(
            {int(c) for c in np.unique(counts_J)} | {int(c) for c in np.unique(counts_delta)}
        ),
    }
    parameters = {
        "delta": delta,
        "J": J,
        "classical": classical,
        "eta_range": eta_range,
        "J_range": J_range,
        "delta_range": delta_range,
        "grid": grid,
    }
    return FigureResult(figure, numbers, parameters)


@register(
    "geometry-phase-plane", title="Phase plane with nullclines and the saddle's manifolds", chapter="geometry"
)
def phase_plane(
    *,
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    r_range: tuple[float, float] = (0.005, 1.8),
    v_range: tuple[float, float] = (-2.6, 2.6),
) -> FigureResult:
    """The heterogeneous model's phase plane beside the level sets of the homogeneous energy.

    Shows: the saddle's unstable manifold running into the node and the focus (to 1e-2), its
    stable manifold between them, and for ``delta = 0`` a saddle and a centre inside the separatrix.

    Top (``delta > 0``): the nullclines ``dr/dt = 0`` (dashed) and ``dv/dt = 0`` (dotted),
    the equilibria (black: stable, red square: saddle), the saddle's stable manifold
    (blue), which separates the basins of the two attractors, and its unstable manifold
    (red), which runs into them. Bottom (``delta = 0``): level sets of ``H`` with the
    separatrix through the saddle (red) and the centre (green).

    Parameters
    ----------
    delta, eta, J : float
        Model parameters (the bottom panel uses ``delta = 0``).
    r_range, v_range : (float, float)
        Extent of both panels.
    """
    model = MPR(delta=delta, eta=eta, J=J)
    homogeneous = model.homogeneous()
    figure = new_figure(height=2 * PANEL + 0.9)
    top, bottom = figure.subplots(2, 1, sharex=True)
    rates = np.linspace(*r_range, 800)
    top.plot(rates, rate_nullcline(model, rates), "--", color="C2", lw=1.2, label=r"$\dot r = 0$")
    kept, upper = potential_nullcline(model, rates)
    pieces = np.flatnonzero(np.diff(kept) > 1.5 * (rates[1] - rates[0])) + 1  # where it does not exist
    for index, (segment_r, segment_v) in enumerate(
        zip(np.split(kept, pieces), np.split(upper, pieces), strict=True)
    ):
        for sign in (1, -1):
            label = r"$\dot v = 0$" if index == 0 and sign == 1 else None
            top.plot(segment_r, sign * segment_v, ":", color="C4", lw=1.6, label=label)
    bound = 1.2 * max(abs(v_range[0]), abs(v_range[1]), r_range[1])
    manifolds = saddle_manifolds(model, bound=bound)
    for index, branch in enumerate(manifolds.stable):
        top.plot(branch[0], branch[1], color="C0", lw=1.4, label="stable manifold" if index == 0 else None)
    for index, branch in enumerate(manifolds.unstable):
        top.plot(branch[0], branch[1], color="C3", lw=1.4, label="unstable manifold" if index == 0 else None)
    points = fixed_points(model)
    mark_equilibria(top, points, labels=False)
    top.set_xlim(r_range)
    top.set_ylim(v_range)
    top.set_ylabel("$v$")
    legend_above(top, title=rf"$\Delta$ = {delta:g}")
    grid_r, grid_v, grid_h = energy_grid(homogeneous, np.linspace(*r_range, 300), np.linspace(*v_range, 300))
    basin = well(homogeneous)
    levels = np.concatenate(
        (
            basin.level(np.array([0.1, 0.3, 0.5, 0.7, 0.9])),
            basin.U_rim + np.array([0.5, 1.0, 2.0, 4.0]),
            basin.U_bottom - np.array([1.0, 3.0, 6.0]),
        )
    )
    bottom.contour(
        grid_r, grid_v, grid_h, levels=np.sort(levels), colors="0.6", linewidths=0.7, linestyles="solid"
    )
    bottom.contour(grid_r, grid_v, grid_h, levels=[basin.U_rim], colors="C3", linewidths=1.2)
    homogeneous_points = fixed_points(homogeneous)
    mark_equilibria(bottom, homogeneous_points, labels=False)
    bottom.set_xlim(r_range)
    bottom.set_ylim(v_range)
    bottom.set_xlabel("$r$")
    bottom.set_ylabel("$v$")
    bottom.set_title(r"$\Delta$ = 0: level sets of $H$")
    numbers = {
        "equilibria": [[point.r, point.v] for point in points],
        "kinds": [point.kind for point in points],
        "homogeneous_equilibria": [[point.r, point.v] for point in homogeneous_points],
        "homogeneous_kinds": [point.kind for point in homogeneous_points],
        "unstable_ends": [branch[:, -1].tolist() for branch in manifolds.unstable],
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "r_range": r_range, "v_range": v_range}
    return FigureResult(figure, numbers, parameters)
