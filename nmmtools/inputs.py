"""External inputs ``I(t)``: one convention for every model and chapter.

An input is a function of *physical* time. The inputs built here are small frozen
dataclasses that can be called with a number (fast, for integrators) or with an
array of times (for plots and for :meth:`nmmtools.Run.inputs`), and that know the
shortest time scale they contain (``shortest``), so that
:func:`nmmtools.simulate` never steps over a pulse. Every pulse is described by
``(start, duration, amplitude)``: it is on for ``start <= t < start + duration``.

A plain number or any function of ``t`` is accepted wherever an input is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check

Input = float | Callable[[float], float]
"""An external input: a constant or a function of physical time."""


def evaluate(current: Input | Sequence[Input] | None, t: ArrayLike) -> NDArray[np.float64]:
    """An input at the times ``t``, as an array shaped like ``t``.

    Works for constants, the inputs of this module and any function of one
    time (called once per time); a list of inputs (one per population) gives
    one row each.

    Examples
    --------
    >>> from nmmtools.inputs import evaluate, pulse
    >>> evaluate(pulse(start=1.0, duration=2.0, amplitude=3.0), [0.5, 1.5, 3.5]).tolist()
    [0.0, 3.0, 0.0]
    >>> evaluate(2.0, [0.0, 1.0]).tolist()
    [2.0, 2.0]
    """
    times = np.asarray(t, dtype=float)
    if isinstance(current, list | tuple):  # one input per population
        return np.stack([evaluate(item, times) for item in current])
    if current is None:
        return np.zeros_like(times)
    if isinstance(current, int | float):
        return np.full_like(times, float(current))
    if isinstance(current, _Vectorised):
        return np.asarray(current.at(times), dtype=float)
    function = cast(Callable[[float], float], current)
    return np.vectorize(lambda time: float(function(time)), otypes=[float])(times)


class _Vectorised:
    """Base of the inputs that evaluate whole arrays of times at once."""

    shortest: float = np.inf
    """The shortest time scale of the input (a pulse's duration): integrators step below it."""

    def at(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """The input at an array of times."""
        raise NotImplementedError

    def __call__(self, t: float) -> float:
        return float(self.at(np.asarray(t, dtype=float)))


@dataclass(frozen=True)
class Pulse(_Vectorised):
    """A rectangular pulse: ``amplitude`` for ``start <= t < start + duration``, else 0.

    Build it with :func:`pulse`.
    """

    start: float
    duration: float
    amplitude: float

    @property
    def shortest(self) -> float:  # type: ignore[override]
        """The pulse's duration."""
        return self.duration

    def __call__(self, t: float) -> float:
        """The pulse at one time."""
        return self.amplitude if self.start <= t < self.start + self.duration else 0.0

    def at(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """The pulse at an array of times."""
        inside = (t >= self.start) & (t < self.start + self.duration)
        return np.where(inside, self.amplitude, 0.0)


def pulse(*, start: float, duration: float, amplitude: float) -> Pulse:
    """A rectangular pulse of ``amplitude`` from ``start`` for ``duration``.

    Parameters
    ----------
    start : float
        When the pulse starts (physical time).
    duration : float
        How long it lasts, ``> 0`` (``inf`` for a step that stays on).
    amplitude : float
        Its height.

    Returns
    -------
    Pulse
        A callable ``I(t)``.

    Raises
    ------
    TypeError, ValueError
        If a parameter is not a finite real number or ``duration <= 0``.

    Examples
    --------
    >>> from nmmtools import pulse
    >>> kick = pulse(start=10.0, duration=5.0, amplitude=3.0)
    >>> kick(9.9), kick(10.0), kick(14.9), kick(15.0)
    (0.0, 3.0, 3.0, 0.0)
    """
    start = check.real_scalar("start", start)
    amplitude = check.real_scalar("amplitude", amplitude)
    if isinstance(duration, int | float) and duration == np.inf:
        return Pulse(start, np.inf, amplitude)
    return Pulse(start, check.positive_scalar("duration", duration), amplitude)


def step(*, start: float, amplitude: float) -> Pulse:
    """A step of ``amplitude`` that switches on at ``start`` and stays on.

    Examples
    --------
    >>> from nmmtools import step
    >>> on = step(start=2.0, amplitude=1.5)
    >>> on(1.0), on(2.0), on(1e6)
    (0.0, 1.5, 1.5)
    """
    return pulse(start=start, duration=np.inf, amplitude=amplitude)


@dataclass(frozen=True)
class PulseTrain(_Vectorised):
    """A sum of rectangular pulses. Build it with :func:`pulse_train`."""

    pulses: tuple[Pulse, ...]

    @property
    def shortest(self) -> float:  # type: ignore[override]
        """The duration of the shortest pulse."""
        return min(item.duration for item in self.pulses)

    def __call__(self, t: float) -> float:
        """The train at one time."""
        return float(sum(item(t) for item in self.pulses))

    def at(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """The train at an array of times."""
        return np.sum([item.at(t) for item in self.pulses], axis=0)


def pulse_train(pulses: Sequence[tuple[float, float, float]]) -> PulseTrain:
    """The sum of rectangular pulses, each given as ``(start, duration, amplitude)``.

    Raises
    ------
    ValueError
        If ``pulses`` is empty or an entry is not a valid pulse (the message names it).

    Examples
    --------
    >>> from nmmtools import pulse_train
    >>> train = pulse_train([(10.0, 10.0, 3.0), (40.0, 10.0, -3.0)])
    >>> train(15.0), train(30.0), train(45.0), train.shortest
    (3.0, 0.0, -3.0, 10.0)
    """
    items = list(pulses) if isinstance(pulses, Sequence) and not isinstance(pulses, str) else None
    if not items:
        raise ValueError(
            f"pulses must be a non-empty sequence of (start, duration, amplitude), got {pulses!r}"
        )
    built = []
    for index, item in enumerate(items):
        try:
            start, duration, amplitude = item
        except (TypeError, ValueError):
            raise ValueError(f"pulses[{index}] must be (start, duration, amplitude), got {item!r}") from None
        built.append(pulse(start=start, duration=duration, amplitude=amplitude))
    return PulseTrain(tuple(built))


@dataclass(frozen=True)
class Ramp(_Vectorised):
    """A triangular ramp: up from 0 to ``top`` over ``duration``, back to 0 over ``duration``.

    Build it with :func:`ramp`.
    """

    duration: float
    top: float

    def __call__(self, t: float) -> float:
        """The ramp at one time."""
        if t < 0.0:
            return 0.0
        return self.top * (t / self.duration if t < self.duration else max(0.0, 2.0 - t / self.duration))

    def at(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """The ramp at an array of times."""
        return self.top * np.clip(np.minimum(t / self.duration, 2.0 - t / self.duration), 0.0, None)


def ramp(*, duration: float, top: float) -> Ramp:
    """An input rising linearly from 0 at ``t = 0`` to ``top`` at ``duration``, then back to 0.

    Examples
    --------
    >>> from nmmtools import ramp
    >>> slope = ramp(duration=20.0, top=4.0)
    >>> slope(10.0), slope(20.0), slope(30.0), slope(50.0)
    (2.0, 4.0, 2.0, 0.0)
    """
    return Ramp(check.positive_scalar("duration", duration), check.real_scalar("top", top))


@dataclass(frozen=True)
class Sinusoid(_Vectorised):
    """``mean + amplitude sin(2 pi t / period + phase)``. Build it with :func:`sinusoid`."""

    amplitude: float
    period: float
    mean: float = 0.0
    phase: float = 0.0

    def __call__(self, t: float) -> float:
        """The sinusoid at one time."""
        return self.mean + self.amplitude * float(np.sin(2.0 * np.pi * t / self.period + self.phase))

    def at(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """The sinusoid at an array of times."""
        return self.mean + self.amplitude * np.sin(2.0 * np.pi * t / self.period + self.phase)


def sinusoid(*, amplitude: float, period: float, mean: float = 0.0, phase: float = 0.0) -> Sinusoid:
    """A slow periodic input ``mean + amplitude sin(2 pi t / period + phase)``.

    Examples
    --------
    >>> from nmmtools import sinusoid
    >>> forcing = sinusoid(amplitude=3.0, period=200.0)
    >>> print(f"{forcing(50.0):.3f} {forcing(150.0):.3f}")
    3.000 -3.000
    """
    return Sinusoid(
        check.real_scalar("amplitude", amplitude),
        check.positive_scalar("period", period),
        check.real_scalar("mean", mean),
        check.real_scalar("phase", phase),
    )


def shortest(current: Input | Sequence[Input] | None) -> float:
    """The shortest time scale of an input (or of several), ``inf`` if it has none."""
    if current is None or isinstance(current, int | float):
        return np.inf
    if isinstance(current, Sequence) and not isinstance(current, str):
        return min((shortest(item) for item in current), default=np.inf)
    return float(getattr(current, "shortest", np.inf))
