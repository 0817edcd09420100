"""Stable states of populations that inhibit each other, and switching between them.

A pulse into the losing population can make it the winner (:func:`switches`,
:func:`switching_threshold`); noise makes the state hop between winners on its
own (:func:`dwell_times`); :func:`basins` maps which initial rates end where.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.inputs import pulse
from nmmtools.integrators.ivp import integrate
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.simulation import Run, simulate
from nmmtools.stability import FixedPoint

MAX_STEP = 0.05
"""Largest integration step of the switching runs: a twentieth of the shortest pulse the book uses."""


def winner(state: ArrayLike, threshold: float = 0.5) -> int | None:
    """Index of the one population whose rate is above ``threshold``; None if none or several are.

    Parameters
    ----------
    state : array_like, shape (2 n,)
        A state ``(r_1, v_1, ..., r_n, v_n)``.
    threshold : float
        The rate above which a population counts as active.

    Examples
    --------
    >>> from nmmtools import winner
    >>> winner([1.2, 0.0, 0.04, -1.0]), winner([0.1, -1.0, 0.1, -1.0])
    (0, None)
    """
    values = check.real_array("state", state)
    if values.ndim != 1 or values.size % 2:
        raise ValueError(f"state must be (r_1, v_1, ..., r_n, v_n), got shape {values.shape}")
    rates = values[0::2]
    active = np.flatnonzero(rates > check.real_scalar("threshold", threshold))
    return int(active[0]) if active.size == 1 else None


def winner_state(model: MutualInhibition, k: int = 0) -> NDArray[np.float64]:
    """The stable state in which population ``k`` is high and the others low.

    Raises
    ------
    ValueError
        If no stable state has population ``k`` alone above the others.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, winner_state
    >>> winner_state(MutualInhibition(), 0)[0::2].round(4).tolist()
    [1.2429, 0.0413]
    """
    check.instance("model", model, MutualInhibition)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 0 <= k < model.n:
        raise ValueError(f"k must be a population index in 0..{model.n - 1}, got k = {k!r}")
    stable = [point for point in inhibition_fixed_points(model) if point.stable]
    candidates = [point.state for point in stable if winner(point.state) == k]
    if not candidates:
        raise ValueError(f"no stable state has population {k} as the single winner")
    return max(candidates, key=lambda state: state[2 * k] - np.delete(state[0::2], k).max())


def switches(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    amplitude: float,
    duration: float = 5.0,
    settle: float = 40.0,
) -> bool:
    """Whether a pulse of ``amplitude`` for ``duration`` into population ``target`` makes it the winner.

    The pulse starts at ``t = 1``; the winner is read ``settle`` time units after it ends.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, switches, winner_state
    >>> model = MutualInhibition()
    >>> switches(model, winner_state(model, 0), 1, 15.0), switches(model, winner_state(model, 0), 1, 5.0)
    (True, False)
    """
    check.instance("model", model, MutualInhibition)
    inputs = [
        pulse(start=1.0, duration=duration, amplitude=amplitude) if k == target else 0.0
        for k in range(model.n)
    ]
    run = simulate(model, start, (0.0, 1.0 + duration + settle), I=inputs, max_step=MAX_STEP)
    return winner(run.y[:, -1]) == target


def switching_threshold(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    *,
    duration: float = 5.0,
    bounds: tuple[float, float] = (0.0, 15.0),
    scan: int = 40,
    tolerance: float = 1e-3,
) -> float:
    """Smallest pulse amplitude (for ``duration``) into ``target`` that makes it the winner.

    Whether a pulse switches is not monotonic in its amplitude (a pulse can end
    at a phase of the ringing that falls back), so bisection alone could land
    on a later edge: the amplitudes in ``bounds`` are scanned on ``scan`` steps
    for the first that switches, and bisection refines that edge.

    Raises
    ------
    ValueError
        If no amplitude in ``bounds`` switches, or the lower bound already does.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, switching_threshold, winner_state
    >>> model = MutualInhibition()
    >>> start = winner_state(model, 0)
    >>> threshold = switching_threshold(model, start, 1, bounds=(11.5, 12.25), scan=3, tolerance=0.05)
    >>> print(f"{threshold:.1f}")
    12.1
    """
    state = check.real_array("start", start)
    grid = np.linspace(bounds[0], bounds[1], int(scan) + 1)
    if switches(model, state, target, grid[0], duration):
        raise ValueError(f"a pulse of {grid[0]} already switches the winner: lower bounds[0]")
    first = next(
        (index for index in range(1, grid.size) if switches(model, state, target, grid[index], duration)),
        None,
    )
    if first is None:
        raise ValueError(f"no pulse up to {grid[-1]} switches the winner: raise bounds[1]")
    low, high = grid[first - 1], grid[first]
    while high - low > check.positive_scalar("tolerance", tolerance):
        middle = 0.5 * (low + high)
        low, high = (low, middle) if switches(model, state, target, middle, duration) else (middle, high)
    return float(high)


def basins(
    model: MutualInhibition, rates: ArrayLike, t_end: float = 30.0
) -> tuple[NDArray[np.float64], list[FixedPoint]]:
    """Basin of attraction of each stable state over a grid of initial rates ``(r1, r2)`` (two populations).

    All grid points are integrated together (one vectorised system); each starts
    at ``v = -delta / (2 pi r)``. Returns the index of the stable state reached
    (``-1`` if none within 0.05) on the grid ``(len(rates), len(rates))``
    indexed ``[r2, r1]``, and the stable states.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MutualInhibition, basins
    >>> labels, stable = basins(MutualInhibition(), np.geomspace(0.02, 2.0, 5))
    >>> labels.shape, len(stable)
    ((5, 5), 3)
    """
    check.instance("model", model, MutualInhibition)
    if model.n != 2:
        raise ValueError(f"basins are drawn for two populations, got n = {model.n}")
    grid = check.positive_rates("rates", rates)
    stable = [point for point in inhibition_fixed_points(model) if point.stable]
    r1, r2 = np.meshgrid(grid, grid)
    start = np.stack((r1, -model.delta / (2 * np.pi * r1), r2, -model.delta / (2 * np.pi * r2))).reshape(
        4, -1
    )
    size = start.shape[1]

    def vectorised(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        state = y.reshape(4, size).copy()  # floor the rates on a copy, not on the integrator's array
        state[0::2] = np.maximum(state[0::2], 1e-9)
        return model.rhs(t, state).ravel()

    _, final = integrate(
        vectorised,
        start.ravel(),
        (0.0, check.positive_scalar("t_end", t_end)),
        names=[f"y{i}" for i in range(start.size)],
        bounded=[],
        rtol=1e-6,
        atol=1e-9,
    )
    end = final[:, -1].reshape(4, size)
    labels = np.full(size, -1.0)
    for index, point in enumerate(stable):
        close = np.max(np.abs(end[0::2] - point.state[0::2, None]), axis=0) < 0.05
        labels[close] = index
    return labels.reshape(r1.shape), stable


def dwell_times(run: Run, threshold: float = 0.5) -> NDArray[np.float64]:
    """Durations of the stretches in which the same population leads: the first one above ``threshold``.

    Samples where no population is above the threshold are passed over; the
    incomplete first and last stretches are dropped.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MutualInhibition, Run, dwell_times
    >>> t = np.arange(8.0)
    >>> r1 = np.array([1.0, 1.0, 0.1, 0.1, 0.1, 1.0, 1.0, 0.1])
    >>> y = np.vstack((r1, 0 * t, 1.1 - r1, 0 * t))
    >>> dwell_times(Run(model=MutualInhibition(), t=t, y=y)).tolist()
    [3.0, 2.0]
    """
    check.instance("run", run, Run)
    check.instance("run.model", run.model, MutualInhibition)
    rates = np.asarray(run.r)
    above = rates > check.real_scalar("threshold", threshold)
    winners = np.where(above.any(axis=0), np.argmax(above, axis=0), -1)
    known = winners >= 0
    times, labels = run.t[known], winners[known]
    if times.size == 0:
        return np.array([])
    changes = np.flatnonzero(np.diff(labels) != 0)
    edges = np.concatenate(([times[0]], times[changes + 1], [times[-1]]))
    return np.diff(edges)[1:-1]
