"""The energy-landscape analysis of recordings: accuracy indices, basins, disconnectivity, transitions.

Ported from the branch landscape-stats (issue 17, point 9) to the package layout of issue 16.
"""

import itertools

import numpy as np
import pytest
from scipy.stats import chi2

from nmmtools import (
    IsingModel,
    MutualInhibition,
    all_states,
    analyse_landscape,
    barrier_heights,
    descent_basins,
    disconnectivity,
    fit_accuracy,
    fit_ising,
    inhibition_fixed_points,
    local_minima,
    pattern_index,
    stable_patterns,
    transition_counts,
    validate_landscape,
)
from nmmtools.analysis.landscape_analysis import independent_distribution, pattern_distribution

INHIBITION = -1.0 * (np.ones((3, 3)) - np.eye(3))
HAND = IsingModel(h=np.array([-0.2, -0.4, -0.6]), J=INHIBITION)
"""E(s) = -sum h_i s_i + sum_{i<j} s_i s_j. By hand (order of all_states):

--- 1.8 | --+ -1.0 | -+- -1.4 | -++ -0.2 | +-- -1.8 | +-+ -0.6 | ++- -1.0 | +++ 4.2
Minima (no flip lowers E): +-- (-1.8), -+- (-1.4), --+ (-1.0).
Steepest descent: --- -> +--, ++- -> +--, +-+ -> +--, +++ -> ++- -> +--, -++ -> -+-.
Basins: +-- {+--, ---, ++-, +-+, +++} (5), -+- {-+-, -++} (2), --+ {--+} (1).
+-- and -+- join through ++- at -1.0; --+ joins them through +-+ at -0.6
(its other ways out, -++ at -0.2 and --- at 1.8, are higher).
"""


def random_model(n, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    couplings = np.triu(rng.normal(0.0, scale, (n, n)), 1)
    return IsingModel(h=rng.normal(0.0, scale, n), J=couplings + couplings.T)


def sample(probabilities, n, count, seed):
    rng = np.random.default_rng(seed)
    return all_states(n)[rng.choice(2**n, size=count, p=probabilities)]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_pattern_index_is_the_position_in_all_states(n):
    np.testing.assert_array_equal(pattern_index(all_states(n)), np.arange(2**n))


def test_distributions_of_a_small_sample():
    data = [[1, -1], [1, -1], [-1, -1], [1, 1]]
    np.testing.assert_array_equal(pattern_distribution(data), [0.25, 0.0, 0.5, 0.25])
    # marginals: unit 1 active 3/4, unit 2 active 1/4; the products are exact in binary
    np.testing.assert_array_equal(
        independent_distribution(data), [0.25 * 0.75, 0.25 * 0.25, 0.75 * 0.75, 0.75 * 0.25]
    )


def test_hand_checked_basins():
    """The basins worked out by hand in the docstring of HAND."""
    minima, basin = descent_basins(HAND)
    states = all_states(3).astype(int)
    assert [states[m].tolist() for m in minima] == [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]]
    names = ["".join("+" if x > 0 else "-" for x in state) for state in states]
    assert {names[i]: int(basin[i]) for i in range(8)} == {
        "+--": 0,
        "---": 0,
        "++-": 0,
        "+-+": 0,
        "+++": 0,
        "-+-": 1,
        "-++": 1,
        "--+": 2,
    }
    assert np.bincount(basin).tolist() == [5, 2, 1]


def test_hand_checked_disconnectivity():
    """Joining energies from the docstring of HAND; rounding of the energies is ~1e-16."""
    graph = disconnectivity(HAND)
    np.testing.assert_allclose(graph.energies, [-1.8, -1.4, -1.0], atol=1e-12)
    np.testing.assert_allclose(
        graph.connect, [[-1.8, -1.0, -0.6], [-1.0, -1.4, -0.6], [-0.6, -0.6, -1.0]], atol=1e-12
    )
    np.testing.assert_allclose(graph.merges, [[0, 1, -1.0], [2, 3, -0.6]], atol=1e-12)
    np.testing.assert_allclose(graph.barriers()[2], [0.4, 0.4, 0.0], atol=1e-12)


def minimax_by_floyd_warshall(model):
    """Independent computation: the lowest possible highest energy along a path of flips, all pairs."""
    n = model.h.size
    energies = model.energy(all_states(n))
    size = 2**n
    best = np.full((size, size), np.inf)
    for i in range(size):
        best[i, i] = energies[i]
        for k in range(n):
            j = i ^ (1 << k)
            best[i, j] = max(energies[i], energies[j])
    for k in range(size):
        best = np.minimum(best, np.maximum(best[:, k : k + 1], best[k : k + 1, :]))
    return best


@pytest.mark.parametrize(("n", "seed"), [(4, 0), (4, 1), (5, 2), (5, 3), (6, 4)])
def test_disconnectivity_agrees_with_all_pairs_minimax(n, seed):
    """Both pick energies of patterns of the same array, so they agree exactly."""
    model = random_model(n, seed)
    graph = disconnectivity(model)
    best = minimax_by_floyd_warshall(model)
    np.testing.assert_array_equal(graph.connect, best[np.ix_(graph.minima, graph.minima)])
    # the existing implementation in nmmtools.maxent agrees as well
    minima, connect = barrier_heights(model)
    order = [int(i) for i in pattern_index(minima)]
    position = [order.index(int(m)) for m in graph.minima]
    np.testing.assert_array_equal(graph.connect, connect[np.ix_(position, position)])


@pytest.mark.parametrize(("n", "seed"), [(4, 0), (5, 2), (6, 4)])
def test_merges_form_the_tree_of_the_joining_energies(n, seed):
    graph = disconnectivity(random_model(n, seed))
    k = graph.minima.size
    assert graph.merges.shape == (k - 1, 3)
    assert np.all(np.diff(graph.merges[:, 2]) >= 0)
    leaves = {node: {node} for node in range(k)}
    for row, (a, b, level) in enumerate(graph.merges):
        left, right = leaves.pop(int(a)), leaves.pop(int(b))
        for x in left:
            for y in right:
                assert graph.connect[x, y] == level
        leaves[k + row] = left | right
    assert list(leaves.values()) == [set(range(k))]


@pytest.mark.parametrize(("n", "seed"), [(3, 5), (4, 0), (5, 2)])
def test_descent_basins_agree_with_a_pattern_by_pattern_descent(n, seed):
    model = random_model(n, seed)
    states = all_states(n)
    minima, basin = descent_basins(model)
    assert sorted(map(tuple, states[minima])) == sorted(map(tuple, local_minima(model)))
    for index, state in enumerate(states):
        current = state.copy()
        while True:
            flips = np.repeat(current[None], n, axis=0) * (1 - 2 * np.eye(n))
            energies = model.energy(flips)
            if energies.min() >= model.energy(current)[0]:
                break
            current = flips[np.argmin(energies)]
        assert tuple(states[minima[basin[index]]]) == tuple(current)


def test_r_D_is_near_one_for_data_from_a_pairwise_model():
    """If the pairwise model is exact, 2 N D2 is chi-squared with df = 2^4 - 1 - 4 - 6 = 5 degrees of freedom.

    So D2 < chi2_5(0.999) / (2N) and 1 - r_D = D2 / D1 below that over D1, except once in a thousand.
    """
    n, count = 4, 20_000
    true = random_model(n, seed=7)
    data = true.sample(count, seed=3)
    accuracy = fit_accuracy(data)
    bound = chi2.ppf(0.999, 5) / (2 * count)
    assert accuracy.D2 < bound
    assert 1 - accuracy.r_D < bound / accuracy.D1
    assert accuracy.chance_D2 == pytest.approx(5 / (2 * count))


def test_r_D_is_near_zero_when_only_a_third_order_interaction_is_present():
    """P ∝ exp(K s1 s2 s3): means and pairwise correlations vanish, the pairwise model is the independent one.

    Sampling alone lets the pairwise fit remove 2N (D1 - D2) ~ chi2_3, so r_D < chi2_3(0.999) / (2 N D1).
    """
    count = 20_000
    states = all_states(3)
    weights = np.exp(1.0 * states.prod(axis=1))
    data = sample(weights / weights.sum(), 3, count, seed=4)
    accuracy = fit_accuracy(data)
    bound = chi2.ppf(0.999, 3) / (2 * count * accuracy.D1)
    assert -1e-6 < accuracy.r_D < bound
    assert -1e-6 < accuracy.r_S < bound


def test_r_D_and_r_S_coincide_for_a_maximum_likelihood_fit():
    """D_k = S_k - S_N for exact fits.

    The fit's ridge (1e-6) shifts D2 by ~1e-6 |params|^2, far below 1e-4.
    """
    data = random_model(4, seed=8).sample(5_000, seed=1)
    accuracy = fit_accuracy(data)
    assert accuracy.D1 == pytest.approx(accuracy.S1 - accuracy.SN, abs=1e-10)
    assert accuracy.D2 == pytest.approx(accuracy.S2 - accuracy.SN, abs=1e-4)
    assert accuracy.r_S == pytest.approx(accuracy.r_D, abs=1e-3)


def test_r_D_of_independent_units_follows_its_beta_law():
    """For independent units r_D is a ratio of sampling noise, not ~0.

    With N = 3 units, 2n(D1 - D2) ~ chi2_3 and 2n D2 ~ chi2_1 (n samples), independent, so
    r_D ~ Beta(3/2, 1/2): mean 3/4, sd 1/4. Over 120 data sets the mean lies within
    4 sd / sqrt(120) = 0.091 of 3/4; and 2n D1 ~ chi2_4 has mean 4 within 4 sqrt(8 / 120) = 1.03.
    """
    rng = np.random.default_rng(11)
    active = np.array([0.3, 0.5, 0.6])
    count, repeats = 1_000, 120
    r_d, g = [], []
    for _ in range(repeats):
        data = np.where(rng.random((count, 3)) < active, 1.0, -1.0)
        accuracy = fit_accuracy(data)
        r_d.append(accuracy.r_D)
        g.append(2 * count * accuracy.D1)
    assert np.mean(r_d) == pytest.approx(0.75, abs=0.091)
    assert np.mean(g) == pytest.approx(4.0, abs=1.03)


def test_transition_counts_of_small_sequences():
    np.testing.assert_array_equal(
        transition_counts([0, 0, 1, 1, 0, 2, 2], 3), [[0, 1, 1], [1, 0, 0], [0, 0, 0]]
    )
    # separate recordings: no transition across the boundary
    np.testing.assert_array_equal(
        transition_counts([[0, 0, 1], [0, 2]], 3), [[0, 1, 1], [0, 0, 0], [0, 0, 0]]
    )
    np.testing.assert_array_equal(transition_counts(np.array([1, 1, 1]), 2), [[0, 0], [0, 0]])
    np.testing.assert_array_equal(transition_counts([2], 3), np.zeros((3, 3)))


def test_analysis_of_independent_samples_from_a_known_landscape():
    """Samples drawn independently from HAND: occupancies and transition counts have known expectations.

    Occupancy of basin b: P_b = sum of its patterns' probabilities, sd sqrt(P_b (1 - P_b) / N).
    Transitions a -> b: (N - 1) P_a P_b in expectation; Poisson-like sd; 5 sd bounds.
    """
    count = 20_000
    data = HAND.sample(count, seed=5)
    analysis = analyse_landscape(data)
    np.testing.assert_array_equal(analysis.minima, [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]])
    np.testing.assert_array_equal(analysis.basin_sizes, [5, 2, 1])
    basin_probability = np.bincount(analysis.basin, weights=HAND.probabilities())
    sd = np.sqrt(basin_probability * (1 - basin_probability) / count)
    assert np.all(np.abs(analysis.occupancy - basin_probability) < 5 * sd)
    expected = (count - 1) * np.outer(basin_probability, basin_probability)
    np.fill_diagonal(expected, 0)
    assert np.all(np.abs(analysis.transitions - expected) < 5 * np.sqrt(expected) + 1)
    assert analysis.switches == int(analysis.transitions.sum())
    assert analysis.samples == count
    np.testing.assert_allclose(analysis.graph.connect[0, 1], -1.0, atol=0.1)  # fitted, ~1/sqrt(N) accurate


def test_analysis_pools_recordings_but_counts_transitions_within_each():
    data = HAND.sample(2_000, seed=6)
    first, second = data[:1_000], data[1_000:]
    pooled = analyse_landscape([first, second])
    whole = analyse_landscape(data)
    assert pooled.samples == whole.samples == 2_000
    np.testing.assert_array_equal(pooled.model.J, whole.model.J)  # same pooled data, same fit
    labels = pooled.basin[pattern_index(data)]
    across = int(labels[999] != labels[1000])
    assert whole.switches == pooled.switches + across
    k = pooled.minima.shape[0]
    np.testing.assert_array_equal(
        pooled.transitions, transition_counts(labels[:1000], k) + transition_counts(labels[1000:], k)
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: fit_accuracy([[0, 1], [1, 0]]), ValueError, "binarised values"),
        (lambda: fit_accuracy([1, -1, 1]), ValueError, "shape \\(samples, units\\)"),
        (lambda: fit_accuracy([[1, -1]] * 10), ValueError, "factorise"),
        (
            lambda: fit_accuracy([[1, -1], [-1, 1]], IsingModel(np.zeros(3), np.zeros((3, 3)))),
            ValueError,
            "3",
        ),
        (lambda: fit_accuracy([[1, -1], [-1, 1]], "model"), TypeError, "model must be a IsingModel"),
        (lambda: descent_basins(IsingModel(np.zeros(3), np.zeros((3, 3)))), ValueError, "plateau"),
        (lambda: transition_counts([0, 3], 3), ValueError, "integers in 0..2"),
        (lambda: transition_counts([0, 0.5], 3), ValueError, "integers in 0..2"),
        (lambda: transition_counts([0, 1], 0), ValueError, "count must be an integer >= 1"),
        (lambda: transition_counts("abc", 2), TypeError, "expected an array or a sequence"),
        (lambda: transition_counts([], 2), ValueError, "empty"),
        (lambda: analyse_landscape([np.ones((3, 2)), np.ones((3, 3))]), ValueError, "same units"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_brute_force_helper_is_itself_right_on_the_hand_model():
    best = minimax_by_floyd_warshall(HAND)
    assert best[4, 2] == pytest.approx(-1.0) and best[4, 1] == pytest.approx(-0.6)
    assert list(itertools.islice(np.diag(best), 3)) == pytest.approx([1.8, -1.0, -1.4])
    assert fit_ising(HAND.sample(50_000, seed=0)).J[0, 1] == pytest.approx(-1.0, abs=0.05)


def test_landscape_of_simulated_recordings_with_many_switches():
    """Three populations (eta = 0), 40 runs of 200 from random states, noise 1.5 (the recommended setting).

    The data hold over 100 switches between winner states; the fitted landscape's minima are exactly
    the model's stable patterns, and every pair of minima joins at the pattern ---, the binarised
    image of all the model's saddles.
    """
    model = MutualInhibition(delta=1.0, eta=0.0, J=15.0, Jc=10.0, n=3)
    result = validate_landscape(model, runs=40, t_end=200.0, noise=1.5, seed=0)
    assert result.winner_switches >= 100
    assert result.analysis.switches >= result.winner_switches
    assert result.match
    saddles = [p for p in inhibition_fixed_points(model, seeds=8) if p.kind == "saddle"]
    assert saddles and all(np.all(p.state[0::2] < 0.5) for p in saddles)
    joining = result.analysis.graph.connect[~np.eye(3, dtype=bool)]
    all_low = result.analysis.model.energy([[-1.0, -1.0, -1.0]])[0]
    np.testing.assert_array_equal(joining, all_low)


def test_simulated_recordings_are_seeded_and_binarised():
    """Same seed, same runs; each recording is its run's rates binarised at the threshold, start dropped."""
    model = MutualInhibition(eta=0.0, n=3)
    first = validate_landscape(model, runs=3, t_end=20.0, seed=4)
    again = validate_landscape(model, runs=3, t_end=20.0, seed=4)
    np.testing.assert_array_equal(first.run.y, again.run.y)
    assert first.run.y.shape == (6, 3, 201) and first.analysis.samples == 3 * 200
    data = np.vstack([np.where(first.run.r[:, j, 1:].T > 0.5, 1.0, -1.0) for j in range(3)])
    np.testing.assert_array_equal(first.analysis.model.h, fit_ising(data).h)
    np.testing.assert_array_equal(stable_patterns(model), [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]])
    with pytest.raises(TypeError, match="runs must be an integer"):
        validate_landscape(model, runs=0.5)
    with pytest.raises(ValueError, match="noise must be > 0"):
        validate_landscape(model, noise=0.0)
    with pytest.raises(ValueError, match="sample_every must divide"):
        validate_landscape(model, t_end=1.0, sample_every=0.3)
