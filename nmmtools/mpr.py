"""The Montbrió–Pazó–Roxin (MPR) mean field of quadratic integrate-and-fire neurons.

The firing rate ``r`` and mean membrane potential ``v`` of an infinite, all-to-all
coupled population of QIF neurons whose excitabilities follow a Lorentzian
distribution (centre ``eta``, half width ``delta``) obey exactly
(Montbrió, Pazó & Roxin 2015)::

    tau dr/dt = delta / (pi tau) + 2 r v
    tau dv/dt = v**2 + eta + J tau r - (pi tau r)**2 + I(t)

With ``tau = 1`` this is the dimensionless form used throughout the book.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools._validation import Input
from nmmtools.stability import FixedPoint, classify


@dataclass(frozen=True)
class MPR:
    """Parameters of the Montbrió–Pazó–Roxin model.

    Parameters
    ----------
    delta : float
        Half width of the Lorentzian distribution of excitabilities, ``>= 0``.
        ``delta = 0`` is the homogeneous population, where the model is
        Hamiltonian after a rescaling of time.
    eta : float
        Centre of the distribution of excitabilities (any finite value).
    J : float
        Synaptic coupling strength (any finite value; ``J > 0`` is excitatory).
    tau : float
        Membrane time constant, ``> 0``.

    Raises
    ------
    TypeError
        If a parameter is not a real number.
    ValueError
        If a parameter is not finite, ``delta < 0`` or ``tau <= 0``.
    """

    delta: float = 0.0
    eta: float = -5.0
    J: float = 15.0
    tau: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "delta", check.nonnegative_scalar("delta", self.delta))
        object.__setattr__(self, "eta", check.real_scalar("eta", self.eta))
        object.__setattr__(self, "J", check.real_scalar("J", self.J))
        object.__setattr__(self, "tau", check.positive_scalar("tau", self.tau))

    def rhs(self, t: float, y: ArrayLike, I: Input = 0.0) -> NDArray[np.float64]:  # noqa: E741
        """Right-hand side ``(dr/dt, dv/dt)`` of the model in physical time.

        This is the raw field, the hot path of every integrator: it does not check
        its arguments. :func:`nmmtools.simulate` checks them and reports failures.

        Parameters
        ----------
        t : float
            Time (used only when ``I`` is a function of time).
        y : array_like, shape (2, ...)
            State ``(r, v)``; extra trailing dimensions are evaluated element-wise.
        I : float or callable
            External input current, a constant or a function ``I(t)``.

        Returns
        -------
        numpy.ndarray, shape (2, ...)
            The time derivatives ``(dr/dt, dv/dt)``.
        """
        r, v = y[0], y[1]
        current = I(t) if callable(I) else I
        tau = self.tau
        drdt = (self.delta / (np.pi * tau) + 2.0 * r * v) / tau
        dvdt = (v * v + self.eta + self.J * tau * r - (np.pi * tau * r) ** 2 + current) / tau
        return np.array([drdt, dvdt])

    def jacobian(self, r: float, v: float) -> NDArray[np.float64]:
        """Jacobian matrix of :meth:`rhs` with respect to ``(r, v)`` at one state."""
        tau = self.tau
        return np.array(
            [
                [2.0 * v / tau, 2.0 * r / tau],
                [self.J - 2.0 * np.pi**2 * tau * r, 2.0 * v / tau],
            ]
        )


def fixed_points(model: MPR, I: float = 0.0) -> list[FixedPoint]:  # noqa: E741
    """All equilibria of the MPR model with ``r > 0``, with their linear stability.

    Setting ``dr/dt = 0`` gives ``v = -delta / (2 pi tau r)``; substituted into
    ``dv/dt = 0`` this leaves the quartic (with ``rho = tau r``)::

        pi**2 rho**4 - J rho**3 - (eta + I) rho**2 - delta**2 / (4 pi**2) = 0

    whose positive real roots are the equilibria. For ``delta = 0`` these are
    the roots of ``pi**2 rho**2 - J rho - (eta + I) = 0``, where ``U'(r) = 0``.

    Parameters
    ----------
    model : MPR
        The model.
    I : float
        A constant external input, folded into ``eta``.

    Returns
    -------
    list of FixedPoint
        Sorted by increasing ``r``. Empty if there is no equilibrium with ``r > 0``.
    """
    check.instance("model", model, MPR)
    current = check.real_scalar("I", I)
    drive = model.eta + current
    if model.delta == 0.0:
        coefficients = [np.pi**2, -model.J, -drive]
    else:
        coefficients = [np.pi**2, -model.J, -drive, 0.0, -(model.delta**2) / (4.0 * np.pi**2)]
    roots = np.roots(coefficients)
    scale = max(1.0, float(np.max(np.abs(roots)))) if roots.size else 1.0
    rhos = np.sort(roots[(np.abs(roots.imag) <= 1e-9 * scale) & (roots.real > 0.0)].real)
    points = []
    for rho in rhos:
        r = float(rho) / model.tau
        v = -model.delta / (2.0 * np.pi * model.tau * r) + 0.0  # + 0.0 turns -0.0 into 0.0
        eigenvalues = np.linalg.eigvals(model.jacobian(r, v))
        points.append(FixedPoint(state=np.array([r, v]), eigenvalues=eigenvalues, kind=classify(eigenvalues)))
    return points
