"""Closed orbits of the homogeneous MPR model, and the period of an oscillation."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.errors import SimulationError
from nmmtools.hamiltonian import well
from nmmtools.models.mpr import MPR
from nmmtools.simulation import Run, simulate


def closed_orbit(
    model: MPR, r_start: float, samples: int = 2000
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One period of the orbit of a ``delta = 0`` model through ``(r_start, 0)``, right of the centre.

    Integrates in rescaled time (DOP853 at ``rtol = 1e-11``) until ``v`` has
    changed sign twice (from the right turning point through the left one and back).

    Parameters
    ----------
    model : MPR
        A homogeneous model (``delta = 0``) with a centre.
    r_start : float
        Right turning point, larger than the centre's rate (and inside the well, if there is a saddle).
    samples : int
        Number of points over the period (at least 16), evenly spaced in rescaled time.

    Returns
    -------
    r, v : numpy.ndarray
        The orbit, ``samples`` points, first point ``(r_start, 0)``.

    Raises
    ------
    ValueError
        If the model is not homogeneous, has no centre, or ``r_start`` is not right of it.
    SimulationError
        If the orbit does not return (it is not closed: it leaves the well).

    Examples
    --------
    >>> from nmmtools import MPR, closed_orbit
    >>> r, v = closed_orbit(MPR(delta=0.0, eta=-5.0, J=15.0), 1.2, samples=400)
    >>> print(f"{r.min():.4f} {r.max():.4f} {abs(v).max():.4f}")
    0.8530 1.2000 0.2768
    """
    check.instance("model", model, MPR)
    if model.delta != 0.0:
        raise ValueError(f"closed orbits need delta = 0, got delta = {model.delta}")
    centre = well(model).bottom
    start = check.positive_scalar("r_start", r_start)
    if start <= centre.r:
        raise ValueError(f"r_start must be > the centre's rate {centre.r:.6g}, got r_start = {start}")
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 16:
        raise ValueError(f"samples must be an integer >= 16, got samples = {samples!r}")
    frequency = float(np.max(np.abs(centre.eigenvalues.imag)))
    span = 4.0 * (2.0 * np.pi / frequency) * centre.r**2  # a few small-oscillation periods in s
    for _ in range(8):
        fine = np.linspace(0.0, span, 20 * int(samples))
        run = simulate(model, (start, 0.0), (0.0, span), t_eval=fine, time="rescaled", rtol=1e-11, atol=1e-13)
        returns = np.flatnonzero((run.v[:-1] > 0) & (run.v[1:] <= 0))
        if returns.size:
            end = returns[0] + 1
            # interpolate the period's end and resample evenly in s
            fraction = run.v[end - 1] / (run.v[end - 1] - run.v[end])
            period = run.s[end - 1] + fraction * (run.s[end] - run.s[end - 1])
            grid = np.linspace(0.0, period, int(samples), endpoint=False)
            orbit = simulate(
                model, (start, 0.0), (0.0, period), t_eval=grid, time="rescaled", rtol=1e-11, atol=1e-13
            )
            return orbit.r, orbit.v
        span *= 2.0
    raise SimulationError(
        f"no return to (r_start, 0) found: the orbit through r_start = {start} is not closed"
    )


def crossing_period(run: Run, *, time: str = "t") -> float:
    """The mean interval between upward crossings of ``v = 0`` in a run: its period of oscillation.

    Parameters
    ----------
    run : Run
        A run of one population with at least two upward crossings of ``v = 0``.
    time : {"t", "s"}
        Measure the period in physical time ``t`` or (MPR runs) rescaled time ``s``.

    Returns
    -------
    float
        The period; the crossings are located by linear interpolation between samples.

    Raises
    ------
    ValueError
        If the run crosses ``v = 0`` upwards fewer than twice.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MPR, crossing_period, simulate
    >>> run = simulate(MPR(), (1.03, 0.0), (0.0, 20.0), t_eval=np.linspace(0.0, 20.0, 20001))
    >>> print(f"{crossing_period(run):.4f}")
    1.9135
    """
    check.instance("run", run, Run)
    clock = check.choice("time", time, ("t", "s"))
    times = run.t if clock == "t" else run.s
    v = np.asarray(run.v)
    if v.ndim != 1:
        raise ValueError(f"run must be a run of one population, got v of shape {v.shape}")
    upward = np.flatnonzero((v[:-1] < 0) & (v[1:] >= 0))
    if upward.size < 2:
        raise ValueError(f"the run crosses v = 0 upwards {upward.size} time(s): it needs two for a period")
    fraction = -v[upward] / (v[upward + 1] - v[upward])
    crossings = times[upward] + fraction * (times[upward + 1] - times[upward])
    return float(np.mean(np.diff(crossings)))


def energy_above_bottom(run: Run, *, every: int = 1) -> NDArray[np.float64]:
    """The energy of a run measured from the bottom of its well, at every ``every``-th sample.

    ``H`` is defined up to an additive constant, so its size means nothing; its height
    above the bottom of the well does. At each sample the model's drive (input,
    adaptation, synaptic or inhibitory) is folded into ``eta`` as in :meth:`Run.energy`,
    and the bottom is that of the well of the population so frozen.

    Parameters
    ----------
    run : Run
        A run of one population.
    every : int
        Use every ``every``-th sample (each needs the well of its own drive).

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If at some sample the frozen population has no well.

    Examples
    --------
    >>> from nmmtools import MPR, energy_above_bottom, simulate
    >>> run = simulate(MPR(), (1.2, 0.0), (0.0, 2.0), I=0.5, t_eval=[0.0, 1.0, 2.0])
    >>> print(" ".join(f"{height:.4f}" for height in energy_above_bottom(run)))
    0.0229 0.0229 0.0229
    """
    check.instance("run", run, Run)
    if isinstance(every, bool) or not isinstance(every, int | np.integer) or every < 1:
        raise ValueError(f"every must be an integer >= 1, got every = {every!r}")
    if np.ndim(run.r) != 1:
        raise ValueError(f"run must be a run of one population, got r of shape {np.shape(run.r)}")
    picks = slice(None, None, int(every))
    population, drive = run.model.frozen(run.t, run.y, run.input)
    drives = np.broadcast_to(drive, run.t.shape)[picks]
    bottoms = np.array([well(population, float(value)).U_bottom for value in drives])
    return run.energy()[picks] - bottoms
