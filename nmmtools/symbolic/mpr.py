"""Symbolic derivation of the MPR energy with sympy.

Each function *derives* its result from the vector field of the model; nothing
here states the integrating factor or the Hamiltonian. The chain is:

1. :func:`vector_field`: the MPR equations in physical time.
2. :func:`multiplier_condition`: the divergence of ``r**(-k) F`` for the
   homogeneous model, which must vanish for a Jacobi last multiplier.
3. :func:`multiplier_exponent`: the ``k`` for which it vanishes identically.
4. :func:`rescaled_field`: ``F / r**k``, the field in the time ``s`` with ``ds = r**k dt``.
5. :func:`hamiltonian`: ``H`` by integrating ``dr/ds = dH/dv`` in ``v`` and fixing
   the remaining function of ``r`` from ``dv/ds = -dH/dr``.
6. :func:`hamilton_residuals`: Hamilton's equations minus the rescaled field (zero).
7. :func:`energy_rate`: ``dH/dt`` along the full model with ``delta`` and input ``I``;
   :func:`energy_rate_sign`: the factor that sets its sign.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

__all__ = [
    "vector_field",
    "divergence",
    "multiplier_condition",
    "multiplier_exponent",
    "rescaled_field",
    "hamiltonian",
    "kinetic_and_potential",
    "hamilton_residuals",
    "energy_rate",
    "energy_rate_sign",
    "equilibria",
    "lambdified_energy",
]

r = sp.Symbol("r", positive=True)
"""Firing rate."""
v = sp.Symbol("v", real=True)
"""Mean membrane potential."""
eta = sp.Symbol("eta", real=True)
"""Centre of the excitability distribution."""
J = sp.Symbol("J", real=True)
"""Synaptic coupling."""
delta = sp.Symbol("Delta", nonnegative=True)
"""Half width of the excitability distribution."""
tau = sp.Symbol("tau", positive=True)
"""Membrane time constant."""
I = sp.Symbol("I", real=True)  # noqa: E741
"""External input."""
k = sp.Symbol("k", real=True)
"""Exponent of the trial multiplier ``r**(-k)``."""


def vector_field(heterogeneity: sp.Expr = delta, current: sp.Expr = I) -> tuple[sp.Expr, sp.Expr]:
    """The MPR field ``(dr/dt, dv/dt)`` in physical time.

    Parameters
    ----------
    heterogeneity : sympy.Expr
        What to use for ``Delta`` (``0`` for the homogeneous population).
    current : sympy.Expr
        What to use for the input ``I``.
    """
    drdt = (heterogeneity / (sp.pi * tau) + 2 * r * v) / tau
    dvdt = (v**2 + eta + J * tau * r - (sp.pi * tau * r) ** 2 + current) / tau
    return drdt, dvdt


def divergence(field: tuple[sp.Expr, sp.Expr]) -> sp.Expr:
    """Divergence ``d(F_r)/dr + d(F_v)/dv`` of a planar field in ``(r, v)``."""
    return sp.simplify(sp.diff(field[0], r) + sp.diff(field[1], v))


def multiplier_condition() -> sp.Expr:
    """Divergence of ``r**(-k) F`` for the homogeneous model without input.

    A function ``M = r**(-k)`` is a Jacobi last multiplier when ``div(M F) = 0``.
    """
    field = vector_field(heterogeneity=0, current=0)
    return sp.factor(divergence((field[0] * r ** (-k), field[1] * r ** (-k))))


def multiplier_exponent() -> sp.Expr:
    """The exponent ``k`` for which ``div(r**(-k) F)`` vanishes for every ``(r, v)``.

    Raises
    ------
    ValueError
        If the condition does not have exactly one solution.
    """
    condition = sp.Poly(sp.numer(sp.together(multiplier_condition() * r**k)), r, v)
    solutions = sp.solve(condition.coeffs(), k, dict=True)
    if len(solutions) != 1:
        raise ValueError(f"expected one exponent k, found {solutions}")
    return solutions[0][k]


def rescaled_field() -> tuple[sp.Expr, sp.Expr]:
    """The homogeneous field in rescaled time ``s``, ``ds = r**k dt``: ``F / r**k``."""
    exponent = multiplier_exponent()
    field = vector_field(heterogeneity=0, current=0)
    return sp.simplify(field[0] / r**exponent), sp.simplify(field[1] / r**exponent)


def hamiltonian() -> sp.Expr:
    """Derive ``H(r, v)`` with ``dr/ds = dH/dv`` and ``dv/ds = -dH/dr``.

    Integrates the first equation in ``v``; the unknown function of ``r`` that
    this leaves is fixed by the second equation. The additive constant is zero.

    Raises
    ------
    ValueError
        If the rescaled field is not Hamiltonian (the remainder depends on ``v``).
    """
    drds, dvds = rescaled_field()
    partial = sp.integrate(drds, v)
    remainder = sp.simplify(-dvds - sp.diff(partial, r))
    if remainder.has(v):
        raise ValueError(f"the rescaled field is not Hamiltonian: g'(r) = {remainder} depends on v")
    return sp.expand(partial + sp.integrate(remainder, r))


def kinetic_and_potential(hamiltonian_expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Split ``H`` into the part that vanishes at ``v = 0`` and the potential ``U(r) = H(r, 0)``."""
    potential = hamiltonian_expr.subs(v, 0)
    return sp.simplify(hamiltonian_expr - potential), potential


def hamilton_residuals(hamiltonian_expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """``(dH/dv - dr/ds, -dH/dr - dv/ds)``, simplified: both zero if ``H`` generates the rescaled field."""
    drds, dvds = rescaled_field()
    return (
        sp.simplify(sp.diff(hamiltonian_expr, v) - drds),
        sp.simplify(-sp.diff(hamiltonian_expr, r) - dvds),
    )


def energy_rate(hamiltonian_expr: sp.Expr) -> sp.Expr:
    """``dH/dt`` in physical time along the full model (with ``Delta`` and input ``I``)."""
    drdt, dvdt = vector_field()
    rate = sp.diff(hamiltonian_expr, r) * drdt + sp.diff(hamiltonian_expr, v) * dvdt
    return sp.collect(sp.expand(sp.simplify(rate)), [delta, I])


def equilibria(hamiltonian_expr: sp.Expr) -> list[sp.Expr]:
    """Rates of the equilibria of the homogeneous model: the solutions of ``U'(r) = 0``."""
    _, potential = kinetic_and_potential(hamiltonian_expr)
    rate = sp.Symbol("r")  # drop positivity so that sympy returns both roots in closed form
    return sp.solve(sp.diff(potential, r).subs(r, rate), rate)


def lambdified_energy(hamiltonian_expr: sp.Expr) -> Callable[..., np.ndarray]:
    """A NumPy function ``f(r, v, eta, J, tau)`` evaluating ``H``."""
    return sp.lambdify((r, v, eta, J, tau), hamiltonian_expr, modules="numpy")


def energy_rate_sign() -> sp.Expr:
    """The factor of ``dH/dt`` (``I = 0``) that sets its sign: ``dH/dt = -(delta / (pi r**2)) * factor``."""
    rate = energy_rate(hamiltonian()).subs({I: 0, tau: 1})
    factor = sp.simplify(-rate * sp.pi * r**2 / delta)
    if factor.has(delta):
        raise ValueError("dH/dt is not proportional to delta")
    return sp.expand(factor)
