"""The spiking network against its mean field: paired runs, the energy budget, finite-size errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.hamiltonian import energy, energy_rate
from nmmtools.inputs import Input
from nmmtools.models.mpr import fixed_points
from nmmtools.models.qif import QIFNetwork, simulate_network
from nmmtools.simulation import Run, simulate


def paired_runs(
    net: QIFNetwork,
    t_end: float,
    dt: float,
    *,
    I: Input = 0.0,  # noqa: E741
    seed: int | None = None,
    raster: int = 0,  # noqa: E741
) -> tuple[Run, Run]:
    """The network and its mean field with the same parameters and input, both from the low equilibrium.

    The mean field is sampled at the network's sample times (DOP853, ``max_step = 0.05``).

    Examples
    --------
    >>> from nmmtools import QIFNetwork, paired_runs
    >>> network, mean_field = paired_runs(QIFNetwork(N=200), 2.0, 1e-3, seed=1)
    >>> network.t.size == mean_field.t.size
    True
    """
    check.instance("net", net, QIFNetwork)
    end = check.positive_scalar("t_end", t_end)
    model = net.mean_field()
    start = fixed_points(model)[0]
    network = simulate_network(net, (0.0, end), dt, I=I, seed=seed, initial=(start.r, start.v), raster=raster)
    mean_field = simulate(model, start.state, (0.0, end), t_eval=network.t, I=I, max_step=0.05)
    return network, mean_field


@dataclass(frozen=True)
class EnergyBudget:
    """The energy of a network run against what :func:`nmmtools.energy_rate` predicts for it.

    Attributes
    ----------
    t, r, v : numpy.ndarray
        The smoothed rate and mean voltage of the network and their times.
    measured : numpy.ndarray
        ``H`` (of the homogeneous model) computed from ``(r, v)``.
    predicted : numpy.ndarray
        ``H(0)`` plus the time integral of ``energy_rate`` along ``(r, v)`` (trapezoid rule).
    """

    t: NDArray[np.float64]
    r: NDArray[np.float64]
    v: NDArray[np.float64]
    measured: NDArray[np.float64]
    predicted: NDArray[np.float64]

    def change(self, window: int = 50) -> tuple[float, float]:
        """The change of the measured and predicted energies over the run.

        Each is the mean of the last ``window`` samples minus the mean of the first ``window``.
        """
        return window_change(self.measured, window), window_change(self.predicted, window)


def window_change(series: ArrayLike, window: int = 50) -> float:
    """The mean of the last ``window`` samples of ``series`` minus the mean of its first ``window``.

    Examples
    --------
    >>> from nmmtools.analysis.network import window_change
    >>> print(f"{window_change([1.0, 2.0, 3.0, 4.0], window=2):.1f}")
    2.0
    """
    values = np.asarray(series, dtype=float)
    return float(values[-window:].mean() - values[:window].mean())


def energy_budget(run: Run, smoothing: float) -> EnergyBudget:
    """How the energy of a network run changes, measured and predicted from the heterogeneity.

    The network's ``r`` and ``v`` are smoothed by a moving average of width
    ``smoothing`` (finite-size noise); the edges of the average are dropped.

    Examples
    --------
    >>> from nmmtools import QIFNetwork, energy_budget, simulate_network
    >>> run = simulate_network(QIFNetwork(N=500, delta=0.1), (0.0, 2.0), 1e-3, seed=1, initial=(1.3, 0.0))
    >>> budget = energy_budget(run, 0.1)
    >>> budget.measured.shape == budget.predicted.shape
    True
    """
    check.instance("run", run, Run)
    check.instance("run.model", run.model, QIFNetwork)
    step = float(run.t[1] - run.t[0])
    width = max(1, int(round(check.positive_scalar("smoothing", smoothing) / step)))
    if run.t.size <= 2 * width + 1:
        raise ValueError(
            f"the run is too short for smoothing = {smoothing}: it needs more than {2 * width + 1} samples"
        )
    kernel = np.ones(width) / width
    keep = slice(width, -width)  # drop the edges of the moving average and the empty first window
    t = run.t[keep]
    r = np.convolve(run.r, kernel, "same")[keep]
    v = np.convolve(run.v, kernel, "same")[keep]
    model = run.model.mean_field()
    measured = energy(model.homogeneous(), r, v)
    rates = energy_rate(model, r, v)
    predicted = measured[0] + np.concatenate(([0.0], np.cumsum(0.5 * (rates[1:] + rates[:-1]) * np.diff(t))))
    return EnergyBudget(t=t, r=r, v=v, measured=measured, predicted=predicted)


def rate_error(run: Run, target: float, *, after: float = 0.0) -> tuple[float, float]:
    """RMS difference of a run's rate from ``target`` after a time, and the bias of its mean.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MPR, Run, rate_error
    >>> t = np.linspace(0.0, 1.0, 5)
    >>> rms, bias = rate_error(Run(model=MPR(), t=t, y=np.vstack((1.0 + 0 * t, 0 * t, 0 * t))), 0.5)
    >>> print(f"{rms:.2f} {bias:.2f}")
    0.50 0.50
    """
    check.instance("run", run, Run)
    value = check.real_scalar("target", target)
    late = run.t > check.real_scalar("after", after)
    if not late.any():
        raise ValueError(f"after = {after} leaves no sample of the run")
    rates = np.asarray(run.r)[late]
    return float(np.sqrt(np.mean((rates - value) ** 2))), float(abs(rates.mean() - value))
