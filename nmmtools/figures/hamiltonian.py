"""Figures of the chapter on the time-rescaled Hamiltonian."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from nmmtools.analysis.orbits import crossing_period
from nmmtools.analysis.work_precision import work_precision
from nmmtools.figures.registry import FigureResult, legend_below, new_figure, register
from nmmtools.hamiltonian import Well, energy, energy_grid, potential, well
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import simulate
from nmmtools.stability import FixedPoint

ERROR_FLOOR = 1e-11
"""The conservation figure does not resolve relative energy errors below this: it draws them at
the floor. Below it lie both the truncation error of the Gauss–Legendre method at the figure's
step (about 7e-12, falling as step**6) and the round-off accumulated over a run, whose digits
differ between machines; the floor keeps every pixel of the figure independent of round-off."""

WORK_PRECISION_TARGET = 1e-10
"""The error the work-precision diagram marks (dotted), and for which it reports each method's time."""


def _well_with_rim(model: MPR) -> tuple[Well, FixedPoint]:
    """The well of ``model`` and its rim, which the chapter's figures need (a saddle)."""
    basin = well(model)
    if basin.rim is None:
        raise ValueError(f"no potential well with a rim for eta = {model.eta:g}, J = {model.J:g}: no saddle")
    return basin, basin.rim


@register("hamiltonian-potential", title="The potential U(r) with its well and rim", chapter="hamiltonian")
def potential_well(
    *, eta: float = -5.0, J: float = 15.0, fractions: tuple[float, ...] = (0.25, 0.5, 0.75, 0.95)
) -> FigureResult:
    """The potential ``U(r)``, its minimum (centre) and maximum (saddle), and orbit energies.

    Shows: the potential with its minimum (the centre) below its maximum on the left (the saddle), and
    each orbit energy as a segment between its two turning points inside the well.

    Parameters
    ----------
    eta, J : float
        Model parameters of the homogeneous model (``delta = 0``).
    fractions : tuple of float
        Orbit energies as fractions of the depth of the well.
    """
    model = MPR(delta=0.0, eta=eta, J=J)
    basin, saddle = _well_with_rim(model)
    centre = basin.bottom
    rates = np.linspace(0.25 * saddle.r, 1.8 * centre.r, 600)
    figure = new_figure(5.4, 3.8)
    axes = figure.subplots()
    axes.plot(rates, potential(model, rates), color="k")
    for level in basin.level(fractions):
        axes.hlines(level, *basin.turning_points(level), color="C0", lw=1)
    axes.plot(centre.r, basin.U_bottom, "o", color="C2", label=f"centre, $r$ = {centre.r:.3f}")
    axes.plot(saddle.r, basin.U_rim, "s", color="C3", label=f"saddle, $r$ = {saddle.r:.3f}")
    axes.set_xlabel("rate $r$")
    axes.set_ylabel("potential $U(r)$")
    bottom, rim = basin.U_bottom, basin.U_rim
    axes.set_ylim(bottom - 0.6 * (rim - bottom), rim + 1.5 * (rim - bottom))
    legend_below(figure)
    numbers = {
        "r_centre": centre.r,
        "r_saddle": saddle.r,
        "U_centre": bottom,
        "U_saddle": rim,
        "depth": rim - bottom,
    }
    return FigureResult(figure, numbers, {"eta": eta, "J": J, "fractions": fractions})


@register("hamiltonian-phase-portrait", title="Orbits lie on level sets of H", chapter="hamiltonian")
def phase_portrait(
    *,
    eta: float = -5.0,
    J: float = 15.0,
    fractions: tuple[float, ...] = (0.25, 0.5, 0.75, 0.95),
    s_end: float = 10.0,
) -> FigureResult:
    """Level sets of ``H`` in the ``(r, v)`` plane with simulated orbits drawn over them.

    Shows: orbits that stay on their level sets (relative drift below 1e-8), inside the well right of
    the saddle; the level sets of the orbits' energies are drawn dashed over them.

    Each orbit starts at its right turning point ``(r, 0)`` with an energy a
    given fraction of the way up the well, and is integrated in rescaled time (all
    orbits at once, by the explicit splitting of order 8).

    Parameters
    ----------
    eta, J : float
        Model parameters of the homogeneous model (``delta = 0``).
    fractions : tuple of float
        Orbit energies as fractions of the depth of the well.
    s_end : float
        Length of each run in rescaled time ``s``.
    """
    model = MPR(delta=0.0, eta=eta, J=J)
    basin, saddle = _well_with_rim(model)
    centre, rim = basin.bottom, basin.U_rim
    rates = np.linspace(0.3 * saddle.r, 2.0 * centre.r, 400)
    potentials = np.linspace(-2.5 * centre.r, 2.5 * centre.r, 400)
    grid_r, grid_v, grid_h = energy_grid(model, rates, potentials)

    figure = new_figure(5.4, 4.8)
    axes = figure.subplots()
    contour_levels = np.linspace(np.min(grid_h), rim + 3.0, 40)
    axes.contour(grid_r, grid_v, grid_h, levels=contour_levels, colors="0.75", linewidths=0.6)
    axes.contour(grid_r, grid_v, grid_h, levels=[rim], colors="C3", linewidths=1.2)
    orbit_levels = basin.level(fractions)
    starts = [(basin.turning_points(level)[1], 0.0) for level in orbit_levels]
    samples = np.linspace(0.0, s_end, 2001)
    # all orbits at once: the explicit splitting integrates an ensemble in one call
    run = simulate(model, starts, (0.0, s_end), t_eval=samples, time="rescaled", method="splitting")
    values = run.energy()
    drifts = (np.max(np.abs(values - values[:, :1]), axis=1) / np.abs(values[:, 0])).tolist()
    for index in range(len(starts)):
        axes.plot(
            run.r[index], run.v[index], color="C0", lw=1.4, label="simulated orbits" if index == 0 else None
        )
    # the level sets H = h of the orbits' own energies inside the well (right of the saddle), dashed
    # over the orbits they should coincide with
    inside = np.ma.masked_where(grid_r < saddle.r, grid_h)
    axes.contour(
        grid_r, grid_v, inside, levels=sorted(orbit_levels), colors="k", linewidths=0.8, linestyles="dashed"
    )
    axes.plot([], [], color="k", lw=0.8, ls="--", label="level sets $H = h$ of the orbits")
    axes.plot(centre.r, centre.v, "o", color="C2", label="centre")
    axes.plot(saddle.r, saddle.v, "s", color="C3", label="saddle (separatrix in red)")
    axes.set_xlabel("rate $r$")
    axes.set_ylabel("mean membrane potential $v$")
    legend_below(figure)
    numbers = {"max_relative_drift": max(drifts)}
    parameters = {"eta": eta, "J": J, "fractions": fractions, "s_end": s_end}
    # DOP853 at rtol 1e-9 keeps H to about 1e-9; its digits depend on the floating-point path
    return FigureResult(figure, numbers, parameters, bounds={"max_relative_drift": 1e-8})


@register("hamiltonian-conservation", title="Numerical conservation of H", chapter="hamiltonian")
def energy_conservation(
    *,
    eta: float = -5.0,
    J: float = 15.0,
    y0: tuple[float, float] = (1.2, 0.0),
    t_end: float = 200.0,
    tolerances: tuple[float, ...] = (1e-6, 1e-8, 1e-10),
    step: float = 0.05,
) -> FigureResult:
    """Largest relative error of ``H`` so far along one orbit, for several integrators.

    Shows: DOP853 errors that grow with time and shrink with the tolerance, and the symplectic error
    below 1e-10, under every DOP853 curve (below the floor of 1e-11: not resolved).

    DOP853 at several tolerances (physical time) against the symplectic
    Gauss–Legendre method (rescaled time, fixed step). The curves show the
    running maximum of the error. Errors below ``ERROR_FLOOR`` are not resolved:
    they are drawn at the floor, in a shaded band. Below it lie the Gauss–Legendre
    truncation error at the default step and round-off, whose digits differ
    between machines.

    Parameters
    ----------
    eta, J : float
        Model parameters of the homogeneous model (``delta = 0``).
    y0 : (float, float)
        Initial state.
    t_end : float
        Length of the run in physical time.
    tolerances : tuple of float
        Relative tolerances of DOP853 (the absolute one is 1e-3 times smaller).
    step : float
        Step in rescaled time of the symplectic method.
    """
    model = MPR(delta=0.0, eta=eta, J=J)
    times = np.linspace(0.0, t_end, 4001)
    start = float(energy(model, y0[0], y0[1]))
    figure = new_figure(5.4, 4.4)
    axes = figure.subplots()
    drifts = {}
    for tolerance in tolerances:
        run = simulate(model, y0, (0.0, t_end), t_eval=times, rtol=tolerance, atol=1e-3 * tolerance)
        error = np.maximum.accumulate(np.abs(run.energy() - start) / abs(start))
        drifts[f"DOP853 rtol={tolerance:.0e}"] = float(error[-1])
        axes.loglog(
            run.t[1:], np.maximum(error[1:], ERROR_FLOOR), lw=1.2, label=f"DOP853, rtol = {tolerance:.0e}"
        )
    s_end = float(run.s[-1])
    symplectic = simulate(model, y0, (0.0, s_end), time="rescaled", method="gauss-legendre", step=step)
    error = np.maximum.accumulate(np.abs(symplectic.energy() - start) / abs(start))
    drifts[f"Gauss-Legendre step={step:g}"] = float(error[-1])
    axes.loglog(
        symplectic.t[1:],
        np.maximum(error[1:], ERROR_FLOOR),
        lw=1.6,
        color="k",
        label=f"Gauss–Legendre, step {step:g}",
    )
    axes.axhspan(ERROR_FLOOR / 10, ERROR_FLOOR, color="0.9", zorder=0)
    axes.text(
        times[1],
        ERROR_FLOOR / 2.5,
        f"below $10^{{{np.log10(ERROR_FLOOR):.0f}}}$: not resolved, drawn at the floor",
        color="0.35",
        va="center",
    )
    axes.set_ylim(ERROR_FLOOR / 10, None)
    axes.set_xlabel("time $t$")
    axes.set_ylabel("$\\max_{t' \\leq t} |H(t') - H(0)| / |H(0)|$")
    legend_below(figure)
    numbers = {"max_relative_drift": drifts, "error_floor": ERROR_FLOOR, "s_end": s_end}
    parameters = {"eta": eta, "J": J, "y0": y0, "t_end": t_end, "tolerances": tolerances, "step": step}
    # errors, whose digits change with the floating-point path: DOP853 stays below ten times its
    # tolerance over this run, the symplectic method below 1e-10 (tests/test_symplectic.py)
    bounds = {f"DOP853 rtol={tolerance:.0e}": 10 * tolerance for tolerance in tolerances}
    bounds[f"Gauss-Legendre step={step:g}"] = 1e-10
    return FigureResult(figure, numbers, parameters, bounds={"max_relative_drift": bounds})


def draw_landscape(potential_axes: Axes, phase_axes: Axes, model: MPR) -> None:
    """Draw the potential ``U(r)`` and the level sets of ``H`` of a ``delta = 0`` model on two axes.

    Works with or without a well: the separatrix and the equilibria are drawn when they exist.
    """
    points = fixed_points(model)
    scale = max([1.0] + [2.0 * point.r for point in points])
    rates = np.linspace(0.05 * scale, 1.1 * scale, 300)
    basin = well(model) if any(point.kind == "centre" for point in points) else None
    if basin is not None and basin.rim is not None:  # room for the separatrix's right turning point
        right = basin.turning_points(basin.level((0.9999,))[0])[1]  # just inside the rim
        rates = np.linspace(0.05 * scale, max(1.1 * scale, 1.15 * right), 300)
    values = potential(model, rates)
    potential_axes.plot(rates, values, color="k")
    top = float(np.percentile(values, 98))
    potential_axes.set_ylim(values.min() - 0.05 * (top - values.min()), top)
    grid_r, grid_v, grid_h = energy_grid(model, rates, np.linspace(-1.5 * scale, 1.5 * scale, 200))
    # levels from the 10th percentile up: H -> -inf as r -> 0 for eta < 0, where lower levels crowd
    low, high = np.percentile(grid_h, [10, 60])
    phase_axes.contour(
        grid_r,
        grid_v,
        grid_h,
        levels=np.linspace(low, high, 20),
        colors="0.7",
        linewidths=0.6,
        linestyles="solid",
    )
    for point in points:
        level = float(potential(model, point.r))
        marker = {"saddle": "s", "centre": "o"}.get(point.kind, "^")
        potential_axes.plot(point.r, level, marker, color="C3" if point.kind == "saddle" else "C2")
        phase_axes.plot(point.r, point.v, marker, color="C3" if point.kind == "saddle" else "C2")
        if point.kind == "saddle":
            phase_axes.contour(grid_r, grid_v, grid_h, levels=[level], colors="C3", linewidths=1.2)
    levels = {point.kind: float(potential(model, point.r)) for point in points}
    if {"saddle", "centre"} <= levels.keys():  # frame the well: from below its bottom to above its rim
        depth = max(levels["saddle"] - levels["centre"], 0.5)
        potential_axes.set_ylim(levels["centre"] - 0.3 * depth, levels["saddle"] + depth)
    potential_axes.set_xlabel("$r$")
    phase_axes.set_xlabel("$r$")


@register(
    "hamiltonian-landscape",
    title="Potential and level sets for one choice of eta and J",
    chapter="hamiltonian",
)
def energy_landscape(*, eta: float = -5.0, J: float = 15.0) -> FigureResult:
    """The potential ``U(r)`` beside the level sets of ``H``, for the sliders of the chapter.

    Shows: for the classical parameters, a well with a saddle and a centre.

    Parameters
    ----------
    eta, J : float
        Model parameters of the homogeneous model (``delta = 0``).
    """
    model = MPR(delta=0.0, eta=eta, J=J)
    figure = new_figure(5.6, 2.9)
    potential_axes, phase_axes = figure.subplots(1, 2)
    draw_landscape(potential_axes, phase_axes, model)
    potential_axes.set_ylabel("$U(r)$")
    phase_axes.set_ylabel("$v$")
    figure.suptitle(f"$\\eta$ = {eta:g}, $J$ = {J:g}")
    kinds = [point.kind for point in fixed_points(model)]
    return FigureResult(figure, {"equilibria": kinds}, {"eta": eta, "J": J})


@register(
    "hamiltonian-landscape-frames",
    title="How the well changes with eta (static frames)",
    chapter="hamiltonian",
)
def landscape_frames(*, etas: tuple[float, ...] = (-7.0, -5.0, -3.0, 1.0), J: float = 15.0) -> FigureResult:
    """Frames of :func:`energy_landscape` for several ``eta``: the static stand-in for the sliders.

    Shows: no equilibrium at eta = -7, a saddle and a centre at eta = -5, a centre only at eta = 1.

    Parameters
    ----------
    etas : tuple of float
        Values of ``eta``, one row each (potential left, level sets right).
    J : float
        Coupling of the homogeneous model (``delta = 0``).
    """
    figure = new_figure(5.4, 2.1 * len(etas))
    axes = figure.subplots(len(etas), 2, squeeze=False)
    wells = {}
    for row, eta in enumerate(etas):
        model = MPR(delta=0.0, eta=eta, J=J)
        draw_landscape(axes[row, 0], axes[row, 1], model)
        axes[row, 0].set_ylabel(f"$U(r)$, $\\eta$ = {eta:g}")
        axes[row, 1].set_ylabel("$v$")
        if row < len(etas) - 1:
            for panel in axes[row]:
                panel.set_xlabel("")
        wells[f"{eta:g}"] = [point.kind for point in fixed_points(model)]
    return FigureResult(figure, {"equilibria": wells}, {"etas": etas, "J": J})


@register(
    "hamiltonian-work-precision",
    title="Energy error against CPU time for several integrators",
    chapter="hamiltonian",
    timed=True,
)
def work_precision_diagram(
    *, eta: float = -5.0, J: float = 15.0, y0: tuple[float, float] = (1.2, 0.0), orbits: int = 50
) -> FigureResult:
    """The work-precision diagram: largest relative error of ``H`` within ``orbits`` turns against CPU time.

    Every method at several settings (:func:`nmmtools.work_precision`), in one process, so
    that the CPU times compare. The errors are drawn as measured (no floor): the smallest
    are truncation errors of order 1e-12, well above round-off.

    Shows: the splitting of order 8 below 1e-10, and every method's error falling as it is given
    more time. (The x positions are this machine's CPU times: the figure's pixels are not
    compared with a baseline.)

    The numbers give each method's best error and ``seconds_to_target``: the CPU time of its
    cheapest run below ``WORK_PRECISION_TARGET`` (``None`` if no run reaches it).

    Parameters
    ----------
    eta, J : float
        Model parameters of the homogeneous model (``delta = 0``).
    y0 : (float, float)
        Initial state of the orbit.
    orbits : int
        Length of each run, in turns (periods) of the orbit.
    """
    model = MPR(delta=0.0, eta=eta, J=J)
    period = crossing_period(
        simulate(
            model, y0, (0.0, 20.0), time="rescaled", method="splitting", t_eval=np.linspace(0.0, 20.0, 4001)
        ),
        time="s",
    )
    points = work_precision(model, y0, orbits * period)
    figure = new_figure(5.4, 5.0)
    axes = figure.subplots()
    methods = list(dict.fromkeys(point.method for point in points))
    for index, method in enumerate(methods):
        rows = [point for point in points if point.method == method]
        explicit = method.startswith("splitting")
        axes.loglog(
            [point.seconds for point in rows],
            [point.error for point in rows],
            marker="o" if explicit else "s",
            ls="-" if explicit else "--",
            color=f"C{index}",
            label=method,
        )
    axes.axhline(WORK_PRECISION_TARGET, color="0.5", ls=":", lw=1)
    axes.set_xlabel("CPU time (s)")
    axes.set_ylabel("largest relative error of $H$")
    legend_below(figure)
    best = {method: min(point.error for point in points if point.method == method) for method in methods}
    reached = {
        method: [
            point.seconds
            for point in points
            if point.method == method and point.error < WORK_PRECISION_TARGET
        ]
        for method in methods
    }
    to_target = {method: min(seconds) if seconds else None for method, seconds in reached.items()}
    numbers = {"best_error": best, "orbits": orbits, "period_s": period, "seconds_to_target": to_target}
    numbers["target"] = WORK_PRECISION_TARGET
    return FigureResult(
        figure,
        numbers,
        {"eta": eta, "J": J, "y0": y0, "orbits": orbits},
        bounds={"best_error": {"splitting, order 8": 1e-10}},
    )
