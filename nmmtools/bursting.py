"""Bursting, and the energy that predicts spike amplitude.

During a burst the fast subsystem ``(r, v)`` rings around a focus while a slow
variable (a periodic drive of the excitability, or an adaptation current) moves
it between a quiescent and an active state. Frozen at the slow variable's
current value the fast subsystem has the energy ``H`` with the slow variable
folded into ``eta``; the largest ``r`` on the level set ``H = h`` is the right
root of ``U(r) = h`` (:func:`spike_amplitude`), the amplitude the next spike
would reach if ``H`` did not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq
from scipy.signal import find_peaks

from nmmtools import _validation as check
from nmmtools.energy import energy, potential
from nmmtools.integrate import integrate
from nmmtools.mpr import MPR, fixed_points
from nmmtools.stability import FixedPoint


def _well(model: MPR, I: float) -> tuple[MPR, FixedPoint | None, FixedPoint | None]:  # noqa: E741
    """The homogeneous model, the centre of its energy well and the saddle on the well's rim.

    The centre is ``None`` where the potential has no well, the saddle where the
    well has no rim on its left (``U`` grows without bound as ``r -> 0``).
    """
    homogeneous = MPR(delta=0.0, eta=model.eta, J=model.J, tau=model.tau)
    points = fixed_points(homogeneous, I)
    centres = [point for point in points if point.kind == "centre"]
    if not centres:
        return homogeneous, None, None
    saddles = [point for point in points if point.kind == "saddle" and point.r < centres[-1].r]
    return homogeneous, centres[-1], saddles[-1] if saddles else None


def turning_points(model: MPR, h: float, I: float = 0.0) -> tuple[float, float]:  # noqa: E741
    """The smallest and largest ``r`` on the level set ``H = h``: the two roots of ``U(r) = h``.

    Parameters
    ----------
    model : MPR
        The model; ``delta`` is ignored (the level sets are those of the
        homogeneous energy).
    h : float
        The energy level.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    (float, float)
        The left and right turning points ``r_min <= r* <= r_max`` around the
        centre ``r*`` of the well.

    Raises
    ------
    ValueError
        If ``h`` is below the bottom of the well, at or above its rim (the level
        set is not bounded), or the potential has no well at all.
    """
    check.instance("model", model, MPR)
    level = check.real_scalar("h", h)
    drive = check.real_scalar("I", I)
    homogeneous, centre, saddle = _well(model, drive)
    if centre is None:
        raise ValueError(
            f"no bounded level set: the potential has no well for eta + I = {model.eta + drive:g}"
        )
    bottom = float(potential(homogeneous, centre.r, drive))
    if level < bottom:
        raise ValueError(f"h = {level:g} is below the bottom of the well, U(r*) = {bottom:g}")
    if saddle is not None:
        rim = float(potential(homogeneous, saddle.r, drive))
        if level >= rim:
            raise ValueError(
                f"no bounded level set: h = {level:g} is at or above the rim of the well, U = {rim:g}"
            )
    if level == bottom:
        return centre.r, centre.r

    def excess(rate: float) -> float:
        return float(potential(homogeneous, rate, drive)) - level

    upper = 2.0 * centre.r
    while excess(upper) < 0.0:
        upper *= 2.0
    lower = saddle.r if saddle is not None else 0.5 * centre.r
    while excess(lower) < 0.0:  # no saddle: U grows without bound as r -> 0
        lower *= 0.5
    return (
        float(brentq(excess, lower, centre.r, xtol=1e-14, rtol=1e-13)),
        float(brentq(excess, centre.r, upper, xtol=1e-14, rtol=1e-13)),
    )


def spike_amplitude(model: MPR, h: float, I: float = 0.0) -> float:  # noqa: E741
    """The largest ``r`` on the level set ``H = h``: the right root of ``U(r) = h``.

    The amplitude the next spike reaches if ``H`` does not change; see
    :func:`turning_points`, whose right turning point this is.

    Parameters
    ----------
    model : MPR
        The model; ``delta`` is ignored.
    h : float
        The energy level.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    float
        The spike amplitude ``r_max``.

    Raises
    ------
    ValueError
        As :func:`turning_points`.
    """
    return turning_points(model, h, I)[1]


@dataclass(frozen=True)
class Spikes:
    """Spikes of a rate trace and the troughs before them.

    Attributes
    ----------
    peaks : numpy.ndarray of int
        Sample indices of the spikes (local maxima of ``r``).
    troughs : numpy.ndarray of int
        For each spike, the index of the lowest ``r`` between the previous spike
        (or the start) and this one.
    """

    peaks: NDArray[np.int64]
    troughs: NDArray[np.int64]


def burst_peaks(r: ArrayLike, *, prominence: float = 0.05) -> Spikes:
    """Find the spikes of a firing-rate trace and the trough before each.

    Parameters
    ----------
    r : array_like, shape (n,)
        Firing rate sampled in time.
    prominence : float
        Smallest prominence of a spike, in units of ``r`` (``> 0``).

    Returns
    -------
    Spikes
    """
    rates = check.real_array("r", r)
    if rates.ndim != 1:
        raise ValueError(f"r must be one-dimensional, got shape {rates.shape}")
    prominence = check.positive_scalar("prominence", prominence)
    peaks, _ = find_peaks(rates, prominence=prominence)
    if peaks.size == 0:
        return Spikes(peaks=np.array([], dtype=int), troughs=np.array([], dtype=int))
    starts = np.concatenate(([0], peaks[:-1]))
    troughs = np.array(
        [start + int(np.argmin(rates[start : peak + 1])) for start, peak in zip(starts, peaks, strict=True)],
        dtype=int,
    )
    return Spikes(peaks=peaks.astype(int), troughs=troughs)


MEASUREMENT_POINTS = ("centre", "trough")
"""Where :func:`predict_amplitudes` can read the energy before a spike."""


@dataclass(frozen=True)
class Prediction:
    """Predicted and simulated spike amplitudes.

    Attributes
    ----------
    times : numpy.ndarray
        Times of the spikes.
    measured : numpy.ndarray
        Times at which the energy that predicts each spike was read.
    levels : numpy.ndarray
        The energy read then, with the slow input of that time folded into ``eta``.
    simulated, predicted : numpy.ndarray
        Peak rates of the simulation and predicted from the energy read before.
    """

    times: NDArray[np.float64]
    measured: NDArray[np.float64]
    levels: NDArray[np.float64]
    simulated: NDArray[np.float64]
    predicted: NDArray[np.float64]

    @property
    def relative_error(self) -> NDArray[np.float64]:
        """``|predicted - simulated| / simulated`` for each spike."""
        return np.abs(self.predicted - self.simulated) / self.simulated


def predict_amplitudes(
    model: MPR,
    t: ArrayLike,
    r: ArrayLike,
    v: ArrayLike,
    drive: ArrayLike,
    *,
    measure_at: str = "centre",
    prominence: float = 0.05,
) -> Prediction:
    """Predict each spike's peak from the energy read on the way up to it.

    The slow input ``drive`` (folded into ``eta``) is frozen where the energy is
    read; the energy there, ``h = H(r, v; eta + drive)``, gives the predicted
    peak :func:`spike_amplitude`. Two places to read it:

    ``"centre"``
        where the rising rate first reaches the bottom of the well (the centre
        of the homogeneous fast subsystem, with the input of the trough), about
        a quarter of a fast period before the peak. The heterogeneity changes the energy at the rate
        ``(delta / pi) dH/dr``, which grows like ``1 / r**2`` at small ``r``:
        from here on ``r`` is large and the energy nearly conserved.
    ``"trough"``
        at the lowest rate before the spike, where that rate is largest.

    Spikes whose level set is not bounded there (outside the well, or no well)
    are skipped.

    Parameters
    ----------
    model : MPR
        The fast subsystem (its ``eta`` without the slow input).
    t, r, v : array_like
        The simulated trajectory.
    drive : array_like
        The slow input at each sample (e.g. ``A sin(omega t)`` or ``-a``).
    measure_at : {"centre", "trough"}
        Where to read the energy before each spike.
    prominence : float
        Passed to :func:`burst_peaks`.
    """
    check.instance("model", model, MPR)
    times, rates, potentials, inputs = (
        check.real_array(name, x) for name, x in (("t", t), ("r", r), ("v", v), ("drive", drive))
    )
    if not times.shape == rates.shape == potentials.shape == inputs.shape or times.ndim != 1:
        raise ValueError("t, r, v and drive must be 1-D arrays of one length")
    measure_at = check.choice("measure_at", measure_at, MEASUREMENT_POINTS)
    spikes = burst_peaks(rates, prominence=prominence)
    kept, read, levels, predicted = [], [], [], []
    for peak, trough in zip(spikes.peaks, spikes.troughs, strict=True):
        at = trough
        if measure_at == "centre":
            centre = _well(model, float(inputs[trough]))[1]
            if centre is None or rates[peak] < centre.r:
                continue
            at = trough + int(np.argmax(rates[trough : peak + 1] >= centre.r))
        frozen = MPR(delta=0.0, eta=model.eta + inputs[at], J=model.J, tau=model.tau)
        level = float(energy(frozen, rates[at], potentials[at]))
        try:
            predicted.append(spike_amplitude(frozen, level))
        except ValueError:
            continue
        kept.append(peak)
        read.append(at)
        levels.append(level)
    kept_array, read_array = np.array(kept, dtype=int), np.array(read, dtype=int)
    return Prediction(
        times=times[kept_array],
        measured=times[read_array],
        levels=np.array(levels),
        simulated=rates[kept_array],
        predicted=np.array(predicted),
    )


@dataclass(frozen=True)
class AdaptiveMPR:
    """The MPR model with slow spike-frequency adaptation (Gast, Schmidt & Knösche 2020).

    The equations are::

        dr/dt = delta / pi + 2 r v
        dv/dt = v**2 + eta + J r - pi**2 r**2 - a + I
        da/dt = (-a + beta r) / tau_a

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    eta, J : float
        Excitability and coupling.
    tau_a : float
        Adaptation time constant, ``> 0``.
    beta : float
        Adaptation strength, ``>= 0``.
    """

    delta: float = 1.0
    eta: float = 0.0
    J: float = 15.0
    tau_a: float = 50.0
    beta: float = 10.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "delta", check.nonnegative_scalar("delta", self.delta))
        object.__setattr__(self, "eta", check.real_scalar("eta", self.eta))
        object.__setattr__(self, "J", check.real_scalar("J", self.J))
        object.__setattr__(self, "tau_a", check.positive_scalar("tau_a", self.tau_a))
        object.__setattr__(self, "beta", check.nonnegative_scalar("beta", self.beta))

    def rhs(self, t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """``(dr/dt, dv/dt, da/dt)`` at ``y = (r, v, a)``."""
        r, v, a = y[0], y[1], y[2]
        return np.array(
            (
                self.delta / np.pi + 2.0 * r * v,
                v * v + self.eta + self.J * r - np.pi**2 * r * r - a,
                (self.beta * r - a) / self.tau_a,
            )
        )

    @property
    def fast(self) -> MPR:
        """The fast subsystem ``(r, v)`` with ``a = 0``."""
        return MPR(delta=self.delta, eta=self.eta, J=self.J)


@dataclass(frozen=True)
class BurstRun:
    """A simulated burst: times, rate, potential and the slow input folded into ``eta``."""

    t: NDArray[np.float64]
    r: NDArray[np.float64]
    v: NDArray[np.float64]
    drive: NDArray[np.float64]


def simulate_adaptation(
    model: AdaptiveMPR, y0: ArrayLike, t_span: tuple[float, float], *, t_eval: ArrayLike | None = None
) -> BurstRun:
    """Integrate :class:`AdaptiveMPR` from ``y0 = (r0, v0, a0)``; the drive is ``-a``."""
    check.instance("model", model, AdaptiveMPR)
    t, y = integrate(
        model.rhs,
        y0,
        t_span,
        names=("r", "v", "a"),
        rates=(0,),
        t_eval=t_eval,
        method="LSODA",
        rtol=1e-9,
        atol=1e-11,
    )
    return BurstRun(t=t, r=y[0], v=y[1], drive=-y[2])


def forcing(mean: float, amplitude: float, period: float) -> Callable[[float], float]:
    """The slow excitability ``eta(t) = mean + amplitude sin(2 pi t / period)``, as a function."""
    period = check.positive_scalar("period", period)
    return lambda t: mean + amplitude * np.sin(2.0 * np.pi * t / period)
