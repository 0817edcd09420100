"""A symplectic integrator for the homogeneous MPR model in rescaled time.

For ``delta = 0`` and a constant input the MPR model in the time ``s``
(``ds = r**2 dt``) is Hamiltonian with the non-separable energy ``H(r, v)``.
Gauss–Legendre collocation is symplectic for any Hamiltonian, separable or not
(Hairer, Lubich & Wanner 2006, ch. VI): the energy error of a fixed-step run
stays bounded, of order ``step**6`` for three stages, instead of drifting as it
does for explicit Runge–Kutta methods. The implicit stage equations are solved
by a simplified Newton iteration.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError
from nmmtools.models.mpr import MPR, field, jacobian_of_field

_ROOT15 = np.sqrt(15.0)
NODES = np.array([0.5 - _ROOT15 / 10, 0.5, 0.5 + _ROOT15 / 10])
"""Collocation nodes ``c`` of three-stage Gauss–Legendre (order 6)."""
COEFFICIENTS = np.array(
    [
        [5 / 36, 2 / 9 - _ROOT15 / 15, 5 / 36 - _ROOT15 / 30],
        [5 / 36 + _ROOT15 / 24, 2 / 9, 5 / 36 - _ROOT15 / 24],
        [5 / 36 + _ROOT15 / 30, 2 / 9 + _ROOT15 / 15, 5 / 36],
    ]
)
"""Runge–Kutta matrix ``A`` of three-stage Gauss–Legendre."""
WEIGHTS = np.array([5 / 18, 4 / 9, 5 / 18])
"""Weights ``b`` of three-stage Gauss–Legendre."""

MAX_NEWTON_ITERATIONS = 50


def rescaled_rhs(
    model: MPR, r: NDArray[np.float64], v: NDArray[np.float64], drive: float
) -> NDArray[np.float64]:
    """The homogeneous field in rescaled time, ``(dr/ds, dv/ds) = F(r, v) / r**2``.

    Stacked along the last axis; ``F`` is ``nmmtools.models.mpr.field`` with ``delta = 0``; ``drive`` is
    ``eta`` plus the constant input.
    """
    drdt, dvdt = field(r, v, drive, 0.0, model.J, model.tau)
    return np.stack((drdt, dvdt), axis=-1) / np.asarray(r * r)[..., None]


def rescaled_jacobian(model: MPR, r: float, v: float, drive: float) -> NDArray[np.float64]:
    """Jacobian of :func:`rescaled_rhs` with respect to ``(r, v)``: ``DF / r**2 - F (2 / r**3, 0)``."""
    drdt, dvdt = field(r, v, drive, 0.0, model.J, model.tau)
    matrix = jacobian_of_field(r, v, model.J, model.tau) / (r * r)
    matrix[:, 0] -= 2.0 * np.array([drdt, dvdt]) / r**3
    return matrix


def gauss_legendre(
    model: MPR,
    y0: ArrayLike,
    s_span: tuple[float, float],
    *,
    step: float = 0.05,
    s_eval: ArrayLike | None = None,
    I: float = 0.0,  # noqa: E741
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate the homogeneous MPR model in rescaled time with fixed-step Gauss–Legendre.

    Parameters
    ----------
    model : MPR
        The model; it must have ``delta = 0`` (otherwise it is not Hamiltonian).
    y0 : array_like, shape (2,)
        Initial state ``(r0, v0)``, ``r0 > 0``.
    s_span : (float, float)
        Start and end in rescaled time.
    step : float
        Largest step in ``s``, ``> 0``. Each interval between output points is
        split into equal steps no longer than this.
    s_eval : array_like, optional
        Rescaled times at which to return the state; by default every step.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    s : numpy.ndarray, shape (n,)
        Rescaled times of the samples.
    states : numpy.ndarray, shape (3, n)
        ``r``, ``v`` and the physical time ``t`` (from ``dt/ds = 1/r**2``, starting at 0).

    Raises
    ------
    ValueError
        If ``delta > 0``, or for invalid arguments.
    SimulationError
        If a stage leaves ``r > 0`` or the Newton iteration does not converge.
    """
    if model.delta != 0.0:
        raise ValueError(
            f"the symplectic method needs a Hamiltonian model: delta must be 0, got delta = {model.delta}"
        )
    state = check.real_array("y0", y0)
    if state.shape != (2,):
        raise ValueError(f"y0 must be a pair (r0, v0), got shape {state.shape}")
    check.positive_rates("y0[0] (r0)", state[0])
    span = check.time_span("s_span", s_span)
    step = check.positive_scalar("step", step)
    drive = model.eta + check.real_scalar("I", I)
    if s_eval is None:
        count = max(1, int(np.ceil((span[1] - span[0]) / step - 1e-9)))
        outputs = np.linspace(span[0], span[1], count + 1)
    else:
        outputs = check.evaluation_times("s_eval", s_eval, span)
    r, v, t = float(state[0]), float(state[1]), 0.0
    s_now = span[0]
    samples = np.empty((3, outputs.size))
    stages = np.zeros((3, 2))
    for index, target in enumerate(outputs):
        substeps = int(np.ceil((target - s_now) / step - 1e-9))
        if substeps > 0:
            h = (target - s_now) / substeps
            for _ in range(substeps):
                r, v, t, stages = _step(model, r, v, t, h, drive, stages, s_now)
                s_now += h
        s_now = target
        samples[:, index] = (r, v, t)
    return outputs, samples


def _step(
    model: MPR, r: float, v: float, t: float, h: float, drive: float, guess: NDArray[np.float64], s: float
) -> tuple[float, float, float, NDArray[np.float64]]:
    """One Gauss–Legendre step of size ``h`` from ``(r, v)``; ``guess`` are the previous stage increments."""
    jacobian = rescaled_jacobian(model, r, v, drive)
    newton = np.linalg.inv(np.eye(6) - h * np.kron(COEFFICIENTS, jacobian))
    increments = guess
    scale = max(abs(r), abs(v), 1.0)
    for _ in range(MAX_NEWTON_ITERATIONS):
        rates = r + increments[:, 0]
        if np.any(rates <= 0.0):
            raise SimulationError(
                f"the symplectic step left r > 0 at s = {s:.6g}, where (r, v) = ({r:.6g}, {v:.6g})"
            )
        slopes = rescaled_rhs(model, rates, v + increments[:, 1], drive)
        residual = increments - h * (COEFFICIENTS @ slopes)
        correction = (newton @ residual.ravel()).reshape(3, 2)
        increments = increments - correction
        if np.max(np.abs(correction)) <= 4 * np.finfo(float).eps * scale:
            break
    else:
        raise SimulationError(
            f"the Newton iteration of the symplectic step did not converge at s = {s:.6g}, "
            f"where (r, v) = ({r:.6g}, {v:.6g}): reduce the step"
        )
    rates = r + increments[:, 0]
    slopes = rescaled_rhs(model, rates, v + increments[:, 1], drive)
    update = h * (WEIGHTS @ slopes)
    return r + update[0], v + update[1], t + h * float(WEIGHTS @ (1.0 / rates**2)), increments
