"""Simulation of every model of the package: one entry point, one result type.

:func:`simulate` integrates an ODE model (:class:`~nmmtools.MPR`,
:class:`~nmmtools.AdaptiveMPR`, :class:`~nmmtools.SynapticMPR`,
:class:`~nmmtools.MutualInhibition`) and returns a :class:`Run`;
:func:`nmmtools.simulate_network` returns a :class:`Run` for the spiking network too.
A run holds the times, the state, the input that was used and its model, so that
analysis functions take a run and know everything about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.hamiltonian import energy
from nmmtools.inputs import evaluate, shortest
from nmmtools.integrators.ivp import METHODS, integrate
from nmmtools.integrators.splitting import splitting
from nmmtools.integrators.stochastic import METHODS as NOISY_METHODS
from nmmtools.integrators.stochastic import integrate_noisy, noise_intensities
from nmmtools.integrators.symplectic import gauss_legendre
from nmmtools.models.mpr import MPR

TIME_VARIABLES = ("physical", "rescaled")
SYMPLECTIC = "gauss-legendre"
SPLITTING = "splitting"
FIXED_STEP = (SYMPLECTIC, SPLITTING)
"""The fixed-step methods of the homogeneous MPR model in rescaled time."""
DEFAULT_STEPS = {SYMPLECTIC: 0.05, SPLITTING: 0.1}
"""The default step in ``s`` of each fixed-step method."""
STEPS_PER_PULSE = 100
"""By default the integrator takes at least this many steps over the shortest pulse of an input."""


@dataclass(frozen=True)
class Run:
    """A simulated run of a model: times, state, the input used and the model.

    The state's components are attributes named as the model names them:
    ``run.r``, ``run.v`` for every model; ``run.s`` (rescaled time) for
    :class:`~nmmtools.MPR`; ``run.a`` for :class:`~nmmtools.AdaptiveMPR`;
    ``run.s`` (synaptic variable) for :class:`~nmmtools.SynapticMPR`; for
    :class:`~nmmtools.MutualInhibition`, ``run.r`` and ``run.v`` have one row per population.

    Attributes
    ----------
    model : object
        The model that was integrated.
    t : numpy.ndarray
        Physical time of each sample.
    y : numpy.ndarray
        The state at each sample, shape ``(components, samples)``; for an
        ensemble of runs (:func:`simulate` with ``y0`` of shape
        ``(members, components)``), ``(components, members, samples)``.
    input : float, callable, sequence or None
        The input ``I`` that was used (one per population for mutual inhibition).
    time : str
        The variable that was integrated over, ``"physical"`` or ``"rescaled"``.
    events : dict
        What a simulator records besides the state (e.g. a spike raster).

    Examples
    --------
    >>> from nmmtools import MPR, simulate
    >>> run = simulate(MPR(), (1.2, 0.0), (0.0, 1.0), t_eval=[0.0, 0.5, 1.0])
    >>> run.r.shape, run.time
    ((3,), 'physical')
    >>> bool(abs(run.energy()[-1] - run.energy()[0]) < 1e-8)  # conserved to the integrator's accuracy
    True
    >>> ensemble = simulate(MPR(delta=1.0), [(1.2, 0.0), (0.5, 0.0)], (0.0, 1.0), noise=0.5, seed=0,
    ...                     t_eval=[0.0, 0.5, 1.0])
    >>> ensemble.y.shape, ensemble.r.shape, ensemble.members, ensemble.member(1).r.shape
    ((3, 2, 3), (2, 3), 2, (3,))
    """

    model: Any
    t: NDArray[np.float64]
    y: NDArray[np.float64]
    input: Any = None
    time: str = "physical"
    events: Mapping[str, NDArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not all(hasattr(self.model, name) for name in ("views", "rows", "frozen")):
            raise TypeError(f"model must be a model of nmmtools (MPR, ...), got {type(self.model).__name__}")
        check.choice("time", self.time, TIME_VARIABLES)
        times, states = check.real_array("t", self.t), check.real_array("y", self.y)
        if states.ndim < 2 or states.shape[0] != self.model.rows:
            raise ValueError(
                f"y must have one row per component ({self.model.rows}), got shape {states.shape}"
            )
        if times.ndim not in (1, 2) or states.shape[-1] != times.shape[-1]:
            raise ValueError(
                "t must be 1-D (or 2-D for an ensemble) and y (components, ..., samples) with one column "
                f"per time, got shapes t {times.shape} and y {states.shape}"
            )
        for name, index in getattr(self.model, "views", {}).items():
            present = (
                index < states.shape[0] if isinstance(index, int) else len(range(states.shape[0])[index]) > 0
            )
            if not present:
                raise ValueError(
                    f"y must hold the components of a run of {type(self.model).__name__} "
                    f"({name} at {index}), got {states.shape[0]} row(s)"
                )
        object.__setattr__(self, "t", times)
        object.__setattr__(self, "y", states)

    def __getattr__(self, name: str) -> NDArray[np.float64]:
        if name.startswith("_") or name in ("model", "y"):
            raise AttributeError(name)
        views = getattr(self.model, "views", {})
        if name not in views:
            raise AttributeError(f"a run of {type(self.model).__name__} has no component {name!r}")
        return self.y[views[name]]

    @property
    def members(self) -> int | None:
        """The number of runs of an ensemble (``None`` for a single run)."""
        return int(self.y.shape[1]) if self.y.ndim == 3 else None

    def member(self, j: int) -> Run:
        """Run ``j`` of an ensemble, as a single run.

        Raises
        ------
        ValueError
            If this is not an ensemble, or ``j`` is not one of its members.
        """
        count = self.members
        if count is None:
            raise ValueError("member(j) needs an ensemble run (y of shape (components, members, samples))")
        if isinstance(j, bool) or not isinstance(j, int | np.integer) or not 0 <= j < count:
            raise ValueError(f"j must be a member index in 0..{count - 1}, got j = {j!r}")
        times = self.t[j] if self.t.ndim == 2 else self.t  # rescaled-time ensembles: one clock per member
        return Run(model=self.model, t=times, y=self.y[:, j, :], input=self.input, time=self.time)

    def inputs(self) -> NDArray[np.float64]:
        """The input at each sample (one row per population where each has its own)."""
        return evaluate(self.input, self.t)

    def energy(self) -> NDArray[np.float64]:
        """The energy :func:`nmmtools.energy` of ``(r, v)`` at every sample.

        What the model does besides the MPR population (its input, adaptation,
        synaptic or inhibitory drive) is folded into ``eta`` at each instant: the
        model's ``frozen`` method says how.
        """
        if not hasattr(self.model, "frozen"):
            raise TypeError(
                f"a run of {type(self.model).__name__} has no energy: its model has no MPR population"
            )
        population, drive = self.model.frozen(self.t, self.y, self.input)
        return energy(population, self.r, self.v, drive)


def simulate(
    model: Any,
    y0: ArrayLike,
    t_span: tuple[float, float],
    *,
    t_eval: ArrayLike | None = None,
    I: Any = None,  # noqa: E741
    time: str = "physical",
    method: str | None = None,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    r_min: float = 1e-12,
    bound: float = 1e6,
    max_step: float = np.inf,
    step: float | None = None,
    order: int = 8,
    noise: ArrayLike = 0.0,
    dt: float = 2e-3,
    seed: int | None = None,
) -> Run:
    """Integrate a model from ``y0``, one run or an ensemble of noisy runs.

    Parameters
    ----------
    model : MPR, AdaptiveMPR, SynapticMPR or MutualInhibition
        The model.
    y0 : array_like, shape (components,) or (members, components)
        Initial state, named as the model names its components (``(r0, v0)`` for
        :class:`~nmmtools.MPR`, ``(r0, v0, a0)``, ``(r0, v0, s0)``, or
        ``(r_1, v_1, ..., r_n, v_n)``), every rate ``> 0``; or one such state per
        row for an ensemble of independent runs, integrated together (one
        vectorised system) by a fixed-step ``method`` (``"splitting"``, ``"heun"``
        or ``"euler-maruyama"``). The run's ``y`` then has shape
        ``(components, members, samples)``.
    t_span : (float, float)
        Start and end of the integration, in the variable chosen by ``time``.
    t_eval : array_like, optional
        Times (in that variable) at which to store the solution; by default the
        integrator's own steps.
    I : float, callable or sequence, optional
        External input, a constant or a function of *physical* time (see
        ``nmmtools.inputs``); for :class:`~nmmtools.MutualInhibition` one
        per population. A rescaled-time run starts at ``t = 0``.
    time : {"physical", "rescaled"}
        Integrate over physical time ``t``, or (MPR only) over the rescaled time
        ``s`` with ``ds = r**2 dt`` in which the ``delta = 0`` model is Hamiltonian.
    method : str, optional
        A :func:`scipy.integrate.solve_ivp` method (``"DOP853"``, the default
        without noise, ``"RK45"``, ...); a fixed-step method in rescaled time for
        the MPR model with a constant ``I`` (``time="rescaled"``), which ignores
        ``rtol`` and ``atol`` and uses ``step``: ``"splitting"``, the explicit
        splitting of ``H`` into its exactly solvable kinetic and potential flows
        (``nmmtools.integrators.splitting``; with ``delta > 0`` it includes the
        exact flow of the heterogeneity term), composed to ``order`` 2, 4, 6 or 8,
        symplectic for ``delta = 0``, for one state or an ensemble, or
        ``"gauss-legendre"``, implicit symplectic collocation of order 6
        (``delta = 0`` only); or a fixed-step scheme of
        ``nmmtools.integrators.stochastic`` with step ``dt`` in physical time:
        ``"heun"`` (stochastic Heun, second order in the drift; the default with
        noise or for an ensemble) or ``"euler-maruyama"``.
    rtol, atol : float
        Relative and absolute tolerances of the integrator, ``> 0``.
    r_min : float
        The run stops with an error if a rate falls to this value (the energy
        is defined for ``r > 0`` only).
    bound : float
        The run stops with an error if a component exceeds this (blow-up).
    max_step : float
        Largest step of the integrator, ``> 0``. By default a hundredth of the
        shortest pulse of ``I`` (inputs of ``nmmtools.inputs`` know it), so
        that no pulse is stepped over; set it yourself for other inputs.
    step : float, optional
        Step in ``s`` of the fixed-step methods in rescaled time, ``> 0`` (by
        default 0.1 for ``"splitting"``, 0.05 for ``"gauss-legendre"``).
    order : {2, 4, 6, 8}
        Order of the ``"splitting"`` method.
    noise : float or array_like, shape (members,)
        Intensity ``D >= 0`` of white noise ``sqrt(2 D) dW`` on every mean
        potential; for an ensemble one value for all members or one per member.
        With noise the model is integrated by ``method`` ``"heun"`` or
        ``"euler-maruyama"`` with step ``dt`` (physical time), seeded by ``seed``;
        ``rtol``, ``atol`` and ``max_step`` are not used.
    dt, seed
        Step and seed of the fixed-step schemes. Store only the samples you need
        (``t_eval``) for long ensembles.

    Returns
    -------
    Run

    Raises
    ------
    TypeError, ValueError
        For invalid arguments; the message names the argument.
    SimulationError
        If the state leaves ``r > r_min``, exceeds ``bound`` or the integrator
        fails; the message says when and where.

    Examples
    --------
    >>> from nmmtools import MPR, simulate
    >>> run = simulate(MPR(delta=1.0), (0.08, -2.0), (0.0, 30.0), I=3.0)
    >>> print(f"r(30) = {run.r[-1]:.2f}")
    r(30) = 1.37
    >>> rescaled = simulate(MPR(), (1.2, 0.0), (0.0, 2.0), time="rescaled", method="gauss-legendre")
    >>> print(f"{rescaled.s[-1]:.1f} {rescaled.t[-1]:.3f}")
    2.0 1.963
    >>> ensemble = simulate(MPR(), [[1.2, 0.0], [1.3, 0.0], [1.4, 0.0]], (0.0, 2.0), time="rescaled",
    ...                     method="splitting", t_eval=[0.0, 1.0, 2.0])
    >>> ensemble.r.shape, ensemble.t.shape
    ((3, 3), (3, 3))
    >>> from nmmtools import MutualInhibition
    >>> starts = [(1.24, -0.13, 0.04, -3.85)] * 3  # three members from a winner state
    >>> noisy = simulate(MutualInhibition(), starts, (0.0, 10.0), noise=[0.5, 1.0, 2.0], dt=0.01, seed=1,
    ...                  t_eval=[0.0, 5.0, 10.0])
    >>> noisy.r.shape  # (populations, members, samples)
    (2, 3, 3)
    """
    if isinstance(model, MPR):
        return _simulate_mpr(
            model,
            y0,
            t_span,
            t_eval,
            I,
            time,
            method,
            rtol,
            atol,
            r_min,
            bound,
            max_step,
            step,
            order,
            noise,
            dt,
            seed,
        )
    if not all(hasattr(model, name) for name in ("closure", "names", "rates", "noisy", "checked_input")):
        raise TypeError(
            "model must be an MPR, AdaptiveMPR, SynapticMPR or MutualInhibition instance, "
            f"got {type(model).__name__}"
        )
    check.choice("time", time, ("physical",))
    span = check.time_span("t_span", t_span)
    current = model.checked_input(I, span[0])
    names = model.names
    state = _initial_state(y0, names, model.rates)
    method, intensity = _method(method, noise, state, METHODS)
    fun = model.closure(current)
    if method in NOISY_METHODS:
        t, y = integrate_noisy(
            fun,
            state.T,
            span,
            noise=intensity,
            dt=dt,
            noisy=model.noisy,
            rates=model.rates,
            method=method,
            seed=seed,
            t_eval=t_eval,
            bound=bound,
        )
    else:
        t, y = integrate(
            fun,
            state,
            span,
            names=names,
            rates=model.rates,
            t_eval=t_eval,
            method=method,
            rtol=rtol,
            atol=atol,
            r_min=r_min,
            bound=bound,
            max_step=_max_step(max_step, current),
        )
    return Run(model=model, t=t, y=y, input=current, time="physical")


def _initial_state(
    y0: ArrayLike, names: tuple[str, ...], rates: tuple[int, ...], what: str | None = None
) -> NDArray[np.float64]:
    """``y0`` checked: ``(components,)`` or an ensemble ``(members, components)``, every rate ``> 0``."""
    state = check.real_array("y0", y0)
    if state.ndim not in (1, 2) or state.shape[-1] != len(names):
        raise ValueError(
            f"y0 must {what or f'have {len(names)} components {names}'}, or shape (members, {len(names)}) "
            f"for an ensemble, got shape {state.shape}"
        )
    for index in rates:
        where = f"y0[{index}]" if state.ndim == 1 else f"y0[:, {index}]"
        check.positive_rates(f"{where} ({names[index]})", state[..., index])
    return state


def _method(
    method: str | None,
    noise: ArrayLike,
    state: NDArray[np.float64],
    deterministic: tuple[str, ...],
    ensembles: tuple[str, ...] = (),
) -> tuple[str, NDArray[np.float64]]:
    """The method (default: DOP853, or Heun with noise or for an ensemble) and the checked noise.

    ``ensembles`` are the deterministic methods that also integrate an ensemble.
    """
    ensemble = state.ndim == 2
    intensity = noise_intensities(noise, state.shape[0] if ensemble else None)
    noisy = bool(np.any(intensity > 0.0))
    if method is None:
        return ("heun" if ensemble or noisy else "DOP853"), intensity
    method = check.choice("method", method, (*deterministic, *NOISY_METHODS))
    if noisy and method not in NOISY_METHODS:
        raise ValueError(f"noise > 0 needs method 'heun' or 'euler-maruyama', got method = {method!r}")
    if ensemble and method not in (*NOISY_METHODS, *ensembles):
        allowed = ", ".join(repr(name) for name in (*ensembles, *NOISY_METHODS))
        raise ValueError(f"an ensemble y0 needs method {allowed}, got method = {method!r}")
    return method, intensity


def _max_step(max_step: float, current: Any) -> float:
    """``max_step``, capped so that the integrator takes STEPS_PER_PULSE steps over the shortest pulse."""
    if max_step != np.inf:
        max_step = check.positive_scalar("max_step", max_step)
    return min(max_step, shortest(current) / STEPS_PER_PULSE)


def _simulate_mpr(
    model: MPR,
    y0: ArrayLike,
    t_span: tuple[float, float],
    t_eval: ArrayLike | None,
    I: Any,  # noqa: E741
    time: str,
    method: str | None,
    rtol: float,
    atol: float,
    r_min: float,
    bound: float,
    max_step: float,
    step: float | None,
    order: int,
    noise: ArrayLike,
    dt: float,
    seed: int | None,
) -> Run:
    """:func:`simulate` for the MPR model: physical or rescaled time, and the fixed-step methods."""
    state = _initial_state(y0, ("r0", "v0"), (0,), "be a pair (r0, v0)")
    time = check.choice("time", time, TIME_VARIABLES)
    span = check.time_span("t_span", t_span)
    if t_eval is not None:
        t_eval = check.evaluation_times("t_eval", t_eval, span)
    start = span[0] if time == "physical" else 0.0
    current = check.constant_or_callable_input("I", 0.0 if I is None else I, start)
    method, intensity = _method(method, noise, state, (*METHODS, *FIXED_STEP), ensembles=(SPLITTING,))
    physical, rescaled = model.closures(current)
    if method in NOISY_METHODS:
        if time != "physical":
            raise ValueError(f"method {method!r} (noise, ensembles) needs time='physical', got time={time!r}")
        clock = np.zeros(state.shape[:-1] + (1,))  # s = 0 at the start
        t, y = integrate_noisy(
            physical,
            np.concatenate((state, clock), axis=-1).T,
            span,
            noise=intensity,
            dt=dt,
            noisy=model.noisy,
            rates=model.rates,
            method=method,
            seed=seed,
            t_eval=t_eval,
            bound=bound,
        )
        return Run(model=model, t=t, y=y, input=current, time=time)
    if method in FIXED_STEP:
        if time != "rescaled":
            raise ValueError(
                f"method='{method}' integrates in rescaled time: pass time='rescaled', got time={time!r}"
            )
        if callable(current):
            raise ValueError(f"method='{method}' needs a constant input I")
        size = DEFAULT_STEPS[method] if step is None else step
        if method == SYMPLECTIC:
            s, states = gauss_legendre(model, state, span, step=size, s_eval=t_eval, I=current)
        else:
            s, states = splitting(model, state, span, order=order, step=size, s_eval=t_eval, I=current)
        rescaled_time = np.broadcast_to(s, states[0].shape)
        return Run(
            model=model,
            t=states[2],
            y=np.stack((states[0], states[1], rescaled_time)),
            input=current,
            time=time,
        )
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
        max_step=_max_step(max_step, current),
    )
    if time == "physical":
        return Run(model=model, t=samples, y=states, input=current, time=time)
    return Run(model=model, t=states[2], y=np.vstack((states[:2], samples)), input=current, time=time)
