"""The error every simulator of :mod:`nmmtools` raises when a run cannot go on."""

from __future__ import annotations


class SimulationError(RuntimeError):
    """A simulation left the domain of the model, blew up or the integrator failed.

    The message says when (the time) and where (the state), e.g.
    ``the simulation stopped: r fell to r_min = 1e-12 at t = 3.2, where (r, v) = (...)``.

    Examples
    --------
    >>> from nmmtools import MPR, SimulationError, simulate
    >>> try:
    ...     simulate(MPR(eta=5.0, J=0.0), (1e-8, 5.0), (0.0, 50.0))
    ... except SimulationError as error:
    ...     print(str(error)[:40])
    the simulation stopped: |v| exceeded bou
    """
