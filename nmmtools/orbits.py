"""Closed orbits of the homogeneous MPR model, one period at a time."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.mpr import MPR, fixed_points
from nmmtools.simulate import simulate


def closed_orbit(
    model: MPR, r_start: float, samples: int = 2000
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One period of the orbit of a ``delta = 0`` model through ``(r_start, 0)``, right of the centre.

    Integrates in rescaled time until ``v`` has changed sign twice (from the
    right turning point through the left one and back).

    Parameters
    ----------
    model : MPR
        A homogeneous model (``delta = 0``) with a centre.
    r_start : float
        Right turning point, larger than the centre's rate (and inside the well, if there is a saddle).
    samples : int
        Number of points over the period (at least 16).

    Returns
    -------
    r, v : numpy.ndarray
        The orbit, ``samples`` points, first point ``(r_start, 0)``.

    Raises
    ------
    ValueError
        If the model is not homogeneous, has no centre, or ``r_start`` is not right of it.
    SimulationError
        If the orbit is not closed (it escapes).
    """
    check.instance("model", model, MPR)
    if model.delta != 0.0:
        raise ValueError(f"closed orbits need delta = 0, got delta = {model.delta}")
    centres = [point for point in fixed_points(model) if point.kind == "centre"]
    if not centres:
        raise ValueError("the model has no centre, so no closed orbits")
    centre = centres[-1]
    start = check.positive_scalar("r_start", r_start)
    if start <= centre.r:
        raise ValueError(f"r_start must be > the centre's rate {centre.r:.6g}, got r_start = {start}")
    if int(samples) < 16:
        raise ValueError(f"samples must be >= 16, got samples = {samples}")
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
    raise ValueError(f"no return to (r_start, 0) found: the orbit through r_start = {start} is not closed")
