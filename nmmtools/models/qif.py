"""A network of quadratic integrate-and-fire neurons: the spiking system behind the MPR mean field.

``N`` all-to-all coupled QIF neurons (``tau = 1`` by default)::

    tau dV_j/dt = V_j**2 + eta_j + J tau r_syn(t) + I(t)

with excitabilities ``eta_j`` at the quantiles of a Lorentzian of centre ``eta``
and half width ``delta`` (as Montbrió, Pazó & Roxin 2015). A neuron reaching
``v_peak`` is held for ``tau / v_peak`` (the time it would take to reach
infinity), emits its spike, then is held at ``v_reset = -v_peak`` for another
``tau / v_peak`` (the time to come back from minus infinity): this keeps the
network's rate and mean voltage close to the exact mean field. The synaptic
input is the population rate averaged over a short window.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError
from nmmtools.inputs import Input, evaluate
from nmmtools.models.mpr import MPR
from nmmtools.simulation import Run


def lorentzian_quantiles(N: int) -> NDArray[np.float64]:
    """The ``N`` quantiles ``tan(pi/2 (2j - N - 1)/(N + 1))``, ``j = 1..N``, of the standard Lorentzian.

    Examples
    --------
    >>> from nmmtools.models.qif import lorentzian_quantiles
    >>> lorentzian_quantiles(3).round(4).tolist()
    [-1.0, 0.0, 1.0]
    """
    j = np.arange(1, N + 1)
    return np.tan(0.5 * np.pi * (2 * j - N - 1) / (N + 1))


@dataclass(frozen=True)
class QIFNetwork:
    """Parameters of a network of QIF neurons.

    Parameters
    ----------
    N : int
        Number of neurons, ``>= 1``.
    delta, eta, J, tau : float
        As in :class:`nmmtools.MPR`.
    v_peak : float
        Spike threshold, ``> 0``; the reset is ``-v_peak``.
    window : float
        Width of the window over which spikes are averaged into the rate, ``> 0``.
    """

    N: int = 1000
    delta: float = 1.0
    eta: float = -5.0
    J: float = 15.0
    tau: float = 1.0
    v_peak: float = 100.0
    window: float = 1e-2

    def __post_init__(self) -> None:
        if isinstance(self.N, bool) or not isinstance(self.N, int | np.integer) or self.N < 1:
            raise ValueError(f"N must be an integer >= 1, got N = {self.N!r}")
        check.fields(
            self,
            delta=check.nonnegative_scalar,
            eta=check.real_scalar,
            J=check.real_scalar,
            tau=check.positive_scalar,
            v_peak=check.positive_scalar,
            window=check.positive_scalar,
        )

    @property
    def v_reset(self) -> float:
        """The reset potential, ``-v_peak``."""
        return -self.v_peak

    views = {"r": 0, "v": 1}
    """Where the population rate and mean voltage are in a :class:`~nmmtools.Run`."""
    rows = 2
    """Rows of the state of a :class:`~nmmtools.Run` of this model."""

    def excitabilities(self) -> NDArray[np.float64]:
        """``eta_j = eta + delta q_j`` at the Lorentzian quantiles ``q_j`` (``lorentzian_quantiles``)."""
        return self.eta + self.delta * lorentzian_quantiles(self.N)

    def mean_field(self) -> MPR:
        """The MPR model with the network's parameters: its exact limit for ``N -> infinity``."""
        return MPR(delta=self.delta, eta=self.eta, J=self.J, tau=self.tau)

    def frozen(self, t: NDArray[np.float64], y: NDArray[np.float64], I: Input | None) -> tuple[MPR, NDArray]:  # noqa: E741
        """The mean-field population and the input folded into its ``eta``."""
        return self.mean_field(), evaluate(I, t)


def exact_step(
    voltage: NDArray[np.float64], c: NDArray[np.float64], h: float, v_peak: float
) -> NDArray[np.float64]:
    """Advance ``dV/dt = V**2 + c`` by ``h`` exactly, ``c`` frozen over the step.

    Euler steps are badly biased near the threshold, where ``V**2`` is large;
    the exact solution is cheap. By the addition theorem of ``tan`` (``tanh``
    for ``c < 0``) it reads ``V = (V0 + c g) / (1 - V0 g)`` with
    ``g = tan(k h) / k``, ``k = sqrt(c)`` (``tanh(k h) / k`` with ``k = sqrt(-c)``;
    ``g = h`` for ``c = 0``), well conditioned for every ``c`` with ``|c| h**2 < 1``.
    A denominator ``<= 0`` means the neuron passed infinity within the step:
    it is returned at ``2 v_peak`` (it fired).
    """
    k = np.sqrt(np.abs(c))
    kh = k * h
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(kh > 1e-8, np.where(c > 0, np.tan(kh), np.tanh(kh)) / np.where(kh > 1e-8, k, 1.0), h)
    denominator = 1.0 - voltage * g
    with np.errstate(divide="ignore", invalid="ignore"):
        advanced = (voltage + c * g) / denominator
    return np.where(denominator > 0.0, advanced, 2.0 * v_peak)


COT_TERMS = 40
"""Terms of the power series of ``sqrt(z) cot(sqrt(z))`` used for ``|z| <= 1`` (the last ~1e-36)."""
TAYLOR_MAX = 8
"""Highest power of the drive kept in :class:`DriveStepper` before it falls back to :func:`exact_step`."""


@cache
def _cot_series() -> tuple[float, ...]:
    """Coefficients ``c_n`` of ``sqrt(z) cot(sqrt(z)) = sum_n c_n z**n``, each correctly rounded.

    ``f(x) = x cot x`` obeys ``x f' = f - f**2 - x**2``; in ``z = x**2`` this gives
    ``c_0 = 1`` and ``(2n + 1) c_n = -sum_{k=1}^{n-1} c_k c_{n-k} - [n = 1]``
    (``c_1 = -1/3``, ``c_2 = -1/45``, ...), computed in exact rationals.
    """
    coefficients = [Fraction(1)]
    for n in range(1, COT_TERMS):
        total = sum((coefficients[k] * coefficients[n - k] for k in range(1, n)), Fraction(0))
        coefficients.append((-total - (1 if n == 1 else 0)) / (2 * n + 1))
    return tuple(float(value) for value in coefficients)


class DriveStepper:
    """The exact step of :func:`exact_step` for ``c = eta_j + d`` with a common drive ``d``, without ``tan``.

    The step is ``V <- (V p + c) / (p - V)`` with ``p = 1/g = sqrt(c) cot(sqrt(c) h)``:
    :func:`exact_step`'s formula with numerator and denominator divided by ``g``.
    ``h p = P(z)`` with ``P(z) = sqrt(z) cot(sqrt(z))``, ``z = c h**2``, is analytic up to
    its first pole at ``z = pi**2`` (``sqrt(-z) coth(sqrt(-z))`` for ``z < 0``, 1 at 0).
    The coefficients of its Taylor series in ``dz = d h**2`` about each neuron's
    ``z_j = eta_j h**2`` are computed once; a step then costs one matrix-vector
    product for ``p`` and five array operations. The series is cut after the
    first power whose largest term is below ``2**-54`` of ``p`` (usually ``dz**2``:
    ``dz`` is about ``1e-5``, the terms fall like ``dz / pi**2``); a drive too strong
    for ``TAYLOR_MAX`` powers is stepped with :func:`exact_step` itself.

    Parameters
    ----------
    eta : numpy.ndarray
        The excitabilities ``eta_j``, with ``|eta_j| h**2 <= 1``.
    h : float
        The step, ``> 0``.
    v_peak : float
        The threshold: a neuron that passes infinity within the step is returned at
        ``2 v_peak``, as by :func:`exact_step`.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools.models.qif import DriveStepper, exact_step
    >>> eta, voltage = np.array([-4.0, 0.0, 3.0]), np.array([-1.0, 0.5, 99.0])
    >>> stepper = DriveStepper(eta, 1e-3, 100.0)
    >>> stepped = voltage.copy()
    >>> stepper.advance(stepped, 2.0, bound=100.0)
    >>> print(np.allclose(stepped, exact_step(voltage, eta + 2.0, 1e-3, 100.0), rtol=1e-13))
    True
    """

    def __init__(self, eta: NDArray[np.float64], h: float, v_peak: float) -> None:
        z0 = np.asarray(eta, dtype=float) * h * h
        if np.max(np.abs(z0)) > 1.0:
            raise ValueError(f"DriveStepper needs |eta_j| h**2 <= 1, got {np.max(np.abs(z0)):g}")
        series = _cot_series()
        taylor = np.empty((TAYLOR_MAX + 2, z0.size))
        for k in range(TAYLOR_MAX + 2):  # P^(k)(z0)/k! = sum_m C(m + k, k) c_(m+k) z0**m, by Horner
            weights = [math.comb(m + k, k) * series[m + k] for m in range(COT_TERMS - k)]
            value = np.full(z0.size, weights[-1])
            for weight in reversed(weights[:-1]):
                value *= z0
                value += weight
            taylor[k] = value
        smallest = float(np.min(taylor[0]))  # P(z) >= cot(1) > 0.64 for |z| <= 1
        bounds = [float(np.max(np.abs(row))) / smallest for row in taylor]
        # the first term left out, bounds[count] dz**count, must stay below 2**-54 of p
        self._largest_dz = [(2.0**-54 / bounds[count]) ** (1.0 / count) for count in range(2, TAYLOR_MAX + 2)]
        self._taylor = taylor[: TAYLOR_MAX + 1] / h  # coefficients of p itself
        self._lowest = self._taylor[:, int(np.argmax(z0))].tolist()  # P decreases with z: the least p
        self._eta, self._h, self._v_peak = np.array(eta, dtype=float), h, v_peak
        self._p, self._numerator = np.empty(z0.size), np.empty(z0.size)
        self._powers = np.ones(TAYLOR_MAX + 1)

    def terms(self, drive: float) -> int:
        """How many powers of ``dz`` the series needs at this drive; 0 if more than ``TAYLOR_MAX``."""
        dz = abs(drive) * self._h * self._h
        for count, largest in enumerate(self._largest_dz, start=2):
            if dz <= largest:
                return count
        return 0

    def advance(self, voltage: NDArray[np.float64], drive: float, bound: float) -> None:
        """Step ``voltage`` in place with ``c = eta_j + drive``; all ``voltage <= bound`` on entry."""
        count = self.terms(drive)
        if count == 0:
            voltage[:] = exact_step(voltage, self._eta + drive, self._h, self._v_peak)
            return
        dz = drive * self._h * self._h
        powers, lowest = self._powers, self._lowest[count - 1]
        for power in range(1, count):
            powers[power] = powers[power - 1] * dz
            lowest = lowest * dz + self._lowest[count - 1 - power]
        p, numerator = self._p, self._numerator
        np.dot(powers[:count], self._taylor[:count], out=p)
        np.multiply(voltage, p, out=numerator)
        np.add(numerator, self._eta, out=numerator)
        np.add(numerator, drive, out=numerator)
        np.subtract(p, voltage, out=voltage)  # the denominator: > 0 unless the neuron passes infinity
        if lowest > bound * (1.0 + 1e-9):  # every p > every voltage: nobody passes infinity
            np.divide(numerator, voltage, out=voltage)
            return
        fired = voltage <= 0.0
        np.divide(numerator, voltage, out=voltage)
        voltage[fired] = 2.0 * self._v_peak


def simulate_network(
    net: QIFNetwork,
    t_span: tuple[float, float],
    dt: float,
    *,
    I: float | Callable[[float], float] | None = None,  # noqa: E741
    seed: int | None = None,
    initial: tuple[float, float] = (0.0, -2.0),
    record_every: int = 10,
    raster: int = 0,
) -> Run:
    """Simulate the network with steps of size ``dt``, each voltage advanced by ``exact_step``.

    Parameters
    ----------
    net : QIFNetwork
        The network.
    t_span : (float, float)
        Start and end time.
    dt : float
        Time step, ``> 0`` and at most ``tau / v_peak / 2`` so that the refractory
        period spans at least two steps.
    I : float or callable, optional
        External input, constant or a function of time.
    seed : int, optional
        Seed of the random permutation that pairs initial voltages with
        excitabilities (the only randomness): same seed, same numbers.
    initial : (r0, v0)
        Initial voltages are Lorentzian quantiles of centre ``v0`` and half
        width ``pi tau r0``: the MPR state ``(r0, v0)``.
    record_every : int
        Record ``r`` and ``v`` every this many steps.
    raster : int
        Number of neurons whose spike times are recorded.

    Raises
    ------
    ValueError
        For invalid arguments.
    SimulationError
        If the mean voltage becomes non-finite.
    """
    check.instance("net", net, QIFNetwork)
    start, end = check.time_span("t_span", t_span)
    dt = check.positive_scalar("dt", dt)
    refractory_half = net.tau / net.v_peak
    if dt > refractory_half / 2:
        raise ValueError(f"dt must be <= tau / v_peak / 2 = {refractory_half / 2:g}, got dt = {dt}")
    largest_drive = float(np.max(np.abs(net.excitabilities()))) + abs(net.J) * 10 * net.v_peak
    if largest_drive * (dt / net.tau) ** 2 >= 1.0:
        raise ValueError(
            f"dt = {dt} is too large for the widest excitabilities: need |eta_j + drive| dt**2 < 1"
        )
    current = check.constant_or_callable_input("I", 0.0 if I is None else I, start)
    r0, v0 = (check.real_scalar("initial[0]", initial[0]), check.real_scalar("initial[1]", initial[1]))
    if r0 < 0:
        raise ValueError(f"initial rate must be >= 0, got {r0}")
    if int(record_every) < 1 or int(raster) < 0:
        raise ValueError("record_every must be >= 1 and raster >= 0")
    rng = np.random.default_rng(seed)
    steps = int(round((end - start) / dt))
    eta_j = net.excitabilities()
    voltage = np.clip(
        v0 + np.pi * net.tau * r0 * rng.permutation(lorentzian_quantiles(net.N)), -net.v_peak, net.v_peak
    )
    delay = max(1, int(round(refractory_half / dt)))  # steps from reaching v_peak to the spike
    window_steps = max(1, int(round(net.window / dt)))
    emitted = np.zeros(steps + delay + 1)  # spikes emitted at each step
    rate, in_window = 0.0, 0.0  # in_window: spikes emitted in the window, an integer (exact in floats)
    records = steps // int(record_every) + 1
    t_out, r_out, v_out = np.empty(records), np.empty(records), np.empty(records)
    spike_times: list[float] = []
    spike_neurons: list[int] = []
    # Every neuron is stepped; the refractory ones, held at v_reset, are put back after the step.
    # They leave in the order they entered: their indices are queue[first:last], and `leaving`
    # holds (free_at, count) of each group, free_at being when it becomes active again.
    stepper = DriveStepper(eta_j, dt / net.tau, net.v_peak)
    queue, first, last = np.empty(4 * net.N + 16, dtype=np.intp), 0, 0
    leaving: deque[tuple[float, int]] = deque()
    above = np.empty(net.N, dtype=bool)
    k = 0
    for n in range(steps + 1):
        t = start + n * dt
        while leaving and leaving[0][0] <= t:
            first += leaving.popleft()[1]
        if n % record_every == 0 and k < records:
            held = last - first
            t_out[k], r_out[k] = t, rate
            # the mean over the active neurons; all refractory: their held value
            v_out[k] = (voltage.sum() - held * net.v_reset) / (net.N - held) if held < net.N else net.v_reset
            if not np.isfinite(v_out[k]):
                raise SimulationError(f"the network's mean voltage became non-finite at t = {t:.6g}")
            k += 1
        if n == steps:
            break
        drive = net.J * net.tau * rate + (current(t) if callable(current) else current)
        stepper.advance(voltage, drive, net.v_peak)
        voltage[queue[first:last]] = net.v_reset
        np.greater_equal(voltage, net.v_peak, out=above)
        crossed = above.nonzero()[0]
        if crossed.size:
            voltage[crossed] = net.v_reset
            if last + crossed.size > queue.size:  # move the queue to the front, or grow it
                kept = queue[first:last].copy()
                if kept.size + crossed.size > queue.size // 2:
                    queue = np.empty(2 * (kept.size + crossed.size), dtype=np.intp)
                queue[: kept.size], first, last = kept, 0, kept.size
            queue[last : last + crossed.size] = crossed
            last += crossed.size
            leaving.append((t + dt + 2 * refractory_half, crossed.size))
            emitted[n + delay] += crossed.size
            if raster:
                for neuron in crossed[crossed < int(raster)]:
                    spike_times.append(t + dt + refractory_half)
                    spike_neurons.append(int(neuron))
        # spikes emitted at steps n + 2 - window_steps .. n + 1 (all already counted at this step)
        in_window += emitted[n + 1] - (emitted[n + 1 - window_steps] if n + 1 >= window_steps else 0.0)
        rate = in_window / (net.N * window_steps * dt)
    events = {"spike_times": np.array(spike_times), "spike_neurons": np.array(spike_neurons, dtype=int)}
    return Run(model=net, t=t_out[:k], y=np.vstack((r_out[:k], v_out[:k])), input=current, events=events)
