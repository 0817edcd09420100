"""Integration with the package's error handling, shared by every model.

:func:`integrate` wraps :func:`scipy.integrate.solve_ivp`: it checks the
arguments, stops when a rate leaves ``r > r_min`` or the state blows up, and
turns every failure into a :class:`SimulationError` that says when and where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp
from scipy.optimize import OptimizeResult

from nmmtools import _validation as check
from nmmtools.errors import SimulationError

METHODS = ("DOP853", "RK45", "RK23", "Radau", "BDF", "LSODA")
"""The :func:`scipy.integrate.solve_ivp` methods that :func:`integrate` accepts."""


def integrate(
    fun: Callable[[float, NDArray[np.float64]], NDArray[np.float64]],
    y0: ArrayLike,
    t_span: tuple[float, float],
    *,
    names: Sequence[str],
    rates: Sequence[int] = (),
    bounded: Sequence[int] | None = None,
    t_eval: ArrayLike | None = None,
    time_name: str = "t",
    method: str = "DOP853",
    rtol: float = 1e-9,
    atol: float = 1e-12,
    r_min: float = 1e-12,
    bound: float = 1e6,
    max_step: float = np.inf,
    stop_at_edge: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate ``dy/dt = fun(t, y)`` and stop with a clear error if it leaves its domain.

    Parameters
    ----------
    fun : callable
        Right-hand side ``fun(t, y)`` returning an array shaped like ``y``.
    y0 : array_like
        Initial state (finite).
    t_span : (float, float)
        Start and end of the integration, end > start.
    names : sequence of str
        Name of each component, used in error messages (e.g. ``("r", "v")``).
    rates : sequence of int
        Indices of the components that must stay above ``r_min`` (firing rates).
    bounded : sequence of int, optional
        Indices of the components whose size must stay below ``bound``; all by default.
    t_eval : array_like, optional
        Times at which to store the solution, increasing and inside ``t_span``.
    time_name : str
        Name of the independent variable in messages (``"t"`` or ``"s"``).
    method : str
        One of ``METHODS``: ``DOP853`` (default), ``RK45``, ``RK23``, ``Radau``, ``BDF``, ``LSODA``.
    rtol, atol : float
        Relative and absolute tolerances, ``> 0``.
    r_min : float
        Smallest admissible rate, ``> 0``.
    bound : float
        Largest admissible ``|y_i|`` for the bounded components, ``> 0``.
    max_step : float
        Largest step of the integrator, ``> 0``.
    stop_at_edge : bool
        If true, a run that reaches ``r_min`` or ``bound`` ends there without an
        error, and the samples up to that time are returned (e.g. to trace a curve
        until it leaves a region of interest).

    Returns
    -------
    t : numpy.ndarray, shape (n,)
        Times of the samples.
    y : numpy.ndarray, shape (len(y0), n)
        The state at those times.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments; the message names the argument.
    SimulationError
        If a rate falls to ``r_min``, a bounded component exceeds ``bound`` (unless
        ``stop_at_edge``), the integrator fails or the solution becomes non-finite.
    """
    check.function("fun", fun)
    state = check.real_array("y0", y0)
    if state.ndim != 1 or state.size != len(names):
        raise ValueError(f"y0 must have {len(names)} components {tuple(names)}, got shape {state.shape}")
    span = check.time_span("t_span", t_span)
    times = None if t_eval is None else check.evaluation_times("t_eval", t_eval, span)
    method = check.choice("method", method, METHODS)
    rtol = check.positive_scalar("rtol", rtol)
    atol = check.positive_scalar("atol", atol)
    r_min = check.positive_scalar("r_min", r_min)
    bound = check.positive_scalar("bound", bound)
    if max_step != np.inf:
        max_step = check.positive_scalar("max_step", max_step)
    if not isinstance(stop_at_edge, bool):
        raise TypeError(f"stop_at_edge must be True or False, got {stop_at_edge!r}")
    rates = _indices("rates", rates, state.size)
    bounded = list(range(state.size)) if bounded is None else _indices("bounded", bounded, state.size)
    for index in rates:
        if state[index] <= r_min:
            raise ValueError(
                f"y0 must have {names[index]} > r_min = {r_min:g}, got {names[index]} = {state[index]}"
            )
    if bounded and np.max(np.abs(state[bounded])) >= bound:
        raise ValueError(f"y0 must lie inside the bound |y| < {bound:g}, got y0 = {state.tolist()}")

    first = _first_derivative(fun, span[0], state)
    if first.shape != state.shape or not np.all(np.isfinite(first)):
        raise ValueError(f"fun(t0, y0) must return {state.size} finite values, got {first.tolist()}")

    def margin(_: float, y: NDArray[np.float64]) -> float:
        """Distance to the edge of the domain, negative outside it (one event: cheaper than two)."""
        return min(_margins(y, rates, bounded, r_min, bound))

    margin.terminal = True  # type: ignore[attr-defined]

    solution = solve_ivp(
        fun,
        span,
        state,
        method=method,
        t_eval=times,
        events=margin if rates or bounded else None,
        rtol=rtol,
        atol=atol,
        max_step=max_step,
    )
    if not (stop_at_edge and solution.status == 1):
        _raise_on_failure(solution, names, time_name, rates, bounded, r_min, bound)
    return solution.t, solution.y


def _indices(name: str, value: Sequence[int], size: int) -> list[int]:
    """``value`` as a list of component indices in ``range(size)``, or raise naming ``name``."""
    indices = list(value)
    if not all(isinstance(index, int) and 0 <= index < size for index in indices):
        raise ValueError(f"{name} must be indices of components in 0..{size - 1}, got {indices}")
    return indices


def _first_derivative(
    fun: Callable[[float, NDArray[np.float64]], NDArray[np.float64]], t0: float, y0: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``fun(t0, y0)`` as a float array; a failing ``fun`` is reported as such, not from inside SciPy."""
    try:
        return np.asarray(fun(t0, y0.copy()), dtype=float)
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ValueError(f"fun(t0, y0) failed with {error!r}: check the model and y0") from error


def _margins(
    y: NDArray[np.float64], rates: list[int], bounded: list[int], r_min: float, bound: float
) -> tuple[float, float]:
    """How far the smallest rate is above ``r_min`` and the largest bounded component below ``bound``.

    Evaluated after every step of every run: on Python floats, which for the few
    components of a model is several times cheaper than NumPy's fancy indexing.
    """
    values = y.tolist()
    to_floor = min(values[index] for index in rates) - r_min if rates else np.inf
    to_bound = bound - max(abs(values[index]) for index in bounded) if bounded else np.inf
    return to_floor, to_bound


def _describe(names: Sequence[str], state: NDArray[np.float64]) -> str:
    """``(r, v) = (0.1, -2)``: a state with the names of its components."""
    return f"({', '.join(names)}) = ({', '.join(f'{value:.6g}' for value in state)})"


def _raise_on_failure(
    solution: OptimizeResult,
    names: Sequence[str],
    time_name: str,
    rates: list[int],
    bounded: list[int],
    r_min: float,
    bound: float,
) -> None:
    """Turn a stopped or failed :func:`solve_ivp` run into a :class:`SimulationError`."""
    if solution.status == 1:  # the domain event fired: say which edge was reached
        state = solution.y_events[0][0]
        to_floor, to_bound = _margins(state, rates, bounded, r_min, bound)
        if to_floor <= to_bound:
            reason = f"{names[rates[int(np.argmin(state[rates]))]]} fell to r_min = {r_min:g}"
        else:
            largest = names[bounded[int(np.argmax(np.abs(state[bounded])))]]
            reason = f"|{largest}| exceeded bound = {bound:g} (blow-up)"
        raise SimulationError(
            f"the simulation stopped: {reason} at {time_name} = {solution.t_events[0][0]:.6g}, "
            f"where {_describe(names, state)}"
        )
    if solution.status < 0:
        raise SimulationError(
            f"the integrator failed at {time_name} = {solution.t[-1]:.6g}, "
            f"where {_describe(names, solution.y[:, -1])}: {solution.message} "
            "The system may be stiff or singular there: try method='LSODA' or 'Radau', "
            "or check the state for a rate close to 0."
        )
    finite = np.all(np.isfinite(solution.y), axis=0)
    if not finite.all():
        first = int(np.argmin(finite))
        raise SimulationError(f"the solution became non-finite at {time_name} = {solution.t[first]:.6g}")
