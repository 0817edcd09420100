"""Every figure is compared with its committed baseline: pixels and key numbers.

Refresh the baselines on purpose with ``make baselines`` after a deliberate change.
"""

import json
import math
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from nmmtools.figures import FIGURES, phase_portrait, potential_well
from nmmtools.figures.gallery import gallery_markdown

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "baseline"
DPI = 60  # as BASELINE_DPI in conftest.py and `make baselines`
IMAGE_TOLERANCE = 3.0
"""RMS difference allowed, on the 0-255 grey scale. With matplotlib pinned and its
bundled DejaVu fonts, the same figure differs between machines only by anti-aliasing
of a few edge pixels (RMS well below 1); moving a parameter by a few percent moves
curves by many pixels (RMS > 5, see the perturbation tests)."""
RELATIVE, ABSOLUTE = 1e-6, 1e-8
"""Key numbers must agree to 1e-6 relative, or 1e-8 absolute for numbers that are small
differences (prediction errors). They come from integrations at rtol <= 1e-9: another
floating-point path moves a state by ~1e-9 relative, a number of size x by ~1e-9 x and a
difference of two such numbers by ~1e-9; the tolerances leave a margin of 10 or more
above that and stay far below what a change of a parameter does (the perturbation tests).
Numbers at the level of an integrator's error or of rounding (drifts of 1e-10) are not
compared digit by digit: the figure declares a bound for them (``FigureResult.bounds``),
and both the baseline and the fresh value must lie below it."""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fresh(figure_session):
    """The PNG files and manifest written when the session made the figures (``tests/conftest.py``)."""
    _, folder, manifest = figure_session
    return folder, manifest


def baseline_manifest():
    return json.loads((BASELINE / "manifest.json").read_text())


def above(values, bound, where):
    """Paths at which numbers exceed their bound (a float, or a dict of bounds)."""
    if isinstance(bound, dict):
        return [m for key in bound for m in above(values[key], bound[key], f"{where}.{key}")]
    if isinstance(values, dict):
        return [m for key in values for m in above(values[key], bound, f"{where}.{key}")]
    if isinstance(values, list):
        return [m for i, value in enumerate(values) for m in above(value, bound, f"{where}[{i}]")]
    return [] if abs(values) <= bound else [f"{where}: {values} exceeds its bound {bound}"]


def mismatches(expected, actual, where="", bounds=None):
    """Paths at which two JSON-like values differ beyond the tolerances."""
    if bounds:
        checked = {key: value for key, value in expected.items() if key not in bounds}
        fresh = {key: value for key, value in actual.items() if key not in bounds}
        limits = [m for key in bounds for m in above(actual[key], bounds[key], f"{where}.{key}")]
        limits += [
            m for key in bounds for m in above(expected[key], bounds[key], f"{where}.{key} (baseline)")
        ]
        return limits + mismatches(checked, fresh, where)
    if isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            return [f"{where}: keys {sorted(expected)} != {sorted(actual)}"]
        return [m for key in expected for m in mismatches(expected[key], actual[key], f"{where}.{key}")]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: length {len(expected)} != {len(actual)}"]
        return [
            m
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for m in mismatches(e, a, f"{where}[{i}]")
        ]
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        close = math.isclose(expected, actual, rel_tol=RELATIVE, abs_tol=ABSOLUTE)
        return [] if close else [f"{where}: {expected} != {actual}"]
    return [] if expected == actual else [f"{where}: {expected!r} != {actual!r}"]


def test_every_figure_has_a_baseline_and_no_baseline_is_stale():
    baselines = {path.stem for path in BASELINE.glob("*.png")}
    assert baselines == set(FIGURES), "run `make baselines` after adding or removing a figure"
    assert set(baseline_manifest()["figures"]) == set(FIGURES)


UNDETERMINED = {
    "hamiltonian-conservation": (
        "draws the running maximum of DOP853's energy error at rtol 1e-8 and 1e-10: an adaptive "
        "method's error follows its sequence of accepted steps, and round-off flips accept/reject "
        "decisions, so on another floating-point path (make test-portable) these curves step at "
        "other times and end 10-15 % apart (1.23e-9 against 1.40e-9 at rtol 1e-8). Its numbers are "
        "checked against their bounds below, and test_figure_content checks what it shows."
    ),
}
"""Figures whose pixels depend on the floating-point path, each with the reason."""

COMPARED = [
    figure_id for figure_id, spec in FIGURES.items() if not spec.timed and figure_id not in UNDETERMINED
]
"""Figures whose pixels the mathematics determines: all but those that draw CPU times and
the :data:`UNDETERMINED` ones."""


@pytest.mark.parametrize("figure_id", COMPARED)
def test_figure_matches_its_baseline_image(fresh, figure_id):
    folder, _ = fresh
    difference = compare_images(
        str(BASELINE / f"{figure_id}.png"), str(folder / f"{figure_id}.png"), IMAGE_TOLERANCE
    )
    assert difference is None, difference


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_figure_numbers_and_parameters_match_the_baseline(fresh, figure_id):
    _, manifest = fresh
    expected = baseline_manifest()["figures"][figure_id]
    actual = manifest["figures"][figure_id]
    assert expected["bounds"] == actual["bounds"]
    for key in ("title", "chapter", "parameters"):
        assert not mismatches(expected[key], actual[key], key), mismatches(expected[key], actual[key], key)
    if FIGURES[figure_id].timed:  # CPU times and what depends on them: only the bounds hold everywhere
        problems = [
            m for key, bound in actual["bounds"].items() for m in above(actual["numbers"][key], bound, key)
        ]
    else:
        problems = mismatches(expected["numbers"], actual["numbers"], "numbers", bounds=actual["bounds"])
    assert not problems, problems


def test_a_bounded_number_fails_above_its_bound_and_passes_below_whatever_its_digits():
    bounds = {"drift": {"a": 1e-8}}
    assert not mismatches({"drift": {"a": 3e-10}, "x": 1.0}, {"drift": {"a": 7e-9}, "x": 1.0}, bounds=bounds)
    assert mismatches({"drift": {"a": 3e-10}, "x": 1.0}, {"drift": {"a": 2e-8}, "x": 1.0}, bounds=bounds)
    assert mismatches({"drift": {"a": 3e-10}, "x": 1.0}, {"drift": {"a": 3e-10}, "x": 1.1}, bounds=bounds)


def test_a_perturbed_figure_fails_the_image_comparison(tmp_path):
    """The guard must be able to fail: eta moved by 4% changes the picture beyond tolerance."""
    perturbed = tmp_path / "perturbed.png"
    phase_portrait(eta=-4.8).figure.savefig(perturbed, dpi=DPI)
    difference = compare_images(
        str(BASELINE / "hamiltonian-phase-portrait.png"), str(perturbed), IMAGE_TOLERANCE
    )
    assert difference is not None and "did not match" in difference


def test_perturbed_numbers_fail_the_number_comparison():
    expected = baseline_manifest()["figures"]["hamiltonian-potential"]["numbers"]
    assert mismatches(expected, potential_well(eta=-4.8).numbers)
    assert not mismatches(expected, potential_well().numbers)


def test_the_gallery_page_is_up_to_date():
    assert (ROOT / "book" / "gallery.md").read_text() == gallery_markdown(), "run `make baselines`"
