"""Closed orbits of the homogeneous MPR model: their shape, their period, and the energy a turn loses.

- :func:`closed_orbit` simulates one period of an orbit; :func:`level_set` gives the
  same curve from the energy alone; :func:`crossing_period` measures the period of a run.
- :func:`period` is the period ``T(h)`` of the orbit of energy ``h``, by quadrature:
  on the level set ``dt = dr / (dr/dt)``, integrated from one turning point to the other and back.
- :func:`energy_loss_per_turn` is the change of ``H`` over one turn to first order
  in ``delta``: by Green's theorem, an integral over the region inside the level set
  of the divergence that :func:`nmmtools.symbolic.geometry.green_integrand` derives.
- :func:`measure_turn` simulates one turn and measures both, for comparison.
- :func:`energy_above_bottom` is the energy of a run measured from the bottom of its well.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError
from nmmtools.hamiltonian import Well, kinetic, potential, potential_difference, well
from nmmtools.models.mpr import MPR, field
from nmmtools.simulation import Run, simulate
from nmmtools.symbolic import geometry as symbolic_geometry
from nmmtools.symbolic.mpr import delta as delta_symbol
from nmmtools.symbolic.mpr import r as r_symbol
from nmmtools.symbolic.mpr import tau as tau_symbol

QUADRATURE_RTOL = 1e-13
"""Relative change between two successive refinements at which the quadrature over a turn stops."""

_FIRST_NODES, _MAX_NODES = 64, 2**18
"""Nodes of the first and of the finest midpoint rule tried."""

HARMONIC_WIDTH = 1e-5
"""Half width of an orbit, relative to the rate of its centre, below which :func:`period` and
:func:`energy_loss_per_turn` use the harmonic (small-oscillation) limit: that differs from the exact
value by about the square of the width, ~1e-10, while rounding in ``h - U`` costs the quadrature
more there."""


def closed_orbit(
    model: MPR, r_start: float, samples: int = 2000
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One period of the orbit of a ``delta = 0`` model through ``(r_start, 0)``, right of the centre.

    Integrates in rescaled time (DOP853 at ``rtol = 1e-11``) until ``v`` has
    changed sign twice (from the right turning point through the left one and back).

    Parameters
    ----------
    model : MPR
        A homogeneous model (``delta = 0``) with a centre.
    r_start : float
        Right turning point, larger than the centre's rate (and inside the well, if there is a saddle).
    samples : int
        Number of points over the period (at least 16), evenly spaced in rescaled time.

    Returns
    -------
    r, v : numpy.ndarray
        The orbit, ``samples`` points, first point ``(r_start, 0)``.

    Raises
    ------
    ValueError
        If the model is not homogeneous, has no centre, or ``r_start`` is not right of it.
    SimulationError
        If the orbit does not return (it is not closed: it leaves the well).

    Examples
    --------
    >>> from nmmtools import MPR, closed_orbit
    >>> r, v = closed_orbit(MPR(delta=0.0, eta=-5.0, J=15.0), 1.2, samples=400)
    >>> print(f"{r.min():.4f} {r.max():.4f} {abs(v).max():.4f}")
    0.8530 1.2000 0.2768
    """
    check.instance("model", model, MPR)
    if model.delta != 0.0:
        raise ValueError(f"closed orbits need delta = 0, got delta = {model.delta}")
    centre = well(model).bottom
    start = check.positive_scalar("r_start", r_start)
    if start <= centre.r:
        raise ValueError(f"r_start must be > the centre's rate {centre.r:.6g}, got r_start = {start}")
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 16:
        raise ValueError(f"samples must be an integer >= 16, got samples = {samples!r}")
    frequency = float(np.max(np.abs(centre.eigenvalues.imag)))
    span = 4.0 * (2.0 * np.pi / frequency) * centre.r**2  # a few small-oscillation periods in s
    for _ in range(8):
        fine = np.linspace(0.0, span, 20 * int(samples))
        run = simulate(model, (start, 0.0), (0.0, span), t_eval=fine, time="rescaled", rtol=1e-11, atol=1e-13)
        returns = np.flatnonzero((run.v[:-1] > 0) & (run.v[1:] <= 0))
        if returns.size:
            end = returns[0] + 1
            # interpolate the period's end and resample evenly in s
            fraction = run.v[end - 1] / (run.v[end - 1] - run.v[end])
            period = run.s[end - 1] + fraction * (run.s[end] - run.s[end - 1])
            grid = np.linspace(0.0, period, int(samples), endpoint=False)
            orbit = simulate(
                model, (start, 0.0), (0.0, period), t_eval=grid, time="rescaled", rtol=1e-11, atol=1e-13
            )
            return orbit.r, orbit.v
        span *= 2.0
    raise SimulationError(
        f"no return to (r_start, 0) found: the orbit through r_start = {start} is not closed"
    )


def crossing_period(run: Run, *, time: str = "t") -> float:
    """The mean interval between upward crossings of ``v = 0`` in a run: its period of oscillation.

    Parameters
    ----------
    run : Run
        A run of one population with at least two upward crossings of ``v = 0``.
    time : {"t", "s"}
        Measure the period in physical time ``t`` or (MPR runs) rescaled time ``s``.

    Returns
    -------
    float
        The period; the crossings are located by linear interpolation between samples.

    Raises
    ------
    ValueError
        If the run crosses ``v = 0`` upwards fewer than twice.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MPR, crossing_period, simulate
    >>> run = simulate(MPR(), (1.03, 0.0), (0.0, 20.0), t_eval=np.linspace(0.0, 20.0, 20001))
    >>> print(f"{crossing_period(run):.4f}")
    1.9135
    """
    check.instance("run", run, Run)
    clock = check.choice("time", time, ("t", "s"))
    times = run.t if clock == "t" else run.s
    v = np.asarray(run.v)
    if v.ndim != 1:
        raise ValueError(f"run must be a run of one population, got v of shape {v.shape}")
    upward = np.flatnonzero((v[:-1] < 0) & (v[1:] >= 0))
    if upward.size < 2:
        raise ValueError(f"the run crosses v = 0 upwards {upward.size} time(s): it needs two for a period")
    fraction = -v[upward] / (v[upward + 1] - v[upward])
    crossings = times[upward] + fraction * (times[upward + 1] - times[upward])
    return float(np.mean(np.diff(crossings)))


def _closed_level(model: MPR, h: object, I: float) -> tuple[float, Well]:  # noqa: E741
    """Check that ``h`` is the energy of a closed orbit of the homogeneous model; return it and the well."""
    check.instance("model", model, MPR)
    level = check.real_scalar("h", h)
    basin = well(model, I)
    if not basin.contains(level):
        raise ValueError(
            f"h must lie in the well, bottom <= h < rim: [{basin.U_bottom:.6g}, {basin.U_rim:.6g}) for "
            f"eta + I = {model.eta + basin.I:g}, J = {model.J:g}, tau = {model.tau:g}; got h = {level:g}"
        )
    return level, basin


def _height(basin: Well, rates: NDArray[np.float64], excess: NDArray[np.float64]) -> NDArray[np.float64]:
    """``v >= 0`` on the level set where ``h - U(r) = excess``: the kinetic part ``v**2 / (tau r)``."""
    return np.sqrt(excess / kinetic(basin.model, rates, 1.0))


Integrand = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]
"""A function ``f(r, v)`` of the rates and the heights ``v >= 0`` of the level set there."""


def _over_turn(basin: Well, level: float, integrand: Integrand) -> float:
    """``integral f(r, v(r)) dr`` between the turning points of the level set, ``v(r) >= 0`` its height.

    The substitution ``r = m + d cos(theta)`` (``m``, ``d``: middle and half
    length of the interval) turns the square-root behaviour of ``v`` at the
    turning points into a smooth, even, ``2 pi``-periodic integrand in ``theta``
    (for ``f ~ v**(+-1)``), which the midpoint rule (Gauss–Chebyshev) integrates
    with exponential convergence. The number of nodes doubles until two results
    agree to :data:`QUADRATURE_RTOL`, or, for a level so close to the bottom
    that rounding limits the result, to ``100 eps m / d``.

    ``h - U(r)`` is not computed as a difference, which loses all digits near
    the turning points, but as ``U(a) - U(r)`` about the nearer turning point
    ``a`` (where ``U(a) = h``), by :func:`nmmtools.hamiltonian.potential_difference`
    with ``r - a`` from the half-angle form of ``theta``.
    """
    left, right = basin.turning_points(level)
    middle, half = 0.5 * (left + right), 0.5 * (right - left)

    def rule(nodes: int) -> float:
        theta = (np.arange(nodes) + 0.5) * np.pi / nodes
        rates = middle + half * np.cos(theta)
        near_right = theta < 0.5 * np.pi
        # r - a without cancellation: -2 d sin(theta/2)**2 from the right end, 2 d cos(theta/2)**2 from
        # the left one
        offsets = np.where(
            near_right, -2.0 * half * np.sin(0.5 * theta) ** 2, 2.0 * half * np.cos(0.5 * theta) ** 2
        )
        anchors = np.where(near_right, right, left)
        excess = potential_difference(basin.model, anchors, offsets, basin.I)
        if np.any(excess <= 0.0):
            raise ValueError(
                f"the quadrature over the turn at h = {level:.17g} failed: h - U(r) <= 0 at a node "
                f"between the turning points {left:.17g} and {right:.17g}"
            )
        values = integrand(rates, _height(basin, rates, excess))
        return float(np.pi / nodes * np.sum(values * half * np.sin(theta)))

    tolerance = max(QUADRATURE_RTOL, 100.0 * np.finfo(float).eps * middle / half)
    nodes, previous = _FIRST_NODES, rule(_FIRST_NODES)
    while nodes < _MAX_NODES:
        nodes *= 2
        current = rule(nodes)
        if abs(current - previous) <= tolerance * abs(current):
            return current
        previous = current
    raise ValueError(
        f"the quadrature over the turn at h = {level:.17g} did not converge with {_MAX_NODES} nodes: "
        "h is too close to the rim of the well"
    )


def _narrow(basin: Well, level: float) -> tuple[bool, float, float]:
    """Whether the orbit of energy ``level`` is narrower than :data:`HARMONIC_WIDTH`, and its half axes.

    Returns the flag, the half width in ``r`` and the half height in ``v`` at the centre.
    """
    left, right = basin.turning_points(level)
    half = 0.5 * (right - left)
    centre = basin.bottom.r
    height = float(_height(basin, np.array(centre), np.array(level - basin.U_bottom)))
    return half < HARMONIC_WIDTH * centre, half, height


def period(model: MPR, h: float, I: float = 0.0) -> float:  # noqa: E741
    """Period ``T(h)`` in physical time of the closed orbit with energy ``h`` of a homogeneous model.

    On the level set ``H = h`` the potential is ``v = +-sqrt(tau r (h - U(r)))``
    (the kinetic part is ``h - U``), and ``dr/dt`` is that of ``nmmtools.models.mpr.field``,
    ``2 r v / tau``; the orbit runs from one turning point to the other and back, so

        T(h) = integral_{r_min}^{r_max} 2 dr / (dr/dt)
             = sqrt(tau) * integral_{r_min}^{r_max} dr / (r**(3/2) sqrt(h - U(r))),

    with ``r_min``, ``r_max`` the roots of ``U(r) = h`` (:meth:`nmmtools.Well.turning_points`).
    The quadrature (see ``QUADRATURE_RTOL``) is accurate to about ``1e-13``
    relative. For orbits narrower than ``HARMONIC_WIDTH`` (and at the
    bottom itself) the limit, the small-oscillation period ``2 pi / omega`` of
    the centre, is returned: it is then within about ``1e-10`` of ``T(h)``.

    Parameters
    ----------
    model : MPR
        A homogeneous model, ``delta = 0``.
    h : float
        The energy, in the well: ``U_bottom <= h < U_rim`` (see :func:`nmmtools.well`).
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    float
        The period.

    Raises
    ------
    ValueError
        If ``delta > 0`` (the orbits are not closed), the potential has no well, or
        ``h`` is outside it; the message gives the allowed range. Also if the
        quadrature does not converge, which happens only within about ``1e-12``
        of the depth below the rim.

    Examples
    --------
    >>> from nmmtools import MPR, period, well
    >>> model = MPR(delta=0.0, eta=-5.0, J=15.0)
    >>> print(f"{period(model, float(well(model).level(0.5))):.4f}")
    2.1993
    """
    check.instance("model", model, MPR)
    if model.delta != 0.0:
        raise ValueError(
            f"period needs a homogeneous model, delta = 0 (closed orbits), got delta = {model.delta:g}"
        )
    level, basin = _closed_level(model, h, I)
    if _narrow(basin, level)[0]:
        return float(2.0 * np.pi / np.max(np.abs(basin.bottom.eigenvalues.imag)))
    drive, coupling, tau = model.eta + basin.I, model.J, model.tau

    def time_per_rate(rates: NDArray[np.float64], heights: NDArray[np.float64]) -> NDArray[np.float64]:
        drdt, _ = field(rates, heights, drive, 0.0, coupling, tau)
        return 2.0 / drdt  # dt/dr on the way out and on the way back

    return _over_turn(basin, level, time_per_rate)


@functools.cache
def _green_integrand() -> Callable[..., NDArray[np.float64]]:
    """:func:`nmmtools.symbolic.geometry.green_integrand` as a function of ``(r, delta, tau)``."""
    derived = symbolic_geometry.green_integrand()
    return sp.lambdify((r_symbol, delta_symbol, tau_symbol), derived, modules="numpy")


def energy_loss_per_turn(model: MPR, h: float, I: float = 0.0) -> float:  # noqa: E741
    """First-order change of ``H`` over one turn of a heterogeneous model started on the level ``H = h``.

    Along the model ``dH = Q(r) dv`` with ``Q = -delta / (pi tau**2 r**2)``
    (:func:`nmmtools.symbolic.geometry.energy_one_form`, from :func:`nmmtools.energy_rate`
    with a constant input folded into ``eta``). To first order in ``delta`` the
    orbit over one turn is the closed level set of the homogeneous model, run
    clockwise in ``(r, v)``, so Green's theorem turns the loop integral of ``Q dv``
    into an integral over the region ``A`` inside the level set:

        Delta H = integral_A (-dQ/dr) dA = -(2 delta / (pi tau**2)) * integral_A r**-3 dA,

    the integrand being :func:`nmmtools.symbolic.geometry.green_integrand`. At
    each ``r`` the region is ``|v| <= sqrt(tau r (h - U(r)))``, so the integral is
    one quadrature in ``r`` (as in :func:`period`). The error of this prediction
    is of second order in ``delta``: relative to ``Delta H`` it shrinks in proportion to ``delta``.

    Parameters
    ----------
    model : MPR
        The model, ``delta >= 0``.
    h : float
        The energy at the start of the turn, in the well of the homogeneous model.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    float
        The predicted change of ``H`` over one turn, ``<= 0``.

    Raises
    ------
    ValueError
        If the potential has no well or ``h`` is outside it.

    Examples
    --------
    >>> from nmmtools import MPR, energy_loss_per_turn, well
    >>> model = MPR(delta=0.01, eta=-5.0, J=15.0)
    >>> print(f"{energy_loss_per_turn(model, float(well(model).level(0.5))):.6f}")
    -0.003125
    """
    level, basin = _closed_level(model, h, I)
    density = _green_integrand()
    heterogeneity, tau = model.delta, model.tau
    narrow, half, height = _narrow(basin, level)
    if narrow:  # an ellipse with semi-axes half (in r) and height (in v), at r = r*
        return float(np.pi * half * height * density(basin.bottom.r, heterogeneity, tau))

    def strip(rates: NDArray[np.float64], heights: NDArray[np.float64]) -> NDArray[np.float64]:
        return 2.0 * heights * density(rates, heterogeneity, tau)  # the region's extent in v at each r

    return _over_turn(basin, level, strip)


def level_set(
    model: MPR,
    h: float,
    samples: int = 400,
    I: float = 0.0,  # noqa: E741
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points on the closed level set ``H = h`` of the homogeneous model, in the direction of the flow.

    With ``r = m + d cos(theta)`` between the turning points and
    ``v = -+sqrt(tau r (h - U(r)))``, ``theta`` running over ``[0, 2 pi)``: the
    first point is the right turning point ``(r_max, 0)``, then ``v < 0``
    (the orbits run clockwise). Rounding at the turning points, where
    ``h - U`` vanishes, is clipped to zero.

    Parameters
    ----------
    model : MPR
        The model; its ``delta`` is ignored.
    h : float
        The energy, in the well.
    samples : int
        Number of points, ``>= 8``.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    r, v : numpy.ndarray
        The points.

    Raises
    ------
    ValueError
        If the potential has no well, ``h`` is outside it or ``samples < 8``.

    Examples
    --------
    >>> from nmmtools import MPR, level_set
    >>> r, v = level_set(MPR(eta=-5.0, J=15.0), 5.0, samples=8)
    >>> print(f"{r.max():.4f} {v.min():.4f}")
    1.2593 -0.3682
    """
    check.instance("model", model, MPR)
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 8:
        raise ValueError(f"samples must be an integer >= 8, got samples = {samples!r}")
    level, basin = _closed_level(model, h, I)
    left, right = basin.turning_points(level)
    theta = np.linspace(0.0, 2.0 * np.pi, int(samples), endpoint=False)
    rates = 0.5 * (left + right) + 0.5 * (right - left) * np.cos(theta)
    excess = np.maximum(level - potential(basin.model, rates, basin.I), 0.0)
    return rates, -np.sign(np.sin(theta)) * _height(basin, rates, excess)


@dataclass(frozen=True)
class Turn:
    """One simulated turn of an orbit, from the right turning point of a level set back to ``v = 0``.

    Attributes
    ----------
    duration : float
        Time from the start to the next downward crossing of ``v = 0`` right of the centre.
    energy_change : float
        ``H`` there minus ``H`` at the start.
    """

    duration: float
    energy_change: float


def measure_turn(model: MPR, h: float, *, rtol: float = 1e-12, step: float = 1e-3) -> Turn:
    """Simulate one turn of ``model`` from the right turning point ``(r_max, 0)`` of the level set ``H = h``.

    The turn ends where ``v`` next crosses zero downwards right of the centre
    (for ``delta = 0``: back at the start). The run is sampled every ``step``
    (:func:`nmmtools.simulate`, DOP853 at ``rtol``); the crossing time and the
    energy there come from degree-7 polynomials through the 8 samples around the
    crossing, accurate to far below the integrator's error.

    Parameters
    ----------
    model : MPR
        The model (``delta >= 0``); the level set is that of its homogeneous part.
    h : float
        The energy at the start, in the well.
    rtol : float
        Relative tolerance of the integrator (``atol = 1e-14``).
    step : float
        Sampling step, ``> 0``, at most a fiftieth of the period.

    Returns
    -------
    Turn

    Raises
    ------
    ValueError
        If ``h`` is outside the well or ``step`` is too coarse.
    SimulationError
        If the simulation fails or the orbit does not complete a turn.

    Examples
    --------
    >>> from nmmtools import MPR, measure_turn, period
    >>> model = MPR(delta=0.0, eta=-5.0, J=15.0)
    >>> turn = measure_turn(model, 5.1)
    >>> print(f"{turn.duration:.6f} {period(model, 5.1):.6f} {abs(turn.energy_change) < 1e-10}")
    2.198993 2.198993 True
    """
    check.instance("model", model, MPR)
    homogeneous = model.homogeneous()
    level, basin = _closed_level(homogeneous, h, 0.0)
    step = check.positive_scalar("step", step)
    rtol = check.positive_scalar("rtol", rtol)
    duration = period(homogeneous, level)
    if step > duration / 50.0:
        raise ValueError(f"step must be <= period / 50 = {duration / 50.0:.4g}, got step = {step}")
    right = basin.turning_points(level)[1]
    times = np.arange(0.0, 1.5 * duration, step)
    run = simulate(model, (right, 0.0), (0.0, times[-1]), t_eval=times, rtol=rtol, atol=1e-14)
    past_left = int(np.argmax(run.r < basin.bottom.r))
    downward = np.flatnonzero((run.v[past_left:-1] > 0.0) & (run.v[past_left + 1 :] <= 0.0))
    if past_left == 0 or downward.size == 0:
        raise SimulationError(
            f"the orbit from ({right:.6g}, 0) did not complete a turn by t = {times[-1]:.4g}"
        )
    k = past_left + 1 + int(downward[0])
    if k < 4 or k + 4 > times.size:
        raise SimulationError("the end of the turn is too close to the end of the run")
    window = slice(k - 4, k + 4)
    fit = np.polynomial.Polynomial.fit(run.t[window], run.v[window], 7)
    roots = [
        root.real for root in fit.roots() if abs(root.imag) < 1e-9 and run.t[k - 1] <= root.real <= run.t[k]
    ]
    end = roots[0]
    energy_there = np.polynomial.Polynomial.fit(run.t[window], run.energy()[window], 7)(end)
    return Turn(duration=float(end), energy_change=float(energy_there - level))


def energy_above_bottom(run: Run, *, every: int = 1) -> NDArray[np.float64]:
    """The energy of a run measured from the bottom of its well, at every ``every``-th sample.

    ``H`` is defined up to an additive constant, so its size means nothing; its height
    above the bottom of the well does. At each sample the model's drive (input,
    adaptation, synaptic or inhibitory) is folded into ``eta`` as in :meth:`Run.energy`,
    and the bottom is that of the well of the population so frozen.

    Parameters
    ----------
    run : Run
        A run of one population.
    every : int
        Use every ``every``-th sample (each needs the well of its own drive).

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If at some sample the frozen population has no well.

    Examples
    --------
    >>> from nmmtools import MPR, energy_above_bottom, simulate
    >>> run = simulate(MPR(), (1.2, 0.0), (0.0, 2.0), I=0.5, t_eval=[0.0, 1.0, 2.0])
    >>> print(" ".join(f"{height:.4f}" for height in energy_above_bottom(run)))
    0.0229 0.0229 0.0229
    """
    check.instance("run", run, Run)
    if isinstance(every, bool) or not isinstance(every, int | np.integer) or every < 1:
        raise ValueError(f"every must be an integer >= 1, got every = {every!r}")
    if np.ndim(run.r) != 1:
        raise ValueError(f"run must be a run of one population, got r of shape {np.shape(run.r)}")
    picks = slice(None, None, int(every))
    population, drive = run.model.frozen(run.t, run.y, run.input)
    drives = np.broadcast_to(drive, run.t.shape)[picks]
    bottoms = np.array([well(population, float(value)).U_bottom for value in drives])
    return run.energy()[picks] - bottoms
