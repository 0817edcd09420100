import numpy as np
import pytest

from nmmtools import (
    IsingModel,
    MutualInhibition,
    all_states,
    barrier_heights,
    binarize,
    fit_ising,
    inhibition_fixed_points,
    local_minima,
    simulate,
    switches,
    switching_threshold,
)


@pytest.fixture(scope="module")
def example():
    return MutualInhibition(delta=1.0, eta=-3.0, J=15.0, Jc=10.0)


def test_example_has_three_stable_states_and_two_saddles(example):
    points = inhibition_fixed_points(example)
    kinds = [point.kind for point in points]
    assert kinds.count("saddle") == 2
    stable = [point for point in points if point.stable]
    assert len(stable) == 3
    patterns = sorted(tuple(point.state[0::2] > 0.5) for point in stable)
    assert patterns == [(False, False), (False, True), (True, False)]
    for point in points:
        np.testing.assert_allclose(example.rhs(0.0, point.state), 0.0, atol=1e-9)


def test_fixed_points_do_not_depend_on_the_seed_grid(example):
    coarse = inhibition_fixed_points(example, seeds=8)
    fine = inhibition_fixed_points(example, seeds=25)
    assert len(coarse) == len(fine) == 5
    np.testing.assert_allclose([p.state for p in coarse], [p.state for p in fine], atol=1e-8)


def test_jacobian_matches_finite_differences(example):
    state = np.array([0.7, -0.3, 0.2, 0.4])
    step = 1e-6
    columns = [(example.rhs(0, state + e) - example.rhs(0, state - e)) / (2 * step) for e in step * np.eye(4)]
    np.testing.assert_allclose(example.jacobian(state), np.column_stack(columns), atol=1e-7)


@pytest.mark.slow
def test_switching_threshold_separates_switching_from_not(example):
    start = max(
        (p for p in inhibition_fixed_points(example) if p.stable), key=lambda p: p.state[0] - p.state[2]
    ).state
    threshold = switching_threshold(example, start, 1)  # the first switch on a grid of step 0.01 from 0
    assert 0.0 < threshold < 15.0
    assert switches(example, start, 1, threshold)
    assert not switches(example, start, 1, threshold - 0.01)  # the grid point below
    assert not switches(example, start, 1, 25.0)  # the large pulse silences both


def test_noisy_runs_are_deterministic_for_a_seed(example):
    start = [1.2, -0.1, 0.05, -3.8]
    first = simulate(example, start, (0.0, 2.0), noise=1.0, seed=4)
    second = simulate(example, start, (0.0, 2.0), noise=1.0, seed=4)
    third = simulate(example, start, (0.0, 2.0), noise=1.0, seed=5)
    np.testing.assert_array_equal(first.r, second.r)
    assert not np.array_equal(first.r, third.r)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1}, "n must be an integer >= 2"),
        ({"Jc": -1.0}, "Jc must be >= 0"),
        ({"delta": -0.1}, "delta must be >= 0"),
    ],
)
def test_model_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MutualInhibition(**kwargs)


def test_inputs_must_match_the_populations(example):
    with pytest.raises(ValueError, match="I must have one entry per population"):
        simulate(example, [1, 0, 1, 0], (0.0, 1.0), I=[1.0])


def random_model(n, seed):
    rng = np.random.default_rng(seed)
    couplings = np.triu(rng.normal(0.0, 0.5, (n, n)), 1)
    return IsingModel(h=rng.normal(0.0, 0.5, n), J=couplings + couplings.T)


@pytest.mark.parametrize("n", [3, 4])
def test_fit_recovers_known_parameters(n):
    """With 2e5 samples the standard error of each parameter is ~ 1/sqrt(2e5 var) ~ 0.003-0.005."""
    true = random_model(n, seed=n)
    fitted = fit_ising(true.sample(200_000, seed=1))
    assert np.max(np.abs(fitted.h - true.h)) < 0.03
    assert np.max(np.abs(fitted.J - true.J)) < 0.03


def test_probabilities_sum_to_one_and_follow_the_energy():
    model = random_model(3, seed=0)
    probabilities = model.probabilities()
    assert probabilities.sum() == pytest.approx(1.0)
    energies = model.energy(all_states(3))
    assert np.argmax(probabilities) == np.argmin(energies)


def test_local_minima_of_a_ferromagnet_are_the_two_aligned_states():
    model = IsingModel(h=np.zeros(3), J=np.ones((3, 3)) - np.eye(3))
    minima = local_minima(model)
    assert sorted(map(tuple, minima)) == [(-1.0, -1.0, -1.0), (1.0, 1.0, 1.0)]
    found, connect = barrier_heights(model)
    assert connect[0, 1] == pytest.approx(1.0)  # through a state with one spin flipped: E = -(-1 - 1 + 1) = 1


def test_binarize_and_errors():
    np.testing.assert_array_equal(
        binarize([[0.1, 2.0], [1.0, 0.5]], thresholds=[0.5, 0.5]), [[-1, 1], [1, -1]]
    )
    with pytest.raises(ValueError, match="entries \\+1 or -1"):
        fit_ising([[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="n must be an integer in 1..12"):
        all_states(20)
    with pytest.raises(ValueError, match="symmetric with a zero diagonal"):
        IsingModel(h=np.zeros(2), J=np.array([[0.0, 1.0], [0.5, 0.0]]))
