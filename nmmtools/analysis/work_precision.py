"""How much accuracy each integrator buys for its CPU time: the work-precision diagram.

For the homogeneous MPR model in rescaled time the energy ``H`` is conserved, so the
largest relative error of ``H`` along a run measures the integrator's accuracy. The
table here is computed in one process, so the CPU times of the methods compare on
any machine (their ratios, not their values, are the result).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nmmtools import _validation as check
from nmmtools.hamiltonian import energy
from nmmtools.models.mpr import MPR
from nmmtools.simulation import simulate

SETTINGS: Mapping[str, Sequence[dict[str, Any]]] = {
    "splitting, order 8": [{"method": "splitting", "order": 8, "step": step} for step in (0.25, 0.15, 0.1)],
    "splitting, order 4": [{"method": "splitting", "order": 4, "step": step} for step in (0.1, 0.05, 0.025)],
    "Gauss-Legendre (order 6)": [{"method": "gauss-legendre", "step": step} for step in (0.2, 0.1, 0.05)],
    "DOP853": [{"method": "DOP853", "rtol": rtol, "atol": rtol * 1e-2} for rtol in (1e-4, 1e-6, 1e-8, 1e-10)],
    "RK45": [{"method": "RK45", "rtol": rtol, "atol": rtol * 1e-2} for rtol in (1e-4, 1e-6, 1e-8)],
}
"""The methods of :func:`work_precision` and the settings each is run at (keywords of ``simulate``)."""


@dataclass(frozen=True)
class Point:
    """One run of the work-precision diagram.

    Attributes
    ----------
    method : str
        The method's name (a key of the settings).
    options : dict
        The keywords passed to ``simulate``.
    seconds : float
        CPU time of the run (the least of ``repeats``).
    error : float
        Largest relative error of the energy along the run.
    """

    method: str
    options: dict[str, Any]
    seconds: float
    error: float


def work_precision(
    model: MPR,
    y0: ArrayLike,
    s_end: float,
    *,
    settings: Mapping[str, Sequence[dict[str, Any]]] = SETTINGS,
    spacing: float = 0.5,
    repeats: int = 1,
) -> list[Point]:
    """Run every method at every setting over rescaled time ``[0, s_end]``; energy error and CPU time.

    Parameters
    ----------
    model : MPR
        A homogeneous model (``delta = 0``): its energy is conserved.
    y0 : array_like, shape (2,)
        Initial state.
    s_end : float
        Length of the runs in rescaled time, ``> 0``.
    settings : mapping
        For each method's name, the keywords of :func:`nmmtools.simulate` to run it with.
    spacing : float
        The energy is read every ``spacing`` in ``s`` (a multiple of the fixed steps, so that
        the samples do not shorten them: a fixed-step method steps at most ``step`` between
        two samples).
    repeats : int
        Each run is timed this many times; the least CPU time is kept (the least disturbed).

    Returns
    -------
    list of Point

    Raises
    ------
    ValueError
        If the model is heterogeneous (its energy is not conserved) or an argument is out of range.

    Examples
    --------
    >>> from nmmtools import MPR, work_precision
    >>> settings = {"splitting": [{"method": "splitting", "order": 8, "step": 0.1}]}
    >>> point = work_precision(MPR(), (1.2, 0.0), 20.0, settings=settings)[0]
    >>> bool(point.error < 1e-10 and point.seconds >= 0.0)
    True
    """
    check.instance("model", model, MPR)
    if model.delta != 0.0:
        raise ValueError(f"the energy is conserved only for delta = 0, got delta = {model.delta}")
    end = check.positive_scalar("s_end", s_end)
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be an integer >= 1, got repeats = {repeats!r}")
    gap = check.positive_scalar("spacing", spacing)
    start = check.real_array("y0", y0)
    reference = float(energy(model, start[0], start[1]))
    times = np.linspace(0.0, end, int(np.ceil(end / gap)) + 1)
    points = []
    for method, runs in settings.items():
        for options in runs:
            best = np.inf
            for _ in range(repeats):
                tic = time.process_time()
                run = simulate(model, start, (0.0, end), t_eval=times, time="rescaled", **options)
                best = min(best, time.process_time() - tic)
            error = float(np.max(np.abs(run.energy() - reference)) / abs(reference))
            points.append(Point(method, dict(options), best, error))
    return points
