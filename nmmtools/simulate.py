"""Integration of the MPR model in physical time ``t`` or rescaled time ``s`` (``ds = r**2 dt``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.energy import energy
from nmmtools.integrate import METHODS, SimulationError, integrate
from nmmtools.mpr import MPR
from nmmtools.symplectic import gauss_legendre

TIME_VARIABLES = ("physical", "rescaled")
SYMPLECTIC = "gauss-legendre"


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

    def __post_init__(self) -> None:
        check.instance("model", self.model, MPR)
        check.choice("time", self.time, TIME_VARIABLES)
        arrays = {name: check.real_array(name, getattr(self, name)) for name in ("t", "s", "r", "v")}
        shapes = {array.shape for array in arrays.values()}
        if len(shapes) != 1 or next(iter(shapes)) != (arrays["t"].size,):
            raise ValueError(f"t, s, r and v must be 1-D arrays of one length, got shapes {sorted(shapes)}")
        for name, array in arrays.items():
            object.__setattr__(self, name, array)

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
    step: float = 0.05,
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
        A :func:`scipy.integrate.solve_ivp` method (``"DOP853"``, ``"RK45"``, ...),
        or ``"gauss-legendre"``: the symplectic, fixed-step integrator of
        :mod:`nmmtools.symplectic`, for the Hamiltonian case only (``delta = 0``,
        constant ``I``, ``time="rescaled"``); it ignores ``rtol`` and ``atol``
        and uses ``step``.
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
    step : float
        Step in ``s`` of the ``"gauss-legendre"`` method, ``> 0``.

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
    time = check.choice("time", time, TIME_VARIABLES)
    span = check.time_span("t_span", t_span)
    start = span[0] if time == "physical" else 0.0
    current = check.constant_or_callable_input("I", 0.0 if I is None else I, start)
    method = check.choice("method", method, (*METHODS, SYMPLECTIC))
    if method == SYMPLECTIC:
        return _simulate_symplectic(model, state, span, t_eval, current, time, step)
    delta_term = model.delta / (np.pi * model.tau)
    tau, J, eta, pi_tau_squared = model.tau, model.J, model.eta, (np.pi * model.tau) ** 2
    drive = _drive(eta, current)

    # The fields below run at every stage of every step: written out on Python floats.
    def physical(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        r, v, _ = y.tolist()
        return np.array(
            (
                (delta_term + 2.0 * r * v) / tau,
                (v * v + drive(t) + J * tau * r - pi_tau_squared * r * r) / tau,
                r * r,
            )
        )

    def rescaled(s: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        r, v, t = y.tolist()
        dtds = 1.0 / (r * r)
        drdt = (delta_term + 2.0 * r * v) / tau
        dvdt = (v * v + drive(t) + J * tau * r - pi_tau_squared * r * r) / tau
        return np.array((drdt * dtds, dvdt * dtds, dtds))

    other = "s" if time == "physical" else "t"
    samples, states = integrate(
        physical if time == "physical" else rescaled,
        (state[0], state[1], 0.0),
        span,
        names=("r", "v", other),
        rates=(0,),
        bounded=(0, 1),
        t_eval=t_eval,
        time_name="t" if time == "physical" else "s",
        method=method,
        rtol=rtol,
        atol=atol,
        r_min=r_min,
        bound=bound,
        max_step=max_step,
    )
    r, v = states[0], states[1]
    t, s = (samples, states[2]) if time == "physical" else (states[2], samples)
    return Trajectory(model=model, t=t, s=s, r=r, v=v, time=time)


def _simulate_symplectic(
    model: MPR,
    state: NDArray[np.float64],
    span: tuple[float, float],
    t_eval: ArrayLike | None,
    current: check.Input,
    time: str,
    step: float,
) -> Trajectory:
    """:func:`simulate` with the symplectic Gauss–Legendre method, after checking it applies."""
    if time != "rescaled":
        raise ValueError(
            f"method='{SYMPLECTIC}' integrates in rescaled time: pass time='rescaled', got time={time!r}"
        )
    if callable(current):
        raise ValueError(f"method='{SYMPLECTIC}' needs a constant input I (the model must be Hamiltonian)")
    s, states = gauss_legendre(model, state, span, step=step, s_eval=t_eval, I=current)
    return Trajectory(model=model, t=states[2], s=s, r=states[0], v=states[1], time=time)


def _drive(eta: float, current: check.Input) -> Callable[[float], float]:
    """``eta + I(t)`` as a function of time; an input function that fails is reported with the time."""
    if not callable(current):
        constant = eta + current
        return lambda _: constant

    def drive(t: float) -> float:
        try:
            return eta + current(t)
        except Exception as error:  # the user's input function failed mid-run: say when
            raise SimulationError(f"the input I raised {error!r} at t = {t:.6g}") from error

    return drive
