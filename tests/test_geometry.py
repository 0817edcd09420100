"""The geometry behind the energy: every function against an independent computation.

The periods, the energy lost per turn, the manifolds and the equilibrium counts
are checked against simulations with :func:`nmmtools.simulate`, the order
parameter against a Monte Carlo average over the Lorentzian, the fold curves
against equilibria counted numerically, and the sympy derivations of
:mod:`nmmtools.symbolic.geometry` against the numerical functions. The
adversarial (hypothesis) tests of these functions are in ``tests/test_bad_input.py``.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.interpolate import CubicSpline
from scipy.signal import find_peaks

from nmmtools import (
    MPR,
    MutualInhibition,
    SimulationError,
    bistable_range,
    cusp,
    cusp_at_coupling,
    ellipse_deviation,
    energy,
    energy_loss_per_turn,
    energy_rate,
    equilibrium_count,
    fixed_points,
    from_complex,
    integrate,
    kuramoto_order,
    level_set,
    measure_turn,
    period,
    potential,
    potential_nullcline,
    power_law,
    predict_intervals,
    rate_nullcline,
    saddle_manifolds,
    saddle_node_curve,
    saddle_node_curve_at_coupling,
    simulate,
    sinusoid,
    to_complex,
    turning_points,
    well,
)
from nmmtools.analysis.bursting import forced_run
from nmmtools.hamiltonian import potential_difference
from nmmtools.symbolic import geometry as geo
from nmmtools.symbolic import mpr as sym

STEP = 1e-3
"""Sampling step of the simulations; crossings are located on a degree-7 polynomial through 8 samples."""


def level_at(model, fraction):
    """The energy at ``fraction`` of the depth of the well (of 4 above the bottom if there is no rim)."""
    basin = well(model)
    top = basin.U_rim if basin.rim is not None else basin.U_bottom + 4.0
    return basin.U_bottom + fraction * (top - basin.U_bottom)


def downward_crossing(t, values, after=0):
    """Time at which ``values`` first crosses zero downwards after sample ``after``, to ~1e-13."""
    k = after + 1 + int(np.flatnonzero((values[after:-1] > 0) & (values[after + 1 :] <= 0))[0])
    window = slice(k - 4, k + 4)
    fit = np.polynomial.Polynomial.fit(t[window], values[window], 7)
    roots = [root.real for root in fit.roots() if abs(root.imag) < 1e-9 and t[k - 1] <= root.real <= t[k]]
    return roots[0], k


def simulated_turn(model, level, rtol=1e-12):
    """Simulate from the right turning point of the level (of the homogeneous model) for one turn.

    Returns the time of the next downward crossing of ``v = 0`` right of the centre,
    and the energy there (interpolated on the samples like the crossing).
    """
    homogeneous = model.homogeneous()
    right = turning_points(homogeneous, level)[1]
    span = 1.3 * period(homogeneous, level)
    times = np.arange(0.0, span, STEP)
    run = simulate(model, (right, 0.0), (0.0, times[-1]), t_eval=times, rtol=rtol, atol=1e-14)
    centre = well(homogeneous).bottom.r
    after = int(np.argmax(run.r < centre))  # past the left half of the turn
    time, k = downward_crossing(run.t, run.v, after)
    window = slice(k - 4, k + 4)
    energy_there = np.polynomial.Polynomial.fit(run.t[window], run.energy()[window], 7)(time)
    return time, float(energy_there)


# --- the complex variable and the order parameter ------------------------------------------------


def test_conversions_round_trip():
    r, v = np.array([0.0, 0.3, 2.0]), np.array([1.0, -0.5, 0.0])
    back_r, back_v = from_complex(to_complex(r, v))
    np.testing.assert_allclose(back_r, r, rtol=1e-15, atol=1e-16)
    np.testing.assert_array_equal(back_v, v)


def test_complex_field_is_the_simulated_derivative_of_w():
    """d/dt of w(t) = pi r + i v on a simulation (rtol 1e-11, cubic spline of step 1e-3: error ~1e-9)
    is the sympy field Delta + i (eta + J r + I - w**2), here with a constant input."""
    model, current = MPR(delta=1.0, eta=-5.0, J=15.0), 0.7
    times = np.arange(0.0, 3.0, STEP)
    run = simulate(model, (1.2, 0.3), (0.0, times[-1]), t_eval=times, I=current, rtol=1e-11, atol=1e-13)
    w = to_complex(run.r, run.v)
    simulated = CubicSpline(run.t, w.real)(run.t, 1) + 1j * CubicSpline(run.t, w.imag)(run.t, 1)
    field = sp.lambdify((geo.w, sym.r, sym.delta, sym.eta, sym.J, sym.I), geo.complex_field())
    predicted = field(w, run.r, model.delta, model.eta, model.J, current)
    inner = slice(5, -5)  # the spline's end conditions cost accuracy at the ends
    assert np.max(np.abs(simulated - predicted)[inner]) < 1e-6 * np.max(np.abs(predicted))


def test_complex_field_has_the_riccati_form():
    """The claim of the paper, typed here to be checked: dw/dt = Delta + i (eta + J r + I - w**2)."""
    claim = sym.delta + sp.I * (sym.eta + sym.J * sym.r + sym.I - geo.w**2)
    assert sp.simplify(geo.complex_field() - claim) == 0


@pytest.mark.parametrize(("r", "v"), [(0.05, -2.0), (0.4, 0.3), (1.5, 1.0)])
def test_order_parameter_is_the_mean_phase_over_the_lorentzian(r, v):
    """Monte Carlo: potentials V ~ Lorentzian(centre v, half width pi r), phases theta = 2 arctan V,
    Z = mean exp(i theta). With 10**6 seeded samples the standard error is below 1e-3; allow 5e-3."""
    rng = np.random.default_rng(7)
    potentials = v + np.pi * r * np.tan(np.pi * (rng.random(10**6) - 0.5))
    sampled = np.mean(np.exp(2j * np.arctan(potentials)))
    assert abs(sampled - kuramoto_order(r, v)) < 5e-3


DEFICIT = sp.lambdify((sym.r, sym.v), geo.order_parameter_deficit())


@given(r=st.floats(1e-6, 1e3), v=st.floats(-1e3, 1e3))
def test_order_parameter_lies_inside_the_unit_disk(r, v):
    """|Z| < 1 for r > 0; 1 - |Z|**2 equals the sympy deficit 4 pi r / ((1 + pi r)**2 + v**2)."""
    order = kuramoto_order(r, v)
    deficit = DEFICIT(r, v)
    assert abs(order) < 1.0
    assert 1.0 - abs(order) ** 2 == pytest.approx(deficit, rel=1e-8, abs=1e-15)


def test_order_parameter_is_on_the_circle_for_zero_rate():
    assert abs(kuramoto_order(0.0, np.array([-3.0, 0.0, 2.0]))) == pytest.approx(1.0, rel=1e-15)


# --- the period of a turn --------------------------------------------------------------------------


@pytest.mark.parametrize(("eta", "J"), [(-5.0, 15.0), (1.0, 15.0), (2.0, 0.0)])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_period_matches_the_simulated_period(eta, J, fraction):
    """Simulated with DOP853 at rtol 1e-12 from the right turning point: the first return to it
    (v = 0 crossed downwards) agrees with the quadrature (converged to 1e-13) to 1e-10."""
    model = MPR(delta=0.0, eta=eta, J=J)
    level = level_at(model, fraction)
    simulated, _ = simulated_turn(model, level)
    assert period(model, level) == pytest.approx(simulated, rel=1e-10)


def test_period_for_the_classical_parameters():
    """The brief's values at 10 %, 50 % and 90 % of the depth of the well (to the 4 decimals given)."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    periods = [period(model, level_at(model, fraction)) for fraction in (0.1, 0.5, 0.9)]
    np.testing.assert_allclose(periods, [1.9565, 2.1993, 2.8820], atol=5e-5)


def test_period_with_a_membrane_time_constant():
    """tau = 0.5: T = sqrt(tau) * integral, checked against a simulation as above."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0, tau=0.5)
    level = level_at(model, 0.5)
    simulated, _ = simulated_turn(model, level)
    assert period(model, level) == pytest.approx(simulated, rel=1e-10)


@pytest.mark.parametrize("eta", [2.0, 4.0])
def test_isochrony_without_coupling(eta):
    """J = 0: every orbit has the period pi / sqrt(eta) of the Möbius rotation derived with sympy;
    the quadrature converges to 1e-13, so allow 1e-11 at amplitudes from small to very large."""
    model = MPR(delta=0.0, eta=eta, J=0.0)
    rotation = float(geo.riccati_rotation()["period"].subs(sym.eta, eta))
    assert rotation == pytest.approx(np.pi / np.sqrt(eta), rel=1e-15)
    for excess in (1e-3, 0.1, 1.0, 10.0, 100.0):
        assert period(model, well(model).U_bottom + excess) == pytest.approx(rotation, rel=1e-11)


def test_period_at_the_bottom_is_the_small_oscillation_period():
    """The limit at the bottom is 2 pi / omega; just above it T(h) is within T'(h) dh (~1e-6) of it.
    The small-oscillation period of a simulated orbit of amplitude 1e-4 agrees to 1e-6."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    found = well(model)
    bottom_period = period(model, found.U_bottom)
    assert period(model, level_at(model, 1e-6)) == pytest.approx(bottom_period, rel=1e-5)
    times = np.arange(0.0, 2.5, STEP)
    run = simulate(
        model, (found.bottom.r + 1e-4, 0.0), (0.0, times[-1]), t_eval=times, rtol=1e-12, atol=1e-15
    )
    simulated, _ = downward_crossing(run.t, run.v, after=int(np.argmax(run.r < found.bottom.r)))
    assert simulated == pytest.approx(bottom_period, rel=1e-6)


def test_period_diverges_logarithmically_at_the_separatrix():
    """Near the saddle an orbit lingers for (1/lambda) ln(1/epsilon): each factor 10 closer to the
    rim adds ln(10)/lambda, lambda the saddle's unstable eigenvalue (corrections O(epsilon))."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    saddle = next(point for point in fixed_points(model) if point.kind == "saddle")
    periods = [period(model, level_at(model, 1.0 - 10.0**-k)) for k in (4, 5, 6)]
    assert np.all(np.diff(periods) > 0)
    np.testing.assert_allclose(np.diff(periods), np.log(10.0) / saddle.eigenvalues.real.max(), rtol=1e-4)


def test_period_integrand_from_sympy_gives_the_same_period():
    """scipy.quad (rel 1e-12) of the sympy integrand after r = m + d cos(theta), whose Gauss-Kronrod
    nodes avoid the endpoints; h - U loses digits near them, so allow 1e-9."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    level = level_at(model, 0.5)
    left, right = turning_points(model, level)
    middle, half = 0.5 * (left + right), 0.5 * (right - left)
    integrand = sp.lambdify((sym.r, geo.h, sym.eta, sym.J, sym.tau), geo.period_integrand())

    def in_theta(theta):
        return integrand(middle + half * np.cos(theta), level, model.eta, model.J, 1.0) * half * np.sin(theta)

    value, _ = quad(in_theta, 0.0, np.pi, epsabs=0, epsrel=1e-12, limit=200)
    assert value == pytest.approx(period(model, level), rel=1e-9)


@pytest.mark.parametrize("offset", [-0.3, -1e-6, 1e-9, 0.2])
def test_potential_difference_against_high_precision(offset):
    """U(r) - U(r + dr), the cancellation-free form the turn quadratures use, against the potential
    evaluated in 50-digit arithmetic (mpmath): rounding relative to the difference, 1e-13, however small
    dr is. The double-precision difference of nmmtools.potential is exact only for large dr."""
    import mpmath

    model = MPR(eta=-5.0, J=15.0, tau=0.7)
    rate, current = 1.2, 0.4
    with mpmath.workdps(50):

        def U(x):  # noqa: N802
            x = mpmath.mpf(x)
            return (
                (mpmath.mpf(model.eta) + current) / (model.tau * x)
                - model.J * mpmath.log(x)
                + (mpmath.pi**2 * model.tau * x)
            )

        exact = float(U(rate) - U(mpmath.mpf(rate) + mpmath.mpf(offset)))
    value = float(potential_difference(model, rate, offset, current))
    assert value == pytest.approx(exact, rel=1e-13)
    if abs(offset) > 0.1:
        difference = float(potential(model, rate, current) - potential(model, rate + offset, current))
        assert value == pytest.approx(difference, rel=1e-13)


# --- where the energy goes --------------------------------------------------------------------------


def test_energy_loss_per_turn_matches_simulated_turns():
    """One simulated turn (rtol 1e-12; H at the crossing to ~1e-12) from the right turning point at
    half the well's depth. The prediction is first order in delta, so its relative error is
    proportional to delta: about 8e-4, 8e-3, 4e-2 at delta = 0.001, 0.01, 0.05. Assert the error
    below delta and error/delta the same to 5 % over a factor 50 in delta."""
    level = level_at(MPR(delta=0.0, eta=-5.0, J=15.0), 0.5)
    errors = []
    deltas = (0.001, 0.01, 0.05)
    for delta in deltas:
        model = MPR(delta=delta, eta=-5.0, J=15.0)
        _, energy_after = simulated_turn(model, level)
        simulated = energy_after - level
        predicted = energy_loss_per_turn(model, level)
        assert predicted < 0 and simulated < 0
        errors.append(abs(predicted - simulated) / abs(simulated))
    scaled = np.array(errors) / np.array(deltas)
    assert np.all(scaled < 1.0)
    assert scaled.max() / scaled.min() < 1.05


def test_energy_loss_per_turn_with_a_membrane_time_constant():
    """tau = 2 (factor 1/tau**2 and the region |v| <= sqrt(tau r (h - U))): relative error < 2 delta."""
    delta = 0.002
    model = MPR(delta=delta, eta=-5.0, J=15.0, tau=2.0)
    level = level_at(MPR(delta=0.0, eta=-5.0, J=15.0, tau=2.0), 0.5)
    _, energy_after = simulated_turn(model, level)
    assert energy_loss_per_turn(model, level) == pytest.approx(energy_after - level, rel=2 * delta)


def test_area_integral_is_the_loop_integral_of_the_energy_rate_along_a_simulated_orbit():
    """Green's theorem checked on a simulation: along one simulated period (rtol 1e-12) of the
    homogeneous model, the loop integral of dH/dt of the heterogeneous model (nmmtools.energy_rate),
    i.e. the periodic trapezoid rule in t (spectrally accurate), is the area integral that
    energy_loss_per_turn computes (quadrature to 1e-13): agreement to 1e-9."""
    homogeneous = MPR(delta=0.0, eta=-5.0, J=15.0)
    level = level_at(homogeneous, 0.7)
    simulated_period, _ = simulated_turn(homogeneous, level)
    times = np.linspace(0.0, simulated_period, 4001)
    right = turning_points(homogeneous, level)[1]
    run = simulate(homogeneous, (right, 0.0), (0.0, simulated_period), t_eval=times, rtol=1e-12, atol=1e-14)
    heterogeneous = MPR(delta=0.3, eta=-5.0, J=15.0)
    loop = np.sum(energy_rate(heterogeneous, run.r, run.v)[:-1]) * (times[1] - times[0])
    assert loop == pytest.approx(energy_loss_per_turn(heterogeneous, level), rel=1e-9)


def test_energy_loss_integrand_from_sympy_gives_the_same_loss():
    """scipy.quad (rel 1e-12) of the sympy integrand 2 * half width * (-dQ/dr) between the turning points."""
    model = MPR(delta=0.05, eta=-5.0, J=15.0)
    level = level_at(MPR(delta=0.0, eta=-5.0, J=15.0), 0.5)
    left, right = turning_points(model, level)
    integrand = sp.lambdify((sym.r, geo.h, sym.delta, sym.eta, sym.J, sym.tau), geo.energy_loss_integrand())
    value, _ = quad(
        lambda rate: integrand(rate, level, model.delta, model.eta, model.J, 1.0), left, right, epsrel=1e-12
    )
    assert value == pytest.approx(energy_loss_per_turn(model, level), rel=1e-8)


def test_turn_integrals_join_the_harmonic_limit_at_the_bottom():
    """Orbits narrower than HARMONIC_WIDTH use the small-oscillation limit. Across the switch the
    energy loss per unit energy and the period are continuous to the accuracy with which
    h - bottom is known in floating point (rounding of 1e-15 * h against h - bottom ~ 5e-11: 1e-4)."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    heterogeneous = MPR(delta=0.1, eta=-5.0, J=15.0)
    found = well(model)
    wide, narrow = level_at(model, 1e-8), level_at(model, 1e-10)  # half widths 4e-5 and 4e-6 r*
    per_energy = [energy_loss_per_turn(heterogeneous, h) / (h - found.U_bottom) for h in (wide, narrow)]
    assert per_energy[0] == pytest.approx(per_energy[1], rel=1e-4)
    assert period(model, wide) == pytest.approx(period(model, narrow), rel=1e-8)
    assert period(model, narrow) == period(model, found.U_bottom)


def test_energy_loss_vanishes_without_heterogeneity():
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    assert energy_loss_per_turn(model, level_at(model, 0.5)) == 0.0


def test_dulac_divergence_matches_finite_differences():
    """Central differences (step 1e-5, error ~1e-9) of the field divided by r**2, against the sympy
    divergence -2 delta / (pi tau**2 r**3), negative everywhere."""
    model = MPR(delta=0.7, eta=-5.0, J=15.0, tau=1.3)
    divergence = sp.lambdify((sym.r, sym.delta, sym.tau), geo.dulac_divergence())
    step = 1e-5
    for r, v in [(0.2, -1.0), (1.0, 0.5), (2.0, 3.0)]:

        def scaled(r, v):
            return model.rhs(0.0, np.array([r, v])) / r**2

        numerical = (scaled(r + step, v)[0] - scaled(r - step, v)[0]) / (2 * step) + (
            scaled(r, v + step)[1] - scaled(r, v - step)[1]
        ) / (2 * step)
        assert numerical == pytest.approx(divergence(r, model.delta, model.tau), rel=1e-6)
        assert divergence(r, model.delta, model.tau) < 0


def test_energy_one_form_and_green_integrand():
    """dH = Q dv along orbits with Q = -delta / (pi tau**2 r**2): against nmmtools.energy_rate
    and the homogeneous dv/dt at random points (rounding only)."""
    from nmmtools import energy_rate

    rng = np.random.default_rng(3)
    model = MPR(delta=0.4, eta=-5.0, J=15.0, tau=1.7)
    one_form = sp.lambdify((sym.r, sym.delta, sym.tau), geo.energy_one_form())
    r, v = rng.uniform(0.2, 2.0, 50), rng.uniform(-2.0, 2.0, 50)
    homogeneous = MPR(delta=0.0, eta=model.eta, J=model.J, tau=model.tau)
    potential_rate = homogeneous.rhs(0.0, np.array([r, v]))[1]
    np.testing.assert_allclose(
        energy_rate(model, r, v), one_form(r, model.delta, model.tau) * potential_rate, rtol=1e-10, atol=1e-12
    )
    assert sp.simplify(geo.green_integrand() - geo.dulac_divergence()) == 0


# --- level sets ------------------------------------------------------------------------------------


def test_level_set_lies_on_the_energy_level():
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    level = level_at(model, 0.6)
    r, v = level_set(model, level, samples=500)
    np.testing.assert_allclose(energy(model, r, v), level, rtol=1e-12)
    assert r[0] == pytest.approx(turning_points(model, level)[1], rel=1e-15) and v[0] == 0.0
    assert v[1] < 0  # clockwise, as the flow


def test_level_set_encloses_the_area_of_the_simulated_orbit():
    """Shoelace areas of the level set (4000 points) and of a simulated period (4000 samples, rtol 1e-12):
    the polygons approximate the curve to O(1/n**2) ~ 1e-6."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    level = level_at(model, 0.8)
    simulated_period, _ = simulated_turn(model, level)
    times = np.linspace(0.0, simulated_period, 4000, endpoint=False)
    run = simulate(model, (turning_points(model, level)[1], 0.0), (0.0, simulated_period), t_eval=times)

    def area(x, y):
        return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))

    assert area(*level_set(model, level, samples=4000)) == pytest.approx(area(run.r, run.v), rel=1e-5)


def test_level_sets_without_coupling_are_the_sympy_circles():
    """J = 0: points of the level set (energy checked above), mapped to w, lie on the circle
    |w - h / 2 pi|**2 = h**2 / 4 pi**2 - eta that sympy derives (rounding only)."""
    model = MPR(delta=0.0, eta=2.0, J=0.0)
    circle = geo.riccati_circles()
    for excess in (0.5, 5.0):
        level = well(model).U_bottom + excess
        centre = float(circle["centre"].subs(geo.h, level))
        radius_squared = float(circle["radius_squared"].subs({geo.h: level, sym.eta: model.eta}))
        w = to_complex(*level_set(model, level, samples=200))
        np.testing.assert_allclose(np.abs(w - centre) ** 2, radius_squared, rtol=1e-11)


# --- equilibria, folds and the cusp ----------------------------------------------------------------


@pytest.mark.parametrize("rate", [0.15, 0.22, 0.5, 1.0, 1.5])
def test_the_equilibrium_count_changes_across_the_saddle_node_curve(rate):
    """On both branches (below and above the cusp's rate 0.295 for delta = 1), moving eta by 0.1 %
    either way changes the number of equilibria found by fixed_points between 1 and 3, and on the
    side with 3 two of them lie close to the fold's rate (the double root splits like sqrt(d eta))."""
    delta = 1.0
    eta, J = (float(x) for x in saddle_node_curve(delta, rate))
    counts = {side: len(fixed_points(MPR(delta=delta, eta=eta * (1 + side * 1e-3), J=J))) for side in (-1, 1)}
    assert sorted(counts.values()) == [1, 3]
    three = next(side for side, count in counts.items() if count == 3)
    rates = np.array([point.r for point in fixed_points(MPR(delta=delta, eta=eta * (1 + three * 1e-3), J=J))])
    assert np.sum(np.abs(rates - rate) < 0.1 * rate) == 2


def test_the_cusp_for_delta_one():
    """The brief: eta = -sqrt(3), J = 2 pi (4/3)**(3/4) = 7.7962; and numerically: 2 % above the
    cusp's J a window of eta has 3 equilibria, 2 % below it none has (grid of step 1e-3 in eta,
    finer than the window, of width ~7e-3)."""
    eta, J = cusp(1.0)
    assert eta == pytest.approx(-np.sqrt(3.0), rel=1e-14)
    assert J == pytest.approx(2 * np.pi * (4 / 3) ** 0.75, rel=1e-14)
    assert J == pytest.approx(7.7962, abs=5e-5)
    etas = np.arange(-3.0, -0.5, 1e-3)
    assert np.any(equilibrium_count(1.0, etas, 1.02 * J) == 3)
    assert not np.any(equilibrium_count(1.0, etas, 0.98 * J) == 3)


def test_the_cusp_scales_with_delta():
    for delta in (0.25, 4.0):
        eta, J = cusp(delta)
        assert eta == pytest.approx(-np.sqrt(3.0) * delta, rel=1e-14)
        assert J == pytest.approx(7.79621703666 * np.sqrt(delta), rel=1e-10)


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.7])
def test_the_count_changes_across_the_curve_at_fixed_coupling(rate):
    """(eta, delta) picture at J = 15: moving eta by 0.1 % across the curve changes the count."""
    eta, delta = (float(x[0]) for x in saddle_node_curve_at_coupling(15.0, [rate]))
    counts = {len(fixed_points(MPR(delta=delta, eta=eta * (1 + side * 1e-3), J=15.0))) for side in (-1, 1)}
    assert counts == {1, 3}


def test_equilibrium_count_agrees_with_fixed_points():
    rng = np.random.default_rng(11)
    delta = rng.choice([0.0, 0.3, 1.0, 3.0], 300)
    eta, J = rng.uniform(-10.0, 5.0, 300), rng.uniform(-5.0, 25.0, 300)
    expected = [len(fixed_points(MPR(delta=d, eta=e, J=j))) for d, e, j in zip(delta, eta, J, strict=True)]
    np.testing.assert_array_equal(equilibrium_count(delta, eta, J), expected)
    assert equilibrium_count(1.0, np.zeros((2, 3)), 15.0).shape == (2, 3)


def test_equilibrium_count_against_simulated_attractors():
    """Simulations from a grid of starting points (60 time units) end at 2 distinct states where 3
    equilibria are counted (two attractors and a saddle), at 1 where 1 is counted."""
    for eta, J, attractors in ((-5.0, 15.0, 2), (-5.0, 5.0, 1)):
        count = int(equilibrium_count(1.0, eta, J))
        ends = []
        for r0 in (0.05, 0.5, 1.0, 1.6):
            for v0 in (-2.0, 0.0, 1.5):
                run = simulate(MPR(delta=1.0, eta=eta, J=J), (r0, v0), (0.0, 60.0), t_eval=[60.0])
                ends.append((round(float(run.r[-1]), 4), round(float(run.v[-1]), 4)))
        assert len(set(ends)) == attractors
        assert count == 2 * attractors - 1


def test_sympy_equilibria_against_fixed_points():
    """The sympy curve of equilibria (v*(r), eta(r)) holds at the equilibria that fixed_points finds
    (np.roots of the quartic, accurate to ~1e-12)."""
    curve = geo.equilibrium_curve()
    for model in (MPR(delta=1.0, eta=-5.0, J=15.0), MPR(delta=0.3, eta=-2.0, J=10.0)):
        for point in fixed_points(model):
            values = {sym.r: point.r, sym.delta: model.delta, sym.J: model.J}
            assert float(curve["v"].subs(values)) == pytest.approx(point.v, rel=1e-12)
            assert float(curve["eta"].subs(values)) == pytest.approx(model.eta, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("rate", [0.1, 0.3, 1.0])
def test_fold_curves_are_equilibria_with_a_singular_jacobian(rate):
    """On both fold curves (in (eta, J) at delta = 0.8, and in (eta, delta) at J = 15), the state
    (r, -delta / (2 pi r)) is an equilibrium of MPR.rhs and the Jacobian of the field there
    (nmmtools.models.mpr.jacobian_of_field, not the sympy one) is singular: rounding only, 1e-10
    relative to the size of its entries."""
    eta, J = saddle_node_curve(0.8, rate)
    checks = [(0.8, float(eta), float(J))]
    if rate < 15.0 / (2 * np.pi**2):
        eta, delta = saddle_node_curve_at_coupling(15.0, [rate])
        checks.append((float(delta[0]), float(eta[0]), 15.0))
    for delta, eta, J in checks:
        model = MPR(delta=delta, eta=eta, J=J)
        state = np.array([rate, -delta / (2 * np.pi * rate)])
        assert np.max(np.abs(model.rhs(0.0, state))) < 1e-12 * max(1.0, abs(eta), J * rate)
        jacobian = model.jacobian(*state)
        assert abs(np.linalg.det(jacobian)) < 1e-10 * np.max(np.abs(jacobian)) ** 2


# --- nullclines and manifolds ----------------------------------------------------------------------


def test_nullclines_meet_at_the_equilibria():
    model = MPR(delta=1.0, eta=-5.0, J=15.0)
    rates = np.linspace(0.05, 2.0, 50)
    np.testing.assert_allclose(
        model.rhs(0.0, np.array([rates, rate_nullcline(model, rates)]))[0], 0.0, atol=1e-14
    )
    kept, upper = potential_nullcline(model, rates)
    for branch in (upper, -upper):
        np.testing.assert_allclose(model.rhs(0.0, np.array([kept, branch]))[1], 0.0, atol=1e-12)
    for point in fixed_points(model):
        assert float(rate_nullcline(model, point.r)) == pytest.approx(point.v, rel=1e-12)
        _, height = potential_nullcline(model, np.array([point.r]))
        assert height[0] == pytest.approx(abs(point.v), rel=1e-9)


def test_unstable_manifold_ends_at_the_attractors_and_stable_manifold_separates_them():
    """The saddle's unstable branches run into the node and the focus; two starts 1e-3 on either side of
    the stable manifold (simulated 60 time units) end in different attractors."""
    model = MPR(delta=1.0, eta=-5.0, J=15.0)
    node, saddle, focus = fixed_points(model)
    manifolds = saddle_manifolds(model)
    assert manifolds.saddle.r == pytest.approx(saddle.r)
    assert np.hypot(*(manifolds.unstable[0][:, -1] - focus.state)) < 1e-2
    assert np.hypot(*(manifolds.unstable[1][:, -1] - node.state)) < 1e-6
    for branch in manifolds.stable:
        k = branch.shape[1] // 4
        tangent = branch[:, k + 1] - branch[:, k - 1]
        normal = np.array([-tangent[1], tangent[0]]) / np.hypot(*tangent)
        ends = []
        for side in (-1, 1):
            run = simulate(model, branch[:, k] + side * 1e-3 * normal, (0.0, 60.0), t_eval=[60.0])
            ends.append(np.argmin([np.hypot(run.r[-1] - p.r, run.v[-1] - p.v) for p in (node, focus)]))
        assert sorted(ends) == [0, 1]


def test_integrate_stops_at_the_edge_when_asked():
    """dy/dt = -y from 1 reaches r_min = 0.5 at t = ln 2: with stop_at_edge the samples (every 1e-3)
    end there, without an error; without it, a SimulationError says when."""
    samples = np.arange(0.0, 2.0, 1e-3)
    t, y = integrate(
        lambda t, y: -y,
        [1.0],
        (0.0, samples[-1]),
        names=("r",),
        rates=(0,),
        t_eval=samples,
        r_min=0.5,
        stop_at_edge=True,
    )
    assert np.log(2.0) - 1e-3 < t[-1] <= np.log(2.0) and np.all(y[0] > 0.5)
    with pytest.raises(SimulationError, match=r"r fell to r_min = 0.5 at t = 0.693147"):
        integrate(lambda t, y: -y, [1.0], (0.0, 2.0), names=("r",), rates=(0,), r_min=0.5)


# --- bad input --------------------------------------------------------------------------------------


def test_bad_input_is_reported_with_the_allowed_range():
    homogeneous, heterogeneous = MPR(delta=0.0), MPR(delta=0.5)
    found = well(homogeneous)
    with pytest.raises(ValueError, match=r"period needs a homogeneous model, delta = 0.*got delta = 0.5"):
        period(heterogeneous, found.U_bottom + 0.1)
    for level in (found.U_bottom - 0.1, found.U_rim, found.U_rim + 1.0):
        for function in (period, energy_loss_per_turn, level_set):
            with pytest.raises(ValueError, match=r"h must lie in the well, bottom <= h < rim: \[4.8679"):
                function(homogeneous, level)
    with pytest.raises(ValueError, match="no potential well"):
        period(MPR(delta=0.0, eta=-7.0, J=15.0), 1.0)
    with pytest.raises(TypeError, match="model must be a MPR"):
        period("model", 1.0)
    with pytest.raises(TypeError, match="h must be a real number"):
        period(homogeneous, "5")
    with pytest.raises(ValueError, match="h must be finite"):
        energy_loss_per_turn(heterogeneous, np.nan)
    with pytest.raises(ValueError, match=r"r must be >= 0 \(a firing rate\), got r\[1\] = -1.0"):
        to_complex([1.0, -1.0], 0.0)
    with pytest.raises(ValueError, match="Re w >= 0"):
        from_complex(-1.0 + 2j)
    with pytest.raises(ValueError, match="v must be finite"):
        kuramoto_order(1.0, np.inf)
    with pytest.raises(ValueError, match="r must be > 0"):
        saddle_node_curve(1.0, [0.5, 0.0])
    with pytest.raises(ValueError, match="delta must be >= 0"):
        saddle_node_curve(-1.0, 0.5)
    with pytest.raises(ValueError, match="delta must be > 0"):
        cusp(0.0)
    with pytest.raises(ValueError, match=r"r must be <= J / \(2 pi\*\*2\)"):
        saddle_node_curve_at_coupling(15.0, [0.5, 1.0])
    with pytest.raises(ValueError, match="delta must be >= 0"):
        equilibrium_count([1.0, -0.1], -5.0, 15.0)
    with pytest.raises(ValueError, match="must have shapes that broadcast"):
        equilibrium_count(1.0, np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="samples must be an integer >= 8"):
        level_set(homogeneous, found.U_bottom + 0.1, samples=3)
    with pytest.raises(ValueError, match="exactly one saddle, it has 0"):
        saddle_manifolds(MPR(delta=1.0, eta=-5.0, J=5.0))
    with pytest.raises(ValueError, match="r_floor must be < bound"):
        saddle_manifolds(MPR(delta=1.0), r_floor=2.0, bound=1.0)


# --- measurements on simulations -----------------------------------------------------------------


@pytest.mark.parametrize("delta", [0.0, 0.01, 0.05])
def test_measure_turn_matches_an_event_located_turn(delta):
    """Independent: scipy's solve_ivp (DOP853, rtol 1e-12) with an event at the downward crossing of
    v = 0 right of the centre, H evaluated at the event state. Agreement to 1e-9 (duration) and
    1e-9 * |h| (energy change) covers both integrators' errors."""
    from scipy.integrate import solve_ivp

    model = MPR(delta=delta, eta=-5.0, J=15.0)
    homogeneous = MPR(delta=0.0, eta=-5.0, J=15.0)
    level = level_at(homogeneous, 0.5)
    centre = well(homogeneous).bottom.r

    def crossing(t, y):  # v, right of the centre and after the start (itself on v = 0)
        return y[1] if y[0] > centre and t > 0.5 else 1.0

    crossing.direction = -1
    crossing.terminal = True
    start = (turning_points(homogeneous, level)[1], 0.0)
    run = solve_ivp(model.rhs, (0.0, 5.0), start, method="DOP853", rtol=1e-12, atol=1e-14, events=crossing)
    (time,) = run.t_events[0][-1:]
    state = run.y_events[0][-1]
    turn = measure_turn(model, level)
    assert turn.duration == pytest.approx(time, rel=1e-9)
    assert turn.energy_change == pytest.approx(float(energy(model, *state)) - level, abs=1e-9 * abs(level))
    if delta == 0.0:
        assert turn.duration == pytest.approx(period(model, level), rel=1e-10)


def test_deviation_of_level_sets_from_ellipses_against_simulated_orbits_and_amplitude():
    """Level sets vs one simulated period (4000 samples): the algebraic fit weights points by their
    density along the curve, which differs between the two samplings (~2 %); allow 5 %. Near the
    centre the deviation grows linearly with the amplitude (the cubic term of U): exponent 1 +- 0.02."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    level = level_at(model, 0.3)
    duration = period(model, level)
    times = np.linspace(0.0, duration, 4000, endpoint=False)
    run = simulate(model, (turning_points(model, level)[1], 0.0), (0.0, duration), t_eval=times, rtol=1e-12)
    from_level_set = ellipse_deviation(*level_set(model, level, samples=2000))
    assert from_level_set == pytest.approx(ellipse_deviation(run.r, run.v), rel=0.05)
    levels = [level_at(model, fraction) for fraction in (1e-4, 1e-3, 1e-2)]
    amplitudes = [turning_points(model, h)[1] / well(model).bottom.r - 1.0 for h in levels]
    deviations = [ellipse_deviation(*level_set(model, h, samples=2000)) for h in levels]
    assert power_law(amplitudes, deviations).slope == pytest.approx(1.0, abs=0.02)
    assert ellipse_deviation(*level_set(MPR(delta=0.0, eta=2.0, J=0.0), 10.0, samples=2000)) < 1e-12


def test_predict_intervals_without_heterogeneity_gives_the_simulated_period():
    """delta = 0, no drive: every interval is one period; spike times refined by parabolas through
    samples 1e-3 apart are accurate to ~1e-8, so predicted and simulated agree to 1e-6."""
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    times = np.arange(0.0, 12.0, STEP)
    run = simulate(model, (1.3, 0.0), (0.0, times[-1]), t_eval=times, rtol=1e-12, atol=1e-14)
    for place in ("centre", "trough"):
        result = predict_intervals(run, measure_at=place)
        assert result.times.size >= 4
        np.testing.assert_allclose(result.predicted, result.simulated, rtol=1e-6)


def test_both_reading_points_compare_the_same_intervals():
    """The first burst of eta = -5 + 3 sin(2 pi t / 200), delta = 1, J = 15: the trough cannot read the
    energy of the burst's first spike (the trough before it is outside the well), but the interval
    that ends at the second spike is still compared. Both readings end intervals at the same spikes,
    and every interval is the time between neighbouring peaks of the rate (scipy's find_peaks, refined
    by the same parabola: equal to rounding)."""
    run = forced_run(MPR(delta=1.0, eta=-5.0, J=15.0), sinusoid(amplitude=3.0, period=200.0), 60.0)
    trough, centre = (predict_intervals(run, measure_at=place) for place in ("trough", "centre"))
    assert trough.times.size >= 10
    np.testing.assert_array_equal(trough.times, centre.times)
    np.testing.assert_array_equal(trough.simulated, centre.simulated)
    peaks, _ = find_peaks(run.r, prominence=0.05)
    before, at, after = run.r[peaks - 1], run.r[peaks], run.r[peaks + 1]
    refined = run.t[peaks] + 0.5 * (before - after) / (before - 2 * at + after) * (run.t[1] - run.t[0])
    for end, interval in zip(trough.times, trough.simulated, strict=True):
        index = int(np.argmin(np.abs(refined - end)))
        assert index > 0 and interval == pytest.approx(refined[index] - refined[index - 1], abs=1e-12)


def test_predicted_intervals_improve_as_the_population_becomes_homogeneous():
    """Forced bursting (eta = -5 + 5 sin(2 pi t / 200), J = 15, first burst): with the energy read at
    the trough, the middle of a turn, the median error at delta = 0.1 is below half that at 0.5."""
    medians = []
    for delta in (0.5, 0.1):
        run = forced_run(MPR(delta=delta, eta=-5.0, J=15.0), sinusoid(amplitude=5.0, period=200.0), 120.0)
        result = predict_intervals(run, measure_at="trough")
        assert result.times.size > 10
        medians.append(np.median(result.relative_error))
    assert medians[1] < 0.5 * medians[0]


@pytest.mark.parametrize("delta", [0.5, 1.0, 3.0])
def test_bistable_range_bounds_the_three_equilibria(delta):
    """0.1 % inside either end of the interval fixed_points finds 3 equilibria, 0.1 % outside 1."""
    low, high = bistable_range(delta, 15.0)
    for end, inward in ((low, 1), (high, -1)):
        counts = [
            len(fixed_points(MPR(delta=delta, eta=end + side * 1e-3 * abs(end), J=15.0))) for side in (1, -1)
        ]
        assert counts == ([3, 1] if inward == 1 else [1, 3])
    assert bistable_range(delta, 0.99 * cusp(delta)[1]) is None


def test_bistable_range_without_heterogeneity_is_the_well():
    """delta = 0: the well (saddle and centre) exists for -J**2 / (4 pi**2) < eta < 0."""
    low, high = bistable_range(0.0, 15.0)
    assert low == pytest.approx(-(15.0**2) / (4 * np.pi**2), rel=1e-14) and high == 0.0
    assert len(fixed_points(MPR(delta=0.0, eta=0.99 * low, J=15.0))) == 2
    assert len(fixed_points(MPR(delta=0.0, eta=1.01 * low, J=15.0))) == 0


def test_cusp_at_coupling_is_the_cusp_of_that_coupling():
    """Inverse of cusp(): at delta_c the cusp's coupling is J (rounding only); and 2 % in delta below
    the cusp a range of eta has 3 equilibria (fixed_points via equilibrium_count), 2 % above none has."""
    eta, delta = cusp_at_coupling(15.0)
    assert cusp(delta) == pytest.approx((eta, 15.0), rel=1e-13)
    etas = np.arange(-9.0, -4.0, 1e-3)
    assert np.any(equilibrium_count(0.98 * delta, etas, 15.0) == 3)
    assert not np.any(equilibrium_count(1.02 * delta, etas, 15.0) == 3)


def test_frozen_partner_energies_change_at_the_sympy_rate():
    """Two homogeneous populations with mutual inhibition (nmmtools.simulate, DOP853 at rtol 1e-9):
    d/dt of H(r_1, v_1; eta - Jc r_2) + H(r_2, v_2; eta - Jc r_1), the frozen-partner energies of
    Run.energy (MutualInhibition.frozen), from a cubic spline of the run (step 1e-3, error ~1e-8)
    equals the sympy rate, which is far from zero."""
    model = MutualInhibition(delta=0.0, eta=-3.0, J=15.0, Jc=10.0)
    times = np.arange(0.0, 2.0, STEP)
    run = simulate(model, (1.2, 0.3, 0.4, -0.2), (0.0, times[-1]), t_eval=times)
    r, v = run.r, run.v
    total = run.energy().sum(axis=0)
    simulated = CubicSpline(run.t, total)(run.t, 1)
    rate = sp.lambdify((geo.r1, geo.v1, geo.r2, geo.v2, geo.Jc), geo.frozen_partner_energy_rate()["sum"])
    predicted = rate(r[0], v[0], r[1], v[1], model.Jc)
    inner = slice(5, -5)
    assert np.max(np.abs(simulated - predicted)[inner]) < 1e-5 * np.max(np.abs(predicted))
    assert np.max(np.abs(predicted)) > 1.0
