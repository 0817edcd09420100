import numpy as np
import pytest

from nmmtools import MPR, Run, SimulationError, energy, integrate, simulate


def relative_drift(run):
    values = run.energy()
    return np.max(np.abs(values - values[0])) / abs(values[0])


def test_homogeneous_model_conserves_energy_at_tight_tolerance():
    """DOP853 at rtol = 1e-12 keeps H to ~1e-13 over ~50 orbits (measured 3.6e-13 over t = 200).

    The bound 1e-11 leaves a factor ~30 for other platforms' rounding while
    staying far below what a looser tolerance gives (next test).
    """
    run = simulate(MPR(), (1.2, 0.0), (0.0, 100.0), rtol=1e-12, atol=1e-14)
    assert relative_drift(run) < 1e-11


def test_the_drift_is_the_integrators_error():
    loose = simulate(MPR(), (1.2, 0.0), (0.0, 100.0), rtol=1e-6, atol=1e-9)
    tight = simulate(MPR(), (1.2, 0.0), (0.0, 100.0), rtol=1e-12, atol=1e-14)
    assert relative_drift(loose) > 100 * relative_drift(tight)
    assert relative_drift(loose) > 1e-11


def test_rescaled_time_gives_the_same_orbit():
    model = MPR(delta=0.5)
    rescaled = simulate(model, (1.2, 0.0), (0.0, 5.0), time="rescaled", rtol=1e-11, atol=1e-13)
    physical = simulate(model, (1.2, 0.0), (0.0, rescaled.t[-1]), t_eval=rescaled.t, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(physical.r, rescaled.r, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(physical.s, rescaled.s, rtol=1e-7, atol=1e-9)
    assert rescaled.time == "rescaled" and physical.time == "physical"


def test_rescaled_time_is_the_integral_of_r_squared():
    run = simulate(MPR(), (1.2, 0.0), (0.0, 10.0), t_eval=np.linspace(0.0, 10.0, 20001))
    integral = np.concatenate([[0.0], np.cumsum(np.diff(run.t) * 0.5 * (run.r[1:] ** 2 + run.r[:-1] ** 2))])
    np.testing.assert_allclose(run.s, integral, atol=1e-6)  # trapezoid error ~ dt**2


def test_t_eval_is_respected():
    times = np.linspace(0.0, 2.0, 11)
    run = simulate(MPR(), (1.2, 0.0), (0.0, 2.0), t_eval=times)
    np.testing.assert_array_equal(run.t, times)


def test_time_dependent_input_is_used():
    pulse = simulate(
        MPR(delta=1.0), (0.0811, -1.96), (0.0, 30.0), I=lambda t: 3.0 * (10 <= t < 20), max_step=0.1
    )
    still = simulate(MPR(delta=1.0), (0.0811, -1.96), (0.0, 30.0))
    assert pulse.r[-1] > 0.9 and still.r[-1] < 0.1


def test_trajectory_energy_method():
    run = simulate(MPR(), (1.2, 0.0), (0.0, 1.0))
    np.testing.assert_array_equal(run.energy(), energy(MPR(), run.r, run.v))


def test_leaving_r_positive_is_reported_with_the_time():
    with pytest.raises(SimulationError, match=r"r fell to r_min = 1e-12 at t = 6\.0\d*"):
        simulate(MPR(), (0.3, -2.0), (0.0, 50.0))


def test_blow_up_is_reported_with_the_time():
    with pytest.raises(SimulationError, match=r"\|v\| exceeded bound = 1e\+06 \(blow-up\) at t = 0\.18\d*"):
        simulate(MPR(eta=5.0, J=0.0), (1e-8, 5.0), (0.0, 50.0))


def test_rescaled_run_reports_both_times():
    message = r"failed at s = 0\.01\d*, where \(r, v, t\) = \(.*\): .* a rate close to 0"
    with pytest.raises(SimulationError, match=message):
        simulate(MPR(), (0.3, -2.0), (0.0, 50.0), time="rescaled")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"y0": (0.0, 0.0)}, ValueError, r"y0\[0\] \(r0\) must be > 0"),
        ({"y0": (-1.0, 0.0)}, ValueError, r"y0\[0\] \(r0\) must be > 0"),
        ({"y0": (np.nan, 0.0)}, ValueError, r"y0 must be finite, got y0\[0\] = nan"),
        ({"y0": (1.0, 0.0, 0.0)}, ValueError, r"y0 must be a pair \(r0, v0\)"),
        ({"y0": (1e7, 0.0)}, ValueError, r"y0 must lie inside the bound"),
        ({"y0": (1e-13, 0.0)}, ValueError, r"y0 must have r > r_min = 1e-12, got r = 1e-13"),
        ({"t_span": (1.0, 0.0)}, ValueError, r"t_span must increase"),
        ({"t_span": (0.0, np.inf)}, ValueError, r"t_span\[1\] must be finite"),
        ({"t_span": 5.0}, TypeError, r"t_span must be a pair"),
        ({"t_eval": [0.0, 2.0]}, ValueError, r"t_eval must lie inside the time span"),
        ({"t_eval": [0.5, 0.2]}, ValueError, r"t_eval must be strictly increasing"),
        ({"time": "slow"}, ValueError, r"time must be one of 'physical', 'rescaled', got 'slow'"),
        ({"method": "Euler"}, ValueError, r"method must be one of"),
        ({"rtol": 0.0}, ValueError, r"rtol must be > 0"),
        ({"atol": -1.0}, ValueError, r"atol must be > 0"),
        ({"max_step": 0.0}, ValueError, r"max_step must be > 0"),
        ({"I": np.nan}, ValueError, r"I must be finite"),
        ({"I": lambda t: np.nan}, ValueError, r"I\(0.0\) must be finite"),
        ({"I": lambda t: 1 / 0}, TypeError, r"calling I\(0.0\) raised ZeroDivisionError"),
        ({"I": "3"}, TypeError, r"I must be a real number"),
        ({"model": "MPR"}, TypeError, r"model must be an MPR, AdaptiveMPR, SynapticMPR or MutualInhibition"),
    ],
)
def test_invalid_arguments_name_the_argument(kwargs, error, message):
    arguments = {"model": MPR(), "y0": (1.2, 0.0), "t_span": (0.0, 1.0)} | kwargs
    model, y0, t_span = arguments.pop("model"), arguments.pop("y0"), arguments.pop("t_span")
    with pytest.raises(error, match=message):
        simulate(model, y0, t_span, **arguments)


def test_integrate_solves_a_linear_system():
    times = np.linspace(0.0, 1.0, 11)
    t, y = integrate(lambda t, y: -y, (1.0, 2.0), (0.0, 1.0), names=("a", "b"), t_eval=times, rtol=1e-12)
    np.testing.assert_allclose(y, np.outer((1.0, 2.0), np.exp(-times)), rtol=1e-10)


def test_integrate_names_the_component_that_leaves_the_domain():
    with pytest.raises(SimulationError, match=r"r2 fell to r_min = 0.5 at t = 0\.69\d*, where \(r1, r2\)"):
        integrate(
            lambda t, y: np.array([0.0, -1.0]) * y,
            (1.0, 1.0),
            (0.0, 2.0),
            names=("r1", "r2"),
            rates=(0, 1),
            r_min=0.5,
        )


def test_integrate_checks_the_number_of_components():
    with pytest.raises(ValueError, match=r"y0 must have 2 components \('r', 'v'\), got shape \(3,\)"):
        integrate(lambda t, y: y, (1.0, 2.0, 3.0), (0.0, 1.0), names=("r", "v"))


def test_run_energy_folds_a_constant_input_into_eta():
    """With the input folded in, H is conserved for delta = 0 (to the integrator's accuracy, rtol 1e-12)."""
    run = simulate(MPR(), (1.2, 0.0), (0.0, 20.0), I=1.5, rtol=1e-12, atol=1e-14)
    values = run.energy()
    assert np.max(np.abs(values - values[0])) < 1e-10 * abs(values[0])
    np.testing.assert_array_equal(values, energy(MPR(), run.r, run.v, 1.5))
    without = energy(MPR(), run.r, run.v)
    assert np.ptp(without) > 1e-3  # measured without the input, H changes along the orbit


def test_run_components_and_inputs():
    from nmmtools import pulse

    kick = pulse(start=1.0, duration=0.5, amplitude=2.0)
    run = simulate(MPR(delta=1.0), (0.1, -2.0), (0.0, 3.0), I=kick, t_eval=np.linspace(0.0, 3.0, 31))
    np.testing.assert_array_equal(run.r, run.y[0])
    np.testing.assert_array_equal(run.s, run.y[2])
    np.testing.assert_array_equal(run.inputs(), np.where((run.t >= 1.0) & (run.t < 1.5), 2.0, 0.0))
    with pytest.raises(AttributeError, match="has no component 'a'"):
        _ = run.a


def test_the_default_step_resolves_the_shortest_pulse():
    """A pulse of 0.01 inside a run that the integrator would otherwise cross in one step of ~0.1:
    it must see it (max_step = duration / 100)."""
    from nmmtools import pulse

    kick = pulse(start=1.0, duration=0.01, amplitude=100.0)
    with_pulse = simulate(MPR(delta=1.0), (0.0811, -1.9616), (0.0, 1.02), I=kick)
    without = simulate(MPR(delta=1.0), (0.0811, -1.9616), (0.0, 1.02))
    assert with_pulse.v[-1] - without.v[-1] == pytest.approx(100.0 * 0.01, rel=0.05)  # the kick: I dt


def test_splitting_ensembles_through_simulate_agree_with_dop853():
    """An ensemble in rescaled time by the order-8 splitting (step 0.1) against DOP853 at rtol 1e-12:
    the splitting's error at this step is ~1e-11 (tests/test_splitting.py); 1e-8 leaves room."""
    starts = np.array([[1.1, 0.0], [1.3, 0.1], [0.9, -0.2]])
    times = np.linspace(0.0, 5.0, 6)
    ensemble = simulate(MPR(), starts, (0.0, 5.0), t_eval=times, time="rescaled", method="splitting")
    assert ensemble.r.shape == (3, 6) and ensemble.t.shape == (3, 6) and ensemble.s.shape == (3, 6)
    for index, start in enumerate(starts):
        reference = simulate(MPR(), start, (0.0, 5.0), t_eval=times, time="rescaled", rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(ensemble.r[index], reference.r, rtol=1e-8)
        np.testing.assert_allclose(ensemble.t[index], reference.t, rtol=1e-8)
    energies = ensemble.energy()
    assert np.max(np.abs(energies - energies[:, :1])) < 1e-9


def test_ensembles_need_a_method_that_integrates_them():
    with pytest.raises(ValueError, match="an ensemble y0 needs method 'splitting', 'heun', 'euler-maruyama'"):
        simulate(MPR(), [[1.1, 0.0], [1.2, 0.0]], (0.0, 1.0), method="DOP853")
    with pytest.raises(ValueError, match="noise > 0 needs method 'heun' or 'euler-maruyama'"):
        simulate(MPR(), [[1.1, 0.0], [1.2, 0.0]], (0.0, 1.0), time="rescaled", method="splitting", noise=0.1)
    with pytest.raises(ValueError, match="method='splitting' integrates in rescaled time"):
        simulate(MPR(), (1.1, 0.0), (0.0, 1.0), method="splitting")


def test_a_run_must_hold_its_models_components_and_have_an_energy():
    """Found by the bad-input suite: a run of an MPR with one row failed with an IndexError in energy()."""
    with pytest.raises(ValueError, match=r"y must have one row per component \(3\)"):
        Run(model=MPR(), t=[0.0, 1.0], y=[[0.0, 0.0]])
    with pytest.raises(TypeError, match="model must be a model of nmmtools"):
        Run(model=None, t=[0.0, 1.0], y=[[0.0, 0.0]])
