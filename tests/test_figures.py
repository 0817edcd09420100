import ast
import inspect
import json
from pathlib import Path

import pytest

from nmmtools.figures import FIGURES, FigureResult, potential_well, register

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
    with pytest.raises(ValueError, match="no potential well"):
        potential_well(eta=-50.0)


INFRASTRUCTURE = {"nmmtools.figures.registry", "nmmtools.figures.export", "nmmtools.figures.gallery"}


def figure_imports(source):
    """``(module, name)`` for every name imported from ``nmmtools.figures`` in Python source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nmmtools.figures"):
            yield from ((node.module, alias.name) for alias in node.names)


def code_of(path):
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        lines = [
            line
            for cell in cells
            if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines()
            if not line.lstrip().startswith(("%", "!"))
        ]
        return "\n".join(lines)
    return path.read_text()


def test_tests_and_notebooks_do_not_import_analysis_from_the_figures_package():
    """Figures only draw: what they compute is in the package, where tests and chapters take it from.

    From ``nmmtools.figures`` only figure functions (registered) and the registry's own
    objects may be imported; from its submodules only the export and gallery machinery.
    """
    root = BOOK.parent
    figure_functions = {spec.make.__name__ for spec in FIGURES.values()}
    for path in [*root.glob("tests/*.py"), *root.glob("book/*.ipynb"), *root.glob("benchmarks/*.py")]:
        for module, name in figure_imports(code_of(path)):
            if module == "nmmtools.figures":
                assert name in figure_functions | {"FIGURES", "FigureResult", "FigureSpec", "register"}, (
                    f"{path.name} imports {name} from nmmtools.figures"
                )
            else:
                assert module in INFRASTRUCTURE, f"{path.name} imports {name} from {module}"
