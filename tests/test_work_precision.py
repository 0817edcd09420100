import pytest

from nmmtools import MPR, work_precision


def test_each_method_gains_accuracy_with_work_and_the_splitting_is_cheapest():
    """Errors fall with the step or tolerance; at matched accuracy the explicit splitting costs far less
    CPU time than the implicit Gauss-Legendre method (a factor ~100 here; 5 leaves room for a loaded
    machine: CPU time, not wall time, is measured)."""
    settings = {
        "splitting": [{"method": "splitting", "order": 8, "step": step} for step in (0.25, 0.1)],
        "gauss": [{"method": "gauss-legendre", "step": 0.05}],
        "dop853": [{"method": "DOP853", "rtol": rtol, "atol": rtol * 1e-2} for rtol in (1e-6, 1e-9)],
    }
    points = work_precision(MPR(), (1.2, 0.0), 40.0, settings=settings)
    by_method = {}
    for point in points:
        by_method.setdefault(point.method, []).append(point)
    assert by_method["splitting"][1].error < by_method["splitting"][0].error
    assert by_method["dop853"][1].error < by_method["dop853"][0].error
    assert by_method["splitting"][1].error < 1e-10 and by_method["gauss"][0].error < 1e-10
    assert 5 * by_method["splitting"][1].seconds < by_method["gauss"][0].seconds


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": MPR(delta=1.0)}, "conserved only for delta = 0"),
        ({"s_end": -1.0}, "s_end must be > 0"),
        ({"repeats": 0}, "repeats must be an integer >= 1"),
        ({"spacing": 0.0}, "spacing must be > 0"),
    ],
)
def test_bad_input(kwargs, message):
    arguments = {"model": MPR(), "y0": (1.2, 0.0), "s_end": 1.0} | kwargs
    with pytest.raises(ValueError, match=message):
        work_precision(arguments.pop("model"), arguments.pop("y0"), arguments.pop("s_end"), **arguments)
