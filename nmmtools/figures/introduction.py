"""Figures of the introduction: the MPR mean field and its bistability."""

from __future__ import annotations

import numpy as np

from nmmtools.figures.registry import FigureResult, new_figure, register
from nmmtools.inputs import pulse_train
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import simulate


@register(
    "intro-bistable-switch", title="A pulse switches the MPR population on, another off", chapter="intro"
)
def bistable_switch(
    *,
    delta: float = 1.0,
    eta: float = -5.0,
    J: float = 15.0,
    pulses: tuple[tuple[float, float, float], ...] = ((10.0, 10.0, 3.0), (40.0, 10.0, -3.0)),
    t_end: float = 80.0,
) -> FigureResult:
    """Firing rate and mean potential of the MPR model driven by rectangular pulses.

    Shows: the input pulses, the rate switching up to the high state after the first pulse and back down
    to the low state after the second.

    The run starts at the low-activity equilibrium; with the classical
    parameters a positive pulse moves it to the high-activity focus and a
    negative pulse back.

    Parameters
    ----------
    delta, eta, J : float
        Model parameters (see :class:`nmmtools.MPR`).
    pulses : tuple of (start, duration, amplitude)
        The input pulses (:func:`nmmtools.pulse_train`).
    t_end : float
        Length of the run.
    """
    model = MPR(delta=delta, eta=eta, J=J)
    equilibria = fixed_points(model)
    low = equilibria[0]
    current = pulse_train(pulses)
    times = np.linspace(0.0, t_end, 2001)
    run = simulate(model, low.state, (0.0, t_end), t_eval=times, I=current)

    figure = new_figure(5.4, 4.8)
    axes = figure.subplots(3, 1, sharex=True, height_ratios=(1, 2, 2))
    axes[0].plot(times, run.inputs(), color="0.3")
    axes[0].set_ylabel("$I(t)$")
    axes[1].plot(run.t, run.r, color="C0")
    axes[1].set_ylabel("rate $r$")
    axes[2].plot(run.t, run.v, color="C1")
    axes[2].set_ylabel("potential $v$")
    axes[2].set_xlabel("time $t$ (units of $\\tau$)")
    for point in equilibria:
        style = "-" if point.stable else ":"
        axes[1].axhline(point.r, color="0.6", lw=0.8, ls=style)
    axes[1].text(t_end, equilibria[-1].r, "high ", ha="right", va="bottom")
    axes[1].text(t_end, equilibria[0].r, "low ", ha="right", va="bottom")
    numbers = {
        "equilibria": [(round(p.r, 4), round(p.v, 4), p.kind) for p in equilibria],
        "final_r": float(run.r[-1]),
    }
    parameters = {"delta": delta, "eta": eta, "J": J, "pulses": pulses, "t_end": t_end}
    return FigureResult(figure, numbers, parameters)
