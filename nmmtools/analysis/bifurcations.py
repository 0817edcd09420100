"""Where bistability lives: the saddle-node curves of the MPR equilibria, their cusp, and equilibrium counts.

An equilibrium with rate ``r`` has ``v = -delta / (2 pi r)`` and
``eta = pi**2 r**2 - J r - delta**2 / (4 pi**2 r**2)``; it folds (a saddle-node
bifurcation) where the Jacobian is singular. :mod:`nmmtools.symbolic.geometry`
derives the fold curves and their cusp with sympy; this module evaluates them
(``tau = 1``, no input). :func:`equilibrium_count` counts the equilibria on a
grid of parameters without using the fold curves: an independent check of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from nmmtools import _validation as check
from nmmtools.models.mpr import REAL_ROOT_TOLERANCE, equilibrium_polynomial
from nmmtools.symbolic import geometry as symbolic_geometry
from nmmtools.symbolic.mpr import J as J_symbol
from nmmtools.symbolic.mpr import delta as delta_symbol
from nmmtools.symbolic.mpr import r as r_symbol


@functools.cache
def _formulas() -> dict[str, Callable[..., NDArray[np.float64]]]:
    """The fold curves and the cusp of :mod:`nmmtools.symbolic.geometry`, as NumPy functions."""
    fold = symbolic_geometry.fold_condition()
    at_coupling = symbolic_geometry.fold_at_coupling()
    point = symbolic_geometry.cusp_point()

    def numeric(arguments: tuple[sp.Symbol, ...], expression: sp.Expr) -> Callable[..., NDArray[np.float64]]:
        return sp.lambdify(arguments, expression, modules="numpy")

    return {
        "fold_eta": numeric((delta_symbol, r_symbol), fold["eta"]),
        "fold_J": numeric((delta_symbol, r_symbol), fold["J"]),
        "fold_at_coupling_eta": numeric((J_symbol, r_symbol), at_coupling["eta"]),
        "fold_at_coupling_delta": numeric((J_symbol, r_symbol), at_coupling["delta"]),
        "cusp_r": numeric((delta_symbol,), point["r"]),
        "cusp_eta": numeric((delta_symbol,), point["eta"]),
        "cusp_J": numeric((delta_symbol,), point["J"]),
        "cusp_delta_at_coupling": numeric((J_symbol,), at_coupling["cusp_delta"]),
    }


def saddle_node_curve(delta: float, r: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The saddle-node (fold) curves of equilibria in ``(eta, J)``, parametrised by the equilibrium rate.

    Derived in :func:`nmmtools.symbolic.geometry.fold_condition`:
    ``J = 2 pi**2 r + delta**2 / (2 pi**2 r**3)`` and
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
    >>> from nmmtools import saddle_node_curve
    >>> eta, J = saddle_node_curve(1.0, [0.3, 1.0])
    >>> print(f"{eta[0]:.4f} {J[0]:.4f} {eta[1]:.4f} {J[1]:.4f}")
    -1.7326 7.7981 -9.9456 19.7899
    """
    heterogeneity = np.float64(check.nonnegative_scalar("delta", delta))  # NumPy overflows to inf
    rates = check.positive_rates("r", r)
    formulas = _formulas()
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        excitability = np.asarray(formulas["fold_eta"](heterogeneity, rates), dtype=float)
        coupling = np.asarray(formulas["fold_J"](heterogeneity, rates), dtype=float)
    return check.finite_result("eta", excitability), check.finite_result("J", coupling)


def saddle_node_curve_at_coupling(J: float, r: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The saddle-node curves in ``(eta, delta)`` at a fixed coupling ``J > 0``, parametrised by the rate.

    The fold condition of :func:`saddle_node_curve` solved for ``delta``
    (:func:`nmmtools.symbolic.geometry.fold_at_coupling`):
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
    >>> from nmmtools import saddle_node_curve_at_coupling
    >>> eta, delta = saddle_node_curve_at_coupling(15.0, [0.3])
    >>> print(f"{eta[0]:.4f} {delta[0]:.4f}")
    -4.9735 2.1996
    """
    coupling = np.float64(check.positive_scalar("J", J))  # NumPy overflows to inf
    rates = check.positive_rates("r", r)
    largest = coupling / (2.0 * np.pi**2)
    if np.any(rates > largest):
        raise ValueError(
            f"r must be <= J / (2 pi**2) = {largest:.6g} (no fold with delta >= 0 beyond), "
            f"got r up to {rates.max():.6g}"
        )
    formulas = _formulas()
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        excitability = np.asarray(formulas["fold_at_coupling_eta"](coupling, rates), dtype=float)
        heterogeneity = np.asarray(formulas["fold_at_coupling_delta"](coupling, rates), dtype=float)
    heterogeneity = np.where(
        rates >= largest, 0.0, heterogeneity
    )  # the end of the curve, not rounding's sqrt(-0)
    return check.finite_result("eta", excitability), check.finite_result("delta", heterogeneity)


def cusp(delta: float) -> tuple[float, float]:
    """The cusp where the two saddle-node curves of :func:`saddle_node_curve` meet.

    There the fold curve turns back: ``dJ/dr = 0`` along it, at
    ``r = (3 delta**2 / 4)**(1/4) / pi``, which gives ``eta = -sqrt(3) delta`` and
    ``J = 2 pi (4/3)**(3/4) sqrt(delta)`` (:func:`nmmtools.symbolic.geometry.cusp_point`).
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
    >>> from nmmtools import cusp
    >>> eta, J = cusp(1.0)
    >>> print(f"{eta:.4f} {J:.4f}")
    -1.7321 7.7962
    """
    heterogeneity = np.float64(check.positive_scalar("delta", delta))  # NumPy overflows to inf, Python raises
    formulas = _formulas()
    with np.errstate(over="ignore", invalid="ignore"):
        point = (float(formulas["cusp_eta"](heterogeneity)), float(formulas["cusp_J"](heterogeneity)))
    check.finite_result("cusp", np.array(point))
    return point


def cusp_at_coupling(J: float) -> tuple[float, float]:
    """The cusp of the fold curves in the ``(eta, delta)`` plane at a fixed coupling ``J > 0``.

    :func:`cusp` gives ``J = c sqrt(delta)`` at the cusp, with ``c = 2 pi (4/3)**(3/4)``;
    so at coupling ``J`` the cusp is at ``delta = (J / c)**2``, ``eta = -sqrt(3) delta``
    (:func:`nmmtools.symbolic.geometry.fold_at_coupling`). ``tau = 1``.

    Parameters
    ----------
    J : float
        Coupling, ``> 0``.

    Returns
    -------
    (eta, delta) : (float, float)

    Raises
    ------
    ValueError
        If ``J <= 0``.

    Examples
    --------
    >>> from nmmtools import cusp_at_coupling
    >>> eta, delta = cusp_at_coupling(15.0)
    >>> print(f"{eta:.4f} {delta:.4f}")
    -6.4117 3.7018
    """
    coupling = np.float64(check.positive_scalar("J", J))  # NumPy overflows to inf, Python raises
    with np.errstate(over="ignore", invalid="ignore"):
        heterogeneity = float(_formulas()["cusp_delta_at_coupling"](coupling))
    if not np.isfinite(heterogeneity) or heterogeneity <= 0.0:
        raise ValueError(f"J = {coupling:g} is out of range: the cusp's delta is {heterogeneity:g}")
    return cusp(heterogeneity)[0], heterogeneity


def bistable_range(delta: float, J: float) -> tuple[float, float] | None:
    """The interval of ``eta`` with three equilibria at ``(delta, J)``, from the fold curves (``tau = 1``).

    Above the cusp's coupling (:func:`cusp`) the fold condition
    ``J = 2 pi**2 r + delta**2 / (2 pi**2 r**3)`` has one root below the cusp's
    rate and one above; their ``eta`` on :func:`saddle_node_curve` bound the
    interval. For ``delta = 0`` the lower root is ``r = 0`` (``eta = 0``): the
    interval where the homogeneous model has a saddle and a centre.

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

    Raises
    ------
    ValueError
        If ``delta < 0`` or a value is not finite.

    Examples
    --------
    >>> from nmmtools import bistable_range
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
    cusp_coupling = cusp(heterogeneity)[1]
    if coupling <= cusp_coupling:
        return None
    cusp_rate = float(_formulas()["cusp_r"](np.float64(heterogeneity)))

    def excess(rate: float) -> float:
        return float(saddle_node_curve(heterogeneity, rate)[1]) - coupling

    low_rate = cusp_rate
    while excess(low_rate) < 0.0:
        low_rate *= 0.5
    high_rate = max(cusp_rate, coupling / (2.0 * np.pi**2))
    rates = (
        brentq(excess, low_rate, cusp_rate, xtol=1e-15),
        brentq(excess, cusp_rate, high_rate, xtol=1e-15),
    )
    etas = sorted(float(saddle_node_curve(heterogeneity, rate)[0]) for rate in rates)
    return etas[0], etas[1]


def equilibrium_count(delta: ArrayLike, eta: ArrayLike, J: ArrayLike) -> NDArray[np.int64]:
    """Number of equilibria with ``r > 0`` at each point of a grid of parameters (``tau = 1``, no input).

    The equilibria are the positive real roots of the polynomial of
    :func:`nmmtools.fixed_points` (``nmmtools.models.mpr.equilibrium_polynomial``),
    counted with the same criterion; the roots of the whole grid are the
    eigenvalues of a stack of companion matrices. Nothing here uses the
    closed-form fold curves, so the count is an independent check of
    :func:`saddle_node_curve`.

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
    >>> from nmmtools import equilibrium_count
    >>> print(equilibrium_count(1.0, [-5.0, -5.0], [15.0, 5.0]))
    [3 1]
    """
    heterogeneity = check.real_array("delta", delta)
    if np.any(heterogeneity < 0.0):
        raise ValueError(f"delta must be >= 0, got delta down to {heterogeneity.min()}")
    excitability, coupling = check.real_array("eta", eta), check.real_array("J", J)
    check.broadcastable(delta=heterogeneity, eta=excitability, J=coupling)
    shape = np.broadcast_shapes(heterogeneity.shape, excitability.shape, coupling.shape)
    with np.errstate(over="ignore"):
        polynomials = equilibrium_polynomial(heterogeneity, excitability, coupling).reshape(-1, 5)
        monics = polynomials[:, 1:] / polynomials[:, :1]
    check.finite_result("equilibrium_count (the polynomial's coefficients)", monics)
    counts = np.empty(polynomials.shape[0], dtype=np.int64)
    # as numpy.roots: trailing zero coefficients are roots r = 0 (not counted); with delta = 0
    # the last two vanish and the polynomial is the quadratic pi**2 r**2 - J r - eta
    homogeneous = polynomials[:, 4] == 0.0
    for subset, degree in ((homogeneous, 2), (~homogeneous, 4)):
        if not subset.any():
            continue
        monic = monics[subset, :degree]
        companion = np.zeros((monic.shape[0], degree, degree))
        companion[:, 0, :] = -monic
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1.0
        roots = np.linalg.eigvals(companion)
        scale = np.maximum(1.0, np.max(np.abs(roots), axis=1, keepdims=True))
        real_positive = (np.abs(roots.imag) <= REAL_ROOT_TOLERANCE * scale) & (roots.real > 0.0)
        counts[subset] = real_positive.sum(axis=1)
    return counts.reshape(shape)
