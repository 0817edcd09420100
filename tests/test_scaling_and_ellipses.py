import numpy as np
import pytest
import sympy as sp

from nmmtools import (
    MPR,
    SynapticMPR,
    closed_orbit,
    ellipse_deviation,
    energy,
    fit_ellipse,
    from_scaled,
    scaled,
    simulate,
    to_scaled,
)
from nmmtools.symbolic import coupling as ss
from nmmtools.symbolic import ellipses as symbolic_ellipses
from nmmtools.symbolic import mpr as sym


def test_scaled_model_parameters():
    model = scaled(MPR(delta=2.0, eta=-8.0, J=4.0, tau=1.5))
    assert (model.delta, model.eta, model.J, model.tau) == (2.0 / 16, -8.0 / 16, 1.0, 1.5)


def test_scaled_trajectory_maps_onto_the_original():
    """Integrated at rtol 1e-11 both runs are accurate to ~1e-10; the maps must agree to 1e-8."""
    original = MPR(delta=1.0, eta=-20.0, J=30.0)
    times = np.linspace(0.0, 1.0, 21)
    direct = simulate(original, (2.4, 0.0), (0.0, 1.0), t_eval=times, rtol=1e-11, atol=1e-13)
    R0, V0, _ = to_scaled(original, 2.4, 0.0)
    run = simulate(
        scaled(original), (float(R0), float(V0)), (0.0, 30.0), t_eval=30.0 * times, rtol=1e-11, atol=1e-13
    )
    r, v, t = from_scaled(original, run.r, run.v, run.t)
    np.testing.assert_allclose(r, direct.r, atol=1e-8)
    np.testing.assert_allclose(v, direct.v, atol=1e-8)
    np.testing.assert_allclose(t, times, atol=1e-12)


def test_energy_relation_under_scaling():
    model = MPR(eta=-20.0, J=30.0)
    r, v = np.linspace(0.5, 3.0, 7), np.linspace(-2.0, 2.0, 7)
    R, V, _ = to_scaled(model, r, v)
    np.testing.assert_allclose(
        energy(model, r, v), 30.0 * energy(scaled(model), R, V) - 30.0 * np.log(30.0), rtol=1e-13
    )


@pytest.mark.parametrize("J", [0.0, -3.0])
def test_scaling_needs_positive_coupling(J):
    with pytest.raises(ValueError, match="model.J must be > 0"):
        scaled(MPR(J=J))


def test_symbolic_strong_coupling_parameters():
    parameters = ss.scaled_parameters()
    assert sp.simplify(parameters["delta"] - sym.delta / ss.coupling**2) == 0
    eta = sp.Symbol("eta", real=True)
    assert sp.simplify(parameters["eta"] - eta / ss.coupling**2) == 0


def test_energy_rate_sign_factor_is_the_homogeneous_dv_dt():
    homogeneous_dvdt = sym.vector_field(heterogeneity=0, current=0)[1].subs(sym.tau, 1)
    assert sp.simplify(sym.energy_rate_sign() - homogeneous_dvdt) == 0


def test_uncoupled_ellipse_formulas():
    ellipse = symbolic_ellipses.uncoupled_ellipse()
    assert sp.simplify(ellipse["centre_r"] - symbolic_ellipses.h / (2 * sp.pi**2)) == 0
    assert sp.simplify(ellipse["semi_axis_v"] / ellipse["semi_axis_r"] - sp.pi) == 0


def exact_ellipse(n=60, centre=(1.5, -0.5), axes=(2.0, 0.7), angle=0.6):
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    c, s = np.cos(angle), np.sin(angle)
    x = centre[0] + axes[0] * np.cos(t) * c - axes[1] * np.sin(t) * s
    y = centre[1] + axes[0] * np.cos(t) * s + axes[1] * np.sin(t) * c
    return x, y


def test_fit_recovers_an_exact_ellipse_to_1e_8():
    fitted = fit_ellipse(*exact_ellipse())
    assert np.allclose(fitted.centre, (1.5, -0.5), atol=1e-10)
    assert np.allclose(fitted.semi_axes, (2.0, 0.7), atol=1e-10)
    assert fitted.angle == pytest.approx(0.6, abs=1e-10)
    assert ellipse_deviation(*exact_ellipse()) < 1e-10


def test_fit_is_unbiased_enough_on_noise():
    """Noise sigma = 0.01 on 2000 points: the centre's standard error is ~sigma/sqrt(n/2) ~ 3e-4."""
    rng = np.random.default_rng(42)
    x, y = exact_ellipse(n=2000)
    fitted = fit_ellipse(x + 0.01 * rng.standard_normal(x.size), y + 0.01 * rng.standard_normal(y.size))
    assert np.allclose(fitted.centre, (1.5, -0.5), atol=2e-3)
    assert np.allclose(fitted.semi_axes, (2.0, 0.7), atol=5e-3)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([0, 1, 2], [0, 1, 2], "equal length >= 6"),
        (np.arange(10.0), np.arange(10.0), "do not determine an ellipse"),
        (np.ones(8), np.ones(8), "all coincide"),
        ([0, 1, 2, 3, 4, np.nan], [0, 1, 2, 3, 4, 5], "x must be finite"),
    ],
)
def test_fit_errors(x, y, message):
    with pytest.raises(ValueError, match=message):
        fit_ellipse(x, y)


def test_uncoupled_orbit_is_an_ellipse_and_coupled_is_not():
    assert ellipse_deviation(*closed_orbit(MPR(eta=1.0, J=0.0), 0.5)) < 1e-8
    assert ellipse_deviation(*closed_orbit(MPR(eta=1.0, J=15.0), 1.5 * 1.59)) > 1e-3


def test_closed_orbit_errors():
    with pytest.raises(ValueError, match="need delta = 0"):
        closed_orbit(MPR(delta=1.0), 1.2)
    with pytest.raises(ValueError, match="r_start must be > the centre"):
        closed_orbit(MPR(), 0.9)
    with pytest.raises(ValueError, match="no centre"):
        closed_orbit(MPR(eta=-50.0, J=1.0), 1.0)


def test_synaptic_model_oscillates():
    run = simulate(
        SynapticMPR(0.3, 20.0, -10.0, 2.0), (0.5, 0.0, 0.5), (0.0, 100.0), t_eval=np.linspace(50, 100, 2001)
    )
    assert run.r.max() - run.r.min() > 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"tau_s": 0.0}, "tau_s must be > 0"), ({"delta": -1.0}, "delta must be >= 0")]
)
def test_synaptic_model_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SynapticMPR(**kwargs)
