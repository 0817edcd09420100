"""Populations of MPR neurons that inhibit each other: multistability and stimulus-driven switching.

Population ``k`` of ``n`` obeys (``tau = 1``)::

    dr_k/dt = delta / pi + 2 r_k v_k
    dv_k/dt = v_k**2 + eta + J r_k - pi**2 r_k**2 - Jc sum_{j != k} r_j + I_k(t)

Each population is an MPR population (``nmmtools.models.mpr.field``) whose
drive is ``eta - Jc sum_{j != k} r_j + I_k``. Seen from population ``k`` with the
others' rates frozen, the others only shift its excitability: its "landscape" is
the MPR potential with that drive folded in (a heuristic: the rates are not frozen).
Switching between the stable states is analysed in :mod:`nmmtools.analysis.switching`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import root

from nmmtools import _validation as check
from nmmtools.inputs import Input, evaluate
from nmmtools.models.mpr import MPR, Equations, Field, equations, jacobian_of_field
from nmmtools.stability import FixedPoint, classify

Inputs = Sequence[Input] | None
"""One input per population: constants or functions of time."""


@dataclass(frozen=True)
class MutualInhibition:
    """``n`` MPR populations, each inhibiting every other one with strength ``Jc``.

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    eta, J : float
        Excitability and self-coupling of every population.
    Jc : float
        Strength of the mutual inhibition, ``>= 0``.
    n : int
        Number of populations, ``>= 2``.
    """

    delta: float = 1.0
    eta: float = -3.0
    J: float = 15.0
    Jc: float = 10.0
    n: int = 2

    def __post_init__(self) -> None:
        check.fields(
            self,
            delta=check.nonnegative_scalar,
            eta=check.real_scalar,
            J=check.real_scalar,
            Jc=check.nonnegative_scalar,
        )
        if isinstance(self.n, bool) or not isinstance(self.n, int | np.integer) or self.n < 2:
            raise ValueError(f"n must be an integer >= 2, got n = {self.n!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the state components, ``("r1", "v1", ..., "rn", "vn")``."""
        return tuple(name for k in range(1, self.n + 1) for name in (f"r{k}", f"v{k}"))

    @property
    def rows(self) -> int:
        """Rows of the state of a :class:`~nmmtools.Run` of this model: ``(r_1, v_1, ..., r_n, v_n)``."""
        return 2 * self.n

    views = {"r": slice(0, None, 2), "v": slice(1, None, 2)}
    """Where the rates and potentials are in a :class:`~nmmtools.Run`: one row per population."""

    @property
    def rates(self) -> tuple[int, ...]:
        """Indices of the firing rates."""
        return tuple(range(0, 2 * self.n, 2))

    @property
    def noisy(self) -> tuple[int, ...]:
        """Indices of the mean potentials, which noise enters."""
        return tuple(range(1, 2 * self.n, 2))

    def rhs(self, t: float, y: NDArray[np.float64], inputs: Inputs = None) -> NDArray[np.float64]:
        """Time derivative of ``y = (r_1, v_1, ..., r_n, v_n)``; ``y`` may have extra trailing axes.

        An input may be an array over the leading trailing axes of ``y`` (e.g. one
        amplitude per member of an ensemble of shape ``(2 n, members)``).
        """
        return self._derivative(t, y, inputs, equations(self.delta, self.J, 1.0))

    def _derivative(
        self, t: float, y: NDArray[np.float64], inputs: Inputs, mpr: Equations
    ) -> NDArray[np.float64]:
        """:meth:`rhs` with the population's equations ``mpr`` bound once."""
        r, v = y[0::2], y[1::2]
        drive = self.eta - self.Jc * (r.sum(axis=0) - r)
        if inputs is not None:
            given = [value(t) if callable(value) else value for value in inputs]
            values = np.array(
                np.broadcast_arrays(*given) if any(np.ndim(x) for x in given) else given, dtype=float
            )
            drive = drive + values.reshape(values.shape + (1,) * (np.ndim(r) - values.ndim))
        derivative = np.empty_like(y, dtype=float)
        derivative[0::2], derivative[1::2] = mpr(r, v, drive)
        return derivative

    def checked_input(self, I: Any, t0: float) -> list[Input]:  # noqa: E741
        """One checked input per population (``None``: no input)."""
        return check_inputs("I", I, self.n, t0)

    def closure(self, I: Inputs = None) -> Field:  # noqa: E741
        """The right-hand side ``f(t, y)`` that the integrators call."""
        inputs = None if I is None else list(I)
        if inputs is not None and all(not callable(value) and np.all(value == 0) for value in inputs):
            inputs = None  # no input: skip evaluating zeros at every step
        mpr = equations(self.delta, self.J, 1.0)
        return lambda t, y: self._derivative(t, y, inputs, mpr)

    def frozen(self, t: NDArray[np.float64], y: NDArray[np.float64], I: Inputs) -> tuple[MPR, NDArray]:  # noqa: E741
        """Each population with the others' inhibition and its input folded into ``eta`` (one row each)."""
        r = y[0::2]
        drive = -self.Jc * (r.sum(axis=0) - r)
        if I is not None:
            inputs = evaluate(list(I), t)  # (n, samples): one row per population
            drive = drive + inputs.reshape(inputs.shape[:1] + (1,) * (r.ndim - 2) + inputs.shape[1:])
        return MPR(delta=self.delta, eta=self.eta, J=self.J), drive

    def jacobian(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """Jacobian of :meth:`rhs` at one state ``y``: MPR blocks, coupled by ``-Jc`` through the rates."""
        r, v = y[0::2], y[1::2]
        matrix = np.zeros((2 * self.n, 2 * self.n))
        matrix[1::2, 0::2] = -self.Jc  # dv_k/dr_j for j != k; the diagonal blocks follow
        for k in range(self.n):
            matrix[2 * k : 2 * k + 2, 2 * k : 2 * k + 2] = jacobian_of_field(r[k], v[k], self.J, 1.0)
        return matrix


def check_inputs(name: str, inputs: Inputs, n: int, t0: float) -> list:
    """Validate one input per population (constants or callables of t)."""
    if inputs is None:
        return [0.0] * n
    values = list(inputs)
    if len(values) != n:
        raise ValueError(f"{name} must have one entry per population ({n}), got {len(values)}")
    return [check.constant_or_callable_input(f"{name}[{k}]", value, t0) for k, value in enumerate(values)]


def inhibition_fixed_points(
    model: MutualInhibition, inputs: Sequence[float] | None = None, *, seeds: int = 12
) -> list[FixedPoint]:
    """All equilibria of the populations, found by Newton's method from a grid of starting rates.

    On a grid of ``seeds`` rates per population (from 0.01 to 3), each
    population starts at ``v = -delta / (2 pi r)`` (its ``dr/dt = 0``); every
    converged solution with all rates positive is kept once.

    Returns
    -------
    list of FixedPoint
        Sorted by the rates; each with the eigenvalues of the Jacobian and its kind.
    """
    check.instance("model", model, MutualInhibition)
    constants = [
        check.real_scalar(f"inputs[{k}]", value)
        for k, value in enumerate(check_inputs("inputs", inputs, model.n, 0.0))
    ]
    if int(seeds) < 2:
        raise ValueError(f"seeds must be >= 2, got seeds = {seeds}")
    grid = np.geomspace(0.01, 3.0, int(seeds))
    found: list[NDArray[np.float64]] = []
    for rates in np.array(np.meshgrid(*[grid] * model.n)).reshape(model.n, -1).T:
        start = np.empty(2 * model.n)
        start[0::2], start[1::2] = rates, -model.delta / (2 * np.pi * rates)
        solution = root(lambda y: model.rhs(0.0, y, constants), start, jac=model.jacobian, method="hybr")
        state = solution.x
        if (
            not solution.success
            or np.any(state[0::2] <= 0)
            or np.max(np.abs(model.rhs(0.0, state, constants))) > 1e-9
        ):
            continue
        if all(np.max(np.abs(state - other)) > 1e-6 for other in found):
            found.append(state)
    found.sort(key=lambda state: tuple(state[0::2]))
    points = []
    for state in found:
        eigenvalues = np.linalg.eigvals(model.jacobian(state)).astype(complex)
        points.append(FixedPoint(state=state, eigenvalues=eigenvalues, kind=classify(eigenvalues)))
    return points
