"""The energy-landscape analysis of binarised recordings, as reported in the literature.

Following Watanabe et al. (2013) and Ezaki, Watanabe, Ohzeki & Masuda (2017), a
pairwise maximum-entropy (Ising) model :class:`~nmmtools.IsingModel` is fitted to
binarised activity of ``N`` units, and the analysis reports

* how well the pairwise model explains the pattern distribution, compared with
  the independent (first-order) model: the indices ``r_D`` and ``r_S``
  (:func:`fit_accuracy`);
* the local minima of the energy, the basin of every pattern (steepest descent
  over single flips), the number of patterns in each basin and how often the
  data visit it (:func:`nmmtools.descent_basins`, :func:`analyse_landscape`);
* the disconnectivity graph: the energy at which the basins of the minima join
  (:func:`nmmtools.disconnectivity`);
* the number of transitions between basins in the binarised time series
  (:func:`transition_counts`).

:func:`validate_landscape` runs the analysis on simulated "recordings" of
mutually inhibiting populations, where the true stable states are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.analysis.maxent import (
    Disconnectivity,
    IsingModel,
    all_states,
    binarize,
    binary_samples,
    descent_basins,
    disconnectivity,
    fit_ising,
    pattern_index,
)
from nmmtools.analysis.switching import count_switches, random_initial_states
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.simulation import Run, simulate

UNDEFINED_BELOW = 1e-12
"""``D1`` below this (nats) means the data factorise to rounding accuracy: the indices are undefined.

``D1`` is a sum of at most ``2**12`` terms of size at most ``log(2**12)``, each
with a rounding error near ``1e-16``, so ``1e-12`` is well above rounding.
"""


def pattern_distribution(samples: ArrayLike) -> NDArray[np.float64]:
    """Empirical probability of each of the ``2**N`` patterns, in the order of :func:`~nmmtools.all_states`.

    Examples
    --------
    >>> pattern_distribution([[1, -1], [1, -1], [-1, -1], [1, 1]]).tolist()
    [0.25, 0.0, 0.5, 0.25]
    """
    data = binary_samples("samples", samples)
    counts = np.bincount(pattern_index(data), minlength=2 ** data.shape[1])
    return counts / data.shape[0]


def independent_distribution(samples: ArrayLike) -> NDArray[np.float64]:
    """The first-order maximum-entropy model: the product of the units' marginals, per pattern.

    Examples
    --------
    >>> independent_distribution([[1, -1], [1, -1], [-1, -1], [1, 1]]).tolist()
    [0.1875, 0.0625, 0.5625, 0.1875]
    """
    data = binary_samples("samples", samples)
    active = (data > 0).mean(axis=0)
    states = all_states(data.shape[1])
    return np.prod(np.where(states > 0, active, 1.0 - active), axis=1)


def _entropy(probabilities: NDArray[np.float64]) -> float:
    """Shannon entropy in nats, with ``0 log 0 = 0``."""
    p = probabilities[probabilities > 0]
    return float(-(p @ np.log(p)))


def _kullback_leibler(data: NDArray[np.float64], model: NDArray[np.float64]) -> float:
    """``D(data || model) = sum data log(data / model)`` in nats; infinite if the model misses a pattern."""
    seen = data > 0
    if np.any(model[seen] <= 0):
        return float("inf")
    return float(data[seen] @ np.log(data[seen] / model[seen]))


@dataclass(frozen=True)
class FitAccuracy:
    """How well the pairwise model explains the pattern distribution (natural logarithms).

    Attributes
    ----------
    D1, D2 : float
        Kullback–Leibler divergences of the empirical distribution from the
        independent and the pairwise model.
    S1, S2, SN : float
        Entropies of the independent model, the pairwise model and the data.
    r_D : float
        ``(D1 - D2) / D1``: the fraction of the independent model's misfit that
        pairwise interactions remove.
    r_S : float
        ``(S1 - S2) / (S1 - SN)``: the fraction of the entropy reduction
        (multi-information) captured by pairwise interactions.
    samples : int
        Number of samples.
    chance_D2 : float
        The size of ``D2`` expected from sampling alone if the pairwise model
        were exact: ``df / (2 samples)``, ``df = 2**N - 1 - N - N(N-1)/2`` (the
        likelihood-ratio statistic ``2 samples D2`` is then chi-squared with
        ``df`` degrees of freedom). For autocorrelated samples the effective
        number of samples is smaller and the chance level larger.
    """

    D1: float
    D2: float
    S1: float
    S2: float
    SN: float
    r_D: float
    r_S: float
    samples: int
    chance_D2: float


def fit_accuracy(samples: ArrayLike, model: IsingModel | None = None) -> FitAccuracy:
    """The accuracy indices ``r_D`` and ``r_S`` of a pairwise maximum-entropy fit.

    For maximum-likelihood fits the two indices coincide: a maximum-entropy
    model matches the data's means (and correlations), so the cross-entropy of
    the data under it equals its own entropy and ``D_k = S_k - S_N``. A
    difference between ``r_D`` and ``r_S`` therefore measures how far the fit is
    from the optimum.

    Beware of few units or few samples: for ``N`` units the pairwise model
    leaves only ``2**N - 1 - N - N(N-1)/2`` degrees of freedom unexplained (one
    for ``N = 3``), so even data from independent units give ``r_D`` of order
    one: asymptotically ``r_D ~ Beta(N(N-1)/4, df/2)``, mean ``3/4`` for ``N = 3``.
    Compare ``D2`` with :attr:`FitAccuracy.chance_D2` as well.

    Parameters
    ----------
    samples : array_like, shape (samples, units)
        Binarised data, entries ``±1``.
    model : IsingModel, optional
        The pairwise model; by default :func:`~nmmtools.fit_ising` of the samples.

    Returns
    -------
    FitAccuracy

    Raises
    ------
    ValueError
        If the samples are not binarised, or they factorise (``D1`` below
        ``UNDEFINED_BELOW`` (1e-12)): then neither index is defined.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import IsingModel, fit_accuracy
    >>> couplings = -1.0 * (np.ones((3, 3)) - np.eye(3))
    >>> data = IsingModel(h=np.array([-0.2, -0.4, -0.6]), J=couplings).sample(20_000, seed=1)
    >>> accuracy = fit_accuracy(data)
    >>> print(f"r_D = {accuracy.r_D:.3f}, r_S = {accuracy.r_S:.3f}")
    r_D = 1.000, r_S = 1.000
    """
    data = binary_samples("samples", samples)
    n = data.shape[1]
    if model is None:
        model = fit_ising(data)
    check.instance("model", model, IsingModel)
    if model.h.size != n:
        raise ValueError(f"model must have {n} units like the samples, got {model.h.size}")
    empirical = pattern_distribution(data)
    independent = independent_distribution(data)
    pairwise = model.probabilities()
    d1, d2 = _kullback_leibler(empirical, independent), _kullback_leibler(empirical, pairwise)
    if d1 < UNDEFINED_BELOW:
        raise ValueError(
            f"the samples factorise into independent units (D1 = {d1:.3g} nats): r_D and r_S are undefined"
        )
    s1, s2, sn = _entropy(independent), _entropy(pairwise), _entropy(empirical)
    degrees = 2**n - 1 - n - n * (n - 1) // 2
    return FitAccuracy(
        D1=d1,
        D2=d2,
        S1=s1,
        S2=s2,
        SN=sn,
        r_D=(d1 - d2) / d1,
        r_S=(s1 - s2) / (s1 - sn),
        samples=int(data.shape[0]),
        chance_D2=degrees / (2.0 * data.shape[0]),
    )


def _recordings(value: Any, ndim: int) -> list:
    """One recording (an array with ``ndim`` dimensions) or a sequence of them, as a list of recordings."""
    if isinstance(value, np.ndarray):
        return [value] if value.ndim == ndim else list(value)
    if isinstance(value, str | bytes):
        raise TypeError(f"expected an array or a sequence of arrays, got {value!r}")
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"expected an array or a sequence of arrays, got {value!r}") from None
    if not items:
        raise ValueError("expected at least one recording, got an empty sequence")
    return [items] if all(np.ndim(item) == ndim - 1 for item in items) else items


def transition_counts(labels: ArrayLike | Sequence[ArrayLike], count: int) -> NDArray[np.int64]:
    """Transitions between basins in a sequence of basin labels.

    ``counts[a, b]`` is the number of consecutive samples ``(t, t + 1)`` in
    basins ``a`` then ``b != a``. Several separate recordings are passed as a
    list of sequences: no transition is counted across their boundaries.

    Parameters
    ----------
    labels : array_like of int, or a sequence of them
        Basin labels ``0 .. count - 1``, one per sample.
    count : int
        Number of basins.

    Returns
    -------
    numpy.ndarray of int, shape (count, count)
        Zero on the diagonal.

    Examples
    --------
    >>> from nmmtools import transition_counts
    >>> transition_counts([0, 0, 1, 1, 0, 2, 2], 3).tolist()
    [[0, 1, 1], [1, 0, 0], [0, 0, 0]]
    >>> int(transition_counts([[0, 1], [0, 1]], 2).sum())
    2
    """
    count = check.integer("count", count, 1)
    counts = np.zeros((count, count), dtype=np.int64)
    for number, piece in enumerate(_recordings(labels, 1)):
        values = check.real_array(f"labels[{number}]", piece)
        if (
            values.ndim != 1
            or np.any(values != np.round(values))
            or values.min() < 0
            or values.max() >= count
        ):
            raise ValueError(
                f"labels[{number}] must be a 1-D sequence of integers in 0..{count - 1}, "
                f"got {values.tolist()}"
            )
        steps = values.astype(np.int64)
        moved = steps[:-1] != steps[1:]
        np.add.at(counts, (steps[:-1][moved], steps[1:][moved]), 1)
    return counts


@dataclass(frozen=True)
class LandscapeAnalysis:
    """Everything the energy-landscape analysis of recordings reports.

    Attributes
    ----------
    model : IsingModel
        The fitted pairwise maximum-entropy model.
    accuracy : FitAccuracy
        ``r_D``, ``r_S`` and the divergences and entropies behind them.
    minima : numpy.ndarray, shape (k, N)
        The local minima as patterns (``±1``), by increasing energy.
    graph : Disconnectivity
        Energies of the minima, where their basins join, and the tree.
    basin : numpy.ndarray of int, shape (2**N,)
        The basin (position in ``minima``) of every pattern of ``all_states``.
    basin_sizes : numpy.ndarray of int, shape (k,)
        Number of patterns in each basin.
    occupancy : numpy.ndarray, shape (k,)
        Fraction of the samples that lie in each basin.
    transitions : numpy.ndarray of int, shape (k, k)
        Transitions between basins in the samples (see :func:`transition_counts`).
    samples : int
        Number of samples.
    """

    model: IsingModel
    accuracy: FitAccuracy
    minima: NDArray[np.float64]
    graph: Disconnectivity
    basin: NDArray[np.int64]
    basin_sizes: NDArray[np.int64]
    occupancy: NDArray[np.float64]
    transitions: NDArray[np.int64]
    samples: int

    @property
    def switches(self) -> int:
        """Total number of transitions between basins."""
        return int(self.transitions.sum())


def analyse_landscape(recordings: ArrayLike | Sequence[ArrayLike]) -> LandscapeAnalysis:
    """Fit a pairwise maximum-entropy model to binarised recordings and analyse its landscape.

    Parameters
    ----------
    recordings : array_like, shape (samples, units), or a sequence of them
        Binarised activity (``±1``). Several recordings (e.g. runs with
        different initial states) are pooled for the fit, and transitions are
        counted within each.

    Returns
    -------
    LandscapeAnalysis

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import IsingModel, analyse_landscape
    >>> couplings = -1.0 * (np.ones((3, 3)) - np.eye(3))
    >>> true = IsingModel(h=np.array([-0.2, -0.4, -0.6]), J=couplings)
    >>> analysis = analyse_landscape(true.sample(20_000, seed=2))
    >>> analysis.minima.astype(int).tolist(), analysis.basin_sizes.tolist()
    ([[1, -1, -1], [-1, 1, -1], [-1, -1, 1]], [5, 2, 1])
    """
    pieces = [binary_samples(f"recordings[{k}]", piece) for k, piece in enumerate(_recordings(recordings, 2))]
    if len({piece.shape[1] for piece in pieces}) != 1:
        raise ValueError(f"recordings must all have the same units, got {[p.shape[1] for p in pieces]}")
    data = np.vstack(pieces)
    model = fit_ising(data)
    graph = disconnectivity(model)
    minima, basin = descent_basins(model)
    labels = [basin[pattern_index(piece)] for piece in pieces]
    pooled = np.concatenate(labels)
    return LandscapeAnalysis(
        model=model,
        accuracy=fit_accuracy(data, model),
        minima=all_states(data.shape[1])[minima],
        graph=graph,
        basin=basin,
        basin_sizes=np.bincount(basin, minlength=minima.size),
        occupancy=np.bincount(pooled, minlength=minima.size) / pooled.size,
        transitions=transition_counts(labels, minima.size),
        samples=int(data.shape[0]),
    )


def stable_patterns(
    model: MutualInhibition, threshold: float = 0.5, *, seeds: int = 8
) -> NDArray[np.float64]:
    """The stable equilibria of the populations binarised at ``threshold`` (``±1``), sorted, no repeats.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, stable_patterns
    >>> stable_patterns(MutualInhibition(eta=0.0, n=3)).astype(int).tolist()
    [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]]
    """
    check.instance("model", model, MutualInhibition)
    level = check.positive_scalar("threshold", threshold)
    stable = [point.state[0::2] for point in inhibition_fixed_points(model, seeds=seeds) if point.stable]
    if not stable:
        return np.empty((0, model.n))
    patterns = {tuple(row) for row in binarize(np.array(stable), np.full(model.n, level))}
    return np.array(sorted(patterns))


@dataclass(frozen=True)
class LandscapeValidation:
    """The energy-landscape analysis of simulated recordings, checked against the model.

    Attributes
    ----------
    analysis : LandscapeAnalysis
        The analysis of the binarised runs.
    stable_patterns : numpy.ndarray, shape (k, n)
        The model's stable equilibria, binarised (:func:`stable_patterns`).
    match : bool
        Whether the local minima of the fitted landscape are exactly those patterns.
    winner_switches : int
        Switches between winner states in the runs (:func:`nmmtools.count_switches`
        with ``core``): the dynamical transitions, fewer than the basin transitions of
        the binarised data, which also count excursions of a winner below the
        binarisation threshold.
    run : Run
        The simulated ensemble (one member per recording).
    """

    analysis: LandscapeAnalysis
    stable_patterns: NDArray[np.float64]
    match: bool
    winner_switches: int
    run: Run


def validate_landscape(
    model: MutualInhibition,
    *,
    runs: int = 40,
    t_end: float = 200.0,
    noise: float = 1.5,
    dt: float = 0.01,
    sample_every: float = 0.1,
    threshold: float = 0.5,
    core: tuple[float, float] = (1.0, 0.2),
    seed: int | None = 0,
) -> LandscapeValidation:
    """Simulate recordings with many switches, analyse their landscape and compare it with the model.

    ``runs`` noisy runs of length ``t_end`` (stochastic Heun with step ``dt``,
    :func:`nmmtools.simulate`) start from random states
    (:func:`nmmtools.random_initial_states`); both are seeded from ``seed``. The
    rates sampled every ``sample_every`` (the initial state dropped) are
    binarised at ``threshold`` (:func:`nmmtools.binarize`): each run is one
    recording for :func:`analyse_landscape`.

    Parameters
    ----------
    model : MutualInhibition
        The populations.
    runs : int
        Number of runs (recordings).
    t_end, noise, dt, sample_every : float
        Length, noise intensity, time step and sampling interval of each run.
    threshold : float
        Binarisation threshold of the rates.
    core : (float, float)
        ``(threshold, low)`` of :func:`nmmtools.count_switches` for the winner switches.
    seed : int, optional
        Seed of the initial states and the noise.

    Returns
    -------
    LandscapeValidation

    Examples
    --------
    >>> from nmmtools import MutualInhibition, validate_landscape
    >>> result = validate_landscape(MutualInhibition(eta=0.0, n=3), runs=10, t_end=50.0)
    >>> result.match, result.analysis.minima.shape
    (True, (3, 3))
    """
    check.instance("model", model, MutualInhibition)
    runs = check.integer("runs", runs, 1)
    t_end = check.positive_scalar("t_end", t_end)
    noise = check.positive_scalar("noise", noise)
    every = check.positive_scalar("sample_every", sample_every)
    level = check.positive_scalar("threshold", threshold)
    samples = int(round(t_end / every))
    if samples < 1 or abs(samples * every - t_end) > 1e-9 * t_end:
        raise ValueError(f"sample_every must divide t_end = {t_end}, got sample_every = {sample_every}")
    seeds = np.random.default_rng(seed).integers(0, 2**63, size=2)
    run = simulate(
        model,
        random_initial_states(model, runs, seed=int(seeds[0])),
        (0.0, t_end),
        noise=noise,
        dt=dt,
        seed=int(seeds[1]),
        t_eval=np.linspace(0.0, t_end, samples + 1),
    )
    cut = np.full(model.n, level)
    recordings = [binarize(run.r[:, j, 1:].T, cut) for j in range(runs)]
    analysis = analyse_landscape(recordings)
    patterns = stable_patterns(model, level)
    return LandscapeValidation(
        analysis=analysis,
        stable_patterns=patterns,
        match=sorted(map(tuple, analysis.minima)) == sorted(map(tuple, patterns)),
        winner_switches=count_switches(run, *core),
        run=run,
    )
