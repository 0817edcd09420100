"""Integration of the MPR model in physical time ``t`` or rescaled time ``s`` (``ds = r**2 dt``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp
from scipy.optimize import OptimizeResult

from nmmtools import _validation as check
from nmmtools.energy import energy
from nmmtools.mpr import MPR

TIME_VARIABLES = ("physical", "rescaled")
METHODS = ("DOP853", "RK45", "RK23", "Radau", "BDF", "LSODA")


class SimulationError(RuntimeError):
    """A simulation left the domain of the model, blew up or the integrator failed."""


@dataclass(frozen=True)
class Trajectory:
    """A simulated trajectory of the MPR model.

    Attributes
    ----------
    model : MPR
        The model that was integrated.
    t : numpy.ndarray
        Physical time at each sample (a rescaled-time run starts at ``t = 0``).
    s : numpy.ndarray
        Rescaled time, ``ds = r**2 dt``, at each sample (a physical-time run
        starts at ``s = 0``).
    r, v : numpy.ndarray
        Firing rate and mean membrane potential at each sample.
    time : str
        ``"physical"`` or ``"rescaled"``: the variable that was integrated over.
    """

    model: MPR
    t: NDArray[np.float64]
    s: NDArray[np.float64]
    r: NDArray[np.float64]
    v: NDArray[np.float64]
    time: str

    def energy(self) -> NDArray[np.float64]:
        """The energy :func:`nmmtools.energy` at every sample."""
        return energy(self.model, self.r, self.v)


def simulate(
    model: MPR,
    y0: ArrayLike,
    t_span: tuple[float, float],
    *,
    t_eval: ArrayLike | None = None,
    I: check.Input | None = None,  # noqa: E741
    time: str = "physical",
    method: str = "DOP853",
    rtol: float = 1e-9,
    atol: float = 1e-12,
    r_min: float = 1e-12,
    bound: float = 1e6,
    max_step: float = np.inf,
) -> Trajectory:
    """Integrate the MPR model from ``y0 = (r0, v0)``.

    Parameters
    ----------
    model : MPR
        The model.
    y0 : array_like, shape (2,)
        Initial state ``(r0, v0)`` with ``r0 > 0``.
    t_span : (float, float)
        Start and end of the integration, in the variable chosen by ``time``.
    t_eval : array_like, optional
        Times (in that variable) at which to store the solution; by default the
        integrator's own steps.
    I : float or callable, optional
        External input, a constant or a function of *physical* time ``I(t)``
        (a rescaled-time run starts at ``t = 0``).
    time : {"physical", "rescaled"}
        Integrate over physical time ``t``, or over the rescaled time ``s`` with
        ``ds = r**2 dt`` in which the ``delta = 0`` model is Hamiltonian.
    method : str
        A :func:`scipy.integrate.solve_ivp` method.
    rtol, atol : float
        Relative and absolute tolerances of the integrator, ``> 0``.
    r_min : float
        The run stops with an error if ``r`` falls to this value (the energy
        is defined for ``r > 0`` only).
    bound : float
        The run stops with an error if ``|r|`` or ``|v|`` exceeds this (blow-up).
    max_step : float
        Largest step of the integrator, ``> 0``. Set it below the width of the
        shortest pulse in ``I`` so that no pulse is stepped over.

    Returns
    -------
    Trajectory
        Samples of ``t``, ``s``, ``r`` and ``v``.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments; the message names the argument.
    SimulationError
        If the state leaves ``r > r_min``, exceeds ``bound`` or the integrator
        fails; the message says when and where.
    """
    if not isinstance(model, MPR):
        raise TypeError(f"model must be an MPR instance, got {type(model).__name__}")
    state = check.real_array("y0", y0)
    if state.shape != (2,):
        raise ValueError(f"y0 must be a pair (r0, v0), got shape {state.shape}")
    check.positive_rates("y0[0] (r0)", state[0])
    span = check.time_span("t_span", t_span)
    times = None if t_eval is None else check.evaluation_times("t_eval", t_eval, span)
    time = check.choice("time", time, TIME_VARIABLES)
    method = check.choice("method", method, METHODS)
    rtol = check.positive_scalar("rtol", rtol)
    atol = check.positive_scalar("atol", atol)
    r_min = check.positive_scalar("r_min", r_min)
    bound = check.positive_scalar("bound", bound)
    if max_step != np.inf:
        max_step = check.positive_scalar("max_step", max_step)
    if state[0] <= r_min:
        raise ValueError(f"y0[0] (r0) must be > r_min = {r_min}, got r0 = {state[0]}")
    if max(abs(state[0]), abs(state[1])) >= bound:
        raise ValueError(f"y0 must lie inside the bound |r|, |v| < {bound}, got y0 = {state.tolist()}")
    if time == "physical":
        current = check.constant_or_callable_input("I", 0.0 if I is None else I, span[0])
    else:
        current = check.constant_or_callable_input("I", 0.0 if I is None else I, 0.0)

    def physical(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        drdt, dvdt = model.rhs(t, y, current)
        return np.array([drdt, dvdt, y[0] * y[0]])

    def rescaled(s: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        drdt, dvdt = model.rhs(y[2], y, current)
        dtds = 1.0 / (y[0] * y[0])
        return np.array([drdt * dtds, dvdt * dtds, dtds])

    def leaves_domain(_: float, y: NDArray[np.float64]) -> float:
        return y[0] - r_min

    def blows_up(_: float, y: NDArray[np.float64]) -> float:
        return bound - max(abs(y[0]), abs(y[1]))

    leaves_domain.terminal = True  # type: ignore[attr-defined]
    blows_up.terminal = True  # type: ignore[attr-defined]

    start = np.array([state[0], state[1], 0.0])
    solution = solve_ivp(
        physical if time == "physical" else rescaled,
        span,
        start,
        method=method,
        t_eval=times,
        events=(leaves_domain, blows_up),
        rtol=rtol,
        atol=atol,
        max_step=max_step,
    )
    _raise_on_failure(solution, time, r_min, bound)
    if time == "physical":
        t, s = solution.t, solution.y[2]
    else:
        t, s = solution.y[2], solution.t
    return Trajectory(model=model, t=t, s=s, r=solution.y[0], v=solution.y[1], time=time)


def _raise_on_failure(solution: OptimizeResult, time: str, r_min: float, bound: float) -> None:
    """Turn a stopped or failed :func:`solve_ivp` run into a :class:`SimulationError`."""
    variable, other_variable = ("t", "s") if time == "physical" else ("s", "t")
    if solution.status == 1:  # a terminal event: which one fired first
        reasons = (f"r fell to r_min = {r_min:g}", f"|r| or |v| exceeded bound = {bound:g}")
        for event_times, event_states, reason in zip(
            solution.t_events, solution.y_events, reasons, strict=True
        ):
            if len(event_times):
                r, v, other = event_states[0]
                raise SimulationError(
                    f"the simulation stopped: {reason} at {variable} = {event_times[0]:.6g} "
                    f"({other_variable} = {other:.6g}), where (r, v) = ({r:.6g}, {v:.6g})"
                )
    if solution.status < 0:
        r, v, other = solution.y[:, -1]
        raise SimulationError(
            f"the integrator failed at {variable} = {solution.t[-1]:.6g} ({other_variable} = {other:.6g}), "
            f"where (r, v) = ({r:.6g}, {v:.6g}): {solution.message} "
            + (
                "r is close to 0, where the rescaled time runs infinitely fast: integrate in physical time."
                if time == "rescaled" and r < 1e-3
                else "The system may be stiff there: try method='LSODA' or 'Radau'."
            )
        )
    finite = np.all(np.isfinite(solution.y), axis=0)
    if not finite.all():
        first = int(np.argmin(finite))
        raise SimulationError(f"the solution became non-finite at {variable} = {solution.t[first]:.6g}")
