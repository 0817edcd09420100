"""Populations of MPR neurons that inhibit each other: multistability and stimulus-driven switching.

Population ``k`` of ``n`` obeys (``tau = 1``)::

    dr_k/dt = delta / pi + 2 r_k v_k
    dv_k/dt = v_k**2 + eta + J r_k - pi**2 r_k**2 - Jc sum_{j != k} r_j + I_k(t)

Seen from population ``k``, the others only shift its excitability: its energy
landscape is the MPR potential with ``eta - Jc sum_j r_j + I_k`` folded in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import root

from nmmtools import _validation as check
from nmmtools.integrate import SimulationError, integrate
from nmmtools.stability import FixedPoint, classify

Inputs = Sequence[float | Callable[[float], float]] | None
"""One input per population: constants or functions of time."""


@dataclass(frozen=True)
class MutualInhibition:
    """``n`` MPR populations, each inhibiting every other one with strength ``Jc``.

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    eta, J : float
        Excitability and self-coupling of every population.
    Jc : float
        Strength of the mutual inhibition, ``>= 0``.
    n : int
        Number of populations, ``>= 2``.
    """

    delta: float = 1.0
    eta: float = -3.0
    J: float = 15.0
    Jc: float = 10.0
    n: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "delta", check.nonnegative_scalar("delta", self.delta))
        object.__setattr__(self, "eta", check.real_scalar("eta", self.eta))
        object.__setattr__(self, "J", check.real_scalar("J", self.J))
        object.__setattr__(self, "Jc", check.nonnegative_scalar("Jc", self.Jc))
        if isinstance(self.n, bool) or not isinstance(self.n, int | np.integer) or self.n < 2:
            raise ValueError(f"n must be an integer >= 2, got n = {self.n!r}")

    def rhs(self, t: float, y: NDArray[np.float64], inputs: Inputs = None) -> NDArray[np.float64]:
        """Time derivative of ``y = (r_1, v_1, ..., r_n, v_n)``; ``y`` may have extra trailing axes."""
        r, v = y[0::2], y[1::2]
        drive = self.eta - self.Jc * (r.sum(axis=0) - r)
        if inputs is not None:
            values = np.array([value(t) if callable(value) else value for value in inputs], dtype=float)
            drive = drive + values.reshape((-1,) + (1,) * (np.ndim(r) - 1))
        derivative = np.empty_like(y, dtype=float)
        derivative[0::2] = self.delta / np.pi + 2.0 * r * v
        derivative[1::2] = v * v + drive + self.J * r - np.pi**2 * r * r
        return derivative

    def jacobian(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """Jacobian of :meth:`rhs` at one state ``y``."""
        r, v = y[0::2], y[1::2]
        size = 2 * self.n
        matrix = np.zeros((size, size))
        for k in range(self.n):
            matrix[2 * k, 2 * k] = 2.0 * v[k]
            matrix[2 * k, 2 * k + 1] = 2.0 * r[k]
            matrix[2 * k + 1, 2 * k + 1] = 2.0 * v[k]
            for j in range(self.n):
                matrix[2 * k + 1, 2 * j] = self.J - 2.0 * np.pi**2 * r[k] if j == k else -self.Jc
        return matrix


def check_inputs(name: str, inputs: Inputs, n: int, t0: float) -> list:
    """Validate one input per population (constants or callables of t)."""
    if inputs is None:
        return [0.0] * n
    values = list(inputs)
    if len(values) != n:
        raise ValueError(f"{name} must have one entry per population ({n}), got {len(values)}")
    return [check.constant_or_callable_input(f"{name}[{k}]", value, t0) for k, value in enumerate(values)]


def inhibition_fixed_points(
    model: MutualInhibition, inputs: Sequence[float] | None = None, *, seeds: int = 12
) -> list[FixedPoint]:
    """All equilibria of the populations, found by Newton's method from a grid of starting rates.

    On a grid of ``seeds`` rates per population (from 0.01 to 3), each
    population starts at ``v = -delta / (2 pi r)`` (its ``dr/dt = 0``); every
    converged solution with all rates positive is kept once.

    Returns
    -------
    list of FixedPoint
        Sorted by the rates; each with the eigenvalues of the Jacobian and its kind.
    """
    check.instance("model", model, MutualInhibition)
    constants = [
        check.real_scalar(f"inputs[{k}]", value)
        for k, value in enumerate(check_inputs("inputs", inputs, model.n, 0.0))
    ]
    if int(seeds) < 2:
        raise ValueError(f"seeds must be >= 2, got seeds = {seeds}")
    grid = np.geomspace(0.01, 3.0, int(seeds))
    found: list[NDArray[np.float64]] = []
    for rates in np.array(np.meshgrid(*[grid] * model.n)).reshape(model.n, -1).T:
        start = np.empty(2 * model.n)
        start[0::2], start[1::2] = rates, -model.delta / (2 * np.pi * rates)
        solution = root(lambda y: model.rhs(0.0, y, constants), start, jac=model.jacobian, method="hybr")
        state = solution.x
        if (
            not solution.success
            or np.any(state[0::2] <= 0)
            or np.max(np.abs(model.rhs(0.0, state, constants))) > 1e-9
        ):
            continue
        if all(np.max(np.abs(state - other)) > 1e-6 for other in found):
            found.append(state)
    found.sort(key=lambda state: tuple(state[0::2]))
    points = []
    for state in found:
        eigenvalues = np.linalg.eigvals(model.jacobian(state))
        points.append(FixedPoint(state=state, eigenvalues=eigenvalues, kind=classify(eigenvalues)))
    return points


@dataclass(frozen=True)
class InhibitionRun:
    """A simulated trajectory: times and the rates and potentials, shape ``(n, len(t))`` each."""

    t: NDArray[np.float64]
    r: NDArray[np.float64]
    v: NDArray[np.float64]


def simulate_inhibition(
    model: MutualInhibition,
    y0: ArrayLike,
    t_span: tuple[float, float],
    *,
    inputs: Inputs = None,
    t_eval: ArrayLike | None = None,
    noise: float = 0.0,
    dt: float = 1e-3,
    seed: int | None = None,
    max_step: float = 0.05,
) -> InhibitionRun:
    """Integrate the populations from ``y0 = (r_1, v_1, ..., r_n, v_n)``.

    Without noise, :func:`nmmtools.integrate` (DOP853, ``max_step`` so that no
    pulse is stepped over). With ``noise > 0``, white noise of that intensity is
    added to every ``dv_k/dt`` and the system is integrated by Euler–Maruyama with
    step ``dt``, seeded by ``seed`` (same seed, same numbers); samples are every
    step unless ``t_eval`` picks times (the nearest steps).

    Raises
    ------
    TypeError, ValueError
        For invalid arguments.
    SimulationError
        If a rate falls to 0 or the state blows up.
    """
    check.instance("model", model, MutualInhibition)
    span = check.time_span("t_span", t_span)
    values = check_inputs("inputs", inputs, model.n, span[0])
    noise = check.nonnegative_scalar("noise", noise)
    names = [name for k in range(1, model.n + 1) for name in (f"r{k}", f"v{k}")]
    if noise == 0.0:
        t, y = integrate(
            lambda t, y: model.rhs(t, y, values),
            y0,
            span,
            names=names,
            rates=range(0, 2 * model.n, 2),
            t_eval=t_eval,
            max_step=check.positive_scalar("max_step", max_step),
        )
        return InhibitionRun(t=t, r=y[0::2], v=y[1::2])
    state = check.real_array("y0", y0)
    if state.shape != (2 * model.n,) or np.any(state[0::2] <= 0):
        raise ValueError(f"y0 must hold {model.n} pairs (r_k > 0, v_k), got {state.tolist()}")
    dt = check.positive_scalar("dt", dt)
    rng = np.random.default_rng(seed)
    steps = int(round((span[1] - span[0]) / dt))
    times = span[0] + dt * np.arange(steps + 1)
    path = np.empty((2 * model.n, steps + 1))
    path[:, 0] = state
    kicks = np.sqrt(2.0 * noise * dt) * rng.standard_normal((steps, model.n))
    for step in range(steps):
        state = state + dt * model.rhs(times[step], state, values)
        state[1::2] += kicks[step]
        state[0::2] = np.maximum(state[0::2], 1e-9)  # the reflecting floor of the rates
        if not np.all(np.isfinite(state)) or np.max(np.abs(state)) > 1e6:
            raise SimulationError(f"the noisy simulation blew up at t = {times[step + 1]:.6g}")
        path[:, step + 1] = state
    if t_eval is not None:
        picks = np.clip(
            np.round((check.evaluation_times("t_eval", t_eval, span) - span[0]) / dt).astype(int), 0, steps
        )
        times, path = times[picks], path[:, picks]
    return InhibitionRun(t=times, r=path[0::2], v=path[1::2])


def pulse(start: float, duration: float, amplitude: float) -> Callable[[float], float]:
    """A rectangular input pulse as a function of time."""
    return lambda t: amplitude if start <= t < start + duration else 0.0


def winner(model: MutualInhibition, state: NDArray[np.float64], threshold: float = 0.5) -> int | None:
    """Index of the one population above ``threshold`` in ``state``, or None if none or several are."""
    active = np.flatnonzero(np.asarray(state)[0::2] > threshold)
    return int(active[0]) if active.size == 1 else None


def switches(
    model: MutualInhibition,
    start: NDArray[np.float64],
    target: int,
    amplitude: float,
    duration: float = 5.0,
    settle: float = 40.0,
) -> bool:
    """Whether a pulse of ``amplitude`` for ``duration`` into population ``target`` makes it the winner."""
    inputs = [pulse(1.0, duration, amplitude) if k == target else 0.0 for k in range(model.n)]
    run = simulate_inhibition(model, start, (0.0, 1.0 + duration + settle), inputs=inputs)
    return winner(model, np.column_stack((run.r[:, -1], run.v[:, -1])).ravel()) == target


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
    return high


def basins(
    model: MutualInhibition, rates: ArrayLike, t_end: float = 30.0
) -> tuple[NDArray[np.float64], list[FixedPoint]]:
    """Basin of attraction of each stable state over a grid of initial rates ``(r1, r2)`` (two populations).

    All grid points are integrated together (one vectorised system); each starts
    at ``v = -delta / (2 pi r)``. Returns the index of the stable state reached
    (``-1`` if none within 0.05) on the grid ``(len(rates), len(rates))``
    indexed ``[r2, r1]``, and the stable states.
    """
    if model.n != 2:
        raise ValueError(f"basins are drawn for two populations, got n = {model.n}")
    grid = check.positive_rates("rates", rates)
    stable = [point for point in inhibition_fixed_points(model) if point.stable]
    r1, r2 = np.meshgrid(grid, grid)
    start = np.stack((r1, -model.delta / (2 * np.pi * r1), r2, -model.delta / (2 * np.pi * r2))).reshape(
        4, -1
    )
    size = start.shape[1]

    def field(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        state = y.reshape(4, size)
        state[0::2] = np.maximum(state[0::2], 1e-9)
        return model.rhs(t, state).ravel()

    _, final = integrate(
        field,
        start.ravel(),
        (0.0, t_end),
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
