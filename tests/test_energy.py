import numpy as np
import pytest

from nmmtools import MPR, energy, energy_grid, energy_rate, fixed_points, kinetic, potential, simulate
from nmmtools.symbolic import mpr as sym


def test_energy_is_kinetic_plus_potential():
    model = MPR(eta=-4.0, J=11.0, tau=1.7)
    r = np.linspace(0.1, 3.0, 11)
    v = np.linspace(-2.0, 2.0, 11)
    np.testing.assert_allclose(energy(model, r, v), kinetic(model, r, v) + potential(model, r), rtol=1e-15)


def test_energy_by_hand():
    r, v = 0.7, -0.3
    expected = v**2 / r - 5.0 / r - 15.0 * np.log(r) + np.pi**2 * r
    assert energy(MPR(), r, v) == pytest.approx(expected, rel=1e-15)


def test_energy_broadcasts():
    r = np.linspace(0.5, 1.5, 4)[:, None]
    v = np.linspace(-1, 1, 3)[None, :]
    assert energy(MPR(), r, v).shape == (4, 3)


def test_tau_enters_as_a_rescaled_rate():
    """H(r, v; tau) = H(tau r, v; 1) + J ln(tau), as the energy module documents."""
    tau, r, v = 2.5, np.linspace(0.1, 2.0, 7), np.linspace(-1.0, 1.0, 7)
    with_tau = energy(MPR(eta=-3.0, J=9.0, tau=tau), r, v)
    without = energy(MPR(eta=-3.0, J=9.0), tau * r, v) + 9.0 * np.log(tau)
    np.testing.assert_allclose(with_tau, without, rtol=1e-13)


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_nonpositive_rate_is_rejected_and_located(bad):
    r = np.array([0.5, 1.0, bad, 2.0])
    with pytest.raises(ValueError, match=rf"r must be > 0 .* got r\[2\] = {bad}"):
        energy(MPR(), r, np.zeros(4))
    with pytest.raises(ValueError, match=r"r must be > 0"):
        potential(MPR(), r)
    with pytest.raises(ValueError, match=r"r must be > 0"):
        energy_rate(MPR(delta=1.0), r, np.zeros(4))


def test_non_finite_values_are_rejected_and_located():
    with pytest.raises(ValueError, match=r"v must be finite, got v\[1\] = nan"):
        energy(MPR(), [1.0, 1.0], [0.0, np.nan])
    with pytest.raises(ValueError, match=r"r must be finite, got r\[0\] = inf"):
        kinetic(MPR(), [np.inf], [0.0])
    with pytest.raises(ValueError, match=r"I must be finite"):
        energy_rate(MPR(), 1.0, 0.0, I=np.nan)


def test_empty_and_non_numeric_input():
    with pytest.raises(ValueError, match="r must not be empty"):
        energy(MPR(), [], [])
    with pytest.raises(TypeError, match="v must be a real number or an array"):
        energy(MPR(), 1.0, "a")


def test_energy_grid_shapes_and_values():
    r, v = np.linspace(0.2, 2.0, 5), np.linspace(-1.0, 1.0, 3)
    grid_r, grid_v, grid_h = energy_grid(MPR(), r, v)
    assert grid_r.shape == grid_v.shape == grid_h.shape == (3, 5)
    np.testing.assert_array_equal(grid_h, energy(MPR(), grid_r, grid_v))


@pytest.mark.parametrize("tau", [1.0, 0.6, 2.0])
@pytest.mark.parametrize(("eta", "J"), [(-5.0, 15.0), (2.0, -3.0), (0.0, 0.0)])
def test_symbolic_and_numeric_energy_agree(eta, J, tau):
    derived = sym.lambdified_energy(sym.hamiltonian())
    r = np.linspace(0.05, 4.0, 50)
    v = np.linspace(-3.0, 3.0, 50)
    np.testing.assert_allclose(
        derived(r, v, eta, J, tau), energy(MPR(eta=eta, J=J, tau=tau), r, v), rtol=1e-13
    )


def test_energy_rate_matches_the_symbolic_derivative():
    derived = sym.energy_rate(sym.hamiltonian())
    model = MPR(delta=0.8, eta=-4.0, J=12.0, tau=1.4)
    for r, v, current in [(0.3, -1.0, 0.0), (1.2, 0.4, 2.0), (2.0, 1.5, -1.0)]:
        values = {
            sym.r: r,
            sym.v: v,
            sym.delta: 0.8,
            sym.eta: -4.0,
            sym.J: 12.0,
            sym.tau: 1.4,
            sym.I: current,
        }
        assert float(energy_rate(model, r, v, current)) == pytest.approx(
            float(derived.subs(values)), rel=1e-12
        )


def test_energy_rate_matches_finite_differences_along_a_heterogeneous_trajectory():
    """Central differences of H(t) converge to energy_rate at second order.

    With samples h apart the truncation error is h**2 |H'''| / 6 and the
    rounding error ~ 1e-16 |H| / h; at h = 2e-3 and 1e-3 the first dominates,
    so halving h must cut the error by about four, and the error at h = 1e-3
    is a few 1e-6 of the size of dH/dt.
    """
    model = MPR(delta=1.0, eta=-5.0, J=15.0)
    current = 0.5
    errors = []
    for step in (2e-3, 1e-3):
        times = np.arange(0.0, 10.0 + step / 2, step)
        run = simulate(model, (1.2, 0.0), (0.0, 10.0), t_eval=times, I=current, rtol=1e-12, atol=1e-14)
        values = energy(model, run.r, run.v)  # without the input, as energy_rate measures it
        differences = (values[2:] - values[:-2]) / (2 * step)
        exact = energy_rate(model, run.r[1:-1], run.v[1:-1], current)
        errors.append(np.max(np.abs(differences - exact)) / np.max(np.abs(exact)))
    assert errors[1] < 1e-5
    assert 3.0 < errors[0] / errors[1] < 5.0


def test_energy_rate_vanishes_for_the_homogeneous_model_without_input():
    r = np.linspace(0.1, 3.0, 9)
    v = np.linspace(-2.0, 2.0, 9)
    np.testing.assert_array_equal(energy_rate(MPR(delta=0.0), r, v), np.zeros(9))


def test_energy_rate_for_zero_input_is_proportional_to_dv_dt():
    model = MPR(delta=0.6)
    r, v = np.array([0.4, 1.1]), np.array([0.2, -0.7])
    dvdt = model.rhs(0.0, (r, v))[1]
    np.testing.assert_allclose(energy_rate(model, r, v), -(0.6 / np.pi) * dvdt / r**2, rtol=1e-13)


def test_the_well_of_the_classical_model():
    """Bottom and rim are the centre and saddle; levels and turning points lie on U."""
    from nmmtools import well

    basin = well(MPR(delta=1.0))  # the well of the homogeneous population: delta is ignored
    saddle, centre = fixed_points(MPR())
    assert basin.bottom.r == centre.r and basin.rim.r == saddle.r
    assert basin.depth == pytest.approx(float(potential(MPR(), saddle.r) - potential(MPR(), centre.r)))
    level = float(basin.level(0.5))
    low, high = basin.turning_points(level)
    assert saddle.r < low < centre.r < high
    np.testing.assert_allclose(potential(MPR(), np.array([low, high])), level, rtol=1e-12)
    assert basin.contains(level) and not basin.contains(basin.U_rim)


def test_a_well_without_a_rim_and_no_well_at_all():
    from nmmtools import well

    open_well = well(MPR(eta=2.0, J=10.0))
    assert open_well.rim is None and open_well.depth == np.inf
    with pytest.raises(ValueError, match="has no rim"):
        open_well.level(0.5)
    with pytest.raises(ValueError, match="no potential well for eta \\+ I = -50"):
        well(MPR(eta=-50.0, J=1.0))


def test_a_constant_input_moves_the_well_like_eta():
    from nmmtools import well

    shifted, moved = well(MPR(eta=-5.0), I=1.5), well(MPR(eta=-3.5))
    assert shifted.bottom.r == pytest.approx(moved.bottom.r, rel=1e-14)
    assert shifted.U_rim == pytest.approx(moved.U_rim, rel=1e-14)
