import numpy as np
import pytest

from nmmtools import (
    MPR,
    AdaptiveMPR,
    burst_peaks,
    closed_orbit,
    energy,
    fixed_points,
    potential,
    predict_amplitudes,
    simulate,
    sinusoid,
    spike_amplitude,
    turning_points,
)
from nmmtools.analysis.bursting import MEASUREMENT_POINTS, adaptation_run, forced_run


@pytest.mark.parametrize("r_start", [1.1, 1.3, 1.45])
def test_spike_amplitude_matches_the_simulated_orbit(r_start):
    """Independent check: the largest r on a simulated closed orbit (rtol 1e-11) through (r_start, 0)."""
    model = MPR(eta=-5.0, J=15.0)
    r, v = closed_orbit(model, r_start, samples=4000)
    level = float(energy(model, r[1000], v[1000]))  # the energy read at another point of the orbit
    assert spike_amplitude(model, level) == pytest.approx(r.max(), rel=1e-8)


@pytest.mark.parametrize("r_start", [1.1, 1.45])
def test_turning_points_match_the_simulated_orbit(r_start):
    """Both ends of a simulated closed orbit: the smallest and largest r."""
    model = MPR(eta=-5.0, J=15.0)
    r, v = closed_orbit(model, r_start, samples=4000)
    low, high = turning_points(model, float(energy(model, r[1000], v[1000])))
    assert low == pytest.approx(r.min(), rel=1e-6)
    assert high == pytest.approx(r.max(), rel=1e-8)


def test_turning_points_without_a_saddle_are_both_roots():
    """eta > 0: no saddle, U grows without bound as r -> 0, and the left root must still be found."""
    model = MPR(eta=2.0, J=10.0)
    low, high = turning_points(model, 20.0)
    assert low < fixed_points(model)[-1].r < high
    np.testing.assert_allclose(potential(model, np.array([low, high])), 20.0, rtol=1e-12)


def test_spike_amplitude_folds_the_input_into_eta():
    saddle, centre = fixed_points(MPR(eta=-3.5))
    level = float(0.5 * (potential(MPR(eta=-3.5), saddle.r) + potential(MPR(eta=-3.5), centre.r)))
    assert spike_amplitude(MPR(eta=-5.0), level, I=1.5) == pytest.approx(
        spike_amplitude(MPR(eta=-3.5), level), rel=1e-13
    )


def test_spike_amplitude_is_a_root_of_the_potential():
    model = MPR(eta=2.0, J=10.0)
    amplitude = spike_amplitude(model, 20.0)
    assert float(potential(model, amplitude)) == pytest.approx(20.0, rel=1e-12)
    assert amplitude > fixed_points(model)[-1].r


def test_spike_amplitude_at_the_bottom_of_the_well_is_the_centre():
    model = MPR()
    centre = fixed_points(model)[-1]
    assert spike_amplitude(model, float(potential(model, centre.r))) == pytest.approx(centre.r)


@pytest.mark.parametrize(
    ("model", "h", "message"),
    [
        (MPR(), 4.0, "below the bottom of the well"),
        (MPR(), 6.0, "at or above the rim"),
        (MPR(eta=-50.0, J=1.0), 1.0, "no potential well"),
        (MPR(), np.nan, "h must be finite"),
    ],
)
def test_spike_amplitude_errors(model, h, message):
    with pytest.raises(ValueError, match=message):
        spike_amplitude(model, h)


def test_burst_peaks_on_a_known_signal():
    t = np.linspace(0.0, 10.0, 10001)
    r = 1.0 + np.exp(-0.1 * t) * np.sin(2 * np.pi * t)  # peaks near t = 0.25 + k
    spikes = burst_peaks(r, prominence=0.1)
    np.testing.assert_allclose(
        t[spikes.peaks],
        0.25 + np.arange(10) - 0.1 / (4 * np.pi**2 + 0.01) * 2 * np.pi / (2 * np.pi),
        atol=2e-3,
    )
    assert np.all(spikes.troughs < spikes.peaks)
    assert np.all(r[spikes.troughs[1:]] < r[spikes.peaks[:-1]])


def test_burst_peaks_ignores_small_wiggles_and_handles_no_spikes():
    t = np.linspace(0.0, 10.0, 2001)
    assert burst_peaks(1.0 + 0.001 * np.sin(5 * t), prominence=0.01).peaks.size == 0
    with pytest.raises(ValueError, match="prominence must be > 0"):
        burst_peaks(np.ones(10), prominence=0.0)
    with pytest.raises(ValueError, match="r must be one-dimensional"):
        burst_peaks(np.ones((3, 3)))


def test_adaptive_model_bursts():
    run = simulate(AdaptiveMPR(), (0.1, -2.0, 0.0), (0.0, 300.0), t_eval=np.linspace(0.0, 300.0, 30001))
    assert burst_peaks(run.r).peaks.size > 5
    assert run.r.min() < 0.2 < 2.0 < run.r.max()


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"tau_a": -1.0}, "tau_a must be > 0"), ({"beta": -1.0}, "beta must be >= 0")]
)
def test_adaptive_model_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        AdaptiveMPR(**kwargs)


@pytest.fixture(scope="module")
def homogeneous_ringing():
    """A closed orbit of the homogeneous model at constant eta, sampled every 1e-3."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    t = np.linspace(0.0, 20.0, 20001)
    run = simulate(model, (1.3, 0.0), (0.0, 20.0), t_eval=t, rtol=1e-11, atol=1e-13)
    return model, run


@pytest.mark.parametrize("measure_at", MEASUREMENT_POINTS)
def test_predict_amplitudes_is_exact_without_heterogeneity_or_slow_drive(homogeneous_ringing, measure_at):
    """H is conserved, so every peak is predicted. The sampled peak lies below the true one
    by at most |r''| dt**2 / 2 = 3e-6, with r'' = 2 r dv/dt = -5.7 at the peak and dt = 1e-3."""
    model, run = homogeneous_ringing
    prediction = predict_amplitudes(run, measure_at=measure_at)
    assert prediction.times.size == 9
    np.testing.assert_allclose(prediction.predicted, prediction.simulated, rtol=1e-5)


def test_predict_amplitudes_reads_the_energy_on_the_rise(homogeneous_ringing):
    model, run = homogeneous_ringing
    at_trough = predict_amplitudes(run, measure_at="trough")
    at_centre = predict_amplitudes(run)
    centre = fixed_points(model)[-1].r
    np.testing.assert_array_equal(at_centre.times, at_trough.times)
    assert np.all(at_trough.measured < at_centre.measured)
    assert np.all(at_centre.measured < at_centre.times)
    read = np.searchsorted(run.t, at_centre.measured)
    assert np.all(run.r[read] >= centre)
    assert np.all(run.r[read - 1] < centre)  # the first sample at or past the centre
    np.testing.assert_array_equal(at_centre.levels, energy(model, run.r[read], run.v[read]))


def test_predict_amplitudes_rejects_an_unknown_measurement_point(homogeneous_ringing):
    _, run = homogeneous_ringing
    with pytest.raises(ValueError, match="measure_at must be one of 'centre', 'trough'"):
        predict_amplitudes(run, measure_at="peak")


def forced(delta):
    """The chapter's forcing with A = 5, so that every delta bursts."""
    return forced_run(MPR(delta=delta, eta=-5.0, J=15.0), sinusoid(amplitude=5.0, period=200.0), 400.0)


def adapted(delta):
    """The chapter's adaptive model."""
    return adaptation_run(AdaptiveMPR(delta=delta), 300.0)


@pytest.mark.parametrize("burst", [forced, adapted])
def test_prediction_error_shrinks_with_heterogeneity(burst):
    """The chapter's claim: read on the rise, the median error falls as delta falls."""
    medians = []
    for delta in (1.0, 0.25, 0.1):
        prediction = predict_amplitudes(burst(delta))
        assert prediction.times.size >= 10
        medians.append(float(np.median(prediction.relative_error)))
    assert medians[0] < 0.05
    assert medians[0] > medians[1] > medians[2]
