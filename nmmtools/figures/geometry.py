"""Figures of the chapter on the geometry behind the energy.

The figures only draw: every number they show comes from :mod:`nmmtools.geometry`,
:mod:`nmmtools.symbolic_geometry` or the simulation and energy functions of
:mod:`nmmtools`.
"""

from __future__ import annotations

import numpy as np

from nmmtools import MPR, energy_grid, fixed_points, simulate, turning_points
from nmmtools import symbolic_geometry as derived
from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.geometry import (
    bistable_range,
    cusp,
    cusp_at_coupling,
    deviation_from_ellipse,
    energy_loss_per_turn,
    equilibrium_count,
    fit_power_law,
    kuramoto_order,
    level_set,
    measure_turn,
    period,
    potential_nullcline,
    predict_intervals,
    rate_nullcline,
    saddle_manifolds,
    saddle_node_curve,
    saddle_node_curve_at_coupling,
    to_complex,
    well,
)

KIND_STYLE = {
    "saddle": ("s", "C3"),
    "centre": ("o", "C2"),
    "stable focus": ("o", "k"),
    "stable node": ("o", "k"),
    "unstable focus": ("o", "w"),
    "unstable node": ("o", "w"),
}
"""Marker and colour of each kind of equilibrium."""


def levels_in_well(model: MPR, fractions: np.ndarray) -> np.ndarray:
    """Energies at the given fractions of the depth of the well of a homogeneous model with a rim."""
    found = well(model)
    return found.bottom + np.asarray(fractions) * (found.rim - found.bottom)


def mark_equilibria(axes, points, transform=lambda r, v: (r, v)) -> None:
    """Draw equilibria with the marker of their kind, optionally mapped by ``transform``."""
    for point in points:
        marker, colour = KIND_STYLE.get(point.kind, ("x", "k"))
        x, y = transform(point.r, point.v)
        axes.plot(np.real(x), np.real(y), marker, ms=6, mfc=colour, mec="k", zorder=5)


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

    Left: three trajectories and the equilibria in ``w``. Right: the same trajectories
    mapped to the Kuramoto order parameter ``Z = (1 - conj(w)) / (1 + conj(w))``, inside
    the unit circle.

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
    figure = new_figure(7.6, 3.6)
    left, right = figure.subplots(1, 2)
    largest = 0.0
    times = np.linspace(0.0, t_end, 3001)
    for index, start in enumerate(starts):
        run = simulate(model, start, (0.0, t_end), t_eval=times)
        w = to_complex(run.r, run.v)
        order = kuramoto_order(run.r, run.v)
        largest = max(largest, float(np.max(np.abs(order))))
        left.plot(w.real, w.imag, color=f"C{index}", lw=1)
        right.plot(order.real, order.imag, color=f"C{index}", lw=1)
        left.plot(w.real[0], w.imag[0], ".", color=f"C{index}")
        right.plot(order.real[0], order.imag[0], ".", color=f"C{index}")
    points = fixed_points(model)
    mark_equilibria(left, points, lambda r, v: (np.pi * r, v))
    mark_equilibria(right, points, lambda r, v: (kuramoto_order(r, v).real, kuramoto_order(r, v).imag))
    angles = np.linspace(0.0, 2.0 * np.pi, 400)
    right.plot(np.cos(angles), np.sin(angles), color="0.5", lw=0.8)
    right.set_aspect("equal")
    left.set_xlabel(r"Re $w = \pi r$")
    left.set_ylabel(r"Im $w = v$")
    left.set_title(rf"$\Delta$ = {delta:g}, $\eta$ = {eta:g}, $J$ = {J:g}", fontsize=9)
    right.set_xlabel("Re $Z$")
    right.set_ylabel("Im $Z$")
    right.set_title("Kuramoto order parameter", fontsize=9)
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

    Left: for ``J = 0`` the level sets (lines, from :func:`nmmtools.geometry.level_set`)
    and simulated orbits (dots) in the ``w`` plane, with the circles' centres ``h / 2 pi``
    derived with sympy (crosses). Middle: the period against the amplitude for ``J = 0``
    (flat: isochrony) and for the coupled model. Right: the deviation of the coupled
    model's level sets from their fitted ellipses against the amplitude, with the fitted
    power law over the four smallest amplitudes.

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
    figure = new_figure(9.6, 3.4)
    left, middle, right = figure.subplots(1, 3)
    circle = derived.riccati_circles()
    bottom = well(uncoupled).bottom
    for index, excess in enumerate(excesses):
        level = bottom + excess
        w = to_complex(*level_set(uncoupled, level, samples=400))
        left.plot(np.append(w.real, w.real[0]), np.append(w.imag, w.imag[0]), color=f"C{index}", lw=1)
        duration = period(uncoupled, level)
        run = simulate(
            uncoupled,
            (turning_points(uncoupled, level)[1], 0.0),
            (0.0, duration),
            t_eval=np.linspace(0.0, duration, 25, endpoint=False),
        )
        simulated = to_complex(run.r, run.v)
        left.plot(simulated.real, simulated.imag, "o", ms=3, mfc="none", color=f"C{index}")
        left.plot(float(circle["centre"].subs(derived.h, level)), 0.0, "x", color=f"C{index}")
    left.set_aspect("equal")
    left.set_xlabel(r"Re $w = \pi r$")
    left.set_ylabel(r"Im $w = v$")
    left.set_title(rf"$J$ = 0, $\eta$ = {eta:g}: circles", fontsize=9)

    uncoupled_amplitudes, uncoupled_periods = [], []
    centre = well(uncoupled).centre.r
    for excess in np.geomspace(1e-3, 50.0, 20):
        level = bottom + excess
        uncoupled_amplitudes.append(turning_points(uncoupled, level)[1] / centre - 1.0)
        uncoupled_periods.append(period(uncoupled, level))
    model = MPR(delta=0.0, eta=coupled[0], J=coupled[1])
    coupled_well = well(model)
    levels = levels_in_well(model, np.array(fractions))
    amplitudes = np.array([turning_points(model, level)[1] / coupled_well.centre.r - 1.0 for level in levels])
    coupled_periods = [period(model, level) for level in levels]
    middle.semilogx(uncoupled_amplitudes, uncoupled_periods, "o-", ms=3, label=rf"$J$ = 0, $\eta$ = {eta:g}")
    middle.semilogx(
        amplitudes, coupled_periods, "s-", ms=3, label=rf"$J$ = {coupled[1]:g}, $\eta$ = {coupled[0]:g}"
    )
    middle.set_xlabel(r"amplitude $r_{max}/r^* - 1$")
    middle.set_ylabel("period $T$")
    middle.legend(fontsize=7)

    deviations = np.array([deviation_from_ellipse(model, level) for level in levels])
    exponent, prefactor = fit_power_law(amplitudes[:4], deviations[:4])
    right.loglog(amplitudes, deviations, "s", ms=4, color="C1")
    right.loglog(
        amplitudes, prefactor * amplitudes**exponent, color="0.4", lw=1, label=f"slope {exponent:.3f}"
    )
    right.set_xlabel(r"amplitude $r_{max}/r^* - 1$")
    right.set_ylabel("deviation from ellipse")
    right.set_title(rf"$J$ = {coupled[1]:g}, $\eta$ = {coupled[0]:g}", fontsize=9)
    right.legend(fontsize=7)
    isochrony = np.pi / np.sqrt(eta)
    numbers = {
        "isochronous_period": float(isochrony),
        "max_relative_period_spread": float(np.max(np.abs(np.array(uncoupled_periods) / isochrony - 1.0))),
        "uncoupled_amplitude_range": [min(uncoupled_amplitudes), max(uncoupled_amplitudes)],
        "coupled_periods": coupled_periods,
        "coupled_amplitudes": amplitudes.tolist(),
        "deviations": deviations.tolist(),
        "deviation_exponent": exponent,
    }
    parameters = {"eta": eta, "excesses": excesses, "coupled": coupled, "fractions": fractions}
    return FigureResult(figure, numbers, parameters)


@register("geometry-period", title="The period of a turn across the well", chapter="geometry")
def period_across_the_well(
    *, eta: float = -5.0, J: float = 15.0, points: int = 80, closest: float = 1e-9
) -> FigureResult:
    """The period ``T(h)`` from the bottom of the well to its rim, and its logarithmic divergence.

    Left: ``T`` against the energy, as a fraction of the depth of the well, with the
    small-oscillation period ``2 pi / omega`` of the centre. Right: ``T`` against the
    distance ``1 - fraction`` to the rim on a logarithmic axis, with the line of slope
    ``-1/lambda`` (``lambda`` the saddle's unstable eigenvalue) through the closest point.

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
    found = well(model)
    saddle = next(point for point in fixed_points(model) if point.kind == "saddle")
    rate = float(saddle.eigenvalues.real.max())
    fractions = np.linspace(0.0, 0.995, points)
    periods = [period(model, level) for level in levels_in_well(model, fractions)]
    distances = np.geomspace(closest, 1.0, points)
    near_rim = [period(model, level) for level in levels_in_well(model, 1.0 - distances[:-1])]
    smallest = period(model, found.bottom)
    figure = new_figure(7.6, 3.4)
    left, right = figure.subplots(1, 2)
    left.plot(fractions, periods, color="C0")
    left.axhline(smallest, color="0.5", ls="--", lw=1, label=rf"$2\pi/\omega$ = {smallest:.4f}")
    left.set_xlabel("energy, fraction of the depth of the well")
    left.set_ylabel("period $T(h)$")
    left.legend(fontsize=8)
    right.semilogx(distances[:-1], near_rim, color="C0", lw=4, alpha=0.4, label="$T(h)$")
    right.semilogx(
        distances[:-1],
        near_rim[0] - np.log(distances[:-1] / distances[0]) / rate,
        color="C3",
        ls="--",
        lw=1,
        label=rf"slope $-1/\lambda$, $\lambda$ = {rate:.4f}",
    )
    right.set_xlabel("distance to the rim, fraction of the depth")
    right.set_ylabel("period $T(h)$")
    right.legend(fontsize=8)
    quoted = [period(model, level) for level in levels_in_well(model, np.array([0.1, 0.5, 0.9]))]
    numbers = {
        "small_oscillation_period": smallest,
        "periods_at_10_50_90_percent": quoted,
        "saddle_rate": rate,
        "slope_per_decade_near_rim": float(
            (near_rim[0] - near_rim[1]) / np.log10(distances[1] / distances[0])
        ),
        "ln10_over_rate": float(np.log(10.0) / rate),
        "bottom": found.bottom,
        "rim": found.rim,
    }
    parameters = {"eta": eta, "J": J, "points": points, "closest": closest}
    return FigureResult(figure, numbers, parameters)


def forced_run(
    delta: float, eta_mean: float, amplitude: float, forcing_period: float, J: float, t_end: float
):
    """The MPR model under ``eta(t) = eta_mean + amplitude sin(2 pi t / period)`` from its low state."""
    model = MPR(delta=delta, eta=eta_mean, J=J)

    def drive(t):
        return amplitude * np.sin(2.0 * np.pi * t / forcing_period)

    times = np.arange(0.0, t_end, 0.01)
    run = simulate(model, fixed_points(model)[0].state, (0.0, times[-1]), t_eval=times, I=drive)
    return model, run, drive(run.t)


@register("geometry-intervals", title="Inter-spike intervals predicted from T(h)", chapter="geometry")
def intervals(
    *,
    delta: float = 1.0,
    eta_mean: float = -5.0,
    amplitude: float = 3.0,
    forcing_period: float = 200.0,
    J: float = 15.0,
    t_end: float = 60.0,
    deltas: tuple[float, ...] = (1.0, 0.3, 0.1),
    scan_amplitude: float = 5.0,
    scan_t_end: float = 80.0,
) -> FigureResult:
    """The intervals between the spikes of a burst, simulated and predicted by the period of the energy read.

    Top left: the rate during the first burst of the forced model. Bottom left: each
    inter-spike interval (dots) and the period ``T(h)`` of the frozen fast subsystem at the
    energy read before the spike that ends it, at the trough (line) or where the rate
    rises through the centre (crosses). Right: the median relative error against
    ``delta`` for both places, under a stronger forcing so that every ``delta`` bursts.

    Parameters
    ----------
    delta, eta_mean, amplitude, forcing_period, J : float
        The forced model of the left panels, ``eta(t) = eta_mean + amplitude sin(2 pi t / forcing_period)``.
    t_end : float
        Length of its run.
    deltas : tuple of float
        Heterogeneities of the scan.
    scan_amplitude, scan_t_end : float
        Forcing amplitude and run length of the scan.
    """
    model, run, drive = forced_run(delta, eta_mean, amplitude, forcing_period, J, t_end)
    by_place = {
        place: predict_intervals(model, run.t, run.r, run.v, drive, measure_at=place)
        for place in ("trough", "centre")
    }
    figure = new_figure(8.4, 4.6)
    grid = figure.add_gridspec(2, 2, width_ratios=(1.6, 1.0))
    top, bottom, side = (
        figure.add_subplot(grid[0, 0]),
        figure.add_subplot(grid[1, 0]),
        figure.add_subplot(grid[:, 1]),
    )
    trough = by_place["trough"]
    shown = (run.t > trough.times[0] - 5.0) & (run.t < trough.times[-1] + 2.0)
    top.plot(run.t[shown], run.r[shown], lw=0.8)
    top.set_ylabel("$r$")
    top.set_title(
        rf"$\Delta$ = {delta:g}, $\eta(t)$ = {eta_mean:g} + {amplitude:g} sin(2$\pi t$/{forcing_period:g})",
        fontsize=9,
    )
    for place, result in by_place.items():
        label = "simulated" if place == "trough" else None
        bottom.plot(result.times, result.simulated, "o", ms=3, color="k", label=label)
    bottom.plot(trough.times, trough.predicted, color="C0", lw=1, label="$T(h)$, read at the trough")
    bottom.plot(
        by_place["centre"].times,
        by_place["centre"].predicted,
        "x",
        ms=4,
        color="C3",
        label="$T(h)$, read at the centre",
    )
    bottom.set_xlim(top.get_xlim())
    bottom.set_xlabel("time $t$")
    bottom.set_ylabel("interval")
    bottom.legend(fontsize=7)
    medians = {place: [] for place in by_place}
    for heterogeneity in deltas:
        scan_model, scan_run, scan_drive = forced_run(
            heterogeneity, eta_mean, scan_amplitude, forcing_period, J, scan_t_end
        )
        for place in medians:
            result = predict_intervals(
                scan_model, scan_run.t, scan_run.r, scan_run.v, scan_drive, measure_at=place
            )
            medians[place].append(float(np.median(result.relative_error)))
    for place, marker in (("trough", "o-"), ("centre", "x--")):
        side.loglog(deltas, medians[place], marker, label=f"read at the {place}")
    side.set_xlabel(r"heterogeneity $\Delta$")
    side.set_ylabel("median relative error of intervals")
    side.legend(fontsize=7)
    numbers = {
        "intervals": int(trough.times.size),
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

    Left: against the energy at the start of the turn (fraction of the depth of the
    well), for one ``delta``: the prediction ``-(2 delta / pi) integral r**-3 dA`` (line)
    and simulated turns (dots). Right: the relative error of the prediction against
    ``delta`` at one energy, with the fitted power law.

    Parameters
    ----------
    eta, J : float
        Model parameters.
    delta : float
        Heterogeneity of the left panel.
    fractions : tuple of float
        Starting energies of the simulated turns of the left panel.
    deltas : tuple of float
        Heterogeneities of the right panel.
    fraction : float
        Starting energy of the right panel.
    """
    homogeneous = MPR(delta=0.0, eta=eta, J=J)
    model = MPR(delta=delta, eta=eta, J=J)
    dense = np.linspace(0.0, 0.95, 60)
    predicted = [energy_loss_per_turn(model, level) for level in levels_in_well(homogeneous, dense)]
    simulated = [
        measure_turn(model, level).energy_change for level in levels_in_well(homogeneous, np.array(fractions))
    ]
    level = float(levels_in_well(homogeneous, np.array([fraction]))[0])
    errors = []
    for heterogeneity in deltas:
        scanned = MPR(delta=heterogeneity, eta=eta, J=J)
        change = measure_turn(scanned, level).energy_change
        errors.append(abs(energy_loss_per_turn(scanned, level) - change) / abs(change))
    exponent, prefactor = fit_power_law(deltas, errors)
    figure = new_figure(7.6, 3.4)
    left, right = figure.subplots(1, 2)
    left.plot(dense, predicted, color="C0", label="first order (Green)")
    left.plot(fractions, simulated, "o", ms=4, color="k", label="simulated turn")
    left.set_xlabel("energy at the start, fraction of the depth")
    left.set_ylabel(r"change of $H$ over one turn")
    left.set_title(rf"$\Delta$ = {delta:g}", fontsize=9)
    left.legend(fontsize=8)
    right.loglog(deltas, errors, "o", color="C1")
    right.loglog(
        deltas, prefactor * np.asarray(deltas) ** exponent, color="0.4", lw=1, label=f"slope {exponent:.3f}"
    )
    right.set_xlabel(r"heterogeneity $\Delta$")
    right.set_ylabel("relative error of the prediction")
    right.set_title(f"start at {fraction:g} of the depth", fontsize=9)
    right.legend(fontsize=8)
    numbers = {
        "simulated": simulated,
        "predicted_at_fractions": [
            energy_loss_per_turn(model, lv) for lv in levels_in_well(homogeneous, np.array(fractions))
        ],
        "relative_errors": errors,
        "error_exponent": exponent,
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

    Left: in ``(eta, J)`` for a fixed ``delta``. Right: in ``(eta, delta)`` for a fixed
    ``J``. Shading: number of equilibria (light: 1, dark: 3) from
    :func:`nmmtools.geometry.equilibrium_count`; lines: the closed-form fold curves;
    star: the cusp; circle: the classical parameters.

    Parameters
    ----------
    delta : float
        Heterogeneity of the left panel.
    J : float
        Coupling of the right panel.
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
    figure = new_figure(8.4, 3.6)
    left, right = figure.subplots(1, 2)
    style = {
        "cmap": "Greys",
        "vmin": 0,
        "vmax": 4,
        "origin": "lower",
        "aspect": "auto",
        "interpolation": "nearest",
    }
    left.imshow(counts_J, extent=(*eta_range, *J_range), **style)
    rates = np.geomspace(0.02, 2.0, 600)
    curve_eta, curve_J = saddle_node_curve(delta, rates)
    left.plot(curve_eta, curve_J, color="C3", lw=1.2, label="saddle-node curves")
    cusp_eta, cusp_J = cusp(delta)
    left.plot(cusp_eta, cusp_J, "*", ms=10, color="C1", label=f"cusp ({cusp_eta:.3f}, {cusp_J:.3f})")
    left.plot(*classical, "o", color="C0", label=f"$\\eta$ = {classical[0]:g}, $J$ = {classical[1]:g}")
    left.set_xlim(eta_range)
    left.set_ylim(J_range)
    left.set_xlabel(r"$\eta$")
    left.set_ylabel("$J$")
    left.set_title(rf"$\Delta$ = {delta:g}", fontsize=9)
    left.legend(fontsize=7, loc="upper right")
    image = right.imshow(counts_delta, extent=(*eta_range, *delta_range), **style)
    figure.colorbar(image, ax=right, ticks=[0, 1, 2, 3], label="number of equilibria", shrink=0.8)
    fold_rates = np.linspace(1e-3, J / (2.0 * np.pi**2), 600)
    fold_eta, fold_delta = saddle_node_curve_at_coupling(J, fold_rates)
    right.plot(fold_eta, fold_delta, color="C3", lw=1.2)
    corner_eta, corner_delta = cusp_at_coupling(J)
    right.plot(
        corner_eta, corner_delta, "*", ms=10, color="C1", label=f"cusp ({corner_eta:.3f}, {corner_delta:.3f})"
    )
    right.plot(classical[0], delta, "o", color="C0")
    right.set_xlim(eta_range)
    right.set_ylim(delta_range)
    right.set_xlabel(r"$\eta$")
    right.set_ylabel(r"$\Delta$")
    right.set_title(f"$J$ = {J:g}", fontsize=9)
    right.legend(fontsize=7, loc="upper right")
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
        "count_mismatches_left": mismatches,
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

    Left (``delta > 0``): the nullclines ``dr/dt = 0`` (dashed) and ``dv/dt = 0`` (dotted),
    the equilibria (black: stable, red square: saddle), the saddle's stable manifold
    (blue), which separates the basins of the two attractors, and its unstable manifold
    (red), which runs into them. Right (``delta = 0``): level sets of ``H`` with the
    separatrix through the saddle (red) and the centre (green).

    Parameters
    ----------
    delta, eta, J : float
        Model parameters (the right panel uses ``delta = 0``).
    r_range, v_range : (float, float)
        Extent of both panels.
    """
    model = MPR(delta=delta, eta=eta, J=J)
    homogeneous = MPR(delta=0.0, eta=eta, J=J)
    figure = new_figure(8.4, 3.8)
    left, right = figure.subplots(1, 2, sharey=True)
    rates = np.linspace(*r_range, 800)
    left.plot(rates, rate_nullcline(model, rates), "--", color="C2", lw=1, label=r"$\dot r = 0$")
    kept, upper = potential_nullcline(model, rates)
    pieces = np.flatnonzero(np.diff(kept) > 1.5 * (rates[1] - rates[0])) + 1  # where it does not exist
    for index, (segment_r, segment_v) in enumerate(
        zip(np.split(kept, pieces), np.split(upper, pieces), strict=True)
    ):
        for sign in (1, -1):
            label = r"$\dot v = 0$" if index == 0 and sign == 1 else None
            left.plot(segment_r, sign * segment_v, ":", color="C4", lw=1.4, label=label)
    manifolds = saddle_manifolds(model)
    for index, branch in enumerate(manifolds.stable):
        left.plot(branch[0], branch[1], color="C0", lw=1.4, label="stable manifold" if index == 0 else None)
    for index, branch in enumerate(manifolds.unstable):
        left.plot(branch[0], branch[1], color="C3", lw=1.4, label="unstable manifold" if index == 0 else None)
    points = fixed_points(model)
    mark_equilibria(left, points)
    left.set_xlim(r_range)
    left.set_ylim(v_range)
    left.set_xlabel("$r$")
    left.set_ylabel("$v$")
    left.set_title(rf"$\Delta$ = {delta:g}", fontsize=9)
    left.legend(fontsize=7, loc="upper right")
    grid_r, grid_v, grid_h = energy_grid(homogeneous, np.linspace(*r_range, 300), np.linspace(*v_range, 300))
    found = well(homogeneous)
    levels = np.concatenate(
        (
            found.bottom + (found.rim - found.bottom) * np.array([0.1, 0.3, 0.5, 0.7, 0.9]),
            found.rim + np.array([0.5, 1.0, 2.0, 4.0]),
            found.bottom - np.array([1.0, 3.0, 6.0]),
        )
    )
    right.contour(
        grid_r, grid_v, grid_h, levels=np.sort(levels), colors="0.6", linewidths=0.7, linestyles="solid"
    )
    right.contour(grid_r, grid_v, grid_h, levels=[found.rim], colors="C3", linewidths=1.2)
    homogeneous_points = fixed_points(homogeneous)
    mark_equilibria(right, homogeneous_points)
    right.set_xlim(r_range)
    right.set_xlabel("$r$")
    right.set_title(r"$\Delta$ = 0: level sets of $H$", fontsize=9)
    numbers = {
        "equilibria": [[point.r, point.v] for point in points],
        "kinds": [point.kind for point in points],
        "homogeneous_equilibria": [[point.r, point.v] for point in homogeneous_points],
        "unstable_ends": [branch[:, -1].tolist() for branch in manifolds.unstable],
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "r_range": r_range, "v_range": v_range}
    return FigureResult(figure, numbers, parameters)
