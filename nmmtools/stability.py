"""Linear stability of equilibria: eigenvalues and the name of the equilibrium."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check

KINDS = ("centre", "saddle", "stable focus", "unstable focus", "stable node", "unstable node", "degenerate")
"""The names :func:`classify` gives."""

_REAL_PART_TOLERANCE = 1e-9
"""Real parts below this (relative to the largest eigenvalue) count as zero."""


def classify(eigenvalues: NDArray[np.complex128]) -> str:
    """Name an equilibrium from the eigenvalues of its Jacobian.

    Parameters
    ----------
    eigenvalues : array_like
        Eigenvalues of the Jacobian at the equilibrium (finite, at least one).

    Returns
    -------
    str
        ``"centre"`` (purely imaginary pair, all other real parts zero),
        ``"saddle"`` (real parts of both signs), ``"stable focus"`` /
        ``"unstable focus"`` (complex eigenvalues, all real parts of one sign),
        ``"stable node"`` / ``"unstable node"`` (real eigenvalues of one sign),
        or ``"degenerate"`` when a real eigenvalue is zero.
    """
    eigenvalues = check.complex_array("eigenvalues", eigenvalues)
    scale = max(1.0, float(np.max(np.abs(eigenvalues))))
    real = eigenvalues.real
    zero = np.abs(real) <= _REAL_PART_TOLERANCE * scale
    oscillatory = np.abs(eigenvalues.imag) > _REAL_PART_TOLERANCE * scale
    if zero.any():
        return "centre" if np.all(oscillatory[zero]) and zero.all() else "degenerate"
    if (real > 0).any() and (real < 0).any():
        return "saddle"
    stability = "stable" if (real < 0).all() else "unstable"
    return f"{stability} {'focus' if oscillatory.any() else 'node'}"


@dataclass(frozen=True)
class FixedPoint:
    """An equilibrium with its linearisation.

    Attributes
    ----------
    state : numpy.ndarray
        The equilibrium state, e.g. ``(r, v)`` for one population.
    eigenvalues : numpy.ndarray
        Eigenvalues of the Jacobian there.
    kind : str
        The name given by :func:`classify`.
    """

    state: NDArray[np.float64]
    eigenvalues: NDArray[np.complex128]
    kind: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", check.real_array("state", self.state))
        object.__setattr__(self, "eigenvalues", check.complex_array("eigenvalues", self.eigenvalues))
        check.choice("kind", self.kind, KINDS)

    @property
    def r(self) -> float:
        """Firing rate at the equilibrium (first component of the state)."""
        return float(self.state[0])

    @property
    def v(self) -> float:
        """Mean membrane potential at the equilibrium (second component of the state)."""
        return float(self.state[1])

    @property
    def stable(self) -> bool:
        """True if every eigenvalue has a negative real part (asymptotic stability)."""
        return bool(self.kind.startswith("stable"))
