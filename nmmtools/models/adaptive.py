"""The MPR population with slow spike-frequency adaptation (Gast, Schmidt & Knösche 2020)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.inputs import Input, evaluate
from nmmtools.models.mpr import MPR, Field, _drive, equations


@dataclass(frozen=True)
class AdaptiveMPR:
    """The MPR model with an adaptation current ``a`` that builds up while the population fires.

    The equations are (``tau = 1``)::

        dr/dt = delta / pi + 2 r v
        dv/dt = v**2 + eta + J r - pi**2 r**2 - a + I(t)
        da/dt = (-a + beta r) / tau_a

    the MPR population (``nmmtools.models.mpr.field``) with ``eta - a + I`` as its drive.

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    eta, J : float
        Excitability and coupling.
    tau_a : float
        Adaptation time constant, ``> 0``.
    beta : float
        Adaptation strength, ``>= 0``.

    Examples
    --------
    >>> from nmmtools import AdaptiveMPR, simulate
    >>> model = AdaptiveMPR(delta=1.0, eta=0.0, J=15.0, tau_a=50.0, beta=10.0)
    >>> run = simulate(model, (0.1, -2.0, 0.0), (0.0, 100.0))
    >>> print(f"largest rate {run.r.max():.2f}, largest adaptation {run.a.max():.2f}")
    largest rate 4.10, largest adaptation 5.83
    """

    delta: float = 1.0
    eta: float = 0.0
    J: float = 15.0
    tau_a: float = 50.0
    beta: float = 10.0

    names = ("r", "v", "a")
    """Names of the state components."""
    views = {"r": 0, "v": 1, "a": 2}
    """Where each component is in a :class:`~nmmtools.Run`."""
    rows = 3
    """Rows of the state of a :class:`~nmmtools.Run` of this model."""
    rates = (0,)
    """Indices of the firing rates."""
    noisy = (1,)
    """Indices of the components that noise enters."""

    def __post_init__(self) -> None:
        check.fields(
            self,
            delta=check.nonnegative_scalar,
            eta=check.real_scalar,
            J=check.real_scalar,
            tau_a=check.positive_scalar,
            beta=check.nonnegative_scalar,
        )

    @property
    def fast(self) -> MPR:
        """The fast subsystem ``(r, v)`` with ``a = 0``."""
        return MPR(delta=self.delta, eta=self.eta, J=self.J)

    def rhs(self, t: float, y: NDArray[np.float64], I: Input = 0.0) -> NDArray[np.float64]:  # noqa: E741
        """``(dr/dt, dv/dt, da/dt)`` at ``y = (r, v, a)`` (no argument checks: the raw field)."""
        return self.closure(I)(t, np.asarray(y, dtype=float))

    def checked_input(self, I: Any, t0: float) -> Input:  # noqa: E741
        """The input ``I`` after checking it (a number or a function of time)."""
        return check.constant_or_callable_input("I", 0.0 if I is None else I, t0)

    def closure(self, I: Input = 0.0) -> Field:  # noqa: E741
        """The right-hand side ``f(t, (r, v, a))`` that the integrators call."""
        beta, tau_a = self.beta, self.tau_a
        mpr = equations(self.delta, self.J, 1.0)
        drive = _drive(self.eta, I)

        def rhs(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
            r, v, a = y[0], y[1], y[2]
            drdt, dvdt = mpr(r, v, drive(t) - a)
            return np.array((drdt, dvdt, (beta * r - a) / tau_a))

        return rhs

    def frozen(self, t: NDArray[np.float64], y: NDArray[np.float64], I: Input | None) -> tuple[MPR, NDArray]:  # noqa: E741
        """The fast population and the drive folded into its ``eta``: ``-a + I``."""
        return self.fast, evaluate(I, t) - y[2]
