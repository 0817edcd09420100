"""Energy-landscape analysis with a pairwise maximum-entropy (Ising) model.

As used on brain recordings (Watanabe et al. 2013; Ezaki et al. 2017): the
activity of ``N`` regions is binarised, ``sigma_i = +1`` (active) or ``-1``, and
the distribution of the ``2**N`` patterns is modelled as
``P(sigma) ∝ exp(-E(sigma))`` with ``E(sigma) = -sum_i h_i sigma_i - sum_{i<j} J_ij sigma_i sigma_j``.
The parameters are fitted by maximising the exact likelihood (all ``2**N``
states are enumerated, so ``N`` must stay small). Local minima of ``E`` (no
single flip lowers it) are the attractors of the landscape; every pattern
belongs to the basin of the minimum that steepest descent reaches from it
(:func:`descent_basins`), and the lowest barrier between two minima comes from a
disconnectivity analysis (:func:`disconnectivity`). Patterns are indexed as in
:func:`all_states` (:func:`pattern_index`): the first unit is the most
significant bit, ``-1`` before ``+1``. What the analysis of recordings reports
from these is in :mod:`nmmtools.analysis.landscape_analysis`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from nmmtools import _validation as check

MAX_REGIONS = 12
"""The exact likelihood enumerates 2**N states: N is limited to keep it fast."""


def all_states(n: int) -> NDArray[np.float64]:
    """All ``2**n`` patterns of ``±1``, shape ``(2**n, n)``."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_REGIONS:
        raise ValueError(f"n must be an integer in 1..{MAX_REGIONS}, got n = {n!r}")
    return np.array(list(itertools.product((-1.0, 1.0), repeat=int(n))))


def binarize(activity: ArrayLike, thresholds: ArrayLike | None = None) -> NDArray[np.float64]:
    """Binarise activity of shape ``(samples, regions)``: ``+1`` above the region's threshold, else ``-1``.

    The default threshold of each region is its mean over the samples.
    """
    data = check.real_array("activity", activity)
    if data.ndim != 2:
        raise ValueError(f"activity must have shape (samples, regions), got shape {data.shape}")
    cut = data.mean(axis=0) if thresholds is None else check.real_array("thresholds", thresholds)
    return np.where(data > cut, 1.0, -1.0)


@dataclass(frozen=True)
class IsingModel:
    """A pairwise maximum-entropy model: fields ``h`` and symmetric couplings ``J`` (zero diagonal)."""

    h: NDArray[np.float64]
    J: NDArray[np.float64]

    def __post_init__(self) -> None:
        h = check.real_array("h", self.h)
        J = check.real_array("J", self.J)
        if h.ndim != 1 or J.shape != (h.size, h.size):
            raise ValueError(
                f"h must be 1-D and J square of the same size, got shapes {h.shape} and {J.shape}"
            )
        if not np.allclose(J, J.T) or np.any(np.diag(J) != 0):
            raise ValueError("J must be symmetric with a zero diagonal")
        all_states(h.size)  # checks the size
        object.__setattr__(self, "h", h)
        object.__setattr__(self, "J", J)

    def energy(self, states: ArrayLike) -> NDArray[np.float64]:
        """``E(sigma)`` of each row of ``states``."""
        sigma = np.atleast_2d(check.real_array("states", states))
        return -sigma @ self.h - 0.5 * np.einsum("si,ij,sj->s", sigma, self.J, sigma)

    def probabilities(self) -> NDArray[np.float64]:
        """``P(sigma)`` of every state of :func:`all_states`."""
        energies = self.energy(all_states(self.h.size))
        weights = np.exp(-(energies - energies.min()))
        return weights / weights.sum()

    def sample(self, count: int, seed: int | None = None) -> NDArray[np.float64]:
        """Draw ``count`` independent states from the model (seeded)."""
        rng = np.random.default_rng(seed)
        states = all_states(self.h.size)
        return states[rng.choice(states.shape[0], size=int(count), p=self.probabilities())]


def fit_ising(samples: ArrayLike) -> IsingModel:
    """Fit a pairwise maximum-entropy model to binarised samples by exact maximum likelihood.

    The log-likelihood is concave; its gradient is the difference between the
    data's and the model's means and pairwise correlations. A small ridge term
    (1e-6) keeps the optimum finite when a pattern never occurs.

    Parameters
    ----------
    samples : array_like, shape (samples, regions)
        Binarised data, entries ``±1``.
    """
    data = check.real_array("samples", samples)
    if data.ndim != 2 or not np.all(np.isin(data, (-1.0, 1.0))):
        raise ValueError("samples must have shape (samples, regions) with entries +1 or -1")
    n = data.shape[1]
    states = all_states(n)
    upper = np.triu_indices(n, 1)
    mean_data = data.mean(axis=0)
    pairs_data = (data.T @ data / data.shape[0])[upper]
    state_pairs = (states[:, :, None] * states[:, None, :])[:, upper[0], upper[1]]
    ridge = 1e-6

    def negative_log_likelihood(parameters: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        h, couplings = parameters[:n], parameters[n:]
        minus_energy = states @ h + state_pairs @ couplings
        shift = minus_energy.max()
        weights = np.exp(minus_energy - shift)
        partition = weights.sum()
        probabilities = weights / partition
        value = (
            -(mean_data @ h + pairs_data @ couplings)
            + shift
            + np.log(partition)
            + 0.5 * ridge * parameters @ parameters
        )
        gradient = (
            np.concatenate((probabilities @ states - mean_data, probabilities @ state_pairs - pairs_data))
            + ridge * parameters
        )
        return float(value), gradient

    start = np.zeros(n + upper[0].size)
    result = minimize(
        negative_log_likelihood, start, jac=True, method="L-BFGS-B", options={"maxiter": 2000, "gtol": 1e-10}
    )
    couplings = np.zeros((n, n))
    couplings[upper] = result.x[n:]
    return IsingModel(h=result.x[:n], J=couplings + couplings.T)


def local_minima(model: IsingModel) -> NDArray[np.float64]:
    """States whose energy is lower than that of every state one flip away, shape ``(count, N)``."""
    states = all_states(model.h.size)
    energies = model.energy(states)
    minima = []
    for state, value in zip(states, energies, strict=True):
        flips = np.repeat(state[None, :], state.size, axis=0) * (1.0 - 2.0 * np.eye(state.size))
        if np.all(model.energy(flips) > value):
            minima.append(state)
    return np.array(minima)


def pattern_index(samples: ArrayLike) -> NDArray[np.int64]:
    """Index of each row of ``samples`` among :func:`all_states`.

    Parameters
    ----------
    samples : array_like, shape (samples, units)
        Binarised patterns, entries ``±1``.

    Returns
    -------
    numpy.ndarray of int, shape (samples,)

    Examples
    --------
    >>> from nmmtools import pattern_index
    >>> pattern_index([[-1, -1, -1], [-1, -1, 1], [1, -1, -1], [1, 1, 1]]).tolist()
    [0, 1, 4, 7]
    """
    data = binary_samples("samples", samples)
    bits = (data > 0).astype(np.int64)
    weights = 2 ** np.arange(data.shape[1] - 1, -1, -1, dtype=np.int64)
    return bits @ weights


def binary_samples(name: str, samples: ArrayLike) -> NDArray[np.float64]:
    """Return ``samples`` as a ``(samples, units)`` array of ``±1`` or raise naming ``name``."""
    data = check.real_array(name, samples)
    if data.ndim != 2 or not 1 <= data.shape[1] <= MAX_REGIONS:
        raise ValueError(
            f"{name} must have shape (samples, units) with 1..{MAX_REGIONS} units, got shape {data.shape}"
        )
    if not np.all(np.isin(data, (-1.0, 1.0))):
        raise ValueError(f"{name} must hold the binarised values +1 and -1 only")
    return data


def descent_basins(model: IsingModel) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Local minima and the basin of every pattern, by steepest descent over single flips.

    From each pattern, repeatedly flip the unit whose flip lowers the energy the
    most (ties: the lowest unit index) until no flip lowers it; the pattern
    belongs to the basin of the minimum reached.

    Parameters
    ----------
    model : IsingModel
        The landscape.

    Returns
    -------
    minima : numpy.ndarray of int
        Pattern indices (into :func:`all_states`) of the local minima, sorted by increasing energy.
    basin : numpy.ndarray of int, shape (2**N,)
        For each pattern, the position in ``minima`` of the minimum its descent ends in.

    Raises
    ------
    ValueError
        If a descent stops on a plateau (a pattern with a neighbour of equal
        energy and none lower): the basins are then not defined by descent.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import IsingModel, descent_basins
    >>> couplings = -1.0 * (np.ones((3, 3)) - np.eye(3))
    >>> minima, basin = descent_basins(IsingModel(h=np.array([-0.2, -0.4, -0.6]), J=couplings))
    >>> minima.tolist(), basin.tolist()
    ([4, 2, 1], [0, 2, 1, 1, 0, 0, 0, 0])
    """
    check.instance("model", model, IsingModel)
    n = model.h.size
    states = all_states(n)
    energies = model.energy(states)
    count = states.shape[0]
    # neighbours[i, k]: the pattern with unit k of pattern i flipped (bit n-1-k)
    neighbours = np.arange(count)[:, None] ^ (1 << np.arange(n - 1, -1, -1))[None, :]
    drops = energies[neighbours] - energies[:, None]
    best = np.argmin(drops, axis=1)  # first (lowest unit) among equal drops
    lowest = drops[np.arange(count), best]
    downhill = np.where(lowest < 0, neighbours[np.arange(count), best], np.arange(count))
    terminal = np.flatnonzero(downhill == np.arange(count))
    plateau = terminal[np.any(drops[terminal] == 0, axis=1)]
    if plateau.size:
        raise ValueError(
            f"pattern {states[plateau[0]].astype(int).tolist()} has a neighbour of equal energy and none "
            "lower: the landscape has a plateau and descent basins are not defined"
        )
    end = downhill.copy()
    for _ in range(n * count):  # a descent strictly lowers E: it visits each pattern at most once
        following = downhill[end]
        if np.array_equal(following, end):
            break
        end = following
    minima = terminal[np.argsort(energies[terminal], kind="stable")]
    position = np.full(count, -1)
    position[minima] = np.arange(minima.size)
    return minima, position[end]


@dataclass(frozen=True)
class Disconnectivity:
    """The disconnectivity graph of an Ising landscape (:func:`disconnectivity`).

    Attributes
    ----------
    minima : numpy.ndarray of int
        Pattern indices of the local minima, by increasing energy (the leaves ``0 .. k-1``).
    energies : numpy.ndarray
        Their energies.
    connect : numpy.ndarray, shape (k, k)
        ``connect[a, b]``: the lowest energy ``E`` such that minima ``a`` and
        ``b`` are joined by a path of single flips through patterns of energy
        ``<= E`` (the top of the best path, the saddle); the diagonal holds the
        minima's energies. The barrier to leave ``a`` for ``b`` is
        ``connect[a, b] - energies[a]``.
    merges : numpy.ndarray, shape (k - 1, 3)
        The tree, like a SciPy linkage: row ``m`` joins the nodes in columns 0
        and 1 (leaves ``0 .. k-1``, the node made by row ``m`` is ``k + m``) at
        the energy in column 2; rows are in order of increasing energy.
    """

    minima: NDArray[np.int64]
    energies: NDArray[np.float64]
    connect: NDArray[np.float64]
    merges: NDArray[np.float64]

    def barriers(self) -> NDArray[np.float64]:
        """``barriers[a, b] = connect[a, b] - energies[a]``: the energy to climb from ``a`` towards ``b``."""
        return self.connect - self.energies[:, None]


def disconnectivity(model: IsingModel) -> Disconnectivity:
    """The disconnectivity graph: at which energy the basins of the local minima join.

    Patterns are added in order of increasing energy; each joins the groups of
    its already-added neighbours (union-find). When two groups that each hold a
    local minimum join, the energy of the pattern being added is the top of the
    best path between them.

    Parameters
    ----------
    model : IsingModel
        The landscape (at most ``MAX_REGIONS`` (12) units).

    Returns
    -------
    Disconnectivity

    Raises
    ------
    ValueError
        If the landscape has a plateau (see :func:`descent_basins`).

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import IsingModel, disconnectivity
    >>> couplings = -1.0 * (np.ones((3, 3)) - np.eye(3))
    >>> graph = disconnectivity(IsingModel(h=np.array([-0.2, -0.4, -0.6]), J=couplings))
    >>> graph.merges.round(3).tolist()
    [[0.0, 1.0, -1.0], [2.0, 3.0, -0.6]]
    """
    check.instance("model", model, IsingModel)
    n = model.h.size
    states = all_states(n)
    energies = model.energy(states)
    minima, _ = descent_basins(model)
    count, k = states.shape[0], minima.size
    parent = np.arange(count)
    node = np.full(count, -1)  # tree node of each group that holds a minimum (at its root)
    node[minima] = np.arange(k)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    connect = np.full((k, k), np.inf)
    np.fill_diagonal(connect, energies[minima])
    members: dict[int, list[int]] = {int(m): [position] for position, m in enumerate(minima)}
    merges = []
    added = np.zeros(count, dtype=bool)
    for i in np.argsort(energies, kind="stable"):
        added[i] = True
        for unit in range(n):
            j = int(i) ^ (1 << (n - 1 - unit))
            if not added[j]:
                continue
            a, b = find(int(i)), find(j)
            if a == b:
                continue
            if node[a] >= 0 and node[b] >= 0:
                for x in members[a]:
                    connect[x, members[b]] = energies[i]
                    connect[members[b], x] = energies[i]
                merges.append((min(node[a], node[b]), max(node[a], node[b]), energies[i]))
                node[b] = k + len(merges) - 1
            elif node[a] >= 0:
                node[b] = node[a]
            parent[a] = b
            members[b] = members.pop(a, []) + members.get(b, [])
    return Disconnectivity(
        minima=minima,
        energies=energies[minima],
        connect=connect,
        merges=np.array(merges, dtype=float).reshape(-1, 3),
    )


def barrier_heights(model: IsingModel) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """For each pair of local minima, the lowest energy at which they connect (:func:`disconnectivity`).

    Returns the minima as patterns, in the order of :func:`all_states`, and the
    symmetric matrix of connecting energies (the top of the lowest path between
    them; the barrier is that minus the minimum's energy).

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import IsingModel, barrier_heights
    >>> minima, connect = barrier_heights(IsingModel(h=np.zeros(3), J=np.ones((3, 3)) - np.eye(3)))
    >>> minima.tolist(), connect.tolist()
    ([[-1.0, -1.0, -1.0], [1.0, 1.0, 1.0]], [[-3.0, 1.0], [1.0, -3.0]])
    """
    graph = disconnectivity(model)
    order = np.argsort(graph.minima)
    return all_states(model.h.size)[graph.minima[order]], graph.connect[np.ix_(order, order)]
