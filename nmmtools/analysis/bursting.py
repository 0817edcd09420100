"""Bursting, and the energy that predicts spike amplitude.

During a burst the fast subsystem ``(r, v)`` rings around a focus while a slow
variable (a periodic drive of the excitability, or an adaptation current) moves
it between a quiescent and an active state. Frozen at the slow variable's
current value the fast subsystem has the energy ``H`` with the slow variable
folded into ``eta``; the largest ``r`` on the level set ``H = h`` is the right
root of ``U(r) = h`` (:func:`nmmtools.spike_amplitude`), the amplitude the next
spike would reach if ``H`` did not change, and the period ``T(h)`` of that level
set (:func:`nmmtools.period`) is the interval to the spike (:func:`predict_intervals`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.signal import find_peaks

from nmmtools import _validation as check
from nmmtools.analysis.orbits import period
from nmmtools.hamiltonian import energy, spike_amplitude, well
from nmmtools.inputs import Input
from nmmtools.models.adaptive import AdaptiveMPR
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import Run, simulate

SAMPLES_PER_UNIT = 100
"""Samples per unit of time of the bursting runs: peaks are located to 0.01 time units."""


def forced_run(model: MPR, forcing: Input, t_end: float, *, samples_per_unit: int = SAMPLES_PER_UNIT) -> Run:
    """The MPR model under a slow input, from its low-activity equilibrium (without the input).

    Parameters
    ----------
    model : MPR
        The model.
    forcing : float or callable
        The slow input ``I(t)`` folded into ``eta``, e.g. :func:`nmmtools.sinusoid`.
    t_end : float
        Length of the run, ``> 0``.
    samples_per_unit : int
        Samples per unit of time.

    Returns
    -------
    Run

    Raises
    ------
    ValueError
        If the model has no equilibrium to start from.

    Examples
    --------
    >>> from nmmtools import MPR, sinusoid
    >>> from nmmtools.analysis.bursting import forced_run
    >>> run = forced_run(MPR(delta=1.0), sinusoid(amplitude=3.0, period=200.0), 100.0)
    >>> print(f"{run.r[0]:.4f} {run.r.max():.2f}")
    0.0811 2.48
    """
    check.instance("model", model, MPR)
    end = check.positive_scalar("t_end", t_end)
    rate = _samples(samples_per_unit)
    equilibria = fixed_points(model)
    if not equilibria:
        raise ValueError(f"the model has no equilibrium to start from: {model}")
    times = np.linspace(0.0, end, int(end * rate) + 1)
    return simulate(model, equilibria[0].state, (0.0, end), t_eval=times, I=forcing)


def adaptation_run(model: AdaptiveMPR, t_end: float, *, samples_per_unit: int = SAMPLES_PER_UNIT) -> Run:
    """The adaptive MPR model from a quiescent state ``(r, v, a) = (0.1, -2, 0)``.

    Integrated with LSODA (``rtol = 1e-9``, ``atol = 1e-11``) and sampled like :func:`forced_run`.

    Examples
    --------
    >>> from nmmtools import AdaptiveMPR
    >>> from nmmtools.analysis.bursting import adaptation_run
    >>> run = adaptation_run(AdaptiveMPR(), 100.0)
    >>> run.t.size
    10001
    """
    check.instance("model", model, AdaptiveMPR)
    end = check.positive_scalar("t_end", t_end)
    times = np.linspace(0.0, end, int(end * _samples(samples_per_unit)) + 1)
    return simulate(model, (0.1, -2.0, 0.0), (0.0, end), t_eval=times, method="LSODA", atol=1e-11)


def _samples(samples_per_unit: int) -> int:
    if isinstance(samples_per_unit, bool) or not isinstance(samples_per_unit, int | np.integer):
        raise TypeError(f"samples_per_unit must be an integer, got {samples_per_unit!r}")
    if samples_per_unit < 1:
        raise ValueError(f"samples_per_unit must be >= 1, got samples_per_unit = {samples_per_unit}")
    return int(samples_per_unit)


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
        return np.abs(self.signed_error)

    @property
    def signed_error(self) -> NDArray[np.float64]:
        """``(predicted - simulated) / simulated`` for each spike: negative where underestimated."""
        return (self.predicted - self.simulated) / self.simulated


def predict_amplitudes(run: Run, *, measure_at: str = "centre", prominence: float = 0.05) -> Prediction:
    """Predict each spike's peak from the energy read on the way up to it.

    The run's model says which MPR population describes its ``(r, v)`` and what
    it folds into ``eta`` (the slow input of a forced run, ``-a`` under
    adaptation). That drive is frozen where the energy is read; the energy there,
    ``h = H(r, v; eta + drive)``, gives the predicted peak
    :func:`nmmtools.spike_amplitude`. Two places to read it:

    ``"centre"``
        where the rising rate first reaches the bottom of the well (the centre
        of the homogeneous fast subsystem, with the drive of the trough), about
        a quarter of a fast period before the peak. The heterogeneity changes
        the energy at the rate ``(delta / pi) dH/dr``, which grows like
        ``1 / r**2`` at small ``r``: from here on ``r`` is large and the energy
        nearly conserved.
    ``"trough"``
        at the lowest rate before the spike, where that rate is largest.

    Spikes whose level set is not bounded there (outside the well, or no well)
    are skipped.

    Parameters
    ----------
    run : Run
        A run of one population (:class:`~nmmtools.MPR` under a slow input, or
        :class:`~nmmtools.AdaptiveMPR`), sampled finely enough to resolve its peaks.
    measure_at : {"centre", "trough"}
        Where to read the energy before each spike.
    prominence : float
        Passed to :func:`burst_peaks`.

    Returns
    -------
    Prediction

    Raises
    ------
    TypeError, ValueError
        If ``run`` is not a run of one population, or for a bad ``measure_at`` or ``prominence``.

    Examples
    --------
    >>> from nmmtools import MPR, predict_amplitudes, sinusoid
    >>> from nmmtools.analysis.bursting import forced_run
    >>> run = forced_run(MPR(delta=1.0), sinusoid(amplitude=3.0, period=200.0), 200.0)
    >>> prediction = predict_amplitudes(run)
    >>> print(f"{prediction.times.size} spikes, median error {np.median(prediction.relative_error):.3f}")
    14 spikes, median error 0.028
    """
    check.instance("run", run, Run)
    if not hasattr(run.model, "frozen") or np.ndim(run.r) != 1:
        raise ValueError(f"run must be a run of one population, got a run of {type(run.model).__name__}")
    measure_at = check.choice("measure_at", measure_at, MEASUREMENT_POINTS)
    population, inputs = run.model.frozen(run.t, run.y, run.input)
    times, rates, potentials = run.t, run.r, run.v
    spikes = burst_peaks(rates, prominence=prominence)
    kept, read, levels, predicted = [], [], [], []
    for peak, trough in zip(spikes.peaks, spikes.troughs, strict=True):
        at = trough
        if measure_at == "centre":
            try:
                centre = well(population, float(inputs[trough])).bottom
            except ValueError:  # no well at this drive
                continue
            if rates[peak] < centre.r:
                continue
            at = trough + int(np.argmax(rates[trough : peak + 1] >= centre.r))
        level = float(energy(population, rates[at], potentials[at], inputs[at]))
        try:
            predicted.append(spike_amplitude(population, level, float(inputs[at])))
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
class IntervalPrediction:
    """Inter-spike intervals of a burst, simulated and predicted from the period ``T(h)``.

    Attributes
    ----------
    times : numpy.ndarray
        Time of the spike that ends each interval.
    simulated : numpy.ndarray
        The simulated interval (spike times refined between samples).
    predicted : numpy.ndarray
        ``T(h)`` of the frozen homogeneous fast subsystem at the energy read
        before the spike that ends the interval.
    """

    times: NDArray[np.float64]
    simulated: NDArray[np.float64]
    predicted: NDArray[np.float64]

    @property
    def relative_error(self) -> NDArray[np.float64]:
        """``|predicted - simulated| / simulated`` for each interval."""
        return np.abs(self.predicted - self.simulated) / self.simulated


def predict_intervals(
    run: Run, *, measure_at: str = "centre", gap: float = 10.0, prominence: float = 0.05
) -> IntervalPrediction:
    """Predict the inter-spike intervals of a burst from the period of the energy read before each spike.

    :func:`predict_amplitudes` reads the energy ``h_k`` before spike ``k``, with
    the drive of that instant folded into ``eta`` (the run's model says how, as
    for :meth:`Run.energy`). If the energy stayed at ``h_k`` the homogeneous fast
    subsystem would turn in ``T(h_k)`` (:func:`nmmtools.period`): that is the
    predicted interval from spike ``k - 1`` to spike ``k``. Spike ``k - 1`` is the
    spike just before spike ``k`` among all spikes of the run (:func:`burst_peaks`),
    also when its own energy could not be read, so that every reading point
    compares the same intervals. Spike times are refined between samples by the
    vertex of the parabola through the three samples around each peak. Intervals
    longer than ``gap`` separate bursts and are skipped, as are spikes whose level
    lies outside the well.

    Parameters
    ----------
    run : Run
        A run of one population, evenly sampled (as for :func:`predict_amplitudes`).
    measure_at : {"centre", "trough"}
        Where the energy is read (see :func:`predict_amplitudes`).
    gap : float
        Longest interval within a burst, ``> 0``.
    prominence : float
        Passed to :func:`burst_peaks`.

    Returns
    -------
    IntervalPrediction

    Raises
    ------
    TypeError, ValueError
        As :func:`predict_amplitudes`, or for a bad ``gap``.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MPR, predict_intervals, simulate
    >>> t = np.linspace(0.0, 12.0, 12001)
    >>> run = simulate(MPR(delta=0.0, eta=-5.0, J=15.0), (1.3, 0.0), (0.0, 12.0), t_eval=t)
    >>> result = predict_intervals(run)
    >>> print(f"{result.simulated[0]:.5f} {result.predicted[0]:.5f}")
    2.11638 2.11638
    """
    gap = check.positive_scalar("gap", gap)
    prediction = predict_amplitudes(run, measure_at=measure_at, prominence=prominence)
    population, inputs = run.model.frozen(run.t, run.y, run.input)
    homogeneous = population.homogeneous()
    times, rates = run.t, run.r
    # every spike of the run, also those whose energy cannot be read: an interval ends at a predicted
    # spike and starts at the spike just before it, predicted or not
    every = burst_peaks(rates, prominence=prominence).peaks
    spike_times = np.array([_refined_time(times, rates, peak) for peak in every])
    peaks = np.searchsorted(times, prediction.times)
    read = np.searchsorted(times, prediction.measured)
    ends, simulated, predicted = [], [], []
    for k, peak in enumerate(peaks):
        index = int(np.searchsorted(every, peak))
        if index == 0:  # the first spike of the run: no interval ends there
            continue
        interval = spike_times[index] - spike_times[index - 1]
        if interval > gap:
            continue
        try:
            predicted.append(period(homogeneous, float(prediction.levels[k]), float(inputs[read[k]])))
        except ValueError:
            continue
        ends.append(spike_times[index])
        simulated.append(interval)
    return IntervalPrediction(
        times=np.array(ends), simulated=np.array(simulated), predicted=np.array(predicted)
    )


def _refined_time(times: NDArray[np.float64], rates: NDArray[np.float64], peak: int) -> float:
    """The time of the peak at sample ``peak``, refined by the parabola through the samples around it."""
    if 0 < peak < times.size - 1:
        before, at, after = rates[peak - 1 : peak + 2]
        curvature = before - 2.0 * at + after
        shift = 0.5 * (before - after) / curvature if curvature < 0.0 else 0.0
        return float(times[peak] + shift * (times[peak + 1] - times[peak]))
    return float(times[peak])
