import numpy as np
import pytest

from nmmtools import pulse, pulse_train, ramp, sinusoid, step
from nmmtools.inputs import evaluate, shortest


def test_pulse_is_on_from_start_for_its_duration():
    kick = pulse(start=1.0, duration=2.0, amplitude=3.0)
    times = np.array([0.999, 1.0, 2.999, 3.0])
    assert [kick(t) for t in times] == [0.0, 3.0, 3.0, 0.0]
    np.testing.assert_array_equal(evaluate(kick, times), [0.0, 3.0, 3.0, 0.0])
    assert kick.shortest == 2.0


def test_scalar_and_array_evaluation_agree():
    t = np.linspace(-5.0, 60.0, 1301)
    for current in (
        pulse_train([(1.0, 2.0, 3.0), (10.0, 5.0, -1.0)]),
        ramp(duration=20.0, top=4.0),
        sinusoid(amplitude=3.0, period=200.0, mean=-5.0, phase=0.3),
        step(start=2.0, amplitude=1.5),
    ):
        np.testing.assert_allclose(evaluate(current, t), [current(x) for x in t], rtol=1e-15, atol=0)


def test_evaluate_accepts_constants_functions_and_one_input_per_population():
    t = np.array([0.0, 1.0, 2.0])
    np.testing.assert_array_equal(evaluate(None, t), 0.0)
    np.testing.assert_array_equal(evaluate(2.5, t), 2.5)
    np.testing.assert_array_equal(evaluate(lambda x: x**2, t), [0.0, 1.0, 4.0])
    both = evaluate([0.0, pulse(start=1.0, duration=1.0, amplitude=2.0)], t)
    np.testing.assert_array_equal(both, [[0.0, 0.0, 0.0], [0.0, 2.0, 0.0]])


def test_shortest_time_scale():
    assert shortest(None) == np.inf and shortest(1.0) == np.inf
    assert shortest(lambda t: t) == np.inf
    assert (
        shortest([0.0, pulse(start=0, duration=3, amplitude=1), pulse(start=0, duration=2, amplitude=1)]) == 2
    )


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: pulse(start=0.0, duration=0.0, amplitude=1.0), ValueError, "duration must be > 0"),
        (lambda: pulse(start=np.nan, duration=1.0, amplitude=1.0), ValueError, "start must be finite"),
        (lambda: sinusoid(amplitude=1.0, period=-2.0), ValueError, "period must be > 0"),
        (lambda: ramp(duration=1.0, top="a"), TypeError, "top must be a real number"),
        (lambda: pulse_train([]), ValueError, "pulses must be a non-empty sequence"),
        (
            lambda: pulse_train([(1.0, 2.0)]),
            ValueError,
            r"pulses\[0\] must be \(start, duration, amplitude\)",
        ),
    ],
)
def test_bad_input_names_the_argument(make, error, message):
    with pytest.raises(error, match=message):
        make()
