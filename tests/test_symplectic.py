import numpy as np
import pytest

from nmmtools import MPR, simulate
from nmmtools.integrators.symplectic import COEFFICIENTS, NODES, WEIGHTS, rescaled_jacobian, rescaled_rhs


def relative_error(run):
    values = run.energy()
    return np.abs(values - values[0]) / abs(values[0])


def test_butcher_tableau_satisfies_the_order_conditions():
    assert WEIGHTS.sum() == pytest.approx(1.0, abs=1e-15)
    np.testing.assert_allclose(COEFFICIENTS.sum(axis=1), NODES, atol=1e-15)
    for power in range(1, 6):  # quadrature exact up to degree 5
        assert WEIGHTS @ NODES ** (power - 1) == pytest.approx(1.0 / power, abs=1e-15)


def test_rescaled_jacobian_matches_finite_differences():
    model = MPR(eta=-4.0, J=12.0, tau=1.3)
    r, v, drive, h = 0.9, -0.4, -3.5, 1e-6
    numeric = np.column_stack(
        [
            (rescaled_rhs(model, r + h, v, drive) - rescaled_rhs(model, r - h, v, drive)) / (2 * h),
            (rescaled_rhs(model, r, v + h, drive) - rescaled_rhs(model, r, v - h, drive)) / (2 * h),
        ]
    )
    # central differences: truncation ~h**2 |f'''| ~ 1e-11, rounding ~1e-16 / h ~ 1e-10
    np.testing.assert_allclose(rescaled_jacobian(model, r, v, drive), numeric, atol=1e-8)


def test_energy_error_is_bounded_over_many_orbits():
    """About 200 orbits: the error stays below 1e-10 and does not grow.

    At step 0.05 the order-6 method keeps the relative error near 7e-12 (measured);
    a drift would make the second half of the run worse than the first.
    """
    run = simulate(MPR(), (1.2, 0.0), (0.0, 400.0), time="rescaled", method="gauss-legendre", step=0.05)
    error = relative_error(run)
    half = error.size // 2
    assert error.max() <= 1e-10
    assert error[half:].max() <= 1.5 * error[:half].max()


def test_a_drifting_integrator_fails_the_same_check():
    """DOP853 at a tight tolerance drifts: its error grows from the first half to the second."""
    run = simulate(MPR(), (1.2, 0.0), (0.0, 400.0), time="rescaled", rtol=1e-10, atol=1e-13)
    error = relative_error(run)
    half = error.size // 2
    assert error[half:].max() > 1.5 * error[:half].max()


def test_energy_error_has_order_six():
    errors = []
    for step in (0.1, 0.05):
        run = simulate(MPR(), (1.2, 0.0), (0.0, 20.0), time="rescaled", method="gauss-legendre", step=step)
        errors.append(relative_error(run).max())
    assert 30 < errors[0] / errors[1] < 130  # 2**6 = 64


def test_symplectic_and_adaptive_runs_agree():
    samples = np.linspace(0.0, 10.0, 11)
    symplectic = simulate(
        MPR(), (1.2, 0.0), (0.0, 10.0), t_eval=samples, time="rescaled", method="gauss-legendre", step=0.02
    )
    adaptive = simulate(
        MPR(), (1.2, 0.0), (0.0, 10.0), t_eval=samples, time="rescaled", rtol=1e-12, atol=1e-14
    )
    np.testing.assert_array_equal(symplectic.s, samples)
    np.testing.assert_allclose(symplectic.r, adaptive.r, atol=1e-9)
    np.testing.assert_allclose(symplectic.t, adaptive.t, atol=1e-9)


def test_constant_input_is_folded_into_eta():
    with_input = simulate(
        MPR(eta=-5.0), (1.2, 0.0), (0.0, 3.0), time="rescaled", method="gauss-legendre", I=1.0
    )
    shifted = simulate(MPR(eta=-4.0), (1.2, 0.0), (0.0, 3.0), time="rescaled", method="gauss-legendre")
    np.testing.assert_allclose(with_input.r, shifted.r, rtol=1e-14)


@pytest.mark.parametrize(
    ("model", "kwargs", "message"),
    [
        (MPR(delta=0.5), {"time": "rescaled"}, r"delta must be 0, got delta = 0.5"),
        (MPR(), {"time": "physical"}, r"pass time='rescaled', got time='physical'"),
        (MPR(), {"time": "rescaled", "I": lambda t: 1.0}, r"needs a constant input I"),
        (MPR(), {"time": "rescaled", "step": 0.0}, r"step must be > 0"),
        (MPR(), {"time": "rescaled", "method": "gauss"}, r"method must be one of .*'gauss-legendre'"),
    ],
)
def test_invalid_use_of_the_symplectic_method(model, kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(model, (1.2, 0.0), (0.0, 1.0), **({"method": "gauss-legendre"} | kwargs))
