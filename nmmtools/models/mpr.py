"""The Montbrió–Pazó–Roxin (MPR) mean field of quadratic integrate-and-fire neurons.

The firing rate ``r`` and mean membrane potential ``v`` of an infinite, all-to-all
coupled population of QIF neurons whose excitabilities follow a Lorentzian
distribution (centre ``eta``, half width ``delta``) obey exactly
(Montbrió, Pazó & Roxin 2015)::

    tau dr/dt = delta / (pi tau) + 2 r v
    tau dv/dt = v**2 + eta + J tau r - (pi tau r)**2 + I(t)

With ``tau = 1`` this is the dimensionless form used throughout the book.
:func:`equations` is the one place these equations are written: every model of
the package that contains an MPR population (adaptation, synapses, mutual
inhibition) binds it once and calls it with its own drive in place of ``eta + I``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError
from nmmtools.inputs import Input, evaluate
from nmmtools.stability import FixedPoint, classify

Field = Callable[[float, NDArray[np.float64]], NDArray[np.float64]]
"""A right-hand side ``f(t, y)`` for :func:`scipy.integrate.solve_ivp`."""


Equations = Callable[[Any, Any, Any], tuple[Any, Any]]
"""The MPR equations with their parameters bound: ``(r, v, drive) -> (dr/dt, dv/dt)``."""


def equations(delta: float, J: float, tau: float) -> Equations:
    """The MPR equations with ``delta``, ``J`` and ``tau`` bound: ``(r, v, drive) -> (dr/dt, dv/dt)``.

    The one place the equations are written. ``drive`` is ``eta + I``; ``r``, ``v``
    and ``drive`` are Python floats or NumPy arrays that broadcast together (only
    arithmetic). The constants are computed once, so that the integrators' closures,
    which call the returned function at every stage of every step, cost little more
    than the arithmetic itself.

    Examples
    --------
    >>> from nmmtools.models.mpr import equations
    >>> drdt, dvdt = equations(0.0, 15.0, 1.0)(1.0, 0.5, -5.0)
    >>> print(f"{drdt:.4f} {dvdt:.4f}")
    1.0000 0.3804
    """
    heterogeneity = delta / (np.pi * tau)  # the constant term of tau dr/dt
    coupling = J * tau
    quadratic = (np.pi * tau) ** 2

    def rates_of_change(r: Any, v: Any, drive: Any) -> tuple[Any, Any]:
        return (heterogeneity + 2.0 * r * v) / tau, (v * v + drive + coupling * r - quadratic * r * r) / tau

    return rates_of_change


def field(r: Any, v: Any, drive: Any, delta: float, J: float, tau: float) -> tuple[Any, Any]:
    """The MPR equations: ``(dr/dt, dv/dt)`` at ``(r, v)`` with ``drive = eta + I`` (see :func:`equations`).

    Examples
    --------
    >>> from nmmtools.models.mpr import field
    >>> drdt, dvdt = field(1.0, 0.5, -5.0, 0.0, 15.0, 1.0)
    >>> print(f"{drdt:.4f} {dvdt:.4f}")
    1.0000 0.3804
    """
    return equations(delta, J, tau)(r, v, drive)


def jacobian_of_field(r: float, v: float, J: float, tau: float) -> NDArray[np.float64]:
    """The derivative of ``field`` with respect to ``(r, v)`` (it does not depend on the drive)."""
    return np.array(
        [
            [2.0 * v / tau, 2.0 * r / tau],
            [J - 2.0 * np.pi**2 * tau * r, 2.0 * v / tau],
        ]
    )


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

    Examples
    --------
    >>> from nmmtools import MPR
    >>> model = MPR(delta=1.0, eta=-5.0, J=15.0)
    >>> model.rhs(0.0, [1.0, 0.5]).round(4).tolist()
    [1.3183, 0.3804]
    >>> MPR(tau=-1.0)
    Traceback (most recent call last):
    ...
    ValueError: tau must be > 0, got tau = -1.0
    """

    delta: float = 0.0
    eta: float = -5.0
    J: float = 15.0
    tau: float = 1.0

    names = ("r", "v")
    """Names of the components of the initial state ``y0``."""
    views = {"r": 0, "v": 1, "s": 2}
    """Where each named component is in a :class:`~nmmtools.Run` (``s``: the rescaled time)."""
    rows = 3
    """Rows of the state of a :class:`~nmmtools.Run` of this model."""
    rates = (0,)
    """Indices of the components that are firing rates (they must stay > 0)."""
    noisy = (1,)
    """Indices of the components that noise enters (the mean potential)."""

    def __post_init__(self) -> None:
        check.fields(
            self,
            delta=check.nonnegative_scalar,
            eta=check.real_scalar,
            J=check.real_scalar,
            tau=check.positive_scalar,
        )

    def rhs(self, t: float, y: ArrayLike, I: Input = 0.0) -> NDArray[np.float64]:  # noqa: E741
        """Right-hand side ``(dr/dt, dv/dt)`` of the model in physical time.

        This is the raw field: it does not check its arguments.
        :func:`nmmtools.simulate` checks them and reports failures.

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
        state = np.asarray(y, dtype=float)
        current = I(t) if callable(I) else I
        return np.array(field(state[0], state[1], self.eta + current, self.delta, self.J, self.tau))

    def jacobian(self, r: float, v: float) -> NDArray[np.float64]:
        """Jacobian matrix of :meth:`rhs` with respect to ``(r, v)`` at one state."""
        return jacobian_of_field(r, v, self.J, self.tau)

    def homogeneous(self) -> MPR:
        """The same population with ``delta = 0``: the Hamiltonian limit."""
        return MPR(delta=0.0, eta=self.eta, J=self.J, tau=self.tau)

    def closures(self, I: Input = 0.0) -> tuple[Field, Field]:  # noqa: E741
        """The fast right-hand sides that the integrators call, in physical and in rescaled time.

        Both act on a state of three components and evaluate ``field`` on
        Python floats (the hot path of every integration):

        - ``physical(t, (r, v, s))`` returns ``(dr/dt, dv/dt, ds/dt = r**2)``;
        - ``rescaled(s, (r, v, t))`` returns ``(dr/ds, dv/ds, dt/ds = 1/r**2)``.

        Parameters
        ----------
        I : float or callable
            The input, a constant or a function of physical time; an input
            function that fails is reported as a :class:`SimulationError` with the time.

        Examples
        --------
        >>> from nmmtools import MPR
        >>> physical, rescaled = MPR().closures()
        >>> physical(0.0, np.array([1.0, 0.5, 0.0])).round(4).tolist()
        [1.0, 0.3804, 1.0]
        >>> rescaled(0.0, np.array([2.0, 0.5, 0.0])).round(4).tolist()
        [0.5, -3.5571, 0.25]
        """
        mpr = equations(self.delta, self.J, self.tau)
        if not callable(I):  # a constant input: no function call for it at every stage
            constant = self.eta + I

            def physical(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
                r, v, _ = y.tolist() if y.ndim == 1 else y  # one state, or (3, members) for an ensemble
                drdt, dvdt = mpr(r, v, constant)
                return np.array((drdt, dvdt, r * r))

            def rescaled(s: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
                r, v, _ = y.tolist()
                dtds = 1.0 / (r * r)
                drdt, dvdt = mpr(r, v, constant)
                return np.array((drdt * dtds, dvdt * dtds, dtds))

            return physical, rescaled
        drive = _drive(self.eta, I)

        def forced_physical(t: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
            r, v, _ = y.tolist() if y.ndim == 1 else y  # one state, or (3, members) for an ensemble
            drdt, dvdt = mpr(r, v, drive(t))
            return np.array((drdt, dvdt, r * r))

        def forced_rescaled(s: float, y: NDArray[np.float64]) -> NDArray[np.float64]:
            r, v, t = y.tolist()
            dtds = 1.0 / (r * r)
            drdt, dvdt = mpr(r, v, drive(t))
            return np.array((drdt * dtds, dvdt * dtds, dtds))

        return forced_physical, forced_rescaled

    def frozen(self, t: NDArray[np.float64], y: NDArray[np.float64], I: Input | None) -> tuple[MPR, NDArray]:  # noqa: E741
        """The MPR population whose energy describes ``(r, v)``, and the input folded into its ``eta``."""
        return self, evaluate(I, t)


def _drive(eta: float, current: Input) -> Callable[[float], float]:
    """``eta + I(t)`` as a function of time; an input function that fails is reported with the time."""
    if not callable(current):
        constant = eta + current
        return lambda _: constant

    def drive(t: float) -> float:
        try:
            return eta + current(t)
        except Exception as error:  # the user's input function failed mid-run: say when
            raise SimulationError(f"the input I raised {error!r} at t = {t:.6g}") from error

    return drive


REAL_ROOT_TOLERANCE = 1e-9
"""A root of :func:`equilibrium_polynomial` is real if its imaginary part is below this times the largest."""


def equilibrium_polynomial(delta: ArrayLike, drive: ArrayLike, J: ArrayLike) -> NDArray[np.float64]:
    """Coefficients of the polynomial whose positive real roots ``rho = tau r`` are the equilibria.

    Setting ``dr/dt = 0`` in :func:`field` gives ``v = -delta / (2 pi tau r)``;
    substituted into ``dv/dt = 0`` this leaves the quartic
    ``pi**2 rho**4 - J rho**3 - drive rho**2 - delta**2 / (4 pi**2)``, with ``drive = eta + I``.

    Parameters
    ----------
    delta, drive, J : array_like
        Heterogeneity, ``eta + I`` and coupling, broadcast together (not checked: callers check them).

    Returns
    -------
    numpy.ndarray, shape (..., 5)
        The coefficients, highest power first, for each broadcast parameter set.

    Examples
    --------
    >>> from nmmtools.models.mpr import equilibrium_polynomial
    >>> equilibrium_polynomial(1.0, -5.0, 15.0).round(4).tolist()
    [9.8696, -15.0, 5.0, 0.0, -0.0253]
    """
    heterogeneity, excitability, coupling = np.broadcast_arrays(
        np.asarray(delta, dtype=float), np.asarray(drive, dtype=float), np.asarray(J, dtype=float)
    )
    return np.stack(
        (
            np.full_like(coupling, np.pi**2),
            -coupling,
            -excitability,
            np.zeros_like(coupling),
            -(heterogeneity**2) / (4.0 * np.pi**2),
        ),
        axis=-1,
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

    Examples
    --------
    >>> from nmmtools import MPR, fixed_points
    >>> for point in fixed_points(MPR(delta=1.0, eta=-5.0, J=15.0)):
    ...     print(f"r = {point.r:.4f}: {point.kind}")
    r = 0.0811: stable node
    r = 0.4730: saddle
    r = 1.0306: stable focus
    """
    check.instance("model", model, MPR)
    current = check.real_scalar("I", I)
    # np.roots drops the trailing zero coefficients of delta = 0: the quadratic pi**2 rho**2 - J rho - eta
    roots = np.roots(equilibrium_polynomial(model.delta, model.eta + current, model.J))
    scale = max(1.0, float(np.max(np.abs(roots)))) if roots.size else 1.0
    rhos = np.sort(roots[(np.abs(roots.imag) <= REAL_ROOT_TOLERANCE * scale) & (roots.real > 0.0)].real)
    points = []
    for rho in rhos:
        r = float(rho) / model.tau
        v = -model.delta / (2.0 * np.pi * model.tau * r) + 0.0  # + 0.0 turns -0.0 into 0.0
        eigenvalues = np.linalg.eigvals(model.jacobian(r, v)).astype(complex)
        points.append(FixedPoint(state=np.array([r, v]), eigenvalues=eigenvalues, kind=classify(eigenvalues)))
    return points
