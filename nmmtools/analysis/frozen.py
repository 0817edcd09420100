"""The frozen-partner picture of mutually inhibiting populations, and what it misses.

Seen from population ``k``, the others enter its potential equation only through
``-Jc sum_{j != k} r_j``: freezing their rates folds them into an effective
excitability ``eta_eff,k = eta - Jc sum_{j != k} r_j + I_k``
(:meth:`nmmtools.MutualInhibition.frozen`), and population ``k`` then looks like a
single MPR population with its own energy landscape
``U(r) = eta_eff / r - J ln r + pi**2 r``. This is a heuristic: the partners are
not frozen. :func:`frozen_excitability` gives ``eta_eff`` along a run, and
:func:`frozen_partner_views` compares, at every equilibrium of the full model,
what the frozen single-population picture predicts (with the model's ``delta``
and with ``delta = 0``, where ``U`` is a true landscape) with the equilibria
and stability of the full ``2 n``-dimensional dynamics.

Below :func:`nmmtools.well_threshold` (``-J**2 / (4 pi**2)``) the potential has no
well at all (:func:`nmmtools.well` raises).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nmmtools import _validation as check
from nmmtools.hamiltonian import Well, well
from nmmtools.models.inhibition import MutualInhibition, inhibition_fixed_points
from nmmtools.models.mpr import MPR, fixed_points
from nmmtools.simulation import Run, simulate
from nmmtools.stability import FixedPoint


def frozen_excitability(run: Run) -> NDArray[np.float64]:
    """The effective excitability ``eta_eff`` of the MPR population(s) of a run, at every sample.

    What the model does besides the MPR population (its input, adaptation,
    synaptic drive, or the inhibition by the other populations) is folded into
    ``eta`` at each instant by the model's ``frozen`` method; this is that ``eta``.
    For :class:`~nmmtools.MutualInhibition` it is
    ``eta - Jc sum_{j != k} r_j(t) + I_k(t)``, one row per population.

    Parameters
    ----------
    run : Run
        A run of any model of :func:`nmmtools.simulate`.

    Returns
    -------
    numpy.ndarray
        Shaped like ``run.r``.

    Examples
    --------
    >>> import numpy as np
    >>> from nmmtools import MutualInhibition, Run, frozen_excitability, pulse
    >>> model = MutualInhibition(delta=1.0, eta=-3.0, J=15.0, Jc=10.0)
    >>> y = np.array([[1.2, 1.0], [0.0, 0.0], [0.05, 0.1], [0.0, 0.0]])
    >>> kick = pulse(start=1.0, duration=1.0, amplitude=15.0)
    >>> run = Run(model=model, t=np.array([0.0, 1.5]), y=y, input=[0.0, kick])
    >>> frozen_excitability(run).round(2).tolist()
    [[-3.5, -4.0], [-15.0, 2.0]]
    """
    check.instance("run", run, Run)
    population, drive = run.model.frozen(run.t, run.y, run.input)
    return population.eta + np.asarray(drive, dtype=float) + np.zeros_like(np.asarray(run.r))


@dataclass(frozen=True)
class FrozenView:
    """One population at one equilibrium of the full model, seen with its partners frozen.

    Attributes
    ----------
    model : MutualInhibition
        The full model.
    population : int
        Index ``k`` of the population.
    equilibrium : FixedPoint
        The equilibrium of the full model (state of all populations, full eigenvalues, kind).
    eta_eff : float
        ``eta - Jc sum_{j != k} r_j`` at that equilibrium.
    rate : float
        The population's rate ``r_k`` there.
    heterogeneous : list of FixedPoint
        Equilibria of the single population ``MPR(delta, eta_eff, J)``: the frozen prediction.
    homogeneous : list of FixedPoint
        Equilibria of ``MPR(0, eta_eff, J)``: the stationary points of ``U`` (a well's bottom is a centre).
    well : Well or None
        The well of ``U`` at this ``eta_eff`` (:func:`nmmtools.well`), ``None`` if it has none.
    match : int or None
        Position in ``heterogeneous`` of the equilibrium at ``r_k`` (at an
        equilibrium of the full model each population sits at an equilibrium of its frozen view).
    """

    model: MutualInhibition
    population: int
    equilibrium: FixedPoint
    eta_eff: float
    rate: float
    heterogeneous: list[FixedPoint]
    homogeneous: list[FixedPoint]
    well: Well | None
    match: int | None

    @property
    def has_well(self) -> bool:
        """Whether ``U`` (``delta = 0``) has a well at this ``eta_eff``."""
        return self.well is not None

    @property
    def frozen_point(self) -> FixedPoint | None:
        """The population's own equilibrium in its frozen view (``None`` if not found)."""
        return None if self.match is None else self.heterogeneous[self.match]

    @property
    def spurious(self) -> int:
        """Equilibria of the frozen view other than the population's own: predictions the full model lacks."""
        return len(self.heterogeneous) - (self.match is not None)


def frozen_partner_views(model: MutualInhibition, *, seeds: int = 12) -> list[list[FrozenView]]:
    """For each equilibrium of the full model, what each population's frozen-partner picture predicts.

    Parameters
    ----------
    model : MutualInhibition
        The populations.
    seeds : int
        Passed to :func:`nmmtools.inhibition_fixed_points`.

    Returns
    -------
    list of list of FrozenView
        One list per equilibrium of the full model (in the order of
        :func:`nmmtools.inhibition_fixed_points`), one view per population.

    Examples
    --------
    >>> from nmmtools import MutualInhibition, frozen_partner_views
    >>> views = frozen_partner_views(MutualInhibition(delta=1.0, eta=-3.0, J=15.0, Jc=10.0))
    >>> loser, winner = views[0]  # population 2 wins
    >>> print(f"loser: {loser.eta_eff:.2f}, well {loser.has_well}, {len(loser.heterogeneous)} equilibrium")
    loser: -15.43, well False, 1 equilibrium
    >>> print(f"winner: {winner.eta_eff:.2f}, well {winner.has_well}, {len(winner.heterogeneous)} equilibria")
    winner: -3.41, well True, 3 equilibria
    """
    check.instance("model", model, MutualInhibition)
    views = []
    for point in inhibition_fixed_points(model, seeds=seeds):
        population, drive = model.frozen(np.zeros(1), point.state[:, None], None)
        row = []
        for k in range(model.n):
            eta_eff = float(population.eta + drive[k, 0])
            rate = float(point.state[2 * k])
            heterogeneous = fixed_points(MPR(delta=model.delta, eta=eta_eff, J=model.J))
            homogeneous = fixed_points(MPR(delta=0.0, eta=eta_eff, J=model.J))
            try:
                landscape: Well | None = well(MPR(delta=0.0, eta=eta_eff, J=model.J))
            except ValueError:
                landscape = None
            distances = [abs(candidate.r - rate) for candidate in heterogeneous]
            match = (
                int(np.argmin(distances)) if distances and min(distances) < 1e-6 * max(1.0, rate) else None
            )
            row.append(
                FrozenView(
                    model=model,
                    population=k,
                    equilibrium=point,
                    eta_eff=eta_eff,
                    rate=rate,
                    heterogeneous=heterogeneous,
                    homogeneous=homogeneous,
                    well=landscape,
                    match=match,
                )
            )
        views.append(row)
    return views


@dataclass(frozen=True)
class Relaxation:
    """A population kicked off an equilibrium: the full dynamics against its frozen-partner view.

    Attributes
    ----------
    t : numpy.ndarray
        Times.
    full, frozen : numpy.ndarray
        ``r_k(t) - r_k*`` in the full model and in the frozen view (the single
        population ``MPR(delta, eta_eff, J)``), from the same kicked ``(r_k, v_k)``.
    rate_full, rate_frozen : float
        The slowest decay rates, ``-max Re(eigenvalue)`` of the full Jacobian and of the frozen view's.
    """

    t: NDArray[np.float64]
    full: NDArray[np.float64]
    frozen: NDArray[np.float64]
    rate_full: float
    rate_frozen: float


def frozen_relaxation(
    view: FrozenView, *, kick: float = 0.05, t_end: float = 8.0, samples: int = 321
) -> Relaxation:
    """Kick one population's rate off an equilibrium and follow it in the full model and in its frozen view.

    The rate ``r_k`` is multiplied by ``1 + kick`` (the other components
    unchanged); the full model (:func:`nmmtools.simulate`, DOP853) and the single
    population with the partners frozen at the equilibrium are integrated from
    that state. Where the frozen picture is good the two deviations agree;
    where the partners respond (a collective mode of the full model) they do not.

    Parameters
    ----------
    view : FrozenView
        A population at an equilibrium (:func:`frozen_partner_views`).
    kick : float
        Relative size of the kick, ``!= 0`` and ``> -1``.
    t_end : float
        Length of the runs.
    samples : int
        Number of samples (at least 2).

    Returns
    -------
    Relaxation

    Examples
    --------
    >>> from nmmtools import MutualInhibition, frozen_partner_views, frozen_relaxation
    >>> both_low = frozen_partner_views(MutualInhibition())[2]  # the state with both populations low
    >>> relaxation = frozen_relaxation(both_low[0])
    >>> print(f"slowest decay: full {relaxation.rate_full:.2f}, frozen {relaxation.rate_frozen:.2f}")
    slowest decay: full 1.09, frozen 1.62
    """
    check.instance("view", view, FrozenView)
    size = check.real_scalar("kick", kick)
    if size == 0.0 or size <= -1.0:
        raise ValueError(f"kick must be != 0 and > -1 (the rate stays positive), got kick = {size}")
    times = np.linspace(0.0, check.positive_scalar("t_end", t_end), check.integer("samples", samples, 2))
    model, k = view.model, view.population
    if view.frozen_point is None:
        raise ValueError("the population's own equilibrium was not found in its frozen view")
    start = view.equilibrium.state.copy()
    start[2 * k] *= 1.0 + size
    full = simulate(model, start, (0.0, times[-1]), t_eval=times)
    alone = simulate(
        MPR(delta=model.delta, eta=view.eta_eff, J=model.J),
        start[2 * k : 2 * k + 2],
        (0.0, times[-1]),
        t_eval=times,
    )
    return Relaxation(
        t=times,
        full=full.r[k] - view.rate,
        frozen=alone.r - view.rate,
        rate_full=float(-np.max(view.equilibrium.eigenvalues.real)),
        rate_frozen=float(-np.max(view.frozen_point.eigenvalues.real)),
    )
