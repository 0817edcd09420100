"""The strong-coupling scaling of the MPR model.

With ``r = J R``, ``v = J V`` and ``t = T / J`` the MPR model with coupling
``J > 0`` becomes the same model with coupling 1, heterogeneity ``delta / J**2``
and excitability ``eta / J**2`` (:mod:`nmmtools.symbolic.coupling` derives it).
For strong coupling the scaled heterogeneity is small: the scaled model is
close to the Hamiltonian limit, whatever ``delta`` is. The energies are related
by ``H(r, v) = J H_scaled(R, V) - J ln J``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.models.mpr import MPR
from nmmtools.simulation import simulate


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


def scaled_energy_variation(model: MPR, y0: ArrayLike, T: float, *, samples: int = 3001) -> float:
    """Range (max - min) of the scaled model's energy over the scaled time ``[0, T]`` from ``y0``.

    The run is the model in the scaled variables (:func:`scaled`), started at the
    scaled state of ``y0 = (r0, v0)`` and integrated with DOP853 at ``rtol = 1e-11``.
    Its energy varies only through the scaled heterogeneity ``delta / J**2``.

    Parameters
    ----------
    model : MPR
        A model with ``J > 0``.
    y0 : array_like, shape (2,)
        Initial state ``(r0, v0)`` in the original variables.
    T : float
        Length of the run in scaled time ``T = J t``, ``> 0``.
    samples : int
        Samples over the run at which the energy is evaluated.

    Returns
    -------
    float

    Examples
    --------
    >>> from nmmtools import MPR, scaled_energy_variation
    >>> small = scaled_energy_variation(MPR(delta=1.0, eta=-20.0, J=30.0), (2.4, 0.0), 15.0)
    >>> large = scaled_energy_variation(MPR(delta=1.0, eta=-80.0, J=60.0), (4.8, 0.0), 15.0)
    >>> print(f"{small / large:.1f}")
    3.7
    """
    state = check.real_array("y0", y0)
    if state.shape != (2,):
        raise ValueError(f"y0 must be a pair (r0, v0), got shape {state.shape}")
    end = check.positive_scalar("T", T)
    R, V, _ = to_scaled(model, state[0], state[1])
    times = np.linspace(0.0, end, int(samples))
    run = simulate(scaled(model), (float(R), float(V)), (0.0, end), t_eval=times, rtol=1e-11, atol=1e-14)
    values = run.energy()
    return float(values.max() - values.min())
