"""The MPR model with first-order synaptic dynamics (Coombes & Byrne 2019; Devalle et al. 2017).

The recurrent input is filtered by a synaptic variable ``s``::

    dr/dt = delta / pi + 2 r v
    dv/dt = v**2 + eta - pi**2 r**2 + J s + I
    tau_s ds/dt = -s + r

the MPR population (``nmmtools.models.mpr.field``) without direct coupling
through ``r`` and with ``eta + J s + I`` as its drive. With inhibitory coupling
(``J < 0``) and a synaptic delay the population oscillates: a stable limit cycle,
which the single MPR population cannot have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.inputs import Input, evaluate
from nmmtools.models.mpr import MPR, Field, _drive, equations


@dataclass(frozen=True)
class SynapticMPR:
    """Parameters of the MPR model with first-order synapses (``tau = 1``).

    Parameters
    ----------
    delta : float
        Heterogeneity, ``>= 0``.
    eta : float
        Centre of the excitabilities.
    J : float
        Synaptic coupling (negative: inhibitory).
    tau_s : float
        Synaptic time constant, ``> 0``.

    Examples
    --------
    >>> from nmmtools import SynapticMPR, simulate
    >>> model = SynapticMPR(delta=0.3, eta=20.0, J=-10.0, tau_s=2.0)
    >>> run = simulate(model, (0.5, 0.0, 0.5), (0.0, 100.0))
    >>> late = run.t > 50.0
    >>> print(f"the rate keeps oscillating between {run.r[late].min():.2f} and {run.r[late].max():.2f}")
    the rate keeps oscillating between 0.35 and 2.92
    """

    delta: float = 1.0
    eta: float = 10.0
    J: float = -20.0
    tau_s: float = 0.5

    names = ("r", "v", "s")
    """Names of the state components."""
    views = {"r": 0, "v": 1, "s": 2}
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
            tau_s=check.positive_scalar,
        )

    def rhs(self, t: float, y: NDArray[np.float64], I: Input = 0.0) -> NDArray[np.float64]:  # noqa: E741
        """``(dr/dt, dv/dt, ds/dt)`` at state ``y = (r, v, s)`` (no argument checks: the raw field)."""
        return self.closure(I)(t, np.asarray(y, dtype=float))

    def checked_input(self, I: Any, t0: float) -> Input:  # noqa: E741
        """The input ``I`` after checking it (a number or a function of time)."""
        return check.constant_or_callable_input("I", 0.0 if I is None else I, t0)

    def closure(self, I: Input = 0.0) -> Field:  # noqa: E741
        """The right-hand side ``f(t, (r, v, s))`` that the integrators call."""
        J, tau_s = self.J, self.tau_s
        mpr = equations(self.delta, 0.0, 1.0)
        drive = _drive(self.eta, I)

        def rhs(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
            r, v, s = y[0], y[1], y[2]
            drdt, dvdt = mpr(r, v, drive(t) + J * s)
            return np.array((drdt, dvdt, (r - s) / tau_s))

        return rhs

    def frozen(self, t: NDArray[np.float64], y: NDArray[np.float64], I: Input | None) -> tuple[MPR, NDArray]:  # noqa: E741
        """The population without coupling through ``r``, and ``J s + I`` folded into its ``eta``."""
        return MPR(delta=self.delta, eta=self.eta, J=0.0), self.J * y[2] + evaluate(I, t)
