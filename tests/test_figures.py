import inspect
from pathlib import Path

import pytest

from nmmtools.energy import potential
from nmmtools.figures import FIGURES, FigureResult, potential_well, register
from nmmtools.figures.hamiltonian import right_turning_point, well
from nmmtools.mpr import MPR

BOOK = Path(__file__).resolve().parents[1] / "book"


def test_every_figure_belongs_to_a_chapter_of_the_book():
    chapters = {path.stem for path in BOOK.glob("*.ipynb")}
    assert FIGURES
    for spec in FIGURES.values():
        assert spec.chapter in chapters, spec.id


def test_figure_functions_take_keyword_parameters_with_defaults():
    for spec in FIGURES.values():
        for parameter in inspect.signature(spec.make).parameters.values():
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (spec.id, parameter.name)
            assert parameter.default is not inspect.Parameter.empty, (spec.id, parameter.name)


def test_ids_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):
        register(next(iter(FIGURES)), title="again", chapter="intro")(lambda: None)


def test_a_figure_returns_its_numbers():
    result = potential_well()
    assert isinstance(result, FigureResult)
    assert result.numbers["r_saddle"] < result.numbers["r_centre"]
    assert result.numbers["depth"] == pytest.approx(result.numbers["U_saddle"] - result.numbers["U_centre"])


def test_a_model_without_a_well_is_a_clear_error():
    with pytest.raises(ValueError, match="no potential well"):
        potential_well(eta=5.0)
    with pytest.raises(ValueError, match="defined for delta = 0"):
        well(MPR(delta=1.0))


def test_right_turning_point_lies_on_the_level():
    model = MPR()
    saddle, centre = well(model)
    level = 0.5 * float(potential(model, saddle.r) + potential(model, centre.r))
    turn = right_turning_point(model, level)
    assert turn > centre.r
    assert float(potential(model, turn)) == pytest.approx(level, rel=1e-12)
