"""Every public name of nmmtools, fed random and adversarial input.

Each function must either return a valid (finite) result or raise one of our own
errors: ``TypeError``/``ValueError`` with a message naming the argument, or
``SimulationError``. Anything else (``AttributeError``, ``ZeroDivisionError``,
``IndexError``, ``LinAlgError``, a NaN result) is a bug.
"""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import nmmtools
from nmmtools import (
    MPR,
    ActionPath,
    AdaptiveMPR,
    ArrheniusFit,
    Disconnectivity,
    Ellipse,
    EnergyBudget,
    Fit,
    FitAccuracy,
    FixedPoint,
    FrozenView,
    IntervalPrediction,
    IsingModel,
    LandscapeAnalysis,
    LandscapeValidation,
    MutualInhibition,
    NoiseDwells,
    Prediction,
    QIFNetwork,
    Relaxation,
    Run,
    SaddleManifolds,
    SimulationError,
    Spikes,
    SynapticMPR,
    Turn,
    Well,
    all_states,
    analyse_landscape,
    arrhenius_fit,
    barrier_heights,
    basins,
    binarize,
    bistable_range,
    burst_peaks,
    classify,
    closed_orbit,
    count_switches,
    crossing_period,
    cusp,
    cusp_at_coupling,
    descent_basins,
    disconnectivity,
    dwell_times,
    dwells_by_noise,
    ellipse_deviation,
    energy,
    energy_above_bottom,
    energy_budget,
    energy_grid,
    energy_loss_per_turn,
    energy_rate,
    equilibrium_count,
    escape_action,
    exponential,
    fit_accuracy,
    fit_ellipse,
    fit_ising,
    fixed_points,
    from_complex,
    from_scaled,
    frozen_excitability,
    frozen_partner_views,
    frozen_relaxation,
    inhibition_fixed_points,
    integrate,
    kinetic,
    kuramoto_order,
    level_set,
    local_minima,
    measure_turn,
    minimum_action,
    paired_runs,
    pattern_index,
    period,
    potential,
    potential_nullcline,
    power_law,
    predict_amplitudes,
    predict_intervals,
    pulse,
    pulse_outcomes,
    pulse_response,
    pulse_train,
    ramp,
    random_initial_states,
    rate_error,
    rate_nullcline,
    saddle_manifolds,
    saddle_node_curve,
    saddle_node_curve_at_coupling,
    scaled,
    scaled_energy_variation,
    simulate,
    simulate_network,
    sinusoid,
    spike_amplitude,
    stable_patterns,
    step,
    switches,
    switching_threshold,
    to_complex,
    to_scaled,
    transition_counts,
    turning_points,
    uncoupled_ellipse,
    validate_landscape,
    well,
    well_threshold,
    winner,
    winner_labels,
    winner_state,
    work_precision,
)
from nmmtools.analysis.bursting import MEASUREMENT_POINTS

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
    y=anything,
    time=st.one_of(st.just("physical"), scalars),
)
@example(model=MPR(), t=[[0.0, 0.0]], y=[[0.0, 0.0]], time="physical")  # y without v: was an IndexError
@example(model=None, t=[[0.0, 0.0]], y=[[0.0, 0.0]], time="physical")  # no model: was an AttributeError
def test_run(model, t, y, time):
    run = outcome(lambda: Run(model=model, t=t, y=y, time=time))
    if run is not None:
        assert_finite(outcome(run.energy))
        assert_finite(outcome(run.inputs))


@settings(max_examples=60)
@given(
    model=st.one_of(
        models, scalars, st.just(SynapticMPR()), st.just(AdaptiveMPR()), st.just(MutualInhibition())
    ),
    y0=st.one_of(st.tuples(moderate, moderate), arrays, scalars),
    t_end=moderate,
    I=st.one_of(moderate, st.just(lambda t: np.nan), st.just(lambda t: 1.0 / (t - 0.5))),
    time=st.sampled_from(["physical", "rescaled", "neither"]),
    method=st.sampled_from(["DOP853", "LSODA", "gauss-legendre", "splitting", "euler"]),
)
def test_simulate(model, y0, t_end, I, time, method):  # noqa: E741
    run = outcome(lambda: simulate(model, y0, (0.0, t_end), I=I, time=time, method=method))
    if run is not None:
        assert_finite((run.t, run.y))


@given(
    fun=st.sampled_from(
        [lambda t, y: -y, lambda t, y: y[:1], lambda t, y: 1 / 0, "f", lambda t, y: y * np.nan]
    ),
    y0=st.one_of(st.tuples(moderate, moderate), arrays, scalars),
    t_end=moderate,
    rates=st.sampled_from([(), (0,), (1,), (5,)]),
    stop_at_edge=st.one_of(st.booleans(), scalars),
)
def test_integrate(fun, y0, t_end, rates, stop_at_edge):
    result = outcome(
        lambda: integrate(fun, y0, (0.0, t_end), names=("a", "b"), rates=rates, stop_at_edge=stop_at_edge)
    )
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
    noise=st.one_of(st.just(0.0), st.just(0.5), scalars),
)
def test_synaptic(parameters, y0, t_end, noise):
    model = outcome(lambda: SynapticMPR(*parameters))
    run = outcome(lambda: simulate(model, y0, (0.0, t_end), noise=noise, seed=0))
    if run is not None:
        assert_finite((run.t, run.r, run.v, run.s))


@given(start=anything, duration=anything, amplitude=anything, period=anything, t=anything)
def test_inputs(start, duration, amplitude, period, t):
    for make in (
        lambda: pulse(start=start, duration=duration, amplitude=amplitude),
        lambda: step(start=start, amplitude=amplitude),
        lambda: ramp(duration=duration, top=amplitude),
        lambda: sinusoid(amplitude=amplitude, period=period, mean=start),
        lambda: pulse_train([(start, duration, amplitude)]),
        lambda: pulse_train(t),
    ):
        current = outcome(make)
        if current is not None:
            assert np.isfinite(current(0.5))


@given(model=model_or_junk, I=anything, fraction=anything)
def test_well(model, I, fraction):  # noqa: E741
    basin = outcome(lambda: well(model, I))
    if basin is not None:
        assert isinstance(basin, Well) and basin.depth > 0
        assert_finite(outcome(lambda: basin.level(fraction)))
        assert_finite(outcome(lambda: np.array(basin.turning_points(fraction))))


@settings(max_examples=15)
@given(model=model_or_junk, r_start=scalars, samples=st.one_of(st.integers(-5, 40), scalars))
def test_closed_orbit(model, r_start, samples):
    result = outcome(lambda: closed_orbit(model, r_start, samples))
    if result is not None:
        assert_finite(result)


@given(model=model_or_junk, r=anything, v=anything, t=anything, T=scalars)
def test_scaling_maps(model, r, v, t, T):  # noqa: N803
    assert_finite(outcome(lambda: to_scaled(model, r, v, t)))
    assert_finite(outcome(lambda: from_scaled(model, r, v, t)))


@settings(max_examples=10)
@given(model=st.one_of(models, scalars), y0=st.one_of(st.tuples(moderate, moderate), arrays), T=moderate)
def test_scaled_energy_variation(model, y0, T):  # noqa: N803
    value = outcome(lambda: scaled_energy_variation(model, y0, T))
    assert value is None or (np.isfinite(value) and value >= 0)


@given(eta=anything, h=anything)
def test_uncoupled_ellipse(eta, h):
    ellipse = outcome(lambda: uncoupled_ellipse(eta, h))
    if ellipse is not None:
        assert all(axis > 0 for axis in ellipse.semi_axes)


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
    run = outcome(
        lambda: Run(
            model=model, t=np.arange(values.size), y=np.vstack((values, -values, np.zeros_like(values)))
        )
    )
    for candidate in (run, model, values):
        prediction = outcome(lambda candidate=candidate: predict_amplitudes(candidate, measure_at=measure_at))
        if prediction is not None:
            assert isinstance(prediction, Prediction)
            assert_finite((prediction.measured, prediction.simulated, prediction.predicted))
            assert_finite(prediction.relative_error)


@given(peaks=anything, troughs=anything)
def test_spikes(peaks, troughs):
    """A plain container of indices: built from anything array-like, read back unchanged."""
    spikes = Spikes(peaks=peaks, troughs=troughs)
    assert spikes.peaks is peaks


@given(data=st.lists(st.one_of(st.floats(-3, 3), special_floats), min_size=0, max_size=12), every=scalars)
def test_energy_above_bottom(data, every):
    values = np.array(data, dtype=float)
    run = outcome(lambda: Run(model=MPR(), t=np.arange(values.size), y=np.vstack((values, values, values))))
    for candidate in (run, values):
        heights = outcome(lambda candidate=candidate: energy_above_bottom(candidate, every=every))
        if heights is not None:
            assert_finite(heights)


@given(data=st.lists(st.one_of(st.floats(-3, 3), special_floats), min_size=0, max_size=12), t=anything)
def test_crossing_period(data, t):
    values = np.array(data, dtype=float)
    run = outcome(
        lambda: Run(
            model=MPR(), t=np.arange(values.size), y=np.vstack((np.ones_like(values), values, values))
        )
    )
    for candidate in (run, values, t):
        period = outcome(lambda candidate=candidate: crossing_period(candidate))
        assert period is None or np.isfinite(period)


@settings(max_examples=15)
@given(
    parameters=st.tuples(moderate, moderate, moderate, moderate, moderate),
    y0=st.one_of(st.tuples(moderate, moderate, moderate), arrays),
    t_end=moderate,
)
def test_adaptation(parameters, y0, t_end):
    model = outcome(lambda: AdaptiveMPR(*parameters))
    run = outcome(lambda: simulate(model, y0, (0.0, t_end)))
    if run is not None:
        assert_finite((run.t, run.r, run.v, run.a))


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
        assert isinstance(run, Run)
        assert_finite((run.t, run.r, run.v))
        budget = outcome(lambda: energy_budget(run, 0.01))
        if budget is not None:
            assert_finite((budget.measured, budget.predicted))


@settings(max_examples=10)
@given(N=st.one_of(st.integers(-3, 20), scalars), t_end=st.one_of(st.floats(-1, 0.3), scalars), dt=scalars)
def test_paired_runs(N, t_end, dt):
    net = outcome(lambda: QIFNetwork(N=N))
    runs = outcome(lambda: paired_runs(net, t_end, dt, seed=0))
    for run in runs or []:
        assert_finite((run.t, run.r, run.v))


@given(target=anything, after=anything, smoothing=anything, window=anything)
def test_run_measures(target, after, smoothing, window):
    t = np.linspace(0.0, 1.0, 101)
    run = Run(model=QIFNetwork(N=10), t=t, y=np.vstack((1.0 + 0 * t, 0 * t)))
    result = outcome(lambda: rate_error(run, target, after=after))
    assert result is None or np.all(np.isfinite(result))
    budget = outcome(lambda: energy_budget(run, smoothing))
    if budget is not None:
        assert isinstance(budget, EnergyBudget)
        assert_finite(outcome(lambda: np.array(budget.change(window))))
    assert outcome(lambda: rate_error("run", 1.0)) is None
    assert outcome(lambda: energy_budget(Run(model=MPR(), t=t, y=np.vstack((t, t, t))), 0.1)) is None


@settings(max_examples=15)
@given(
    model=model_or_junk, y0=st.one_of(st.tuples(moderate, moderate), arrays), s_end=moderate, spacing=scalars
)
def test_work_precision(model, y0, s_end, spacing):
    tiny = {"splitting": [{"method": "splitting", "order": 2, "step": 0.5}]}
    points = outcome(lambda: work_precision(model, y0, s_end, settings=tiny, spacing=spacing))
    for point in points or []:
        assert point.seconds >= 0.0 and point.error >= 0.0


@given(x=anything, y=anything, at=anything)
def test_fits(x, y, at):
    for fitter in (power_law, exponential):
        fit = outcome(lambda fitter=fitter: fitter(x, y))
        if fit is not None:
            assert isinstance(fit, Fit) and np.isfinite(fit.slope)
            assert_finite(outcome(lambda fit=fit: fit(at)))


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
    run = outcome(lambda: simulate(model, y0, (0.0, t_end), noise=noise, seed=1))
    if run is not None:
        assert_finite((run.t, run.r, run.v))
        assert_finite(outcome(lambda: dwell_times(run)))
    assert outcome(lambda: dwell_times(y0)) is None


@given(state=anything, threshold=anything, k=st.one_of(st.integers(-2, 3), scalars), rates=anything)
def test_switching_helpers(state, threshold, k, rates):
    index = outcome(lambda: winner(state, threshold))
    assert index is None or index >= 0
    model = MutualInhibition()
    found = outcome(lambda: winner_state(model, k))
    assert found is None or winner(found) == k
    labels = outcome(lambda: basins(model, rates, t_end=1.0))
    if labels is not None:
        assert np.all(np.isin(labels[0], [-1, 0, 1, 2]))


@given(n=anything, activity=anything, thresholds=anything, h=anything, J=anything)
def test_maxent(n, activity, thresholds, h, J):  # noqa: N803
    assert_finite(outcome(lambda: all_states(n)))
    assert_finite(outcome(lambda: binarize(activity, thresholds)))
    model = outcome(lambda: IsingModel(h=h, J=J))
    if model is not None:
        assert_finite(outcome(model.probabilities))
        assert_finite(outcome(lambda: local_minima(model)))
        assert_finite(outcome(lambda: barrier_heights(model)[0]))
    fitted = outcome(lambda: fit_ising(activity))
    if fitted is not None:
        assert_finite(fitted.h)


@given(
    model=model_or_junk,
    h=anything,
    fraction=st.one_of(st.floats(-0.1, 1.0), st.sampled_from([0.0, 1e-14, 1e-9, 1.0 - 1e-9, 1.0 - 1e-14])),
    I=st.one_of(st.just(0.0), anything),
    samples=st.one_of(st.integers(-3, 40), scalars),
)
def test_turn_functions(model, h, fraction, I, samples):  # noqa: E741
    """period, energy_loss_per_turn and level_set at junk energies and at fractions of the depth of the
    well (from just above the bottom to just below the rim): finite values (a period > 0, a loss <= 0)
    or our errors."""
    inside = outcome(lambda: float(well(model, I).level(fraction)))
    for level in (h, inside):
        value = outcome(lambda level=level: period(model, level, I))
        assert value is None or (np.isfinite(value) and value > 0)
        loss = outcome(lambda level=level: energy_loss_per_turn(model, level, I))
        assert loss is None or (np.isfinite(loss) and loss <= 0)
        assert_finite(outcome(lambda level=level: level_set(model, level, samples, I)))


@settings(max_examples=10)
@given(model=model_or_junk, fraction=st.one_of(st.floats(0.05, 0.95), scalars), step=scalars, rtol=scalars)
def test_measure_turn(model, fraction, step, rtol):
    """Levels inside the well (a fraction of its depth) or junk, with junk steps and tolerances."""
    level = outcome(lambda: float(well(model).level(fraction)))
    turn = outcome(lambda: measure_turn(model, fraction if level is None else level, step=step, rtol=rtol))
    if turn is not None:
        assert isinstance(turn, Turn) and np.isfinite([turn.duration, turn.energy_change]).all()


@given(r=anything, v=anything, w=st.one_of(anything, st.complex_numbers(allow_nan=True, allow_infinity=True)))
def test_complex_variable(r, v, w):
    assert_finite(outcome(lambda: to_complex(r, v)))
    assert_finite(outcome(lambda: from_complex(w)))
    order = outcome(lambda: kuramoto_order(r, v))
    assert order is None or np.all(np.abs(order) <= 1.0 + 1e-12)


@given(a=anything, b=anything, c=anything)
def test_bifurcation_curves(a, b, c):
    assert_finite(outcome(lambda: saddle_node_curve(a, b)))
    assert_finite(outcome(lambda: saddle_node_curve_at_coupling(a, b)))
    assert_finite(outcome(lambda: cusp(a)))
    assert_finite(outcome(lambda: cusp_at_coupling(a)))
    interval = outcome(lambda: bistable_range(a, b))
    assert interval is None or (np.isfinite(interval).all() and interval[0] <= interval[1])
    counts = outcome(lambda: equilibrium_count(a, b, c))
    assert counts is None or np.all((counts >= 0) & (counts <= 4))


@settings(max_examples=15)
@given(model=model_or_junk, r=anything, duration=st.one_of(st.just(5.0), scalars), offset=scalars)
def test_phase_plane(model, r, duration, offset):
    assert_finite(outcome(lambda: rate_nullcline(model, r)))
    assert_finite(outcome(lambda: potential_nullcline(model, r)))
    manifolds = outcome(lambda: saddle_manifolds(model, duration=duration, offset=offset))
    if manifolds is not None:
        assert isinstance(manifolds, SaddleManifolds)
        assert_finite((*manifolds.stable, *manifolds.unstable))


@settings(max_examples=20)
@given(
    model=model_or_junk,
    data=st.lists(st.one_of(st.floats(0.01, 3), special_floats), min_size=1, max_size=30),
    measure_at=st.one_of(st.sampled_from(MEASUREMENT_POINTS), scalars),
    gap=scalars,
)
def test_predict_intervals(model, data, measure_at, gap):
    values = np.array(data)
    run = outcome(
        lambda: Run(
            model=model, t=np.arange(values.size), y=np.vstack((values, -values, np.zeros_like(values)))
        )
    )
    for candidate in (run, model, values):
        intervals = outcome(
            lambda candidate=candidate: predict_intervals(candidate, measure_at=measure_at, gap=gap)
        )
        if intervals is not None:
            assert isinstance(intervals, IntervalPrediction)
            assert_finite(
                (intervals.times, intervals.simulated, intervals.predicted, intervals.relative_error)
            )


@settings(max_examples=25)
@given(
    y0=st.one_of(arrays, scalars, st.just([[1.0, 0.0, 0.1, 0.0]] * 2), st.just(np.ones((2, 4)))),
    noise=st.one_of(st.just(1.0), st.just([0.5, 2.0]), anything),
    method=st.sampled_from(["heun", "euler-maruyama", "DOP853", None, "rk"]),
    dt=st.one_of(st.just(0.01), scalars),
)
def test_noisy_ensembles(y0, noise, method, dt):
    run = outcome(
        lambda: simulate(MutualInhibition(), y0, (0.0, 0.2), noise=noise, method=method, dt=dt, seed=0)
    )
    if run is not None:
        assert_finite((run.t, run.y))
        if run.members is not None:
            assert_finite(outcome(lambda: run.member(0).y))
        assert outcome(lambda: run.member(-1)) is None


rates_or_junk = st.one_of(
    st.lists(st.lists(st.floats(0.0, 2.0), min_size=3, max_size=3), min_size=2, max_size=3), anything
)


@given(rates=rates_or_junk, threshold=st.one_of(st.just(0.5), scalars), low=st.one_of(st.none(), scalars))
def test_winners_and_dwells(rates, threshold, low):
    r = outcome(lambda: np.asarray(rates, dtype=float))
    run = None
    if r is not None and r.ndim == 2 and r.shape[0] >= 2 and np.isfinite(r).all():
        y = np.zeros((2 * r.shape[0], r.shape[1]))
        y[0::2] = r
        run = Run(model=MutualInhibition(n=r.shape[0]), t=np.arange(float(r.shape[1])), y=y)
    for function in (winner_labels, dwell_times, count_switches):
        result = outcome(
            lambda function=function: function(run if run is not None else rates, threshold, low)
        )
        assert_finite(np.asarray(result, dtype=float) if result is not None else None)


@given(model=st.one_of(st.just(MutualInhibition(n=3)), scalars), count=anything, rates=anything)
def test_random_initial_states(model, count, rates):
    states = outcome(lambda: random_initial_states(model, count, seed=0, rates=rates))
    if states is not None:
        assert np.all(states[:, 0::2] > 0)


@settings(max_examples=15)
@given(
    noises=st.one_of(st.just([3.0, 4.0]), anything),
    members=st.one_of(st.just(1), scalars),
    t_end=st.one_of(st.just(5.0), st.floats(-1.0, 10.0), scalars),
    sample_every=st.one_of(st.just(0.05), scalars),
    low=st.one_of(st.just(0.2), scalars),
)
def test_dwells_by_noise(noises, members, t_end, sample_every, low):
    found = outcome(
        lambda: dwells_by_noise(
            MutualInhibition(eta=0.0),
            noises,
            members=members,
            t_end=t_end,
            sample_every=sample_every,
            low=low,
        )
    )
    if found is not None:
        assert isinstance(found, NoiseDwells)
        assert_finite(found.dwells)


@given(noises=anything, dwells=st.one_of(anything, st.just([np.arange(1.0, 20.0)] * 3)), confidence=anything)
def test_arrhenius(noises, dwells, confidence):
    fit = outcome(lambda: arrhenius_fit(noises, dwells, confidence=confidence))
    if fit is not None:
        assert isinstance(fit, ArrheniusFit) and np.isfinite([fit.slope, *fit.interval]).all()
        assert_finite(outcome(lambda: fit(noises)))
    outcome(lambda: arrhenius_fit([1.0, 2.0, 3.0], [np.arange(1.0, 20.0)] * 3, minimum=confidence))


@settings(max_examples=20)
@given(start=anything, end=anything, duration=anything, points=st.one_of(st.integers(-2, 12), scalars))
def test_minimum_action(start, end, duration, points):
    path = outcome(
        lambda: minimum_action(
            lambda q, v: v,
            lambda q, p: -p - q,
            (start, [0.0]),
            (end, [0.0]),
            duration=duration,
            points=points,
        )
    )
    if path is not None:
        assert isinstance(path, ActionPath) and np.isfinite(path.action)
    model = MutualInhibition(eta=0.0)
    escape = outcome(lambda: escape_action(model, start, end, duration=1.0, points=8))
    assert escape is None or np.isfinite(escape.action)


@settings(max_examples=15)
@given(
    model=st.one_of(st.just(MutualInhibition()), st.just(MutualInhibition(eta=0.0, n=3)), scalars),
    kick=st.one_of(st.just(0.05), scalars),
    t_end=st.one_of(st.just(1.0), scalars),
    samples=st.one_of(st.just(5), st.integers(-2, 3), scalars),
)
def test_frozen_partner(model, kick, t_end, samples):
    rows = outcome(lambda: frozen_partner_views(model, seeds=3))
    for row in rows or []:
        for view in row:
            assert isinstance(view, FrozenView) and np.isfinite(view.eta_eff)
        relaxation = outcome(
            lambda row=row: frozen_relaxation(row[0], kick=kick, t_end=t_end, samples=samples)
        )
        if relaxation is not None:
            assert isinstance(relaxation, Relaxation)
            assert_finite((relaxation.full, relaxation.frozen))
    run = Run(model=MutualInhibition(), t=np.arange(2.0), y=np.ones((4, 2)), input=[kick, 0.0])
    assert_finite(outcome(lambda: frozen_excitability(run)))
    assert outcome(lambda: frozen_excitability(model)) is None
    threshold = outcome(lambda: well_threshold(model))
    assert threshold is None or np.isfinite(threshold)


binary = st.lists(st.lists(st.sampled_from([-1.0, 1.0]), min_size=3, max_size=3), min_size=1, max_size=30)


@given(samples=st.one_of(binary, anything), count=st.one_of(st.integers(-1, 4), scalars), labels=anything)
def test_landscape_analysis(samples, count, labels):
    assert_finite(outcome(lambda: pattern_index(samples)))
    accuracy = outcome(lambda: fit_accuracy(samples))
    if accuracy is not None:
        assert isinstance(accuracy, FitAccuracy) and np.isfinite([accuracy.D1, accuracy.D2]).all()
    analysis = outcome(lambda: analyse_landscape(samples))
    if analysis is not None:
        assert isinstance(analysis, LandscapeAnalysis) and isinstance(analysis.graph, Disconnectivity)
        assert np.isclose(analysis.occupancy.sum(), 1.0)
    assert_finite(outcome(lambda: transition_counts(labels, count)))
    model = outcome(lambda: IsingModel(h=np.array([0.3, -0.2, 0.1]), J=np.zeros((3, 3))))
    assert_finite(outcome(lambda: descent_basins(model)))
    assert_finite(outcome(lambda: disconnectivity(model).connect))
    assert outcome(lambda: descent_basins(samples)) is None


@settings(max_examples=10)
@given(
    model=st.one_of(st.just(MutualInhibition(eta=0.0, n=3)), scalars),
    runs=st.one_of(st.just(2), scalars),
    t_end=st.one_of(st.just(5.0), scalars),
    threshold=st.one_of(st.just(0.5), scalars),
)
def test_landscape_validation(model, runs, t_end, threshold):
    patterns = outcome(lambda: stable_patterns(model, threshold))
    assert_finite(patterns)
    result = outcome(lambda: validate_landscape(model, runs=runs, t_end=t_end, threshold=threshold))
    if result is not None:
        assert isinstance(result, LandscapeValidation) and result.winner_switches >= 0


@settings(max_examples=15)
@given(
    start=st.one_of(st.just([1.24, -0.13, 0.04, -3.85]), arrays),
    target=st.one_of(st.integers(-1, 2), scalars),
    amplitude=st.one_of(st.just(15.0), scalars),
    duration=st.one_of(st.just(5.0), scalars),
    t_end=st.one_of(st.just(10.0), scalars),
)
def test_pulse_response(start, target, amplitude, duration, t_end):
    run = outcome(
        lambda: pulse_response(MutualInhibition(), start, target, amplitude, duration=duration, t_end=t_end)
    )
    if run is not None:
        assert_finite((run.t, run.y))


def test_switching_bad_input():
    model = MutualInhibition()
    with pytest.raises(ValueError, match="start must be finite"):
        switching_threshold(model, [np.nan, 0, 0, 0], 1)
    with pytest.raises(ValueError, match="y0 must be finite"):
        switches(model, [np.nan, 0, 0, 0], 1, 10.0)
    with pytest.raises(TypeError, match="model must be a MutualInhibition"):
        switches("model", [1.0, 0, 0, 0], 1, 10.0)
    with pytest.raises(ValueError, match="start must be finite"):
        pulse_outcomes(model, [np.nan, 0, 0, 0], 1, [10.0])
    with pytest.raises(ValueError, match="amplitude must be finite"):
        pulse_outcomes(model, [1.0, 0, 0.04, 0], 1, [10.0, np.inf])
    with pytest.raises(ValueError, match="target must be a population index"):
        pulse_outcomes(model, [1.0, 0, 0.04, 0], 2, [10.0])
    with pytest.raises(TypeError, match="model must be a MutualInhibition"):
        inhibition_fixed_points("model")


def test_a_blow_up_is_a_simulation_error_saying_when_and_where():
    with pytest.raises(
        SimulationError, match=r"exceeded bound = 1e\+06 \(blow-up\) at t = .*, where \(r, v, s\)"
    ):
        simulate(MPR(eta=5.0, J=0.0), (1e-8, 5.0), (0.0, 50.0))


COVERED = {
    "MPR": test_mpr,
    "AdaptiveMPR": test_adaptation,
    "SynapticMPR": test_synaptic,
    "MutualInhibition": test_inhibition,
    "QIFNetwork": test_network,
    "fixed_points": test_fixed_points,
    "inhibition_fixed_points": test_inhibition,
    "FixedPoint": test_fixed_point,
    "classify": test_classify,
    "energy": test_energy_functions,
    "kinetic": test_energy_functions,
    "potential": test_energy_functions,
    "energy_rate": test_energy_functions,
    "energy_grid": test_energy_functions,
    "Well": test_well,
    "well": test_well,
    "turning_points": test_turning_points,
    "spike_amplitude": test_spike_amplitude,
    "pulse": test_inputs,
    "pulse_train": test_inputs,
    "step": test_inputs,
    "ramp": test_inputs,
    "sinusoid": test_inputs,
    "simulate": test_simulate,
    "simulate_network": test_network,
    "Run": test_run,
    "SimulationError": test_a_blow_up_is_a_simulation_error_saying_when_and_where,
    "integrate": test_integrate,
    "closed_orbit": test_closed_orbit,
    "crossing_period": test_crossing_period,
    "energy_above_bottom": test_energy_above_bottom,
    "scaled": test_scaled,
    "to_scaled": test_scaling_maps,
    "from_scaled": test_scaling_maps,
    "scaled_energy_variation": test_scaled_energy_variation,
    "Ellipse": test_ellipse,
    "fit_ellipse": test_ellipse_fitting,
    "ellipse_deviation": test_ellipse_fitting,
    "uncoupled_ellipse": test_uncoupled_ellipse,
    "burst_peaks": test_burst_peaks,
    "Spikes": test_spikes,
    "predict_amplitudes": test_predict_amplitudes,
    "Prediction": test_predict_amplitudes,
    "winner": test_switching_helpers,
    "winner_state": test_switching_helpers,
    "switches": test_switching_bad_input,
    "switching_threshold": test_switching_bad_input,
    "pulse_outcomes": test_switching_bad_input,
    "pulse_response": test_pulse_response,
    "basins": test_switching_helpers,
    "dwell_times": test_inhibition,
    "winner_labels": test_winners_and_dwells,
    "count_switches": test_winners_and_dwells,
    "random_initial_states": test_random_initial_states,
    "dwells_by_noise": test_dwells_by_noise,
    "NoiseDwells": test_dwells_by_noise,
    "arrhenius_fit": test_arrhenius,
    "ArrheniusFit": test_arrhenius,
    "minimum_action": test_minimum_action,
    "escape_action": test_minimum_action,
    "ActionPath": test_minimum_action,
    "frozen_excitability": test_frozen_partner,
    "frozen_partner_views": test_frozen_partner,
    "FrozenView": test_frozen_partner,
    "frozen_relaxation": test_frozen_partner,
    "Relaxation": test_frozen_partner,
    "well_threshold": test_frozen_partner,
    "pattern_index": test_landscape_analysis,
    "descent_basins": test_landscape_analysis,
    "disconnectivity": test_landscape_analysis,
    "Disconnectivity": test_landscape_analysis,
    "fit_accuracy": test_landscape_analysis,
    "FitAccuracy": test_landscape_analysis,
    "transition_counts": test_landscape_analysis,
    "analyse_landscape": test_landscape_analysis,
    "LandscapeAnalysis": test_landscape_analysis,
    "stable_patterns": test_landscape_validation,
    "validate_landscape": test_landscape_validation,
    "LandscapeValidation": test_landscape_validation,
    "IsingModel": test_maxent,
    "all_states": test_maxent,
    "binarize": test_maxent,
    "fit_ising": test_maxent,
    "local_minima": test_maxent,
    "barrier_heights": test_maxent,
    "paired_runs": test_paired_runs,
    "energy_budget": test_run_measures,
    "EnergyBudget": test_run_measures,
    "rate_error": test_run_measures,
    "Fit": test_fits,
    "power_law": test_fits,
    "exponential": test_fits,
    "work_precision": test_work_precision,
    "level_set": test_turn_functions,
    "period": test_turn_functions,
    "energy_loss_per_turn": test_turn_functions,
    "measure_turn": test_measure_turn,
    "Turn": test_measure_turn,
    "to_complex": test_complex_variable,
    "from_complex": test_complex_variable,
    "kuramoto_order": test_complex_variable,
    "saddle_node_curve": test_bifurcation_curves,
    "saddle_node_curve_at_coupling": test_bifurcation_curves,
    "cusp": test_bifurcation_curves,
    "cusp_at_coupling": test_bifurcation_curves,
    "bistable_range": test_bifurcation_curves,
    "equilibrium_count": test_bifurcation_curves,
    "rate_nullcline": test_phase_plane,
    "potential_nullcline": test_phase_plane,
    "saddle_manifolds": test_phase_plane,
    "SaddleManifolds": test_phase_plane,
    "predict_intervals": test_predict_intervals,
    "IntervalPrediction": test_predict_intervals,
}


def test_every_public_name_is_in_the_bad_input_suite():
    """The inventory: a new public name must get its adversarial test here."""
    assert sorted(set(nmmtools.__all__) - set(COVERED)) == []
