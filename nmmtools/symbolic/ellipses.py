"""For ``J = 0`` the level sets of the energy are ellipses: derived with sympy.

Like :mod:`nmmtools.symbolic.mpr`, each function derives its result from the
model's equations; nothing is stated.
"""

from __future__ import annotations

import sympy as sp

from nmmtools.symbolic.mpr import J, hamiltonian, r, tau, v

__all__ = ["uncoupled_level_set", "uncoupled_ellipse"]

h = sp.Symbol("h", real=True)
"""A level of the energy."""


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
