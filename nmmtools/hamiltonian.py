"""The energy-like quantity of the MPR model, its parts, its rate of change and its well.

For ``delta = 0`` and time rescaled by ``ds = r**2 dt`` the MPR model is
Hamiltonian in the canonical pair ``(r, v)``::

    dr/ds = dH/dv,    dv/ds = -dH/dr,
    H(r, v) = (v**2 + eta + I) / (tau r) - J ln r + pi**2 tau r.

:mod:`nmmtools.symbolic.mpr` derives this with sympy and the tests check that the
two agree. With ``tau = 1`` it is ``H = v**2/r + eta/r - J ln r + pi**2 r``. This
module is the one place the energy is written; a constant or time-dependent input
``I`` is folded into ``eta`` (the landscape seen under that input).

How ``tau`` enters: in the dimensionless rate ``rho = tau r`` the energy is the
``tau = 1`` energy up to a constant, ``H(r, v; tau) = H(tau r, v; 1) + J ln tau``,
and ``ds = r**2 dt`` makes ``(r, v)`` canonical for every ``tau``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from nmmtools import _validation as check
from nmmtools.models.mpr import MPR, field, fixed_points
from nmmtools.stability import FixedPoint


def _rates_and_input(model: MPR, r: ArrayLike, I: ArrayLike) -> tuple[NDArray, NDArray]:  # noqa: E741
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    current = check.real_array("I", I)
    check.broadcastable(r=rates, I=current)
    return rates, current


def kinetic(model: MPR, r: ArrayLike, v: ArrayLike) -> NDArray[np.float64]:
    """Kinetic part ``v**2 / (tau r)`` of the energy, ``>= 0``.

    Parameters
    ----------
    model : MPR
        The model (only ``tau`` is used).
    r, v : array_like
        Firing rate (``> 0``) and mean membrane potential; broadcast together.

    Returns
    -------
    numpy.ndarray
        The kinetic energy at each point.

    Raises
    ------
    ValueError
        If any ``r <= 0`` (the message gives the first offending index) or any
        value is not finite.

    Examples
    --------
    >>> from nmmtools import MPR, kinetic
    >>> kinetic(MPR(), [1.0, 2.0], [1.0, 1.0]).tolist()
    [1.0, 0.5]
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    potentials = check.real_array("v", v)
    check.broadcastable(r=rates, v=potentials)
    with np.errstate(over="ignore", invalid="ignore"):
        return check.finite_result("kinetic", potentials**2 / (model.tau * rates))


def potential(model: MPR, r: ArrayLike, I: ArrayLike = 0.0) -> NDArray[np.float64]:  # noqa: E741
    """Potential part ``U(r) = (eta + I) / (tau r) - J ln r + pi**2 tau r`` of the energy.

    Parameters
    ----------
    model : MPR
        The model (``delta`` plays no part).
    r : array_like
        Firing rate, ``> 0``.
    I : array_like
        An input folded into ``eta``: a constant, or values broadcast with ``r``.

    Returns
    -------
    numpy.ndarray
        The potential at each ``r``.

    Raises
    ------
    ValueError
        If any ``r <= 0`` or a value is not finite.

    Examples
    --------
    >>> from nmmtools import MPR, potential
    >>> print(f"{float(potential(MPR(eta=-5.0, J=15.0), 1.0)):.4f}")
    4.8696
    """
    rates, current = _rates_and_input(model, r, I)
    with np.errstate(over="ignore", invalid="ignore"):
        values = (
            (model.eta + current) / (model.tau * rates)
            - model.J * np.log(rates)
            + np.pi**2 * model.tau * rates
        )
    return check.finite_result("potential", values)


def potential_difference(model: MPR, r: ArrayLike, dr: ArrayLike, I: float = 0.0) -> NDArray[np.float64]:  # noqa: E741
    """``U(r) - U(r + dr)`` without the cancellation of subtracting two values of :func:`potential`.

    The same potential, rearranged: with ``x = dr``,
    ``U(r) - U(r + x) = x ((eta + I) / (tau r (r + x)) - pi**2 tau) + J log1p(x / r)``,
    accurate to rounding relative to the difference itself however small ``x`` is
    (``potential(r) - potential(r + dr)`` loses the digits that ``U`` and the
    difference do not share). For integrals over a level set near its turning points.

    Parameters
    ----------
    model : MPR
        The model.
    r : array_like
        Rates, ``> 0``.
    dr : array_like
        Offsets, with ``r + dr > 0``; broadcast with ``r``.
    I : float
        A constant input folded into ``eta``.

    Returns
    -------
    numpy.ndarray
        ``U(r) - U(r + dr)``.

    Raises
    ------
    ValueError
        If a rate or ``r + dr`` is ``<= 0`` or a value is not finite.

    Examples
    --------
    >>> from nmmtools import MPR
    >>> from nmmtools.hamiltonian import potential_difference
    >>> print(f"{float(potential_difference(MPR(eta=-5.0, J=15.0), 1.2, -1e-9)):.6e}")
    8.418266e-10
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    offsets = check.real_array("dr", dr)
    check.broadcastable(r=rates, dr=offsets)
    check.positive_rates("r + dr", rates + offsets)
    drive, tau = model.eta + check.real_scalar("I", I), model.tau
    with np.errstate(over="ignore", invalid="ignore"):
        values = offsets * (drive / (tau * rates * (rates + offsets)) - np.pi**2 * tau) + model.J * np.log1p(
            offsets / rates
        )
    return check.finite_result("potential_difference", values)


def energy(model: MPR, r: ArrayLike, v: ArrayLike, I: ArrayLike = 0.0) -> NDArray[np.float64]:  # noqa: E741
    """Energy ``H(r, v) = kinetic + potential`` of the MPR model, with an input folded into ``eta``.

    Conserved along orbits of the homogeneous model (``delta = 0``) under a
    constant input; see :func:`energy_rate` for how it changes otherwise.

    Parameters
    ----------
    model : MPR
        The model (``delta`` plays no part).
    r, v : array_like
        Firing rate (``> 0``) and mean membrane potential; broadcast together.
    I : array_like
        The input folded into ``eta``: a constant or values broadcast with ``r``
        (e.g. a slow drive at each sample of a run).

    Returns
    -------
    numpy.ndarray
        ``H`` at each point.

    Raises
    ------
    ValueError
        If any ``r <= 0`` or a value is not finite.

    Examples
    --------
    >>> from nmmtools import MPR, energy
    >>> print(f"{float(energy(MPR(eta=-5.0, J=15.0), 1.0, 1.0)):.4f}")
    5.8696
    >>> energy(MPR(), 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: r must be > 0 (the energy has terms 1/r and ln r), got r = 0.0 (1 value(s) <= 0)
    """
    values = kinetic(model, r, v)
    with np.errstate(over="ignore", invalid="ignore"):
        return check.finite_result("energy", values + potential(model, r, I))


def potential_slope(model: MPR, I: float = 0.0) -> tuple[float, float, float]:  # noqa: E741
    """The coefficients ``(A, J, B)`` of the slope of the potential, ``U'(r) = A - J / r - B / r**2``.

    ``A = pi**2 tau`` and ``B = (eta + I) / tau``: the derivative of :func:`potential`,
    in the form that :func:`gradient` and the splitting integrator evaluate.

    Examples
    --------
    >>> from nmmtools import MPR
    >>> from nmmtools.hamiltonian import potential_slope
    >>> A, J, B = potential_slope(MPR(eta=-5.0, J=15.0))
    >>> print(f"U'(1) = {A - J - B:.4f}")
    U'(1) = -0.1304
    """
    check.instance("model", model, MPR)
    return np.pi**2 * model.tau, model.J, (model.eta + check.real_scalar("I", I)) / model.tau


def gradient(
    model: MPR,
    r: ArrayLike,
    v: ArrayLike,
    I: ArrayLike = 0.0,  # noqa: E741
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The partial derivatives ``(dH/dr, dH/dv)`` of :func:`energy`.

    Examples
    --------
    >>> from nmmtools import MPR
    >>> from nmmtools.hamiltonian import gradient
    >>> dHdr, dHdv = gradient(MPR(eta=-5.0, J=15.0), 1.0, 1.0)
    >>> print(f"{float(dHdr):.4f} {float(dHdv):.4f}")
    -1.1304 2.0000
    """
    rates, current = _rates_and_input(model, r, I)
    potentials = check.real_array("v", v)
    check.broadcastable(r=rates, v=potentials, I=current)
    tau = model.tau
    A, J, B = potential_slope(model)  # U'(r) = A - J/r - B/r**2 without the input; I/tau adds to B
    with np.errstate(over="ignore", invalid="ignore"):
        dHdr = A - J / rates - (B + current / tau) / rates**2 - potentials**2 / (tau * rates**2)
        dHdv = 2.0 * potentials / (tau * rates)
    return check.finite_result("dH/dr", dHdr), check.finite_result("dH/dv", dHdv)


def energy_rate(model: MPR, r: ArrayLike, v: ArrayLike, I: ArrayLike = 0.0) -> NDArray[np.float64]:  # noqa: E741
    """Rate of change ``dH/dt`` of the energy along trajectories, in physical time.

    ``H`` is :func:`energy` without the input, and the trajectories are those of
    the full model with heterogeneity ``delta`` and input ``I``. By the chain rule
    ``dH/dt = grad H . F``; the homogeneous, unforced field ``F0`` conserves ``H``
    (``grad H . F0 = 0``), so ``dH/dt = grad H . (F - F0)``, computed from
    ``nmmtools.models.mpr.field`` and ``gradient``. Written out::

        dH/dt = -delta (v**2 + eta + J tau r - (pi tau r)**2) / (pi tau**3 r**2)
                + 2 v I / (tau**2 r)

    With ``I = 0`` the first term is ``-(delta / (pi tau**2 r**2)) dv/dt``.

    Parameters
    ----------
    model : MPR
        The model.
    r, v : array_like
        Firing rate (``> 0``) and mean membrane potential; broadcast together.
    I : array_like
        The input at those instants (a constant, or values broadcast with ``r``).

    Returns
    -------
    numpy.ndarray
        ``dH/dt`` at each point.

    Raises
    ------
    ValueError
        If any ``r <= 0`` or a value is not finite.

    Examples
    --------
    >>> from nmmtools import MPR, energy_rate
    >>> float(energy_rate(MPR(delta=0.0), 1.2, 0.3))
    0.0
    >>> print(f"{float(energy_rate(MPR(delta=1.0), 1.2, 0.3)):.4f}")
    0.2481
    """
    check.instance("model", model, MPR)
    rates = check.positive_rates("r", r)
    potentials = check.real_array("v", v)
    current = check.real_array("I", I)
    check.broadcastable(r=rates, v=potentials, I=current)
    dHdr, dHdv = gradient(model, rates, potentials)
    with np.errstate(over="ignore", invalid="ignore"):
        drdt, dvdt = field(rates, potentials, model.eta + current, model.delta, model.J, model.tau)
        homogeneous_drdt, homogeneous_dvdt = field(rates, potentials, model.eta, 0.0, model.J, model.tau)
        # grad H . F minus grad H . F_0, where F_0 (delta = 0, no input) conserves H exactly:
        # subtracting it removes the large Hamiltonian terms, which cancel, before rounding
        rate = dHdr * (drdt - homogeneous_drdt) + dHdv * (dvdt - homogeneous_dvdt)
    return check.finite_result("energy_rate", rate)


def energy_grid(
    model: MPR, r: ArrayLike, v: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Energy on the grid spanned by 1-D arrays ``r`` and ``v``.

    Returns
    -------
    R, V, H : numpy.ndarray
        Meshgrids of shape ``(len(v), len(r))`` and the energy on them, ready
        for ``Axes.contour``.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MPR, energy_grid
    >>> R, V, H = energy_grid(MPR(), np.linspace(0.5, 2.0, 4), np.linspace(-1.0, 1.0, 3))
    >>> H.shape
    (3, 4)
    """
    rates, potentials = check.positive_rates("r", r), check.real_array("v", v)
    if rates.ndim != 1 or potentials.ndim != 1:
        raise ValueError(f"r and v must be one-dimensional, got shapes {rates.shape} and {potentials.shape}")
    grid_r, grid_v = np.meshgrid(rates, potentials)
    return grid_r, grid_v, energy(model, grid_r, grid_v)


@dataclass(frozen=True)
class Well:
    """The potential well of a homogeneous MPR population: its bottom, rim and level sets.

    Build it with :func:`well`.

    Attributes
    ----------
    model : MPR
        The homogeneous model (``delta = 0``) whose potential this is.
    I : float
        The constant input folded into ``eta``.
    bottom : FixedPoint
        The centre at the minimum of ``U`` (the bottom of the well).
    rim : FixedPoint or None
        The saddle at the maximum of ``U`` left of the bottom (the rim of the
        well, whose level set is the separatrix); ``None`` where ``U`` grows
        without bound as ``r -> 0`` (``eta + I > 0``), so every level is bounded.
    """

    model: MPR
    I: float  # noqa: E741
    bottom: FixedPoint
    rim: FixedPoint | None

    @property
    def U_bottom(self) -> float:  # noqa: N802
        """The potential at the bottom of the well."""
        return float(potential(self.model, self.bottom.r, self.I))

    @property
    def U_rim(self) -> float:  # noqa: N802
        """The potential at the rim (``inf`` if the well has no rim)."""
        return np.inf if self.rim is None else float(potential(self.model, self.rim.r, self.I))

    @property
    def depth(self) -> float:
        """``U_rim - U_bottom`` (``inf`` if the well has no rim)."""
        return self.U_rim - self.U_bottom

    def level(self, fraction: ArrayLike) -> NDArray[np.float64]:
        """Energies a ``fraction`` of the way from the bottom (0) to the rim (1).

        Raises
        ------
        ValueError
            If the well has no rim (the depth is infinite).
        """
        if self.rim is None:
            raise ValueError("the well has no rim (eta + I > 0): levels by fraction of depth need one")
        return self.U_bottom + check.real_array("fraction", fraction) * self.depth

    def contains(self, h: float) -> bool:
        """Whether the level set ``H = h`` is a closed orbit inside the well."""
        return bool(self.U_bottom <= h < self.U_rim)

    def turning_points(self, h: float) -> tuple[float, float]:
        """The smallest and largest ``r`` on the level set ``H = h``: the two roots of ``U(r) = h``.

        Raises
        ------
        ValueError
            If ``h`` is below the bottom of the well, or at or above its rim
            (the level set is not bounded).
        """
        level = check.real_scalar("h", h)
        bottom, rim = self.U_bottom, self.U_rim
        if level < bottom:
            raise ValueError(f"h = {level:g} is below the bottom of the well, U(r*) = {bottom:g}")
        if level >= rim:
            raise ValueError(
                f"no bounded level set: h = {level:g} is at or above the rim of the well, U = {rim:g}"
            )
        centre = self.bottom.r
        if level == bottom:
            return centre, centre

        def excess(rate: float) -> float:
            return float(potential(self.model, rate, self.I)) - level

        upper = 2.0 * centre
        while excess(upper) < 0.0:
            upper *= 2.0
        lower = self.rim.r if self.rim is not None else 0.5 * centre
        while excess(lower) < 0.0:  # no rim: U grows without bound as r -> 0
            lower *= 0.5
        return (
            float(brentq(excess, lower, centre, xtol=1e-14, rtol=1e-13)),
            float(brentq(excess, centre, upper, xtol=1e-14, rtol=1e-13)),
        )


def well(model: MPR, I: float = 0.0) -> Well:  # noqa: E741
    """The potential well of a model's homogeneous population (``delta`` is ignored).

    Parameters
    ----------
    model : MPR
        The model; its well is that of ``model.homogeneous()``.
    I : float
        A constant input folded into ``eta``.

    Returns
    -------
    Well

    Raises
    ------
    ValueError
        If the potential has no well (no centre: ``eta + I <=`` :func:`well_threshold`).

    Examples
    --------
    >>> from nmmtools import MPR, well
    >>> basin = well(MPR(eta=-5.0, J=15.0))
    >>> print(f"bottom r = {basin.bottom.r:.4f}, rim r = {basin.rim.r:.4f}, depth {basin.depth:.4f}")
    bottom r = 1.0261, rim r = 0.4937, depth 0.4645
    >>> low, high = basin.turning_points(float(basin.level(0.5)))
    >>> print(f"{low:.4f} {high:.4f}")
    0.7118 1.3374
    """
    check.instance("model", model, MPR)
    current = check.real_scalar("I", I)
    homogeneous = model.homogeneous()
    points = fixed_points(homogeneous, current)
    centres = [point for point in points if point.kind == "centre"]
    if not centres:
        kinds = [point.kind for point in points]
        raise ValueError(
            f"no potential well for eta + I = {model.eta + current:g}, J = {model.J:g}: "
            f"the equilibria are {kinds or 'none'}, no centre"
        )
    saddles = [point for point in points if point.kind == "saddle" and point.r < centres[-1].r]
    return Well(homogeneous, current, centres[-1], saddles[-1] if saddles else None)


def well_threshold(model: MPR) -> float:
    """The excitability below which the potential has no well: ``U`` has one iff ``eta + I > threshold``.

    ``U'(r) = 0`` is ``pi**2 tau**2 r**2 - J tau r - (eta + I) = 0``. For
    ``J > 0`` it has two positive roots, a maximum (the rim) and a minimum (the
    bottom), while ``eta + I`` lies between ``-J**2 / (4 pi**2)`` and 0, and one
    root (the bottom) above 0; below ``-J**2 / (4 pi**2)`` it has none, ``U``
    rises monotonically from ``-inf`` at ``r -> 0`` and the homogeneous
    population has no equilibrium at all. For ``J <= 0`` there is a well only
    for ``eta + I > 0``. The threshold does not depend on ``tau``.

    Parameters
    ----------
    model : MPR
        The model (``J``; ``eta`` and ``delta`` are not used).

    Returns
    -------
    float
        ``-J**2 / (4 pi**2)`` for ``J > 0``, else ``0``.

    Examples
    --------
    >>> from nmmtools import MPR, well_threshold
    >>> print(f"{well_threshold(MPR(J=15.0)):.4f}")
    -5.6993
    """
    check.instance("model", model, MPR)
    return -(model.J**2) / (4.0 * np.pi**2) if model.J > 0 else 0.0


def turning_points(model: MPR, h: float, I: float = 0.0) -> tuple[float, float]:  # noqa: E741
    """The smallest and largest ``r`` on the level set ``H = h``: the two roots of ``U(r) = h``.

    Parameters
    ----------
    model : MPR
        The model; ``delta`` is ignored (the level sets are those of the
        homogeneous energy).
    h : float
        The energy level.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    (float, float)
        The left and right turning points ``r_min <= r* <= r_max`` around the
        centre ``r*`` of the well.

    Raises
    ------
    ValueError
        If ``h`` is below the bottom of the well, at or above its rim (the level
        set is not bounded), or the potential has no well at all.

    Examples
    --------
    >>> from nmmtools import MPR, energy, turning_points
    >>> model = MPR(eta=-5.0, J=15.0)
    >>> low, high = turning_points(model, float(energy(model, 1.2, 0.0)))
    >>> print(f"{low:.4f} {high:.4f}")
    0.8530 1.2000
    """
    check.instance("model", model, MPR)
    level = check.real_scalar("h", h)
    return well(model, I).turning_points(level)


def spike_amplitude(model: MPR, h: float, I: float = 0.0) -> float:  # noqa: E741
    """The largest ``r`` on the level set ``H = h``: the right root of ``U(r) = h``.

    The amplitude the next spike reaches if ``H`` does not change; see
    :func:`turning_points`, whose right turning point this is.

    Parameters
    ----------
    model : MPR
        The model; ``delta`` is ignored.
    h : float
        The energy level.
    I : float
        A constant input, folded into ``eta``.

    Returns
    -------
    float
        The spike amplitude ``r_max``.

    Raises
    ------
    ValueError
        As :func:`turning_points`.

    Examples
    --------
    >>> from nmmtools import MPR, energy, spike_amplitude
    >>> model = MPR(eta=-5.0, J=15.0)
    >>> print(f"{spike_amplitude(model, float(energy(model, 1.2, 0.0))):.6f}")
    1.200000
    """
    return turning_points(model, h, I)[1]
