"""Every public name of nmmtools, fed random and adversarial input.

Each function must either return a valid (finite) result or raise one of our own
errors: ``TypeError``/``ValueError`` with a message naming the argument, or
``SimulationError``. Anything else (``AttributeError``, ``ZeroDivisionError``,
``IndexError``, ``LinAlgError``, a NaN result) is a bug.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nmmtools
from nmmtools import (
    MPR,
    AdaptiveMPR,
    Ellipse,
    FixedPoint,
    MutualInhibition,
    NetworkRun,
    QIFNetwork,
    SimulationError,
    SynapticMPR,
    Trajectory,
    burst_peaks,
    classify,
    ellipse_deviation,
    energy,
    energy_grid,
    energy_rate,
    fit_ellipse,
    fixed_points,
    inhibition_fixed_points,
    integrate,
    kinetic,
    potential,
    predict_amplitudes,
    scaled,
    simulate,
    simulate_adaptation,
    simulate_inhibition,
    simulate_network,
    simulate_synaptic,
    spike_amplitude,
    switching_threshold,
    turning_points,
)
from nmmtools.bursting import MEASUREMENT_POINTS

OUR_ERRORS = (TypeError, ValueError, SimulationError)

special_floats = st.sampled_from([0.0, -0.0, 1e-300, -1e-300, 1e300, -1e300, np.nan, np.inf, -np.inf])
scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    special_floats,
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
    st.complex_numbers(max_magnitude=10),
)
arrays = st.one_of(
    st.lists(st.one_of(st.floats(-1e6, 1e6), special_floats), max_size=4),
    st.lists(st.lists(st.floats(-10, 10), min_size=2, max_size=2), max_size=3),
    st.just(np.empty((0, 3))),
    st.just([[1.0, 2.0], [3.0]]),
)
anything = st.one_of(scalars, arrays)
moderate = st.one_of(st.floats(-50, 50), special_floats, st.none(), st.text(max_size=2))
"""Spans and states: large finite times are valid but slow requests, not bad input."""


def outcome(call):
    """Run ``call``; return its result, or None if it raised one of our errors."""
    try:
        return call()
    except OUR_ERRORS:
        return None


def assert_finite(result):
    if isinstance(result, tuple | list):
        for item in result:
            assert_finite(item)
    elif isinstance(result, np.ndarray) and result.dtype.kind in "fc":
        assert np.all(np.isfinite(result))


models = st.builds(
    MPR, delta=st.floats(0, 3), eta=st.floats(-20, 20), J=st.floats(-30, 30), tau=st.floats(0.2, 3)
)
model_or_junk = st.one_of(models, anything)


@given(delta=anything, eta=anything, J=anything, tau=anything)
def test_mpr(delta, eta, J, tau):
    model = outcome(lambda: MPR(delta=delta, eta=eta, J=J, tau=tau))
    if model is not None:
        assert model.delta >= 0 and model.tau > 0 and np.isfinite([model.eta, model.J]).all()


@given(model=model_or_junk, r=anything, v=anything, I=anything)
def test_energy_functions(model, r, v, I):  # noqa: E741
    for function in (
        lambda: energy(model, r, v),
        lambda: kinetic(model, r, v),
        lambda: potential(model, r, I),
        lambda: energy_rate(model, r, v, I),
        lambda: energy_grid(model, r, v),
    ):
        assert_finite(outcome(function))


@given(model=model_or_junk, I=anything)
def test_fixed_points(model, I):  # noqa: E741
    points = outcome(lambda: fixed_points(model, I))
    for point in points or []:
        assert point.r > 0 and np.isfinite(point.state).all()


@given(eigenvalues=anything)
def test_classify(eigenvalues):
    kind = outcome(lambda: classify(eigenvalues))
    assert kind is None or kind in nmmtools.stability.KINDS


@given(state=anything, eigenvalues=anything, kind=st.one_of(st.sampled_from(["saddle", "centre"]), scalars))
def test_fixed_point(state, eigenvalues, kind):
    outcome(lambda: FixedPoint(state=state, eigenvalues=eigenvalues, kind=kind))


@given(
    model=model_or_junk,
    t=anything,
    s=anything,
    r=anything,
    v=anything,
    time=st.one_of(st.just("physical"), scalars),
)
def test_trajectory(model, t, s, r, v, time):
    trajectory = outcome(lambda: Trajectory(model=model, t=t, s=s, r=r, v=v, time=time))
    if trajectory is not None:
        assert_finite(outcome(trajectory.energy))


@settings(max_examples=60)
@given(
    model=st.one_of(models, scalars),
    y0=st.one_of(st.tuples(moderate, moderate), arrays, scalars),
    t_end=moderate,
    I=st.one_of(moderate, st.just(lambda t: np.nan), st.just(lambda t: 1.0 / (t - 0.5))),
    time=st.sampled_from(["physical", "rescaled", "neither"]),
    method=st.sampled_from(["DOP853", "LSODA", "gauss-legendre", "euler"]),
)
def test_simulate(model, y0, t_end, I, time, method):  # noqa: E741
    run = outcome(lambda: simulate(model, y0, (0.0, t_end), I=I, time=time, method=method))
    if run is not None:
        assert_finite((run.t, run.s, run.r, run.v))


@given(
    fun=st.sampled_from(
        [lambda t, y: -y, lambda t, y: y[:1], lambda t, y: 1 / 0, "f", lambda t, y: y * np.nan]
    ),
    y0=st.one_of(st.tuples(moderate, moderate), arrays, scalars),
    t_end=moderate,
    rates=st.sampled_from([(), (0,), (1,), (5,)]),
)
def test_integrate(fun, y0, t_end, rates):
    result = outcome(lambda: integrate(fun, y0, (0.0, t_end), names=("a", "b"), rates=rates))
    if result is not None:
        assert_finite(result)


@given(x=anything, y=anything)
def test_ellipse_fitting(x, y):
    assert_finite(outcome(lambda: np.array(fit_ellipse(x, y).semi_axes)))
    assert_finite(outcome(lambda: np.array(ellipse_deviation(x, y))))


@given(centre=anything, semi_axes=anything, angle=scalars, coefficients=anything)
def test_ellipse(centre, semi_axes, angle, coefficients):
    outcome(lambda: Ellipse(centre=centre, semi_axes=semi_axes, angle=angle, coefficients=coefficients))


@given(model=model_or_junk)
def test_scaled(model):
    result = outcome(lambda: scaled(model))
    assert result is None or result.J == 1.0


@settings(max_examples=20)
@given(
    parameters=st.tuples(moderate, moderate, moderate, moderate),
    y0=st.one_of(st.tuples(moderate, moderate, moderate), arrays, scalars),
    t_end=moderate,
)
def test_synaptic(parameters, y0, t_end):
    model = outcome(lambda: SynapticMPR(*parameters))
    run = outcome(lambda: simulate_synaptic(model, y0, (0.0, t_end)))
    if run is not None:
        assert_finite((run.t, run.r, run.v, run.s))


@given(model=model_or_junk, h=anything, I=anything)
def test_spike_amplitude(model, h, I):  # noqa: E741
    amplitude = outcome(lambda: spike_amplitude(model, h, I))
    assert amplitude is None or (np.isfinite(amplitude) and amplitude > 0)


@given(model=model_or_junk, h=anything, I=anything)
def test_turning_points(model, h, I):  # noqa: E741
    points = outcome(lambda: turning_points(model, h, I))
    assert points is None or (np.all(np.isfinite(points)) and 0 < points[0] <= points[1])


@given(r=anything, prominence=scalars)
def test_burst_peaks(r, prominence):
    outcome(lambda: burst_peaks(r, prominence=prominence))


@given(
    model=model_or_junk,
    data=st.lists(st.one_of(st.floats(0.01, 3), special_floats), min_size=1, max_size=30),
    measure_at=st.one_of(st.sampled_from(MEASUREMENT_POINTS), scalars),
)
def test_predict_amplitudes(model, data, measure_at):
    values = np.array(data)
    prediction = outcome(
        lambda: predict_amplitudes(
            model, np.arange(values.size), values, -values, np.zeros_like(values), measure_at=measure_at
        )
    )
    if prediction is not None:
        assert_finite((prediction.measured, prediction.simulated, prediction.predicted))


@settings(max_examples=15)
@given(
    parameters=st.tuples(moderate, moderate, moderate, moderate, moderate),
    y0=st.one_of(st.tuples(moderate, moderate, moderate), arrays),
    t_end=moderate,
)
def test_adaptation(parameters, y0, t_end):
    model = outcome(lambda: AdaptiveMPR(*parameters))
    run = outcome(lambda: simulate_adaptation(model, y0, (0.0, t_end)))
    if run is not None:
        assert_finite((run.t, run.r, run.v, run.drive))


@settings(max_examples=20)
@given(
    N=st.one_of(st.integers(-3, 50), scalars),
    delta=moderate,
    dt=st.one_of(st.just(1e-3), scalars),
    t_end=st.one_of(st.floats(-1, 0.5), scalars),
    I=st.one_of(moderate, st.just(lambda t: np.nan)),
)
def test_network(N, delta, dt, t_end, I):  # noqa: E741
    net = outcome(lambda: QIFNetwork(N=N, delta=delta))
    run = outcome(lambda: simulate_network(net, (0.0, t_end), dt, I=I, seed=0))
    if run is not None:
        assert isinstance(run, NetworkRun)
        assert_finite((run.t, run.r, run.v))


@settings(max_examples=15)
@given(
    parameters=st.tuples(moderate, moderate, moderate, moderate),
    n=st.one_of(st.integers(0, 3), scalars),
    y0=st.one_of(st.tuples(moderate, moderate, moderate, moderate), arrays, scalars),
    t_end=moderate,
    noise=st.one_of(st.just(0.0), st.just(1.0), scalars),
)
def test_inhibition(parameters, n, y0, t_end, noise):
    model = outcome(lambda: MutualInhibition(*parameters, n=n))
    if model is not None and model.n == 2:
        for point in outcome(lambda: inhibition_fixed_points(model, seeds=3)) or []:
            assert np.all(np.isfinite(point.state))
    run = outcome(lambda: simulate_inhibition(model, y0, (0.0, t_end), noise=noise, seed=1))
    if run is not None:
        assert_finite((run.t, run.r, run.v))


def test_switching_threshold_bad_input():
    model = MutualInhibition()
    with pytest.raises(ValueError, match="start must be finite"):
        switching_threshold(model, [np.nan, 0, 0, 0], 1)
    with pytest.raises(TypeError, match="model must be a MutualInhibition"):
        inhibition_fixed_points("model")


def test_simulation_error_is_our_runtime_error():
    assert issubclass(SimulationError, RuntimeError)
    with pytest.raises(SimulationError, match="at t = "):
        simulate(MPR(eta=5.0, J=0.0), (1e-8, 5.0), (0.0, 50.0))


COVERED = {
    "MPR": test_mpr,
    "MutualInhibition": test_inhibition,
    "inhibition_fixed_points": test_inhibition,
    "simulate_inhibition": test_inhibition,
    "switching_threshold": test_switching_threshold_bad_input,
    "NetworkRun": test_network,
    "QIFNetwork": test_network,
    "simulate_network": test_network,
    "AdaptiveMPR": test_adaptation,
    "burst_peaks": test_burst_peaks,
    "predict_amplitudes": test_predict_amplitudes,
    "simulate_adaptation": test_adaptation,
    "spike_amplitude": test_spike_amplitude,
    "turning_points": test_turning_points,
    "Ellipse": test_ellipse,
    "SynapticMPR": test_synaptic,
    "ellipse_deviation": test_ellipse_fitting,
    "fit_ellipse": test_ellipse_fitting,
    "scaled": test_scaled,
    "simulate_synaptic": test_synaptic,
    "FixedPoint": test_fixed_point,
    "SimulationError": test_simulation_error_is_our_runtime_error,
    "Trajectory": test_trajectory,
    "classify": test_classify,
    "energy": test_energy_functions,
    "energy_grid": test_energy_functions,
    "energy_rate": test_energy_functions,
    "fixed_points": test_fixed_points,
    "integrate": test_integrate,
    "kinetic": test_energy_functions,
    "potential": test_energy_functions,
    "simulate": test_simulate,
}


def test_every_public_name_is_in_the_bad_input_suite():
    """The inventory: a new public name must get its adversarial test here."""
    assert sorted(set(nmmtools.__all__) - set(COVERED)) == []
