"""The explicit splitting integrator, checked against DOP853 (nmmtools.simulate)."""

import doctest

import numpy as np
import pytest

import nmmtools.integrators.splitting
from nmmtools import MPR, SimulationError, energy, simulate
from nmmtools.integrators.splitting import COMPOSITIONS, DEFAULT_COMPOSITION, SCALAR_ORBITS, splitting

PERIOD = 2.0317
"""Rescaled period of the orbit through (1.2, 0) of MPR() (benchmarks.suite.rescaled_period: 2.03166)."""


def reference(model, y0, s_eval, rtol=1e-12):
    """DOP853 in rescaled time, one orbit at a time: rows r, v, t."""
    s_eval = np.asarray(s_eval, dtype=float)
    runs = [
        simulate(model, y, (0.0, s_eval[-1]), time="rescaled", t_eval=s_eval, rtol=rtol, atol=1e-14)
        for y in np.atleast_2d(y0)
    ]
    return np.array([[getattr(run, name) for run in runs] for name in ("r", "v", "t")])


def final_error(model, y0, s_end, step, composition):
    """Largest difference of (r, v, t) at s_end between the splitting and DOP853 at rtol 1e-12."""
    order = COMPOSITIONS[composition].order
    _, states = splitting(
        model, y0, (0.0, s_end), order=order, step=step, s_eval=[0.0, s_end], composition=composition
    )
    return np.max(np.abs(states[:, -1] - reference(model, y0, [0.0, s_end])[:, 0, -1]))


# Steps (h, h/2) in the asymptotic range of each composition, where the error at h/2
# (>= 1.6e-10) is far above that of the reference (6e-12, DOP853 at rtol 1e-12 against 1e-13).
ORDER_STEPS = {
    "strang": 0.02,
    "triple-jump-4": 0.05,
    "suzuki-4": 0.05,
    "triple-jump-6": 0.1,
    "yoshida-6": 0.1,
    "kahan-li-6": 0.1,
    "triple-jump-8": 0.05,
    "mclachlan-8": 0.2,
    "kahan-li-8": 0.2,
}


@pytest.mark.parametrize("composition", sorted(COMPOSITIONS))
def test_measured_order_of_convergence(composition):
    """The error at s = 10 falls like step**p: the slope between h and h/2 is p within 0.25.

    The next term of the error expansion changes the slope by O(h) (measured: at most 0.04
    here) and the reference's error (6e-12, < 4 % of the smallest error) by less than 0.06.
    """
    step = ORDER_STEPS[composition]
    errors = [final_error(MPR(), (1.2, 0.0), 10.0, h, composition) for h in (step, step / 2)]
    slope = np.log2(errors[0] / errors[1])
    assert slope == pytest.approx(COMPOSITIONS[composition].order, abs=0.25)


@pytest.mark.parametrize("order", sorted(DEFAULT_COMPOSITION))
def test_order_with_heterogeneity_and_tau(order):
    """With delta > 0 (the exact delta-flow in the splitting) and tau != 1 the order is kept.

    The same slope tolerance as above; the steps keep the error at h/2 above 8e-10, far above the
    reference's (3e-13 for this model).
    """
    model = MPR(delta=1.0, tau=0.8)
    step = {2: 0.02, 4: 0.05, 6: 0.1, 8: 0.2}[order]
    errors = [final_error(model, (1.5, 0.0), 10.0, h, DEFAULT_COMPOSITION[order]) for h in (step, step / 2)]
    assert np.log2(errors[0] / errors[1]) == pytest.approx(order, abs=0.25)


def test_compositions_are_consistent_and_symmetric():
    for composition in COMPOSITIONS.values():
        coefficients = np.array(composition.coefficients)
        assert coefficients.sum() == pytest.approx(1.0, abs=1e-14)
        np.testing.assert_array_equal(coefficients, coefficients[::-1])


def ensemble(n):
    """Orbits in the well of MPR() from 3 % to 82 % of its depth; some start with v != 0."""
    r0 = np.linspace(0.6, 1.4, n)
    v0 = np.where(np.abs(r0 - 1.0) < 0.25, np.linspace(-0.5, 0.5, n), 0.0)
    return np.column_stack([r0, v0])


def test_ensemble_agrees_with_dop853():
    """Twelve orbits at once (the array path) against DOP853 one by one, r, v and t at 11 times.

    The tolerance is the splitting's own error, estimated by halving the step (measured 5e-11 at
    order 8, step 0.05), twice, plus 5e-11 for DOP853 at rtol 1e-12 (measured 1e-11 against 1e-13).
    """
    y0, samples = ensemble(12), np.linspace(0.0, 10.0, 11)
    s, states = splitting(MPR(), y0, (0.0, 10.0), order=8, step=0.05, s_eval=samples)
    _, finer = splitting(MPR(), y0, (0.0, 10.0), order=8, step=0.025, s_eval=samples)
    np.testing.assert_array_equal(s, samples)
    assert states.shape == (3, 12, 11)
    estimate = np.max(np.abs(states - finer))
    assert estimate < 1e-9
    np.testing.assert_allclose(states, reference(MPR(), y0, samples), rtol=0, atol=2 * estimate + 5e-11)


def test_ensemble_and_single_orbits_take_the_same_steps():
    """The array path (n > SCALAR_ORBITS) and the float path (one orbit) differ by round-off only.

    About 5000 flows per orbit with relative round-off 1e-16 each: 1e-12 is a bound with room.
    """
    y0, samples = ensemble(SCALAR_ORBITS + 4), np.linspace(0.0, 10.0, 6)
    _, together = splitting(MPR(), y0, (0.0, 10.0), order=6, step=0.05, s_eval=samples)
    alone = np.stack([splitting(MPR(), y, (0.0, 10.0), order=6, step=0.05, s_eval=samples)[1] for y in y0], 1)
    np.testing.assert_allclose(together, alone, rtol=1e-12, atol=1e-12)
    one = splitting(MPR(), y0[0], (0.0, 10.0), order=6, step=0.05, s_eval=samples)[1]
    assert one.shape == (3, 6)


def test_heterogeneous_ensemble_agrees_with_dop853():
    """delta = 0.3, eight orbits: the same tolerance rule as for delta = 0 (error estimated by halving)."""
    model, samples = MPR(delta=0.3), np.linspace(0.0, 10.0, 6)
    y0 = ensemble(8)
    _, states = splitting(model, y0, (0.0, 10.0), order=8, step=0.05, s_eval=samples)
    _, finer = splitting(model, y0, (0.0, 10.0), order=8, step=0.025, s_eval=samples)
    estimate = np.max(np.abs(states - finer))
    assert estimate < 1e-9
    np.testing.assert_allclose(states, reference(model, y0, samples), rtol=0, atol=2 * estimate + 5e-11)


@pytest.mark.parametrize(("order", "step"), [(2, 0.02), (4, 0.05), (6, 0.1), (8, 0.1)])
def test_energy_error_is_bounded_over_long_runs(order, step):
    """200 periods of eight orbits: the relative energy error does not grow.

    A symplectic method of order p conserves a modified energy H + O(step**p) for exponentially
    long times (Hairer, Lubich & Wanner 2006, ch. IX), so the error is reached within the first
    periods and then oscillates. A drift would make the second half worse than the first and the
    whole run worse than its first ten periods. Measured: equal to 1e-3; the bounds allow 10 %.
    """
    model, y0 = MPR(), ensemble(8)
    s, states = splitting(model, y0, (0.0, 200 * PERIOD), order=order, step=step)
    start = energy(model, y0[:, 0], y0[:, 1])[:, None]
    error = np.abs(energy(model, states[0], states[1]) - start) / np.abs(start)
    first, second = error[:, s <= 100 * PERIOD].max(), error[:, s > 100 * PERIOD].max()
    early = error[:, s <= 10 * PERIOD].max()
    assert second <= 1.1 * first
    assert error.max() <= 1.1 * early
    assert error.max() < 1e-4  # and the methods are in their accurate range at these steps


def test_halving_the_step_divides_the_energy_error_by_two_to_the_order():
    """Order 6 over 50 periods: the energy error scales like step**6 (64x per halving, within 25 %)."""
    errors = []
    for step in (0.1, 0.05):
        _, states = splitting(MPR(), (1.2, 0.0), (0.0, 50 * PERIOD), order=6, step=step)
        errors.append(np.max(np.abs(energy(MPR(), states[0], states[1]) / energy(MPR(), 1.2, 0.0) - 1)))
    assert errors[0] / errors[1] == pytest.approx(64, rel=0.25)


def test_constant_input_is_folded_into_eta():
    with_input = splitting(MPR(eta=-5.0), (1.2, 0.0), (0.0, 3.0), I=1.0)[1]
    shifted = splitting(MPR(eta=-4.0), (1.2, 0.0), (0.0, 3.0))[1]
    np.testing.assert_allclose(with_input, shifted, rtol=1e-14)


def test_time_span_need_not_start_at_zero():
    late = splitting(MPR(), (1.2, 0.0), (5.0, 8.0), s_eval=[5.0, 8.0])
    early = splitting(MPR(), (1.2, 0.0), (0.0, 3.0), s_eval=[0.0, 3.0])
    np.testing.assert_array_equal(late[0], [5.0, 8.0])
    np.testing.assert_allclose(late[1], early[1], rtol=1e-14)


def test_an_orbit_that_reaches_r_zero_stops_with_a_clear_error():
    """(0.3, -1) lies outside the well: r reaches 0 at finite s, where the K-flow cannot go on."""
    with pytest.raises(SimulationError, match=r"s = 0 would carry r through 0 in its K-flow for orbit 0"):
        splitting(MPR(), (0.3, -1.0), (0.0, 5.0))


def test_the_guard_names_the_orbit_in_an_ensemble():
    """The array path does not test every stage: the orbit's NaN is found and re-run to explain it."""
    y0 = ensemble(10)
    y0[7] = (0.3, -1.0)
    with pytest.raises(SimulationError, match=r"in its K-flow for orbit 7, from \(r, v\) = \("):
        splitting(MPR(), y0, (0.0, 5.0), s_eval=[0.0, 2.5, 5.0])


def test_a_step_too_large_for_the_negative_coefficients_is_reported():
    """Order-8 triple jump has sub-steps down to -2.8 h: at h = 0.4 one crosses r = 0, the orbit does not."""
    with pytest.raises(SimulationError, match="reduce step"):
        splitting(MPR(), (1.2, 0.0), (0.0, 5.0), order=8, composition="triple-jump-8", step=0.4)
    splitting(MPR(), (1.2, 0.0), (0.0, 5.0), order=8, composition="triple-jump-8", step=0.05)


@pytest.mark.parametrize("n", [1, SCALAR_ORBITS + 2])
def test_a_backward_delta_flow_through_zero_is_reported(n):
    """A negative sub-step of the delta-flow (r**3 decreases by 3 c |d|) can pass r = 0 at small r."""
    y0 = np.tile([0.01, 1.0], (n, 1))
    with pytest.raises(SimulationError, match="in its delta-flow for orbit 0"):
        splitting(
            MPR(delta=1.0, eta=0.0, J=0.0), y0, (0.0, 1.0), order=4, composition="triple-jump-4", step=0.1
        )


def test_docstring_examples_run():
    assert doctest.testmod(nmmtools.integrators.splitting).failed == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"model": "MPR"}, TypeError, "model must be a MPR instance"),
        ({"y0": (1.2, 0.0, 1.0)}, ValueError, r"y0 must be a pair \(r0, v0\) or an array of shape \(n, 2\)"),
        ({"y0": [[1.2, 0.0, 1.0]]}, ValueError, "y0 must be a pair"),
        ({"y0": (-1.0, 0.0)}, ValueError, r"y0\[0\] \(r0\) must be > 0"),
        (
            {"y0": [[1.2, 0.0], [0.0, 0.0]]},
            ValueError,
            r"y0\[:, 0\] \(r0\) must be > 0, got y0\[1, 0\] = 0.0 \(orbit 1\)",
        ),
        ({"y0": (np.nan, 0.0)}, ValueError, "y0 must be finite"),
        ({"y0": "a"}, TypeError, "y0 must be a real number or an array"),
        ({"s_span": (1.0, 0.0)}, ValueError, "s_span must increase"),
        ({"s_span": 3.0}, TypeError, r"s_span must be a pair"),
        ({"order": 5}, ValueError, "order must be 2, 4, 6 or 8, got order = 5"),
        ({"order": 6.0}, TypeError, "order must be an integer"),
        ({"order": True}, TypeError, "order must be an integer"),
        ({"step": 0.0}, ValueError, "step must be > 0"),
        ({"step": np.inf}, ValueError, "step must be finite"),
        ({"s_eval": [0.0, 20.0]}, ValueError, "s_eval must lie inside the time span"),
        ({"s_eval": [2.0, 1.0]}, ValueError, "s_eval must be strictly increasing"),
        ({"I": np.nan}, ValueError, "I must be finite"),
        ({"I": lambda t: 1.0}, TypeError, "I must be a real number"),
        ({"composition": "rk4"}, ValueError, "composition must be one of"),
        ({"composition": "yoshida-6"}, ValueError, r"composition 'yoshida-6' has order 6, but order = 8"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(kwargs, error, message):
    arguments = {"model": MPR(), "y0": (1.2, 0.0), "s_span": (0.0, 10.0), **kwargs}
    with pytest.raises(error, match=message):
        splitting(arguments.pop("model"), arguments.pop("y0"), arguments.pop("s_span"), **arguments)
