"""The geometry behind the energy, derived with sympy.

Like :mod:`nmmtools.symbolic.mpr`, every function derives its result from the MPR
equations (:func:`~nmmtools.symbolic.mpr.vector_field`) or from the energy that
:func:`~nmmtools.symbolic.mpr.hamiltonian` derives; nothing here types in a result.
The functions take no arguments and their (immutable) results are cached.

* :func:`complex_field`: the model in ``w = pi r + i v``.
* :func:`order_parameter_deficit`: ``1 - |Z|**2`` for the Kuramoto order parameter.
* :func:`riccati_circles`, :func:`riccati_rotation`: for ``delta = J = 0`` the level
  sets of ``H`` are circles in ``w`` and every orbit has the same period.
* :func:`dulac_divergence`: ``div(F / r**2)`` with heterogeneity.
* :func:`energy_one_form`, :func:`green_integrand`, :func:`level_set_half_width`,
  :func:`period_integrand`, :func:`energy_loss_integrand`: the period of a turn
  and the change of ``H`` over it.
* :func:`equilibrium_curve`, :func:`fold_condition`, :func:`fold_at_coupling`,
  :func:`cusp_point`: equilibria, their saddle-node bifurcations and the cusp.
* :func:`frozen_partner_energy_rate`: the energies of two mutually inhibiting
  populations, each with its partner's rate frozen into ``eta``, are not conserved.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import TypeVar

import sympy as sp

from nmmtools.symbolic.ellipses import h, uncoupled_ellipse, uncoupled_level_set
from nmmtools.symbolic.mpr import (
    I,
    J,
    delta,
    divergence,
    energy_rate,
    eta,
    hamiltonian,
    r,
    tau,
    v,
    vector_field,
)

__all__ = [
    "complex_field",
    "order_parameter_deficit",
    "riccati_circles",
    "riccati_rotation",
    "dulac_divergence",
    "energy_one_form",
    "green_integrand",
    "level_set_half_width",
    "period_integrand",
    "energy_loss_integrand",
    "equilibrium_curve",
    "fold_condition",
    "fold_at_coupling",
    "cusp_point",
    "frozen_partner_energy_rate",
]

w = sp.Symbol("w")
"""The complex variable ``w = pi r + i v``."""
w_conjugate = sp.Symbol(r"\bar{w}")
"""Its complex conjugate, treated as an independent variable (Wirtinger calculus)."""
x = sp.Symbol("x", real=True)
"""``Re w = pi r``."""
y = sp.Symbol("y", real=True)
"""``Im w = v``."""
Result = TypeVar("Result")


def _cached(function: Callable[[], Result]) -> Callable[[], Result]:
    """Cache a derivation without arguments; hand out a copy of a dict so that the cache cannot be changed."""
    stored = cache(function)

    @wraps(function)
    def derived() -> Result:
        result = stored()
        return dict(result) if isinstance(result, dict) else result  # type: ignore[return-value]

    return derived


def _positive_root(solutions: list[sp.Expr]) -> sp.Expr:
    """The one solution that is not the negative of another, e.g. ``sqrt(a)`` from ``[-sqrt(a), sqrt(a)]``."""
    positive = [solution for solution in solutions if not solution.could_extract_minus_sign()]
    if len(positive) != 1:
        raise ValueError(f"expected one positive root among {solutions}")
    return positive[0]


@_cached
def complex_field() -> sp.Expr:
    r"""``dw/dt`` for ``w = pi r + i v`` (``tau = 1``), written with ``w`` and, where it is needed, ``r``.

    ``pi dr/dt + i dv/dt`` is rewritten with ``r = (w + conj(w)) / (2 pi)`` and
    ``v = (w - conj(w)) / (2 i)``. Everything except the coupling term turns out
    to depend on ``w`` only (checked: an error is raised otherwise); the coupling
    term is written back in ``r``.

    Raises
    ------
    ValueError
        If a term without ``J`` depends on ``conj(w)``.

    Examples
    --------
    In LaTeX, where the imaginary unit is ``i`` and the input ``I``:

    >>> print(sp.latex(complex_field()))
    \Delta + i I + i J r + i \eta - i w^{2}
    """
    drdt, dvdt = (component.subs(tau, 1) for component in vector_field())
    dwdt = sp.expand(
        (sp.pi * drdt + sp.I * dvdt).subs(
            {r: (w + w_conjugate) / (2 * sp.pi), v: (w - w_conjugate) / (2 * sp.I)}, simultaneous=True
        )
    )
    coupling_part = dwdt.coeff(J)
    rest = sp.expand(dwdt - J * coupling_part)
    if rest.has(w_conjugate):
        raise ValueError(f"the field without coupling is not holomorphic: {rest}")
    coupling_in_r = sp.simplify(coupling_part.subs(w_conjugate, 2 * sp.pi * r - w))
    return sp.expand(rest + J * coupling_in_r)


@_cached
def order_parameter_deficit() -> sp.Expr:
    """``1 - |Z|**2`` for ``Z = (1 - conj(w)) / (1 + conj(w))``, ``w = pi r + i v``: positive for ``r > 0``.

    Examples
    --------
    >>> print(order_parameter_deficit())
    4*pi*r/(pi**2*r**2 + 2*pi*r + v**2 + 1)
    """
    conjugate = sp.pi * r - sp.I * v
    order = (1 - conjugate) / (1 + conjugate)
    return sp.factor(sp.simplify(1 - sp.expand(order * sp.conjugate(order))))


@_cached
def riccati_circles() -> dict[str, sp.Expr]:
    """The level set ``H = h`` for ``delta = J = 0`` (``tau = 1``) in the plane of ``w = x + i y``.

    :func:`nmmtools.symbolic.ellipses.uncoupled_ellipse` completes the square of
    ``r (H - h)`` in ``(r, v)``: ``v**2 + pi**2 (r - r0)**2 = rho**2``. With ``x = pi r``
    and ``y = v`` that polynomial becomes ``(x - pi r0)**2 + y**2 - rho**2`` (checked):
    a circle.

    Returns
    -------
    dict
        ``centre`` (on the real axis), ``radius_squared`` and ``polynomial`` (``r (H - h)`` in ``x``, ``y``).

    Raises
    ------
    ValueError
        If the level set is not that circle.

    Examples
    --------
    >>> from nmmtools.symbolic.geometry import riccati_circles
    >>> circle = riccati_circles()
    >>> print(circle["centre"], "|", circle["radius_squared"])
    h/(2*pi) | -eta + h**2/(4*pi**2)
    """
    ellipse = uncoupled_ellipse()
    polynomial = sp.expand(uncoupled_level_set().subs({r: x / sp.pi, v: y}, simultaneous=True))
    centre = sp.simplify(sp.pi * ellipse["centre_r"])
    radius_squared = ellipse["radius_squared"]
    if sp.simplify(sp.expand((x - centre) ** 2 + y**2 - radius_squared) - polynomial) != 0:
        raise ValueError(f"the level set is not a circle in w: {polynomial}")
    return {"centre": centre, "radius_squared": radius_squared, "polynomial": polynomial}


@_cached
def riccati_rotation() -> dict[str, sp.Expr]:
    """Why every orbit of ``delta = J = I = 0`` has the same period: the Möbius flow is a rotation.

    With ``delta = J = I = 0``, :func:`complex_field` is the Riccati equation
    ``dw/dt = i (eta - w**2)``. For ``eta > 0`` it has the fixed point
    ``w* = sqrt(eta)`` (``r > 0``). In the Möbius coordinate
    ``zeta = (w - w*) / (w + w*)`` the flow is exactly linear,
    ``d zeta / dt = rate * zeta``, with ``rate`` independent of ``w`` (checked),
    so every orbit turns with the same angular speed.

    Returns
    -------
    dict
        ``fixed_point`` ``w*``, ``rate`` (purely imaginary) and ``period`` ``2 pi / |rate|``.

    Raises
    ------
    ValueError
        If ``zeta`` does not evolve linearly.

    Examples
    --------
    >>> rotation = riccati_rotation()
    >>> print(rotation["rate"], "|", rotation["period"])
    -2*I*sqrt(eta) | pi/sqrt(eta)
    """
    excitability = sp.Symbol("eta", positive=True)
    field = complex_field().subs({delta: 0, J: 0, I: 0}).subs(eta, excitability)
    fixed_point = _positive_root(sp.solve(field, w))
    mobius = (w - fixed_point) / (w + fixed_point)
    rate = sp.simplify(sp.diff(mobius, w) * field / mobius)
    if rate.has(w):
        raise ValueError(f"the Möbius coordinate does not evolve linearly: d zeta/dt / zeta = {rate}")
    return {
        "fixed_point": fixed_point.subs(excitability, eta),
        "rate": rate.subs(excitability, eta),
        "period": sp.simplify(2 * sp.pi / sp.Abs(rate)).subs(excitability, eta),
    }


@_cached
def dulac_divergence() -> sp.Expr:
    """``div(F / r**2)`` of the full field (with ``delta``, ``tau``, input ``I``): negative for ``delta > 0``.

    Examples
    --------
    >>> print(dulac_divergence())
    -2*Delta/(pi*r**3*tau**2)
    """
    drdt, dvdt = vector_field()
    return sp.simplify(divergence((drdt / r**2, dvdt / r**2)))


@_cached
def energy_one_form() -> sp.Expr:
    """``Q(r)`` with ``dH/dt = Q(r) dv/dt|_{delta=0}`` for ``I = 0``: along an orbit, ``dH = Q dv``.

    To first order in ``delta`` the orbit over a turn is a level set of the
    homogeneous model, along which ``dv = (dv/dt|_{delta=0}) dt``; so the
    change of ``H`` over a turn is the loop integral of ``Q dv``.

    Raises
    ------
    ValueError
        If the ratio depends on ``v``.

    Examples
    --------
    >>> print(energy_one_form())
    -Delta/(pi*r**2*tau**2)
    """
    rate = energy_rate(hamiltonian()).subs(I, 0)
    ratio = sp.simplify(rate / vector_field(heterogeneity=0, current=0)[1])
    if ratio.has(v):
        raise ValueError(f"dH/dt is not Q(r) dv/dt: the ratio {ratio} depends on v")
    return ratio


@_cached
def green_integrand() -> sp.Expr:
    """The area integrand ``-dQ/dr`` of Green's theorem for the loop integral of ``Q dv``, run clockwise.

    Green's theorem: ``loop integral Q dv = +-integral dQ/dr dA``, with ``+`` for a
    counter-clockwise loop. The orbits run clockwise in ``(r, v)``: at the right
    turning point ``v = 0`` and ``dv/ds = -U'(r) < 0``. So the change of ``H``
    over a turn is ``integral (-dQ/dr) dA`` over the region inside the level set.

    Examples
    --------
    >>> print(green_integrand())
    -2*Delta/(pi*r**3*tau**2)
    """
    return sp.simplify(-sp.diff(energy_one_form(), r))


@_cached
def level_set_half_width() -> sp.Expr:
    """``v >= 0`` on the level set ``H = h``: the half width of the region inside it at rate ``r``.

    Examples
    --------
    >>> print(level_set_half_width())
    sqrt(J*r*tau*log(r) - eta + h*r*tau - pi**2*r**2*tau**2)
    """
    return _positive_root(sp.solve(sp.Eq(hamiltonian(), h), v))


@_cached
def period_integrand() -> sp.Expr:
    """``dt/dr`` summed over the two halves of the level set ``H = h`` (``delta = 0``).

    On the upper half ``v`` is :func:`level_set_half_width` and ``dt = dr / (dr/dt)``;
    the lower half takes the same time. The period is the integral of this between the turning points.

    Examples
    --------
    >>> print(period_integrand())
    tau/(r*sqrt(J*r*tau*log(r) - eta + h*r*tau - pi**2*r**2*tau**2))
    """
    drdt = vector_field(heterogeneity=0, current=0)[0]
    return sp.simplify(2 / drdt.subs(v, level_set_half_width()))


@_cached
def energy_loss_integrand() -> sp.Expr:
    """The integrand in ``r`` of the first-order change of ``H`` over a turn.

    The region inside the level set is ``|v| <= half width`` at each ``r``, so the area
    integral of :func:`green_integrand` is the integral in ``r`` of
    ``2 * half width * green_integrand``, between the turning points.

    Examples
    --------
    >>> print(energy_loss_integrand())
    -4*Delta*sqrt(J*r*tau*log(r) - eta + h*r*tau - pi**2*r**2*tau**2)/(pi*r**3*tau**2)
    """
    return sp.simplify(2 * level_set_half_width() * green_integrand())


@_cached
def equilibrium_curve() -> dict[str, sp.Expr]:
    """Equilibria (``tau = 1``, ``I = 0``) parametrised by their rate: ``v*(r)`` and ``eta(r, J, delta)``.

    ``dr/dt = 0`` is solved for ``v``, and ``dv/dt = 0`` there for ``eta``.

    Examples
    --------
    >>> curve = equilibrium_curve()
    >>> print(curve["v"], "|", curve["eta"])
    -Delta/(2*pi*r) | -Delta**2/(4*pi**2*r**2) - J*r + pi**2*r**2
    """
    drdt, dvdt = (component.subs({tau: 1, I: 0}) for component in vector_field())
    (potential,) = sp.solve(drdt, v)
    (excitability,) = sp.solve(dvdt.subs(v, potential), eta)
    return {"v": potential, "eta": sp.expand(excitability)}


@_cached
def fold_condition() -> dict[str, sp.Expr]:
    """The saddle-node curves: where an equilibrium's Jacobian is singular (``tau = 1``).

    Returns
    -------
    dict
        ``determinant`` (of the Jacobian on the equilibrium curve), ``J`` (its
        root) and ``eta`` (:func:`equilibrium_curve` with that ``J``), all functions of
        ``r`` and ``delta``.

    Examples
    --------
    >>> fold = fold_condition()
    >>> print(fold["J"], "|", fold["eta"])
    Delta**2/(2*pi**2*r**3) + 2*pi**2*r | -3*Delta**2/(4*pi**2*r**2) - pi**2*r**2
    """
    curve = equilibrium_curve()
    drdt, dvdt = (component.subs({tau: 1, I: 0}) for component in vector_field())
    jacobian = sp.Matrix([drdt, dvdt]).jacobian([r, v])
    determinant = sp.simplify(jacobian.det().subs({v: curve["v"], eta: curve["eta"]}))
    (coupling,) = sp.solve(determinant, J)
    return {
        "determinant": determinant,
        "J": sp.expand(coupling),
        "eta": sp.expand(sp.simplify(curve["eta"].subs(J, coupling))),
    }


@_cached
def fold_at_coupling() -> dict[str, sp.Expr]:
    """The saddle-node curves in the ``(eta, delta)`` plane at a fixed coupling ``J``, and their cusp.

    :func:`fold_condition` solved for ``delta > 0`` instead of ``J``, and
    :func:`cusp_point` solved for the ``delta`` at which the cusp has coupling ``J``.

    Returns
    -------
    dict
        ``delta`` and ``eta`` of the fold curves as functions of ``r`` and ``J``
        (real for ``0 < r <= J / (2 pi**2)``); ``cusp_delta`` and ``cusp_eta`` as functions of ``J > 0``.

    Raises
    ------
    ValueError
        If either equation has not exactly one positive solution.

    Examples
    --------
    >>> curve = fold_at_coupling()
    >>> print(curve["eta"], "|", curve["cusp_delta"])
    -3*J*r/2 + 2*pi**2*r**2 | 3*sqrt(3)*J**2/(32*pi**2)
    """
    heterogeneity = sp.Symbol("Delta", positive=True)
    coupling = sp.Symbol("J", positive=True)
    fold = fold_condition()
    solutions = sp.solve(sp.Eq(J, fold["J"].subs(delta, heterogeneity)), heterogeneity)
    if len(solutions) != 1:
        raise ValueError(f"expected one positive delta on the fold curve, found {solutions}")
    (on_fold,) = solutions
    point = cusp_point()
    cusps = sp.solve(sp.Eq(coupling, point["J"].subs(delta, heterogeneity)), heterogeneity)
    if len(cusps) != 1:
        raise ValueError(f"expected one positive delta at the cusp, found {cusps}")
    (at_cusp,) = cusps
    return {
        "delta": on_fold,
        "eta": sp.expand(sp.simplify(fold["eta"].subs(delta, heterogeneity).subs(heterogeneity, on_fold))),
        "cusp_delta": at_cusp.subs(coupling, J),
        "cusp_eta": sp.simplify(point["eta"].subs(delta, at_cusp)).subs(coupling, J),
    }


@_cached
def cusp_point() -> dict[str, sp.Expr]:
    """The cusp where the two saddle-node branches meet: ``dJ/dr = 0`` along the fold curve.

    Returns
    -------
    dict
        ``r``, ``eta`` and ``J`` at the cusp as functions of ``delta > 0``; there
        ``d eta / dr = 0`` as well (checked).

    Raises
    ------
    ValueError
        If there is not exactly one positive solution, or ``d eta / dr`` does not vanish there.

    Examples
    --------
    >>> point = cusp_point()
    >>> print(point["eta"], "|", point["J"])
    -sqrt(3)*Delta | 4*sqrt(2)*3**(1/4)*pi*sqrt(Delta)/3
    """
    heterogeneity = sp.Symbol("Delta", positive=True)
    fold = {key: value.subs(delta, heterogeneity) for key, value in fold_condition().items()}
    solutions = sp.solve(sp.diff(fold["J"], r), r)
    if len(solutions) != 1:
        raise ValueError(f"expected one positive cusp rate, found {solutions}")
    rate = solutions[0]
    if sp.simplify(sp.diff(fold["eta"], r).subs(r, rate)) != 0:
        raise ValueError("d eta / dr does not vanish where dJ/dr does: not a cusp")
    point = {
        "r": rate,
        "eta": sp.simplify(fold["eta"].subs(r, rate)),
        "J": sp.simplify(fold["J"].subs(r, rate)),
    }
    return {key: value.subs(heterogeneity, delta) for key, value in point.items()}


r1, v1, r2, v2 = sp.symbols("r_1 v_1 r_2 v_2", real=True)
"""Rates and potentials of two populations."""
Jc = sp.Symbol("J_c", nonnegative=True)
"""Strength of their mutual inhibition."""


@_cached
def frozen_partner_energy_rate() -> dict[str, sp.Expr]:
    """``dH_k/dt`` for two homogeneous populations that inhibit each other (``tau = 1``, no input).

    Population ``k`` is the MPR model with input ``-J_c r_j`` from its partner
    ``j`` (:class:`nmmtools.MutualInhibition` with ``delta = 0``). Its energy with the
    partner's rate frozen into ``eta`` is ``H_k = H(r_k, v_k; eta - J_c r_j)``. Along the
    coupled flow ``H_k`` changes only because the partner moves.

    Returns
    -------
    dict
        ``first``: ``dH_1/dt``; ``sum``: ``d(H_1 + H_2)/dt``, not zero unless ``J_c = 0``.

    Examples
    --------
    >>> rates = frozen_partner_energy_rate()
    >>> print(rates["first"], "|", rates["sum"])
    -2*J_c*r_2*v_2/r_1 | -2*J_c*(r_1**2*v_1 + r_2**2*v_2)/(r_1*r_2)
    """
    energy = hamiltonian().subs(tau, 1)
    own = {1: (r1, v1), 2: (r2, v2)}
    partner = {1: r2, 2: r1}
    energies, fields = {}, {}
    for k, (rate, potential) in own.items():
        swap = {r: rate, v: potential}
        energies[k] = energy.subs(eta, eta - Jc * partner[k]).subs(swap, simultaneous=True)
        fields[k] = tuple(
            component.subs(tau, 1).subs(swap, simultaneous=True)
            for component in vector_field(heterogeneity=0, current=-Jc * partner[k])
        )
    state = [(r1, 1, 0), (v1, 1, 1), (r2, 2, 0), (v2, 2, 1)]

    def rate_of(expression: sp.Expr) -> sp.Expr:
        return sp.simplify(sum(sp.diff(expression, x) * fields[k][i] for x, k, i in state))

    return {"first": rate_of(energies[1]), "sum": sp.factor(rate_of(energies[1] + energies[2]))}
