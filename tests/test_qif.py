import numpy as np
import pytest

from nmmtools import MPR, QIFNetwork, fixed_points, simulate_network
from nmmtools.models.qif import DriveStepper, exact_step


@pytest.mark.slow
@pytest.mark.parametrize("eta", [0.5, 2.0, 6.0])
def test_single_uncoupled_neuron_fires_at_the_analytic_rate(eta):
    """With the refractory handling the period is exactly pi/sqrt(eta); dt = 1e-4 resolves it to ~1e-4."""
    run = simulate_network(QIFNetwork(N=1, delta=0.0, eta=eta, J=0.0), (0.0, 40.0), 1e-4, raster=1)
    rate = 1.0 / np.mean(np.diff(run.events["spike_times"]))
    assert rate == pytest.approx(np.sqrt(eta) / np.pi, rel=1e-3)


def test_exact_step_matches_a_tight_integration():
    from scipy.integrate import solve_ivp

    for c in (3.0, -3.0, 0.0, 1e-12, -1e-12):
        for v0 in (-40.0, -2.0, -1.0, 0.3, 2.5):
            advanced = exact_step(np.array([v0]), np.array([c]), 1e-3, 100.0)[0]
            reference = solve_ivp(lambda t, y, c=c: y * y + c, (0.0, 1e-3), [v0], rtol=1e-12, atol=1e-12).y[
                0, -1
            ]
            assert advanced == pytest.approx(reference, rel=1e-10)


def test_exact_step_reports_a_neuron_that_passes_infinity():
    assert exact_step(np.array([2000.0]), np.array([1.0]), 1e-3, 100.0)[0] == 200.0


def test_stationary_rate_approaches_the_mean_field_with_n():
    """The bias of the mean rate against the MPR fixed point shrinks with N.

    Measured: 2.1% at N = 500, 0.8% at N = 4000.
    """
    fixed = fixed_points(MPR(delta=1.0, eta=-5.0, J=15.0), I=3.0)[-1]
    errors = []
    for N in (500, 4000):
        run = simulate_network(QIFNetwork(N=N), (0.0, 10.0), 1e-3, I=3.0, seed=1, initial=(fixed.r, fixed.v))
        errors.append(abs(run.r[run.t > 4.0].mean() - fixed.r) / fixed.r)
    assert errors[1] < errors[0]
    assert errors[1] < 0.015


def test_same_seed_same_numbers():
    first = simulate_network(QIFNetwork(N=200), (0.0, 2.0), 1e-3, seed=7, initial=(0.5, -1.0))
    second = simulate_network(QIFNetwork(N=200), (0.0, 2.0), 1e-3, seed=7, initial=(0.5, -1.0))
    third = simulate_network(QIFNetwork(N=200), (0.0, 2.0), 1e-3, seed=8, initial=(0.5, -1.0))
    np.testing.assert_array_equal(first.r, second.r)
    np.testing.assert_array_equal(first.v, second.v)
    assert not np.array_equal(first.v, third.v)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"N": 0}, "N must be an integer >= 1"),
        ({"N": 2.5}, "N must be an integer"),
        ({"v_peak": 0.0}, "v_peak must be > 0"),
        ({"delta": -1.0}, "delta must be >= 0"),
    ],
)
def test_network_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        QIFNetwork(**kwargs)


def test_time_step_must_resolve_the_refractory_period():
    with pytest.raises(ValueError, match="dt must be <= tau / v_peak / 2"):
        simulate_network(QIFNetwork(N=10), (0.0, 1.0), 0.01)


def old_network_loop(net, t_span, dt, current, seed, initial):
    """simulate_network's loop as it was before the DriveStepper (exact_step on the active neurons)."""
    start, end = t_span
    refractory_half = net.tau / net.v_peak
    rng = np.random.default_rng(seed)
    steps = int(round((end - start) / dt))
    eta_j = net.excitabilities()
    quantiles = np.tan(0.5 * np.pi * (2 * np.arange(1, net.N + 1) - net.N - 1) / (net.N + 1))
    voltage = np.clip(initial[1] + np.pi * net.tau * initial[0] * rng.permutation(quantiles), -100.0, 100.0)
    free_at = np.full(net.N, -np.inf)
    delay = max(1, int(round(refractory_half / dt)))
    window_steps = max(1, int(round(net.window / dt)))
    emitted = np.zeros(steps + delay + 1)
    rate, rates, means, spikes = 0.0, [], [], []
    for n in range(steps + 1):
        t = start + n * dt
        active = free_at <= t
        rates.append(rate)
        means.append(voltage[active].mean())
        if n == steps:
            break
        drive = net.J * net.tau * rate + current
        voltage = np.where(active, exact_step(voltage, eta_j + drive, dt / net.tau, net.v_peak), voltage)
        crossed = active & (voltage >= net.v_peak)
        voltage[crossed] = net.v_reset
        free_at[crossed] = t + dt + 2 * refractory_half
        emitted[n + delay] += crossed.sum()
        spikes.extend((t, int(j)) for j in np.flatnonzero(crossed))
        rate = emitted[max(0, n + 1 - window_steps + 1) : n + 2].sum() / (net.N * window_steps * dt)
    return np.array(rates), np.array(means), spikes


def test_network_loop_matches_the_loop_on_exact_step():
    """The same spikes (every neuron, every step) and rates; mean voltages equal to round-off.

    The new loop steps every neuron with DriveStepper and puts the refractory ones back;
    the old one stepped the active ones with exact_step. Their voltages differ by round-off
    (~1e-13 here), far from changing a threshold crossing in 2000 steps.
    """
    net = QIFNetwork(N=400)
    rates, means, spikes = old_network_loop(net, (0.0, 2.0), 1e-3, 3.0, 5, (1.37, -0.12))
    run = simulate_network(
        net, (0.0, 2.0), 1e-3, I=3.0, seed=5, initial=(1.37, -0.12), record_every=1, raster=400
    )
    assert len(spikes) > 500
    np.testing.assert_array_equal(run.events["spike_neurons"], [j for _, j in spikes])
    np.testing.assert_allclose(
        run.events["spike_times"], [t + 1e-3 + 1e-2 for t, _ in spikes], rtol=0, atol=1e-12
    )
    np.testing.assert_array_equal(run.r, rates)
    np.testing.assert_allclose(run.v, means, rtol=0, atol=1e-11)


@pytest.mark.parametrize("drive", [0.0, 3.0, 23.6, -40.0, 600.0, -5e3, 1e6])
def test_drive_stepper_equals_the_exact_formula(drive):
    """DriveStepper against exact_step (tan/tanh formula) on random input, to 1e-12 of the input's scale.

    c = eta + drive takes negative, zero and positive values; some neurons start near or above
    1/g and pass infinity within the step (both return 2 v_peak). Near V = -c g the result is a
    difference of terms of size |V| and |c| h, so the comparison is relative to that scale. The
    largest drive needs more than TAYLOR_MAX powers: the stepper then calls exact_step itself.
    """
    h, v_peak = 1e-3, 100.0
    rng = np.random.default_rng(11)
    eta = np.concatenate([rng.standard_cauchy(3000).clip(-9e5, 9e5), [-drive, 0.0, 1e-12, -1e-12]])
    eta = eta[np.abs(eta) * h**2 <= 1.0]
    voltage = rng.uniform(-v_peak, v_peak, eta.size)
    voltage[:40] = rng.uniform(500.0, 3000.0, 40)  # 1/g is about 1000: many of these fire
    old = exact_step(voltage, eta + drive, h, v_peak)
    new = voltage.copy()
    DriveStepper(eta, h, v_peak).advance(new, drive, bound=float(voltage.max()))
    fired = old == 2 * v_peak
    assert fired[:40].any() and not fired[:40].all()
    np.testing.assert_array_equal(new[fired], 2 * v_peak)
    scale = np.abs(old) + np.abs(voltage) + np.abs(eta + drive) * h
    assert np.max(np.abs(new - old)[~fired] / scale[~fired]) < 1e-12


def test_drive_stepper_uses_few_terms_at_the_usual_drive():
    stepper = DriveStepper(QIFNetwork(N=10_000).excitabilities(), 1e-3, 100.0)
    assert stepper.terms(23.6) == 3  # p0 + p1 dz + p2 dz**2, dz = 2.4e-5
    assert stepper.terms(1e6) == 0  # beyond TAYLOR_MAX: exact_step


def test_drive_stepper_rejects_too_large_excitabilities():
    with pytest.raises(ValueError, match=r"needs \|eta_j\| h\*\*2 <= 1"):
        DriveStepper(np.array([2e6]), 1e-3, 100.0)
