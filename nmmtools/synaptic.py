"""The MPR model with first-order synaptic dynamics (Coombes & Byrne 2019; Devalle et al. 2017).

The recurrent input is filtered by a synaptic variable ``s``::

    dr/dt = delta / pi + 2 r v
    dv/dt = v**2 + eta - pi**2 r**2 + J s + I
    tau_s ds/dt = -s + r

With inhibitory coupling (``J < 0``) and a synaptic delay the population
oscillates: a stable limit cycle, which the single MPR population cannot have.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.integrate import integrate


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
    """

    delta: float = 1.0
    eta: float = 10.0
    J: float = -20.0
    tau_s: float = 0.5

    def __post_init__(self) -> None:
        object.__setattr__(self, "delta", check.nonnegative_scalar("delta", self.delta))
        object.__setattr__(self, "eta", check.real_scalar("eta", self.eta))
        object.__setattr__(self, "J", check.real_scalar("J", self.J))
        object.__setattr__(self, "tau_s", check.positive_scalar("tau_s", self.tau_s))

    def rhs(self, t: float, y: NDArray[np.float64], I: float = 0.0) -> NDArray[np.float64]:  # noqa: E741
        """``(dr/dt, dv/dt, ds/dt)`` at state ``y = (r, v, s)``."""
        r, v, s = y[0], y[1], y[2]
        return np.array(
            (
                self.delta / np.pi + 2.0 * r * v,
                v * v + self.eta - np.pi**2 * r * r + self.J * s + I,
                (r - s) / self.tau_s,
            )
        )


@dataclass(frozen=True)
class SynapticRun:
    """A simulated trajectory of :class:`SynapticMPR`: times and the three state variables."""

    t: NDArray[np.float64]
    r: NDArray[np.float64]
    v: NDArray[np.float64]
    s: NDArray[np.float64]


def simulate_synaptic(
    model: SynapticMPR,
    y0: ArrayLike,
    t_span: tuple[float, float],
    *,
    t_eval: ArrayLike | None = None,
    I: float = 0.0,  # noqa: E741
    rtol: float = 1e-9,
    atol: float = 1e-12,
) -> SynapticRun:
    """Integrate :class:`SynapticMPR` from ``y0 = (r0, v0, s0)`` with :func:`nmmtools.integrate`.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments.
    SimulationError
        If ``r`` falls to 0, the state blows up or the integrator fails.
    """
    check.instance("model", model, SynapticMPR)
    current = check.real_scalar("I", I)
    t, y = integrate(
        lambda t, y: model.rhs(t, y, current),
        y0,
        t_span,
        names=("r", "v", "s"),
        rates=(0,),
        t_eval=t_eval,
        rtol=rtol,
        atol=atol,
    )
    return SynapticRun(t=t, r=y[0], v=y[1], s=y[2])
