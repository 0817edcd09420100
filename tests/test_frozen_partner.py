"""The frozen-partner picture of mutual inhibition, checked against the full dynamics.

Ported from the branch landscape-stats (issue 17, point 3) to the package layout of issue 16.
"""

import numpy as np
import pytest

from nmmtools import (
    MPR,
    AdaptiveMPR,
    MutualInhibition,
    Run,
    frozen_excitability,
    frozen_partner_views,
    frozen_relaxation,
    pulse,
    simulate,
    well,
    well_threshold,
)


@pytest.fixture(scope="module")
def example():
    """The chapter's two-population example: three stable states and two saddles."""
    return MutualInhibition(delta=1.0, eta=-3.0, J=15.0, Jc=10.0)


def test_each_population_obeys_the_mpr_equation_with_its_frozen_excitability(example):
    """Along a run with a pulse, dv_k/dt = v_k^2 + eta_eff,k + J r_k - pi^2 r_k^2 (what 'seen from k' means).

    dv/dt from the five-point stencil on a DOP853 run (rtol 1e-9) sampled every h = 1e-3: error
    h^4/30 |v^(5)|, measured 6e-5 here (9e-6 at h/2); tolerance 5e-4. Samples within 3 h of the
    pulse edges, where v' jumps, are skipped.
    """
    drive = pulse(start=1.0, duration=5.0, amplitude=15.0)
    h = 1e-3
    times = np.arange(0.0, 8.0, h)
    start = [1.2429, -1 / (2 * np.pi * 1.2429), 0.0413, -1 / (2 * np.pi * 0.0413)]
    run = simulate(example, start, (0.0, 8.0), I=[0.0, drive], t_eval=times, max_step=0.01)
    eta_eff = frozen_excitability(run)
    v = run.v
    derivative = (-v[:, 4:] + 8 * v[:, 3:-1] - 8 * v[:, 1:-3] + v[:, :-4]) / (12 * h)
    r, v, inner = run.r[:, 2:-2], v[:, 2:-2], times[2:-2]
    predicted = v**2 + eta_eff[:, 2:-2] + example.J * r - np.pi**2 * r**2
    smooth = (np.abs(inner - 1.0) > 3 * h) & (np.abs(inner - 6.0) > 3 * h)
    np.testing.assert_allclose(derivative[:, smooth], predicted[:, smooth], atol=5e-4)
    # the pulse lifts population 2's excitability by 15 while it lasts
    during = (times > 1.0) & (times < 6.0)
    np.testing.assert_allclose(
        eta_eff[1, during], example.eta - example.Jc * run.r[0, during] + 15.0, rtol=0, atol=1e-12
    )


def test_frozen_excitability_of_three_populations_sums_the_others():
    model = MutualInhibition(delta=1.0, eta=0.5, J=15.0, Jc=2.0, n=3)
    y = np.array([[1.0], [0.0], [0.25], [0.0], [0.5], [0.0]])
    run = Run(model=model, t=np.array([0.0]), y=y)
    np.testing.assert_allclose(frozen_excitability(run)[:, 0], [0.5 - 1.5, 0.5 - 3.0, 0.5 - 2.5])


def test_frozen_excitability_of_other_models_and_ensembles(example):
    """Adaptation folds -a into eta; an ensemble gives one row per population and member."""
    adaptive = AdaptiveMPR()
    run = Run(
        model=adaptive, t=np.array([0.0, 1.0]), y=np.array([[1.0, 1.0], [0.0, 0.0], [0.5, 2.0]]), input=1.0
    )
    np.testing.assert_allclose(frozen_excitability(run), adaptive.eta + 1.0 - np.array([0.5, 2.0]))
    ensemble = simulate(example, [[1.2, 0.0, 0.05, 0.0]] * 2, (0.0, 0.1), noise=1.0, dt=0.01, seed=0)
    eta_eff = frozen_excitability(ensemble)
    assert eta_eff.shape == ensemble.r.shape == (2, 2, 11)
    np.testing.assert_allclose(eta_eff[1], example.eta - example.Jc * ensemble.r[0], rtol=1e-12)


def test_bad_input():
    with pytest.raises(TypeError, match="run must be a Run"):
        frozen_excitability("run")
    with pytest.raises(TypeError, match="model must be a MutualInhibition"):
        frozen_partner_views("model")
    with pytest.raises(TypeError, match="model must be a MPR"):
        well_threshold("model")


@pytest.mark.parametrize(("eta", "n"), [(-3.0, 2), (0.0, 2), (0.0, 3)])
def test_every_equilibrium_is_an_equilibrium_of_each_frozen_view(eta, n):
    """At a fixed point of the full model, each population sits at a fixed point of its frozen view.

    The equilibria come from Newton's method (residual < 1e-9) and the quartic's roots: they agree to 1e-6.
    """
    views = frozen_partner_views(MutualInhibition(delta=1.0, eta=eta, J=15.0, Jc=10.0, n=n), seeds=8)
    assert views
    for row in views:
        for view in row:
            assert view.match is not None
            k = view.population
            np.testing.assert_allclose(
                view.frozen_point.state, view.equilibrium.state[2 * k : 2 * k + 2], atol=1e-6
            )
            assert view.spurious == len(view.heterogeneous) - 1


@pytest.mark.parametrize("J", [15.0, 8.0, 1.0])
@pytest.mark.parametrize("tau", [0.5, 1.0, 2.0])
def test_well_threshold_separates_landscapes_with_and_without_a_well(J, tau):
    """Independent check by the well itself: 1e-6 above the threshold it exists, 1e-6 below it does not."""
    threshold = well_threshold(MPR(J=J, tau=tau))
    assert threshold == pytest.approx(-(J**2) / (4 * np.pi**2))
    well(MPR(eta=threshold + 1e-6, J=J, tau=tau))
    with pytest.raises(ValueError, match="no potential well"):
        well(MPR(eta=threshold - 1e-6, J=J, tau=tau))


def test_no_well_for_inhibitory_self_coupling_and_negative_eta():
    assert well_threshold(MPR(J=-2.0)) == 0.0
    well(MPR(eta=1e-3, J=-2.0))
    with pytest.raises(ValueError, match="no potential well"):
        well(MPR(eta=-1e-3, J=-2.0))


@pytest.mark.parametrize("eta_eff", [-15.43, -5.8, -5.6, -1.0, 0.5])
def test_has_well_is_the_threshold(eta_eff):
    """Independent count: U'(r) = 0 is pi^2 r^2 - J r - eta = 0, real roots iff J^2 + 4 pi^2 eta >= 0."""
    model = MutualInhibition(delta=1.0, eta=eta_eff, J=15.0, Jc=0.0)
    view = frozen_partner_views(model)[0][0]
    discriminant = 15.0**2 + 4 * np.pi**2 * eta_eff
    assert view.has_well == (discriminant >= 0) == (eta_eff > well_threshold(MPR(J=15.0)))


def test_the_losing_population_has_no_well_and_exists_only_because_delta_is_positive(example):
    """The claims of the landscapes chapter, computed: the loser's eta_eff ~ -15.4 < -J^2 / 4 pi^2."""
    views = frozen_partner_views(example)
    loser, winner = [row for row in views if row[0].equilibrium.stable and row[1].rate > 1.0][0]
    assert loser.eta_eff == pytest.approx(-15.43, abs=0.01)
    assert loser.eta_eff < well_threshold(MPR(J=example.J))
    assert loser.homogeneous == [] and not loser.has_well  # delta = 0: no equilibrium at all
    assert (
        len(loser.heterogeneous) == 1 and loser.frozen_point.kind == "stable node"
    )  # delta = 1: the low state
    # the winner does sit near the bottom of a well of U
    assert winner.well.bottom.r == pytest.approx(winner.rate, rel=2e-3)


def test_the_frozen_views_get_the_saddles_but_miss_the_collective_mode(example):
    """What the eigenvalues say: at each saddle of the full model the higher population's frozen view is
    a saddle as well (growth rates within 10 %), but at the state with both populations low the full
    model's slowest decay (the mode in which the two move in opposite directions) is over 30 % slower
    than the frozen views predict."""
    views = frozen_partner_views(example)
    saddles = [row for row in views if row[0].equilibrium.kind == "saddle"]
    assert len(saddles) == 2
    for row in saddles:
        growth = max(row[0].equilibrium.eigenvalues.real)
        frozen = [max(view.frozen_point.eigenvalues.real) for view in row]
        assert growth > 0 and max(frozen) == pytest.approx(growth, rel=0.1) and min(frozen) < 0
    both_low = [row for row in views if row[0].equilibrium.kind == "stable node"][0]
    relaxation = frozen_relaxation(both_low[0])
    assert relaxation.rate_frozen > 1.3 * relaxation.rate_full


@pytest.mark.parametrize(("state", "k"), [("both low", 0), ("winner", 0)])
def test_the_relaxation_runs_decay_at_the_eigenvalues(example, state, k):
    """Independent of the Jacobians: the decay rate fitted to log |r_k - r*| over t = 3..6 of the two
    runs (DOP853, rtol 1e-9; deviations > 1e-7) is the slowest rate of the full and the frozen
    linearisation within 5 % (the faster modes have decayed by exp(-3 * 1.4) ~ 1 %). For the winner
    the deviations ring; their envelope's rate is fitted from the peaks."""
    views = frozen_partner_views(example)
    row = (
        [r for r in views if r[0].equilibrium.kind == "stable node"][0] if state == "both low" else views[-1]
    )
    relaxation = frozen_relaxation(row[k], t_end=8.0, samples=801)
    window = (relaxation.t >= 3.0) & (relaxation.t <= 6.0)
    for deviation, rate in (
        (relaxation.full, relaxation.rate_full),
        (relaxation.frozen, relaxation.rate_frozen),
    ):
        t, y = relaxation.t[window], np.abs(deviation[window])
        if state == "winner":
            peaks = np.flatnonzero((y[1:-1] > y[:-2]) & (y[1:-1] > y[2:])) + 1
            t, y = t[peaks], y[peaks]
        assert -np.polyfit(t, np.log(y), 1)[0] == pytest.approx(rate, rel=0.05)
    assert relaxation.full[0] == relaxation.frozen[0] == pytest.approx(0.05 * row[k].rate)
    with pytest.raises(ValueError, match="kick must be != 0"):
        frozen_relaxation(row[k], kick=0.0)
    with pytest.raises(TypeError, match="view must be a FrozenView"):
        frozen_relaxation("view")
