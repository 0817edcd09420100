"""The geometry behind the energy: the complex variable, periods, energy loss per turn, bifurcations.

Four pieces of geometry explain what the energy ``H`` of :mod:`nmmtools.energy`
does (the derivations are in :mod:`nmmtools.symbolic_geometry`):

* In ``w = pi r + i v`` (the centre and half width of the Lorentzian voltage
  distribution) the MPR model is ``dw/dt = delta + i (eta + J r + I - w**2)``
  (:func:`to_complex`, :func:`kuramoto_order`).
* For ``delta = 0`` an orbit of energy ``h`` turns in the time
  ``T(h) = sqrt(tau) * integral dr / (r**(3/2) sqrt(h - U(r)))`` between its
  turning points (:func:`period`).
* For ``delta > 0`` Green's theorem turns the change of ``H`` over one turn into
  an integral over the area inside the level set (:func:`energy_loss_per_turn`).
* The equilibria fold in saddle-node bifurcations along curves in ``(eta, J)``
  that meet at a cusp (:func:`saddle_node_curve`, :func:`cusp`).

Unless a function takes a model, it is for the dimensionless model, ``tau = 1``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from nmmtools import (
    MPR,
    FixedPoint,
    SimulationError,
    ellipse_deviation,
    fixed_points,
    potential,
    predict_amplitudes,
    simulate,
    turning_points,
)
from nmmtools import _validation as check

QUADRATURE_RTOL = 1e-13
"""Relative change between two successive refinements at which the quadrature of a turn stops."""

_FIRST_NODES, _MAX_NODES = 64, 2**18
"""Nodes of the first and of the finest Gauss-Chebyshev rule tried."""

HARMONIC_WIDTH = 1e-5
"""Half width of an orbit, relative to the rate of its centre, below which the turn integrals use
the harmonic (small-oscillation) limit: that differs from the exact value by about the square of
the width, ~1e-10, while rounding in ``h - U`` costs the quadrature more there."""


# --- the complex variable -------------------------------------------------------------------------


def _rates_and_potentials(r: ArrayLike, v: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Check ``r >= 0`` and ``v`` finite, with shapes that broadcast."""
    rates = check.real_array("r", r)
    potentials = check.real_array("v", v)
    negative = rates < 0.0
    if negative.any():
        where = tuple(int(i) for i in np.argwhere(negative)[0])
        index = f"[{', '.join(map(str, where))}]" if where else ""
        raise ValueError(f"r must be >= 0 (a firing rate), got r{index} = {rates[where]}")
    check.broadcastable(r=rates, v=potentials)
    return rates, potentials


def to_complex(r: ArrayLike, v: ArrayLike) -> NDArray[np.complex128]:
    """The complex variable ``w = pi r + i v``.

    In the Ott–Antonsen reduction of the QIF population, the membrane potentials
    are Lorentzian-distributed with centre ``v`` and half width ``pi r``
    (``tau = 1``); ``w`` packs both into one number.

    Parameters
    ----------
    r, v : array_like
        Firing rate (``>= 0``) and mean membrane potential; broadcast together.

    Returns
    -------
    numpy.ndarray of complex
        ``w`` at each point.

    Raises
    ------
    ValueError
        If a value is not finite, ``r < 0`` or the shapes do not broadcast.

    Examples
    --------
    >>> w = to_complex(1.0, -0.5)
    >>> print(f"{w.real:.4f} {w.imag:+.4f}")
    3.1416 -0.5000
    """
    rates, potentials = _rates_and_potentials(r, v)
    return np.pi * rates + 1j * potentials


def from_complex(w: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The rate and potential ``(r, v) = (Re w / pi, Im w)`` of a complex variable ``w``.

    Parameters
    ----------
    w : array_like of complex
        Values of ``w = pi r + i v`` with ``Re w >= 0``.

    Returns
    -------
    r, v : numpy.ndarray
        Firing rate and mean membrane potential.

    Raises
    ------
    ValueError
        If a value is not finite or ``Re w < 0`` (a negative rate).

    Examples
    --------
    >>> r, v = from_complex(to_complex(0.7, 1.5))
    >>> print(f"{float(r):.4f} {float(v):.4f}")
    0.7000 1.5000
    """
    values = check.complex_array("w", w)
    if np.any(values.real < 0.0):
        where = tuple(int(i) for i in np.argwhere(values.real < 0.0)[0])
        raise ValueError(
            f"w must have Re w >= 0 (r = Re w / pi is a rate), got w{list(where)} = {values[where]}"
        )
    return values.real / np.pi, values.imag


def kuramoto_order(r: ArrayLike, v: ArrayLike) -> NDArray[np.complex128]:
    """The Kuramoto order parameter ``Z = (1 - conj(w)) / (1 + conj(w))`` of the QIF population.

    With the phase ``theta = 2 arctan(V)`` of a neuron with potential ``V``,
    ``Z`` is the mean of ``exp(i theta)`` over the Lorentzian distribution of
    potentials (Montbrió, Pazó & Roxin 2015). ``|Z| < 1`` for ``r > 0`` and
    ``|Z| = 1`` for ``r = 0``, where all neurons have the same potential.

    Parameters
    ----------
    r, v : array_like
        Firing rate (``>= 0``) and mean membrane potential; broadcast together.

    Returns
    -------
    numpy.ndarray of complex
        ``Z`` at each point.

    Raises
    ------
    ValueError
        As :func:`to_complex`.

    Examples
    --------
    >>> print(f"{abs(kuramoto_order(0.1, -2.0)):.4f}")
    0.8835
    """
    conjugate = np.conj(to_complex(r, v))
    return (1.0 - conjugate) / (1.0 + conjugate)


# --- the well of the homogeneous model ------------------------------------------------------------


@dataclass(frozen=True)
class Well:
    """The potential well of a homogeneous model: the energies of its closed orbits.

    Attributes
    ----------
    centre : FixedPoint
        The centre at the bottom of the well.
    bottom : float
        ``U`` at the centre.
    rim : float
        ``U`` at the saddle on the left of the centre, or ``inf`` if ``U`` grows
        without bound as ``r -> 0`` (no saddle, every ``h > bottom`` is a closed orbit).
    """

    centre: FixedPoint
    bottom: float
    rim: float


def well(model: MPR) -> Well:
    """The well of the homogeneous model with the parameters of ``model`` (its ``delta`` is ignored).

    Parameters
    ----------
    model : MPR
        The model.

    Returns
    -------
    Well

    Raises
    ------
    ValueError
        If the potential has no well (no centre).

    Examples
    --------
    >>> found = well(MPR(eta=-5.0, J=15.0))
    >>> print(f"{found.centre.r:.4f} {found.bottom:.4f} {found.rim:.4f}")
    1.0261 4.8679 5.3324
    """
    check.instance("model", model, MPR)
    homogeneous = MPR(delta=0.0, eta=model.eta, J=model.J, tau=model.tau)
    points = fixed_points(homogeneous)
    centres = [point for point in points if point.kind == "centre"]
    if not centres:
        raise ValueError(
            f"the potential has no well (no centre) for eta = {model.eta:g}, J = {model.J:g}: "
            "no closed orbits"
        )
    centre = centres[-1]
    saddles = [point for point in points if point.kind == "saddle" and point.r < centre.r]
    bottom = float(potential(homogeneous, centre.r))
    rim = float(potential(homogeneous, saddles[-1].r)) if saddles else np.inf
    return Well(centre=centre, bottom=bottom, rim=rim)


def _level_in_well(model: MPR, h: object) -> tuple[float, Well]:
    """Check that ``h`` is the energy of a closed orbit of the homogeneous model; return it and the well."""
    level = check.real_scalar("h", h)
    found = well(model)
    if not found.bottom <= level < found.rim:
        raise ValueError(
            f"h must lie in the well, bottom <= h < rim: [{found.bottom:.6g}, {found.rim:.6g}) for "
            f"eta = {model.eta:g}, J = {model.J:g}, tau = {model.tau:g}; got h = {level:g}"
        )
    return level, found


def _narrow_turn(model: MPR, level: float, found: Well) -> tuple[bool, float]:
    """Whether the orbit of energy ``level`` is narrower than :data:`HARMONIC_WIDTH`, and its half width.

    The half width in the harmonic limit, ``sqrt(2 (h - bottom) / U''(r*))``: there the
    turning points are ill-conditioned roots of the nearly flat ``U - h``.
    """
    rate = found.centre.r
    curvature = 2.0 * model.eta / (model.tau * rate**3) + model.J / rate**2
    half = float(np.sqrt(2.0 * (level - found.bottom) / curvature))
    return half < HARMONIC_WIDTH * rate, half


def _turn_integral(
    model: MPR, level: float, weight: Callable[[NDArray[np.float64]], NDArray[np.float64]], power: float
) -> float:
    """``integral weight(r) (h - U(r))**power dr`` between the turning points, ``power = +-1/2``.

    The substitution ``r = m + d cos(theta)`` (``m``, ``d``: middle and half
    length of the interval) turns the inverse-square-root (or square-root)
    endpoint behaviour into a smooth, even, ``2 pi``-periodic integrand in
    ``theta``, which the midpoint rule (Gauss–Chebyshev) integrates with
    exponential convergence. The number of nodes doubles until two results
    agree to :data:`QUADRATURE_RTOL`, or, for a level so close to the bottom
    that rounding limits the result (``h - U`` is then ``~ U'' d**2`` with
    ``d`` the half width), to ``100 eps m / d``.

    ``h - U(r)`` is not computed as a difference, which loses all digits near
    the turning points, but as ``U(a) - U(r)`` about the nearer turning point
    ``a`` (where ``U(a) = h``): ``x * B(r)`` with ``x = |r - a|`` from the
    half-angle form of ``theta`` and ``B`` evaluated with ``log1p``.
    """
    homogeneous = MPR(delta=0.0, eta=model.eta, J=model.J, tau=model.tau)
    left, right = turning_points(homogeneous, level)
    middle, half = 0.5 * (left + right), 0.5 * (right - left)
    tau, eta, coupling = model.tau, model.eta, model.J

    def rule(nodes: int) -> float:
        theta = (np.arange(nodes) + 0.5) * np.pi / nodes
        rates = middle + half * np.cos(theta)
        near_right = theta < 0.5 * np.pi
        # distance to the nearer turning point, without cancellation
        distance = np.where(
            near_right, 2.0 * half * np.sin(0.5 * theta) ** 2, 2.0 * half * np.cos(0.5 * theta) ** 2
        )
        anchor = np.where(near_right, right, left)
        side = np.where(near_right, -1.0, 1.0)  # r - anchor = side * distance
        # h - U(r) = U(anchor) - U(r) = distance * slope
        slope = (
            -side * (np.pi**2 * tau - eta / (tau * rates * anchor))
            + coupling * np.log1p(side * distance / anchor) / distance
        )
        excess = distance * slope
        if np.any(excess <= 0.0):
            raise ValueError(
                f"the quadrature of the turn at h = {level:.17g} failed: h - U(r) <= 0 at a node "
                f"between the turning points {left:.17g} and {right:.17g}"
            )
        return float(np.pi / nodes * np.sum(weight(rates) * half * np.sin(theta) * excess**power))

    tolerance = max(QUADRATURE_RTOL, 100.0 * np.finfo(float).eps * middle / half)
    nodes, previous = _FIRST_NODES, rule(_FIRST_NODES)
    while nodes < _MAX_NODES:
        nodes *= 2
        current = rule(nodes)
        if abs(current - previous) <= tolerance * abs(current):
            return current
        previous = current
    raise ValueError(
        f"the quadrature of the turn at h = {level:.17g} did not converge with {_MAX_NODES} nodes: "
        "h is too close to the rim of the well"
    )


def period(model: MPR, h: float) -> float:
    """Period ``T(h)`` in physical time of the closed orbit with energy ``h`` of a homogeneous model.

    On the level set ``H = h`` the potential is ``v = +-sqrt(tau r (h - U(r)))``
    and ``dr/dt = 2 r v / tau``; the orbit runs from one turning point to the
    other and back, so

        T(h) = sqrt(tau) * integral_{r_min}^{r_max} dr / (r**(3/2) sqrt(h - U(r))),

    with ``r_min``, ``r_max`` the roots of ``U(r) = h`` (:func:`nmmtools.turning_points`).
    The quadrature (see :data:`QUADRATURE_RTOL`) is accurate to about ``1e-13``
    relative. For orbits narrower than :data:`HARMONIC_WIDTH` (and at the
    bottom itself) the limit, the small-oscillation period ``2 pi / omega`` of
    the centre, is returned: it is then within about ``1e-10`` of ``T(h)``.

    Parameters
    ----------
    model : MPR
        A homogeneous model, ``delta = 0``.
    h : float
        The energy, in the well: ``bottom <= h < rim`` (see :func:`well`).

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
    >>> model = MPR(delta=0.0, eta=-5.0, J=15.0)
    >>> found = well(model)
    >>> print(f"{period(model, found.bottom + 0.5 * (found.rim - found.bottom)):.4f}")
    2.1993
    """
    check.instance("model", model, MPR)
    if model.delta != 0.0:
        raise ValueError(
            f"period needs a homogeneous model, delta = 0 (closed orbits), got delta = {model.delta:g}"
        )
    level, found = _level_in_well(model, h)
    if _narrow_turn(model, level, found)[0]:
        return float(2.0 * np.pi / np.max(np.abs(found.centre.eigenvalues.imag)))
    return float(np.sqrt(model.tau) * _turn_integral(model, level, lambda rates: rates**-1.5, -0.5))


def enclosed_integral_of_inverse_cube(model: MPR, h: float) -> float:
    """``integral of r**-3 dA`` over the region inside the level set ``H = h`` of the homogeneous model.

    For each ``r`` between the turning points the region is
    ``|v| <= sqrt(tau r (h - U(r)))``, so the double integral is
    ``integral 2 sqrt(tau r (h - U(r))) / r**3 dr``.

    Parameters
    ----------
    model : MPR
        The model; its ``delta`` is ignored.
    h : float
        The energy, in the well.

    Returns
    -------
    float
        The integral, ``>= 0``.

    Raises
    ------
    ValueError
        If the potential has no well or ``h`` is outside it.

    Examples
    --------
    >>> model = MPR(eta=-5.0, J=15.0)
    >>> found = well(model)
    >>> print(f"{enclosed_integral_of_inverse_cube(model, found.bottom + 0.1):.4f}")
    0.1958
    """
    check.instance("model", model, MPR)
    level, found = _level_in_well(model, h)
    tau = model.tau
    narrow, half = _narrow_turn(model, level, found)
    if narrow:  # an ellipse with semi-axes half and sqrt(tau r* (h - bottom)), at r = r*
        return float(
            np.pi * half * np.sqrt(tau * found.centre.r * (level - found.bottom)) / found.centre.r**3
        )
    return _turn_integral(model, level, lambda rates: 2.0 * np.sqrt(tau * rates) / rates**3, 0.5)


def energy_loss_per_turn(model: MPR, h: float) -> float:
    """First-order change of ``H`` over one turn of a heterogeneous model started on the level ``H = h``.

    Along the model, ``dH/dt = (delta / (pi tau**2)) dH/dr`` (:func:`nmmtools.energy_rate`
    with ``I = 0``). To first order in ``delta`` the orbit over one turn is the
    closed level set of the homogeneous model, on which ``dH/dr dt = -dv / r**2``
    (rescaled time ``ds = r**2 dt``, ``dv/ds = -dH/dr``). The level set is run
    clockwise in ``(r, v)``, so Green's theorem gives

        Delta H = -(delta / (pi tau**2)) * loop integral dv / r**2
                = -(2 delta / (pi tau**2)) * integral of r**-3 dA

    over the region inside the level set (:func:`enclosed_integral_of_inverse_cube`).
    The error of this prediction is of second order in ``delta``: relative to
    ``Delta H`` it shrinks in proportion to ``delta``.

    Parameters
    ----------
    model : MPR
        The model, ``delta >= 0``.
    h : float
        The energy at the start of the turn, in the well of the homogeneous model.

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
    >>> model = MPR(delta=0.01, eta=-5.0, J=15.0)
    >>> found = well(model)
    >>> print(f"{energy_loss_per_turn(model, found.bottom + 0.5 * (found.rim - found.bottom)):.6f}")
    -0.003125
    """
    area_integral = enclosed_integral_of_inverse_cube(model, h)
    return -2.0 * model.delta / (np.pi * model.tau**2) * area_integral


def level_set(model: MPR, h: float, samples: int = 400) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
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
    >>> r, v = level_set(MPR(eta=-5.0, J=15.0), 5.0, samples=8)
    >>> print(f"{r.max():.4f} {v.min():.4f}")
    1.2593 -0.3682
    """
    check.instance("model", model, MPR)
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 8:
        raise ValueError(f"samples must be an integer >= 8, got samples = {samples!r}")
    level, found = _level_in_well(model, h)
    homogeneous = MPR(delta=0.0, eta=model.eta, J=model.J, tau=model.tau)
    if level == found.bottom:
        return np.full(samples, found.centre.r), np.zeros(samples)
    left, right = turning_points(homogeneous, level)
    theta = np.linspace(0.0, 2.0 * np.pi, int(samples), endpoint=False)
    rates = 0.5 * (left + right) + 0.5 * (right - left) * np.cos(theta)
    excess = np.maximum(level - potential(homogeneous, rates), 0.0)
    return rates, -np.sign(np.sin(theta)) * np.sqrt(model.tau * rates * excess)


# --- equilibria, saddle-node curves and the cusp ---------------------------------------------------


def saddle_node_curve(delta: float, r: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The saddle-node (fold) curves of equilibria in ``(eta, J)``, parametrised by the equilibrium rate.

    An equilibrium with rate ``r`` has ``v = -delta / (2 pi r)`` and
    ``eta = pi**2 r**2 - J r - delta**2 / (4 pi**2 r**2)``; it is a fold where
    the Jacobian is singular, ``J = 2 pi**2 r + delta**2 / (2 pi**2 r**3)``
    (derived in :func:`nmmtools.symbolic_geometry.fold_condition`). Then
    ``eta = -pi**2 r**2 - 3 delta**2 / (4 pi**2 r**2)``. Rates below the cusp's
    (:func:`cusp`) trace one branch, rates above it the other. ``tau = 1``.

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    r : array_like
        Equilibrium rates, ``> 0``.

    Returns
    -------
    eta, J : numpy.ndarray
        Points of the fold curves.

    Raises
    ------
    ValueError
        If ``delta < 0``, a rate is ``<= 0`` or a value is not finite.

    Examples
    --------
    >>> eta, J = saddle_node_curve(1.0, [0.3, 1.0])
    >>> print(f"{eta[0]:.4f} {J[0]:.4f} {eta[1]:.4f} {J[1]:.4f}")
    -1.7326 7.7981 -9.9456 19.7899
    """
    heterogeneity = check.nonnegative_scalar("delta", delta)
    rates = check.positive_rates("r", r)
    with np.errstate(over="ignore"):
        coupling = 2.0 * np.pi**2 * rates + heterogeneity**2 / (2.0 * np.pi**2 * rates**3)
        excitability = -(np.pi**2) * rates**2 - 3.0 * heterogeneity**2 / (4.0 * np.pi**2 * rates**2)
    return check.finite_result("eta", excitability), check.finite_result("J", coupling)


def saddle_node_curve_at_coupling(J: float, r: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The saddle-node curves in ``(eta, delta)`` at a fixed coupling ``J > 0``, parametrised by the rate.

    Solving the fold condition of :func:`saddle_node_curve` for ``delta``:
    ``delta = sqrt(2 pi**2 r**3 (J - 2 pi**2 r))``, real for ``0 < r <= J / (2 pi**2)``,
    and ``eta = 2 pi**2 r**2 - 3 J r / 2``. ``tau = 1``.

    Parameters
    ----------
    J : float
        Coupling, ``> 0``.
    r : array_like
        Equilibrium rates, ``0 < r <= J / (2 pi**2)``.

    Returns
    -------
    eta, delta : numpy.ndarray
        Points of the fold curves.

    Raises
    ------
    ValueError
        If ``J <= 0`` or a rate is outside ``(0, J / (2 pi**2)]``.

    Examples
    --------
    >>> eta, delta = saddle_node_curve_at_coupling(15.0, [0.3])
    >>> print(f"{eta[0]:.4f} {delta[0]:.4f}")
    -4.9735 2.1996
    """
    coupling = check.positive_scalar("J", J)
    rates = check.positive_rates("r", r)
    largest = coupling / (2.0 * np.pi**2)
    if np.any(rates > largest):
        raise ValueError(
            f"r must be <= J / (2 pi**2) = {largest:.6g} (no fold with delta >= 0 beyond), "
            f"got r up to {rates.max():.6g}"
        )
    heterogeneity = np.sqrt(2.0 * np.pi**2 * rates**3 * (coupling - 2.0 * np.pi**2 * rates))
    return 2.0 * np.pi**2 * rates**2 - 1.5 * coupling * rates, heterogeneity


def cusp(delta: float) -> tuple[float, float]:
    """The cusp where the two saddle-node curves of :func:`saddle_node_curve` meet.

    There the fold curve turns back: ``dJ/dr = 0`` along it, at
    ``r = (3 delta**2 / 4)**(1/4) / pi``, which gives ``eta = -sqrt(3) delta`` and
    ``J = 2 pi (4/3)**(3/4) sqrt(delta)`` (:func:`nmmtools.symbolic_geometry.cusp_point`).
    ``tau = 1``.

    Parameters
    ----------
    delta : float
        Heterogeneity, ``> 0`` (for ``delta = 0`` the curves meet at ``r = 0``).

    Returns
    -------
    (eta, J) : (float, float)

    Raises
    ------
    ValueError
        If ``delta <= 0``.

    Examples
    --------
    >>> eta, J = cusp(1.0)
    >>> print(f"{eta:.4f} {J:.4f}")
    -1.7321 7.7962
    """
    heterogeneity = check.positive_scalar("delta", delta)
    rate = (0.75 * heterogeneity**2) ** 0.25 / np.pi
    eta, coupling = saddle_node_curve(heterogeneity, rate)
    return float(eta), float(coupling)


def cusp_at_coupling(J: float) -> tuple[float, float]:
    """The cusp of the fold curves in the ``(eta, delta)`` plane at a fixed coupling ``J > 0``.

    :func:`cusp` gives ``J = c sqrt(delta)`` at the cusp, with ``c = 2 pi (4/3)**(3/4)``;
    so at coupling ``J`` the cusp is at ``delta = (J / c)**2``, ``eta = -sqrt(3) delta``. ``tau = 1``.

    Parameters
    ----------
    J : float
        Coupling, ``> 0``.

    Returns
    -------
    (eta, delta) : (float, float)

    Examples
    --------
    >>> eta, delta = cusp_at_coupling(15.0)
    >>> print(f"{eta:.4f} {delta:.4f}")
    -6.4117 3.7018
    """
    coupling = check.positive_scalar("J", J)
    heterogeneity = (coupling / cusp(1.0)[1]) ** 2
    return cusp(heterogeneity)[0], heterogeneity


def equilibrium_count(delta: ArrayLike, eta: ArrayLike, J: ArrayLike) -> NDArray[np.int64]:
    """Number of equilibria with ``r > 0`` at each point of a grid of parameters (``tau = 1``, no input).

    The equilibria are the positive real roots of the polynomial of
    :func:`nmmtools.fixed_points`, ``pi**2 r**4 - J r**3 - eta r**2 - delta**2 / (4 pi**2)``
    (for ``delta = 0``: ``pi**2 r**2 - J r - eta``), counted with the same
    criterion (a root is real if its imaginary part is below ``1e-9`` of the
    largest root); the roots of the whole grid are the eigenvalues of a stack of
    companion matrices. Nothing here uses the closed-form fold curves, so the
    count is an independent check of :func:`saddle_node_curve`.

    Parameters
    ----------
    delta, eta, J : array_like
        Model parameters (``delta >= 0``), broadcast together.

    Returns
    -------
    numpy.ndarray of int
        The count at each point, with the broadcast shape.

    Raises
    ------
    ValueError
        If a value is not finite, a ``delta`` is negative or the shapes do not broadcast.

    Examples
    --------
    >>> print(equilibrium_count(1.0, [-5.0, -5.0], [15.0, 5.0]))
    [3 1]
    """
    heterogeneity = check.real_array("delta", delta)
    if np.any(heterogeneity < 0.0):
        raise ValueError(f"delta must be >= 0, got delta down to {heterogeneity.min()}")
    excitability, coupling = check.real_array("eta", eta), check.real_array("J", J)
    check.broadcastable(delta=heterogeneity, eta=excitability, J=coupling)
    grids = [grid.ravel() for grid in np.broadcast_arrays(heterogeneity, excitability, coupling)]
    shape = np.broadcast_shapes(heterogeneity.shape, excitability.shape, coupling.shape)
    counts = np.empty(grids[0].size, dtype=np.int64)
    homogeneous = grids[0] == 0.0
    for subset, degree in ((homogeneous, 2), (~homogeneous, 4)):
        if not subset.any():
            continue
        d, e, j = (grid[subset] for grid in grids)
        # the polynomial divided by pi**2 (monic): coefficients of r**(degree - 1), ..., r**0
        if degree == 2:
            lower = np.stack((-j, -e), axis=-1) / np.pi**2
        else:
            lower = np.stack((-j, -e, np.zeros_like(e), -(d**2) / (4.0 * np.pi**2)), axis=-1) / np.pi**2
        companion = np.zeros((lower.shape[0], degree, degree))
        companion[:, 0, :] = -lower
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
        roots = np.linalg.eigvals(companion)
        scale = np.maximum(1.0, np.max(np.abs(roots), axis=1, keepdims=True))
        real_positive = (np.abs(roots.imag) <= 1e-9 * scale) & (roots.real > 0.0)
        counts[subset] = real_positive.sum(axis=1)
    return counts.reshape(shape)


# --- nullclines and the manifolds of the saddle ------------------------------------------------------


def rate_nullcline(model: MPR, r: ArrayLike) -> NDArray[np.float64]:
    """The nullcline ``dr/dt = 0``: ``v = -delta / (2 pi tau r)`` at each rate ``r > 0``.

    Parameters
    ----------
    model : MPR
        The model.
    r : array_like
        Rates, ``> 0``.

    Returns
    -------
    numpy.ndarray
        ``v`` on the nullcline.

    Examples
    --------
    >>> print(f"{rate_nullcline(MPR(delta=1.0), 0.5)[()]:.4f}")
    -0.3183
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    with np.errstate(over="ignore"):
        return check.finite_result("rate_nullcline", -model.delta / (2.0 * np.pi * model.tau * rates))


def potential_nullcline(model: MPR, r: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The nullcline ``dv/dt = 0``: ``v = +-sqrt((pi tau r)**2 - J tau r - eta)`` where it is real.

    Parameters
    ----------
    model : MPR
        The model.
    r : array_like, shape (n,)
        Rates, ``> 0``.

    Returns
    -------
    r, v : numpy.ndarray
        The rates at which the nullcline exists and its upper branch ``v >= 0``
        there (the lower branch is ``-v``).

    Examples
    --------
    >>> rates, upper = potential_nullcline(MPR(eta=-5.0, J=15.0), [0.2, 0.5, 2.0])
    >>> print(rates, f"{upper[0]:.4f}")
    [0.2 2. ] 1.5475
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    if rates.ndim != 1:
        raise ValueError(f"r must be one-dimensional, got shape {rates.shape}")
    tau = model.tau
    with np.errstate(over="ignore", invalid="ignore"):
        square = check.finite_result(
            "potential_nullcline", (np.pi * tau * rates) ** 2 - model.J * tau * rates
        )
        square = square - model.eta
    real = square >= 0.0
    return rates[real], np.sqrt(square[real])


@dataclass(frozen=True)
class SaddleManifolds:
    """The stable and unstable manifolds of a saddle, two branches each.

    Attributes
    ----------
    saddle : FixedPoint
        The saddle.
    stable, unstable : tuple of numpy.ndarray
        Each branch as an array of shape ``(2, n)`` of points ``(r, v)``, starting
        next to the saddle: the first branch leaves it towards larger ``r``, the
        second towards smaller ``r``. The stable branches are traced backwards in time.
    """

    saddle: FixedPoint
    stable: tuple[NDArray[np.float64], NDArray[np.float64]]
    unstable: tuple[NDArray[np.float64], NDArray[np.float64]]


def saddle_manifolds(
    model: MPR, *, duration: float = 40.0, offset: float = 1e-7, r_floor: float = 1e-3, bound: float = 20.0
) -> SaddleManifolds:
    """Trace the stable and unstable manifolds of the saddle of ``model``.

    Each branch starts at ``offset`` from the saddle along an eigenvector of its
    Jacobian and is integrated (DOP853, ``rtol = 1e-10``) forwards (unstable) or
    backwards (stable) in time for ``duration``, or until ``r`` falls to
    ``r_floor`` or ``|r|`` or ``|v|`` exceeds ``bound``.

    Parameters
    ----------
    model : MPR
        A model with exactly one saddle.
    duration : float
        Largest integration time of a branch, ``> 0``.
    offset : float
        Distance of the first point from the saddle, ``> 0``.
    r_floor, bound : float
        Where a branch stops, ``0 < r_floor < bound``.

    Returns
    -------
    SaddleManifolds

    Raises
    ------
    ValueError
        If the model does not have exactly one saddle, or an argument is out of range.

    Examples
    --------
    >>> manifolds = saddle_manifolds(MPR(delta=1.0, eta=-5.0, J=15.0))
    >>> print(f"{manifolds.saddle.r:.4f} {manifolds.unstable[1][0, -1]:.4f}")
    0.4730 0.0811
    """
    check.instance("model", model, MPR)
    duration = check.positive_scalar("duration", duration)
    offset = check.positive_scalar("offset", offset)
    r_floor = check.positive_scalar("r_floor", r_floor)
    bound = check.positive_scalar("bound", bound)
    if r_floor >= bound:
        raise ValueError(f"r_floor must be < bound, got r_floor = {r_floor}, bound = {bound}")
    saddles = [point for point in fixed_points(model) if point.kind == "saddle"]
    if len(saddles) != 1:
        raise ValueError(f"the model must have exactly one saddle, it has {len(saddles)}")
    saddle = saddles[0]
    values, vectors = np.linalg.eig(model.jacobian(saddle.r, saddle.v))
    values, vectors = values.real, vectors.real

    def floor(t: float, y: NDArray[np.float64]) -> float:
        return y[0] - r_floor

    def escape(t: float, y: NDArray[np.float64]) -> float:
        return bound - max(abs(y[0]), abs(y[1]))

    floor.terminal = escape.terminal = True  # type: ignore[attr-defined]

    def branch(direction: NDArray[np.float64], sign: float) -> NDArray[np.float64]:
        start = saddle.state + offset * direction
        run = solve_ivp(
            lambda t, y: sign * model.rhs(t, y),
            (0.0, duration),
            start,
            method="DOP853",
            rtol=1e-10,
            atol=1e-12,
            events=(floor, escape),
            dense_output=True,
        )
        times = np.linspace(0.0, run.t[-1], 2000)
        return run.sol(times)

    # orient both eigenvectors towards larger r: branch 0 leaves the saddle to the right, branch 1 to the left
    unstable_vector = vectors[:, int(np.argmax(values))]
    unstable_vector = unstable_vector * np.sign(unstable_vector[0])
    stable_vector = vectors[:, int(np.argmin(values))]
    stable_vector = stable_vector * np.sign(stable_vector[0])
    return SaddleManifolds(
        saddle=saddle,
        stable=(branch(stable_vector, -1.0), branch(-stable_vector, -1.0)),
        unstable=(branch(unstable_vector, 1.0), branch(-unstable_vector, 1.0)),
    )


# --- measurements on simulations and fits -----------------------------------------------------------


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
    (DOP853 at ``rtol``); the crossing time and the energy there come from
    degree-7 polynomials through the 8 samples around the crossing, accurate to
    far below the integrator's error.

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
        If the simulation fails.

    Examples
    --------
    >>> model = MPR(delta=0.0, eta=-5.0, J=15.0)
    >>> turn = measure_turn(model, 5.1)
    >>> print(f"{turn.duration:.6f} {period(model, 5.1):.6f} {abs(turn.energy_change) < 1e-10}")
    2.198993 2.198993 True
    """
    check.instance("model", model, MPR)
    homogeneous = MPR(delta=0.0, eta=model.eta, J=model.J, tau=model.tau)
    level, found = _level_in_well(homogeneous, h)
    step = check.positive_scalar("step", step)
    rtol = check.positive_scalar("rtol", rtol)
    duration = period(homogeneous, level)
    if step > duration / 50.0:
        raise ValueError(f"step must be <= period / 50 = {duration / 50.0:.4g}, got step = {step}")
    right = turning_points(homogeneous, level)[1]
    times = np.arange(0.0, 1.5 * duration, step)
    run = simulate(model, (right, 0.0), (0.0, times[-1]), t_eval=times, rtol=rtol, atol=1e-14)
    past_left = int(np.argmax(run.r < found.centre.r))
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


def deviation_from_ellipse(model: MPR, h: float, samples: int = 2000) -> float:
    """How far the level set ``H = h`` is from its fitted ellipse (:func:`nmmtools.ellipse_deviation`).

    Parameters
    ----------
    model : MPR
        The model; its ``delta`` is ignored.
    h : float
        The energy, in the well.
    samples : int
        Points of :func:`level_set` the ellipse is fitted to.

    Returns
    -------
    float
        ``max |radius - 1|`` of the points about the fitted ellipse (0 for an ellipse).

    Examples
    --------
    >>> print(deviation_from_ellipse(MPR(eta=2.0, J=0.0), 10.0) < 1e-12)  # J = 0: an exact ellipse
    True
    >>> print(f"{deviation_from_ellipse(MPR(eta=-5.0, J=15.0), 5.0):.4f}")
    0.0310
    """
    return ellipse_deviation(*level_set(model, h, samples))


def fit_power_law(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    """Least-squares fit of ``y = prefactor * x**exponent`` on a log-log scale.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        At least two positive values each, not all ``x`` equal.

    Returns
    -------
    (exponent, prefactor) : (float, float)

    Raises
    ------
    ValueError
        If the arrays are not 1-D of one length >= 2, a value is not positive, or all ``x`` are equal.

    Examples
    --------
    >>> exponent, prefactor = fit_power_law([1.0, 2.0, 4.0], [3.0, 12.0, 48.0])
    >>> print(f"{exponent:.4f} {prefactor:.4f}")
    2.0000 3.0000
    """
    xs, ys = check.positive_rates("x", x), check.positive_rates("y", y)
    if xs.ndim != 1 or xs.shape != ys.shape or xs.size < 2:
        raise ValueError(f"x and y must be 1-D of one length >= 2, got shapes {xs.shape} and {ys.shape}")
    if np.all(xs == xs[0]):
        raise ValueError("x must not all be equal")
    exponent, intercept = np.polyfit(np.log(xs), np.log(ys), 1)
    return float(exponent), float(np.exp(intercept))


@dataclass(frozen=True)
class IntervalPrediction:
    """Inter-spike intervals of a burst, simulated and predicted from the period ``T(h)``.

    Attributes
    ----------
    times : numpy.ndarray
        Time of the spike that ends each interval.
    simulated : numpy.ndarray
        The simulated interval (spike times refined between samples).
    predicted : numpy.ndarray
        ``T(h)`` of the frozen homogeneous fast subsystem at the energy read
        before the spike that ends the interval.
    """

    times: NDArray[np.float64]
    simulated: NDArray[np.float64]
    predicted: NDArray[np.float64]

    @property
    def relative_error(self) -> NDArray[np.float64]:
        """``|predicted - simulated| / simulated`` for each interval."""
        return np.abs(self.predicted - self.simulated) / self.simulated


def predict_intervals(
    model: MPR,
    t: ArrayLike,
    r: ArrayLike,
    v: ArrayLike,
    drive: ArrayLike,
    *,
    gap: float = 10.0,
    measure_at: str = "centre",
) -> IntervalPrediction:
    """Predict the inter-spike intervals of a burst from the period of the energy read before each spike.

    :func:`nmmtools.predict_amplitudes` reads the energy ``h_k`` before spike
    ``k`` with the slow input of that instant folded into ``eta``. If the
    energy stayed at ``h_k`` the fast subsystem would turn in ``T(h_k)``
    (:func:`period`): that is the predicted interval from spike ``k - 1`` to
    spike ``k``. Spike times are refined between samples by the vertex of the
    parabola through the three samples around each peak. Intervals longer than
    ``gap`` separate bursts and are skipped, as are spikes whose level lies
    outside the well.

    Parameters
    ----------
    model : MPR
        The fast subsystem (its ``eta`` without the slow input).
    t, r, v, drive : array_like
        The simulated trajectory, evenly sampled, and the slow input at each sample.
    gap : float
        Longest interval within a burst, ``> 0``.
    measure_at : {"centre", "trough"}
        Where the energy is read (see :func:`nmmtools.predict_amplitudes`).

    Returns
    -------
    IntervalPrediction

    Examples
    --------
    >>> model = MPR(delta=0.0, eta=-5.0, J=15.0)
    >>> t = np.linspace(0.0, 12.0, 12001)
    >>> run = simulate(model, (1.3, 0.0), (0.0, 12.0), t_eval=t)
    >>> result = predict_intervals(model, run.t, run.r, run.v, np.zeros_like(t))
    >>> print(f"{result.simulated[0]:.5f} {result.predicted[0]:.5f}")
    2.11638 2.11638
    """
    check.instance("model", model, MPR)
    gap = check.positive_scalar("gap", gap)
    times, rates, inputs = (
        check.real_array("t", t),
        check.real_array("r", r),
        check.real_array("drive", drive),
    )
    prediction = predict_amplitudes(model, t, r, v, drive, measure_at=measure_at)
    peaks = np.searchsorted(times, prediction.times)
    spike_times = []
    for peak in peaks:
        if 0 < peak < times.size - 1:
            before, at, after = rates[peak - 1 : peak + 2]
            curvature = before - 2.0 * at + after
            shift = 0.5 * (before - after) / curvature if curvature < 0.0 else 0.0
            spike_times.append(times[peak] + shift * (times[peak + 1] - times[peak]))
        else:
            spike_times.append(times[peak])
    ends, simulated, predicted = [], [], []
    for k in range(1, len(spike_times)):
        interval = spike_times[k] - spike_times[k - 1]
        if interval > gap:
            continue
        frozen = MPR(
            delta=0.0,
            eta=model.eta + float(np.interp(prediction.measured[k], times, inputs)),
            J=model.J,
            tau=model.tau,
        )
        try:
            predicted.append(period(frozen, float(prediction.levels[k])))
        except ValueError:
            continue
        ends.append(spike_times[k])
        simulated.append(interval)
    return IntervalPrediction(
        times=np.array(ends), simulated=np.array(simulated), predicted=np.array(predicted)
    )


def bistable_range(delta: float, J: float) -> tuple[float, float] | None:
    """The interval of ``eta`` with three equilibria at ``(delta, J)``, from the fold curves (``tau = 1``).

    Above the cusp's coupling (:func:`cusp`) the fold condition
    ``J = 2 pi**2 r + delta**2 / (2 pi**2 r**3)`` has one root below the cusp's
    rate and one above; their ``eta`` on :func:`saddle_node_curve` bound the
    interval. For ``delta = 0`` the lower root is ``r = 0`` (``eta = 0``).

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    J : float
        Coupling.

    Returns
    -------
    (eta_low, eta_high) or None
        ``None`` when ``J`` is at or below the cusp (one equilibrium for every ``eta``).

    Examples
    --------
    >>> low, high = bistable_range(1.0, 15.0)
    >>> print(f"{low:.4f} {high:.4f}")
    -5.7435 -3.1361
    """
    heterogeneity = check.nonnegative_scalar("delta", delta)
    coupling = check.real_scalar("J", J)
    if heterogeneity == 0.0:
        if coupling <= 0.0:
            return None
        upper_rate = coupling / (2.0 * np.pi**2)
        return float(saddle_node_curve(0.0, upper_rate)[0]), 0.0
    cusp_eta, cusp_coupling = cusp(heterogeneity)
    if coupling <= cusp_coupling:
        return None
    cusp_rate = (0.75 * heterogeneity**2) ** 0.25 / np.pi

    def excess(rate: float) -> float:
        return float(saddle_node_curve(heterogeneity, rate)[1][()]) - coupling

    low_rate = cusp_rate
    while excess(low_rate) < 0.0:
        low_rate *= 0.5
    high_rate = max(cusp_rate, coupling / (2.0 * np.pi**2))
    rates = (
        brentq(excess, low_rate, cusp_rate, xtol=1e-15),
        brentq(excess, cusp_rate, high_rate, xtol=1e-15),
    )
    etas = sorted(float(saddle_node_curve(heterogeneity, rate)[0][()]) for rate in rates)
    return etas[0], etas[1]
