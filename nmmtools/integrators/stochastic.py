"""Euler–Maruyama integration of a model with white noise on some of its components."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError

FLOOR = 1e-9
"""Rates are reflected at this floor: the noise may push a rate below 0, the model may not."""


def euler_maruyama(
    fun: Callable[[float, NDArray[np.float64]], NDArray[np.float64]],
    y0: ArrayLike,
    t_span: tuple[float, float],
    *,
    noise: float,
    dt: float,
    noisy: Sequence[int],
    rates: Sequence[int] = (),
    seed: int | None = None,
    t_eval: ArrayLike | None = None,
    bound: float = 1e6,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate ``dy = fun(t, y) dt + sqrt(2 noise) dW`` on the ``noisy`` components by Euler–Maruyama.

    Parameters
    ----------
    fun : callable
        The deterministic field ``fun(t, y)``.
    y0 : array_like, shape (n,)
        Initial state (finite).
    t_span : (float, float)
        Start and end time.
    noise : float
        Noise intensity ``D >= 0``: each noisy component receives increments of
        variance ``2 D dt`` per step.
    dt : float
        Step, ``> 0``.
    noisy : sequence of int
        Indices of the components that receive noise.
    rates : sequence of int
        Indices of firing rates, reflected at :data:`FLOOR` after each step.
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same numbers.
    t_eval : array_like, optional
        Times to keep (the nearest steps); every step by default.
    bound : float
        The run stops with a :class:`~nmmtools.SimulationError` if a component exceeds this.

    Returns
    -------
    t : numpy.ndarray, shape (m,)
    y : numpy.ndarray, shape (n, m)

    Raises
    ------
    SimulationError
        If the state becomes non-finite or exceeds ``bound``; the message gives the time.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools.integrators.stochastic import euler_maruyama
    >>> t, y = euler_maruyama(lambda t, y: -y, [1.0], (0.0, 1.0), noise=0.0, dt=0.5, noisy=[0])
    >>> y.tolist()
    [[1.0, 0.5, 0.25]]
    """
    state = check.real_array("y0", y0).copy()
    span = check.time_span("t_span", t_span)
    noise = check.nonnegative_scalar("noise", noise)
    dt = check.positive_scalar("dt", dt)
    noisy, rates = list(noisy), list(rates)
    rng = np.random.default_rng(seed)
    steps = int(round((span[1] - span[0]) / dt))
    if steps < 1:
        raise ValueError(f"t_span must span at least one step dt = {dt:g}, got t_span = {span}")
    times: NDArray[np.float64] = span[0] + dt * np.arange(steps + 1, dtype=np.float64)
    path = np.empty((state.size, steps + 1))
    path[:, 0] = state
    kicks = np.sqrt(2.0 * noise * dt) * rng.standard_normal((steps, len(noisy)))
    for index in range(steps):
        state = state + dt * fun(times[index], state)
        state[noisy] += kicks[index]
        state[rates] = np.maximum(state[rates], FLOOR)
        if not np.all(np.isfinite(state)) or np.max(np.abs(state)) > bound:
            raise SimulationError(f"the noisy simulation blew up at t = {times[index + 1]:.6g}")
        path[:, index + 1] = state
    if t_eval is not None:
        picks = np.clip(
            np.round((check.evaluation_times("t_eval", t_eval, span) - span[0]) / dt).astype(int), 0, steps
        )
        times, path = times[picks], path[:, picks]
    return times, path
