"""Stable states of populations that inhibit each other, and switching between them.

* A pulse into the losing population can make it the winner (:func:`switches`,
  :func:`pulse_outcomes`, :func:`switching_threshold`); the outcome is not
  monotonic in the amplitude. :func:`basins` maps which initial rates end where.
* Noise makes the state hop between winners on its own: :func:`winner_labels`
  says which population wins at each sample (with hysteresis),
  :func:`dwell_times` and :func:`count_switches` measure the hopping,
  :func:`dwells_by_noise` collects dwell times at several noise intensities from
  one ensemble, and :func:`arrhenius_fit` fits ``ln(mean dwell)`` against
  ``1 / noise`` with a confidence interval.
* :func:`minimum_action` and :func:`escape_action`: the Freidlin–Wentzell action
  of the most likely escape path from a stable state to a saddle. For noise of
  intensity ``D`` on the potentials (``dv_k = ... dt + sqrt(2 D) dW_k``, as in
  :func:`nmmtools.simulate`) the mean escape time grows like ``exp(S / D)`` as
  ``D -> 0``, where ``S`` is that action: ``S`` is the barrier the Arrhenius
  slope estimates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.linalg import solveh_banded
from scipy.stats import norm

from nmmtools import _validation as check
from nmmtools.inputs import pulse
from nmmtools.integrators.ivp import integrate
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.simulation import Run, simulate
from nmmtools.stability import FixedPoint

CHUNK = 200
"""Amplitudes integrated together as one vectorised system by :func:`pulse_outcomes`."""


def at_rest(model: MutualInhibition, rates: ArrayLike) -> NDArray[np.float64]:
    """States ``(r_1, v_1, ..., r_n, v_n)`` with the given rates, each ``v_k`` where ``dr_k/dt = 0``.

    The rate equation is affine in ``v`` (``nmmtools.models.mpr.field``), so
    ``v`` is read off the model's own right-hand side at ``v = 0`` and ``v = 1``.

    Parameters
    ----------
    model : MutualInhibition
        The populations.
    rates : array_like, shape (n,) or (n, m)
        Rates ``> 0`` of each population (and of ``m`` states at once).

    Returns
    -------
    numpy.ndarray, shape (2 n,) or (2 n, m)

    Examples
    --------
    >>> from nmmtools import MutualInhibition
    >>> state = at_rest(MutualInhibition(delta=1.0), [1.0, 0.5])
    >>> print(f"{state[1]:.4f} {state[3]:.4f}")  # v = -delta / (2 pi r)
    -0.1592 -0.3183
    """
    check.instance("model", model, MutualInhibition)
    r = check.positive_rates("rates", rates)
    if r.shape[:1] != (model.n,) or r.ndim > 2:
        raise ValueError(f"rates must have shape ({model.n},) or ({model.n}, m), got shape {r.shape}")
    state = np.zeros((2 * model.n,) + r.shape[1:])
    state[0::2] = r
    offset = model.rhs(0.0, state)[0::2]
    state[1::2] = 1.0
    slope = model.rhs(0.0, state)[0::2] - offset
    state[1::2] = -offset / slope
    return state


def _labels(rates: NDArray[np.float64], threshold: float, low: float) -> NDArray[np.int64]:
    """Winner of each column of ``rates`` (populations first): above ``threshold``, the others ``<= low``."""
    above = rates > threshold
    calm = np.count_nonzero(rates <= low, axis=0)
    single = above.any(axis=0) & (calm == rates.shape[0] - 1)
    return np.where(single, np.argmax(above, axis=0), -1)


def _population(name: str, value: object, model: MutualInhibition) -> int:
    """``value`` as the index of one of the model's populations, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 0 <= value < model.n:
        raise ValueError(f"{name} must be a population index in 0..{model.n - 1}, got {name} = {value!r}")
    return int(value)


def _levels(threshold: float, low: float | None) -> tuple[float, float]:
    """Check a threshold and the level the others must stay at or below (default: the threshold)."""
    threshold = check.positive_scalar("threshold", threshold)
    low = threshold if low is None else check.positive_scalar("low", low)
    if low > threshold:
        raise ValueError(f"low must be <= threshold = {threshold}, got low = {low}")
    return threshold, low


def winner(state: ArrayLike, threshold: float = 0.5) -> int | None:
    """Index of the one population whose rate is above ``threshold``; None if none or several are.

    Parameters
    ----------
    state : array_like, shape (2 n,)
        A state ``(r_1, v_1, ..., r_n, v_n)``.
    threshold : float
        The rate above which a population counts as active, ``> 0``.

    Examples
    --------
    >>> from nmmtools import winner
    >>> winner([1.2, 0.0, 0.04, -1.0]), winner([0.1, -1.0, 0.1, -1.0])
    (0, None)
    """
    values = check.real_array("state", state)
    if values.ndim != 1 or values.size % 2:
        raise ValueError(f"state must be (r_1, v_1, ..., r_n, v_n), got shape {values.shape}")
    level, _ = _levels(threshold, None)
    label = int(_labels(values[0::2, None], level, level)[0])
    return None if label < 0 else label


def _ensemble_rates(run: Run) -> NDArray[np.float64]:
    """The rates of a run of :class:`MutualInhibition` as ``(n, members, samples)`` (one member if single)."""
    check.instance("run", run, Run)
    check.instance("run.model", run.model, MutualInhibition)
    rates = np.asarray(run.r)
    return rates[:, None, :] if rates.ndim == 2 else rates


def winner_labels(run: Run, threshold: float = 0.5, low: float | None = None) -> NDArray[np.int64]:
    """The single winning population at each sample of a run, or ``-1``.

    Population ``k`` wins a sample if its rate is above ``threshold`` and every
    other rate is at most ``low`` (default: ``threshold``, as :func:`winner`).

    Parameters
    ----------
    run : Run
        A run of :class:`~nmmtools.MutualInhibition`, single or an ensemble.
    threshold, low : float
        The levels, ``0 < low <= threshold``.

    Returns
    -------
    numpy.ndarray of int, shape (samples,) or (members, samples)

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MutualInhibition, Run, winner_labels
    >>> r = np.array([[1.0, 0.6, 0.3, 0.1], [0.1, 0.6, 0.4, 1.2]])
    >>> run = Run(model=MutualInhibition(), t=np.arange(4.0), y=np.stack((r[0], 0 * r[0], r[1], 0 * r[1])))
    >>> winner_labels(run).tolist(), winner_labels(run, threshold=1.0, low=0.2).tolist()
    ([0, -1, -1, 1], [-1, -1, -1, 1])
    """
    rates = _ensemble_rates(run)
    labels = _labels(rates, *_levels(threshold, low))
    return labels[0] if np.ndim(run.r) == 2 else labels


def _stretch_starts(labels: NDArray[np.int64]) -> NDArray[np.int64]:
    """Sample indices at which a new single winner takes over (samples without one are skipped)."""
    known = np.flatnonzero(labels >= 0)
    if known.size == 0:
        return known
    changes = np.flatnonzero(np.diff(labels[known]) != 0) + 1
    return known[np.concatenate(([0], changes))]


def dwell_times(run: Run, threshold: float = 0.5, low: float | None = None) -> NDArray[np.float64]:
    """Durations of the stretches in which the same single population wins.

    A stretch lasts from the first sample at which a population wins (see
    :func:`winner_labels`) to the first sample at which another one wins;
    samples with no single winner in between do not end it. The first and last
    stretches are incomplete and dropped. With ``low < threshold`` (e.g.
    ``threshold = 1``, ``low = 0.2`` for winner states at ``r ≈ 1.5`` and
    ``0.04``) a switch counts only once the new winner is well inside its
    valley, so that recrossings of the saddle are not counted as switches.

    Parameters
    ----------
    run : Run
        A run of :class:`~nmmtools.MutualInhibition`; for an ensemble, the
        complete dwells of all members, member by member.
    threshold, low : float
        See :func:`winner_labels`.

    Returns
    -------
    numpy.ndarray
        The complete dwell times, in order; empty if there are fewer than three stretches.

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
    rates = _ensemble_rates(run)
    labels = _labels(rates, *_levels(threshold, low))
    times = np.asarray(run.t)
    pieces = [np.diff(times[_stretch_starts(row)])[1:] for row in labels]
    return np.concatenate(pieces) if pieces else np.empty(0)


def count_switches(run: Run, threshold: float = 0.5, low: float | None = None) -> int:
    """Number of times the single winner changes in a run (all members of an ensemble together).

    Samples with no single winner are skipped; see :func:`winner_labels` for
    ``threshold`` and ``low``.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MutualInhibition, Run, count_switches
    >>> r1 = np.array([1, 1, 0, 0, 1, 1, 1, 0, 0], dtype=float)
    >>> r2 = np.array([0, 0, 0, 1, 0, 0, 0, 1, 1], dtype=float)
    >>> count_switches(Run(model=MutualInhibition(), t=np.arange(9.0), y=np.stack((r1, 0 * r1, r2, 0 * r2))))
    3
    """
    rates = _ensemble_rates(run)
    labels = _labels(rates, *_levels(threshold, low))
    return int(sum(max(_stretch_starts(row).size - 1, 0) for row in labels))


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
    _population("k", k, model)
    stable = [point for point in inhibition_fixed_points(model) if point.stable]
    candidates = [point.state for point in stable if winner(point.state) == k]
    if not candidates:
        raise ValueError(f"no stable state has population {k} as the single winner")
    return max(candidates, key=lambda state: state[2 * k] - np.delete(state[0::2], k).max())


def pulse_response(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    amplitude: float,
    *,
    duration: float = 5.0,
    onset: float = 1.0,
    t_end: float = 40.0,
    t_eval: ArrayLike | None = None,
) -> Run:
    """A run from ``start`` with a pulse of ``amplitude`` into ``target`` from ``onset`` for ``duration``.

    The three stretches (before, during and after the pulse) have constant
    inputs and are integrated one after the other by :func:`nmmtools.simulate`
    (DOP853), so no step straddles an edge of the pulse; the run holds the pulse
    as its input (for :meth:`nmmtools.Run.energy` and :func:`nmmtools.frozen_excitability`).

    Parameters
    ----------
    model : MutualInhibition
        The populations.
    start : array_like, shape (2 n,)
        Initial state at ``t = 0``.
    target : int
        The population that receives the pulse.
    amplitude, duration, onset : float
        The pulse (``duration > 0``, ``0 < onset`` and ``onset + duration < t_end``).
    t_end : float
        End of the run.
    t_eval : array_like, optional
        Times to store (inside ``[0, t_end]``); the integrator's steps by default.

    Returns
    -------
    Run

    Examples
    --------
    >>> from nmmtools import MutualInhibition, pulse_response, winner_state
    >>> model = MutualInhibition()
    >>> run = pulse_response(model, winner_state(model, 0), 1, 15.0, t_eval=[0.0, 40.0])
    >>> run.r[:, -1].round(3).tolist()  # population 2 has taken over
    [0.041, 1.243]
    """
    check.instance("model", model, MutualInhibition)
    _population("target", target, model)
    size = check.real_scalar("amplitude", amplitude)
    duration = check.positive_scalar("duration", duration)
    onset = check.positive_scalar("onset", onset)
    t_end = check.real_scalar("t_end", t_end)
    if onset + duration >= t_end:
        raise ValueError(
            f"the pulse must end before t_end = {t_end}, got onset + duration = {onset + duration}"
        )
    times = None if t_eval is None else check.evaluation_times("t_eval", t_eval, (0.0, t_end))
    edges = (0.0, onset, onset + duration, t_end)
    constant = [[0.0] * model.n, [size if k == target else 0.0 for k in range(model.n)], [0.0] * model.n]
    state = check.real_array("start", start)
    pieces_t, pieces_y = [], []
    for piece, (a, b) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        last = piece == 2
        if times is None:
            run = simulate(model, state, (a, b), I=constant[piece])
            keep = slice(None) if last else slice(None, -1)
            pieces_t.append(run.t[keep])
            pieces_y.append(run.y[:, keep])
        else:
            wanted = times[(times >= a) & ((times <= b) if last else (times < b))]
            grid = np.union1d(np.union1d(wanted, [a]), [b])
            run = simulate(model, state, (a, b), I=constant[piece], t_eval=grid)
            chosen = np.isin(run.t, wanted)
            pieces_t.append(run.t[chosen])
            pieces_y.append(run.y[:, chosen])
        state = run.y[:, -1]
    drive = pulse(start=onset, duration=duration, amplitude=size)
    return Run(
        model=model,
        t=np.concatenate(pieces_t),
        y=np.concatenate(pieces_y, axis=1),
        input=[drive if k == target else 0.0 for k in range(model.n)],
    )


def _integrate_members(
    model: MutualInhibition,
    states: NDArray[np.float64],
    t_span: tuple[float, float],
    inputs: Sequence[float | NDArray[np.float64]] | None = None,
    *,
    rtol: float = 1e-9,
    atol: float = 1e-12,
) -> NDArray[np.float64]:
    """The states ``(2 n, m)`` at the end of ``t_span``, all ``m`` integrated as one vectorised system.

    Inputs are constants or arrays of one value per member. The integrator's
    error norm is the root mean square over all components, so a member's own
    error may exceed ``rtol`` by up to the square root of the number of components.
    """
    size = states.shape[1]
    fun = model.closure(inputs)  # type: ignore[arg-type]  # arrays: one input per member

    def vectorised(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        state = y.reshape(
            2 * model.n, size
        ).copy()  # floor the rates on a copy, not on the integrator's array
        state[0::2] = np.maximum(state[0::2], 1e-9)
        return fun(t, state).ravel()

    _, final = integrate(
        vectorised,
        states.ravel(),
        t_span,
        names=[f"y{i}" for i in range(states.size)],
        bounded=[],
        rtol=rtol,
        atol=atol,
    )
    return final[:, -1].reshape(2 * model.n, size)


def _outcomes(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    amplitudes: ArrayLike,
    duration: float,
    settle: float,
) -> NDArray[np.int_]:
    """For each amplitude, the winner (-1: none) ``settle`` after a pulse from ``t = 1`` for ``duration``.

    The three stretches (before, during and after the pulse) have constant
    inputs and are integrated one after the other, up to ``CHUNK`` amplitudes at
    once (one vectorised system, so that the integrator's root-mean-square error
    norm spreads over few members).
    """
    check.instance("model", model, MutualInhibition)
    _population("target", target, model)
    duration = check.positive_scalar("duration", duration)
    settle = check.positive_scalar("settle", settle)
    levels = np.atleast_1d(check.real_array("amplitude", amplitudes))
    state = simulate(model, start, (0.0, 1.0)).y[:, -1]
    labels = []
    for first in range(0, levels.size, CHUNK):
        chunk = levels[first : first + CHUNK]
        states = np.repeat(state[:, None], chunk.size, axis=1)
        pulse = [chunk if k == target else 0.0 for k in range(model.n)]
        states = _integrate_members(model, states, (1.0, 1.0 + duration), pulse)
        states = _integrate_members(model, states, (1.0 + duration, 1.0 + duration + settle))
        labels += [winner(states[:, j]) for j in range(chunk.size)]
    return np.array([-1 if label is None else label for label in labels], dtype=int)


def pulse_outcomes(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    amplitudes: ArrayLike,
    duration: float = 5.0,
    settle: float = 40.0,
) -> NDArray[np.int_]:
    """The winner after a pulse of each amplitude for ``duration`` into population ``target``.

    The pulse starts at ``t = 1``; the winner (:func:`winner`) is read ``settle``
    time units after it ends. The outcome is not monotonic in the amplitude: the
    pulsed population rings, and where it is in its ringing when the pulse ends
    decides which basin it ends in, so scan the amplitudes on a grid fine enough
    for the windows of interest.

    Returns
    -------
    numpy.ndarray of int
        One winner index per amplitude; ``-1`` where no population wins (all low).

    Examples
    --------
    >>> from nmmtools import MutualInhibition, pulse_outcomes, winner_state
    >>> model = MutualInhibition()
    >>> pulse_outcomes(model, winner_state(model, 0), 1, [5.0, 12.0, 15.0]).tolist()
    [0, -1, 1]
    """
    return _outcomes(model, check.real_array("start", start), target, amplitudes, duration, settle)


def switches(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    amplitude: float,
    duration: float = 5.0,
    settle: float = 40.0,
) -> bool:
    """Whether a pulse of ``amplitude`` for ``duration`` into population ``target`` makes it the winner.

    The pulse starts at ``t = 1``; the winner (:func:`winner`) is read ``settle``
    time units after it ends.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, switches, winner_state
    >>> model = MutualInhibition()
    >>> switches(model, winner_state(model, 0), 1, 15.0), switches(model, winner_state(model, 0), 1, 5.0)
    (True, False)
    """
    amplitude = check.real_scalar("amplitude", amplitude)
    return bool(_outcomes(model, start, target, [amplitude], duration, settle)[0] == target)


def switching_threshold(
    model: MutualInhibition,
    start: ArrayLike,
    target: int,
    *,
    duration: float = 5.0,
    bounds: tuple[float, float] = (0.0, 15.0),
    step: float = 0.01,
    settle: float = 40.0,
) -> float:
    """The smallest amplitude on a grid of spacing ``step`` whose pulse makes ``target`` the winner.

    Whether a pulse switches is not monotonic in its amplitude (the outcome
    alternates between windows of switching and of all populations low, see
    :func:`pulse_outcomes`), so no bisection is used. The amplitudes
    ``bounds[0], bounds[0] + step, ...`` up to ``bounds[1]`` are integrated in
    increasing order (:func:`pulse_outcomes`) and the first that switches is
    returned. Guaranteed: no smaller amplitude of this grid switches. Not
    guaranteed: that no amplitude between grid points below it switches (a
    window narrower than ``step`` can be missed), nor that larger amplitudes
    switch.

    Raises
    ------
    ValueError
        If no amplitude of the grid switches, or the lower bound already does.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, switching_threshold, winner_state
    >>> model = MutualInhibition()
    >>> start = winner_state(model, 0)
    >>> threshold = switching_threshold(model, start, 1, bounds=(11.0, 12.0), step=0.05)
    >>> print(f"{threshold:.2f}")
    11.55
    """
    state = check.real_array("start", start)
    low, high = (check.real_scalar(f"bounds[{k}]", value) for k, value in enumerate(bounds))
    if high <= low:
        raise ValueError(f"bounds must increase, got bounds = {bounds}")
    step = check.positive_scalar("step", step)
    grid = low + step * np.arange(int(np.floor((high - low) / step + 1e-9)) + 1)
    for first in range(0, grid.size, CHUNK):
        chunk = grid[first : first + CHUNK]
        hits = _outcomes(model, state, target, chunk, duration, settle) == target
        if hits.any():
            if first == 0 and hits[0]:
                raise ValueError(f"a pulse of {grid[0]} already switches the winner: lower bounds[0]")
            return float(chunk[int(np.argmax(hits))])
    raise ValueError(f"no pulse up to {grid[-1]} switches the winner: raise bounds[1]")


def basins(
    model: MutualInhibition, rates: ArrayLike, t_end: float = 30.0
) -> tuple[NDArray[np.float64], list[FixedPoint]]:
    """Basin of attraction of each stable state over a grid of initial rates ``(r1, r2)`` (two populations).

    All grid points are integrated together (one vectorised system); each starts
    at rest (``at_rest``). Returns the index of the stable state reached
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
    if grid.ndim != 1:
        raise ValueError(f"rates must be one-dimensional, got shape {grid.shape}")
    stable = [point for point in inhibition_fixed_points(model) if point.stable]
    r1, r2 = np.meshgrid(grid, grid)
    start = at_rest(model, np.stack((r1.ravel(), r2.ravel())))
    end = _integrate_members(model, start, (0.0, check.positive_scalar("t_end", t_end)), rtol=1e-6, atol=1e-9)
    labels = np.full(start.shape[1], -1.0)
    for index, point in enumerate(stable):
        close = np.max(np.abs(end[0::2] - point.state[0::2, None]), axis=0) < 0.05
        labels[close] = index
    return labels.reshape(r1.shape), stable


def random_initial_states(
    model: MutualInhibition, count: int, *, seed: int | None = None, rates: tuple[float, float] = (0.02, 2.0)
) -> NDArray[np.float64]:
    """Random initial states: rates log-uniform in ``rates``, each at rest (``at_rest``, ``dr/dt = 0``).

    Returns
    -------
    numpy.ndarray, shape (count, 2 n)
        One state ``(r_1, v_1, ..., r_n, v_n)`` per row: an ensemble's ``y0`` for :func:`nmmtools.simulate`.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MutualInhibition, random_initial_states
    >>> states = random_initial_states(MutualInhibition(n=3), 4, seed=1)
    >>> states.shape, bool(np.all((states[:, 0::2] >= 0.02) & (states[:, 0::2] <= 2.0)))
    ((4, 6), True)
    """
    check.instance("model", model, MutualInhibition)
    count = check.integer("count", count, 1)
    low, high = (check.positive_scalar(f"rates[{k}]", value) for k, value in enumerate(rates))
    if high <= low:
        raise ValueError(f"rates must increase, got rates = {rates}")
    rng = np.random.default_rng(seed)
    r = np.exp(rng.uniform(np.log(low), np.log(high), (model.n, count)))
    return at_rest(model, r).T


@dataclass(frozen=True)
class NoiseDwells:
    """Dwell times at several noise intensities, from one ensemble (:func:`dwells_by_noise`).

    Attributes
    ----------
    noises : numpy.ndarray
        The noise intensities.
    dwells : list of numpy.ndarray
        The pooled complete dwell times of the members at each intensity.
    switches : numpy.ndarray of int
        The number of winner switches at each intensity.
    run : Run
        The ensemble: members ``k * members_per_level + j`` ran at ``noises[k]``.
    members_per_level : int
        Runs per noise intensity.
    """

    noises: NDArray[np.float64]
    dwells: list[NDArray[np.float64]]
    switches: NDArray[np.int64]
    run: Run
    members_per_level: int


def dwells_by_noise(
    model: MutualInhibition,
    noises: ArrayLike,
    *,
    members: int = 8,
    t_end: float = 1600.0,
    dt: float = 0.01,
    sample_every: float = 0.05,
    seed: int | None = 0,
    threshold: float = 1.0,
    low: float | None = 0.2,
) -> NoiseDwells:
    """Dwell times at several noise intensities, from one vectorised ensemble.

    ``members`` runs per noise level, each from a random initial state
    (:func:`random_initial_states`, seeded), all integrated together by
    :func:`nmmtools.simulate` (stochastic Heun, step ``dt``); the dwell times
    (:func:`dwell_times`, with hysteresis ``threshold``/``low``) of the runs of
    one level are pooled. A run of length ``t_end`` drops its first and last
    stretch and loses long dwells preferentially: for Poisson switching the
    mean of the complete dwells is low by about ``mean / t_end`` relatively, so
    make ``t_end`` long compared with the longest mean dwell.

    Parameters
    ----------
    model : MutualInhibition
        The populations.
    noises : array_like
        Noise intensities ``> 0``.
    members : int
        Runs per noise level.
    t_end, dt, sample_every : float
        Length of each run, time step and sampling interval (a multiple of ``dt``).
    seed : int, optional
        Seed of the initial states and of the noise.
    threshold, low : float
        Winner definition, see :func:`winner_labels`.

    Returns
    -------
    NoiseDwells

    Examples
    --------
    >>> from nmmtools import MutualInhibition, dwells_by_noise
    >>> found = dwells_by_noise(MutualInhibition(eta=0.0), [3.0, 4.0], members=2, t_end=60.0)
    >>> [int(d.size) > 5 for d in found.dwells], found.run.r.shape
    ([True, True], (2, 4, 1201))
    """
    check.instance("model", model, MutualInhibition)
    levels = check.real_array("noises", noises)
    if levels.ndim != 1 or np.any(levels <= 0):
        raise ValueError(f"noises must be a 1-D array of values > 0, got {levels.tolist()}")
    members = check.integer("members", members, 1)
    t_end = check.positive_scalar("t_end", t_end)
    dt = check.positive_scalar("dt", dt)
    every = check.positive_scalar("sample_every", sample_every)
    samples = int(round(t_end / every))
    if (
        samples < 1
        or abs(samples * every - t_end) > 1e-9 * t_end
        or abs(every / dt - round(every / dt)) > 1e-9
    ):
        raise ValueError(
            f"sample_every must divide t_end = {t_end} and be a multiple of dt = {dt}, got {sample_every}"
        )
    _levels(threshold, low)
    rng = np.random.default_rng(seed)
    seeds = rng.integers(0, 2**63, size=2)
    start = random_initial_states(model, levels.size * members, seed=int(seeds[0]))
    run = simulate(
        model,
        start,
        (0.0, t_end),
        noise=np.repeat(levels, members),
        dt=dt,
        seed=int(seeds[1]),
        t_eval=np.linspace(0.0, t_end, samples + 1),
    )
    dwells, counts = [], []
    for k in range(levels.size):
        chosen = Run(model=model, t=run.t, y=run.y[:, k * members : (k + 1) * members], input=run.input)
        dwells.append(dwell_times(chosen, threshold, low))
        counts.append(count_switches(chosen, threshold, low))
    return NoiseDwells(
        noises=levels, dwells=dwells, switches=np.array(counts), run=run, members_per_level=members
    )


@dataclass(frozen=True)
class ArrheniusFit:
    """``ln(mean dwell) = intercept + slope / noise [+ correction * noise]``, weighted least squares.

    Attributes
    ----------
    slope, intercept : float
        The fit.
    correction : float or None
        The coefficient of the first-order prefactor correction, if fitted.
    slope_error : float
        Standard error of the slope (from the weights, times the Birge ratio if above one).
    interval : tuple of float
        Confidence interval of the slope.
    confidence : float
        Its level.
    chi2 : float
        Weighted sum of squared residuals.
    dof : int
        Degrees of freedom (levels minus fitted parameters).
    noises, means, errors : numpy.ndarray
        The noise levels, mean dwell times and their standard errors.
    counts : numpy.ndarray of int
        Dwells per level.
    """

    slope: float
    intercept: float
    correction: float | None
    slope_error: float
    interval: tuple[float, float]
    confidence: float
    chi2: float
    dof: int
    noises: NDArray[np.float64]
    means: NDArray[np.float64]
    errors: NDArray[np.float64]
    counts: NDArray[np.int64]

    @property
    def z(self) -> float:
        """The normal quantile of the level: the interval is ``slope ± z slope_error``."""
        return float(norm.ppf(0.5 + self.confidence / 2))

    def __call__(self, noise: ArrayLike) -> NDArray[np.float64]:
        """The fitted mean dwell time at ``noise``."""
        level = check.real_array("noise", noise)
        value = self.intercept + self.slope / level + (self.correction or 0.0) * level
        return np.exp(value)


def arrhenius_fit(
    noises: ArrayLike,
    dwells: Sequence[ArrayLike],
    *,
    confidence: float = 0.95,
    minimum: int = 10,
    correction: bool = False,
) -> ArrheniusFit:
    """Fit ``ln(mean dwell)`` against ``1 / noise`` with a confidence interval for the slope.

    Each level contributes ``y = ln(mean)`` with standard error
    ``se(mean) / mean`` (the delta method; ``se = sd / sqrt(count)``), and the
    straight line is fitted by weighted least squares. The slope's standard
    error comes from the weights; if the weighted residuals scatter more than
    they should (``chi2 / dof > 1``) it is multiplied by ``sqrt(chi2 / dof)``.
    The interval is ``slope ± z se`` with the normal quantile ``z``.

    The slope is the barrier only in the limit of weak noise: the Kramers
    prefactor depends on the noise too, ``mean = C exp(S / D) (1 + c D + ...)``.
    With ``correction=True`` the term ``c D`` is fitted as well (``ln(1 + c D) ≈ c D``),
    which removes the first-order bias of the slope at the price of a wider interval.

    Parameters
    ----------
    noises : array_like
        Noise intensities ``> 0``, at least three.
    dwells : sequence of array_like
        The dwell times at each noise level.
    confidence : float
        Level of the interval, in (0, 1).
    minimum : int
        Fewest dwells a level may have (at least 2).
    correction : bool
        Fit the first-order prefactor correction ``c D`` too (needs four levels).

    Returns
    -------
    ArrheniusFit

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import arrhenius_fit
    >>> rng = np.random.default_rng(0)
    >>> noises = np.array([1.0, 1.5, 2.0, 3.0, 4.0])
    >>> dwells = [rng.exponential(np.exp(5.0 / d), 400) for d in noises]
    >>> fit = arrhenius_fit(noises, dwells)
    >>> bool(fit.interval[0] < 5.0 < fit.interval[1])
    True
    """
    levels = check.real_array("noises", noises)
    if levels.ndim != 1 or levels.size < 3 or np.any(levels <= 0):
        raise ValueError(f"noises must be at least three values > 0, got {levels.tolist()}")
    if isinstance(dwells, str | bytes) or not isinstance(dwells, Sequence | np.ndarray):
        raise TypeError(f"dwells must be a sequence of arrays, one per noise level, got {dwells!r}")
    if len(dwells) != levels.size:
        raise ValueError(f"dwells must have one array per noise level ({levels.size}), got {len(dwells)}")
    level = check.real_scalar("confidence", confidence)
    if not 0 < level < 1:
        raise ValueError(f"confidence must be in (0, 1), got confidence = {level}")
    fewest = max(2, check.integer("minimum", minimum, 2))
    means, errors, counts = [], [], []
    for k, values in enumerate(dwells):
        times = np.ravel(check.real_array(f"dwells[{k}]", values))
        if times.size < fewest or np.any(times <= 0) or np.all(times == times[0]):
            raise ValueError(
                f"dwells[{k}] must hold at least {fewest} positive dwell times that are not all equal, "
                f"got {times.size} (noise {levels[k]:g}): run longer or more members"
            )
        means.append(times.mean())
        errors.append(times.std(ddof=1) / np.sqrt(times.size))
        counts.append(times.size)
    mean, error = np.array(means), np.array(errors)
    y, weights = np.log(mean), (mean / error) ** 2
    columns = [np.ones_like(levels), 1.0 / levels] + ([levels] if correction else [])
    design = np.column_stack(columns)
    dof = levels.size - design.shape[1]
    if dof < 1:
        raise ValueError(
            f"noises must have at least {design.shape[1] + 1} levels for this fit, got {levels.size}"
        )
    covariance = np.linalg.inv(design.T @ (weights[:, None] * design))
    coefficients = covariance @ design.T @ (weights * y)
    intercept, slope = coefficients[:2]
    residuals = y - design @ coefficients
    chi2 = float(weights @ residuals**2)
    spread = float(np.sqrt(covariance[1, 1]) * max(1.0, np.sqrt(chi2 / dof)))
    fit = ArrheniusFit(
        slope=float(slope),
        intercept=float(intercept),
        correction=float(coefficients[2]) if correction else None,
        slope_error=spread,
        interval=(float(slope), float(slope)),  # set below from the fit's own quantile
        confidence=level,
        chi2=chi2,
        dof=dof,
        noises=levels,
        means=mean,
        errors=error,
        counts=np.array(counts),
    )
    return replace(fit, interval=(fit.slope - fit.z * spread, fit.slope + fit.z * spread))


@dataclass(frozen=True)
class ActionPath:
    """A minimum-action path.

    Attributes
    ----------
    action : float
        ``S = (1/4) ∫ |u|² dt`` along the path (``u``: the noise needed on the
        fast coordinates), so that escape times grow like ``exp(S / D)``.
    t : numpy.ndarray, shape (points + 1,)
        Times of the nodes.
    slow : numpy.ndarray, shape (points + 1, slow)
        The slow coordinates at the nodes.
    fast : numpy.ndarray, shape (points, fast)
        The fast (noisy) coordinates at the midpoints between nodes.
    iterations : int
        Levenberg–Marquardt iterations used.
    converged : bool
        Whether the relative decrease of the action fell below the tolerance.
    """

    action: float
    t: NDArray[np.float64]
    slow: NDArray[np.float64]
    fast: NDArray[np.float64]
    iterations: int
    converged: bool


PathField = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]
"""A function of the slow and fast coordinates at ``m`` points, arrays ``(m, slow)`` and ``(m, fast)``."""


def minimum_action(
    recover: PathField,
    fast_field: PathField,
    start: tuple[ArrayLike, ArrayLike],
    end: tuple[ArrayLike, ArrayLike],
    *,
    duration: float,
    points: int = 400,
    guess: ArrayLike | None = None,
    max_iterations: int = 300,
    tolerance: float = 1e-9,
) -> ActionPath:
    """Minimum action of a path between two equilibria of a system with noise on its fast coordinates only.

    The system is ``d(slow)/dt = g(slow, fast)`` (no noise) and
    ``d(fast)/dt = fast_field(slow, fast) + sqrt(2 D) dW``, where ``g`` can be
    solved for the fast coordinates: ``fast = recover(slow, d(slow)/dt)``. A
    path is then fixed by its slow coordinates, and the noise it needs is
    ``u = d(fast)/dt - fast_field``. The Freidlin–Wentzell action
    ``S = (1/4) ∫ |u|² dt`` over ``[0, duration]`` is minimised over the slow
    coordinates at ``points - 1`` interior nodes (both ends fixed at the
    equilibria): staggered finite differences (velocities and fast coordinates
    at midpoints, ``u`` at nodes, half cells at both ends), minimised by
    Levenberg–Marquardt with a banded finite-difference Jacobian. The error is
    second order in ``duration / points``; a finite ``duration`` bounds the
    infinite-time action from above, so increase it until ``S`` settles.

    Parameters
    ----------
    recover : callable
        ``recover(slow, slow_velocity) -> fast``, arrays of shape ``(m, slow)`` to ``(m, fast)``.
    fast_field : callable
        ``fast_field(slow, fast) -> d(fast)/dt`` without noise, shapes ``(m, ·)`` to ``(m, fast)``.
    start, end : (array_like, array_like)
        The ``(slow, fast)`` coordinates of the two equilibria.
    duration : float
        Length of the path in time.
    points : int
        Number of time steps, at least 4.
    guess : array_like, shape (points - 1, slow), optional
        Initial interior slow coordinates (default: the straight line).
    max_iterations : int
        Most Levenberg–Marquardt iterations.
    tolerance : float
        Stop when an iteration lowers the action by less than this, relatively.

    Returns
    -------
    ActionPath

    Examples
    --------
    A particle in the double well ``V = q**4/4 - q**2/2`` with friction
    ``gamma``: ``dq/dt = p``, ``dp/dt = -gamma p - V'(q) + noise``. Its
    stationary density is ``exp(-gamma (p**2/2 + V) / D)``, so the action from
    the bottom ``q = -1`` to the top ``q = 0`` is ``gamma * 1/4``:

    >>> from nmmtools import minimum_action
    >>> gamma = 0.7
    >>> path = minimum_action(lambda q, qdot: qdot, lambda q, p: -gamma * p - q**3 + q,
    ...                       ([-1.0], [0.0]), ([0.0], [0.0]), duration=40.0, points=1600)
    >>> print(f"{path.action:.4f} (exact {gamma / 4:.4f})")
    0.1750 (exact 0.1750)
    """
    check.function("recover", recover)
    check.function("fast_field", fast_field)
    slow_start, fast_start = (np.atleast_1d(check.real_array(f"start[{k}]", x)) for k, x in enumerate(start))
    slow_end, fast_end = (np.atleast_1d(check.real_array(f"end[{k}]", x)) for k, x in enumerate(end))
    if slow_start.shape != slow_end.shape or fast_start.shape != fast_end.shape or slow_start.ndim != 1:
        raise ValueError("start and end must have the same numbers of slow and fast coordinates (1-D each)")
    duration = check.positive_scalar("duration", duration)
    points = check.integer("points", points, 4)
    max_iterations = check.integer("max_iterations", max_iterations, 1)
    tolerance = check.positive_scalar("tolerance", tolerance)
    ns, nf = slow_start.size, fast_start.size
    h = duration / points

    def residuals(z: NDArray[np.float64]) -> NDArray[np.float64]:
        slow = np.vstack((slow_start, z.reshape(points - 1, ns), slow_end))
        middle = recover(0.5 * (slow[1:] + slow[:-1]), (slow[1:] - slow[:-1]) / h)
        nodes = 0.5 * (middle[1:] + middle[:-1])
        inner = (middle[1:] - middle[:-1]) / h - fast_field(slow[1:-1], nodes)
        first = (middle[0] - fast_start) / (h / 2) - fast_field(
            (0.75 * slow_start + 0.25 * slow[1])[None], (0.5 * (fast_start + middle[0]))[None]
        )[0]
        last = (fast_end - middle[-1]) / (h / 2) - fast_field(
            (0.75 * slow_end + 0.25 * slow[-2])[None], (0.5 * (fast_end + middle[-1]))[None]
        )[0]
        return np.concatenate((np.sqrt(h / 8) * first, np.sqrt(h / 4) * inner.ravel(), np.sqrt(h / 8) * last))

    size = (points - 1) * ns
    columns = np.arange(size)
    column_node = columns // ns + 1  # the node (1 .. points-1) each unknown belongs to
    # an unknown at node i moves the fast coordinates at the midpoints on either side, hence the
    # residuals at nodes i-1, i, i+1: unknowns three nodes apart can be perturbed together
    block_rows = ((column_node - 1) * nf)[:, None] + np.arange(3 * nf)[None, :]
    groups = [columns[(column_node % 3 == g) & (columns % ns == c)] for g in range(3) for c in range(ns)]
    pattern_rows = np.concatenate([block_rows[group].ravel() for group in groups])
    pattern_columns = np.concatenate([np.repeat(group, 3 * nf) for group in groups])
    bandwidth = 3 * ns - 1  # unknowns share residuals only within two nodes of each other

    def jacobian(z: NDArray[np.float64], base: NDArray[np.float64]) -> sparse.csr_matrix:
        values = []
        for group in groups:
            step = 1e-7 * np.maximum(1.0, np.abs(z[group]))
            shifted = z.copy()
            shifted[group] += step
            change = residuals(shifted) - base
            values.append((change[block_rows[group]] / step[:, None]).ravel())
        return sparse.csr_matrix(
            (np.concatenate(values), (pattern_rows, pattern_columns)), shape=(base.size, size)
        )

    if guess is None:
        fraction = np.linspace(0.0, 1.0, points + 1)[1:-1, None]
        z = (slow_start + fraction * (slow_end - slow_start)).ravel()
    else:
        z = check.real_array("guess", guess).reshape(-1).copy()
        if z.size != size:
            raise ValueError(f"guess must have shape ({points - 1}, {ns}), got {np.shape(guess)}")
    with np.errstate(over="ignore", invalid="ignore"):
        current = residuals(z)
    cost = float(current @ current)
    if not np.isfinite(cost):
        raise ValueError("the action of the initial path is not finite: give a better guess")
    damping, converged, iteration = 1e-3, False, 0
    with np.errstate(over="ignore", invalid="ignore"):
        for iteration in range(1, max_iterations + 1):  # noqa: B007 - reported below
            matrix = jacobian(z, current)
            normal = (matrix.T @ matrix).todia()
            gradient = matrix.T @ current
            upper = np.zeros(
                (bandwidth + 1, size)
            )  # the upper bands, as scipy.linalg.solveh_banded wants them
            for offset in range(bandwidth + 1):
                upper[bandwidth - offset, offset:] = normal.diagonal(offset)
            diagonal = upper[bandwidth].copy() + 1e-12
            while True:
                upper[bandwidth] = diagonal * (1.0 + damping)
                step = solveh_banded(upper, -gradient)
                trial = residuals(z + step)
                trial_cost = float(trial @ trial)
                if np.isfinite(trial_cost) and trial_cost < cost:
                    break
                damping *= 4.0
                if damping > 1e12:
                    break
            if not (np.isfinite(trial_cost) and trial_cost < cost):
                converged = True  # no descent direction left at this resolution
                break
            decrease = (cost - trial_cost) / cost
            z, current, cost = z + step, trial, trial_cost
            damping = max(damping / 3.0, 1e-12)
            if decrease < tolerance:
                converged = True
                break
    slow = np.vstack((slow_start, z.reshape(points - 1, ns), slow_end))
    fast = recover(0.5 * (slow[1:] + slow[:-1]), (slow[1:] - slow[:-1]) / h)
    return ActionPath(
        action=cost,
        t=np.linspace(0.0, duration, points + 1),
        slow=slow,
        fast=fast,
        iterations=iteration,
        converged=converged,
    )


def escape_action(
    model: MutualInhibition,
    start: ArrayLike,
    end: ArrayLike,
    *,
    duration: float = 60.0,
    points: int = 2400,
    max_iterations: int = 300,
) -> ActionPath:
    """Minimum action from one equilibrium of the populations to another, e.g. a winner state to a saddle.

    The noise acts on the potentials only, and the rates follow them
    deterministically: the rate equation is affine in ``v``
    (``nmmtools.models.mpr.field``), so with ``rho_k = ln r_k`` a path of
    log-rates fixes the potentials (read off the model's right-hand side at
    ``v = 0`` and ``v = 1``), and :func:`minimum_action` runs with the log-rates
    as slow and the potentials as fast coordinates. The noise intensity ``D``
    of :func:`nmmtools.simulate` is the ``D`` of ``exp(S / D)``.

    Parameters
    ----------
    model : MutualInhibition
        The populations.
    start, end : array_like, shape (2 n,)
        Equilibria ``(r_1, v_1, ..., r_n, v_n)``, e.g. ``FixedPoint.state`` from
        :func:`nmmtools.inhibition_fixed_points`.
    duration, points, max_iterations
        See :func:`minimum_action`.

    Returns
    -------
    ActionPath
        Slow coordinates are the log-rates.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, escape_action, inhibition_fixed_points
    >>> model = MutualInhibition(delta=1.0, eta=0.0, J=15.0, Jc=10.0)
    >>> points = inhibition_fixed_points(model)  # population 2 wins, the saddle, population 1 wins
    >>> saddle, winner = points[1].state, points[2].state
    >>> print(f"{escape_action(model, winner, saddle, duration=40.0, points=800).action:.2f}")
    5.64
    """
    check.instance("model", model, MutualInhibition)
    first, second = check.real_array("start", start), check.real_array("end", end)
    for name, state in (("start", first), ("end", second)):
        if state.shape != (2 * model.n,) or np.any(state[0::2] <= 0):
            raise ValueError(f"{name} must hold {model.n} pairs (r_k > 0, v_k), got {state.tolist()}")
        if np.max(np.abs(model.rhs(0.0, state))) > 1e-6:
            raise ValueError(f"{name} must be an equilibrium of the model, got {state.tolist()}")

    def states(log_rates: NDArray[np.float64], v: float | NDArray[np.float64]) -> NDArray[np.float64]:
        y = np.empty((2 * model.n, log_rates.shape[0]))
        y[0::2], y[1::2] = np.exp(log_rates).T, np.transpose(v)
        return y

    def recover(log_rates: NDArray[np.float64], velocity: NDArray[np.float64]) -> NDArray[np.float64]:
        offset = model.rhs(0.0, states(log_rates, 0.0))[0::2].T  # dr/dt at v = 0
        slope = model.rhs(0.0, states(log_rates, 1.0))[0::2].T - offset
        return (np.exp(log_rates) * velocity - offset) / slope  # dr/dt = r d(ln r)/dt

    def fast_field(log_rates: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
        return model.rhs(0.0, states(log_rates, v))[1::2].T

    return minimum_action(
        recover,
        fast_field,
        (np.log(first[0::2]), first[1::2]),
        (np.log(second[0::2]), second[1::2]),
        duration=duration,
        points=points,
        max_iterations=max_iterations,
    )
