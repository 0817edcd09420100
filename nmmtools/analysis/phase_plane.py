"""The phase plane of one MPR population: its nullclines and the manifolds of its saddle.

The nullclines are read off ``nmmtools.models.mpr.field``, the one place the
equations are written: ``dr/dt`` is affine in ``v`` and ``dv/dt`` is ``v**2 / tau``
plus a function of ``r``, so both follow from the field at ``v = 0`` and ``v = 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.integrators.ivp import integrate
from nmmtools.models.mpr import MPR, field, fixed_points
from nmmtools.stability import FixedPoint


def _field_at(model: MPR, rates: NDArray[np.float64], v: float) -> tuple[NDArray, NDArray]:
    return field(rates, np.full_like(rates, v), model.eta, model.delta, model.J, model.tau)


def rate_nullcline(model: MPR, r: ArrayLike) -> NDArray[np.float64]:
    """The nullcline ``dr/dt = 0``: ``v = -delta / (2 pi tau r)`` at each rate ``r > 0``.

    ``dr/dt`` is affine in ``v``: its root is ``-F(0) / (F(1) - F(0))`` with ``F(v)``
    the ``dr/dt`` of ``nmmtools.models.mpr.field``.

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

    Raises
    ------
    ValueError
        If a rate is ``<= 0`` or not finite.

    Examples
    --------
    >>> from nmmtools import MPR, rate_nullcline
    >>> print(f"{float(rate_nullcline(MPR(delta=1.0), 0.5)):.4f}")
    -0.3183
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        at_zero, _ = _field_at(model, rates, 0.0)
        at_one, _ = _field_at(model, rates, 1.0)
        values = -at_zero / (at_one - at_zero)
    return check.finite_result("rate_nullcline", values)


def potential_nullcline(model: MPR, r: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The nullcline ``dv/dt = 0``: ``v = +-sqrt((pi tau r)**2 - J tau r - eta)`` where it is real.

    ``dv/dt`` is ``v**2 / tau`` plus a function of ``r``: its roots are
    ``v = +-sqrt(-G(0) / (G(1) - G(0)))`` with ``G(v)`` the ``dv/dt`` of
    ``nmmtools.models.mpr.field``.

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

    Raises
    ------
    ValueError
        If ``r`` is not one-dimensional, or a rate is ``<= 0`` or not finite.

    Examples
    --------
    >>> from nmmtools import MPR, potential_nullcline
    >>> rates, upper = potential_nullcline(MPR(eta=-5.0, J=15.0), [0.2, 0.5, 2.0])
    >>> print(rates, f"{upper[0]:.4f}")
    [0.2 2. ] 1.5475
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    if rates.ndim != 1:
        raise ValueError(f"r must be one-dimensional, got shape {rates.shape}")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        _, at_zero = _field_at(model, rates, 0.0)
        _, at_one = _field_at(model, rates, 1.0)
        square = check.finite_result("potential_nullcline", -at_zero / (at_one - at_zero))
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
    Jacobian and is integrated (:func:`nmmtools.integrate` of the model's closure,
    DOP853 at ``rtol = 1e-10``, sampled every 0.01) forwards (unstable) or
    backwards (stable) in time for ``duration``, or until ``r`` falls to
    ``r_floor`` or ``|r|`` or ``|v|`` reaches ``bound``.

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
    >>> from nmmtools import MPR, saddle_manifolds
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
    forwards, _ = model.closures()
    samples = np.linspace(0.0, duration, int(np.ceil(duration / 0.01)) + 1)

    def branch(direction: NDArray[np.float64], sign: float) -> NDArray[np.float64]:
        start = saddle.state + offset * direction
        _, states = integrate(
            lambda t, y: sign * forwards(t, y),
            (start[0], start[1], 0.0),
            (0.0, duration),
            names=("r", "v", "s"),
            rates=(0,),
            bounded=(0, 1),
            t_eval=samples,
            rtol=1e-10,
            atol=1e-12,
            r_min=r_floor,
            bound=bound,
            stop_at_edge=True,
        )
        return states[:2]

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
