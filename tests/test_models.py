"""Each model states its equations once: the fast closures the integrators call equal ``rhs``."""

import numpy as np
import pytest

from nmmtools import MPR, AdaptiveMPR, MutualInhibition, SynapticMPR, pulse, simulate
from nmmtools.models.mpr import field

RNG = np.random.default_rng(2)


def random_states(size, count=50):
    states = RNG.normal(0.0, 2.0, (count, size))
    states[:, 0] = RNG.uniform(0.05, 3.0, count)
    return states


@pytest.mark.parametrize("model", [MPR(), MPR(delta=0.7, eta=2.0, J=-3.0, tau=1.7)])
def test_mpr_closures_equal_rhs_in_both_times(model):
    kick = pulse(start=0.0, duration=10.0, amplitude=1.3)
    physical, rescaled = model.closures(kick)
    for r, v in random_states(2):
        t = float(RNG.uniform(0.0, 5.0))
        expected = model.rhs(t, (r, v), kick)
        np.testing.assert_allclose(physical(t, np.array([r, v, 0.0]))[:2], expected, rtol=1e-14)
        np.testing.assert_allclose(physical(t, np.array([r, v, 0.0]))[2], r * r, rtol=1e-14)
        np.testing.assert_allclose(rescaled(0.0, np.array([r, v, t]))[:2], expected / r**2, rtol=1e-14)
        np.testing.assert_allclose(rescaled(0.0, np.array([r, v, t]))[2], 1 / r**2, rtol=1e-14)


def test_the_field_by_hand():
    drdt, dvdt = field(1.0, 0.5, -5.0, 1.0, 15.0, 2.0)
    assert drdt == pytest.approx((1.0 / (2 * np.pi) + 1.0) / 2.0)
    assert dvdt == pytest.approx((0.25 - 5.0 + 30.0 - (2 * np.pi) ** 2) / 2.0)


@pytest.mark.parametrize(
    ("model", "size"),
    [(AdaptiveMPR(), 3), (SynapticMPR(), 3), (MutualInhibition(), 4), (MutualInhibition(n=3, eta=0.5), 6)],
)
def test_model_closures_equal_rhs(model, size):
    inputs = [0.0] * model.n if isinstance(model, MutualInhibition) else 0.7
    closure = model.closure(inputs)
    for state in random_states(size):
        rates = list(model.rates)
        state[rates] = np.abs(state[rates]) + 0.05
        np.testing.assert_allclose(closure(1.0, state), model.rhs(1.0, state, inputs), rtol=1e-14)


@pytest.mark.parametrize(
    ("model", "y0", "drive"),
    [
        (AdaptiveMPR(delta=0.4), (0.8, -0.2, 1.5), lambda y: -y[2]),
        (SynapticMPR(delta=0.4), (0.8, -0.2, 1.5), lambda y: SynapticMPR().J * y[2]),
    ],
)
def test_models_contain_the_mpr_population(model, y0, drive):
    """The (r, v) part of each model is the MPR field with the model's drive folded into eta."""
    y = np.array(y0)
    population, folded = model.frozen(np.zeros(1), y[:, None], None)
    expected = population.rhs(0.0, y[:2], float(drive(y)))
    np.testing.assert_allclose(model.rhs(0.0, y)[:2], expected, rtol=1e-13)
    np.testing.assert_allclose(folded, [drive(y)], rtol=1e-14)


def test_mutual_inhibition_folds_the_partners_into_eta():
    model = MutualInhibition()
    y = np.array([1.1, 0.2, 0.3, -0.4])
    population, drive = model.frozen(np.zeros(1), y[:, None], None)
    np.testing.assert_allclose(drive[:, 0], [-model.Jc * 0.3, -model.Jc * 1.1])
    for k in range(2):
        expected = population.rhs(0.0, y[2 * k : 2 * k + 2], float(drive[k, 0]))
        np.testing.assert_allclose(model.rhs(0.0, y)[2 * k : 2 * k + 2], expected, rtol=1e-13)


def test_one_simulate_for_every_model():
    for model, y0 in [
        (MPR(delta=1.0), (0.1, -2.0)),
        (AdaptiveMPR(), (0.1, -2.0, 0.0)),
        (SynapticMPR(), (0.5, 0.0, 0.5)),
        (MutualInhibition(), (1.2, 0.0, 0.05, -1.0)),
    ]:
        run = simulate(model, y0, (0.0, 1.0))
        assert run.model is model and run.y.shape[0] == len(y0) + (model.__class__ is MPR)
        assert np.all(np.isfinite(run.energy()))
