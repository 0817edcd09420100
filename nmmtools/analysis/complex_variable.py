"""The complex variable ``w = pi r + i v`` and the Kuramoto order parameter of the QIF population.

In the Ott–Antonsen reduction the membrane potentials of the population stay
Lorentzian-distributed, with centre ``v`` and half width ``pi r`` (``tau = 1``);
``w`` packs both into one number, in which the MPR model reads
``dw/dt = delta + i (eta + J r + I - w**2)``
(derived in :func:`nmmtools.symbolic.geometry.complex_field`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check


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
    >>> from nmmtools import to_complex
    >>> w = to_complex(1.0, -0.5)
    >>> print(f"{w.real:.4f} {w.imag:+.4f}")
    3.1416 -0.5000
    """
    rates, potentials = _rates_and_potentials(r, v)
    with np.errstate(over="ignore", invalid="ignore"):
        real = check.finite_result("w", np.pi * rates)  # pi r overflows for r > 5.7e307
    return np.asarray(real + 1j * potentials, dtype=np.complex128)


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
    >>> from nmmtools import from_complex, to_complex
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
    >>> from nmmtools import kuramoto_order
    >>> print(f"{abs(kuramoto_order(0.1, -2.0)):.4f}")
    0.8835
    """
    conjugate = np.conj(to_complex(r, v))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        small = (1.0 - conjugate) / (1.0 + conjugate)
        inverse = 1.0 / conjugate
        large = (inverse - 1.0) / (inverse + 1.0)  # the same, divided by conj(w): no inf / inf for large w
    return np.asarray(np.where(np.abs(conjugate) <= 1.0, small, large), dtype=np.complex128)
