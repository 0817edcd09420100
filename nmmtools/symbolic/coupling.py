"""The strong-coupling scaling of the MPR model, derived with sympy.

Like :mod:`nmmtools.symbolic.mpr`, each function derives its result from the
model's equations; nothing is stated.
"""

from __future__ import annotations

import sympy as sp

from nmmtools.symbolic.mpr import I, J, r, tau, v, vector_field

__all__ = ["strong_coupling_field", "scaled_parameters"]

R = sp.Symbol("R", positive=True)
"""Scaled firing rate ``r / J``."""
V = sp.Symbol("V", real=True)
"""Scaled mean potential ``v / J``."""
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
