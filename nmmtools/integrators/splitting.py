"""Explicit symplectic splitting of the MPR model in rescaled time, for one orbit or an ensemble.

For ``delta = 0`` and a constant input the MPR model in the time ``s``
(``ds = r**2 dt``) is Hamiltonian with ``H = K + U``::

    K(r, v) = v**2 / (tau r),    U(r) = (eta + I) / (tau r) - J ln r + pi**2 tau r

(``nmmtools.hamiltonian``), and the flows of ``K`` and of ``U`` alone are both exact
in closed form:

* **U-flow** (``dr/ds = 0``, ``dv/ds = -U'(r)``): ``r`` stays, ``v <- v - U'(r) s``.
* **K-flow** (``dr/ds = 2 v / (tau r)``, ``dv/ds = v**2 / (tau r**2)``): ``v**2 / r``
  and hence ``x = v / sqrt(r)`` are conserved, so ``dr/ds = 2 x / (tau sqrt(r))``
  and ``r**(3/2) = r0**(3/2) + 3 x s / tau`` while ``v = x sqrt(r)``. This is the
  form ``r(s) = (r0**(3/2) + 3 sgn(v0) sqrt(a/tau) s)**(2/3)``, ``a = v0**2/(tau r0)``,
  with the sign carried by ``x``.
* **delta-flow**: with ``delta > 0`` the rescaled field has the extra term
  ``dr/ds = c / r**2``, ``c = delta / (pi tau**2)`` (the ``delta`` term of
  ``tau dr/dt = delta/(pi tau) + 2 r v`` divided by ``r**2``), with ``v`` fixed:
  ``r**3 = r0**3 + 3 c s``. The splitting is then no longer symplectic (the model is
  not Hamiltonian) but it is still a consistent splitting of the same order.

The physical time is carried along with ``dt/ds = 1/r**2``. That term is given to
the U-flow, where ``r`` is constant and it integrates exactly to ``t += s / r**2``
(adding it to every sub-flow would count it several times).

The symmetric Strang step ``U(h/2) [D(h/2)] K(h) [D(h/2)] U(h/2)`` (order 2) is
composed as ``S(g_1 h) S(g_2 h) ... S(g_m h)`` with the coefficients ``g`` of a
symmetric composition method, which raises the order to 4, 6 or 8 (Yoshida 1990;
Hairer, Lubich & Wanner 2006, sec. V.3). Neighbouring U half-steps are merged, so
one composed step costs ``m`` K-flows and ``m`` U-flows. Every flow is a few numpy
operations on whole arrays: an ensemble of orbits costs little more than one orbit.
A single orbit, or a handful, runs on Python floats instead, where numpy's
per-call overhead would dominate.

References
----------
H. Yoshida, Construction of higher order symplectic integrators,
Phys. Lett. A 150, 262-268 (1990).
M. Suzuki, Fractal decomposition of exponential operators with applications to
many-body theories and Monte Carlo simulations, Phys. Lett. A 146, 319-323 (1990).
W. Kahan and R.-C. Li, Composition constants for raising the orders of
unconventional schemes for ordinary differential equations, Math. Comp. 66,
1089-1099 (1997).
R. I. McLachlan, On the numerical integration of ordinary differential equations
by symmetric composition methods, SIAM J. Sci. Comput. 16, 151-168 (1995).
E. Hairer, C. Lubich and G. Wanner, Geometric Numerical Integration, 2nd ed.,
Springer (2006), sections II.4, II.5 and V.3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError
from nmmtools.hamiltonian import potential_slope
from nmmtools.models.mpr import MPR, field


@dataclass(frozen=True)
class Composition:
    """A symmetric composition ``S(g_1 h) ... S(g_m h)`` of a symmetric second-order step.

    Attributes
    ----------
    name : str
        The key in :data:`COMPOSITIONS`.
    order : int
        The order of the composed method.
    coefficients : tuple of float
        ``g_1, ..., g_m``: palindromic, summing to 1.
    source : str
        Where the coefficients come from.
    """

    name: str
    order: int
    coefficients: tuple[float, ...]
    source: str

    @property
    def stages(self) -> int:
        """The number ``m`` of Strang steps in one composed step."""
        return len(self.coefficients)


def _palindrome(outer: tuple[float, ...]) -> tuple[float, ...]:
    """``(g_1, ..., g_k, g_0, g_k, ..., g_1)`` with the middle ``g_0 = 1 - 2 (g_1 + ... + g_k)``."""
    middle = 1.0 - 2.0 * math.fsum(outer)
    return (*outer, middle, *reversed(outer))


def _triple_jump(order: int) -> tuple[float, ...]:
    """Yoshida's / Suzuki's triple jump applied recursively from order 2 up to ``order``."""
    coefficients = (1.0,)
    for p in range(2, order, 2):  # raise the order from p to p + 2
        root = 2.0 ** (1.0 / (p + 1))
        outer, middle = 1.0 / (2.0 - root), -root / (2.0 - root)
        coefficients = tuple(g * c for c in (outer, middle, outer) for g in coefficients)
    return coefficients


_SUZUKI = 1.0 / (4.0 - 4.0 ** (1.0 / 3.0))

COMPOSITIONS: dict[str, Composition] = {
    composition.name: composition
    for composition in (
        Composition("strang", 2, (1.0,), "Strang splitting"),
        Composition(
            "triple-jump-4",
            4,
            _triple_jump(4),
            "Yoshida (1990), Suzuki (1990): g = 1/(2 - 2**(1/3)), -2**(1/3)/(2 - 2**(1/3))",
        ),
        Composition(
            "suzuki-4",
            4,
            (_SUZUKI, _SUZUKI, 1.0 - 4.0 * _SUZUKI, _SUZUKI, _SUZUKI),
            "Suzuki (1990), five stages: g = 1/(4 - 4**(1/3)) four times, middle 1 - 4 g",
        ),
        Composition("triple-jump-6", 6, _triple_jump(6), "Yoshida (1990), triple jump applied twice"),
        Composition(
            "yoshida-6",
            6,
            _palindrome(
                (0.78451361047755726381949763, 0.23557321335935813368479318, -1.17767998417887100694641568)
            ),
            "Yoshida (1990), solution A, seven stages",
        ),
        Composition(
            "kahan-li-6",
            6,
            _palindrome(
                (
                    0.39216144400731413927925056,
                    0.33259913678935943859974864,
                    -0.70624617255763935980996482,
                    0.08221359629355080023149045,
                )
            ),
            "Kahan & Li (1997), s9odr6a, nine stages (Hairer, Lubich & Wanner 2006, eq. V.3.11)",
        ),
        Composition("triple-jump-8", 8, _triple_jump(8), "Yoshida (1990), triple jump applied three times"),
        Composition(
            "mclachlan-8",
            8,
            _palindrome(
                (
                    0.74167036435061295344822780,
                    -0.40910082580003159399730010,
                    0.19075471029623837995387626,
                    -0.57386247111608226665638773,
                    0.29906418130365592384446354,
                    0.33462491824529818378495798,
                    0.31529309239676659663205666,
                )
            ),
            "McLachlan (1995), fifteen stages (Hairer, Lubich & Wanner 2006, sec. V.3.2)",
        ),
        Composition(
            "kahan-li-8",
            8,
            _palindrome(
                (
                    0.13020248308889008087881763,
                    0.56116298177510838456196441,
                    -0.38947496264484728640807860,
                    0.15884190655515560089621075,
                    -0.39590389413323757733623154,
                    0.18453964097831570709183254,
                    0.25837438768632204729397911,
                    0.29501172360931029887096624,
                )
            ),
            "Kahan & Li (1997), s17odr8a, seventeen stages",
        ),
    )
}
"""The composition methods, by name. The middle coefficient of each is ``1 - 2 (sum of the others)``."""

DEFAULT_COMPOSITION = {2: "strang", 4: "suzuki-4", 6: "kahan-li-6", 8: "kahan-li-8"}
"""The composition used for each order unless one is named."""

SCALAR_ORBITS = 4
"""Up to this many orbits are stepped one at a time on Python floats (cheaper than numpy calls)."""


def splitting(
    model: MPR,
    y0: ArrayLike,
    s_span: tuple[float, float],
    *,
    order: int = 8,
    step: float = 0.1,
    s_eval: ArrayLike | None = None,
    I: float = 0.0,  # noqa: E741
    composition: str | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Integrate the MPR model in rescaled time with an explicit splitting method.

    Parameters
    ----------
    model : MPR
        The model. With ``delta = 0`` the method is symplectic; with ``delta > 0``
        the exact delta-flow is part of the splitting.
    y0 : array_like, shape (2,) or (n, 2)
        One initial state ``(r0, v0)`` or ``n`` of them (an ensemble), all ``r0 > 0``.
    s_span : (float, float)
        Start and end in rescaled time.
    order : {2, 4, 6, 8}
        Order of the method. The default, order 8 at step 0.1, keeps the relative
        energy error of the orbit through ``(1.2, 0)`` of ``MPR()`` near 5e-12 over
        any number of periods (the error of order ``p`` scales like ``step**p``).
    step : float
        Largest step in ``s``, ``> 0``. Each interval between output points is
        split into equal steps no longer than this.
    s_eval : array_like, optional
        Rescaled times at which to return the state, increasing, inside ``s_span``;
        by default every step. For large ensembles pass a few output times: the
        output has ``3 n len(s)`` numbers.
    I : float
        A constant input, folded into ``eta``.
    composition : str, optional
        A key of :data:`COMPOSITIONS` of the given order; by default
        ``DEFAULT_COMPOSITION[order]``: Suzuki's five-stage method for order 4 and
        Kahan & Li's for orders 6 and 8, the cheapest for a given accuracy here
        (see the work-precision diagram of ``benchmarks/``).

    Returns
    -------
    s : numpy.ndarray, shape (len(s),)
        Rescaled times of the samples.
    states : numpy.ndarray, shape (3, len(s)) or (3, n, len(s))
        ``r``, ``v`` and the physical time ``t`` (starting at 0) of each orbit.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments; the message names the argument.
    SimulationError
        If a K-flow or delta-flow would carry ``r`` through 0 (the orbit leaves
        ``r > 0``, or the step is too large), or the state becomes non-finite.
        The message gives ``s``, the orbit and its state.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MPR, energy
    >>> from nmmtools.integrators.splitting import splitting
    >>> model = MPR()
    >>> s, states = splitting(model, [[1.2, 0.0], [0.9, 0.0]], (0.0, 20.0), s_eval=[0.0, 20.0])
    >>> states.shape
    (3, 2, 2)
    >>> drift = np.abs(energy(model, states[0, :, -1], states[1, :, -1]) / energy(model, 1.2, 0.0) - 1)
    >>> print(bool(drift[0] < 1e-9))
    True
    """
    check.instance("model", model, MPR)
    state = check.real_array("y0", y0)
    single = state.ndim == 1
    if state.shape[-1:] != (2,) or state.ndim > 2:
        raise ValueError(f"y0 must be a pair (r0, v0) or an array of shape (n, 2), got shape {state.shape}")
    state = state.reshape(-1, 2)
    if single:
        check.positive_rates("y0[0] (r0)", state[0, 0])
    elif np.any(state[:, 0] <= 0.0):
        bad = int(np.argmax(state[:, 0] <= 0.0))
        raise ValueError(f"y0[:, 0] (r0) must be > 0, got y0[{bad}, 0] = {state[bad, 0]} (orbit {bad})")
    span = check.time_span("s_span", s_span)
    if isinstance(order, bool) or not isinstance(order, int | np.integer):
        raise TypeError(f"order must be an integer (2, 4, 6 or 8), got {order!r} ({type(order).__name__})")
    if order not in DEFAULT_COMPOSITION:
        raise ValueError(f"order must be 2, 4, 6 or 8, got order = {order}")
    step = check.positive_scalar("step", step)
    drive = model.eta + check.real_scalar("I", I)
    name = DEFAULT_COMPOSITION[int(order)] if composition is None else composition
    method = COMPOSITIONS[check.choice("composition", name, tuple(COMPOSITIONS))]
    if method.order != order:
        raise ValueError(
            f"composition {name!r} has order {method.order}, but order = {order}: pass order={method.order}"
        )
    if s_eval is None:
        count = max(1, math.ceil((span[1] - span[0]) / step - 1e-9))
        outputs = np.linspace(span[0], span[1], count + 1)
    else:
        outputs = check.evaluation_times("s_eval", s_eval, span)
    flows = _Flows(model, drive, method.coefficients)
    if state.shape[0] <= SCALAR_ORBITS:
        runs = [_run_scalar(flows, orbit, index, outputs, span[0], step) for index, orbit in enumerate(state)]
        samples = np.stack(runs, axis=1)
    else:
        samples = _run_arrays(flows, state, outputs, span[0], step)
    return outputs, samples[:, 0, :] if single else samples


@dataclass(frozen=True)
class _Flows:
    """The constants of the sub-flows for one model, input and composition.

    Both kernels carry ``w = sqrt(r)``, ``cube = r**(3/2) = w**3`` and ``x = v / w``:
    the K-flow is then ``cube += 3 x d / tau`` (``x`` conserved) and one cube root,
    the U-flow ``x -= d U'(r) / w`` with ``w`` fixed, and the delta-flow
    ``cube <- sqrt(cube**2 + 3 c d)`` with ``v = x w`` fixed.
    """

    model: MPR
    drive: float
    coefficients: tuple[float, ...]

    @property
    def tau(self) -> float:
        """The membrane time constant."""
        return self.model.tau

    @property
    def delta_rate(self) -> float:
        """``c`` of the delta-flow ``dr/ds = c / r**2``: the constant part of ``dr/dt`` (at ``v = 0``)."""
        return float(field(1.0, 0.0, 0.0, self.model.delta, 0.0, self.model.tau)[0])

    def force_terms(self) -> tuple[float, float, float]:
        """``(A, J, B)`` with ``U'(r) = A - J / r - B / r**2`` (``hamiltonian.potential_slope``)."""
        return potential_slope(self.model, self.drive - self.model.eta)

    def schedule(self, h: float, last: bool) -> tuple[list[float], list[float], float]:
        """Durations for a step of size ``h``: the K-flows, the U-kick after each, the opening U-kick.

        The kick after the last K-flow of a step is merged with the opening kick of the
        next step, ``(g_m + g_1) h / 2``; the ``last`` step of an interval ends with
        ``g_m h / 2`` so that the state is synchronised at the output point.
        """
        g = self.coefficients
        drifts = [gi * h for gi in g]
        closing = g[-1] * h / 2 if last else (g[-1] + g[0]) * h / 2
        kicks = [(g[i] + g[i + 1]) * h / 2 for i in range(len(g) - 1)] + [closing]
        return drifts, kicks, g[0] * h / 2


def _through_zero(s: float, index: int, r: float, v: float, flow: str) -> SimulationError:
    """The error raised when a sub-flow would carry ``r`` through 0."""
    return SimulationError(
        f"the splitting step at s = {s:.6g} would carry r through 0 in its {flow} for orbit {index}, "
        f"from (r, v) = ({r:.6g}, {v:.6g}): the orbit leaves r > 0 there, or the step is too large "
        "(reduce step)"
    )


def _substeps(start: float, target: float, step: float) -> tuple[int, float]:
    """The number of equal steps no longer than ``step`` from ``start`` to ``target``, and their size."""
    count = math.ceil((target - start) / step - 1e-9)
    return count, (target - start) / count if count > 0 else 0.0


class _ThroughZero(Exception):
    """Raised inside a scalar step when a sub-flow would carry ``r`` through 0."""


def _run_scalar(
    flows: _Flows,
    orbit: NDArray[np.float64],
    index: int,
    outputs: NDArray[np.float64],
    s0: float,
    step: float,
    t0: float = 0.0,
) -> NDArray[np.float64]:
    """One orbit on Python floats; returns its ``(r, v, t)`` at ``outputs``, shape (3, len(outputs)).

    Intervals whose step sizes agree to 1e-12 relative (equally spaced outputs, up to
    rounding) reuse the coefficients of the first.
    """
    big_a, coupling, big_b = flows.force_terms()
    three_over_tau, c3 = 3.0 / flows.tau, 3.0 * flows.delta_rate

    def stage(drift: float, kick: float) -> tuple[float, ...]:
        """K-flow and delta-flow increments, then the U-kick's terms, of one Strang stage."""
        return (three_over_tau * drift, c3 * drift / 2.0, kick * big_a, kick * coupling, kick * big_b, kick)

    def plan(h: float) -> tuple[tuple[float, ...], list[tuple[float, ...]], list[tuple[float, ...]]]:
        drifts, kicks, first = flows.schedule(h, last=False)
        inner = [stage(d, k) for d, k in zip(drifts, kicks, strict=True)]
        final = [*inner[:-1], stage(drifts[-1], flows.schedule(h, last=True)[1][-1])]
        return stage(0.0, first), inner, final

    advance = _stages_delta if c3 else _stages
    w = math.sqrt(float(orbit[0]))
    x, cube, t = float(orbit[1]) / w, w * w * w, t0
    s_now, h_plan, current = s0, 0.0, None
    r_out, v_out, t_out = [], [], []
    for target in outputs.tolist():
        substeps, h = _substeps(s_now, target, step)
        if substeps > 0:
            if current is None or not math.isclose(h, h_plan, rel_tol=1e-12):
                current, h_plan = plan(h), h
            opening, inner, final = current
            p = 1.0 / w
            inv = p * p
            x -= p * (opening[2] - inv * (opening[3] + opening[4] * inv))
            t += opening[5] * inv * inv
            for n in range(substeps):
                try:
                    cube, w, x, t = advance(final if n == substeps - 1 else inner, cube, w, x, t)
                except _ThroughZero as error:
                    flow, r, v = error.args
                    raise _through_zero(s_now + n * h, index, r, v, flow) from None
            if not (math.isfinite(w) and math.isfinite(x) and math.isfinite(t)):
                raise SimulationError(f"the state of orbit {index} became non-finite before s = {target:.6g}")
        s_now = target
        r_out.append(w * w)
        v_out.append(x * w)
        t_out.append(t)
    return np.array((r_out, v_out, t_out))


def _stages(
    stages: list[tuple[float, ...]], cube: float, w: float, x: float, t: float
) -> tuple[float, float, float, float]:
    """The K-flows and U-kicks of one composed step on floats (``delta = 0``)."""
    cbrt = math.cbrt
    for drift, _, ka, kj, kb, kick in stages:
        moved = cube + drift * x
        if moved <= 0.0:
            raise _ThroughZero("K-flow", w * w, x * w)
        cube = moved
        w = cbrt(cube)
        p = 1.0 / w
        inv = p * p
        x -= p * (ka - inv * (kj + kb * inv))
        t += kick * inv * inv
    return cube, w, x, t


def _stages_delta(
    stages: list[tuple[float, ...]], cube: float, w: float, x: float, t: float
) -> tuple[float, float, float, float]:
    """One composed step on floats with the delta-flows around each K-flow."""
    cbrt, sqrt = math.cbrt, math.sqrt
    for drift, increment, ka, kj, kb, kick in stages:
        for flow in ("delta-flow", "K-flow", "delta-flow"):
            if flow == "K-flow":
                moved = cube + drift * x
                if moved <= 0.0:
                    raise _ThroughZero(flow, w * w, x * w)
                cube = moved
                w = cbrt(cube)
            else:  # r**3 <- r**3 + increment with v = x w fixed
                squared = cube * cube + increment
                if squared <= 0.0:
                    raise _ThroughZero(flow, w * w, x * w)
                cube = sqrt(squared)
                moved = cbrt(cube)
                x, w = x * w / moved, moved
        p = 1.0 / w
        inv = p * p
        x -= p * (ka - inv * (kj + kb * inv))
        t += kick * inv * inv
    return cube, w, x, t


def _run_arrays(
    flows: _Flows, state: NDArray[np.float64], outputs: NDArray[np.float64], s0: float, step: float
) -> NDArray[np.float64]:
    """All orbits at once on numpy arrays; returns ``(r, v, t)`` at ``outputs``, shape (3, n, len(outputs)).

    No per-stage test: a K-flow or delta-flow that would carry ``r`` through 0 takes a
    root of a negative number and gives NaN, which stays NaN. The state is checked at
    each output point; a non-finite orbit is then re-run on the scalar path from the
    previous output point, which raises the error with ``s`` and the state.
    """
    big_a, coupling, big_b = flows.force_terms()
    three_over_tau = 3.0 / flows.tau
    c3 = 3.0 * flows.delta_rate
    third = 1.0 / 3.0
    n_orbits, stages = state.shape[0], len(flows.coefficients)
    w = np.sqrt(state[:, 0])
    x = state[:, 1] / w
    cube = w * w * w
    t = np.zeros(n_orbits)
    p, inv, force = np.empty(n_orbits), np.empty(n_orbits), np.empty(n_orbits)
    inverse_squares = np.empty((stages, n_orbits))  # 1/r**2 after each K-flow: dt/ds, summed per step
    samples = np.empty((3, n_orbits, outputs.size))

    def kick(duration: float, row: NDArray[np.float64] | None) -> None:
        """U-flow for ``duration`` at the current ``w``; stores ``1/r**2`` in ``row`` (or adds it to t)."""
        np.reciprocal(w, out=p)
        np.multiply(p, p, out=inv)
        if row is None:
            t.__iadd__(duration * inv * inv)
        else:
            np.multiply(inv, inv, out=row)
        np.multiply(inv, -duration * big_b, out=force)  # Horner: d U'(r) / w in powers of 1/r
        np.add(force, -duration * coupling, out=force)
        np.multiply(force, inv, out=force)
        np.add(force, duration * big_a, out=force)
        np.multiply(force, p, out=force)
        np.subtract(x, force, out=x)

    def delta_flow(increment: float) -> None:
        """``r**3 <- r**3 + increment`` with ``v = x w`` fixed."""
        np.multiply(cube, cube, out=force)
        np.add(force, increment, out=force)
        np.sqrt(force, out=cube)
        np.multiply(x, w, out=force)
        np.power(cube, third, out=w)
        np.divide(force, w, out=x)

    s_now = s0
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        for column, target in enumerate(outputs):
            substeps, h = _substeps(s_now, target, step)
            if substeps > 0:
                kick(flows.schedule(h, last=False)[2], None)
                for n in range(substeps):
                    drifts, kicks, _ = flows.schedule(h, last=n == substeps - 1)
                    for i, (drift, duration) in enumerate(zip(drifts, kicks, strict=True)):
                        if c3:
                            delta_flow(c3 * drift / 2.0)
                        np.multiply(x, three_over_tau * drift, out=force)
                        np.add(cube, force, out=cube)
                        np.power(cube, third, out=w)  # NaN if r went through 0
                        if c3:
                            delta_flow(c3 * drift / 2.0)
                        kick(duration, inverse_squares[i])
                    np.dot(kicks, inverse_squares, out=force)
                    np.add(t, force, out=t)
                finite = np.isfinite(w) & np.isfinite(x) & np.isfinite(t)
                if not finite.all():
                    _report(flows, samples, state, outputs, column, s_now, step, int(np.argmin(finite)))
            s_now = target
            np.multiply(w, w, out=samples[0, :, column])
            np.multiply(x, w, out=samples[1, :, column])
            samples[2, :, column] = t
    return samples


def _report(
    flows: _Flows,
    samples: NDArray[np.float64],
    state: NDArray[np.float64],
    outputs: NDArray[np.float64],
    column: int,
    s_start: float,
    step: float,
    index: int,
) -> None:
    """Re-run orbit ``index`` from the previous output on the checked scalar path, which raises."""
    if column == 0:
        start, t0 = state[index], 0.0
    else:
        start, t0 = samples[:2, index, column - 1], float(samples[2, index, column - 1])
    _run_scalar(flows, start, index, outputs[column : column + 1], s_start, step, t0)
    raise SimulationError(
        f"the state of orbit {index} became non-finite between s = {s_start:.6g} "
        f"and s = {outputs[column]:.6g}"
    )
