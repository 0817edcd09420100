"""Symbolic derivations for heterogeneity, strong coupling and ellipses (sympy).

Like :mod:`nmmtools.symbolic`, each function derives its result from the
model's equations; nothing is stated.
"""

from __future__ import annotations

import sympy as sp

from nmmtools.symbolic import I, J, delta, energy_rate, hamiltonian, r, tau, v, vector_field

R = sp.Symbol("R", positive=True)
"""Scaled firing rate ``r / J``."""
V = sp.Symbol("V", real=True)
"""Scaled mean potential ``v / J``."""
h = sp.Symbol("h", real=True)
"""A level of the energy."""
coupling = sp.Symbol("J", positive=True)
"""The coupling, positive, as the strong-coupling scaling needs."""


def strong_coupling_field() -> tuple[sp.Expr, sp.Expr]:
    """``(dR/dT, dV/dT)`` after substituting ``r = J R``, ``v = J V``, ``t = T / J`` (``tau = 1``).

    ``d/dT = (1/J) d/dt``, and ``dR/dt = (dr/dt) / J``: so ``dR/dT = (dr/dt) / J**2``.
    """
    drdt, dvdt = vector_field()
    substitution = {r: coupling * R, v: coupling * V, tau: 1, J: coupling}
    return (
        sp.expand(drdt.subs(substitution) / coupling**2),
        sp.expand(dvdt.subs(substitution) / coupling**2),
    )


def scaled_parameters() -> dict[str, sp.Expr]:
    """Read the scaled model's parameters off :func:`strong_coupling_field`.

    Matches it with the MPR field in ``(R, V)`` with coupling 1: returns the
    heterogeneity, the excitability and the input of the scaled model.
    """
    dRdT, dVdT = strong_coupling_field()
    heterogeneity = sp.simplify(dRdT.subs({R: 0, V: 0}) * sp.pi)
    excitability = sp.simplify((dVdT - V**2 - R + sp.pi**2 * R**2).subs(I, 0))
    current = sp.simplify(sp.diff(dVdT, I) * I)
    check = sp.simplify(dVdT - (V**2 + excitability + R - sp.pi**2 * R**2 + current))
    if check != 0 or sp.simplify(dRdT - (heterogeneity / sp.pi + 2 * R * V)) != 0:
        raise ValueError("the scaled field is not an MPR field with coupling 1")
    return {"delta": heterogeneity, "eta": excitability, "I": current}


def uncoupled_level_set() -> sp.Expr:
    """``r (H - h)`` for ``J = 0``: a quadratic polynomial in ``(r, v)``, so level sets are conics."""
    energy = hamiltonian().subs({J: 0, tau: 1})
    return sp.expand(sp.simplify(r * (energy - h)))


def uncoupled_ellipse() -> dict[str, sp.Expr]:
    """Centre and semi-axes of the level set ``H = h`` for ``J = 0``, by completing the square in ``r``.

    Returns
    -------
    dict
        ``centre_r``, ``centre_v``, ``semi_axis_r``, ``semi_axis_v`` and ``radius_squared``
        (the level set is ``v**2 + pi**2 (r - centre_r)**2 = radius_squared``).
    """
    polynomial = sp.Poly(uncoupled_level_set(), r, v)
    quadratic, linear = polynomial.coeff_monomial(r**2), polynomial.coeff_monomial(r)
    if polynomial.coeff_monomial(v**2) != 1 or polynomial.coeff_monomial(r * v) != 0:
        raise ValueError("unexpected form of the level set")
    centre = sp.simplify(-linear / (2 * quadratic))
    radius_squared = sp.simplify(quadratic * centre**2 - polynomial.coeff_monomial(1))
    ellipse = v**2 + quadratic * (r - centre) ** 2 - radius_squared
    if sp.simplify(sp.expand(ellipse) - polynomial.as_expr()) != 0:
        raise ValueError("completing the square failed")
    return {
        "centre_r": centre,
        "centre_v": sp.Integer(0),
        "semi_axis_r": sp.sqrt(radius_squared / quadratic),
        "semi_axis_v": sp.sqrt(radius_squared),
        "radius_squared": radius_squared,
    }


def energy_rate_sign() -> sp.Expr:
    """The factor of ``dH/dt`` (``I = 0``) that sets its sign: ``dH/dt = -(delta / (pi r**2)) * factor``."""
    rate = energy_rate(hamiltonian()).subs({I: 0, tau: 1})
    factor = sp.simplify(-rate * sp.pi * r**2 / delta)
    if factor.has(delta):
        raise ValueError("dH/dt is not proportional to delta")
    return sp.expand(factor)
