"""Checks on the project's set-up files: they must agree with each other."""

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


OPTIONAL_EXTRAS = {"bench"}
"""Extras that environment.yml leaves out: the benchmark's peer packages are heavy and
only `make bench` needs them, not Binder readers or CI."""


def normalise(name):
    return re.sub(r"[-_.]+", "-", name.lower())


def split_requirement(requirement):
    """``("numpy", ">=2.4.6,<3")`` from ``"numpy>=2.4.6,<3"``."""
    name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
    return normalise(name), requirement[len(name) :].split(";")[0].strip()


def pyproject_requirements(include_optional=False):
    """The requirements of the library and its extras, without the self-references (nmmtools[notebook])."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for name, extra in project["optional-dependencies"].items():
        if include_optional or name not in OPTIONAL_EXTRAS:
            requirements.extend(extra)
    return [requirement for requirement in requirements if not requirement.startswith("nmmtools")]


def locked_versions():
    """``{name: version}`` from constraints.txt."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[normalise(name)] = version
    return pins


def environment_pins():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    pins = {}
    for requirement in pip_section:
        if not requirement.startswith("-e"):
            name, version = requirement.split("==")
            pins[normalise(name)] = version
    return pins


def test_every_package_of_the_environment_is_locked_exactly():
    lines = [
        line.strip()
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) > 50, "constraints.txt must lock the whole environment, not only direct dependencies"
    for line in lines:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.+!]*", line), line


def test_dependencies_are_ranges_from_the_locked_version_to_the_next_major():
    """A course environment with newer packages must be able to install nmmtools (no ``==`` pins)."""
    pins = locked_versions()
    for requirement in pyproject_requirements():
        name, specifier = split_requirement(requirement)
        assert name in pins, f"{name} is not locked in constraints.txt"
        version = pins[name]
        major = int(version.split(".")[0])
        assert specifier == f">={version},<{major + 1}", (
            f"{requirement}: want >={version},<{major + 1} (the tested version up to the next major)"
        )


def test_environment_pins_the_direct_dependencies_at_the_locked_versions():
    pins, environment = locked_versions(), environment_pins()
    direct = {split_requirement(requirement)[0] for requirement in pyproject_requirements()}
    assert set(environment) == direct
    for name, version in environment.items():
        assert version == pins[name], f"environment.yml has {name}=={version}, constraints.txt {pins[name]}"


def test_make_installs_with_the_constraints():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line and "-e " in line]
    assert installs and all("-c constraints.txt" in line for line in installs if ".lock-venv" not in line)


def test_environment_installs_the_package_and_python_version_agrees():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert "-e ." in pip_section
    python = next(
        item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python")
    )
    minimum = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python.split("=")[-1] == minimum.removeprefix(">=")


def test_ci_runs_exactly_the_readme_test_command():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in commands if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]
    assert "make test" in (ROOT / "README.md").read_text()


def test_every_notebook_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    for notebook in (ROOT / "book").glob("*.ipynb"):
        assert f"book/{notebook.stem}" in toc, notebook.name


def test_notebooks_are_committed_executed():
    """nbval compares outputs with the committed ones: a notebook without outputs guards nothing."""
    for notebook in (ROOT / "book").glob("*.ipynb"):
        cells = [cell for cell in json.loads(notebook.read_text())["cells"] if cell["cell_type"] == "code"]
        counts = [cell["execution_count"] for cell in cells]
        assert None not in counts, f"{notebook.name} has unexecuted cells: run `make notebooks`"
        assert counts == list(range(1, len(cells) + 1)), f"{notebook.name} was not run top to bottom"


def workflow(name):
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def run_commands(parsed):
    return [step["run"] for job in parsed["jobs"].values() for step in job.get("steps", []) if "run" in step]


def test_pages_workflow_builds_with_make_book_and_publishes_the_html():
    parsed = workflow("book.yml")
    triggers = parsed[True] if True in parsed else parsed["on"]  # YAML 1.1 reads `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "make book" in run_commands(parsed)
    uploads = [
        step
        for job in parsed["jobs"].values()
        for step in job["steps"]
        if "upload-pages" in step.get("uses", "")
    ]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"
    assert any("deploy-pages" in step.get("uses", "") for step in parsed["jobs"]["deploy"]["steps"])


def test_ci_workflow_runs_make_test_on_pull_requests_with_chromium():
    parsed = workflow("tests.yml")
    triggers = parsed[True] if True in parsed else parsed["on"]
    assert "pull_request" in triggers
    commands = run_commands(parsed)
    assert "make test" in commands
    assert any("chromium" in command and "chromium-driver" in command for command in commands)


def test_launch_buttons_point_at_the_one_repository_url():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url)
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert url not in (ROOT / "_config.yml").read_text().replace(url, "", 1), (
        "set the repository URL in one place"
    )


def test_every_chapter_starts_with_the_install_cell_from_the_one_repository_url():
    """The first code cell installs nmmtools from the URL of _config.yml, hidden on the page."""
    from scripts.install_cell import install_cell_source, is_install_cell, repository_url

    expected = install_cell_source(repository_url())
    assert repository_url() == yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    for notebook in (ROOT / "book").glob("*.ipynb"):
        cells = [cell for cell in json.loads(notebook.read_text())["cells"] if cell["cell_type"] == "code"]
        assert cells and is_install_cell(cells[0]), f"{notebook.name}: run `make notebooks`"
        assert "".join(cells[0]["source"]) == expected, f"{notebook.name}: run `make notebooks`"
        assert "remove-cell" in cells[0]["metadata"]["tags"]
        assert cells[0]["outputs"] == []


def test_the_install_cell_does_nothing_where_nmmtools_is_installed(monkeypatch):
    """In the test environment the cell must not call pip; where nmmtools is missing it must."""
    import importlib.util
    import subprocess

    from scripts.install_cell import install_cell_source

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append(args))
    source = install_cell_source("https://github.com/example/book")
    exec(compile(source, "install-cell", "exec"), {})
    assert calls == []
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    exec(compile(source, "install-cell", "exec"), {})
    assert calls and "nmmtools[notebook] @ git+https://github.com/example/book" in calls[0][0]


def test_the_api_page_is_generated_from_all():
    import nmmtools
    from scripts.api_page import api_markdown

    text = (ROOT / "book" / "api.md").read_text()
    assert text == api_markdown(), "run `make api`"
    documented = re.findall(r"^\.\. auto(?:class|function|exception):: nmmtools\.(\w+)$", text, flags=re.M)
    assert sorted(documented) == sorted(nmmtools.__all__)


def test_one_version_in_the_package_the_citation_and_the_changelog():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["version"] == version
    releases = re.findall(
        r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", (ROOT / "CHANGELOG.md").read_text(), re.M
    )
    assert releases and releases[0] == (version, str(citation["date-released"]))
    from importlib import metadata

    assert metadata.version("nmmtools") == version, (
        "reinstall the package: `make` does it when pyproject changes"
    )


def test_every_chapter_draws_sharp_figures():
    """Figures are 2x PNGs (retina) on the site: legible on high-density phone screens."""
    for notebook in (ROOT / "book").glob("*.ipynb"):
        cells = [cell for cell in json.loads(notebook.read_text())["cells"] if cell["cell_type"] == "code"]
        sources = ["".join(cell["source"]) for cell in cells]
        if any(".figure" in source for source in sources):
            retina = 'InlineBackend.figure_formats = ["retina"]'
            assert any(retina in source for source in sources), notebook.name
