"""The energy-like quantity of the MPR model and its parts.

For ``delta = 0`` and time rescaled by ``ds = r**2 dt`` the MPR model is
Hamiltonian in the canonical pair ``(r, v)``::

    dr/ds = dH/dv,    dv/ds = -dH/dr,
    H(r, v) = (v**2 + eta) / (tau r) - J ln r + pi**2 tau r.

:mod:`nmmtools.symbolic` derives this with sympy and the tests check that the
two agree. With ``tau = 1`` it is ``H = v**2/r + eta/r - J ln r + pi**2 r``.

How ``tau`` enters: in the dimensionless rate ``rho = tau r`` the energy is the
``tau = 1`` energy up to a constant, ``H(r, v; tau) = H(tau r, v; 1) + J ln tau``,
and ``ds = r**2 dt`` makes ``(r, v)`` canonical for every ``tau``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.mpr import MPR


def kinetic(model: MPR, r: ArrayLike, v: ArrayLike) -> NDArray[np.float64]:
    """Kinetic part ``v**2 / (tau r)`` of the energy, ``>= 0``.

    Parameters
    ----------
    model : MPR
        The model (only ``tau`` is used).
    r, v : array_like
        Firing rate (``> 0``) and mean membrane potential; broadcast together.

    Returns
    -------
    numpy.ndarray
        The kinetic energy at each point.

    Raises
    ------
    ValueError
        If any ``r <= 0`` (the message gives the first offending index) or any
        value is not finite.
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    potentials = check.real_array("v", v)
    check.broadcastable(r=rates, v=potentials)
    with np.errstate(over="ignore", invalid="ignore"):
        return check.finite_result("kinetic", potentials**2 / (model.tau * rates))


def potential(model: MPR, r: ArrayLike, I: float = 0.0) -> NDArray[np.float64]:  # noqa: E741
    """Potential part ``U(r) = (eta + I) / (tau r) - J ln r + pi**2 tau r`` of the energy.

    Parameters
    ----------
    model : MPR
        The model.
    r : array_like
        Firing rate, ``> 0``.
    I : float
        A constant input folded into ``eta`` (the landscape seen under that input).

    Returns
    -------
    numpy.ndarray
        The potential at each ``r``.

    Raises
    ------
    ValueError
        If any ``r <= 0`` or a value is not finite.
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    drive = model.eta + check.real_scalar("I", I)
    with np.errstate(over="ignore", invalid="ignore"):
        values = drive / (model.tau * rates) - model.J * np.log(rates) + np.pi**2 * model.tau * rates
    return check.finite_result("potential", values)


def energy(model: MPR, r: ArrayLike, v: ArrayLike) -> NDArray[np.float64]:
    """Energy ``H(r, v) = kinetic + potential`` of the MPR model.

    Conserved along orbits of the homogeneous model (``delta = 0``, constant
    zero input); see :func:`energy_rate` for how it changes otherwise.

    Parameters
    ----------
    model : MPR
        The model.
    r, v : array_like
        Firing rate (``> 0``) and mean membrane potential; broadcast together.

    Returns
    -------
    numpy.ndarray
        ``H`` at each point.

    Raises
    ------
    ValueError
        If any ``r <= 0`` or a value is not finite.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return check.finite_result("energy", kinetic(model, r, v) + potential(model, r))


def energy_rate(model: MPR, r: ArrayLike, v: ArrayLike, I: ArrayLike = 0.0) -> NDArray[np.float64]:  # noqa: E741
    """Rate of change ``dH/dt`` of the energy along trajectories, in physical time.

    The Hamiltonian part of the flow leaves ``H`` unchanged; what remains is the
    heterogeneity term and the work done by the input::

        dH/dt = -delta (v**2 + eta + J tau r - (pi tau r)**2) / (pi tau**3 r**2)
                + 2 v I / (tau**2 r)

    With ``I = 0`` the first term is ``-(delta / (pi tau**2 r**2)) dv/dt``.

    Parameters
    ----------
    model : MPR
        The model.
    r, v : array_like
        Firing rate (``> 0``) and mean membrane potential; broadcast together.
    I : array_like
        The input at those instants (a constant, or values broadcast with ``r``).

    Returns
    -------
    numpy.ndarray
        ``dH/dt`` at each point.

    Raises
    ------
    ValueError
        If any ``r <= 0`` or a value is not finite.
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    potentials = check.real_array("v", v)
    current = check.real_array("I", I)
    check.broadcastable(r=rates, v=potentials, I=current)
    tau = model.tau
    with np.errstate(over="ignore", invalid="ignore"):
        drift = potentials**2 + model.eta + model.J * tau * rates - (np.pi * tau * rates) ** 2
        rate = -model.delta * drift / (np.pi * tau**3 * rates**2) + 2.0 * potentials * current / (
            tau**2 * rates
        )
    return check.finite_result("energy_rate", rate)


def energy_grid(
    model: MPR, r: ArrayLike, v: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Energy on the grid spanned by 1-D arrays ``r`` and ``v``.

    Returns
    -------
    R, V, H : numpy.ndarray
        Meshgrids of shape ``(len(v), len(r))`` and the energy on them, ready
        for :func:`matplotlib.pyplot.contour`.
    """
    rates, potentials = check.positive_rates("r", r), check.real_array("v", v)
    if rates.ndim != 1 or potentials.ndim != 1:
        raise ValueError(f"r and v must be one-dimensional, got shapes {rates.shape} and {potentials.shape}")
    grid_r, grid_v = np.meshgrid(rates, potentials)
    return grid_r, grid_v, energy(model, grid_r, grid_v)
