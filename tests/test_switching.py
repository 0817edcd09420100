"""Noisy ensembles, winner labels, dwell times, the Arrhenius fit and the escape action.

Ported from the branch landscape-stats (issue 17, points 8 and 9) to the package layout of issue 16.
"""

import numpy as np
import pytest
from scipy.linalg import solve_continuous_lyapunov
from scipy.optimize import minimize

from nmmtools import (
    MPR,
    MutualInhibition,
    Run,
    SimulationError,
    arrhenius_fit,
    count_switches,
    dwell_times,
    dwells_by_noise,
    escape_action,
    inhibition_fixed_points,
    minimum_action,
    pulse,
    pulse_outcomes,
    pulse_response,
    random_initial_states,
    simulate,
    switches,
    switching_threshold,
    winner,
    winner_labels,
    winner_state,
)


@pytest.fixture(scope="module")
def winner_take_all():
    """eta = 0: only the two winner-take-all states are stable, with one saddle between them."""
    model = MutualInhibition(delta=1.0, eta=0.0, J=15.0, Jc=10.0)
    points = inhibition_fixed_points(model)
    assert [p.kind for p in points] == ["stable focus", "saddle", "stable focus"]
    return model, points


# --- the noisy integrator behind simulate -------------------------------------------------------


@pytest.mark.parametrize("method", ["heun", "euler-maruyama"])
def test_a_one_member_ensemble_is_the_single_run(winner_take_all, method):
    """Same random numbers in the same order: the member follows the single run's path (rtol 1e-12)."""
    model, _ = winner_take_all
    start = [1.2, -0.1, 0.05, -3.8]
    single = simulate(model, start, (0.0, 3.0), noise=1.5, dt=1e-3, seed=4, method=method)
    ensemble = simulate(model, [start], (0.0, 3.0), noise=1.5, dt=1e-3, seed=4, method=method)
    assert ensemble.y.shape == (4, 1, single.t.size) and ensemble.members == 1
    np.testing.assert_allclose(ensemble.member(0).y, single.y, rtol=1e-12, atol=1e-12)


def test_heun_is_second_order_and_euler_maruyama_first_order_without_noise(winner_take_all):
    """Against DOP853 (rtol 1e-10): halving dt divides Heun's error by ~4 (between 3.2 and 5) and
    Euler-Maruyama's by ~2 (between 1.6 and 2.6); the errors at the coarser step are below 1e-2 (Heun,
    dt = 0.01) and 5e-2 (Euler-Maruyama, dt = 0.002)."""
    model, _ = winner_take_all
    start = np.array([0.9, -0.4, 0.3, 0.2])
    times = np.linspace(0.0, 5.0, 11)
    reference = simulate(model, start, (0.0, 5.0), t_eval=times, rtol=1e-10)
    for method, order, dts, bound in (
        ("heun", 4.0, (0.01, 0.005), 1e-2),
        ("euler-maruyama", 2.0, (0.002, 0.001), 5e-2),
    ):
        errors = []
        for dt in dts:
            run = simulate(model, [start], (0.0, 5.0), dt=dt, t_eval=times, method=method)
            errors.append(np.max(np.abs(run.r[:, 0, :] - reference.r)))
        assert errors[0] < bound
        assert 0.8 * order < errors[0] / errors[1] < 1.2 * order + 0.2, (method, errors)


def stationary_variances(model, point, noise, method, dt):
    members = 300
    start = np.repeat(point.state[None, :], members, axis=0)
    run = simulate(
        model, start, (0.0, 60.0), noise=noise, dt=dt, seed=2, t_eval=np.arange(0.0, 60.5, 1.0), method=method
    )
    late = run.y[:, :, 10:]  # (r1, v1, r2, v2) after t = 10
    return late.reshape(4, -1).var(axis=1)


def test_small_noise_variances_match_the_linearisation(winner_take_all):
    """Near a stable state the fluctuations solve A S + S A^T + Q = 0 with Q = 2 D on the potentials.

    300 members sampled every 1 from t = 10 to 60 (correlation time ~ 1 / 0.23 ~ 4.3): about 3500
    independent samples, so a variance is known to ~ sqrt(2 / 3500) ~ 2.4 %; the nonlinearity adds
    O(sqrt(D)) ~ 3 % at D = 1e-3. Tolerance 12 %. Euler-Maruyama at the same dt fails this check:
    it undamps the winner's focus by omega^2 dt / 2 ~ 0.22, about its whole damping.
    """
    model, points = winner_take_all
    point = points[2]
    noise = 1e-3
    diffusion = np.diag([0.0, 2 * noise, 0.0, 2 * noise])
    expected = np.diag(solve_continuous_lyapunov(model.jacobian(point.state), -diffusion))
    heun = stationary_variances(model, point, noise, "heun", 0.01)
    np.testing.assert_allclose(heun, expected, rtol=0.12)
    euler = stationary_variances(model, point, noise, "euler-maruyama", 0.01)
    assert np.max(np.abs(euler / expected - 1)) > 0.5


def test_ensemble_is_reproducible_and_members_are_independent(winner_take_all):
    model, points = winner_take_all
    start = np.repeat(points[2].state[None, :], 200, axis=0)
    first, again, other = (
        simulate(model, start, (0.0, 2.0), noise=1.0, seed=seed, dt=0.01, t_eval=[0.0, 1.0, 2.0])
        for seed in (3, 3, 4)
    )
    np.testing.assert_array_equal(first.y, again.y)
    assert not np.array_equal(first.y, other.y)
    # members' final potentials are uncorrelated: |corr| < 4 / sqrt(100) for 100 pairs
    final = first.v[0, :, -1]
    assert abs(np.corrcoef(final[:100], final[100:])[0, 1]) < 0.4


def test_noise_of_each_member_is_its_own(winner_take_all):
    """A member without noise stays at the fixed point (Heun keeps an equilibrium to rounding, 1e-9)."""
    model, points = winner_take_all
    start = np.repeat(points[2].state[None, :], 2, axis=0)
    run = simulate(model, start, (0.0, 1.0), noise=[0.0, 2.0], seed=1, dt=0.01)
    np.testing.assert_allclose(run.r[:, 0, -1], points[2].state[0::2], rtol=1e-9)
    assert np.max(np.abs(run.r[:, 1, -1] - points[2].state[0::2])) > 1e-3


def test_an_mpr_ensemble_and_its_energy():
    """MPR members run side by side; the energy of each member is that of its (r, v)."""
    model = MPR(delta=1.0)
    run = simulate(model, [(1.2, 0.0), (0.5, 0.1)], (0.0, 1.0), noise=[0.0, 0.5], seed=0, dt=0.01)
    assert run.y.shape == (3, 2, 101)
    single = simulate(model, (1.2, 0.0), (0.0, 1.0), method="heun", dt=0.01)
    np.testing.assert_allclose(run.member(0).y, single.y, rtol=1e-12)
    np.testing.assert_allclose(run.energy()[0], single.energy(), rtol=1e-12)


def test_the_energy_of_an_inhibition_ensemble_folds_each_members_partner(winner_take_all):
    model, points = winner_take_all
    start = np.repeat(points[2].state[None, :], 3, axis=0)
    run = simulate(model, start, (0.0, 1.0), noise=1.0, seed=0, dt=0.01, t_eval=[0.0, 1.0], I=[0.5, 0.0])
    for j in range(3):
        np.testing.assert_allclose(run.energy()[:, j, :], run.member(j).energy(), rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y0": [[1.0, 0.0]]}, r"y0 must have 4 components .* or shape \(members, 4\)"),
        ({"y0": [[1.0, 0.0, -0.1, 0.0]]}, r"y0\[:, 2\] \(r2\) must be > 0"),
        ({"noise": -1.0}, "noise must be >= 0"),
        ({"noise": [1.0, 2.0]}, r"noise must be a scalar or one value per member \(1\)"),
        ({"noise": [1.0, -2.0], "y0": [[1.0, 0.0, 0.1, 0.0]] * 2}, r"noise must be >= 0, got noise\[1\]"),
        ({"method": "rk4"}, "method must be one of"),
        ({"method": "DOP853"}, "noise > 0 needs method 'heun' or 'euler-maruyama'"),
        ({"method": "DOP853", "noise": 0.0}, "an ensemble y0 needs method 'heun', 'euler-maruyama'"),
        ({"dt": 0.0}, "dt must be > 0"),
        ({"dt": 5.0}, "t_span must span at least one step"),
    ],
)
def test_ensemble_bad_input(kwargs, message):
    arguments = {"y0": [[1.0, 0.0, 0.1, 0.0]], "noise": 1.0, "dt": 0.01} | kwargs
    y0 = arguments.pop("y0")
    with pytest.raises(ValueError, match=message):
        simulate(MutualInhibition(), y0, (0.0, 1.0), **arguments)


def test_noise_with_a_solve_ivp_method_is_refused():
    with pytest.raises(ValueError, match="noise > 0 needs method 'heun' or 'euler-maruyama'"):
        simulate(MutualInhibition(), [1.0, 0.0, 0.1, 0.0], (0.0, 1.0), noise=1.0, method="RK45")


def test_a_blow_up_is_reported_with_the_member_and_time():
    with pytest.raises(SimulationError, match=r"blew up in member 1 .* at t = "):
        simulate(MutualInhibition(), [[1.0, 0.0, 0.1, 0.0]] * 2, (0.0, 5.0), noise=[0.0, 1e9], seed=0)


def test_member_bad_input():
    run = simulate(MutualInhibition(), [[1.0, 0.0, 0.1, 0.0]] * 2, (0.0, 0.1), noise=1.0, dt=0.01)
    with pytest.raises(ValueError, match=r"j must be a member index in 0..1, got j = 2"):
        run.member(2)
    with pytest.raises(ValueError, match="member\\(j\\) needs an ensemble run"):
        run.member(0).member(0)


def test_random_initial_states_lie_in_the_range_and_at_rest():
    model = MutualInhibition(n=3)
    states = random_initial_states(model, 500, seed=0, rates=(0.1, 1.0))
    assert states.shape == (500, 6)
    assert np.all((states[:, 0::2] >= 0.1) & (states[:, 0::2] <= 1.0))
    np.testing.assert_allclose(model.rhs(0.0, states.T)[0::2], 0.0, atol=1e-12)  # dr/dt = 0
    # log-uniform: the median of the rates is the geometric mean of the range, sd of the median ~ 0.02
    assert np.median(np.log(states[:, 0::2])) == pytest.approx(0.5 * np.log(0.1), abs=0.08)
    with pytest.raises(TypeError, match="count must be an integer"):
        random_initial_states(model, 2.5)
    with pytest.raises(ValueError, match="rates must increase"):
        random_initial_states(model, 2, rates=(1.0, 0.5))


# --- winners, dwell times and switches ------------------------------------------------------------


def run_of(r, dt=1.0):
    r = np.asarray(r, dtype=float)
    y = np.empty((2 * r.shape[0], r.shape[1]))
    y[0::2], y[1::2] = r, 0.0
    return Run(model=MutualInhibition(n=r.shape[0]), t=dt * np.arange(r.shape[1]), y=y)


def test_dwell_times_of_a_hand_made_run():
    """Winners 0 0 - 1 1 1 0 0 - 1: complete stretches 1 (t 3..6) and 0 (t 6..9), ends dropped."""
    run = run_of([[1, 1, 0, 0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1, 0, 0, 0, 1]])
    assert winner_labels(run).tolist() == [0, 0, -1, 1, 1, 1, 0, 0, -1, 1]
    assert dwell_times(run).tolist() == [3.0, 3.0]
    assert count_switches(run) == 3
    assert dwell_times(run_of([[1, 1], [0, 0]])).size == 0
    assert dwell_times(run_of([[0, 0], [0, 0]])).size == 0


def test_two_populations_above_threshold_are_no_winner():
    run = run_of([[1.0, 1.0, 1.0], [0.1, 0.8, 0.1]])
    assert winner_labels(run).tolist() == [0, -1, 0]
    assert [winner(run.y[:, i]) for i in range(3)] == [0, None, 0]  # one implementation


def test_hysteresis_ignores_a_recrossing_of_the_saddle():
    """Population 2 briefly tops 0.5 while 1 dips below it: a switch at threshold 0.5, none with a core."""
    r = np.array([[1.5, 1.5, 0.45, 1.5, 1.5, 0.05, 0.05, 1.5], [0.05, 0.05, 0.6, 0.05, 0.05, 1.5, 1.5, 0.05]])
    assert dwell_times(run_of(r)).tolist() == [1.0, 2.0, 2.0]
    assert dwell_times(run_of(r), threshold=1.0, low=0.2).tolist() == [2.0]


def test_an_ensemble_pools_the_dwells_of_its_members_without_joining_them():
    first = [[1, 1, 0, 0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1, 0, 0, 0, 1]]
    second = [[0, 1, 1, 0, 0, 1, 1, 1, 1, 0], [1, 0, 0, 1, 1, 0, 0, 0, 0, 1]]
    a, b = run_of(first), run_of(second)
    both = Run(model=a.model, t=a.t, y=np.stack((a.y, b.y), axis=1))
    assert dwell_times(both).tolist() == dwell_times(a).tolist() + dwell_times(b).tolist()
    assert count_switches(both) == count_switches(a) + count_switches(b)
    assert winner_labels(both).shape == (2, 10)


def test_dwell_times_of_a_telegraph_signal():
    """Switches at gaps 0.2 + Exp(9.8) (mean 10), sampled every 0.05: each dwell is seen to within 0.05.

    Every gap is longer than two samples, so no switch is missed; the mean is 10 within 4 standard errors.
    """
    rng = np.random.default_rng(0)
    dt, end = 0.05, 20_000.0
    switch_times = np.cumsum(0.2 + rng.exponential(9.8, 3000))
    switch_times = switch_times[switch_times < end]
    t = np.arange(0.0, end, dt)
    state = np.searchsorted(switch_times, t) % 2
    run = run_of([1.5 - state, 0.5 + state], dt=dt)
    dwells = dwell_times(run, threshold=1.0, low=0.6)
    assert dwells.size == switch_times.size - 1
    assert count_switches(run, threshold=1.0, low=0.6) == switch_times.size
    np.testing.assert_allclose(dwells, np.diff(switch_times), atol=dt + 1e-9)
    assert dwells.mean() == pytest.approx(10.0, abs=4 * 10.0 / np.sqrt(dwells.size))


def test_dwell_bad_input():
    with pytest.raises(ValueError, match="low must be <= threshold"):
        dwell_times(run_of([[1, 0], [0, 1]]), threshold=0.5, low=0.8)
    with pytest.raises(ValueError, match="threshold must be > 0"):
        dwell_times(run_of([[1, 0], [0, 1]]), threshold=0.0)
    with pytest.raises(TypeError, match="run.model must be a MutualInhibition"):
        dwell_times(Run(model=MPR(), t=np.arange(3.0), y=np.ones((3, 3))))
    with pytest.raises(TypeError, match="run must be a Run"):
        count_switches("run")


def test_dwells_by_noise_pools_each_level_and_falls_with_noise():
    """Two levels, 2 members each: the ensemble is laid out level by level, and the level with more
    noise switches more often (a factor exp(S (1/3 - 1/4)) ~ 1.6 in the rate; 30 vs 60 dwells)."""
    model = MutualInhibition(eta=0.0)
    found = dwells_by_noise(model, [3.0, 4.0], members=2, t_end=200.0, seed=1)
    assert found.run.y.shape == (4, 4, 4001) and found.members_per_level == 2
    for k in range(2):
        members = [found.run.member(2 * k + j) for j in range(2)]
        expected = np.concatenate([dwell_times(member, 1.0, 0.2) for member in members])
        np.testing.assert_array_equal(found.dwells[k], expected)
        assert found.switches[k] == sum(count_switches(member, 1.0, 0.2) for member in members)
    assert found.dwells[1].size > found.dwells[0].size > 10
    with pytest.raises(ValueError, match="sample_every must divide"):
        dwells_by_noise(model, [3.0], t_end=10.0, sample_every=0.015)
    with pytest.raises(ValueError, match="noises must be a 1-D array of values > 0"):
        dwells_by_noise(model, [3.0, 0.0])


# --- pulses -----------------------------------------------------------------------------------------


def test_switches_agrees_with_a_run_with_the_pulse_resolved():
    """The piecewise, vectorised integration gives the winner of a run of simulate with the pulse as an
    input (max_step 0.05), away from the threshold (12.0 fails, 12.2 switches, 25 silences both)."""
    model = MutualInhibition()
    start = winner_state(model, 0)
    for amplitude in (12.0, 12.2, 25.0, 5.0):
        drive = pulse(start=1.0, duration=5.0, amplitude=amplitude)
        run = simulate(model, start, (0.0, 46.0), I=[0.0, drive], max_step=0.05)
        assert switches(model, start, 1, amplitude) == (winner(run.y[:, -1]) == 1)


def test_pulse_response_agrees_with_a_run_with_the_pulse_as_input():
    """Integrated stretch by stretch, the run agrees with simulate with the pulse as input and steps of at
    most 0.01 (both DOP853, rtol 1e-9: the runs ring near the saddle for amplitude 12, so allow 1e-5)."""
    model = MutualInhibition()
    start = winner_state(model, 0)
    times = np.linspace(0.0, 40.0, 801)
    for amplitude in (12.0, 15.0):
        run = pulse_response(model, start, 1, amplitude, t_eval=times)
        drive = pulse(start=1.0, duration=5.0, amplitude=amplitude)
        reference = simulate(model, start, (0.0, 40.0), I=[0.0, drive], t_eval=times, max_step=0.01)
        np.testing.assert_array_equal(run.t, times)
        np.testing.assert_allclose(run.y, reference.y, atol=1e-5)
        np.testing.assert_array_equal(run.inputs(), reference.inputs())
    steps = pulse_response(model, start, 1, 15.0)
    assert np.all(np.diff(steps.t) > 0) and steps.t[0] == 0.0 and steps.t[-1] == 40.0
    with pytest.raises(ValueError, match="the pulse must end before t_end"):
        pulse_response(model, start, 1, 15.0, t_end=5.0)
    with pytest.raises(ValueError, match="target must be a population index"):
        pulse_response(model, start, 3, 15.0)


def test_pulse_outcomes_agree_with_runs_with_the_pulse_as_input():
    """The winner after each pulse agrees with simulate with the pulse as an input (max_step 0.05), at
    amplitudes at least 0.003 from an edge of a window (edges measured on a 0.001 grid): population 1
    keeps winning (11.0, 11.5), both end low (11.6, 12.0, 25.0) or population 2 wins (11.55, 11.7, 12.2).
    The outcome is not monotonic in the amplitude."""
    model = MutualInhibition()
    start = winner_state(model, 0)
    amplitudes = (11.0, 11.5, 11.55, 11.6, 11.7, 12.0, 12.2, 25.0)
    expected = []
    for amplitude in amplitudes:
        drive = pulse(start=1.0, duration=5.0, amplitude=amplitude)
        run = simulate(model, start, (0.0, 46.0), I=[0.0, drive], max_step=0.05)
        label = winner(run.y[:, -1])
        expected.append(-1 if label is None else label)
    assert expected == [0, 0, 1, -1, 1, -1, 1, -1]  # the reference itself shows the alternation
    assert pulse_outcomes(model, start, 1, amplitudes).tolist() == expected


def test_the_threshold_is_the_first_switching_amplitude_of_its_grid():
    """On a grid of step 0.05 from 11.0 the first switching amplitude is 11.55, although 12.0 (above it)
    does not switch: every earlier grid point keeps population 1 the winner (checked with runs of
    simulate with the pulse as input, max_step 0.05). A coarse-to-fine bisection from a step of 1 would
    report 12.1; the contract is the grid's first switch."""
    model = MutualInhibition()
    start = winner_state(model, 0)
    threshold = switching_threshold(model, start, 1, bounds=(11.0, 12.0), step=0.05)
    assert threshold == pytest.approx(11.55)
    for amplitude in np.arange(11.0, threshold - 0.01, 0.05):
        drive = pulse(start=1.0, duration=5.0, amplitude=amplitude)
        run = simulate(model, start, (0.0, 46.0), I=[0.0, drive], max_step=0.05)
        assert winner(run.y[:, -1]) == 0, amplitude
    assert switches(model, start, 1, threshold) and not switches(model, start, 1, 12.0)
    with pytest.raises(ValueError, match="bounds must increase"):
        switching_threshold(model, start, 1, bounds=(13.0, 11.0))
    with pytest.raises(ValueError, match="already switches"):
        switching_threshold(model, start, 1, bounds=(12.2, 13.0))
    with pytest.raises(ValueError, match="no pulse up to"):
        switching_threshold(model, start, 1, bounds=(5.0, 6.0), step=0.5)
    with pytest.raises(ValueError, match="step must be"):
        switching_threshold(model, start, 1, step=0.0)
    with pytest.raises(ValueError, match="target must be a population index"):
        switches(model, start, 2, 10.0)


# --- the Arrhenius fit -------------------------------------------------------------------------------


def test_arrhenius_fit_of_exact_means_recovers_the_line():
    """Dwells (0.5 m, 1.5 m) have mean m exactly; on a straight line the fit is exact to rounding."""
    noises = np.array([1.0, 2.0, 4.0, 8.0])
    means = np.exp(0.3 + 2.5 / noises)
    dwells = [np.tile([0.5 * m, 1.5 * m], 20) for m in means]
    fit = arrhenius_fit(noises, dwells)
    assert fit.slope == pytest.approx(2.5, rel=1e-10)
    assert fit.intercept == pytest.approx(0.3, rel=1e-9)
    assert fit.chi2 == pytest.approx(0.0, abs=1e-16)
    assert fit.counts.tolist() == [40] * 4 and fit.dof == 2
    np.testing.assert_allclose(fit(noises), means, rtol=1e-9)
    plain = arrhenius_fit(noises, [np.tile([0.5, 1.5, 1.0], 5) * m for m in means], confidence=0.9)
    assert plain.z == pytest.approx(1.6448536, rel=1e-6)  # the 95 % quantile of the normal distribution
    assert plain.interval == pytest.approx(
        (plain.slope - plain.z * plain.slope_error, plain.slope + plain.z * plain.slope_error)
    )


def test_arrhenius_correction_removes_a_noise_dependent_prefactor():
    """Means exp(0.3 + 2.5 / D + 0.1 D) exactly: the corrected fit recovers 2.5, the plain one does not."""
    noises = np.array([1.0, 1.5, 2.0, 3.0, 4.0])
    means = np.exp(0.3 + 2.5 / noises + 0.1 * noises)
    dwells = [np.tile([0.5 * m, 1.5 * m], 20) for m in means]
    corrected = arrhenius_fit(noises, dwells, correction=True)
    assert corrected.slope == pytest.approx(2.5, rel=1e-9)
    assert corrected.correction == pytest.approx(0.1, rel=1e-9)
    assert corrected.dof == 2
    plain = arrhenius_fit(noises, dwells)
    assert plain.correction is None
    assert abs(plain.slope - 2.5) > 0.1
    with pytest.raises(ValueError, match="at least 4 levels"):
        arrhenius_fit(noises[:3], dwells[:3], correction=True)


def test_arrhenius_interval_covers_the_true_slope_at_its_level():
    """Exponential dwells with mean exp(5 / D): the 95 % interval covers 5 in 0.91 .. 0.99 of 400 data sets.

    The binomial sd of the coverage is sqrt(0.95 * 0.05 / 400) ~ 0.011; the Birge-ratio inflation
    makes the interval slightly conservative, so the upper limit is loose.
    """
    rng = np.random.default_rng(1)
    noises = np.array([1.5, 2.0, 2.5, 3.0, 4.0])
    counts = [30, 50, 80, 120, 200]
    covered = 0
    for _ in range(400):
        dwells = [rng.exponential(np.exp(5.0 / d), c) for d, c in zip(noises, counts, strict=True)]
        low, high = arrhenius_fit(noises, dwells).interval
        covered += low < 5.0 < high
    assert 0.91 <= covered / 400 <= 0.99


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: arrhenius_fit([1.0, 2.0], [np.ones(20)] * 2), ValueError, "at least three"),
        (lambda: arrhenius_fit([1.0, 2.0, -3.0], [np.ones(20)] * 3), ValueError, "at least three values > 0"),
        (lambda: arrhenius_fit([1.0, 2.0, 3.0], [np.arange(1.0, 21)] * 2), ValueError, "one array per"),
        (
            lambda: arrhenius_fit([1.0, 2.0, 3.0], [np.arange(1.0, 21)] * 2 + [np.ones(3)]),
            ValueError,
            "dwells\\[2\\] must hold",
        ),
        (lambda: arrhenius_fit([1.0, 2.0, 3.0], [np.ones(20)] * 3), ValueError, "not all equal"),
        (
            lambda: arrhenius_fit([1.0, 2.0, 3.0], [np.arange(1.0, 21)] * 3, confidence=1.0),
            ValueError,
            "confidence",
        ),
        (lambda: arrhenius_fit([1.0, 2.0, 3.0], "dwells"), TypeError, "dwells must be a sequence"),
    ],
)
def test_arrhenius_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- minimum action --------------------------------------------------------------------------------


@pytest.mark.parametrize("gamma", [0.7, 2.0])
def test_minimum_action_of_a_particle_with_friction(gamma):
    """dq = p dt, dp = (-gamma p - V'(q)) dt + sqrt(2D) dW has stationary density exp(-gamma (p^2/2 + V) / D).

    So the action from the bottom of V = q^4/4 - q^2/2 to its top is gamma / 4. The scheme is second
    order in h = duration / points: the error falls ~4x from h = 0.05 to 0.025 and is below 5e-4
    relative at h = 0.025.
    """

    def field(q, p):
        return -gamma * p - q**3 + q

    coarse, fine = (
        minimum_action(lambda q, v: v, field, ([-1.0], [0.0]), ([0.0], [0.0]), duration=40.0, points=points)
        for points in (800, 1600)
    )
    exact = gamma / 4
    assert fine.converged
    assert abs(fine.action - exact) < 5e-4 * exact
    assert 3.0 < abs(coarse.action - exact) / abs(fine.action - exact) < 5.5


def test_minimum_action_in_two_dimensions():
    """V = (q1^2 - 1)^2 / 4 + q2^2 / 2 + 0.3 q1 q2, friction 1: action = V(saddle at 0) - V(minimum).

    The minimum is found independently by scipy.optimize.minimize (gtol 1e-12).
    """
    c = 0.3

    def gradient(q):
        return np.stack((q[..., 0] ** 3 - q[..., 0] + c * q[..., 1], q[..., 1] + c * q[..., 0]), axis=-1)

    def potential(q):
        return (q[0] ** 2 - 1) ** 2 / 4 + q[1] ** 2 / 2 + c * q[0] * q[1]

    bottom = minimize(potential, [1.0, -0.3], jac=gradient, method="BFGS", options={"gtol": 1e-12}).x
    path = minimum_action(
        lambda q, v: v,
        lambda q, p: -p - gradient(q),
        (bottom, [0.0, 0.0]),
        ([0.0, 0.0], [0.0, 0.0]),
        duration=40.0,
        points=1600,
    )
    exact = potential(np.zeros(2)) - potential(bottom)
    assert abs(path.action - exact) < 5e-4 * exact


def test_escape_action_settles_with_resolution_and_duration(winner_take_all):
    """The action settles: halving h = duration / points from 0.05 changes it by < 1 %, and longer
    paths (duration 40 -> 60) lower it by < 1e-2 (a finite duration bounds it from above).

    The order of the scheme is tested on the particle with friction, where the answer is known.
    """
    model, points = winner_take_all
    actions = {
        (duration, h): escape_action(
            model, points[2].state, points[1].state, duration=duration, points=int(duration / h)
        ).action
        for duration, h in [(40.0, 0.05), (40.0, 0.025), (60.0, 0.025)]
    }
    assert abs(actions[(40.0, 0.025)] - actions[(40.0, 0.05)]) < 1e-2 * actions[(40.0, 0.025)]
    assert 0 < actions[(40.0, 0.025)] - actions[(60.0, 0.025)] < 1e-2


def test_the_escape_path_is_a_path_of_the_model(winner_take_all):
    """The potentials along the path are those for which the rate equation gives the path's rates:
    d(ln r)/dt at each midpoint equals (dr/dt) / r of the model's right-hand side there (to rounding,
    1e-9), so the noise the path needs enters the potentials only."""
    model, points = winner_take_all
    path = escape_action(model, points[2].state, points[1].state, duration=40.0, points=800)
    h = path.t[1] - path.t[0]
    middle = np.exp(0.5 * (path.slow[1:] + path.slow[:-1]))
    state = np.empty((4, middle.shape[0]))
    state[0::2], state[1::2] = middle.T, path.fast.T
    np.testing.assert_allclose(
        np.diff(path.slow, axis=0) / h, model.rhs(0.0, state)[0::2].T / middle, rtol=1e-9, atol=1e-9
    )
    assert path.converged


def test_escape_action_bad_input(winner_take_all):
    model, points = winner_take_all
    with pytest.raises(ValueError, match="start must be an equilibrium"):
        escape_action(model, [1.0, 0.0, 0.1, 0.0], points[1].state)
    with pytest.raises(ValueError, match="end must hold 2 pairs"):
        escape_action(model, points[2].state, [1.0, 0.0])
    with pytest.raises(ValueError, match="points must be an integer >= 4"):
        escape_action(model, points[2].state, points[1].state, points=2)
    with pytest.raises(TypeError, match="recover must be callable"):
        minimum_action(None, lambda s, f: f, ([0.0], [0.0]), ([1.0], [0.0]), duration=1.0)
