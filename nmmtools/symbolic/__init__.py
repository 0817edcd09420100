"""Symbolic derivations with sympy: each function derives its result from the model's equations.

- :mod:`~nmmtools.symbolic.mpr`: the Jacobi multiplier, the time rescaling, the
  Hamiltonian ``H``, its kinetic and potential parts and ``dH/dt``;
- :mod:`~nmmtools.symbolic.coupling`: the strong-coupling scaling;
- :mod:`~nmmtools.symbolic.ellipses`: the level sets of the uncoupled model are ellipses;
- :mod:`~nmmtools.symbolic.geometry`: the complex variable, circles and isochrony, the period
  of a turn and the energy it loses, the Dulac function, saddle-node curves and the cusp.

:func:`show` typesets an equation in a notebook.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["latex", "show"]


def latex(expr: sp.Basic) -> str:
    r"""LaTeX of a sympy expression with the book's conventions: ``ln`` for the natural logarithm.

    Examples
    --------
    >>> import sympy as sp
    >>> from nmmtools.symbolic import latex
    >>> latex(sp.log(sp.Symbol("r")))
    '\\ln{\\left(r \\right)}'
    """
    return sp.latex(expr, ln_notation=True)


def show(lhs: str, expr: sp.Basic) -> None:
    """Display ``lhs = expr`` as typeset math in a notebook (IPython)."""
    from IPython.display import Math, display

    display(Math(f"{lhs} = {latex(expr)}"))
