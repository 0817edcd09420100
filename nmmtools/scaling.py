"""The strong-coupling scaling of the MPR model.

With ``r = J R``, ``v = J V`` and ``t = T / J`` the MPR model with coupling
``J > 0`` becomes the same model with coupling 1, heterogeneity ``delta / J**2``
and excitability ``eta / J**2`` (:mod:`nmmtools.symbolic_scaling` derives it).
For strong coupling the scaled heterogeneity is small: the scaled model is
close to the Hamiltonian limit, whatever ``delta`` is. The energies are related
by ``H(r, v) = J H_scaled(R, V) - J ln J``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.mpr import MPR


def scaled(model: MPR) -> MPR:
    """The equivalent model in the scaled variables ``R = r/J``, ``V = v/J``, ``T = J t``.

    Parameters
    ----------
    model : MPR
        A model with ``J > 0``.

    Returns
    -------
    MPR
        The model with ``delta / J**2``, ``eta / J**2``, coupling 1 and the same ``tau``.

    Raises
    ------
    ValueError
        If ``J <= 0`` (the scaling divides by ``J`` and needs excitatory coupling).
    """
    check.instance("model", model, MPR)
    coupling = check.positive_scalar("model.J", model.J)
    squared = coupling * coupling
    if not 0.0 < squared < np.inf:
        raise ValueError(f"model.J**2 must be a positive finite float, got J = {coupling} (J**2 = {squared})")
    return MPR(delta=model.delta / squared, eta=model.eta / squared, J=1.0, tau=model.tau)


def to_scaled(
    model: MPR, r: ArrayLike, v: ArrayLike, t: ArrayLike = 0.0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Scaled variables ``(R, V, T) = (r/J, v/J, J t)`` of a model with ``J > 0``."""
    scaled(model)  # checks that the scaling applies (J > 0)
    coupling = model.J
    return (
        check.positive_rates("r", r) / coupling,
        check.real_array("v", v) / coupling,
        check.real_array("t", t) * coupling,
    )


def from_scaled(
    model: MPR, R: ArrayLike, V: ArrayLike, T: ArrayLike = 0.0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Original variables ``(r, v, t) = (J R, J V, T/J)`` of a model with ``J > 0``."""
    scaled(model)  # checks that the scaling applies (J > 0)
    coupling = model.J
    return (
        check.positive_rates("R", R) * coupling,
        check.real_array("V", V) * coupling,
        check.real_array("T", T) / coupling,
    )
