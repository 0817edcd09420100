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

from collections.abc import Callable
from dataclasses import dataclass

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
    free_at = np.full(net.N, -np.inf)  # the time each neuron leaves its refractory period
    delay = max(1, int(round(refractory_half / dt)))  # steps from reaching v_peak to the spike
    window_steps = max(1, int(round(net.window / dt)))
    emitted = np.zeros(steps + delay + 1)  # spikes emitted at each step
    rate = 0.0
    records = steps // int(record_every) + 1
    t_out, r_out, v_out = np.empty(records), np.empty(records), np.empty(records)
    spike_times: list[float] = []
    spike_neurons: list[int] = []
    k = 0
    for n in range(steps + 1):
        t = start + n * dt
        active = free_at <= t
        if n % record_every == 0 and k < records:
            count = int(active.sum())
            t_out[k], r_out[k] = t, rate
            v_out[k] = voltage[active].mean() if count else voltage.mean()  # all refractory: their held value
            if not np.isfinite(v_out[k]):
                raise SimulationError(f"the network's mean voltage became non-finite at t = {t:.6g}")
            k += 1
        if n == steps:
            break
        drive = net.J * net.tau * rate + (current(t) if callable(current) else current)
        voltage = np.where(active, exact_step(voltage, eta_j + drive, dt / net.tau, net.v_peak), voltage)
        crossed = active & (voltage >= net.v_peak)
        if crossed.any():
            voltage[crossed] = net.v_reset
            free_at[crossed] = t + dt + 2 * refractory_half
            emitted[n + delay] += crossed.sum()
            if raster:
                for neuron in np.flatnonzero(crossed[: int(raster)]):
                    spike_times.append(t + dt + refractory_half)
                    spike_neurons.append(int(neuron))
        recent = emitted[max(0, n + 1 - window_steps + 1) : n + 2]
        rate = recent.sum() / (net.N * window_steps * dt)
    events = {"spike_times": np.array(spike_times), "spike_neurons": np.array(spike_neurons, dtype=int)}
    return Run(model=net, t=t_out[:k], y=np.vstack((r_out[:k], v_out[:k])), input=current, events=events)
