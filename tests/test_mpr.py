import numpy as np
import pytest

from nmmtools import MPR, FixedPoint, classify, fixed_points


def test_defaults_are_the_homogeneous_classical_model():
    model = MPR()
    assert (model.delta, model.eta, model.J, model.tau) == (0.0, -5.0, 15.0, 1.0)


def test_model_is_immutable():
    with pytest.raises(AttributeError):
        MPR().eta = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"delta": -0.1}, r"delta must be >= 0, got delta = -0.1"),
        ({"tau": 0.0}, r"tau must be > 0, got tau = 0.0"),
        ({"tau": -2.0}, r"tau must be > 0, got tau = -2.0"),
        ({"eta": float("nan")}, r"eta must be finite, got eta = nan"),
        ({"J": float("inf")}, r"J must be finite, got J = inf"),
        ({"delta": float("nan")}, r"delta must be finite"),
    ],
)
def test_invalid_parameters_name_the_parameter_and_range(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MPR(**kwargs)


@pytest.mark.parametrize("value", ["1.0", None, True, 1 + 2j])
def test_non_real_parameters_are_type_errors(value):
    with pytest.raises(TypeError, match="eta must be a real number"):
        MPR(eta=value)


def test_rhs_matches_the_equations_by_hand():
    model = MPR(delta=1.0, eta=-5.0, J=15.0, tau=2.0)
    r, v, current = 0.3, -0.4, 1.5
    drdt, dvdt = model.rhs(0.0, (r, v), current)
    assert drdt == pytest.approx((1.0 / (np.pi * 2.0) + 2 * r * v) / 2.0, rel=1e-15)
    assert dvdt == pytest.approx(
        (v**2 - 5.0 + 15.0 * 2.0 * r - (np.pi * 2.0 * r) ** 2 + current) / 2.0, rel=1e-15
    )


def test_rhs_accepts_an_input_function_of_time():
    model = MPR()
    constant = model.rhs(3.0, (0.5, 0.1), 2.0)
    function = model.rhs(3.0, (0.5, 0.1), lambda t: t - 1.0)
    np.testing.assert_array_equal(constant, function)


def test_rhs_is_vectorised_over_states():
    model = MPR(delta=0.5)
    states = np.array([[0.2, 0.5, 1.0], [-1.0, 0.0, 0.3]])
    together = model.rhs(0.0, states)
    for column in range(3):
        np.testing.assert_array_equal(together[:, column], model.rhs(0.0, states[:, column]))


def test_jacobian_matches_finite_differences():
    model = MPR(delta=0.7, eta=-3.0, J=12.0, tau=1.3)
    state = np.array([0.8, -0.25])
    step = 1e-6
    columns = [(model.rhs(0, state + e) - model.rhs(0, state - e)) / (2 * step) for e in step * np.eye(2)]
    # central differences of a quadratic field are exact up to rounding (~1e-16 / step)
    np.testing.assert_allclose(model.jacobian(*state), np.column_stack(columns), atol=1e-8)


def test_homogeneous_fixed_points_match_the_closed_form():
    model = MPR(delta=0.0, eta=-5.0, J=15.0)
    discriminant = np.sqrt(15.0**2 - 4 * np.pi**2 * 5.0)
    expected = [(15.0 - discriminant) / (2 * np.pi**2), (15.0 + discriminant) / (2 * np.pi**2)]
    points = fixed_points(model)
    assert [p.kind for p in points] == ["saddle", "centre"]
    np.testing.assert_allclose([p.r for p in points], expected, rtol=1e-12)
    assert all(p.v == 0.0 for p in points)
    # the brief's numbers: centre near 1.03, saddle near 0.49
    assert points[1].r == pytest.approx(1.026, abs=1e-3)
    assert points[0].r == pytest.approx(0.494, abs=1e-3)


def test_fixed_points_scale_with_tau():
    one = fixed_points(MPR(eta=-5.0, J=15.0, tau=1.0))
    two = fixed_points(MPR(eta=-5.0, J=15.0, tau=2.0))
    np.testing.assert_allclose([p.r for p in two], [p.r / 2.0 for p in one], rtol=1e-12)


def test_heterogeneous_classical_model_is_bistable():
    points = fixed_points(MPR(delta=1.0, eta=-5.0, J=15.0))
    assert [p.kind for p in points] == ["stable node", "saddle", "stable focus"]
    for point in points:
        np.testing.assert_allclose(MPR(delta=1.0).rhs(0.0, point.state), 0.0, atol=1e-10)


def test_input_is_folded_into_eta():
    with_input = fixed_points(MPR(delta=1.0, eta=-5.0), I=2.0)
    shifted = fixed_points(MPR(delta=1.0, eta=-3.0))
    np.testing.assert_allclose([p.r for p in with_input], [p.r for p in shifted], rtol=1e-12)


def test_no_equilibrium_gives_an_empty_list():
    # pi**2 r**2 - r + 50 = 0 has no real root
    assert fixed_points(MPR(delta=0.0, eta=-50.0, J=1.0)) == []


@pytest.mark.parametrize(
    ("eigenvalues", "kind"),
    [
        ([2j, -2j], "centre"),
        ([-1.0, 2.0], "saddle"),
        ([-1 + 1j, -1 - 1j], "stable focus"),
        ([1 + 1j, 1 - 1j], "unstable focus"),
        ([-1.0, -3.0], "stable node"),
        ([1.0, 3.0], "unstable node"),
        ([0.0, -1.0], "degenerate"),
    ],
)
def test_classify(eigenvalues, kind):
    assert classify(np.array(eigenvalues)) == kind


def test_fixed_point_properties():
    point = FixedPoint(
        state=np.array([1.0, -0.5]), eigenvalues=np.array([-1 + 0j, -2 + 0j]), kind="stable node"
    )
    assert (point.r, point.v, point.stable) == (1.0, -0.5, True)
