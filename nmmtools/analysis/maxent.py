"""Energy-landscape analysis with a pairwise maximum-entropy (Ising) model.

As used on brain recordings (Watanabe et al. 2013; Ezaki et al. 2017): the
activity of ``N`` regions is binarised, ``sigma_i = +1`` (active) or ``-1``, and
the distribution of the ``2**N`` patterns is modelled as
``P(sigma) ∝ exp(-E(sigma))`` with ``E(sigma) = -sum_i h_i sigma_i - sum_{i<j} J_ij sigma_i sigma_j``.
The parameters are fitted by maximising the exact likelihood (all ``2**N``
states are enumerated, so ``N`` must stay small). Local minima of ``E`` (no
single flip lowers it) are the attractors of the landscape; the lowest barrier
between two minima comes from a disconnectivity analysis.
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


def barrier_heights(model: IsingModel) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The disconnectivity analysis: for each pair of local minima, the lowest energy at which they connect.

    States are added in order of increasing energy; two minima connect when a
    path of single flips through added states joins them (union-find). Returns
    the minima and the symmetric matrix of connecting energies (the top of the
    lowest path between them, the barrier is that minus the minimum's energy).
    """
    states = all_states(model.h.size)
    energies = model.energy(states)
    index = {tuple(state): i for i, state in enumerate(states)}
    parent = list(range(len(states)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    minima = local_minima(model)
    minimum_index = [index[tuple(state)] for state in minima]
    connect = np.full((len(minima), len(minima)), np.inf)
    np.fill_diagonal(connect, model.energy(minima))
    added = np.zeros(len(states), dtype=bool)
    for i in np.argsort(energies):
        added[i] = True
        for k in range(states.shape[1]):
            neighbour = states[i].copy()
            neighbour[k] *= -1
            j = index[tuple(neighbour)]
            if added[j]:
                parent[find(i)] = find(j)
        roots = [find(m) for m in minimum_index]
        for a in range(len(minima)):
            for b in range(a + 1, len(minima)):
                if roots[a] == roots[b] and connect[a, b] == np.inf:
                    connect[a, b] = connect[b, a] = energies[i]
    return minima, connect
