import sympy as sp

from nmmtools import MPR, fixed_points
from nmmtools.symbolic import mpr as sym


def test_the_field_is_not_divergence_free():
    assert sym.divergence(sym.vector_field(heterogeneity=0, current=0)) != 0


def test_multiplier_exponent_is_two():
    assert sym.multiplier_exponent() == 2


def test_multiplier_condition_vanishes_only_at_k_equal_two():
    condition = sym.multiplier_condition()
    assert sp.simplify(condition.subs(sym.k, 2)) == 0
    assert sp.simplify(condition.subs(sym.k, 1)) != 0


def test_rescaled_field_is_divergence_free():
    assert sym.divergence(sym.rescaled_field()) == 0


def test_hamiltonian_generates_the_rescaled_field():
    assert sym.hamilton_residuals(sym.hamiltonian()) == (0, 0)


def test_hamiltonian_is_conserved_by_the_physical_field():
    hamiltonian = sym.hamiltonian()
    drdt, dvdt = sym.vector_field(heterogeneity=0, current=0)
    rate = sp.diff(hamiltonian, sym.r) * drdt + sp.diff(hamiltonian, sym.v) * dvdt
    assert sp.simplify(rate) == 0


def test_kinetic_part_is_nonnegative_and_potential_has_no_v():
    kinetic, potential = sym.kinetic_and_potential(sym.hamiltonian())
    assert kinetic.is_nonnegative
    assert not potential.has(sym.v)


def test_energy_rate_is_proportional_to_delta_without_input():
    rate = sym.energy_rate(sym.hamiltonian()).subs(sym.I, 0)
    assert sp.simplify(rate.subs(sym.delta, 0)) == 0
    assert sp.simplify(sp.diff(rate, sym.delta, 2)) == 0


def test_equilibria_match_the_numerical_fixed_points():
    rates = sym.equilibria(sym.hamiltonian())
    values = sorted(float(rate.subs({sym.eta: -5, sym.J: 15, sym.tau: 1})) for rate in rates)
    numeric = [point.r for point in fixed_points(MPR(eta=-5.0, J=15.0))]
    assert max(abs(a - b) for a, b in zip(values, numeric, strict=True)) < 1e-12
